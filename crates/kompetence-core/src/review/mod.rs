//! The annual review (MUS) pack and its draft development plan (D4, D5), and re-planning for
//! acute needs (D12).
//!
//! # The review pack
//!
//! [`Engine::review`] gathers what a leader and an employee take into the annual review:
//!
//! - **an agenda**, questions drawn from a [`QuestionBank`] (the guide's "MUS-automat") by the
//!   person's *situation*: mandatory needs, needs from strategic goals, the role, the plan or
//!   citizen feedback, own wishes, a career target, urgent deadlines, last year's activities and
//!   whether they were applied in practice, follow-ups that are overdue, agreed activities kept
//!   or dropped, the forms the draft proposes (courses, learning on the job, a named buddy, a
//!   stretch assignment, a supervised step) and a workload near the cap on hours away. Each
//!   item says *because* of what it was chosen. A competence is asked about once: a need with
//!   several reasons (a mandatory role requirement that a strategic goal and the development
//!   plan also ask for) is one question with every reason, not one question per reason;
//! - **the needs**, with the person's own current and target levels and every origin;
//! - **last year's learning**: activities the person completed in the 12 months before `as_of`
//!   (from the development plan and the evaluation records), each with its transfer outcome;
//! - **a draft development plan** ([`DraftPlan`]): a goal per need (target level, date, origins)
//!   and the activities — the agreed ones that are still feasible, marked as agreed, and the
//!   recommended new ones across every learning form, on-the-job forms included, each with
//!   dates, the buddy's name and why.
//!
//! A pack shows only the person's own levels: a buddy appears by display name, never by id or
//! level (D11), and no other employee is mentioned.
//!
//! # Agreed activities are kept
//!
//! Activities of the person's development plans with status planned or in progress are
//! *fixed steps* of the person's path: they are simulated first, at their own dates, their
//! levels count as reached, and the recommender proposes only what comes on top. An agreed
//! activity that can no longer go ahead (a rule of [`crate::paths`] fails: no gain, seat,
//! buddy, hours, budget, zone, too late) is *dropped* and the pack says why.
//!
//! # Re-planning
//!
//! [`Engine::replan`] applies an [`AcuteChange`] — an acute need and/or new evaluation records —
//! to clones of the documents (the need becomes a development-plan goal proposed by the leader
//! with the given deadline; the records are appended), builds a derived engine (so the change
//! is validated like any document), drafts the plan again and diffs it against the plan drafted
//! from the unchanged documents. Agreed activities stay unless they became infeasible; the
//! result lists every change (need added, evidence added, agreed activity kept or dropped, new
//! activity added, proposal rescheduled, earlier proposal withdrawn) in Danish and English.

mod markdown;
mod question_bank;
mod replan;
mod situations;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use question_bank::{
    DOCUMENT as QUESTION_BANK_DOCUMENT, MAX_QUESTIONS, Placeholder, Question, QuestionBank, Situation,
    placeholders_in,
};
pub use replan::{AcuteChange, AcuteNeed, Change, ChangeKind, Replan};

/// The language the review's and re-plan's Markdown is rendered in (also in `evaluation`), here
/// too so a review's caller finds it next to [`ReviewPack`].
pub use crate::evaluation::Lang;

use crate::engine::Engine;
use crate::error::Result;
use crate::evaluation::follow_up_due;
use crate::model::{ActivityStatus, Applied, Date, LearningForm, Level, PlanGoalOrigin};
use crate::needs::{Need, Origin};
use crate::paths::{AgreedFix, AgreedStep};
use crate::recommend::{Recommendation, Step, Text};

/// A question with a placeholder is asked at most this many times (once per occurrence of its
/// situation, in rank order).
pub const MAX_PER_QUESTION: usize = 3;
/// A need due within this many days of `as_of` is urgent.
pub const URGENT_DAYS: i64 = 120;
/// The workload question is asked when agreed and proposed activities use at least this share
/// of the person's cap on hours away.
pub const WORKLOAD_SHARE: f64 = 0.8;
/// Last year's learning covers completions in this many days before `as_of`.
pub const LAST_YEAR_DAYS: i64 = 365;

