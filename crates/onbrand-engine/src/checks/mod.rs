//! Checks: the rule kinds, one per file, and the engine that runs a compiled guideline.
//!
//! # How a document is checked
//! The guideline is compiled once. Every literal string of every rule (terminology variants,
//! brand names in exact case, avoided phrases, consistency forms) goes into one Aho-Corasick
//! automaton (`literals`), and every regular expression (pattern, occurrence, conditional)
//! into one `RegexSet` prefilter (`regexes`). Per segment the automaton runs once over a
//! case-folded copy of the text and the set runs once, so thousands of terms cost about as much
//! as one, and a rule's own regex only runs on segments where the set says it can match.
//!
//! # Which rules apply
//! - `channels`: the rule applies only to documents of these channels (case-insensitive). A
//!   document whose channel is unknown gets no channel-limited rule: a 280-character limit for
//!   social posts must not hit every file that lacks a channel.
//! - `languages`: compared by primary subtag, case-insensitively (`de-CH` matches `de`). A rule
//!   runs only when the document's language is known and listed: on a text too short to detect
//!   (and with no `lang:` and no `language` in `onbrand.toml`) the English and the German rule
//!   would both apply and undo each other's fixes ("e-mail" → "email" → "E-Mail"), so neither
//!   does. Rules without `languages` run on every document.
//! - `limit`: at most this many findings of the rule per document, the first in reading order,
//!   after suppressions (`Engine::apply_limits`, called once per document by `crate::lint`).
//! - `scopes`: the kinds of segment the rule looks at (`heading`, `paragraph`, `list-item`,
//!   `table-cell`, `block-quote`, `alt-text`, `title`, `description`, `subject`, `preheader`), or
//!   finer parts of them that the markup tells apart (`heading-1` … `heading-6`,
//!   `table-header`, `table-body`: see [`Scope`]); all kinds when absent, except for
//!   capitalization, which defaults to `["heading"]`.
//!
//! # Messages
//! Every rule has a default message; `message = "…"` replaces it. Placeholders: `{match}` (the
//! text found), `{expected}` (the preferred form or fix), `{count}`, `{limit}`, `{per}`, and the
//! kind-specific ones listed in each kind's documentation. An unknown placeholder is a guideline
//! error, not a silent literal.

pub(crate) mod dense_dfa;
pub(crate) mod edit;
pub(crate) mod exceptions;
pub(crate) mod fallback;
pub(crate) mod literals;
pub(crate) mod nfa_size;
pub(crate) mod occurrences;
pub(crate) mod regexes;
pub(crate) mod required_literals;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod windowed;

use std::cell::{Cell, OnceCell};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use crate::document::{Detail, Document, Note, OPAQUE, Scope, Segment, SegmentKind};
use crate::finding::{Applicability, Edit, Finding, Fix, Occurrence, RuleInfo};
use crate::memo::SegmentMemo;
use crate::position::LineIndex;
use crate::prose;
use crate::spec::{GuidelineError, RuleKind, RuleSpec};

/// What the checks need to know about the document beyond its segments.
#[derive(Clone, Copy, Debug, Default)]
pub struct DocContext<'a> {
    /// The document's channel (`email`, `social`), when the configuration names one.
    pub channel: Option<&'a str>,
    /// Primary language subtag: `en`, `de`, `zh`, …
    pub language: Option<&'a str>,
}

use literals::{Hit, Literals, LiteralsBuilder};
use regexes::{RegexId, Regexes, RegexesBuilder};

/// Makes the kind modules, [`Check`] and its per-document state, compilation, dispatch, field
/// lists and documentation from the registry ([`crate::kinds`]).
macro_rules! define_checks {
    ($( $(#[$doc:meta])* $variant:ident $module:ident $name:literal $protocol:ident, )*) => {
        $( pub mod $module; )*

        /// One compiled rule's check.
        #[derive(Debug)]
        pub(crate) enum Check {
            $( $variant($module::$variant), )*
        }

        /// Per-document state of a check (`()` for the local kinds).
        enum State {
            /// A rule that does not apply to this document: never called.
            Inactive,
            $( $variant(<$module::$variant as KindState>::State), )*
        }

        $( impl_kind_state!($protocol $module $variant); )*

        impl Check {
            /// Whether the check's findings in a segment depend on nothing but that segment (its
            /// kind and prose) and the document context: the `local` kinds. Their findings are
            /// what [`SegmentOutcome`] caches; every other check is re-run over each segment on
            /// every lint, in document order, with its state.
            ///
            /// A local kind must not read `SegmentCx::index`; should it look at the document
            /// through its `Emitter` (`document`, `line_of`, `emit_source`), its outcome is not
            /// reused.
            fn is_local(&self) -> bool {
                match self {
                    $( Check::$variant(_) => protocol_is_local!($protocol), )*
                }
            }

            fn new_state(&self) -> State {
                match self {
                    $( Check::$variant(_) => State::$variant(Default::default()), )*
                }
            }

            fn segment(&self, cx: &SegmentCx<'_>, state: &mut State, emit: &mut Emitter<'_>) {
                match (self, state) {
                    $( (Check::$variant(check), State::$variant(state)) => {
                        call_segment!($protocol check cx state emit)
                    } )*
                    // Only an inactive rule's state differs from its check's, and it is not called.
                    _ => {}
                }
            }

            fn finish(&self, state: State, emit: &mut Emitter<'_>) {
                match (self, state) {
                    $( (Check::$variant(check), State::$variant(state)) => {
                        call_finish!($protocol check state emit)
                    } )*
                    _ => {}
                }
            }
        }

        /// A rule's own fields, typed by its kind (each kind's `Fields`). Serialised, it is
        /// the fields alone, without `kind` (the rule's [`crate::spec::RuleSpec`] writes that).
        #[derive(Clone, Debug, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum KindSpec {
            $( $(#[$doc])* $variant($module::Fields), )*
        }

        impl KindSpec {
            /// The kind these fields belong to.
            pub fn kind(&self) -> RuleKind {
                match self {
                    $( KindSpec::$variant(_) => RuleKind::$variant, )*
                }
            }

            /// Deserialise the fields of a rule of `kind` (the rule's table without the
            /// common fields); a field the kind does not have is an error.
            pub fn deserialize<'de, D: serde::Deserializer<'de>>(
                kind: RuleKind,
                deserializer: D,
            ) -> Result<KindSpec, D::Error> {
                Ok(match kind {
                    $( RuleKind::$variant => {
                        KindSpec::$variant(serde::Deserialize::deserialize(deserializer)?)
                    } )*
                })
            }
        }

        /// Compile a rule, its common part in `cx`, into its kind's check.
        pub(crate) fn compile_kind(cx: &mut CompileCx<'_>, fields: &KindSpec) -> Option<Check> {
            Some(match fields {
                $( KindSpec::$variant(fields) => Check::$variant($module::compile(cx, fields)?), )*
            })
        }

        /// The fields a kind accepts besides the common ones (its `Fields`, as written in
        /// files), and its message placeholders.
        pub fn kind_fields(kind: RuleKind) -> (&'static [&'static str], &'static [&'static str]) {
            match kind {
                $( RuleKind::$variant => (
                    crate::spec::field_names::<$module::Fields>(),
                    $module::PLACEHOLDERS,
                ), )*
            }
        }

        /// Whether rules of the kind offer fixes (its `OFFERS_FIXES`): only those take `fix`.
        pub fn kind_offers_fixes(kind: RuleKind) -> bool {
            match kind {
                $( RuleKind::$variant => $module::OFFERS_FIXES, )*
            }
        }

        /// The kind's user documentation: its module's `//!` comment, as Markdown.
        pub fn kind_documentation(kind: RuleKind) -> String {
            let source = match kind {
                $( RuleKind::$variant => include_str!(concat!(stringify!($module), ".rs")), )*
            };
            module_doc(source)
        }
    };
}

impl Check {
    /// The prefilter's regexes of a check that can find nothing in a segment where none of
    /// them may match; None for a check that must run wherever its rule is in scope. A kind
    /// listed here must return at once in such a segment, so that skipping it changes nothing.
    fn prefiltered_by(&self) -> Option<Box<[RegexId]>> {
        match self {
            Check::Pattern(check) => check.prefiltered_by(),
            Check::Substitution(check) => check.prefiltered_by(),
            _ => None,
        }
    }
}

/// The state type of a kind, by its protocol.
trait KindState {
    type State: Default;
}

macro_rules! impl_kind_state {
    (local $module:ident $variant:ident) => {
        impl KindState for $module::$variant {
            type State = ();
        }
    };
    ($protocol:ident $module:ident $variant:ident) => {
        impl KindState for $module::$variant {
            type State = $module::State;
        }
    };
}

macro_rules! protocol_is_local {
    (local) => {
        true
    };
    ($other:ident) => {
        false
    };
}

macro_rules! call_segment {
    (local $check:ident $cx:ident $state:ident $emit:ident) => {{
        let () = $state;
        $check.segment($cx, $emit)
    }};
    (decides_at_end $check:ident $cx:ident $state:ident $emit:ident) => {
        $check.segment($cx, $state)
    };
    ($protocol:ident $check:ident $cx:ident $state:ident $emit:ident) => {
        $check.segment($cx, $state, $emit)
    };
}

macro_rules! call_finish {
    (local $check:ident $state:ident $emit:ident) => {{
        let _ = ($check, $state, $emit);
    }};
    (reports_while_reading $check:ident $state:ident $emit:ident) => {{
        let _ = ($check, $state, $emit);
    }};
    ($protocol:ident $check:ident $state:ident $emit:ident) => {
        $check.finish($state, $emit)
    };
}

crate::kinds::rule_kinds!(define_checks);

/// `a()` and `b()`: side by side on rayon's pool when `parallel` (see
/// `guideline::may_compile_in_parallel`), else one after the other.
pub(crate) fn join<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    #[cfg(feature = "parallel")]
    if parallel {
        return rayon::join(a, b);
    }
    let _ = parallel;
    (a(), b())
}

