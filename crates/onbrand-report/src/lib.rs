//! `onbrand report`: a repository-wide review of a run, for brand leads and reviewers.
//!
//! Everything here is computed from the file reports `onbrand check --format json` prints —
//! never from documents — taken one file at a time by a [`Collector`]: each file contributes
//! its findings, its channel and language, and (when measured) its word count, tone
//! measurements and prose [`fingerprint::Fingerprint`]. The collector keeps only what the
//! sections need (counts, tallies, a few numbers and a sketch per document) and spills each
//! file's report to a temporary file for the formats that show documents whole, so memory
//! does not grow with findings or text. The sections are a pure function of the path-sorted
//! files, whatever order they come in, which makes `report --merge` of N shards exactly equal
//! to one run.
//!
//! Sections (see [`Sections`]): an overview ([`overview`]), tone drift per dimension
//! ([`drift`]), terminology conflicts between teams and channels ([`conflicts`]), near-duplicate
//! documents (MinHash sketches, [`fingerprint`]), the worst documents, and, against a
//! baseline, what is new and what was fixed ([`diff`]). A finished [`Report`] writes them as
//! JSON, HTML or Markdown.
//!
//! A *team* is the top-level folder below the linted root. The root is the deepest folder that
//! holds every document of the run, so that it is the same for one run and for merged shards.

#![warn(missing_docs)]

mod collect;
pub mod conflicts;
pub mod diff;
mod doc;
pub mod drift;
mod duplicates;
mod heatmap;
mod html;
mod markdown;
mod numbers;
pub mod overview;
pub use onbrand_engine::fingerprint;

use onbrand_engine::{finding, guideline};
use onbrand_output as output;

use std::sync::Arc;

use serde::Serialize;

use crate::doc::{Doc, Names};
use crate::guideline::RuleKind;
use crate::output::json::RunReport;

pub use collect::{Collector, Report};

pub use conflicts::Conflict;
pub use diff::BaselineDiff;
pub use drift::ToneDrift;
pub use overview::Overview;

/// Documents whose resemblance is at least this are near-duplicates.
pub const DUPLICATE_THRESHOLD: f64 = 0.5;
/// How many documents the "worst documents" section lists.
pub const WORST_DOCUMENTS: usize = 20;

/// Everything the report shows, as data.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Sections {
    /// The folder teams are named below (`""` for the working directory).
    pub root: String,
    /// Counts by severity, rule, channel, team and language.
    pub overview: Overview,
    /// Tone against targets per group.
    pub tone: ToneDrift,
    /// Concepts written differently across teams or channels, most used first.
    pub conflicts: Vec<Conflict>,
    /// Near-duplicate pairs, most similar first.
    pub duplicates: Vec<Duplicate>,
    /// Indices into the run's files, worst first.
    pub worst: Vec<WorstDocument>,
    /// What is new and what was fixed, with `--baseline`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineDiff>,
}

/// Two documents whose prose overlaps heavily. The names are shared with the report's
/// documents (`Arc`): a large repository has many pairs of few documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Duplicate {
    /// One document of the pair (the first in path order).
    pub a: Arc<str>,
    /// The other document.
    pub b: Arc<str>,
    /// Estimated Jaccard index of the two documents' 5-word shingle sets.
    pub ratio: f64,
    /// The channel of `a`.
    pub a_channel: Option<Arc<str>>,
    /// The channel of `b`.
    pub b_channel: Option<Arc<str>>,
    /// The team of `a`.
    pub a_team: Arc<str>,
    /// The team of `b`.
    pub b_team: Arc<str>,
}

/// A document with many or severe findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WorstDocument {
    /// The file, as printed.
    pub path: String,
    /// Errors count 10, warnings 3, suggestions 1: one error outweighs a handful of nits.
    pub score: usize,
    /// Its errors.
    pub errors: usize,
    /// Its warnings.
    pub warnings: usize,
    /// Its suggestions.
    pub suggestions: usize,
}

/// The kind of a rule by id, for sections that treat kinds differently (conflicts); the report
/// looks kinds up in the guideline in force, since the run's JSON does not carry them.
pub trait RuleKinds {
    /// The kind of the rule with id `rule`, or `None` when no guideline of the run has it.
    fn kind(&self, rule: &str) -> Option<RuleKind>;
}

