//! `edit = { … }` on a pattern rule: the fix is derived from the matched text (Vale's
//! `action: edit`), for rules whose fix depends on what was found rather than being one fixed
//! replacement.
//!
//! ```toml
//! [[rule]]
//! id = "no-exclamation"
//! kind = "pattern"
//! pattern = '\w+!'
//! edit = { trim-end = "!" }
//! ```
//!
//! One operation per rule:
//! - `trim-end = "…"`, `trim-start = "…"`, `trim = "…"`: remove every character of the string
//!   from the end, the start or both ends of the match (a set of characters, not a suffix:
//!   `trim-end = ".?!"` removes any run of them).
//! - `regex = '…', replace = '…'`: replace every match of `regex` inside the match (`$1`,
//!   `${name}` refer to its groups; the `regex` crate's syntax).
//! - `truncate-at = " "`: keep what comes before the first separator.
//! - `split-at = " ", part = 1`: split at the separator and keep part `part` (from 0); no fix
//!   when there are fewer parts.
//!
//! As in Vale, the result is trimmed of white space at both ends. `edit` and `replace` are
//! exclusive: `replace` is the fix when it is fixed text, `edit` when it depends on the match.

use regex::Regex;

use super::{CompileCx, Located};
use crate::spec::EditSpec;

#[derive(Debug)]
pub(crate) enum Edit {
    TrimEnd(String),
    TrimStart(String),
    Trim(String),
    Replace { regex: Regex, with: String },
    TruncateAt(String),
    SplitAt { separator: String, part: usize },
}

/// The rule's `edit`, validated; `Some(None)` when it has none.
pub(crate) fn compile(
    cx: &mut CompileCx<'_>,
    fields: &super::pattern::Fields,
) -> Option<Option<Edit>> {
    let Some(spec) = fields.edit.as_ref() else {
        return Some(None);
    };
    if fields.replace.is_some() {
        cx.error(
            Located::Key("edit"),
            "`edit` and `replace` both give the fix; keep one",
        );
        return None;
    }
    let operations = [
        spec.trim_end.is_some(),
        spec.trim_start.is_some(),
        spec.trim.is_some(),
        spec.regex.is_some(),
        spec.truncate_at.is_some(),
        spec.split_at.is_some(),
    ];
    if operations.iter().filter(|on| **on).count() != 1 {
        cx.error(
            Located::Key("edit"),
            "`edit` takes exactly one of `trim-end`, `trim-start`, `trim`, `regex` (with \
             `replace`), `truncate-at`, `split-at` (with `part`)",
        );
        return None;
    }
    let misplaced = if spec.replace.is_some() != spec.regex.is_some() {
        Some("`replace` goes with `regex`")
    } else if spec.part.is_some() != spec.split_at.is_some() {
        Some("`part` goes with `split-at`")
    } else {
        None
    };
    if let Some(problem) = misplaced {
        cx.error(Located::Key("edit"), format!("in `edit`: {problem}"));
        return None;
    }
    let separator = spec.truncate_at.as_ref().or(spec.split_at.as_ref());
    if separator.is_some_and(String::is_empty) {
        cx.error(Located::Key("edit"), "in `edit`: the separator is empty");
        return None;
    }
    Some(Some(build(cx, spec)?))
}

fn build(cx: &mut CompileCx<'_>, spec: &EditSpec) -> Option<Edit> {
    Some(if let Some(chars) = &spec.trim_end {
        Edit::TrimEnd(chars.clone())
    } else if let Some(chars) = &spec.trim_start {
        Edit::TrimStart(chars.clone())
    } else if let Some(chars) = &spec.trim {
        Edit::Trim(chars.clone())
    } else if let (Some(pattern), Some(with)) = (&spec.regex, &spec.replace) {
        match Regex::new(pattern) {
            Ok(regex) => Edit::Replace {
                regex,
                with: with.clone(),
            },
            Err(error) => {
                let (message, _) = super::regexes::describe_error(&error);
                cx.error(
                    Located::Key("edit"),
                    format!("invalid regular expression in `edit`: {message}"),
                );
                return None;
            }
        }
    } else if let Some(separator) = &spec.truncate_at {
        Edit::TruncateAt(separator.clone())
    } else if let (Some(separator), Some(part)) = (&spec.split_at, spec.part) {
        Edit::SplitAt {
            separator: separator.clone(),
            part,
        }
    } else {
        return None;
    })
}

impl Edit {
    /// The fix for `matched`, or None when the edit does not apply (too few parts).
    pub(crate) fn apply(&self, matched: &str) -> Option<String> {
        let edited = match self {
            Edit::TrimEnd(set) => matched.trim_end_matches(in_set(set)).to_owned(),
            Edit::TrimStart(set) => matched.trim_start_matches(in_set(set)).to_owned(),
            Edit::Trim(set) => matched.trim_matches(in_set(set)).to_owned(),
            Edit::Replace { regex, with } => regex.replace_all(matched, with.as_str()).into_owned(),
            Edit::TruncateAt(separator) => matched
                .split(separator.as_str())
                .next()
                .unwrap_or(matched)
                .to_owned(),
            Edit::SplitAt { separator, part } => {
                matched.split(separator.as_str()).nth(*part)?.to_owned()
            }
        };
        Some(edited.trim().to_owned())
    }
}

/// Whether a character is one of `set` (Vale's trims take a set of characters).
fn in_set(set: &str) -> impl Fn(char) -> bool + '_ {
    move |c| set.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regex(pattern: &str, with: &str) -> Edit {
        match Regex::new(pattern) {
            Ok(regex) => Edit::Replace {
                regex,
                with: with.to_owned(),
            },
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn each_edit_derives_the_fix_from_the_match() {
        let cases: [(Edit, &str, Option<&str>); 9] = [
            (Edit::TrimEnd("!".into()), "Wow!!", Some("Wow")),
            (Edit::TrimEnd(".?!".into()), "Why?!.", Some("Why")),
            (Edit::TrimStart("(".into()), "((s)", Some("s)")),
            (Edit::Trim(" ".into()), " — ", Some("—")),
            (regex("-", " "), "highly-rated", Some("highly rated")),
            (regex(r"(\w+)(\s\w+)", "$1"), "the the", Some("the")),
            (Edit::TruncateAt(" ".into()), "the the", Some("the")),
            (
                Edit::SplitAt {
                    separator: " ".into(),
                    part: 1,
                },
                "very unique",
                Some("unique"),
            ),
            (
                Edit::SplitAt {
                    separator: " ".into(),
                    part: 2,
                },
                "very unique",
                None,
            ),
        ];
        for (edit, matched, fix) in cases {
            assert_eq!(
                edit.apply(matched).as_deref(),
                fix,
                "{edit:?} on {matched:?}"
            );
        }
    }
}
