//! The guideline file format, as written by people (TOML).
//!
//! One flat table per rule, `[[rule]]`, with a `kind` and the fields that kind uses. A flat
//! struct with `deny_unknown_fields` gives precise errors for misspelt fields (serde's
//! `flatten` would swallow them); fields that exist but do not belong to the rule's kind are
//! rejected when the rule is compiled, with the same file:line:col precision.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::document::SegmentKind;
use crate::finding::Severity;

/// A guideline file's name (for messages) and text.
#[derive(Clone, Debug)]
pub struct GuidelineSource {
    pub name: String,
    pub text: String,
}

/// A problem in a guideline file, with its 1-based position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuidelineError {
    pub file: String,
    pub line: u32,
    pub column: u32,
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
    pub description: Option<String>,
    #[serde(default)]
    pub rule: Vec<Spanned<RuleSpec>>,
    /// The tone profile (`[tone]`): compiled and validated, with positions, by
    /// `crate::tone::profile`; accepted as is here.
    #[serde(default)]
    pub tone: Option<serde::de::IgnoredAny>,
}

/// Makes [`RuleKind`] from the registry ([`crate::kinds`]).
macro_rules! define_rule_kind {
    ($( $(#[$doc:meta])* $variant:ident $module:ident $name:literal $protocol:ident, )*) => {
        /// A rule's `kind`: which check it is. The kinds are listed in [`crate::kinds`].
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
    Sentence,
    Paragraph,
    Document,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseStyle {
    /// Only the first word (and proper nouns, from `exceptions`) capitalised.
    Sentence,
    /// Principal words capitalised; short articles, conjunctions and prepositions not.
    Title,
    Lower,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LengthUnit {
    /// Unicode scalar values (what a subject-line limit counts).
    Characters,
    Words,
}

/// A preferred term and what it replaces.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermSpec {
    /// The preferred spelling.
    #[serde(rename = "use")]
    pub preferred: String,
    /// Deprecated variants, matched case-insensitively unless the rule says `ignore-case = false`.
    #[serde(default, rename = "not")]
    pub variants: Vec<String>,
    /// Flag any spelling of `use` that differs from it only in case ("Github" for "GitHub").
    #[serde(default, rename = "exact-case")]
    pub exact_case: bool,
}

/// Text that must (bad) and must not (good) trigger the rule: the rule's own tests.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub bad: Vec<String>,
    #[serde(default)]
    pub good: Vec<String>,
}

/// One rule, as written. Which fields apply depends on `kind`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub kind: RuleKind,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// The finding's message. Placeholders: `{match}` (the text found), `{expected}` (the
    /// preferred form), `{count}`, `{limit}`, `{per}`, and kind-specific ones documented per kind
    /// in `crate::checks`; a placeholder the rule's kind does not fill is a guideline error.
    pub message: Option<String>,
    /// Why the rule exists: shown on hover and in `onbrand rules`.
    pub description: Option<String>,
    pub link: Option<String>,
    /// Limit the rule to documents of these channels (default: all).
    #[serde(default)]
    pub channels: Vec<String>,
    /// Limit the rule to documents in these languages (`en`, `de`, `zh`; default: all).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Limit the rule to these kinds of segment (default: all).
    #[serde(default)]
    pub scopes: Vec<SegmentKind>,
    #[serde(default)]
    pub examples: Examples,
    /// At most this many findings of the rule per document, the first ones in reading order
    /// (after suppressions); the rest are dropped. Any kind; at least 1.
    pub limit: Option<u32>,
    /// All of the rule's findings in one document are one finding, at the first, with every
    /// occurrence as a related location and a fix-all: for document-level decisions (the form
    /// of address, a spelling variant). Default: true for `consistency`, false otherwise.
    pub once_per_document: Option<bool>,

    // terminology
    pub terms: Option<Vec<TermSpec>>,
    // avoid
    pub phrases: Option<Vec<String>>,
    /// terminology, avoid, pattern, occurrence, consistency, substitution, repetition: match
    /// case-insensitively (default true for terminology, avoid and repetition; false for
    /// pattern, occurrence, consistency and substitution).
    pub ignore_case: Option<bool>,
    // pattern, occurrence, conditional
    pub pattern: Option<Spanned<String>>,
    /// pattern: replacement for an automatic fix (`$1` refers to capture groups).
    pub replace: Option<String>,
    /// pattern: a fix derived from the matched text (`edit = { trim-end = "!" }`).
    pub edit: Option<EditSpec>,
    // occurrence, length
    pub per: Option<Per>,
    pub max: Option<u32>,
    pub min: Option<u32>,
    /// occurrence: one finding per sentence/paragraph/document over `max`, at its first match
    /// (Vale's occurrence), instead of one per match beyond `max`.
    pub once: Option<bool>,
    // length
    pub unit: Option<LengthUnit>,
    /// length: what a too-long finding covers, `"overflow"` (default) or `"whole"`.
    pub underline: Option<Underline>,
    // repetition
    /// Words that may legitimately repeat ("that that", "had had").
    pub allow: Option<Vec<String>>,
    // capitalization
    pub style: Option<CaseStyle>,
    /// capitalization: words exempt from the rule (brand names), kept as written;
    /// pattern, substitution, conditional: regexes, a match containing one is not reported.
    pub exceptions: Option<Vec<String>>,
    /// capitalization (sentence style): marks after which the next word starts with a capital,
    /// like a first word (`indicators = [":"]`). A capital after `:`, `.`, `!` or `?` is
    /// allowed either way.
    pub indicators: Option<Vec<String>>,
    /// capitalization: keep words in all capitals as acronyms (default true); `false` judges
    /// them like any word, so only `exceptions` keep them.
    pub acronyms: Option<bool>,
    /// capitalization: regexes (Vale's exceptions), matched case-sensitively as whole words in
    /// the segment; the words inside a match are kept as written.
    pub exception_patterns: Option<Vec<String>>,
    /// capitalization: `exceptions` keep a word only as written (default false: a word
    /// written in another case is corrected to the exception).
    pub exceptions_exact_case: Option<bool>,
    /// capitalization: one finding over the whole segment, `{match}` the segment as written
    /// (default false: from the first to the last word in the wrong case).
    pub whole_segment: Option<bool>,
    /// capitalization: keep proper nouns and code-like words as written (default true).
    pub proper_nouns: Option<bool>,
    // consistency
    /// Groups of forms that must not be mixed: `variants = [["Sie", "Ihnen"], ["du", "dich"]]`,
    /// or named groups as a table.
    pub variants: Option<Variants>,
    /// Forms listed only capitalised may be another word at a sentence start ("Sie": she/they),
    /// so they are not counted there. Default false.
    pub sentence_start_ambiguous: Option<bool>,
    // conditional
    /// The regex that defines what `pattern` uses; capture group 1 of both must be equal.
    pub definition: Option<Spanned<String>>,
    /// conditional: a key used this many times in the document needs no definition.
    pub familiar_after: Option<u32>,
    /// conditional: report every use of an undefined key, not only the first (Vale's way).
    pub every_use: Option<bool>,
    // substitution
    /// Regex keys and what replaces each: `swap = [{ pattern = 'utili[sz]e', use = 'use' }]`.
    pub swap: Option<Vec<SwapSpec>>,
    /// substitution: wrap the keys in word boundaries, `\b(?:…)\b` (default true).
    pub whole_words: Option<bool>,
    // metric
    /// An expression over the document's counts: `words / sentences`.
    pub formula: Option<String>,
    /// When the formula's value is reported: `> 25`.
    pub condition: Option<String>,
    // spelling
    /// Hunspell dictionaries (`.aff` + `.dic`), named without the extension, relative to the
    /// guideline file.
    pub dictionaries: Option<Vec<Spanned<String>>>,
    /// spelling: regexes; a word in which one matches is not checked.
    pub filters: Option<Vec<Spanned<String>>>,
    /// spelling: words that are always correct (ignoring case).
    pub ignore_words: Option<Vec<String>>,
    /// spelling: word lists (one word per line), relative to the guideline file.
    pub ignore_files: Option<Vec<Spanned<String>>>,
}

/// How a pattern rule's fix is derived from the matched text: one operation (see
/// `crate::checks::edit`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EditSpec {
    /// Characters removed from the end of the match.
    pub trim_end: Option<String>,
    /// Characters removed from the start of the match.
    pub trim_start: Option<String>,
    /// Characters removed from both ends of the match.
    pub trim: Option<String>,
    /// A regex whose matches inside the match are replaced by `replace`.
    pub regex: Option<String>,
    pub replace: Option<String>,
    /// Keep what precedes the first occurrence of this separator.
    pub truncate_at: Option<String>,
    /// Split at this separator and keep part `part` (from 0).
    pub split_at: Option<String>,
    pub part: Option<usize>,
}

/// One key of a substitution rule: a regex and its replacement(s), alternatives split by `|`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwapSpec {
    pub pattern: String,
    #[serde(rename = "use")]
    pub replacement: String,
}

/// Consistency groups, unnamed (a list) or named (`[rule.variants] formal = […]`).
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Variants {
    Unnamed(Vec<Vec<String>>),
    Named(BTreeMap<String, Vec<String>>),
}

fn default_severity() -> Severity {
    Severity::Warning
}
