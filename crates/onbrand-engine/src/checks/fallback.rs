//! A regex that is compiled by the `regex` crate whenever it can be, and by the backtracking
//! `fancy-regex` only when `regex` rejects the pattern (look-around, backreferences: Vale styles
//! use both). The fast path keeps its linear-time guarantee and its place in the `RegexSet`
//! prefilter; a fallback regex gets a place in the prefilter too (by the literals it requires),
//! and a backtracking limit so that a pathological pattern ends in "no match" rather than a hung
//! lint.
//!
//! The backtracker is slow where it has to try every position of a segment, so each fallback
//! regex also carries a *gate*: the pattern with its look-around removed and its backreferences
//! widened to "anything", compiled by `regex`. Every match of the pattern is a match of the gate
//! (look-around consumes no text), so a segment the gate does not match is skipped in linear
//! time, and the backtracker only runs where a match is likely.

use std::ops::Range;
use std::sync::OnceLock;

use super::windowed::Windowed;
use super::windowed::word_list::WordList;

/// Backtracking steps per match attempt of the first tier: what an ordinary attempt needs.
const CHEAP_LIMIT: usize = 1_000;

/// Backtracking steps per match attempt of the second tier, tried when the first gives up.
const BACKTRACK_LIMIT: usize = 200_000;

/// Worst-case backtracking steps one regex may spend on one document: every attempt is charged
/// the limit of its tier (the engine does not say what it used), so the work of a backtracking
/// rule stays linear in the document. 193 kB once took one pattern 41 s, one 200,000-step
/// attempt after another. An ordinary document (a candidate every ten bytes, each attempt
/// within the first tier, in paragraphs of a kilobyte) uses about half of the 400 steps per
/// byte. When the budget is spent, the rule is skipped for the rest of the document, and the
/// lint says so in a note (see [`DocumentBudget`]).
fn budget_for(document_len: usize) -> u64 {
    (document_len as u64)
        .saturating_mul(400)
        .saturating_add(20 * BACKTRACK_LIMIT as u64)
}

thread_local! {
    /// The budgets of the document being checked on this thread (the checks of one document
    /// run on one thread): steps left per regex, by the regex's address.
    static BUDGETS: std::cell::RefCell<Option<Budgets>> = const { std::cell::RefCell::new(None) };
}

struct Budgets {
    document_len: usize,
    left: std::collections::HashMap<usize, u64>,
    /// Set when a regex found its budget spent; taken by the caller that names the rule.
    spent: bool,
}

/// The backtracking budgets of one document's check, for as long as the guard lives. Outside
/// a document's check (compiling a guideline, testing its examples) attempts are not charged.
pub(crate) struct DocumentBudget {
    previous: Option<Budgets>,
}

impl DocumentBudget {
    pub(crate) fn enter(document_len: usize) -> DocumentBudget {
        let budgets = Budgets {
            document_len,
            left: std::collections::HashMap::new(),
            spent: false,
        };
        DocumentBudget {
            previous: BUDGETS.with(|cell| cell.replace(Some(budgets))),
        }
    }

    /// Whether a regex ran out of budget since the last call.
    pub(crate) fn take_spent(&self) -> bool {
        Self::take_spent_now()
    }

    /// [`Self::take_spent`] where the guard is held further up the stack.
    pub(crate) fn take_spent_now() -> bool {
        BUDGETS.with(|cell| {
            cell.borrow_mut()
                .as_mut()
                .is_some_and(|budgets| std::mem::take(&mut budgets.spent))
        })
    }
}

impl Drop for DocumentBudget {
    fn drop(&mut self) {
        let previous = self.previous.take();
        BUDGETS.with(|cell| cell.replace(previous));
    }
}

/// Charge `steps` to the regex at `key`; false (and the document's `spent` flag set) when its
/// budget cannot cover them.
fn charge(key: usize, steps: usize) -> bool {
    charge_to(key, steps as u64, budget_for)
}

