//! The library's front door: a file or a buffer in, a document and its findings out.
//!
//! Both front ends call this module: `onbrand check` for files on disk, the language server for
//! editor buffers. It decides the document's channel and language, runs the guideline, applies
//! per-path overrides and in-document suppressions, and sorts the findings.
//!
//! Every entry point takes an optional [`LintCache`]: with one, the result is the same and the
//! per-segment work of the previous version of the same document is reused ([`cache`]): what an
//! editor needs on every keystroke. [`Linter::fix`] applies a linted file's fixes and lints the
//! result again, so that every front end reports what is left to do.

pub mod cache;

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[cfg(feature = "fs")]
use crate::config::ConfigCache;
use crate::config::{Config, ConfigError, FileSettings};
use crate::document::suppress::Suppressions;
use crate::document::{Document, Format, LoadError, locale_path};
use crate::finding::{Finding, Occurrence};
use crate::guideline::{DocContext, Guideline};
use crate::language;
use crate::position::LineIndex;
use crate::tone::ToneReport;
use cache::LintCache;

/// A linted document.
#[derive(Debug)]
#[non_exhaustive]
pub struct LintedFile {
    /// The file's path, as given.
    pub path: PathBuf,
    /// The document as parsed (with the configuration's ignores masked).
    pub document: Document,
    /// Sorted by position, then rule id.
    pub findings: Vec<Finding>,
    /// The channel the file was linted as.
    pub channel: Option<String>,
    /// The language the file was linted as (primary subtag: `en`, `de`).
    pub language: Option<String>,
    /// Line starts of the document's text, for positions.
    pub lines: LineIndex,
    /// The document's tone against its channel's targets, when the guideline has a tone profile.
    pub tone: Option<ToneReport>,
}

/// Why a file could not be linted.
#[derive(Debug)]
#[non_exhaustive]
pub enum FileError {
    /// The file could not be read.
    Read(std::io::Error),
    /// The file is not a document onbrand can read (binary, too large, badly encoded).
    Load(LoadError),
    /// The configuration that applies to the file is broken.
    Config(Arc<ConfigError>),
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Read(error) => write!(f, "cannot read: {error}"),
            FileError::Load(error) => write!(f, "{error}"),
            FileError::Config(error) => write!(f, "configuration error:\n{error}"),
        }
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FileError::Read(error) => Some(error),
            FileError::Load(error) => Some(error),
            FileError::Config(error) => Some(error.as_ref()),
        }
    }
}

/// A linted file after [`Linter::fix`].
#[derive(Debug)]
pub struct Fixed {
    /// The text with every fix applied.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// How many findings left in the fixed text have a best fix the run did not allow (the
    /// unsafe fixes `--fix` leaves).
    pub withheld: usize,
    /// The fixed text linted again: what is left to do.
    pub relinted: LintedFile,
}

/// Settings given for the whole run that beat configuration (`--channel`, `--lang`).
#[derive(Clone, Debug, Default)]
pub struct RunOverrides {
    /// The channel every file is linted as (`--channel`).
    pub channel: Option<String>,
    /// The language every file is linted as (`--lang`).
    pub language: Option<String>,
}

impl RunOverrides {
    /// The settings for `path` under `config`, with these overrides applied.
    pub fn settings_for(&self, path: &Path, config: &Config) -> FileSettings {
        let mut settings = config.settings_for(path);
        self.apply(&mut settings);
        settings
    }

    /// Apply these overrides to a file's settings (as [`Self::settings_for`] does to those
    /// its configuration gives): for a front end that keeps the settings of a path it lints
    /// again and again.
    pub fn apply(&self, settings: &mut FileSettings) {
        if self.channel.is_some() {
            settings.channel.clone_from(&self.channel);
        }
        if self.language.is_some() {
            settings.language.clone_from(&self.language);
        }
    }
}

