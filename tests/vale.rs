//! Vale compatibility: import the real Vale style packages in `../shared/vale-styles` with
//! `onbrand::vale::import`, lint each package's own fixtures, and compare with the
//! `file:line:col:Style.Rule:message` lines its `features/*.feature` expect. The packages' text is
//! read at test time, never copied into this repository. Without `../shared` the test is skipped.
//!
//! The rates are a regression guard at what onbrand reproduces today (see docs/vale.md for
//! every miss by category), not a claim of full compatibility.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use onbrand::config::ConfigCache;
use onbrand::lint::{Linter, RunOverrides};

const PACKAGES: &[&str] = &[
    "errata-ai__Google",
    "errata-ai__IBM",
    "errata-ai__Joblint",
    "errata-ai__Microsoft",
    "errata-ai__alex",
    "errata-ai__proselint",
    "errata-ai__write-good",
];

/// Fixture files onbrand lints (Vale's fixtures also hold reStructuredText, which it does not).
const FORMATS: &[&str] = &["md", "txt", "html"];

/// Measured floor: share of expected lines reproduced, over all packages.
const MIN_REPRODUCED: f64 = 0.92;
/// Measured ceiling: extra lines as a share of expected lines.
const MAX_EXTRA: f64 = 0.10;

fn styles_root() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vale-styles");
    root.is_dir().then_some(root)
}

/// `When I test "Case"` → the lines of the following `"""` block.
fn expectations(package: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(package.join("features")) else {
        return out;
    };
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let mut case: Option<String> = None;
        let mut in_block = false;
        for line in text.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("When I test \"") {
                case = rest.split('"').next().map(str::to_owned);
                out.entry(case.clone().unwrap_or_default()).or_default();
            } else if line == "\"\"\"" {
                in_block = !in_block;
            } else if in_block
                && !line.is_empty()
                && let Some(case) = &case
            {
                out.entry(case.clone()).or_default().push(line.to_owned());
            }
        }
    }
    out
}

#[derive(Default)]
struct Tally {
    expected: usize,
    reproduced: usize,
    missing: Vec<String>,
    extra: Vec<String>,
}

fn run_case(fixture: &Path, expected: &[String], tally: &mut Tally) {
    let out = tempfile::tempdir().expect("temp dir");
    let config = fixture.join(".vale.ini");
    if let Err(error) = onbrand::vale::import(&config, out.path()) {
        panic!("{}: {error}", config.display());
    }
    let mut actual: Vec<String> = Vec::new();
    let mut linted_names = Vec::new();
    let files = std::fs::read_dir(fixture).expect("fixture dir");
    for entry in files.flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !FORMATS.contains(&ext) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let target = out.path().join(&name);
        std::fs::copy(&path, &target).expect("copy fixture");
        let linter = Linter::new(
            ConfigCache::with_explicit(out.path().to_owned(), &out.path().join("onbrand.toml")),
            RunOverrides::default(),
        );
        let (linted, _) = linter
            .lint_file(&target, None)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for finding in &linted.findings {
            let at = linted
                .lines
                .line_col(&linted.document.text, finding.span.start);
            actual.push(format!(
                "{name}:{}:{}:{}:{}",
                at.line,
                at.column,
                finding.rule_id(),
                finding.message
            ));
        }
        linted_names.push(name);
    }
    // Expected lines for files onbrand does not lint (reStructuredText) are not counted.
    let expected: Vec<&String> = expected
        .iter()
        .filter(|l| linted_names.iter().any(|n| l.starts_with(&format!("{n}:"))))
        .collect();
    tally.expected += expected.len();
    for line in expected {
        if let Some(at) = actual.iter().position(|a| a == line) {
            actual.swap_remove(at);
            tally.reproduced += 1;
        } else {
            tally.missing.push(format!("{}: {line}", fixture.display()));
        }
    }
    tally.extra.extend(
        actual
            .into_iter()
            .map(|a| format!("{}: {a}", fixture.display())),
    );
}

#[test]
fn vale_packages_reproduce_their_own_expectations() {
    let Some(root) = styles_root() else {
        eprintln!("note: ../shared/vale-styles is absent; Vale compatibility test skipped");
        return;
    };
    let mut total = Tally::default();
    for package in PACKAGES {
        let dir = root.join(package);
        let mut tally = Tally::default();
        for (case, expected) in expectations(&dir) {
            let fixture = dir.join("fixtures").join(&case);
            if fixture.join(".vale.ini").is_file() {
                run_case(&fixture, &expected, &mut tally);
            }
        }
        eprintln!(
            "{package}: expected {}, reproduced {}, missing {}, extra {}",
            tally.expected,
            tally.reproduced,
            tally.missing.len(),
            tally.extra.len()
        );
        if std::env::var_os("VALE_TEST_VERBOSE").is_some() {
            for line in &tally.missing {
                eprintln!("  missing {line}");
            }
            for line in &tally.extra {
                eprintln!("  extra   {line}");
            }
        }
        total.expected += tally.expected;
        total.reproduced += tally.reproduced;
        total.missing.extend(tally.missing);
        total.extra.extend(tally.extra);
    }
    let expected = total.expected.max(1) as f64;
    let reproduced = total.reproduced as f64 / expected;
    let extra = total.extra.len() as f64 / expected;
    eprintln!(
        "all packages: expected {}, reproduced {} ({:.1}%), missing {}, extra {} ({:.1}%)",
        total.expected,
        total.reproduced,
        reproduced * 100.0,
        total.missing.len(),
        total.extra.len(),
        extra * 100.0
    );
    assert!(
        reproduced >= MIN_REPRODUCED,
        "reproduced rate fell to {reproduced:.3}"
    );
    assert!(extra <= MAX_EXTRA, "extra rate rose to {extra:.3}");
}
