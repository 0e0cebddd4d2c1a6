//! JSON Schemas (draft 2020-12) of the four documents, generated from the types so they can
//! never drift from what the library reads.

use crate::document::DocumentKind;
use crate::model::{Catalog, Evaluations, Organisation, Policy};

/// The JSON Schema of one document.
pub fn schema_for(kind: DocumentKind) -> serde_json::Value {
    let schema = match kind {
        DocumentKind::Organisation => schemars::schema_for!(Organisation),
        DocumentKind::Catalog => schemars::schema_for!(Catalog),
        DocumentKind::Policy => schemars::schema_for!(Policy),
        DocumentKind::Evaluations => schemars::schema_for!(Evaluations),
    };
    schema.to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_has_a_titled_schema() {
        for kind in DocumentKind::ALL {
            let s = schema_for(kind);
            assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
            assert!(s["properties"]["schema_version"].is_object(), "{kind:?}");
        }
    }
}
