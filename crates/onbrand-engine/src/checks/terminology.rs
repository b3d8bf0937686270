//! `kind = "terminology"`: preferred terms, their deprecated variants, and brand names in exact
//! case.
//!
//! ```toml
//! [[rule]]
//! id = "terms"
//! kind = "terminology"
//! terms = [
//!   { use = "email", not = ["e-mail", "E-Mail"] },
//!   { use = "sign up", not = ["signup", "sign-up"] },
//!   { use = "GitHub", exact-case = true },
//! ]
//! ```
//!
//! - Each variant in `not` found as a whole word (or phrase) is a finding, with the preferred
//!   term as the fix. Variants match case-insensitively unless the rule says
//!   `ignore-case = false`.
//! - The fix follows the case of what was found when the preferred term is all lower case:
//!   "E-mail" at the start of a sentence becomes "Email", "E-MAIL" becomes "EMAIL". A preferred
//!   term with capitals of its own ("GitHub", "E-Mail") is always used exactly as written.
//! - `exact-case = true` flags every spelling of `use` that differs only in case ("Github",
//!   "GITHUB"), with `use` as the fix.
//! - Text that already is the preferred term is never flagged, so a variant that differs only
//!   in case is fine: `{ use = "E-Mail", not = ["e-mail", "Email"] }` flags "e-mail" but not
//!   "E-Mail".
//! - Word boundaries: a match must not continue a word on either side ("emails" does not match
//!   "email"); a hyphen, an apostrophe at a word's edge, punctuation, an emoji or non-prose (a
//!   placeholder, code) is a boundary; an edge in Chinese or Japanese needs none.
//!
//! - Mentions are not uses: a variant in quotation marks of a few words, written as the old
//!   name beside the preferred one ("change whitelist to allowlist", "allowlist (formerly
//!   whitelist)"), or in a run of text that reads as code or a file name (`test-tls-whitelist`,
//!   `a_whitelist`, `Foo::Whitelist`) is not a finding.
//!
//! - In English documents the fix also changes an article the new term needs differently:
//!   "a user profile" becomes "an account", "An avatar" "A profile". Only where the word is
//!   surely the article and the new term's first sound is certain from its spelling (not
//!   "hour", "user" or an acronym like "FAQ").
//!
//! Placeholders: `{match}` (the variant found), `{expected}` (the fix).
//!
//! Fix safety: safe. The fix swaps a variant the guideline names for the term it prefers, one
//! fixed term for another, so `check --fix` applies it; `fix = "unsafe"` when a variant can mean
//! something else in your copy.

use std::ops::Range;

use crate::finding::Applicability;
use super::{CompileCx, ProposedFix, Emitter, Located, SegmentCx, Vars, adapt_case};
use crate::prose;

/// The fields of a terminology rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// Preferred terms and the variants they replace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<Vec<crate::spec::TermSpec>>,
    /// Match case-insensitively (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_case: Option<bool>,
}
/// Rules of this kind offer fixes (see "Fix safety" above), so they take `fix`.
pub(crate) const OFFERS_FIXES: bool = true;

pub(crate) const PLACEHOLDERS: &[&str] = &["match", "expected"];
const DEFAULT_MESSAGE: &str = "Use '{expected}' instead of '{match}'.";

