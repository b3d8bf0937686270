//! Near-duplicate content: word shingles and bottom-k MinHash sketches.
//!
//! A document's prose (its segments' text: markup, code, URLs and placeholders are already
//! gone) is cut into lower-cased words, and every run of [`SHINGLE_WORDS`] consecutive words is
//! a shingle. Two documents' resemblance is the Jaccard index of their shingle sets. Keeping
//! every shingle would make memory grow with the corpus, so each document keeps a *bottom-k
//! sketch*: the [`SKETCH_SIZE`] smallest distinct 64-bit shingle hashes. From two sketches the
//! Jaccard index is estimated without bias (Broder; Cohen & Kaplan): take the `k` smallest
//! hashes of the union of both sketches, and count how many of them are in both. A document
//! with at most `k` shingles keeps all of them, so for short documents the ratio is exact.
//!
//! Comparing every pair of documents would be quadratic; documents that resemble each other
//! share many sketch values, so an index from hash value to documents yields the candidate
//! pairs, and only those are estimated (`onbrand report` keeps that index, bounded).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::prose::{is_cjk, is_word_char};

/// Words per shingle: long enough that common phrases ("sign up for our newsletter") do not
/// make documents look alike, short enough that a lightly edited copy still shares most.
pub const SHINGLE_WORDS: usize = 5;
/// Hashes kept per document: the standard error of the estimate is about 1/√k (±0.09 at 0.5).
pub const SKETCH_SIZE: usize = 128;
/// Documents with fewer shingles than this are too short to call duplicates (a greeting line
/// shared by two emails is a template, not copied content).
pub const MIN_SHINGLES: usize = 8;

/// A document's bottom-k sketch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// How many shingles (with repeats) the prose has.
    pub shingles: usize,
    /// The smallest distinct shingle hashes, ascending; at most [`SKETCH_SIZE`].
    pub minima: Vec<u64>,
}

impl Fingerprint {
    /// The sketch of a document's prose.
    pub fn of(document: &Document) -> Fingerprint {
        let mut sketch = Sketch::default();
        let mut window: [u64; SHINGLE_WORDS] = [0; SHINGLE_WORDS];
        let mut seen = 0usize;
        for segment in &document.segments {
            for_each_word_hash(&segment.text, |word| {
                window.rotate_left(1);
                window[SHINGLE_WORDS - 1] = word;
                seen += 1;
                if seen >= SHINGLE_WORDS {
                    sketch.add(shingle_hash(&window));
                }
            });
        }
        Fingerprint {
            shingles: seen.saturating_sub(SHINGLE_WORDS - 1),
            minima: sketch.values.into_iter().collect(),
        }
    }

    /// Estimated Jaccard index of two documents' shingle sets, in [0, 1]: of the
    /// [`SKETCH_SIZE`] smallest values of both sketches together, the share found in both.
    ///
    /// A merge walk over the two ascending sketches, without allocating: this runs for every
    /// candidate pair of a repository.
    pub fn resemblance(&self, other: &Fingerprint) -> f64 {
        let sorted = |values: &[u64]| values.windows(2).all(|pair| pair[0] < pair[1]);
        if !sorted(&self.minima) || !sorted(&other.minima) {
            // Sketches read back from hand-edited JSON: normalise, then compare.
            let normalise = |values: &[u64]| {
                let mut values = values.to_vec();
                values.sort_unstable();
                values.dedup();
                Fingerprint {
                    shingles: 0,
                    minima: values,
                }
            };
            return normalise(&self.minima).resemblance(&normalise(&other.minima));
        }
        let (mut mine, mut theirs) = (
            self.minima.iter().peekable(),
            other.minima.iter().peekable(),
        );
        let (mut union, mut shared) = (0usize, 0usize);
        while union < SKETCH_SIZE {
            match (mine.peek(), theirs.peek()) {
                (Some(a), Some(b)) if a == b => {
                    shared += 1;
                    mine.next();
                    theirs.next();
                }
                (Some(a), Some(b)) if a < b => {
                    mine.next();
                }
                (Some(_), Some(_)) | (None, Some(_)) => {
                    theirs.next();
                }
                (Some(_), None) => {
                    mine.next();
                }
                (None, None) => break,
            }
            union += 1;
        }
        if union == 0 {
            return 0.0;
        }
        shared as f64 / union as f64
    }
}

/// The k smallest distinct values seen so far.
#[derive(Default)]
struct Sketch {
    values: BTreeSet<u64>,
}

impl Sketch {
    fn add(&mut self, value: u64) {
        if self.values.len() >= SKETCH_SIZE {
            match self.values.last() {
                Some(&largest) if value < largest => {}
                _ => return,
            }
            if self.values.insert(value) {
                self.values.pop_last();
            }
        } else {
            self.values.insert(value);
        }
    }
}

