//! Validation and the generators of valid documents: generated documents are valid and give
//! traced needs, every single corruption is caught at its exact field path, documents survive
//! a JSON round trip, and an engine refuses invalid documents with every problem.

use std::collections::BTreeMap;

use kompetence_core::document::{self, DocumentKind};
use kompetence_core::model::*;
use kompetence_core::needs::Origin;
use kompetence_core::testing::{Documents, Shape, documents, evaluations_for};
use kompetence_core::validate::{validate_all, validate_text};
use kompetence_core::{Engine, ErrorKind, Problem};
use proptest::prelude::*;
use proptest::sample::Index;

/// `(document, path)` of each problem, for comparing with expectations.
fn places(problems: &[Problem]) -> Vec<(&'static str, String)> {
    problems.iter().map(|p| (p.document.unwrap_or("?"), p.path.clone())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Generated documents have no problems, an engine builds from them, and every need is a
    /// real gap whose target some origin asks for (and no origin asks for more).
    #[test]
    fn generated_documents_are_valid_and_needs_are_traced(docs in documents(Shape::default())) {
        let problems = validate_all(&docs.organisation, &docs.catalog, &docs.policy, None);
        prop_assert!(problems.is_empty(), "{problems:#?}");
        let engine = docs.engine().map_err(|e| TestCaseError::fail(e.to_string()))?;
        for person in engine.needs_all() {
            for need in &person.needs {
                prop_assert!(need.target > need.current, "{}: {need:?}", person.employee);
                prop_assert!(
                    need.origins.iter().any(|o| o.level() == Some(need.target)),
                    "{}: no origin sets target {} of {need:?}", person.employee, need.target
                );
                prop_assert!(need.origins.iter().all(|o| o.level().is_none_or(|l| l <= need.target)));
            }
        }
    }

    /// A need's feedback origins are exactly the signals dated on or before `as_of` that name
    /// its competence and are about the person's unit or a unit above it, in document order:
    /// the engine's lookup by unit chain agrees with a scan of every signal.
    #[test]
    fn feedback_origins_are_the_signals_about_the_persons_units(docs in documents(Shape::default())) {
        let org = &docs.organisation;
        let engine = docs.engine().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let parent: BTreeMap<&str, Option<&str>> =
            org.units.iter().map(|u| (u.id.as_str(), u.parent.as_deref())).collect();
        for person in engine.needs_all() {
            let emp = org.employees.iter().find(|e| e.id == person.employee).expect("a known employee");
            let mut chain = vec![emp.unit.as_str()];
            while let Some(Some(p)) = parent.get(chain[chain.len() - 1]) {
                chain.push(p);
            }
            for need in &person.needs {
                let expected: Vec<&str> = org
                    .feedback
                    .iter()
                    .filter(|s| s.date <= org.as_of && chain.contains(&s.unit.as_str()))
                    .filter(|s| s.competences.contains(&need.competence))
                    .map(|s| s.id.as_str())
                    .collect();
                let found: Vec<&str> = need
                    .origins
                    .iter()
                    .filter_map(|o| match o {
                        Origin::Feedback { signal, .. } => Some(signal.as_str()),
                        _ => None,
                    })
                    .collect();
                prop_assert_eq!(&found, &expected, "{}: {}", person.employee, need.competence);
                if expected.is_empty() {
                    prop_assert_eq!(need.feedback, 1.0, "{}: no signal, yet a feedback factor", person.employee);
                }
            }
        }
    }

    /// Every document, evaluations included, round-trips through JSON text unchanged, through
    /// the same parser the library reads documents with.
    #[test]
    fn documents_round_trip_through_json(
        (docs, evaluations) in documents(Shape::default()).prop_flat_map(|docs| {
            let evaluations = evaluations_for(&docs.organisation, &docs.catalog, 4);
            (Just(docs), evaluations)
        })
    ) {
        let org = serde_json::to_string(&docs.organisation).unwrap();
        prop_assert_eq!(document::parse_organisation(&org).unwrap(), docs.organisation.clone());
        let catalog = serde_json::to_string_pretty(&docs.catalog).unwrap();
        prop_assert_eq!(document::parse_catalog(&catalog).unwrap(), docs.catalog.clone());
        let policy = serde_json::to_string(&docs.policy).unwrap();
        prop_assert_eq!(document::parse_policy(&policy).unwrap(), docs.policy.clone());
        let evals = serde_json::to_string(&evaluations).unwrap();
        prop_assert_eq!(document::parse_evaluations(&evals).unwrap(), evaluations.clone());
        // The same texts make a valid engine.
        prop_assert!(Engine::from_json(&org, &catalog, &policy, Some(&evals)).is_ok());
    }
}

/// One way of breaking a valid document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Corruption {
    UnknownEmployeeUnit,
    UnknownEmployeeRole,
    LevelAboveScale,
    DuplicateEmployeeId,
    DuplicateCompetenceId,
    ScaleTooShort,
    UnitCycle,
    UnknownGoalCompetence,
    ZeroGoalPriority,
    UnknownPlanEmployee,
    NegativeFee,
    NanHours,
    InvertedSession,
    OverbookedSession,
    EntryAtCeiling,
    BuddyTrainingWithoutBuddy,
    UnknownBudgetUnit,
    ShareAboveOne,
    PathLengthZero,
    ShortlistOutOfRange,
    NoMentees,
}

