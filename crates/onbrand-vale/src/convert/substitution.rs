//! Vale's `substitution` → a `substitution` rule: one regex over all `swap` keys, the longest
//! first as Vale tries them, each with its replacement.

use onbrand_engine::checks::{KindSpec, substitution};
use onbrand_engine::spec::SwapSpec;

use super::message::message;
use super::{Draft, non_empty};
use crate::rule::ValeRule;

pub(super) fn convert(draft: &mut Draft<'_>) -> Option<KindSpec> {
    let rule = draft.rule;
    if rule.swap.is_empty() {
        draft.converted.note("no swap entries", "not converted");
        return None;
    }
    // Vale tries the longer keys first ("log in to" before "log in"); keys of one length keep
    // their order (Vale's own order for them is a map's, unspecified).
    let mut keys: Vec<(&String, &String)> = rule.swap.iter().collect();
    keys.sort_by_key(|(key, _)| std::cmp::Reverse(key.len()));
    let swap = keys
        .into_iter()
        .map(|(key, value)| SwapSpec {
            pattern: key.clone(),
            replacement: value.clone(),
        })
        .collect();
    draft.common.message = substitution_message(rule);
    Some(KindSpec::Substitution(substitution::Fields {
        swap: Some(swap),
        ignore_case: rule.ignorecase.then_some(true),
        whole_words: rule.nonword.then_some(false),
        exceptions: non_empty(draft.exceptions.clone()),
        // Vale capitalises a replacement only when the rule says `capitalize: true`;
        // onbrand's default follows `ignore-case`.
        capitalize: (rule.capitalize != rule.ignorecase).then_some(rule.capitalize),
    }))
}

/// A substitution's message. Vale's first value is the replacement as written (`a|b`); with
/// `action: replace` and no parameters it is the replacements as a quoted list (`'a' or 'b'`),
/// and a message quoting both values (`'%s'` twice) loses the quotes of the first, so that
/// they are not doubled.
fn substitution_message(rule: &ValeRule) -> Option<String> {
    let text = rule.message.as_ref()?;
    let replaces = rule.action.as_ref().is_some_and(|action| {
        action.name.as_deref() == Some("replace") && action.params.is_empty()
    });
    let rendered = if replaces {
        let mut text = text.clone();
        for quoted in ["'%s'", "\"%s\""] {
            if text.matches(quoted).count() == 2 {
                text = text.replacen(quoted, "%s", 1);
            }
        }
        message(&text, &["alternatives", "match"])
    } else {
        message(text, &["replacement", "match"])
    };
    Some(rendered)
}
