//! Follow-up scheduling (D9): satisfaction at the end of a course says little; whether the
//! learning was applied in daily work must be asked some weeks later. This lists every completed
//! activity still waiting for that question, with its due date and whether it is overdue.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{ActivityStatus, Date, Evaluations, Organisation, Policy};

/// Where a pending follow-up was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpSource {
    /// An evaluation record without a behaviour follow-up (e.g. only a satisfaction sheet).
    Evaluation,
    /// A completed activity in a development plan with no evaluation record yet.
    Plan,
}

/// A behaviour follow-up that is due: ask whether the learning was applied in practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FollowUp {
    /// Employee id.
    pub employee: String,
    /// Catalog activity id.
    pub activity: String,
    /// When the activity was completed.
    pub completed_on: Date,
    /// When the follow-up is due: completion + the policy's `follow_up_weeks`.
    pub due: Date,
    /// Whether the due date lies before the organisation's `as_of` date.
    pub overdue: bool,
    /// Days past the due date at `as_of` (0 when not overdue).
    pub days_overdue: i64,
    /// Where it was found.
    pub source: FollowUpSource,
}

/// The due date of a behaviour follow-up for an activity completed on `completed_on`.
pub fn follow_up_due(completed_on: Date, policy: &Policy) -> Date {
    completed_on.plus_days(i64::from(policy.evaluation.follow_up_weeks).saturating_mul(7))
}

/// Every completed activity that still lacks a behaviour follow-up, sorted by due date (then
/// employee, activity and completion date, so the order is total).
///
/// One follow-up per (employee, activity, completion date): a plan item that already has an
/// evaluation record for the same completion is not listed twice, and one whose record has a
/// behaviour follow-up is not listed at all.
pub fn follow_ups(org: &Organisation, evals: &Evaluations, policy: &Policy) -> Vec<FollowUp> {
    type Key<'a> = (&'a str, &'a str, Date);
    let done: BTreeSet<Key> = evals
        .records
        .iter()
        .filter(|r| r.behaviour.is_some())
        .map(|r| (r.employee.as_str(), r.activity.as_str(), r.completed_on))
        .collect();
    let mut pending: BTreeMap<Key, FollowUpSource> = BTreeMap::new();
    for r in evals.records.iter().filter(|r| r.behaviour.is_none()) {
        let key = (r.employee.as_str(), r.activity.as_str(), r.completed_on);
        if !done.contains(&key) {
            pending.insert(key, FollowUpSource::Evaluation);
        }
    }
    for plan in &org.plans {
        for a in &plan.activities {
            let (ActivityStatus::Completed, Some(completed_on)) = (a.status, a.completed_on) else {
                continue;
            };
            let key = (plan.employee.as_str(), a.activity.as_str(), completed_on);
            if !done.contains(&key) {
                pending.entry(key).or_insert(FollowUpSource::Plan);
            }
        }
    }
    let mut out: Vec<FollowUp> = pending
        .into_iter()
        .map(|((employee, activity, completed_on), source)| {
            let due = follow_up_due(completed_on, policy);
            let late = due.days_until(org.as_of);
            FollowUp {
                employee: employee.to_owned(),
                activity: activity.to_owned(),
                completed_on,
                due,
                overdue: late > 0,
                days_overdue: late.max(0),
                source,
            }
        })
        .collect();
    // The map is ordered by (employee, activity, completed_on); a stable sort by due date keeps
    // that as the tie-break.
    out.sort_by_key(|f| f.due);
    out
}
