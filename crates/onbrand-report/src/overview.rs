//! The summary: documents, words, findings by severity, rule, channel, team and language; and
//! the run's root folder, below which top-level folders are teams.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::finding::Severity;
use crate::output::Summary;
use crate::output::json::{FileReport, FindingReport};

/// Name of the group of documents without a channel or language.
pub const NONE: &str = "(none)";
/// Name of the team of documents directly in the root folder.
pub const ROOT_TEAM: &str = "(root)";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    pub error: usize,
    pub warning: usize,
    pub suggestion: usize,
}

impl SeverityCounts {
    pub fn of(findings: &[FindingReport]) -> SeverityCounts {
        let mut counts = SeverityCounts::default();
        for finding in findings {
            counts.add(finding.severity, 1);
        }
        counts
    }

    pub fn add(&mut self, severity: Severity, count: usize) {
        match severity {
            Severity::Error => self.error += count,
            Severity::Warning => self.warning += count,
            Severity::Suggestion => self.suggestion += count,
        }
    }

    pub fn total(&self) -> usize {
        self.error + self.warning + self.suggestion
    }

    fn absorb(&mut self, other: SeverityCounts) {
        self.error += other.error;
        self.warning += other.warning;
        self.suggestion += other.suggestion;
    }
}

/// One row of a "by …" table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Group {
    pub name: String,
    pub documents: usize,
    /// Prose words of the group's documents that report a word count.
    pub words: usize,
    pub findings: SeverityCounts,
}

/// Findings of one rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub rule: String,
    pub severity: Option<Severity>,
    pub findings: usize,
    pub documents: usize,
    pub link: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Overview {
    pub documents: usize,
    /// Total prose words, when the run measured them (`None`: no file has a word count).
    pub words: Option<usize>,
    pub findings: SeverityCounts,
    /// Most findings first.
    pub by_rule: Vec<RuleCount>,
    /// By name.
    pub by_channel: Vec<Group>,
    pub by_team: Vec<Group>,
    pub by_language: Vec<Group>,
}

pub fn build(files: &[FileReport], teams: &[String]) -> Overview {
    let mut findings = SeverityCounts::default();
    for file in files {
        findings.absorb(SeverityCounts::of(&file.findings));
    }
    let any_words = files.iter().any(|file| file.words.is_some());
    Overview {
        documents: files.len(),
        words: any_words.then(|| files.iter().filter_map(|file| file.words).sum()),
        findings,
        by_rule: by_rule(files),
        by_channel: groups(files, |file, _| channel_of(file).to_owned(), teams),
        by_team: groups(files, |_, team| team.to_owned(), teams),
        by_language: groups(files, |file, _| language_of(file).to_owned(), teams),
    }
}

pub fn channel_of(file: &FileReport) -> &str {
    file.channel.as_deref().unwrap_or(NONE)
}

pub fn language_of(file: &FileReport) -> &str {
    file.language.as_deref().unwrap_or(NONE)
}

fn groups(
    files: &[FileReport],
    key: impl Fn(&FileReport, &str) -> String,
    teams: &[String],
) -> Vec<Group> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (file, team) in files.iter().zip(teams) {
        let name = key(file, team);
        let group = groups.entry(name.clone()).or_insert_with(|| Group {
            name,
            ..Group::default()
        });
        group.documents += 1;
        group.words += file.words.unwrap_or(0);
        group.findings.absorb(SeverityCounts::of(&file.findings));
    }
    groups.into_values().collect()
}

fn by_rule(files: &[FileReport]) -> Vec<RuleCount> {
    let mut rules: BTreeMap<&str, RuleCount> = BTreeMap::new();
    for file in files {
        let mut last: Option<&str> = None;
        let mut rule_ids: Vec<&str> = file.findings.iter().map(|f| f.rule.as_str()).collect();
        rule_ids.sort_unstable();
        for finding in &file.findings {
            let entry = rules.entry(&finding.rule).or_insert_with(|| RuleCount {
                rule: finding.rule.clone(),
                link: finding.link.clone(),
                ..RuleCount::default()
            });
            entry.findings += 1;
            // A configuration override may change a rule's severity per file: keep the highest.
            entry.severity = entry.severity.max(Some(finding.severity));
        }
        for rule in rule_ids {
            if last != Some(rule) {
                if let Some(entry) = rules.get_mut(rule) {
                    entry.documents += 1;
                }
                last = Some(rule);
            }
        }
    }
    let mut counts: Vec<RuleCount> = rules.into_values().collect();
    counts.sort_by(|a, b| {
        b.findings
            .cmp(&a.findings)
            .then_with(|| a.rule.cmp(&b.rule))
    });
    counts
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
pub fn common_root(files: &[FileReport]) -> String {
    let mut root: Option<Vec<&str>> = None;
    for file in files {
        let mut folders: Vec<&str> = file.path.split(['/', '\\']).collect();
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
