//! The native engine: an immutable, thread-safe handle on a validated `kompetence_core::Engine`.
//!
//! Every query runs with the GIL released (`py.detach`) and returns its result as JSON text
//! produced by serde *inside* the detached section, so the only work done under the GIL is one
//! `json.loads` in the Python layer. A new query (recommend, plan, ...) is one call to
//! [`Engine::query`] here and one `from_dict` in `python/kompetence/_results.py`.

use kompetence_core::document::DocumentKind;
use kompetence_core::review::AcuteChange;
use kompetence_core::{Engine as CoreEngine, Result as CoreResult};
use pyo3::prelude::*;
use serde::Serialize;

use crate::errors::to_pyerr;
use crate::json_text;
use crate::recommendations::Recommendations;

/// Validated documents with their lookup tables; safe to share across threads.
#[pyclass(frozen, module = "kompetence._native")]
pub struct Engine {
    inner: CoreEngine,
}

impl Engine {
    /// Runs `f` on the core engine without the GIL and returns its result as JSON text.
    fn query<T, F>(&self, py: Python<'_>, f: F) -> PyResult<String>
    where
        T: Serialize,
        F: FnOnce(&CoreEngine) -> CoreResult<T> + Send,
    {
        let inner = &self.inner;
        py.detach(|| f(inner).map(|v| json_text(&v))).map_err(|e| to_pyerr(py, &e))
    }
}

#[pymethods]
impl Engine {
    /// An engine over the embedded demo municipality "Eksempel Kommune".
    #[staticmethod]
    fn demo(py: Python<'_>) -> Engine {
        Engine { inner: py.detach(kompetence_formats::demo::engine) }
    }

    /// Parses and validates JSON documents (text) and builds an engine.
    #[staticmethod]
    #[pyo3(signature = (organisation, catalog, policy, evaluations = None))]
    fn from_json(
        py: Python<'_>,
        organisation: String,
        catalog: String,
        policy: String,
        evaluations: Option<String>,
    ) -> PyResult<Engine> {
        py.detach(|| CoreEngine::from_json(&organisation, &catalog, &policy, evaluations.as_deref()))
            .map(|inner| Engine { inner })
            .map_err(|e| to_pyerr(py, &e))
    }

    /// The organisation's name.
    #[getter]
    fn name(&self) -> String {
        self.inner.organisation().name.clone()
    }

    /// The date the documents describe ("today" for every computation), `YYYY-MM-DD`.
    #[getter]
    fn as_of(&self) -> String {
        self.inner.organisation().as_of.to_string()
    }

    /// Employee ids in document order.
    fn employees(&self) -> Vec<String> {
        self.inner.organisation().employees.iter().map(|e| e.id.clone()).collect()
    }

    /// One of the engine's documents (`organisation`, `catalog`, `policy`, `evaluations`) as JSON.
    fn document_json(&self, py: Python<'_>, kind: &str) -> PyResult<String> {
        let kind = crate::document_kind(py, kind)?;
        let e = &self.inner;
        Ok(py.detach(|| match kind {
            DocumentKind::Organisation => json_text(e.organisation()),
            DocumentKind::Catalog => json_text(e.catalog()),
            DocumentKind::Policy => json_text(e.policy()),
            DocumentKind::Evaluations => json_text(e.evaluations()),
        }))
    }

    /// One person's ranked needs as JSON (a list of needs).
    fn needs_json(&self, py: Python<'_>, employee: &str) -> PyResult<String> {
        self.query(py, |e| e.needs(employee))
    }

    /// Every person's needs as JSON: a list of `{employee, unit, needs}` in document order.
    fn needs_all_json(&self, py: Python<'_>) -> PyResult<String> {
        self.query(py, |e| Ok(e.needs_all()))
    }

    /// Needs summed per unit (each unit includes its sub-units) as JSON.
    fn needs_by_unit_json(&self, py: Python<'_>) -> PyResult<String> {
        self.query(py, |e| Ok(e.needs_by_unit()))
    }

    /// Gaps per strategic goal as JSON.
    fn needs_by_goal_json(&self, py: Python<'_>) -> PyResult<String> {
        self.query(py, |e| Ok(e.needs_by_goal()))
    }

    /// One person's recommendation as JSON (the shape of `kompetence recommend --format json`).
    fn recommend_json(&self, py: Python<'_>, employee: &str) -> PyResult<String> {
        self.query(py, |e| e.recommend(employee))
    }

