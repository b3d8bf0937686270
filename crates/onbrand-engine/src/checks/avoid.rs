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
//! Placeholders: `{match}` (the phrase as written in the text).

use super::{CompileCx, Emitter, Located, SegmentCx, Vars};

pub(crate) const FIELDS: &[&str] = &["phrases", "ignore-case"];
pub(crate) const PLACEHOLDERS: &[&str] = &["match"];
const DEFAULT_MESSAGE: &str = "Avoid '{match}'.";

#[derive(Debug)]
pub(crate) struct Avoid;

pub(crate) fn compile(cx: &mut CompileCx<'_>) -> Option<Avoid> {
    let phrases = cx.require(
        "phrases",
        cx.spec.phrases.as_ref(),
        "a list like `phrases = [\"synergy\"]`",
    )?;
    if phrases.is_empty() {
        cx.error(
            Located::Key("phrases"),
            "`phrases` is empty: list at least one phrase",
        );
        return None;
    }
    let ignore_case = cx.ignore_case(true);
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
    ok.then_some(Avoid)
}

impl Avoid {
    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, emit: &mut Emitter<'_>) {
        for hit in cx.hits {
            let vars = Vars {
                matched: cx.text().get(hit.range.clone()),
                ..Vars::default()
            };
            emit.emit(cx.segment, hit.range.clone(), DEFAULT_MESSAGE, &vars, None);
        }
    }
}
