//! Against a baseline: which findings are new, and which baseline findings are gone (fixed).
//!
//! Matching is the baseline's own (see [`crate::output::baseline`]): a finding is known when
//! an unused baseline entry has its path, rule, matched text and line text, so it survives
//! edits above it; entries are counted, so a second identical finding is new.

use std::collections::HashMap;

use serde::Serialize;

use crate::finding::Severity;
use crate::output::baseline::{self, Baseline, BaselineEntry};
use crate::output::json::{FileReport, FindingReport};

/// What changed against a baseline (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BaselineDiff {
    /// Findings of this run the baseline does not hold, in path and line order.
    pub new: Vec<NewFinding>,
    /// Baseline entries no finding of this run matches, in baseline order.
    pub fixed: Vec<BaselineEntry>,
}

/// A finding the baseline does not hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NewFinding {
    /// The file, as printed.
    pub path: String,
    /// The rule that reported it.
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// 1-based line.
    pub line: u32,
    /// The rule's message.
    pub message: String,
    /// The matched text.
    pub text: String,
}

/// A run matched against a baseline file by file as the run goes: memory for the baseline and
/// the new findings, not for the run.
pub(crate) struct Matcher<'a> {
    baseline: &'a Baseline,
    /// Baseline entries by key, each a queue of entry indices not yet matched.
    open: HashMap<String, Vec<usize>>,
    /// New findings with the place of their document in the run.
    new: Vec<(usize, NewFinding)>,
}

impl<'a> Matcher<'a> {
    pub(crate) fn new(baseline: &'a Baseline) -> Matcher<'a> {
        let mut open: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, entry) in baseline.findings.iter().enumerate().rev() {
            open.entry(entry_key(entry)).or_default().push(index);
        }
        Matcher {
            baseline,
            open,
            new: Vec::new(),
        }
    }

    /// Match the findings of the file at place `index` of the run. A key holds the path, so
    /// files may come in any order.
    pub(crate) fn add(&mut self, index: usize, file: &FileReport) {
        for finding in &file.findings {
            let matched = self
                .open
                .get_mut(&baseline::key(&file.path, finding))
                .and_then(Vec::pop);
            if matched.is_none() {
                self.new.push((
                    index,
                    NewFinding {
                        path: file.path.clone(),
                        rule: finding.rule.clone(),
                        severity: finding.severity,
                        line: finding.line,
                        message: finding.message.clone(),
                        text: finding.text.clone(),
                    },
                ));
            }
        }
    }

    /// The difference; `place` turns a document's place in the run into its place in path
    /// order.
    pub(crate) fn finish(self, place: &[usize]) -> BaselineDiff {
        let mut new = self.new;
        // Stable: a file's findings keep their order.
        new.sort_by_key(|(index, _)| place.get(*index).copied().unwrap_or(usize::MAX));
        let mut left: Vec<usize> = self.open.into_values().flatten().collect();
        left.sort_unstable();
        BaselineDiff {
            new: new.into_iter().map(|(_, finding)| finding).collect(),
            fixed: left
                .into_iter()
                .filter_map(|index| self.baseline.findings.get(index).cloned())
                .collect(),
        }
    }
}

/// The key of a baseline entry, computed the way the baseline keys a finding.
fn entry_key(entry: &BaselineEntry) -> String {
    let probe = FindingReport {
        rule: entry.rule.clone(),
        severity: Severity::Suggestion,
        message: String::new(),
        line: 0,
        column: 0,
        end_line: 0,
        end_column: 0,
        offset: 0,
        end_offset: 0,
        text: entry.text.clone(),
        context: entry.context.clone(),
        fixes: Vec::new(),
        link: None,
        fix_details: Vec::new(),
        occurrences: Vec::new(),
        decoded: None,
    };
    baseline::key(&entry.path, &probe)
}
