//! A `regex` regex with Unicode word boundaries, searched in windows on non-ASCII text.
//!
//! Vale styles write almost every rule as `\b(?:…)\b`. The `regex` crate runs such a pattern
//! on its lazy DFA only while the text is ASCII: the DFA cannot see Unicode word boundaries,
//! so at the first non-ASCII byte (a curly quote, an "é", any Chinese) it hands the whole
//! search to its backtracker, which costs the text's length times the pattern's size. On the
//! bench corpus that was the largest single cost of the imported Microsoft style.
//!
//! The same pattern without its word boundaries (the *spotter*) stays on the DFA on any
//! text. Every match of the pattern is a match of the spotter, and intersects one of the
//! spotter's own leftmost-first matches (had the spotter's search passed the match's start
//! without an intersecting match, it would have found a match starting there). A match is at
//! most `reach` bytes long (the pattern's longest match), so it lies within `reach` bytes of
//! one of those spotter matches. The real pattern then only runs in those windows.
//!
//! A match also consists only of characters the pattern can match at all (the union of its
//! literals and classes), and so does a spot: the two lie in the same *run* of such
//! characters. A window is therefore the spot's run, cut to `reach` bytes around the spot; a
//! pattern without a bounded length (`[A-Z]{2,}`, `\w*`) has runs only, which keeps it off the
//! backtracker too.
//!
//! Each window is searched in a prefix of the text that ends before a non-word character (or
//! at the end of the text): there, a word boundary at the end of the prefix means what it
//! means in the whole text, so every match found in the prefix is a match in the text, and a
//! match starting in the window, which lies in its spot's window, fits in it. Matches are
//! therefore exactly those, in the same order, that the pattern finds in the whole text.
//! Patterns that look at the end of the text (`$`) or can match the empty string are searched
//! whole.

pub(crate) mod word_list;

use std::ops::Range;
use std::sync::OnceLock;

use regex_automata::meta;
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition,
};

use word_list::WordList;

/// Windows wider than this are not worth the bookkeeping: the pattern is searched whole.
const MAX_REACH: usize = 512;

#[derive(Debug)]
pub(crate) struct Windowed {
    /// The compiled pattern; built on first use when [`Windowed::compile_on_first_use`] made
    /// it (a guideline's German rules never run on English text).
    regex: OnceLock<regex::Regex>,
    pattern: Box<str>,
    ignore_case: bool,
    size_limit: usize,
    /// The name of each group, group 0 first (known without compiling).
    capture_names: Box<[Option<Box<str>>]>,
    /// Whether the pattern has a word boundary for the spotter to remove.
    has_boundary: bool,
    /// Built on the first non-ASCII text, by whichever worker thread gets there, so that
    /// loading a guideline does not compile spotters one after the other for regexes that may
    /// never see such text.
    spotter: OnceLock<Option<Spotter>>,
    /// When the pattern only lists strings: the automaton that finds them instead of the
    /// regex (see [`word_list`]).
    word_list: Option<Box<WordList>>,
}

#[derive(Debug)]
struct Spotter {
    /// The pattern without word boundaries.
    unbounded: meta::Regex,
    /// The longest match of the pattern, in bytes; None when it has no bound.
    reach: Option<usize>,
    /// The characters a match can hold.
    matchable: CharSet,
}

impl Windowed {
    /// Wrap `regex`, compiled from `pattern` within `size_limit`; `pattern` is parsed again to
    /// see whether windows apply.
    pub(crate) fn new(
        regex: regex::Regex,
        pattern: &str,
        ignore_case: bool,
        size_limit: usize,
    ) -> Windowed {
        let capture_names: Box<[_]> = regex
            .capture_names()
            .map(|name| name.map(Box::from))
            .collect();
        let word_list = parse(pattern, ignore_case)
            .and_then(|hir| WordList::of(&hir, capture_names.len()))
            .map(Box::new);
        let windowed =
            Windowed::uncompiled(pattern, ignore_case, size_limit, capture_names, word_list);
        // Set just now: the cell is empty.
        let _ = windowed.regex.set(regex);
        windowed
    }

