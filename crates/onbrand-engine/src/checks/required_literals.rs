//! Which literals every match of a regex contains, and what the regex asserts next to them:
//! the input of the guideline's literal prefilter ([`super::regexes`]).
//!
//! For each regex the analysis works out a set of strings such that every match contains one
//! of them (compared ASCII-case-insensitively): `\b(?:utilize|leverage)\b` needs "utilize" or
//! "leverage", `[a-zA-Z]+\s(?:meters|miles)` needs "meters" or "miles", `it is(?!\.)` needs
//! "it is". A backreference or a character class is "anything". A regex without such a set
//! (`\w+`), or whose set holds a single letter or digit (which nearly every segment contains),
//! is run on every segment in scope.
//!
//! # Bounds
//! A literal also carries what the regex asserts about the characters just before and after
//! it: `\bhe\b` needs "he" with no letter, digit or `_` on either side, which "the" or "help"
//! do not have; `(?:^|\s)I(?=\s)` needs a standalone "I". The prefilter only counts an
//! occurrence whose neighbours allow the match, so short words stop admitting their regex in
//! nearly every segment, and a one-letter word can be a literal at all. The neighbours are
//! tested for ASCII word characters only: `\b` in Unicode mode (the default) and in ASCII mode
//! both forbid one there, a non-ASCII neighbour never rules a match out, and the test is one
//! byte. Bounds come from word boundaries (`\b`, on the side where the literal has a word
//! character), line and text anchors, classes of non-word characters (`\s`, `\W`, `[,;]`),
//! and look-around (`(?=\s)`, `(?<!\w)`).
//!
//! The analysis walks fancy-regex's syntax tree, which covers both engines' syntax, so the
//! backtracking fallback gets the same prefilter as the fast path. A pattern it cannot read is
//! simply run everywhere: the prefilter only ever skips work, it never decides a match.

use fancy_regex::{Assertion, Expr, LookAround};

/// Largest set of exact strings a sub-expression is expanded to (`(?:a|b)(?:c|d)` is 4).
const MAX_EXACT: usize = 256;
/// Largest set of required literals kept for one regex.
const MAX_REQUIRED: usize = 20_000;

/// A literal every match of a regex may contain, and where its neighbours must not be ASCII
/// word characters for the occurrence to count.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Literal {
    pub(crate) text: String,
    pub(crate) bounds: Bounds,
}

/// Whether an occurrence of a literal only counts with no ASCII letter, digit or `_` right
/// before it (or at the start), right after it (or at the end).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Bounds {
    pub(crate) before: bool,
    pub(crate) after: bool,
}

impl Bounds {
    /// Whether an occurrence at `start..end` of `text` has the neighbours these bounds ask for.
    pub(crate) fn hold(self, text: &[u8], start: usize, end: usize) -> bool {
        let free = |at: Option<usize>| {
            at.and_then(|at| text.get(at))
                .is_none_or(|b| !is_word_byte(*b))
        };
        (!self.before || free(start.checked_sub(1))) && (!self.after || free(Some(end)))
    }
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The literals one of which every match of `pattern` contains, when there is a useful set.
pub(crate) fn required_literals(pattern: &str, ignore_case: bool) -> Option<Vec<Literal>> {
    let source = if ignore_case {
        format!("(?i){pattern}")
    } else {
        pattern.to_owned()
    };
    let tree = Expr::parse_tree(&source).ok()?;
    let set = analyze(&tree.expr).best()?;
    let set: Vec<Literal> = set.iter().map(Piece::literal).collect();
    // One letter or digit is in nearly every segment, unless it must stand alone.
    let weak = |l: &Literal| {
        l.text.len() == 1
            && l.text.as_bytes()[0].is_ascii_alphanumeric()
            && !(l.bounds.before && l.bounds.after)
    };
    if set.is_empty() || set.iter().any(|l| l.text.is_empty() || weak(l)) {
        return None;
    }
    Some(set)
}

/// What a pattern asserts at a position, as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Edge(u8);

impl Edge {
    const NONE: Edge = Edge(0);
    /// The character before the position is not an ASCII word character, or there is none.
    const NONWORD_BEFORE: Edge = Edge(1);
    /// The character after the position is not an ASCII word character, or there is none.
    const NONWORD_AFTER: Edge = Edge(2);
    /// A word boundary: the side away from a word character is not one.
    const BOUNDARY: Edge = Edge(4);

