//! Applying fixes, and writing them back safely.
//!
//! A finding's best fix is applied when the run allows its applicability (`--fix`: safe fixes;
//! `--unsafe-fixes`: all), with all of its edits or none. Overlapping fixes cannot both apply:
//! the one that starts first wins and the other is left for the next run, so applying fixes
//! again until nothing changes converges. Files are written
//! back by [`write`] (with the `fs` feature): atomically, keeping their permissions, and not at
//! all when they changed on disk since they were read.

#[cfg(feature = "fs")]
mod write;

#[cfg(feature = "fs")]
pub use write::{TEMPORARY_PREFIX, TEMPORARY_SUFFIX, WriteError, is_verbatim, write_atomically};

use std::collections::BTreeMap;
use std::ops::{Bound, Range};

use crate::finding::{Applicability, Finding, Fix};

/// Apply the best fix of every finding whose best fix `allowed` permits (`Safe`: what
/// `--fix` applies; `Unsafe`: `--unsafe-fixes`, both), all of a fix's edits or none. Returns
/// the new text and how many fixes were applied.
pub fn apply(text: &str, findings: &[Finding], allowed: Applicability) -> (String, usize) {
    let taken = selected(text, findings, allowed);
    let mut edits: Vec<(&Range<usize>, &str)> = taken
        .iter()
        .flat_map(|(_, fix)| fix.edits.iter())
        .map(|edit| (&edit.span, edit.replacement.as_str()))
        .collect();
    edits.sort_by_key(|(span, _)| (span.start, span.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for (span, replacement) in edits {
        out.push_str(&text[cursor..span.start]);
        out.push_str(replacement);
        cursor = span.end;
    }
    out.push_str(&text[cursor..]);
    (out, taken.len())
}

/// The findings [`apply`] applies the fix of, as indices in ascending order: the servers list
/// these as "fixes applied".
pub fn applicable(text: &str, findings: &[Finding], allowed: Applicability) -> Vec<usize> {
    let mut indices: Vec<usize> = selected(text, findings, allowed)
        .into_iter()
        .map(|(index, _)| index)
        .collect();
    indices.sort_unstable();
    indices
}

/// How many findings have a best fix that `allowed` does not permit: the unsafe fixes a
/// `--fix` run leaves, which the summary mentions (`--unsafe-fixes` applies them).
pub fn withheld(findings: &[Finding], allowed: Applicability) -> usize {
    findings
        .iter()
        .filter(|finding| {
            finding
                .fixes
                .first()
                .is_some_and(|fix| !fix.applicability.allowed_by(allowed))
        })
        .count()
}

/// The fixes [`apply`] makes (and an editor's "fix all"), with the index of their finding, in
/// the order they were taken: each finding's best fix when `allowed` permits it and its edits
/// lie on character boundaries of `text`, by where its first edit starts; of two starting at
/// one place the longer first (the longer term is the more specific: "E-Mail-Adresse" before
/// "E-Mail"), then the finding's order. A fix with an edit that overlaps one already taken is
/// left whole for the next run, so the result does not depend on the order of `findings`.
pub fn selected<'a>(
    text: &str,
    findings: &'a [Finding],
    allowed: Applicability,
) -> Vec<(usize, &'a Fix)> {
    let mut candidates: Vec<(usize, &Fix)> = findings
        .iter()
        .enumerate()
        .filter_map(|(index, finding)| Some((index, finding.fix_within(allowed)?)))
        .filter(|(_, fix)| !fix.edits.is_empty() && fix.edits.iter().all(|e| fits(text, &e.span)))
        .collect();
    candidates.sort_by_key(|(index, fix)| {
        let first = &fix.edits[0].span;
        (first.start, std::cmp::Reverse(first.end), *index)
    });
    let mut taken = Taken::default();
    candidates.retain(|(_, fix)| taken.take(fix));
    candidates
}

/// Whether `span` is a range of `text` between character boundaries.
fn fits(text: &str, span: &Range<usize>) -> bool {
    span.start <= span.end && text.is_char_boundary(span.start) && text.is_char_boundary(span.end)
}

/// The edits taken so far, by start: no two overlap, so a new edit can only collide with its
/// nearest neighbour on either side (a logarithmic test, however many fixes a file has).
#[derive(Default)]
struct Taken {
    ends_by_start: BTreeMap<usize, usize>,
}

impl Taken {
    /// Take every edit of `fix`, if none collides with one taken or with another of its own.
    fn take(&mut self, fix: &Fix) -> bool {
        let mut own = Taken::default();
        for edit in &fix.edits {
            if self.collides(&edit.span) || own.collides(&edit.span) {
                return false;
            }
            own.ends_by_start.insert(edit.span.start, edit.span.end);
        }
        self.ends_by_start.extend(own.ends_by_start);
        true
    }

    /// Two edits collide when their ranges share a character or they start at one place (two
    /// insertions there, or an insertion where a replacement starts: which comes first would
    /// be a guess).
    fn collides(&self, span: &Range<usize>) -> bool {
        let before = self.ends_by_start.range(..=span.start).next_back();
        let after = self
            .ends_by_start
            .range((Bound::Excluded(span.start), Bound::Unbounded))
            .next();
        before.is_some_and(|(&start, &end)| start == span.start || end > span.start)
            || after.is_some_and(|(&start, _)| start < span.end)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::finding::{Edit, RuleInfo, Severity};

    /// A finding at the first edit's span whose one fix makes `edits`.
    fn finding(applicability: Applicability, edits: &[(Range<usize>, &str)]) -> Finding {
        let rule = Arc::new(RuleInfo {
            id: "t".into(),
            severity: Severity::Warning,
            link: None,
        });
        let edits = edits
            .iter()
            .map(|(span, replacement)| Edit {
                span: span.clone(),
                replacement: (*replacement).to_owned(),
            })
            .collect::<Vec<_>>();
        Finding {
            rule,
            severity: Severity::Warning,
            message: String::new(),
            span: edits[0].span.clone(),
            fixes: vec![Fix::new(String::new(), applicability, edits)],
            occurrences: Vec::new(),
            decoded: None,
        }
    }

    fn safe(span: Range<usize>, replacement: &str) -> Finding {
        finding(Applicability::Safe, &[(span, replacement)])
    }

    fn at(text: &str, needle: &str) -> Range<usize> {
        let start = text.find(needle).unwrap();
        start..start + needle.len()
    }

    #[test]
    fn applies_fixes_in_text_order_and_skips_overlaps() {
        let text = "Send an e-mail via Github, grüße 👋 e-mail";
        let first = at(text, "e-mail");
        let github = at(text, "Github");
        let last = text.rfind("e-mail").unwrap();
        let findings = [
            safe(last..last + 6, "email"),
            safe(first.clone(), "email"),
            safe(first.start + 2..first.end, "overlapping"),
            safe(github, "GitHub"),
        ];
        let (fixed, applied) = apply(text, &findings, Applicability::Safe);
        assert_eq!(fixed, "Send an email via GitHub, grüße 👋 email");
        assert_eq!(applied, 3);
        assert_eq!(applicable(text, &findings, Applicability::Safe), [0, 1, 3]);
    }

    /// `--fix` leaves unsafe fixes and counts them; `--unsafe-fixes` applies both.
    #[test]
    fn unsafe_fixes_apply_only_when_allowed_and_are_counted_otherwise() {
        let text = "Größe the the 数据 e-mail";
        let findings = [
            finding(Applicability::Unsafe, &[(at(text, "the the"), "the")]),
            safe(at(text, "e-mail"), "email"),
        ];
        assert_eq!(
            apply(text, &findings, Applicability::Safe),
            ("Größe the the 数据 email".to_owned(), 1)
        );
        assert_eq!(withheld(&findings, Applicability::Safe), 1);
        assert_eq!(applicable(text, &findings, Applicability::Safe), [1]);
        assert_eq!(
            apply(text, &findings, Applicability::Unsafe),
            ("Größe the 数据 email".to_owned(), 2)
        );
        assert_eq!(withheld(&findings, Applicability::Unsafe), 0);
    }

    /// A fix of several edits applies whole or not at all: one edit overlapping a fix taken
    /// first leaves every edit of it for the next run.
    #[test]
    fn a_fix_of_several_edits_applies_whole_or_not_at_all() {
        let text = "a user profile, a 🦊 user profile";
        let second = text.rfind("user profile").unwrap();
        let article_fix = finding(
            Applicability::Safe,
            &[(0..1, "an"), (at(text, "user profile"), "account")],
        );
        let clashing = finding(
            Applicability::Safe,
            &[(second..second + 12, "account"), (2..6, "member")],
        );
        let (fixed, applied) = apply(
            text,
            &[clashing.clone(), article_fix.clone()],
            Applicability::Safe,
        );
        assert_eq!(
            (fixed.as_str(), applied),
            ("an account, a 🦊 user profile", 1)
        );
        // Run again on what is left: the clash is gone and the other fix applies.
        let rest = safe(fixed.rfind("user profile").unwrap()..fixed.len(), "account");
        let (again, _) = apply(&fixed, &[rest], Applicability::Safe);
        assert_eq!(again, "an account, a 🦊 account");
    }

    /// Which of two colliding fixes wins depends on where they start, not on the order of the
    /// findings; two insertions at one place, or an insertion inside a replacement, collide.
    #[test]
    fn collisions_are_decided_by_position_whatever_the_order_of_findings() {
        let text = "über 中文 😀 end";
        let word = at(text, "中文");
        let early = safe(at(text, "über 中文"), "over Chinese");
        let late = safe(word.clone(), "Chinese");
        let forward = apply(text, &[early.clone(), late.clone()], Applicability::Safe);
        let backward = apply(text, &[late, early], Applicability::Safe);
        assert_eq!(forward, ("over Chinese 😀 end".to_owned(), 1));
        assert_eq!(forward, backward);

        let smile = at(text, "😀");
        let insert_a = safe(smile.start..smile.start, "A");
        let insert_b = safe(smile.start..smile.start, "B");
        let inside = safe(word.start + 3..word.start + 3, "-");
        let adjacent = safe(smile.end..smile.end, "!");
        let findings = [insert_b, insert_a, safe(word, "zh"), inside, adjacent];
        assert_eq!(
            apply(text, &findings, Applicability::Safe),
            ("über zh B😀! end".to_owned(), 3)
        );
    }

    /// Edits that touch without overlapping all apply: one ending where the next starts, on
    /// either side of an edit taken first, in ASCII and after multi-byte characters.
    #[test]
    fn adjacent_edits_do_not_collide() {
        let (a, b) = (safe(0..1, "x"), safe(1..2, "y"));
        assert_eq!(
            apply("ab", &[b, a], Applicability::Safe),
            ("xy".to_owned(), 2)
        );
        // A fix taken first with edits on both sides of the later ones, which touch it and
        // each other.
        let text = "中文😀ab";
        let wide = finding(Applicability::Safe, &[(0..3, "Z"), (10..11, "A")]);
        let (left, right) = (safe(3..6, "-"), safe(6..10, "!"));
        assert_eq!(
            apply(text, &[right, left, wide], Applicability::Safe),
            ("Z-!Ab".to_owned(), 3)
        );
    }

    /// An edit inside a character or past the end is never made (a stale finding).
    #[test]
    fn edits_off_character_boundaries_are_refused() {
        let text = "grüße";
        // A reversed range, as a stale finding might hold.
        let reversed = std::ops::Range { start: 6, end: 4 };
        let findings = [safe(3..4, "x"), safe(4..9, "x"), safe(reversed, "x")];
        assert_eq!(
            apply(text, &findings, Applicability::Unsafe),
            (text.to_owned(), 0)
        );
        let own_overlap = finding(Applicability::Safe, &[(0..4, "a"), (1..2, "b")]);
        assert_eq!(
            apply(text, &[own_overlap], Applicability::Safe),
            (text.to_owned(), 0)
        );
    }
}