    /// `pattern`, to be compiled on first use, when parsing it tells that compiling will
    /// succeed: it has no syntax error and its program is surely within `size_limit` (see
    /// [`super::nfa_size`]). None: compile it now, for the verdict.
    pub(crate) fn compile_on_first_use(
        pattern: &str,
        ignore_case: bool,
        size_limit: usize,
    ) -> Option<Windowed> {
        let hir = parse(pattern, ignore_case)?;
        if !super::nfa_size::fits(&hir, size_limit) {
            return None;
        }
        let mut capture_names = vec![None];
        collect_capture_names(&hir, &mut capture_names);
        let word_list = WordList::of(&hir, capture_names.len()).map(Box::new);
        Some(Windowed::uncompiled(
            pattern,
            ignore_case,
            size_limit,
            capture_names.into(),
            word_list,
        ))
    }

    fn uncompiled(
        pattern: &str,
        ignore_case: bool,
        size_limit: usize,
        capture_names: Box<[Option<Box<str>>]>,
        word_list: Option<Box<WordList>>,
    ) -> Windowed {
        let has_boundary = ["\\b", "\\B", "\\<", "\\>"]
            .iter()
            .any(|assertion| pattern.contains(assertion));
        Windowed {
            regex: OnceLock::new(),
            pattern: pattern.into(),
            ignore_case,
            size_limit,
            capture_names,
            has_boundary,
            spotter: OnceLock::new(),
            word_list,
        }
    }

    pub(crate) fn regex(&self) -> &regex::Regex {
        self.regex.get_or_init(|| {
            let build = |size_limit| {
                regex::RegexBuilder::new(&self.pattern)
                    .case_insensitive(self.ignore_case)
                    .size_limit(size_limit)
                    .build()
            };
            // The pattern parsed and its bound is within the limit, so the first build
            // succeeds; were the bound ever wrong, the regex is built without the limit rather
            // than lost.
            build(self.size_limit)
                .or_else(|_| build(usize::MAX))
                .unwrap_or_else(|_| never_matching())
        })
    }

