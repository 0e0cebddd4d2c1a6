//! Learning paths for one person (D6–D8, D12): candidate generation and the exact search for the
//! non-dominated paths on (expected effect ↑, net cost ↓).
//!
//! # The contract
//!
//! **Needs** come from [`crate::needs`]. **Candidates** are the catalog activities that develop
//! at least one needed competence, are taught in a language the person learns in
//! ([`Employee::learns_in`]) and can raise some need from some reachable level
//! (`max(current, entry_level) < min(target, ceiling)` for one of their entries). An activity
//! that does not `certify` has no entries on a need that must be certified
//! ([`Need::certification`]); one left with none is rejected as `not_certifying`.
//!
//! A **path** is an ordered sequence of distinct candidates, at most `choice.max_path_length`
//! long. Its steps run in order, and each step must be *feasible* given the steps before it:
//!
//! * **Levels** are simulated step by step. A step applies each of its `develops` entries on a
//!   needed competence whose `entry_level` ≤ the current simulated level:
//!   `new = min(level + gain, ceiling, target)`. Levels reached by earlier steps count for later
//!   steps' entry levels. A step that raises no need is useless and not allowed.
//!   Levels rise even when the gain comes after the deadline (the person still learned).
//! * **Zones** (D7): a step's *jump* on a competence is `new − old`. The largest jump ≤
//!   `zones.stretch_max_jump` is the stretch zone; up to `zones.supervised_max_jump` the step is
//!   paired with supervision and costs `zones.supervision_hours × zones.supervisor_cost_per_hour`
//!   more (flagged `supervised`); beyond is the alarm zone and the step is infeasible.
//! * **Scheduling** (D12): the first step may start on `as_of`, each later step the day after
//!   the previous one's last day (its *earliest day*). A step is timed for its *due day*: the
//!   earliest deadline among the needs it raises that an origin dated (a need on the policy's
//!   default horizon, [`Need::deadline_is_default`], is needed now and has none). Without a due
//!   day it starts as soon as possible: an on-demand step on its earliest day, lasting
//!   `7 × duration_weeks` days (last day included; 0 weeks = one day); a step with sessions in
//!   the session that *ends earliest* (ties: earlier start, then session id) among those with a
//!   free seat (`booked < seats`) starting on or after its earliest day; none → infeasible.
//!   With a due day it is timed to end shortly before it: an on-demand step starts as late as
//!   lets it end `⌊timing.window_days⌋` days before the due day, but not before its earliest
//!   day (and as soon as possible when that placement would end after the due day); a step
//!   with sessions takes, in the same order, the first session to end inside the window (at
//!   most `⌊window_days⌋` days before the due day, not after it), else the last to end before
//!   the window (the least decay), else the first. A person does one activity at a time: a
//!   session that overlaps a kept agreed activity (see below) is passed over, and an on-demand
//!   step that would overlap one starts the day after it ends.
//! * **Timing factor** per need raised, with `lead` = days from the step's last day to the need's
//!   deadline: `lead < 0` (late) → 0; `lead ≤ timing.window_days`, or a need on the default
//!   horizon (needed now: learning it early loses nothing) → 1; otherwise
//!   `0.5^((lead − window_days) / half_life_days)`. A step whose every gain is late is infeasible.
//! * **Hours**: the path's total `hours_away` ≤ the person's `max_hours_away`.
//! * **Buddy** (D7): a step with `mentor: buddy` needs a colleague (not the person) in the
//!   person's unit, department or organisation (`buddy.search`; "unit" means the employees
//!   directly in the person's unit) whose level in every competence the step raises is ≥ the
//!   level the learner reaches + `buddy.level_margin`; who has spare capacity
//!   (`max_mentees` of that employee or the policy default, minus the buddy activities already
//!   agreed with them in IDPs with status planned or in progress, ≥ 1); and with whom the person
//!   has not already spent `buddy.rotation_periods` or more periods (a buddy never had is always
//!   allowed). Among the qualified: fewest past periods with this learner, then most spare
//!   capacity, then lowest wage cost, then id. Cost: `mentor_hours ×` the buddy's wage cost.
//!   `mentor: supervisor` costs `mentor_hours × zones.supervisor_cost_per_hour`.
//! * **Cost** of a step, each part rounded to whole kroner: fee (a group activity adds the
//!   estimate `fixed_cost / max_participants`, flagged) + `hours_away ×` the person's wage cost
//!   + buddy/supervisor cost + supervision cost (zones) − funding.
//! * **Funding**, per source in policy order: eligible when the activity's form is listed (or
//!   the list is empty) and the person's education is listed (or empty). `fees` pays
//!   `share × fee` (the fee including any group estimate), `wages` pays `rate_per_hour × hours_away`.
//!   Each source pays at most what is left of its `cap_per_person` over the path, and the
//!   sources together never pay more than the step's cost (so net cost is never negative).
//! * **Budget**: the path's net cost ≤ `budget.per_person` when set.
//!
//! **Effect** of a path = Σ over steps, over needs raised: `need.weight × levels gained ×`
//! [`transfer_probability`]` × timing factor × preference factor` (policy `preferences` by the
//! person's preference for the form's family; non-finite factors count as 0).
//!
//! **The frontier** is the set of feasible paths not dominated on (effect ↑, net cost ↓).
//! Effects within `1e-9 × max(1, |effect|)` count as equal. Among paths with equal points one
//! canonical path is kept: fewer steps, then the lexicographic order of activity ids. The empty
//! path (effect 0, cost 0) is always on the frontier, as the status quo, even in the rare case
//! that a free path dominates it; paths it dominates (no effect for a cost) are left out.
//!
//! # Agreed activities
//!
//! Every recommendation ([`Engine::recommend`](crate::Engine::recommend), `recommend_all`, the
//! organisation plan, the annual review and re-planning in [`crate::review`]) searches with the
//! person's agreed development-plan activities (planned or in progress) as *fixed steps*: they
//! are simulated first at their own dates (a booked session's; an on-demand one from the planning
//! date, never timed for its due day), dropped with a reason when a rule above fails, their
//! levels count as reached, they use hours, funding caps and budget, their days are taken (new
//! steps are scheduled around them), and a kept one is never
//! recommended again (a dropped one may be, e.g. in a later session that still ends in time);
//! every path then holds and counts only the new steps, and the recommendation reports what
//! became of the agreed ones ([`crate::recommend::Agreed`]). A person booked on a course is
//! not told to take it again, and the hours cap and budget see what is already agreed. With no
//! agreed activities the search is exactly the one above.
//!
//! # The search and its limits
//!
//! A depth-first search over orderings, candidates in id order, with two exact prunings:
//!
//! * **Memo.** Two partial paths over the same *set* of activities that end in the same state
//!   (simulated levels, last day, funding used per source — hours are equal for equal sets) have
//!   identical futures, so the one visited second is not extended when the first has at least
//!   its effect at no more cost (the first is also canonical-first on ties). Used when the path
//!   length is above 2, the person has at most 8 needs and the policy at most 2 funding sources.
//! * **Bounds.** Step costs are never negative, and an extension adds at most
//!   `Σ need (target − level) × weight × max(transfer × preference)` effect; a partial path whose
//!   bound is already beaten by a found point at lower cost is not extended. Per candidate, a
//!   step adds at most its *effect bound* (weight × the levels its entries can still raise ×
//!   transfer × preference: the timing factor is at most 1) and costs at least its *cost floor*
//!   (fee, wage cost and cheapest mentor, less everything its funding could pay). With them the
//!   search skips what a found point already beats, whatever it would turn out to be: a last
//!   step whose best case (effect bound, cost floor) is beaten; a candidate whose bound plus the
//!   largest bounds of the steps that could follow is beaten at the current cost; and a partial
//!   path whose extensions, at most `free bounds + best bound per krone × extra cost`, are
//!   beaten at every extra cost by a point costing no more. "Beaten" keeps a margin of 5e-9
//!   (relative) above the 1e-9 within which effects count as equal, so a skipped path is never
//!   an equal point that could be canonical-first. (All off when negative fees, costs or
//!   weights or non-finite numbers make the bounds unsafe.)
//!
//! Candidates that fail at a node for a reason that only gets worse along a path (over the hours
//! cap, no free session left to start, every entry at its ceiling or target) are not tried again
//! below it: they would fail there too, so this only saves work.
//!
//! Candidates are dropped before the search only by exact dominance (a candidate at least as
//! good in every respect that matters, described in the `reduce` submodule). Work is bounded:
//!
//! * at most the policy's `choice.shortlist` candidates per search (default
//!   [`DEFAULT_SHORTLIST`], at most [`MAX_CANDIDATES`]): with more after dominance pruning the
//!   search runs over a documented shortlist ([`crate::recommend::Shortlist`]),
//! * `choice.max_path_length` at most [`MAX_PATH_LENGTH`],
//! * at most [`MAX_SEARCH_NODES`] feasible partial paths explored per search: past it the
//!   search is retried on a shortlist half the size, down to 8 candidates,
//!
//! and a person past the last retry gets an [`ErrorKind::LimitExceeded`] error (or, in
//! `recommend_all`, a recommendation marked `refused`). Worst case `n!/(n−L)!` nodes for `n`
//! candidates and length `L`; typically far fewer because most orderings fail entry levels,
//! usefulness or deadlines, and the bounds skip most of the rest.
//!
//! # Cost of the search (issue 3)
//!
//! * **Buddies** come from lists precomputed per buddy search (unit, department or
//!   organisation: the policy's, and any a `buddy_search` rule gives, each built when first
//!   used), per pool and per competence set: only colleagues with spare capacity, in the ranking
//!   order, keeping a colleague only while fewer than four earlier ones are at least as
//!   competent in every competence of the activity. A learner picks from a dozen colleagues
//!   instead of scanning a department; one with three or more past buddies falls back to the
//!   scan. Either list is then reduced to the colleagues who can be the first qualified one,
//!   so both give the same list (a unit test checks it for every search kind).
//! * **Working memory** (frontier, memo, per-depth gains and funding) is reused from person to
//!   person on a thread; a frontier point holds its candidate positions inline.
//! * **Results**: the frontier is returned as compact points (activity, session, buddy per
//!   step, totals); full steps with gains, funding and explanations are built only for the
//!   chosen path and the runners-up ([`crate::Engine::learning_path`] builds any other).
//! * A person with more than `choice.shortlist` candidates left after dominance pruning is
//!   searched over a shortlist of them (see `paths_reduce`), not refused.
//! * **Screening** matches `develops` entries to needs by framework position and takes each
//!   need's activities from a list kept in the canonical order (a precomputed rank of activity
//!   ids, then catalog position), so candidates come out in that order without sorting them or
//!   comparing ids; languages are compared once per person, not per activity.
//! * **Per-activity work is done once per engine**, not per person: the usable sessions (free
//!   seat, starting on or after `as_of`, both fixed for the engine) and the eligible funding
//!   with its amounts (which depend only on the activity and the person's education) are
//!   tables a candidate borrows; a candidate's `develops` entries are held inline. Buddy
//!   skylines keep their colleagues' levels, and a buddy list is reduced before it is built,
//!   so only the colleagues kept are allocated.
//! * **Dominance pruning** (see `paths_reduce`) compares only candidates that agree in a hash
//!   of everything dominance needs to be equal, instead of every pair with the same gains.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::error::{Error, ErrorKind, Problem, Result};
use crate::explain::{ChosenTotals, Context, Lexicon};
use crate::index::Index;
use crate::model::{
    ActivityStatus, BuddySearch, Catalog, Education, Employee, FundingCovers, LearningActivity, MentorKind,
    Organisation, Policy, Preference,
};
use crate::needs::{self, Need};
use crate::recommend::{
    self, BuddyChoice, ChoiceRule, Explanation, FrontierPoint, FundingUse, Gain, LearningPath, PointStep,
    Recommendation, RejectReason, Rejection, Step, TransferEvidence,
};

/// Most candidate activities one search can run over (the search keeps a path's activities as
/// bits of one `u64`); the policy's `choice.shortlist` may ask for up to this many.
pub const MAX_CANDIDATES: usize = 64;
/// The default `choice.shortlist`: with more candidates left after dominance pruning, the
/// search runs over a shortlist of this many. On the 2,000-activity benchmark catalog a search
/// over 40 picks the same path as one over 64 for 99 % of the people with a path, in
/// a little over half the time (`cargo run --release --example shortlist_breadth`).
pub const DEFAULT_SHORTLIST: u8 = 40;
/// The smallest shortlist: a policy's `choice.shortlist` is at least this, and a search past
/// the node limit is retried on shortlists down to this size before the person is refused.
pub const MIN_SHORTLIST: u8 = 8;
/// Most activities in one path that a policy may ask for.
pub const MAX_PATH_LENGTH: u8 = 6;
/// Most feasible partial paths the search explores for one person.
pub const MAX_SEARCH_NODES: u64 = 2_000_000;
/// Most rejected alternatives reported per person.
pub const MAX_REJECTIONS_REPORTED: usize = 12;

/// Probability that an activity's learning is applied in practice (D9): the mean of its
/// catalog transfer prior, clamped to 0..=1 (0 when not a number). The recommender uses the
/// engine's transfer estimate, which replaces this prior by the Beta posterior once evaluations
/// exist.
pub fn transfer_probability(activity: &LearningActivity) -> f64 {
    let p = activity.transfer.mean();
    if p.is_finite() { p.clamp(0.0, 1.0) } else { 0.0 }
}

/// The probability of transfer the recommender uses for the activity at catalog position `a`:
/// the posterior mean from the evaluations (the catalog prior when none concern it).
pub(crate) fn transfer_estimate(env: Env<'_>, a: usize, activity: &LearningActivity) -> f64 {
    match env.transfer.transfer_probability(a) {
        Some(p) if p.is_finite() => p.clamp(0.0, 1.0),
        _ => transfer_probability(activity),
    }
}

