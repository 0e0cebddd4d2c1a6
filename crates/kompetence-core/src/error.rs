//! Errors: one opaque type with a kind, and for invalid documents every problem found, each
//! with its field path and the offending value.
//!
//! Messages carry ids and paths, never a person's levels in free text beyond the offending value
//! of the field that is wrong (D11).

use std::fmt;

use serde::Serialize;

/// What went wrong, in stable categories (the C and Python surfaces map these one to one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not JSON, or JSON of the wrong shape (type, missing or unknown field).
    Parse,
    /// The documents parsed but break one or more rules; see [`Error::problems`].
    Validation,
    /// The document's `schema_version` is not one this library reads.
    UnsupportedVersion,
    /// A query named an employee, unit or goal that does not exist.
    NotFound,
    /// The input is larger than the documented limits allow.
    LimitExceeded,
    /// An argument to a query is invalid.
    InvalidArgument,
}

impl ErrorKind {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Parse => "parse",
            ErrorKind::Validation => "validation",
            ErrorKind::UnsupportedVersion => "unsupported_version",
            ErrorKind::NotFound => "not_found",
            ErrorKind::LimitExceeded => "limit_exceeded",
            ErrorKind::InvalidArgument => "invalid_argument",
        }
    }
}

/// One problem in a document: where, what value, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The document the problem is in: `organisation`, `catalog`, `policy` or `evaluations`
    /// (absent when not tied to one document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<&'static str>,
    /// Field path from the document root, e.g. `employees[3].levels["dementia-care"]`: fields
    /// dotted, list positions in brackets, and a map's key in brackets as a JSON string (so an
    /// id with a dot, space or quote stays one key). Shape errors and rule violations spell
    /// paths alike on every surface.
    pub path: String,
    /// The offending value as JSON text, e.g. `7` or `"nope"`.
    pub value: String,
    /// What is wrong, e.g. `level 7 is outside scale 0..5`.
    pub message: String,
}

impl Problem {
    /// Makes a problem.
    pub fn new(path: impl Into<String>, value: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { document: None, path: path.into(), value: value.into(), message: message.into() }
    }

    /// The same problem, placed in a document.
    pub fn in_document(mut self, document: &'static str) -> Problem {
        self.document = Some(document);
        self
    }
}

/// `document: path: message (value: V)`. The value is what a reader needs to find and fix the
/// field ("must not be negative" alone does not say which number was); it is left out when the
/// message already names it, and when there is none (empty, or `null` for "missing").
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(doc) = self.document {
            write!(f, "{doc}: ")?;
        }
        // A problem with the whole document (not JSON, empty, trailing text) has no field path:
        // `catalog: trailing characters …`, not `catalog: : trailing characters …`.
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        let bare = self.value.trim_matches('"');
        if !bare.is_empty() && self.value != "null" && !self.message.contains(bare) {
            write!(f, " (value: {})", self.value)?;
        }
        Ok(())
    }
}

/// The error type of every fallible operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    problems: Vec<Problem>,
}

impl Error {
    /// An error with one problem.
    pub fn new(kind: ErrorKind, problem: Problem) -> Error {
        Error { kind, problems: vec![problem] }
    }

    /// A validation error with all problems found (must not be empty).
    pub fn validation(problems: Vec<Problem>) -> Error {
        debug_assert!(!problems.is_empty());
        Error { kind: ErrorKind::Validation, problems }
    }

    /// A query named something that does not exist.
    pub fn not_found(path: impl Into<String>, id: &str, what: &str) -> Error {
        Error::new(
            ErrorKind::NotFound,
            Problem::new(path, json_string(id), format!("no {what} with id {id:?}")),
        )
    }

    /// Places every problem in a document (organisation, catalog, policy, evaluations).
    pub fn in_document(mut self, document: &'static str) -> Error {
        for p in &mut self.problems {
            p.document.get_or_insert(document);
        }
        self
    }

    /// The category.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The document of the first problem, when known.
    pub fn document(&self) -> Option<&'static str> {
        self.problems.first().and_then(|p| p.document)
    }

    /// Every problem found, in document order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The field path of the first problem.
    pub fn path(&self) -> &str {
        self.problems.first().map(|p| p.path.as_str()).unwrap_or("")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [] => write!(f, "{} error", self.kind.as_str()),
            [one] => write!(f, "{} error: {one}", self.kind.as_str()),
            many => {
                write!(f, "{} error: {} problems", self.kind.as_str(), many.len())?;
                for p in many {
                    write!(f, "\n  {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A string as JSON text (quoted and escaped), for [`Problem::value`].
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}
