//! `kompetence import moodle|esco FILE`: a competence framework from a Moodle competency-framework
//! CSV or an ESCO skills CSV, as the `framework` part of an organisation document.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use kompetence_formats::{esco, moodle};

use crate::Format;
use crate::output::{self, Failure, print_table, table};

/// Which format the file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Source {
    /// Moodle competency framework CSV (tool_lpimportcsv), either header variant.
    Moodle,
    /// ESCO skills CSV: the skills hierarchy or a skill collection.
    Esco,
}

/// Arguments of `kompetence import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file's format.
    #[arg(value_enum)]
    source: Source,
    /// The CSV file.
    file: std::path::PathBuf,
    /// Framework id for ESCO files (they do not name their framework).
    #[arg(long, default_value = "esco")]
    id: String,
    /// Write the framework JSON here (otherwise `--format json` prints it).
    #[arg(long, value_name = "FILE")]
    out: Option<std::path::PathBuf>,
    /// `table` prints the import report; `json` prints {framework, report}.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: &ImportArgs) -> Result<ExitCode, Failure> {
    let file = std::fs::File::open(&args.file)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", args.file.display())))?;
    let reader = std::io::BufReader::new(file);
    let import = match args.source {
        Source::Moodle => moodle::import(reader)?,
        Source::Esco => esco::import(reader, &args.id)?,
    };
    if let Some(out) = &args.out {
        let json =
            serde_json::to_string_pretty(&import.framework).map_err(|e| Failure::usage(e.to_string()))?;
        std::fs::write(out, json + "\n")
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", out.display())))?;
    }
    if args.format == Format::Json {
        output::print_json(&serde_json::json!({ "framework": import.framework, "report": import.report }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let md = args.format == Format::Markdown;
    let r = &import.report;
    let mut t = table(&["", ""], md);
    t.add_row(vec!["framework".to_owned(), format!("{} ({})", import.framework.name, import.framework.id)]);
    t.add_row(vec!["rows read".to_owned(), r.rows_read.to_string()]);
    t.add_row(vec!["competences".to_owned(), r.competences_created.to_string()]);
    t.add_row(vec!["roots".to_owned(), r.roots.to_string()]);
    t.add_row(vec!["depth".to_owned(), r.max_depth.to_string()]);
    t.add_row(vec![
        "per depth".to_owned(),
        r.competences_per_depth.iter().map(ToString::to_string).collect::<Vec<_>>().join(" / "),
    ]);
    t.add_row(vec!["scale".to_owned(), import.framework.scale.levels.join(", ")]);
    t.add_row(vec!["cross references".to_owned(), r.cross_references.len().to_string()]);
    t.add_row(vec!["warnings".to_owned(), r.warnings.len().to_string()]);
    print_table(&format!("Imported {}", args.file.display()), &t, md);
    if !r.warnings.is_empty() {
        let mut w = table(&["row", "column", "warning"], md);
        for warning in r.warnings.iter().take(20) {
            w.add_row(vec![
                warning.row.map(|r| r.to_string()).unwrap_or_default(),
                warning.column.clone().unwrap_or_default(),
                warning.message.clone(),
            ]);
        }
        let more = r.warnings.len().saturating_sub(20);
        let title = if more > 0 {
            format!("Warnings (first 20 of {})", r.warnings.len())
        } else {
            "Warnings".to_owned()
        };
        print_table(&title, &w, md);
    }
    if args.out.is_none() {
        eprintln!("(use --out FILE to write the framework, or --format json to print it)");
    }
    Ok(ExitCode::SUCCESS)
}