/// Per-engine lookup data for the recommender, built once so per-person work never scans the
/// catalog or the plans.
#[derive(Debug, Clone, Default)]
pub(crate) struct ActivityTable {
    /// Competence id → positions of the activities developing it, ascending.
    by_competence: HashMap<String, Vec<u32>>,
    /// Per activity position: its entries' range in `develops` (see below), whose framework
    /// positions let screening compare numbers, not ids.
    develops_range: Vec<(u32, u32)>,
    /// Every activity's `develops` entries, compact and in one place, so screening reads neither
    /// the catalog nor one allocation per activity: the competence's framework position
    /// ([`NOT_IN_FRAMEWORK`] when it is not there), gain, entry level and ceiling.
    develops: Vec<(u32, u8, u8, u8)>,
    /// Framework position of a competence → positions of the activities developing it, in the
    /// canonical order, as keys of [`ActivityTable::canonical_key`]: what screening reads for
    /// needs in the framework.
    by_competence_at: Vec<Vec<u64>>,
    /// Per activity position: its rank in the order of activity ids (equal ids, equal rank), so
    /// candidates sort into the canonical order without comparing ids.
    id_rank: Vec<u32>,
    /// The distinct languages of instruction in the catalog.
    languages: Vec<String>,
    /// Per activity position: its language's position in `languages`.
    language_of: Vec<u32>,
    /// Per activity position: its usable sessions (see [`Cand::sessions`]). Which sessions have a
    /// free seat and start on or after `as_of`, and their days after `as_of`, depend only on the
    /// catalog and the organisation's `as_of`, both fixed for the engine, so every person gets
    /// the same list; it is worked out once instead of per candidate.
    sessions: Vec<Vec<(i64, i64, usize)>>,
    /// Per activity position and education (see [`Education::index`]): the eligible funding
    /// sources and what each would pay before caps (see [`Cand::funding`]). Eligibility depends
    /// only on the activity's form and the person's education, and the amounts only on the
    /// activity's fee (group estimate included) and hours away, so the list is the same for
    /// everyone with that education.
    funding: Vec<Vec<(usize, i64)>>,
    /// Per employee: buddy activities agreed with them as the buddy (planned or in progress).
    agreed_mentees: Vec<u32>,
    /// Per unit position: employees whose department is that unit.
    department_members: Vec<Vec<usize>>,
    /// Per activity position: its buddy competence set (position in `buddy_sets`), for buddy
    /// activities.
    buddy_set: Vec<Option<u32>>,
    /// The buddy competence sets: the distinct competences a buddy activity develops, sorted.
    buddy_sets: Vec<Vec<String>>,
    /// Per buddy search (see [`search_slot`]), built when a learner first searches that way (the
    /// policy's default or a `buddy_search` rule's): the skylines of every pool.
    buddy_skylines: [OnceLock<Skylines>; 3],
    /// The timing factor by lead (days from a step's end to the deadline), for leads below
    /// [`TIMING_TABLE_DAYS`] (see [`timing_factor`]): the search asks for it at every step.
    timing: Vec<f64>,
    /// `timing.window_days` in whole days: a step ending this many days or fewer before a
    /// deadline has the full timing factor (see [`Person::schedule`]).
    window: i64,
}

/// Leads up to which the timing factor is tabled (longer leads compute it).
const TIMING_TABLE_DAYS: usize = 4096;

/// The timing factor of a gain whose step ends `lead` days before the need's deadline (see the
/// module docs).
fn timing_factor(policy: &Policy, lead: i64) -> f64 {
    let window = policy.timing.window_days;
    if lead < 0 {
        0.0
    } else if (lead as f64) <= window {
        1.0
    } else {
        let half_life = if policy.timing.half_life_days.is_finite() && policy.timing.half_life_days > 0.0 {
            policy.timing.half_life_days
        } else {
            1.0
        };
        finite_or_zero(0.5f64.powf((lead as f64 - window) / half_life))
    }
}

/// A policy's `timing.window_days` in whole days (rounded down; validation keeps it a finite,
/// non-negative number, anything else counts as 0).
fn whole_days(days: f64) -> i64 {
    if days.is_finite() && days > 0.0 { days.floor().min(1e9) as i64 } else { 0 }
}

/// Per buddy competence set, per buddy pool (see [`buddy_pool`]): the possible buddies that can
/// ever be the first qualified one for a learner with fewer than [`SKYLINE_DEPTH`] exclusions,
/// in the ranking order (most spare capacity, lowest wage cost, id).
type Skylines = Vec<Vec<Skyline>>;

/// The possible buddies of one competence set in one pool, in the ranking order, with their
/// levels in the set's competences (the order of [`ActivityTable::buddy_sets`]), one row per
/// colleague: worked out while the skyline is built, so learners read them instead of looking
/// each colleague's levels up by competence id.
#[derive(Debug, Clone, Default)]
struct Skyline {
    members: Vec<u32>,
    levels: Vec<u8>,
}

/// The position of a buddy search in [`ActivityTable::buddy_skylines`].
fn search_slot(search: BuddySearch) -> usize {
    match search {
        BuddySearch::SameUnit => 0,
        BuddySearch::Department => 1,
        BuddySearch::Organisation => 2,
    }
}

/// How many exclusions (the learner and the buddies in their history) the precomputed buddy
/// lists tolerate: a colleague is left out only when this many earlier colleagues are at least
/// as competent in every competence of the activity.
const SKYLINE_DEPTH: usize = 4;

/// The buddy pool of a unit under a buddy search: the unit, its department or everyone.
fn buddy_pool(search: BuddySearch, index: &Index, unit: usize) -> usize {
    match search {
        BuddySearch::SameUnit => unit,
        BuddySearch::Department => index.department.get(unit).copied().unwrap_or(0),
        BuddySearch::Organisation => 0,
    }
}

/// A colleague's spare buddy capacity: their limit (or the policy's) minus agreed mentees.
fn spare_capacity(policy: &Policy, buddy: &Employee, agreed: u32) -> i64 {
    i64::from(buddy.max_mentees.unwrap_or(policy.buddy.max_mentees)) - i64::from(agreed)
}

/// Can a colleague with these levels (per entry of `devs`) ever qualify? Any step raises some
/// entry by at least one level, so a colleague below that on every entry never can.
fn may_qualify(needs: &[Need], devs: &[Dev], levels: &[u8], margin: u8) -> bool {
    devs.iter()
        .zip(levels)
        .any(|(d, &l)| u32::from(l) >= u32::from(needs[d.need].current) + 1 + u32::from(margin))
}

/// Reduces a ranked buddy list to the colleagues that can be the first qualified one: drops
/// those who can never qualify and those at least matched, on every entry, by an earlier
/// colleague (who qualifies whenever they do, and comes first). The step picks the first
/// qualified colleague, so its choice is unchanged for every path.
///
/// Why reduce: the precomputed list (skyline) and the scan differ only in colleagues that are
/// never first, so their reductions are the same list. Every search kind and the history
/// fallback then give a candidate the same buddy list, which keeps the dominance pruning
/// (equal ranked lists, see `paths_reduce`) independent of how the list was found, and the
/// search's buddy test short.
fn reduce_buddies(list: &mut Vec<BuddyCand>, needs: &[Need], devs: &[Dev], margin: u8) {
    let mut kept = 0;
    for i in 0..list.len() {
        let x = &list[i];
        let covered = !may_qualify(needs, devs, &x.levels, margin)
            || list[..kept].iter().any(|y| y.levels.iter().zip(&x.levels).all(|(a, b)| a >= b));
        if !covered {
            list.swap(kept, i);
            kept += 1;
        }
    }
    list.truncate(kept);
}

/// [`reduce_buddies`] applied to the colleagues `ranked` (in the ranking order) as they come:
/// their levels are worked out into one buffer, so only the colleagues kept get a list of their
/// own. Same test, same order, hence the same list as building every colleague and reducing.
/// A colleague may come with a row of levels on a competence set and `slots` the position of
/// each entry's competence in it (a [`Skyline`]'s); otherwise the levels are looked up.
fn reduced_buddies<'r>(
    env: Env<'_>,
    needs: &[Need],
    act: &LearningActivity,
    devs: &[Dev],
    slots: Option<&[usize]>,
    ranked: impl Iterator<Item = (usize, Option<&'r [u8]>)>,
) -> Vec<BuddyCand> {
    let margin = env.policy.buddy.level_margin;
    let width = devs.len().max(1);
    let mut kept: Vec<usize> = Vec::new();
    let mut kept_levels: Vec<u8> = Vec::new();
    let mut levels: Vec<u8> = Vec::with_capacity(width);
    for (b, row) in ranked {
        let Some(buddy) = env.org.employees.get(b) else { continue };
        levels.clear();
        match (row, slots) {
            (Some(row), Some(slots)) => {
                levels.extend(slots.iter().map(|&s| row.get(s).copied().unwrap_or(0)))
            }
            _ => levels.extend(devs.iter().map(|d| buddy.level(&needs[d.need].competence))),
        }
        let covered = !may_qualify(needs, devs, &levels, margin)
            || kept_levels.chunks_exact(width).any(|y| y.iter().zip(&levels).all(|(a, b)| a >= b));
        if !covered {
            kept.push(b);
            kept_levels.extend_from_slice(&levels);
        }
    }
    kept.into_iter()
        .zip(kept_levels.chunks_exact(width))
        .map(|(b, levels)| {
            let buddy = &env.org.employees[b];
            let cost = kroner(finite_or_zero(act.mentor_hours) * buddy.wage_cost_per_hour as f64);
            BuddyCand { employee: b, levels: levels.to_vec(), cost }
        })
        .collect()
}

impl ActivityTable {
    pub(crate) fn build(
        org: &Organisation,
        catalog: &Catalog,
        policy: &Policy,
        index: &Index,
    ) -> ActivityTable {
        let mut table = ActivityTable::build_lookups(org, catalog, index);
        table.build_buddy_sets(catalog);
        table.sessions = catalog.activities.iter().map(|act| usable_sessions(act, org.as_of)).collect();
        table.funding = catalog
            .activities
            .iter()
            .flat_map(|act| {
                let (fee, _) = activity_fee(act);
                let hours = activity_hours(act);
                Education::ALL.iter().map(move |&e| eligible_funding(policy, act, e, fee, hours))
            })
            .collect();
        table.timing = (0..TIMING_TABLE_DAYS as i64).map(|lead| timing_factor(policy, lead)).collect();
        table.window = whole_days(policy.timing.window_days);
        table
    }

    /// The position of an activity in the canonical candidate order: activity id (by rank), then
    /// catalog position; the position is the low half, see [`key_activity`].
    fn canonical_key(&self, a: usize) -> u64 {
        (u64::from(self.id_rank.get(a).copied().unwrap_or(u32::MAX)) << 32) | (a as u64 & 0xffff_ffff)
    }

    /// [`timing_factor`], from the table when the lead is in it.
    fn timing(&self, policy: &Policy, lead: i64) -> f64 {
        match usize::try_from(lead).ok().and_then(|l| self.timing.get(l)) {
            Some(&t) => t,
            None => timing_factor(policy, lead),
        }
    }

    /// Groups the buddy activities by the competences they develop: one skyline per group.
    fn build_buddy_sets(&mut self, catalog: &Catalog) {
        let mut sets: Vec<Vec<&str>> = Vec::new();
        self.buddy_set = catalog
            .activities
            .iter()
            .map(|a| {
                if a.mentor != Some(MentorKind::Buddy) {
                    return None;
                }
                let mut set: Vec<&str> = a.develops.iter().map(|d| d.competence.as_str()).collect();
                set.sort_unstable();
                set.dedup();
                let i = sets.iter().position(|s| *s == set).unwrap_or_else(|| {
                    sets.push(set);
                    sets.len() - 1
                });
                Some(i as u32)
            })
            .collect();
        self.buddy_sets = sets.into_iter().map(|set| set.into_iter().map(str::to_owned).collect()).collect();
    }

    /// The skylines of a buddy search, built on first use (the first learner who searches that
    /// way waits for them; their cost is a few passes over the organisation).
    fn buddy_skylines(&self, env: Env<'_>, search: BuddySearch) -> &Skylines {
        self.buddy_skylines[search_slot(search)]
            .get_or_init(|| self.build_buddy_skylines(env.org, env.policy, env.index, search))
    }

    /// Precomputes the buddy lists of one buddy search, so a learner's buddy candidates come
    /// from a few colleagues instead of a scan of their whole unit, department or organisation.
    fn build_buddy_skylines(
        &self,
        org: &Organisation,
        policy: &Policy,
        index: &Index,
        search: BuddySearch,
    ) -> Skylines {
        if self.buddy_sets.is_empty() {
            return Vec::new();
        }
        let n_pools = match search {
            BuddySearch::Organisation => 1,
            _ => org.units.len().max(1),
        };
        // Members of each pool with spare capacity, in the ranking order.
        let mut pools: Vec<Vec<(i64, i64, &str, usize)>> = vec![Vec::new(); n_pools];
        for (b, e) in org.employees.iter().enumerate() {
            let spare = spare_capacity(policy, e, self.agreed_mentees.get(b).copied().unwrap_or(0));
            if spare < 1 {
                continue;
            }
            let unit = index.employee_unit.get(b).copied().unwrap_or(0);
            if let Some(pool) = pools.get_mut(buddy_pool(search, index, unit)) {
                pool.push((-spare, e.wage_cost_per_hour, e.id.as_str(), b));
            }
        }
        for pool in &mut pools {
            pool.sort_unstable();
        }
        let mut levels: Vec<u8> = Vec::new();
        self.buddy_sets
            .iter()
            .map(|set| {
                let width = set.len();
                pools
                    .iter()
                    .map(|pool| {
                        let mut kept: Vec<u32> = Vec::new();
                        levels.clear();
                        for &(_, _, _, b) in pool {
                            let e = &org.employees[b];
                            let start = levels.len();
                            levels.extend(set.iter().map(|c| e.level(c)));
                            let (done, mine) = levels.split_at(start);
                            let dominating = done
                                .chunks_exact(width.max(1))
                                .filter(|k| k.iter().zip(mine).all(|(x, y)| x >= y))
                                .take(SKYLINE_DEPTH)
                                .count();
                            if dominating < SKYLINE_DEPTH {
                                kept.push(b as u32);
                            } else {
                                levels.truncate(start);
                            }
                        }
                        Skyline { members: kept, levels: levels.clone() }
                    })
                    .collect()
            })
            .collect()
    }

