//! Reading documents from JSON text, with the field path of the first shape error.
//!
//! Shape errors (wrong type, unknown or missing field, malformed date) stop at the first one,
//! because serde cannot go on past it; rule violations are then collected all at once by
//! [`crate::validate`].

use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorKind, Problem, Result};
use crate::model::{Catalog, Evaluations, Organisation, Policy, SCHEMA_VERSION};

/// Which of the four documents a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// The organisation.
    Organisation,
    /// The catalog of learning activities.
    Catalog,
    /// The policy.
    Policy,
    /// The evaluations.
    Evaluations,
}

impl DocumentKind {
    /// All four kinds, in the order organisation, catalog, policy, evaluations.
    pub const ALL: [DocumentKind; 4] =
        [DocumentKind::Organisation, DocumentKind::Catalog, DocumentKind::Policy, DocumentKind::Evaluations];

    /// The kind named `name` (`organisation`, `catalog`, `policy`, `evaluations`).
    pub fn from_name(name: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The lower-case name used in paths and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Organisation => "organisation",
            DocumentKind::Catalog => "catalog",
            DocumentKind::Policy => "policy",
            DocumentKind::Evaluations => "evaluations",
        }
    }

    /// Guesses the kind from a parsed JSON value's top-level keys.
    pub fn detect(value: &serde_json::Value) -> Option<DocumentKind> {
        let obj = value.as_object()?;
        if obj.contains_key("employees") || obj.contains_key("framework") {
            Some(DocumentKind::Organisation)
        } else if obj.contains_key("activities") {
            Some(DocumentKind::Catalog)
        } else if obj.contains_key("records") {
            Some(DocumentKind::Evaluations)
        } else if obj.contains_key("name") {
            Some(DocumentKind::Policy)
        } else {
            None
        }
    }
}

/// Most bytes accepted for one document (256 MiB): larger input is refused before parsing.
pub const MAX_DOCUMENT_BYTES: usize = 256 * 1024 * 1024;

/// `text` without a leading UTF-8 byte order mark. Windows editors (Notepad, Excel's "CSV
/// UTF-8") save one, and RFC 8259 lets a parser ignore it; every surface reads documents
/// through here, so a file saved that way reads the same from C, Python and the command line.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn parse<T: DeserializeOwned>(text: &str, kind: DocumentKind) -> Result<T> {
    let text = without_bom(text);
    let doc = kind.as_str();
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            Problem::new(
                "",
                text.len().to_string(),
                format!("document is larger than {MAX_DOCUMENT_BYTES} bytes"),
            ),
        )
        .in_document(doc));
    }
    check_document_shape(text, doc)?;
    // Check the version first so an old or future document gets a clear message, not a shape error.
    check_version(text, doc)?;
    let de = &mut serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = field_path(e.path(), kind);
        let inner = e.into_inner();
        let message = inner.to_string();
        let path = field_of_object_error(&message).map_or(path.clone(), |field| join_path(&path, field));
        Error::new(ErrorKind::Parse, Problem::new(path, "", message)).in_document(doc)
    })?;
    // A document followed by more than whitespace is not JSON; reading only its first value
    // would accept e.g. a reused buffer passed with a stale, longer length.
    de.end()
        .map_err(|e| Error::new(ErrorKind::Parse, Problem::new("", "", e.to_string())).in_document(doc))?;
    Ok(value)
}

/// The field path of a shape error, spelled as validation spells it (see
/// [`Problem::path`]): fields dotted, list positions in brackets, and the key of a map in
/// brackets as a JSON string, `employees[0].levels["dementia-care"]`.
///
/// Why the schema: serde_path_to_error reports a struct's field and a map's key as the same
/// kind of segment, so which objects are maps is read from the document's JSON Schema, which is
/// generated from the very types the text is read into and so cannot disagree with them. An
/// object whose schema has no property of that name and `additionalProperties` as a schema
/// (a struct's is `false`) is a map. The schema is built only here, when a document is wrong.
fn field_path(path: &serde_path_to_error::Path, kind: DocumentKind) -> String {
    use serde_path_to_error::Segment;
    let root = crate::schema::schema_for(kind);
    let mut out = String::new();
    let dotted = |out: &mut String, name: &str| {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(name);
    };
    let mut at: Vec<&serde_json::Value> = vec![&root];
    let last = path.iter().len().saturating_sub(1);
    for (i, segment) in path.iter().enumerate() {
        let nodes = schema_alternatives(&root, &at);
        match segment {
            Segment::Seq { index } => {
                out.push_str(&format!("[{index}]"));
                at = nodes.iter().filter_map(|n| n.get("items")).collect();
            }
            Segment::Map { key } => {
                let fields: Vec<_> = nodes.iter().filter_map(|n| n.get("properties")?.get(key)).collect();
                let maps: Vec<_> = nodes
                    .iter()
                    .filter_map(|n| n.get("additionalProperties").filter(|a| a.is_object()))
                    .collect();
                if fields.is_empty() && !maps.is_empty() {
                    out.push_str(&format!("[{}]", crate::error::json_string(key)));
                    at = maps;
                } else {
                    dotted(&mut out, key);
                    at = fields;
                }
            }
            Segment::Enum { variant } => {
                dotted(&mut out, variant);
                let inner: Vec<_> = nodes.iter().filter_map(|n| n.get("properties")?.get(variant)).collect();
                at = if inner.is_empty() { nodes } else { inner };
            }
            // A key the reader could not capture (one of an enum, as in `preferences`): the
            // error is placed at the map that holds it rather than at a `?`.
            Segment::Unknown if i == last => {}
            Segment::Unknown => {
                dotted(&mut out, "?");
                at = Vec::new();
            }
        }
    }
    out
}

