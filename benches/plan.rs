//! Criterion bench of the organisation planner on seeded synthetic instances (budget only, and
//! with seats and buddy limits) at 10,000 and 100,000 people.

use criterion::{Criterion, criterion_group, criterion_main};
use kompetence::plan::generate::{InstanceSpec, random_instance};
use kompetence::plan::{SolveOptions, solve};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    for people in [10_000, 100_000] {
        let budget = random_instance(&InstanceSpec::budget_only(people, 1));
        group.bench_function(format!("budget_only/{people}"), |b| {
            b.iter(|| solve(&budget, &SolveOptions::default()).map(|s| s.value))
        });
        let spec = InstanceSpec { seats: true, buddies: true, ..InstanceSpec::budget_only(people, 1) };
        let seats = random_instance(&spec);
        group.bench_function(format!("seats_buddies/{people}"), |b| {
            b.iter(|| solve(&seats, &SolveOptions::default()).map(|s| s.value))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
