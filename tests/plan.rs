//! The organisation planner: plans against brute force on tiny instances, capacities, groups,
//! determinism, order invariance, monotonicity in budgets, and buddy matching.

use kompetence::plan::brute::brute_force;
use kompetence::plan::generate::{InstanceSpec, random_instance};
use kompetence::plan::matching::{BuddyCapacity, Learner, match_buddies};
use kompetence::plan::problem::evaluate;
use kompetence::plan::{
    GroupMember, GroupOffer, Person, PlanOption, PlanningProblem, Resource, ResourceKind, Solution,
    SolveOptions, solve,
};
use kompetence::{Error, ErrorKind};
use proptest::prelude::*;

/// Resources of the tiny instances: 0 total budget, 1–2 unit budgets, 3–4 seats of two
/// sessions, 5 a buddy's mentees.
const TOTAL: usize = 0;
const UNIT: [usize; 2] = [1, 2];
const SEATS: [usize; 2] = [3, 4];
const BUDDY: usize = 5;

type RawOption = (f64, i64, Option<usize>, bool);
/// A raw group offer: fixed cost, minimum, extra above the minimum, (person, value, cost).
type RawGroup = (i64, usize, usize, Vec<(usize, f64, i64)>);

fn tiny() -> impl Strategy<Value = PlanningProblem> {
    let person = prop::collection::vec(
        (0.1f64..10.0, 0i64..100, prop::option::of(0usize..2), prop::bool::weighted(0.2)),
        0..=3,
    );
    let people = prop::collection::vec(person, 1..=5);
    let caps = (0i64..400, 0i64..200, 0i64..200, 0usize..=2, 0usize..=2, 0usize..=2);
    let group = prop::option::of((
        0i64..150,
        1usize..=3,
        0usize..=2,
        prop::collection::vec((0usize..5, 0.1f64..10.0, 0i64..40), 1..=4),
    ));
    (people, caps, group).prop_map(|(people, caps, group)| build(people, caps, group))
}

/// A tiny instance with budgets only (the seats and buddy dropped): the solver's sorted fast
/// path and, with the total budget alone, its exact LP bound.
fn tiny_budgets() -> impl Strategy<Value = PlanningProblem> {
    (tiny(), prop::bool::ANY).prop_map(|(mut p, total_only)| {
        let keep = if total_only { 1 } else { 3 };
        p.resources.truncate(keep);
        for person in &mut p.people {
            for o in &mut person.options {
                o.uses.retain(|u| u.0 < keep);
            }
        }
        for g in &mut p.groups {
            for m in &mut g.members {
                m.uses.retain(|u| u.0 < keep);
            }
        }
        p
    })
}

fn build(
    people: Vec<Vec<RawOption>>,
    (total, u0, u1, s0, s1, buddy): (i64, i64, i64, usize, usize, usize),
    group: Option<RawGroup>,
) -> PlanningProblem {
    let n = people.len();
    let budgets = |i: usize, cost: i64| vec![(TOTAL, cost as f64), (UNIT[i % 2], cost as f64)];
    let people = people
        .into_iter()
        .enumerate()
        .map(|(i, opts)| Person {
            options: opts
                .into_iter()
                .map(|(value, cost, seat, needs_buddy)| {
                    let mut uses = budgets(i, cost);
                    if let Some(s) = seat {
                        uses.push((SEATS[s], 1.0));
                    }
                    if needs_buddy {
                        uses.push((BUDDY, 1.0));
                    }
                    PlanOption { value, cost, uses }
                })
                .collect(),
        })
        .collect();
    let b = |c: i64| Resource { capacity: c as f64, kind: ResourceKind::Budget };
    let s = |c: usize, kind| Resource { capacity: c as f64, kind };
    let resources = vec![
        b(total),
        b(u0),
        b(u1),
        s(s0, ResourceKind::Seats),
        s(s1, ResourceKind::Seats),
        s(buddy, ResourceKind::BuddyMentees),
    ];
    let groups = group
        .map(|(fixed_cost, min, extra, members)| {
            let mut seen = std::collections::BTreeSet::new();
            let members = members
                .into_iter()
                .filter(|m| m.0 < n && seen.insert(m.0))
                .map(|(person, value, cost)| GroupMember { person, value, cost, uses: budgets(person, cost) })
                .collect();
            vec![GroupOffer { fixed_cost, min_participants: min, max_participants: min + extra, members }]
        })
        .unwrap_or_default();
    PlanningProblem { people, resources, groups }
}

fn check_feasible(p: &PlanningProblem, s: &Solution) {
    let eval = evaluate(p, &s.choice, &s.group_of).expect("well-formed plan");
    assert!(eval.is_feasible(), "violations: {:?}", eval.violations);
    assert!((eval.value - s.value).abs() <= 1e-9 * eval.value.max(1.0));
    for (r, res) in p.resources.iter().enumerate() {
        assert!(s.usage[r] <= res.capacity + 1e-9 * res.capacity.max(1.0), "resource {r} over capacity");
    }
    for (g, group) in p.groups.iter().enumerate() {
        let k = s.group_of.iter().filter(|&&x| x == Some(g)).count();
        assert_eq!(s.groups_held[g], k > 0);
        if k > 0 {
            assert!(k >= group.min_participants && k <= group.max_participants);
        }
    }
}