#[derive(Debug)]
pub(crate) struct Terminology {
    /// The preferred term of each entry of `terms`, by index (the hits' payload).
    preferred: Vec<String>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Terminology> {
    let terms = cx.require(
        "terms",
        fields.terms.as_ref(),
        "a list like `terms = [{ use = \"email\", not = [\"e-mail\"] }]`",
    )?;
    if terms.is_empty() {
        cx.error(
            Located::Key("terms"),
            "`terms` is empty: list at least one term",
        );
        return None;
    }
    let ignore_case = fields.ignore_case.unwrap_or(true);
    let mut ok = true;
    let mut preferred = Vec::with_capacity(terms.len());
    for (index, term) in terms.iter().enumerate() {
        let payload = index as u32;
        if term.preferred.trim().is_empty() {
            cx.error(
                Located::Key("terms"),
                format!("term {} has an empty `use`", index + 1),
            );
            ok = false;
        }
        if term.variants.is_empty() && !term.exact_case {
            cx.error(
                Located::Key("terms"),
                format!(
                    "term '{}' has no `not` variants and no `exact-case = true`, so it can never match",
                    term.preferred
                ),
            );
            ok = false;
        }
        for variant in &term.variants {
            if variant.trim().is_empty() {
                cx.error(
                    Located::Key("terms"),
                    format!("term '{}' has an empty variant in `not`", term.preferred),
                );
                ok = false;
            } else if *variant == term.preferred {
                cx.error(
                    Located::Key("terms"),
                    format!("term '{}' lists itself in `not`", term.preferred),
                );
                ok = false;
            } else {
                cx.literals
                    .add(variant, ignore_case, cx.rule_index, payload);
            }
        }
        if term.exact_case && !term.preferred.trim().is_empty() {
            cx.literals
                .add(&term.preferred, true, cx.rule_index, payload);
        }
        preferred.push(term.preferred.clone());
    }
    ok.then_some(Terminology { preferred })
}

impl Terminology {
    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, emit: &mut Emitter<'_>) {
        if cx.hits.is_empty() {
            return;
        }
        let quoted = prose::mentions(cx.text());
        for hit in cx.hits {
            let (Some(found), Some(preferred)) = (
                cx.text().get(hit.range.clone()),
                self.preferred.get(hit.payload as usize),
            ) else {
                continue;
            };
            if found == preferred
                || prose::is_quoted(&quoted, &hit.range)
                || super::is_identifier_like(cx.text(), &hit.range)
                || names_preferred(cx.text(), &hit.range, preferred)
            {
                continue;
            }
            let fix = adapt_case(found, preferred);
            let vars = Vars {
                matched: Some(found),
                expected: Some(&fix),
                ..Vars::default()
            };
            let mut edits = vec![(hit.range.clone(), fix.clone())];
            if cx.language == Some("en") {
                edits.extend(article_edit(cx.text(), hit.range.start, &fix));
            }
            let fix = ProposedFix {
                edits,
                applicability: Applicability::Safe,
            };
            emit.emit(cx.segment, hit.range.clone(), DEFAULT_MESSAGE, &vars, Some(fix));
        }
    }
}

/// The edit that makes the English article before `at` ("a", "an") fit `replacement`, when
/// it does not: "a user profile" → "an account". Only where the article is surely one (a
/// lower-case "a"/"an" after a space or at the start, a capital one opening a sentence: not
/// "Vitamin A") and the sound of the replacement's first letter is certain (not "hour",
/// "user", "FAQ"); otherwise the article is left as written.
fn article_edit(text: &str, at: usize, replacement: &str) -> Option<(Range<usize>, String)> {
    let before = text.get(..at)?;
    let word_end = before.trim_end_matches(' ').len();
    if word_end == at {
        return None;
    }
    let word_start = before[..word_end]
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    let written = &before[word_start..word_end];
    let lead = before[..word_start].trim_end();
    let opens_sentence = lead.is_empty() || lead.ends_with(['.', '!', '?', ':', '"', '“', '(']);
    let after_space = before[..word_start]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '"' | '“'));
    let capital = match written {
        "a" | "an" if after_space => false,
        "A" | "An" if opens_sentence => true,
        _ => return None,
    };
    let wanted = match (starts_with_vowel_sound(replacement)?, capital) {
        (true, false) => "an",
        (true, true) => "An",
        (false, false) => "a",
        (false, true) => "A",
    };
    (wanted != written).then(|| (word_start..word_end, wanted.to_owned()))
}

/// Whether `word` is said with a vowel first, when its spelling says so for certain: "email",
/// "item", "order" yes; "one", "European", "book" no; "hour", "user", "FAQ", "3D" unknown.
fn starts_with_vowel_sound(word: &str) -> Option<bool> {
    let first = word.chars().next()?;
    let letters = word.chars().take_while(|c| c.is_alphabetic()).count();
    if letters >= 2 && word.chars().take(letters).all(char::is_uppercase) {
        return None; // an acronym: "an FAQ" or "a FAQ", as it is read
    }
    let lower = word.to_lowercase();
    match first.to_ascii_lowercase() {
        'a' | 'i' => Some(true),
        'o' => Some(!(lower.starts_with("one") || lower.starts_with("once"))),
        'e' => Some(!(lower.starts_with("eu") || lower.starts_with("ewe"))),
        'h' | 'u' | 'x' => None,
        c if c.is_ascii_lowercase() => Some(false),
        _ => None,
    }
}

