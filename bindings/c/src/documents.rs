//! Document-level functions that need no engine: validation reports, JSON Schemas, and freeing
//! the strings the library hands out.

use std::ffi::{CString, c_char};

use kompetence_core::document::DocumentKind;
use kompetence_core::{schema, validate};
use serde::Serialize;

use crate::error::{Failure, kompetence_error};
use crate::ffi::{boundary, boundary_or, cstr_arg, json_out, out_arg, str_arg, write_out};
use crate::result::{KOMPETENCE_RESULT_INVALID_ARGUMENT, kompetence_result};

/// The name of the question bank's schema: not a document of an engine, but read by
/// `kompetence_engine_review_with_questions`.
const QUESTION_BANK: &str = "question-bank";

/// The kinds `kompetence_validate` reads.
const DOCUMENT_KINDS: &str = "organisation, catalog, policy or evaluations";

/// A document kind named by the caller; `expected` lists the names the call accepts.
fn kind_arg(name: &str, argument: &str, expected: &str) -> Result<DocumentKind, Failure> {
    DocumentKind::from_name(name).ok_or_else(|| {
        Failure::argument(
            KOMPETENCE_RESULT_INVALID_ARGUMENT,
            argument,
            format!("unknown document kind {name:?}; expected {expected}"),
        )
        .with_value(serde_json::Value::from(name).to_string())
    })
}

/// Checks one document on its own and reports every problem found, as JSON:
/// `{"document": "<kind>" | null, "valid": true|false, "problems": [{"document", "path",
/// "value", "message"}, …]}`.
///
/// An invalid document — including text that is not JSON — is a *successful* call with
/// `"valid": false`: the caller asked for a report. Errors are reserved for unusable arguments:
/// NULL pointers, bytes that are not UTF-8, an unknown `kind`.
///
/// `kind` is `"organisation"`, `"catalog"`, `"policy"` or `"evaluations"`, or NULL to detect it
/// from the top-level keys (`"document"` is null when it cannot be told). References into other
/// documents are not checked here; `kompetence_engine_new` checks the documents together.
/// On success `*out_json` receives a string to free with `kompetence_string_free`.
///
/// # Safety
/// A non-NULL `document` is readable for `document_len` bytes; a non-NULL `kind` is
/// NUL-terminated; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_validate(
    document: *const u8,
    document_len: usize,
    kind: *const c_char,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    #[derive(Serialize)]
    struct ProblemJson<'a> {
        document: Option<&'a str>,
        path: &'a str,
        value: &'a str,
        message: &'a str,
    }
    #[derive(Serialize)]
    struct Report<'a> {
        document: Option<&'a str>,
        valid: bool,
        problems: Vec<ProblemJson<'a>>,
    }
    boundary(err, || {
        // SAFETY: readable for `document_len` bytes when non-NULL (caller).
        let text = unsafe { str_arg(document, document_len, "document") }?;
        let kind = if kind.is_null() {
            None
        } else {
            // SAFETY: non-NULL and NUL-terminated (caller).
            Some(kind_arg(unsafe { cstr_arg(kind, "kind") }?, "kind", DOCUMENT_KINDS)?)
        };
        out_arg(out_json, "out_json")?;
        let (kind, problems) = validate::validate_text(text, kind);
        let report = Report {
            document: kind.map(DocumentKind::as_str),
            valid: problems.is_empty(),
            problems: problems
                .iter()
                .map(|p| ProblemJson {
                    document: p.document,
                    path: &p.path,
                    value: &p.value,
                    message: &p.message,
                })
                .collect(),
        };
        let json = json_out(&report)?;
        // SAFETY: checked non-NULL above; writable (caller).
        unsafe { write_out(out_json, json) };
        Ok(())
    })
}