    fn build_lookups(org: &Organisation, catalog: &Catalog, index: &Index) -> ActivityTable {
        let mut by_competence: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, a) in catalog.activities.iter().enumerate() {
            for d in &a.develops {
                let list = by_competence.entry(d.competence.clone()).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        let mut develops = Vec::new();
        let develops_range = catalog
            .activities
            .iter()
            .map(|a| {
                let start = develops.len() as u32;
                develops.extend(a.develops.iter().map(|d| {
                    let at = index.competences.get(&d.competence).and_then(|&at| u32::try_from(at).ok());
                    (at.unwrap_or(NOT_IN_FRAMEWORK), d.gain, d.entry_level, d.ceiling)
                }));
                (start, develops.len() as u32)
            })
            .collect();
        let mut by_id: Vec<usize> = (0..catalog.activities.len()).collect();
        by_id.sort_by(|&x, &y| catalog.activities[x].id.cmp(&catalog.activities[y].id));
        let mut id_rank = vec![0u32; catalog.activities.len()];
        let mut rank = 0u32;
        for (k, &a) in by_id.iter().enumerate() {
            if k > 0 && catalog.activities[by_id[k - 1]].id != catalog.activities[a].id {
                rank += 1;
            }
            id_rank[a] = rank;
        }
        let mut by_competence_at: Vec<Vec<u64>> = org
            .framework
            .competences
            .iter()
            .map(|c| {
                let list = by_competence.get(&c.id).map(Vec::as_slice).unwrap_or(&[]);
                list.iter().map(|&a| (u64::from(id_rank[a as usize]) << 32) | u64::from(a)).collect()
            })
            .collect();
        for list in &mut by_competence_at {
            list.sort_unstable();
        }
        let mut languages: Vec<String> = Vec::new();
        let language_of = catalog
            .activities
            .iter()
            .map(|a| match languages.iter().position(|l| *l == a.language) {
                Some(i) => i as u32,
                None => {
                    languages.push(a.language.clone());
                    (languages.len() - 1) as u32
                }
            })
            .collect();
        let mut agreed_mentees = vec![0u32; org.employees.len()];
        for plan in &org.plans {
            for a in &plan.activities {
                if !matches!(a.status, ActivityStatus::Planned | ActivityStatus::InProgress) {
                    continue;
                }
                if let Some(&b) = a.buddy.as_ref().and_then(|b| index.employees.get(b)) {
                    agreed_mentees[b] = agreed_mentees[b].saturating_add(1);
                }
            }
        }
        let mut department_members = vec![Vec::new(); org.units.len()];
        for p in 0..org.employees.len() {
            let unit = index.employee_unit.get(p).copied().unwrap_or(0);
            let dept = index.department.get(unit).copied().unwrap_or(0);
            if let Some(m) = department_members.get_mut(dept) {
                m.push(p);
            }
        }
        ActivityTable {
            by_competence,
            by_competence_at,
            develops_range,
            develops,
            id_rank,
            languages,
            language_of,
            sessions: Vec::new(),
            funding: Vec::new(),
            agreed_mentees,
            department_members,
            buddy_set: Vec::new(),
            buddy_sets: Vec::new(),
            buddy_skylines: Default::default(),
            timing: Vec::new(),
            window: 0,
        }
    }
}

/// Everything a per-person search reads.
#[derive(Clone, Copy)]
pub(crate) struct Env<'a> {
    pub org: &'a Organisation,
    pub catalog: &'a Catalog,
    pub policy: &'a Policy,
    pub index: &'a Index,
    pub table: &'a ActivityTable,
    /// Transfer estimates learned from evaluations (D9), by activity position.
    pub transfer: &'a crate::evaluation::TransferEstimates,
    /// The policy's compiled rules.
    pub rules: &'a crate::rules::CompiledRules,
    /// Names the explanations are rendered with, shared by every recommendation.
    pub lexicon: &'a Arc<Lexicon>,
}

/// The framework position of a competence that is not in the framework, in
/// [`ActivityTable::develops`].
const NOT_IN_FRAMEWORK: u32 = u32::MAX;

/// The catalog position in a key of [`ActivityTable::canonical_key`].
fn key_activity(key: u64) -> usize {
    (key & 0xffff_ffff) as usize
}

/// An activity's hours away as the search counts them: not a non-negative number never fits.
fn activity_hours(act: &LearningActivity) -> f64 {
    if act.hours_away.is_finite() && act.hours_away >= 0.0 { act.hours_away } else { f64::INFINITY }
}

/// An activity's fee per participant, a group activity's share of its fixed cost included, and
/// whether that estimate is included.
fn activity_fee(act: &LearningActivity) -> (i64, bool) {
    let group_share = act.group.as_ref().map(|g| {
        if g.max_participants == 0 {
            g.fixed_cost
        } else {
            kroner(g.fixed_cost as f64 / f64::from(g.max_participants))
        }
    });
    (act.fee.saturating_add(group_share.unwrap_or(0)), group_share.is_some())
}

/// An activity's usable sessions: free seat, starting on or after `as_of`, as (start day, end
/// day, session position) sorted by end, start, id (see [`Cand::sessions`]).
fn usable_sessions(act: &LearningActivity, as_of: crate::model::Date) -> Vec<(i64, i64, usize)> {
    let mut sessions: Vec<(i64, i64, usize)> = act
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.booked < s.seats && s.start >= as_of && s.end >= s.start)
        .map(|(i, s)| (as_of.days_until(s.start), as_of.days_until(s.end), i))
        .collect();
    sessions.sort_by(|x, y| {
        x.1.cmp(&y.1).then(x.0.cmp(&y.0)).then_with(|| act.sessions[x.2].id.cmp(&act.sessions[y.2].id))
    });
    sessions
}

/// The funding sources, in policy order, that an activity with this fee and these hours is
/// eligible for with this education, and what each would pay before caps.
fn eligible_funding(
    policy: &Policy,
    act: &LearningActivity,
    education: Education,
    fee: i64,
    hours: f64,
) -> Vec<(usize, i64)> {
    policy
        .funding
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            (f.forms.is_empty() || f.forms.contains(&act.form))
                && (f.education.is_empty() || f.education.contains(&education))
        })
        .map(|(i, f)| {
            let raw = match f.covers {
                FundingCovers::Fees => kroner(finite_or_zero(f.share).min(1.0) * fee as f64),
                FundingCovers::Wages => {
                    if hours.is_finite() {
                        kroner(f.rate_per_hour as f64 * hours)
                    } else {
                        0
                    }
                }
            };
            (i, raw.max(0))
        })
        .collect()
}

/// Why an activity was screened out before it became a candidate; turned into a
/// [`RejectReason`] only for the few rejections reported.
#[derive(Debug, Clone)]
enum Screened {
    /// Taught in a language the person does not learn in.
    Language,
    /// Raises no need from any reachable level.
    NoGain,
    /// Raises only this need, which must be certified, and does not certify.
    NotCertifying(String),
    /// Excluded by this policy rule.
    Policy(String),
}

impl Screened {
    fn reason(&self, act: &LearningActivity) -> RejectReason {
        match self {
            Screened::Language => RejectReason::Language { language: act.language.clone() },
            Screened::NoGain => RejectReason::NoGain,
            Screened::NotCertifying(competence) => {
                RejectReason::NotCertifying { competence: competence.clone() }
            }
            Screened::Policy(rule) => RejectReason::Policy { rule: rule.clone() },
        }
    }
}

/// Rounds to whole kroner; not-a-number counts as 0 and huge values saturate.
pub(crate) fn kroner(x: f64) -> i64 {
    if x.is_finite() { x.round().clamp(-1e15, 1e15) as i64 } else { 0 }
}

pub(crate) fn finite_or_zero(x: f64) -> f64 {
    if x.is_finite() { x.max(0.0) } else { 0.0 }
}

/// One `develops` entry that touches a need.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Dev {
    need: usize,
    gain: u8,
    entry: u8,
    ceiling: u8,
}

/// Entries [`Devs`] holds without allocating: most activities develop one to three
/// competences.
const INLINE_DEVS: usize = 4;

/// A candidate's `develops` entries on the person's needs, in catalog order: inline up to
/// [`INLINE_DEVS`], so most candidates allocate nothing for them; reads like a slice.
#[derive(Debug, Clone)]
enum Devs {
    Inline(u8, [Dev; INLINE_DEVS]),
    Heap(Vec<Dev>),
}

impl Devs {
    fn new(devs: &[Dev]) -> Devs {
        if devs.len() <= INLINE_DEVS {
            let mut items = [Dev { need: 0, gain: 0, entry: 0, ceiling: 0 }; INLINE_DEVS];
            items[..devs.len()].copy_from_slice(devs);
            Devs::Inline(devs.len() as u8, items)
        } else {
            Devs::Heap(devs.to_vec())
        }
    }
}

impl std::ops::Deref for Devs {
    type Target = [Dev];
    fn deref(&self) -> &[Dev] {
        match self {
            Devs::Inline(len, items) => &items[..usize::from(*len)],
            Devs::Heap(v) => v,
        }
    }
}

impl PartialEq for Devs {
    fn eq(&self, other: &Devs) -> bool {
        **self == **other
    }
}

impl<'d> IntoIterator for &'d Devs {
    type Item = &'d Dev;
    type IntoIter = std::slice::Iter<'d, Dev>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[derive(Debug, Clone)]
struct BuddyCand {
    employee: usize,
    /// The buddy's level per entry of `Cand::devs`.
    levels: Vec<u8>,
    cost: i64,
}

#[derive(Debug, Clone)]
enum Mentor {
    None,
    Supervisor(i64),
    Buddy(Vec<BuddyCand>),
}

/// A candidate activity with everything that does not depend on the path precomputed.
#[derive(Debug, Clone)]
struct Cand<'a> {
    activity: usize,
    devs: Devs,
    p: f64,
    pref: f64,
    hours: f64,
    fee: i64,
    group_estimate: bool,
    wage: i64,
    mentor: Mentor,
    /// Usable sessions (free seat, starting on/after as_of): (start day, end day, session
    /// position), sorted by end, start, id. Empty with `on_demand == false`: no free seat.
    sessions: &'a [(i64, i64, usize)],
    on_demand: bool,
    /// Whether the step is timed for its due day (see [`Person::schedule`]); false for an agreed
    /// step, which keeps its dates: an agreed on-demand activity runs from the planning date, as
    /// agreed, and is not moved (D12: re-planning never disturbs what is agreed).
    timed: bool,
    duration_days: i64,
    /// Eligible funding sources and what each would pay before caps.
    funding: &'a [(usize, i64)],
    /// Bits of the `require_follow_up` rules this activity triggers for the person.
    requires: u32,
    /// Bits of the `require_follow_up` rules this activity satisfies (its form is theirs).
    satisfies: u32,
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fail {
    NoGain,
    NoFreeSeat,
    Alarm { need: usize, jump: u8 },
    TooLate,
    Hours,
    NoBuddy,
    Budget { net: i64 },
}

/// The partial path's state.
#[derive(Debug, Clone)]
struct State {
    levels: Vec<u8>,
    /// Last day of the previous step (days after as_of), `None` before the first step.
    prev_end: Option<i64>,
    hours: f64,
    cost: i64,
    effect: f64,
    funding_used: Vec<i64>,
    mask: u64,
    /// `require_follow_up` rules triggered and not yet followed up (bits); a path is offered
    /// only when none are pending.
    pending: u32,
}

#[derive(Debug, Clone, Copy)]
struct RawGain {
    dev: usize,
    need: usize,
    from: u8,
    to: u8,
    lead: i64,
    timing: f64,
    effect: f64,
}

#[derive(Debug, Clone, Copy)]
struct StepOut {
    session: Option<usize>,
    start: i64,
    end: i64,
    supervised: bool,
    supervision_cost: i64,
    buddy: Option<usize>,
    mentor_cost: i64,
    gross: i64,
    net: i64,
    effect: f64,
}

/// One person's instance: needs, candidates, screened-out activities.
struct Person<'a> {
    env: Env<'a>,
    emp: &'a Employee,
    needs: &'a [Need],
    deadline_day: Vec<i64>,
    cands: Vec<Cand<'a>>,
    /// Candidates not searched: dropped by dominance pruning first, then left off a shortlist
    /// (see [`reduce`]). They are still reported among the rejections.
    set_aside: Vec<Cand<'a>>,
    /// Activities screened out, by catalog position.
    screened: Vec<(usize, Screened)>,
    max_hours: f64,
    /// The per-person budget: the lower of `budget.per_person` and any `cap_cost` rule.
    cost_cap: Option<i64>,
    /// The state after the agreed activities (see [`recommend_with_agreed`]); `None`: none.
    start: Option<State>,
    /// The days the kept agreed activities take (first and last day, after `as_of`), by first
    /// day: a new step is never scheduled over them (see [`Person::schedule`]).
    busy: Vec<(i64, i64)>,
}

