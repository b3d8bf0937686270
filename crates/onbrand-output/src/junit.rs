//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure): one test case
//! per file, failing with one failure per finding at or above the fail level.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::json::FileReport;
use crate::finding::Severity;

/// Render the run; `fail_level` decides which findings fail a file (`None`: none do, and
/// findings are listed in the test case's output instead).
pub fn render(files: &[FileReport], fail_level: Option<Severity>) -> String {
    let mut writer = RunWriter::new(io::Cursor::new(Vec::new()), fail_level);
    let mut out = Vec::new();
    let written = files
        .iter()
        .try_for_each(|file| writer.file(file))
        .and_then(|()| writer.finish(&mut out));
    match written {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// [`render`] written as the run goes, with memory for one file.
///
/// The test suites' opening tags count the files and the failing ones, which only the end of
/// the run knows: so each file's test case is rendered as it comes and spilled to `spill` (a
/// temporary file), and copied out after the opening tags when the run ends. The bytes are
/// [`render`]'s for the same files.
pub struct RunWriter<S: io::Write> {
    spill: io::BufWriter<S>,
    fail_level: Option<Severity>,
    /// The document's writer, which keeps the indentation; each test case is taken out of its
    /// buffer as soon as it is written.
    xml: Writer<Vec<u8>>,
    tests: usize,
    failures: usize,
}

impl<S: io::Read + io::Write + io::Seek> RunWriter<S> {
    /// A writer that spills test cases to `spill` (an empty temporary file); findings at or
    /// above `fail_level` make a test case fail (`None`: none fails).
    pub fn new(spill: S, fail_level: Option<Severity>) -> RunWriter<S> {
        let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
        open_suites(&mut xml, 0, 0);
        xml.get_mut().clear();
        RunWriter {
            spill: io::BufWriter::new(spill),
            fail_level,
            xml,
            tests: 0,
            failures: 0,
        }
    }

    /// Take one file's report, in path order.
    pub fn file(&mut self, file: &FileReport) -> io::Result<()> {
        let fail_level = self.fail_level;
        let failing = |severity: Severity| fail_level.is_some_and(|level| severity >= level);
        self.tests += 1;
        if file.findings.iter().any(|f| failing(f.severity)) {
            self.failures += 1;
        }
        test_case(&mut self.xml, file, failing);
        self.spill.write_all(self.xml.get_ref())?;
        self.xml.get_mut().clear();
        Ok(())
    }

    /// Write the whole document (no newline at the end).
    pub fn finish(mut self, out: &mut dyn Write) -> io::Result<()> {
        let mut head = Writer::new_with_indent(Vec::new(), b' ', 2);
        open_suites(&mut head, self.tests, self.failures);
        out.write_all(&head.into_inner())?;
        let mut spill = self
            .spill
            .into_inner()
            .map_err(|error| error.into_error())?;
        spill.seek(io::SeekFrom::Start(0))?;
        io::copy(&mut spill, out)?;
        let _ = self.xml.write_event(Event::End(BytesEnd::new("testsuite")));
        let _ = self
            .xml
            .write_event(Event::End(BytesEnd::new("testsuites")));
        out.write_all(&self.xml.into_inner())
    }
}

/// The declaration and the opening tags of the test suites.
fn open_suites(writer: &mut Writer<Vec<u8>>, tests: usize, failures: usize) {
    let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let mut suites = BytesStart::new("testsuites");
    suites.push_attribute(("name", "onbrand"));
    suites.push_attribute(("tests", tests.to_string().as_str()));
    suites.push_attribute(("failures", failures.to_string().as_str()));
    let _ = writer.write_event(Event::Start(suites));
    let mut suite = BytesStart::new("testsuite");
    suite.push_attribute(("name", "onbrand"));
    suite.push_attribute(("tests", tests.to_string().as_str()));
    suite.push_attribute(("failures", failures.to_string().as_str()));
    suite.push_attribute(("errors", "0"));
    let _ = writer.write_event(Event::Start(suite));
}

/// One file's test case.
fn test_case(writer: &mut Writer<Vec<u8>>, file: &FileReport, failing: impl Fn(Severity) -> bool) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::tests::files;

    #[test]
    fn the_suites_count_the_files_streamed_before_them() {
        let junit = render(&files(), Some(Severity::Warning));
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                    <testsuites name=\"onbrand\" tests=\"3\" failures=\"2\">\n  \
                    <testsuite name=\"onbrand\" tests=\"3\" failures=\"2\" errors=\"0\">\n    \
                    <testcase name=\"blog/a.md\" classname=\"onbrand\" file=\"blog/a.md\">\n    </testcase>\n    \
                    <testcase name=\"blog/a.md\" classname=\"onbrand\" file=\"blog/a.md\">\n      \
                    <failure message=\"m\" type=\"brand.email\">blog/a.md:1:1: warning[brand.email] m</failure>\n    \
                    </testcase>";
        assert!(junit.starts_with(head), "{junit}");
        assert!(
            junit.ends_with("</testcase>\n  </testsuite>\n</testsuites>"),
            "{junit}"
        );
        assert!(junit.contains("blog/b.md:7:1: warning[brand.a-first] m"));
    }

    #[test]
    fn an_empty_run_is_an_empty_suite() {
        let junit = render(&[], None);
        assert!(junit.contains("tests=\"0\" failures=\"0\""), "{junit}");
        assert!(junit.ends_with("</testsuite>\n</testsuites>"), "{junit}");
    }
}
