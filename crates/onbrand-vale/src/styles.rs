//! The import itself: find the styles, decide which rules apply where, write the files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use onbrand_engine::checks::KindSpec;
use onbrand_engine::document::{Scope, SegmentKind};
use onbrand_engine::finding::Severity;
use serde::Serialize;
use toml::{Table, Value};

use super::convert::{self, Converted, ImportedRule, builtin, convert};
use super::ini::{self, ValeIni};
use super::{ImportError, Note, Report, read, rule, spelling};

/// What one part of `.vale.ini` (its global part or a `[glob]` section) says about rules.
#[derive(Debug, Default)]
struct RuleSettings {
    /// `BasedOnStyles`, when the part sets it: the styles whose rules are on by default.
    styles: Option<Vec<String>>,
    /// `Style.Rule = YES | NO | level`: the rule on or off, whatever its style.
    checks: BTreeMap<String, bool>,
}

impl RuleSettings {
    /// Read a part's entries: rule settings here, levels into `levels` (Vale keeps one level
    /// per rule for the whole configuration: the last one written), ignore lists into
    /// `ignores`, anything else noted.
    fn read(
        entries: &[(String, String, usize)],
        levels: &mut BTreeMap<String, Severity>,
        ignores: &mut IgnoreLists,
        report: &mut Report,
    ) -> RuleSettings {
        let mut settings = RuleSettings::default();
        for (key, value, _) in entries {
            if key.eq_ignore_ascii_case("BasedOnStyles") {
                // Repeated keys of one part add up, as Vale reads them.
                settings
                    .styles
                    .get_or_insert_with(Vec::new)
                    .extend(ini::list(value));
            } else if key.contains('.') && !key.contains(' ') {
                // Vale's values, exactly: YES and the three levels switch a rule on; NO and
                // anything else (`yes`, `Warning`) switch it off.
                let on = match value.trim() {
                    "YES" => true,
                    level @ ("suggestion" | "warning" | "error") => {
                        if let Some(level) = convert::severity(Some(level)) {
                            levels.insert(key.clone(), level);
                        }
                        true
                    }
                    "NO" => false,
                    other => {
                        note(
                            report,
                            key,
                            format!(
                                "`{key} = {other}`: Vale reads a value other than YES, NO, suggestion, warning or error as NO"
                            ),
                            "the rule is off where this applies, as in Vale",
                        );
                        false
                    }
                };
                settings.checks.insert(key.clone(), on);
            } else if !ignores.take(key, value, report) {
                global_note(key, value, report);
            }
        }
        settings
    }
}

/// The names Vale reads its configuration from, in the order it looks for them.
const CONFIG_NAMES: [&str; 5] = [".vale.ini", "_vale.ini", "vale.ini", ".vale", "_vale"];

/// Import `input` (a `.vale.ini`, a folder holding one, or a bare styles folder) into `out`.
pub fn import(input: &Path, out: &Path) -> Result<Report, ImportError> {
    let (vale_ini, styles_path) = locate(input)?;
    let mut report = Report::default();
    // Vale's configuration starts at `warning` (its `NewConfig`): suggestions are shown only
    // when the configuration asks for them.
    let min_level = rank(vale_ini.get("MinAlertLevel").unwrap_or("warning"));
    // `SkippedScopes = …, alt` switches alt text off for every rule, as Vale reads it.
    let skips_alt = vale_ini
        .get("SkippedScopes")
        .is_some_and(|value| ini::list(value).iter().any(|s| s.trim() == "alt"));
    let (accept, reject) = vocab(&vale_ini, &styles_path, &mut report)?;
    let config = Configuration::read(&vale_ini, &mut report);
    let enabled = config.enabled(&styles_path)?;

    let rules = RuleImport {
        styles_path: &styles_path,
        guideline_dir: out.join("guideline"),
        accept,
        reject,
        levels: &config.levels,
        min_level,
        skips_alt,
    };
    let mut files: BTreeMap<String, Vec<ImportedRule>> = BTreeMap::new();
    let mut kept: BTreeSet<String> = BTreeSet::new();
    for id in &enabled {
        let Some((style, name)) = id.split_once('.') else {
            continue;
        };
        match rules.rule(id, style, name, &mut report)? {
            Some(rule) => {
                report.converted += 1;
                kept.insert(id.clone());
                files.entry(style.to_owned()).or_default().push(rule);
            }
            None => report.skipped += 1,
        }
    }
    write_guideline(
        out,
        &rules.guideline_dir,
        &files,
        &config,
        &kept,
        &mut report,
    )?;
    Ok(report)
}

