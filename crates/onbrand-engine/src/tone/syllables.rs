//! Syllable counts for English and German, for Flesch reading ease and Amstad's formula.
//!
//! Both are heuristics over vowel groups, not dictionaries: a dictionary would be large, and
//! readability formulas only need counts that are right on average. `tests/tone.rs` holds
//! hand-counted words and the accuracy they must keep.

use crate::prose::chars;

/// Letters beyond this are not looked at: no real word is longer, and a stack buffer keeps
/// counting free of allocations (it runs for every word of every document).
const MAX_LETTERS: usize = 48;

/// The word's letters in lower case, in `buffer`.
fn lower_letters<'b>(word: &str, buffer: &'b mut [char; MAX_LETTERS]) -> &'b [char] {
    let mut n = 0;
    if word.is_ascii() {
        // Most words: no Unicode tables needed.
        for byte in word
            .bytes()
            .filter(u8::is_ascii_alphabetic)
            .take(MAX_LETTERS)
        {
            if let Some(slot) = buffer.get_mut(n) {
                *slot = char::from(byte.to_ascii_lowercase());
                n += 1;
            }
        }
        return buffer.get(..n).unwrap_or(&[]);
    }
    for c in word
        .chars()
        .filter(|&c| chars::is_alphabetic(c))
        .flat_map(char::to_lowercase)
    {
        let Some(slot) = buffer.get_mut(n) else { break };
        *slot = c;
        n += 1;
    }
    buffer.get(..n).unwrap_or(&[])
}

/// Syllables of one English word: vowel groups (`y` is a vowel after the first letter), minus a
/// silent final `e`, a silent `-ed` and a silent `-es`; at least one.
pub fn english(word: &str) -> u32 {
    let mut buffer = ['\0'; MAX_LETTERS];
    let letters = lower_letters(word, &mut buffer);
    if letters.is_empty() {
        // A number or symbol: one unit, so that it still weighs as a word.
        return 1;
    }
    let is_vowel =
        |i: usize, c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') || (c == 'y' && i > 0);
    let mut groups = 0u32;
    let mut previous_vowel = false;
    for (i, &c) in letters.iter().enumerate() {
        // `u` after `q` is part of the consonant ("quick", "question").
        let vowel = is_vowel(i, c) && !(c == 'u' && i > 0 && letters.get(i - 1) == Some(&'q'));
        if vowel && !previous_vowel {
            groups += 1;
        }
        previous_vowel = vowel;
    }
    let n = letters.len();
    let at = |back: usize| n.checked_sub(back).and_then(|i| letters.get(i)).copied();
    let consonant =
        |c: Option<char>| c.is_some_and(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'));
    let silent = match (at(3), at(2), at(1)) {
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
    };
    if silent && groups > 1 {
        groups -= 1;
    }
    groups.max(1)
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
    let mut buffer = ['\0'; MAX_LETTERS];
    let letters = lower_letters(word, &mut buffer);
    if letters.is_empty() {
        return 1;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'ä' | 'ö' | 'ü' | 'y');
    let mut count = 0u32;
    let mut i = 0;
    while let Some(&c) = letters.get(i) {
        let after_q = i > 0 && letters.get(i - 1) == Some(&'q');
        if !is_vowel(c) || (c == 'u' && after_q) {
            i += 1;
            continue;
        }
        count += 1;
        let pair = letters.get(i + 1).map(|&next| [c, next]);
        i += if pair.is_some_and(|p| GERMAN_ONE_SYLLABLE.contains(&p)) {
            2
        } else {
            1
        };
    }
    count.max(1)
}