/// Charge `steps` to the budget at `key` (an address that names what spends it), whose size
/// for a document of `len` bytes is `size(len)`; false (and the document's `spent` flag set)
/// when it cannot cover them. Outside a document's check nothing is charged. The spelling
/// rule's dictionary lookups are charged here too.
pub(crate) fn charge_to(key: usize, steps: u64, size: fn(usize) -> u64) -> bool {
    BUDGETS.with(|cell| {
        let mut budgets = cell.borrow_mut();
        let Some(budgets) = budgets.as_mut() else {
            return true;
        };
        let initial = size(budgets.document_len);
        let left = budgets.left.entry(key).or_insert(initial);
        match left.checked_sub(steps) {
            Some(rest) => {
                *left = rest;
                true
            }
            None => {
                *left = 0;
                budgets.spent = true;
                false
            }
        }
    })
}

/// Why a backtracking search stopped before the end of its text.
#[derive(Debug)]
struct Spent;

/// A backtracking regex in two tiers: every attempt first with a small step limit, and only
/// an attempt that needs more again with the full one (compiled on first need).
#[derive(Debug)]
pub(crate) struct Tiered {
    cheap: fancy_regex::Regex,
    source: String,
    size_limit: usize,
    full: OnceLock<Option<fancy_regex::Regex>>,
}

impl Tiered {
    fn new(source: &str, size_limit: usize) -> Option<Tiered> {
        Some(Tiered {
            cheap: build_fancy(source, CHEAP_LIMIT, size_limit)?,
            source: source.to_owned(),
            size_limit,
            full: OnceLock::new(),
        })
    }

    /// The leftmost match at or after `pos`, charged to this regex's budget: the step limit of
    /// each tier tried, plus the rest of the text, which the regular parts fancy-regex hands to
    /// the `regex` crate (a look-ahead such as `(?=[^.]*x)`) may scan once per attempt without
    /// counting a step.
    fn captures_from_pos(&self, text: &str, pos: usize) -> Result<Option<Caps>, Spent> {
        let key = std::ptr::from_ref(self) as usize;
        let rest = text.len().saturating_sub(pos);
        if !charge(key, CHEAP_LIMIT + rest) {
            return Err(Spent);
        }
        let to_caps = |c: fancy_regex::Captures<'_>| Caps {
            groups: c.iter().map(|m| m.map(|m| m.range())).collect(),
        };
        match self.cheap.captures_from_pos(text, pos) {
            Ok(found) => return Ok(found.map(to_caps)),
            Err(_) if !charge(key, BACKTRACK_LIMIT + rest) => return Err(Spent),
            Err(_) => {}
        }
        let full = self
            .full
            .get_or_init(|| build_fancy(&self.source, BACKTRACK_LIMIT, self.size_limit));
        match full
            .as_ref()
            .and_then(|full| full.captures_from_pos(text, pos).ok())
        {
            Some(found) => Ok(found.map(to_caps)),
            // Over the full limit too: no answer for this text is better than a wrong one.
            _ => {
                BUDGETS.with(|cell| {
                    if let Some(budgets) = cell.borrow_mut().as_mut() {
                        budgets.spent = true;
                    }
                });
                Err(Spent)
            }
        }
    }
}

fn build_fancy(source: &str, limit: usize, size_limit: usize) -> Option<fancy_regex::Regex> {
    fancy_regex::RegexBuilder::new(source)
        .backtrack_limit(limit)
        .delegate_size_limit(size_limit)
        .build()
        .ok()
}

#[derive(Debug)]
pub(crate) enum AnyRegex {
    Fast(Windowed),
    Fancy(Box<Fancy>),
}

/// A backtracking regex: tried only where its linear-time gate matches or, when the pattern
/// has no such approximation (a conditional, for example), run over the whole text.
#[derive(Debug)]
pub(crate) enum Fancy {
    Gated(Box<Gate>),
    Whole(Box<Tiered>),
}