    /// Whether the regex is compiled yet.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.regex.get().is_some()
    }

    /// The name of each group, group 0 first, as `regex::Regex::capture_names` lists them.
    pub(crate) fn capture_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.capture_names.iter().map(Option::as_deref)
    }

    /// Every non-overlapping match, as `find_iter` finds them.
    pub(crate) fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        if let Some(list) = self.word_list_for(text) {
            return list.search(text, 0, false).into_iter().map(whole).collect();
        }
        match self.spotter_for(text) {
            Some(spotter) => spotter.search(text, 0, false, |hay, from| {
                self.regex()
                    .find_at(hay, from)
                    .map(|m| (m.range(), m.range()))
            }),
            None => self.regex().find_iter(text).map(|m| m.range()).collect(),
        }
    }

    /// Every non-overlapping match with its groups (group 0: the whole match), as
    /// `captures_iter` finds them.
    pub(crate) fn captures_all(&self, text: &str) -> Vec<Vec<Option<Range<usize>>>> {
        if let Some(list) = self.word_list_for(text) {
            return list.search(text, 0, false);
        }
        let groups = |c: regex::Captures<'_>| c.iter().map(|m| m.map(|m| m.range())).collect();
        match self.spotter_for(text) {
            Some(spotter) => spotter.search(text, 0, false, |hay, from| {
                let found = self.regex().captures_at(hay, from)?;
                let whole = found.get(0)?.range();
                Some((whole, groups(found)))
            }),
            None => self.regex().captures_iter(text).map(groups).collect(),
        }
    }

    /// The leftmost match starting at or after `at`, with its groups, as `captures_at` finds
    /// it.
    pub(crate) fn captures_at(&self, text: &str, at: usize) -> Option<Vec<Option<Range<usize>>>> {
        if let Some(list) = self.word_list_for(text) {
            return list.search(text, at, true).pop();
        }
        let groups = |c: regex::Captures<'_>| c.iter().map(|m| m.map(|m| m.range())).collect();
        match self.spotter_for(text) {
            Some(spotter) => spotter
                .search(text, at, true, |hay, from| {
                    let found = self.regex().captures_at(hay, from)?;
                    let whole = found.get(0)?.range();
                    Some((whole, groups(found)))
                })
                .pop(),
            None => self.regex().captures_at(text, at).map(groups),
        }
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        if let Some(list) = self.word_list_for(text) {
            return !list.search(text, 0, true).is_empty();
        }
        match self.spotter_for(text) {
            Some(spotter) => !spotter
                .search(text, 0, true, |hay, from| {
                    self.regex().find_at(hay, from).map(|m| (m.range(), ()))
                })
                .is_empty(),
            None => self.regex().is_match(text),
        }
    }

    /// The leftmost match starting at or after `at`, as `find_at` finds it.
    pub(crate) fn find_at(&self, text: &str, at: usize) -> Option<Range<usize>> {
        if let Some(list) = self.word_list_for(text) {
            return list.search(text, at, true).pop().map(whole);
        }
        match self.spotter_for(text) {
            Some(spotter) => spotter
                .search(text, at, true, |hay, from| {
                    self.regex()
                        .find_at(hay, from)
                        .map(|m| (m.range(), m.range()))
                })
                .pop(),
            None => self.regex().find_at(text, at).map(|m| m.range()),
        }
    }

    /// Whether a search of `text` stays off the regex's backtracker: the text is ASCII (the
    /// regex's DFA sees its word boundaries), the word list finds the matches, or the search
    /// goes window by window.
    pub(crate) fn is_fast_on(&self, text: &str) -> bool {
        text.is_ascii() || self.word_list_for(text).is_some() || self.spotter_for(text).is_some()
    }

    /// The word list, when the pattern is one and it finds in `text` what the regex finds.
    fn word_list_for(&self, text: &str) -> Option<&WordList> {
        self.word_list.as_deref().filter(|list| list.handles(text))
    }

    /// The spotter, when it helps: on ASCII text the pattern stays on its DFA anyway.
    fn spotter_for(&self, text: &str) -> Option<&Spotter> {
        if !self.has_boundary || text.is_ascii() {
            return None;
        }
        self.spotter
            .get_or_init(|| Spotter::new(&self.pattern, self.ignore_case))
            .as_ref()
    }
}

impl Spotter {
    fn new(pattern: &str, ignore_case: bool) -> Option<Spotter> {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(ignore_case)
            .build()
            .parse(pattern)
            .ok()?;
        let properties = hir.properties();
        let looks = properties.look_set();
        let ends = [Look::End, Look::EndLF, Look::EndCRLF];
        if !looks.contains_word_unicode()
            || ends.iter().any(|&look| looks.contains(look))
            || properties.minimum_len().is_none_or(|len| len == 0)
        {
            return None;
        }
        let reach = properties.maximum_len().filter(|&len| len <= MAX_REACH);
        let matchable = CharSet::of(&hir)?;
        let unbounded = without_word_boundaries(&hir);
        if unbounded.properties().look_set().contains_word_unicode() {
            return None;
        }
        let unbounded = meta::Regex::builder()
            .configure(meta::Config::new().nfa_size_limit(Some(4 << 20)))
            .build_from_hir(&unbounded)
            .ok()?;
        Some(Spotter {
            unbounded,
            reach,
            matchable,
        })
    }

