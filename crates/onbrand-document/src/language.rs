//! Which language a document is written in.
//!
//! Declared languages win (front matter, `<html lang>`, configuration); otherwise a cheap
//! detector looks at the script (Han characters without kana → Chinese) and at the most frequent
//! function words of the languages onbrand ships rules for. It answers `None` rather than guess:
//! a wrong language would apply the wrong rules, an unknown one only skips language-scoped rules.

use crate::document::Segment;
use crate::prose::chars;
use crate::swar;

/// How much prose the detector reads: the first few kilobytes say enough, and long documents
/// must not cost more.
const SAMPLE_BYTES: usize = 8 * 1024;

/// Function words: frequent, short and distinctive for each language. Words shared by the
/// languages here ("in", "was", "die" in English prose is rare) are left out.
const STOP_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "is", "are", "of", "to", "you", "your", "we", "our", "with", "for",
            "this", "that", "it", "on", "be", "have", "can", "will", "not", "or", "at", "from",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "sind", "nicht", "ein", "eine", "einen", "mit",
            "für", "sie", "du", "wir", "auf", "zu", "den", "dem", "ich", "auch", "bei", "oder",
            "wird", "kann", "dein", "ihr", "uns", "sich",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "et", "est", "des", "une", "pour", "avec", "vous", "nous", "pas",
            "dans", "sur", "qui", "que", "ce", "cette", "sont",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "y", "es", "del", "una", "para", "con", "que", "por", "su", "sus",
            "como", "pero", "más", "está", "son",
        ],
    ),
];

/// Normalise a language tag to its primary subtag: `de-CH` → `de`, `zh_Hans` → `zh`.
pub fn primary_subtag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let valid = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    valid.then_some(primary)
}

/// The code of a language written by name ("English", "Deutsch", "中文") instead of as a tag:
/// for the "did you mean `en`?" of a configuration error. Names in English and in the language
/// itself, for the languages people most often write copy in.
pub fn code_for_name(name: &str) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        ("english", "en"),
        ("englisch", "en"),
        ("german", "de"),
        ("deutsch", "de"),
        ("chinese", "zh"),
        ("中文", "zh"),
        ("汉语", "zh"),
        ("mandarin", "zh"),
        ("french", "fr"),
        ("français", "fr"),
        ("francais", "fr"),
        ("spanish", "es"),
        ("español", "es"),
        ("espanol", "es"),
        ("italian", "it"),
        ("italiano", "it"),
        ("portuguese", "pt"),
        ("português", "pt"),
        ("dutch", "nl"),
        ("nederlands", "nl"),
        ("japanese", "ja"),
        ("日本語", "ja"),
        ("korean", "ko"),
        ("한국어", "ko"),
        ("russian", "ru"),
        ("русский", "ru"),
        ("polish", "pl"),
        ("polski", "pl"),
        ("swedish", "sv"),
        ("svenska", "sv"),
        ("danish", "da"),
        ("dansk", "da"),
        ("norwegian", "no"),
        ("norsk", "no"),
        ("finnish", "fi"),
        ("suomi", "fi"),
        ("turkish", "tr"),
        ("türkçe", "tr"),
        ("arabic", "ar"),
        ("hindi", "hi"),
    ];
    let name = name.trim().to_lowercase();
    NAMES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, code)| *code)
}

/// Each stop word, as its key ([`stop_word_key`]), with the index of its language in
/// [`STOP_WORDS`]: looked up for every word of the first 8 KB of every document.
static STOP_WORD_INDEX: std::sync::LazyLock<StopWordIndex> =
    std::sync::LazyLock::new(StopWordIndex::new);

/// An open-addressing hash table of the stop words' keys. A lookup is a multiplication and
/// one or two loads, where a binary search over the sorted keys took seven unpredictable
/// comparisons: it was a third of the detector's instructions.
struct StopWordIndex {
    /// `(key, language)`; key 0 (no word has it: words are not empty) marks an empty slot.
    slots: [(u64, usize); STOP_WORD_SLOTS],
}

