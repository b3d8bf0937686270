//! Import a Vale configuration (`.vale.ini` and the styles it uses) as an onbrand configuration
//! and guideline, for teams moving from Vale. Rule ids keep Vale's `Style.Rule` names.
//!
//! What cannot be converted exactly is listed in the [`Report`]: the rule, the reason, and
//! what was done instead. `docs/vale.md` describes the mapping.

pub mod convert;
pub mod ini;
pub mod rule;
mod spelling;
mod styles;

use onbrand_engine::{config, guideline, paths};

use std::path::{Path, PathBuf};

pub use styles::import;

/// One rule (or setting) that was not converted exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// `Style.Rule`, or the `.vale.ini` key.
    pub rule: String,
    pub reason: String,
    pub instead: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}; {}", self.rule, self.reason, self.instead)
    }
}

/// What an import wrote and what it could not convert exactly.
#[derive(Debug, Default)]
pub struct Report {
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    /// Rules converted.
    pub converted: usize,
    /// Rules not converted at all.
    pub skipped: usize,
    pub notes: Vec<Note>,
}

/// Why an import failed as a whole (a single rule's problem is a [`Note`] instead).
#[derive(Debug)]
pub enum ImportError {
    Io(PathBuf, std::io::Error),
    /// A malformed `.vale.ini`, with file:line:col.
    Invalid(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Io(path, error) => write!(f, "{}: {error}", crate::paths::display(path)),
            ImportError::Invalid(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Io(_, error) => Some(error),
            ImportError::Invalid(_) => None,
        }
    }
}

/// Largest Vale configuration or rule file read.
pub(crate) const VALE_FILE_LIMIT: u64 = 16 * 1024 * 1024;

fn read(path: &Path) -> Result<String, ImportError> {
    crate::paths::read_regular_text(path, VALE_FILE_LIMIT)
        .map_err(|e| ImportError::Io(path.to_owned(), e))
}
