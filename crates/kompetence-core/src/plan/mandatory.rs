//! Mandatory needs first (policy `budget.mandatory_first`, on by default): the organisation plan
//! funds the paths that close people's open mandatory needs before it spends by effect per
//! krone.
//!
//! # Why
//!
//! The solver maximises total effect under the budgets. A mandatory need (a role requirement or
//! a mandatory goal requirement: hygiene, first aid, wound-care certification) weighs like any
//! other need there, so when money is short a colleague's optional course with more effect per
//! krone can win over a certification the job requires. No budget holder, auditor or union
//! representative accepts that trade, so by default the plan does not make it.
//!
//! # The rule
//!
//! 1. **Who.** A person has an *open* mandatory need when one of their needs is mandatory and
//!    their agreed development-plan activities (the empty frontier path) do not close every
//!    mandatory need. Their *closing options* are the options of the problem whose frontier path
//!    reaches the target of every mandatory need (`closes_mandatory`), the same test the
//!    recommender's own rule uses. A path that closes only some of them is not a closing option:
//!    a half-certified person is not certified, and such a person's paths compete by value in
//!    step 2 like everyone else's.
//! 2. **Cheapest per person first.** Every closing option of every such person is taken in the
//!    order of its net cost (ties: more effect first, then employee id, then option
//!    order), and a person's first option that fits what is left of every budget, seat and buddy
//!    it uses is funded; later options of a funded person are skipped. Under one budget this
//!    funds the largest number of people whose mandatory needs are all closed (an exchange
//!    argument: swapping a funded option for a dearer one never frees money for another
//!    person), every certification counting the same; with unit budgets, seats and buddies it
//!    is the same greedy, not an optimum. It is also what each person's own recommendation
//!    chooses when mandatory needs are open (the cheapest closing path), so the plan and the
//!    recommendations agree whenever the money suffices. A team activity whose places close
//!    the mandatory needs of enough people competes at its cost per participant (fixed cost
//!    plus their marginal costs, over them): five certified for the price of three separate
//!    courses is what the budget holder wants.
//! 3. **Then by value.** The funded options are fixed; the solver plans everyone else on the
//!    capacities they leave, maximising effect per krone as without the policy.
//!    What the solver's stop and the buddy matching leave unspent is again offered to people
//!    with open mandatory needs first (`organisation::fill`).
//!
//! # The bound
//!
//! The plan reports the bound of the *constrained* problem: the effect of the funded closing
//! options plus the Lagrangian bound of the residual problem. It bounds every plan that funds
//! the same closing options, so the gap says how much better step 3 could have done, not what
//! the priority costs in total effect (compare with `mandatory_first: false` for that).

use super::problem::{PlanningProblem, fixed_cost_shares, tolerance};

/// What step 2 funds: per problem person the option taken or the group offer joined (`None`:
/// not funded here), the group offers held, and the resource usage it all adds up to.
pub(super) struct Funded {
    pub choice: Vec<Option<usize>>,
    pub group_of: Vec<Option<usize>>,
    pub groups_held: Vec<bool>,
    pub usage: Vec<f64>,
}

/// Which options close open mandatory needs: `people[i][j]` for option `j` of person `i`,
/// `groups[g][m]` for member `m` of group offer `g` (the team place on its own closes them).
pub(super) struct Closing<'a> {
    pub people: &'a [Vec<bool>],
    pub groups: &'a [Vec<bool>],
}

/// A candidate of step 2: an individual option, or a group offer held for its closing members.
#[derive(Clone, Copy)]
enum Candidate {
    Option { person: usize, option: usize },
    Group(usize),
}

