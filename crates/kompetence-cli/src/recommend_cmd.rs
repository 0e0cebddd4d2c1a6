//! `kompetence recommend`: one person's recommended learning path with its reasons, runners-up
//! and rejected alternatives, or everyone's chosen path in one summary table.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kompetence_core::Engine;
use kompetence_core::explain::{form_name, kr_da, kr_en};
use kompetence_core::recommend::{LearningPath, Recommendation, Step, Text};

use crate::evaluate_cmd::Language;
use crate::output::{self, Failure, print_table, table};
use crate::{DocumentArgs, Format, documents};

/// Arguments of `kompetence recommend`.
#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// The employee whose path to recommend.
    #[arg(long, value_name = "ID", conflicts_with = "all", required_unless_present = "all")]
    employee: Option<String>,
    /// Everyone: a summary table with one row per person.
    #[arg(long)]
    all: bool,
    /// Output format (`json` prints the library's `Recommendation`, or the list of them).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Language of the explanations and amounts.
    #[arg(long, value_enum, default_value_t)]
    lang: Language,
}

pub fn run(docs: &DocumentArgs, args: &RecommendArgs) -> Result<ExitCode, Failure> {
    let engine = documents::engine(docs)?;
    let md = args.format == Format::Markdown;
    let da = args.lang == Language::Da;
    if let Some(id) = &args.employee {
        let rec = engine.recommend(id)?;
        if args.format == Format::Json {
            output::print_json(&rec)?;
        } else {
            print_person(&engine, &rec, md, da);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let all = recommend_all_with_bar(&engine);
    if args.format == Format::Json {
        output::print_json(&all)?;
    } else {
        print_summary(&engine, &all, md, da);
    }
    Ok(ExitCode::SUCCESS)
}

/// Everyone's recommendation, with a progress bar on stderr when it is a terminal (a pipe or a
/// log file gets no bar, so scripted output stays clean).
fn recommend_all_with_bar(engine: &Engine) -> Vec<Recommendation> {
    let n = engine.organisation().employees.len() as u64;
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} people ({elapsed})") {
        bar.set_style(style);
    }
    let all = engine.recommend_all_with_progress(&|| bar.inc(1));
    bar.finish_and_clear();
    all
}

fn text(t: &Text, da: bool) -> &str {
    if da { &t.da } else { &t.en }
}

fn kr(n: i64, da: bool) -> String {
    if da { kr_da(n) } else { kr_en(n) }
}

fn form(f: kompetence_core::model::LearningForm, da: bool) -> &'static str {
    let (d, e) = form_name(f);
    if da { d } else { e }
}

/// A path in one short line: activity titles joined by arrows, or "nothing now".
pub fn path_line(path: &LearningPath, da: bool) -> String {
    if path.steps.is_empty() {
        return if da { "intet nu" } else { "nothing now" }.to_owned();
    }
    path.steps.iter().map(|s| s.title.as_str()).collect::<Vec<_>>().join(" → ")
}

/// The person's role and unit names, for headings.
fn role_and_unit(engine: &Engine, id: &str) -> (String, String) {
    let Ok(emp) = engine.employee(id) else {
        return (String::new(), String::new());
    };
    let org = engine.organisation();
    let unit = org.units.iter().find(|u| u.id == emp.unit).map_or(emp.unit.clone(), |u| u.name.clone());
    let role = org.roles.iter().find(|r| r.id == emp.role).map_or(emp.role.clone(), |r| r.name.clone());
    (role, unit)
}

