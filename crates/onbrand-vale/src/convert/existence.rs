//! Vale's `existence` → a `pattern` rule: the tokens joined into one word-bounded regex, `raw`
//! before (or, with `append`, after) them; `action: remove` and a one-parameter `replace` become
//! the fix, `action: edit` an `edit`.

use onbrand_engine::checks::{KindSpec, pattern};
use onbrand_engine::spec::EditSpec;

use super::{Converted, Draft, non_empty, unspanned};
use crate::rule::ValeRule;

pub(super) fn convert(draft: &mut Draft<'_>) -> Option<KindSpec> {
    let rule = draft.rule;
    if rule.tokens.is_empty() && rule.raw.is_empty() {
        draft
            .converted
            .note("no tokens and no raw", "not converted");
        return None;
    }
    let vale_key = match (rule.tokens.is_empty(), rule.raw.is_empty()) {
        (false, true) => "tokens",
        (true, false) => "raw",
        _ => "tokens` or `raw",
    };
    draft.converted.vale_keys.push(("pattern", vale_key));
    let (replace, edit) = action(rule, &mut draft.converted);
    draft.set_message(&["match"]);
    Some(KindSpec::Pattern(pattern::Fields {
        pattern: Some(unspanned(existence_regex(rule))),
        replace,
        edit,
        ignore_case: rule.ignorecase.then_some(true),
        exceptions: non_empty(draft.exceptions.clone()),
    }))
}

/// The regex Vale builds for an existence rule's tokens and raw parts. Vale's templates are
/// multi-line (`(?m)`): `^` and `$` match at line breaks, which only the `raw` scope's text
/// holds (prose joins a paragraph's lines); the flag is written only where an anchor may be.
pub fn existence_regex(rule: &ValeRule) -> String {
    let regex = existence_body(rule);
    if regex.contains(['^', '$']) {
        format!("(?m){regex}")
    } else {
        regex
    }
}

fn existence_body(rule: &ValeRule) -> String {
    let tokens = rule.tokens.join("|");
    let raw = rule.raw.join("");
    let core = if rule.tokens.is_empty() {
        String::new()
    } else if rule.nonword {
        format!("(?:{tokens})")
    } else {
        format!(r"\b(?:{tokens})\b")
    };
    if rule.append {
        format!("{core}{raw}")
    } else {
        format!("{raw}{core}")
    }
}

/// Vale's `action` → onbrand's fix (`replace`) or `edit`, where onbrand has an equivalent.
fn action(rule: &ValeRule, converted: &mut Converted) -> (Option<String>, Option<EditSpec>) {
    let Some(action) = &rule.action else {
        return (None, None);
    };
    match action.name.as_deref() {
        Some("remove") => (Some(String::new()), None),
        Some("replace") if action.params.len() == 1 => (Some(action.params[0].clone()), None),
        Some("edit") => {
            let edit = edit(&action.params);
            if edit.is_none() {
                converted.note(
                    format!("action `edit` with parameters {:?}", action.params),
                    "findings without a fix",
                );
            }
            (None, edit)
        }
        Some(name) => {
            converted.note(
                format!("action `{name}` with these parameters"),
                "findings without a fix",
            );
            (None, None)
        }
        None => (None, None),
    }
}

/// Vale's `action: edit` parameters → onbrand's `edit` (None: not expressible).
fn edit(params: &[String]) -> Option<EditSpec> {
    let text = |value: &String| Some(value.clone());
    Some(match params {
        [name, chars] if name == "trim_right" => EditSpec {
            trim_end: text(chars),
            ..EditSpec::default()
        },
        [name, chars] if name == "trim_left" => EditSpec {
            trim_start: text(chars),
            ..EditSpec::default()
        },
        [name, chars] if name == "trim" => EditSpec {
            trim: text(chars),
            ..EditSpec::default()
        },
        [name, separator] if name == "truncate" && !separator.is_empty() => EditSpec {
            truncate_at: text(separator),
            ..EditSpec::default()
        },
        [name, separator, part] if name == "split" && !separator.is_empty() => {
            // A part TOML cannot hold (beyond i64) is no part.
            let part = part.trim().parse::<usize>().ok();
            EditSpec {
                split_at: text(separator),
                part: Some(part.filter(|part| i64::try_from(*part).is_ok())?),
                ..EditSpec::default()
            }
        }
        [name, pattern, replacement] if name == "regex" && regex::Regex::new(pattern).is_ok() => {
            EditSpec {
                regex: text(pattern),
                replace: text(replacement),
                ..EditSpec::default()
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::convert;
    use super::*;
    use crate::rule;

    #[test]
    fn existence_regex_puts_raw_before_the_tokens() {
        let rule = ValeRule {
            tokens: vec!["a".into(), "b".into()],
            raw: vec![r"\d".into()],
            ..ValeRule::default()
        };
        assert_eq!(existence_regex(&rule), r"\d\b(?:a|b)\b");
    }

    /// Every form of Vale's `action: edit` becomes an `edit` table; an unknown or malformed
    /// one is reported and the rule keeps its findings without a fix.
    #[test]
    fn edit_actions_become_edit_tables() {
        let edit_of = |params: &str| {
            let rule = rule::parse(&format!(
                "extends: existence\ntokens:\n  - x\naction:\n  name: edit\n  params:\n{params}"
            ))
            .unwrap();
            let converted = convert("S.Edit", &rule, &[]);
            let edit = converted
                .table()
                .unwrap()
                .get("edit")
                .map(ToString::to_string);
            (edit, converted.notes.len())
        };
        let cases = [
            ("    - trim_right\n    - '!'\n", "trim-end = \"!\""),
            ("    - trim_left\n    - '('\n", "trim-start = \"(\""),
            ("    - trim\n    - ' '\n", "trim = \" \""),
            ("    - truncate\n    - ' '\n", "truncate-at = \" \""),
            (
                "    - split\n    - ' '\n    - '1'\n",
                "split-at = \" \", part = 1",
            ),
            (
                "    - regex\n    - '(\\w+)-'\n    - '$1 '\n",
                "regex = '(\\w+)-', replace = \"$1 \"",
            ),
        ];
        for (params, expected) in cases {
            assert_eq!(
                edit_of(params),
                (Some(format!("{{ {expected} }}")), 0),
                "{params}"
            );
        }
        for unknown in [
            "    - remove\n    - ' '\n",
            "    - split\n    - ' '\n    - one\n",
            "    - regex\n    - '(?<=a)b'\n    - c\n",
        ] {
            assert_eq!(edit_of(unknown), (None, 1), "{unknown}");
        }
    }
}
