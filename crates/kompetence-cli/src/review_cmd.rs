//! `kompetence review`: the annual review (MUS) pack of one person — an agenda drawn from a
//! question bank by the person's situation, the needs, last year's learning and a draft
//! development plan (D4, D5).

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use kompetence_core::review::QuestionBank;

use crate::evaluate_cmd::Language;
use crate::output::{self, Failure};
use crate::{DocumentArgs, documents};

/// Output format of the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum PackFormat {
    /// Markdown to print and take into the review.
    #[default]
    Markdown,
    /// JSON, stable field order, both languages.
    Json,
}

/// Arguments of `kompetence review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The employee's id.
    #[arg(long)]
    employee: String,
    /// Language of the Markdown pack.
    #[arg(long, value_enum, default_value_t = Language::Da)]
    lang: Language,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: PackFormat,
    /// A question bank (JSON) replacing the default one.
    #[arg(long, value_name = "FILE")]
    questions: Option<std::path::PathBuf>,
}

pub fn run(docs: &DocumentArgs, args: &ReviewArgs) -> Result<ExitCode, Failure> {
    let bank = match &args.questions {
        Some(path) => {
            let text = crate::documents::read(path)?;
            Some(QuestionBank::from_json(&text).map_err(Failure::Invalid)?)
        }
        None => None,
    };
    let engine = documents::engine(docs)?;
    let pack = engine.review(&args.employee, bank.as_ref())?;
    match args.format {
        PackFormat::Json => output::print_json(&pack)?,
        PackFormat::Markdown => print!("{}", pack.to_markdown(args.lang.into())),
    }
    Ok(ExitCode::SUCCESS)
}
