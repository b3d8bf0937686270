//! Vale's `capitalization` → a `capitalization` rule: `$title`, `$sentence`, `$lower` or
//! `$upper`, Vale's exceptions as regexes, the whole heading reported; a `match` that is a regex
//! is not converted.

use onbrand_engine::checks::{KindSpec, capitalization};
use onbrand_engine::spec::CaseStyle;

use super::{Draft, non_empty};

pub(super) fn convert(draft: &mut Draft<'_>) -> Option<KindSpec> {
    let rule = draft.rule;
    let style = match rule.matches.as_deref().map(str::trim) {
        Some("$title") => CaseStyle::Title,
        Some("$sentence") => CaseStyle::Sentence,
        Some("$lower") => CaseStyle::Lower,
        Some("$upper") => CaseStyle::Upper,
        other => {
            draft.converted.note(
                format!("capitalization `match: {}` (a regex)", other.unwrap_or("")),
                "not converted",
            );
            return None;
        }
    };
    if rule.style.is_some() || rule.prefix.is_some() {
        draft.converted.note(
            "capitalization title-case `style` (AP/Chicago) and `prefix`",
            "words are judged by onbrand's own title-case rules",
        );
    }
    // Vale's values: the heading as written, then as its case converter writes it.
    draft.set_message(&["match", "expected"]);
    // Vale passes a heading when at least `threshold` (default 0.8) of its words are in case;
    // `$lower` and `$upper` are strict.
    let proportional = matches!(style, CaseStyle::Title | CaseStyle::Sentence);
    Some(KindSpec::Capitalization(capitalization::Fields {
        style: Some(style),
        // Vale's way: exceptions are regexes matched as written, the whole segment is reported.
        exception_patterns: non_empty(draft.exceptions.clone()),
        whole_segment: Some(true),
        proper_nouns: Some(false),
        // A capital after an indicator is what sentence case asks for.
        indicators: if style == CaseStyle::Sentence {
            non_empty(rule.indicators.clone())
        } else {
            None
        },
        threshold: proportional.then(|| rule.threshold.unwrap_or(0.8)),
        acronyms: proportional.then_some(false),
        ..capitalization::Fields::default()
    }))
}

#[cfg(test)]
mod tests {
    use super::super::convert;
    use crate::rule;

    #[test]
    fn capitalization_keeps_vales_semantics() {
        let rule = rule::parse(
            "extends: capitalization\nmessage: \"'%s' is off.\"\nmatch: $sentence\n\
             indicators:\n  - ':'\nexceptions:\n  - VS\n",
        )
        .unwrap();
        let table = convert("S.Headings", &rule, &[]).table().unwrap();
        assert_eq!(table["style"].as_str(), Some("sentence"));
        assert_eq!(table["indicators"][0].as_str(), Some(":"));
        assert_eq!(table["exception-patterns"][0].as_str(), Some("VS"));
        assert_eq!(table["whole-segment"].as_bool(), Some(true));
        assert_eq!(table["message"].as_str(), Some("'{match}' is off."));
    }
}
