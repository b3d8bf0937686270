//! `kind = "capitalization"`: headings (or other segments) in sentence case, title case, lower
//! or upper case.
//!
//! ```toml
//! [[rule]]
//! id = "heading-sentence-case"
//! kind = "capitalization"
//! style = "sentence"
//! languages = ["en"]
//! exceptions = ["Fernway", "GitHub", "API", "Fernway Cloud"]
//! ```
//!
//! - `scopes` defaults to `["heading"]`.
//! - `style = "sentence"`: the first word starts with a capital, every other word is lower
//!   case. Kept as written: words from `exceptions`, acronyms (all capitals, at least two
//!   letters, unless the whole heading is in capitals), words with a digit or a capital after
//!   the first letter ("iPhone", "JavaScript"), the English "I", and a capital after a colon
//!   ("Billing: The basics").
//! - `style = "title"`: every word starts with a capital except the small words a, an, the,
//!   and, but, or, for, nor, on, at, to, from, by, of, in, with, as — which are lower case
//!   unless first or last. The small words are English: use `languages = ["en"]`.
//! - `style = "lower"` / `"upper"`: every word in lower / upper case, except `exceptions`.
//! - `exceptions`: words or phrases kept as written; one written in another case is corrected
//!   to the exception ("Github" → "GitHub").
//! - Proper nouns are never lower-cased (sentence and title case): a word the same document
//!   writes with a capital in the middle of a sentence more often than in lower case (a product,
//!   a person, a place: "Vite", "Kubernetes"), and anything code-like: a word in a run of
//!   non-space text holding `@`, `/`, `_`, `` ` ``, `#`, a digit or an inner dot ("Node.js",
//!   "@vitejs/plugin-react", "v5"), or with a capital after its first letter ("globSync").
//!   `proper-nouns = false` judges them like any word (what Vale does).
//! - Each part of a hyphenated compound is a word ("Sign-Up" → "Sign-up" in sentence case).
//! - German capitalises every noun, so sentence case cannot be checked word by word in German:
//!   limit sentence-case rules with `languages = ["en"]`. Chinese has no case; nothing is
//!   flagged.
//!
//! - `indicators = [":"]` (sentence style): after one of these marks the next word starts
//!   anew and must start with a capital (Vale's `indicators`). A capital after `:`, `.`, `!`
//!   or `?` is allowed in any case; the field makes it required after its marks.
//! - `acronyms = false`: words in all capitals are judged like any word; only `exceptions`
//!   keep them.
//! - `exceptions-exact-case = true`: an exception keeps a word only when written exactly as
//!   the exception ("VS" keeps "VS"; "vs" is judged like any word).
//! - `exception-patterns = ['Node\.js', 'APIs?']`: regexes (Vale's `exceptions`), matched
//!   case-sensitively as whole words anywhere in the segment, longest first; every word inside
//!   a match is kept as written. Unlike `exceptions`, they correct nothing.
//!
//! - `threshold = 0.8` (sentence and title style; Vale's `threshold`): a segment is reported
//!   only when fewer than this share of its words are in the expected case, so one odd word in
//!   a long heading passes. In sentence style a first word that is not capitalised as a first
//!   word ("getting", "GETTING") is reported whatever the share, as Vale does. Default: every
//!   word counts.
//!
//! One finding per segment, from the first to the last word in the wrong case (the whole
//! segment with `whole-segment = true`, as Vale reports), fixed with those words re-cased
//! (when that stretch of the source is plain text).
//!
//! Placeholders: `{match}` (the words in the wrong case, as written), `{expected}` (the whole
//! segment re-cased).
//!
//! Fix safety: unsafe. A heading may hold a product or person's name that `exceptions` do not
//! list and the document never writes mid-sentence; re-casing it would change the name.

use std::collections::HashSet;
use std::ops::Range;

use super::exceptions::{self, ExceptionPatterns};
use crate::finding::Applicability;
use super::{CompileCx, ProposedFix, Emitter, Located, SegmentCx, Vars, capitalize_first};
use crate::prose::{self, Word};
use crate::spec::CaseStyle;

