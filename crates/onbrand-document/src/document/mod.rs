//! Documents: a file in any supported format, turned into prose segments with exact positions.
//!
//! Every format parser produces the same model, a [`Document`]: its decoded source text, the
//! prose [`Segment`]s found in it (each with a [`SegmentKind`] and a [`SourceMap`] back to the
//! source), metadata from front matter or markup, and in-document directives (suppression
//! comments). Checks only ever see segments, so every rule works the same in every format.

pub mod decode;
pub mod email;
pub mod encoded;
pub mod fluent;
pub mod front_matter;
pub mod html;
pub mod json;
pub mod locale_path;
pub mod markdown;
pub mod mask;
pub mod messages;
pub mod po;
pub mod source_map;
pub mod suppress;
pub mod text;
pub mod toml_locale;
pub mod xliff;
pub mod yaml;

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use crate::prose::OPAQUE;
pub use encoded::{DecodedMap, DecodedSpan, EncodedPart, Transfer};
pub use source_map::{SegmentBuilder, SourceCursor, SourceMap};
pub use suppress::Directive;

use crate::prose::{self, Word};

/// The file formats onbrand reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    /// Markdown plus `import`/`export` lines and JSX components, which are not prose.
    Mdx,
    Html,
    /// An RFC 5322 message (`.eml`), with MIME parts.
    Email,
    Text,
    /// Project Fluent messages (`.ftl`).
    Fluent,
    /// A YAML locale file (Rails, Hugo, vue-i18n): nested keys whose string values are messages.
    Yaml,
    /// A JSON locale file (i18next, vue-i18n, Chrome/WebExtension and Docusaurus `message`
    /// objects, Flutter `.arb`).
    Json,
    /// A TOML locale file (Hugo's `i18n/de.toml`).
    Toml,
    /// A gettext catalogue (`.po`, `.pot`).
    Po,
    /// XLIFF 1.2 or 2.0 (`.xlf`, `.xliff`).
    Xliff,
}

impl Format {
    /// Every format, in the order a format picker lists them.
    pub const ALL: [Format; 11] = [
        Format::Text,
        Format::Markdown,
        Format::Mdx,
        Format::Html,
        Format::Email,
        Format::Fluent,
        Format::Yaml,
        Format::Json,
        Format::Toml,
        Format::Po,
        Format::Xliff,
    ];

    /// The format a path's name implies, if any. Generated pages such as `index.html.de` or
    /// `page.html.en.utf8` carry their format before a language suffix.
    ///
    /// YAML and JSON are only read as locale files where their path says they are
    /// ([`locale_path::is_locale_file`]): other YAML and JSON is configuration or data.
    pub fn from_path(path: &Path) -> Option<Format> {
        // Lossy: a name that is not UTF-8 (`caf\xE9.md`) still has its format in its extension.
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if let Some(format) = Self::locale_format(&name)
            && (name.ends_with(".arb") || locale_path::is_locale_file(path))
        {
            return Some(format);
        }
        let mut parts = name.split('.').skip(1).collect::<Vec<_>>();
        // Look at the last extension first, then step back over language and charset suffixes.
        while let Some(extension) = parts.pop() {
            if let Some(format) = Self::from_extension(extension) {
                return Some(format);
            }
            if extension.len() > 5 && extension != "utf-8" {
                return None;
            }
        }
        None
    }

