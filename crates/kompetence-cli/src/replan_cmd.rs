//! `kompetence replan`: adds an acute need (and/or new evaluation records) and plans one person
//! again, keeping what is already agreed and saying what changed (D12).

use std::process::ExitCode;

use clap::Args;
use kompetence_core::model::Date;
use kompetence_core::review::{AcuteChange, AcuteNeed};

use crate::evaluate_cmd::Language;
use crate::output::{self, Failure};
use crate::review_cmd::PackFormat;
use crate::{DocumentArgs, documents};

/// Arguments of `kompetence replan`.
#[derive(Debug, Args)]
pub struct ReplanArgs {
    /// The employee's id.
    #[arg(long)]
    employee: String,
    /// The acute need: COMPETENCE=LEVEL@YYYY-MM-DD, e.g. `dementia-care=3@2027-04-30`.
    #[arg(long, value_name = "COMPETENCE=LEVEL@DATE")]
    need: Option<String>,
    /// Why the need is acute (shown in the re-plan).
    #[arg(long)]
    reason: Option<String>,
    /// New evaluation records: an evaluations document (JSON) whose records are appended.
    #[arg(long, value_name = "FILE")]
    add_evaluations: Option<std::path::PathBuf>,
    /// Language of the Markdown output.
    #[arg(long, value_enum, default_value_t = Language::Da)]
    lang: Language,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: PackFormat,
}

/// Parses `COMPETENCE=LEVEL@YYYY-MM-DD`.
pub fn parse_need(text: &str) -> Result<(String, u8, Date), String> {
    let bad = || format!("--need {text:?}: expected COMPETENCE=LEVEL@YYYY-MM-DD");
    let (competence, rest) = text.rsplit_once('=').ok_or_else(bad)?;
    let (level, date) = rest.split_once('@').ok_or_else(bad)?;
    if competence.trim().is_empty() {
        return Err(format!("--need {text:?}: the competence id before \"=\" is missing"));
    }
    let level: u8 = level
        .trim()
        .parse()
        .map_err(|_| format!("--need {text:?}: level {:?} is not a whole number", level.trim()))?;
    let date = Date::parse(date.trim()).ok_or_else(|| {
        format!("--need {text:?}: deadline {:?} is not a calendar date of the form YYYY-MM-DD", date.trim())
    })?;
    Ok((competence.trim().to_owned(), level, date))
}

pub fn run(docs: &DocumentArgs, args: &ReplanArgs) -> Result<ExitCode, Failure> {
    let need = match &args.need {
        Some(text) => {
            let (competence, level, deadline) = parse_need(text).map_err(Failure::usage)?;
            Some(AcuteNeed { competence, level, deadline, reason: args.reason.clone() })
        }
        None => None,
    };
    let evaluations = match &args.add_evaluations {
        Some(path) => {
            let text = crate::documents::read(path)?;
            kompetence_core::document::parse_evaluations(&text)?.records
        }
        None => Vec::new(),
    };
    if need.is_none() && evaluations.is_empty() {
        return Err(Failure::usage("give --need COMPETENCE=LEVEL@YYYY-MM-DD and/or --add-evaluations FILE"));
    }
    let engine = documents::engine(docs)?;
    let replan = engine.replan(&args.employee, AcuteChange { need, evaluations })?;
    match args.format {
        PackFormat::Json => output::print_json(&replan)?,
        PackFormat::Markdown => print!("{}", replan.to_markdown(args.lang.into())),
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_parse_and_bad_ones_are_refused() {
        let (c, l, d) = parse_need("dementia-care=3@2027-04-30").unwrap();
        assert_eq!((c.as_str(), l, d.to_string().as_str()), ("dementia-care", 3, "2027-04-30"));
        for bad in ["x", "x=3", "x=a@2027-01-01", "x=3@2027-13-01", "=3@2027-01-01"] {
            assert!(parse_need(bad).is_err(), "{bad}");
        }
    }

    /// A need in the right form with a value that is wrong names the value, not only the form.
    #[test]
    fn a_bad_date_or_level_is_named() {
        let err = parse_need("dementia-care=3@2027-02-30").unwrap_err();
        assert!(err.contains("deadline \"2027-02-30\" is not a calendar date"), "{err}");
        let err = parse_need("dementia-care=-1@2027-04-30").unwrap_err();
        assert!(err.contains("level \"-1\" is not a whole number"), "{err}");
        let err = parse_need("=3@2027-04-30").unwrap_err();
        assert!(err.contains("competence id"), "{err}");
    }
}
