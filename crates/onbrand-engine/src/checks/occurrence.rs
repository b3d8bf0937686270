//! `kind = "occurrence"`: at most (or at least) N matches of a regular expression per sentence,
//! paragraph or document.
//!
//! ```toml
//! [[rule]]
//! id = "one-exclamation-mark"
//! kind = "occurrence"
//! channels = ["email"]
//! pattern = '!'
//! per = "document"
//! max = 1
//! message = "One exclamation mark per email is plenty."
//! ```
//!
//! - `per` (required): `"sentence"`, `"paragraph"` (each segment: a paragraph, heading, list
//!   item, table cell…) or `"document"` (every segment in scope together).
//! - `max`: every match beyond the first `max` in its sentence/paragraph/document is a finding,
//!   so the writer sees which ones are too many. With `once = true`, a sentence/paragraph/
//!   document over `max` is one finding instead, at its first match, saying how many there are
//!   (what Vale's `occurrence` does; the Vale importer sets it).
//! - `min`: a sentence/paragraph/document with fewer matches gets one finding, on its first
//!   word (for a document: the first word of its first segment in scope; a document with no
//!   segment in scope has nothing to point at and gets none). With `once = true`, a scope
//!   that has some matches gets it on its first match instead, as Vale reports it.
//! - Matching is case-sensitive unless `ignore-case = true`.
//!
//! Placeholders: `{match}` (the match beyond the limit; empty for `min`), `{count}` (matches in
//! the sentence/paragraph/document), `{limit}` (`max` or `min`), `{per}`.
//!
//! No fix: too many (or too few) matches are rewritten, not replaced.

use std::ops::Range;

use regex::Regex;

use super::regexes::RegexId;
use super::{CompileCx, Emitter, Located, SegmentCx, Vars};
use crate::prose;
use crate::spec::Per;

/// The fields of an occurrence rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// The regular expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<toml::Spanned<String>>,
    /// Where to count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<Per>,
    /// At most this many matches per `per`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// At least this many matches per `per`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// One finding per sentence/paragraph/document over `max`, at its first match (Vale's
    /// occurrence), instead of one per match beyond `max`; a `min` finding sits on the first
    /// match too, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub once: Option<bool>,
    /// Match case-insensitively (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_case: Option<bool>,
}
/// Rules of this kind offer no fix, so they do not take `fix`.
pub(crate) const OFFERS_FIXES: bool = false;

pub(crate) const PLACEHOLDERS: &[&str] = &["match", "count", "limit", "per"];
const DEFAULT_OVER: &str = "Too many '{match}': {count} in this {per}, at most {limit}.";
const DEFAULT_UNDER: &str = "Only {count} matches in this {per}; at least {limit} expected.";

#[derive(Debug)]
pub(crate) struct Occurrence {
    regex: Regex,
    id: RegexId,
    per: Per,
    max: Option<u32>,
    min: Option<u32>,
    /// One finding per scope over `max`, at its first match.
    once: bool,
}

/// Document-wide counting, for `per = "document"`.
#[derive(Default)]
pub(crate) struct State {
    /// Every match so far: segment index and range.
    matches: Vec<(usize, Range<usize>)>,
    /// The first segment in scope, where a "too few" finding goes.
    first_segment: Option<usize>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Occurrence> {
    cx.check_max_not_below_min(fields.max, fields.min);
    let per = cx.require(
        "per",
        fields.per,
        "where to count: `per = \"sentence\"`, `\"paragraph\"` or `\"document\"`",
    );
    if fields.max.is_none() && fields.min.is_none() {
        cx.error(
            Located::Key("id"),
            "an occurrence rule needs `max`, `min` or both",
        );
        return None;
    }
    let pattern = cx.require(
        "pattern",
        fields.pattern.as_ref(),
        "the regular expression to count, like `pattern = '!'`",
    )?;
    let (regex, id) = cx.regex("pattern", pattern, fields.ignore_case.unwrap_or(false))?;
    Some(Occurrence {
        regex,
        id,
        per: per?,
        max: fields.max,
        min: fields.min,
        once: fields.once.unwrap_or(false),
    })
}

fn per_name(per: Per) -> &'static str {
    match per {
        Per::Sentence => "sentence",
        Per::Paragraph => "paragraph",
        Per::Document => "document",
    }
}

