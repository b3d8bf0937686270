//! Findings: what a check reports, in source coordinates.

use std::ops::Range;
use std::sync::Arc;

use crate::document::DecodedSpan;

/// How much a finding matters: the MoSCoW of a style guide.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth considering; never fails a run by default.
    Suggestion,
    /// Should be fixed.
    Warning,
    /// Must be fixed.
    Error,
}

impl Severity {
    /// The severity's name as guideline files and outputs write it (`warning`).
    pub fn name(self) -> &'static str {
        match self {
            Severity::Suggestion => "suggestion",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The parts of a rule a finding carries along, shared by all of the rule's findings.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleInfo {
    /// The rule's id (`brand.terms`).
    pub id: Arc<str>,
    /// The rule's own severity.
    pub severity: Severity,
    /// Where the rule is explained (`link = …` in the guideline).
    pub link: Option<Arc<str>>,
}

/// One problem in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// The rule that reported it.
    pub rule: Arc<RuleInfo>,
    /// The severity in force (a configuration override may differ from the rule's own).
    pub severity: Severity,
    /// What is wrong, for people (the rule's message with its placeholders filled).
    pub message: String,
    /// Byte range in the document's source text.
    pub span: Range<usize>,
    /// Replacements for `span`, best first; empty when there is no automatic fix.
    pub fixes: Vec<String>,
    /// Every place of a document-level finding (a rule with `once-per-document`), the first
    /// being `span`: one decision (the form of address, a spelling variant) is one finding,
    /// however often it shows. Empty for a finding at one place.
    pub occurrences: Vec<Occurrence>,
    /// For a finding in an encoded part of the document (a base64 e-mail body, an RFC 2047
    /// subject): where it is in the part's decoded text ([`crate::document::Document::encoded`]).
    pub decoded: Option<DecodedSpan>,
}

/// One place where a document-level finding shows, with the fix for that place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// Byte range in the document's source text.
    pub span: Range<usize>,
    /// The replacement for this place, when there is one.
    pub fix: Option<String>,
}

impl Finding {
    /// The id of the rule that reported it.
    pub fn rule_id(&self) -> &str {
        &self.rule.id
    }

    /// The edits that fix this finding: the first fix at `span`, or for a document-level
    /// finding one edit per occurrence (a fix-all), only when every occurrence has a fix.
    pub fn edits(&self) -> Vec<(Range<usize>, &str)> {
        if self.occurrences.is_empty() {
            return self
                .fixes
                .first()
                .map(|fix| (self.span.clone(), fix.as_str()))
                .into_iter()
                .collect();
        }
        self.occurrences
            .iter()
            .map(|occurrence| Some((occurrence.span.clone(), occurrence.fix.as_deref()?)))
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default()
    }

    /// Every place of the finding: its occurrences, or its one span.
    pub fn spans(&self) -> impl Iterator<Item = &Range<usize>> {
        let single = self.occurrences.is_empty().then_some(&self.span);
        single
            .into_iter()
            .chain(self.occurrences.iter().map(|occurrence| &occurrence.span))
    }

    /// How many places the finding stands for (1 for a finding at one place).
    pub fn occurrence_count(&self) -> usize {
        self.occurrences.len().max(1)
    }
}
