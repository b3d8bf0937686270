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
    self, Check, CompileCx, CompiledRule, Engine, Filter, KindSpec, Located, a_kind_rule,
    compile_kind, kind_fields, literals, regexes,
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
    /// The folder of the file: what its rules name (dictionaries) is beside it (a guideline's
    /// name is its path, see `crate::config`).
    base_dir: &'a std::path::Path,
}

impl<'a> FileCx<'a> {
    fn of(source: &'a GuidelineSource) -> FileCx<'a> {
        FileCx {
            name: &source.name,
            text: &source.text,
            lines: LineIndex::new(&source.text),
            base_dir: std::path::Path::new(&source.name)
                .parent()
                .unwrap_or(std::path::Path::new("")),
        }
    }

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
        let message = error.message().trim_end();
        self.error_at(offset, format!("{message}{}", variant_suggestion(message)))
    }
}

/// `" (did you mean `safe`?)"` for serde's "unknown variant `saf`, expected `safe` or
/// `unsafe`": the value meant, for every field that takes one of a few names (`severity`,
/// `fix`, `unit`, …).
fn variant_suggestion(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown variant `") else {
        return String::new();
    };
    let Some((value, expected)) = rest.split_once("`, expected ") else {
        return String::new();
    };
    let names = expected.split('`').skip(1).step_by(2);
    crate::suggest::did_you_mean(value, names)
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
///
/// Parsing and the checks of the common fields go file by file, rule by rule (a duplicate id
/// is reported at its second definition). Then every rule compiles on its own, with its own
/// literal and regex builders, in parallel with the others (with the `parallel` feature):
/// compiling their regexes is most of the cost of loading a guideline, and a run's other
/// threads would wait for it. Last, rule by rule in order, each rule's errors and matchers are
/// merged: the errors, the rules and the engine are those of compiling them one after the
/// other. Spelling rules compile during that merge, in order: they share the dictionaries
/// they load, and the first rule to read a broken one reports it. `parallel`: see
/// `super::may_compile_in_parallel`.
pub(super) fn compile(
    sources: &[GuidelineSource],
    files: &dyn crate::files::Files,
    parallel: bool,
) -> Result<(Vec<Rule>, Engine), Vec<GuidelineError>> {
    let file_cxs: Vec<FileCx<'_>> = sources.iter().map(FileCx::of).collect();
    let (pending, trailing_errors) = parse_all(&file_cxs);
    let apart = compile_apart(&file_cxs, &pending, files, parallel);
    let mut merged = Merged::default();
    for (slot, (pending, done)) in pending.into_iter().zip(apart).enumerate() {
        let file = &file_cxs[pending.file];
        let done = done.unwrap_or_else(|| {
            compile_rule(file, &pending.parsed, slot, files, &mut merged.dictionaries)
        });
        merged.add(pending, done);
    }
    merged.errors.extend(trailing_errors);
    merged.finish(sources, parallel)
}

/// A rule parsed and its common fields checked, to be compiled: with the errors reported
/// before its compile's (its file's parse errors, for the first rule after them, and its own).
struct Pending {
    /// Its file, in the sources.
    file: usize,
    parsed: ParsedRule,
    errors_before: Vec<GuidelineError>,
}

