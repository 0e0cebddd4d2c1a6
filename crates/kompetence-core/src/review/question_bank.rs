//! The question bank of the annual review (the guide's "MUS-automat", D4): questions a leader
//! can ask, each tied to the *situation* in which it is worth asking.
//!
//! A bank is plain data the organisation can replace: a JSON document with `schema_version: 1`,
//! a name and questions. Each question has an id, a `when` ([`Situation`]) and its text in
//! Danish and English. Texts may hold placeholders in braces, filled from the situation that
//! selected the question — `{competence}`, `{goal}`, `{role}`, `{activity}`, `{buddy}`,
//! `{deadline}`, `{feedback}` — and each situation offers only some of them
//! ([`Situation::placeholders`]). Validation (like every document's) reports every problem at
//! once with its field path: unknown fields, duplicate or empty ids, a missing language, an
//! unknown placeholder or one the situation cannot fill.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Problem, Result, json_string};
use crate::model::SCHEMA_VERSION;
use crate::recommend::Text;

/// The document name used in problems about a question bank.
pub const DOCUMENT: &str = "question_bank";

/// Most questions in one bank; more is refused as a validation problem.
pub const MAX_QUESTIONS: usize = 1000;

/// The default bank, embedded in the library: 32 questions a Danish leader would ask.
const DEFAULT_BANK: &str = include_str!("default_questions.json");

/// A bank of review questions (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionBank {
    /// Document format version; this library reads version 1.
    pub schema_version: u32,
    /// Name of the bank, e.g. "MUS-automat — Ældre og Sundhed".
    pub name: String,
    /// The questions, in the order they appear on an agenda.
    pub questions: Vec<Question>,
}

/// One question and the situation that puts it on the agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id, unique in the bank, e.g. "own-wish".
    pub id: String,
    /// When the question is asked.
    pub when: Situation,
    /// The question in Danish and English, with placeholders.
    pub text: Text,
}

/// A situation of the person that makes a question worth asking. A question is asked once per
/// occurrence of its situation (e.g. once per own wish) when its text uses a placeholder, at
/// most [`crate::review::MAX_PER_QUESTION`] times; a question without placeholders is asked once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    /// Every review.
    Always,
    /// The person has no needs.
    NoNeeds,
    /// A need that must be closed: a role requirement or a mandatory goal requirement.
    HasMandatoryNeed,
    /// A need the person's role sets.
    NeedFromRole,
    /// A need a strategic goal sets (D1, D2).
    NeedFromGoal,
    /// A need from a goal of the agreed development plan (D5).
    NeedFromPlan,
    /// A need that citizen feedback in the person's unit points at (D3).
    NeedFromFeedback,
    /// The person's own wish (D13).
    OwnWish,
    /// The gap to the person's target role (D11).
    CareerTarget,
    /// A need due within [`crate::review::URGENT_DAYS`] days (D12).
    UrgentNeed,
    /// An activity completed in the last 12 months whose learning was applied (D9).
    CompletedActivityTransferred,
    /// … partly applied.
    CompletedActivityPartlyTransferred,
    /// … not applied.
    CompletedActivityNotTransferred,
    /// … with no behaviour follow-up yet.
    CompletedActivityNotFollowedUp,
    /// … whose behaviour follow-up is overdue.
    FollowUpOverdue,
    /// An activity agreed in the development plan, planned or in progress, that is kept.
    AgreedActivityOpen,
    /// An agreed activity that can no longer go ahead as agreed.
    AgreedActivityDropped,
    /// The draft proposes a course (AMU, external, internal, further education).
    CourseRecommended,
    /// The draft proposes learning on the job (any on-the-job form, D7).
    OnTheJobRecommended,
    /// The draft proposes buddy training with a named colleague.
    BuddyRecommended,
    /// The draft proposes a stretch assignment (D7).
    StretchAssignmentRecommended,
    /// The draft proposes a step beyond the stretch zone, paired with supervision (D7).
    SupervisedStepRecommended,
    /// The agreed and proposed activities together use at least
    /// [`crate::review::WORKLOAD_SHARE`] of the person's cap on hours away.
    WorkloadHigh,
    /// The person has needs the agreed activities do not close, and no new activity is worth
    /// its cost.
    NothingRecommended,
}

/// A placeholder a question text may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Placeholder {
    /// `{competence}`: the competence's name.
    Competence,
    /// `{goal}`: the strategic goal's title.
    Goal,
    /// `{role}`: the role's name.
    Role,
    /// `{activity}`: the activity's title.
    Activity,
    /// `{buddy}`: the buddy's display name.
    Buddy,
    /// `{deadline}`: the need's deadline, YYYY-MM-DD.
    Deadline,
    /// `{feedback}`: the citizen feedback's summary.
    Feedback,
}

impl Placeholder {
    /// Every placeholder.
    pub const ALL: [Placeholder; 7] = [
        Placeholder::Competence,
        Placeholder::Goal,
        Placeholder::Role,
        Placeholder::Activity,
        Placeholder::Buddy,
        Placeholder::Deadline,
        Placeholder::Feedback,
    ];