/// The configuration `input` names (or, for a bare styles folder, one that turns every style
/// in it on for every file) and the styles folder it reads rules from.
fn locate(input: &Path) -> Result<(ValeIni, PathBuf), ImportError> {
    let ini_path = if input.is_file() {
        Some(input.to_owned())
    } else if !input.is_dir() {
        return Err(ImportError::Invalid(format!(
            "{}: no such Vale configuration or styles folder",
            input.display()
        )));
    } else {
        // Vale's own search order for a configuration file in a folder.
        CONFIG_NAMES
            .iter()
            .map(|name| input.join(name))
            .find(|path| path.is_file())
    };
    if let Some(path) = ini_path {
        let text = read(&path)?;
        let parsed =
            ini::parse(&crate::paths::display(&path), &text).map_err(ImportError::Invalid)?;
        let base = path.parent().unwrap_or(Path::new("."));
        let styles = parsed
            .get("StylesPath")
            .map_or_else(|| base.join("styles"), |p| base.join(p));
        return Ok((parsed, styles));
    }
    let names = style_names(input)?;
    if names.is_empty() {
        // Vale stops too (its E100) when it finds no configuration.
        return Err(ImportError::Invalid(format!(
            "{}: no Vale configuration ({}) and no styles (folders of `.yml` rules) in it",
            input.display(),
            CONFIG_NAMES.join(", ")
        )));
    }
    let mut parsed = ValeIni::default();
    parsed.sections.push(ini::Section {
        glob: Some("*".into()),
        entries: vec![("BasedOnStyles".into(), names.join(","), 0)],
    });
    Ok((parsed, input.to_owned()))
}

/// What `.vale.ini` says about rules, read once: each part's settings and ignore lists, and
/// the rules' levels.
struct Configuration {
    global: RuleSettings,
    /// The global part's ignore lists: Vale's `*` section's.
    global_ignores: IgnoreLists,
    /// The `[glob]` sections in order, with what each says about rules and ignores.
    sections: Vec<(String, RuleSettings, IgnoreLists)>,
    /// Vale keeps one level per rule for every file: the last one the configuration sets.
    levels: BTreeMap<String, Severity>,
}

impl Configuration {
    fn read(vale_ini: &ValeIni, report: &mut Report) -> Configuration {
        let mut global_ignores = IgnoreLists::default();
        let mut levels = BTreeMap::new();
        let global = RuleSettings::read(
            &vale_ini.global.entries,
            &mut levels,
            &mut global_ignores,
            report,
        );
        let mut sections = Vec::new();
        for section in &vale_ini.sections {
            let glob = section.glob.clone().unwrap_or_else(|| "*".into());
            if glob.eq_ignore_ascii_case("formats") {
                for (from, to, _) in &section.entries {
                    note(
                        report,
                        "formats",
                        format!("[formats] {from} = {to}"),
                        "onbrand reads each file by its own extension",
                    );
                }
                continue;
            }
            let mut ignores = IgnoreLists::default();
            let settings = RuleSettings::read(&section.entries, &mut levels, &mut ignores, report);
            if !ignores.is_empty() && ignore_paths(&glob).is_empty() {
                note(
                    report,
                    "TokenIgnores",
                    format!(
                        "[{glob}]: Vale matches a section's TokenIgnores and BlockIgnores against file \
                         extensions (`.md`), in Markdown, AsciiDoc, reStructuredText and Org only"
                    ),
                    "left out: they apply to no file",
                );
            }
            sections.push((glob, settings, ignores));
        }
        Configuration {
            global,
            global_ignores,
            sections,
            levels,
        }
    }

