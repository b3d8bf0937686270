//! Unicode word and sentence boundaries (UAX #29) for everyday text, without table lookups.
//!
//! Most prose in real content repositories is ASCII, Latin, Greek, Cyrillic or Chinese letters,
//! a few typographic marks (curly quotes, dashes, the no-break space, CJK punctuation) and the
//! stand-in for code and placeholders. Looking up every character's break category in
//! `unicode-segmentation`'s tables was the largest single cost of linting (a fifth of the CPU
//! time on the benchmark corpus). For these characters the categories are a handful of classes
//! and the rules shrink to a small state machine, so this module implements exactly the rules
//! that can apply to them and gives the same boundaries as the full algorithm. Callers check
//! [`is_everyday`] first and fall back to `unicode-segmentation` for anything else; the tests
//! compare both on generated text, on every character the fast path accepts in many contexts,
//! and on the real corpus.

use std::ops::Range;

use super::OPAQUE;

/// The non-ASCII marks the fast paths know, with their word and sentence classes.
const MARKS: &[(char, WordClass, SentenceClass)] = &[
    (OPAQUE, WordClass::Other, SentenceClass::Other),
    ('\u{2019}', WordClass::MidNumLet, SentenceClass::Close), // ’
    ('\u{2018}', WordClass::MidNumLet, SentenceClass::Close), // ‘
    ('\u{201C}', WordClass::Other, SentenceClass::Close),     // “
    ('\u{201D}', WordClass::Other, SentenceClass::Close),     // ”
    ('\u{201E}', WordClass::Other, SentenceClass::Close),     // „
    ('\u{00AB}', WordClass::Other, SentenceClass::Close),     // «
    ('\u{00BB}', WordClass::Other, SentenceClass::Close),     // »
    ('\u{2013}', WordClass::Other, SentenceClass::SContinue), // –
    ('\u{2014}', WordClass::Other, SentenceClass::SContinue), // —
    ('\u{2026}', WordClass::Other, SentenceClass::Other),     // …
    ('\u{00A0}', WordClass::Other, SentenceClass::Sp),        // no-break space
    ('\u{3001}', WordClass::Other, SentenceClass::SContinue), // 、
    ('\u{3002}', WordClass::Other, SentenceClass::STerm),     // 。
    ('\u{300A}', WordClass::Other, SentenceClass::Close),     // 《
    ('\u{300B}', WordClass::Other, SentenceClass::Close),     // 》
    ('\u{300C}', WordClass::Other, SentenceClass::Close),     // 「
    ('\u{300D}', WordClass::Other, SentenceClass::Close),     // 」
    ('\u{3010}', WordClass::Other, SentenceClass::Close),     // 【
    ('\u{3011}', WordClass::Other, SentenceClass::Close),     // 】
    ('\u{FF01}', WordClass::Other, SentenceClass::STerm),     // ！
    ('\u{FF08}', WordClass::Other, SentenceClass::Close),     // （
    ('\u{FF09}', WordClass::Other, SentenceClass::Close),     // ）
    ('\u{FF0C}', WordClass::MidNum, SentenceClass::SContinue), // ，
    ('\u{FF1A}', WordClass::MidLetter, SentenceClass::SContinue), // ：
    ('\u{FF1B}', WordClass::MidNum, SentenceClass::SContinue), // ；
    ('\u{FF1F}', WordClass::Other, SentenceClass::STerm),     // ？
];

/// The classes of a non-ASCII character the fast paths know.
///
/// - Cased letters of the Latin-1, Latin Extended, Greek and Cyrillic blocks: word letters,
///   sentence `Upper` or `Lower` (a letter that is both or neither, such as the title-case
///   "ǅ", is not known);
/// - CJK unified ideographs: no word class (each is a word of its own), sentence `OLetter`;
/// - the marks above.
fn non_ascii_classes(c: char) -> Option<(WordClass, SentenceClass)> {
    if matches!(c, '\u{00C0}'..='\u{024F}' | '\u{0370}'..='\u{03FF}' | '\u{0400}'..='\u{052F}') {
        return match (super::chars::is_uppercase(c), super::chars::is_lowercase(c)) {
            (true, false) => Some((WordClass::Letter, SentenceClass::Upper)),
            (false, true) => Some((WordClass::Letter, SentenceClass::Lower)),
            _ => None,
        };
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return Some((WordClass::Ideograph, SentenceClass::OLetter));
    }
    MARKS
        .iter()
        .find(|(known, _, _)| *known == c)
        .map(|&(_, word, sentence)| (word, sentence))
}

