//! A regex that is compiled by the `regex` crate whenever it can be, and by the backtracking
//! `fancy-regex` only when `regex` rejects the pattern (look-around, backreferences: Vale styles
//! use both). The fast path keeps its linear-time guarantee and its place in the `RegexSet`
//! prefilter; a fallback regex runs on every segment in scope, with a backtracking limit so that
//! a pathological pattern ends in "no match" rather than a hung lint.

use std::ops::Range;

/// Backtracking steps per match attempt before fancy-regex gives up on a segment.
const BACKTRACK_LIMIT: usize = 200_000;

#[derive(Debug)]
pub(crate) enum AnyRegex {
    Fast(regex::Regex),
    Fancy(Box<fancy_regex::Regex>),
}

/// One match: group 0 is the whole match, then the capture groups (None when not taking part).
#[derive(Debug)]
pub(crate) struct Caps {
    pub(crate) groups: Vec<Option<Range<usize>>>,
}

impl Caps {
    pub(crate) fn whole(&self) -> Range<usize> {
        self.groups.first().cloned().flatten().unwrap_or(0..0)
    }
}

impl AnyRegex {
    /// Compile with `regex`, or, if `regex` rejects the syntax, with `fancy-regex`. When both
    /// reject it, the error is `regex`'s: its message and the 0-based character it points at,
    /// which is what the guideline error reports.
    pub(crate) fn new(
        pattern: &str,
        ignore_case: bool,
        size_limit: usize,
    ) -> Result<Self, (String, Option<usize>)> {
        let fast = regex::RegexBuilder::new(pattern)
            .case_insensitive(ignore_case)
            .size_limit(size_limit)
            .build();
        match fast {
            Ok(regex) => Ok(AnyRegex::Fast(regex)),
            Err(regex::Error::Syntax(fast_error)) => {
                let source = if ignore_case {
                    format!("(?i){pattern}")
                } else {
                    pattern.to_owned()
                };
                fancy_regex::RegexBuilder::new(&source)
                    .backtrack_limit(BACKTRACK_LIMIT)
                    .delegate_size_limit(size_limit)
                    .build()
                    .map(|regex| AnyRegex::Fancy(Box::new(regex)))
                    .map_err(|_| super::regexes::describe_error(&regex::Error::Syntax(fast_error)))
            }
            Err(other) => Err(super::regexes::describe_error(&other)),
        }
    }

    /// Every non-overlapping match with its groups. A fallback regex that exceeds its
    /// backtracking limit stops reporting at that point.
    pub(crate) fn captures(&self, text: &str) -> Vec<Caps> {
        match self {
            AnyRegex::Fast(regex) => regex
                .captures_iter(text)
                .map(|c| Caps {
                    groups: c.iter().map(|m| m.map(|m| m.range())).collect(),
                })
                .collect(),
            AnyRegex::Fancy(regex) => regex
                .captures_iter(text)
                .map_while(Result::ok)
                .map(|c| Caps {
                    groups: c.iter().map(|m| m.map(|m| m.range())).collect(),
                })
                .collect(),
        }
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        match self {
            AnyRegex::Fast(regex) => regex.is_match(text),
            AnyRegex::Fancy(regex) => regex.is_match(text).unwrap_or(false),
        }
    }

    /// The index of a named group.
    fn group_index(&self, name: &str) -> Option<usize> {
        let names: Vec<Option<&str>> = match self {
            AnyRegex::Fast(regex) => regex.capture_names().collect(),
            AnyRegex::Fancy(regex) => regex.capture_names().collect(),
        };
        names.iter().position(|n| *n == Some(name))
    }

    /// Expand `$1`, `${1}`, `${name}`, `$name` and `$$` in `template` with a match's groups.
    pub(crate) fn expand(&self, template: &str, caps: &Caps, text: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(dollar) = rest.find('$') {
            out.push_str(&rest[..dollar]);
            let after = &rest[dollar + 1..];
            if let Some(stripped) = after.strip_prefix('$') {
                out.push('$');
                rest = stripped;
                continue;
            }
            let (name, consumed) = if let Some(braced) = after.strip_prefix('{') {
                match braced.find('}') {
                    Some(close) => (&braced[..close], close + 2),
                    None => ("", 0),
                }
            } else {
                let len = after
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..len], len)
            };
            if name.is_empty() {
                out.push('$');
                rest = after;
                continue;
            }
            let index = name
                .parse::<usize>()
                .ok()
                .or_else(|| self.group_index(name));
            if let Some(range) = index.and_then(|i| caps.groups.get(i).cloned().flatten()) {
                out.push_str(text.get(range).unwrap_or(""));
            }
            rest = &after[consumed..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookaround_falls_back_and_plain_patterns_stay_fast() {
        let fast = AnyRegex::new(r"\bfoo\b", false, 1 << 20).unwrap();
        assert!(matches!(fast, AnyRegex::Fast(_)));
        let fancy = AnyRegex::new(r"foo(?!bar)", false, 1 << 20).unwrap();
        assert!(matches!(fancy, AnyRegex::Fancy(_)));
        let found: Vec<_> = fancy
            .captures("foobar foobaz")
            .iter()
            .map(Caps::whole)
            .collect();
        assert_eq!(found, vec![7..10]);
        assert!(AnyRegex::new(r"(foo", false, 1 << 20).is_err());
    }

    #[test]
    fn expansion_knows_numbers_names_and_dollars() {
        let regex = AnyRegex::new(r"(?P<w>\w+) (\w+)", false, 1 << 20).unwrap();
        let text = "hello world";
        let caps = regex.captures(text);
        assert_eq!(
            regex.expand("$2 ${w} $$1", &caps[0], text),
            "world hello $1"
        );
    }
}
