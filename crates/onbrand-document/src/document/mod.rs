//! Documents: a file in any supported format, turned into prose segments with exact positions.
//!
//! Every format parser produces the same model, a [`Document`]: its decoded source text, the
//! prose [`Segment`]s found in it (each with a [`SegmentKind`] and a [`SourceMap`] back to the
//! source), metadata from front matter or markup, and in-document directives (suppression
//! comments). Checks only ever see segments, so every rule works the same in every format.

pub mod asciidoc;
pub mod decode;
pub mod dita;
pub mod email;
pub mod encoded;
pub mod fluent;
pub mod front_matter;
pub mod html;
pub mod html_attributes;
pub mod json;
mod lines;
pub mod locale_path;
pub mod markdown;
pub mod mask;
pub mod messages;
pub mod org;
pub mod po;
pub mod read_options;
pub mod rst;
pub mod scope;
pub mod source_map;
pub mod suppress;
pub mod text;
pub mod toml_locale;
pub mod xliff;
mod xml;
pub mod yaml;

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use crate::prose::OPAQUE;
pub use encoded::{DecodedMap, DecodedSpan, EncodedPart, Transfer};
pub use read_options::{KeyScopes, ReadOptions};
pub use scope::{Detail, Scope};
pub use source_map::{SegmentBuilder, SourceCursor, SourceMap};
pub use suppress::Directive;

use crate::prose::{self, Word};

/// The file formats onbrand reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Format {
    /// CommonMark with GitHub's extensions (`.md`), front matter included.
    Markdown,
    /// Markdown plus `import`/`export` lines and JSX components, which are not prose.
    Mdx,
    /// An HTML page or fragment: the text of its elements, `alt` and `title` attributes, `<meta>` descriptions.
    Html,
    /// An RFC 5322 message (`.eml`), with MIME parts.
    Email,
    /// Plain text: paragraphs separated by blank lines.
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
    /// reStructuredText (`.rst`, `.rest`).
    Rst,
    /// AsciiDoc (`.adoc`, `.asciidoc`; not `.asc`, which is mostly OpenPGP armour).
    AsciiDoc,
    /// Org (`.org`).
    Org,
    /// A DITA topic (`.dita`).
    Dita,
}

