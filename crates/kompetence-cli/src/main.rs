//! The `kompetence` command-line tool: runs the engine on documents (or the embedded demo
//! municipality) and prints tables, JSON or Markdown.
//!
//! Exit codes: 0 success; 1 the input is invalid (every problem listed) or a check failed;
//! 2 usage or I/O error.

mod documents;
mod evaluate_cmd;
mod import_cmd;
mod needs_cmd;
mod output;
mod plan_cmd;
mod policy_cmd;
mod recommend_cmd;
mod replan_cmd;
mod review_cmd;
mod validate_cmd;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Plans competence development: needs, learning paths and budgets for a public-sector organisation.
#[derive(Debug, Parser)]
#[command(name = "kompetence", version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    docs: DocumentArgs,
    #[command(subcommand)]
    command: Command,
}

/// Where the documents come from. Without `--org` and `--catalog`, the embedded demo
/// municipality "Eksempel Kommune" is used.
#[derive(Debug, Args, Clone, Default)]
pub struct DocumentArgs {
    /// Organisation document (JSON).
    #[arg(long, global = true, value_name = "FILE")]
    pub org: Option<std::path::PathBuf>,
    /// Catalog of learning activities (JSON).
    #[arg(long, global = true, value_name = "FILE")]
    pub catalog: Option<std::path::PathBuf>,
    /// Policy document (JSON); defaults to the library's default policy when files are given.
    #[arg(long, global = true, value_name = "FILE")]
    pub policy: Option<std::path::PathBuf>,
    /// Evaluations document (JSON).
    #[arg(long, global = true, value_name = "FILE")]
    pub evaluations: Option<std::path::PathBuf>,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Readable tables.
    #[default]
    Table,
    /// JSON, stable field order.
    Json,
    /// Markdown tables.
    Markdown,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The main job on the embedded demo municipality (or on `--org`/`--catalog` when given):
    /// needs per department and per strategic goal, and the top needs of a few people.
    Demo {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Language of the tables and explanations.
        #[arg(long, value_enum, default_value_t)]
        lang: evaluate_cmd::Language,
        /// Writes the demo's documents (organisation.json, catalog.json, policy.json) into DIR
        /// instead, as a starting point for your own.
        #[arg(long, value_name = "DIR")]
        export: Option<std::path::PathBuf>,
    },
    /// Needs analysis: one person's ranked needs, everyone's, or roll-ups per unit or goal.
    Needs(needs_cmd::NeedsArgs),
    /// Validates documents and lists every problem with its field path (exit 1 when invalid).
    Validate(validate_cmd::ValidateArgs),
    /// Recommended learning path of one person (with reasons, runners-up and rejected
    /// alternatives), or everyone's in one summary table.
    Recommend(recommend_cmd::RecommendArgs),
    /// Evaluation report: which learning forms and providers transfer to practice, follow-ups due.
    Evaluate(evaluate_cmd::EvaluateArgs),
    /// Organisation-wide plan: one learning path per person under budgets, seats and buddies.
    Plan(plan_cmd::PlanArgs),
    /// The annual review (MUS) pack of one person: agenda, needs, last year's learning, draft plan.
    Review(review_cmd::ReviewArgs),
    /// Re-plans one person after an acute need, keeping what is already agreed.
    Replan(replan_cmd::ReplanArgs),
    /// Policy as data: `test` checks a policy's assertions on generated organisations,
    /// `explain` prints it in plain Danish and English.
    Policy(policy_cmd::PolicyArgs),
    /// Imports a competence framework from a Moodle or ESCO CSV file.
    Import(import_cmd::ImportArgs),
    /// Prints the JSON Schema of a document (organisation, catalog, policy, evaluations,
    /// question-bank).
    Schema {
        /// Which document.
        #[arg(value_parser = ["organisation", "catalog", "policy", "evaluations", "question-bank"])]
        document: String,
    },
}

/// Rust ignores SIGPIPE, so writing to a closed pipe (`kompetence recommend --all | head`)
/// makes `println!` panic. A command-line tool should end quietly instead, as `cat` does:
/// restore the default action before anything is printed.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at the start of `main`, before any other thread exists; setting a
    // signal's disposition to SIG_DFL has no other effect on the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo { export: Some(dir), .. } => needs_cmd::export_demo(&cli.docs, &dir),
        Command::Demo { format, lang, export: None } => needs_cmd::demo(&cli.docs, format, lang),
        Command::Needs(args) => needs_cmd::run(&cli.docs, &args),
        Command::Validate(args) => validate_cmd::run(&cli.docs, &args),
        Command::Recommend(args) => recommend_cmd::run(&cli.docs, &args),
        Command::Evaluate(args) => evaluate_cmd::run(&cli.docs, &args),
        Command::Plan(args) => plan_cmd::run(&cli.docs, &args),
        Command::Import(args) => import_cmd::run(&args),
        Command::Review(args) => review_cmd::run(&cli.docs, &args),
        Command::Replan(args) => replan_cmd::run(&cli.docs, &args),
        Command::Policy(args) => policy_cmd::run(&cli.docs, &args),
        Command::Schema { document } => schema(&document),
    };
    match result {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}

fn schema(document: &str) -> Result<ExitCode, output::Failure> {
    if document == "question-bank" {
        output::print_json(&kompetence_core::review::QuestionBank::schema())?;
        return Ok(ExitCode::SUCCESS);
    }
    let kind = kompetence_core::document::DocumentKind::from_name(document)
        .ok_or_else(|| output::Failure::usage(format!("unknown document {document:?}")))?;
    output::print_json(&kompetence_core::schema::schema_for(kind))?;
    Ok(ExitCode::SUCCESS)
}
