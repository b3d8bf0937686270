//! Syllable counts for English and German, for Flesch reading ease and Amstad's formula.
//!
//! Both are heuristics over vowel groups, not dictionaries: a dictionary would be large, and
//! readability formulas only need counts that are right on average. `tests/tone.rs` holds
//! hand-counted words and the accuracy they must keep.

use crate::prose::chars;

/// Letters beyond this are not looked at: no real word is longer, and German's count gathers
/// them in a stack buffer, free of allocations (it runs for every word of every document).
const MAX_LETTERS: usize = 48;

/// `count` applied to the word's letters in lower case, at most [`MAX_LETTERS`] of them: as
/// bytes for an ASCII word (most words: no Unicode tables, a small buffer), else as characters.
fn with_letters(word: &str, ascii: fn(&[u8]) -> u32, unicode: fn(&[char]) -> u32) -> u32 {
    if word.is_ascii() {
        with_ascii_letters(word.as_bytes(), ascii)
    } else {
        with_char_letters(word, unicode)
    }
}

/// [`with_letters`] of an ASCII word. A plain loop: the iterator chain of the character path
/// (zip, filter) cost several times the count itself on these few bytes.
fn with_ascii_letters(word: &[u8], count: fn(&[u8]) -> u32) -> u32 {
    let mut buffer = [0u8; MAX_LETTERS];
    let mut n = 0;
    for &byte in word {
        if byte.is_ascii_alphabetic() {
            let Some(slot) = buffer.get_mut(n) else {
                break;
            };
            *slot = byte.to_ascii_lowercase();
            n += 1;
        }
    }
    count(buffer.get(..n).unwrap_or(&[]))
}

/// [`with_letters`] of any word, character by character.
fn with_char_letters(word: &str, count: fn(&[char]) -> u32) -> u32 {
    let mut buffer = ['\0'; MAX_LETTERS];
    let mut n = 0;
    for (slot, c) in buffer.iter_mut().zip(
        word.chars()
            .filter(|&c| chars::is_alphabetic(c))
            .flat_map(char::to_lowercase),
    ) {
        *slot = c;
        n += 1;
    }
    count(buffer.get(..n).unwrap_or(&[]))
}

/// A word's lower-case letters, as bytes or as characters, read as characters.
#[derive(Clone, Copy)]
struct Letters<'a, L>(&'a [L]);

impl<L: Copy + Into<char>> Letters<'_, L> {
    fn is_empty(self) -> bool {
        self.0.is_empty()
    }

    fn get(self, i: usize) -> Option<char> {
        self.0.get(i).map(|&letter| letter.into())
    }
}

/// Syllables of one English word: vowel groups (`y` is a vowel after the first letter), minus a
/// silent final `e`, a silent `-ed` and a silent `-es`; at least one.
///
/// The count needs each letter's predecessor and the last four letters only, so the letters
/// are counted as they are read, without gathering them first: an ASCII word on its bytes,
/// any other letter by letter in lower case, at most 48 of them either way
/// (`MAX_LETTERS`).
pub fn english(word: &str) -> u32 {
    let mut count = EnglishCount::default();
    if word.is_ascii() {
        for &byte in word.as_bytes() {
            if byte.is_ascii_alphabetic() && !count.push(char::from(byte.to_ascii_lowercase())) {
                break;
            }
        }
    } else {
        let letters = word
            .chars()
            .filter(|&c| chars::is_alphabetic(c))
            .flat_map(char::to_lowercase);
        for c in letters {
            if !count.push(c) {
                break;
            }
        }
    }
    count.finish()
}

/// [`english`]'s count so far: the vowel groups of the letters read, and the last four letters
/// (`tail[0]` the last), which tell the silent endings.
#[derive(Default)]
struct EnglishCount {
    letters: usize,
    groups: u32,
    previous_vowel: bool,
    tail: [char; 4],
}

impl EnglishCount {
    /// Count one more lower-case letter; `false` when the word's [`MAX_LETTERS`] are counted
    /// already (the letter is not).
    fn push(&mut self, c: char) -> bool {
        if self.letters == MAX_LETTERS {
            return false;
        }
        let first = self.letters == 0;
        let is_vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') || (c == 'y' && !first);
        // `u` after `q` is part of the consonant ("quick", "question").
        let vowel = is_vowel && !(c == 'u' && !first && self.tail[0] == 'q');
        if vowel && !self.previous_vowel {
            self.groups += 1;
        }
        self.previous_vowel = vowel;
        self.tail = [c, self.tail[0], self.tail[1], self.tail[2]];
        self.letters += 1;
        true
    }

    fn finish(self) -> u32 {
        if self.letters == 0 {
            // A number or symbol: one unit, so that it still weighs as a word.
            return 1;
        }
        // The letter `back` places from the end (1: the last), if the word has that many.
        let at = |back: usize| {
            (back <= self.letters)
                .then(|| back.checked_sub(1).and_then(|i| self.tail.get(i)).copied())
                .flatten()
        };
        let silent = silent_ending(at);
        let groups = if silent && self.groups > 1 {
            self.groups - 1
        } else {
            self.groups
        };
        groups.max(1)
    }
}

