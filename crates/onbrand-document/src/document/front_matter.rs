//! Front matter: the YAML (`---`) or TOML (`+++`) block at the very start of a Markdown file.
//!
//! `channel` and `lang`/`language`/`locale` become [`Metadata`](super::Metadata); the copy keys
//! of the common site generators become prose segments ([`COPY_KEYS`]: a page's `title` and
//! `description`, Hugo's `summary`, Jekyll's `excerpt`, VitePress and Starlight home pages'
//! `hero.text`, `hero.tagline` and `features[].details`). In YAML, every value's position comes
//! from the event parser under serde-saphyr (exact to the word, through quotes, escapes and
//! folded lines); TOML's top-level keys are found by scanning the block's lines. A block that
//! does not parse is reported as a [`Note`] and the body is linted all the same.

use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::messages::MessageBuilder;
use super::yaml::{self, PathKey};
use super::{Note, Parsed, Segment, SegmentBuilder, SegmentKind};

/// Front matter keys whose values are copy, with the kind of segment each is; `[]` stands for
/// any item of a list.
pub const COPY_KEYS: &[(&str, SegmentKind)] = &[
    ("title", SegmentKind::Title),
    ("description", SegmentKind::Description),
    ("summary", SegmentKind::Description),
    ("excerpt", SegmentKind::Description),
    ("subtitle", SegmentKind::Paragraph),
    ("tagline", SegmentKind::Paragraph),
    ("lead", SegmentKind::Paragraph),
    ("hero.title", SegmentKind::Heading),
    ("hero.text", SegmentKind::Heading),
    ("hero.tagline", SegmentKind::Paragraph),
    ("hero.description", SegmentKind::Paragraph),
    ("hero.subtitle", SegmentKind::Paragraph),
    ("hero.actions[].text", SegmentKind::Paragraph),
    ("features[].title", SegmentKind::Heading),
    ("features[].details", SegmentKind::Paragraph),
    ("features[].description", SegmentKind::Paragraph),
];

/// The keys onbrand reads; every other key is ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Fields {
    channel: Scalar,
    lang: Scalar,
    language: Scalar,
    locale: Scalar,
    title: Scalar,
    description: Scalar,
    summary: Scalar,
    excerpt: Scalar,
}

/// A scalar value of any type as text; lists and maps (which we cannot use) become `None`
/// instead of failing the whole block.
#[derive(Debug, Default)]
struct Scalar(Option<String>);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar(Some(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar(None))
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar(None))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Toml,
}

/// A front matter block found at the start of a source.
struct Block {
    syntax: Syntax,
    /// The block's content, between the fence lines.
    content: Range<usize>,
    /// Where the body starts, after the closing fence line.
    body_start: usize,
}

/// Read the front matter at the start of `source`, if any, into `parsed`; returns the offset at
/// which the body starts (0 without front matter).
pub fn parse(source: &str, parsed: &mut Parsed) -> usize {
    let Some(block) = find_block(source) else {
        return 0;
    };
    let content = source.get(block.content.clone()).unwrap_or("");
    match block.syntax {
        Syntax::Yaml => match parse_yaml(content, block.content.start) {
            Ok(read) => {
                parsed.metadata.channel = read.channel;
                parsed.metadata.language = read.language;
                parsed.segments.extend(read.segments);
            }
            Err(note) => parsed.notes.push(note),
        },
        Syntax::Toml => match parse_toml(content, block.content.start) {
            Ok(fields) => apply(source, &block, fields, parsed),
            Err(note) => parsed.notes.push(note),
        },
    }
    block.body_start
}

/// The front matter block, when the source starts with a fence line and has a closing one.
fn find_block(source: &str) -> Option<Block> {
    let (syntax, fence) = if source.starts_with("---") {
        (Syntax::Yaml, "---")
    } else if source.starts_with("+++") {
        (Syntax::Toml, "+++")
    } else {
        return None;
    };
    let first_end = line_end(source, 0);
    if source.get(fence.len()..first_end)?.trim() != "" {
        return None; // `----` or `--- text` is a thematic break or prose, not a fence
    }
    let content_start = next_line(source, first_end);
    let mut line_start = content_start;
    while line_start < source.len() {
        let end = line_end(source, line_start);
        let line = source.get(line_start..end)?.trim_end();
        let closes = line == fence || (syntax == Syntax::Yaml && line == "...");
        if closes {
            return Some(Block {
                syntax,
                content: content_start..line_start,
                body_start: next_line(source, end),
            });
        }
        line_start = next_line(source, end);
    }
    None
}

/// Offset of the `\n` ending the line that starts at `start` (or the source's end).
fn line_end(source: &str, start: usize) -> usize {
    source
        .as_bytes()
        .get(start..)
        .and_then(|rest| memchr::memchr(b'\n', rest))
        .map_or(source.len(), |found| start + found)
}