/// The schemas a value described by any of `at` may match: each with what its `$ref` points to
/// and its `anyOf`, `oneOf` and `allOf` branches (an `Option` is `anyOf` with `null`, an enum
/// with fields `oneOf`). Bounded, so a recursive type cannot make it loop.
fn schema_alternatives<'a>(
    root: &'a serde_json::Value,
    at: &[&'a serde_json::Value],
) -> Vec<&'a serde_json::Value> {
    let mut out = Vec::new();
    let mut stack = at.to_vec();
    while let Some(node) = stack.pop() {
        if out.len() >= 1024 {
            break;
        }
        let target = node.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix("#/$defs/"));
        if let Some(def) = target.and_then(|name| root.get("$defs")?.get(name)) {
            stack.push(def);
        }
        for branches in ["anyOf", "oneOf", "allOf"] {
            if let Some(list) = node.get(branches).and_then(|b| b.as_array()) {
                stack.extend(list);
            }
        }
        out.push(node);
    }
    out
}

/// The field a "missing field `x`" or "duplicate field `x`" error is about. serde reports them
/// at the object that lacks or repeats the field; the reader looks for the field itself.
fn field_of_object_error(message: &str) -> Option<&str> {
    let rest =
        message.strip_prefix("missing field `").or_else(|| message.strip_prefix("duplicate field `"))?;
    rest.split_once('`').map(|(field, _)| field)
}

fn join_path(object: &str, field: &str) -> String {
    if object.is_empty() { field.to_owned() } else { format!("{object}.{field}") }
}

/// What a JSON text holds at its top level, read without parsing it when it opens an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TopLevel {
    /// Only whitespace.
    Empty,
    /// An object (or text opening with `{` that the full parse will judge).
    Object,
    /// Another JSON value: "an array", "a string", "a number", "a boolean" or "null".
    Other(&'static str),
    /// Not JSON at all: the full parse names where it stops.
    NotJson,
}

/// The top level of `text`: a JSON array would otherwise be read as a struct's fields in order
/// (serde's derived structs accept both), and an empty text would get "EOF while parsing".
pub(crate) fn top_level(text: &str) -> TopLevel {
    let start = text.trim_start_matches([' ', '\t', '\n', '\r']);
    match start.chars().next() {
        None => TopLevel::Empty,
        Some('{') => TopLevel::Object,
        Some(_) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Array(_)) => TopLevel::Other("an array"),
            Ok(serde_json::Value::String(_)) => TopLevel::Other("a string"),
            Ok(serde_json::Value::Number(_)) => TopLevel::Other("a number"),
            Ok(serde_json::Value::Bool(_)) => TopLevel::Other("a boolean"),
            Ok(serde_json::Value::Null) => TopLevel::Other("null"),
            Ok(serde_json::Value::Object(_)) => TopLevel::Object,
            Err(_) => TopLevel::NotJson,
        },
    }
}

/// The message for an empty document.
pub(crate) const EMPTY_DOCUMENT: &str = "the document is empty: expected a JSON object ({ … })";

/// An empty text, or JSON whose top level is not an object, gets a message saying so instead
/// of the parser's ("EOF while parsing a value", "expected struct Organisation with 10
/// elements").
fn check_document_shape(text: &str, doc: &'static str) -> Result<()> {
    let problem = match top_level(text) {
        TopLevel::Empty => Problem::new("", "", EMPTY_DOCUMENT),
        TopLevel::Other(what) => {
            Problem::new("", "", format!("the document is {what}, not a JSON object ({{ … }})"))
        }
        TopLevel::Object | TopLevel::NotJson => return Ok(()),
    };
    Err(Error::new(ErrorKind::Parse, problem).in_document(doc))
}

