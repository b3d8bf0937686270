//! A loaded configuration and the document being edited: what the JavaScript API wraps.
//!
//! Plain Rust with serde types, so that it is tested natively; `lib.rs` only moves JSON across
//! the wasm-bindgen boundary. Every position handed to JavaScript is a UTF-16 code unit offset
//! into the linted text (an index into a JavaScript string), converted by
//! `LineIndex::text_offset` (onbrand-document's position module), the one place positions
//! change units.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use onbrand_engine::config::{self, Config, ConfigError};
use onbrand_engine::document::Format;
use onbrand_engine::files::InMemory;
use onbrand_engine::finding::{Applicability, Finding as EngineFinding, Severity};
use onbrand_engine::lint::cache::LintCache;
use onbrand_engine::lint::{self, LintedFile, RunOverrides};
use onbrand_engine::position::ColumnUnit;
use onbrand_engine::tone::{Status, ToneReport};
use serde::{Deserialize, Serialize};

/// A file handed over by the caller: an `onbrand.toml`, a guideline file, a word list.
#[derive(Clone, Debug, Deserialize)]
pub struct SourceFile {
    /// Its path relative to the configuration (`guideline/fernway.toml`).
    pub name: String,
    pub text: String,
}

/// A problem in the configuration or a guideline file, where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoadProblem {
    pub file: String,
    /// 1-based, counted in characters (0 when the problem has no place in a file).
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// What to lint a text as. Every field may be left out.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct LintOptions {
    /// The file the text is (or would be): picks the format, and the configuration's channel
    /// and overrides by glob. `document.txt` when absent.
    pub path: Option<String>,
    /// `markdown`, `html`, `email`, `text`, …: beats what the path implies.
    pub format: Option<String>,
    /// Beats the configuration's channel (a document's own front matter still wins).
    pub channel: Option<String>,
    /// A language code (`en`, `de`, `zh`): beats detection.
    pub language: Option<String>,
    /// The language when none is declared or detected (a short text): beats the
    /// configuration's `language`.
    pub default_language: Option<String>,
}

/// One finding, positioned in UTF-16 code units.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub start: usize,
    pub end: usize,
    pub fixes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The rule's description from the guideline: the explanation a writer reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Every place of a document-level finding, the first being `start..end`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub occurrences: Vec<Occurrence>,
    /// Every fix in full, best first (`fixes` are the replacements of `start..end`): whether
    /// "fix all" applies it (`safe`) and all of its edits.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fix_details: Vec<FixDetail>,
}

/// One fix: its edits apply together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixDetail {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// One edit of a fix, in UTF-16 code units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    pub start: usize,
    pub end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// A text's tone against its channel's targets.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tone {
    pub words: usize,
    /// Fewer words than the profile judges: the values are shown, not judged.
    pub too_short: bool,
    pub dimensions: Vec<ToneDimension>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ToneDimension {
    pub name: &'static str,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// `pass`, `fail`, `too-short`, `no-target` or `not-measured`.
    pub status: &'static str,
}

/// A linted text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LintResult {
    pub format: Format,
    pub channel: Option<String>,
    pub language: Option<String>,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tone: Option<Tone>,
}

/// A text with fixes applied, and what is left.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FixResult {
    pub text: String,
    pub applied: usize,
    pub result: LintResult,
}

/// A compiled configuration and the per-segment cache of the text being edited.
pub struct Session {
    config: Arc<Config>,
    /// Rule id → description, for the explanation beside a finding.
    descriptions: HashMap<String, String>,
    cache: LintCache,
}

