//! Property-testing a policy (feature `proptest`): generate organisations, recommend, and check
//! the committee's assertions and the built-in invariants on every recommended path; on a
//! failure, shrink to a minimal counterexample. Used by `kompetence policy test`, the Python
//! `check_policy` and the C `kompetence_policy_check`.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

use proptest::prelude::*;
use proptest::sample::subsequence;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};
use serde::Serialize;

use crate::error::{Error, ErrorKind, Problem, Result};
use crate::model::{Catalog, MentorKind, Organisation, Policy};
use crate::recommend::{LearningPath, Recommendation, Text};
use crate::rules;
use crate::testing::{Shape, catalog_for, documents};
use crate::{Engine, validate};

/// The built-in invariants checked on every recommended path, besides the policy's assertions.
pub const INVARIANTS: [(&str, &str); 7] = [
    ("zone", "no step jumps into the alarm zone; a jump beyond the stretch zone is supervised"),
    ("budget", "no path costs more than the per-person budget or a cap_cost rule"),
    ("hours", "no path takes more hours away than the person's cap or a cap_hours rule"),
    ("buddy", "every buddy is another employee, above the level the learner reaches by the margin"),
    ("traced", "every step raises a need that traces to an origin (goal, role, plan, wish …)"),
    ("excluded", "no step uses an activity an exclude rule excludes for the person"),
    ("follow_up", "every step that triggers a require_follow_up rule is followed by that form"),
];

/// One broken assertion or invariant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The assertion id, or the invariant's name (see [`INVARIANTS`]).
    pub check: String,
    /// The employee whose recommendation breaks it.
    pub employee: String,
    /// The activity of the offending step, when a step breaks it.
    pub activity: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// A minimal failing case: the documents, what breaks and the offending recommendation.
#[derive(Debug, Clone, Serialize)]
pub struct Counterexample {
    /// The organisation (shrunk).
    pub organisation: Organisation,
    /// The catalog (shrunk).
    pub catalog: Catalog,
    /// Everything broken in this case.
    pub violations: Vec<Violation>,
    /// The recommendation of the first person with a violation.
    pub recommendation: Option<Recommendation>,
    /// The failure in words, for the committee.
    pub explanation: Text,
}

/// Where the generated cases come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseSource {
    /// Random organisations and catalogs from [`documents`].
    Generated,
    /// Subsets of the given organisation's employees with a generated catalog.
    GivenOrganisation,
    /// Subsets of the given organisation's employees and the given catalog's activities.
    GivenOrganisationAndCatalog,
}

/// What `check_policy` checked and found.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyCheckReport {
    /// The seed; the same seed gives the same cases and the same report.
    pub seed: u64,
    /// Cases asked for.
    pub cases: u32,
    /// Where cases came from.
    pub source: CaseSource,
    /// People whose recommendations were checked (shrinking runs included).
    pub people_checked: u64,
    /// Paths checked (chosen paths and runners-up).
    pub paths_checked: u64,
    /// Steps checked.
    pub steps_checked: u64,
    /// The policy's assertion ids.
    pub assertions: Vec<String>,
    /// The built-in invariants' names.
    pub invariants: Vec<String>,
    /// The minimal failing case; `None` when everything held.
    pub counterexample: Option<Counterexample>,
}

impl PolicyCheckReport {
    /// True when no case broke anything.
    pub fn passed(&self) -> bool {
        self.counterexample.is_none()
    }
}

#[derive(Default)]
struct Counters {
    people: AtomicU64,
    paths: AtomicU64,
    steps: AtomicU64,
}

