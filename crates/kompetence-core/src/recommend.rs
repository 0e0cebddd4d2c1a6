//! Recommendations (D6–D8, D10, D12): for one person, the non-dominated learning paths, the
//! chosen one with explanations in Danish and English, runners-up and rejected alternatives.
//!
//! The search itself and the exact rules for what a feasible path is live in [`crate::paths`];
//! this module holds the result types and the *choice* of one path.
//!
//! # The choice (the objective)
//!
//! 1. If the person has mandatory needs (role requirements, mandatory goal requirements) and
//!    some frontier path *closes all of them* (its simulated final levels reach every mandatory
//!    need's target), only those paths are considered and the cheapest wins (ties: more effect,
//!    fewer steps, then the canonical order of activity ids). Rule: [`ChoiceRule::MandatoryClosed`].
//! 2. Otherwise the path with the highest *score* `effect × choice.value_per_effect − net_cost`
//!    wins (ties: cheaper, fewer steps, canonical order). Rule: [`ChoiceRule::BestValue`].
//!    The empty path scores 0, so it wins when no path is worth its cost
//!    ([`ChoiceRule::NothingWorthItsCost`]) or when the person has no needs ([`ChoiceRule::NoNeeds`]).
//!    When the frontier holds nothing but the empty path, no activity can be taken toward the
//!    needs at all and the rule says so ([`ChoiceRule::NoFeasiblePath`]): not a price problem.
//!
//! Runners-up are the next `choice.runners_up` frontier paths by score (same tie-breaks),
//! leaving out the chosen one.
//!
//! # Explanations are rendered on demand
//!
//! A recommendation keeps its explanations (each chosen or runner-up step's, each rejection's,
//! the summary) as an [`Explanation`]: the structured reasons (the person's needs and their
//! origins, preferences, the numbers of the step or rejection) shared by one reference per
//! person. The Danish and English texts are rendered only when read
//! ([`Step::explanation_text`], [`Rejection::reason_text`], [`Recommendation::summary_text`]) or
//! serialised, so recommending for a whole organisation does not build kilobytes of text per
//! person that nobody may read. The JSON is the same as if the texts had been stored.
//!
//! # Stability
//!
//! Every type here serialises with a fixed field order and holds no maps, so the same documents
//! always give byte-identical JSON.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::explain::Context;
use crate::model::{Date, FundingCovers, LearningForm, Level, MentorKind};
use crate::needs::Need;

/// A text in Danish and English, short enough for a consultant to read aloud to the employee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Text {
    /// Danish.
    pub da: String,
    /// English.
    pub en: String,
}

/// An explanation in Danish and English, kept as the structured reasons it is made of and
/// rendered to text when read or serialised (see the module docs). It serialises as (and its
/// JSON Schema is) a [`Text`]; read it through the item it explains: [`Step::explanation_text`],
/// [`Rejection::reason_text`], [`Recommendation::summary_text`].
#[derive(Clone)]
pub struct Explanation(Repr);

#[derive(Clone)]
enum Repr {
    /// Read back from JSON: the texts themselves.
    Text(Text),
    /// The person's reasons, rendered together with the explained item.
    Reasons(Arc<Context>),
}

impl Explanation {
    pub(crate) fn reasons(context: &Arc<Context>) -> Explanation {
        Explanation(Repr::Reasons(Arc::clone(context)))
    }

    /// An explanation that is already text.
    pub fn text(text: Text) -> Explanation {
        Explanation(Repr::Text(text))
    }

    /// The text, rendering `render` from the reasons unless it was read back from JSON.
    fn text_with(&self, render: impl FnOnce(&Context) -> Text) -> Text {
        match &self.0 {
            Repr::Text(t) => t.clone(),
            Repr::Reasons(c) => render(c),
        }
    }
}

impl std::fmt::Debug for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Repr::Text(t) => f.debug_tuple("Explanation").field(t).finish(),
            Repr::Reasons(_) => f.write_str("Explanation(reasons)"),
        }
    }
}