fn next_line(source: &str, line_end: usize) -> usize {
    (line_end + 1).min(source.len())
}

/// What a YAML front matter block holds for onbrand.
#[derive(Default)]
struct YamlFields {
    channel: Option<String>,
    language: Option<String>,
    segments: Vec<Segment>,
}

fn parse_yaml(content: &str, offset: usize) -> Result<YamlFields, Note> {
    let mut read = YamlFields::default();
    let walked = yaml::walk_scalars(content, |scalar| {
        let value = scalar.value.trim();
        match scalar.keys {
            [(key, false)] if key == "channel" && !value.is_empty() => {
                read.channel = Some(value.to_owned());
            }
            [(key, false)] if matches!(key.as_ref(), "lang" | "language" | "locale") => {
                if read.language.is_none() && !value.is_empty() {
                    read.language = Some(value.to_owned());
                }
            }
            keys => {
                let Some(kind) = copy_kind(keys) else {
                    return;
                };
                let raw = content.get(scalar.range.clone()).unwrap_or("");
                let mut text = MessageBuilder::new();
                let escapes = yaml::escapes_of(scalar.style);
                text.push_scalar(raw, offset + scalar.range.start, scalar.value, escapes);
                read.segments.extend(text.into_segment(kind));
            }
        }
    });
    match walked {
        Ok(()) => Ok(read),
        Err((at, error)) => Err(invalid_note("YAML", &error, offset + at)),
    }
}

/// The segment kind of a value at `keys` when they are one of the [`COPY_KEYS`].
fn copy_kind(keys: &[PathKey<'_>]) -> Option<SegmentKind> {
    let mut path = String::new();
    for (key, is_index) in keys {
        if *is_index {
            path.push_str("[]");
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
        }
    }
    COPY_KEYS
        .iter()
        .find(|(pattern, _)| *pattern == path)
        .map(|(_, kind)| *kind)
}

fn parse_toml(content: &str, offset: usize) -> Result<Fields, Note> {
    toml::from_str::<Fields>(content).map_err(|error| {
        let at = error.span().map_or(0, |span| span.start);
        invalid_note("TOML", error.message(), offset + at)
    })
}

fn invalid_note(syntax: &str, error: &str, at: usize) -> Note {
    let error = error.lines().next().unwrap_or(error);
    Note {
        source: at..at,
        message: format!("front matter is not valid {syntax}, its metadata is ignored: {error}"),
    }
}

fn apply(source: &str, block: &Block, fields: Fields, parsed: &mut Parsed) {
    parsed.metadata.channel = fields.channel.0.filter(|v| !v.trim().is_empty());
    parsed.metadata.language = [fields.lang, fields.language, fields.locale]
        .into_iter()
        .find_map(|value| value.0.filter(|v| !v.trim().is_empty()));
    for (key, value, kind) in [
        ("title", fields.title, SegmentKind::Title),
        ("description", fields.description, SegmentKind::Description),
        ("summary", fields.summary, SegmentKind::Description),
        ("excerpt", fields.excerpt, SegmentKind::Description),
    ] {
        let Some(value) = value.0 else { continue };
        let Some(range) = value_range(source, block, key) else {
            continue;
        };
        if let Some(segment) = value_segment(source, range, &value, kind) {
            parsed.segments.push(segment);
        }
    }
}

/// A segment for `value`, read from the source range `range`: verbatim where the source spells it
/// literally (plain or simply quoted), else decoded onto the whole range.
fn value_segment(
    source: &str,
    range: Range<usize>,
    value: &str,
    kind: SegmentKind,
) -> Option<Segment> {
    let raw = source.get(range.clone())?;
    let mut builder = SegmentBuilder::new();
    let unquoted = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')));
    if raw == value {
        builder.push_verbatim(value, range.start);
    } else if unquoted == Some(value) {
        builder.push_verbatim(value, range.start + 1);
    } else {
        builder.push_decoded(value, range);
    }
    Segment::from_builder(kind, builder)
}

/// Source range of the value of the top-level `key` in the block, up to the end of its last
/// (continuation) line, without a trailing comment on a plain one-line value.
fn value_range(source: &str, block: &Block, key: &str) -> Option<Range<usize>> {
    let separator = match block.syntax {
        Syntax::Yaml => ':',
        Syntax::Toml => '=',
    };
    let mut line_start = block.content.start;
    while line_start < block.content.end {
        let end = line_end(source, line_start).min(block.content.end);
        let line = source.get(line_start..end)?;
        let value_start = line
            .strip_prefix(key)
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix(separator))
            .map(|rest| end - rest.len());
        if let Some(value_start) = value_start {
            return Some(extend_value(source, block, value_start, end));
        }
        line_start = next_line(source, end);
    }
    None
}