/// Step 2: funds, cheapest per person first, one closing option per person while it fits every
/// capacity. A team activity whose place closes the mandatory needs of at least
/// `min_participants` people is a candidate at its cost per person (fixed cost plus their
/// marginal costs, over them); when its turn comes it is held for those of them still unfunded
/// (up to `max_participants`, cheapest marginal cost first) if they are still enough and it fits.
pub(super) fn fund_mandatory(problem: &PlanningProblem, closing: &Closing<'_>) -> Funded {
    let n = problem.people.len();
    let flag =
        |v: &[Vec<bool>], a: usize, b: usize| v.get(a).and_then(|c| c.get(b)).copied().unwrap_or(false);
    // (cost per person, effect, tie-break, candidate)
    let mut cands: Vec<(f64, f64, usize, usize, Candidate)> = Vec::new();
    for (i, person) in problem.people.iter().enumerate() {
        for (j, o) in person.options.iter().enumerate() {
            if flag(closing.people, i, j) {
                cands.push((o.cost as f64, o.value, i, j, Candidate::Option { person: i, option: j }));
            }
        }
    }
    let none = vec![None; n];
    for g in 0..problem.groups.len() {
        if let Some((who, cost)) = group_members(problem, closing, g, &none) {
            let value =
                who.iter().map(|&m| problem.groups[g].members[m].value).sum::<f64>() / who.len() as f64;
            cands.push((cost as f64 / who.len() as f64, value, n, g, Candidate::Group(g)));
        }
    }
    cands.sort_by(|a, b| {
        a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3))
    });
    let mut funded = Funded {
        choice: vec![None; n],
        group_of: vec![None; n],
        groups_held: vec![false; problem.groups.len()],
        usage: vec![0.0; problem.resources.len()],
    };
    for &(_, _, _, _, cand) in &cands {
        match cand {
            Candidate::Option { person: i, option: j } => {
                if funded.choice[i].is_some() || funded.group_of[i].is_some() {
                    continue;
                }
                let o = &problem.people[i].options[j];
                if fits(problem, &funded.usage, &o.uses) {
                    for &(r, a) in &o.uses {
                        funded.usage[r] += a;
                    }
                    funded.choice[i] = Some(j);
                }
            }
            Candidate::Group(g) => {
                let taken: Vec<Option<usize>> =
                    (0..n).map(|i| funded.choice[i].or(funded.group_of[i])).collect();
                let Some((mut who, _)) = group_members(problem, closing, g, &taken) else { continue };
                let group = &problem.groups[g];
                // Shares follow ascending person order, as in `problem::evaluate`.
                who.sort_by_key(|&m| group.members[m].person);
                let shares = fixed_cost_shares(group.fixed_cost, who.len());
                let mut uses: Vec<(usize, f64)> = Vec::new();
                for (&m, share) in who.iter().zip(shares) {
                    uses.extend(group.members[m].uses.iter().map(|&(r, a)| (r, a + share as f64)));
                }
                let mut total = vec![0.0; problem.resources.len()];
                for &(r, a) in &uses {
                    total[r] += a;
                }
                let summed: Vec<(usize, f64)> =
                    total.iter().enumerate().filter(|(_, a)| **a > 0.0).map(|(r, &a)| (r, a)).collect();
                if fits(problem, &funded.usage, &summed) {
                    for &(r, a) in &uses {
                        funded.usage[r] += a;
                    }
                    for &m in &who {
                        funded.group_of[group.members[m].person] = Some(g);
                    }
                    funded.groups_held[g] = true;
                }
            }
        }
    }
    funded
}

/// The members of group offer `g` whose place closes their mandatory needs and who are not
/// `taken`, at most `max_participants` of them with the cheapest marginal costs (ties: person),
/// and what holding it for them costs (fixed + marginal); `None` when fewer than
/// `min_participants` remain.
fn group_members(
    problem: &PlanningProblem,
    closing: &Closing<'_>,
    g: usize,
    taken: &[Option<usize>],
) -> Option<(Vec<usize>, i64)> {
    let group = &problem.groups[g];
    let mut who: Vec<usize> = (0..group.members.len())
        .filter(|&m| closing.groups.get(g).and_then(|c| c.get(m)).copied().unwrap_or(false))
        .filter(|&m| taken.get(group.members[m].person).is_some_and(|t| t.is_none()))
        .collect();
    who.sort_by_key(|&m| (group.members[m].cost, group.members[m].person));
    who.truncate(group.max_participants);
    if who.is_empty() || who.len() < group.min_participants.max(1) {
        return None;
    }
    let cost = who.iter().fold(group.fixed_cost, |c, &m| c.saturating_add(group.members[m].cost));
    Some((who, cost))
}

/// Whether uses `uses` fit every capacity on top of `usage` (within the problem's tolerance).
pub(super) fn fits(problem: &PlanningProblem, usage: &[f64], uses: &[(usize, f64)]) -> bool {
    uses.iter().all(|&(r, a)| {
        let cap = problem.resources[r].capacity;
        usage[r] + a <= cap + tolerance(cap)
    })
}

/// Step 3's problem: the same people, resources and group offers (so indices carry over), with
/// every capacity reduced by what step 2 funded, the funded people without options and out of
/// every group offer, and the groups held in step 2 without members.
pub(super) fn residual(problem: &PlanningProblem, funded: &Funded) -> PlanningProblem {
    let mut rest = problem.clone();
    for (res, &used) in rest.resources.iter_mut().zip(&funded.usage) {
        res.capacity = (res.capacity - used).max(0.0);
    }
    let is_funded = |i: usize| {
        funded.choice.get(i).is_some_and(|c| c.is_some())
            || funded.group_of.get(i).is_some_and(|c| c.is_some())
    };
    for (i, person) in rest.people.iter_mut().enumerate() {
        if is_funded(i) {
            person.options.clear();
        }
    }
    for (g, group) in rest.groups.iter_mut().enumerate() {
        if funded.groups_held.get(g).copied().unwrap_or(false) {
            group.members.clear();
        } else {
            group.members.retain(|m| !is_funded(m.person));
        }
    }
    rest
}