/// The linear-time approximation of a fallback regex, and the regex anchored with `\G` so
/// that it is tried only where the approximation says a match can start.
///
/// Unicode word boundaries keep `regex` off its DFA on any segment with a non-ASCII
/// character. The gate then searches window by window (see [`super::windowed`]) when its
/// matches have a bounded length; otherwise it takes one of two other forms: with ASCII word
/// boundaries, which are the same thing on text whose non-ASCII characters are all
/// punctuation (curly quotes, dashes), or without word boundaries at all, a wider net for
/// text with non-ASCII letters.
#[derive(Debug)]
pub(crate) struct Gate {
    wide: Windowed,
    ascii: LazyRegex,
    loose: LazyRegex,
    anchored: Tiered,
    /// When the pattern, look-around and all, only lists strings (`it is(?!\.)`): the
    /// automaton that finds its matches without the backtracker (see [`WordList`]).
    list: Option<Box<WordList>>,
}

impl Gate {
    /// Where the leftmost match of the gate, or of a wider form of it, starts at or after `at`.
    fn next_start(&self, text: &str, at: usize) -> Option<usize> {
        if self.wide.is_fast_on(text) {
            return self.wide.find_at(text, at).map(|found| found.start);
        }
        let form = if has_non_ascii_word_char(text) {
            &self.loose
        } else {
            &self.ascii
        };
        let regex = form.get().unwrap_or(self.wide.regex());
        regex.find_at(text, at).map(|found| found.start())
    }
}

/// A regex compiled on first use, by whichever worker thread needs it first: the other forms
/// of a gate are only needed for text with non-ASCII characters, and loading a guideline
/// should not compile them one after the other up front.
#[derive(Debug)]
struct LazyRegex {
    source: Option<String>,
    size_limit: usize,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl LazyRegex {
    fn new(source: Option<String>, size_limit: usize) -> LazyRegex {
        LazyRegex {
            source,
            size_limit,
            compiled: OnceLock::new(),
        }
    }

    fn get(&self) -> Option<&regex::Regex> {
        self.compiled
            .get_or_init(|| {
                let source = self.source.as_deref()?;
                regex::RegexBuilder::new(source)
                    .size_limit(self.size_limit)
                    .build()
                    .ok()
            })
            .as_ref()
    }
}

/// Whether `text` holds a non-ASCII character that may be a word character for Unicode `\b`.
/// Only common punctuation is known not to be; anything else counts as a word character.
fn has_non_ascii_word_char(text: &str) -> bool {
    text.chars().any(|c| {
        !c.is_ascii()
            && !matches!(c,
                '\u{A0}'..='\u{A9}' | '\u{AB}'..='\u{B1}' | '\u{B4}' | '\u{B6}'..='\u{B8}'
                | '\u{BB}' | '\u{BF}' | '\u{D7}' | '\u{F7}'
                | '\u{2000}'..='\u{200B}' | '\u{200E}'..='\u{203E}' | '\u{2041}'..='\u{2053}'
                | '\u{2055}'..='\u{206F}')
    })
}

impl Fancy {
    fn may_match(&self, text: &str) -> bool {
        match self {
            Fancy::Gated(gate) => gate.wide.is_match(text),
            Fancy::Whole(_) => true,
        }
    }

    /// The compiled pattern (anchored with `\G` when gated, which adds no group).
    fn regex(&self) -> &fancy_regex::Regex {
        match self {
            Fancy::Gated(gate) => &gate.anchored.cheap,
            Fancy::Whole(regex) => &regex.cheap,
        }
    }

