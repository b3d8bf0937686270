//! Vale's `occurrence` → an `occurrence` rule (at most or at least N matches of the token per
//! sentence, paragraph or document, reported once per scope as Vale does), or a `length` rule in
//! words when the token counts words and only `max` is set.

use onbrand_engine::checks::{KindSpec, length, occurrence};
use onbrand_engine::spec::{LengthUnit, Per, Underline};

use super::{Draft, unspanned};

pub(super) fn convert(draft: &mut Draft<'_>) -> Option<KindSpec> {
    let rule = draft.rule;
    let Some(token) = &rule.token else {
        draft.converted.note("no token", "not converted");
        return None;
    };
    let scope = rule
        .scope
        .as_ref()
        .map(|s| s.items().join(","))
        .unwrap_or_default();
    let per = if scope.contains("sentence") {
        Per::Sentence
    } else if scope.contains("paragraph") || scope.contains("heading") {
        Per::Paragraph
    } else {
        Per::Document
    };
    // The scope is what `per` counts over, not a filter on segments.
    draft.common.scopes.clear();
    draft.set_message(&["count"]);
    if counts_words(token) && rule.min.is_none() && rule.max.is_some() {
        // "At most N words per sentence": a length limit, which reports each sentence that is
        // too long once, as Vale does, and needs no regex.
        return Some(KindSpec::Length(length::Fields {
            unit: Some(LengthUnit::Words),
            per: Some(per),
            max: rule.max,
            // Vale reports the whole sentence, at its start.
            underline: Some(Underline::Whole),
            ..length::Fields::default()
        }));
    }
    draft.converted.vale_keys.push(("pattern", "token"));
    Some(KindSpec::Occurrence(occurrence::Fields {
        pattern: Some(unspanned(token.clone())),
        per: Some(per),
        max: rule.max,
        min: rule.min,
        // Vale reports a scope over `max` or under `min` once, at its first match.
        once: (rule.max.is_some() || rule.min.is_some()).then_some(true),
        ignore_case: rule.ignorecase.then_some(true),
    }))
}

/// Whether an occurrence token counts words: `\b(\w+)\b`, `\w+` and the like.
fn counts_words(token: &str) -> bool {
    let bare: String = token
        .replace(r"\b", "")
        .chars()
        .filter(|c| !matches!(c, '(' | ')'))
        .collect();
    matches!(bare.as_str(), r"\w+" | r"[\w]+" | r"[^\s]+" | r"\S+")
}

#[cfg(test)]
mod tests {
    use super::super::convert;
    use super::*;
    use crate::rule;

    #[test]
    fn word_count_occurrences_become_length_limits() {
        let rule = rule::parse(
            "extends: occurrence\nmessage: Keep sentences short.\nscope: sentence\nmax: 25\ntoken: \\b(\\w+)\\b\n",
        )
        .unwrap();
        let table = convert("S.Length", &rule, &[]).table().unwrap();
        assert_eq!(table["kind"].as_str(), Some("length"));
        assert_eq!(table["unit"].as_str(), Some("words"));
        assert_eq!(table["per"].as_str(), Some("sentence"));
        assert_eq!(table["max"].as_integer(), Some(25));
        assert_eq!(table["underline"].as_str(), Some("whole"));
        // Any other token stays an occurrence rule.
        let rule =
            rule::parse("extends: occurrence\nscope: sentence\nmax: 3\ntoken: ','\n").unwrap();
        let table = convert("S.Commas", &rule, &[]).table().unwrap();
        assert_eq!(table["kind"].as_str(), Some("occurrence"));
        assert!(counts_words(r"\w+") && !counts_words(r"\d+"));
    }
}