impl Format {
    /// Every format, in the order a format picker lists them.
    pub const ALL: [Format; 15] = [
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
        Format::Rst,
        Format::AsciiDoc,
        Format::Org,
        Format::Dita,
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
            "dita" => Format::Dita,
            "org" => Format::Org,
            "adoc" | "asciidoc" => Format::AsciiDoc,
            "rst" | "rest" => Format::Rst,
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

    /// The format's name as configurations and messages write it (`markdown`, `po`).
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
            Format::Dita => "dita",
            Format::Org => "org",
            Format::AsciiDoc => "asciidoc",
            Format::Rst => "rst",
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
#[non_exhaustive]
pub enum SegmentKind {
    /// A heading (`#`, `<h1>`…`<h6>`, setext).
    Heading,
    /// A paragraph, or a translation message's text.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A cell of a table.
    TableCell,
    /// A quotation (`>`, `<blockquote>`).
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
    /// Every kind, in the order of the variants.
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

    /// The kind's name as `scopes` and messages write it (`list-item`).
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
    /// What role the prose plays.
    pub kind: SegmentKind,
    /// What the markup says beyond the kind: a heading's level, a header or body cell.
    pub detail: Detail,
    /// The prose, with markup removed, entities decoded, and non-prose replaced by [`OPAQUE`].
    pub text: String,
    /// Where each byte of `text` came from in the document's source.
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
    /// The case-folded text, when folding changes it.
    folded: OnceLock<Option<String>>,
}

impl PartialEq for Analysis {
    fn eq(&self, _: &Analysis) -> bool {
        true
    }
}

impl Eq for Analysis {}

impl Segment {
    /// A segment of `kind` whose prose is `text`, mapped to the source by `map`.
    pub fn new(kind: SegmentKind, text: String, map: SourceMap) -> Segment {
        Segment {
            kind,
            detail: Detail::None,
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

    /// This segment with `detail` ([`Detail`]).
    pub fn with_detail(mut self, detail: Detail) -> Segment {
        self.detail = detail;
        self
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

    /// The prose case-folded ([`prose::fold_case`], same byte offsets), folded once for the
    /// word lists of the checks and of the tone measurement.
    pub fn folded(&self) -> &str {
        self.analysis
            .folded
            .get_or_init(|| match prose::fold_case(&self.text) {
                std::borrow::Cow::Borrowed(_) => None,
                std::borrow::Cow::Owned(folded) => Some(folded),
            })
            .as_deref()
            .unwrap_or(&self.text)
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
    /// The source bytes the note is about.
    pub source: Range<usize>,
    /// What was skipped or guessed, for the writer.
    pub message: String,
}

/// A parsed document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The format the text was parsed as.
    pub format: Format,
    /// The source text, decoded to UTF-8. All offsets point into it.
    pub text: String,
    /// The prose, in reading order.
    pub segments: Vec<Segment>,
    /// Front matter and headers the configuration reads (channel, language).
    pub metadata: Metadata,
    /// Suppression comments, in source order.
    pub directives: Vec<Directive>,
    /// What the parser could not read as prose and says so (skipped parts, guesses).
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
#[non_exhaustive]
pub enum LoadError {
    /// The file has NUL bytes: it is not text.
    Binary,
    /// The file is larger than the limit onbrand reads.
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The most bytes read.
        limit: u64,
    },
    /// Invalid in the encoding it declares (or UTF-8 when it declares none); 1-based position
    /// of the first bad byte, the column counted in characters of the valid prefix.
    InvalidEncoding {
        /// The encoding's name (`UTF-8`, `windows-1252`).
        encoding: String,
        /// 1-based line of the first bad byte.
        line: u32,
        /// 1-based column of the first bad byte, in characters.
        column: u32,
    },
    /// A structure the format requires is broken beyond recovery.
    Malformed {
        /// What is broken, for the writer.
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
        Document::from_bytes_with(format, bytes, &ReadOptions::default())
    }

    /// [`Self::from_bytes`], read as a configuration says ([`ReadOptions`]).
    pub fn from_bytes_with(
        format: Format,
        bytes: &[u8],
        options: &ReadOptions,
    ) -> Result<Document, LoadError> {
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
        Ok(Document::parse_with(format, text, options))
    }

    /// Parse already decoded text (an editor buffer, standard input).
    pub fn parse(format: Format, text: String) -> Document {
        Document::parse_with(format, text, &ReadOptions::default())
    }

    /// [`Self::parse`], read as a configuration says: what `options.ignores` match
    /// (`ignore-tokens`, `ignore-blocks`) is masked as non-prose before parsing, as template
    /// placeholders are, and the front matter keys and attributes it names are copy. The
    /// document's text stays the source as written.
    ///
    /// E-mail is parsed with the defaults: its bodies may be encoded (quoted-printable,
    /// base64), so a regex over the raw message would not see the text a reader sees.
    pub fn parse_with(format: Format, text: String, options: &ReadOptions) -> Document {
        if format == Format::Email || options.ignores.is_empty() {
            return Document::parse_source(format, text, None, options);
        }
        let masked = options.ignores.mask(&text);
        Document::parse_source(format, text, masked, options)
    }

    /// This document read again as `options` say (itself when they change nothing): for
    /// documents parsed before their configuration was known.
    pub fn reread_with(self, options: &ReadOptions) -> Document {
        if options.is_default() || self.format == Format::Email {
            return self;
        }
        Document::parse_with(self.format, self.text, options)
    }

    /// Parse `text`, or `masked` (the text with what a configuration ignores masked) when
    /// there is one; the document keeps `text` as its source either way.
    ///
    /// Template placeholders are masked in the source of the document formats; message
    /// parsers mask each message's placeholders themselves, as masking the source would break
    /// the syntax they read.
    fn parse_source(
        format: Format,
        text: String,
        masked: Option<String>,
        options: &ReadOptions,
    ) -> Document {
        let source = masked.as_deref().unwrap_or(&text);
        let placeholders_masked = || mask::mask_placeholders(source);
        let parsed = match format {
            Format::Markdown => markdown::parse(&placeholders_masked(), false, options),
            Format::Mdx => markdown::parse(&placeholders_masked(), true, options),
            Format::Html => html::parse(&placeholders_masked(), &options.prose_attributes),
            Format::Text => text::parse(&placeholders_masked()),
            Format::Fluent => {
                with_directives(fluent::parse(source), suppress::hash_comments(source))
            }
            Format::Yaml => with_directives(yaml::parse(source), suppress::hash_comments(source)),
            Format::Json => json::parse(source),
            Format::Toml => {
                with_directives(toml_locale::parse(source), suppress::hash_comments(source))
            }
            Format::Po => with_directives(po::parse(source), suppress::hash_comments(source)),
            Format::Xliff => with_directives(xliff::parse(source), suppress::xml_comments(source)),
            Format::Dita => with_directives(
                dita::parse(&placeholders_masked()),
                suppress::xml_comments(source),
            ),
            Format::Org => org::parse(&placeholders_masked()),
            Format::AsciiDoc => asciidoc::parse(&placeholders_masked()),
            Format::Rst => rst::parse(&placeholders_masked()),
            Format::Email => match email::parse(text.as_bytes()) {
                Ok(document) => return document,
                Err(error) => {
                    let mut parsed = text::parse(&placeholders_masked());
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

    /// The whole source as one segment, markup included, mapped verbatim ([`Detail::Raw`]):
    /// what rules scoped `raw` read. None for e-mail, whose source may be encoded.
    pub fn raw_segment(&self) -> Option<Segment> {
        if self.format == Format::Email {
            return None;
        }
        let mut builder = SegmentBuilder::new();
        builder.push_verbatim(&self.text, 0);
        let (text, map) = builder.finish_as_written();
        Some(Segment::new(SegmentKind::Paragraph, text, map).with_detail(Detail::Raw))
    }

    /// The key of the message whose source holds each of `offsets`, in a message format: the
    /// first keyed segment (in document order) whose source extent holds it. One sweep over
    /// the offsets in order with the extents open at each, so a file of many messages with a
    /// finding in each costs O((messages + offsets) · log messages), not their product.
    pub fn message_keys_at(&self, offsets: &[usize]) -> Vec<Option<&str>> {
        let mut keys = vec![None; offsets.len()];
        if !self.format.is_messages() {
            return keys;
        }
        // (start, end, segment index) of each keyed segment, by start; an empty extent holds
        // its start.
        let mut extents: Vec<(usize, usize, usize)> = (self.segments.iter().enumerate())
            .filter(|(_, segment)| segment.key.is_some())
            .map(|(index, segment)| {
                let extent = segment.map.source_extent();
                (extent.start, extent.end.max(extent.start + 1), index)
            })
            .collect();
        extents.sort_unstable();
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_unstable_by_key(|&at| offsets[at]);
        let mut next = 0;
        // The extents that start at or before the offset: by segment index, and by end to close.
        let mut open: BTreeSet<usize> = BTreeSet::new();
        let mut ends: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
        for at in order {
            let offset = offsets[at];
            while let Some(&(start, end, index)) = extents.get(next)
                && start <= offset
            {
                open.insert(index);
                ends.push(Reverse((end, index)));
                next += 1;
            }
            while let Some(&Reverse((end, index))) = ends.peek()
                && end <= offset
            {
                open.remove(&index);
                ends.pop();
            }
            keys[at] = open
                .first()
                .and_then(|&index| self.segments[index].key.as_deref());
        }
        keys
    }
}

/// A message file's parse with its suppression comments. A message's text may start on a later
/// line than its comment (a PO `msgstr` after its `msgid`), so `disable-next-line` becomes a
/// `disable-line` over the whole next message.
fn with_directives(mut parsed: Parsed, directives: Vec<Directive>) -> Parsed {
    // Message extents by start (stably: the first of equal starts in document order), so
    // each directive finds its next message by binary search, not by a scan of every message.
    let mut extents: Vec<Range<usize>> = (parsed.segments.iter())
        .map(|segment| segment.map.source_extent())
        .collect();
    extents.sort_by_key(|extent| extent.start);
    for mut directive in directives {
        let first_after = extents.partition_point(|extent| extent.start < directive.source.end);
        if directive.action == suppress::DirectiveAction::DisableNextLine
            && let Some(next) = extents.get(first_after)
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
    /// The prose, in reading order.
    pub segments: Vec<Segment>,
    /// Front matter and headers the configuration reads.
    pub metadata: Metadata,
    /// Suppression comments (`onbrand-disable` …).
    pub directives: Vec<Directive>,
    /// What the parser skipped or guessed.
    pub notes: Vec<Note>,
    /// The encoded parts prose was read from (e-mail only).
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

/// Each segment's kind and text, in order: what the document formats' tests compare.
#[cfg(test)]
fn kinded_texts(parsed: &Parsed) -> Vec<(SegmentKind, &str)> {
    parsed
        .segments
        .iter()
        .map(|segment| (segment.kind, segment.text.as_str()))
        .collect()
}

/// The detail of each heading and table cell, with its text, in order: what the tests of heading
/// levels and header cells compare.
#[cfg(test)]
fn detailed_texts(parsed: &Parsed) -> Vec<(Detail, &str)> {
    parsed
        .segments
        .iter()
        .filter(|s| matches!(s.kind, SegmentKind::Heading | SegmentKind::TableCell))
        .map(|segment| (segment.detail, segment.text.as_str()))
        .collect()
}

/// Where `needle` (in the segment whose text holds it) starts in the source, via the segment's
/// source map: for exact positions of finer parts.
#[cfg(test)]
fn source_start(parsed: &Parsed, needle: &str) -> Option<usize> {
    parsed.segments.iter().find_map(|segment| {
        let at = segment.text.find(needle)?;
        Some(segment.map.to_source(at..at + needle.len()).start)
    })
}

/// Assert that each segment's whole text maps back onto the same text in `source`: for
/// segments whose source spells them verbatim, the test that every position is exact.
#[cfg(test)]
#[track_caller]
fn assert_verbatim(source: &str, parsed: &Parsed) {
    for segment in &parsed.segments {
        let range = segment.map.to_source(0..segment.text.len());
        assert_eq!(&source[range], segment.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line-oriented markup parsers and DITA take any cut of a document: every prefix and
    /// every suffix of a sample holding each construct parses without a panic, and every
    /// segment maps back inside the source.
    #[test]
    fn markup_formats_take_any_cut_of_a_document() {
        let samples = [
            (
                Format::Rst,
                "Grüße\n=====\n\n.. note:: A\n\n   ``x`` :ref:`y` |z|::\n\n   lit\n\n- a\n#. b\n+--+\n| c |\n===  ===\nd    e\n===  ===\n.. [1] f\n",
            ),
            (
                Format::AsciiDoc,
                "= T 中文\n:a: b\n\n[source]\n----\nx\n----\n.T\n* a `b` {c} +d+\n|===\n|e |f\n|===\nNOTE: g\n// vale off\n",
            ),
            (
                Format::Org,
                "* TODO [#A] T :x:\n:PROPERTIES:\n:END:\n#+BEGIN_SRC\nx\n#+END_SRC\n- [X] a =b= ~c~ [[d][e]]\n| f |\n# vale off\n",
            ),
            (
                Format::Dita,
                "<topic><title>T 🚀</title><body><p>a <codeph>b</codeph> &amp; c\n d</p><!-- vale off --></body></topic>",
            ),
        ];
        for (format, sample) in samples {
            let cuts = sample.char_indices().map(|(at, _)| at);
            for at in cuts {
                for part in [&sample[..at], &sample[at..]] {
                    let document = Document::parse(format, part.to_owned());
                    for segment in &document.segments {
                        let extent = segment.map.source_extent();
                        assert!(extent.end <= part.len(), "{format:?} {part:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_raw_segment_is_the_source_as_written_except_in_e_mail() {
        let source = "# Grüße **中文** 🚀 https://example.com/x\n\n<!-- x -->\n";
        let document = Document::parse(Format::Markdown, source.to_owned());
        let raw = document.raw_segment().unwrap();
        assert_eq!((raw.text.as_str(), raw.detail), (source, Detail::Raw));
        let at = source.find("🚀").unwrap();
        assert_eq!(raw.map.to_source(at..at + 4), at..at + 4);
        assert!(raw.is_writable(0..source.len()));
        let mail = Document::parse(Format::Email, "Subject: Hi\n\nBody\n".to_owned());
        assert!(mail.raw_segment().is_none());
    }

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