fn check_version(text: &str, doc: &'static str) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Version {
        schema_version: Option<serde_json::Value>,
    }
    // A text that is not even a JSON object is reported by the full parse below.
    let Ok(v) = serde_json::from_str::<Version>(text) else { return Ok(()) };
    match v.schema_version {
        None => Err(Error::new(
            ErrorKind::UnsupportedVersion,
            Problem::new(
                "schema_version",
                "null",
                format!("missing; this library reads schema_version {SCHEMA_VERSION}"),
            ),
        )
        .in_document(doc)),
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(u64::from(SCHEMA_VERSION)) => Ok(()),
        Some(other) => Err(Error::new(
            ErrorKind::UnsupportedVersion,
            Problem::new(
                "schema_version",
                other.to_string(),
                format!("schema_version {other} is not supported; this library reads {SCHEMA_VERSION}"),
            ),
        )
        .in_document(doc)),
    }
}

/// Parses an organisation document (shape only; see [`crate::validate`]).
pub fn parse_organisation(text: &str) -> Result<Organisation> {
    parse(text, DocumentKind::Organisation)
}

/// Parses a catalog document.
pub fn parse_catalog(text: &str) -> Result<Catalog> {
    parse(text, DocumentKind::Catalog)
}

/// Parses a policy document.
pub fn parse_policy(text: &str) -> Result<Policy> {
    parse(text, DocumentKind::Policy)
}

/// Parses an evaluations document.
pub fn parse_evaluations(text: &str) -> Result<Evaluations> {
    parse(text, DocumentKind::Evaluations)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document saved with a UTF-8 byte order mark reads like the same document without it,
    /// by kind and with its kind detected; a mark elsewhere is still not JSON.
    #[test]
    fn a_leading_byte_order_mark_is_ignored() {
        let policy = r#"{"schema_version": 1, "name": "p"}"#;
        let with_bom = format!("\u{feff}{policy}");
        assert_eq!(parse_policy(&with_bom).unwrap(), parse_policy(policy).unwrap());
        let (kind, problems) = crate::validate::validate_text(&with_bom, None);
        assert_eq!((kind, problems), (Some(DocumentKind::Policy), vec![]));
        assert_eq!(parse_policy(&format!(" \u{feff}{policy}")).unwrap_err().kind(), ErrorKind::Parse);
    }

    #[test]
    fn shape_errors_name_the_field_path() {
        let err = parse_policy(r#"{"schema_version": 1, "name": "p", "zones": {"stretch_max_jump": "two"}}"#)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse);
        assert_eq!(err.path(), "zones.stretch_max_jump");
        assert_eq!(err.document(), Some("policy"));
    }

    #[test]
    fn unsupported_version_is_its_own_kind() {
        let err = parse_policy(r#"{"schema_version": 2, "name": "p"}"#).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedVersion);
        assert_eq!(err.path(), "schema_version");
        let err = parse_policy(r#"{"name": "p"}"#).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedVersion);
    }

    #[test]
    fn trailing_characters_are_a_parse_error() {
        let err = parse_policy(r#"{"schema_version": 1, "name": "p"} {"name": "q"}"#).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse);
        assert_eq!(err.document(), Some("policy"));
        assert!(err.to_string().contains("trailing characters"), "{err}");
        assert!(parse_policy("{\"schema_version\": 1, \"name\": \"p\"}\n\t ").is_ok());
    }

    /// An empty document, or JSON that is not an object, says so at the document (no path)
    /// instead of serde's "EOF while parsing" or "expected struct … with 10 elements"; a JSON
    /// array is never read as a struct's fields in order.
    #[test]
    fn an_empty_document_or_one_that_is_not_an_object_says_so() {
        for (text, says) in [
            ("", "the document is empty"),
            (" \n\t", "the document is empty"),
            ("[]", "the document is an array, not a JSON object"),
            (r#"[1, "p"]"#, "the document is an array, not a JSON object"),
            ("42", "the document is a number, not a JSON object"),
            ("null", "the document is null, not a JSON object"),
            (r#""policy""#, "the document is a string, not a JSON object"),
        ] {
            let err = parse_policy(text).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Parse, "{text:?}");
            assert_eq!(err.path(), "", "{text:?}");
            assert!(err.problems()[0].message.starts_with(says), "{text:?}: {err}");
            // The whole-document problem is printed without an empty path ("policy: : …").
            assert_eq!(err.problems()[0].to_string(), format!("policy: {}", err.problems()[0].message));
        }
        let (kind, problems) = crate::validate::validate_text("  ", None);
        assert_eq!(kind, None);
        assert!(problems[0].message.starts_with("the document is empty"), "{problems:?}");
        // Not JSON at all is still the parser's message with its position.
        let err = parse_policy("nope").unwrap_err();
        assert!(err.to_string().contains("line 1 column"), "{err}");
    }

    #[test]
    fn bad_json_is_a_parse_error() {
        let err = parse_catalog("{not json").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse);
    }
}