    /// The global part, then each section.
    fn parts(&self) -> impl Iterator<Item = &RuleSettings> {
        std::iter::once(&self.global).chain(self.sections.iter().map(|(_, settings, _)| settings))
    }

    /// Every rule that some part of the configuration can switch on: the rules of every style
    /// a `BasedOnStyles` names, and every rule a `Style.Rule` setting turns on.
    fn enabled(&self, styles_path: &Path) -> Result<BTreeSet<String>, ImportError> {
        let mut style_rules: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for style in self
            .parts()
            .filter_map(|part| part.styles.as_ref())
            .flatten()
        {
            if style_rules.contains_key(style.as_str()) {
                continue;
            }
            let names = rule_names(styles_path, style);
            if names.is_empty() {
                // Vale stops with E100 here: a configuration that names a style it cannot
                // find would lint with fewer rules than its authors think.
                return Err(ImportError::Invalid(format!(
                    "style `{style}` named in BasedOnStyles is not in StylesPath ({}): \
                     install it (`vale sync` fetches Packages) and import again",
                    styles_path.display()
                )));
            }
            style_rules.insert(style, names);
        }
        let switched_on = self
            .parts()
            .flat_map(|part| part.checks.iter())
            .filter(|(_, on)| **on)
            .map(|(id, _)| id.clone());
        Ok(style_rules
            .into_values()
            .flatten()
            .chain(switched_on)
            .collect())
    }
}

/// What converting any one rule needs: where the styles and the written guideline are, the
/// vocabularies, and the configuration's levels and skipped scopes.
struct RuleImport<'a> {
    styles_path: &'a Path,
    guideline_dir: PathBuf,
    accept: Vec<String>,
    reject: Vec<String>,
    levels: &'a BTreeMap<String, Severity>,
    min_level: u8,
    skips_alt: bool,
}

impl RuleImport<'_> {
    /// Rule `id` (`style.name`) converted, compiled, given its configured level; `None`, with
    /// a note saying why, when it is left out.
    fn rule(
        &self,
        id: &str,
        style: &str,
        name: &str,
        report: &mut Report,
    ) -> Result<Option<ImportedRule>, ImportError> {
        let Some(mut converted) = self.convert(id, style, name, report)? else {
            return Ok(None);
        };
        for (reason, instead) in std::mem::take(&mut converted.notes) {
            note(report, id, reason, instead);
        }
        let Some(mut rule) = converted.rule else {
            return Ok(None);
        };
        // Compiled as if in its guideline file, so that the files it names are found.
        let guideline_file = self.guideline_dir.join(format!("{style}.toml"));
        if let Err(problem) = compiles(&rule, &guideline_file) {
            match salvage(&mut rule, &guideline_file) {
                Some(dropped) if compiles(&rule, &guideline_file).is_ok() => {
                    for (key, problem) in dropped {
                        note(
                            report,
                            id,
                            format!("key `{key}`: {problem}"),
                            "the key is left out; the rule's other keys are kept",
                        );
                    }
                }
                _ => {
                    let problem = in_vale_keys(problem, &converted.vale_keys);
                    note(report, id, problem, "not converted");
                    return Ok(None);
                }
            }
        }
        if self.skips_alt && !without_alt_text(&mut rule) {
            note(
                report,
                id,
                "its scope is only alt text, which SkippedScopes skips",
                "left out",
            );
            return Ok(None);
        }
        if let Some(level) = self.levels.get(id) {
            rule.common.severity = *level;
        }
        if rank(rule.common.severity.name()) < self.min_level {
            note(report, id, "below MinAlertLevel", "left out");
            return Ok(None);
        }
        Ok(Some(rule))
    }

    /// Rule `id` read (Vale's built-in rules from nothing, the others from their YAML file)
    /// and converted; `None`, with a note, when its file cannot be read or parsed.
    fn convert(
        &self,
        id: &str,
        style: &str,
        name: &str,
        report: &mut Report,
    ) -> Result<Option<Converted>, ImportError> {
        if style == "Vale" && name == "Spelling" {
            let rule = spelling::builtin_rule(self.styles_path);
            let mut converted = convert(id, &rule, &self.accept);
            spelling::add_files(&rule, self.styles_path, &self.guideline_dir, &mut converted)?;
            return Ok(Some(converted));
        }
        if style == "Vale" {
            return Ok(Some(builtin(name, &self.accept, &self.reject)));
        }
        let path = self.styles_path.join(style).join(format!("{name}.yml"));
        let parsed = crate::paths::read_regular_text(&path, super::VALE_FILE_LIMIT)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))
            .and_then(|text| {
                rule::parse(&text).map_err(|error| format!("{}: {error}", path.display()))
            });
        let rule = match parsed {
            Ok(rule) => rule,
            Err(problem) => {
                note(report, id, problem, "not converted");
                return Ok(None);
            }
        };
        let mut converted = convert(id, &rule, &self.accept);
        if rule.extends.as_deref().map(str::trim) == Some("spelling") {
            spelling::add_files(&rule, self.styles_path, &self.guideline_dir, &mut converted)?;
        }
        Ok(Some(converted))
    }
}

