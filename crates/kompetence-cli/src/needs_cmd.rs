//! `kompetence needs` and the needs part of `kompetence demo`.

use std::process::ExitCode;

use clap::Args;
use kompetence_core::Engine;
use kompetence_core::needs::Need;
use serde::Serialize;

use crate::evaluate_cmd::Language;
use crate::output::{self, Failure, dec1, print_table, table, tr};
use crate::{DocumentArgs, Format, documents};

/// Arguments of `kompetence needs`.
#[derive(Debug, Args)]
pub struct NeedsArgs {
    /// One employee's needs.
    #[arg(long, value_name = "ID", conflicts_with_all = ["all", "by"])]
    employee: Option<String>,
    /// Everyone's needs.
    #[arg(long)]
    all: bool,
    /// Roll-ups per unit or per strategic goal (the default when nothing else is asked).
    #[arg(long, value_parser = ["unit", "goal"])]
    by: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Language of the tables and reasons.
    #[arg(long, value_enum, default_value_t)]
    lang: Language,
}

pub fn run(docs: &DocumentArgs, args: &NeedsArgs) -> Result<ExitCode, Failure> {
    let engine = documents::engine(docs)?;
    let md = args.format == Format::Markdown;
    let da = args.lang == Language::Da;
    let needs_of = tr(da, "Behov hos", "Needs of");
    if let Some(id) = &args.employee {
        let needs = engine.needs(id)?;
        if args.format == Format::Json {
            output::print_json(&needs)?;
        } else {
            print_table(&format!("{needs_of} {id}"), &person_table(&engine, &needs, md, da), md);
        }
    } else if args.all {
        let all = engine.needs_all();
        if args.format == Format::Json {
            output::print_json(&all)?;
        } else {
            for p in all.iter().filter(|p| !p.needs.is_empty()) {
                print_table(
                    &format!("{needs_of} {} ({})", p.employee, p.unit),
                    &person_table(&engine, &p.needs, md, da),
                    md,
                );
            }
        }
    } else {
        match args.by.as_deref() {
            Some("goal") => rollup_goals(&engine, args.format, da)?,
            Some("unit") => rollup_units(&engine, args.format, false, da)?,
            _ => {
                rollup_units(&engine, args.format, true, da)?;
                rollup_goals(&engine, args.format, da)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn person_table(engine: &Engine, needs: &[Need], md: bool, da: bool) -> comfy_table::Table {
    let header: &[&str] = if da {
        &["kompetence", "nu", "mål", "vægt", "vægtet gab", "frist", "obligatorisk", "hvorfor"]
    } else {
        &["competence", "now", "target", "weight", "weighted gap", "deadline", "mandatory", "why"]
    };
    let mut t = table(header, md);
    for n in needs {
        // Names, not ids: the role's and the goal's as the organisation writes them.
        let why: Vec<String> = n
            .origins
            .iter()
            .map(|o| {
                let t = engine.origin_text(o);
                if da { t.da } else { t.en }
            })
            .collect();
        t.add_row(vec![
            engine.competence_name(&n.competence).to_owned(),
            n.current.to_string(),
            n.target.to_string(),
            format!("{:.2}", n.weight),
            dec1(n.weighted_gap),
            // A default deadline is marked as the policy's horizon, not shown as a set date.
            {
                let d = n.deadline_text();
                if da { d.da } else { d.en }
            },
            if n.mandatory { tr(da, "ja", "yes") } else { "" }.to_owned(),
            why.join("; "),
        ]);
    }
    t
}

/// Unit roll-ups; `departments_only` keeps the municipality and its departments.
fn rollup_units(engine: &Engine, format: Format, departments_only: bool, da: bool) -> Result<(), Failure> {
    use kompetence_core::model::UnitKind;
    let org = engine.organisation();
    let rows: Vec<_> = engine
        .needs_by_unit()
        .into_iter()
        .zip(&org.units)
        .filter(|(_, u)| !departments_only || matches!(u.kind, UnitKind::Municipality | UnitKind::Department))
        .map(|(r, _)| r)
        .collect();
    if format == Format::Json {
        return output::print_json(&rows);
    }
    let md = format == Format::Markdown;
    let header: &[&str] = if da {
        &["enhed", "personer", "med behov", "gab (niveauer)", "obligatorisk gab", "vægtet gab"]
    } else {
        &["unit", "people", "with needs", "gap (levels)", "mandatory gap", "weighted gap"]
    };
    let mut t = table(header, md);
    for r in &rows {
        t.add_row(vec![
            r.name.clone(),
            r.people.to_string(),
            r.people_with_needs.to_string(),
            r.total_gap.to_string(),
            r.mandatory_gap.to_string(),
            dec1(r.weighted_gap),
        ]);
    }
    let title = match (departments_only, da) {
        (true, true) => "Behov pr. forvaltning",
        (true, false) => "Needs per department",
        (false, true) => "Behov pr. enhed",
        (false, false) => "Needs per unit",
    };
    print_table(title, &t, md);
    Ok(())
}

fn rollup_goals(engine: &Engine, format: Format, da: bool) -> Result<(), Failure> {
    let rows = engine.needs_by_goal();
    if format == Format::Json {
        return output::print_json(&rows);
    }
    let md = format == Format::Markdown;
    let header: &[&str] = if da {
        &["strategisk mål", "frist", "omfattet", "berørt", "gab (niveauer)", "vægtet gab"]
    } else {
        &["strategic goal", "deadline", "in scope", "affected", "gap (levels)", "weighted gap"]
    };
    let mut t = table(header, md);
    for r in &rows {
        t.add_row(vec![
            r.title.clone(),
            r.deadline.to_string(),
            r.people_in_scope.to_string(),
            r.people_affected.to_string(),
            r.total_gap.to_string(),
            dec1(r.weighted_gap),
        ]);
    }
    print_table(tr(da, "Behov pr. strategisk mål", "Needs per strategic goal"), &t, md);
    Ok(())
}

/// The people `demo` shows: in each department, the person with the largest weighted gap.
fn showcase(engine: &Engine) -> Vec<String> {
    let all = engine.needs_all();
    let mut best: Vec<(String, String, f64)> = Vec::new(); // (department, employee, weighted gap)
    for p in &all {
        let total: f64 = p.needs.iter().map(|n| n.weighted_gap).sum();
        let dept = engine.department_of(&p.unit).map(|u| u.id.clone()).unwrap_or_default();
        match best.iter_mut().find(|b| b.0 == dept) {
            Some(b) if total > b.2 => *b = (dept, p.employee.clone(), total),
            Some(_) => {}
            None => best.push((dept, p.employee.clone(), total)),
        }
    }
    best.into_iter().filter(|b| b.2 > 0.0).map(|b| b.1).collect()
}

#[derive(Serialize)]
struct DemoReport {
    organisation: String,
    as_of: String,
    employees: usize,
    units: usize,
    competences: usize,
    activities: usize,
    needs_by_unit: Vec<kompetence_core::needs::UnitNeeds>,
    needs_by_goal: Vec<kompetence_core::needs::GoalNeeds>,
    people: Vec<kompetence_core::PersonNeeds>,
    /// The recommendation of each person in `people`, in the same order.
    recommendations: Vec<kompetence_core::recommend::Recommendation>,
}

/// Writes the demo's documents into `dir` (created when missing) for a user to edit.
pub fn export_demo(docs: &DocumentArgs, dir: &std::path::Path) -> Result<ExitCode, Failure> {
    if docs.org.is_some() || docs.catalog.is_some() || docs.policy.is_some() || docs.evaluations.is_some() {
        return Err(Failure::usage(
            "--export writes the embedded demo's documents; give no --org, --catalog, --policy or --evaluations with it",
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::usage(format!("cannot create {}: {e}", dir.display())))?;
    let demo = kompetence_formats::demo::documents();
    let files: [(&str, serde_json::Result<String>); 3] = [
        ("organisation.json", serde_json::to_string_pretty(&demo.organisation)),
        ("catalog.json", serde_json::to_string_pretty(&demo.catalog)),
        ("policy.json", serde_json::to_string_pretty(&demo.policy)),
    ];
    for (name, json) in files {
        let path = dir.join(name);
        let json = json.map_err(|e| Failure::usage(e.to_string()))?;
        std::fs::write(&path, json + "\n")
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))?;
        println!("{}", path.display());
    }
    eprintln!(
        "(run them with: kompetence --org {0}/organisation.json --catalog {0}/catalog.json --policy {0}/policy.json demo)",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The document options as given, for a command the user can paste (`--org FILE --catalog
/// FILE …` and a space, or nothing on the demo). A path with characters the shell would split
/// or expand is single-quoted.
fn document_options(docs: &DocumentArgs) -> String {
    let quote = |path: &std::path::Path| {
        let text = path.display().to_string();
        let plain = text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c));
        if plain && !text.is_empty() { text } else { format!("'{}'", text.replace('\'', "'\\''")) }
    };
    let named = [
        ("--org", &docs.org),
        ("--catalog", &docs.catalog),
        ("--policy", &docs.policy),
        ("--evaluations", &docs.evaluations),
    ];
    named.iter().filter_map(|(flag, file)| file.as_ref().map(|f| format!("{flag} {} ", quote(f)))).collect()
}

pub fn demo(docs: &DocumentArgs, format: Format, lang: Language) -> Result<ExitCode, Failure> {
    let da = lang == Language::Da;
    let engine = crate::documents::engine(docs)?;
    let files = document_options(docs);
    let org = engine.organisation();
    let shown = showcase(&engine);
    if format == Format::Json {
        let people: Vec<_> = engine.needs_all().into_iter().filter(|p| shown.contains(&p.employee)).collect();
        let recommendations =
            people.iter().map(|p| engine.recommend(&p.employee)).collect::<Result<Vec<_>, _>>()?;
        output::print_json(&DemoReport {
            organisation: org.name.clone(),
            as_of: org.as_of.to_string(),
            employees: org.employees.len(),
            units: org.units.len(),
            competences: org.framework.competences.len(),
            activities: engine.catalog().activities.len(),
            needs_by_unit: engine.needs_by_unit(),
            needs_by_goal: engine.needs_by_goal(),
            people,
            recommendations,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let md = format == Format::Markdown;
    let (name, as_of) = (&org.name, org.as_of);
    let (people, units, comps, acts) = (
        org.employees.len(),
        org.units.len(),
        org.framework.competences.len(),
        engine.catalog().activities.len(),
    );
    let heading = if da {
        format!(
            "{name} — planlægningsdato {as_of}: {people} medarbejdere i {units} enheder, {comps} kompetencer, {acts} læringsaktiviteter"
        )
    } else {
        format!(
            "{name} — planning date {as_of}: {people} employees in {units} units, {comps} competences, {acts} learning activities"
        )
    };
    if md {
        println!("# {heading}\n")
    } else {
        println!("{heading}\n")
    }
    rollup_units(&engine, format, true, da)?;
    rollup_goals(&engine, format, da)?;
    for id in shown {
        let emp = engine.employee(&id)?;
        let unit = engine
            .organisation()
            .units
            .iter()
            .find(|u| u.id == emp.unit)
            .map_or(emp.unit.as_str(), |u| &u.name);
        let role = engine
            .organisation()
            .roles
            .iter()
            .find(|r| r.id == emp.role)
            .map_or(emp.role.as_str(), |r| &r.name);
        let needs = engine.needs(&id)?;
        let top: Vec<Need> = needs.into_iter().take(5).collect();
        let top_needs = tr(da, "Største behov hos", "Top needs of");
        print_table(&format!("{top_needs} {id} ({role}, {unit})"), &person_table(&engine, &top, md, da), md);
        let rec = engine.recommend(&id)?;
        let summary = rec.summary_text();
        if da {
            println!(
                "{}\nBegrundelser, næstbedste veje og fravalgte alternativer: kompetence {files}recommend --employee {id} --lang da\n",
                summary.da
            );
        } else {
            println!(
                "{}\nReasons, runners-up and rejected alternatives: kompetence {files}recommend --employee {id}\n",
                summary.en
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
