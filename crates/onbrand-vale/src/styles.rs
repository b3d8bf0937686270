//! The import itself: find the styles, decide which rules apply where, write the files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use super::convert::{self, convert};
use super::ini::{self, ValeIni};
use super::{ImportError, Note, Report, read, rule, spelling};

/// A rule's setting in a section: off, on with its own level, or on with a level.
#[derive(Clone, Debug, PartialEq)]
enum Setting {
    Off,
    On(Option<&'static str>),
}

/// Import `input` (a `.vale.ini`, a folder holding one, or a bare styles folder) into `out`.
pub fn import(input: &Path, out: &Path) -> Result<Report, ImportError> {
    let ini_path = if input.is_file() {
        Some(input.to_owned())
    } else if input.join(".vale.ini").is_file() {
        Some(input.join(".vale.ini"))
    } else {
        None
    };
    let mut report = Report::default();
    let (vale_ini, styles_path) = match &ini_path {
        Some(path) => {
            let text = read(path)?;
            let parsed =
                ini::parse(&crate::paths::display(path), &text).map_err(ImportError::Invalid)?;
            let base = path.parent().unwrap_or(Path::new("."));
            let styles = parsed
                .get("StylesPath")
                .map_or_else(|| base.join("styles"), |p| base.join(p));
            (parsed, styles)
        }
        None => {
            // A bare styles folder: every style in it, every rule on.
            let mut parsed = ValeIni::default();
            let names = style_names(input)?;
            parsed.sections.push(ini::Section {
                glob: Some("*".into()),
                entries: vec![("BasedOnStyles".into(), names.join(","), 0)],
            });
            (parsed, input.to_owned())
        }
    };
    let min_level = rank(vale_ini.get("MinAlertLevel").unwrap_or("suggestion"));
    let (accept, reject) = vocab(&vale_ini, &styles_path, &mut report)?;
    let mut global_ignores = IgnoreLists::default();
    for (key, value, _) in &vale_ini.global.entries {
        if !global_ignores.take(key, value, &mut report) {
            global_note(key, value, &mut report);
        }
    }

    // Which rules each section switches on, with level overrides.
    let mut sections: Vec<(String, BTreeMap<String, Setting>)> = Vec::new();
    let mut section_ignores: Vec<IgnoreLists> = Vec::new();
    let global_styles = vale_ini
        .get("BasedOnStyles")
        .map(ini::list)
        .unwrap_or_default();
    for section in &vale_ini.sections {
        let glob = section.glob.clone().unwrap_or_else(|| "*".into());
        let mut settings: BTreeMap<String, Setting> = BTreeMap::new();
        let mut ignores = IgnoreLists::default();
        let mut based_on = global_styles.clone();
        for (key, value, _) in &section.entries {
            if key.eq_ignore_ascii_case("BasedOnStyles") {
                based_on = ini::list(value);
            }
        }
        for style in &based_on {
            for name in rule_names(&styles_path, style, &mut report) {
                settings.insert(name, Setting::On(None));
            }
        }
        for (key, value, _) in &section.entries {
            if key.eq_ignore_ascii_case("BasedOnStyles") {
                continue;
            }
            if key.contains('.') && !key.contains(' ') {
                let setting = match value.trim().to_ascii_lowercase().as_str() {
                    "no" | "off" | "false" => Setting::Off,
                    "yes" | "on" | "true" => Setting::On(None),
                    level => Setting::On(convert::severity(Some(level))),
                };
                settings.insert(key.clone(), setting);
            } else if !ignores.take(key, value, &mut report) {
                global_note(key, value, &mut report);
            }
        }
        sections.push((glob, settings));
        section_ignores.push(ignores);
    }

    // Convert every rule that some section switches on.
    let enabled: BTreeSet<String> = sections
        .iter()
        .flat_map(|(_, s)| {
            s.iter()
                .filter(|(_, v)| **v != Setting::Off)
                .map(|(k, _)| k.clone())
        })
        .collect();
    let mut files: BTreeMap<String, Vec<Table>> = BTreeMap::new();
    let mut kept: BTreeSet<String> = BTreeSet::new();
    let guideline_dir = out.join("guideline");
    for id in &enabled {
        let Some((style, name)) = id.split_once('.') else {
            continue;
        };
        let mut converted = if style == "Vale" && name == "Spelling" {
            let rule = spelling::builtin_rule(&styles_path);
            let mut converted = convert(id, &rule, &accept);
            spelling::add_files(&rule, &styles_path, &guideline_dir, &mut converted)?;
            converted
        } else if style == "Vale" {
            builtin(name, &accept, &reject)
        } else {
            let path = styles_path.join(style).join(format!("{name}.yml"));
            let text = match crate::paths::read_regular_text(&path, super::VALE_FILE_LIMIT) {
                Ok(text) => text,
                Err(error) => {
                    report.skipped += 1;
                    note(
                        &mut report,
                        id,
                        format!("cannot read {}: {error}", path.display()),
                        "not converted",
                    );
                    continue;
                }
            };
            match rule::parse(&text) {
                Ok(rule) => {
                    let mut converted = convert(id, &rule, &accept);
                    if rule.extends.as_deref().map(str::trim) == Some("spelling") {
                        spelling::add_files(&rule, &styles_path, &guideline_dir, &mut converted)?;
                    }
                    converted
                }
                Err(error) => {
                    report.skipped += 1;
                    note(
                        &mut report,
                        id,
                        format!("{}: {error}", path.display()),
                        "not converted",
                    );
                    continue;
                }
            }
        };
        for (reason, instead) in std::mem::take(&mut converted.notes) {
            note(&mut report, id, reason, instead);
        }
        let Some(mut table) = converted.table else {
            report.skipped += 1;
            continue;
        };
        // Compiled as if in its guideline file, so that the files it names are found.
        let guideline_file = guideline_dir.join(format!("{style}.toml"));
        if let Err(problem) = compiles(&table, &guideline_file) {
            match salvage(&mut table, &guideline_file) {
                Some(dropped) if compiles(&table, &guideline_file).is_ok() => {
                    for (key, problem) in dropped {
                        note(
                            &mut report,
                            id,
                            format!("key `{key}`: {problem}"),
                            "the key is left out; the rule's other keys are kept",
                        );
                    }
                }
                _ => {
                    note(&mut report, id, problem, "not converted");
                    report.skipped += 1;
                    continue;
                }
            }
        }
        // One level for the rule when every section agrees; else per-glob overrides below.
        let levels: BTreeSet<Option<&str>> = sections
            .iter()
            .filter_map(|(_, s)| match s.get(id) {
                Some(Setting::On(level)) => Some(*level),
                _ => None,
            })
            .collect();
        if let [Some(level)] = levels.iter().copied().collect::<Vec<_>>().as_slice() {
            table.insert("severity".into(), Value::String((*level).into()));
        }
        let severity = table
            .get("severity")
            .and_then(Value::as_str)
            .unwrap_or("warning");
        if rank(severity) < min_level {
            note(&mut report, id, "below MinAlertLevel", "left out");
            report.skipped += 1;
            continue;
        }
        report.converted += 1;
        kept.insert(id.clone());
        files.entry(style.to_owned()).or_default().push(table);
    }

    // Write the guideline files and the configuration.
    std::fs::create_dir_all(&guideline_dir)
        .map_err(|e| ImportError::Io(guideline_dir.clone(), e))?;
    let mut guideline = Vec::new();
    for (style, rules) in &files {
        let mut file = Table::new();
        file.insert(
            "name".into(),
            Value::String(format!("{style} (imported from Vale)")),
        );
        file.insert(
            "rule".into(),
            Value::Array(rules.iter().cloned().map(Value::Table).collect()),
        );
        let path = guideline_dir.join(format!("{style}.toml"));
        write(&path, &toml_text(&file)?)?;
        guideline.push(Value::String(format!("guideline/{style}.toml")));
        report.written.push(path);
    }
    let mut config = Table::new();
    config.insert("guideline".into(), Value::Array(guideline));
    global_ignores.write(&mut config);
    let mut overrides = Vec::new();
    if sections.len() > 1 {
        report.notes.push(Note {
            rule: ".vale.ini".into(),
            reason: "several sections: a file matching two of them gets the rules both allow"
                .into(),
            instead: "per-glob overrides disable the rules a section does not switch on".into(),
        });
    }
    for ((glob, settings), ignores) in sections.iter().zip(&section_ignores) {
        let disable: Vec<String> = kept
            .iter()
            .filter(|id| !matches!(settings.get(*id), Some(Setting::On(_))))
            .cloned()
            .collect();
        let mut severity = Table::new();
        for (id, setting) in settings {
            if let Setting::On(Some(level)) = setting
                && kept.contains(id)
            {
                severity.insert(id.clone(), Value::String((*level).into()));
            }
        }
        if disable.is_empty() && (severity.is_empty() || sections.len() == 1) && ignores.is_empty()
        {
            continue;
        }
        let mut entry = Table::new();
        entry.insert(
            "paths".into(),
            Value::Array(globs(glob).into_iter().map(Value::String).collect()),
        );
        if !disable.is_empty() {
            entry.insert(
                "disable".into(),
                Value::Array(disable.into_iter().map(Value::String).collect()),
            );
        }
        if sections.len() > 1 && !severity.is_empty() {
            entry.insert("severity".into(), Value::Table(severity));
        }
        ignores.write(&mut entry);
        overrides.push(Value::Table(entry));
    }
    if !overrides.is_empty() {
        config.insert("override".into(), Value::Array(overrides));
    }
    let path = out.join(crate::config::FILE_NAME);
    write(&path, &toml_text(&config)?)?;
    report.written.push(path);
    Ok(report)
}

/// Whether onbrand accepts the converted rule (its regexes compile, with the fallback if
/// needed; the files it names, relative to `guideline_file`, are there and parse); the first
/// error otherwise.
fn compiles(table: &Table, guideline_file: &Path) -> Result<(), String> {
    let mut file = Table::new();
    file.insert(
        "rule".into(),
        Value::Array(vec![Value::Table(table.clone())]),
    );
    let text = toml_text(&file).map_err(|e| e.to_string())?;
    let source = crate::guideline::GuidelineSource {
        name: guideline_file.display().to_string(),
        text,
    };
    crate::guideline::Guideline::compile(&[source])
        .map(|_| ())
        .map_err(|errors| {
            errors
                .first()
                .map_or_else(String::new, |e| e.message.clone())
        })
}

/// A rule that does not compile as a whole: rewrite each regex onbrand rejects where Vale's
/// meaning can be kept (variable-length negative look-behinds), and leave out the substitution
/// keys that still fail, so that one key does not cost the rule. Returns the keys left out,
/// with the reason; None when nothing could be done.
fn salvage(table: &mut Table, guideline_file: &Path) -> Option<Vec<(String, String)>> {
    let rewrite = |pattern: &str| convert::split_lookbehinds(pattern);
    if let Some(Value::String(pattern)) = table.get_mut("pattern")
        && let Some(rewritten) = rewrite(pattern)
    {
        *pattern = rewritten;
        return Some(Vec::new());
    }
    let Some(Value::Array(swap)) = table.get("swap") else {
        return None;
    };
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for entry in swap {
        let Some(key) = entry.get("pattern").and_then(Value::as_str) else {
            continue;
        };
        let mut entry = entry.clone();
        if let Some(rewritten) = rewrite(key)
            && let Some(Value::Table(t)) = Some(&mut entry)
        {
            t.insert("pattern".into(), Value::String(rewritten));
        }
        let mut single = table.clone();
        single.insert("swap".into(), Value::Array(vec![entry.clone()]));
        match compiles(&single, guideline_file) {
            Ok(()) => kept.push(entry),
            Err(problem) => dropped.push((key.to_owned(), problem)),
        }
    }
    if kept.is_empty() {
        return None;
    }
    table.insert("swap".into(), Value::Array(kept));
    Some(dropped)
}

fn toml_text(table: &Table) -> Result<String, ImportError> {
    toml::to_string(table).map_err(|e| ImportError::Invalid(format!("cannot write TOML: {e}")))
}

fn write(path: &Path, text: &str) -> Result<(), ImportError> {
    std::fs::write(path, text).map_err(|e| ImportError::Io(path.to_owned(), e))
}

fn note(report: &mut Report, rule: &str, reason: impl Into<String>, instead: impl Into<String>) {
    report.notes.push(Note {
        rule: rule.to_owned(),
        reason: reason.into(),
        instead: instead.into(),
    });
}

fn rank(level: &str) -> u8 {
    match level.trim().to_ascii_lowercase().as_str() {
        "error" => 2,
        "warning" => 1,
        _ => 0,
    }
}

/// Vale's globs match anywhere below the config: `*.md` → `**/*.md`.
fn globs(glob: &str) -> Vec<String> {
    if glob.contains('/') {
        vec![glob.to_owned()]
    } else {
        vec![format!("**/{glob}")]
    }
}

/// `TokenIgnores` and `BlockIgnores` of the global part or a section: `ignore-tokens` and
/// `ignore-blocks` of onbrand's configuration (or of the section's override).
#[derive(Debug, Default)]
struct IgnoreLists {
    tokens: Vec<String>,
    blocks: Vec<String>,
}

impl IgnoreLists {
    /// Take `key = value` if it is one of the two settings; a regex that `regex` rejects is
    /// left out with a note (Vale's engine accepts a few constructs it does not).
    fn take(&mut self, key: &str, value: &str, report: &mut Report) -> bool {
        let list = if key.eq_ignore_ascii_case("TokenIgnores") {
            &mut self.tokens
        } else if key.eq_ignore_ascii_case("BlockIgnores") {
            &mut self.blocks
        } else {
            return false;
        };
        for pattern in ini::list(value) {
            match regex::Regex::new(&pattern) {
                Ok(_) => list.push(pattern),
                Err(error) => {
                    let first = error.to_string();
                    let first = first.lines().last().unwrap_or_default().to_owned();
                    report.notes.push(Note {
                        rule: key.to_owned(),
                        reason: format!("{pattern}: {first}"),
                        instead: "this regex is left out; the others are kept".into(),
                    });
                }
            }
        }
        true
    }

