//! Vale compatibility: import the real Vale style packages in `../shared/vale-styles` with
//! `onbrand::vale::import`, lint each package's own fixtures, and compare with the
//! `file:line:col:Style.Rule:message` lines its `features/*.feature` expect. The packages' text is
//! read at test time, never copied into this repository. Without `../shared` the test is skipped.
//!
//! Red Hat's package tests each rule with a folder holding a `.vale.ini` that switches on that
//! rule alone, a `testinvalid.adoc` (one bad example per line: every line must get the rule's
//! finding) and a `testvalid.adoc` (no finding of the rule). onbrand lints the AsciiDoc files
//! as they are; which lines of `testinvalid.adoc` are bad examples is decided on a line-for-line
//! Markdown rewrite (`== Title` → `## Title`; block delimiters, block attributes, comments and
//! the contents of listing blocks become empty lines, so they are not counted). Every other
//! non-empty line counts as one expected line, a finding on a valid file as one extra. GitLab's package has no test material: it is imported
//! and its conversion counted, nothing more. vale-cli's Readability (not in the issue's package
//! set) is counted and guarded on its own: see [`readability`].
//!
//! The rates are a regression guard at what onbrand reproduces today (see docs/vale.md for
//! every miss by category), not a claim of full compatibility.

mod common;

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

const REDHAT: &str = "redhat-documentation__vale-at-red-hat";
const GITLAB: &str = "gitlab__doc-vale";
const READABILITY: &str = "vale-cli__readability";

/// Fixture files onbrand lints (every format of Vale's fixtures that onbrand reads).
const FORMATS: &[&str] = &["md", "txt", "html", "rst", "adoc", "org"];

/// Measured floor: share of expected lines reproduced, over all packages (2251 of 2288, 98.38%
/// measured). 25 of the misses are expectations written for an older Vale, which onbrand now
/// renders as Vale 3.7 does (docs/vale.md): Microsoft's `Contractions` lines want a capitalised
/// replacement, which Vale gives since 3.4 only with `capitalize: true` (24 lines, each also
/// an extra), and one proselint line wants `'%s'` with an `action: replace` list unquoted,
/// which Vale 3.7 quotes twice.
const MIN_REPRODUCED: f64 = 0.983;
/// Measured ceiling: extra lines as a share of expected lines (34 of 2288, 1.49% measured; 25
/// of them the older-Vale lines above).
const MAX_EXTRA: f64 = 0.015;
/// The same two for Red Hat alone (2010 of 2016, 99.70%, and 1 extra measured).
const MIN_REPRODUCED_REDHAT: f64 = 0.996;
const MAX_EXTRA_REDHAT: f64 = 0.0005;
/// The same two for the errata-ai packages alone (241 of 272, 88.6%, and 12.1% measured; 97.0%
/// and 3.3% before the older-Vale lines above changed sides).
const MIN_REPRODUCED_ERRATA: f64 = 0.885;
const MAX_EXTRA_ERRATA: f64 = 0.122;
/// The same two for vale-cli's Readability (7 of 36 and 7 extra measured: its `script` rule does
/// not convert, and onbrand's syllable and sentence estimates give other figures than the golden
/// run's at the same place; see docs/vale.md).
const MIN_REPRODUCED_READABILITY: f64 = 0.19;
const MAX_EXTRA_READABILITY: f64 = 0.2;

