//! `kind = "repetition"`: the same word twice in a row ("the the", "die die").
//!
//! ```toml
//! [[rule]]
//! id = "repeated-word"
//! kind = "repetition"
//! allow = ["that", "had"]
//! ```
//!
//! - Two neighbouring words that are equal ignoring case, separated only by white space, are a
//!   finding over both words, fixed by the single word (the duplicate and the space removed).
//!   `ignore-case = false` wants them equal as written ("It it" at a sentence start is then no
//!   finding).
//! - Not across a sentence end ("…it was done. Done!"), punctuation ("well, well") or non-prose
//!   (a code span or placeholder between the words), and not for numbers.
//! - `allow`: words that may legitimately repeat ("that that", "had had"), ignoring case.
//! - Not what is deliberate: three or more in a row ("done done done"), single letters (the
//!   initials "K K"), a pair right after a quotation mark (a typo being quoted: fix "the the"),
//!   and a pair whose second word is not written like the first except for a capital that
//!   starts a sentence ("Function::Call call", "of type TYPE" are a name and a word, a word and
//!   a placeholder; "It it" at a sentence start is a typo), and a second word set off by
//!   emphasis ("actually *actually*", `<em>`), which the writer stressed on purpose.
//! - Works word by word in any language with spaces (German "die die"); Chinese and Japanese
//!   are skipped, because a repeated character there is often a word of its own (谢谢, 看看).
//!
//! - `tokens = '[^\s]+'` compares as Vale's `repetition` does instead: the tokens are the
//!   regex's matches (here the runs between white space, punctuation included: "plan plan."
//!   is no repetition, "(the the" neither), made of letters only, never across a line break
//!   of the source; every repeat is reported, in runs of three too ("done done done" twice)
//!   and single letters ("K K"). The other exclusions above do not apply; `allow` and
//!   `ignore-case` do.
//!
//! Placeholders: `{match}` (both words as written), `{expected}` (the single word, the first
//! as written), `{word}` (the repeated word, the second as written: Vale's `%s`).
//!
//! Fix safety: unsafe. Removing the second word is right for a typo, but some pairs are
//! meant ("that that", "had had") and `allow` never lists them all: `--unsafe-fixes` applies it.

use crate::finding::Applicability;
use super::{CompileCx, ProposedFix, Emitter, SegmentCx, Vars};
use crate::prose;

/// The fields of a repetition rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// Words that may legitimately repeat ("that that", "had had").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow: Option<Vec<String>>,
    /// Match case-insensitively (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_case: Option<bool>,
    /// A regex whose matches are the tokens compared, as Vale's `tokens` (default: words).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<String>,
}
/// Rules of this kind offer fixes (see "Fix safety" above), so they take `fix`.
pub(crate) const OFFERS_FIXES: bool = true;

pub(crate) const PLACEHOLDERS: &[&str] = &["match", "expected", "word"];
const DEFAULT_MESSAGE: &str = "Repeated word: '{match}'.";