/// Whether an English word's ending is silent: a final `e`, `-ed` or `-es`, given the word's
/// letters from its end (`at(1)` the last; `None` before the first).
fn silent_ending(at: impl Fn(usize) -> Option<char>) -> bool {
    let consonant =
        |c: Option<char>| c.is_some_and(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'));
    match (at(3), at(2), at(1)) {
        // "make", "one": a final e after a consonant is silent, but not in "-le" ("table").
        (_, prev, Some('e')) if consonant(prev) => !(prev == Some('l') && consonant(at(3))),
        // "jumped", "planned": -ed is silent unless after t or d ("wanted", "needed").
        (before, Some('e'), Some('d')) if consonant(before) => !matches!(before, Some('t' | 'd')),
        // "makes", "times": -es is silent unless after a sibilant ("boxes", "uses", "places").
        (before, Some('e'), Some('s')) if consonant(before) => {
            let sibilant = matches!(before, Some('s' | 'x' | 'z' | 'c' | 'g'))
                || (before == Some('h') && matches!(at(4), Some('c' | 's')));
            !sibilant
        }
        _ => false,
    }
}

/// Vowel pairs that German speaks as one syllable: diphthongs and long vowels.
const GERMAN_ONE_SYLLABLE: &[[char; 2]] = &[
    ['a', 'i'],
    ['a', 'u'],
    ['ä', 'u'],
    ['e', 'i'],
    ['e', 'u'],
    ['e', 'y'],
    ['a', 'y'],
    ['i', 'e'],
    ['a', 'a'],
    ['e', 'e'],
    ['o', 'o'],
];

/// Syllables of one German word: each vowel is a syllable, except that a diphthong or a doubled
/// vowel (`ei`, `au`, `eu`, `äu`, `ie`, `aa`, …) is one, and `u` after `q` is no vowel. So
/// "Situation" has five and "Freundschaft" two; "Museum" (three) counts two, a known miss.
pub fn german(word: &str) -> u32 {
    with_letters(word, german_letters, german_letters)
}

fn german_letters<L: Copy + Into<char>>(letters: &[L]) -> u32 {
    let letters = Letters(letters);
    if letters.is_empty() {
        return 1;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'ä' | 'ö' | 'ü' | 'y');
    let mut count = 0u32;
    let mut i = 0;
    while let Some(c) = letters.get(i) {
        let after_q = i > 0 && letters.get(i - 1) == Some('q');
        if !is_vowel(c) || (c == 'u' && after_q) {
            i += 1;
            continue;
        }
        count += 1;
        let pair = letters.get(i + 1).map(|next| [c, next]);
        i += if pair.is_some_and(|p| GERMAN_ONE_SYLLABLE.contains(&p)) {
            2
        } else {
            1
        };
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`english`]'s vowel groups as counted before it counted while reading, over the word's
    /// letters gathered first: the reference the count must agree with.
    fn english_by_gathered_letters(letters: &[char]) -> u32 {
        if letters.is_empty() {
            return 1;
        }
        let is_vowel =
            |i: usize, c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') || (c == 'y' && i > 0);
        let mut groups = 0u32;
        let mut previous_vowel = false;
        for (i, &c) in letters.iter().enumerate() {
            let after_q = i > 0 && letters.get(i - 1) == Some(&'q');
            let vowel = is_vowel(i, c) && !(c == 'u' && after_q);
            if vowel && !previous_vowel {
                groups += 1;
            }
            previous_vowel = vowel;
        }
        let n = letters.len();
        let at = |back: usize| n.checked_sub(back).and_then(|i| letters.get(i)).copied();
        let silent = silent_ending(at);
        if silent && groups > 1 {
            groups -= 1;
        }
        groups.max(1)
    }

    #[test]
    fn words_in_any_script_get_the_syllables_of_the_reference() {
        for word in [
            "Grüße",
            "naïve",
            "İstanbul",
            "ǅemal",
            "CAFÉ",
            "façade",
            "Quélle",
            "您好",
            "🚀",
            "don’t",
            "Überraschungseiertransportverpackungsgrößenbeschränkungsverordnungen",
        ] {
            assert_eq!(
                english(word),
                with_char_letters(word, english_by_gathered_letters),
                "{word}"
            );
        }
    }

    /// Both paths agree with the reference on every short ASCII word over an alphabet
    /// that reaches each rule (vowels, `y`, `qu`, silent `-e`, `-ed`, `-es`, `-le`, German
    /// pairs), in both cases, with a digit and an apostrophe; and on words past the letter cap.
    #[test]
    fn ascii_words_get_the_syllables_of_the_character_path() {
        let agree = |text: &str| {
            let word = text.as_bytes();
            assert_eq!(
                english(text),
                with_char_letters(text, english_by_gathered_letters),
                "{text}"
            );
            assert_eq!(
                with_ascii_letters(word, german_letters),
                with_char_letters(text, german_letters),
                "{text}"
            );
        };
        for word in super::super::every_ascii_string(b"aeiuyqldstEH'7", 5) {
            agree(&word);
        }
        agree("Pneumonoultramicroscopicsilicovolcanoconiosis-and-some-more-letters");
        agree(&format!("{}le", "ab".repeat(30)));
    }
}
