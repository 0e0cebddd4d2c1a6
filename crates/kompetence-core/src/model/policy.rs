//! The policy document: the organisation's choices, plain reviewable data that a cooperation
//! committee (MED/SU) can read and agree on (D13).
//!
//! Every field has a documented default, so `{"schema_version": 1, "name": "…"}` is a complete
//! policy.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Education, LearningForm, Level};

/// The organisation's policy for competence development.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Document format version; this library reads version 1.
    pub schema_version: u32,
    /// Name, e.g. "Eksempel Kommune — kompetencepolitik 2027".
    pub name: String,
    /// How much each origin of a need counts.
    #[serde(default)]
    pub weights: OriginWeights,
    /// How citizen feedback raises needs (D3).
    #[serde(default)]
    pub feedback: FeedbackPolicy,
    /// How deadlines make needs urgent (D12).
    #[serde(default)]
    pub urgency: UrgencyPolicy,
    /// Comfort, stretch and alarm zones (D7).
    #[serde(default)]
    pub zones: ZonePolicy,
    /// Timing of activities relative to deadlines (D12).
    #[serde(default)]
    pub timing: TimingPolicy,
    /// Effect factors for a person's learning preferences (D8).
    #[serde(default)]
    pub preferences: PreferenceFactors,
    /// Buddy rules (D7).
    #[serde(default)]
    pub buddy: BuddyPolicy,
    /// Funding sources that reduce net cost.
    #[serde(default)]
    pub funding: Vec<FundingSource>,
    /// Budgets (D14).
    #[serde(default)]
    pub budget: BudgetPolicy,
    /// How one path is chosen among the non-dominated ones.
    #[serde(default)]
    pub choice: ChoicePolicy,
    /// How evaluations are followed up and read (D9).
    #[serde(default)]
    pub evaluation: EvaluationPolicy,
    /// The organisation's own rules: a condition in CEL and an effect each (see
    /// [`crate::rules`]); compiled once when the engine is built.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// Invariants the committee expects of every recommendation, checked by
    /// `kompetence policy test` (see [`crate::rules`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assertions: Vec<Assertion>,
}

impl Policy {
    /// A policy with every default, named `name`.
    pub fn with_defaults(name: &str) -> Policy {
        Policy {
            schema_version: super::SCHEMA_VERSION,
            name: name.to_owned(),
            weights: OriginWeights::default(),
            feedback: FeedbackPolicy::default(),
            urgency: UrgencyPolicy::default(),
            zones: ZonePolicy::default(),
            timing: TimingPolicy::default(),
            preferences: PreferenceFactors::default(),
            buddy: BuddyPolicy::default(),
            funding: Vec::new(),
            budget: BudgetPolicy::default(),
            choice: ChoicePolicy::default(),
            evaluation: EvaluationPolicy::default(),
            rules: Vec::new(),
            assertions: Vec::new(),
        }
    }
}

/// Weight of one level of gap, per origin of the need (D1, D2, D5, D13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct OriginWeights {
    /// A requirement of the person's role (default 1.0).
    pub role: f64,
    /// A strategic goal's requirement, multiplied by the goal's priority (default 1.0).
    pub strategy: f64,
    /// A goal of the agreed development plan (default 1.0).
    pub plan: f64,
    /// The employee's own wish (default 0.6).
    pub wish: f64,
    /// The gap to the person's target role (default 0.4).
    pub career: f64,
}

impl Default for OriginWeights {
    fn default() -> Self {
        OriginWeights { role: 1.0, strategy: 1.0, plan: 1.0, wish: 0.6, career: 0.4 }
    }
}

