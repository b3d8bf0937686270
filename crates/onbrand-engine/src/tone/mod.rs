//! The tone profile: a document's voice measured as numbers and compared with the target range
//! of its channel.
//!
//! `assess` measures a document once ([`measure`]), computes every [`Dimension`]
//! ([`evidence::values`]), and turns each value outside its target into a document-level
//! finding (`tone.<dimension>`) whose message names the value, the target and the sentences or
//! words that pull it out of range, anchored at the most responsible one. Everything is
//! deterministic: same text, same lists, same numbers.
//!
//! The targets and word lists come from the guideline's `[tone]` tables ([`profile`]); the
//! shipped ones are in `rules/tone.toml`.

pub mod dimension;
pub mod evidence;
pub mod formality;
pub mod lexicon;
pub mod measure;
pub mod profile;
pub mod shape;
pub mod syllables;

use std::ops::Range;

pub use dimension::Dimension;
pub use profile::{Target, ToneProfile};

use crate::document::Document;
use crate::finding::Finding;
use crate::memo::SegmentMemo;
use crate::position::LineIndex;
use evidence::Direction;
use measure::{Measurement, SegmentTone, Signal};

/// Every string of up to `longest` characters over `alphabet` (ASCII): the tests of the byte
/// paths of ASCII text compare them with the character paths on all of them.
#[cfg(test)]
fn every_ascii_string(alphabet: &'static [u8], longest: u32) -> impl Iterator<Item = String> {
    (0..=longest).flat_map(move |length| {
        (0..alphabet.len().pow(length)).map(move |mut n| {
            let mut text = String::new();
            for _ in 0..length {
                text.push(char::from(alphabet[n % alphabet.len()]));
                n /= alphabet.len();
            }
            text
        })
    })
}

/// The languages tone has word lists and formulas for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English: its word lists, readability formula and formality model.
    En,
    /// German: its word lists, readability formula and formality model; du and Sie.
    De,
    /// Chinese: its word lists, counted in characters; 你 and 您.
    Zh,
    /// Counts only: lengths, LIX, exclamation marks, capitals, emoji.
    Other,
}

impl Lang {
    /// The tone language of a primary subtag (`en`, `de`, `zh`); any other is `Other`.
    pub fn from_code(code: Option<&str>) -> Lang {
        match code {
            Some("en") => Lang::En,
            Some("de") => Lang::De,
            Some("zh") => Lang::Zh,
            _ => Lang::Other,
        }
    }
}

/// How a dimension fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Status {
    /// Within the channel's target.
    Pass,
    /// Outside the channel's target.
    Fail,
    /// The document is shorter than `min-words`: the statistic is shown but not judged.
    TooShort,
    /// The channel has no target for it.
    NoTarget,
    /// Nothing to measure (no sentences; no forms of address; …).
    NotMeasured,
}

impl Status {
    /// The status's name in reports (`too-short`).
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::TooShort => "too-short",
            Status::NoTarget => "no-target",
            Status::NotMeasured => "not-measured",
        }
    }
}

/// One dimension of one document.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct DimensionResult {
    /// Which dimension.
    pub dimension: Dimension,
    /// The document's value; `None` when nothing could be measured.
    pub value: Option<f64>,
    /// The channel's target range, if it has one.
    pub target: Option<Target>,
    /// How the value fared against the target.
    pub status: Status,
}

/// How a document addresses its reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressForm {
    /// Informal address only (you, du, 你).
    Informal,
    /// Formal address only (Sie, 您).
    Formal,
    /// Both forms: the document switches.
    Mixed,
    /// No direct address at all.
    None,
}

impl AddressForm {
    /// The form's name in reports (`informal`).
    pub fn name(self) -> &'static str {
        match self {
            AddressForm::Informal => "informal",
            AddressForm::Formal => "formal",
            AddressForm::Mixed => "mixed",
            AddressForm::None => "none",
        }
    }
}

