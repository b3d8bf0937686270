//! An upper bound of what the `regex` crate's compiled program of a pattern weighs against its
//! size limit, read from the parsed pattern without compiling it.
//!
//! Compiling a regex is most of what loading a guideline costs: Unicode classes (`\w`, `\b`'s
//! neighbours, `[^.]` repeated forty times) become UTF-8 automata of thousands of states, and
//! a pattern is compiled twice over (forward and reverse). A short run (one e-mail, one
//! request after a reload) uses few of a guideline's regexes: German rules never run on an
//! English text, exception lists only where their rule matched. Such a regex can be compiled
//! on first use, *provided* that loading still reports everything compiling would: a syntax
//! error (which parsing finds, at a fraction of the cost) and a program over the size limit,
//! which only compiling measures exactly. This bound settles the second: a pattern whose
//! bound is within the limit compiles; any other one is compiled at load as before, so a
//! pattern over the limit is still an error at its place in the guideline.
//!
//! The bound follows the Thompson construction of `regex-automata` (`nfa/thompson/compiler.rs`):
//! the limit is checked on the builder's states (each one [`STATE_BYTES`]) plus their
//! transitions and alternatives ([`EDGE_BYTES`] each), once for the forward NFA and once for
//! the reverse one, which is no larger. A Unicode class is compiled from its UTF-8 sequences,
//! one state and one transition per byte range at most (sharing only makes it smaller).
//! `tests::the_bound_is_never_below_the_compiled_size` holds it to the crate on patterns from
//! a few states to megabytes.

use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind};
use regex_syntax::utf8::Utf8Sequences;

/// The size of a state in the NFA builder (an enum whose largest variant holds a `Vec`),
/// rounded up.
const STATE_BYTES: u64 = 40;
/// A transition (two bytes and a state id) or an alternative of a union (a state id), rounded
/// up.
const EDGE_BYTES: u64 = 16;
/// States and edges of the frame around every pattern: the unanchored prefix `(?s-u:.)*?`,
/// the implicit group 0, the match state.
const FRAME: Size = Size {
    states: 16,
    edges: 8,
};

/// Whether `regex` compiles `hir` within `size_limit` bytes: true only when it surely does.
pub(crate) fn fits(hir: &Hir, size_limit: usize) -> bool {
    let Size { states, edges } = size(hir, &mut Vec::new()).plus(FRAME);
    // Joining two pieces (`patch`) can add an alternative to a union: at most two joins per
    // state.
    let edges = edges.saturating_add(states.saturating_mul(2));
    let bytes = states
        .saturating_mul(STATE_BYTES)
        .saturating_add(edges.saturating_mul(EDGE_BYTES));
    bytes <= u64::try_from(size_limit).unwrap_or(u64::MAX)
}

/// Upper bounds of the states and edges (transitions, alternatives) an expression compiles to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Size {
    states: u64,
    edges: u64,
}

impl Size {
    fn plus(self, other: Size) -> Size {
        Size {
            states: self.states.saturating_add(other.states),
            edges: self.edges.saturating_add(other.edges),
        }
    }

    fn times(self, copies: u64) -> Size {
        Size {
            states: self.states.saturating_mul(copies),
            edges: self.edges.saturating_mul(copies),
        }
    }
}

/// The bound of `hir`; `classes` remembers the bound of each Unicode class met so far, since a
/// pattern often repeats one (`\w*` in every alternative) and walking a large class's UTF-8
/// sequences is most of the work.
fn size<'h>(hir: &'h Hir, classes: &mut Vec<(&'h ClassUnicode, Size)>) -> Size {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Size {
            states: 1,
            edges: 0,
        },
        HirKind::Literal(literal) => Size {
            states: literal.0.len().max(1) as u64,
            edges: 0,
        },
        HirKind::Class(Class::Bytes(bytes)) => Size {
            states: 2,
            edges: bytes.ranges().len() as u64,
        },
        HirKind::Class(Class::Unicode(unicode)) => {
            if let Some((_, known)) = classes.iter().find(|(class, _)| *class == unicode) {
                return *known;
            }
            let bound = class_size(unicode);
            classes.push((unicode, bound));
            bound
        }
        HirKind::Capture(capture) => size(&capture.sub, classes).plus(Size {
            states: 2,
            edges: 0,
        }),
        HirKind::Concat(children) => children.iter().map(|child| size(child, classes)).fold(
            Size {
                states: 1,
                edges: 0,
            },
            Size::plus,
        ),
        HirKind::Alternation(children) => {
            let branches = children.len() as u64;
            let all_literals = children
                .iter()
                .all(|child| matches!(child.kind(), HirKind::Literal(_)));
            if all_literals {
                // A trie of the literals: a state, a union and an end per node at most.
                let bytes: u64 = children
                    .iter()
                    .map(|child| match child.kind() {
                        HirKind::Literal(literal) => literal.0.len() as u64,
                        _ => 0,
                    })
                    .sum();
                let nodes = bytes + branches + 1;
                Size {
                    states: 3 * nodes,
                    edges: 3 * nodes,
                }
            } else {
                children.iter().map(|child| size(child, classes)).fold(
                    Size {
                        states: 2,
                        edges: branches,
                    },
                    Size::plus,
                )
            }
        }
        HirKind::Repetition(repetition) => {
            // `x{m,n}` is m copies and n - m optional ones, each behind a union; `x{m,}` is
            // m copies (at least one) and a loop.
            let copies = u64::from(repetition.max.unwrap_or(repetition.min).max(1));
            let optional = repetition
                .max
                .map_or(0, |max| u64::from(max.saturating_sub(repetition.min)));
            size(&repetition.sub, classes).times(copies).plus(Size {
                states: optional + 4,
                edges: 2 * optional + 4,
            })
        }
    }
}

