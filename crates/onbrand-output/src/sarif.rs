//! SARIF 2.1.0, the format GitHub code scanning and other analysis dashboards ingest.
//!
//! Columns are counted in Unicode code points (declared with `columnKind`), the same columns
//! the other formats print. Each result carries a partial fingerprint built like a baseline key
//! (rule, matched text, its line's text), so dashboards track a finding across edits above it.
//! A finding in an encoded e-mail part has its place in the decoded text in
//! `properties.decoded`, with the fields of JSON's `decoded`.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};

use serde_json::{Value, json};

use super::json::{FileReport, FindingReport, write_indented};
use crate::finding::Severity;
use crate::guideline::Guideline;

/// What a dashboard shows about a rule beside its findings: GitHub code scanning puts
/// `fullDescription` under the alert and `help` (Markdown) in its "Show more" panel, so a
/// reviewer sees why the rule exists and its good and bad examples without leaving the alert.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleHelp {
    /// The rule's description, one paragraph.
    pub description: Option<String>,
    /// The rule's section of the reference, as `onbrand rules ID` prints it.
    pub markdown: String,
}

impl RuleHelp {
    /// The help of rule `id` of `guideline`, or `None` when the guideline has no such rule.
    pub fn of(guideline: &Guideline, id: &str) -> Option<RuleHelp> {
        let rule = guideline.rules().iter().find(|rule| &*rule.info.id == id)?;
        Some(RuleHelp {
            description: rule
                .description
                .as_deref()
                .map(str::trim)
                .map(str::to_owned),
            markdown: super::reference::rule_section(rule, guideline.limit(rule)),
        })
    }
}

/// The help of each rule in a run, by rule id (rules that no guideline describes have none).
pub type RuleHelps = BTreeMap<String, RuleHelp>;

/// What SARIF says about a rule, gathered from the findings of a run.
struct RuleMeta {
    severity: Severity,
    link: Option<String>,
}

/// The SARIF log of a run's file reports.
pub fn render(files: &[FileReport], helps: &RuleHelps) -> String {
    let mut writer = RunWriter::new(io::Cursor::new(Vec::new()));
    let mut out = Vec::new();
    let written = files
        .iter()
        .try_for_each(|file| writer.file(file))
        .and_then(|()| writer.finish(&mut out, helps));
    match written {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// [`render`] written as the run goes, with memory for one file and the rules.
///
/// The log lists the rules before the results, and a result names its rule by its place among
/// the rules with a finding, which only the end of the run knows: so each file's report is
/// spilled to `spill` (a temporary file) as it comes, and read back one file at a time when the
/// run ends. The bytes are [`render`]'s for the same files.
pub struct RunWriter<S: io::Write> {
    spill: io::BufWriter<S>,
    /// The first finding's severity and link of each rule with a finding.
    rules: BTreeMap<String, RuleMeta>,
    notifications: Vec<Value>,
}

/// The results' key in the pretty log, and what stands for them in it until they are written.
const RESULTS_KEY: &str = "\"results\": ";
const RESULTS_PLACEHOLDER: &str = "\"results\": \"\"";
/// The indentation of a result in the pretty log (`runs[0].results[n]`).
const RESULT_INDENT: &str = "        ";

impl<S: io::Read + io::Write + io::Seek> RunWriter<S> {
    /// A writer that spills each file's results to `spill` (an empty temporary file).
    pub fn new(spill: S) -> RunWriter<S> {
        RunWriter {
            spill: io::BufWriter::new(spill),
            rules: BTreeMap::new(),
            notifications: Vec::new(),
        }
    }

    /// Take one file's report, in path order.
    pub fn file(&mut self, file: &FileReport) -> io::Result<()> {
        for finding in &file.findings {
            if !self.rules.contains_key(&finding.rule) {
                self.rules.insert(
                    finding.rule.clone(),
                    RuleMeta {
                        severity: finding.severity,
                        link: finding.link.clone(),
                    },
                );
            }
        }
        self.notifications.extend(notifications(file));
        if !file.findings.is_empty() {
            serde_json::to_writer(&mut self.spill, file).map_err(io::Error::other)?;
            self.spill.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Write the whole log (no newline at the end).
    pub fn finish(self, out: &mut dyn Write, helps: &RuleHelps) -> io::Result<()> {
        let index: BTreeMap<&str, usize> = self
            .rules
            .keys()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let rules_json: Vec<Value> = self
            .rules
            .iter()
            .map(|(id, meta)| rule_json(id, meta, helps))
            .collect();
        let mut log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "onbrand",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/onbrand-dev/onbrand",
                    "rules": rules_json,
                }},
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": { "SRCROOT": { "uri": "./" } },
                "results": "",
            }],
        });
        if !self.notifications.is_empty() {
            log["runs"][0]["invocations"] = json!([{
                "executionSuccessful": true,
                "toolExecutionNotifications": self.notifications,
            }]);
        }
        let skeleton = serde_json::to_string_pretty(&log).map_err(io::Error::other)?;
        let (before, after) = skeleton
            .split_once(RESULTS_PLACEHOLDER)
            .unwrap_or((&skeleton, ""));
        out.write_all(before.as_bytes())?;
        out.write_all(RESULTS_KEY.as_bytes())?;
        let mut spill = self
            .spill
            .into_inner()
            .map_err(|error| error.into_error())?;
        spill.seek(io::SeekFrom::Start(0))?;
        let mut results = 0;
        for line in io::BufReader::new(spill).lines() {
            let file: FileReport = serde_json::from_str(&line?).map_err(io::Error::other)?;
            for finding in &file.findings {
                out.write_all(if results == 0 { b"[\n" } else { b",\n" })?;
                results += 1;
                write_indented(out, &result(&file, finding, &index), RESULT_INDENT)?;
            }
        }
        out.write_all(if results == 0 { b"[]" } else { b"\n      ]" })?;
        out.write_all(after.as_bytes())
    }
}

