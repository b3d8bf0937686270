//! onbrand: a brand-voice consistency linter.
//!
//! Data flows one way: a file becomes a [`document::Document`] (prose segments with source
//! positions), the compiled [`guideline::Guideline`] runs its checks over the segments, the
//! findings are filtered by in-document suppressions and sorted ([`lint`]), and a front end
//! prints them ([`output`]) or fixes them ([`fix`]). The command line and the language server are
//! thin shells over this library.

pub mod checks;
pub mod config;
pub mod document;
pub mod finding;
pub mod fix;
pub mod guideline;
pub mod language;
pub mod lint;
pub mod lsp;
pub mod output;
pub mod paths;
pub mod position;
pub mod prose;
pub mod report;
pub mod tone;
pub mod vale;
