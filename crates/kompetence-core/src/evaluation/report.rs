//! The evaluation report (D9): effect per learning form, provider, competence and activity on
//! all four Kirkpatrick levels, flags for activities evaluated only by satisfaction and for
//! overdue follow-ups, and feedback to providers.
//!
//! # Cost
//!
//! Two costs are reported side by side, each labelled with what it contains:
//!
//! * **fees as evaluated** (`total_cost`): each record's actual cost, or the catalog fee where
//!   none is given — what was paid to a provider. Buddy training and other learning on the job
//!   usually cost no fee, so on this figure alone they look free.
//! * **full cost** (`full_cost`): the fees as evaluated + the participant's hours away × their
//!   wage cost per hour + the activity's buddy or supervisor hours × their cost — the parts of
//!   the recommender's step cost (see [`crate::paths`]), each rounded to whole kroner the same
//!   way. The records cannot support the rest of that definition, so it is left out and the
//!   report says so: they do not name the buddy (a buddy's hours are valued at the participant's
//!   own wage cost, a colleague's; a supervisor's at `zones.supervisor_cost_per_hour`, as in the
//!   recommender), nor the funding received (the full cost is before funding), and a record's
//!   zone supervision is unknown. A participant who is not in the organisation counts no wage.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::estimate::{Outcomes, TransferEstimate, TransferEstimates, posterior, sane_prior};
use super::follow_up::{FollowUp, follow_up_due, follow_ups};
use crate::model::{
    Catalog, Date, EvaluationRecord, Evaluations, LearningActivity, LearningForm, MentorKind, Organisation,
    Policy,
};
use crate::paths::{finite_or_zero, kroner};

/// A reaction at or above this mean is "high satisfaction" in provider feedback.
pub const HIGH_REACTION: f64 = 4.0;
/// A posterior transfer at or above this is "works in practice".
pub const HIGH_TRANSFER: f64 = 0.6;
/// A posterior transfer below this is "low transfer".
pub const LOW_TRANSFER: f64 = 0.4;

/// Figures for one group of evaluation records (a form, provider, competence or activity).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Stats {
    /// Evaluation records in the group (one per participant and completion).
    pub participants: u32,
    /// Mean reaction (satisfaction, 1–5) over the records that have one.
    pub reaction_mean: Option<f64>,
    /// Records with a reaction.
    pub reaction_count: u32,
    /// Records with a behaviour follow-up.
    pub followed_up: u32,
    /// Follow-ups: applied in practice.
    pub applied: u32,
    /// Follow-ups: partly applied.
    pub partly: u32,
    /// Follow-ups: not applied.
    pub not_applied: u32,
    /// Share of follow-ups applied (`None` without follow-ups).
    pub share_applied: Option<f64>,
    /// Share of follow-ups partly applied.
    pub share_partly: Option<f64>,
    /// Share of follow-ups not applied.
    pub share_not_applied: Option<f64>,
    /// Transfer rate: posterior mean of the probability of transfer. The prior is the mean of
    /// the catalog priors of the group's activities, so a group rests on as much prior belief
    /// as one activity rather than one prior per activity.
    pub transfer: f64,
    /// Credible interval of the transfer rate at the policy's level: (low, high).
    pub interval: (f64, f64),
    /// Mean level gained (after − before) over the records where both were assessed.
    pub level_gain_mean: Option<f64>,
    /// Records with both levels assessed.
    pub level_gain_count: u32,
    /// Mean KPI change over the records that measured one.
    pub kpi_change_mean: Option<f64>,
    /// Records with a KPI change.
    pub kpi_count: u32,
    /// Fees as evaluated, whole kroner: actual cost, or the catalog fee where no actual cost is
    /// given (no wages, no buddy's time; see the module docs).
    pub total_cost: i64,
    /// Fees per level gained *and applied*, whole kroner: over the records with assessed
    /// levels, Σ fees / (Σ level gain × transfer rate). `None` without a positive gain or
    /// without any behaviour follow-up (then the transfer rate is only the prior).
    pub cost_per_transferred_level: Option<i64>,
    /// Full cost, whole kroner: the fees as evaluated + hours away × the participant's wage
    /// cost + buddy or supervisor hours × their cost, before funding (see the module docs).
    #[serde(default)]
    pub full_cost: i64,
    /// Full cost per level gained and applied, whole kroner, as `cost_per_transferred_level`
    /// with the full cost.
    #[serde(default)]
    pub full_cost_per_transferred_level: Option<i64>,
    /// Records without a behaviour follow-up whose follow-up is overdue at `as_of`.
    pub overdue_follow_ups: u32,
    /// Records without a behaviour follow-up whose follow-up is not yet due.
    pub pending_follow_ups: u32,
}

