//! `kompetence validate FILE…` (or `--org/--catalog/--policy/--evaluations FILE`): every
//! problem in every file, with field paths.
//!
//! Files are validated together when they form a set (an organisation with its catalog,
//! policy and evaluations), so references between them are checked too; otherwise each on its own.

use std::process::ExitCode;

use clap::Args;
use kompetence_core::Problem;
use kompetence_core::document::{self, DocumentKind};
use kompetence_core::validate;
use serde::Serialize;

use crate::Format;
use crate::output::{self, Failure};

/// Arguments of `kompetence validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Documents to check (kind detected from content); the files given with `--org`,
    /// `--catalog`, `--policy` and `--evaluations` are checked too.
    #[arg(value_name = "FILE")]
    files: Vec<std::path::PathBuf>,
    /// Output format (`table` prints one problem per line).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Serialize)]
struct FileReport {
    file: String,
    document: Option<&'static str>,
    valid: bool,
    problems: Vec<Problem>,
}

pub fn run(docs: &crate::DocumentArgs, args: &ValidateArgs) -> Result<ExitCode, Failure> {
    // A file given with --org, --catalog, --policy or --evaluations is read as that document;
    // only the plain FILE arguments have their kind detected from their keys.
    let named = [
        (&docs.org, DocumentKind::Organisation),
        (&docs.catalog, DocumentKind::Catalog),
        (&docs.policy, DocumentKind::Policy),
        (&docs.evaluations, DocumentKind::Evaluations),
    ];
    let files: Vec<(&std::path::PathBuf, Option<DocumentKind>)> = named
        .into_iter()
        .filter_map(|(file, kind)| file.as_ref().map(|f| (f, Some(kind))))
        .chain(args.files.iter().map(|f| (f, None)))
        .collect();
    if files.is_empty() {
        return Err(Failure::usage(
            "give the documents to check: kompetence validate FILE... (or --org/--catalog/--policy/--evaluations FILE)",
        ));
    }
    let mut texts = Vec::new();
    let mut hints = Vec::new();
    for (f, hint) in files {
        let text = crate::documents::read(f)?;
        texts.push((f.display().to_string(), text));
        hints.push(hint);
    }
    let mut reports: Vec<FileReport> = texts
        .iter()
        .zip(hints)
        .map(|((file, text), hint)| {
            let (kind, problems) = validate::validate_text(text, hint);
            FileReport {
                file: file.clone(),
                document: kind.map(DocumentKind::as_str),
                valid: problems.is_empty(),
                problems,
            }
        })
        .collect();
    cross_check(&texts, &mut reports);
    let all_valid = reports.iter().all(|r| r.valid);
    if args.format == Format::Json {
        output::print_json(&reports)?;
    } else {
        for r in &reports {
            let doc = r.document.unwrap_or("unknown document");
            if r.valid {
                println!("{}: valid {doc}", r.file);
            } else {
                println!("{}: {} problem(s) in {doc}", r.file, r.problems.len());
                for p in &r.problems {
                    // A problem with the whole document (empty, not JSON) has no field path.
                    let at = if p.path.is_empty() { String::new() } else { format!("{}: ", p.path) };
                    let value =
                        if p.value.is_empty() { String::new() } else { format!(" (value: {})", p.value) };
                    println!("  {at}{}{value}", p.message);
                }
            }
        }
    }
    Ok(if all_valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// When an organisation is among the files and every file parsed, checks references between them.
fn cross_check(texts: &[(String, String)], reports: &mut [FileReport]) {
    if reports.iter().any(|r| !r.valid) {
        return;
    }
    let kinds: Vec<Option<&'static str>> = reports.iter().map(|r| r.document).collect();
    let find = |kind: &str| kinds.iter().position(|k| *k == Some(kind));
    let Some(oi) = find("organisation") else { return };
    let Ok(org) = document::parse_organisation(&texts[oi].1) else { return };
    let catalog = find("catalog").and_then(|i| document::parse_catalog(&texts[i].1).ok().map(|c| (i, c)));
    if let Some((ci, c)) = &catalog {
        reports[*ci].problems.extend(validate::validate_catalog(c, Some(&org)));
    }
    if let Some(pi) = find("policy")
        && let Ok(p) = document::parse_policy(&texts[pi].1)
    {
        reports[pi].problems.extend(validate::validate_policy(&p, Some(&org)));
    }
    if let Some(ei) = find("evaluations")
        && let Ok(e) = document::parse_evaluations(&texts[ei].1)
    {
        reports[ei].problems.extend(validate::validate_evaluations(
            &e,
            Some(&org),
            catalog.as_ref().map(|c| &c.1),
        ));
    }
    for r in reports.iter_mut() {
        r.problems.dedup();
        r.valid = r.problems.is_empty();
    }
}