/// Whether every character of `text` is one the fast paths know.
pub(super) fn is_everyday(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    // Prose with a curly quote or an umlaut is still mostly ASCII: only the other characters
    // are decoded and looked up, the ASCII between them is skipped eight bytes at a time.
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        at += crate::swar::find(&bytes[at..], crate::swar::non_ascii, |b| !b.is_ascii());
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            return true;
        };
        if non_ascii_classes(c).is_none() {
            return false;
        }
        at += c.len_utf8();
    }
}

/// The character at byte `i` of `text` (which [`is_everyday`] accepted) and its length.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(i)?;
    if byte.is_ascii() {
        return Some((char::from(byte), 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Word-break classes (UAX #29, table 3) of the characters the fast path knows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum WordClass {
    Letter,
    /// A CJK ideograph: of no word-break class, so a word on its own.
    Ideograph,
    Numeric,
    /// `_`
    ExtendNumLet,
    /// `:`
    MidLetter,
    /// `.` and the curly single quotes
    MidNumLet,
    /// `'`
    SingleQuote,
    /// `,` and `;`
    MidNum,
    Other,
}

const fn ascii_word_class(byte: u8) -> WordClass {
    match byte {
        b'a'..=b'z' | b'A'..=b'Z' => WordClass::Letter,
        b'0'..=b'9' => WordClass::Numeric,
        b'_' => WordClass::ExtendNumLet,
        b':' => WordClass::MidLetter,
        b'.' => WordClass::MidNumLet,
        b'\'' => WordClass::SingleQuote,
        b',' | b';' => WordClass::MidNum,
        _ => WordClass::Other,
    }
}

/// [`ascii_word_class`] of every ASCII byte: one load per byte where a `match` on the byte
/// compiled to a chain of range tests, and word segmentation asks for every byte of prose.
const ASCII_WORD_CLASSES: [WordClass; 128] = {
    let mut table = [WordClass::Other; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte as usize] = ascii_word_class(byte);
        byte += 1;
    }
    table
};

/// Whether a byte is an ASCII letter, digit or `_`: the bytes that hold a word together
/// whatever stands around them (WB5, WB8–WB10, WB13a/b).
const ASCII_WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte as usize] = matches!(
            ascii_word_class(byte),
            WordClass::Letter | WordClass::Numeric | WordClass::ExtendNumLet
        );
        byte += 1;
    }
    table
};

fn word_class(c: char) -> WordClass {
    match u8::try_from(c) {
        Ok(byte) if byte.is_ascii() => ASCII_WORD_CLASSES[usize::from(byte)],
        _ => non_ascii_classes(c).map_or(WordClass::Other, |(class, _)| class),
    }
}

/// The word class of the character at byte `i` of `text` and its length: ASCII by the table,
/// without decoding.
#[inline]
fn word_class_at(text: &str, i: usize) -> Option<(WordClass, usize)> {
    let byte = *text.as_bytes().get(i)?;
    if byte.is_ascii() {
        return Some((ASCII_WORD_CLASSES[usize::from(byte)], 1));
    }
    let (c, len) = char_at(text, i)?;
    Some((word_class(c), len))
}