/// Figures for one form, provider or competence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupStats {
    /// The group's key: the form's snake_case name, the provider, or the competence id.
    pub key: String,
    /// A name to show: the provider, the competence's name, or the form's key.
    pub name: String,
    /// The figures.
    #[serde(flatten)]
    pub stats: Stats,
}

/// Figures for one catalog activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ActivityStats {
    /// Activity id.
    pub activity: String,
    /// Title.
    pub title: String,
    /// Learning form.
    pub form: LearningForm,
    /// Provider.
    pub provider: String,
    /// Competence category of its first developed competence (its transfer key).
    pub category: Option<String>,
    /// Figures from this activity's own records, with its own catalog prior.
    #[serde(flatten)]
    pub stats: Stats,
    /// The estimate the recommender uses: pooled over every activity with the same form,
    /// category and provider.
    pub pooled: TransferEstimate,
    /// Flag: reactions were collected but no record has a behaviour follow-up.
    pub satisfaction_only: bool,
}

/// What a provider's results say overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Transfer at or above [`HIGH_TRANSFER`].
    WorksInPractice,
    /// Transfer between the thresholds.
    Moderate,
    /// Transfer below [`LOW_TRANSFER`] with reaction at or above [`HIGH_REACTION`]: participants
    /// liked it, but did not use it.
    HighSatisfactionLowTransfer,
    /// Transfer below [`LOW_TRANSFER`].
    LowTransfer,
    /// Reactions but no behaviour follow-up: the effect is unknown.
    SatisfactionOnly,
    /// No evaluation records at all.
    NoEvidence,
}

/// A sentence in Danish and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Text {
    /// Danish.
    pub da: String,
    /// English.
    pub en: String,
}

/// Feedback for one provider (D9: providers should hear what worked and what did not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProviderFeedback {
    /// Provider.
    pub provider: String,
    /// The overall verdict.
    pub verdict: Verdict,
    /// One sentence: transfer with interval, reaction and verdict.
    pub summary: Text,
    /// Activities that were applied in practice.
    pub worked: Vec<Text>,
    /// Activities that were not applied, or whose application was never followed up.
    pub did_not_work: Vec<Text>,
}

/// The evaluation report. Deterministic: the same documents give the same report, whatever
/// the order of the records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EvaluationReport {
    /// The organisation's planning date, at which follow-ups are judged overdue.
    pub as_of: Date,
    /// The policy's follow-up delay, weeks.
    pub follow_up_weeks: u32,
    /// How much a "partly applied" counted as a success.
    pub partly_counts: f64,
    /// Probability mass of the credible intervals.
    pub credible_level: f64,
    /// Evaluation records in the document.
    pub records: u32,
    /// Records naming an activity that is not in the catalog (validation rejects these); they
    /// are left out of every figure.
    pub unmatched_records: u32,
    /// Figures over every matched record.
    pub overall: Stats,
    /// Per learning form, every form in the catalog, in the stable order of [`LearningForm::ALL`].
    pub by_form: Vec<GroupStats>,
    /// Per provider, every provider in the catalog, by name.
    pub by_provider: Vec<GroupStats>,
    /// Per competence evaluated (the record's assessed competence, else the activity's first
    /// developed one), in framework order; records with neither are under the key `""`.
    pub by_competence: Vec<GroupStats>,
    /// Per activity with records, in catalog order.
    pub by_activity: Vec<ActivityStats>,
    /// Activities evaluated only by satisfaction, in catalog order.
    pub satisfaction_only: Vec<String>,
    /// Follow-ups overdue at `as_of` (from records and from completed plan activities), by due date.
    pub overdue_follow_ups: Vec<FollowUp>,
    /// Feedback per provider, by name.
    pub provider_feedback: Vec<ProviderFeedback>,
}

