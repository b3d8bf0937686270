//! A bound on the attributes of one HTML tag, applied before html5gum tokenizes.
//!
//! html5gum 0.9 reads a tag's attributes with states that call each other directly rather than
//! return to its loop (`AttributeName` → `BeforeAttributeValue` → `AttributeValueDoubleQuoted`
//! → `AfterAttributeValueQuoted` → `BeforeAttributeName` → …), so the stack grows with every
//! `name="value"` until the tag ends: 300 of them overflowed a debug build's thread stack, and
//! 100,000 (400 kB of one minified tag) a release build's, aborting the whole run. Real tags
//! carry a few dozen at most, so the attributes after [`MAX_ATTRIBUTES`] on one tag are blanked
//! with spaces (the same number of bytes, so every offset stays) and named in a note.
//!
//! The scan follows the tokenizer's rules for where tags, quoted values, comments and raw text
//! (`<script>`, `<style>`…) begin and end. Where it cannot be exact (a script's escaped
//! comments), it ends raw text and comments no later than the tokenizer does, so it may count
//! attributes the tokenizer never reads (blanking what is not prose anyway) but never misses
//! a tag the tokenizer reads.

use std::borrow::Cow;
use std::ops::Range;

use super::Note;

/// The most attributes read on one tag.
pub const MAX_ATTRIBUTES: usize = 100;

/// Elements whose content html5gum reads as text, not tags (its `naively_switch_states`).
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"iframe",
    b"xmp",
    b"noembed",
    b"noframes",
    b"noframe",
    b"noscript",
];

/// `source` with the attributes beyond [`MAX_ATTRIBUTES`] on any tag blanked, and a note for
/// each tag that had them.
pub fn limit(source: &str) -> (Cow<'_, str>, Vec<Note>) {
    let excess = excess_attributes(source.as_bytes());
    if excess.is_empty() {
        return (Cow::Borrowed(source), Vec::new());
    }
    let mut bytes = source.as_bytes().to_vec();
    let mut notes = Vec::with_capacity(excess.len());
    for range in excess {
        for byte in &mut bytes[range.clone()] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
        notes.push(Note {
            source: range.start..range.start,
            message: format!(
                "this tag has more than {MAX_ATTRIBUTES} attributes: the rest of it is not read"
            ),
        });
    }
    // Only whole characters were replaced, each byte by an ASCII space: still UTF-8.
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    (Cow::Owned(text), notes)
}

/// The byte ranges, one per tag with too many attributes, from its first attribute over the
/// limit to the tag's end.
fn excess_attributes(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut excess = Vec::new();
    let mut at = 0;
    while let Some(open) = find_byte(bytes, at, b'<') {
        let next = bytes.get(open + 1).copied();
        let after = bytes.get(open + 2).copied();
        at = match (next, after) {
            (Some(b'!'), _) if bytes[open..].starts_with(b"<!--") => comment_end(bytes, open + 2),
            // Bogus comments, doctypes, processing instructions: to the next `>`.
            (Some(b'!' | b'?'), _) => {
                find_byte(bytes, open, b'>').map_or(bytes.len(), |end| end + 1)
            }
            (Some(b'/'), Some(letter)) if letter.is_ascii_alphabetic() => {
                tag(bytes, open + 2, &mut excess).1
            }
            (Some(letter), _) if letter.is_ascii_alphabetic() => {
                let (name, end) = tag(bytes, open + 1, &mut excess);
                match RAW_TEXT.iter().find(|raw| name.eq_ignore_ascii_case(raw)) {
                    Some(raw) => raw_text_end(bytes, end, raw),
                    None => end,
                }
            }
            _ => open + 1,
        };
    }
    excess
}

