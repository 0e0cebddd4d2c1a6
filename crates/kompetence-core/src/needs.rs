//! Needs analysis (D1, D2, D3, D5, D13): what each person should learn, how much it matters,
//! by when, and why.
//!
//! # The weight formula
//!
//! For a person and a competence, every *origin* whose target level lies above the person's
//! current level is a reason to learn:
//!
//! | origin | target | contributes |
//! |---|---|---|
//! | role requirement | the role's level | `weights.role` |
//! | strategic goal in scope | the requirement's level | `weights.strategy × goal.priority × requirement.weight` |
//! | development-plan goal | the goal's level | `weights.plan` |
//! | own wish | the wished level | `weights.wish` |
//! | target role (career) | the target role's level | `weights.career` |
//!
//! * `target` = the highest of those targets; `gap = target − current`.
//! * `base` = the sum of the contributions (several reasons make a stronger need).
//! * `urgency = 1 + urgency.max_boost × clamp(1 − days_left / urgency.horizon_days, 0, 1)`, where
//!   `days_left` runs from `as_of` to the earliest deadline among the origins (goal deadline, plan
//!   due date); origins without one use `as_of + urgency.default_deadline_days`.
//! * A need none of whose origins has a date (a role requirement, a career target, a wish)
//!   still gets that default date as its `deadline`, so timing and urgency can be computed the
//!   same way for every need; but nobody set it, so the need says so (`deadline_is_default`)
//!   and every surface that shows the date marks it as the policy's default planning horizon
//!   ([`Need::deadline_text`]) — a consultant cannot defend a date to an employee that only a
//!   policy default chose.
//! * `feedback = 1 + min(feedback.max_boost, Σ kind_weight × strength × 0.5^(age_days / half_life_days))`
//!   over citizen feedback signals naming the competence in the person's unit or a unit above
//!   it, received on or before `as_of`. Feedback raises weight but never sets a target.
//! * `weight = base × urgency × feedback` is the value of one level of gap closed;
//!   `weighted_gap = weight × gap` ranks the needs (ties: earlier deadline, then competence id).
//!
//! A need is *mandatory* when a role requirement or a mandatory goal requirement is among its
//! origins. It must be *certified* ([`Need::certification`]) when a goal requirement among its
//! origins is marked `certification`: then only activities that certify count towards it (see
//! [`crate::paths`]), because a certificate is what the goal asks for. A person at or above every target has no needs, and every need has at least one
//! origin that sets its target.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::index::Index;
use crate::model::{Date, Employee, FeedbackKind, Level, Organisation, PlanGoalOrigin, Policy};
use crate::recommend::Text;

/// Why a need exists: one trace back to strategy, role, plan, wish or feedback (D1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// The person's role requires the level.
    Role {
        /// Role id.
        role: String,
        /// Required level.
        level: Level,
    },
    /// A strategic goal in scope requires the level.
    Goal {
        /// Goal id.
        goal: String,
        /// Goal title.
        title: String,
        /// Required level.
        level: Level,
        /// The goal's deadline.
        deadline: Date,
    },
    /// The agreed development plan has a goal for it.
    Plan {
        /// Target level.
        level: Level,
        /// Due date.
        due: Date,
        /// Who proposed the goal.
        proposed_by: PlanGoalOrigin,
    },
    /// The person wishes to reach the level.
    Wish {
        /// Wished level.
        level: Level,
    },
    /// The person's target role requires the level.
    Career {
        /// Target role id.
        role: String,
        /// Required level.
        level: Level,
    },
    /// Citizen feedback in the person's unit names the competence (raises weight only).
    Feedback {
        /// Signal id.
        signal: String,
        /// Complaint, praise, suggestion, apprentice question.
        feedback: FeedbackKind,
        /// The signal's summary.
        summary: String,
    },
}

impl Origin {
    /// The level this origin asks for (`None` for feedback, which sets no target).
    pub fn level(&self) -> Option<Level> {
        match self {
            Origin::Role { level, .. }
            | Origin::Goal { level, .. }
            | Origin::Plan { level, .. }
            | Origin::Wish { level }
            | Origin::Career { level, .. } => Some(*level),
            Origin::Feedback { .. } => None,
        }
    }

