//! The abstract organisation planning problem: people with alternative options, shared
//! resources with capacities, and group offers (team activities, D10).
//!
//! The problem is deliberately plain data (public fields, serde) so the lead can build it from
//! the recommender's frontiers and the benchmark can write it as JSON for an external MILP solver.
//!
//! **Budgets are resources.** An option with net cost `c` kroner "uses" `c` of the total budget
//! and `c` of every enclosing unit's budget (the unit tree is laminar: a unit's spend includes its
//! sub-units), listed in [`PlanOption::uses`]. The solver never reads [`PlanOption::cost`] for
//! feasibility; it is carried for reports. A course session's free seats are a resource of kind
//! [`ResourceKind::Seats`] (an option uses 1), a buddy's mentee limit one of kind
//! [`ResourceKind::BuddyMentees`] (uses 1) and the buddy's hours one of kind
//! [`ResourceKind::BuddyHours`].
//!
//! **Group offers.** A group (a tailored internal course, a learning-meeting series) has a fixed
//! cost `F` paid once when it is held, which it is exactly when at least `min_participants` and at
//! most `max_participants` people join. Joining replaces the person's individual option. `F` is
//! split equally among the `k` participants in whole kroner: each pays `F / k` rounded down, and
//! the first `F mod k` participants (by person index) pay one krone more, so the shares sum to
//! exactly `F`. Each participant's share is charged to every budget resource (kind
//! [`ResourceKind::Budget`]) that the member's join option lists in [`GroupMember::uses`] — list
//! the member's budgets there even when the marginal cost is 0 (with amount 0).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Problem};

/// Largest value, amount or capacity accepted: far above any municipal budget, and small enough
/// that sums over millions of people stay finite and exact to well below a krone.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// People per parallel work item in validation and evaluation: below a few thousand people the
/// sequential loop is as fast, and the results are the same either way.
const PAR_MIN_PEOPLE: usize = 2048;

/// Largest cost in kroner accepted (sums stay far from `i64` overflow).
pub const MAX_COST: i64 = 1_000_000_000_000_000;

/// Index of a resource in [`PlanningProblem::resources`].
pub type ResourceId = usize;

/// What a resource stands for. Only [`ResourceKind::Budget`] is special to the solver: more budget
/// never gives a worse plan (see [`mod@crate::plan::solve`]), and group fixed costs are charged to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// Money in whole kroner: the total budget or one unit's budget.
    Budget,
    /// Free seats of one course session.
    Seats,
    /// How many learners one buddy can take.
    BuddyMentees,
    /// One buddy's hours available for buddy training.
    BuddyHours,
    /// Any other shared capacity.
    Other,
}

/// A shared capacity that the chosen options together may not exceed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// The capacity (kroner for budgets, seats, mentees, hours); finite and non-negative.
    pub capacity: f64,
    /// What the resource stands for.
    pub kind: ResourceKind,
}

/// One way a person can develop: a learning path from their frontier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOption {
    /// Expected effect (strategic value); finite and non-negative.
    pub value: f64,
    /// Net cost in whole kroner, for reports; feasibility is checked through `uses`.
    pub cost: i64,
    /// The resources the option uses and how much (budgets: the cost; seats and mentees: 1).
    pub uses: Vec<(ResourceId, f64)>,
}

/// A person and their alternatives; choosing nothing (value 0, cost 0) is always possible and is
/// not listed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// The person's options, e.g. the non-dominated paths of the recommender.
    pub options: Vec<PlanOption>,
}

/// One eligible participant of a group offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMember {
    /// Index of the person in [`PlanningProblem::people`].
    pub person: usize,
    /// The person's expected effect from taking part; finite and non-negative.
    pub value: f64,
    /// The person's marginal cost in whole kroner (hours away, materials), for reports.
    pub cost: i64,
    /// Resources the person's participation uses (budgets with the marginal cost, possibly 0);
    /// the share of the fixed cost is added to each listed budget.
    pub uses: Vec<(ResourceId, f64)>,
}

/// A team activity with a fixed cost, held only with enough participants (D10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupOffer {
    /// Fixed cost in whole kroner, paid once when the group is held.
    pub fixed_cost: i64,
    /// Fewest participants for the group to be held (at least 1).
    pub min_participants: usize,
    /// Most participants.
    pub max_participants: usize,
    /// The people who may join, each at most once.
    pub members: Vec<GroupMember>,
}

/// The whole planning problem.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanningProblem {
    /// Everyone to plan for.
    pub people: Vec<Person>,
    /// Budgets, seats, buddy capacities.
    pub resources: Vec<Resource>,
    /// Team activities.
    #[serde(default)]
    pub groups: Vec<GroupOffer>,
}