/// The `//!` lines at the top of a Rust source file, without the markers.
fn module_doc(source: &str) -> String {
    let mut doc = String::new();
    for line in source.lines() {
        let Some(text) = line.strip_prefix("//!") else {
            break;
        };
        doc.push_str(text.strip_prefix(' ').unwrap_or(text));
        doc.push('\n');
    }
    doc
}

/// Which of a guideline's rules run over a document.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Selection<'a> {
    /// Every rule.
    All,
    /// Every rule but those with these ids: the ones a file's configuration switched off.
    AllBut(&'a HashSet<String>),
    /// Only the rule at this index (a rule's examples run alone).
    Only(usize),
}

impl Selection<'_> {
    fn selects(self, index: usize, id: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::AllBut(disabled) => !disabled.contains(id),
            Selection::Only(only) => only == index,
        }
    }
}

/// When a rule applies.
#[derive(Debug)]
pub(crate) struct Filter {
    /// Lower-cased channel names; empty = every channel.
    channels: Vec<String>,
    /// Lower-cased primary language subtags; empty = every language.
    languages: Vec<String>,
    /// Bit per [`SegmentKind`] the rule looks at whole (its index in [`SegmentKind::ALL`]).
    scopes: u16,
    /// The finer scopes it looks at besides (`heading-2`, `table-header`, `raw`).
    finer: Vec<Scope>,
}

impl Filter {
    pub(crate) fn new(channels: &[String], languages: &[String], scopes: &[Scope]) -> Self {
        let kinds = scopes.iter().filter_map(|scope| match scope {
            Scope::Kind(kind) => Some(*kind),
            _ => None,
        });
        let finer = scopes
            .iter()
            .filter(|scope| !matches!(scope, Scope::Kind(_)))
            .copied()
            .collect();
        let scopes = if scopes.is_empty() {
            u16::MAX
        } else {
            kinds.fold(0, |mask, kind| mask | scope_bit(kind))
        };
        Filter {
            channels: channels.iter().map(|c| c.trim().to_lowercase()).collect(),
            languages: languages.iter().map(|l| primary_subtag(l)).collect(),
            scopes,
            finer,
        }
    }

    fn applies_to(&self, document: &FilterKey) -> bool {
        let channel_ok = self.channels.is_empty()
            || (document.channel.as_ref()).is_some_and(|channel| self.channels.contains(channel));
        let language_ok = self.languages.is_empty()
            || (document.language.as_ref())
                .is_some_and(|language| self.languages.contains(language));
        channel_ok && language_ok
    }

    fn in_scope(&self, segment: &Segment) -> bool {
        let whole_kind =
            segment.detail != Detail::Raw && self.scopes & scope_bit(segment.kind) != 0;
        whole_kind || self.finer.iter().any(|scope| scope.contains(segment))
    }

    /// Does the rule read the document's raw source ([`Scope::Raw`])?
    fn reads_raw(&self) -> bool {
        self.finer.contains(&Scope::Raw)
    }
}

/// A document's channel and language as [`Filter`]s hold theirs (lower case; the primary
/// subtag), made once per document rather than once per rule.
struct FilterKey {
    channel: Option<String>,
    language: Option<String>,
}

impl FilterKey {
    fn of(context: &DocContext<'_>) -> FilterKey {
        FilterKey {
            channel: context.channel.map(|channel| channel.trim().to_lowercase()),
            language: context.language.map(primary_subtag),
        }
    }
}

