//! The organisation plan (D10, D14): the recommender's per-person frontiers turned into one
//! [`PlanningProblem`], solved, buddies matched across everyone, and reported per person, unit,
//! strategic goal and funding source.
//!
//! # How the problem is built
//!
//! * **People** are taken in the order of their employee ids (not document order), so the plan
//!   does not depend on how the organisation document happens to list them.
//! * **Options** of a person are their frontier paths without the empty path, without paths
//!   that contain a team activity (those are offered as group offers below, because their real
//!   cost depends on how many join), and without paths that are not worth their cost by the
//!   policy's own yardstick (`effect × choice.value_per_effect < net cost`) unless they close
//!   every mandatory need, and without paths whose net cost is over
//!   [`MAX_COST`](super::problem::MAX_COST) (1e15 kroner, the cap of every budget and money
//!   field). Value = effect, cost = net cost.
//! * **Agreed activities** (planned or in progress in development plans) are fixed steps of
//!   every recommendation (see [`crate::paths`], "Agreed activities"): options are the
//!   new paths on top of them, and their net cost is *committed* — taken off the total budget
//!   and off the budget of every unit enclosing the person before planning, and reported as
//!   [`OrganisationPlan::committed`] and [`UnitPlan::committed`]. Their booked seats are
//!   expected in the sessions' `booked` counts, and their buddies in the capacities below.
//! * **Budgets**: the total budget (policy `budget.total`, or the override in [`PlanOptions`])
//!   and every `budget.per_unit` entry, less what is committed; an option uses its net cost of
//!   the total and of every budgeted unit enclosing the person's unit (a unit's spend includes
//!   its sub-units).
//! * **Seats**: one resource per course session, capacity `seats − booked`; a path uses one seat
//!   of each session it books.
//! * **Buddies**: one resource per buddy the recommender chose, capacity = the buddy's
//!   `max_mentees` (or the policy default) minus buddy activities already agreed with them in
//!   development plans (planned or in progress). Buddy hours are not a separate limit: the
//!   catalog states hours per learner, so the mentee limit already bounds them.
//! * **Team activities** (D10): for every catalog activity with `group` terms and every unit,
//!   the employees directly in the unit for whom the activity on its own is a feasible step
//!   form a [`GroupOffer`] when there are at least `min_participants` of them. A member's value is
//!   the effect the activity gives that person (the recommender's one-step path); the marginal
//!   cost is that step's cost without the recommender's estimated share of the fixed cost, less
//!   funding (funding is not counted against the shared fixed cost — a conservative choice). A
//!   member whose agreed activities' cost plus the marginal cost plus the largest possible share
//!   would exceed `budget.per_person` is left out, and so is one whose step needs a buddy (the buddy's mentee limit is settled
//!   by the matching of individual paths). The solver holds the group when it beats separate
//!   paths.
//!
//! # Mandatory needs first
//!
//! Under policy `budget.mandatory_first` (the default) the paths and team places that close
//! people's open mandatory needs are funded first, cheapest per person first, and the solver
//! plans the rest on what they leave; see [`super::mandatory`] for the rule, why, and what the
//! bound then bounds. `fill` below offers what is left to those needs first, too.
//!
//! # After solving
//!
//! Buddies are re-assigned by [`match_buddies`]: every buddy step of the chosen paths is a
//! learner, and its candidates are the colleagues qualified by the recommender's rules (search
//! scope, level margin over the level reached, rotation, spare capacity) that cost *no more* than
//! the buddy the recommender chose. Because no learner's cost rises, no budget can be exceeded by
//! the re-assignment; the solver's plan is one feasible matching, so the maximum matching covers
//! everyone, and among those the cheapest is taken. A learner left without a buddy (possible only
//! if the rules changed under us) loses the option and is reported with reason `no_buddy`.
//!
//! Then what is left is spent (`fill`): each solver pass stops at the first budget it fills
//! (the price of its monotonicity in every budget), and on the demo that left tens of thousands
//! of kroner in the total and in other units' budgets while people there, with mandatory
//! safety needs among them, got nothing. People left out are added, best value per krone
//! first, while one of their options (without a buddy step: the matching has shared the
//! buddies) fits every remaining capacity, counted at the paths' costs after the matching. The
//! plan only gains; the bound is unchanged, so the gap only shrinks. This step reads the
//! remaining budgets, so the organisation plan's value is no longer non-decreasing in every
//! budget *by construction* (the solver's passes still are); the demo test
//! `a_bigger_total_budget_never_lowers_the_plan_value` checks it where it matters most.
//!
//! # Determinism
//!
//! Every list is in a fixed order (employee id, document order of units and goals, policy order
//! of funding sources); no map iteration order reaches the result.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::deviation::{Deviation, DeviationReason};
use super::matching::{BuddyCapacity, Learner, match_buddies};
use super::problem::{
    GroupMember, GroupOffer, Person, PlanOption, PlanningProblem, Resource, ResourceId, ResourceKind,
    fixed_cost_shares,
};
use super::solve::{SolveOptions, solve};
use crate::error::{Error, ErrorKind, Problem, Result};
use crate::model::{ActivityStatus, BuddySearch, LearningForm, Level};
use crate::needs::{Need, Origin};
use crate::paths::{self, Env};
use crate::recommend::{
    BuddyChoice, ChoiceRule, FrontierPoint, FundingUse, LearningPath, PointStep, Recommendation,
    RejectReason, Text,
};

/// Knobs of [`crate::Engine::plan_with`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlanOptions {
    /// Replaces the policy's total budget (whole kroner) when set.
    pub total_budget: Option<i64>,
    /// The solver's knobs.
    pub solve: SolveOptions,
}

/// Why a person with needs got nothing in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OpenReason {
    /// A budget (total or a unit's) was spent on others first: their mandatory needs under
    /// `budget.mandatory_first`, then learning that gives more per krone.
    Budget,
    /// The course seats the person's paths need went to others.
    Seats,
    /// The buddies the person's paths need are taken.
    NoBuddy,
    /// No learning path is feasible for the person (levels, zones, dates, language, hours).
    NoFeasiblePath,
    /// Every feasible path costs more than its effect is worth by the policy.
    NotWorthIt,
    /// Every path that would help costs more than the per-person budget.
    PersonBudget,
}