impl<'a> Person<'a> {
    fn new(
        env: Env<'a>,
        person: usize,
        emp: &'a Employee,
        needs: &'a [Need],
        rules: &PersonRules<'_>,
    ) -> Result<Person<'a>> {
        let as_of = env.org.as_of;
        let table = env.table;
        // The needs' framework positions, to match `develops` entries without comparing ids.
        let need_at: Vec<Option<usize>> =
            needs.iter().map(|n| env.index.competences.get(&n.competence).copied()).collect();
        // The activities developing some need, as canonical keys: sorted, they come in the
        // canonical order (activity id, then catalog position), so the candidates built from
        // them in turn need no sorting.
        let mut acts: Vec<u64> = Vec::new();
        for (n, at) in needs.iter().zip(&need_at) {
            match at.and_then(|at| table.by_competence_at.get(at)) {
                Some(keys) => acts.extend_from_slice(keys),
                None => {
                    if let Some(list) = table.by_competence.get(&n.competence) {
                        acts.extend(list.iter().map(|&a| table.canonical_key(a as usize)));
                    }
                }
            }
        }
        acts.sort_unstable();
        acts.dedup();
        let certification = needs.iter().any(|n| n.certification);
        // Per language of the catalog: does the person learn in it?
        let learnable: Vec<bool> = table.languages.iter().map(|l| emp.learns_in(l)).collect();
        let mut cands: Vec<Cand<'a>> = Vec::new();
        let mut screened = Vec::new();
        let mut devs: Vec<Dev> = Vec::new();
        for &key in &acts {
            let a = key_activity(key);
            let Some(act) = env.catalog.activities.get(a) else { continue };
            let learns = match table.language_of.get(a).and_then(|&l| learnable.get(l as usize)) {
                Some(&learns) => learns,
                None => emp.learns_in(&act.language),
            };
            if !learns {
                screened.push((a, Screened::Language));
                continue;
            }
            devs.clear();
            // The entries on needs: by framework position, by id for a competence outside it.
            let by_id = |k: usize| {
                act.develops.get(k).and_then(|d| needs.iter().position(|n| n.competence == d.competence))
            };
            match table.develops_range.get(a).and_then(|&(s, e)| table.develops.get(s as usize..e as usize)) {
                Some(entries) => {
                    for (k, &(at, gain, entry, ceiling)) in entries.iter().enumerate() {
                        let need = if at == NOT_IN_FRAMEWORK {
                            by_id(k)
                        } else {
                            need_at.iter().position(|&n| n == Some(at as usize))
                        };
                        if let Some(need) = need
                            && gain > 0
                        {
                            devs.push(Dev { need, gain, entry, ceiling });
                        }
                    }
                }
                None => {
                    for (k, d) in act.develops.iter().enumerate() {
                        if let Some(need) = by_id(k)
                            && d.gain > 0
                        {
                            devs.push(Dev { need, gain: d.gain, entry: d.entry_level, ceiling: d.ceiling });
                        }
                    }
                }
            }
            // A need that must be certified counts only activities that certify.
            let mut uncertified = None;
            if certification && !act.certifies {
                devs.retain(|d| {
                    let keep = !needs[d.need].certification;
                    if !keep && uncertified.is_none() {
                        uncertified = Some(d.need);
                    }
                    keep
                });
            }
            let useful = devs.iter().any(|d| {
                let n = &needs[d.need];
                n.current.max(d.entry) < n.target.min(d.ceiling)
            });
            if !useful {
                let why = match uncertified {
                    Some(n) => Screened::NotCertifying(needs[n].competence.clone()),
                    None => Screened::NoGain,
                };
                screened.push((a, why));
                continue;
            }
            // Activity rules: once per candidate, before the search.
            let effects = match &rules.scope {
                Some(scope) if env.rules.has_activity_rules() => {
                    Some(env.rules.activity_effects(env.policy, scope, &rules.effects, a, act))
                }
                _ => None,
            };
            if let Some(rule) = effects.as_ref().and_then(|e| e.excluded_by.clone()) {
                screened.push((a, Screened::Policy(rule)));
                continue;
            }
            let mut cand =
                Person::candidate(env, person, emp, needs, a, act, Devs::new(&devs), rules.buddy_search);
            if let Some(e) = effects {
                cand.pref = finite_or_zero(cand.pref * e.effect_factor);
                cand.requires = e.requires;
            }
            cand.satisfies = rules
                .follow_up_forms
                .iter()
                .enumerate()
                .filter(|(_, f)| **f == act.form)
                .fold(0u32, |acc, (i, _)| acc | (1 << i));
            cands.push(cand);
        }
        let deadline_day = needs.iter().map(|n| as_of.days_until(n.deadline)).collect();
        let mut max_hours = if emp.max_hours_away.is_finite() { emp.max_hours_away } else { 0.0 };
        if let Some((cap, _)) = &rules.effects.cap_hours {
            max_hours = max_hours.min(*cap);
        }
        let cost_cap = match (env.policy.budget.per_person, &rules.effects.cap_cost) {
            (Some(a), Some((b, _))) => Some(a.min(*b)),
            (a, b) => a.or(b.as_ref().map(|x| x.0)),
        };
        Ok(Person {
            env,
            emp,
            needs,
            deadline_day,
            cands,
            set_aside: Vec::new(),
            screened,
            max_hours,
            cost_cap,
            start: None,
            busy: Vec::new(),
        })
    }

    /// The candidate for activity `a`; sessions and funding are borrowed from the engine's
    /// [`ActivityTable`], where they were worked out once for everyone.
    #[allow(clippy::too_many_arguments)]
    fn candidate(
        env: Env<'a>,
        person: usize,
        emp: &Employee,
        needs: &[Need],
        a: usize,
        act: &LearningActivity,
        devs: Devs,
        buddy_search: crate::model::BuddySearch,
    ) -> Cand<'a> {
        let policy = env.policy;
        let table = env.table;
        let pref = match emp.preferences.get(&act.form.family()).copied().unwrap_or_default() {
            Preference::Prefers => policy.preferences.prefers,
            Preference::Neutral => policy.preferences.neutral,
            Preference::Avoids => policy.preferences.avoids,
        };
        let hours = activity_hours(act);
        let (fee, group_estimate) = activity_fee(act);
        let wage = if hours.is_finite() { kroner(hours * emp.wage_cost_per_hour as f64) } else { 0 };
        let mentor = match act.mentor {
            None => Mentor::None,
            Some(MentorKind::Supervisor) => Mentor::Supervisor(kroner(
                finite_or_zero(act.mentor_hours) * policy.zones.supervisor_cost_per_hour as f64,
            )),
            Some(MentorKind::Buddy) => {
                Mentor::Buddy(Person::buddies(env, person, emp, needs, a, act, &devs, buddy_search))
            }
        };
        // The table is built from this catalog, so every position is in it.
        let sessions = table.sessions.get(a).map_or(&[][..], Vec::as_slice);
        let funding = table
            .funding
            .get(a * Education::ALL.len() + emp.education.index())
            .map_or(&[][..], Vec::as_slice);
        Cand {
            activity: a,
            devs,
            p: transfer_estimate(env, a, act),
            pref: finite_or_zero(pref),
            hours,
            fee,
            group_estimate,
            wage,
            mentor,
            sessions,
            on_demand: act.sessions.is_empty(),
            timed: true,
            duration_days: (i64::from(act.duration_weeks) * 7).max(1),
            funding,
            requires: 0,
            satisfies: 0,
        }
    }

    /// Colleagues who could be this activity's buddy, best first (see the module docs): from the
    /// precomputed skyline of the learner's pool under `search` (the policy's search or a
    /// `buddy_search` rule's), or by a scan of the pool when the learner has too many past
    /// buddies for the skyline. Both give the same list, reduced by [`reduce_buddies`].
    #[allow(clippy::too_many_arguments)]
    fn buddies(
        env: Env<'a>,
        person: usize,
        emp: &Employee,
        needs: &[Need],
        a: usize,
        act: &LearningActivity,
        devs: &[Dev],
        search: BuddySearch,
    ) -> Vec<BuddyCand> {
        match Person::buddies_precomputed(env, person, emp, needs, a, act, devs, search) {
            Some(list) => list,
            None => {
                let mut list = Person::buddies_scanned(env, person, emp, needs, act, devs, search);
                reduce_buddies(&mut list, needs, devs, env.policy.buddy.level_margin);
                list
            }
        }
    }

    /// Every colleague in the learner's pool who could qualify, in the ranking order: fewest past
    /// periods with the learner, most spare capacity, lowest wage cost, id.
    fn buddies_scanned(
        env: Env<'a>,
        person: usize,
        emp: &Employee,
        needs: &[Need],
        act: &LearningActivity,
        devs: &[Dev],
        search: BuddySearch,
    ) -> Vec<BuddyCand> {
        let policy = env.policy;
        let unit = env.index.employee_unit.get(person).copied().unwrap_or(0);
        let all: Vec<usize>;
        let pool: &[usize] = match search {
            BuddySearch::SameUnit => env.index.members.get(unit).map(Vec::as_slice).unwrap_or(&[]),
            BuddySearch::Department => {
                let dept = env.index.department.get(unit).copied().unwrap_or(0);
                env.table.department_members.get(dept).map(Vec::as_slice).unwrap_or(&[])
            }
            BuddySearch::Organisation => {
                all = (0..env.org.employees.len()).collect();
                &all
            }
        };
        let mut out: Vec<(u32, i64, i64, &str, BuddyCand)> = Vec::new();
        for &b in pool {
            if b == person {
                continue;
            }
            let Some(buddy) = env.org.employees.get(b) else { continue };
            let spare = spare_capacity(policy, buddy, env.table.agreed_mentees.get(b).copied().unwrap_or(0));
            if spare < 1 {
                continue;
            }
            let periods: u32 = emp
                .buddy_history
                .iter()
                .filter(|h| h.buddy == buddy.id)
                .fold(0u32, |acc, h| acc.saturating_add(h.periods));
            if periods > 0 && periods >= policy.buddy.rotation_periods {
                continue;
            }
            let levels: Vec<u8> = devs.iter().map(|d| buddy.level(&needs[d.need].competence)).collect();
            if !may_qualify(needs, devs, &levels, policy.buddy.level_margin) {
                continue;
            }
            let cost = kroner(finite_or_zero(act.mentor_hours) * buddy.wage_cost_per_hour as f64);
            out.push((
                periods,
                -spare,
                buddy.wage_cost_per_hour,
                buddy.id.as_str(),
                BuddyCand { employee: b, levels, cost },
            ));
        }
        out.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)).then(x.3.cmp(y.3)));
        out.into_iter().map(|x| x.4).collect()
    }

    /// The colleagues of [`Person::buddies_scanned`] that can be the first qualified one, from
    /// the precomputed skyline of the learner's pool, already reduced like [`reduce_buddies`]
    /// does: `None` (scan instead) when the learner has too many past buddies for the skyline
    /// to be exact. Exact because the first qualified
    /// colleague in the scan is either in the skyline or preceded there by [`SKYLINE_DEPTH`]
    /// colleagues at least as competent, all of whom would qualify too and so must all be
    /// excluded.
    #[allow(clippy::too_many_arguments)]
    fn buddies_precomputed(
        env: Env<'a>,
        person: usize,
        emp: &Employee,
        needs: &[Need],
        a: usize,
        act: &LearningActivity,
        devs: &[Dev],
        search: BuddySearch,
    ) -> Option<Vec<BuddyCand>> {
        let policy = env.policy;
        let set = (*env.table.buddy_set.get(a)?)? as usize;
        // Past buddies with their periods summed, by employee position.
        let mut history: Vec<(usize, u32)> = Vec::new();
        for h in &emp.buddy_history {
            let Some(&b) = env.index.employees.get(&h.buddy) else { continue };
            match history.iter_mut().find(|x| x.0 == b) {
                Some(x) => x.1 = x.1.saturating_add(h.periods),
                None => history.push((b, h.periods)),
            }
        }
        history.retain(|x| x.1 > 0);
        if history.len() + 1 >= SKYLINE_DEPTH {
            return None;
        }
        let unit = env.index.employee_unit.get(person).copied().unwrap_or(0);
        let pool_id = buddy_pool(search, env.index, unit);
        let skyline = env.table.buddy_skylines(env, search).get(set)?.get(pool_id)?;
        // Each entry's competence in the set (the set holds every competence the activity
        // develops, and an entry's need is on the entry's competence), so the skyline's rows
        // give the same levels as looking them up.
        let set_ids = env.table.buddy_sets.get(set)?;
        let width = set_ids.len();
        let slots: Option<Vec<usize>> = devs
            .iter()
            .map(|d| set_ids.binary_search_by(|c| c.as_str().cmp(needs[d.need].competence.as_str())).ok())
            .collect();
        let row = |i: usize| skyline.levels.get(i * width..(i + 1) * width);
        let new = skyline
            .members
            .iter()
            .enumerate()
            .map(|(i, &b)| (b as usize, row(i)))
            .filter(|&(b, _)| b != person && !history.iter().any(|x| x.0 == b));
        // Past buddies not yet rotated out come after everyone new, fewest periods first.
        let mut past: Vec<(u32, i64, i64, &str, usize)> = history
            .iter()
            .filter(|&&(b, periods)| {
                let bu = env.index.employee_unit.get(b).copied().unwrap_or(0);
                b != person
                    && periods < policy.buddy.rotation_periods
                    && buddy_pool(search, env.index, bu) == pool_id
            })
            .filter_map(|&(b, periods)| {
                let e = &env.org.employees[b];
                let spare = spare_capacity(policy, e, env.table.agreed_mentees.get(b).copied().unwrap_or(0));
                (spare >= 1).then_some((periods, -spare, e.wage_cost_per_hour, e.id.as_str(), b))
            })
            .collect();
        past.sort_unstable();
        let ranked = new.chain(past.into_iter().map(|x| (x.4, None)));
        Some(reduced_buddies(env, needs, act, devs, slots.as_deref(), ranked))
    }

    fn initial_state(&self) -> State {
        State {
            levels: self.needs.iter().map(|n| n.current).collect(),
            prev_end: None,
            hours: 0.0,
            cost: 0,
            effect: 0.0,
            funding_used: vec![0; self.env.policy.funding.len()],
            mask: 0,
            pending: 0,
        }
    }

    /// The state the search starts from: after the agreed activities, when there are any.
    fn start_state(&self) -> State {
        self.start.clone().unwrap_or_else(|| self.initial_state())
    }

    /// Does candidate `c` fail as the next step after `st` and after every state a path reaches
    /// from it? Along a path the simulated levels, the last day and the hours only grow, so a
    /// candidate past the hours cap, with no free session left to start after the last day, or
    /// whose every entry has reached its ceiling or target (no gain) stays infeasible: the search
    /// skips it below this node without changing what it finds or how many nodes it counts.
    /// `latest_start` is the last day one of `c`'s sessions starts (any value when on demand).
    fn spent(&self, c: &Cand, st: &State, latest_start: i64) -> bool {
        if st.hours + c.hours > self.max_hours + 1e-9 {
            return true;
        }
        if !c.on_demand && latest_start < st.prev_end.map_or(0, |e| e + 1) {
            return true;
        }
        c.devs.iter().all(|d| st.levels[d.need] >= d.ceiling.min(self.needs[d.need].target))
    }

    /// Tries candidate `c` as the next step after `st`. On success `gains` and `funding` hold
    /// the step's gains and funding (cleared first).
    fn step(
        &self,
        c: &Cand,
        st: &State,
        gains: &mut Vec<RawGain>,
        funding: &mut Vec<(usize, i64)>,
    ) -> std::result::Result<StepOut, Fail> {
        let policy = self.env.policy;
        gains.clear();
        funding.clear();
        // Levels.
        let mut max_jump = (0u8, 0usize);
        for (di, d) in c.devs.iter().enumerate() {
            // A competence listed twice continues from the level the earlier entry reached.
            let prior = gains.iter().position(|g| g.need == d.need);
            let old = prior.map_or(st.levels[d.need], |i| gains[i].to);
            if d.entry > old {
                continue;
            }
            let new = old.saturating_add(d.gain).min(d.ceiling).min(self.needs[d.need].target);
            if new <= old {
                continue;
            }
            match prior {
                Some(i) => {
                    gains[i].to = new;
                    gains[i].dev = di;
                }
                None => gains.push(RawGain {
                    dev: di,
                    need: d.need,
                    from: old,
                    to: new,
                    lead: 0,
                    timing: 0.0,
                    effect: 0.0,
                }),
            }
        }
        if gains.is_empty() {
            return Err(Fail::NoGain);
        }
        for g in gains.iter() {
            let jump = g.to - g.from;
            if jump > max_jump.0 {
                max_jump = (jump, g.need);
            }
        }
        // Schedule: in time for the most urgent dated need the step raises.
        let dated = gains.iter().filter(|g| c.timed && !self.needs[g.need].deadline_is_default);
        let due = dated.map(|g| self.deadline_day[g.need]).min();
        let Some((session, start, end)) = self.schedule(c, st, due) else { return Err(Fail::NoFreeSeat) };
        // Zones.
        let zones = &policy.zones;
        if max_jump.0 > zones.supervised_max_jump.max(zones.stretch_max_jump) {
            return Err(Fail::Alarm { need: max_jump.1, jump: max_jump.0 });
        }
        let supervised = max_jump.0 > zones.stretch_max_jump;
        // Timing and effect.
        let mut any_on_time = false;
        let mut effect = 0.0;
        for g in gains.iter_mut() {
            let lead = self.deadline_day[g.need] - end;
            // A need no origin dated is needed now: learning it early loses nothing.
            let timing = if lead >= 0 && self.needs[g.need].deadline_is_default {
                1.0
            } else {
                self.env.table.timing(policy, lead)
            };
            any_on_time |= lead >= 0;
            g.lead = lead;
            g.timing = timing;
            g.effect =
                finite_or_zero(self.needs[g.need].weight * f64::from(g.to - g.from) * c.p * timing * c.pref);
            effect += g.effect;
        }
        if !any_on_time {
            return Err(Fail::TooLate);
        }
        // Hours.
        if st.hours + c.hours > self.max_hours + 1e-9 {
            return Err(Fail::Hours);
        }
        // Mentor.
        let (buddy, mentor_cost) = match &c.mentor {
            Mentor::None => (None, 0),
            Mentor::Supervisor(cost) => (None, *cost),
            Mentor::Buddy(list) => {
                let margin = u32::from(policy.buddy.level_margin);
                let found = list
                    .iter()
                    .find(|b| gains.iter().all(|g| u32::from(b.levels[g.dev]) >= u32::from(g.to) + margin));
                match found {
                    Some(b) => (Some(b.employee), b.cost),
                    None => return Err(Fail::NoBuddy),
                }
            }
        };
        let supervision_cost = if supervised {
            kroner(finite_or_zero(zones.supervision_hours) * zones.supervisor_cost_per_hour as f64)
        } else {
            0
        };
        let gross = c.fee.saturating_add(c.wage).saturating_add(mentor_cost).saturating_add(supervision_cost);
        // Funding.
        let mut left = gross.max(0);
        let mut funded = 0i64;
        for &(src, raw) in c.funding {
            let cap_left = match policy.funding[src].cap_per_person {
                Some(cap) => cap.saturating_sub(st.funding_used[src]).max(0),
                None => i64::MAX,
            };
            let amount = raw.min(cap_left).min(left).max(0);
            if amount > 0 {
                funding.push((src, amount));
                left -= amount;
                funded += amount;
            }
        }
        let net = gross.saturating_sub(funded);
        if let Some(limit) = self.cost_cap
            && st.cost.saturating_add(net) > limit
        {
            return Err(Fail::Budget { net });
        }
        Ok(StepOut {
            session,
            start,
            end,
            supervised,
            supervision_cost,
            buddy,
            mentor_cost,
            gross,
            net,
            effect,
        })
    }

    /// When candidate `c` runs as the next step after `st`: its session (`None` on demand), first
    /// and last day. A step starts at the earliest the day after the previous step's last day;
    /// an on-demand step that would overlap a kept agreed activity starts the day after it ends,
    /// and a session that overlaps one is passed over, so a person never does two activities at
    /// once. `None`: no free session left.
    ///
    /// D12 (learning is forgotten when it is not used soon): with `due`, the deadline of the most
    /// urgent need the step raises that an origin dated, the step is timed to end shortly
    /// before it. An on-demand step starts as late as lets it end `window` days before `due`
    /// (never before the earliest day; as soon as possible when that placement, pushed past
    /// agreed days, would end after `due`). Among the sessions, the first to end inside the
    /// window before `due`; else the last to end before the window (the least decay); else the
    /// first to end. Without `due` (only undated needs, which are needed now) the step starts as
    /// soon as possible, in the first session to end.
    fn schedule(&self, c: &Cand, st: &State, due: Option<i64>) -> Option<(Option<usize>, i64, i64)> {
        let earliest = st.prev_end.map_or(0, |e| e + 1);
        let clear = |start: i64, end: i64| self.busy.iter().all(|&(b0, b1)| b1 < start || b0 > end);
        if c.on_demand {
            // One pass suffices: `busy` is sorted by first day and the start only moves later.
            let place = |from: i64| {
                let mut start = from;
                for &(b0, b1) in &self.busy {
                    if b0 < start + c.duration_days && b1 >= start {
                        start = b1 + 1;
                    }
                }
                (None, start, start + c.duration_days - 1)
            };
            if let Some(due) = due {
                let in_time = due.saturating_sub(self.env.table.window).saturating_sub(c.duration_days - 1);
                if in_time > earliest {
                    let late = place(in_time);
                    if late.2 <= due {
                        return Some(late);
                    }
                }
            }
            Some(place(earliest))
        } else {
            let mut usable = c.sessions.iter().filter(|s| s.0 >= earliest && clear(s.0, s.1));
            let first = usable.next()?;
            let Some(due) = due else { return Some((Some(first.2), first.0, first.1)) };
            let window_opens = due.saturating_sub(self.env.table.window);
            let mut before: Option<&(i64, i64, usize)> = None;
            // Sessions are sorted by last day.
            for s in std::iter::once(first).chain(usable) {
                if s.1 > due {
                    break;
                }
                if s.1 >= window_opens {
                    return Some((Some(s.2), s.0, s.1));
                }
                if before.is_none_or(|b| s.1 > b.1) {
                    before = Some(s);
                }
            }
            let s = before.unwrap_or(first);
            Some((Some(s.2), s.0, s.1))
        }
    }

    fn apply(
        &self,
        c: &Cand,
        ci: usize,
        st: &mut State,
        out: &StepOut,
        gains: &[RawGain],
        funding: &[(usize, i64)],
    ) {
        for g in gains {
            st.levels[g.need] = g.to;
        }
        st.prev_end = Some(out.end);
        st.hours += c.hours;
        st.cost = st.cost.saturating_add(out.net);
        st.effect += out.effect;
        for &(src, amount) in funding {
            st.funding_used[src] = st.funding_used[src].saturating_add(amount);
        }
        // Positions past 63 only occur outside the search (agreed steps fixed before a big
        // candidate list is reduced); they are never looked up in the mask.
        st.mask |= 1u64.checked_shl(ci as u32).unwrap_or(0);
        st.pending = (st.pending & !c.satisfies) | c.requires;
    }
}