/// Slots of [`StopWordIndex`]: a power of two, and well over the number of stop words, so
/// that most lookups of a word that is none end at the first, empty, slot.
const STOP_WORD_SLOTS: usize = 512;

impl StopWordIndex {
    fn new() -> StopWordIndex {
        // A word in two lists counts for the later one.
        let mut by_key = std::collections::BTreeMap::new();
        for (language, (_, words)) in STOP_WORDS.iter().enumerate() {
            for word in *words {
                if let Some(key) = stop_word_key(word) {
                    by_key.insert(key, language);
                }
            }
        }
        let mut index = StopWordIndex {
            slots: [(0, 0); STOP_WORD_SLOTS],
        };
        for (key, language) in by_key {
            let mut slot = Self::home(key);
            while index.slots[slot].0 != 0 {
                slot = (slot + 1) % STOP_WORD_SLOTS;
            }
            index.slots[slot] = (key, language);
        }
        index
    }

    /// The slot where the search for `key` starts: the top bits of a Fibonacci hash.
    fn home(key: u64) -> usize {
        let hash = key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - STOP_WORD_SLOTS.ilog2());
        usize::try_from(hash).unwrap_or(0) % STOP_WORD_SLOTS
    }

    /// The language whose stop word has `key`.
    fn language(&self, key: u64) -> Option<usize> {
        let mut slot = Self::home(key);
        // The table is never full, so the probe meets the key or an empty slot.
        loop {
            let (found, language) = self.slots[slot];
            if found == 0 {
                return None;
            }
            if found == key {
                return Some(language);
            }
            slot = (slot + 1) % STOP_WORD_SLOTS;
        }
    }
}

/// A word of at most [`LONGEST_STOP_WORD`] bytes, lower-cased, as the number its UTF-8 bytes
/// make (zero-padded); None for a longer word.
fn stop_word_key(word: &str) -> Option<u64> {
    if word.is_ascii() {
        return ascii_stop_word_key(word.as_bytes());
    }
    let mut bytes = [0u8; LONGEST_STOP_WORD];
    let lowered: String = word.chars().flat_map(char::to_lowercase).collect();
    bytes
        .get_mut(..lowered.len())?
        .copy_from_slice(lowered.as_bytes());
    Some(u64::from_le_bytes(bytes))
}

/// Calls `each` with the key of every word of `sample` that is short enough to be a stop word
/// (words: runs of letters).
fn word_keys(sample: &str, mut each: impl FnMut(u64)) {
    for word in sample.split(|c: char| !chars::is_alphabetic(c)) {
        if !word.is_empty()
            && word.len() <= LONGEST_STOP_WORD
            && let Some(key) = stop_word_key(word)
        {
            each(key);
        }
    }
}

/// [`word_keys`] of an ASCII sample (most prose), split on bytes: no characters decoded, and
/// no key made of a word longer than every stop word (lower-casing ASCII keeps its length).
/// Returns the number of letters, which the runs of letters give for free.
///
/// Eight bytes at a time: each chunk becomes one bit per byte (a letter or not), and the words
/// start and end where the bits change, so the work per word is a few bit operations rather
/// than a test and a branch per byte.
fn ascii_word_keys(sample: &str, mut each: impl FnMut(u64)) -> usize {
    let bytes = sample.as_bytes();
    let mut letters = 0;
    // Where the word being read started, while one is open.
    let mut word_start = None;
    // Whether the byte before the chunk was a letter.
    let mut letter_before = 0;
    let mut word = |start: usize, end: usize| {
        let len = end - start;
        if len <= LONGEST_LISTED_STOP_WORD {
            each(ascii_letters_key(bytes, start, len));
        }
    };
    for (index, chunk) in bytes.chunks(8).enumerate() {
        // A short last chunk is padded with zero bytes, which are not letters.
        let mut padded = [0u8; 8];
        padded[..chunk.len()].copy_from_slice(chunk);
        let is_letter = swar::bits(swar::ascii_letters(u64::from_le_bytes(padded)));
        letters += is_letter.count_ones() as usize;
        let after_letter = (is_letter << 1 | letter_before) & 0xFF;
        let mut changes = is_letter ^ after_letter;
        while changes != 0 {
            let at = index * 8 + changes.trailing_zeros() as usize;
            match word_start.take() {
                Some(start) => word(start, at),
                None => word_start = Some(at),
            }
            changes &= changes - 1;
        }
        letter_before = is_letter >> 7;
    }
    if let Some(start) = word_start {
        word(start, bytes.len());
    }
    letters
}

