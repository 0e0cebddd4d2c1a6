//! Exact optimum by enumeration, for tiny instances: the reference the solver is tested against
//! and what `kompetence policy test` uses to check a policy's plans on small organisations.

use super::problem::{PlanningProblem, evaluate_valid};
use crate::error::{Error, ErrorKind, Problem};

/// Most plans [`brute_force`] will enumerate.
pub const MAX_PLANS: u64 = 5_000_000;

/// The best feasible plan found by trying every combination.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    /// Per person, the chosen individual option.
    pub choice: Vec<Option<usize>>,
    /// Per person, the group joined.
    pub group_of: Vec<Option<usize>>,
    /// The optimal value.
    pub value: f64,
}

/// Enumerates every plan (each person: nothing, one option, or one group they are a member of)
/// and returns a best feasible one; ties keep the first found in enumeration order (person 0
/// varies slowest, "nothing" first). Errors with `LimitExceeded` when there are more than
/// [`MAX_PLANS`] plans, and on an invalid problem.
pub fn brute_force(problem: &PlanningProblem) -> Result<Optimum, Error> {
    problem.validate()?;
    let n = problem.people.len();
    // Alternatives per person: None, Own(j), Join(g).
    let mut alts: Vec<Vec<(Option<usize>, Option<usize>)>> = vec![vec![(None, None)]; n];
    for (i, person) in problem.people.iter().enumerate() {
        alts[i].extend((0..person.options.len()).map(|j| (Some(j), None)));
    }
    for (g, group) in problem.groups.iter().enumerate() {
        for m in &group.members {
            alts[m.person].push((None, Some(g)));
        }
    }
    let mut count: u64 = 1;
    for a in &alts {
        count = count.saturating_mul(a.len() as u64);
    }
    if count > MAX_PLANS {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            Problem::new("people", count.to_string(), format!("{count} plans exceed the limit {MAX_PLANS}")),
        ));
    }
    let mut idx = vec![0usize; n];
    let mut choice = vec![None; n];
    let mut group_of = vec![None; n];
    let mut best: Option<Optimum> = None;
    loop {
        for i in 0..n {
            (choice[i], group_of[i]) = alts[i][idx[i]];
        }
        let eval = evaluate_valid(problem, &choice, &group_of)?;
        if eval.is_feasible() && best.as_ref().is_none_or(|b| eval.value > b.value) {
            best = Some(Optimum { choice: choice.clone(), group_of: group_of.clone(), value: eval.value });
        }
        // Next combination, last person fastest.
        let mut k = n;
        loop {
            if k == 0 {
                // The empty plan is always feasible, so `best` is set.
                return best.ok_or_else(|| {
                    Error::new(ErrorKind::InvalidArgument, Problem::new("", "", "no feasible plan"))
                });
            }
            k -= 1;
            idx[k] += 1;
            if idx[k] < alts[k].len() {
                break;
            }
            idx[k] = 0;
        }
    }
}
