//! Learning from evaluations (D9): "satisfaction sheets at the end of a course are rarely
//! enough; follow up on whether learning was applied in daily work, and give providers feedback."
//!
//! - [`TransferEstimates`]: the probability that an activity's learning transfers to practice,
//!   a Beta posterior per learning form × competence category × provider, starting from the
//!   catalog's prior and updated by the behaviour follow-ups of evaluation records. The
//!   recommender reads it in O(1) by activity position.
//! - [`EvaluationReport`]: figures per form, provider, competence and activity on all four
//!   Kirkpatrick levels, flags and provider feedback; JSON via serde, Markdown via
//!   [`EvaluationReport::to_markdown`].
//! - [`follow_ups`]: which behaviour follow-ups are due, and which are overdue.
//!
//! Every result is independent of the order of the records.

mod estimate;
mod follow_up;
mod markdown;
mod report;

pub use estimate::{TransferEstimate, TransferEstimates, TransferKey, beta_quantile, credible_interval};
pub use follow_up::{FollowUp, FollowUpSource, follow_up_due, follow_ups};
pub use markdown::{Lang, form_name};
pub use report::{
    ActivityStats, EvaluationReport, GroupStats, HIGH_REACTION, HIGH_TRANSFER, LOW_TRANSFER,
    ProviderFeedback, Stats, Text, Verdict, verdict,
};

#[cfg(test)]
mod tests;
