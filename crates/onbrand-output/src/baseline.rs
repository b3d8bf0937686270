//! Baselines: accept today's findings, report only new ones.
//!
//! A baseline entry is keyed on the file, the rule, the matched text and the text of its line —
//! never on the line number — so a finding keeps its identity when lines are added above it,
//! and a second identical finding on another line is still new (entries are counted).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::json::{FileReport, FindingReport};
use crate::lint::LintedFile;

/// Findings accepted as they are (`onbrand baseline`): a run checked against it reports only
/// what is new, so a team can adopt onbrand on existing content without fixing everything first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The file format's version, for readers of older baselines.
    pub version: u32,
    /// Every accepted finding; the same finding twice is two entries, so a second copy is new.
    pub findings: Vec<BaselineEntry>,
}

/// One accepted finding, keyed by what survives edits around it (not its line number).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// The file, as `check` prints it.
    pub path: String,
    /// The rule that reported it.
    pub rule: String,
    /// The matched text.
    pub text: String,
    /// Its line's text, trimmed: tells two uses of the same word in one file apart.
    pub context: String,
}

impl Baseline {
    /// A baseline of every finding in `files`.
    pub fn record(files: &[FileReport]) -> Baseline {
        let findings = files
            .iter()
            .flat_map(|file| {
                file.findings.iter().map(|finding| BaselineEntry {
                    path: normalise_path(&file.path),
                    rule: finding.rule.clone(),
                    text: finding.text.clone(),
                    context: normalise_space(&finding.context),
                })
            })
            .collect();
        Baseline {
            version: 1,
            findings,
        }
    }

    /// Remove from `file` the findings the baseline accepts; returns how many were removed.
    pub fn filter(&self, counts: &mut BaselineCounts, file: &mut FileReport) -> usize {
        let before = file.findings.len();
        let path = file.path.clone();
        file.findings
            .retain(|finding| !counts.accept(&path, finding));
        before - file.findings.len()
    }

    /// How many times each key is accepted; consumed while filtering a run.
    pub fn counts(&self) -> BaselineCounts {
        let mut counts = HashMap::new();
        for entry in &self.findings {
            *counts
                .entry(entry_key(
                    &entry.path,
                    &entry.rule,
                    &entry.text,
                    &entry.context,
                ))
                .or_insert(0) += 1;
        }
        BaselineCounts(counts)
    }
}

/// Remaining accepted occurrences per key.
#[derive(Debug, Default)]
pub struct BaselineCounts(HashMap<String, usize>);

impl BaselineCounts {
    /// Remove the findings the baseline accepts from a linted file and from its report
    /// ([`crate::json::file_report`] of it: one report finding per finding, in order), keeping
    /// the two in step; returns how many were removed. What `onbrand check --baseline` does
    /// with each file, in the order the run prints them.
    pub fn filter_linted(&mut self, file: &mut LintedFile, report: &mut FileReport) -> usize {
        let accepted: Vec<bool> = report
            .findings
            .iter()
            .map(|finding| self.accept(&report.path, finding))
            .collect();
        let mut flags = accepted.iter();
        file.findings
            .retain(|_| !flags.next().copied().unwrap_or(false));
        let mut flags = accepted.iter();
        report
            .findings
            .retain(|_| !flags.next().copied().unwrap_or(false));
        accepted.iter().filter(|&&accepted| accepted).count()
    }

    /// Whether the baseline accepts this finding, using up one accepted occurrence if so.
    pub fn accept(&mut self, path: &str, finding: &FindingReport) -> bool {
        match self.0.get_mut(&key(path, finding)) {
            Some(remaining) if *remaining > 0 => {
                *remaining -= 1;
                true
            }
            _ => false,
        }
    }
}

/// The identity of a finding across edits: a stable hash of path, rule, text and line text.
pub fn key(path: &str, finding: &FindingReport) -> String {
    entry_key(path, &finding.rule, &finding.text, &finding.context)
}

fn entry_key(path: &str, rule: &str, text: &str, context: &str) -> String {
    let mut hash = StableHash::new();
    for part in [
        normalise_path(path).as_str(),
        rule,
        text,
        normalise_space(context).as_str(),
    ] {
        hash.write(part.as_bytes());
        hash.write(&[0]);
    }
    format!("{:016x}", hash.finish())
}

