//! Findings and configuration errors as LSP diagnostics.
//!
//! Severity mapping: error → Error, warning → Warning, suggestion → Information. Suggestions
//! are advice a writer should still see while writing; `Hint` renders as faint dots (VS Code)
//! or not at all by default (several Neovim setups), which would hide a third of a guideline.

use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, Uri,
};

use crate::finding::{Finding, Severity};
use crate::guideline::GuidelineError;
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
/// `codeAction/resolve` later) can offer them without asking the server again.
pub fn from_finding(
    finding: &Finding,
    text: &str,
    lines: &LineIndex,
    unit: ColumnUnit,
) -> Diagnostic {
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
        message: finding.message.clone(),
        related_information: None,
        tags: None,
        data: Some(serde_json::json!({ "fixes": finding.fixes })),
    }
}

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