/// Accumulates one group's records with integer sums, so record order cannot matter.
#[derive(Debug, Default)]
struct Acc {
    outcomes: Outcomes,
    reaction_sum: u64,
    reaction_count: u32,
    gain_sum: i64,
    gain_count: u32,
    gain_cost: i128,
    gain_full_cost: i128,
    total_cost: i128,
    full_cost: i128,
    kpis: Vec<f64>,
    overdue: u32,
    pending: u32,
    /// Catalog positions of the activities seen, for the group's prior.
    activities: BTreeSet<usize>,
}

struct RecordFacts {
    cost: i64,
    full_cost: i64,
    gain: Option<i64>,
    overdue: Option<bool>,
}

impl Acc {
    fn add(&mut self, record: &EvaluationRecord, activity: usize, facts: &RecordFacts) {
        self.outcomes.add(record);
        self.activities.insert(activity);
        if let Some(r) = record.reaction.filter(|r| (1..=5).contains(r)) {
            self.reaction_sum += u64::from(r);
            self.reaction_count = self.reaction_count.saturating_add(1);
        }
        if let Some(g) = facts.gain {
            self.gain_sum = self.gain_sum.saturating_add(g);
            self.gain_count = self.gain_count.saturating_add(1);
            self.gain_cost += i128::from(facts.cost);
            self.gain_full_cost += i128::from(facts.full_cost);
        }
        self.total_cost += i128::from(facts.cost);
        self.full_cost += i128::from(facts.full_cost);
        if let Some(k) = record.kpi_change.filter(|k| k.is_finite()) {
            self.kpis.push(k);
        }
        match facts.overdue {
            Some(true) => self.overdue = self.overdue.saturating_add(1),
            Some(false) => self.pending = self.pending.saturating_add(1),
            None => {}
        }
    }

    fn stats(&self, prior: (f64, f64), policy: &Policy) -> Stats {
        let o = &self.outcomes;
        let est = posterior(prior, o, &policy.evaluation);
        let followed = o.followed_up();
        let share = |n: u32| (followed > 0).then(|| f64::from(n) / f64::from(followed));
        let mut kpis = self.kpis.clone();
        kpis.sort_by(f64::total_cmp);
        let kpi_mean = (!kpis.is_empty()).then(|| kpis.iter().sum::<f64>() / kpis.len() as f64);
        let denominator = self.gain_sum as f64 * est.mean;
        // Without a follow-up the transfer is only the prior: no cost per *transferred* level.
        let per_transferred_level = |cost: i128| {
            (followed > 0 && self.gain_sum > 0 && denominator > 0.0)
                .then(|| (cost as f64 / denominator).round())
                .filter(|c| c.is_finite() && c.abs() < i64::MAX as f64)
                .map(|c| c as i64)
        };
        Stats {
            participants: o.participants,
            reaction_mean: (self.reaction_count > 0)
                .then(|| self.reaction_sum as f64 / f64::from(self.reaction_count)),
            reaction_count: self.reaction_count,
            followed_up: followed,
            applied: o.applied,
            partly: o.partly,
            not_applied: o.not_applied,
            share_applied: share(o.applied),
            share_partly: share(o.partly),
            share_not_applied: share(o.not_applied),
            transfer: est.mean,
            interval: est.interval,
            level_gain_mean: (self.gain_count > 0).then(|| self.gain_sum as f64 / f64::from(self.gain_count)),
            level_gain_count: self.gain_count,
            kpi_change_mean: kpi_mean.filter(|m| m.is_finite()),
            kpi_count: u32::try_from(kpis.len()).unwrap_or(u32::MAX),
            total_cost: clamp_i64(self.total_cost),
            cost_per_transferred_level: per_transferred_level(self.gain_cost),
            full_cost: clamp_i64(self.full_cost),
            full_cost_per_transferred_level: per_transferred_level(self.gain_full_cost),
            overdue_follow_ups: self.overdue,
            pending_follow_ups: self.pending,
        }
    }

    /// The mean of the catalog priors of the group's activities (uniform when there are none).
    fn group_prior(&self, catalog: &Catalog) -> (f64, f64) {
        let priors: Vec<(f64, f64)> = self
            .activities
            .iter()
            .filter_map(|&i| catalog.activities.get(i))
            .map(|a| sane_prior(a.transfer))
            .collect();
        if priors.is_empty() {
            return (1.0, 1.0);
        }
        let n = priors.len() as f64;
        let (a, b) = priors.iter().fold((0.0, 0.0), |(a, b), p| (a + p.0, b + p.1));
        let (a, b) = (a / n, b / n);
        if a.is_finite() && b.is_finite() && a > 0.0 && b > 0.0 { (a, b) } else { (1.0, 1.0) }
    }
}

