//! The starter guideline's precision on real third-party copy, held to its labels.
//!
//! `tests/precision/labels.tsv` holds findings of the starter guideline on `../shared/corpus`
//! (the channels corpus and a spread of the bench corpus), each read in its context and judged
//! true (a brand lead wants it) or false, with a reason. This test lints every labelled file
//! with the starter guideline (no configuration: the corpus has no `onbrand.toml`) and fails
//! when a true finding disappears or a false one comes back, or when precision on the labels
//! falls under 90% overall or for a rule with 10 or more labels. `scripts/precision` runs it and
//! prints per-rule precision and findings per 1,000 words per channel (docs/rules.md has them).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

/// One labelled finding.
struct Label {
    rule: String,
    file: String,
    position: String,
    text: String,
    verdict: bool,
}

fn labels() -> Vec<Label> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/precision/labels.tsv");
    let text = std::fs::read_to_string(&path).expect("tests/precision/labels.tsv exists");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 6, "six tab-separated fields: {line}");
            assert!(
                !fields[5].trim().is_empty(),
                "every label has a reason: {line}"
            );
            Label {
                rule: fields[0].to_owned(),
                file: fields[1].to_owned(),
                position: fields[2].to_owned(),
                text: fields[3].to_owned(),
                verdict: match fields[4] {
                    "true" => true,
                    "false" => false,
                    other => panic!("verdict is true or false, not {other:?}: {line}"),
                },
            }
        })
        .collect()
}

/// `onbrand check --format json` over `paths`, run in `corpus`.
fn check(corpus: &Path, paths: &[&str]) -> Value {
    let output = Command::cargo_bin("onbrand")
        .expect("binary")
        .current_dir(corpus)
        .args(["check", "--format", "json", "--fail-on", "never", "-q"])
        .args(paths)
        .output()
        .expect("onbrand runs");
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

/// Every finding of a run as (rule, file, line:column, text).
fn findings(run: &Value) -> BTreeSet<(String, String, String, String)> {
    let mut out = BTreeSet::new();
    for file in run["files"].as_array().into_iter().flatten() {
        let path = file["path"].as_str().unwrap_or_default();
        for finding in file["findings"].as_array().into_iter().flatten() {
            let text: String = finding["text"]
                .as_str()
                .unwrap_or_default()
                .replace(['\n', '\t'], " ")
                .chars()
                .take(80)
                .collect();
            out.insert((
                finding["rule"].as_str().unwrap_or_default().to_owned(),
                path.to_owned(),
                format!("{}:{}", finding["line"], finding["column"]),
                text,
            ));
        }
    }
    out
}

#[test]
fn labelled_findings_hold_and_precision_stays_above_ninety_percent() {
    let Some(corpus) = common::shared("corpus") else {
        return;
    };
    let labels = labels();
    assert!(labels.len() >= 400, "at least 400 labels");
    let files: BTreeSet<&str> = labels.iter().map(|l| l.file.as_str()).collect();
    let files: Vec<&str> = files.into_iter().collect();
    let found = findings(&check(&corpus, &files));
    let key = |l: &Label| {
        (
            l.rule.clone(),
            l.file.clone(),
            l.position.clone(),
            l.text.clone(),
        )
    };
    let lost: Vec<String> = labels
        .iter()
        .filter(|l| l.verdict && !found.contains(&key(l)))
        .map(|l| format!("{} {}:{} {:?}", l.rule, l.file, l.position, l.text))
        .collect();
    // Per rule: (true still found, false still found).
    let mut per_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for label in labels.iter().filter(|l| found.contains(&key(l))) {
        let entry = per_rule.entry(label.rule.as_str()).or_default();
        if label.verdict {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    let (right, wrong) = per_rule
        .values()
        .fold((0, 0), |(r, w), (t, f)| (r + t, w + f));
    let precision = |t: usize, f: usize| t as f64 / (t + f).max(1) as f64;
    eprintln!("rule\ttrue\tfalse\tprecision");
    for (rule, (t, f)) in &per_rule {
        eprintln!("{rule}\t{t}\t{f}\t{:.1}%", 100.0 * precision(*t, *f));
    }
    eprintln!(
        "all rules\t{right}\t{wrong}\t{:.1}%",
        100.0 * precision(right, wrong)
    );
    print_density(&corpus);
    assert!(
        lost.is_empty(),
        "labelled true findings disappeared:\n{}",
        lost.join("\n")
    );
    let back: Vec<String> = labels
        .iter()
        .filter(|l| !l.verdict && found.contains(&key(l)))
        .map(|l| format!("{} {}:{} {:?}", l.rule, l.file, l.position, l.text))
        .collect();
    assert!(
        precision(right, wrong) >= 0.9,
        "overall precision {:.3} < 0.9; false findings still reported:\n{}",
        precision(right, wrong),
        back.join("\n")
    );
    // Every rule with 10 or more labels must reach 90%.
    for (rule, (t, f)) in &per_rule {
        if t + f >= 10 {
            assert!(
                precision(*t, *f) >= 0.9,
                "{rule}: precision {:.3} < 0.9",
                precision(*t, *f)
            );
        }
    }
}

/// Findings per 1,000 words in each channel of the channels corpus.
fn print_density(corpus: &Path) {
    let run = check(corpus, &["channels"]);
    let mut per_channel: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for file in run["files"].as_array().into_iter().flatten() {
        let path = file["path"].as_str().unwrap_or_default();
        let channel = path.split('/').nth(1).unwrap_or("other").to_owned();
        let entry = per_channel.entry(channel).or_default();
        entry.0 += file["findings"].as_array().map_or(0, Vec::len);
        entry.1 += file["words"].as_u64().unwrap_or(0) as usize;
    }
    eprintln!("channel\tfindings\twords\tper 1,000 words");
    for (channel, (findings, words)) in per_channel {
        eprintln!(
            "{channel}\t{findings}\t{words}\t{:.2}",
            1000.0 * findings as f64 / words.max(1) as f64
        );
    }
}