    /// A short English label, e.g. `goal "Put the citizen at the centre" (3 by 2027-12-31)`.
    pub fn label(&self) -> String {
        match self {
            Origin::Role { role, level } => format!("role {role} ({level})"),
            Origin::Goal { title, level, deadline, .. } => {
                format!("goal \"{title}\" ({level} by {deadline})")
            }
            Origin::Plan { level, due, .. } => format!("development plan ({level} by {due})"),
            Origin::Wish { level } => format!("own wish ({level})"),
            Origin::Career { role, level } => format!("career target {role} ({level})"),
            Origin::Feedback { signal, feedback, .. } => {
                let kind = match feedback {
                    FeedbackKind::Complaint => "complaint",
                    FeedbackKind::Praise => "praise",
                    FeedbackKind::Suggestion => "suggestion",
                    FeedbackKind::ApprenticeQuestion => "apprentice question",
                };
                format!("citizen {kind} {signal}")
            }
        }
    }

    /// The snake_case kind name.
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Role { .. } => "role",
            Origin::Goal { .. } => "goal",
            Origin::Plan { .. } => "plan",
            Origin::Wish { .. } => "wish",
            Origin::Career { .. } => "career",
            Origin::Feedback { .. } => "feedback",
        }
    }
}

/// One thing one person should learn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Need {
    /// Competence id.
    pub competence: String,
    /// Assessed level now.
    pub current: Level,
    /// The level to reach (highest target among the origins).
    pub target: Level,
    /// Value of one level of gap closed (see the module docs for the formula).
    pub weight: f64,
    /// `weight × (target − current)`: the ranking key.
    pub weighted_gap: f64,
    /// When it should be reached: the earliest date among the origins, or, when none has one,
    /// `as_of + urgency.default_deadline_days` (then `deadline_is_default` is true).
    pub deadline: Date,
    /// True when no origin sets a date and `deadline` is only the policy's default planning
    /// horizon (`urgency.default_deadline_days` after `as_of`), not a date anyone set. Timing
    /// and urgency still use the date; what is shown must say it is a default
    /// ([`Need::deadline_text`]).
    #[serde(default)]
    pub deadline_is_default: bool,
    /// A role requirement or mandatory goal requirement must be closed.
    pub mandatory: bool,
    /// Urgency factor applied (≥ 1).
    pub urgency: f64,
    /// Feedback factor applied (≥ 1).
    pub feedback: f64,
    /// Every reason for the need; never empty.
    pub origins: Vec<Origin>,
    /// A strategic goal in its origins requires the level certified: only activities that
    /// certify count towards it (absent: false).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub certification: bool,
}

impl Need {
    /// Levels still to gain.
    pub fn gap(&self) -> Level {
        self.target.saturating_sub(self.current)
    }

    /// The deadline as it is shown to people, in Danish and English: the date, followed by
    /// "(politikkens standardhorisont)" / "(the policy's default horizon)" when no origin set it
    /// (see [`deadline_text`]).
    pub fn deadline_text(&self) -> Text {
        deadline_text(self.deadline, self.deadline_is_default)
    }
}

/// A deadline as it is shown to people: `2027-11-28`, or `2027-11-28 (the policy's default
/// horizon)` / `2027-11-28 (politikkens standardhorisont)` when it is the policy's default
/// planning horizon rather than a date someone set.
pub fn deadline_text(deadline: Date, is_default: bool) -> Text {
    if is_default {
        Text {
            da: format!("{deadline} (politikkens standardhorisont)"),
            en: format!("{deadline} (the policy's default horizon)"),
        }
    } else {
        Text { da: deadline.to_string(), en: deadline.to_string() }
    }
}