    /// Every non-overlapping match, leftmost first, as the backtracker alone would find them.
    ///
    /// Every match of the regex is a match of the gate's wide regex at the same start, so the
    /// starts of wide matches, in order, are the only places worth trying: at each, the
    /// anchored regex decides. The backtracker never walks the text between candidates.
    fn captures(&self, text: &str, from: usize, first_only: bool) -> Vec<Caps> {
        if let Fancy::Gated(gate) = self
            && let Some(list) = gate.list.as_deref().filter(|list| list.handles(text))
        {
            let found = list.search(text, from, first_only);
            return found.into_iter().map(|groups| Caps { groups }).collect();
        }
        let mut out = Vec::new();
        let mut at = from;
        while at <= text.len() {
            let (start, found) = match self {
                Fancy::Gated(gate) => {
                    let Some(start) = gate.next_start(text, at) else {
                        break;
                    };
                    (start, gate.anchored.captures_from_pos(text, start))
                }
                Fancy::Whole(regex) => (at, regex.captures_from_pos(text, at)),
            };
            match found {
                Ok(Some(caps)) => {
                    let whole = caps.whole();
                    at = if whole.is_empty() {
                        next_char(text, whole.start.max(start))
                    } else {
                        whole.end
                    };
                    out.push(caps);
                    if first_only {
                        break;
                    }
                }
                // Unanchored, no match from `at` means none in the rest of the text.
                Ok(None) if matches!(self, Fancy::Whole(_)) => break,
                Ok(None) => at = next_char(text, start),
                // The document's budget is spent: the caller's rule is skipped, with a note.
                Err(Spent) => break,
            }
        }
        out
    }
}

/// The byte offset after the character at `at` (or past the end).
fn next_char(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(at + 1, |c| at + c.len_utf8())
}

impl std::ops::Deref for Fancy {
    type Target = fancy_regex::Regex;

    fn deref(&self) -> &fancy_regex::Regex {
        self.regex()
    }
}

/// One match: group 0 is the whole match, then the capture groups (None when not taking part).
#[derive(Debug)]
pub(crate) struct Caps {
    pub(crate) groups: Vec<Option<Range<usize>>>,
}

impl Caps {
    pub(crate) fn whole(&self) -> Range<usize> {
        self.groups.first().cloned().flatten().unwrap_or(0..0)
    }
}

impl AnyRegex {
    /// Compile with `regex`, or, if `regex` rejects the syntax, with `fancy-regex`. When both
    /// reject it, the error is `regex`'s: its message and the 0-based character it points at,
    /// which is what the guideline error reports. A pattern that parsing shows `regex` will
    /// compile is compiled on its first use instead (most of a guideline's regexes are not
    /// needed by a short run, and compiling them was most of its start-up).
    pub(crate) fn new(
        pattern: &str,
        ignore_case: bool,
        size_limit: usize,
    ) -> Result<Self, (String, Option<usize>)> {
        if let Some(regex) = Windowed::compile_on_first_use(pattern, ignore_case, size_limit) {
            return Ok(AnyRegex::Fast(regex));
        }
        let fast = regex::RegexBuilder::new(pattern)
            .case_insensitive(ignore_case)
            .size_limit(size_limit)
            .build();
        match fast {
            Ok(regex) => Ok(AnyRegex::Fast(Windowed::new(
                regex,
                pattern,
                ignore_case,
                size_limit,
            ))),
            Err(regex::Error::Syntax(fast_error)) => {
                let source = if ignore_case {
                    format!("(?i){pattern}")
                } else {
                    pattern.to_owned()
                };
                let fancy = |source: &str| Tiered::new(source, size_limit);
                let build = |source: &str| {
                    regex::RegexBuilder::new(source)
                        .size_limit(size_limit)
                        .build()
                        .ok()
                };
                // Gated, only the anchored form is needed: compiling a backtracking regex
                // twice was most of the cost of loading the imported Microsoft style.
                let gate = gate_source(&source, Boundaries::Unicode).and_then(|gate| {
                    let wide = Windowed::new(build(&gate)?, &gate, false, size_limit);
                    let ascii = LazyRegex::new(gate_source(&source, Boundaries::Ascii), size_limit);
                    let loose =
                        LazyRegex::new(gate_source(&source, Boundaries::Dropped), size_limit);
                    let anchored = fancy(&format!(r"\G(?:{source})"))?;
                    let list = WordList::of_fancy(&source, anchored.cheap.captures_len());
                    Some(Gate {
                        wide,
                        ascii,
                        loose,
                        anchored,
                        list: list.map(Box::new),
                    })
                });
                let fancy = match gate {
                    Some(gate) => Fancy::Gated(Box::new(gate)),
                    None => Fancy::Whole(Box::new(fancy(&source).ok_or_else(|| {
                        super::regexes::describe_error(&regex::Error::Syntax(fast_error))
                    })?)),
                };
                Ok(AnyRegex::Fancy(Box::new(fancy)))
            }
            Err(other) => Err(super::regexes::describe_error(&other)),
        }
    }

