//! `kind = "substitution"`: regex keys, each with its own replacement (Vale's `substitution`).
//!
//! ```toml
//! [[rule]]
//! id = "plain-words"
//! kind = "substitution"
//! ignore-case = true
//! message = "Use '{expected}' instead of '{match}'."
//! swap = [
//!   { pattern = 'utili[sz]e', use = 'use' },
//!   { pattern = 'in order to', use = 'to' },
//!   { pattern = 'leverage', use = 'use|apply' },
//! ]
//! ```
//!
//! All keys are joined into one regex, `\b(?:(k1)|(k2)|…)\b` (`whole-words = false` drops the
//! word boundaries), so one pass finds every key; the group that matched names the key and so
//! the replacement. A match that already is one of its replacements is not reported (a key
//! `e-?mail` with `use = "email"` does not flag "email"). `use` may list alternatives separated
//! by `|`: each becomes a fix, best first, and `{expected}` lists them as `a' or 'b` so that a
//! quoted placeholder, `'{expected}'`, reads `'a' or 'b'`. `exceptions` are regexes: a match
//! containing one of them as a whole word is not reported. Keys may use look-around and
//! backreferences (they then run on the backtracking fallback engine, see [`super::fallback`]).
//!
//! With `ignore-case = true`, a match that starts with a capital gets replacements that start
//! with one (so "Email" at the start of a sentence is its replacement "email" and is not
//! reported). Placeholders: `{match}` (the text found), `{expected}` (the replacement).

use super::fallback::{AnyRegex, Caps};
use super::regexes::RegexId;
use super::{CompileCx, Emitter, SegmentCx, Vars};

pub(crate) const FIELDS: &[&str] = &["swap", "ignore-case", "whole-words", "exceptions"];
pub(crate) const PLACEHOLDERS: &[&str] = &["match", "expected"];
const DEFAULT_MESSAGE: &str = "Use '{expected}' instead of '{match}'.";

#[derive(Debug)]
pub(crate) struct Substitution {
    regex: AnyRegex,
    id: Option<RegexId>,
    /// Per key: its group in `regex` and its replacements.
    keys: Vec<(usize, Vec<String>)>,
    ignore_case: bool,
    exceptions: Option<AnyRegex>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>) -> Option<Substitution> {
    let spec = cx.spec;
    let swap = cx.require(
        "swap",
        spec.swap.as_ref().filter(|s| !s.is_empty()),
        "keys and replacements like `swap = [{ pattern = 'utilize', use = 'use' }]`",
    )?;
    let ignore_case = cx.ignore_case(false);
    let alternation: Vec<String> = swap
        .iter()
        .enumerate()
        .map(|(i, key)| format!("(?P<k{i}>{})", uncapture(&key.pattern)))
        .collect();
    let joined = alternation.join("|");
    let source = if spec.whole_words.unwrap_or(true) {
        format!(r"\b(?:{joined})\b")
    } else {
        format!("(?:{joined})")
    };
    let (regex, id) = cx.any_regex("swap", &source, None, ignore_case)?;
    let keys = swap
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let group = regex.group_index(&format!("k{i}")).unwrap_or(0);
            let uses = key
                .replacement
                .split('|')
                .map(|s| s.trim().to_owned())
                .collect();
            (group, uses)
        })
        .collect();
    let exceptions = match spec.exceptions.as_ref().filter(|e| !e.is_empty()) {
        Some(list) => {
            let source = format!(r"\b(?:{})\b", list.join("|"));
            Some(cx.any_regex("exceptions", &source, None, false)?.0)
        }
        None => None,
    };
    Some(Substitution {
        regex,
        id,
        keys,
        ignore_case,
        exceptions,
    })
}

/// Make a key's own groups non-capturing, so that the groups of the joined regex are the keys.
/// Escapes and character classes are skipped; look-around and flags are left alone.
pub(crate) fn uncapture(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '(' if !in_class => {
                let rest: String = chars.clone().take(3).collect();
                if !rest.starts_with('?') {
                    out.push_str("(?:");
                } else if let Some(named) = rest
                    .strip_prefix("?P<")
                    .or_else(|| rest.strip_prefix("?<"))
                    .filter(|r| !r.starts_with(['=', '!']))
                {
                    // A named group: drop its name.
                    let _ = named;
                    for n in chars.by_ref() {
                        if n == '>' {
                            break;
                        }
                    }
                    out.push_str("(?:");
                } else {
                    out.push('(');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

impl Substitution {
    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, emit: &mut Emitter<'_>) {
        if let Some(id) = self.id
            && !cx.may_match(id)
        {
            return;
        }
        let text = cx.text();
        for caps in self.regex.captures(text) {
            let range = caps.whole();
            if range.is_empty() {
                continue;
            }
            let Some(uses) = self.replacements(&caps) else {
                continue;
            };
            let found = &text[range.clone()];
            let observed = found.trim();
            if self
                .exceptions
                .as_ref()
                .is_some_and(|e| e.is_match(observed))
            {
                continue;
            }
            // As Vale does for case-insensitive keys: a capitalised match ("Are not", at the
            // start of a sentence) gets capitalised replacements ("Aren't").
            let uses: Vec<String> =
                if self.ignore_case && observed.chars().next().is_some_and(char::is_uppercase) {
                    uses.iter().map(|u| super::capitalize_first(u)).collect()
                } else {
                    uses.to_vec()
                };
            // Compared exactly: under `ignore-case` a match that differs from its replacement
            // only in case ("javascript" for "JavaScript") is reported, as Vale does.
            if uses.iter().any(|u| u == observed) {
                continue;
            }
            let expected = uses.join("' or '");
            let vars = Vars {
                matched: Some(observed),
                expected: Some(&expected),
                ..Vars::default()
            };
            emit.emit_fixes(cx.segment, range, DEFAULT_MESSAGE, &vars, uses.clone());
        }
    }

    fn replacements(&self, caps: &Caps) -> Option<&[String]> {
        self.keys
            .iter()
            .find(|(group, _)| caps.groups.get(*group).is_some_and(Option::is_some))
            .map(|(_, uses)| uses.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::uncapture;

    #[test]
    fn groups_become_non_capturing() {
        assert_eq!(uncapture(r"(a|b)c"), r"(?:a|b)c");
        assert_eq!(uncapture(r"\(x\)[(]"), r"\(x\)[(]");
        assert_eq!(uncapture(r"(?i)(?=y)(?P<n>z)"), r"(?i)(?=y)(?:z)");
        assert_eq!(uncapture(r"(?<!q)w"), r"(?<!q)w");
    }
}
