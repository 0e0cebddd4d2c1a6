//! The organisation planner's solver: a feasible plan, an upper bound on the best possible plan,
//! and the relative gap between them.
//!
//! # Method
//!
//! **Upper bound — Lagrangian relaxation.** Every coupling constraint (each budget, seat, buddy
//! and "other" resource, and each group's maximum size) is moved into the objective with a price
//! `λ_r >= 0`. For fixed prices the problem falls apart into one tiny problem per person — pick
//! the alternative with the best `value − Σ λ_r · use_r`, or nothing — and
//! `L(λ) = Σ_r λ_r · capacity_r + Σ_i max(0, best reduced value of i)` is an upper bound on the
//! optimum for *every* `λ >= 0`. Groups enter the relaxation as ordinary alternatives of their
//! members whose fixed-cost share is relaxed to `⌊F / max_participants⌋` (the true share
//! `⌊F / k⌋` or one more, `k <= max`, is never smaller, so the relaxation only loosens budgets)
//! and whose minimum size is dropped; both keep `L` an upper bound. Alternatives that alone
//! exceed a capacity are pruned (they are in no feasible plan). The starting prices come from the
//! exact LP relaxation of the multiple-choice knapsack on the main budget (the greedy over the
//! increments of each person's upper convex hull, sorted by incremental efficiency: the price is
//! the efficiency of the critical increment), so with a single budget the bound *is* the LP bound.
//! With further constraints the prices are improved by projected subgradient steps with Polyak's
//! step length on constraints scaled by their capacities; the smallest `L` seen is the bound.
//!
//! **Feasible plan — budget-independent greedy passes, best of them.** In a pass all people start
//! with nothing. Events are processed from a priority queue in decreasing *efficiency* (extra
//! value per extra unit of weight; ties by person index, then option index): an event moves one
//! person to the next vertex of the upper convex hull of their still-available options above
//! their current choice, or holds a group offer with its best-gaining members. The weight of an
//! option is its use of the main budget plus a pseudo-charge `κ · m · Σ use_r / capacity_r` over
//! its non-budget resources (seats, buddies), `m` the mean main-budget use of an option; the
//! solver runs one pass for each `κ` in {0, 0.25, 1} (only κ = 0 when there are no
//! non-budget resources) and keeps the best plan (first on ties). The charge makes scarce seats
//! go first to the people for whom they are worth the most.
//!
//! More pass families, all budget-independent orders too:
//!
//! - **Priced** (when there are non-budget resources): instead of the uniform charge, each seat,
//!   buddy or other resource `r` carries its own market-clearing price `π_r / λ` kroner per unit,
//!   computed for nine budget prices `λ` read off the people's demand curve (not off any budget
//!   capacity; see `clearing_prices`). The pass whose `λ` is nearest the true budget price is
//!   essentially the Lagrangian heuristic; these passes cut the gap with seats and buddy limits
//!   on the benchmark instances from about 0.55 % to about 0.15 %.
//! - **Interleaved** (when there is more than one budget, κ ∈ {0, 0.25, 1}): people are grouped
//!   by the set of budgets their options use (e.g. "total + Ældre og Sundhed"), and an event of
//!   efficiency `e` in group `G` is ordered by `F_G(e)`, the share of `G`'s whole demand (hull
//!   increments of its people, by weight) at efficiency `e` or better. Every unit then works
//!   through its own best increments at the same relative pace, so a tight unit budget is hit
//!   when the other units have had their share too, not while they have barely started
//!   (the cause of large gaps with tight unit budgets in the efficiency order).
//! - **Unit charges** (when there are 1–10 budgets besides the main one): for each unit budget
//!   three passes that charge its spend ρ ∈ {0.25, 0.5, 1} extra kroner per krone, so that
//!   unit's people advance more slowly and a tight unit stops the pass later.
//! - **Without team activities** (when there are group offers): every pass above again with the
//!   group offers left out, because a large group that does not fit stops a pass that could
//!   have bought separate paths.
//!
//! In every pass, before an event is applied it is checked against every capacity:
//!
//! - if it would exceed a **non-budget** capacity (seats, buddy mentees or hours, other), the
//!   option is marked unavailable for that person (the group offer is dropped) and the person's
//!   next hull step is queued instead — a repair step that routes the person to another session,
//!   buddy or form. When a later step releases some of that resource (someone moves on to
//!   another session or joins a team activity), the blocked options waiting on it become
//!   available again and their people's next steps are re-queued, so freed seats are not lost;
//! - if it would exceed a **budget**, the pass **stops**: the plan is what was taken so far.
//!
//! Every capacity is checked before every step, so the plan never exceeds any capacity
//! (re-checked by [`evaluate`](super::problem::evaluate) in debug builds and in the tests).
//!
//! # Why more budget never gives a worse plan
//!
//! In a pass, the order of events and every decision before the stop depend only on the values,
//! the options' use of resources and the *non-budget* capacities — never on a budget's capacity
//! (the main budget is the budget resource used by the most alternatives, `m` is a mean of
//! uses, an interleaved pass's groups and demand curves `F_G` are built from values and weights,
//! and which pass families run depends on the number of budgets and group offers, not on their
//! capacities: none of these depends on capacities). Budgets are consulted only to decide *when to stop*.
//! Raise any budget, all else equal, and a pass makes exactly the same decisions up to its old
//! stopping point and then possibly continues; every applied event strictly increases the value.
//! So each pass's value is non-decreasing in every budget, and so is the best of the passes (a
//! maximum of non-decreasing functions). Improvement steps that would read the remaining
//! budget (skip an event that does not fit and continue with cheaper ones) are deliberately
//! *not* done, because they break this argument (a larger unit budget can let an early event in
//! that later blocks a better one through the total budget). The price of this guarantee shows
//! when one unit budget is much tighter than the rest: a pass stops when the first budget
//! fills, and the reported gap says so.
//!
//! Releasing and re-queuing depends only on non-budget use, so it keeps the argument below.
//!
//! With budgets only and no team activity in the pass, nothing is ever blocked, so every
//! person's hull steps are known in advance and the heap's order is one global sort of them
//! (`Greedy::run_sorted`, the same events in the same order, several times faster); with the
//! total budget as the only resource that sorted list is also the LP greedy of the
//! multiple-choice knapsack, and the bound is the LP optimum read off it directly. Only the
//! part of the list up to the stop is built and sorted in the common case
//! (`Greedy::first_batch`: an exact split by key, so the order is the same whatever the split).
//!
//! The other passes (seats, buddies, team activities) start from the same presorted lists and
//! merge them with the heap: a person's listed steps stand for the heap's events until one of
//! their options is blocked, after which their steps go through the heap (`Greedy::run`). The
//! events and their order are exactly the heap's, so the plans are too.
//!
//! # Complexity
//!
//! A pass is O(A log A) for A alternatives in total (at most 90 passes: 3 uniform + 9 priced +
//! 3 interleaved + 30 unit charges, doubled without team activities; the passes run in
//! parallel and the best is chosen by value, ties by pass index, as a sequential loop would;
//! each person's hull steps are found in O(options) each, and a released resource re-queues each waiting option once per release);
//! the prices cost about 50 sweeps over the alternatives (people in parallel, then every
//! resource's clearing in parallel; people and resources whose inputs did not change are
//! skipped, and a clearing sorts only up to its crossing); a bound iteration is O(total uses) (people in parallel,
//! sums in person order). Every parallel part gives bit for bit the sequential result.
//! All are linear in memory.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::time::Instant;

use rayon::prelude::*;

use super::problem::{
    PlanningProblem, ResourceKind, evaluate_valid, fixed_cost_shares, option_ok, tolerance,
};
use crate::error::Error;

/// Knobs of [`solve`].
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Most subgradient iterations for the bound (each costs one pass over all alternatives).
    pub max_iterations: usize,
    /// Stop improving the bound once the relative gap is at most this.
    pub gap_tolerance: f64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions { max_iterations: 100, gap_tolerance: 1e-5 }
    }
}

/// A plan with its quality certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Per person, the chosen individual option (`None`: none, or a group — see `group_of`).
    pub choice: Vec<Option<usize>>,
    /// Per person, the group offer they join.
    pub group_of: Vec<Option<usize>>,
    /// Per group offer, whether it is held.
    pub groups_held: Vec<bool>,
    /// Total expected effect of the plan.
    pub value: f64,
    /// Total net cost of the plan in kroner.
    pub cost: i64,
    /// Use of every resource by the plan (never above its capacity).
    pub usage: Vec<f64>,
    /// Upper bound on the value of the best possible plan.
    pub bound: f64,
    /// Relative gap `(bound − value) / bound`, 0 when the bound is 0.
    pub gap: f64,
    /// Subgradient iterations spent on the bound.
    pub iterations: usize,
    /// The budget whose exhaustion ended the greedy pass, if one did.
    pub stopped_by: Option<usize>,
}

/// Flattened alternatives of the relaxation: own options and group joins, per person.
///
/// An alternative's first [`HEAD`] uses are stored inline, padded with the resource `pad` (one
/// past the last; its multiplier is always 0) and amount 0: the bound's inner loop then has a
/// fixed trip count instead of one that varies from alternative to alternative (whose
/// mispredicted exits cost more than the arithmetic). Subtracting `0 × 0` leaves a value
/// unchanged to the bit, so the padding does not change the bound.
struct Relaxed {
    /// Person `i`'s alternatives are `start[i]..start[i + 1]`.
    start: Vec<usize>,
    value: Vec<f64>,
    /// The index of the padding resource (the number of constraints).
    pad: u32,
    /// Alternative `k`'s first uses, amounts divided by the capacity.
    head_res: Vec<[u32; HEAD]>,
    head_amt: Vec<[f64; HEAD]>,
    /// Alternative `k`'s further uses are `tail_start[k]..tail_start[k + 1]` in `tail_res` /
    /// `tail_amt` (rare: most alternatives use a budget and at most one seat or buddy).
    tail_start: Vec<usize>,
    tail_res: Vec<u32>,
    tail_amt: Vec<f64>,
}

/// Uses stored inline per alternative of the relaxation.
const HEAD: usize = 2;

impl Relaxed {
    /// Alternative `k`'s uses `(constraint, scaled amount)` in their original order.
    fn uses(&self, k: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let head = self.head_res[k].iter().zip(&self.head_amt[k]).take_while(|(r, _)| **r != self.pad);
        let tail = self.tail_start[k]..self.tail_start[k + 1];
        head.chain(self.tail_res[tail.clone()].iter().zip(&self.tail_amt[tail]))
            .map(|(&r, &a)| (r as usize, a))
    }
}

/// True when no single amount exceeds its capacity (else the alternative is in no feasible plan).
fn usable(amounts: &[(usize, f64)], caps: &[f64]) -> bool {
    amounts.iter().all(|&(r, a)| a <= caps[r] + tolerance(caps[r]))
}

/// Adds `(r, a)` into a small sparse vector, merging equal resources.
fn add_sparse(v: &mut Vec<(usize, f64)>, r: usize, a: f64) {
    if let Some(e) = v.iter_mut().find(|e| e.0 == r) {
        e.1 += a;
    } else {
        v.push((r, a));
    }
}

