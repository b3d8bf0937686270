//! Vale's `conditional` → a `conditional` rule: `first` needs `second` (an acronym its
//! definition), read block by block as Vale reads definitions.

use onbrand_engine::checks::{KindSpec, conditional};

use super::{Draft, non_empty, unspanned};

pub(super) fn convert(draft: &mut Draft<'_>) -> Option<KindSpec> {
    let rule = draft.rule;
    let (Some(first), Some(second)) = (&rule.first, &rule.second) else {
        draft
            .converted
            .note("needs `first` and `second`", "not converted");
        return None;
    };
    draft.converted.vale_keys.push(("pattern", "first"));
    draft.converted.vale_keys.push(("definition", "second"));
    draft.set_message(&["match"]);
    Some(KindSpec::Conditional(conditional::Fields {
        pattern: Some(unspanned(first.clone())),
        definition: Some(unspanned(second.clone())),
        exceptions: non_empty(draft.exceptions.clone()),
        // Vale reads definitions block by block: one earlier in the document or anywhere in the
        // same paragraph counts, and every use of an undefined key is reported.
        every_use: Some(true),
        ..conditional::Fields::default()
    }))
}
