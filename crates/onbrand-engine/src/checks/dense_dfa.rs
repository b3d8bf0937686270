//! A DFA for finding every occurrence of many strings, with a small table: 16-bit state
//! numbers and a column only for the bytes the strings use.
//!
//! The Aho-Corasick crate's DFA numbers states with 32 bits and gives every byte class a
//! column, rounded up to a power of two: the imported Microsoft style's 734 prefilter literals
//! made a 2.6 MB table, more than a core's L2 cache, and reading prose through it was bound by
//! cache misses (one dependent load per byte; 90% of the walk's samples sat on that load).
//! Here a state takes 2 bytes per column, the bytes no string uses share one column (they lead
//! every state back to the start), and ignoring case both cases of a letter share one: the
//! same literals take 0.66 MB.
//!
//! The automaton is built here the textbook way: a trie of the strings, then breadth first
//! each state's failure link, with its missing transitions copied from its failure state's
//! row. That is a few array copies per state, where the crate's DFA builder cost ~6,000
//! instructions per byte of strings. Match states are numbered first, so one comparison per
//! byte tells the walk whether to stop.

use std::ops::ControlFlow;

/// Most states a table holds: their numbers are 16 bits.
const MAX_STATES: usize = u16::MAX as usize;

#[derive(Debug)]
pub(crate) struct DenseDfa {
    /// Per byte, its column.
    columns: [u8; 256],
    /// log2 of the row length (the number of columns, rounded up to a power of two).
    row_shift: u32,
    /// Per state and column, the next state.
    table: Box<[u16]>,
    start: u16,
    /// States numbered below this are match states.
    matching: u16,
    /// Per match state, its range in `patterns`.
    match_ranges: Box<[(u32, u32)]>,
    /// The patterns that end at each match state, one state's after another.
    patterns: Box<[u32]>,
}

impl DenseDfa {
    /// The DFA of `patterns` (ignoring ASCII case if `ascii_case_insensitive`); None when it
    /// needs more than [`MAX_STATES`] states, or a pattern is empty.
    pub(crate) fn new<P: AsRef<[u8]>>(
        patterns: &[P],
        ascii_case_insensitive: bool,
    ) -> Option<DenseDfa> {
        let columns = columns_of(patterns, ascii_case_insensitive);
        let width = usize::from(columns.iter().copied().max().unwrap_or(0)) + 1;
        let mut trie = Trie::new(width.next_power_of_two().trailing_zeros());
        for (number, pattern) in patterns.iter().enumerate() {
            let pattern = pattern.as_ref();
            if pattern.is_empty() {
                return None;
            }
            let end = trie.insert(pattern.iter().map(|&byte| columns[usize::from(byte)]))?;
            trie.ends[usize::from(end)].push(number as u32);
        }
        let links = trie.link(width);
        Some(trie.numbered(&links, columns))
    }

    /// Call `found` with the pattern number and end offset of every occurrence of every
    /// pattern in `haystack` that starts at or after `from`, in the order of their ends, until
    /// it breaks.
    pub(crate) fn each_occurrence(
        &self,
        haystack: &[u8],
        from: usize,
        mut found: impl FnMut(usize, usize) -> ControlFlow<()>,
    ) {
        let mut state = self.start;
        let mut at = from;
        while at < haystack.len() {
            (state, at) = self.walk(state, haystack, at);
            if state >= self.matching {
                return;
            }
            let (first, end) = self.match_ranges[usize::from(state)];
            for &pattern in &self.patterns[first as usize..end as usize] {
                if found(pattern as usize, at).is_break() {
                    return;
                }
            }
        }
    }

    /// Walk from `state` over `haystack[at..]` to the next match state: that state and the
    /// position after the byte that led to it, or the state at the end.
    #[inline(never)]
    fn walk(&self, mut state: u16, haystack: &[u8], at: usize) -> (u16, usize) {
        let rest = haystack.get(at..).unwrap_or_default();
        for (offset, &byte) in rest.iter().enumerate() {
            let column = usize::from(self.columns[usize::from(byte)]);
            state = self.table[(usize::from(state) << self.row_shift) | column];
            if state < self.matching {
                return (state, at + offset + 1);
            }
        }
        (state, haystack.len())
    }
}

/// The automaton while it is built: a trie of the patterns' columns, whose rows become the
/// DFA's once the failure links fill them in.
struct Trie {
    row_shift: u32,
    /// Per state and column, the next state; 0 (the root, which no edge of a trie enters)
    /// for none, until [`Trie::link`].
    table: Vec<u16>,
    /// Per state, the patterns that end there exactly (not as a suffix).
    ends: Vec<Vec<u32>>,
}

