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

    // The documents can also be named the way every other command takes them.
    let out = kompetence(&["validate", "--policy", bad.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["problems"][0]["path"], "zones.stretch_max_jump");
    let out = kompetence(&["validate", "--policy", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let out = kompetence(&["validate"]);
    assert_eq!(out.status.code(), Some(2), "nothing to check is a usage error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--org"));
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
    // Items that are not the person's own recommendation say so and why, in both languages.
    assert!(text.contains("Different from the person's own recommendation"), "{text}");
    assert!(text.contains("Your own recommendation was"), "{text}");
    assert!(text.contains("mandatory needs left open"), "{text}");
    let da = String::from_utf8(kompetence(&["plan", "--lang", "da"]).stdout).unwrap();
    assert!(da.contains("Anden plan end egen anbefaling") && da.contains("Din egen anbefaling var"), "{da}");
    // No progress bar when stderr is not a terminal.
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn plan_json_respects_the_budget_override_and_markdown_has_tables() {
    let out = kompetence(&["plan", "--format", "json", "--budget", "250000"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["budget"], 250000);
    // New activities share the budget with those already agreed (committed).
    let cost = plan["total_cost"].as_i64().unwrap();
    let committed = plan["committed"].as_i64().unwrap();
    assert!(cost + committed <= 250_000 && cost > 0, "{cost} + {committed}");
    let spent: i64 = plan["items"].as_array().unwrap().iter().map(|i| i["cost"].as_i64().unwrap()).sum();
    assert_eq!(spent, cost);
    let items = plan["items"].as_array().unwrap();
    assert!(items.iter().all(|i| i.get("differs").is_some()), "every item has the differs field");
    assert!(items.iter().any(|i| i["differs"]["explanation"]["en"].is_string()));
    let bigger = kompetence(&["plan", "--format", "json", "--budget", "400000"]);
    let bigger: serde_json::Value = serde_json::from_slice(&bigger.stdout).unwrap();
    assert!(bigger["value"].as_f64().unwrap() >= plan["value"].as_f64().unwrap());
    let md = kompetence(&["plan", "--format", "markdown"]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("## Per strategic goal") && md.contains("|---"), "{md}");
    let bad = kompetence(&["plan", "--budget", "-5"]);
    assert_eq!(bad.status.code(), Some(2));
}

fn stdout_json(args: &[&str]) -> serde_json::Value {
    let out = kompetence(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The demo's first employee whose chosen path has at least two steps.
fn person_with_a_path(all: &serde_json::Value) -> String {
    all.as_array()
        .unwrap()
        .iter()
        .find(|r| r["chosen"]["steps"].as_array().unwrap().len() >= 2)
        .expect("someone in the demo gets a path of two or more steps")["employee"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn recommend_all_json_is_every_person_in_document_order_and_matches_one_by_one() {
    let all = stdout_json(&["recommend", "--all", "--format", "json"]);
    let list = all.as_array().unwrap();
    let needs = stdout_json(&["needs", "--all", "--format", "json"]);
    let ids: Vec<&str> = needs.as_array().unwrap().iter().map(|p| p["employee"].as_str().unwrap()).collect();
    let rec_ids: Vec<&str> = list.iter().map(|r| r["employee"].as_str().unwrap()).collect();
    assert_eq!(rec_ids, ids);
    let id = person_with_a_path(&all);
    let one = stdout_json(&["recommend", "--employee", &id, "--format", "json"]);
    let from_all = list.iter().find(|r| r["employee"] == id.as_str()).unwrap();
    assert_eq!(&one, from_all, "--employee and --all agree");
    // The chosen path's cost is the sum of its steps' costs, and it lies on the frontier.
    let steps = one["chosen"]["steps"].as_array().unwrap();
    let sum: i64 = steps.iter().map(|s| s["net_cost"].as_i64().unwrap()).sum();
    assert_eq!(one["chosen"]["net_cost"].as_i64().unwrap(), sum);
    let ids = |steps: &serde_json::Value| -> Vec<String> {
        steps.as_array().unwrap().iter().map(|s| s["activity"].as_str().unwrap().to_owned()).collect()
    };
    let chosen = ids(&one["chosen"]["steps"]);
    assert!(one["frontier"].as_array().unwrap().iter().any(|p| ids(&p["steps"]) == chosen));
}

#[test]
fn recommend_table_shows_path_reasons_runners_up_and_rejections() {
    let all = stdout_json(&["recommend", "--all", "--format", "json"]);
    let id = person_with_a_path(&all);
    let rec = all.as_array().unwrap().iter().find(|r| r["employee"] == id.as_str()).unwrap();
    let out = kompetence(&["recommend", "--employee", &id]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("Recommendation for {id}")), "{text}");
    assert!(text.contains("The recommended path") && text.contains("Why"), "{text}");
    for step in rec["chosen"]["steps"].as_array().unwrap() {
        assert!(text.contains(step["title"].as_str().unwrap()), "step title shown");
        assert!(text.contains(step["explanation"]["en"].as_str().unwrap()), "explanation shown");
    }
    assert!(text.contains(rec["summary"]["en"].as_str().unwrap()));
    if !rec["runners_up"].as_array().unwrap().is_empty() {
        assert!(text.contains("Runners-up"));
    }
    if let Some(r) = rec["rejected"].as_array().unwrap().first() {
        assert!(text.contains("Rejected alternatives"));
        assert!(text.contains(r["text"]["en"].as_str().unwrap()));
    }
    // Danish: the Danish texts and amounts.
    let out = kompetence(&["recommend", "--employee", &id, "--lang", "da", "--format", "markdown"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(&format!("# Anbefaling til {id}")), "{text}");
    assert!(text.contains(rec["summary"]["da"].as_str().unwrap()));
    assert!(text.contains("| trin |") || text.contains("|trin"), "{text}");
    assert!(text.contains(" kr."), "Danish amounts: {text}");
}

/// e00050 is in progress on buddy training in dementia care: the table shows it as agreed,
/// in both languages, and the recommended path does not start it again.
#[test]
fn recommend_shows_what_is_already_agreed_above_the_new_path() {
    let rec = stdout_json(&["recommend", "--employee", "e00050", "--format", "json"]);
    assert_eq!(rec["agreed"]["kept"][0]["activity"], "buddy-dementia");
    let title = rec["agreed"]["kept"][0]["title"].as_str().unwrap();
    let chosen = rec["chosen"]["steps"].as_array().unwrap();
    assert!(chosen.iter().all(|s| s["activity"] != "buddy-dementia"));
    let text = String::from_utf8(kompetence(&["recommend", "--employee", "e00050"]).stdout).unwrap();
    let agreed =
        text.find("Already agreed in the development plan (kept as they are)").expect("agreed table");
    let new = text.find("The recommended path").expect("the new path");
    assert!(agreed < new && text[agreed..new].contains(title), "{text}");
    let out = kompetence(&["recommend", "--employee", "e00050", "--lang", "da", "--format", "markdown"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("## Allerede aftalt i udviklingsplanen (ligger fast)"), "{text}");
    assert!(text.contains(rec["summary"]["da"].as_str().unwrap()));
}

/// `demo` and `needs` speak Danish on request, and the "why" column names the role (not its id).
#[test]
fn demo_and_needs_in_danish_name_roles_not_ids() {
    let out = kompetence(&["demo", "--lang", "da"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Behov pr. forvaltning") && text.contains("Største behov hos"), "{text}");
    assert!(text.contains("rollen Social- og sundhedsassistent kræver niveau"), "{text}");
    assert!(!text.contains("social-and-health-assistant"), "{text}");
    let text = String::from_utf8(kompetence(&["needs", "--employee", "e00036"]).stdout).unwrap();
    assert!(text.contains("the role Social- og sundhedsassistent requires level"), "{text}");
    assert!(!text.contains("role social-and-health-assistant"), "{text}");
}

/// The plan shows the money already committed to agreed activities next to the new spending.
#[test]
fn plan_shows_committed_money() {
    let plan = stdout_json(&["plan", "--format", "json"]);
    let committed = plan["committed"].as_i64().unwrap();
    assert!(committed > 0);
    assert!(plan["total_cost"].as_i64().unwrap() + committed <= plan["budget"].as_i64().unwrap());
    let text = String::from_utf8(kompetence(&["plan"]).stdout).unwrap();
    assert!(text.contains("committed (already agreed in development plans)"), "{text}");
    // Who is left without is named, not only counted; Danish on request.
    let first_open = plan["open"][0]["employee"].as_str().unwrap();
    assert!(text.contains("Needs left open") && text.contains(first_open), "{text}");
    let text = String::from_utf8(kompetence(&["plan", "--lang", "da"]).stdout).unwrap();
    assert!(
        text.contains("bundet (allerede aftalt i udviklingsplaner)") && text.contains("960.000 kr."),
        "{text}"
    );
    assert!(text.contains("Behov der forbliver åbne") && text.contains(first_open), "{text}");
}

#[test]
fn recommend_all_table_has_a_row_per_person_and_the_total() {
    let all = stdout_json(&["recommend", "--all", "--format", "json"]);
    let list = all.as_array().unwrap();
    let out = kompetence(&["recommend", "--all"]);
    assert!(out.status.success());
    // Not a terminal: no progress bar on stderr.
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for r in list {
        assert!(text.contains(r["employee"].as_str().unwrap()));
    }
    let total: i64 = list.iter().map(|r| r["chosen"]["net_cost"].as_i64().unwrap()).sum();
    let with_path = list.iter().filter(|r| !r["chosen"]["steps"].as_array().unwrap().is_empty()).count();
    let digits = total.to_string();
    let grouped: String = digits
        .chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let sep = (i > 0 && (digits.len() - i).is_multiple_of(3)).then_some(',');
            sep.into_iter().chain(std::iter::once(c))
        })
        .collect();
    let summary =
        format!("{} people, {with_path} with a recommended path: DKK {grouped} net in total", list.len());
    assert!(text.contains(&summary), "{summary}");
}

#[test]
fn recommend_errors_are_usage_errors() {
    let out = kompetence(&["recommend", "--employee", "no-such-person"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-person"));
    assert_eq!(kompetence(&["recommend"]).status.code(), Some(2), "--employee or --all is required");
    assert_eq!(kompetence(&["recommend", "--employee", "x", "--all"]).status.code(), Some(2));
}

#[test]
fn demo_shows_each_persons_recommended_path() {
    let out = kompetence(&["demo"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let shown = text.matches("Top needs of").count();
    assert!(shown > 0);
    assert_eq!(text.matches("kompetence recommend --employee ").count(), shown, "one path per person shown");
    let v = stdout_json(&["demo", "--format", "json"]);
    let people = v["people"].as_array().unwrap();
    let recs = v["recommendations"].as_array().unwrap();
    assert_eq!(people.len(), recs.len());
    for (p, r) in people.iter().zip(recs) {
        assert_eq!(p["employee"], r["employee"]);
        assert!(r["chosen"]["steps"].is_array());
    }
}

const BROKEN_POLICY: &str = r#"{"schema_version": 1, "name": "60 allowed, 37 asserted",
  "rules": [{"id": "cap-60", "description": "60 hours", "condition": "true",
             "effect": {"kind": "cap_hours", "hours": 60.0}}],
  "assertions": [{"id": "max-37", "description": "37 hours", "scope": "step",
                  "condition": "step.hours_away <= 37"}]}"#;

#[test]
fn policy_test_fails_with_a_minimal_counterexample() {
    let path = tmp("broken-policy.json", BROKEN_POLICY);
    let out = kompetence(&["policy", "test", path.to_str().unwrap(), "--cases", "1000", "--seed", "7"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("FAILED: policy \"60 allowed, 37 asserted\", seed 7"), "{text}");
    assert!(text.contains("påstanden max-37 er brudt") && text.contains("the assertion max-37 is broken"));
    assert!(text.contains("Smallest example: 1 employee(s), 1 activit"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text[text.find("\n{").unwrap()..]).unwrap();
    assert_eq!(json["organisation"]["employees"].as_array().unwrap().len(), 1);
    assert_eq!(json["catalog"]["activities"].as_array().unwrap().len(), 1);
}

/// A check of no cases would pass without checking anything; CI must not read that as a pass.
#[test]
fn policy_test_refuses_zero_cases() {
    let out = kompetence(&["policy", "test", "demo", "--cases", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("'0'") && err.contains("--cases") && err.contains("1..="), "{err}");
    // Too many names the same range, which 0 is not in.
    let out = kompetence(&["policy", "test", "demo", "--cases", "99999999999999"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("99999999999999") && err.contains("1..=4294967295"), "{err}");
}

#[test]
fn policy_test_passes_on_the_demo_policy() {
    let out = kompetence(&["policy", "test", "demo", "--cases", "30", "--seed", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("OK: policy") && text.contains("30 plans"), "{text}");
    assert!(text.contains("plan-hoejst-30000-netto") && text.contains("plan_seats"), "{text}");
}

#[test]
fn policy_explain_reads_in_danish_and_english() {
    let out = kompetence(&["policy", "explain", "demo"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for s in [
        "# Politik",
        "## Regler",
        "ufaglaert-lang-kursus-sidemand",
        "skal følges op af sidemandsoplæring senere i forløbet",
        "buddies are searched for in the whole department",
        "# Policy",
        "## Assertions (tested in CI)",
        "for every person's item of the organisation plan",
        "| `buddy.search` | same_unit |",
    ] {
        assert!(text.contains(s), "{s:?} missing in\n{text}");
    }
    let en = String::from_utf8(kompetence(&["policy", "explain", "demo", "--lang", "en"]).stdout).unwrap();
    assert!(!en.contains("# Politik") && en.contains("# Policy"));
    // An invalid policy is invalid input (exit 1), naming the rule's field path.
    let bad = tmp(
        "bad-rule.json",
        r#"{"schema_version": 1, "name": "x", "rules": [{"id": "typo", "description": "x",
            "condition": "activity.price > 3", "effect": {"kind": "exclude"}}]}"#,
    );
    let out = kompetence(&["policy", "explain", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rules[0].condition"));
}

/// An employee of the demo with an agreed activity in their development plan.
fn demo_person_with_agreed_activity() -> String {
    let org = kompetence_formats::demo::organisation();
    org.plans
        .iter()
        .find(|p| {
            p.activities.iter().any(|a| {
                matches!(
                    a.status,
                    kompetence_core::model::ActivityStatus::Planned
                        | kompetence_core::model::ActivityStatus::InProgress
                )
            })
        })
        .map(|p| p.employee.clone())
        .expect("the demo has agreed activities")
}

#[test]
fn review_prints_a_pack_in_both_languages_and_as_json() {
    let id = demo_person_with_agreed_activity();
    let da = kompetence(&["review", "--employee", &id]);
    assert!(da.status.success(), "{}", String::from_utf8_lossy(&da.stderr));
    let da = String::from_utf8(da.stdout).unwrap();
    assert!(da.starts_with("# MUS"), "{da}");
    assert!(da.contains("## Dagsorden") && da.contains("## Udkast til udviklingsplan"), "{da}");
    let en = kompetence(&["review", "--employee", &id, "--lang", "en"]);
    let en = String::from_utf8(en.stdout).unwrap();
    assert!(en.contains("## Agenda") && en.contains("agreed, "), "{en}");
    let json = kompetence(&["review", "--employee", &id, "--format", "json"]);
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["employee"], id.as_str());
    assert!(v["agenda"].as_array().unwrap().len() >= 5);
    assert!(v["draft_idp"]["activities"].as_array().unwrap().iter().any(|a| a["agreed"] == true));
}

#[test]
fn review_with_a_replaced_question_bank() {
    let id = demo_person_with_agreed_activity();
    let bank = tmp(
        "bank.json",
        r#"{"schema_version": 1, "name": "Egen bank", "questions": [
            {"id": "only", "when": "always", "text": {"da": "Hvordan går det?", "en": "How are things?"}}]}"#,
    );
    let out =
        kompetence(&["review", "--employee", &id, "--format", "json", "--questions", bank.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["agenda"].as_array().unwrap().len(), 1);
    assert_eq!(v["agenda"][0]["question_id"], "only");
    // An invalid bank: exit 1 with the field path.
    let bad = tmp(
        "bad-bank.json",
        r#"{"schema_version": 1, "name": "x", "questions": [
            {"id": "a", "when": "own_wish", "text": {"da": "{goal}", "en": "x"}}]}"#,
    );
    let out = kompetence(&["review", "--employee", &id, "--questions", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("questions[0].text.da"));
    // An unknown employee is a usage error.
    assert_eq!(kompetence(&["review", "--employee", "nobody"]).status.code(), Some(2));
}

#[test]
fn replan_adds_an_acute_need_and_keeps_agreed_activities() {
    let id = demo_person_with_agreed_activity();
    let org = kompetence_formats::demo::organisation();
    let competence = &org.framework.competences[0].id;
    let deadline = org.as_of.plus_days(90);
    let need = format!("{competence}=4@{deadline}");
    let out =
        kompetence(&["replan", "--employee", &id, "--need", &need, "--reason", "Ny lov", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["reason"], "Ny lov");
    let kinds: Vec<&str> =
        v["changes"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert!(kinds[0] == "need_added" || kinds[0] == "need_already_met", "{kinds:?}");
    assert!(kinds.contains(&"kept") || kinds.contains(&"dropped"), "{kinds:?}");
    let md = kompetence(&["replan", "--employee", &id, "--need", &need, "--lang", "en"]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("## Changes") && md.contains("## The new plan"), "{md}");
    // Usage errors: a malformed need, no change at all, an unknown competence.
    assert_eq!(kompetence(&["replan", "--employee", &id, "--need", "x=3"]).status.code(), Some(2));
    assert_eq!(kompetence(&["replan", "--employee", &id]).status.code(), Some(2));
    let unknown = format!("no-such-competence=2@{deadline}");
    let out = kompetence(&["replan", "--employee", &id, "--need", &unknown]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("need.competence"));
}

#[test]
fn schema_prints_the_question_bank() {
    let out = kompetence(&["schema", "question-bank"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["properties"]["questions"].is_object());
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // `kompetence recommend --all | head -c 100`: the reader goes away after a few bytes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_kompetence"))
        .args(["recommend", "--all", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut first = [0u8; 100];
    child.stdout.take().expect("piped").read_exact(&mut first).expect("some output");
    let out = child.wait_with_output().expect("it ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
}

/// The small fixture with one change made to one of its documents.
fn small_with(doc: &str, change: impl FnOnce(&mut serde_json::Value)) -> [PathBuf; 2] {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/small");
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(data.join(name)).unwrap()).unwrap()
    };
    let (mut org, mut catalog) = (read("organisation.json"), read("catalog.json"));
    change(if doc == "organisation" { &mut org } else { &mut catalog });
    let tag = format!("{doc}-{}", std::thread::current().name().unwrap_or("t").replace("::", "-"));
    [
        tmp(&format!("{tag}-org.json"), &org.to_string()),
        tmp(&format!("{tag}-catalog.json"), &catalog.to_string()),
    ]
}

#[test]
fn errors_on_stderr_name_the_field_path_and_the_offending_value() {
    let [org, catalog] = small_with("catalog", |c| c["activities"][0]["fee"] = (-100).into());
    let out = kompetence(&["--org", org.to_str().unwrap(), "--catalog", catalog.to_str().unwrap(), "plan"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("catalog: activities[0].fee: must not be negative (value: -100)"), "{stderr}");

    // A usage error from the library is one readable line, with the value it refuses.
    let [org, catalog] = small_with("organisation", |_| {});
    let docs = ["--org", org.to_str().unwrap(), "--catalog", catalog.to_str().unwrap()];
    let out = kompetence(
        &[&docs[..], &["replan", "--employee", "e1", "--need", "dementia-care=9@2027-06-30"]].concat(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim(), "error: need.level: level must be within 1..=5 (value: 9)");
}

/// An HR consultant opens Moodle's export in Excel (Danish locale) and saves it: semicolons,
/// a byte-order mark, CRLF. The import reads it; a file missing a column is exit 1 with the
/// column named.
#[test]
fn import_reads_a_semicolon_csv_saved_by_excel_and_names_a_missing_column() {
    let csv = "\u{feff}Parent ID number;ID number;Shortname;Description;Description format;Scale values;\
Scale configuration;Rule type;Rule outcome;Rule config;Is framework;Taxonomy\r\n\
;fw;Plejefaglighed;;1;\"Begynder,Øvet,Erfaren\";;;;;1;\"domæne,kompetence\"\r\n\
;pleje;Pleje og omsorg;;1;;;;;;;\r\n\
pleje;demens;\"Demens; adfærd og kommunikation\";;1;;;;;;;\r\n";
    let file = tmp("excel-semicolon.csv", csv);
    let out = kompetence(&["import", "moodle", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["framework"]["id"], "fw");
    assert_eq!(v["framework"]["scale"]["levels"], serde_json::json!(["none", "Begynder", "Øvet", "Erfaren"]));
    assert_eq!(v["framework"]["competences"][1]["name"], "Demens; adfærd og kommunikation");
    assert_eq!(v["framework"]["competences"][1]["parent"], "pleje");

    let file = tmp("no-shortname.csv", &csv.replace("Shortname;", "Short name;"));
    let out = kompetence(&["import", "moodle", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("required column(s) missing: Shortname"));
}

/// An empty catalog is valid: nobody gets a path and the plan's table reads 0.0, not -0.0.
#[test]
fn an_empty_catalog_plans_nothing_and_prints_no_negative_zero() {
    let [org, catalog] = small_with("catalog", |c| c["activities"] = serde_json::json!([]));
    let out = kompetence(&["--org", org.to_str().unwrap(), "--catalog", catalog.to_str().unwrap(), "plan"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let row = text.lines().find(|l| l.contains("people with a plan")).expect("a row for people planned");
    assert_eq!(row.split('┆').nth(1).map(|c| c.trim_end_matches('│').trim()), Some("0"), "{text}");
    assert!(!text.contains("-0.0"), "{text}");
}

/// A document saved in Latin-1/Windows-1252 ("Sundhedsfaglig Ældrepleje" from an old editor)
/// is invalid input (exit 1, naming the byte), not an I/O error (exit 2), on every command.
#[test]
fn a_document_that_is_not_utf8_is_invalid_input() {
    let [org, catalog] = small_with("organisation", |o| o["name"] = "Sundhedsfaglig ÆLDREPLEJE".into());
    let text = std::fs::read_to_string(&org).unwrap();
    let at = text.find('Æ').unwrap();
    let mut latin1 = text.into_bytes();
    latin1.splice(at..at + 2, [0xC6]);
    std::fs::write(&org, latin1).unwrap();
    for args in [
        vec!["--org", org.to_str().unwrap(), "--catalog", catalog.to_str().unwrap(), "needs", "--all"],
        vec!["validate", org.to_str().unwrap()],
    ] {
        let out = kompetence(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not UTF-8") && stderr.contains(&format!("byte {at}")), "{stderr}");
    }
}

#[test]
fn a_default_deadline_is_shown_as_the_policys_horizon() {
    // The demo's first person with a need no origin set a date for (a role or career need).
    let all = stdout_json(&["needs", "--all", "--format", "json"]);
    let (id, deadline) = all
        .as_array()
        .unwrap()
        .iter()
        .find_map(|p| {
            let need = p["needs"].as_array()?.iter().find(|n| n["deadline_is_default"] == true)?;
            Some((p["employee"].as_str()?.to_owned(), need["deadline"].as_str()?.to_owned()))
        })
        .expect("someone in the demo has a need without a set date");
    for (lang, mark) in [("en", "(the policy's default horizon)"), ("da", "(politikkens standardhorisont)")] {
        for format in ["table", "markdown"] {
            let out = kompetence(&["needs", "--employee", &id, "--lang", lang, "--format", format]);
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.contains(&format!("{deadline} {mark}")), "{lang} {format}: {text}");
        }
        let out = kompetence(&["review", "--employee", &id, "--lang", lang]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(&format!("{deadline} {mark}")), "{lang}: {text}");
    }
}

/// A newcomer starts from the demo's documents: `demo --export DIR` writes them, they validate,
/// and `demo` run on them prints what the embedded demo prints.
#[test]
fn demo_export_writes_documents_that_give_the_demo_again() {
    let dir = std::env::temp_dir().join(format!("kompetence-cli-{}-export", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = kompetence(&["demo", "--export", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let file = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    let (org, catalog, policy) = (file("organisation.json"), file("catalog.json"), file("policy.json"));
    let out = kompetence(&["validate", &org, &catalog, &policy]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let docs = ["--org", &org, "--catalog", &catalog, "--policy", &policy];
    let from_files = kompetence(&[&docs[..], &["demo", "--format", "json"]].concat());
    assert!(from_files.status.success(), "{}", String::from_utf8_lossy(&from_files.stderr));
    assert_eq!(
        String::from_utf8(from_files.stdout).unwrap(),
        String::from_utf8(kompetence(&["demo", "--format", "json"]).stdout).unwrap()
    );
    // The table differs only in the suggested command, which names the files.
    let table = String::from_utf8(kompetence(&[&docs[..], &["demo"]].concat()).stdout).unwrap();
    let options = format!("--org {org} --catalog {catalog} --policy {policy} ");
    assert!(table.contains(&options), "{table}");
    assert_eq!(table.replace(&options, ""), String::from_utf8(kompetence(&["demo"]).stdout).unwrap());
    // Export is of the embedded demo only: files next to it are a usage error.
    let out = kompetence(&["--org", &org, "--catalog", &catalog, "demo", "--export", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

/// `demo` with `--org`/`--catalog` runs on those files instead of silently showing the demo.
#[test]
fn demo_runs_on_the_documents_given() {
    let [org, catalog] = small_with("organisation", |o| o["name"] = "Lille Kommune".into());
    let out = kompetence(&["--org", org.to_str().unwrap(), "--catalog", catalog.to_str().unwrap(), "demo"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Lille Kommune — planning date 2027-01-04: 2 employees"), "{text}");
    // The command it suggests for the details runs on the same files.
    let hint =
        format!("kompetence --org {} --catalog {} recommend --employee e1", org.display(), catalog.display());
    assert!(text.contains(&hint), "{text}");
    let [bad, catalog] = small_with("organisation", |o| o["as_of"] = "2027-02-30".into());
    let out = kompetence(&["--org", bad.to_str().unwrap(), "--catalog", catalog.to_str().unwrap(), "demo"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("organisation: as_of: \"2027-02-30\" is not a calendar date"), "{stderr}");
}

/// A file given as `--org` is checked as an organisation, even when it lacks the keys that
/// would tell its kind; an empty file says it is empty.
#[test]
fn validate_reads_a_named_file_as_that_document() {
    let empty_object = tmp("named-org.json", "{}");
    let out = kompetence(&["validate", "--org", empty_object.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 problem(s) in organisation"), "{stdout}");
    assert!(stdout.contains("schema_version: missing"), "{stdout}");

    let empty = tmp("empty-org.json", "");
    let out = kompetence(&[
        "--org",
        empty.to_str().unwrap(),
        "--catalog",
        empty.to_str().unwrap(),
        "needs",
        "--all",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("  organisation: the document is empty"), "{stderr}");
    let out = kompetence(&["validate", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\n  the document is empty: expected a JSON object ({ … })\n"), "{stdout}");
}

/// `--need` in the right form with a date that does not exist names the date.
#[test]
fn replan_names_a_need_date_that_does_not_exist() {
    let out = kompetence(&["replan", "--employee", "e00004", "--need", "medicine-handling=4@2027-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("deadline \"2027-02-30\" is not a calendar date of the form YYYY-MM-DD"),
        "{stderr}"
    );
}

/// `plan --budget -5` is refused for its value, not as an unknown option `-5`.
#[test]
fn a_negative_budget_is_named_with_its_value() {
    let out = kompetence(&["plan", "--budget", "-5"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim(), "error: --budget must be zero or more kroner (value: -5)");
}