impl OpenReason {
    /// The reason's snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            OpenReason::Budget => "budget",
            OpenReason::Seats => "seats",
            OpenReason::NoBuddy => "no_buddy",
            OpenReason::NoFeasiblePath => "no_feasible_path",
            OpenReason::NotWorthIt => "not_worth_it",
            OpenReason::PersonBudget => "person_budget",
        }
    }

    /// A short explanation in Danish and English.
    pub fn text(self) -> Text {
        let (da, en) = match self {
            OpenReason::Budget => (
                "Budgettet rækker ikke: pengene er gået til kolleger i politikkens rækkefølge \
                 (obligatoriske behov først, når politikken siger det, derefter mest effekt pr. krone).",
                "The budget does not stretch: the money went to colleagues in the policy's order \
                 (mandatory needs first when the policy says so, then the most effect per krone).",
            ),
            OpenReason::Seats => (
                "Pladserne på de relevante hold er brugt af kolleger.",
                "The seats on the relevant course sessions went to colleagues.",
            ),
            OpenReason::NoBuddy => (
                "Der er ingen ledig, kvalificeret kollega til sidemandsoplæring.",
                "No qualified colleague is free for buddy training.",
            ),
            OpenReason::NoFeasiblePath => (
                "Ingen læringsvej er mulig lige nu (niveau, tidsfrister, sprog eller timer).",
                "No learning path is possible now (levels, deadlines, language or hours).",
            ),
            OpenReason::NotWorthIt => (
                "Ingen aktivitet giver effekt nok til prisen efter kompetencepolitikken.",
                "No activity gives enough effect for its cost under the policy.",
            ),
            OpenReason::PersonBudget => (
                "Det der hjælper, koster mere end rammen pr. medarbejder.",
                "What would help costs more than the per-person budget.",
            ),
        };
        Text { da: da.to_owned(), en: en.to_owned() }
    }
}

/// One activity of a plan item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ItemStep {
    /// Activity id.
    pub activity: String,
    /// Activity title.
    pub title: String,
    /// Learning form.
    pub form: LearningForm,
    /// Session booked, if any.
    pub session: Option<String>,
    /// The buddy assigned by the organisation-wide matching, for buddy training.
    pub buddy: Option<BuddyChoice>,
    /// The levels the step takes the person to, per competence it raises (the person's own
    /// levels only, D11).
    pub reaches: Vec<Reach>,
}

/// A level a step takes the person to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Reach {
    /// Competence id.
    pub competence: String,
    /// Level reached.
    pub level: Level,
}

/// What one person gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanItem {
    /// Employee id.
    pub employee: String,
    /// The employee's unit id.
    pub unit: String,
    /// The activities in order.
    pub steps: Vec<ItemStep>,
    /// True when the item is a place in a team activity (D10).
    pub team_activity: bool,
    /// Net cost in whole kroner (for a team activity: the marginal cost plus the share of the
    /// fixed cost).
    pub cost: i64,
    /// Expected effect.
    pub effect: f64,
    /// Funding used by the item.
    pub funding: Vec<FundingUse>,
    /// Competences of the needs the item raises (each traces to the person's needs, D1).
    pub needs_served: Vec<String>,
    /// How and why the item differs from the person's own recommendation
    /// ([`crate::Engine::recommend`]); `None` when it is the recommended path (same activities
    /// and sessions; a buddy the matching changed is counted in `buddies_reassigned`).
    #[serde(default)]
    pub differs: Option<Deviation>,
}

/// The plan for one unit (its spend includes its sub-units).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnitPlan {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// The unit's parent id.
    pub parent: Option<String>,
    /// Net cost of the items of people in the unit and its sub-units.
    pub spend: i64,
    /// Net cost of the activities already agreed in the development plans of people in the
    /// unit and its sub-units: committed before planning, counted against the budget, not in
    /// `spend`.
    pub committed: i64,
    /// The unit's budget, if it has one (`spend + committed` stays within it).
    pub budget: Option<i64>,
    /// Expected effect.
    pub effect: f64,
    /// Employees in the unit and its sub-units.
    pub people: usize,
    /// Of those, people with a plan item.
    pub people_covered: usize,
    /// Needs of those people.
    pub needs: usize,
    /// Needs whose target the plan does not reach.
    pub needs_open: usize,
}

/// The plan seen from one strategic goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GoalPlan {
    /// Goal id.
    pub goal: String,
    /// Goal title.
    pub title: String,
    /// Net cost attributed to the goal: each item's cost split by the share of its effect on
    /// needs the goal is an origin of (a need serving two goals counts for both).
    pub spend: i64,
    /// Expected effect on needs the goal is an origin of.
    pub effect: f64,
    /// People with a need from the goal.
    pub people: usize,
    /// Of those, people whose item raises such a need.
    pub people_covered: usize,
    /// Needs from the goal.
    pub needs: usize,
    /// Of those, needs whose target the plan does not reach.
    pub needs_open: usize,
}

/// Money a funding source pays across the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FundingTotal {
    /// Funding source id.
    pub source: String,
    /// Its name.
    pub name: String,
    /// Whole kroner.
    pub amount: i64,
}

/// A team activity the plan holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TeamActivity {
    /// Activity id.
    pub activity: String,
    /// Activity title.
    pub title: String,
    /// The team (unit) id.
    pub unit: String,
    /// Participants' employee ids.
    pub participants: Vec<String>,
    /// Fixed cost, paid once.
    pub fixed_cost: i64,
}

/// A person with needs who gets nothing, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OpenPerson {
    /// Employee id.
    pub employee: String,
    /// Unit id.
    pub unit: String,
    /// Why.
    pub reason: OpenReason,
    /// Competences of the needs left open.
    pub needs: Vec<String>,
    /// The reason in words.
    pub explanation: Text,
}

/// The organisation-wide plan with its quality certificate (D14).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OrganisationPlan {
    /// Total expected effect of the plan.
    pub value: f64,
    /// Upper bound on the effect of the best possible plan; under `mandatory_first`, of the
    /// best plan that funds the same mandatory closing paths (see [`super::mandatory`]).
    pub bound: f64,
    /// Relative gap `(bound − value) / bound`.
    pub gap: f64,
    /// Total net cost of the new activities planned, whole kroner.
    pub total_cost: i64,
    /// Net cost of the activities already agreed in development plans (planned or in
    /// progress): committed before planning and counted against the budgets, so
    /// `total_cost + committed` stays within `budget`.
    pub committed: i64,
    /// The total budget planned against, if any.
    pub budget: Option<i64>,
    /// Per person with a plan, by employee id.
    pub items: Vec<PlanItem>,
    /// Per unit, in document order.
    pub units: Vec<UnitPlan>,
    /// Per strategic goal, in document order.
    pub goals: Vec<GoalPlan>,
    /// Funding used per source, in policy order (sources that paid nothing included).
    pub funding: Vec<FundingTotal>,
    /// Team activities held.
    pub team_activities: Vec<TeamActivity>,
    /// People with needs and no plan, by employee id.
    pub open: Vec<OpenPerson>,
    /// Buddy steps whose buddy the matching changed from the recommender's choice.
    pub buddies_reassigned: usize,
    /// The budget whose exhaustion ended the solver's best pass (unit id or "total").
    pub stopped_by: Option<String>,
    /// Whether open mandatory needs were funded first (policy `budget.mandatory_first`).
    #[serde(default)]
    pub mandatory_first: bool,
    /// Mandatory needs of all people (role requirements, mandatory goal requirements).
    #[serde(default)]
    pub mandatory_needs: usize,
    /// Of those, needs whose target neither the plan nor agreed activities reach.
    #[serde(default)]
    pub mandatory_needs_open: usize,
}

/// One option of the problem, traced back to the recommendation.
enum Source {
    /// Frontier path `path` of the person.
    Path(usize),
}

/// A group offer traced back: activity position, unit position, members' one-step paths.
struct GroupSource {
    activity: usize,
    unit: usize,
    paths: Vec<LearningPath>,
    shares_est: Vec<i64>,
}