/// [`ascii_stop_word_key`] of the `len` ASCII letters at `start` of `bytes` (`len` from 1 to
/// 8): the eight bytes there read as one number, lower-cased at once (`| 0x20` lower-cases
/// a letter) and cut to the word, rather than a loop over its bytes.
fn ascii_letters_key(bytes: &[u8], start: usize, len: usize) -> u64 {
    let chunk = match bytes.get(start..start + 8) {
        Some(eight) => <[u8; 8]>::try_from(eight).unwrap_or_default(),
        None => {
            // Near the end of the sample: the bytes that are left, zero-padded.
            let mut padded = [0u8; 8];
            let rest = bytes.get(start..).unwrap_or_default();
            let take = rest.len().min(8);
            padded[..take].copy_from_slice(&rest[..take]);
            padded
        }
    };
    let word = u64::MAX >> (64 - 8 * len.clamp(1, 8));
    (u64::from_le_bytes(chunk) | 0x2020_2020_2020_2020) & word
}

/// The longest word of [`STOP_WORDS`] in bytes.
const LONGEST_LISTED_STOP_WORD: usize = {
    let mut longest = 0;
    let mut language = 0;
    while language < STOP_WORDS.len() {
        let words = STOP_WORDS[language].1;
        let mut word = 0;
        while word < words.len() {
            if words[word].len() > longest {
                longest = words[word].len();
            }
            word += 1;
        }
        language += 1;
    }
    longest
};

/// [`stop_word_key`] of an ASCII word.
fn ascii_stop_word_key(word: &[u8]) -> Option<u64> {
    if word.len() > LONGEST_STOP_WORD {
        return None;
    }
    let mut bytes = [0u8; LONGEST_STOP_WORD];
    for (slot, byte) in bytes.iter_mut().zip(word) {
        *slot = byte.to_ascii_lowercase();
    }
    Some(u64::from_le_bytes(bytes))
}

/// Longest stop word in bytes: longer words are not looked up at all.
const LONGEST_STOP_WORD: usize = 8;

/// Guess the language of a document's prose.
pub fn detect(segments: &[Segment]) -> Option<&'static str> {
    let mut counts = ScriptCounts::default();
    let mut votes = [0usize; STOP_WORDS.len()];
    let mut read = 0;
    let index = &*STOP_WORD_INDEX;
    for segment in segments {
        // Only as much of a long segment as the sample still needs.
        let take = crate::position::floor_char_boundary(&segment.text, SAMPLE_BYTES - read);
        let sample = &segment.text[..take];
        let vote = |key: u64| {
            if let Some(language) = index.language(key) {
                votes[language] += 1;
            }
        };
        read_sample(sample, &mut counts, vote);
        read += sample.len();
        if read >= SAMPLE_BYTES {
            break;
        }
    }
    decide(&counts, &votes)
}

/// Count the letters of `sample` by script and vote with its words. A character that is not
/// a letter ends a word, so the sample is read piece by piece between its non-ASCII ones
/// (curly quotes, dashes): the ASCII pieces, most of English prose with typographic
/// punctuation, take the byte-wise path.
fn read_sample(sample: &str, counts: &mut ScriptCounts, mut vote: impl FnMut(u64)) {
    if sample.is_ascii() {
        counts.letters += ascii_word_keys(sample, vote);
        return;
    }
    let separators = sample
        .char_indices()
        .filter(|&(_, c)| !c.is_ascii() && !chars::is_alphabetic(c))
        .map(|(at, c)| (at, at + c.len_utf8()));
    let mut start = 0;
    for (end, next) in separators.chain(std::iter::once((sample.len(), sample.len()))) {
        let piece = &sample[start..end];
        if piece.is_ascii() {
            counts.letters += ascii_word_keys(piece, &mut vote);
        } else {
            counts.add(piece);
            word_keys(piece, &mut vote);
        }
        start = next;
    }
}

