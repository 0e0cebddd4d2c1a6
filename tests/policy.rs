//! Policy as data: rules in CEL, assertions, and the property check behind `kompetence policy test`.

use kompetence_core::model::{Assertion, AssertionScope, LearningForm, Policy, Rule, RuleEffect};
use kompetence_core::testing::{Shape, check_policy, documents};
use kompetence_core::{Engine, ErrorKind};
use proptest::prelude::*;

fn rule(id: &str, condition: &str, effect: RuleEffect) -> Rule {
    Rule { id: id.into(), description: format!("test rule {id}"), condition: condition.into(), effect }
}

fn assertion(id: &str, scope: AssertionScope, condition: &str) -> Assertion {
    Assertion {
        id: id.into(),
        description: format!("test assertion {id}"),
        scope,
        condition: condition.into(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// An excluded form never appears on any frontier path, and the rule is named among the
    /// rejections when the person could have used the activity.
    #[test]
    fn excluded_form_never_appears(docs in documents(Shape::default())) {
        let mut policy = docs.policy.clone();
        policy.rules.push(rule("no-e-learning", "activity.form == \"e_learning\"", RuleEffect::Exclude));
        let engine = Engine::new(docs.organisation.clone(), docs.catalog.clone(), policy).unwrap();
        for rec in engine.recommend_all() {
            for path in &rec.frontier {
                for step in &path.steps {
                    prop_assert_ne!(engine.activity(&step.activity).unwrap().form, LearningForm::ELearning);
                }
            }
            for r in &rec.rejected {
                if r.form == LearningForm::ELearning {
                    let is_policy = matches!(&r.reason, kompetence_core::recommend::RejectReason::Policy { rule } if rule == "no-e-learning")
                        || matches!(&r.reason, kompetence_core::recommend::RejectReason::Language { .. } | kompetence_core::recommend::RejectReason::NoGain | kompetence_core::recommend::RejectReason::NotCertifying { .. });
                    prop_assert!(is_policy, "{:?}", r.reason);
                }
            }
        }
    }

    /// Every path holding a course is followed by on-the-job buddy training when a rule asks
    /// for it; a cap_hours rule caps every path.
    #[test]
    fn follow_up_and_hours_cap_hold(docs in documents(Shape::default())) {
        let mut policy = docs.policy.clone();
        policy.rules.push(rule(
            "course-then-buddy",
            "activity.family == \"course\"",
            RuleEffect::RequireFollowUp { form: LearningForm::BuddyTraining },
        ));
        policy.rules.push(rule("cap-20", "true", RuleEffect::CapHours { hours: 20.0 }));
        let engine = Engine::new(docs.organisation.clone(), docs.catalog.clone(), policy).unwrap();
        for rec in engine.recommend_all() {
            for path in &rec.frontier {
                prop_assert!(path.hours_away <= 20.0 + 1e-9);
                for (i, step) in path.steps.iter().enumerate() {
                    if engine.activity(&step.activity).unwrap().form.family() == kompetence_core::model::FormFamily::Course {
                        prop_assert!(path.steps[i + 1..].iter().any(|s| engine.activity(&s.activity).unwrap().form == LearningForm::BuddyTraining));
                    }
                }
            }
        }
    }
}

#[test]
fn a_rule_can_make_a_need_mandatory_and_weigh_it() {
    let org = kompetence_formats::demo::organisation();
    let catalog = kompetence_formats::demo::catalog();
    let base = Engine::new(org.clone(), catalog.clone(), kompetence_formats::demo::policy()).unwrap();
    let mut policy = kompetence_formats::demo::policy();
    policy.rules.push(rule("all-mandatory", "need.gap >= 1", RuleEffect::Mandatory));
    policy.rules.push(rule("double", "true", RuleEffect::WeightFactor { factor: 2.0 }));
    let ruled = Engine::new(org.clone(), catalog, policy).unwrap();
    let e = &base.needs_all().into_iter().find(|p| !p.needs.is_empty()).unwrap().employee;
    let (a, b) = (base.recommend(e).unwrap(), ruled.recommend(e).unwrap());
    assert!(!b.needs.is_empty());
    assert!(b.needs.iter().all(|n| n.mandatory));
    for n in b.needs.iter() {
        let m = a.needs.iter().find(|m| m.competence == n.competence).unwrap();
        assert!((n.weight - 2.0 * m.weight).abs() < 1e-9 * n.weight.abs().max(1.0));
    }
}

#[test]
fn bad_rules_are_reported_with_id_and_position() {
    let mut policy = Policy::with_defaults("broken");
    policy.rules = vec![
        rule("ok", "employee.education == \"unskilled\"", RuleEffect::CapHours { hours: 10.0 }),
        rule("syntax", "activity.fee >", RuleEffect::Exclude),
        rule("field", "activity.price > 100", RuleEffect::Exclude),
        rule("type", "activity.provider > 3 && true", RuleEffect::Exclude),
        rule("variable", "need.gap > 1", RuleEffect::Exclude),
    ];
    policy.assertions = vec![assertion("not-bool", AssertionScope::Path, "path.net_cost + 1")];
    let err =
        Engine::new(kompetence_formats::demo::organisation(), kompetence_formats::demo::catalog(), policy)
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    let ps: Vec<_> = err.problems().iter().filter(|p| p.path.contains("condition")).collect();
    let paths: Vec<&str> = ps.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "rules[1].condition",
            "rules[2].condition",
            "rules[3].condition",
            "rules[4].condition",
            "assertions[0].condition"
        ]
    );
    assert!(
        ps[0].message.starts_with("rule \"syntax\": 1:") && ps[0].message.contains("syntax error"),
        "{}",
        ps[0].message
    );
    assert!(
        ps[1].message.starts_with("rule \"field\": 1:9: unknown field `price` of `activity`"),
        "{}",
        ps[1].message
    );
    assert!(
        ps[2].message.starts_with(
            "rule \"type\": 1:19: wrong type: `>` compares two numbers or two strings, got string and int"
        ),
        "{}",
        ps[2].message
    );
    assert!(
        ps[3].message.starts_with("rule \"variable\": 1:1: unknown variable `need`"),
        "{}",
        ps[3].message
    );
    assert!(ps[4].message.contains("must give bool"), "{}", ps[4].message);
    assert!(ps.iter().all(|p| p.document == Some("policy")));
}

