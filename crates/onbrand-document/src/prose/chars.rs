//! Unicode character classes at table speed: the answers of `char::is_alphabetic`,
//! `is_numeric`, `is_uppercase` and `is_lowercase`, exactly, for the characters prose is made of.
//!
//! The standard library answers ASCII at once but searches a large table for every other
//! character (several hundred instructions for a curly quote, a dash or an "é"), and tone
//! measurement, word segmentation and fingerprints ask for every character of every document:
//! in a profile of the bench corpus that search was 8% of all instructions. Here each block of
//! 256 code points is classified once per process, by the standard library itself, the first
//! time a character of it is asked about; after that a class is one load. Prose touches a few
//! dozen blocks, so the tables cost a few kilobytes and a few hundred thousand instructions; the
//! ideographs of Chinese and the syllables of Korean, which would fill a hundred blocks, are
//! answered without a table.

use std::sync::OnceLock;

const ALPHABETIC: u8 = 1;
const NUMERIC: u8 = 1 << 1;
const UPPERCASE: u8 = 1 << 2;
const LOWERCASE: u8 = 1 << 3;

/// Blocks of 256 code points up to U+10FFFF.
const BLOCKS: usize = 0x1100;

/// Each block's classes, filled the first time a character of the block is looked up.
static TABLES: [OnceLock<Box<[u8; 256]>>; BLOCKS] = [const { OnceLock::new() }; BLOCKS];

fn classes(c: char) -> u8 {
    // Han ideographs (extension A and the unified block) and Hangul syllables: letters without
    // case, 126 blocks that Chinese or Korean prose would otherwise fill one by one.
    if matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}') {
        return ALPHABETIC;
    }
    let code = c as usize;
    let Some(table) = TABLES.get(code >> 8) else {
        return 0;
    };
    let table = table.get_or_init(|| {
        let mut table = Box::new([0u8; 256]);
        let first = (code >> 8) << 8;
        for (offset, slot) in table.iter_mut().enumerate() {
            // Surrogates are no characters: their slots keep no class.
            let Some(c) = u32::try_from(first + offset).ok().and_then(char::from_u32) else {
                continue;
            };
            let class = |has: bool, class: u8| if has { class } else { 0 };
            *slot = class(c.is_alphabetic(), ALPHABETIC)
                | class(c.is_numeric(), NUMERIC)
                | class(c.is_uppercase(), UPPERCASE)
                | class(c.is_lowercase(), LOWERCASE);
        }
        table
    });
    table[code & 0xFF]
}

/// `c.is_alphabetic()`.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        classes(c) & ALPHABETIC != 0
    }
}

/// `c.is_alphanumeric()`.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        classes(c) & (ALPHABETIC | NUMERIC) != 0
    }
}

/// `c.is_uppercase()`.
#[inline]
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        classes(c) & UPPERCASE != 0
    }
}

/// `c.is_lowercase()`.
#[inline]
pub fn is_lowercase(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_lowercase()
    } else {
        classes(c) & LOWERCASE != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character of the planes prose is written in (and a sample of the others) gets the
    /// standard library's answer.
    #[test]
    fn classes_are_the_standard_librarys() {
        let planes = (0..=0x3_FFFFu32).chain((0x4_0000..=0x10_FFFF).step_by(97));
        for c in planes.filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lowercase(c), c.is_lowercase(), "{c:?}");
        }
    }
}