const CORRUPTIONS: [Corruption; 21] = [
    Corruption::UnknownEmployeeUnit,
    Corruption::UnknownEmployeeRole,
    Corruption::LevelAboveScale,
    Corruption::DuplicateEmployeeId,
    Corruption::DuplicateCompetenceId,
    Corruption::ScaleTooShort,
    Corruption::UnitCycle,
    Corruption::UnknownGoalCompetence,
    Corruption::ZeroGoalPriority,
    Corruption::UnknownPlanEmployee,
    Corruption::NegativeFee,
    Corruption::NanHours,
    Corruption::InvertedSession,
    Corruption::OverbookedSession,
    Corruption::EntryAtCeiling,
    Corruption::BuddyTrainingWithoutBuddy,
    Corruption::UnknownBudgetUnit,
    Corruption::ShareAboveOne,
    Corruption::PathLengthZero,
    Corruption::ShortlistOutOfRange,
    Corruption::NoMentees,
];

/// A goal that is valid except where the caller changes it.
fn goal(competence: &str, deadline: Date) -> StrategicGoal {
    StrategicGoal {
        id: "injected-goal".into(),
        title: "Injected".into(),
        priority: 1.0,
        deadline,
        scope: Scope::default(),
        requirements: vec![GoalRequirement {
            competence: competence.into(),
            level: 1,
            weight: 1.0,
            mandatory: false,
            certification: false,
        }],
    }
}

/// A session that is valid except where the caller changes it.
fn session(start: Date) -> Session {
    Session { id: "injected-session".into(), start, end: start.plus_days(2), seats: 5, booked: 0 }
}