fn scope_bit(kind: SegmentKind) -> u16 {
    let index = SegmentKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0);
    1 << index
}

/// `de-CH` → `de`, `ZH_Hans` → `zh`.
fn primary_subtag(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// A compiled rule as the engine sees it.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    pub(crate) info: Arc<RuleInfo>,
    pub(crate) message: Option<String>,
    pub(crate) filter: Filter,
    pub(crate) check: Check,
    /// `limit`: the most findings of this rule one document shows.
    pub(crate) limit: Option<u32>,
    /// `once-per-document`: the rule's findings in one document are reported as one.
    pub(crate) once_per_document: bool,
    /// `fix = "safe"|"unsafe"`: the applicability of the rule's fixes, beating its kind's.
    pub(crate) fix_applicability: Option<Applicability>,
}

/// All compiled checks of a guideline, with the shared matchers.
#[derive(Debug, Default)]
pub(crate) struct Engine {
    pub(crate) rules: Vec<CompiledRule>,
    literals: Literals,
    regexes: Regexes,
    /// Per rule, [`Check::prefiltered_by`]: the local rules skipped where the prefilter rules
    /// out all of these regexes.
    prefiltered_by: Vec<Option<Box<[RegexId]>>>,
}

/// What a rule's check sees of one segment.
pub(crate) struct SegmentCx<'a> {
    pub(crate) segment: &'a Segment,
    /// Index of the segment in the document.
    pub(crate) index: usize,
    /// The document's primary language subtag (`en`), when known: part of the context a
    /// segment's outcome is reused in, so a local kind may read it.
    pub(crate) language: Option<&'a str>,
    /// This rule's literal matches in the segment: whole words, leftmost-longest, in order.
    pub(crate) hits: &'a [Hit],
    regex_candidates: &'a regexes::Candidates,
    sentences: &'a OnceCell<Vec<Range<usize>>>,
}

impl SegmentCx<'_> {
    pub(crate) fn text(&self) -> &str {
        &self.segment.text
    }

    /// Whether the regex may match this segment (false means it certainly does not).
    pub(crate) fn may_match(&self, id: RegexId) -> bool {
        self.regex_candidates.may_match(id)
    }

    /// The segment's sentences, computed once and shared by every rule.
    pub(crate) fn sentences(&self) -> &[Range<usize>] {
        self.sentences
            .get_or_init(|| prose::sentences(&self.segment.text))
    }
}

/// Placeholder values for a message.
#[derive(Default)]
pub(crate) struct Vars<'a> {
    pub(crate) matched: Option<&'a str>,
    pub(crate) expected: Option<&'a str>,
    pub(crate) count: Option<usize>,
    pub(crate) limit: Option<u32>,
    pub(crate) per: Option<&'a str>,
    pub(crate) unit: Option<&'a str>,
    pub(crate) group: Option<&'a str>,
    pub(crate) other_group: Option<&'a str>,
    pub(crate) line: Option<usize>,
    /// A metric's value (rendered with two decimals).
    pub(crate) value: Option<f64>,
    /// The repeated word of a repetition.
    pub(crate) word: Option<&'a str>,
    /// A substitution's replacement as written (`a|b`).
    pub(crate) replacement: Option<&'a str>,
    /// A substitution's replacements as a quoted list (`'a', 'b', or 'c'`).
    pub(crate) alternatives: Option<&'a str>,
}

impl Vars<'_> {
    fn get(&self, name: &str) -> Option<String> {
        match name {
            "match" => self.matched.map(display_text),
            "expected" => self.expected.map(display_text),
            "count" => self.count.map(|n| n.to_string()),
            "limit" => self.limit.map(|n| n.to_string()),
            "per" => self.per.map(str::to_owned),
            "unit" => self.unit.map(str::to_owned),
            "group" => self.group.map(str::to_owned),
            "other-group" => self.other_group.map(str::to_owned),
            "line" => self.line.map(|n| n.to_string()),
            "value" => self.value.map(|v| format!("{v:.2}")),
            "word" => self.word.map(display_text),
            "replacement" => self.replacement.map(display_text),
            "alternatives" => self.alternatives.map(str::to_owned),
            _ => None,
        }
    }
}

/// Prose for people, on one line: the non-prose stand-in shows as an ellipsis, and each run
/// of white space (a line break, two spaces after a full stop) as one space, as Vale shows
/// its matches.
fn display_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        if c == OPAQUE {
            out.push('…');
        } else {
            out.push(c);
        }
    }
    out
}

/// Fill `{name}` placeholders; anything else in braces stays as written.
pub(crate) fn render(template: &str, vars: &Vars<'_>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if is_placeholder_name(name) => {
                match vars.get(name) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_')
}

/// The placeholders used in a message template, with their byte offsets.
pub(crate) fn placeholders(template: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    while let Some(open) = template[offset..].find('{') {
        let start = offset + open;
        let after = &template[start + 1..];
        match after.find('}') {
            Some(close) if is_placeholder_name(&after[..close]) => {
                out.push((start, &after[..close]));
                offset = start + close + 2;
            }
            _ => offset = start + 1,
        }
    }
    out
}

/// Collects one rule's findings.
pub(crate) struct Emitter<'a> {
    rule: &'a CompiledRule,
    document: &'a Document,
    line_index: &'a OnceCell<LineIndex>,
    sink: Sink<'a>,
}

/// Where an [`Emitter`]'s findings go.
enum Sink<'a> {
    /// Findings of the document, in source coordinates.
    Document(&'a mut Vec<Finding>),
    /// Findings of a segment-local rule, in the segment's prose coordinates (to be cached).
    Segment {
        rule_index: u32,
        findings: &'a mut Vec<SegmentFinding>,
        /// Findings a local rule reported in source coordinates (none of today's kinds do).
        strays: &'a mut Vec<Finding>,
        /// Set when the rule looked beyond its segment (the document, a line number, a source
        /// position): what it found then cannot be reused for another segment.
        used_document: &'a Cell<bool>,
    },
}

impl Emitter<'_> {
    fn note_document_use(&self) {
        if let Sink::Segment { used_document, .. } = &self.sink {
            used_document.set(true);
        }
    }
}

/// A segment-local rule's finding, in the prose coordinates of its segment: what is cached.
#[derive(Debug)]
struct SegmentFinding {
    rule_index: u32,
    range: Range<usize>,
    message: String,
    /// All fixes the rule offered; only those whose edits are verbatim survive [`Self::place`].
    fixes: Vec<ProposedFix>,
}

impl SegmentFinding {
    /// The finding at its place in the document, through the segment's current source map.
    fn place(&self, rule: &CompiledRule, segment: &Segment) -> Finding {
        Finding {
            rule: rule.info.clone(),
            severity: rule.info.severity,
            message: self.message.clone(),
            span: segment.source_range(self.range.clone()),
            fixes: place_fixes(rule, segment, &self.fixes),
            occurrences: Vec::new(),
            decoded: segment.decoded_range(self.range.clone()),
        }
    }
}