/// Lints files and buffers, with the configuration that applies to each (discovered on disk).
#[cfg(feature = "fs")]
#[derive(Debug)]
pub struct Linter {
    /// The configurations found so far, by folder.
    pub configs: ConfigCache,
    /// What the command line says for every file.
    pub overrides: RunOverrides,
}

#[cfg(feature = "fs")]
impl Linter {
    /// A linter over `configs` with `overrides`.
    pub fn new(configs: ConfigCache, overrides: RunOverrides) -> Linter {
        Linter { configs, overrides }
    }

    /// The configuration that applies to `path`.
    pub fn config_for(&self, path: &Path) -> Result<Arc<Config>, FileError> {
        self.configs.for_file(path).map_err(FileError::Config)
    }

    /// Read, parse and lint a file on disk. `format` overrides what the name implies.
    pub fn lint_file(
        &self,
        path: &Path,
        format: Option<Format>,
    ) -> Result<(LintedFile, Vec<u8>), FileError> {
        let config = self.config_for(path)?;
        let settings = self.settings_for(path, &config);
        let bytes = crate::paths::read_regular(path, crate::document::DEFAULT_SIZE_LIMIT)
            .map_err(FileError::Read)?;
        let format = format
            .or_else(|| Format::from_path(path))
            .unwrap_or_else(|| Format::sniff(&bytes));
        let document = Document::from_bytes_with(format, &bytes, &settings.reading)
            .map_err(FileError::Load)?;
        let linted = lint(path, document, &config.guideline, &settings, None);
        Ok((linted, bytes))
    }

    /// Lint text that is not (or not yet) on disk: standard input, an editor buffer.
    pub fn lint_text(
        &self,
        path: &Path,
        format: Format,
        text: String,
    ) -> Result<LintedFile, FileError> {
        let config = self.config_for(path)?;
        Ok(self.lint_source(path, format, text, &config, None))
    }

    /// Lint `text` as the file at `path` under `config`: the one [`Self::config_for`] gives, or
    /// one a front end keeps (the language server keeps the last good configuration while a
    /// broken one is being edited). The run's overrides apply; the text is parsed once, with the
    /// configuration's ignores masked. `cache` reuses the previous version's per-segment work.
    pub fn lint_source(
        &self,
        path: &Path,
        format: Format,
        text: String,
        config: &Config,
        cache: Option<&mut LintCache>,
    ) -> LintedFile {
        let settings = self.settings_for(path, config);
        lint_source(path, format, text, &config.guideline, &settings, cache)
    }

    /// Apply a linted file's fixes that `allowed` permits (`Safe` for `--fix`, `Unsafe` for
    /// `--unsafe-fixes`) and lint the result again: the fixed text, how many fixes were applied
    /// and withheld, and what is left. Writing the text (atomically) is the caller's: a file,
    /// standard output or an editor edit.
    pub fn fix(
        &self,
        file: &LintedFile,
        allowed: crate::finding::Applicability,
    ) -> Result<Fixed, FileError> {
        let (text, applied) = crate::fix::apply(&file.document.text, &file.findings, allowed);
        let relinted = self.lint_text(&file.path, file.document.format, text.clone())?;
        let withheld = crate::fix::withheld(&relinted.findings, allowed);
        Ok(Fixed {
            text,
            applied,
            withheld,
            relinted,
        })
    }

    /// The settings for `path` under `config`, with the run's overrides applied.
    pub fn settings_for(&self, path: &Path, config: &Config) -> FileSettings {
        self.overrides.settings_for(path, config)
    }
}

/// Lint `text` as a document of `format` at `path` (which need not exist) with the given
/// per-file settings: parsed once, read as `settings.reading` says. `cache` reuses the previous
/// version's per-segment work (see [`lint_document`]).
pub fn lint_source(
    path: &Path,
    format: Format,
    text: String,
    guideline: &Guideline,
    settings: &FileSettings,
    cache: Option<&mut LintCache>,
) -> LintedFile {
    let document = Document::parse_with(format, text, &settings.reading);
    lint(path, document, guideline, settings, cache)
}