    /// Whether the backtracking regex is a list of strings, searched by an automaton.
    #[cfg(test)]
    pub(crate) fn is_listed(&self) -> bool {
        matches!(self, AnyRegex::Fancy(fancy) if matches!(&**fancy, Fancy::Gated(gate) if gate.list.is_some()))
    }

    /// Every non-overlapping match with its groups. A fallback regex that exceeds its
    /// backtracking limit stops reporting at that point.
    pub(crate) fn captures(&self, text: &str) -> Vec<Caps> {
        match self {
            AnyRegex::Fast(regex) => regex
                .captures_all(text)
                .into_iter()
                .map(|groups| Caps { groups })
                .collect(),
            AnyRegex::Fancy(fancy) => fancy.captures(text, 0, false),
        }
    }

    /// The leftmost match starting at or after `from`, with its groups (the text before
    /// `from` is context for look-behind and word boundaries).
    pub(crate) fn captures_from(&self, text: &str, from: usize) -> Option<Caps> {
        match self {
            AnyRegex::Fast(regex) => regex.captures_at(text, from).map(|groups| Caps { groups }),
            AnyRegex::Fancy(fancy) => fancy.captures(text, from, true).pop(),
        }
    }

    /// Every non-overlapping match, as [`Self::captures`] finds them, without their groups:
    /// `regex` then needs no second pass over each match to place the groups.
    pub(crate) fn matches(&self, text: &str) -> Vec<Caps> {
        match self {
            AnyRegex::Fast(regex) => regex
                .find_all(text)
                .into_iter()
                .map(|range| Caps {
                    groups: vec![Some(range)],
                })
                .collect(),
            AnyRegex::Fancy(_) => self.captures(text),
        }
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        match self {
            AnyRegex::Fast(regex) => regex.is_match(text),
            AnyRegex::Fancy(fancy) => {
                fancy.may_match(text) && !fancy.captures(text, 0, true).is_empty()
            }
        }
    }

    /// The index of a named group.
    pub(crate) fn group_index(&self, name: &str) -> Option<usize> {
        let names: Vec<Option<&str>> = match self {
            AnyRegex::Fast(regex) => regex.capture_names().collect(),
            AnyRegex::Fancy(regex) => regex.capture_names().collect(),
        };
        names.iter().position(|n| *n == Some(name))
    }

    /// Expand `$1`, `${1}`, `${name}`, `$name` and `$$` in `template` with a match's groups.
    pub(crate) fn expand(&self, template: &str, caps: &Caps, text: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(dollar) = rest.find('$') {
            out.push_str(&rest[..dollar]);
            let after = &rest[dollar + 1..];
            if let Some(stripped) = after.strip_prefix('$') {
                out.push('$');
                rest = stripped;
                continue;
            }
            let (name, consumed) = if let Some(braced) = after.strip_prefix('{') {
                match braced.find('}') {
                    Some(close) => (&braced[..close], close + 2),
                    None => ("", 0),
                }
            } else {
                let len = after
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..len], len)
            };
            if name.is_empty() {
                out.push('$');
                rest = after;
                continue;
            }
            let index = name
                .parse::<usize>()
                .ok()
                .or_else(|| self.group_index(name));
            if let Some(range) = index.and_then(|i| caps.groups.get(i).cloned().flatten()) {
                out.push_str(text.get(range).unwrap_or(""));
            }
            rest = &after[consumed..];
        }
        out.push_str(rest);
        out
    }
}

/// The gate of a pattern (look-around removed, backreferences widened), in `regex` syntax.
pub(crate) fn gate_of(pattern: &str) -> Option<String> {
    gate_source(pattern, Boundaries::Unicode)
}