fn styles_root() -> Option<PathBuf> {
    common::shared("vale-styles")
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

/// One finding as the packages' expectations write it, without the file name.
struct Found {
    line: u32,
    column: u32,
    rule: String,
    message: String,
}

/// Lint `file` (inside `out`, next to the imported `onbrand.toml`).
fn lint(out: &Path, file: &Path) -> Vec<Found> {
    let linter = Linter::new(
        ConfigCache::with_explicit(out.to_owned(), &out.join("onbrand.toml")),
        RunOverrides::default(),
    );
    let (linted, _) = linter
        .lint_file(file, None)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    linted
        .findings
        .iter()
        .map(|finding| {
            let at = linted
                .lines
                .line_col(&linted.document.text, finding.span.start);
            Found {
                line: at.line,
                column: at.column,
                rule: finding.rule_id().to_owned(),
                message: finding.message.clone(),
            }
        })
        .collect()
}

/// The findings of `file` linted with the import in `out`, as `line:column:rule:message`.
fn rendered(out: &Path, file: &Path) -> Vec<String> {
    lint(out, file)
        .iter()
        .map(|f| format!("{}:{}:{}:{}", f.line, f.column, f.rule, f.message))
        .collect()
}

/// Write a test file, creating its folders.
fn write_file(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn import(config: &Path, out: &Path) -> onbrand::vale::Report {
    onbrand::vale::import(config, out).unwrap_or_else(|e| panic!("{}: {e}", config.display()))
}

/// Import a style `Demo` of `rules` (file name, YAML), on for Markdown, from a temporary folder;
/// the guideline is in its `out/`. The folder lives as long as the returned guard.
fn import_demo(rules: &[(&str, &str)]) -> (tempfile::TempDir, onbrand::vale::Report) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write_file(
        &root.join(".vale.ini"),
        "StylesPath = styles\n[*.md]\nBasedOnStyles = Demo\n",
    );
    for (name, yaml) in rules {
        write_file(&root.join("styles/Demo").join(name), yaml);
    }
    let report = import(&root.join(".vale.ini"), &root.join("out"));
    (dir, report)
}

fn run_case(fixture: &Path, expected: &[String], tally: &mut Tally) {
    let out = tempfile::tempdir().expect("temp dir");
    import(&fixture.join(".vale.ini"), out.path());
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
        for found in lint(out.path(), &target) {
            actual.push(format!(
                "{name}:{}:{}:{}:{}",
                found.line, found.column, found.rule, found.message
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

/// One case of `tests/Readability.test.yml` (Vale's `vale test` format).
#[derive(serde::Deserialize)]
struct ReadabilityCase {
    rule: String,
    input: String,
    #[serde(default)]
    want: String,
}

/// `vale-cli__readability`: no `.vale.ini` and no `features/`; its test material is a golden
/// run (`fixtures/page.md` → `testdata/page.md.txt`), a clean rewrite (`fixtures/clean/page.md`,
/// every finding an extra) and `tests/Readability.test.yml` (per case: a rule, an input, the
/// lines it wants; only that rule's findings count). The package's root is the styles folder.
fn readability(package: &Path, tally: &mut Tally) {
    let Ok(cases) = std::fs::read_to_string(package.join("tests/Readability.test.yml")) else {
        return;
    };
    let out = tempfile::tempdir().expect("temp dir");
    let ini = out.path().join(".vale.ini");
    std::fs::write(
        &ini,
        format!(
            "StylesPath = {}\n[*]\nBasedOnStyles = Readability\n",
            package.display()
        ),
    )
    .expect("write .vale.ini");
    import(&ini, out.path());
    let lines_of = |file: &Path, name: &str, rule: Option<&str>| -> Vec<String> {
        lint(out.path(), file)
            .into_iter()
            .filter(|f| rule.is_none_or(|r| f.rule == r))
            .map(|f| format!("{name}:{}:{}:{}:{}", f.line, f.column, f.rule, f.message))
            .collect()
    };
    let compare =
        |tally: &mut Tally, label: &str, expected: Vec<String>, mut actual: Vec<String>| {
            tally.expected += expected.len();
            for line in expected {
                if let Some(at) = actual.iter().position(|a| *a == line) {
                    actual.swap_remove(at);
                    tally.reproduced += 1;
                } else {
                    tally.missing.push(format!("{label}: {line}"));
                }
            }
            tally
                .extra
                .extend(actual.into_iter().map(|a| format!("{label}: {a}")));
        };
    // The golden run and the clean rewrite.
    let golden = std::fs::read_to_string(package.join("testdata/page.md.txt")).unwrap_or_default();
    let expected: Vec<String> = golden
        .lines()
        .filter_map(|l| l.strip_prefix("fixtures/"))
        .map(str::to_owned)
        .collect();
    for (source, name, expected) in [
        ("fixtures/page.md", "page.md", expected),
        ("fixtures/clean/page.md", "clean.md", Vec::new()),
    ] {
        let target = out.path().join(name);
        std::fs::copy(package.join(source), &target).expect("copy fixture");
        compare(tally, source, expected, lines_of(&target, name, None));
    }
    // The inline cases, each linted on its own and judged by its rule's findings only.
    let cases: Vec<ReadabilityCase> =
        serde_saphyr::from_str(&cases).unwrap_or_else(|e| panic!("Readability.test.yml: {e}"));
    for (index, case) in cases.iter().enumerate() {
        let stem = Path::new(&case.rule)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let rule = format!("Readability.{stem}");
        let name = format!("case{index}.md");
        let target = out.path().join(&name);
        std::fs::write(&target, &case.input).expect("write case");
        let expected = case
            .want
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{name}:{}", l.trim()))
            .collect();
        let label = format!("tests/Readability.test.yml case {index} ({stem})");
        compare(
            tally,
            &label,
            expected,
            lines_of(&target, &name, Some(&rule)),
        );
    }
}

/// AsciiDoc → Markdown, line for line: which lines of a Red Hat `testinvalid.adoc` are bad
/// examples (see the module documentation).
fn asciidoc_as_markdown(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_listing: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim_end();
        let delimiter = trimmed.len() >= 4
            && ["-", ".", "=", "*", "_", "+", "/"]
                .iter()
                .any(|c| trimmed.chars().all(|x| x.to_string() == *c));
        if let Some(open) = in_listing {
            if trimmed == open {
                in_listing = None;
            }
            out.push(String::new());
            continue;
        }
        if delimiter {
            if trimmed.starts_with(['-', '.', '+', '/']) {
                in_listing = Some(trimmed);
            }
            out.push(String::new());
            continue;
        }
        let level = trimmed.chars().take_while(|c| *c == '=').count();
        if level > 0 && trimmed[level..].starts_with(' ') {
            out.push(format!("{}{}", "#".repeat(level), &trimmed[level..]));
        } else if trimmed.starts_with("//") || (trimmed.starts_with('[') && trimmed.ends_with(']'))
        {
            out.push(String::new());
        } else {
            out.push(line.to_owned());
        }
    }
    out.join("\n") + "\n"
}

/// Red Hat: every line of `testinvalid.adoc` must get the folder's rule, `testvalid.adoc` none.
fn redhat(package: &Path, tally: &mut Tally) {
    let fixtures = package.join(".vale/fixtures/RedHat");
    let Ok(entries) = std::fs::read_dir(&fixtures) else {
        return;
    };
    let mut cases: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    cases.sort();
    for case in cases.iter().filter(|c| c.join(".vale.ini").is_file()) {
        let name = case.file_name().unwrap_or_default().to_string_lossy();
        let rule = format!("RedHat.{name}");
        let out = tempfile::tempdir().expect("temp dir");
        let report = import(&case.join(".vale.ini"), out.path());
        // Red Hat's `Spelling` appends Vale's default en_US, which the system provides.
        let without_en_us = report
            .notes
            .iter()
            .find(|note| note.rule == rule && note.reason.contains("en_US"));
        assert!(
            without_en_us.is_none(),
            "{without_en_us:?}: install hunspell-en-us, as .ci/run does"
        );
        for (file, invalid) in [("testinvalid.adoc", true), ("testvalid.adoc", false)] {
            let Ok(text) = std::fs::read_to_string(case.join(file)) else {
                continue;
            };
            let examples = asciidoc_as_markdown(&text);
            let target = out.path().join(file);
            std::fs::write(&target, &text).expect("write fixture");
            let found: Vec<Found> = lint(out.path(), &target)
                .into_iter()
                .filter(|f| f.rule == rule)
                .collect();
            if !invalid {
                tally.extra.extend(
                    found
                        .iter()
                        .map(|f| format!("{name}/{file}:{}:{}: {}", f.line, f.column, f.message)),
                );
                continue;
            }
            for (index, line) in examples.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                tally.expected += 1;
                if found.iter().any(|f| f.line as usize == index + 1) {
                    tally.reproduced += 1;
                } else {
                    tally
                        .missing
                        .push(format!("{name}/{file}:{}: {line}", index + 1));
                }
            }
        }
    }
}

fn print(package: &str, tally: &Tally) {
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
}

fn add(total: &mut Tally, tally: Tally) {
    total.expected += tally.expected;
    total.reproduced += tally.reproduced;
    total.missing.extend(tally.missing);
    total.extra.extend(tally.extra);
}

#[test]
fn vale_packages_reproduce_their_own_expectations() {
    let Some(root) = styles_root() else {
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
        print(package, &tally);
        add(&mut total, tally);
    }
    let (errata_expected, errata_reproduced, errata_extra) = (
        total.expected.max(1) as f64,
        total.reproduced as f64,
        total.extra.len() as f64,
    );
    let (errata_reproduced, errata_extra) = (
        errata_reproduced / errata_expected,
        errata_extra / errata_expected,
    );
    eprintln!(
        "errata-ai packages: expected {}, reproduced {} ({:.1}%), missing {}, extra {} ({:.1}%)",
        total.expected,
        total.reproduced,
        errata_reproduced * 100.0,
        total.missing.len(),
        total.extra.len(),
        errata_extra * 100.0
    );
    let mut tally = Tally::default();
    redhat(&root.join(REDHAT), &mut tally);
    print(REDHAT, &tally);
    if tally.expected > 0 {
        let expected = tally.expected as f64;
        let reproduced = tally.reproduced as f64 / expected;
        let extra = tally.extra.len() as f64 / expected;
        assert!(
            reproduced >= MIN_REPRODUCED_REDHAT,
            "Red Hat reproduced rate fell to {reproduced:.4}"
        );
        assert!(
            extra <= MAX_EXTRA_REDHAT,
            "Red Hat extra rate rose to {extra:.4}"
        );
    }
    add(&mut total, tally);
    // GitLab: no fixtures, only the import.
    let gitlab = root.join(GITLAB);
    if gitlab.join(".vale.ini").is_file() {
        let out = tempfile::tempdir().expect("temp dir");
        let report = import(&gitlab.join(".vale.ini"), out.path());
        eprintln!(
            "{GITLAB}: no test material; {} rules converted, {} not converted, {} notes",
            report.converted,
            report.skipped,
            report.notes.len()
        );
        assert!(report.converted > 0, "GitLab's rules must convert");
    }
    // Readability: outside the issue's package set, counted and guarded on its own.
    let mut readability_tally = Tally::default();
    readability(&root.join(READABILITY), &mut readability_tally);
    print(READABILITY, &readability_tally);
    let readability_expected = readability_tally.expected.max(1) as f64;
    let readability_reproduced = readability_tally.reproduced as f64 / readability_expected;
    let readability_extra = readability_tally.extra.len() as f64 / readability_expected;
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
    assert!(extra <= MAX_EXTRA, "extra rate rose to {extra:.4}");
    assert!(
        errata_reproduced >= MIN_REPRODUCED_ERRATA,
        "errata-ai reproduced rate fell to {errata_reproduced:.3}"
    );
    assert!(
        errata_extra <= MAX_EXTRA_ERRATA,
        "errata-ai extra rate rose to {errata_extra:.3}"
    );
    if readability_tally.expected > 0 {
        assert!(
            readability_reproduced >= MIN_REPRODUCED_READABILITY,
            "Readability reproduced rate fell to {readability_reproduced:.3}"
        );
        assert!(
            readability_extra <= MAX_EXTRA_READABILITY,
            "Readability extra rate rose to {readability_extra:.3}"
        );
    }
}

#[test]
fn asciidoc_is_rewritten_line_for_line() {
    let text = "= Title\n// note\n[source,bash]\n----\ncode here\n----\nText *bold*.\n== Sub\n";
    assert_eq!(
        asciidoc_as_markdown(text),
        "# Title\n\n\n\n\n\nText *bold*.\n## Sub\n"
    );
}

/// `.vale.ini`'s `TokenIgnores` and `BlockIgnores` (global or per section) become
/// `ignore-tokens` and `ignore-blocks` (the section's in an override for its glob), and a
/// regex `regex` rejects is left out with a note. Written here, not taken from a package.
#[test]
fn token_and_block_ignores_are_imported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |path: &str, text: &str| write_file(&root.join(path), text);
    write(
        ".vale.ini",
        "StylesPath = styles\nBlockIgnores = (?s)(<skip>.*?</skip>)\n[*.md]\n\
         BasedOnStyles = Demo\nTokenIgnores = (\\*\\*\\{\\w*\\}\\*\\*), (a(?=b))\n",
    );
    write(
        "styles/Demo/Hype.yml",
        "extends: existence\nmessage: \"'%s' is hype.\"\nlevel: warning\nlimit: 2\n\
         tokens:\n  - synergy\n",
    );
    let out = root.join("out");
    let report = import(&root.join(".vale.ini"), &out);
    write(
        "out/doc.md",
        "Grüße **{synergy}** 🚀 synergy.\n\n<skip>\nsynergy\n</skip>\n\nsynergy, synergy.\n",
    );
    let config = std::fs::read_to_string(out.join("onbrand.toml")).expect("onbrand.toml");
    let config: toml::Table = config.parse().expect("valid TOML");
    // Vale applies ignore lists in Markdown, AsciiDoc, reStructuredText and Org only, by the
    // section's glob matched against the file's extension: the global part's in all four.
    let overrides = config["override"].as_array().expect("overrides");
    let global = overrides
        .iter()
        .find(|o| o.get("ignore-blocks").is_some())
        .expect("the global ignore-blocks");
    assert_eq!(
        global["ignore-blocks"],
        toml::Value::Array(vec!["(?s)(<skip>.*?</skip>)".into()])
    );
    assert_eq!(
        global["paths"][0].as_str(),
        Some("**/*.{md,mdown,markdown,markdn,adoc,asciidoc,asc,rst,rest,org}")
    );
    let section = overrides
        .iter()
        .find(|o| o.get("ignore-tokens").is_some())
        .expect("the section's ignore-tokens");
    assert_eq!(
        section["ignore-tokens"],
        toml::Value::Array(vec![r"(\*\*\{\w*\}\*\*)".into()])
    );
    assert_eq!(
        section["paths"][0].as_str(),
        Some("**/*.{md,mdown,markdown,markdn}")
    );
    let notes: Vec<String> = report.notes.iter().map(ToString::to_string).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("TokenIgnores: (a(?=b)): ")
                && n.ends_with("this regex is left out; the others are kept")),
        "{notes:?}"
    );
    let found: Vec<String> = rendered(&out, &out.join("doc.md"));
    // The masked token and block report nothing; `limit: 2` keeps the first two of three.
    assert_eq!(
        found,
        [
            "1:23:Demo.Hype:'synergy' is hype.",
            "7:1:Demo.Hype:'synergy' is hype.",
        ]
    );
}

