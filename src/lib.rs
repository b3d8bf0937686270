//! onbrand: a brand-voice consistency linter.
//!
//! This package is the `onbrand` command line; its library re-exports the workspace's crates
//! under one name, so that tests, benchmarks and embedders write `onbrand::lint`,
//! `onbrand::output` and so on. Data flows one way through them:
//!
//! - `onbrand-document`: a file becomes a [`document::Document`] (prose segments with source
//!   positions); [`prose`], [`position`], [`language`].
//! - `onbrand-engine`: the compiled [`guideline::Guideline`] runs its [`checks`] and [`tone`]
//!   profile over the segments; [`lint`] is the front door (configuration, overrides,
//!   suppressions, sorting); [`fix`] applies replacements.
//! - `onbrand-output` ([`output`]) renders findings; `onbrand-report` ([`report`]) reviews a
//!   whole run; `onbrand-lsp` ([`lsp`]) is the language server; `onbrand-vale` ([`vale`])
//!   imports Vale configurations.

pub use onbrand_document::{document, language, position, prose};
pub use onbrand_engine::{
    checks, config, files, finding, fingerprint, fix, guideline, lint, paths, spec, suggest, tone,
};
pub use onbrand_lsp as lsp;
pub use onbrand_output as output;
pub use onbrand_report as report;
pub use onbrand_vale as vale;