/// One rule of the log's driver.
fn rule_json(id: &str, meta: &RuleMeta, helps: &RuleHelps) -> Value {
    let mut rule = json!({
        "id": id,
        "name": id,
        "shortDescription": { "text": format!("onbrand rule {id}") },
        "defaultConfiguration": { "level": level(meta.severity) },
    });
    if let Some(link) = &meta.link {
        rule["helpUri"] = json!(link);
        rule["help"] = json!({ "text": format!("See {link}") });
    }
    if let Some(help) = helps.get(id) {
        describe(&mut rule, help, meta.link.as_deref());
    }
    rule
}

fn notifications(file: &FileReport) -> impl Iterator<Item = Value> + '_ {
    file.notes.iter().map(move |note| {
        json!({
            "level": "note",
            "message": { "text": note.message },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": uri(&file.path), "uriBaseId": "SRCROOT" },
                "region": { "startLine": note.line, "startColumn": note.column },
            }}],
        })
    })
}

fn describe(rule: &mut Value, help: &RuleHelp, link: Option<&str>) {
    if let Some(description) = &help.description {
        rule["shortDescription"] = json!({ "text": first_sentence(description) });
        rule["fullDescription"] = json!({ "text": description });
    }
    let mut text = help.description.clone().unwrap_or_default();
    if let Some(link) = link {
        text.push_str(&format!("\n\nSee {link}"));
    }
    rule["help"] = json!({ "text": text.trim(), "markdown": help.markdown.trim_end() });
}

/// A description's first sentence (SARIF's `shortDescription` is meant to be one).
fn first_sentence(description: &str) -> &str {
    description
        .char_indices()
        .find(|&(at, c)| {
            // The full-width marks of Chinese end a sentence as they are; a full stop only
            // before a space and a capital or the end ("e.g. this" and "3.5" go on).
            matches!(c, '。' | '！' | '？')
                || (matches!(c, '.' | '!' | '?') && ends_sentence(&description[at + 1..]))
        })
        .map_or(description, |(at, c)| &description[..at + c.len_utf8()])
}

/// Whether the text after a full stop lets it end a sentence.
fn ends_sentence(rest: &str) -> bool {
    let after = rest.trim_start();
    rest.is_empty()
        || (after.len() < rest.len() && after.chars().next().is_none_or(|c| !c.is_lowercase()))
}