/// Scope settings onbrand cannot reproduce are reported, each with what onbrand does instead:
/// `SkippedScopes` tags it lints or that Vale now lints, `IgnoredScopes` without `code` (Vale
/// then lints inline code), `IgnoredClasses`; the front matter keys are switched off.
#[test]
fn scope_settings_are_reported_where_onbrand_differs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |path: &str, text: &str| write_file(&root.join(path), text);
    write(
        ".vale.ini",
        "StylesPath = styles\nSkippedScopes = script, figure, alt\nIgnoredScopes = strong\n\
         IgnoredClasses = draft\n[formats]\nmdx = md\n[*.md]\nBasedOnStyles = Demo\n\
         [*.xml]\nTransform = docbook.xsl\n",
    );
    write(
        "styles/Demo/Alt.yml",
        "extends: existence\nmessage: x\nscope: alt\ntokens:\n  - synergy\n",
    );
    let out = root.join("out");
    let report = import(&root.join(".vale.ini"), &out);
    let notes: Vec<String> = report.notes.iter().map(ToString::to_string).collect();
    let has = |needle: &str| notes.iter().any(|n| n.contains(needle));
    assert!(
        has("onbrand lints the text of figure; Vale now lints style, pre, noscript, iframe"),
        "{notes:?}"
    );
    assert!(
        has("Vale then lints inline code; onbrand never does"),
        "{notes:?}"
    );
    assert!(has("onbrand does not read HTML classes"), "{notes:?}");
    assert!(has("[formats] mdx = md"), "{notes:?}");
    assert!(has("onbrand does not read plain `.xml` files"), "{notes:?}");
    assert!(
        has("Demo.Alt: its scope is only alt text, which SkippedScopes skips"),
        "{notes:?}"
    );
    let config = std::fs::read_to_string(out.join("onbrand.toml")).expect("onbrand.toml");
    let config: toml::Table = config.parse().expect("valid TOML");
    assert_eq!(
        config["copy"]["front-matter"]["title"].as_bool(),
        Some(false)
    );
}

