//! What the XML formats (XLIFF, DITA) share: reading quick-xml events with byte positions, and
//! turning a syntax error into a note at its place instead of losing the file.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::Note;

/// The reader's byte offset in the text.
pub(super) fn position(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

/// The next event, or `None` after a syntax error, which becomes a note at the error's offset
/// saying what is not read (`consequence`): what came before it is kept.
pub(super) fn next_event<'a>(
    reader: &mut Reader<&'a [u8]>,
    text_len: usize,
    notes: &mut Vec<Note>,
    consequence: &str,
) -> Option<Event<'a>> {
    match reader.read_event() {
        Ok(event) => Some(event),
        Err(error) => {
            let at = usize::try_from(reader.error_position())
                .unwrap_or(0)
                .min(text_len);
            notes.push(Note {
                source: at..at,
                message: format!("not valid XML, {consequence}: {error}"),
            });
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{dita, xliff};

    /// The one note a syntax error leaves: its message and where it points.
    fn error_note(parsed: &crate::document::Parsed) -> (&str, usize) {
        let notes: Vec<_> = parsed
            .notes
            .iter()
            .filter(|note| note.message.starts_with("not valid XML"))
            .collect();
        assert_eq!(notes.len(), 1, "{:?}", parsed.notes);
        assert!(notes[0].source.is_empty());
        (&notes[0].message, notes[0].source.start)
    }

    #[test]
    fn a_dita_syntax_error_is_a_note_at_its_place_and_the_text_before_it_is_kept() {
        let source = "<topic id=\"t\"><title>Grüße 中文</title><body><p>Fine 🚀.</p><p>Broken</b></p></body></topic>";
        let parsed = dita::parse(source);
        let (message, at) = error_note(&parsed);
        assert!(
            message.starts_with("not valid XML, the rest is not read: "),
            "{message}"
        );
        assert!(
            at > source.find("Broken").unwrap_or(0) && at <= source.len(),
            "{at}"
        );
        let texts: Vec<&str> = parsed.segments.iter().map(|s| s.text.as_str()).collect();
        assert!(
            texts.contains(&"Grüße 中文") && texts.contains(&"Fine 🚀."),
            "{texts:?}"
        );
    }

    #[test]
    fn an_xliff_syntax_error_is_a_note_at_its_place_and_the_units_before_it_are_kept() {
        let source = "<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"de\"><body><trans-unit id=\"a\"><source>Hello</source><target>Grüße 🚀</target></trans-unit><trans-unit id=\"b\"><source>Two</b></source></trans-unit></body></file></xliff>";
        let parsed = xliff::parse(source);
        let (message, at) = error_note(&parsed);
        assert!(
            message.starts_with("not valid XML, units after this are not read: "),
            "{message}"
        );
        assert!(
            at > source.find("Two").unwrap_or(0) && at <= source.len(),
            "{at}"
        );
        assert!(
            parsed.segments.iter().any(|s| s.text.contains("Grüße 🚀")),
            "{:?}",
            parsed.segments.iter().map(|s| &s.text).collect::<Vec<_>>()
        );
    }
}
