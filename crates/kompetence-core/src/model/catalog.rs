//! The catalog document: the learning activities on offer, in every learning form (D6, D7).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, Level};

/// The learning activities an organisation can choose from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Document format version; this library reads version 1.
    pub schema_version: u32,
    /// The activities.
    pub activities: Vec<LearningActivity>,
}

/// The kind of a learning activity (læringsform). "Many roads lead to Rome" (D6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LearningForm {
    /// State vocational adult course (AMU), low fees, wage compensation for eligible people.
    AmuCourse,
    /// Course from another provider.
    ExternalCourse,
    /// Course tailored and held internally, often for a whole team (D10).
    InternalCourse,
    /// Further education, e.g. an academy or diploma module.
    FurtherEducation,
    /// E-learning.
    ELearning,
    /// Side-by-side training with a competent colleague (sidemandsoplæring, D7).
    BuddyTraining,
    /// A learning project with regular stock-taking (D7).
    LearningProject,
    /// A learning meeting where colleagues share new knowledge (D7).
    LearningMeeting,
    /// A new challenge in the stretch zone (D7).
    StretchAssignment,
    /// Supervision by an experienced colleague or professional.
    Supervision,
    /// Self-study with material.
    SelfStudy,
    /// Learning from structured citizen feedback (D3).
    CitizenFeedback,
    /// Job rotation to another unit or task.
    JobRotation,
}

/// Families of learning forms that people have preferences for (D8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormFamily {
    /// Courses and education away from work.
    Course,
    /// E-learning and self-study.
    SelfStudy,
    /// Learning on the job and with colleagues.
    OnTheJob,
}

impl FormFamily {
    /// The snake_case name used in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            FormFamily::Course => "course",
            FormFamily::SelfStudy => "self_study",
            FormFamily::OnTheJob => "on_the_job",
        }
    }
}

impl LearningForm {
    /// Every form, in a stable order.
    pub const ALL: [LearningForm; 13] = [
        LearningForm::AmuCourse,
        LearningForm::ExternalCourse,
        LearningForm::InternalCourse,
        LearningForm::FurtherEducation,
        LearningForm::ELearning,
        LearningForm::BuddyTraining,
        LearningForm::LearningProject,
        LearningForm::LearningMeeting,
        LearningForm::StretchAssignment,
        LearningForm::Supervision,
        LearningForm::SelfStudy,
        LearningForm::CitizenFeedback,
        LearningForm::JobRotation,
    ];

    /// The family a form belongs to.
    pub fn family(self) -> FormFamily {
        use LearningForm::*;
        match self {
            AmuCourse | ExternalCourse | InternalCourse | FurtherEducation => FormFamily::Course,
            ELearning | SelfStudy => FormFamily::SelfStudy,
            BuddyTraining | LearningProject | LearningMeeting | StretchAssignment | Supervision
            | CitizenFeedback | JobRotation => FormFamily::OnTheJob,
        }
    }

    /// The snake_case name used in documents.
    pub fn as_str(self) -> &'static str {
        use LearningForm::*;
        match self {
            AmuCourse => "amu_course",
            ExternalCourse => "external_course",
            InternalCourse => "internal_course",
            FurtherEducation => "further_education",
            ELearning => "e_learning",
            BuddyTraining => "buddy_training",
            LearningProject => "learning_project",
            LearningMeeting => "learning_meeting",
            StretchAssignment => "stretch_assignment",
            Supervision => "supervision",
            SelfStudy => "self_study",
            CitizenFeedback => "citizen_feedback",
            JobRotation => "job_rotation",
        }
    }
}

/// What an activity develops in one competence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Development {
    /// Competence id.
    pub competence: String,
    /// Levels gained by a participant who completes it (before transfer to practice).
    pub gain: Level,
    /// Lowest level a participant must have to benefit (entry level).
    #[serde(default)]
    pub entry_level: Level,
    /// The activity cannot take anyone above this level.
    pub ceiling: Level,
}

/// Who must accompany the learner in an on-the-job form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MentorKind {
    /// A colleague whose level is at least the level the learner reaches plus
    /// `buddy.level_margin` (buddy training); costed by `mentor_hours` at the buddy's wage cost.
    Buddy,
    /// A supervisor (may be external; costed by `mentor_hours × zones.supervisor_cost_per_hour`).
    Supervisor,
}

/// A dated run of an activity with a number of seats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Session id, unique within the activity.
    pub id: String,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Seats in total.
    pub seats: u32,
    /// Seats already booked by people outside this plan.
    #[serde(default)]
    pub booked: u32,
}

/// Prior belief about how often an activity's learning is applied in daily work (D9):
/// a Beta(alpha, beta) distribution whose mean is the expected probability of transfer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferPrior {
    /// Pseudo-count of participants who applied it.
    pub alpha: f64,
    /// Pseudo-count of participants who did not.
    pub beta: f64,
}

impl TransferPrior {
    /// Expected probability of transfer to practice.
    pub fn mean(&self) -> f64 {
        self.alpha / (self.alpha + self.beta)
    }
}

/// One learning activity in the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LearningActivity {
    /// Stable id, e.g. "amu-44907".
    pub id: String,
    /// Title.
    pub title: String,
    /// Learning form.
    pub form: LearningForm,
    /// Provider, e.g. "AMU Syd", "internal", "UCL".
    pub provider: String,
    /// Language of instruction (ISO 639-1).
    #[serde(default = "danish")]
    pub language: String,
    /// What it develops.
    pub develops: Vec<Development>,
    /// Fee per participant in whole kroner.
    pub fee: i64,
    /// Hours away from daily work per participant.
    pub hours_away: f64,
    /// A buddy or supervisor the learner needs, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentor: Option<MentorKind>,
    /// Hours the buddy or supervisor spends per learner.
    #[serde(default)]
    pub mentor_hours: f64,
    /// Dated sessions with seats; empty means it can start any time (on demand).
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// Weeks from start to end when on demand.
    #[serde(default = "one_week")]
    pub duration_weeks: u32,
    /// Prior probability of transfer to practice (before evaluations).
    pub transfer: TransferPrior,
    /// A group activity for a whole team, with a fixed cost shared by its participants (D10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupTerms>,
    /// Completing it certifies the levels it develops (a test or an exam): only such
    /// activities count towards a goal requirement marked `certification`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub certifies: bool,
}

/// Terms of a group (team) activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupTerms {
    /// Fixed cost of holding it once, whole kroner (shared by participants).
    pub fixed_cost: i64,
    /// Fewest participants for it to be held.
    pub min_participants: u32,
    /// Most participants.
    pub max_participants: u32,
}

fn danish() -> String {
    "da".to_owned()
}

fn one_week() -> u32 {
    1
}
