//! Incremental linting: per-segment results of a document's last lint, reused for the segments
//! an edit did not touch.
//!
//! # Why
//! An editor re-lints the whole document on every keystroke, yet a keystroke changes one
//! segment (a paragraph, a heading) and leaves the other thousand byte-identical. The
//! expensive work — the literal automaton and regex prefilter, the segment-local rules, word and
//! sentence segmentation, the tone measurement — is a function of a segment's kind and prose
//! alone, so it is done once per distinct segment and looked up afterwards. What depends on the
//! whole document (consistency, acronym definitions, per-document counts and lengths, the tone
//! dimensions, suppressions, sorting) is recomputed on every lint from the per-segment parts:
//! those are cheap aggregations.
//!
//! # Invariants
//! - **Same results as a cold lint.** A cached value is a pure function of its key: the
//!   segment's `SegmentKind` and prose text, plus the `Context` the whole cache was built
//!   for (guideline generation, channel, language, the rules switched off). When the context
//!   changes, everything is forgotten.
//! - **No source positions inside.** Cached values hold ranges in the segment's prose; they
//!   become source offsets through the segment's *current* source map when they are used. So
//!   a paragraph that moved (an edit above it) or whose markup changed without changing its
//!   prose is still reused, and its findings land where they are now. A value that could not
//!   be expressed in prose coordinates says so (`Reuse::reusable`) and is never reused.
//! - **Bounded memory.** After a lint the cache holds the entries of that version only: values
//!   of the previous version that were not reused are dropped at the end of the lint. Memory
//!   follows the size of the document, never the number of edits.
//!
//! The CLI does not keep a cache (each file is linted once); the language server keeps one per
//! open document.

use crate::checks::SegmentOutcome;
use crate::memo::SegmentMemo;
use crate::tone::measure::SegmentTone;

/// Everything a cached value depends on besides its segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Context {
    /// [`crate::guideline::Guideline::generation`]: rules and tone profile.
    pub(crate) guideline: u64,
    pub(crate) channel: Option<String>,
    pub(crate) language: Option<String>,
    /// The rules the file's settings switch off, sorted: they are left out of every outcome.
    pub(crate) disabled: Vec<String>,
}

/// `ids` in a stable order, to compare one lint's disabled rules with the last one's.
pub(crate) fn sorted(ids: &std::collections::HashSet<String>) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().cloned().collect();
    ids.sort_unstable();
    ids
}

/// The per-segment results of one document's last lint. Keep one per open document and pass it
/// to [`super::lint_document`] or [`super::Linter::lint_source`] for every version.
#[derive(Default)]
pub struct LintCache {
    context: Option<Context>,
    pub(crate) checks: SegmentMemo<SegmentOutcome>,
    pub(crate) tone: SegmentMemo<SegmentTone>,
}

impl LintCache {
    /// An empty cache.
    pub fn new() -> LintCache {
        LintCache::default()
    }

    /// Start linting a version in `context`: what the last version left is reusable only if
    /// its context was the same.
    pub(crate) fn begin(&mut self, context: Context) {
        if self.context.as_ref() != Some(&context) {
            self.checks = SegmentMemo::default();
            self.tone = SegmentMemo::default();
            self.context = Some(context);
        }
        self.checks.begin();
        self.tone.begin();
    }

    /// Finish a version: drop what it did not reuse.
    pub(crate) fn end(&mut self) {
        self.checks.end();
        self.tone.end();
    }

    /// How many segment results are kept (rule results and tone measurements).
    pub fn len(&self) -> usize {
        self.checks.len() + self.tone.len()
    }

    /// How much work the cache saved since it was made (or last forgot everything).
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            computed: self.checks.computed + self.tone.computed,
            reused: self.checks.reused + self.tone.reused,
        }
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for LintCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LintCache")
            .field("context", &self.context)
            .field("checks", &self.checks.len())
            .field("tone", &self.tone.len())
            .finish()
    }
}

/// Segment results computed and reused (rule outcomes and tone measurements together).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CacheStats {
    /// Segment results computed by the last lint.
    pub computed: usize,
    /// Segment results the last lint reused from the one before.
    pub reused: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_context_forgets_everything() {
        let mut cache = LintCache::new();
        let context = |language: &str| Context {
            guideline: 1,
            channel: None,
            language: Some(language.to_owned()),
            disabled: Vec::new(),
        };
        cache.begin(context("en"));
        cache.tone.computed = 5;
        cache.end();
        cache.begin(context("en"));
        assert_eq!(cache.tone.computed, 5);
        cache.end();
        cache.begin(context("de"));
        assert_eq!(cache.tone.computed, 0);
        cache.end();
    }
}
