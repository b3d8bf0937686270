//! Hover over a finding: what the rule says, why it exists, examples, and the guideline link.

use std::fmt::Write;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use crate::finding::Finding;
use crate::guideline::Guideline;
use crate::lint::LintedFile;
use crate::position::ColumnUnit;

use super::diagnostics;

/// The hover for byte `offset`, or `None` when no finding covers it.
pub fn hover(
    file: &LintedFile,
    guideline: &Guideline,
    offset: usize,
    unit: ColumnUnit,
) -> Option<Hover> {
    let here: Vec<&Finding> = file
        .findings
        .iter()
        .filter(|finding| finding.span.start <= offset && offset <= finding.span.end)
        .collect();
    let first = here.first()?;
    let sections: Vec<String> = here
        .iter()
        .map(|finding| describe(finding, guideline))
        .collect();
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: Some(diagnostics::range(
            &file.document.text,
            &file.lines,
            &first.span,
            unit,
        )),
    })
}

/// One finding's section, in Markdown.
pub fn describe(finding: &Finding, guideline: &Guideline) -> String {
    let id = finding.rule_id();
    let mut out = format!(
        "**{}** · `{id}` · {}\n\n",
        escape(&finding.message),
        finding.severity.name()
    );
    let rule = guideline.rules().iter().find(|rule| &*rule.info.id == id);
    if let Some(description) = rule.and_then(|rule| rule.description.as_deref()) {
        let _ = write!(out, "{}\n\n", description.trim());
    }
    if let Some(rule) = rule {
        for (label, examples) in [
            ("Instead of", &rule.examples.bad),
            ("Write", &rule.examples.good),
        ] {
            if examples.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{label}:");
            for example in examples {
                let _ = writeln!(out, "- {}", escape(example));
            }
            out.push('\n');
        }
    }
    if let Some(link) = &finding.rule.link {
        let _ = writeln!(out, "[Guideline: {id}]({link})");
    }
    out.trim_end().to_owned()
}

/// Escape characters Markdown would read as markup in quoted copy.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