/// Breaks `docs` in one way and returns where the problem must be reported. `a` and `b` choose
/// which element is broken. Needs at least two employees and one activity.
fn corrupt(docs: &mut Documents, how: Corruption, a: Index, b: Index) -> (&'static str, String) {
    let org = &mut docs.organisation;
    let catalog = &mut docs.catalog;
    let policy = &mut docs.policy;
    let i = a.index(org.employees.len());
    let k = a.index(catalog.activities.len());
    let first_competence = org.framework.competences[0].id.clone();
    match how {
        Corruption::UnknownEmployeeUnit => {
            org.employees[i].unit = "no-such-unit".into();
            ("organisation", format!("employees[{i}].unit"))
        }
        Corruption::UnknownEmployeeRole => {
            org.employees[i].role = "no-such-role".into();
            ("organisation", format!("employees[{i}].role"))
        }
        Corruption::LevelAboveScale => {
            let c = org.framework.competences[b.index(org.framework.competences.len())].id.clone();
            let above = org.framework.scale.max_level() + 1;
            org.employees[i].levels.insert(c.clone(), above);
            ("organisation", format!("employees[{i}].levels[{}]", serde_json::to_string(&c).unwrap()))
        }
        Corruption::DuplicateEmployeeId => {
            let n = org.employees.len();
            let later = 1 + a.index(n - 1);
            let earlier = b.index(later);
            org.employees[later].id = org.employees[earlier].id.clone();
            ("organisation", format!("employees[{later}].id"))
        }
        Corruption::DuplicateCompetenceId => {
            let comps = &mut org.framework.competences;
            if comps.len() == 1 {
                let mut copy = comps[0].clone();
                copy.parent = None;
                comps.push(copy);
                ("organisation", "framework.competences[1].id".into())
            } else {
                let later = 1 + a.index(comps.len() - 1);
                comps[later].id = comps[b.index(later)].id.clone();
                ("organisation", format!("framework.competences[{later}].id"))
            }
        }
        Corruption::ScaleTooShort => {
            org.framework.scale.levels.truncate(1);
            ("organisation", "framework.scale.levels".into())
        }
        Corruption::UnitCycle => {
            // The root now hangs below one of its own descendants (or itself).
            let u = a.index(org.units.len());
            org.units[0].parent = Some(org.units[u].id.clone());
            ("organisation", "units[0].parent".into())
        }
        Corruption::UnknownGoalCompetence => {
            if org.goals.is_empty() {
                org.goals.push(goal("no-such-competence", org.as_of.plus_days(100)));
                ("organisation", format!("goals[{}].requirements[0].competence", org.goals.len() - 1))
            } else {
                let g = a.index(org.goals.len());
                let r = b.index(org.goals[g].requirements.len());
                org.goals[g].requirements[r].competence = "no-such-competence".into();
                ("organisation", format!("goals[{g}].requirements[{r}].competence"))
            }
        }
        Corruption::ZeroGoalPriority => {
            if org.goals.is_empty() {
                org.goals.push(goal(&first_competence, org.as_of.plus_days(100)));
            }
            let g = a.index(org.goals.len());
            org.goals[g].priority = 0.0;
            ("organisation", format!("goals[{g}].priority"))
        }
        Corruption::UnknownPlanEmployee => {
            if org.plans.is_empty() {
                org.plans.push(DevelopmentPlan {
                    employee: String::new(),
                    agreed_on: org.as_of,
                    goals: vec![],
                    activities: vec![],
                });
            }
            let p = a.index(org.plans.len());
            org.plans[p].employee = "nobody".into();
            ("organisation", format!("plans[{p}].employee"))
        }
        Corruption::NegativeFee => {
            catalog.activities[k].fee = -100;
            ("catalog", format!("activities[{k}].fee"))
        }
        Corruption::NanHours => {
            if b.index(2) == 0 {
                org.employees[i].max_hours_away = f64::NAN;
                ("organisation", format!("employees[{i}].max_hours_away"))
            } else {
                catalog.activities[k].hours_away = f64::NAN;
                ("catalog", format!("activities[{k}].hours_away"))
            }
        }
        Corruption::InvertedSession | Corruption::OverbookedSession => {
            let sessions = &mut catalog.activities[k].sessions;
            if sessions.is_empty() {
                sessions.push(session(org.as_of.plus_days(30)));
            }
            let s = b.index(sessions.len());
            if how == Corruption::InvertedSession {
                sessions[s].end = sessions[s].start.plus_days(-1);
                ("catalog", format!("activities[{k}].sessions[{s}].end"))
            } else {
                sessions[s].booked = sessions[s].seats + 1;
                ("catalog", format!("activities[{k}].sessions[{s}].booked"))
            }
        }
        Corruption::EntryAtCeiling => {
            let d = b.index(catalog.activities[k].develops.len());
            let dev = &mut catalog.activities[k].develops[d];
            dev.entry_level = dev.ceiling;
            ("catalog", format!("activities[{k}].develops[{d}].entry_level"))
        }
        Corruption::BuddyTrainingWithoutBuddy => {
            catalog.activities[k].form = LearningForm::BuddyTraining;
            catalog.activities[k].mentor = None;
            ("catalog", format!("activities[{k}].mentor"))
        }
        Corruption::UnknownBudgetUnit => {
            policy.budget.per_unit.insert("no-such-unit".into(), 1000);
            ("policy", "budget.per_unit[\"no-such-unit\"]".into())
        }
        Corruption::ShareAboveOne => {
            if policy.funding.is_empty() {
                policy.funding.push(FundingSource {
                    id: "injected-fund".into(),
                    name: "Injected".into(),
                    covers: FundingCovers::Fees,
                    share: 0.5,
                    rate_per_hour: 0,
                    cap_per_person: None,
                    forms: vec![],
                    education: vec![],
                });
            }
            let f = a.index(policy.funding.len());
            policy.funding[f].share = 1.5;
            ("policy", format!("funding[{f}].share"))
        }
        Corruption::PathLengthZero => {
            policy.choice.max_path_length = if b.index(2) == 0 { 0 } else { 7 };
            ("policy", "choice.max_path_length".into())
        }
        Corruption::ShortlistOutOfRange => {
            policy.choice.shortlist = if b.index(2) == 0 { 7 } else { 65 };
            ("policy", "choice.shortlist".into())
        }
        Corruption::NoMentees => {
            policy.buddy.max_mentees = 0;
            ("policy", "buddy.max_mentees".into())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A single corruption of a valid document is rejected, with a problem at the exact path,
    /// and an engine refuses the documents with exactly the problems validation found.
    #[test]
    fn every_single_corruption_is_caught_at_its_path(
        mut docs in documents(Shape { min_employees: 2, min_activities: 1, ..Shape::default() }),
        how in proptest::sample::select(CORRUPTIONS.to_vec()),
        a in any::<Index>(),
        b in any::<Index>(),
    ) {
        let expected = corrupt(&mut docs, how, a, b);
        let problems = validate_all(&docs.organisation, &docs.catalog, &docs.policy, None);
        prop_assert!(
            places(&problems).contains(&expected),
            "{how:?}: expected a problem at {expected:?}, got {problems:#?}"
        );
        let err = docs.engine().expect_err("corrupted documents must not make an engine");
        prop_assert_eq!(err.kind(), ErrorKind::Validation);
        prop_assert_eq!(err.problems(), problems.as_slice());
    }
}

// ---------------------------------------------------------------------------------------------
// A hand-written fixture for exact expectations.

const ORGANISATION: &str = r#"{
  "schema_version": 1,
  "name": "Testby Kommune",
  "as_of": "2027-01-04",
  "framework": {
    "id": "testby", "name": "Testby",
    "scale": {"levels": ["none", "basic", "some", "competent", "proficient", "expert"]},
    "competences": [
      {"id": "care", "name": "Care"},
      {"id": "dementia-care", "name": "Dementia care", "parent": "care"},
      {"id": "citizen-dialogue", "name": "Citizen dialogue"}
    ]
  },
  "units": [
    {"id": "kommune", "name": "Testby Kommune", "kind": "municipality"},
    {"id": "elder-care", "name": "Elder care", "kind": "department", "parent": "kommune"},
    {"id": "home-care-north", "name": "Home care north", "kind": "team", "parent": "elder-care"}
  ],
  "roles": [
    {"id": "assistant", "name": "Social and health assistant",
     "requirements": [{"competence": "dementia-care", "level": 3}]}
  ],
  "employees": [
    {"id": "e1", "unit": "home-care-north", "role": "assistant", "levels": {"dementia-care": 1},
     "max_hours_away": 60.0, "wage_cost_per_hour": 300, "education": "vocational"},
    {"id": "e2", "unit": "home-care-north", "role": "assistant",
     "levels": {"dementia-care": 5, "citizen-dialogue": 4},
     "max_hours_away": 40.0, "wage_cost_per_hour": 320, "education": "vocational"}
  ],
  "goals": [
    {"id": "citizen-at-the-centre", "title": "Put the citizen at the centre", "priority": 1.5,
     "deadline": "2027-12-31", "scope": {"units": ["elder-care"]},
     "requirements": [{"competence": "citizen-dialogue", "level": 3}]}
  ],
  "plans": [
    {"employee": "e1", "agreed_on": "2026-11-20",
     "activities": [{"activity": "buddy-dementia", "status": "planned", "buddy": "e2"}]}
  ]
}"#;

const CATALOG: &str = r#"{
  "schema_version": 1,
  "activities": [
    {"id": "amu-dementia", "title": "Dementia care (AMU)", "form": "amu_course", "provider": "AMU Syd",
     "develops": [{"competence": "dementia-care", "gain": 2, "ceiling": 3}],
     "fee": 1200, "hours_away": 22.5,
     "sessions": [{"id": "2027-03", "start": "2027-03-01", "end": "2027-03-03", "seats": 16, "booked": 4}],
     "transfer": {"alpha": 6.0, "beta": 4.0}},
    {"id": "buddy-dementia", "title": "Side-by-side dementia care", "form": "buddy_training",
     "provider": "internal", "develops": [{"competence": "dementia-care", "gain": 1, "entry_level": 1, "ceiling": 4}],
     "fee": 0, "hours_away": 6.0, "mentor": "buddy", "mentor_hours": 8.0, "duration_weeks": 6,
     "transfer": {"alpha": 7.0, "beta": 3.0}}
  ]
}"#;

