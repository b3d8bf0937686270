//! Findings, notes and configuration errors as LSP diagnostics.
//!
//! Severity mapping: error → Error, warning → Warning, suggestion → Information. Suggestions
//! are advice a writer should still see while writing; `Hint` renders as faint dots (VS Code)
//! or not at all by default (several Neovim setups), which would hide a third of a guideline.

use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, Uri,
};

use crate::document::Note;
use crate::finding::{Finding, Severity};
use crate::guideline::GuidelineError;
use crate::lint::LintedFile;
use crate::position::window_text;
use crate::position::{ColumnUnit, LineIndex};

/// What every onbrand diagnostic says it comes from.
pub const SOURCE: &str = "onbrand";

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Suggestion => DiagnosticSeverity::INFORMATION,
    }
}

/// The protocol range of a byte range.
pub fn range(
    text: &str,
    lines: &LineIndex,
    span: &std::ops::Range<usize>,
    unit: ColumnUnit,
) -> Range {
    let (line, character) = lines.position(text, span.start, unit);
    let (end_line, end_character) = lines.position(text, span.end, unit);
    Range::new(
        Position::new(line, character),
        Position::new(end_line, end_character),
    )
}

/// A finding as a diagnostic. `data` carries the fix suggestions, so that a client (or a
/// `codeAction/resolve` later) can offer them without asking the server again. A
/// document-level finding lists every occurrence as related information. A finding in an
/// encoded part (a base64 e-mail body) underlines its place in the file (the whole part, for
/// base64) and its message ends with the decoded line and word, which the file does not show.
pub fn from_finding(
    uri: &Uri,
    finding: &Finding,
    file: &LintedFile,
    unit: ColumnUnit,
) -> Diagnostic {
    let (text, lines) = (file.document.text.as_str(), &file.lines);
    let message = match decoded_place(file, finding) {
        Some(place) => format!("{}\n{place}", finding.message),
        None => finding.message.clone(),
    };
    Diagnostic {
        range: range(text, lines, &finding.span, unit),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule_id().to_owned())),
        code_description: finding
            .rule
            .link
            .as_deref()
            .and_then(|link| Uri::from_str(link).ok())
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: related_information(uri, finding, text, lines, unit),
        tags: None,
        data: Some(serde_json::json!({ "fixes": finding.replacements() })),
    }
}

/// Where a finding in an encoded part is in its decoded text: `in the base64 (utf-8) part,
/// decoded line 2, column 5: “Zürich” in “Willkommen in Zürich!”`.
fn decoded_place(file: &LintedFile, finding: &Finding) -> Option<String> {
    let decoded = finding.decoded.as_ref()?;
    let part = file.document.encoded.get(decoded.part)?;
    let at = part.line_col(decoded.span.start);
    let word = part.text.get(decoded.span.clone()).unwrap_or_default();
    let line = window_text(&part.text, part.lines(), &decoded.span);
    Some(format!(
        "in the {} part, decoded line {}, column {}: “{word}” in “{line}” (not fixed: the part is encoded)",
        part.describe(),
        at.line,
        at.column
    ))
}

/// Every occurrence of a document-level finding, each with the text found there.
fn related_information(
    uri: &Uri,
    finding: &Finding,
    text: &str,
    lines: &LineIndex,
    unit: ColumnUnit,
) -> Option<Vec<DiagnosticRelatedInformation>> {
    if finding.occurrences.is_empty() {
        return None;
    }
    let count = finding.occurrences.len();
    Some(
        finding
            .occurrences
            .iter()
            .enumerate()
            .map(|(index, occurrence)| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), range(text, lines, &occurrence.span, unit)),
                message: format!(
                    "“{}” ({} of {count})",
                    text.get(occurrence.span.clone()).unwrap_or_default(),
                    index + 1
                ),
            })
            .collect(),
    )
}

/// A note about how the document was linted (a rule skipped from here on when its budget ran
/// out) as an information diagnostic at the place it concerns, coded `note`: the writer sees
/// it where the findings stop, and it goes away with the next lint that does not need it,
/// which a `window/logMessage` (read by nobody) or a `window/showMessage` (a pop-up on every
/// keystroke) would not do.
pub fn from_note(note: &Note, text: &str, lines: &LineIndex, unit: ColumnUnit) -> Diagnostic {
    Diagnostic {
        range: range(text, lines, &note.source, unit),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String(NOTE_CODE.to_owned())),
        source: Some(SOURCE.to_owned()),
        message: note.message.clone(),
        ..Diagnostic::default()
    }
}

/// The code of a note's diagnostic, where a finding's carries its rule id.
pub const NOTE_CODE: &str = "note";

/// A guideline or configuration error as a diagnostic in the file it is about.
///
/// `text` is the file's contents (the editor's buffer when it is open, else the file on disk):
/// the error's 1-based character column becomes a position in the negotiated encoding, and the
/// range runs to the end of the line so that the squiggle is visible.
pub fn from_guideline_error(error: &GuidelineError, text: &str, unit: ColumnUnit) -> Diagnostic {
    let lines = LineIndex::new(text);
    let line = error.line.saturating_sub(1);
    let start = lines.offset(text, line, error.column.saturating_sub(1), ColumnUnit::Char);
    let end = lines.line_range(text, line as usize).end.max(start);
    Diagnostic {
        range: range(text, &lines, &(start..end), unit),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("guideline".to_owned())),
        source: Some(SOURCE.to_owned()),
        message: format!(
            "{} (onbrand keeps using the last valid guideline until this is fixed)",
            error.message
        ),
        ..Diagnostic::default()
    }
}