/// Everything a leader and an employee take into the annual review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewPack {
    /// Employee id.
    pub employee: String,
    /// The person's display name.
    pub name: String,
    /// The person's role (name).
    pub role: String,
    /// The person's unit (name).
    pub unit: String,
    /// The planning date.
    pub as_of: Date,
    /// The name of the question bank used.
    pub question_bank: String,
    /// The questions to discuss, in the bank's order.
    pub agenda: Vec<AgendaItem>,
    /// The person's needs, highest weighted gap first.
    pub needs: Vec<NeedSummary>,
    /// Activities completed in the 12 months before `as_of`, oldest first.
    pub last_year: Vec<PastActivity>,
    /// The draft development plan.
    pub draft_idp: DraftPlan,
}

/// One question on the agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AgendaItem {
    /// The question's id in the bank.
    pub question_id: String,
    /// The situation that selected it.
    pub situation: Situation,
    /// The question, placeholders filled.
    pub text: Text,
    /// Why it is on the agenda. For a question about a need, every reason of the need (see
    /// `competence`).
    pub because: Text,
    /// The competence whose need the question asks about, when it names one: each competence
    /// is asked about once per pack, by the first question in bank order that names it, and
    /// that question's `because` gathers every reason of the need (mandatory, urgent, role,
    /// goal, plan, citizen feedback, wish, career target). Questions about a proposed activity
    /// name the activity and are not questions about a need (`None`).
    #[serde(default)]
    pub competence: Option<String>,
}

/// One need as the review shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NeedSummary {
    /// Competence id.
    pub competence: String,
    /// Competence name.
    pub name: String,
    /// The person's level now.
    pub current: Level,
    /// The level to reach.
    pub target: Level,
    /// By when.
    pub deadline: Date,
    /// True when no origin set the date: `deadline` is the policy's default planning horizon
    /// (see [`Need::deadline_is_default`]).
    #[serde(default)]
    pub deadline_is_default: bool,
    /// Must be closed (role requirement or mandatory goal requirement).
    pub mandatory: bool,
    /// Every reason, in words.
    pub origins: Vec<Text>,
}

/// Was last year's learning applied in practice?
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferOutcome {
    /// Applied.
    Applied,
    /// Partly applied.
    Partly,
    /// Not applied.
    NotApplied,
    /// Not yet followed up.
    NotFollowedUp,
}

/// An activity the person completed in the last 12 months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PastActivity {
    /// Activity id.
    pub activity: String,
    /// Title.
    pub title: String,
    /// Learning form.
    pub form: LearningForm,
    /// Completion date.
    pub completed_on: Date,
    /// Whether it was applied in practice.
    pub transfer: TransferOutcome,
    /// When the behaviour follow-up is (or was) due.
    pub follow_up_due: Date,
    /// The follow-up is missing and its due date has passed.
    pub follow_up_overdue: bool,
}

/// A goal of the draft development plan: one per need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DraftGoal {
    /// Competence id.
    pub competence: String,
    /// Competence name.
    pub name: String,
    /// Target level.
    pub target: Level,
    /// When it should be reached.
    pub due: Date,
    /// True when no origin of the need set the date: `due` is the policy's default planning
    /// horizon (see [`Need::deadline_is_default`]), to be agreed at the review.
    #[serde(default)]
    pub due_is_default: bool,
    /// Where the goal comes from, in words.
    pub origins: Vec<Text>,
}

/// Where an activity of the draft stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DraftStatus {
    /// Agreed in the development plan, not started.
    Planned,
    /// Agreed and under way.
    InProgress,
    /// Newly proposed, to be agreed at the review.
    Proposed,
}

/// An activity of the draft development plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DraftActivity {
    /// Activity id.
    pub activity: String,
    /// Title.
    pub title: String,
    /// Learning form.
    pub form: LearningForm,
    /// Already agreed in the development plan.
    pub agreed: bool,
    /// Planned, in progress or proposed.
    pub status: DraftStatus,
    /// The session, for dated activities.
    pub session: Option<String>,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// The buddy's display name, for buddy training (never the buddy's id or levels).
    pub buddy: Option<String>,
    /// Competence ids it raises.
    pub competences: Vec<String>,
    /// Hours away from daily work.
    pub hours_away: f64,
    /// Net cost, whole kroner.
    pub net_cost: i64,
    /// Why it is in the plan.
    pub why: Text,
}

