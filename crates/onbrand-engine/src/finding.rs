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
    /// The fixes offered, best first (alternatives, of which one is applied); empty when there
    /// is no automatic fix. A document-level finding offers one fix with an edit per occurrence.
    pub fixes: Vec<Fix>,
    /// Every place of a document-level finding (a rule with `once-per-document`), the first
    /// being `span`: one decision (the form of address, a spelling variant) is one finding,
    /// however often it shows. Empty for a finding at one place.
    pub occurrences: Vec<Occurrence>,
    /// For a finding in an encoded part of the document (a base64 e-mail body, an RFC 2047
    /// subject): where it is in the part's decoded text ([`crate::document::Document::encoded`]).
    pub decoded: Option<DecodedSpan>,
}

/// Whether a fix may be applied without a person reading it (ruff's applicability): what
/// `check --fix` applies, what an editor marks as the preferred quick fix.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the meaning (a fixed term swapped for the preferred one): `--fix` applies it.
    Safe,
    /// May change the meaning or picks one of several readings (a spelling suggestion, a
    /// removed word, a re-cased heading that may hold a name): offered, applied only with
    /// `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// The name as guideline files and outputs write it (`safe`).
    pub fn name(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }

    /// Whether a fix of this applicability is applied when `allowed` is the most a run
    /// accepts (`Safe` for `--fix`, `Unsafe` for `--unsafe-fixes`).
    pub fn allowed_by(self, allowed: Applicability) -> bool {
        self <= allowed
    }
}

/// One replacement of a byte range of the source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the document's source text (empty for an insertion).
    pub span: Range<usize>,
    /// What replaces it.
    pub replacement: String,
}

/// One way to fix a finding: edits that apply together or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fix {
    /// What the fix does, for people (a code action's title): `Replace with 'email'`.
    pub title: String,
    /// Whether it may be applied unread.
    pub applicability: Applicability,
    /// The edits, in text order, none overlapping another.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of `edits` (sorted into text order here).
    pub fn new(title: String, applicability: Applicability, mut edits: Vec<Edit>) -> Fix {
        edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
        Fix {
            title,
            applicability,
            edits,
        }
    }

    /// What replaces exactly `span`, when one of the edits does: the replacement of a finding's
    /// own place, as outputs that show one replacement per finding list it.
    pub fn replacement_at(&self, span: &Range<usize>) -> Option<&str> {
        self.edits
            .iter()
            .find(|edit| edit.span == *span)
            .map(|edit| edit.replacement.as_str())
    }
}

/// One place where a document-level finding shows, with the fix for that place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// Byte range in the document's source text.
    pub span: Range<usize>,
    /// The best fix of this place, when there is one.
    pub fix: Option<Fix>,
}

impl Occurrence {
    /// The place of a finding at one place, with its best fix.
    pub fn of(finding: &Finding) -> Occurrence {
        Occurrence {
            span: finding.span.clone(),
            fix: finding.fixes.first().cloned(),
        }
    }

    /// What replaces this place, when its fix replaces it.
    pub fn replacement(&self) -> Option<&str> {
        self.fix.as_ref()?.replacement_at(&self.span)
    }
}

/// The fix of a finding that stands for several places: one fix with every place's edits
/// (safe only when every place's fix is), or none unless every place has a fix, so that
/// applying it settles the whole decision.
pub fn fix_all(occurrences: &[Occurrence]) -> Vec<Fix> {
    let Some(fixes) = occurrences
        .iter()
        .map(|occurrence| occurrence.fix.as_ref())
        .collect::<Option<Vec<&Fix>>>()
    else {
        return Vec::new();
    };
    let Some(applicability) = fixes.iter().map(|fix| fix.applicability).max() else {
        return Vec::new();
    };
    let edits = fixes
        .iter()
        .flat_map(|fix| fix.edits.iter().cloned())
        .collect();
    let title = format!("Fix all {} occurrences", occurrences.len());
    vec![Fix::new(title, applicability, edits)]
}

impl Finding {
    /// The id of the rule that reported it.
    pub fn rule_id(&self) -> &str {
        &self.rule.id
    }

    /// The replacements of the finding's own place, best first: what outputs that show one
    /// text per fix list (the edits of a fix elsewhere, an article before the term, are in
    /// [`Self::fixes`]).
    pub fn replacements(&self) -> Vec<&str> {
        self.fixes
            .iter()
            .filter_map(|fix| fix.replacement_at(&self.span))
            .collect()
    }

    /// The fix a run applies when `allowed` is the most it accepts: the best one, when its
    /// applicability is allowed.
    pub fn fix_within(&self, allowed: Applicability) -> Option<&Fix> {
        self.fixes
            .first()
            .filter(|fix| fix.applicability.allowed_by(allowed))
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