/// A fix a check proposes, in the prose coordinates of its segment, with the applicability
/// its kind gives it (a rule's `fix = "safe"|"unsafe"` overrides that when it is placed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ProposedFix {
    pub(crate) edits: Vec<(Range<usize>, String)>,
    pub(crate) applicability: Applicability,
}

impl ProposedFix {
    /// Replace `range` with `replacement`: the fix of most kinds.
    pub(crate) fn replace(
        range: Range<usize>,
        replacement: String,
        applicability: Applicability,
    ) -> ProposedFix {
        ProposedFix {
            edits: vec![(range, replacement)],
            applicability,
        }
    }
}

/// The fixes in source coordinates: those whose every edit is a verbatim copy of the source
/// (so that applying them edits exactly what the writer sees), titled by what they do to the
/// stretch of prose they touch, with the rule's `fix` override applied.
fn place_fixes(rule: &CompiledRule, segment: &Segment, fixes: &[ProposedFix]) -> Vec<Fix> {
    fixes
        .iter()
        .filter(|fix| {
            !fix.edits.is_empty()
                && fix
                    .edits
                    .iter()
                    .all(|(range, _)| segment.is_writable(range.clone()))
        })
        .map(|fix| {
            let edits = fix
                .edits
                .iter()
                .map(|(range, replacement)| Edit {
                    span: segment.source_range(range.clone()),
                    replacement: replacement.clone(),
                })
                .collect();
            let applicability = rule.fix_applicability.unwrap_or(fix.applicability);
            Fix::new(fix_title(&segment.text, &fix.edits), applicability, edits)
        })
        .collect()
}

/// `Replace with 'an email'` (the prose from the first edit to the last, as it reads after
/// the fix) or `Remove 'the'` when nothing is left of it.
fn fix_title(prose: &str, edits: &[(Range<usize>, String)]) -> String {
    let start = edits
        .iter()
        .map(|(range, _)| range.start)
        .min()
        .unwrap_or(0);
    let end = edits.iter().map(|(range, _)| range.end).max().unwrap_or(0);
    let mut sorted: Vec<&(Range<usize>, String)> = edits.iter().collect();
    sorted.sort_by_key(|(range, _)| range.start);
    let mut after = String::new();
    let mut cursor = start;
    for (range, replacement) in sorted {
        after.push_str(prose.get(cursor..range.start).unwrap_or_default());
        after.push_str(replacement);
        cursor = range.end.max(cursor);
    }
    after.push_str(prose.get(cursor..end).unwrap_or_default());
    if after.trim().is_empty() {
        format!(
            "Remove '{}'",
            prose.get(start..end).unwrap_or_default().trim()
        )
    } else {
        format!("Replace with '{after}'")
    }
}

/// What the rules make of one segment independently of the rest of the document, for a given
/// document context: the segment-local rules' findings, and the literal hits and regex
/// candidates the other rules start from. A function of the segment's kind and prose, so a
/// [`crate::lint::cache::LintCache`] can reuse it for an unchanged segment.
pub(crate) struct SegmentOutcome {
    /// Findings of the segment-local rules, in rule order.
    findings: Vec<SegmentFinding>,
    /// Findings a local rule reported in source coordinates (placed as they are).
    strays: Vec<Finding>,
    /// False when a local rule looked beyond the segment: then this outcome serves only the
    /// lint that computed it. No kind listed in [`Check::is_local`] does today.
    reusable: bool,
    /// Literal hits of the other rules, sorted by rule (`hit_rules[i]` owns `hit_list[i]`).
    hit_rules: Vec<u32>,
    hit_list: Vec<Hit>,
    candidates: regexes::Candidates,
    sentences: OnceCell<Vec<Range<usize>>>,
    /// Local rules whose backtracking regex spent the document's budget in this segment.
    spent_rules: Vec<u32>,
}

impl crate::memo::Reuse for SegmentOutcome {
    fn reusable(&self) -> bool {
        self.reusable
    }
}

impl<'a> Emitter<'a> {
    /// Report `range` of `segment`'s prose, with a fix when there is one. A fix is offered
    /// only where the prose is a verbatim copy of the source, so that applying it edits exactly
    /// what the writer sees.
    pub(crate) fn emit(
        &mut self,
        segment: &Segment,
        range: Range<usize>,
        default_message: &str,
        vars: &Vars<'_>,
        fix: Option<ProposedFix>,
    ) {
        self.emit_fixes(
            segment,
            range,
            default_message,
            vars,
            fix.into_iter().collect(),
        );
    }

    /// Report `range` with several alternative fixes (best first), under the same rule as
    /// [`Self::emit`]: fixes only where the prose is a verbatim copy of the source.
    pub(crate) fn emit_fixes(
        &mut self,
        segment: &Segment,
        range: Range<usize>,
        default_message: &str,
        vars: &Vars<'_>,
        fixes: Vec<ProposedFix>,
    ) {
        let template = self.rule.message.as_deref().unwrap_or(default_message);
        let message = render(template, vars);
        match &mut self.sink {
            Sink::Document(out) => out.push(Finding {
                rule: self.rule.info.clone(),
                severity: self.rule.info.severity,
                message,
                decoded: segment.decoded_range(range.clone()),
                fixes: place_fixes(self.rule, segment, &fixes),
                span: segment.source_range(range),
                occurrences: Vec::new(),
            }),
            Sink::Segment {
                rule_index,
                findings,
                ..
            } => findings.push(SegmentFinding {
                rule_index: *rule_index,
                range,
                message,
                fixes,
            }),
        }
    }

    /// Report a source range directly (a document-wide finding spanning several segments).
    pub(crate) fn emit_source(&mut self, span: Range<usize>, default_message: &str, vars: &Vars) {
        let template = self.rule.message.as_deref().unwrap_or(default_message);
        let finding = Finding {
            rule: self.rule.info.clone(),
            severity: self.rule.info.severity,
            message: render(template, vars),
            occurrences: Vec::new(),
            span,
            fixes: Vec::new(),
            decoded: None,
        };
        match &mut self.sink {
            Sink::Document(out) => out.push(finding),
            // A source position cannot follow its segment to another place: the outcome that
            // holds it is placed as is in this lint and never reused.
            Sink::Segment {
                strays,
                used_document,
                ..
            } => {
                used_document.set(true);
                strays.push(finding);
            }
        }
    }

    pub(crate) fn document(&self) -> &'a Document {
        self.note_document_use();
        self.document
    }

    /// 1-based line of a source offset, for messages that point elsewhere in the document.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.note_document_use();
        let index = self
            .line_index
            .get_or_init(|| LineIndex::new(&self.document.text));
        index.line_of(offset) + 1
    }
}

