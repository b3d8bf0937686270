//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// A folder of `../shared/` (the real corpus and the Vale style packages, beside the clone).
///
/// A test that needs it must not pass by not running: under CI (`CI` set, as `.ci/run` is run)
/// a missing folder fails the test; elsewhere the test says loudly that it was skipped.
#[allow(dead_code)] // each test binary uses the helpers it needs
pub fn shared(folder: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(folder);
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing: CI must run this test with ../shared beside the clone",
        path.display()
    );
    eprintln!(
        "SKIPPED: {} is missing (CI fails here; put ../shared beside the clone to run it)",
        path.display()
    );
    None
}
