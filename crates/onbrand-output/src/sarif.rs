//! SARIF 2.1.0, the format GitHub code scanning and other analysis dashboards ingest.
//!
//! Columns are counted in Unicode code points (declared with `columnKind`), the same columns
//! the other formats print. Each result carries a partial fingerprint built like a baseline key
//! (rule, matched text, its line's text), so dashboards track a finding across edits above it.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::json::{FileReport, FindingReport};
use crate::finding::Severity;

/// What SARIF says about a rule, gathered from the findings of a run.
struct RuleMeta<'a> {
    severity: Severity,
    link: Option<&'a str>,
}

pub fn render(files: &[FileReport]) -> String {
    let mut rules: BTreeMap<&str, RuleMeta> = BTreeMap::new();
    for finding in files.iter().flat_map(|file| &file.findings) {
        rules.entry(&finding.rule).or_insert(RuleMeta {
            severity: finding.severity,
            link: finding.link.as_deref(),
        });
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    let rules_json: Vec<Value> = rules
        .iter()
        .map(|(id, meta)| {
            let mut rule = json!({
                "id": id,
                "name": id,
                "shortDescription": { "text": format!("onbrand rule {id}") },
                "defaultConfiguration": { "level": level(meta.severity) },
            });
            if let Some(link) = meta.link {
                rule["helpUri"] = json!(link);
                rule["help"] = json!({ "text": format!("See {link}") });
            }
            rule
        })
        .collect();
    let index = &index;
    let results: Vec<Value> = files
        .iter()
        .flat_map(|file| {
            file.findings
                .iter()
                .map(move |finding| result(file, finding, index))
        })
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
            "results": results,
        }],
    });
    let notifications = notifications(files);
    if !notifications.is_empty() {
        // SARIF §3.20.21: what the tool has to say about its own run, as opposed to results.
        log["runs"][0]["invocations"] = json!([{
            "executionSuccessful": true,
            "toolExecutionNotifications": notifications,
        }]);
    }
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

/// The documents' notes (a rule skipped when its budget ran out, …) as SARIF notifications
/// at the place each concerns.
fn notifications(files: &[FileReport]) -> Vec<Value> {
    files
        .iter()
        .flat_map(|file| {
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
        })
        .collect()
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
    let replacements: Vec<Value> = if finding.occurrences.is_empty() {
        finding
            .fixes
            .first()
            .map(|fix| {
                replacement(
                    fix,
                    region(
                        finding.line,
                        finding.column,
                        finding.end_line,
                        finding.end_column,
                    ),
                )
            })
            .into_iter()
            .collect()
    } else {
        finding
            .occurrences
            .iter()
            .map(|o| {
                Some(replacement(
                    o.fix.as_deref()?,
                    region(o.line, o.column, o.end_line, o.end_column),
                ))
            })
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default()
    };
    if !replacements.is_empty() {
        let description = match (finding.fixes.first(), replacements.len()) {
            (Some(fix), 1) => format!("Replace with `{fix}`"),
            (_, count) => format!("Fix all {count} occurrences"),
        };
        result["fixes"] = json!([{
            "description": { "text": description },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri(&file.path), "uriBaseId": "SRCROOT" },
                "replacements": replacements,
            }],
        }]);
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

    #[test]
    fn paths_become_relative_uris() {
        assert_eq!(uri("blog/de/Grüße 1.md"), "blog/de/Gr%C3%BC%C3%9Fe%201.md");
        assert_eq!(uri("a\\b.md"), "a/b.md");
    }
}