/// Equal when made from equal reasons (or equal texts): the text is a function of the reasons
/// and the item explained, which its owner compares too.
impl PartialEq for Explanation {
    fn eq(&self, other: &Explanation) -> bool {
        match (&self.0, &other.0) {
            (Repr::Text(a), Repr::Text(b)) => a == b,
            (Repr::Reasons(a), Repr::Reasons(b)) => Arc::ptr_eq(a, b) || a == b,
            _ => false,
        }
    }
}

impl<'de> Deserialize<'de> for Explanation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Explanation, D::Error> {
        Text::deserialize(d).map(|t| Explanation(Repr::Text(t)))
    }
}

impl JsonSchema for Explanation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        Text::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        Text::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Text::json_schema(generator)
    }
}

/// What one step of a path raises in one needed competence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Gain {
    /// Competence id.
    pub competence: String,
    /// The person's simulated level before the step.
    pub from: Level,
    /// The person's simulated level after the step.
    pub to: Level,
    /// The need's deadline.
    pub deadline: Date,
    /// True when no origin set the deadline: it is the policy's default horizon (see
    /// [`Need::deadline_is_default`](crate::needs::Need::deadline_is_default)), the need is
    /// current and the gain does not decay for ending early.
    #[serde(default)]
    pub deadline_is_default: bool,
    /// Days from the step's last day to the deadline (negative: ends after the deadline).
    pub days_before_deadline: i64,
    /// Timing factor (D12): 0 when late, 1 inside the window before the deadline or for a need
    /// without a date (needed now), decaying when earlier.
    pub timing_factor: f64,
    /// The need's weight per level.
    pub weight: f64,
    /// Expected effect contributed: weight × levels × transfer × timing × preference.
    pub effect: f64,
}

/// A buddy chosen for a step (only id and display name: never the buddy's levels, D11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BuddyChoice {
    /// The buddy's employee id.
    pub employee: String,
    /// The buddy's display name.
    pub name: String,
}

/// Money a funding source pays towards a step or a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FundingUse {
    /// Funding source id.
    pub source: String,
    /// Its name.
    pub name: String,
    /// Fees or wages.
    pub covers: FundingCovers,
    /// Whole kroner paid.
    pub amount: i64,
}

/// One activity in a path, scheduled and costed.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
pub struct Step {
    /// Activity id.
    pub activity: String,
    /// Activity title.
    pub title: String,
    /// Learning form.
    pub form: LearningForm,
    /// The session used, `None` for an on-demand activity.
    pub session: Option<String>,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Hours away from daily work.
    pub hours_away: f64,
    /// Fee, whole kroner; for a group activity the estimated share of its fixed cost is included.
    pub fee: i64,
    /// True when `fee` includes an estimated share of a group activity's fixed cost
    /// (fixed cost / most participants); the planner shares the real cost.
    pub group_estimate: bool,
    /// Hours away × the person's wage cost, whole kroner.
    pub wage_cost: i64,
    /// Who accompanies the learner, if the activity needs someone.
    pub mentor: Option<MentorKind>,
    /// The buddy chosen, for buddy activities.
    pub buddy: Option<BuddyChoice>,
    /// Buddy or supervisor hours × their cost, whole kroner.
    pub mentor_cost: i64,
    /// True when a jump above the stretch zone is paired with supervision (D7).
    pub supervised: bool,
    /// Cost of that supervision, whole kroner.
    pub supervision_cost: i64,
    /// Funding paid towards this step.
    pub funding: Vec<FundingUse>,
    /// fee + wage cost + mentor cost + supervision cost − funding.
    pub net_cost: i64,
    /// Probability that the learning is applied in practice (D9): the posterior from
    /// evaluations of this form, competence category and provider, or the catalog prior.
    pub transfer_probability: f64,
    /// The behaviour follow-ups behind that probability, when evaluations exist.
    pub transfer_evidence: Option<TransferEvidence>,
    /// Factor for the person's preference for this form's family (D8).
    pub preference_factor: f64,
    /// What the step raises.
    pub gains: Vec<Gain>,
    /// Expected effect of the step.
    pub effect: f64,
    /// Why this step (set for the chosen path and runners-up); the text is
    /// [`Step::explanation_text`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

impl Step {
    /// Why this step, in Danish and English (rendered now; `None` when the step has no
    /// explanation).
    pub fn explanation_text(&self) -> Option<Text> {
        let e = self.explanation.as_ref()?;
        Some(e.text_with(|c| crate::explain::step(c, self)))
    }
}

/// [`Step`] as it is written: the explanation rendered to text.
#[derive(Serialize)]
struct StepJson<'a> {
    activity: &'a str,
    title: &'a str,
    form: LearningForm,
    session: &'a Option<String>,
    start: Date,
    end: Date,
    hours_away: f64,
    fee: i64,
    group_estimate: bool,
    wage_cost: i64,
    mentor: Option<MentorKind>,
    buddy: &'a Option<BuddyChoice>,
    mentor_cost: i64,
    supervised: bool,
    supervision_cost: i64,
    funding: &'a [FundingUse],
    net_cost: i64,
    transfer_probability: f64,
    transfer_evidence: Option<TransferEvidence>,
    preference_factor: f64,
    gains: &'a [Gain],
    effect: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<Text>,
}

