//! Re-planning for acute needs (D12): add a need or evaluation records and plan again without
//! disturbing what is already agreed.
//!
//! The change is applied to *clones* of the documents — an acute need becomes a goal of the
//! person's (first) development plan, proposed by the leader, with the given level and
//! deadline (a plan agreed on `as_of` is created when the person has none); new evaluation
//! records are appended — and a derived engine is built from them, so the change is validated
//! like any document and every result is the plain function of documents it always is. The
//! plan drafted by the derived engine is then diffed against the one drafted from the
//! unchanged documents.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DraftActivity, DraftPlan, NeedSummary};
use crate::engine::Engine;
use crate::error::{Error, ErrorKind, Problem, Result, json_string};
use crate::model::{Date, DevelopmentPlan, EvaluationRecord, Evaluations, Level, PlanGoal, PlanGoalOrigin};
use crate::recommend::Text;

/// A need that has come up between reviews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcuteNeed {
    /// Competence id.
    pub competence: String,
    /// The level to reach.
    pub level: Level,
    /// By when; on or after `as_of`.
    pub deadline: Date,
    /// Why, in the leader's words (shown in the re-plan; not stored in the documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What changed since the plan was agreed: an acute need, new evaluation records, or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AcuteChange {
    /// An acute need.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need: Option<AcuteNeed>,
    /// New evaluation records (any employee's: they update the measured effect of activities).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evaluations: Vec<EvaluationRecord>,
}

impl AcuteChange {
    /// The acute change from its JSON parts, as the C and Python surfaces take them: `need` an
    /// [`AcuteNeed`] object, `evaluations` an evaluations document whose records are the new
    /// evidence; `None` means "not given". Fails with `InvalidArgument` when the need is
    /// malformed, with serde's message and the path of the offending field (`need.deadline` for a
    /// date of the wrong shape, `need.urgent` for an unknown field `urgent`; `need` for a missing
    /// field or text that is not JSON), or at path `need` when there is no change at all (neither a need nor any record: a
    /// re-plan without a change would only repeat the plan), and with the parse error of the
    /// evaluations document when that is malformed. Whether the need names a known competence
    /// and a reachable level and deadline is checked by [`Engine::replan`], against the
    /// documents.
    pub fn from_json(need: Option<&str>, evaluations: Option<&str>) -> Result<AcuteChange> {
        let invalid = |path: &str, value: &str, message: String| {
            Error::new(ErrorKind::InvalidArgument, Problem::new(path, value, message))
        };
        let need = match need {
            Some(text) => Some(
                parse_need(text)
                    .map_err(|(path, e)| invalid(&path, text, format!("not an acute need: {e}")))?,
            ),
            None => None,
        };
        let evaluations = match evaluations {
            Some(text) => crate::document::parse_evaluations(text)?.records,
            None => Vec::new(),
        };
        if need.is_none() && evaluations.is_empty() {
            return Err(invalid(
                "need",
                "null",
                "give an acute need and/or evaluation records with new evidence".to_owned(),
            ));
        }
        Ok(AcuteChange { need, evaluations })
    }
}

/// Reads an acute need; on failure the field path where reading stopped (`need`, `need.level`,
/// …), so an integrator can point at the offending field, as for a document's shape errors.
fn parse_need(text: &str) -> std::result::Result<AcuteNeed, (String, serde_json::Error)> {
    // serde would read a JSON array as the struct's fields in order; a need is an object.
    if let crate::document::TopLevel::Other(_) = crate::document::top_level(text) {
        let message = "expected a JSON object {\"competence\", \"level\", \"deadline\"}";
        return Err(("need".to_owned(), serde::de::Error::custom(message)));
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    let need = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." || path == "?" { "need".to_owned() } else { format!("need.{path}") };
        (path, e.into_inner())
    })?;
    de.end().map_err(|e| ("need".to_owned(), e))?;
    Ok(need)
}

/// What kind of change a re-plan made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The acute need was added.
    NeedAdded,
    /// The acute need is already met: the person is at or above its level.
    NeedAlreadyMet,
    /// New evaluation records update the measured effect of activities.
    EvidenceAdded,
    /// An agreed activity stays as agreed.
    Kept,
    /// An agreed activity can no longer go ahead; the reason is given.
    Dropped,
    /// A new activity is proposed.
    Added,
    /// An activity proposed before the change is still proposed, at other dates or in another
    /// session.
    Rescheduled,
    /// An activity proposed before the change is no longer proposed (it was never agreed).
    Withdrawn,
    /// The new plan does not reach the acute need's level by its date; the reasons are given
    /// (the activities that could develop it, and why each cannot).
    NeedNotMet,
}

/// One change, in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// What kind.
    pub kind: ChangeKind,
    /// The activity concerned, if any.
    pub activity: Option<String>,
    /// The competence concerned, if any.
    pub competence: Option<String>,
    /// The change and why, in Danish and English.
    pub text: Text,
}