/// Calls `emit` with the byte range of every word of `text` (offset by `offset`; every
/// character [`is_everyday`]) that holds a letter or digit, in order.
///
/// Letters, digits and `_` hold together (WB5, WB8–WB10, WB13a/b); a letter-`:`/`.`/`'`-letter
/// or a digit-`,`/`;`/`.`/`'`-digit sequence does too (WB6/7, WB11/12); everything else is a
/// boundary (WB999). The classes with special rules (Hebrew letters, Katakana, regional
/// indicators, extenders, joiners) do not occur among these characters.
pub(super) fn word_ranges(text: &str, offset: usize, emit: &mut impl FnMut(Range<usize>)) {
    use WordClass::*;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some((first, len)) = word_class_at(text, i) {
        if first == Ideograph {
            emit(offset + i..offset + i + len);
        }
        if !matches!(first, Letter | Numeric | ExtendNumLet) {
            i += len;
            continue;
        }
        let start = i;
        let mut has_letter_or_digit = first != ExtendNumLet;
        let mut last = first;
        i += len;
        loop {
            // Most of a word is ASCII letters and digits: skip them a byte at a time, keeping
            // only the class of the last one (what the middle-character rules look at).
            let run = bytes
                .get(i..)
                .unwrap_or_default()
                .iter()
                .position(|&b| !ASCII_WORD_BYTES[usize::from(b)])
                .unwrap_or(bytes.len() - i);
            if run > 0 {
                i += run;
                // Only a word of nothing but `_` so far needs to look at the run again.
                if !has_letter_or_digit {
                    has_letter_or_digit = bytes[i - run..i].iter().any(|&b| b != b'_');
                }
                last = ASCII_WORD_CLASSES[usize::from(bytes[i - 1])];
            }
            let Some((class, len)) = word_class_at(text, i) else {
                break;
            };
            match class {
                Letter | Numeric | ExtendNumLet => {
                    has_letter_or_digit |= class != ExtendNumLet;
                    last = class;
                    i += len;
                }
                MidLetter | MidNumLet | SingleQuote | MidNum => {
                    let (next, next_len) = word_class_at(text, i + len).unwrap_or((Other, 0));
                    let letters = last == Letter
                        && matches!(class, MidLetter | MidNumLet | SingleQuote)
                        && next == Letter;
                    let digits = last == Numeric
                        && matches!(class, MidNum | MidNumLet | SingleQuote)
                        && next == Numeric;
                    if !(letters || digits) {
                        break;
                    }
                    // `last` stays: the character after the middle one is of the same class.
                    i += len + next_len;
                }
                Ideograph | Other => break,
            }
        }
        if has_letter_or_digit {
            emit(offset + start..offset + i);
        }
    }
}

/// Sentence-break classes (UAX #29, table 4) of the characters the fast path knows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SentenceClass {
    Cr,
    Lf,
    /// Tab, vertical tab, form feed, space, no-break space.
    Sp,
    Lower,
    Upper,
    /// Letters without case (Chinese).
    OLetter,
    Numeric,
    /// `.`
    ATerm,
    /// `!` and `?`
    STerm,
    /// Quotes and brackets.
    Close,
    /// `,` `-` `:` `;` and the dashes
    SContinue,
    Other,
}

fn sentence_class(c: char) -> SentenceClass {
    use SentenceClass::*;
    match c {
        '\r' => Cr,
        '\n' => Lf,
        '\t' | '\u{0B}' | '\u{0C}' | ' ' => Sp,
        'a'..='z' => Lower,
        'A'..='Z' => Upper,
        '0'..='9' => Numeric,
        '.' => ATerm,
        '!' | '?' => STerm,
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' => Close,
        ',' | '-' | ':' | ';' => SContinue,
        _ if c.is_ascii() => Other,
        _ => non_ascii_classes(c).map_or(Other, |(_, class)| class),
    }
}

/// The bytes where the skip over plain ASCII in [`sentence_pieces`] stops: terminators, line
/// breaks and every byte of a non-ASCII character.
fn is_sentence_stop(byte: u8) -> bool {
    !byte.is_ascii() || matches!(byte, b'.' | b'!' | b'?' | b'\r' | b'\n')
}

/// [`is_sentence_stop`] of eight bytes at a time (see [`crate::swar`]).
fn sentence_stops(chunk: u64) -> u64 {
    use crate::swar::{equal, non_ascii};
    equal(chunk, b'.')
        | equal(chunk, b'!')
        | equal(chunk, b'?')
        | equal(chunk, b'\r')
        | equal(chunk, b'\n')
        | non_ascii(chunk)
}