/// Lint a parsed document against a guideline with the given per-file settings.
///
/// The channel is the document's own (front matter) or else the configured one. The language is
/// the document's declared one, else one an override assigns, else a detected one, else the
/// configuration's fallback. A document parsed before its settings were known is read again
/// as `settings.reading` says when that changes anything ([`Document::reread_with`]).
///
/// `cache`, for a document that is linted again and again (an editor buffer), keeps the
/// per-segment results of the last version linted with it, and only segments that changed are
/// checked and measured again. The result is the same, finding for finding, in the same order.
/// Use one cache per document: a cache shared by two documents holds the segments of whichever
/// was linted last, which is correct but saves nothing.
pub fn lint_document(
    path: &Path,
    document: Document,
    guideline: &Guideline,
    settings: &FileSettings,
    cache: Option<&mut LintCache>,
) -> LintedFile {
    let document = document.reread_with(&settings.reading);
    lint(path, document, guideline, settings, cache)
}

/// Lint `document`, already read as `settings.reading` says.
fn lint(
    path: &Path,
    mut document: Document,
    guideline: &Guideline,
    settings: &FileSettings,
    mut cache: Option<&mut LintCache>,
) -> LintedFile {
    let channel = document_channel(&document, settings).map(|(channel, _)| channel);
    let language = document_language(path, &document, settings).map(|(language, _)| language);
    let context = DocContext {
        channel: channel.as_deref(),
        language: language.as_deref(),
    };
    if let Some(cache) = cache.as_deref_mut() {
        cache.begin(cache::Context {
            guideline: guideline.generation(),
            channel: channel.clone(),
            language: language.clone(),
            disabled: cache::sorted(&settings.disabled),
        });
    }
    // Rules the file's settings switch off are not run at all (their tone findings, which no
    // rule makes, are dropped below with the suppressed ones).
    let (mut findings, notes) = guideline.check_cached(
        &document,
        &context,
        &settings.disabled,
        cache.as_deref_mut().map(|cache| &mut cache.checks),
    );
    document.notes.extend(notes);
    let lines = LineIndex::new(&document.text);
    // Tone findings join the others before suppression and overrides, so that they can be
    // suppressed, re-levelled and shown like any finding.
    let tone = guideline.tone().map(|profile| {
        let (language, channel) = (language.as_deref(), channel.as_deref());
        let (report, tone_findings) = crate::tone::assess(
            &document,
            language,
            channel,
            profile,
            &lines,
            cache.as_deref_mut().map(|cache| &mut cache.tone),
        );
        findings.extend(tone_findings);
        report
    });
    if let Some(cache) = cache {
        cache.end();
    }
    let suppressions = Suppressions::new(&document.directives, &document.text, &lines);
    findings.retain(|finding| {
        !settings.disabled.contains(finding.rule_id())
            && !suppressions.is_suppressed(
                finding.rule_id(),
                finding.span.start,
                document.text.get(finding.span.clone()).unwrap_or_default(),
            )
    });
    for finding in &mut findings {
        if let Some(&severity) = settings.severity.get(finding.rule_id()) {
            finding.severity = severity;
        }
    }
    name_messages(&document, &mut findings);
    sort_findings(&mut findings);
    // After suppressions: a suppressed occurrence is not part of the document-level finding,
    // and a rule's `limit` counts the findings the writer sees.
    guideline.group_document_findings(&mut findings);
    merge_alternatives(&document, &mut findings);
    guideline.apply_limits(&mut findings);
    LintedFile {
        path: path.to_owned(),
        document,
        findings,
        channel,
        language,
        lines,
        tone,
    }
}