const POLICY: &str = r#"{
  "schema_version": 1,
  "name": "Testby — kompetencepolitik 2027",
  "budget": {"total": 500000, "per_unit": {"elder-care": 200000}},
  "funding": [{"id": "kompetencefonden", "name": "Kompetencefonden", "covers": "fees", "share": 0.8,
               "cap_per_person": 10000}]
}"#;

fn fixture() -> (Organisation, Catalog, Policy) {
    (
        document::parse_organisation(ORGANISATION).unwrap(),
        document::parse_catalog(CATALOG).unwrap(),
        document::parse_policy(POLICY).unwrap(),
    )
}

/// The fixture with five problems in three documents.
fn fixture_with_five_problems() -> (Organisation, Catalog, Policy) {
    let (mut org, mut catalog, mut policy) = fixture();
    org.employees[1].levels.insert("dementia-care".into(), 9);
    org.goals[0].scope.units.push("roads-and-parks".into());
    catalog.activities[0].sessions[0].end = Date::parse("2027-02-27").unwrap();
    catalog.activities[1].mentor_hours = -2.0;
    policy.budget.per_unit = BTreeMap::from([("elder-care".into(), 200_000), ("nowhere".into(), 5_000)]);
    (org, catalog, policy)
}

#[test]
fn the_fixture_is_valid_and_gives_traced_needs() {
    let (org, catalog, policy) = fixture();
    assert_eq!(validate_all(&org, &catalog, &policy, None), vec![]);
    let engine = Engine::new(org, catalog, policy).unwrap();
    let needs = engine.needs("e1").unwrap();
    let dementia = needs.iter().find(|n| n.competence == "dementia-care").unwrap();
    assert_eq!((dementia.current, dementia.target), (1, 3));
}

