//! Printing results and failures, and the exit codes they map to.

use std::io::Write;
use std::process::ExitCode;

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

/// Why a command failed, and so which exit code it returns.
#[derive(Debug)]
pub enum Failure {
    /// The input is invalid (exit 1).
    Invalid(kompetence_core::Error),
    /// Usage or I/O error (exit 2).
    Usage(String),
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::Usage(message.into())
    }

    /// Prints the failure on stderr and returns its exit code.
    pub fn report(self) -> ExitCode {
        match self {
            Failure::Invalid(err) => {
                eprintln!("error: {}", err.kind().as_str());
                for p in err.problems() {
                    eprintln!("  {p}");
                }
                ExitCode::from(1)
            }
            Failure::Usage(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        }
    }
}

impl From<kompetence_core::Error> for Failure {
    fn from(err: kompetence_core::Error) -> Failure {
        // A missing employee or a bad argument is the caller's usage; everything else is input.
        match err.kind() {
            kompetence_core::ErrorKind::NotFound | kompetence_core::ErrorKind::InvalidArgument => {
                // One line per problem, without the kind's name ("error: not_found error: …").
                let lines: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
                Failure::Usage(if lines.is_empty() { err.to_string() } else { lines.join("\n") })
            }
            _ => Failure::Invalid(err),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Failure {
        Failure::Usage(err.to_string())
    }
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| Failure::usage(e.to_string()))?;
    writeln!(out)?;
    Ok(())
}

/// A table in the chosen style: boxes for the terminal, pipes for Markdown.
pub fn table(header: &[&str], markdown: bool) -> Table {
    let mut t = Table::new();
    t.load_style(if markdown { presets::ASCII_MARKDOWN } else { presets::UTF8_FULL_CONDENSED });
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(header.iter().copied());
    t
}

/// Danish or English, picked per label.
pub fn tr(da: bool, d: &'static str, e: &'static str) -> &'static str {
    if da { d } else { e }
}

/// Prints a heading and a table.
pub fn print_table(title: &str, table: &Table, markdown: bool) {
    if markdown {
        println!("## {title}\n\n{table}\n");
    } else {
        println!("{title}\n{table}\n");
    }
}

/// A number with one decimal. A sum of nothing can be −0.0 in floating point (the plan of an
/// empty catalog); adding 0.0 turns it into 0.0, so a table never shows "-0.0".
pub fn dec1(x: f64) -> String {
    format!("{:.1}", x + 0.0)
}