/// The problem and the data to read its solution back.
struct Built {
    problem: PlanningProblem,
    /// Problem person index → employee position.
    person_emp: Vec<usize>,
    /// Per problem person, per option: the source.
    sources: Vec<Vec<Source>>,
    groups: Vec<GroupSource>,
    total_res: Option<ResourceId>,
    /// Per unit position: its budget resource.
    unit_res: Vec<Option<ResourceId>>,
    /// The total budget planned against (before what is committed), if any.
    total_budget: Option<i64>,
    /// Committed by agreed activities: in total, and per unit position (sub-units included).
    total_committed: i64,
    committed: Vec<i64>,
    /// Per employee: buddy capacity (max mentees − agreed).
    buddy_capacity: Vec<i64>,
    /// Per person with options: had frontier paths all filtered as not worth it.
    not_worth_it: Vec<bool>,
    /// Per person: had a frontier path left out for costing more than `MAX_COST`.
    over_cap: Vec<bool>,
    /// Per person, per option: the option closes every open mandatory need of the person (see
    /// [`super::mandatory`]); all false for a person without open mandatory needs.
    closing: Vec<Vec<bool>>,
    /// Per person: has a mandatory need the agreed activities do not close.
    open_mandatory: Vec<bool>,
    /// Per resource: what it is, to name it in a deviation's reasons.
    owners: Vec<Owner>,
}

/// What a resource of the problem stands for.
#[derive(Clone, Copy)]
enum Owner {
    Total,
    Unit(usize),
    /// Activity and session positions.
    Seats(usize, usize),
    /// Employee position.
    Buddy(usize),
}

fn buddy_capacities(env: Env<'_>) -> Vec<i64> {
    let mut agreed = vec![0i64; env.org.employees.len()];
    for plan in &env.org.plans {
        for a in &plan.activities {
            if matches!(a.status, ActivityStatus::Planned | ActivityStatus::InProgress)
                && let Some(&b) = a.buddy.as_ref().and_then(|b| env.index.employees.get(b))
            {
                agreed[b] += 1;
            }
        }
    }
    env.org
        .employees
        .iter()
        .zip(&agreed)
        .map(|(e, &a)| i64::from(e.max_mentees.unwrap_or(env.policy.buddy.max_mentees)) - a)
        .collect()
}

