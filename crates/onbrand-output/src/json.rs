//! JSON output: one document per run, stable field names, positions for people and programs.
//!
//! ```json
//! {"version": 1, "files": [{"path": …, "format": …, "channel": …, "language": …,
//!   "findings": [{"rule": …, "severity": …, "message": …, "line": 3, "column": 7,
//!                 "end_line": 3, "end_column": 13, "offset": 42, "end_offset": 48,
//!                 "text": "e-mail", "context": "Send us an e-mail today.",
//!                 "fixes": ["email"], "link": …,
//!                 "fix_details": [{"title": "Replace with 'email'", "applicability": "safe",
//!                   "edits": [{"line": 3, "column": 7, "end_line": 3, "end_column": 13,
//!                              "offset": 42, "end_offset": 48, "replacement": "email"}]}]}]}],
//!  "errors": [{"path": …, "message": …}], "summary": {…}}
//! ```
//! Lines and columns are 1-based and count characters; offsets are UTF-8 byte offsets into the
//! decoded file.
//!
//! `fixes` lists what replaces the finding's own text, best first (one of them is applied).
//! `fix_details` (absent when there is no fix) has every fix in full, in the same order: its
//! `applicability` (`safe`: `check --fix` applies it; `unsafe`: only `--unsafe-fixes`) and all of
//! its edits, which apply together: a fix may also change the article before a term, and a
//! document-level finding's fix changes every occurrence. `summary.unsafe_fixes_left` counts the
//! unsafe fixes a `--fix` run left (absent when none). Fields are only ever added within a
//! `version`; it goes up when a field changes meaning or goes away.
//!
//! A finding in an encoded part of an e-mail (base64, quoted-printable, a charset other than
//! UTF-8, an RFC 2047 Subject) keeps its file location in the fields above (for base64 and other
//! charsets the whole part, whose bytes are not the text) and adds `decoded`: the same fields
//! for the part's decoded text, with the part's encoding and charset. Such findings carry no
//! `fixes`: onbrand never writes into an encoded part.
//! ```json
//! "decoded": {"encoding": "base64", "charset": "utf-8", "line": 2, "column": 5,
//!             "end_line": 2, "end_column": 11, "offset": 23, "end_offset": 30,
//!             "text": "Zürich", "context": "Willkommen in Zürich!"}
//! ```
//! `line` and `column` count lines and characters of the decoded part (line 1 is its first);
//! `offset` and `end_offset` are UTF-8 byte offsets into it. The same document is what `onbrand report --merge` reads back, so the types
//! here deserialize too.

use std::collections::BTreeMap;
use std::io::{self, Read, Seek, Write};

use serde::{Deserialize, Serialize};

use super::{Summary, context_text, display_path, finding_range};
use crate::document::{DecodedSpan, Format, Transfer};
use crate::finding::{Applicability, Fix, Occurrence, Severity};
use crate::fingerprint::Fingerprint;
use crate::lint::LintedFile;
use crate::position::window_text;
use crate::spill::KeyedSpill;

/// One file's findings, owned, for formats that need the whole run before they can print.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The file's path as printed (relative to the working directory when below it).
    pub path: String,
    /// How the file was read.
    pub format: Format,
    /// The channel whose targets and rules applied, if any.
    pub channel: Option<String>,
    /// The language the file was linted as, if known.
    pub language: Option<String>,
    /// In document order.
    pub findings: Vec<FindingReport>,
    /// Prose words in the document (placeholders, code and URLs excluded), when measured (the
    /// tone measurement counts them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<usize>,
    /// The document's tone measurements against its channel's targets; absent when the
    /// guideline has no tone profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<ToneSummary>,
    /// What the lint could not do in full (a rule skipped when its budget ran out, a part of
    /// the document that could not be read), each at the place it concerns; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<NoteReport>,
}

