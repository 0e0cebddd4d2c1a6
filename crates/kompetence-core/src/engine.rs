//! The engine: validated, indexed documents, immutable and shareable across threads.

use rayon::prelude::*;

use crate::document;
use crate::error::{Error, Result};
use crate::evaluation::{self, EvaluationReport, FollowUp, TransferEstimate, TransferEstimates};
use crate::index::Index;
use crate::model::{
    Catalog, Employee, Evaluations, LearningActivity, Organisation, Policy, SCHEMA_VERSION, Unit,
};
use crate::needs::{self, GoalNeeds, Need, UnitNeeds};
use crate::paths::{self, ActivityTable};
use crate::recommend::Recommendation;
use crate::validate;

/// Validated documents with their lookup tables. Every query takes `&self`; an engine is
/// `Send + Sync` and may be shared by any number of threads.
#[derive(Debug, Clone)]
pub struct Engine {
    org: Organisation,
    catalog: Catalog,
    policy: Policy,
    evaluations: Evaluations,
    index: Index,
    transfer: TransferEstimates,
    /// Per-activity lookups for the recommender, built once.
    activity_table: ActivityTable,
    /// The policy's rules and assertions, compiled once.
    rules: std::sync::Arc<crate::rules::CompiledRules>,
    /// Names the recommender's explanations are rendered with (shared by every result).
    lexicon: std::sync::Arc<crate::explain::Lexicon>,
}

/// One person's needs, as returned by [`Engine::needs_all`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PersonNeeds {
    /// Employee id.
    pub employee: String,
    /// Unit id.
    pub unit: String,
    /// Ranked needs.
    pub needs: Vec<Need>,
}

impl Engine {
    /// Validates the documents and builds an engine; every problem is reported at once.
    pub fn new(org: Organisation, catalog: Catalog, policy: Policy) -> Result<Engine> {
        Engine::with_evaluations(org, catalog, policy, None)
    }

    /// Like [`Engine::new`], with evaluation records that update effect estimates.
    pub fn with_evaluations(
        org: Organisation,
        catalog: Catalog,
        policy: Policy,
        evaluations: Option<Evaluations>,
    ) -> Result<Engine> {
        let problems = validate::validate_all(&org, &catalog, &policy, evaluations.as_ref());
        if !problems.is_empty() {
            return Err(Error::validation(problems));
        }
        let index = Index::build(&org, &catalog);
        let evaluations =
            evaluations.unwrap_or(Evaluations { schema_version: SCHEMA_VERSION, records: Vec::new() });
        let transfer = TransferEstimates::new(&org, &catalog, &evaluations, &policy);
        let activity_table = ActivityTable::build(&org, &catalog, &policy, &index);
        let rules = std::sync::Arc::new(crate::rules::CompiledRules::build(&policy, &catalog));
        let lexicon = std::sync::Arc::new(crate::explain::Lexicon::new(&org, &policy));
        Ok(Engine { org, catalog, policy, evaluations, index, transfer, activity_table, rules, lexicon })
    }

    /// Parses and validates JSON documents and builds an engine.
    pub fn from_json(org: &str, catalog: &str, policy: &str, evaluations: Option<&str>) -> Result<Engine> {
        let org = document::parse_organisation(org)?;
        let catalog = document::parse_catalog(catalog)?;
        let policy = document::parse_policy(policy)?;
        let evaluations = evaluations.map(document::parse_evaluations).transpose()?;
        Engine::with_evaluations(org, catalog, policy, evaluations)
    }

    /// The organisation document.
    pub fn organisation(&self) -> &Organisation {
        &self.org
    }

    /// The catalog document.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The policy document.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The evaluations document (empty when none was given).
    pub fn evaluations(&self) -> &Evaluations {
        &self.evaluations
    }

    /// The name of a competence (its id when unknown).
    pub fn competence_name<'a>(&'a self, competence: &'a str) -> &'a str {
        self.index
            .competences
            .get(competence)
            .map(|&c| self.org.framework.competences[c].name.as_str())
            .unwrap_or(competence)
    }