/// How a gate writes the pattern's word boundaries.
#[derive(Clone, Copy)]
enum Boundaries {
    Unicode,
    Ascii,
    Dropped,
}

/// The gate of a fallback pattern in `regex` syntax: look-around and other zero-width
/// constructs removed, backreferences widened to any text. None when the pattern uses a
/// construct without such an approximation.
fn gate_source(pattern: &str, boundaries: Boundaries) -> Option<String> {
    let tree = fancy_regex::Expr::parse_tree(pattern).ok()?;
    let widened = widen_tail(tree.expr, boundaries)?;
    let mut out = String::new();
    widened.to_str(&mut out, 0);
    Some(out)
}

/// [`widen`], except that a look-ahead at the very end of the pattern is kept as text to
/// match: the gate only decides where matches may *start*, and a match of `I(?=\s)` at `s` is
/// a match of `I\s` at `s` too. That keeps the gate of `(?:^|\s)I(?=\s)` off every " i" of
/// English prose (" in", " is"), where the backtracker would otherwise be tried.
fn widen_tail(expr: fancy_regex::Expr, boundaries: Boundaries) -> Option<fancy_regex::Expr> {
    use fancy_regex::{Expr, LookAround};
    Some(match expr {
        Expr::LookAround(inner, LookAround::LookAhead) => widen(*inner, boundaries)?,
        Expr::Concat(mut children) => {
            let last = children.pop();
            let mut widened = children
                .into_iter()
                .map(|child| widen(child, boundaries))
                .collect::<Option<Vec<_>>>()?;
            if let Some(last) = last {
                widened.push(widen_tail(last, boundaries)?);
            }
            Expr::Concat(widened)
        }
        Expr::Alt(children) => Expr::Alt(
            children
                .into_iter()
                .map(|child| widen_tail(child, boundaries))
                .collect::<Option<_>>()?,
        ),
        Expr::Group(child) => Expr::Group(Box::new(widen_tail(*child, boundaries)?)),
        other => widen(other, boundaries)?,
    })
}