/// What [`Trie::link`] finds out about the states.
struct Links {
    /// Every state, breadth first from the root.
    order: Vec<u16>,
    /// Per state, the nearest state on its chain of failure states where a pattern ends:
    /// those patterns end here too.
    suffix_match: Vec<Option<u16>>,
}

impl Trie {
    fn new(row_shift: u32) -> Trie {
        Trie {
            row_shift,
            table: vec![0; 1 << row_shift],
            ends: vec![Vec::new()],
        }
    }

    fn row(&self, state: u16) -> usize {
        usize::from(state) << self.row_shift
    }

    /// Add the path of `columns` from the root: its last state, or None past [`MAX_STATES`].
    fn insert(&mut self, columns: impl Iterator<Item = u8>) -> Option<u16> {
        let mut state = 0u16;
        for column in columns {
            let cell = self.row(state) | usize::from(column);
            if self.table[cell] == 0 {
                if self.ends.len() >= MAX_STATES {
                    return None;
                }
                self.table[cell] = self.ends.len() as u16;
                self.ends.push(Vec::new());
                self.table
                    .resize(self.table.len() + (1 << self.row_shift), 0);
            }
            state = self.table[cell];
        }
        Some(state)
    }

    /// Breadth first, give each state's children their failure state (the state of the
    /// longest proper suffix of their path) and fill each column without an edge with the
    /// failure state's transition: that state is nearer the root, so its row is complete by
    /// then. The root's missing columns stay at the root.
    fn link(&mut self, width: usize) -> Links {
        let states = self.ends.len();
        let mut fail = vec![0u16; states];
        let mut suffix_match = vec![None; states];
        let mut order: Vec<u16> = Vec::with_capacity(states);
        order.push(0);
        let mut at = 0;
        while let Some(&state) = order.get(at) {
            at += 1;
            let own = self.row(state);
            let failure = self.row(fail[usize::from(state)]);
            for column in 0..width {
                let child = self.table[own | column];
                if child == 0 {
                    self.table[own | column] = self.table[failure | column];
                    continue;
                }
                // The root's children fail to the root, not to themselves.
                let child_failure = if state == 0 {
                    0
                } else {
                    self.table[failure | column]
                };
                fail[usize::from(child)] = child_failure;
                suffix_match[usize::from(child)] =
                    if self.ends[usize::from(child_failure)].is_empty() {
                        suffix_match[usize::from(child_failure)]
                    } else {
                        Some(child_failure)
                    };
                order.push(child);
            }
        }
        Links {
            order,
            suffix_match,
        }
    }

    /// The patterns that end at `state`: its own, then those of its suffixes.
    fn matches_at(&self, links: &Links, state: u16, out: &mut Vec<u32>) {
        let mut next = Some(state);
        while let Some(state) = next {
            out.extend_from_slice(&self.ends[usize::from(state)]);
            next = links.suffix_match[usize::from(state)];
        }
    }

    /// The DFA, with the match states numbered first, each group breadth first: the states
    /// near the root, where most bytes of prose lead, sit together in the table.
    fn numbered(self, links: &Links, columns: [u8; 256]) -> DenseDfa {
        let states = self.ends.len();
        let is_match = |s: u16| {
            !self.ends[usize::from(s)].is_empty() || links.suffix_match[usize::from(s)].is_some()
        };
        let (mut order, others): (Vec<u16>, Vec<u16>) =
            links.order.iter().copied().partition(|&s| is_match(s));
        let matching = order.len();
        order.extend(others);
        let mut renumbered = vec![0u16; states];
        for (new, &old) in order.iter().enumerate() {
            renumbered[usize::from(old)] = new as u16;
        }
        let stride = 1usize << self.row_shift;
        let mut table = vec![0u16; states * stride];
        let mut match_ranges = Vec::with_capacity(matching);
        let mut patterns = Vec::new();
        for (new, &old) in order.iter().enumerate() {
            let old_row = &self.table[usize::from(old) * stride..][..stride];
            for (cell, &target) in table[new * stride..][..stride].iter_mut().zip(old_row) {
                *cell = renumbered[usize::from(target)];
            }
            if new < matching {
                let first = patterns.len() as u32;
                self.matches_at(links, old, &mut patterns);
                match_ranges.push((first, patterns.len() as u32));
            }
        }
        DenseDfa {
            columns,
            row_shift: self.row_shift,
            table: table.into(),
            start: renumbered[0],
            matching: matching as u16,
            match_ranges: match_ranges.into(),
            patterns: patterns.into(),
        }
    }
}

