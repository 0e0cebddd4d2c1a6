//! Seeded random organisation-planning instances for the benchmark and the comparison with
//! HiGHS (`benches/compare_highs.py`), and timing of our solver on them.
//!
//! ```text
//! plan_instance generate --people 10000 [--seed 1] [--seats] [--buddies] [--units 20] > inst.json
//! plan_instance solve inst.json        # prints {"seconds":…,"value":…,"bound":…,"gap":…,"phases":{…}}
//! plan_instance bench --people 500000 [--seats] [--buddies] [--units 20]
//! ```

use std::time::Instant;

use kompetence::plan::generate::{InstanceSpec, random_instance};
use kompetence::plan::{PlanningProblem, SolveOptions, solve_timed};

fn spec_from(args: &[String]) -> Result<InstanceSpec, String> {
    let mut spec = InstanceSpec::budget_only(1000, 1);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut num = |name: &str| -> Result<u64, String> {
            it.next().and_then(|v| v.parse().ok()).ok_or(format!("{name} needs a number"))
        };
        match a.as_str() {
            "--people" => spec.people = num("--people")? as usize,
            "--seed" => spec.seed = num("--seed")?,
            "--units" => spec.unit_budgets = num("--units")? as usize,
            "--seats" => spec.seats = true,
            "--buddies" => spec.buddies = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(spec)
}

fn run(problem: &PlanningProblem) -> Result<String, String> {
    let start = Instant::now();
    let (s, timings) = solve_timed(problem, &SolveOptions::default()).map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    // Where the time went: validate, setup, passes, evaluate, bound (seconds each).
    let phases: Vec<String> = timings.iter().map(|(name, t)| format!("\"{name}\":{t:.6}")).collect();
    Ok(format!(
        "{{\"seconds\":{seconds},\"value\":{},\"bound\":{},\"gap\":{},\"iterations\":{},\"people\":{},\"phases\":{{{}}}}}",
        s.value,
        s.bound,
        s.gap,
        s.iterations,
        problem.people.len(),
        phases.join(",")
    ))
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") => {
            let problem = random_instance(&spec_from(&args[1..])?);
            println!("{}", serde_json::to_string(&problem).map_err(|e| e.to_string())?);
        }
        Some("solve") => {
            let path = args.get(1).ok_or("solve needs a file")?;
            let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
            let problem: PlanningProblem = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            println!("{}", run(&problem)?);
        }
        Some("bench") => {
            let problem = random_instance(&spec_from(&args[1..])?);
            println!("{}", run(&problem)?);
        }
        _ => return Err("usage: plan_instance generate|solve|bench …".into()),
    }
    Ok(())
}