impl Serialize for Step {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        StepJson {
            activity: &self.activity,
            title: &self.title,
            form: self.form,
            session: &self.session,
            start: self.start,
            end: self.end,
            hours_away: self.hours_away,
            fee: self.fee,
            group_estimate: self.group_estimate,
            wage_cost: self.wage_cost,
            mentor: self.mentor,
            buddy: &self.buddy,
            mentor_cost: self.mentor_cost,
            supervised: self.supervised,
            supervision_cost: self.supervision_cost,
            funding: &self.funding,
            net_cost: self.net_cost,
            transfer_probability: self.transfer_probability,
            transfer_evidence: self.transfer_evidence,
            preference_factor: self.preference_factor,
            gains: &self.gains,
            effect: self.effect,
            explanation: self.explanation_text(),
        }
        .serialize(s)
    }
}

/// Behaviour follow-ups of earlier participants in activities like this one (same form,
/// competence category and provider).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TransferEvidence {
    /// Applied in practice.
    pub applied: u32,
    /// Partly applied.
    pub partly: u32,
    /// Not applied.
    pub not_applied: u32,
}

impl TransferEvidence {
    /// Everyone followed up.
    pub fn followed_up(&self) -> u32 {
        self.applied + self.partly + self.not_applied
    }
}

/// A learning path: activities in order, with its effect and cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LearningPath {
    /// The steps in order (empty: do nothing now).
    pub steps: Vec<Step>,
    /// Expected effect: weighted expected levels applied in practice.
    pub effect: f64,
    /// Net cost, whole kroner.
    pub net_cost: i64,
    /// Cost before funding, whole kroner.
    pub gross_cost: i64,
    /// Funding per source over the whole path (sources that paid nothing are left out).
    pub funding: Vec<FundingUse>,
    /// Total hours away.
    pub hours_away: f64,
    /// `effect × value_per_effect − net_cost`.
    pub score: f64,
    /// The simulated final levels reach every mandatory need's target (false when there are none).
    pub closes_mandatory: bool,
}

/// Which rule chose the path (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceRule {
    /// The person has no needs.
    NoNeeds,
    /// The cheapest path closing every mandatory need.
    MandatoryClosed,
    /// The highest effect × value − cost.
    BestValue,
    /// No path is worth its cost; the empty path wins.
    NothingWorthItsCost,
    /// The person has needs but no learning path can be taken toward them (every activity that
    /// develops them is rejected: see [`Recommendation::rejected`]), so nothing is chosen.
    NoFeasiblePath,
    /// The activities already agreed in the development plan reach every need's target, so
    /// nothing new is proposed (see [`Recommendation::agreed`]).
    AgreedCovers,
    /// The search was refused (limits); see [`Recommendation::refused`].
    Refused,
}

fn is_zero_f64(x: &f64) -> bool {
    *x == 0.0
}

fn is_zero_i64(x: &i64) -> bool {
    *x == 0
}

