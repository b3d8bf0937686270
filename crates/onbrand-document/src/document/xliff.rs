//! XLIFF 1.2 and 2.0 (`.xlf`, `.xliff`; Angular, Symfony, iOS exports, CAT tools): each unit's
//! translation (`<target>`) is a message keyed by the unit's `resname` or `id`; a file without
//! translations has its `<source>`s read instead. The language is the file's
//! `target-language`/`trgLang` (or `source-language`/`srcLang` when sources are read).
//!
//! Read with quick-xml, already a dependency, which gives each event's byte position. Inline
//! codes (`<x/>`, `<ph>`, `<bpt>…</bpt>`, `<it>`, `<sc/>`) are opaque; the text inside
//! containers (`<g>`, `<pc>`, `<mrk>`) is prose. Notes, alternatives (`<alt-trans>`) and
//! segmented copies of the source (`<seg-source>`) are not read.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::Parsed;
use super::locale_path::language_tag;
use super::messages::MessageBuilder;
use super::xml::{next_event, position};

/// Elements whose content is not copy.
const SKIPPED: &[&[u8]] = &[
    b"note",
    b"alt-trans",
    b"seg-source",
    b"notes",
    b"originalData",
];

/// Inline elements whose content is native code, opaque as a whole.
const CODE: &[&[u8]] = &[b"bpt", b"ept", b"it", b"ph", b"sub"];

/// One unit's source and target texts (an XLIFF 2.0 unit may have several segments).
struct Unit {
    key: String,
    sources: Vec<MessageBuilder>,
    targets: Vec<MessageBuilder>,
}

/// Content being skipped: how deep, and where it started.
#[derive(Default)]
struct Skip {
    depth: usize,
    start: usize,
}

/// The file's languages.
#[derive(Default)]
struct Languages {
    source: Option<String>,
    target: Option<String>,
}

/// Read an XLIFF file.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut units: Vec<Unit> = Vec::new();
    let mut languages = Languages::default();
    // The element whose text is being read (`source` or `target`), and how deep inside
    // skipped content or inline code the reader is.
    let mut reading: Option<(bool, MessageBuilder)> = None;
    let mut skip = Skip::default();
    loop {
        let start = position(&reader);
        let Some(event) = next_event(
            &mut reader,
            text.len(),
            &mut parsed.notes,
            "units after this are not read",
        ) else {
            break;
        };
        let end = position(&reader);
        match event {
            Event::Eof => break,
            Event::Start(_) if skip.depth > 0 => skip.depth += 1,
            Event::End(_) if skip.depth > 0 => {
                skip.depth -= 1;
                if skip.depth == 0
                    && let Some((_, message)) = reading.as_mut()
                {
                    // Inline code, from its start tag to its end tag, is one stand-in.
                    message.push_opaque(skip.start..end);
                }
            }
            Event::Empty(_) | Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
                if skip.depth > 0 => {}
            Event::Start(element) => {
                let name = element.local_name();
                let name = name.as_ref();
                if SKIPPED.contains(&name) || (reading.is_some() && CODE.contains(&name)) {
                    skip = Skip { depth: 1, start };
                } else if let Some((_, message)) = reading.as_mut() {
                    message.push_opaque(start..end);
                } else {
                    start_element(&element, &mut languages, &mut reading, &mut units);
                }
            }
            Event::Empty(element) => {
                if let Some((_, message)) = reading.as_mut() {
                    message.push_opaque(start..end);
                } else {
                    start_element(&element, &mut languages, &mut reading, &mut units);
                    end_element(element.local_name().as_ref(), &mut reading, &mut units);
                }
            }
            Event::End(element) => {
                let name = element.local_name();
                if reading.is_some() && !matches!(name.as_ref(), b"source" | b"target") {
                    if let Some((_, message)) = reading.as_mut() {
                        message.push_opaque(start..end);
                    }
                } else {
                    end_element(name.as_ref(), &mut reading, &mut units);
                }
            }
            Event::Text(raw) => {
                if let (Some((_, message)), Ok(content)) = (reading.as_mut(), raw.decode()) {
                    message.push_source(&content, start);
                }
            }
            Event::CData(raw) => {
                if let (Some((_, message)), Ok(content)) = (reading.as_mut(), raw.decode()) {
                    message.push_source(&content, start + "<![CDATA[".len());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some((_, message)) = reading.as_mut() {
                    let decoded = reference
                        .resolve_char_ref()
                        .ok()
                        .flatten()
                        .map(String::from)
                        .or_else(|| predefined_entity(&reference));
                    match decoded {
                        Some(decoded) => message.push_decoded(&decoded, start..end),
                        None => message.push_opaque(start..end),
                    }
                }
            }
            _ => {}
        }
    }
    finish(units, languages, &mut parsed);
    parsed
}

