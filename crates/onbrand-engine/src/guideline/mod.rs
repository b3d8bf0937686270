//! The guideline: rule files loaded, validated and compiled into checks.
//!
//! A guideline is one or more TOML files of `[[rule]]` tables (the format: [`spec`]; each rule
//! kind's semantics: the modules of [`crate::checks`]). [`Guideline::compile`] loads all files
//! at once, reports every problem with its file:line:column, and compiles the rules into one
//! engine that checks a document in a single pass per segment.

pub mod builtin;
mod load;

pub use load::common_fields;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::checks::{Engine, SegmentOutcome, Selection};
use crate::document::{Detail, Document, Format, Scope, Segment, SegmentBuilder, SegmentKind};
use crate::finding::{Finding, RuleInfo};
use crate::memo::SegmentMemo;

pub use crate::checks::DocContext;
pub use crate::spec::{self, GuidelineError, GuidelineSource, RuleKind};

/// A compiled rule: what it is, for documentation, hover and `test-rules`.
#[derive(Debug)]
#[non_exhaustive]
pub struct Rule {
    /// The rule's id, severity and link, shared with its findings.
    pub info: Arc<RuleInfo>,
    /// Which check the rule is.
    pub kind: RuleKind,
    /// Why the rule exists (`description`).
    pub description: Option<String>,
    /// The rule's own message template, if it has one (each kind has a default).
    pub message: Option<String>,
    /// The channels the rule is limited to; empty for all.
    pub channels: Vec<String>,
    /// The languages the rule is limited to; empty for all.
    pub languages: Vec<String>,
    /// The segment kinds (or finer parts of them) the rule looks at (with the kind's default filled in); empty = all.
    pub scopes: Vec<Scope>,
    /// The rule's own tests: text that must and must not trigger it.
    pub examples: spec::Examples,
}

/// Which list of a rule's examples an example comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleKind {
    /// Must produce at least one finding of the rule.
    Bad,
    /// Must produce none.
    Good,
}

/// A rule example that does not behave as it says: the rule is broken (or the example is).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExampleFailure {
    /// The rule's id.
    pub rule: String,
    /// The example's text.
    pub example: String,
    /// Whether the example should or should not trigger the rule.
    pub kind: ExampleKind,
    /// What happened instead, for people.
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            ExampleKind::Bad => "bad",
            ExampleKind::Good => "good",
        };
        write!(
            f,
            "{}: {kind} example {:?}: {}",
            self.rule, self.example, self.problem
        )
    }
}

/// A compiled guideline.
#[derive(Debug)]
pub struct Guideline {
    rules: Vec<Rule>,
    engine: Engine,
    /// The `[tone]` profile, when any file has one.
    tone: Option<crate::tone::ToneProfile>,
    /// Unique per compiled guideline in this process (see [`Self::generation`]).
    generation: u64,
}

impl Default for Guideline {
    fn default() -> Self {
        Guideline {
            rules: Vec::new(),
            engine: Engine::default(),
            tone: None,
            generation: next_generation(),
        }
    }
}

/// A number no other guideline of this process has: results cached for one guideline are
/// never served for another (a reloaded guideline file is a new guideline).
fn next_generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Whether guidelines may compile in parallel: see [`compile_in_parallel`].
static PARALLEL: AtomicBool = AtomicBool::new(false);

/// Let guidelines compiled from now on spread their rules over rayon's global pool (with the
/// `parallel` feature; off by default). For a program that runs its work on that pool anyway,
/// as `onbrand check` does, whose threads wait for the guideline; a server that keeps a fixed
/// set of threads leaves it off, or the pool would add one thread per core.
pub fn compile_in_parallel(on: bool) {
    PARALLEL.store(on, Ordering::Relaxed);
}

