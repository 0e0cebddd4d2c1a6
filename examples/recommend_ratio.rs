//! Prints, side by side, what recommending everyone costs against parsing and validating the
//! documents (issue 3's target: recommend_all ≤ 3 × parse + validate), persons per second on one
//! thread and on the default pool, everyone's needs alone (`needs_all`, part of recommending), and
//! memory per 10,000 employees.
//!
//! ```sh
//! cargo run --release --example recommend_ratio            # 10,000 and 100,000 employees
//! cargo run --release --example recommend_ratio -- 20000   # chosen sizes
//! ```
//!
//! The documents come from the seeded generator (`kompetence::formats::generate`) with 2,000
//! catalog activities. Times are taken with nothing counted; memory is then counted in a second,
//! untimed engine build and recommend-all by a global allocator that tracks live and peak heap
//! bytes: "engine" is the heap the parsed, validated, indexed documents hold; "results" is what
//! the returned recommendations hold; "peak" is the most heap recommend_all had in use beyond the
//! engine (results and per-thread scratch memory). Explanations are kept as reasons and rendered
//! on demand, so "render all texts" times rendering every text of every person in both
//! languages on one thread, and "ratio with texts" adds it to recommend_all. "refused" counts
//! people past the search limits even on the smallest shortlist (see `kompetence::paths`), who
//! get only the empty path. Peak RSS (VmHWM) is printed at the end for the whole process.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::Instant;

use kompetence::Engine;
use kompetence::formats::generate::{GeneratorConfig, generate};

/// Counts live heap bytes and their peak while [`COUNTING`] is on. Shared atomics updated
/// by both threads at every allocation bounce a cache line between the cores, which slowed
/// the batched recommend-all by several percent, so timed phases run with counting off and
/// memory is measured in separate, untimed runs.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
// Signed: a block allocated before counting began and freed during it takes the count below
// the start, which must not wrap.
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call forwards to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            let size = layout.size() as isize;
            let now = LIVE.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            let grown = new_size as isize - layout.size() as isize;
            let now = LIVE.fetch_add(grown, Ordering::Relaxed) + grown;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// Resets the peak to the current live bytes, so the next peak is that of the next phase.
fn reset_peak() {
    PEAK.store(live(), Ordering::Relaxed);
}

