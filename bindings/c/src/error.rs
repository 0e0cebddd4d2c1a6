//! The error object handed to C: code, message, first field path and every problem as JSON,
//! all rendered once when the error is made so the accessors only return pointers.

use std::ffi::{CString, c_char};

use kompetence_core::{Error, Problem};
use serde::Serialize;

use crate::ffi::boundary_or;
use crate::result::{
    KOMPETENCE_RESULT_INVALID_UTF8, KOMPETENCE_RESULT_LIMIT_EXCEEDED, KOMPETENCE_RESULT_NULL_ARGUMENT,
    KOMPETENCE_RESULT_OK, KOMPETENCE_RESULT_PANIC, code_of, kompetence_result,
};

/// An error: why a call failed. Read it with `kompetence_error_code`, `kompetence_error_message`,
/// `kompetence_error_path` and `kompetence_error_problems_json`; free it with
/// `kompetence_error_free`. An error is immutable and may be read from any thread.
pub struct kompetence_error {
    code: kompetence_result,
    message: CString,
    path: CString,
    problems_json: CString,
}

/// A failed call inside the library, before it becomes a [`kompetence_error`].
#[derive(Debug)]
pub(crate) struct Failure {
    code: kompetence_result,
    message: String,
    problems: Vec<Problem>,
}

impl Failure {
    /// A failure about one argument of the call; the problem's path is the argument's name.
    pub(crate) fn argument(code: kompetence_result, argument: &str, message: impl Into<String>) -> Failure {
        let message = message.into();
        Failure {
            code,
            message: format!("{argument}: {message}"),
            problems: vec![Problem::new(argument, "", message)],
        }
    }

    /// The same failure naming the offending value (JSON text, as in every problem's `value`),
    /// so a caller reading only the problems still sees what was wrong.
    pub(crate) fn with_value(mut self, value: impl Into<String>) -> Failure {
        if let Some(problem) = self.problems.first_mut() {
            problem.value = value.into();
        }
        self
    }

    /// A NULL pointer where one was required.
    pub(crate) fn null(argument: &str) -> Failure {
        Failure::argument(KOMPETENCE_RESULT_NULL_ARGUMENT, argument, "must not be NULL")
    }

    /// Bytes that are not UTF-8, with the offset of the first bad byte.
    pub(crate) fn utf8(argument: &str, e: std::str::Utf8Error) -> Failure {
        Failure::argument(
            KOMPETENCE_RESULT_INVALID_UTF8,
            argument,
            format!("not valid UTF-8 (first invalid byte at offset {})", e.valid_up_to()),
        )
    }

    /// An input longer than the library accepts.
    pub(crate) fn too_long(argument: &str, len: usize, max: usize) -> Failure {
        Failure::argument(
            KOMPETENCE_RESULT_LIMIT_EXCEEDED,
            argument,
            format!("{len} bytes is more than the {max} bytes accepted"),
        )
    }

    /// A panic caught at the boundary, with its message when it has one.
    pub(crate) fn panic(payload: &(dyn std::any::Any + Send)) -> Failure {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_string());
        Failure {
            code: KOMPETENCE_RESULT_PANIC,
            message: format!("internal error (panic) in libkompetence: {what}"),
            problems: Vec::new(),
        }
    }

    /// The result code.
    pub(crate) fn code(&self) -> kompetence_result {
        self.code
    }

    /// Renders the failure into the error object handed to C.
    pub(crate) fn into_error(self) -> kompetence_error {
        #[derive(Serialize)]
        struct ProblemJson<'a> {
            // Always present (null when the problem is not tied to a document) so that C hosts
            // can read every problem with the same four keys.
            document: Option<&'a str>,
            path: &'a str,
            value: &'a str,
            message: &'a str,
        }
        let problems: Vec<ProblemJson<'_>> = self
            .problems
            .iter()
            .map(|p| ProblemJson {
                document: p.document,
                path: &p.path,
                value: &p.value,
                message: &p.message,
            })
            .collect();
        // Serialising strings cannot fail; the fallback only keeps this path free of panics.
        let problems_json = serde_json::to_string(&problems).unwrap_or_else(|_| "[]".to_string());
        let path = self.problems.first().map(|p| p.path.as_str()).unwrap_or("");
        kompetence_error {
            code: self.code,
            message: c_string(&self.message),
            path: c_string(path),
            problems_json: c_string(&problems_json),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure { code: code_of(e.kind()), message: e.to_string(), problems: e.problems().to_vec() }
    }
}

/// A C string of `s`; an interior NUL (possible in an offending value quoted from a document)
/// becomes U+FFFD so that C readers see the whole text rather than a cut-off one.
pub(crate) fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default()
}

/// The error's result code (never `KOMPETENCE_RESULT_OK` for a real error). For NULL it returns
/// `KOMPETENCE_RESULT_OK`: no error object means the call succeeded.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_error_code(err: *const kompetence_error) -> kompetence_result {
    boundary_or(KOMPETENCE_RESULT_PANIC, || {
        // SAFETY: the caller passes NULL or a live error made by `Box::into_raw` in this crate.
        match unsafe { err.as_ref() } {
            Some(e) => e.code,
            None => KOMPETENCE_RESULT_OK,
        }
    })
}

/// The error's message in English, e.g. `parse error: organisation: employees[0].levels["x"]: …`.
/// The text carries ids and field paths, never a person's levels beyond the offending value.
/// Valid until the error is freed; NULL for a NULL error.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_error_message(err: *const kompetence_error) -> *const c_char {
    boundary_or(std::ptr::null(), || {
        // SAFETY: as for `kompetence_error_code`.
        unsafe { err.as_ref() }.map_or(std::ptr::null(), |e| e.message.as_ptr())
    })
}

/// The field path of the first problem, e.g. `employees[3].levels["dementia-care"]`, or the name
/// of the offending argument (e.g. `employee_id`) for argument errors; `""` when the error has
/// no location. Valid until the error is freed; NULL for a NULL error.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_error_path(err: *const kompetence_error) -> *const c_char {
    boundary_or(std::ptr::null(), || {
        // SAFETY: as for `kompetence_error_code`.
        unsafe { err.as_ref() }.map_or(std::ptr::null(), |e| e.path.as_ptr())
    })
}

/// Every problem as a JSON array of objects with the keys `document` (string or null), `path`,
/// `value` (the offending value as JSON text, or `""`) and `message`. A validation error lists
/// all problems found at once. Valid until the error is freed; NULL for a NULL error.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_error_problems_json(err: *const kompetence_error) -> *const c_char {
    boundary_or(std::ptr::null(), || {
        // SAFETY: as for `kompetence_error_code`.
        unsafe { err.as_ref() }.map_or(std::ptr::null(), |e| e.problems_json.as_ptr())
    })
}

/// Frees an error and the strings read from it. NULL is a no-op.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_error_free(err: *mut kompetence_error) {
    boundary_or((), || {
        if !err.is_null() {
            // SAFETY: a non-NULL `err` came from `Box::into_raw` in `ffi::boundary` and the caller
            // gives up ownership now.
            drop(unsafe { Box::from_raw(err) });
        }
    })
}
