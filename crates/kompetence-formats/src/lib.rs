//! # kompetence-formats
//!
//! Importers and exporters around the core: Moodle competency-framework CSV, ESCO skills CSV,
//! and the embedded demo municipality "Eksempel Kommune" with its seeded generator.

#![deny(missing_docs)]

pub mod demo;
pub mod evaluations;