/// An agreed activity that can no longer go ahead as agreed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DroppedActivity {
    /// Activity id.
    pub activity: String,
    /// Title.
    pub title: String,
    /// Learning form.
    pub form: LearningForm,
    /// Why, in words.
    pub why: Text,
}

/// The draft development plan: goals with dates and the activities to reach them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DraftPlan {
    /// One goal per need.
    pub goals: Vec<DraftGoal>,
    /// The agreed activities that are kept (plan order), then the proposed ones (path order).
    pub activities: Vec<DraftActivity>,
    /// Agreed activities that became infeasible.
    pub dropped: Vec<DroppedActivity>,
    /// Net cost of the proposed activities, whole kroner (agreed ones are already paid for).
    pub proposed_net_cost: i64,
    /// Hours away of agreed and proposed activities together.
    pub hours_away: f64,
    /// The recommender's summary of the proposal.
    pub summary: Text,
}

impl Engine {
    /// The annual review pack of one person (see [`crate::review`]), with the default question
    /// bank when `bank` is `None`. Fails with `NotFound` for an unknown employee, `Validation`
    /// for an invalid bank and `LimitExceeded` when the person's path search is past its limits.
    pub fn review(&self, employee: &str, bank: Option<&QuestionBank>) -> Result<ReviewPack> {
        let default;
        let bank = match bank {
            Some(b) => {
                let problems = b.validate();
                if !problems.is_empty() {
                    return Err(crate::Error::validation(problems));
                }
                b
            }
            None => {
                default = QuestionBank::default_bank();
                &default
            }
        };
        let draft = self.draft(employee)?;
        let emp = self.employee(employee)?;
        let org = self.organisation();
        let role = org.roles.iter().find(|r| r.id == emp.role).map_or(emp.role.clone(), |r| r.name.clone());
        let unit = org.units.iter().find(|u| u.id == emp.unit).map_or(emp.unit.clone(), |u| u.name.clone());
        let last_year = self.last_year(employee);
        let facts = situations::Facts {
            engine: self,
            emp,
            needs: &draft.rec.needs,
            last_year: &last_year,
            plan: &draft.plan,
            rec: &draft.rec,
            open_needs: &draft.open_needs,
        };
        let agenda = situations::agenda(bank, &facts);
        Ok(ReviewPack {
            employee: emp.id.clone(),
            name: emp.display_name().to_owned(),
            role,
            unit,
            as_of: org.as_of,
            question_bank: bank.name.clone(),
            agenda,
            needs: draft.rec.needs.iter().map(|n| self.need_summary(n)).collect(),
            last_year,
            draft_idp: draft.plan,
        })
    }

    /// The person's agreed activities (planned or in progress), in plan order.
    fn agreed_steps(&self, employee: &str) -> Result<Vec<(AgreedStep, ActivityStatus)>> {
        let p = self.person(employee)?;
        Ok(crate::paths::agreed_of(self.paths_env(), p))
    }

