//! A plan item that is not the person's own recommendation says so and why (in Danish and
//! English), from the constraint that bound in the planner's final state.

use kompetence::Engine;
use kompetence::plan::OrganisationPlan;
use kompetence::plan::deviation::DeviationReason;
use kompetence::recommend::Recommendation;
use serde_json::json;

/// The (activity, session) steps of a recommendation's chosen path.
fn recommended(rec: &Recommendation) -> Vec<(String, Option<String>)> {
    rec.chosen.steps.iter().map(|s| (s.activity.clone(), s.session.clone())).collect()
}

fn check_items(engine: &Engine, plan: &OrganisationPlan) -> usize {
    let recs = engine.recommend_all();
    let mut differing = 0;
    for item in &plan.items {
        let rec = recs.iter().find(|r| r.employee == item.employee).expect("a recommendation");
        let planned: Vec<_> = item.steps.iter().map(|s| (s.activity.clone(), s.session.clone())).collect();
        if planned == recommended(rec) {
            assert!(item.differs.is_none(), "{}: same path, yet {:?}", item.employee, item.differs);
            continue;
        }
        differing += 1;
        let d =
            item.differs.as_ref().unwrap_or_else(|| panic!("{} differs without saying so", item.employee));
        assert_eq!(d.recommended, rec.chosen.steps.iter().map(|s| s.activity.clone()).collect::<Vec<_>>());
        assert_eq!(d.recommended_cost, rec.chosen.net_cost);
        assert!(!d.reasons.is_empty());
        assert!(d.explanation.en.starts_with("Your own recommendation was"), "{}", d.explanation.en);
        assert!(d.explanation.da.starts_with("Din egen anbefaling var"), "{}", d.explanation.da);
        // A budget named as the reason really cannot hold the recommended path next to everyone
        // else's items.
        for r in &d.reasons {
            if let DeviationReason::UnitBudget { unit, .. } = r {
                let u = plan.units.iter().find(|u| &u.unit == unit).expect("unit");
                let others = u.spend - item.cost;
                assert!(
                    others + u.committed + d.recommended_cost > u.budget.expect("budgeted"),
                    "{}: unit {unit} would hold {}",
                    item.employee,
                    d.recommended_cost
                );
            }
            if *r == DeviationReason::TotalBudget {
                let others = plan.total_cost - item.cost;
                assert!(others + plan.committed + d.recommended_cost > plan.budget.expect("a total budget"));
            }
        }
    }
    differing
}

#[test]
fn demo_items_that_are_not_the_recommendation_say_why() {
    let engine = kompetence::formats::demo::engine();
    let plan = engine.plan().expect("plans");
    let differing = check_items(&engine, &plan);
    eprintln!("demo items differing from the recommendation: {differing} of {}", plan.items.len());
    assert!(differing > 0);
}

/// Two nurses wish to learn more wound care (optional, so each recommendation is the path with
/// the best value, not the cheapest that closes a mandatory need); the external course (much more effect) has one seat, an
/// e-learning course has many.
fn one_seat_case() -> Engine {
    let employee = |id: &str| {
        json!({"id": id, "unit": "team-a", "role": "nurse", "levels": {"wound-care": 1},
               "max_hours_away": 60.0, "wage_cost_per_hour": 300, "education": "vocational",
               "wishes": [{"competence": "wound-care", "level": 3}]})
    };
    let org = json!({
        "schema_version": 1, "name": "Én plads", "as_of": "2027-01-04",
        "framework": {"id": "f", "name": "F", "scale": {"levels": ["0", "1", "2", "3", "4", "5"]},
            "competences": [{"id": "wound-care", "name": "Sårpleje"}]},
        "units": [{"id": "kommune", "name": "Kommune", "kind": "municipality"},
                  {"id": "team-a", "name": "Team A", "kind": "team", "parent": "kommune"}],
        "roles": [{"id": "nurse", "name": "Sygeplejerske", "requirements": []}],
        "employees": [employee("n1"), employee("n2")],
    });
    let activity = |id: &str, form: &str, fee: i64, alpha: f64, sessions: serde_json::Value| {
        json!({"id": id, "title": id, "form": form, "provider": "p",
            "develops": [{"competence": "wound-care", "gain": 2, "entry_level": 0, "ceiling": 5}],
            "fee": fee, "hours_away": 10.0, "transfer": {"alpha": alpha, "beta": 10.0 - alpha},
            "sessions": sessions})
    };
    let catalog = json!({"schema_version": 1, "activities": [
        activity("course", "external_course", 3_000, 9.0,
                 json!([{"id": "s1", "start": "2027-03-01", "end": "2027-03-02", "seats": 1}])),
        activity("elearn", "e_learning", 1_000, 5.0, json!([])),
    ]});
    let policy = json!({"schema_version": 1, "name": "p", "budget": {"total": 100_000, "mandatory_first": false},
                        "choice": {"value_per_effect": 100_000}});
    Engine::from_json(&org.to_string(), &catalog.to_string(), &policy.to_string(), None).expect("valid case")
}

#[test]
fn a_person_whose_course_seat_went_to_a_colleague_is_told_so() {
    let engine = one_seat_case();
    for id in ["n1", "n2"] {
        let rec = engine.recommend(id).unwrap();
        assert_eq!(rec.chosen.steps.iter().map(|s| s.activity.as_str()).collect::<Vec<_>>(), ["course"]);
    }
    let plan = engine.plan().unwrap();
    assert_eq!(plan.items.len(), 2, "{plan:#?}");
    assert_eq!(check_items(&engine, &plan), 1);
    let moved = plan.items.iter().find(|i| i.differs.is_some()).unwrap();
    assert_eq!(moved.steps[0].activity, "elearn");
    let d = moved.differs.as_ref().unwrap();
    assert_eq!(
        d.reasons,
        [DeviationReason::Seats { activity: "course".into(), title: "course".into(), session: "s1".into() }]
    );
    assert!(d.explanation.en.contains("the seats on course (s1) are taken"), "{}", d.explanation.en);
    assert!(d.explanation.da.contains("pladserne på course (s1) er taget"), "{}", d.explanation.da);
    // The JSON every surface shows (CLI, C, Python) carries it.
    let json = serde_json::to_value(&plan).unwrap();
    let item =
        json["items"].as_array().unwrap().iter().find(|i| i["employee"] == moved.employee.as_str()).unwrap();
    assert_eq!(item["differs"]["reasons"][0]["kind"], "seats");
}
