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
use crate::plan::{OrganisationPlan, PlanOptions};
use crate::recommend::{LearningPath, Recommendation, Text};
use crate::rules;
use crate::testing::{Shape, catalog_for, documents};
use crate::{Engine, validate};

/// The built-in invariants checked on every recommended path (the first seven) and on the
/// organisation plan (`plan_*`), besides the policy's assertions.
pub const INVARIANTS: [(&str, &str); 12] = [
    ("zone", "no step jumps into the alarm zone; a jump beyond the stretch zone is supervised"),
    ("budget", "no path costs more than the per-person budget or a cap_cost rule"),
    ("hours", "no path takes more hours away than the person's cap or a cap_hours rule"),
    ("buddy", "every buddy is another employee, above the level the learner reaches by the margin"),
    ("traced", "every step raises a need that traces to an origin (goal, role, plan, wish …)"),
    ("excluded", "no step uses an activity an exclude rule excludes for the person"),
    ("follow_up", "every step that triggers a require_follow_up rule is followed by that form"),
    (
        "plan_budget",
        "the plan keeps the total budget, every unit budget (with its sub-units) and the per-person limit",
    ),
    ("plan_seats", "no course session in the plan gets more participants than its free seats"),
    (
        "plan_buddies",
        "every buddy in the plan is another employee, qualified by the level margin, within their mentee limit",
    ),
    (
        "plan_rules",
        "no plan item uses an excluded activity, owes a follow-up or exceeds the person's hours cap",
    ),
    ("plan_traced", "every plan item raises needs of its person, and the planner plans every valid case"),
];

/// One broken assertion or invariant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The assertion id, or the invariant's name (the built-in invariants are listed in the module docs).
    pub check: String,
    /// The employee whose recommendation breaks it.
    pub employee: String,
    /// The activity of the offending step, when a step breaks it.
    pub activity: Option<String>,
    /// True when the violation is in the organisation plan (then `employee` is empty for a
    /// violation of the plan as a whole).
    pub in_plan: bool,
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
    /// The organisation plan of the case, when a violation is in the plan.
    pub plan: Option<OrganisationPlan>,
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
    /// Cases asked for and run (at least 1: [`check_policy`] refuses 0).
    pub cases: u32,
    /// Where cases came from.
    pub source: CaseSource,
    /// People whose recommendations were checked (shrinking runs included).
    pub people_checked: u64,
    /// Paths checked (chosen paths and runners-up).
    pub paths_checked: u64,
    /// Steps checked.
    pub steps_checked: u64,
    /// Organisation plans checked (one per case).
    pub plans_checked: u64,
    /// Plan items checked.
    pub plan_items_checked: u64,
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
    plans: AtomicU64,
    items: AtomicU64,
}

/// Generates `cases` cases from `seed`, recommends for every person and checks every assertion
/// and built-in invariant on every recommended path (chosen and runners-up); on a failure,
/// shrinks it to a minimal counterexample (fewest employees and activities that still fail).
///
/// With `org`, cases are subsets of its employees (and with `catalog` too, subsets of its
/// activities; without, generated catalogs for it). Without `org`, organisations are generated
/// and the policy's per-unit budgets that name no generated unit are left out.
///
/// Fails with `InvalidArgument` at `cases` when `cases` is 0, with the validation problems when
/// the policy is invalid (e.g. a rule that does not compile), or with `InvalidArgument` for a
/// catalog without an organisation.
///
/// Why 0 is refused rather than run: a check of no cases checks nothing and so cannot fail, and
/// a CI job reads a pass as "the policy holds". A 0 there is almost always a slip (an unset
/// variable, a typo), and an error says so where a report of nothing checked would go unread.
pub fn check_policy(
    policy: &Policy,
    org: Option<&Organisation>,
    catalog: Option<&Catalog>,
    cases: u32,
    seed: u64,
) -> Result<PolicyCheckReport> {
    if cases == 0 {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            Problem::new(
                "cases",
                "0",
                "must be at least 1: a check of no cases checks nothing and would always pass",
            ),
        ));
    }
    let problems = validate::validate_policy(policy, org);
    if !problems.is_empty() {
        return Err(Error::validation(problems));
    }
    let mut config = Config::with_cases(cases);
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
        let case_policy = policy_for_case(policy, &o);
        let Ok(engine) = Engine::new(o, c, case_policy) else {
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
        plans_checked: counters.plans.load(Ordering::Relaxed),
        plan_items_checked: counters.items.load(Ordering::Relaxed),
        assertions: policy.assertions.iter().map(|a| a.id.clone()).collect(),
        invariants: INVARIANTS.iter().map(|i| i.0.to_owned()).collect(),
        counterexample,
    })
}

