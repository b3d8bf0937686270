//! E-mail messages (`.eml`): the Subject header and every inline text part.
//!
//! mail-parser reads the MIME structure and decodes headers, transfer encodings and charsets. It
//! gives each part's byte range in the file but no finer map, so positions are ours. A 7bit or
//! 8bit UTF-8 part is parsed in place (its positions are the file's, shifted). Every other part is
//! an [`EncodedPart`]: its prose is read from the decoded text and keeps a map into it, so
//! findings show the decoded line and word. Its file positions are exact for quoted-printable
//! UTF-8 (decoded here with a map from each decoded byte to its raw bytes) and the whole part
//! otherwise (base64, other charsets), and a [`Note`] says so. An encoded Subject (RFC 2047) is
//! an encoded part too.
use std::ops::Range;

use mail_parser::{
    Encoding, HeaderName, HeaderValue, MessageParser, MessagePart, MimeHeaders, PartType,
};

use super::{
    DecodedMap, Document, EncodedPart, Format, KeyScopes, LoadError, Note, OPAQUE, Parsed, Segment,
    SegmentBuilder, SegmentKind, SourceCursor, SourceMap, Transfer, encoded, html, mask, text,
};

/// Read a message file.
pub fn parse(bytes: &[u8]) -> Result<Document, LoadError> {
    let head = bytes.get(..8 * 1024).unwrap_or(bytes);
    if memchr::memchr(0, head).is_some() {
        return Err(LoadError::Binary);
    }
    let message = MessageParser::default()
        .parse(bytes)
        .filter(|message| !message.parts.is_empty())
        .ok_or_else(|| LoadError::Malformed {
            message: "not an e-mail message: no headers or body found".into(),
        })?;
    let (text, offsets) = match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), None),
        Err(_) => {
            let offsets = LossyOffsets::new(bytes);
            (String::from_utf8_lossy(bytes).into_owned(), Some(offsets))
        }
    };
    let file = File {
        text: &text,
        offsets: offsets.as_ref(),
    };
    let mut parsed = Parsed::default();
    let root_headers = message.parts.first().map_or(&[][..], |root| root.headers());
    subject(&file, root_headers, &mut parsed);
    parsed.metadata.language = language(message.parts.first());
    let is_attachment =
        |index: usize| u32::try_from(index).is_ok_and(|id| message.attachments.contains(&id));
    for (index, part) in message.parts.iter().enumerate() {
        if !is_attachment(index) {
            body_part(&file, part, &mut parsed);
        }
    }
    let alternatives = message
        .parts
        .iter()
        .filter(|part| {
            part.content_type().is_some_and(|ct| {
                ct.ctype().eq_ignore_ascii_case("multipart")
                    && ct
                        .subtype()
                        .is_some_and(|sub| sub.eq_ignore_ascii_case("alternative"))
            })
        })
        .filter_map(|part| {
            let ranges: Vec<Range<usize>> = part
                .sub_parts()?
                .iter()
                .map(|&id| to_usize(id))
                .filter(|&id| !is_attachment(id))
                .filter_map(|id| message.parts.get(id))
                .filter(|sub| part_format(sub).is_some())
                .map(|sub| file.range(to_usize(sub.offset_body)..to_usize(sub.offset_end)))
                .collect();
            (ranges.len() > 1).then_some(ranges)
        })
        .collect();
    Ok(Document {
        format: Format::Email,
        text,
        segments: parsed.segments,
        metadata: parsed.metadata,
        directives: parsed.directives,
        notes: parsed.notes,
        alternatives,
        encoded: parsed.encoded,
    })
}

/// The message file as a document: its text, and for a file that is not UTF-8, how byte offsets
/// of the file move in the lossily decoded text.
struct File<'a> {
    text: &'a str,
    offsets: Option<&'a LossyOffsets>,
}

