//! `--fix` converges: fixing a fixed text changes nothing. Run on the worked example
//! (`examples/`, with its own configuration), the channels corpus and every fifth file of the
//! bench corpus (sorted, so the spread covers every repository and format) with the starter
//! guideline, through the same front door as `onbrand check --fix` (`Linter::fix`).

mod common;

use std::path::{Path, PathBuf};

use onbrand::config::ConfigCache;
use onbrand::document::Format;
use onbrand::fix;
use onbrand::lint::{Linter, RunOverrides};

/// The files under `root` that `onbrand check` reads by their name, sorted.
fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if Format::from_path(&path).is_some() {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every file whose second fix would still change something, with what it would change, and
/// how many fixes the first pass applied in all (so that a run that fixes nothing is noticed).
fn not_converging(root: &Path, paths: &[PathBuf]) -> (Vec<String>, usize) {
    let linter = Linter::new(
        ConfigCache::new(root.to_path_buf()),
        RunOverrides::default(),
    );
    let mut failures = Vec::new();
    let mut applied = 0;
    for path in paths {
        let Ok((linted, _)) = linter.lint_file(path, None) else {
            continue;
        };
        let first = linter.fix(&linted).expect("first fix lints again");
        applied += first.applied;
        let second = linter.fix(&first.relinted).expect("second fix lints again");
        if second.text != first.text {
            let left: Vec<String> =
                fix::applicable(&first.relinted.document.text, &first.relinted.findings)
                    .into_iter()
                    .map(|i| {
                        let finding = &first.relinted.findings[i];
                        format!(
                            "{} {:?} => {:?}",
                            finding.rule_id(),
                            &first.relinted.document.text[finding.span.clone()],
                            finding.fixes
                        )
                    })
                    .collect();
            failures.push(format!("{}: {}", path.display(), left.join("; ")));
        }
    }
    (failures, applied)
}

#[test]
fn fixing_twice_changes_nothing_on_the_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let paths = files(&root);
    assert!(paths.len() >= 4, "the examples hold documents");
    let (failures, applied) = not_converging(&root, &paths);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(applied > 0, "the examples have findings with fixes");
}

#[test]
fn fixing_twice_changes_nothing_on_the_channels_and_bench_corpus() {
    let Some(corpus) = common::shared("corpus") else {
        return;
    };
    let mut paths = files(&corpus.join("channels"));
    let channels = paths.len();
    paths.extend(files(&corpus.join("bench")).into_iter().step_by(5));
    assert!(
        channels >= 10 && paths.len() >= 500,
        "the corpus holds the channels and bench documents"
    );
    let (failures, applied) = not_converging(&corpus, &paths);
    assert!(applied > 0, "the corpus has findings with fixes");
    assert!(
        failures.is_empty(),
        "{} of {} files change on a second fix:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}
