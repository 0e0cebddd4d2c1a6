//! Mandatory needs first (policy `budget.mandatory_first`): when the money is short, the plan
//! closes people's open mandatory needs (legal and safety certification) before it spends by
//! value per krone, and never leaves a person with an open mandatory need out for "budget"
//! while money that would have closed it went to optional learning.

use std::collections::BTreeMap;

use kompetence::Engine;
use kompetence::plan::OrganisationPlan;
use kompetence::plan::organisation::OpenReason;
use kompetence::recommend::Recommendation;
use kompetence::testing::{Shape, documents};
use kompetence::{ErrorKind, document};
use proptest::prelude::*;
use serde_json::json;

/// A cook `m` whose role requires hygiene 2 (a mandatory need, 9,000 kr course) and a clerk `o`
/// who wishes spreadsheet skills 3 (an optional need, a cheap e-learning course with much more
/// effect per krone). The budget holds one of the two.
fn short_budget_case(mandatory_first: Option<bool>) -> Engine {
    let org = json!({
        "schema_version": 1, "name": "Kort budget", "as_of": "2027-01-04",
        "framework": {"id": "f", "name": "F", "scale": {"levels": ["0", "1", "2", "3", "4", "5"]},
            "competences": [{"id": "hygiene", "name": "Hygiejne"},
                            {"id": "spreadsheets", "name": "Regneark"}]},
        "units": [{"id": "kommune", "name": "Kommune", "kind": "municipality"},
                  {"id": "team-a", "name": "Team A", "kind": "team", "parent": "kommune"}],
        "roles": [{"id": "cook", "name": "Kok",
                   "requirements": [{"competence": "hygiene", "level": 2}]},
                  {"id": "clerk", "name": "Kontorassistent", "requirements": []}],
        "employees": [
            {"id": "m", "unit": "team-a", "role": "cook", "levels": {},
             "max_hours_away": 60.0, "wage_cost_per_hour": 300, "education": "vocational"},
            {"id": "o", "unit": "team-a", "role": "clerk", "levels": {},
             "max_hours_away": 60.0, "wage_cost_per_hour": 300, "education": "vocational",
             "wishes": [{"competence": "spreadsheets", "level": 3}]}
        ],
    });
    let activity = |id: &str, form: &str, competence: &str, gain: u8, fee: i64, hours: f64| {
        json!({"id": id, "title": id, "form": form, "provider": "p",
            "develops": [{"competence": competence, "gain": gain, "entry_level": 0, "ceiling": 5}],
            "fee": fee, "hours_away": hours, "transfer": {"alpha": 6.0, "beta": 4.0}})
    };
    let catalog = json!({"schema_version": 1, "activities": [
        activity("hygiene-course", "external_course", "hygiene", 2, 6_000, 10.0),
        activity("spreadsheet-course", "e_learning", "spreadsheets", 3, 1_000, 5.0),
    ]});
    let mut budget = json!({"total": 10_000});
    if let Some(on) = mandatory_first {
        budget["mandatory_first"] = json!(on);
    }
    let policy = json!({"schema_version": 1, "name": "p", "budget": budget,
                        "weights": {"wish": 2.0}, "choice": {"value_per_effect": 100_000}});
    Engine::from_json(&org.to_string(), &catalog.to_string(), &policy.to_string(), None).expect("valid case")
}

fn item<'a>(
    plan: &'a OrganisationPlan,
    employee: &str,
) -> Option<&'a kompetence::plan::organisation::PlanItem> {
    plan.items.iter().find(|i| i.employee == employee)
}