/// Call `each` with the hash of every lower-cased word of `text`, in order. Words are runs of
/// word characters; each CJK character is a word of its own (no spaces in those scripts).
fn for_each_word_hash(text: &str, mut each: impl FnMut(u64)) {
    let mut hash = FNV_OFFSET;
    let mut in_word = false;
    let mut rest = text;
    while let Some(&byte) = rest.as_bytes().first() {
        // ASCII, most of any prose, byte by byte: a letter or digit is one lower-cased byte of
        // the hash, anything else ends a word (what the general path below does with it).
        if byte.is_ascii() {
            rest = &rest[1..];
            if byte.is_ascii_alphanumeric() {
                hash = fnv_byte(hash, byte.to_ascii_lowercase());
                in_word = true;
            } else if in_word {
                each(hash);
                hash = FNV_OFFSET;
                in_word = false;
            }
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if is_cjk(c) {
            if in_word {
                each(hash);
            }
            each(fnv_char(FNV_OFFSET, c));
            hash = FNV_OFFSET;
            in_word = false;
        } else if is_word_char(c) {
            for lower in c.to_lowercase() {
                hash = fnv_char(hash, lower);
            }
            in_word = true;
        } else if in_word {
            each(hash);
            hash = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        each(hash);
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_char(hash: u64, c: char) -> u64 {
    let mut buffer = [0u8; 4];
    c.encode_utf8(&mut buffer).bytes().fold(hash, fnv_byte)
}

fn fnv_byte(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// Order-sensitive combination of word hashes, finished with SplitMix64 so that the low and
/// high bits are uniform (bottom-k needs uniformly distributed values).
fn shingle_hash(words: &[u64; SHINGLE_WORDS]) -> u64 {
    let mut hash = 0u64;
    for &word in words {
        hash = hash.rotate_left(23) ^ word;
        hash = hash.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    splitmix(hash)
}

fn splitmix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn print(text: &str) -> Fingerprint {
        Fingerprint::of(&Document::parse(Format::Text, text.to_owned()))
    }

    #[test]
    fn identical_prose_resembles_fully_and_markup_does_not_count() {
        let text = "Pack light and travel far with a bag that fits under every seat you meet.";
        let markdown = Document::parse(
            Format::Markdown,
            "# Bags\n\n**Pack light** and travel far with a bag that fits under every seat you meet.\n"
                .to_owned(),
        );
        let plain = print(text);
        assert_eq!(plain.shingles, 15 - 4);
        assert_eq!(plain.resemblance(&plain), 1.0);
        let marked = Fingerprint::of(&markdown);
        // The heading adds one word: 12 shingles, 11 of them shared.
        assert!((plain.resemblance(&marked) - 11.0 / 12.0).abs() < 1e-9);
    }

    /// The ASCII path hashes what the character path would: each word lower-cased, whatever
    /// script surrounds it.
    #[test]
    fn ascii_words_hash_as_characters_do() {
        let by_characters = |text: &str| {
            let mut hashes = Vec::new();
            let mut hash = FNV_OFFSET;
            let mut in_word = false;
            for c in text.chars() {
                if is_cjk(c) {
                    hashes.extend(in_word.then_some(hash));
                    hashes.push(fnv_char(FNV_OFFSET, c));
                    (hash, in_word) = (FNV_OFFSET, false);
                } else if is_word_char(c) {
                    hash = c.to_lowercase().fold(hash, fnv_char);
                    in_word = true;
                } else if in_word {
                    hashes.push(hash);
                    (hash, in_word) = (FNV_OFFSET, false);
                }
            }
            hashes.extend(in_word.then_some(hash));
            hashes
        };
        let text =
            "Grüße an ÜBER-Straße 42! Don’t PANIC: 您好世界 ok😀ok, x\u{FFFC}y ǅemal İstanbul.";
        let mut hashes = Vec::new();
        for_each_word_hash(text, |hash| hashes.push(hash));
        assert_eq!(hashes, by_characters(text));
        assert_eq!(hashes.len(), 18);
    }

    #[test]
    fn unrelated_prose_does_not_pair() {
        let a =
            print("Our trains leave every hour from the central station to the coast and back.");
        let b =
            print("Der Newsletter erscheint jeden Monat mit neuen Reisezielen und Tipps für dich.");
        assert_eq!(a.resemblance(&b), 0.0);
    }

    #[test]
    fn sketches_stay_bounded_and_estimate_large_overlaps() {
        let words: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
        let a = print(&words[..2000].join(" "));
        let b = print(&words[1000..].join(" "));
        assert_eq!(a.minima.len(), SKETCH_SIZE);
        // True Jaccard: 996 shared shingles of 2000 + 2000 - 996.
        let truth = 996.0 / 3004.0;
        assert!(
            (a.resemblance(&b) - truth).abs() < 0.15,
            "{}",
            a.resemblance(&b)
        );
    }

    #[test]
    fn resemblance_counts_shared_values_among_the_smallest_of_both() {
        let sketch = |values: &[u64]| Fingerprint {
            shingles: 100,
            minima: values.to_vec(),
        };
        // Union {1,2,3,4,5,6}, shared {2,4}: 2/6.
        let (a, b) = (sketch(&[1, 2, 4, 6]), sketch(&[2, 3, 4, 5]));
        assert!((a.resemblance(&b) - 2.0 / 6.0).abs() < 1e-12);
        assert_eq!(a.resemblance(&b), b.resemblance(&a));
        // Unsorted input (hand-edited JSON) gives the same answer.
        assert_eq!(sketch(&[6, 4, 2, 1]).resemblance(&b), a.resemblance(&b));
        assert_eq!(sketch(&[]).resemblance(&sketch(&[])), 0.0);
    }
}
