//! Applying fixes, and writing them back safely.
//!
//! A fix replaces a finding's source span with its first suggestion. Overlapping fixes cannot
//! both apply: the earlier one wins and the later is left for the next run. Files are written
//! back by [`write`] (with the `fs` feature): atomically, keeping their permissions, and not at
//! all when they changed on disk since they were read.

#[cfg(feature = "fs")]
mod write;

#[cfg(feature = "fs")]
pub use write::{TEMPORARY_PREFIX, TEMPORARY_SUFFIX, WriteError, is_verbatim, write_atomically};

use crate::finding::Finding;

/// Apply the edits of every finding that has a fix (its first fix; every occurrence's fix for
/// a document-level finding), skipping edits that overlap an earlier one. Returns the new text
/// and how many edits were applied.
pub fn apply(text: &str, findings: &[Finding]) -> (String, usize) {
    let edits = selected_edits(text, findings);
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for (_, span, replacement) in &edits {
        out.push_str(&text[cursor..span.start]);
        out.push_str(replacement);
        cursor = span.end;
    }
    out.push_str(&text[cursor..]);
    (out, edits.len())
}

/// The findings [`apply`] applies an edit of, as indices in ascending order: the servers list
/// these as "fixes applied".
pub fn applicable(text: &str, findings: &[Finding]) -> Vec<usize> {
    let mut indices: Vec<usize> = selected_edits(text, findings)
        .into_iter()
        .map(|(index, _, _)| index)
        .collect();
    indices.sort_unstable();
    indices.dedup();
    indices
}

/// Every edit [`apply`] makes, with the index of its finding, in text order: the edits of
/// findings with a fix whose spans lie on character boundaries of `text`, without those that
/// overlap an earlier one (left for the next run).
fn selected_edits<'a>(
    text: &str,
    findings: &'a [Finding],
) -> Vec<(usize, std::ops::Range<usize>, &'a str)> {
    let mut edits: Vec<(usize, std::ops::Range<usize>, &str)> = findings
        .iter()
        .enumerate()
        .flat_map(|(index, finding)| {
            finding
                .edits()
                .into_iter()
                .map(move |(span, replacement)| (index, span, replacement))
        })
        .filter(|(_, span, _)| {
            span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end)
        })
        .collect();
    edits.sort_by_key(|(_, span, _)| (span.start, span.end));
    let mut cursor = 0;
    edits.retain(|(_, span, _)| {
        let keep = span.start >= cursor;
        if keep {
            cursor = span.end;
        }
        keep
    });
    edits
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::finding::{RuleInfo, Severity};

    fn finding(span: std::ops::Range<usize>, fix: &str) -> Finding {
        let rule = Arc::new(RuleInfo {
            id: "t".into(),
            severity: Severity::Warning,
            link: None,
        });
        Finding {
            rule,
            severity: Severity::Warning,
            message: String::new(),
            span,
            fixes: vec![fix.to_owned()],
            occurrences: Vec::new(),
            decoded: None,
        }
    }

    #[test]
    fn applies_fixes_back_to_front_and_skips_overlaps() {
        let text = "Send an e-mail via Github, grüße 👋 e-mail";
        let first = text.find("e-mail").unwrap();
        let github = text.find("Github").unwrap();
        let last = text.rfind("e-mail").unwrap();
        let findings = [
            finding(last..last + 6, "email"),
            finding(first..first + 6, "email"),
            finding(first + 2..first + 6, "overlapping"),
            finding(github..github + 6, "GitHub"),
        ];
        let (fixed, applied) = apply(text, &findings);
        assert_eq!(fixed, "Send an email via GitHub, grüße 👋 email");
        assert_eq!(applied, 3);
    }
}
