//! Validation: every rule the documents must satisfy, checked in one pass that collects *all*
//! problems, each with its field path and offending value.
//!
//! An [`crate::Engine`] is built only from documents with no problems, so the rest of the core
//! can rely on references resolving, levels lying on the scale, trees being trees and numbers
//! being finite.
//!
//! # Problems
//!
//! Each [`Problem`] names its document, the field path from the document root
//! (`employees[3].levels["dementia-care"]`, `activities[12].sessions[0].end`,
//! `budget.per_unit["elder-care"]`), the offending value as JSON text (`7`, `"nope"`, `-100`;
//! a non-finite number, which JSON cannot hold, is written `NaN`, `inf` or `-inf`) and a
//! message. Problems come in document order: organisation, catalog, policy, evaluations, and
//! within a document in the order of its fields.
//!
//! # References between documents
//!
//! A document checked on its own ([`validate_text`], or a `None` argument) is checked only
//! against itself; references into other documents (a catalog's competences, a plan's
//! activities, a budget's units) are checked when those documents are given, as
//! [`validate_all`] and [`crate::Engine::new`] do.
//!
//! # Money
//!
//! Every amount of money is whole kroner, not negative and at most [`MAX_MONEY`] (1e15),
//! reported at its own field. Hours that the engine multiplies by an hourly rate must keep the
//! product within the same cap: an activity's `hours_away` times the highest
//! `wage_cost_per_hour` of the organisation and the highest funding `rate_per_hour` of the
//! policy, its `mentor_hours` times the highest wage (a buddy) or `zones.supervisor_cost_per_hour`
//! (a supervisor), and `zones.supervision_hours` times `zones.supervisor_cost_per_hour`. Such a
//! product is reported at the hours field, naming the rate; it is checked when the documents
//! holding both factors are checked together.
//!
//! # Size limits
//!
//! So that every later computation stays bounded, documents may not exceed the limits below
//! ([`MAX_EMPLOYEES`] and its siblings). A list over its limit is reported as one problem
//! (`value` is its length) and its elements are not checked further; a top-level list over its
//! limit stops the checks of that document.

use std::collections::HashMap;

use serde::Serialize;

use crate::document::{self, DocumentKind};
use crate::error::{Problem, json_string};
use crate::model::{
    ActivityStatus, Catalog, Evaluations, LearningActivity, LearningForm, Level, MentorKind, Organisation,
    Policy, SCHEMA_VERSION,
};

/// Most employees in one organisation.
pub const MAX_EMPLOYEES: usize = 1_000_000;
/// Most units in the organisation tree.
pub const MAX_UNITS: usize = 100_000;
/// Most roles.
pub const MAX_ROLES: usize = 10_000;
/// Most competences in the framework (also bounds the entries of one person's `levels`).
pub const MAX_COMPETENCES: usize = 10_000;
/// Most strategic goals.
pub const MAX_GOALS: usize = 10_000;
/// Most citizen feedback signals.
pub const MAX_FEEDBACK: usize = 1_000_000;
/// Most development plans.
pub const MAX_PLANS: usize = 1_000_000;
/// Most entries in one small nested list: a role's or goal's requirements, a person's wishes,
/// languages or buddy history, a plan's goals or activities, a signal's competences, a goal's
/// scope lists, a funding source's forms and education backgrounds.
pub const MAX_NESTED: usize = 1_000;
/// Most activities in the catalog.
pub const MAX_ACTIVITIES: usize = 100_000;
/// Most dated sessions of one activity.
pub const MAX_SESSIONS_PER_ACTIVITY: usize = 1_000;
/// Most competences one activity develops.
pub const MAX_DEVELOPS_PER_ACTIVITY: usize = 100;
/// Most funding sources in a policy.
pub const MAX_FUNDING_SOURCES: usize = 1_000;
/// Most per-unit budgets in a policy.
pub const MAX_UNIT_BUDGETS: usize = MAX_UNITS;
/// Most evaluation records.
pub const MAX_EVALUATION_RECORDS: usize = 10_000_000;

/// Fewest and most levels on a proficiency scale (level 0 "none" included).
pub const SCALE_LEVELS: std::ops::RangeInclusive<usize> = 2..=11;
/// Longest on-demand duration of an activity, in weeks (ten years).
pub const MAX_DURATION_WEEKS: u32 = 520;
/// Longest default deadline, in days (ten years).
pub const MAX_DEFAULT_DEADLINE_DAYS: i64 = 3650;
/// Most activities in one learning path.
pub const MAX_PATH_LENGTH: u8 = 6;
/// Largest amount of money in any field, in whole kroner (1e15): fees, fixed costs, wage and
/// supervisor costs per hour, funding rates and caps, `value_per_effect`, budgets and actual
/// costs. It is the planner's [`MAX_COST`](crate::plan::problem::MAX_COST), the bound the
/// budgets have always had.
///
/// Why this bound: an amount up to 1e15 is exact in `f64` (below 2^53 by a factor of 9), so
/// money converted for scores and capacities keeps every krone, and sums of a few such amounts
/// (a step's fee, wages, mentor and supervision; a path of at most [`MAX_PATH_LENGTH`] steps)
/// stay far from `i64` overflow. Products of hours and an hourly rate are bounded by the same
/// cap at the hours field (see the module docs). A path that still sums to more than the cap is
/// more than any budget can hold; the organisation plan leaves it out.
pub const MAX_MONEY: i64 = crate::plan::problem::MAX_COST;

/// Checks an organisation document, and its development plans' references into the catalog
/// when one is given.
pub fn validate_organisation(org: &Organisation, catalog: Option<&Catalog>) -> Vec<Problem> {
    let org_ids = OrgIds::new(org);
    let cat_ids = catalog.map(CatalogIds::new);
    let mut r = Report::new(DocumentKind::Organisation);
    organisation(org, &org_ids, cat_ids.as_ref(), &mut r);
    r.problems
}

/// Checks a catalog, and its references into the organisation when one is given.
pub fn validate_catalog(catalog: &Catalog, org: Option<&Organisation>) -> Vec<Problem> {
    let org_ids = org.map(OrgIds::new);
    let cat_ids = CatalogIds::new(catalog);
    let mut r = Report::new(DocumentKind::Catalog);
    catalog_rules(catalog, &cat_ids, org_ids.as_ref(), &Rates::new(org, None), &mut r);
    r.problems
}

/// Checks a policy, and its references into the organisation when one is given.
pub fn validate_policy(policy: &Policy, org: Option<&Organisation>) -> Vec<Problem> {
    let org_ids = org.map(OrgIds::new);
    let mut r = Report::new(DocumentKind::Policy);
    policy_rules(policy, org_ids.as_ref(), &mut r);
    r.problems
}