/// How citizen feedback raises the weight of needs in the unit it concerns (D3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FeedbackPolicy {
    /// Boost per unit of strength of a complaint (default 0.5).
    pub complaint: f64,
    /// … of a suggestion (default 0.3).
    pub suggestion: f64,
    /// … of an apprentice's question (default 0.3).
    pub apprentice_question: f64,
    /// … of praise (default 0.1: praise confirms more than it reveals).
    pub praise: f64,
    /// Feedback loses half its force after this many days (default 365).
    pub half_life_days: f64,
    /// The feedback factor is at most 1 + this (default 1.0, i.e. at most doubles a need).
    pub max_boost: f64,
}

impl Default for FeedbackPolicy {
    fn default() -> Self {
        FeedbackPolicy {
            complaint: 0.5,
            suggestion: 0.3,
            apprentice_question: 0.3,
            praise: 0.1,
            half_life_days: 365.0,
            max_boost: 1.0,
        }
    }
}

/// How a near deadline raises a need's weight (D12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct UrgencyPolicy {
    /// Needs due within this many days get an urgency boost growing as the deadline nears (default 365).
    pub horizon_days: f64,
    /// Urgency factor at the deadline is 1 + this (default 0.5).
    pub max_boost: f64,
    /// Deadline given to needs without one (role requirements, wishes), in days (default 365).
    pub default_deadline_days: i64,
}

impl Default for UrgencyPolicy {
    fn default() -> Self {
        UrgencyPolicy { horizon_days: 365.0, max_boost: 0.5, default_deadline_days: 365 }
    }
}

/// Comfort, stretch and alarm zones (D7): how many levels one step may add.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ZonePolicy {
    /// A step adding at most this many levels is in the stretch zone (default 2).
    pub stretch_max_jump: Level,
    /// A step adding more, up to this, is allowed only with supervision (default 3); beyond is the alarm zone.
    pub supervised_max_jump: Level,
    /// Supervisor hours added to a step that needs supervision (default 8).
    pub supervision_hours: f64,
    /// Wage cost per hour of a supervisor, whole kroner (default 450).
    pub supervisor_cost_per_hour: i64,
}

impl Default for ZonePolicy {
    fn default() -> Self {
        ZonePolicy {
            stretch_max_jump: 2,
            supervised_max_jump: 3,
            supervision_hours: 8.0,
            supervisor_cost_per_hour: 450,
        }
    }
}

/// When learning should end relative to the need's deadline (D12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TimingPolicy {
    /// Ending at most this many days before the deadline has full effect (default 90); ending
    /// after the deadline has none.
    pub window_days: f64,
    /// Effect halves for every this many days an activity ends before the window (default 180).
    pub half_life_days: f64,
}

impl Default for TimingPolicy {
    fn default() -> Self {
        TimingPolicy { window_days: 90.0, half_life_days: 180.0 }
    }
}

/// Effect factors by a person's preference for a form family (D8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PreferenceFactors {
    /// The person prefers this family (default 1.0).
    pub prefers: f64,
    /// No stated preference (default 0.9).
    pub neutral: f64,
    /// The person avoids this family (default 0.6).
    pub avoids: f64,
}

impl Default for PreferenceFactors {
    fn default() -> Self {
        PreferenceFactors { prefers: 1.0, neutral: 0.9, avoids: 0.6 }
    }
}

/// Where buddies may be found.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum BuddySearch {
    /// In the learner's own unit (default).
    #[default]
    SameUnit,
    /// Anywhere in the learner's department.
    Department,
    /// Anywhere in the organisation.
    Organisation,
}

/// Buddy-training rules (D7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BuddyPolicy {
    /// A buddy's level must be at least the level the learner reaches with the step plus this
    /// (default 1).
    pub level_margin: Level,
    /// Most learners a buddy trains at once, unless the employee says otherwise (default 2).
    pub max_mentees: u32,
    /// Most buddy-training periods with the same buddy before rotating (default 2).
    pub rotation_periods: u32,
    /// Where to look for buddies.
    pub search: BuddySearch,
}

impl Default for BuddyPolicy {
    fn default() -> Self {
        BuddyPolicy { level_margin: 1, max_mentees: 2, rotation_periods: 2, search: BuddySearch::SameUnit }
    }
}