/// What the policy's rules decide for one person before the search: the person's context
/// (built once, `None` without rules), person-scoped effects and the follow-up rules' forms.
pub(crate) struct PersonRules<'c> {
    scope: Option<crate::rules::PersonScope<'c>>,
    effects: crate::rules::PersonEffects,
    buddy_search: crate::model::BuddySearch,
    follow_up_forms: Vec<crate::model::LearningForm>,
}

impl PersonRules<'_> {
    pub(crate) fn new<'c>(env: Env<'c>, person: usize, emp: &'c Employee) -> PersonRules<'c> {
        if !env.rules.has_rules() {
            return PersonRules {
                scope: None,
                effects: Default::default(),
                buddy_search: env.policy.buddy.search,
                follow_up_forms: Vec::new(),
            };
        }
        let u = env.index.employee_unit.get(person).copied();
        let unit = u.and_then(|u| env.org.units.get(u));
        let dept = u
            .and_then(|u| env.index.department.get(u))
            .and_then(|&d| env.org.units.get(d))
            .map_or("", |d| d.id.as_str());
        let scope = env.rules.person_context(emp, unit, dept);
        let effects = env.rules.person_effects(env.policy, &scope);
        PersonRules {
            buddy_search: effects.buddy_search.unwrap_or(env.policy.buddy.search),
            follow_up_forms: env.rules.follow_up_forms(env.policy),
            effects,
            scope: Some(scope),
        }
    }
}

/// Where `person`'s buddies come from: the policy's search, or the one a `buddy_search` rule
/// gives this person (what the recommender searched, so the plan's buddy matching searches the
/// same colleagues).
pub(crate) fn buddy_search_of(env: Env<'_>, person: usize) -> crate::model::BuddySearch {
    match env.org.employees.get(person) {
        Some(emp) => PersonRules::new(env, person, emp).buddy_search,
        None => env.policy.buddy.search,
    }
}

/// A point on the frontier found by the search: candidate positions inline, so offering a
/// point allocates nothing.
#[derive(Debug, Clone, Copy)]
struct Point {
    effect: f64,
    cost: i64,
    len: u8,
    steps: [u8; MAX_PATH_LENGTH as usize],
}

impl Point {
    fn new(effect: f64, cost: i64, path: &[u8]) -> Point {
        let mut steps = [0u8; MAX_PATH_LENGTH as usize];
        let len = path.len().min(steps.len());
        steps[..len].copy_from_slice(&path[..len]);
        Point { effect, cost, len: len as u8, steps }
    }

    fn path(&self) -> &[u8] {
        &self.steps[..usize::from(self.len)]
    }
}

fn effect_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Does `p` beat `q` (dominate, or equal point and canonical-first)?
fn beats(p: &Point, q_effect: f64, q_cost: i64, q_path: &[u8]) -> bool {
    // The cost test first: it settles most comparisons without the tolerance arithmetic.
    if p.cost > q_cost {
        return false;
    }
    let eq = effect_eq(p.effect, q_effect);
    if !eq && p.effect < q_effect {
        return false;
    }
    if p.cost < q_cost || !eq {
        return true;
    }
    (p.path().len(), p.path()) <= (q_path.len(), q_path)
}

/// Set of activities used, pending follow-up rules, last day, simulated levels (packed, one
/// byte per need), funding used per source (at most two sources). Instances outside those
/// bounds run without the memo.
type MemoKey = (u64, u32, i64, u64, [i64; 2]);

/// A small multiplicative hasher for the memo's fixed-size integer keys (no DoS concern: keys
/// come from the search, not from outside).
#[derive(Default)]
struct MemoHasher(u64);

impl std::hash::Hasher for MemoHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes a round: `[i64; 2]` hashes its elements as one 16-byte slice.
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_i64(&mut self, x: i64) {
        self.write_u64(x as u64);
    }
}

type Memo = HashMap<MemoKey, (f64, i64), std::hash::BuildHasherDefault<MemoHasher>>;

/// Memo entries kept allocated between persons; a memo that grew past this is dropped instead.
const MEMO_KEEP: usize = 1 << 16;

/// Working memory of the search, reused from one person to the next on the same thread (one
/// per rayon work split in `recommend_all`), so a search allocates only when it outgrows it.
#[derive(Default)]
pub(crate) struct Scratch {
    frontier: Vec<Point>,
    path: Vec<u8>,
    memo: Memo,
    gains: Vec<Vec<RawGain>>,
    funding: Vec<Vec<(usize, i64)>>,
    old_funding: Vec<Vec<(usize, i64)>>,
    bounds: StepBounds,
    steps: Vec<(i64, f64)>,
}

/// Per candidate, what a step with it can at best give, for the search's bounds: the most
/// effect (from the start levels, see [`Person::step_effect_bound`]) and the least net cost
/// (see [`Person::cost_floor`]), with the candidates ranked by both.
#[derive(Default)]
struct StepBounds {
    effect: Vec<f64>,
    floor: Vec<i64>,
    /// Candidates by effect bound, largest first.
    by_effect: Vec<u8>,
    /// Candidates with a positive cost floor by effect per krone, best first.
    by_ratio: Vec<u8>,
    /// Candidates whose step may cost nothing.
    free: Vec<u8>,
    /// Candidates by cost floor, lowest first.
    by_floor: Vec<u8>,
    /// `floor_rest_max[k]`: the largest effect bound of `by_floor[k..]`.
    floor_rest_max: Vec<f64>,
    /// `top_sum[k]`: the sum of the `k` largest effect bounds.
    top_sum: Vec<f64>,
    /// Per candidate, the last day one of its sessions starts (see [`Person::spent`]).
    latest_start: Vec<i64>,
    /// Whether the bounds are used: the person's [`Person::level_bound`] is safe and every
    /// effect bound is a finite number.
    active: bool,
}

struct Search<'p, 'a, 's> {
    person: &'p Person<'a>,
    max_len: usize,
    nodes: u64,
    exceeded: bool,
    frontier: &'s mut Vec<Point>,
    path: &'s mut Vec<u8>,
    memo: Option<&'s mut Memo>,
    /// Per need: the most effect one level can bring (weight × best transfer × preference);
    /// `None` when the bound is not safe (negative or non-finite numbers, negative costs).
    level_bound: Option<Vec<f64>>,
    /// Per candidate bounds of a step (empty when `level_bound` is `None`).
    bounds: &'s StepBounds,
    /// The frontier as a step function, for the bounds: costs ascending, each with the best
    /// effect of any point costing at most that (rebuilt when the frontier changes).
    steps: &'s mut Vec<(i64, f64)>,
    gains: &'s mut [Vec<RawGain>],
    funding: &'s mut [Vec<(usize, i64)>],
    old_funding: &'s mut [Vec<(usize, i64)>],
}