#[test]
fn a_mandatory_need_is_funded_before_an_optional_one_with_more_effect_per_krone() {
    // By value per krone alone the clerk's wish wins and the cook's hygiene certificate waits.
    let by_value = short_budget_case(Some(false)).plan().expect("plans");
    assert!(item(&by_value, "o").is_some(), "{by_value:#?}");
    assert!(item(&by_value, "m").is_none(), "{by_value:#?}");
    assert!(by_value.open.iter().any(|o| o.employee == "m" && o.reason == OpenReason::Budget));
    assert!(!by_value.mandatory_first);
    assert_eq!(by_value.mandatory_needs_open, 1);

    // Mandatory first (the default): the cook is certified, the wish waits.
    for plan in [short_budget_case(None).plan().unwrap(), short_budget_case(Some(true)).plan().unwrap()] {
        let m = item(&plan, "m").unwrap_or_else(|| panic!("the cook is funded: {plan:#?}"));
        assert_eq!(m.steps[0].activity, "hygiene-course");
        assert!(item(&plan, "o").is_none(), "{plan:#?}");
        assert!(plan.mandatory_first);
        assert_eq!(plan.mandatory_needs_open, 0);
        assert!(plan.total_cost <= 10_000);
        // The bound is the constrained problem's: what the cook's certificate gives plus at
        // most the clerk's course, which is all the residual problem holds (here a fraction of
        // it, by the relaxation).
        let wish = item(&by_value, "o").map_or(0.0, |i| i.effect);
        assert!(plan.bound >= plan.value - 1e-9);
        assert!(plan.bound <= plan.value + wish + 1e-9, "bound {} over {} + {wish}", plan.bound, plan.value);
    }
}