/// The problem with people in reverse order (groups renumbered accordingly).
fn reversed(p: &PlanningProblem) -> PlanningProblem {
    let n = p.people.len();
    let mut q = p.clone();
    q.people.reverse();
    for g in &mut q.groups {
        for m in &mut g.members {
            m.person = n - 1 - m.person;
        }
    }
    q
}

/// `p` with every group's fixed cost rounded down to a multiple of each possible participant
/// count, so that the cost splits evenly whoever joins. The one krone of an uneven split goes to
/// the participants with the lowest person index (documented in `plan::problem`), so reversing
/// the order of people changes an uneven problem; order invariance is a property of even ones.
fn evenly_split(p: &PlanningProblem) -> PlanningProblem {
    fn gcd(a: i64, b: i64) -> i64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let mut q = p.clone();
    for g in &mut q.groups {
        let lcm = (g.min_participants.max(1)..=g.max_participants.max(1))
            .fold(1i64, |l, k| l / gcd(l, k as i64) * k as i64);
        g.fixed_cost -= g.fixed_cost % lcm;
    }
    q
}

fn with_capacity(p: &PlanningProblem, r: usize, capacity: f64) -> PlanningProblem {
    let mut q = p.clone();
    q.resources[r].capacity = capacity;
    q
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn plan_is_feasible_and_within_gap_of_brute_force(p in tiny()) {
        let s = solve(&p, &SolveOptions::default()).unwrap();
        let best = brute_force(&p).unwrap();
        check_feasible(&p, &s);
        prop_assert!(s.bound >= best.value - 1e-9, "bound {} below optimum {}", s.bound, best.value);
        prop_assert!(s.value <= best.value + 1e-9);
        prop_assert!(s.value >= (1.0 - s.gap) * best.value - 1e-9);
        prop_assert!((0.0..=1.0).contains(&s.gap));
        // Deterministic.
        prop_assert_eq!(&solve(&p, &SolveOptions::default()).unwrap(), &s);
    }

    #[test]
    fn budget_only_plans_match_brute_force_bound_and_are_monotone(p in tiny_budgets(), extra in 0i64..150) {
        let s = solve(&p, &SolveOptions::default()).unwrap();
        let best = brute_force(&p).unwrap();
        check_feasible(&p, &s);
        prop_assert!(s.bound >= best.value - 1e-9, "bound {} below optimum {}", s.bound, best.value);
        prop_assert!(s.value >= (1.0 - s.gap) * best.value - 1e-9);
        let even = evenly_split(&p);
        let (e, r) = (solve(&even, &SolveOptions::default()).unwrap(), solve(&reversed(&even), &SolveOptions::default()).unwrap());
        prop_assert!((e.value - r.value).abs() <= 1e-9 * e.value.max(1.0));
        let q = with_capacity(&p, 0, p.resources[0].capacity + extra as f64);
        prop_assert!(solve(&q, &SolveOptions::default()).unwrap().value >= s.value);
    }

    #[test]
    fn order_of_people_does_not_matter(p in tiny()) {
        let p = evenly_split(&p);
        let s = solve(&p, &SolveOptions::default()).unwrap();
        let r = solve(&reversed(&p), &SolveOptions::default()).unwrap();
        let n = p.people.len();
        prop_assert!((s.value - r.value).abs() <= 1e-9 * s.value.max(1.0));
        for i in 0..n {
            prop_assert_eq!(s.choice[i], r.choice[n - 1 - i]);
            prop_assert_eq!(s.group_of[i], r.group_of[n - 1 - i]);
        }
    }

    #[test]
    fn more_budget_never_gives_a_worse_plan(p in tiny(), extra in prop::collection::vec(0i64..150, 1..4), unit in 0usize..3) {
        // unit 0: the total budget; 1, 2: a unit budget.
        let mut q = p.clone();
        let mut last = solve(&q, &SolveOptions::default()).unwrap().value;
        for e in extra {
            let cap = q.resources[unit].capacity + e as f64;
            q = with_capacity(&q, unit, cap);
            let s = solve(&q, &SolveOptions::default()).unwrap();
            check_feasible(&q, &s);
            prop_assert!(s.value >= last - 1e-9, "value fell from {} to {}", last, s.value);
            last = s.value;
        }
    }

    #[test]
    fn matching_is_maximum_then_cheapest(
        cands in prop::collection::vec(prop::collection::vec((0usize..3, 0i64..50), 0..=3), 0..=5),
        limits in prop::collection::vec((0usize..=2, 0.0f64..6.0, 0.0f64..3.0), 3),
    ) {
        let learners: Vec<Learner> = cands.into_iter().map(|candidates| Learner { candidates }).collect();
        let buddies: Vec<BuddyCapacity> = limits
            .into_iter()
            .map(|(mentee_limit, hours, hours_per_mentee)| BuddyCapacity { mentee_limit, hours, hours_per_mentee })
            .collect();
        let m = match_buddies(&learners, &buddies).unwrap();
        // The assignment respects candidate lists and slots, and its cost is what it says.
        let mut load = vec![0usize; buddies.len()];
        let mut cost = 0;
        for (l, b) in m.buddy.iter().enumerate() {
            if let Some(b) = *b {
                let c = learners[l].candidates.iter().filter(|c| c.0 == b).map(|c| c.1).min();
                prop_assert!(c.is_some(), "learner {} got a buddy not on its list", l);
                cost += c.unwrap();
                load[b] += 1;
            }
        }
        for (b, cap) in buddies.iter().enumerate() {
            prop_assert!(load[b] <= cap.slots());
        }
        prop_assert_eq!(m.cost, cost);
        prop_assert_eq!(m.matched, m.buddy.iter().flatten().count());
        prop_assert_eq!(m.unmatched.len(), learners.len() - m.matched);
        // Brute force: most learners matched, then least cost.
        let (bc, bcost) = brute_matching(&learners, &buddies);
        prop_assert_eq!((m.matched, m.cost), (bc, bcost));
    }
}

