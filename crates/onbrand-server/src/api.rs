//! What the servers do, independent of the protocol: check, fix and describe rules.
//!
//! The HTTP API and the MCP server both call [`Service`]; they differ only in how requests
//! arrive and how answers are shaped. Nothing here touches the file system: a request's `path`
//! is a name that picks the format, the channel and per-path overrides, never a file to read.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use onbrand_engine::config::Config;
use onbrand_engine::document::Format;
use onbrand_engine::finding::{Applicability, Severity};
use onbrand_engine::guideline::Rule;
use onbrand_engine::lint::{self, LintedFile, Linter, RunOverrides};
use onbrand_output::json::{self, FileReport, RunReport};
use onbrand_output::{Summary, reference};

use crate::guidelines::{Guidelines, UNNAMED};

/// The version of the response documents; bumped when a field changes meaning or goes away.
pub const API_VERSION: u32 = 1;

/// A document to check or fix.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The document's text.
    pub text: String,
    /// The name the document will be published under (`blog/launch.md`): picks the format,
    /// the channel and per-path overrides. Never read from disk.
    #[serde(default)]
    pub path: Option<String>,
    /// markdown, mdx, html, email or text; default: from `path`, else sniffed.
    #[serde(default)]
    pub format: Option<String>,
    /// The channel (as the configuration names them), beating what `path` implies.
    #[serde(default)]
    pub channel: Option<String>,
    /// A language tag (en, de-CH, zh), beating detection.
    #[serde(default)]
    pub language: Option<String>,
}

/// A document to fix: the fields of [`CheckRequest`], and `unsafe`.
#[derive(Clone, Debug)]
pub struct FixRequest {
    pub document: CheckRequest,
    /// Apply unsafe fixes too (`--unsafe-fixes`): spelling suggestions, removed words,
    /// re-cased headings, which may change the meaning.
    pub unsafe_fixes: bool,
}

impl FixRequest {
    const UNSAFE: &str = "unsafe";

    /// The fixes the request allows.
    pub fn allowed(&self) -> Applicability {
        if self.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        }
    }
}

/// Read by hand so that [`CheckRequest`] keeps refusing unknown fields: serde's `flatten`
/// would pass it only the fields it knows and drop a misspelt one silently.
impl<'de> Deserialize<'de> for FixRequest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FixRequest, D::Error> {
        use serde::de::Error;
        let mut fields = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        let unsafe_fixes = match fields.remove(FixRequest::UNSAFE) {
            None => false,
            Some(serde_json::Value::Bool(value)) => value,
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "`unsafe` is true or false, not {other}"
                )));
            }
        };
        let document = CheckRequest::deserialize(serde_json::Value::Object(fields))
            .map_err(D::Error::custom)?;
        Ok(FixRequest {
            document,
            unsafe_fixes,
        })
    }
}

/// [`CheckRequest`]'s schema with `unsafe` added: what MCP clients are shown for `fix_copy`.
impl schemars::JsonSchema for FixRequest {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FixRequest".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = CheckRequest::json_schema(generator);
        if let Some(properties) = schema
            .get_mut("properties")
            .and_then(serde_json::Value::as_object_mut)
        {
            properties.insert(
                FixRequest::UNSAFE.to_owned(),
                serde_json::json!({
                    "type": "boolean",
                    "default": false,
                    "description": "Apply unsafe fixes too (spelling suggestions, removed words, \
                        re-cased headings): they may change the meaning. Default: safe fixes only.",
                }),
            );
        }
        schema
    }
}

/// A request the service refuses, with a stable code for programs and a message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status that fits.
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
}

/// Whether the document passes the configured fail level.
#[derive(Clone, Debug, Serialize)]
pub struct Verdict {
    pub pass: bool,
    /// The fail level: findings at or above it fail the document; `null` never fails.
    pub fail_on: Option<Severity>,
}

/// `POST /v1/check`: the `check --format json` document for this one file, plus the verdict.
#[derive(Clone, Debug, Serialize)]
pub struct CheckResponse {
    #[serde(flatten)]
    pub run: RunReport,
    pub verdict: Verdict,
}

/// One fix that was applied, in the original text's coordinates.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct AppliedFix {
    pub rule: String,
    pub line: u32,
    pub column: u32,
    /// The text that was replaced.
    pub text: String,
    /// What replaced it (a fix may also change text beside it, such as an article).
    pub replacement: String,
    /// `safe`, or `unsafe` (applied because the request said `unsafe`).
    pub applicability: String,
}