fn build_relaxed(p: &PlanningProblem) -> (Relaxed, Vec<f64>) {
    let n_res = p.resources.len();
    let mut caps: Vec<f64> = p.resources.iter().map(|r| r.capacity).collect();
    caps.extend(p.groups.iter().map(|g| g.max_participants as f64));
    let mut joins: Vec<Vec<(usize, usize)>> = vec![Vec::new(); p.people.len()];
    for (g, group) in p.groups.iter().enumerate() {
        for (m, member) in group.members.iter().enumerate() {
            joins[member.person].push((g, m));
        }
    }
    let pad = caps.len() as u32;
    let mut rx = Relaxed {
        start: Vec::with_capacity(p.people.len() + 1),
        value: Vec::new(),
        pad,
        head_res: Vec::new(),
        head_amt: Vec::new(),
        tail_start: vec![0],
        tail_res: Vec::new(),
        tail_amt: Vec::new(),
    };
    let mut scratch = Vec::new();
    let push = |rx: &mut Relaxed, value: f64, uses: &[(usize, f64)]| {
        if value <= 0.0 || !usable(uses, &caps) {
            return;
        }
        rx.value.push(value);
        let (mut res, mut amt) = ([pad; HEAD], [0.0; HEAD]);
        let mut n = 0;
        for &(r, a) in uses {
            // An amount within the tolerance of a zero capacity is dropped: only a relaxation.
            if a > 0.0 && caps[r] > 0.0 {
                if n < HEAD {
                    (res[n], amt[n]) = (r as u32, a / caps[r]);
                } else {
                    rx.tail_res.push(r as u32);
                    rx.tail_amt.push(a / caps[r]);
                }
                n += 1;
            }
        }
        rx.head_res.push(res);
        rx.head_amt.push(amt);
        rx.tail_start.push(rx.tail_res.len());
    };
    for (i, person) in p.people.iter().enumerate() {
        rx.start.push(rx.value.len());
        for o in &person.options {
            scratch.clear();
            for &(r, a) in &o.uses {
                add_sparse(&mut scratch, r, a);
            }
            push(&mut rx, o.value, &scratch);
        }
        for &(g, m) in &joins[i] {
            let group = &p.groups[g];
            let member = &group.members[m];
            let share = (group.fixed_cost / group.max_participants.max(1) as i64) as f64;
            scratch.clear();
            for &(r, a) in &member.uses {
                add_sparse(&mut scratch, r, a);
                if p.is_budget(r) {
                    add_sparse(&mut scratch, r, share);
                }
            }
            scratch.push((n_res + g, 1.0));
            push(&mut rx, member.value, &scratch);
        }
    }
    rx.start.push(rx.value.len());
    (rx, caps)
}

/// The budget resource used by the most alternatives (ties: lowest index) — independent of all
/// capacities, so the greedy order built on it is too.
fn main_budget(p: &PlanningProblem) -> Option<usize> {
    // One budget: it is the main one whatever the counts (no pass over the options needed).
    let mut budgets = (0..p.resources.len()).filter(|&r| p.is_budget(r));
    if let (Some(only), None) = (budgets.next(), budgets.next()) {
        return Some(only);
    }
    let mut count = vec![0usize; p.resources.len()];
    let options = p.people.iter().flat_map(|q| q.options.iter().map(|o| &o.uses));
    let members = p.groups.iter().flat_map(|g| g.members.iter().map(|m| &m.uses));
    for uses in options.chain(members) {
        for &(r, a) in uses {
            if a > 0.0 && p.is_budget(r) {
                count[r] += 1;
            }
        }
    }
    let mut best: Option<usize> = None;
    for r in 0..p.resources.len() {
        if p.is_budget(r) && best.is_none_or(|b| count[r] > count[b]) {
            best = Some(r);
        }
    }
    best
}

/// `L(μ)` with scaled prices `μ_r = λ_r · capacity_r`; writes the relaxed plan's scaled use.
///
/// Every person's best alternative is found in parallel (into `best`, reused between calls),
/// then the sums are taken sequentially in person order: the same additions in the same order
/// as one sequential loop, so the same bound to the last bit whatever the thread count.
fn lagrangian(rx: &Relaxed, mu: &[f64], used: &mut [f64], best: &mut Vec<(f64, usize)>) -> f64 {
    debug_assert!(mu.len() == rx.pad as usize + 1 && mu[rx.pad as usize] == 0.0);
    debug_assert!(used.len() == mu.len());
    used.iter_mut().for_each(|u| *u = 0.0);
    let mut total: f64 = mu.iter().sum();
    best.resize(rx.start.len() - 1, (0.0, usize::MAX));
    // Slices instead of indices: the same operations in the same order, without a bounds check
    // per alternative (this loop runs up to 100 times per solve).
    best.par_iter_mut().enumerate().with_min_len(4096).for_each(|(i, slot)| {
        let (mut b, mut best_k) = (0.0, usize::MAX);
        let alternatives = rx.start[i]..rx.start[i + 1];
        let tails = &rx.tail_start[alternatives.start..=alternatives.end];
        let heads = rx.head_res[alternatives.clone()].iter().zip(&rx.head_amt[alternatives.clone()]);
        for (((k, &value), (res, amt)), t) in
            alternatives.clone().zip(&rx.value[alternatives]).zip(heads).zip(tails.windows(2))
        {
            let mut rv = value;
            for (&r, &a) in res.iter().zip(amt) {
                rv -= mu[r as usize] * a;
            }
            if t[0] != t[1] {
                for (&r, &a) in rx.tail_res[t[0]..t[1]].iter().zip(&rx.tail_amt[t[0]..t[1]]) {
                    rv -= mu[r as usize] * a;
                }
            }
            if rv > b {
                b = rv;
                best_k = k;
            }
        }
        *slot = (b, best_k);
    });
    for &(b, best_k) in best.iter() {
        if best_k != usize::MAX {
            total += b;
            // The padding adds 0 to `used[pad]`: cheaper than testing for it.
            for (&r, &a) in rx.head_res[best_k].iter().zip(&rx.head_amt[best_k]) {
                used[r as usize] += a;
            }
            let tail = rx.tail_start[best_k]..rx.tail_start[best_k + 1];
            for (&r, &a) in rx.tail_res[tail.clone()].iter().zip(&rx.tail_amt[tail]) {
                used[r as usize] += a;
            }
        }
    }
    total
}

/// Exact LP price of the single constraint `r` (scaled): the efficiency of the critical hull
/// increment, 0 when everything fits.
fn lp_price(rx: &Relaxed, r: usize) -> f64 {
    let mut incs: Vec<(f64, f64)> = Vec::new(); // (efficiency, weight)
    let mut pts: Vec<(f64, f64)> = Vec::new();
    for i in 0..rx.start.len() - 1 {
        pts.clear();
        for k in rx.start[i]..rx.start[i + 1] {
            let mut w = 0.0;
            for (q, a) in rx.uses(k) {
                if q == r {
                    w += a;
                }
            }
            pts.push((w, rx.value[k]));
        }
        hull_increments(&pts, |eff, dw| incs.push((eff, dw)));
    }
    incs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut used = 0.0;
    for &(eff, w) in &incs {
        used += w;
        if used > 1.0 {
            return if eff.is_finite() { eff } else { 0.0 };
        }
    }
    0.0
}

/// The increments (efficiency, extra weight) of the upper concave hull of `(weight, value)`
/// points starting at the origin (choosing nothing).
fn hull_increments(pts: &[(f64, f64)], mut out: impl FnMut(f64, f64)) {
    let (mut cw, mut cv) = (0.0f64, 0.0f64);
    loop {
        let mut best: Option<(f64, f64, f64)> = None; // (eff, w, v)
        for &(w, v) in pts {
            if v <= cv {
                continue;
            }
            let eff = if w <= cw { f64::INFINITY } else { (v - cv) / (w - cw) };
            let better = match best {
                None => true,
                Some((be, _, bv)) => eff > be || (eff == be && v > bv),
            };
            if better {
                best = Some((eff, w, v));
            }
        }
        let Some((eff, w, v)) = best else { return };
        out(eff, (w - cw).max(0.0));
        cw = cw.max(w);
        cv = v;
    }
}

/// An event of the greedy pass, ordered by efficiency (higher first), then person and option
/// index (lower first).
#[derive(Debug, Clone, Copy)]
struct Event {
    eff: f64,
    gain: f64,
    person: usize,
    /// Option index, or `usize::MAX - g` for group offer `g`.
    target: usize,
    /// The person's queue stamp when the event was pushed; an event whose stamp is no longer
    /// the person's is stale (a newer step was queued) and is skipped. Not part of the order.
    stamp: u32,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    fn cmp(&self, other: &Self) -> Ordering {
        self.eff
            .total_cmp(&other.eff)
            .then(self.gain.total_cmp(&other.gain))
            .then(other.person.cmp(&self.person))
            .then(other.target.cmp(&self.target))
    }
}

/// A queued event as the heap stores it: 32 bytes instead of 40, and an integer first key, so
/// the heap's sift compares one machine word and touches less memory. Ordered exactly like
/// [`Event`] (efficiency, gain, then lower person and target first); groups are targets
/// `u32::MAX - g`, above every option index (checked by [`check_sizes`]).
#[derive(Debug, Clone, Copy)]
struct Queued {
    /// `!`[`descending_key`]: ascending in the efficiency.
    key: u64,
    gain: f64,
    person: u32,
    target: u32,
    stamp: u32,
}

impl Queued {
    fn of(e: &Event, group_count: usize) -> Queued {
        let target = if e.target >= usize::MAX - group_count {
            u32::MAX - (usize::MAX - e.target) as u32
        } else {
            e.target as u32
        };
        Queued { key: !descending_key(e.eff), gain: e.gain, person: e.person as u32, target, stamp: e.stamp }
    }
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key
            .cmp(&other.key)
            .then(self.gain.total_cmp(&other.gain))
            .then(other.person.cmp(&self.person))
            .then(other.target.cmp(&self.target))
    }
}

/// Errors when a person, option or group index would not fit the 32-bit fields of [`Queued`]
/// and [`Step`] (far beyond any memory, but nothing may panic or wrap silently).
fn check_sizes(p: &PlanningProblem) -> Result<(), Error> {
    let limit = (u32::MAX / 2) as usize;
    let too_many =
        p.people.len() > limit || p.groups.len() > limit || p.people.iter().any(|q| q.options.len() > limit);
    if too_many {
        return Err(Error::new(
            crate::ErrorKind::InvalidArgument,
            crate::Problem::new("people", p.people.len().to_string(), "too many people, options or groups"),
        ));
    }
    Ok(())
}

/// The options' values and uses in flat arrays, built once and shared by every heap pass (one
/// indirection instead of three per option looked at).
struct Flat {
    /// Person `i`'s options are `opt_start[i]..opt_start[i + 1]`.
    opt_start: Vec<usize>,
    value: Vec<f64>,
    /// Option `k`'s uses are `uses[use_start[k]..use_start[k + 1]]`.
    use_start: Vec<usize>,
    uses: Vec<(usize, f64)>,
}

impl Flat {
    fn new(p: &PlanningProblem) -> Flat {
        let total: usize = p.people.iter().map(|q| q.options.len()).sum();
        let mut f = Flat {
            opt_start: Vec::with_capacity(p.people.len() + 1),
            value: Vec::with_capacity(total),
            use_start: Vec::with_capacity(total + 1),
            uses: Vec::with_capacity(total * 2),
        };
        f.use_start.push(0);
        for q in &p.people {
            f.opt_start.push(f.value.len());
            for o in &q.options {
                f.value.push(o.value);
                f.uses.extend_from_slice(&o.uses);
                f.use_start.push(f.uses.len());
            }
        }
        f.opt_start.push(f.value.len());
        f
    }

    fn uses(&self, k: usize) -> &[(usize, f64)] {
        &self.uses[self.use_start[k]..self.use_start[k + 1]]
    }
}

/// A hull step of the sorted path: 24 bytes plus the key, sorted by `key` (descending
/// efficiency) first.
#[derive(Debug, Clone, Copy)]
struct Step {
    /// [`descending_key`] of the step's efficiency.
    key: u64,
    gain: f64,
    /// Extra main-budget weight of the step (the whole extra use when it is the only resource).
    dw: f64,
    person: u32,
    target: u32,
}

/// An integer that orders like `eff` under `total_cmp`, reversed: ascending keys are
/// descending efficiencies, so the sort compares one machine word first.
fn descending_key(eff: f64) -> u64 {
    let bits = eff.to_bits() as i64;
    let ordered = bits ^ (((bits >> 63) as u64) >> 1) as i64;
    !((ordered as u64) ^ (1u64 << 63))
}

/// People per parallel work item when building hull steps (fixed, so the steps do not depend
/// on the thread count).
const HULL_CHUNK: usize = 4096;