/// Checks a list of uses; `path` builds the field path only when there is a problem (the
/// solver validates millions of options, and formatting a path for each would dominate).
fn check_uses(path: impl Fn() -> String, uses: &[(ResourceId, f64)], n_res: usize, out: &mut Vec<Problem>) {
    for (u, &(r, amount)) in uses.iter().enumerate() {
        if r >= n_res {
            out.push(Problem::new(
                format!("{}.uses[{u}][0]", path()),
                r.to_string(),
                format!("resource {r} does not exist (there are {n_res})"),
            ));
        }
        if !amount.is_finite() || !(0.0..=MAX_MAGNITUDE).contains(&amount) {
            out.push(Problem::new(
                format!("{}.uses[{u}][1]", path()),
                format!("{amount}"),
                "amount must be finite, non-negative and at most 1e15",
            ));
        }
    }
}

/// True when `check_uses` would report nothing.
fn uses_ok(uses: &[(ResourceId, f64)], n_res: usize) -> bool {
    // `contains` is false for NaN and the infinities too.
    uses.iter().all(|&(r, amount)| r < n_res && (0.0..=MAX_MAGNITUDE).contains(&amount))
}

/// True when validation would report nothing about option `o` (its value, cost and uses), for
/// a problem with `n_res` resources.
pub(crate) fn option_ok(o: &PlanOption, n_res: usize) -> bool {
    value_ok(o.value) && (0..=MAX_COST).contains(&o.cost) && uses_ok(&o.uses, n_res)
}

/// True when `check_value` would report nothing.
fn value_ok(value: f64) -> bool {
    (0.0..=MAX_MAGNITUDE).contains(&value)
}

fn check_value(path: impl Fn() -> String, value: f64, out: &mut Vec<Problem>) {
    if !value.is_finite() || !(0.0..=MAX_MAGNITUDE).contains(&value) {
        out.push(Problem::new(
            path(),
            format!("{value}"),
            "value must be finite, non-negative and at most 1e15",
        ));
    }
}

fn check_cost(path: impl Fn() -> String, cost: i64, out: &mut Vec<Problem>) {
    if !(0..=MAX_COST).contains(&cost) {
        out.push(Problem::new(path(), cost.to_string(), "cost must be between 0 and 1e15 kroner"));
    }
}

impl PlanningProblem {
    /// Checks every rule and reports all problems with their field paths: values, amounts and
    /// capacities finite, non-negative and at most [`MAX_MAGNITUDE`], costs in `0..=`[`MAX_COST`], resource and person ids in range,
    /// `1 <= min_participants <= max_participants`, each person at most once per group.
    pub fn validate(&self) -> Result<(), Error> {
        self.validate_checking_options(true)
    }

    /// [`PlanningProblem::validate`] without the people's options when `options` is false: for
    /// a caller that checks every option with [`option_ok`] on its own first read of them and
    /// calls [`PlanningProblem::validate`] for the full report when one is wrong. An error is
    /// always the full report (options included).
    pub(crate) fn validate_checking_options(&self, options: bool) -> Result<(), Error> {
        let mut out = Vec::new();
        let n_res = self.resources.len();
        for (r, res) in self.resources.iter().enumerate() {
            if !res.capacity.is_finite() || !(0.0..=MAX_MAGNITUDE).contains(&res.capacity) {
                out.push(Problem::new(
                    format!("resources[{r}].capacity"),
                    format!("{}", res.capacity),
                    "capacity must be finite, non-negative and at most 1e15",
                ));
            }
        }
        // The options are most of the work (millions at scale): a parallel yes/no check first, and
        // the sequential walk with field paths only when something is wrong (same report).
        let people_ok = !options
            || self
                .people
                .par_iter()
                .with_min_len(PAR_MIN_PEOPLE)
                .all(|p| p.options.iter().all(|o| option_ok(o, n_res)));
        for (i, p) in self.people.iter().enumerate().filter(|_| !people_ok) {
            for (j, o) in p.options.iter().enumerate() {
                let path = || format!("people[{i}].options[{j}]");
                check_value(|| format!("{}.value", path()), o.value, &mut out);
                check_cost(|| format!("{}.cost", path()), o.cost, &mut out);
                check_uses(path, &o.uses, n_res, &mut out);
            }
        }
        for (g, group) in self.groups.iter().enumerate() {
            let path = format!("groups[{g}]");
            check_cost(|| format!("{path}.fixed_cost"), group.fixed_cost, &mut out);
            if group.min_participants == 0 || group.min_participants > group.max_participants {
                out.push(Problem::new(
                    format!("{path}.min_participants"),
                    group.min_participants.to_string(),
                    format!("need 1 <= min_participants <= max_participants ({})", group.max_participants),
                ));
            }
            let mut seen = std::collections::BTreeSet::new();
            for (m, member) in group.members.iter().enumerate() {
                let mpath = format!("{path}.members[{m}]");
                if member.person >= self.people.len() {
                    out.push(Problem::new(
                        format!("{mpath}.person"),
                        member.person.to_string(),
                        format!("person {} does not exist (there are {})", member.person, self.people.len()),
                    ));
                } else if !seen.insert(member.person) {
                    out.push(Problem::new(
                        format!("{mpath}.person"),
                        member.person.to_string(),
                        "person is listed twice in this group",
                    ));
                }
                check_value(|| format!("{mpath}.value"), member.value, &mut out);
                check_cost(|| format!("{mpath}.cost"), member.cost, &mut out);
                check_uses(|| mpath.clone(), &member.uses, n_res, &mut out);
            }
        }
        if out.is_empty() {
            Ok(())
        } else if !options {
            self.validate_checking_options(true)
        } else {
            Err(Error::validation(out))
        }
    }

