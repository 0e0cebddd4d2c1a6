//! A complete small program: build the demo municipality, recommend one person's learning path
//! and print it with its reasons, then summarise everyone's chosen paths.
//!
//! ```sh
//! cargo run --example recommend [EMPLOYEE_ID]
//! ```

use std::process::ExitCode;

use kompetence::Engine;
use kompetence::explain::kr_en;

fn main() -> ExitCode {
    let docs = kompetence::formats::demo::documents().clone();
    let engine = match Engine::new(docs.organisation, docs.catalog, docs.policy) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    // The person: the first argument, or else the demo's first employee with a need.
    let id = match std::env::args().nth(1) {
        Some(id) => id,
        None => match engine.needs_all().into_iter().find(|p| !p.needs.is_empty()) {
            Some(p) => p.employee,
            None => {
                eprintln!("nobody in the demo has a need");
                return ExitCode::from(1);
            }
        },
    };
    let rec = match engine.recommend(&id) {
        Ok(rec) => rec,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    println!("{}: {}", rec.employee, rec.summary_text().en);
    for (i, step) in rec.chosen.steps.iter().enumerate() {
        println!(
            "  {}. {} ({} – {}), {}, effect {:.2}",
            i + 1,
            step.title,
            step.start,
            step.end,
            kr_en(step.net_cost),
            step.effect
        );
        if let Some(why) = step.explanation_text() {
            println!("     {}", why.en);
        }
    }
    println!("  {} runner(s)-up, {} rejected alternative(s)", rec.runners_up.len(), rec.rejected.len());

    let all = engine.recommend_all();
    let with_path = all.iter().filter(|r| !r.chosen.steps.is_empty()).count();
    let cost: i64 = all.iter().map(|r| r.chosen.net_cost).sum();
    println!("everyone: {} people, {with_path} with a path, {} net in total", all.len(), kr_en(cost));
    ExitCode::SUCCESS
}