/// A document's tone: its measurements against its channel's targets.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ToneReport {
    /// The language the document was measured in.
    pub language: Lang,
    /// Words in the document (Chinese: characters).
    pub words: usize,
    /// Sentences in the document.
    pub sentences: usize,
    /// The profile's `min-words`: shorter documents are measured, not judged.
    pub min_words: usize,
    /// How the document addresses its reader.
    pub address: AddressForm,
    /// Every dimension, in [`Dimension::ALL`]'s order.
    pub dimensions: Vec<DimensionResult>,
}

impl ToneReport {
    /// Whether the document is shorter than `min_words`.
    pub fn too_short(&self) -> bool {
        self.words < self.min_words
    }

    /// The result of `dimension`.
    pub fn get(&self, dimension: Dimension) -> Option<&DimensionResult> {
        self.dimensions.iter().find(|d| d.dimension == dimension)
    }
}

/// Measure a document (in `language`, of `channel`) against the profile: its tone report and a
/// finding per dimension out of range. With a `memo` (kept for this document, language and
/// profile by [`crate::lint::cache::LintCache`]), per-segment measurements are reused.
pub(crate) fn assess(
    document: &Document,
    language: Option<&str>,
    channel: Option<&str>,
    profile: &ToneProfile,
    lines: &LineIndex,
    memo: Option<&mut SegmentMemo<SegmentTone>>,
) -> (ToneReport, Vec<Finding>) {
    let lang = Lang::from_code(language);
    // Only a formality finding quotes the words that pull a sentence most; there is none
    // without a formality target (the same test as `judge`'s).
    let formality_words = profile
        .target(Dimension::Formality, channel, language)
        .is_some_and(|target| target.min.is_some() || target.max.is_some());
    let measurement = measure::measure(document, lang, profile, formality_words, memo);
    judge(document, measurement, language, channel, profile, lines)
}

/// The report and findings of a measured document.
fn judge(
    document: &Document,
    measurement: Measurement,
    language: Option<&str>,
    channel: Option<&str>,
    profile: &ToneProfile,
    lines: &LineIndex,
) -> (ToneReport, Vec<Finding>) {
    let lang = Lang::from_code(language);
    let values = evidence::values(&measurement, lang, profile.min_words);
    let too_short = measurement.words < profile.min_words;
    let mut dimensions = Vec::with_capacity(values.len());
    let mut findings = Vec::new();
    for (dimension, value) in Dimension::ALL.into_iter().zip(values) {
        let target = profile
            .target(dimension, channel, language)
            .filter(|t| t.min.is_some() || t.max.is_some());
        let status = match (value, target) {
            (None, _) => Status::NotMeasured,
            (Some(_), None) => Status::NoTarget,
            (Some(_), Some(_)) if too_short && dimension.needs_text() => Status::TooShort,
            (Some(v), Some(t)) if t.contains(v) => Status::Pass,
            (Some(_), Some(_)) => Status::Fail,
        };
        if let (Status::Fail, Some(v), Some(t)) = (status, value, target) {
            let cx = FindingCx {
                document,
                lines,
                measurement: &measurement,
                lang,
                channel,
                profile,
            };
            findings.extend(cx.finding(dimension, v, t));
        }
        dimensions.push(DimensionResult {
            dimension,
            value,
            target,
            status,
        });
    }
    let report = ToneReport {
        language: lang,
        words: measurement.words,
        sentences: measurement.sentences.len(),
        min_words: profile.min_words,
        address: address_form(&measurement),
        dimensions,
    };
    (report, findings)
}

fn address_form(m: &Measurement) -> AddressForm {
    use lexicon::Kind;
    let informal = m.count(Signal::List(Kind::YouInformal));
    let formal = m.count(Signal::List(Kind::YouFormal)) + m.count(Signal::List(Kind::Impersonal));
    match (informal > 0, formal > 0) {
        (true, true) => AddressForm::Mixed,
        (true, false) => AddressForm::Informal,
        (false, true) => AddressForm::Formal,
        (false, false) => AddressForm::None,
    }
}