/// `extends: spelling`: the dictionaries and word lists are copied beside the generated
/// guideline, which keeps working when moved; Vale's default filters, the rule's own and the
/// accepted vocabulary (literal words as ignored words, patterns as one filter) are kept.
/// A tiny dictionary written for onbrand's tests, no `append`: the system's en_US is not used.
#[test]
fn spelling_rules_are_imported_with_their_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |path: &str, text: &str| write_file(&root.join(path), text);
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spelling/tiny");
    for extension in ["aff", "dic"] {
        let text = std::fs::read_to_string(tiny.with_extension(extension)).expect("tiny");
        write(&format!("styles/Demo/dicts/tiny.{extension}"), &text);
    }
    write(
        ".vale.ini",
        "StylesPath = styles\nVocab = Brand\n[*.md]\nBasedOnStyles = Demo\n",
    );
    write(
        "styles/config/vocabularies/Brand/accept.txt",
        "Acme\n(?i)widg[ae]t\n",
    );
    write("styles/Demo/words.txt", "voise\n");
    write(
        "styles/Demo/Spelling.yml",
        "extends: spelling\nmessage: \"Did you really mean '%s'?\"\nlevel: error\n\
         dicpath: Demo/dicts\ndictionaries:\n  - tiny\nignore: Demo/words.txt\n\
         filters:\n  - '^br'\n",
    );
    // One dictionary by its two files, Vale's other way to name it.
    write(
        "styles/Demo/Direct.yml",
        "extends: spelling\nlevel: error\naff: Demo/dicts/tiny.aff\ndic: Demo/dicts/tiny.dic\n",
    );
    let out = root.join("out");
    let report = import(&root.join(".vale.ini"), &out);
    assert_eq!(report.converted, 2, "{:?}", report.notes);
    let guideline = std::fs::read_to_string(out.join("guideline/Demo.toml")).expect("Demo.toml");
    let guideline: toml::Table = guideline.parse().expect("valid TOML");
    assert_eq!(guideline["rule"][0]["id"].as_str(), Some("Demo.Direct"));
    assert_eq!(
        guideline["rule"][0]["dictionaries"],
        toml::Value::Array(vec!["dictionaries/tiny".into()])
    );
    let rule = &guideline["rule"][1];
    let strings = |key: &str| -> Vec<String> {
        rule[key]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(rule["kind"].as_str(), Some("spelling"));
    assert_eq!(strings("dictionaries"), ["dictionaries/tiny"]);
    // Named by its path under StylesPath, so that lists of one name stay apart.
    assert_eq!(strings("ignore-files"), ["ignore/Demo/words.txt"]);
    assert_eq!(strings("ignore-words"), ["Acme"]);
    assert_eq!(
        strings("filters"),
        [
            "[A-Z][a-z]+[A-Z]+[0-9A-Za-z_]+",
            "[A-Z]+$",
            "[^a-zA-Z_']",
            "^br",
            r"(?i)\b(?:(?i)widg[ae]t)\b",
        ]
    );
    // Moved elsewhere, the guideline still finds its dictionary and word list.
    let moved = root.join("moved");
    std::fs::rename(&out, &moved).expect("move the import");
    write(
        "moved/doc.md",
        "The brand voise checks the Acme widget, a wel-known guide and a guyde.\n",
    );
    let found: Vec<String> = rendered(&moved, &moved.join("doc.md"));
    // "wel-known" is skipped by Vale's filter for anything but letters.
    assert_eq!(
        found,
        [
            // The accepted vocabulary applies to every spelling rule; the word list to its own.
            "1:11:Demo.Direct:Unknown word: 'voise'.",
            "1:65:Demo.Direct:Unknown word: 'guyde'.",
            "1:65:Demo.Spelling:Did you really mean 'guyde'?",
        ]
    );
}

