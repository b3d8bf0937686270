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
//! - The document is read in order. The first use of a key that no earlier definition has
//!   defined is a finding — one per key, later uses are not repeated. A use inside a
//!   definition ("SEO" in "(SEO)") is part of the definition, not a use.
//! - `exceptions`: keys that never need a definition (well-known acronyms, brand names). They
//!   are regexes, as in pattern and substitution rules, matched case-sensitively: a use whose
//!   key contains one of them as a whole word is not reported (`'APIs?'` covers "API" and
//!   "APIs"; a plain acronym is a regex that matches itself).
//! - Both regexes are case-sensitive (acronyms are capitals); `ignore-case` does not apply.
//!
//! Placeholders: `{match}` (the key).

use std::collections::HashSet;
use std::ops::Range;

use regex::{Captures, Regex};

use super::exceptions::{self, ExceptionPatterns};
use super::regexes::RegexId;
use super::{CompileCx, Emitter, SegmentCx, Vars};

pub(crate) const FIELDS: &[&str] = &["pattern", "definition", "exceptions"];
pub(crate) const PLACEHOLDERS: &[&str] = &["match"];
const DEFAULT_MESSAGE: &str = "Define '{match}' on first use, e.g. 'Full Name ({match})'.";

#[derive(Debug)]
pub(crate) struct Conditional {
    uses: (Regex, RegexId),
    definitions: (Regex, RegexId),
    exceptions: Option<ExceptionPatterns>,
}

#[derive(Default)]
pub(crate) struct State {
    defined: HashSet<String>,
    reported: HashSet<String>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>) -> Option<Conditional> {
    let spec = cx.spec;
    let pattern = cx.require(
        "pattern",
        spec.pattern.as_ref(),
        "the regex of a use, its key in group 1, like `pattern = '\\b([A-Z]{2,6})\\b'`",
    );
    let definition = cx.require(
        "definition",
        spec.definition.as_ref(),
        "the regex of a definition, its key in group 1, like `definition = '\\(([A-Z]{2,6})\\)'`",
    );
    let uses = pattern.and_then(|p| cx.regex("pattern", p, false));
    let definitions = definition.and_then(|d| cx.regex("definition", d, false));
    let exceptions =
        exceptions::compile(cx, "exceptions", spec.exceptions.as_deref().unwrap_or(&[]));
    Some(Conditional {
        uses: uses?,
        definitions: definitions?,
        exceptions: exceptions?,
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
    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, state: &mut State, emit: &mut Emitter<'_>) {
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
        let uses: Vec<(Range<usize>, &str)> = if cx.may_match(self.uses.1) {
            self.uses
                .0
                .captures_iter(text)
                .filter_map(|c| {
                    let key = key(&c)?;
                    Some((key.range(), key.as_str()))
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut next_definition = 0;
        for (range, key) in uses {
            // Definitions that start before this use count as earlier.
            while let Some((definition, defined)) = definitions.get(next_definition)
                && definition.start <= range.start
            {
                state.defined.insert((*defined).to_owned());
                next_definition += 1;
            }
            let inside_definition = definitions
                .iter()
                .any(|(d, _)| d.start <= range.start && range.end <= d.end);
            if inside_definition
                || key.is_empty()
                || self.exceptions.as_ref().is_some_and(|e| e.contains(key))
                || state.defined.contains(key)
                || state.reported.contains(key)
            {
                continue;
            }
            state.reported.insert(key.to_owned());
            let vars = Vars {
                matched: Some(key),
                ..Vars::default()
            };
            emit.emit(cx.segment, range, DEFAULT_MESSAGE, &vars, None);
        }
        for (_, defined) in &definitions[next_definition.min(definitions.len())..] {
            state.defined.insert((*defined).to_owned());
        }
    }
}