fn result(file: &FileReport, finding: &FindingReport, index: &BTreeMap<&str, usize>) -> Value {
    let mut result = json!({
        "ruleId": finding.rule,
        "ruleIndex": index.get(finding.rule.as_str()).copied().unwrap_or(0),
        "level": level(finding.severity),
        "message": { "text": finding.message },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": uri(&file.path), "uriBaseId": "SRCROOT" },
            "region": {
                "startLine": finding.line,
                "startColumn": finding.column,
                "endLine": finding.end_line,
                "endColumn": finding.end_column,
                "snippet": { "text": finding.text },
            },
        }}],
        "partialFingerprints": { "onbrandContext/v1": crate::baseline::key(&file.path, finding) },
    });
    if let Some(decoded) = &finding.decoded {
        // SARIF regions are positions in the artifact's bytes; the place in an encoded part's
        // decoded text has no SARIF field, so it goes in the result's property bag, as in JSON.
        result["properties"] = json!({ "decoded": decoded });
    }
    if !finding.occurrences.is_empty() {
        result["relatedLocations"] = finding
            .occurrences
            .iter()
            .enumerate()
            .map(|(id, occurrence)| {
                json!({
                    "id": id,
                    "message": { "text": occurrence.text },
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&file.path), "uriBaseId": "SRCROOT" },
                        "region": region(occurrence.line, occurrence.column, occurrence.end_line, occurrence.end_column),
                    },
                })
            })
            .collect();
    }
    // Each fix is one proposed fix of SARIF (alternatives, best first), its edits the
    // replacements of one artifact change, in text order as SARIF requires.
    if !finding.fix_details.is_empty() {
        result["fixes"] = finding
            .fix_details
            .iter()
            .map(|fix| {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|edit| {
                        replacement(
                            &edit.replacement,
                            region(edit.line, edit.column, edit.end_line, edit.end_column),
                        )
                    })
                    .collect();
                json!({
                    "description": { "text": fix.title },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri(&file.path), "uriBaseId": "SRCROOT" },
                        "replacements": replacements,
                    }],
                    "properties": { "applicability": fix.applicability },
                })
            })
            .collect();
    }
    result
}

fn region(start_line: u32, start_column: u32, end_line: u32, end_column: u32) -> Value {
    json!({
        "startLine": start_line, "startColumn": start_column,
        "endLine": end_line, "endColumn": end_column,
    })
}

fn replacement(fix: &str, deleted: Value) -> Value {
    json!({ "deletedRegion": deleted, "insertedContent": { "text": fix } })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// A relative URI reference: forward slashes, and characters outside the unreserved set and
/// `/` percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::tests::files;

    #[test]
    fn only_files_with_findings_are_spilled_and_rules_are_indexed_in_order() {
        let mut writer = RunWriter::new(io::Cursor::new(Vec::new()));
        for file in files() {
            writer.file(&file).unwrap();
        }
        writer.spill.flush().unwrap();
        let spilled = writer.spill.get_ref().get_ref().clone();
        assert_eq!(String::from_utf8(spilled).unwrap().lines().count(), 2);
        let mut out = Vec::new();
        writer.finish(&mut out, &RuleHelps::new()).unwrap();
        let log: Value = serde_json::from_slice(&out).unwrap();
        let rules = &log["runs"][0]["tool"]["driver"]["rules"];
        assert_eq!(rules[0]["id"], "brand.a-first");
        assert_eq!(rules[1]["id"], "brand.email");
        let results = log["runs"][0]["results"].as_array().unwrap();
        let indexes: Vec<&Value> = results.iter().map(|r| &r["ruleIndex"]).collect();
        assert_eq!(indexes, [1, 1, 0]);
        assert_eq!(
            results[2]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"],
            "E-Mail"
        );
    }

    #[test]
    fn an_empty_run_has_an_empty_results_array() {
        let log: Value = serde_json::from_str(&render(&[], &RuleHelps::new())).unwrap();
        assert_eq!(log["runs"][0]["results"], json!([]));
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"], json!([]));
    }

    #[test]
    fn paths_become_relative_uris() {
        assert_eq!(uri("blog/de/Grüße 1.md"), "blog/de/Gr%C3%BC%C3%9Fe%201.md");
        assert_eq!(uri("a\\b.md"), "a/b.md");
    }

    #[test]
    fn the_short_description_is_the_first_sentence() {
        assert_eq!(
            first_sentence("Say it plainly. Hype tires readers."),
            "Say it plainly."
        );
        assert_eq!(
            first_sentence("Use e.g. sparingly, or not at all"),
            "Use e.g. sparingly, or not at all"
        );
        assert_eq!(
            first_sentence("Version 3.5 is out! Read on."),
            "Version 3.5 is out!"
        );
        assert_eq!(first_sentence("全角标点。半角不行。"), "全角标点。");
        assert_eq!(
            first_sentence("Grüße, 🎉 und Tschüss? Ja."),
            "Grüße, 🎉 und Tschüss?"
        );
    }
}
