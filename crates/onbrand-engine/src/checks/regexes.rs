//! The regular expressions of a guideline, with one literal prefilter over all of them: per
//! segment one Aho-Corasick pass over the literals that the regexes require tells which regexes
//! can match at all; only those run on their own to find positions and captures.
//!
//! The pass runs over the case-folded prose ([`prose::fold_case`]) with the literals folded the
//! same way: folding works character by character, so a literal in the prose is a folded literal
//! in the folded prose, and the automaton itself can be case-sensitive, which makes it about half
//! the size of an ASCII-case-insensitive one and lets the crate's prefilters skip ahead to the
//! few bytes that can start a literal. The automaton is walked by our own loop: every literal
//! that occurs is wanted, not the matches one by one, and the walk stops once every active
//! regex is a candidate. A guideline with many literals gets a
//! [`DenseDfa`](super::dense_dfa::DenseDfa) (one lookup per byte in a small table); a few
//! literals keep the crate's NFA and its prefilter.
//!
//! # Required literals
//! Each regex contributes the literals one of which every match contains, with the bounds the
//! regex puts on their neighbours ([`super::required_literals`]): an occurrence of "he" only
//! admits `\bhe\b` where no letter, digit or `_` stands on either side. A regex without such
//! a set (`\w+`), or whose set holds a one-character literal that need not stand alone (`,`),
//! is run on every segment in scope, by the regex engine's own fast path.
//!
//! # Regexes without required literals
//! Those the `regex` crate compiles (`\b[A-Z]{2,6}\b`), and those whose literals include a
//! single character (`[!！]`, `\p{Han}[,;:?!]`), have a second prefilter: a copy of each
//! with its word-boundary assertions removed. Removing an assertion only widens what a
//! pattern matches, and keeps the copy on the lazy DFA, which gives up on Unicode `\b` as
//! soon as a segment holds a non-ASCII character; running such a regex itself on every
//! segment costs its slow engines on all non-English prose. Each copy runs on its own and
//! only for a rule in scope: it stops at its first match and searches with its own literal
//! prefilter (`;`, the `/` of a date), where one `RegexSet` over all of them had to read every
//! segment to its end, also for the heading rules in body text.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::Arc;

use regex::{Regex, RegexBuilder};

use super::occurrences::StringsAutomaton;
use super::required_literals::{Bounds, Literal, required_literals};
use crate::prose;

/// A regex's place in the guideline's prefilter: the builder it was added to (its slot: each
/// rule compiles on its own builder, see [`RegexesBuilder::merge`]) and its number there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RegexId {
    slot: usize,
    local: usize,
}

/// Compiled regexes are capped so that a pathological pattern cannot eat the machine.
pub(crate) const SIZE_LIMIT: usize = 4 * 1024 * 1024;

/// Up to this many bytes of literals in all, the automaton is a
/// [`DenseDfa`](super::dense_dfa::DenseDfa): at most one state per byte, times up to 128
/// columns of 2 bytes, 5 MB at most (the imported Microsoft style: 7.2 KB of literals,
/// 0.66 MB). Beyond it the contiguous NFA, smaller, walks the prose at a third of the speed.
const DFA_MAX_LITERAL_BYTES: usize = 20_000;

/// Characters that Unicode case folding (the `(?i)` of a regex) matches to ASCII letters: the
/// long s to `s`, the Kelvin sign to `k`. [`prose::fold_case`] keeps them, so a literal with
/// `s` or `k` does not show where a case-insensitive regex can match next to them: the
/// automaton looks for them too, and a segment holding one runs every regex.
const FOLDS_TO_ASCII: [&str; 2] = ["\u{17F}", "\u{212A}"];

/// The regexes of one rule (regexes added, see [`Self::for_slot`]) or of a whole guideline
/// (rules' builders merged in rule order, see [`Self::merge`]).
#[derive(Debug, Default)]
pub(crate) struct RegexesBuilder {
    /// The slot of the regexes added here ([`RegexId::slot`]).
    slot: usize,
    /// Per regex: its required literals, or None (run on every segment).
    required: Vec<Option<Vec<Literal>>>,
    /// Per regex the `regex` crate compiled: its pattern without word boundaries, with its
    /// flags, for the widened prefilter.
    widened: Vec<Option<String>>,
    rules: Vec<u32>,
    /// Per slot merged in: the number of its first regex here.
    first: Vec<usize>,
}

impl RegexesBuilder {
    /// A builder whose regexes get ids of slot `slot`: one rule's, compiled apart from the
    /// others (on another thread, perhaps) and merged into the guideline's builder later.
    pub(crate) fn for_slot(slot: usize) -> RegexesBuilder {
        RegexesBuilder {
            slot,
            ..RegexesBuilder::default()
        }
    }

