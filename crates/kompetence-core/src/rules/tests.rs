use super::*;
use crate::model::{Education, UnitKind};

fn err(src: &str, scope: Scope) -> String {
    match compile(src, scope) {
        Ok(_) => panic!("{src:?} compiled"),
        Err(e) => e,
    }
}

/// True when the program gives `true` (as the rules read a condition).
fn holds(p: &Program, ctx: &Context) -> bool {
    gives_true(p.expression(), ctx)
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

fn employee() -> Employee {
    Employee {
        id: "e1".into(),
        name: None,
        unit: "u".into(),
        role: "r".into(),
        levels: [("c".to_owned(), 2), ("d".to_owned(), 4)].into_iter().collect(),
        assessment: None,
        preferences: Default::default(),
        languages: vec![],
        max_hours_away: 37.0,
        wage_cost_per_hour: 300,
        education: Education::Vocational,
        wishes: vec![],
        target_role: None,
        buddy_history: vec![],
        max_mentees: None,
    }
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
        certifies: false,
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
    for (education, person_excluded) in [(Education::Unskilled, true), (Education::Vocational, false)] {
        let mut emp = employee();
        emp.education = education;
        let scope = c.person_context(&emp, None, "");
        let person = c.person_effects(&policy, &scope);
        let a = c.activity_effects(&policy, &scope, &person, 0, &catalog.activities[0]);
        let b = c.activity_effects(&policy, &scope, &person, 1, &catalog.activities[1]);
        assert_eq!((a.effect_factor, b.effect_factor), (1.0, 2.0));
        assert_eq!(a.excluded_by.as_deref(), person_excluded.then_some("person-exclude"));
        // The first exclusion by rule position wins, whether decided per activity or per person.
        let first = if person_excluded { "person-exclude" } else { "static-exclude" };
        assert_eq!(b.excluded_by.as_deref(), Some(first));
    }
}

/// The split of conditions into person-only, activity-only and mixed conjuncts decides exactly
/// what evaluating the whole condition per person and activity decides: for conditions of every
/// shape (one kind of conjunct, all three, a disjunction on top, run-time errors in either
/// part, nested conjunctions), every person and every activity.
#[test]
fn split_conditions_decide_what_the_whole_condition_decides() {
    let mut english = activity("en", 900);
    english.language = "en".into();
    english.hours_away = 40.0;
    let catalog = crate::model::Catalog {
        schema_version: crate::model::SCHEMA_VERSION,
        activities: vec![activity("a", 50), activity("b", 500), english],
    };
    let conditions = [
        "employee.education == \"unskilled\"",
        "employee.education == \"unskilled\" && activity.fee > 100",
        "employee.education == \"unskilled\" && activity.fee > 100 && activity.hours_away > 37",
        "activity.language in employee.languages && employee.max_hours_away < 30.0",
        "(activity.fee > 100 && employee.wage_cost_per_hour > 300) && (unit.kind == \"team\" && activity.id != \"b\")",
        "employee.education == \"unskilled\" || activity.fee > 100",
        "employee.wage_cost_per_hour / 0 == 1 && activity.fee > 100",
        "activity.fee / 0 == 1 && employee.education == \"unskilled\"",
        "!(activity.language in employee.languages) && true",
    ];
    let people = [
        (Education::Unskilled, 25.0, 400, "da", UnitKind::Team),
        (Education::Vocational, 37.0, 250, "en", UnitKind::Unit),
    ];
    for (i, condition) in conditions.iter().enumerate() {
        let mut policy = Policy::with_defaults("split");
        policy.rules = vec![Rule {
            id: format!("r{i}"),
            description: String::new(),
            condition: (*condition).into(),
            effect: RuleEffect::Exclude,
        }];
        let c = CompiledRules::build(&policy, &catalog);
        assert_eq!(c.activity.len() + c.activity_only.len(), 1, "{condition}");
        let whole = compile(condition, Scope::Activity).unwrap();
        for (education, hours, wage, language, kind) in people {
            let mut emp = employee();
            emp.education = education;
            emp.max_hours_away = hours;
            emp.wage_cost_per_hour = wage;
            emp.languages = vec![language.into()];
            let unit = Unit { id: "u".into(), name: "U".into(), kind, parent: None };
            let scope = c.person_context(&emp, Some(&unit), "d");
            let person = c.person_effects(&policy, &scope);
            for (a, act) in catalog.activities.iter().enumerate() {
                let mut inner = scope.cel().new_inner_scope();
                inner.add_variable_from_value("activity", activity_value(act));
                let expected = holds(&whole, &inner);
                let got = c.activity_effects(&policy, &scope, &person, a, act).excluded_by.is_some();
                assert_eq!(got, expected, "{condition} for {education:?} and {}", act.id);
            }
        }
    }
}

/// The serde name of a value (what the documents say).
fn snake<T: serde::Serialize>(x: &T) -> String {
    match serde_json::to_value(x) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

#[test]
fn names_are_the_documents_names() {
    for e in [
        Education::Unskilled,
        Education::Vocational,
        Education::ShortHigher,
        Education::MediumHigher,
        Education::LongHigher,
    ] {
        assert_eq!(e.as_str(), snake(&e));
    }
    for k in [UnitKind::Municipality, UnitKind::Department, UnitKind::Unit, UnitKind::Team] {
        assert_eq!(k.as_str(), snake(&k));
    }
    for f in LearningForm::ALL {
        assert_eq!(f.as_str(), snake(&f));
        assert_eq!(f.family().as_str(), snake(&f.family()));
    }
}

/// Differential test of the native evaluator against the CEL interpreter: generated conditions
/// over every field kind (with `!` around parts, so that an error and `false` are told apart,
/// missing level keys, integer overflow and division by zero, NaN from `0.0 / 0.0`, int/double
/// mixes) on generated people, units, needs and activities give the same answer.
mod differential {
    use super::*;
    use crate::model::{Date, Development, TransferPrior};
    use proptest::prelude::*;

    fn int() -> BoxedStrategy<String> {
        let leaf = prop_oneof![
            prop_oneof![Just(0i64), Just(1), Just(2), Just(37), Just(-5), Just(i64::MAX), Just(1 << 62)]
                .prop_map(|i| if i == i64::MAX { "9223372036854775807".to_owned() } else { i.to_string() }),
            prop::sample::select(vec![
                "employee.wage_cost_per_hour",
                "employee.levels[\"c\"]",
                "employee.levels[\"x\"]",
                "employee.levels.d",
                "need.current",
                "need.target",
                "need.gap",
                "need.days_to_deadline",
                "activity.fee",
                "activity.duration_weeks",
            ])
            .prop_map(str::to_owned),
        ];
        leaf.prop_recursive(3, 12, 2, |inner| {
            prop_oneof![
                (inner.clone(), prop::sample::select(vec!["+", "-", "*", "/", "%"]), inner.clone())
                    .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
                inner.clone().prop_map(|a| format!("-({a})")),
                (boolean_leaf(), inner.clone(), inner).prop_map(|(c, a, b)| format!("({c} ? {a} : {b})")),
            ]
        })
        .boxed()
    }

    fn double() -> BoxedStrategy<String> {
        let leaf = prop_oneof![
            prop::sample::select(vec!["0.0", "1.5", "37.0", "-2.25", "1e300"]).prop_map(str::to_owned),
            prop::sample::select(vec!["employee.max_hours_away", "need.weight", "activity.hours_away"])
                .prop_map(str::to_owned),
        ];
        leaf.prop_recursive(2, 8, 2, |inner| {
            prop_oneof![
                (inner.clone(), prop::sample::select(vec!["+", "-", "*", "/"]), inner.clone())
                    .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
                inner.prop_map(|a| format!("-({a})")),
            ]
        })
        .boxed()
    }

    fn string() -> BoxedStrategy<String> {
        prop_oneof![
            prop::sample::select(vec![
                "\"\"",
                "\"c\"",
                "\"da\"",
                "\"team\"",
                "\"goal\"",
                "\"unskilled\"",
                "\"g1\""
            ])
            .prop_map(str::to_owned),
            prop::sample::select(vec![
                "employee.id",
                "employee.education",
                "employee.target_role",
                "unit.kind",
                "unit.department",
                "unit.name",
                "need.competence",
                "goal.id",
                "goal.title",
                "activity.form",
                "activity.family",
                "activity.mentor",
                "activity.language",
            ])
            .prop_map(str::to_owned),
        ]
        .boxed()
    }

    fn list() -> BoxedStrategy<String> {
        prop::sample::select(vec![
            "[\"da\", \"en\"]",
            "[]",
            "[\"c\"]",
            "employee.languages",
            "need.origins",
            "need.goals",
            "activity.competences",
        ])
        .prop_map(str::to_owned)
        .boxed()
    }

    fn boolean_leaf() -> BoxedStrategy<String> {
        prop_oneof![Just("true".to_owned()), Just("need.mandatory".to_owned())].boxed()
    }

    fn boolean() -> BoxedStrategy<String> {
        let cmp = prop::sample::select(vec!["<", "<=", ">", ">=", "==", "!="]);
        let leaf = prop_oneof![
            boolean_leaf(),
            (int(), cmp.clone(), int()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            (double(), cmp.clone(), int()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            (int(), cmp.clone(), double()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            (double(), cmp.clone(), double()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            (string(), cmp, string()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            (string(), list()).prop_map(|(a, l)| format!("{a} in {l}")),
            string().prop_map(|a| format!("{a} in employee.levels")),
            (string(), prop::sample::select(vec!["startsWith", "endsWith", "contains"]), string())
                .prop_map(|(a, f, b)| format!("{a}.{f}({b})")),
            (list(), prop::sample::select(vec!["==", "!="]), list())
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
        ];
        leaf.prop_recursive(3, 16, 3, |inner| {
            prop_oneof![
                inner.clone().prop_map(|a| format!("!({a})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} && {b})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} || {b})")),
                (inner.clone(), inner.clone(), inner).prop_map(|(c, a, b)| format!("({c} ? {a} : {b})")),
            ]
        })
        .boxed()
    }

    fn date(days: i64) -> Date {
        Date::new(2027, 1, 1).unwrap().plus_days(days)
    }

    prop_compose! {
        fn facts()(
            education in prop::sample::select(vec![Education::Unskilled, Education::LongHigher]),
            languages in prop::sample::select(vec![vec![], vec!["en".to_owned()], vec!["da".to_owned(), "en".to_owned()]]),
            wage in prop_oneof![Just(0i64), 1..1000i64, Just(i64::MAX)],
            hours in prop_oneof![Just(0.0), 1.0..80.0f64],
            levels in prop::collection::btree_map(prop::sample::select(vec!["c".to_owned(), "d".to_owned()]), 0u8..6, 0..3),
            unit in prop::option::of(prop::sample::select(vec![UnitKind::Team, UnitKind::Department])),
            (current, target) in (0u8..6, 0u8..6),
            weight in prop_oneof![Just(0.0), 0.1..3.0f64],
            mandatory in any::<bool>(),
            days in -100i64..1000,
            goal in any::<bool>(),
            fee in prop_oneof![Just(0i64), 1..50_000i64],
            form in prop::sample::select(LearningForm::ALL.to_vec()),
            competences in prop::collection::vec(prop::sample::select(vec!["c".to_owned(), "x".to_owned()]), 0..3),
        ) -> (Employee, Option<Unit>, Need, LearningActivity) {
            let mut emp = employee();
            emp.education = education;
            emp.languages = languages;
            emp.wage_cost_per_hour = wage;
            emp.max_hours_away = hours;
            emp.levels = levels;
            let unit = unit.map(|kind| Unit { id: "u".into(), name: "Unit".into(), kind, parent: None });
            let deadline = date(days);
            let mut origins = vec![Origin::Role { role: "r".into(), level: target }];
            if goal {
                origins.push(Origin::Goal { goal: "g1".into(), title: "Goal".into(), level: target, deadline });
            }
            let need = Need {
                competence: "c".into(),
                current,
                target,
                weight,
                weighted_gap: 0.0,
                deadline,
                deadline_is_default: false,
                mandatory,
                urgency: 1.0,
                feedback: 0.0,
                origins,
                certification: false,
            };
            let mut act = activity("a", fee);
            act.form = form;
            act.develops = competences
                .into_iter()
                .map(|competence| Development { competence, gain: 1, entry_level: 0, ceiling: 5 })
                .collect();
            act.transfer = TransferPrior { alpha: 2.0, beta: 2.0 };
            (emp, unit, need, act)
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        #[test]
        fn native_evaluation_agrees_with_the_interpreter(condition in boolean(), (emp, unit, need, act) in facts()) {
            let program = Program::compile(&condition).expect("generated conditions parse");
            let Some(node) = native::compile(program.expression()) else {
                // Left to the interpreter (e.g. int/double arithmetic mixes): nothing to compare.
                return Ok(());
            };
            let as_of = date(0);
            let facts = native::Facts {
                employee: Some(&emp),
                unit: Some((unit.as_ref(), "dept")),
                need: Some((&need, as_of.days_until(need.deadline))),
                activity: Some(&act),
            };
            let mut ctx = Context::with_env(Arc::new(cel::Env::stdlib()));
            ctx.add_variable_from_value("employee", employee_value(&emp));
            ctx.add_variable_from_value("unit", unit_value(unit.as_ref(), "dept"));
            let (need_value, goal_value) = need_values(&need, as_of);
            ctx.add_variable_from_value("need", need_value);
            ctx.add_variable_from_value("goal", goal_value);
            ctx.add_variable_from_value("activity", activity_value(&act));
            prop_assert_eq!(native::holds(&node, &facts), holds(&program, &ctx), "{}", condition);
        }
    }

    /// The generator above reaches the native evaluator for most conditions (else the
    /// differential test would compare little).
    #[test]
    fn most_generated_conditions_compile_natively() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = boolean();
        let native = (0..500)
            .filter(|_| {
                let c = strategy.new_tree(&mut runner).unwrap().current();
                native::compile(Program::compile(&c).unwrap().expression()).is_some()
            })
            .count();
        assert!(native >= 300, "only {native} of 500 compiled natively");
    }
}