/// Adds people left out while one of their options still fits every remaining capacity, best
/// value per krone first (ties: person, then option order), one option per person, and returns
/// them. Options marked in `closing` (mandatory first, see [`super::mandatory`]; empty when the
/// policy is off) come before all others, cheapest first, as in the first funding round. A pass stops when its first budget fills (see [`super::solve`]: that keeps each pass
/// monotone in every budget), and the buddy matching may drop a learner; with a tight unit
/// budget that left money unspent in the other units and the total while people there, often
/// with mandatory needs, got nothing. Options with a buddy step are left out here: the matching
/// has already shared the buddies. The plan only gains value and never exceeds a capacity; the
/// bound is unchanged, so the gap can only shrink.
fn fill(problem: &PlanningProblem, sol: &mut super::solve::Solution, closing: &[Vec<bool>]) -> Vec<usize> {
    // (closing first, key, person, option); the key is −cost for closing options (cheapest
    // first), value per krone for the others.
    let mut cands: Vec<(bool, f64, usize, usize)> = Vec::new();
    for (i, person) in problem.people.iter().enumerate() {
        if sol.choice[i].is_some() || sol.group_of[i].is_some() {
            continue;
        }
        for (j, o) in person.options.iter().enumerate() {
            let buddy = o.uses.iter().any(|&(r, _)| problem.resources[r].kind == ResourceKind::BuddyMentees);
            if o.value > 0.0 && o.value.is_finite() && !buddy {
                let closes = closing.get(i).and_then(|c| c.get(j)).copied().unwrap_or(false);
                let key = if closes { -(o.cost as f64) } else { o.value / (o.cost.max(1) as f64) };
                cands.push((closes, key, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    let mut added = Vec::new();
    for (_, _, i, j) in cands {
        if sol.choice[i].is_some() {
            continue;
        }
        let o = &problem.people[i].options[j];
        if !super::mandatory::fits(problem, &sol.usage, &o.uses) {
            continue;
        }
        for &(r, a) in &o.uses {
            sol.usage[r] += a;
        }
        sol.choice[i] = Some(j);
        added.push(i);
    }
    added
}

/// The net cost of the agreed activities a recommendation kept: money already committed.
fn committed_cost(rec: &Recommendation) -> i64 {
    rec.agreed.iter().flat_map(|a| &a.kept).map(|s| s.net_cost).fold(0, i64::saturating_add)
}

/// Per unit position: the committed cost of the people in the unit and its sub-units
/// (recommendations in employee document order).
fn committed_per_unit(env: Env<'_>, recs: &[Recommendation]) -> Vec<i64> {
    let mut committed = vec![0i64; env.org.units.len()];
    for (e, rec) in recs.iter().enumerate() {
        let cost = committed_cost(rec);
        if cost == 0 {
            continue;
        }
        let unit = env.index.employee_unit.get(e).copied().unwrap_or(0);
        for &u in env.index.unit_chain.get(unit).map_or(&[][..], |c| c.as_slice()) {
            committed[u] = committed[u].saturating_add(cost);
        }
    }
    committed
}

/// The person's budget resources: the total and every budgeted enclosing unit.
fn budgets_of(
    built_total: Option<ResourceId>,
    unit_res: &[Option<ResourceId>],
    chain: &[usize],
) -> Vec<ResourceId> {
    built_total.into_iter().chain(chain.iter().filter_map(|&u| unit_res.get(u).copied().flatten())).collect()
}

fn has_group_step(env: Env<'_>, path: &FrontierPoint) -> bool {
    path.steps.iter().any(|s| {
        env.index.activities.get(&s.activity).is_some_and(|&a| env.catalog.activities[a].group.is_some())
    })
}

fn worth_it(env: Env<'_>, path: &FrontierPoint) -> bool {
    path.closes_mandatory || path.effect * env.policy.choice.value_per_effect as f64 >= path.net_cost as f64
}

fn build(env: Env<'_>, recs: &[Recommendation], options: &PlanOptions) -> Built {
    let org = env.org;
    let mut person_emp: Vec<usize> = (0..org.employees.len()).collect();
    person_emp.sort_by(|&a, &b| org.employees[a].id.cmp(&org.employees[b].id).then(a.cmp(&b)));
    let mut resources = Vec::new();
    // Agreed activities are already spent: the budgets left for new ones are what remains.
    let committed = committed_per_unit(env, recs);
    let total_committed: i64 = recs.iter().map(committed_cost).fold(0, i64::saturating_add);
    let total_budget = options.total_budget.or(env.policy.budget.total);
    let total_res = total_budget.map(|c| {
        let left = c.saturating_sub(total_committed).max(0);
        resources.push(Resource { capacity: left as f64, kind: ResourceKind::Budget });
        resources.len() - 1
    });
    let mut unit_res = vec![None; org.units.len()];
    for (unit, &amount) in &env.policy.budget.per_unit {
        if let Some(&u) = env.index.units.get(unit) {
            let left = amount.saturating_sub(committed[u]).max(0);
            resources.push(Resource { capacity: left as f64, kind: ResourceKind::Budget });
            unit_res[u] = Some(resources.len() - 1);
        }
    }
    // Seats: every session of the catalog, in catalog order.
    let mut seat_res: BTreeMap<(usize, usize), ResourceId> = BTreeMap::new();
    for (a, act) in env.catalog.activities.iter().enumerate() {
        for (s, session) in act.sessions.iter().enumerate() {
            seat_res.insert((a, s), resources.len());
            resources.push(Resource {
                capacity: f64::from(session.seats.saturating_sub(session.booked)),
                kind: ResourceKind::Seats,
            });
        }
    }
    // Buddies: those the recommender chose in some option, in employee-position order.
    let buddy_capacity = buddy_capacities(env);
    let mut buddies: BTreeSet<usize> = BTreeSet::new();
    for rec in recs {
        for path in &rec.frontier {
            for s in &path.steps {
                if let Some(&b) = s.buddy.as_ref().and_then(|b| env.index.employees.get(b)) {
                    buddies.insert(b);
                }
            }
        }
    }
    let mut buddy_res: BTreeMap<usize, ResourceId> = BTreeMap::new();
    for &b in &buddies {
        buddy_res.insert(b, resources.len());
        resources
            .push(Resource { capacity: buddy_capacity[b].max(0) as f64, kind: ResourceKind::BuddyMentees });
    }
    let mut owners = vec![Owner::Total; resources.len()];
    for (u, r) in unit_res.iter().enumerate() {
        if let Some(r) = *r {
            owners[r] = Owner::Unit(u);
        }
    }
    for (&(a, s), &r) in &seat_res {
        owners[r] = Owner::Seats(a, s);
    }
    for (&b, &r) in &buddy_res {
        owners[r] = Owner::Buddy(b);
    }
    let seat_of = |step: &PointStep| -> Option<ResourceId> {
        let a = *env.index.activities.get(&step.activity)?;
        let s =
            env.catalog.activities[a].sessions.iter().position(|x| Some(&x.id) == step.session.as_ref())?;
        seat_res.get(&(a, s)).copied()
    };
    let mut people = Vec::with_capacity(person_emp.len());
    let mut sources = Vec::with_capacity(person_emp.len());
    let mut not_worth_it = Vec::with_capacity(person_emp.len());
    let mut over_cap = Vec::with_capacity(person_emp.len());
    let mut closing = Vec::with_capacity(person_emp.len());
    let mut open_mandatory_of = Vec::with_capacity(person_emp.len());
    for &e in &person_emp {
        let rec = &recs[e];
        let chain = env.index.unit_chain.get(env.index.employee_unit[e]).map_or(&[][..], |c| c.as_slice());
        let budgets = budgets_of(total_res, &unit_res, chain);
        let mut opts = Vec::new();
        let mut srcs = Vec::new();
        let mut filtered_worth = false;
        let mut filtered_cap = false;
        let mut closes = Vec::new();
        let open_mandatory = has_open_mandatory(rec);
        for (k, path) in rec.frontier.iter().enumerate() {
            if path.steps.is_empty() || path.effect <= 0.0 || has_group_step(env, path) {
                continue;
            }
            if !worth_it(env, path) {
                filtered_worth = true;
                continue;
            }
            let cost = path.net_cost.max(0);
            // Every money field is at most MAX_COST, but a path of several steps (fee, wages,
            // mentor, supervision each) can sum to more. No budget can hold it (budgets are
            // validated to at most MAX_COST), so with a total budget leaving it out changes
            // nothing; without one it is the planner's documented limit, where the solver
            // would refuse the option with a path of its internal problem.
            if cost > super::problem::MAX_COST {
                filtered_cap = true;
                continue;
            }
            let mut uses: Vec<(ResourceId, f64)> = budgets.iter().map(|&r| (r, cost as f64)).collect();
            for s in &path.steps {
                if let Some(r) = seat_of(s) {
                    uses.push((r, 1.0));
                }
                if let Some(r) =
                    s.buddy.as_ref().and_then(|b| env.index.employees.get(b)).and_then(|b| buddy_res.get(b))
                {
                    uses.push((*r, 1.0));
                }
            }
            opts.push(PlanOption { value: path.effect, cost, uses });
            srcs.push(Source::Path(k));
            closes.push(open_mandatory && path.closes_mandatory);
        }
        not_worth_it.push(opts.is_empty() && filtered_worth);
        over_cap.push(opts.is_empty() && filtered_cap);
        people.push(Person { options: opts });
        sources.push(srcs);
        closing.push(closes);
        open_mandatory_of.push(open_mandatory);
    }
    // Team activities.
    let mut rank = vec![0usize; org.employees.len()];
    for (i, &e) in person_emp.iter().enumerate() {
        rank[e] = i;
    }
    let mut groups = Vec::new();
    let mut group_sources = Vec::new();
    for (a, act) in env.catalog.activities.iter().enumerate() {
        let Some(terms) = &act.group else { continue };
        let (min, max) = (terms.min_participants.max(1) as usize, terms.max_participants as usize);
        if max < min {
            continue;
        }
        let est = if terms.max_participants == 0 {
            terms.fixed_cost
        } else {
            paths::kroner(terms.fixed_cost as f64 / f64::from(terms.max_participants))
        };
        let largest_share = (terms.fixed_cost + min as i64 - 1) / min as i64;
        for (u, members) in env.index.members.iter().enumerate() {
            let mut cands: Vec<(usize, LearningPath)> = Vec::new();
            for &e in members {
                let develops =
                    recs[e].needs.iter().any(|n| act.develops.iter().any(|d| d.competence == n.competence));
                if !develops {
                    continue;
                }
                if let Ok(path) = paths::learning_path(env, e, &[act.id.as_str()])
                    && path.effect > 0.0
                {
                    cands.push((e, path));
                }
            }
            if cands.len() < min {
                continue;
            }
            cands.sort_by_key(|(e, _)| rank[*e]);
            let mut gm = Vec::new();
            let mut paths_kept = Vec::new();
            let mut shares_est = Vec::new();
            for (e, path) in cands {
                let Some(step) = path.steps.first() else { continue };
                // A place that needs a buddy stays an individual path: the buddy's mentee limit
                // is shared with the buddy matching of individual paths, which team places
                // would bypass.
                if step.buddy.is_some() {
                    continue;
                }
                let gross = step.fee - est + step.wage_cost + step.mentor_cost + step.supervision_cost;
                let funded: i64 = step.funding.iter().map(|f| f.amount).sum();
                let marginal = (gross - funded).max(0).min(gross.max(0));
                // What the person's agreed activities cost is already spent of their budget.
                if let Some(limit) = env.policy.budget.per_person
                    && committed_cost(&recs[e]) + marginal + largest_share > limit
                {
                    continue;
                }
                // As for individual paths: a place over MAX_COST is more than any budget holds.
                if marginal > super::problem::MAX_COST {
                    continue;
                }
                let chain =
                    env.index.unit_chain.get(env.index.employee_unit[e]).map_or(&[][..], |c| c.as_slice());
                let uses = budgets_of(total_res, &unit_res, chain)
                    .into_iter()
                    .map(|r| (r, marginal as f64))
                    .collect();
                gm.push(GroupMember { person: rank[e], value: path.effect, cost: marginal, uses });
                shares_est.push(marginal);
                paths_kept.push(path);
            }
            if gm.len() < min {
                continue;
            }
            groups.push(GroupOffer {
                fixed_cost: terms.fixed_cost.max(0),
                min_participants: min,
                max_participants: max,
                members: gm,
            });
            group_sources.push(GroupSource { activity: a, unit: u, paths: paths_kept, shares_est });
        }
    }
    Built {
        problem: PlanningProblem { people, resources, groups },
        person_emp,
        sources,
        groups: group_sources,
        total_res,
        unit_res,
        total_budget,
        total_committed,
        committed,
        buddy_capacity,
        not_worth_it,
        over_cap,
        closing,
        open_mandatory: open_mandatory_of,
        owners,
    }
}

/// The person has a mandatory need that their agreed activities (the empty frontier path, which
/// is always on the frontier) do not close.
fn has_open_mandatory(rec: &Recommendation) -> bool {
    rec.needs.iter().any(|n| n.mandatory)
        && !rec.frontier.iter().any(|p| p.steps.is_empty() && p.closes_mandatory)
}

/// Colleagues who may be `learner`'s buddy for a step reaching `gains`, by the recommender's
/// rules, as employee positions.
fn qualified_buddies(
    env: Env<'_>,
    learner: usize,
    step: &crate::recommend::Step,
    capacity: &[i64],
) -> Vec<usize> {
    let emp = &env.org.employees[learner];
    let unit = env.index.employee_unit[learner];
    // The learner's own search: a `buddy_search` rule may widen it for this person, and the
    // recommender chose the original buddy from that pool.
    let pool: Vec<usize> = match paths::buddy_search_of(env, learner) {
        BuddySearch::SameUnit => env.index.members.get(unit).cloned().unwrap_or_default(),
        BuddySearch::Department => {
            let dept = env.index.department.get(unit).copied().unwrap_or(0);
            (0..env.org.employees.len())
                .filter(|&p| env.index.department.get(env.index.employee_unit[p]).copied() == Some(dept))
                .collect()
        }
        BuddySearch::Organisation => (0..env.org.employees.len()).collect(),
    };
    let margin = u32::from(env.policy.buddy.level_margin);
    let mut out: Vec<usize> = pool
        .into_iter()
        .filter(|&b| b != learner && capacity[b] > 0)
        .filter(|&b| {
            let buddy = &env.org.employees[b];
            let periods: u32 =
                emp.buddy_history.iter().filter(|h| h.buddy == buddy.id).map(|h| h.periods).sum();
            !(periods > 0 && periods >= env.policy.buddy.rotation_periods)
                && step
                    .gains
                    .iter()
                    .all(|g| u32::from(buddy.level(&g.competence)) >= u32::from(g.to) + margin)
        })
        .collect();
    // By id, so the matching's ties do not depend on the document's order of employees.
    out.sort_by(|&a, &b| env.org.employees[a].id.cmp(&env.org.employees[b].id));
    out
}

/// The solver's plan under mandatory first (see [`super::mandatory`]): the closing options
/// funded cheapest first, the rest solved on what they leave; value, cost and usage are the
/// whole plan's, and the bound is the constrained problem's (funded effect + the residual
/// problem's bound).
fn solve_mandatory_first(
    built: &Built,
    options: &PlanOptions,
) -> Result<(super::solve::Solution, super::mandatory::Funded)> {
    let groups: Vec<Vec<bool>> = built
        .groups
        .iter()
        .zip(&built.problem.groups)
        .map(|(gs, offer)| {
            offer
                .members
                .iter()
                .zip(&gs.paths)
                .map(|(m, path)| built.open_mandatory[m.person] && path.closes_mandatory)
                .collect()
        })
        .collect();
    let closing = super::mandatory::Closing { people: &built.closing, groups: &groups };
    let funded = super::mandatory::fund_mandatory(&built.problem, &closing);
    let rest = super::mandatory::residual(&built.problem, &funded);
    let mut sol = solve(&rest, &options.solve)?;
    for (i, (c, g)) in funded.choice.iter().zip(&funded.group_of).enumerate() {
        if c.is_some() || g.is_some() {
            sol.choice[i] = *c;
            sol.group_of[i] = *g;
        }
    }
    for (g, held) in funded.groups_held.iter().enumerate() {
        if *held {
            sol.groups_held[g] = true;
        }
    }
    let whole = super::problem::evaluate_valid(&built.problem, &sol.choice, &sol.group_of)?;
    // The residual bound covers everyone but the funded; their effect is fixed.
    let funded_value = whole.value - sol.value;
    sol.value = whole.value;
    sol.cost = whole.cost;
    sol.usage = whole.usage;
    sol.bound = (sol.bound + funded_value.max(0.0)).max(sol.value);
    sol.gap = if sol.bound > 0.0 { ((sol.bound - sol.value) / sol.bound).max(0.0) } else { 0.0 };
    Ok((sol, funded))
}

/// Plans the organisation: see the module docs.
pub(crate) fn plan(env: Env<'_>, recs: &[Recommendation], options: &PlanOptions) -> Result<OrganisationPlan> {
    let employees = &env.org.employees;
    if recs.len() != employees.len() || recs.iter().zip(employees).any(|(r, e)| r.employee != e.id) {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            Problem::new(
                "recommendations",
                recs.len().to_string(),
                format!("need one recommendation per employee in document order ({})", employees.len()),
            ),
        ));
    }
    if let Some(b) = options.total_budget
        && !(0..=super::problem::MAX_COST).contains(&b)
    {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            Problem::new("total_budget", b.to_string(), "budget must be between 0 and 1e15 kroner"),
        ));
    }
    let built = build(env, recs, options);
    let mandatory_first = env.policy.budget.mandatory_first;
    let (mut sol, funded) = if mandatory_first {
        let (sol, funded) = solve_mandatory_first(&built, options)?;
        (sol, Some(funded))
    } else {
        (solve(&built.problem, &options.solve)?, None)
    };
    let n = built.person_emp.len();
    // The chosen path per problem person (individual options only).
    let mut chosen: Vec<Option<LearningPath>> = vec![None; n];
    for (i, c) in sol.choice.iter().enumerate() {
        if let Some(j) = *c {
            let Source::Path(k) = built.sources[i][j];
            let e = built.person_emp[i];
            let ids = recs[e].frontier[k].activity_ids();
            // Frontier points carry ids and totals only; the full path is rebuilt by the same rules.
            chosen[i] = Some(paths::learning_path(env, e, &ids)?);
        }
    }
    // Buddy matching across everyone.
    let mut learner_at: Vec<(usize, usize)> = Vec::new();
    let mut learners = Vec::new();
    let mut buddy_index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut buddy_list: Vec<usize> = Vec::new();
    for (i, path) in chosen.iter().enumerate() {
        let Some(path) = path else { continue };
        let e = built.person_emp[i];
        for (s, step) in path.steps.iter().enumerate() {
            let Some(orig) = step.buddy.as_ref().and_then(|b| env.index.employees.get(&b.employee)).copied()
            else {
                continue;
            };
            let act = env.index.activities.get(&step.activity).map(|&a| &env.catalog.activities[a]);
            let hours =
                act.map_or(0.0, |a| if a.mentor_hours.is_finite() { a.mentor_hours.max(0.0) } else { 0.0 });
            let mut cands = Vec::new();
            for b in qualified_buddies(env, e, step, &built.buddy_capacity) {
                let cost = paths::kroner(hours * env.org.employees[b].wage_cost_per_hour as f64);
                if cost <= step.mentor_cost || b == orig {
                    let idx = *buddy_index.entry(b).or_insert_with(|| {
                        buddy_list.push(b);
                        buddy_list.len() - 1
                    });
                    cands.push((idx, cost.clamp(0, super::matching::MAX_PAIR_COST)));
                }
            }
            learners.push(Learner { candidates: cands });
            learner_at.push((i, s));
        }
    }
    let caps: Vec<BuddyCapacity> = buddy_list
        .iter()
        .map(|&b| BuddyCapacity {
            mentee_limit: built.buddy_capacity[b].max(0) as usize,
            hours: 0.0,
            hours_per_mentee: 0.0,
        })
        .collect();
    let matching = match_buddies(&learners, &caps)?;
    let mut dropped = vec![false; n];
    let mut reassigned = 0;
    for (l, &(i, s)) in learner_at.iter().enumerate() {
        let Some(path) = chosen[i].as_mut() else { continue };
        match matching.buddy[l] {
            None => dropped[i] = true,
            Some(idx) => {
                let b = buddy_list[idx];
                let step = &mut path.steps[s];
                let buddy = &env.org.employees[b];
                if step.buddy.as_ref().is_some_and(|x| x.employee != buddy.id) {
                    reassigned += 1;
                    let cost =
                        learners[l].candidates.iter().find(|c| c.0 == idx).map_or(step.mentor_cost, |c| c.1);
                    let delta = step.mentor_cost - cost;
                    let funded: i64 = step.funding.iter().map(|f| f.amount).sum();
                    let gross = step.fee + step.wage_cost + cost + step.supervision_cost;
                    let new_net = gross - funded.min(gross.max(0));
                    path.net_cost -= step.net_cost - new_net.max(0);
                    path.gross_cost -= delta;
                    step.mentor_cost = cost;
                    step.net_cost = new_net.max(0);
                    step.buddy = Some(BuddyChoice {
                        employee: buddy.id.clone(),
                        name: buddy.display_name().to_owned(),
                    });
                }
            }
        }
    }
    for (i, d) in dropped.iter().enumerate() {
        if *d {
            chosen[i] = None;
            sol.choice[i] = None;
        }
    }
    // What the passes' stop and the matching left unspent goes to people left out: the usage
    // without the dropped learners, budgets at the paths' costs after the matching (a buddy
    // re-assigned costs no more).
    sol.usage = super::problem::evaluate_valid(&built.problem, &sol.choice, &sol.group_of)?.usage;
    for (i, path) in chosen.iter().enumerate() {
        let (Some(path), Some(j)) = (path, sol.choice[i]) else { continue };
        let option = &built.problem.people[i].options[j];
        for &(r, a) in &option.uses {
            if built.problem.resources[r].kind == ResourceKind::Budget {
                sol.usage[r] += path.net_cost as f64 - a;
            }
        }
    }
    let closing: &[Vec<bool>] = if mandatory_first { &built.closing } else { &[] };
    for i in fill(&built.problem, &mut sol, closing) {
        let Some(j) = sol.choice[i] else { continue };
        let Source::Path(k) = built.sources[i][j];
        let e = built.person_emp[i];
        chosen[i] = Some(paths::learning_path(env, e, &recs[e].frontier[k].activity_ids())?);
        dropped[i] = false;
    }
    Ok(report(env, recs, &built, &sol, funded.as_ref(), chosen, &dropped, reassigned))
}

/// Per problem person: the item (path, cost, team flag) after matching and group shares.
struct Taken {
    path: LearningPath,
    cost: i64,
    team: bool,
}

#[allow(clippy::too_many_arguments)]
fn report(
    env: Env<'_>,
    recs: &[Recommendation],
    built: &Built,
    sol: &super::solve::Solution,
    funded: Option<&super::mandatory::Funded>,
    chosen: Vec<Option<LearningPath>>,
    dropped: &[bool],
    reassigned: usize,
) -> OrganisationPlan {
    let org = env.org;
    let n = built.person_emp.len();
    let mut taken: Vec<Option<Taken>> =
        chosen.into_iter().map(|p| p.map(|path| Taken { cost: path.net_cost, path, team: false })).collect();
    let mut team_activities = Vec::new();
    for (g, gs) in built.groups.iter().enumerate() {
        let offer = &built.problem.groups[g];
        let mut who: Vec<usize> =
            (0..offer.members.len()).filter(|&m| sol.group_of[offer.members[m].person] == Some(g)).collect();
        if who.is_empty() {
            continue;
        }
        who.sort_by_key(|&m| offer.members[m].person);
        let shares = fixed_cost_shares(offer.fixed_cost, who.len());
        let mut participants = Vec::new();
        for (&m, share) in who.iter().zip(shares) {
            let member = &offer.members[m];
            let mut path = gs.paths[m].clone();
            let cost = gs.shares_est[m] + share;
            path.net_cost = cost;
            let mut left = gs.shares_est[m].max(0);
            for f in &mut path.funding {
                f.amount = f.amount.min(left);
                left -= f.amount;
            }
            path.funding.retain(|f| f.amount > 0);
            participants.push(org.employees[built.person_emp[member.person]].id.clone());
            taken[member.person] = Some(Taken { path, cost, team: true });
        }
        participants.sort();
        let act = &env.catalog.activities[gs.activity];
        team_activities.push(TeamActivity {
            activity: act.id.clone(),
            title: act.title.clone(),
            unit: org.units[gs.unit].id.clone(),
            participants,
            fixed_cost: offer.fixed_cost,
        });
    }
    // Final usage (see `item_uses`), to explain who got nothing and why an item differs.
    let mut usage = vec![0.0; built.problem.resources.len()];
    for (i, t) in taken.iter().enumerate() {
        let Some(t) = t else { continue };
        for (r, a) in item_uses(env, built, sol, i, t) {
            usage[r] += a;
        }
    }
    let mut items = Vec::new();
    let mut open = Vec::new();
    // Final level per (person, competence): needs left open.
    // Agreed activities count: what they reach is reached.
    let mut reached: Vec<BTreeMap<&str, u8>> = vec![BTreeMap::new(); n];
    for (i, t) in taken.iter().enumerate() {
        let agreed = recs[built.person_emp[i]].agreed.iter().flat_map(|a| &a.kept);
        for s in agreed.chain(t.iter().flat_map(|t| &t.path.steps)) {
            for g in &s.gains {
                let e = reached[i].entry(g.competence.as_str()).or_insert(0);
                *e = (*e).max(g.to);
            }
        }
    }
    let is_open =
        |i: usize, need: &Need| reached[i].get(need.competence.as_str()).is_none_or(|&l| l < need.target);
    for i in 0..n {
        let e = built.person_emp[i];
        let emp = &org.employees[e];
        let rec = &recs[e];
        match &taken[i] {
            Some(t) => {
                let mut served: Vec<String> =
                    t.path.steps.iter().flat_map(|s| s.gains.iter().map(|g| g.competence.clone())).collect();
                served.sort();
                served.dedup();
                items.push(PlanItem {
                    employee: emp.id.clone(),
                    unit: emp.unit.clone(),
                    steps: t
                        .path
                        .steps
                        .iter()
                        .map(|s| ItemStep {
                            activity: s.activity.clone(),
                            title: s.title.clone(),
                            form: s.form,
                            session: s.session.clone(),
                            buddy: s.buddy.clone(),
                            reaches: s
                                .gains
                                .iter()
                                .map(|g| Reach { competence: g.competence.clone(), level: g.to })
                                .collect(),
                        })
                        .collect(),
                    team_activity: t.team,
                    cost: t.cost,
                    effect: t.path.effect,
                    funding: t.path.funding.clone(),
                    needs_served: served,
                    differs: deviation(env, built, rec, sol, funded, &usage, i, t),
                });
            }
            // Needs the agreed activities close are not open.
            None if rec.needs.iter().any(|nd| is_open(i, nd)) => {
                let reason = open_reason(built, rec, i, dropped[i], &usage);
                open.push(OpenPerson {
                    employee: emp.id.clone(),
                    unit: emp.unit.clone(),
                    reason,
                    needs: rec
                        .needs
                        .iter()
                        .filter(|nd| is_open(i, nd))
                        .map(|nd| nd.competence.clone())
                        .collect(),
                    explanation: reason.text(),
                });
            }
            None => {}
        }
    }
    // Per unit.
    let mut unit_acc = vec![(0i64, 0.0f64, 0usize, 0usize, 0usize, 0usize); org.units.len()];
    for (i, t) in taken.iter().enumerate() {
        let e = built.person_emp[i];
        let chain = env.index.unit_chain.get(env.index.employee_unit[e]).map_or(&[][..], |c| c.as_slice());
        let needs = recs[e].needs.len();
        let open_needs = recs[e].needs.iter().filter(|nd| is_open(i, nd)).count();
        for &u in chain {
            let acc = &mut unit_acc[u];
            if let Some(t) = t {
                acc.0 += t.cost;
                acc.1 += t.path.effect;
                acc.3 += 1;
            }
            acc.2 += 1;
            acc.4 += needs;
            acc.5 += open_needs;
        }
    }
    let units = org
        .units
        .iter()
        .zip(&unit_acc)
        .enumerate()
        .map(|(ui, (u, acc))| UnitPlan {
            unit: u.id.clone(),
            name: u.name.clone(),
            parent: u.parent.clone(),
            spend: acc.0,
            committed: built.committed.get(ui).copied().unwrap_or(0),
            budget: env.policy.budget.per_unit.get(&u.id).copied(),
            effect: acc.1,
            people: acc.2,
            people_covered: acc.3,
            needs: acc.4,
            needs_open: acc.5,
        })
        .collect();
    // Per goal.
    let goals = org
        .goals
        .iter()
        .map(|goal| {
            let from_goal = |nd: &Need| {
                nd.origins.iter().any(|o| matches!(o, Origin::Goal { goal: g, .. } if *g == goal.id))
            };
            let (mut spend, mut effect) = (0.0f64, 0.0f64);
            let (mut people, mut covered, mut needs, mut open_n) = (0, 0, 0, 0);
            for i in 0..n {
                let rec = &recs[built.person_emp[i]];
                let goal_needs: Vec<&Need> = rec.needs.iter().filter(|nd| from_goal(nd)).collect();
                if goal_needs.is_empty() {
                    continue;
                }
                people += 1;
                needs += goal_needs.len();
                open_n += goal_needs.iter().filter(|nd| is_open(i, nd)).count();
                if let Some(t) = &taken[i] {
                    let toward: f64 = t
                        .path
                        .steps
                        .iter()
                        .flat_map(|s| &s.gains)
                        .filter(|g| goal_needs.iter().any(|nd| nd.competence == g.competence))
                        .map(|g| g.effect)
                        .sum();
                    if toward > 0.0 {
                        covered += 1;
                        effect += toward;
                        if t.path.effect > 0.0 {
                            spend += t.cost as f64 * (toward / t.path.effect).min(1.0);
                        }
                    }
                }
            }
            GoalPlan {
                goal: goal.id.clone(),
                title: goal.title.clone(),
                spend: paths::kroner(spend),
                effect,
                people,
                people_covered: covered,
                needs,
                needs_open: open_n,
            }
        })
        .collect();
    let funding = env
        .policy
        .funding
        .iter()
        .map(|f| FundingTotal {
            source: f.id.clone(),
            name: f.name.clone(),
            amount: items
                .iter()
                .flat_map(|it| &it.funding)
                .filter(|u| u.source == f.id)
                .map(|u| u.amount)
                .sum(),
        })
        .collect();
    let total_cost = items.iter().map(|it| it.cost).sum();
    // Folded from +0 (`sum` starts at −0, IEEE's empty sum): a plan with nothing in it is worth
    // 0, not −0, in every table and JSON; any other total is the same to the bit.
    let value = items.iter().map(|it| it.effect).fold(0.0, |a, e| a + e);
    let mandatory = (0..n).flat_map(|i| recs[built.person_emp[i]].needs.iter().map(move |nd| (i, nd)));
    let mandatory = mandatory.filter(|(_, nd)| nd.mandatory);
    let mandatory_needs = mandatory.clone().count();
    let mandatory_needs_open = mandatory.filter(|&(i, nd)| is_open(i, nd)).count();
    let bound = sol.bound.max(value);
    let gap = if bound > 0.0 { ((bound - value) / bound).max(0.0) } else { 0.0 };
    let stopped_by = sol.stopped_by.map(|r| {
        if Some(r) == built.total_res {
            "total".to_owned()
        } else {
            built
                .unit_res
                .iter()
                .position(|&x| x == Some(r))
                .map_or_else(|| r.to_string(), |u| org.units[u].id.clone())
        }
    });
    OrganisationPlan {
        value,
        bound,
        gap,
        total_cost,
        committed: built.total_committed,
        budget: built.total_budget,
        items,
        units,
        goals,
        funding,
        team_activities,
        open,
        buddies_reassigned: reassigned,
        stopped_by,
        mandatory_first: env.policy.budget.mandatory_first,
        mandatory_needs,
        mandatory_needs_open,
    }
}

/// What problem person `i`'s item `t` uses of every resource: the chosen option's uses with its
/// budgets at the item's cost (a path re-simulated after the buddy matching can cost less than
/// its option), or, for a team place, the item's cost on the budgets of the person's unit
/// chain. The final usage sums these, so a budget named as used up is used up by the figures
/// the plan reports.
fn item_uses(
    env: Env<'_>,
    built: &Built,
    sol: &super::solve::Solution,
    i: usize,
    t: &Taken,
) -> Vec<(ResourceId, f64)> {
    let cost = t.cost as f64;
    match sol.choice[i] {
        Some(j) => built.problem.people[i].options[j]
            .uses
            .iter()
            .map(|&(r, a)| {
                (r, if built.problem.resources[r].kind == ResourceKind::Budget { cost } else { a })
            })
            .collect(),
        None => {
            let e = built.person_emp[i];
            let chain =
                env.index.unit_chain.get(env.index.employee_unit[e]).map_or(&[][..], |c| c.as_slice());
            budgets_of(built.total_res, &built.unit_res, chain).into_iter().map(|r| (r, cost)).collect()
        }
    }
}

/// How problem person `i`'s item `t` differs from their recommendation `rec`, and why, from the
/// final `usage` of every resource (see [`super::deviation`]): the recommended path, if it is
/// one of the person's options, is checked against every capacity it uses, next to everyone
/// else's items (the person's own use taken out). A budget it does not fit is blamed on
/// mandatory first only when what the first round funded for colleagues' mandatory needs alone
/// leaves no room for it; when the mandatory and the other items only together fill it, the
/// budget is named as used up.
#[allow(clippy::too_many_arguments)]
fn deviation(
    env: Env<'_>,
    built: &Built,
    rec: &Recommendation,
    sol: &super::solve::Solution,
    funded: Option<&super::mandatory::Funded>,
    usage: &[f64],
    i: usize,
    t: &Taken,
) -> Option<Deviation> {
    let key = |activity: &str, session: Option<&str>| (activity.to_owned(), session.map(str::to_owned));
    let recommended: Vec<_> =
        rec.chosen.steps.iter().map(|s| key(&s.activity, s.session.as_deref())).collect();
    let planned: Vec<_> = t.path.steps.iter().map(|s| key(&s.activity, s.session.as_deref())).collect();
    if recommended == planned {
        return None;
    }
    let mut reasons = Vec::new();
    if t.team
        && let Some(s) = t.path.steps.first()
    {
        reasons.push(DeviationReason::TeamActivity { activity: s.activity.clone(), title: s.title.clone() });
    }
    let person = &built.problem.people[i];
    let rec_option = built.sources[i].iter().position(|Source::Path(k)| {
        let point: Vec<_> =
            rec.frontier[*k].steps.iter().map(|s| key(&s.activity, s.session.as_deref())).collect();
        point == recommended
    });
    if rec_option.is_none() {
        // Left out of the options for containing a team activity (see `build`).
        for step in &rec.chosen.steps {
            if let Some(&a) = env.index.activities.get(&step.activity)
                && env.catalog.activities[a].group.is_some()
            {
                reasons.push(DeviationReason::TeamActivityInPath {
                    activity: step.activity.clone(),
                    title: step.title.clone(),
                });
            }
        }
    }
    if let Some(j) = rec_option {
        // The person's own use of every resource, to be taken out.
        let own = item_uses(env, built, sol, i, t);
        let own_on = |r: ResourceId| own.iter().filter(|u| u.0 == r).map(|u| u.1).sum::<f64>();
        let funded_first = funded.is_some_and(|f| f.choice[i].is_some() || f.group_of[i].is_some());
        for &(r, a) in &person.options[j].uses {
            let cap = built.problem.resources[r].capacity;
            let used = usage[r] - own_on(r);
            if used + a <= cap + super::problem::tolerance(cap) {
                continue;
            }
            let budget = matches!(built.owners[r], Owner::Total | Owner::Unit(_));
            let for_mandatory =
                funded.map_or(0.0, |f| f.usage[r] - if funded_first { own_on(r) } else { 0.0 });
            let reason = match built.owners[r] {
                _ if budget
                    && for_mandatory > 0.0
                    && for_mandatory + a > cap + super::problem::tolerance(cap) =>
                {
                    DeviationReason::MandatoryFirst
                }
                Owner::Total => DeviationReason::TotalBudget,
                Owner::Unit(u) => DeviationReason::UnitBudget {
                    unit: env.org.units[u].id.clone(),
                    name: env.org.units[u].name.clone(),
                },
                Owner::Seats(a, s) => {
                    let act = &env.catalog.activities[a];
                    DeviationReason::Seats {
                        activity: act.id.clone(),
                        title: act.title.clone(),
                        session: act.sessions[s].id.clone(),
                    }
                }
                Owner::Buddy(b) => DeviationReason::Buddy {
                    employee: env.org.employees[b].id.clone(),
                    name: env.org.employees[b].display_name().to_owned(),
                },
            };
            if !reasons.contains(&reason) {
                reasons.push(reason);
            }
        }
    }
    let titles = |steps: &[crate::recommend::Step]| steps.iter().map(|s| s.title.clone()).collect::<Vec<_>>();
    Some(Deviation::new(
        rec.chosen.steps.iter().map(|s| s.activity.clone()).collect(),
        &titles(&rec.chosen.steps),
        rec.chosen.effect,
        rec.chosen.net_cost,
        &titles(&t.path.steps),
        reasons,
    ))
}

/// Why problem person `i` (with needs, without an item) got nothing.
fn open_reason(built: &Built, rec: &Recommendation, i: usize, dropped: bool, usage: &[f64]) -> OpenReason {
    if dropped {
        return OpenReason::NoBuddy;
    }
    let person = &built.problem.people[i];
    let in_group = built.problem.groups.iter().any(|g| g.members.iter().any(|m| m.person == i));
    if person.options.is_empty() && !in_group {
        if built.over_cap[i] {
            // Paths over 1e15 kroner: no budget stretches that far.
            return OpenReason::Budget;
        }
        if built.not_worth_it[i] || rec.rule == ChoiceRule::NothingWorthItsCost {
            return OpenReason::NotWorthIt;
        }
        let person_budget = rec.rejected.iter().any(|r| matches!(r.reason, RejectReason::Budget { .. }));
        return if person_budget { OpenReason::PersonBudget } else { OpenReason::NoFeasiblePath };
    }
    // Which resources block each option now.
    let mut seats = false;
    let mut buddy = false;
    for o in &person.options {
        let mut blocked_other = false;
        let mut blocked_budget = false;
        for &(r, a) in &o.uses {
            let res = &built.problem.resources[r];
            if usage[r] + a > res.capacity + super::problem::tolerance(res.capacity) {
                match res.kind {
                    ResourceKind::Budget => blocked_budget = true,
                    ResourceKind::Seats => {
                        seats = true;
                        blocked_other = true;
                    }
                    _ => {
                        buddy = true;
                        blocked_other = true;
                    }
                }
            }
        }
        if !blocked_other || blocked_budget {
            // Some option is held back by money alone (or fits, and the greedy stopped at a budget).
            return OpenReason::Budget;
        }
    }
    if seats {
        OpenReason::Seats
    } else if buddy {
        OpenReason::NoBuddy
    } else {
        OpenReason::Budget
    }
}
