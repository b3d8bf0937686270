//! Where a configuration's guideline files, and the files its rules name (spelling
//! dictionaries, word lists), are read from: the disk, or files a caller holds in memory.
//!
//! The engine reads nothing else, so this trait is the whole boundary between the engine and
//! a file system. [`Disk`] exists only with the `fs` feature (on by default); a build without it
//! (the WebAssembly build for browsers) reads from [`InMemory`]: the files a writer dropped on
//! the page.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// A source of files by path. `Sync`: a guideline's rules compile on several threads (the
/// `parallel` feature), each with the files.
pub trait Files: Sync {
    /// The bytes of the regular file at `path`, at most `limit` of them.
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>>;

    /// The `*.toml` files directly in the folder `path`, in name order; `None` when `path` is
    /// not a folder.
    fn toml_files_in(&self, path: &Path) -> io::Result<Option<Vec<PathBuf>>>;

    /// [`Files::read`] for text: UTF-8 or an error saying it is not.
    fn read_text(&self, path: &Path, limit: u64) -> io::Result<String> {
        crate::paths::decode_utf8(self.read(path, limit)?)
    }
}

/// Files on disk.
#[cfg(feature = "fs")]
#[derive(Clone, Copy, Debug, Default)]
pub struct Disk;

#[cfg(feature = "fs")]
impl Files for Disk {
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        crate::paths::read_regular(path, limit)
    }

    fn toml_files_in(&self, path: &Path) -> io::Result<Option<Vec<PathBuf>>> {
        if !path.is_dir() {
            return Ok(None);
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|file| is_toml(file))
            .collect();
        files.sort();
        Ok(Some(files))
    }
}

/// Files held in memory by path: a folder is every path below it.
#[derive(Clone, Debug, Default)]
pub struct InMemory {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl InMemory {
    /// No files.
    pub fn new() -> InMemory {
        InMemory::default()
    }

    /// Add (or replace) the file at `path`. `./` components are dropped, so that `./a.toml`
    /// and `a.toml` are one file, as on disk.
    pub fn insert(&mut self, path: &Path, bytes: Vec<u8>) {
        self.files.insert(normalize(path), bytes);
    }

    /// Whether no file was inserted.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl Files for InMemory {
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        let path = normalize(path);
        let bytes = self.files.get(&path).ok_or_else(|| {
            let is_folder = self.files.keys().any(|file| file.starts_with(&path));
            let message = if is_folder {
                "a folder, not a regular file"
            } else {
                "no such file among the files given"
            };
            io::Error::new(io::ErrorKind::NotFound, message)
        })?;
        if bytes.len() as u64 > limit {
            return Err(crate::paths::too_large(bytes.len() as u64, limit));
        }
        Ok(bytes.clone())
    }

    fn toml_files_in(&self, path: &Path) -> io::Result<Option<Vec<PathBuf>>> {
        let folder = normalize(path);
        if self.files.contains_key(&folder) {
            return Ok(None);
        }
        let below: Vec<&PathBuf> = self
            .files
            .keys()
            .filter(|file| file.starts_with(&folder))
            .collect();
        if below.is_empty() {
            return Ok(None);
        }
        // Directly in the folder, as on disk: `guideline/de/x.toml` is not in `guideline`.
        let files = below
            .into_iter()
            .filter(|file| file.parent() == Some(folder.as_path()) && is_toml(file))
            .cloned()
            .collect();
        Ok(Some(files))
    }
}

fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "toml")
}

fn normalize(path: &Path) -> PathBuf {
    path.components()
        .filter(|part| !matches!(part, std::path::Component::CurDir))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> InMemory {
        let mut files = InMemory::new();
        for name in [
            "./guide/b.toml",
            "guide/a.toml",
            "guide/words.txt",
            "guide/de/c.toml",
        ] {
            files.insert(Path::new(name), name.as_bytes().to_vec());
        }
        files
    }

    #[test]
    fn in_memory_folders_list_their_own_toml_files_in_name_order() {
        let files = files();
        assert_eq!(
            files.toml_files_in(Path::new("./guide")).unwrap(),
            Some(vec![
                PathBuf::from("guide/a.toml"),
                PathBuf::from("guide/b.toml")
            ])
        );
        assert_eq!(
            files.toml_files_in(Path::new("guide/a.toml")).unwrap(),
            None
        );
        assert_eq!(files.toml_files_in(Path::new("elsewhere")).unwrap(), None);
        assert_eq!(
            files.toml_files_in(Path::new("guide/de")).unwrap(),
            Some(vec![PathBuf::from("guide/de/c.toml")])
        );
    }

    #[test]
    fn in_memory_reads_say_what_is_wrong() {
        let files = files();
        assert_eq!(
            files.read_text(Path::new("guide/b.toml"), 100).unwrap(),
            "./guide/b.toml"
        );
        let error = |path: &str, limit| files.read(Path::new(path), limit).unwrap_err();
        assert_eq!(
            error("guide", 100).to_string(),
            "a folder, not a regular file"
        );
        assert_eq!(
            error("nope.toml", 100).to_string(),
            "no such file among the files given"
        );
        assert_eq!(
            error("guide/a.toml", 3).to_string(),
            "file is 12 bytes, over the 3-byte limit"
        );
        let mut latin1 = InMemory::new();
        latin1.insert(Path::new("x.txt"), b"gr\xfc\xdfe".to_vec());
        assert_eq!(
            latin1
                .read_text(Path::new("x.txt"), 100)
                .unwrap_err()
                .to_string(),
            "not UTF-8 (invalid byte at offset 2)"
        );
    }
}