/// The fields of a capitalization rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// The case the segment must be in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<CaseStyle>,
    /// Words exempt from the rule (brand names), kept as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Vec<String>>,
    /// Sentence style: marks after which the next word starts with a capital, like a first
    /// word (`indicators = [":"]`). A capital after `:`, `.`, `!` or `?` is allowed either way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicators: Option<Vec<String>>,
    /// Keep words in all capitals as acronyms (default true); `false` judges them like any
    /// word, so only `exceptions` keep them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acronyms: Option<bool>,
    /// `exceptions` keep a word only as written (default false: a word written in another
    /// case is corrected to the exception).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceptions_exact_case: Option<bool>,
    /// Regexes (Vale's exceptions), matched case-sensitively as whole words in the segment;
    /// the words inside a match are kept as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception_patterns: Option<Vec<String>>,
    /// One finding over the whole segment, `{match}` the segment as written (default false:
    /// from the first to the last word in the wrong case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whole_segment: Option<bool>,
    /// Sentence and title style: report a segment only when fewer than this share (0 to 1) of
    /// its words are in the expected case (Vale's `threshold`; default: any word).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Keep proper nouns and code-like words as written (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proper_nouns: Option<bool>,
}
/// Rules of this kind offer fixes (see "Fix safety" above), so they take `fix`.
pub(crate) const OFFERS_FIXES: bool = true;

pub(crate) const PLACEHOLDERS: &[&str] = &["match", "expected"];

const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "for", "nor", "on", "at", "to", "from", "by", "of", "in",
    "with", "as",
];

#[derive(Debug)]
pub(crate) struct Capitalization {
    style: CaseStyle,
    exceptions: Vec<Exception>,
    /// `exception-patterns`: the words inside their matches are kept as written.
    exception_patterns: Option<ExceptionPatterns>,
    /// `indicators`: after one of these, a capital is required.
    indicators: Option<Vec<String>>,
    acronyms: bool,
    exceptions_exact_case: bool,
    whole_segment: bool,
    /// `proper-nouns`: keep the document's proper nouns and code-like words as written.
    proper_nouns: bool,
    /// `threshold`: the share of words in the expected case a segment needs to pass.
    threshold: Option<f64>,
}

/// Per document: the words it writes as proper nouns, found on first use.
#[derive(Default)]
pub(crate) struct State {
    proper_nouns: Option<HashSet<String>>,
}

/// A word or phrase kept as written.
#[derive(Debug)]
struct Exception {
    /// Its words, as written.
    words: Vec<String>,
    /// Its words in lower case, to compare with a segment's words ignoring case.
    keys: Vec<String>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Capitalization> {
    let style = cx.require(
        "style",
        fields.style,
        "`style = \"sentence\"`, `\"title\"`, `\"lower\"` or `\"upper\"`",
    )?;
    let mut exceptions: Vec<Exception> = Vec::new();
    for exception in fields.exceptions.iter().flatten() {
        let words: Vec<String> = prose::word_tokens(exception)
            .into_iter()
            .map(|w| w.text.to_owned())
            .collect();
        if words.is_empty() {
            cx.error(
                Located::Key("exceptions"),
                format!("exception '{exception}' holds no word"),
            );
            return None;
        }
        let keys = words.iter().map(|word| word.to_lowercase()).collect();
        exceptions.push(Exception { words, keys });
    }
    // Longest first, so that "Fernway Cloud" wins over "Fernway".
    exceptions.sort_by_key(|exception| std::cmp::Reverse(exception.words.len()));
    let indicators = fields.indicators.clone();
    if indicators
        .as_ref()
        .is_some_and(|list| list.iter().any(|i| i.trim().is_empty()))
    {
        cx.error(
            Located::Key("indicators"),
            "`indicators` holds an empty mark; list marks like \":\"",
        );
        return None;
    }
    let exception_patterns = exceptions::compile(
        cx,
        "exception-patterns",
        fields.exception_patterns.as_deref().unwrap_or(&[]),
    )?;
    if let Some(threshold) = fields.threshold {
        if !(0.0..=1.0).contains(&threshold) {
            cx.error(
                Located::Key("threshold"),
                format!("`threshold` is a share of words from 0 to 1, not {threshold}"),
            );
            return None;
        }
        if matches!(style, CaseStyle::Lower | CaseStyle::Upper) {
            cx.error(
                Located::Key("threshold"),
                "`threshold` applies to sentence and title style only",
            );
            return None;
        }
    }
    Some(Capitalization {
        style,
        exceptions,
        exception_patterns,
        indicators,
        acronyms: fields.acronyms.unwrap_or(true),
        exceptions_exact_case: fields.exceptions_exact_case.unwrap_or(false),
        whole_segment: fields.whole_segment.unwrap_or(false),
        proper_nouns: fields.proper_nouns.unwrap_or(true),
        threshold: fields.threshold,
    })
}

fn default_message(style: CaseStyle) -> &'static str {
    match style {
        CaseStyle::Sentence => "Use sentence case: '{expected}'.",
        CaseStyle::Title => "Use title case: '{expected}'.",
        CaseStyle::Lower => "Use lower case: '{expected}'.",
        CaseStyle::Upper => "Use upper case: '{expected}'.",
    }
}

