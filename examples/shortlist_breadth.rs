//! What the policy's `choice.shortlist` trades: how often a narrower exact search picks the same
//! path as the widest one (64 candidates), how much net value it gives up, and how long
//! recommending everyone takes, side by side in one run on the same documents.
//!
//! ```sh
//! cargo run --release --example shortlist_breadth                 # 10,000 employees, 2,000 activities
//! cargo run --release --example shortlist_breadth -- 2000 16 40 64   # employees, then shortlists
//! ```
//!
//! The documents come from the seeded generator (`kompetence::formats::generate`). A big
//! catalog lists many runs of the same course as separate activities, so people have more
//! candidates than any search compares after exact dominance pruning; the search is exact over
//! the shortlist it is given, and this measures what the shortlist itself costs. "Net value" is
//! the chosen path's score (effect × `choice.value_per_effect` − net cost), summed over everyone;
//! "same path" counts people with a non-empty path in either search whose chosen activities are
//! the same. Times are for `recommend_all` on the default thread pool, best of two runs.

use std::time::Instant;

use kompetence::Engine;
use kompetence::formats::generate::{GeneratorConfig, generate};
use kompetence::recommend::Recommendation;

fn recommend_all(
    org: &str,
    catalog: &str,
    policy: &serde_json::Value,
    shortlist: u8,
) -> (Vec<Recommendation>, f64) {
    let mut policy = policy.clone();
    policy["choice"]["shortlist"] = shortlist.into();
    let policy = policy.to_string();
    let engine = Engine::from_json(org, catalog, &policy, None).expect("generated documents are valid");
    let mut best = f64::INFINITY;
    let mut all = Vec::new();
    for _ in 0..2 {
        let t = Instant::now();
        all = engine.recommend_all();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (all, best)
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.replace('_', "").parse::<usize>());
    let employees = args.next().map_or(10_000, |n| n.expect("employees is a number"));
    let mut sizes: Vec<u8> = args
        .map(|n| u8::try_from(n.expect("shortlists are numbers")).expect("a shortlist is at most 64"))
        .collect();
    if sizes.is_empty() {
        sizes = vec![16, 24, 32, 40, 48, 64];
    }
    let widest = kompetence::paths::MAX_CANDIDATES as u8;
    let docs = generate(&GeneratorConfig { employees, activities: 2000, ..GeneratorConfig::default() });
    let org = serde_json::to_string(&docs.organisation).expect("documents serialise");
    let catalog = serde_json::to_string(&docs.catalog).expect("documents serialise");
    let policy = serde_json::to_value(&docs.policy).expect("documents serialise");
    drop(docs);

    let (reference, reference_s) = recommend_all(&org, &catalog, &policy, widest);
    println!(
        "{employees} employees, 2,000 activities, {} threads; reference: shortlist {widest}, {reference_s:.3} s",
        rayon::current_num_threads(),
    );
    println!(
        "| shortlist | people shortlisted | same path as {widest} | worse choice | mandatory needs left open | extra cost of closing mandatory | net value of best-value paths | recommend_all s | time vs {widest} |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for size in sizes {
        let (all, secs) = if size == widest {
            (reference.clone(), reference_s)
        } else {
            recommend_all(&org, &catalog, &policy, size)
        };
        let c = compare(&all, &reference);
        let pct = |x: usize, of: usize| 100.0 * x as f64 / of.max(1) as f64;
        let rel = |x: f64, of: f64| if of == 0.0 { 0.0 } else { 100.0 * (x / of - 1.0) };
        println!(
            "| {size} | {:.1} % | {:.1} % | {:.1} % | {} | {:+.2} % | {:+.2} % | {secs:.3} | {:.2} |",
            pct(all.iter().filter(|r| r.shortlist.is_some()).count(), all.len()),
            pct(c.same, c.with_path),
            pct(c.worse, c.with_path),
            c.mandatory_open,
            rel(c.closing_cost.0 as f64, c.closing_cost.1 as f64),
            rel(c.value.0, c.value.1),
            secs / reference_s
        );
    }
}

/// How one search's choices compare with the reference's, person by person, by the objective
/// the choice rule uses (see `kompetence::recommend`): a path that closes every mandatory need
/// at the least cost, otherwise the most net value.
#[derive(Default)]
struct Comparison {
    /// People with a non-empty chosen path in either search.
    with_path: usize,
    /// Of those, people given the same activities.
    same: usize,
    /// People whose choice is worse by the rule: mandatory needs left open that the reference
    /// closes, closing them at a higher cost, or less net value.
    worse: usize,
    /// People whose mandatory needs the reference closes and this search does not.
    mandatory_open: usize,
    /// Net cost of the chosen paths of people both close mandatory needs for: (this, reference).
    closing_cost: (i64, i64),
    /// Net value of the chosen paths of people both choose by value: (this, reference).
    value: (f64, f64),
}

fn compare(all: &[Recommendation], reference: &[Recommendation]) -> Comparison {
    use kompetence::recommend::ChoiceRule::{BestValue, MandatoryClosed, NothingWorthItsCost};
    let mut c = Comparison::default();
    for (r, w) in all.iter().zip(reference) {
        assert_eq!(r.employee, w.employee);
        if r.chosen.steps.is_empty() && w.chosen.steps.is_empty() {
            continue;
        }
        c.with_path += 1;
        c.same += usize::from(r.chosen.activity_ids() == w.chosen.activity_ids());
        let by_value = |rule| matches!(rule, BestValue | NothingWorthItsCost);
        match (r.rule, w.rule) {
            (MandatoryClosed, MandatoryClosed) => {
                c.closing_cost.0 += r.chosen.net_cost;
                c.closing_cost.1 += w.chosen.net_cost;
                c.worse += usize::from(r.chosen.net_cost > w.chosen.net_cost);
            }
            (a, MandatoryClosed) if a != MandatoryClosed => {
                c.mandatory_open += 1;
                c.worse += 1;
            }
            (a, b) if by_value(a) && by_value(b) => {
                c.value.0 += r.chosen.score;
                c.value.1 += w.chosen.score;
                c.worse +=
                    usize::from(r.chosen.score < w.chosen.score - 1e-6 * w.chosen.score.abs().max(1.0));
            }
            _ => {}
        }
    }
    c
}
