//! Compiler-style output for people, rendered with `annotate-snippets` (the renderer rustc
//! uses), so the underline and the line-number gutter are right for wide characters.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use std::ops::Range;

use super::{Summary, context_range, display_path, finding_range};
use crate::document::EncodedPart;
use crate::finding::{Applicability, Finding, Severity};
use crate::lint::LintedFile;
use crate::position::LineCol;
use crate::position::text_window;

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
        let (group, location) = match decoded_part(file, finding) {
            Some((part, span)) => decoded_report(file, finding, part, span),
            None => report(file, finding, &path),
        };
        let rendered = renderer.render(&[group]).to_string();
        match location {
            // The renderer would count the position from the excerpt's start (a window of a
            // long line, an encoded part's decoded line), so the location line is written
            // here, under the title.
            Some(Location {
                start,
                gutter,
                decoded,
            }) => {
                let (title, rest) = rendered.split_once('\n').unwrap_or((&rendered, ""));
                out.push_str(&format!(
                    "{title}\n{:gutter$}--> {path}:{}:{}{decoded}\n{rest}",
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

/// The location line of a finding the renderer cannot place itself.
struct Location {
    /// The finding's start in the file.
    start: LineCol,
    /// The width of the line-number gutter.
    gutter: usize,
    /// For a finding in an encoded part: where it is in the decoded text, to follow the file
    /// position.
    decoded: String,
}

/// A finding as a snippet group; when the excerpt is a window cut from a long line, also its
/// location line.
fn report<'a>(
    file: &'a LintedFile,
    finding: &'a Finding,
    path: &'a str,
) -> (Group<'a>, Option<Location>) {
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
    let annotation = AnnotationKind::Primary.span(span).label(fix_label(finding));
    let title = title(finding);
    let snippet = Snippet::source(excerpt)
        .line_start(first_line + 1)
        .annotation(annotation);
    let (group, location) = if cut_before {
        let (start, _) = finding_range(file, finding);
        let last_line = file.lines.line_of(excerpt_range.end) + 1;
        let location = Location {
            start,
            gutter: last_line.to_string().len(),
            decoded: String::new(),
        };
        (title.element(snippet), Some(location))
    } else {
        (title.element(snippet.path(path)), None)
    };
    (with_link(group, finding), location)
}

/// The encoded part a finding is in, and its range in the part's decoded text.
fn decoded_part<'a>(
    file: &'a LintedFile,
    finding: &'a Finding,
) -> Option<(&'a EncodedPart, &'a Range<usize>)> {
    let decoded = finding.decoded.as_ref()?;
    Some((file.document.encoded.get(decoded.part)?, &decoded.span))
}

/// A finding in an encoded part: the excerpt is the decoded line with the word underlined, the
/// location line gives the file position and the decoded one, and a note says why there is no
/// fix.
fn decoded_report<'a>(
    file: &'a LintedFile,
    finding: &'a Finding,
    part: &'a EncodedPart,
    span: &Range<usize>,
) -> (Group<'a>, Option<Location>) {
    let text = part.text.as_str();
    let (excerpt_range, _, _) = text_window(text, part.lines(), span);
    let excerpt = text.get(excerpt_range.clone()).unwrap_or("");
    let start = span.start.clamp(excerpt_range.start, excerpt_range.end);
    let local =
        start - excerpt_range.start..span.end.clamp(start, excerpt_range.end) - excerpt_range.start;
    let first_line = part.lines().line_of(excerpt_range.start) + 1;
    let at = part.line_col(span.start);
    let snippet = Snippet::source(excerpt)
        .line_start(first_line)
        .annotation(AnnotationKind::Primary.span(local));
    let group = title(finding)
        .element(snippet)
        .element(Level::NOTE.message(format!(
            "the {} part is shown decoded; onbrand does not write fixes into encoded parts",
            part.describe()
        )));
    let location = Location {
        start: finding_range(file, finding).0,
        gutter: (part.lines().line_of(excerpt_range.end) + 1)
            .to_string()
            .len(),
        decoded: format!(
            " (decoded {}:{} in the {} part)",
            at.line,
            at.column,
            part.describe()
        ),
    };
    (with_link(group, finding), Some(location))
}

fn title(finding: &Finding) -> annotate_snippets::Title<'_> {
    level(finding.severity)
        .primary_title(finding.message.as_str())
        .id(&*finding.rule.id)
}

/// `fix: `email``, or `unsafe fix: …` when `--fix` would not apply it.
fn fix_label(finding: &Finding) -> Option<String> {
    let kind = match finding.fixes.first()?.applicability {
        Applicability::Safe => "fix",
        Applicability::Unsafe => "unsafe fix",
    };
    match finding.replacements().as_slice() {
        [] => Some(format!("{kind}: {}", finding.fixes[0].title)),
        [only] => Some(format!("{kind}: `{only}`")),
        several => Some(format!(
            "{kind}: {}",
            several
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    }
}

fn with_link<'a>(group: Group<'a>, finding: &'a Finding) -> Group<'a> {
    match &finding.rule.link {
        Some(link) => group.element(Level::NOTE.message(format!("see {link}"))),
        None => group,
    }
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

/// `" 2 unsafe fixes not applied (--unsafe-fixes applies them)."`, or nothing: the tail of a
/// `--fix` or `--diff` summary that left unsafe fixes.
pub fn unsafe_fixes_note(summary: &Summary) -> String {
    match summary.unsafe_fixes_left {
        0 => String::new(),
        1 => " 1 unsafe fix not applied (--unsafe-fixes applies it).".to_owned(),
        count => format!(" {count} unsafe fixes not applied (--unsafe-fixes applies them)."),
    }
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
    line.push_str(&unsafe_fixes_note(summary));
    if summary.failed_files > 0 {
        line.push_str(&format!(
            " {} could not be linted.",
            plural(summary.failed_files, "file")
        ));
    }
    line
}