#[derive(Debug)]
pub(crate) struct Repetition {
    /// Lower-cased words that may repeat.
    allow: Vec<String>,
    /// Words equal ignoring case repeat (default); otherwise only words equal as written.
    ignore_case: bool,
    /// `tokens`: Vale's tokens and reporting.
    tokens: Option<regex::Regex>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Repetition> {
    let tokens = match &fields.tokens {
        Some(pattern) => match regex::Regex::new(pattern) {
            Ok(regex) => Some(regex),
            Err(error) => {
                cx.error(
                    super::Located::Key("tokens"),
                    format!("invalid regular expression in `tokens`: {error}"),
                );
                return None;
            }
        },
        None => None,
    };
    let allow = fields
        .allow
        .iter()
        .flatten()
        .map(|word| word.trim().to_lowercase())
        .collect();
    Some(Repetition {
        allow,
        ignore_case: fields.ignore_case.unwrap_or(true),
        tokens,
    })
}

impl Repetition {
    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, emit: &mut Emitter<'_>) {
        if let Some(tokens) = &self.tokens {
            self.segment_tokens(tokens, cx, emit);
            return;
        }
        let text = cx.text();
        // No sentence splitting needed: two words count as repeated only when nothing but white
        // space stands between them, so a sentence end (". The") already keeps them apart.
        let words = cx.segment.words();
        let mut previous_reported = false;
        for (index, pair) in words.windows(2).enumerate() {
            let [first, second] = pair else { continue };
            // Cheapest test first: almost every pair of neighbouring words differs.
            let repeated = !previous_reported
                && self.repeats(first.text, second.text)
                && first.text.chars().count() > 1
                && written_alike(text, first, second)
                && next_to(text, first, second)
                // A run of three or more is deliberate; only words next to each other make a
                // run ("was done. Done done!" is a repeat after a sentence end, not a run).
                && !words
                    .get(index + 2)
                    .is_some_and(|third| same_word(third.text, second.text) && next_to(text, second, third))
                && !index.checked_sub(1).map(|before| &words[before]).is_some_and(|before| {
                    same_word(before.text, first.text) && next_to(text, before, first)
                })
                && !text[..first.range.start].ends_with(['"', '“', '„', '\'', '‘', '«'])
                && first.text.chars().any(char::is_alphabetic)
                && !first.text.chars().any(prose::is_cjk)
                && !self
                    .allow
                    .iter()
                    .any(|allowed| same_word(allowed, first.text));
            // Last, as it reads the source: emphasis on the second word makes it deliberate.
            let repeated = repeated && !emphasised(emit, cx.segment, first, second);
            previous_reported = repeated;
            if !repeated {
                continue;
            }
            let range = first.range.start..second.range.end;
            let vars = Vars {
                matched: text.get(range.clone()),
                expected: Some(first.text),
                word: Some(second.text),
                ..Vars::default()
            };
            let fix =
                ProposedFix::replace(range.clone(), first.text.to_owned(), Applicability::Unsafe);
            emit.emit(cx.segment, range, DEFAULT_MESSAGE, &vars, Some(fix));
        }
    }
}

/// Whether the source breaks the line between two ranges of a segment's prose.
fn line_break_between(
    emit: &Emitter<'_>,
    segment: &crate::document::Segment,
    first: &std::ops::Range<usize>,
    second: &std::ops::Range<usize>,
) -> bool {
    let gap =
        segment.source_range(first.clone()).end..segment.source_range(second.clone()).start;
    emit.document()
        .text
        .get(gap)
        .is_some_and(|gap| gap.contains(['\n', '\r']))
}

/// Whether nothing but white space stands between two words.
fn next_to(text: &str, first: &prose::Word<'_>, second: &prose::Word<'_>) -> bool {
    text.get(first.range.end..second.range.start)
        .is_some_and(|gap| !gap.is_empty() && gap.chars().all(char::is_whitespace))
}

/// Whether the source sets the second word off with emphasis markup ("actually *actually*",
/// `<em>`): a repetition the writer stressed on purpose. Links are not emphasis: "the [the
/// guide]" is a typo.
fn emphasised(
    emit: &Emitter<'_>,
    segment: &crate::document::Segment,
    first: &prose::Word<'_>,
    second: &prose::Word<'_>,
) -> bool {
    let source = &emit.document().text;
    let gap = segment.source_range(first.range.clone()).end
        ..segment.source_range(second.range.clone()).start;
    source.get(gap).is_some_and(|gap| {
        gap.contains(['*', '_'])
            || ["<em", "<strong", "<i>", "<b>"]
                .iter()
                .any(|tag| gap.to_ascii_lowercase().contains(tag))
    })
}