impl Session {
    /// Compile `config` (an `onbrand.toml`'s text; the starter configuration when `None`) with
    /// the guideline files it names taken from `files`. Every problem is reported.
    pub fn load(config: Option<&str>, files: &[SourceFile]) -> Result<Session, Vec<LoadProblem>> {
        let mut memory = InMemory::new();
        for file in files {
            memory.insert(Path::new(&file.name), file.text.clone().into_bytes());
        }
        let (text, name) = match config {
            Some(text) => (text, config::FILE_NAME),
            None => (config::STARTER, "<builtin>/onbrand.toml"),
        };
        let config = Config::from_text(text, name, Path::new(""), &memory).map_err(problems)?;
        let descriptions = config
            .guideline
            .rules()
            .iter()
            .filter_map(|rule| Some((rule.info.id.to_string(), rule.description.clone()?)))
            .collect();
        Ok(Session {
            config: Arc::new(config),
            descriptions,
            cache: LintCache::default(),
        })
    }

    /// Every channel a text can be linted for: the configuration's, and those the guideline's
    /// rules and tone profile name.
    pub fn channels(&self) -> Vec<String> {
        config::known_channels(self.config.channel_names(), &self.config.guideline)
    }

    /// Lint `text`. The session's cache makes linting the next version of the same text cost
    /// only what changed.
    pub fn lint(&mut self, text: &str, options: &LintOptions) -> Result<LintResult, String> {
        let linted = self.linted(text, options)?;
        Ok(self.result(&linted))
    }

    /// Apply the best fix of the findings at `indices` of [`Self::lint`]'s result for the same
    /// text and options (the writer chose them, so unsafe ones too), or every safe fix when
    /// `None` ("fix all"), and lint the result.
    pub fn fix(
        &mut self,
        text: &str,
        options: &LintOptions,
        indices: Option<&[usize]>,
    ) -> Result<FixResult, String> {
        let linted = self.linted(text, options)?;
        let (chosen, allowed): (Vec<EngineFinding>, Applicability) = match indices {
            None => (linted.findings.clone(), Applicability::Safe),
            Some(indices) => indices
                .iter()
                .map(|&index| {
                    linted.findings.get(index).cloned().ok_or_else(|| {
                        format!(
                            "no finding {index}: the text has {} findings",
                            linted.findings.len()
                        )
                    })
                })
                .collect::<Result<_, _>>()
                .map(|chosen| (chosen, Applicability::Unsafe))?,
        };
        let (fixed, applied) = onbrand_engine::fix::apply(text, &chosen, allowed);
        let result = self.lint(&fixed, options)?;
        Ok(FixResult {
            text: fixed,
            applied,
            result,
        })
    }

    fn linted(&mut self, text: &str, options: &LintOptions) -> Result<LintedFile, String> {
        // The limit of every other front end: a paste of 100 MB would take the tab's memory.
        let limit = onbrand_engine::document::DEFAULT_SIZE_LIMIT;
        if text.len() as u64 > limit {
            return Err(format!(
                "the text is {} bytes, over the {limit}-byte limit: not linted",
                text.len()
            ));
        }
        let path = Path::new(options.path.as_deref().unwrap_or("document.txt"));
        let format = match options.format.as_deref() {
            Some(name) => format_named(name)?,
            None => Format::from_path(path).unwrap_or(Format::Text),
        };
        let overrides = RunOverrides {
            channel: options.channel.clone().filter(|c| !c.is_empty()),
            language: options.language.clone().filter(|l| !l.is_empty()),
        };
        let mut settings = overrides.settings_for(path, &self.config);
        if let Some(language) = options.default_language.clone().filter(|l| !l.is_empty()) {
            settings.default_language = Some(language);
        }
        Ok(lint::lint_source(
            path,
            format,
            text.to_owned(),
            &self.config.guideline,
            &settings,
            Some(&mut self.cache),
        ))
    }