    /// Why a file no format reads holds no copy, when its kind says so: configuration and data
    /// (YAML, JSON and TOML that are not locale files: `onbrand.toml`, `Cargo.toml`,
    /// `package.json`; `.ini`, `.lock`…), and media, fonts and archives. A walk does not count
    /// these as skipped copy; every other file no format reads (`.properties`, `.strings`,
    /// `.rst`, `.pdf`…) may hold copy onbrand cannot read, and is counted.
    pub fn not_copy(path: &Path) -> Option<&'static str> {
        if Format::from_path(path).is_some() {
            return None;
        }
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let extension = name.rsplit_once('.')?.1;
        Some(match extension {
            "yml" | "yaml" | "json" | "jsonc" | "json5" | "toml" | "ini" | "cfg" | "conf"
            | "lock" | "editorconfig" => "configuration or data, not copy",
            "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "ico" | "bmp" | "tif" | "tiff"
            | "svg" | "mp3" | "mp4" | "m4a" | "wav" | "ogg" | "webm" | "mov" | "woff" | "woff2"
            | "ttf" | "otf" | "eot" | "zip" | "gz" | "tgz" | "bz2" | "xz" | "zst" | "7z"
            | "tar" => "media, font or archive, not copy",
            _ => return None,
        })
    }

    /// The locale format a file name's extension says, if the path confirms it.
    fn locale_format(name: &str) -> Option<Format> {
        let extension = name.rsplit('.').next()?;
        match extension {
            "yml" | "yaml" => Some(Format::Yaml),
            "json" | "arb" => Some(Format::Json),
            "toml" => Some(Format::Toml),
            _ => None,
        }
    }

    fn from_extension(extension: &str) -> Option<Format> {
        Some(match extension {
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "mdx" => Format::Mdx,
            "html" | "htm" | "xhtml" | "hbs" | "handlebars" | "mustache" | "liquid" | "njk"
            | "mjml" => Format::Html,
            "eml" => Format::Email,
            "txt" | "text" => Format::Text,
            "ftl" => Format::Fluent,
            "po" | "pot" => Format::Po,
            "xlf" | "xliff" => Format::Xliff,
            _ => return None,
        })
    }

    /// The format of a document named on the command line whose name says nothing: HTML when it
    /// looks like markup, else plain text.
    pub fn sniff(bytes: &[u8]) -> Format {
        let head = &bytes[..bytes.len().min(512)];
        let head = String::from_utf8_lossy(head)
            .trim_start()
            .to_ascii_lowercase();
        if head.starts_with("<!doctype html")
            || head.starts_with("<html")
            || head.starts_with("<?xml")
        {
            Format::Html
        } else {
            Format::Text
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Mdx => "mdx",
            Format::Html => "html",
            Format::Email => "email",
            Format::Text => "text",
            Format::Fluent => "fluent",
            Format::Yaml => "yaml",
            Format::Json => "json",
            Format::Toml => "toml",
            Format::Po => "po",
            Format::Xliff => "xliff",
        }
    }

    /// True for formats made of translation messages, each with a key.
    pub fn is_messages(self) -> bool {
        matches!(
            self,
            Format::Fluent
                | Format::Yaml
                | Format::Json
                | Format::Toml
                | Format::Po
                | Format::Xliff
        )
    }
}

/// What role a piece of prose plays in its document. Rules can be limited to some kinds
/// (`scopes = ["heading"]`), and some kinds have limits of their own (an e-mail subject).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentKind {
    Heading,
    Paragraph,
    ListItem,
    TableCell,
    BlockQuote,
    /// Image alternative text (`![alt](…)`, `alt="…"`).
    AltText,
    /// A document or element title: `<title>`, `title="…"`, a front matter `title:`.
    Title,
    /// A summary: `<meta name="description">`, a front matter `description:`.
    Description,
    /// An e-mail's Subject header.
    Subject,
    /// An HTML e-mail's preheader: the hidden text at the top that inboxes show as a preview
    /// after the subject.
    Preheader,
}

impl SegmentKind {
    pub const ALL: [SegmentKind; 10] = [
        SegmentKind::Heading,
        SegmentKind::Paragraph,
        SegmentKind::ListItem,
        SegmentKind::TableCell,
        SegmentKind::BlockQuote,
        SegmentKind::AltText,
        SegmentKind::Title,
        SegmentKind::Description,
        SegmentKind::Subject,
        SegmentKind::Preheader,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SegmentKind::Heading => "heading",
            SegmentKind::Paragraph => "paragraph",
            SegmentKind::ListItem => "list-item",
            SegmentKind::TableCell => "table-cell",
            SegmentKind::BlockQuote => "block-quote",
            SegmentKind::AltText => "alt-text",
            SegmentKind::Title => "title",
            SegmentKind::Description => "description",
            SegmentKind::Subject => "subject",
            SegmentKind::Preheader => "preheader",
        }
    }
}

/// One run of prose: a paragraph, a heading, a table cell, an alt text…
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    /// The prose, with markup removed, entities decoded, and non-prose replaced by [`OPAQUE`].
    pub text: String,
    pub map: SourceMap,
    /// The key of the translation message this is (`hero-title`, `home.hero.title`), shown with
    /// its findings.
    pub key: Option<Arc<str>>,
    /// For prose read from an encoded part (a base64 e-mail body, an encoded-word subject):
    /// where it is in the part's decoded text. Such prose is never fixed in place.
    pub decoded: Option<DecodedMap>,
    /// Words and sentences of `text`, segmented once for every check and the tone measurement.
    analysis: Analysis,
}