/// What one participant's time in an activity costs, whole kroner: hours away × their wage cost,
/// plus buddy or supervisor hours × their cost (a buddy at the participant's own wage cost, since
/// a record does not name the buddy; a supervisor at `zones.supervisor_cost_per_hour`). Each
/// part is rounded with the recommender's [`kroner`]; hours that are not a non-negative number
/// count as none.
fn time_cost(activity: &LearningActivity, wage_per_hour: i64, policy: &Policy) -> i64 {
    let away = kroner(finite_or_zero(activity.hours_away) * wage_per_hour as f64);
    let mentor_rate = match activity.mentor {
        None => 0,
        Some(MentorKind::Buddy) => wage_per_hour,
        Some(MentorKind::Supervisor) => policy.zones.supervisor_cost_per_hour,
    };
    away.saturating_add(kroner(finite_or_zero(activity.mentor_hours) * mentor_rate as f64))
}

fn clamp_i64(x: i128) -> i64 {
    i64::try_from(x).unwrap_or(if x < 0 { i64::MIN } else { i64::MAX })
}

impl EvaluationReport {
    /// Builds the report from the documents.
    pub fn new(
        org: &Organisation,
        catalog: &Catalog,
        evals: &Evaluations,
        policy: &Policy,
    ) -> EvaluationReport {
        let estimates = TransferEstimates::new(org, catalog, evals, policy);
        EvaluationReport::with_estimates(org, catalog, evals, policy, &estimates)
    }