/// Generates `cases` cases from `seed`, recommends for every person and checks every assertion
/// and built-in invariant on every recommended path (chosen and runners-up); on a failure,
/// shrinks it to a minimal counterexample (fewest employees and activities that still fail).
///
/// With `org`, cases are subsets of its employees (and with `catalog` too, subsets of its
/// activities; without, generated catalogs for it). Without `org`, organisations are generated
/// and the policy's per-unit budgets that name no generated unit are left out.
///
/// Fails with the validation problems when the policy is invalid (e.g. a rule that does not
/// compile), or with `InvalidArgument` for a catalog without an organisation.
pub fn check_policy(
    policy: &Policy,
    org: Option<&Organisation>,
    catalog: Option<&Catalog>,
    cases: u32,
    seed: u64,
) -> Result<PolicyCheckReport> {
    let problems = validate::validate_policy(policy, org);
    if !problems.is_empty() {
        return Err(Error::validation(problems));
    }
    let mut config = Config::with_cases(cases.max(1));
    config.failure_persistence = None;
    config.max_shrink_iters = 20_000;
    config.max_global_rejects = cases.saturating_mul(4).saturating_add(1024);
    config.source_file = None;
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    seed_bytes[8..16].copy_from_slice(&(!seed).to_le_bytes());
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
    let counters = Counters::default();
    let test = |(o, c): (Organisation, Catalog)| -> std::result::Result<(), TestCaseError> {
        let Ok(engine) = Engine::new(o, c, policy_for_case(policy)) else {
            return Err(TestCaseError::reject("documents not valid together"));
        };
        let (violations, _) = check_engine(&engine, &counters);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(TestCaseError::fail(format!("{} violation(s)", violations.len())))
        }
    };
    let (source, result) = match (org, catalog) {
        (None, None) => (
            CaseSource::Generated,
            runner.run(&documents(Shape::default()).prop_map(|d| (d.organisation, d.catalog)), test),
        ),
        (Some(o), None) => {
            let sub = sub_organisations(o);
            let strategy = sub.prop_flat_map(|o| {
                let cat = catalog_for(&o, Shape::default());
                (Just(o), cat)
            });
            (CaseSource::GivenOrganisation, runner.run(&strategy, test))
        }
        (Some(o), Some(c)) => {
            let orgs = sub_organisations(o);
            let acts: Vec<usize> = (0..c.activities.len()).collect();
            let catalog = c.clone();
            let n = acts.len();
            let cats = subsequence(acts, 1.min(n)..=n.min(12)).prop_map(move |keep| {
                let mut cat = catalog.clone();
                cat.activities = keep.iter().map(|&i| catalog.activities[i].clone()).collect();
                cat
            });
            let strategy = (orgs, cats).prop_map(|(o, c)| {
                let mut o = o;
                prune_plans(&mut o, &c);
                (o, c)
            });
            (CaseSource::GivenOrganisationAndCatalog, runner.run(&strategy, test))
        }
        (None, Some(_)) => {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                Problem::new("catalog", "", "a catalog needs its organisation (--org) to shape the cases"),
            ));
        }
    };
    let counterexample = match result {
        Ok(()) => None,
        Err(TestError::Fail(_, (o, c))) => {
            let (o, c) = minimise(policy, o, c);
            Some(counterexample(policy, o, c))
        }
        Err(TestError::Abort(reason)) => {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                Problem::new("", "", format!("no valid cases could be generated: {reason}")),
            ));
        }
    };
    Ok(PolicyCheckReport {
        seed,
        cases,
        source,
        people_checked: counters.people.load(Ordering::Relaxed),
        paths_checked: counters.paths.load(Ordering::Relaxed),
        steps_checked: counters.steps.load(Ordering::Relaxed),
        assertions: policy.assertions.iter().map(|a| a.id.clone()).collect(),
        invariants: INVARIANTS.iter().map(|i| i.0.to_owned()).collect(),
        counterexample,
    })
}

/// The policy for a case: without per-unit budgets, which the recommender does not use (the
/// planner does) and which would name units a generated organisation does not have.
fn policy_for_case(policy: &Policy) -> Policy {
    let mut p = policy.clone();
    p.budget.per_unit.clear();
    p
}

/// Subsets of the organisation's employees (1 to 8 of them), shrinking towards fewer.
fn sub_organisations(o: &Organisation) -> impl Strategy<Value = Organisation> + use<> {
    let org = o.clone();
    let n = org.employees.len();
    let idx: Vec<usize> = (0..n).collect();
    subsequence(idx, 1.min(n)..=n.min(8)).prop_map(move |keep| keep_employees(&org, &keep))
}

/// Keeps only the employees at `keep`, dropping references to the others (buddy history,
/// plans, plan buddies).
fn keep_employees(org: &Organisation, keep: &[usize]) -> Organisation {
    let mut o = org.clone();
    o.employees = keep.iter().filter_map(|&i| org.employees.get(i).cloned()).collect();
    let ids: BTreeSet<String> = o.employees.iter().map(|e| e.id.clone()).collect();
    for e in &mut o.employees {
        e.buddy_history.retain(|h| ids.contains(&h.buddy));
    }
    o.plans.retain(|p| ids.contains(&p.employee));
    for p in &mut o.plans {
        p.activities.retain(|a| a.buddy.as_ref().is_none_or(|b| ids.contains(b)));
    }
    o
}

fn fails(policy: &Policy, o: &Organisation, c: &Catalog) -> bool {
    match Engine::new(o.clone(), c.clone(), policy_for_case(policy)) {
        Ok(engine) => !check_engine(&engine, &Counters::default()).0.is_empty(),
        Err(_) => false,
    }
}