/// A segment's words and sentences, computed on first use.
///
/// They are a function of the segment's text, so they take no part in comparisons; the text is
/// never changed after the segment is built (`text` is public for reading).
#[derive(Clone, Debug, Default)]
struct Analysis {
    words: OnceLock<Vec<Range<usize>>>,
    sentences: OnceLock<Vec<Range<usize>>>,
}

impl PartialEq for Analysis {
    fn eq(&self, _: &Analysis) -> bool {
        true
    }
}

impl Eq for Analysis {}

impl Segment {
    pub fn new(kind: SegmentKind, text: String, map: SourceMap) -> Segment {
        Segment {
            kind,
            text,
            map,
            key: None,
            decoded: None,
            analysis: Analysis::default(),
        }
    }

    /// Finish a builder into a segment; `None` when it holds no prose at all.
    pub fn from_builder(kind: SegmentKind, builder: SegmentBuilder) -> Option<Segment> {
        let (text, map) = builder.finish();
        let has_prose = text.chars().any(|c| c.is_alphanumeric());
        has_prose.then(|| Segment::new(kind, text, map))
    }

    /// The words of the prose ([`prose::words`]), segmented once per segment.
    pub fn words(&self) -> Vec<Word<'_>> {
        self.word_ranges()
            .iter()
            .map(|range| Word {
                text: self.text.get(range.clone()).unwrap_or(""),
                range: range.clone(),
            })
            .collect()
    }

    /// The byte ranges of [`Self::words`], in order.
    pub fn word_ranges(&self) -> &[Range<usize>] {
        self.analysis
            .words
            .get_or_init(|| prose::word_ranges(&self.text))
    }

    /// The sentences of the prose ([`prose::sentences`]), segmented once per segment.
    pub fn sentences(&self) -> &[Range<usize>] {
        self.analysis
            .sentences
            .get_or_init(|| prose::sentences(&self.text))
    }

    /// Source range of a byte range of this segment's prose.
    pub fn source_range(&self, text: Range<usize>) -> Range<usize> {
        self.map.to_source(text)
    }

    /// Where a byte range of this segment's prose is in its encoded part's decoded text; `None`
    /// for prose that is not encoded in its file.
    pub fn decoded_range(&self, text: Range<usize>) -> Option<DecodedSpan> {
        let decoded = self.decoded.as_ref()?;
        Some(DecodedSpan {
            part: decoded.part,
            span: decoded.map.to_source(text),
        })
    }

    /// Can a fix replace the source of this prose range? Only where the prose is a verbatim copy
    /// of the source, and never in an encoded part (an edit would have to be encoded too).
    pub fn is_writable(&self, text: Range<usize>) -> bool {
        self.decoded.is_none() && self.map.is_verbatim(text)
    }
}

/// Document-level metadata from front matter, markup (`<html lang>`) or headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// `channel:` from front matter: overrides the channel the configuration assigns.
    pub channel: Option<String>,
    /// Declared language (`lang:` in front matter, `<html lang>`, `Content-Language`).
    pub language: Option<String>,
}

/// Something worth telling the user about how a document was read: not a rule finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub source: Range<usize>,
    pub message: String,
}

/// A parsed document.
#[derive(Clone, Debug)]
pub struct Document {
    pub format: Format,
    /// The source text, decoded to UTF-8. All offsets point into it.
    pub text: String,
    pub segments: Vec<Segment>,
    pub metadata: Metadata,
    /// Suppression comments, in source order.
    pub directives: Vec<Directive>,
    pub notes: Vec<Note>,
    /// The same content written more than once: for each `multipart/alternative` body of an
    /// e-mail, the source ranges of its text and HTML parts, in order. A finding in a later
    /// alternative that the first also has is the same problem (see the engine's lint).
    pub alternatives: Vec<Vec<Range<usize>>>,
    /// The encoded parts prose was read from (e-mail only), indexed by [`DecodedMap::part`].
    pub encoded: Vec<EncodedPart>,
}

