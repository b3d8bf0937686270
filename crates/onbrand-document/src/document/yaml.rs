//! YAML locale files (Rails, Hugo, vue-i18n, Jekyll `_data/locales`): every string value of the
//! nested mappings is a message, keyed by its dotted path (`home.hero.title`,
//! `features[0].details`).
//!
//! Read with the event parser under serde-saphyr (granit-parser, a saphyr-parser fork that is
//! already a dependency), because it gives each scalar's exact source span and style, which a
//! value-level parser does not. JSON is YAML's flow syntax, so the JSON reader shares this walk
//! (`json.rs`).
//!
//! Not copy, and never read: translator notes and identifiers beside a message (`description`,
//! `context`, `id`…), ARB metadata (`@key`), values that are identifiers, paths or numbers, and
//! Rails' date, time and number formats. A single top-level key that is a language (Rails'
//! `de:`) is the file's language and not part of the keys.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};

use super::locale_path::language_tag;
use super::messages::{Escapes, MessageBuilder};
use super::{Note, Parsed};

/// Keys whose values are notes for translators or identifiers, not copy.
const NOT_COPY_KEYS: &[&str] = &[
    "description",
    "context",
    "comment",
    "_comment",
    "comments",
    "developer_comment",
    "note",
    "notes",
    "placeholders",
    "example",
    "meaning",
    "id",
    "_id",
    "key",
    "type",
    "locale",
    "lang",
    "language",
    "url",
    "href",
    "link",
    "path",
    "icon",
    "image",
    "src",
    "class",
    "slug",
    "route",
    "format",
];

/// Rails' (and rails-i18n's) formats and names for dates, times and numbers: data for `l()`,
/// not the application's copy.
const NOT_COPY_NAMESPACES: &[&str] = &["date", "time", "datetime", "number", "support"];

/// Keys whose value is the message of the object they are in: the object's key names it.
const MESSAGE_KEYS: &[&str] = &["message", "defaultMessage", "string", "translation"];

/// Read a YAML locale file.
pub fn parse(source: &str) -> Parsed {
    read_tree(source, "YAML")
}

/// One level of the tree being walked.
enum Frame {
    Mapping {
        key: Option<String>,
        expecting_key: bool,
    },
    Sequence {
        index: usize,
    },
}

/// One key on the way to a value: a mapping key, or a sequence index (`true`).
pub(super) type PathKey<'a> = (Cow<'a, str>, bool);

/// A scalar value the walk met: the keys leading to it, its decoded value, its style and its
/// source range.
pub(super) struct Scalar<'a> {
    pub keys: &'a [PathKey<'a>],
    pub value: &'a str,
    pub style: ScalarStyle,
    pub range: std::ops::Range<usize>,
}

/// Visit every scalar value (not keys) of a YAML source in order. `Err` holds the offset and
/// message of a syntax error; the values before it have been visited.
pub(super) fn walk_scalars(
    source: &str,
    mut visit: impl FnMut(Scalar<'_>),
) -> Result<(), (usize, String)> {
    let mut stack: Vec<Frame> = Vec::new();
    for event in Parser::new_from_str(source) {
        let (event, span) = event.map_err(|error| {
            let at = error.marker().byte_offset().unwrap_or(0).min(source.len());
            (at, error.info())
        })?;
        match event {
            Event::MappingStart(..) => stack.push(Frame::Mapping {
                key: None,
                expecting_key: true,
            }),
            Event::SequenceStart(..) => stack.push(Frame::Sequence { index: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                node_done(&mut stack);
            }
            Event::Scalar(value, style, ..) => {
                if let Some(Frame::Mapping {
                    key,
                    expecting_key: expecting @ true,
                }) = stack.last_mut()
                {
                    *key = Some(value.into_owned());
                    *expecting = false;
                    continue;
                }
                if let Some(range) = span.byte_range() {
                    let keys = path_keys(&stack);
                    visit(Scalar {
                        keys: &keys,
                        value: &value,
                        style,
                        range,
                    });
                }
                node_done(&mut stack);
            }
            Event::Alias(..) | Event::UnresolvedAlias(..) => node_done(&mut stack),
            _ => {}
        }
    }
    Ok(())
}

/// Walk the nodes of a YAML (or JSON) source and read each string value as a message.
pub(super) fn read_tree(source: &str, syntax: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let walked = walk_scalars(source, |scalar| read_value(source, scalar, &mut parsed));
    if let Err((at, error)) = walked {
        parsed.notes.push(Note {
            source: at..at,
            message: format!("not valid {syntax}, messages after this are not read: {error}"),
        });
    }
    finish_tree(&mut parsed);
    parsed
}

/// What every tree of messages gets once read: a language root key taken off the keys.
pub(super) fn finish_tree(parsed: &mut Parsed) {
    apply_locale_root(parsed);
}

/// A node finished: the mapping it was a value of expects a key again, the sequence it was an
/// item of moves to the next index.
fn node_done(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Mapping { key, expecting_key }) => {
            *key = None;
            *expecting_key = true;
        }
        Some(Frame::Sequence { index }) => *index += 1,
        None => {}
    }
}