fn normalise_path(path: &str) -> String {
    path.replace('\\', "/").trim_start_matches("./").to_owned()
}

fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a, 64 bits: stable across platforms, Rust versions and runs, unlike `DefaultHasher`,
/// which is what baselines and shards (`--shard`) need.
#[derive(Clone, Copy, Debug)]
pub struct StableHash(u64);

impl StableHash {
    /// The hash of nothing (FNV's offset basis).
    pub fn new() -> StableHash {
        StableHash(0xcbf2_9ce4_8422_2325)
    }

    /// Add bytes to the hash.
    pub fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash of everything written.
    pub fn finish(self) -> u64 {
        self.0
    }
}

impl Default for StableHash {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::tests::{file, finding};

    #[test]
    fn accepted_findings_survive_edits_above_them_and_new_ones_are_kept() {
        let baseline = Baseline::record(&[file(vec![finding(3, "e-mail", "Send an e-mail.")])]);
        // Two lines were added above, and the same mistake was made again elsewhere.
        let mut later = file(vec![
            finding(5, "e-mail", "Send  an e-mail."),
            finding(9, "e-mail", "Reply by e-mail."),
        ]);
        let removed = baseline.filter(&mut baseline.counts(), &mut later);
        assert_eq!(removed, 1);
        assert_eq!(later.findings.len(), 1);
        assert_eq!(later.findings[0].line, 9);
    }

    #[test]
    fn identical_findings_are_counted() {
        let twice = vec![
            finding(1, "e-mail", "e-mail"),
            finding(2, "e-mail", "e-mail"),
        ];
        let baseline = Baseline::record(&[file(twice[..1].to_vec())]);
        let mut later = file(twice);
        baseline.filter(&mut baseline.counts(), &mut later);
        assert_eq!(later.findings.len(), 1);
    }

    /// The linted file and its report lose the same findings: the CLI prints from one and
    /// writes JSON from the other.
    #[test]
    fn filtering_a_linted_file_keeps_it_and_its_report_in_step() {
        use crate::guideline::{Guideline, GuidelineSource};
        let guideline = Guideline::compile(&[GuidelineSource {
            name: "g.toml".into(),
            text: "[[rule]]\nid = \"brand.email\"\nkind = \"avoid\"\nphrases = [\"e-mail\"]\n"
                .into(),
        }])
        .expect("guideline");
        let lint = |text: &str| {
            let document = crate::document::Document::parse(
                crate::document::Format::Markdown,
                text.to_owned(),
            );
            let settings = onbrand_engine::config::FileSettings::default();
            crate::lint::lint_document(
                std::path::Path::new("blog/a.md"),
                document,
                &guideline,
                &settings,
                None,
            )
        };
        let before = lint("Send an e-mail.\n");
        let baseline = Baseline::record(&[crate::json::file_report(&before)]);
        let mut after = lint("# New\n\nSend an e-mail.\n\nReply by e-mail.\n");
        let mut report = crate::json::file_report(&after);
        assert_eq!(report.findings.len(), 2);
        let removed = baseline.counts().filter_linted(&mut after, &mut report);
        assert_eq!(removed, 1);
        assert_eq!(after.findings.len(), 1);
        assert_eq!(report.findings.len(), 1);
        assert_eq!(report.findings[0].line, 5);
        assert_eq!(
            after.findings[0].span.start,
            "# New\n\nSend an e-mail.\n\nReply by ".len()
        );
        // A second pass with the same counts accepts nothing more: each entry is used once.
        let mut counts = baseline.counts();
        let mut again = lint("Send an e-mail.\nSend an e-mail.\n");
        let mut again_report = crate::json::file_report(&again);
        assert_eq!(counts.filter_linted(&mut again, &mut again_report), 1);
        assert_eq!((again.findings.len(), again_report.findings.len()), (1, 1));
    }

    #[test]
    fn the_hash_is_fnv1a() {
        // Test vectors published with the FNV specification.
        let hash = |bytes: &[u8]| {
            let mut hash = StableHash::new();
            hash.write(bytes);
            hash.finish()
        };
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
