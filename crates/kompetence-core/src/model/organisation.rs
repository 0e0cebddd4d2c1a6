//! The organisation document: framework, units, roles, employees, strategic goals, citizen
//! feedback and development plans (DOMAIN.md D1–D5, D8, D11, D13).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, FormFamily, Level};

/// Everything the library knows about one organisation (a municipality, a department, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Document format version; this library reads version 1.
    pub schema_version: u32,
    /// Name of the organisation, e.g. "Eksempel Kommune".
    pub name: String,
    /// The planning date ("today"). The core never reads a clock, so results are reproducible.
    pub as_of: Date,
    /// The competence framework and its proficiency scale.
    pub framework: Framework,
    /// The organisation tree: municipality → department → unit → team.
    pub units: Vec<Unit>,
    /// Job roles with the levels they require.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The employees, identified by pseudonymous ids (D11).
    #[serde(default)]
    pub employees: Vec<Employee>,
    /// Strategic goals translated into competence requirements (D1, D2).
    #[serde(default)]
    pub goals: Vec<StrategicGoal>,
    /// Citizen and service-user feedback that reveals needs (D3).
    #[serde(default)]
    pub feedback: Vec<FeedbackSignal>,
    /// Individual development plans agreed at the annual review (D4, D5).
    #[serde(default)]
    pub plans: Vec<DevelopmentPlan>,
}

/// A competence framework: a tree of competences on one proficiency scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Framework id, e.g. "eksempel-2027" or a Moodle id number.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// The ordered proficiency scale every level in the organisation is measured on.
    pub scale: Scale,
    /// The competences; `parent` links make the tree.
    pub competences: Vec<Competence>,
}

/// An ordered proficiency scale: levels `0..=names.len()-1`, level 0 meaning "none".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Names of the levels from the lowest (0) to the highest, e.g. "none" … "expert".
    pub levels: Vec<String>,
}

impl Scale {
    /// The highest level on the scale (0 for an empty scale, which validation rejects).
    pub fn max_level(&self) -> Level {
        self.levels.len().saturating_sub(1).min(usize::from(Level::MAX)) as Level
    }

    /// The name of a level, if the scale has it.
    pub fn name(&self, level: Level) -> Option<&str> {
        self.levels.get(usize::from(level)).map(String::as_str)
    }
}

/// One competence (or a grouping node) in the framework tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Competence {
    /// Stable id, e.g. "dementia-care".
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// Category used to pool evaluation evidence (e.g. "care", "digital", "leadership").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Parent competence id; `None` for a root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// ESCO concept URI when the competence maps to ESCO.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esco_uri: Option<String>,
    /// Free-text description (plain text or HTML as imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What kind of node a unit is in the organisation tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The whole municipality.
    Municipality,
    /// A department (forvaltning).
    Department,
    /// A unit (afdeling), e.g. a care centre.
    Unit,
    /// A team.
    Team,
}

impl UnitKind {
    /// The snake_case name used in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Municipality => "municipality",
            UnitKind::Department => "department",
            UnitKind::Unit => "unit",
            UnitKind::Team => "team",
        }
    }
}

/// A node of the organisation tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Stable id, e.g. "elder-care.home-care-north".
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// Municipality, department, unit or team.
    pub kind: UnitKind,
    /// Parent unit id; `None` for the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// A job role and the levels it requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Stable id, e.g. "social-and-health-assistant".
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// Levels the role requires; role requirements are mandatory needs.
    #[serde(default)]
    pub requirements: Vec<LevelRequirement>,
}

/// "Competence C at level L or above."
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelRequirement {
    /// Competence id.
    pub competence: String,
    /// The required level.
    pub level: Level,
}

/// How a person likes to learn one family of learning forms (D8).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Preference {
    /// Learns well this way.
    Prefers,
    /// No stated preference.
    #[default]
    Neutral,
    /// Learns poorly this way or wants to avoid it.
    Avoids,
}

