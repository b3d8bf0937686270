//! Words and sentences: the segmentation every check and the tone profile share.
//!
//! Everything here works on a segment's prose text (see [`crate::document::Segment`]) and
//! returns byte ranges into it, so that results map back to the source through the segment's
//! source map.
//!
//! - **Words** follow Unicode word boundaries (UAX #29, via `unicode-segmentation`), so that
//!   "Grüße", "Straße" and "don't" are one word each, and then join hyphenated compounds
//!   ("E-Mail-Adresse", "sign-up") into one word. Chinese and Japanese have no spaces: each
//!   ideograph or kana is a word of its own, which is what counting and matching need (a term
//!   matches where its characters stand).
//! - **Sentences** follow Unicode sentence boundaries (which already know `.`, `!`, `?`, `。`,
//!   `！`, `？` and closing quotes), with known abbreviations ("e.g.", "Dr.", "z. B.", "bzw.")
//!   and single-letter initials merged back into their sentence.
//! - The non-prose stand-in [`OPAQUE`] is neither a word nor part of one.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Stand-in for something that is not prose but sits inside a sentence (inline code, a template
/// placeholder, a URL). It keeps the words on either side apart without being a word itself.
pub const OPAQUE: char = '\u{FFFC}';

pub mod chars;
mod fast;

/// True for characters that make up words: letters, digits and combining marks.
pub fn is_word_char(c: char) -> bool {
    c != OPAQUE && (chars::is_alphanumeric(c) || is_mark(c))
}

/// Combining marks (a decomposed "ü" is "u" + U+0308) belong to the word they sit on. A
/// coarse check of the combining blocks is enough: prose from the parsers is mostly composed.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{3099}'..='\u{309A}')
}

/// Scripts written without spaces between words, where any character may start or end a term:
/// Han ideographs, Hiragana and Katakana.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{3134F}')
}

/// `'`, `’` and `‘`: a left single quotation mark between two letters is an apostrophe typed
/// with the wrong quote (`don‘t`), as Vale's dictionary also reads it.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

/// Whether `gap` is exactly one hyphen: `-`, U+2010 or U+2011, in UTF-8.
fn is_hyphen_gap(gap: &[u8]) -> bool {
    matches!(gap, b"-" | b"\xE2\x80\x90" | b"\xE2\x80\x91")
}

/// True when `text[range]` stands as a whole word (or phrase) in `text`: each edge of the range
/// either needs no boundary (the edge character is not a word character, or it is CJK) or has
/// a non-word neighbour. An apostrophe between two letters ("don't") is inside a word, not a
/// boundary; the non-prose stand-in is always a boundary.
pub fn is_whole_word(text: &str, range: Range<usize>) -> bool {
    let (Some(inner), Some(outer)) = (text.get(range.clone()), text.get(..range.start)) else {
        return false;
    };
    let Some(after) = text.get(range.end..) else {
        return false;
    };
    let mut inner_chars = inner.chars();
    let start_ok = match inner_chars.next() {
        Some(first) if is_word_char(first) && !is_cjk(first) => {
            let mut before = outer.chars().rev();
            match before.next() {
                None => true,
                Some(c) if is_word_char(c) => false,
                Some(c) if is_apostrophe(c) => !before.next().is_some_and(is_word_char),
                Some(_) => true,
            }
        }
        _ => true,
    };
    if !start_ok {
        return false;
    }
    match inner.chars().next_back() {
        Some(last) if is_word_char(last) && !is_cjk(last) => {
            let mut next = after.chars();
            match next.next() {
                None => true,
                Some(c) if is_word_char(c) => false,
                Some(c) if is_apostrophe(c) => !next.next().is_some_and(is_word_char),
                Some(_) => true,
            }
        }
        _ => true,
    }
}