impl Occurrence {
    fn matches(&self, cx: &SegmentCx<'_>) -> Vec<Range<usize>> {
        if !cx.may_match(self.id) {
            return Vec::new();
        }
        self.regex
            .find_iter(cx.text())
            .filter(|m| !m.is_empty())
            .map(|m| m.range())
            .collect()
    }

    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, state: &mut State, emit: &mut Emitter<'_>) {
        let matches = self.matches(cx);
        match self.per {
            Per::Document => {
                state.first_segment.get_or_insert(cx.index);
                state
                    .matches
                    .extend(matches.into_iter().map(|range| (cx.index, range)));
            }
            Per::Paragraph => self.judge(cx, 0..cx.text().len(), &matches, emit),
            Per::Sentence => {
                for sentence in cx.sentences() {
                    let inside: Vec<Range<usize>> = matches
                        .iter()
                        .filter(|m| sentence.contains(&m.start))
                        .cloned()
                        .collect();
                    self.judge(cx, sentence.clone(), &inside, emit);
                }
            }
        }
    }

    /// Findings for one sentence or paragraph of `cx`'s segment.
    fn judge(
        &self,
        cx: &SegmentCx<'_>,
        scope: Range<usize>,
        matches: &[Range<usize>],
        emit: &mut Emitter<'_>,
    ) {
        let per = per_name(self.per);
        if let Some(max) = self.max {
            for range in self.reported(matches, max) {
                let vars = Vars {
                    matched: cx.text().get(range.clone()),
                    count: Some(matches.len()),
                    limit: Some(max),
                    per: Some(per),
                    ..Vars::default()
                };
                emit.emit(cx.segment, range.clone(), DEFAULT_OVER, &vars, None);
            }
        }
        if let Some(min) = self.min
            && matches.len() < min as usize
        {
            let anchor = match matches.first() {
                Some(first) if self.once => first.clone(),
                _ => first_word(cx.text(), scope),
            };
            let vars = Vars {
                matched: Some(""),
                count: Some(matches.len()),
                limit: Some(min),
                per: Some(per),
                ..Vars::default()
            };
            emit.emit(cx.segment, anchor, DEFAULT_UNDER, &vars, None);
        }
    }

    pub(crate) fn finish(&self, state: State, emit: &mut Emitter<'_>) {
        let segments = &emit.document().segments;
        let count = state.matches.len();
        if let Some(max) = self.max {
            for (index, range) in self.reported(&state.matches, max) {
                let Some(segment) = segments.get(*index) else {
                    continue;
                };
                let vars = Vars {
                    matched: segment.text.get(range.clone()),
                    count: Some(count),
                    limit: Some(max),
                    per: Some("document"),
                    ..Vars::default()
                };
                emit.emit(segment, range.clone(), DEFAULT_OVER, &vars, None);
            }
        }
        if let (Some(min), Some(first)) = (self.min, state.first_segment)
            && count < min as usize
        {
            // With `once`, on the first match when there is one, else the first word.
            let (segment_index, anchor) = match state.matches.first() {
                Some((index, range)) if self.once => (*index, Some(range.clone())),
                _ => (first, None),
            };
            let Some(segment) = segments.get(segment_index) else {
                return;
            };
            let vars = Vars {
                matched: Some(""),
                count: Some(count),
                limit: Some(min),
                per: Some("document"),
                ..Vars::default()
            };
            let anchor =
                anchor.unwrap_or_else(|| first_word(&segment.text, 0..segment.text.len()));
            emit.emit(segment, anchor, DEFAULT_UNDER, &vars, None);
        }
    }
}

impl Occurrence {
    /// The matches of a scope that get a finding when there are more than `max`: each one
    /// beyond `max`, or with `once` the first of them all.
    fn reported<'a, T>(&self, matches: &'a [T], max: u32) -> &'a [T] {
        match matches.len() > max as usize {
            false => &[],
            true if self.once => &matches[..1],
            true => &matches[max as usize..],
        }
    }
}

