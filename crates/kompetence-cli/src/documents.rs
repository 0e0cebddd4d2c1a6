//! Loading the documents named on the command line, or the embedded demo.

use std::path::Path;

use kompetence_core::{Engine, document};

use crate::DocumentArgs;
use crate::output::Failure;

/// Reads a document's text. A file that cannot be read is a usage or I/O error (exit 2); a file
/// that is not UTF-8 (saved as Latin-1 or Windows-1252) is invalid input (exit 1), named with
/// the first offending byte, like any other problem in a document.
pub fn read(path: &Path) -> Result<String, Failure> {
    let bytes =
        std::fs::read(path).map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Failure::Invalid(kompetence_core::Error::new(
            kompetence_core::ErrorKind::Parse,
            kompetence_core::Problem::new(
                path.display().to_string(),
                format!("byte {at}"),
                format!("the file is not UTF-8 text (byte {at}); save it as UTF-8"),
            ),
        ))
    })
}

/// Builds the engine from the given files, or from the demo municipality when none are given.
pub fn engine(args: &DocumentArgs) -> Result<Engine, Failure> {
    match (&args.org, &args.catalog) {
        (None, None) if args.policy.is_none() && args.evaluations.is_none() => {
            Ok(kompetence_formats::demo::engine())
        }
        (Some(org), Some(catalog)) => {
            let org = document::parse_organisation(&read(org)?)?;
            let catalog = document::parse_catalog(&read(catalog)?)?;
            let policy = match &args.policy {
                Some(p) => document::parse_policy(&read(p)?)?,
                None => kompetence_core::model::Policy::with_defaults("default policy"),
            };
            let evaluations = match &args.evaluations {
                Some(e) => Some(document::parse_evaluations(&read(e)?)?),
                None => None,
            };
            Ok(Engine::with_evaluations(org, catalog, policy, evaluations)?)
        }
        _ => Err(Failure::usage(
            "give both --org and --catalog (and optionally --policy, --evaluations), or none to use the demo",
        )),
    }
}