impl File<'_> {
    /// Text range of a byte range of the file.
    fn range(&self, raw: Range<usize>) -> Range<usize> {
        match self.offsets {
            Some(offsets) => offsets.map(raw.start)..offsets.map(raw.end),
            None => raw.start.min(self.text.len())..raw.end.min(self.text.len()),
        }
    }

    /// Is the file's text at `raw` byte for byte the file (valid UTF-8)?
    fn is_exact(&self) -> bool {
        self.offsets.is_none()
    }
}

/// Offsets of a file decoded with `String::from_utf8_lossy`: each invalid sequence became a
/// three-byte U+FFFD.
struct LossyOffsets {
    /// (file offset, text offset) at the start of each valid run.
    runs: Vec<(usize, usize)>,
}

impl LossyOffsets {
    fn new(bytes: &[u8]) -> Self {
        let mut runs = Vec::new();
        let (mut raw, mut text) = (0, 0);
        for chunk in bytes.utf8_chunks() {
            runs.push((raw, text));
            raw += chunk.valid().len();
            text += chunk.valid().len();
            if !chunk.invalid().is_empty() {
                raw += chunk.invalid().len();
                text += '\u{FFFD}'.len_utf8();
            }
        }
        runs.push((raw, text));
        LossyOffsets { runs }
    }

    fn map(&self, raw: usize) -> usize {
        let index = self.runs.partition_point(|(start, _)| *start <= raw);
        let Some(&(run_raw, run_text)) = index.checked_sub(1).and_then(|i| self.runs.get(i)) else {
            return 0;
        };
        let next_text = self.runs.get(index).map_or(usize::MAX, |(_, text)| *text);
        (run_text + (raw - run_raw)).min(next_text)
    }
}

fn subject(file: &File<'_>, headers: &[mail_parser::Header<'_>], parsed: &mut Parsed) {
    let Some(header) = headers.iter().find(|h| h.name == HeaderName::Subject) else {
        return;
    };
    let Some(decoded) = header.value.as_text() else {
        return;
    };
    let raw_range = to_usize(header.offset_start)..to_usize(header.offset_end);
    let range = file.range(raw_range);
    let raw = file.text.get(range.clone()).unwrap_or("");
    // The value starts after the colon's white space and ends before the line break.
    let start = range.start + (raw.len() - raw.trim_start().len());
    let trimmed = raw.trim();
    let value = start..start + trimmed.len();
    let mask = mask::mask_placeholders(decoded);
    let mut builder = SegmentBuilder::new();
    if file.is_exact() && trimmed == decoded {
        builder.push_verbatim(&mask, value.start);
        parsed
            .segments
            .extend(Segment::from_builder(SegmentKind::Subject, builder));
        return;
    }
    builder.push_decoded(&mask, value.clone());
    let Some(mut segment) = Segment::from_builder(SegmentKind::Subject, builder) else {
        return;
    };
    let mut in_decoded = SegmentBuilder::new();
    in_decoded.push_verbatim(&mask, 0);
    let (_, map) = in_decoded.finish();
    let charset = encoded::encoded_word_charset(trimmed).unwrap_or("utf-8");
    segment.decoded = Some(DecodedMap {
        part: parsed.encoded.len(),
        map,
    });
    parsed.encoded.push(EncodedPart::new(
        value,
        Transfer::EncodedWord,
        charset,
        decoded.to_owned(),
    ));
    parsed.segments.push(segment);
}

fn language(root: Option<&MessagePart<'_>>) -> Option<String> {
    let value = match root?.content_language() {
        HeaderValue::Text(text) => text.to_string(),
        HeaderValue::TextList(list) => list.first()?.to_string(),
        _ => return None,
    };
    let first = value.split(',').next()?.trim();
    (!first.is_empty()).then(|| first.to_owned())
}

/// The format a part's prose is read in, for text parts that are not attachments.
fn part_format<'a>(part: &'a MessagePart<'_>) -> Option<(Format, &'a str)> {
    match &part.body {
        PartType::Text(text) => Some((Format::Text, text)),
        PartType::Html(html) => Some((Format::Html, html)),
        _ => None,
    }
}

