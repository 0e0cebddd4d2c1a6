//! # libkompetence — the C ABI of `kompetence`
//!
//! HR platforms written in C, C++, C#, Java or Go link `libkompetence.so` / `libkompetence.a`
//! and include `include/kompetence.h`, which is generated from this crate by a pinned cbindgen.
//! The Rust crate is only the implementation; Rust applications use the `kompetence` crate.
//!
//! ## Conventions (the same everywhere, so a host binding can be written mechanically)
//!
//! - Names are `kompetence_<type>_<verb>`, the object first; types are opaque.
//! - Every fallible function returns a [`kompetence_result`] (0 = OK; stable numbers, never
//!   renumbered) and takes a last `kompetence_error **err` that may be NULL. On failure a new
//!   error is written there (free it with [`kompetence_error_free`]); on success it is untouched.
//! - Outputs are written only on success; a failed call leaves every out-parameter as it was.
//! - Documents come in as UTF-8 bytes plus a length; results go out as NUL-terminated JSON text
//!   owned by the caller and freed with [`kompetence_string_free`]. The JSON is exactly the
//!   serialisation of what the Rust method returns, so every surface shows the same shape.
//! - Every entry point runs inside a panic boundary: a bug in the library returns
//!   `KOMPETENCE_RESULT_PANIC` instead of unwinding into foreign frames.
//! - Every `_free` function accepts NULL and then does nothing.
//! - A [`kompetence_engine`] is immutable: any number of threads may query one engine at once.
//!
//! ## Adding an engine query
//!
//! A query that returns a serialisable value is one `extern "C"` function around
//! `ffi::engine_json` (whole-organisation queries) or `ffi::person_json` (one employee by id);
//! see `kompetence_engine_needs` and `kompetence_engine_needs_by_unit`.

#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
// The exported names follow C conventions (`kompetence_engine`), not Rust ones.
#![allow(non_camel_case_types)]

// The panic boundary needs unwinding: with `panic = "abort"` a defect would kill the host process
// instead of returning KOMPETENCE_RESULT_PANIC.
#[cfg(panic = "abort")]
compile_error!("libkompetence must be built with panic = \"unwind\" (its panic boundary relies on it)");

// The header lists items in the order cbindgen meets these modules: the engine first, then
// errors, documents, result codes and the version (groups keep rustfmt from sorting them).
mod engine;

mod error;

mod documents;

mod ffi;
mod result;
mod version;

pub use documents::{
    kompetence_policy_check, kompetence_schema, kompetence_string_free, kompetence_validate,
};
pub use engine::{
    kompetence_engine, kompetence_engine_employee_ids, kompetence_engine_free, kompetence_engine_needs,
    kompetence_engine_needs_by_goal, kompetence_engine_needs_by_unit, kompetence_engine_new,
    kompetence_engine_new_demo,
};
pub use engine::{
    kompetence_engine_evaluation_report, kompetence_engine_follow_ups, kompetence_engine_recommend,
    kompetence_engine_recommend_all, kompetence_engine_recommend_batch,
};
pub use engine::{
    kompetence_engine_plan, kompetence_engine_replan, kompetence_engine_replan_markdown,
    kompetence_engine_review, kompetence_engine_review_markdown,
    kompetence_engine_review_markdown_with_questions, kompetence_engine_review_with_questions,
};
pub use error::{
    kompetence_error, kompetence_error_code, kompetence_error_free, kompetence_error_message,
    kompetence_error_path, kompetence_error_problems_json,
};
pub use result::*;
pub use version::kompetence_version;

#[cfg(test)]
mod tests;