/// Proptest's shrinking works on the generator's raw draws, which do not always let it drop a
/// person or an activity; this finishes the job greedily: any employee or activity whose removal
/// keeps the case failing is removed, until none can be.
fn minimise(policy: &Policy, mut o: Organisation, mut c: Catalog) -> (Organisation, Catalog) {
    loop {
        let mut changed = false;
        let mut i = 0;
        while o.employees.len() > 1 && i < o.employees.len() {
            let keep: Vec<usize> = (0..o.employees.len()).filter(|&k| k != i).collect();
            let smaller = keep_employees(&o, &keep);
            if fails(policy, &smaller, &c) {
                o = smaller;
                changed = true;
            } else {
                i += 1;
            }
        }
        let mut i = 0;
        while c.activities.len() > 1 && i < c.activities.len() {
            let mut smaller = c.clone();
            smaller.activities.remove(i);
            let mut org = o.clone();
            prune_plans(&mut org, &smaller);
            if fails(policy, &org, &smaller) {
                c = smaller;
                o = org;
                changed = true;
            } else {
                i += 1;
            }
        }
        if !changed {
            return (o, c);
        }
    }
}

/// Drops agreed plan activities that name activities not in the catalog.
fn prune_plans(o: &mut Organisation, c: &Catalog) {
    let ids: BTreeSet<&str> = c.activities.iter().map(|a| a.id.as_str()).collect();
    for p in &mut o.plans {
        p.activities.retain(|a| ids.contains(a.activity.as_str()));
    }
}

fn counterexample(policy: &Policy, o: Organisation, c: Catalog) -> Counterexample {
    let counters = Counters::default();
    let (violations, recommendation) = match Engine::new(o.clone(), c.clone(), policy_for_case(policy)) {
        Ok(engine) => check_engine(&engine, &counters),
        Err(_) => (Vec::new(), None),
    };
    let mut da = String::from("Politikken holder ikke:");
    let mut en = String::from("The policy does not hold:");
    for v in &violations {
        let what = |lang_da: bool| {
            if INVARIANTS.iter().any(|i| i.0 == v.check) {
                if lang_da { "den indbyggede regel" } else { "the built-in invariant" }
            } else if lang_da {
                "påstanden"
            } else {
                "the assertion"
            }
        };
        let act_da = v.activity.as_ref().map(|a| format!(", aktivitet {a}")).unwrap_or_default();
        let act_en = v.activity.as_ref().map(|a| format!(", activity {a}")).unwrap_or_default();
        da.push_str(&format!(
            "\n- {} {} er brudt for medarbejder {}{}: {}",
            what(true),
            v.check,
            v.employee,
            act_da,
            v.message
        ));
        en.push_str(&format!(
            "\n- {} {} is broken for employee {}{}: {}",
            what(false),
            v.check,
            v.employee,
            act_en,
            v.message
        ));
    }
    da.push_str(&format!(
        "\nMindste eksempel: {} medarbejder(e), {} aktivitet(er).",
        o.employees.len(),
        c.activities.len()
    ));
    en.push_str(&format!(
        "\nSmallest example: {} employee(s), {} activit(y/ies).",
        o.employees.len(),
        c.activities.len()
    ));
    Counterexample { organisation: o, catalog: c, violations, recommendation, explanation: Text { da, en } }
}

/// Recommends for everyone and checks every path; returns the violations and the recommendation
/// of the first person with one.
fn check_engine(engine: &Engine, counters: &Counters) -> (Vec<Violation>, Option<Recommendation>) {
    let policy = engine.policy();
    let org = engine.organisation();
    let compiled = engine.compiled_rules();
    let follow_up_forms = compiled.follow_up_forms(policy);
    let act_pos: HashMap<&str, usize> =
        engine.catalog().activities.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let mut out = Vec::new();
    let mut first = None;
    for rec in engine.recommend_all() {
        if rec.refused.is_some() {
            continue;
        }
        let Ok(emp) = engine.employee(&rec.employee) else { continue };
        counters.people.fetch_add(1, Ordering::Relaxed);
        let unit = org.units.iter().find(|u| u.id == emp.unit);
        let dept = engine.department_of(&emp.unit).map(|d| d.id.clone()).unwrap_or_default();
        let ctx = compiled.person_context(emp, unit, &dept);
        let effects = compiled.person_effects(policy, &ctx);
        let before = out.len();
        for path in std::iter::once(&rec.chosen).chain(&rec.runners_up) {
            counters.paths.fetch_add(1, Ordering::Relaxed);
            check_path(engine, &rec, path, &ctx, &effects, &follow_up_forms, &act_pos, counters, &mut out);
        }
        if out.len() > before && first.is_none() {
            first = Some(rec);
        }
    }
    // The same violation on a runner-up and the chosen path is reported once.
    let mut seen = BTreeSet::new();
    out.retain(|v: &Violation| {
        seen.insert((v.check.clone(), v.employee.clone(), v.activity.clone(), v.message.clone()))
    });
    (out, first)
}