    /// Builds the report reusing estimates already made from the same documents.
    pub(crate) fn with_estimates(
        org: &Organisation,
        catalog: &Catalog,
        evals: &Evaluations,
        policy: &Policy,
        estimates: &TransferEstimates,
    ) -> EvaluationReport {
        let mut activity_pos: HashMap<&str, usize> = HashMap::new();
        for (i, a) in catalog.activities.iter().enumerate() {
            activity_pos.entry(a.id.as_str()).or_insert(i);
        }
        let mut wage_of: HashMap<&str, i64> = HashMap::new();
        for e in &org.employees {
            wage_of.entry(e.id.as_str()).or_insert(e.wage_cost_per_hour);
        }
        let mut competence_pos: HashMap<&str, usize> = HashMap::new();
        for (i, c) in org.framework.competences.iter().enumerate() {
            competence_pos.entry(c.id.as_str()).or_insert(i);
        }

        let mut overall = Acc::default();
        let mut by_form: BTreeMap<LearningForm, Acc> = BTreeMap::new();
        let mut by_provider: BTreeMap<&str, Acc> = BTreeMap::new();
        // Framework position first (unknown ids after, by id) so the order is the framework's.
        let mut by_competence: BTreeMap<(usize, &str), Acc> = BTreeMap::new();
        let mut by_activity: BTreeMap<usize, Acc> = BTreeMap::new();
        for a in &catalog.activities {
            by_form.entry(a.form).or_default();
            by_provider.entry(a.provider.as_str()).or_default();
        }

        let mut unmatched = 0u32;
        for record in &evals.records {
            let Some(&i) = activity_pos.get(record.activity.as_str()) else {
                unmatched = unmatched.saturating_add(1);
                continue;
            };
            let activity = &catalog.activities[i];
            let gain = match (record.level_before, record.level_after) {
                (Some(b), Some(a)) => Some(i64::from(a) - i64::from(b)),
                _ => None,
            };
            let overdue =
                record.behaviour.is_none().then(|| follow_up_due(record.completed_on, policy) < org.as_of);
            let cost = record.actual_cost.unwrap_or(activity.fee);
            let wage = wage_of.get(record.employee.as_str()).copied().unwrap_or(0);
            let full_cost = cost.saturating_add(time_cost(activity, wage, policy));
            let facts = RecordFacts { cost, full_cost, gain, overdue };
            let competence = record
                .competence
                .as_deref()
                .or_else(|| activity.develops.first().map(|d| d.competence.as_str()))
                .unwrap_or("");
            let cpos = competence_pos.get(competence).copied().unwrap_or(usize::MAX);

            overall.add(record, i, &facts);
            by_form.entry(activity.form).or_default().add(record, i, &facts);
            by_provider.entry(activity.provider.as_str()).or_default().add(record, i, &facts);
            by_competence.entry((cpos, competence)).or_default().add(record, i, &facts);
            by_activity.entry(i).or_default().add(record, i, &facts);
        }

        let group = |key: String, name: String, acc: &Acc| GroupStats {
            key,
            name,
            stats: acc.stats(acc.group_prior(catalog), policy),
        };
        let by_form: Vec<GroupStats> =
            by_form.iter().map(|(f, acc)| group(f.as_str().to_owned(), f.as_str().to_owned(), acc)).collect();
        let by_provider: Vec<GroupStats> =
            by_provider.iter().map(|(p, acc)| group((*p).to_owned(), (*p).to_owned(), acc)).collect();
        let by_competence: Vec<GroupStats> = by_competence
            .iter()
            .map(|((pos, id), acc)| {
                let name = org.framework.competences.get(*pos).map_or(*id, |c| c.name.as_str());
                group((*id).to_owned(), name.to_owned(), acc)
            })
            .collect();
        let by_activity: Vec<ActivityStats> = by_activity
            .iter()
            .filter_map(|(&i, acc)| {
                let a = catalog.activities.get(i)?;
                let pooled = *estimates.for_activity(i)?;
                let stats = acc.stats(sane_prior(a.transfer), policy);
                Some(ActivityStats {
                    activity: a.id.clone(),
                    title: a.title.clone(),
                    form: a.form,
                    provider: a.provider.clone(),
                    category: estimates.key(i).and_then(|k| k.category.clone()),
                    satisfaction_only: stats.reaction_count > 0 && stats.followed_up == 0,
                    stats,
                    pooled,
                })
            })
            .collect();
        let satisfaction_only =
            by_activity.iter().filter(|a| a.satisfaction_only).map(|a| a.activity.clone()).collect();
        let overdue_follow_ups = follow_ups(org, evals, policy).into_iter().filter(|f| f.overdue).collect();
        let provider_feedback =
            by_provider.iter().map(|p| provider_feedback(p, &by_activity, policy)).collect();

        EvaluationReport {
            as_of: org.as_of,
            follow_up_weeks: policy.evaluation.follow_up_weeks,
            partly_counts: super::estimate::partly_weight(&policy.evaluation),
            credible_level: super::estimate::credible_level(&policy.evaluation),
            records: u32::try_from(evals.records.len()).unwrap_or(u32::MAX),
            unmatched_records: unmatched,
            overall: overall.stats(overall.group_prior(catalog), policy),
            by_form,
            by_provider,
            by_competence,
            by_activity,
            satisfaction_only,
            overdue_follow_ups,
            provider_feedback,
        }
    }
}

/// The verdict on a group's figures.
pub fn verdict(stats: &Stats) -> Verdict {
    if stats.participants == 0 {
        Verdict::NoEvidence
    } else if stats.followed_up == 0 {
        if stats.reaction_count > 0 { Verdict::SatisfactionOnly } else { Verdict::NoEvidence }
    } else if stats.transfer >= HIGH_TRANSFER {
        Verdict::WorksInPractice
    } else if stats.transfer < LOW_TRANSFER {
        if stats.reaction_mean.is_some_and(|r| r >= HIGH_REACTION) {
            Verdict::HighSatisfactionLowTransfer
        } else {
            Verdict::LowTransfer
        }
    } else {
        Verdict::Moderate
    }
}

/// Whole percent, for sentences.
pub(crate) fn pct(x: f64) -> String {
    format!("{:.0}", (x * 100.0).clamp(0.0, 100.0))
}

/// One decimal, with a decimal comma in Danish.
pub(crate) fn one_decimal(x: f64, danish: bool) -> String {
    let s = format!("{x:.1}");
    if danish { s.replace('.', ",") } else { s }
}

fn verdict_text(v: Verdict) -> (&'static str, &'static str) {
    match v {
        Verdict::WorksInPractice => ("virker i praksis", "works in practice"),
        Verdict::Moderate => ("middel overførsel til praksis", "moderate transfer to practice"),
        Verdict::HighSatisfactionLowTransfer => {
            ("høj tilfredshed, lav overførsel", "high satisfaction, low transfer")
        }
        Verdict::LowTransfer => ("lav overførsel til praksis", "low transfer to practice"),
        Verdict::SatisfactionOnly => (
            "kun tilfredshed er målt — følg op på anvendelsen",
            "only satisfaction measured — follow up on use",
        ),
        Verdict::NoEvidence => ("ingen evalueringer endnu", "no evaluations yet"),
    }
}