impl Search<'_, '_, '_> {
    fn offer(&mut self, effect: f64, cost: i64) {
        // Below the bar a point found beats it (see `bar_within`); the exact test otherwise.
        // The empty path (index 0) is never removed, but may remove what it dominates.
        if effect < self.bar_within(cost) || self.frontier.iter().any(|p| beats(p, effect, cost, self.path)) {
            return;
        }
        let q = Point::new(effect, cost, self.path);
        let mut i = 1;
        while i < self.frontier.len() {
            let f = self.frontier[i];
            if beats(&q, f.effect, f.cost, f.path()) {
                self.frontier.swap_remove(i);
            } else {
                i += 1;
            }
        }
        self.frontier.push(q);
        if self.level_bound.is_some() {
            self.steps.clear();
            self.steps.extend(self.frontier.iter().map(|p| (p.cost, p.effect)));
            self.steps.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let mut best = f64::NEG_INFINITY;
            for s in self.steps.iter_mut() {
                best = best.max(s.1);
                s.1 = best - 5e-9 * best.abs().max(1.0);
            }
        }
    }

    /// The candidates worth trying as step `depth + 1` after `st` (bits by position): those
    /// whose step bound, plus the largest bounds of the steps that could follow, could still
    /// beat the best point found at no more than `st`'s cost. Every point below a candidate
    /// left out costs at least `st.cost` and has at most that effect, so a point found beats
    /// it. Walks the candidates by bound, largest first, and stops at the first left out.
    fn promising(&self, st: &State, depth: usize) -> u64 {
        let b = self.bounds;
        let all = if b.effect.len() >= 64 { u64::MAX } else { (1u64 << b.effect.len()) - 1 };
        if !b.active {
            return all;
        }
        let bar = self.bar_within(st.cost);
        let rest = b.top_sum[(self.max_len - depth - 1).min(b.top_sum.len() - 1)];
        let mut open = 0u64;
        for &ci in &b.by_effect {
            if st.effect + b.effect[usize::from(ci)] + rest < bar {
                break;
            }
            open |= 1u64 << ci;
        }
        open
    }

    /// The candidates worth trying as the last step of a path after `st` (bits by position):
    /// those whose step bound from the start levels reaches the bar at `st`'s cost plus their
    /// cost floor (the step's point has at most that effect and at least that cost). The bars
    /// go into `bars` for the exact check at the current levels. Walks the candidates by cost
    /// floor alongside the frontier's steps, so each is one comparison.
    fn last_steps(&self, st: &State, bars: &mut [f64; MAX_CANDIDATES]) -> u64 {
        let b = self.bounds;
        let mut open = 0u64;
        let mut j = self.steps.partition_point(|s| s.0 <= st.cost);
        for (k, &ci) in b.by_floor.iter().enumerate() {
            let ci = usize::from(ci);
            let cost = st.cost.saturating_add(b.floor[ci]);
            while j < self.steps.len() && self.steps[j].0 <= cost {
                j += 1;
            }
            let bar = if j == 0 { f64::NEG_INFINITY } else { self.steps[j - 1].1 };
            // The bar only rises along the walk: once no later bound reaches it, none will.
            if st.effect + b.floor_rest_max[k] < bar {
                break;
            }
            if st.effect + b.effect[ci] >= bar {
                open |= 1u64 << ci;
                bars[ci] = bar;
            }
        }
        open
    }

    /// The bar a point costing at least `cost` must reach not to be beaten by a point found:
    /// the best effect of a point costing at most `cost`, less a margin of 5e-9 (relative, at
    /// least absolute) that keeps every effect below it clearly short of equal (equal is
    /// within 1e-9, see [`effect_eq`]). −∞ when no point costs that little. Effects here are
    /// never negative, so the margin is relative to the larger of the two.
    fn bar_within(&self, cost: i64) -> f64 {
        let i = self.steps.partition_point(|s| s.0 <= cost);
        if i == 0 { f64::NEG_INFINITY } else { self.steps[i - 1].1 }
    }

    /// Extends the partial path ending in `st` by every candidate not in it and not `spent`
    /// (bits of candidates found [`Person::spent`] above this node).
    fn dfs(&mut self, st: &mut State, depth: usize, spent: u64) {
        let person = self.person;
        let mut spent = spent;
        let mut gains = std::mem::take(&mut self.gains[depth]);
        let mut funding = std::mem::take(&mut self.funding[depth]);
        let mut old_funding = std::mem::take(&mut self.old_funding[depth]);
        let last = depth + 1 == self.max_len;
        let leaf = last && self.bounds.active;
        // The bar each candidate's last step must reach (filled for the open ones at a leaf).
        let mut bars = [f64::NEG_INFINITY; MAX_CANDIDATES];
        let open = if leaf { self.last_steps(st, &mut bars) } else { self.promising(st, depth) };
        let mut open = open & !(st.mask | spent);
        while open != 0 {
            let ci = open.trailing_zeros() as usize;
            let bit = 1u64 << ci;
            open &= !bit;
            let c = &person.cands[ci];
            if self.exceeded {
                break;
            }
            if spent & bit != 0 {
                continue;
            }
            // Spent here is spent below: the candidates after this one pass that on to the
            // nodes below them (the ones before were handed what was known then).
            if !last && person.spent(c, st, self.bounds.latest_start[ci]) {
                spent |= bit;
                continue;
            }
            // The last step of a path: skip it when even its best case is beaten.
            if leaf && st.effect + person.step_effect_bound(c, &st.levels) < bars[ci] {
                continue;
            }
            let Ok(out) = person.step(c, st, &mut gains, &mut funding) else { continue };
            self.nodes += 1;
            if self.nodes > MAX_SEARCH_NODES {
                self.exceeded = true;
                break;
            }
            let saved = (st.prev_end, st.hours, st.cost, st.effect, st.mask, st.pending);
            old_funding.clear();
            old_funding.extend(funding.iter().map(|&(src, _)| (src, st.funding_used[src])));
            person.apply(c, ci, st, &out, &gains, &funding);
            self.path.push(ci as u8);
            if st.pending == 0 {
                self.offer(st.effect, st.cost);
            }
            if depth + 1 < self.max_len && !self.hopeless(st, depth + 1) && !self.pruned(st, depth + 1) {
                self.dfs(st, depth + 1, spent);
            }
            self.path.pop();
            for g in gains.iter().rev() {
                st.levels[g.need] = g.from;
            }
            for &(src, used) in old_funding.iter().rev() {
                st.funding_used[src] = used;
            }
            (st.prev_end, st.hours, st.cost, st.effect, st.mask, st.pending) = saved;
        }
        self.gains[depth] = gains;
        self.funding[depth] = funding;
        self.old_funding[depth] = old_funding;
    }

    /// The bound: every extension costs at least as much (step costs are never negative) and
    /// adds at most `Σ need (target − level) × level_bound`. When a point already found costs
    /// less and reaches that effect (or costs the same and clearly exceeds it), every extension
    /// is dominated and need not be searched.
    fn hopeless(&self, st: &State, depth: usize) -> bool {
        let Some(bound) = &self.level_bound else { return false };
        let needs = self.person.needs;
        let mut reach = st.effect;
        for (i, b) in bound.iter().enumerate() {
            reach += f64::from(needs[i].target.saturating_sub(st.levels[i])) * b;
        }
        let tol = 1e-9 * reach.abs().max(1.0);
        if self
            .frontier
            .iter()
            .any(|q| (q.cost < st.cost && q.effect >= reach) || (q.cost <= st.cost && q.effect > reach + tol))
        {
            return true;
        }
        // The cost-aware bound: `left` more steps from the candidates not on the path add at
        // most `free + ratio × Δcost` effect for `Δcost` more kroner (free steps' bounds summed,
        // then the best effect per krone), at most the `left` largest step bounds, and at most
        // `reach`. The partial path is hopeless when, for every extra cost, a point found costs
        // no more and beats that much effect. Step bounds from the start levels hold at every
        // node (levels only rise), so they are ranked once per person.
        let b = self.bounds;
        if !b.active {
            return false;
        }
        let left = self.max_len - depth;
        let live = |ci: &u8| st.mask & (1u64 << ci) == 0;
        let top: f64 =
            b.by_effect.iter().filter(|ci| live(ci)).take(left).map(|&ci| b.effect[usize::from(ci)]).sum();
        let free: f64 = b.free.iter().filter(|ci| live(ci)).map(|&ci| b.effect[usize::from(ci)]).sum();
        let ratio = b.by_ratio.iter().find(|ci| live(ci)).map_or(0.0, |&ci| {
            let ci = usize::from(ci);
            b.effect[ci] / b.floor[ci] as f64
        });
        if top.is_nan() || free.is_nan() || ratio.is_nan() {
            return false;
        }
        let cap = (reach - st.effect).min(top);
        let gain_within = |extra: i64| cap.min(free + ratio * extra as f64);
        let i = self.steps.partition_point(|s| s.0 <= st.cost);
        if i == 0 {
            return false;
        }
        let mut best = self.steps[i - 1].1;
        let clears = |bar: f64, gain: f64| st.effect + gain < bar;
        for s in &self.steps[i..] {
            // Extensions costing less than this point (costs are whole kroner).
            let gain = gain_within(s.0 - st.cost - 1);
            if gain >= cap {
                break;
            }
            if !clears(best, gain) {
                return false;
            }
            best = s.1;
        }
        clears(best, cap)
    }

    /// The memo: a state already reached over the same set with at least this effect at no
    /// more cost has the same futures, so this one need not be extended.
    fn pruned(&mut self, st: &State, depth: usize) -> bool {
        if depth < 2 {
            return false;
        }
        let Some(memo) = self.memo.as_deref_mut() else { return false };
        let mut levels = 0u64;
        for &l in &st.levels {
            levels = (levels << 8) | u64::from(l);
        }
        let mut funding = [0i64; 2];
        for (f, &u) in funding.iter_mut().zip(&st.funding_used) {
            *f = u;
        }
        // Pending follow-up rules are part of the state: two states differing in them have
        // different futures.
        let key = (st.mask, st.pending, st.prev_end.unwrap_or(-1), levels, funding);
        match memo.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let (effect, cost) = *e.get();
                if effect >= st.effect && cost <= st.cost {
                    return true;
                }
                if st.effect >= effect && st.cost <= cost {
                    e.insert((st.effect, st.cost));
                }
                false
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert((st.effect, st.cost));
                false
            }
        }
    }
}

/// Runs the exact search over `p.cands` into `scratch.frontier`; false when it went past
/// [`MAX_SEARCH_NODES`].
fn search_person(p: &Person<'_>, max_len: usize, scratch: &mut Scratch) -> bool {
    let policy = p.env.policy;
    let use_memo = p.needs.len() <= 8 && policy.funding.len() <= 2 && max_len > 2;
    if scratch.memo.capacity() > MEMO_KEEP {
        scratch.memo = Memo::default();
    }
    scratch.memo.clear();
    let start = p.start_state();
    scratch.frontier.clear();
    // The empty path: only what is agreed (nothing, without agreed activities).
    scratch.frontier.push(Point::new(start.effect, start.cost, &[]));
    scratch.path.clear();
    if scratch.gains.len() < max_len + 1 {
        scratch.gains.resize(max_len + 1, Vec::new());
    }
    for v in [&mut scratch.funding, &mut scratch.old_funding] {
        if v.len() < max_len + 1 {
            v.resize(max_len + 1, Vec::new());
        }
    }
    let level_bound = p.level_bound();
    scratch.steps.clear();
    let b = &mut scratch.bounds;
    for v in [&mut b.by_effect, &mut b.by_ratio, &mut b.free, &mut b.by_floor] {
        v.clear();
    }
    b.effect.clear();
    b.floor.clear();
    b.top_sum.clear();
    b.latest_start.clear();
    b.latest_start.extend(p.cands.iter().map(|c| c.sessions.iter().map(|s| s.0).max().unwrap_or(i64::MIN)));
    b.active = false;
    if level_bound.is_some() {
        b.floor.extend(p.cands.iter().map(|c| p.cost_floor(c)));
        b.effect.extend(p.cands.iter().map(|c| p.step_effect_bound(c, &start.levels)));
        let n = p.cands.len() as u8;
        b.by_effect.extend(0..n);
        b.by_effect.sort_by(|&x, &y| b.effect[usize::from(y)].total_cmp(&b.effect[usize::from(x)]));
        b.free.extend((0..n).filter(|&ci| b.floor[usize::from(ci)] <= 0));
        b.by_ratio.extend((0..n).filter(|&ci| b.floor[usize::from(ci)] > 0));
        let ratio = |ci: u8| b.effect[usize::from(ci)] / b.floor[usize::from(ci)] as f64;
        b.by_ratio.sort_by(|&x, &y| ratio(y).total_cmp(&ratio(x)));
        b.by_floor.extend(0..n);
        b.by_floor.sort_by_key(|&ci| b.floor[usize::from(ci)]);
        b.floor_rest_max.clear();
        b.floor_rest_max.resize(b.by_floor.len(), f64::NEG_INFINITY);
        let mut rest = f64::NEG_INFINITY;
        for (k, &ci) in b.by_floor.iter().enumerate().rev() {
            rest = rest.max(b.effect[usize::from(ci)]);
            b.floor_rest_max[k] = rest;
        }
        b.top_sum.push(0.0);
        for &ci in &b.by_effect {
            let last = b.top_sum[b.top_sum.len() - 1];
            b.top_sum.push(last + b.effect[usize::from(ci)]);
        }
        b.active = b.effect.iter().all(|e| e.is_finite());
        scratch.steps.push((start.cost, start.effect));
    }
    let mut search = Search {
        person: p,
        max_len,
        nodes: 0,
        exceeded: false,
        frontier: &mut scratch.frontier,
        path: &mut scratch.path,
        memo: use_memo.then_some(&mut scratch.memo),
        level_bound,
        bounds: &scratch.bounds,
        steps: &mut scratch.steps,
        gains: &mut scratch.gains,
        funding: &mut scratch.funding,
        old_funding: &mut scratch.old_funding,
    };
    if max_len > 0 && !p.cands.is_empty() {
        let mut st = start;
        search.dfs(&mut st, 0, 0);
    }
    !search.exceeded
}

/// One person's recommendation (see [`crate::recommend`] and this module's docs).
pub(crate) fn recommend_person(env: Env<'_>, person: usize) -> Result<Recommendation> {
    let agreed = agreed_steps(env, person);
    recommend_with(env, person, &agreed, &mut Scratch::default()).map(|(rec, _)| rec).map_err(|(e, _)| e)
}

/// The person's agreed development-plan activities (status planned or in progress), in plan
/// order (plans in document order), with their status. A recommendation fixes them as steps
/// (see [`recommend_with_agreed`]): an activity the person already does or is booked on is
/// never proposed again, and its hours, funding and budget count.
pub(crate) fn agreed_of(env: Env<'_>, person: usize) -> Vec<(AgreedStep, ActivityStatus)> {
    let plans = env.index.plans.get(person).map(Vec::as_slice).unwrap_or(&[]);
    plans
        .iter()
        .filter_map(|&p| env.org.plans.get(p))
        .flat_map(|p| &p.activities)
        .filter(|a| matches!(a.status, ActivityStatus::Planned | ActivityStatus::InProgress))
        .map(|a| {
            let step = AgreedStep {
                activity: a.activity.clone(),
                session: a.session.clone(),
                buddy: a.buddy.clone(),
            };
            (step, a.status)
        })
        .collect()
}

/// [`agreed_of`] without the status.
fn agreed_steps(env: Env<'_>, person: usize) -> Vec<AgreedStep> {
    agreed_of(env, person).into_iter().map(|(s, _)| s).collect()
}