/// Read one scalar value: a message unless its key or its text say it is not copy.
pub(super) fn read_value(source: &str, scalar: Scalar<'_>, parsed: &mut Parsed) {
    let Scalar {
        keys,
        value,
        style,
        range,
    } = scalar;
    let last_key = keys.last().map(|(key, _)| key.as_ref()).unwrap_or("");
    if keys.len() == 1 && matches!(last_key, "@@locale" | "locale" | "lang" | "language") {
        parsed.metadata.language = language_tag(value.trim());
        return;
    }
    let is_note = NOT_COPY_KEYS.contains(&last_key) || last_key.starts_with('@');
    let in_format_namespace = keys.len() >= 2 && {
        let first = usize::from(language_tag(&keys[0].0).is_some());
        keys.get(first)
            .is_some_and(|(key, _)| NOT_COPY_NAMESPACES.contains(&key.as_ref()))
    };
    if is_note || in_format_namespace || !is_copy(value, style) {
        return;
    }
    let Some(raw) = source.get(range.clone()) else {
        return;
    };
    let mut message = MessageBuilder::new();
    message.push_scalar(raw, range.start, value, escapes_of(style));
    if let Some(segment) = message.finish(&display_key(keys)) {
        parsed.segments.push(segment);
    }
}

/// The escapes a scalar of `style` may hold.
pub(super) fn escapes_of(style: ScalarStyle) -> Escapes {
    match style {
        ScalarStyle::DoubleQuoted => Escapes::Backslash,
        ScalarStyle::SingleQuoted => Escapes::SingleQuoted,
        _ => Escapes::None,
    }
}

/// The keys leading to the current value, each with whether it is a sequence index.
fn path_keys(stack: &[Frame]) -> Vec<PathKey<'_>> {
    stack
        .iter()
        .filter_map(|frame| match frame {
            Frame::Mapping { key, .. } => key.as_deref().map(|key| (Cow::Borrowed(key), false)),
            Frame::Sequence { index } => Some((Cow::Owned(index.to_string()), true)),
        })
        .collect()
}

