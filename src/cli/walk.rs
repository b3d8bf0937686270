//! Which files a run lints: explicit files always, folders walked with `ignore` (so
//! `.gitignore`, `.ignore` and `.onbrandignore` are honoured, and hidden folders such as `.git`
//! are skipped), keeping files of known formats. `node_modules` folders are never walked, as in
//! Vale: they hold other projects' READMEs and changelogs, not a team's copy.
//! Files a walk meets that no format reads are kept too, as `unread`: a run says how many that
//! may hold copy it skipped and why, never skipping silently (configuration, data and media are
//! not copy: `onbrand files` lists them, the summary does not count them).

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

/// What a walk found.
#[derive(Default)]
pub struct Walk {
    /// Files to lint, sorted.
    pub targets: Vec<Target>,
    /// Paths that could not be walked, and why.
    pub errors: Vec<(PathBuf, String)>,
    /// Files met in folders that no format reads, sorted.
    pub unread: Vec<PathBuf>,
}

impl Walk {
    /// `12 files skipped: no reader for .properties (3), .rst (9) — see `onbrand files``;
    /// `None` when every file met that may hold copy was read. Configuration, data and media
    /// ([`Format::not_copy`]) are not skipped copy, and not counted.
    pub fn unread_summary(&self) -> Option<String> {
        let may_hold_copy: Vec<&PathBuf> = self
            .unread
            .iter()
            .filter(|path| Format::not_copy(path).is_none())
            .collect();
        if may_hold_copy.is_empty() {
            return None;
        }
        let mut by_extension: std::collections::BTreeMap<String, usize> = Default::default();
        for path in &may_hold_copy {
            let extension = path
                .extension()
                .and_then(|e| e.to_str())
                .map_or_else(|| "(no extension)".to_owned(), |e| format!(".{e}"));
            *by_extension.entry(extension).or_default() += 1;
        }
        let mut counts: Vec<(String, usize)> = by_extension.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let listed: Vec<String> = counts
            .iter()
            .map(|(extension, count)| format!("{extension} ({count})"))
            .collect();
        let files = may_hold_copy.len();
        let noun = if files == 1 { "file" } else { "files" };
        Some(format!(
            "{files} {noun} skipped: no reader for {} — see `onbrand files`",
            listed.join(", ")
        ))
    }
}

/// Expand the paths given on the command line into a sorted list of files, and report paths
/// that do not exist.
pub fn collect(paths: &[PathBuf]) -> (Vec<Target>, Vec<(PathBuf, String)>) {
    let walk = walk_paths(paths);
    (walk.targets, walk.errors)
}

/// [`collect`], with the files no format reads.
pub fn walk_paths(paths: &[PathBuf]) -> Walk {
    let mut found = Walk::default();
    let (targets, errors, unread) = (&mut found.targets, &mut found.errors, &mut found.unread);
    for path in paths {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_file() => targets.push(Target {
                path: path.clone(),
                explicit: true,
            }),
            Ok(metadata) if metadata.is_dir() => walk(path, targets, errors, unread),
            // A FIFO would block the run, a device may never end: named, never opened.
            Ok(metadata) => errors.push((
                path.clone(),
                format!(
                    "{}, not a regular file",
                    onbrand::paths::not_regular(&metadata.file_type()).unwrap_or("not a file")
                ),
            )),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                errors.push((path.clone(), "no such file or folder".to_owned()));
            }
            // A symbolic link loop, a permission problem: the system's own words.
            Err(error) => errors.push((path.clone(), error.to_string())),
        }
    }
    targets.sort_by(|a, b| a.path.cmp(&b.path));
    targets.dedup_by(|a, b| a.path == b.path);
    unread.sort();
    unread.dedup();
    found
}

fn walk(
    root: &Path,
    targets: &mut Vec<Target>,
    errors: &mut Vec<(PathBuf, String)>,
    unread: &mut Vec<PathBuf>,
) {
    let walker = WalkBuilder::new(root)
        .add_custom_ignore_filename(IGNORE_FILE)
        .require_git(false)
        .filter_entry(|entry| {
            let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
            !(is_dir && entry.depth() > 0 && entry.file_name() == "node_modules")
        })
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
                if !is_file {
                    continue;
                }
                if Format::from_path(entry.path()).is_some() {
                    targets.push(Target {
                        path: entry.into_path(),
                        explicit: false,
                    });
                } else {
                    unread.push(entry.into_path());
                }
            }
            Err(error) => errors.push((
                error_path(&error).unwrap_or(root).to_owned(),
                error.to_string(),
            )),
        }
    }
}

/// The path a walk error is about, when it names one.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
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