    fn result(&self, linted: &LintedFile) -> LintResult {
        let text = &linted.document.text;
        let utf16 = |offset: usize| linted.lines.text_offset(text, offset, ColumnUnit::Utf16);
        let findings = linted
            .findings
            .iter()
            .map(|finding| Finding {
                rule: finding.rule_id().to_owned(),
                severity: finding.severity,
                message: finding.message.clone(),
                start: utf16(finding.span.start),
                end: utf16(finding.span.end),
                fixes: finding
                    .replacements()
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                link: finding.rule.link.as_deref().map(str::to_owned),
                description: self.descriptions.get(finding.rule_id()).cloned(),
                occurrences: finding
                    .occurrences
                    .iter()
                    .map(|occurrence| Occurrence {
                        start: utf16(occurrence.span.start),
                        end: utf16(occurrence.span.end),
                        fix: occurrence.replacement().map(str::to_owned),
                    })
                    .collect(),
                fix_details: finding
                    .fixes
                    .iter()
                    .map(|fix| FixDetail {
                        title: fix.title.clone(),
                        applicability: fix.applicability,
                        edits: fix
                            .edits
                            .iter()
                            .map(|edit| Edit {
                                start: utf16(edit.span.start),
                                end: utf16(edit.span.end),
                                replacement: edit.replacement.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        LintResult {
            format: linted.document.format,
            channel: linted.channel.clone(),
            language: linted.language.clone(),
            findings,
            tone: linted.tone.as_ref().map(tone),
        }
    }
}

/// Every format a text can be read as, by name.
pub fn format_names() -> Vec<&'static str> {
    Format::ALL.iter().map(|format| format.name()).collect()
}

fn format_named(name: &str) -> Result<Format, String> {
    Format::ALL
        .into_iter()
        .find(|format| format.name() == name)
        .ok_or_else(|| {
            format!(
                "unknown format `{name}`: use one of {}",
                format_names().join(", ")
            )
        })
}

fn tone(report: &ToneReport) -> Tone {
    Tone {
        words: report.words,
        too_short: report.too_short(),
        dimensions: report
            .dimensions
            .iter()
            .map(|dimension| ToneDimension {
                name: dimension.dimension.name(),
                // As `--format json`: no value where the text is too short to mean anything.
                value: dimension
                    .value
                    .filter(|_| dimension.status != Status::TooShort),
                min: dimension.target.and_then(|target| target.min),
                max: dimension.target.and_then(|target| target.max),
                status: dimension.status.name(),
            })
            .collect(),
    }
}

fn problems(error: ConfigError) -> Vec<LoadProblem> {
    match error {
        ConfigError::Invalid(errors) => errors
            .into_iter()
            .map(|error| LoadProblem {
                file: error.file,
                line: error.line,
                column: error.column,
                message: error.message,
            })
            .collect(),
        other => vec![LoadProblem {
            file: config::FILE_NAME.to_owned(),
            line: 0,
            column: 0,
            message: other.to_string(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// examples/: Fernway's onbrand.toml and its guideline folder, as a page receives them.
    fn fernway() -> (String, Vec<SourceFile>) {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let config = std::fs::read_to_string(examples.join("onbrand.toml")).unwrap();
        let mut files: Vec<SourceFile> = std::fs::read_dir(examples.join("guideline"))
            .unwrap()
            .map(|entry| {
                let path = entry.unwrap().path();
                SourceFile {
                    name: format!("guideline/{}", path.file_name().unwrap().to_string_lossy()),
                    text: std::fs::read_to_string(&path).unwrap(),
                }
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        (config, files)
    }

    fn quoted(text: &str, finding: &Finding) -> String {
        // UTF-16 offsets, as JavaScript's `slice` takes them.
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&units[finding.start..finding.end]).unwrap()
    }

    #[test]
    fn a_configuration_and_its_guideline_folder_load_from_memory() {
        let (config, files) = fernway();
        let mut session = Session::load(Some(&config), &files).unwrap();
        assert!(
            session
                .channels()
                .iter()
                .any(|channel| channel == "landing")
        );
        let options = LintOptions {
            path: Some("blog/de/post.md".into()),
            ..LintOptions::default()
        };
        let text = "# Reisen 👋\n\nGrüße! Plane deine Reise auch ohne WiFi im Hotel, 你好.\n";
        let result = session.lint(text, &options).unwrap();
        assert_eq!(
            (
                result.format,
                result.channel.as_deref(),
                result.language.as_deref()
            ),
            (Format::Markdown, Some("blog"), Some("de"))
        );
        let wifi = result
            .findings
            .iter()
            .find(|finding| finding.rule == "fernway.terms.de")
            .unwrap();
        // After an emoji (two UTF-16 units, four bytes) and umlauts (one unit, two bytes).
        assert_eq!(quoted(text, wifi), "WiFi");
        assert_eq!(
            wifi.start,
            text[..text.find("WiFi").unwrap()].encode_utf16().count()
        );
        assert_eq!(wifi.fixes, ["WLAN"]);
        assert!(result.tone.is_some());
    }

    #[test]
    fn without_a_configuration_the_starter_applies_and_rules_are_explained() {
        let mut session = Session::load(None, &[]).unwrap();
        let text = "Send us an e-mail — it's a revolutionary game-changer!";
        let options = LintOptions {
            language: Some("en".into()),
            ..LintOptions::default()
        };
        let result = session.lint(text, &options).unwrap();
        // Too short to detect: the default language applies, unless one is given.
        let fallback = LintOptions {
            default_language: Some("en".into()),
            ..LintOptions::default()
        };
        assert_eq!(session.lint(text, &fallback).unwrap(), result);
        let german = LintOptions {
            language: Some("de".into()),
            ..fallback
        };
        assert_eq!(
            session.lint(text, &german).unwrap().language.as_deref(),
            Some("de")
        );
        let rules: Vec<&str> = result.findings.iter().map(|f| f.rule.as_str()).collect();
        assert!(
            rules.iter().all(|rule| rule.starts_with("onbrand.")),
            "{rules:?}"
        );
        let hype = result
            .findings
            .iter()
            .find(|finding| quoted(text, finding) == "revolutionary")
            .unwrap();
        assert!(hype.description.as_deref().is_some_and(|d| !d.is_empty()));
    }

    #[test]
    fn problems_in_the_files_are_reported_with_their_place() {
        let broken = SourceFile {
            name: "brand/terms.toml".into(),
            text: "[[rule]]\nid = \"brand.terms\"\nkind = \"terminology\"\nterms = 3\n".into(),
        };
        let config = "guideline = [\"builtin\", \"brand\", \"missing.toml\"]\n";
        let Err(problems) = Session::load(Some(config), &[broken]) else {
            panic!("loaded a broken guideline")
        };
        let places: Vec<(&str, u32, u32)> = problems
            .iter()
            .map(|p| (p.file.as_str(), p.line, p.column))
            .collect();
        // Every problem: the missing file at its entry, the broken field at its value.
        assert_eq!(
            places,
            [("onbrand.toml", 1, 34), ("brand/terms.toml", 4, 9)],
            "{problems:?}"
        );
        assert_eq!(
            problems[0].message,
            "cannot read guideline `missing.toml`: no such file among the files given"
        );
        // A dictionary is read from the files given too, so a missing one is named.
        let spelling = SourceFile {
            name: "spelling.toml".into(),
            text: "[[rule]]\nid = \"s\"\nkind = \"spelling\"\ndictionaries = [\"en_US\"]\n".into(),
        };
        let Err(problems) = Session::load(Some("guideline = [\"spelling.toml\"]\n"), &[spelling])
        else {
            panic!("loaded a spelling rule without its dictionary")
        };
        assert!(
            problems[0]
                .message
                .starts_with("cannot read dictionary file `en_US.aff`: no such file"),
            "{problems:?}"
        );
    }

    #[test]
    fn fixes_apply_by_index_or_all_and_the_result_is_linted_again() {
        let (config, files) = fernway();
        let mut session = Session::load(Some(&config), &files).unwrap();
        let options = LintOptions {
            path: Some("blog/en/post.md".into()),
            language: Some("en".into()),
            ..LintOptions::default()
        };
        let text = "Grüße 👋 from Fernway: sync with Git Hub or Java Script.\n";
        let result = session.lint(text, &options).unwrap();
        let index = result
            .findings
            .iter()
            .position(|finding| quoted(text, finding) == "Java Script")
            .unwrap();
        let one = session.fix(text, &options, Some(&[index])).unwrap();
        assert_eq!(one.applied, 1);
        assert_eq!(
            one.text,
            "Grüße 👋 from Fernway: sync with Git Hub or JavaScript.\n"
        );
        assert!(one.result.findings.len() < result.findings.len());

        let all = session.fix(text, &options, None).unwrap();
        assert_eq!(
            all.text,
            "Grüße 👋 from Fernway: sync with GitHub or JavaScript.\n"
        );
        assert_eq!(all.applied, 2);
        assert!(
            all.result
                .findings
                .iter()
                .all(|finding| finding.fixes.is_empty())
        );

        // "Fix all" makes safe fixes only; an unsafe one (a doubled word) is made when chosen.
        let doubled = "Grüße 👋: sync the the 中文 files.\n";
        let linted = session.lint(doubled, &options).unwrap();
        let repeated = linted
            .findings
            .iter()
            .position(|finding| quoted(doubled, finding) == "the the")
            .unwrap();
        let fix = &linted.findings[repeated].fix_details[0];
        assert_eq!(fix.applicability, Applicability::Unsafe);
        // UTF-16 offsets: the emoji is two code units.
        assert_eq!(
            (
                fix.edits[0].start,
                fix.edits[0].end,
                fix.edits[0].replacement.as_str()
            ),
            (15, 22, "the")
        );
        assert_eq!(session.fix(doubled, &options, None).unwrap().text, doubled);
        assert_eq!(
            session
                .fix(doubled, &options, Some(&[repeated]))
                .unwrap()
                .text,
            "Grüße 👋: sync the 中文 files.\n"
        );

        // The same finding chosen twice is fixed once.
        let twice = session.fix(text, &options, Some(&[index, index])).unwrap();
        assert_eq!((twice.applied, &twice.text), (1, &one.text));

        let error = session.fix(text, &options, Some(&[99])).unwrap_err();
        assert_eq!(
            error,
            format!(
                "no finding 99: the text has {} findings",
                result.findings.len()
            )
        );
    }

    #[test]
    fn a_text_over_the_size_limit_is_refused() {
        let (config, files) = fernway();
        let mut session = Session::load(Some(&config), &files).unwrap();
        let limit = onbrand_engine::document::DEFAULT_SIZE_LIMIT as usize;
        let options = LintOptions::default();
        let largest = "ü".repeat(limit / 2);
        assert!(session.lint(&largest, &options).is_ok());
        let over = largest + "x";
        assert_eq!(
            session.lint(&over, &options).map(|_| ()),
            Err("the text is 16777217 bytes, over the 16777216-byte limit: not linted".to_owned())
        );
        assert!(session.fix(&over, &options, None).is_err());
    }

    #[test]
    fn relinting_an_edited_text_gives_what_a_fresh_session_gives() {
        let (config, files) = fernway();
        let mut editing = Session::load(Some(&config), &files).unwrap();
        let options = LintOptions {
            path: Some("email/en/welcome.txt".into()),
            ..LintOptions::default()
        };
        let before = "Hi there!\n\nSend an e-mail via Git Hub.\n\nSee you soon!!\n";
        let after = "Hi there!\n\nSend an e-mail via Git Hub, today.\n\nSee you soon!!\n";
        editing.lint(before, &options).unwrap();
        let incremental = editing.lint(after, &options).unwrap();
        let mut fresh = Session::load(Some(&config), &files).unwrap();
        assert_eq!(incremental, fresh.lint(after, &options).unwrap());
        assert!(!incremental.findings.is_empty());
    }

    #[test]
    fn formats_are_named_as_in_json_output() {
        for name in format_names() {
            let format = format_named(name).unwrap();
            assert_eq!(serde_json::to_value(format).unwrap(), name);
        }
        assert_eq!(format_names().len(), Format::ALL.len());
        assert_eq!(
            format_named("docx").unwrap_err(),
            format!(
                "unknown format `docx`: use one of {}",
                format_names().join(", ")
            )
        );
    }
}