/// Where the text stands after a sentence terminator: `ATerm`/`STerm`, then `Close*`, then
/// `Sp*` (the context rules SB6–SB11 look at).
#[derive(Clone, Copy, PartialEq, Eq)]
enum AfterTerm {
    /// Not after a terminator (or the sequence was interrupted).
    No,
    /// Right after the terminator or its closing quotes and brackets.
    Closing { aterm: bool },
    /// In the spaces after them.
    Spacing { aterm: bool },
}

/// Calls `emit` with the sentences of `text` (every character [`is_everyday`]) as consecutive
/// byte ranges covering all of it, in order: the same pieces `split_sentence_bound_indices`
/// yields.
pub(super) fn sentence_pieces(text: &str, emit: &mut impl FnMut(Range<usize>)) {
    use SentenceClass::*;
    let mut start = 0;
    let mut state = AfterTerm::No;
    // Class of the previous character, and of the one before it (for SB7).
    let mut prev: Option<SentenceClass> = None;
    let mut before_prev: Option<SentenceClass> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
        // With no terminator pending and not right after a line break, nothing before the
        // next terminator, line break or non-ASCII character can start a sentence: skip plain
        // ASCII to there, keeping only the classes of its last two characters.
        if state == AfterTerm::No && !matches!(prev, Some(Cr | Lf)) {
            let plain = crate::swar::find(&bytes[i..], sentence_stops, is_sentence_stop);
            if plain >= 2 {
                i += plain;
                before_prev = Some(sentence_class(char::from(bytes[i - 2])));
                prev = Some(sentence_class(char::from(bytes[i - 1])));
                continue;
            }
        }
        let class = sentence_class(c);
        if let Some(prev) = prev
            && breaks_before(&text[i..], class, prev, before_prev, state)
        {
            emit(start..i);
            start = i;
        }
        state = match (class, state) {
            (ATerm, _) => AfterTerm::Closing { aterm: true },
            (STerm, _) => AfterTerm::Closing { aterm: false },
            (Close, AfterTerm::Closing { aterm }) => AfterTerm::Closing { aterm },
            (Sp, AfterTerm::Closing { aterm } | AfterTerm::Spacing { aterm }) => {
                AfterTerm::Spacing { aterm }
            }
            _ => AfterTerm::No,
        };
        before_prev = prev;
        prev = Some(class);
        i += c.len_utf8();
    }
    if start < text.len() {
        emit(start..text.len());
    }
}

/// Whether there is a sentence boundary before `rest`, whose first character is of `class`.
fn breaks_before(
    rest: &str,
    class: SentenceClass,
    prev: SentenceClass,
    before_prev: Option<SentenceClass>,
    state: AfterTerm,
) -> bool {
    use SentenceClass::*;
    match prev {
        Cr if class == Lf => return false, // SB3
        Cr | Lf => return true,            // SB4
        _ => {}
    }
    let (aterm, spacing) = match state {
        AfterTerm::No => return false, // SB998
        AfterTerm::Closing { aterm } => (aterm, false),
        AfterTerm::Spacing { aterm } => (aterm, true),
    };
    if prev == ATerm {
        // SB6: "3.5"; SB7: "U.S.A".
        if class == Numeric {
            return false;
        }
        if class == Upper && matches!(before_prev, Some(Upper | Lower)) {
            return false;
        }
    }
    // SB8: after a full stop, a lower-case letter further on (past anything that is not a
    // letter, a terminator or a paragraph separator) continues the sentence.
    if aterm && continues_in_lower_case(rest) {
        return false;
    }
    match class {
        SContinue | ATerm | STerm => false, // SB8a
        Close if !spacing => false,         // SB9
        Sp | Cr | Lf => false,              // SB9, SB10
        _ => true,                          // SB11
    }
}

