//! What the report keeps of each document and the small types its sections share: a leaf
//! module, so that the collector and the sections can all use them without depending on each
//! other.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Serialize;

use crate::finding::Severity;
use crate::fingerprint::Fingerprint;
use crate::output::json::{FindingReport, ToneSummary};

/// Name of the group of documents without a channel or language.
pub const NONE: &str = "(none)";

/// Findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SeverityCounts {
    /// Findings of severity error.
    pub error: usize,
    /// Findings of severity warning.
    pub warning: usize,
    /// Findings of severity suggestion.
    pub suggestion: usize,
}

impl SeverityCounts {
    /// The counts of a file's findings.
    pub fn of(findings: &[FindingReport]) -> SeverityCounts {
        let mut counts = SeverityCounts::default();
        for finding in findings {
            counts.add(finding.severity, 1);
        }
        counts
    }

    /// Count `count` findings of `severity`.
    pub fn add(&mut self, severity: Severity, count: usize) {
        match severity {
            Severity::Error => self.error += count,
            Severity::Warning => self.warning += count,
            Severity::Suggestion => self.suggestion += count,
        }
    }

    /// All findings.
    pub fn total(&self) -> usize {
        self.error + self.warning + self.suggestion
    }

    pub(crate) fn absorb(&mut self, other: SeverityCounts) {
        self.error += other.error;
        self.warning += other.warning;
        self.suggestion += other.suggestion;
    }
}

/// What the report keeps of one document: no findings, no text.
pub(crate) struct Doc {
    pub(crate) path: Arc<str>,
    pub(crate) channel: Option<Arc<str>>,
    pub(crate) language: Option<Arc<str>>,
    pub(crate) words: Option<usize>,
    pub(crate) counts: SeverityCounts,
    /// The measured tone values; `None` when the document has no tone measurement.
    pub(crate) tone: Option<Box<[ToneValue]>>,
    pub(crate) sketch: Option<Fingerprint>,
}

impl Doc {
    /// The document's channel, or [`NONE`].
    pub(crate) fn channel_name(&self) -> &str {
        self.channel.as_deref().unwrap_or(NONE)
    }

    /// The document's language, or [`NONE`].
    pub(crate) fn language_name(&self) -> &str {
        self.language.as_deref().unwrap_or(NONE)
    }
}

/// Names that many documents share (channels, languages, teams), kept once.
#[derive(Default)]
pub(crate) struct Names {
    known: HashSet<Arc<str>>,
}

impl Names {
    pub(crate) fn get(&mut self, name: &str) -> Arc<str> {
        if let Some(known) = self.known.get(name) {
            return known.clone();
        }
        let name: Arc<str> = Arc::from(name);
        self.known.insert(name.clone());
        name
    }
}

/// A target band: its lower and upper bound, either of which may be open.
pub(crate) type Band = (Option<f64>, Option<f64>);

/// One tone value of a document, as the report keeps it: the dimension and the band are
/// numbers into the tables of the run ([`Tones`]), so that a document costs a few bytes per
/// dimension.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ToneValue {
    pub(crate) dimension: u16,
    pub(crate) band: u16,
    pub(crate) value: f64,
}

/// The names of the run's tone dimensions and its distinct bands, which [`ToneValue`]s
/// point into.
#[derive(Default)]
pub(crate) struct Tones {
    pub(crate) dimensions: Vec<String>,
    pub(crate) bands: Vec<Band>,
}

impl Tones {
    /// The measured values of a document's tone (a value too short to measure, or not finite,
    /// is left out).
    pub(crate) fn values(&mut self, tone: &ToneSummary) -> Box<[ToneValue]> {
        tone.dimensions
            .iter()
            .filter_map(|dimension| {
                let value = dimension.value.filter(|v| v.is_finite())?;
                Some(ToneValue {
                    dimension: index_of(&mut self.dimensions, &dimension.name, String::eq),
                    band: index_of(&mut self.bands, &(dimension.min, dimension.max), same_band),
                    value,
                })
            })
            .collect()
    }
}

/// Whether two bands are the same (bit for bit, so that a NaN bound is one band, not many).
fn same_band(a: &Band, b: &Band) -> bool {
    let bits = |bound: Option<f64>| bound.map(f64::to_bits);
    bits(a.0) == bits(b.0) && bits(a.1) == bits(b.1)
}

/// The place of `value` in `table`, added at the end when it is new. A run has a few dozen
/// dimensions and bands; past `u16::MAX` (JSON anyone can write) the last place is shared.
fn index_of<T: Clone>(table: &mut Vec<T>, value: &T, same: impl Fn(&T, &T) -> bool) -> u16 {
    let index = match table.iter().position(|known| same(known, value)) {
        Some(index) => index,
        None => {
            table.push(value.clone());
            table.len() - 1
        }
    };
    u16::try_from(index).unwrap_or(u16::MAX)
}