fn predefined_entity(reference: &[u8]) -> Option<String> {
    let decoded = match reference {
        b"amp" => "&",
        b"lt" => "<",
        b"gt" => ">",
        b"quot" => "\"",
        b"apos" => "'",
        b"nbsp" => "\u{A0}",
        _ => return None,
    };
    Some(decoded.to_owned())
}

/// An element outside a source or target: a file's languages, a unit's key, the start of a
/// source or target.
fn start_element(
    element: &BytesStart<'_>,
    languages: &mut Languages,
    reading: &mut Option<(bool, MessageBuilder)>,
    units: &mut Vec<Unit>,
) {
    let attribute = |name: &str| -> Option<String> {
        let attribute = element.try_get_attribute(name).ok().flatten()?;
        Some(String::from_utf8_lossy(&attribute.value).into_owned())
    };
    match element.local_name().as_ref() {
        b"file" | b"xliff" => {
            let source = attribute("source-language").or_else(|| attribute("srcLang"));
            let target = attribute("target-language").or_else(|| attribute("trgLang"));
            languages.source = languages.source.take().or(source);
            languages.target = languages.target.take().or(target);
        }
        b"trans-unit" | b"unit" => {
            units.push(Unit {
                key: attribute("resname")
                    .or_else(|| attribute("id"))
                    .unwrap_or_default(),
                sources: Vec::new(),
                targets: Vec::new(),
            });
        }
        b"source" => *reading = Some((false, MessageBuilder::new())),
        b"target" => *reading = Some((true, MessageBuilder::new())),
        _ => {}
    }
}

/// The end of a source or target: its text joins the unit's.
fn end_element(name: &[u8], reading: &mut Option<(bool, MessageBuilder)>, units: &mut [Unit]) {
    if !matches!(name, b"source" | b"target") {
        return;
    }
    let (Some((is_target, message)), Some(unit)) = (reading.take(), units.last_mut()) else {
        return;
    };
    if is_target {
        unit.targets.push(message);
    } else {
        unit.sources.push(message);
    }
}

/// Targets when the file has any, else sources, as messages.
fn finish(units: Vec<Unit>, languages: Languages, parsed: &mut Parsed) {
    let translated = units.iter().any(|unit| !unit.targets.is_empty());
    let language = if translated {
        languages.target
    } else {
        languages.source
    };
    parsed.metadata.language = language.as_deref().and_then(language_tag);
    for unit in units {
        let messages = if translated {
            unit.targets
        } else {
            unit.sources
        };
        for message in messages {
            if let Some(segment) = message.finish(&unit.key) {
                parsed.segments.push(segment);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xliff_1_2_targets_with_inline_codes() {
        let source = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2"><file source-language="en" target-language="de-DE" datatype="plaintext">
<body>
<trans-unit id="hero.title"><source>Welcome</source><target>Willkommen, <x id="INTERPOLATION"/> &amp; 中文 🚀</target><note>Header</note></trans-unit>
<trans-unit id="cta" resname="signup.cta"><source>Sign up</source><target>Jetzt <g id="1">registrieren</g><bpt id="2">&lt;b&gt;</bpt>!</target></trans-unit>
</body></file></xliff>"#;
        let parsed = parse(source);
        assert!(parsed.notes.is_empty(), "{:?}", parsed.notes);
        assert_eq!(parsed.metadata.language.as_deref(), Some("de-DE"));
        let found = crate::document::keyed_texts(&parsed);
        assert_eq!(
            found,
            [
                ("hero.title", "Willkommen, \u{FFFC} & 中文 🚀"),
                ("signup.cta", "Jetzt \u{FFFC}registrieren\u{FFFC}!"),
            ]
        );
        let title = &parsed.segments[0];
        let at = title.text.find("中文").unwrap();
        assert_eq!(&source[title.source_range(at..at + 6)], "中文");
    }

    #[test]
    fn xliff_2_sources_when_nothing_is_translated() {
        let source = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">
 <file id="f1"><unit id="greeting"><segment><source>Hello <ph id="1"/>, welcome back.</source></segment></unit></file>
</xliff>"#;
        let parsed = parse(source);
        assert_eq!(parsed.metadata.language.as_deref(), Some("en"));
        assert_eq!(parsed.segments[0].text, "Hello \u{FFFC}, welcome back.");
        assert_eq!(parsed.segments[0].key.as_deref(), Some("greeting"));
    }
}