    /// The recommendation with agreed activities fixed, and the draft plan built from it.
    pub(crate) fn draft(&self, employee: &str) -> Result<Draft> {
        let agreed = self.agreed_steps(employee)?;
        let steps: Vec<AgreedStep> = agreed.iter().map(|(s, _)| s.clone()).collect();
        let (rec, fix) = self.recommend_with_agreed(employee, &steps)?;
        // Needs the agreed activities do not close on their own.
        let open_needs: Vec<String> = rec
            .needs
            .iter()
            .filter(|n| {
                let reached = fix.kept.iter().flat_map(|s| &s.gains).filter(|g| g.competence == n.competence);
                reached.map(|g| g.to).max().is_none_or(|to| to < n.target)
            })
            .map(|n| n.competence.clone())
            .collect();
        let mut plan = self.draft_plan(&rec, &fix, &agreed);
        if rec.chosen.steps.is_empty() && !fix.kept.is_empty() && !rec.needs.is_empty() {
            plan.summary = if open_needs.is_empty() {
                Text {
                    da: "De aftalte aktiviteter dækker behovene; intet nyt foreslås.".into(),
                    en: "The agreed activities cover the needs; nothing new is proposed.".into(),
                }
            } else if rec.rule == crate::recommend::ChoiceRule::NoFeasiblePath {
                // Not a price problem: nothing new can be taken toward the open needs at all.
                Text {
                    da: "Ud over det aftalte kan ingen ny aktivitet tages mod de åbne behov nu \
                         (se de fravalgte alternativer)."
                        .into(),
                    en: "Beyond what is agreed, no new activity can be taken toward the open needs now \
                         (see the rejected alternatives)."
                        .into(),
                }
            } else {
                Text {
                    da: "Ud over det aftalte er ingen ny aktivitet sin pris værd nu.".into(),
                    en: "Beyond what is agreed, no new activity is worth its cost now.".into(),
                }
            };
        }
        Ok(Draft { rec, plan, open_needs })
    }

    fn draft_plan(
        &self,
        rec: &Recommendation,
        fix: &AgreedFix,
        agreed: &[(AgreedStep, ActivityStatus)],
    ) -> DraftPlan {
        let goals = rec
            .needs
            .iter()
            .map(|n| DraftGoal {
                competence: n.competence.clone(),
                name: self.competence_name(&n.competence).to_owned(),
                target: n.target,
                due: n.deadline,
                due_is_default: n.deadline_is_default,
                origins: n.origins.iter().map(|o| self.origin_text(o)).collect(),
            })
            .collect();
        let mut activities = Vec::new();
        for step in &fix.kept {
            let status = agreed.iter().find(|(a, _)| a.activity == step.activity).map_or(
                DraftStatus::Planned,
                |(_, s)| match s {
                    ActivityStatus::InProgress => DraftStatus::InProgress,
                    _ => DraftStatus::Planned,
                },
            );
            activities.push(draft_activity(step, true, status));
        }
        for step in &rec.chosen.steps {
            activities.push(draft_activity(step, false, DraftStatus::Proposed));
        }
        let dropped = fix
            .dropped
            .iter()
            .map(|r| DroppedActivity {
                activity: r.activity.clone(),
                title: r.title.clone(),
                form: r.form,
                why: r.reason_text(),
            })
            .collect();
        let hours_away = fix.kept.iter().map(|s| s.hours_away).sum::<f64>() + rec.chosen.hours_away;
        DraftPlan {
            goals,
            activities,
            dropped,
            proposed_net_cost: rec.chosen.net_cost,
            hours_away,
            summary: rec.summary_text(),
        }
    }

    /// Activities the person completed in the last 12 months, from the development plans and
    /// the evaluation records (one entry per activity and completion date).
    fn last_year(&self, employee: &str) -> Vec<PastActivity> {
        let as_of = self.organisation().as_of;
        let from = as_of.plus_days(-LAST_YEAR_DAYS);
        let within = |d: Date| d > from && d <= as_of;
        let mut seen: std::collections::BTreeMap<(Date, String), Option<Applied>> = Default::default();
        for r in &self.evaluations().records {
            if r.employee == employee && within(r.completed_on) {
                let applied = r.behaviour.as_ref().map(|b| b.applied);
                let entry = seen.entry((r.completed_on, r.activity.clone())).or_insert(None);
                *entry = entry.or(applied);
            }
        }
        for plan in self.organisation().plans.iter().filter(|p| p.employee == employee) {
            for a in &plan.activities {
                if let (ActivityStatus::Completed, Some(d)) = (a.status, a.completed_on)
                    && within(d)
                {
                    seen.entry((d, a.activity.clone())).or_insert(None);
                }
            }
        }
        seen.into_iter()
            .filter_map(|((completed_on, activity), applied)| {
                let act = self.activity(&activity).ok()?;
                let due = follow_up_due(completed_on, self.policy());
                let transfer = match applied {
                    Some(Applied::Yes) => TransferOutcome::Applied,
                    Some(Applied::Partly) => TransferOutcome::Partly,
                    Some(Applied::No) => TransferOutcome::NotApplied,
                    None => TransferOutcome::NotFollowedUp,
                };
                Some(PastActivity {
                    title: act.title.clone(),
                    form: act.form,
                    activity,
                    completed_on,
                    transfer,
                    follow_up_due: due,
                    follow_up_overdue: transfer == TransferOutcome::NotFollowedUp && due < as_of,
                })
            })
            .collect()
    }

