//! Finding the configuration that applies to a file: the nearest `onbrand.toml` upward.
//!
//! Every directory's answer is cached, so a run over thousands of files reads each configuration
//! once, and a file's lookup costs a hash probe per directory level at most once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::{Config, ConfigError, FILE_NAME};

type Loaded = Result<Arc<Config>, Arc<ConfigError>>;

/// Configurations by directory, shared by the threads of one run.
#[derive(Debug)]
pub struct ConfigCache {
    /// Where globs of the default configuration are rooted (the working directory).
    default_root: PathBuf,
    /// A configuration given explicitly (`--config`): used for every file.
    explicit: Option<Loaded>,
    by_directory: Mutex<HashMap<PathBuf, Loaded>>,
    default: OnceLock<Loaded>,
}

impl ConfigCache {
    /// A cache that uses the configuration found from `default_root` for buffers without a path.
    pub fn new(default_root: PathBuf) -> ConfigCache {
        ConfigCache {
            default_root,
            explicit: None,
            by_directory: Mutex::default(),
            default: OnceLock::new(),
        }
    }

    /// Use one configuration file for every document instead of discovering them.
    pub fn with_explicit(default_root: PathBuf, path: &Path) -> ConfigCache {
        let mut cache = ConfigCache::new(default_root);
        cache.explicit = Some(Config::load(path).map(Arc::new).map_err(Arc::new));
        cache
    }

    /// The configuration for a file (or for an unsaved buffer's intended path).
    pub fn for_file(&self, file: &Path) -> Loaded {
        if let Some(explicit) = &self.explicit {
            return explicit.clone();
        }
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_owned());
        let start = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        self.for_directory(&start)
    }

    fn for_directory(&self, directory: &Path) -> Loaded {
        if let Some(found) = self.cached(directory) {
            return found;
        }
        let candidate = directory.join(FILE_NAME);
        let found = if candidate.is_file() {
            Config::load(&candidate).map(Arc::new).map_err(Arc::new)
        } else {
            match directory.parent() {
                Some(parent) => self.for_directory(parent),
                None => self.default(),
            }
        };
        if let Ok(mut cache) = self.by_directory.lock() {
            cache.insert(directory.to_owned(), found.clone());
        }
        found
    }

    fn cached(&self, directory: &Path) -> Option<Loaded> {
        self.by_directory.lock().ok()?.get(directory).cloned()
    }

    fn default(&self) -> Loaded {
        self.default
            .get_or_init(|| {
                Config::starter(&self.default_root)
                    .map(Arc::new)
                    .map_err(Arc::new)
            })
            .clone()
    }

    /// Forget every cached configuration (the language server calls this when a guideline or
    /// configuration file changes).
    pub fn clear(&self) {
        if let Ok(mut cache) = self.by_directory.lock() {
            cache.clear();
        }
    }
}
