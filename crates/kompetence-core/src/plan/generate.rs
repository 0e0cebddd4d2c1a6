//! Seeded synthetic planning instances, for the benchmarks (and the comparison with an exact
//! MILP solver) and for tests at scale. Same spec and seed, same instance, on every platform.
//!
//! Each person has 3–8 options on a concave-ish frontier (costs grow by random steps, values
//! grow roughly like `cost^0.7` with ±20 % noise, so some options fall below the convex hull).
//! The total budget is a fraction (35 % by default) of the sum of every person's most expensive
//! option; optional unit budgets split people round-robin into units, each budget the same
//! fraction of its unit's sum ± 20 %; optional course sessions (about one per 40 people, 5–15
//! free seats) are used by 60 % of the non-cheapest options, and optional buddies (one per 50
//! people, 1–3 mentees) by 15 %.

use super::problem::{Person, PlanOption, PlanningProblem, Resource, ResourceKind};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceSpec {
    /// Number of people.
    pub people: usize,
    /// Seed of the pseudo-random generator.
    pub seed: u64,
    /// Number of unit budgets (0: only the total budget).
    pub unit_budgets: usize,
    /// Whether options use course session seats.
    pub seats: bool,
    /// Whether options use buddies with mentee limits.
    pub buddies: bool,
    /// Total budget as a fraction of the sum of the most expensive options.
    pub budget_fraction: f64,
}

impl InstanceSpec {
    /// A budget-only instance of `people` people with the default 35 % budget.
    pub fn budget_only(people: usize, seed: u64) -> InstanceSpec {
        InstanceSpec { people, seed, unit_budgets: 0, seats: false, buddies: false, budget_fraction: 0.35 }
    }
}

/// SplitMix64: tiny, seedable, identical everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// Generates the instance described by `spec`.
pub fn random_instance(spec: &InstanceSpec) -> PlanningProblem {
    let mut rng = Rng(spec.seed ^ 0x6b6f_6d70_6574_656e);
    let n = spec.people;
    let units = spec.unit_budgets;
    let sessions = if spec.seats { (n / 40).max(1) } else { 0 };
    let buddies = if spec.buddies { (n / 50).max(1) } else { 0 };
    let mut resources = vec![Resource { capacity: 0.0, kind: ResourceKind::Budget }];
    resources.extend((0..units).map(|_| Resource { capacity: 0.0, kind: ResourceKind::Budget }));
    let first_session = resources.len();
    resources.extend(
        (0..sessions).map(|_| Resource { capacity: rng.range(5, 15) as f64, kind: ResourceKind::Seats }),
    );
    let first_buddy = resources.len();
    resources.extend(
        (0..buddies).map(|_| Resource { capacity: rng.range(1, 3) as f64, kind: ResourceKind::BuddyMentees }),
    );
    let mut max_sum = 0i64;
    let mut unit_sum = vec![0i64; units];
    let mut people = Vec::with_capacity(n);
    for i in 0..n {
        let k = rng.range(3, 8) as usize;
        let scale = 0.5 + rng.unit();
        let mut cost = 0i64;
        let mut options = Vec::with_capacity(k);
        for j in 0..k {
            cost += rng.range(2_000, 15_000) as i64;
            let value = scale * (cost as f64 / 1000.0).powf(0.7) * (0.8 + 0.4 * rng.unit());
            let mut uses = vec![(0, cost as f64)];
            if units > 0 {
                uses.push((1 + i % units, cost as f64));
            }
            if sessions > 0 && j > 0 && rng.unit() < 0.6 {
                uses.push((first_session + rng.range(0, sessions as u64 - 1) as usize, 1.0));
            }
            if buddies > 0 && rng.unit() < 0.15 {
                uses.push((first_buddy + rng.range(0, buddies as u64 - 1) as usize, 1.0));
            }
            options.push(PlanOption { value: (value * 1000.0).round() / 1000.0, cost, uses });
        }
        max_sum += cost;
        if units > 0 {
            unit_sum[i % units] += cost;
        }
        people.push(Person { options });
    }
    resources[0].capacity = (spec.budget_fraction * max_sum as f64).floor();
    for u in 0..units {
        let f = spec.budget_fraction * (0.8 + 0.4 * rng.unit());
        resources[1 + u].capacity = (f * unit_sum[u] as f64).floor();
    }
    PlanningProblem { people, resources, groups: Vec::new() }
}
