//! Findings: what a check reports, in source coordinates.

use std::ops::Range;
use std::sync::Arc;

/// How much a finding matters: the MoSCoW of a style guide.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Suggestion,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Suggestion => "suggestion",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The parts of a rule a finding carries along, shared by all of the rule's findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    pub id: Arc<str>,
    pub severity: Severity,
    pub link: Option<Arc<str>>,
}

/// One problem in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: Arc<RuleInfo>,
    /// The severity in force (a configuration override may differ from the rule's own).
    pub severity: Severity,
    pub message: String,
    /// Byte range in the document's source text.
    pub span: Range<usize>,
    /// Replacements for `span`, best first; empty when there is no automatic fix.
    pub fixes: Vec<String>,
}

impl Finding {
    pub fn rule_id(&self) -> &str {
        &self.rule.id
    }
}
