//! The evaluations document: what happened after people took part in activities (D9).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, Level};

/// Evaluation records, the evidence that updates effect estimates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Evaluations {
    /// Document format version; this library reads version 1.
    pub schema_version: u32,
    /// The records.
    #[serde(default)]
    pub records: Vec<EvaluationRecord>,
}

/// Was the learning applied in daily work (Kirkpatrick level 3)?
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Applied {
    /// Applied.
    Yes,
    /// Partly applied (counts as half a success).
    Partly,
    /// Not applied.
    No,
}

/// The behaviour follow-up: applied in practice, and how long after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    /// Applied in practice?
    pub applied: Applied,
    /// Weeks after completion that the follow-up took place.
    pub weeks_after: u32,
}

/// One person's evaluation of one completed activity (the four Kirkpatrick levels).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationRecord {
    /// Employee id.
    pub employee: String,
    /// Catalog activity id.
    pub activity: String,
    /// When the activity was completed.
    pub completed_on: Date,
    /// Reaction (satisfaction), 1–5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<u8>,
    /// The competence assessed for learning, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competence: Option<String>,
    /// Assessed level before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_before: Option<Level>,
    /// Assessed level after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_after: Option<Level>,
    /// Behaviour follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behaviour: Option<Behaviour>,
    /// Change in a results KPI, if measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpi_change: Option<f64>,
    /// Actual cost, whole kroner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_cost: Option<i64>,
}
