//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// `tests/data` in this repository.
#[allow(dead_code)]
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("data")
}

/// The shared real-world data (`../shared/data` beside the clone), when present.
#[allow(dead_code)]
pub fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("KOMPETENCE_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("shared").join("data"));
    dir.is_dir().then_some(dir)
}
