//! Loading: guideline files parsed, validated and compiled into the checks engine, with every
//! problem reported at its file:line:column.
//!
//! Each file is parsed into a spanned TOML tree first, so that every rule is deserialised on its
//! own (one broken rule does not hide the errors of the next) and every field's key has a
//! position for the errors serde cannot know about: a field that exists but does not belong to
//! the rule's kind, a missing required field, an unknown message placeholder, a duplicate id.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::spec::{GuidelineFile, RuleKind, RuleSpec};
use super::{GuidelineError, GuidelineSource, Rule};
use crate::checks::{
    self, CompileCx, CompiledRule, Engine, Filter, KindSpec, Located, a_kind_rule, compile_kind,
    kind_fields, literals, regexes,
};
use crate::document::{Scope, SegmentKind};
use crate::finding::RuleInfo;
use crate::position::LineIndex;

/// Fields every rule may have, whatever its kind (those of [`RuleSpec`], as written in files).
pub fn common_fields() -> &'static [&'static str] {
    crate::spec::field_names::<RuleSpec>()
}

/// One file being loaded: its name, text and line index, for positions.
struct FileCx<'a> {
    name: &'a str,
    text: &'a str,
    lines: LineIndex,
}

impl FileCx<'_> {
    fn error_at(&self, offset: usize, message: impl Into<String>) -> GuidelineError {
        let position = self.lines.line_col(self.text, offset);
        GuidelineError {
            file: self.name.to_owned(),
            line: position.line,
            column: position.column,
            message: message.into(),
        }
    }

    fn toml_error(&self, error: &toml::de::Error, fallback: usize) -> GuidelineError {
        let offset = error.span().map_or(fallback, |span| span.start);
        self.error_at(offset, error.message().trim_end())
    }
}

/// A rule as parsed, with the positions of its keys.
struct ParsedRule {
    spec: RuleSpec,
    fields: KindSpec,
    span: Range<usize>,
    keys: Vec<(String, Range<usize>)>,
}

/// Parse one file into its rules; syntax and type errors go to `errors`.
fn parse_file(file: &FileCx<'_>, errors: &mut Vec<GuidelineError>) -> Vec<ParsedRule> {
    let (root, parse_errors) = DeTable::parse_recoverable(file.text);
    if !parse_errors.is_empty() {
        errors.extend(parse_errors.iter().map(|e| file.toml_error(e, 0)));
        return Vec::new();
    }
    let root_span = root.span();
    let mut root = root.into_inner();
    let rule_value = root.remove("rule");
    // The file's own fields (name, description) and unknown ones, checked by serde.
    if let Err(error) = GuidelineFile::deserialize(toml::de::Deserializer::from(Spanned::new(
        root_span.clone(),
        root,
    ))) {
        errors.push(file.toml_error(&error, root_span.start));
    }
    let Some(rule_value) = rule_value else {
        return Vec::new();
    };
    let rule_span = rule_value.span();
    let DeValue::Array(items) = rule_value.into_inner() else {
        errors.push(file.error_at(
            rule_span.start,
            "`rule` must be an array of tables: start each rule with `[[rule]]`",
        ));
        return Vec::new();
    };
    let mut rules = Vec::new();
    for item in items {
        let span = item.span();
        let DeValue::Table(table) = item.into_inner() else {
            errors.push(file.error_at(span.start, "each `rule` must be a table"));
            continue;
        };
        match parse_rule(table, span) {
            Ok(rule) => rules.push(rule),
            Err(error) => errors.push(error.located(file)),
        }
    }
    rules
}

/// Why a rule could not be parsed: serde's error, or an unknown field (named by its key, so
/// that the message can list what the rule's kind takes).
enum RuleParseError {
    Serde(toml::de::Error, usize),
    UnknownField {
        key: String,
        at: usize,
        kind: Option<RuleKind>,
    },
}

impl RuleParseError {
    fn located(self, file: &FileCx<'_>) -> GuidelineError {
        match self {
            RuleParseError::Serde(error, fallback) => file.toml_error(&error, fallback),
            RuleParseError::UnknownField { key, at, kind } => {
                let kind_fields = kind.map_or(&[][..], |kind| kind_fields(kind).0);
                let expected: Vec<&str> =
                    common_fields().iter().chain(kind_fields).copied().collect();
                let listed: Vec<String> = expected.iter().map(|f| format!("`{f}`")).collect();
                file.error_at(
                    at,
                    format!(
                        "unknown field `{key}`, expected one of {}{}",
                        listed.join(", "),
                        crate::suggest::did_you_mean(&key, every_field())
                    ),
                )
            }
        }
    }
}

/// Every field any rule can have: the common ones and those of every kind.
fn every_field() -> impl Iterator<Item = &'static str> {
    let kinds = RuleKind::ALL.iter().flat_map(|&kind| kind_fields(kind).0);
    common_fields().iter().chain(kinds).copied()
}