/// Checks evaluations, and their references when the organisation and catalog are given.
pub fn validate_evaluations(
    evals: &Evaluations,
    org: Option<&Organisation>,
    catalog: Option<&Catalog>,
) -> Vec<Problem> {
    let org_ids = org.map(OrgIds::new);
    let cat_ids = catalog.map(CatalogIds::new);
    let mut r = Report::new(DocumentKind::Evaluations);
    evaluations(evals, org_ids.as_ref(), cat_ids.as_ref(), &mut r);
    r.problems
}

/// Checks all documents together, in the order organisation, catalog, policy, evaluations,
/// including every reference between them.
pub fn validate_all(
    org: &Organisation,
    catalog: &Catalog,
    policy: &Policy,
    evaluations_doc: Option<&Evaluations>,
) -> Vec<Problem> {
    // The id tables are built once and shared by the four documents' checks.
    let org_ids = OrgIds::new(org);
    let cat_ids = CatalogIds::new(catalog);
    let mut out = {
        let mut r = Report::new(DocumentKind::Organisation);
        organisation(org, &org_ids, Some(&cat_ids), &mut r);
        r.problems
    };
    let mut r = Report::new(DocumentKind::Catalog);
    catalog_rules(catalog, &cat_ids, Some(&org_ids), &Rates::new(Some(org), Some(policy)), &mut r);
    out.append(&mut r.problems);
    let mut r = Report::new(DocumentKind::Policy);
    policy_rules(policy, Some(&org_ids), &mut r);
    out.append(&mut r.problems);
    if let Some(e) = evaluations_doc {
        let mut r = Report::new(DocumentKind::Evaluations);
        evaluations(e, Some(&org_ids), Some(&cat_ids), &mut r);
        out.append(&mut r.problems);
    }
    out
}

/// Parses and checks one document given as JSON text, on its own (references into other
/// documents are not checked). The kind is detected from the top-level keys when `None`.
/// Parse errors come back as problems too, so a caller gets one list either way.
pub fn validate_text(text: &str, kind: Option<DocumentKind>) -> (Option<DocumentKind>, Vec<Problem>) {
    let text = document::without_bom(text);
    let kind = match kind {
        Some(k) => k,
        None => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) => match DocumentKind::detect(&v) {
                Some(k) => k,
                None => {
                    return (
                        None,
                        vec![Problem::new(
                            "",
                            "",
                            "cannot tell which document this is (expected keys such as employees, activities, records or name)",
                        )],
                    );
                }
            },
            Err(_) if document::top_level(text) == document::TopLevel::Empty => {
                return (None, vec![Problem::new("", "", document::EMPTY_DOCUMENT)]);
            }
            Err(e) => return (None, vec![Problem::new("", "", format!("not valid JSON: {e}"))]),
        },
    };
    let problems = match kind {
        DocumentKind::Organisation => {
            document::parse_organisation(text).map(|d| validate_organisation(&d, None))
        }
        DocumentKind::Catalog => document::parse_catalog(text).map(|d| validate_catalog(&d, None)),
        DocumentKind::Policy => document::parse_policy(text).map(|d| validate_policy(&d, None)),
        DocumentKind::Evaluations => {
            document::parse_evaluations(text).map(|d| validate_evaluations(&d, None, None))
        }
    };
    (Some(kind), problems.unwrap_or_else(|e| e.problems().to_vec()))
}

// ---------------------------------------------------------------------------------------------
// Id tables

/// Position of the first occurrence of every id in a list.
fn first_positions<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut map = HashMap::with_capacity(ids.size_hint().0);
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert(i);
    }
    map
}

/// The organisation's ids, for checking references from any document.
struct OrgIds<'a> {
    competences: HashMap<&'a str, usize>,
    units: HashMap<&'a str, usize>,
    roles: HashMap<&'a str, usize>,
    employees: HashMap<&'a str, usize>,
    max_level: Level,
}

impl<'a> OrgIds<'a> {
    fn new(org: &'a Organisation) -> OrgIds<'a> {
        OrgIds {
            competences: first_positions(org.framework.competences.iter().map(|c| c.id.as_str())),
            units: first_positions(org.units.iter().map(|u| u.id.as_str())),
            roles: first_positions(org.roles.iter().map(|r| r.id.as_str())),
            employees: first_positions(org.employees.iter().map(|e| e.id.as_str())),
            max_level: org.framework.scale.max_level(),
        }
    }
}

/// The catalog's activities by id (first occurrence), for checking plans and evaluations.
struct CatalogIds<'a> {
    activities: HashMap<&'a str, usize>,
    catalog: &'a Catalog,
}

impl<'a> CatalogIds<'a> {
    fn new(catalog: &'a Catalog) -> CatalogIds<'a> {
        CatalogIds { activities: first_positions(catalog.activities.iter().map(|a| a.id.as_str())), catalog }
    }

    fn get(&self, id: &str) -> Option<&'a LearningActivity> {
        self.activities.get(id).and_then(|&i| self.catalog.activities.get(i))
    }
}

// ---------------------------------------------------------------------------------------------
// The problem collector and its small rule helpers
//
// Paths are passed as closures so that nothing is formatted for the (usual) valid field.

struct Report {
    document: &'static str,
    problems: Vec<Problem>,
}

/// An hourly rate that hours are multiplied by, and the field it comes from (for messages).
#[derive(Debug, Clone)]
struct Rate {
    per_hour: i64,
    field: String,
}

impl Rate {
    /// The highest of valid rates (within `0..=MAX_MONEY`; others are reported at their own
    /// field), the first of equal ones.
    fn highest(rates: impl Iterator<Item = (i64, String)>) -> Option<Rate> {
        let mut best: Option<Rate> = None;
        for (per_hour, field) in rates {
            if (0..=MAX_MONEY).contains(&per_hour) && best.as_ref().is_none_or(|b| per_hour > b.per_hour) {
                best = Some(Rate { per_hour, field });
            }
        }
        best
    }
}

/// The hourly rates of the other documents that an activity's hours are multiplied by.
#[derive(Debug, Clone, Default)]
struct Rates {
    /// The organisation's highest `wage_cost_per_hour` (hours away; a buddy's mentor hours).
    wage: Option<Rate>,
    /// The policy's highest funding `rate_per_hour` (hours away).
    funding: Option<Rate>,
    /// The policy's `zones.supervisor_cost_per_hour` (a supervisor's mentor hours).
    supervisor: Option<Rate>,
}

impl Rates {
    fn new(org: Option<&Organisation>, policy: Option<&Policy>) -> Rates {
        Rates {
            wage: org.and_then(|o| {
                Rate::highest(
                    o.employees
                        .iter()
                        .enumerate()
                        .map(|(i, e)| (e.wage_cost_per_hour, format!("employees[{i}].wage_cost_per_hour"))),
                )
            }),
            funding: policy.and_then(|p| {
                Rate::highest(
                    p.funding
                        .iter()
                        .enumerate()
                        .map(|(i, f)| (f.rate_per_hour, format!("funding[{i}].rate_per_hour"))),
                )
            }),
            supervisor: policy.and_then(|p| {
                Rate::highest(std::iter::once((
                    p.zones.supervisor_cost_per_hour,
                    "zones.supervisor_cost_per_hour".to_owned(),
                )))
            }),
        }
    }

