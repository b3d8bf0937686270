//! Writing fixed text back to its file: atomically (a temporary file in the same directory,
//! then a rename), keeping permissions and a byte-order mark, and not at all when the file
//! changed on disk since it was read.

use std::io::Write;
use std::path::Path;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a fixed file was not written.
#[derive(Debug)]
#[non_exhaustive]
pub enum WriteError {
    /// The file on disk is not the text that was linted (edited meanwhile).
    Changed,
    /// The file is not UTF-8 (a declared legacy charset, an e-mail with encoded parts): writing
    /// the decoded text back would change bytes the fix did not mean to touch.
    NotVerbatim,
    /// Reading, writing or renaming failed.
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => write!(
                f,
                "file changed on disk since it was read; not fixed, run again"
            ),
            WriteError::NotVerbatim => write!(
                f,
                "file is not plain UTF-8 text; fixes are not written to it"
            ),
            WriteError::Io(error) => write!(f, "cannot write fixes: {error}"),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io(error) => Some(error),
            WriteError::Changed | WriteError::NotVerbatim => None,
        }
    }
}

/// Whether `text` is the file's bytes exactly (allowing a UTF-8 byte-order mark), so that
/// offsets into the text are offsets into the file.
pub fn is_verbatim(original: &[u8], text: &str) -> bool {
    original.strip_prefix(UTF8_BOM).unwrap_or(original) == text.as_bytes()
}

/// Fixes are written to a temporary file beside the file, then renamed over it. The name is
/// fixed so that a run killed mid-write leaves something recognisable (`git status` shows it;
/// `.onbrand-fix-*.tmp` in `.gitignore` hides it), and the next `--fix` in that folder removes it.
pub const TEMPORARY_PREFIX: &str = ".onbrand-fix-";
/// The end of a temporary file's name (see [`TEMPORARY_PREFIX`]).
pub const TEMPORARY_SUFFIX: &str = ".tmp";

/// Temporary files older than this are left over from a killed run, not being written.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Remove temporaries a killed run left in `directory`, once per folder and process.
fn remove_stale_temporaries(directory: &Path) {
    static CLEANED: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());
    let Ok(mut cleaned) = CLEANED.lock() else {
        return;
    };
    if cleaned.iter().any(|done| done == directory) {
        return;
    }
    cleaned.push(directory.to_owned());
    drop(cleaned);
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|metadata| metadata.modified().ok())
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if stale && name.starts_with(TEMPORARY_PREFIX) && name.ends_with(TEMPORARY_SUFFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Replace the file's contents with `fixed`, if it still holds `original`.
pub fn write_atomically(
    path: &Path,
    original: &[u8],
    text: &str,
    fixed: &str,
) -> Result<(), WriteError> {
    if !is_verbatim(original, text) {
        return Err(WriteError::NotVerbatim);
    }
    // Through symbolic links to the file they point at: replacing the link with a regular file
    // would leave the target unfixed and the link gone.
    let path = &std::fs::canonicalize(path).map_err(WriteError::Io)?;
    let current = std::fs::read(path).map_err(WriteError::Io)?;
    if current != original {
        return Err(WriteError::Changed);
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    remove_stale_temporaries(directory);
    let mut temporary = tempfile::Builder::new()
        .prefix(TEMPORARY_PREFIX)
        .suffix(TEMPORARY_SUFFIX)
        .tempfile_in(directory)
        .map_err(WriteError::Io)?;
    if original.starts_with(UTF8_BOM) {
        temporary.write_all(UTF8_BOM).map_err(WriteError::Io)?;
    }
    temporary
        .write_all(fixed.as_bytes())
        .map_err(WriteError::Io)?;
    temporary.as_file().sync_all().map_err(WriteError::Io)?;
    let permissions = std::fs::metadata(path)
        .map_err(WriteError::Io)?
        .permissions();
    std::fs::set_permissions(temporary.path(), permissions).map_err(WriteError::Io)?;
    temporary
        .persist(path)
        .map_err(|error| WriteError::Io(error.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_keeping_the_bom_and_refuses_changed_files() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("a.md");
        let original = b"\xEF\xBB\xBFan e-mail".to_vec();
        std::fs::write(&path, &original).unwrap();
        write_atomically(&path, &original, "an e-mail", "an email").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"\xEF\xBB\xBFan email");

        let stale = original;
        assert!(matches!(
            write_atomically(&path, &stale, "an e-mail", "x"),
            Err(WriteError::Changed)
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"\xEF\xBB\xBFan email");

        let latin1 = b"gr\xfc\xdfe".to_vec();
        assert!(matches!(
            write_atomically(&path, &latin1, "grüße", "x"),
            Err(WriteError::NotVerbatim)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn fixes_write_through_a_symlink_and_old_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("post.md");
        std::fs::write(&target, "an e-mail").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        // Left by a run killed mid-write two minutes ago, and one being written right now.
        let stale = dir.path().join(".onbrand-fix-AbC123.tmp");
        let fresh = dir.path().join(".onbrand-fix-XyZ789.tmp");
        std::fs::write(&stale, "half").unwrap();
        std::fs::write(&fresh, "half").unwrap();
        let two_minutes_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(two_minutes_ago)
            .unwrap();
        write_atomically(&link, b"an e-mail", "an e-mail", "an email").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "an email");
        assert!(!stale.exists() && fresh.exists());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(TEMPORARY_PREFIX))
            .collect();
        assert_eq!(names, [".onbrand-fix-XyZ789.tmp"]);
    }
}
