//! Result codes: stable numbers grouped by cause, and the one mapping from the core's error kinds.

use std::ffi::{CStr, c_char};

use kompetence_core::ErrorKind;

/// The outcome of a call: `KOMPETENCE_RESULT_OK` (0) or the number of an error category.
///
/// The numbers are part of the ABI: they are never renumbered or reused, and new categories get
/// new numbers. 1–99 are errors in the caller's input or in the documents; 100 and above mean a
/// defect inside the library. A host should treat an unknown number like
/// `KOMPETENCE_RESULT_OTHER`.
pub type kompetence_result = u32;

/// The call succeeded.
pub const KOMPETENCE_RESULT_OK: kompetence_result = 0;
/// A pointer argument that must not be NULL was NULL; the error's path names the argument.
pub const KOMPETENCE_RESULT_NULL_ARGUMENT: kompetence_result = 1;
/// A text argument or document was not valid UTF-8.
pub const KOMPETENCE_RESULT_INVALID_UTF8: kompetence_result = 2;
/// A document is not JSON, or JSON of the wrong shape (type, missing or unknown field); the
/// error's path is the field where reading stopped.
pub const KOMPETENCE_RESULT_PARSE: kompetence_result = 3;
/// The documents parsed but break rules; `kompetence_error_problems_json` lists every problem.
pub const KOMPETENCE_RESULT_VALIDATION: kompetence_result = 4;
/// A document's `schema_version` is not one this library reads.
pub const KOMPETENCE_RESULT_UNSUPPORTED_VERSION: kompetence_result = 5;
/// A query named an employee, unit or goal that does not exist.
pub const KOMPETENCE_RESULT_NOT_FOUND: kompetence_result = 6;
/// An input is larger than the documented limits (e.g. a document over 256 MiB).
pub const KOMPETENCE_RESULT_LIMIT_EXCEEDED: kompetence_result = 7;
/// An argument is invalid, e.g. an unknown document kind.
pub const KOMPETENCE_RESULT_INVALID_ARGUMENT: kompetence_result = 8;
/// An error of a category newer than this table (the message says what it is). Kept so that a
/// core that grows a new category never returns a number a host cannot classify.
pub const KOMPETENCE_RESULT_OTHER: kompetence_result = 99;
/// A defect: the library panicked. The call had no effect; please report the message.
pub const KOMPETENCE_RESULT_PANIC: kompetence_result = 100;

/// The code of a core error kind. This is the only place kinds become numbers.
pub(crate) fn code_of(kind: ErrorKind) -> kompetence_result {
    match kind {
        ErrorKind::Parse => KOMPETENCE_RESULT_PARSE,
        ErrorKind::Validation => KOMPETENCE_RESULT_VALIDATION,
        ErrorKind::UnsupportedVersion => KOMPETENCE_RESULT_UNSUPPORTED_VERSION,
        ErrorKind::NotFound => KOMPETENCE_RESULT_NOT_FOUND,
        ErrorKind::LimitExceeded => KOMPETENCE_RESULT_LIMIT_EXCEEDED,
        ErrorKind::InvalidArgument => KOMPETENCE_RESULT_INVALID_ARGUMENT,
        // `ErrorKind` is non-exhaustive: a kind added to the core later is still an error the
        // host can recognise as such.
        _ => KOMPETENCE_RESULT_OTHER,
    }
}

/// The stable snake_case name of a code, for logs.
pub(crate) fn name_of(code: kompetence_result) -> &'static CStr {
    match code {
        KOMPETENCE_RESULT_OK => c"ok",
        KOMPETENCE_RESULT_NULL_ARGUMENT => c"null_argument",
        KOMPETENCE_RESULT_INVALID_UTF8 => c"invalid_utf8",
        KOMPETENCE_RESULT_PARSE => c"parse",
        KOMPETENCE_RESULT_VALIDATION => c"validation",
        KOMPETENCE_RESULT_UNSUPPORTED_VERSION => c"unsupported_version",
        KOMPETENCE_RESULT_NOT_FOUND => c"not_found",
        KOMPETENCE_RESULT_LIMIT_EXCEEDED => c"limit_exceeded",
        KOMPETENCE_RESULT_INVALID_ARGUMENT => c"invalid_argument",
        KOMPETENCE_RESULT_OTHER => c"other",
        KOMPETENCE_RESULT_PANIC => c"panic",
        _ => c"unknown",
    }
}

/// The stable snake_case name of a result code (`"ok"`, `"null_argument"`, …; `"unknown"` for
/// a number this library does not define), for logs. The string is static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn kompetence_result_name(result: kompetence_result) -> *const c_char {
    // No panic boundary needed: a match over integers returning static strings cannot panic.
    name_of(result).as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_kinds_map_to_their_documented_numbers() {
        assert_eq!(code_of(ErrorKind::Parse), 3);
        assert_eq!(code_of(ErrorKind::Validation), 4);
        assert_eq!(code_of(ErrorKind::UnsupportedVersion), 5);
        assert_eq!(code_of(ErrorKind::NotFound), 6);
        assert_eq!(code_of(ErrorKind::LimitExceeded), 7);
        assert_eq!(code_of(ErrorKind::InvalidArgument), 8);
    }

    #[test]
    fn names_match_the_core_kind_names() {
        for kind in [
            ErrorKind::Parse,
            ErrorKind::Validation,
            ErrorKind::UnsupportedVersion,
            ErrorKind::NotFound,
            ErrorKind::LimitExceeded,
            ErrorKind::InvalidArgument,
        ] {
            assert_eq!(name_of(code_of(kind)).to_str().unwrap(), kind.as_str());
        }
        assert_eq!(name_of(12345).to_str().unwrap(), "unknown");
    }
}
