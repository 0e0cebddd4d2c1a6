//! `kompetence evaluate`: which learning forms and providers actually transfer to practice (D9),
//! with follow-ups that are due or overdue.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use kompetence_core::Engine;
use kompetence_core::evaluation::Lang;

use crate::output::{self, Failure, print_table, table};
use crate::{DocumentArgs, Format, documents};

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Language {
    /// Danish.
    Da,
    /// English.
    #[default]
    En,
}

impl From<Language> for Lang {
    fn from(l: Language) -> Lang {
        match l {
            Language::Da => Lang::Da,
            Language::En => Lang::En,
        }
    }
}

/// Arguments of `kompetence evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Output format (`table` and `markdown` print the Markdown report).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Language of the report.
    #[arg(long, value_enum, default_value_t)]
    lang: Language,
    /// List every follow-up with its due date instead of the report.
    #[arg(long)]
    follow_ups: bool,
    /// On the demo without `--evaluations`: how many generated evaluation records (a year's worth).
    #[arg(long, default_value_t = 600)]
    demo_records: usize,
}

pub fn run(docs: &DocumentArgs, args: &EvaluateArgs) -> Result<ExitCode, Failure> {
    let engine = if docs.org.is_none() && docs.evaluations.is_none() {
        demo_with_a_year_of_evaluations(args.demo_records)?
    } else {
        documents::engine(docs)?
    };
    if args.follow_ups {
        let follow_ups = engine.follow_ups();
        if args.format == Format::Json {
            return output::print_json(&follow_ups).map(|_| ExitCode::SUCCESS);
        }
        let md = args.format == Format::Markdown;
        let mut t = table(&["employee", "activity", "completed", "follow-up due", "overdue (days)"], md);
        for f in &follow_ups {
            t.add_row(vec![
                f.employee.clone(),
                f.activity.clone(),
                f.completed_on.to_string(),
                f.due.to_string(),
                if f.overdue { f.days_overdue.to_string() } else { String::new() },
            ]);
        }
        print_table("Behaviour follow-ups", &t, md);
        return Ok(ExitCode::SUCCESS);
    }
    let report = engine.evaluation_report();
    if args.format == Format::Json {
        output::print_json(&report)?;
    } else {
        print!("{}", report.to_markdown(args.lang.into()));
    }
    Ok(ExitCode::SUCCESS)
}

/// The demo municipality with a generated year of evaluations, so the report has a story to tell.
fn demo_with_a_year_of_evaluations(records: usize) -> Result<Engine, Failure> {
    let docs = kompetence_formats::demo::documents().clone();
    let evaluations = kompetence_formats::evaluations::generate_evaluations(
        &docs.organisation,
        &docs.catalog,
        kompetence_formats::generate::DEMO_SEED,
        records,
    );
    eprintln!("(demo municipality with {} generated evaluation records)", evaluations.records.len());
    Ok(Engine::with_evaluations(docs.organisation, docs.catalog, docs.policy, Some(evaluations))?)
}