    /// Append the regexes of `rule`'s own builder: its ids now stand for these places. A
    /// guideline's builder only merges; regexes are added to the rules' builders.
    pub(crate) fn merge(&mut self, other: RegexesBuilder, rule: u32) {
        if self.first.len() <= other.slot {
            self.first.resize(other.slot + 1, usize::MAX);
        }
        self.first[other.slot] = self.required.len();
        self.rules
            .extend(std::iter::repeat_n(rule, other.required.len()));
        self.required.extend(other.required);
        self.widened.extend(other.widened);
    }

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
        let widened = widened_source(pattern, ignore_case);
        Ok((regex, self.push(pattern, ignore_case, rule, Some(widened))))
    }

    /// Like [`Self::add`], but a pattern `regex` rejects is compiled by the backtracking
    /// fallback, and one that surely compiles is compiled on its first use (see
    /// [`AnyRegex::new`](super::fallback::AnyRegex::new)). Both get a place in the prefilter.
    pub(crate) fn add_any(
        &mut self,
        pattern: &str,
        ignore_case: bool,
        rule: u32,
    ) -> Result<(super::fallback::AnyRegex, Option<RegexId>), (String, Option<usize>)> {
        let regex = super::fallback::AnyRegex::new(pattern, ignore_case, SIZE_LIMIT)?;
        let widened = matches!(regex, super::fallback::AnyRegex::Fast(_))
            .then(|| widened_source(pattern, ignore_case));
        Ok((regex, Some(self.push(pattern, ignore_case, rule, widened))))
    }

    fn push(
        &mut self,
        pattern: &str,
        ignore_case: bool,
        rule: u32,
        widened: Option<String>,
    ) -> RegexId {
        let id = RegexId {
            slot: self.slot,
            local: self.required.len(),
        };
        let mut required = required_literals(pattern, ignore_case);
        // A one-character literal (" " in `[A-Z]+(?:[ ]+[A-Z]+)+`, "," or "!") is in many
        // segments, and in the automaton it reports a match at every occurrence: the widened
        // copy's DFA, or a backtracking regex's own linear-time gate, decides at less cost.
        // One that must stand alone (the "I" of `(?:^|\s)I(?=\s)`) rarely does.
        let weak = required.as_ref().is_some_and(|set| {
            set.iter()
                .any(|l| l.text.chars().count() == 1 && !(l.bounds.before && l.bounds.after))
        });
        if weak {
            required = None;
        }
        self.required.push(required);
        self.widened.push(widened);
        self.rules.push(rule);
        id
    }

    pub(crate) fn build(self) -> Regexes {
        // A builder that only added regexes (a test's) holds its own slot's, from 0.
        let first: Arc<[usize]> = if self.first.is_empty() {
            vec![0; self.slot + 1].into()
        } else {
            self.first.into()
        };
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut literals: Vec<String> = Vec::new();
        let mut owners: Vec<Owners> = Vec::new();
        let mut always = vec![false; self.required.len()];
        for (regex, required) in self.required.into_iter().enumerate() {
            let Some(required) = required else {
                always[regex] = true;
                continue;
            };
            for Literal { text, bounds } in required {
                let literal = prose::fold_case(&text).into_owned();
                let slot = *index.entry(literal.clone()).or_insert_with(|| {
                    owners.push(Owners {
                        len: literal.len(),
                        regexes: Vec::new(),
                    });
                    literals.push(literal);
                    owners.len() - 1
                });
                owners[slot].regexes.push((regex, bounds));
            }
        }
        // An automaton too large to build only costs speed: every regex then runs everywhere.
        let automaton = if literals.is_empty() {
            None
        } else {
            let automaton = literal_automaton(literals);
            if automaton.is_none() {
                always.iter_mut().for_each(|a| *a = true);
            }
            automaton
        };
        let filtered = always.iter().filter(|a| !**a).count();
        let widened = WidenedPrefilter::build(&always, self.widened);
        Regexes {
            automaton,
            owners,
            always,
            filtered,
            widened,
            rules: self.rules,
            first,
        }
    }
}

/// `pattern` without its word boundaries, with its case flag: its widened prefilter.
fn widened_source(pattern: &str, ignore_case: bool) -> String {
    let widened = without_word_boundaries(pattern);
    if ignore_case {
        format!("(?i){widened}")
    } else {
        widened
    }
}