/// A note about how a document was linted, at the place it concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteReport {
    /// 1-based line of the place.
    pub line: u32,
    /// 1-based column of the place, in characters.
    pub column: u32,
    /// UTF-8 byte offset of the place in the decoded file.
    pub offset: usize,
    /// What could not be done, in words.
    pub message: String,
}

/// Tone measurements of one document, as data for reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToneSummary {
    /// One entry per dimension of the guideline's tone profile.
    pub dimensions: Vec<ToneDimension>,
}

/// One tone dimension's value and target range. `value` is `None` when the document is too
/// short to measure this dimension meaningfully.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToneDimension {
    /// The dimension's name (`formality`, `sentence-length`, …).
    pub name: String,
    /// The measured value.
    pub value: Option<f64>,
    /// The lower bound of the channel's target, if any.
    pub min: Option<f64>,
    /// The upper bound of the channel's target, if any.
    pub max: Option<f64>,
}

/// One finding, with its place for people (line and column) and for programs (offsets).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingReport {
    /// The rule's id.
    pub rule: String,
    /// The rule's severity for this file (an override may change it).
    pub severity: Severity,
    /// The rule's message with its placeholders filled in.
    pub message: String,
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column of the start, in characters.
    pub column: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column of the end (exclusive), in characters.
    pub end_column: u32,
    /// UTF-8 byte offset of the start in the decoded file.
    pub offset: usize,
    /// UTF-8 byte offset of the end (exclusive).
    pub end_offset: usize,
    /// The source text of the finding.
    pub text: String,
    /// The source line(s) holding the finding, trimmed: what a baseline keys on besides the text.
    /// A long line is cut to a window around the finding, marked with `…` where it was cut.
    pub context: String,
    /// Replacements `--fix` may write, best first; empty when the rule offers none.
    pub fixes: Vec<String>,
    /// Where the rule is explained (the guideline's `link`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Every fix in full, best first: applicability and edits (see the module documentation);
    /// absent when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fix_details: Vec<FixReport>,
    /// Every place of a document-level finding (one decision reported once), the first being
    /// the finding's own position; absent for a finding at one place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occurrences: Vec<OccurrenceReport>,
    /// Where the finding is in the decoded text of an encoded part; absent for text the file
    /// holds as it reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoded: Option<DecodedReport>,
}

/// A finding's place in the decoded text of an encoded part (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodedReport {
    /// How the part is encoded: `base64`, `quoted-printable`, `8bit`, `encoded-word`.
    pub encoding: Transfer,
    /// The charset its bytes were decoded from, lower case.
    pub charset: String,
    /// 1-based line of the start, in the decoded part.
    pub line: u32,
    /// 1-based column of the start, in characters.
    pub column: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column of the end (exclusive).
    pub end_column: u32,
    /// UTF-8 byte offset of the start in the decoded part.
    pub offset: usize,
    /// UTF-8 byte offset of the end (exclusive).
    pub end_offset: usize,
    /// The decoded text of the finding.
    pub text: String,
    /// The decoded line holding the finding, trimmed (a window of a long line, as `context`).
    pub context: String,
}

/// The decoded place of a finding in an encoded part, if it is in one.
pub fn decoded_report(file: &LintedFile, decoded: Option<&DecodedSpan>) -> Option<DecodedReport> {
    let decoded = decoded?;
    let part = file.document.encoded.get(decoded.part)?;
    let (start, end) = (
        part.line_col(decoded.span.start),
        part.line_col(decoded.span.end),
    );
    Some(DecodedReport {
        encoding: part.transfer,
        charset: part.charset.clone(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        offset: decoded.span.start,
        end_offset: decoded.span.end,
        text: part.text.get(decoded.span.clone()).unwrap_or("").to_owned(),
        context: window_text(&part.text, part.lines(), &decoded.span),
    })
}

/// One fix of a finding: its edits apply together or not at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixReport {
    /// What it does, for people: `Replace with 'email'`.
    pub title: String,
    /// `safe` (`check --fix` applies it) or `unsafe` (only `--unsafe-fixes`).
    pub applicability: Applicability,
    /// In text order, none overlapping another.
    pub edits: Vec<EditReport>,
}