/// `Vale.Spelling` (Vale's built-in rule): the installed en_US and every word list in
/// `config/ignore`. Where no en_US is installed, the import says how to get one.
#[test]
fn vales_own_spelling_rule_uses_the_installed_en_us() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |path: &str, text: &str| write_file(&root.join(path), text);
    write(
        ".vale.ini",
        "StylesPath = styles\n[*.md]\nBasedOnStyles = Vale\n",
    );
    write("styles/config/ignore/words.txt", "onbrand\n");
    let out = root.join("out");
    let report = import(&root.join(".vale.ini"), &out);
    let missing_en_us = report
        .notes
        .iter()
        .find(|note| note.rule == "Vale.Spelling" && note.reason.contains("en_US"));
    if let Some(note) = missing_en_us {
        assert!(note.instead.contains("hunspell-en-us"), "{note}");
        return;
    }
    let guideline = std::fs::read_to_string(out.join("guideline/Vale.toml")).expect("Vale.toml");
    let guideline: toml::Table = guideline.parse().expect("valid TOML");
    let spelling = guideline["rule"]
        .as_array()
        .and_then(|rules| {
            rules
                .iter()
                .find(|rule| rule["id"].as_str() == Some("Vale.Spelling"))
        })
        .expect("Vale.Spelling converted");
    assert_eq!(
        spelling["dictionaries"],
        toml::Value::Array(vec!["dictionaries/en_US".into()])
    );
    assert_eq!(
        spelling["ignore-files"],
        toml::Value::Array(vec!["ignore/words.txt".into()])
    );
    write("out/doc.md", "The onbrand linter checks every wrold.\n");
    let found: Vec<String> = rendered(&out, &out.join("doc.md"));
    assert_eq!(found, ["1:33:Vale.Spelling:Did you really mean 'wrold'?"]);
}