/// Why an activity that develops a needed competence is not in the chosen path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum RejectReason {
    /// Taught in a language the person does not learn in.
    Language {
        /// The activity's language.
        language: String,
    },
    /// Cannot raise any need from the person's current levels (entry level above the current
    /// level, or ceiling at or below it) and no other step makes it useful here.
    NoGain,
    /// Raises only needs a strategic goal requires certified, and does not certify (see
    /// `GoalRequirement::certification` and `LearningActivity::certifies`).
    NotCertifying {
        /// Competence id of a need that must be certified.
        competence: String,
    },
    /// Its jump in some competence lies beyond the supervised limit: the alarm zone (D7).
    AlarmZone {
        /// Competence id.
        competence: String,
        /// Levels the step would add.
        jump: Level,
    },
    /// No session with a free seat starts on or after the planning date.
    NoFreeSeat,
    /// Every session that could be used ends after the deadlines of the needs it serves.
    TooLate,
    /// No qualified buddy is available (level, rotation, capacity).
    NoBuddy,
    /// Over the person's cap on hours away.
    HoursCap {
        /// Hours the activity takes.
        hours_away: f64,
        /// The person's cap.
        max_hours_away: f64,
        /// Hours the agreed development-plan activities already take of the cap (absent: 0).
        #[serde(default, skip_serializing_if = "is_zero_f64")]
        agreed_hours: f64,
    },
    /// Over the per-person budget.
    Budget {
        /// Net cost of the activity on its own.
        net_cost: i64,
        /// The per-person budget.
        per_person: i64,
        /// Net cost of the agreed development-plan activities, already spent of it (absent: 0).
        #[serde(default, skip_serializing_if = "is_zero_i64")]
        agreed_cost: i64,
    },
    /// Excluded by one of the organisation's rules.
    Policy {
        /// The rule's id.
        rule: String,
    },
    /// Feasible, but not part of the chosen path: the chosen path is better value.
    NotChosen {
        /// Effect of the activity on its own.
        effect: f64,
        /// Net cost of the activity on its own.
        net_cost: i64,
    },
}

/// An alternative that was not recommended, with the reason.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
pub struct Rejection {
    /// Activity id.
    pub activity: String,
    /// Activity title.
    pub title: String,
    /// Learning form.
    pub form: LearningForm,
    /// Why.
    #[serde(flatten)]
    pub reason: RejectReason,
    /// The reason in words: [`Rejection::reason_text`].
    pub text: Explanation,
}

impl Rejection {
    /// The reason in Danish and English (rendered now).
    pub fn reason_text(&self) -> Text {
        self.text.text_with(|c| crate::explain::rejection(c, self.form, &self.reason))
    }
}

/// [`Rejection`] as it is written: the reason rendered to text.
#[derive(Serialize)]
struct RejectionJson<'a> {
    activity: &'a str,
    title: &'a str,
    form: LearningForm,
    #[serde(flatten)]
    reason: &'a RejectReason,
    text: Text,
}

impl Serialize for Rejection {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RejectionJson {
            activity: &self.activity,
            title: &self.title,
            form: self.form,
            reason: &self.reason,
            text: self.reason_text(),
        }
        .serialize(s)
    }
}

/// One person's recommendation.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
pub struct Recommendation {
    /// Employee id.
    pub employee: String,
    /// The needs the paths serve (the person's own levels only); shared with the explanations.
    pub needs: Arc<[Need]>,
    /// Every non-dominated path on (effect ↑, net cost ↓), cheapest first, as compact points
    /// (what an analyst plots and a planner books); always contains the empty path. The full
    /// steps of any point are one call away: [`crate::Engine::learning_path`].
    pub frontier: Vec<FrontierPoint>,
    /// The recommended path, with explanations per step.
    pub chosen: LearningPath,
    /// The rule that chose it.
    pub rule: ChoiceRule,
    /// The choice in words: [`Recommendation::summary_text`].
    pub summary: Explanation,
    /// The next best paths by score, with explanations.
    pub runners_up: Vec<LearningPath>,
    /// Alternatives not in the chosen path, with reasons (catalog order, at most
    /// [`crate::paths::MAX_REJECTIONS_REPORTED`]).
    pub rejected: Vec<Rejection>,
    /// Set when the search was refused because the person's instance exceeds the documented
    /// limits; the frontier then holds only the empty path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
    /// Set when the person had more candidate activities than the exact search takes and the
    /// search ran over a shortlist (see [`crate::paths`]); the frontier is then exact over the
    /// shortlist only. Absent when every candidate was searched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortlist: Option<Shortlist>,
    /// The person's development-plan activities already agreed (status planned or in
    /// progress), fixed before the search: they keep their dates, raise the levels, use hours,
    /// funding caps and the per-person budget, and are never recommended again. Every path
    /// (chosen, runners-up, frontier) comes on top of them and counts only its *new* steps.
    /// Absent when the person has no agreed activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed: Option<Agreed>,
}