    /// Where matches intersecting `spot` can lie: the run of matchable characters around it,
    /// within `reach` of it.
    fn window(&self, text: &str, spot: Range<usize>) -> Range<usize> {
        let before = text.get(..spot.start).unwrap_or("");
        let run_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !self.matchable.contains(c))
            .map_or(0, |(at, c)| at + c.len_utf8());
        let after = text.get(spot.end..).unwrap_or("");
        let run_end = after
            .char_indices()
            .find(|&(_, c)| !self.matchable.contains(c))
            .map_or(text.len(), |(at, _)| spot.end + at);
        match self.reach {
            Some(reach) => {
                let start = floor_char_boundary(text, spot.start.saturating_sub(reach));
                let end = ceil_char_boundary(text, spot.end.saturating_add(reach).min(text.len()));
                run_start.max(start)..run_end.min(end)
            }
            None => run_start..run_end,
        }
    }

    /// Search `text` window by window with `find(prefix, from)`, which returns the leftmost
    /// match starting at or after `from` in `prefix` and what to keep of it.
    fn search<T>(
        &self,
        text: &str,
        from: usize,
        first_only: bool,
        mut find: impl FnMut(&str, usize) -> Option<(Range<usize>, T)>,
    ) -> Vec<T> {
        let mut out = Vec::new();
        // The end of the last match: the next match starts at or after it. The argument for
        // windows holds for spots searched from any offset at or before a match's start.
        let mut resume = from;
        let mut spots = self
            .unbounded
            .find_iter(regex_automata::Input::new(text).range(from..))
            .map(|spot| self.window(text, spot.range()))
            .peekable();
        while let Some(window) = spots.next() {
            let mut end = window.end;
            // Overlapping windows are searched as one.
            while let Some(next) = spots.next_if(|next| next.start <= end) {
                end = end.max(next.end);
            }
            let prefix = &text[..end_before_non_word(text, end)];
            let mut from = window.start.max(resume);
            while from < end {
                let Some((range, kept)) = find(prefix, from) else {
                    break;
                };
                if range.start >= end {
                    break;
                }
                from = range.end.max(range.start + 1);
                resume = range.end;
                out.push(kept);
                if first_only {
                    return out;
                }
            }
        }
        out
    }
}

/// A set of characters, with a bit per ASCII character.
#[derive(Debug)]
struct CharSet {
    ascii: u128,
    ranges: Vec<ClassUnicodeRange>,
}

impl CharSet {
    /// Every character that a match of `hir` can hold; None for a byte-oriented pattern.
    fn of(hir: &Hir) -> Option<CharSet> {
        let mut ranges = Vec::new();
        collect_chars(hir, &mut ranges)?;
        // One canonicalization of all the ranges: a union per literal re-merged the whole set
        // each time, quadratic in a word list's size (a third of building a spotter).
        let class = ClassUnicode::new(ranges);
        let mut ascii = 0u128;
        for byte in 0..128u8 {
            let c = char::from(byte);
            if class
                .ranges()
                .iter()
                .any(|range| range.start() <= c && c <= range.end())
            {
                ascii |= 1 << byte;
            }
        }
        Some(CharSet {
            ascii,
            ranges: class.ranges().to_vec(),
        })
    }

    fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii & (1 << u32::from(c)) != 0;
        }
        self.ranges
            .binary_search_by(|range| {
                if range.end() < c {
                    std::cmp::Ordering::Less
                } else if range.start() > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// Add the characters of every literal and class of `hir` to `ranges` (unsorted, overlapping).
fn collect_chars(hir: &Hir, ranges: &mut Vec<ClassUnicodeRange>) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => {
            let chars = std::str::from_utf8(&literal.0).ok()?;
            ranges.extend(chars.chars().map(|c| ClassUnicodeRange::new(c, c)));
        }
        HirKind::Class(Class::Unicode(unicode)) => ranges.extend_from_slice(unicode.ranges()),
        HirKind::Class(Class::Bytes(bytes)) => {
            ranges.extend_from_slice(bytes.to_unicode_class()?.ranges());
        }
        HirKind::Repetition(repetition) => collect_chars(&repetition.sub, ranges)?,
        HirKind::Capture(capture) => collect_chars(&capture.sub, ranges)?,
        HirKind::Concat(children) | HirKind::Alternation(children) => {
            for child in children {
                collect_chars(child, ranges)?;
            }
        }
    }
    Some(())
}

/// `pattern` parsed as `regex::RegexBuilder` parses it.
fn parse(pattern: &str, ignore_case: bool) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(ignore_case)
        .build()
        .parse(pattern)
        .ok()
}

/// Group 0 of a match's groups.
fn whole(groups: Vec<Option<Range<usize>>>) -> Range<usize> {
    groups.into_iter().next().flatten().unwrap_or(0..0)
}