/// One edit of a fix: the range it replaces and what replaces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditReport {
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column of the start, in characters.
    pub column: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column of the end, in characters (exclusive).
    pub end_column: u32,
    /// UTF-8 byte offset of the start in the decoded file.
    pub offset: usize,
    /// UTF-8 byte offset of the end.
    pub end_offset: usize,
    /// What replaces the range.
    pub replacement: String,
}

fn fix_report(file: &LintedFile, fix: &Fix) -> FixReport {
    let text = &file.document.text;
    let edits = fix
        .edits
        .iter()
        .map(|edit| {
            let start = file.lines.line_col(text, edit.span.start);
            let end = file.lines.line_col(text, edit.span.end);
            EditReport {
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                offset: edit.span.start,
                end_offset: edit.span.end,
                replacement: edit.replacement.clone(),
            }
        })
        .collect();
    FixReport {
        title: fix.title.clone(),
        applicability: fix.applicability,
        edits,
    }
}

/// One place of a document-level finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccurrenceReport {
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column of the start, in characters.
    pub column: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column of the end (exclusive).
    pub end_column: u32,
    /// UTF-8 byte offset of the start.
    pub offset: usize,
    /// UTF-8 byte offset of the end (exclusive).
    pub end_offset: usize,
    /// The text at this place.
    pub text: String,
    /// The replacement for this place, when the finding has one per place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// A file that could not be read, parsed or configured: reported, never silently skipped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReport {
    /// The file, as printed.
    pub path: String,
    /// What went wrong, in words.
    pub message: String,
}

/// A whole run, as `--format json` prints it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// The document's version: readers refuse versions they do not know.
    pub version: u32,
    /// Every linted file, in path order.
    pub files: Vec<FileReport>,
    /// Files that could not be linted.
    pub errors: Vec<ErrorReport>,
    /// Counts for the exit code and the closing line.
    pub summary: Summary,
    /// MinHash sketches of the documents' prose by path, for `onbrand report`'s near-duplicate
    /// search: in `--format json`, so that merged shards find duplicates across shards.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fingerprints: BTreeMap<String, Fingerprint>,
}

/// The report of one linted file.
pub fn file_report(file: &LintedFile) -> FileReport {
    let text = &file.document.text;
    let findings = file
        .findings
        .iter()
        .map(|finding| {
            let (start, end) = finding_range(file, finding);
            FindingReport {
                rule: finding.rule_id().to_owned(),
                severity: finding.severity,
                message: finding.message.clone(),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                offset: finding.span.start,
                end_offset: finding.span.end,
                text: text.get(finding.span.clone()).unwrap_or("").to_owned(),
                context: context_text(file, &finding.span),
                fixes: finding
                    .replacements()
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                link: finding.rule.link.as_deref().map(str::to_owned),
                fix_details: finding
                    .fixes
                    .iter()
                    .map(|fix| fix_report(file, fix))
                    .collect(),
                occurrences: finding
                    .occurrences
                    .iter()
                    .map(|occurrence| occurrence_report(file, occurrence))
                    .collect(),
                decoded: decoded_report(file, finding.decoded.as_ref()),
            }
        })
        .collect();
    FileReport {
        path: display_path(&file.path),
        format: file.document.format,
        channel: file.channel.clone(),
        language: file.language.clone(),
        findings,
        words: file.tone.as_ref().map(|tone| tone.words),
        tone: file.tone.as_ref().map(tone_summary),
        notes: file
            .document
            .notes
            .iter()
            .map(|note| {
                let at = file.lines.line_col(text, note.source.start);
                NoteReport {
                    line: at.line,
                    column: at.column,
                    offset: note.source.start,
                    message: note.message.clone(),
                }
            })
            .collect(),
    }
}

