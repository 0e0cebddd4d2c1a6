//! [`proptest`](mod@proptest) strategies that generate **valid** documents by construction (feature `proptest`).
//!
//! They exist so that applications can property-test their own policies against many
//! organisations, so that the recommender's and planner's invariants are tested on more than
//! hand-written cases, and for `kompetence policy test`. Every generated set of documents passes
//! [`crate::validate::validate_all`] with no problems, so an [`Engine`] always builds from it.
//!
//! The documents cover the whole model: a unit tree from the municipality down to teams, a
//! competence framework tree, roles with requirements, employees with levels, assessments,
//! preferences, languages, wishes, career targets and buddy history, strategic goals with scopes,
//! citizen feedback, development plans whose agreed activities name real catalog activities,
//! sessions and buddies, activities of all thirteen learning forms (with sessions, mentors and
//! group terms where the form has them), and a policy with funding sources and budgets.
//!
//! Sizes are small by default, to keep shrinking fast and brute-force comparisons cheap;
//! [`Shape`] sets them.
//!
//! In an application's tests, use the strategies in `proptest!` like any other, e.g.
//! `fn my_policy_holds(docs in documents(Shape::default())) { … }`. Driven by hand:
//!
//! ```
//! use kompetence_core::testing::{Shape, documents};
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! let shape = Shape { max_employees: 5, ..Shape::default() };
//! let mut runner = TestRunner::new(ProptestConfig::with_cases(16));
//! runner
//!     .run(&documents(shape), |docs| {
//!         let engine = docs.engine().expect("generated documents are valid");
//!         for person in engine.needs_all() {
//!             for need in &person.needs {
//!                 prop_assert!(need.target > need.current);
//!             }
//!         }
//!         Ok(())
//!     })
//!     .unwrap();
//! ```
//!
//! Numbers with fractions are generated as multiples of ¼ (or 1⁄20 for shares and strengths),
//! which JSON represents exactly, so documents survive a JSON round trip unchanged.

use std::collections::BTreeMap;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{Index, select};

use crate::error::Result;
use crate::model::*;
use crate::{Engine, validate};

/// How large and how varied the generated documents are. Counts are drawn uniformly from their
/// ranges: competences, units and roles from `1..=max`, employees and activities from
/// `min..=max`, the rest from `0..=max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Most employees (default 8).
    pub max_employees: usize,
    /// Fewest employees (default 1; raised to `max_employees` when above it).
    pub min_employees: usize,
    /// Most competences in the framework (default 5; at least 1).
    pub max_competences: usize,
    /// Most catalog activities (default 8).
    pub max_activities: usize,
    /// Fewest catalog activities (default 1; raised to `max_activities` when above it).
    pub min_activities: usize,
    /// Most units in the organisation tree, the root included (default 5; at least 1).
    pub max_units: usize,
    /// Most roles (default 3; at least 1).
    pub max_roles: usize,
    /// Most strategic goals (default 3).
    pub max_goals: usize,
    /// Most citizen feedback signals (default 3).
    pub max_feedback: usize,
    /// Most development plans (default 3).
    pub max_plans: usize,
    /// Most dated sessions per course activity (default 2).
    pub max_sessions: usize,
    /// Most funding sources in the policy (default 2).
    pub max_funding: usize,
    /// Most levels on the proficiency scale, level 0 included (default 6; within 2..=11).
    pub max_scale_levels: usize,
    /// Most activities per learning path the policy allows (default 3; within 1..=6).
    pub max_path_length: u8,
    /// Use [`Policy::with_defaults`] instead of a random policy (default false).
    pub default_policy: bool,
}

impl Default for Shape {
    fn default() -> Self {
        Shape {
            max_employees: 8,
            min_employees: 1,
            max_competences: 5,
            max_activities: 8,
            min_activities: 1,
            max_units: 5,
            max_roles: 3,
            max_goals: 3,
            max_feedback: 3,
            max_plans: 3,
            max_sessions: 2,
            max_funding: 2,
            max_scale_levels: 6,
            max_path_length: 3,
            default_policy: false,
        }
    }
}

impl Shape {
    /// A very small shape for comparisons with brute force: at most 3 employees, 2 competences,
    /// 4 activities, 2 units, 2 roles, 1 goal, and paths of at most 2 activities.
    pub fn tiny() -> Shape {
        Shape {
            max_employees: 3,
            max_competences: 2,
            max_activities: 4,
            max_units: 2,
            max_roles: 2,
            max_goals: 1,
            max_feedback: 1,
            max_plans: 1,
            max_sessions: 1,
            max_funding: 1,
            max_scale_levels: 4,
            max_path_length: 2,
            ..Shape::default()
        }
    }

    /// The shape with every bound brought into its documented range.
    fn normalised(self) -> Shape {
        Shape {
            min_employees: self.min_employees.min(self.max_employees),
            max_competences: self.max_competences.max(1),
            min_activities: self.min_activities.min(self.max_activities),
            max_units: self.max_units.max(1),
            max_roles: self.max_roles.max(1),
            max_scale_levels: self.max_scale_levels.clamp(2, 11),
            max_path_length: self.max_path_length.clamp(1, validate::MAX_PATH_LENGTH),
            ..self
        }
    }
}

/// An organisation, a catalog and a policy that are valid together.
#[derive(Debug, Clone, PartialEq)]
pub struct Documents {
    /// The organisation.
    pub organisation: Organisation,
    /// The catalog; its activities develop the organisation's competences.
    pub catalog: Catalog,
    /// The policy; its per-unit budgets name the organisation's units.
    pub policy: Policy,
}

impl Documents {
    /// Builds an engine from clones of the documents (always succeeds for generated documents).
    pub fn engine(&self) -> Result<Engine> {
        Engine::new(self.organisation.clone(), self.catalog.clone(), self.policy.clone())
    }
}

