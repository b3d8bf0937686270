//! JSON output: one document per run, stable field names, positions for people and programs.
//!
//! ```json
//! {"version": 1, "files": [{"path": …, "format": …, "channel": …, "language": …,
//!   "findings": [{"rule": …, "severity": …, "message": …, "line": 3, "column": 7,
//!                 "end_line": 3, "end_column": 13, "offset": 42, "end_offset": 48,
//!                 "text": "e-mail", "fixes": ["email"], "link": …}]}],
//!  "errors": [{"path": …, "message": …}], "summary": {…}}
//! ```
//! Lines and columns are 1-based and count characters; offsets are UTF-8 byte offsets into the
//! decoded file.

use serde::Serialize;

use super::{Summary, display_path, finding_range};
use crate::document::Format;
use crate::lint::LintedFile;

#[derive(Serialize)]
pub struct FileJson<'a> {
    pub path: String,
    pub format: Format,
    pub channel: Option<&'a str>,
    pub language: Option<&'a str>,
    pub findings: Vec<FindingJson<'a>>,
}

#[derive(Serialize)]
pub struct FindingJson<'a> {
    pub rule: &'a str,
    pub severity: &'static str,
    pub message: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub offset: usize,
    pub end_offset: usize,
    pub text: &'a str,
    pub fixes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ErrorJson {
    pub path: String,
    pub message: String,
}

/// One file's entry.
pub fn file_json(file: &LintedFile) -> FileJson<'_> {
    let findings = file
        .findings
        .iter()
        .map(|finding| {
            let (start, end) = finding_range(file, finding);
            FindingJson {
                rule: finding.rule_id(),
                severity: finding.severity.name(),
                message: &finding.message,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                offset: finding.span.start,
                end_offset: finding.span.end,
                text: file.document.text.get(finding.span.clone()).unwrap_or(""),
                fixes: &finding.fixes,
                link: finding.rule.link.as_deref(),
            }
        })
        .collect();
    FileJson {
        path: display_path(&file.path),
        format: file.document.format,
        channel: file.channel.as_deref(),
        language: file.language.as_deref(),
        findings,
    }
}

/// The whole run as one JSON document.
pub fn render_run(files: &[serde_json::Value], errors: &[ErrorJson], summary: &Summary) -> String {
    let document = serde_json::json!({
        "version": 1,
        "files": files,
        "errors": errors,
        "summary": summary,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}