fn occurrence_report(file: &LintedFile, occurrence: &Occurrence) -> OccurrenceReport {
    let text = &file.document.text;
    let start = file.lines.line_col(text, occurrence.span.start);
    let end = file.lines.line_col(text, occurrence.span.end);
    OccurrenceReport {
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        offset: occurrence.span.start,
        end_offset: occurrence.span.end,
        text: text.get(occurrence.span.clone()).unwrap_or("").to_owned(),
        fix: occurrence.replacement().map(str::to_owned),
    }
}

/// The tone measurements for reports: a value is left out (`None`) where the document is too
/// short for the statistic to mean anything, or has nothing to measure.
fn tone_summary(tone: &crate::tone::ToneReport) -> ToneSummary {
    ToneSummary {
        dimensions: tone
            .dimensions
            .iter()
            .map(|d| ToneDimension {
                name: d.dimension.name().to_owned(),
                value: d
                    .value
                    .filter(|_| d.status != crate::tone::Status::TooShort),
                min: d.target.and_then(|t| t.min),
                max: d.target.and_then(|t| t.max),
            })
            .collect(),
    }
}

/// The whole run as one pretty-printed JSON document.
pub fn render_run(run: &RunReport) -> String {
    serde_json::to_string_pretty(run).unwrap_or_default()
}

/// [`render_run`] written as the run goes: each file's report as soon as it is linted, the
/// errors, summary and fingerprints at the end, so that memory does not grow with the number
/// of files or findings. The fingerprints are listed by path as text, not in the order the
/// files come, so they are spilled to `spill` (a temporary file) as they come and copied out
/// in order at the end. The bytes are [`render_run`]'s for the same run.
pub struct RunWriter<S: Write> {
    /// [`RunReport::version`].
    version: u32,
    files: usize,
    /// Each fingerprint's pretty JSON, as a member of the `fingerprints` object, by path.
    fingerprints: KeyedSpill<S>,
}

/// The key of the files in [`RunReport`]'s pretty JSON, which is where the streamed files go.
const FILES_KEY: &str = "\"files\": ";
/// The indentation of a member of a top-level object's member in pretty JSON.
const MEMBER_INDENT: &str = "    ";

impl<S: Read + Write + Seek> RunWriter<S> {
    /// A writer of a run of JSON document version `version`, spilling fingerprints to `spill`.
    pub fn new(version: u32, spill: S) -> RunWriter<S> {
        RunWriter {
            version,
            files: 0,
            fingerprints: KeyedSpill::new(spill),
        }
    }

    /// Write one file's report, in path order.
    pub fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        if self.files == 0 {
            let (before, _) = split_skeleton(RunReport {
                version: self.version,
                ..RunReport::default()
            });
            out.write_all(before.as_bytes())?;
            out.write_all(b"[\n")?;
        } else {
            out.write_all(b",\n")?;
        }
        self.files += 1;
        write_indented(out, report, MEMBER_INDENT)
    }

    /// Keep the fingerprint of the file at `path` for the end of the document (in any order:
    /// they are written sorted by path, the last of a path kept, as in [`RunReport`]'s map).
    pub fn fingerprint(&mut self, path: &str, fingerprint: &Fingerprint) -> io::Result<()> {
        let mut member = Vec::with_capacity(4096);
        member.extend_from_slice(MEMBER_INDENT.as_bytes());
        serde_json::to_writer(&mut member, path).map_err(io::Error::other)?;
        member.extend_from_slice(b": ");
        write_nested(&mut member, fingerprint, MEMBER_INDENT)?;
        self.fingerprints.push(path.to_owned(), &member)
    }

    /// Write what follows the files (no newline at the end, like [`render_run`]); the files and
    /// fingerprints of `run` are not used.
    pub fn finish(self, out: &mut dyn Write, run: RunReport) -> io::Result<()> {
        self.finish_with(out, run, None::<(&str, &())>)
    }

    /// [`RunWriter::finish`] with one more top-level member after the run's own, as a struct
    /// that flattens a [`RunReport`] and adds a field serializes.
    pub fn finish_with<T: Serialize>(
        self,
        out: &mut dyn Write,
        run: RunReport,
        field: Option<(&str, &T)>,
    ) -> io::Result<()> {
        let (before, after) = split_skeleton(run);
        if self.files == 0 {
            out.write_all(before.as_bytes())?;
            out.write_all(b"[]")?;
        } else {
            out.write_all(b"\n  ]")?;
        }
        // The skeleton ends with the document's closing brace.
        let after = after.strip_suffix("\n}").unwrap_or(&after);
        out.write_all(after.as_bytes())?;
        if !self.fingerprints.is_empty() {
            out.write_all(b",\n  \"fingerprints\": {\n")?;
            let mut first = true;
            self.fingerprints.for_each_sorted(|_, member| {
                if !first {
                    out.write_all(b",\n")?;
                }
                first = false;
                out.write_all(member)
            })?;
            out.write_all(b"\n  }")?;
        }
        if let Some((name, value)) = field {
            out.write_all(b",\n  ")?;
            serde_json::to_writer(&mut *out, name).map_err(io::Error::other)?;
            out.write_all(b": ")?;
            write_nested(out, value, "  ")?;
        }
        out.write_all(b"\n}")
    }
}