#[test]
fn five_injected_problems_are_reported_exactly() {
    let (org, catalog, policy) = fixture_with_five_problems();
    let problems = validate_all(&org, &catalog, &policy, None);
    let expected: Vec<(&str, String)> = [
        ("organisation", "employees[1].levels[\"dementia-care\"]"),
        ("organisation", "goals[0].scope.units[1]"),
        ("catalog", "activities[0].sessions[0].end"),
        ("catalog", "activities[1].mentor_hours"),
        ("policy", "budget.per_unit[\"nowhere\"]"),
    ]
    .into_iter()
    .map(|(d, p)| (d, p.to_owned()))
    .collect();
    assert_eq!(places(&problems), expected, "{problems:#?}");
    let values: Vec<&str> = problems.iter().map(|p| p.value.as_str()).collect();
    assert_eq!(values, ["9", "\"roads-and-parks\"", "\"2027-02-27\"", "-2.0", "\"nowhere\""]);
    assert_eq!(problems[0].message, "level 9 is outside scale 0..5");
    assert_eq!(problems[1].message, "unknown unit \"roads-and-parks\"");
    assert_eq!(problems[2].message, "end 2027-02-27 is before start 2027-03-01");
    assert_eq!(problems[3].message, "must be finite and not negative");
    assert_eq!(problems[4].message, "unknown unit \"nowhere\"");
}

/// What a person reads (the CLI's stderr, `Error`'s `Display`, a log line) names the field path
/// and the offending value of every problem, also when the message alone does not
/// ("must be finite and not negative" says nothing about the -2.0 that broke the rule).
#[test]
fn every_problem_as_text_names_its_path_and_offending_value() {
    let (org, catalog, policy) = fixture_with_five_problems();
    let problems = validate_all(&org, &catalog, &policy, None);
    for p in &problems {
        let text = p.to_string();
        assert!(text.contains(&p.path), "{text}");
        let bare = p.value.trim_matches('"');
        assert!(text.contains(bare), "{text} does not name the value {}", p.value);
    }
    assert_eq!(
        problems[3].to_string(),
        "catalog: activities[1].mentor_hours: must be finite and not negative (value: -2.0)"
    );
    // A message that already names its value is not repeated.
    assert_eq!(
        problems[0].to_string(),
        "organisation: employees[1].levels[\"dementia-care\"]: level 9 is outside scale 0..5"
    );
    let err = Engine::new(org, catalog, policy).unwrap_err();
    assert!(
        err.to_string().contains("activities[1].mentor_hours: must be finite and not negative (value: -2.0)"),
        "{err}"
    );
}

