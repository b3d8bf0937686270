//! `onbrand lsp`: the language server.
//!
//! A plain main loop in the style of rust-analyzer's `lsp-server` scaffold: one thread owns all
//! state, reads messages from a channel and answers them in order. Each open document keeps a
//! [`crate::lint::cache::LintCache`], so re-linting after an edit checks only the segments the
//! edit changed (under 2 ms for 2,000 lines): ordinary documents are linted on the loop, and
//! before linting, the loop drains every message already waiting (see [`server`]). Documents
//! over a quarter of a megabyte are linted on a bounded set of worker threads instead, so that
//! the loop keeps answering while they are, and results of outdated text are discarded (see
//! [`background`]).
//!
//! Modules, in the order a message travels:
//! - [`transport`]: stdio framing that survives malformed messages (the scaffold's own reader
//!   thread gives up at the first bad payload);
//! - [`server`]: lifecycle, dispatch, coalescing of edits, publishing;
//! - [`background`]: linting large documents on worker threads;
//! - [`documents`]: open buffers, incremental text sync, language detection, URIs ↔ paths;
//! - [`diagnostics`]: findings and configuration errors as LSP diagnostics;
//! - [`code_actions`]: quick fixes, fix-all, suppression comments;
//! - [`hover`]: why a rule exists;
//! - [`config_watch`]: file watcher registration and guideline reloads.

pub mod background;
pub mod code_actions;
pub mod config_watch;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod server;
pub mod transport;

use onbrand_engine::{config, document, finding, guideline, lint, position};

use std::process::ExitCode;

pub use server::run;

/// Serve LSP over standard input and output until the client says `exit`.
///
/// The exit code follows the protocol: 0 when `shutdown` came before `exit`, 1 otherwise.
pub fn run_stdio() -> Result<ExitCode, String> {
    let (connection, writer) = transport::stdio();
    let clean = run(connection)?;
    // Wait for the writer to flush the last responses (it ends once every sender is dropped).
    writer
        .join()
        .map_err(|_| "the LSP writer thread panicked".to_owned())?
        .map_err(|error| format!("cannot write to the client: {error}"))?;
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