/// Valid organisation, catalog and policy, shaped by `shape`.
pub fn documents(shape: Shape) -> impl Strategy<Value = Documents> {
    let shape = shape.normalised();
    (
        raw_organisation(shape),
        vec(raw_activity(shape), shape.min_activities..=shape.max_activities),
        raw_policy(shape),
    )
        .prop_map(move |(raw_org, raw_acts, raw_pol)| {
            let mut organisation = build_organisation(&raw_org);
            let catalog = build_catalog(&raw_acts, &Frame::of(&organisation));
            add_plan_activities(&mut organisation, &raw_org.plans, &catalog);
            let policy = if shape.default_policy {
                Policy::with_defaults("Default policy")
            } else {
                build_policy(&raw_pol, &organisation)
            };
            Documents { organisation, catalog, policy }
        })
}

/// A valid organisation on its own; its development plans have goals but no agreed activities,
/// since those name a catalog.
pub fn organisation(shape: Shape) -> impl Strategy<Value = Organisation> {
    raw_organisation(shape.normalised()).prop_map(|raw| build_organisation(&raw))
}

/// A catalog valid for `org`: it develops `org`'s competences up to its scale, with sessions
/// around its planning date. Empty when `org` has no competences or a scale of one level.
pub fn catalog_for(org: &Organisation, shape: Shape) -> impl Strategy<Value = Catalog> + use<> {
    let shape = shape.normalised();
    let frame = Frame::of(org);
    vec(raw_activity(shape), shape.min_activities..=shape.max_activities)
        .prop_map(move |raw| build_catalog(&raw, &frame))
}

/// A random policy valid for `org`: its per-unit budgets name `org`'s units.
pub fn policy_for(org: &Organisation, shape: Shape) -> impl Strategy<Value = Policy> + use<> {
    let units: Vec<String> = org.units.iter().map(|u| u.id.clone()).collect();
    raw_policy(shape.normalised()).prop_map(move |raw| build_policy_for_units(&raw, &units))
}

/// Up to `max_records` evaluation records valid for `org` and `catalog`: each names a real
/// employee and activity, and a competence the activity develops, with levels on the scale.
/// Empty when either document has nothing to name.
pub fn evaluations_for(
    org: &Organisation,
    catalog: &Catalog,
    max_records: usize,
) -> impl Strategy<Value = Evaluations> + use<> {
    let employees: Vec<String> = org.employees.iter().map(|e| e.id.clone()).collect();
    let activities: Vec<(String, Vec<String>)> = catalog
        .activities
        .iter()
        .map(|a| (a.id.clone(), a.develops.iter().map(|d| d.competence.clone()).collect()))
        .collect();
    let max_level = org.framework.scale.max_level();
    let as_of = org.as_of;
    let record = (
        (any::<Index>(), any::<Index>(), 0i64..=730, option::of(1u8..=5)),
        (option::of(any::<Index>()), any::<Index>(), any::<Index>()),
        (option::of((select(APPLIED.to_vec()), 1u32..=26)), option::of(-8i32..=8), option::of(0i64..=300)),
    );
    let max = if employees.is_empty() || activities.is_empty() { 0 } else { max_records };
    vec(record, 0..=max).prop_map(move |raw| Evaluations {
        schema_version: SCHEMA_VERSION,
        records: raw
            .into_iter()
            .map(|((e, a, back, reaction), (competence, before, gain), (behaviour, kpi, cost))| {
                let (activity, develops) = &activities[a.index(activities.len())];
                let competence =
                    competence.filter(|_| !develops.is_empty()).map(|c| pick(develops, c).clone());
                let level_before = competence.as_ref().map(|_| level(before, max_level));
                let level_after =
                    level_before.map(|b| b.saturating_add(gain.index(3) as Level).min(max_level));
                EvaluationRecord {
                    employee: pick(&employees, e).clone(),
                    activity: activity.clone(),
                    completed_on: as_of.plus_days(-back),
                    reaction,
                    competence,
                    level_before,
                    level_after,
                    behaviour: behaviour.map(|(applied, weeks_after)| Behaviour { applied, weeks_after }),
                    kpi_change: kpi.map(|k| f64::from(k) / 4.0),
                    actual_cost: cost.map(|c| c * 100),
                }
            })
            .collect(),
    })
}

pub use crate::policy_check::{CaseSource, Counterexample, PolicyCheckReport, Violation, check_policy};

// ---------------------------------------------------------------------------------------------
// Vocabulary the generated documents are written in.

const SCALE_NAMES: [&str; 11] = [
    "none",
    "novice",
    "basic",
    "developing",
    "some",
    "competent",
    "capable",
    "proficient",
    "advanced",
    "expert",
    "master",
];
const COMPETENCES: [&str; 12] = [
    "dementia-care",
    "citizen-dialogue",
    "medication",
    "rehabilitation",
    "welfare-technology",
    "documentation",
    "hygiene",
    "conflict-handling",
    "team-leadership",
    "digital-case-work",
    "first-aid",
    "nutrition",
];
const CATEGORIES: [&str; 4] = ["care", "communication", "digital", "leadership"];
const ROLES: [&str; 7] = [
    "social-and-health-helper",
    "social-and-health-assistant",
    "nurse",
    "pedagogue",
    "road-worker",
    "case-worker",
    "team-leader",
];
const AMU_PROVIDERS: [&str; 2] = ["AMU Syd", "AMU Nordjylland"];
const COURSE_PROVIDERS: [&str; 3] = ["UCL", "Professionshøjskolen", "Private provider"];
const SELF_STUDY_PROVIDERS: [&str; 2] = ["e-learning.dk", "internal"];
/// Mostly Danish, as in a Danish municipality, with some English and German.
const LANGUAGES: [&str; 8] = ["da", "da", "da", "da", "da", "da", "en", "de"];
const PERSON_LANGUAGES: [&str; 4] = ["en", "de", "ar", "pl"];
const GOAL_TITLES: [&str; 4] =
    ["Put the citizen at the centre", "Self-managing teams", "Digital welfare", "Rehabilitation first"];
