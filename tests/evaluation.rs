//! Evaluation (D9) end to end: a generated year of evaluations for the demo municipality goes
//! through JSON, validation and the engine into estimates, a report and follow-ups.

use kompetence::Engine;
use kompetence::evaluation::Lang;
use kompetence::formats::{demo, evaluations::generate_evaluations};

fn engine_with_a_year(seed: u64, n: usize) -> Engine {
    let (org, catalog, policy) = (demo::organisation(), demo::catalog(), demo::policy());
    let evals = generate_evaluations(&org, &catalog, seed, n);
    Engine::from_json(
        &serde_json::to_string(&org).unwrap(),
        &serde_json::to_string(&catalog).unwrap(),
        &serde_json::to_string(&policy).unwrap(),
        Some(&serde_json::to_string(&evals).unwrap()),
    )
    .expect("generated evaluations parse and validate")
}

#[test]
fn a_generated_year_flows_through_json_into_the_report() {
    let engine = engine_with_a_year(2027, 400);
    let report = engine.evaluation_report();
    assert_eq!(report.records, 400);
    assert_eq!(report.unmatched_records, 0);
    assert_eq!(report.by_form.iter().map(|g| g.stats.participants).sum::<u32>(), 400);
    assert_eq!(report.by_provider.iter().map(|g| g.stats.participants).sum::<u32>(), 400);
    for lang in [Lang::Da, Lang::En] {
        let md = report.to_markdown(lang);
        for a in &engine.catalog().activities {
            assert!(md.contains(&a.provider), "{:?} report names provider {}", lang, a.provider);
        }
    }
    for (i, a) in engine.catalog().activities.iter().enumerate() {
        let by_id = engine.transfer_estimate(&a.id).unwrap();
        assert_eq!(Some(&by_id), engine.transfer_estimates().for_activity(i));
        assert!(by_id.interval.0 <= by_id.mean && by_id.mean <= by_id.interval.1);
    }
}

#[test]
fn follow_ups_are_sorted_and_overdue_exactly_before_as_of() {
    let engine = engine_with_a_year(5, 300);
    let as_of = engine.organisation().as_of;
    let follow_ups = engine.follow_ups();
    assert!(!follow_ups.is_empty());
    assert!(follow_ups.windows(2).all(|w| w[0].due <= w[1].due));
    for f in &follow_ups {
        assert_eq!(f.overdue, f.due < as_of);
        assert_eq!(f.days_overdue, if f.overdue { f.due.days_until(as_of) } else { 0 });
    }
    let overdue = follow_ups.iter().filter(|f| f.overdue).count();
    assert_eq!(engine.evaluation_report().overdue_follow_ups.len(), overdue);
}

/// The report's full cost of one participation is the recommender's step cost before funding:
/// for every step the demo recommends without a buddy, a group estimate or zone supervision
/// (the parts a record cannot tell), one record of that person taking that activity costs
/// exactly the step's fee + wage cost + mentor cost.
#[test]
fn the_full_cost_is_the_recommenders_step_cost_before_funding() {
    use kompetence::evaluation::EvaluationReport;
    use kompetence::model::{EvaluationRecord, Evaluations, MentorKind};
    let engine = demo::engine();
    let mut compared = 0;
    for rec in engine.recommend_all() {
        for step in &rec.chosen.steps {
            if step.mentor == Some(MentorKind::Buddy) || step.group_estimate || step.supervised {
                continue;
            }
            let record = EvaluationRecord {
                employee: rec.employee.clone(),
                activity: step.activity.clone(),
                completed_on: engine.organisation().as_of,
                reaction: None,
                competence: None,
                level_before: None,
                level_after: None,
                behaviour: None,
                kpi_change: None,
                actual_cost: None,
            };
            let evals = Evaluations { schema_version: 1, records: vec![record] };
            let report =
                EvaluationReport::new(engine.organisation(), engine.catalog(), &evals, engine.policy());
            let full = step.fee + step.wage_cost + step.mentor_cost;
            assert_eq!(report.overall.full_cost, full, "{} {}", rec.employee, step.activity);
            compared += 1;
        }
    }
    assert!(compared > 50, "{compared} steps compared");
}