/// The event order of [`Step`]s: ascending key (descending efficiency), then higher gain, then
/// lower person and option index — the order of [`Event`], so of the heap. A total order (no
/// two steps share person and option).
fn step_order(a: &Step, b: &Step) -> Ordering {
    a.key
        .cmp(&b.key)
        .then_with(|| b.gain.total_cmp(&a.gain))
        .then(a.person.cmp(&b.person))
        .then(a.target.cmp(&b.target))
}

/// Appends person `i`'s hull steps, from nothing up, whose keys are at least `from` and below
/// `below` (if given): each step moves to the option with the best event (efficiency over the
/// current choice, then gain, then lower option index) among those worth more than the current
/// one — what [`Greedy::push_next`] picks step by step. A person's keys never fall along the
/// hull (each step is after the one before in the event order, whose first criterion is the
/// key), so the walk stops at the first key at or above `below`.
fn hull_of(i: u32, values: &[f64], weights: &[f64], from: u64, below: Option<u64>, steps: &mut Vec<Step>) {
    let (mut cw, mut cv) = (0.0, 0.0);
    loop {
        let mut best: Option<Event> = None;
        for (j, (&value, &w)) in values.iter().zip(weights).enumerate() {
            if value <= cv {
                continue;
            }
            let gain = value - cv;
            let eff = if w <= cw { f64::INFINITY } else { gain / (w - cw) };
            let e = Event { eff, gain, person: i as usize, target: j, stamp: 0 };
            if best.is_none_or(|b| e > b) {
                best = Some(e);
            }
        }
        let Some(e) = best else { break };
        let key = descending_key(e.eff);
        if below.is_some_and(|b| key >= b) {
            break;
        }
        if key >= from {
            steps.push(Step {
                key,
                gain: e.gain,
                dw: weights[e.target] - cw,
                person: i,
                target: e.target as u32,
            });
        }
        (cw, cv) = (weights[e.target], values[e.target]);
    }
}

/// True when listed step `s` comes before queued event `q` in the event order (the heap pops
/// the greatest [`Queued`], whose key is the complement of a step's key). Never equal: a
/// queued step is of a person no longer listed, and group offers have targets no step has.
fn step_before_queued(s: &Step, q: &Queued) -> bool {
    s.key
        .cmp(&!q.key)
        .then_with(|| q.gain.total_cmp(&s.gain))
        .then(s.person.cmp(&q.person))
        .then(s.target.cmp(&q.target))
        == Ordering::Less
}

/// Every how many people one is sampled to estimate the split key (see [`Greedy::first_batch`]).
const SAMPLE_STRIDE: usize = 64;

/// The key below which the sampled steps' weight first exceeds 1.25 × `limit` (the sample is
/// every `stride`-th person), plus a margin of a few samples; `None` when the sample never gets
/// there (then everything is sorted at once).
fn split_key(sample: Vec<Vec<Step>>, limit: f64, stride: usize) -> Option<u64> {
    let mut sample: Vec<(u64, f64)> = sample.into_iter().flatten().map(|s| (s.key, s.dw)).collect();
    sample.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let target = 1.25 * limit / stride as f64;
    let mut sum = 0.0;
    let crossing = sample.iter().position(|s| {
        sum += s.1.max(0.0);
        sum > target
    })?;
    sample.get(crossing + 8).map(|s| s.0)
}

/// State of the greedy pass.
struct Greedy<'a> {
    p: &'a PlanningProblem,
    caps: Vec<f64>,
    budget: Vec<bool>,
    main: Option<usize>,
    /// Per resource, the pseudo-cost in kroner charged per unit of non-budget use (seats,
    /// buddies) when ordering events; all 0 orders by value per krone alone. Never read for
    /// budget resources.
    price: &'a [f64],
    usage: Vec<f64>,
    choice: Vec<Option<usize>>,
    group_of: Vec<Option<usize>>,
    /// The options in flat arrays (empty on the sorted path until it needs them).
    f: &'a Flat,
    /// `blocked[f.opt_start[i] + j]`: option j of person i is no longer available.
    blocked: Vec<bool>,
    /// `w[f.opt_start[i] + j]`: the ordering weight of option j of person i (see
    /// [`Greedy::weight`]), computed once per pass instead of at every step.
    w: Vec<f64>,
    heap: BinaryHeap<Queued>,
    /// Per person, the stamp of their newest queued step (older events are stale).
    stamp: Vec<u32>,
    /// Per non-budget resource, the (person, option) pairs blocked because it was full; they
    /// become available again when someone releases some of it.
    waiting: Vec<Vec<(usize, usize)>>,
    /// People whose blocked options became available again, to re-queue.
    woken: Vec<usize>,
    /// Set by [`Greedy::run_sorted`] with a single resource: the LP relaxation's optimum.
    lp_bound: Option<f64>,
    delta: Vec<(usize, f64)>,
    /// Set for an interleaved pass: events are ordered by their budget group's progress.
    progress: Option<Progress>,
    /// The current batch of presorted hull steps of a heap pass (not interleaved), merged with
    /// the heap by [`Greedy::run`] (empty: every event goes through the heap), and the
    /// position of its next step.
    batch: Vec<Step>,
    pos: usize,
    /// The key from which the hull steps are not yet in a batch (see [`Greedy::first_batch`]).
    rest_from: Option<u64>,
    /// Per person (when `listed` is set): one of their options was blocked, so their steps go
    /// through the heap from then on and their listed steps are skipped.
    off_list: Vec<bool>,
    /// The options are not validated yet: the hull walk checks each one as it reads it (see
    /// [`defers_option_checks`]) and sets `invalid` when one is wrong.
    unchecked: bool,
    invalid: AtomicBool,
}

/// The order of an interleaved pass. People are grouped by the set of budgets their options use
/// (their "budget signature": the total budget and their units' budgets). Within a group the
/// order is by efficiency as usual; across groups an event of efficiency `e` in group `G` comes
/// at `F_G(e)`: the share of `G`'s whole demand (the weights of every hull increment of its
/// people) that lies at efficiency `e` or better. So every group advances through its own best
/// increments at the same relative pace, and one tight unit budget is not hit while the other
/// units have barely started. `F_G` is built from values, uses and non-budget capacities only.
struct Progress {
    /// Per person: their budget group.
    group: Vec<usize>,
    /// Per group: (efficiency, cumulative share of the group's demand), efficiency descending.
    curve: Vec<Vec<(f64, f64)>>,
}

impl Progress {
    /// The ordering key of an event of efficiency `eff` in group `g`: higher pops first, so the
    /// negated share of demand at least as efficient.
    fn key(&self, g: usize, eff: f64) -> f64 {
        let curve = &self.curve[g];
        // Number of increments with efficiency >= eff.
        let k = curve.partition_point(|&(e, _)| e >= eff);
        let share = if k == 0 { 0.0 } else { curve[k - 1].1 };
        -share
    }
}

enum Check {
    Fits,
    NonBudget(usize),
    Budget(usize),
}