/// One person's recommendation, or a recommendation marked refused when the person is past the
/// search limits (what `recommend_all` returns for everyone).
pub(crate) fn recommend_or_refuse(env: Env<'_>, person: usize, scratch: &mut Scratch) -> Recommendation {
    let agreed = agreed_steps(env, person);
    match recommend_with(env, person, &agreed, scratch) {
        Ok((rec, _)) => rec,
        Err((e, needs)) => {
            let needs =
                needs.unwrap_or_else(|| needs::person_needs(env.org, env.policy, env.index, person).into());
            refused_with(env, person, &e, needs)
        }
    }
}

/// An activity already agreed in the person's development plan (status planned or in
/// progress), to be kept as a fixed step of the person's path (D12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AgreedStep {
    /// Catalog activity id.
    pub activity: String,
    /// The booked session, if any: the step keeps its dates, and the seat is the person's own.
    pub session: Option<String>,
    /// The agreed buddy, if any: kept when still qualified by level (capacity and rotation were
    /// settled when it was agreed).
    pub buddy: Option<String>,
}

/// What became of the agreed activities when they were fixed into the path.
#[derive(Debug, Clone, Default)]
pub(crate) struct AgreedFix {
    /// Agreed activities that are still feasible, as scheduled and costed steps with
    /// explanations, in plan order.
    pub kept: Vec<Step>,
    /// Agreed activities that became infeasible, with the reason.
    pub dropped: Vec<Rejection>,
}

/// One person's recommendation with the agreed activities as *fixed steps* (the hook the
/// annual review and re-planning use; [`recommend_person`] is this with none).
///
/// Each agreed activity, in plan order, is simulated like any step (levels, zones, timing,
/// hours, buddy, funding, budget — the rules of the module docs) with three differences: it
/// runs at its own agreed dates (a booked session is used even when full or already started,
/// otherwise it is scheduled from the planning date, not after the previous agreed one); a
/// named buddy is kept when still qualified by level; and an activity that fails a rule is
/// *dropped* with that rule as the reason, instead of the whole path failing. Kept steps raise
/// the simulated levels (their levels count as reached), use hours, funding caps and the
/// per-person budget, and are never recommended again. The search then runs from that state:
/// new steps are scheduled from the planning date, and every path's `effect`, `net_cost`,
/// `gross_cost` and `hours_away` count only the *new* steps, so the empty path means "only what
/// is agreed" and the choice weighs what comes on top. `closes_mandatory` uses the final
/// levels, agreed steps included.
pub(crate) fn recommend_with_agreed(
    env: Env<'_>,
    person: usize,
    agreed: &[AgreedStep],
) -> Result<(Recommendation, AgreedFix)> {
    recommend_with(env, person, agreed, &mut Scratch::default()).map_err(|(e, _)| e)
}

fn path_limit(policy: &Policy) -> Result<()> {
    if policy.choice.max_path_length > MAX_PATH_LENGTH {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            Problem::new(
                "choice.max_path_length",
                policy.choice.max_path_length.to_string(),
                format!("paths of at most {MAX_PATH_LENGTH} activities are searched"),
            )
            .in_document("policy"),
        ));
    }
    Ok(())
}

/// A person's needs, shared by the recommendation and its explanations.
type SharedNeeds = Arc<[Need]>;

/// Why a search failed, and the person's needs when they were already computed (a refused
/// recommendation shows them without working them out twice).
type SearchFailure = (Error, Option<SharedNeeds>);

/// The recommendation with `agreed` as fixed steps (see [`recommend_with_agreed`]); on failure
/// the error and, when already computed, the person's needs.
fn recommend_with(
    env: Env<'_>,
    person: usize,
    agreed: &[AgreedStep],
    scratch: &mut Scratch,
) -> std::result::Result<(Recommendation, AgreedFix), SearchFailure> {
    let policy = env.policy;
    let Some(emp) = env.org.employees.get(person) else {
        return Err((Error::not_found("employee", &person.to_string(), "employee"), None));
    };
    path_limit(policy).map_err(|e| (e, None))?;
    let mut needs = needs::person_needs(env.org, policy, env.index, person);
    let rules = PersonRules::new(env, person, emp);
    if let Some(scope) = &rules.scope {
        env.rules.apply_to_needs(policy, scope, env.org.as_of, &mut needs);
    }
    let needs: Arc<[Need]> = needs.into();
    let mut p = match Person::new(env, person, emp, &needs, &rules) {
        Ok(p) => p,
        Err(e) => return Err((e, Some(needs))),
    };
    let fix = p.fix_agreed(agreed);
    p.drop_agreed(&fix);
    let max_len = usize::from(policy.choice.max_path_length);
    let candidates = p.cands.len();
    let pruned = p.prune_dominated(max_len);
    let mut limit = usize::from(policy.choice.shortlist).min(MAX_CANDIDATES);
    let mut shortlist = p.shortlist(limit, candidates);
    // A search past the node limit is retried on a shortlist half the size, so a person gets
    // the best path among the most promising candidates rather than nothing.
    while !search_person(&p, max_len, scratch) {
        if p.cands.len() <= usize::from(MIN_SHORTLIST) {
            let e = Error::new(
                ErrorKind::LimitExceeded,
                Problem::new(
                    format!("employees[{person}]"),
                    crate::error::json_string(&emp.id),
                    format!(
                        "the path search for employee {:?} explored more than {MAX_SEARCH_NODES} partial paths",
                        emp.id
                    ),
                ),
            );
            return Err((e, Some(needs)));
        }
        limit = (p.cands.len() / 2).max(usize::from(MIN_SHORTLIST));
        p.restore(pruned);
        shortlist = p.shortlist(limit, candidates);
    }
    let points = &mut scratch.frontier;
    points.sort_by(|a, b| {
        a.cost
            .cmp(&b.cost)
            .then(b.effect.total_cmp(&a.effect))
            .then((a.len, a.path()).cmp(&(b.len, b.path())))
    });
    let (gains, funding) = (&mut scratch.gains[0], &mut scratch.funding[0]);
    let frontier: Vec<FrontierPoint> =
        points.iter().map(|pt| p.build_point(pt.path(), gains, funding)).collect();
    // The agreed steps alone reach every target (their state is the search's start).
    let covered = !fix.kept.is_empty()
        && p.start.as_ref().is_some_and(|st| needs.iter().zip(&st.levels).all(|(n, &l)| l >= n.target));
    let (chosen_i, rule) = if needs.is_empty() {
        (0, ChoiceRule::NoNeeds)
    } else {
        recommend::choose(&frontier, &needs, covered)
    };
    let runner_is = recommend::runners_up(&frontier, chosen_i, usize::from(policy.choice.runners_up));
    // The explanations are the reasons, rendered when read or serialised (see `recommend`).
    let point = &frontier[chosen_i];
    let totals =
        ChosenTotals { effect: point.effect, net_cost: point.net_cost, empty: point.steps.is_empty() };
    let context = Arc::new(Context::new(env.lexicon, emp, &needs, totals));
    let explained = |path: &[u8]| {
        let mut lp = p.build_path(path);
        for s in &mut lp.steps {
            s.explanation = Some(Explanation::reasons(&context));
        }
        lp
    };
    let chosen = explained(points[chosen_i].path());
    let runners_up: Vec<LearningPath> = runner_is.iter().map(|&i| explained(points[i].path())).collect();
    let summary = Explanation::reasons(&context);
    let rejected = p.rejections(&chosen, &context);
    drop(p);
    let rec = Recommendation {
        employee: emp.id.clone(),
        needs,
        frontier,
        chosen,
        rule,
        summary,
        runners_up,
        rejected,
        refused: None,
        shortlist,
        agreed: (!agreed.is_empty())
            .then(|| crate::recommend::Agreed { kept: fix.kept.clone(), dropped: fix.dropped.clone() }),
    };
    Ok((rec, fix))
}

/// The full path of a sequence of activities for one person, with explanations, or why it is
/// not a feasible path (see [`crate::Engine::learning_path`]).
pub(crate) fn learning_path(env: Env<'_>, person: usize, activities: &[&str]) -> Result<LearningPath> {
    let Some(emp) = env.org.employees.get(person) else {
        return Err(Error::not_found("employee", &person.to_string(), "employee"));
    };
    // Step positions are bytes; no real learning path comes near this length.
    const MAX_STEPS: usize = 64;
    if activities.len() > MAX_STEPS {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            Problem::new(
                "activities",
                activities.len().to_string(),
                format!("a learning path has at most {MAX_STEPS} steps"),
            ),
        ));
    }
    let mut needs = needs::person_needs(env.org, env.policy, env.index, person);
    let rules = PersonRules::new(env, person, emp);
    if let Some(scope) = &rules.scope {
        env.rules.apply_to_needs(env.policy, scope, env.org.as_of, &mut needs);
    }
    let needs: Arc<[Need]> = needs.into();
    let mut p = Person::new(env, person, emp, &needs, &rules)?;
    // On top of the agreed activities, as the recommendation's paths are, so a frontier point
    // gives the same totals here.
    let fix = p.fix_agreed(&agreed_steps(env, person));
    p.drop_agreed(&fix);
    let invalid = |k: usize, id: &str, why: &str| {
        Error::new(
            ErrorKind::InvalidArgument,
            Problem::new(
                format!("activities[{k}]"),
                crate::error::json_string(id),
                format!("activity {id:?} cannot be step {} for employee {:?}: {why}", k + 1, emp.id),
            ),
        )
    };
    // Only the named activities can be steps: keeping just them keeps candidate positions
    // small (a big catalog gives a person hundreds of candidates).
    p.cands.retain(|c| activities.contains(&env.catalog.activities[c.activity].id.as_str()));
    let mut path: Vec<u8> = Vec::with_capacity(activities.len());
    let mut st = p.start_state();
    let (mut gains, mut funding) = (Vec::new(), Vec::new());
    for (k, &id) in activities.iter().enumerate() {
        if !env.index.activities.contains_key(id) {
            return Err(Error::not_found(format!("activities[{k}]"), id, "activity"));
        }
        if fix.kept.iter().any(|s| s.activity == id) {
            return Err(invalid(k, id, "it is already agreed in the person's development plan"));
        }
        let Some(ci) = p.cands.iter().position(|c| env.catalog.activities[c.activity].id == id) else {
            return Err(invalid(k, id, "it develops none of the person's needs, or not in their language"));
        };
        if activities[..k].contains(&id) {
            return Err(invalid(k, id, "it is already in the path"));
        }
        let c = &p.cands[ci];
        let out = p.step(c, &st, &mut gains, &mut funding).map_err(|f| {
            let why = match f {
                Fail::NoGain => "it raises no need from the levels reached so far",
                Fail::NoFreeSeat => "no session with a free seat starts after the previous step",
                Fail::Alarm { .. } => "its jump lies in the alarm zone",
                Fail::TooLate => "it ends after the deadline of every need it raises",
                Fail::Hours => "the path would exceed the person's cap on hours away",
                Fail::NoBuddy => "no qualified buddy is available",
                Fail::Budget { .. } => "the path would exceed the per-person budget",
            };
            invalid(k, id, why)
        })?;
        p.apply(c, ci, &mut st, &out, &gains, &funding);
        path.push(ci as u8);
    }
    // Like the search, which offers no path with a follow-up still owed: a rule that pairs a
    // step with a later form makes a sequence without it infeasible.
    if st.pending != 0 {
        let bit = st.pending.trailing_zeros();
        let rule = env.rules.follow_up_rule(env.policy, bit);
        let (id, form) = match rule.map(|r| (&r.id, &r.effect)) {
            Some((id, crate::model::RuleEffect::RequireFollowUp { form })) => (id.as_str(), Some(*form)),
            Some((id, _)) => (id.as_str(), None),
            None => ("", None),
        };
        let last = activities.len().saturating_sub(1);
        let form = form.map(|f| format!(" {}", crate::explain::form_name(f).1)).unwrap_or_default();
        return Err(invalid(
            last,
            activities.get(last).copied().unwrap_or(""),
            &format!("rule {id:?} requires a later{form} step, and the path ends without one"),
        ));
    }
    let mut lp = p.build_path(&path);
    let context = Arc::new(Context::new(env.lexicon, emp, &needs, ChosenTotals::default()));
    for s in &mut lp.steps {
        s.explanation = Some(Explanation::reasons(&context));
    }
    Ok(lp)
}

/// The recommendation of a person whose search was refused: only the empty path.
fn refused_with(env: Env<'_>, person: usize, error: &Error, needs: Arc<[Need]>) -> Recommendation {
    let emp = env.org.employees.get(person);
    let message = error.to_string();
    let empty = LearningPath::empty();
    let summary = Explanation::text(crate::explain::refused(&message));
    Recommendation {
        employee: emp.map(|e| e.id.clone()).unwrap_or_default(),
        needs,
        frontier: vec![empty.point()],
        chosen: empty,
        rule: ChoiceRule::Refused,
        summary,
        runners_up: Vec::new(),
        rejected: Vec::new(),
        refused: Some(message),
        shortlist: None,
        agreed: None,
    }
}