/// Write one guideline file per style and the configuration that lists them, with the
/// overrides that give each file the rules Vale would run on it.
fn write_guideline(
    out: &Path,
    guideline_dir: &Path,
    files: &BTreeMap<String, Vec<ImportedRule>>,
    config: &Configuration,
    kept: &BTreeSet<String>,
    report: &mut Report,
) -> Result<(), ImportError> {
    std::fs::create_dir_all(guideline_dir)
        .map_err(|e| ImportError::Io(guideline_dir.to_owned(), e))?;
    let mut guideline = Vec::new();
    for (style, rules) in files {
        let file = GuidelineText {
            name: Some(format!("{style} (imported from Vale)")),
            rule: rules,
        };
        let path = guideline_dir.join(format!("{style}.toml"));
        write(&path, &toml_text(&file)?)?;
        guideline.push(Value::String(format!("guideline/{style}.toml")));
        report.written.push(path);
    }
    let mut table = Table::new();
    table.insert("guideline".into(), Value::Array(guideline));
    table.insert("copy".into(), Value::Table(front_matter_off()));
    let overrides = rule_overrides(config, kept);
    if !overrides.is_empty() {
        table.insert("override".into(), Value::Array(overrides));
    }
    let path = out.join(crate::config::FILE_NAME);
    write(&path, &toml_text(&table)?)?;
    report.written.push(path);
    Ok(())
}

/// The overrides that give each file the rules Vale would run on it.
///
/// Vale decides per file and rule: the rule's own setting (`Style.Rule = NO`) in the last
/// matching section that sets it, else in the global part, else whether its style is in the
/// `BasedOnStyles` of the last matching section that sets them, else of the global part. A file
/// that matches no section gets the global part's rules only (none, usually). onbrand applies
/// overrides in order and the last one to name a rule for a file decides, so the overrides
/// come in Vale's order of precedence, lowest first: the global styles for every file, each
/// section's styles, the global rule settings, each section's rule settings. Each section's
/// ignore lists follow as overrides of their own.
fn rule_overrides(config: &Configuration, kept: &BTreeSet<String>) -> Vec<Value> {
    let Configuration {
        global,
        global_ignores,
        sections,
        ..
    } = config;
    let style_of = |id: &str| id.split_once('.').map_or("", |(style, _)| style).to_owned();
    let by_styles = |styles: &[String]| -> (Vec<String>, Vec<String>) {
        kept.iter()
            .cloned()
            .partition(|id| styles.contains(&style_of(id)))
    };
    let by_checks = |checks: &BTreeMap<String, bool>| -> (Vec<String>, Vec<String>) {
        let (on, off): (Vec<_>, Vec<_>) = checks
            .iter()
            .filter(|(id, _)| kept.contains(*id))
            .partition(|(_, on)| **on);
        (
            on.into_iter().map(|(id, _)| id.clone()).collect(),
            off.into_iter().map(|(id, _)| id.clone()).collect(),
        )
    };
    let everywhere = vec!["**".to_owned()];
    let mut overrides = Vec::new();
    let (_, off) = by_styles(global.styles.as_deref().unwrap_or_default());
    push_override(&mut overrides, &everywhere, Vec::new(), off, None);
    for (glob, settings, _) in sections {
        if let Some(styles) = &settings.styles {
            let (on, off) = by_styles(styles);
            push_override(&mut overrides, &globs(glob), on, off, None);
        }
    }
    let (on, off) = by_checks(&global.checks);
    push_override(&mut overrides, &everywhere, on, off, None);
    for (glob, settings, _) in sections {
        let (on, off) = by_checks(&settings.checks);
        push_override(&mut overrides, &globs(glob), on, off, None);
    }
    // The global part's ignore lists are Vale's `*` section's.
    for (glob, ignores) in std::iter::once(("*", global_ignores)).chain(
        sections
            .iter()
            .map(|(glob, _, ignores)| (glob.as_str(), ignores)),
    ) {
        let paths = ignore_paths(glob);
        if !paths.is_empty() {
            push_override(
                &mut overrides,
                &paths,
                Vec::new(),
                Vec::new(),
                Some(ignores),
            );
        }
    }
    overrides
}

