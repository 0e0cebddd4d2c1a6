//! `kompetence plan`: the organisation-wide plan under budgets, seats and buddy capacity (D14),
//! with tables per department and unit, per strategic goal, funding, the quality certificate
//! (value, bound, gap) and the top items.

use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kompetence_core::model::UnitKind;
use kompetence_core::plan::{OrganisationPlan, PlanOptions};
use kompetence_core::recommend::{ChoiceRule, Explanation, LearningPath, Recommendation, Text};
use kompetence_core::{Engine, explain};
use rayon::prelude::*;

use crate::output::{self, Failure, dec1, print_table, table};
use crate::{DocumentArgs, Format, documents};

/// How many plan items the tables show (all of them are in the JSON).
const TOP_ITEMS: usize = 15;

/// Organisations at least this large get a progress bar (on a terminal only).
const PROGRESS_FROM: usize = 500;

/// Arguments of `kompetence plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Total budget in whole kroner, replacing the policy's.
    #[arg(long, value_name = "KR")]
    budget: Option<i64>,
}

pub fn run(docs: &DocumentArgs, args: &PlanArgs) -> Result<ExitCode, Failure> {
    if args.budget.is_some_and(|b| b < 0) {
        return Err(Failure::usage("--budget must be zero or more kroner"));
    }
    let engine = documents::engine(docs)?;
    let recs = recommend_with_progress(&engine);
    let options = PlanOptions { total_budget: args.budget, ..PlanOptions::default() };
    let plan = engine.plan_from(&recs, &options)?;
    match args.format {
        Format::Json => output::print_json(&plan)?,
        Format::Table | Format::Markdown => print(&engine, &plan, args.format == Format::Markdown),
    }
    Ok(ExitCode::SUCCESS)
}

