//! The shared corpus (`../shared/corpus` beside the clone) for the tests that compare fast
//! paths with the general algorithms on real text.

use std::path::{Path, PathBuf};

/// The files below `relative` in the shared corpus, sorted; `None` when the corpus is not there,
/// which fails under CI (`CI` set): `.ci/run` always has it, and a test must not pass by not
/// running.
pub(crate) fn files(relative: &str) -> Option<Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(relative);
    if !root.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing",
            root.display()
        );
        eprintln!("SKIPPED: {} is missing", root.display());
        return None;
    }
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    Some(files)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