    /// True when `r` is a budget resource.
    pub fn is_budget(&self, r: ResourceId) -> bool {
        self.resources.get(r).is_some_and(|res| res.kind == ResourceKind::Budget)
    }
}

/// Whole-kroner shares of a fixed cost among `k` participants, in participant order (ascending
/// person index): `F / k` each, the first `F mod k` one krone more.
pub fn fixed_cost_shares(fixed_cost: i64, k: usize) -> Vec<i64> {
    if k == 0 {
        return Vec::new();
    }
    let k64 = k as i64;
    let base = fixed_cost / k64;
    let extra = (fixed_cost % k64) as usize;
    (0..k).map(|p| base + i64::from(p < extra)).collect()
}

/// Slack allowed when comparing a resource's use with its capacity, so that sums of floating
/// amounts that are mathematically equal to the capacity are not reported as violations.
pub fn tolerance(capacity: f64) -> f64 {
    1e-9 * capacity.abs().max(1.0)
}

/// A plan's value and resource use, computed from scratch by the rules of the problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Total expected effect.
    pub value: f64,
    /// Total net cost in kroner (individual costs, members' marginal costs, fixed costs of held
    /// groups).
    pub cost: i64,
    /// Use of every resource.
    pub usage: Vec<f64>,
    /// Participants per group.
    pub participants: Vec<usize>,
    /// Whether each group is held (it has participants).
    pub groups_held: Vec<bool>,
    /// Every rule the plan breaks (capacity exceeded, group too small or too large); empty when
    /// the plan is feasible.
    pub violations: Vec<Problem>,
}

impl Evaluation {
    /// True when the plan breaks no rule.
    pub fn is_feasible(&self) -> bool {
        self.violations.is_empty()
    }
}

fn bad_arg(path: &str, value: String, message: String) -> Error {
    Error::new(ErrorKind::InvalidArgument, Problem::new(path, value, message))
}

/// Computes a plan's value and use of every resource. `choice[i]` is person `i`'s individual
/// option, `group_of[i]` the group person `i` joins; at most one of them may be set.
///
/// Errors (kind `InvalidArgument`) when the plan is malformed: wrong lengths, an option or group
/// index out of range, a person in a group they are not a member of, or both set. A plan that is
/// well formed but exceeds a capacity or holds a group outside its size limits is *not* an error:
/// it is reported in [`Evaluation::violations`].
pub fn evaluate(
    problem: &PlanningProblem,
    choice: &[Option<usize>],
    group_of: &[Option<usize>],
) -> Result<Evaluation, Error> {
    problem.validate()?;
    evaluate_valid(problem, choice, group_of)
}

/// One chunk of people's individual choices, gathered in parallel: per chosen person (in person
/// order) the option's value, cost and number of uses, and the uses themselves in `uses`.
struct Picks {
    picks: Vec<(f64, i64, usize)>,
    uses: Vec<(ResourceId, f64)>,
}

/// The chosen options' data in person order, gathered in parallel chunks (looking up millions of
/// scattered options is most of an evaluation); `None` for small plans and for malformed ones
/// (then the sequential loop runs and reports the first problem, as always).
fn gather_choices(
    problem: &PlanningProblem,
    choice: &[Option<usize>],
    group_of: &[Option<usize>],
) -> Option<Vec<Picks>> {
    if problem.people.len() < 4 * PAR_MIN_PEOPLE {
        return None;
    }
    let groups = problem.groups.len();
    problem
        .people
        .par_chunks(PAR_MIN_PEOPLE)
        .zip(choice.par_chunks(PAR_MIN_PEOPLE))
        .zip(group_of.par_chunks(PAR_MIN_PEOPLE))
        .map(|((people, choice), group_of)| {
            let mut out = Picks { picks: Vec::with_capacity(people.len()), uses: Vec::new() };
            for ((person, c), g) in people.iter().zip(choice).zip(group_of) {
                match (c, g) {
                    (Some(_), Some(_)) => return None,
                    (Some(j), None) => {
                        let o = person.options.get(*j)?;
                        out.picks.push((o.value, o.cost, o.uses.len()));
                        out.uses.extend_from_slice(&o.uses);
                    }
                    (None, Some(g)) if *g >= groups => return None,
                    _ => {}
                }
            }
            Some(out)
        })
        .collect()
}