/// A lower-cased copy of `text` with exactly the same byte offsets.
///
/// Matching case-insensitively with Unicode would normally change lengths ("İ" lower-cases to
/// two characters, "ẞ" to a shorter "ß"), and then a match in the folded copy no longer points
/// at the right bytes of the original. So each character is lower-cased only when its lower
/// case is a single character of the same UTF-8 length; the few others stay as they are (and so
/// match only in the case written). Patterns are folded with the same function, so both sides
/// agree. All of ASCII, Latin-1 (Ä, Ö, Ü), Greek and Cyrillic fold normally.
pub fn fold_case(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(text.to_ascii_lowercase());
        }
        return Cow::Borrowed(text);
    }
    // Character by character, so that folding a text and slicing it gives the same as folding
    // the slice (the tone lexicon folds a segment once and slices its words' keys from it).
    let Some(first) = text.char_indices().find(|&(_, c)| fold_char(c) != c) else {
        return Cow::Borrowed(text);
    };
    let mut folded = String::with_capacity(text.len());
    folded.push_str(&text[..first.0]);
    let mut rest = &text[first.0..];
    while !rest.is_empty() {
        // Runs of ASCII are copied and lowered in place, not character by character.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        if ascii > 0 {
            let start = folded.len();
            folded.push_str(&rest[..ascii]);
            folded[start..].make_ascii_lowercase();
            rest = &rest[ascii..];
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            folded.push(fold_char(c));
            rest = chars.as_str();
        }
    }
    Cow::Owned(folded)
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // Looking up a lower case is a search in a large table; the upper-case test is cheap, and
    // only upper- and title-case letters have a lower case of their own.
    if !chars::is_uppercase(c) && !is_titlecase(c) {
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// The title-case letters (general category Lt): digraphs such as "ǅ" and Greek letters with a
/// prosgegrammeni. They are not upper case, yet they have a lower case.
fn is_titlecase(c: char) -> bool {
    matches!(c,
        '\u{01C5}' | '\u{01C8}' | '\u{01CB}' | '\u{01F2}'
        | '\u{1F88}'..='\u{1F8F}'
        | '\u{1F98}'..='\u{1F9F}'
        | '\u{1FA8}'..='\u{1FAF}'
        | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

/// One word of prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word's byte range in the segment's text.
    pub range: Range<usize>,
    /// The word as written.
    pub text: &'a str,
}

/// The words of `text`, hyphenated compounds joined ("E-Mail-Adresse" is one word).
pub fn words(text: &str) -> Vec<Word<'_>> {
    with_text(text, word_ranges(text))
}

/// The byte ranges of [`words`], for callers that only count or place words.
pub fn word_ranges(text: &str) -> Vec<Range<usize>> {
    // About one word per six bytes of prose; growing the vector cost more than counting.
    let mut words: Vec<Range<usize>> = Vec::with_capacity(text.len() / 6 + 1);
    // Joined as the tokens come (this runs for every segment): a token that a single hyphen
    // ties to the word before extends it.
    for_each_token(text, |token| match words.last_mut() {
        Some(last) if hyphen_joins(text, last.end, token.clone()) => last.end = token.end,
        _ => words.push(token),
    });
    words
}

fn with_text(text: &str, ranges: Vec<Range<usize>>) -> Vec<Word<'_>> {
    ranges
        .into_iter()
        .map(|range| Word {
            text: text.get(range.clone()).unwrap_or(""),
            range,
        })
        .collect()
}

/// Whether the word ending at `end` and the one at `next` form one hyphenated word: the gap
/// between them is a single hyphen and neither side is CJK.
fn hyphen_joins(text: &str, end: usize, next: Range<usize>) -> bool {
    // Compared as bytes: this runs between every two words, and most gaps are one space.
    let Some(gap) = text.as_bytes().get(end..next.start) else {
        return false;
    };
    is_hyphen_gap(gap)
        && !text[..end].chars().next_back().is_some_and(is_cjk)
        && !text[next].chars().next().is_some_and(is_cjk)
}

/// The Unicode words of `text` (UAX #29) that hold a letter or digit; hyphenated compounds are
/// separate tokens here ("E", "Mail", "Adresse"). For checks that look at each part, such as
/// capitalization.
pub fn word_tokens(text: &str) -> Vec<Word<'_>> {
    with_text(text, token_ranges(text))
}

/// The byte ranges of [`word_tokens`].
fn token_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    for_each_token(text, |range| out.push(range));
    out
}

/// Calls `emit` with the byte range of each of [`word_tokens`], in order.
fn for_each_token(text: &str, mut emit: impl FnMut(Range<usize>)) {
    // White space is a boundary the fast path keeps too: everyday text goes in one piece.
    if fast::is_everyday(text) {
        fast::word_ranges(text, 0, &mut emit);
        return;
    }
    for_each_piece(text, |offset, piece| {
        if fast::is_everyday(piece) {
            fast::word_ranges(piece, offset, &mut emit);
        } else {
            for (start, token) in piece.split_word_bound_indices() {
                if token.chars().any(is_word_char) {
                    emit(offset + start..offset + start + token.len());
                }
            }
        }
    });
}