impl Engine {
    pub(crate) fn new(rules: Vec<CompiledRule>, literals: Literals, regexes: Regexes) -> Self {
        let prefiltered_by = rules
            .iter()
            .map(|rule| rule.check.prefiltered_by())
            .collect();
        Engine {
            rules,
            literals,
            regexes,
            prefiltered_by,
        }
    }

    /// Per rule, whether the segment loop skips it in `text` (every rule in scope).
    #[cfg(test)]
    pub(crate) fn ruled_out_in(&self, text: &str) -> Vec<bool> {
        let in_scope = vec![true; self.rules.len()];
        let candidates = self
            .regexes
            .candidates(text, &prose::fold_case(text), &in_scope);
        (0..self.rules.len())
            .map(|index| self.ruled_out(index, &candidates))
            .collect()
    }

    /// Whether the prefilter rules out every regex rule `index` could find something with.
    fn ruled_out(&self, index: usize, candidates: &regexes::Candidates) -> bool {
        self.prefiltered_by
            .get(index)
            .and_then(Option::as_deref)
            .is_some_and(|ids| !ids.iter().any(|&id| candidates.may_match(id)))
    }

    /// The `limit` of rule `index` (in guideline order), if it has one.
    pub(crate) fn limit(&self, index: usize) -> Option<u32> {
        self.rules.get(index).and_then(|rule| rule.limit)
    }

    /// Drop the findings of each rule with a `limit` beyond its first `limit` ones. The
    /// findings must be in reading order (see [`crate::lint::sort_findings`]); what is kept
    /// stays in that order. The one place a rule's `limit` is applied: after suppressions and
    /// disabled rules are taken out, so a suppressed finding does not use up the limit.
    pub(crate) fn apply_limits(&self, findings: &mut Vec<Finding>) {
        let limits: Vec<(&str, u32)> = self
            .rules
            .iter()
            .filter_map(|rule| Some((&*rule.info.id, rule.limit?)))
            .collect();
        if limits.is_empty() {
            return;
        }
        let mut seen = vec![0u32; limits.len()];
        findings.retain(|finding| {
            let Some(slot) = limits.iter().position(|(id, _)| *id == finding.rule_id()) else {
                return true;
            };
            seen[slot] += 1;
            seen[slot] <= limits[slot].1
        });
    }

    /// Merge the findings of each `once-per-document` rule into one, anchored at the first in
    /// reading order (the findings must be sorted), with every finding's place as an
    /// occurrence. The merged finding keeps its fix only when every occurrence has one, so that
    /// applying it settles the whole decision.
    pub(crate) fn group_document_findings(&self, findings: &mut Vec<Finding>) {
        let grouped: Vec<&str> = self
            .rules
            .iter()
            .filter(|rule| rule.once_per_document)
            .map(|rule| &*rule.info.id)
            .collect();
        if grouped.is_empty() {
            return;
        }
        let mut anchors: Vec<(usize, usize)> = Vec::new(); // (slot in `grouped`, index in out)
        let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
        for finding in findings.drain(..) {
            let Some(slot) = grouped.iter().position(|id| *id == finding.rule_id()) else {
                out.push(finding);
                continue;
            };
            let occurrence = Occurrence::of(&finding);
            match anchors.iter().find(|(s, _)| *s == slot) {
                Some(&(_, at)) => out[at].occurrences.push(occurrence),
                None => {
                    anchors.push((slot, out.len()));
                    let mut anchor = finding;
                    anchor.occurrences.push(occurrence);
                    out.push(anchor);
                }
            }
        }
        for &(_, at) in &anchors {
            let finding = &mut out[at];
            let count = finding.occurrences.len();
            if count == 1 {
                finding.occurrences.clear();
                continue;
            }
            finding.message = format!("{} ({count} times in this document)", finding.message);
            finding.fixes = crate::finding::fix_all(&finding.occurrences);
        }
        *findings = out;
    }

    /// Run the rules `selection` picks over the document.
    pub(crate) fn check(
        &self,
        document: &Document,
        context: &DocContext<'_>,
        selection: Selection<'_>,
    ) -> Vec<Finding> {
        self.run(document, context, selection, None).0
    }

    /// [`Self::check`], with a note for each rule skipped for part of the document (a
    /// backtracking regex that spent its budget), taking each segment's [`SegmentOutcome`] from
    /// `memo` when an earlier lint in the same context computed it (same findings, same order
    /// as without).
    pub(crate) fn check_noted(
        &self,
        document: &Document,
        context: &DocContext<'_>,
        selection: Selection<'_>,
        memo: Option<&mut SegmentMemo<SegmentOutcome>>,
    ) -> (Vec<Finding>, Vec<Note>) {
        self.run(document, context, selection, memo)
    }