/// The file extensions of the formats Vale applies `TokenIgnores` and `BlockIgnores` to
/// (Markdown, AsciiDoc, reStructuredText and Org, which it transforms before linting; not HTML,
/// DITA, XML or plain text), each family under the extension Vale normalises it to.
const IGNORE_FORMATS: &[(&str, &[&str])] = &[
    ("md", &["md", "mdown", "markdown", "markdn"]),
    ("adoc", &["adoc", "asciidoc", "asc"]),
    ("rst", &["rst", "rest"]),
    ("org", &["org"]),
];

/// The paths a section's ignore lists apply to, as Vale decides it: it matches the section's
/// glob against a file's extension (`.md`, or the file's own `.markdown`), not against its
/// path, and applies the lists only in the four formats it transforms. Empty when they apply
/// to no file (`[docs/*.md]`: a path never matches an extension).
fn ignore_paths(glob: &str) -> Vec<String> {
    let Ok(matcher) = globset::Glob::new(glob).map(|glob| glob.compile_matcher()) else {
        return Vec::new();
    };
    let matcher = &matcher;
    let extensions: Vec<&str> = IGNORE_FORMATS
        .iter()
        .flat_map(|(normed, own)| {
            let family = matcher.is_match(format!(".{normed}"));
            own.iter()
                .filter(move |ext| family || matcher.is_match(format!(".{ext}")))
        })
        .copied()
        .collect();
    if extensions.is_empty() {
        return Vec::new();
    }
    vec![format!("**/*.{{{}}}", extensions.join(","))]
}

/// An `[[override]]` table, unless it would change nothing.
fn push_override(
    overrides: &mut Vec<Value>,
    paths: &[String],
    enable: Vec<String>,
    disable: Vec<String>,
    ignores: Option<&IgnoreLists>,
) {
    let no_ignores = ignores.is_none_or(IgnoreLists::is_empty);
    if enable.is_empty() && disable.is_empty() && no_ignores {
        return;
    }
    let mut entry = Table::new();
    entry.insert("paths".into(), strings_value(paths));
    if !disable.is_empty() {
        entry.insert("disable".into(), strings_value(&disable));
    }
    if !enable.is_empty() {
        entry.insert("enable".into(), strings_value(&enable));
    }
    if let Some(ignores) = ignores {
        ignores.write(&mut entry);
    }
    overrides.push(Value::Table(entry));
}

/// Whether onbrand accepts the converted rule (its regexes compile, with the fallback if
/// needed; the files it names, relative to `guideline_file`, are there and parse); the first
/// error otherwise.
/// `problem`, an error in the converted rule, with each onbrand key it names (`` `pattern` ``)
/// replaced by the Vale key it was made from (`` `tokens` ``).
fn in_vale_keys(problem: String, vale_keys: &[(&str, &str)]) -> String {
    vale_keys.iter().fold(problem, |problem, (ours, theirs)| {
        problem.replace(&format!("`{ours}`"), &format!("`{theirs}`"))
    })
}

