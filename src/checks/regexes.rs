//! The regular expressions of a guideline, with one `RegexSet` over all of them as a prefilter:
//! per segment the set runs once and tells which rules' regexes can match at all; only those
//! run on their own to find positions and captures.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// A regex's number in the guideline's set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RegexId(usize);

/// Compiled regexes are capped so that a pathological pattern cannot eat the machine.
const SIZE_LIMIT: usize = 4 * 1024 * 1024;

#[derive(Debug, Default)]
pub(crate) struct RegexesBuilder {
    sources: Vec<String>,
    rules: Vec<u32>,
}

impl RegexesBuilder {
    pub(crate) fn add(
        &mut self,
        pattern: &str,
        ignore_case: bool,
        rule: u32,
    ) -> Result<(Regex, RegexId), regex::Error> {
        let regex = RegexBuilder::new(pattern)
            .case_insensitive(ignore_case)
            .size_limit(SIZE_LIMIT)
            .build()?;
        let id = RegexId(self.sources.len());
        // Flags differ per rule, so each member of the set carries its own. The set only needs
        // to say which regexes *may* match, so it gets the pattern without word-boundary
        // assertions: that only widens what it matches, and keeps the set on the lazy DFA,
        // which gives up on Unicode `\b` as soon as a segment holds a non-ASCII character.
        let widened = without_word_boundaries(pattern);
        let source = if ignore_case {
            format!("(?i){widened}")
        } else {
            widened
        };
        self.sources.push(source);
        self.rules.push(rule);
        Ok((regex, id))
    }

    /// Like [`Self::add`], but a pattern `regex` rejects is compiled by the backtracking
    /// fallback, which stays out of the prefilter set (its regex then runs on every segment).
    pub(crate) fn add_any(
        &mut self,
        pattern: &str,
        ignore_case: bool,
        rule: u32,
    ) -> Result<(super::fallback::AnyRegex, Option<RegexId>), (String, Option<usize>)> {
        match self.add(pattern, ignore_case, rule) {
            Ok((regex, id)) => Ok((super::fallback::AnyRegex::Fast(regex), Some(id))),
            Err(_) => super::fallback::AnyRegex::new(pattern, ignore_case, SIZE_LIMIT)
                .map(|regex| (regex, None)),
        }
    }

    pub(crate) fn build(self) -> Regexes {
        // A set too large to build only costs speed: every regex then runs on every segment.
        let set = if self.sources.is_empty() {
            None
        } else {
            RegexSetBuilder::new(&self.sources)
                .size_limit(SIZE_LIMIT.saturating_mul(4))
                .build()
                .ok()
        };
        Regexes {
            set,
            rules: self.rules,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Regexes {
    set: Option<RegexSet>,
    /// The rule each regex belongs to.
    rules: Vec<u32>,
}

/// Which regexes may match a segment.
pub(crate) struct Candidates {
    /// None: no prefilter ran, every regex may match.
    matched: Option<Vec<bool>>,
}

impl Candidates {
    pub(crate) fn may_match(&self, id: RegexId) -> bool {
        match &self.matched {
            Some(matched) => matched.get(id.0).copied().unwrap_or(true),
            None => true,
        }
    }
}

impl Regexes {
    /// Run the prefilter over `text`, unless no rule with a regex is active.
    pub(crate) fn candidates(&self, text: &str, active: &[bool]) -> Candidates {
        let Some(set) = &self.set else {
            return Candidates { matched: None };
        };
        let any_active = self
            .rules
            .iter()
            .any(|rule| active.get(*rule as usize).copied().unwrap_or(false));
        if !any_active {
            return Candidates {
                matched: Some(Vec::new()),
            };
        }
        let matches = set.matches(text);
        let mut matched = vec![false; self.rules.len()];
        for index in matches.iter() {
            if let Some(slot) = matched.get_mut(index) {
                *slot = true;
            }
        }
        Candidates {
            matched: Some(matched),
        }
    }
}

/// `pattern` with its word-boundary assertions (`\b`, `\B`, `\b{start}`, …) removed, outside
/// character classes. Removing an assertion never makes a valid pattern invalid or a match
/// impossible, so the result matches a superset of what `pattern` matches.
fn without_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b' | 'B') if class_depth == 0 => {
                    if chars.peek() == Some(&'{') {
                        // `\b{start}` and friends: drop the braces too.
                        for skipped in chars.by_ref() {
                            if skipped == '}' {
                                break;
                            }
                        }
                    }
                }
                Some(escaped) => {
                    out.push('\\');
                    out.push(escaped);
                }
                None => out.push('\\'),
            },
            '[' => {
                class_depth += 1;
                out.push(c);
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A regex error as one line, and the 0-based character of the pattern it points at, if any.
///
/// The regex crate renders syntax errors over several lines: the pattern, a line of carets
/// under the offending part, and `error: …`. A guideline error is one line with a position.
pub(crate) fn describe_error(error: &regex::Error) -> (String, Option<usize>) {
    match error {
        regex::Error::Syntax(text) => {
            let lines: Vec<&str> = text.lines().collect();
            let message = lines
                .iter()
                .find_map(|line| line.strip_prefix("error: "))
                .unwrap_or(text.as_str())
                .to_owned();
            // Caret positions are only meaningful for a one-line pattern: the line before the
            // carets is the pattern, indented like the carets.
            let column = match lines.as_slice() {
                [_, pattern, carets, ..] if carets.trim_start().starts_with('^') => {
                    let indent = carets.len() - carets.trim_start().len();
                    let pattern_indent = pattern.len() - pattern.trim_start().len();
                    (indent >= pattern_indent).then(|| {
                        pattern[pattern_indent.min(pattern.len())..]
                            .char_indices()
                            .take_while(|(byte, _)| *byte < indent - pattern_indent)
                            .count()
                    })
                }
                _ => None,
            };
            (message, column)
        }
        regex::Error::CompiledTooBig(limit) => (
            format!("the compiled expression is larger than {limit} bytes; simplify it"),
            None,
        ),
        other => (other.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_become_one_line_with_a_column() {
        let pattern = String::from("ab(cd");
        let Err(error) = Regex::new(&pattern) else {
            panic!("must fail")
        };
        let (message, column) = describe_error(&error);
        assert_eq!(message, "unclosed group");
        assert_eq!(column, Some(2));
    }

    #[test]
    fn word_boundaries_are_removed_only_outside_classes() {
        assert_eq!(without_word_boundaries(r"\bwort\b"), "wort");
        assert_eq!(without_word_boundaries(r"\b{start}a\Bb\b{end}"), "ab");
        assert_eq!(without_word_boundaries(r"[\b\]]x\\b"), r"[\b\]]x\\b");
        assert_eq!(without_word_boundaries(r"\d+\.\w"), r"\d+\.\w");
    }

    #[test]
    fn the_prefilter_still_admits_matches_next_to_non_ascii_letters() {
        let mut builder = RegexesBuilder::default();
        let (regex, id) = builder.add(r"\bé\w+", false, 0).unwrap();
        let regexes = builder.build();
        assert!(regexes.candidates("une éponge", &[true]).may_match(id));
        assert!(regex.is_match("une éponge"));
    }

    #[test]
    fn the_prefilter_skips_regexes_that_cannot_match() {
        let mut builder = RegexesBuilder::default();
        let (_, a) = builder.add("!", false, 0).unwrap();
        let (_, b) = builder.add("hello", true, 1).unwrap();
        let regexes = builder.build();
        let candidates = regexes.candidates("HELLO there", &[true, true]);
        assert!(!candidates.may_match(a));
        assert!(candidates.may_match(b));
    }
}
