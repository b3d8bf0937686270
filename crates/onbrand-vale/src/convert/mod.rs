//! One Vale rule → one onbrand rule, built as the engine's typed specs: the common fields
//! ([`RuleSpec`]) and the kind's own ([`KindSpec`], each kind's `Fields`), so that a misspelt
//! field or a value of the wrong type is a compile error here, not a guideline the loader
//! rejects. Everything that is not exact gets a note. One module per Vale extension point;
//! `scope`, `message` and `regex` hold what they share.

mod builtin;
mod capitalization;
mod conditional;
mod consistency;
mod existence;
mod message;
mod metric;
mod occurrence;
mod regex;
mod repetition;
mod scope;
mod spelling;
mod substitution;

use onbrand_engine::checks::KindSpec;
use onbrand_engine::finding::Severity;
use onbrand_engine::spec::{RuleKind, RuleSpec};
use serde::Serialize;
use toml::Spanned;

use super::rule::ValeRule;

pub use builtin::builtin;
pub use existence::existence_regex;
pub use message::message;
pub use regex::{escape_literal_braces, split_lookbehinds};

/// A converted rule as a guideline file's `[[rule]]` holds it: the common fields, then the
/// kind's own.
#[derive(Clone, Debug, Serialize)]
pub struct ImportedRule {
    #[serde(flatten)]
    pub common: RuleSpec,
    #[serde(flatten)]
    pub fields: KindSpec,
}

impl ImportedRule {
    /// The rule of `common` and `fields`, its `kind` set from `fields` so that the two agree.
    pub fn new(mut common: RuleSpec, fields: KindSpec) -> ImportedRule {
        common.kind = fields.kind();
        ImportedRule { common, fields }
    }
}

/// What the conversion of a rule gave: the rule (None: not converted) and the notes.
#[derive(Debug, Default)]
pub struct Converted {
    pub rule: Option<ImportedRule>,
    /// Why it is not exact, and what was done instead.
    pub notes: Vec<(String, String)>,
    /// The Vale key each onbrand key was made from, where their names differ (`pattern` from
    /// `tokens`): an error in the converted rule names the key the author wrote.
    pub vale_keys: Vec<(&'static str, &'static str)>,
}

impl Converted {
    fn note(&mut self, reason: impl Into<String>, instead: impl Into<String>) {
        self.notes.push((reason.into(), instead.into()));
    }

    /// The rule as the guideline file will hold it: what the tests read.
    #[cfg(test)]
    fn table(&self) -> Option<toml::Table> {
        let rule = self.rule.as_ref()?;
        Some(toml::Table::try_from(rule).expect("a converted rule serialises"))
    }
}

/// A TOML list of strings, as the tests expect a written list field.
#[cfg(test)]
fn strings(items: &[String]) -> toml::Value {
    toml::Value::Array(items.iter().cloned().map(toml::Value::String).collect())
}

/// A rule on its way: what each kind's conversion reads (the Vale rule, its exceptions, the
/// vocabulary) and the parts it fills in besides its own fields.
struct Draft<'a> {
    rule: &'a ValeRule,
    /// Accepted words (regexes), for the kinds that use them their own way (spelling).
    vocab: &'a [String],
    /// The rule's `exceptions`, then the accepted vocabulary unless it says `vocab: false`.
    exceptions: Vec<String>,
    /// The common fields; the kind is set when the rule is made ([`ImportedRule::new`]).
    common: RuleSpec,
    converted: Converted,
}

impl Draft<'_> {
    /// The rule's message, with Vale's values (`names`, in Vale's order) as placeholders.
    fn set_message(&mut self, names: &[&str]) {
        if let Some(text) = &self.rule.message {
            self.common.message = Some(message(text, names));
        }
    }
}

/// Vale's levels; anything else is reported and becomes a warning. A rule without a level is
/// a warning, as Vale's manager makes it.
pub fn severity(level: Option<&str>) -> Option<Severity> {
    match level.map(str::trim).unwrap_or("warning") {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "suggestion" => Some(Severity::Suggestion),
        _ => None,
    }
}