/// What became of a person's agreed development-plan activities in a recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Agreed {
    /// Agreed activities still feasible, as scheduled and costed steps with explanations, in
    /// plan order.
    pub kept: Vec<Step>,
    /// Agreed activities no longer feasible (session gone, deadline passed, no buddy, …), with
    /// the reason; they are not in any path.
    pub dropped: Vec<Rejection>,
}

/// How a big catalog was narrowed for one person: the most promising `searched` of
/// `candidates` activities (of which `after_pruning` remained once dearer equivalents of the
/// same activity were set aside without loss).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Shortlist {
    /// Activities the exact search ran over.
    pub searched: u32,
    /// Activities that could serve one of the person's needs.
    pub candidates: u32,
    /// What remained after exact dominance pruning (the same activity dearer, or with lower
    /// transfer, set aside: no loss).
    pub after_pruning: u32,
}

impl Recommendation {
    /// The choice in Danish and English (rendered now).
    pub fn summary_text(&self) -> Text {
        self.summary.text_with(|c| {
            let mut text = match (self.rule, &self.refused) {
                (ChoiceRule::Refused, Some(message)) => crate::explain::refused(message),
                _ => crate::explain::summary(c, self.rule, &self.chosen, &self.needs, self.agreed.as_ref()),
            };
            // A text read back from JSON already holds the notes.
            if let Some(a) = &self.agreed {
                let note = crate::explain::agreed(a);
                text.da = format!("{} {}", note.da, text.da);
                text.en = format!("{} {}", note.en, text.en);
            }
            if let Some(s) = &self.shortlist {
                let note = crate::explain::shortlist(s);
                text.da = format!("{} {}", text.da, note.da);
                text.en = format!("{} {}", text.en, note.en);
            }
            text
        })
    }
}

/// [`Recommendation`] as it is written: every explanation rendered to text.
#[derive(Serialize)]
struct RecommendationJson<'a> {
    employee: &'a str,
    needs: &'a [Need],
    frontier: &'a [FrontierPoint],
    chosen: &'a LearningPath,
    rule: ChoiceRule,
    summary: Text,
    runners_up: &'a [LearningPath],
    rejected: &'a [Rejection],
    #[serde(skip_serializing_if = "Option::is_none")]
    refused: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shortlist: &'a Option<Shortlist>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agreed: &'a Option<Agreed>,
}

impl Serialize for Recommendation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RecommendationJson {
            employee: &self.employee,
            needs: &self.needs,
            frontier: &self.frontier,
            chosen: &self.chosen,
            rule: self.rule,
            summary: self.summary_text(),
            runners_up: &self.runners_up,
            rejected: &self.rejected,
            refused: &self.refused,
            shortlist: &self.shortlist,
            agreed: &self.agreed,
        }
        .serialize(s)
    }
}

/// One step of a frontier point: what a planner books (activity, session, buddy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PointStep {
    /// Activity id.
    pub activity: String,
    /// The session used, absent for an on-demand activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The buddy's employee id, for buddy activities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buddy: Option<String>,
}

/// A non-dominated path as a point on (effect, net cost): the activities in order with their
/// session and buddy, and the path's totals. Frontiers are large (a hundred thousand people
/// times several points), so points carry no explanations, gains or funding details; those are
/// built for the chosen path and the runners-up, and on demand by [`crate::Engine::learning_path`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FrontierPoint {
    /// The steps in order (empty: do nothing now).
    pub steps: Vec<PointStep>,
    /// Expected effect, as [`LearningPath::effect`].
    pub effect: f64,
    /// Net cost, whole kroner.
    pub net_cost: i64,
    /// Total hours away.
    pub hours_away: f64,
    /// `effect × value_per_effect − net_cost`.
    pub score: f64,
    /// The simulated final levels reach every mandatory need's target (false when there are none).
    pub closes_mandatory: bool,
}

