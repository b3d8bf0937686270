//! A regex that only lists strings, `\b(?:utilize|leverage|in order to)\b`, matched with an
//! Aho-Corasick automaton instead of a regex engine.
//!
//! Style packages write most rules that way: a list of a few hundred words between word
//! boundaries, often case-insensitive. For the `regex` crate that is its most expensive shape:
//! every state of its lazy DFA holds the start of every word, so building a state costs
//! thousands of instructions, a case-insensitive list has a byte class per letter, and a
//! state is built for each new path through the list the text takes. On the Rust blog with the
//! imported Microsoft style, building DFA states for such lists was an eighth of the run, and
//! compiling the lists another eighth.
//!
//! # Same matches as the regex
//! The pattern's syntax tree is expanded into its *spellings*: every string it can match, in
//! the order of preference of a leftmost-first search (alternatives in order; a greedy `x?`
//! tries `x` before nothing, a lazy one the other way round; a concatenation's spellings in
//! lexicographic order of its parts' choices — the order in which a backtracking search tries
//! them). Each spelling carries its assertions (`\b`, `^`, `$`…) and its capture groups at
//! fixed offsets. At a position, the regex matches the first spelling, in that order, whose
//! characters are there and whose assertions hold; it reports the leftmost such position and
//! resumes at the match's end. The automaton finds every occurrence of every spelling
//! (overlapping); each is checked in place, and the leftmost-first choice is made among those
//! that hold. Assertions are tested with regex-automata's own [`LookMatcher`], so `\b` means
//! exactly what it means to the regex.
//!
//! Only patterns whose every part is a literal, a character class of one character or of one
//! ASCII letter in both cases, an assertion, a group, an alternation, or a bounded repetition
//! are lists; anything else (`\w+`, `[a-z]`, a list of more than [`MAX_SPELLINGS`]) is left to
//! the regex. The automaton folds ASCII case only: a case-insensitive `k` or `s` also matches
//! the Kelvin sign (U+212A) or the long s (U+017F), so a text holding either is left to the
//! regex too.

use std::ops::{ControlFlow, Range};
use std::sync::{Arc, OnceLock};

use fancy_regex::{Assertion, Expr as FancyExpr, LookAround};
use regex_automata::util::look::{Look, LookMatcher};
use regex_syntax::hir::{self, Class, Hir, HirKind};

use super::parse;
use crate::checks::occurrences::StringsAutomaton;

/// Most spellings a list may have: beyond this the automaton and the checks per match cost
/// more than they save, and a pathological pattern (`(?:a|b){8}`) must not expand forever.
pub(crate) const MAX_SPELLINGS: usize = 4096;
/// Longest spelling, in bytes.
const MAX_LEN: usize = 256;
/// Largest exact count of a repetition that is expanded (`(?:ab){3}`).
const MAX_REPEAT: u32 = 4;
/// Largest character class expanded into its characters (`[.,;]`, `\s`).
const MAX_CLASS: usize = 32;
/// Shortest string worth a list: a one-character string is found at every occurrence of
/// that character, and checking each costs more than the regex's DFA, which tests word
/// boundaries as it reads. (With `(?:^|\s)I(?=\s)` among its strings, the Microsoft style's
/// `FirstPerson` rule cost twice as much as a list as it does as a regex.)
const MIN_NEEDLE: usize = 2;

/// Largest list, in bytes of its strings, searched with a DFA (one table lookup per byte);
/// a DFA's table grows with the strings times the byte classes, so a longer list gets the
/// crate's compact NFA.
const DFA_MAX_BYTES: usize = 16 * 1024;

/// The non-ASCII characters whose simple case folding is an ASCII letter.
const NON_ASCII_FOLDS: [char; 2] = ['\u{212A}', '\u{17F}'];

#[derive(Debug)]
pub(crate) struct WordList {
    /// Per distinct spelling text (ASCII lowercased): the bytes the automaton looks for.
    needles: Vec<Box<[u8]>>,
    /// Per needle, the spellings that read so, in order of preference.
    spellings: Vec<Vec<Spelling>>,
    /// Built on first use, like the regex it replaces.
    automaton: OnceLock<Option<StringsAutomaton>>,
    /// The longest needle, in bytes.
    longest: usize,
    /// The number of groups, group 0 included.
    groups: usize,
    /// Whether a case-insensitive letter also matches a non-ASCII character.
    folds_beyond_ascii: bool,
    looks: LookMatcher,
}

