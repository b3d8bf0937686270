//! Linting large documents on worker threads, so that the loop keeps answering.
//!
//! A document over [`BACKGROUND_BYTES`] takes long enough to lint (up to seconds for the
//! largest the server accepts) that hover, code actions and the diagnostics of every other
//! document would wait behind it on the loop. Its lint runs on a worker instead:
//! - at most [`Workers::max`] lints run at once (each holds a copy of its document's text);
//!   documents that find no free worker wait, marked stale, and the loop starts them as
//!   workers finish, always with their text as it is then;
//! - a document has at most one lint running. Edits made meanwhile make that lint outdated:
//!   its result is discarded when it arrives (its revision is no longer the document's), never
//!   published over the newer text, and the next lint takes the latest text, however many edits
//!   came in between;
//! - requests about the document (hover, code actions, pulled diagnostics) wait for its lint
//!   rather than answer from findings of another text (see `Server::park`).
//!
//! Smaller documents are linted on the loop as before: with the per-segment cache that takes
//! milliseconds, and their requests are answered at once.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};
use lsp_types::Uri;

use crate::config::{Config, FileSettings};
use crate::document::Format;
use crate::lint::cache::LintCache;
use crate::lint::{LintedFile, lint_source};

/// Documents larger than this are linted on a worker. A quarter of a megabyte of prose lints
/// in well under the 50 ms an editor's hover should take, even in a debug build.
pub const BACKGROUND_BYTES: usize = 256 * 1024;

/// The most lints run at once, whatever the machine: each holds a document of up to the
/// 16 MiB size limit and its findings, and the client has one user.
const MAX_WORKERS: usize = 2;

/// Everything a worker needs to lint one version of a document, taken from the loop's state.
pub struct Job {
    pub uri: Uri,
    /// The document's revision when the job was made (see `OpenDocument::revision`).
    pub revision: u64,
    /// The client's version number, for log lines.
    pub version: i32,
    pub path: PathBuf,
    pub format: Format,
    pub text: String,
    pub config: Arc<Config>,
    pub settings: FileSettings,
    /// The document's cache, lent to the worker and handed back with the result.
    pub cache: LintCache,
}

/// A worker's result.
pub struct Finished {
    pub uri: Uri,
    pub revision: u64,
    pub version: i32,
    pub config: Arc<Config>,
    /// The lint, or the message of the panic that cut it short.
    pub outcome: Result<LintedFile, String>,
    pub cache: LintCache,
}

/// Lint a job's text; a panic becomes an `Err` with its message (and a fresh cache, since a
/// lint cut short may leave the old one half-updated).
pub fn lint(job: Job) -> Finished {
    let Job {
        uri,
        revision,
        version,
        path,
        format,
        text,
        config,
        settings,
        mut cache,
    } = job;
    let linted = catch_unwind(AssertUnwindSafe(|| {
        lint_source(
            &path,
            format,
            text,
            &config.guideline,
            &settings,
            Some(&mut cache),
        )
    }));
    let outcome = linted.map_err(|panic| panic_message(&panic));
    if outcome.is_err() {
        cache = LintCache::new();
    }
    Finished {
        uri,
        revision,
        version,
        config,
        outcome,
        cache,
    }
}

/// The bounded set of lints running on worker threads. Results arrive on [`Self::results`].
pub struct Workers {
    running: usize,
    max: usize,
    sender: Sender<Finished>,
    receiver: Receiver<Finished>,
}

impl Default for Workers {
    fn default() -> Workers {
        let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
        let (sender, receiver) = crossbeam_channel::unbounded();
        Workers {
            running: 0,
            max: cores.clamp(1, MAX_WORKERS),
            sender,
            receiver,
        }
    }
}

impl Workers {
    /// Where finished lints arrive; each must be passed to [`Self::finished`].
    pub fn results(&self) -> Receiver<Finished> {
        self.receiver.clone()
    }

    pub fn running(&self) -> usize {
        self.running
    }

    pub fn max(&self) -> usize {
        self.max
    }

    pub fn has_room(&self) -> bool {
        self.running < self.max
    }

    /// Start `job` on a thread of its own. If no thread can be started, the job runs here, and
    /// its result arrives the same way.
    pub fn start(&mut self, job: Job) {
        self.running += 1;
        let (hand_over, take) = crossbeam_channel::bounded::<Job>(1);
        let results = self.sender.clone();
        let spawned = std::thread::Builder::new()
            .name("onbrand-lsp-lint".to_owned())
            .spawn(move || {
                if let Ok(job) = take.recv() {
                    // The loop may be gone (the client exited): nobody wants the result then.
                    let _ = results.send(lint(job));
                }
            });
        match spawned {
            Ok(_) => {
                let _ = hand_over.send(job);
            }
            Err(_) => {
                let _ = self.sender.send(lint(job));
            }
        }
    }

    /// A result was taken from [`Self::results`]: its worker is free.
    pub fn finished(&mut self) {
        self.running = self.running.saturating_sub(1);
    }
}

pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned())
}