/// Convert `rule` (`id` = `Style.Rule`). `vocab` are accepted words (regexes): exceptions of
/// every existence, substitution, conditional and capitalization rule, as in Vale, unless the
/// rule says `vocab: false`.
pub fn convert(id: &str, rule: &ValeRule, vocab: &[String]) -> Converted {
    let mut converted = Converted::default();
    let Some(common) = common_fields(id, rule, &mut converted) else {
        return converted;
    };
    let mut exceptions = rule.exceptions.clone();
    if rule.vocab != Some(false) {
        exceptions.extend(vocab.iter().cloned());
    }
    let mut draft = Draft {
        rule,
        vocab,
        exceptions,
        common,
        converted,
    };
    let fields = match rule.extends.as_deref().unwrap_or("").trim() {
        "existence" => existence::convert(&mut draft),
        "substitution" => substitution::convert(&mut draft),
        "occurrence" => occurrence::convert(&mut draft),
        "repetition" => repetition::convert(&mut draft),
        "consistency" => consistency::convert(&mut draft),
        "conditional" => conditional::convert(&mut draft),
        "capitalization" => capitalization::convert(&mut draft),
        "metric" => metric::convert_metric(&mut draft),
        "readability" => metric::convert_readability(&mut draft),
        "spelling" => spelling::convert(&mut draft),
        extends @ ("script" | "sequence") => {
            draft.converted.note(
                format!("`extends: {extends}` is not supported by onbrand"),
                "not converted",
            );
            None
        }
        other => {
            draft
                .converted
                .note(format!("unknown `extends: {other}`"), "not converted");
            None
        }
    };
    let mut converted = draft.converted;
    converted.rule = fields.map(|fields| ImportedRule::new(draft.common, fields));
    converted
}

/// The fields every converted rule has: id, severity, link, description, scopes and limit.
/// None when the scope leaves nothing to lint (noted).
fn common_fields(id: &str, rule: &ValeRule, converted: &mut Converted) -> Option<RuleSpec> {
    // The kind is set from the kind's fields once they are made.
    let mut common = RuleSpec::new(id, RuleKind::Pattern);
    let level = rule.level.as_deref();
    common.severity = severity(level).unwrap_or_else(|| {
        converted.note(
            format!("unknown level {:?}", level.unwrap_or("")),
            "severity warning",
        );
        Severity::Warning
    });
    common.link.clone_from(&rule.link);
    common.description.clone_from(&rule.description);
    common.scopes = scope::scopes(rule, converted)?;
    // Vale's `limit`: at most N alerts of the rule per file; 0 (or none) means no limit.
    common.limit = match rule.limit {
        Some(0) | None => None,
        Some(limit) => Some(u32::try_from(limit).unwrap_or(u32::MAX)),
    };
    Some(common)
}

/// A value built here for a field the engine reads with its position: it has none until the
/// guideline is written and read back.
pub(crate) fn unspanned(value: String) -> Spanned<String> {
    Spanned::new(0..0, value)
}

/// A list field: not written when empty.
fn non_empty<T>(items: Vec<T>) -> Option<Vec<T>> {
    (!items.is_empty()).then_some(items)
}

