//! The guideline: rule files loaded, validated and compiled into checks.
//!
//! STUB: the loader and compiler are being written; the public API below is the contract the
//! rest of the crate relies on.

pub mod builtin;
pub mod spec;

use std::sync::Arc;

use crate::document::{Document, SegmentKind};
use crate::finding::{Finding, RuleInfo};

pub use spec::RuleKind;

/// A guideline file's name (for messages) and text.
#[derive(Clone, Debug)]
pub struct GuidelineSource {
    pub name: String,
    pub text: String,
}

/// A problem in a guideline file, with its 1-based position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuidelineError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl std::fmt::Display for GuidelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// What the checks need to know about the document beyond its segments.
#[derive(Clone, Copy, Debug, Default)]
pub struct DocContext<'a> {
    pub channel: Option<&'a str>,
    /// Primary language subtag: `en`, `de`, `zh`, …
    pub language: Option<&'a str>,
}

/// A compiled rule: what it is, for documentation, hover and `test-rules`.
#[derive(Debug)]
pub struct Rule {
    pub info: Arc<RuleInfo>,
    pub kind: RuleKind,
    pub description: Option<String>,
    pub channels: Vec<String>,
    pub languages: Vec<String>,
    pub scopes: Vec<SegmentKind>,
    pub examples: spec::Examples,
}

/// A compiled guideline.
#[derive(Debug, Default)]
pub struct Guideline {
    rules: Vec<Rule>,
}

impl Guideline {
    /// Load, validate and compile guideline files. All errors are reported, not just the first.
    pub fn compile(_sources: &[GuidelineSource]) -> Result<Guideline, Vec<GuidelineError>> {
        Ok(Guideline::default())
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Every finding of every rule that applies to the document, unsorted and unsuppressed.
    pub fn check(&self, _document: &Document, _context: &DocContext) -> Vec<Finding> {
        Vec::new()
    }
}
