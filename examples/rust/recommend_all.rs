//! Times `Engine::recommend_all` on a generated municipality: the Rust side of
//! `benches/python_recommend.py`, which runs the same work through Python on the same documents.
//!
//! ```sh
//! cargo run --release --example recommend_all -- --employees 10000 [--activities 2000] [--runs 5] [--out DIR]
//! ```
//!
//! `--activities N` sets the catalog size (default: the 108 base activities).
//!
//! `--out DIR` writes the generated `organisation.json`, `catalog.json` and `policy.json` there.
//! Prints one JSON line on stdout: `{"employees", "runs", "seconds_min", "seconds_median"}`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use kompetence::Engine;
use kompetence::formats::generate::{GeneratorConfig, generate};

struct Args {
    employees: usize,
    activities: Option<usize>,
    runs: usize,
    out: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { employees: 10_000, activities: None, runs: 5, out: None };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--employees" => args.employees = value()?.parse().map_err(|e| format!("--employees: {e}"))?,
            "--activities" => {
                args.activities = Some(value()?.parse().map_err(|e| format!("--activities: {e}"))?)
            }
            "--runs" => args.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--out" => args.out = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if args.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    Ok(args)
}

fn write(dir: &std::path::Path, name: &str, value: &impl serde::Serialize) -> Result<(), String> {
    let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
    std::fs::write(dir.join(name), text).map_err(|e| format!("{}: {e}", dir.join(name).display()))
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let mut config = GeneratorConfig { employees: args.employees, ..GeneratorConfig::default() };
    if let Some(activities) = args.activities {
        config.activities = activities;
    }
    let docs = generate(&config);
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        write(dir, "organisation.json", &docs.organisation)?;
        write(dir, "catalog.json", &docs.catalog)?;
        write(dir, "policy.json", &docs.policy)?;
    }
    let engine = Engine::new(docs.organisation, docs.catalog, docs.policy).map_err(|e| e.to_string())?;
    let mut seconds = Vec::with_capacity(args.runs);
    let mut people = 0;
    for _ in 0..args.runs {
        let start = Instant::now();
        let all = engine.recommend_all();
        seconds.push(start.elapsed().as_secs_f64());
        people = std::hint::black_box(all).len();
    }
    seconds.sort_by(f64::total_cmp);
    let median = seconds[seconds.len() / 2];
    eprintln!("recommend_all in Rust: {people} people, median {median:.3} s over {} runs", args.runs);
    println!(
        "{{\"employees\": {people}, \"runs\": {}, \"seconds_min\": {}, \"seconds_median\": {median}}}",
        args.runs, seconds[0]
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