/// The pretty JSON of `run` (whose files and fingerprints are not used) around its files: what
/// comes before their array and what comes after it.
fn split_skeleton(run: RunReport) -> (String, String) {
    let text = render_run(&RunReport {
        files: Vec::new(),
        fingerprints: BTreeMap::new(),
        ..run
    });
    let empty = format!("{FILES_KEY}[]");
    match text.find(&empty) {
        Some(at) => (
            text[..at + FILES_KEY.len()].to_owned(),
            text[at + empty.len()..].to_owned(),
        ),
        None => (text, String::new()),
    }
}

/// Write `value` as pretty JSON with every line indented by `indent`, as it reads nested in a
/// pretty document (JSON strings hold no raw line breaks, so every line break is structure).
pub fn write_indented(out: &mut dyn Write, value: &impl Serialize, indent: &str) -> io::Result<()> {
    out.write_all(indent.as_bytes())?;
    write_nested(out, value, indent)
}

/// [`write_indented`] without indenting the first line: a value after its key. Written as it
/// is serialized, so that a large value (the report's sections) is never one string.
fn write_nested(out: &mut dyn Write, value: &impl Serialize, indent: &str) -> io::Result<()> {
    let mut indented = Indented {
        out,
        indent: indent.as_bytes(),
    };
    serde_json::to_writer_pretty(&mut indented, value).map_err(io::Error::other)
}

/// A writer that indents every line after the first by `indent`.
struct Indented<'a> {
    out: &'a mut dyn Write,
    indent: &'a [u8],
}

