//! `kind = "conditional"`: something that needs something else earlier in the document — an
//! acronym needs its definition on first use.
//!
//! ```toml
//! [[rule]]
//! id = "define-acronyms"
//! kind = "conditional"
//! pattern = '\b([A-Z]{2,6})\b'
//! definition = '\(([A-Z]{2,6})\)'
//! exceptions = ["API", "FAQ", "OK", "URL"]
//! message = "Spell out '{match}' on first use, e.g. 'search engine optimization (SEO)'."
//! ```
//!
//! - `pattern` finds uses and `definition` finds definitions; the **key** of a match is its
//!   first capture group that took part in the match (so alternations with one group per branch
//!   work), or the whole match when the regex has no groups.
//! - The whole document is read before anything is reported. A key defined before its use, or
//!   anywhere in the same paragraph (or other segment), needs nothing (with `acronyms = true`, a
//!   definition anywhere counts, before or after the use). The first use of each other key is a
//!   finding; later uses are not repeated, unless `every-use = true` (as Vale reports them). A use inside a definition ("SEO" in "(SEO)") is part of
//!   the definition, not a use. For definitions in either order, give `definition` one branch per
//!   order: `'\(([A-Z]{2,6})\)|\b([A-Z]{2,6})\s+\([A-Za-z][^()]*\)'`.
//! - `exceptions`: keys that never need a definition (well-known acronyms, brand names). They
//!   are regexes, as in pattern and substitution rules, matched case-sensitively: a use whose
//!   key contains one of them as a whole word is not reported (`'APIs?'` covers "API" and
//!   "APIs"; a plain acronym is a regex that matches itself).
//! - `familiar-after = N`: a key the document uses N times or more is part of its own
//!   vocabulary (an organisation's own name in its newsletter, the product a post is about),
//!   not a term its readers meet once.
//! - `acronyms = true`: the keys are capitalised words, and what only looks like an acronym is
//!   not reported: codes next to a number ("MA 02110", "JIRA-123", "50 USD"), keys joined to
//!   other capitals or code by `-`, `/` or `.` ("JSON-RPC", "CI/CD", "LHR–JFK"), capitals for
//!   emphasis (the document also writes the word in lower case: "KNOW" and "know"; or it stands
//!   next to another word in capitals: "DON'T MISS OUT").
//! - Both regexes are case-sensitive (acronyms are capitals); `ignore-case` does not apply.
//!
//! Placeholders: `{match}` (the key).
//!
//! No fix: the missing definition is the writer's to add.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use regex::{Captures, Regex};

use super::exceptions::{self, ExceptionPatterns};
use super::regexes::RegexId;
use super::{CompileCx, Emitter, SegmentCx, Vars};

/// The fields of a conditional rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// The regex of what needs a definition; capture group 1 is the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<toml::Spanned<String>>,
    /// The regex that defines what `pattern` uses; capture group 1 of both must be equal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<toml::Spanned<String>>,
    /// Regexes: a match containing one is not reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Vec<String>>,
    /// A key used this many times in the document needs no definition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub familiar_after: Option<u32>,
    /// The keys are capitalised words: what only looks like an acronym (codes, emphasis) is
    /// not reported, and a definition anywhere counts (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acronyms: Option<bool>,
    /// Report every use of an undefined key, not only the first (Vale's way; default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub every_use: Option<bool>,
}
/// Rules of this kind offer no fix, so they do not take `fix`.
pub(crate) const OFFERS_FIXES: bool = false;

pub(crate) const PLACEHOLDERS: &[&str] = &["match"];
const DEFAULT_MESSAGE: &str = "Define '{match}' on first use, e.g. 'Full Name ({match})'.";

#[derive(Debug)]
pub(crate) struct Conditional {
    uses: (Regex, RegexId),
    definitions: (Regex, RegexId),
    exceptions: Option<ExceptionPatterns>,
    familiar_after: Option<u32>,
    acronyms: bool,
    every_use: bool,
}