/// A Vale `existence` rule for the tests below: "synergy" is hype, at warning level.
const HYPE_RULE: &str =
    "extends: existence\nmessage: \"'%s' is hype.\"\nlevel: warning\ntokens:\n  - synergy\n";

/// A Vale project with two rules of one style, imported with `ini` as its `.vale.ini` (with
/// `MinAlertLevel = suggestion` first, so that every level shows); then which rules fire, and
/// at which level, on each file (all say "synergy" and "leverage").
fn sections_case(ini: &str, files: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write_file(
        &root.join(".vale.ini"),
        &format!("MinAlertLevel = suggestion\n{ini}"),
    );
    write_file(&root.join("styles/Demo/Hype.yml"), HYPE_RULE);
    write_file(
        &root.join("styles/Demo/Jargon.yml"),
        "extends: existence\nmessage: \"'%s' is jargon.\"\nlevel: suggestion\ntokens:\n  - leverage\n",
    );
    let out = root.join("out");
    import(&root.join(".vale.ini"), &out);
    let mut found = Vec::new();
    for file in files {
        let path = out.join(file);
        write_file(&path, "Grüße: synergy, leverage 🚀.\n");
        let linter = Linter::new(
            ConfigCache::with_explicit(out.clone(), &out.join("onbrand.toml")),
            RunOverrides::default(),
        );
        let (linted, _) = linter.lint_file(&path, None).expect("lints");
        let mut rules: Vec<String> = linted
            .findings
            .iter()
            .map(|f| format!("{}={}", f.rule_id(), f.severity.name()))
            .collect();
        rules.sort();
        found.push(format!("{file}: {}", rules.join(" ")));
    }
    found
}