/// The result of re-planning one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Replan {
    /// Employee id.
    pub employee: String,
    /// The planning date.
    pub as_of: Date,
    /// The reason given for the acute need.
    pub reason: Option<String>,
    /// The person's needs after the change.
    pub needs: Vec<NeedSummary>,
    /// The draft plan before the change.
    pub before: DraftPlan,
    /// The draft plan after the change: agreed activities kept unless infeasible.
    pub after: DraftPlan,
    /// What changed and why: need and evidence first, then agreed activities (plan order),
    /// then new, rescheduled and withdrawn proposals.
    pub changes: Vec<Change>,
}

impl Engine {
    /// Re-plans one person after an acute change (see [`crate::review`] and this module's
    /// docs). Fails with `NotFound` for an unknown employee, `InvalidArgument` for an acute need
    /// naming an unknown competence, a level off the scale or a deadline before `as_of`, and
    /// `Validation` when the changed documents are invalid (e.g. a bad evaluation record).
    pub fn replan(&self, employee: &str, change: AcuteChange) -> Result<Replan> {
        self.employee(employee)?;
        let org = self.organisation();
        let mut derived_org = org.clone();
        if let Some(need) = &change.need {
            self.check_need(need)?;
            let goal = PlanGoal {
                competence: need.competence.clone(),
                level: need.level,
                due: need.deadline,
                origin: PlanGoalOrigin::Acute,
            };
            match derived_org.plans.iter_mut().find(|p| p.employee == employee) {
                Some(plan) => plan.goals.push(goal),
                None => derived_org.plans.push(DevelopmentPlan {
                    employee: employee.to_owned(),
                    agreed_on: org.as_of,
                    goals: vec![goal],
                    activities: Vec::new(),
                }),
            }
        }
        let mut evaluations: Evaluations = self.evaluations().clone();
        evaluations.records.extend(change.evaluations.iter().cloned());
        let derived = Engine::with_evaluations(
            derived_org,
            self.catalog().clone(),
            self.policy().clone(),
            Some(evaluations),
        )?;
        let before = self.draft(employee)?;
        let after = derived.draft(employee)?;

        let mut changes = Vec::new();
        if let Some(need) = &change.need {
            let name = self.competence_name(&need.competence);
            let (l, d) = (need.level, need.deadline);
            let why =
                need.reason.as_deref().map(|r| (format!(" ({r})"), format!(" ({r})"))).unwrap_or_default();
            let current = self.employee(employee)?.level(&need.competence);
            let (kind, da, en) = if need.level > current {
                (
                    ChangeKind::NeedAdded,
                    format!("Akut behov tilføjet: {name} til niveau {l} inden {d}{}.", why.0),
                    format!("Acute need added: {name} to level {l} by {d}{}.", why.1),
                )
            } else {
                (
                    ChangeKind::NeedAlreadyMet,
                    format!("{name} er allerede på niveau {current}, så niveau {l} giver intet nyt behov."),
                    format!("{name} is already at level {current}, so level {l} adds no need."),
                )
            };
            changes.push(Change {
                kind,
                activity: None,
                competence: Some(need.competence.clone()),
                text: Text { da, en },
            });
        }
        let acute = change.need.as_ref().filter(|n| n.level > self.level_of(employee, &n.competence));
        if let Some(c) = acute.and_then(|need| self.need_not_met(&after.rec, need)) {
            changes.push(c);
        }
        if !change.evaluations.is_empty() {
            let n = change.evaluations.len();
            changes.push(Change {
                kind: ChangeKind::EvidenceAdded,
                activity: None,
                competence: None,
                text: Text {
                    da: format!("{n} nye evalueringer opdaterer den målte effekt af aktiviteterne."),
                    en: format!("{n} new evaluation records update the measured effect of the activities."),
                },
            });
        }
        for a in after.plan.activities.iter().filter(|a| a.agreed) {
            changes.push(Change {
                kind: ChangeKind::Kept,
                activity: Some(a.activity.clone()),
                competence: None,
                text: Text {
                    da: format!("Beholdes som aftalt: \"{}\" ({} – {}).", a.title, a.start, a.end),
                    en: format!("Kept as agreed: \"{}\" ({} – {}).", a.title, a.start, a.end),
                },
            });
        }
        for d in &after.plan.dropped {
            let earlier = before.plan.dropped.iter().any(|b| b.activity == d.activity);
            let (da, en) = if earlier {
                (
                    "Kunne allerede før ændringen ikke gennemføres",
                    "Could already not go ahead before the change",
                )
            } else {
                ("Kan ikke længere gennemføres", "Can no longer go ahead")
            };
            changes.push(Change {
                kind: ChangeKind::Dropped,
                activity: Some(d.activity.clone()),
                competence: None,
                text: Text {
                    da: format!("{da}: \"{}\". {}", d.title, d.why.da),
                    en: format!("{en}: \"{}\". {}", d.title, d.why.en),
                },
            });
        }
        let proposed = |p: &DraftPlan| -> Vec<DraftActivity> {
            p.activities.iter().filter(|a| !a.agreed).cloned().collect()
        };
        let (old, new) = (proposed(&before.plan), proposed(&after.plan));
        for a in new.iter().filter(|a| !old.iter().any(|o| o.activity == a.activity)) {
            changes.push(Change {
                kind: ChangeKind::Added,
                activity: Some(a.activity.clone()),
                competence: a.competences.first().cloned(),
                text: Text {
                    da: format!("Ny: \"{}\" ({} – {}). {}", a.title, a.start, a.end, a.why.da),
                    en: format!("New: \"{}\" ({} – {}). {}", a.title, a.start, a.end, a.why.en),
                },
            });
        }
        for a in &new {
            let Some(o) = old.iter().find(|o| o.activity == a.activity) else { continue };
            if (o.start, o.end, &o.session) != (a.start, a.end, &a.session) {
                changes.push(Change {
                    kind: ChangeKind::Rescheduled,
                    activity: Some(a.activity.clone()),
                    competence: a.competences.first().cloned(),
                    text: Text {
                        da: format!(
                            "Flyttet: \"{}\" nu {} – {} (før {} – {}).",
                            a.title, a.start, a.end, o.start, o.end
                        ),
                        en: format!(
                            "Rescheduled: \"{}\" now {} – {} (was {} – {}).",
                            a.title, a.start, a.end, o.start, o.end
                        ),
                    },
                });
            }
        }
        for a in old.iter().filter(|a| !new.iter().any(|n| n.activity == a.activity)) {
            changes.push(Change {
                kind: ChangeKind::Withdrawn,
                activity: Some(a.activity.clone()),
                competence: a.competences.first().cloned(),
                text: Text {
                    da: format!(
                        "Ikke længere foreslået: \"{}\" — tiden og pengene gør mere gavn i den nye plan.",
                        a.title
                    ),
                    en: format!(
                        "No longer proposed: \"{}\" — the time and money do more good in the new plan.",
                        a.title
                    ),
                },
            });
        }
        Ok(Replan {
            employee: employee.to_owned(),
            as_of: org.as_of,
            reason: change.need.as_ref().and_then(|n| n.reason.clone()),
            needs: after.rec.needs.iter().map(|n| derived.need_summary(n)).collect(),
            before: before.plan,
            after: after.plan,
            changes,
        })
    }