/// Whether the second word is written like the first, allowing the first a capital at the
/// start of a sentence ("It it").
fn written_alike(text: &str, first: &prose::Word<'_>, second: &prose::Word<'_>) -> bool {
    if first.text == second.text {
        return true;
    }
    // A mark starts a sentence only with white space after it ("Function::Call call" is a name).
    let before = &text[..first.range.start];
    let sentence_start = before.is_empty()
        || (before.ends_with(char::is_whitespace)
            && before
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':')));
    let mut chars = second.text.chars();
    let capitalised: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    sentence_start && first.text == capitalised
}

impl Repetition {
    /// `tokens`: each token equal to the one before it, both of letters only and on one line
    /// of the source, is a finding over both.
    fn segment_tokens(&self, tokens: &regex::Regex, cx: &SegmentCx<'_>, emit: &mut Emitter<'_>) {
        let text = cx.text();
        let mut previous: Option<std::ops::Range<usize>> = None;
        for found in tokens.find_iter(text) {
            let token = found.as_str().trim();
            if token.is_empty() {
                continue;
            }
            let start = found.start() + (found.as_str().len() - found.as_str().trim_start().len());
            let range = start..start + token.len();
            let Some(before) = previous.replace(range.clone()) else {
                continue;
            };
            let first = &text[before.clone()];
            let repeated = self.repeats(first, token)
                && token.chars().all(char::is_alphabetic)
                && !self.allow.iter().any(|allowed| same_word(allowed, token))
                && !line_break_between(emit, cx.segment, &before, &range);
            if !repeated {
                continue;
            }
            let span = before.start..range.end;
            let vars = Vars {
                matched: text.get(span.clone()),
                expected: Some(first),
                word: Some(token),
                ..Vars::default()
            };
            let fix = ProposedFix::replace(span.clone(), first.to_owned(), Applicability::Unsafe);
            emit.emit(cx.segment, span, DEFAULT_MESSAGE, &vars, Some(fix));
        }
    }

    fn repeats(&self, first: &str, second: &str) -> bool {
        if self.ignore_case {
            same_word(first, second)
        } else {
            first == second
        }
    }
}

