//! Compiler-style output for people, rendered with `annotate-snippets` (the renderer rustc
//! uses), so the underline and the line-number gutter are right for wide characters.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Summary, display_path, finding_range};
use crate::finding::{Finding, Severity};
use crate::lint::LintedFile;

/// Render one file's findings.
pub fn render(file: &LintedFile, styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let path = display_path(&file.path);
    let mut out = String::new();
    for finding in &file.findings {
        out.push_str(&renderer.render(&[report(file, finding, &path)]).to_string());
        out.push_str("\n\n");
    }
    for note in &file.document.notes {
        let position = file.lines.line_col(&file.document.text, note.source.start);
        out.push_str(&format!(
            "note: {path}:{}:{}: {}\n",
            position.line, position.column, note.message
        ));
    }
    out
}

fn report<'a>(file: &'a LintedFile, finding: &'a Finding, path: &'a str) -> Group<'a> {
    let text = &file.document.text;
    let first_line = file.lines.line_of(finding.span.start);
    let last_line = file
        .lines
        .line_of(finding.span.end.saturating_sub(1).max(finding.span.start));
    // Only the lines the finding touches, so rendering does not depend on the document's size.
    let excerpt_start = file.lines.line_start(first_line);
    let excerpt_end = file
        .lines
        .line_range(text, last_line)
        .end
        .max(finding.span.end.min(text.len()));
    let excerpt = text.get(excerpt_start..excerpt_end).unwrap_or("");
    let span =
        finding.span.start - excerpt_start..finding.span.end.min(excerpt_end) - excerpt_start;
    let label = match finding.fixes.as_slice() {
        [] => None,
        [only] => Some(format!("fix: `{only}`")),
        several => Some(format!(
            "fix: {}",
            several
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    };
    let annotation = AnnotationKind::Primary.span(span).label(label);
    let mut group = level(finding.severity)
        .primary_title(finding.message.as_str())
        .id(&*finding.rule.id)
        .element(
            Snippet::source(excerpt)
                .line_start(first_line + 1)
                .path(path)
                .annotation(annotation),
        );
    if let Some(link) = &finding.rule.link {
        group = group.element(Level::NOTE.message(format!("see {link}")));
    }
    group
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Suggestion => Level::HELP.with_name(Some("suggestion")),
    }
}

/// One line per finding, for grep and simple editor integrations.
pub fn render_concise(file: &LintedFile) -> String {
    let path = display_path(&file.path);
    let mut out = String::new();
    for finding in &file.findings {
        let (start, _) = finding_range(file, finding);
        out.push_str(&format!(
            "{path}:{}:{}: {}[{}] {}\n",
            start.line,
            start.column,
            finding.severity.name(),
            finding.rule_id(),
            finding.message
        ));
    }
    out
}

/// The closing line of a human run.
pub fn render_summary(summary: &Summary) -> String {
    let plural =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    let mut line = if summary.findings() == 0 {
        format!("No findings in {}.", plural(summary.files, "file"))
    } else {
        format!(
            "{} ({}, {}, {}) in {}.",
            plural(summary.findings(), "finding"),
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.suggestions, "suggestion"),
            plural(summary.files, "file"),
        )
    };
    if summary.fixed > 0 {
        line.push_str(&format!(" Fixed {}.", plural(summary.fixed, "finding")));
    }
    if summary.failed_files > 0 {
        line.push_str(&format!(
            " {} could not be linted.",
            plural(summary.failed_files, "file")
        ));
    }
    line
}
