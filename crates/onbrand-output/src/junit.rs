//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure): one test case
//! per file, failing with one failure per finding at or above the fail level.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::json::FileReport;
use crate::finding::Severity;

/// Render the run; `fail_level` decides which findings fail a file (`None`: none do, and
/// findings are listed in the test case's output instead).
pub fn render(files: &[FileReport], fail_level: Option<Severity>) -> String {
    let failing = |severity: Severity| fail_level.is_some_and(|level| severity >= level);
    let failures: usize = files
        .iter()
        .filter(|file| file.findings.iter().any(|f| failing(f.severity)))
        .count();
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail; errors are ignored rather than unwrapped.
    let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let mut suites = BytesStart::new("testsuites");
    suites.push_attribute(("name", "onbrand"));
    suites.push_attribute(("tests", files.len().to_string().as_str()));
    suites.push_attribute(("failures", failures.to_string().as_str()));
    let _ = writer.write_event(Event::Start(suites));
    let mut suite = BytesStart::new("testsuite");
    suite.push_attribute(("name", "onbrand"));
    suite.push_attribute(("tests", files.len().to_string().as_str()));
    suite.push_attribute(("failures", failures.to_string().as_str()));
    suite.push_attribute(("errors", "0"));
    let _ = writer.write_event(Event::Start(suite));
    for file in files {
        let mut case = BytesStart::new("testcase");
        case.push_attribute(("name", file.path.as_str()));
        case.push_attribute(("classname", "onbrand"));
        case.push_attribute(("file", file.path.as_str()));
        let _ = writer.write_event(Event::Start(case));
        let mut other = Vec::new();
        for finding in &file.findings {
            let line = format!(
                "{}:{}:{}: {}[{}] {}",
                file.path,
                finding.line,
                finding.column,
                finding.severity.name(),
                finding.rule,
                finding.message
            );
            if failing(finding.severity) {
                let mut failure = BytesStart::new("failure");
                failure.push_attribute(("message", finding.message.as_str()));
                failure.push_attribute(("type", finding.rule.as_str()));
                let _ = writer.write_event(Event::Start(failure));
                let _ = writer.write_event(Event::Text(BytesText::new(&line)));
                let _ = writer.write_event(Event::End(BytesEnd::new("failure")));
            } else {
                other.push(line);
            }
        }
        other.extend(file.notes.iter().map(|note| {
            format!(
                "{}:{}:{}: note: {}",
                file.path, note.line, note.column, note.message
            )
        }));
        if !other.is_empty() {
            let _ = writer.write_event(Event::Start(BytesStart::new("system-out")));
            let _ = writer.write_event(Event::Text(BytesText::new(&other.join("\n"))));
            let _ = writer.write_event(Event::End(BytesEnd::new("system-out")));
        }
        let _ = writer.write_event(Event::End(BytesEnd::new("testcase")));
    }
    let _ = writer.write_event(Event::End(BytesEnd::new("testsuite")));
    let _ = writer.write_event(Event::End(BytesEnd::new("testsuites")));
    String::from_utf8(writer.into_inner()).unwrap_or_default()
}
