//! The guideline file format, as written by people (TOML).
//!
//! One table per rule, `[[rule]]`, with a `kind` and the fields that kind uses. The fields every
//! rule has are [`RuleSpec`]; each kind's own fields are a typed struct in its file under
//! `crate::checks` (`Fields`). Both are `deny_unknown_fields`, and the loader splits a rule's
//! table between them by key (serde's `flatten` would swallow unknown fields), so a misspelt
//! field is an error at its file:line:col. Fields that exist but belong to another kind are
//! rejected when the rule is compiled, with the same precision.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::document::Scope;
use crate::finding::{Applicability, Severity};

/// A guideline file's name (for messages) and text.
#[derive(Clone, Debug)]
pub struct GuidelineSource {
    /// The file's name (its path, for files on disk): what errors name and relative paths start from.
    pub name: String,
    /// The file's TOML text.
    pub text: String,
}

/// A problem in a guideline file, with its 1-based position.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GuidelineError {
    /// The file's name, as given in [`GuidelineSource::name`].
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What is wrong and, where it can tell, how to put it right.
    pub message: String,
}

impl std::fmt::Display for GuidelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for GuidelineError {}

/// One guideline file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidelineFile {
    /// A human name for this part of the guideline.
    pub name: Option<String>,
    /// What this part of the guideline is for.
    pub description: Option<String>,
    /// The rules (`[[rule]]`): parsed one by one by `crate::guideline`, each into its
    /// [`RuleSpec`] and its kind's fields; accepted as is here.
    #[serde(default)]
    pub rule: Option<serde::de::IgnoredAny>,
    /// The tone profile (`[tone]`): compiled and validated, with positions, by
    /// `crate::tone::profile`; accepted as is here.
    #[serde(default)]
    pub tone: Option<serde::de::IgnoredAny>,
}

/// Makes [`RuleKind`] from the registry ([`crate::kinds`]).
macro_rules! define_rule_kind {
    ($( $(#[$doc:meta])* $variant:ident $module:ident $name:literal $protocol:ident, )*) => {
        /// A rule's `kind`: which check it is. The kinds are listed in `crate::kinds`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
        #[serde(rename_all = "kebab-case")]
        #[non_exhaustive]
        pub enum RuleKind {
            $( $(#[$doc])* $variant, )*
        }

        impl RuleKind {
            /// Every kind, in the registry's order.
            pub const ALL: &'static [RuleKind] = &[$(RuleKind::$variant),*];

            /// The kind's name in a guideline file (`kind = "avoid"`).
            pub fn name(self) -> &'static str {
                match self {
                    $(RuleKind::$variant => $name,)*
                }
            }

            /// The kind named `name`, as a guideline file writes it.
            pub fn from_name(name: &str) -> Option<RuleKind> {
                RuleKind::ALL.iter().copied().find(|kind| kind.name() == name)
            }
        }
    };
}
crate::kinds::rule_kinds!(define_rule_kind);

/// Where an occurrence or length rule counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Per {
    /// Each sentence on its own.
    Sentence,
    /// Each segment (paragraph, heading, list item…) on its own.
    Paragraph,
    /// The whole document.
    Document,
}

/// The case a capitalization rule wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseStyle {
    /// Only the first word (and proper nouns, from `exceptions`) capitalised.
    Sentence,
    /// Principal words capitalised; short articles, conjunctions and prepositions not.
    Title,
    /// Every letter in lower case.
    Lower,
    /// Every letter in capitals.
    Upper,
}

/// What a length rule's finding covers when the text is too long.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Underline {
    /// From the first character (or word) beyond the limit to the end.
    Overflow,
    /// The whole sentence, segment or document, from its start (as Vale reports).
    Whole,
}

/// What a length rule counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LengthUnit {
    /// Unicode scalar values (what a subject-line limit counts).
    Characters,
    /// Words, as the prose segmentation counts them.
    Words,
}

/// A preferred term and what it replaces.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermSpec {
    /// The preferred spelling.
    #[serde(rename = "use")]
    pub preferred: String,
    /// Deprecated variants, matched case-insensitively unless the rule says `ignore-case = false`.
    #[serde(default, rename = "not", skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// Flag any spelling of `use` that differs from it only in case ("Github" for "GitHub").
    #[serde(default, rename = "exact-case", skip_serializing_if = "is_false")]
    pub exact_case: bool,
}

/// Text that must (bad) and must not (good) trigger the rule: the rule's own tests.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Texts the rule must report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bad: Vec<String>,
    /// Texts the rule must not report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub good: Vec<String>,
}