/// Highest completed education; drives funding eligibility (e.g. wage compensation for AMU).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Education {
    /// No vocational education (ufaglært).
    Unskilled,
    /// Vocational education (faglært), e.g. social- og sundhedshjælper.
    Vocational,
    /// Short higher education (KVU).
    ShortHigher,
    /// Medium-length higher education (MVU, professionsbachelor).
    MediumHigher,
    /// Long higher education (LVU, master's level).
    LongHigher,
}

impl Education {
    /// Every education, lowest first: the order of [`Education::index`].
    pub const ALL: [Education; 5] = [
        Education::Unskilled,
        Education::Vocational,
        Education::ShortHigher,
        Education::MediumHigher,
        Education::LongHigher,
    ];

    /// The position in [`Education::ALL`], for tables kept per education.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The snake_case name used in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Education::Unskilled => "unskilled",
            Education::Vocational => "vocational",
            Education::ShortHigher => "short_higher",
            Education::MediumHigher => "medium_higher",
            Education::LongHigher => "long_higher",
        }
    }
}

/// Where an assessed level comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentSource {
    /// Agreed at the annual review (MUS).
    Review,
    /// The employee's own assessment.
    SelfAssessment,
    /// The leader's assessment.
    Leader,
    /// A certificate or exam.
    Certificate,
}

/// Where and when a person's levels were assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Who assessed.
    pub source: AssessmentSource,
    /// When.
    pub date: Date,
}

/// An employee's own wish to develop a competence (D13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Wish {
    /// Competence id.
    pub competence: String,
    /// The level the person wishes to reach.
    pub level: Level,
}

/// Periods a person has already trained with one buddy (rotation, D7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuddyPeriod {
    /// The buddy's employee id.
    pub buddy: String,
    /// Number of buddy-training periods spent with that buddy.
    pub periods: u32,
}

/// One employee. Identified by a pseudonymous id; levels never leave the process (D11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Employee {
    /// Pseudonymous stable id, e.g. "e0042".
    pub id: String,
    /// Display name used when this person is named as a buddy; defaults to the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The unit (usually a team) the person belongs to.
    pub unit: String,
    /// The person's role.
    pub role: String,
    /// Assessed levels per competence id; a competence not listed is at level 0.
    #[serde(default, deserialize_with = "super::unique_keys::deserialize")]
    pub levels: BTreeMap<String, Level>,
    /// Where and when the levels were assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Assessment>,
    /// How the person likes to learn, per family of learning forms (D8).
    #[serde(default, deserialize_with = "super::unique_keys::deserialize")]
    pub preferences: BTreeMap<FormFamily, Preference>,
    /// Languages the person can learn in (ISO 639-1, e.g. "da", "en"); empty means Danish only.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Most hours away from daily work the person can spend on learning in the planning period.
    pub max_hours_away: f64,
    /// Wage cost per hour in whole kroner, including pension and overhead.
    pub wage_cost_per_hour: i64,
    /// Highest completed education.
    pub education: Education,
    /// The person's own development wishes (D13).
    #[serde(default)]
    pub wishes: Vec<Wish>,
    /// A role the person aims for; its gap is shown like any other need (D11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_role: Option<String>,
    /// Buddy-training periods already spent with each buddy (rotation).
    #[serde(default)]
    pub buddy_history: Vec<BuddyPeriod>,
    /// How many people this person can train as a buddy at once; `None` uses the policy default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_mentees: Option<u32>,
}

impl Employee {
    /// The assessed level of a competence (0 when not assessed).
    pub fn level(&self, competence: &str) -> Level {
        self.levels.get(competence).copied().unwrap_or(0)
    }

    /// The name to show for this person as a buddy.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// Languages the person learns in; Danish when none are given.
    pub fn learns_in(&self, language: &str) -> bool {
        if self.languages.is_empty() {
            language == "da"
        } else {
            self.languages.iter().any(|l| l == language)
        }
    }
}