/// Parse every file and check each rule's common fields, in order: the rules to compile, and
/// the errors after the last of them.
fn parse_all(file_cxs: &[FileCx<'_>]) -> (Vec<Pending>, Vec<GuidelineError>) {
    let mut pending = Vec::new();
    let mut errors = Vec::new();
    // Rule id → where it was first defined.
    let mut ids: HashMap<String, String> = HashMap::new();
    for (index, file) in file_cxs.iter().enumerate() {
        for parsed in parse_file(file, &mut errors) {
            validate_common(file, &parsed, &mut ids, &mut errors);
            pending.push(Pending {
                file: index,
                parsed,
                errors_before: std::mem::take(&mut errors),
            });
        }
    }
    (pending, errors)
}

/// One rule compiled on its own: its check, its errors, and its literals and regexes, to be
/// merged into the guideline's matchers in rule order.
struct CompiledApart {
    check: Option<Check>,
    errors: Vec<GuidelineError>,
    literals: literals::LiteralsBuilder,
    regexes: regexes::RegexesBuilder,
}

/// Compile every rule but the spelling ones (None), each on its own; in parallel on rayon's
/// pool when `parallel`. The results are in rule order either way.
fn compile_apart(
    file_cxs: &[FileCx<'_>],
    pending: &[Pending],
    files: &dyn crate::files::Files,
    parallel: bool,
) -> Vec<Option<CompiledApart>> {
    let one = |(slot, pending): (usize, &Pending)| {
        // Spelling rules share the dictionaries they load: they compile in order, later.
        (pending.parsed.spec.kind != RuleKind::Spelling).then(|| {
            let file = &file_cxs[pending.file];
            let mut unused = checks::spelling::LoadedDictionaries::default();
            compile_rule(file, &pending.parsed, slot, files, &mut unused)
        })
    };
    #[cfg(feature = "parallel")]
    if parallel {
        use rayon::prelude::*;
        return pending.par_iter().enumerate().map(one).collect();
    }
    let _ = parallel;
    pending.iter().enumerate().map(one).collect()
}

/// Compile one rule with builders of its own, whose regex ids are of slot `slot`.
fn compile_rule(
    file: &FileCx<'_>,
    parsed: &ParsedRule,
    slot: usize,
    files: &dyn crate::files::Files,
    dictionaries: &mut checks::spelling::LoadedDictionaries,
) -> CompiledApart {
    let mut literals = literals::LiteralsBuilder::default();
    let mut regexes = regexes::RegexesBuilder::for_slot(slot);
    let mut errors = Vec::new();
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
    let mut cx = CompileCx {
        spec: &parsed.spec,
        // The builders know the rule by its slot; the merge gives it its number.
        rule_index: u32::try_from(slot).unwrap_or(u32::MAX),
        literals: &mut literals,
        regexes: &mut regexes,
        errors: &mut errors,
        locate: &locate,
        base_dir: file.base_dir,
        files,
        dictionaries,
    };
    let check = compile_kind(&mut cx, &parsed.fields);
    CompiledApart {
        check,
        errors,
        literals,
        regexes,
    }
}

/// The rules compiled so far, merged in order.
#[derive(Default)]
struct Merged {
    errors: Vec<GuidelineError>,
    rules: Vec<Rule>,
    compiled: Vec<CompiledRule>,
    literals: literals::LiteralsBuilder,
    regexes: regexes::RegexesBuilder,
    dictionaries: checks::spelling::LoadedDictionaries,
}

impl Merged {
    /// The next rule, compiled.
    fn add(&mut self, pending: Pending, done: CompiledApart) {
        self.errors.extend(pending.errors_before);
        self.errors.extend(done.errors);
        // Rule numbers only matter when every rule compiled, and then they are dense.
        let rule_index = u32::try_from(self.compiled.len()).unwrap_or(u32::MAX);
        self.literals.merge(done.literals, rule_index);
        self.regexes.merge(done.regexes, rule_index);
        // Once there is an error the guideline is not compiled: no need to keep the rule.
        if !self.errors.is_empty() {
            return;
        }
        let Some(check) = done.check else { return };
        let spec = pending.parsed.spec;
        let scopes = effective_scopes(&spec);
        let info = Arc::new(RuleInfo {
            id: Arc::from(spec.id.get_ref().as_str()),
            severity: spec.severity,
            link: spec.link.as_deref().map(Arc::from),
        });
        self.compiled.push(CompiledRule {
            info: info.clone(),
            message: spec.message.clone(),
            filter: Filter::new(&spec.channels, &spec.languages, &scopes),
            check,
            limit: spec.limit,
            once_per_document: spec
                .once_per_document
                .unwrap_or(spec.kind == RuleKind::Consistency),
            fix_applicability: spec.fix,
        });
        self.rules.push(Rule {
            info,
            kind: spec.kind,
            description: spec.description,
            message: spec.message,
            channels: spec.channels,
            languages: spec.languages,
            scopes,
            examples: spec.examples,
        });
    }

    /// All errors, or the rules and their engine.
    fn finish(
        self,
        sources: &[GuidelineSource],
        parallel: bool,
    ) -> Result<(Vec<Rule>, Engine), Vec<GuidelineError>> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        // The two automata are independent: built side by side.
        let (literals, regexes) =
            checks::join(parallel, || self.literals.build(), || self.regexes.build());
        let literals = literals.map_err(|message| {
            vec![GuidelineError {
                file: sources.first().map_or_else(String::new, |s| s.name.clone()),
                line: 1,
                column: 1,
                message,
            }]
        })?;
        Ok((self.rules, Engine::new(self.compiled, literals, regexes)))
    }
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

    if spec.fix.is_some() && !checks::kind_offers_fixes(spec.kind) {
        errors.push(file.error_at(
            key_at("fix"),
            format!("`fix` does not apply to {rule}: it offers no fixes"),
        ));
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
        match compile(&[source], &crate::files::InMemory::new(), false) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    fn sources(files: &[(&str, &str)]) -> Vec<GuidelineSource> {
        files
            .iter()
            .map(|(name, text)| GuidelineSource {
                name: (*name).to_owned(),
                text: (*text).to_owned(),
            })
            .collect()
    }

    /// The errors of compiling `sources`, rules compiled in parallel or one by one.
    fn errors_of(sources: &[GuidelineSource], parallel: bool) -> Vec<String> {
        match compile(sources, &crate::files::InMemory::new(), parallel) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    /// Everything a compile gives, as text: the rules, and the engine with its matchers.
    fn compiled_of(sources: &[GuidelineSource], parallel: bool) -> String {
        match compile(sources, &crate::files::InMemory::new(), parallel) {
            Ok((rules, engine)) => format!("{rules:?}\n{engine:?}"),
            Err(errors) => panic!("{errors:?}"),
        }
    }

    /// Rules compiled apart and merged give the rules, numbers, literals, regexes and ids of
    /// compiling them one after the other: on the shipped guideline, and on rules that share
    /// literals and add several regexes each.
    #[test]
    fn a_parallel_compile_gives_the_serial_ones_engine() {
        let shipped = crate::guideline::builtin::sources();
        assert_eq!(compiled_of(&shipped, true), compiled_of(&shipped, false));
        let mixed = sources(&[
            (
                "a.toml",
                "[[rule]]\nid = \"t\"\nkind = \"terminology\"\nterms = [{ use = \"sign in\", not = [\"login\", \"log-in\"] }]\n\
                 [[rule]]\nid = \"p\"\nkind = \"pattern\"\npattern = '\\\\butilize\\\\b'\nexceptions = ['utilize it']\n\
                 [[rule]]\nid = \"s\"\nkind = \"substitution\"\nswap = [{ pattern = 'leverage', use = 'use' }, { pattern = '(?<!a )login', use = 'sign in' }]\n",
            ),
            (
                "b.toml",
                "[[rule]]\nid = \"v\"\nkind = \"avoid\"\nphrases = [\"login\", \"very\"]\n\
                 [[rule]]\nid = \"o\"\nkind = \"occurrence\"\npattern = '\\\\d+'\nmax = 3\nper = \"document\"\n",
            ),
        ]);
        let serial = compiled_of(&mixed, false);
        assert_eq!(compiled_of(&mixed, true), serial);
        // The literal shared by two rules is one pattern with both owners, in rule order.
        assert!(serial.contains("rule: 0"), "{serial}");
        assert!(serial.contains("rule: 3"), "{serial}");
    }

    /// Errors come in file and rule order, each rule's common-field errors before its
    /// compile's, with their positions, however the rules were compiled.
    #[test]
    fn a_parallel_compile_reports_the_serial_ones_errors_in_order() {
        let bad = sources(&[
            (
                "a.toml",
                "[[rule]]\nid = \"p\"\nkind = \"pattern\"\npattern = 'ab(cd'\n\
                 [[rule]]\nid = \"ok\"\nkind = \"pattern\"\npattern = 'fine'\n\
                 [[rule]]\nid = \"p\"\nkind = \"substitution\"\nswap = [{ pattern = 'x', use = 'y' }, { pattern = '(?=x', use = 'y' }]\n",
            ),
            ("b.toml", "[[rule]\nid = \"broken\"\n"),
            (
                "c.toml",
                "[[rule]]\nid = \"o\"\nkind = \"occurrence\"\npattern = '(?P<n>a'\nmax = 1\nper = \"document\"\n\
                 [[rule]]\nid = \"q\"\nkind = \"pattern\"\npattern = 'a{2,1}'\nlimit = 0\n",
            ),
        ]);
        let serial = errors_of(&bad, false);
        assert_eq!(errors_of(&bad, true), serial);
        // What the compile that went rule by rule reported (onbrand before rules compiled
        // apart): each rule's common-field errors (the duplicate id, `limit`) before its
        // compile's; the broken file's between the files around it.
        assert_eq!(
            serial,
            [
                "a.toml:4:14: invalid regular expression in `pattern`: unclosed group",
                "a.toml:10:6: duplicate rule id 'p', first defined at a.toml:2:6",
                "a.toml:12:1: invalid regular expression in `swap`: look-around, including \
                 look-ahead and look-behind, is not supported",
                "b.toml:1:8: unclosed array table, expected `]`",
                "c.toml:4:12: invalid regular expression in `pattern`: unclosed group",
                "c.toml:11:1: `limit` must be at least 1 (leave it out for no limit)",
                "c.toml:10:13: invalid regular expression in `pattern`: invalid repetition \
                 count range, the start must be <= the end",
            ]
        );
    }

    #[test]
    fn a_misspelt_field_lists_the_kinds_fields_and_suggests_the_one_meant() {
        assert_eq!(
            errors("[[rule]]\nid = \"a\"\nkind = \"length\"\nmax = 3\nunderlin = \"whole\"\n"),
            [
                "g.toml:5:1: unknown field `underlin`, expected one of `id`, `kind`, `severity`, \
                 `message`, `description`, `link`, `channels`, `languages`, `scopes`, \
                 `examples`, `limit`, `once-per-document`, `fix`, `max`, `min`, `unit`, \
                 `per`, \
                 `underline` (did you mean `underline`?)"
            ]
        );
        // Before `kind` is known, only the common fields are listed; a stranger gets no guess.
        assert_eq!(
            errors("[[rule]]\nid = \"a\"\nzzzzzz = 1\n"),
            [
                "g.toml:3:1: unknown field `zzzzzz`, expected one of `id`, `kind`, `severity`, \
                 `message`, `description`, `link`, `channels`, `languages`, `scopes`, \
                 `examples`, `limit`, `once-per-document`, `fix`"
            ]
        );
    }

    /// `fix` takes `safe` or `unsafe` (a misspelling is an error at the value that suggests
    /// the one meant), and only on kinds that offer fixes.
    #[test]
    fn fix_is_validated_at_its_position() {
        let rule = "[[rule]]\nid = \"a\"\nkind = \"terminology\"\nterms = [{ use = \"x\", not = [\"y\"] }]\n";
        assert_eq!(
            errors(&format!("{rule}fix = \"unsafe\"\n")),
            Vec::<String>::new()
        );
        assert_eq!(
            errors(&format!("{rule}fix = \"saf\"\n")),
            [
                "g.toml:5:7: unknown variant `saf`, expected `safe` or `unsafe` (did you mean `safe`?)"
            ]
        );
        assert_eq!(
            errors(&format!("{rule}fix = \"always\"\n")),
            ["g.toml:5:7: unknown variant `always`, expected `safe` or `unsafe`"]
        );
        assert_eq!(
            errors("[[rule]]\nid = \"a\"\nkind = \"length\"\nmax = 3\nfix = \"safe\"\n"),
            ["g.toml:5:1: `fix` does not apply to a length rule: it offers no fixes"]
        );
        // Every field that takes one of a few names gets the suggestion.
        assert_eq!(
            errors(
                "[[rule]]\nid = \"a\"\nkind = \"avoid\"\nphrases = [\"x\"]\nseverity = \"eror\"\n"
            ),
            [
                "g.toml:5:12: unknown variant `eror`, expected one of `suggestion`, `warning`, \
                 `error` (did you mean `error`?)"
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