/// The language the counted script or the stop-word votes (one per language of
/// [`STOP_WORDS`]) say, if either is clear enough.
fn decide(counts: &ScriptCounts, votes: &[usize]) -> Option<&'static str> {
    if let Some(script_language) = counts.language() {
        return Some(script_language);
    }
    let (best, &best_votes) = votes
        .iter()
        .enumerate()
        .max_by_key(|&(index, votes)| (votes, usize::MAX - index))?;
    let runner_up = votes
        .iter()
        .enumerate()
        .filter(|&(index, _)| index != best)
        .map(|(_, v)| *v)
        .max()
        .unwrap_or(0);
    // Require a few hits and a clear lead, so that a short or mixed text stays unknown.
    (best_votes >= 3 && best_votes >= runner_up * 2).then_some(STOP_WORDS[best].0)
}

#[derive(Default)]
struct ScriptCounts {
    letters: usize,
    han: usize,
    kana: usize,
    hangul: usize,
    cyrillic: usize,
}

impl ScriptCounts {
    /// Counts the letters of `text` by script (an ASCII text's letters are counted with its
    /// words, by [`ascii_word_keys`]).
    fn add(&mut self, text: &str) {
        for c in text.chars().filter(|&c| chars::is_alphabetic(c)) {
            self.letters += 1;
            match c as u32 {
                0x3040..=0x30FF => self.kana += 1,
                0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => {
                    self.han += 1
                }
                0xAC00..=0xD7AF | 0x1100..=0x11FF => self.hangul += 1,
                0x0400..=0x04FF => self.cyrillic += 1,
                _ => {}
            }
        }
    }

