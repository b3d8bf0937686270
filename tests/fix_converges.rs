//! `--fix` converges: fixing a fixed text changes nothing. Run on the worked example
//! (`examples/`, with its own configuration), the channels corpus and every fifth file of the
//! bench corpus (sorted, so the spread covers every repository and format) with the starter
//! guideline, through the same front door as `onbrand check --fix` (`Linter::fix`), for safe
//! fixes and with `--unsafe-fixes`; and through the command line on a guideline whose fixes
//! have several edits and collide, on text with umlauts, Chinese and emoji.

mod common;

use std::path::{Path, PathBuf};

use onbrand::config::ConfigCache;
use onbrand::document::Format;
use onbrand::finding::Applicability;
use onbrand::fix;
use onbrand::lint::{Linter, RunOverrides};

use common::{Repo, stderr};

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
fn not_converging(root: &Path, paths: &[PathBuf], allowed: Applicability) -> (Vec<String>, usize) {
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
        let first = linter.fix(&linted, allowed).expect("first fix lints again");
        applied += first.applied;
        let second = linter
            .fix(&first.relinted, allowed)
            .expect("second fix lints again");
        if second.text != first.text {
            let relinted = &first.relinted;
            let left: Vec<String> =
                fix::applicable(&relinted.document.text, &relinted.findings, allowed)
                    .into_iter()
                    .map(|i| {
                        let finding = &first.relinted.findings[i];
                        format!(
                            "{} {:?} => {:?}",
                            finding.rule_id(),
                            &first.relinted.document.text[finding.span.clone()],
                            finding.fixes.first().map(|fix| &fix.edits)
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
    for allowed in [Applicability::Safe, Applicability::Unsafe] {
        let (failures, applied) = not_converging(&root, &paths, allowed);
        assert!(failures.is_empty(), "{allowed:?}: {}", failures.join("\n"));
        assert!(
            applied > 0,
            "the examples have findings with {allowed:?} fixes"
        );
    }
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
    for allowed in [Applicability::Safe, Applicability::Unsafe] {
        let (failures, applied) = not_converging(&corpus, &paths, allowed);
        assert!(
            applied > 0,
            "the corpus has findings with {allowed:?} fixes"
        );
        assert!(
            failures.is_empty(),
            "{allowed:?}: {} of {} files change on a second fix:\n{}",
            failures.len(),
            paths.len(),
            failures.join("\n")
        );
    }
}

/// Terms whose fixes collide: "E-Mail-Adresse" holds "E-Mail", and the consistency rule's
/// fix-all (unsafe, several edits) touches what the terminology fixes touch.
const COLLIDING: &str = r#"
[[rule]]
id = "address"
kind = "terminology"
terms = [{ use = "Mailadresse", not = ["E-Mail-Adresse"] }, { use = "电子邮件", not = ["电邮"] }]

[[rule]]
id = "mail"
kind = "terminology"
terms = [{ use = "Mail", not = ["E-Mail"] }]

[[rule]]
id = "spelling-variant"
kind = "consistency"
ignore-case = true
variants = [["grüße"], ["gruesse"]]

[[rule]]
id = "doubled"
kind = "repetition"
"#;

/// `check --fix` twice on umlauts, Chinese and emoji: the second run changes nothing, the
/// longer of two overlapping terms wins whatever the rule order, unsafe fixes are left and
/// counted; `--unsafe-fixes` then applies them (a fix of several edits, whole) and converges.
#[test]
fn check_fix_twice_changes_nothing_and_leaves_unsafe_fixes_for_unsafe_fixes() {
    let repo = Repo::new();
    repo.write("guideline.toml", COLLIDING);
    let draft =
        "Grüße 👋 an die die E-Mail-Adresse und 电邮. grüße, gruesse und Gruesse 😀 E-Mail\n";
    repo.write("post.txt", draft);

    let diff = repo.onbrand(&["check", "post.txt", "--diff"]);
    assert_eq!(repo.read("post.txt"), draft, "--diff writes nothing");
    assert!(
        stderr(&diff).contains(
            "3 fixes would be applied; nothing was written (--diff). \
             2 unsafe fixes not applied (--unsafe-fixes applies them)."
        ),
        "{}",
        stderr(&diff)
    );
    let first = repo.onbrand(&["check", "post.txt", "--fix"]);
    let safe = "Grüße 👋 an die die Mailadresse und 电子邮件. grüße, gruesse und Gruesse 😀 Mail\n";
    assert_eq!(repo.read("post.txt"), safe);
    assert!(
        stderr(&first).contains(
            "Fixed 3 findings. 2 unsafe fixes not applied (--unsafe-fixes applies them)."
        ),
        "{}",
        stderr(&first)
    );
    let second = repo.onbrand(&["check", "post.txt", "--fix"]);
    assert_eq!(
        repo.read("post.txt"),
        safe,
        "a second --fix changes nothing"
    );
    assert!(!stderr(&second).contains("Fixed"), "{}", stderr(&second));

    repo.onbrand(&["check", "post.txt", "--fix", "--unsafe-fixes"]);
    let all = "Grüße 👋 an die Mailadresse und 电子邮件. grüße, grüße und Grüße 😀 Mail\n";
    assert_eq!(repo.read("post.txt"), all);
    let again = repo.onbrand(&["check", "post.txt", "--fix", "--unsafe-fixes"]);
    assert_eq!(
        repo.read("post.txt"),
        all,
        "a second --unsafe-fixes changes nothing"
    );
    assert!(!stderr(&again).contains("unsafe fix"), "{}", stderr(&again));

    let alone = repo.onbrand(&["check", "post.txt", "--unsafe-fixes"]);
    assert_eq!(alone.status.code(), Some(2));
    assert!(stderr(&alone).contains("--unsafe-fixes says which fixes --fix or --diff apply"));
}