/// SB8's look-ahead: skipping characters that are not letters, terminators or paragraph
/// separators, is the next one a lower-case letter?
fn continues_in_lower_case(rest: &str) -> bool {
    use SentenceClass::*;
    for c in rest.chars() {
        match sentence_class(c) {
            Lower => return true,
            Upper | OLetter | Cr | Lf | ATerm | STerm => return false,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn fast_words(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        word_ranges(text, 0, &mut |range| out.push(range));
        out
    }

    fn sentence_pieces(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        super::sentence_pieces(text, &mut |range| out.push(range));
        out
    }

    fn reference_words(text: &str) -> Vec<Range<usize>> {
        text.split_word_bound_indices()
            .filter(|(_, token)| token.chars().any(char::is_alphanumeric))
            .map(|(start, token)| start..start + token.len())
            .collect()
    }

    /// The word tokens of `text` by the hybrid split ([`super::super::word_tokens`]) and by
    /// `unicode-segmentation` alone.
    fn tokens_and_reference(text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        let tokens = super::super::word_tokens(text)
            .into_iter()
            .map(|w| w.range)
            .collect();
        let reference = text
            .split_word_bound_indices()
            .filter(|(_, token)| token.chars().any(super::super::is_word_char))
            .map(|(start, token)| start..start + token.len())
            .collect();
        (tokens, reference)
    }

    fn reference_sentences(text: &str) -> Vec<Range<usize>> {
        text.split_sentence_bound_indices()
            .map(|(start, piece)| start..start + piece.len())
            .collect()
    }

    /// The sentences of `text` made from the pieces of `unicode-segmentation` alone.
    fn general_sentences(text: &str) -> Vec<Range<usize>> {
        let mut sentences = super::super::Sentences::new(text);
        for piece in reference_sentences(text) {
            sentences.add(piece);
        }
        sentences.out
    }

    /// The words of `text` with hyphenated compounds joined in a second pass over all the
    /// tokens, as [`super::super::word_ranges`] did before it joined them as they come.
    fn words_joined_afterwards(text: &str) -> Vec<Range<usize>> {
        let mut words = super::super::token_ranges(text);
        let mut kept = 0;
        for i in 0..words.len() {
            if kept > 0 && super::super::hyphen_joins(text, words[kept - 1].end, words[i].clone()) {
                words[kept - 1].end = words[i].end;
            } else {
                words.swap(kept, i);
                kept += 1;
            }
        }
        words.truncate(kept);
        words
    }

    /// A deterministic stream of ASCII strings biased towards the characters the rules treat
    /// specially.
    fn generated_texts() -> impl Iterator<Item = String> {
        const ALPHABET: &[char] = &[
            'a', 'A', 'b', 'Z', '0', '9', '_', ':', '.', '\'', ',', ';', '!', '?', ' ', '\t', '\n',
            '\r', '"', '(', ')', '[', ']', '-', '#', 'x', 'y', '\u{2019}', '\u{201C}', '\u{2014}',
            '\u{A0}', '\u{2026}', '\u{FFFC}', '\u{BB}', 'ä', 'Ü', 'ß', 'я', 'Ж', 'Ω', '中', '文',
            '。', '，', '！', '：', '」',
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..20_000).map(move |_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            let mut text = String::with_capacity(len);
            let mut seed = state;
            for _ in 0..len {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                text.push(ALPHABET[(seed >> 33) as usize % ALPHABET.len()]);
            }
            text
        })
    }

    #[test]
    fn words_match_the_unicode_algorithm_on_generated_text() {
        for text in generated_texts() {
            assert_eq!(fast_words(&text), reference_words(&text), "{text:?}");
        }
    }

    /// Texts of whole words and the marks between them, long enough for the byte path's runs
    /// of ASCII letters: contractions with both apostrophes, umlauts, Chinese, numbers with
    /// separators, `_`, placeholders and (for the hybrid split) emoji.
    fn generated_prose() -> impl Iterator<Item = String> {
        const WORDS: &[&str] = &[
            "Hello",
            "don't",
            "don\u{2019}t",
            "it\u{2019}",
            "Gr\u{FC}\u{DF}e",
            "\u{C4}rger",
            "\u{4E2D}\u{6587}",
            "\u{8BCD}",
            "3.50",
            "1,000",
            "10:30",
            "e.g.",
            "snake_case",
            "_",
            "__x",
            "_9",
            "a:b",
            "x'",
            "'y",
            "\u{FFFC}",
            "\u{1F389}",
            "\u{2014}",
            "\u{2026}",
            "\u{201C}quoted\u{201D}",
            "\u{41F}\u{440}\u{438}\u{432}\u{435}\u{442}",
            "\u{3A9}\u{3BC}",
            "caf\u{E9}",
            "x1y2",
            "ABC",
            "\u{3002}",
            "\u{FF0C}",
        ];
        const GAPS: &[&str] = &[
            " ", "", "-", ", ", ". ", "'", "\u{2019}", ":", ".", "_", "\n", "\u{A0}", "\u{FFFC}",
            "\u{2010}",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % bound as u64).unwrap_or(0)
        };
        (0..5_000).map(move |_| {
            let words = next(12);
            let mut text = String::new();
            for _ in 0..words {
                text.push_str(WORDS[next(WORDS.len())]);
                text.push_str(GAPS[next(GAPS.len())]);
            }
            text
        })
    }

    #[test]
    fn words_match_the_unicode_algorithm_on_generated_prose() {
        let mut everyday = 0;
        for text in generated_prose() {
            if is_everyday(&text) {
                everyday += 1;
                assert_eq!(fast_words(&text), reference_words(&text), "{text:?}");
            }
            // The hybrid split (the fast path between white space, the full algorithm for a
            // piece with an emoji) gives the same words as the full algorithm throughout.
            let (tokens, reference) = tokens_and_reference(&text);
            assert_eq!(tokens, reference, "{text:?}");
        }
        assert!(everyday > 1_000, "{everyday}");
    }

    /// Words joined as the tokens come and sentences made as the pieces come are those of
    /// the general paths: joined after the fact, made of `unicode-segmentation`'s pieces.
    #[test]
    fn words_and_sentences_match_the_general_paths_on_generated_text() {
        for text in generated_prose().chain(generated_texts()) {
            let words = super::super::word_ranges(&text);
            assert_eq!(words, words_joined_afterwards(&text), "{text:?}");
            let sentences = super::super::sentences(&text);
            assert_eq!(sentences, general_sentences(&text), "{text:?}");
        }
    }

    #[test]
    fn sentences_match_the_unicode_algorithm_on_generated_prose() {
        for text in generated_prose().filter(|text| is_everyday(text)) {
            assert_eq!(
                sentence_pieces(&text),
                reference_sentences(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn sentences_match_the_unicode_algorithm_on_generated_text() {
        for text in generated_texts() {
            assert_eq!(
                sentence_pieces(&text),
                reference_sentences(&text),
                "{text:?}"
            );
        }
    }

    /// Every non-ASCII character the fast path accepts, in contexts that exercise each rule
    /// its classes take part in: any wrong class changes some boundary.
    #[test]
    fn every_known_character_behaves_as_in_the_unicode_algorithm() {
        const CONTEXTS: &[&str] = &[
            "#",
            "a#b",
            "a#",
            "#a",
            "1#2",
            "a.#",
            "a. #",
            "a. #b",
            "A.#.",
            "x#. y",
            "##",
            "a#'b",
            "a'#",
            "1,#",
            "#:#",
            "e.g. # z",
            "x? #",
            "Hi. (#) there",
            "a.#b",
            "1#a",
            "_#_",
        ];
        let mut known = 0;
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            if non_ascii_classes(c).is_none() {
                continue;
            }
            known += 1;
            for context in CONTEXTS {
                let text = context.replace('#', c.encode_utf8(&mut [0; 4]));
                assert!(is_everyday(&text));
                assert_eq!(
                    fast_words(&text),
                    reference_words(&text),
                    "{c:?} in {text:?}"
                );
                assert_eq!(
                    sentence_pieces(&text),
                    reference_sentences(&text),
                    "{c:?} in {text:?}"
                );
            }
        }
        assert!(known > 20_000, "{known}");
    }

    #[test]
    fn the_sentence_stop_mask_marks_the_sentence_stops() {
        for byte in 0..=u8::MAX {
            for position in 0..8 {
                let mut chunk = *b"a. b?\n!\r";
                chunk[position] = byte;
                let mask = sentence_stops(u64::from_le_bytes(chunk));
                for (i, &b) in chunk.iter().enumerate() {
                    assert_eq!(
                        mask >> (i * 8 + 7) & 1 == 1,
                        is_sentence_stop(b),
                        "{chunk:?}"
                    );
                }
            }
        }
    }

    /// Skipping ASCII accepts and rejects what looking at every character does.
    #[test]
    fn everyday_text_is_recognised_as_character_by_character() {
        let by_chars = |text: &str| {
            text.chars()
                .all(|c| c.is_ascii() || non_ascii_classes(c).is_some())
        };
        for text in generated_prose().chain(generated_texts()) {
            assert_eq!(is_everyday(&text), by_chars(&text), "{text:?}");
        }
        for text in [
            "",
            "plain",
            "Grüße aus München",
            "long ascii run then 🎉",
            "🎉",
            "x\u{0301}",
        ] {
            assert_eq!(is_everyday(text), by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn words_of_ordinary_prose() {
        let text = "Don't pay $1,000.50 for e.g. snake_case at 10:30; see a:b.";
        let words: Vec<&str> = fast_words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            words,
            [
                "Don't",
                "pay",
                "1,000.50",
                "for",
                "e.g",
                "snake_case",
                "at",
                "10",
                "30",
                "see",
                "a:b"
            ]
        );
    }

    #[test]
    fn sentences_of_ordinary_prose() {
        let text = "It costs 3.50 in the U.S.A. today. \"Really?\" she asked. etc. no. Yes!\nNext";
        let pieces: Vec<&str> = sentence_pieces(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            pieces,
            reference_sentences(text)
                .into_iter()
                .map(|r| &text[r])
                .collect::<Vec<_>>()
        );
        assert_eq!(pieces.last(), Some(&"Next"));
    }

    /// Every prose segment of a sample of the real corpus (when it is there): the fast paths
    /// and the hybrid word split give exactly what `unicode-segmentation` gives.
    #[test]
    fn segmentation_matches_the_unicode_algorithm_on_the_corpus() {
        use crate::document::{Document, Format};
        let Some(files) = crate::shared_corpus::files("bench") else {
            return;
        };
        let (mut segments, mut ascii) = (0, 0);
        for path in files.iter().step_by(7) {
            let (Some(format), Ok(bytes)) = (Format::from_path(path), std::fs::read(path)) else {
                continue;
            };
            let Ok(document) = Document::from_bytes(format, &bytes) else {
                continue;
            };
            for segment in &document.segments {
                let text = segment.text.as_str();
                let (words, reference) = tokens_and_reference(text);
                assert_eq!(words, reference, "{}: {text:?}", path.display());
                let joined = super::super::word_ranges(text);
                assert_eq!(joined, words_joined_afterwards(text), "{text:?}");
                let sentences = super::super::sentences(text);
                assert_eq!(sentences, general_sentences(text), "{text:?}");
                for piece in reference_sentences(text) {
                    let piece = text[piece].trim();
                    assert_eq!(
                        super::super::ends_with_abbreviation(piece),
                        super::super::tests::ends_with_abbreviation_reading_the_whole_word(piece),
                        "{piece:?}"
                    );
                }
                // Unless a word crosses a sentence boundary, segmenting a sentence on its own
                // finds the segment's words inside it (the length check counts them so).
                let all_words = super::super::words(text);
                for sentence in super::super::sentences(text) {
                    let crossing = all_words.iter().any(|w| {
                        (w.range.start < sentence.start && w.range.end > sentence.start)
                            || (w.range.start < sentence.end && w.range.end > sentence.end)
                    });
                    if crossing {
                        continue;
                    }
                    let inside: Vec<Range<usize>> = all_words
                        .iter()
                        .filter(|w| sentence.contains(&w.range.start))
                        .map(|w| w.range.clone())
                        .collect();
                    let alone: Vec<Range<usize>> = super::super::words(&text[sentence.clone()])
                        .into_iter()
                        .map(|w| sentence.start + w.range.start..sentence.start + w.range.end)
                        .collect();
                    assert_eq!(inside, alone, "{:?}", &text[sentence]);
                }
                if is_everyday(text) {
                    assert_eq!(sentence_pieces(text), reference_sentences(text), "{text:?}");
                    ascii += 1;
                }
                segments += 1;
            }
        }
        eprintln!(
            "compared {segments} segments ({ascii} on the fast path) of {} files",
            files.len() / 7
        );
    }
}