    /// A language the script alone decides, when it dominates the prose.
    fn language(&self) -> Option<&'static str> {
        let dominant = |count: usize| count * 3 >= self.letters && count > 0;
        if dominant(self.kana) || (self.kana > 0 && dominant(self.han + self.kana)) {
            Some("ja")
        } else if dominant(self.han) {
            Some("zh")
        } else if dominant(self.hangul) {
            Some("ko")
        } else if dominant(self.cyrillic) {
            Some("ru")
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{SegmentBuilder, SegmentKind};

    fn segments(text: &str) -> Vec<Segment> {
        let mut builder = SegmentBuilder::new();
        builder.push_verbatim(text, 0);
        Segment::from_builder(SegmentKind::Paragraph, builder)
            .into_iter()
            .collect()
    }

    #[test]
    fn ascii_samples_give_the_keys_of_the_character_path() {
        for sample in [
            "The cat, and THE dog's 'is' ein-die x9y",
            "",
            "a b  c...?!",
            "ABCDEFGHI is not, Einundzwanzig sind",
            "e-mail don't\tuns\n\nsich",
            "sixsix sevenss eightsss nicht cette nine",
            "trailing words",
            "abcdefgh12345678ABCDEFGHI the@[`{z]AZaz the",
            "  a,b;cc,the and  \t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\tdie die",
            "abcdefgh",
            "abcdefghi",
            "12345678the",
            "the12345",
        ] {
            let (mut by_bytes, mut by_chars) = (Vec::new(), Vec::new());
            let letters = ascii_word_keys(sample, |key| by_bytes.push(key));
            assert_eq!(
                letters,
                sample.bytes().filter(u8::is_ascii_alphabetic).count()
            );
            word_keys(sample, |key| by_chars.push(key));
            // The byte path makes no key of a word longer than every stop word.
            let key_len = |key: &u64| key.to_le_bytes().iter().filter(|&&b| b != 0).count();
            by_chars.retain(|key| key_len(key) <= LONGEST_LISTED_STOP_WORD);
            assert_eq!(by_bytes, by_chars, "{sample}");
        }
    }

    /// Every slice of a sample whose words and gaps fall on every position of the eight-byte
    /// chunks gives the keys and letters of the character path.
    #[test]
    fn ascii_samples_give_the_keys_of_the_character_path_at_every_offset() {
        let text = "The cat and THE dog: die Katze, un chien. Sind wir da? ok  x abcdefghij y";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let sample = &text[start..end];
                let (mut by_bytes, mut by_chars) = (Vec::new(), Vec::new());
                let letters = ascii_word_keys(sample, |key| by_bytes.push(key));
                word_keys(sample, |key| by_chars.push(key));
                let key_len = |key: &u64| key.to_le_bytes().iter().filter(|&&b| b != 0).count();
                by_chars.retain(|key| key_len(key) <= LONGEST_LISTED_STOP_WORD);
                assert_eq!(by_bytes, by_chars, "{sample:?}");
                assert_eq!(
                    letters,
                    sample.bytes().filter(u8::is_ascii_alphabetic).count()
                );
            }
        }
    }

    /// The key read as one number is the key made byte by byte, for every length and at the
    /// end of the text.
    #[test]
    fn letter_keys_read_at_once_are_the_byte_keys() {
        let text = b"aBcDeFgHiJ";
        for start in 0..text.len() {
            for len in 1..=(text.len() - start).min(8) {
                assert_eq!(
                    Some(ascii_letters_key(text, start, len)),
                    ascii_stop_word_key(&text[start..start + len]),
                    "{start} {len}"
                );
            }
        }
    }

    /// The hash table answers as a search of the sorted keys would: every stop word in the
    /// language of the last list that has it, and no other word of up to three letters.
    #[test]
    fn the_stop_word_index_finds_exactly_the_stop_words() {
        let mut expected = std::collections::BTreeMap::new();
        for (language, (_, words)) in STOP_WORDS.iter().enumerate() {
            for word in *words {
                expected.insert(stop_word_key(word).unwrap(), language);
            }
        }
        for (key, language) in &expected {
            assert_eq!(STOP_WORD_INDEX.language(*key), Some(*language));
        }
        let letters = || (b'a'..=b'z').chain([0]);
        for a in b'a'..=b'z' {
            for b in letters() {
                for c in letters() {
                    let word = [a, b, c];
                    let word = &word[..word.iter().position(|&x| x == 0).unwrap_or(3)];
                    let key = ascii_stop_word_key(word).unwrap();
                    assert_eq!(
                        STOP_WORD_INDEX.language(key),
                        expected.get(&key).copied(),
                        "{word:?}"
                    );
                }
            }
        }
        assert_eq!(STOP_WORD_INDEX.language(0), None);
    }

    /// The detector as it was before its fast paths: every sample read character by
    /// character, every key looked up in the sorted keys (the decision from the counts is
    /// shared). The fast paths must not change a single answer.
    fn detect_by_characters(segments: &[Segment]) -> Option<&'static str> {
        let mut by_key = std::collections::BTreeMap::new();
        for (language, (_, words)) in STOP_WORDS.iter().enumerate() {
            for word in *words {
                by_key.insert(stop_word_key(word).unwrap(), language);
            }
        }
        let mut counts = ScriptCounts::default();
        let mut votes = [0usize; STOP_WORDS.len()];
        let mut read = 0;
        for segment in segments {
            let take = crate::position::floor_char_boundary(&segment.text, SAMPLE_BYTES - read);
            let sample = &segment.text[..take];
            counts.add(sample);
            word_keys(sample, |key| {
                if let Some(&language) = by_key.get(&key) {
                    votes[language] += 1;
                }
            });
            read += sample.len();
            if read >= SAMPLE_BYTES {
                break;
            }
        }
        decide(&counts, &votes)
    }

    /// Every document of the shared corpus (all its languages), when it is there: the detector
    /// answers as the plain character-by-character reading does.
    #[test]
    fn detection_matches_the_character_path_on_the_corpus() {
        use crate::document::{Document, Format};
        let Some(files) = crate::shared_corpus::files("") else {
            return;
        };
        let (mut documents, mut detected) = (0, 0);
        for path in files {
            let (Some(format), Ok(bytes)) = (Format::from_path(&path), std::fs::read(&path)) else {
                continue;
            };
            let Ok(document) = Document::from_bytes(format, &bytes) else {
                continue;
            };
            let language = detect(&document.segments);
            assert_eq!(
                language,
                detect_by_characters(&document.segments),
                "{}",
                path.display()
            );
            documents += 1;
            detected += usize::from(language.is_some());
        }
        eprintln!("compared {documents} documents ({detected} with a language detected)");
        assert!(documents > 1_000, "{documents}");
    }

    /// Piece by piece between non-ASCII punctuation, a sample counts and votes as it does
    /// read character by character.
    #[test]
    fn a_sample_read_in_pieces_counts_and_votes_as_a_whole() {
        let samples = [
            "It\u{2019}s \u{201C}the\u{201D} end \u{2014} and the start\u{2026}",
            "Die Stra\u{DF}e ist \u{201E}gr\u{FC}n\u{201C} \u{2013} und sch\u{F6}n.",
            "\u{4F60}\u{597D}\u{FF0C}the \u{4E16}\u{754C}\u{3002}und \u{41C}\u{438}\u{440}",
            "caf\u{E9}\u{2019}s\u{2014}the\u{A0}and\u{2026}",
        ];
        for sample in samples {
            let (mut pieces, mut whole) = (ScriptCounts::default(), ScriptCounts::default());
            let (mut by_pieces, mut by_whole) = (Vec::new(), Vec::new());
            read_sample(sample, &mut pieces, |key| by_pieces.push(key));
            whole.add(sample);
            word_keys(sample, |key| by_whole.push(key));
            assert_eq!(by_pieces, by_whole, "{sample}");
            let tally = |c: &ScriptCounts| (c.letters, c.han, c.kana, c.hangul, c.cyrillic);
            assert_eq!(tally(&pieces), tally(&whole), "{sample}");
        }
    }

    #[test]
    fn detects_english_german_and_chinese() {
        assert_eq!(
            detect(&segments(
                "Plan your next trip with us and we will handle the rest for you."
            )),
            Some("en")
        );
        assert_eq!(
            detect(&segments(
                "Plane deine nächste Reise mit uns, und wir kümmern uns um den Rest für dich."
            )),
            Some("de")
        );
        assert_eq!(
            detect(&segments(
                "用 Fernway 规划你的下一次旅行，我们会处理剩下的一切。"
            )),
            Some("zh")
        );
        assert_eq!(
            detect(&segments(
                "次の旅行を計画しましょう。すべてお任せください。"
            )),
            Some("ja")
        );
    }

    #[test]
    fn every_stop_word_is_short_enough_to_be_looked_up() {
        for (_, words) in STOP_WORDS {
            for word in *words {
                assert!(word.len() <= LONGEST_STOP_WORD, "{word}");
                let key = stop_word_key(word).unwrap();
                assert!(STOP_WORD_INDEX.language(key).is_some(), "{word}");
            }
        }
        // Looked up lower-cased, ASCII or not; longer words are not keys.
        assert_eq!(stop_word_key("DER"), stop_word_key("der"));
        assert_eq!(stop_word_key("FÜR"), stop_word_key("für"));
        assert_eq!(stop_word_key("überhaupt"), None);
    }

    #[test]
    fn stays_unknown_on_too_little_evidence() {
        assert_eq!(detect(&segments("Fernway Planner")), None);
        assert_eq!(detect(&[]), None);
    }

    #[test]
    fn normalises_tags_to_primary_subtags() {
        assert_eq!(primary_subtag("de-CH").as_deref(), Some("de"));
        assert_eq!(primary_subtag("zh_Hans").as_deref(), Some("zh"));
        assert_eq!(primary_subtag(" EN ").as_deref(), Some("en"));
        assert_eq!(primary_subtag("not a tag"), None);
        assert_eq!(primary_subtag(""), None);
    }
}
