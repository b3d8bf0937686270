//! Baselines: accept today's findings, report only new ones.
//!
//! A baseline entry is keyed on the file, the rule, the matched text and the text of its line —
//! never on the line number — so a finding keeps its identity when lines are added above it,
//! and a second identical finding on another line is still new (entries are counted).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::json::{FileReport, FindingReport};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub path: String,
    pub rule: String,
    pub text: String,
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
    pub fn new() -> StableHash {
        StableHash(0xcbf2_9ce4_8422_2325)
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

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
