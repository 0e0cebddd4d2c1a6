//! Transfer estimates: the probability that learning is applied in daily work, learned from the
//! behaviour follow-ups of evaluation records (D9) on top of the catalog's prior belief.
//!
//! Evidence is pooled per *transfer key* — learning form × competence category × provider —
//! because single activities rarely have enough participants to say anything on their own,
//! while the same provider's courses of the same form in the same field tend to succeed or fail
//! in practice for the same reasons. Each activity keeps its own catalog prior, so two activities
//! with the same key share the evidence but not necessarily the estimate.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ContinuousCDF};

use crate::model::{
    Applied, Catalog, EvaluationPolicy, EvaluationRecord, Evaluations, LearningForm, Organisation, Policy,
    TransferPrior,
};

/// What evidence is pooled by: activities with equal keys share their behaviour outcomes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
pub struct TransferKey {
    /// The learning form.
    pub form: LearningForm,
    /// The category of the activity's first developed competence; `None` when it has no
    /// developed competence, the competence is not in the framework, or it has no category.
    pub category: Option<String>,
    /// The provider.
    pub provider: String,
}

/// Counts of behaviour outcomes. Counts are integers so that the order in which records are
/// added can never change a result (floating-point sums would differ in the last bits).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Outcomes {
    pub applied: u32,
    pub partly: u32,
    pub not_applied: u32,
    /// Every record counted, with or without a behaviour follow-up.
    pub participants: u32,
}

impl Outcomes {
    pub fn add(&mut self, record: &EvaluationRecord) {
        self.participants = self.participants.saturating_add(1);
        match record.behaviour.as_ref().map(|b| b.applied) {
            Some(Applied::Yes) => self.applied = self.applied.saturating_add(1),
            Some(Applied::Partly) => self.partly = self.partly.saturating_add(1),
            Some(Applied::No) => self.not_applied = self.not_applied.saturating_add(1),
            None => {}
        }
    }

    /// Records with a behaviour follow-up.
    pub fn followed_up(&self) -> u32 {
        self.applied.saturating_add(self.partly).saturating_add(self.not_applied)
    }
}

/// The posterior belief about one activity's probability of transfer to practice.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TransferEstimate {
    /// Posterior mean: the probability of transfer the recommender should use.
    pub mean: f64,
    /// Posterior Beta alpha: prior alpha + successes (applied + `partly_counts` × partly).
    pub alpha: f64,
    /// Posterior Beta beta: prior beta + failures (not applied + (1 − `partly_counts`) × partly).
    pub beta: f64,
    /// Follow-ups with the learning applied, over every activity with the same key.
    pub applied: u32,
    /// Follow-ups with the learning partly applied.
    pub partly: u32,
    /// Follow-ups with the learning not applied.
    pub not_applied: u32,
    /// Evaluation records of activities with the same key, with or without a follow-up.
    pub participants: u32,
    /// Whether any behaviour follow-up moved the estimate away from the catalog prior.
    pub evaluated: bool,
    /// Equal-tailed credible interval at the policy's `credible_level`: (low, high).
    pub interval: (f64, f64),
}

/// A prior usable as Beta parameters. Validation rejects other priors; the fallback to the
/// uniform Beta(1, 1) only keeps this function total on unvalidated input.
pub(crate) fn sane_prior(prior: TransferPrior) -> (f64, f64) {
    let ok = |x: f64| if x.is_finite() && x > 0.0 { x } else { 1.0 };
    (ok(prior.alpha), ok(prior.beta))
}

/// The weight of a "partly applied" outcome, clamped to 0..=1 (0.5 when not a number).
pub(crate) fn partly_weight(policy: &EvaluationPolicy) -> f64 {
    if policy.partly_counts.is_nan() { 0.5 } else { policy.partly_counts.clamp(0.0, 1.0) }
}

/// The credible level, clamped to 0..=1 (0.9 when not a number).
pub(crate) fn credible_level(policy: &EvaluationPolicy) -> f64 {
    if policy.credible_level.is_nan() { 0.9 } else { policy.credible_level.clamp(0.0, 1.0) }
}

/// The posterior for a prior (alpha, beta) plus outcome counts.
pub(crate) fn posterior(
    prior: (f64, f64),
    outcomes: &Outcomes,
    policy: &EvaluationPolicy,
) -> TransferEstimate {
    let w = partly_weight(policy);
    let partly = f64::from(outcomes.partly);
    let alpha = prior.0 + f64::from(outcomes.applied) + w * partly;
    let beta = prior.1 + f64::from(outcomes.not_applied) + (1.0 - w) * partly;
    TransferEstimate {
        mean: alpha / (alpha + beta),
        alpha,
        beta,
        applied: outcomes.applied,
        partly: outcomes.partly,
        not_applied: outcomes.not_applied,
        participants: outcomes.participants,
        evaluated: outcomes.followed_up() > 0,
        interval: credible_interval(alpha, beta, credible_level(policy)),
    }
}