/// From the value's first line, extend over indented continuation lines (YAML block scalars and
/// folded plain scalars, TOML multi-line strings) and trim white space and comments.
fn extend_value(source: &str, block: &Block, value_start: usize, first_end: usize) -> Range<usize> {
    let mut end = first_end;
    loop {
        let next = next_line(source, end);
        if next >= block.content.end {
            break;
        }
        let next_end = line_end(source, next).min(block.content.end);
        let line = source.get(next..next_end).unwrap_or("");
        let continues = line.starts_with([' ', '\t']) || line.trim().is_empty();
        if !continues {
            break;
        }
        end = next_end;
    }
    let raw = source.get(value_start..end).unwrap_or("");
    let start = value_start + (raw.len() - raw.trim_start().len());
    let mut trimmed = raw.trim();
    if end == first_end && !trimmed.starts_with(['"', '\'']) {
        // A ` #` starts a comment after a plain value.
        if let Some(comment) = trimmed.find(" #") {
            trimmed = trimmed.get(..comment).unwrap_or(trimmed).trim_end();
        }
    }
    start..start + trimmed.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(source: &str) -> (Parsed, usize) {
        let mut parsed = Parsed::default();
        let body = parse(source, &mut parsed);
        (parsed, body)
    }

    #[test]
    fn yaml_keys_become_metadata_and_segments_at_their_values() {
        let source = "---\ntitle: Grüße aus Köln # note\nlang: de\nchannel: blog\ndescription: \"Quoted text\"\ntags: [a, b]\n---\nBody";
        let (parsed, body) = read(source);
        assert_eq!(&source[body..], "Body");
        assert_eq!(parsed.metadata.language.as_deref(), Some("de"));
        assert_eq!(parsed.metadata.channel.as_deref(), Some("blog"));
        let title = &parsed.segments[0];
        assert_eq!(title.text, "Grüße aus Köln");
        assert_eq!(
            &source[title.map.to_source(0..title.text.len())],
            title.text
        );
        let description = &parsed.segments[1];
        assert_eq!(description.kind, SegmentKind::Description);
        assert_eq!(&source[description.map.to_source(0..11)], "Quoted text");
    }

    #[test]
    fn block_scalars_map_word_for_word() {
        let source = "---\ndescription: >\n  Folded över\n  two lines\nlang: en\n---\n";
        let (parsed, _) = read(source);
        let description = &parsed.segments[0];
        assert_eq!(description.text, "Folded över two lines");
        let two = description.text.find("two").unwrap();
        let range = description.map.to_source(two..two + 3);
        assert_eq!(&source[range], "two");
    }

    #[test]
    fn site_generator_copy_keys_become_segments_at_their_words() {
        let source = "---\nlayout: home\nhero:\n  name: Fernweh\n  text: \"Reisen für alle 🚀\"\n  tagline: 中文 und Deutsch, einfach\n  actions:\n    - theme: brand\n      text: Jetzt starten\n      link: /guide/\nfeatures:\n  - title: Schnell\n    details: Plant Reisen in Minuten.\n---\n";
        let (parsed, _) = read(source);
        let found: Vec<(SegmentKind, &str)> = parsed
            .segments
            .iter()
            .map(|s| (s.kind, s.text.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (SegmentKind::Heading, "Reisen für alle 🚀"),
                (SegmentKind::Paragraph, "中文 und Deutsch, einfach"),
                (SegmentKind::Paragraph, "Jetzt starten"),
                (SegmentKind::Heading, "Schnell"),
                (SegmentKind::Paragraph, "Plant Reisen in Minuten."),
            ]
        );
        for segment in &parsed.segments {
            let range = segment.map.to_source(0..segment.text.len());
            assert_eq!(&source[range], segment.text);
        }
    }

    #[test]
    fn toml_front_matter() {
        let source = "+++\ntitle = \"Hello\"\nlocale = \"zh-CN\"\n+++\nBody";
        let (parsed, body) = read(source);
        assert_eq!(&source[body..], "Body");
        assert_eq!(parsed.metadata.language.as_deref(), Some("zh-CN"));
        assert_eq!(parsed.segments[0].text, "Hello");
    }

    #[test]
    fn broken_front_matter_is_a_note_and_the_body_survives() {
        let source = "---\ntitle: [unclosed\nlang: de\n---\nBody";
        let (parsed, body) = read(source);
        assert_eq!(&source[body..], "Body");
        assert_eq!(parsed.notes.len(), 1);
        assert!(
            parsed.notes[0].message.contains("YAML"),
            "{:?}",
            parsed.notes
        );
        assert!(parsed.segments.is_empty());
    }

    #[test]
    fn no_front_matter_without_both_fences() {
        assert_eq!(read("--- x\ntitle: a\n---\n").1, 0);
        assert_eq!(read("---\ntitle: a\n").1, 0);
        assert_eq!(read("Hello").1, 0);
    }
}