/// Computes one person's ranked needs.
pub(crate) fn person_needs(org: &Organisation, policy: &Policy, index: &Index, person: usize) -> Vec<Need> {
    let Some(emp) = org.employees.get(person) else { return Vec::new() };
    let unit = index.employee_unit.get(person).copied().unwrap_or(0);
    let mut acc: Vec<Acc> = Vec::new();

    // Role requirements.
    if let Some(role) = index.roles.get(&emp.role).and_then(|&r| org.roles.get(r)) {
        for req in &role.requirements {
            let origin = Origin::Role { role: role.id.clone(), level: req.level };
            add(&mut acc, emp, &req.competence, origin, policy.weights.role, None, true);
        }
    }
    // Strategic goals in scope.
    for (g, goal) in org.goals.iter().enumerate() {
        if !in_scope(index, g, goal, unit, emp) {
            continue;
        }
        for req in &goal.requirements {
            let origin = Origin::Goal {
                goal: goal.id.clone(),
                title: goal.title.clone(),
                level: req.level,
                deadline: goal.deadline,
            };
            let w = policy.weights.strategy * goal.priority * req.weight;
            add(&mut acc, emp, &req.competence, origin, w, Some(goal.deadline), req.mandatory);
        }
    }
    // Development-plan goals.
    for &p in index.plans.get(person).map(Vec::as_slice).unwrap_or(&[]) {
        for g in &org.plans[p].goals {
            let origin = Origin::Plan { level: g.level, due: g.due, proposed_by: g.origin };
            let acute = g.origin == PlanGoalOrigin::Acute;
            add(&mut acc, emp, &g.competence, origin, policy.weights.plan, Some(g.due), acute);
        }
    }
    // Own wishes.
    for w in &emp.wishes {
        add(&mut acc, emp, &w.competence, Origin::Wish { level: w.level }, policy.weights.wish, None, false);
    }
    // Career target.
    if let Some(role) =
        emp.target_role.as_ref().and_then(|r| index.roles.get(r)).and_then(|&r| org.roles.get(r))
    {
        for req in &role.requirements {
            let origin = Origin::Career { role: role.id.clone(), level: req.level };
            add(&mut acc, emp, &req.competence, origin, policy.weights.career, None, false);
        }
    }

    let default_deadline = org.as_of.plus_days(policy.urgency.default_deadline_days);
    let mut needs: Vec<Need> = acc
        .into_iter()
        .map(|a| {
            let deadline = a.deadline.unwrap_or(default_deadline);
            let urgency = urgency_factor(policy, org.as_of, deadline);
            let (feedback, mut signals) = feedback_factor(org, policy, index, unit, &a.competence);
            let weight = a.base * urgency * feedback;
            let mut origins = a.origins;
            origins.append(&mut signals);
            let certification = certification_required(org, &a.competence, &origins);
            Need {
                current: emp.level(&a.competence),
                weighted_gap: weight * f64::from(a.target.saturating_sub(emp.level(&a.competence))),
                competence: a.competence,
                target: a.target,
                weight,
                deadline,
                deadline_is_default: a.deadline.is_none(),
                mandatory: a.mandatory,
                urgency,
                feedback,
                origins,
                certification,
            }
        })
        .collect();
    needs.sort_by(|a, b| {
        b.weighted_gap
            .total_cmp(&a.weighted_gap)
            .then(a.deadline.cmp(&b.deadline))
            .then_with(|| a.competence.cmp(&b.competence))
    });
    needs
}

/// Does a strategic goal among `origins` require `competence` certified?
fn certification_required(org: &Organisation, competence: &str, origins: &[Origin]) -> bool {
    origins.iter().any(|o| match o {
        Origin::Goal { goal, .. } => org.goals.iter().any(|g| {
            &g.id == goal && g.requirements.iter().any(|r| r.competence == competence && r.certification)
        }),
        _ => false,
    })
}

/// Accumulates the origins of one competence's need.
struct Acc {
    competence: String,
    target: Level,
    base: f64,
    deadline: Option<Date>,
    mandatory: bool,
    origins: Vec<Origin>,
}

fn add(
    acc: &mut Vec<Acc>,
    emp: &Employee,
    competence: &str,
    origin: Origin,
    contribution: f64,
    deadline: Option<Date>,
    mandatory: bool,
) {
    let level = origin.level().unwrap_or(0);
    if level <= emp.level(competence) {
        return; // Already met: not a reason to learn.
    }
    let entry = match acc.iter_mut().position(|a| a.competence == competence) {
        Some(i) => &mut acc[i],
        None => {
            acc.push(Acc {
                competence: competence.to_owned(),
                target: 0,
                base: 0.0,
                deadline: None,
                mandatory: false,
                origins: Vec::new(),
            });
            acc.last_mut().expect("just pushed")
        }
    };
    entry.target = entry.target.max(level);
    entry.base += contribution;
    entry.mandatory |= mandatory;
    entry.deadline = match (entry.deadline, deadline) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    entry.origins.push(origin);
}

fn in_scope(
    index: &Index,
    g: usize,
    goal: &crate::model::StrategicGoal,
    unit: usize,
    emp: &Employee,
) -> bool {
    let unit_ok = goal.scope.units.is_empty()
        || index.goal_units.get(g).is_some_and(|units| units.iter().any(|&a| index.unit_within(unit, a)));
    let role_ok = goal.scope.roles.is_empty() || goal.scope.roles.contains(&emp.role);
    unit_ok && role_ok
}

/// `1 + max_boost × clamp(1 − days_left / horizon, 0, 1)`.
pub(crate) fn urgency_factor(policy: &Policy, as_of: Date, deadline: Date) -> f64 {
    let horizon = policy.urgency.horizon_days.max(1.0);
    let days_left = as_of.days_until(deadline) as f64;
    1.0 + policy.urgency.max_boost * (1.0 - days_left / horizon).clamp(0.0, 1.0)
}