/// The JSON Schema (draft 2020-12) of a document kind: `"organisation"`, `"catalog"`,
/// `"policy"`, `"evaluations"` or `"question-bank"` (the bank of
/// `kompetence_engine_review_with_questions`, as `kompetence schema question-bank` prints it;
/// anything else is `KOMPETENCE_RESULT_INVALID_ARGUMENT`).
/// On success `*out_json` receives a string to free with `kompetence_string_free`.
///
/// # Safety
/// A non-NULL `document_kind` is NUL-terminated; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_schema(
    document_kind: *const c_char,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    boundary(err, || {
        // SAFETY: non-NULL and NUL-terminated when given (caller).
        let name = unsafe { cstr_arg(document_kind, "document_kind") }?;
        let schema = if name == QUESTION_BANK {
            kompetence_core::review::QuestionBank::schema()
        } else {
            schema::schema_for(kind_arg(
                name,
                "document_kind",
                "organisation, catalog, policy, evaluations or question-bank",
            )?)
        };
        out_arg(out_json, "out_json")?;
        let json = json_out(&schema)?;
        // SAFETY: checked non-NULL above; writable (caller).
        unsafe { write_out(out_json, json) };
        Ok(())
    })
}

/// Frees a string returned by this library (every `char **out_json`). NULL is a no-op. Never
/// pass strings from `kompetence_error_*` or `kompetence_version` here: those belong to their
/// error or are static.
///
/// # Safety
/// `s` is NULL or a string from this library's `out_json` parameters, not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_string_free(s: *mut c_char) {
    boundary_or((), || {
        if !s.is_null() {
            // SAFETY: a non-NULL `s` came from `CString::into_raw` in `ffi::json_out` and the
            // caller gives up ownership now.
            drop(unsafe { CString::from_raw(s) });
        }
    })
}

/// Property-tests a policy, as `kompetence policy test` does: `cases` generated cases from
/// `seed`, each recommended and checked against the policy's assertions and the built-in
/// invariants; a failure is shrunk to a minimal counterexample. Writes the report as JSON:
/// `{"seed", "cases", "source", "people_checked", "paths_checked", "steps_checked",
/// "assertions", "invariants", "counterexample": null | {"organisation", "catalog",
/// "violations", "recommendation", "explanation": {"da", "en"}}}`. A failing policy is a
/// *successful* call with a non-null `counterexample`; an invalid policy (a rule that does not
/// compile) is `KOMPETENCE_RESULT_VALIDATION`. `cases` is at least 1: 0 would check nothing and
/// always pass, and is `KOMPETENCE_RESULT_INVALID_ARGUMENT` with path `cases`.
///
/// `organisation` and `catalog` may be NULL (length 0): cases are then generated organisations;
/// with an organisation, cases are subsets of its employees (and of the catalog's activities).
/// The same seed gives the same bytes. On success `*out_json` receives a string to free with
/// `kompetence_string_free`.
///
/// # Safety
/// Each non-NULL document pointer is readable for its length; `out_json` and `err` are NULL or
/// writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kompetence_policy_check(
    policy: *const u8,
    policy_len: usize,
    organisation: *const u8,
    organisation_len: usize,
    catalog: *const u8,
    catalog_len: usize,
    cases: u32,
    seed: u64,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    use kompetence_core::document;
    boundary(err, || {
        // SAFETY (all three reads): each non-NULL pointer is readable for its length (caller).
        let policy = unsafe { str_arg(policy, policy_len, "policy") }?;
        let org = if organisation.is_null() {
            None
        } else {
            Some(unsafe { str_arg(organisation, organisation_len, "organisation") }?)
        };
        let catalog =
            if catalog.is_null() { None } else { Some(unsafe { str_arg(catalog, catalog_len, "catalog") }?) };
        out_arg(out_json, "out_json")?;
        let policy = document::parse_policy(policy)?;
        let org = org.map(document::parse_organisation).transpose()?;
        let catalog = catalog.map(document::parse_catalog).transpose()?;
        let report =
            kompetence_core::testing::check_policy(&policy, org.as_ref(), catalog.as_ref(), cases, seed)?;
        let json = json_out(&report)?;
        // SAFETY: checked non-NULL above; writable (caller).
        unsafe { write_out(out_json, json) };
        Ok(())
    })
}