    fn is_empty(&self) -> bool {
        self.tokens.is_empty() && self.blocks.is_empty()
    }

    fn write(&self, table: &mut Table) {
        for (key, list) in [
            ("ignore-tokens", &self.tokens),
            ("ignore-blocks", &self.blocks),
        ] {
            if !list.is_empty() {
                table.insert(key.into(), strings_value(list));
            }
        }
    }
}

fn strings_value(items: &[String]) -> Value {
    Value::Array(items.iter().cloned().map(Value::String).collect())
}

/// Settings that onbrand does its own way, or not at all.
fn global_note(key: &str, value: &str, report: &mut Report) {
    let known = [
        "StylesPath",
        "MinAlertLevel",
        "Vocab",
        "BasedOnStyles",
        "Packages",
    ];
    if known.iter().any(|k| k.eq_ignore_ascii_case(key)) {
        return;
    }
    let (reason, instead) = match key {
        "IgnoredScopes" | "SkippedScopes" => (
            format!("{key} = {value}"),
            "onbrand never lints code, scripts, styles or preformatted text; other scopes are linted",
        ),
        _ => (format!("setting `{key}`"), "ignored"),
    };
    report.notes.push(Note {
        rule: key.to_owned(),
        reason,
        instead: instead.to_owned(),
    });
}

/// The styles in a styles folder: its subfolders that hold `.yml` rules.
fn style_names(dir: &Path) -> Result<Vec<String>, ImportError> {
    let entries = std::fs::read_dir(dir).map_err(|e| ImportError::Io(dir.to_owned(), e))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter(|e| !rule_files(&e.path()).is_empty())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .collect();
    names.sort();
    Ok(names)
}

fn rule_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// `Style.Rule` ids of a style (`Vale`: the built-in rules).
fn rule_names(styles: &Path, style: &str, report: &mut Report) -> Vec<String> {
    if style == "Vale" {
        return [
            "Vale.Terms",
            "Vale.Avoid",
            "Vale.Repetition",
            "Vale.Spelling",
        ]
        .map(str::to_owned)
        .to_vec();
    }
    let files = rule_files(&styles.join(style));
    if files.is_empty() {
        note(
            report,
            style,
            "style not found under StylesPath",
            "not converted",
        );
    }
    files
        .iter()
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()))
        .map(|stem| format!("{style}.{stem}"))
        .collect()
}