/// Whether a guideline compiled here spreads its work over rayon's pool: when the program
/// allows it, and only from outside the pool. A worker waiting for its parts runs other jobs
/// of the pool meanwhile, and a job that lints a file may need the very configuration being
/// compiled (`OnceLock::get_or_init` on the same thread: a deadlock).
fn may_compile_in_parallel() -> bool {
    #[cfg(feature = "parallel")]
    return PARALLEL.load(Ordering::Relaxed) && rayon::current_thread_index().is_none();
    #[cfg(not(feature = "parallel"))]
    false
}

impl Guideline {
    /// The compiled checks, for the engine's own tests.
    #[cfg(test)]
    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Load, validate and compile guideline files. All errors are reported, not just the first.
    /// What rules name (dictionaries, word lists) is read from disk, relative to each source's
    /// name.
    #[cfg(feature = "fs")]
    pub fn compile(sources: &[GuidelineSource]) -> Result<Guideline, Vec<GuidelineError>> {
        Guideline::compile_with(sources, &crate::files::Disk)
    }

    /// [`Self::compile`], reading what rules name from `files`.
    pub fn compile_with(
        sources: &[GuidelineSource],
        files: &dyn crate::files::Files,
    ) -> Result<Guideline, Vec<GuidelineError>> {
        // Rules and tone are validated independently, so that every error of both is reported;
        // the tone profile compiles while the rules are parsed.
        let parallel = may_compile_in_parallel();
        let (rules, tone) = crate::checks::join(
            parallel,
            || load::compile(sources, files, parallel),
            || crate::tone::profile::compile(sources),
        );
        match (rules, tone) {
            (Ok((rules, engine)), Ok(tone)) => Ok(Guideline {
                rules,
                engine,
                tone,
                generation: next_generation(),
            }),
            (Err(mut errors), Err(tone_errors)) => {
                errors.extend(tone_errors);
                Err(errors)
            }
            (Err(errors), _) | (_, Err(errors)) => Err(errors),
        }
    }

    /// The tone profile, if the guideline has one.
    pub fn tone(&self) -> Option<&crate::tone::ToneProfile> {
        self.tone.as_ref()
    }

    /// The rules, in guideline order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Identifies this compiled guideline among all guidelines of the process: what
    /// per-segment caches ([`crate::lint::cache::LintCache`]) are keyed by.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Every finding of every rule that applies to the document, unsorted and unsuppressed.
    pub fn check(&self, document: &Document, context: &DocContext) -> Vec<Finding> {
        self.engine.check(document, context, Selection::All)
    }

    /// [`Self::check`], with a note for each rule skipped for part of the document (see
    /// [`crate::checks`]'s backtracking budget).
    pub fn check_noted(
        &self,
        document: &Document,
        context: &DocContext,
    ) -> (Vec<Finding>, Vec<crate::document::Note>) {
        self.engine
            .check_noted(document, context, Selection::All, None)
    }

    /// [`Self::check_noted`] of every rule but those with an id in `disabled` (which never
    /// run), reusing the results of segments that `memo` holds from an earlier version of the
    /// document in the same context (see [`crate::lint::cache`]).
    pub(crate) fn check_cached(
        &self,
        document: &Document,
        context: &DocContext,
        disabled: &HashSet<String>,
        memo: Option<&mut SegmentMemo<SegmentOutcome>>,
    ) -> (Vec<Finding>, Vec<crate::document::Note>) {
        self.engine
            .check_noted(document, context, Selection::AllBut(disabled), memo)
    }