/// One string the pattern matches, and what must hold around it.
#[derive(Clone, Debug)]
struct Spelling {
    /// Its place in the order of preference.
    priority: u32,
    len: u32,
    /// Offsets and bytes of ASCII letters that must match in this case (the automaton
    /// ignores case).
    exact: Box<[(u32, u8)]>,
    /// Assertions and the offsets where they must hold.
    checks: Box<[(u32, Check)]>,
    /// Capture groups: index, start and end offsets.
    groups: Box<[(u32, u32, u32)]>,
}

/// What must hold at an offset of a spelling.
#[derive(Clone, Debug)]
enum Check {
    /// An assertion: `\b`, `^`, `$`…
    Look(Look),
    /// A look-around (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`) of a list.
    Around(Arc<Around>),
}

#[derive(Debug)]
struct Around {
    behind: bool,
    negate: bool,
    /// The strings the look-around looks for (one is enough), with their own checks.
    spellings: Box<[Pinned]>,
}

/// A spelling that is compared in place (inside a look-around), not found by the automaton.
#[derive(Debug)]
struct Pinned {
    bytes: Box<[u8]>,
    either_case: Box<[bool]>,
    checks: Box<[(u32, Check)]>,
}

/// A spelling while the tree is expanded.
#[derive(Clone, Debug, Default)]
struct Draft {
    bytes: Vec<u8>,
    /// Per byte: whether it matches in either ASCII case.
    either_case: Vec<bool>,
    checks: Vec<(u32, Check)>,
    groups: Vec<(u32, u32, u32)>,
}

impl Draft {
    /// `next` added at the end.
    fn append(&mut self, next: &Draft) {
        let shift = self.bytes.len() as u32;
        self.bytes.extend_from_slice(&next.bytes);
        self.either_case.extend_from_slice(&next.either_case);
        self.checks.extend(
            next.checks
                .iter()
                .map(|(at, check)| (at + shift, check.clone())),
        );
        self.groups.extend(
            next.groups
                .iter()
                .map(|&(index, start, end)| (index, start + shift, end + shift)),
        );
    }
}

/// What expanding a tree found out besides its spellings.
#[derive(Default)]
struct Expansion {
    folds_beyond_ascii: bool,
}

impl WordList {
    /// The list `hir` spells, with `groups` groups (group 0 included); None when `hir` is not a
    /// list (see the module documentation).
    pub(crate) fn of(hir: &Hir, groups: usize) -> Option<WordList> {
        let mut expansion = Expansion::default();
        let drafts = expansion.expand(hir)?;
        WordList::from_drafts(drafts, groups, &expansion)
    }

    /// The list a pattern in `fancy-regex` syntax spells, look-around included; `groups` as
    /// for [`WordList::of`].
    pub(crate) fn of_fancy(source: &str, groups: usize) -> Option<WordList> {
        let tree = fancy_regex::Expr::parse_tree(source).ok()?;
        let mut expansion = Expansion::default();
        let mut next_group = 1;
        let drafts = expansion.expand_fancy(&tree.expr, &mut next_group)?;
        WordList::from_drafts(drafts, groups, &expansion)
    }

    fn from_drafts(drafts: Vec<Draft>, groups: usize, expansion: &Expansion) -> Option<WordList> {
        if drafts.iter().any(|draft| draft.bytes.is_empty()) {
            // A match may be empty: the automaton cannot find those.
            return None;
        }
        let mut needles: Vec<Box<[u8]>> = Vec::new();
        let mut spellings: Vec<Vec<Spelling>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (priority, draft) in drafts.into_iter().enumerate() {
            let needle: Box<[u8]> = draft.bytes.to_ascii_lowercase().into();
            let slot = *index.entry(needle.clone()).or_insert_with(|| {
                needles.push(needle);
                spellings.push(Vec::new());
                spellings.len() - 1
            });
            let exact = draft
                .bytes
                .iter()
                .zip(&draft.either_case)
                .enumerate()
                .filter(|&(_, (byte, either))| byte.is_ascii_alphabetic() && !either)
                .map(|(at, (&byte, _))| (at as u32, byte))
                .collect();
            spellings[slot].push(Spelling {
                priority: priority as u32,
                len: draft.bytes.len() as u32,
                exact,
                checks: draft.checks.into(),
                groups: draft.groups.into(),
            });
        }
        if needles.iter().any(|needle| needle.len() < MIN_NEEDLE) {
            return None;
        }
        let longest = needles.iter().map(|needle| needle.len()).max().unwrap_or(0);
        Some(WordList {
            needles,
            spellings,
            automaton: OnceLock::new(),
            longest,
            groups,
            folds_beyond_ascii: expansion.folds_beyond_ascii,
            looks: LookMatcher::new(),
        })
    }