/// Add the names of `hir`'s groups at their indexes.
fn collect_capture_names(hir: &Hir, names: &mut Vec<Option<Box<str>>>) {
    match hir.kind() {
        HirKind::Capture(capture) => {
            let index = capture.index as usize;
            if names.len() <= index {
                names.resize(index + 1, None);
            }
            names[index] = capture.name.clone();
            collect_capture_names(&capture.sub, names);
        }
        HirKind::Repetition(repetition) => collect_capture_names(&repetition.sub, names),
        HirKind::Concat(children) | HirKind::Alternation(children) => {
            for child in children {
                collect_capture_names(child, names);
            }
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

/// A regex that matches nothing: what a pattern that cannot be compiled at all stands for.
fn never_matching() -> regex::Regex {
    regex::Regex::new(r"[^\s\S]").expect("a constant pattern")
}

/// `hir` with its word-boundary assertions (ASCII or Unicode) removed: a wider pattern.
fn without_word_boundaries(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(look) if is_word_boundary(*look) => Hir::empty(),
        HirKind::Concat(children) => {
            Hir::concat(children.iter().map(without_word_boundaries).collect())
        }
        HirKind::Alternation(children) => {
            Hir::alternation(children.iter().map(without_word_boundaries).collect())
        }
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(without_word_boundaries(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(without_word_boundaries(&capture.sub)),
            ..capture.clone()
        }),
        _ => hir.clone(),
    }
}

fn is_word_boundary(look: Look) -> bool {
    !matches!(
        look,
        Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF
    )
}

/// The first offset at or after `at` where the character that follows is not a word
/// character (or the end of the text).
fn end_before_non_word(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    rest.char_indices()
        .find(|(_, c)| !regex_syntax::is_word_character(*c))
        .map_or(text.len(), |(offset, _)| at + offset)
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn windowed(pattern: &str, ignore_case: bool) -> Windowed {
        let regex = regex::RegexBuilder::new(pattern)
            .case_insensitive(ignore_case)
            .build()
            .unwrap();
        Windowed::new(regex, pattern, ignore_case, 1 << 20)
    }

    /// A regex compiled on first use finds what one compiled at once finds, with the same
    /// groups, and is compiled only when searched.
    #[test]
    fn compiled_on_first_use_matches_as_compiled_at_once() {
        let cases = [
            (r"\bleverag(?:es|ed|ing)\b", true),
            (r"(?P<first>\w+) (?:and|und) (?P<second>\w+)", false),
            (r"(?i)\b(?:nahtlos\w*|weltklasse)\b", false),
            (r"([!！])[!！]+", false),
            (r"\p{Han}[,;?!]|\p{Han}:(?:\s|$)", false),
        ];
        let texts = [
            "We LEVERAGED it; leveraging, leverages.",
            "Fernway and Trainline, Zug und Bahn",
            "Nahtlose Übergänge, WELTKLASSE!!",
            "你好,世界: 好!! 再见！！",
            "",
        ];
        for (pattern, ignore_case) in cases {
            let lazy = Windowed::compile_on_first_use(pattern, ignore_case, 1 << 20)
                .unwrap_or_else(|| panic!("{pattern} fits"));
            let eager = windowed(pattern, ignore_case);
            assert_eq!(
                lazy.capture_names().collect::<Vec<_>>(),
                eager.regex().capture_names().collect::<Vec<_>>(),
                "{pattern}"
            );
            assert!(!lazy.is_compiled(), "{pattern}: names need no compiling");
            for text in texts {
                assert_eq!(lazy.find_all(text), eager.find_all(text), "{pattern}");
                assert_eq!(lazy.captures_all(text), eager.captures_all(text));
                assert_eq!(lazy.is_match(text), eager.is_match(text));
            }
            // A list of strings is searched by its automaton: the regex is never needed.
            assert_eq!(lazy.is_compiled(), lazy.word_list.is_none(), "{pattern}");
        }
        // What compiling must judge is compiled at once: a syntax error, a program that may be
        // over the limit.
        assert!(Windowed::compile_on_first_use("ab(cd", false, 1 << 20).is_none());
        assert!(Windowed::compile_on_first_use(r"\w{1000}", false, 4 << 20).is_none());
    }

    /// The matchable characters are exactly those of the pattern's literals and classes (with
    /// their other cases when case is ignored), however the pattern nests them.
    #[test]
    fn matchable_characters_are_those_of_literals_and_classes() {
        let parse = |pattern: &str, ignore_case: bool| {
            let hir = regex_syntax::ParserBuilder::new()
                .case_insensitive(ignore_case)
                .build()
                .parse(pattern)
                .unwrap();
            CharSet::of(&hir).unwrap()
        };
        let set = parse(r"\b(?:café|naïve (?:x|[0-3])+|(中)文)\b", false);
        for c in "cafénaïve x0123中文".chars() {
            assert!(set.contains(c), "{c:?}");
        }
        for c in "CAFÉbd4-\u{301}日".chars() {
            assert!(!set.contains(c), "{c:?}");
        }
        let folded = parse(r"\b(?:straße|ärger)\b", true);
        for c in "STRAẞEÄRGERſ".chars() {
            assert!(folded.contains(c), "{c:?}");
        }
        assert!(!folded.contains('b'));
    }

    #[test]
    fn the_stand_in_for_an_uncompilable_pattern_matches_nothing() {
        let never = never_matching();
        for text in ["", "a", " ", "\n", "你好"] {
            assert!(!never.is_match(text), "{text:?}");
        }
    }

    /// The windowed search against the plain one, on texts with umlauts, Chinese, emoji and
    /// curly quotes around and inside the words the patterns look for.
    fn assert_same(pattern: &str, ignore_case: bool, texts: &[&str]) {
        let windowed = windowed(pattern, ignore_case);
        assert!(
            windowed.spotter_for("\u{E9}").is_some(),
            "{pattern} should use windows"
        );
        let plain = windowed.regex();
        for text in texts {
            let expected: Vec<_> = plain.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(windowed.find_all(text), expected, "{pattern} on {text:?}");
            let expected: Vec<Vec<_>> = plain
                .captures_iter(text)
                .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
                .collect();
            assert_eq!(
                windowed.captures_all(text),
                expected,
                "{pattern} on {text:?}"
            );
            assert_eq!(windowed.is_match(text), plain.is_match(text));
            for (at, _) in text.char_indices() {
                let expected: Option<Vec<_>> = plain
                    .captures_at(text, at)
                    .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect());
                assert_eq!(
                    windowed.captures_at(text, at),
                    expected,
                    "{pattern} at {at}"
                );
                let expected = plain.find_at(text, at).map(|m| m.range());
                assert_eq!(
                    windowed.find_at(text, at),
                    expected,
                    "{pattern} on {text:?} at {at}"
                );
            }
        }
    }

    const TEXTS: &[&str] = &[
        "We think it\u{2019}s fine \u{2014} the café is ours; über-us, usé, Müller uses us.",
        "us我们us 我们 us, ours\u{1F600}us",
        "\u{201C}as well as\u{201D} as well as, as wellas asas as",
        "éus us é usé üs ẞus us",
        "foo bar baz xfoo bar baz foo barbaz é",
        "ich bin hier, wir sind da. Nicht wir!",
    ];

    #[test]
    fn windows_find_what_the_whole_search_finds() {
        assert_same(r"\b(?:we|us|ours?|let's)\b", true, TEXTS);
        assert_same(r"\b(?:as well as|as)\b", false, TEXTS);
        // A match that starts inside an earlier spot of the spotter, and one that ends far
        // beyond it: the window must reach the pattern's longest match past the spot.
        assert_same(r"\bfoo bar\b|\bbar baz\b", false, TEXTS);
        assert_same(r"\ba b\b|\bb - - - c\b", false, &["\u{E9} xa b - - - c, d"]);
        assert_same(r"\b(u)(s)\B", false, TEXTS);
        assert_same(r"\b{start}wir\b{end}|\bnicht\b", true, TEXTS);
        assert_same(r"(?-u:\b)us\b", false, TEXTS);
    }

    /// Patterns without a longest match search the runs of characters they can match.
    #[test]
    fn unbounded_patterns_search_their_runs() {
        let texts = generated_texts(3000);
        let mut texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        texts.extend(TEXTS);
        texts
            .push("THE NEW SALE IS \u{201C}ON NOW\u{201D} \u{2014} DON\u{2019}T WAIT, FOR YOU ALL");
        texts.push("Ein revolutionäres, nahtloses Erlebnis: Revolutionär! nahtlos-weiter");
        assert_same(r"\bus\w*", false, &texts);
        assert_same(r"(?i)\b(?:us\w*|well|a[- ]?s)\b", true, &texts);
        assert_same(
            r"\b[A-Z]{2,}(?:[ ]+[A-Z’]{2,})*[ ]+(?:IS|FOR|YOU)(?:[ ]+[A-Z’]{2,})+\b",
            false,
            &texts,
        );
        assert_same(r"(?i)\b(?:revolution\w*|nahtlos\w*)\b", true, &texts);
        assert_same(r"\b(\w+) (\w+)\b", false, &texts);
    }

    /// Generated texts from pieces that sit on both sides of word boundaries.
    #[test]
    fn windows_agree_with_the_whole_search_on_generated_text() {
        let texts = generated_texts(3000);
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert_same(r"\b(?:we|us|ours?)\b", true, &texts);
        assert_same(r"\b(?:as well as|as|well)\b", false, &texts);
        assert_same(r"\bus\B|\Bs\b", false, &texts);
        assert_same(r"\b(\w{1,3}) (\w{1,3})\b", false, &texts);
    }

    /// `count` texts of English and non-ASCII pieces (umlauts, Chinese, emoji, curly quotes),
    /// the same on every run.
    pub(crate) fn generated_texts(count: usize) -> Vec<String> {
        let pieces = [
            "us",
            "we",
            "ours",
            " ",
            "  ",
            "\u{E9}",
            "\u{6211}",
            "\u{2019}",
            ",",
            "a",
            "s",
            "as",
            "well",
            "\u{1F600}",
            "\u{FC}ber",
            "-",
            "\n",
        ];
        texts_of(&pieces, count, 40, 0x9E37_79B9_7F4A_7C15)
    }

    /// 1,500 [`generated_texts`], and each with its letters in upper case, with the long s for
    /// `s` and with the Kelvin sign for `a`: what `(?i)` folds to ASCII letters.
    pub(crate) fn generated_texts_and_folds() -> Vec<String> {
        generated_texts(1500)
            .into_iter()
            .flat_map(|text| {
                [
                    text.to_uppercase(),
                    text.replace('s', "\u{17F}"),
                    text.replace('a', "\u{212A}"),
                    text,
                ]
            })
            .collect()
    }

    /// `count` texts of up to `most` of `pieces` each, drawn by a xorshift generator from
    /// `seed`: the same texts on every run.
    pub(crate) fn texts_of(pieces: &[&str], count: usize, most: usize, seed: u64) -> Vec<String> {
        let mut seed = seed;
        let mut next = move |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        (0..count)
            .map(|_| {
                (0..next(most))
                    .map(|_| pieces[next(pieces.len())])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn empty_or_end_anchored_patterns_are_searched_whole() {
        for pattern in [r"\b", r"\bus$", r"us\z", "caf\u{E9}", r"(?-u:\b)us"] {
            assert!(
                windowed(pattern, false).spotter_for("\u{E9}").is_none(),
                "{pattern}"
            );
        }
        // Searched whole, still right.
        let whole = windowed(r"\bus$", false);
        assert_eq!(whole.find_all("é us"), vec![3..5]);
    }

    #[test]
    fn word_boundaries_are_removed_from_the_spotter_only() {
        let hir = regex_syntax::parse(r"^\bus\B(?:a\b{end})+").unwrap();
        let looks = without_word_boundaries(&hir).properties().look_set();
        assert!(!looks.contains_word());
        assert!(looks.contains(Look::Start));
        assert_eq!(end_before_non_word("abc déf, g", 4), 8);
        assert_eq!(end_before_non_word("abc", 1), 3);
    }
}