    /// The catalog activity with this id.
    pub fn activity(&self, activity: &str) -> Result<&LearningActivity> {
        self.index
            .activities
            .get(activity)
            .map(|&a| &self.catalog.activities[a])
            .ok_or_else(|| Error::not_found("activity", activity, "activity"))
    }

    /// The department a unit belongs to (the unit itself when it is a department; the root
    /// when the unit lies above every department).
    pub fn department_of(&self, unit: &str) -> Result<&Unit> {
        let u = self.index.units.get(unit).copied().ok_or_else(|| Error::not_found("unit", unit, "unit"))?;
        Ok(&self.org.units[self.index.department[u]])
    }

    /// The employees directly in a unit (not its sub-units), in document order.
    pub fn members(&self, unit: &str) -> Result<Vec<&Employee>> {
        let u = self.index.units.get(unit).copied().ok_or_else(|| Error::not_found("unit", unit, "unit"))?;
        Ok(self.index.members[u].iter().map(|&e| &self.org.employees[e]).collect())
    }

    /// Position of an employee by id.
    pub(crate) fn person(&self, employee: &str) -> Result<usize> {
        self.index
            .employees
            .get(employee)
            .copied()
            .ok_or_else(|| Error::not_found("employee", employee, "employee"))
    }

    /// The employee with this id.
    pub fn employee(&self, employee: &str) -> Result<&Employee> {
        Ok(&self.org.employees[self.person(employee)?])
    }

    /// One person's needs, highest weighted gap first.
    pub fn needs(&self, employee: &str) -> Result<Vec<Need>> {
        let p = self.person(employee)?;
        Ok(needs::person_needs(&self.org, &self.policy, &self.index, p))
    }

    /// Every person's needs, in document order (computed in parallel, deterministic).
    pub fn needs_all(&self) -> Vec<PersonNeeds> {
        self.org
            .employees
            .par_iter()
            .enumerate()
            .map(|(p, e)| PersonNeeds {
                employee: e.id.clone(),
                unit: e.unit.clone(),
                needs: needs::person_needs(&self.org, &self.policy, &self.index, p),
            })
            .collect()
    }

    /// Needs summed per unit (each unit includes its sub-units), in document order.
    pub fn needs_by_unit(&self) -> Vec<UnitNeeds> {
        let all: Vec<Vec<Need>> = self.needs_all().into_iter().map(|p| p.needs).collect();
        needs::unit_rollup(&self.org, &self.index, &all)
    }

    /// Gaps per strategic goal, in document order.
    pub fn needs_by_goal(&self) -> Vec<GoalNeeds> {
        needs::goal_rollup(&self.org, &self.policy, &self.index)
    }

    /// Probability-of-transfer estimates for every catalog activity, learned from the
    /// evaluations (D9); index them by catalog position.
    pub fn transfer_estimates(&self) -> &TransferEstimates {
        &self.transfer
    }

    /// The transfer estimate of one activity, by id.
    pub fn transfer_estimate(&self, activity_id: &str) -> Result<TransferEstimate> {
        self.transfer
            .for_id(activity_id)
            .copied()
            .ok_or_else(|| Error::not_found("activity", activity_id, "activity"))
    }

    /// The evaluation report: effect per form, provider, competence and activity, flags and
    /// provider feedback (D9).
    pub fn evaluation_report(&self) -> EvaluationReport {
        EvaluationReport::with_estimates(
            &self.org,
            &self.catalog,
            &self.evaluations,
            &self.policy,
            &self.transfer,
        )
    }

    /// Behaviour follow-ups still to be made, by due date, with overdue ones marked (D9).
    pub fn follow_ups(&self) -> Vec<FollowUp> {
        evaluation::follow_ups(&self.org, &self.evaluations, &self.policy)
    }

