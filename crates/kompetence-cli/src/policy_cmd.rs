//! `kompetence policy test` and `kompetence policy explain`: a cooperation committee's policy
//! file checked against generated organisations, and read aloud in plain Danish and English (D13).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use kompetence_core::document;
use kompetence_core::model::{AssertionScope, Policy, RuleEffect};
use kompetence_core::rules::{Scope, variable_fields};
use kompetence_core::testing::check_policy;

use crate::output::{self, Failure};
use crate::{DocumentArgs, Format};

/// Arguments of `kompetence policy`.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    #[command(subcommand)]
    command: PolicyCommand,
}

#[derive(Debug, Subcommand)]
enum PolicyCommand {
    /// Generates organisations (subsets of `--org`/`--catalog` when given), recommends and plans,
    /// and checks every assertion and built-in invariant; exit 1 with a minimal counterexample on a failure.
    Test {
        /// Policy document (JSON), or `demo` for the demo municipality's policy.
        // Not `policy`: that id belongs to the global `--policy` option.
        #[arg(value_name = "POLICY")]
        policy_file: String,
        /// Number of generated cases, at least 1 (0 would check nothing and always pass).
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
        cases: u32,
        /// Seed: the same seed gives the same cases and the same result.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Output format (`json` prints the whole report, with any counterexample).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The policy in plain Danish and English: every setting with its meaning, every rule and
    /// assertion with its description, condition and effect.
    Explain {
        /// Policy document (JSON), or `demo`.
        #[arg(value_name = "POLICY")]
        policy_file: String,
        /// Only one language (default both).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
}

/// A language of `policy explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Danish.
    Da,
    /// English.
    En,
}

fn load(policy: &str) -> Result<Policy, Failure> {
    if policy == "demo" {
        return Ok(kompetence_formats::demo::policy());
    }
    let text = crate::documents::read(std::path::Path::new(policy))?;
    Ok(document::parse_policy(&text)?)
}

fn read_doc<T>(
    path: &Option<PathBuf>,
    parse: fn(&str) -> kompetence_core::Result<T>,
) -> Result<Option<T>, Failure> {
    match path {
        None => Ok(None),
        Some(p) => {
            let text = crate::documents::read(p)?;
            Ok(Some(parse(&text)?))
        }
    }
}

pub fn run(docs: &DocumentArgs, args: &PolicyArgs) -> Result<ExitCode, Failure> {
    match &args.command {
        PolicyCommand::Test { policy_file, cases, seed, format } => {
            let policy = load(policy_file)?;
            let org = read_doc(&docs.org, document::parse_organisation)?;
            let catalog = read_doc(&docs.catalog, document::parse_catalog)?;
            let report = check_policy(&policy, org.as_ref(), catalog.as_ref(), *cases, *seed)?;
            if *format == Format::Json {
                output::print_json(&report)?;
            } else if let Some(cx) = &report.counterexample {
                println!("FAILED: policy {:?}, seed {}\n", policy.name, report.seed);
                println!("{}\n\n{}\n", cx.explanation.da, cx.explanation.en);
                println!("Counterexample (JSON):");
                output::print_json(&serde_json::json!({
                    "organisation": cx.organisation,
                    "catalog": cx.catalog,
                    "violations": cx.violations,
                    "chosen": cx.recommendation.as_ref().map(|r| &r.chosen),
                    "plan_items": cx.plan.as_ref().map(|p| &p.items),
                }))?;
            } else {
                println!(
                    "OK: policy {:?} held on {} generated cases (seed {}): {} people, {} paths, {} steps, \
                     {} plans and {} plan items checked.",
                    policy.name,
                    report.cases,
                    report.seed,
                    report.people_checked,
                    report.paths_checked,
                    report.steps_checked,
                    report.plans_checked,
                    report.plan_items_checked
                );
                println!(
                    "Assertions: {}",
                    if report.assertions.is_empty() {
                        "none".to_owned()
                    } else {
                        report.assertions.join(", ")
                    }
                );
                println!("Built-in invariants: {}", report.invariants.join(", "));
            }
            Ok(if report.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        PolicyCommand::Explain { policy_file, lang } => {
            let policy = load(policy_file)?;
            let problems = kompetence_core::validate::validate_policy(&policy, None);
            if !problems.is_empty() {
                return Err(Failure::Invalid(kompetence_core::Error::validation(problems)));
            }
            if *lang != Some(Lang::En) {
                print!("{}", explain(&policy, true));
            }
            if lang.is_none() {
                println!();
            }
            if *lang != Some(Lang::Da) {
                print!("{}", explain(&policy, false));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Meaning of every setting, by path: (Danish, English).
const SETTINGS: &[(&str, &str, &str)] = &[
    ("weights.role", "vægt pr. niveau for et krav i rollen", "weight per level of a role requirement"),
    (
        "weights.strategy",
        "vægt pr. niveau for et strategisk mål (ganges med målets prioritet)",
        "weight per level of a strategic goal (times its priority)",
    ),
    (
        "weights.plan",
        "vægt pr. niveau for et mål i udviklingsplanen",
        "weight per level of a development-plan goal",
    ),
    (
        "weights.wish",
        "vægt pr. niveau for medarbejderens eget ønske",
        "weight per level of the employee's own wish",
    ),
    (
        "weights.career",
        "vægt pr. niveau for afstanden til målrollen",
        "weight per level of the gap to the target role",
    ),
    (
        "feedback.complaint",
        "løft pr. styrke af en klage fra borgere",
        "boost per strength of a citizen complaint",
    ),
    ("feedback.suggestion", "løft pr. styrke af et forslag", "boost per strength of a suggestion"),
    (
        "feedback.apprentice_question",
        "løft pr. styrke af en elevs spørgsmål",
        "boost per strength of an apprentice's question",
    ),
    ("feedback.praise", "løft pr. styrke af ros", "boost per strength of praise"),
    (
        "feedback.half_life_days",
        "dage før feedback har mistet halvdelen af sin vægt",
        "days until feedback has lost half its force",
    ),
    (
        "feedback.max_boost",
        "feedback løfter et behov højst med 1 + dette",
        "feedback raises a need by at most 1 + this",
    ),
    (
        "urgency.horizon_days",
        "behov med frist inden for så mange dage bliver mere presserende",
        "needs due within this many days grow more urgent",
    ),
    (
        "urgency.max_boost",
        "ved fristen vægtes behovet med 1 + dette",
        "at the deadline a need weighs 1 + this",
    ),
    (
        "urgency.default_deadline_days",
        "frist i dage for behov uden frist",
        "deadline in days for needs without one",
    ),
    (
        "zones.stretch_max_jump",
        "flest niveauer ét skridt må løfte i strækzonen",
        "most levels one step may add in the stretch zone",
    ),
    (
        "zones.supervised_max_jump",
        "flest niveauer med supervision; derover er alarmzonen",
        "most levels with supervision; beyond is the alarm zone",
    ),
    (
        "zones.supervision_hours",
        "supervisionstimer lagt til et skridt der kræver det",
        "supervision hours added to a step that needs it",
    ),
    ("zones.supervisor_cost_per_hour", "kr. pr. time for en supervisor", "kroner per hour of a supervisor"),
    (
        "timing.window_days",
        "læring der slutter højst så mange dage før fristen har fuld effekt",
        "learning ending at most this many days before the deadline has full effect",
    ),
    (
        "timing.half_life_days",
        "effekten halveres for hver så mange dage læringen slutter tidligere",
        "effect halves for every this many days learning ends earlier",
    ),
    (
        "preferences.prefers",
        "effektfaktor når personen foretrækker læringsformen",
        "effect factor when the person prefers the form",
    ),
    ("preferences.neutral", "effektfaktor uden præference", "effect factor with no preference"),
    (
        "preferences.avoids",
        "effektfaktor når personen helst undgår formen",
        "effect factor when the person avoids the form",
    ),
    (
        "buddy.level_margin",
        "sidemanden skal ligge så mange niveauer over det lærte",
        "a buddy must be this many levels above what is learned",
    ),
    ("buddy.max_mentees", "flest samtidige lærlinge pr. sidemand", "most learners one buddy trains at once"),
    (
        "buddy.rotation_periods",
        "flest perioder med samme sidemand før rotation",
        "most periods with the same buddy before rotating",
    ),
    ("buddy.search", "hvor der søges efter sidemænd", "where buddies are searched for"),
    ("budget.total", "hele organisationens budget, kr. netto", "the whole organisation's budget, net kroner"),
    ("budget.per_person", "højst pr. person, kr. netto", "most per person, net kroner"),
    (
        "budget.mandatory_first",
        "planen dækker først lovpligtige og sikkerhedsmæssige (obligatoriske) behov, billigste pr. person først",
        "the plan first funds mandatory (legal and safety) needs, cheapest per person first",
    ),
    (
        "choice.value_per_effect",
        "hvad én enheds effekt er værd i kr.",
        "what one unit of effect is worth in kroner",
    ),
    ("choice.max_path_length", "flest aktiviteter i ét forløb", "most activities in one path"),
    ("choice.runners_up", "antal alternativer der vises", "number of runners-up shown"),
    (
        "choice.shortlist",
        "flest kandidataktiviteter der sammenlignes pr. person",
        "most candidate activities compared per person",
    ),
    (
        "evaluation.follow_up_weeks",
        "opfølgning på anvendelse efter så mange uger",
        "behaviour follow-up after this many weeks",
    ),
    (
        "evaluation.partly_counts",
        "hvor meget 'delvist anvendt' tæller som succes",
        "how much 'partly applied' counts as success",
    ),
    (
        "evaluation.credible_level",
        "sandsynlighed i de viste usikkerhedsintervaller",
        "probability mass of the intervals shown",
    ),
];

fn effect_text(e: &RuleEffect, da: bool) -> String {
    match e {
        RuleEffect::Exclude => if da {
            "aktiviteten anbefales ikke til personen"
        } else {
            "the activity is not recommended to the person"
        }
        .into(),
        RuleEffect::RequireFollowUp { form } => {
            let (f_da, f_en) = kompetence_core::explain::form_name(*form);
            let f = if da { f_da } else { f_en };
            if da {
                format!("aktiviteten skal følges op af {f} senere i forløbet")
            } else {
                format!("the activity must be followed by {f} later in the path")
            }
        }
        RuleEffect::EffectFactor { factor } => {
            if da {
                format!("aktivitetens forventede effekt ganges med {factor} (foretræk > 1, undgå < 1)")
            } else {
                format!("the activity's expected effect is multiplied by {factor} (prefer > 1, avoid < 1)")
            }
        }
        RuleEffect::WeightFactor { factor } => {
            if da {
                format!("behovets vægt ganges med {factor}")
            } else {
                format!("the need's weight is multiplied by {factor}")
            }
        }
        RuleEffect::Mandatory => if da {
            "behovet skal lukkes, som et krav i rollen"
        } else {
            "the need must be closed, like a role requirement"
        }
        .into(),
        RuleEffect::CapHours { hours } => {
            if da {
                format!("højst {hours} timer væk fra arbejdet i perioden")
            } else {
                format!("at most {hours} hours away in the period")
            }
        }
        RuleEffect::CapCost { kroner } => {
            if da {
                format!("højst {kroner} kr. netto i perioden")
            } else {
                format!("at most {kroner} kroner net in the period")
            }
        }
        RuleEffect::BuddySearch { search } => {
            use kompetence_core::model::BuddySearch;
            let (v_da, v_en) = match search {
                BuddySearch::SameUnit => ("personens egen enhed", "the person's own unit"),
                BuddySearch::Department => ("hele afdelingen", "the whole department"),
                BuddySearch::Organisation => ("hele organisationen", "the whole organisation"),
            };
            if da {
                format!("sidemænd søges i {v_da}")
            } else {
                format!("buddies are searched for in {v_en}")
            }
        }
    }
}

fn scope_text(scope: Scope, da: bool) -> String {
    let vars: Vec<String> = scope
        .variables()
        .iter()
        .map(|v| {
            let fields: Vec<&str> = variable_fields(v).iter().map(|f| f.0).collect();
            format!("`{v}` ({})", fields.join(", "))
        })
        .collect();
    format!("{}: {}", if da { "Variabler" } else { "Variables" }, vars.join("; "))
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                if matches!(k.as_str(), "rules" | "assertions" | "funding" | "schema_version" | "name")
                    && prefix.is_empty()
                {
                    continue;
                }
                flatten(&p, x, out);
            }
        }
        // Strings without JSON quotes: the committee reads `same_unit`, not `"same_unit"`.
        serde_json::Value::String(x) => out.push((prefix.to_owned(), x.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

/// The policy in one language, as Markdown.
pub fn explain(policy: &Policy, da: bool) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(o, "# {} — {}\n", if da { "Politik" } else { "Policy" }, policy.name);
    let _ = writeln!(o, "## {}\n", if da { "Indstillinger" } else { "Settings" });
    let _ = writeln!(
        o,
        "| {} | {} | {} |\n|---|---|---|",
        if da { "indstilling" } else { "setting" },
        if da { "værdi" } else { "value" },
        if da { "betydning" } else { "meaning" }
    );
    let mut leaves = Vec::new();
    flatten("", &serde_json::to_value(policy).unwrap_or_default(), &mut leaves);
    for (path, value) in leaves {
        let meaning = if path.starts_with("budget.per_unit.") {
            let unit = path.trim_start_matches("budget.per_unit.");
            if da {
                format!("budget for enheden {unit} og dens underenheder, kr. netto")
            } else {
                format!("budget for unit {unit} and its sub-units, net kroner")
            }
        } else {
            SETTINGS
                .iter()
                .find(|s| s.0 == path)
                .map(|s| if da { s.1 } else { s.2 }.to_owned())
                .unwrap_or_default()
        };
        let _ = writeln!(o, "| `{path}` | {value} | {meaning} |");
    }
    if !policy.funding.is_empty() {
        let _ = writeln!(o, "\n## {}\n", if da { "Finansiering" } else { "Funding" });
        for f in &policy.funding {
            let covers = match f.covers {
                kompetence_core::model::FundingCovers::Fees => {
                    if da {
                        format!("betaler {} % af deltagergebyret", f.share * 100.0)
                    } else {
                        format!("pays {} % of fees", f.share * 100.0)
                    }
                }
                kompetence_core::model::FundingCovers::Wages => {
                    if da {
                        format!("betaler {} kr. pr. time væk", f.rate_per_hour)
                    } else {
                        format!("pays {} kroner per hour away", f.rate_per_hour)
                    }
                }
            };
            let _ = writeln!(o, "- **{}** (`{}`): {covers}", f.name, f.id);
        }
    }
    let _ = writeln!(o, "\n## {}\n", if da { "Regler" } else { "Rules" });
    if policy.rules.is_empty() {
        let _ = writeln!(o, "{}", if da { "Ingen regler." } else { "No rules." });
    }
    for (i, r) in policy.rules.iter().enumerate() {
        let scope = Scope::of_effect(&r.effect);
        let _ = writeln!(o, "{}. **{}** — {}", i + 1, r.id, r.description);
        let _ = writeln!(o, "   - {}: `{}`", if da { "Når" } else { "When" }, r.condition);
        let _ = writeln!(o, "   - {}: {}", if da { "Så" } else { "Then" }, effect_text(&r.effect, da));
        let _ = writeln!(o, "   - {}", scope_text(scope, da));
    }
    let _ = writeln!(o, "\n## {}\n", if da { "Påstande (testes i CI)" } else { "Assertions (tested in CI)" });
    if policy.assertions.is_empty() {
        let _ = writeln!(o, "{}", if da { "Ingen påstande." } else { "No assertions." });
    }
    for (i, a) in policy.assertions.iter().enumerate() {
        let what = match (a.scope, da) {
            (AssertionScope::Step, true) => "for hver aktivitet i et anbefalet forløb",
            (AssertionScope::Step, false) => "for every step of a recommended path",
            (AssertionScope::Path, true) => "for hvert anbefalet forløb",
            (AssertionScope::Path, false) => "for every recommended path",
            (AssertionScope::PlanItem, true) => "for hver persons del af organisationens plan",
            (AssertionScope::PlanItem, false) => "for every person's item of the organisation plan",
            (AssertionScope::Plan, true) => "for organisationens plan som helhed",
            (AssertionScope::Plan, false) => "for the organisation plan as a whole",
        };
        let _ = writeln!(o, "{}. **{}** — {}", i + 1, a.id, a.description);
        let _ = writeln!(o, "   - {} {what}: `{}`", if da { "Skal gælde" } else { "Must hold" }, a.condition);
        let _ = writeln!(o, "   - {}", scope_text(Scope::of_assertion(a), da));
    }
    let _ = writeln!(
        o,
        "\n{}",
        if da {
            "Desuden tjekkes altid i hvert forløb: zoner (ingen alarmzone), budget pr. person, timeloft, kvalificerede sidemænd, sporbarhed, udelukkelser og krævede opfølgninger; og i organisationens plan: samlet budget og enhedsbudgetter, ledige pladser på holdene, sidemændenes kvalifikationer og antal lærlinge, reglerne og sporbarheden."
        } else {
            "Always checked as well, in every path: zones (no alarm zone), per-person budget, hours cap, qualified buddies, traceability, exclusions and required follow-ups; and in the organisation plan: the total and unit budgets, free seats on course sessions, buddies' qualification and mentee limits, the rules and traceability."
        }
    );
    o
}
