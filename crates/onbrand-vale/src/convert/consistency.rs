//! Vale's `consistency` → a `consistency` rule with `either`: each pair on its own, reported
//! block by block once both sides have been seen, as Vale does.

use onbrand_engine::checks::{KindSpec, consistency};

use super::Draft;

pub(super) fn convert(draft: &mut Draft<'_>) -> Option<KindSpec> {
    let rule = draft.rule;
    if rule.either.is_empty() {
        draft.converted.note("no `either` entries", "not converted");
        return None;
    }
    // Vale reports every such block, not one finding per document.
    draft.common.once_per_document = Some(false);
    if rule.nonword {
        draft.converted.note(
            "consistency `nonword: true`",
            "the forms are matched as whole words",
        );
    }
    draft.set_message(&["match"]);
    // Each pair on its own, keys and values regexes (see the consistency kind's `either`).
    let pairs = rule
        .either
        .iter()
        .map(|(a, b)| vec![a.clone(), b.clone()])
        .collect();
    Some(KindSpec::Consistency(consistency::Fields {
        either: Some(pairs),
        ignore_case: rule.ignorecase.then_some(true),
        ..consistency::Fields::default()
    }))
}
