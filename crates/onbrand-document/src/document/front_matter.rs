//! Front matter: the YAML (`---`) or TOML (`+++`) block at the very start of a Markdown file.
//!
//! `channel` and `lang`/`language`/`locale` become [`Metadata`](super::Metadata); the copy keys
//! of the common site generators become prose segments ([`COPY_KEYS`]: a page's `title` and
//! `description`, Hugo's `summary`, Jekyll's `excerpt`, VitePress and Starlight home pages'
//! `hero.text`, `hero.tagline` and `features[].details`), as a configuration changes them
//! ([`KeyScopes`]: `[front-matter] copy` in `onbrand.toml`). Both syntaxes are walked value by
//! value with exact positions, to the word through quotes, escapes and folded lines: YAML by
//! the event parser under serde-saphyr, TOML by the `toml` crate's span-keeping parser. A block
//! that does not parse is reported as a [`Note`] and the body is linted all the same.

use std::ops::Range;

use toml::de::DeTable;

use super::messages::MessageBuilder;
use super::read_options::KeyScopes;
use super::toml_locale;
use super::yaml::{self, Scalar};
use super::{Note, Parsed, SegmentKind};

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Toml,
}

/// Where a front matter block is in the source.
struct Block {
    syntax: Syntax,
    /// The block's content, between the fence lines.
    content: Range<usize>,
    /// Where the body starts, after the closing fence line.
    body_start: usize,
}

/// Read the front matter at the start of `source`, if any, into `parsed`, with `copy_keys`
/// changing which keys are copy; returns the offset at which the body starts (0 without front
/// matter).
pub fn parse(source: &str, copy_keys: &KeyScopes, parsed: &mut Parsed) -> usize {
    let Some(block) = find_block(source) else {
        return 0;
    };
    let offset = block.content.start;
    let content = source.get(block.content.clone()).unwrap_or("");
    let mut read = Parsed::default();
    let mut reader = FieldReader {
        content,
        offset,
        copy_keys,
        read: &mut read,
    };
    let walked = match block.syntax {
        Syntax::Yaml => yaml::walk_scalars(content, |scalar| reader.read(scalar))
            .map_err(|(at, error)| invalid_note("YAML", &error, offset + at)),
        Syntax::Toml => match DeTable::parse(content) {
            Ok(table) => {
                toml_locale::walk_strings(content, table.get_ref(), &mut |scalar| {
                    reader.read(scalar);
                });
                Ok(())
            }
            Err(error) => {
                let at = error.span().map_or(0, |span| span.start);
                Err(invalid_note("TOML", error.message(), offset + at))
            }
        },
    };
    match walked {
        Ok(()) => {
            parsed.metadata = read.metadata;
            parsed.segments.extend(read.segments);
        }
        // Half a block is not metadata to trust: only the note is kept.
        Err(note) => parsed.notes.push(note),
    }
    block.body_start
}

/// Reads each value of a front matter block: metadata keys and copy.
struct FieldReader<'a> {
    content: &'a str,
    /// Where the content starts in the source.
    offset: usize,
    copy_keys: &'a KeyScopes,
    /// What the block holds for onbrand: metadata and copy segments.
    read: &'a mut Parsed,
}

impl FieldReader<'_> {
    fn read(&mut self, scalar: Scalar<'_>) {
        let value = scalar.value.trim();
        let metadata = &mut self.read.metadata;
        match scalar.keys {
            [(key, false)] if key == "channel" => {
                if !value.is_empty() {
                    metadata.channel = Some(value.to_owned());
                }
            }
            [(key, false)] if matches!(key.as_ref(), "lang" | "language" | "locale") => {
                if metadata.language.is_none() && !value.is_empty() {
                    metadata.language = Some(value.to_owned());
                }
            }
            keys => {
                let Some(kind) =
                    self.copy_keys
                        .scope_of(&yaml::path_text(keys, false), COPY_KEYS, |a, b| a == b)
                else {
                    return;
                };
                let raw = self.content.get(scalar.range.clone()).unwrap_or("");
                let mut text = MessageBuilder::new();
                let escapes = yaml::escapes_of(scalar.style);
                text.push_scalar(raw, self.offset + scalar.range.start, scalar.value, escapes);
                self.read.segments.extend(text.into_segment(kind));
            }
        }
    }
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

fn invalid_note(syntax: &str, error: &str, at: usize) -> Note {
    let error = error.lines().next().unwrap_or(error);
    Note {
        source: at..at,
        message: format!("front matter is not valid {syntax}, its metadata is ignored: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(source: &str) -> (Parsed, usize) {
        let mut parsed = Parsed::default();
        let body = parse(source, &KeyScopes::default(), &mut parsed);
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
        let found = crate::document::kinded_texts(&parsed);
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
        crate::document::assert_verbatim(source, &parsed);
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
    fn toml_front_matter_reads_nested_copy_keys_at_their_words() {
        let source = "+++\nchannel = \"landing\"\n[hero]\ntext = \"Reisen für alle 🚀\"\ntagline = '''\n中文 und Deutsch'''\n[[features]]\ntitle = \"Schnell\"\nicon = \"⚡\"\n+++\n";
        let (parsed, _) = read(source);
        assert!(parsed.notes.is_empty(), "{:?}", parsed.notes);
        assert_eq!(parsed.metadata.channel.as_deref(), Some("landing"));
        let found = crate::document::kinded_texts(&parsed);
        assert_eq!(
            found,
            [
                (SegmentKind::Heading, "Reisen für alle 🚀"),
                (SegmentKind::Paragraph, "中文 und Deutsch"),
                (SegmentKind::Heading, "Schnell"),
            ]
        );
        crate::document::assert_verbatim(source, &parsed);
    }

    #[test]
    fn configured_keys_add_rescope_and_remove_copy() {
        let source = "---\ntitle: Titel\ncta:\n  label: Los geht's\nexcerpt: Kurz\n---\n";
        let keys = KeyScopes::new(vec![
            ("cta.label".to_owned(), Some(SegmentKind::Heading)),
            ("excerpt".to_owned(), None),
        ]);
        let mut parsed = Parsed::default();
        parse(source, &keys, &mut parsed);
        let found = crate::document::kinded_texts(&parsed);
        assert_eq!(
            found,
            [
                (SegmentKind::Title, "Titel"),
                (SegmentKind::Heading, "Los geht's")
            ]
        );
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
