//! `kind = "avoid"`: banned words and phrases — hype, jargon, clichés, exclusionary language.
//!
//! ```toml
//! [[rule]]
//! id = "no-hype"
//! kind = "avoid"
//! phrases = ["revolutionary", "world-class", "synergy", "best-in-class"]
//! message = "'{match}' is hype; say what the product does."
//! ```
//!
//! Each phrase found as a whole word or phrase is a finding, without a fix (a banned word needs
//! a rewrite, not a substitute). Phrases match case-insensitively unless `ignore-case = false`,
//! with the same word boundaries as terminology: "synergy" does not match "synergyzed", and
//! Chinese phrases match wherever their characters stand.
//!
//! `exceptions`: regexes of contexts where a phrase has its ordinary, literal sense ("will be
//! disruptive" for a maintenance window is not hype). A phrase found inside a match of one is
//! not reported. Matched case-sensitively as whole words; write `(?i)` for any case.
//!
//! A phrase in quotation marks of at most a few words (a mention: replace “click here”
//! with…, `TERM` set to "dumb"; see `prose::mentions`) is not the writer's own choice and is
//! not reported. Longer quotations are speech, which brand copy writes too.
//!
//! Placeholders: `{match}` (the phrase as written in the text).
//!
//! No fix: what replaces a banned phrase depends on the sentence, so the writer rewrites it.

use super::exceptions::{self, ExceptionPatterns};
use super::{CompileCx, Emitter, Located, SegmentCx, Vars};
use crate::prose;

/// The fields of an avoid rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// The words and phrases to avoid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phrases: Option<Vec<String>>,
    /// Match case-insensitively (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_case: Option<bool>,
    /// Regexes: a match containing one is not reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Vec<String>>,
}
/// Rules of this kind offer no fix, so they do not take `fix`.
pub(crate) const OFFERS_FIXES: bool = false;

pub(crate) const PLACEHOLDERS: &[&str] = &["match"];
const DEFAULT_MESSAGE: &str = "Avoid '{match}'.";

#[derive(Debug)]
pub(crate) struct Avoid {
    pub(crate) exceptions: Option<ExceptionPatterns>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Avoid> {
    let phrases = cx.require(
        "phrases",
        fields.phrases.as_ref(),
        "a list like `phrases = [\"synergy\"]`",
    )?;
    if phrases.is_empty() {
        cx.error(
            Located::Key("phrases"),
            "`phrases` is empty: list at least one phrase",
        );
        return None;
    }
    let ignore_case = fields.ignore_case.unwrap_or(true);
    let mut ok = true;
    for (index, phrase) in phrases.iter().enumerate() {
        if phrase.trim().is_empty() {
            cx.error(
                Located::Key("phrases"),
                format!("phrase {} is empty", index + 1),
            );
            ok = false;
        } else {
            cx.literals
                .add(phrase, ignore_case, cx.rule_index, index as u32);
        }
    }
    let exceptions =
        exceptions::compile(cx, "exceptions", fields.exceptions.as_deref().unwrap_or(&[]))?;
    ok.then_some(Avoid { exceptions })
}

impl Avoid {
    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, emit: &mut Emitter<'_>) {
        if cx.hits.is_empty() {
            return;
        }
        let excepted = match &self.exceptions {
            Some(exceptions) => exceptions.ranges(cx.text()),
            None => Vec::new(),
        };
        let quoted = prose::mentions(cx.text());
        for hit in cx.hits {
            if prose::is_quoted(&excepted, &hit.range) || prose::is_quoted(&quoted, &hit.range) {
                continue;
            }
            let vars = Vars {
                matched: cx.text().get(hit.range.clone()),
                ..Vars::default()
            };
            emit.emit(cx.segment, hit.range.clone(), DEFAULT_MESSAGE, &vars, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{NONE, errors, findings, messages};

    const RULE: &str = "kind = \"avoid\"\nphrases = [\"synergy\", \"world-class\", \"颠覆\"]\n";

    /// Whole words in any case; Chinese wherever its characters stand.
    #[test]
    fn phrases_as_whole_words_in_any_case() {
        assert_eq!(
            findings(RULE, "Synergy, synergyzed, World-Class Grüße 😀"),
            ["Synergy", "World-Class"]
        );
        assert_eq!(findings(RULE, "这是颠覆性的"), ["颠覆"]);
        assert_eq!(messages(RULE, "Pure synergy 🙂."), ["Avoid 'synergy'."]);
        let exact = format!("{RULE}ignore-case = false\n");
        assert_eq!(findings(&exact, "Synergy and synergy"), ["synergy"]);
    }

    /// A phrase inside an exception's match, or mentioned in quotation marks, is not the
    /// writer's own choice.
    #[test]
    fn exceptions_and_mentions_are_not_reported() {
        let rule = "kind = \"avoid\"\nphrases = [\"disruptive\"]\n\
            exceptions = [\"will be disruptive\"]\n";
        assert_eq!(
            findings(rule, "Disruptive apps; the update will be disruptive."),
            ["Disruptive"]
        );
        assert_eq!(
            findings(rule, "Replace “disruptive” with a fact. Disruptive apps."),
            ["Disruptive"]
        );
        assert_eq!(findings(rule, "Grüße, 中文 😀"), NONE);
    }

    #[test]
    fn an_empty_list_or_phrase_is_an_error_at_its_key() {
        assert_eq!(
            errors("kind = \"avoid\"\nphrases = []\n"),
            ["edge.toml:4:1: `phrases` is empty: list at least one phrase"]
        );
        assert_eq!(
            errors("kind = \"avoid\"\nphrases = [\"synergy\", \" \"]\n"),
            ["edge.toml:4:1: phrase 2 is empty"]
        );
    }
}