/// Whether the variant at `range` is written as the old name beside its new one: "change
/// whitelist to allowlist", "replace whitelist with allowlist", "whitelist → allowlist",
/// "allowlist (formerly whitelist)". A sentence that merely uses both is still inconsistent.
/// Looks only at the words next to the variant, so it costs the same however long the text.
fn names_preferred(text: &str, range: &Range<usize>, preferred: &str) -> bool {
    const TO_NEW: &[&str] = &["to", "with", "by", "into", "→", "->", "=>"];
    const FROM_NEW: &[&str] = &["(formerly", "(previously", ", formerly", ", previously"];
    let after = text[range.end..].trim_start();
    let renamed_to = TO_NEW.iter().any(|connector| {
        after
            .strip_prefix(connector)
            .filter(|rest| rest.starts_with(char::is_whitespace))
            .is_some_and(|rest| starts_with_word(rest.trim_start(), preferred))
    });
    let before = text[..range.start].trim_end();
    let formerly = FROM_NEW.iter().any(|phrase| {
        before
            .strip_suffix(phrase)
            .is_some_and(|rest| ends_with_word(rest.trim_end(), preferred))
    });
    renamed_to || formerly
}

/// Whether `text` starts with the word `word`, in any case.
fn starts_with_word(text: &str, word: &str) -> bool {
    text.get(..word.len()).is_some_and(|head| {
        prose::fold_case(head) == prose::fold_case(word)
            && !text[word.len()..].starts_with(prose::is_word_char)
    })
}

/// Whether `text` ends with the word `word`, in any case.
fn ends_with_word(text: &str, word: &str) -> bool {
    let Some(start) = text.len().checked_sub(word.len()) else {
        return false;
    };
    text.get(start..).is_some_and(|tail| {
        prose::fold_case(tail) == prose::fold_case(word)
            && !text[..start].ends_with(prose::is_word_char)
    })
}

#[cfg(test)]
mod tests {
    use crate::checks::DocContext;
    use crate::checks::testing::{NONE, errors, findings, fixes, fixes_in, messages};
    use crate::finding::Applicability::{Safe, Unsafe};

    const RULE: &str = "kind = \"terminology\"\nterms = [{ use = \"email\", not = [\"e-mail\"] }]\n";

    /// Swapping a named variant for the preferred term keeps the meaning: safe, unless the
    /// rule says `fix = "unsafe"`.
    #[test]
    fn the_swap_is_safe_unless_the_rule_says_otherwise() {
        let text = "Grüße per E-mail 👋";
        assert_eq!(fixes(RULE, text), [[(Safe, "Grüße per Email 👋".to_owned())]]);
        let marked = format!("{RULE}fix = \"unsafe\"\n");
        assert_eq!(fixes(&marked, text), [[(Unsafe, "Grüße per Email 👋".to_owned())]]);
    }

    /// In English, the article before the term follows the new term, in the same fix; where
    /// it is not surely an article, or the new term's sound is not certain, it stays.
    #[test]
    fn the_article_changes_with_the_term_in_english() {
        let rule = "kind = \"terminology\"\nterms = [\n\
            { use = \"account\", not = [\"user profile\"] },\n\
            { use = \"profile\", not = [\"avatar\"] },\n\
            { use = \"hour\", not = [\"timeslot\"] },\n\
            { use = \"one-pager\", not = [\"overview\"] },\n]\n";
        let english = DocContext {
            language: Some("en"),
            ..DocContext::default()
        };
        let fixed = |text: &str| -> Vec<String> {
            fixes_in(&english, rule, text)
                .into_iter()
                .map(|fixes| fixes[0].1.clone())
                .collect()
        };
        assert_eq!(fixed("Make a user profile 😀."), ["Make an account 😀."]);
        assert_eq!(fixed("An avatar, 中文."), ["A profile, 中文."]);
        assert_eq!(fixed("Größe: An  avatar."), ["Größe: A  profile."]);
        assert_eq!(fixed("Write an overview."), ["Write a one-pager."]);
        // Not an article ("Vitamin A"), no article, or a sound the spelling does not tell.
        assert_eq!(fixed("Vitamin A avatar."), ["Vitamin A profile."]);
        assert_eq!(fixed("Pick a timeslot."), ["Pick a hour."]);
        assert_eq!(fixed("Our avatar."), ["Our profile."]);
        // Only in English: elsewhere "a" and "an" are other words.
        assert_eq!(
            fixes(rule, "Make a user profile."),
            [[(Safe, "Make a account.".to_owned())]]
        );
    }