/// Read the tag whose name starts at `start`: its name, and where the text after it starts.
/// Records its excess attributes.
fn tag<'a>(bytes: &'a [u8], start: usize, excess: &mut Vec<Range<usize>>) -> (&'a [u8], usize) {
    let is_space = |byte: u8| matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C');
    let mut at = start;
    while bytes
        .get(at)
        .is_some_and(|&b| !is_space(b) && b != b'/' && b != b'>')
    {
        at += 1;
    }
    let name = &bytes[start..at];
    let mut attributes = 0;
    let mut first_excess = None;
    loop {
        while bytes.get(at).is_some_and(|&b| is_space(b) || b == b'/') {
            at += 1;
        }
        match bytes.get(at) {
            None => break,
            Some(b'>') => break,
            Some(_) => {}
        }
        attributes += 1;
        if attributes > MAX_ATTRIBUTES && first_excess.is_none() {
            first_excess = Some(at);
        }
        // The name; a `=` that starts it is part of it.
        at += 1;
        while bytes
            .get(at)
            .is_some_and(|&b| !is_space(b) && !matches!(b, b'/' | b'>' | b'='))
        {
            at += 1;
        }
        while bytes.get(at).copied().is_some_and(is_space) {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        while bytes.get(at).copied().is_some_and(is_space) {
            at += 1;
        }
        match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                at = find_byte(bytes, at + 1, quote).map_or(bytes.len(), |end| end + 1);
            }
            _ => {
                while bytes.get(at).is_some_and(|&b| !is_space(b) && b != b'>') {
                    at += 1;
                }
            }
        }
    }
    let end = at.min(bytes.len());
    if let Some(from) = first_excess {
        excess.push(from..end);
    }
    (name, (end + 1).min(bytes.len()))
}

/// Where a comment whose `--` starts at `dashes` ends: after `-->` or `--!>` (which also
/// match the `<!-->` and `<!--->` the tokenizer ends at once), or at the end of the input.
fn comment_end(bytes: &[u8], dashes: usize) -> usize {
    let mut at = dashes;
    while let Some(dash) = find_byte(bytes, at, b'-') {
        let rest = &bytes[dash..];
        if rest.starts_with(b"-->") {
            return dash + 3;
        }
        if rest.starts_with(b"--!>") {
            return dash + 4;
        }
        at = dash + 1;
    }
    bytes.len()
}

/// Where the raw text of element `name` ends: at its first `</name`, the earliest place the
/// tokenizer may end it.
fn raw_text_end(bytes: &[u8], start: usize, name: &[u8]) -> usize {
    let mut at = start;
    while let Some(open) = find_byte(bytes, at, b'<') {
        let candidate = bytes.get(open + 2..open + 2 + name.len());
        if bytes.get(open + 1) == Some(&b'/')
            && candidate.is_some_and(|candidate| candidate.eq_ignore_ascii_case(name))
        {
            return open;
        }
        at = open + 1;
    }
    bytes.len()
}

fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    let rest = bytes.get(from..)?;
    rest.iter().position(|&b| b == byte).map(|at| from + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag_with(attributes: usize) -> String {
        let list: Vec<String> = (0..attributes).map(|i| format!("a{i}=\"Grüße\"")).collect();
        format!("<p {}>Text</p>", list.join(" "))
    }

    #[test]
    fn up_to_the_limit_nothing_changes() {
        let source = tag_with(MAX_ATTRIBUTES);
        let (text, notes) = limit(&source);
        assert!(matches!(text, Cow::Borrowed(_)));
        assert!(notes.is_empty());
    }

    #[test]
    fn attributes_over_the_limit_are_blanked_in_place() {
        let source = format!("<!-- <b a=\" -->\n{}", tag_with(MAX_ATTRIBUTES + 2));
        let (text, notes) = limit(&source);
        assert_eq!(text.len(), source.len());
        let kept = source.find(&format!(" a{MAX_ATTRIBUTES}=")).unwrap();
        let end = source.rfind(">Text").unwrap();
        assert_eq!(&text[..kept], &source[..kept]);
        assert!(text[kept..end].bytes().all(|b| b == b' '));
        assert_eq!(&text[end..], ">Text</p>");
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].source, kept + 1..kept + 1);
    }

    #[test]
    fn quoted_gt_unquoted_values_end_tags_and_raw_text() {
        // A `>` inside quotes does not end the tag; attributes of end tags count; a script's
        // content is not tags.
        let many = |quote: &str| -> String {
            (0..=MAX_ATTRIBUTES)
                .map(|i| format!("a{i}={quote}x > y{quote}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let quoted = format!("<p {}>", many("'"));
        assert_eq!(limit(&quoted).1.len(), 1);
        let end_tag = format!("</p {}>", many("\""));
        assert_eq!(limit(&end_tag).1.len(), 1);
        let unquoted: Vec<String> = (0..=MAX_ATTRIBUTES).map(|i| format!("a{i}=x")).collect();
        assert_eq!(limit(&format!("<p {}>", unquoted.join(" "))).1.len(), 1);
        let script = format!("<script>if (a <b {}) {{}}</script>", unquoted.join(" "));
        assert!(limit(&script).1.is_empty());
    }
}
