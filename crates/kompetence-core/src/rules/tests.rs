use super::*;

fn err(src: &str, scope: Scope) -> String {
    match compile(src, scope) {
        Ok(_) => panic!("{src:?} compiled"),
        Err(e) => e,
    }
}

fn eval(src: &str, vars: Vec<(&str, Value)>) -> bool {
    let p = Program::compile(src).unwrap();
    let mut ctx = Context::with_env(Arc::new(cel::Env::stdlib()));
    for (k, v) in vars {
        ctx.add_variable_from_value(k, v);
    }
    holds(&p, &ctx)
}

#[test]
fn good_conditions_compile_in_their_scope() {
    for (src, scope) in [
        ("employee.education == \"unskilled\" && activity.hours_away > 37", Scope::Activity),
        ("activity.form in [\"amu_course\", \"external_course\"]", Scope::Activity),
        ("need.competence.startsWith(\"first-aid\") && need.days_to_deadline < 730", Scope::Need),
        ("goal.id != \"\" || \"role\" in need.origins", Scope::Need),
        ("size(unit.id) > 0 && employee.levels[\"hygiene\"] >= 2", Scope::Person),
        ("step.goals.exists(g, g == \"g1\") || \"role\" in step.origins", Scope::Step),
        ("path.net_cost <= 30000 && path.hours_away <= 37.0", Scope::Path),
        ("path.forms.all(f, f != \"e_learning\")", Scope::Path),
    ] {
        if let Err(e) = compile(src, scope) {
            panic!("{src:?}: {e}");
        }
    }
}

#[test]
fn bad_conditions_are_reported_with_line_and_column() {
    let e = err("employee.education == ", Scope::Person);
    assert!(e.starts_with("1:") && e.contains("syntax error"), "{e}");
    let e = err("employee.salary > 3", Scope::Person);
    assert!(e.starts_with("1:9: unknown field `salary` of `employee`"), "{e}");
    let e = err("activity.fee > 0", Scope::Person);
    assert!(e.starts_with("1:1: unknown variable `activity`"), "{e}");
    let e = err("true &&\n  employee.max_hours_away == \"many\"", Scope::Person);
    assert!(e.starts_with("2:") && e.contains("wrong type"), "{e}");
    let e = err("employee.id", Scope::Person);
    assert!(e.contains("must give bool"), "{e}");
    let e = err("frobnicate(employee.id)", Scope::Person);
    assert!(e.contains("unknown function `frobnicate`"), "{e}");
    let e = err(&"(".repeat(40), Scope::Person);
    assert!(e.contains("32 deep"), "{e}");
}

#[test]
fn int_and_double_compare_at_run_time() {
    let step = record(vec![("hours_away", Value::Float(40.0)), ("net_cost", Value::Int(100))]);
    assert!(!eval("step.hours_away <= 37", vec![("step", step.clone())]));
    assert!(eval("step.hours_away > 37 && step.net_cost < 100.5", vec![("step", step)]));
}

#[test]
fn runtime_errors_do_not_hold() {
    let step = record(vec![("net_cost", Value::Int(100))]);
    assert!(!eval("step.net_cost / 0 == 1", vec![("step", step)]));
}

fn activity(id: &str, fee: i64) -> LearningActivity {
    use crate::model::{Development, TransferPrior};
    LearningActivity {
        id: id.into(),
        title: format!("Title {id}"),
        form: LearningForm::AmuCourse,
        provider: "AMU".into(),
        language: "da".into(),
        develops: vec![Development { competence: "c".into(), gain: 1, entry_level: 0, ceiling: 5 }],
        fee,
        hours_away: 7.4,
        mentor: None,
        mentor_hours: 0.0,
        sessions: vec![],
        duration_weeks: 1,
        transfer: TransferPrior { alpha: 2.0, beta: 2.0 },
        group: None,
    }
}

#[test]
fn activity_only_rules_are_decided_once_per_activity() {
    let catalog = crate::model::Catalog {
        schema_version: crate::model::SCHEMA_VERSION,
        activities: vec![activity("a", 50), activity("b", 500)],
    };
    let mut policy = Policy::with_defaults("static");
    let rule = |id: &str, condition: &str, effect: RuleEffect| Rule {
        id: id.into(),
        description: id.into(),
        condition: condition.into(),
        effect,
    };
    policy.rules = vec![
        rule("static-factor", "activity.fee > 100", RuleEffect::EffectFactor { factor: 2.0 }),
        rule("person-exclude", "employee.education == \"unskilled\"", RuleEffect::Exclude),
        rule("static-exclude", "activity.id == \"b\"", RuleEffect::Exclude),
    ];
    let c = CompiledRules::build(&policy, &catalog);
    // Two rules read only `activity`: decided when the engine is built, not per person.
    assert_eq!((c.activity_only.len(), c.activity.len()), (2, 1));
    assert_eq!(c.activity_static.len(), 2);
    for (education, person_excluded) in [("unskilled", true), ("vocational", false)] {
        let mut ctx = Context::with_env(Arc::clone(&c.env));
        ctx.add_variable_from_value("employee", record(vec![("education", s(education))]));
        let a = c.activity_effects(&policy, &ctx, 0);
        let b = c.activity_effects(&policy, &ctx, 1);
        assert_eq!((a.effect_factor, b.effect_factor), (1.0, 2.0));
        assert_eq!(a.excluded_by.as_deref(), person_excluded.then_some("person-exclude"));
        // The first exclusion by rule position wins, whether decided per activity or per person.
        let first = if person_excluded { "person-exclude" } else { "static-exclude" };
        assert_eq!(b.excluded_by.as_deref(), Some(first));
    }
}
