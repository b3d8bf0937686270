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
//! # Example
//!
//! A guideline of one rule, compiled from memory and run over a Markdown document:
//!
//! ```
//! use std::path::Path;
//!
//! use onbrand_engine::config::FileSettings;
//! use onbrand_engine::document::{Document, Format};
//! use onbrand_engine::guideline::{Guideline, GuidelineSource};
//! use onbrand_engine::lint::lint_document;
//!
//! let guideline = Guideline::compile(&[GuidelineSource {
//!     name: "brand.toml".to_owned(),
//!     text: "[[rule]]\nid = \"brand.hype\"\nkind = \"avoid\"\nphrases = [\"game-changing\"]\n"
//!         .to_owned(),
//! }])
//! .expect("the guideline compiles");
//! let document = Document::parse(Format::Markdown, "# News\n\nA game-changing release.\n".to_owned());
//! let linted = lint_document(
//!     Path::new("news.md"),
//!     document,
//!     &guideline,
//!     &FileSettings::default(),
//!     None, // no cache: an editor keeps a `lint::cache::LintCache` per open document
//! );
//! let finding = &linted.findings[0];
//! assert_eq!(finding.rule_id(), "brand.hype");
//! let position = linted.lines.line_col(&linted.document.text, finding.span.start);
//! assert_eq!((position.line, position.column), (3, 3));
//! assert_eq!(finding.message, "Avoid 'game-changing'.");
//! ```
//!
//! A guideline file's mistakes come back as [`spec::GuidelineError`]s with their file, line
//! and column, all of them at once:
//!
//! ```
//! use onbrand_engine::guideline::{Guideline, GuidelineSource};
//!
//! let errors = Guideline::compile(&[GuidelineSource {
//!     name: "brand.toml".to_owned(),
//!     text: "[[rule]]\nid = \"x\"\nkind = \"avoid\"\nphrase = [\"a\"]\n".to_owned(),
//! }])
//! .expect_err("a misspelt field");
//! assert!(errors[0].to_string().starts_with("brand.toml:4:1: unknown field `phrase`"));
//! assert!(errors[0].to_string().ends_with("(did you mean `phrases`?)"));
//! ```
//!
//! Module order (each uses only those before it): [`finding`], [`paths`], [`files`], [`suggest`], `kinds`,
//! [`spec`], `memo`, [`checks`], [`tone`], [`guideline`], [`config`], [`fingerprint`],
//! [`lint`], [`fix`].

#![warn(missing_docs)]

pub use onbrand_document::{document, language, position, prose};

pub mod checks;
pub mod config;
pub mod files;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod guideline;
mod kinds;
pub mod lint;
pub(crate) mod memo;
pub mod paths;
pub mod spec;
pub mod suggest;
pub mod tone;
