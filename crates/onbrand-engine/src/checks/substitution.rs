//! `kind = "substitution"`: regex keys, each with its own replacement (Vale's `substitution`).
//!
//! ```toml
//! [[rule]]
//! id = "plain-words"
//! kind = "substitution"
//! ignore-case = true
//! message = "Use '{expected}' instead of '{match}'."
//! swap = [
//!   { pattern = 'utili[sz]e', use = 'use' },
//!   { pattern = 'in order to', use = 'to' },
//!   { pattern = 'leverage', use = 'use|apply' },
//! ]
//! ```
//!
//! All keys are joined into one regex, `\b(?:(k1)|(k2)|…)\b` (`whole-words = false` drops the
//! word boundaries), so one pass finds every key; the group that matched names the key and so
//! the replacement. A match that already is one of its replacements is not reported (a key
//! `e-?mail` with `use = "email"` does not flag "email"). `use` may list alternatives separated
//! by `|`: each becomes a fix, best first, and `{expected}` lists them as `a' or 'b` so that a
//! quoted placeholder, `'{expected}'`, reads `'a' or 'b'`. `exceptions` are regexes: a match
//! containing one of them as a whole word is not reported. Keys may use look-around and
//! backreferences (they then run on a backtracking engine).
//!
//! With `ignore-case = true`, a match that starts with a capital gets replacements that start
//! with one (so "Email" at the start of a sentence is its replacement "email" and is not
//! reported); `capitalize = false` keeps the replacements as written, as Vale does unless a
//! rule says `capitalize: true`. `$1`, `$2`… in a replacement stand for the key's groups in
//! the text found (`{ pattern = '(\w+)ise', use = '$1ize' }` suggests "organize" for
//! "organise"), as in Vale.
//! Placeholders: `{match}` (the text found), `{expected}` (the replacements, `a' or 'b`),
//! `{replacement}` (the replacement as written, `a|b`) and `{alternatives}` (the replacements
//! quoted as a list: `'a'`, `'a' or 'b'`, `'a', 'b', or 'c'`, as Vale's messages show them).
//!
//! When only some keys need the backtracking engine, they are joined into a regex of their
//! own and the others into a `regex` one; the two are searched side by side and their matches
//! merged as the single alternation would find them (leftmost first, then the earlier key).
//! One look-ahead among a hundred keys then costs a small backtracking regex, not a
//! backtracking search (and compilation) of all hundred.
//!
//! Fix safety: safe when the key has one replacement (a fixed term swapped for another);
//! unsafe when `use` lists alternatives (someone must pick one) or is empty (it removes words).
//! `fix = "safe"|"unsafe"` says otherwise for the rule.

use super::fallback::{AnyRegex, Caps};
use super::regexes::RegexId;
use crate::finding::Applicability;
use super::{CompileCx, ProposedFix, Emitter, SegmentCx, Vars};

/// The fields of a substitution rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// Regex keys and what replaces each: `swap = [{ pattern = 'utili[sz]e', use = 'use' }]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swap: Option<Vec<crate::spec::SwapSpec>>,
    /// Match case-insensitively (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_case: Option<bool>,
    /// Wrap the keys in word boundaries, `\b(?:…)\b` (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whole_words: Option<bool>,
    /// Regexes: a match containing one is not reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Vec<String>>,
    /// Give a match that starts with a capital replacements that start with one (default: as
    /// `ignore-case`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capitalize: Option<bool>,
}
/// Rules of this kind offer fixes (see "Fix safety" above), so they take `fix`.
pub(crate) const OFFERS_FIXES: bool = true;

pub(crate) const PLACEHOLDERS: &[&str] = &["match", "expected", "replacement", "alternatives"];
const DEFAULT_MESSAGE: &str = "Use '{expected}' instead of '{match}'.";