/// Calls `visit(offset, piece)` for the pieces of `text` between ASCII white-space characters
/// that are followed by an ASCII character (or the end).
///
/// Such a white-space character is a word boundary on both sides whatever surrounds it (no
/// UAX #29 rule joins across it), so each piece can be segmented on its own, most of them by the
/// fast path ([`fast`]) even in text with the odd letter it does not know. A
/// white-space character followed by a non-ASCII one could carry a combining mark, so it stays
/// inside its piece.
fn for_each_piece<'a>(text: &'a str, mut visit: impl FnMut(usize, &'a str)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if byte.is_ascii_whitespace() && bytes.get(i + 1).is_none_or(u8::is_ascii) {
            if start < i {
                visit(start, &text[start..i]);
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        visit(start, &text[start..]);
    }
}

/// Abbreviations that end in a full stop but do not end a sentence, lower-cased, without the
/// final stop. Words that often end a sentence ("etc.", "usw.", "Inc.") are deliberately absent.
const ABBREVIATIONS: &[&str] = &[
    // English
    "e.g", "i.e", "mr", "mrs", "ms", "dr", "prof", "vs", "approx", "cf", "st", "no", "fig",
    // German
    "bzw", "ca", "ggf", "evtl", "vgl", "nr", "inkl", "exkl", "sog", "hr", "fr", "str", "z.b", "d.h",
    "u.a", "o.ä", "s.o", "s.u",
];

/// The sentences of `text` as byte ranges, without surrounding white space.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Sentences::new(text);
    // The pieces go straight into the sentences: no vector of pieces in between.
    if fast::is_everyday(text) {
        fast::sentence_pieces(text, &mut |piece| sentences.add(piece));
    } else {
        for (start, piece) in text.split_sentence_bound_indices() {
            sentences.add(start..start + piece.len());
        }
    }
    sentences.out
}

/// Sentences made of the sentence pieces (UAX #29) of a text, given in order: white space
/// trimmed, empty pieces dropped, a piece after an abbreviation's full stop merged into the
/// sentence before.
struct Sentences<'a> {
    text: &'a str,
    out: Vec<Range<usize>>,
    merge_next: bool,
}

impl<'a> Sentences<'a> {
    fn new(text: &'a str) -> Sentences<'a> {
        Sentences {
            text,
            out: Vec::new(),
            merge_next: false,
        }
    }

    fn add(&mut self, piece: Range<usize>) {
        let Some(text) = self.text.get(piece.clone()) else {
            return;
        };
        let trimmed_start = piece.start + (text.len() - text.trim_start().len());
        let end = piece.start + text.trim_end().len();
        if end <= trimmed_start {
            return;
        }
        match self.out.last_mut() {
            Some(last) if self.merge_next => last.end = end,
            _ => self.out.push(trimmed_start..end),
        }
        self.merge_next = ends_with_abbreviation(&self.text[trimmed_start..end]);
    }
}

/// At least as many characters as the longest abbreviation has (its length in bytes).
const LONGEST_ABBREVIATION: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > longest {
            longest = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    longest
};

/// True when a sentence piece ends in an abbreviation's or an initial's full stop rather than
/// a sentence's.
fn ends_with_abbreviation(piece: &str) -> bool {
    let Some(body) = piece.strip_suffix('.') else {
        return false;
    };
    // The last word, read backwards only as far as an abbreviation reaches: a longer word is
    // neither one nor an initial (lower-casing never makes a word fewer characters).
    let mut start = body.len();
    for (read, (at, c)) in body.char_indices().rev().enumerate() {
        if c.is_whitespace() || matches!(c, '(' | '"' | '\u{201C}' | '\u{201E}') {
            break;
        }
        if read == LONGEST_ABBREVIATION {
            return false;
        }
        start = at;
    }
    let last_word = &body[start..];
    if last_word.is_empty() {
        return false;
    }
    // Most words are ASCII: compared without the allocation of a lower-cased copy (the
    // abbreviations are lower case, and an ASCII word lower-cases byte for byte).
    let abbreviation = if last_word.is_ascii() {
        ABBREVIATIONS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(last_word))
    } else {
        ABBREVIATIONS.contains(&last_word.to_lowercase().as_str())
    };
    if abbreviation {
        return true;
    }
    // A single letter with a stop is an initial ("J. R. R. Tolkien").
    let mut chars = last_word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if chars::is_alphabetic(c))
}

