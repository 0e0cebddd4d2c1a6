//! Organisation-wide planning (D10, D14): choose for every person one learning option or none so
//! that the total expected effect is as large as possible under budgets (total and per unit,
//! laminar), course seats and buddy capacity, with team activities (group offers) that are held
//! only when enough people join; and say how far the answer is from the best possible plan.
//!
//! The planner works on an abstract [`PlanningProblem`] so that it can be built from the
//! recommender's per-person frontiers (or from anything else) and tested on its own:
//!
//! - [`problem`]: the problem, its validation and [`evaluate`](problem::evaluate) (the one place
//!   that computes a plan's value and resource use, shared by the solver, brute force and tests);
//! - [`solve`](mod@solve): the fast solver with an upper bound (Lagrangian relaxation) and the gap;
//! - [`brute`]: exact optimum by enumeration, for tiny instances;
//! - [`matching`]: optimal buddy assignment (maximum matched, then minimum cost);
//! - [`mandatory`]: open mandatory needs funded first (policy `budget.mandatory_first`);
//! - [`deviation`]: why a plan item is not the person's own recommendation;
//! - [`organisation`]: the plan built from the recommender's frontiers, and its report
//!   ([`Engine::plan`](crate::Engine::plan));
//! - [`generate`]: seeded synthetic instances for benchmarks and tests.

pub mod brute;
pub mod deviation;
pub mod generate;
pub mod mandatory;
pub mod matching;
pub mod organisation;
pub mod problem;
pub mod solve;

pub use organisation::{OrganisationPlan, PlanOptions};
pub use problem::{
    GroupMember, GroupOffer, Person, PlanOption, PlanningProblem, Resource, ResourceId, ResourceKind,
};
pub use solve::{Solution, SolveOptions, Timings, solve, solve_timed};