    pub(crate) fn need_summary(&self, n: &Need) -> NeedSummary {
        NeedSummary {
            competence: n.competence.clone(),
            name: self.competence_name(&n.competence).to_owned(),
            current: n.current,
            target: n.target,
            deadline: n.deadline,
            deadline_is_default: n.deadline_is_default,
            mandatory: n.mandatory,
            origins: n.origins.iter().map(|o| self.origin_text(o)).collect(),
        }
    }

    fn role_name<'a>(&'a self, role: &'a str) -> &'a str {
        self.organisation().roles.iter().find(|r| r.id == role).map_or(role, |r| r.name.as_str())
    }

    /// An origin of a need in words, in Danish and English, with names instead of ids (the
    /// person's own target levels only): what a needs table or a review shows as "why".
    pub fn origin_text(&self, o: &Origin) -> Text {
        match o {
            Origin::Role { role, level } => {
                let name = self.role_name(role);
                Text {
                    da: format!("rollen {name} kræver niveau {level}"),
                    en: format!("the role {name} requires level {level}"),
                }
            }
            Origin::Goal { title, level, deadline, .. } => Text {
                da: format!("målet \"{title}\" (niveau {level} inden {deadline})"),
                en: format!("the goal \"{title}\" (level {level} by {deadline})"),
            },
            Origin::Plan { level, due, proposed_by } => {
                let (da, en) = match proposed_by {
                    PlanGoalOrigin::Leader => ("foreslået af lederen", "proposed by the leader"),
                    PlanGoalOrigin::Employee => ("foreslået af medarbejderen", "proposed by the employee"),
                    PlanGoalOrigin::Joint => ("aftalt i fællesskab", "agreed jointly"),
                    PlanGoalOrigin::Acute => ("akut behov, skal nås", "acute need, must be met"),
                };
                Text {
                    da: format!("udviklingsplanen (niveau {level} inden {due}, {da})"),
                    en: format!("the development plan (level {level} by {due}, {en})"),
                }
            }
            Origin::Wish { level } => {
                Text { da: format!("eget ønske (niveau {level})"), en: format!("own wish (level {level})") }
            }
            Origin::Career { role, level } => {
                let name = self.role_name(role);
                Text {
                    da: format!("karrieremålet {name} (niveau {level}; intet løfte om et karrieretrin)"),
                    en: format!("the career target {name} (level {level}; no promise of a career step)"),
                }
            }
            Origin::Feedback { summary, .. } => Text {
                da: format!("borgerfeedback: \"{summary}\""),
                en: format!("citizen feedback: \"{summary}\""),
            },
        }
    }
}

/// A recommendation with agreed activities fixed, and the draft plan built from it.
pub(crate) struct Draft {
    pub rec: Recommendation,
    pub plan: DraftPlan,
    /// Competences of needs the agreed activities do not close on their own.
    pub open_needs: Vec<String>,
}

fn draft_activity(step: &Step, agreed: bool, status: DraftStatus) -> DraftActivity {
    DraftActivity {
        activity: step.activity.clone(),
        title: step.title.clone(),
        form: step.form,
        agreed,
        status,
        session: step.session.clone(),
        start: step.start,
        end: step.end,
        buddy: step.buddy.as_ref().map(|b| b.name.clone()),
        competences: step.gains.iter().map(|g| g.competence.clone()).collect(),
        hours_away: step.hours_away,
        net_cost: step.net_cost,
        why: step.explanation_text().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests;