#[derive(Debug)]
pub(crate) struct Substitution {
    /// One regex over all keys, or two: the keys `regex` accepts and the others.
    parts: Vec<Part>,
    /// Per key: its replacements.
    uses: Vec<Vec<String>>,
    /// Per key whose replacements refer to its groups (`$1`): the key alone, anchored to the
    /// whole match, to read the groups from.
    expanders: Vec<Option<AnyRegex>>,
    /// Whether a capitalised match gets capitalised replacements.
    capitalize: bool,
    exceptions: Option<AnyRegex>,
}

/// Some of the keys, joined into one regex.
#[derive(Debug)]
struct Part {
    regex: AnyRegex,
    id: Option<RegexId>,
    /// Per key in this part: its group in `regex` and its number among all keys.
    keys: Vec<(usize, usize)>,
}

impl Part {
    /// The key that produced a match of this part.
    fn key(&self, caps: &Caps) -> Option<usize> {
        self.keys
            .iter()
            .find(|(group, _)| caps.groups.get(*group).is_some_and(Option::is_some))
            .map(|&(_, key)| key)
    }
}

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Substitution> {
    let swap = cx.require(
        "swap",
        fields.swap.as_ref().filter(|s| !s.is_empty()),
        "keys and replacements like `swap = [{ pattern = 'utilize', use = 'use' }]`",
    )?;
    let ignore_case = fields.ignore_case.unwrap_or(false);
    let whole_words = fields.whole_words.unwrap_or(true);
    let keys: Vec<String> = swap.iter().map(|key| uncapture(&key.pattern)).collect();
    let mut parts = Vec::new();
    for members in split_keys(&keys, whole_words) {
        let alternation: Vec<String> = members
            .iter()
            .map(|&i| format!("(?P<k{i}>{})", keys[i]))
            .collect();
        let source = joined(&alternation.join("|"), whole_words);
        let (regex, id) = cx.any_regex("swap", &source, None, ignore_case)?;
        let keys = members
            .iter()
            .map(|&i| (regex.group_index(&format!("k{i}")).unwrap_or(0), i))
            .collect();
        parts.push(Part { regex, id, keys });
    }
    let uses = swap
        .iter()
        .map(|key| {
            key.replacement
                .split('|')
                .map(|s| s.trim().to_owned())
                .collect()
        })
        .collect();
    let expanders = swap
        .iter()
        .map(|key| {
            let refers_to_groups = key
                .replacement
                .match_indices('$')
                .any(|(at, _)| key.replacement[at + 1..].starts_with(|c: char| c.is_ascii_digit()));
            let anchored = format!("^(?:{})$", key.pattern);
            refers_to_groups
                .then(|| AnyRegex::new(&anchored, ignore_case, super::regexes::SIZE_LIMIT).ok())
                .flatten()
        })
        .collect();
    let exceptions = match fields.exceptions.as_ref().filter(|e| !e.is_empty()) {
        Some(list) => {
            let source = format!(r"\b(?:{})\b", list.join("|"));
            Some(cx.any_regex("exceptions", &source, None, false)?.0)
        }
        None => None,
    };
    Some(Substitution {
        parts,
        uses,
        expanders,
        capitalize: fields.capitalize.unwrap_or(ignore_case),
        exceptions,
    })
}

/// `'a'`, `'a' or 'b'`, `'a', 'b', or 'c'`: replacements as Vale lists them in a message.
fn quoted_list(items: &[String]) -> String {
    match items {
        [one] => format!("'{one}'"),
        [first, second] => format!("'{first}' or '{second}'"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|item| format!("'{item}'")).collect();
            format!("{}, or '{last}'", init.join(", "))
        }
        [] => String::new(),
    }
}

fn joined(alternation: &str, whole_words: bool) -> String {
    if whole_words {
        format!(r"\b(?:{alternation})\b")
    } else {
        format!("(?:{alternation})")
    }
}

