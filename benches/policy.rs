//! What 50 policy rules cost the recommender: `recommend_all` on the demo municipality (240
//! employees) with the demo policy's rules removed, and with 50 rules of every scope added.
//! The rules are compiled once per engine and evaluated once per person, need and candidate
//! activity, never in the path search, so the target is at most 20 % extra time.
//!
//! `cargo bench --bench policy`

use criterion::{Criterion, criterion_group, criterion_main};
use kompetence::Engine;
use kompetence::model::{BuddySearch, LearningForm, Policy, Rule, RuleEffect};

/// 50 rules: 20 activity, 15 need and 15 person rules with realistic conditions. Most do not
/// change any outcome (factors of 1, generous caps), so both engines search the same space and
/// the difference is the rules' own cost.
pub fn fifty_rules() -> Vec<Rule> {
    let mut rules = Vec::new();
    let r = |id: String, condition: String, effect: RuleEffect| Rule {
        description: format!("benchmark rule {id}"),
        id,
        condition,
        effect,
    };
    for i in 0..20 {
        let (cond, effect) = match i % 4 {
            0 => (
                format!("activity.provider == \"provider-{i}\" && employee.education != \"long_higher\""),
                RuleEffect::Exclude,
            ),
            1 => (
                format!("activity.family == \"course\" && activity.hours_away > {} ", 500 + i),
                RuleEffect::RequireFollowUp { form: LearningForm::BuddyTraining },
            ),
            2 => (
                format!("activity.fee > {} || \"comp-{i}\" in activity.competences", 1_000_000 + i),
                RuleEffect::EffectFactor { factor: 1.0 },
            ),
            _ => (format!("activity.language == \"xx{i}\" && unit.kind == \"team\""), RuleEffect::Exclude),
        };
        rules.push(r(format!("activity-{i}"), cond, effect));
    }
    for i in 0..15 {
        let (cond, effect) = if i % 2 == 0 {
            (format!("need.competence == \"none-{i}\" && need.gap > 0"), RuleEffect::Mandatory)
        } else {
            (
                format!("need.days_to_deadline < {} && goal.id != \"\"", -1000 - i),
                RuleEffect::WeightFactor { factor: 1.0 },
            )
        };
        rules.push(r(format!("need-{i}"), cond, effect));
    }
    for i in 0..15 {
        let (cond, effect) = match i % 3 {
            0 => (
                format!("employee.wage_cost_per_hour > {}", 100_000 + i),
                RuleEffect::CapHours { hours: 1.0 },
            ),
            1 => (format!("employee.role == \"role-{i}\""), RuleEffect::CapCost { kroner: 0 }),
            _ => (
                format!("unit.department == \"dept-{i}\""),
                RuleEffect::BuddySearch { search: BuddySearch::Organisation },
            ),
        };
        rules.push(r(format!("person-{i}"), cond, effect));
    }
    rules
}

fn engines() -> (Engine, Engine) {
    let org = kompetence::formats::demo::organisation();
    let catalog = kompetence::formats::demo::catalog();
    let mut plain: Policy = kompetence::formats::demo::policy();
    plain.rules.clear();
    plain.assertions.clear();
    let mut ruled = plain.clone();
    ruled.rules = fifty_rules();
    (
        Engine::new(org.clone(), catalog.clone(), plain).expect("demo is valid"),
        Engine::new(org, catalog, ruled).expect("the 50 rules compile"),
    )
}

fn bench(c: &mut Criterion) {
    let (plain, ruled) = engines();
    assert_eq!(
        serde_json::to_string(&plain.recommend_all()).unwrap(),
        serde_json::to_string(&ruled.recommend_all()).unwrap(),
        "the benchmark rules change no outcome"
    );
    let mut g = c.benchmark_group("recommend_all_demo");
    g.sample_size(10);
    g.bench_function("no_rules", |b| b.iter(|| plain.recommend_all()));
    g.bench_function("50_rules", |b| b.iter(|| ruled.recommend_all()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