#[test]
fn a_broken_policy_is_caught_with_a_minimal_counterexample() {
    let mut policy = Policy::with_defaults("broken: 60 hours allowed, 37 asserted");
    policy.rules.push(rule("cap-60", "true", RuleEffect::CapHours { hours: 60.0 }));
    policy.assertions.push(assertion("max-37", AssertionScope::Step, "step.hours_away <= 37"));
    let report = check_policy(&policy, None, None, 1000, 7).unwrap();
    let cx = report.counterexample.expect("a step over 37 hours is found within 1,000 cases");
    assert_eq!(cx.organisation.employees.len(), 1);
    assert_eq!(cx.catalog.activities.len(), 1);
    assert!(cx.violations.iter().all(|v| v.check == "max-37"));
    let hours = cx.catalog.activities[0].hours_away;
    assert!(hours > 37.0 && hours <= 60.0, "{hours}");
    assert!(cx.explanation.en.contains("max-37") && cx.explanation.da.contains("max-37"));
    // Deterministic for a seed.
    let again = check_policy(&policy, None, None, 1000, 7).unwrap().counterexample.unwrap();
    assert_eq!(serde_json::to_string(&again.catalog).unwrap(), serde_json::to_string(&cx.catalog).unwrap());
}

#[test]
fn the_demo_policy_holds_on_generated_cases() {
    let policy = kompetence_formats::demo::policy();
    assert!(!policy.rules.is_empty() && !policy.assertions.is_empty());
    let report = check_policy(&policy, None, None, 300, 2027).unwrap();
    assert!(report.passed(), "{:?}", report.counterexample.map(|c| c.explanation.en));
    assert!(report.people_checked >= 300);
    assert_eq!(report.assertions.len(), policy.assertions.len());
}

#[test]
fn the_demo_policy_holds_on_subsets_of_the_demo() {
    let policy = kompetence_formats::demo::policy();
    let org = kompetence_formats::demo::organisation();
    let catalog = kompetence_formats::demo::catalog();
    let report = check_policy(&policy, Some(&org), Some(&catalog), 40, 1).unwrap();
    assert!(report.passed(), "{:?}", report.counterexample.map(|c| c.explanation.en));
    assert!(report.steps_checked > 0);
}

/// The plan is checked too: an item assertion stricter than what the per-person budget allows
/// is broken in the organisation plan, and the counterexample shows it with the plan.
#[test]
fn a_plan_item_assertion_is_checked_on_the_organisation_plan() {
    let mut policy = Policy::with_defaults("plan items at most 1 kr");
    policy.budget.per_person = Some(30_000);
    policy.assertions.push(assertion("item-1-kr", AssertionScope::PlanItem, "item.cost <= 1"));
    let report = check_policy(&policy, None, None, 1000, 3).unwrap();
    let cx = report.counterexample.expect("some plan item costs more than 1 kr");
    assert!(report.plans_checked >= 1 && report.plan_items_checked >= 1);
    assert!(!cx.violations.is_empty());
    assert!(cx.violations.iter().all(|v| v.check == "item-1-kr" && v.in_plan && !v.employee.is_empty()));
    let plan = cx.plan.as_ref().expect("the counterexample carries its plan");
    assert!(plan.items.iter().any(|i| i.cost > 1 && cx.violations.iter().any(|v| v.employee == i.employee)));
    assert_eq!(cx.organisation.employees.len(), 1);
    assert_eq!(cx.catalog.activities.len(), 1);
    assert!(cx.explanation.en.contains("in the plan for employee"), "{}", cx.explanation.en);
}