/// One rule's table: the common fields into [`RuleSpec`], the others into its kind's typed
/// fields. A field of another kind is left for [`validate_common`] to report (it knows what the
/// rule's kind takes); a field no kind has is an error here, at its key.
fn parse_rule(table: DeTable<'_>, span: Range<usize>) -> Result<ParsedRule, RuleParseError> {
    let keys: Vec<(String, Range<usize>)> = table
        .iter()
        .map(|(key, _)| (key.get_ref().to_string(), key.span()))
        .collect();
    let common = common_fields();
    let (common_table, kind_table): (DeTable<'_>, DeTable<'_>) = table
        .into_iter()
        .partition(|(key, _)| common.contains(&key.get_ref().as_ref()));
    let unknown = keys
        .iter()
        .find(|(key, _)| !every_field().any(|field| field == key));
    let spec = RuleSpec::deserialize(ValueDeserializer::from(Spanned::new(
        span.clone(),
        DeValue::Table(common_table),
    )));
    let spec = match (spec, unknown) {
        (Ok(spec), None) => spec,
        (spec, Some((key, at))) => {
            return Err(RuleParseError::UnknownField {
                key: key.clone(),
                at: at.start,
                kind: spec.ok().map(|spec| spec.kind),
            });
        }
        (Err(error), None) => return Err(RuleParseError::Serde(error, span.start)),
    };
    let (own_fields, _) = kind_fields(spec.kind);
    let own_table: DeTable<'_> = kind_table
        .into_iter()
        .filter(|(key, _)| own_fields.contains(&key.get_ref().as_ref()))
        .collect();
    let fields = KindSpec::deserialize(
        spec.kind,
        ValueDeserializer::from(Spanned::new(span.clone(), DeValue::Table(own_table))),
    )
    .map_err(|error| RuleParseError::Serde(error, span.start))?;
    Ok(ParsedRule {
        spec,
        fields,
        span,
        keys,
    })
}

impl super::Guideline {
    /// The `limit` of `rule` (one of [`Self::rules`]): the most findings of it one document
    /// shows.
    pub fn limit(&self, rule: &Rule) -> Option<u32> {
        let index = self
            .rules
            .iter()
            .position(|candidate| std::ptr::eq(candidate, rule))?;
        self.engine.limit(index)
    }

    /// Keep each rule's first `limit` findings of a document: `findings` in reading order,
    /// after suppressions (what [`crate::lint`] does).
    pub fn apply_limits(&self, findings: &mut Vec<crate::finding::Finding>) {
        self.engine.apply_limits(findings);
    }

    /// Report each `once-per-document` rule's findings of a document as one finding with its
    /// occurrences: `findings` in reading order, after suppressions (what [`crate::lint`] does).
    pub fn group_document_findings(&self, findings: &mut Vec<crate::finding::Finding>) {
        self.engine.group_document_findings(findings);
    }
}

/// The longest rule id: ids are printed with every finding and in every suppression comment.
const MAX_ID_CHARS: usize = 200;

/// The longest `message`. Every finding carries its rendered message: one of megabytes, times
/// a finding per line of a long document, took gigabytes of memory and output.
const MAX_MESSAGE_CHARS: usize = 1_000;