/// The `p`-quantile of Beta(alpha, beta), found by bisection on the distribution function.
///
/// Bisection rather than `statrs`' Newton-type `inverse_cdf` (AS 109) because that iteration
/// has no bound and can spin forever when an intermediate value becomes NaN for extreme
/// parameters; 64 halvings always end and pin the quantile to the precision of the CDF.
/// Returns NaN only for parameters that are not positive and finite.
pub fn beta_quantile(alpha: f64, beta: f64, p: f64) -> f64 {
    let Ok(dist) = Beta::new(alpha, beta) else {
        return f64::NAN;
    };
    if p.is_nan() {
        return f64::NAN;
    }
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..64 {
        let mid = 0.5 * (lo + hi);
        if dist.cdf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The equal-tailed credible interval of Beta(alpha, beta) holding `level` of the mass.
/// Falls back to (0, 1) — "we know nothing" — for parameters a Beta cannot have.
pub fn credible_interval(alpha: f64, beta: f64, level: f64) -> (f64, f64) {
    let level = if level.is_nan() { 0.9 } else { level.clamp(0.0, 1.0) };
    let tail = (1.0 - level) / 2.0;
    let lo = beta_quantile(alpha, beta, tail);
    let hi = beta_quantile(alpha, beta, 1.0 - tail);
    if lo.is_finite() && hi.is_finite() { (lo, hi) } else { (0.0, 1.0) }
}

/// Transfer estimates for every catalog activity, built once from the documents so the
/// recommender's inner loop reads a precomputed value by activity position in O(1).
#[derive(Debug, Clone, Default)]
pub struct TransferEstimates {
    /// By activity position in the catalog.
    estimates: Vec<TransferEstimate>,
    /// Activity id → position (first occurrence); used only for lookups, never iterated.
    ids: HashMap<String, usize>,
    /// By activity position: its key.
    keys: Vec<TransferKey>,
}

impl TransferEstimates {
    /// Pools the behaviour outcomes of all records per transfer key and adds them to each
    /// activity's catalog prior. Records naming an activity that is not in the catalog, and
    /// records without a behaviour follow-up, do not move any estimate.
    pub fn new(
        org: &Organisation,
        catalog: &Catalog,
        evals: &Evaluations,
        policy: &Policy,
    ) -> TransferEstimates {
        let mut ids = HashMap::new();
        for (i, a) in catalog.activities.iter().enumerate() {
            ids.entry(a.id.clone()).or_insert(i);
        }
        let categories: HashMap<&str, Option<&str>> =
            org.framework.competences.iter().rev().map(|c| (c.id.as_str(), c.category.as_deref())).collect();
        let keys: Vec<TransferKey> = catalog
            .activities
            .iter()
            .map(|a| TransferKey {
                form: a.form,
                category: a
                    .develops
                    .first()
                    .and_then(|d| categories.get(d.competence.as_str()).copied().flatten())
                    .map(str::to_owned),
                provider: a.provider.clone(),
            })
            .collect();
        let mut pooled: BTreeMap<&TransferKey, Outcomes> = BTreeMap::new();
        for record in &evals.records {
            if let Some(&i) = ids.get(&record.activity) {
                pooled.entry(&keys[i]).or_default().add(record);
            }
        }
        let estimates = catalog
            .activities
            .iter()
            .zip(&keys)
            .map(|(a, key)| {
                let outcomes = pooled.get(key).copied().unwrap_or_default();
                posterior(sane_prior(a.transfer), &outcomes, &policy.evaluation)
            })
            .collect();
        TransferEstimates { estimates, ids, keys }
    }

    /// The estimate for the activity at this catalog position, in O(1); `None` past the end.
    pub fn for_activity(&self, activity: usize) -> Option<&TransferEstimate> {
        self.estimates.get(activity)
    }

    /// The estimate for the activity with this id.
    pub fn for_id(&self, activity: &str) -> Option<&TransferEstimate> {
        self.ids.get(activity).and_then(|&i| self.estimates.get(i))
    }

    /// The probability of transfer (posterior mean) for the activity at this catalog position:
    /// the evidence-based replacement of the catalog prior's mean in the recommender.
    pub fn transfer_probability(&self, activity: usize) -> Option<f64> {
        self.estimates.get(activity).map(|e| e.mean)
    }

    /// The transfer key of the activity at this catalog position.
    pub fn key(&self, activity: usize) -> Option<&TransferKey> {
        self.keys.get(activity)
    }

    /// Number of activities covered (the catalog's length).
    pub fn len(&self) -> usize {
        self.estimates.len()
    }

    /// Whether the catalog had no activities.
    pub fn is_empty(&self) -> bool {
        self.estimates.is_empty()
    }
}
