//! Open documents: their text (kept in sync incrementally), format, path and last lint.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use lsp_types::{Range, TextDocumentContentChangeEvent, Uri};

use crate::config::Config;
use crate::document::Format;
use crate::lint::LintedFile;
use crate::lint::cache::LintCache;
use crate::position::{ColumnUnit, LineIndex};

/// An open document onbrand lints.
#[derive(Debug)]
pub struct OpenDocument {
    pub uri: Uri,
    /// The file it is (or will be) saved as: decides the configuration, channel and globs.
    pub path: PathBuf,
    pub format: Format,
    pub version: i32,
    /// Which text and configuration the document has: unique in the process, renewed by every
    /// edit and reload. A lint made for another revision is outdated (the client's `version`
    /// cannot say so: a client may reuse numbers, and a reload keeps them).
    pub revision: u64,
    /// The revision a lint is running for, on a worker or on the loop.
    pub linting: Option<u64>,
    pub text: String,
    /// Line starts of `text`, for turning protocol positions of edits into byte offsets.
    pub lines: LineIndex,
    /// The lint of the current text; `None` until linted, or when linting is impossible.
    pub lint: Option<Lint>,
    /// Per-segment results of the last lint, so that an edit re-checks only what it changed.
    pub cache: LintCache,
    /// Whether `text` changed since `lint` was made.
    pub stale: bool,
    /// Whether the client has not yet been sent this version's diagnostics.
    pub needs_publish: bool,
    /// The configuration of the last successful load for this document: kept in force while a
    /// guideline being edited is broken, so that diagnostics do not vanish mid-edit.
    pub good_config: Option<Arc<Config>>,
    /// Whether the user was told that this document is too large to lint (told once, not at
    /// every keystroke).
    pub told_too_large: bool,
}

/// A document's findings, with the text they were found in and the configuration used.
#[derive(Debug)]
pub struct Lint {
    pub file: LintedFile,
    pub config: Arc<Config>,
}

impl OpenDocument {
    pub fn new(uri: Uri, path: PathBuf, format: Format, version: i32, text: String) -> Self {
        OpenDocument {
            lines: LineIndex::new(&text),
            uri,
            path,
            format,
            version,
            revision: next_revision(),
            linting: None,
            text,
            lint: None,
            cache: LintCache::new(),
            stale: true,
            needs_publish: true,
            good_config: None,
            told_too_large: false,
        }
    }

    /// Apply a `didChange`'s edits in order. A change without a range replaces the whole text.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        unit: ColumnUnit,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let span = self.byte_range(range, unit);
                    self.text.replace_range(span, &change.text);
                }
                None => self.text = change.text,
            }
            // Each change's positions refer to the text after the previous change.
            self.lines = LineIndex::new(&self.text);
        }
        self.version = version;
        self.outdate();
    }

    /// Make the last lint outdated: it is linted and published again.
    pub fn outdate(&mut self) {
        self.revision = next_revision();
        self.stale = true;
        self.needs_publish = true;
    }

    /// The byte range of a protocol range in the current text (clamped, start ≤ end).
    pub fn byte_range(&self, range: Range, unit: ColumnUnit) -> std::ops::Range<usize> {
        let start = self.offset(range.start, unit);
        let end = self.offset(range.end, unit);
        start.min(end)..start.max(end)
    }

    pub fn offset(&self, position: lsp_types::Position, unit: ColumnUnit) -> usize {
        self.lines
            .offset(&self.text, position.line, position.character, unit)
    }
}

fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The format of a document, or `None` for documents onbrand does not read.
///
/// An `.eml` file is e-mail whatever the editor calls it (no editor ships an e-mail language,
/// so VS Code reports `plaintext`). Otherwise the client's language id decides, and the file
/// name is the fallback for ids onbrand does not know (`handlebars`, `jinja-html`, …) and for
/// `xml`: a `.dita` topic is often opened as XML, and other XML is not read (Vale reads XML
/// only through a configured XSLT stylesheet).
pub fn format_of(language_id: &str, path: &Path) -> Option<Format> {
    let by_name = Format::from_path(path);
    if by_name == Some(Format::Email) {
        return by_name;
    }
    let by_language = match language_id.to_ascii_lowercase().as_str() {
        "markdown" => Some(Format::Markdown),
        "mdx" => Some(Format::Mdx),
        "html" => Some(Format::Html),
        "plaintext" | "text" => Some(Format::Text),
        "email" | "eml" => Some(Format::Email),
        "restructuredtext" | "rst" => Some(Format::Rst),
        "asciidoc" | "adoc" => Some(Format::AsciiDoc),
        "org" => Some(Format::Org),
        "dita" => Some(Format::Dita),
        _ => None,
    };
    by_language.or(by_name)
}

/// The local path of a `file:` URI.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = strip_prefix_ignore_case(uri.as_str(), "file://")?;
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => return None,
    };
    if !(authority.is_empty() || authority.eq_ignore_ascii_case("localhost")) {
        return None; // a network share: not a path we can open
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = percent_decode(path)?;
    bytes_to_path(bytes)
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/Users/…` → `C:/Users/…`
    let text = match text.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => text[1..].to_owned(),
        _ => text,
    };
    Some(PathBuf::from(text))
}

/// The `file:` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/'); // a Windows drive letter
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(byte);
            index += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip_with_spaces_and_umlauts() {
        let path = Path::new("/tmp/Grüße an/e mail#1.md");
        let uri = path_to_uri(path).expect("uri");
        assert_eq!(
            uri.as_str(),
            "file:///tmp/Gr%C3%BC%C3%9Fe%20an/e%20mail%231.md"
        );
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        let vscode = Uri::from_str("file:///tmp/a%3Ab.md").expect("uri");
        assert_eq!(uri_to_path(&vscode), Some(PathBuf::from("/tmp/a:b.md")));
        let untitled = Uri::from_str("untitled:Untitled-1").expect("uri");
        assert_eq!(uri_to_path(&untitled), None);
    }

    #[test]
    fn formats_by_language_id_then_name() {
        assert_eq!(
            format_of("markdown", Path::new("a.txt")),
            Some(Format::Markdown)
        );
        assert_eq!(
            format_of("plaintext", Path::new("welcome.eml")),
            Some(Format::Email)
        );
        assert_eq!(
            format_of("handlebars", Path::new("a.hbs")),
            Some(Format::Html)
        );
        assert_eq!(format_of("toml", Path::new("onbrand.toml")), None);
        let ids = [
            ("restructuredtext", "untitled", Some(Format::Rst)),
            ("asciidoc", "guide.txt", Some(Format::AsciiDoc)),
            ("org", "notes", Some(Format::Org)),
            ("dita", "topic.xml", Some(Format::Dita)),
            ("xml", "topic.dita", Some(Format::Dita)),
            ("xml", "pom.xml", None),
        ];
        for (id, name, format) in ids {
            assert_eq!(format_of(id, Path::new(name)), format, "{id} {name}");
        }
        assert_eq!(format_of("rust", Path::new("main.rs")), None);
    }

    #[test]
    fn incremental_changes_in_utf16_after_emoji() {
        let uri = Uri::from_str("file:///tmp/a.md").expect("uri");
        let text = "Hi 👋 e-mail\nsecond".to_owned();
        let mut document =
            OpenDocument::new(uri, PathBuf::from("/tmp/a.md"), Format::Markdown, 1, text);
        let range = Range::new(
            lsp_types::Position::new(0, 6),
            lsp_types::Position::new(0, 12),
        );
        document.apply_changes(
            2,
            vec![TextDocumentContentChangeEvent {
                range: Some(range),
                range_length: None,
                text: "email".to_owned(),
            }],
            ColumnUnit::Utf16,
        );
        assert_eq!(document.text, "Hi 👋 email\nsecond");
        assert_eq!(document.version, 2);
    }
}