impl Greedy<'_> {
    fn weight(&self, uses: &[(usize, f64)]) -> f64 {
        let mut w = 0.0;
        for &(r, a) in uses {
            if Some(r) == self.main {
                w += a;
            } else if a > 0.0 {
                // Non-budget resources carry their pseudo-cost; a unit budget carries one only
                // in the unit-charge passes (0 in every other price vector).
                w += self.price[r] * a;
            }
        }
        w
    }

    fn current(&self, i: usize) -> (f64, f64) {
        match self.choice[i] {
            Some(j) => (self.w[self.f.opt_start[i] + j], self.f.value[self.f.opt_start[i] + j]),
            None => (0.0, 0.0),
        }
    }

    /// Queues person `i`'s next step on the upper hull of their available options.
    fn push_next(&mut self, i: usize) {
        if self.group_of[i].is_some() {
            return;
        }
        let (cw, cv) = self.current(i);
        let mut best: Option<Event> = None;
        let start = self.f.opt_start[i];
        for (j, &value) in self.f.value[start..self.f.opt_start[i + 1]].iter().enumerate() {
            if self.blocked[start + j] || value <= cv {
                continue;
            }
            let w = self.w[start + j];
            let gain = value - cv;
            let eff = if w <= cw { f64::INFINITY } else { gain / (w - cw) };
            let e = Event { eff, gain, person: i, target: j, stamp: 0 };
            if best.is_none_or(|b| e > b) {
                best = Some(e);
            }
        }
        if let Some(mut e) = best {
            if let Some(p) = &self.progress {
                e.eff = p.key(p.group[i], e.eff);
            }
            self.stamp[i] = self.stamp[i].wrapping_add(1);
            e.stamp = self.stamp[i];
            self.heap.push(Queued::of(&e, self.p.groups.len()));
        }
    }

    fn check(&self) -> Check {
        let mut over_budget = None;
        for &(r, d) in &self.delta {
            if d > 0.0 && self.usage[r] + d > self.caps[r] + tolerance(self.caps[r]) {
                if !self.budget[r] {
                    return Check::NonBudget(r);
                }
                over_budget.get_or_insert(r);
            }
        }
        over_budget.map_or(Check::Fits, Check::Budget)
    }

    fn remove_current(&mut self, i: usize) {
        if let Some(j) = self.choice[i] {
            let f = self.f;
            for &(r, a) in f.uses(f.opt_start[i] + j) {
                add_sparse(&mut self.delta, r, -a);
            }
        }
    }

    /// Applies `delta`; options blocked on a non-budget resource that the move releases become
    /// available again (their people are collected in `woken`). The decision depends only on
    /// non-budget use, so the pass stays budget-independent.
    fn apply(&mut self) {
        for &(r, d) in &self.delta {
            self.usage[r] += d;
            if d < 0.0 && !self.budget[r] && !self.waiting[r].is_empty() {
                for (i, j) in std::mem::take(&mut self.waiting[r]) {
                    self.blocked[self.f.opt_start[i] + j] = false;
                    self.woken.push(i);
                }
            }
        }
    }

    /// Re-queues the next step of everyone in `woken`.
    fn wake_up(&mut self) {
        while let Some(i) = self.woken.pop() {
            self.push_next(i);
        }
    }

    /// The next step of the presorted list (see [`Greedy::run`]) that is still a person's next
    /// step: not of a person who left the list (`off_list`) or joined a group. Loads the next
    /// batch when one is used up; `None` when the list is done (or there is none).
    fn next_listed(&mut self) -> Option<Step> {
        loop {
            while let Some(&s) = self.batch.get(self.pos) {
                let i = s.person as usize;
                if !self.off_list[i] && self.group_of[i].is_none() {
                    return Some(s);
                }
                self.pos += 1;
            }
            let from = self.rest_from.take()?;
            self.batch = self.sorted_steps(from, None);
            self.pos = 0;
        }
    }

    /// Runs the pass; returns the budget that stopped it, if any.
    ///
    /// Events come from two sources, merged by the event order: the presorted hull steps of
    /// every person (in [`Greedy::batch`]) and the heap. A person's hull steps are
    /// fixed as long as none of their options is blocked, and each is strictly after the one
    /// before in the event order, so while a person is on the list their next listed step is
    /// exactly the event the heap would hold for them, and their later steps never come first.
    /// When one of their options is blocked they leave the list for good (`off_list`) and
    /// their steps go through the heap from then on, as before. So the events processed, and
    /// their order, are exactly those of the heap alone, which pops far fewer events from a
    /// far smaller heap (a pop's sift touches memory all over the heap).
    fn run(&mut self) -> Option<usize> {
        loop {
            let listed = self.next_listed();
            let from_list = match (&listed, self.heap.peek()) {
                (None, None) => return None,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some(s), Some(q)) => step_before_queued(s, q),
            };
            self.delta.clear();
            let (i, j) = if let (true, Some(s)) = (from_list, listed) {
                self.pos += 1;
                (s.person as usize, s.target as usize)
            } else {
                let e = self.heap.pop()?;
                let i = e.person as usize;
                if e.target as usize > u32::MAX as usize - self.p.groups.len() {
                    let g = (u32::MAX - e.target) as usize;
                    match self.try_group(g) {
                        Ok(()) => {}
                        Err(Some(r)) => return Some(r),
                        Err(None) => {}
                    }
                    continue;
                }
                if self.group_of[i].is_some() || e.stamp != self.stamp[i] {
                    continue;
                }
                (i, e.target as usize)
            };
            self.remove_current(i);
            let f = self.f;
            for &(r, a) in f.uses(f.opt_start[i] + j) {
                add_sparse(&mut self.delta, r, a);
            }
            match self.check() {
                Check::Fits => {
                    self.apply();
                    self.choice[i] = Some(j);
                }
                Check::NonBudget(r) => {
                    self.blocked[self.f.opt_start[i] + j] = true;
                    self.waiting[r].push((i, j));
                    if let Some(off) = self.off_list.get_mut(i) {
                        *off = true;
                    }
                }
                Check::Budget(r) => return Some(r),
            }
            // A listed person's next step is already on the list.
            if !from_list || self.off_list[i] {
                self.push_next(i);
            }
            self.wake_up();
        }
    }

    /// True when every person and option index fits the 32-bit fields of [`Step`] (always
    /// after [`check_sizes`]; checked again so nothing can wrap).
    fn indices_fit(&self) -> bool {
        let people = &self.p.people;
        u32::try_from(people.len()).is_ok() && people.iter().all(|q| u32::try_from(q.options.len()).is_ok())
    }

    /// The hull steps of every `stride`-th person whose keys are at least `from` and below
    /// `below`, per chunk of [`HULL_CHUNK`] people in person order (not yet sorted). No option
    /// is ever blocked when every resource is a budget, so each person's steps are fixed in
    /// advance and strictly increasing in the event order (the hull's efficiencies fall;
    /// collinear vertices are skipped), and the heap's merge of the people's sequences is one
    /// global sort of these steps by [`step_order`].
    ///
    /// The hulls are built in parallel over the chunks; the chunks do not depend on the thread
    /// count. Requires [`Greedy::indices_fit`].
    fn hull_steps(&self, stride: usize, from: u64, below: Option<u64>) -> Vec<Vec<Step>> {
        let people = &self.p.people;
        // A heap pass has every option's value and weight in flat arrays already.
        let flat = !self.w.is_empty();
        (0..people.len().div_ceil(HULL_CHUNK))
            .into_par_iter()
            .map(|c| {
                let (first, to) = (c * HULL_CHUNK, ((c + 1) * HULL_CHUNK).min(people.len()));
                let sampled = |i: &usize| i.is_multiple_of(stride);
                // At most one step per option (every step moves to a more valuable option), so
                // the list never grows; pages of the capacity left unused are never touched.
                let options: usize = (first..to).filter(sampled).map(|i| people[i].options.len()).sum();
                let mut steps = Vec::with_capacity(options);
                let (mut vs, mut ws): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
                let n_res = self.caps.len();
                for i in (first..to).filter(sampled) {
                    let (values, weights): (&[f64], &[f64]) = if flat {
                        let own = self.f.opt_start[i]..self.f.opt_start[i + 1];
                        (&self.f.value[own.clone()], &self.w[own])
                    } else {
                        vs.clear();
                        ws.clear();
                        for o in &people[i].options {
                            // Checked before `weight` reads a resource index.
                            if self.unchecked && !option_ok(o, n_res) {
                                self.invalid.store(true, AtomicOrdering::Relaxed);
                                break;
                            }
                            vs.push(o.value);
                            ws.push(self.weight(&o.uses));
                        }
                        if vs.len() < people[i].options.len() {
                            continue;
                        }
                        (&vs, &ws)
                    };
                    hull_of(i as u32, values, weights, from, below, &mut steps);
                }
                steps
            })
            .collect()
    }

    /// The hull steps with keys at least `from` and below `below`, sorted in the event order.
    fn sorted_steps(&self, from: u64, below: Option<u64>) -> Vec<Step> {
        let chunks = self.hull_steps(1, from, below);
        let mut steps = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
        for c in &chunks {
            steps.extend_from_slice(c);
        }
        steps.par_sort_unstable_by(step_order);
        steps
    }

    /// The first batch of sorted hull steps, and the key from which the rest starts (`None`:
    /// the batch is all of them).
    ///
    /// A pass stops at the first step that does not fit a budget, which with the benchmark's
    /// budgets is about half-way down the list, so building and sorting the whole list is
    /// mostly wasted. The first batch is every step whose key is below a split key `T`, the
    /// rest every other step. With the key as the first sort criterion, every step of the
    /// first batch comes before every step of the rest, so the first batch sorted, then the
    /// rest sorted, is exactly the whole list sorted: a pass sees the same steps in the same
    /// order whatever `T` is, and `T` only decides how much work is done up front. `T` is
    /// estimated from the hulls of every [`SAMPLE_STRIDE`]-th person as the key where their
    /// weight, scaled up, reaches 1.25 times `limit` (the main budget's capacity; with
    /// pseudo-costs in the weights the estimate is early, and the rest is built when reached).
    fn first_batch(&self, limit: Option<f64>) -> (Vec<Step>, Option<u64>) {
        let split = limit.and_then(|l| split_key(self.hull_steps(SAMPLE_STRIDE, 0, None), l, SAMPLE_STRIDE));
        (self.sorted_steps(0, split), split)
    }

    /// [`Greedy::run`] when every resource is a budget and no group offer is made: the same
    /// events in the same order (see [`Greedy::hull_steps`]) from a sorted list instead of a
    /// heap, several times faster at scale. `None` when the sorted list cannot be built.
    ///
    /// With a single resource and no group offers this is also the LP greedy of the multiple-choice knapsack
    /// (Sinha and Zoltners): the value taken plus the fitting fraction of the first step that
    /// does not fit is the LP relaxation's optimum, an upper bound, stored in `lp_bound`. Then
    /// the step's weight is its whole use of that resource, so the check is one subtraction,
    /// and usually only the steps up to the stop are built and sorted (see
    /// [`Greedy::first_batch`]).
    ///
    /// When the options are not validated yet (`unchecked`), `None` also when one of them is
    /// wrong; then nothing else is looked at.
    fn run_sorted(&mut self) -> Option<Option<usize>> {
        if !self.indices_fit() {
            return None;
        }
        // Only a bound for the whole problem when there are no team activities at all (a pass
        // that leaves them out is not a relaxation of them).
        let single = self.caps.len() == 1 && self.main == Some(0);
        if single {
            let (cap, mut used, mut value) = (self.caps[0], 0.0, 0.0);
            let limit = cap + tolerance(cap);
            let (first, mut rest) = self.first_batch(Some(limit));
            // The first batch's walk read every option (all of them, whatever the split).
            if self.invalid.load(AtomicOrdering::Relaxed) {
                return None;
            }
            self.unchecked = false;
            let mut batch = Some(first);
            while let Some(steps) = batch.take() {
                for s in &steps {
                    if s.dw > 0.0 && used + s.dw > limit {
                        if self.p.groups.is_empty() {
                            let room = (cap - used).max(0.0);
                            self.lp_bound = Some(value + s.gain * (room / s.dw).min(1.0));
                        }
                        self.usage[0] = used;
                        return Some(Some(0));
                    }
                    used += s.dw;
                    value += s.gain;
                    self.choice[s.person as usize] = Some(s.target as usize);
                }
                batch = rest.take().map(|from| self.sorted_steps(from, None));
            }
            self.usage[0] = used;
            if self.p.groups.is_empty() {
                self.lp_bound = Some(value);
            }
            return Some(None);
        }
        if self.unchecked {
            return None;
        }
        for s in self.sorted_steps(0, None) {
            let (i, j) = (s.person as usize, s.target as usize);
            self.delta.clear();
            self.remove_current(i);
            for &(r, a) in &self.p.people[i].options[j].uses {
                add_sparse(&mut self.delta, r, a);
            }
            match self.check() {
                Check::Fits => {
                    self.apply();
                    self.choice[i] = Some(j);
                }
                Check::NonBudget(r) | Check::Budget(r) => return Some(Some(r)),
            }
        }
        Some(None)
    }

    /// Holds group `g` with its best-gaining available members, if it fits. `Err(Some(r))`:
    /// budget `r` is exhausted (stop); `Err(None)`: the group is dropped.
    fn try_group(&mut self, g: usize) -> Result<(), Option<usize>> {
        let group = &self.p.groups[g];
        let mut cands: Vec<(f64, usize, usize)> = Vec::new(); // (gain, person, member)
        for (m, member) in group.members.iter().enumerate() {
            let i = member.person;
            if self.group_of[i].is_some() {
                continue;
            }
            let gain = member.value - self.current(i).1;
            if gain > 0.0 {
                cands.push((gain, i, m));
            }
        }
        cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        cands.truncate(group.max_participants);
        if cands.len() < group.min_participants || cands.is_empty() {
            return Err(None);
        }
        cands.sort_by_key(|c| c.1);
        let shares = fixed_cost_shares(group.fixed_cost, cands.len());
        for (&(_, i, m), &share) in cands.iter().zip(&shares) {
            self.remove_current(i);
            for &(r, a) in &group.members[m].uses {
                add_sparse(&mut self.delta, r, a);
                if self.budget[r] {
                    add_sparse(&mut self.delta, r, share as f64);
                }
            }
        }
        match self.check() {
            Check::Fits => {}
            Check::NonBudget(_) => return Err(None),
            Check::Budget(r) => return Err(Some(r)),
        }
        self.apply();
        for &(_, i, _) in &cands {
            self.choice[i] = None;
            self.group_of[i] = Some(g);
        }
        self.wake_up();
        Ok(())
    }
}

/// A pass's plan (choice, group_of) and the budget that stopped it.
type Pass = (Vec<Option<usize>>, Vec<Option<usize>>, Option<usize>, Option<f64>);

/// Which passes [`solve`] runs: all are budget-independent orders, so the best of them is
/// monotone in every budget.
#[derive(Debug, Clone, Copy)]
struct PassKind {
    /// Index of the pseudo-cost vector (kroner per unit of each non-budget resource) in the
    /// list [`solve`] builds.
    price: usize,
    /// Order by budget-group progress instead of efficiency alone.
    interleave: bool,
    /// Offer team activities (group offers).
    groups: bool,
}

/// Budget groups of the people (by the set of budget resources their options and group joins
/// use, in first-seen order) and each group's demand curve.
fn progress(g: &Greedy<'_>) -> Progress {
    let p = g.p;
    let mut sigs: Vec<Vec<usize>> = Vec::new();
    let mut group = vec![0usize; p.people.len()];
    let mut member_uses: Vec<Vec<&[(usize, f64)]>> = vec![Vec::new(); p.people.len()];
    for grp in &p.groups {
        for m in &grp.members {
            member_uses[m.person].push(&m.uses);
        }
    }
    for (i, person) in p.people.iter().enumerate() {
        let mut sig: Vec<usize> = person
            .options
            .iter()
            .map(|o| o.uses.as_slice())
            .chain(member_uses[i].iter().copied())
            .flat_map(|u| u.iter().map(|x| x.0))
            .filter(|&r| g.budget[r])
            .collect();
        sig.sort_unstable();
        sig.dedup();
        group[i] = match sigs.iter().position(|s| *s == sig) {
            Some(k) => k,
            None => {
                sigs.push(sig);
                sigs.len() - 1
            }
        };
    }
    let mut incs: Vec<Vec<(f64, f64)>> = vec![Vec::new(); sigs.len()];
    let mut pts = Vec::new();
    for (i, person) in p.people.iter().enumerate() {
        pts.clear();
        for o in &person.options {
            pts.push((g.weight(&o.uses), o.value));
        }
        hull_increments(&pts, |eff, dw| incs[group[i]].push((eff, dw)));
    }
    let curve = incs
        .into_iter()
        .map(|mut v| {
            v.sort_by(|a, b| b.0.total_cmp(&a.0));
            let total: f64 = v.iter().map(|x| x.1).sum();
            let mut cum = 0.0;
            v.into_iter()
                .map(|(e, w)| {
                    cum += w;
                    (e, if total > 0.0 { cum / total } else { 0.0 })
                })
                .collect()
        })
        .collect();
    Progress { group, curve }
}

/// Extra charges (kroner per krone of the unit's spend) of the unit-charge passes.
const UNIT_CHARGES: [f64; 3] = [0.25, 0.5, 1.0];

