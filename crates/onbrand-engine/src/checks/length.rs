//! `kind = "length"`: length limits for subject lines, headlines, social posts, sentences.
//!
//! ```toml
//! [[rule]]
//! id = "subject-length"
//! kind = "length"
//! scopes = ["subject"]
//! max = 60
//!
//! [[rule]]
//! id = "social-post-length"
//! kind = "length"
//! channels = ["social"]
//! per = "document"
//! max = 280
//!
//! [[rule]]
//! id = "short-headings"
//! kind = "length"
//! scopes = ["heading"]
//! unit = "words"
//! max = 8
//! ```
//!
//! - `max` and/or `min` (at least one); `unit = "characters"` (default: Unicode characters, as
//!   subject-line limits count) or `"words"` (hyphenated compounds are one word; in Chinese and
//!   Japanese each character counts as a word).
//! - `per`: absent or `"paragraph"` — each segment in `scopes` on its own; `"sentence"` — each
//!   sentence of those segments; `"document"` — the prose of all segments in scope together,
//!   joined by one line break each (which counts as a character).
//! - What is counted is the prose: markup is not, and each piece of non-prose inside a
//!   sentence (inline code, a placeholder, a URL) counts as one character. A limit that counts
//!   URLs at a fixed length (as some social networks do) is not modelled.
//! - Too long: the finding covers the overflow, from the first character (or word) beyond the
//!   limit to the end, so editors underline exactly what has to go; with
//!   `underline = "whole"`, the whole sentence, segment or document (from the start of its
//!   first segment in scope), which is where Vale reports it. Too short: the finding covers
//!   the whole segment (for a document, its first segment in scope).
//!
//! Placeholders: `{count}` (the length), `{limit}` (`max` or `min`), `{unit}` (characters,
//! words), `{per}` (the segment kind — subject, heading… —, sentence or document).
//!
//! No fix: shortening copy is rewriting it.

use std::borrow::Cow;
use std::ops::Range;

use super::{CompileCx, Emitter, Located, SegmentCx, Vars};
use crate::document::Segment;
use crate::prose;
use crate::spec::{LengthUnit, Per, Underline};

/// The fields of a length rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// At most this many units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// At least this many units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// What is counted (default characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<LengthUnit>,
    /// Where to count: each segment when absent or `"paragraph"`, each sentence, or the whole
    /// document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<Per>,
    /// What a too-long finding covers, `"overflow"` (default) or `"whole"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underline: Option<Underline>,
}
/// Rules of this kind offer no fix, so they do not take `fix`.
pub(crate) const OFFERS_FIXES: bool = false;

pub(crate) const PLACEHOLDERS: &[&str] = &["count", "limit", "unit", "per"];
const DEFAULT_OVER: &str = "This {per} is {count} {unit} long; keep it within {limit}.";
const DEFAULT_UNDER: &str = "This {per} is only {count} {unit} long; make it at least {limit}.";

#[derive(Debug)]
pub(crate) struct Length {
    max: Option<u32>,
    min: Option<u32>,
    unit: LengthUnit,
    per: Option<Per>,
    underline: Underline,
}

/// For `per = "document"`: each segment in scope with its length.
#[derive(Default)]
pub(crate) struct State {
    segments: Vec<(usize, usize)>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Length> {
    cx.check_max_not_below_min(fields.max, fields.min);
    if fields.max.is_none() && fields.min.is_none() {
        cx.error(
            Located::Key("id"),
            "a length rule needs `max`, `min` or both",
        );
        return None;
    }
    Some(Length {
        max: fields.max,
        min: fields.min,
        unit: fields.unit.unwrap_or(LengthUnit::Characters),
        per: fields.per,
        underline: fields.underline.unwrap_or(Underline::Overflow),
    })
}

fn unit_name(unit: LengthUnit, count: usize) -> &'static str {
    match (unit, count) {
        (LengthUnit::Characters, 1) => "character",
        (LengthUnit::Characters, _) => "characters",
        (LengthUnit::Words, 1) => "word",
        (LengthUnit::Words, _) => "words",
    }
}

/// The units of one scope, counted and placed without collecting them (a length rule judges
/// every sentence of every segment).
enum Units<'a> {
    /// The scope's text, whose Unicode characters are the units.
    Characters(&'a str),
    /// The scope's words, as ranges from which `base` is subtracted to make them relative to
    /// the scope.
    Words {
        words: Cow<'a, [Range<usize>]>,
        base: usize,
    },
}

