//! # kompetence-core
//!
//! The pure core of `kompetence`: the domain model of competence development in a public-sector
//! organisation, validation, needs analysis, learning-path recommendation and organisation-wide
//! planning. It performs no I/O and reads no clock: every result is a function of the documents.
//!
//! Most users want the façade crate `kompetence`, which re-exports this one.

#![deny(missing_docs)]

pub mod document;
mod engine;
pub mod error;
pub mod evaluation;
pub mod explain;
mod index;
pub mod model;
pub mod needs;
pub mod paths;
pub mod plan;
#[cfg(feature = "proptest")]
mod policy_check;
pub mod recommend;
pub mod review;
pub mod rules;
pub mod schema;
#[cfg(feature = "proptest")]
pub mod testing;
pub mod validate;

pub use engine::{Engine, PersonNeeds};
pub use error::{Error, ErrorKind, Problem, Result};
/// The language of rendered Markdown (reviews, re-plans, evaluation reports), at the root next
/// to [`Engine`] because every surface that renders takes one; also at `evaluation::Lang` and
/// `review::Lang`.
pub use evaluation::Lang;