fn compiles(rule: &ImportedRule, guideline_file: &Path) -> Result<(), String> {
    let file = GuidelineText {
        name: None,
        rule: std::slice::from_ref(rule),
    };
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
fn salvage(rule: &mut ImportedRule, guideline_file: &Path) -> Option<Vec<(String, String)>> {
    if let Some(pattern) = main_pattern(&mut rule.fields)
        && let Some(rewritten) = convert::split_lookbehinds(pattern)
    {
        *pattern = rewritten;
        return Some(Vec::new());
    }
    let KindSpec::Substitution(fields) = &rule.fields else {
        return None;
    };
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for original in fields.swap.iter().flatten() {
        let mut entry = original.clone();
        if let Some(rewritten) = convert::split_lookbehinds(&original.pattern) {
            entry.pattern = rewritten;
        }
        let mut single = rule.clone();
        if let KindSpec::Substitution(fields) = &mut single.fields {
            fields.swap = Some(vec![entry.clone()]);
        }
        match compiles(&single, guideline_file) {
            Ok(()) => kept.push(entry),
            Err(problem) => dropped.push((original.pattern.clone(), problem)),
        }
    }
    if kept.is_empty() {
        return None;
    }
    if let KindSpec::Substitution(fields) = &mut rule.fields {
        fields.swap = Some(kept);
    }
    Some(dropped)
}

/// The regex of a pattern rule: with substitution keys, the only regexes onbrand compiles with
/// look-around (`fancy-regex`), so the only ones a rewritten look-behind can save.
fn main_pattern(fields: &mut KindSpec) -> Option<&mut String> {
    match fields {
        KindSpec::Pattern(fields) => fields.pattern.as_mut().map(toml::Spanned::get_mut),
        _ => None,
    }
}

/// A guideline file as the importer writes it: a name and the converted rules.
#[derive(Serialize)]
struct GuidelineText<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    rule: &'a [ImportedRule],
}