/// Vocab accept/reject lists (Vale 3 `config/vocabularies/NAME`, Vale 2 `Vocab/NAME`).
fn vocab(
    vale_ini: &ValeIni,
    styles: &Path,
    report: &mut Report,
) -> Result<(Vec<String>, Vec<String>), ImportError> {
    let mut accept = Vec::new();
    let mut reject = Vec::new();
    for name in vale_ini.get("Vocab").map(ini::list).unwrap_or_default() {
        let dirs = [
            styles.join("config").join("vocabularies").join(&name),
            styles.join("Vocab").join(&name),
        ];
        let Some(dir) = dirs.iter().find(|d| d.is_dir()) else {
            note(
                report,
                &format!("Vocab {name}"),
                "vocabulary folder not found",
                "ignored",
            );
            continue;
        };
        for (file, list) in [("accept.txt", &mut accept), ("reject.txt", &mut reject)] {
            let path = dir.join(file);
            if path.is_file() {
                let text = read(&path)?;
                list.extend(
                    text.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(str::to_owned),
                );
            }
        }
    }
    Ok((accept, reject))
}

/// Vale's built-in rules, from the vocabularies.
fn builtin(name: &str, accept: &[String], reject: &[String]) -> convert::Converted {
    let mut converted = convert::Converted::default();
    let mut table = Table::new();
    table.insert("id".into(), Value::String(format!("Vale.{name}")));
    let literal = |s: &&String| !s.chars().any(|c| "\\[](){}.*+?|^$".contains(c));
    match name {
        "Terms" if !accept.is_empty() => {
            table.insert("kind".into(), Value::String("terminology".into()));
            table.insert("severity".into(), Value::String("error".into()));
            let terms = accept
                .iter()
                .filter(literal)
                .map(|term| {
                    let mut t = Table::new();
                    t.insert("use".into(), Value::String(term.clone()));
                    t.insert("exact-case".into(), Value::Boolean(true));
                    Value::Table(t)
                })
                .collect();
            table.insert("terms".into(), Value::Array(terms));
            table.insert(
                "message".into(),
                Value::String("Use '{expected}' instead of '{match}'.".into()),
            );
            if accept.iter().any(|a| !literal(&a)) {
                converted.notes.push((
                    "accepted regex entries".into(),
                    "only literal entries become terms".into(),
                ));
            }
        }
        "Avoid" if !reject.is_empty() => {
            table.insert("kind".into(), Value::String("avoid".into()));
            table.insert("severity".into(), Value::String("error".into()));
            table.insert("ignore-case".into(), Value::Boolean(false));
            table.insert(
                "phrases".into(),
                Value::Array(
                    reject
                        .iter()
                        .filter(literal)
                        .cloned()
                        .map(Value::String)
                        .collect(),
                ),
            );
            table.insert(
                "message".into(),
                Value::String("Avoid using '{match}'.".into()),
            );
        }
        "Repetition" => {
            table.insert("kind".into(), Value::String("repetition".into()));
            table.insert("severity".into(), Value::String("error".into()));
            table.insert(
                "message".into(),
                Value::String("'{word}' is repeated!".into()),
            );
        }
        _ => return converted,
    }
    converted.table = Some(table);
    converted
}