    /// A term that cannot work is an error at `terms`, naming the term (by its number when
    /// its `use` is empty).
    #[test]
    fn terms_that_cannot_match_are_errors() {
        let rule = |terms: &str| errors(&format!("kind = \"terminology\"\nterms = [{terms}]\n"));
        assert_eq!(
            rule("{ use = \"email\", not = [\"e-mail\"] }, { use = \" \", not = [\"x\"] }"),
            ["edge.toml:4:1: term 2 has an empty `use`"]
        );
        assert_eq!(
            rule("{ use = \"GitHub\" }"),
            [
                "edge.toml:4:1: term 'GitHub' has no `not` variants and no `exact-case = true`, \
                 so it can never match"
            ]
        );
        assert_eq!(
            rule("{ use = \"email\", not = [\" \"] }"),
            ["edge.toml:4:1: term 'email' has an empty variant in `not`"]
        );
        assert_eq!(
            rule("{ use = \"email\", not = [\"email\"] }"),
            ["edge.toml:4:1: term 'email' lists itself in `not`"]
        );
        assert_eq!(rule("{ use = \"GitHub\", exact-case = true }"), NONE);
    }

    /// `exact-case` flags the term in another case; the preferred term itself is never
    /// flagged, even when a variant differs from it only in case.
    #[test]
    fn the_preferred_term_as_written_is_never_flagged() {
        let exact = "kind = \"terminology\"\nterms = [{ use = \"GitHub\", exact-case = true }]\n";
        assert_eq!(findings(exact, "Github, GITHUB, GitHub 😀"), ["Github", "GITHUB"]);
        assert_eq!(
            messages(exact, "Grüße an Github."),
            ["Use 'GitHub' instead of 'Github'."]
        );
        let german =
            "kind = \"terminology\"\nterms = [{ use = \"E-Mail\", not = [\"e-mail\", \"Email\"] }]\n";
        assert_eq!(findings(german, "E-Mail, e-mail, Email"), ["e-mail", "Email"]);
    }

    /// Mentions are not uses: quoted, in code-like text, or the old name beside the new one
    /// (in any case); the old name beside a longer word is still a use.
    #[test]
    fn mentions_are_not_uses() {
        let rule = "kind = \"terminology\"\nterms = [{ use = \"allowlist\", not = [\"whitelist\"] }]\n";
        for mention in [
            "The word “whitelist” is gone.",
            "Set a_whitelist now.",
            "Change whitelist to allowlist.",
            "Change whitelist to Allowlist.",
            "The allowlist (formerly whitelist).",
        ] {
            assert_eq!(findings(rule, mention), NONE, "{mention}");
        }
        for text in [
            "The whitelist, 中文 😀.",
            "Change whitelist to allowlists.",
            "The allowlists (formerly whitelist).",
            // Another name before it, as long as the new one plus a space.
            "A big thing (formerly whitelist).",
        ] {
            assert_eq!(findings(rule, text), ["whitelist"], "{text}");
        }
    }

    /// The article follows the new term's first sound where its spelling says it for certain:
    /// a vowel ("item", "email"), not "eu", or unknown (an acronym, "u", "h").
    #[test]
    fn the_article_follows_each_first_sound() {
        let english = DocContext {
            language: Some("en"),
            ..DocContext::default()
        };
        let fixed = |preferred: &str, text: &str| -> String {
            let rule = format!(
                "kind = \"terminology\"\nterms = [{{ use = \"{preferred}\", not = [\"gadget\"] }}]\n"
            );
            fixes_in(&english, &rule, text)[0][0].1.clone()
        };
        assert_eq!(fixed("item", "Buy a gadget."), "Buy an item.");
        assert_eq!(fixed("email", "Send a gadget."), "Send an email.");
        assert_eq!(fixed("European plug", "Use an gadget."), "Use a European plug.");
        assert_eq!(fixed("API", "Use a gadget."), "Use a API.");
        assert_eq!(fixed("upgrade", "Get a gadget."), "Get a upgrade.");
        assert_eq!(fixed("xylophone", "Get an gadget."), "Get an xylophone.");
        assert_eq!(fixed("tool", "Get an gadget."), "Get a tool.");
        assert_eq!(fixed("offer", "Make a gadget."), "Make an offer.");
        assert_eq!(fixed("3D printer", "Use an gadget."), "Use an 3D printer.");
        // No article: a letter joined to a word, a capital inside a sentence.
        assert_eq!(fixed("item", "Buy x-a gadget."), "Buy x-a item.");
        assert_eq!(fixed("item", "Take Vitamin A gadget."), "Take Vitamin A item.");
    }
}