    /// Every person's recommendation in document order (computed in parallel without the
    /// GIL), kept native: Python reads a person's JSON when it needs it.
    fn recommend_all(&self, py: Python<'_>) -> Recommendations {
        let inner = &self.inner;
        Recommendations::new(py.detach(|| inner.recommend_all()))
    }

    /// Every person's recommendation as a JSON list, in document order (computed in parallel).
    fn recommend_all_json(&self, py: Python<'_>) -> PyResult<String> {
        self.query(py, |e| Ok(e.recommend_all()))
    }

    /// What the Python tables add to recommendations: `{"units": [unit of each employee, in
    /// document order], "providers": {activity id: provider}}`.
    fn context_json(&self, py: Python<'_>) -> PyResult<String> {
        #[derive(Serialize)]
        struct Context {
            units: Vec<String>,
            providers: std::collections::BTreeMap<String, String>,
        }
        self.query(py, |e| {
            Ok(Context {
                units: e.organisation().employees.iter().map(|p| p.unit.clone()).collect(),
                providers: e
                    .catalog()
                    .activities
                    .iter()
                    .map(|a| (a.id.clone(), a.provider.clone()))
                    .collect(),
            })
        })
    }

    /// The evaluation report as JSON.
    fn evaluation_report_json(&self, py: Python<'_>) -> PyResult<String> {
        self.query(py, |e| Ok(e.evaluation_report()))
    }

    /// The organisation plan as JSON (value, bound, gap, items, units, goals, funding, open).
    /// `total_budget` (whole kroner) replaces the policy's total budget, e.g. to see what
    /// another budget would buy.
    /// A budget that does not even fit in 64 bits gets the same typed error as any other
    /// out-of-range budget, naming the field and the value.
    #[pyo3(signature = (total_budget=None))]
    fn plan_json(&self, py: Python<'_>, total_budget: Option<Bound<'_, PyAny>>) -> PyResult<String> {
        let total_budget = match total_budget {
            None => None,
            Some(b) => Some(b.extract::<i64>().map_err(|_| {
                let value = b.str().map(|s| s.to_string()).unwrap_or_default();
                let problem = kompetence_core::Problem::new(
                    "total_budget",
                    value,
                    "budget must be a whole number of kroner between 0 and 1e15",
                );
                to_pyerr(
                    py,
                    &kompetence_core::Error::new(kompetence_core::ErrorKind::InvalidArgument, problem),
                )
            })?),
        };
        let options = kompetence_core::plan::PlanOptions { total_budget, ..Default::default() };
        self.query(py, |e| e.plan_with(&options))
    }

    /// One person's annual review (MUS) pack: its JSON (both languages, the shape of
    /// `kompetence review --format json`) and its Markdown in `lang` (`"da"` or `"en"`), made
    /// in one pass without the GIL.
    fn review_json(&self, py: Python<'_>, employee: &str, lang: &str) -> PyResult<(String, String)> {
        let lang = crate::lang_arg(py, lang)?;
        let inner = &self.inner;
        py.detach(|| inner.review(employee, None).map(|pack| (json_text(&pack), pack.to_markdown(lang))))
            .map_err(|e| to_pyerr(py, &e))
    }

    /// Re-plans one person after an acute change (D12): `need_json` an acute need object
    /// (`competence`, `level`, `deadline`, optional `reason`), `evaluations_json` an evaluations
    /// document with new records; at least one of them. Returns the re-plan's JSON (both
    /// languages, the shape of `kompetence replan --format json`) and its Markdown in `lang`,
    /// made in one pass without the GIL.
    #[pyo3(signature = (employee, need_json, evaluations_json, lang))]
    fn replan_json(
        &self,
        py: Python<'_>,
        employee: &str,
        need_json: Option<&str>,
        evaluations_json: Option<&str>,
        lang: &str,
    ) -> PyResult<(String, String)> {
        let lang = crate::lang_arg(py, lang)?;
        let change = AcuteChange::from_json(need_json, evaluations_json).map_err(|e| to_pyerr(py, &e))?;
        let inner = &self.inner;
        py.detach(|| inner.replan(employee, change).map(|r| (json_text(&r), r.to_markdown(lang))))
            .map_err(|e| to_pyerr(py, &e))
    }

    /// Behaviour follow-ups still to be made, by due date, as JSON.
    fn follow_ups_json(&self, py: Python<'_>) -> PyResult<String> {
        self.query(py, |e| Ok(e.follow_ups()))
    }

    fn __repr__(&self) -> String {
        format!(
            "Engine(name={:?}, as_of={}, employees={})",
            self.inner.organisation().name,
            self.inner.organisation().as_of,
            self.inner.organisation().employees.len()
        )
    }
}
