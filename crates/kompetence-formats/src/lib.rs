//! # kompetence-formats
//!
//! Importers and exporters around the core: Moodle competency-framework CSV, ESCO skills CSV,
//! and the embedded demo municipality "Eksempel Kommune" with its seeded generator.
//!
//! * [`demo`]: the demo municipality, valid by construction — `demo::engine()` is ready to query.
//! * [`generate`]: the same municipality at any size, for tests and benchmarks; the same seed
//!   always gives byte-identical documents.
//! * [`rng`]: the small portable pseudo-random generator behind it.
//! * [`moodle`], [`esco`]: competence frameworks from Moodle competency-framework CSV and ESCO
//!   skills CSV, with an [`ImportReport`] that never drops data silently.

#![deny(missing_docs)]

pub mod demo;
pub mod esco;
pub mod evaluations;
pub mod generate;
pub mod import;
#[cfg(test)]
mod invariants;
pub mod moodle;
pub mod rng;
mod tables;

pub use import::{Import, ImportReport};