/// Vale applies every section a file matches, in order: a rule's own setting in the last
/// matching section that sets it wins, then the global part's, then the styles of the last
/// matching section that sets `BasedOnStyles` (else the global part's). A section with only
/// ignore settings changes no rule, and a file that matches no section gets nothing.
#[test]
fn several_sections_apply_in_vales_order_of_precedence() {
    let ini = "StylesPath = styles\n\
               [*]\nBasedOnStyles = Demo\n\
               [*.md]\nDemo.Hype = NO\n\
               [docs/*.md]\nDemo.Hype = YES\n\
               [*.txt]\nTokenIgnores = (\\{\\{[^}]*\\}\\})\n";
    assert_eq!(
        sections_case(ini, &["a.md", "docs/b.md", "c.txt"]),
        [
            "a.md: Demo.Jargon=suggestion",
            "docs/b.md: Demo.Hype=warning Demo.Jargon=suggestion",
            "c.txt: Demo.Hype=warning Demo.Jargon=suggestion",
        ]
    );
    // No section for .txt and no global styles: Vale lints nothing there.
    let ini = "StylesPath = styles\n[*.md]\nBasedOnStyles = Demo\n";
    assert_eq!(
        sections_case(ini, &["a.md", "b.txt"]),
        ["a.md: Demo.Hype=warning Demo.Jargon=suggestion", "b.txt: "]
    );
    // A rule's own setting beats a later section's styles; the last BasedOnStyles replaces.
    let ini = "StylesPath = styles\n[*]\nDemo.Hype = NO\n[*.md]\nBasedOnStyles = Demo\n\
               [drafts/*.md]\nBasedOnStyles = \"\"\n";
    assert_eq!(
        sections_case(ini, &["a.md", "drafts/b.md"]),
        ["a.md: Demo.Jargon=suggestion", "drafts/b.md: "]
    );
    // A rule setting in the global part, below the sections' styles.
    let ini = "StylesPath = styles\nDemo.Jargon = NO\n[*.md]\nBasedOnStyles = Demo\n";
    assert_eq!(sections_case(ini, &["a.md"]), ["a.md: Demo.Hype=warning"]);
}

/// Vale keeps one level per rule for the whole configuration, the last one written; values
/// other than YES, NO and the three levels (`yes`) switch the rule off.
#[test]
fn rule_levels_are_global_and_only_vales_values_switch_rules_on() {
    let ini = "StylesPath = styles\n[*.md]\nBasedOnStyles = Demo\nDemo.Hype = error\n\
               [*.txt]\nDemo.Hype = suggestion\nDemo.Jargon = yes\n";
    assert_eq!(
        sections_case(ini, &["a.md", "b.txt"]),
        [
            "a.md: Demo.Hype=suggestion Demo.Jargon=suggestion",
            "b.txt: Demo.Hype=suggestion",
        ]
    );
}

/// Vale reads `_vale.ini`, `vale.ini`, `.vale` and `_vale` too; a style it cannot find and a
/// configuration that is not there are errors (Vale's E100), never an empty import.
#[test]
fn configuration_names_and_missing_styles_or_configurations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write_file(&root.join("styles/Demo/Hype.yml"), HYPE_RULE);
    write_file(
        &root.join("_vale"),
        "StylesPath = styles\nPackages = Google\n[*.md]\nBasedOnStyles = Demo\n",
    );
    let out = root.join("out");
    let report = import(root, &out);
    assert_eq!(report.converted, 1);
    let notes: Vec<String> = report.notes.iter().map(ToString::to_string).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Packages: Packages = Google; packages are not downloaded")),
        "{notes:?}"
    );
    write_file(&out.join("a.md"), "Pure synergy.\n");
    assert_eq!(
        rendered(&out, &out.join("a.md")),
        ["1:6:Demo.Hype:'synergy' is hype."]
    );

    write_file(
        &root.join("_vale"),
        "StylesPath = styles\n[*.md]\nBasedOnStyles = Demo, Missing\n",
    );
    let error = onbrand::vale::import(root, &root.join("out2")).expect_err("a missing style");
    assert!(
        error
            .to_string()
            .contains("style `Missing` named in BasedOnStyles is not in StylesPath"),
        "{error}"
    );
    let error = onbrand::vale::import(&root.join("nowhere"), &root.join("out3"))
        .expect_err("a missing configuration");
    assert!(
        error.to_string().contains("no such Vale configuration"),
        "{error}"
    );
}

/// Vale's `occurrence` reports a scope over `max` once, at its first match, with the count.
#[test]
fn occurrence_rules_report_once_per_scope_as_vale_does() {
    let (dir, _) = import_demo(&[(
        "Bangs.yml",
        "extends: occurrence\nmessage: \"More than one exclamation mark.\"\nlevel: warning\n\
         scope: paragraph\nmax: 1\ntoken: '!'\n",
    )]);
    let out = dir.path().join("out");
    write_file(&out.join("a.md"), "Grüße! Ja! 🚀 Los!\n\nNur einmal!\n");
    assert_eq!(
        rendered(&out, &out.join("a.md")),
        ["1:6:Demo.Bangs:More than one exclamation mark."]
    );
}