/// What a funding source pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FundingCovers {
    /// A share of fees (e.g. a competence fund paying 80 %).
    Fees,
    /// A fixed amount per hour away (e.g. wage compensation for vocational courses).
    Wages,
}

/// A funding source that reduces the net cost of eligible activities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingSource {
    /// Stable id, e.g. "kompetencefonden".
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// Fees or wages.
    pub covers: FundingCovers,
    /// For fees: the share paid, 0..=1.
    #[serde(default)]
    pub share: f64,
    /// For wages: whole kroner paid per hour away.
    #[serde(default)]
    pub rate_per_hour: i64,
    /// Most paid per person per planning period, whole kroner; `None` for no cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_per_person: Option<i64>,
    /// Eligible forms; empty means all.
    #[serde(default)]
    pub forms: Vec<LearningForm>,
    /// Eligible education backgrounds; empty means all.
    #[serde(default)]
    pub education: Vec<Education>,
}

/// Budgets for the planning period (D14), whole kroner of net cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetPolicy {
    /// The whole organisation's budget; `None` for no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// Budgets per unit id; a unit's spend includes its sub-units.
    #[serde(deserialize_with = "super::unique_keys::deserialize")]
    pub per_unit: BTreeMap<String, i64>,
    /// Most net cost for one person; `None` for no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_person: Option<i64>,
    /// Whether the organisation plan closes open mandatory needs before anything else (default
    /// `true`).
    ///
    /// A mandatory need comes from a role requirement or a mandatory goal requirement: hygiene,
    /// first aid, wound-care certification — training the municipality owes by law, by
    /// agreement or for the citizens' safety. With `true` the plan first funds, cheapest per
    /// person first and as far as budgets, seats and buddies allow, a path that closes every
    /// open mandatory need of each person, and only then spends what is left by effect per
    /// krone. That is the default because a municipality cannot defend to a budget holder, an
    /// auditor or a union representative that a colleague's optional course was paid while a
    /// certification the job requires was left undone; cheapest first because under one budget
    /// it certifies the most people (every certification counts the same), and because the
    /// cheapest closing path is also what each person's own recommendation chooses. With
    /// `false` the plan maximises effect per krone over all needs alike (mandatory needs weigh
    /// only through their weight), which gives more total effect when money is short. See
    /// `kompetence_core::plan::mandatory`.
    pub mandatory_first: bool,
}

impl Default for BudgetPolicy {
    fn default() -> Self {
        BudgetPolicy { total: None, per_unit: BTreeMap::new(), per_person: None, mandatory_first: true }
    }
}

/// How one path is chosen for a person among the non-dominated ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ChoicePolicy {
    /// What one unit of effect (one weighted level applied in practice) is worth, whole kroner
    /// (default 15,000). The chosen path maximises effect × this − net cost.
    pub value_per_effect: i64,
    /// Most activities in one path (default 3; at most 6).
    pub max_path_length: u8,
    /// How many runners-up to report (default 2).
    pub runners_up: u8,
    /// Most candidate activities the exact search compares for one person (default 40, from 8
    /// to 64). A person with more candidates left after exact dominance pruning is searched
    /// over a shortlist of this many, the most promising per need and learning form, and the
    /// recommendation says so. Only big catalogs reach it (the demo never does): a wider
    /// search finds better paths for some people and takes longer, roughly in proportion to
    /// the shortlist's size squared (`cargo run --release --example shortlist_breadth`
    /// measures both on a 2,000-activity catalog).
    pub shortlist: u8,
}

impl Default for ChoicePolicy {
    fn default() -> Self {
        ChoicePolicy {
            value_per_effect: 15_000,
            max_path_length: 3,
            runners_up: 2,
            shortlist: crate::paths::DEFAULT_SHORTLIST,
        }
    }
}