/// The spans of `text` inside quotation marks, marks excluded: words quoted or mentioned, not
/// the writer's own (replace “click here” with…, a customer's words). Pairs: “…” (English),
/// „…“ or „…” (German), «…», »…«, 「…」, 『…』, and straight double quotes paired in order. Not
/// single quotes: ’ and ' are apostrophes too ("don't"), so they cannot be told from a closing
/// mark. A mark left open quotes nothing: an unbalanced quotation must not silence the rest of
/// the text. Linear in the text.
pub fn quotations(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // The opening mark's end and the marks that close it.
    let mut open: Option<(usize, &[char])> = None;
    for (at, c) in quotation_candidates(text) {
        let after = at + c.len_utf8();
        if let Some((start, closers)) = open {
            if closers.contains(&c) {
                out.push(start..at);
                open = None;
            }
            continue;
        }
        let closers: &[char] = match c {
            '"' => &['"'],
            '\u{201C}' => &['\u{201D}'],
            '\u{201E}' => &['\u{201C}', '\u{201D}'],
            '\u{AB}' => &['\u{BB}'],
            '\u{BB}' => &['\u{AB}'],
            '\u{300C}' => &['\u{300D}'],
            '\u{300E}' => &['\u{300F}'],
            _ => continue,
        };
        open = Some((after, closers));
    }
    out
}

/// The characters of `text` that may open or close a quotation, with their offsets: the
/// straight double quote and every non-ASCII character. The other ASCII characters, most of
/// any prose, are skipped eight bytes at a time without being decoded.
fn quotation_candidates(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        at += crate::swar::find(
            bytes.get(at..)?,
            |chunk| crate::swar::equal(chunk, b'"') | crate::swar::non_ascii(chunk),
            |b| b == b'"' || !b.is_ascii(),
        );
        let c = text.get(at..)?.chars().next()?;
        let found = (at, c);
        at += c.len_utf8();
        Some(found)
    })
}

/// The quotations of `text` short enough to be mentions: a word or phrase in quotation marks
/// ("click here", “seamless”, „Sie“), at most [`MENTION_WORDS`] words. Longer quotations are
/// speech, which in brand copy (a press release, a testimonial) the brand writes too.
pub fn mentions(text: &str) -> Vec<Range<usize>> {
    let mut spans = quotations(text);
    spans.retain(|span| word_ranges(&text[span.clone()]).len() <= MENTION_WORDS);
    spans
}

/// The most words a quotation may hold and still be a mention (see [`mentions`]).
pub const MENTION_WORDS: usize = 5;

