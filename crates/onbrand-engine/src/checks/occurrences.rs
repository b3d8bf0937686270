//! Every occurrence of every pattern of an Aho-Corasick automaton, overlapping ones included,
//! by a walk over the automaton written here.
//!
//! The crate's overlapping iterator returns one match per call and keeps its place in between
//! through a trait object; the regex prefilter and the word lists search on every segment,
//! where that bookkeeping cost more than reading the bytes. The walk below reads the bytes in
//! a tight loop of its own and only stops at special states (a match, the start state when the
//! automaton has a prefilter, the dead state). Most of them now search with our own
//! [`super::dense_dfa::DenseDfa`]; this walk serves the crate's automata they fall back to (a
//! guideline whose few literals get the crate's prefilter, a list too large for a table).

use std::ops::ControlFlow;

use aho_corasick::automaton::{Automaton, Candidate, StateID};
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind, Span};

use super::dense_dfa::DenseDfa;

/// The automaton of a set of strings, for finding all their occurrences: a [`DenseDfa`] (one
/// lookup per byte in a small table) while the strings fit one, else the crate's compact NFA.
#[derive(Debug)]
pub(crate) enum StringsAutomaton {
    Dense(DenseDfa),
    Nfa(contiguous::NFA),
}

impl StringsAutomaton {
    /// The automaton of `patterns` (ignoring ASCII case if `ascii_case_insensitive`): dense for
    /// up to `dense_max_bytes` of strings, unless `keep_prefilter` and the crate gives its NFA
    /// a prefilter (a few strings, whose first bytes it skips ahead to). None when the NFA is
    /// needed and cannot be built.
    pub(crate) fn build<P: AsRef<[u8]>>(
        patterns: &[P],
        ascii_case_insensitive: bool,
        dense_max_bytes: usize,
        keep_prefilter: bool,
    ) -> Option<StringsAutomaton> {
        let nfa = || {
            contiguous::Builder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(ascii_case_insensitive)
                .build(patterns)
                .ok()
        };
        let built = if keep_prefilter { Some(nfa()?) } else { None };
        if built.as_ref().is_some_and(|nfa| nfa.prefilter().is_some()) {
            return built.map(StringsAutomaton::Nfa);
        }
        let bytes: usize = patterns.iter().map(|pattern| pattern.as_ref().len()).sum();
        if bytes <= dense_max_bytes
            && let Some(dense) = DenseDfa::new(patterns, ascii_case_insensitive)
        {
            return Some(StringsAutomaton::Dense(dense));
        }
        built.or_else(nfa).map(StringsAutomaton::Nfa)
    }

    /// Every occurrence of every pattern starting at or after `from`, in the order of their
    /// ends, as (pattern, end), until `found` breaks.
    pub(crate) fn each_occurrence(
        &self,
        haystack: &[u8],
        from: usize,
        found: impl FnMut(usize, usize) -> ControlFlow<()>,
    ) {
        match self {
            StringsAutomaton::Dense(dense) => dense.each_occurrence(haystack, from, found),
            StringsAutomaton::Nfa(nfa) => each_occurrence(nfa, haystack, from, found),
        }
    }
}

/// Call `found` with the pattern number and end offset of every occurrence of every pattern
/// in `haystack` that starts at or after `from`, in the order of their ends, until it breaks.
/// The automaton must be built with [`aho_corasick::MatchKind::Standard`], whose match states
/// hold every pattern that ends there.
pub(crate) fn each_occurrence<A: Automaton>(
    automaton: &A,
    haystack: &[u8],
    from: usize,
    mut found: impl FnMut(usize, usize) -> ControlFlow<()>,
) {
    let Ok(start) = automaton.start_state(Anchored::No) else {
        return;
    };
    let mut state = start;
    let mut at = from;
    while at < haystack.len() {
        (state, at) = walk(automaton, state, haystack, at);
        if !automaton.is_special(state) || automaton.is_dead(state) {
            return;
        }
        if automaton.is_match(state) {
            for index in 0..automaton.match_len(state) {
                let pattern = automaton.match_pattern(state, index).as_usize();
                if found(pattern, at).is_break() {
                    return;
                }
            }
        } else if let Some(prefilter) = automaton.prefilter() {
            // Back at the start: no pattern is under way, so the next one starts at the
            // prefilter's candidate or later.
            match prefilter.find_in(haystack, Span::from(at..haystack.len())) {
                Candidate::None => return,
                Candidate::Match(next) => at = at.max(next.start()),
                Candidate::PossibleStartOfMatch(next) => at = at.max(next),
            }
        }
    }
}