/// `POST /v1/fix`: the fixed text, the fixes applied, and what is left to do.
#[derive(Clone, Debug, Serialize)]
pub struct FixResponse {
    pub version: u32,
    pub text: String,
    pub applied: Vec<AppliedFix>,
    /// Findings left whose fix is unsafe and was not applied (`"unsafe": true` applies them).
    pub unsafe_fixes_left: usize,
    /// The fixed text checked again.
    pub remaining: CheckResponse,
}

/// A rule as `GET /v1/rules` lists it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RuleSummary {
    pub id: String,
    pub kind: String,
    pub severity: String,
    pub description: Option<String>,
    /// Channels it applies to; empty: all.
    pub channels: Vec<String>,
    /// Languages it applies to; empty: all.
    pub languages: Vec<String>,
    pub link: Option<String>,
}

/// A rule with its examples, as `GET /v1/rules/{id}` shows it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RuleDetail {
    #[serde(flatten)]
    pub summary: RuleSummary,
    pub message: Option<String>,
    /// Text the rule flags.
    pub bad_examples: Vec<String>,
    /// Text the rule accepts.
    pub good_examples: Vec<String>,
}

/// Limits that apply to every request, whatever the protocol.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest document text, in bytes of UTF-8.
    pub max_document_bytes: usize,
}

/// Checks, fixes and rule descriptions over the configuration in force.
#[derive(Debug)]
pub struct Service {
    pub guidelines: Arc<Guidelines>,
    pub fail_on: Option<Severity>,
    pub limits: Limits,
}

/// A linted request: the engine's file and its report, under the configuration it used.
pub struct Linted {
    pub file: LintedFile,
    pub report: FileReport,
    config: Arc<Config>,
    linter: Linter,
    name: String,
}

impl Service {
    /// Lint a request's document.
    pub fn lint(&self, request: CheckRequest) -> Result<Linted, ApiError> {
        if request.text.len() > self.limits.max_document_bytes {
            return Err(ApiError::new(
                413,
                "document_too_large",
                format!(
                    "the document has {} bytes; the limit is {} (--max-document-bytes)",
                    request.text.len(),
                    self.limits.max_document_bytes
                ),
            ));
        }
        let in_force = self.guidelines.in_force();
        let config = in_force.config.clone();
        let name = request.path.clone().unwrap_or_else(|| UNNAMED.to_owned());
        let path = under_root(&config.root, &name);
        let format = match request.format.as_deref() {
            Some(name) => parse_format(name)?,
            None => {
                Format::from_path(&path).unwrap_or_else(|| Format::sniff(request.text.as_bytes()))
            }
        };
        let language = match request.language.as_deref() {
            Some(tag) => Some(
                onbrand_engine::language::primary_subtag(tag).ok_or_else(|| {
                    ApiError::new(
                        400,
                        "invalid_language",
                        format!("{} is not a language tag (en, de-CH, zh, …)", quoted(tag)),
                    )
                })?,
            ),
            None => None,
        };
        if let Some(channel) = &request.channel
            && !names_channel(&config, channel)
        {
            // The channels the configuration or the guideline (rules, tone targets) name: the
            // same list the command line's did-you-mean draws from.
            let known =
                onbrand_engine::config::known_channels(config.channel_names(), &config.guideline);
            return Err(ApiError::new(
                400,
                "unknown_channel",
                format!(
                    "no channel {} in the configuration or the guideline; known: {}",
                    quoted(channel),
                    known.join(", ")
                ),
            ));
        }
        // The cache is never consulted: `lint_source` lints under the configuration given.
        let linter = Linter::new(
            onbrand_engine::config::ConfigCache::new(config.root.clone()),
            RunOverrides {
                channel: request.channel,
                language,
            },
        );
        let file = if request.path.is_none() {
            // The settings of an unnamed document, found when the configuration was loaded.
            let mut settings = in_force.unnamed.clone();
            linter.overrides.apply(&mut settings);
            let guideline = &config.guideline;
            lint::lint_source(&path, format, request.text, guideline, &settings, None)
        } else {
            linter.lint_source(&path, format, request.text, &config, None)
        };
        let mut report = json::file_report(&file);
        report.path.clone_from(&name);
        Ok(Linted {
            file,
            report,
            config,
            linter,
            name,
        })
    }

    /// `POST /v1/check`.
    pub fn check(&self, request: CheckRequest) -> Result<CheckResponse, ApiError> {
        let linted = self.lint(request)?;
        Ok(self.respond(linted.file.findings.as_slice(), linted.report))
    }