/// A plan assertion sees the whole plan: a spend ceiling below what the planner spends fails,
/// one above the budget holds.
#[test]
fn a_plan_assertion_sees_the_whole_plan() {
    let mut policy = Policy::with_defaults("plan spends nothing");
    policy.budget.total = Some(50_000);
    policy.assertions.push(assertion("nothing", AssertionScope::Plan, "plan.total_cost == 0"));
    let report = check_policy(&policy, None, None, 1000, 5).unwrap();
    let cx = report.counterexample.expect("some plan spends money");
    assert!(cx.violations.iter().all(|v| v.check == "nothing" && v.in_plan && v.employee.is_empty()));
    assert!(cx.plan.as_ref().is_some_and(|p| p.total_cost > 0));
    assert!(cx.explanation.da.contains("i organisationens plan"), "{}", cx.explanation.da);

    policy.assertions =
        vec![assertion("within", AssertionScope::Plan, "plan.has_budget && plan.total_cost <= plan.budget")];
    let report = check_policy(&policy, None, None, 200, 5).unwrap();
    assert!(report.passed(), "{:?}", report.counterexample.map(|c| c.explanation.en));
    assert!(report.plans_checked >= 200);
}

/// Plan-scope conditions are type-checked like the others.
#[test]
fn plan_assertions_are_type_checked() {
    let mut policy = Policy::with_defaults("bad plan assertions");
    policy.assertions = vec![
        assertion("item-field", AssertionScope::PlanItem, "item.price < 3"),
        assertion("plan-var", AssertionScope::Plan, "employee.id == \"x\""),
        assertion("ok", AssertionScope::PlanItem, "item.goals.exists(g, g != \"\") || item.cost < 100"),
    ];
    let err = kompetence_core::testing::check_policy(&policy, None, None, 1, 0).unwrap_err();
    let ps = err.problems();
    assert_eq!(ps.len(), 2, "{ps:?}");
    assert!(ps[0].message.contains("unknown field `price` of `item`"), "{}", ps[0].message);
    assert!(ps[1].message.contains("unknown variable `employee`"), "{}", ps[1].message);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    /// An excluded form never appears in the organisation plan either, team activities included;
    /// and no plan item owes a follow-up a rule requires.
    #[test]
    fn excluded_form_never_appears_in_the_plan(docs in documents(Shape::default())) {
        let mut policy = docs.policy.clone();
        policy.rules.push(rule("no-e-learning", "activity.form == \"e_learning\"", RuleEffect::Exclude));
        policy.rules.push(rule(
            "course-then-buddy",
            "activity.family == \"course\"",
            RuleEffect::RequireFollowUp { form: LearningForm::BuddyTraining },
        ));
        let engine = Engine::new(docs.organisation.clone(), docs.catalog.clone(), policy).unwrap();
        let plan = engine.plan().unwrap();
        for item in &plan.items {
            for (i, step) in item.steps.iter().enumerate() {
                prop_assert_ne!(step.form, LearningForm::ELearning);
                if step.form.family() == kompetence_core::model::FormFamily::Course {
                    prop_assert!(item.steps[i + 1..].iter().any(|s| s.form == LearningForm::BuddyTraining));
                }
            }
        }
    }
}

/// A sequence that leaves a required follow-up owed is not a feasible path.
#[test]
fn learning_path_refuses_a_missing_follow_up() {
    let org = kompetence_formats::demo::organisation();
    let catalog = kompetence_formats::demo::catalog();
    let plain = Engine::new(org.clone(), catalog.clone(), kompetence_formats::demo::policy()).unwrap();
    // Someone whose recommendation has a one-step course path.
    let (employee, course) = plain
        .recommend_all()
        .into_iter()
        .find_map(|r| {
            let course = r.frontier.iter().find(|p| {
                p.steps.len() == 1
                    && plain.activity(&p.steps[0].activity).unwrap().form.family()
                        == kompetence_core::model::FormFamily::Course
            })?;
            Some((r.employee.clone(), course.steps[0].activity.clone()))
        })
        .expect("the demo has a one-course path");
    assert!(plain.learning_path(&employee, &[course.as_str()]).is_ok());
    let mut policy = kompetence_formats::demo::policy();
    policy.rules.push(rule(
        "course-then-buddy",
        "activity.family == \"course\"",
        RuleEffect::RequireFollowUp { form: LearningForm::BuddyTraining },
    ));
    let ruled = Engine::new(org, catalog, policy).unwrap();
    let err = ruled.learning_path(&employee, &[course.as_str()]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("course-then-buddy"), "{err}");
}

/// A check of no cases would check nothing and pass, which in CI reads as "the policy holds":
/// `cases = 0` (an unset variable, a typo) is refused at the argument `cases`, on every surface.
#[test]
fn zero_cases_are_refused_at_the_argument_cases() {
    let policy = kompetence_formats::demo::policy();
    let err = check_policy(&policy, None, None, 0, 1).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(err.path(), "cases");
    assert_eq!(err.problems()[0].value, "0");
    assert!(err.to_string().contains("at least 1"), "{err}");
    // One case is the smallest check, and it reports what it checked.
    let report = check_policy(&policy, None, None, 1, 1).unwrap();
    assert_eq!(report.cases, 1);
    assert!(report.plans_checked >= 1, "{report:?}");
}