const SUMMARIES: [&str; 3] =
    ["Relatives felt unheard", "Good help with the new lift", "An apprentice asked about medication"];
const MUNICIPALITIES: [&str; 3] = ["Eksempel Kommune", "Testby Kommune", "Prøvested Kommune"];

const SOURCES: [AssessmentSource; 4] = [
    AssessmentSource::Review,
    AssessmentSource::SelfAssessment,
    AssessmentSource::Leader,
    AssessmentSource::Certificate,
];
const PREFERENCES: [Preference; 3] = [Preference::Prefers, Preference::Neutral, Preference::Avoids];
const FAMILIES: [FormFamily; 3] = [FormFamily::Course, FormFamily::SelfStudy, FormFamily::OnTheJob];
const FEEDBACK_KINDS: [FeedbackKind; 4] = [
    FeedbackKind::Complaint,
    FeedbackKind::Praise,
    FeedbackKind::Suggestion,
    FeedbackKind::ApprenticeQuestion,
];
const CHANNELS: [FeedbackChannel; 5] = [
    FeedbackChannel::Panel,
    FeedbackChannel::Survey,
    FeedbackChannel::FocusGroup,
    FeedbackChannel::Informal,
    FeedbackChannel::ComplaintCase,
];
const PLAN_ORIGINS: [PlanGoalOrigin; 3] =
    [PlanGoalOrigin::Leader, PlanGoalOrigin::Employee, PlanGoalOrigin::Joint];
const STATUSES: [ActivityStatus; 4] = [
    ActivityStatus::Planned,
    ActivityStatus::InProgress,
    ActivityStatus::Completed,
    ActivityStatus::Cancelled,
];
const MENTORS: [MentorKind; 2] = [MentorKind::Buddy, MentorKind::Supervisor];
const COVERS: [FundingCovers; 2] = [FundingCovers::Fees, FundingCovers::Wages];
const SEARCHES: [BuddySearch; 3] =
    [BuddySearch::SameUnit, BuddySearch::Department, BuddySearch::Organisation];
const APPLIED: [Applied; 3] = [Applied::Yes, Applied::Partly, Applied::No];

/// The first planning date; generated organisations plan from a day in the two years after it.
fn base_date() -> Date {
    Date::new(2027, 1, 4).unwrap_or_else(|| unreachable!("2027-01-04 is a calendar date"))
}

fn pick<T>(items: &[T], at: Index) -> &T {
    &items[at.index(items.len())]
}

/// A level on a scale whose highest level is `max`.
fn level(at: Index, max: Level) -> Level {
    at.index(usize::from(max) + 1) as Level
}

fn quarters(q: u32) -> f64 {
    f64::from(q) / 4.0
}

fn id_from(pool: &[&str], i: usize, fallback: &str) -> String {
    pool.get(i).map_or_else(|| format!("{fallback}-{i}"), |s| (*s).to_owned())
}

