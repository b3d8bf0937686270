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

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(span: Range<usize>, replacement: &str) -> Edit {
        Edit {
            span,
            replacement: replacement.to_owned(),
        }
    }

    fn finding(span: Range<usize>, fixes: Vec<Fix>) -> Finding {
        Finding {
            rule: Arc::new(RuleInfo {
                id: "t.rule".into(),
                severity: Severity::Warning,
                link: None,
            }),
            severity: Severity::Warning,
            message: String::new(),
            span,
            fixes,
            occurrences: Vec::new(),
            decoded: None,
        }
    }

    #[test]
    fn names_are_as_files_and_outputs_write_them() {
        let severities = [Severity::Suggestion, Severity::Warning, Severity::Error];
        assert_eq!(
            severities.map(Severity::name),
            ["suggestion", "warning", "error"]
        );
        assert_eq!(
            [Applicability::Safe, Applicability::Unsafe].map(Applicability::name),
            ["safe", "unsafe"]
        );
    }

    /// `--fix` allows safe fixes; `--unsafe-fixes` allows both.
    #[test]
    fn what_each_level_allows() {
        use Applicability::{Safe, Unsafe};
        assert!(Safe.allowed_by(Safe) && Safe.allowed_by(Unsafe) && Unsafe.allowed_by(Unsafe));
        assert!(!Unsafe.allowed_by(Safe));
    }

    /// The replacement of the finding's own place, for each fix that has one; the best fix
    /// only when its applicability is allowed.
    #[test]
    fn replacements_and_the_fix_a_run_applies() {
        let article = Fix::new(
            "Replace with 'an account'".into(),
            Applicability::Safe,
            vec![edit(2..14, "account"), edit(0..1, "an")],
        );
        assert_eq!(article.edits[0].span, 0..1, "edits in text order");
        let elsewhere = Fix::new(String::new(), Applicability::Unsafe, vec![edit(0..1, "x")]);
        let found = finding(2..14, vec![article.clone(), elsewhere]);
        assert_eq!(found.replacements(), ["account"]);
        assert_eq!(found.fix_within(Applicability::Safe), Some(&article));
        let risky = Fix::new(String::new(), Applicability::Unsafe, vec![edit(2..14, "ü")]);
        let unsafe_first = finding(2..14, vec![risky.clone(), article]);
        assert_eq!(unsafe_first.fix_within(Applicability::Safe), None);
        assert_eq!(unsafe_first.fix_within(Applicability::Unsafe), Some(&risky));
        assert_eq!(
            finding(0..1, Vec::new()).fix_within(Applicability::Unsafe),
            None
        );
    }

    /// A fix-all has every place's edits, is unsafe when one place's fix is, and is no fix
    /// when a place has none.
    #[test]
    fn a_fix_all_settles_every_place_or_none() {
        let place = |span: Range<usize>, applicability| {
            let fix = Fix::new(String::new(), applicability, vec![edit(span.clone(), "中")]);
            Occurrence::of(&finding(span, vec![fix]))
        };
        let occurrences = [
            place(9..12, Applicability::Safe),
            place(0..4, Applicability::Unsafe),
        ];
        assert_eq!(occurrences[0].replacement(), Some("中"));
        let all = fix_all(&occurrences);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].title, "Fix all 2 occurrences");
        assert_eq!(all[0].applicability, Applicability::Unsafe);
        assert_eq!(all[0].edits, [edit(0..4, "中"), edit(9..12, "中")]);
        let safe = [
            place(0..4, Applicability::Safe),
            place(9..12, Applicability::Safe),
        ];
        assert_eq!(fix_all(&safe)[0].applicability, Applicability::Safe);
        let unfixable = Occurrence::of(&finding(5..7, Vec::new()));
        assert_eq!(unfixable.replacement(), None);
        assert!(fix_all(&[occurrences[0].clone(), unfixable]).is_empty());
        assert!(fix_all(&[]).is_empty());
    }

    #[test]
    fn a_finding_stands_for_its_places() {
        let mut one = finding(3..5, Vec::new());
        assert_eq!(one.rule_id(), "t.rule");
        assert_eq!(one.spans().collect::<Vec<_>>(), [&(3..5)]);
        assert_eq!(one.occurrence_count(), 1);
        one.occurrences = vec![
            Occurrence::of(&one),
            Occurrence::of(&finding(8..9, Vec::new())),
        ];
        assert_eq!(one.spans().collect::<Vec<_>>(), [&(3..5), &(8..9)]);
        assert_eq!(one.occurrence_count(), 2);
    }
}