/// Most unit budgets for which unit-charge passes run (three passes per unit).
const MAX_UNIT_CHARGE_PASSES: usize = 10;

/// Fractions of the total hull demand (by main-budget weight) at which [`clearing_prices`]
/// prices seats and buddies: a budget-independent grid of budget prices.
const PRICE_GRID: [f64; 9] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/// Market-clearing prices of the non-budget resources (seats, buddy mentees and hours, other),
/// in kroner per unit of use, one vector per budget price `λ` of a budget-independent grid.
///
/// `λ` (value per krone of the main budget) runs over the efficiencies at which the people's
/// hull increments, in decreasing efficiency, have used the fractions [`PRICE_GRID`] of their
/// total weight: the budget prices of budgets of those sizes. For each `λ` the prices `π_r`
/// (value per unit) come from damped Jacobi coordinate descent on the Lagrangian dual with the
/// main budget priced at `λ`: given the other prices, person `i` wants resource `r` when its
/// best reduced value `v − λ·cost − Σ π·use` with `r` beats the best without `r` (or nothing)
/// by more than `π_r` per unit, and `π_r` is set where demand meets the capacity. A pass that
/// charges `π_r / λ` kroner per unit then gives scarce seats to the people who gain the most
/// from them at that budget level, which the uniform charges cannot.
///
/// Reads values, uses, the main budget's *use* and non-budget capacities only — never a budget's
/// capacity — so passes ordered by these prices stay monotone in every budget.
fn clearing_prices(p: &PlanningProblem, main: usize) -> Vec<Vec<f64>> {
    let n_res = p.resources.len();
    let caps: Vec<f64> = p.resources.iter().map(|r| r.capacity).collect();
    let other: Vec<bool> = p.resources.iter().map(|r| r.kind != ResourceKind::Budget).collect();
    // Flattened usable options: value, main-budget use and merged non-budget uses.
    let mut start = Vec::with_capacity(p.people.len() + 1);
    let (mut value, mut cost, mut use_start) = (Vec::new(), Vec::new(), vec![0usize]);
    let mut uses: Vec<(usize, f64)> = Vec::new();
    let mut scratch = Vec::new();
    let mut incs: Vec<(f64, f64)> = Vec::new();
    let mut pts = Vec::new();
    for person in &p.people {
        start.push(value.len());
        pts.clear();
        for o in &person.options {
            scratch.clear();
            let mut c = 0.0;
            for &(r, a) in &o.uses {
                if r == main {
                    c += a;
                } else if other[r] && a > 0.0 {
                    add_sparse(&mut scratch, r, a);
                }
            }
            if o.value <= 0.0 || !usable(&scratch, &caps) {
                continue;
            }
            value.push(o.value);
            cost.push(c);
            uses.extend(scratch.iter().filter(|x| caps[x.0] > 0.0));
            use_start.push(uses.len());
            pts.push((c, o.value));
        }
        hull_increments(&pts, |eff, dw| incs.push((eff, dw)));
    }
    start.push(value.len());
    incs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total: f64 = incs.iter().map(|x| x.1).sum();
    let mut lambdas: Vec<f64> = Vec::new();
    let (mut k, mut cum) = (0, 0.0);
    for f in PRICE_GRID {
        while k < incs.len() && cum + incs[k].1 < f * total {
            cum += incs[k].1;
            k += 1;
        }
        if let Some(&(eff, _)) = incs.get(k)
            && eff.is_finite()
            && eff > 0.0
            && lambdas.last().is_none_or(|&l| eff < l)
        {
            lambdas.push(eff);
        }
    }
    // Demand slots: one per (person, non-budget resource the person's options use), grouped by
    // resource (counting sort), so each round fills fixed slots; `slot_uses` is `uses` with each
    // use's slot among its person's (no search per option and slot in the rounds).
    let n = p.people.len();
    let mut person_res: Vec<usize> = Vec::new();
    let mut pr_start = vec![0usize];
    let mut slot_uses: Vec<(usize, usize, f64)> = Vec::with_capacity(uses.len());
    let mut slots_per_res = vec![0usize; n_res];
    // Per person, their options with non-budget uses (`with_uses[wu_start[i]..wu_start[i + 1]]`);
    // the others only ever count as "without" for every slot.
    let (mut with_uses, mut wu_start) = (Vec::new(), vec![0usize]);
    for i in 0..n {
        let from = person_res.len();
        for j in start[i]..start[i + 1] {
            if use_start[j] < use_start[j + 1] {
                with_uses.push(j);
            }
            for &(r, a) in &uses[use_start[j]..use_start[j + 1]] {
                let k = match person_res[from..].iter().position(|&x| x == r) {
                    Some(k) => k,
                    None => {
                        person_res.push(r);
                        slots_per_res[r] += 1;
                        person_res.len() - 1 - from
                    }
                };
                slot_uses.push((r, k, a));
            }
        }
        pr_start.push(person_res.len());
        wu_start.push(with_uses.len());
    }
    // Per resource, its slots (positions in `person_res`) in person order.
    let mut res_slots: Vec<Vec<usize>> = slots_per_res.iter().map(|&k| Vec::with_capacity(k)).collect();
    for (s, &r) in person_res.iter().enumerate() {
        res_slots[r].push(s);
    }
    // Per slot (person order): (threshold per unit, amount) and whether the last round changed
    // it; per resource: its slots' demand, its clearing price and whether its price moved.
    let mut flat = vec![(0.0f64, 0.0f64); person_res.len()];
    let mut changed = vec![false; person_res.len()];
    let mut demand: Vec<Vec<(f64, f64)>> = res_slots.iter().map(|v| vec![(0.0, 0.0); v.len()]).collect();
    let mut clear = vec![0.0f64; n_res];
    let mut pi = vec![0.0f64; n_res];
    let mut moved = vec![true; n_res];
    let mut base = vec![0.0f64; value.len()];
    let mut plain = vec![0.0f64; n];
    let mut out = Vec::with_capacity(lambdas.len());
    const CHUNK: usize = 512;
    for (li, &lambda) in lambdas.iter().enumerate() {
        for (b, (&v, &c)) in base.iter_mut().zip(value.iter().zip(&cost)) {
            *b = v - lambda * c;
        }
        // Per person, the best reduced value of nothing and of their options without non-budget
        // uses: prices never change it, and `max` is order-free here (no NaN, no -0: `v − λ·c`
        // and the rounds' differences of finite numbers are +0 when they cancel), so every slot's
        // "best without" can start from it instead of visiting those options in every round.
        for (i, best) in plain.iter_mut().enumerate() {
            *best = (start[i]..start[i + 1])
                .filter(|&j| use_start[j] == use_start[j + 1])
                .fold(0.0, |m, j| base[j].max(m));
        }
        let rounds = if li == 0 { 10 } else { 5 };
        for round in 0..rounds {
            // Jacobi: every person's demand reads only the previous round's prices, so chunks of
            // people run in parallel, each writing its own people's slots; then every resource
            // gathers its slots in person order and clears in parallel, and the prices are
            // updated from the previous ones: bit for bit what a sequential sweep computes.
            // A person's demand is a function of `λ` and the prices of their slots' resources
            // only, and a resource's clearing price of its slots only, so a person none of whose
            // resources' prices moved (in a round after the first for this `λ`) keeps their
            // demand, and a resource none of whose slots changed keeps its price: the same
            // numbers without recomputing them.
            let (pi_now, moved_now, base_now, plain_now) = (&pi, &moved, &base, &plain);
            let fresh = round == 0;
            let mut parts: Vec<(&mut [Demand], &mut [bool])> = Vec::with_capacity(n.div_ceil(CHUNK));
            let (mut rest, mut rest_changed) = (flat.as_mut_slice(), changed.as_mut_slice());
            for c in 0..n.div_ceil(CHUNK) {
                let (from, to) = (c * CHUNK, ((c + 1) * CHUNK).min(n));
                let (head, tail) = rest.split_at_mut(pr_start[to] - pr_start[from]);
                let (head_changed, tail_changed) = rest_changed.split_at_mut(pr_start[to] - pr_start[from]);
                parts.push((head, head_changed));
                (rest, rest_changed) = (tail, tail_changed);
            }
            parts.into_par_iter().enumerate().for_each(|(c, (part, part_changed))| {
                let (from, to) = (c * CHUNK, ((c + 1) * CHUNK).min(n));
                let (mut with_buf, mut without_buf): (Vec<(f64, f64)>, Vec<f64>) = (Vec::new(), Vec::new());
                let mut mark: Vec<usize> = Vec::new();
                for i in from..to {
                    let slots = &person_res[pr_start[i]..pr_start[i + 1]];
                    let local = pr_start[i] - pr_start[from]..pr_start[i + 1] - pr_start[from];
                    let (mine, mine_changed) = (&mut part[local.clone()], &mut part_changed[local]);
                    if !fresh && !slots.iter().any(|&r| moved_now[r]) {
                        mine_changed.fill(false);
                        continue;
                    }
                    // Per slot (a resource the person may use): the best reduced value with it
                    // (before its own price) and that option's amount, and the best without it;
                    // options in order, as the plain loop over slots and options visits them.
                    let s = slots.len();
                    if with_buf.len() < s {
                        with_buf.resize(s, (f64::NEG_INFINITY, 0.0));
                        without_buf.resize(s, 0.0);
                    }
                    let (with, without) = (&mut with_buf[..s], &mut without_buf[..s]);
                    with.fill((f64::NEG_INFINITY, 0.0));
                    without.fill(plain_now[i]);
                    if s > 64 {
                        mark.clear();
                        mark.resize(s, usize::MAX);
                    }
                    for &j in &with_uses[wu_start[i]..wu_start[i + 1]] {
                        let own = &slot_uses[use_start[j]..use_start[j + 1]];
                        let mut x = base_now[j];
                        for &(r, _, a) in own {
                            x -= pi_now[r] * a;
                        }
                        // The slots this option does not use (a bit mask up to 64 slots).
                        let mut free = if s >= 64 { u64::MAX } else { (1u64 << s) - 1 };
                        for &(r, k, a) in own {
                            if s > 64 {
                                mark[k] = j;
                            } else {
                                free &= !(1u64 << k);
                            }
                            let y = x + pi_now[r] * a;
                            if y > with[k].0 {
                                with[k] = (y, a);
                            }
                        }
                        if s > 64 {
                            for (wo, &m) in without.iter_mut().zip(&mark) {
                                if m != j {
                                    *wo = wo.max(x);
                                }
                            }
                        } else {
                            while free != 0 {
                                let k = free.trailing_zeros() as usize;
                                without[k] = without[k].max(x);
                                free &= free - 1;
                            }
                        }
                    }
                    for (((&(w, a), &wo), slot), ch) in
                        with.iter().zip(without.iter()).zip(mine.iter_mut()).zip(mine_changed.iter_mut())
                    {
                        let new = if w > wo && a > 0.0 { ((w - wo) / a, a) } else { (0.0, 0.0) };
                        *ch = new.0.to_bits() != slot.0.to_bits() || new.1.to_bits() != slot.1.to_bits();
                        *slot = new;
                    }
                }
            });
            let (flat_now, changed_now) = (&flat, &changed);
            demand.par_iter_mut().zip(&res_slots).zip(&mut clear).enumerate().with_min_len(16).for_each(
                |(r, ((d, slots), c))| {
                    if !other[r] || !slots.iter().any(|&s| changed_now[s]) {
                        return;
                    }
                    for (x, &s) in d.iter_mut().zip(slots) {
                        *x = flat_now[s];
                    }
                    let wanted: f64 = d.iter().map(|x| x.1).sum();
                    let limit = caps[r] + tolerance(caps[r]);
                    *c = if wanted <= limit { 0.0 } else { crossing_price(d, wanted, limit) };
                },
            );
            for r in (0..n_res).filter(|&r| other[r]) {
                let next = 0.5 * (pi[r] + clear[r]);
                moved[r] = next.to_bits() != pi[r].to_bits();
                pi[r] = next;
            }
        }
        out.push((0..n_res).map(|r| if other[r] { pi[r] / lambda } else { 0.0 }).collect());
    }
    out
}