    /// Whether the list finds in `text` exactly what the regex finds.
    pub(crate) fn handles(&self, text: &str) -> bool {
        !(self.folds_beyond_ascii
            && !text.is_ascii()
            && NON_ASCII_FOLDS.iter().any(|&c| text.contains(c)))
            && self.automaton().is_some()
    }

    fn automaton(&self) -> Option<&StringsAutomaton> {
        self.automaton
            .get_or_init(|| StringsAutomaton::build(&self.needles, true, DFA_MAX_BYTES, false))
            .as_ref()
    }

    /// Every non-overlapping match at or after `from` (the whole text is context for the
    /// assertions), leftmost first, with its groups (group 0: the whole match); only the first
    /// when `first_only`.
    pub(crate) fn search(
        &self,
        text: &str,
        from: usize,
        first_only: bool,
    ) -> Vec<Vec<Option<Range<usize>>>> {
        let Some(automaton) = self.automaton().filter(|_| from <= text.len()) else {
            return Vec::new();
        };
        let bytes = text.as_bytes();
        // Every spelling that holds where it occurs: (start, priority, spelling).
        let mut held: Vec<(usize, u32, &Spelling)> = Vec::new();
        let mut first_start = usize::MAX;
        automaton.each_occurrence(bytes, from, |needle, end| {
            // Occurrences come in the order of their ends: once one ends beyond the longest
            // needle past the first start that holds, none can start at or before it.
            if first_only && end > first_start.saturating_add(self.longest) {
                return ControlFlow::Break(());
            }
            let (Some(candidates), Some(len)) = (
                self.spellings.get(needle),
                self.needles.get(needle).map(|needle| needle.len()),
            ) else {
                return ControlFlow::Continue(());
            };
            let start = end - len;
            if let Some(spelling) = candidates
                .iter()
                .find(|spelling| self.holds(spelling, bytes, start))
            {
                held.push((start, spelling.priority, spelling));
                first_start = first_start.min(start);
            }
            ControlFlow::Continue(())
        });
        held.sort_unstable_by_key(|&(start, priority, _)| (start, priority));
        let mut matches = Vec::new();
        let mut resume = from;
        for (start, _, spelling) in held {
            if start < resume {
                continue;
            }
            resume = start + spelling.len as usize;
            matches.push(self.groups_of(spelling, start));
            if first_only {
                break;
            }
        }
        matches
    }

    /// Whether `spelling`, found (ignoring case) at `start`, matches there: its case-exact
    /// letters and its assertions.
    fn holds(&self, spelling: &Spelling, bytes: &[u8], start: usize) -> bool {
        spelling
            .exact
            .iter()
            .all(|&(at, byte)| bytes.get(start + at as usize) == Some(&byte))
            && all_hold(&spelling.checks, &self.looks, bytes, start)
    }

    fn groups_of(&self, spelling: &Spelling, start: usize) -> Vec<Option<Range<usize>>> {
        let mut groups = vec![None; self.groups.max(1)];
        groups[0] = Some(start..start + spelling.len as usize);
        for &(index, from, to) in spelling.groups.iter() {
            if let Some(group) = groups.get_mut(index as usize) {
                *group = Some(start + from as usize..start + to as usize);
            }
        }
        groups
    }
}

impl Expansion {
    /// The spellings of `hir` in order of preference; None when it is not a list.
    fn expand(&mut self, hir: &Hir) -> Option<Vec<Draft>> {
        let drafts = match hir.kind() {
            HirKind::Empty => vec![Draft::default()],
            HirKind::Literal(literal) => vec![Draft {
                bytes: literal.0.to_vec(),
                either_case: vec![false; literal.0.len()],
                ..Draft::default()
            }],
            HirKind::Class(Class::Unicode(class)) => self.class(class)?,
            HirKind::Class(Class::Bytes(_)) => return None,
            HirKind::Look(look) => vec![checked(Check::Look(automaton_look(*look)))],
            HirKind::Capture(capture) => self
                .expand(&capture.sub)?
                .into_iter()
                .map(|mut draft| {
                    draft
                        .groups
                        .push((capture.index, 0, draft.bytes.len() as u32));
                    draft
                })
                .collect(),
            HirKind::Concat(children) => {
                let mut drafts = vec![Draft::default()];
                for child in children {
                    drafts = concat(drafts, &self.expand(child)?)?;
                }
                drafts
            }
            HirKind::Alternation(children) => {
                let mut drafts = Vec::new();
                for child in children {
                    drafts.extend(self.expand(child)?);
                    if drafts.len() > MAX_SPELLINGS {
                        return None;
                    }
                }
                drafts
            }
            HirKind::Repetition(repetition) => {
                let max = repetition.max?;
                if max > MAX_REPEAT {
                    return None;
                }
                let once = self.expand(&repetition.sub)?;
                // Repeated groups and empty repetitions have subtler rules than lists need.
                if max > 1
                    && once
                        .iter()
                        .any(|draft| draft.bytes.is_empty() || !draft.groups.is_empty())
                {
                    return None;
                }
                repeat(&once, repetition.min, max, repetition.greedy)?
            }
        };
        (drafts.len() <= MAX_SPELLINGS).then_some(drafts)
    }