/// [`evaluate`] for a problem already validated (the solver and brute force validate once).
pub(crate) fn evaluate_valid(
    problem: &PlanningProblem,
    choice: &[Option<usize>],
    group_of: &[Option<usize>],
) -> Result<Evaluation, Error> {
    let n = problem.people.len();
    if choice.len() != n || group_of.len() != n {
        return Err(bad_arg(
            "choice",
            choice.len().to_string(),
            format!("plan has {} choices and {} group entries for {n} people", choice.len(), group_of.len()),
        ));
    }
    let mut usage = vec![0.0; problem.resources.len()];
    let mut value = 0.0;
    let mut cost = 0i64;
    let mut joined = vec![0usize; problem.groups.len()];
    if let Some(chunks) = gather_choices(problem, choice, group_of) {
        // The same additions in the same (person) order as the loop below: the same sums.
        for chunk in &chunks {
            let mut uses = chunk.uses.iter();
            for &(v, c, k) in &chunk.picks {
                value += v;
                cost = cost.saturating_add(c);
                for &(r, a) in uses.by_ref().take(k) {
                    usage[r] += a;
                }
            }
        }
        for &g in group_of.iter().flatten() {
            joined[g] += 1;
        }
    } else {
        for i in 0..n {
            match (choice[i], group_of[i]) {
                (Some(_), Some(_)) => {
                    return Err(bad_arg(
                        &format!("choice[{i}]"),
                        "both".into(),
                        format!("person {i} has an option and a group"),
                    ));
                }
                (Some(j), None) => {
                    let Some(o) = problem.people[i].options.get(j) else {
                        return Err(bad_arg(&format!("choice[{i}]"), j.to_string(), "no such option".into()));
                    };
                    value += o.value;
                    cost = cost.saturating_add(o.cost);
                    for &(r, a) in &o.uses {
                        usage[r] += a;
                    }
                }
                (None, Some(g)) => {
                    if g >= problem.groups.len() {
                        return Err(bad_arg(
                            &format!("group_of[{i}]"),
                            g.to_string(),
                            "no such group".into(),
                        ));
                    }
                    joined[g] += 1;
                }
                (None, None) => {}
            }
        }
    }
    let mut violations = Vec::new();
    let mut participants = Vec::with_capacity(problem.groups.len());
    for (g, group) in problem.groups.iter().enumerate() {
        // Participating members in ascending person order, the order the shares follow.
        let mut who: Vec<&GroupMember> =
            group.members.iter().filter(|m| group_of[m.person] == Some(g)).collect();
        who.sort_by_key(|m| m.person);
        if who.len() != joined[g] {
            return Err(bad_arg(
                "group_of",
                g.to_string(),
                format!("someone joins group {g} without being one of its members"),
            ));
        }
        participants.push(who.len());
        if who.is_empty() {
            continue;
        }
        if who.len() < group.min_participants || who.len() > group.max_participants {
            violations.push(Problem::new(
                format!("groups[{g}]"),
                who.len().to_string(),
                format!(
                    "group held with {} participants, allowed {}..={}",
                    who.len(),
                    group.min_participants,
                    group.max_participants
                ),
            ));
        }
        cost = cost.saturating_add(group.fixed_cost);
        let shares = fixed_cost_shares(group.fixed_cost, who.len());
        for (m, &share) in who.iter().zip(&shares) {
            value += m.value;
            cost = cost.saturating_add(m.cost);
            for &(r, a) in &m.uses {
                usage[r] += a;
                if problem.is_budget(r) {
                    usage[r] += share as f64;
                }
            }
        }
    }
    for (r, res) in problem.resources.iter().enumerate() {
        if usage[r] > res.capacity + tolerance(res.capacity) {
            violations.push(Problem::new(
                format!("resources[{r}]"),
                format!("{}", usage[r]),
                format!("use {} exceeds capacity {}", usage[r], res.capacity),
            ));
        }
    }
    let groups_held = participants.iter().map(|&p| p > 0).collect();
    Ok(Evaluation { value, cost, usage, participants, groups_held, violations })
}
