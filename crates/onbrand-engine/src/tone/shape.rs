//! What the tone measurement asks about a word's characters — how many letters, which case,
//! stretched letters — found in one pass per word.
//!
//! The long-word count, the capitals markers and the formality model each asked their own
//! question of every word, each decoding its characters again; the answers are the same for a
//! word wherever it is asked, so they are found once. Most words are ASCII: those are read as
//! bytes, without decoding characters or looking up Unicode classes.

use crate::prose::chars;

/// A word's letters and case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// Alphabetic characters.
    pub letters: usize,
    /// The first character is upper case.
    pub capital: bool,
    /// Some character is lower case.
    pub has_lower: bool,
    /// Every character is upper case or no letter (no letter at all counts too).
    pub all_caps: bool,
    /// Three or more of the same letter in a row: "sooo", "jaaa".
    pub stretched: bool,
}

impl Shape {
    /// The shape of `word`.
    pub fn of(word: &str) -> Shape {
        if word.is_ascii() {
            Self::of_ascii(word.as_bytes())
        } else {
            Self::of_chars(word)
        }
    }

    /// [`Self::of`] for an ASCII word, on its bytes: an ASCII letter is upper case or lower
    /// case, and nothing else is either, so a word is in capitals when it has no lower case.
    fn of_ascii(word: &[u8]) -> Shape {
        let has_lower = word.iter().any(u8::is_ascii_lowercase);
        Shape {
            letters: word.iter().filter(|b| b.is_ascii_alphabetic()).count(),
            capital: word.first().is_some_and(u8::is_ascii_uppercase),
            has_lower,
            all_caps: !has_lower,
            stretched: word.windows(3).any(
                |three| matches!(three, [a, b, c] if a == b && b == c && a.is_ascii_alphabetic()),
            ),
        }
    }

    /// [`Self::of`] for any word, character by character.
    fn of_chars(word: &str) -> Shape {
        let mut shape = Shape {
            capital: word.chars().next().is_some_and(chars::is_uppercase),
            all_caps: true,
            ..Shape::default()
        };
        let mut run = 0;
        let mut previous = None;
        for c in word.chars() {
            let letter = chars::is_alphabetic(c);
            shape.letters += usize::from(letter);
            shape.has_lower |= chars::is_lowercase(c);
            shape.all_caps &= chars::is_uppercase(c) || !letter;
            run = if Some(c) == previous { run + 1 } else { 1 };
            shape.stretched |= run >= 3 && letter;
            previous = Some(c);
        }
        shape
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The questions as each measurement asked them of the word's characters before shapes.
    fn asked_one_by_one(word: &str) -> Shape {
        let mut run = 0;
        let mut previous = None;
        let mut stretched = false;
        for c in word.chars() {
            run = if Some(c) == previous { run + 1 } else { 1 };
            stretched |= run >= 3 && c.is_alphabetic();
            previous = Some(c);
        }
        Shape {
            letters: word.chars().filter(|c| c.is_alphabetic()).count(),
            capital: word.chars().next().is_some_and(char::is_uppercase),
            has_lower: word.chars().any(char::is_lowercase),
            all_caps: word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()),
            stretched,
        }
    }

    const TRICKY: &[&str] = &[
        "",
        "a",
        "I",
        "NASA",
        "HTML5",
        "don't",
        "don’t",
        "DON’T",
        "Grüße",
        "GRÜSSE",
        "ǅemal",
        "ǄEMAL",
        "您好",
        "我们的产品",
        "🚀🚀🚀",
        "sooo",
        "Sooo",
        "s0oo",
        "111",
        "aaa111",
        "zzz",
        "e-mail",
        "E-MAIL",
        "ⅰⅱⅲ",
        "ªbc",
        "straße",
        "ÄÖÜ",
        "x\u{0308}",
    ];

    #[test]
    fn shapes_answer_what_the_characters_answer() {
        for word in TRICKY {
            assert_eq!(Shape::of(word), asked_one_by_one(word), "{word}");
        }
    }

    /// The byte path agrees with the character path on every short ASCII word over an alphabet
    /// with both cases, a digit, an apostrophe and a hyphen.
    #[test]
    fn ascii_words_get_the_shape_of_the_character_path() {
        let tricky = TRICKY
            .iter()
            .filter(|w| w.is_ascii())
            .map(|w| w.to_string());
        for word in super::super::every_ascii_string(b"aAbZ0'-", 5).chain(tricky) {
            assert_eq!(
                Shape::of_ascii(word.as_bytes()),
                Shape::of_chars(&word),
                "{word}"
            );
        }
    }
}
