//! The registry of rule kinds: one line per kind, and everything else is generated from it.
//!
//! [`rule_kinds!`] hands the list to a macro of the caller's: `spec` makes the `RuleKind` enum
//! and its names from it, `checks` makes the kind modules, the `Check` enum, its per-document
//! state, compilation, dispatch, field lists and documentation. Adding a kind is one line here
//! and one file in `checks/` (see docs/contributing.md).
//!
//! Each line is `Variant module "name" protocol`: the module `checks::module` defines the type
//! `Variant`, its typed `Fields`, `compile` and `PLACEHOLDERS`, and its module documentation (`//!`) is
//! the kind's user documentation. The protocol says how the engine calls the kind:
//! - `local`: `segment(cx, emit)`. Findings depend on the segment alone (and the document's
//!   language, `cx.language`), so an editor reuses them for segments an edit did not touch.
//! - `document`: `segment(cx, &mut State, emit)` per segment, then `finish(State, emit)`.
//! - `decides_at_end`: `segment(cx, &mut State)` collects, `finish(State, emit)` reports.
//! - `reports_while_reading`: `segment(cx, &mut State, emit)`, nothing at the end.

/// Calls `$then! { … }` with the list of rule kinds.
macro_rules! rule_kinds {
    ($then:ident) => {
        $then! {
            /// Preferred terms, their deprecated variants, brand names in exact case.
            Terminology terminology "terminology" local,
            /// Banned words and phrases.
            Avoid avoid "avoid" local,
            /// A raw regular expression.
            Pattern pattern "pattern" local,
            /// At most / at least N matches per sentence, paragraph or document.
            Occurrence occurrence "occurrence" document,
            /// The same word twice in a row.
            Repetition repetition "repetition" local,
            /// Headings (or other segments) in sentence, title, lower or upper case.
            Capitalization capitalization "capitalization" reports_while_reading,
            /// A document must not mix variants (e-mail/email, du/Sie, 您/你).
            Consistency consistency "consistency" decides_at_end,
            /// Something that needs something else first (an acronym needs its definition).
            Conditional conditional "conditional" decides_at_end,
            /// Length limits for subjects, headlines, posts.
            Length length "length" document,
            /// Regex keys each with its own replacement (Vale's `substitution`): one pass for all keys.
            Substitution substitution "substitution" local,
            /// A formula over the document's counts (words, sentences, syllables …) and a condition.
            Metric metric "metric" document,
            /// Words no Hunspell dictionary of the rule knows.
            Spelling spelling "spelling" local,
        }
    };
}
pub(crate) use rule_kinds;