/// Drops repeated picks so that lists of references name each target once.
fn distinct(ids: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// What a catalog needs to know about the organisation it serves.
#[derive(Debug, Clone)]
struct Frame {
    competences: Vec<String>,
    max_level: Level,
    as_of: Date,
}

impl Frame {
    fn of(org: &Organisation) -> Frame {
        Frame {
            competences: org.framework.competences.iter().map(|c| c.id.clone()).collect(),
            max_level: org.framework.scale.max_level(),
            as_of: org.as_of,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Raw draws: numbers and indices, turned into documents by the `build_*` functions so that
// every reference resolves by construction and shrinking works on plain values.

type RawRequirement = (Index, Index);

#[derive(Debug, Clone)]
struct RawEmployee {
    unit: Index,
    role: Index,
    levels: Vec<(Index, Index)>,
    assessment: Option<(AssessmentSource, i64)>,
    preferences: Vec<(FormFamily, Preference)>,
    languages: Vec<Index>,
    no_danish: bool,
    hours_quarters: u32,
    wage: i64,
    education: Education,
    wishes: Vec<RawRequirement>,
    target_role: Option<Index>,
    buddies: Vec<(Index, u32)>,
    max_mentees: Option<u32>,
    named: bool,
}

#[derive(Debug, Clone)]
struct RawGoal {
    title: Index,
    priority_quarters: u32,
    deadline_days: i64,
    units: Vec<Index>,
    roles: Vec<Index>,
    requirements: Vec<(Index, Index, u32, bool)>,
}

#[derive(Debug, Clone)]
struct RawSignal {
    kind: FeedbackKind,
    channel: FeedbackChannel,
    unit: Index,
    competences: Vec<Index>,
    strength_twentieths: u32,
    days: i64,
    summary: Index,
}

#[derive(Debug, Clone)]
struct RawAgreed {
    activity: Index,
    status: ActivityStatus,
    session: Option<Index>,
    buddy: Option<Index>,
    days_back: i64,
}

#[derive(Debug, Clone)]
struct RawPlan {
    employee: Index,
    days_back: i64,
    goals: Vec<(Index, Index, i64, PlanGoalOrigin)>,
    activities: Vec<RawAgreed>,
}

#[derive(Debug, Clone)]
struct RawOrganisation {
    name: Index,
    as_of_days: i64,
    scale_levels: usize,
    competences: Vec<(Option<Index>, Option<Index>)>,
    units: Vec<Index>,
    roles: Vec<Vec<RawRequirement>>,
    employees: Vec<RawEmployee>,
    goals: Vec<RawGoal>,
    feedback: Vec<RawSignal>,
    plans: Vec<RawPlan>,
}

fn raw_requirement() -> impl Strategy<Value = RawRequirement> {
    (any::<Index>(), any::<Index>())
}

fn raw_employee(shape: Shape) -> impl Strategy<Value = RawEmployee> {
    (
        (any::<Index>(), any::<Index>(), vec(raw_requirement(), 0..=shape.max_competences)),
        option::of((select(SOURCES.to_vec()), 0i64..=730)),
        vec((select(FAMILIES.to_vec()), select(PREFERENCES.to_vec())), 0..=3),
        (vec(any::<Index>(), 0..=2), proptest::bool::weighted(0.15)),
        (0u32..=320, 180i64..=650, select(Education::ALL.to_vec())),
        (vec(raw_requirement(), 0..=2), option::of(any::<Index>())),
        (vec((any::<Index>(), 1u32..=4), 0..=2), option::of(0u32..=3), any::<bool>()),
    )
        .prop_map(
            |(
                (unit, role, levels),
                assessment,
                preferences,
                (languages, no_danish),
                (hours_quarters, wage, education),
                (wishes, target_role),
                (buddies, max_mentees, named),
            )| RawEmployee {
                unit,
                role,
                levels,
                assessment,
                preferences,
                languages,
                no_danish,
                hours_quarters,
                wage,
                education,
                wishes,
                target_role,
                buddies,
                max_mentees,
                named,
            },
        )
}

fn raw_goal() -> impl Strategy<Value = RawGoal> {
    (
        any::<Index>(),
        1u32..=16,
        14i64..=900,
        vec(any::<Index>(), 0..=2),
        vec(any::<Index>(), 0..=2),
        vec((any::<Index>(), any::<Index>(), 1u32..=12, any::<bool>()), 1..=3),
    )
        .prop_map(|(title, priority_quarters, deadline_days, units, roles, requirements)| RawGoal {
            title,
            priority_quarters,
            deadline_days,
            units,
            roles,
            requirements,
        })
}

fn raw_signal() -> impl Strategy<Value = RawSignal> {
    (
        select(FEEDBACK_KINDS.to_vec()),
        select(CHANNELS.to_vec()),
        any::<Index>(),
        vec(any::<Index>(), 1..=2),
        0u32..=20,
        -700i64..=30,
        any::<Index>(),
    )
        .prop_map(|(kind, channel, unit, competences, strength_twentieths, days, summary)| RawSignal {
            kind,
            channel,
            unit,
            competences,
            strength_twentieths,
            days,
            summary,
        })
}

fn raw_plan() -> impl Strategy<Value = RawPlan> {
    let agreed = (
        any::<Index>(),
        select(STATUSES.to_vec()),
        option::of(any::<Index>()),
        option::of(any::<Index>()),
        0i64..=365,
    )
        .prop_map(|(activity, status, session, buddy, days_back)| RawAgreed {
            activity,
            status,
            session,
            buddy,
            days_back,
        });
    (
        any::<Index>(),
        0i64..=365,
        vec((any::<Index>(), any::<Index>(), 0i64..=700, select(PLAN_ORIGINS.to_vec())), 0..=2),
        vec(agreed, 0..=2),
    )
        .prop_map(|(employee, days_back, goals, activities)| RawPlan {
            employee,
            days_back,
            goals,
            activities,
        })
}

fn raw_organisation(shape: Shape) -> impl Strategy<Value = RawOrganisation> {
    (
        (any::<Index>(), 0i64..=730, 2..=shape.max_scale_levels),
        vec((option::of(any::<Index>()), option::of(any::<Index>())), 1..=shape.max_competences),
        vec(any::<Index>(), 1..=shape.max_units),
        vec(vec(raw_requirement(), 0..=3), 1..=shape.max_roles),
        vec(raw_employee(shape), shape.min_employees..=shape.max_employees),
        vec(raw_goal(), 0..=shape.max_goals),
        vec(raw_signal(), 0..=shape.max_feedback),
        vec(raw_plan(), 0..=shape.max_plans),
    )
        .prop_map(
            |(
                (name, as_of_days, scale_levels),
                competences,
                units,
                roles,
                employees,
                goals,
                feedback,
                plans,
            )| {
                RawOrganisation {
                    name,
                    as_of_days,
                    scale_levels,
                    competences,
                    units,
                    roles,
                    employees,
                    goals,
                    feedback,
                    plans,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct RawActivity {
    form: LearningForm,
    provider: Index,
    language: Index,
    develops: Vec<(Index, Index, Index, Index)>,
    fee_hundreds: i64,
    hours_quarters: u32,
    mentor: Option<MentorKind>,
    mentor_quarters: u32,
    sessions: Vec<(i64, i64, u32, Index)>,
    duration_weeks: u32,
    alpha_quarters: u32,
    beta_quarters: u32,
    group: Option<(i64, u32, u32)>,
}

fn raw_activity(shape: Shape) -> impl Strategy<Value = RawActivity> {
    (
        (select(LearningForm::ALL.to_vec()), any::<Index>(), any::<Index>()),
        vec((any::<Index>(), any::<Index>(), any::<Index>(), any::<Index>()), 1..=2),
        (0i64..=250, 0u32..=640, option::of(select(MENTORS.to_vec())), 1u32..=160),
        vec((-30i64..=540, 0i64..=20, 1u32..=30, any::<Index>()), 0..=shape.max_sessions),
        (1u32..=26, 1u32..=80, 1u32..=80),
        option::of((0i64..=500, 1u32..=6, 0u32..=20)),
    )
        .prop_map(
            |(
                (form, provider, language),
                develops,
                (fee_hundreds, hours_quarters, mentor, mentor_quarters),
                sessions,
                (duration_weeks, alpha_quarters, beta_quarters),
                group,
            )| RawActivity {
                form,
                provider,
                language,
                develops,
                fee_hundreds,
                hours_quarters,
                mentor,
                mentor_quarters,
                sessions,
                duration_weeks,
                alpha_quarters,
                beta_quarters,
                group,
            },
        )
}

#[derive(Debug, Clone)]
struct RawFunding {
    covers: FundingCovers,
    share_twentieths: u32,
    rate: i64,
    cap_thousands: Option<i64>,
    forms: Vec<LearningForm>,
    education: Vec<Education>,
}

#[derive(Debug, Clone)]
struct RawPolicy {
    weights: [u32; 5],
    feedback: [u32; 5],
    feedback_half_life: u32,
    urgency: (u32, u32, i64),
    zones: (Level, Level, u32, i64),
    timing: (u32, u32),
    preferences: [u32; 3],
    buddy: (Level, u32, u32, BuddySearch),
    funding: Vec<RawFunding>,
    budget: (Option<i64>, Vec<(Index, i64)>, Option<i64>),
    choice: (i64, u8, u8),
}

fn raw_policy(shape: Shape) -> impl Strategy<Value = RawPolicy> {
    let funding =
        (
            select(COVERS.to_vec()),
            0u32..=20,
            0i64..=300,
            option::of(0i64..=50),
            vec(select(LearningForm::ALL.to_vec()), 0..=3),
            vec(select(Education::ALL.to_vec()), 0..=2),
        )
            .prop_map(|(covers, share_twentieths, rate, cap_thousands, forms, education)| {
                RawFunding { covers, share_twentieths, rate, cap_thousands, forms, education }
            });
    (
        ([0u32..=12, 0..=12, 0..=12, 0..=12, 0..=12], [0u32..=8, 0..=8, 0..=8, 0..=8, 0..=8], 120u32..=2920),
        ((120u32..=2920, 0u32..=8, 30i64..=730), (1 as Level..=3, 0 as Level..=2, 0u32..=64, 200i64..=800)),
        ((0u32..=180, 30u32..=365), [0u32..=6, 0..=6, 0..=6]),
        (0 as Level..=2, 1u32..=3, 1u32..=4, select(SEARCHES.to_vec())),
        vec(funding, 0..=shape.max_funding),
        (option::of(0i64..=5_000), vec((any::<Index>(), 0i64..=2_000), 0..=2), option::of(0i64..=200)),
        (0i64..=50, 1..=shape.max_path_length, 0u8..=3),
    )
        .prop_map(
            |(
                (weights, feedback, feedback_half_life),
                (urgency, zones),
                (timing, preferences),
                buddy,
                funding,
                budget,
                choice,
            )| {
                RawPolicy {
                    weights,
                    feedback,
                    feedback_half_life,
                    urgency,
                    zones,
                    timing,
                    preferences,
                    buddy,
                    funding,
                    budget,
                    choice,
                }
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Building documents from raw draws.

fn build_organisation(raw: &RawOrganisation) -> Organisation {
    let as_of = base_date().plus_days(raw.as_of_days);
    let max_level = (raw.scale_levels - 1) as Level;
    let lvl = |at: Index| level(at, max_level);
    // Targets (requirements, wishes, plan goals) start at level 1: level 0 asks for nothing.
    let target = |at: Index| 1 + at.index(usize::from(max_level)) as Level;

    // Framework: a competence's parent is an earlier competence, so the tree has no cycles.
    let comp_ids: Vec<String> =
        (0..raw.competences.len()).map(|i| id_from(&COMPETENCES, i, "competence")).collect();
    let competences = raw
        .competences
        .iter()
        .enumerate()
        .map(|(i, (parent, category))| Competence {
            id: comp_ids[i].clone(),
            name: comp_ids[i].replace('-', " "),
            category: category.map(|c| pick(&CATEGORIES, c).to_string()),
            parent: parent.filter(|_| i > 0).map(|p| comp_ids[p.index(i)].clone()),
            esco_uri: None,
            description: None,
        })
        .collect();

    // Units: unit 0 is the municipality; every other unit hangs below an earlier one, and its
    // kind follows its depth (department, unit, then teams).
    let mut depth = vec![0usize; raw.units.len()];
    let mut units = Vec::with_capacity(raw.units.len());
    for (i, parent) in raw.units.iter().enumerate() {
        if i == 0 {
            units.push(Unit {
                id: "kommune".into(),
                name: "The municipality".into(),
                kind: UnitKind::Municipality,
                parent: None,
            });
            continue;
        }
        let p = parent.index(i);
        depth[i] = depth[p] + 1;
        let kind = match depth[i] {
            1 => UnitKind::Department,
            2 => UnitKind::Unit,
            _ => UnitKind::Team,
        };
        let word = match kind {
            UnitKind::Department => "department",
            UnitKind::Unit => "unit",
            _ => "team",
        };
        units.push(Unit {
            id: format!("{word}-{i}"),
            name: format!("{word} {i}"),
            kind,
            parent: Some(units[p].id.clone()),
        });
    }
    let unit_ids: Vec<String> = units.iter().map(|u| u.id.clone()).collect();

    let roles: Vec<Role> = raw
        .roles
        .iter()
        .enumerate()
        .map(|(i, reqs)| {
            let mut requirements: Vec<LevelRequirement> = Vec::new();
            for &(c, l) in reqs {
                let competence = pick(&comp_ids, c).clone();
                if !requirements.iter().any(|r| r.competence == competence) {
                    requirements.push(LevelRequirement { competence, level: target(l) });
                }
            }
            let id = id_from(&ROLES, i, "role");
            Role { name: id.replace('-', " "), id, requirements }
        })
        .collect();
    let role_ids: Vec<String> = roles.iter().map(|r| r.id.clone()).collect();

    let emp_ids: Vec<String> = (0..raw.employees.len()).map(|i| format!("e{i:04}")).collect();
    // Another employee than `me`, if there is one.
    let other = |me: usize, at: Index| -> Option<String> {
        let n = emp_ids.len();
        (n > 1).then(|| emp_ids[(me + 1 + at.index(n - 1)) % n].clone())
    };
    let employees = raw
        .employees
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let levels: BTreeMap<String, Level> =
                e.levels.iter().map(|&(c, l)| (pick(&comp_ids, c).clone(), lvl(l))).collect();
            let mut buddy_history: Vec<BuddyPeriod> = Vec::new();
            for &(b, periods) in &e.buddies {
                if let Some(buddy) = other(i, b)
                    && !buddy_history.iter().any(|h| h.buddy == buddy)
                {
                    buddy_history.push(BuddyPeriod { buddy, periods });
                }
            }
            let mut wishes: Vec<Wish> = Vec::new();
            for &(c, l) in &e.wishes {
                let competence = pick(&comp_ids, c).clone();
                if !wishes.iter().any(|w| w.competence == competence) {
                    wishes.push(Wish { competence, level: target(l) });
                }
            }
            Employee {
                id: emp_ids[i].clone(),
                name: e.named.then(|| format!("Person {i}")),
                unit: pick(&unit_ids, e.unit).clone(),
                role: pick(&role_ids, e.role).clone(),
                levels,
                assessment: e
                    .assessment
                    .map(|(source, back)| Assessment { source, date: as_of.plus_days(-back) }),
                preferences: e.preferences.iter().copied().collect(),
                // A stated language list usually includes Danish; now and then a person learns
                // only in another language (D8).
                languages: distinct(
                    (!e.languages.is_empty() && !e.no_danish)
                        .then(|| "da".to_owned())
                        .into_iter()
                        .chain(e.languages.iter().map(|&l| pick(&PERSON_LANGUAGES, l).to_string())),
                ),
                max_hours_away: quarters(e.hours_quarters),
                wage_cost_per_hour: e.wage,
                education: e.education,
                wishes,
                target_role: e.target_role.map(|r| pick(&role_ids, r).clone()),
                buddy_history,
                max_mentees: e.max_mentees,
            }
        })
        .collect();

    let goals = raw
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mut requirements: Vec<GoalRequirement> = Vec::new();
            for &(c, l, w, mandatory) in &g.requirements {
                let competence = pick(&comp_ids, c).clone();
                if !requirements.iter().any(|r| r.competence == competence) {
                    requirements.push(GoalRequirement {
                        competence,
                        level: target(l),
                        weight: quarters(w),
                        mandatory,
                        // Derived, not drawn, so the other values shrink as before: about a
                        // third of the mandatory requirements must be certified.
                        certification: mandatory && (c.index(3) + l.index(3)).is_multiple_of(3),
                    });
                }
            }
            StrategicGoal {
                id: format!("goal-{i}"),
                title: pick(&GOAL_TITLES, g.title).to_string(),
                priority: quarters(g.priority_quarters),
                deadline: as_of.plus_days(g.deadline_days),
                scope: Scope {
                    units: distinct(g.units.iter().map(|&u| pick(&unit_ids, u).clone())),
                    roles: distinct(g.roles.iter().map(|&r| pick(&role_ids, r).clone())),
                },
                requirements,
            }
        })
        .collect();

    let feedback = raw
        .feedback
        .iter()
        .enumerate()
        .map(|(i, s)| FeedbackSignal {
            id: format!("fb-{i}"),
            kind: s.kind,
            channel: s.channel,
            unit: pick(&unit_ids, s.unit).clone(),
            competences: distinct(s.competences.iter().map(|&c| pick(&comp_ids, c).clone())),
            strength: f64::from(s.strength_twentieths) / 20.0,
            date: as_of.plus_days(s.days),
            summary: pick(&SUMMARIES, s.summary).to_string(),
        })
        .collect();

    // Plans need an employee to belong to; their agreed activities are added once a catalog
    // exists (see `add_plan_activities`).
    let plans = if emp_ids.is_empty() {
        Vec::new()
    } else {
        raw.plans
            .iter()
            .map(|p| DevelopmentPlan {
                employee: pick(&emp_ids, p.employee).clone(),
                agreed_on: as_of.plus_days(-p.days_back),
                goals: p
                    .goals
                    .iter()
                    .map(|&(c, l, due, origin)| PlanGoal {
                        competence: pick(&comp_ids, c).clone(),
                        level: target(l),
                        due: as_of.plus_days(due),
                        origin,
                    })
                    .collect(),
                activities: Vec::new(),
            })
            .collect()
    };

    Organisation {
        schema_version: SCHEMA_VERSION,
        name: pick(&MUNICIPALITIES, raw.name).to_string(),
        as_of,
        framework: Framework {
            id: "generated".into(),
            name: "Generated framework".into(),
            scale: Scale { levels: SCALE_NAMES[..raw.scale_levels].iter().map(|s| s.to_string()).collect() },
            competences,
        },
        units,
        roles,
        employees,
        goals,
        feedback,
        plans,
    }
}

/// Adds the agreed activities of the raw plans, naming activities, sessions and buddies that
/// exist. Plans were built from the same raw draws, so they line up one to one.
fn add_plan_activities(org: &mut Organisation, raw: &[RawPlan], catalog: &Catalog) {
    if catalog.activities.is_empty() {
        return;
    }
    let emp_ids: Vec<String> = org.employees.iter().map(|e| e.id.clone()).collect();
    for (plan, raw) in org.plans.iter_mut().zip(raw) {
        let me = emp_ids.iter().position(|e| *e == plan.employee).unwrap_or(0);
        plan.activities = raw
            .activities
            .iter()
            .map(|a| {
                let activity = pick(&catalog.activities, a.activity);
                let session = match (a.session, activity.sessions.is_empty()) {
                    (Some(s), false) => Some(pick(&activity.sessions, s).id.clone()),
                    _ => None,
                };
                let buddy = match (a.buddy, activity.mentor, emp_ids.len()) {
                    (Some(b), Some(_), n) if n > 1 => Some(emp_ids[(me + 1 + b.index(n - 1)) % n].clone()),
                    _ => None,
                };
                let completed_on =
                    (a.status == ActivityStatus::Completed).then(|| org.as_of.plus_days(-a.days_back));
                AgreedActivity {
                    activity: activity.id.clone(),
                    status: a.status,
                    session,
                    buddy,
                    completed_on,
                }
            })
            .collect();
    }
}

fn build_catalog(raw: &[RawActivity], frame: &Frame) -> Catalog {
    // An activity must develop a competence up to a ceiling of at least 1; without either
    // (an organisation given to `catalog_for` may lack them) only an empty catalog is valid.
    if frame.competences.is_empty() || frame.max_level == 0 {
        return Catalog { schema_version: SCHEMA_VERSION, activities: Vec::new() };
    }
    let activities = raw
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let family = a.form.family();
            let mut develops: Vec<Development> = Vec::new();
            for &(c, gain, entry, ceiling) in &a.develops {
                let competence = pick(&frame.competences, c).clone();
                if develops.iter().any(|d| d.competence == competence) {
                    continue;
                }
                // ceiling in 1..=max, entry below it, a gain of 1 to 3 levels.
                let ceiling = 1 + ceiling.index(usize::from(frame.max_level)) as Level;
                let entry_level = entry.index(usize::from(ceiling)) as Level;
                let gain = 1 + gain.index(3) as Level;
                develops.push(Development { competence, gain, entry_level, ceiling });
            }
            let mentor = match a.form {
                LearningForm::BuddyTraining => Some(MentorKind::Buddy),
                LearningForm::Supervision => Some(MentorKind::Supervisor),
                _ if family == FormFamily::OnTheJob => a.mentor,
                _ => None,
            };
            let fee = match family {
                FormFamily::Course => a.fee_hundreds * 100,
                FormFamily::SelfStudy => a.fee_hundreds * 10,
                FormFamily::OnTheJob => 0,
            };
            // Courses run in dated sessions; other forms start on demand.
            let sessions = if family == FormFamily::Course {
                a.sessions
                    .iter()
                    .enumerate()
                    .map(|(s, &(start, length, seats, booked))| Session {
                        id: format!("s{s}"),
                        start: frame.as_of.plus_days(start),
                        end: frame.as_of.plus_days(start + length),
                        seats,
                        booked: booked.index(seats as usize + 1) as u32,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let group = match a.form {
                LearningForm::InternalCourse | LearningForm::LearningMeeting => {
                    a.group.map(|(fixed, min, extra)| GroupTerms {
                        fixed_cost: fixed * 100,
                        min_participants: min,
                        max_participants: min + extra,
                    })
                }
                _ => None,
            };
            let first = develops.first().map_or("", |d| d.competence.as_str());
            LearningActivity {
                id: format!("a{k:03}-{}", a.form.as_str().replace('_', "-")),
                title: format!("{} in {}", a.form.as_str().replace('_', " "), first.replace('-', " ")),
                form: a.form,
                provider: match a.form {
                    LearningForm::AmuCourse => pick(&AMU_PROVIDERS, a.provider),
                    LearningForm::ExternalCourse | LearningForm::FurtherEducation => {
                        pick(&COURSE_PROVIDERS, a.provider)
                    }
                    _ if family == FormFamily::SelfStudy => pick(&SELF_STUDY_PROVIDERS, a.provider),
                    _ => &"internal",
                }
                .to_string(),
                language: pick(&LANGUAGES, a.language).to_string(),
                develops,
                fee,
                // Up to 160 hours away for courses, up to 40 for other forms.
                hours_away: quarters(if family == FormFamily::Course {
                    a.hours_quarters
                } else {
                    a.hours_quarters % 161
                }),
                mentor,
                mentor_hours: if mentor.is_some() { quarters(a.mentor_quarters) } else { 0.0 },
                sessions,
                duration_weeks: a.duration_weeks,
                transfer: TransferPrior {
                    alpha: quarters(a.alpha_quarters),
                    beta: quarters(a.beta_quarters),
                },
                group,
                // Derived, not drawn: about half the courses certify.
                certifies: family == FormFamily::Course && a.fee_hundreds % 2 == 0,
            }
        })
        .collect();
    Catalog { schema_version: SCHEMA_VERSION, activities }
}

fn build_policy(raw: &RawPolicy, org: &Organisation) -> Policy {
    let units: Vec<String> = org.units.iter().map(|u| u.id.clone()).collect();
    build_policy_for_units(raw, &units)
}

fn build_policy_for_units(raw: &RawPolicy, units: &[String]) -> Policy {
    let [role, strategy, plan, wish, career] = raw.weights.map(quarters);
    let [complaint, suggestion, apprentice_question, praise, max_boost] = raw.feedback.map(quarters);
    // Factors in the usual order: avoiding a form never helps more than preferring it.
    let mut factors = raw.preferences.map(quarters);
    factors.sort_by(f64::total_cmp);
    let [avoids, neutral, prefers] = factors;
    let (horizon, urgency_boost, default_deadline_days) = raw.urgency;
    let (stretch, extra, supervision_quarters, supervisor_cost_per_hour) = raw.zones;
    let (window, timing_half_life) = raw.timing;
    let (level_margin, max_mentees, rotation_periods, search) = raw.buddy;
    let (total, per_unit, per_person) = &raw.budget;
    let (value_thousands, max_path_length, runners_up) = raw.choice;
    let funding = raw
        .funding
        .iter()
        .enumerate()
        .map(|(i, f)| FundingSource {
            id: format!("fund-{i}"),
            name: format!("Fund {i}"),
            covers: f.covers,
            share: if f.covers == FundingCovers::Fees { f64::from(f.share_twentieths) / 20.0 } else { 0.0 },
            rate_per_hour: if f.covers == FundingCovers::Wages { f.rate } else { 0 },
            cap_per_person: f.cap_thousands.map(|c| c * 1000),
            forms: {
                let mut forms = f.forms.clone();
                forms.sort();
                forms.dedup();
                forms
            },
            education: {
                let mut education = f.education.clone();
                education.sort();
                education.dedup();
                education
            },
        })
        .collect();
    let per_unit: BTreeMap<String, i64> = if units.is_empty() {
        BTreeMap::new()
    } else {
        per_unit.iter().map(|&(u, amount)| (pick(units, u).clone(), amount * 1000)).collect()
    };
    Policy {
        schema_version: SCHEMA_VERSION,
        name: "Generated policy".into(),
        weights: OriginWeights { role, strategy, plan, wish, career },
        feedback: FeedbackPolicy {
            complaint,
            suggestion,
            apprentice_question,
            praise,
            half_life_days: quarters(raw.feedback_half_life),
            max_boost,
        },
        urgency: UrgencyPolicy {
            horizon_days: quarters(horizon),
            max_boost: quarters(urgency_boost),
            default_deadline_days,
        },
        zones: ZonePolicy {
            stretch_max_jump: stretch,
            supervised_max_jump: stretch + extra,
            supervision_hours: quarters(supervision_quarters),
            supervisor_cost_per_hour,
        },
        timing: TimingPolicy { window_days: f64::from(window), half_life_days: f64::from(timing_half_life) },
        preferences: PreferenceFactors { prefers, neutral, avoids },
        buddy: BuddyPolicy { level_margin, max_mentees, rotation_periods, search },
        funding,
        budget: BudgetPolicy {
            total: total.map(|t| t * 1000),
            per_unit,
            per_person: per_person.map(|p| p * 1000),
            mandatory_first: true,
        },
        choice: ChoicePolicy {
            value_per_effect: value_thousands * 1000,
            max_path_length,
            runners_up,
            shortlist: crate::paths::DEFAULT_SHORTLIST,
        },
        evaluation: EvaluationPolicy::default(),
        rules: Vec::new(),
        assertions: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::test_runner::{Config, TestRunner};

    use super::*;

    /// Every generated document set is valid, for the default, tiny and a larger shape.
    #[test]
    fn generated_documents_are_valid() {
        for shape in [
            Shape::default(),
            Shape::tiny(),
            Shape {
                max_employees: 30,
                max_units: 12,
                max_activities: 20,
                max_scale_levels: 11,
                ..Shape::default()
            },
        ] {
            let mut runner = TestRunner::new(Config { cases: 64, ..Config::default() });
            runner
                .run(&documents(shape), |d| {
                    let problems = validate::validate_all(&d.organisation, &d.catalog, &d.policy, None);
                    prop_assert!(problems.is_empty(), "{problems:#?}");
                    Ok(())
                })
                .unwrap();
        }
    }

    /// Degenerate shapes are brought into range instead of producing invalid documents.
    #[test]
    fn degenerate_shapes_still_give_valid_documents() {
        let shape = Shape {
            max_employees: 0,
            min_employees: 5,
            max_competences: 0,
            max_activities: 0,
            max_units: 0,
            max_roles: 0,
            max_scale_levels: 40,
            max_path_length: 0,
            ..Shape::default()
        };
        let mut runner = TestRunner::new(Config { cases: 32, ..Config::default() });
        runner
            .run(&documents(shape), |d| {
                prop_assert!(d.organisation.employees.is_empty());
                prop_assert!(d.catalog.activities.is_empty());
                prop_assert!(validate::validate_all(&d.organisation, &d.catalog, &d.policy, None).is_empty());
                Ok(())
            })
            .unwrap();
    }

    /// The separate strategies produce documents valid against the organisation they serve.
    #[test]
    fn dependent_strategies_fit_their_organisation() {
        let mut runner = TestRunner::new(Config { cases: 32, ..Config::default() });
        let strategy = organisation(Shape::default()).prop_flat_map(|org| {
            let catalog = catalog_for(&org, Shape::default());
            let policy = policy_for(&org, Shape::default());
            (Just(org), catalog, policy)
        });
        runner
            .run(&strategy, |(org, catalog, policy)| {
                prop_assert!(validate::validate_all(&org, &catalog, &policy, None).is_empty());
                let mut runner = TestRunner::new(Config { cases: 4, ..Config::default() });
                runner
                    .run(&evaluations_for(&org, &catalog, 5), |e| {
                        let problems = validate::validate_all(&org, &catalog, &policy, Some(&e));
                        prop_assert!(problems.is_empty(), "{problems:#?}");
                        Ok(())
                    })
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                Ok(())
            })
            .unwrap();
    }

    /// Strategies for a caller's own organisation do not panic on a bare one.
    #[test]
    fn a_bare_organisation_gets_an_empty_catalog_and_a_valid_policy() {
        let mut runner = TestRunner::new(Config { cases: 16, ..Config::default() });
        let strategy = organisation(Shape::default()).prop_flat_map(|mut org| {
            org.framework.competences.clear();
            org.employees.iter_mut().for_each(|e| e.levels.clear());
            (Just(org.clone()), catalog_for(&org, Shape::default()), policy_for(&org, Shape::default()))
        });
        runner
            .run(&strategy, |(org, catalog, policy)| {
                prop_assert!(catalog.activities.is_empty());
                prop_assert!(validate::validate_policy(&policy, Some(&org)).is_empty());
                Ok(())
            })
            .unwrap();
    }
}
