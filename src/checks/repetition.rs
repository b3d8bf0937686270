//! `kind = "repetition"`: the same word twice in a row ("the the", "die die").
//!
//! ```toml
//! [[rule]]
//! id = "repeated-word"
//! kind = "repetition"
//! allow = ["that", "had"]
//! ```
//!
//! - Two neighbouring words that are equal ignoring case, separated only by white space, are a
//!   finding over both words, fixed by the single word (the duplicate and the space removed).
//! - Not across a sentence end ("…it was done. Done!"), punctuation ("well, well") or non-prose
//!   (a code span or placeholder between the words), and not for numbers.
//! - `allow`: words that may legitimately repeat ("that that", "had had"), ignoring case.
//! - Works word by word in any language with spaces (German "die die"); Chinese and Japanese
//!   are skipped, because a repeated character there is often a word of its own (谢谢, 看看).
//!
//! Placeholders: `{match}` (both words as written), `{expected}` (the single word).

use super::{CompileCx, Emitter, SegmentCx, Vars};
use crate::prose;

pub(crate) const FIELDS: &[&str] = &["allow"];
pub(crate) const PLACEHOLDERS: &[&str] = &["match", "expected"];
const DEFAULT_MESSAGE: &str = "Repeated word: '{match}'.";

#[derive(Debug)]
pub(crate) struct Repetition {
    /// Lower-cased words that may repeat.
    allow: Vec<String>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>) -> Option<Repetition> {
    let allow = cx
        .spec
        .allow
        .iter()
        .flatten()
        .map(|word| word.trim().to_lowercase())
        .collect();
    Some(Repetition { allow })
}

impl Repetition {
    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, emit: &mut Emitter<'_>) {
        let text = cx.text();
        for sentence in cx.sentences() {
            let Some(sentence_text) = text.get(sentence.clone()) else {
                continue;
            };
            let words = prose::words(sentence_text);
            let mut previous_reported = false;
            for pair in words.windows(2) {
                let [first, second] = pair else { continue };
                let gap = &sentence_text[first.range.end..second.range.start];
                let repeated = !previous_reported
                    && !gap.is_empty()
                    && gap.chars().all(char::is_whitespace)
                    && first.text.chars().any(char::is_alphabetic)
                    && !first.text.chars().any(prose::is_cjk)
                    && first.text.to_lowercase() == second.text.to_lowercase()
                    && !self.allow.contains(&first.text.to_lowercase());
                // "the the the" is one finding; its fix leaves "the the" for the next run.
                previous_reported = repeated;
                if !repeated {
                    continue;
                }
                let range = sentence.start + first.range.start..sentence.start + second.range.end;
                let vars = Vars {
                    matched: text.get(range.clone()),
                    expected: Some(first.text),
                    ..Vars::default()
                };
                emit.emit(
                    cx.segment,
                    range,
                    DEFAULT_MESSAGE,
                    &vars,
                    Some(first.text.to_owned()),
                );
            }
        }
    }
}
