//! gettext catalogues (`.po`, `.pot`): each translation (`msgstr`, `msgstr[n]`) is a message
//! keyed by its `msgid` (and `msgctxt`); a template, or a catalogue nothing is translated in
//! yet, has its `msgid`s read instead. The header's `Language:` is the document's language.
//!
//! Hand-written, because the format is a few line kinds and the parsers on crates.io return
//! values without positions. Fuzzy entries (`#, fuzzy`) and obsolete ones (`#~`) are not used
//! by gettext at run time and are not read; `#` comments are notes for translators.

use std::ops::Range;

use super::messages::{Escapes, MessageBuilder};
use super::{Note, Parsed, locale_path};

/// Longest msgid shown as a message's key.
const KEY_CHARS: usize = 48;

/// Read a gettext catalogue.
pub fn parse(source: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let entries = entries(source, &mut parsed.notes);
    let translated = entries
        .iter()
        .filter(|entry| !entry.is_header())
        .flat_map(|entry| &entry.strings)
        .any(|(name, pieces)| name.starts_with("msgstr") && !is_empty(source, pieces));
    for entry in &entries {
        if entry.is_header() {
            if translated {
                parsed.metadata.language = header_language(source, entry);
            }
            continue;
        }
        if entry.fuzzy {
            continue;
        }
        let key = entry.key(source);
        let read = if translated { "msgstr" } else { "msgid" };
        for (name, pieces) in &entry.strings {
            let keyword = name.split('[').next().unwrap_or(name);
            if keyword != read {
                continue;
            }
            let mut message = MessageBuilder::new();
            for piece in pieces {
                let raw = source.get(piece.clone()).unwrap_or("");
                // Each quoted line continues the previous one directly.
                message.push_scalar(raw, piece.start, &unescape(raw), Escapes::Backslash);
            }
            let shown = if name.contains('[') {
                format!("{key} {}", &name[keyword.len()..])
            } else {
                key.clone()
            };
            if let Some(segment) = message.finish(&shown) {
                parsed.segments.push(segment);
            }
        }
    }
    parsed
}

/// One catalogue entry: its keywords' quoted strings (the content ranges between the quotes
/// of each line), and whether it is fuzzy.
#[derive(Default)]
struct Entry {
    strings: Vec<(String, Vec<Range<usize>>)>,
    fuzzy: bool,
}

impl Entry {
    fn pieces(&self, keyword: &str) -> Option<&[Range<usize>]> {
        self.strings
            .iter()
            .find(|(name, _)| name == keyword)
            .map(|(_, pieces)| pieces.as_slice())
    }

    fn is_header(&self) -> bool {
        self.pieces("msgid")
            .is_some_and(|pieces| pieces.iter().all(|piece| piece.is_empty()))
            && self.pieces("msgctxt").is_none()
    }

    /// `msgctxt|msgid`, unescaped and shortened.
    fn key(&self, source: &str) -> String {
        let text = |keyword: &str| -> String {
            self.pieces(keyword)
                .unwrap_or_default()
                .iter()
                .map(|piece| unescape(source.get(piece.clone()).unwrap_or("")))
                .collect()
        };
        let id = text("msgid");
        let key = match self.pieces("msgctxt") {
            Some(_) => format!("{}|{id}", text("msgctxt")),
            None => id,
        };
        let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
        if key.chars().count() > KEY_CHARS {
            let cut: String = key.chars().take(KEY_CHARS - 1).collect();
            format!("{cut}…")
        } else {
            key
        }
    }
}

fn is_empty(source: &str, pieces: &[Range<usize>]) -> bool {
    pieces
        .iter()
        .all(|piece| source.get(piece.clone()).is_none_or(str::is_empty))
}

