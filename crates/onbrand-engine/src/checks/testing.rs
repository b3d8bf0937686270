//! Helpers for the kinds' own tests: a one-rule guideline run over a small document.
//!
//! Test code only, so it may compile a whole guideline without making `checks` depend on
//! `guideline` (tests/architecture.rs reads the attribute below).
#![cfg(test)]

use crate::checks::DocContext;
use crate::document::{Document, Format};
use crate::guideline::{Guideline, GuidelineSource};

/// A guideline of one rule (`id = "edge"` and the TOML lines of `rule`); panics with the
/// errors when it does not compile.
pub(crate) fn guideline(rule: &str) -> Guideline {
    Guideline::compile(&[GuidelineSource {
        name: "edge.toml".into(),
        text: format!("[[rule]]\nid = \"edge\"\n{rule}"),
    }])
    .unwrap_or_else(|errors| panic!("{errors:?}"))
}

/// The findings of a one-rule guideline on a plain-text document, as the text each underlines.
pub(crate) fn findings(rule: &str, text: &str) -> Vec<String> {
    let document = Document::parse(Format::Text, text.to_owned());
    guideline(rule)
        .check(&document, &DocContext::default())
        .iter()
        .map(|finding| document.text[finding.span.clone()].to_owned())
        .collect()
}

/// The messages of a one-rule guideline's findings on a plain-text document.
pub(crate) fn messages(rule: &str, text: &str) -> Vec<String> {
    let document = Document::parse(Format::Text, text.to_owned());
    guideline(rule)
        .check(&document, &DocContext::default())
        .into_iter()
        .map(|finding| finding.message)
        .collect()
}

/// No findings: `Vec<String>` for `assert_eq!`.
pub(crate) const NONE: Vec<String> = Vec::new();