/// Case-insensitive word equality without allocating (this runs on every pair of words).
fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{NONE, findings, findings_in, messages};
    use crate::document::Format;

    const RULE: &str = "kind = \"repetition\"\n";

    #[test]
    fn whole_tokens_compare_as_vale_does() {
        let rule = "kind = \"repetition\"\ntokens = '[^\\s]+'\nignore-case = false\n";
        // Punctuation is part of a token; case counts; runs and single letters are reported.
        assert_eq!(
            findings(rule, "The the plan plan. is is (it it done done done K K ok."),
            ["is is", "done done", "done done", "K K"]
        );
        // Not across a line break of the source; `allow` still allows.
        assert_eq!(findings(rule, "the\nthe brain"), NONE);
        // Tokens as the regex finds them: with dots split off, "test test." repeats.
        let dots = "kind = \"repetition\"\ntokens = '[^\\s\\.]+|[^\\s]+'\n";
        assert_eq!(findings(dots, "A test test."), ["test test"]);
        assert_eq!(findings(rule, "A test test."), NONE);
        let allowed = format!("{rule}allow = [\"had\"]\n");
        assert_eq!(findings(&allowed, "It had had an end, an an end."), ["an an"]);
        assert_eq!(
            messages(&format!("{rule}message = \"'{{word}}' is repeated!\"\n"), "Grüße grüße, zu zu viel 🎉 🎉."),
            ["'zu' is repeated!"]
        );
    }

    #[test]
    fn a_pair_is_reported_and_a_run_of_three_or_more_is_left_alone() {
        assert_eq!(findings(RULE, "the the end"), ["the the"]);
        assert_eq!(messages(RULE, "the the end"), ["Repeated word: 'the the'."]);
        // Three or more in a row is deliberate ("no no no", "done done done"), not a typo: no
        // finding for any pair of the run.
        assert_eq!(findings(RULE, "the the the end"), NONE);
        assert_eq!(findings(RULE, "the the the the end"), NONE);
        // Only neighbours make a run: a repeat after a sentence end is still a pair.
        assert_eq!(findings(RULE, "It was done. Done done!"), ["Done done"]);
        assert_eq!(findings(RULE, "done. Done done"), ["Done done"]);
        assert_eq!(findings(RULE, "die die Katze"), ["die die"]);
        assert_eq!(findings(RULE, "the end. The end"), NONE);
        // Two separate pairs are two findings.
        assert_eq!(findings(RULE, "a bb bb c dd dd"), ["bb bb", "dd dd"]);
    }

    #[test]
    fn a_second_word_set_off_by_emphasis_is_deliberate_a_link_is_not() {
        let markdown = |text: &str| findings_in(Format::Markdown, RULE, text);
        assert_eq!(markdown("It was actually *actually* fine."), NONE);
        assert_eq!(markdown("It was actually _actually_ fine."), NONE);
        assert_eq!(markdown("It was actually <em>actually</em> fine."), NONE);
        assert_eq!(markdown("It was actually <B>actually</B> fine."), NONE);
        assert_eq!(markdown("Read the [the guide](https://example.com)."), ["the [the"]);
    }

    #[test]
    fn placeholders_name_each_word_as_written() {
        let rule = "kind = \"repetition\"\nmessage = \"{match}: '{word}' again; keep '{expected}'.\"\n";
        assert_eq!(messages(rule, "It it was"), ["It it: 'it' again; keep 'It'."]);
    }

    #[test]
    fn single_letters_numbers_quotes_and_allowed_words_are_not_repeats() {
        assert_eq!(findings(RULE, "the initials K K"), NONE);
        assert_eq!(findings(RULE, "ab ab"), ["ab ab"]); // two letters are a word
        assert_eq!(findings(RULE, "in 2020 2020 we"), NONE);
        assert_eq!(findings(RULE, "fix \"the the\" here"), NONE);
        assert_eq!(findings(RULE, "谢谢 谢谢"), NONE);
        let allow = "kind = \"repetition\"\nallow = [\" That \"]\n";
        assert_eq!(findings(allow, "so that that is"), NONE);
        assert_eq!(findings(allow, "so this this is"), ["this this"]);
        // Case is compared in Unicode, also between an ASCII word and one that is not: the
        // Kelvin sign (U+212A) lower-cases to "k".
        let allow_ok = "kind = \"repetition\"\nallow = [\"ok\"]\n";
        assert_eq!(findings(allow_ok, "so o\u{212A} o\u{212A} then"), NONE);
    }

    #[test]
    fn case_a_sentence_start_and_white_space_only() {
        // A capital only where a sentence starts: "It it" is a typo, "of type TYPE" is not.
        assert_eq!(findings(RULE, "It it was"), ["It it"]);
        assert_eq!(findings(RULE, "so the THE end"), NONE);
        let exact = "kind = \"repetition\"\nignore-case = false\n";
        assert_eq!(findings(exact, "It it was"), NONE);
        assert_eq!(findings(exact, "so the the end"), ["the the"]);
        assert_eq!(findings(RULE, "Done. It it was"), ["It it"]);
        assert_eq!(findings(RULE, "of type TYPE"), NONE);
        // A capital after white space starts a sentence only after a sentence mark; after a
        // mark with no space it is part of a name.
        assert_eq!(findings(RULE, "I think Will will win."), NONE);
        assert_eq!(findings(RULE, "Function::Call call"), NONE);
        assert_eq!(findings(RULE, "Yes: It it is."), ["It it"]);
        // At a sentence start only the first letter may differ: "THE the" is not a typo.
        assert_eq!(findings(RULE, "THE the end"), NONE);
        assert_eq!(findings(RULE, "so well, well"), NONE);
    }
    /// Some repeated words are meant ("that that"): removing one is unsafe.
    #[test]
    fn the_fix_is_unsafe() {
        assert_eq!(
            crate::checks::testing::fixes(RULE, "Größe die die Welt"),
            [[(
                crate::finding::Applicability::Unsafe,
                "Größe die Welt".to_owned()
            )]]
        );
    }

}