/// The automaton over the folded literals, and after them [`FOLDS_TO_ASCII`]: dense for up to
/// [`DFA_MAX_LITERAL_BYTES`] of literals, unless they are few enough for the crate's NFA to
/// have a prefilter.
fn literal_automaton(literals: Vec<String>) -> Option<StringsAutomaton> {
    let mut patterns = literals;
    patterns.extend(FOLDS_TO_ASCII.map(String::from));
    StringsAutomaton::build(&patterns, false, DFA_MAX_LITERAL_BYTES, true)
}

#[derive(Debug, Default)]
pub(crate) struct Regexes {
    automaton: Option<StringsAutomaton>,
    /// Per literal of the automaton: the regexes that require it. The patterns after the
    /// literals are [`FOLDS_TO_ASCII`].
    owners: Vec<Owners>,
    /// Per regex: no required literals, run on every segment.
    always: Vec<bool>,
    /// How many regexes the automaton decides for.
    filtered: usize,
    /// The prefilter of the regexes without required literals.
    widened: WidenedPrefilter,
    /// The rule each regex belongs to.
    rules: Vec<u32>,
    /// Per slot of [`RegexId`]: the number of its first regex.
    first: Arc<[usize]>,
}

/// The regexes that require one literal of the automaton.
#[derive(Debug)]
struct Owners {
    /// The folded literal's length in bytes.
    len: usize,
    /// Each regex, with the bounds it puts on the literal's neighbours.
    regexes: Vec<(usize, Bounds)>,
}

/// Widened copies of the regexes that have no required literals.
#[derive(Debug, Default)]
struct WidenedPrefilter {
    /// The regex each copy stands for, and the copy.
    copies: Vec<(usize, Regex)>,
}

impl WidenedPrefilter {
    fn build(always: &[bool], widened: Vec<Option<String>>) -> WidenedPrefilter {
        let copies = widened
            .into_iter()
            .enumerate()
            .filter(|(regex, _)| always.get(*regex).copied().unwrap_or(false))
            .filter_map(|(regex, source)| {
                // A copy too large to build only costs speed: its regex then runs everywhere.
                let copy = RegexBuilder::new(&source?)
                    .size_limit(SIZE_LIMIT)
                    .build()
                    .ok()?;
                Some((regex, copy))
            })
            .collect();
        WidenedPrefilter { copies }
    }

    /// Clear `matched` for the active regexes whose copy does not match `text`; false when
    /// none of them is active.
    fn narrow(&self, text: &str, is_active: &impl Fn(usize) -> bool, matched: &mut [bool]) -> bool {
        let mut ran = false;
        for (regex, copy) in &self.copies {
            if !is_active(*regex) {
                continue;
            }
            ran = true;
            if !copy.is_match(text)
                && let Some(slot) = matched.get_mut(*regex)
            {
                *slot = false;
            }
        }
        ran
    }
}

/// Which regexes may match a segment.
pub(crate) struct Candidates {
    /// None: no prefilter ran, every regex may match.
    matched: Option<Vec<bool>>,
    /// [`Regexes::first`]: where each slot's regexes are in `matched`.
    first: Arc<[usize]>,
}

impl Candidates {
    pub(crate) fn may_match(&self, id: RegexId) -> bool {
        match &self.matched {
            Some(matched) => (self.first.get(id.slot))
                .and_then(|first| matched.get(first + id.local))
                .copied()
                .unwrap_or(true),
            None => true,
        }
    }
}

impl Regexes {
    /// Run the prefilter over `text`, whose [`prose::fold_case`] is `folded`, for the regexes
    /// of the rules marked in `active`.
    pub(crate) fn candidates(&self, text: &str, folded: &str, active: &[bool]) -> Candidates {
        let is_active = |regex: usize| {
            self.rules
                .get(regex)
                .and_then(|rule| active.get(*rule as usize))
                .copied()
                .unwrap_or(false)
        };
        let mut matched = vec![true; self.rules.len()];
        let by_literals = self.narrow_by_literals(folded, &is_active, &mut matched);
        let by_widened = self.widened.narrow(text, &is_active, &mut matched);
        Candidates {
            matched: (by_literals || by_widened).then_some(matched),
            first: self.first.clone(),
        }
    }