/// A key written twice in one JSON object (a level entered twice, a unit budget copied and
/// changed) is refused with its path and the key, not silently resolved to the last value.
#[test]
fn a_key_written_twice_is_refused_not_resolved_silently() {
    let twice = ORGANISATION.replacen("\"levels\": {", "\"levels\": {\"dementia-care\": 4, ", 1);
    assert_ne!(twice, ORGANISATION);
    let err = document::parse_organisation(&twice).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Parse);
    assert_eq!(err.document(), Some("organisation"));
    assert!(err.path().starts_with("employees[0].levels"), "{err}");
    assert!(err.problems()[0].message.contains("duplicate key \"dementia-care\""), "{err}");

    let twice = POLICY.replacen("\"per_unit\": {", "\"per_unit\": {\"elder-care\": 900000, ", 1);
    assert_ne!(twice, POLICY);
    let err = document::parse_policy(&twice).unwrap_err();
    assert!(err.path().starts_with("budget.per_unit"), "{err}");
    assert!(err.problems()[0].message.contains("duplicate key \"elder-care\""), "{err}");
    // Once each is fine.
    document::parse_organisation(ORGANISATION).unwrap();
}

/// A missing or repeated field is reported at the field's own path (`employees[0].unit`,
/// `as_of`), not at the object holding it, where a document-level slip had an empty path.
#[test]
fn missing_and_repeated_fields_are_named_by_their_own_path() {
    let missing = ORGANISATION.replacen("\"unit\": \"home-care-north\", ", "", 1);
    assert_ne!(missing, ORGANISATION);
    let err = document::parse_organisation(&missing).unwrap_err();
    assert_eq!((err.kind(), err.path()), (ErrorKind::Parse, "employees[0].unit"), "{err}");
    assert!(err.problems()[0].message.contains("missing field `unit`"), "{err}");

    let twice = ORGANISATION.replacen("\"as_of\":", "\"as_of\": \"2027-06-01\", \"as_of\":", 1);
    assert_ne!(twice, ORGANISATION);
    let err = document::parse_organisation(&twice).unwrap_err();
    assert_eq!((err.kind(), err.path()), (ErrorKind::Parse, "as_of"), "{err}");
}

#[test]
fn an_engine_refuses_invalid_documents_with_every_problem() {
    let (org, catalog, policy) = fixture_with_five_problems();
    let problems = validate_all(&org, &catalog, &policy, None);
    let texts = (
        serde_json::to_string(&org).unwrap(),
        serde_json::to_string(&catalog).unwrap(),
        serde_json::to_string(&policy).unwrap(),
    );

    let err = Engine::new(org, catalog, policy).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.problems(), problems.as_slice());
    assert_eq!(err.problems().len(), 5);
    assert_eq!(err.document(), Some("organisation"));
    assert_eq!(err.path(), "employees[1].levels[\"dementia-care\"]");
    assert!(err.to_string().starts_with("validation error: 5 problems"), "{err}");

    // The same from JSON text.
    let err = Engine::from_json(&texts.0, &texts.1, &texts.2, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.problems(), problems.as_slice());
}

#[test]
fn a_single_document_is_checked_on_its_own_as_text() {
    let (mut org, _, mut policy) = fixture_with_five_problems();
    org.employees[0].unit = "atlantis".into();
    let (kind, problems) = validate_text(&serde_json::to_string(&org).unwrap(), None);
    assert_eq!(kind, Some(DocumentKind::Organisation));
    assert_eq!(
        places(&problems),
        [
            ("organisation", "employees[0].unit".to_owned()),
            ("organisation", "employees[1].levels[\"dementia-care\"]".to_owned()),
            ("organisation", "goals[0].scope.units[1]".to_owned()),
        ]
    );
    // On its own, a policy cannot know the organisation's units, so only rules of its own apply.
    policy.urgency.default_deadline_days = 0;
    let (kind, problems) = validate_text(&serde_json::to_string(&policy).unwrap(), None);
    assert_eq!(kind, Some(DocumentKind::Policy));
    assert_eq!(places(&problems), [("policy", "urgency.default_deadline_days".to_owned())]);
}