/// The whole document's definitions and uses, decided on in [`Conditional::finish`].
#[derive(Default)]
pub(crate) struct State {
    /// Each defined key, with where it is first defined (segment index, offset).
    defined: HashMap<String, (usize, usize)>,
    /// Uses in reading order: segment index, range in its prose, key.
    uses: Vec<(usize, Range<usize>, String)>,
    /// How often each key is used.
    counts: HashMap<String, u32>,
    /// Keys with a use that only looks like an acronym (a code, emphasis): never reported.
    not_acronyms: HashSet<String>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Conditional> {
    let pattern = cx.require(
        "pattern",
        fields.pattern.as_ref(),
        "the regex of a use, its key in group 1, like `pattern = '\\b([A-Z]{2,6})\\b'`",
    );
    let definition = cx.require(
        "definition",
        fields.definition.as_ref(),
        "the regex of a definition, its key in group 1, like `definition = '\\(([A-Z]{2,6})\\)'`",
    );
    let uses = pattern.and_then(|p| cx.regex("pattern", p, false));
    let definitions = definition.and_then(|d| cx.regex("definition", d, false));
    let exceptions =
        exceptions::compile(cx, "exceptions", fields.exceptions.as_deref().unwrap_or(&[]));
    Some(Conditional {
        uses: uses?,
        definitions: definitions?,
        exceptions: exceptions?,
        familiar_after: fields.familiar_after,
        acronyms: fields.acronyms.unwrap_or(false),
        every_use: fields.every_use.unwrap_or(false),
    })
}

/// The key of a match: its first participating capture group, or the whole match.
fn key<'t>(captures: &Captures<'t>) -> Option<regex::Match<'t>> {
    captures
        .iter()
        .skip(1)
        .flatten()
        .next()
        .or_else(|| captures.get(0))
}

impl Conditional {
    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, state: &mut State) {
        let text = cx.text();
        let definitions: Vec<(Range<usize>, &str)> = if cx.may_match(self.definitions.1) {
            self.definitions
                .0
                .captures_iter(text)
                .filter_map(|c| Some((c.get(0)?.range(), key(&c)?.as_str())))
                .collect()
        } else {
            Vec::new()
        };
        for (range, defined) in &definitions {
            state
                .defined
                .entry((*defined).to_owned())
                .or_insert((cx.index, range.start));
        }
        if !cx.may_match(self.uses.1) {
            return;
        }
        for captures in self.uses.0.captures_iter(text) {
            let Some(key) = key(&captures) else { continue };
            let range = key.range();
            let inside_definition = definitions
                .iter()
                .any(|(d, _)| d.start <= range.start && range.end <= d.end);
            if inside_definition || key.is_empty() {
                continue;
            }
            let key = key.as_str();
            *state.counts.entry(key.to_owned()).or_default() += 1;
            if self.acronyms && (is_code(text, &range) || beside_capitals(text, &range)) {
                state.not_acronyms.insert(key.to_owned());
            }
            state.uses.push((cx.index, range, key.to_owned()));
        }
    }

    pub(crate) fn finish(&self, state: State, emit: &mut Emitter<'_>) {
        let mut reported: HashSet<&str> = HashSet::new();
        let familiar = self.familiar_after.unwrap_or(u32::MAX);
        for (segment_index, range, key) in &state.uses {
            // With `acronyms`, a definition anywhere counts (either order); otherwise, as in
            // Vale, one before the use or in the same segment.
            let defined = state
                .defined
                .get(key)
                .is_some_and(|&(segment, _)| self.acronyms || segment <= *segment_index);
            if defined
                || state.not_acronyms.contains(key)
                || state.counts.get(key).is_some_and(|&n| n >= familiar)
                || self.exceptions.as_ref().is_some_and(|e| e.contains(key))
                || (!reported.insert(key) && !self.every_use)
            {
                continue;
            }
            let document = emit.document();
            if self.acronyms && written_in_lower_case(document, key) {
                continue;
            }
            let Some(segment) = document.segments.get(*segment_index) else {
                continue;
            };
            let vars = Vars {
                matched: Some(key),
                ..Vars::default()
            };
            emit.emit(segment, range.clone(), DEFAULT_MESSAGE, &vars, None);
        }
    }
}

/// A code rather than an acronym: a number right before or after it ("MA 02110", "JIRA-123",
/// "50 USD", "USD 50"), or joined by `-`, `/`, `.` or `_` to other text ("JSON-RPC", "CI/CD",
/// "LHR–JFK", "a.B").
fn is_code(text: &str, range: &Range<usize>) -> bool {
    joined_to_code(text[..range.start].chars().rev())
        || joined_to_code(text[range.end..].chars())
}

/// Whether the characters next to a key (walking away from it) join it to a code.
fn joined_to_code(mut chars: impl Iterator<Item = char>) -> bool {
    match chars.next() {
        Some('-' | '/' | '.' | '_' | '–' | '→' | '#' | ':') => {
            chars.next().is_some_and(char::is_alphanumeric)
        }
        Some(' ') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        Some(c) => c.is_ascii_digit(),
        None => false,
    }
}