/// A Unicode class: forward, one trie state per byte range of each UTF-8 sequence, plus its
/// start and end; reverse, the same ranges, a union and its end, an alternative per sequence.
fn class_size(class: &ClassUnicode) -> Size {
    let (mut ranges, mut sequences) = (0u64, 0u64);
    for range in class.ranges() {
        for sequence in Utf8Sequences::new(range.start(), range.end()) {
            ranges += sequence.as_slice().len() as u64;
            sequences += 1;
        }
    }
    Size {
        states: ranges + 3,
        edges: ranges + sequences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pattern: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .unwrap_or_else(|error| panic!("{pattern}: {error}"))
    }

    fn compiles_within(pattern: &str, limit: usize) -> bool {
        regex::RegexBuilder::new(pattern)
            .size_limit(limit)
            .build()
            .is_ok()
    }

    /// Patterns of every shape the bound distinguishes, from the shipped guideline's to ones
    /// far over the size limit.
    const PATTERNS: &[&str] = &[
        "",
        "a",
        r"\bleverage\b",
        r"(?i)\bleverag(?:es|ed|ing)\b|\bleverage\s+(?:the|your|our|their|its|this|these|those|a|an|my)\b",
        r"(?i)\b(?:revolutionär\w*|revolutionier\w*|bahnbrechend\w*|weltklasse|nahtlos\w*|game[- ]?changer|unschlagbar\w*|atemberaubend\w*|next[- ]level)\b",
        r"(?i)seamless(?:ly)?\b[^.;:]{0,40}?\b(?:i\.e|without\s+(?:notice|interruption|downtime|a\s+break))",
        r"\b[A-Z]{2,}(?:[ ]+[A-Z’]{2,})*[ ]+(?:ARE|IS|THE)(?:[ ]+[A-Z’]{2,})+\b",
        r"\p{Han}[,;?!]|\p{Han}:(?:\s|$)",
        r"(?:one|two|three|four|five|six|seven|eight|nine|ten)",
        r"(?-u:\w){3,7}",
        r"[\x00-\x7F]{1,20}",
        r"(a|b|)*",
        r"(?:\w*)+",
        r"(?:x?){0,30}",
        r"\w{5}",
        r"\w{1,100}",
        r"(?i)\w{0,200}",
        r"\p{L}{300}",
        r"[^a]{50,}",
        r"(?P<first>\w+)\s(?P<second>\w+)",
        r"(?:(?:\w+,){2,9}\w+){1,20}",
        r"\w{1000}",
        r"(?i)(?:\w{10,20}){10,20}",
    ];

    /// The property that makes compiling on first use safe: a pattern within its bound
    /// compiles under that limit. Checked at limits from a few hundred bytes to the engine's,
    /// where the bound is tight enough to be tested.
    #[test]
    fn the_bound_is_never_below_the_compiled_size() {
        let limits = [
            256,
            1 << 10,
            4 << 10,
            16 << 10,
            64 << 10,
            256 << 10,
            1 << 20,
            4 << 20,
        ];
        for pattern in PATTERNS {
            let hir = parse(pattern);
            for limit in limits {
                if fits(&hir, limit) {
                    assert!(
                        compiles_within(pattern, limit),
                        "{pattern} is within its bound at {limit} bytes but does not compile"
                    );
                }
            }
        }
        // Also as the joined list of many literals a Vale vocabulary becomes.
        let words: Vec<String> = (0..3000).map(|n| format!("word{n}x")).collect();
        let joined = format!(r"\b(?:{})\b", words.join("|"));
        for limit in limits {
            if fits(&parse(&joined), limit) {
                assert!(compiles_within(&joined, limit), "{limit}");
            }
        }
    }

    /// And it is tight enough to be of use: the shipped guideline's costliest patterns fit the
    /// engine's limit by the bound, while patterns far over it do not.
    #[test]
    fn the_bound_admits_ordinary_patterns_and_refuses_huge_ones() {
        let limit = super::super::regexes::SIZE_LIMIT;
        for pattern in &PATTERNS[..8] {
            assert!(fits(&parse(pattern), limit), "{pattern}");
        }
        for huge in [r"\w{1000}", r"(?i)(?:\w{10,20}){10,20}", r"\p{L}{300}"] {
            assert!(!fits(&parse(huge), limit), "{huge}");
            assert!(
                !compiles_within(huge, limit),
                "{huge} should be over the limit"
            );
        }
    }
}
