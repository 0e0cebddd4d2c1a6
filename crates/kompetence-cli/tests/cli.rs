//! The CLI as a user runs it: exit codes, formats, the demo, validation of files.

use std::path::PathBuf;
use std::process::{Command, Output};

fn kompetence(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kompetence")).args(args).output().expect("the binary runs")
}

fn tmp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kompetence-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn demo_prints_departments_goals_and_people() {
    let out = kompetence(&["demo"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Eksempel Kommune"));
    assert!(text.contains("Needs per department"));
    assert!(text.contains("Needs per strategic goal"));
    assert!(text.contains("Top needs of"));
}

#[test]
fn demo_json_is_json() {
    let out = kompetence(&["demo", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["organisation"], "Eksempel Kommune");
    assert!(v["needs_by_unit"].as_array().unwrap().len() >= 2);
}

#[test]
fn unknown_employee_is_a_usage_error() {
    let out = kompetence(&["needs", "--employee", "no-such-person"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-person"));
}

#[test]
fn schema_prints_each_document() {
    for doc in ["organisation", "catalog", "policy", "evaluations"] {
        let out = kompetence(&["schema", doc]);
        assert!(out.status.success(), "{doc}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(v["properties"]["schema_version"].is_object(), "{doc}");
    }
    assert_eq!(kompetence(&["schema", "nonsense"]).status.code(), Some(2));
}

#[test]
fn validate_exit_codes() {
    let good = tmp("policy.json", r#"{"schema_version": 1, "name": "ok"}"#);
    let out = kompetence(&["validate", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));

    let bad =
        tmp("bad-policy.json", r#"{"schema_version": 1, "name": "x", "zones": {"stretch_max_jump": "two"}}"#);
    let out = kompetence(&["validate", bad.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["valid"], false);
    assert_eq!(v[0]["problems"][0]["path"], "zones.stretch_max_jump");

    let out = kompetence(&["validate", "/no/such/file.json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn files_must_come_together() {
    let org = tmp("only-org.json", "{}");
    let out = kompetence(&["--org", org.to_str().unwrap(), "needs"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn plan_prints_units_goals_funding_and_the_gap() {
    let out = kompetence(&["plan"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for heading in ["Per department and unit", "Per strategic goal", "Funding used", "Top", "Needs left open"]
    {
        assert!(text.contains(heading), "missing {heading}:\n{text}");
    }
    assert!(text.contains("of the best possible plan"));
    assert!(text.contains("Ældre og Sundhed"));
    // No progress bar when stderr is not a terminal.
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn plan_json_respects_the_budget_override_and_markdown_has_tables() {
    let out = kompetence(&["plan", "--format", "json", "--budget", "100000"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["budget"], 100000);
    let cost = plan["total_cost"].as_i64().unwrap();
    assert!(cost <= 100_000 && cost > 0, "{cost}");
    let spent: i64 = plan["items"].as_array().unwrap().iter().map(|i| i["cost"].as_i64().unwrap()).sum();
    assert_eq!(spent, cost);
    let bigger = kompetence(&["plan", "--format", "json", "--budget", "400000"]);
    let bigger: serde_json::Value = serde_json::from_slice(&bigger.stdout).unwrap();
    assert!(bigger["value"].as_f64().unwrap() >= plan["value"].as_f64().unwrap());
    let md = kompetence(&["plan", "--format", "markdown"]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("## Per strategic goal") && md.contains("|---"), "{md}");
    let bad = kompetence(&["plan", "--budget", "-5"]);
    assert_eq!(bad.status.code(), Some(2));
}