/// A slot's demand in a clearing round: (threshold per unit, amount).
type Demand = (f64, f64);

/// The clearing price of one resource: its demand `d` (threshold per unit, amount) in
/// decreasing threshold (then amount) is taken while it fits `limit`, and the price is halfway
/// between the last threshold in and the first out (the first one's if none fits); 0 when
/// everything fits the sorted scan. Only the prefix up to the crossing needs to be in order: the
/// first `m` items (a guess from the mean amount) are selected and sorted, which is the sorted
/// list's prefix (items that compare equal are equal bit for bit), and the rest is sorted only
/// if the crossing lies beyond it — the same scan, the same additions, the same price.
fn crossing_price(d: &mut [(f64, f64)], wanted: f64, limit: f64) -> f64 {
    let order = |a: &(f64, f64), b: &(f64, f64)| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1));
    let positive = d.iter().filter(|x| x.1 > 0.0).count().max(1);
    let guess = (limit / (wanted / positive as f64)).ceil();
    let mut sorted = if guess.is_finite() && guess >= 0.0 {
        (guess as usize).saturating_mul(2).saturating_add(8).min(d.len())
    } else {
        d.len()
    };
    if sorted < d.len() {
        d.select_nth_unstable_by(sorted, order);
    }
    d[..sorted].sort_unstable_by(order);
    let (mut used, mut last_in) = (0.0, f64::NAN);
    let mut i = 0;
    loop {
        if i == sorted {
            if sorted == d.len() {
                return 0.0;
            }
            d[sorted..].sort_unstable_by(order);
            sorted = d.len();
        }
        let (t, a) = d[i];
        if used + a > limit {
            return if last_in.is_nan() { t } else { 0.5 * (t + last_in) };
        }
        used += a;
        last_in = t;
        i += 1;
    }
}

/// The passes [`solve`] runs and their pseudo-cost vectors (kroner per unit of each resource,
/// indexed by [`PassKind::price`]): all budget-independent orders.
fn pass_list(problem: &PlanningProblem, main: Option<usize>) -> (Vec<PassKind>, Vec<Vec<f64>>) {
    // Pseudo-costs for seats and buddies, in units of the mean option's main-budget use: all
    // independent of budget capacities, so every pass is monotone in the budgets and so is the
    // best of them.
    let has_other = problem.resources.iter().any(|r| r.kind != ResourceKind::Budget);
    // The mean is only read for the uniform charges on non-budget resources.
    let (mut sum, mut count) = (0.0, 0usize);
    for o in problem.people.iter().flat_map(|q| &q.options).filter(|_| has_other) {
        sum += main.map_or(0.0, |m| o.uses.iter().filter(|u| u.0 == m).map(|u| u.1).sum());
        count += 1;
    }
    let mean = if count > 0 { sum / count as f64 } else { 0.0 };
    let kappas: &[f64] = if has_other && mean > 0.0 { &[0.0, 0.25, 1.0] } else { &[0.0] };
    // Pseudo-cost vectors: uniform charges `κ · m / capacity_r`, then market-clearing prices.
    let mut prices: Vec<Vec<f64>> = kappas
        .iter()
        .map(|&k| {
            let charge = k * mean;
            problem
                .resources
                .iter()
                .map(|r| if r.kind == ResourceKind::Budget { 0.0 } else { charge / r.capacity.max(1.0) })
                .collect()
        })
        .collect();
    let mut kinds: Vec<PassKind> =
        (0..kappas.len()).map(|price| PassKind { price, interleave: false, groups: true }).collect();
    // More than one budget beyond the main one: interleaved passes (see `Progress`).
    let budgets = problem.resources.iter().filter(|r| r.kind == ResourceKind::Budget).count();
    if budgets > 1 {
        let few: &[usize] = if kappas.len() > 1 { &[0, 1, 2] } else { &[0] };
        kinds.extend(few.iter().map(|&price| PassKind { price, interleave: true, groups: true }));
    }
    // Unit budgets: for each unit budget (a budget other than the main one) passes that charge
    // its spend `ρ` kroner per krone on top of the main budget, so that unit's people advance
    // more slowly than the rest and a tight unit no longer stops the pass while the others
    // have money left. Budget-independent (the set of units and the `ρ` grid only), so the
    // best of the passes stays monotone; only for a few units (the passes multiply).
    let units: Vec<usize> =
        (0..problem.resources.len()).filter(|&r| problem.is_budget(r) && Some(r) != main).collect();
    if !units.is_empty() && units.len() <= MAX_UNIT_CHARGE_PASSES {
        for &u in &units {
            for rho in UNIT_CHARGES {
                let mut v = vec![0.0; problem.resources.len()];
                v[u] = rho;
                kinds.push(PassKind { price: prices.len(), interleave: false, groups: true });
                prices.push(v);
            }
        }
    }
    // Non-budget capacities: passes priced by market-clearing seat and buddy prices at a
    // budget-independent grid of budget prices (see `clearing_prices`).
    if has_other && let Some(m) = main {
        for v in clearing_prices(problem, m) {
            kinds.push(PassKind { price: prices.len(), interleave: false, groups: true });
            prices.push(v);
        }
    }
    // Team activities present: the same orders without them too (a group that does not fit
    // stops a pass, and a pass without it may go further).
    if !problem.groups.is_empty() {
        let without: Vec<PassKind> = kinds.iter().map(|k| PassKind { groups: false, ..*k }).collect();
        kinds.extend(without);
    }
    (kinds, prices)
}

/// One greedy pass of the given kind; returns the plan and the budget that stopped it.
/// `presort`: take the events from presorted hull steps where they are exactly the heap's (see
/// [`Greedy::run`] and [`Greedy::run_sorted`]); always set except in the tests that check that
/// they are. `options_checked`: the options are validated; when not (see
/// [`defers_option_checks`]), `None` when the sorted single-budget path finds an option that
/// is wrong or cannot run (the heap pass needs valid options), else the same pass.
fn greedy_pass(
    problem: &PlanningProblem,
    flat: &OnceLock<Flat>,
    main: Option<usize>,
    price: &[f64],
    kind: PassKind,
    presort: bool,
    options_checked: bool,
) -> Option<Pass> {
    let n = problem.people.len();
    let caps: Vec<f64> = problem.resources.iter().map(|r| r.capacity).collect();
    let budget: Vec<bool> = problem.resources.iter().map(|r| r.kind == ResourceKind::Budget).collect();
    let sorted = presort
        && !kind.interleave
        && (problem.groups.is_empty() || !kind.groups)
        && budget.iter().all(|&b| b);
    // The sorted path with one budget reads the options directly; everything else the flat copy.
    let empty = Flat { opt_start: Vec::new(), value: Vec::new(), use_start: Vec::new(), uses: Vec::new() };
    let scalar = sorted && caps.len() == 1 && main == Some(0);
    let f = if scalar { &empty } else { flat.get_or_init(|| Flat::new(problem)) };
    let mut greedy = Greedy {
        f,
        p: problem,
        usage: vec![0.0; caps.len()],
        caps,
        budget,
        main,
        price,
        choice: vec![None; n],
        group_of: vec![None; n],
        blocked: Vec::new(),
        w: Vec::new(),
        heap: BinaryHeap::new(),
        stamp: Vec::new(),
        waiting: Vec::new(),
        woken: Vec::new(),
        lp_bound: None,
        delta: Vec::new(),
        progress: None,
        batch: Vec::new(),
        pos: 0,
        rest_from: None,
        off_list: Vec::new(),
        unchecked: !options_checked,
        invalid: AtomicBool::new(false),
    };
    // The sorted path needs none of the heap's bookkeeping (nothing is ever blocked).
    if sorted && let Some(stopped_by) = greedy.run_sorted() {
        return Some((greedy.choice, greedy.group_of, stopped_by, greedy.lp_bound));
    }
    if greedy.unchecked {
        return None;
    }
    greedy.choice.iter_mut().for_each(|c| *c = None);
    greedy.usage.iter_mut().for_each(|u| *u = 0.0);
    greedy.f = flat.get_or_init(|| Flat::new(problem));
    let total = greedy.f.value.len();
    greedy.blocked = vec![false; total];
    let mut w = Vec::with_capacity(total);
    w.extend((0..total).map(|k| greedy.weight(greedy.f.uses(k))));
    greedy.w = w;
    greedy.heap = BinaryHeap::with_capacity(n + problem.groups.len());
    greedy.stamp = vec![0; n];
    greedy.waiting = vec![Vec::new(); problem.resources.len()];
    if kind.interleave {
        greedy.progress = Some(progress(&greedy));
    }
    // Every person's first steps from a sorted list (see `Greedy::run`), unless the pass is
    // interleaved (its keys may tie along one person's hull) or the list cannot be built. The
    // main budget only tells the list how much to sort first, never what the pass does.
    if !kind.interleave && presort && greedy.indices_fit() {
        let limit = main.map(|m| greedy.caps[m] + tolerance(greedy.caps[m]));
        (greedy.batch, greedy.rest_from) = greedy.first_batch(limit);
        greedy.off_list = vec![false; n];
    } else {
        for i in 0..n {
            greedy.push_next(i);
        }
    }
    for (g, group) in problem.groups.iter().enumerate().filter(|_| kind.groups) {
        // Budget-independent priority: the best `max_participants` members' value per krone of
        // the main budget, fixed cost included.
        let mut vals: Vec<(f64, f64)> =
            group.members.iter().map(|m| (m.value, greedy.weight(&m.uses))).collect();
        vals.sort_by(|a, b| b.0.total_cmp(&a.0));
        vals.truncate(group.max_participants);
        let gain: f64 = vals.iter().map(|v| v.0).sum();
        let mut w: f64 = vals.iter().map(|v| v.1).sum();
        if greedy.main.is_some_and(|m| group.members.iter().any(|x| x.uses.iter().any(|u| u.0 == m))) {
            w += group.fixed_cost as f64;
        }
        let mut eff = if w <= 0.0 { f64::INFINITY } else { gain / w };
        if let (Some(p), Some(m)) = (&greedy.progress, group.members.first()) {
            eff = p.key(p.group[m.person], eff);
        }
        if gain > 0.0 {
            let e = Event { eff, gain, person: 0, target: usize::MAX - g, stamp: 0 };
            greedy.heap.push(Queued::of(&e, problem.groups.len()));
        }
    }
    let stopped_by = greedy.run();
    Some((greedy.choice, greedy.group_of, stopped_by, None))
}

/// True when [`solve_timed`] leaves the options' validation to the pass: the budget-only case
/// (one resource, a budget, and no team activities) runs a single pass on the sorted path,
/// whose hull walk reads every option anyway, so checking each there saves a whole sweep over
/// the options (tens of megabytes, scattered, at 100,000 people). Any wrong option makes the
/// pass give up, and the full validation then reports exactly what it always reports.
fn defers_option_checks(p: &PlanningProblem) -> bool {
    p.resources.len() == 1 && p.resources[0].kind == ResourceKind::Budget && p.groups.is_empty()
}

/// The Lagrangian relaxation before its first iteration: the flattened alternatives and the
/// starting multipliers. Independent of the plan, so [`solve_timed`] builds it alongside the
/// passes when it is sure to be needed.
struct BoundStart {
    rx: Relaxed,
    /// The number of constraints (capacities and team-activity sizes).
    n: usize,
    /// One multiplier per constraint, then the padding's (always 0).
    mu: Vec<f64>,
    /// With a single coupling constraint its LP price is exact: no step can lower the bound.
    single: bool,
}

impl BoundStart {
    fn new(problem: &PlanningProblem) -> BoundStart {
        let (rx, rcaps) = build_relaxed(problem);
        let n = rcaps.len();
        let mut mu = vec![0.0; n + 1];
        let mut active = vec![false; n + 1];
        for &r in rx.head_res.iter().flatten().chain(&rx.tail_res) {
            active[r as usize] = true;
        }
        active[n] = false;
        let single = active.iter().filter(|&&a| a).count() <= 1;
        let priced = if single { active.iter().position(|&a| a) } else { main_budget(problem) };
        if let Some(m) = priced {
            mu[m] = lp_price(&rx, m);
        }
        BoundStart { rx, n, mu, single }
    }
}

