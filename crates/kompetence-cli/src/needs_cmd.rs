//! `kompetence needs` and the needs part of `kompetence demo`.

use std::process::ExitCode;

use clap::Args;
use kompetence_core::Engine;
use kompetence_core::needs::Need;
use serde::Serialize;

use crate::output::{self, Failure, dec1, print_table, table};
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
}

pub fn run(docs: &DocumentArgs, args: &NeedsArgs) -> Result<ExitCode, Failure> {
    let engine = documents::engine(docs)?;
    let md = args.format == Format::Markdown;
    if let Some(id) = &args.employee {
        let needs = engine.needs(id)?;
        if args.format == Format::Json {
            output::print_json(&needs)?;
        } else {
            print_table(&format!("Needs of {id}"), &person_table(&engine, &needs, md), md);
        }
    } else if args.all {
        let all = engine.needs_all();
        if args.format == Format::Json {
            output::print_json(&all)?;
        } else {
            for p in all.iter().filter(|p| !p.needs.is_empty()) {
                print_table(
                    &format!("Needs of {} ({})", p.employee, p.unit),
                    &person_table(&engine, &p.needs, md),
                    md,
                );
            }
        }
    } else {
        match args.by.as_deref() {
            Some("goal") => rollup_goals(&engine, args.format)?,
            Some("unit") => rollup_units(&engine, args.format, false)?,
            _ => {
                rollup_units(&engine, args.format, true)?;
                rollup_goals(&engine, args.format)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn person_table(engine: &Engine, needs: &[Need], md: bool) -> comfy_table::Table {
    let mut t =
        table(&["competence", "now", "target", "weight", "weighted gap", "deadline", "mandatory", "why"], md);
    for n in needs {
        let why: Vec<String> = n.origins.iter().map(|o| o.label()).collect();
        t.add_row(vec![
            engine.competence_name(&n.competence).to_owned(),
            n.current.to_string(),
            n.target.to_string(),
            format!("{:.2}", n.weight),
            dec1(n.weighted_gap),
            n.deadline.to_string(),
            if n.mandatory { "yes" } else { "" }.to_owned(),
            why.join("; "),
        ]);
    }
    t
}

/// Unit roll-ups; `departments_only` keeps the municipality and its departments.
fn rollup_units(engine: &Engine, format: Format, departments_only: bool) -> Result<(), Failure> {
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
    let mut t = table(&["unit", "people", "with needs", "gap (levels)", "mandatory gap", "weighted gap"], md);
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
    print_table(if departments_only { "Needs per department" } else { "Needs per unit" }, &t, md);
    Ok(())
}

fn rollup_goals(engine: &Engine, format: Format) -> Result<(), Failure> {
    let rows = engine.needs_by_goal();
    if format == Format::Json {
        return output::print_json(&rows);
    }
    let md = format == Format::Markdown;
    let mut t =
        table(&["strategic goal", "deadline", "in scope", "affected", "gap (levels)", "weighted gap"], md);
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
    print_table("Needs per strategic goal", &t, md);
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

pub fn demo(format: Format) -> Result<ExitCode, Failure> {
    let engine = kompetence_formats::demo::engine();
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
    let heading = format!(
        "{} — planning date {}: {} employees in {} units, {} competences, {} learning activities",
        org.name,
        org.as_of,
        org.employees.len(),
        org.units.len(),
        org.framework.competences.len(),
        engine.catalog().activities.len()
    );
    if md {
        println!("# {heading}\n")
    } else {
        println!("{heading}\n")
    }
    rollup_units(&engine, format, true)?;
    rollup_goals(&engine, format)?;
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
        print_table(&format!("Top needs of {id} ({role}, {unit})"), &person_table(&engine, &top, md), md);
        let rec = engine.recommend(&id)?;
        println!(
            "{}\nReasons, runners-up and rejected alternatives: kompetence recommend --employee {id}\n",
            rec.summary_text().en
        );
    }
    Ok(ExitCode::SUCCESS)
}