fn widen(expr: fancy_regex::Expr, boundaries: Boundaries) -> Option<fancy_regex::Expr> {
    use fancy_regex::{Assertion, Expr};
    let delegate = |inner: &str| match boundaries {
        Boundaries::Unicode => Expr::Delegate {
            inner: inner.to_owned(),
            size: 0,
            casei: false,
        },
        Boundaries::Ascii => Expr::Delegate {
            inner: format!("(?-u:{inner})"),
            size: 0,
            casei: false,
        },
        Boundaries::Dropped => Expr::Empty,
    };
    let widen = |expr| widen(expr, boundaries);
    Some(match expr {
        Expr::LookAround(..)
        | Expr::KeepOut
        | Expr::ContinueFromPreviousMatchEnd
        | Expr::BackrefExistsCondition(_) => Expr::Empty,
        Expr::Backref { .. } | Expr::BackrefWithRelativeRecursionLevel { .. } => Expr::Repeat {
            child: Box::new(Expr::Any { newline: true }),
            lo: 0,
            hi: usize::MAX,
            greedy: true,
        },
        Expr::Assertion(Assertion::WordBoundary) => delegate(r"\b"),
        Expr::Assertion(Assertion::NotWordBoundary) => delegate(r"\B"),
        // `(?-u:…)` does not take the `{start}` forms: the plain boundary is wider.
        Expr::Assertion(Assertion::LeftWordBoundary) => match boundaries {
            Boundaries::Unicode => delegate(r"\b{start}"),
            _ => delegate(r"\b"),
        },
        Expr::Assertion(Assertion::RightWordBoundary) => match boundaries {
            Boundaries::Unicode => delegate(r"\b{end}"),
            _ => delegate(r"\b"),
        },
        Expr::Concat(children) => {
            Expr::Concat(children.into_iter().map(widen).collect::<Option<_>>()?)
        }
        Expr::Alt(children) => Expr::Alt(children.into_iter().map(widen).collect::<Option<_>>()?),
        Expr::Group(child) => Expr::Group(Box::new(widen(*child)?)),
        // Only a gate: atomicity cannot turn a non-match of the wider pattern into a match.
        Expr::AtomicGroup(child) => Expr::Concat(vec![widen(*child)?]),
        Expr::Repeat {
            child,
            lo,
            hi,
            greedy,
        } => Expr::Repeat {
            child: Box::new(widen(*child)?),
            lo,
            hi,
            greedy,
        },
        plain @ (Expr::Empty
        | Expr::Any { .. }
        | Expr::Assertion(_)
        | Expr::Literal { .. }
        | Expr::Delegate { .. }) => plain,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookaround_falls_back_and_plain_patterns_stay_fast() {
        let fast = AnyRegex::new(r"\bfoo\b", false, 1 << 20).unwrap();
        assert!(matches!(fast, AnyRegex::Fast(_)));
        let fancy = AnyRegex::new(r"foo(?!bar)", false, 1 << 20).unwrap();
        assert!(matches!(fancy, AnyRegex::Fancy(_)));
        let found: Vec<_> = fancy
            .captures("foobar foobaz")
            .iter()
            .map(Caps::whole)
            .collect();
        assert_eq!(found, vec![7..10]);
        assert!(AnyRegex::new(r"(foo", false, 1 << 20).is_err());
    }

    #[test]
    fn a_document_budget_stops_a_backtracking_regex_and_says_so() {
        // Each candidate `word` scans to the end of the text in its look-ahead, and the text
        // is one 400 kB paragraph: quadratic without a budget.
        let regex = AnyRegex::new(r"\bword(?=[^.]*zzz)\b", false, 1 << 20).unwrap();
        let text = "word ".repeat(80_000);
        let budget = DocumentBudget::enter(text.len());
        assert!(regex.captures(&text).is_empty());
        assert!(budget.take_spent(), "the budget ran out");
        assert!(!budget.take_spent(), "the flag is taken once");
        drop(budget);
        // An ordinary document under a budget, 100 paragraphs of 1.8 kB, a candidate every 12
        // bytes: every match, nothing spent.
        let paragraph = "a word zzz. ".repeat(150);
        let budget = DocumentBudget::enter(100 * paragraph.len());
        for _ in 0..100 {
            assert_eq!(regex.captures(&paragraph).len(), 150);
        }
        assert!(!budget.take_spent());
        // An attempt over even the full step limit is spent, not "no match".
        let exponential = AnyRegex::new(r"a(?=((?!b)a|(?!b)aa)+c)a", false, 1 << 20).unwrap();
        let budget = DocumentBudget::enter(100);
        assert!(exponential.captures(&"a".repeat(60)).is_empty());
        assert!(budget.take_spent());
    }

    #[test]
    fn the_gate_drops_look_around_and_widens_backreferences() {
        assert_eq!(
            gate_source(r"foo(?!bar)", Boundaries::Unicode).as_deref(),
            Some("foo")
        );
        assert_eq!(
            gate_source(r"\bfoo(?!bar)", Boundaries::Ascii).as_deref(),
            Some(r"(?-u:\b)foo")
        );
        assert_eq!(
            gate_source(r"\bfoo(?!bar)", Boundaries::Dropped).as_deref(),
            Some("foo")
        );
        assert!(!has_non_ascii_word_char(
            "it\u{2019}s \u{201C}fine\u{201D} \u{2014} yes"
        ));
        assert!(has_non_ascii_word_char("caf\u{E9}"));
        assert_eq!(
            gate_source(r"(?<=\s)-\d\b", Boundaries::Unicode).as_deref(),
            Some(r"-\d\b")
        );
        assert_eq!(
            gate_source(r"(\w+) \1", Boundaries::Unicode).as_deref(),
            Some(r"(\w+) (?s:.)*")
        );
        let regex = AnyRegex::new(r"(?<!\d)x(?=y)", true, 1 << 20).unwrap();
        let AnyRegex::Fancy(fancy) = &regex else {
            panic!("look-around needs the fallback")
        };
        assert!(!fancy.may_match("no match here"));
        // The final look-ahead is part of the gate, the look-behind is not.
        assert!(!fancy.may_match("xz"));
        assert!(fancy.may_match("1xy"));
        // Candidates inside an earlier candidate's span are tried too.
        let words = AnyRegex::new(r"\b\w+ is(?! not)", false, 1 << 20).unwrap();
        let text = "this is not it, that is";
        let found: Vec<_> = words.captures(text).iter().map(Caps::whole).collect();
        let plain = fancy_regex::Regex::new(r"\b\w+ is(?! not)").unwrap();
        let expected: Vec<_> = plain.find_iter(text).map(|m| m.unwrap().range()).collect();
        assert_eq!(found, expected);
        assert_eq!(found, vec![16..23]);
        // The gate admits, the look-behind still decides.
        assert!(!regex.is_match("1xy"));
        assert!(regex.is_match("XY"));
    }

    #[test]
    fn a_final_look_ahead_is_matched_by_the_gate() {
        assert_eq!(
            gate_source(r"(?:^|\s)I(?=\s)|\bme\b", Boundaries::Unicode).as_deref(),
            Some(r"(?:^|\s)I\s|\bme\b")
        );
        assert_eq!(
            gate_source(r"(a(?=b|c))", Boundaries::Dropped).as_deref(),
            Some(r"(a(?:b|c))")
        );
        // Not at the end: the look-ahead and the text after it start at the same place.
        assert_eq!(
            gate_source(r"a(?=b)\w", Boundaries::Unicode).as_deref(),
            Some(r"a\w")
        );
        let pattern = r"(?i)(?:(?:^|\s)I(?=\s)|(?:^|\s)I(?=,\s)|\bI'd\b|\bme\b|\bmy\b)";
        let regex = AnyRegex::new(pattern, false, 1 << 20).unwrap();
        let plain = fancy_regex::Regex::new(pattern).unwrap();
        for text in [
            "I think i, in my view, I'd say it is me",
            "is it I? i\tin it",
            "Ich bin's: I \u{2014} i, m\u{E9} my",
        ] {
            let found: Vec<_> = regex.captures(text).iter().map(Caps::whole).collect();
            let expected: Vec<_> = plain.find_iter(text).map(|m| m.unwrap().range()).collect();
            assert_eq!(found, expected, "{text}");
            assert!(!found.is_empty());
        }
    }

    /// Gated search against the backtracker alone, on generated text with umlauts, Chinese,
    /// emoji and curly quotes: the gate searches window by window there (bounded patterns) or
    /// in a wider form (unbounded ones).
    #[test]
    fn gated_search_agrees_with_the_backtracker_on_generated_text() {
        let texts = crate::checks::windowed::tests::generated_texts(1500);
        for pattern in [
            r"(?i)(?:(?:^|\s)us(?=\s)|\bwe'll\b|\bours?\b)",
            r"\b\w+ as(?! well)",
            r"(?<![\u{E9}s])us\b",
            r"\bas well(?=,)",
        ] {
            let regex = AnyRegex::new(pattern, false, 1 << 20).unwrap();
            assert!(matches!(regex, AnyRegex::Fancy(_)), "{pattern}");
            let plain = fancy_regex::Regex::new(pattern).unwrap();
            for text in &texts {
                let found: Vec<_> = regex.captures(text).iter().map(Caps::whole).collect();
                let expected: Vec<_> = plain.find_iter(text).map(|m| m.unwrap().range()).collect();
                assert_eq!(found, expected, "{pattern} on {text:?}");
            }
        }
    }

    #[test]
    fn expansion_knows_numbers_names_and_dollars() {
        let regex = AnyRegex::new(r"(?P<w>\w+) (\w+)", false, 1 << 20).unwrap();
        let text = "hello world";
        let caps = regex.captures(text);
        assert_eq!(
            regex.expand("$2 ${w} $$1", &caps[0], text),
            "world hello $1"
        );
    }
}
