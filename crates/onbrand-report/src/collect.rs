//! A run taken one file at a time: [`Collector`] keeps what the sections need (a few numbers,
//! names and a sketch per document; per-rule and per-concept tallies; the baseline's open
//! entries) and spills each file's report to a temporary file for the two places that show
//! documents whole (the JSON's run, the HTML's worst documents). Memory grows with the number
//! of documents by a few hundred bytes and a sketch each, not with their findings or text.

use std::io::{self, Read, Seek, Write};
use std::sync::Arc;

use crate::doc::{Doc, Names, SeverityCounts, Tones};
use crate::fingerprint::Fingerprint;
use crate::output::Summary;
use crate::output::baseline::Baseline;
use crate::output::json::{ErrorReport, FileReport, RunReport, RunWriter};
use crate::output::spill::KeyedSpill;
use crate::overview::{NONE, RuleTally};
use crate::{RuleKinds, Sections, conflicts::Concepts, diff::Matcher};

/// The version of the run's JSON document that `report --format json` writes.
const RUN_REPORT_VERSION: u32 = 1;

/// Takes a run's files one at a time, in any order, and builds the report in bounded memory
/// (see the module documentation).
pub struct Collector<'a, S: Write> {
    docs: Vec<Doc>,
    names: Names,
    tones: Tones,
    rules: RuleTally,
    concepts: Concepts,
    baseline: Option<Matcher<'a>>,
    /// Each file's report (compact JSON) by path.
    files: KeyedSpill<S>,
    /// Where the JSON output spills the fingerprints.
    fingerprints: S,
}

impl<'a, S: Read + Write + Seek> Collector<'a, S> {
    /// A collector that spills to two empty temporary files, and compares the run against
    /// `baseline` when there is one.
    pub fn new(files: S, fingerprints: S, baseline: Option<&'a Baseline>) -> Collector<'a, S> {
        Collector {
            docs: Vec::new(),
            names: Names::default(),
            tones: Tones::default(),
            rules: RuleTally::default(),
            concepts: Concepts::default(),
            baseline: baseline.map(Matcher::new),
            files: KeyedSpill::new(files),
            fingerprints,
        }
    }

    /// Take one file's report and its prose sketch; `kinds` knows the kinds of its rules.
    pub fn add(
        &mut self,
        file: &FileReport,
        sketch: Option<Fingerprint>,
        kinds: &dyn RuleKinds,
    ) -> io::Result<()> {
        let index = self.docs.len();
        let path: Arc<str> = Arc::from(file.path.as_str());
        let channel = file.channel.as_deref().map(|name| self.names.get(name));
        let language = file.language.as_deref().map(|name| self.names.get(name));
        self.rules.add(&path, &file.findings);
        let language_name = language.as_deref().unwrap_or(NONE);
        self.concepts
            .add(index, language_name, &file.findings, kinds);
        if let Some(baseline) = &mut self.baseline {
            baseline.add(index, file);
        }
        let json = serde_json::to_vec(file).map_err(io::Error::other)?;
        self.files.push(file.path.clone(), &json)?;
        self.docs.push(Doc {
            path,
            channel,
            language,
            words: file.words,
            counts: SeverityCounts::of(&file.findings),
            tone: file.tone.as_ref().map(|tone| self.tones.values(tone)),
            sketch,
        });
        Ok(())
    }

    /// The report of the run, with the run's errors (any order) and summary.
    pub fn finish(self, mut errors: Vec<ErrorReport>, summary: Summary) -> Report<S> {
        let mut docs = self.docs;
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by(|&a, &b| docs[a].path.cmp(&docs[b].path));
        let mut place = vec![0; docs.len()];
        for (position, &index) in order.iter().enumerate() {
            place[index] = position;
        }
        // Stable, as `order` is: the documents in path order.
        docs.sort_by(|a, b| a.path.cmp(&b.path));
        errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
        let mut names = self.names;
        let sections = crate::sections(
            &docs,
            &mut names,
            crate::Tallies {
                rules: self.rules,
                concepts: self.concepts,
                baseline: self.baseline,
                tones: &self.tones,
            },
            &place,
        );
        Report {
            sections,
            errors,
            summary,
            docs,
            files: self.files,
            fingerprints: self.fingerprints,
        }
    }
}

/// A finished report: its sections, and the run's documents for the formats that show them.
pub struct Report<S: Write> {
    sections: Sections,
    errors: Vec<ErrorReport>,
    summary: Summary,
    /// In path order.
    docs: Vec<Doc>,
    files: KeyedSpill<S>,
    fingerprints: S,
}

impl<S: Read + Write + Seek> Report<S> {
    /// Everything the report shows, as data.
    pub fn sections(&self) -> &Sections {
        &self.sections
    }

    /// The files that could not be linted, by path.
    pub fn errors(&self) -> &[ErrorReport] {
        &self.errors
    }

    /// `--format json`: the run as `check --format json` writes it, files in path order (what
    /// `--merge` reads back), and the sections as `report`. Written as it is read back from
    /// the spill, one file at a time.
    pub fn write_json(self, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = RunWriter::new(RUN_REPORT_VERSION, self.fingerprints);
        for doc in &self.docs {
            if let Some(sketch) = &doc.sketch {
                writer.fingerprint(&doc.path, sketch)?;
            }
        }
        self.files.for_each_sorted(|_, json| {
            let file: FileReport = serde_json::from_slice(json).map_err(io::Error::other)?;
            writer.file(out, &file)
        })?;
        let run = RunReport {
            version: RUN_REPORT_VERSION,
            errors: self.errors,
            summary: self.summary,
            ..RunReport::default()
        };
        writer.finish_with(out, run, Some(("report", &self.sections)))?;
        out.write_all(b"\n")
    }

    /// Write the self-contained HTML page.
    pub fn write_html(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let docs = &self.docs;
        let files = &mut self.files;
        let index_of = |path: &str| docs.binary_search_by(|doc| (*doc.path).cmp(path)).ok();
        let mut document = |path: &str| -> io::Result<Option<FileReport>> {
            match files.get(path)? {
                Some(json) => serde_json::from_slice(&json)
                    .map(Some)
                    .map_err(io::Error::other),
                None => Ok(None),
            }
        };
        crate::html::render(out, &self.sections, &index_of, &mut document, &self.errors)
    }

    /// The Markdown summary for a pull-request comment.
    pub fn markdown(&self) -> String {
        crate::markdown::render(&self.sections)
    }
}
