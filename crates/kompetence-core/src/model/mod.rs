//! The four documents — organisation, catalog, policy, evaluations — as serde types.
//!
//! Conventions: ids are strings; levels are small integers on the framework's scale; money is
//! always **whole Danish kroner** as `i64`; hours are `f64` and must be finite and non-negative;
//! dates are calendar dates (`YYYY-MM-DD`). Every document carries `schema_version` (1).

mod catalog;
mod date;
mod evaluation;
mod organisation;
mod policy;
mod unique_keys;

pub use catalog::*;
pub use date::Date;
pub use evaluation::*;
pub use organisation::*;
pub use policy::*;

/// A proficiency level on the framework's scale (0 = none).
pub type Level = u8;

/// The document format version this library reads and writes.
pub const SCHEMA_VERSION: u32 = 1;
