//! `kind = "pattern"`: a raw regular expression, for what no other kind covers.
//!
//! ```toml
//! [[rule]]
//! id = "no-double-space-after-period"
//! kind = "pattern"
//! pattern = '\.  +(\w)'
//! replace = '. $1'
//! ```
//!
//! Every non-empty match in a segment's prose is a finding. `replace` turns each match into a
//! fix; `$1`, `${name}` refer to capture groups (the syntax of the `regex` crate, which is also
//! the pattern syntax: no look-around or backreferences, so matching is always linear time).
//! Matching is case-sensitive unless `ignore-case = true`. Use TOML literal strings (`'…'`) to
//! avoid doubling backslashes. Non-prose inside a sentence (code, placeholders, URLs) appears
//! in the text as U+FFFC, so `\w+` never runs into it.
//!
//! A pattern the `regex` crate rejects (look-around, backreferences, as Vale styles use) is
//! compiled by a backtracking engine instead. `exceptions` are
//! regexes: a match that contains one of them as a whole word is not reported.
//!
//! `edit = { … }` derives the fix from the matched text instead.
//!
//! Placeholders: `{match}` (the text matched), `{expected}` (the fix, with `replace` or `edit`).
//!
//! Fix safety: a `replace` fix is safe (the replacement is the guideline author's own, as for
//! substitution); an `edit` fix, and a `replace` that leaves nothing, are unsafe: they cut words
//! from the match. `fix = "safe"|"unsafe"` says otherwise for the rule.

use super::fallback::AnyRegex;
use super::regexes::RegexId;
use crate::finding::Applicability;
use super::{CompileCx, ProposedFix, Emitter, SegmentCx, Vars};

/// The fields of a pattern rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// The regular expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<toml::Spanned<String>>,
    /// Replacement for an automatic fix (`$1` refers to capture groups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replace: Option<String>,
    /// A fix derived from the matched text (`edit = { trim-end = "!" }`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edit: Option<crate::spec::EditSpec>,
    /// Match case-insensitively (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_case: Option<bool>,
    /// Regexes: a match containing one is not reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Vec<String>>,
}
/// Rules of this kind offer fixes (see "Fix safety" above), so they take `fix`.
pub(crate) const OFFERS_FIXES: bool = true;

pub(crate) const PLACEHOLDERS: &[&str] = &["match", "expected"];
const DEFAULT_MESSAGE: &str = "Avoid '{match}'.";
const DEFAULT_REPLACE_MESSAGE: &str = "Use '{expected}' instead of '{match}'.";