    /// The rate hours away are multiplied by at most: the higher of wages and funding rates.
    fn hours_away(&self) -> Option<&Rate> {
        match (&self.wage, &self.funding) {
            (Some(w), Some(f)) => Some(if f.per_hour > w.per_hour { f } else { w }),
            (w, f) => w.as_ref().or(f.as_ref()),
        }
    }
}

/// A value as JSON text.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// A number as JSON text; JSON has no NaN or infinity, so those are written as Rust does.
fn float(x: f64) -> String {
    if x.is_finite() { json(&x) } else { x.to_string() }
}

impl Report {
    fn new(kind: DocumentKind) -> Report {
        Report { document: kind.as_str(), problems: Vec::new() }
    }

    fn push(&mut self, path: String, value: String, message: String) {
        self.problems.push(Problem::new(path, value, message).in_document(self.document));
    }

    fn version(&mut self, found: u32) {
        if found != SCHEMA_VERSION {
            self.push(
                "schema_version".into(),
                found.to_string(),
                format!("schema_version {found} is not supported; this library reads {SCHEMA_VERSION}"),
            );
        }
    }

    /// Reports a list longer than `max`; returns whether the list is within the limit.
    fn within_limit(&mut self, len: usize, max: usize, path: impl FnOnce() -> String) -> bool {
        if len > max {
            self.push(path(), len.to_string(), format!("{len} entries are more than the limit of {max}"));
        }
        len <= max
    }

    fn non_empty_text(&mut self, text: &str, path: impl FnOnce() -> String) {
        if text.trim().is_empty() {
            self.push(path(), json_string(text), "must not be empty".into());
        }
    }

    fn non_empty_list(&mut self, len: usize, what: &str, path: impl FnOnce() -> String) {
        if len == 0 {
            self.push(path(), "[]".into(), format!("must name at least one {what}"));
        }
    }

    fn finite_non_negative(&mut self, x: f64, path: impl FnOnce() -> String) {
        if !(x.is_finite() && x >= 0.0) {
            self.push(path(), float(x), "must be finite and not negative".into());
        }
    }

    fn finite_positive(&mut self, x: f64, path: impl FnOnce() -> String) {
        if !(x.is_finite() && x > 0.0) {
            self.push(path(), float(x), "must be finite and above 0".into());
        }
    }

    fn finite(&mut self, x: f64, path: impl FnOnce() -> String) {
        if !x.is_finite() {
            self.push(path(), float(x), "must be finite".into());
        }
    }

    fn fraction(&mut self, x: f64, path: impl FnOnce() -> String) {
        if !(x.is_finite() && (0.0..=1.0).contains(&x)) {
            self.push(path(), float(x), "must be finite and between 0 and 1".into());
        }
    }

    /// An amount of money in whole kroner: not negative, and at most [`MAX_MONEY`], the bound
    /// budgets share with `PlanOptions::total_budget`. Checked here so money the engine cannot
    /// work with exactly is reported at its field when the document is read, not by
    /// `Engine::plan` at a path of the planner's internal problem.
    fn money(&mut self, amount: i64, path: impl FnOnce() -> String) {
        if amount < 0 {
            self.push(path(), amount.to_string(), "must not be negative".into());
        } else if amount > MAX_MONEY {
            self.push(path(), amount.to_string(), "must be at most 1e15 kroner".into());
        }
    }

    /// Hours the engine multiplies by `rate` must keep the product within [`MAX_MONEY`]; hours
    /// that are not finite or negative are reported by their own rule.
    fn hours_times_rate(&mut self, hours: f64, rate: Option<&Rate>, path: impl FnOnce() -> String) {
        let Some(rate) = rate else { return };
        if hours.is_finite() && hours * rate.per_hour as f64 > MAX_MONEY as f64 {
            self.push(
                path(),
                float(hours),
                format!(
                    "{hours} hours × {} kroner per hour ({}) is more than 1e15 kroner",
                    rate.per_hour, rate.field
                ),
            );
        }
    }

    fn between<T: PartialOrd + std::fmt::Display>(
        &mut self,
        x: T,
        lo: T,
        hi: T,
        path: impl FnOnce() -> String,
    ) {
        if !(lo <= x && x <= hi) {
            self.push(path(), x.to_string(), format!("{x} is outside {lo}..{hi}"));
        }
    }

    fn on_scale(&mut self, level: Level, max: Level, path: impl FnOnce() -> String) {
        if level > max {
            self.push(path(), level.to_string(), format!("level {level} is outside scale 0..{max}"));
        }
    }

    /// Reports an id that is not in `known`; `what` names the kind ("unit", "competence").
    fn known<V>(&mut self, known: &HashMap<&str, V>, id: &str, what: &str, path: impl FnOnce() -> String) {
        if !known.contains_key(id) {
            self.push(path(), json_string(id), format!("unknown {what} {id:?}"));
        }
    }

