//! Compiler-style output for people, rendered with `annotate-snippets` (the renderer rustc
//! uses), so the underline and the line-number gutter are right for wide characters; without
//! colours, the common one-line case is written directly, the same way (see `plain_line`).

mod plain_line;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use std::ops::Range;

use super::{Summary, context_range, display_path, finding_range};
use crate::document::EncodedPart;
use crate::finding::{Applicability, Finding, Severity};
use crate::lint::LintedFile;
use crate::position::LineCol;
use crate::position::text_window;
use plain_line::push_number;

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
            None => {
                let (excerpt, location) = excerpt(file, finding);
                // Without colours, the common case (one line of one-column characters) is
                // laid out directly: see `plain_line`.
                if !styled
                    && plain_line::write(&mut out, &excerpt, &path, location.as_ref()).is_some()
                {
                    out.push_str("\n\n");
                    continue;
                }
                let path = location.is_none().then_some(path.as_str());
                (excerpt.group(path), location)
            }
        };
        let rendered = renderer.render(&[group]).to_string();
        push_placed(&mut out, &rendered, location.as_ref(), &path);
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

/// What the human format shows of a finding outside an encoded part: its title, the lines it
/// touches (or a window of a long line) with the finding underlined, its fix and its link.
#[derive(Clone, Debug)]
struct Excerpt<'a> {
    severity: Severity,
    message: &'a str,
    rule_id: &'a str,
    /// The lines shown (or a window of one long line).
    source: &'a str,
    /// The 1-based number of the first line shown.
    first_line: usize,
    /// The finding's range in `source`.
    span: Range<usize>,
    /// The fix, written beside the underline.
    label: Option<String>,
    link: Option<&'a str>,
}

impl<'a> Excerpt<'a> {
    /// The excerpt as a snippet group; `path` is the location the renderer writes under the
    /// title (none for a window, whose location is written by `render`).
    fn group(self, path: Option<&'a str>) -> Group<'a> {
        let annotation = AnnotationKind::Primary.span(self.span).label(self.label);
        let mut snippet = Snippet::source(self.source)
            .line_start(self.first_line)
            .annotation(annotation);
        if let Some(path) = path {
            snippet = snippet.path(path);
        }
        let group = title(self.severity, self.message, self.rule_id).element(snippet);
        with_link(group, self.link)
    }
}

/// A finding's excerpt and, when it is a window cut from a long line, its location line.
fn excerpt<'a>(file: &'a LintedFile, finding: &'a Finding) -> (Excerpt<'a>, Option<Location>) {
    let text = &file.document.text;
    // Only (a window of) the lines the finding touches, so that rendering depends neither on the
    // document's size nor on the length of its lines.
    let (excerpt_range, cut_before, _) = context_range(file, &finding.span);
    let source = text.get(excerpt_range.clone()).unwrap_or("");
    let excerpt_start = excerpt_range.start;
    let span_start = finding.span.start.clamp(excerpt_start, excerpt_range.end);
    let span = span_start - excerpt_start
        ..finding.span.end.clamp(span_start, excerpt_range.end) - excerpt_start;
    let excerpt = Excerpt {
        severity: finding.severity,
        message: &finding.message,
        rule_id: &finding.rule.id,
        source,
        first_line: file.lines.line_of(excerpt_start) + 1,
        span,
        label: fix_label(finding),
        link: finding.rule.link.as_deref(),
    };
    let location = cut_before.then(|| Location {
        start: finding_range(file, finding).0,
        gutter: (file.lines.line_of(excerpt_range.end) + 1)
            .to_string()
            .len(),
        decoded: String::new(),
    });
    (excerpt, location)
}

/// Append the renderer's report, with `location` written under its title when the renderer
/// could not place the finding itself: it would count the position from the excerpt's start (a
/// window of a long line, an encoded part's decoded line).
fn push_placed(out: &mut String, rendered: &str, location: Option<&Location>, path: &str) {
    match location {
        Some(Location {
            start,
            gutter,
            decoded,
        }) => {
            let (title, rest) = rendered.split_once('\n').unwrap_or((rendered, ""));
            out.push_str(&format!(
                "{title}\n{:gutter$}--> {path}:{}:{}{decoded}\n{rest}",
                "", start.line, start.column
            ));
        }
        None => out.push_str(rendered),
    }
}

/// The location line of a finding the renderer cannot place itself.
#[derive(Debug)]
struct Location {
    /// The finding's start in the file.
    start: LineCol,
    /// The width of the line-number gutter.
    gutter: usize,
    /// For a finding in an encoded part: where it is in the decoded text, to follow the file
    /// position.
    decoded: String,
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
    let group = title(finding.severity, &finding.message, &finding.rule.id)
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
    (
        with_link(group, finding.rule.link.as_deref()),
        Some(location),
    )
}

fn title<'a>(
    severity: Severity,
    message: &'a str,
    rule_id: &'a str,
) -> annotate_snippets::Title<'a> {
    level(severity).primary_title(message).id(rule_id)
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

fn with_link<'a>(group: Group<'a>, link: Option<&'a str>) -> Group<'a> {
    match link {
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
        // Written piece by piece, and only the start located: with tens of thousands of
        // findings, `format!` and the unused end's position were half the cost of this format.
        let start = file.lines.line_col(&file.document.text, finding.span.start);
        out.push_str(&path);
        out.push(':');
        push_number(&mut out, start.line as usize);
        out.push(':');
        push_number(&mut out, start.column as usize);
        out.push_str(": ");
        out.push_str(finding.severity.name());
        out.push('[');
        out.push_str(finding.rule_id());
        out.push_str("] ");
        out.push_str(&finding.message);
        out.push('\n');
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