impl<F: Fn(&str) -> Option<RuleKind>> RuleKinds for F {
    fn kind(&self, rule: &str) -> Option<RuleKind> {
        self(rule)
    }
}

/// Put a run in canonical order (files by path, errors by path and message), so that merged
/// shards and one run are the same data.
pub fn normalise(run: &mut RunReport) {
    run.files.sort_by(|a, b| a.path.cmp(&b.path));
    run.errors
        .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
}

/// Combine the runs of several shards into one, in canonical order. A file linted by two
/// shards (overlapping inputs) is kept once.
pub fn merge(runs: Vec<RunReport>) -> RunReport {
    let mut merged = RunReport {
        version: 1,
        ..RunReport::default()
    };
    for run in runs {
        merged.files.extend(run.files);
        merged.fingerprints.extend(run.fingerprints);
        merged.errors.extend(run.errors);
        // Saturating: the counts come from files anyone can write, and must not wrap around.
        let (sum, part) = (&mut merged.summary, run.summary);
        sum.errors = sum.errors.saturating_add(part.errors);
        sum.warnings = sum.warnings.saturating_add(part.warnings);
        sum.suggestions = sum.suggestions.saturating_add(part.suggestions);
        sum.failed_files = sum.failed_files.saturating_add(part.failed_files);
        sum.fixed = sum.fixed.saturating_add(part.fixed);
    }
    normalise(&mut merged);
    merged.files.dedup_by(|a, b| a.path == b.path);
    merged.errors.dedup();
    // Recount from the files, so that duplicates dropped above are not counted twice.
    let failed = merged.summary.failed_files;
    let fixed = merged.summary.fixed;
    merged.summary = overview::summary_of(&merged.files);
    merged.summary.failed_files = failed;
    merged.summary.fixed = fixed;
    merged
}

/// What the sections gather file by file while the run goes.
pub(crate) struct Tallies<'a, 't> {
    pub(crate) rules: overview::RuleTally,
    pub(crate) concepts: conflicts::Concepts,
    pub(crate) baseline: Option<diff::Matcher<'a>>,
    pub(crate) tones: &'t doc::Tones,
}

/// Compute every section of the report; `docs` are in path order, and `place` turns a
/// document's place in the run into its place in `docs`.
pub(crate) fn sections(
    docs: &[Doc],
    names: &mut Names,
    tallies: Tallies,
    place: &[usize],
) -> Sections {
    let root = overview::common_root(docs.iter().map(|doc| &*doc.path));
    let teams: Vec<Arc<str>> = docs
        .iter()
        .map(|doc| names.get(&overview::team_of(&doc.path, &root)))
        .collect();
    Sections {
        overview: overview::build(docs, &teams, tallies.rules.finish()),
        tone: drift::build(docs, &teams, tallies.tones),
        conflicts: tallies.concepts.build(docs, &teams, place),
        duplicates: duplicates(docs, &teams),
        worst: worst(docs),
        baseline: tallies.baseline.map(|matcher| matcher.finish(place)),
        root,
    }
}

fn duplicates(docs: &[Doc], teams: &[Arc<str>]) -> Vec<Duplicate> {
    let sketches: Vec<Option<&fingerprint::Fingerprint>> =
        docs.iter().map(|doc| doc.sketch.as_ref()).collect();
    duplicates::similar_pairs(&sketches, DUPLICATE_THRESHOLD)
        .into_iter()
        .map(|(a, b, ratio)| Duplicate {
            a: docs[a].path.clone(),
            b: docs[b].path.clone(),
            ratio: (ratio * 1000.0).round() / 1000.0,
            a_channel: docs[a].channel.clone(),
            b_channel: docs[b].channel.clone(),
            a_team: teams[a].clone(),
            b_team: teams[b].clone(),
        })
        .collect()
}

fn worst(docs: &[Doc]) -> Vec<WorstDocument> {
    let mut documents: Vec<WorstDocument> = docs
        .iter()
        .map(|doc| {
            let counts = doc.counts;
            WorstDocument {
                path: doc.path.to_string(),
                score: counts.error * 10 + counts.warning * 3 + counts.suggestion,
                errors: counts.error,
                warnings: counts.warning,
                suggestions: counts.suggestion,
            }
        })
        .filter(|document| document.score > 0)
        .collect();
    documents.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.path.cmp(&b.path)));
    documents.truncate(WORST_DOCUMENTS);
    documents
}
