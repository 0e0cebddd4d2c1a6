//! Why a plan item is not the person's own recommendation.
//!
//! A person's recommendation ([`crate::Engine::recommend`]) is the best path for that person
//! alone; the organisation plan shares budgets, course seats and buddies between everyone, so
//! it may give someone a different path. Such an item carries a [`Deviation`]: the recommended
//! path with its effect and cost, and the reasons read from the planner's final state — which
//! capacity the recommended path would exceed given everyone else's items (a unit's budget,
//! the total budget, a session's seats, a buddy's mentees), whether that budget went to
//! mandatory needs first (what the first round funded for colleagues alone leaves no room), that
//! a team activity took its place, or that the recommended path contains a team activity (which
//! the plan holds per team, so that path is not one of its options). When no capacity binds, the
//! plan chose differently for the organisation as a whole (the solver frees money for others),
//! and the item says exactly that rather than inventing a cause.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::explain::{decimal, kr_da, kr_en};
use crate::recommend::Text;

/// One reason a plan item differs from the person's own recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeviationReason {
    /// The budget of a unit enclosing the person is used up by colleagues' items.
    UnitBudget {
        /// Unit id.
        unit: String,
        /// Unit name.
        name: String,
    },
    /// The total budget is used up by colleagues' items.
    TotalBudget,
    /// The seats of a session the recommended path books are taken.
    Seats {
        /// Activity id.
        activity: String,
        /// Activity title.
        title: String,
        /// Session id.
        session: String,
    },
    /// The recommended buddy has no capacity left for another learner.
    Buddy {
        /// The buddy's employee id.
        employee: String,
        /// The buddy's display name (a buddy is named, never graded, D11).
        name: String,
    },
    /// A budget the recommended path needs went to colleagues' mandatory needs first (policy
    /// `budget.mandatory_first`): what that first round funded alone leaves no room for it.
    MandatoryFirst,
    /// The person has a place in a team activity instead.
    TeamActivity {
        /// Activity id.
        activity: String,
        /// Activity title.
        title: String,
    },
    /// The recommended path includes a team activity: the plan holds team activities per team,
    /// when enough colleagues join, never as a step of one person's path, so the recommended
    /// path is not one of the plan's options.
    TeamActivityInPath {
        /// Activity id.
        activity: String,
        /// Activity title.
        title: String,
    },
    /// No capacity binds: the organisation-wide choice (a cheaper path for this person leaves
    /// money for colleagues, or the recommended path was not among the plan's options).
    OrganisationWide,
}

impl DeviationReason {
    /// The reason's snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            DeviationReason::UnitBudget { .. } => "unit_budget",
            DeviationReason::TotalBudget => "total_budget",
            DeviationReason::Seats { .. } => "seats",
            DeviationReason::Buddy { .. } => "buddy",
            DeviationReason::MandatoryFirst => "mandatory_first",
            DeviationReason::TeamActivity { .. } => "team_activity",
            DeviationReason::TeamActivityInPath { .. } => "team_activity_in_path",
            DeviationReason::OrganisationWide => "organisation_wide",
        }
    }

    fn clause(&self) -> (String, String) {
        match self {
            DeviationReason::UnitBudget { name, .. } => (
                format!("budgettet for {name} er brugt op"),
                format!("the unit budget for {name} is used up"),
            ),
            DeviationReason::TotalBudget => {
                ("det samlede budget er brugt op".to_owned(), "the total budget is used up".to_owned())
            }
            DeviationReason::Seats { title, session, .. } => (
                format!("pladserne på {title} ({session}) er taget"),
                format!("the seats on {title} ({session}) are taken"),
            ),
            DeviationReason::Buddy { name, .. } => (
                format!("sidemanden {name} har ikke flere pladser"),
                format!("the buddy {name} has no capacity left"),
            ),
            DeviationReason::MandatoryFirst => (
                "pengene gik først til kollegers obligatoriske behov, så flere af dem kunne dækkes"
                    .to_owned(),
                "more people's mandatory needs could be met with the money".to_owned(),
            ),
            DeviationReason::TeamActivity { title, .. } => (
                format!("du får en plads på holdforløbet {title} sammen med kolleger"),
                format!("you have a place in the team activity {title} with colleagues"),
            ),
            DeviationReason::TeamActivityInPath { title, .. } => (
                format!(
                    "holdforløbet {title} i din anbefaling planlægges for et helt team, når nok kolleger \
                     deltager, ikke som del af én persons forløb"
                ),
                format!(
                    "the team activity {title} in your recommendation is planned for a whole team when \
                     enough colleagues join, not as part of one person's path"
                ),
            ),
            DeviationReason::OrganisationWide => (
                "det er organisationens samlede valg".to_owned(),
                "it is the organisation-wide choice".to_owned(),
            ),
        }
    }
}

/// How a plan item differs from the person's own recommendation, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Deviation {
    /// Activity ids of the person's own recommended path, in order (empty: nothing now).
    pub recommended: Vec<String>,
    /// Expected effect of the recommended path.
    pub recommended_effect: f64,
    /// Net cost of the recommended path, whole kroner.
    pub recommended_cost: i64,
    /// Every reason found (at least one; `organisation_wide` alone when no capacity binds).
    pub reasons: Vec<DeviationReason>,
    /// The recommendation, the plan's path and the reasons in words.
    pub explanation: Text,
}

impl Deviation {
    /// A deviation with its explanation rendered from the titles of the recommended path and of
    /// the plan's path.
    pub(crate) fn new(
        recommended: Vec<String>,
        recommended_titles: &[String],
        recommended_effect: f64,
        recommended_cost: i64,
        planned_titles: &[String],
        mut reasons: Vec<DeviationReason>,
    ) -> Deviation {
        if reasons.is_empty() {
            reasons.push(DeviationReason::OrganisationWide);
        }
        let names = |titles: &[String], none: &str| {
            if titles.is_empty() { none.to_owned() } else { titles.join(" → ") }
        };
        let (rec_da, rec_en) =
            (names(recommended_titles, "ingenting nu"), names(recommended_titles, "nothing now"));
        let (plan_da, plan_en) =
            (names(planned_titles, "ingenting nu"), names(planned_titles, "nothing now"));
        let clauses: Vec<(String, String)> = reasons.iter().map(DeviationReason::clause).collect();
        let join = |sep: &str, pick: fn(&(String, String)) -> &String| {
            clauses.iter().map(pick).cloned().collect::<Vec<_>>().join(sep)
        };
        let da = format!(
            "Din egen anbefaling var {rec_da} (effekt {}, {}); planen giver {plan_da}, fordi {}.",
            decimal(recommended_effect, 2, ','),
            kr_da(recommended_cost),
            join(" og ", |c| &c.0)
        );
        let en = format!(
            "Your own recommendation was {rec_en} (effect {}, {}); the plan gives {plan_en} because {}.",
            decimal(recommended_effect, 2, '.'),
            kr_en(recommended_cost),
            join(" and ", |c| &c.1)
        );
        Deviation { recommended, recommended_effect, recommended_cost, reasons, explanation: Text { da, en } }
    }
}
