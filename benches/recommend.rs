//! Recommender throughput on the seeded generator (2,000 catalog activities): parse + validate,
//! needs for everyone, and recommendations for everyone on one thread and on the default pool,
//! in persons per second; and recommendations for everyone with every explanation rendered
//! (they are kept as reasons and rendered on demand).
//!
//! ```sh
//! cargo bench --bench recommend                               # 10,000 employees
//! KOMPETENCE_BENCH_LARGE=1 cargo bench --bench recommend      # also 100,000 employees
//! ```
//!
//! `KOMPETENCE_BENCH_ACTIVITIES` changes the catalog size (e.g. 108, the base catalog, where
//! nobody is past the candidate limit). Sample sizes are small so a run takes a few minutes;
//! `cargo run --release --example recommend_ratio` prints the same figures side by side.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kompetence::Engine;
use kompetence::formats::generate::{GeneratorConfig, generate};

struct Texts {
    organisation: String,
    catalog: String,
    policy: String,
}

fn texts(employees: usize, activities: usize) -> Texts {
    let docs = generate(&GeneratorConfig { employees, activities, ..GeneratorConfig::default() });
    Texts {
        organisation: serde_json::to_string(&docs.organisation).expect("documents serialise"),
        catalog: serde_json::to_string(&docs.catalog).expect("documents serialise"),
        policy: serde_json::to_string(&docs.policy).expect("documents serialise"),
    }
}

fn engine(t: &Texts) -> Engine {
    Engine::from_json(&t.organisation, &t.catalog, &t.policy, None).expect("generated documents are valid")
}

fn sizes() -> Vec<usize> {
    let mut sizes = vec![10_000];
    if std::env::var_os("KOMPETENCE_BENCH_LARGE").is_some() {
        sizes.push(100_000);
    }
    sizes
}

fn activities() -> usize {
    std::env::var("KOMPETENCE_BENCH_ACTIVITIES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
}

fn bench(c: &mut Criterion) {
    let activities = activities();
    let single = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool of one thread");
    for n in sizes() {
        let t = texts(n, activities);
        let e = engine(&t);
        let mut g = c.benchmark_group(format!("recommend/{activities}-activities"));
        g.sample_size(10).measurement_time(Duration::from_secs(if n > 10_000 { 60 } else { 15 }));
        g.warm_up_time(Duration::from_secs(1));
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("parse_validate", n), &t, |b, t| b.iter(|| engine(black_box(t))));
        g.bench_with_input(BenchmarkId::new("needs_all", n), &e, |b, e| b.iter(|| e.needs_all()));
        g.bench_with_input(BenchmarkId::new("recommend_all_1_thread", n), &e, |b, e| {
            b.iter(|| single.install(|| e.recommend_all()))
        });
        g.bench_with_input(BenchmarkId::new("recommend_all_batched", n), &e, |b, e| {
            b.iter(|| e.recommend_all())
        });
        // Explanations are rendered on demand; this is recommend_all plus rendering every text
        // of every person in both languages.
        g.bench_with_input(BenchmarkId::new("recommend_all_batched_with_texts", n), &e, |b, e| {
            b.iter(|| {
                let all = e.recommend_all();
                let mut bytes = 0usize;
                for r in &all {
                    bytes += r.summary_text().en.len();
                    for s in r.chosen.steps.iter().chain(r.runners_up.iter().flat_map(|p| &p.steps)) {
                        bytes += s.explanation_text().map_or(0, |t| t.da.len() + t.en.len());
                    }
                    bytes += r.rejected.iter().map(|x| x.reason_text().en.len()).sum::<usize>();
                }
                black_box(bytes)
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