/// Which units and roles a strategic goal applies to; empty lists mean "all".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Unit ids; a unit includes its sub-units. Empty: every unit.
    #[serde(default)]
    pub units: Vec<String>,
    /// Role ids. Empty: every role.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// A competence requirement that a strategic goal sets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalRequirement {
    /// Competence id.
    pub competence: String,
    /// Target level.
    pub level: Level,
    /// Relative weight of this requirement within the goal (default 1).
    #[serde(default = "one")]
    pub weight: f64,
    /// A mandatory requirement must be closed (e.g. a certification).
    #[serde(default)]
    pub mandatory: bool,
    /// The level must be certified: only a catalog activity that `certifies` counts towards
    /// it (e.g. a medicine-handling certificate with a practical test). Buddy training or
    /// e-learning may raise the level in practice, but cannot give the certificate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub certification: bool,
}

fn one() -> f64 {
    1.0
}

/// A strategic goal turned into concrete competence requirements (D1, D2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StrategicGoal {
    /// Stable id, e.g. "citizen-at-the-centre".
    pub id: String,
    /// Title as the organisation wrote it.
    pub title: String,
    /// Priority, a positive number; 1 is normal, 2 twice as important.
    pub priority: f64,
    /// When the requirements should be met.
    pub deadline: Date,
    /// Which units and roles it applies to.
    #[serde(default)]
    pub scope: Scope,
    /// The competence requirements.
    pub requirements: Vec<GoalRequirement>,
}

/// Kind of citizen feedback (D3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackKind {
    /// A complaint.
    Complaint,
    /// Praise (confirms a strength, raises a need only a little).
    Praise,
    /// A suggestion.
    Suggestion,
    /// A question from an apprentice or trainee that revealed a gap.
    ApprenticeQuestion,
}

/// Where the feedback was collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackChannel {
    /// A citizen or user panel.
    Panel,
    /// A user-satisfaction survey.
    Survey,
    /// A focus group.
    FocusGroup,
    /// Informal questions and remarks in daily work.
    Informal,
    /// A formal complaint case.
    ComplaintCase,
}

/// A citizen feedback signal tagged with competences and a unit (D3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackSignal {
    /// Stable id.
    pub id: String,
    /// Complaint, praise, suggestion, apprentice question.
    pub kind: FeedbackKind,
    /// How it was collected.
    pub channel: FeedbackChannel,
    /// The unit it concerns (applies to its sub-units too).
    pub unit: String,
    /// Competences it reveals a need for.
    pub competences: Vec<String>,
    /// Strength in 0..=1 (how many citizens, how serious).
    pub strength: f64,
    /// When it was received.
    pub date: Date,
    /// A short summary in the organisation's words.
    pub summary: String,
}

/// Who proposed a development-plan goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanGoalOrigin {
    /// The leader.
    Leader,
    /// The employee.
    Employee,
    /// Agreed jointly.
    Joint,
    /// An acute need set between reviews (re-planning, D12): it must be met by its date, so
    /// the need it makes is mandatory.
    Acute,
}

/// A goal in an individual development plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanGoal {
    /// Competence id.
    pub competence: String,
    /// Target level.
    pub level: Level,
    /// When it should be reached.
    pub due: Date,
    /// Who proposed it.
    pub origin: PlanGoalOrigin,
}

/// Status of an agreed activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// Agreed, not started.
    Planned,
    /// Under way.
    InProgress,
    /// Completed.
    Completed,
    /// Cancelled.
    Cancelled,
}

/// An activity agreed in a development plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreedActivity {
    /// Catalog activity id.
    pub activity: String,
    /// Status.
    pub status: ActivityStatus,
    /// Session id when a dated session was booked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The buddy or supervisor, for on-the-job forms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buddy: Option<String>,
    /// Completion date, for completed activities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_on: Option<Date>,
}

/// An individual development plan (IDP) agreed at the annual review (D5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DevelopmentPlan {
    /// The employee id.
    pub employee: String,
    /// When it was agreed.
    pub agreed_on: Date,
    /// Goals with dates.
    #[serde(default)]
    pub goals: Vec<PlanGoal>,
    /// Agreed activities.
    #[serde(default)]
    pub activities: Vec<AgreedActivity>,
}