impl Units<'_> {
    fn count(&self) -> usize {
        match self {
            Units::Characters(text) => text.chars().count(),
            Units::Words { words, .. } => words.len(),
        }
    }

    /// Where the unit after the first `n` starts, relative to the scope.
    fn start(&self, n: usize) -> Option<usize> {
        match self {
            Units::Characters(text) => text.char_indices().nth(n).map(|(at, _)| at),
            Units::Words { words, base } => words.get(n).map(|word| word.start - base),
        }
    }
}

/// At most how many units a text of `len` bytes can hold, known without segmenting it.
///
/// A character takes at least a byte. A word takes at least a byte too, but a one-byte word
/// (an ASCII letter or digit: every other word character takes two bytes or more) is never
/// directly followed by another one-byte word, since the two would be one word. So counting
/// each word with the gap after it, no two words in a row take one byte each, and `n` words
/// take at least `n + n / 2` bytes: at most `(2 * len + 1) / 3` words fit.
fn most_units(unit: LengthUnit, len: usize) -> usize {
    match unit {
        LengthUnit::Characters => len,
        LengthUnit::Words => (2 * len + 1) / 3,
    }
}

impl Length {
    /// The counted units of `segment.text[scope]`.
    ///
    /// Words come from the segment's words, segmented once, when no word crosses an edge of
    /// the scope (a sentence ends inside a word in "…end.Next" in scripts where that is one
    /// word); otherwise the scope is segmented on its own.
    fn units<'a>(&self, segment: &'a Segment, scope: Range<usize>) -> Units<'a> {
        let Some(text) = segment.text.get(scope.clone()) else {
            return Units::Characters("");
        };
        match self.unit {
            LengthUnit::Characters => Units::Characters(text),
            LengthUnit::Words => {
                let words = segment.word_ranges();
                let first = words.partition_point(|word| word.end <= scope.start);
                let inside = words.get(first..).unwrap_or(&[]);
                let inside = &inside[..inside.partition_point(|word| word.start < scope.end)];
                // Strict comparisons: a word that only touches an edge crosses nothing. Taking
                // the path below for it too (`<=`, `>=`) gives the same starts, only slower, so
                // cargo-mutants' mutants that do are equivalent.
                let crosses = inside.first().is_some_and(|w| w.start < scope.start)
                    || inside.last().is_some_and(|w| w.end > scope.end);
                if crosses {
                    return Units::Words {
                        words: Cow::Owned(prose::word_ranges(text)),
                        base: 0,
                    };
                }
                Units::Words {
                    words: Cow::Borrowed(inside),
                    base: scope.start,
                }
            }
        }
    }

    /// Whether `len` bytes are too few to break any limit of this rule: then there is nothing
    /// to count (most sentences are too short for a sentence-length maximum, and a segment
    /// whose sentences all are needs no word segmentation at all).
    fn cannot_break(&self, len: usize) -> bool {
        self.min.is_none()
            && self
                .max
                .is_some_and(|max| most_units(self.unit, len) <= max as usize)
    }

    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, state: &mut State, emit: &mut Emitter<'_>) {
        let text = cx.text();
        match self.per {
            Some(Per::Document) => {
                state
                    .segments
                    .push((cx.index, self.units(cx.segment, 0..text.len()).count()));
            }
            Some(Per::Sentence) => {
                for sentence in cx.sentences() {
                    self.judge(cx.segment, sentence.clone(), "sentence", emit);
                }
            }
            Some(Per::Paragraph) | None => {
                self.judge(cx.segment, 0..text.len(), cx.segment.kind.name(), emit);
            }
        }
    }

    fn judge(&self, segment: &Segment, scope: Range<usize>, per: &str, emit: &mut Emitter<'_>) {
        let Some(text) = segment.text.get(scope.clone()) else {
            return;
        };
        if self.cannot_break(text.len()) {
            return;
        }
        let units = self.units(segment, scope.clone());
        let count = units.count();
        // Segment kinds are named in kebab case ("table-cell"); messages say "table cell".
        let per = if per.contains('-') {
            Cow::Owned(per.replace('-', " "))
        } else {
            Cow::Borrowed(per)
        };
        let mut vars = Vars {
            count: Some(count),
            unit: Some(unit_name(self.unit, count)),
            per: Some(&per),
            ..Vars::default()
        };
        if let Some(max) = self.max
            && count > max as usize
        {
            let overflow = match self.underline {
                Underline::Overflow => units.start(max as usize).unwrap_or(text.len()),
                Underline::Whole => 0,
            };
            vars.limit = Some(max);
            vars.matched = text.get(overflow..);
            let range = scope.start + overflow..scope.end;
            emit.emit(segment, range, DEFAULT_OVER, &vars, None);
        }
        if let Some(min) = self.min
            && count < min as usize
        {
            vars.limit = Some(min);
            emit.emit(segment, scope, DEFAULT_UNDER, &vars, None);
        }
    }

    pub(crate) fn finish(&self, state: State, emit: &mut Emitter<'_>) {
        let segments = &emit.document().segments;
        // Segments are joined by one line break, which counts as a character.
        let separator = usize::from(self.unit == LengthUnit::Characters);
        let count = state.segments.iter().map(|(_, n)| n).sum::<usize>()
            + separator * state.segments.len().saturating_sub(1);
        let mut vars = Vars {
            count: Some(count),
            unit: Some(unit_name(self.unit, count)),
            per: Some("document"),
            ..Vars::default()
        };
        if let Some(max) = self.max
            && count > max as usize
        {
            vars.limit = Some(max);
            let start = match self.underline {
                Underline::Whole => state
                    .segments
                    .first()
                    .and_then(|(i, _)| segments.get(*i))
                    .map(|segment| segment.map.source_extent().start),
                Underline::Overflow => self.overflow_start(&state, segments, max as usize),
            };
            let end = state
                .segments
                .last()
                .and_then(|(i, _)| segments.get(*i))
                .map_or(0, |s| s.map.source_extent().end);
            if let Some(start) = start {
                emit.emit_source(start..end.max(start), DEFAULT_OVER, &vars);
            }
        }
        if let Some(min) = self.min
            && count < min as usize
            && let Some(segment) = state.segments.first().and_then(|(i, _)| segments.get(*i))
        {
            vars.limit = Some(min);
            emit.emit(segment, 0..segment.text.len(), DEFAULT_UNDER, &vars, None);
        }
    }

    /// Where a document longer than `max` crosses the limit, as a source offset: the unit
    /// beyond it, or the next segment when the limit falls on the line break between two.
    fn overflow_start(&self, state: &State, segments: &[Segment], max: usize) -> Option<usize> {
        let separator = usize::from(self.unit == LengthUnit::Characters);
        let mut seen = 0usize;
        for (index, length) in &state.segments {
            if seen + length > max {
                let segment = segments.get(*index)?;
                let units = self.units(segment, 0..segment.text.len());
                let at = units.start(max - seen).unwrap_or(0);
                return Some(segment.source_range(at..at).start);
            }
            seen += length + separator;
            if seen > max {
                let next = state.segments.iter().find(|(i, _)| i > index)?;
                return Some(segments.get(next.0)?.map.source_extent().start);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{NONE, findings, findings_in, messages};
    use crate::document::Format;

    /// The starts of the units `length` counts in `segment.text[scope]`.
    fn starts(
        length: &super::Length,
        segment: &crate::document::Segment,
        scope: std::ops::Range<usize>,
    ) -> Vec<usize> {
        let units = length.units(segment, scope);
        (0..units.count()).filter_map(|n| units.start(n)).collect()
    }

    /// A scope whose edge falls inside a word (a sentence ending inside what the word
    /// segmentation reads as one word) is segmented on its own; otherwise the segment's words
    /// are reused. Sentence and word segmentation agreed on every English and German text
    /// tried ("end.Next", "a.b!c", "U.S.A.Next"), so this is tested on hand-made scopes.
    #[test]
    fn words_are_counted_in_the_scope_even_when_a_word_crosses_its_edge() {
        let document =
            crate::document::Document::parse(crate::document::Format::Text, "abc defgh".into());
        let segment = &document.segments[0];
        let length = super::Length {
            max: None,
            min: None,
            unit: super::LengthUnit::Words,
            per: None,
            underline: super::Underline::Overflow,
        };
        assert_eq!(starts(&length, segment, 0..9), [0, 4]);
        assert_eq!(starts(&length, segment, 0..4), [0]); // "abc ": the next word starts at the end
        assert_eq!(starts(&length, segment, 0..6), [0, 4]); // "abc de": crosses the end
        assert_eq!(starts(&length, segment, 5..9), [0]); // "efgh": crosses the start
        assert_eq!(starts(&length, segment, 5..7), [0]); // "ef": crosses both
        // A word whose part inside the scope is no word ("_" of "_ünf"): only segmenting the
        // scope on its own sees that the end crosses a word.
        let document =
            crate::document::Document::parse(crate::document::Format::Text, "abc _ünf 中".into());
        let segment = &document.segments[0];
        assert_eq!(starts(&length, segment, 0..5), [0]);
        assert_eq!(starts(&length, segment, 0..13), [0, 4, 10]);
    }

    /// `most_units` for words is the largest `n` with `n + n / 2` bytes at most the length.
    #[test]
    fn the_most_words_a_length_holds() {
        for len in 0..300 {
            let most = (0..=len).filter(|n| n + n / 2 <= len).max();
            assert_eq!(
                Some(super::most_units(super::LengthUnit::Words, len)),
                most,
                "{len}"
            );
            assert_eq!(super::most_units(super::LengthUnit::Characters, len), len);
        }
    }

    /// No text holds more words than `most_units` allows for its length, and the densest texts
    /// reach it: one-byte words alternating with two-byte ones ("²" is a word of its own next
    /// to a letter), CJK, hyphens, marks and spaces, in every order.
    #[test]
    fn no_text_holds_more_words_than_its_length_allows() {
        const PIECES: &[&str] = &[
            "a", "²", "中", " ", "-", "7", "é", "\u{301}", ".", "_", "x²", "カ", "\u{FFFC}",
        ];
        let mut reached = 0;
        for a in PIECES {
            for b in PIECES {
                for c in PIECES {
                    for d in PIECES {
                        let text = [*a, b, c, d].concat().repeat(3);
                        let words = crate::prose::word_ranges(&text).len();
                        let most = super::most_units(super::LengthUnit::Words, text.len());
                        assert!(words <= most, "{text:?}: {words} words, at most {most}");
                        reached += usize::from(words == most);
                    }
                }
            }
        }
        assert!(reached > 0);
        assert_eq!(crate::prose::word_ranges("a²a²").len(), 4); // 6 bytes
        assert_eq!(super::most_units(super::LengthUnit::Words, 6), 4);
    }

    /// The densest sentence one word over the maximum is still counted and reported (the
    /// length bound that skips counting must not skip it), with a maximum or a minimum.
    #[test]
    fn the_densest_sentence_over_the_limit_is_reported() {
        let rule = "kind = \"length\"\nunit = \"words\"\nper = \"sentence\"\nmax = 3\n";
        assert_eq!(findings(rule, "a²a"), NONE); // 3 words
        assert_eq!(findings(rule, "a²a²"), ["²"]); // 4 words in 6 bytes
        let both = "kind = \"length\"\nunit = \"words\"\nmax = 30\nmin = 2\n";
        assert_eq!(findings(both, "a"), ["a"]);
        let characters = "kind = \"length\"\nper = \"sentence\"\nmax = 3\n";
        assert_eq!(findings(characters, "abc"), NONE);
        assert_eq!(findings(characters, "abcd"), ["d"]);
    }

    #[test]
    fn characters_at_the_limit_and_one_over() {
        let rule = "kind = \"length\"\nunit = \"characters\"\nper = \"paragraph\"\nmax = 10\n";
        assert_eq!(findings(rule, "Zehn Ümläu"), NONE); // 10 characters
        assert_eq!(findings(rule, "Zehn Ümläut"), ["t"]); // 11: the overflow
        assert_eq!(findings(rule, "一二三四五六七八九十"), NONE);
        assert_eq!(findings(rule, "一二三四五六七八九十🙂"), ["🙂"]);
        assert_eq!(
            messages(rule, "Zehn Ümläut"),
            ["This paragraph is 11 characters long; keep it within 10."]
        );
    }

    #[test]
    fn words_at_the_limit_and_one_over_with_the_whole_underlined() {
        let rule = "kind = \"length\"\nunit = \"words\"\nmax = 3\nunderline = \"whole\"\n";
        assert_eq!(findings(rule, "E-Mail an alle"), NONE); // a compound is one word
        assert_eq!(findings(rule, "E-Mail an alle vier"), ["E-Mail an alle vier"]);
        assert_eq!(
            messages(rule, "E-Mail an alle vier"),
            ["This paragraph is 4 words long; keep it within 3."]
        );
    }

    #[test]
    fn minimum_at_the_limit_and_one_under() {
        let rule = "kind = \"length\"\nunit = \"words\"\nper = \"paragraph\"\nmin = 3\n";
        assert_eq!(findings(rule, "one two three"), NONE);
        assert_eq!(findings(rule, "one two"), ["one two"]);
        assert_eq!(
            messages(rule, "one two"),
            ["This paragraph is only 2 words long; make it at least 3."]
        );
        let characters = "kind = \"length\"\nmin = 3\n";
        assert_eq!(findings(characters, "abc"), NONE);
        assert_eq!(findings(characters, "ab"), ["ab"]);
    }

    #[test]
    fn a_sentence_at_the_limit_and_one_over() {
        let rule = "kind = \"length\"\nunit = \"words\"\nper = \"sentence\"\nmax = 2\n";
        assert_eq!(findings(rule, "One two. Three four."), NONE);
        assert_eq!(findings(rule, "One two. Three four five."), ["five."]);
    }

    #[test]
    fn per_document_at_the_limit_and_one_over() {
        let rule = "kind = \"length\"\nunit = \"words\"\nper = \"document\"\nmax = 4\n";
        assert_eq!(findings(rule, "one two\n\nthree four"), NONE);
        assert_eq!(findings(rule, "one two\n\nthree four five"), ["five"]);
        let min = "kind = \"length\"\nunit = \"words\"\nper = \"document\"\nmin = 4\n";
        assert_eq!(findings(min, "one two\n\nthree four"), NONE);
        assert_eq!(findings(min, "one two\n\nthree"), ["one two"]);
    }

    /// Exactly at a document's limit nothing is reported, however the finding would be
    /// underlined; over and under it, the message names the count, the unit and the document.
    #[test]
    fn per_document_whole_at_the_limit_and_the_messages() {
        let rule = "kind = \"length\"\nunit = \"words\"\nper = \"document\"\n";
        let whole = format!("{rule}max = 4\nunderline = \"whole\"\n");
        assert_eq!(findings(&whole, "Grüße zwei\n\ndrei vier"), NONE);
        assert_eq!(
            findings(&whole, "Grüße zwei\n\ndrei vier fünf"),
            ["Grüße zwei\n\ndrei vier fünf"]
        );
        assert_eq!(
            messages(&format!("{rule}max = 4\n"), "Grüße zwei\n\ndrei vier fünf"),
            ["This document is 5 words long; keep it within 4."]
        );
        assert_eq!(
            messages(&format!("{rule}min = 4\n"), "Grüße\n\nzwei 😀"),
            ["This document is only 2 words long; make it at least 4."]
        );
    }

    /// Segments of a document are joined by one line break, which counts as a character: the
    /// limit can fall on it, and then the next segment is the overflow.
    #[test]
    fn per_document_characters_count_the_line_break_between_segments() {
        let rule = "kind = \"length\"\nper = \"document\"\nmax = 8\n";
        assert_eq!(findings(rule, "abc\n\ndefg"), NONE); // 3 + 1 + 4 = 8
        assert_eq!(findings(rule, "abc\n\ndefgh"), ["h"]); // 9
        let at_break = "kind = \"length\"\nper = \"document\"\nmax = 3\n";
        assert_eq!(findings(at_break, "abc\n\nd"), ["d"]); // the break is the 4th
        let whole = "kind = \"length\"\nper = \"document\"\nmax = 3\nunderline = \"whole\"\n";
        assert_eq!(findings(whole, "abc\n\nd"), ["abc\n\nd"]);
        // The limit right after the break: the overflow is the next segment's first character,
        // not where its markup starts.
        let after_break = "kind = \"length\"\nper = \"document\"\nmax = 4\n";
        assert_eq!(
            findings_in(Format::Markdown, after_break, "abc\n\n# *dë*fg\n"),
            ["dë*fg"]
        );
    }

    /// A document's overflow in a later segment: one word before it, four in it, a limit of 4.
    #[test]
    fn per_document_overflow_in_a_later_segment() {
        let rule = "kind = \"length\"\nunit = \"words\"\nper = \"document\"\nmax = 4\n";
        assert_eq!(findings(rule, "eins\n\nzwei drei vier"), NONE);
        assert_eq!(findings(rule, "eins\n\nzwei drei vier fünf"), ["fünf"]);
        // The limit reached exactly at a segment's end (no line break counts between words):
        // the overflow is the next segment's first word, not its start ("—" and "„" are not
        // words; a paragraph of only "—" is no segment at all).
        assert_eq!(findings(rule, "eins zwei drei vier\n\n— fünf"), ["fünf"]);
        assert_eq!(findings(rule, "eins zwei\n\ndrei vier\n\n„fünf“"), ["fünf“"]);
        assert_eq!(findings(rule, "eins zwei drei vier\n\n—\n\nfünf"), ["fünf"]);
        assert_eq!(findings(rule, "eins\n\nzwei drei vier fünf 中"), ["fünf 中"]);
    }
}