fn has_cased_letter(word: &str) -> bool {
    word.chars().any(|c| c.is_uppercase() || c.is_lowercase())
}

fn is_all_caps(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !word.chars().any(char::is_lowercase)
}

/// Kept as written in sentence and title case: acronyms, words with digits or inner capitals.
fn is_special(word: &str, acronyms_allowed: bool) -> bool {
    if word.chars().any(|c| c.is_numeric()) {
        return true;
    }
    if is_all_caps(word) {
        return acronyms_allowed;
    }
    word.chars().skip(1).any(char::is_uppercase)
}

/// The words the document writes as proper nouns: capitalised in the middle of a sentence of
/// its body text (not headings, which may be in title case) more often than in lower case.
fn proper_nouns(document: &crate::document::Document) -> HashSet<String> {
    use crate::document::SegmentKind;
    let mut capitalised: std::collections::HashMap<String, (u32, u32)> =
        std::collections::HashMap::new();
    for segment in &document.segments {
        if !matches!(
            segment.kind,
            SegmentKind::Paragraph
                | SegmentKind::ListItem
                | SegmentKind::TableCell
                | SegmentKind::BlockQuote
        ) {
            continue;
        }
        let text = &segment.text;
        for sentence in prose::sentences(text) {
            let words = prose::word_tokens(&text[sentence.clone()]);
            for (index, word) in words.iter().enumerate() {
                let Some(first) = word.text.chars().next() else {
                    continue;
                };
                let before = match index {
                    0 => "",
                    _ => text[sentence.start + words[index - 1].range.end
                        ..sentence.start + word.range.start]
                        .trim(),
                };
                // A sentence's first word, or one after a colon or an opening quote, is
                // capitalised for its position, not for being a name.
                if index == 0 || before.ends_with([':', '"', '“', '„', '(', '-', '–', '—']) {
                    continue;
                }
                let entry = capitalised.entry(word.text.to_lowercase()).or_default();
                if first.is_uppercase() {
                    entry.0 += 1;
                } else if first.is_lowercase() {
                    entry.1 += 1;
                }
            }
        }
    }
    capitalised
        .into_iter()
        .filter(|(_, (upper, lower))| upper > lower)
        .map(|(key, _)| key)
        .collect()
}

fn is_english_i(word: &str) -> bool {
    word == "I" || word.starts_with("I'") || word.starts_with("I\u{2019}")
}