/// One finding per problem in an e-mail written twice: a finding of a later alternative part
/// (the HTML of a `multipart/alternative`) with the same rule and message as one of the first
/// (the text part) is the same problem, and becomes its occurrence, paired in reading order.
/// The merged finding keeps its fix only when every occurrence has one, so that fixing it
/// fixes both parts. Document-level findings already list every occurrence.
fn merge_alternatives(document: &Document, findings: &mut Vec<Finding>) {
    for group in &document.alternatives {
        let part_of = |finding: &Finding| {
            group
                .iter()
                .position(|part| part.start <= finding.span.start && finding.span.end <= part.end)
        };
        // The first part's findings at one place, by rule and message, in reading order.
        let mut firsts: HashMap<(&str, &str), VecDeque<usize>> = HashMap::new();
        for (index, finding) in findings.iter().enumerate() {
            if finding.occurrences.is_empty() && part_of(finding) == Some(0) {
                firsts
                    .entry((finding.rule_id(), finding.message.as_str()))
                    .or_default()
                    .push_back(index);
            }
        }
        // Per finding: the index of the first-part finding it merges into.
        let mut merged_into: Vec<Option<usize>> = vec![None; findings.len()];
        for (later, finding) in findings.iter().enumerate() {
            if finding.occurrences.is_empty() && part_of(finding).is_some_and(|part| part > 0) {
                merged_into[later] = firsts
                    .get_mut(&(finding.rule_id(), finding.message.as_str()))
                    .and_then(VecDeque::pop_front);
            }
        }
        for later in 0..findings.len() {
            let Some(first) = merged_into[later] else {
                continue;
            };
            let added = Occurrence::of(&findings[later]);
            let target = &mut findings[first];
            if target.occurrences.is_empty() {
                let own = Occurrence::of(target);
                target.occurrences.push(own);
            }
            target.occurrences.push(added);
            target.fixes = crate::finding::fix_all(&target.occurrences);
        }
        let mut index = 0;
        findings.retain(|_| {
            index += 1;
            merged_into[index - 1].is_none()
        });
    }
}

/// Where a document's channel or language was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Declared in the document: front matter, `<html lang>`, a PO `Language:` header, an
    /// XLIFF `target-language`, a Rails root key.
    Document,
    /// The configuration (a channel glob, an override) or the command line.
    Configuration,
    /// The file name (`de.yml`, `index.de.md`).
    FileName,
    /// A folder (`locales/de/`).
    Folder,
    /// Detected from the prose.
    Detected,
    /// The configuration's fallback language.
    Default,
}

impl Origin {
    /// Where the language came from, for people (`detected`, `file name`).
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Document => "declared in the file",
            Origin::Configuration => "configuration",
            Origin::FileName => "file name",
            Origin::Folder => "folder",
            Origin::Detected => "detected",
            Origin::Default => "configured default",
        }
    }
}

/// A document's channel: its own (front matter), else the configured one.
pub fn document_channel(document: &Document, settings: &FileSettings) -> Option<(String, Origin)> {
    let declared = document.metadata.channel.clone();
    declared
        .map(|channel| (channel, Origin::Document))
        .or_else(|| settings.channel.clone().map(|c| (c, Origin::Configuration)))
}

/// A document's language (a primary subtag): declared in it, else assigned by configuration or
/// the command line, else named by its path (`de.yml`, `locales/de/`), else detected, else the
/// configuration's fallback.
pub fn document_language(
    path: &Path,
    document: &Document,
    settings: &FileSettings,
) -> Option<(String, Origin)> {
    let declared = document.metadata.language.as_deref();
    if let Some(language) = declared.and_then(language::primary_subtag) {
        return Some((language, Origin::Document));
    }
    if let Some(language) = &settings.language {
        return Some((language.clone(), Origin::Configuration));
    }
    let named = locale_path::language_of(path, document.format.is_messages());
    if let Some((tag, source)) = named
        && let Some(language) = language::primary_subtag(&tag)
    {
        let origin = match source {
            locale_path::PathLanguage::FileName => Origin::FileName,
            locale_path::PathLanguage::Folder => Origin::Folder,
        };
        return Some((language, origin));
    }
    if let Some(language) = language::detect(&document.segments) {
        return Some((language.to_owned(), Origin::Detected));
    }
    settings
        .default_language
        .clone()
        .map(|language| (language, Origin::Default))
}