    /// The spellings of a `fancy-regex` syntax tree; `next_group` numbers the groups in the
    /// order they open, as `fancy-regex` does.
    fn expand_fancy(&mut self, expr: &FancyExpr, next_group: &mut u32) -> Option<Vec<Draft>> {
        let drafts = match expr {
            FancyExpr::Empty => vec![Draft::default()],
            FancyExpr::Literal { val, casei } => {
                self.expand(&parse(&regex_syntax::escape(val), *casei)?)?
            }
            FancyExpr::Delegate { inner, casei, .. } => self.expand(&parse(inner, *casei)?)?,
            FancyExpr::Assertion(assertion) => vec![checked(Check::Look(fancy_look(*assertion)))],
            FancyExpr::Concat(children) => {
                let mut drafts = vec![Draft::default()];
                for child in children {
                    drafts = concat(drafts, &self.expand_fancy(child, next_group)?)?;
                }
                drafts
            }
            FancyExpr::Alt(children) => {
                let mut drafts = Vec::new();
                for child in children {
                    drafts.extend(self.expand_fancy(child, next_group)?);
                    if drafts.len() > MAX_SPELLINGS {
                        return None;
                    }
                }
                drafts
            }
            FancyExpr::Group(child) => {
                let index = *next_group;
                *next_group += 1;
                self.expand_fancy(child, next_group)?
                    .into_iter()
                    .map(|mut draft| {
                        draft.groups.push((index, 0, draft.bytes.len() as u32));
                        draft
                    })
                    .collect()
            }
            FancyExpr::LookAround(inner, kind) => {
                let before = *next_group;
                let spellings = self.expand_fancy(inner, next_group)?;
                // Groups inside a look-around are left to the regex.
                if *next_group != before {
                    return None;
                }
                let around = Around {
                    behind: matches!(kind, LookAround::LookBehind | LookAround::LookBehindNeg),
                    negate: matches!(kind, LookAround::LookAheadNeg | LookAround::LookBehindNeg),
                    spellings: spellings.into_iter().map(Pinned::from).collect(),
                };
                vec![checked(Check::Around(Arc::new(around)))]
            }
            FancyExpr::Repeat {
                child,
                lo,
                hi,
                greedy,
            } => {
                let max = u32::try_from(*hi).ok().filter(|&max| max <= MAX_REPEAT)?;
                let before = *next_group;
                let once = self.expand_fancy(child, next_group)?;
                if max > 1
                    && (*next_group != before || once.iter().any(|draft| draft.bytes.is_empty()))
                {
                    return None;
                }
                repeat(&once, u32::try_from(*lo).ok()?, max, *greedy)?
            }
            _ => return None,
        };
        (drafts.len() <= MAX_SPELLINGS).then_some(drafts)
    }

    /// A class: one ASCII letter in both cases (with the non-ASCII characters that fold to
    /// it when the pattern ignores case), or a few characters, each a spelling of its own (at
    /// most one of them is at any one place, so their order does not matter).
    fn class(&mut self, class: &hir::ClassUnicode) -> Option<Vec<Draft>> {
        let mut chars = Vec::new();
        for range in class.ranges() {
            for c in range.start()..=range.end() {
                chars.push(c);
                if chars.len() > MAX_CLASS {
                    return None;
                }
            }
        }
        if let Some(letter) = either_case_letter(&chars) {
            self.folds_beyond_ascii |= chars.iter().any(|c| NON_ASCII_FOLDS.contains(c));
            return Some(vec![Draft {
                bytes: vec![letter],
                either_case: vec![true],
                ..Draft::default()
            }]);
        }
        Some(chars.into_iter().map(exact_char).collect())
    }
}