    /// The one pass over a document: per segment its outcome (computed or reused), then, in
    /// rule order, the local rules' findings placed and the other rules run with their state;
    /// at the end, the document-level conclusions.
    fn run(
        &self,
        document: &Document,
        context: &DocContext<'_>,
        selection: Selection<'_>,
        mut memo: Option<&mut SegmentMemo<SegmentOutcome>>,
    ) -> (Vec<Finding>, Vec<Note>) {
        let mut out = Vec::new();
        let mut notes = Vec::new();
        // A rule that is not active for this document is never run: no state, no prefilter
        // hits, no regex search, no segment work.
        let key = FilterKey::of(context);
        let active: Vec<bool> = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, rule)| selection.selects(i, &rule.info.id) && rule.filter.applies_to(&key))
            .collect();
        if !active.contains(&true) {
            return (out, notes);
        }
        let budget = fallback::DocumentBudget::enter(document.text.len());
        let mut skipped = vec![false; self.rules.len()];
        let mut states: Vec<State> = self
            .rules
            .iter()
            .zip(&active)
            .map(|(rule, &on)| {
                if on {
                    rule.check.new_state()
                } else {
                    State::Inactive
                }
            })
            .collect();
        let line_index = OnceCell::new();
        let mut in_scope = vec![false; self.rules.len()];
        // The raw source, after the segments, when an active rule reads it.
        let raw = (self.rules.iter().zip(&active))
            .any(|(rule, &on)| on && rule.filter.reads_raw())
            .then(|| document.raw_segment())
            .flatten();
        for (index, segment) in document.segments.iter().chain(&raw).enumerate() {
            for (slot, (rule, &on)) in in_scope.iter_mut().zip(self.rules.iter().zip(&active)) {
                *slot = on && rule.filter.in_scope(segment);
            }
            if !in_scope.contains(&true) {
                continue;
            }
            let fresh;
            let outcome = match memo.as_deref_mut() {
                Some(memo) => {
                    memo.get_or_compute((segment.kind, segment.detail), &segment.text, || {
                        self.segment_outcome(document, segment, index, &in_scope, context.language)
                    })
                }
                None => {
                    fresh =
                        self.segment_outcome(document, segment, index, &in_scope, context.language);
                    &fresh
                }
            };
            out.extend(outcome.strays.iter().cloned());
            for &rule_index in &outcome.spent_rules {
                let rule = &self.rules[rule_index as usize];
                note_skipped(rule, segment, &mut skipped[rule_index as usize], &mut notes);
            }
            let mut local = outcome.findings.iter().peekable();
            for (rule_index, rule) in self.rules.iter().enumerate() {
                if !in_scope[rule_index] {
                    continue;
                }
                if rule.check.is_local() {
                    while let Some(finding) =
                        local.next_if(|finding| finding.rule_index as usize == rule_index)
                    {
                        out.push(finding.place(rule, segment));
                    }
                    continue;
                }
                let cx = SegmentCx {
                    segment,
                    index,
                    language: context.language,
                    hits: hits_of(&outcome.hit_rules, &outcome.hit_list, rule_index),
                    regex_candidates: &outcome.candidates,
                    sentences: &outcome.sentences,
                };
                let mut emit = Emitter {
                    rule,
                    document,
                    line_index: &line_index,
                    sink: Sink::Document(&mut out),
                };
                rule.check.segment(&cx, &mut states[rule_index], &mut emit);
                if budget.take_spent() {
                    note_skipped(rule, segment, &mut skipped[rule_index], &mut notes);
                }
            }
        }
        for ((rule, state), &on) in self.rules.iter().zip(states).zip(&active) {
            if on {
                let mut emit = Emitter {
                    rule,
                    document,
                    line_index: &line_index,
                    sink: Sink::Document(&mut out),
                };
                rule.check.finish(state, &mut emit);
            }
        }
        (out, notes)
    }

    /// What the rules in scope make of `segment` on its own: the shared matchers run once, the
    /// segment-local rules report into the outcome, and the other rules' inputs are kept.
    ///
    /// Local rules see the segment's index and the document (their `SegmentCx` and `Emitter`
    /// are the same types as everyone's) but must not use them: the outcome is reused for any
    /// segment of the same kind and prose.
    fn segment_outcome(
        &self,
        document: &Document,
        segment: &Segment,
        index: usize,
        in_scope: &[bool],
        language: Option<&str>,
    ) -> SegmentOutcome {
        let mut hits: Vec<(u32, Hit)> = Vec::new();
        self.literals
            .find(&segment.text, segment.folded(), in_scope, &mut hits);
        literals::resolve(&mut hits);
        let (hit_rules, hit_list): (Vec<u32>, Vec<Hit>) = hits.into_iter().unzip();
        let candidates = self
            .regexes
            .candidates(&segment.text, segment.folded(), in_scope);
        let sentences = OnceCell::new();
        let mut findings = Vec::new();
        let mut strays = Vec::new();
        let used_document = Cell::new(false);
        let unused_line_index = OnceCell::new();
        let mut spent_rules = Vec::new();
        for (rule_index, rule) in self.rules.iter().enumerate() {
            // Most rules of a large guideline have nothing to look for in a given segment;
            // asking the prefilter first spares building their context (a third of the
            // segment loop's cost with the imported Microsoft style).
            if !in_scope[rule_index]
                || !rule.check.is_local()
                || self.ruled_out(rule_index, &candidates)
            {
                continue;
            }
            let cx = SegmentCx {
                segment,
                index,
                language,
                hits: hits_of(&hit_rules, &hit_list, rule_index),
                regex_candidates: &candidates,
                sentences: &sentences,
            };
            let mut emit = Emitter {
                rule,
                document,
                line_index: &unused_line_index,
                sink: Sink::Segment {
                    rule_index: rule_index as u32,
                    findings: &mut findings,
                    strays: &mut strays,
                    used_document: &used_document,
                },
            };
            // Local kinds keep no state; a fresh one satisfies the signature.
            rule.check
                .segment(&cx, &mut rule.check.new_state(), &mut emit);
            if fallback::DocumentBudget::take_spent_now() {
                spent_rules.push(rule_index as u32);
            }
        }
        // The local rules' hits are used up; the other rules need theirs on every lint.
        let (hit_rules, hit_list) = hit_rules
            .into_iter()
            .zip(hit_list)
            .filter(|(rule, _)| {
                self.rules
                    .get(*rule as usize)
                    .is_none_or(|rule| !rule.check.is_local())
            })
            .unzip();
        SegmentOutcome {
            findings,
            strays,
            // A rule cut short here must be run again next time, to say so again.
            reusable: !used_document.get() && spent_rules.is_empty(),
            spent_rules,
            hit_rules,
            hit_list,
            candidates,
            sentences,
        }
    }
}

/// Note, once per rule and document, that `rule` is skipped from `segment` on.
fn note_skipped(rule: &CompiledRule, segment: &Segment, skipped: &mut bool, notes: &mut Vec<Note>) {
    if std::mem::replace(skipped, true) {
        return;
    }
    let at = segment.source_range(0..0).start;
    let (what, remedy) = match rule.check {
        Check::Spelling(_) => (
            "its dictionary lookups (compound words, suggestions) need",
            "check the dictionary's compound flags, or split the document",
        ),
        _ => (
            "its backtracking pattern needs",
            "simplify the pattern, or split the document",
        ),
    };
    notes.push(Note {
        source: at..at,
        message: format!(
            "rule `{}` is skipped from here to the end of the document: {what} more steps \
             than the document's budget allows, and a partial answer would be a wrong one \
             ({remedy})",
            rule.info.id
        ),
    });
}

/// The hits of rule `rule_index` among hits sorted by rule (`rules[i]` owns `hits[i]`).
fn hits_of<'h>(rules: &[u32], hits: &'h [Hit], rule_index: usize) -> &'h [Hit] {
    let rule = rule_index as u32;
    let first = rules.partition_point(|r| *r < rule);
    let end = rules.partition_point(|r| *r <= rule);
    hits.get(first..end).unwrap_or(&[])
}

/// What a rule kind's compiler needs: the rule as written, the shared matchers, and a way to
/// report errors at the right place in the file.
pub(crate) struct CompileCx<'a> {
    pub(crate) spec: &'a RuleSpec,
    pub(crate) rule_index: u32,
    pub(crate) literals: &'a mut LiteralsBuilder,
    pub(crate) regexes: &'a mut RegexesBuilder,
    pub(crate) errors: &'a mut Vec<GuidelineError>,
    pub(crate) locate: &'a dyn Fn(Located<'_>) -> (String, u32, u32),
    /// The folder of the guideline file: relative paths in a rule (dictionaries) start here.
    pub(crate) base_dir: &'a std::path::Path,
    /// Where those paths are read from: the disk, or files given in memory.
    pub(crate) files: &'a dyn crate::files::Files,
    /// The spelling dictionaries the guideline's rules have loaded so far.
    pub(crate) dictionaries: &'a mut spelling::LoadedDictionaries,
}