/// Per byte, its column: 0 for the bytes no pattern uses, one of its own for each that one
/// does; ignoring case, both cases of an ASCII letter share one.
fn columns_of<P: AsRef<[u8]>>(patterns: &[P], ascii_case_insensitive: bool) -> [u8; 256] {
    let key = |byte: u8| {
        if ascii_case_insensitive {
            byte.to_ascii_lowercase()
        } else {
            byte
        }
    };
    let mut used = [false; 256];
    for pattern in patterns {
        for &byte in pattern.as_ref() {
            used[usize::from(key(byte))] = true;
        }
    }
    let mut columns = [0u8; 256];
    if used.iter().all(|&used| used) {
        // No byte is unused: column 0 is free for byte 0.
        for (byte, column) in columns.iter_mut().enumerate() {
            *column = byte as u8;
        }
        return columns;
    }
    let mut next = 0u8;
    for (byte, &used) in used.iter().enumerate() {
        if used {
            next += 1;
            columns[byte] = next;
        }
    }
    if ascii_case_insensitive {
        for upper in b'A'..=b'Z' {
            columns[usize::from(upper)] = columns[usize::from(upper.to_ascii_lowercase())];
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::occurrences::tests::{
        PATTERN_SETS, assert_a_break_stops, expected_occurrences,
    };

    fn dense(patterns: &[&str], ascii_case_insensitive: bool) -> DenseDfa {
        DenseDfa::new(patterns, ascii_case_insensitive).unwrap()
    }

    /// Every (end, pattern) from `from` by the dense DFA, sorted.
    fn occurrences(dfa: &DenseDfa, haystack: &str, from: usize) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        dfa.each_occurrence(haystack.as_bytes(), from, |pattern, end| {
            found.push((end, pattern));
            ControlFlow::Continue(())
        });
        let in_order = found.windows(2).all(|pair| pair[0].0 <= pair[1].0);
        assert!(in_order, "{found:?}");
        found.sort_unstable();
        found
    }

    #[test]
    fn the_dense_dfa_finds_every_occurrence_on_generated_text() {
        let texts = crate::checks::windowed::tests::generated_texts_and_folds();
        // With a one-letter pattern too: a match state one byte from the start.
        let one_letter: &[&str] = &["\u{6211}", "\u{1F600}", "-\n", "a"];
        for patterns in PATTERN_SETS.into_iter().chain([one_letter]) {
            for ignore_case in [false, true] {
                let dfa = dense(patterns, ignore_case);
                for text in &texts {
                    for from in [0, text.len() / 3] {
                        assert_eq!(
                            occurrences(&dfa, text, from),
                            expected_occurrences(patterns, text, from, ignore_case),
                            "{patterns:?} in {text:?} from {from}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn bytes_no_pattern_uses_share_one_column() {
        let dfa = dense(&["ab", "b"], false);
        // Columns: unused, "a", "b"; rows of 4.
        assert_eq!(dfa.row_shift, 2);
        assert_eq!(
            dfa.columns[usize::from(b'z')],
            dfa.columns[usize::from(b'!')]
        );
        assert_ne!(
            dfa.columns[usize::from(b'a')],
            dfa.columns[usize::from(b'b')]
        );
        // Ignoring case, "A" shares the column of "a".
        let ignoring_case = dense(&["ab", "B"], true);
        assert_eq!(ignoring_case.row_shift, 2);
        let column = |byte: u8| ignoring_case.columns[usize::from(byte)];
        assert_eq!(column(b'A'), column(b'a'));
        assert_eq!(column(b'B'), column(b'b'));
        // Every byte used: a column each, none for unused ones.
        let all: Vec<u8> = (0..=255).collect();
        let columns = columns_of(&[all], false);
        assert!((0..=255u8).all(|byte| columns[usize::from(byte)] == byte));
    }

    #[test]
    fn a_break_stops_the_walk() {
        let dfa = dense(&["ab", "b"], false);
        assert_a_break_stops(|haystack, found| dfa.each_occurrence(haystack, 0, found));
    }

    #[test]
    fn an_empty_pattern_or_too_many_states_get_no_dense_dfa() {
        assert!(DenseDfa::new(&["", "a"], false).is_none());
        // Two-character strings over 300 characters: more than 90,000 states.
        let chars: Vec<char> = ('\u{100}'..).take(300).collect();
        let many: Vec<String> = chars
            .iter()
            .flat_map(|&a| chars.iter().map(move |&b| format!("{a}{b}")))
            .collect();
        assert!(DenseDfa::new(&many, false).is_none());
    }
}
