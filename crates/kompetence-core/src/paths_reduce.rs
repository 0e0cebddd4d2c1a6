//! Reducing a person's candidates before the exact search (issue 3: big catalogs).
//!
//! # Exact dominance pruning
//!
//! Candidate `a` *dominates* candidate `b` for this person when `a` can take `b`'s place at
//! any position of any path and the path stays feasible with at least its effect and at most
//! its net cost:
//!
//! * the same `develops` entries on the person's needs (need, gain, entry level, ceiling, in
//!   order), so every simulated level, jump, zone and supervision is the same;
//! * the same schedule: both on demand with the same duration, or the same free sessions
//!   (start and end days), so every step ends on the same day and the timing factors and later
//!   schedules are the same (ending earlier is *not* better: the timing factor decays before
//!   the window);
//! * the same hours away (hours cap, wage cost and wage funding are the same);
//! * the same eligible funding sources, at most one of which covers fees when the fees
//!   differ; a fee that is not negative and not higher. A lower fee then lowers the step's net
//!   cost and uses no more of any source's cap, and more cap left never raises a later step's
//!   net cost (each source pays `min(raw, cap left, cost left)` in order);
//! * the same mentor kind: a supervisor costing no more, or the same ranked buddy list with
//!   each buddy costing no more (the buddy chosen depends only on the gains, which are equal;
//!   the lists are reduced to the colleagues who can be chosen, so the same whether they were
//!   precomputed or scanned);
//! * a transfer probability and preference factor at least as high (only when every need's
//!   weight is a non-negative number, as the effect of a gain is clamped at zero);
//! * the same follow-ups owed and settled under the policy's rules.
//!
//! Equal candidates dominate each other; the earlier in the canonical (id) order counts. A
//! candidate is dropped when at least `max_path_length` candidates dominate it: a path holding
//! it holds at most `max_path_length − 1` others, so one of its dominators is free to replace
//! it, and the first `max_path_length` of its dominators in the canonical order are all kept
//! (their own dominators also dominate it and come earlier). Hence the frontier's points are
//! unchanged; only which of several equal paths represents a point may differ.
//!
//! # The shortlist
//!
//! When more than the policy's `choice.shortlist` (at most [`MAX_CANDIDATES`]) remain, the
//! search runs over a shortlist. Its candidates come from ranked lists, taken round by round —
//! the first of every list, then the second, … — until the shortlist is full:
//!
//! * per mandatory need, its candidates by net cost as a first step, cheapest first: the
//!   choice rule takes the cheapest path that closes every mandatory need, and a cheap step
//!   with little effect per krone would come last in its form's list;
//! * per need and per learning form, the candidates ranked by their value as a first step
//!   (effect per krone of net cost).
//!
//! In every list, candidates not feasible as a first step come after their feasible peers.
//! Every need and every form that can serve it is represented, so on-the-job forms stay in
//! beside the many dated course runs. The recommendation says so ([`Shortlist`]); the
//! frontier is then exact over the shortlist only. On the 2,000-activity benchmark catalog the
//! mandatory lists cut the people whose choice is worse than with the widest search (64) from
//! 12.8 % to 8.8 % at the default 40 (`cargo run --release --example shortlist_breadth`).

use super::{Cand, MAX_CANDIDATES, Mentor, Person};
use crate::model::{FundingCovers, LearningForm};
use crate::recommend::Shortlist;