impl Write for Indented<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut lines = bytes.split(|&byte| byte == b'\n');
        if let Some(first) = lines.next() {
            self.out.write_all(first)?;
        }
        for line in lines {
            self.out.write_all(b"\n")?;
            self.out.write_all(self.indent)?;
            self.out.write_all(line)?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// One line per finding, each a self-contained JSON object with its file's path: streamable,
/// and easy to feed to `jq` or a log pipeline. The file's notes follow, one line each, with a
/// `note` where a finding line has its `finding`.
pub fn render_lines(report: &FileReport) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let line = serde_json::json!({ "path": report.path, "channel": report.channel, "language": report.language, "finding": finding });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    for note in &report.notes {
        let line = serde_json::json!({ "path": report.path, "channel": report.channel, "language": report.language, "note": note });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::finding::Severity;

    /// A finding of `brand.email` on `line`.
    pub(crate) fn finding(line: u32, text: &str, context: &str) -> FindingReport {
        FindingReport {
            rule: "brand.email".into(),
            severity: Severity::Warning,
            message: "m".into(),
            line,
            column: 1,
            end_line: line,
            end_column: 2,
            offset: 0,
            end_offset: 0,
            text: text.into(),
            context: context.into(),
            fixes: vec![],
            link: None,
            fix_details: Vec::new(),
            occurrences: Vec::new(),
            decoded: None,
        }
    }

    /// The report of `blog/a.md` with `findings`.
    pub(crate) fn file(findings: Vec<FindingReport>) -> FileReport {
        FileReport {
            path: "blog/a.md".into(),
            format: Format::Markdown,
            channel: None,
            language: None,
            findings,
            words: None,
            tone: None,
            notes: Vec::new(),
        }
    }

    /// Files with nothing, one finding, and two findings with umlauts, Chinese and emoji.
    pub(crate) fn files() -> Vec<FileReport> {
        let mut second = file(vec![
            finding(2, "e-mail", "Grüße per e-mail 🚆"),
            finding(7, "E-Mail", "你好 E-Mail"),
        ]);
        second.path = "blog/b.md".into();
        second.findings[1].rule = "brand.a-first".into();
        vec![
            file(Vec::new()),
            file(vec![finding(1, "e-mail", "e-mail")]),
            second,
        ]
    }

    fn streamed(files: &[FileReport], run: RunReport) -> String {
        let mut writer = RunWriter::new(run.version, io::Cursor::new(Vec::new()));
        let mut out = Vec::new();
        for file in files {
            writer.file(&mut out, file).unwrap();
        }
        // In reverse, as they could come in any order.
        for (path, fingerprint) in run.fingerprints.iter().rev() {
            writer.fingerprint(path, fingerprint).unwrap();
        }
        writer.finish(&mut out, run).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Sketches of `count` paths with quotes, umlauts and a path that sorts apart from its
    /// folder (`a-b` before `a/`).
    fn fingerprints(count: usize) -> BTreeMap<String, Fingerprint> {
        ["blog/a.md", "blog-b/\"ü\".md", "blog/b.md"]
            .into_iter()
            .take(count)
            .enumerate()
            .map(|(index, path)| {
                let minima = (0..index as u64 * 2).collect();
                let shingles = index * 5;
                (path.to_owned(), Fingerprint { shingles, minima })
            })
            .collect()
    }

    #[test]
    fn the_streamed_run_is_the_rendered_run() {
        let all = files();
        for count in 0..=all.len() {
            let files = &all[..count];
            let run = RunReport {
                version: 1,
                files: files.to_vec(),
                errors: vec![ErrorReport {
                    path: "bad.md".into(),
                    message: "not UTF-8".into(),
                }],
                summary: Summary {
                    files: count,
                    warnings: 3,
                    ..Summary::default()
                },
                fingerprints: fingerprints(count),
            };
            let expected = render_run(&run);
            assert_eq!(streamed(files, run), expected, "{count} files");
        }
    }

    /// The run with one more member, as a struct that flattens the run writes it (what
    /// `report --format json` is).
    #[test]
    fn a_member_after_the_run_is_written_as_a_flattened_struct() {
        #[derive(Serialize)]
        struct WithMember<'a> {
            #[serde(flatten)]
            run: &'a RunReport,
            report: Vec<&'a str>,
        }
        let all = files();
        let run = RunReport {
            version: 1,
            files: all.clone(),
            fingerprints: fingerprints(2),
            ..RunReport::default()
        };
        let report = vec!["a \"b\"", "ü"];
        let expected = serde_json::to_string_pretty(&WithMember {
            run: &run,
            report: report.clone(),
        })
        .unwrap();
        let mut writer = RunWriter::new(1, io::Cursor::new(Vec::new()));
        let mut out = Vec::new();
        for file in &all {
            writer.file(&mut out, file).unwrap();
        }
        for (path, fingerprint) in &run.fingerprints {
            writer.fingerprint(path, fingerprint).unwrap();
        }
        writer
            .finish_with(&mut out, run, Some(("report", &report)))
            .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
