//! Integration tests: one binary, one module per concern. Fixtures shared with the C, Python
//! and CLI tests live in `tests/data`.

mod common;
mod evaluation;
mod mandatory_first;
mod organisation_plan;
mod plan;
mod plan_deviation;
mod policy;
mod recommend;
mod review;
mod validation;