/// Where in the guideline file an error belongs.
pub(crate) enum Located<'a> {
    /// At the key of a field of the current rule (or the rule itself when the key is absent).
    Key(&'a str),
    /// At a TOML string (its span in the file, with quotes), at its `chars`-th character when
    /// known and the string is written without escapes.
    InString {
        span: Range<usize>,
        value: &'a str,
        chars: Option<usize>,
    },
}

impl CompileCx<'_> {
    pub(crate) fn error(&mut self, at: Located<'_>, message: impl Into<String>) {
        let (file, line, column) = (self.locate)(at);
        self.errors.push(GuidelineError {
            file,
            line,
            column,
            message: message.into(),
        });
    }

    /// A rule's `max` and `min` must leave room for some text.
    pub(crate) fn check_max_not_below_min(&mut self, max: Option<u32>, min: Option<u32>) {
        if let (Some(max), Some(min)) = (max, min)
            && max < min
        {
            self.error(
                Located::Key("max"),
                format!("`max` ({max}) is less than `min` ({min}): no text can satisfy both"),
            );
        }
    }

    /// Compile a regex field (`pattern`, `definition`), reporting an error at the string (at
    /// the offending character when the TOML string holds the pattern byte for byte).
    pub(crate) fn regex(
        &mut self,
        field: &str,
        pattern: &toml::Spanned<String>,
        ignore_case: bool,
    ) -> Option<(regex::Regex, RegexId)> {
        match self
            .regexes
            .add(pattern.get_ref(), ignore_case, self.rule_index)
        {
            Ok(compiled) => Some(compiled),
            Err(error) => {
                let (message, chars) = regexes::describe_error(&error);
                self.error(
                    Located::InString {
                        span: pattern.span(),
                        value: pattern.get_ref(),
                        chars,
                    },
                    format!("invalid regular expression in `{field}`: {message}"),
                );
                None
            }
        }
    }

    /// Compile a regex field that may need the backtracking fallback (look-around,
    /// backreferences). `None` id: not in the prefilter, run on every segment.
    pub(crate) fn any_regex(
        &mut self,
        field: &str,
        pattern: &str,
        span: Option<Range<usize>>,
        ignore_case: bool,
    ) -> Option<(fallback::AnyRegex, Option<RegexId>)> {
        match self.regexes.add_any(pattern, ignore_case, self.rule_index) {
            Ok(compiled) => Some(compiled),
            Err((message, chars)) => {
                let at = match span {
                    Some(span) => Located::InString {
                        span,
                        value: pattern,
                        chars,
                    },
                    None => Located::Key(field),
                };
                self.error(
                    at,
                    format!("invalid regular expression in `{field}`: {message}"),
                );
                None
            }
        }
    }

    /// Check a required field.
    pub(crate) fn require<T>(&mut self, field: &str, value: Option<T>, what: &str) -> Option<T> {
        if value.is_none() {
            let rule = a_kind_rule(self.spec.kind);
            self.error(
                Located::Key("id"),
                format!("{rule} needs `{field}`: {what}"),
            );
        }
        value
    }
}

/// "a pattern rule", "an avoid rule": for messages.
pub(crate) fn a_kind_rule(kind: crate::spec::RuleKind) -> String {
    let name = kind.name();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name} rule")
}

/// Capitalise the first letter of `word` (the rest unchanged).
pub(crate) fn capitalize_first(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The run of text around a word up to white space or Chinese and Japanese (which need no
/// spaces: "如果你是Node.js的" holds no name around 你), without trailing punctuation.
fn run_around<'t>(text: &'t str, word: &Range<usize>) -> &'t str {
    let boundary = |c: char| c.is_whitespace() || prose::is_cjk(c);
    let start = text[..word.start].rfind(boundary).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[word.end..]
        .find(boundary)
        .map_or(text.len(), |i| word.end + i);
    text[start..end].trim_end_matches(|c: char| !c.is_alphanumeric())
}

/// Whether the word stands in a run of non-space text that reads as code, a handle, a path or
/// a version: `@`, `/`, `_`, `` ` ``, `#`, a digit, or a dot between letters ("Node.js").
pub(crate) fn is_code_like(text: &str, word: &Range<usize>) -> bool {
    let run = run_around(text, word);
    has_inner_dot(run)
        || run
            .chars()
            .any(|c| matches!(c, '@' | '/' | '_' | '`' | '#') || c.is_ascii_digit())
}

/// Whether the word is part of a name in code or a file name: a run with `_`, `::`, `@`, a
/// dot between letters (`whitelist.js`), or lower-case parts joined by two or more hyphens
/// (`test-tls-whitelist`). Stricter than [`is_code_like`]: "review/sanity check" and "v2 of
/// the whitelist" are prose.
pub(crate) fn is_identifier_like(text: &str, word: &Range<usize>) -> bool {
    if text[word.clone()].chars().any(prose::is_cjk) {
        return false;
    }
    let run = run_around(text, word);
    let name = run.trim_start_matches(|c: char| !c.is_alphanumeric());
    let kebab =
        name.matches('-').count() >= 2 && name.chars().all(|c| c == '-' || c.is_ascii_lowercase());
    kebab || has_inner_dot(run) || run.contains("::") || run.contains(['_', '@'])
}

/// A dot between two letters or digits ("Node.js", "v8.0").
fn has_inner_dot(run: &str) -> bool {
    run.char_indices()
        .any(|(i, c)| c == '.' && run[i + 1..].starts_with(char::is_alphanumeric) && i > 0)
}

/// Whether a replacement removes the words it replaces (nothing but white space is left):
/// a removal needs a reader, so its fix is never safe by default.
pub(crate) fn removes(replacement: &str) -> bool {
    replacement.trim().is_empty()
}