/// The Lagrangian bound (see the module documentation) and the subgradient iterations spent.
fn lagrangian_bound(start: BoundStart, value: f64, options: &SolveOptions) -> (f64, usize) {
    let BoundStart { rx, n, mut mu, single } = start;
    let mut used = vec![0.0; n + 1];
    let mut best = Vec::new();
    let mut bound = lagrangian(&rx, &mu, &mut used, &mut best);
    let mut iterations = 0;
    let mut theta = 1.0;
    let mut since_better = 0;
    let mut current = bound;
    while !single && iterations < options.max_iterations {
        if bound <= 0.0 || (bound - value) <= options.gap_tolerance * bound {
            break;
        }
        // Projected subgradient of the scaled constraints `use_r / capacity_r <= 1`.
        let mut norm = 0.0;
        let mut g = vec![0.0; mu.len()];
        for r in 0..n {
            let gr = 1.0 - used[r];
            if mu[r] > 0.0 || gr < 0.0 {
                g[r] = gr;
                norm += gr * gr;
            }
        }
        if norm <= 1e-18 {
            break; // the relaxed plan is feasible and complementary: the bound is optimal
        }
        let step = theta * (current - value).max(1e-9 * current.abs().max(1.0)) / norm;
        for r in 0..n {
            mu[r] = (mu[r] - step * g[r]).max(0.0);
        }
        current = lagrangian(&rx, &mu, &mut used, &mut best);
        iterations += 1;
        if current < bound - 1e-12 * bound.abs() {
            bound = current;
            since_better = 0;
        } else {
            since_better += 1;
            if since_better >= 3 {
                theta *= 0.5;
                since_better = 0;
                if theta < 1e-3 {
                    break;
                }
            }
        }
    }
    (bound, iterations)
}

/// Plans the organisation: a feasible plan, an upper bound on the optimum and the gap.
///
/// Deterministic: the same problem gives the same solution. Errors only when the problem is
/// invalid (see [`PlanningProblem::validate`]).
///
/// ```
/// use kompetence_core::plan::{Person, PlanOption, PlanningProblem, Resource, ResourceKind, solve};
/// let opt = |value: f64, cost: i64| PlanOption { value, cost, uses: vec![(0, cost as f64)] };
/// let problem = PlanningProblem {
///     people: vec![
///         Person { options: vec![opt(3.0, 10_000), opt(5.0, 30_000)] },
///         Person { options: vec![opt(4.0, 20_000)] },
///     ],
///     resources: vec![Resource { capacity: 30_000.0, kind: ResourceKind::Budget }],
///     groups: vec![],
/// };
/// let plan = solve(&problem, &Default::default()).unwrap();
/// assert!(plan.usage[0] <= 30_000.0);
/// assert!(plan.bound >= plan.value && plan.gap >= 0.0);
/// ```
pub fn solve(problem: &PlanningProblem, options: &SolveOptions) -> Result<Solution, Error> {
    solve_timed(problem, options).map(|(solution, _)| solution)
}

fn no_pass() -> Error {
    Error::new(crate::ErrorKind::InvalidArgument, crate::Problem::new("", "", "no pass ran"))
}

/// The setup (main budget, pseudo-costs, market-clearing prices) and the greedy passes, in
/// parallel; the best pass's plan. Records the `setup` and `passes` phases in `timings`.
fn best_pass(problem: &PlanningProblem, deferred: bool, timings: &mut Timings) -> Result<Pass, Error> {
    let clock = Instant::now();
    let main = main_budget(problem);
    let (kinds, prices) = pass_list(problem, main);
    timings.push(("setup", clock.elapsed().as_secs_f64()));
    let clock = Instant::now();
    // The passes are independent: run them in parallel and keep the best by value, ties by the
    // lowest pass index (the sequential "first best" rule), so the result does not depend on
    // the thread count or scheduling. Only the running best is kept, not every pass's plan.
    let single = kinds.len() == 1;
    let flat = OnceLock::new();
    let best = kinds
        .par_iter()
        .enumerate()
        .map(|(index, &kind)| {
            let run = |checked| greedy_pass(problem, &flat, main, &prices[kind.price], kind, true, checked);
            let pass = match run(!deferred) {
                Some(pass) => pass,
                // An option is wrong (the full report), or the pass needs them validated first.
                None => {
                    problem.validate()?;
                    run(true).ok_or_else(no_pass)?
                }
            };
            // A single pass needs no comparison (its plan is evaluated below anyway).
            let value = if single { 0.0 } else { evaluate_valid(problem, &pass.0, &pass.1)?.value };
            Ok((index, pass, value))
        })
        .try_reduce_with(|a: (usize, Pass, f64), b| {
            Ok(if b.2 > a.2 || (b.2 == a.2 && b.0 < a.0) { b } else { a })
        });
    let (_, pass, _) = best.ok_or_else(no_pass)??;
    timings.push(("passes", clock.elapsed().as_secs_f64()));
    Ok(pass)
}