    fn has(self, bit: Edge) -> bool {
        self.0 & bit.0 != 0
    }

    fn with(self, other: Edge) -> Edge {
        Edge(self.0 | other.0)
    }
}

/// A string a sub-expression can match (or must contain), with what the pattern asserts at
/// its two ends. Concatenation carries the assertions along: `\b` + "he" + `\b` is "he" with
/// a boundary at both ends.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Piece {
    text: String,
    /// What holds at the position before the text.
    front: Edge,
    /// What holds at the position after it; for an empty text the same position as `front`.
    back: Edge,
}

impl Piece {
    fn plain(text: String) -> Piece {
        Piece {
            text,
            front: Edge::NONE,
            back: Edge::NONE,
        }
    }

    /// An assertion: no text, `edge` at its position.
    fn at(edge: Edge) -> Piece {
        Piece {
            text: String::new(),
            front: edge,
            back: edge,
        }
    }

    /// `self` followed by `next`: the assertions at the outer ends stay, and so does anything
    /// asserted where an empty side stands.
    fn join(&self, next: &Piece) -> Piece {
        let (front, back) = match (self.text.is_empty(), next.text.is_empty()) {
            (true, true) => {
                let both = self.front.with(next.front);
                (both, both)
            }
            (true, false) => (self.front.with(next.front), next.back),
            (false, true) => (self.front, self.back.with(next.front)),
            (false, false) => (self.front, next.back),
        };
        Piece {
            text: format!("{}{}", self.text, next.text),
            front,
            back,
        }
    }

    /// Whether the character at the start of a match (the first of the text, or the one after
    /// an empty match) is surely not an ASCII word character, if there is one.
    fn starts_nonword(&self) -> bool {
        match self.text.chars().next() {
            Some(first) => !is_word_char(first),
            None => self.front.has(Edge::NONWORD_AFTER),
        }
    }

    /// Whether the character before the end of a match is surely not an ASCII word character.
    fn ends_nonword(&self) -> bool {
        match self.text.chars().next_back() {
            Some(last) => !is_word_char(last),
            None => self.back.has(Edge::NONWORD_BEFORE),
        }
    }

    /// The bounds on the text's neighbours: a boundary next to a word character says the
    /// character on its other side is not one.
    fn bounds(&self) -> Bounds {
        let first = self.text.chars().next().is_some_and(is_word_char);
        let last = self.text.chars().next_back().is_some_and(is_word_char);
        Bounds {
            before: self.front.has(Edge::NONWORD_BEFORE)
                || (first && self.front.has(Edge::BOUNDARY)),
            after: self.back.has(Edge::NONWORD_AFTER) || (last && self.back.has(Edge::BOUNDARY)),
        }
    }

    fn bound_count(&self) -> usize {
        let bounds = self.bounds();
        usize::from(bounds.before) + usize::from(bounds.after)
    }

    /// The literal the prefilter looks for.
    fn literal(&self) -> Literal {
        Literal {
            text: self.text.clone(),
            bounds: self.bounds(),
        }
    }
}

/// What a sub-expression can match, as far as literals go.
#[derive(Clone, Debug, Default)]
struct Info {
    /// Every string the expression can match, when few.
    exact: Option<Vec<Piece>>,
    /// Strings one of which every match starts with (a repetition: its minimum copies).
    starts: Option<Vec<Piece>>,
    /// Strings one of which every match contains.
    required: Option<Vec<Piece>>,
    /// The character at the start of every match (after an empty one) is not an ASCII word
    /// character, or there is none.
    starts_nonword: bool,
    /// The character before the end of every match is not an ASCII word character, or there is
    /// none.
    ends_nonword: bool,
}

impl Info {
    fn exact(pieces: Vec<Piece>) -> Info {
        Info {
            starts_nonword: pieces.iter().all(Piece::starts_nonword),
            ends_nonword: pieces.iter().all(Piece::ends_nonword),
            exact: Some(pieces),
            ..Info::default()
        }
    }