fn peak() -> isize {
    PEAK.load(Ordering::Relaxed)
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Bytes gained since `before` (never negative), in MiB.
fn mib_since(now: isize, before: isize) -> f64 {
    mib((now - before).max(0) as usize)
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

struct Row {
    employees: usize,
    json_mib: f64,
    parse: f64,
    needs_all: f64,
    recommend: f64,
    render: f64,
    single_rate: f64,
    refused: usize,
    engine_mib: f64,
    results_mib: f64,
    peak_mib: f64,
}

fn measure(employees: usize, activities: usize) -> Row {
    let docs = generate(&GeneratorConfig { employees, activities, ..GeneratorConfig::default() });
    let org = serde_json::to_string(&docs.organisation).expect("documents serialise");
    let catalog = serde_json::to_string(&docs.catalog).expect("documents serialise");
    let policy = serde_json::to_string(&docs.policy).expect("documents serialise");
    drop(docs);
    let json_mib = mib(org.len() + catalog.len() + policy.len());

    let t = Instant::now();
    let engine = Engine::from_json(&org, &catalog, &policy, None).expect("generated documents are valid");
    let parse = t.elapsed().as_secs_f64();

    // Everyone's needs alone (part of recommend_all): linear in employees, so a scan that grows
    // with the organisation shows up here first.
    let t = Instant::now();
    let needs = engine.needs_all();
    let needs_all = t.elapsed().as_secs_f64();
    drop(needs);

    // Batched on the default pool: the figure the target is about.
    let t = Instant::now();
    let all = engine.recommend_all();
    let recommend = t.elapsed().as_secs_f64();
    let refused = all.iter().filter(|r| r.refused.is_some()).count();
    assert_eq!(all.len(), employees);
    // Explanations are rendered on demand: the time to render every text of every person in both
    // languages (summary, chosen and runner-up steps, rejections), as a consumer reading them all.
    let t = Instant::now();
    let mut bytes = 0usize;
    for r in &all {
        let s = r.summary_text();
        bytes += s.da.len() + s.en.len();
        for step in r.chosen.steps.iter().chain(r.runners_up.iter().flat_map(|p| &p.steps)) {
            if let Some(x) = step.explanation_text() {
                bytes += x.da.len() + x.en.len();
            }
        }
        for x in &r.rejected {
            let x = x.reason_text();
            bytes += x.da.len() + x.en.len();
        }
    }
    let render = t.elapsed().as_secs_f64();
    assert!(bytes > 0 || refused == employees);
    drop(all);

    // Single-threaded on a sample (the whole organisation would take as long again).
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool of one thread");
    let sample = employees.min(20_000);
    let ids: Vec<&str> = engine.organisation().employees.iter().take(sample).map(|e| e.id.as_str()).collect();
    let t = Instant::now();
    let done = pool.install(|| ids.iter().filter(|id| engine.recommend(id).is_ok()).count());
    let single = t.elapsed().as_secs_f64();
    let _ = done;
    drop(engine);

    // Memory, untimed: the same engine build and recommend-all with the allocator counting.
    COUNTING.store(true, Ordering::Relaxed);
    let before = live();
    let engine = Engine::from_json(&org, &catalog, &policy, None).expect("generated documents are valid");
    let engine_mib = mib_since(live(), before);
    let before = live();
    reset_peak();
    let all = engine.recommend_all();
    let results_mib = mib_since(live(), before);
    let peak_mib = mib_since(peak(), before);
    drop(all);
    drop(engine);
    COUNTING.store(false, Ordering::Relaxed);

    Row {
        employees,
        json_mib,
        parse,
        needs_all,
        recommend,
        render,
        single_rate: sample as f64 / single,
        refused,
        engine_mib,
        results_mib,
        peak_mib,
    }
}

fn main() {
    let mut sizes: Vec<usize> = Vec::new();
    let mut activities = 2000;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--activities" {
            activities = args.next().and_then(|v| v.parse().ok()).expect("--activities takes a number");
        } else {
            sizes.push(a.replace('_', "").parse().expect("sizes are numbers of employees"));
        }
    }
    if sizes.is_empty() {
        sizes = vec![10_000, 100_000];
    }
    println!(
        "{} threads in the default pool; generator seed {}, {activities} activities",
        rayon::current_num_threads(),
        kompetence::formats::generate::DEMO_SEED
    );
    println!(
        "| employees | JSON MiB | parse+validate s | needs_all s | recommend_all s | ratio | render all texts s | ratio with texts | persons/s 1 thread | persons/s batched | refused | engine MiB/10k | results MiB/10k | peak MiB/10k |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let r = measure(n, activities);
        let per10k = 10_000.0 / r.employees.max(1) as f64;
        println!(
            "| {} | {:.1} | {:.3} | {:.3} | {:.3} | {:.2} | {:.3} | {:.2} | {:.0} | {:.0} | {} | {:.1} | {:.1} | {:.1} |",
            r.employees,
            r.json_mib,
            r.parse,
            r.needs_all,
            r.recommend,
            r.recommend / r.parse,
            r.render,
            (r.recommend + r.render) / r.parse,
            r.single_rate,
            r.employees as f64 / r.recommend,
            r.refused,
            r.engine_mib * per10k,
            r.results_mib * per10k,
            r.peak_mib * per10k,
        );
    }
    if let Some(kib) = vm_hwm_kib() {
        println!("peak RSS of the process (VmHWM): {:.0} MiB", kib as f64 / 1024.0);
    }
}
