//! Document-level functions that need no engine: validation reports, JSON Schemas, and freeing
//! the strings the library hands out.

use std::ffi::{CString, c_char};

use kompetence_core::document::DocumentKind;
use kompetence_core::{schema, validate};
use serde::Serialize;

use crate::error::{Failure, kompetence_error};
use crate::ffi::{boundary, boundary_or, cstr_arg, json_out, out_arg, str_arg, write_out};
use crate::result::{KOMPETENCE_RESULT_INVALID_ARGUMENT, kompetence_result};

/// A document kind named by the caller.
fn kind_arg(name: &str, argument: &str) -> Result<DocumentKind, Failure> {
    DocumentKind::from_name(name).ok_or_else(|| {
        Failure::argument(
            KOMPETENCE_RESULT_INVALID_ARGUMENT,
            argument,
            format!("unknown document kind {name:?}; expected organisation, catalog, policy or evaluations"),
        )
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
            Some(kind_arg(unsafe { cstr_arg(kind, "kind") }?, "kind")?)
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
/// `"policy"` or `"evaluations"` (anything else is `KOMPETENCE_RESULT_INVALID_ARGUMENT`).
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
        let kind = kind_arg(unsafe { cstr_arg(document_kind, "document_kind") }?, "document_kind")?;
        out_arg(out_json, "out_json")?;
        let json = json_out(&schema::schema_for(kind))?;
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
