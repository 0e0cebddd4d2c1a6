//! Everyone's recommendations, kept native.
//!
//! `recommend_all` for a large organisation produces tens of kilobytes per person (paths,
//! runners-up, rejections, explanations in two languages). Serialising all of it to JSON and
//! parsing it back under the GIL cost four times the recommending itself, so the batch result
//! stays in Rust: Python reads one person's JSON when it touches that person, and the
//! DataFrames are built from columns assembled here in one pass.

use kompetence_core::recommend::Recommendation;
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::json_text;

/// Every person's recommendation in document order, immutable and shareable across threads.
#[pyclass(frozen, module = "kompetence._native")]
pub struct Recommendations {
    items: Vec<Recommendation>,
}

impl Recommendations {
    pub(crate) fn new(items: Vec<Recommendation>) -> Self {
        Recommendations { items }
    }
}

/// The serde name of a learning form (`"buddy_training"`), as in the JSON results.
fn form_name(form: kompetence_core::model::LearningForm) -> String {
    match serde_json::to_value(form) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{form:?}"),
    }
}

#[pymethods]
impl Recommendations {
    fn __len__(&self) -> usize {
        self.items.len()
    }

    /// One person's recommendation as JSON, by position in document order.
    fn json(&self, index: usize) -> PyResult<String> {
        let rec = self.items.get(index).ok_or_else(|| {
            PyIndexError::new_err(format!("index {index} out of range 0..{}", self.items.len()))
        })?;
        Ok(json_text(rec))
    }

    /// Every recommendation as one JSON list (serialised without the GIL).
    fn all_json(&self, py: Python<'_>) -> String {
        let items = &self.items;
        py.detach(|| json_text(items))
    }

    /// The employee ids in document order.
    fn employees(&self) -> Vec<String> {
        self.items.iter().map(|r| r.employee.clone()).collect()
    }

    /// Sum of the chosen paths' net costs, whole kroner.
    fn total_net_cost(&self) -> i64 {
        self.items.iter().map(|r| r.chosen.net_cost).sum()
    }

    /// How many people have a non-empty chosen path.
    fn with_path(&self) -> usize {
        self.items.iter().filter(|r| !r.chosen.steps.is_empty()).count()
    }

    /// Columns of one row per person × chosen step: `person` (position), `step` (from 1),
    /// activity, form, start, end (ISO dates), hours_away, net_cost, effect, buddy (id or ""),
    /// explanation_en, explanation_da.
    fn step_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows = self.items.iter().map(|r| r.chosen.steps.len()).sum();
        let mut person = Vec::with_capacity(rows);
        let mut step = Vec::with_capacity(rows);
        let mut activity = Vec::with_capacity(rows);
        let mut form = Vec::with_capacity(rows);
        let mut start = Vec::with_capacity(rows);
        let mut end = Vec::with_capacity(rows);
        let mut hours_away = Vec::with_capacity(rows);
        let mut net_cost = Vec::with_capacity(rows);
        let mut effect = Vec::with_capacity(rows);
        let mut buddy = Vec::with_capacity(rows);
        let mut explanation_en = Vec::with_capacity(rows);
        let mut explanation_da = Vec::with_capacity(rows);
        for (i, r) in self.items.iter().enumerate() {
            for (k, s) in r.chosen.steps.iter().enumerate() {
                person.push(i);
                step.push(k + 1);
                activity.push(s.activity.as_str());
                form.push(form_name(s.form));
                start.push(s.start.to_string());
                end.push(s.end.to_string());
                hours_away.push(s.hours_away);
                net_cost.push(s.net_cost);
                effect.push(s.effect);
                buddy.push(s.buddy.as_ref().map_or("", |b| b.employee.as_str()));
                // Rendered here, from the reasons the recommendation keeps.
                let text = s.explanation_text().unwrap_or_default();
                explanation_en.push(text.en);
                explanation_da.push(text.da);
            }
        }
        let d = PyDict::new(py);
        d.set_item("person", person)?;
        d.set_item("step", step)?;
        d.set_item("activity", activity)?;
        d.set_item("form", form)?;
        d.set_item("start", start)?;
        d.set_item("end", end)?;
        d.set_item("hours_away", hours_away)?;
        d.set_item("net_cost", net_cost)?;
        d.set_item("effect", effect)?;
        d.set_item("buddy", buddy)?;
        d.set_item("explanation_en", explanation_en)?;
        d.set_item("explanation_da", explanation_da)?;
        Ok(d)
    }

    /// Columns of one row per person × frontier point (cheapest first): `person` (position),
    /// `path` (position in the frontier), activities (ids joined by " → "), steps, effect,
    /// net_cost, score, chosen.
    fn frontier_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows = self.items.iter().map(|r| r.frontier.len()).sum();
        let mut person = Vec::with_capacity(rows);
        let mut path = Vec::with_capacity(rows);
        let mut activities = Vec::with_capacity(rows);
        let mut steps = Vec::with_capacity(rows);
        let mut effect = Vec::with_capacity(rows);
        let mut net_cost = Vec::with_capacity(rows);
        let mut score = Vec::with_capacity(rows);
        let mut chosen = Vec::with_capacity(rows);
        for (i, r) in self.items.iter().enumerate() {
            let chosen_ids: Vec<&str> = r.chosen.steps.iter().map(|s| s.activity.as_str()).collect();
            for (k, p) in r.frontier.iter().enumerate() {
                let ids = p.activity_ids();
                person.push(i);
                path.push(k);
                activities.push(ids.join(" → "));
                steps.push(ids.len());
                effect.push(p.effect);
                net_cost.push(p.net_cost);
                score.push(p.score);
                chosen.push(ids == chosen_ids);
            }
        }
        let d = PyDict::new(py);
        d.set_item("person", person)?;
        d.set_item("path", path)?;
        d.set_item("activities", activities)?;
        d.set_item("steps", steps)?;
        d.set_item("effect", effect)?;
        d.set_item("net_cost", net_cost)?;
        d.set_item("score", score)?;
        d.set_item("chosen", chosen)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!("Recommendations(people={})", self.items.len())
    }
}