    fn level_of(&self, employee: &str, competence: &str) -> Level {
        self.employee(employee).map_or(0, |e| e.level(competence))
    }

    /// When the re-planned path (agreed steps kept, new ones proposed) leaves the acute need
    /// short of its level, the change that says so and why: each activity that could develop
    /// the competence with the reason it is not in the plan (at most three), or that the
    /// catalog has none for this person. A leader is never left to guess why an acute need got
    /// nothing.
    fn need_not_met(&self, rec: &crate::recommend::Recommendation, need: &AcuteNeed) -> Option<Change> {
        let steps = rec.agreed.iter().flat_map(|a| &a.kept).chain(&rec.chosen.steps);
        let reached =
            steps.flat_map(|s| &s.gains).filter(|g| g.competence == need.competence).map(|g| g.to).max();
        if reached.is_some_and(|l| l >= need.level) {
            return None;
        }
        let name = self.competence_name(&need.competence);
        let develops = |id: &str| {
            self.activity(id).is_ok_and(|a| a.develops.iter().any(|d| d.competence == need.competence))
        };
        let why: Vec<_> = rec.rejected.iter().filter(|r| develops(&r.activity)).take(3).collect();
        let (l, d) = (need.level, need.deadline);
        let (mut da, mut en) = (
            format!("Den nye plan når ikke {name} niveau {l} inden {d}."),
            format!("The new plan does not reach {name} level {l} by {d}."),
        );
        if why.is_empty() {
            da.push_str(" Ingen aktivitet i kataloget udvikler det for denne medarbejder, eller de veje, der gør, lukker færre obligatoriske behov.");
            en.push_str(" No catalog activity develops it for this person, or the paths that do close fewer mandatory needs.");
        }
        for r in why {
            let t = r.reason_text();
            da.push_str(&format!(" \"{}\": {}", r.title, t.da));
            en.push_str(&format!(" \"{}\": {}", r.title, t.en));
        }
        Some(Change {
            kind: ChangeKind::NeedNotMet,
            activity: None,
            competence: Some(need.competence.clone()),
            text: Text { da, en },
        })
    }

    fn check_need(&self, need: &AcuteNeed) -> Result<()> {
        let org = self.organisation();
        let invalid = |path: &str, value: String, message: String| {
            Err(Error::new(ErrorKind::InvalidArgument, Problem::new(path, value, message)))
        };
        if !org.framework.competences.iter().any(|c| c.id == need.competence) {
            return invalid(
                "need.competence",
                json_string(&need.competence),
                format!("no competence with id {:?}", need.competence),
            );
        }
        let max = org.framework.scale.max_level();
        if need.level == 0 || need.level > max {
            return invalid("need.level", need.level.to_string(), format!("level must be within 1..={max}"));
        }
        if need.deadline < org.as_of {
            return invalid(
                "need.deadline",
                json_string(&need.deadline.to_string()),
                format!("the deadline lies before the planning date {}", org.as_of),
            );
        }
        Ok(())
    }
}