/// How evaluations are followed up and how their outcomes count (D9): satisfaction sheets are
/// rarely enough, so the behaviour follow-up — was the learning applied? — is scheduled and
/// drives the measured probability of transfer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EvaluationPolicy {
    /// The behaviour follow-up is due this many weeks after completion (default 12): late enough
    /// for the learning to have met daily practice, early enough to be remembered.
    pub follow_up_weeks: u32,
    /// How much a "partly applied" outcome counts as a success, 0..=1 (default 0.5: half a
    /// success and half a failure).
    pub partly_counts: f64,
    /// Probability mass of the credible intervals shown in reports, in (0, 1) (default 0.9).
    pub credible_level: f64,
}

impl Default for EvaluationPolicy {
    fn default() -> Self {
        EvaluationPolicy { follow_up_weeks: 12, partly_counts: 0.5, credible_level: 0.9 }
    }
}

/// One organisation rule: where its `condition` (a CEL expression) is true, its `effect`
/// applies. Which variables the condition may use depends on the effect (see [`RuleEffect`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, e.g. "amu-follow-up"; named in explanations and test reports.
    pub id: String,
    /// The rule in plain language, for the committee that agrees on it.
    pub description: String,
    /// A CEL expression giving `true` where the rule applies, e.g.
    /// `employee.education == "unskilled" && activity.hours_away > 37.0`.
    pub condition: String,
    /// What the rule does where it applies.
    pub effect: RuleEffect,
}

/// What a rule does. The scope of an effect decides the variables its condition sees:
/// activity effects see `employee`, `unit` and `activity`; need effects see `employee`, `unit`,
/// `need` and `goal`; person effects see `employee` and `unit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RuleEffect {
    /// Activity scope: the activity is never recommended to the person.
    Exclude,
    /// Activity scope: a path using the activity must take an activity of `form` after it (e.g.
    /// every course paired with an on-the-job follow-up).
    RequireFollowUp {
        /// The form the follow-up must have.
        form: LearningForm,
    },
    /// Activity scope: multiplies the activity's expected effect for the person, so a factor
    /// above 1 prefers it (e.g. a provider) and below 1 avoids it.
    EffectFactor {
        /// Factor, ≥ 0.
        factor: f64,
    },
    /// Need scope: multiplies the need's weight.
    WeightFactor {
        /// Factor, ≥ 0.
        factor: f64,
    },
    /// Need scope: the need must be closed, like a role requirement (e.g. a certification due
    /// for renewal).
    Mandatory,
    /// Person scope: most hours away in the planning period (the lower of this and the person's own cap).
    CapHours {
        /// Hours, ≥ 0.
        hours: f64,
    },
    /// Person scope: most net cost in the planning period, whole kroner (the lower of this and
    /// `budget.per_person`).
    CapCost {
        /// Whole kroner, ≥ 0.
        kroner: i64,
    },
    /// Person scope: where buddies are searched for this person (e.g. the whole department for
    /// a small team).
    BuddySearch {
        /// Where to search.
        search: BuddySearch,
    },
}

/// What an assertion is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum AssertionScope {
    /// Every step of a recommended path; variables `employee`, `unit`, `step`, `activity`.
    #[default]
    Step,
    /// Every recommended path as a whole; variables `employee`, `unit`, `path`.
    Path,
    /// Every item of the organisation plan (one person's activities); variables `employee`,
    /// `unit`, `item`.
    PlanItem,
    /// The organisation plan as a whole; variable `plan`.
    Plan,
}

/// An invariant the committee expects of every recommendation and plan: `condition` must be
/// true for every step, path, plan item or plan (by `scope`), across every organisation
/// `kompetence policy test` generates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assertion {
    /// Stable id, e.g. "max-37-hours".
    pub id: String,
    /// The assertion in plain language.
    pub description: String,
    /// Step, path, plan item or plan (default step).
    #[serde(default)]
    pub scope: AssertionScope,
    /// A CEL expression that must be `true`, e.g. `step.hours_away <= 37.0`.
    pub condition: String,
}