/// Split a catalogue into entries. Lines that are neither keywords, strings nor comments, and
/// strings without their closing quote, are skipped, like gettext's own tools recover, with a
/// note each: what they hold is not checked.
fn entries(source: &str, notes: &mut Vec<Note>) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut entry = Entry::default();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start().len();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(flags) = trimmed.strip_prefix("#,") {
            if !entry.strings.is_empty() {
                entries.push(std::mem::take(&mut entry));
            }
            entry.fuzzy |= flags.split(',').any(|flag| flag.trim() == "fuzzy");
            continue;
        }
        if trimmed.starts_with('#') {
            if !entry.strings.is_empty() && !trimmed.starts_with("#~") {
                entries.push(std::mem::take(&mut entry));
            }
            continue;
        }
        let content_start = start + indent;
        let skipped = |notes: &mut Vec<Note>, why: &str| {
            notes.push(Note {
                source: content_start..content_start + trimmed.len(),
                message: format!("not valid PO: {why}; this line is not read"),
            });
        };
        if trimmed.starts_with('"') {
            match (quoted(trimmed, content_start), entry.strings.last_mut()) {
                (Some(range), Some((_, pieces))) => pieces.push(range),
                (None, _) => skipped(notes, "the string has no closing quote"),
                (Some(_), None) => skipped(notes, "a string before any keyword"),
            }
            continue;
        }
        let Some((keyword, rest)) = trimmed.split_once(char::is_whitespace) else {
            skipped(notes, "not a keyword, string or comment");
            continue;
        };
        // An entry starts at its `msgctxt`, or at its `msgid` when it has no context.
        let only_context = matches!(entry.strings.as_slice(), [(k, _)] if k == "msgctxt");
        let starts_entry = keyword == "msgctxt" || (keyword == "msgid" && !only_context);
        if starts_entry && !entry.strings.is_empty() {
            entries.push(std::mem::take(&mut entry));
        }
        let rest_start = content_start + (trimmed.len() - rest.len());
        let rest_trimmed = rest.trim_start();
        let quote_at = rest_start + (rest.len() - rest_trimmed.len());
        let pieces: Vec<Range<usize>> = quoted(rest_trimmed, quote_at).into_iter().collect();
        if pieces.is_empty() {
            skipped(notes, "the string has no closing quote");
        }
        entry.strings.push((keyword.to_owned(), pieces));
    }
    if !entry.strings.is_empty() {
        entries.push(entry);
    }
    entries
}

/// The content range of a `"…"` string at `at` (between its quotes).
fn quoted(text: &str, at: usize) -> Option<Range<usize>> {
    let inner = text.strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(at + 1..at + 1 + i),
            _ => escaped = false,
        }
    }
    None
}

/// A C string's content with its escapes decoded.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The `Language:` of a header entry's msgstr.
fn header_language(source: &str, header: &Entry) -> Option<String> {
    let text: String = header
        .pieces("msgstr")?
        .iter()
        .map(|piece| unescape(source.get(piece.clone()).unwrap_or("")))
        .collect();
    text.lines()
        .find_map(|line| line.strip_prefix("Language:"))
        .and_then(|value| locale_path::language_tag(value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOGUE: &str = r#"# German translation
msgid ""
msgstr ""
"Language: de\n"
"Content-Type: text/plain; charset=UTF-8\n"

#: src/home.js:3
msgid "Welcome, %s!"
msgstr "Willkommen, %s! Schön 🚀"

#, fuzzy
msgid "Old"
msgstr "Alt und falsch"

msgctxt "button"
msgid "Start"
msgstr ""
"Jetzt "
"starten 中文"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "Eine Datei"
msgstr[1] "%d Dateien"

#~ msgid "Gone"
#~ msgstr "Weg"
"#;

    #[test]
    fn translations_are_messages_keyed_by_msgid() {
        let parsed = parse(CATALOGUE);
        assert_eq!(parsed.metadata.language.as_deref(), Some("de"));
        assert!(parsed.notes.is_empty());
        let found = crate::document::keyed_texts(&parsed);
        assert_eq!(
            found,
            [
                ("Welcome, %s!", "Willkommen, \u{FFFC}! Schön 🚀"),
                ("button|Start", "Jetzt starten 中文"),
                ("One file [0]", "Eine Datei"),
                ("One file [1]", "\u{FFFC} Dateien"),
            ]
        );
        let start = &parsed.segments[1];
        let at = start.text.find("starten").unwrap();
        let range = start.source_range(at..at + "starten".len());
        assert_eq!(&CATALOGUE[range], "starten");
    }

    #[test]
    fn lines_that_are_not_read_are_notes() {
        let source = "msgid \"a\"\nmsgstr \"Ein e-mail\n\nmsgid \"b\"\nmsgstr \"Zwei\"\n\"drei\nstray\nmsgid \"c\"\nmsgstr \"Grüße 👋\"\n";
        let parsed = parse(source);
        let texts: Vec<&str> = parsed.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Zwei", "Grüße 👋"]);
        let notes: Vec<(&str, &str)> = (parsed.notes.iter())
            .map(|note| (&source[note.source.clone()], note.message.as_str()))
            .collect();
        assert_eq!(
            notes,
            [
                (
                    "msgstr \"Ein e-mail",
                    "not valid PO: the string has no closing quote; this line is not read"
                ),
                (
                    "\"drei",
                    "not valid PO: the string has no closing quote; this line is not read"
                ),
                (
                    "stray",
                    "not valid PO: not a keyword, string or comment; this line is not read"
                ),
            ]
        );
    }

    #[test]
    fn a_template_is_read_by_its_msgids() {
        let parsed = parse(
            "msgid \"\"\nmsgstr \"Language: de\\n\"\n\nmsgid \"Sign up today\"\nmsgstr \"\"\n",
        );
        assert_eq!(parsed.metadata.language, None);
        assert_eq!(parsed.segments[0].text, "Sign up today");
        assert_eq!(parsed.segments[0].key.as_deref(), Some("Sign up today"));
    }
}