fn body_part(file: &File<'_>, part: &MessagePart<'_>, parsed: &mut Parsed) {
    let Some((format, decoded)) = part_format(part) else {
        return;
    };
    let raw = to_usize(part.offset_body)..to_usize(part.offset_end);
    let body = file.range(raw);
    let charset = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .unwrap_or("us-ascii");
    let is_utf8 = ["utf-8", "utf8", "us-ascii", "ascii"]
        .iter()
        .any(|name| name.eq_ignore_ascii_case(charset.trim()));
    // A UTF-8 part is its own text wherever it stands, also in a file another part makes
    // invalid UTF-8.
    if is_utf8
        && part.encoding == Encoding::None
        && let Some(part_text) = file.text.get(body.clone())
        && part_text.starts_with(decoded.trim_end())
    {
        let mut part_parsed = parse_part(format, part_text);
        shift(&mut part_parsed, body.start);
        merge(parsed, part_parsed);
        return;
    }
    let transfer = match part.encoding {
        Encoding::Base64 => Transfer::Base64,
        Encoding::QuotedPrintable => Transfer::QuotedPrintable,
        Encoding::None => Transfer::EightBit,
    };
    let exact_quoted_printable =
        (file.is_exact() && is_utf8 && transfer == Transfer::QuotedPrintable)
            .then(|| decode_quoted_printable(file.text, body.clone()))
            .flatten();
    let index = parsed.encoded.len();
    let (part_text, mut part_parsed) = match exact_quoted_printable {
        Some((part_text, map)) => {
            let mut part_parsed = parse_part(format, &part_text);
            keep_decoded(&mut part_parsed, index);
            compose(&mut part_parsed, &map);
            (part_text, part_parsed)
        }
        None => {
            let mut part_parsed = parse_part(format, decoded);
            keep_decoded(&mut part_parsed, index);
            collapse(&mut part_parsed, body.clone());
            (decoded.to_owned(), part_parsed)
        }
    };
    if part_parsed.segments.is_empty() {
        return;
    }
    let part_charset = if is_utf8 { "utf-8" } else { charset };
    let encoded = EncodedPart::new(body.clone(), transfer, part_charset, part_text);
    let whole_part = if transfer == Transfer::QuotedPrintable && encoded.charset == "utf-8" {
        ""
    } else {
        " (in the file: the whole part)"
    };
    parsed.notes.push(Note {
        source: body,
        message: format!(
            "this {} part is {}: findings in it give their place in the decoded text{whole_part}, \
             and fixes are not written into it",
            if format == Format::Html {
                "HTML"
            } else {
                "text"
            },
            encoded.describe(),
        ),
    });
    part_parsed.encoded.push(encoded);
    merge(parsed, part_parsed);
}

/// Remember, for each segment parsed from the decoded text of encoded part `index`, where its
/// prose is in that text (before its map is turned towards the file).
fn keep_decoded(parsed: &mut Parsed, index: usize) {
    for segment in &mut parsed.segments {
        segment.decoded = Some(DecodedMap {
            part: index,
            map: segment.map.clone(),
        });
    }
}

fn parse_part(format: Format, part_text: &str) -> Parsed {
    let masked = mask::mask_placeholders(part_text);
    if format == Format::Html {
        html::parse(&masked, &KeyScopes::default())
    } else {
        text::parse(&masked)
    }
}

fn shift(parsed: &mut Parsed, delta: usize) {
    for segment in &mut parsed.segments {
        segment.map.shift_source(delta);
    }
    for directive in &mut parsed.directives {
        directive.source = directive.source.start + delta..directive.source.end + delta;
    }
    for note in &mut parsed.notes {
        note.source = note.source.start + delta..note.source.end + delta;
    }
}