    /// The name between the braces.
    pub fn name(self) -> &'static str {
        match self {
            Placeholder::Competence => "competence",
            Placeholder::Goal => "goal",
            Placeholder::Role => "role",
            Placeholder::Activity => "activity",
            Placeholder::Buddy => "buddy",
            Placeholder::Deadline => "deadline",
            Placeholder::Feedback => "feedback",
        }
    }

    /// The placeholder with this name.
    pub fn from_name(name: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl Situation {
    /// The snake_case name used in documents.
    pub fn as_str(self) -> &'static str {
        use Situation::*;
        match self {
            Always => "always",
            NoNeeds => "no_needs",
            HasMandatoryNeed => "has_mandatory_need",
            NeedFromRole => "need_from_role",
            NeedFromGoal => "need_from_goal",
            NeedFromPlan => "need_from_plan",
            NeedFromFeedback => "need_from_feedback",
            OwnWish => "own_wish",
            CareerTarget => "career_target",
            UrgentNeed => "urgent_need",
            CompletedActivityTransferred => "completed_activity_transferred",
            CompletedActivityPartlyTransferred => "completed_activity_partly_transferred",
            CompletedActivityNotTransferred => "completed_activity_not_transferred",
            CompletedActivityNotFollowedUp => "completed_activity_not_followed_up",
            FollowUpOverdue => "follow_up_overdue",
            AgreedActivityOpen => "agreed_activity_open",
            AgreedActivityDropped => "agreed_activity_dropped",
            CourseRecommended => "course_recommended",
            OnTheJobRecommended => "on_the_job_recommended",
            BuddyRecommended => "buddy_recommended",
            StretchAssignmentRecommended => "stretch_assignment_recommended",
            SupervisedStepRecommended => "supervised_step_recommended",
            WorkloadHigh => "workload_high",
            NothingRecommended => "nothing_recommended",
        }
    }

    /// The placeholders this situation can fill.
    pub fn placeholders(self) -> &'static [Placeholder] {
        use Placeholder as P;
        use Situation::*;
        match self {
            Always | NoNeeds | WorkloadHigh | NothingRecommended => &[],
            HasMandatoryNeed | NeedFromPlan | OwnWish | UrgentNeed => &[P::Competence, P::Deadline],
            NeedFromRole => &[P::Competence, P::Deadline, P::Role],
            NeedFromGoal => &[P::Competence, P::Deadline, P::Goal],
            NeedFromFeedback => &[P::Competence, P::Deadline, P::Feedback],
            CareerTarget => &[P::Competence, P::Role],
            CompletedActivityTransferred
            | CompletedActivityPartlyTransferred
            | CompletedActivityNotTransferred
            | CompletedActivityNotFollowedUp
            | FollowUpOverdue
            | AgreedActivityOpen
            | AgreedActivityDropped => &[P::Activity],
            CourseRecommended
            | OnTheJobRecommended
            | StretchAssignmentRecommended
            | SupervisedStepRecommended => &[P::Activity, P::Competence],
            BuddyRecommended => &[P::Activity, P::Competence, P::Buddy],
        }
    }
}