/// Load and compile every source; all errors, or the rules and their engine.
pub(super) fn compile(
    sources: &[GuidelineSource],
    files: &dyn crate::files::Files,
) -> Result<(Vec<Rule>, Engine), Vec<GuidelineError>> {
    let mut errors = Vec::new();
    let mut rules = Vec::new();
    let mut compiled = Vec::new();
    let mut literals = literals::LiteralsBuilder::default();
    let mut regexes = regexes::RegexesBuilder::default();
    let mut dictionaries = checks::spelling::LoadedDictionaries::default();
    // Rule id → where it was first defined.
    let mut ids: HashMap<String, String> = HashMap::new();
    for source in sources {
        let file = FileCx {
            name: &source.name,
            text: &source.text,
            lines: LineIndex::new(&source.text),
        };
        // A guideline's name is its path (`crate::config`): what its rules name is beside it.
        let base_dir = std::path::Path::new(&source.name)
            .parent()
            .unwrap_or(std::path::Path::new(""));
        for parsed in parse_file(&file, &mut errors) {
            let errors_before = errors.len();
            // Rule numbers only matter when every rule compiled, and then they are dense.
            let rule_index = u32::try_from(compiled.len()).unwrap_or(u32::MAX);
            let key_span = |name: &str| {
                parsed
                    .keys
                    .iter()
                    .find(|(key, _)| key == name)
                    .map(|(_, span)| span.start)
            };
            let locate = |at: Located<'_>| -> (String, u32, u32) {
                let offset = match at {
                    Located::Key(name) => key_span(name)
                        .or_else(|| key_span("id"))
                        .unwrap_or(parsed.span.start),
                    Located::InString { span, value, chars } => {
                        in_string_offset(file.text, span, value, chars)
                    }
                };
                let position = file.lines.line_col(file.text, offset);
                (file.name.to_owned(), position.line, position.column)
            };
            let spec = &parsed.spec;
            validate_common(&file, &parsed, &mut ids, &mut errors);
            let mut cx = CompileCx {
                spec,
                rule_index,
                literals: &mut literals,
                regexes: &mut regexes,
                errors: &mut errors,
                locate: &locate,
                base_dir,
                files,
                dictionaries: &mut dictionaries,
            };
            let check = compile_kind(&mut cx, &parsed.fields);
            if errors.len() > errors_before {
                continue;
            }
            let Some(check) = check else { continue };
            let scopes = effective_scopes(spec);
            let info = Arc::new(RuleInfo {
                id: Arc::from(spec.id.get_ref().as_str()),
                severity: spec.severity,
                link: spec.link.as_deref().map(Arc::from),
            });
            compiled.push(CompiledRule {
                info: info.clone(),
                message: spec.message.clone(),
                filter: Filter::new(&spec.channels, &spec.languages, &scopes),
                check,
                limit: spec.limit,
                once_per_document: spec
                    .once_per_document
                    .unwrap_or(spec.kind == RuleKind::Consistency),
            });
            rules.push(Rule {
                info,
                kind: spec.kind,
                description: spec.description.clone(),
                message: spec.message.clone(),
                channels: spec.channels.clone(),
                languages: spec.languages.clone(),
                scopes,
                examples: spec.examples.clone(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let literals = literals.build().map_err(|message| {
        vec![GuidelineError {
            file: sources.first().map_or_else(String::new, |s| s.name.clone()),
            line: 1,
            column: 1,
            message,
        }]
    })?;
    Ok((rules, Engine::new(compiled, literals, regexes.build())))
}

/// The offset of character `chars` of a string value whose TOML string at `span` holds it
/// byte for byte (no escapes); the string's start otherwise.
fn in_string_offset(text: &str, span: Range<usize>, value: &str, chars: Option<usize>) -> usize {
    let Some(chars) = chars else {
        return span.start;
    };
    let quote_len = match text.get(span.clone()) {
        Some(raw) if raw.starts_with("'''") || raw.starts_with("\"\"\"") => 3,
        Some(_) => 1,
        None => return span.start,
    };
    let inner_start = span.start + quote_len;
    if text.get(inner_start..inner_start + value.len()) != Some(value) {
        return span.start;
    }
    let byte = value
        .char_indices()
        .nth(chars)
        .map_or(value.len(), |(i, _)| i);
    inner_start + byte
}

/// The segment kinds a rule looks at; empty means all.
fn effective_scopes(spec: &RuleSpec) -> Vec<Scope> {
    if spec.scopes.is_empty() && spec.kind == RuleKind::Capitalization {
        vec![Scope::Kind(SegmentKind::Heading)]
    } else {
        spec.scopes.clone()
    }
}

/// Checks that do not depend on the kind's own fields: id, fields of the kind, placeholders,
/// filters, limits.
fn validate_common(
    file: &FileCx<'_>,
    parsed: &ParsedRule,
    ids: &mut HashMap<String, String>,
    errors: &mut Vec<GuidelineError>,
) {
    let spec = &parsed.spec;
    let rule = a_kind_rule(spec.kind);
    let key_at = |name: &str| {
        parsed
            .keys
            .iter()
            .find(|(key, _)| key == name)
            .map_or(parsed.span.start, |(_, span)| span.start)
    };
    let id = spec.id.get_ref();
    let id_at = spec.id.span().start;
    if id.chars().count() > MAX_ID_CHARS {
        errors.push(file.error_at(
            id_at,
            format!("the rule id is longer than {MAX_ID_CHARS} characters"),
        ));
    } else if id.trim().is_empty() {
        errors.push(file.error_at(
            id_at,
            "empty rule id: give the rule a name like \"brand-terms\"",
        ));
    } else if id.chars().any(char::is_whitespace) {
        errors.push(file.error_at(
            id_at,
            format!("rule id '{id}' contains white space; use letters, digits, '-', '_' or '.'"),
        ));
    } else {
        let here = file.error_at(id_at, "");
        let place = format!("{}:{}:{}", here.file, here.line, here.column);
        if let Some(first) = ids.get(id) {
            errors.push(file.error_at(
                id_at,
                format!("duplicate rule id '{id}', first defined at {first}"),
            ));
        } else {
            ids.insert(id.clone(), place);
        }
    }

    let (fields, placeholders) = kind_fields(spec.kind);
    for (key, span) in &parsed.keys {
        if !common_fields().contains(&key.as_str()) && !fields.contains(&key.as_str()) {
            errors.push(file.error_at(
                span.start,
                format!(
                    "`{key}` does not apply to {rule}; {rule} takes {}",
                    list(fields)
                ),
            ));
        }
    }

    if let Some(message) = &spec.message
        && message.chars().count() > MAX_MESSAGE_CHARS
    {
        errors.push(file.error_at(
            key_at("message"),
            format!(
                "`message` is longer than {MAX_MESSAGE_CHARS} characters: every finding carries it; put the explanation in `description`"
            ),
        ));
    } else if let Some(message) = &spec.message {
        for (_, name) in checks::placeholders(message) {
            if !placeholders.contains(&name) {
                let known: Vec<String> = placeholders.iter().map(|p| format!("{{{p}}}")).collect();
                errors.push(file.error_at(
                    key_at("message"),
                    format!(
                        "unknown placeholder `{{{name}}}` in `message`; {rule} fills {}",
                        known.join(", ")
                    ),
                ));
            }
        }
    }

    for (field, values) in [("channels", &spec.channels), ("languages", &spec.languages)] {
        if values.iter().any(|v| v.trim().is_empty()) {
            errors.push(file.error_at(key_at(field), format!("`{field}` holds an empty name")));
        }
    }

    if spec.limit == Some(0) {
        errors.push(file.error_at(
            key_at("limit"),
            "`limit` must be at least 1 (leave it out for no limit)",
        ));
    }
}

fn list(fields: &[&str]) -> String {
    if fields.is_empty() {
        return "only the common fields".to_owned();
    }
    fields
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        let source = GuidelineSource {
            name: "g.toml".to_owned(),
            text: text.to_owned(),
        };
        match compile(&[source], &crate::files::InMemory::new()) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn a_misspelt_field_lists_the_kinds_fields_and_suggests_the_one_meant() {
        assert_eq!(
            errors("[[rule]]\nid = \"a\"\nkind = \"length\"\nmax = 3\nunderlin = \"whole\"\n"),
            [
                "g.toml:5:1: unknown field `underlin`, expected one of `id`, `kind`, `severity`, \
                 `message`, `description`, `link`, `channels`, `languages`, `scopes`, \
                 `examples`, `limit`, `once-per-document`, `max`, `min`, `unit`, `per`, \
                 `underline` (did you mean `underline`?)"
            ]
        );
        // Before `kind` is known, only the common fields are listed; a stranger gets no guess.
        assert_eq!(
            errors("[[rule]]\nid = \"a\"\nzzzzzz = 1\n"),
            [
                "g.toml:3:1: unknown field `zzzzzz`, expected one of `id`, `kind`, `severity`, \
                 `message`, `description`, `link`, `channels`, `languages`, `scopes`, \
                 `examples`, `limit`, `once-per-document`"
            ]
        );
    }

    #[test]
    fn a_kinds_field_of_the_wrong_type_is_reported_at_its_value() {
        assert_eq!(
            errors("[[rule]]\nid = \"a\"\nkind = \"length\"\nmax = \"ten\"\n"),
            ["g.toml:4:7: invalid type: string \"ten\", expected u32"]
        );
        assert_eq!(
            errors("[[rule]]\nid = \"a\"\nkind = \"length\"\nmax = 3\nunit = \"lines\"\n"),
            ["g.toml:5:8: unknown variant `lines`, expected `characters` or `words`"]
        );
    }

    #[test]
    fn max_below_min_is_reported_at_max_for_every_kind_with_both() {
        for kind in ["length", "occurrence"] {
            let pattern = if kind == "occurrence" {
                "pattern = 'x'\nper = \"document\"\n"
            } else {
                ""
            };
            assert_eq!(
                errors(&format!(
                    "[[rule]]\nid = \"a\"\nkind = \"{kind}\"\n{pattern}min = 5\nmax = 2\n"
                )),
                [format!(
                    "g.toml:{}:1: `max` (2) is less than `min` (5): no text can satisfy both",
                    if pattern.is_empty() { 5 } else { 7 }
                )]
            );
        }
    }

    #[test]
    fn field_lists_come_from_the_typed_specs_in_declaration_order() {
        assert_eq!(
            kind_fields(RuleKind::Length).0,
            ["max", "min", "unit", "per", "underline"]
        );
        assert_eq!(
            kind_fields(RuleKind::Terminology).0,
            ["terms", "ignore-case"]
        );
        assert_eq!(&common_fields()[..2], ["id", "kind"]);
        // Every kind has fields of its own, and none of them shadows a common field.
        for &kind in RuleKind::ALL {
            let (fields, _) = kind_fields(kind);
            assert!(!fields.is_empty(), "{}", kind.name());
            assert!(
                fields.iter().all(|f| !common_fields().contains(f)),
                "{}",
                kind.name()
            );
        }
    }
}