#[test]
fn mandatory_first_must_be_a_boolean() {
    let policy = r#"{"schema_version": 1, "name": "p", "budget": {"mandatory_first": "yes"}}"#;
    let err = document::parse_policy(policy).unwrap_err();
    assert_eq!((err.kind(), err.path()), (ErrorKind::Parse, "budget.mandatory_first"), "{err}");
    let policy = document::parse_policy(r#"{"schema_version": 1, "name": "p"}"#).unwrap();
    assert!(policy.budget.mandatory_first, "on by default");
}

/// The person has a mandatory need the agreed activities do not close.
fn has_open_mandatory(rec: &Recommendation) -> bool {
    rec.needs.iter().any(|n| n.mandatory)
        && !rec.frontier.iter().any(|p| p.steps.is_empty() && p.closes_mandatory)
}

/// Units enclosing `unit` (itself first).
fn chain(engine: &Engine, unit: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = Some(unit.to_owned());
    while let Some(u) = at {
        at = engine.organisation().units.iter().find(|x| x.id == u).and_then(|x| x.parent.clone());
        out.push(u);
    }
    out
}

/// The invariant of mandatory first: a person with an open mandatory need who is left out for
/// "budget" has no path closing it (individual, without a buddy) that fits what the items of
/// people with open mandatory needs and the committed activities leave of every budget
/// enclosing them, with a free seat on each session — optional learning took none of that money.
fn check_mandatory_first(engine: &Engine) -> Result<usize, TestCaseError> {
    let recs = engine.recommend_all();
    let plan = engine.plan_from(&recs, &Default::default()).expect("plans");
    let policy = engine.policy();
    let catalog = engine.catalog();
    let by_id: BTreeMap<&str, &Recommendation> = recs.iter().map(|r| (r.employee.as_str(), r)).collect();
    let mandatory_items: Vec<_> = plan
        .items
        .iter()
        .filter(|i| by_id.get(i.employee.as_str()).is_some_and(|r| has_open_mandatory(r)))
        .collect();
    let mut seats: BTreeMap<(&str, &str), u32> = BTreeMap::new();
    for it in &mandatory_items {
        for s in &it.steps {
            if let Some(session) = &s.session {
                *seats.entry((s.activity.as_str(), session.as_str())).or_default() += 1;
            }
        }
    }
    let committed_in = |unit: &str| plan.units.iter().find(|u| u.unit == unit).map_or(0, |u| u.committed);
    let mut checked = 0;
    for o in plan.open.iter().filter(|o| o.reason == OpenReason::Budget) {
        let rec = by_id[o.employee.as_str()];
        if !has_open_mandatory(rec) {
            continue;
        }
        let units = chain(engine, &o.unit);
        let mut left = i64::MAX;
        if let Some(total) = plan.budget {
            let spent: i64 = mandatory_items.iter().map(|i| i.cost).sum();
            left = left.min(total - plan.committed - spent);
        }
        for u in &units {
            if let Some(&b) = policy.budget.per_unit.get(u) {
                let spent: i64 = mandatory_items
                    .iter()
                    .filter(|i| chain(engine, &i.unit).contains(u))
                    .map(|i| i.cost)
                    .sum();
                left = left.min(b - committed_in(u) - spent);
            }
        }
        // Paths over the 1e15-kroner cap of every money field fit no budget at all.
        let affordable = |p: &&kompetence::recommend::FrontierPoint| p.net_cost <= 1_000_000_000_000_000;
        for p in rec.frontier.iter().filter(|p| p.closes_mandatory && !p.steps.is_empty()).filter(affordable)
        {
            let individual = p.steps.iter().all(|s| {
                s.buddy.is_none()
                    && catalog.activities.iter().any(|a| a.id == s.activity && a.group.is_none())
            });
            let seat_free = p.steps.iter().all(|s| {
                s.session.as_deref().is_none_or(|x| {
                    let a = catalog.activities.iter().find(|a| a.id == s.activity).expect("activity");
                    let session = a.sessions.iter().find(|y| y.id == x).expect("session");
                    session.seats.saturating_sub(session.booked)
                        > seats.get(&(s.activity.as_str(), x)).copied().unwrap_or(0)
                })
            });
            if individual && seat_free {
                checked += 1;
                prop_assert!(
                    p.net_cost > left,
                    "{} left out with an open mandatory need: {:?} costs {} and {left} is left after mandatory items",
                    o.employee,
                    p.activity_ids(),
                    p.net_cost
                );
            }
        }
    }
    Ok(checked)
}

#[test]
fn the_demo_leaves_no_mandatory_need_open_for_money_spent_on_optional_ones() {
    let engine = kompetence::formats::demo::engine();
    let checked = check_mandatory_first(&engine).unwrap();
    eprintln!("mandatory-first paths checked on the demo: {checked}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_open_mandatory_need_is_left_out_for_money_spent_on_optional_ones(
        docs in documents(Shape { max_employees: 8, ..Shape::tiny() }),
        share in 0.0f64..1.0,
    ) {
        let mut policy = docs.policy.clone();
        policy.budget.mandatory_first = true;
        // A total budget short of what everyone's own recommendation costs, so that needs
        // compete for money.
        let engine = Engine::new(docs.organisation.clone(), docs.catalog.clone(), policy.clone()).expect("valid");
        let wanted: i64 = engine.recommend_all().iter().map(|r| r.chosen.net_cost.clamp(0, 1_000_000_000)).sum();
        policy.budget.total = Some((wanted as f64 * share) as i64);
        let engine = Engine::new(docs.organisation, docs.catalog, policy).expect("valid");
        check_mandatory_first(&engine)?;
    }
}

/// The clerk's own recommendation (the spreadsheet course) no longer fits once the cook's
/// certificate is funded; a short self-study does, and the item says the money went to
/// mandatory needs first.
#[test]
fn an_item_cut_short_by_mandatory_first_says_so() {
    let base = short_budget_case(None);
    let mut catalog = serde_json::to_value(base.catalog()).unwrap();
    catalog["activities"].as_array_mut().unwrap().push(json!({
        "id": "spreadsheet-selfstudy", "title": "Regneark selvstudie", "form": "self_study", "provider": "p",
        "develops": [{"competence": "spreadsheets", "gain": 1, "entry_level": 0, "ceiling": 5}],
        "fee": 0, "hours_away": 2.0, "transfer": {"alpha": 3.0, "beta": 7.0}}));
    let engine = Engine::from_json(
        &serde_json::to_string(base.organisation()).unwrap(),
        &catalog.to_string(),
        &serde_json::to_string(base.policy()).unwrap(),
        None,
    )
    .unwrap();
    let rec = engine.recommend("o").unwrap();
    assert_eq!(
        rec.chosen.steps.iter().map(|s| s.activity.as_str()).collect::<Vec<_>>(),
        ["spreadsheet-course"]
    );
    let plan = engine.plan().unwrap();
    assert!(item(&plan, "m").is_some(), "{plan:#?}");
    let o = item(&plan, "o").unwrap_or_else(|| panic!("the clerk gets the self-study: {plan:#?}"));
    assert_eq!(o.steps[0].activity, "spreadsheet-selfstudy");
    let d = o.differs.as_ref().expect("differs from the recommendation");
    assert_eq!(d.reasons, [kompetence::plan::deviation::DeviationReason::MandatoryFirst]);
    assert!(d.explanation.en.contains("more people's mandatory needs could be met"), "{}", d.explanation.en);
    assert!(d.explanation.da.contains("obligatoriske behov"), "{}", d.explanation.da);
}