/// `sequence` (NLP tag sequences) and `script` rules are not converted, and the import says so
/// rule by rule instead of failing on a field's YAML type.
#[test]
fn sequence_and_script_rules_are_reported_not_converted() {
    let (_dir, report) = import_demo(&[
        (
            "Seq.yml",
            "extends: sequence\nmessage: \"x\"\ntokens:\n  - tag: NN\n  - pattern: foo\n",
        ),
        (
            "Prog.yml",
            "extends: script\nmessage: \"y\"\nscript: |\n  text := import(\"text\")\n",
        ),
    ]);
    let notes: Vec<String> = report.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "Demo.Prog: `extends: script` is not supported by onbrand; not converted",
            "Demo.Seq: `extends: sequence` is not supported by onbrand; not converted",
        ]
    );
}

#[test]
fn an_unsupported_regex_is_reported_under_the_vale_key_it_came_from() {
    // A variable-length positive look-behind: neither regex engine takes it, and it cannot be
    // rewritten without changing what it matches.
    let (_dir, report) = import_demo(&[
        (
            "Behind.yml",
            "extends: existence\nmessage: \"x\"\ntokens:\n  - '(?<=a+)b'\n",
        ),
        (
            "Raw.yml",
            "extends: existence\nmessage: \"x\"\nraw:\n  - '(?<=a+)b'\n",
        ),
        (
            "Cond.yml",
            "extends: conditional\nmessage: \"x\"\nfirst: '(?<=a+)b'\nsecond: 'c'\n",
        ),
    ]);
    let notes: Vec<String> = report
        .notes
        .iter()
        .map(ToString::to_string)
        .filter(|note| note.contains("invalid regular expression"))
        .collect();
    assert_eq!(notes.len(), 3, "{notes:#?}");
    for (note, key) in notes.iter().zip(["tokens", "first", "raw"]) {
        assert!(
            note.contains(&format!("invalid regular expression in `{key}`:"))
                && note.ends_with("; not converted"),
            "{note}"
        );
    }
}

/// A rule onbrand rejects as a whole is salvaged where Vale's meaning can be kept: a
/// variable-length negative look-behind in an existence rule is split into fixed-length ones,
/// and a substitution key that still fails is left out (noted) while the rule keeps its other
/// keys. An occurrence rule's regex may not look around at all: not converted, noted.
#[test]
fn rejected_regexes_are_rewritten_or_their_keys_left_out() {
    let (dir, report) = import_demo(&[
        (
            "Like.yml",
            "extends: existence\nmessage: \"x\"\ntokens:\n  - '(?<!acts? )like'\n",
        ),
        (
            "Count.yml",
            "extends: occurrence\nmessage: \"x\"\nmax: 2\ntoken: '(?<!ü|éé)ß'\n",
        ),
        (
            "Swap.yml",
            "extends: substitution\nmessage: \"%s\"\nswap:\n  '(?<!.*-)utilise': use\n  Grüße: Gruß\n",
        ),
    ]);
    let notes: Vec<String> = report.notes.iter().map(ToString::to_string).collect();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(
        notes[0].starts_with("Demo.Count: invalid regular expression in `token`: look-around")
            && notes[0].ends_with("; not converted"),
        "{}",
        notes[0]
    );
    assert!(
        notes[1].starts_with("Demo.Swap: key `(?<!.*-)utilise`: invalid regular expression")
            && notes[1].ends_with("the key is left out; the rule's other keys are kept"),
        "{}",
        notes[1]
    );
    assert_eq!((report.converted, report.skipped), (2, 1));
    let written =
        std::fs::read_to_string(dir.path().join("out/guideline/Demo.toml")).expect("written");
    let file: toml::Table = toml::from_str(&written).expect("TOML");
    let rules = file["rule"].as_array().expect("rules");
    let rule = |id: &str| {
        rules
            .iter()
            .find(|rule| rule["id"].as_str() == Some(id))
            .unwrap_or_else(|| panic!("{id} in {written}"))
    };
    assert_eq!(
        rule("Demo.Like")["pattern"].as_str(),
        Some(r"\b(?:(?<!acts )(?<!act )like)\b")
    );
    let swap = rule("Demo.Swap")["swap"].as_array().expect("swap");
    assert_eq!(swap.len(), 1);
    assert_eq!(swap[0]["pattern"].as_str(), Some("Grüße"));
    assert_eq!(swap[0]["use"].as_str(), Some("Gruß"));
}