/// `home.hero.title`, `features[0].details`; a `message` (or `defaultMessage`…) value is shown
/// with the key of the object it is in.
fn display_key(keys: &[PathKey<'_>]) -> String {
    let shown = match keys.split_last() {
        Some(((last, false), rest))
            if !rest.is_empty() && MESSAGE_KEYS.contains(&last.as_ref()) =>
        {
            rest
        }
        _ => keys,
    };
    path_text(shown, true)
}

/// The dotted path of `keys`: `hero.text`, with list items as `[0]` when `numbered`, else as
/// `[]` (any item, the way configurations name them: `features[].details`).
pub(super) fn path_text(keys: &[PathKey<'_>], numbered: bool) -> String {
    let mut out = String::new();
    for (key, is_index) in keys {
        if *is_index {
            out.push('[');
            if numbered {
                out.push_str(key);
            }
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(key);
        }
    }
    out
}

/// True for a value that may be copy: text, not a number, a boolean, a null, an identifier, a
/// path or a file name.
fn is_copy(value: &str, style: ScalarStyle) -> bool {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return false;
    }
    let plain = style == ScalarStyle::Plain;
    let scalar_type = plain
        && (trimmed.parse::<f64>().is_ok()
            || matches!(
                trimmed.to_ascii_lowercase().as_str(),
                "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
            ));
    if scalar_type {
        return false;
    }
    let one_token = !trimmed.contains(char::is_whitespace);
    let looks_like_code = trimmed.contains(['/', '\\', '_', '='])
        || trimmed.starts_with('#')
        || trimmed.trim_end_matches(['.', '!', '?', '…']).contains('.');
    !(one_token && looks_like_code)
}

/// Rails files start with the locale (`de:`): when every message's key starts with the same
/// language, it is the file's language and comes off the keys.
fn apply_locale_root(parsed: &mut Parsed) {
    let Some(first) = parsed.segments.first().and_then(|s| s.key.clone()) else {
        return;
    };
    let Some(root) = first
        .split(['.', '['])
        .next()
        .filter(|r| language_tag(r).is_some())
    else {
        return;
    };
    let prefix = format!("{root}.");
    let all = parsed.segments.iter().all(|segment| {
        segment
            .key
            .as_deref()
            .is_some_and(|k| k.starts_with(&prefix))
    });
    if !all {
        return;
    }
    parsed.metadata.language = language_tag(root);
    for segment in &mut parsed.segments {
        if let Some(key) = segment.key.as_deref().and_then(|k| k.strip_prefix(&prefix)) {
            segment.key = Some(key.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(source: &str) -> Vec<(String, String, String)> {
        let parsed = parse(source);
        assert!(parsed.notes.is_empty(), "{:?}", parsed.notes);
        parsed
            .segments
            .iter()
            .map(|segment| {
                let extent = segment.map.source_extent();
                (
                    segment.key.as_deref().unwrap_or("").to_owned(),
                    segment.text.clone(),
                    source[extent].to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn rails_file_keys_values_and_positions() {
        let source = "de:\n  hero:\n    title: Willkommen, %{name} 🚀\n    body: \"Grüße aus \\\"Köln\\\"\"\n  date:\n    formats:\n      short: \"%d.%m.\"\n  features:\n    - title: 中文 ist da\n      icon: rocket_icon\n  count: 3\n";
        let parsed = parse(source);
        assert_eq!(parsed.metadata.language.as_deref(), Some("de"));
        let found = messages(source);
        assert_eq!(
            found,
            [
                (
                    "hero.title".into(),
                    "Willkommen, \u{FFFC} 🚀".into(),
                    "Willkommen, %{name} 🚀".into()
                ),
                (
                    "hero.body".into(),
                    "Grüße aus \"Köln\"".into(),
                    "Grüße aus \\\"Köln\\\"".into()
                ),
                (
                    "features[0].title".into(),
                    "中文 ist da".into(),
                    "中文 ist da".into()
                ),
            ]
        );
    }

    #[test]
    fn message_objects_hide_notes_and_take_the_object_key() {
        let source = "{\n  \"cta\": {\n    \"message\": \"Jetzt starten\",\n    \"description\": \"Button on the home page\"\n  },\n  \"@cta\": {\"description\": \"x\"}\n}\n";
        assert_eq!(
            messages(source),
            [("cta".into(), "Jetzt starten".into(), "Jetzt starten".into())]
        );
    }

    #[test]
    fn broken_yaml_is_a_note_with_a_position() {
        let parsed = parse("ok: Fine text\nbad: [unclosed\n");
        assert_eq!(parsed.segments.len(), 1);
        assert_eq!(parsed.notes.len(), 1);
        assert!(parsed.notes[0].message.contains("not valid YAML"));
    }
}
