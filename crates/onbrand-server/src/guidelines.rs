//! The configuration in force: compiled once at start, swapped atomically on reload.
//!
//! Requests take an `Arc` of the current configuration and keep it for their whole run, so a
//! reload never changes the guideline under a request. A reload that fails (a broken edit)
//! keeps the last good configuration and records why, for the log and `/healthz`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use onbrand_engine::config::{Config, ConfigCache, FileSettings};

/// The name of a request's document when the request gives none.
pub const UNNAMED: &str = "<request>";

/// A configuration in force, with the settings of a document that a request does not name,
/// found when the configuration is loaded rather than for every request (matching the name
/// against the configuration's globs cost about 2% of a served check).
#[derive(Debug)]
pub struct InForce {
    pub config: Arc<Config>,
    /// The settings of [`UNNAMED`] below the configuration's root, without a request's
    /// channel or language.
    pub unnamed: FileSettings,
}

impl InForce {
    fn new(config: Arc<Config>) -> Arc<InForce> {
        let unnamed = config.settings_for(&config.root.join(UNNAMED));
        Arc::new(InForce { config, unnamed })
    }
}

/// Where the configuration comes from.
#[derive(Clone, Debug)]
enum Source {
    /// An `onbrand.toml` (given with `--config` or found upward from the working directory).
    File(PathBuf),
    /// No `onbrand.toml` anywhere: the starter configuration, rooted here.
    Starter(PathBuf),
}

/// What `/healthz` and the log say about the configuration.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Status {
    /// The `onbrand.toml` in force; `None` for the built-in starter configuration.
    pub config: Option<String>,
    pub rules: usize,
    /// Successful loads so far (1 after start).
    pub generation: u64,
    /// Seconds since the Unix epoch of the last successful load.
    pub loaded_at: u64,
    /// Why the last reload failed, while the previous configuration stays in force.
    pub reload_error: Option<String>,
}

/// The configuration in force and its reload status.
#[derive(Debug)]
pub struct Guidelines {
    source: Source,
    current: RwLock<Arc<InForce>>,
    status: RwLock<Status>,
}

impl Guidelines {
    /// Load the configuration `config` names, else the nearest `onbrand.toml` above `cwd`, else
    /// the starter. A configuration that does not load is an error: there is nothing to serve.
    pub fn load(config: Option<&Path>, cwd: &Path) -> Result<Guidelines, String> {
        let found = match config {
            Some(path) => Arc::new(Config::load(path).map_err(|error| error.to_string())?),
            None => ConfigCache::new(cwd.to_owned())
                .for_file(&cwd.join("onbrand-serve"))
                .map_err(|error| error.to_string())?,
        };
        let source = match &found.path {
            Some(path) => Source::File(path.clone()),
            None => Source::Starter(cwd.to_owned()),
        };
        let status = Status {
            config: found.path.as_deref().map(onbrand_engine::paths::display),
            rules: found.guideline.rules().len(),
            generation: 1,
            loaded_at: now(),
            reload_error: None,
        };
        Ok(Guidelines {
            source,
            current: RwLock::new(InForce::new(found)),
            status: RwLock::new(status),
        })
    }

    /// The configuration in force.
    pub fn current(&self) -> Arc<Config> {
        self.in_force().config.clone()
    }

    /// The configuration in force, with what is found once per load.
    pub fn in_force(&self) -> Arc<InForce> {
        match self.current.read() {
            Ok(current) => current.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn status(&self) -> Status {
        match self.status.read() {
            Ok(status) => status.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The folder whose TOML files can change the configuration: the `onbrand.toml`'s.
    pub fn watch_root(&self) -> Option<PathBuf> {
        match &self.source {
            Source::File(path) => {
                let parent = path.parent().unwrap_or(Path::new("."));
                Some(std::path::absolute(parent).unwrap_or_else(|_| parent.to_owned()))
            }
            Source::Starter(_) => None,
        }
    }

    /// Compile the configuration again and swap it in; on failure keep the one in force.
    /// Returns the error, which is also kept for `/healthz`.
    pub fn reload(&self) -> Result<(), String> {
        let loaded = match &self.source {
            Source::File(path) => Config::load(path),
            Source::Starter(root) => Config::starter(root),
        }
        .map_err(|error| error.to_string());
        let mut status = match self.status.write() {
            Ok(status) => status,
            Err(poisoned) => poisoned.into_inner(),
        };
        match loaded {
            Ok(config) => {
                status.rules = config.guideline.rules().len();
                status.generation += 1;
                status.loaded_at = now();
                status.reload_error = None;
                let config = InForce::new(Arc::new(config));
                match self.current.write() {
                    Ok(mut current) => *current = config,
                    Err(poisoned) => *poisoned.into_inner() = config,
                }
                Ok(())
            }
            Err(error) => {
                status.reload_error = Some(error.clone());
                Err(error)
            }
        }
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0)
}