/// The placeholder names in a text, in order of appearance (`{name}` with a name of ASCII
/// letters and underscores; other braces are plain text).
pub fn placeholders_in(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0 && after[..close].bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') =>
            {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

impl QuestionBank {
    /// The default bank embedded in the library (valid; a unit test checks it).
    pub fn default_bank() -> QuestionBank {
        // The embedded text is checked by a test; an impossible failure yields an empty bank
        // rather than a panic.
        serde_json::from_str(DEFAULT_BANK).unwrap_or_else(|_| QuestionBank {
            schema_version: SCHEMA_VERSION,
            name: String::new(),
            questions: Vec::new(),
        })
    }

    /// Parses and validates a bank from JSON text: shape errors with their field path, then
    /// every rule violation at once.
    pub fn from_json(text: &str) -> Result<QuestionBank> {
        let text = crate::document::without_bom(text);
        if text.len() > crate::document::MAX_DOCUMENT_BYTES {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                Problem::new("", text.len().to_string(), "document is too large"),
            )
            .in_document(DOCUMENT));
        }
        #[derive(Deserialize)]
        struct Version {
            schema_version: Option<serde_json::Value>,
        }
        if let Ok(v) = serde_json::from_str::<Version>(text) {
            let ok = matches!(&v.schema_version, Some(serde_json::Value::Number(n))
                if n.as_u64() == Some(u64::from(SCHEMA_VERSION)));
            if !ok {
                let value = v.schema_version.map_or("null".to_owned(), |v| v.to_string());
                return Err(Error::new(
                    ErrorKind::UnsupportedVersion,
                    Problem::new(
                        "schema_version",
                        value,
                        format!("this library reads schema_version {SCHEMA_VERSION}"),
                    ),
                )
                .in_document(DOCUMENT));
            }
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        let bank: QuestionBank = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." || path == "?" { String::new() } else { path };
            Error::new(ErrorKind::Parse, Problem::new(path, "", e.into_inner().to_string()))
                .in_document(DOCUMENT)
        })?;
        let problems = bank.validate();
        if problems.is_empty() { Ok(bank) } else { Err(Error::validation(problems)) }
    }

    /// Every rule the bank breaks, each with its field path (empty when valid).
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut push = |path: String, value: String, message: String| {
            problems.push(Problem::new(path, value, message).in_document(DOCUMENT));
        };
        if self.schema_version != SCHEMA_VERSION {
            push(
                "schema_version".into(),
                self.schema_version.to_string(),
                format!("this library reads schema_version {SCHEMA_VERSION}"),
            );
        }
        if self.questions.is_empty() {
            push("questions".into(), "[]".into(), "a bank needs at least one question".into());
        }
        if self.questions.len() > MAX_QUESTIONS {
            push(
                "questions".into(),
                self.questions.len().to_string(),
                format!("at most {MAX_QUESTIONS} questions"),
            );
            return problems;
        }
        let mut seen = BTreeSet::new();
        for (i, q) in self.questions.iter().enumerate() {
            if q.id.trim().is_empty() {
                push(format!("questions[{i}].id"), json_string(&q.id), "id is empty".into());
            } else if !seen.insert(q.id.as_str()) {
                push(format!("questions[{i}].id"), json_string(&q.id), format!("duplicate id {:?}", q.id));
            }
            for (lang, text) in [("da", &q.text.da), ("en", &q.text.en)] {
                let path = format!("questions[{i}].text.{lang}");
                if text.trim().is_empty() {
                    push(path.clone(), json_string(text), format!("the {lang} text is empty"));
                }
                for name in placeholders_in(text) {
                    match Placeholder::from_name(name) {
                        None => push(
                            path.clone(),
                            json_string(text),
                            format!(
                                "unknown placeholder {{{name}}}; known: {}",
                                Placeholder::ALL.map(|p| format!("{{{}}}", p.name())).join(", ")
                            ),
                        ),
                        Some(p) if !q.when.placeholders().contains(&p) => push(
                            path.clone(),
                            json_string(text),
                            format!("placeholder {{{name}}} is not available when {}", q.when.as_str()),
                        ),
                        Some(_) => {}
                    }
                }
            }
        }
        problems
    }

    /// The bank's JSON Schema (draft 2020-12), generated from the types.
    pub fn schema() -> serde_json::Value {
        schemars::schema_for!(QuestionBank).to_value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_bank_is_valid_and_large_enough() {
        let bank = QuestionBank::from_json(DEFAULT_BANK).expect("valid");
        assert!(bank.questions.len() >= 25, "{}", bank.questions.len());
        // Every situation the review computes has at least one question in the default bank.
        let used: BTreeSet<Situation> = bank.questions.iter().map(|q| q.when).collect();
        assert!(used.len() >= 20, "{used:?}");
        assert_eq!(QuestionBank::default_bank(), bank);
    }

    #[test]
    fn placeholders_are_found_and_braces_otherwise_ignored() {
        assert_eq!(placeholders_in("a {competence} b {x_y} {} {1} {"), ["competence", "x_y"]);
    }

    #[test]
    fn an_invalid_bank_lists_every_problem_at_its_path() {
        let text = r#"{"schema_version": 1, "name": "x", "questions": [
            {"id": "a", "when": "always", "text": {"da": "Hvad med {competence}?", "en": "ok"}},
            {"id": "a", "when": "own_wish", "text": {"da": "{competence}", "en": ""}},
            {"id": "b", "when": "own_wish", "text": {"da": "{colour}", "en": "{competence}"}}
        ]}"#;
        let err = QuestionBank::from_json(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation);
        let paths: Vec<&str> = err.problems().iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            ["questions[0].text.da", "questions[1].id", "questions[1].text.en", "questions[2].text.da"]
        );
        assert!(err.problems().iter().all(|p| p.document == Some(DOCUMENT)));
        assert!(err.problems()[0].message.contains("not available when always"));
        assert!(err.problems()[3].message.contains("unknown placeholder {colour}"));
    }

    #[test]
    fn shape_errors_and_versions_are_reported() {
        let err = QuestionBank::from_json(
            r#"{"schema_version": 1, "name": "x", "questions": [{"id": "a", "when": "sometimes", "text": {"da": "x", "en": "y"}}]}"#,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse);
        assert_eq!(err.path(), "questions[0].when");
        let err =
            QuestionBank::from_json(r#"{"schema_version": 2, "name": "x", "questions": []}"#).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedVersion);
        let err =
            QuestionBank::from_json(r#"{"schema_version": 1, "name": "x", "questions": []}"#).unwrap_err();
        assert_eq!(err.path(), "questions");
    }

    #[test]
    fn the_schema_names_the_situations() {
        let s = QuestionBank::schema().to_string();
        assert!(s.contains("has_mandatory_need") && s.contains("schema_version"));
    }
}