/// A hash of everything [`Person::dominates`] requires to be equal in both candidates: the
/// gains, the schedule, hours, follow-ups, wage, the funding sources and the mentor kind with
/// the buddies and their levels. Candidates equal in those get equal hashes.
fn dominance_class(c: &Cand) -> u64 {
    // A multiplicative mix: the hash only groups candidates, so its quality matters for
    // speed, not for the result.
    let mut h = 0u64;
    let mut mix = |x: u64| h = (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    mix(c.devs.len() as u64);
    for d in &c.devs {
        mix(d.need as u64);
        mix(u64::from(d.gain) | u64::from(d.entry) << 8 | u64::from(d.ceiling) << 16);
    }
    mix(u64::from(c.on_demand));
    mix(c.hours.to_bits());
    mix(u64::from(c.requires) | u64::from(c.satisfies) << 32);
    mix(c.wage as u64);
    if c.on_demand {
        mix(c.duration_days as u64);
    } else {
        mix(c.sessions.len() as u64);
        for s in c.sessions {
            mix(s.0 as u64);
            mix(s.1 as u64);
        }
    }
    mix(c.funding.len() as u64);
    for &(src, _) in c.funding {
        mix(src as u64);
    }
    match &c.mentor {
        Mentor::None => mix(0),
        Mentor::Supervisor(_) => mix(1),
        Mentor::Buddy(list) => {
            mix(2);
            mix(list.len() as u64);
            for b in list {
                mix(b.employee as u64);
                for &l in &b.levels {
                    mix(u64::from(l));
                }
            }
        }
    }
    h
}

impl Person<'_> {
    /// Does `a` dominate `b` (see the module docs)?
    fn dominates(&self, a: &Cand, b: &Cand, monotone_effect: bool) -> bool {
        if a.devs != b.devs || a.on_demand != b.on_demand || a.hours.to_bits() != b.hours.to_bits() {
            return false;
        }
        // Policy follow-up rules: the same follow-ups owed and settled.
        if a.requires != b.requires || a.satisfies != b.satisfies {
            return false;
        }
        if a.on_demand {
            if a.duration_days != b.duration_days {
                return false;
            }
        } else if a.sessions.len() != b.sessions.len()
            || a.sessions.iter().zip(b.sessions).any(|(x, y)| (x.0, x.1) != (y.0, y.1))
        {
            return false;
        }
        if a.wage != b.wage || a.fee < 0 || a.fee > b.fee {
            return false;
        }
        if a.funding.len() != b.funding.len() || a.funding.iter().zip(b.funding).any(|(x, y)| x.0 != y.0) {
            return false;
        }
        let policy = self.env.policy;
        let mut fee_sources = 0;
        for (x, y) in a.funding.iter().zip(b.funding) {
            match policy.funding[x.0].covers {
                FundingCovers::Fees => fee_sources += 1,
                FundingCovers::Wages if x.1 != y.1 => return false,
                FundingCovers::Wages => {}
            }
        }
        if a.fee != b.fee && fee_sources > 1 {
            return false;
        }
        let mentor_ok = match (&a.mentor, &b.mentor) {
            (Mentor::None, Mentor::None) => true,
            (Mentor::Supervisor(x), Mentor::Supervisor(y)) => x <= y,
            (Mentor::Buddy(x), Mentor::Buddy(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|(p, q)| p.employee == q.employee && p.levels == q.levels && p.cost <= q.cost)
            }
            _ => false,
        };
        if !mentor_ok {
            return false;
        }
        if a.p.to_bits() == b.p.to_bits() && a.pref.to_bits() == b.pref.to_bits() {
            return true;
        }
        monotone_effect && a.p >= b.p && a.pref >= b.pref
    }

    /// Drops the candidates dominated `max_len` times (see the module docs) into `set_aside`;
    /// returns how many were dropped. `cands` stays in the canonical order.
    pub(super) fn prune_dominated(&mut self, max_len: usize) -> usize {
        let n = self.cands.len();
        if n < 2 || max_len == 0 {
            return 0;
        }
        let monotone_effect = self.needs.iter().all(|n| n.weight.is_finite() && n.weight >= 0.0);
        // Only candidates equal in everything `dominates` asks to be equal can dominate each
        // other: group by a hash of that first, so the pairwise test runs within small groups.
        // Candidates in different groups differ in one of those, so neither dominates the
        // other; a group of two classes that share a hash only costs pairwise tests. The
        // dominators of each candidate, and so what is dropped, are therefore those found by
        // testing every pair.
        let mut order: Vec<(u64, usize)> = self.cands.iter().map(dominance_class).zip(0..).collect();
        order.sort_unstable();
        let mut drop = vec![false; n];
        let mut start = 0;
        while start < n {
            let mut end = start + 1;
            while end < n && order[end].0 == order[start].0 {
                end += 1;
            }
            if end - start > max_len {
                let group = &order[start..end];
                for &(_, b) in group {
                    let mut dominators = 0;
                    for &(_, a) in group {
                        if a == b {
                            continue;
                        }
                        let (ca, cb) = (&self.cands[a], &self.cands[b]);
                        if self.dominates(ca, cb, monotone_effect)
                            && (a < b || !self.dominates(cb, ca, monotone_effect))
                        {
                            dominators += 1;
                            if dominators >= max_len {
                                drop[b] = true;
                                break;
                            }
                        }
                    }
                }
            }
            start = end;
        }
        let dropped = drop.iter().filter(|&&d| d).count();
        if dropped > 0 {
            let all = std::mem::replace(&mut self.cands, Vec::with_capacity(n - dropped));
            self.set_aside.reserve(dropped);
            for (c, d) in all.into_iter().zip(drop) {
                if d { self.set_aside.push(c) } else { self.cands.push(c) }
            }
        }
        dropped
    }

    /// Keeps at most `limit` candidates (see the module docs), the others go to `set_aside`.
    /// Returns the shortlist note when candidates were left out.
    pub(super) fn shortlist(&mut self, limit: usize, candidates: usize) -> Option<Shortlist> {
        if self.cands.len() <= limit {
            return None;
        }
        let st = self.start_state();
        let (mut gains, mut funding) = (Vec::new(), Vec::new());
        // Value as a first step: feasible ones by effect per krone, then the rest.
        // As a first step: net cost, and value (feasible ones by effect per krone, then the rest).
        let first: Vec<Option<(f64, i64)>> = self
            .cands
            .iter()
            .map(|c| self.step(c, &st, &mut gains, &mut funding).ok().map(|o| (o.effect, o.net)))
            .collect();
        let value: Vec<(bool, f64)> = first
            .iter()
            .map(|f| match *f {
                Some((effect, net)) => {
                    let v = effect / (net.max(1) as f64);
                    (true, if v.is_finite() { v } else { 0.0 })
                }
                None => (false, 0.0),
            })
            .collect();
        // Per need (heaviest first), per form: candidates best first.
        let mut need_order: Vec<usize> = (0..self.needs.len()).collect();
        need_order.sort_by(|&x, &y| self.needs[y].weight.total_cmp(&self.needs[x].weight).then(x.cmp(&y)));
        let better = |x: usize, y: usize| {
            value[y].0.cmp(&value[x].0).then(value[y].1.total_cmp(&value[x].1)).then(x.cmp(&y))
        };
        // The lists, each a range of `members`: per need, per form, candidates best first.
        // Every order here is total (ties end in distinct positions or forms), so unstable sorts
        // give the same lists as sorting per form.
        let mut members: Vec<(LearningForm, usize)> = Vec::with_capacity(self.cands.len());
        let mut lists: Vec<(usize, usize)> = Vec::new();
        // First, per mandatory need, its candidates cheapest first (all forms): the choice rule
        // takes the cheapest path that closes every mandatory need, and a cheap step with little
        // effect per krone would otherwise come last in its form's list.
        let cheapest = |i: usize| (first[i].is_none(), first[i].map_or(i64::MAX, |f| f.1));
        // Appends the candidates serving `need`, with their forms; returns where they start.
        let push_members = |members: &mut Vec<(LearningForm, usize)>, need: usize| {
            let start = members.len();
            for (i, c) in self.cands.iter().enumerate() {
                if c.devs.iter().any(|d| d.need == need) {
                    members.push((self.env.catalog.activities[c.activity].form, i));
                }
            }
            start
        };
        for &need in need_order.iter().filter(|&&n| self.needs[n].mandatory) {
            let start = push_members(&mut members, need);
            members[start..]
                .sort_unstable_by(|x, y| cheapest(x.1).cmp(&cheapest(y.1)).then(better(x.1, y.1)));
            lists.push((start, members.len()));
        }
        let mut forms: Vec<(usize, usize)> = Vec::new();
        for &need in &need_order {
            let start = push_members(&mut members, need);
            members[start..].sort_unstable_by(|x, y| x.0.cmp(&y.0).then(better(x.1, y.1)));
            forms.clear();
            let mut k = start;
            while k < members.len() {
                let mut end = k + 1;
                while end < members.len() && members[end].0 == members[k].0 {
                    end += 1;
                }
                forms.push((k, end));
                k = end;
            }
            // Forms whose best candidate is best first.
            forms.sort_unstable_by(|x, y| {
                let ((fa, a), (fb, b)) = (members[x.0], members[y.0]);
                value[b].0.cmp(&value[a].0).then(value[b].1.total_cmp(&value[a].1)).then(fa.cmp(&fb))
            });
            lists.extend_from_slice(&forms);
        }
        let mut keep = vec![false; self.cands.len()];
        let mut kept = 0;
        let mut round = 0;
        while kept < limit && lists.iter().any(|l| round < l.1 - l.0) {
            for l in &lists {
                if kept >= limit {
                    break;
                }
                if let Some(&(_, i)) = members[l.0..l.1].get(round)
                    && !keep[i]
                {
                    keep[i] = true;
                    kept += 1;
                }
            }
            round += 1;
        }
        let all = std::mem::replace(&mut self.cands, Vec::with_capacity(kept));
        self.set_aside.reserve(all.len() - kept);
        for (c, k) in all.into_iter().zip(keep) {
            if k { self.cands.push(c) } else { self.set_aside.push(c) }
        }
        Some(Shortlist {
            searched: self.cands.len() as u32,
            candidates: candidates as u32,
            after_pruning: (self.cands.len() + self.set_aside.len()) as u32,
        })
    }

    /// Undoes a shortlist: every candidate back in, canonical order (for a smaller retry).
    pub(super) fn restore(&mut self, pruned: usize) {
        // The first `pruned` set-aside candidates were dropped by dominance and stay out.
        let back: Vec<Cand> = self.set_aside.drain(pruned..).collect();
        self.cands.extend(back);
        let rank = &self.env.table.id_rank;
        self.cands.sort_by_key(|c| (rank.get(c.activity).copied().unwrap_or(u32::MAX), c.activity));
    }
}

impl Person<'_> {
    /// Takes the agreed activities, already fixed in the start state, out of the candidates:
    /// they cannot be new steps, and the search and its mask then only see new candidates.
    pub(super) fn drop_agreed(&mut self, fix: &super::AgreedFix) {
        if fix.kept.is_empty() {
            return;
        }
        let acts = &self.env.catalog.activities;
        self.cands.retain(|c| !fix.kept.iter().any(|k| k.activity == acts[c.activity].id));
        if let Some(st) = &mut self.start {
            st.mask = 0;
        }
    }
}

/// Keep the limit visible here, where the shortlist is made.
const _: () = assert!(MAX_CANDIDATES <= 64);