/// Whether `range` lies inside one of `spans` (in order and not overlapping, as [`quotations`]
/// returns them): a binary search, so that many hits in one long text stay linear.
pub fn is_quoted(spans: &[Range<usize>], range: &Range<usize>) -> bool {
    let at = spans.partition_point(|span| span.end < range.end);
    spans
        .get(at)
        .is_some_and(|span| span.start <= range.start && range.end <= span.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Skipping ASCII bytes finds every character `char_indices` would that can open or close
    /// a quotation.
    #[test]
    fn quotation_candidates_are_the_marks_among_all_characters() {
        for text in [
            "",
            "plain ascii, no marks",
            "say \"hi\" and “hello” or „hallo“ «salut» 「你好」 🚀 don’t",
            "\"\"\"",
            "ü\"ä",
        ] {
            let candidates: Vec<(usize, char)> = quotation_candidates(text).collect();
            let expected: Vec<(usize, char)> = text
                .char_indices()
                .filter(|&(_, c)| c == '"' || !c.is_ascii())
                .collect();
            assert_eq!(candidates, expected, "{text}");
        }
    }

    #[test]
    fn quotations_pair_marks_of_each_language_and_skip_apostrophes() {
        let quoted = |text: &str| -> Vec<String> {
            quotations(text)
                .into_iter()
                .map(|r| text[r].to_owned())
                .collect()
        };
        assert_eq!(
            quoted("Say \u{201C}see your invoice\u{201D}, not \"click here\"."),
            ["see your invoice", "click here"]
        );
        assert_eq!(
            quoted("Er sagte \u{201E}Grüß dich\u{201C} und ging."),
            ["Grüß dich"]
        );
        assert_eq!(
            quoted("他说\u{300C}您好\u{300D}。«oui» 😀"),
            ["您好", "oui"]
        );
        // Apostrophes quote nothing; an unclosed mark quotes nothing either.
        assert!(quoted("Don't stop, it's \u{2018}fine\u{2019}.").is_empty());
        assert!(quoted("An open \u{201C}quote runs on").is_empty());
        let long =
            "He said \u{201C}one two three four five six\u{201D} and \u{201C}one two\u{201D}.";
        assert_eq!(quotations(long).len(), 2);
        assert_eq!(mentions(long).len(), 1);
        let text = "a \"b\" c";
        let spans = quotations(text);
        assert!(is_quoted(&spans, &(3..4)));
        assert!(!is_quoted(&spans, &(0..1)));
    }

    fn word_texts(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|w| w.text).collect()
    }

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn german_words_keep_umlauts_sharp_s_and_compounds() {
        assert_eq!(
            word_texts("Grüße aus der Straße: Ihre E-Mail-Adresse, bitte."),
            [
                "Grüße",
                "aus",
                "der",
                "Straße",
                "Ihre",
                "E-Mail-Adresse",
                "bitte"
            ]
        );
    }

    #[test]
    fn english_contractions_are_one_word_and_opaque_is_no_word() {
        assert_eq!(
            word_texts("Don't use \u{FFFC} here, it’s fine"),
            ["Don't", "use", "here", "it’s", "fine"]
        );
    }

    #[test]
    fn chinese_characters_are_words_of_their_own() {
        assert_eq!(word_texts("您好，世界"), ["您", "好", "世", "界"]);
    }

    #[test]
    fn whole_word_boundaries() {
        let text = "emails, e-mail; don't 🎉email 您好";
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            start..start + needle.len()
        };
        assert!(!is_whole_word(text, 0..5)); // "email" inside "emails"
        assert!(is_whole_word(text, at("e-mail")));
        assert!(is_whole_word(text, at("mail;"))); // after a hyphen
        assert!(!is_whole_word(text, at("don"))); // an apostrophe between letters
        assert!(!is_whole_word("don‘t", 0..3)); // a left quote between letters too
        assert!(!is_whole_word("don‘t", 6..7));
        assert!(is_whole_word("‘don’", 3..6)); // a quoted word is whole
        let email = text.rfind("email").unwrap();
        assert!(is_whole_word(text, email..email + 5)); // after an emoji
        assert!(is_whole_word(text, at("您"))); // CJK needs no boundary
        assert!(is_whole_word("\u{FFFC}email\u{FFFC}", 3..8));
    }

    #[test]
    fn folding_keeps_byte_offsets() {
        for text in ["ÄÖÜ Straße", "İstanbul ẞ Ⱥ", "Email", "ПРИВЕТ", "你好"] {
            let folded = fold_case(text);
            assert_eq!(folded.len(), text.len(), "{text}");
            for (a, b) in text.char_indices().zip(folded.char_indices()) {
                assert_eq!(a.0, b.0);
            }
        }
        assert_eq!(fold_case("ÄÖÜ Straße"), "äöü straße");
        assert_eq!(fold_case("E-Mail"), "e-mail");
        // Runs of ASCII between other characters fold as each character would.
        for text in [
            "Grüße AUS München, ÖL-FIRMA",
            "é ABC 你好 DEF ǅ X",
            "über ALLES",
        ] {
            let one_by_one: String = text.chars().map(fold_char).collect();
            assert_eq!(fold_case(text), one_by_one, "{text}");
        }
    }

    #[test]
    fn only_upper_and_title_case_letters_have_a_lower_case() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut lower = c.to_lowercase();
            let changes = !(lower.next() == Some(c) && lower.next().is_none());
            assert!(!changes || c.is_uppercase() || is_titlecase(c), "{c:?}");
        }
    }

    #[test]
    fn folding_a_slice_equals_slicing_the_folded_text() {
        // "ǅ" is title case: not upper case, yet it folds to "ǆ".
        let text = "ǅemal Straße ÄRGER don’t 您好 İ";
        let folded = fold_case(text);
        for word in words(text) {
            assert_eq!(
                fold_case(word.text),
                &folded[word.range.clone()],
                "{}",
                word.text
            );
        }
        assert_eq!(fold_case("ǅemal"), "ǆemal");
    }

    /// The byte comparison of a gap between words agrees with reading it as characters.
    #[test]
    fn a_hyphen_gap_is_exactly_one_hyphen_character() {
        for gap in [
            "-",
            "\u{2010}",
            "\u{2011}",
            "",
            " ",
            "--",
            "- ",
            " -",
            "\u{2012}",
            "\u{2014}",
            "a",
            "\u{2010}\u{2010}",
            "\u{2011}-",
        ] {
            let mut chars = gap.chars();
            let one_hyphen = matches!(
                (chars.next(), chars.next()),
                (Some('-' | '\u{2010}' | '\u{2011}'), None)
            );
            assert_eq!(is_hyphen_gap(gap.as_bytes()), one_hyphen, "{gap:?}");
        }
        assert_eq!(
            word_texts("sign\u{2011}up e\u{2010}mail"),
            ["sign\u{2011}up", "e\u{2010}mail"]
        );
    }

    /// [`ends_with_abbreviation`] as it was before it read the last word only as far back as
    /// an abbreviation reaches: the whole last word, however long.
    pub(super) fn ends_with_abbreviation_reading_the_whole_word(piece: &str) -> bool {
        let Some(body) = piece.strip_suffix('.') else {
            return false;
        };
        let last_word = body
            .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '\u{201C}' | '\u{201E}'))
            .next()
            .unwrap_or("");
        !last_word.is_empty()
            && (ABBREVIATIONS.contains(&last_word.to_lowercase().as_str()) || {
                let mut chars = last_word.chars();
                matches!((chars.next(), chars.next()), (Some(c), None) if chars::is_alphabetic(c))
            })
    }

    /// Reading the last word only as far back as the longest abbreviation changes nothing:
    /// every word ending in every piece of an abbreviation, upper- or lower-cased, with
    /// letters that lower-case to fewer bytes (the Kelvin sign), after every separator.
    #[test]
    fn abbreviations_are_found_reading_only_as_far_back_as_the_longest() {
        assert_eq!(LONGEST_ABBREVIATION, 6);
        let mut words: Vec<String> = vec![
            "J".into(),
            "ä".into(),
            "中".into(),
            "IN\u{212A}L".into(),
            "E\u{212A}".into(),
            "approxx".into(),
            "xapprox".into(),
            String::new(),
        ];
        for known in ABBREVIATIONS {
            for cut in 0..known.len() {
                if known.is_char_boundary(cut) {
                    words.push(known[cut..].to_string());
                    words.push(known[cut..].to_uppercase());
                    words.push(format!("x{}", &known[cut..]));
                }
            }
        }
        for word in &words {
            for before in [
                "", " ", "(", "\"", "\u{201C}", "\u{A0}", "word", "word ", "x.y.",
            ] {
                let piece = format!("{before}{word}.");
                assert_eq!(
                    ends_with_abbreviation(&piece),
                    ends_with_abbreviation_reading_the_whole_word(&piece),
                    "{piece:?}"
                );
            }
        }
    }

    /// ASCII words are compared with the abbreviations without lower-casing a copy, which
    /// relies on the list being lower case; other words are lower-cased first.
    #[test]
    fn abbreviations_end_no_sentence_in_any_case() {
        assert!(
            ABBREVIATIONS
                .iter()
                .all(|known| known.to_lowercase() == *known)
        );
        for piece in [
            "See Dr.",
            "SEE DR.",
            "use e.g.",
            "E.G.",
            "(vgl.",
            "Preise o.ä.",
            "Preise O.Ä.",
            "J.",
            "Ä.",
        ] {
            assert!(ends_with_abbreviation(piece), "{piece}");
        }
        for piece in ["The end.", "etc.", "Straße.", "drs.", "no", "."] {
            assert!(!ends_with_abbreviation(piece), "{piece}");
        }
    }

    #[test]
    fn sentences_in_english_german_and_chinese() {
        assert_eq!(
            sentence_texts("Use tools, e.g. Vale. Dr. Smith agrees!  Does he?"),
            ["Use tools, e.g. Vale.", "Dr. Smith agrees!", "Does he?"]
        );
        assert_eq!(
            sentence_texts("Wir nutzen z. B. Vale. Das ist gut."),
            ["Wir nutzen z. B. Vale.", "Das ist gut."]
        );
        assert_eq!(
            sentence_texts("您好。欢迎使用！有问题吗？好"),
            ["您好。", "欢迎使用！", "有问题吗？", "好"]
        );
        assert!(sentences("   ").is_empty());
    }
}