/// The keys (by number) of each regex to build: all in one, or, when only some need the
/// backtracking engine, those `regex` accepts and the others. Split only when neither part
/// can match the empty string, where merging the two searches is simple and exact.
fn split_keys(keys: &[String], whole_words: bool) -> Vec<Vec<usize>> {
    let parses = |pattern: &str| regex_syntax::parse(pattern).ok();
    let (fast, slow): (Vec<usize>, Vec<usize>) =
        (0..keys.len()).partition(|&i| parses(&keys[i]).is_some());
    let never_empty = |members: &[usize], source_of: &dyn Fn(&str) -> Option<String>| {
        let alternation: Vec<&str> = members.iter().map(|&i| keys[i].as_str()).collect();
        source_of(&joined(&alternation.join("|"), whole_words))
            .and_then(|source| parses(&source))
            .is_some_and(|hir| hir.properties().minimum_len().is_some_and(|len| len > 0))
    };
    let splits = !fast.is_empty()
        && !slow.is_empty()
        && never_empty(&fast, &|source| Some(source.to_owned()))
        && never_empty(&slow, &super::fallback::gate_of);
    if splits {
        vec![fast, slow]
    } else {
        vec![(0..keys.len()).collect()]
    }
}

/// Make a key's own groups non-capturing, so that the groups of the joined regex are the keys.
/// Escapes and character classes are skipped; look-around and flags are left alone.
pub(crate) fn uncapture(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    // Classes nest (`[a[]()]`, `[[:alpha:]]`) in both engines a key compiles with.
    let mut class_depth = 0_usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '[' => {
                class_depth += 1;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            // Outside a class a `]` is a literal: it closes nothing.
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            '(' if class_depth == 0 => {
                let rest: String = chars.clone().take(3).collect();
                if !rest.starts_with('?') {
                    out.push_str("(?:");
                } else if let Some(named) = rest
                    .strip_prefix("?P<")
                    .or_else(|| rest.strip_prefix("?<"))
                    .filter(|r| !r.starts_with(['=', '!']))
                {
                    // A named group: drop its name.
                    let _ = named;
                    for n in chars.by_ref() {
                        if n == '>' {
                            break;
                        }
                    }
                    out.push_str("(?:");
                } else {
                    out.push('(');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

impl Substitution {
    /// Its parts' places in the prefilter, when every part has one (see
    /// `Check::prefiltered_by`): with no part live, [`Self::matches`] finds nothing.
    pub(crate) fn prefiltered_by(&self) -> Option<Box<[RegexId]>> {
        self.parts.iter().map(|part| part.id).collect()
    }

    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, emit: &mut Emitter<'_>) {
        let text = cx.text();
        for (caps, key) in self.matches(cx, text) {
            let range = caps.whole();
            if range.is_empty() {
                continue;
            }
            let Some(uses) = self.uses.get(key) else {
                continue;
            };
            let found = &text[range.clone()];
            let observed = found.trim();
            if self
                .exceptions
                .as_ref()
                .is_some_and(|e| e.is_match(observed))
            {
                continue;
            }
            // A capitalised match ("Are not", at the start of a sentence) gets capitalised
            // replacements ("Aren't").
            let mut uses: Vec<String> =
                if self.capitalize && observed.chars().next().is_some_and(char::is_uppercase) {
                    uses.iter().map(|u| super::capitalize_first(u)).collect()
                } else {
                    uses.to_vec()
                };
            if let Some(Some(expander)) = self.expanders.get(key)
                && let Some(caps) = expander.captures(observed).first()
            {
                for replacement in &mut uses {
                    *replacement = expand_groups(replacement, observed, caps);
                }
            }
            // Compared exactly: under `ignore-case` a match that differs from its replacement
            // only in case ("javascript" for "JavaScript") is reported, as Vale does.
            if uses.iter().any(|u| u == observed) {
                continue;
            }
            let expected = uses.join("' or '");
            let replacement = uses.join("|");
            let alternatives = quoted_list(&uses);
            let vars = Vars {
                matched: Some(observed),
                expected: Some(&expected),
                replacement: Some(&replacement),
                alternatives: Some(&alternatives),
                ..Vars::default()
            };
            // One replacement swaps a fixed term; several ask for a choice, and an empty one
            // removes words: those need a reader.
            let applicability = if uses.len() == 1 && !super::removes(&uses[0]) {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            let fixes = uses
                .into_iter()
                .map(|u| ProposedFix::replace(range.clone(), u, applicability))
                .collect();
            emit.emit_fixes(cx.segment, range, DEFAULT_MESSAGE, &vars, fixes);
        }
    }

    /// Every match of the keys with the number of its key, as one alternation of all keys
    /// would find them.
    fn matches(&self, cx: &SegmentCx<'_>, text: &str) -> Vec<(Caps, usize)> {
        let live: Vec<&Part> = self
            .parts
            .iter()
            .filter(|part| part.id.is_none_or(|id| cx.may_match(id)))
            .collect();
        if let [part] = live.as_slice() {
            return part
                .regex
                .captures(text)
                .into_iter()
                .filter_map(|caps| Some((part.key(&caps)?, caps)))
                .map(|(key, caps)| (caps, key))
                .collect();
        }
        merge(&live, text)
    }
}

/// `replacement` with each `$N` replaced by group N of `caps` in `text` (empty when the group
/// did not take part); a `$` not followed by a digit stays as written.
fn expand_groups(replacement: &str, text: &str, caps: &Caps) -> String {
    let mut out = String::new();
    let mut rest = replacement;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match after[..digits].parse::<usize>() {
            Ok(group) => {
                let range = caps.groups.get(group).cloned().flatten();
                out.push_str(range.and_then(|r| text.get(r)).unwrap_or_default());
            }
            Err(_) => out.push('$'),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// The matches of several parts merged as one alternation finds them: at each step the
/// leftmost match of any part wins, the earlier key on a tie (each part already prefers its
/// earliest key at a given start), and every part searches again from the end of the winner
/// when its own next match started before it. No part matches the empty string.
fn merge(parts: &[&Part], text: &str) -> Vec<(Caps, usize)> {
    let first_from = |part: &Part, at: usize| {
        let caps = part.regex.captures_from(text, at)?;
        let key = part.key(&caps)?;
        Some((caps, key))
    };
    let mut next: Vec<Option<(Caps, usize)>> = parts.iter().map(|p| first_from(p, 0)).collect();
    let mut out = Vec::new();
    loop {
        let best = next
            .iter()
            .enumerate()
            .filter_map(|(i, found)| {
                found
                    .as_ref()
                    .map(|(caps, key)| (caps.whole().start, *key, i))
            })
            .min();
        let Some((_, _, winner)) = best else {
            break;
        };
        let Some((caps, key)) = next[winner].take() else {
            break;
        };
        // `start + 1` only guards progress: no part matches the empty string (see
        // `split_keys`), so `end` is the match's end.
        let end = caps.whole().end.max(caps.whole().start + 1);
        out.push((caps, key));
        // A part without a match from an earlier offset has none from `end` either. A match
        // starting at `end` itself is still valid: searching again (`<=`) would find it anew.
        for (i, (part, found)) in parts.iter().zip(next.iter_mut()).enumerate() {
            let stale = found
                .as_ref()
                .is_some_and(|(caps, _)| caps.whole().start < end);
            if i == winner || stale {
                *found = first_from(part, end);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::messages;
    use std::ops::Range;

    #[test]
    fn replacements_as_written_and_as_a_list() {
        let rule = "kind = \"substitution\"\nmessage = \"{replacement} / {alternatives} / '{expected}'\"\n\
                    swap = [{ pattern = 'utilize', use = 'use|employ|apply' }, { pattern = 'leverage', use = 'use|apply' }, { pattern = 'facilitate', use = 'help' }]\n";
        assert_eq!(
            messages(rule, "utilize, leverage, facilitate"),
            [
                "use|employ|apply / 'use', 'employ', or 'apply' / 'use' or 'employ' or 'apply'",
                "use|apply / 'use' or 'apply' / 'use' or 'apply'",
                "help / 'help' / 'help'",
            ]
        );
    }

    #[test]
    fn capitalised_replacements_follow_capitalize() {
        let rule = |capitalize: &str| {
            format!(
                "kind = \"substitution\"\nignore-case = true\n{capitalize}message = \"{{expected}}\"\n\
                 swap = [{{ pattern = 'cannot', use = \"can't\" }}]\n"
            )
        };
        // As `ignore-case` by default; `capitalize = false` keeps the replacement as written.
        assert_eq!(messages(&rule(""), "Cannot, cannot"), ["Can't", "can't"]);
        assert_eq!(
            messages(&rule("capitalize = false\n"), "Cannot, cannot"),
            ["can't", "can't"]
        );
    }

    /// Keys where only some need the backtracking engine: the split search must give exactly
    /// the matches (and keys) of one alternation of all keys, run by the backtracker alone.
    #[test]
    fn split_keys_find_what_one_alternation_finds() {
        let keys: Vec<String> = [
            "as well as",
            r"well(?! as)",
            "as",
            r"us(?=,)",
            "we",
            "ours?",
            r"(?<=\u{E9} )us",
            r"well(?= as)",
        ]
        .iter()
        .map(|key| uncapture(key))
        .collect();
        let parts = split_keys(&keys, true);
        assert_eq!(parts, vec![vec![0, 2, 4, 5], vec![1, 3, 6, 7]]);
        let mut builder = crate::checks::regexes::RegexesBuilder::default();
        let parts: Vec<Part> = parts
            .iter()
            .map(|members| {
                let alternation: Vec<String> = members
                    .iter()
                    .map(|&i| format!("(?P<k{i}>{})", keys[i]))
                    .collect();
                let (regex, _) = builder
                    .add_any(&joined(&alternation.join("|"), true), true, 0)
                    .unwrap();
                let keys = members
                    .iter()
                    .map(|&i| (regex.group_index(&format!("k{i}")).unwrap(), i))
                    .collect();
                Part {
                    regex,
                    id: None,
                    keys,
                }
            })
            .collect();
        let all: Vec<String> = (0..keys.len())
            .map(|i| format!("(?P<k{i}>{})", keys[i]))
            .collect();
        let oracle =
            fancy_regex::Regex::new(&format!("(?i){}", joined(&all.join("|"), true))).unwrap();
        let parts: Vec<&Part> = parts.iter().collect();
        let mut matched = 0;
        // A backtracking key's match inside a winning match of the other part ("well" in "as
        // well as") must give way to what that part finds after the winner.
        let crafted = ["as well as, we", "As well as us, ours, \u{E9} us well as"];
        let texts = crafted.iter().map(|text| text.to_string());
        for text in texts.chain(crate::checks::windowed::tests::generated_texts(2000)) {
            let found: Vec<(Range<usize>, usize)> = merge(&parts, &text)
                .into_iter()
                .map(|(caps, key)| (caps.whole(), key))
                .collect();
            let expected: Vec<(Range<usize>, usize)> = oracle
                .captures_iter(&text)
                .map(|caps| {
                    let caps = caps.unwrap();
                    let key = (0..keys.len())
                        .find(|i| caps.name(&format!("k{i}")).is_some())
                        .unwrap();
                    (caps.get(0).unwrap().range(), key)
                })
                .collect();
            assert_eq!(found, expected, "{text:?}");
            matched += found.len();
        }
        assert!(matched > 1000, "{matched}");
    }

    #[test]
    fn replacements_refer_to_the_keys_groups() {
        let caps = Caps {
            groups: vec![Some(0..8), Some(0..5), None],
        };
        assert_eq!(expand_groups("$1ize", "organise", &caps), "organize");
        assert_eq!(expand_groups("$2-$1 $ $x", "organise", &caps), "-organ $ $x");
        assert_eq!(expand_groups("$9", "organise", &caps), "");
    }

    #[test]
    fn groups_become_non_capturing() {
        assert_eq!(uncapture(r"(a|b)c"), r"(?:a|b)c");
        assert_eq!(uncapture(r"\(x\)[(]"), r"\(x\)[(]");
        assert_eq!(uncapture(r"(?i)(?=y)(?P<n>z)"), r"(?i)(?=y)(?:z)");
        assert_eq!(uncapture(r"(?<!q)w"), r"(?<!q)w");
        // A class ends at its `]` (not at one right after `[`): groups after it are groups.
        assert_eq!(uncapture(r"[a](b)[]()](c)"), r"[a](?:b)[]()](?:c)");
        // A nested class is part of its class: its `(` and its first `]` are literals.
        for (key, expected) in [
            (r"[a[](]b](c)", r"[a[](]b](?:c)"),
            (r"[[:alpha:](](d)", r"[[:alpha:](](?:d)"),
            // Outside a class a `]` is a literal and closes nothing.
            (r"x](y)[z](w)", r"x](?:y)[z](?:w)"),
        ] {
            assert!(regex::Regex::new(key).is_ok(), "{key} is a valid key");
            assert_eq!(uncapture(key), expected);
        }
    }

    /// Keys split into a `regex` part and a backtracking part only when there are both and
    /// neither can match the empty string.
    #[test]
    fn keys_split_only_when_no_part_matches_empty() {
        let keys = |list: &[&str]| list.iter().map(|key| (*key).to_owned()).collect::<Vec<_>>();
        assert_eq!(split_keys(&keys(&["a+", r"b(?=c)"]), false), [vec![0], vec![1]]);
        assert_eq!(split_keys(&keys(&["a*", r"b(?=c)"]), false), [vec![0, 1]]);
        assert_eq!(split_keys(&keys(&[r"b(?=c)"]), false), [vec![0]]);
    }

    /// `$1` in a replacement is the key's own group; a match inside an exception is not
    /// reported, and an empty list of exceptions excepts nothing.
    #[test]
    fn groups_in_the_replacement_and_exceptions() {
        let rule = "kind = \"substitution\"\nmessage = \"{match}: {expected}\"\n\
                    swap = [{ pattern = 'e-mail(s?)', use = 'email$1' }]\n";
        assert_eq!(
            messages(rule, "Zwei e-mails, ein e-mail 😀"),
            ["e-mails: emails", "e-mail: email"]
        );
        let excepted = format!("{rule}exceptions = ['e-mails']\n");
        assert_eq!(messages(&excepted, "e-mails, e-mail"), ["e-mail: email"]);
        let none = format!("{rule}exceptions = []\n");
        assert_eq!(
            messages(&none, "e-mails, e-mail"),
            ["e-mails: emails", "e-mail: email"]
        );
    }
    /// One replacement is a fixed swap (safe); alternatives need a choice and an empty
    /// replacement removes words (unsafe).
    #[test]
    fn one_replacement_is_safe_alternatives_and_removals_are_not() {
        use crate::checks::testing::fixes;
        use crate::finding::Applicability::{Safe, Unsafe};
        let rule = |swap: &str| format!("kind = \"substitution\"\nswap = [{swap}]\n");
        assert_eq!(
            fixes(&rule("{ pattern = 'utilise', use = 'use' }"), "Wir utilise 数据"),
            [[(Safe, "Wir use 数据".to_owned())]]
        );
        assert_eq!(
            fixes(&rule("{ pattern = 'leverage', use = 'use|apply' }"), "😀 leverage it"),
            [[
                (Unsafe, "😀 use it".to_owned()),
                (Unsafe, "😀 apply it".to_owned())
            ]]
        );
        assert_eq!(
            fixes(&rule("{ pattern = 'very ', use = '' }"), "a very big"),
            [[(Unsafe, "a big".to_owned())]]
        );
    }

}
