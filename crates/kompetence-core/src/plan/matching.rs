//! Buddy matching (D7): assign learners to qualified buddies optimally — as many learners as
//! possible, and among those assignments the cheapest — instead of first come, first served.
//!
//! Independent of the recommender: the input is learners × candidate buddies with costs (rotation
//! and qualification already applied by whoever builds the candidate lists). A buddy takes at most
//! `min(mentee_limit, ⌊hours / hours_per_mentee⌋)` learners: buddy hours are a per-buddy amount
//! per mentee, which keeps the problem a flow problem (with a different number of hours per
//! learner it would be a generalised assignment problem, NP-hard).
//!
//! Method: minimum-cost maximum flow by successive shortest paths (Dijkstra with potentials;
//! costs are non-negative whole kroner, so the result is exact). Source → learner (1) → buddy
//! (1, cost) → sink (slots). Each augmentation adds one matched learner at the least extra cost,
//! so when no augmenting path remains the matching is maximum and, among maximum matchings, of
//! minimum total cost. Complexity O(M · E log V) for M matched learners and E candidate pairs.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::error::{Error, Problem};

/// Largest cost of one pair accepted, so that path costs cannot overflow.
pub const MAX_PAIR_COST: i64 = 1_000_000_000_000;

/// One buddy's capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct BuddyCapacity {
    /// Most learners at a time (policy's max mentees).
    pub mentee_limit: usize,
    /// Hours the buddy has for buddy training in the period; finite, non-negative.
    pub hours: f64,
    /// Hours one mentee takes; finite, non-negative (0: hours do not limit).
    pub hours_per_mentee: f64,
}

impl BuddyCapacity {
    /// How many learners the buddy can take.
    pub fn slots(&self) -> usize {
        if self.hours_per_mentee > 0.0 {
            let by_hours = (self.hours / self.hours_per_mentee + 1e-9).floor();
            self.mentee_limit.min(if by_hours >= usize::MAX as f64 { usize::MAX } else { by_hours as usize })
        } else {
            self.mentee_limit
        }
    }
}

/// A learner's qualified buddies with what each pairing costs (the buddy's hours × wage cost, in
/// whole kroner).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Learner {
    /// `(buddy index, cost)`; the cost is non-negative.
    pub candidates: Vec<(usize, i64)>,
}

/// The optimal assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matching {
    /// Per learner, the buddy assigned.
    pub buddy: Vec<Option<usize>>,
    /// How many learners got a buddy (the maximum possible).
    pub matched: usize,
    /// Total cost of the pairs (the least among maximum matchings).
    pub cost: i64,
    /// Learners left without a buddy, ascending.
    pub unmatched: Vec<usize>,
}

struct Edge {
    to: usize,
    cap: usize,
    cost: i64,
}

/// Assigns buddies: maximum number matched, then minimum total cost. Deterministic. Errors
/// (validation, with field paths) on a buddy index out of range, a negative cost or non-finite
/// or negative hours, a cost outside `0..=`[`MAX_PAIR_COST`].
pub fn match_buddies(learners: &[Learner], buddies: &[BuddyCapacity]) -> Result<Matching, Error> {
    let mut problems = Vec::new();
    for (b, cap) in buddies.iter().enumerate() {
        for (field, v) in [("hours", cap.hours), ("hours_per_mentee", cap.hours_per_mentee)] {
            if !v.is_finite() || v < 0.0 {
                problems.push(Problem::new(
                    format!("buddies[{b}].{field}"),
                    format!("{v}"),
                    "must be finite and non-negative",
                ));
            }
        }
    }
    for (l, learner) in learners.iter().enumerate() {
        for (c, &(b, cost)) in learner.candidates.iter().enumerate() {
            if b >= buddies.len() {
                problems.push(Problem::new(
                    format!("learners[{l}].candidates[{c}][0]"),
                    b.to_string(),
                    format!("buddy {b} does not exist (there are {})", buddies.len()),
                ));
            }
            if !(0..=MAX_PAIR_COST).contains(&cost) {
                problems.push(Problem::new(
                    format!("learners[{l}].candidates[{c}][1]"),
                    cost.to_string(),
                    "cost must be between 0 and 1e12 kroner",
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::validation(problems));
    }
    let (nl, nb) = (learners.len(), buddies.len());
    let (source, sink) = (nl + nb, nl + nb + 1);
    let n = nl + nb + 2;
    let mut edges: Vec<Edge> = Vec::new();
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    let add =
        |edges: &mut Vec<Edge>, adj: &mut Vec<Vec<usize>>, a: usize, b: usize, cap: usize, cost: i64| {
            adj[a].push(edges.len());
            edges.push(Edge { to: b, cap, cost });
            adj[b].push(edges.len());
            edges.push(Edge { to: a, cap: 0, cost: -cost });
        };
    for (l, learner) in learners.iter().enumerate() {
        add(&mut edges, &mut adj, source, l, 1, 0);
        for &(b, cost) in &learner.candidates {
            add(&mut edges, &mut adj, l, nl + b, 1, cost);
        }
    }
    for (b, cap) in buddies.iter().enumerate() {
        let slots = cap.slots().min(nl);
        if slots > 0 {
            add(&mut edges, &mut adj, nl + b, sink, slots, 0);
        }
    }
    // Potentials start at 0: every original cost is non-negative.
    let mut pot = vec![0i64; n];
    let mut matched = 0;
    let mut total = 0i64;
    loop {
        let mut dist = vec![i64::MAX; n];
        let mut via = vec![usize::MAX; n];
        dist[source] = 0;
        let mut heap = BinaryHeap::new();
        heap.push(Reverse((0i64, source)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if d > dist[u] {
                continue;
            }
            for &e in &adj[u] {
                let edge = &edges[e];
                if edge.cap == 0 {
                    continue;
                }
                let nd = d + edge.cost + pot[u] - pot[edge.to];
                if nd < dist[edge.to] {
                    dist[edge.to] = nd;
                    via[edge.to] = e;
                    heap.push(Reverse((nd, edge.to)));
                }
            }
        }
        if dist[sink] == i64::MAX {
            break;
        }
        for v in 0..n {
            if dist[v] != i64::MAX {
                pot[v] += dist[v];
            }
        }
        let mut v = sink;
        while v != source {
            let e = via[v];
            edges[e].cap -= 1;
            edges[e ^ 1].cap += 1;
            total += edges[e].cost;
            v = edges[e ^ 1].to;
        }
        matched += 1;
    }
    let mut buddy = vec![None; nl];
    for (l, slot) in buddy.iter_mut().enumerate() {
        for &e in &adj[l] {
            let edge = &edges[e];
            if e % 2 == 0 && edge.to >= nl && edge.to < nl + nb && edge.cap == 0 {
                *slot = Some(edge.to - nl);
            }
        }
    }
    let unmatched = (0..nl).filter(|&l| buddy[l].is_none()).collect();
    Ok(Matching { buddy, matched, cost: total, unmatched })
}
