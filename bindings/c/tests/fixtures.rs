//! The JSON fixtures in `tests/data/small` that the C tests read: a small valid organisation,
//! catalog, policy and evaluations (serialised once from the placeholder demo documents and
//! committed; they deliberately do not follow later changes to the demo), and deliberately
//! broken documents in `tests/data/invalid`. This test pins what the C tests rely on.

use std::path::PathBuf;

use kompetence_core::{Engine, ErrorKind};

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("..").join("tests").join("data")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(data().join(rel)).unwrap_or_else(|e| panic!("tests/data/{rel}: {e}"))
}

#[test]
fn small_documents_build_an_engine() {
    let org = read("small/organisation.json");
    let catalog = read("small/catalog.json");
    let policy = read("small/policy.json");
    let evaluations = read("small/evaluations.json");
    for evals in [None, Some(evaluations.as_str())] {
        let engine =
            Engine::from_json(&org, &catalog, &policy, evals).expect("the small documents are valid");
        // The C tests rely on these ids and on e1 having needs while e2 has none.
        let e1 = engine.needs("e1").unwrap();
        assert!(e1.iter().any(|n| n.competence == "dementia-care" && n.current == 1 && n.target == 3));
        assert!(engine.needs("e2").unwrap().is_empty());
        assert_eq!(engine.needs("nobody").unwrap_err().kind(), ErrorKind::NotFound);
    }
}

#[test]
fn invalid_documents_fail_where_the_c_tests_expect() {
    let err = Engine::from_json(
        &read("invalid/organisation-level-not-a-number.json"),
        &read("small/catalog.json"),
        &read("small/policy.json"),
        None,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Parse);
    assert_eq!(err.path(), "employees[0].levels[\"dementia-care\"]");
    assert_eq!(err.document(), Some("organisation"));

    let err = Engine::from_json(
        &read("small/organisation.json"),
        &read("small/catalog.json"),
        &read("invalid/policy-version-99.json"),
        None,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedVersion);
    assert_eq!(err.path(), "schema_version");
}