/// What a finding needs to explain itself.
struct FindingCx<'a> {
    document: &'a Document,
    lines: &'a LineIndex,
    measurement: &'a Measurement,
    lang: Lang,
    channel: Option<&'a str>,
    profile: &'a ToneProfile,
}

/// How many pieces of evidence a message quotes.
const EVIDENCE_SHOWN: usize = 3;

impl FindingCx<'_> {
    fn finding(&self, dimension: Dimension, value: f64, target: Target) -> Option<Finding> {
        let rule = self.profile.rule(dimension)?.clone();
        let direction = if target.max.is_some_and(|max| value > max) {
            Direction::Up
        } else {
            Direction::Down
        };
        let spans = evidence::evidence(dimension, direction, self.measurement, self.lang);
        let quoted = if dimension == Dimension::Formality {
            // Sentences, each with the word in it that pulls most the same way.
            let sentences = evidence::formality_evidence(self.measurement, direction);
            let pieces: Vec<(Range<usize>, Option<Range<usize>>)> = sentences
                .into_iter()
                .map(|s| {
                    let word = match direction {
                        Direction::Up => s.formal_word.clone(),
                        Direction::Down => s.informal_word.clone(),
                    };
                    (s.source.clone(), word)
                })
                .collect();
            self.quotes(&pieces)
        } else {
            let pieces: Vec<_> = spans.iter().map(|s| (s.clone(), None)).collect();
            self.quotes(&pieces)
        };
        let unit = dimension.unit(self.lang == Lang::Zh);
        let scope = match self.channel {
            Some(channel) if self.profile.channel_sets(dimension, channel) => {
                format!("{channel} target")
            }
            _ => "target".to_owned(),
        };
        let mut message = format!(
            "{} {}{}{unit}, {scope} {}",
            dimension.name(),
            profile::number(value),
            if unit.is_empty() { "" } else { " " },
            target.describe()
        );
        if !quoted.is_empty() {
            message.push_str(": ");
            message.push_str(&quoted.join(", "));
        }
        let span = spans
            .first()
            .cloned()
            .or_else(|| self.measurement.sentences.first().map(|s| s.source.clone()));
        Some(Finding {
            severity: target.severity.unwrap_or(self.profile.severity),
            rule,
            message,
            span: span.unwrap_or(0..0),
            fixes: Vec::new(),
            occurrences: Vec::new(),
            decoded: None,
        })
    }

    /// The first few distinct pieces of evidence, quoted with their line numbers and, where
    /// given, the word within them that matters most.
    fn quotes(&self, pieces: &[(Range<usize>, Option<Range<usize>>)]) -> Vec<String> {
        let mut quoted: Vec<(String, String)> = Vec::new();
        for (span, word) in pieces {
            let Some(text) = self.document.text.get(span.clone()) else {
                continue;
            };
            let excerpt = excerpt(text);
            if excerpt.is_empty() || quoted.iter().any(|(e, _)| *e == excerpt) {
                continue;
            }
            let line = self.lines.line_col(&self.document.text, span.start).line;
            let word = word
                .as_ref()
                .and_then(|w| self.document.text.get(w.clone()))
                .map_or(String::new(), |w| format!(", “{w}”"));
            quoted.push((excerpt, format!("(line {line}{word})")));
            if quoted.len() == EVIDENCE_SHOWN {
                break;
            }
        }
        quoted
            .into_iter()
            .map(|(e, l)| format!("“{e}” {l}"))
            .collect()
    }
}

/// Source text on one line, white space collapsed, cut at 60 characters.
fn excerpt(text: &str) -> String {
    const LIMIT: usize = 60;
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= LIMIT {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(LIMIT).collect();
    cut.push('…');
    cut
}
