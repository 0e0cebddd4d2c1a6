//! # kompetence-python
//!
//! The native half of the Python package `kompetence`: the module `kompetence._native`.
//! It is deliberately thin: documents go in as JSON text, results come out as JSON text made by
//! serde, and the public Python layer (`python/kompetence/`) turns them into frozen objects and
//! pandas DataFrames. Errors become one exception class per `kompetence_core::ErrorKind`.
//!
//! Built by maturin (`bindings/python/pyproject.toml`); not a default workspace member, so a
//! plain `cargo test` never needs libpython.

#![deny(missing_docs)]

mod engine;
mod errors;
mod problem;
mod recommendations;

use kompetence_core::document::DocumentKind;
use kompetence_core::{Error, ErrorKind};
use pyo3::prelude::*;
use serde::Serialize;

/// Serialises a result; results are plain data, so this cannot fail except on a bug, and then
/// the message says so instead of panicking.
pub(crate) fn json_text<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| {
        serde_json::to_string(&format!("kompetence: result could not be serialised: {e}")).unwrap_or_default()
    })
}

/// A document kind by name, or `InvalidArgumentError`.
pub(crate) fn document_kind(py: Python<'_>, name: &str) -> PyResult<DocumentKind> {
    DocumentKind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.as_str()).collect();
        let err = Error::new(
            ErrorKind::InvalidArgument,
            kompetence_core::Problem::new(
                "kind",
                kompetence_core::error::json_string(name),
                format!("unknown document kind {name:?}; expected one of {}", names.join(", ")),
            ),
        );
        errors::to_pyerr(py, &err)
    })
}

/// The outcome of validating one document, as JSON for the Python layer.
#[derive(Serialize)]
struct Report<'a> {
    kind: Option<&'static str>,
    problems: &'a [kompetence_core::Problem],
}

/// Parses and checks one document given as JSON text, on its own. `kind` is detected from the
/// top-level keys when `None`. Returns `{"kind": ..., "problems": [...]}` as JSON.
#[pyfunction]
#[pyo3(signature = (text, kind = None))]
fn validate_json(py: Python<'_>, text: String, kind: Option<&str>) -> PyResult<String> {
    let kind = kind.map(|k| document_kind(py, k)).transpose()?;
    Ok(py.detach(|| {
        let (kind, problems) = kompetence_core::validate::validate_text(&text, kind);
        json_text(&Report { kind: kind.map(DocumentKind::as_str), problems: &problems })
    }))
}

/// The JSON Schema (draft 2020-12) of one document kind, as JSON text.
#[pyfunction]
fn schema_json(py: Python<'_>, kind: &str) -> PyResult<String> {
    let kind = document_kind(py, kind)?;
    Ok(json_text(&kompetence_core::schema::schema_for(kind)))
}

/// A language argument: `"da"` or `"en"`, anything else an `InvalidArgumentError` at `lang`.
pub(crate) fn lang_arg(py: Python<'_>, lang: &str) -> PyResult<kompetence_core::evaluation::Lang> {
    kompetence_core::evaluation::Lang::from_code(lang).map_err(|e| errors::to_pyerr(py, &e))
}

/// Renders an evaluation report given as JSON (from `Engine.evaluation_report_json`) as
/// Markdown in `lang` (`"da"` or `"en"`), so a report object needs no engine to print itself.
#[pyfunction]
fn evaluation_report_markdown(py: Python<'_>, report_json: &str, lang: &str) -> PyResult<String> {
    use kompetence_core::evaluation::EvaluationReport;
    let lang = lang_arg(py, lang)?;
    let report: EvaluationReport = serde_json::from_str(report_json).map_err(|e| {
        let err = Error::new(
            ErrorKind::InvalidArgument,
            kompetence_core::Problem::new("report", "", format!("not an evaluation report: {e}")),
        );
        errors::to_pyerr(py, &err)
    })?;
    Ok(py.detach(|| report.to_markdown(lang)))
}

/// Property-tests a policy (JSON text): `cases` generated cases from `seed`, shaped by the
/// organisation and catalog (JSON text) when given. Returns the `PolicyCheckReport` as JSON;
/// an invalid policy raises `ValidationError`, 0 cases `InvalidArgumentError` at `cases`.
#[pyfunction]
#[pyo3(signature = (policy, organisation = None, catalog = None, cases = 1000, seed = 0))]
fn check_policy_json(
    py: Python<'_>,
    policy: String,
    organisation: Option<String>,
    catalog: Option<String>,
    cases: u32,
    seed: u64,
) -> PyResult<String> {
    use kompetence_core::document;
    py.detach(|| -> kompetence_core::Result<String> {
        let policy = document::parse_policy(&policy)?;
        let org = organisation.as_deref().map(document::parse_organisation).transpose()?;
        let catalog = catalog.as_deref().map(document::parse_catalog).transpose()?;
        let report =
            kompetence_core::testing::check_policy(&policy, org.as_ref(), catalog.as_ref(), cases, seed)?;
        Ok(json_text(&report))
    })
    .map_err(|e| errors::to_pyerr(py, &e))
}

/// Builds (does not raise) the exception that a core error of `kind` (a snake_case kind name;
/// any other name gives the root class) with these `(path, value, message)` problems maps to.
/// For testing the mapping, which documents alone cannot reach for every kind.
#[pyfunction]
fn _error_for_testing(py: Python<'_>, kind: &str, problems: Vec<(String, String, String)>) -> PyErr {
    let problems: Vec<kompetence_core::Problem> = problems
        .into_iter()
        .map(|(path, value, message)| {
            kompetence_core::Problem::new(path, value, message).in_document("policy")
        })
        .collect();
    let known = [
        ErrorKind::Parse,
        ErrorKind::Validation,
        ErrorKind::UnsupportedVersion,
        ErrorKind::NotFound,
        ErrorKind::LimitExceeded,
        ErrorKind::InvalidArgument,
    ];
    match (known.into_iter().find(|k| k.as_str() == kind), problems.split_first()) {
        (Some(ErrorKind::Validation), Some(_)) => errors::to_pyerr(py, &Error::validation(problems)),
        (Some(k), Some((first, _))) => errors::to_pyerr(py, &Error::new(k, first.clone())),
        (Some(k), None) => {
            errors::to_pyerr(py, &Error::new(k, kompetence_core::Problem::new("", "", "test")))
        }
        (None, _) => errors::internal(py, kind),
    }
}

/// The native module `kompetence._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    let kinds: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.as_str()).collect();
    m.add("DOCUMENT_KINDS", pyo3::types::PyTuple::new(m.py(), kinds)?)?;
    errors::register(m)?;
    m.add_class::<problem::Problem>()?;
    m.add_class::<engine::Engine>()?;
    m.add_class::<recommendations::Recommendations>()?;
    m.add_function(wrap_pyfunction!(validate_json, m)?)?;
    m.add_function(wrap_pyfunction!(schema_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluation_report_markdown, m)?)?;
    m.add_function(wrap_pyfunction!(check_policy_json, m)?)?;
    m.add_function(wrap_pyfunction!(_error_for_testing, m)?)?;
    Ok(())
}