fn toml_text(value: &impl Serialize) -> Result<String, ImportError> {
    toml::to_string(value).map_err(|e| ImportError::Invalid(format!("cannot write TOML: {e}")))
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

/// Vale's `IgnoredScopes` names inline HTML tags whose text is not linted (`code` and `tt` by
/// default). onbrand never lints code; bold and italic text become `ignore-tokens`: the tags
/// in HTML and their Markdown (and reStructuredText) forms. None for a tag it cannot mask.
fn ignored_tag_patterns(tag: &str) -> Option<&'static [&'static str]> {
    Some(match tag.trim().to_ascii_lowercase().as_str() {
        "code" | "tt" => &[],
        "strong" | "b" => &[
            r"\*\*[^*\n]+\*\*",
            r"__[^_\n]+__",
            r"<(?:strong|b)(?:\s[^>]*)?>[^<]*</(?:strong|b)>",
        ],
        "em" | "i" => &[
            r"\*[^*\s][^*\n]*\*",
            r"\b_[^_\s][^_\n]*_\b",
            r"<(?:em|i)(?:\s[^>]*)?>[^<]*</(?:em|i)>",
        ],
        _ => return None,
    })
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
        if key.eq_ignore_ascii_case("IgnoredScopes") {
            let tags = ini::list(value);
            if !tags.iter().any(|tag| tag.trim() == "code") {
                note(
                    report,
                    key,
                    format!("IgnoredScopes = {value} replaces Vale's default `code, tt, kbd`"),
                    "Vale then lints inline code; onbrand never does",
                );
            }
            for tag in tags {
                match ignored_tag_patterns(&tag) {
                    Some(patterns) => self.tokens.extend(patterns.iter().map(|p| (*p).to_owned())),
                    None => note(
                        report,
                        key,
                        format!("IgnoredScopes `{tag}`"),
                        "onbrand never lints code; text in other tags is linted",
                    ),
                }
            }
            return true;
        }
        let list = if key.eq_ignore_ascii_case("TokenIgnores") {
            &mut self.tokens
        } else if key.eq_ignore_ascii_case("BlockIgnores")
            || key.eq_ignore_ascii_case("IgnorePatterns")
        {
            &mut self.blocks
        } else {
            return false;
        };
        for pattern in ini::list(value) {
            let pattern = convert::escape_literal_braces(&pattern);
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

/// Take alt text out of a converted rule's scope (Vale's `SkippedScopes = alt`); false when
/// nothing is left.
fn without_alt_text(rule: &mut ImportedRule) -> bool {
    let alt_text = Scope::Kind(SegmentKind::AltText);
    let scopes = &mut rule.common.scopes;
    if scopes.is_empty() {
        // No `scopes`: every kind of segment.
        scopes.extend(SegmentKind::ALL.into_iter().map(Scope::Kind));
    }
    scopes.retain(|scope| *scope != alt_text);
    !scopes.is_empty()
}

/// `[copy] front-matter` with every default key off: Vale turns a Markdown, AsciiDoc,
/// reStructuredText or Org file's front matter into a code block before it lints, so none of
/// it is prose (onbrand reads `title`, `description`… by default).
fn front_matter_off() -> Table {
    let keys: Table = onbrand_engine::document::front_matter::COPY_KEYS
        .iter()
        .map(|(key, _)| ((*key).to_owned(), Value::Boolean(false)))
        .collect();
    let mut copy = Table::new();
    copy.insert("front-matter".into(), Value::Table(keys));
    copy
}

/// HTML elements onbrand never reads as prose, as Vale's default `SkippedScopes` skips them.
const NEVER_PROSE_TAGS: &[&str] = &[
    "script", "style", "pre", "noscript", "iframe", "template", "svg", "math", "textarea",
    "select", "xmp", "object", "canvas",
];

/// What onbrand does with `SkippedScopes` (block tags Vale skips, replacing its default list
/// `script, style, pre, figure, noscript, iframe`): `alt` is honoured (alt text is left out of
/// every rule); tags onbrand never reads are skipped as before; other tags are linted.
fn skipped_scopes_note(value: &str) -> String {
    let listed = ini::list(value);
    let linted: Vec<String> = listed
        .iter()
        .map(|tag| tag.trim().to_ascii_lowercase())
        .filter(|tag| tag != "alt" && !NEVER_PROSE_TAGS.contains(&tag.as_str()))
        .collect();
    let unlisted: Vec<&str> = ["script", "style", "pre", "noscript", "iframe"]
        .into_iter()
        .filter(|tag| !listed.iter().any(|l| l.trim().eq_ignore_ascii_case(tag)))
        .collect();
    let mut parts = Vec::new();
    if !linted.is_empty() {
        parts.push(format!("onbrand lints the text of {}", linted.join(", ")));
    }
    if !unlisted.is_empty() {
        parts.push(format!(
            "Vale now lints {}, which onbrand never reads as prose",
            unlisted.join(", ")
        ));
    }
    if parts.is_empty() {
        "as Vale".to_owned()
    } else {
        parts.join("; ")
    }
}

/// Settings that onbrand does its own way, or not at all.
fn global_note(key: &str, value: &str, report: &mut Report) {
    let known = ["StylesPath", "MinAlertLevel", "Vocab", "BasedOnStyles"];
    if known.iter().any(|k| k.eq_ignore_ascii_case(key)) {
        return;
    }
    let (reason, instead) = match key {
        "SkippedScopes" => {
            let instead = skipped_scopes_note(value);
            if instead == "as Vale" {
                return;
            }
            report.notes.push(Note {
                rule: key.to_owned(),
                reason: format!("{key} = {value}"),
                instead,
            });
            return;
        }
        "Transform" => (
            format!("{key} = {value}"),
            "XSLT stylesheets are not run: onbrand does not read plain `.xml` files (Vale reads \
             XML only through such a stylesheet and fails without one); `.dita` topics are read \
             natively",
        ),
        "IgnoredClasses" => (
            format!("{key} = {value}"),
            "onbrand does not read HTML classes: text in elements of these classes is linted",
        ),
        "Packages" => (
            format!("Packages = {value}"),
            "packages are not downloaded: the styles already in StylesPath are imported (run `vale sync` first)",
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
fn rule_names(styles: &Path, style: &str) -> Vec<String> {
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
    rule_files(&styles.join(style))
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