impl Examples {
    /// Whether there are no examples at all (then a written rule leaves `examples` out).
    pub fn is_empty(&self) -> bool {
        self.bad.is_empty() && self.good.is_empty()
    }
}

/// The fields every rule has, whatever its kind; the kind's own fields are a typed struct per
/// kind (`crate::checks::KindSpec`), deserialised from the rest of the rule's table once its
/// `kind` is known.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    /// The rule's id, unique in the guideline (`brand.terms`).
    pub id: Spanned<String>,
    /// Which check the rule is.
    pub kind: RuleKind,
    /// How much a finding matters (default `warning`).
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// The finding's message. Placeholders: `{match}` (the text found), `{expected}` (the
    /// preferred form), `{count}`, `{limit}`, `{per}`, and kind-specific ones documented per kind
    /// in `crate::checks`; a placeholder the rule's kind does not fill is a guideline error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Why the rule exists: shown on hover and in `onbrand rules`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the rule is explained (a URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Limit the rule to documents of these channels (default: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    /// Limit the rule to documents in these languages (`en`, `de`, `zh`; default: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// Limit the rule to these kinds of segment, or finer parts of them (`heading-2`,
    /// `table-header`; default: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<Scope>,
    /// The rule's own tests.
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
    /// At most this many findings of the rule per document, the first ones in reading order
    /// (after suppressions); the rest are dropped. Any kind; at least 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// All of the rule's findings in one document are one finding, at the first, with every
    /// occurrence as a related location and a fix-all: for document-level decisions (the form
    /// of address, a spelling variant). Default: true for `consistency`, false otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub once_per_document: Option<bool>,
    /// Whether the rule's fixes may be applied unread: `safe` (`check --fix` applies them) or
    /// `unsafe` (only `--unsafe-fixes`). Default: the kind's, documented per kind with its
    /// reason; only for kinds that offer fixes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Applicability>,
}

impl RuleSpec {
    /// A rule with nothing but its id and kind (severity `warning`): for code that writes
    /// guidelines (the Vale importer) and sets the other fields it needs.
    pub fn new(id: impl Into<String>, kind: RuleKind) -> RuleSpec {
        RuleSpec {
            id: Spanned::new(0..0, id.into()),
            kind,
            severity: default_severity(),
            message: None,
            description: None,
            link: None,
            channels: Vec::new(),
            languages: Vec::new(),
            scopes: Vec::new(),
            examples: Examples::default(),
            limit: None,
            once_per_document: None,
            fix: None,
        }
    }
}

/// The names of the fields a struct's `Deserialize` accepts, as written in files (after
/// `rename`), in declaration order: the field lists of errors and documentation come from the
/// typed specs themselves, so they cannot drift from what the loader accepts.
pub fn field_names<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    // The derived impl hands its field list to `deserialize_struct`, which keeps it and stops.
    let _ = T::deserialize(FieldNames(&mut names));
    names
}

/// A deserializer that only records the field list of the struct asked of it.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("only structs have field names"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("field names read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// How a pattern rule's fix is derived from the matched text: one operation (see
/// `crate::checks::edit`).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EditSpec {
    /// Characters removed from the end of the match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trim_end: Option<String>,
    /// Characters removed from the start of the match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trim_start: Option<String>,
    /// Characters removed from both ends of the match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trim: Option<String>,
    /// A regex whose matches inside the match are replaced by `replace`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// What `regex`'s matches are replaced by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replace: Option<String>,
    /// Keep what precedes the first occurrence of this separator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncate_at: Option<String>,
    /// Split at this separator and keep part `part` (from 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split_at: Option<String>,
    /// The part kept after `split-at` (from 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<usize>,
}

/// One key of a substitution rule: a regex and its replacement(s), alternatives split by `|`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SwapSpec {
    /// The regex key.
    pub pattern: String,
    /// What replaces a match; alternatives split by `|`.
    #[serde(rename = "use")]
    pub replacement: String,
}

/// Consistency groups, unnamed (a list) or named (`[rule.variants] formal = […]`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Variants {
    /// Groups as a list: `[["Sie", "Ihnen"], ["du", "dich"]]`.
    Unnamed(Vec<Vec<String>>),
    /// Groups by name: `formal = ["Sie"]`.
    Named(BTreeMap<String, Vec<String>>),
}

fn default_severity() -> Severity {
    Severity::Warning
}

/// For `skip_serializing_if`: a flag left at its default, false, is not written.
fn is_false(flag: &bool) -> bool {
    !flag
}