/// The ASCII letter (lowercase) that `chars` is in both cases, give or take the non-ASCII
/// characters that fold to it.
fn either_case_letter(chars: &[char]) -> Option<u8> {
    let letter = *chars.iter().find(|c| c.is_ascii_lowercase())?;
    let upper = letter.to_ascii_uppercase();
    let only_its_cases = chars
        .iter()
        .all(|&c| c == letter || c == upper || NON_ASCII_FOLDS.contains(&c));
    (chars.contains(&upper) && only_its_cases).then_some(letter as u8)
}

fn exact_char(c: char) -> Draft {
    let mut buffer = [0; 4];
    let bytes = c.encode_utf8(&mut buffer).as_bytes().to_vec();
    Draft {
        either_case: vec![false; bytes.len()],
        bytes,
        ..Draft::default()
    }
}

impl From<Draft> for Pinned {
    fn from(draft: Draft) -> Pinned {
        Pinned {
            bytes: draft.bytes.into(),
            either_case: draft.either_case.into(),
            checks: draft.checks.into(),
        }
    }
}

/// The assertion `fancy-regex` tests for one of its syntax tree (its matcher asks
/// regex-automata's [`LookMatcher`] the same questions).
fn fancy_look(assertion: Assertion) -> Look {
    match assertion {
        Assertion::StartText => Look::Start,
        Assertion::EndText => Look::End,
        Assertion::StartLine { crlf: false } => Look::StartLF,
        Assertion::StartLine { crlf: true } => Look::StartCRLF,
        Assertion::EndLine { crlf: false } => Look::EndLF,
        Assertion::EndLine { crlf: true } => Look::EndCRLF,
        Assertion::LeftWordBoundary => Look::WordStartUnicode,
        Assertion::RightWordBoundary => Look::WordEndUnicode,
        Assertion::WordBoundary => Look::WordUnicode,
        Assertion::NotWordBoundary => Look::WordUnicodeNegate,
    }
}

/// A spelling of no characters with one check.
fn checked(check: Check) -> Draft {
    Draft {
        checks: vec![(0, check)],
        ..Draft::default()
    }
}

/// Whether every check holds for a spelling that starts at `start`.
fn all_hold(checks: &[(u32, Check)], looks: &LookMatcher, bytes: &[u8], start: usize) -> bool {
    checks
        .iter()
        .all(|(at, check)| check.holds(looks, bytes, start + *at as usize))
}

impl Check {
    fn holds(&self, looks: &LookMatcher, bytes: &[u8], at: usize) -> bool {
        match self {
            Check::Look(look) => looks.matches(*look, bytes, at),
            Check::Around(around) => {
                let found = around.spellings.iter().any(|pinned| {
                    let start = if around.behind {
                        at.checked_sub(pinned.bytes.len())
                    } else {
                        Some(at)
                    };
                    start.is_some_and(|start| pinned.is_at(looks, bytes, start))
                });
                found != around.negate
            }
        }
    }
}

impl Pinned {
    fn is_at(&self, looks: &LookMatcher, bytes: &[u8], start: usize) -> bool {
        let Some(there) = bytes.get(start..start + self.bytes.len()) else {
            return false;
        };
        there
            .iter()
            .zip(self.bytes.iter().zip(self.either_case.iter()))
            .all(|(&found, (&wanted, &either))| {
                found == wanted || (either && found.eq_ignore_ascii_case(&wanted))
            })
            && all_hold(&self.checks, looks, bytes, start)
    }
}

/// [`product`] of `left` and `right`, extending `left` in place when `right` is one spelling
/// (a word's letters, one after the other: copying the word for each letter was most of the
/// cost of expanding a list).
fn concat(mut left: Vec<Draft>, right: &[Draft]) -> Option<Vec<Draft>> {
    let [only] = right else {
        return product(&left, right);
    };
    for draft in &mut left {
        draft.append(only);
        if draft.bytes.len() > MAX_LEN {
            return None;
        }
    }
    Some(left)
}

/// Every spelling of `left` followed by every spelling of `right`, in lexicographic order.
fn product(left: &[Draft], right: &[Draft]) -> Option<Vec<Draft>> {
    if left.len().saturating_mul(right.len()) > MAX_SPELLINGS {
        return None;
    }
    let mut drafts = Vec::with_capacity(left.len() * right.len());
    for first in left {
        for second in right {
            let mut joined = first.clone();
            joined.append(second);
            if joined.bytes.len() > MAX_LEN {
                return None;
            }
            drafts.push(joined);
        }
    }
    Some(drafts)
}