    /// Reports empty and duplicate ids of a list; `first` holds the first position of each id
    /// and `element` gives an element's path (`employees[3]`).
    fn unique_ids<'a>(
        &mut self,
        ids: impl Iterator<Item = &'a str>,
        first: &HashMap<&str, usize>,
        element: impl Fn(usize) -> String,
    ) {
        for (i, id) in ids.enumerate() {
            if id.trim().is_empty() {
                self.push(format!("{}.id", element(i)), json_string(id), "id must not be empty".into());
                continue;
            }
            match first.get(id) {
                Some(&f) if f != i => self.push(
                    format!("{}.id", element(i)),
                    json_string(id),
                    format!("duplicate id {id:?} (first at {})", element(f)),
                ),
                _ => {}
            }
        }
    }

    /// Reports unknown parents and every cycle of a parent-linked tree. `parents` holds each
    /// node's parent id; `tree` names the tree in messages; `element` gives a node's path.
    fn tree<'a>(
        &mut self,
        ids: &[&'a str],
        parents: &[Option<&'a str>],
        first: &HashMap<&str, usize>,
        what: &str,
        tree: &str,
        element: impl Fn(usize) -> String,
    ) {
        let mut parent: Vec<Option<usize>> = Vec::with_capacity(parents.len());
        for (i, p) in parents.iter().enumerate() {
            parent.push(match p {
                None => None,
                Some(p) => match first.get(p) {
                    Some(&at) => Some(at),
                    None => {
                        self.push(
                            format!("{}.parent", element(i)),
                            json_string(p),
                            format!("unknown {what} {p:?}"),
                        );
                        None
                    }
                },
            });
        }
        // Walk up from every node, colouring nodes on the current walk; meeting such a node
        // again closes a cycle. Each node is walked once, so this is linear.
        const NEW: u8 = 0;
        const ON_WALK: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; parent.len()];
        let mut walk = Vec::new();
        for start in 0..parent.len() {
            let mut at = Some(start);
            while let Some(node) = at {
                if state[node] != NEW {
                    break;
                }
                state[node] = ON_WALK;
                walk.push(node);
                at = parent[node];
            }
            if let Some(node) = at
                && state[node] == ON_WALK
            {
                let from = walk.iter().position(|&n| n == node).unwrap_or(0);
                let cycle = &walk[from..];
                // Report the cycle at its first node in document order, listing the nodes
                // by following the parent links from there.
                let lowest = cycle.iter().copied().min().unwrap_or(node);
                let mut names = vec![ids[lowest]];
                let mut n = parent[lowest];
                while let Some(next) = n {
                    names.push(ids[next]);
                    if next == lowest || names.len() > cycle.len() {
                        break;
                    }
                    n = parent[next];
                }
                self.push(
                    format!("{}.parent", element(lowest)),
                    parents[lowest].map(json_string).unwrap_or_else(|| "null".into()),
                    format!("cycle in the {tree}: {}", names.join(" → ")),
                );
            }
            for &n in &walk {
                state[n] = DONE;
            }
            walk.clear();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Organisation

fn organisation(org: &Organisation, ids: &OrgIds, catalog: Option<&CatalogIds>, r: &mut Report) {
    r.version(org.schema_version);
    r.non_empty_text(&org.name, || "name".into());
    let limits = [
        r.within_limit(org.framework.competences.len(), MAX_COMPETENCES, || "framework.competences".into()),
        r.within_limit(org.units.len(), MAX_UNITS, || "units".into()),
        r.within_limit(org.roles.len(), MAX_ROLES, || "roles".into()),
        r.within_limit(org.employees.len(), MAX_EMPLOYEES, || "employees".into()),
        r.within_limit(org.goals.len(), MAX_GOALS, || "goals".into()),
        r.within_limit(org.feedback.len(), MAX_FEEDBACK, || "feedback".into()),
        r.within_limit(org.plans.len(), MAX_PLANS, || "plans".into()),
    ];
    if limits.contains(&false) {
        return;
    }
    framework(org, ids, r);
    units(org, ids, r);
    roles(org, ids, r);
    employees(org, ids, r);
    goals(org, ids, r);
    feedback(org, ids, r);
    plans(org, ids, catalog, r);
}

fn framework(org: &Organisation, ids: &OrgIds, r: &mut Report) {
    let n = org.framework.scale.levels.len();
    if !SCALE_LEVELS.contains(&n) {
        r.push(
            "framework.scale.levels".into(),
            n.to_string(),
            format!(
                "a scale needs {} to {} levels (0 = none included), not {n}",
                SCALE_LEVELS.start(),
                SCALE_LEVELS.end()
            ),
        );
    }
    let comps = &org.framework.competences;
    r.unique_ids(comps.iter().map(|c| c.id.as_str()), &ids.competences, |i| {
        format!("framework.competences[{i}]")
    });
    let names: Vec<&str> = comps.iter().map(|c| c.id.as_str()).collect();
    let parents: Vec<Option<&str>> = comps.iter().map(|c| c.parent.as_deref()).collect();
    r.tree(&names, &parents, &ids.competences, "competence", "framework tree", |i| {
        format!("framework.competences[{i}]")
    });
}

fn units(org: &Organisation, ids: &OrgIds, r: &mut Report) {
    let units = &org.units;
    r.unique_ids(units.iter().map(|u| u.id.as_str()), &ids.units, |i| format!("units[{i}]"));
    let names: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
    let parents: Vec<Option<&str>> = units.iter().map(|u| u.parent.as_deref()).collect();
    r.tree(&names, &parents, &ids.units, "unit", "unit tree", |i| format!("units[{i}]"));
    let mut roots = units.iter().enumerate().filter(|(_, u)| u.parent.is_none()).map(|(i, _)| i);
    match roots.next() {
        None => r.push(
            "units".into(),
            if units.is_empty() { "[]".into() } else { units.len().to_string() },
            "exactly one unit (the root) must have no parent; found none".into(),
        ),
        Some(first) => {
            for extra in roots {
                r.push(
                    format!("units[{extra}].parent"),
                    "null".into(),
                    format!(
                        "a second root unit {:?} (the root is units[{first}]); only one unit may lack a parent",
                        units[extra].id
                    ),
                );
            }
        }
    }
}

fn roles(org: &Organisation, ids: &OrgIds, r: &mut Report) {
    r.unique_ids(org.roles.iter().map(|x| x.id.as_str()), &ids.roles, |i| format!("roles[{i}]"));
    for (i, role) in org.roles.iter().enumerate() {
        if !r.within_limit(role.requirements.len(), MAX_NESTED, || format!("roles[{i}].requirements")) {
            continue;
        }
        for (j, req) in role.requirements.iter().enumerate() {
            r.known(&ids.competences, &req.competence, "competence", || {
                format!("roles[{i}].requirements[{j}].competence")
            });
            r.on_scale(req.level, ids.max_level, || format!("roles[{i}].requirements[{j}].level"));
        }
    }
}

fn employees(org: &Organisation, ids: &OrgIds, r: &mut Report) {
    let max = ids.max_level;
    r.unique_ids(org.employees.iter().map(|e| e.id.as_str()), &ids.employees, |i| format!("employees[{i}]"));
    for (i, e) in org.employees.iter().enumerate() {
        r.known(&ids.units, &e.unit, "unit", || format!("employees[{i}].unit"));
        r.known(&ids.roles, &e.role, "role", || format!("employees[{i}].role"));
        if r.within_limit(e.levels.len(), MAX_COMPETENCES, || format!("employees[{i}].levels")) {
            for (c, &level) in &e.levels {
                let path = || format!("employees[{i}].levels[{}]", json_string(c));
                r.known(&ids.competences, c, "competence", path);
                r.on_scale(level, max, path);
            }
        }
        r.finite_non_negative(e.max_hours_away, || format!("employees[{i}].max_hours_away"));
        r.money(e.wage_cost_per_hour, || format!("employees[{i}].wage_cost_per_hour"));
        if r.within_limit(e.languages.len(), MAX_NESTED, || format!("employees[{i}].languages")) {
            for (j, l) in e.languages.iter().enumerate() {
                r.non_empty_text(l, || format!("employees[{i}].languages[{j}]"));
            }
        }
        if r.within_limit(e.wishes.len(), MAX_NESTED, || format!("employees[{i}].wishes")) {
            for (j, w) in e.wishes.iter().enumerate() {
                r.known(&ids.competences, &w.competence, "competence", || {
                    format!("employees[{i}].wishes[{j}].competence")
                });
                r.on_scale(w.level, max, || format!("employees[{i}].wishes[{j}].level"));
            }
        }
        if let Some(t) = &e.target_role {
            r.known(&ids.roles, t, "role", || format!("employees[{i}].target_role"));
        }
        if r.within_limit(e.buddy_history.len(), MAX_NESTED, || format!("employees[{i}].buddy_history")) {
            for (j, b) in e.buddy_history.iter().enumerate() {
                let path = || format!("employees[{i}].buddy_history[{j}].buddy");
                if b.buddy == e.id {
                    r.push(path(), json_string(&b.buddy), "a person cannot be their own buddy".into());
                } else {
                    r.known(&ids.employees, &b.buddy, "employee", path);
                }
            }
        }
    }
}

fn goals(org: &Organisation, ids: &OrgIds, r: &mut Report) {
    let max = ids.max_level;
    let first = first_positions(org.goals.iter().map(|g| g.id.as_str()));
    r.unique_ids(org.goals.iter().map(|g| g.id.as_str()), &first, |i| format!("goals[{i}]"));
    for (i, g) in org.goals.iter().enumerate() {
        r.finite_positive(g.priority, || format!("goals[{i}].priority"));
        if r.within_limit(g.scope.units.len(), MAX_NESTED, || format!("goals[{i}].scope.units")) {
            for (j, u) in g.scope.units.iter().enumerate() {
                r.known(&ids.units, u, "unit", || format!("goals[{i}].scope.units[{j}]"));
            }
        }
        if r.within_limit(g.scope.roles.len(), MAX_NESTED, || format!("goals[{i}].scope.roles")) {
            for (j, role) in g.scope.roles.iter().enumerate() {
                r.known(&ids.roles, role, "role", || format!("goals[{i}].scope.roles[{j}]"));
            }
        }
        r.non_empty_list(g.requirements.len(), "requirement", || format!("goals[{i}].requirements"));
        if !r.within_limit(g.requirements.len(), MAX_NESTED, || format!("goals[{i}].requirements")) {
            continue;
        }
        for (j, req) in g.requirements.iter().enumerate() {
            r.known(&ids.competences, &req.competence, "competence", || {
                format!("goals[{i}].requirements[{j}].competence")
            });
            r.on_scale(req.level, max, || format!("goals[{i}].requirements[{j}].level"));
            r.finite_positive(req.weight, || format!("goals[{i}].requirements[{j}].weight"));
        }
    }
}

fn feedback(org: &Organisation, ids: &OrgIds, r: &mut Report) {
    let first = first_positions(org.feedback.iter().map(|s| s.id.as_str()));
    r.unique_ids(org.feedback.iter().map(|s| s.id.as_str()), &first, |i| format!("feedback[{i}]"));
    for (i, s) in org.feedback.iter().enumerate() {
        r.known(&ids.units, &s.unit, "unit", || format!("feedback[{i}].unit"));
        r.non_empty_list(s.competences.len(), "competence", || format!("feedback[{i}].competences"));
        if r.within_limit(s.competences.len(), MAX_NESTED, || format!("feedback[{i}].competences")) {
            for (j, c) in s.competences.iter().enumerate() {
                r.known(&ids.competences, c, "competence", || format!("feedback[{i}].competences[{j}]"));
            }
        }
        r.fraction(s.strength, || format!("feedback[{i}].strength"));
    }
}

fn plans(org: &Organisation, ids: &OrgIds, catalog: Option<&CatalogIds>, r: &mut Report) {
    let max = ids.max_level;
    for (i, plan) in org.plans.iter().enumerate() {
        r.known(&ids.employees, &plan.employee, "employee", || format!("plans[{i}].employee"));
        if r.within_limit(plan.goals.len(), MAX_NESTED, || format!("plans[{i}].goals")) {
            for (j, g) in plan.goals.iter().enumerate() {
                r.known(&ids.competences, &g.competence, "competence", || {
                    format!("plans[{i}].goals[{j}].competence")
                });
                r.on_scale(g.level, max, || format!("plans[{i}].goals[{j}].level"));
            }
        }
        if !r.within_limit(plan.activities.len(), MAX_NESTED, || format!("plans[{i}].activities")) {
            continue;
        }
        for (j, a) in plan.activities.iter().enumerate() {
            let at = |field: &str| format!("plans[{i}].activities[{j}].{field}");
            let activity = match catalog {
                Some(cat) => {
                    r.known(&cat.activities, &a.activity, "activity", || at("activity"));
                    cat.get(&a.activity)
                }
                None => None,
            };
            if let (Some(session), Some(activity)) = (&a.session, activity)
                && !activity.sessions.iter().any(|s| s.id == *session)
            {
                r.push(
                    at("session"),
                    json_string(session),
                    format!("unknown session {session:?} of activity {:?}", activity.id),
                );
            }
            if let Some(buddy) = &a.buddy {
                if *buddy == plan.employee {
                    r.push(at("buddy"), json_string(buddy), "a person cannot be their own buddy".into());
                } else {
                    r.known(&ids.employees, buddy, "employee", || at("buddy"));
                }
            }
            if a.status == ActivityStatus::Completed && a.completed_on.is_none() {
                r.push(at("completed_on"), "null".into(), "a completed activity needs completed_on".into());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Catalog

fn catalog_rules(catalog: &Catalog, ids: &CatalogIds, org: Option<&OrgIds>, rates: &Rates, r: &mut Report) {
    r.version(catalog.schema_version);
    if !r.within_limit(catalog.activities.len(), MAX_ACTIVITIES, || "activities".into()) {
        return;
    }
    let acts = &catalog.activities;
    r.unique_ids(acts.iter().map(|a| a.id.as_str()), &ids.activities, |k| format!("activities[{k}]"));
    for (k, a) in acts.iter().enumerate() {
        activity(k, a, org, rates, r);
    }
}

fn activity(k: usize, a: &LearningActivity, org: Option<&OrgIds>, rates: &Rates, r: &mut Report) {
    let at = |field: &str| format!("activities[{k}].{field}");
    r.non_empty_text(&a.title, || at("title"));
    r.non_empty_text(&a.language, || at("language"));
    r.non_empty_list(a.develops.len(), "competence", || at("develops"));
    if r.within_limit(a.develops.len(), MAX_DEVELOPS_PER_ACTIVITY, || at("develops")) {
        for (d, dev) in a.develops.iter().enumerate() {
            let at = |field: &str| format!("activities[{k}].develops[{d}].{field}");
            if let Some(org) = org {
                r.known(&org.competences, &dev.competence, "competence", || at("competence"));
                r.on_scale(dev.ceiling, org.max_level, || at("ceiling"));
            }
            if dev.gain < 1 {
                r.push(at("gain"), dev.gain.to_string(), "gain must be at least 1 level".into());
            }
            if dev.entry_level >= dev.ceiling {
                r.push(
                    at("entry_level"),
                    dev.entry_level.to_string(),
                    format!("entry level {} is not below ceiling {}", dev.entry_level, dev.ceiling),
                );
            }
        }
    }
    r.money(a.fee, || at("fee"));
    r.finite_non_negative(a.hours_away, || at("hours_away"));
    r.hours_times_rate(a.hours_away, rates.hours_away(), || at("hours_away"));
    r.finite_non_negative(a.mentor_hours, || at("mentor_hours"));
    let mentor_rate = match a.mentor {
        Some(MentorKind::Buddy) => rates.wage.as_ref(),
        Some(MentorKind::Supervisor) => rates.supervisor.as_ref(),
        None => None,
    };
    r.hours_times_rate(a.mentor_hours, mentor_rate, || at("mentor_hours"));
    if a.form == LearningForm::BuddyTraining && a.mentor != Some(MentorKind::Buddy) {
        r.push(at("mentor"), json(&a.mentor), "buddy_training needs mentor \"buddy\"".into());
    }
    // Negative or non-finite hours are reported above; here only a mentor with no time at all.
    if a.mentor.is_some() && a.mentor_hours == 0.0 {
        r.push(
            at("mentor_hours"),
            float(a.mentor_hours),
            "an activity with a mentor needs mentor_hours above 0".into(),
        );
    }
    if r.within_limit(a.sessions.len(), MAX_SESSIONS_PER_ACTIVITY, || at("sessions")) {
        let first = first_positions(a.sessions.iter().map(|s| s.id.as_str()));
        r.unique_ids(a.sessions.iter().map(|s| s.id.as_str()), &first, |s| {
            format!("activities[{k}].sessions[{s}]")
        });
        for (s, session) in a.sessions.iter().enumerate() {
            let at = |field: &str| format!("activities[{k}].sessions[{s}].{field}");
            if session.end < session.start {
                r.push(
                    at("end"),
                    json_string(&session.end.to_string()),
                    format!("end {} is before start {}", session.end, session.start),
                );
            }
            if session.seats < 1 {
                r.push(at("seats"), session.seats.to_string(), "a session needs at least 1 seat".into());
            }
            if session.booked > session.seats {
                r.push(
                    at("booked"),
                    session.booked.to_string(),
                    format!("{} booked seats are more than the {} seats", session.booked, session.seats),
                );
            }
        }
    }
    r.between(a.duration_weeks, 1, MAX_DURATION_WEEKS, || at("duration_weeks"));
    r.finite_positive(a.transfer.alpha, || at("transfer.alpha"));
    r.finite_positive(a.transfer.beta, || at("transfer.beta"));
    if let Some(g) = &a.group {
        r.money(g.fixed_cost, || at("group.fixed_cost"));
        if g.min_participants < 1 {
            r.push(at("group.min_participants"), g.min_participants.to_string(), "must be at least 1".into());
        }
        if g.max_participants < g.min_participants {
            r.push(
                at("group.max_participants"),
                g.max_participants.to_string(),
                format!(
                    "max_participants {} is below min_participants {}",
                    g.max_participants, g.min_participants
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Policy

fn policy_rules(p: &Policy, org: Option<&OrgIds>, r: &mut Report) {
    r.version(p.schema_version);
    for problem in crate::rules::problems(p) {
        r.push(problem.path, problem.value, problem.message);
    }
    let w = &p.weights;
    for (name, x) in
        [("role", w.role), ("strategy", w.strategy), ("plan", w.plan), ("wish", w.wish), ("career", w.career)]
    {
        r.finite_non_negative(x, || format!("weights.{name}"));
    }
    let f = &p.feedback;
    for (name, x) in [
        ("complaint", f.complaint),
        ("suggestion", f.suggestion),
        ("apprentice_question", f.apprentice_question),
        ("praise", f.praise),
        ("max_boost", f.max_boost),
    ] {
        r.finite_non_negative(x, || format!("feedback.{name}"));
    }
    r.finite_positive(f.half_life_days, || "feedback.half_life_days".into());
    let u = &p.urgency;
    r.finite_positive(u.horizon_days, || "urgency.horizon_days".into());
    r.finite_non_negative(u.max_boost, || "urgency.max_boost".into());
    r.between(u.default_deadline_days, 1, MAX_DEFAULT_DEADLINE_DAYS, || {
        "urgency.default_deadline_days".into()
    });
    let z = &p.zones;
    if z.stretch_max_jump < 1 {
        r.push("zones.stretch_max_jump".into(), z.stretch_max_jump.to_string(), "must be at least 1".into());
    }
    if z.supervised_max_jump < z.stretch_max_jump {
        r.push(
            "zones.supervised_max_jump".into(),
            z.supervised_max_jump.to_string(),
            format!(
                "supervised_max_jump {} is below stretch_max_jump {}",
                z.supervised_max_jump, z.stretch_max_jump
            ),
        );
    }
    r.finite_non_negative(z.supervision_hours, || "zones.supervision_hours".into());
    r.money(z.supervisor_cost_per_hour, || "zones.supervisor_cost_per_hour".into());
    r.hours_times_rate(z.supervision_hours, Rates::new(None, Some(p)).supervisor.as_ref(), || {
        "zones.supervision_hours".into()
    });
    r.finite_non_negative(p.timing.window_days, || "timing.window_days".into());
    r.finite_positive(p.timing.half_life_days, || "timing.half_life_days".into());
    let pf = &p.preferences;
    for (name, x) in [("prefers", pf.prefers), ("neutral", pf.neutral), ("avoids", pf.avoids)] {
        r.finite_non_negative(x, || format!("preferences.{name}"));
    }
    if p.buddy.max_mentees < 1 {
        r.push("buddy.max_mentees".into(), p.buddy.max_mentees.to_string(), "must be at least 1".into());
    }
    if p.buddy.rotation_periods < 1 {
        r.push(
            "buddy.rotation_periods".into(),
            p.buddy.rotation_periods.to_string(),
            "must be at least 1".into(),
        );
    }
    funding(p, r);
    let b = &p.budget;
    if let Some(total) = b.total {
        r.money(total, || "budget.total".into());
    }
    if let Some(per_person) = b.per_person {
        r.money(per_person, || "budget.per_person".into());
    }
    if r.within_limit(b.per_unit.len(), MAX_UNIT_BUDGETS, || "budget.per_unit".into()) {
        for (unit, &amount) in &b.per_unit {
            let path = || format!("budget.per_unit[{}]", json_string(unit));
            if let Some(org) = org {
                r.known(&org.units, unit, "unit", path);
            }
            r.money(amount, path);
        }
    }
    r.between(p.choice.max_path_length, 1, MAX_PATH_LENGTH, || "choice.max_path_length".into());
    r.between(p.choice.shortlist, crate::paths::MIN_SHORTLIST, crate::paths::MAX_CANDIDATES as u8, || {
        "choice.shortlist".into()
    });
    r.money(p.choice.value_per_effect, || "choice.value_per_effect".into());
    let e = &p.evaluation;
    r.between(e.follow_up_weeks, 1, 520, || "evaluation.follow_up_weeks".into());
    r.fraction(e.partly_counts, || "evaluation.partly_counts".into());
    if !(e.credible_level > 0.0 && e.credible_level < 1.0) {
        r.push(
            "evaluation.credible_level".into(),
            format!("{}", e.credible_level),
            "must lie strictly between 0 and 1".into(),
        );
    }
}

fn funding(p: &Policy, r: &mut Report) {
    if !r.within_limit(p.funding.len(), MAX_FUNDING_SOURCES, || "funding".into()) {
        return;
    }
    let first = first_positions(p.funding.iter().map(|s| s.id.as_str()));
    r.unique_ids(p.funding.iter().map(|s| s.id.as_str()), &first, |i| format!("funding[{i}]"));
    for (i, s) in p.funding.iter().enumerate() {
        r.fraction(s.share, || format!("funding[{i}].share"));
        r.money(s.rate_per_hour, || format!("funding[{i}].rate_per_hour"));
        if let Some(cap) = s.cap_per_person {
            r.money(cap, || format!("funding[{i}].cap_per_person"));
        }
        r.within_limit(s.forms.len(), MAX_NESTED, || format!("funding[{i}].forms"));
        r.within_limit(s.education.len(), MAX_NESTED, || format!("funding[{i}].education"));
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluations

fn evaluations(e: &Evaluations, org: Option<&OrgIds>, catalog: Option<&CatalogIds>, r: &mut Report) {
    r.version(e.schema_version);
    if !r.within_limit(e.records.len(), MAX_EVALUATION_RECORDS, || "records".into()) {
        return;
    }
    for (i, rec) in e.records.iter().enumerate() {
        let at = |field: &str| format!("records[{i}].{field}");
        if let Some(org) = org {
            r.known(&org.employees, &rec.employee, "employee", || at("employee"));
            if let Some(c) = &rec.competence {
                r.known(&org.competences, c, "competence", || at("competence"));
            }
            if let Some(l) = rec.level_before {
                r.on_scale(l, org.max_level, || at("level_before"));
            }
            if let Some(l) = rec.level_after {
                r.on_scale(l, org.max_level, || at("level_after"));
            }
        }
        if let Some(cat) = catalog {
            r.known(&cat.activities, &rec.activity, "activity", || at("activity"));
        }
        if let Some(reaction) = rec.reaction {
            r.between(reaction, 1, 5, || at("reaction"));
        }
        if let Some(cost) = rec.actual_cost {
            r.money(cost, || at("actual_cost"));
        }
        if let Some(kpi) = rec.kpi_change {
            r.finite(kpi, || at("kpi_change"));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::model::Date;

    use super::*;

    fn org() -> Organisation {
        serde_json::from_value(json!({
            "schema_version": 1,
            "name": "Testby Kommune",
            "as_of": "2027-01-04",
            "framework": {
                "id": "f", "name": "F",
                "scale": {"levels": ["none", "basic", "good", "expert"]},
                "competences": [
                    {"id": "care", "name": "Care"},
                    {"id": "dementia-care", "name": "Dementia care", "parent": "care"},
                    {"id": "dialogue", "name": "Dialogue", "parent": "care"}
                ]
            },
            "units": [
                {"id": "kommune", "name": "Kommune", "kind": "municipality"},
                {"id": "elder-care", "name": "Elder care", "kind": "department", "parent": "kommune"},
                {"id": "team-a", "name": "Team A", "kind": "team", "parent": "elder-care"}
            ],
            "roles": [{"id": "assistant", "name": "Assistant",
                       "requirements": [{"competence": "dementia-care", "level": 2}]}],
            "employees": [
                {"id": "e1", "unit": "team-a", "role": "assistant", "levels": {"dementia-care": 1},
                 "max_hours_away": 40.0, "wage_cost_per_hour": 300, "education": "vocational"},
                {"id": "e2", "unit": "team-a", "role": "assistant", "levels": {"dementia-care": 3},
                 "max_hours_away": 40.0, "wage_cost_per_hour": 300, "education": "vocational",
                 "buddy_history": [{"buddy": "e1", "periods": 1}]}
            ],
            "plans": [{"employee": "e1", "agreed_on": "2026-12-01",
                       "goals": [{"competence": "dialogue", "level": 2, "due": "2027-06-01", "origin": "joint"}],
                       "activities": [{"activity": "amu", "status": "planned", "session": "s1"}]}]
        }))
        .unwrap()
    }

    fn catalog() -> Catalog {
        serde_json::from_value(json!({
            "schema_version": 1,
            "activities": [{
                "id": "amu", "title": "Dementia care", "form": "amu_course", "provider": "AMU Syd",
                "develops": [{"competence": "dementia-care", "gain": 1, "ceiling": 3}],
                "fee": 1200, "hours_away": 22.5,
                "sessions": [{"id": "s1", "start": "2027-02-01", "end": "2027-02-05", "seats": 12}],
                "transfer": {"alpha": 6.0, "beta": 4.0}
            }]
        }))
        .unwrap()
    }

    fn paths(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.path.as_str()).collect()
    }

    #[test]
    fn the_fixture_is_valid() {
        let policy = Policy::with_defaults("p");
        assert_eq!(validate_all(&org(), &catalog(), &policy, None), vec![]);
    }

    #[test]
    fn a_unit_cycle_is_reported_once_at_its_first_unit() {
        let mut o = org();
        o.units[1].parent = Some("team-a".into());
        let problems = validate_organisation(&o, None);
        assert_eq!(paths(&problems), ["units[1].parent"]);
        assert_eq!(problems[0].message, "cycle in the unit tree: elder-care → team-a → elder-care");
        assert_eq!(problems[0].value, "\"team-a\"");
        assert_eq!(problems[0].document, Some("organisation"));
    }

    #[test]
    fn a_cycle_through_the_root_also_leaves_no_root() {
        let mut o = org();
        o.units[0].parent = Some("team-a".into());
        let problems = validate_organisation(&o, None);
        assert_eq!(paths(&problems), ["units[0].parent", "units"]);
        assert_eq!(problems[0].message, "cycle in the unit tree: kommune → team-a → elder-care → kommune");
    }

    #[test]
    fn a_self_parent_and_a_tail_into_a_cycle_are_found_in_the_framework() {
        let mut o = org();
        o.framework.competences[0].parent = Some("care".into());
        let problems = validate_organisation(&o, None);
        assert_eq!(paths(&problems), ["framework.competences[0].parent"]);
        assert_eq!(problems[0].message, "cycle in the framework tree: care → care");

        // dementia-care → dialogue → dementia-care, with care as a tail that is not in the cycle.
        let mut o = org();
        o.framework.competences[0].parent = Some("dementia-care".into());
        o.framework.competences[1].parent = Some("dialogue".into());
        o.framework.competences[2].parent = Some("dementia-care".into());
        let problems = validate_organisation(&o, None);
        assert_eq!(paths(&problems), ["framework.competences[1].parent"]);
        assert_eq!(
            problems[0].message,
            "cycle in the framework tree: dementia-care → dialogue → dementia-care"
        );
    }

    #[test]
    fn unknown_parents_and_second_roots_are_reported() {
        let mut o = org();
        o.units[2].parent = Some("nowhere".into());
        o.units[1].parent = None;
        let problems = validate_organisation(&o, None);
        assert_eq!(paths(&problems), ["units[2].parent", "units[1].parent"]);
        assert_eq!(problems[0].message, "unknown unit \"nowhere\"");
        assert!(problems[1].message.contains("second root unit \"elder-care\""), "{}", problems[1].message);
    }

    #[test]
    fn duplicates_name_the_first_occurrence() {
        let mut o = org();
        o.employees[1].id = "e1".into();
        o.employees[1].buddy_history.clear();
        let problems = validate_organisation(&o, None);
        assert_eq!(paths(&problems), ["employees[1].id"]);
        assert_eq!(problems[0].message, "duplicate id \"e1\" (first at employees[0])");
        assert_eq!(problems[0].value, "\"e1\"");

        let mut c = catalog();
        let mut s = c.activities[0].sessions[0].clone();
        s.start = Date::parse("2027-03-01").unwrap();
        s.end = s.start;
        c.activities[0].sessions.push(s);
        let problems = validate_catalog(&c, None);
        assert_eq!(paths(&problems), ["activities[0].sessions[1].id"]);
        assert_eq!(problems[0].message, "duplicate id \"s1\" (first at activities[0].sessions[0])");
    }

    #[test]
    fn inverted_ranges_are_rejected() {
        let mut c = catalog();
        c.activities[0].sessions[0].end = Date::parse("2027-01-01").unwrap();
        c.activities[0].sessions[0].booked = 13;
        c.activities[0].develops[0].entry_level = 3;
        c.activities[0].group =
            Some(crate::model::GroupTerms { fixed_cost: 0, min_participants: 4, max_participants: 3 });
        let problems = validate_catalog(&c, Some(&org()));
        assert_eq!(
            paths(&problems),
            [
                "activities[0].develops[0].entry_level",
                "activities[0].sessions[0].end",
                "activities[0].sessions[0].booked",
                "activities[0].group.max_participants"
            ]
        );
        assert_eq!(problems[1].message, "end 2027-01-01 is before start 2027-02-01");
        assert_eq!(problems[1].value, "\"2027-01-01\"");

        let mut p = Policy::with_defaults("p");
        p.zones.stretch_max_jump = 3;
        p.zones.supervised_max_jump = 2;
        let problems = validate_policy(&p, None);
        assert_eq!(paths(&problems), ["zones.supervised_max_jump"]);
    }

    #[test]
    fn levels_and_references_carry_map_keys_in_paths() {
        let mut o = org();
        o.employees[0].levels.insert("dementia-care".into(), 7);
        o.employees[0].levels.insert("nope".into(), 1);
        let problems = validate_organisation(&o, None);
        assert_eq!(
            paths(&problems),
            ["employees[0].levels[\"dementia-care\"]", "employees[0].levels[\"nope\"]"]
        );
        assert_eq!(problems[0].message, "level 7 is outside scale 0..3");
        assert_eq!(problems[0].value, "7");
        assert_eq!(problems[1].message, "unknown competence \"nope\"");

        let mut p = Policy::with_defaults("p");
        p.budget.per_unit.insert("x".into(), -100);
        assert_eq!(
            validate_policy(&p, None).len(),
            1,
            "unknown units are checked only with the organisation"
        );
        let problems = validate_policy(&p, Some(&org()));
        assert_eq!(paths(&problems), ["budget.per_unit[\"x\"]", "budget.per_unit[\"x\"]"]);
        assert_eq!(problems[0].message, "unknown unit \"x\"");
        assert_eq!(problems[1].value, "-100");
    }

    #[test]
    fn budgets_over_the_planners_limit_are_refused_at_their_field() {
        let max = crate::plan::problem::MAX_COST;
        let mut p = Policy::with_defaults("p");
        p.budget.total = Some(max + 1);
        p.budget.per_person = Some(max);
        p.budget.per_unit.insert("x".into(), i64::MAX);
        let problems = validate_policy(&p, None);
        assert_eq!(paths(&problems), ["budget.total", "budget.per_unit[\"x\"]"]);
        assert_eq!(problems[0].value, (max + 1).to_string());
        assert_eq!(problems[1].message, "must be at most 1e15 kroner");
    }

    #[test]
    fn plan_activities_are_checked_against_the_catalog_when_given() {
        let mut o = org();
        o.plans[0].activities[0].session = Some("s9".into());
        o.plans[0].activities[0].status = ActivityStatus::Completed;
        assert_eq!(paths(&validate_organisation(&o, None)), ["plans[0].activities[0].completed_on"]);
        let problems = validate_organisation(&o, Some(&catalog()));
        assert_eq!(
            paths(&problems),
            ["plans[0].activities[0].session", "plans[0].activities[0].completed_on"]
        );
        assert_eq!(problems[0].message, "unknown session \"s9\" of activity \"amu\"");
    }

    #[test]
    fn non_finite_numbers_are_named_and_rejected() {
        let mut o = org();
        o.employees[0].max_hours_away = f64::NAN;
        let mut c = catalog();
        c.activities[0].hours_away = f64::INFINITY;
        c.activities[0].transfer.beta = 0.0;
        let mut p = Policy::with_defaults("p");
        p.funding.push(crate::model::FundingSource {
            id: "fund".into(),
            name: "Fund".into(),
            covers: crate::model::FundingCovers::Fees,
            share: 1.5,
            rate_per_hour: 0,
            cap_per_person: None,
            forms: vec![],
            education: vec![],
        });
        let problems = validate_all(&o, &c, &p, None);
        assert_eq!(
            paths(&problems),
            [
                "employees[0].max_hours_away",
                "activities[0].hours_away",
                "activities[0].transfer.beta",
                "funding[0].share"
            ]
        );
        assert_eq!(problems[0].value, "NaN");
        assert_eq!(problems[0].message, "must be finite and not negative");
        assert_eq!(problems[1].value, "inf");
        assert_eq!(problems[3].value, "1.5");
    }

    #[test]
    fn lists_over_their_limit_are_one_problem() {
        let mut c = catalog();
        let s = c.activities[0].sessions[0].clone();
        c.activities[0].sessions = vec![s; MAX_SESSIONS_PER_ACTIVITY + 1];
        let problems = validate_catalog(&c, None);
        assert_eq!(paths(&problems), ["activities[0].sessions"]);
        assert_eq!(problems[0].value, (MAX_SESSIONS_PER_ACTIVITY + 1).to_string());
    }

    #[test]
    fn every_problem_is_collected_in_one_pass() {
        let mut o = org();
        o.name = String::new();
        o.framework.scale.levels.truncate(1);
        o.employees[0].unit = "x".into();
        o.employees[1].wage_cost_per_hour = -1;
        let problems = validate_organisation(&o, None);
        let p = paths(&problems);
        for expected in
            ["name", "framework.scale.levels", "employees[0].unit", "employees[1].wage_cost_per_hour"]
        {
            assert!(p.contains(&expected), "{expected} missing from {p:?}");
        }
    }
}