/// The first word of `scope` in `text` (or the scope itself when it has none): where a finding
/// about the whole scope is shown.
pub(crate) fn first_word(text: &str, scope: Range<usize>) -> Range<usize> {
    let Some(slice) = text.get(scope.clone()) else {
        return scope;
    };
    match prose::words(slice).first() {
        Some(word) => scope.start + word.range.start..scope.start + word.range.end,
        None => scope,
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{NONE, findings, messages};

    #[test]
    fn per_document_at_the_limit_and_one_over() {
        let rule = "kind = \"occurrence\"\npattern = '!'\nper = \"document\"\nmax = 2\n";
        assert_eq!(findings(rule, "Hi! Yes! Fine."), NONE);
        assert_eq!(findings(rule, "Hi! Yes! Fine!"), ["!"]);
        assert_eq!(
            messages(rule, "Hi! Yes! Fine!"),
            ["Too many '!': 3 in this document, at most 2."]
        );
        let min = "kind = \"occurrence\"\npattern = 'please'\nper = \"document\"\nmin = 2\n";
        assert_eq!(findings(min, "Do it please, please."), NONE);
        assert_eq!(
            messages(min, "Do it please."),
            ["Only 1 matches in this document; at least 2 expected."]
        );
    }

    #[test]
    fn per_paragraph_and_sentence_at_the_limit_and_one_over() {
        let rule = "kind = \"occurrence\"\npattern = '!'\nper = \"paragraph\"\nmax = 1\n";
        assert_eq!(findings(rule, "Hi! Fine.\n\nYes!"), NONE);
        assert_eq!(findings(rule, "Hi! Yes!\n\nFine."), ["!"]);
        let sentence = "kind = \"occurrence\"\npattern = 'go'\nper = \"sentence\"\nmax = 2\n";
        assert_eq!(findings(sentence, "We go, go. Then go, go."), NONE);
        assert_eq!(findings(sentence, "We go, go, go. Then go."), ["go"]);
        let min = "kind = \"occurrence\"\npattern = 'a'\nper = \"paragraph\"\nmin = 2\n";
        assert_eq!(findings(min, "a a"), NONE);
        assert_eq!(findings(min, "a b").len(), 1);
    }

    /// Paragraph and sentence messages name the match, the count, the limit and the scope; a
    /// sentence with too few matches is marked at its first word, wherever it starts.
    #[test]
    fn messages_and_marks_of_a_paragraph_and_a_sentence() {
        let over = "kind = \"occurrence\"\npattern = '!'\nper = \"paragraph\"\nmax = 1\n";
        assert_eq!(
            messages(over, "Hi! Grüße! 😀"),
            ["Too many '!': 2 in this paragraph, at most 1."]
        );
        let under = "kind = \"occurrence\"\npattern = 'bitte'\nper = \"sentence\"\nmin = 1\n";
        assert_eq!(findings(under, "Komm bitte. „Nichts hier 中文."), ["Nichts"]);
        assert_eq!(
            messages(under, "Komm bitte. „Nichts hier 中文."),
            ["Only 0 matches in this sentence; at least 1 expected."]
        );
        // `{match}` is empty for `min`, in a sentence as in a document.
        let custom = format!("{under}message = \"{{count}} of {{limit}}{{match}}.\"\n");
        assert_eq!(messages(&custom, "Nichts hier."), ["0 of 1."]);
        let document = custom.replace("sentence", "document");
        assert_eq!(messages(&document, "Nichts hier."), ["0 of 1."]);
    }

    #[test]
    fn once_reports_a_scope_over_the_limit_once_at_its_first_match() {
        let rule =
            "kind = \"occurrence\"\npattern = '!'\nper = \"paragraph\"\nmax = 1\nonce = true\n";
        assert_eq!(findings(rule, "Hi! Fine."), NONE);
        assert_eq!(findings(rule, "Hi! Yes! Fine!"), ["!"]);
        let each = "kind = \"occurrence\"\npattern = '!'\nper = \"paragraph\"\nmax = 1\n";
        assert_eq!(findings(each, "Hi! Yes! Fine!"), ["!", "!"]);
    }

    #[test]
    fn once_puts_a_min_finding_on_the_first_match_when_there_is_one() {
        for per in ["paragraph", "document"] {
            let rule = format!(
                "kind = \"occurrence\"\npattern = 'see'\nper = \"{per}\"\nmin = 2\nonce = true\n"
            );
            assert_eq!(findings(&rule, "Then see it."), ["see"], "{per}");
            assert_eq!(findings(&rule, "Then look."), ["Then"], "{per}");
            assert_eq!(findings(&rule, "Then see, see."), NONE, "{per}");
            let without = rule.replace("once = true\n", "");
            assert_eq!(findings(&without, "Then see it."), ["Then"], "{per}");
        }
    }
}