/// Map a part parsed from decoded text back through `outer` (decoded → raw bytes).
fn compose(parsed: &mut Parsed, outer: &SourceMap) {
    parsed.segments = std::mem::take(&mut parsed.segments)
        .into_iter()
        .filter_map(|segment| remap(&segment, outer))
        .collect();
    for directive in &mut parsed.directives {
        directive.source = outer.to_source(directive.source.clone());
    }
    for note in &mut parsed.notes {
        note.source = outer.to_source(note.source.clone());
    }
}

/// Rebuild a segment's map through `outer`, character by character. [`SourceMap::compose`]
/// maps each piece as a whole, so a verbatim run of decoded text that spans a `=C3=A9` escape
/// would lose its verbatim words; here every literal character stays verbatim.
///
/// One walk over the segment: both maps are read through cursors (the characters come in
/// order), and a run of characters that is verbatim in both maps is copied at once, which is
/// what pushing its characters one by one would build.
fn remap(segment: &Segment, outer: &SourceMap) -> Option<Segment> {
    let text = segment.text.as_str();
    let mut inner_map = segment.map.cursor();
    let mut outer_map = outer.cursor();
    let mut builder = SegmentBuilder::new();
    // A run of characters decoded from one source range (an entity, a line break).
    let mut pending: Option<(Range<usize>, Range<usize>)> = None;
    let flush = |builder: &mut SegmentBuilder,
                 outer_map: &mut SourceCursor<'_>,
                 pending: &mut Option<(Range<usize>, Range<usize>)>| {
        if let Some((chars, inner)) = pending.take() {
            builder.push_decoded(text.get(chars).unwrap_or(""), outer_map.to_source(inner));
        }
    };
    let mut start = 0;
    while let Some(ch) = text.get(start..).and_then(|rest| rest.chars().next()) {
        if let Some((run, raw_start)) = verbatim_run(text, start, &mut inner_map, &mut outer_map) {
            flush(&mut builder, &mut outer_map, &mut pending);
            builder.push_verbatim(text.get(start..run).unwrap_or(""), raw_start);
            start = run;
            continue;
        }
        let chars = start..start + ch.len_utf8();
        start = chars.end;
        let inner = inner_map.to_source(chars.clone());
        if inner_map.is_verbatim(chars.clone()) {
            flush(&mut builder, &mut outer_map, &mut pending);
            let raw = outer_map.to_source(inner.clone());
            let piece = text.get(chars).unwrap_or("");
            if outer_map.is_verbatim(inner) {
                builder.push_verbatim(piece, raw.start);
            } else {
                builder.push_decoded(piece, raw);
            }
        } else if ch == OPAQUE {
            flush(&mut builder, &mut outer_map, &mut pending);
            builder.push_opaque(outer_map.to_source(inner));
        } else if let Some((run, _)) = pending.as_mut().filter(|(_, r)| *r == inner) {
            run.end = chars.end;
        } else {
            flush(&mut builder, &mut outer_map, &mut pending);
            pending = Some((chars, inner));
        }
    }
    flush(&mut builder, &mut outer_map, &mut pending);
    let mut remapped = Segment::from_builder(segment.kind, builder)?;
    remapped.decoded = segment.decoded.clone();
    Some(remapped)
}

/// The characters from `start` that one verbatim piece of the segment's map and one verbatim
/// piece of `outer` both hold: where that run ends in the prose, and its first byte in the
/// file. `None` when the character at `start` is not verbatim in both.
fn verbatim_run(
    text: &str,
    start: usize,
    inner: &mut SourceCursor<'_>,
    outer: &mut SourceCursor<'_>,
) -> Option<(usize, usize)> {
    let (inner_end, decoded_start) = inner.verbatim_piece(start)?;
    let (outer_end, raw_start) = outer.verbatim_piece(decoded_start)?;
    let mut end = inner_end.min(start + (outer_end - decoded_start));
    while end > start && !text.is_char_boundary(end) {
        end -= 1;
    }
    (end > start).then_some((end, raw_start))
}

