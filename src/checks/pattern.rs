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
//! Placeholders: `{match}` (the text matched), `{expected}` (the replacement, with `replace`).

use regex::Regex;

use super::regexes::RegexId;
use super::{CompileCx, Emitter, SegmentCx, Vars};

pub(crate) const FIELDS: &[&str] = &["pattern", "replace", "ignore-case"];
pub(crate) const PLACEHOLDERS: &[&str] = &["match", "expected"];
const DEFAULT_MESSAGE: &str = "Avoid '{match}'.";
const DEFAULT_REPLACE_MESSAGE: &str = "Use '{expected}' instead of '{match}'.";

#[derive(Debug)]
pub(crate) struct Pattern {
    regex: Regex,
    id: RegexId,
    replace: Option<String>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>) -> Option<Pattern> {
    let spec = cx.spec;
    let pattern = cx.require(
        "pattern",
        spec.pattern.as_ref(),
        "a regular expression like `pattern = '\\bvery unique\\b'`",
    )?;
    let (regex, id) = cx.regex("pattern", pattern, cx.ignore_case(false))?;
    Some(Pattern {
        regex,
        id,
        replace: spec.replace.clone(),
    })
}

impl Pattern {
    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, emit: &mut Emitter<'_>) {
        if !cx.may_match(self.id) {
            return;
        }
        for captures in self.regex.captures_iter(cx.text()) {
            let Some(found) = captures.get(0).filter(|m| !m.is_empty()) else {
                continue;
            };
            let fix = self.replace.as_ref().map(|replace| {
                let mut fix = String::new();
                captures.expand(replace, &mut fix);
                fix
            });
            let vars = Vars {
                matched: Some(found.as_str()),
                expected: fix.as_deref(),
                ..Vars::default()
            };
            let message = if fix.is_some() {
                DEFAULT_REPLACE_MESSAGE
            } else {
                DEFAULT_MESSAGE
            };
            emit.emit(cx.segment, found.range(), message, &vars, fix.clone());
        }
    }
}
