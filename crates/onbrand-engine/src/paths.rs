//! Paths as people read them in messages: relative to the working directory when below it,
//! without `./` noise, so the same file prints the same way whatever the argument was; and
//! files read from disk safely (with the `fs` feature: a build without it reads no files).

#[cfg(feature = "fs")]
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// `path` as people read it: relative to the working directory when below it, without `./`.
pub fn display(path: &Path) -> String {
    let cleaned: PathBuf = path
        .components()
        .filter(|part| !matches!(part, Component::CurDir))
        .collect();
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| cleaned.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let shown = relative.unwrap_or(cleaned).display().to_string();
    // The working directory itself, named `.` or by its absolute path, is `.`, never "".
    if shown.is_empty() {
        ".".to_owned()
    } else {
        shown
    }
}

/// Read `path` whole if it is a regular file (or a link to one) of at most `limit` bytes.
///
/// A named pipe would block forever, a device may never end, and a folder cannot be read: each
/// is reported as what it is, without opening it. The size comes from the metadata, so a 2 GB
/// file is refused before a byte of it is read (and a file that grows while read is cut off at
/// `limit + 1` bytes and refused too).
#[cfg(feature = "fs")]
pub fn read_regular(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let metadata = std::fs::metadata(path)?;
    if let Some(kind) = not_regular(&metadata.file_type()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{kind}, not a regular file"),
        ));
    }
    if metadata.len() > limit {
        return Err(too_large(metadata.len(), limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    std::fs::File::open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// [`read_regular`] for text: UTF-8 or an error saying it is not.
#[cfg(feature = "fs")]
pub fn read_regular_text(path: &Path, limit: u64) -> std::io::Result<String> {
    decode_utf8(read_regular(path, limit)?)
}

/// A file's bytes as text: UTF-8 or an error saying where it is not.
pub fn decode_utf8(bytes: Vec<u8>) -> std::io::Result<String> {
    String::from_utf8(bytes).map_err(|error| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 (invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Whether an I/O error is [`read_regular`]'s "over the limit".
pub fn is_too_large(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::FileTooLarge
}

pub(crate) fn too_large(size: u64, limit: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!("file is {size} bytes, over the {limit}-byte limit"),
    )
}

/// What a file that is not a regular file is, in words; `None` for a regular file.
#[cfg(feature = "fs")]
pub fn not_regular(file_type: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    (!file_type.is_file()).then_some("not a file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(all(unix, feature = "fs"))]
    #[test]
    fn pipes_devices_and_folders_are_refused_without_being_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        // Opening a FIFO with no writer would block this test forever.
        let error = read_regular(&fifo, 100).unwrap_err();
        assert_eq!(error.to_string(), "a named pipe (FIFO), not a regular file");
        let error = read_regular(Path::new("/dev/zero"), 100).unwrap_err();
        assert_eq!(error.to_string(), "a device, not a regular file");
        let error = read_regular(dir.path(), 100).unwrap_err();
        assert_eq!(error.to_string(), "a folder, not a regular file");
        let big = dir.path().join("big.md");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(3 << 30)
            .unwrap(); // sparse: 3 GB, no disk
        let error = read_regular(&big, 16 << 20).unwrap_err();
        assert!(is_too_large(&error));
        assert_eq!(
            error.to_string(),
            "file is 3221225472 bytes, over the 16777216-byte limit"
        );
        let small = dir.path().join("small.md");
        std::fs::write(&small, "Grüße").unwrap();
        assert_eq!(read_regular_text(&small, 100).unwrap(), "Grüße");
        std::fs::write(&small, b"a\xffb").unwrap();
        assert_eq!(
            read_regular_text(&small, 100).unwrap_err().to_string(),
            "not UTF-8 (invalid byte at offset 1)"
        );
    }

    #[test]
    fn strips_the_working_directory_and_dot_components() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            display(&cwd.join("blog/a.md")),
            format!("blog{}a.md", std::path::MAIN_SEPARATOR)
        );
        assert_eq!(display(Path::new("./a.md")), "a.md");
        assert_eq!(display(Path::new("/elsewhere/./a.md")), "/elsewhere/a.md");
    }
}