/// Everyone's recommendation, with a progress bar on stderr for large organisations (hidden when
/// stderr is not a terminal). A person past the search limits gets only the empty path, as in
/// [`Engine::recommend_all`].
fn recommend_with_progress(engine: &Engine) -> Vec<Recommendation> {
    let employees = &engine.organisation().employees;
    if employees.len() < PROGRESS_FROM {
        return engine.recommend_all();
    }
    let bar = ProgressBar::with_draw_target(Some(employees.len() as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({eta})") {
        bar.set_style(style);
    }
    bar.set_message("Learning paths");
    let recs = employees
        .par_iter()
        .map(|e| {
            let rec = engine.recommend(&e.id).unwrap_or_else(|err| refused(engine, &e.id, &err));
            bar.inc(1);
            rec
        })
        .collect();
    bar.finish_and_clear();
    recs
}

fn refused(engine: &Engine, employee: &str, err: &kompetence_core::Error) -> Recommendation {
    let message = err.to_string();
    Recommendation {
        employee: employee.to_owned(),
        needs: engine.needs(employee).unwrap_or_default().into(),
        frontier: vec![LearningPath::empty().point()],
        chosen: LearningPath::empty(),
        rule: ChoiceRule::Refused,
        summary: Explanation::text(Text { da: message.clone(), en: message.clone() }),
        runners_up: Vec::new(),
        rejected: Vec::new(),
        refused: Some(message),
        shortlist: None,
        agreed: None,
    }
}

fn kr(x: i64) -> String {
    explain::kr_en(x)
}

fn opt_kr(x: Option<i64>) -> String {
    x.map_or_else(|| "—".to_owned(), kr)
}

fn print(engine: &Engine, plan: &OrganisationPlan, md: bool) {
    let org = engine.organisation();
    let mut t = table(&["", ""], md);
    t.add_row(vec!["total effect (value)".to_owned(), dec1(plan.value)]);
    t.add_row(vec!["upper bound".to_owned(), dec1(plan.bound)]);
    t.add_row(vec![
        "quality".to_owned(),
        format!("within {:.1} % of the best possible plan", plan.gap * 100.0),
    ]);
    t.add_row(vec!["total cost (new activities)".to_owned(), kr(plan.total_cost)]);
    t.add_row(vec!["committed (already agreed in development plans)".to_owned(), kr(plan.committed)]);
    t.add_row(vec!["total budget".to_owned(), opt_kr(plan.budget)]);
    t.add_row(vec!["people with a plan".to_owned(), plan.items.len().to_string()]);
    t.add_row(vec!["people left without".to_owned(), plan.open.len().to_string()]);
    t.add_row(vec!["team activities held".to_owned(), plan.team_activities.len().to_string()]);
    print_table(&format!("Plan for {}", org.name), &t, md);

    let mut t =
        table(&["unit", "spend", "committed", "budget", "effect", "people covered", "open needs"], md);
    for (u, unit) in plan.units.iter().zip(&org.units) {
        let indent = match unit.kind {
            UnitKind::Municipality | UnitKind::Department => "",
            _ => "  ",
        };
        t.add_row(vec![
            format!("{indent}{}", u.name),
            kr(u.spend),
            kr(u.committed),
            opt_kr(u.budget),
            dec1(u.effect),
            format!("{}/{}", u.people_covered, u.people),
            format!("{}/{}", u.needs_open, u.needs),
        ]);
    }
    print_table("Per department and unit", &t, md);

    let mut t = table(&["strategic goal", "spend", "effect", "people covered", "open needs"], md);
    for g in &plan.goals {
        t.add_row(vec![
            g.title.clone(),
            kr(g.spend),
            dec1(g.effect),
            format!("{}/{}", g.people_covered, g.people),
            format!("{}/{}", g.needs_open, g.needs),
        ]);
    }
    print_table("Per strategic goal", &t, md);

    let mut t = table(&["funding source", "amount"], md);
    for f in &plan.funding {
        t.add_row(vec![f.name.clone(), kr(f.amount)]);
    }
    print_table("Funding used", &t, md);

    if !plan.team_activities.is_empty() {
        let mut t = table(&["team activity", "team", "participants", "fixed cost"], md);
        for g in &plan.team_activities {
            t.add_row(vec![
                g.title.clone(),
                g.unit.clone(),
                g.participants.len().to_string(),
                kr(g.fixed_cost),
            ]);
        }
        print_table("Team activities", &t, md);
    }

    let mut top: Vec<_> = plan.items.iter().collect();
    top.sort_by(|a, b| b.effect.total_cmp(&a.effect).then(a.employee.cmp(&b.employee)));
    let mut t = table(&["employee", "unit", "activities", "buddy", "cost", "effect"], md);
    for it in top.iter().take(TOP_ITEMS) {
        let acts: Vec<&str> = it.steps.iter().map(|s| s.title.as_str()).collect();
        let buddies: Vec<&str> =
            it.steps.iter().filter_map(|s| s.buddy.as_ref().map(|b| b.name.as_str())).collect();
        t.add_row(vec![
            it.employee.clone(),
            it.unit.clone(),
            acts.join(" → "),
            buddies.join(", "),
            kr(it.cost),
            dec1(it.effect),
        ]);
    }
    print_table(&format!("Top {} items by effect", TOP_ITEMS.min(plan.items.len())), &t, md);

    let mut reasons: Vec<(&str, usize)> = Vec::new();
    for o in &plan.open {
        match reasons.iter_mut().find(|r| r.0 == o.reason.as_str()) {
            Some(r) => r.1 += 1,
            None => reasons.push((o.reason.as_str(), 1)),
        }
    }
    reasons.sort();
    let mut t = table(&["reason", "people", "explanation"], md);
    for (reason, count) in reasons {
        let text = plan.open.iter().find(|o| o.reason.as_str() == reason).map(|o| o.explanation.en.clone());
        t.add_row(vec![reason.to_owned(), count.to_string(), text.unwrap_or_default()]);
    }
    print_table("Needs left open", &t, md);
}
