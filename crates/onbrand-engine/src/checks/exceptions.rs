//! Regex exceptions (Vale's `exceptions`): a list of regexes joined into one,
//! `\b(?:(?:e1)|(?:e2)|…)\b`, longest first so that alternation prefers the longer of two
//! exceptions that start at the same place, and matched case-sensitively.
//!
//! Each exception is a group of its own, so that an inline flag in one (`(?i)api`) does not
//! leak into the ones after it. A rule asks either whether a text contains an exception as a
//! whole word ([`ExceptionPatterns::contains`], what Vale does with a match) or where the
//! exceptions are in a segment ([`ExceptionPatterns::ranges`], to keep those words as written).

use std::ops::Range;

use super::fallback::AnyRegex;
use super::{CompileCx, Located};

/// The largest compiled program one exception list may take (a few thousand exceptions).
const SIZE_LIMIT: usize = 4 * 1024 * 1024;

#[derive(Debug)]
pub(crate) struct ExceptionPatterns {
    regex: AnyRegex,
}

/// The joined regex of `exceptions` (None when there are none).
pub(crate) fn source(exceptions: &[String]) -> Option<String> {
    let mut sorted: Vec<&str> = exceptions
        .iter()
        .map(String::as_str)
        .filter(|e| !e.is_empty())
        .collect();
    if sorted.is_empty() {
        return None;
    }
    // Stable: exceptions of the same length keep their order.
    sorted.sort_by_key(|e| std::cmp::Reverse(e.len()));
    let groups: Vec<String> = sorted.iter().map(|e| format!("(?:{e})")).collect();
    Some(format!(r"\b(?:{})\b", groups.join("|")))
}

/// Compile the regex list of `field`; an invalid one is a guideline error at the field that
/// names the exception. `Some(None)`: no exceptions.
pub(crate) fn compile(
    cx: &mut CompileCx<'_>,
    field: &str,
    exceptions: &[String],
) -> Option<Option<ExceptionPatterns>> {
    for exception in exceptions {
        // Parsing tells a valid pattern at a fraction of the cost of compiling it (compiling
        // each exception alone was a quarter of a process's start-up): only a pattern the
        // parser rejects is compiled alone, by both engines, for their verdict and message.
        // One too large to compile makes the joined regex too large, reported below.
        if regex_syntax::Parser::new().parse(exception).is_ok() {
            continue;
        }
        if let Err((message, _)) = AnyRegex::new(exception, false, SIZE_LIMIT) {
            cx.error(
                Located::Key(field),
                format!("invalid regular expression '{exception}' in `{field}`: {message}"),
            );
            return None;
        }
    }
    let Some(source) = source(exceptions) else {
        return Some(None);
    };
    match AnyRegex::new(&source, false, SIZE_LIMIT) {
        Ok(regex) => Some(Some(ExceptionPatterns { regex })),
        Err((message, _)) => {
            cx.error(
                Located::Key(field),
                format!("`{field}` cannot be compiled together: {message}"),
            );
            None
        }
    }
}

impl ExceptionPatterns {
    /// Whether `text` contains an exception as a whole word.
    pub(crate) fn contains(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// Where the exceptions are in `text`, in order, not overlapping.
    pub(crate) fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        self.regex
            .matches(text)
            .iter()
            .map(|m| m.whole())
            .filter(|r| !r.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled(exceptions: &[&str]) -> ExceptionPatterns {
        let owned: Vec<String> = exceptions.iter().map(|e| (*e).to_owned()).collect();
        let source = source(&owned).unwrap_or_default();
        match AnyRegex::new(&source, false, SIZE_LIMIT) {
            Ok(regex) => ExceptionPatterns { regex },
            Err(error) => panic!("{error:?}"),
        }
    }

    #[test]
    fn longest_first_each_in_its_own_group() {
        let owned = ["API".to_owned(), "(?i)rest api".to_owned(), "x".to_owned()];
        assert_eq!(
            source(&owned).as_deref(),
            Some(r"\b(?:(?:(?i)rest api)|(?:API)|(?:x))\b")
        );
        assert_eq!(source(&[]), None);
    }

    #[test]
    fn exceptions_are_case_sensitive_regexes_matched_as_whole_words() {
        let exceptions = compiled(&["APIs?", "(?i)node", "Fernway Cloud"]);
        assert!(exceptions.contains("APIs"));
        assert!(exceptions.contains("the API"));
        assert!(!exceptions.contains("APIX"));
        assert!(!exceptions.contains("apis"));
        // The inline flag stays in its own exception.
        assert!(exceptions.contains("NODE"));
        assert!(!exceptions.contains("fernway cloud"));
        assert_eq!(exceptions.ranges("Fernway Cloud and APIs"), [0..13, 18..22]);
    }
}