impl FrontierPoint {
    /// Activity ids in order.
    pub fn activity_ids(&self) -> Vec<&str> {
        self.steps.iter().map(|s| s.activity.as_str()).collect()
    }
}

impl LearningPath {
    /// The path as a frontier point (its totals, activities, sessions and buddies).
    pub fn point(&self) -> FrontierPoint {
        FrontierPoint {
            steps: self
                .steps
                .iter()
                .map(|s| PointStep {
                    activity: s.activity.clone(),
                    session: s.session.clone(),
                    buddy: s.buddy.as_ref().map(|b| b.employee.clone()),
                })
                .collect(),
            effect: self.effect,
            net_cost: self.net_cost,
            hours_away: self.hours_away,
            score: self.score,
            closes_mandatory: self.closes_mandatory,
        }
    }

    /// The empty path: do nothing now (effect 0, cost 0).
    pub fn empty() -> LearningPath {
        LearningPath {
            steps: Vec::new(),
            effect: 0.0,
            net_cost: 0,
            gross_cost: 0,
            funding: Vec::new(),
            hours_away: 0.0,
            score: 0.0,
            closes_mandatory: false,
        }
    }

    /// Activity ids in order.
    pub fn activity_ids(&self) -> Vec<&str> {
        self.steps.iter().map(|s| s.activity.as_str()).collect()
    }
}

/// Orders paths by the choice objective: score ↓, then cost ↑, steps ↑, canonical ids.
pub(crate) fn by_score(a: &FrontierPoint, b: &FrontierPoint) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then(a.net_cost.cmp(&b.net_cost))
        .then(a.steps.len().cmp(&b.steps.len()))
        .then_with(|| a.steps.iter().map(|s| &s.activity).cmp(b.steps.iter().map(|s| &s.activity)))
}

/// Picks the chosen path's position in `frontier` and the rule (see the module docs).
///
/// `covered`: the agreed activities alone reach every need's target. When they close every
/// mandatory need (the empty path then does), the mandatory rule has nothing to choose and the
/// path on top is chosen by value.
pub(crate) fn choose(frontier: &[FrontierPoint], needs: &[Need], covered: bool) -> (usize, ChoiceRule) {
    if needs.is_empty() || frontier.is_empty() {
        return (0, ChoiceRule::NoNeeds);
    }
    let empty = frontier.iter().position(|p| p.steps.is_empty()).unwrap_or(0);
    if covered {
        return (empty, ChoiceRule::AgreedCovers);
    }
    // The empty path is always on the frontier; alone, nothing can be taken at all.
    if frontier.len() == 1 && frontier[0].steps.is_empty() {
        return (0, ChoiceRule::NoFeasiblePath);
    }
    let has_mandatory = needs.iter().any(|n| n.mandatory);
    if has_mandatory && !frontier[empty].closes_mandatory {
        let best =
            frontier.iter().enumerate().filter(|(_, p)| p.closes_mandatory).min_by(|(_, a), (_, b)| {
                a.net_cost
                    .cmp(&b.net_cost)
                    .then(b.effect.total_cmp(&a.effect))
                    .then(a.steps.len().cmp(&b.steps.len()))
                    .then_with(|| {
                        a.steps.iter().map(|s| &s.activity).cmp(b.steps.iter().map(|s| &s.activity))
                    })
            });
        if let Some((i, _)) = best {
            return (i, ChoiceRule::MandatoryClosed);
        }
    }
    let (i, best) =
        frontier.iter().enumerate().min_by(|(_, a), (_, b)| by_score(a, b)).unwrap_or((0, &frontier[0]));
    if best.steps.is_empty() { (i, ChoiceRule::NothingWorthItsCost) } else { (i, ChoiceRule::BestValue) }
}

/// Positions of the runners-up: the next `count` frontier paths by score, without `chosen`.
pub(crate) fn runners_up(frontier: &[FrontierPoint], chosen: usize, count: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..frontier.len()).filter(|&i| i != chosen).collect();
    order.sort_by(|&a, &b| by_score(&frontier[a], &frontier[b]));
    order.truncate(count);
    order
}