fn print_person(engine: &Engine, rec: &Recommendation, md: bool, da: bool) {
    let (role, unit) = role_and_unit(engine, &rec.employee);
    let heading = if da {
        format!("Anbefaling til {} ({role}, {unit})", rec.employee)
    } else {
        format!("Recommendation for {} ({role}, {unit})", rec.employee)
    };
    if md {
        println!("# {heading}\n\n{}\n", text(&rec.summary_text(), da));
    } else {
        println!("{heading}\n{}\n", text(&rec.summary_text(), da));
    }
    if let Some(agreed) = rec.agreed.as_ref().filter(|a| !a.kept.is_empty()) {
        let title = if da {
            "Allerede aftalt i udviklingsplanen (ligger fast)"
        } else {
            "Already agreed in the development plan (kept as they are)"
        };
        print_table(title, &steps_table(engine, &agreed.kept, md, da), md);
    }
    let c = &rec.chosen;
    if !c.steps.is_empty() {
        let t = steps_table(engine, &c.steps, md, da);
        let title = if da { "Den anbefalede vej" } else { "The recommended path" };
        print_table(title, &t, md);
        let totals = if da {
            format!(
                "I alt: {} netto ({} før tilskud), {:.1} timer væk fra arbejdet, effekt {:.2}.",
                kr(c.net_cost, da),
                kr(c.gross_cost, da),
                c.hours_away,
                c.effect
            )
        } else {
            format!(
                "Total: {} net ({} before funding), {:.1} hours away from work, effect {:.2}.",
                kr(c.net_cost, da),
                kr(c.gross_cost, da),
                c.hours_away,
                c.effect
            )
        };
        println!("{totals}\n");
        println!(
            "{}",
            if md {
                if da { "## Hvorfor\n" } else { "## Why\n" }
            } else if da {
                "Hvorfor"
            } else {
                "Why"
            }
        );
        for (i, s) in c.steps.iter().enumerate() {
            if let Some(e) = s.explanation_text() {
                println!("{}. {}", i + 1, text(&e, da));
            }
        }
        println!();
    }
    if !rec.runners_up.is_empty() {
        let header: &[&str] = if da {
            &["nr.", "vej", "nettopris", "effekt", "timer", "score (effekt × værdi − pris)"]
        } else {
            &["no.", "path", "net cost", "effect", "hours", "score (effect × value − cost)"]
        };
        let mut t = table(header, md);
        for (i, p) in rec.runners_up.iter().enumerate() {
            t.add_row(vec![
                (i + 1).to_string(),
                path_line(p, da),
                kr(p.net_cost, da),
                format!("{:.2}", p.effect),
                format!("{:.1}", p.hours_away),
                format!("{:.0}", p.score),
            ]);
        }
        print_table(if da { "Næstbedste veje" } else { "Runners-up" }, &t, md);
    }
    if !rec.rejected.is_empty() {
        let header: &[&str] =
            if da { &["aktivitet", "form", "hvorfor ikke"] } else { &["activity", "form", "why not"] };
        let mut t = table(header, md);
        for r in &rec.rejected {
            t.add_row(vec![
                r.title.clone(),
                form(r.form, da).to_owned(),
                text(&r.reason_text(), da).to_owned(),
            ]);
        }
        print_table(if da { "Fravalgte aktiviteter" } else { "Rejected alternatives" }, &t, md);
    }
}

/// Steps as a table: when, where, what they cost and give, and the buddy by name.
fn steps_table(engine: &Engine, steps: &[Step], md: bool, da: bool) -> comfy_table::Table {
    let header: &[&str] = if da {
        &["trin", "aktivitet", "form", "udbyder", "start", "slut", "timer", "nettopris", "effekt", "makker"]
    } else {
        &["step", "activity", "form", "provider", "start", "end", "hours", "net cost", "effect", "buddy"]
    };
    let mut t = table(header, md);
    for (i, s) in steps.iter().enumerate() {
        let provider = engine.activity(&s.activity).map(|a| a.provider.clone()).unwrap_or_default();
        t.add_row(vec![
            (i + 1).to_string(),
            s.title.clone(),
            form(s.form, da).to_owned(),
            provider,
            s.start.to_string(),
            s.end.to_string(),
            format!("{:.1}", s.hours_away),
            kr(s.net_cost, da),
            format!("{:.2}", s.effect),
            s.buddy.as_ref().map(|b| b.name.clone()).unwrap_or_default(),
        ]);
    }
    t
}

fn print_summary(engine: &Engine, all: &[Recommendation], md: bool, da: bool) {
    let header: &[&str] = if da {
        &["person", "enhed", "vej", "nettopris", "effekt"]
    } else {
        &["person", "unit", "path", "net cost", "effect"]
    };
    let mut t = table(header, md);
    let (mut cost, mut effect, mut with_path) = (0i64, 0.0f64, 0usize);
    for r in all {
        let unit = engine
            .employee(&r.employee)
            .map(|e| {
                let org = engine.organisation();
                org.units.iter().find(|u| u.id == e.unit).map_or(e.unit.clone(), |u| u.name.clone())
            })
            .unwrap_or_default();
        cost = cost.saturating_add(r.chosen.net_cost);
        effect += r.chosen.effect;
        with_path += usize::from(!r.chosen.steps.is_empty());
        t.add_row(vec![
            r.employee.clone(),
            unit,
            path_line(&r.chosen, da),
            kr(r.chosen.net_cost, da),
            format!("{:.2}", r.chosen.effect),
        ]);
    }
    print_table(if da { "Anbefalede veje" } else { "Recommended paths" }, &t, md);
    if da {
        println!(
            "{} personer, {} med en anbefalet vej: i alt {} netto, effekt {:.1}.",
            all.len(),
            with_path,
            kr(cost, da),
            effect
        );
    } else {
        println!(
            "{} people, {} with a recommended path: {} net in total, effect {:.1}.",
            all.len(),
            with_path,
            kr(cost, da),
            effect
        );
    }
}