/// Wall-clock seconds spent in each phase of [`solve_timed`], in order: `validate`, `setup`
/// (main budget, pseudo-costs, market-clearing prices), `passes` (the greedy passes, in
/// parallel), `evaluate` (the chosen plan re-checked from scratch) and `bound`. In the
/// budget-only case (one budget, no team activities) the options are validated inside `passes`.
pub type Timings = Vec<(&'static str, f64)>;

/// [`solve`], also returning where the time went (for benchmarks: the phases are listed in
/// [`Timings`]). The solution is exactly [`solve`]'s; only the timings vary between runs.
pub fn solve_timed(problem: &PlanningProblem, options: &SolveOptions) -> Result<(Solution, Timings), Error> {
    let mut timings = Timings::new();
    let mut clock = Instant::now();
    let deferred = defers_option_checks(problem);
    problem.validate_checking_options(!deferred)?;
    check_sizes(problem)?;
    timings.push(("validate", clock.elapsed().as_secs_f64()));
    // With seats or buddies the Lagrangian bound is always needed (the sorted greedy's LP bound
    // is only for a lone budget): build its start alongside the setup and passes, whose
    // parallel parts leave a core idle now and then. Neither affects the other's result.
    let needs_bound = problem.resources.iter().any(|r| r.kind != ResourceKind::Budget);
    let (passes, start) = rayon::join(
        || best_pass(problem, deferred, &mut timings),
        || needs_bound.then(|| BoundStart::new(problem)),
    );
    let (choice, group_of, stopped_by, lp_bound) = passes?;
    clock = Instant::now();
    let eval = evaluate_valid(problem, &choice, &group_of)?;
    debug_assert!(eval.is_feasible(), "greedy plan infeasible: {:?}", eval.violations);
    let value = eval.value;
    timings.push(("evaluate", clock.elapsed().as_secs_f64()));
    clock = Instant::now();

    // The bound: the LP optimum when the only pass that ran was the sorted single-budget
    // greedy, else the Lagrangian relaxation.
    let (bound, iterations) = match lp_bound {
        Some(b) => (b, 0),
        None => lagrangian_bound(start.unwrap_or_else(|| BoundStart::new(problem)), value, options),
    };
    let bound = bound.max(value);
    let gap = if bound > 0.0 { ((bound - value) / bound).max(0.0) } else { 0.0 };
    timings.push(("bound", clock.elapsed().as_secs_f64()));
    let solution = Solution {
        choice,
        group_of,
        groups_held: eval.groups_held,
        value,
        cost: eval.cost,
        usage: eval.usage,
        bound,
        gap,
        iterations,
        stopped_by,
    };
    Ok((solution, timings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::generate::{InstanceSpec, random_instance};
    use crate::plan::problem::{GroupMember, GroupOffer, Person, PlanOption};

    /// [`clearing_prices`] as it was before the rounds skipped unchanged people and resources and
    /// sorted only up to the crossing: every person and resource recomputed, full sorts.
    fn clearing_prices_reference(p: &PlanningProblem, main: usize) -> Vec<Vec<f64>> {
        let n_res = p.resources.len();
        let caps: Vec<f64> = p.resources.iter().map(|r| r.capacity).collect();
        let other: Vec<bool> = p.resources.iter().map(|r| r.kind != ResourceKind::Budget).collect();
        // Flattened usable options: value, main-budget use and merged non-budget uses.
        let mut start = Vec::with_capacity(p.people.len() + 1);
        let (mut value, mut cost, mut use_start) = (Vec::new(), Vec::new(), vec![0usize]);
        let mut uses: Vec<(usize, f64)> = Vec::new();
        let mut scratch = Vec::new();
        let mut incs: Vec<(f64, f64)> = Vec::new();
        let mut pts = Vec::new();
        for person in &p.people {
            start.push(value.len());
            pts.clear();
            for o in &person.options {
                scratch.clear();
                let mut c = 0.0;
                for &(r, a) in &o.uses {
                    if r == main {
                        c += a;
                    } else if other[r] && a > 0.0 {
                        add_sparse(&mut scratch, r, a);
                    }
                }
                if o.value <= 0.0 || !usable(&scratch, &caps) {
                    continue;
                }
                value.push(o.value);
                cost.push(c);
                uses.extend(scratch.iter().filter(|x| caps[x.0] > 0.0));
                use_start.push(uses.len());
                pts.push((c, o.value));
            }
            hull_increments(&pts, |eff, dw| incs.push((eff, dw)));
        }
        start.push(value.len());
        incs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let total: f64 = incs.iter().map(|x| x.1).sum();
        let mut lambdas: Vec<f64> = Vec::new();
        let (mut k, mut cum) = (0, 0.0);
        for f in PRICE_GRID {
            while k < incs.len() && cum + incs[k].1 < f * total {
                cum += incs[k].1;
                k += 1;
            }
            if let Some(&(eff, _)) = incs.get(k)
                && eff.is_finite()
                && eff > 0.0
                && lambdas.last().is_none_or(|&l| eff < l)
            {
                lambdas.push(eff);
            }
        }
        // Demand slots: one per (person, non-budget resource the person's options use), grouped by
        // resource (counting sort), so each round fills fixed slots.
        let n = p.people.len();
        let mut person_res: Vec<usize> = Vec::new();
        let mut pr_start = vec![0usize];
        let mut slots_per_res = vec![0usize; n_res];
        for i in 0..n {
            let from = person_res.len();
            for j in start[i]..start[i + 1] {
                for &(r, _) in &uses[use_start[j]..use_start[j + 1]] {
                    if !person_res[from..].contains(&r) {
                        person_res.push(r);
                        slots_per_res[r] += 1;
                    }
                }
            }
            pr_start.push(person_res.len());
        }
        // Per resource, its slots (positions in `person_res`) in person order.
        let mut res_slots: Vec<Vec<usize>> = slots_per_res.iter().map(|&k| Vec::with_capacity(k)).collect();
        for (s, &r) in person_res.iter().enumerate() {
            res_slots[r].push(s);
        }
        // Per slot (person order): (threshold per unit, amount); per resource: its slots' demand.
        let mut flat = vec![(0.0f64, 0.0f64); person_res.len()];
        let mut demand: Vec<Vec<(f64, f64)>> = res_slots.iter().map(|v| vec![(0.0, 0.0); v.len()]).collect();
        let mut clear = vec![0.0f64; n_res];
        let mut pi = vec![0.0f64; n_res];
        let mut out = Vec::with_capacity(lambdas.len());
        const CHUNK: usize = 2048;
        for (li, &lambda) in lambdas.iter().enumerate() {
            let rounds = if li == 0 { 10 } else { 5 };
            for _ in 0..rounds {
                // Jacobi: every person's demand reads only the previous round's prices, so chunks of
                // people run in parallel, each writing its own people's slots; then every resource
                // gathers its slots in person order and clears in parallel, and the prices are
                // updated from the previous ones: bit for bit what a sequential sweep computes.
                let pi_now = &pi;
                let mut parts: Vec<&mut [(f64, f64)]> = Vec::with_capacity(n.div_ceil(CHUNK));
                let mut rest = flat.as_mut_slice();
                for c in 0..n.div_ceil(CHUNK) {
                    let (from, to) = (c * CHUNK, ((c + 1) * CHUNK).min(n));
                    let (head, tail) = rest.split_at_mut(pr_start[to] - pr_start[from]);
                    parts.push(head);
                    rest = tail;
                }
                parts.into_par_iter().enumerate().for_each(|(c, part)| {
                    let (from, to) = (c * CHUNK, ((c + 1) * CHUNK).min(n));
                    let mut out = part.iter_mut();
                    let (mut with, mut without): (Vec<(f64, f64)>, Vec<f64>) = (Vec::new(), Vec::new());
                    for i in from..to {
                        let slots = &person_res[pr_start[i]..pr_start[i + 1]];
                        if slots.is_empty() {
                            continue;
                        }
                        // Per slot (a resource the person may use): the best reduced value with it
                        // (before its own price) and that option's amount, and the best without it.
                        with.clear();
                        with.resize(slots.len(), (f64::NEG_INFINITY, 0.0));
                        without.clear();
                        without.resize(slots.len(), 0.0);
                        for j in start[i]..start[i + 1] {
                            let own = &uses[use_start[j]..use_start[j + 1]];
                            let mut x = value[j] - lambda * cost[j];
                            for &(r, a) in own {
                                x -= pi_now[r] * a;
                            }
                            for (k, &r) in slots.iter().enumerate() {
                                match own.iter().find(|u| u.0 == r) {
                                    Some(&(_, a)) => {
                                        let y = x + pi_now[r] * a;
                                        if y > with[k].0 {
                                            with[k] = (y, a);
                                        }
                                    }
                                    None => without[k] = without[k].max(x),
                                }
                            }
                        }
                        for (&(w, a), &wo) in with.iter().zip(&without) {
                            if let Some(slot) = out.next() {
                                *slot = if w > wo && a > 0.0 { ((w - wo) / a, a) } else { (0.0, 0.0) };
                            }
                        }
                    }
                });
                let flat_now = &flat;
                demand.par_iter_mut().zip(&res_slots).zip(&mut clear).enumerate().for_each(
                    |(r, ((d, slots), c))| {
                        if !other[r] {
                            return;
                        }
                        for (x, &s) in d.iter_mut().zip(slots) {
                            *x = flat_now[s];
                        }
                        let wanted: f64 = d.iter().map(|x| x.1).sum();
                        *c = if wanted <= caps[r] + tolerance(caps[r]) {
                            0.0
                        } else {
                            d.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
                            let (mut used, mut last_in) = (0.0, f64::NAN);
                            let mut price = 0.0;
                            for &(t, a) in d.iter() {
                                if used + a > caps[r] + tolerance(caps[r]) {
                                    price = if last_in.is_nan() { t } else { 0.5 * (t + last_in) };
                                    break;
                                }
                                used += a;
                                last_in = t;
                            }
                            price
                        };
                    },
                );
                for r in (0..n_res).filter(|&r| other[r]) {
                    pi[r] = 0.5 * (pi[r] + clear[r]);
                }
            }
            out.push((0..n_res).map(|r| if other[r] { pi[r] / lambda } else { 0.0 }).collect());
        }
        out
    }

    /// Adds a team activity for every `every` people (members: the next eight people), so the
    /// heap passes see group events too.
    fn with_groups(mut p: PlanningProblem, every: usize, units: usize) -> PlanningProblem {
        let n = p.people.len();
        for g in 0..n / every {
            let members = (g * every..(g * every + 8).min(n))
                .map(|i| {
                    let cost = 1_000 + (i as i64 * 31) % 5_000;
                    let mut uses = vec![(0, cost as f64)];
                    if units > 0 {
                        uses.push((1 + i % units, cost as f64));
                    }
                    GroupMember { person: i, value: 0.5 + ((i * 7919) % 100) as f64 / 20.0, cost, uses }
                })
                .collect();
            p.groups.push(GroupOffer {
                fixed_cost: 20_000,
                min_participants: 2,
                max_participants: 6,
                members,
            });
        }
        p
    }

    /// Every pass of `p` gives the same plan and stop from presorted steps as from the heap.
    fn presorted_passes_match_the_heap(p: &PlanningProblem) {
        let main = main_budget(p);
        let (kinds, prices) = pass_list(p, main);
        let flat = OnceLock::new();
        for kind in kinds {
            let pass = |presort| greedy_pass(p, &flat, main, &prices[kind.price], kind, presort, true);
            let (fast, heap) = (pass(true).expect("validated"), pass(false).expect("validated"));
            assert_eq!((fast.0, fast.1, fast.2), (heap.0, heap.1, heap.2), "{kind:?}");
        }
    }

    #[test]
    fn presorted_passes_are_the_heap_passes() {
        let shapes =
            [(0, false, false), (0, true, true), (0, true, false), (3, true, true), (2, false, false)];
        for seed in 1..=3 {
            for (units, seats, buddies) in shapes {
                for budget_fraction in [0.05, 0.35, 2.0] {
                    let spec = InstanceSpec {
                        unit_budgets: units,
                        seats,
                        buddies,
                        budget_fraction,
                        ..InstanceSpec::budget_only(1_200, seed)
                    };
                    let p = random_instance(&spec);
                    presorted_passes_match_the_heap(&p);
                    presorted_passes_match_the_heap(&with_groups(p, 40, units));
                }
            }
        }
    }

    /// The rounds that skip unchanged people and resources and sort only up to the crossing
    /// give the plain rounds' prices bit for bit (so the priced passes, and every plan, are
    /// unchanged): seats and buddies alone and together, unit budgets, amounts other than 1
    /// (the crossing beyond the first guess), and a person with more than 64 slots.
    #[test]
    fn clearing_prices_are_the_plain_rounds() {
        let mut cases = 0;
        for (people, seed, units, seats, buddies) in [
            (1000, 1, 0, true, true),
            (3000, 2, 0, true, true),
            (2000, 3, 3, true, true),
            (1500, 4, 0, true, false),
            (1500, 5, 0, false, true),
        ] {
            let spec = InstanceSpec {
                unit_budgets: units,
                seats,
                buddies,
                ..InstanceSpec::budget_only(people, seed)
            };
            let plain = random_instance(&spec);
            // Amounts of 0.05, 1 and 3 units (small amounts rank first per unit, so the crossing
            // lies beyond the first guess), and one more person with an option on each of the
            // first 70 non-budget resources.
            let mut varied = plain.clone();
            for (i, q) in varied.people.iter_mut().enumerate() {
                for (j, o) in q.options.iter_mut().enumerate() {
                    for u in o.uses.iter_mut().skip(1 + units) {
                        u.1 *= [0.05, 1.0, 3.0][(i + j) % 3];
                    }
                }
            }
            let others: Vec<usize> =
                (0..varied.resources.len()).filter(|&r| !varied.is_budget(r)).take(70).collect();
            for &r in &others {
                varied.resources[r].capacity *= 2.0;
            }
            varied.people.push(Person {
                options: others
                    .iter()
                    .enumerate()
                    .map(|(k, &r)| PlanOption {
                        value: 5.0 + k as f64,
                        cost: 10_000,
                        uses: vec![(0, 10_000.0), (r, 1.0 + (k % 2) as f64)],
                    })
                    .collect(),
            });
            for p in [plain, varied] {
                let main = main_budget(&p).expect("a budget");
                let (new, old) = (clearing_prices(&p, main), clearing_prices_reference(&p, main));
                assert!(!new.is_empty());
                assert_eq!(new.len(), old.len());
                for (a, b) in new.iter().zip(&old) {
                    assert!(a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits()), "{people} {seed}");
                }
                cases += 1;
            }
        }
        assert_eq!(cases, 10);
    }

    #[test]
    fn split_sorting_gives_the_full_order() {
        let key = |s: &Step| (s.key, s.gain.to_bits(), s.dw.to_bits(), s.person, s.target);
        let p = random_instance(&InstanceSpec::budget_only(3_000, 5));
        let empty =
            Flat { opt_start: Vec::new(), value: Vec::new(), use_start: Vec::new(), uses: Vec::new() };
        let price = vec![0.0; p.resources.len()];
        let g = Greedy {
            f: &empty,
            p: &p,
            usage: Vec::new(),
            caps: vec![p.resources[0].capacity],
            budget: vec![true],
            main: Some(0),
            price: &price,
            choice: Vec::new(),
            group_of: Vec::new(),
            blocked: Vec::new(),
            w: Vec::new(),
            heap: BinaryHeap::new(),
            stamp: Vec::new(),
            waiting: Vec::new(),
            woken: Vec::new(),
            lp_bound: None,
            delta: Vec::new(),
            progress: None,
            batch: Vec::new(),
            pos: 0,
            rest_from: None,
            off_list: Vec::new(),
            unchecked: false,
            invalid: AtomicBool::new(false),
        };
        assert!(g.indices_fit());
        let whole: Vec<_> = g.sorted_steps(0, None).iter().map(key).collect();
        assert!(whole.len() > 3_000);
        // Split keys taken from the list itself (ties included), and below and above all keys.
        let mut splits: Vec<u64> =
            [0, 1, 100, 1_000, 5_000].iter().filter_map(|&k| whole.get(k).map(|s| s.0)).collect();
        splits.extend([0, u64::MAX]);
        for t in splits {
            let mut got: Vec<_> = g.sorted_steps(0, Some(t)).iter().map(key).collect();
            got.extend(g.sorted_steps(t, None).iter().map(key));
            assert_eq!(got, whole, "split at {t}");
        }
        // The estimated splits, from tiny to huge budgets.
        for limit in [0.0, 1e5, 1e7, 1e8, 1e12] {
            let (first, rest) = g.first_batch(Some(limit));
            let mut got: Vec<_> = first.iter().map(key).collect();
            if let Some(t) = rest {
                got.extend(g.sorted_steps(t, None).iter().map(key));
            }
            assert_eq!(got, whole, "limit {limit}");
        }
    }

    /// The budget-only case checks the options in its hull walk instead of up front: a wrong
    /// option anywhere (sampled person or not, first or last option, each rule) gives exactly
    /// the full validation's error, and valid problems the same solution as with validation
    /// up front.
    #[test]
    fn deferred_option_checks_report_what_validation_reports() {
        let p = random_instance(&InstanceSpec::budget_only(20_000, 3));
        assert!(defers_option_checks(&p));
        let (sol, _) = solve_timed(&p, &SolveOptions::default()).expect("valid");
        let main = main_budget(&p);
        let (kinds, prices) = pass_list(&p, main);
        let flat = OnceLock::new();
        let pass = |checked| greedy_pass(&p, &flat, main, &prices[kinds[0].price], kinds[0], true, checked);
        let (checked, deferred) = (pass(true).expect("valid"), pass(false).expect("valid"));
        assert_eq!(checked, deferred);
        assert_eq!((sol.choice, sol.stopped_by), (deferred.0, deferred.2));
        let breaks: [fn(&mut PlanOption); 6] = [
            |o| o.value = f64::NAN,
            |o| o.value = -1.0,
            |o| o.cost = -1,
            |o| o.uses[0].0 = 7,
            |o| o.uses[0].1 = f64::INFINITY,
            |o| o.uses.push((1, 5.0)),
        ];
        for person in [0, 1, 64, 12_345, 19_999] {
            for (b, wreck) in breaks.iter().enumerate() {
                let mut bad = p.clone();
                let options = &mut bad.people[person].options;
                let last = options.len() - 1;
                wreck(&mut options[if b % 2 == 0 { 0 } else { last }]);
                let expected = bad.validate().expect_err("invalid");
                let got = solve(&bad, &SolveOptions::default()).expect_err("invalid");
                assert_eq!(format!("{got:?}"), format!("{expected:?}"), "person {person}, break {b}");
                // With a wrong capacity too, the report still lists the option.
                bad.resources[0].capacity = f64::NAN;
                let expected = bad.validate().expect_err("invalid");
                let got = solve(&bad, &SolveOptions::default()).expect_err("invalid");
                assert_eq!(format!("{got:?}"), format!("{expected:?}"), "person {person}, break {b}");
                assert!(expected.problems().len() >= 2);
            }
        }
    }
}