/// Capitals for emphasis: the word right before or after it is in capitals too ("DON'T MISS
/// OUT").
fn beside_capitals(text: &str, range: &Range<usize>) -> bool {
    let is_capitals = |word: &str| {
        let mut letters = word.chars().filter(|c| c.is_alphabetic()).peekable();
        letters.peek().is_some() && letters.clone().count() >= 2 && letters.all(char::is_uppercase)
    };
    let before = &text[..range.start];
    let after = &text[range.end..];
    let previous = before
        .strip_suffix(' ')
        .and_then(|rest| rest.split(' ').next_back());
    let next = after.strip_prefix(' ').and_then(|rest| rest.split(' ').next());
    previous.is_some_and(is_capitals) || next.is_some_and(is_capitals)
}

/// Whether the document also writes the key as an ordinary lower-case word ("know" beside
/// "KNOW"): then the capitals are emphasis.
fn written_in_lower_case(document: &crate::document::Document, key: &str) -> bool {
    let lower = key.to_lowercase();
    document.segments.iter().any(|segment| {
        crate::prose::word_tokens(&segment.text)
            .iter()
            .any(|word| word.text == lower)
    })
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{NONE, findings, messages};

    const RULE: &str = "kind = \"conditional\"\npattern = '\\b([A-Z]{2,6})\\b'\n\
                        definition = '\\(([A-Z]{2,6})\\)'\n";

    #[test]
    fn familiar_after_at_the_count_and_one_under() {
        let rule = format!("{RULE}familiar-after = 3\n");
        assert_eq!(findings(&rule, "SEO and SEO."), ["SEO"]);
        assert_eq!(findings(&rule, "SEO and SEO and SEO."), NONE);
        // Without it, only the first use of an undefined key is reported.
        assert_eq!(findings(RULE, "SEO and SEO and SEO."), ["SEO"]);
        assert_eq!(findings(RULE, "Search (SEO) and SEO."), NONE);
    }

    /// A use inside a definition is part of it ("SEM" in "(SEO, not SEM)"); after it, a use of
    /// another key is a use.
    #[test]
    fn a_use_inside_a_definition_is_none() {
        let rule = "kind = \"conditional\"\npattern = '\\b([A-Z]{2,6})\\b'\n\
                    definition = '\\(([A-Z]{2,6})[^()]*\\)'\n";
        assert_eq!(findings(rule, "Optimisation (SEO, not SEM) and CMS."), ["CMS"]);
    }

    /// Without `acronyms`, a definition counts before the use or in its segment; with it,
    /// anywhere.
    #[test]
    fn where_a_definition_counts() {
        assert_eq!(findings(RULE, "SEO first.\n\nSearch (SEO)."), ["SEO"]);
        assert_eq!(findings(RULE, "SEO first, then (SEO)."), NONE);
        let acronyms = format!("{RULE}acronyms = true\n");
        assert_eq!(findings(&acronyms, "SEO first.\n\nSearch (SEO)."), NONE);
    }

    #[test]
    fn every_use_and_exceptions() {
        let every = format!("{RULE}every-use = true\n");
        assert_eq!(findings(&every, "SEO and SEO, 中文 😀."), ["SEO", "SEO"]);
        assert_eq!(
            messages(RULE, "Grüße, SEO."),
            ["Define 'SEO' on first use, e.g. 'Full Name (SEO)'."]
        );
        let exceptions = format!("{RULE}exceptions = ['APIs?']\n");
        assert_eq!(findings(&exceptions, "APIs, an API, SEO."), ["SEO"]);
    }

    /// With `acronyms = true`, codes (a number or joined code beside them) and capitals for
    /// emphasis (beside another word in capitals, or also written in lower case) are not
    /// reported; without it they are.
    #[test]
    fn what_only_looks_like_an_acronym() {
        let acronyms = format!("{RULE}acronyms = true\n");
        let cases: [(&str, &[&str]); 6] = [
            ("Boston, MA 02110.", &["MA"]),
            ("Pay 50 USD.", &["USD"]),
            ("Use JSON-RPC.", &["JSON", "RPC"]),
            ("See JIRA-123.", &["JIRA"]),
            ("GET IT NOW.", &["GET", "IT", "NOW"]),
            ("KNOW it, know it.", &["KNOW"]),
        ];
        for (text, without) in cases {
            assert_eq!(findings(&acronyms, text), NONE, "{text}");
            assert_eq!(findings(RULE, text), without, "{text}");
        }
        // A single capital beside it is no emphasis.
        assert_eq!(findings(&acronyms, "Why SEO I ask, Grüße."), ["SEO"]);
    }
}