#[derive(Debug)]
pub(crate) struct Pattern {
    regex: AnyRegex,
    /// None: a fallback regex, outside the prefilter.
    id: Option<RegexId>,
    replace: Option<String>,
    edit: Option<super::edit::Edit>,
    exceptions: Option<AnyRegex>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Pattern> {
    let pattern = cx.require(
        "pattern",
        fields.pattern.as_ref(),
        "a regular expression like `pattern = '\\bvery unique\\b'`",
    )?;
    let (regex, id) = cx.any_regex(
        "pattern",
        pattern.get_ref(),
        Some(pattern.span()),
        fields.ignore_case.unwrap_or(false),
    )?;
    let exceptions = match fields.exceptions.as_ref().filter(|e| !e.is_empty()) {
        Some(list) => {
            let source = format!(r"\b(?:{})\b", list.join("|"));
            Some(cx.any_regex("exceptions", &source, None, false)?.0)
        }
        None => None,
    };
    Some(Pattern {
        regex,
        id,
        replace: fields.replace.clone(),
        edit: super::edit::compile(cx, fields)?,
        exceptions,
    })
}

impl Pattern {
    /// Its regex's place in the prefilter (see `Check::prefiltered_by`).
    pub(crate) fn prefiltered_by(&self) -> Option<Box<[RegexId]>> {
        self.id.map(|id| Box::from([id]))
    }

    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, emit: &mut Emitter<'_>) {
        if let Some(id) = self.id
            && !cx.may_match(id)
        {
            return;
        }
        let text = cx.text();
        // Groups are only needed to expand a replacement.
        let matches = if self.replace.is_some() {
            self.regex.captures(text)
        } else {
            self.regex.matches(text)
        };
        for captures in matches {
            let range = captures.whole();
            if range.is_empty() {
                continue;
            }
            let found = &text[range.clone()];
            if self
                .exceptions
                .as_ref()
                .is_some_and(|e| e.is_match(found.trim()))
            {
                continue;
            }
            let fix = self
                .replace
                .as_ref()
                .map(|replace| self.regex.expand(replace, &captures, text))
                .or_else(|| self.edit.as_ref().and_then(|edit| edit.apply(found)));
            let vars = Vars {
                matched: Some(found),
                expected: fix.as_deref(),
                ..Vars::default()
            };
            let message = if fix.is_some() {
                DEFAULT_REPLACE_MESSAGE
            } else {
                DEFAULT_MESSAGE
            };
            let applicability = if self.edit.is_some() || fix.as_deref().is_some_and(super::removes) {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            let fix = fix
                .clone()
                .map(|fix| ProposedFix::replace(range.clone(), fix, applicability));
            emit.emit(cx.segment, range, message, &vars, fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{NONE, findings, fixes, messages};
    use crate::finding::Applicability::{Safe, Unsafe};

    const RULE: &str = "kind = \"pattern\"\npattern = 'very \\w+'\n";

    /// Every match is a finding, case-sensitively unless `ignore-case = true`; an empty match
    /// is none.
    #[test]
    fn matches_in_their_case_and_never_empty() {
        assert_eq!(
            findings(RULE, "Very good, very ünique 中文 😀"),
            ["very ünique"]
        );
        let any_case = format!("{RULE}ignore-case = true\n");
        assert_eq!(
            findings(&any_case, "Very good, very ünique"),
            ["Very good", "very ünique"]
        );
        let maybe_empty = "kind = \"pattern\"\npattern = 'x*'\n";
        assert_eq!(findings(maybe_empty, "axxb ä"), ["xx"]);
        assert_eq!(findings(maybe_empty, "Grüße"), NONE);
    }

    /// The message names the match, and with a replacement what to write instead.
    #[test]
    fn messages_name_the_match_and_the_replacement() {
        assert_eq!(messages(RULE, "A very good day."), ["Avoid 'very good'."]);
        let replace = format!("{RULE}replace = 'really'\n");
        assert_eq!(
            messages(&replace, "A very good day."),
            ["Use 'really' instead of 'very good'."]
        );
        let groups = "kind = \"pattern\"\npattern = 'very (\\w+)'\nreplace = 'truly $1'\n";
        assert_eq!(
            fixes(groups, "A very good day."),
            [[(Safe, "A truly good day.".to_owned())]]
        );
    }

    /// A match containing an exception as a whole word is not reported; an empty list of
    /// exceptions excepts nothing.
    #[test]
    fn exceptions_as_whole_words() {
        let excepted = format!("{RULE}exceptions = ['very well']\n");
        assert_eq!(
            findings(&excepted, "very well, very good, very wellness"),
            ["very good", "very wellness"]
        );
        let none = format!("{RULE}exceptions = []\n");
        assert_eq!(findings(&none, "very well, very good"), ["very well", "very good"]);
    }

    /// The author's own replacement is safe; one that removes the match, or an `edit` that
    /// cuts it, is not.
    #[test]
    fn replace_is_safe_removal_and_edit_are_not() {
        let text = "Done!! 数据!!";
        let rule = |fix: &str| format!("kind = \"pattern\"\npattern = '!!'\n{fix}\n");
        assert_eq!(
            fixes(&rule("replace = '!'"), text),
            [[(Safe, "Done! 数据!!".to_owned())], [(Safe, "Done!! 数据!".to_owned())]]
        );
        assert_eq!(fixes(&rule("replace = ' '"), "a!!b")[0], [(Unsafe, "a b".to_owned())]);
        assert_eq!(
            fixes(&rule("edit = { trim-end = \"!\" }"), "a!!")[0],
            [(Unsafe, "a".to_owned())]
        );
        assert_eq!(
            fixes(&rule("edit = { trim-end = \"!\" }\nfix = \"safe\""), "a!!")[0],
            [(Safe, "a".to_owned())]
        );
    }
}
