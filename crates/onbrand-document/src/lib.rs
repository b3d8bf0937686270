//! Documents for onbrand: what a file says, as prose.
//!
//! A file becomes a [`document::Document`]: its format's reader (Markdown, MDX, HTML, e-mail,
//! plain text, …) splits it into prose [`document::Segment`]s, each with a source map back to
//! the bytes it came from, so a finding in the prose lands on the right line and column of the
//! file. [`prose`] segments text into words and sentences (UAX #29 with fast paths), [`position`]
//! converts byte offsets into lines and columns (characters for the CLI, UTF-16 or UTF-8 code
//! units for the LSP) in one place, and [`language`] detects a document's language.
//!
//! This crate knows nothing of rules: it is the first step of the one-way flow
//! document → segments → checks → findings → output.

#![warn(missing_docs)]

pub mod document;
pub mod language;
pub mod position;
pub mod prose;
#[cfg(test)]
mod shared_corpus;
mod swar;
