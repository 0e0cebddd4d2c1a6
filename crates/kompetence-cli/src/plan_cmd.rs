//! `kompetence plan`: the organisation-wide plan under budgets, seats and buddy capacity (D14),
//! with tables per department and unit, per strategic goal, funding, the quality certificate
//! (value, bound, gap) and the top items.

use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kompetence_core::model::UnitKind;
use kompetence_core::plan::{OrganisationPlan, PlanOptions};
use kompetence_core::recommend::Recommendation;
use kompetence_core::{Engine, explain};

use crate::output::{self, Failure, dec1, print_table, table, tr};
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
    /// Language of the tables and explanations.
    #[arg(long, value_enum, default_value_t)]
    lang: crate::evaluate_cmd::Language,
    /// Total budget in whole kroner, replacing the policy's.
    // A negative number is read as the value (and refused with it), not as an unknown option.
    #[arg(long, value_name = "KR", allow_negative_numbers = true)]
    budget: Option<i64>,
}

pub fn run(docs: &DocumentArgs, args: &PlanArgs) -> Result<ExitCode, Failure> {
    if let Some(budget) = args.budget.filter(|b| *b < 0) {
        return Err(Failure::usage(format!("--budget must be zero or more kroner (value: {budget})")));
    }
    let engine = documents::engine(docs)?;
    let recs = recommend_with_progress(&engine);
    let options = PlanOptions { total_budget: args.budget, ..PlanOptions::default() };
    let plan = engine.plan_from(&recs, &options)?;
    match args.format {
        Format::Json => output::print_json(&plan)?,
        Format::Table | Format::Markdown => print(
            &engine,
            &plan,
            args.format == Format::Markdown,
            args.lang == crate::evaluate_cmd::Language::Da,
        ),
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
    // The engine's own batch: a person past the search limits is refused there, as in
    // recommend_all.
    let recs = engine.recommend_all_with_progress(&|| bar.inc(1));
    bar.finish_and_clear();
    recs
}

fn kr(x: i64, da: bool) -> String {
    if da { explain::kr_da(x) } else { explain::kr_en(x) }
}

fn opt_kr(x: Option<i64>, da: bool) -> String {
    x.map_or_else(|| "—".to_owned(), |x| kr(x, da))
}

/// Most people named per reason in the "needs left open" table.
const NAMED_PER_REASON: usize = 12;

fn print(engine: &Engine, plan: &OrganisationPlan, md: bool, da: bool) {
    let org = engine.organisation();
    let mut t = table(&["", ""], md);
    let row = |t: &mut comfy_table::Table, d: &'static str, e: &'static str, v: String| {
        t.add_row(vec![tr(da, d, e).to_owned(), v]);
    };
    row(&mut t, "samlet effekt (værdi)", "total effect (value)", dec1(plan.value));
    row(&mut t, "øvre grænse", "upper bound", dec1(plan.bound));
    let gap = format!("{:.1}", plan.gap * 100.0);
    let quality = if da {
        format!("højst {} % fra den bedst mulige plan", gap.replace('.', ","))
    } else {
        format!("within {gap} % of the best possible plan")
    };
    row(&mut t, "kvalitet", "quality", quality);
    row(&mut t, "samlet pris (nye aktiviteter)", "total cost (new activities)", kr(plan.total_cost, da));
    row(
        &mut t,
        "bundet (allerede aftalt i udviklingsplaner)",
        "committed (already agreed in development plans)",
        kr(plan.committed, da),
    );
    row(&mut t, "samlet budget", "total budget", opt_kr(plan.budget, da));
    row(&mut t, "personer med en plan", "people with a plan", plan.items.len().to_string());
    row(&mut t, "personer uden", "people left without", plan.open.len().to_string());
    let differing = plan.items.iter().filter(|i| i.differs.is_some()).count();
    row(
        &mut t,
        "heraf anden plan end egen anbefaling",
        "of those with a plan, different from their own recommendation",
        differing.to_string(),
    );
    row(
        &mut t,
        "obligatoriske behov der forbliver åbne",
        "mandatory needs left open",
        format!("{}/{}", plan.mandatory_needs_open, plan.mandatory_needs),
    );
    row(&mut t, "holdforløb gennemført", "team activities held", plan.team_activities.len().to_string());
    print_table(&format!("{} {}", tr(da, "Plan for", "Plan for"), org.name), &t, md);

    let header: &[&str] = if da {
        &["enhed", "forbrug", "bundet", "budget", "effekt", "personer dækket", "åbne behov"]
    } else {
        &["unit", "spend", "committed", "budget", "effect", "people covered", "open needs"]
    };
    let mut t = table(header, md);
    for (u, unit) in plan.units.iter().zip(&org.units) {
        let indent = match unit.kind {
            UnitKind::Municipality | UnitKind::Department => "",
            _ => "  ",
        };
        t.add_row(vec![
            format!("{indent}{}", u.name),
            kr(u.spend, da),
            kr(u.committed, da),
            opt_kr(u.budget, da),
            dec1(u.effect),
            format!("{}/{}", u.people_covered, u.people),
            format!("{}/{}", u.needs_open, u.needs),
        ]);
    }
    print_table(tr(da, "Pr. forvaltning og enhed", "Per department and unit"), &t, md);

    let header: &[&str] = if da {
        &["strategisk mål", "forbrug", "effekt", "personer dækket", "åbne behov"]
    } else {
        &["strategic goal", "spend", "effect", "people covered", "open needs"]
    };
    let mut t = table(header, md);
    for g in &plan.goals {
        t.add_row(vec![
            g.title.clone(),
            kr(g.spend, da),
            dec1(g.effect),
            format!("{}/{}", g.people_covered, g.people),
            format!("{}/{}", g.needs_open, g.needs),
        ]);
    }
    print_table(tr(da, "Pr. strategisk mål", "Per strategic goal"), &t, md);

    let mut t = table(if da { &["tilskud", "beløb"] } else { &["funding source", "amount"] }, md);
    for f in &plan.funding {
        t.add_row(vec![f.name.clone(), kr(f.amount, da)]);
    }
    print_table(tr(da, "Brugte tilskud", "Funding used"), &t, md);

    if !plan.team_activities.is_empty() {
        let header: &[&str] = if da {
            &["holdforløb", "team", "deltagere", "fast pris"]
        } else {
            &["team activity", "team", "participants", "fixed cost"]
        };
        let mut t = table(header, md);
        for g in &plan.team_activities {
            t.add_row(vec![
                g.title.clone(),
                g.unit.clone(),
                g.participants.len().to_string(),
                kr(g.fixed_cost, da),
            ]);
        }
        print_table(tr(da, "Holdforløb", "Team activities"), &t, md);
    }

    let mut top: Vec<_> = plan.items.iter().collect();
    top.sort_by(|a, b| b.effect.total_cmp(&a.effect).then(a.employee.cmp(&b.employee)));
    let header: &[&str] = if da {
        &["medarbejder", "enhed", "aktiviteter", "sidemand", "pris", "effekt"]
    } else {
        &["employee", "unit", "activities", "buddy", "cost", "effect"]
    };
    let mut t = table(header, md);
    for it in top.iter().take(TOP_ITEMS) {
        let acts: Vec<&str> = it.steps.iter().map(|s| s.title.as_str()).collect();
        let buddies: Vec<&str> =
            it.steps.iter().filter_map(|s| s.buddy.as_ref().map(|b| b.name.as_str())).collect();
        t.add_row(vec![
            it.employee.clone(),
            it.unit.clone(),
            acts.join(" → "),
            buddies.join(", "),
            kr(it.cost, da),
            dec1(it.effect),
        ]);
    }
    let shown = TOP_ITEMS.min(plan.items.len());
    let title = if da {
        format!("De {shown} punkter med størst effekt")
    } else {
        format!("Top {shown} items by effect")
    };
    print_table(&title, &t, md);

    // Items that are not the person's own recommendation, and why.
    let differing: Vec<_> = plan.items.iter().filter_map(|i| i.differs.as_ref().map(|d| (i, d))).collect();
    if !differing.is_empty() {
        let header: &[&str] =
            if da { &["medarbejder", "grund", "forklaring"] } else { &["employee", "reason", "explanation"] };
        let mut t = table(header, md);
        for (it, d) in differing.iter().take(TOP_ITEMS) {
            let reasons: Vec<&str> = d.reasons.iter().map(|r| r.as_str()).collect();
            let text = if da { &d.explanation.da } else { &d.explanation.en };
            t.add_row(vec![it.employee.clone(), reasons.join(", "), text.clone()]);
        }
        let title = if da {
            format!(
                "Anden plan end egen anbefaling ({} af {})",
                differing.len().min(TOP_ITEMS),
                differing.len()
            )
        } else {
            format!(
                "Different from the person's own recommendation ({} of {})",
                differing.len().min(TOP_ITEMS),
                differing.len()
            )
        };
        print_table(&title, &t, md);
    }

    // Who is left without, per reason: a leader needs the names, not only the count.
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for o in &plan.open {
        match reasons.iter_mut().find(|r| r.0 == o.reason.as_str()) {
            Some(r) => r.1.push(&o.employee),
            None => reasons.push((o.reason.as_str(), vec![&o.employee])),
        }
    }
    reasons.sort();
    let header: &[&str] = if da {
        &["grund", "personer", "hvem", "forklaring"]
    } else {
        &["reason", "people", "who", "explanation"]
    };
    let mut t = table(header, md);
    for (reason, who) in reasons {
        let text = plan
            .open
            .iter()
            .find(|o| o.reason.as_str() == reason)
            .map(|o| if da { o.explanation.da.clone() } else { o.explanation.en.clone() });
        let mut named = who.iter().take(NAMED_PER_REASON).copied().collect::<Vec<_>>().join(", ");
        if who.len() > NAMED_PER_REASON {
            named.push_str(&format!(" … +{}", who.len() - NAMED_PER_REASON));
        }
        t.add_row(vec![reason.to_owned(), who.len().to_string(), named, text.unwrap_or_default()]);
    }
    print_table(tr(da, "Behov der forbliver åbne", "Needs left open"), &t, md);
    if da {
        println!("Alle: kompetence plan --format json (feltet \"open\"; pr. punkt \"differs\").");
    } else {
        println!("Everyone: kompetence plan --format json (the \"open\" list; \"differs\" per item).");
    }
}