/// Words and spaces only: an exception or vocabulary entry that is no regex.
fn is_literal_phrase(entry: &str) -> bool {
    !entry.trim().is_empty()
        && entry
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule;

    /// Vale's exceptions are regexes: they are written as such for conditional rules (whose
    /// `exceptions` are regexes) and as `exception-patterns` for capitalization, with the
    /// accepted vocabulary unless the rule says `vocab: false`.
    #[test]
    fn exceptions_stay_regexes_with_the_vocabulary() {
        let vocab = ["Fern(way)?".to_owned()];
        let rule = rule::parse(
            "extends: conditional\nfirst: '\\b([A-Z]{3,5}s?)\\b'\nsecond: '\\(([A-Z]{3,5}s?)\\)'\n\
             exceptions:\n  - 'APIs?'\n",
        )
        .unwrap();
        let table = convert("S.Defs", &rule, &vocab).table().unwrap();
        assert_eq!(
            table["exceptions"],
            strings(&["APIs?".into(), vocab[0].clone()])
        );
        let rule = rule::parse(
            "extends: capitalization\nmatch: $title\nvocab: false\nexceptions:\n  - 'Node\\.js'\n",
        )
        .unwrap();
        let table = convert("S.Headings", &rule, &vocab).table().unwrap();
        assert_eq!(table["exception-patterns"], strings(&[r"Node\.js".into()]));
        assert!(table.get("exceptions").is_none());
    }

    #[test]
    fn limit_is_kept_and_zero_means_none() {
        let rule = rule::parse("extends: existence\nlimit: 1\ntokens:\n  - very\n").unwrap();
        let converted = convert("S.Very", &rule, &[]);
        assert_eq!(converted.table().unwrap()["limit"].as_integer(), Some(1));
        assert!(converted.notes.is_empty(), "{:?}", converted.notes);
        let rule = rule::parse("extends: existence\nlimit: 0\ntokens:\n  - very\n").unwrap();
        assert!(
            convert("S.Very", &rule, &[])
                .table()
                .unwrap()
                .get("limit")
                .is_none()
        );
    }

    /// Each Vale extension point gives a rule of the kind it maps to, whatever kind the common
    /// fields were started with; written, it holds only the fields the conversion set, and
    /// the engine compiles it as written.
    #[test]
    fn each_extension_point_gives_its_kind_written_as_the_engine_reads_it() {
        let cases = [
            ("existence", "tokens:\n  - Grüße\n", "pattern"),
            ("substitution", "swap:\n  utilise: use\n", "substitution"),
            ("occurrence", "max: 3\ntoken: ','\n", "occurrence"),
            (
                "occurrence",
                "scope: sentence\nmax: 25\ntoken: '\\b(\\w+)\\b'\n",
                "length",
            ),
            ("repetition", "tokens:\n  - '\\w+'\n", "repetition"),
            (
                "consistency",
                "either:\n  advisor: adviser\n",
                "consistency",
            ),
            (
                "conditional",
                "first: '\\b([A-Z]{3,5})\\b'\nsecond: '\\(([A-Z]{3,5})\\)'\n",
                "conditional",
            ),
            ("capitalization", "match: $title\n", "capitalization"),
            (
                "metric",
                "formula: words / sentences\ncondition: '> 20'\n",
                "metric",
            ),
            ("readability", "grade: 8\nmetrics:\n  - SMOG\n", "metric"),
        ];
        for (extends, body, kind) in cases {
            let rule =
                rule::parse(&format!("extends: {extends}\nmessage: 'Not %s.'\n{body}")).unwrap();
            let converted = convert("S.R", &rule, &[]);
            let table = converted.table().unwrap();
            assert_eq!(table["kind"].as_str(), Some(kind), "{extends}");
            assert_eq!(table["id"].as_str(), Some("S.R"));
            assert_eq!(table["severity"].as_str(), Some("warning"));
            // Nothing the Vale rule did not say: no scope, limit, link or description.
            for absent in ["scopes", "limit", "link", "description", "examples"] {
                assert!(table.get(absent).is_none(), "{extends}: {absent}");
            }
            let mut file = toml::Table::new();
            file.insert("rule".into(), toml::Value::Array(vec![table.into()]));
            let source = onbrand_engine::guideline::GuidelineSource {
                name: "S.toml".into(),
                text: toml::to_string(&file).unwrap(),
            };
            let compiled = onbrand_engine::guideline::Guideline::compile(&[source])
                .unwrap_or_else(|errors| panic!("{extends}: {errors:?}"));
            assert_eq!(compiled.rules()[0].kind.name(), kind);
        }
        // Without `ignorecase` a pattern rule says nothing about case (the kind's default).
        let rule = rule::parse("extends: existence\ntokens:\n  - very\n").unwrap();
        let table = convert("S.Very", &rule, &[]).table().unwrap();
        assert!(table.get("ignore-case").is_none());
        assert!(table.get("exceptions").is_none());
    }

    #[test]
    fn the_kind_of_an_imported_rule_is_its_fields_kind() {
        let rule = ImportedRule::new(
            RuleSpec::new("S.R", RuleKind::Avoid),
            KindSpec::Repetition(onbrand_engine::checks::repetition::Fields::default()),
        );
        assert_eq!(rule.common.kind, RuleKind::Repetition);
        assert_eq!(
            toml::to_string(&rule).unwrap(),
            "id = \"S.R\"\nkind = \"repetition\"\nseverity = \"warning\"\n"
        );
    }
}