impl Person<'_> {
    /// Per need, the most effect one level can bring, for the search's bound; `None` when the
    /// bound would not be safe.
    fn level_bound(&self) -> Option<Vec<f64>> {
        let mut bound = vec![0.0f64; self.needs.len()];
        for c in &self.cands {
            let mentor_ok = match &c.mentor {
                Mentor::None => true,
                Mentor::Supervisor(cost) => *cost >= 0,
                Mentor::Buddy(list) => list.iter().all(|b| b.cost >= 0),
            };
            if c.fee < 0 || c.wage < 0 || !mentor_ok {
                return None;
            }
            let pp = c.p * c.pref;
            for d in &c.devs {
                bound[d.need] = bound[d.need].max(pp);
            }
        }
        let zones = &self.env.policy.zones;
        if zones.supervisor_cost_per_hour < 0 {
            return None;
        }
        for (b, n) in bound.iter_mut().zip(self.needs) {
            *b *= n.weight;
            if !b.is_finite() || *b < 0.0 {
                return None;
            }
        }
        Some(bound)
    }

    /// The most effect candidate `c` can add as a step from levels `levels`: per entry, weight ×
    /// the most levels it can raise (gain, up to its ceiling and the target) × transfer ×
    /// preference. An upper bound of [`Person::step`]'s effect from these or any higher levels
    /// (the timing factor is at most 1, and later entries on the same need chain at most this
    /// far). A term that is not a finite number counts 0 in the step and here; ∞ switches the
    /// bounds off (`StepBounds::active`).
    fn step_effect_bound(&self, c: &Cand, levels: &[u8]) -> f64 {
        let needs = self.needs;
        let mut ub = 0.0;
        for d in &c.devs {
            let l = levels[d.need];
            let n = &needs[d.need];
            let inc = d.gain.min(d.ceiling.saturating_sub(l)).min(n.target.saturating_sub(l));
            if inc > 0 {
                ub += (n.weight * f64::from(inc) * c.p * c.pref).max(0.0);
            }
        }
        ub
    }

    /// The least net cost a step with `c` can have, from any state: fee, wage cost and the
    /// cheapest mentor, less everything its funding sources could pay before their caps, and
    /// never below zero. Only used with [`Person::level_bound`]'s guarantee that no part of a
    /// step's cost is negative.
    fn cost_floor(&self, c: &Cand) -> i64 {
        let mentor = match &c.mentor {
            Mentor::None => 0,
            Mentor::Supervisor(cost) => *cost,
            Mentor::Buddy(list) => list.iter().map(|b| b.cost).min().unwrap_or(0),
        };
        let funding = c.funding.iter().fold(0i64, |acc, f| acc.saturating_add(f.1));
        c.fee.saturating_add(c.wage).saturating_add(mentor).saturating_sub(funding).max(0)
    }

    /// Re-simulates a path found by the search into a frontier point: activity, session and
    /// buddy per step and the totals, without the per-step details of [`Person::build_path`].
    fn build_point(
        &self,
        path: &[u8],
        gains: &mut Vec<RawGain>,
        funding: &mut Vec<(usize, i64)>,
    ) -> FrontierPoint {
        let env = self.env;
        let mut st = self.start_state();
        let base = (st.effect, st.cost, st.hours);
        let mut steps = Vec::with_capacity(path.len());
        for &ci in path {
            let ci = usize::from(ci);
            let c = &self.cands[ci];
            // The search only returns feasible paths, so every step succeeds here.
            let Ok(out) = self.step(c, &st, gains, funding) else { break };
            self.apply(c, ci, &mut st, &out, gains, funding);
            let act = &env.catalog.activities[c.activity];
            steps.push(PointStep {
                activity: act.id.clone(),
                session: out.session.map(|i| act.sessions[i].id.clone()),
                buddy: out.buddy.map(|b| env.org.employees[b].id.clone()),
            });
        }
        // Totals of the new steps only (agreed steps are the base every point shares).
        let (effect, net_cost, hours_away) = (st.effect - base.0, st.cost - base.1, st.hours - base.2);
        FrontierPoint {
            steps,
            effect,
            net_cost,
            hours_away,
            score: effect * env.policy.choice.value_per_effect as f64 - net_cost as f64,
            closes_mandatory: self.closes_mandatory(&st),
        }
    }

    fn closes_mandatory(&self, st: &State) -> bool {
        self.needs.iter().any(|n| n.mandatory)
            && self.needs.iter().enumerate().all(|(i, n)| !n.mandatory || st.levels[i] >= n.target)
    }

    /// Re-simulates a path found by the search into its full result form.
    fn build_path(&self, path: &[u8]) -> LearningPath {
        let env = self.env;
        let mut st = self.start_state();
        let base = (st.effect, st.cost, st.hours);
        let mut gains = Vec::new();
        let mut funding = Vec::new();
        let mut steps = Vec::with_capacity(path.len());
        let mut gross_total = 0i64;
        let mut funding_total: Vec<i64> = vec![0; env.policy.funding.len()];
        for &ci in path {
            let ci = usize::from(ci);
            let c = &self.cands[ci];
            // The search only returns feasible paths, so every step succeeds here.
            let Ok(out) = self.step(c, &st, &mut gains, &mut funding) else { break };
            self.apply(c, ci, &mut st, &out, &gains, &funding);
            gross_total = gross_total.saturating_add(out.gross);
            for &(src, amount) in &funding {
                funding_total[src] = funding_total[src].saturating_add(amount);
            }
            steps.push(self.make_step(c, &out, &gains, &funding));
        }
        let closes_mandatory = self.closes_mandatory(&st);
        let value = env.policy.choice.value_per_effect as f64;
        let (effect, net_cost, hours_away) = (st.effect - base.0, st.cost - base.1, st.hours - base.2);
        LearningPath {
            steps,
            effect,
            net_cost,
            gross_cost: gross_total,
            funding: funding_total
                .iter()
                .enumerate()
                .filter(|(_, a)| **a > 0)
                .map(|(src, &amount)| funding_use(env.policy, src, amount))
                .collect(),
            hours_away,
            score: effect * value - net_cost as f64,
            closes_mandatory,
        }
    }

    /// A simulated step in its full result form (no explanation yet).
    fn make_step(&self, c: &Cand, out: &StepOut, gains: &[RawGain], funding: &[(usize, i64)]) -> Step {
        let env = self.env;
        let as_of = env.org.as_of;
        let act = &env.catalog.activities[c.activity];
        Step {
            activity: act.id.clone(),
            title: act.title.clone(),
            form: act.form,
            session: out.session.map(|i| act.sessions[i].id.clone()),
            start: as_of.plus_days(out.start),
            end: as_of.plus_days(out.end),
            hours_away: act.hours_away,
            fee: c.fee,
            group_estimate: c.group_estimate,
            wage_cost: c.wage,
            mentor: act.mentor,
            buddy: out.buddy.map(|b| {
                let e = &env.org.employees[b];
                BuddyChoice { employee: e.id.clone(), name: e.display_name().to_owned() }
            }),
            mentor_cost: out.mentor_cost,
            supervised: out.supervised,
            supervision_cost: out.supervision_cost,
            funding: funding.iter().map(|&(src, amount)| funding_use(env.policy, src, amount)).collect(),
            net_cost: out.net,
            transfer_probability: c.p,
            transfer_evidence: env.transfer.for_activity(c.activity).filter(|e| e.evaluated).map(|e| {
                TransferEvidence { applied: e.applied, partly: e.partly, not_applied: e.not_applied }
            }),
            preference_factor: c.pref,
            gains: gains
                .iter()
                .map(|g| {
                    let n = &self.needs[g.need];
                    Gain {
                        competence: n.competence.clone(),
                        from: g.from,
                        to: g.to,
                        deadline: n.deadline,
                        deadline_is_default: n.deadline_is_default,
                        days_before_deadline: g.lead,
                        timing_factor: g.timing,
                        weight: n.weight,
                        effect: g.effect,
                    }
                })
                .collect(),
            effect: out.effect,
            explanation: None,
        }
    }

    /// Alternatives not in the chosen path, each with the reason it was not chosen.
    fn rejections(&self, chosen: &LearningPath, context: &Arc<Context>) -> Vec<Rejection> {
        let env = self.env;
        let st = self.start_state();
        let mut gains = Vec::new();
        let mut funding = Vec::new();
        // Only the first reported (catalog order) are worked out: with a big catalog a person
        // has hundreds of candidates. The chosen activities are left out by id rank (equal ids,
        // equal rank), which compares numbers instead of ids.
        let rank = &env.table.id_rank;
        let chosen_ranks: Vec<u32> = chosen
            .steps
            .iter()
            .filter_map(|s| env.index.activities.get(&s.activity).and_then(|&a| rank.get(a).copied()))
            .collect();
        let mut alternatives: Vec<&Cand> = self
            .cands
            .iter()
            .chain(&self.set_aside)
            .filter(|c| !rank.get(c.activity).is_some_and(|r| chosen_ranks.contains(r)))
            .collect();
        // Catalog positions are distinct in each list, so an unstable sort gives the same order.
        alternatives.sort_unstable_by_key(|c| c.activity);
        let mut screened: Vec<&(usize, Screened)> = self.screened.iter().collect();
        screened.sort_unstable_by_key(|x| x.0);
        let first = |a: Option<usize>, b: Option<usize>| a.into_iter().chain(b).min();
        let cut = {
            // The MAX_REJECTIONS_REPORTED-th smallest activity position over both lists.
            let (mut i, mut j, mut taken, mut last) = (0, 0, 0, usize::MAX);
            while taken < MAX_REJECTIONS_REPORTED {
                let (x, y) = (alternatives.get(i).map(|c| c.activity), screened.get(j).map(|s| s.0));
                let Some(m) = first(x, y) else { break };
                if x == Some(m) {
                    i += 1
                } else {
                    j += 1
                }
                taken += 1;
                last = m;
            }
            if taken < MAX_REJECTIONS_REPORTED { usize::MAX } else { last }
        };
        let mut out: Vec<(usize, RejectReason)> = screened
            .into_iter()
            .filter(|x| x.0 <= cut)
            .map(|(a, why)| (*a, why.reason(&env.catalog.activities[*a])))
            .collect();
        for c in alternatives.into_iter().filter(|c| c.activity <= cut) {
            let act = &env.catalog.activities[c.activity];
            let reason = match self.step(c, &st, &mut gains, &mut funding) {
                Ok(o) => RejectReason::NotChosen { effect: o.effect, net_cost: o.net },
                Err(fail) => self.reject_reason(act, fail),
            };
            out.push((c.activity, reason));
        }
        out.sort_unstable_by_key(|x| x.0);
        out.truncate(MAX_REJECTIONS_REPORTED);
        out.into_iter()
            .map(|(a, reason)| {
                let act = &env.catalog.activities[a];
                let text = Explanation::reasons(context);
                Rejection { activity: act.id.clone(), title: act.title.clone(), form: act.form, reason, text }
            })
            .collect()
    }
}

impl Person<'_> {
    /// Fixes the agreed activities as steps (see [`recommend_with_agreed`]) and sets the state
    /// the search starts from.
    fn fix_agreed(&mut self, agreed: &[AgreedStep]) -> AgreedFix {
        let mut fix = AgreedFix::default();
        if agreed.is_empty() {
            return fix;
        }
        let env = self.env;
        let as_of = env.org.as_of;
        let mut st = self.initial_state();
        let mut gains = Vec::new();
        let mut funding = Vec::new();
        // Agreed activities keep their own dates, so they are not scheduled around each other.
        let mut busy = Vec::new();
        for a in agreed {
            // Validation guarantees that plan activities name catalog activities.
            let Some(&pos) = env.index.activities.get(&a.activity) else { continue };
            let act = &env.catalog.activities[pos];
            if fix.kept.iter().any(|k| k.activity == act.id) {
                continue; // Agreed twice: one step.
            }
            let Some(ci) = self.cands.iter().position(|c| c.activity == pos) else {
                // Not a candidate: taught in a language the person does not learn in, or it
                // raises no need any more (e.g. the goal is reached).
                let reason = self
                    .screened
                    .iter()
                    .find(|x| x.0 == pos)
                    .map(|x| x.1.reason(act))
                    .unwrap_or(RejectReason::NoGain);
                fix.dropped.push(self.dropped(act, reason));
                continue;
            };
            // The booked session, when there is one: declared before the candidate that borrows it.
            let booked: [(i64, i64, usize); 1];
            let mut c = self.cands[ci].clone();
            let mut probe = st.clone();
            probe.prev_end = None;
            if let Some(i) = a.session.as_ref().and_then(|id| act.sessions.iter().position(|s| &s.id == id)) {
                let s = &act.sessions[i];
                let (start, end) = (as_of.days_until(s.start), as_of.days_until(s.end));
                booked = [(start, end, i)];
                c.sessions = &booked;
                c.on_demand = false;
                probe.prev_end = Some(start.min(0) - 1);
            }
            c.timed = false;
            if let (Some(id), Mentor::Buddy(_)) = (&a.buddy, &c.mentor)
                && let Some(&b) = env.index.employees.get(id)
            {
                let buddy = &env.org.employees[b];
                let levels = c.devs.iter().map(|d| buddy.level(&self.needs[d.need].competence)).collect();
                let cost = kroner(finite_or_zero(act.mentor_hours) * buddy.wage_cost_per_hour as f64);
                c.mentor = Mentor::Buddy(vec![BuddyCand { employee: b, levels, cost }]);
            }
            match self.step(&c, &probe, &mut gains, &mut funding) {
                Ok(out) => {
                    busy.push((out.start, out.end));
                    let prev_end = st.prev_end;
                    self.apply(&c, ci, &mut st, &out, &gains, &funding);
                    st.prev_end = prev_end;
                    let mut step = self.make_step(&c, &out, &gains, &funding);
                    let ctx = self.agreed_context();
                    step.explanation = Some(Explanation::text(crate::explain::step(&ctx, &step)));
                    fix.kept.push(step);
                }
                Err(fail) => {
                    let reason = self.reject_reason(act, fail);
                    fix.dropped.push(self.dropped(act, reason));
                }
            }
        }
        // New steps are scheduled from the planning date, around the agreed ones' dates.
        st.prev_end = None;
        self.start = Some(st);
        busy.sort_unstable();
        self.busy = busy;
        fix
    }

    /// The explanation context of agreed steps, which are fixed before any path is chosen
    /// (so nothing is compared with a chosen path); their texts are rendered at once, as
    /// there are only a few of them.
    fn agreed_context(&self) -> Context {
        let needs: Arc<[Need]> = Arc::from(self.needs);
        Context::new(self.env.lexicon, self.emp, &needs, ChosenTotals::default())
    }

    fn dropped(&self, act: &LearningActivity, reason: RejectReason) -> Rejection {
        let text = Explanation::text(crate::explain::rejection(&self.agreed_context(), act.form, &reason));
        Rejection { activity: act.id.clone(), title: act.title.clone(), form: act.form, reason, text }
    }

    fn reject_reason(&self, act: &LearningActivity, fail: Fail) -> RejectReason {
        match fail {
            Fail::NoGain => RejectReason::NoGain,
            Fail::NoFreeSeat => RejectReason::NoFreeSeat,
            Fail::Alarm { need, jump } => {
                RejectReason::AlarmZone { competence: self.needs[need].competence.clone(), jump }
            }
            Fail::TooLate => RejectReason::TooLate,
            Fail::Hours => RejectReason::HoursCap {
                hours_away: act.hours_away,
                max_hours_away: self.max_hours,
                agreed_hours: self.start.as_ref().map_or(0.0, |s| s.hours),
            },
            Fail::NoBuddy => RejectReason::NoBuddy,
            Fail::Budget { net } => RejectReason::Budget {
                net_cost: net,
                per_person: self.cost_cap.unwrap_or(0),
                agreed_cost: self.start.as_ref().map_or(0, |s| s.cost),
            },
        }
    }
}

fn funding_use(policy: &Policy, src: usize, amount: i64) -> FundingUse {
    let f = &policy.funding[src];
    FundingUse { source: f.id.clone(), name: f.name.clone(), covers: f.covers, amount }
}

#[path = "paths_reduce.rs"]
mod reduce;

#[cfg(test)]
#[path = "paths_tests.rs"]
mod tests;
