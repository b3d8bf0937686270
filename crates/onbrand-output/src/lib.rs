//! Output formats for `onbrand check`.
//!
//! Each format renders one file's findings to a string, so files can be rendered in parallel and
//! printed in a stable order, and a run's memory holds output, never documents.

#![warn(missing_docs)]

pub mod baseline;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod reference;
pub mod sarif;
pub mod shard;
pub mod spill;

// The engine's modules under their usual names, so that paths read the same in every crate.
use onbrand_engine::{
    checks, document, finding, fingerprint, guideline, lint, paths, position, spec, tone,
};

use crate::finding::{Finding, Severity};
use crate::lint::LintedFile;
use crate::position::{LineCol, text_window, window_text};

/// The output formats of `onbrand check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// The command line picks one by name; the library has no use for clap otherwise.
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum OutputFormat {
    /// Compiler-style: the source line with the span underlined.
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON document for the whole run (what `report --merge` reads).
    Json,
    /// One JSON object per finding per line, streamed.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other dashboards.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// JUnit XML: one test case per file.
    Junit,
}

/// The severity at or above which a run (or a checked document) fails: `--fail-on` of the
/// command line, `fail-on` of the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Suggestion,
    /// Never fail because of findings (errors reading files still fail).
    Never,
}

impl FailOn {
    /// The lowest severity that fails, or `None` for `never`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Suggestion => Some(Severity::Suggestion),
            FailOn::Never => None,
        }
    }
}

/// Counts for a run's closing summary and its exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Files linted (not skipped).
    pub files: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity suggestion.
    pub suggestions: usize,
    /// Files that could not be read or parsed.
    pub failed_files: usize,
    /// Fixes written by `--fix`.
    pub fixed: usize,
    /// Findings left after `--fix` (or `--diff`) whose fix is unsafe: `--unsafe-fixes` would
    /// apply them. Absent when none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unsafe_fixes_left: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

impl Summary {
    /// Count one linted file and its findings.
    pub fn add(&mut self, findings: &[Finding]) {
        self.files += 1;
        for finding in findings {
            match finding.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Suggestion => self.suggestions += 1,
            }
        }
    }

    /// All findings, whatever their severity.
    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.suggestions
    }

    /// Findings at or above `level`.
    pub fn at_least(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Suggestion => self.findings(),
        }
    }
}

/// Start and end of a finding for people: 1-based lines, columns in characters.
pub fn finding_range(file: &LintedFile, finding: &Finding) -> (LineCol, LineCol) {
    let text = &file.document.text;
    (
        file.lines.line_col(text, finding.span.start),
        file.lines.line_col(text, finding.span.end),
    )
}

/// The byte range of a finding's context: the lines it touches when they are short, else a window
/// of about `CONTEXT_WINDOW` bytes on each side of the finding's start (and of its end when the
/// finding itself is short), inside those lines and on char boundaries. The flags say whether
/// the range was cut before and after.
pub fn context_range(
    file: &LintedFile,
    span: &std::ops::Range<usize>,
) -> (std::ops::Range<usize>, bool, bool) {
    text_window(&file.document.text, &file.lines, span)
}

/// A finding's context as text: [`context_range`], trimmed, with `…` where a long line was cut.
pub fn context_text(file: &LintedFile, span: &std::ops::Range<usize>) -> String {
    window_text(&file.document.text, &file.lines, span)
}

/// The path as printed: relative to the working directory when it is below it.
pub fn display_path(path: &std::path::Path) -> String {
    crate::paths::display(path)
}