fn collapse(parsed: &mut Parsed, range: Range<usize>) {
    for segment in &mut parsed.segments {
        segment.map.collapse_source(range.clone());
    }
    for directive in &mut parsed.directives {
        directive.source = range.clone();
    }
    for note in &mut parsed.notes {
        note.source = range.clone();
    }
}

fn merge(into: &mut Parsed, part: Parsed) {
    into.segments.extend(part.segments);
    into.encoded.extend(part.encoded);
    into.directives.extend(part.directives);
    into.notes.extend(part.notes);
    if into.metadata.language.is_none() {
        into.metadata.language = part.metadata.language;
    }
}

/// Decode the quoted-printable body at `range` of `text`, with a map from each decoded byte back
/// to the raw bytes it came from (literal runs are verbatim, `=XX` is decoded, soft line breaks
/// vanish). `None` when the decoded bytes are not UTF-8.
fn decode_quoted_printable(text: &str, range: Range<usize>) -> Option<(String, SourceMap)> {
    let raw = text.get(range.clone())?.as_bytes();
    let mut decoded = Vec::with_capacity(raw.len());
    // The map's "prose" is only a coordinate system for the decoded bytes; its content is a
    // filler that no URL masking or trimming in `finish` can touch.
    let mut map = SegmentBuilder::new();
    let filler = "x".repeat(raw.len());
    let mut pos = 0;
    while pos < raw.len() {
        let run = memchr::memchr(b'=', raw.get(pos..)?).map_or(raw.len(), |i| pos + i);
        if run > pos {
            decoded.extend_from_slice(raw.get(pos..run)?);
            map.push_verbatim(filler.get(..run - pos)?, range.start + pos);
            pos = run;
            continue;
        }
        let source = range.start + pos;
        let rest = raw.get(pos + 1..).unwrap_or_default();
        if let Some(len) = soft_break_len(rest) {
            map.push_decoded("", source..source + 1 + len);
            pos += 1 + len;
        } else if let Some(byte) = hex_byte(rest) {
            decoded.push(byte);
            map.push_decoded("x", source..source + 3);
            pos += 3;
        } else {
            decoded.push(b'=');
            map.push_verbatim("x", source);
            pos += 1;
        }
    }
    let decoded = String::from_utf8(decoded).ok()?;
    let (_, map) = map.finish();
    Some((decoded, map))
}

/// `=` at the end of a line (trailing white space allowed) is a soft line break: the length of
/// what follows the `=` up to and including the line break.
fn soft_break_len(rest: &[u8]) -> Option<usize> {
    let spaces = rest
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    match rest.get(spaces..)? {
        [b'\r', b'\n', ..] => Some(spaces + 2),
        [b'\n', ..] => Some(spaces + 1),
        [] => Some(spaces),
        _ => None,
    }
}

fn hex_byte(rest: &[u8]) -> Option<u8> {
    let digits = std::str::from_utf8(rest.get(..2)?).ok()?;
    u8::from_str_radix(digits, 16).ok()
}

fn to_usize(offset: u32) -> usize {
    usize::try_from(offset).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_maps_decoded_bytes_to_raw_bytes() {
        let text = "Caf=C3=A9 is open=\r\n today =3D good";
        let (decoded, map) = decode_quoted_printable(text, 0..text.len()).unwrap();
        assert_eq!(decoded, "Café is open today = good");
        let today = decoded.find("today").unwrap();
        assert_eq!(&text[map.to_source(today..today + 5)], "today");
        let e = decoded.find('é').unwrap();
        assert_eq!(&text[map.to_source(e..e + 2)], "=C3=A9");
    }

    #[test]
    fn lossy_offsets_follow_replacement_characters() {
        let bytes = b"ab\xFFcd\xE9\xE9ef";
        let offsets = LossyOffsets::new(bytes);
        let text = String::from_utf8_lossy(bytes);
        assert_eq!(&text[offsets.map(3)..offsets.map(5)], "cd");
        assert_eq!(&text[offsets.map(7)..offsets.map(9)], "ef");
    }
}
