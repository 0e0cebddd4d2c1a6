//! # kompetence
//!
//! Plans competence development for public-sector organisations, after the Danish municipal
//! guide *Når læring lykkes*: it models employees, competence profiles, strategic goals and
//! learning forms, finds each person's needs, recommends the most effective and economical
//! learning path, and plans the organisation's budget.
//!
//! This crate re-exports [`kompetence_core`] (the engine) and [`kompetence_formats`]
//! (importers and the embedded demo municipality), so an application depends on one crate.

#![deny(missing_docs)]

pub use kompetence_core::*;
pub use kompetence_formats as formats;