    /// A class of characters none of which is an ASCII word character (`\s`, `[,;]`).
    fn nonword() -> Info {
        Info {
            starts_nonword: true,
            ends_nonword: true,
            ..Info::default()
        }
    }

    /// Whether every match is empty (an assertion, a look-around).
    fn is_zero_width(&self) -> bool {
        self.exact
            .as_ref()
            .is_some_and(|set| set.iter().all(|p| p.text.is_empty()))
    }

    /// The best set that every match must contain one of: `required` or `exact`.
    fn best(&self) -> Option<Vec<Piece>> {
        better(self.required.clone(), self.exact.clone())
    }

    /// [`Self::best`], taking the sets rather than copying them.
    fn into_best(self) -> Option<Vec<Piece>> {
        better(self.required, self.exact)
    }
}

/// The more selective of two required sets: the one whose shortest literal is longer, then
/// the smaller one, then the one with more bounds (the same words seen with what surrounds
/// them). A set holding the empty string requires nothing.
fn better(a: Option<Vec<Piece>>, b: Option<Vec<Piece>>) -> Option<Vec<Piece>> {
    let score = |set: &Vec<Piece>| {
        let shortest = set.iter().map(|p| p.text.len()).min().unwrap_or(0);
        let bounds: usize = set.iter().map(Piece::bound_count).sum();
        (shortest, std::cmp::Reverse(set.len()), bounds)
    };
    let useful = |set: Option<Vec<Piece>>| set.filter(|s| score(s).0 > 0);
    match (useful(a), useful(b)) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Every concatenation of one piece from each set, if not too many.
fn product(left: &[Piece], right: &[Piece]) -> Option<Vec<Piece>> {
    if left.len().saturating_mul(right.len()) > MAX_EXACT {
        return None;
    }
    let mut out = Vec::with_capacity(left.len() * right.len());
    for l in left {
        for r in right {
            out.push(l.join(r));
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// `set` with `edge` asserted before (`front`) or after each piece.
fn asserting(set: Vec<Piece>, edge: Edge, front: bool) -> Vec<Piece> {
    let mark = [Piece::at(edge)];
    let marked = if front {
        product(&mark, &set)
    } else {
        product(&set, &mark)
    };
    marked.unwrap_or(set)
}

fn analyze(expr: &Expr) -> Info {
    match expr {
        Expr::Empty
        | Expr::KeepOut
        | Expr::ContinueFromPreviousMatchEnd
        | Expr::BackrefExistsCondition(_) => Info::exact(vec![Piece::at(Edge::NONE)]),
        Expr::Assertion(assertion) => Info::exact(vec![Piece::at(assertion_edge(assertion))]),
        Expr::LookAround(inner, kind) => Info::exact(vec![Piece::at(look_edge(inner, *kind))]),
        Expr::Literal { val, casei } => {
            // The automaton folds ASCII only: a case-insensitive literal with other cased
            // letters could match text it does not see.
            if *casei && val.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
                Info::default()
            } else {
                Info::exact(vec![Piece::plain(val.clone())])
            }
        }
        Expr::Delegate { inner, casei, .. } => match small_class(inner, *casei) {
            Some(members) => Info::exact(members.into_iter().map(Piece::plain).collect()),
            None if is_nonword_class(inner) => Info::nonword(),
            None => Info::default(),
        },
        Expr::Group(child) | Expr::AtomicGroup(child) => analyze(child),
        Expr::Repeat { child, lo, hi, .. } => analyze_repeat(&analyze(child), *lo, *hi),
        Expr::Concat(children) => analyze_concat(children.iter().map(analyze).collect()),
        Expr::Alt(children) => analyze_alt(children.iter().map(analyze).collect()),
        _ => Info::default(),
    }
}

fn assertion_edge(assertion: &Assertion) -> Edge {
    match assertion {
        // A line starts after a line break, which is no word character.
        Assertion::StartText | Assertion::StartLine { .. } | Assertion::LeftWordBoundary => {
            Edge::NONWORD_BEFORE
        }
        Assertion::EndText | Assertion::EndLine { .. } | Assertion::RightWordBoundary => {
            Edge::NONWORD_AFTER
        }
        Assertion::WordBoundary => Edge::BOUNDARY,
        Assertion::NotWordBoundary => Edge::NONE,
    }
}

/// What a look-around says about the characters at its position: `(?=\s)` that the next is
/// no word character, `(?<!\w)` that the one before is none.
fn look_edge(inner: &Expr, kind: LookAround) -> Edge {
    let is_word_class = matches!(inner, Expr::Delegate { inner, .. } if inner == "\\w");
    let holds = match kind {
        LookAround::LookAhead => analyze(inner).starts_nonword,
        LookAround::LookBehind => analyze(inner).ends_nonword,
        LookAround::LookAheadNeg | LookAround::LookBehindNeg => is_word_class,
    };
    match (holds, kind) {
        (false, _) => Edge::NONE,
        (true, LookAround::LookAhead | LookAround::LookAheadNeg) => Edge::NONWORD_AFTER,
        (true, LookAround::LookBehind | LookAround::LookBehindNeg) => Edge::NONWORD_BEFORE,
    }
}

fn analyze_repeat(inner: &Info, lo: usize, hi: usize) -> Info {
    if lo == 0 {
        let exact = match (&inner.exact, hi) {
            (Some(set), 1) => {
                let mut set = set.clone();
                set.push(Piece::at(Edge::NONE));
                Some(set)
            }
            _ => None,
        };
        return Info {
            exact,
            ..Info::default()
        };
    }
    // The minimum number of copies starts every match.
    let starts = match &inner.exact {
        Some(set) if lo <= 4 => {
            let mut acc = Some(vec![Piece::at(Edge::NONE)]);
            for _ in 0..lo {
                acc = acc.and_then(|acc| product(&acc, set));
            }
            acc
        }
        _ => None,
    };
    let exact = if lo == hi { starts.clone() } else { None };
    Info {
        exact,
        required: better(inner.best(), starts.clone()),
        starts,
        // The first copy starts every match and the last ends it.
        starts_nonword: inner.starts_nonword,
        ends_nonword: inner.ends_nonword,
    }
}

fn analyze_concat(infos: Vec<Info>) -> Info {
    let starts_nonword = edge_is_nonword(infos.iter(), |i| i.starts_nonword);
    let ends_nonword = edge_is_nonword(infos.iter().rev(), |i| i.ends_nonword);
    let mut required: Option<Vec<Piece>> = None;
    // Runs of adjacent exact children give literals that span them.
    let mut run: Option<Vec<Piece>> = None;
    let mut all_exact = true;
    // Whether the child before the current one ends in a non-word character.
    let mut after_nonword = false;
    for info in infos {
        required = better(required, info.required);
        let start_run = |set: Vec<Piece>| {
            if after_nonword {
                asserting(set, Edge::NONWORD_BEFORE, true)
            } else {
                set
            }
        };
        match info.exact {
            Some(set) => {
                run = match run.take() {
                    Some(acc) => match product(&acc, &set) {
                        Some(next) => Some(next),
                        None => {
                            // Too many: keep what we have, start again here.
                            required = better(required, Some(acc));
                            all_exact = false;
                            Some(start_run(set))
                        }
                    },
                    None => Some(start_run(set)),
                };
            }
            None => {
                all_exact = false;
                // What the run is followed by extends it one last time: the strings every
                // match of the child starts with, or else a non-word character.
                let close = |acc: Vec<Piece>| {
                    if info.starts_nonword {
                        asserting(acc, Edge::NONWORD_AFTER, false)
                    } else {
                        acc
                    }
                };
                let joined = run.take().map(|acc| match &info.starts {
                    Some(starts) => product(&acc, starts).unwrap_or_else(|| close(acc)),
                    None => close(acc),
                });
                required = better(required, joined);
            }
        }
        after_nonword = info.ends_nonword;
    }
    let exact = if all_exact { run.clone() } else { None };
    required = better(required, run);
    Info {
        exact,
        required,
        starts: None,
        starts_nonword,
        ends_nonword,
    }
}

/// Whether the first of `children` that reaches the edge of a concatenation says the character
/// there is no word character (`nonword`): an empty child leaves the position to the next.
fn edge_is_nonword<'a>(
    children: impl Iterator<Item = &'a Info>,
    nonword: fn(&Info) -> bool,
) -> bool {
    for info in children {
        if nonword(info) {
            return true;
        }
        if !info.is_zero_width() {
            return false;
        }
    }
    false
}

fn analyze_alt(infos: Vec<Info>) -> Info {
    let starts_nonword = infos.iter().all(|i| i.starts_nonword);
    let ends_nonword = infos.iter().all(|i| i.ends_nonword);
    let exact = infos
        .iter()
        .map(|i| i.exact.clone())
        .collect::<Option<Vec<Vec<Piece>>>>()
        .map(|sets| sets.concat())
        .filter(|set| set.len() <= MAX_EXACT);
    let required = infos
        .into_iter()
        .map(Info::into_best)
        .collect::<Option<Vec<Vec<Piece>>>>()
        .map(|sets| {
            let mut all = sets.concat();
            all.sort();
            all.dedup();
            all
        })
        .filter(|set| set.len() <= MAX_REQUIRED);
    Info {
        exact,
        required,
        starts: None,
        starts_nonword,
        ends_nonword,
    }
}

/// The members of a small character class written as plain characters (`[.?!]`), or of an
/// escaped punctuation character; None for anything else (ranges, `\w`, negation).
fn small_class(inner: &str, casei: bool) -> Option<Vec<String>> {
    let body = inner.strip_prefix('[')?.strip_suffix(']')?;
    if body.is_empty() || body.starts_with('^') || body.chars().count() > 8 {
        return None;
    }
    let mut out = Vec::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        let c = if c == '\\' {
            // `\w`, `\d`, `\p{…}` and other escapes with a letter are classes of their own.
            let escaped = chars.next()?;
            if escaped.is_ascii_alphanumeric() {
                return None;
            }
            escaped
        } else if (c == '-' && !out.is_empty()) || c == '[' || c == '&' || c == '~' {
            return None;
        } else {
            c
        };
        if casei && !c.is_ascii() && c.is_alphabetic() {
            return None;
        }
        out.push(c.to_string());
    }
    Some(out)
}

/// Whether a class matches no ASCII word character: `\s`, `\W`, `[[:space:]]`, or a bracket
/// of those, `\n`-style escapes and ASCII punctuation (`[\s,;]`).
fn is_nonword_class(inner: &str) -> bool {
    const WHOLE: [&str; 4] = ["\\s", "\\W", "[[:space:]]", "\\p{White_Space}"];
    if WHOLE.contains(&inner) {
        return true;
    }
    let Some(body) = inner.strip_prefix('[').and_then(|b| b.strip_suffix(']')) else {
        return false;
    };
    if body.is_empty() || body.starts_with('^') {
        return false;
    }
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        let member_ok = match c {
            '\\' => matches!(chars.next(), Some('s' | 'W' | 'n' | 'r' | 't' | 'f' | 'v')),
            // A range, a nested class or a set operation: not read here.
            '-' | '[' | '&' | '~' => false,
            c => c.is_ascii_punctuation() || c == ' ',
        };
        if !member_ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn required(pattern: &str, ignore_case: bool) -> Option<Vec<String>> {
        required_literals(pattern, ignore_case).map(|set| {
            let mut texts: Vec<String> = set.into_iter().map(|l| l.text).collect();
            texts.sort();
            texts
        })
    }

    fn strings(items: &[&str]) -> Option<Vec<String>> {
        Some(items.iter().map(|s| (*s).to_owned()).collect())
    }

    /// The literals of `pattern` as `text` with `<` for a bound before and `>` for one after.
    fn bounded(pattern: &str) -> Vec<String> {
        let mut out: Vec<String> = required_literals(pattern, false)
            .unwrap_or_default()
            .into_iter()
            .map(|l| {
                let before = if l.bounds.before { "<" } else { "" };
                let after = if l.bounds.after { ">" } else { "" };
                format!("{before}{}{after}", l.text)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn required_literals_of_typical_rules() {
        assert_eq!(
            required(r"\b(?:utilize|leverage)\b", true),
            strings(&["leverage", "utilize"])
        );
        // The class before the alternation is "anything"; the words after it are required.
        assert_eq!(
            required(r"[a-zA-Z]+\s(?:meters|miles)", false),
            strings(&["meters", "miles"])
        );
        // Look-around consumes nothing; what it looks at is not part of the match.
        assert_eq!(required(r"it is(?!\.)", true), strings(&["it is"]));
        assert_eq!(required(r"(?<=\s)-\d", false), strings(&["-"]));
        // Optional parts multiply out while the set stays small.
        assert_eq!(required(r"colou?r", false), strings(&["color", "colour"]));
        assert_eq!(
            required(r"[a-z][.?!] {2,}[A-Z]", false),
            strings(&["!  ", ".  ", "?  "])
        );
        assert_eq!(required(r";", false), strings(&[";"]));
        // A backreference is anything: the literal before it still counts.
        assert_eq!(required(r"(ab)x\1", false), strings(&["abx"]));
    }

    #[test]
    fn patterns_without_a_useful_literal_run_everywhere() {
        assert_eq!(required(r"\b(\w+)\b", false), None);
        assert_eq!(required(r"[A-Z]{3,5}", false), None);
        // A single letter is in nearly every segment, unless it must stand alone.
        assert_eq!(required(r"\bI(?=[a-z])|\bme\b", true), None);
        assert_eq!(required(r"a?", false), None);
        // Non-ASCII letters under ignore-case fold in ways the automaton does not.
        assert_eq!(required("straße", true), strings(&["stra"]));
        assert_eq!(required("straße", false), strings(&["straße"]));
    }

    #[test]
    fn word_boundaries_bound_the_side_of_a_word_character() {
        assert_eq!(bounded(r"\b(?:he|she)\b"), ["<he>", "<she>"]);
        assert_eq!(bounded(r"\bfoo"), ["<foo"]);
        assert_eq!(bounded(r"foo\b"), ["foo>"]);
        // Next to a non-word character a boundary asks for a word character: no bound.
        assert_eq!(bounded(r"\b\.net\b"), [".net>"]);
        assert_eq!(bounded(r"\bC\+\+\b"), ["<C++"]);
        // `\B` asks for nothing the prefilter tests.
        assert_eq!(bounded(r"\Bing\B"), ["ing"]);
    }

    #[test]
    fn anchors_classes_and_look_around_bound_too() {
        assert_eq!(
            bounded(r"(?:^|\s)I(?=\s)|(?:^|\s)I(?=,\s)|\bI'm\b|\bme\b"),
            ["<I'm>", "<I>", "<me>"]
        );
        assert_eq!(bounded(r"(?m)^Note:"), ["<Note:"]);
        assert_eq!(bounded(r"done$"), ["done>"]);
        assert_eq!(bounded(r"(?<!\w)go(?!\w)"), ["<go>"]);
        assert_eq!(bounded(r"[\s,;]us\W"), ["<us>"]);
        assert_eq!(bounded(r"\s+we\s+"), ["<we>"]);
        // Look-behind reads what ends before the literal.
        assert_eq!(bounded(r"(?<=, )so\b"), ["<so>"]);
        // What may be empty or may be a word character bounds nothing.
        assert_eq!(bounded(r"\s*we[a-z]"), ["we"]);
        assert_eq!(bounded(r"(?:\s|x)we(?=s|\s)"), ["we"]);
        assert_eq!(bounded(r"(?!\d)we(?<!\s)"), ["we"]);
        // Assertions inside a literal bound nothing; those at its ends do.
        assert_eq!(bounded(r"\bit\b \bis\b"), ["<it is>"]);
    }

    #[test]
    fn a_bound_holds_where_no_ascii_word_character_stands() {
        let both = Bounds {
            before: true,
            after: true,
        };
        let hold = |text: &str, start: usize, end: usize| both.hold(text.as_bytes(), start, end);
        assert!(hold("he", 0, 2));
        assert!(hold("so he said", 3, 5));
        assert!(!hold("the", 1, 3));
        assert!(!hold("help", 0, 2));
        assert!(!hold("a_he", 2, 4));
        // A non-ASCII neighbour never rules an occurrence out.
        assert!(hold("\u{E9}he\u{E9}", 2, 4));
        assert!(Bounds::default().hold(b"the", 1, 3));
    }
}