/// Why a file could not be read as a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The file has NUL bytes: it is not text.
    Binary,
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// Invalid in the encoding it declares (or UTF-8 when it declares none); 1-based position
    /// of the first bad byte, the column counted in characters of the valid prefix.
    InvalidEncoding {
        encoding: String,
        line: u32,
        column: u32,
    },
    /// A structure the format requires is broken beyond recovery.
    Malformed {
        message: String,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Binary => write!(f, "binary file (contains NUL bytes), not linted"),
            LoadError::TooLarge { size, limit } => {
                write!(
                    f,
                    "file is {size} bytes, over the {limit}-byte limit, not linted"
                )
            }
            LoadError::InvalidEncoding {
                encoding,
                line,
                column,
            } => {
                write!(
                    f,
                    "{line}:{column}: not valid {encoding}; declare the file's charset or convert it"
                )
            }
            LoadError::Malformed { message } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Largest file onbrand reads by default: prose files are small, and a huge one is most likely
/// generated or data that would only slow a run down.
pub const DEFAULT_SIZE_LIMIT: u64 = 16 * 1024 * 1024;

impl Document {
    /// Read a document of `format` from raw file bytes: detect binary data, decode the text in
    /// its declared encoding, and parse it.
    pub fn from_bytes(format: Format, bytes: &[u8]) -> Result<Document, LoadError> {
        if bytes.len() as u64 > DEFAULT_SIZE_LIMIT {
            return Err(LoadError::TooLarge {
                size: bytes.len() as u64,
                limit: DEFAULT_SIZE_LIMIT,
            });
        }
        if format == Format::Email {
            return email::parse(bytes);
        }
        let text = decode::decode(format, bytes)?;
        Ok(Document::parse(format, text))
    }

    /// [`Self::from_bytes`], with what `ignores` match masked as non-prose.
    pub fn from_bytes_ignoring(
        format: Format,
        bytes: &[u8],
        ignores: &mask::Ignores,
    ) -> Result<Document, LoadError> {
        if ignores.is_empty() || format == Format::Email {
            return Document::from_bytes(format, bytes);
        }
        if bytes.len() as u64 > DEFAULT_SIZE_LIMIT {
            return Err(LoadError::TooLarge {
                size: bytes.len() as u64,
                limit: DEFAULT_SIZE_LIMIT,
            });
        }
        let text = decode::decode(format, bytes)?;
        Ok(Document::parse_ignoring(format, text, ignores))
    }

    /// [`Self::parse`], with what `ignores` match (`ignore-tokens`, `ignore-blocks`) masked as
    /// non-prose before parsing, as template placeholders are. The document's text stays the
    /// source as written. E-mail is parsed as is: its bodies may be encoded (quoted-printable,
    /// base64), so a regex over the raw message would not see the text a reader sees.
    pub fn parse_ignoring(format: Format, text: String, ignores: &mask::Ignores) -> Document {
        if ignores.is_empty() || format == Format::Email {
            return Document::parse(format, text);
        }
        match ignores.mask(&text) {
            Some(masked) => Document::parse_masked(format, text, masked),
            None => Document::parse(format, text),
        }
    }

    /// Parse `masked` (the source with ignored parts masked) and keep `text` as the source.
    fn parse_masked(format: Format, text: String, masked: String) -> Document {
        let mut document = Document::parse(format, masked);
        document.text = text;
        document
    }

    /// This document parsed again with what `ignores` match masked (itself when nothing
    /// matches, or for e-mail): for documents parsed before their configuration was known.
    pub fn ignoring(self, ignores: &mask::Ignores) -> Document {
        if ignores.is_empty() || self.format == Format::Email {
            return self;
        }
        match ignores.mask(&self.text) {
            Some(masked) => Document::parse_masked(self.format, self.text, masked),
            None => self,
        }
    }

    /// Parse already decoded text (an editor buffer, standard input).
    ///
    /// Template placeholders are masked in the source of the document formats; message
    /// parsers mask each message's placeholders themselves, as masking the source would break
    /// the syntax they read.
    pub fn parse(format: Format, text: String) -> Document {
        let masked = || mask::mask_placeholders(&text);
        let parsed = match format {
            Format::Markdown => markdown::parse(&masked(), false),
            Format::Mdx => markdown::parse(&masked(), true),
            Format::Html => html::parse(&masked()),
            Format::Text => text::parse(&masked()),
            Format::Fluent => with_directives(fluent::parse(&text), suppress::hash_comments(&text)),
            Format::Yaml => with_directives(yaml::parse(&text), suppress::hash_comments(&text)),
            Format::Json => json::parse(&text),
            Format::Toml => {
                with_directives(toml_locale::parse(&text), suppress::hash_comments(&text))
            }
            Format::Po => with_directives(po::parse(&text), suppress::hash_comments(&text)),
            Format::Xliff => with_directives(xliff::parse(&text), suppress::xml_comments(&text)),
            Format::Email => match email::parse(text.as_bytes()) {
                Ok(document) => return document,
                Err(error) => {
                    let mut parsed = text::parse(&masked());
                    parsed.notes.push(Note {
                        source: 0..0,
                        message: format!("not read as e-mail: {error}"),
                    });
                    parsed
                }
            },
        };
        Document::from_parsed(format, parsed, text)
    }

    fn from_parsed(format: Format, parsed: Parsed, text: String) -> Document {
        Document {
            format,
            text,
            segments: parsed.segments,
            metadata: parsed.metadata,
            directives: parsed.directives,
            notes: parsed.notes,
            alternatives: Vec::new(),
            encoded: parsed.encoded,
        }
    }

    /// The key of the message whose source holds `offset`, in a message format.
    pub fn message_key_at(&self, offset: usize) -> Option<&str> {
        if !self.format.is_messages() {
            return None;
        }
        self.segments.iter().find_map(|segment| {
            let extent = segment.map.source_extent();
            let inside = extent.start <= offset && offset < extent.end.max(extent.start + 1);
            inside.then_some(segment.key.as_deref()).flatten()
        })
    }
}

/// A message file's parse with its suppression comments. A message's text may start on a later
/// line than its comment (a PO `msgstr` after its `msgid`), so `disable-next-line` becomes a
/// `disable-line` over the whole next message.
fn with_directives(mut parsed: Parsed, directives: Vec<Directive>) -> Parsed {
    for mut directive in directives {
        if directive.action == suppress::DirectiveAction::DisableNextLine
            && let Some(next) = parsed
                .segments
                .iter()
                .map(|segment| segment.map.source_extent())
                .filter(|extent| extent.start >= directive.source.end)
                .min_by_key(|extent| extent.start)
        {
            directive.action = suppress::DirectiveAction::DisableLine;
            directive.source.end = next.end;
        }
        parsed.directives.push(directive);
    }
    parsed
}

/// What a format parser returns; the caller adds the source text.
#[derive(Debug, Default)]
pub struct Parsed {
    pub segments: Vec<Segment>,
    pub metadata: Metadata,
    pub directives: Vec<Directive>,
    pub notes: Vec<Note>,
    pub encoded: Vec<EncodedPart>,
}

/// Each message segment's key and text, in order: what the message formats' tests compare.
#[cfg(test)]
fn keyed_texts(parsed: &Parsed) -> Vec<(&str, &str)> {
    parsed
        .segments
        .iter()
        .map(|segment| (segment.key.as_deref().unwrap_or(""), segment.text.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names_including_language_suffixes() {
        let cases = [
            ("post.md", Some(Format::Markdown)),
            ("Post.MDX", Some(Format::Mdx)),
            ("index.html.de", Some(Format::Html)),
            ("bind.html.en.utf8", Some(Format::Html)),
            ("welcome.eml", Some(Format::Email)),
            ("note.txt", Some(Format::Text)),
            ("welcome.html.hbs", Some(Format::Html)),
            ("logo.png", None),
            ("Makefile", None),
            ("archive.tar.gz", None),
        ];
        for (name, expected) in cases {
            assert_eq!(Format::from_path(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn configuration_and_media_are_not_copy_unknown_text_may_be() {
        let not_copy = [
            "onbrand.toml",
            "Cargo.toml",
            "package.json",
            "site/_config.yml",
            "Cargo.lock",
            "logo.PNG",
        ];
        for name in not_copy {
            assert!(Format::not_copy(Path::new(name)).is_some(), "{name}");
        }
        let maybe_copy = [
            "messages_de.properties",
            "Localizable.strings",
            "guide.rst",
            "Makefile",
            "locales/de.yml",
            "post.md",
        ];
        for name in maybe_copy {
            assert_eq!(Format::not_copy(Path::new(name)), None, "{name}");
        }
    }

    #[test]
    fn sniffing_tells_markup_from_text() {
        assert_eq!(Format::sniff(b"  <!DOCTYPE html><p>Hi"), Format::Html);
        assert_eq!(Format::sniff(b"<?xml version=\"1.0\"?>"), Format::Html);
        assert_eq!(Format::sniff(b"Hello there"), Format::Text);
    }
}