    /// `POST /v1/fix`: apply every safe fix (and unsafe ones when the request says `unsafe`),
    /// then check the result again.
    pub fn fix(&self, request: FixRequest) -> Result<FixResponse, ApiError> {
        let allowed = request.allowed();
        let linted = self.lint(request.document)?;
        let text = &linted.file.document.text;
        let findings = &linted.file.findings;
        let applied: Vec<AppliedFix> = onbrand_engine::fix::applicable(text, findings, allowed)
            .into_iter()
            .map(|index| {
                let finding = &linted.report.findings[index];
                let fix = &finding.fix_details[0];
                AppliedFix {
                    rule: finding.rule.clone(),
                    line: finding.line,
                    column: finding.column,
                    text: finding.text.clone(),
                    replacement: finding.fixes.first().unwrap_or(&fix.title).clone(),
                    applicability: fix.applicability.name().to_owned(),
                }
            })
            .collect();
        let (fixed, _) = onbrand_engine::fix::apply(text, findings, allowed);
        let path = under_root(&linted.config.root, &linted.name);
        let relinted = linted.linter.lint_source(
            &path,
            linted.file.document.format,
            fixed.clone(),
            &linted.config,
            None,
        );
        let mut report = json::file_report(&relinted);
        report.path = linted.name;
        Ok(FixResponse {
            version: API_VERSION,
            text: fixed,
            applied,
            unsafe_fixes_left: onbrand_engine::fix::withheld(&relinted.findings, allowed),
            remaining: self.respond(&relinted.findings, report),
        })
    }

    fn respond(
        &self,
        findings: &[onbrand_engine::finding::Finding],
        report: FileReport,
    ) -> CheckResponse {
        let mut summary = Summary::default();
        summary.add(findings);
        let pass = self
            .fail_on
            .is_none_or(|level| summary.at_least(level) == 0);
        CheckResponse {
            run: RunReport {
                version: API_VERSION,
                files: vec![report],
                summary,
                ..RunReport::default()
            },
            verdict: Verdict {
                pass,
                fail_on: self.fail_on,
            },
        }
    }

    /// `GET /v1/rules`.
    pub fn rules(&self) -> Vec<RuleSummary> {
        self.guidelines
            .current()
            .guideline
            .rules()
            .iter()
            .map(summarize)
            .collect()
    }

    /// `GET /v1/rules/{id}`.
    pub fn rule(&self, id: &str) -> Result<RuleDetail, ApiError> {
        let config = self.guidelines.current();
        let rule = config
            .guideline
            .rules()
            .iter()
            .find(|rule| &*rule.info.id == id)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    "unknown_rule",
                    format!("no rule {} in the guideline", quoted(id)),
                )
            })?;
        Ok(RuleDetail {
            summary: summarize(rule),
            message: rule.message.clone(),
            bad_examples: rule.examples.bad.clone(),
            good_examples: rule.examples.good.clone(),
        })
    }
}

fn summarize(rule: &Rule) -> RuleSummary {
    RuleSummary {
        id: rule.info.id.to_string(),
        kind: reference::kind_name(rule).to_owned(),
        severity: rule.info.severity.name().to_owned(),
        description: rule
            .description
            .as_deref()
            .map(str::trim)
            .map(str::to_owned),
        channels: rule.channels.clone(),
        languages: rule.languages.clone(),
        link: rule.info.link.as_deref().map(str::to_owned),
    }
}

/// Whether the configuration or the guideline names `channel`: what
/// [`known_channels`](onbrand_engine::config::known_channels) lists, asked without building the
/// list on every request.
fn names_channel(config: &Config, channel: &str) -> bool {
    config.channel_names().any(|name| name == channel)
        || config
            .guideline
            .rules()
            .iter()
            .any(|rule| rule.channels.iter().any(|name| name == channel))
        || config
            .guideline
            .tone()
            .is_some_and(|tone| tone.channel_names().any(|name| name == channel))
}

/// Longest part of a request's value an error message quotes.
const QUOTED_CHARS: usize = 60;

/// A request's value as an error quotes it, in backticks: clipped to [`QUOTED_CHARS`]
/// characters, so that an error never echoes a large request back to its sender.
fn quoted(value: &str) -> String {
    match value.char_indices().nth(QUOTED_CHARS) {
        Some((end, _)) => format!("`{}…`", &value[..end]),
        None => format!("`{value}`"),
    }
}

/// The format a request names: any format onbrand reads, by its name.
fn parse_format(name: &str) -> Result<Format, ApiError> {
    Format::ALL
        .into_iter()
        .find(|format| format.name().eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| {
            let known: Vec<&str> = Format::ALL.iter().map(|format| format.name()).collect();
            ApiError::new(
                400,
                "unknown_format",
                format!(
                    "unknown format {}; use one of {}",
                    quoted(name),
                    known.join(", ")
                ),
            )
        })
}