    /// Run every rule's examples as tests: each example is linted alone, as one segment of the
    /// rule's first scope (a paragraph when the rule has none) in a plain-text document, with
    /// the rule's first channel and language as context, by that rule only. A bad example must
    /// give at least one finding, a good one none.
    pub fn test_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            let kind = rule
                .scopes
                .first()
                .map_or((SegmentKind::Paragraph, Detail::None), |scope| {
                    scope.example()
                });
            let context = DocContext {
                channel: rule.channels.first().map(String::as_str),
                language: rule.languages.first().map(String::as_str),
            };
            let examples = rule
                .examples
                .bad
                .iter()
                .map(|e| (ExampleKind::Bad, e))
                .chain(rule.examples.good.iter().map(|e| (ExampleKind::Good, e)));
            for (example_kind, example) in examples {
                let document = example_document(example, kind);
                let findings = self
                    .engine
                    .check(&document, &context, Selection::Only(index));
                let problem = match (example_kind, findings.first()) {
                    (ExampleKind::Bad, None) => {
                        Some("no finding, expected at least one".to_owned())
                    }
                    (ExampleKind::Good, Some(finding)) => {
                        Some(format!("unexpected finding: {}", finding.message))
                    }
                    _ => None,
                };
                if let Some(problem) = problem {
                    failures.push(ExampleFailure {
                        rule: rule.info.id.to_string(),
                        example: example.clone(),
                        kind: example_kind,
                        problem,
                    });
                }
            }
        }
        failures
    }
}

/// A plain-text document whose only segment is `text`, verbatim.
fn example_document(text: &str, (kind, detail): (SegmentKind, Detail)) -> Document {
    let mut builder = SegmentBuilder::new();
    builder.push_verbatim(text, 0);
    let (prose, map) = builder.finish();
    Document {
        format: Format::Text,
        text: text.to_owned(),
        segments: vec![Segment::new(kind, prose, map).with_detail(detail)],
        metadata: Default::default(),
        directives: Vec::new(),
        notes: Vec::new(),
        alternatives: Vec::new(),
        encoded: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parallel only when the program allows it, and then only from outside the pool: a
    /// worker waiting for parts of its compile could pick up a job that lints a file and needs
    /// the configuration being compiled.
    #[cfg(feature = "parallel")]
    #[test]
    fn guidelines_compile_in_parallel_only_when_allowed_and_from_outside_the_pool() {
        compile_in_parallel(false);
        assert!(!may_compile_in_parallel());
        compile_in_parallel(true);
        assert!(may_compile_in_parallel());
        let inside = rayon::join(may_compile_in_parallel, may_compile_in_parallel);
        assert_eq!(inside, (false, false));
        // Compiled in parallel, the shipped guideline is what it is (other tests compile in
        // parallel too from here on).
        let sources = builtin::sources();
        assert!(Guideline::compile_with(&sources, &crate::files::InMemory::new()).is_ok());
    }

    /// Thousands of terms share one automaton: compiling and linting stay correct (and cheap,
    /// though this test asserts no timings).
    #[test]
    fn five_thousand_terms_compile_and_match() {
        let mut text = String::from("[[rule]]\nid = \"many\"\nkind = \"terminology\"\nterms = [\n");
        for i in 0..5_000 {
            text.push_str(&format!(
                "  {{ use = \"term{i}\", not = [\"wrong{i}\", \"bad term{i}\"] }},\n"
            ));
        }
        text.push_str("  { use = \"GitHub\", exact-case = true },\n]\n");
        let guideline = Guideline::compile(&[GuidelineSource {
            name: "many.toml".to_owned(),
            text,
        }])
        .unwrap_or_else(|errors| panic!("{errors:?}"));
        let source =
            "Use wrong17 and Bad term4999, not wrong17x or xwrong17; Github is fine as term3.";
        let mut builder = SegmentBuilder::new();
        builder.push_verbatim(source, 0);
        let document = Document {
            format: Format::Text,
            text: source.to_owned(),
            segments: Segment::from_builder(SegmentKind::Paragraph, builder)
                .into_iter()
                .collect(),
            metadata: Default::default(),
            directives: Vec::new(),
            notes: Vec::new(),
            alternatives: Vec::new(),
            encoded: Vec::new(),
        };
        let findings = guideline.check(&document, &DocContext::default());
        let found: Vec<(&str, &str)> = findings
            .iter()
            .map(|f| (&source[f.span.clone()], f.replacements()[0]))
            .collect();
        assert_eq!(
            found,
            [
                ("wrong17", "term17"),
                ("Bad term4999", "Term4999"),
                ("Github", "GitHub"),
            ]
        );
    }
}
