//! Helpers for the kinds' own tests: a one-rule guideline run over a small document.
//!
//! Test code only, so it may compile a whole guideline without making `checks` depend on
//! `guideline` (tests/architecture.rs reads the attribute below).
#![cfg(test)]

use crate::checks::DocContext;
use crate::document::{Document, Format};
use crate::finding::{Applicability, Fix};
use crate::guideline::{Guideline, GuidelineSource};

/// A guideline of one rule (`id = "edge"` and the TOML lines of `rule`); panics with the
/// errors when it does not compile.
pub(crate) fn guideline(rule: &str) -> Guideline {
    Guideline::compile(&one_rule(rule)).unwrap_or_else(|errors| panic!("{errors:?}"))
}

/// The errors of a one-rule guideline (as [`guideline`] builds it) that does not compile, each
/// with its place (`edge.toml:line:column: …`); none when it compiles.
pub(crate) fn errors(rule: &str) -> Vec<String> {
    Guideline::compile(&one_rule(rule))
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn one_rule(rule: &str) -> [GuidelineSource; 1] {
    [GuidelineSource {
        name: "edge.toml".into(),
        text: format!("[[rule]]\nid = \"edge\"\n{rule}"),
    }]
}

/// The findings of a one-rule guideline on a plain-text document, as the text each underlines.
pub(crate) fn findings(rule: &str, text: &str) -> Vec<String> {
    findings_in(Format::Text, rule, text)
}

/// [`findings`] in a document of another format, as the source text each underlines.
pub(crate) fn findings_in(format: Format, rule: &str, text: &str) -> Vec<String> {
    let document = Document::parse(format, text.to_owned());
    guideline(rule)
        .check(&document, &DocContext::default())
        .iter()
        .map(|finding| document.text[finding.span.clone()].to_owned())
        .collect()
}

/// The fixes of a one-rule guideline's findings on a plain-text document (those of a
/// `once-per-document` rule grouped, as a lint does): per finding, each fix (best first) as its
/// applicability and the whole text with only that fix applied.
pub(crate) fn fixes(rule: &str, text: &str) -> Vec<Vec<(Applicability, String)>> {
    fixes_in(&DocContext::default(), rule, text)
}

/// [`fixes`] in a document context (a language).
pub(crate) fn fixes_in(
    context: &DocContext<'_>,
    rule: &str,
    text: &str,
) -> Vec<Vec<(Applicability, String)>> {
    let document = Document::parse(Format::Text, text.to_owned());
    let guideline = guideline(rule);
    let mut findings = guideline.check(&document, context);
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end));
    guideline.group_document_findings(&mut findings);
    findings
        .iter()
        .map(|finding| {
            finding
                .fixes
                .iter()
                .map(|fix| (fix.applicability, applied(text, fix)))
                .collect()
        })
        .collect()
}

/// `text` with the edits of `fix` made.
pub(crate) fn applied(text: &str, fix: &Fix) -> String {
    let mut out = String::new();
    let mut cursor = 0;
    for edit in &fix.edits {
        out.push_str(&text[cursor..edit.span.start]);
        out.push_str(&edit.replacement);
        cursor = edit.span.end;
    }
    out + &text[cursor..]
}

/// The messages of a one-rule guideline's findings on a plain-text document.
pub(crate) fn messages(rule: &str, text: &str) -> Vec<String> {
    messages_in(Format::Text, rule, text)
}

/// [`messages`] in a document of another format.
pub(crate) fn messages_in(format: Format, rule: &str, text: &str) -> Vec<String> {
    let document = Document::parse(format, text.to_owned());
    guideline(rule)
        .check(&document, &DocContext::default())
        .into_iter()
        .map(|finding| finding.message)
        .collect()
}

/// No findings: `Vec<String>` for `assert_eq!`.
pub(crate) const NONE: Vec<String> = Vec::new();