/// A request's name as a path below the configuration's root, where its globs match: only the
/// name's plain components count (no root, no `..`), so a name can never point elsewhere.
fn under_root(root: &Path, name: &str) -> PathBuf {
    let relative: PathBuf = Path::new(name)
        .components()
        .filter_map(|part| match part {
            Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect();
    root.join(relative)
}

#[cfg(test)]
mod tests {
    use super::*;
    use onbrand_engine::config::ConfigCache;

    #[test]
    fn errors_quote_request_values_clipped() {
        let Err(error) = parse_format(&"ü".repeat(100_000)) else {
            panic!("not a format");
        };
        let message = error.message;
        assert!(message.len() < 300, "{} bytes", message.len());
        assert!(
            message.starts_with(&format!("unknown format `{}…`;", "ü".repeat(QUOTED_CHARS))),
            "{message}"
        );
        assert_eq!(quoted("mdx"), "`mdx`");
    }

    /// The per-request channel test accepts exactly the channels the error message lists.
    #[test]
    fn a_channel_is_known_exactly_when_the_list_names_it() {
        let config = Config::starter(Path::new(".")).expect("the starter configuration loads");
        let known =
            onbrand_engine::config::known_channels(config.channel_names(), &config.guideline);
        assert!(known.len() >= 3, "{known:?}");
        for channel in &known {
            assert!(names_channel(&config, channel), "{channel}");
        }
        for unknown in ["", "Email", "e-mail", "emails", "landing page"] {
            assert!(!names_channel(&config, unknown), "{unknown}");
        }
    }

    /// A request that names no document is linted with the settings its name has in the
    /// configuration (found once per load), with the request's channel and language on top:
    /// the report is the one of linting it from the configuration, as a named document is.
    #[test]
    fn an_unnamed_request_gets_the_settings_of_its_name() {
        let folder = std::env::temp_dir().join(format!("onbrand-unnamed-{}", std::process::id()));
        std::fs::create_dir_all(&folder).expect("a temporary folder");
        std::fs::write(
            folder.join("onbrand.toml"),
            "guideline = [\"builtin\"]\n\n[channels.social]\ninclude = [\"*\"]\n\n\
             [[override]]\npaths = [\"**\"]\ndisable = [\"onbrand.style.exclamation\"]\n",
        )
        .expect("a configuration");
        let guidelines = Guidelines::load(None, &folder).expect("the configuration loads");
        let service = Service {
            guidelines: Arc::new(guidelines),
            fail_on: None,
            limits: Limits {
                max_document_bytes: 1 << 20,
            },
        };
        let text = "Wow!!! Our revolutionary app is AMAZING. Send us an e-mail, we reply fast!\n";
        let request = |channel: Option<&str>, language: Option<&str>| CheckRequest {
            text: text.to_owned(),
            path: None,
            format: Some("text".to_owned()),
            channel: channel.map(str::to_owned),
            language: language.map(str::to_owned),
        };
        let mut channels = Vec::new();
        for (channel, language) in [
            (None, None),
            (Some("email"), Some("en")),
            (None, Some("de")),
        ] {
            let linted = service
                .lint(request(channel, language))
                .unwrap_or_else(|error| panic!("{error:?}"));
            let config = service.guidelines.current();
            let overrides = RunOverrides {
                channel: channel.map(str::to_owned),
                language: language.map(str::to_owned),
            };
            let linter = Linter::new(ConfigCache::new(config.root.clone()), overrides);
            let path = config.root.join(UNNAMED);
            let expected = linter.lint_source(&path, Format::Text, text.to_owned(), &config, None);
            let mut expected = json::file_report(&expected);
            expected.path = UNNAMED.to_owned();
            assert_eq!(linted.report, expected);
            assert!(!expected.findings.is_empty());
            assert!(
                (expected.findings.iter())
                    .all(|finding| finding.rule != "onbrand.style.exclamation")
            );
            channels.push((expected.channel, expected.language));
        }
        let owned = |value: &str| Some(value.to_owned());
        assert_eq!(
            channels,
            [
                (owned("social"), owned("en")),
                (owned("email"), owned("en")),
                (owned("social"), owned("de"))
            ]
        );
        let _ = std::fs::remove_dir_all(&folder);
    }

    /// Every format onbrand reads is accepted, and the OpenAPI description lists exactly them.
    #[test]
    fn every_format_is_accepted_and_described() {
        let names: Vec<&str> = Format::ALL.iter().map(|format| format.name()).collect();
        for name in &names {
            assert!(parse_format(name).is_ok(), "{name}");
        }
        let spec: serde_json::Value =
            serde_json::from_str(crate::http::OPENAPI).expect("openapi.json is JSON");
        let described: Vec<&str> =
            spec["components"]["schemas"]["CheckRequest"]["properties"]["format"]["enum"]
                .as_array()
                .expect("a format enum")
                .iter()
                .filter_map(serde_json::Value::as_str)
                .collect();
        assert_eq!(described, names);
    }
}
