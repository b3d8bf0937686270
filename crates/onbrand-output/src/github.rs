//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request's
//! diff (`::warning file=…,line=…,col=…::message`); each note about the lint itself (a rule
//! skipped when its budget ran out) a notice titled `onbrand note`.

use super::json::FileReport;
use crate::finding::Severity;

/// One file's findings as GitHub Actions workflow commands (`::warning file=…`), which the
/// runner turns into annotations on the pull request's diff.
pub fn render(report: &FileReport) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Suggestion => "notice",
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&report.path),
            finding.line,
            finding.column,
            finding.end_line,
            finding.end_column,
            property(&format!("onbrand {}", finding.rule)),
            data(&finding.message),
        ));
    }
    for note in &report.notes {
        out.push_str(&format!(
            "::notice file={},line={},col={},title={}::{}\n",
            property(&report.path),
            note.line,
            note.column,
            property("onbrand note"),
            data(&note.message),
        ));
    }
    out
}

/// Escape a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow command's property value, where `:` and `,` separate properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::json::FindingReport;

    #[test]
    fn findings_become_escaped_annotations() {
        let finding = FindingReport {
            rule: "brand.hype".into(),
            severity: Severity::Suggestion,
            message: "100% hype,\nreally".into(),
            line: 2,
            column: 5,
            end_line: 2,
            end_column: 9,
            offset: 0,
            end_offset: 0,
            text: String::new(),
            context: String::new(),
            fixes: vec![],
            link: None,
            fix_details: Vec::new(),
            occurrences: Vec::new(),
            decoded: None,
        };
        let report = FileReport {
            path: "a,b:c.md".into(),
            format: Format::Markdown,
            channel: None,
            language: None,
            findings: vec![finding],
            words: None,
            tone: None,
            notes: vec![crate::json::NoteReport {
                line: 3,
                column: 1,
                offset: 20,
                message: "rule `x` is skipped: 50% of it".into(),
            }],
        };
        assert_eq!(
            render(&report),
            "::notice file=a%2Cb%3Ac.md,line=2,col=5,endLine=2,endColumn=9,title=onbrand brand.hype::100% hype,%0Areally\n\
             ::notice file=a%2Cb%3Ac.md,line=3,col=1,title=onbrand note::rule `x` is skipped: 50% of it\n"
                .replace("% ", "%25 ")
        );
    }
}