/// "applied in practice by 3 of 14 followed-up participants (…)", in both languages.
fn transfer_clause(s: &Stats, credible_level: f64) -> Text {
    let level = pct(credible_level);
    let (lo, hi) = (pct(s.interval.0), pct(s.interval.1));
    let share = s.share_applied.map(pct).unwrap_or_default();
    let (partly_da, partly_en) = if s.partly > 0 {
        (format!(", delvist af {}", s.partly), format!(", partly by {}", s.partly))
    } else {
        (String::new(), String::new())
    };
    Text {
        da: format!(
            "anvendt i praksis af {} af {} deltagere med opfølgning{} ({} %; anslået overførsel {} %, {} %-interval {}–{} %)",
            s.applied,
            s.followed_up,
            partly_da,
            share,
            pct(s.transfer),
            level,
            lo,
            hi
        ),
        en: format!(
            "applied in practice by {} of {} followed-up participants{} ({} %; estimated transfer {} %, {} % interval {}–{} %)",
            s.applied,
            s.followed_up,
            partly_en,
            share,
            pct(s.transfer),
            level,
            lo,
            hi
        ),
    }
}

fn reaction_clause(s: &Stats) -> Text {
    match s.reaction_mean {
        Some(r) => Text {
            da: format!("tilfredshed {} (n = {})", one_decimal(r, true), s.reaction_count),
            en: format!("reaction {} (n = {})", one_decimal(r, false), s.reaction_count),
        },
        None => Text { da: "ingen tilfredshedsmåling".into(), en: "no reaction measured".into() },
    }
}

fn provider_feedback(group: &GroupStats, activities: &[ActivityStats], policy: &Policy) -> ProviderFeedback {
    let level = super::estimate::credible_level(&policy.evaluation);
    let s = &group.stats;
    let v = verdict(s);
    let (vda, ven) = verdict_text(v);
    let p = &group.name;
    let summary = if s.followed_up > 0 {
        let t = transfer_clause(s, level);
        let r = reaction_clause(s);
        Text {
            da: format!("{p}: {}; {} — {vda}.", t.da, r.da),
            en: format!("{p}: {}; {} — {ven}.", t.en, r.en),
        }
    } else if s.participants > 0 {
        let r = reaction_clause(s);
        Text {
            da: format!(
                "{p}: {} deltagere, ingen opfølgning på anvendelse; {} — {vda}.",
                s.participants, r.da
            ),
            en: format!(
                "{p}: {} participants, no follow-up on use in practice; {} — {ven}.",
                s.participants, r.en
            ),
        }
    } else {
        Text { da: format!("{p}: {vda}."), en: format!("{p}: {ven}.") }
    };
    let mut worked = Vec::new();
    let mut did_not_work = Vec::new();
    for a in activities.iter().filter(|a| a.provider == group.key) {
        let title = &a.title;
        match verdict(&a.stats) {
            Verdict::WorksInPractice => {
                let t = transfer_clause(&a.stats, level);
                worked.push(Text { da: format!("{title}: {}.", t.da), en: format!("{title}: {}.", t.en) });
            }
            Verdict::LowTransfer | Verdict::HighSatisfactionLowTransfer => {
                let t = transfer_clause(&a.stats, level);
                let r = reaction_clause(&a.stats);
                did_not_work.push(Text {
                    da: format!("{title}: {}; {}.", t.da, r.da),
                    en: format!("{title}: {}; {}.", t.en, r.en),
                });
            }
            Verdict::SatisfactionOnly => {
                let r = reaction_clause(&a.stats);
                did_not_work.push(Text {
                    da: format!(
                        "{title}: kun tilfredshed målt ({}); ingen ved, om det bruges i praksis.",
                        r.da
                    ),
                    en: format!(
                        "{title}: only satisfaction measured ({}); nobody knows whether it is used.",
                        r.en
                    ),
                });
            }
            Verdict::Moderate | Verdict::NoEvidence => {}
        }
    }
    ProviderFeedback { provider: group.key.clone(), verdict: v, summary, worked, did_not_work }
}
