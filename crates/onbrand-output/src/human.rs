//! Compiler-style output for people, rendered with `annotate-snippets` (the renderer rustc
//! uses), so the underline and the line-number gutter are right for wide characters.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Summary, context_range, display_path, finding_range};
use crate::finding::{Finding, Severity};
use crate::lint::LintedFile;
use crate::position::LineCol;

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
        let (group, cut_at) = report(file, finding, &path);
        let rendered = renderer.render(&[group]).to_string();
        match cut_at {
            // A window of a long line: the renderer would count the column from the window's
            // start, so the location line is written here, under the title.
            Some((start, gutter)) => {
                let (title, rest) = rendered.split_once('\n').unwrap_or((&rendered, ""));
                out.push_str(&format!(
                    "{title}\n{:gutter$}--> {path}:{}:{}\n{rest}",
                    "", start.line, start.column
                ));
            }
            None => out.push_str(&rendered),
        }
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

/// A finding as a snippet group; when the excerpt is a window cut from a long line, also the
/// finding's start and the width of the line-number gutter, for the location line.
fn report<'a>(
    file: &'a LintedFile,
    finding: &'a Finding,
    path: &'a str,
) -> (Group<'a>, Option<(LineCol, usize)>) {
    let text = &file.document.text;
    // Only (a window of) the lines the finding touches, so that rendering depends neither on the
    // document's size nor on the length of its lines.
    let (excerpt_range, cut_before, _) = context_range(file, &finding.span);
    let excerpt = text.get(excerpt_range.clone()).unwrap_or("");
    let excerpt_start = excerpt_range.start;
    let span_start = finding.span.start.clamp(excerpt_start, excerpt_range.end);
    let span = span_start - excerpt_start
        ..finding.span.end.clamp(span_start, excerpt_range.end) - excerpt_start;
    let first_line = file.lines.line_of(excerpt_start);
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
    let title = level(finding.severity)
        .primary_title(finding.message.as_str())
        .id(&*finding.rule.id);
    let snippet = Snippet::source(excerpt)
        .line_start(first_line + 1)
        .annotation(annotation);
    let (mut group, cut_at) = if cut_before {
        let (start, _) = finding_range(file, finding);
        let last_line = file.lines.line_of(excerpt_range.end) + 1;
        (
            title.element(snippet),
            Some((start, last_line.to_string().len())),
        )
    } else {
        (title.element(snippet.path(path)), None)
    };
    if let Some(link) = &finding.rule.link {
        group = group.element(Level::NOTE.message(format!("see {link}")));
    }
    (group, cut_at)
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Suggestion => Level::HELP.with_name(Some("suggestion")),
    }
}

/// One line per finding (and per note, `path:line:col: note: …`), for grep and simple editor
/// integrations.
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
    for note in &file.document.notes {
        let at = file.lines.line_col(&file.document.text, note.source.start);
        out.push_str(&format!(
            "{path}:{}:{}: note: {}\n",
            at.line, at.column, note.message
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