/// `once` repeated `min` to `max` times, in the order a backtracking search tries them: a
/// greedy repetition takes one more copy before it stops, a lazy one stops first.
fn repeat(once: &[Draft], min: u32, max: u32, greedy: bool) -> Option<Vec<Draft>> {
    if max == 0 {
        return Some(vec![Draft::default()]);
    }
    let more = product(once, &repeat(once, min.saturating_sub(1), max - 1, greedy)?)?;
    if min > 0 {
        return Some(more);
    }
    let stop = Draft::default();
    let mut drafts = Vec::with_capacity(more.len() + 1);
    if greedy {
        drafts.extend(more);
        drafts.push(stop);
    } else {
        drafts.push(stop);
        drafts.extend(more);
    }
    Some(drafts)
}

/// The regex engine's name for an assertion of the syntax tree.
fn automaton_look(look: hir::Look) -> Look {
    match look {
        hir::Look::Start => Look::Start,
        hir::Look::End => Look::End,
        hir::Look::StartLF => Look::StartLF,
        hir::Look::EndLF => Look::EndLF,
        hir::Look::StartCRLF => Look::StartCRLF,
        hir::Look::EndCRLF => Look::EndCRLF,
        hir::Look::WordAscii => Look::WordAscii,
        hir::Look::WordAsciiNegate => Look::WordAsciiNegate,
        hir::Look::WordUnicode => Look::WordUnicode,
        hir::Look::WordUnicodeNegate => Look::WordUnicodeNegate,
        hir::Look::WordStartAscii => Look::WordStartAscii,
        hir::Look::WordEndAscii => Look::WordEndAscii,
        hir::Look::WordStartUnicode => Look::WordStartUnicode,
        hir::Look::WordEndUnicode => Look::WordEndUnicode,
        hir::Look::WordStartHalfAscii => Look::WordStartHalfAscii,
        hir::Look::WordEndHalfAscii => Look::WordEndHalfAscii,
        hir::Look::WordStartHalfUnicode => Look::WordStartHalfUnicode,
        hir::Look::WordEndHalfUnicode => Look::WordEndHalfUnicode,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::windowed::Windowed;
    use crate::checks::windowed::tests::{generated_texts, texts_of};

    fn list(pattern: &str) -> Option<WordList> {
        let hir = regex_syntax::parse(pattern).ok()?;
        let groups = regex::Regex::new(pattern).ok()?.captures_len();
        WordList::of(&hir, groups)
    }

    #[test]
    fn lists_of_strings_are_recognised() {
        for pattern in [
            r"\b(?:utilize|leverage|in order to)\b",
            r"(?i)\b(?:we|we'(?:ve|re)|ours?|us|let's)\b",
            r"(?i)\b(am|are|is)\b",
            r"(?:centi|milli)?meters",
            r"^(?:Note|Tip):",
            r"\bcaf\u{E9}\b",
            r"(?i)\bcaf\u{E9}\b",
            r"(?:ab){2,3}",
            r"[.,;]\s",
        ] {
            assert!(list(pattern).is_some(), "{pattern}");
        }
        for pattern in [
            r"\w+",
            r"[a-z0-9]ly\b",
            r"\b(?:us)?",
            r"(?:a|b){5}",
            r"(?:ab)*",
            r"(?:a|b|c|d|e|f|g|h){4}(?:a|b|c|d|e|f|g|h){4}",
            r"(?i)\b(?:I|me|my)\b",
        ] {
            assert!(list(pattern).is_none(), "{pattern}");
        }
        assert!(list(r"(?i)\bkiss\b").is_some_and(|l| l.folds_beyond_ascii));
        assert!(list(r"\b[Kk]iss\b").is_some_and(|l| !l.folds_beyond_ascii));
    }

    /// The spellings, in the order a backtracking search tries them.
    #[test]
    fn spellings_come_in_order_of_preference() {
        let spelled = |pattern: &str| -> Vec<String> {
            let list = list(pattern).unwrap();
            let mut all: Vec<(u32, String)> = list
                .needles
                .iter()
                .zip(&list.spellings)
                .flat_map(|(needle, spellings)| {
                    spellings
                        .iter()
                        .map(|s| (s.priority, String::from_utf8_lossy(needle).into_owned()))
                })
                .collect();
            all.sort();
            all.into_iter().map(|(_, text)| text).collect()
        };
        assert_eq!(spelled(r"(?:a|ab)(?:c|bc)"), ["ac", "abc", "abc", "abbc"]);
        assert_eq!(spelled(r"xx(?:yz)?"), ["xxyz", "xx"]);
        assert_eq!(spelled(r"xx(?:yz)??"), ["xx", "xxyz"]);
        assert_eq!(
            spelled(r"(?:aa|b){0,2}cc"),
            ["aaaacc", "aabcc", "aacc", "baacc", "bbcc", "bcc", "cc"]
        );
    }

    /// The list against the regex it stands for, through `Windowed`, which picks the list.
    fn assert_same(pattern: &str, texts: &[&str]) {
        let regex = regex::Regex::new(pattern).unwrap();
        let windowed = Windowed::compile_on_first_use(pattern, false, 1 << 20).unwrap();
        assert!(windowed.word_list.is_some(), "{pattern} should be a list");
        let groups = |c: regex::Captures<'_>| -> Vec<Option<Range<usize>>> {
            c.iter().map(|m| m.map(|m| m.range())).collect()
        };
        for text in texts {
            let expected: Vec<_> = regex.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(windowed.find_all(text), expected, "{pattern} on {text:?}");
            let expected: Vec<_> = regex.captures_iter(text).map(groups).collect();
            assert_eq!(
                windowed.captures_all(text),
                expected,
                "{pattern} on {text:?}"
            );
            assert_eq!(windowed.is_match(text), regex.is_match(text));
            for (at, _) in text.char_indices() {
                let expected = regex.captures_at(text, at).map(groups);
                assert_eq!(
                    windowed.captures_at(text, at),
                    expected,
                    "{pattern} at {at}"
                );
                let expected = regex.find_at(text, at).map(|m| m.range());
                assert_eq!(windowed.find_at(text, at), expected, "{pattern} at {at}");
            }
        }
        assert!(!windowed.is_compiled() || texts.iter().any(|t| !list_handles(&windowed, t)));
    }

    fn list_handles(windowed: &Windowed, text: &str) -> bool {
        windowed.word_list.as_ref().is_some_and(|l| l.handles(text))
    }

    const PATTERNS: &[&str] = &[
        r"\b(?:we|us|ours?)\b",
        r"(?i)\b(?:WE|Us|ours?|let's)\b",
        r"\b(?:as well as|as|well)\b",
        r"\b(?:as|as well)\b",
        r"(?i)\b(as|an)(s| s)?\b",
        r"\b(we)(?: (us))?\b",
        r"\b(we)(?: (us))??",
        r"(?:us|ss)\B",
        r"\Bus\b|\bwe",
        r"(?m)^(?:us|we)$",
        r"^us|us$",
        r"\b{start}as\b{end}|\b{start-half}we",
        r"(?-u:\b)us(?-u:\b)",
        "\\b(?:\u{FC}ber|\u{E9}|\u{6211}us)\\b",
        "\u{2019}s|s\u{2019}",
        r"(?i)\bkiss\b|\bask\b",
        r"(?:(a)|(as))(?:(s)|( ))",
    ];

    /// Generated texts from pieces on both sides of word boundaries, with umlauts, Chinese,
    /// emoji, curly quotes, and the two non-ASCII characters that fold to ASCII letters.
    #[test]
    fn lists_find_what_the_regex_finds() {
        let mut texts = generated_texts(2000);
        let upper: Vec<String> = texts[..500]
            .iter()
            .map(|text| text.to_uppercase())
            .collect();
        texts.extend(upper);
        texts.extend([
            "KISS kiss \u{212A}iss ki\u{17F}s ask a\u{17F}k".to_owned(),
            "we us\nus\r\nwe, ours us".to_owned(),
            String::new(),
        ]);
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        for pattern in PATTERNS {
            assert_same(pattern, &texts);
        }
    }

    /// A case-insensitive `k` or `s` also matches the Kelvin sign and the long s: the list
    /// leaves texts holding them to the regex.
    #[test]
    fn texts_with_non_ascii_case_folds_go_to_the_regex() {
        let windowed = Windowed::compile_on_first_use(r"\bkiss\b", true, 1 << 20).unwrap();
        assert!(list_handles(&windowed, "kiss KISS"));
        assert!(!list_handles(&windowed, "\u{212A}iss"));
        assert_eq!(
            windowed.find_all("a \u{212A}iss, ki\u{17F}s"),
            vec![2..8, 10..15]
        );
        let exact = Windowed::compile_on_first_use(r"\bKiss\b", false, 1 << 20).unwrap();
        assert!(list_handles(&exact, "\u{212A}iss"));
        assert_eq!(exact.find_all("kiss Kiss \u{212A}iss"), vec![5..9]);
    }

    /// A pattern with look-around, as `fancy-regex` finds its matches.
    fn assert_same_as_fancy(pattern: &str, ignore_case: bool, texts: &[&str]) {
        let source = if ignore_case {
            format!("(?i){pattern}")
        } else {
            pattern.to_owned()
        };
        let fancy = fancy_regex::Regex::new(&source).unwrap();
        let any = crate::checks::fallback::AnyRegex::new(pattern, ignore_case, 1 << 20).unwrap();
        assert!(any.is_listed(), "{pattern} should be a list");
        let groups = |c: fancy_regex::Captures<'_>| -> Vec<Option<Range<usize>>> {
            c.iter().map(|m| m.map(|m| m.range())).collect()
        };
        for text in texts {
            let expected: Vec<_> = fancy
                .captures_iter(text)
                .map(|c| groups(c.unwrap()))
                .collect();
            let found: Vec<_> = any.captures(text).into_iter().map(|c| c.groups).collect();
            assert_eq!(found, expected, "{pattern} on {text:?}");
            for (at, _) in text.char_indices() {
                let expected = fancy.captures_from_pos(text, at).unwrap().map(groups);
                let found = any.captures_from(text, at).map(|c| c.groups);
                assert_eq!(found, expected, "{pattern} on {text:?} at {at}");
            }
        }
    }

    /// Texts of the pieces that look-around patterns of style packages look at.
    fn texts_around(count: usize) -> Vec<String> {
        let pieces = [
            "it",
            "is",
            "it's",
            "it\u{2019}s",
            "that",
            " ",
            "  ",
            ".",
            ",",
            "we",
            "are",
            "I",
            "I'd",
            "\n",
            "\u{E9}",
            "us",
            "all of",
            "these",
            "a sudden",
            "ALL",
            "Is",
            "-",
        ];
        texts_of(&pieces, count, 24, 0x2545_F491_4F6C_DD1D)
    }

    #[test]
    fn look_around_lists_find_what_fancy_regex_finds() {
        let texts = texts_around(1500);
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        for (pattern, ignore_case) in [
            (
                r"\b(?:(that is(?![.,]))|(we are(?!\.))|(it's(?=\.)))\b",
                true,
            ),
            (r"\b(?:(it is(?!\.))|(it's(?=\.)))\b", false),
            (r"all of (?!a sudden|these)", true),
            (
                r"(?m)(?:(?:^|\s)Is(?=\s)|(?:^|\s)I'm(?=,\s)|\bI'd\b)",
                false,
            ),
            (r"(?<=\s)us\b|(?<!it )is\b", false),
            (r"\bwe(?= are| us)", true),
            (r"(?<=[.,] )(?:it|we)\b", false),
        ] {
            assert_same_as_fancy(pattern, ignore_case, &texts);
        }
    }

    #[test]
    fn look_around_with_groups_or_unbounded_parts_is_left_to_the_regex() {
        for pattern in [r"\bis(?=(\.))", r"\bis(?!\w+)", r"\bis(?=\s*\.)", r"(\w)\1"] {
            let any = crate::checks::fallback::AnyRegex::new(pattern, false, 1 << 20).unwrap();
            assert!(!any.is_listed(), "{pattern}");
        }
    }

    /// A list too long for a DFA is searched by the compact NFA, with the same matches.
    #[test]
    fn long_lists_find_what_short_ones_find() {
        let words: Vec<String> = (0..3000).map(|i| format!("w{i:04}x")).collect();
        let long = format!(r"(?i)\b(?:{}|us)\b", words.join("|"));
        let list = list(&long).unwrap();
        assert!(list.needles.iter().map(|n| n.len()).sum::<usize>() > DFA_MAX_BYTES);
        let text = "us w0042x w0042xy W1499X, us";
        let whole = |found: Vec<Vec<Option<Range<usize>>>>| -> Vec<Range<usize>> {
            found
                .into_iter()
                .filter_map(|groups| groups[0].clone())
                .collect()
        };
        assert_eq!(
            whole(list.search(text, 0, false)),
            [0..2, 3..9, 18..24, 26..28]
        );
        let regex = regex::Regex::new(&long).unwrap();
        let expected: Vec<_> = regex.find_iter(text).map(|m| m.range()).collect();
        assert_eq!(whole(list.search(text, 0, false)), expected);
        assert_eq!(whole(list.search(text, 4, true)), expected[2..3].to_vec());
        assert!(list.search(text, text.len() + 1, false).is_empty());
    }
}