/// The preferred form `preferred`, in the case of the text `found` it replaces: capitalised
/// when `found` starts with a capital (start of a sentence, a title), all caps when `found` is
/// all caps. A preferred form with capitals of its own ("GitHub") is kept exactly.
pub(crate) fn adapt_case(found: &str, preferred: &str) -> String {
    if preferred.chars().any(char::is_uppercase) {
        return preferred.to_owned();
    }
    let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        return preferred.to_uppercase();
    }
    match found.chars().find(|c| c.is_alphabetic()) {
        Some(first) if first.is_uppercase() => capitalize_first(preferred),
        _ => preferred.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::finding::Severity;

    fn avoid_rule() -> CompiledRule {
        CompiledRule {
            info: Arc::new(RuleInfo {
                id: "test.avoid".into(),
                severity: Severity::Warning,
                link: None,
            }),
            message: None,
            filter: Filter::new(&[], &[], &[]),
            check: Check::Avoid(avoid::Avoid { exceptions: None }),
            limit: None,
            once_per_document: false,
            fix_applicability: None,
        }
    }

    /// What a local rule reports through a segment emitter is kept in prose coordinates;
    /// looking at the document (a line number, the document, a source range) marks the
    /// outcome as tied to this document.
    #[test]
    fn a_segment_emitter_notices_when_a_rule_looks_beyond_its_segment() {
        let rule = avoid_rule();
        let document = Document::parse(Format::Text, "First line.\nSecond line.\n".to_owned());
        let Some(segment) = document.segments.first() else {
            panic!("a segment");
        };
        let line_index = OnceCell::new();
        let looks: [&dyn Fn(&mut Emitter<'_>); 3] = [
            &|emit| assert_eq!(emit.line_of(12), 2),
            &|emit| assert_eq!(emit.document().segments.len(), 1),
            &|emit| emit.emit_source(0..5, "whole", &Vars::default()),
        ];
        for look in looks {
            let (mut findings, mut strays, used_document) =
                (Vec::new(), Vec::new(), Cell::new(false));
            let mut emit = Emitter {
                rule: &rule,
                document: &document,
                line_index: &line_index,
                sink: Sink::Segment {
                    rule_index: 0,
                    findings: &mut findings,
                    strays: &mut strays,
                    used_document: &used_document,
                },
            };
            emit.emit(
                segment,
                0..5,
                "{match}",
                &Vars::default(),
                Some(ProposedFix::replace(
                    0..5,
                    "Fix".to_owned(),
                    Applicability::Safe,
                )),
            );
            assert!(!used_document.get(), "a prose range stays in the segment");
            look(&mut emit);
            assert!(used_document.get());
            assert_eq!(findings.len(), 1);
            let placed = findings[0].place(&rule, segment);
            assert_eq!(
                (placed.replacements(), placed.span.clone()),
                (vec!["Fix"], 0..5)
            );
        }
    }

    /// A fix's title says what the prose reads after it, from its first edit to its last, or
    /// what it removes.
    #[test]
    fn fix_titles_show_the_prose_after_the_fix() {
        let prose = "Grüße, a user profile 😀 the the 中文";
        let at = |needle: &str| {
            let start = prose.find(needle).unwrap();
            start..start + needle.len()
        };
        let user = at("user profile");
        let article = user.start - 2..user.start - 1;
        assert_eq!(
            fix_title(
                prose,
                &[(user.clone(), "account".into()), (article, "an".into())]
            ),
            "Replace with 'an account'"
        );
        assert_eq!(
            fix_title(prose, &[(user, "account".into())]),
            "Replace with 'account'"
        );
        assert_eq!(
            fix_title(prose, &[(at("the the"), " ".into())]),
            "Remove 'the the'"
        );
        assert_eq!(
            fix_title(prose, &[(at("中文"), "Chinese".into())]),
            "Replace with 'Chinese'"
        );
        assert!(removes(" \t") && removes("") && !removes(" a "));
    }

    /// A fix is offered only when every one of its edits lies in text the source holds as it
    /// reads (not inside markup an entity stands for); the others are dropped, whole.
    #[test]
    fn fixes_with_an_edit_outside_verbatim_text_are_dropped_whole() {
        let rule = avoid_rule();
        let document = Document::parse(Format::Markdown, "Caf&eacute; au lait\n".to_owned());
        let segment = &document.segments[0];
        let text = &segment.text;
        let lait = text.find("lait").unwrap();
        let verbatim = ProposedFix::replace(lait..lait + 4, "milk".into(), Applicability::Safe);
        let through_entity = ProposedFix {
            edits: vec![(0..4, "Coffee".into()), (lait..lait + 4, "milk".into())],
            applicability: Applicability::Safe,
        };
        let placed = place_fixes(&rule, segment, &[through_entity, verbatim]);
        assert_eq!(placed.len(), 1);
        assert_eq!(
            placed[0].edits,
            [Edit {
                span: 15..19,
                replacement: "milk".into()
            }]
        );
        let mut overridden = avoid_rule();
        overridden.fix_applicability = Some(Applicability::Unsafe);
        let kept = ProposedFix::replace(lait..lait + 4, "milk".into(), Applicability::Safe);
        assert_eq!(
            place_fixes(&overridden, segment, &[kept])[0].applicability,
            Applicability::Unsafe
        );
        assert!(
            place_fixes(
                &rule,
                segment,
                &[ProposedFix {
                    edits: Vec::new(),
                    applicability: Applicability::Safe
                }]
            )
            .is_empty()
        );
    }

    /// `limit = N` keeps exactly N findings of the rule per document: N of N, and N of N + 1.
    #[test]
    fn limit_keeps_exactly_that_many_findings() {
        let guideline = testing::guideline("kind = \"avoid\"\nphrases = [\"very\"]\nlimit = 2\n");
        let count = |text: &str| {
            let document = Document::parse(crate::document::Format::Text, text.to_owned());
            let mut findings = guideline.check(&document, &DocContext::default());
            guideline.apply_limits(&mut findings);
            findings.iter().map(|f| f.span.start).collect::<Vec<_>>()
        };
        assert_eq!(count("very very"), [0, 5]);
        assert_eq!(count("very very very"), [0, 5]);
        assert_eq!(count("very"), [0]);
    }

    /// A pattern or substitution rule is skipped where the prefilter rules out its regexes,
    /// and only there; a kind without a prefilter place is never skipped.
    #[test]
    fn rules_the_prefilter_rules_out_are_skipped() {
        let guideline =
            crate::guideline::Guideline::compile(&[crate::guideline::GuidelineSource {
                name: "skip.toml".into(),
                text: r#"
[[rule]]
id = "pattern"
kind = "pattern"
pattern = '\bsynergy\b'
[[rule]]
id = "swap"
kind = "substitution"
swap = [{ pattern = 'utili[sz]e', use = 'use' }, { pattern = 'leverage', use = 'use' }]
[[rule]]
id = "avoid"
kind = "avoid"
phrases = ["synergy"]
"#
                .into(),
            }])
            .unwrap_or_else(|errors| panic!("{errors:?}"));
        let engine = guideline.engine();
        assert_eq!(
            engine.ruled_out_in("We ship on Fridays."),
            [true, true, false]
        );
        assert_eq!(engine.ruled_out_in("Real SYNERGY."), [false, true, false]);
        assert_eq!(engine.ruled_out_in("We leverage it."), [true, false, false]);
        assert_eq!(engine.ruled_out_in("Utilise it."), [true, false, false]);
    }
}