/// The policy for a case: without the per-unit budgets that name no unit of the case's
/// organisation (a generated organisation has its own units; the planner checks the rest).
fn policy_for_case(policy: &Policy, org: &Organisation) -> Policy {
    let mut p = policy.clone();
    p.budget.per_unit.retain(|unit, _| org.units.iter().any(|u| &u.id == unit));
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
    match Engine::new(o.clone(), c.clone(), policy_for_case(policy, o)) {
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
    let (violations, recommendation, plan) =
        match Engine::new(o.clone(), c.clone(), policy_for_case(policy, &o)) {
            Ok(engine) => {
                let (v, r) = check_engine(&engine, &counters);
                let plan = if v.iter().any(|v| v.in_plan) { engine.plan().ok() } else { None };
                (v, r, plan)
            }
            Err(_) => (Vec::new(), None, None),
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
        let (where_da, where_en) = match (v.in_plan, v.employee.is_empty()) {
            (true, true) => ("i organisationens plan".to_owned(), "in the organisation plan".to_owned()),
            (true, false) => (
                format!("i planen for medarbejder {}", v.employee),
                format!("in the plan for employee {}", v.employee),
            ),
            (false, _) => (
                format!("i anbefalingen til medarbejder {}", v.employee),
                format!("in the recommendation for employee {}", v.employee),
            ),
        };
        da.push_str(&format!("\n- {} {} er brudt {where_da}{act_da}: {}", what(true), v.check, v.message));
        en.push_str(&format!("\n- {} {} is broken {where_en}{act_en}: {}", what(false), v.check, v.message));
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
    Counterexample {
        organisation: o,
        catalog: c,
        violations,
        recommendation,
        plan,
        explanation: Text { da, en },
    }
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
    let recs = engine.recommend_all();
    for rec in &recs {
        if rec.refused.is_some() {
            continue;
        }
        let Ok(emp) = engine.employee(&rec.employee) else { continue };
        counters.people.fetch_add(1, Ordering::Relaxed);
        let unit = org.units.iter().find(|u| u.id == emp.unit);
        let dept = engine.department_of(&emp.unit).map(|d| d.id.clone()).unwrap_or_default();
        let scope = compiled.person_context(emp, unit, &dept);
        let effects = compiled.person_effects(policy, &scope);
        let before = out.len();
        for path in std::iter::once(&rec.chosen).chain(&rec.runners_up) {
            counters.paths.fetch_add(1, Ordering::Relaxed);
            check_path(engine, rec, path, &scope, &effects, &follow_up_forms, &act_pos, counters, &mut out);
        }
        if out.len() > before && first.is_none() {
            first = Some(rec.clone());
        }
    }
    check_plan(engine, &recs, counters, &mut out);
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
    scope: &rules::PersonScope,
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
            in_plan: false,
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
    for id in compiled.violated_path_assertions(policy, scope.cel(), rules::path_value(path)) {
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
            let eff = compiled.activity_effects(policy, scope, effects, ai, &engine.catalog().activities[ai]);
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
            for id in compiled.violated_step_assertions(policy, scope.cel(), sv, rules::activity_value(act)) {
                push(&id, a, format!("step assertion {id:?} is false"));
            }
        }
    }
}

/// Plans the organisation from the recommendations and checks the plan's invariants and the
/// policy's plan-item and plan assertions.
fn check_plan(engine: &Engine, recs: &[Recommendation], counters: &Counters, out: &mut Vec<Violation>) {
    let policy = engine.policy();
    let org = engine.organisation();
    let catalog = engine.catalog();
    let compiled = engine.compiled_rules();
    let mut push = |check: &str, employee: &str, activity: Option<&str>, message: String| {
        out.push(Violation {
            check: check.to_owned(),
            employee: employee.to_owned(),
            activity: activity.map(str::to_owned),
            in_plan: true,
            message,
        });
    };
    let plan = match engine.plan_from(recs, &PlanOptions::default()) {
        Ok(plan) => plan,
        Err(e) => {
            push("plan_traced", "", None, format!("the planner failed: {e}"));
            return;
        }
    };
    counters.plans.fetch_add(1, Ordering::Relaxed);
    let emp_pos: HashMap<&str, usize> =
        org.employees.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let act_pos: HashMap<&str, usize> =
        catalog.activities.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    // Budgets: the total, then every budgeted unit with its sub-units, from the items' costs.
    let total: i64 = plan.items.iter().fold(0i64, |a, i| a.saturating_add(i.cost));
    if total != plan.total_cost {
        push(
            "plan_budget",
            "",
            None,
            format!("items cost {total} kr, the plan reports {} kr", plan.total_cost),
        );
    }
    if let Some(b) = policy.budget.total
        && total > b
    {
        push("plan_budget", "", None, format!("total net cost {total} kr over the budget of {b} kr"));
    }
    let parent: HashMap<&str, &str> =
        org.units.iter().filter_map(|u| u.parent.as_deref().map(|p| (u.id.as_str(), p))).collect();
    let within = |unit: &str, ancestor: &str| {
        let mut u = unit;
        for _ in 0..=org.units.len() {
            if u == ancestor {
                return true;
            }
            match parent.get(u) {
                Some(p) => u = p,
                None => return false,
            }
        }
        false
    };
    for (unit, &budget) in &policy.budget.per_unit {
        let spend =
            plan.items.iter().filter(|i| within(&i.unit, unit)).fold(0i64, |a, i| a.saturating_add(i.cost));
        if spend > budget {
            push(
                "plan_budget",
                "",
                None,
                format!("unit {unit} spends {spend} kr over its budget of {budget} kr"),
            );
        }
    }
    // Seats of course sessions (a team activity is held for its team, not on public sessions).
    let mut seats: std::collections::BTreeMap<(&str, &str), u32> = std::collections::BTreeMap::new();
    // Mentees per buddy: plan items plus activities already agreed in development plans.
    let mut mentees: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
    for p in &org.plans {
        for a in &p.activities {
            if matches!(
                a.status,
                crate::model::ActivityStatus::Planned | crate::model::ActivityStatus::InProgress
            ) && let Some(b) = &a.buddy
            {
                *mentees.entry(b.as_str()).or_default() += 1;
            }
        }
    }
    let margin = u32::from(policy.buddy.level_margin);
    for item in &plan.items {
        counters.items.fetch_add(1, Ordering::Relaxed);
        let person = item.employee.as_str();
        let Some(&e) = emp_pos.get(person) else {
            push("plan_traced", person, None, "the item is for no employee".to_owned());
            continue;
        };
        let emp = &org.employees[e];
        let rec = recs.iter().find(|r| r.employee == person);
        let needs: &[crate::needs::Need] = rec.map_or(&[][..], |r| &r.needs[..]);
        if item.needs_served.is_empty() || item.steps.is_empty() {
            push("plan_traced", person, None, "the item raises no need".to_owned());
        }
        for c in &item.needs_served {
            if !needs.iter().any(|n| &n.competence == c) {
                push("plan_traced", person, None, format!("raises {c}, which is no need of the person"));
            }
        }
        let unit = org.units.iter().find(|u| u.id == emp.unit);
        let dept = engine.department_of(&emp.unit).map(|d| d.id.clone()).unwrap_or_default();
        let scope = compiled.person_context(emp, unit, &dept);
        let effects = compiled.person_effects(policy, &scope);
        let mut limit = policy.budget.per_person;
        if let Some((cap, _)) = &effects.cap_cost {
            limit = Some(limit.map_or(*cap, |b| b.min(*cap)));
        }
        if let Some(l) = limit
            && item.cost > l
        {
            push(
                "plan_budget",
                person,
                None,
                format!("the item costs {} kr over the limit of {l} kr", item.cost),
            );
        }
        let mut hours = 0.0;
        let mut owed = 0u32;
        let follow_up_forms = compiled.follow_up_forms(policy);
        for step in &item.steps {
            let a = Some(step.activity.as_str());
            let Some(&ai) = act_pos.get(step.activity.as_str()) else {
                push("plan_traced", person, a, "no such activity in the catalog".to_owned());
                continue;
            };
            let act = &catalog.activities[ai];
            hours += act.hours_away;
            for (bit, form) in follow_up_forms.iter().enumerate() {
                if *form == step.form {
                    owed &= !(1 << bit);
                }
            }
            let eff = compiled.activity_effects(policy, &scope, &effects, ai, act);
            if let Some(rule) = eff.excluded_by {
                push("plan_rules", person, a, format!("rule {rule:?} excludes this activity"));
            }
            owed |= eff.requires;
            if !item.team_activity
                && let Some(sid) = &step.session
                && let Some(session) = act.sessions.iter().find(|s| &s.id == sid)
            {
                let n = seats.entry((act.id.as_str(), session.id.as_str())).or_default();
                *n += 1;
                if *n == session.seats.saturating_sub(session.booked) + 1 {
                    push(
                        "plan_seats",
                        person,
                        a,
                        format!(
                            "session {sid} gets more participants than its {} free seats",
                            session.seats.saturating_sub(session.booked)
                        ),
                    );
                }
            }
            match (&step.buddy, act.mentor) {
                (None, Some(MentorKind::Buddy)) => {
                    push("plan_buddies", person, a, "buddy training without a buddy".to_owned())
                }
                (Some(b), _) => match emp_pos.get(b.employee.as_str()) {
                    None => push("plan_buddies", person, a, format!("buddy {} is no employee", b.employee)),
                    Some(&bi) if bi == e => {
                        push("plan_buddies", person, a, "the learner is their own buddy".to_owned())
                    }
                    Some(&bi) => {
                        let buddy = &org.employees[bi];
                        for r in &step.reaches {
                            let need = u32::from(r.level) + margin;
                            if u32::from(buddy.level(&r.competence)) < need {
                                push(
                                    "plan_buddies",
                                    person,
                                    a,
                                    format!("buddy {} is below level {need} in {}", b.employee, r.competence),
                                );
                            }
                        }
                        let n = mentees.entry(buddy.id.as_str()).or_default();
                        *n += 1;
                        let max = i64::from(buddy.max_mentees.unwrap_or(policy.buddy.max_mentees));
                        if *n == max + 1 {
                            push(
                                "plan_buddies",
                                person,
                                a,
                                format!("buddy {} gets more than {max} learners", buddy.id),
                            );
                        }
                    }
                },
                _ => {}
            }
        }
        if owed != 0 {
            let bit = owed.trailing_zeros();
            let rule = compiled.follow_up_rule(policy, bit).map_or("", |r| r.id.as_str());
            push("plan_rules", person, None, format!("rule {rule:?} requires a follow-up the item lacks"));
        }
        let mut cap = emp.max_hours_away;
        if let Some((c, _)) = &effects.cap_hours {
            cap = cap.min(*c);
        }
        if hours > cap + 1e-9 {
            push("plan_rules", person, None, format!("{hours} hours away over the cap of {cap}"));
        }
        if compiled.has_plan_assertions() {
            for id in
                compiled.violated_item_assertions(policy, scope.cel(), rules::item_value(item, hours, needs))
            {
                push(&id, person, None, format!("plan-item assertion {id:?} is false"));
            }
        }
    }
    for id in compiled.violated_plan_assertions(policy, rules::plan_value(&plan)) {
        push(&id, "", None, format!("plan assertion {id:?} is false"));
    }
}
