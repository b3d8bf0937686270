//! onbrand's engine: a brand guideline compiled once, then applied to documents.
//!
//! Data flows one way: a [`document::Document`] (from `onbrand-document`) is checked by the
//! compiled [`guideline::Guideline`] — its [`checks`], one rule kind per module, and its
//! [`tone`] profile — and [`lint`] turns that into a [`lint::LintedFile`]: sorted
//! [`finding::Finding`]s after suppressions and per-path [`config`] overrides, with the tone
//! report. [`fix`] applies the findings' replacements.
//!
//! The engine does no I/O of its own beyond reading configuration and guideline files a caller
//! names; it has no command line, no thread pool and no terminal, so the same crate serves the
//! CLI, the language server and the servers to come. Without the `fs` feature it reads no
//! files at all: everything comes through [`files::Files`] from memory (the WebAssembly build).
//!
//! Module order (each uses only those before it): [`finding`], [`paths`], [`files`], [`suggest`], [`kinds`],
//! [`spec`], [`memo`], [`checks`], [`tone`], [`guideline`], [`config`], [`fingerprint`],
//! [`lint`], [`fix`].

pub use onbrand_document::{document, language, position, prose};

pub mod checks;
pub mod config;
pub mod files;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod guideline;
pub mod kinds;
pub mod lint;
pub mod memo;
pub mod paths;
pub mod spec;
pub mod suggest;
pub mod tone;
