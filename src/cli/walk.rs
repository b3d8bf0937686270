//! Which files a run lints: explicit files always, folders walked with `ignore` (so
//! `.gitignore`, `.ignore` and `.onbrandignore` are honoured), keeping files of known formats.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use onbrand::document::Format;

/// The name of onbrand's own ignore file, in `.gitignore` syntax.
pub const IGNORE_FILE: &str = ".onbrandignore";

/// A file to lint, and whether the user named it (named files are linted even when a folder
/// walk would have skipped them).
pub struct Target {
    pub path: PathBuf,
    pub explicit: bool,
}

/// Expand the paths given on the command line into a sorted list of files, and report paths
/// that do not exist.
pub fn collect(paths: &[PathBuf]) -> (Vec<Target>, Vec<(PathBuf, String)>) {
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_file() {
            targets.push(Target {
                path: path.clone(),
                explicit: true,
            });
        } else if path.is_dir() {
            walk(path, &mut targets, &mut errors);
        } else {
            errors.push((path.clone(), "no such file or folder".to_owned()));
        }
    }
    targets.sort_by(|a, b| a.path.cmp(&b.path));
    targets.dedup_by(|a, b| a.path == b.path);
    (targets, errors)
}

fn walk(root: &Path, targets: &mut Vec<Target>, errors: &mut Vec<(PathBuf, String)>) {
    let walker = WalkBuilder::new(root)
        .add_custom_ignore_filename(IGNORE_FILE)
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
                if is_file && Format::from_path(entry.path()).is_some() {
                    targets.push(Target {
                        path: entry.into_path(),
                        explicit: false,
                    });
                }
            }
            Err(error) => errors.push((root.to_owned(), error.to_string())),
        }
    }
}

/// Whether an ignore file that a folder walk honours (`.onbrandignore`, `.ignore`,
/// `.gitignore`) in the file's folder or any folder above it ignores the file: for
/// `--force-exclude`, which judges named files as a walk would.
pub fn ignored_by_ignore_files(path: &Path) -> bool {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut folder = absolute.parent();
    while let Some(dir) = folder {
        for name in [IGNORE_FILE, ".ignore", ".gitignore"] {
            let file = dir.join(name);
            if !file.is_file() {
                continue;
            }
            let mut builder = ignore::gitignore::GitignoreBuilder::new(dir);
            if builder.add(&file).is_some() {
                continue; // an unreadable ignore file ignores nothing, as in a walk
            }
            let Ok(matcher) = builder.build() else {
                continue;
            };
            let matched = matcher.matched_path_or_any_parents(&absolute, false);
            if matched.is_ignore() {
                return true;
            }
            if matched.is_whitelist() {
                return false;
            }
        }
        folder = dir.parent();
    }
    false
}