#[test]
fn evaluations_are_checked_against_both_documents() {
    let (org, catalog, policy) = fixture();
    let evaluations: Evaluations = serde_json::from_value(serde_json::json!({
        "schema_version": 1,
        "records": [
            {"employee": "e1", "activity": "amu-dementia", "completed_on": "2026-10-01", "reaction": 4,
             "competence": "dementia-care", "level_before": 0, "level_after": 1,
             "behaviour": {"applied": "partly", "weeks_after": 8}, "actual_cost": 1400},
            {"employee": "e9", "activity": "yoga", "completed_on": "2026-10-01", "reaction": 6,
             "competence": "dementia-care", "level_before": 2, "level_after": 8, "actual_cost": -1}
        ]
    }))
    .unwrap();
    let problems = validate_all(&org, &catalog, &policy, Some(&evaluations));
    assert_eq!(
        places(&problems),
        ["employee", "level_after", "activity", "reaction", "actual_cost"]
            .map(|f| ("evaluations", format!("records[1].{f}")))
    );
    let err = Engine::with_evaluations(org, catalog, policy, Some(evaluations)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.problems(), problems.as_slice());
}

#[test]
fn the_embedded_demo_documents_are_valid() {
    use kompetence::formats::demo;
    let problems = validate_all(&demo::organisation(), &demo::catalog(), &demo::policy(), None);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A key of a map (a person's `levels`, a policy's `budget.per_unit`) is spelled the same way by the reader's shape errors and by validation: `levels["dementia-care"]`,
/// the key as a JSON string in brackets (what `jq` reads; a dotted key would be ambiguous for
/// ids with dots or spaces). Struct fields stay dotted.
#[test]
fn map_keys_are_spelled_alike_in_shape_and_rule_errors() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/invalid/organisation-level-not-a-number.json"
    ))
    .unwrap();
    let shape = document::parse_organisation(&text).unwrap_err();
    assert_eq!((shape.kind(), shape.path()), (ErrorKind::Parse, "employees[0].levels[\"dementia-care\"]"));

    // The same field, well-formed but off the scale, as validation reports it.
    let (mut org, _, _) = fixture();
    org.employees[0].levels.insert("dementia-care".into(), 9);
    let (_, problems) = validate_text(&serde_json::to_string(&org).unwrap(), None);
    assert_eq!(problems[0].path, shape.path());

    // Keys that are not plain words, a map of enums, a policy's map, and fields around them.
    let mut value = serde_json::to_value(fixture().0).unwrap();
    value["employees"][0]["levels"] = serde_json::json!({"a.b \"c\"": "high"});
    let err = document::parse_organisation(&value.to_string()).unwrap_err();
    assert_eq!(err.path(), r#"employees[0].levels["a.b \"c\""]"#);
    let mut value = serde_json::to_value(fixture().0).unwrap();
    // The key of a map with enum keys is not captured by the reader: the map is named.
    value["employees"][1]["preferences"] = serde_json::json!({"course": "adores"});
    let err = document::parse_organisation(&value.to_string()).unwrap_err();
    assert_eq!(err.path(), "employees[1].preferences");
    let mut value = serde_json::to_value(fixture().0).unwrap();
    value["employees"][1]["max_hours_away"] = serde_json::json!("forty");
    let err = document::parse_organisation(&value.to_string()).unwrap_err();
    assert_eq!(err.path(), "employees[1].max_hours_away");
    let policy = POLICY.replace("\"elder-care\": 200000", "\"elder-care\": \"lots\"");
    let err = document::parse_policy(&policy).unwrap_err();
    assert_eq!(err.path(), r#"budget.per_unit["elder-care"]"#);
    let policy = POLICY.replace("\"share\": 0.8", "\"share\": \"most\"");
    let err = document::parse_policy(&policy).unwrap_err();
    assert_eq!(err.path(), "funding[0].share");
}

/// Every money field is capped at 1e15 kroner, like the policy's budgets, so that what the
/// engine adds and multiplies stays exact and within what the planner takes: a value over the
/// cap is refused at its own field, with the value, instead of failing `Engine::plan` later at
/// a path of the planner's internal problem.
#[test]
fn every_money_field_over_1e15_kroner_is_refused_at_its_field() {
    const CAP: i64 = 1_000_000_000_000_000;
    let (mut org, mut catalog, mut policy) = fixture();
    org.employees[0].wage_cost_per_hour = CAP + 1;
    catalog.activities[0].fee = i64::MAX;
    catalog.activities[0].group =
        Some(GroupTerms { fixed_cost: CAP + 1, min_participants: 2, max_participants: 8 });
    policy.zones.supervisor_cost_per_hour = CAP + 1;
    policy.funding[0].rate_per_hour = CAP + 1;
    policy.funding[0].cap_per_person = Some(CAP + 1);
    policy.choice.value_per_effect = CAP + 1;
    let evaluations: Evaluations = serde_json::from_value(serde_json::json!({
        "schema_version": 1,
        "records": [{"employee": "e1", "activity": "amu-dementia", "completed_on": "2026-10-01",
                     "actual_cost": CAP + 1}]
    }))
    .unwrap();
    let problems = validate_all(&org, &catalog, &policy, Some(&evaluations));
    let expected: Vec<(&str, String)> = [
        ("organisation", "employees[0].wage_cost_per_hour"),
        ("catalog", "activities[0].fee"),
        ("catalog", "activities[0].group.fixed_cost"),
        ("policy", "zones.supervisor_cost_per_hour"),
        ("policy", "funding[0].rate_per_hour"),
        ("policy", "funding[0].cap_per_person"),
        ("policy", "choice.value_per_effect"),
        ("evaluations", "records[0].actual_cost"),
    ]
    .into_iter()
    .map(|(d, p)| (d, p.to_owned()))
    .collect();
    assert_eq!(places(&problems), expected, "{problems:#?}");
    assert_eq!(problems[1].value, i64::MAX.to_string());
    assert!(problems.iter().all(|p| p.message == "must be at most 1e15 kroner"), "{problems:#?}");
    assert_eq!(
        problems[0].to_string(),
        format!(
            "organisation: employees[0].wage_cost_per_hour: must be at most 1e15 kroner (value: {})",
            CAP + 1
        )
    );

    // Money at the cap is valid, and the engine works with it: a path that costs more than any
    // budget can hold (fee 1e15 plus 22.5 hours' wages) is recommended, and the organisation
    // plan leaves it out instead of failing inside the planner.
    let (mut org, mut catalog, mut policy) = fixture();
    org.employees[0].wage_cost_per_hour = 1000;
    catalog.activities[0].fee = CAP;
    policy.choice.value_per_effect = CAP;
    policy.budget = Default::default();
    let engine = Engine::new(org, catalog, policy).unwrap();
    let rec = engine.recommend("e1").unwrap();
    assert!(rec.frontier.iter().any(|p| p.net_cost > CAP), "{:?}", rec.frontier);
    let plan = engine.plan().unwrap();
    assert!(plan.items.iter().all(|i| i.cost <= CAP), "{:?}", plan.items);
}

/// Hours that multiply an hourly rate (`hours_away` by wages and funding rates, `mentor_hours`
/// by a buddy's wage or the supervisor's rate, `zones.supervision_hours` by the supervisor's
/// rate) must keep the product within 1e15 kroner, where it is exact in the engine's arithmetic;
/// a product over it is refused at the hours field, naming the rate it was multiplied by.
#[test]
fn hours_times_an_hourly_rate_stay_within_1e15_kroner() {
    let (mut org, catalog, mut policy) = fixture();
    org.employees[1].wage_cost_per_hour = 100_000_000_000_000; // 1e14: valid on its own
    policy.zones.supervisor_cost_per_hour = 100_000_000_000_000;
    policy.zones.supervision_hours = 20.0;
    let problems = validate_all(&org, &catalog, &policy, None);
    let expected: Vec<(&str, String)> =
        [("catalog", "activities[0].hours_away"), ("policy", "zones.supervision_hours")]
            .into_iter()
            .map(|(d, p)| (d, p.to_owned()))
            .collect();
    assert_eq!(places(&problems), expected, "{problems:#?}");
    assert_eq!(problems[0].value, "22.5");
    assert_eq!(
        problems[0].message,
        "22.5 hours × 100000000000000 kroner per hour (employees[1].wage_cost_per_hour) is more than 1e15 kroner"
    );
    assert_eq!(problems[1].value, "20.0");
    // 6 hours away and 8 mentor hours of the buddy training stay within the cap (6e14, 8e14).
    let mut catalog = catalog;
    catalog.activities[1].mentor_hours = 12.0;
    policy.zones.supervision_hours = 8.0;
    let problems = validate_all(&org, &catalog, &policy, None);
    assert_eq!(
        places(&problems),
        [
            ("catalog", "activities[0].hours_away".to_owned()),
            ("catalog", "activities[1].mentor_hours".to_owned())
        ]
    );
    // On its own, a catalog knows no wages: only the organisation's are checked with it.
    assert_eq!(kompetence_core::validate::validate_catalog(&catalog, None), vec![]);
}