    /// Clear `matched` for the regexes with required literals none of which is in `folded`;
    /// false when the automaton did not run or a segment holds one of [`FOLDS_TO_ASCII`].
    fn narrow_by_literals(
        &self,
        folded: &str,
        is_active: &impl Fn(usize) -> bool,
        matched: &mut [bool],
    ) -> bool {
        let Some(automaton) = &self.automaton else {
            return false;
        };
        let mut wanted = (0..self.rules.len())
            .filter(|&r| !self.always[r] && is_active(r))
            .count();
        if wanted == 0 {
            return false;
        }
        for (slot, always) in matched.iter_mut().zip(&self.always) {
            *slot = *always;
        }
        let mut folds_to_ascii = false;
        let bytes = folded.as_bytes();
        automaton.each_occurrence(bytes, 0, |literal, end| {
            let Some(owners) = self.owners.get(literal) else {
                folds_to_ascii = true;
                return ControlFlow::Break(());
            };
            let start = end - owners.len;
            for &(regex, bounds) in &owners.regexes {
                if !matched[regex] && bounds.hold(bytes, start, end) {
                    matched[regex] = true;
                    if is_active(regex) {
                        wanted -= 1;
                    }
                }
            }
            if wanted == 0 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        if folds_to_ascii {
            matched.fill(true);
            return false;
        }
        debug_assert!(self.filtered >= wanted);
        true
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
    use aho_corasick::MatchKind;
    use aho_corasick::automaton::Automaton;
    use aho_corasick::nfa::contiguous;

    use super::*;

    /// The prefilter's verdict on `text`, folded as the engine folds it.
    fn candidates(regexes: &Regexes, text: &str, active: &[bool]) -> Candidates {
        regexes.candidates(text, &prose::fold_case(text), active)
    }

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
    fn fallback_regexes_are_prefiltered_too() {
        let mut builder = RegexesBuilder::default();
        let (regex, id) = builder.add_any(r"it is(?!\.)", true, 0).unwrap();
        let id = id.unwrap();
        // A one-letter literal that need not stand alone would hit in nearly every segment:
        // its regex always runs and its own gate decides.
        let (_, in_words) = builder.add_any(r"I(?=t)|me(?=s)", true, 0).unwrap();
        // One that must stand alone is as selective as any word.
        let (first_person, alone) = builder.add_any(r"\bI(?=\s)|\bme\b", true, 0).unwrap();
        let (in_words, alone) = (in_words.unwrap(), alone.unwrap());
        let regexes = builder.build();
        assert!(!candidates(&regexes, "Nothing here.", &[true]).may_match(id));
        assert!(candidates(&regexes, "Nothing here.", &[true]).may_match(in_words));
        let words_with_i_and_me = "It is time to measure.";
        assert!(!candidates(&regexes, words_with_i_and_me, &[true]).may_match(alone));
        assert!(!first_person.is_match(words_with_i_and_me));
        assert!(candidates(&regexes, "Then I said", &[true]).may_match(alone));
        assert!(first_person.is_match("Then I said"));
        let text = "IT IS here";
        assert!(candidates(&regexes, text, &[true]).may_match(id));
        assert!(regex.is_match(text));
        // The long s folds to `s` under Unicode case folding: everything may match.
        assert!(candidates(&regexes, "it i\u{17F} here", &[true]).may_match(id));
    }

    #[test]
    fn literal_free_regexes_always_run() {
        let mut builder = RegexesBuilder::default();
        let (_, words) = builder.add(r"\w+", false, 0).unwrap();
        let (_, semicolon) = builder.add(";", false, 1).unwrap();
        let regexes = builder.build();
        let candidates = candidates(&regexes, "no punctuation", &[true, true]);
        assert!(candidates.may_match(words));
        assert!(!candidates.may_match(semicolon));
    }

    #[test]
    fn literal_free_regexes_are_narrowed_by_copies_without_word_boundaries() {
        let mut builder = RegexesBuilder::default();
        let (_, acronym) = builder.add(r"\b[A-Z]{2,6}\b", false, 0).unwrap();
        let (_, caps) = builder.add(r"(?i)\bhey\b", false, 1).unwrap();
        let regexes = builder.build();
        // Cyrillic prose: the widened copy (on the lazy DFA) rules the acronym regex out.
        let russian = candidates(&regexes, "Привет, как дела?", &[true, true]);
        assert!(!russian.may_match(acronym));
        assert!(!russian.may_match(caps));
        // Next to non-ASCII letters the widened set still admits it.
        let mixed = candidates(
            &regexes,
            "Die API-Dokumentation für Entwickler",
            &[true, true],
        );
        assert!(mixed.may_match(acronym));
        // The copies of inactive rules do not run.
        assert!(candidates(&regexes, "Привет", &[false, false]).may_match(acronym));
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
        assert!(candidates(&regexes, "une éponge", &[true]).may_match(id));
        assert!(regex.is_match("une éponge"));
    }

    #[test]
    fn the_prefilter_skips_regexes_that_cannot_match() {
        let mut builder = RegexesBuilder::default();
        let (_, a) = builder.add("!", false, 0).unwrap();
        let (_, b) = builder.add("hello", true, 1).unwrap();
        let regexes = builder.build();
        let candidates = candidates(&regexes, "HELLO there", &[true, true]);
        assert!(!candidates.may_match(a));
        assert!(candidates.may_match(b));
    }

    #[test]
    fn many_literals_get_a_dense_dfa_and_a_few_the_crates_prefilter() {
        let occurrences = |automaton: &StringsAutomaton, text: &str| {
            let mut found = Vec::new();
            automaton.each_occurrence(text.as_bytes(), 0, |pattern, end| {
                found.push((end, pattern));
                ControlFlow::Continue(())
            });
            found.sort_unstable();
            found
        };
        // One literal and the two of FOLDS_TO_ASCII: three bytes start them all.
        let few = literal_automaton(vec!["well".to_owned()]);
        assert!(
            matches!(few, Some(StringsAutomaton::Nfa(ref nfa)) if Automaton::prefilter(nfa).is_some())
        );
        // Two hundred literals: no prefilter pays, the dense DFA reads the prose.
        let mut literals: Vec<String> = (0..200).map(|n| format!("{}s", n * 7)).collect();
        literals.extend(["we", "us", "ours", "s w", "\u{FC}ber", "-\n"].map(String::from));
        let dense = literal_automaton(literals.clone()).unwrap();
        assert!(matches!(dense, StringsAutomaton::Dense(_)));
        let mut patterns = literals;
        patterns.extend(FOLDS_TO_ASCII.map(String::from));
        let nfa = StringsAutomaton::Nfa(
            contiguous::Builder::new()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .unwrap(),
        );
        for text in crate::checks::windowed::tests::generated_texts_and_folds() {
            let text = format!("{text} 14s 21s");
            assert_eq!(
                occurrences(&dense, &text),
                occurrences(&nfa, &text),
                "{text:?}"
            );
        }
        // Too many literals for a table: the NFA.
        let many = vec!["x".repeat(DFA_MAX_LITERAL_BYTES + 1); 2];
        assert!(matches!(
            literal_automaton(many),
            Some(StringsAutomaton::Nfa(_))
        ));
    }

    /// The prefilter only ever skips a regex that cannot match: on generated text with upper
    /// case, umlauts, Chinese, emoji and the characters that `(?i)` folds to ASCII letters.
    #[test]
    fn the_prefilter_never_skips_a_match_on_generated_text() {
        let patterns = [
            (r"\b(?:we|us|ours?)\b", true),
            (r"\b(?:we|us|ours?)\b", false),
            (r"as well", true),
            (r"s(?:,|\n)", false),
            (r"\bWELL\b", false),
            (r"(?i)\b(?:sa|ss)\b", false),
            ("\u{FC}ber", false),
            ("\u{DC}BER", false),
            ("\u{FC}ber", true),
            (r"we(?= us)", true),
            (r"\b[A-Z]{2,6}\b", false),
            ("\u{2019}s", true),
            // "as" with the Kelvin sign for "a": `(?i)k` matches it.
            ("ks", true),
            // Literals bounded on their neighbours, one-letter ones among them.
            (r"(?:^|\s)a(?=\s)|\bs\b", true),
            (r"(?<!\w)us(?!\w)", false),
            (r"(?m)^we", false),
            (r"ours$", false),
            (r"[\s,]we\W", true),
            (r"(?<=\n)s(?=[ ,])|as(?=,)", true),
            // An ASCII word boundary holds next to "é", a Unicode one does not.
            (r"(?-u:\b)as(?-u:\b)", false),
            (r"\bas\b", false),
        ];
        let mut builder = RegexesBuilder::default();
        let compiled: Vec<_> = patterns
            .iter()
            .enumerate()
            .map(|(rule, (pattern, ignore_case))| {
                let (regex, id) = builder.add_any(pattern, *ignore_case, rule as u32).unwrap();
                (regex, id.unwrap())
            })
            .collect();
        let regexes = builder.build();
        let all = vec![true; patterns.len()];
        let mut skipped = vec![0usize; patterns.len()];
        for text in crate::checks::windowed::tests::generated_texts_and_folds() {
            let verdict = candidates(&regexes, &text, &all);
            for (index, (regex, id)) in compiled.iter().enumerate() {
                if !verdict.may_match(*id) {
                    skipped[index] += 1;
                    assert!(
                        !regex.is_match(&text),
                        "{:?} skipped in {text:?}",
                        patterns[index]
                    );
                }
            }
        }
        // Not vacuous: every regex with literals is skipped somewhere.
        for (index, count) in skipped.iter().enumerate() {
            assert!(*count > 0, "{:?} never skipped", patterns[index]);
        }
    }
}
