//! Vale's `repetition` → a `repetition` rule: any repeated word, compared as written unless
//! `ignorecase`; Vale's tokens (punctuation included) become the kind's `tokens`, literal
//! exceptions and accepted words `allow`.

use onbrand_engine::checks::{KindSpec, repetition};

use super::{Draft, is_literal_phrase, non_empty};

pub(super) fn convert(draft: &mut Draft<'_>) -> Option<KindSpec> {
    let rule = draft.rule;
    // Vale's tokens, as its regex finds them (punctuation may be part of them).
    let tokens = rule
        .tokens
        .iter()
        .any(|t| t.contains("[^\\s") || t.contains("\\S"))
        .then(|| rule.tokens.join("|"));
    if tokens.is_some() && !rule.alpha {
        draft.converted.note(
            "repetition without `alpha: true`",
            "only tokens of letters are compared",
        );
    }
    if !rule
        .tokens
        .iter()
        .any(|t| t.contains("[^\\s]+") || t == "\\w+")
    {
        draft.converted.note(
            "repetition `tokens` other than any word",
            "any repeated word is reported",
        );
    }
    // Vale skips a repetition that contains one of its exceptions or accepted words ("Bora
    // Bora" when "Bora" is accepted): their words become `allow` (which ignores case: it allows
    // a little more, never less). Regex entries are left out.
    let mut allow: Vec<String> = draft
        .exceptions
        .iter()
        .filter(|entry| is_literal_phrase(entry))
        .flat_map(|entry| entry.split_whitespace().map(str::to_owned))
        .collect();
    allow.sort();
    allow.dedup();
    if rule
        .exceptions
        .iter()
        .any(|entry| !is_literal_phrase(entry))
    {
        draft.converted.note(
            "repetition `exceptions` that are regexes",
            "left out: only literal words are allowed to repeat",
        );
    }
    // Vale's `%s` is the repeated word, once.
    draft.set_message(&["word"]);
    Some(KindSpec::Repetition(repetition::Fields {
        allow: non_empty(allow),
        // Vale compares the words exactly unless `ignorecase: true`.
        ignore_case: Some(rule.ignorecase),
        tokens,
    }))
}

#[cfg(test)]
mod tests {
    use super::super::{convert, strings};
    use crate::rule;

    /// Vale's repetition compares words as written unless `ignorecase: true`, and its `%s`
    /// is the repeated word once.
    #[test]
    fn repetition_keeps_case_and_names_the_word() {
        let rule = rule::parse(
            "extends: repetition\nmessage: \"'%s' is repeated!\"\ntokens:\n  - '[^\\s]+'\n",
        )
        .unwrap();
        let table = convert("S.Repeated", &rule, &[]).table().unwrap();
        assert_eq!(table["ignore-case"].as_bool(), Some(false));
        assert_eq!(table["message"].as_str(), Some("'{word}' is repeated!"));
        let rule =
            rule::parse("extends: repetition\nignorecase: true\ntokens:\n  - '\\w+'\n").unwrap();
        let table = convert("S.Repeated", &rule, &[]).table().unwrap();
        assert_eq!(table["ignore-case"].as_bool(), Some(true));
        assert!(table.get("allow").is_none());
        // Exceptions and accepted words may repeat; regexes are left out with a note.
        let rule = rule::parse(
            "extends: repetition\nexceptions:\n  - Bora Bora\n  - 'x+'\ntokens:\n  - '\\w+'\n",
        )
        .unwrap();
        let converted = convert("S.Repeated", &rule, &["Grüße".to_owned()]);
        assert_eq!(converted.notes.len(), 1);
        let table = converted.table().unwrap();
        assert_eq!(table["allow"], strings(&["Bora".into(), "Grüße".into()]));
    }
}