/// In a file of messages, say which message each finding is in: the key is how translators
/// find a message, in their tools and in the source.
fn name_messages(document: &Document, findings: &mut [Finding]) {
    if !document.format.is_messages() {
        return;
    }
    let starts: Vec<usize> = findings.iter().map(|finding| finding.span.start).collect();
    let keys = document.message_keys_at(&starts);
    for (finding, key) in findings.iter_mut().zip(keys) {
        if let Some(key) = key {
            finding.message = format!("{} (in message `{key}`)", finding.message);
        }
    }
}

/// Findings in reading order: by position, then rule id, then message; exact duplicates (two
/// rules of one id cannot exist, but one rule may report a span twice) are dropped.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule_id(), &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.rule_id(),
            &b.message,
        ))
    });
    findings
        .dedup_by(|a, b| a.span == b.span && a.rule_id() == b.rule_id() && a.message == b.message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::InMemory;
    use crate::guideline::GuidelineSource;

    /// A rule whose look-ahead scans to the paragraph's end from every "word": over one long
    /// paragraph it spends its backtracking budget, and the lint says so in a note. The note is
    /// what shows, without counting instructions, that the rule ran.
    fn guideline() -> Guideline {
        let text = "[[rule]]\nid = \"test.lookahead\"\nkind = \"pattern\"\n\
                    pattern = '\\bword(?=[^.]*zzz)\\b'\nmessage = \"Never reported.\"\n\n\
                    [[rule]]\nid = \"test.hype\"\nkind = \"pattern\"\npattern = 'revolutionary'\n\
                    message = \"Avoid it.\"\n";
        let source = GuidelineSource {
            name: "guideline.toml".to_owned(),
            text: text.to_owned(),
        };
        Guideline::compile_with(&[source], &InMemory::new())
            .unwrap_or_else(|errors| panic!("{errors:?}"))
    }

    fn lint_with(
        guideline: &Guideline,
        disabled: &[&str],
        cache: Option<&mut LintCache>,
    ) -> LintedFile {
        let settings = FileSettings {
            disabled: disabled.iter().map(|id| (*id).to_owned()).collect(),
            ..FileSettings::default()
        };
        let text = format!(
            "# Title\n\nrevolutionary {}revolutionary\n",
            "word ".repeat(40_000)
        );
        lint_source(
            Path::new("long.md"),
            Format::Markdown,
            text,
            guideline,
            &settings,
            cache,
        )
    }

    fn summary(file: &LintedFile) -> (Vec<(usize, &str)>, usize) {
        let findings = file
            .findings
            .iter()
            .map(|finding| (finding.span.start, finding.rule_id()))
            .collect();
        (findings, file.document.notes.len())
    }

    #[test]
    fn a_rule_switched_off_for_a_file_is_not_run() {
        let guideline = guideline();
        let on = lint_with(&guideline, &[], None);
        let off = lint_with(&guideline, &["test.lookahead"], None);
        // Switched on, the rule ran until its budget was spent and said so; switched off, it
        // never ran, and the other rule's findings are the same.
        assert_eq!(
            summary(&on),
            (vec![(9, "test.hype"), (200_023, "test.hype")], 1)
        );
        assert_eq!(
            summary(&off),
            (vec![(9, "test.hype"), (200_023, "test.hype")], 0)
        );
        let hype_off = lint_with(&guideline, &["test.hype"], None);
        assert_eq!(summary(&hype_off), (vec![], 1));
    }

    #[test]
    fn a_cache_forgets_what_it_kept_when_the_disabled_rules_change() {
        let guideline = guideline();
        let mut cache = LintCache::new();
        let hype_off = lint_with(&guideline, &["test.hype"], Some(&mut cache));
        assert_eq!(summary(&hype_off), (vec![], 1));
        let all_on = lint_with(&guideline, &[], Some(&mut cache));
        assert_eq!(
            summary(&all_on),
            (vec![(9, "test.hype"), (200_023, "test.hype")], 1)
        );
        assert_eq!(cache.stats().reused, 0);
    }
}