impl Capitalization {
    /// The exception matching the words at `index` (compared ignoring case: `keys` are the
    /// words in lower case), as its words.
    fn exception_at(&self, keys: &[String], words: &[Word<'_>], index: usize) -> Option<&[String]> {
        let rest = keys.get(index..)?;
        let written = words.get(index..)?;
        self.exceptions
            .iter()
            .find(|exception| {
                exception.keys.len() <= rest.len()
                    && exception.keys.iter().zip(rest).all(|(e, w)| e == w)
                    && (!self.exceptions_exact_case
                        || exception
                            .words
                            .iter()
                            .zip(written)
                            .all(|(e, w)| e == w.text))
            })
            .map(|exception| exception.words.as_slice())
    }

    /// The expected form of every word of `text`; the words inside `kept` stay as written.
    fn expected<'t>(
        &self,
        text: &'t str,
        words: &[Word<'t>],
        kept: &[Range<usize>],
        proper_nouns: &HashSet<String>,
    ) -> Vec<String> {
        let cased = words.iter().filter(|w| has_cased_letter(w.text)).count();
        // In a heading written all in capitals, capitals are no sign of an acronym.
        let all_caps_heading = cased >= 2
            && words
                .iter()
                .filter(|w| has_cased_letter(w.text))
                .all(|w| is_all_caps(w.text));
        let mut keys: Vec<String> = words.iter().map(|w| w.text.to_lowercase()).collect();
        let mut out: Vec<String> = Vec::with_capacity(words.len());
        let mut index = 0;
        while index < words.len() {
            let word_range = &words[index].range;
            if kept
                .iter()
                .any(|k| k.start <= word_range.start && word_range.end <= k.end)
            {
                out.push(words[index].text.to_owned());
                index += 1;
                continue;
            }
            if let Some(exception) = self.exception_at(&keys, words, index) {
                out.extend(exception.iter().cloned());
                index += exception.len();
                continue;
            }
            let word = words[index].text;
            if self.proper_nouns
                && matches!(self.style, CaseStyle::Sentence | CaseStyle::Title)
                && (super::is_code_like(text, word_range)
                    || (proper_nouns.contains(&keys[index])
                        && word.chars().next().is_some_and(char::is_uppercase)))
            {
                out.push(word.to_owned());
                index += 1;
                continue;
            }
            let first = index == 0;
            let last = index + 1 == words.len();
            let between = match index {
                0 => "",
                _ => text[words[index - 1].range.end..words[index].range.start].trim(),
            };
            // (`index > 0` and `>= 0` are the same here: the first word has nothing between.)
            let after_colon = index > 0 && between.ends_with([':', '.', '!', '?']);
            // With `indicators`, the word after one starts anew: a capital is required. (For the
            // first word `between` is empty, and an empty indicator is a load error.)
            let after_indicator = index > 0
                && self
                    .indicators
                    .as_ref()
                    .is_some_and(|marks| marks.iter().any(|mark| between.ends_with(mark.trim())));
            // Exceptions are only looked up from here on: this word's key is free to take.
            let lower = std::mem::take(&mut keys[index]);
            let expected = match self.style {
                CaseStyle::Lower => lower,
                CaseStyle::Upper => word.to_uppercase(),
                CaseStyle::Sentence => {
                    let acronyms = self.acronyms && !all_caps_heading;
                    if is_special(word, acronyms) || is_english_i(word) {
                        word.to_owned()
                    } else if first || after_indicator {
                        capitalize_first(&lower)
                    } else if after_colon && word.chars().next().is_some_and(char::is_uppercase) {
                        word.to_owned()
                    } else {
                        lower
                    }
                }
                CaseStyle::Title => {
                    if is_special(word, self.acronyms && !all_caps_heading) {
                        word.to_owned()
                    } else if SMALL_WORDS.contains(&lower.as_str())
                        && !first
                        && !last
                        && !after_colon
                    {
                        lower
                    } else if all_caps_heading {
                        capitalize_first(&lower)
                    } else {
                        capitalize_first(word)
                    }
                }
            };
            out.push(expected);
            index += 1;
        }
        out
    }

    /// With `threshold`: whether enough words are in the expected case (`changed`: the
    /// indices of those that are not) for the segment to pass.
    fn passes_threshold(&self, words: &[Word<'_>], changed: &[usize]) -> bool {
        let Some(threshold) = self.threshold else {
            return false;
        };
        let first_word_uncapitalised = self.style == CaseStyle::Sentence
            && changed.first() == Some(&0)
            && words
                .first()
                .is_some_and(|word| word.text != capitalize_first(&word.text.to_lowercase()));
        let as_expected = (words.len() - changed.len()) as f64 / words.len().max(1) as f64;
        !first_word_uncapitalised && as_expected >= threshold
    }

    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, state: &mut State, emit: &mut Emitter<'_>) {
        let text = cx.text();
        let words = prose::word_tokens(text);
        let kept = self
            .exception_patterns
            .as_ref()
            .map_or_else(Vec::new, |patterns| patterns.ranges(text));
        // Learnt only when the rule uses them (`expected` asks `self.proper_nouns` again, so
        // learning them anyway would cost time, not change a finding).
        let proper_nouns = match &self.style {
            CaseStyle::Sentence | CaseStyle::Title if self.proper_nouns => state
                .proper_nouns
                .get_or_insert_with(|| proper_nouns(emit.document())),
            _ => &HashSet::new(),
        };
        let expected = self.expected(text, &words, &kept, proper_nouns);
        let changed: Vec<usize> = words
            .iter()
            .zip(&expected)
            .enumerate()
            .filter(|(_, (word, expected))| word.text != expected.as_str())
            .map(|(index, _)| index)
            .collect();
        let (Some(&first), Some(&last)) = (changed.first(), changed.last()) else {
            return;
        };
        if self.passes_threshold(&words, &changed) {
            return;
        }
        let range = if self.whole_segment {
            0..text.len()
        } else {
            words[first].range.start..words[last].range.end
        };
        let recase = |span: std::ops::Range<usize>| {
            let mut out = String::with_capacity(span.len());
            let mut cursor = span.start;
            for (word, expected) in words.iter().zip(&expected) {
                if word.range.start < span.start || word.range.end > span.end {
                    continue;
                }
                out.push_str(&text[cursor..word.range.start]);
                out.push_str(expected);
                cursor = word.range.end;
            }
            out.push_str(&text[cursor..span.end]);
            out
        };
        let fix = recase(range.clone());
        let whole = recase(0..text.len());
        let vars = Vars {
            matched: text.get(range.clone()),
            expected: Some(&whole),
            ..Vars::default()
        };
        let fix = ProposedFix::replace(range.clone(), fix, Applicability::Unsafe);
        emit.emit(
            cx.segment,
            range,
            default_message(self.style),
            &vars,
            Some(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::fixes;
    use crate::finding::Applicability::{Safe, Unsafe};
    use crate::checks::testing::{NONE, findings_in};
    use crate::document::Format;

    const RULE: &str = "kind = \"capitalization\"\nstyle = \"sentence\"\nscopes = [\"paragraph\"]\nproper-nouns = false\n";

    /// A re-cased heading may have held a name: unsafe, unless the rule says `fix = "safe"`.
    #[test]
    fn the_fix_is_unsafe_unless_the_rule_says_otherwise() {
        let text = "Grüße From Berlin 😀";
        assert_eq!(fixes(RULE, text), [[(Unsafe, "Grüße from berlin 😀".to_owned())]]);
        let trusted = format!("{RULE}fix = \"safe\"\n");
        assert_eq!(fixes(&trusted, text), [[(Safe, "Grüße from berlin 😀".to_owned())]]);
    }

    fn headings(rule: &str, heading: &str) -> Vec<String> {
        findings_in(
            Format::Markdown,
            &format!("kind = \"capitalization\"\nproper-nouns = false\n{rule}"),
            &format!("# {heading}\n"),
        )
    }

    #[test]
    fn threshold_passes_a_heading_with_enough_words_in_case() {
        let rule = "style = \"sentence\"\nthreshold = 0.8\n";
        // 4 of 5 words in case: exactly at the threshold passes; 3 of 5 does not.
        assert_eq!(headings(rule, "Install the Tool on Linux"), ["Tool on Linux"]);
        assert_eq!(headings(rule, "Install the tool on Linux"), NONE);
        assert_eq!(headings(rule, "Install the tool on linux"), NONE);
        let rule = "style = \"sentence\"\nthreshold = 0.81\n";
        assert_eq!(headings(rule, "Install the tool on Linux"), ["Linux"]);
        // Without a threshold every word counts.
        assert_eq!(
            headings("style = \"sentence\"\n", "Install the tool on Linux"),
            ["Linux"]
        );
    }

    #[test]
    fn threshold_never_excuses_an_uncapitalised_first_word_in_sentence_style() {
        let rule = "style = \"sentence\"\nthreshold = 0.5\n";
        assert_eq!(headings(rule, "install the tool on a server"), ["install"]);
        let no_acronyms = "style = \"sentence\"\nthreshold = 0.5\nacronyms = false\n";
        assert_eq!(
            headings(no_acronyms, "INSTALL the tool on a server"),
            ["INSTALL"]
        );
        // Title style has no such rule: 5 of 6 words in case pass.
        let rule = "style = \"title\"\nthreshold = 0.8\n";
        assert_eq!(headings(rule, "install the Tool on a Server"), NONE);
    }

    /// The messages of a capitalization rule on the headings of a Markdown document.
    fn heading_messages(rule: &str, markdown: &str) -> Vec<String> {
        crate::checks::testing::messages_in(
            Format::Markdown,
            &format!("kind = \"capitalization\"\nscopes = [\"heading\"]\n{rule}"),
            markdown,
        )
    }

    /// Proper nouns are the words the body writes capitalised mid-sentence more often than not;
    /// a sentence's first word and a word after a colon count for neither side.
    #[test]
    fn proper_nouns_are_learnt_from_the_body_text() {
        let body = "We love Fernway. You can book with Fernway this Summer, or this summer. \
                    Deals: Summer prices. This is new. This is fun. This works.\n";
        let sentence = "style = \"sentence\"\n";
        assert_eq!(
            heading_messages(sentence, &format!("# Trips With Fernway This Summer\n\n{body}")),
            ["Use sentence case: 'Trips with Fernway this summer'."]
        );
        // Without the body, nothing is a proper noun.
        assert_eq!(
            heading_messages(sentence, "# Trips With Fernway This Summer\n"),
            ["Use sentence case: 'Trips with fernway this summer'."]
        );
        // Headings themselves teach nothing (they may be in title case).
        assert_eq!(
            heading_messages(sentence, "# Book Fernway\n\n## Trips With Fernway\n"),
            [
                "Use sentence case: 'Book fernway'.",
                "Use sentence case: 'Trips with fernway'."
            ]
        );
    }

    /// Kept as written in sentence case: the English "I" and its contractions, words with
    /// digits or inner capitals, acronyms, and the rule's exceptions.
    #[test]
    fn sentence_case_keeps_i_digits_inner_capitals_acronyms_and_exceptions() {
        let rule = "style = \"sentence\"\nproper-nouns = false\nexceptions = [\"Product Hunt\"]\n";
        assert_eq!(
            heading_messages(
                rule,
                "# Why I Said I'm In And I’m Out\n\n# Get The 3D View On Your iPhone Via API\n\n\
                 # Launch On Product Hunt Today\n\n# 10 Tips For Writers\n"
            ),
            [
                "Use sentence case: 'Why I said I'm in and I’m out'.",
                "Use sentence case: 'Get the 3D view on your iPhone via API'.",
                "Use sentence case: 'Launch on Product Hunt today'.",
                // A number first: the words after it are not a sentence's first.
                "Use sentence case: '10 tips for writers'.",
            ]
        );
        for style in ["title", "lower", "upper"] {
            let rule = format!("style = \"{style}\"\nproper-nouns = false\n");
            let messages = heading_messages(&rule, "# the Plan\n");
            let expected = match style {
                "title" => "Use title case: 'The Plan'.",
                "lower" => "Use lower case: 'the plan'.",
                _ => "Use upper case: 'THE PLAN'.",
            };
            assert_eq!(messages, [expected]);
        }
    }

    /// Exceptions correct another case unless they must match exactly; in a heading all in
    /// capitals, capitals are no sign of an acronym.
    #[test]
    fn exceptions_exact_case_and_headings_all_in_capitals() {
        let rule = "style = \"sentence\"\nproper-nouns = false\nexceptions = [\"GitHub\", \"VS\"]\n";
        assert_eq!(
            heading_messages(
                rule,
                "# Sync With Github VS Code\n\n# SYNC WITH GITHUB NOW\n\n# SAVE 50% TODAY\n"
            ),
            [
                "Use sentence case: 'Sync with GitHub VS code'.",
                "Use sentence case: 'Sync with GitHub now'.",
                // A word without letters neither makes nor breaks a heading all in capitals.
                "Use sentence case: 'Save 50% today'.",
            ]
        );
        let exact = format!("{rule}exceptions-exact-case = true\nacronyms = false\n");
        assert_eq!(
            heading_messages(&exact, "# Sync With Github VS Code\n"),
            ["Use sentence case: 'Sync with github VS code'."]
        );
    }

    /// `{match}` is the stretch in the wrong case as written, `{expected}` the whole segment.
    #[test]
    fn the_message_names_the_words_in_the_wrong_case_and_the_segment_re_cased() {
        let rule = "style = \"sentence\"\nproper-nouns = false\n\
                    message = \"'{match}' → '{expected}'\"\n";
        assert_eq!(
            heading_messages(rule, "# Grüße aus Dem Schönen Berlin 😀\n"),
            ["'Dem Schönen Berlin' → 'Grüße aus dem schönen berlin 😀'"]
        );
    }

    /// Every word inside a match of `exception-patterns` is kept as written, and only those.
    #[test]
    fn exception_patterns_keep_the_words_inside_their_matches() {
        let rule = "style = \"sentence\"\nproper-nouns = false\n\
                    exception-patterns = ['Node\\.js Runtime', 'APIs?']\n";
        assert_eq!(
            heading_messages(rule, "# Learn Node.js Runtime APIs In 5 Minutes\n"),
            ["Use sentence case: 'Learn Node.js Runtime APIs in 5 minutes'."]
        );
        assert_eq!(
            heading_messages(rule, "# Learn Node.js Runtime Basics\n"),
            ["Use sentence case: 'Learn Node.js Runtime basics'."]
        );
        // Nothing kept, nothing to say: a heading already in case has no finding.
        assert_eq!(heading_messages(rule, "# Learn the basics\n"), NONE);
    }

    /// With `indicators`, a word after one of the marks must start with a capital; without,
    /// a capital there is allowed, not required.
    #[test]
    fn indicators_require_a_capital_after_their_marks() {
        let rule = "style = \"sentence\"\nproper-nouns = false\n";
        assert_eq!(heading_messages(rule, "# Billing: the basics\n"), NONE);
        assert_eq!(heading_messages(rule, "# Billing: The basics\n"), NONE);
        let indicators = format!("{rule}indicators = [\":\"]\n");
        assert_eq!(
            heading_messages(&indicators, "# Billing: the basics\n"),
            ["Use sentence case: 'Billing: The basics'."]
        );
    }

    /// Title case keeps a small word written as an acronym ("AS") unless `acronyms = false`.
    #[test]
    fn title_case_keeps_acronyms_unless_told_not_to() {
        let rule = "style = \"title\"\nproper-nouns = false\n";
        assert_eq!(heading_messages(rule, "# Ship It AS Planned\n"), NONE);
        let no_acronyms = format!("{rule}acronyms = false\n");
        assert_eq!(
            heading_messages(&no_acronyms, "# Ship It AS Planned\n"),
            ["Use title case: 'Ship It as Planned'."]
        );
    }

    /// Title case: small words in lower case, except first, last and after a colon.
    #[test]
    fn title_case_small_words_first_last_and_after_a_colon() {
        let rule = "style = \"title\"\nproper-nouns = false\n";
        assert_eq!(
            heading_messages(rule, "# the Way: a Guide to Trips With Friends to go on\n"),
            ["Use title case: 'The Way: A Guide to Trips with Friends to Go On'."]
        );
    }

    #[test]
    fn threshold_is_a_share_for_sentence_and_title_style() {
        let compiles = |rule: &str| {
            std::panic::catch_unwind(|| {
                crate::checks::testing::guideline(&format!("kind = \"capitalization\"\n{rule}"));
            })
            .is_ok()
        };
        assert!(compiles("style = \"title\"\nthreshold = 1.0\n"));
        assert!(!compiles("style = \"title\"\nthreshold = 1.5\n"));
        assert!(!compiles("style = \"lower\"\nthreshold = 0.5\n"));
    }
}
