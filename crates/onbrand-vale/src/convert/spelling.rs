//! Vale's `spelling` → a `spelling` rule: Vale's default filters unless `custom`, the accepted
//! vocabulary as ignored words and one filter. The dictionaries and word lists are files:
//! `crate::spelling` copies them and adds them to the rule.

use onbrand_engine::checks::{KindSpec, spelling};

use super::{Draft, non_empty, unspanned};

pub(super) fn convert(draft: &mut Draft<'_>) -> Option<KindSpec> {
    let rule = draft.rule;
    let mut filters: Vec<String> = if rule.custom {
        Vec::new()
    } else {
        VALE_SPELLING_FILTERS.map(str::to_owned).to_vec()
    };
    filters.extend(rule.filters.iter().cloned());
    let accepted = if rule.vocab == Some(false) {
        &[]
    } else {
        draft.vocab
    };
    let (words, patterns): (Vec<&String>, Vec<&String>) =
        accepted.iter().partition(|term| is_literal_word(term));
    // Vale skips a word in which an accepted term matches as a whole word, ignoring case:
    // literal words become ignored words, the others one filter.
    if !patterns.is_empty() {
        let joined: Vec<&str> = patterns.iter().map(|p| p.as_str()).collect();
        filters.push(format!(r"(?i)\b(?:{})\b", joined.join("|")));
    }
    draft.set_message(&["match"]);
    Some(KindSpec::Spelling(spelling::Fields {
        filters: non_empty(filters.into_iter().map(unspanned).collect()),
        ignore_words: non_empty(words.into_iter().cloned().collect()),
        // Vale computes no suggestions while it lints (only `vale fix` asks for them): the
        // close ones stay as fixes, the slow search of the whole word list does not.
        distant_suggestions: Some(false),
        ..spelling::Fields::default()
    }))
}

/// The filters Vale's spelling rules apply unless they say `custom: true`: mixed-case
/// identifiers, words ending in capitals (acronyms), and words with anything but ASCII letters,
/// `_` and `'` (numbers, hyphenated compounds, other scripts).
const VALE_SPELLING_FILTERS: [&str; 3] =
    ["[A-Z][a-z]+[A-Z]+[0-9A-Za-z_]+", "[A-Z]+$", "[^a-zA-Z_']"];

/// A vocabulary entry that is a plain word, not a regex.
fn is_literal_word(term: &str) -> bool {
    !term.is_empty()
        && term
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '-' | '_' | '’'))
}