#[allow(clippy::too_many_arguments)]
fn check_path(
    engine: &Engine,
    rec: &Recommendation,
    path: &LearningPath,
    ctx: &cel::Context,
    effects: &rules::PersonEffects,
    follow_up_forms: &[crate::model::LearningForm],
    act_pos: &HashMap<&str, usize>,
    counters: &Counters,
    out: &mut Vec<Violation>,
) {
    let policy = engine.policy();
    let compiled = engine.compiled_rules();
    let person = rec.employee.as_str();
    let Ok(emp) = engine.employee(person) else { return };
    let mut push = |check: &str, activity: Option<&str>, message: String| {
        out.push(Violation {
            check: check.to_owned(),
            employee: person.to_owned(),
            activity: activity.map(str::to_owned),
            message,
        });
    };
    // Path-level invariants.
    let mut budget = policy.budget.per_person;
    if let Some((cap, _)) = &effects.cap_cost {
        budget = Some(budget.map_or(*cap, |b| b.min(*cap)));
    }
    if let Some(b) = budget
        && path.net_cost > b
    {
        push("budget", None, format!("net cost {} kr over the limit of {b} kr", path.net_cost));
    }
    let mut hours_cap = emp.max_hours_away;
    if let Some((cap, _)) = &effects.cap_hours {
        hours_cap = hours_cap.min(*cap);
    }
    if path.hours_away > hours_cap + 1e-9 {
        push("hours", None, format!("{} hours away over the cap of {hours_cap}", path.hours_away));
    }
    for id in compiled.violated_path_assertions(policy, ctx, rules::path_value(path)) {
        push(&id, None, format!("path assertion {id:?} is false"));
    }
    // Step invariants.
    let zones = &policy.zones;
    let alarm = zones.supervised_max_jump.max(zones.stretch_max_jump);
    for (i, step) in path.steps.iter().enumerate() {
        counters.steps.fetch_add(1, Ordering::Relaxed);
        let act_i = act_pos.get(step.activity.as_str()).copied();
        let activity = act_i.and_then(|a| engine.catalog().activities.get(a));
        let a = Some(step.activity.as_str());
        for g in &step.gains {
            let jump = g.to.saturating_sub(g.from);
            if jump > alarm {
                push("zone", a, format!("+{jump} levels in {} is in the alarm zone", g.competence));
            } else if jump > zones.stretch_max_jump && !step.supervised {
                push(
                    "zone",
                    a,
                    format!("+{jump} levels in {} beyond the stretch zone without supervision", g.competence),
                );
            }
            match rec.needs.iter().find(|n| n.competence == g.competence) {
                Some(n) if !n.origins.is_empty() => {}
                _ => push("traced", a, format!("raises {} which is no traced need", g.competence)),
            }
        }
        if step.gains.is_empty() {
            push("traced", a, "raises no need".to_owned());
        }
        if step.mentor == Some(MentorKind::Buddy) {
            match &step.buddy {
                None => push("buddy", a, "buddy training without a buddy".to_owned()),
                Some(b) if b.employee == person => {
                    push("buddy", a, "the learner is their own buddy".to_owned())
                }
                Some(b) => match engine.employee(&b.employee) {
                    Err(_) => push("buddy", a, format!("buddy {} is no employee", b.employee)),
                    Ok(buddy) => {
                        for g in &step.gains {
                            let need = u32::from(g.to) + u32::from(policy.buddy.level_margin);
                            if u32::from(buddy.level(&g.competence)) < need {
                                push(
                                    "buddy",
                                    a,
                                    format!("buddy {} is below level {need} in {}", b.employee, g.competence),
                                );
                            }
                        }
                    }
                },
            }
        }
        if let Some(ai) = act_i {
            let eff = compiled.activity_effects(policy, ctx, ai);
            if let Some(rule) = eff.excluded_by {
                push("excluded", a, format!("rule {rule:?} excludes this activity"));
            }
            for (bit, form) in follow_up_forms.iter().enumerate() {
                if eff.requires & (1 << bit) != 0 && !path.steps[i + 1..].iter().any(|s| s.form == *form) {
                    push("follow_up", a, format!("no {form:?} step follows"));
                }
            }
        }
        if let Some(act) = activity {
            let sv = rules::step_value(step, i, &act.provider, &rec.needs);
            for id in compiled.violated_step_assertions(policy, ctx, sv, rules::activity_value(act)) {
                push(&id, a, format!("step assertion {id:?} is false"));
            }
        }
    }
}