fn brute_matching(learners: &[Learner], buddies: &[BuddyCapacity]) -> (usize, i64) {
    fn go(
        l: usize,
        learners: &[Learner],
        buddies: &[BuddyCapacity],
        load: &mut Vec<usize>,
        count: usize,
        cost: i64,
        best: &mut (usize, i64),
    ) {
        if l == learners.len() {
            if count > best.0 || (count == best.0 && cost < best.1) {
                *best = (count, cost);
            }
            return;
        }
        go(l + 1, learners, buddies, load, count, cost, best);
        for &(b, c) in &learners[l].candidates {
            if load[b] < buddies[b].slots() {
                load[b] += 1;
                go(l + 1, learners, buddies, load, count + 1, cost + c, best);
                load[b] -= 1;
            }
        }
    }
    let mut best = (0, 0);
    go(0, learners, buddies, &mut vec![0; buddies.len()], 0, 0, &mut best);
    best
}

#[test]
fn group_is_held_when_cheaper_than_separate_courses() {
    // Four people, each with a course at 10 000 kr (value 5); a team course costs 20 000 kr fixed
    // plus nothing per person (value 5 each). Budget 25 000: separate courses fit 2 (value 10),
    // the team course all four (value 20).
    let uses = |c: f64| vec![(0, c)];
    let people = (0..4)
        .map(|_| Person { options: vec![PlanOption { value: 5.0, cost: 10_000, uses: uses(10_000.0) }] })
        .collect();
    let members = (0..4).map(|person| GroupMember { person, value: 5.0, cost: 0, uses: uses(0.0) }).collect();
    let p = PlanningProblem {
        people,
        resources: vec![Resource { capacity: 25_000.0, kind: ResourceKind::Budget }],
        groups: vec![GroupOffer { fixed_cost: 20_000, min_participants: 3, max_participants: 6, members }],
    };
    let s = solve(&p, &SolveOptions::default()).unwrap();
    check_feasible(&p, &s);
    assert_eq!(s.groups_held, vec![true]);
    assert_eq!(s.value, 20.0);
    assert_eq!(s.usage[0], 20_000.0);
    assert_eq!(brute_force(&p).unwrap().value, 20.0);
}

#[test]
fn invalid_problems_are_typed_errors_with_paths() {
    let mut p = random_instance(&InstanceSpec::budget_only(3, 1));
    p.resources[0].capacity = -1.0;
    p.people[1].options[0].value = f64::NAN;
    p.people[2].options[0].uses.push((99, 1.0));
    let err: Error = solve(&p, &SolveOptions::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    let paths: Vec<&str> = err.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["resources[0].capacity", "people[1].options[0].value", "people[2].options[0].uses[1][0]"]
    );
}

#[test]
fn generated_instances_solve_close_to_the_bound_and_monotonically() {
    // Budget only: the greedy stops one increment short of the LP bound.
    let p = random_instance(&InstanceSpec::budget_only(5_000, 7));
    let s = solve(&p, &SolveOptions::default()).unwrap();
    check_feasible(&p, &s);
    assert!(s.gap <= 1e-3, "gap {}", s.gap);
    // With unit budgets, seats and buddies: feasible, bound above value, monotone in budgets.
    let spec =
        InstanceSpec { unit_budgets: 4, seats: true, buddies: true, ..InstanceSpec::budget_only(2_000, 3) };
    let p = random_instance(&spec);
    let s = solve(&p, &SolveOptions::default()).unwrap();
    check_feasible(&p, &s);
    assert!(s.bound >= s.value && s.value > 0.0);
    for r in [0, 1, 3] {
        let mut last = s.value;
        for step in 1..=3 {
            let q = with_capacity(&p, r, p.resources[r].capacity * (1.0 + 0.05 * step as f64));
            let t = solve(&q, &SolveOptions::default()).unwrap();
            check_feasible(&q, &t);
            assert!(t.value >= last, "budget {r}: value fell from {last} to {}", t.value);
            last = t.value;
        }
    }
}