    pub(crate) fn paths_env(&self) -> paths::Env<'_> {
        paths::Env {
            org: &self.org,
            catalog: &self.catalog,
            policy: &self.policy,
            index: &self.index,
            table: &self.activity_table,
            transfer: &self.transfer,
            rules: &self.rules,
            lexicon: &self.lexicon,
        }
    }

    /// The policy's rules and assertions, compiled when the engine was built.
    pub fn compiled_rules(&self) -> &crate::rules::CompiledRules {
        &self.rules
    }

    /// One person's recommendation: the non-dominated learning paths, the chosen one with
    /// explanations, runners-up and rejected alternatives (see [`crate::recommend`] and
    /// [`crate::paths`] for the exact semantics). The person's agreed development-plan
    /// activities are fixed steps the paths come on top of (`Recommendation::agreed`). Fails with `NotFound` for an unknown employee
    /// and `LimitExceeded` when the person's instance is past the documented search limits.
    pub fn recommend(&self, employee: &str) -> Result<Recommendation> {
        let p = self.person(employee)?;
        paths::recommend_person(self.paths_env(), p)
    }

    /// One person's recommendation with the given agreed activities as fixed steps, and what
    /// became of those (the hook of [`crate::review`]; see `paths::recommend_with_agreed`).
    pub(crate) fn recommend_with_agreed(
        &self,
        employee: &str,
        agreed: &[paths::AgreedStep],
    ) -> Result<(Recommendation, paths::AgreedFix)> {
        let p = self.person(employee)?;
        paths::recommend_with_agreed(self.paths_env(), p, agreed)
    }

    /// Every person's recommendation, in document order (computed in parallel, deterministic:
    /// the result does not depend on the number of threads). A person past the search limits
    /// gets a recommendation marked `refused` with only the empty path.
    pub fn recommend_all(&self) -> Vec<Recommendation> {
        let env = self.paths_env();
        (0..self.org.employees.len())
            .into_par_iter()
            .map_init(paths::Scratch::default, |scratch, p| paths::recommend_or_refuse(env, p, scratch))
            .collect()
    }

    /// The organisation-wide plan (D10, D14) under the policy's budgets: one learning path or
    /// team activity per person, maximising total effect under budgets, seats and buddy
    /// capacity, with an upper bound and the gap (see [`crate::plan::organisation`]).
    pub fn plan(&self) -> Result<crate::plan::OrganisationPlan> {
        self.plan_with(&crate::plan::PlanOptions::default())
    }

    /// [`Engine::plan`] with options (e.g. another total budget).
    pub fn plan_with(&self, options: &crate::plan::PlanOptions) -> Result<crate::plan::OrganisationPlan> {
        let recs = self.recommend_all();
        self.plan_from(&recs, options)
    }

    /// [`Engine::plan_with`] from recommendations already made (one per employee, in document
    /// order, as [`Engine::recommend_all`] returns them), e.g. computed with a progress bar.
    /// Fails with `InvalidArgument` when the list does not match the employees.
    pub fn plan_from(
        &self,
        recommendations: &[Recommendation],
        options: &crate::plan::PlanOptions,
    ) -> Result<crate::plan::OrganisationPlan> {
        crate::plan::organisation::plan(self.paths_env(), recommendations, options)
    }

    /// Exactly [`Engine::recommend_all`], calling `progress` once per person as soon as that
    /// person is done (from whichever worker thread did the work), so a long run can show a
    /// progress bar without a second pass over the organisation.
    pub fn recommend_all_with_progress(&self, progress: &(dyn Fn() + Sync)) -> Vec<Recommendation> {
        let env = self.paths_env();
        (0..self.org.employees.len())
            .into_par_iter()
            .map_init(paths::Scratch::default, |scratch, p| {
                let r = paths::recommend_or_refuse(env, p, scratch);
                progress();
                r
            })
            .collect()
    }

    /// The full learning path — steps with sessions, buddies, gains, funding and explanations —
    /// of a sequence of activities for one person, e.g. a [`crate::recommend::FrontierPoint`] an
    /// analyst picked (frontier points carry only ids and totals). Fails with `NotFound` for an
    /// unknown employee or activity, `InvalidArgument` when the sequence is not a feasible path
    /// (the message names the failing step and why; an activity already agreed in the person's
    /// development plan is not a new step), and `LimitExceeded` like [`Engine::recommend`]. The
    /// path comes on top of the agreed activities, as the recommendation's paths do.
    pub fn learning_path(
        &self,
        employee: &str,
        activities: &[&str],
    ) -> Result<crate::recommend::LearningPath> {
        let p = self.person(employee)?;
        paths::learning_path(self.paths_env(), p, activities)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Engine>();
    }
}