/// Walk `automaton` from `state` over `haystack[at..]` to the next special state: that state
/// and the position after the byte that led to it, or the state at the end. Its own function,
/// so that the loop keeps its few values in registers.
#[inline(never)]
fn walk<A: Automaton>(
    automaton: &A,
    mut state: StateID,
    haystack: &[u8],
    at: usize,
) -> (StateID, usize) {
    let rest = haystack.get(at..).unwrap_or_default();
    for (offset, &byte) in rest.iter().enumerate() {
        state = automaton.next_state(Anchored::No, state, byte);
        if automaton.is_special(state) {
            return (state, at + offset + 1);
        }
    }
    (state, haystack.len())
}

#[cfg(test)]
pub(crate) mod tests {
    use aho_corasick::nfa::contiguous;
    use aho_corasick::{MatchKind, dfa};

    use super::*;

    /// Sets of patterns for the walks' tests: "urs" ends where "ours" ends (one match state,
    /// two patterns); few start bytes (the crate's prefilter skips to them); one pattern (a
    /// memmem prefilter that reports whole matches); non-ASCII and a line break.
    pub(crate) const PATTERN_SETS: [&[&str]; 4] = [
        &[
            "we",
            "us",
            "ours",
            "urs",
            "s w",
            "well",
            "as",
            "\u{FC}ber",
            "\u{17F}",
        ],
        &["ours", "over", "o\u{2019}"],
        &["well"],
        &["\u{6211}", "\u{1F600}", "-\n"],
    ];

    /// Every (end, pattern) of `patterns` in `haystack` starting at or after `from`, by plain
    /// comparison (ignoring ASCII case if `ignore_case`), sorted.
    pub(crate) fn expected_occurrences(
        patterns: &[&str],
        haystack: &str,
        from: usize,
        ignore_case: bool,
    ) -> Vec<(usize, usize)> {
        let bytes = haystack.as_bytes();
        let at_offset = |at: usize, pattern: &str| {
            let found = bytes.get(at..at + pattern.len());
            found.is_some_and(|found| {
                found == pattern.as_bytes()
                    || (ignore_case && found.eq_ignore_ascii_case(pattern.as_bytes()))
            })
        };
        let mut out: Vec<(usize, usize)> = (from..bytes.len())
            .flat_map(|at| {
                patterns
                    .iter()
                    .enumerate()
                    .filter(move |(_, pattern)| at_offset(at, pattern))
                    .map(move |(number, pattern)| (at + pattern.len(), number))
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// Every (end, pattern) from `from` on by `each_occurrence` equals plain comparison's; the
    /// walk reports them in the order of their ends.
    fn assert_every_occurrence<A: Automaton>(
        automaton: &A,
        patterns: &[&str],
        haystack: &str,
        from: usize,
    ) {
        let mut found = Vec::new();
        each_occurrence(automaton, haystack.as_bytes(), from, |pattern, end| {
            found.push((end, pattern));
            ControlFlow::Continue(())
        });
        let in_order = found.windows(2).all(|pair| pair[0].0 <= pair[1].0);
        assert!(in_order, "{found:?}");
        found.sort_unstable();
        let expected = expected_occurrences(patterns, haystack, from, false);
        assert_eq!(found, expected, "{patterns:?} in {haystack:?} from {from}");
    }

    #[test]
    fn the_walk_reports_every_occurrence_on_generated_text() {
        let texts = crate::checks::windowed::tests::generated_texts_and_folds();
        for patterns in PATTERN_SETS {
            let dfa = dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .build(patterns)
                .unwrap();
            let nfa = contiguous::Builder::new()
                .match_kind(MatchKind::Standard)
                .build(patterns)
                .unwrap();
            for text in &texts {
                // From the start, and from a later byte (the word lists resume there).
                for from in [0, text.len() / 3] {
                    assert_every_occurrence(&dfa, patterns, text, from);
                    assert_every_occurrence(&nfa, patterns, text, from);
                }
            }
        }
        let one = dfa::DFA::new(["well"]).unwrap();
        assert!(one.prefilter().is_some());
    }

    /// `walk` (of an automaton of "ab" and "b" over "ab ab ab", reporting to the callback it
    /// is given) stops at the third occurrence, where the callback breaks.
    pub(crate) fn assert_a_break_stops(
        walk: impl FnOnce(&[u8], &mut dyn FnMut(usize, usize) -> ControlFlow<()>),
    ) {
        let mut seen = Vec::new();
        walk(b"ab ab ab", &mut |pattern, end| {
            seen.push((pattern, end));
            if seen.len() == 3 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(seen, [(0, 2), (1, 2), (0, 5)]);
    }

    #[test]
    fn a_break_stops_the_walk() {
        let dfa = dfa::DFA::new(["ab", "b"]).unwrap();
        assert_a_break_stops(|haystack, found| each_occurrence(&dfa, haystack, 0, found));
    }
}
