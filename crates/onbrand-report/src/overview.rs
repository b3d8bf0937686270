//! The summary: documents, words, findings by severity, rule, channel, team and language; and
//! the run's root folder, below which top-level folders are teams.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::doc::Doc;
use crate::finding::Severity;
use crate::output::Summary;
use crate::output::json::{FileReport, FindingReport};

pub use crate::doc::{NONE, SeverityCounts};

/// Name of the team of documents directly in the root folder.
pub const ROOT_TEAM: &str = "(root)";

/// One row of a "by …" table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Group {
    /// The group's name ([`NONE`] for documents without one).
    pub name: String,
    /// Documents in the group.
    pub documents: usize,
    /// Prose words of the group's documents that report a word count.
    pub words: usize,
    /// The group's findings.
    pub findings: SeverityCounts,
}

/// Findings of one rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RuleCount {
    /// The rule's id.
    pub rule: String,
    /// The highest severity the rule had in any file (overrides may differ per file).
    pub severity: Option<Severity>,
    /// Its findings over the run.
    pub findings: usize,
    /// Documents with at least one of its findings.
    pub documents: usize,
    /// Where the rule is explained (the guideline's `link`).
    pub link: Option<String>,
}

/// The run in numbers: what a reviewer reads first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Overview {
    /// Documents linted.
    pub documents: usize,
    /// Total prose words, when the run measured them (`None`: no file has a word count).
    pub words: Option<usize>,
    /// Findings by severity.
    pub findings: SeverityCounts,
    /// Most findings first.
    pub by_rule: Vec<RuleCount>,
    /// By name.
    pub by_channel: Vec<Group>,
    /// By team (top-level folder below the root), by name.
    pub by_team: Vec<Group>,
    /// By language, by name.
    pub by_language: Vec<Group>,
}

pub(crate) fn build(docs: &[Doc], teams: &[Arc<str>], by_rule: Vec<RuleCount>) -> Overview {
    let mut findings = SeverityCounts::default();
    for doc in docs {
        findings.absorb(doc.counts);
    }
    let any_words = docs.iter().any(|doc| doc.words.is_some());
    Overview {
        documents: docs.len(),
        words: any_words.then(|| docs.iter().filter_map(|doc| doc.words).sum()),
        findings,
        by_rule,
        by_channel: groups(docs, |doc, _| doc.channel_name(), teams),
        by_team: groups(docs, |_, team| team, teams),
        by_language: groups(docs, |doc, _| doc.language_name(), teams),
    }
}

fn groups<'a>(
    docs: &'a [Doc],
    key: impl Fn(&'a Doc, &'a str) -> &'a str,
    teams: &'a [Arc<str>],
) -> Vec<Group> {
    let mut groups: BTreeMap<&str, Group> = BTreeMap::new();
    for (doc, team) in docs.iter().zip(teams) {
        let name = key(doc, team);
        let group = groups.entry(name).or_insert_with(|| Group {
            name: name.to_owned(),
            ..Group::default()
        });
        group.documents += 1;
        group.words += doc.words.unwrap_or(0);
        group.findings.absorb(doc.counts);
    }
    groups.into_values().collect()
}

/// Findings per rule, counted file by file as the run goes.
#[derive(Default)]
pub(crate) struct RuleTally {
    rules: BTreeMap<String, TalliedRule>,
}

struct TalliedRule {
    count: RuleCount,
    /// The file whose finding gave the rule its link: the first by path, as if the files
    /// came sorted.
    link_from: Arc<str>,
}

impl RuleTally {
    /// Count the findings of the file at `path`.
    pub(crate) fn add(&mut self, path: &Arc<str>, findings: &[FindingReport]) {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for finding in findings {
            let first_here = seen.insert(&finding.rule);
            let tallied = self
                .rules
                .entry(finding.rule.clone())
                .or_insert_with(|| TalliedRule {
                    count: RuleCount {
                        rule: finding.rule.clone(),
                        link: finding.link.clone(),
                        ..RuleCount::default()
                    },
                    link_from: path.clone(),
                });
            if first_here {
                tallied.count.documents += 1;
                if **path < *tallied.link_from {
                    tallied.count.link.clone_from(&finding.link);
                    tallied.link_from = path.clone();
                }
            }
            tallied.count.findings += 1;
            // A configuration override may change a rule's severity per file: keep the highest.
            tallied.count.severity = tallied.count.severity.max(Some(finding.severity));
        }
    }

    /// The rules, most findings first.
    pub(crate) fn finish(self) -> Vec<RuleCount> {
        let mut counts: Vec<RuleCount> = self.rules.into_values().map(|t| t.count).collect();
        counts.sort_by(|a, b| {
            b.findings
                .cmp(&a.findings)
                .then_with(|| a.rule.cmp(&b.rule))
        });
        counts
    }
}

/// The run's summary recounted from its files.
pub fn summary_of(files: &[FileReport]) -> Summary {
    let mut summary = Summary {
        files: files.len(),
        ..Summary::default()
    };
    for file in files {
        let counts = SeverityCounts::of(&file.findings);
        summary.errors += counts.error;
        summary.warnings += counts.warning;
        summary.suggestions += counts.suggestion;
    }
    summary
}

/// The deepest folder holding every file (with `/` separators, no trailing slash; `""` when the
/// files share no folder).
pub fn common_root<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let mut root: Option<Vec<&str>> = None;
    for path in paths {
        let mut folders: Vec<&str> = path.split(['/', '\\']).collect();
        folders.pop();
        root = Some(match root {
            None => folders,
            Some(mut common) => {
                let same = common
                    .iter()
                    .zip(&folders)
                    .take_while(|(a, b)| a == b)
                    .count();
                common.truncate(same);
                common
            }
        });
    }
    root.unwrap_or_default().join("/")
}

/// The team of a file: its top-level folder below `root`.
pub fn team_of(path: &str, root: &str) -> String {
    let normalised = path.replace('\\', "/");
    let below = if root.is_empty() {
        normalised.as_str()
    } else {
        normalised
            .strip_prefix(root)
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(&normalised)
    };
    let below = below.trim_start_matches("./");
    match below.split_once('/') {
        Some((team, _)) if !team.is_empty() => team.to_owned(),
        _ => ROOT_TEAM.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_are_top_level_folders_below_the_common_root() {
        assert_eq!(team_of("site/blog/en/a.md", "site"), "blog");
        assert_eq!(team_of("site/a.md", "site"), ROOT_TEAM);
        assert_eq!(team_of("blog/a.md", ""), "blog");
        assert_eq!(team_of("./blog/a.md", "."), "blog");
    }
}