fn feedback_factor(
    org: &Organisation,
    policy: &Policy,
    index: &Index,
    unit: usize,
    competence: &str,
) -> (f64, Vec<Origin>) {
    let fp = &policy.feedback;
    let mut boost = 0.0;
    let mut origins = Vec::new();
    for s in index.feedback_about(competence, unit).into_iter().filter_map(|i| org.feedback.get(i)) {
        if s.date > org.as_of {
            continue;
        }
        let kind_weight = match s.kind {
            FeedbackKind::Complaint => fp.complaint,
            FeedbackKind::Suggestion => fp.suggestion,
            FeedbackKind::ApprenticeQuestion => fp.apprentice_question,
            FeedbackKind::Praise => fp.praise,
        };
        let age = s.date.days_until(org.as_of) as f64;
        boost += kind_weight * s.strength * 0.5f64.powf(age / fp.half_life_days.max(1.0));
        origins.push(Origin::Feedback { signal: s.id.clone(), feedback: s.kind, summary: s.summary.clone() });
    }
    (1.0 + boost.min(fp.max_boost).max(0.0), origins)
}

/// Needs summed over the people of one unit and its sub-units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnitNeeds {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// People in the unit and its sub-units.
    pub people: usize,
    /// Of those, people with at least one need.
    pub people_with_needs: usize,
    /// Sum of gaps in levels.
    pub total_gap: u64,
    /// Sum of weighted gaps.
    pub weighted_gap: f64,
    /// Sum of gaps of mandatory needs.
    pub mandatory_gap: u64,
}

/// How far the people in a strategic goal's scope are from its requirements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GoalNeeds {
    /// Goal id.
    pub goal: String,
    /// Goal title.
    pub title: String,
    /// The goal's deadline.
    pub deadline: Date,
    /// People in scope.
    pub people_in_scope: usize,
    /// People with a gap to at least one requirement.
    pub people_affected: usize,
    /// Sum of gaps to the goal's requirements, in levels.
    pub total_gap: u64,
    /// Sum of those gaps × the goal's weight per level (strategy weight × priority × requirement weight).
    pub weighted_gap: f64,
}

pub(crate) fn unit_rollup(org: &Organisation, index: &Index, all: &[Vec<Need>]) -> Vec<UnitNeeds> {
    let mut out: Vec<UnitNeeds> = org
        .units
        .iter()
        .map(|u| UnitNeeds {
            unit: u.id.clone(),
            name: u.name.clone(),
            people: 0,
            people_with_needs: 0,
            total_gap: 0,
            weighted_gap: 0.0,
            mandatory_gap: 0,
        })
        .collect();
    for (person, needs) in all.iter().enumerate() {
        let unit = index.employee_unit.get(person).copied().unwrap_or(0);
        for &u in index.unit_chain.get(unit).map(Vec::as_slice).unwrap_or(&[]) {
            let r = &mut out[u];
            r.people += 1;
            if !needs.is_empty() {
                r.people_with_needs += 1;
            }
            for n in needs {
                r.total_gap += u64::from(n.gap());
                r.weighted_gap += n.weighted_gap;
                if n.mandatory {
                    r.mandatory_gap += u64::from(n.gap());
                }
            }
        }
    }
    out
}

pub(crate) fn goal_rollup(org: &Organisation, policy: &Policy, index: &Index) -> Vec<GoalNeeds> {
    org.goals
        .iter()
        .enumerate()
        .map(|(g, goal)| {
            let mut r = GoalNeeds {
                goal: goal.id.clone(),
                title: goal.title.clone(),
                deadline: goal.deadline,
                people_in_scope: 0,
                people_affected: 0,
                total_gap: 0,
                weighted_gap: 0.0,
            };
            for (person, emp) in org.employees.iter().enumerate() {
                let unit = index.employee_unit.get(person).copied().unwrap_or(0);
                if !in_scope(index, g, goal, unit, emp) {
                    continue;
                }
                r.people_in_scope += 1;
                let mut affected = false;
                for req in &goal.requirements {
                    let gap = req.level.saturating_sub(emp.level(&req.competence));
                    if gap > 0 {
                        affected = true;
                        r.total_gap += u64::from(gap);
                        r.weighted_gap +=
                            f64::from(gap) * policy.weights.strategy * goal.priority * req.weight;
                    }
                }
                if affected {
                    r.people_affected += 1;
                }
            }
            r
        })
        .collect()
}
