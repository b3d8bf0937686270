//! Prose text that remembers where every byte came from.
//!
//! A format parser builds each segment's prose piece by piece with a [`SegmentBuilder`]: text
//! copied verbatim from the source, text decoded from markup (`&amp;` → `&`, a soft line break →
//! a space), and opaque stand-ins for things that are not prose (code spans, placeholders, URLs).
//! The resulting [`SourceMap`] turns any byte range of the prose back into a byte range of the
//! source, which is what findings, fixes and editors need.

use std::ops::Range;

use crate::prose::OPAQUE;

/// Pre-masked source bytes: a template placeholder is overwritten with this byte, length for
/// length, before any parser sees the source, so positions stay exact and no markup syntax inside
/// a placeholder (`*|FNAME|*` looks like emphasis) can confuse the parser.
pub const MASK_BYTE: u8 = 0x1A;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    text_start: usize,
    source_start: usize,
    text_len: usize,
    source_len: usize,
    /// The text equals the source slice byte for byte, so inner offsets map one to one.
    verbatim: bool,
}

impl Piece {
    fn text_end(&self) -> usize {
        self.text_start + self.text_len
    }
    fn source_end(&self) -> usize {
        self.source_start + self.source_len
    }
    /// Does the piece end before `offset` (with `at_end`, an offset on the piece's end belongs
    /// to it)? False from some piece on, so pieces can be searched by it.
    fn ends_before(&self, offset: usize, at_end: bool) -> bool {
        if at_end {
            self.text_end() < offset
        } else {
            self.text_end() <= offset
        }
    }
}

/// Maps byte offsets in a segment's prose back to byte offsets in the document's source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    pieces: Vec<Piece>,
}

impl SourceMap {
    /// The source range that produced the prose range `text`.
    ///
    /// A range that starts or ends inside a decoded or opaque piece is widened to cover the whole
    /// piece: `&amp;` is either in a finding or not.
    pub fn to_source(&self, text: Range<usize>) -> Range<usize> {
        let start = self.map_start(self.piece_index(text.start, false), text.start);
        let end = self
            .map_end(self.piece_index(text.end, true), text.end)
            .max(start);
        start..end
    }

    /// True when the prose range is a verbatim copy of its source range, so that replacing the
    /// source range is the same as replacing the prose: the condition for an automatic fix.
    pub fn is_verbatim(&self, text: Range<usize>) -> bool {
        self.is_verbatim_with(text, |offset, at_end| self.piece_index(offset, at_end))
    }

    /// A reader for queries in increasing order of offset, each found from where the last one
    /// was instead of by a binary search: for walks over a whole segment.
    pub fn cursor(&self) -> SourceCursor<'_> {
        SourceCursor { map: self, at: 0 }
    }

    fn is_verbatim_with(
        &self,
        text: Range<usize>,
        mut piece_index: impl FnMut(usize, bool) -> Option<usize>,
    ) -> bool {
        if text.is_empty() {
            return false;
        }
        let first = piece_index(text.start, false);
        let last = piece_index(text.end, true);
        let (Some(first), Some(last)) = (first, last) else {
            return false;
        };
        let pieces = &self.pieces[first..=last];
        pieces.iter().all(|piece| piece.verbatim)
            && pieces
                .windows(2)
                .all(|pair| pair[0].source_end() == pair[1].source_start)
    }

    /// The source offset of the whole segment's first and last byte.
    pub fn source_extent(&self) -> Range<usize> {
        match (self.pieces.first(), self.pieces.last()) {
            (Some(first), Some(last)) => first.source_start..last.source_end(),
            _ => 0..0,
        }
    }

    /// Shift every source offset by `delta`: for prose parsed out of an embedded part (an e-mail
    /// body inside the message file).
    pub fn shift_source(&mut self, delta: usize) {
        for piece in &mut self.pieces {
            piece.source_start += delta;
        }
    }

    /// Collapse every source offset onto `range`: for prose decoded from an encoding whose bytes
    /// cannot be located one by one (base64), every finding points at the whole part.
    pub fn collapse_source(&mut self, range: Range<usize>) {
        for piece in &mut self.pieces {
            piece.source_start = range.start;
            piece.source_len = range.len();
            piece.verbatim = false;
        }
    }

    /// Map every source offset through `outer`: for prose parsed from a decoded part whose decoded
    /// bytes have a map of their own (quoted-printable), the composition of both maps.
    pub fn compose(&mut self, outer: &SourceMap) {
        for piece in &mut self.pieces {
            let inner = piece.source_start..piece.source_start + piece.source_len;
            let mapped = outer.to_source(inner.clone());
            piece.verbatim = piece.verbatim && outer.is_verbatim(inner);
            piece.source_start = mapped.start;
            piece.source_len = mapped.len();
        }
    }

    /// Index of the piece holding `offset`; with `at_end`, an offset on a boundary belongs to the
    /// piece that ends there rather than the one that starts there.
    fn piece_index(&self, offset: usize, at_end: bool) -> Option<usize> {
        if self.pieces.is_empty() {
            return None;
        }
        let index = self
            .pieces
            .partition_point(|piece| piece.ends_before(offset, at_end));
        Some(index.min(self.pieces.len() - 1))
    }

    fn map_start(&self, index: Option<usize>, offset: usize) -> usize {
        let Some(index) = index else {
            return 0;
        };
        let piece = &self.pieces[index];
        let delta = offset.saturating_sub(piece.text_start);
        if piece.verbatim {
            piece.source_start + delta.min(piece.source_len)
        } else if delta >= piece.text_len && piece.text_len > 0 {
            piece.source_end()
        } else {
            piece.source_start
        }
    }

    fn map_end(&self, index: Option<usize>, offset: usize) -> usize {
        let Some(index) = index else {
            return 0;
        };
        let piece = &self.pieces[index];
        let delta = offset.saturating_sub(piece.text_start);
        if piece.verbatim {
            piece.source_start + delta.min(piece.source_len)
        } else if delta == 0 && offset < piece.text_end() {
            piece.source_start
        } else {
            piece.source_end()
        }
    }
}

/// [`SourceMap::to_source`] and [`SourceMap::is_verbatim`] for offsets that mostly increase:
/// each lookup steps on from the piece of the last one (a lookup behind it searches anew), so a
/// walk over a segment costs one pass over its pieces, not a binary search per query.
pub struct SourceCursor<'a> {
    map: &'a SourceMap,
    /// Index of the piece the last lookup found.
    at: usize,
}

impl SourceCursor<'_> {
    /// The same as [`SourceMap::to_source`].
    pub fn to_source(&mut self, text: Range<usize>) -> Range<usize> {
        let map = self.map;
        let start = map.map_start(self.piece_index(text.start, false), text.start);
        let end = map
            .map_end(self.piece_index(text.end, true), text.end)
            .max(start);
        start..end
    }

    /// The same as [`SourceMap::is_verbatim`].
    pub fn is_verbatim(&mut self, text: Range<usize>) -> bool {
        let map = self.map;
        map.is_verbatim_with(text, |offset, at_end| self.piece_index(offset, at_end))
    }

    /// When the byte at `offset` is inside a verbatim piece: where that piece ends (in the
    /// prose) and the source offset of `offset`.
    pub fn verbatim_piece(&mut self, offset: usize) -> Option<(usize, usize)> {
        let piece = self.map.pieces.get(self.piece_index(offset, false)?)?;
        (piece.verbatim && piece.text_start <= offset && offset < piece.text_end()).then(|| {
            (
                piece.text_end(),
                piece.source_start + (offset - piece.text_start),
            )
        })
    }

    /// The same index as [`SourceMap::piece_index`]: the first piece that does not end before
    /// `offset`, stepped to from the last one found.
    fn piece_index(&mut self, offset: usize, at_end: bool) -> Option<usize> {
        let pieces = &self.map.pieces;
        if pieces.is_empty() {
            return None;
        }
        let before = |piece: &Piece| piece.ends_before(offset, at_end);
        let mut index = self.at.min(pieces.len());
        if index > 0 && !before(&pieces[index - 1]) {
            index = pieces.partition_point(before);
        } else {
            // A few steps on, then a binary search of the rest: a cursor made for one segment
            // of a long part starts far behind it.
            let mut steps = 0;
            while pieces.get(index).is_some_and(before) {
                index += 1;
                steps += 1;
                if steps == CURSOR_STEPS {
                    index += pieces
                        .get(index..)
                        .unwrap_or_default()
                        .partition_point(before);
                    break;
                }
            }
        }
        self.at = index;
        Some(index.min(pieces.len() - 1))
    }
}

/// How many pieces a [`SourceCursor`] steps over before it searches the rest.
const CURSOR_STEPS: usize = 8;

/// Builds one segment's prose and its [`SourceMap`].
#[derive(Debug, Default)]
pub struct SegmentBuilder {
    text: String,
    map: SourceMap,
}

impl SegmentBuilder {
    /// A builder with no text yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder with room for the prose of `source_len` bytes of source (a block's): its
    /// prose is rarely longer, and growing the text and the map piece by piece was a tenth of
    /// parsing Markdown.
    pub fn for_source(source_len: usize) -> Self {
        SegmentBuilder {
            text: String::with_capacity(source_len),
            map: SourceMap {
                pieces: Vec::with_capacity(source_len / 64 + 2),
            },
        }
    }

    /// Whether no text has been added.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The prose built so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Append `text`, which is exactly the source bytes starting at `source_start`. Runs of
    /// [`MASK_BYTE`] (pre-masked placeholders) become opaque stand-ins.
    pub fn push_verbatim(&mut self, text: &str, source_start: usize) {
        let mut rest_start = 0;
        let bytes = text.as_bytes();
        while let Some(found) = memchr::memchr(MASK_BYTE, &bytes[rest_start..]) {
            let mask_start = rest_start + found;
            let mask_end = bytes[mask_start..]
                .iter()
                .position(|&b| b != MASK_BYTE)
                .map_or(bytes.len(), |len| mask_start + len);
            self.push_piece(
                &text[rest_start..mask_start],
                source_start + rest_start,
                true,
                None,
            );
            self.push_opaque(source_start + mask_start..source_start + mask_end);
            rest_start = mask_end;
        }
        self.push_piece(&text[rest_start..], source_start + rest_start, true, None);
    }

    /// Append `text` that markup decoded from the source bytes `source` (an entity, a soft line
    /// break rendered as a space, a character reference).
    pub fn push_decoded(&mut self, text: &str, source: Range<usize>) {
        self.push_piece(text, source.start, false, Some(source.len()));
    }

    /// Append a stand-in for the non-prose source bytes `source` (inline code, a placeholder).
    pub fn push_opaque(&mut self, source: Range<usize>) {
        if self.text.ends_with(OPAQUE)
            && self
                .map
                .pieces
                .last()
                .is_some_and(|last| last.source_end() == source.start)
        {
            // Two adjacent opaque runs are one stand-in.
            if let Some(last) = self.map.pieces.last_mut() {
                last.source_len += source.len();
            }
            return;
        }
        let mut buffer = [0; 4];
        self.push_piece(
            OPAQUE.encode_utf8(&mut buffer),
            source.start,
            false,
            Some(source.len()),
        );
    }

    fn push_piece(
        &mut self,
        text: &str,
        source_start: usize,
        verbatim: bool,
        source_len: Option<usize>,
    ) {
        if text.is_empty() && source_len.unwrap_or(0) == 0 {
            return;
        }
        let source_len = source_len.unwrap_or(text.len());
        let text_start = self.text.len();
        self.text.push_str(text);
        if let Some(last) = self.map.pieces.last_mut()
            && verbatim
            && last.verbatim
            && last.text_end() == text_start
            && last.source_end() == source_start
        {
            last.text_len += text.len();
            last.source_len += source_len;
            return;
        }
        self.map.pieces.push(Piece {
            text_start,
            source_start,
            text_len: text.len(),
            source_len,
            verbatim,
        });
    }

    /// Finish the segment: URLs and e-mail addresses in running text become opaque, and leading
    /// and trailing white space is trimmed (its positions are never interesting).
    pub fn finish(self) -> (String, SourceMap) {
        let masked = super::mask::prose_masks(&self.text);
        let (text, map) = if masked.is_empty() {
            (self.text, self.map)
        } else {
            self.rebuild(&masked)
        };
        trim(text, map)
    }

    /// The text and map as pushed, without [`Self::finish`]'s masking of URLs and the like
    /// and its trimming: for the raw source, which rules read as written.
    pub fn finish_as_written(self) -> (String, SourceMap) {
        (self.text, self.map)
    }

    /// Rebuild the prose with each range in `masks` (sorted, disjoint) replaced by a stand-in.
    fn rebuild(self, masks: &[Range<usize>]) -> (String, SourceMap) {
        let out = self.masked(masks);
        (out.text, out.map)
    }

    /// This prose with each range in `masks` (sorted, disjoint byte ranges of [`Self::text`])
    /// replaced by an opaque stand-in for the source it came from: for placeholders that only
    /// show once the text is decoded (a `{count}` written `\u007bcount}` in JSON).
    pub fn masked(self, masks: &[Range<usize>]) -> SegmentBuilder {
        if masks.is_empty() {
            return self;
        }
        let mut out = SegmentBuilder::new();
        let mut cursor = 0;
        for mask in masks {
            out.copy_from(&self, cursor..mask.start);
            out.push_opaque(self.map.to_source(mask.clone()));
            cursor = mask.end;
        }
        out.copy_from(&self, cursor..self.text.len());
        out
    }

    /// Append all of `other`'s prose, keeping its mapping.
    pub fn append(&mut self, other: &SegmentBuilder) {
        self.copy_from(other, 0..other.text.len());
    }

    /// Copy the prose range `range` of `from`, piece by piece, keeping its mapping.
    fn copy_from(&mut self, from: &SegmentBuilder, range: Range<usize>) {
        for piece in &from.map.pieces {
            let start = piece.text_start.max(range.start);
            let end = piece.text_end().min(range.end);
            if start >= end {
                continue;
            }
            let text = &from.text[start..end];
            if piece.verbatim {
                self.push_piece(
                    text,
                    piece.source_start + (start - piece.text_start),
                    true,
                    None,
                );
            } else {
                self.push_piece(text, piece.source_start, false, Some(piece.source_len));
            }
        }
    }
}

fn trim(text: String, map: SourceMap) -> (String, SourceMap) {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    if start == 0 && end == text.len() {
        return (text, map);
    }
    if start >= end {
        return (String::new(), SourceMap::default());
    }
    let builder = SegmentBuilder { text, map };
    let mut out = SegmentBuilder::new();
    out.copy_from(&builder, start..end);
    (out.text, out.map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_pieces_map_byte_for_byte() {
        let source = "# Über uns\n\nWir   lieben E-Mail.";
        let mut builder = SegmentBuilder::new();
        let wir = source.find("Wir").unwrap();
        builder.push_verbatim("Wir", wir);
        builder.push_decoded(" ", wir + 3..wir + 6);
        builder.push_verbatim("lieben E-Mail.", wir + 6);
        let (text, map) = builder.finish();
        assert_eq!(text, "Wir lieben E-Mail.");
        let email = text.find("E-Mail").unwrap();
        let range = map.to_source(email..email + "E-Mail".len());
        assert_eq!(&source[range], "E-Mail");
        assert!(map.is_verbatim(email..email + 6));
        // A range across the decoded space maps to the whole run of spaces, and is no fix target.
        let span = map.to_source(0..10);
        assert_eq!(&source[span], "Wir   lieben");
        assert!(!map.is_verbatim(0..10));
    }

    #[test]
    fn decoded_pieces_are_atomic() {
        let source = "Tom &amp; Jerry";
        let mut builder = SegmentBuilder::new();
        builder.push_verbatim("Tom ", 0);
        builder.push_decoded("&", 4..9);
        builder.push_verbatim(" Jerry", 9);
        let (text, map) = builder.finish();
        assert_eq!(text, "Tom & Jerry");
        assert_eq!(&source[map.to_source(4..5)], "&amp;");
        assert_eq!(&source[map.to_source(0..5)], "Tom &amp;");
        assert_eq!(&source[map.to_source(6..11)], "Jerry");
    }

    #[test]
    fn masked_placeholders_become_one_opaque_stand_in() {
        let source = "Hi \x1a\x1a\x1a\x1a\x1a\x1a\x1a, welcome";
        let mut builder = SegmentBuilder::new();
        builder.push_verbatim(source, 0);
        let (text, map) = builder.finish();
        assert_eq!(text, "Hi \u{FFFC}, welcome");
        let stand_in = text.find(OPAQUE).unwrap();
        assert_eq!(map.to_source(stand_in..stand_in + 3), 3..10);
        let welcome = text.find("welcome").unwrap();
        assert_eq!(&source[map.to_source(welcome..welcome + 7)], "welcome");
    }

    #[test]
    fn urls_and_addresses_in_prose_are_masked_and_trimmed() {
        let source = "  Mail hello@example.com or visit https://example.com/a?b=1 now  ";
        let mut builder = SegmentBuilder::new();
        builder.push_verbatim(source, 0);
        let (text, map) = builder.finish();
        assert_eq!(text, "Mail \u{FFFC} or visit \u{FFFC} now");
        let now = text.find("now").unwrap();
        assert_eq!(&source[map.to_source(now..now + 3)], "now");
        let first = text.find(OPAQUE).unwrap();
        assert_eq!(
            &source[map.to_source(first..first + 3)],
            "hello@example.com"
        );
    }

    #[test]
    fn the_cursor_answers_as_the_map_forwards_and_backwards() {
        let mut builder = SegmentBuilder::new();
        builder.push_verbatim("Grüße ", 0);
        builder.push_decoded("&", 7..12);
        builder.push_decoded("", 12..14);
        builder.push_verbatim(" 你好 🚆 ", 14);
        builder.push_opaque(30..40);
        builder.push_verbatim(" Zürich", 40);
        let (text, map) = builder.finish();
        let ranges: Vec<Range<usize>> = (0..=text.len())
            .flat_map(|start| (start..=text.len()).map(move |end| start..end))
            .collect();
        let mut cursor = map.cursor();
        for range in ranges.iter().chain(ranges.iter().rev()) {
            assert_eq!(
                cursor.to_source(range.clone()),
                map.to_source(range.clone())
            );
            assert_eq!(
                cursor.is_verbatim(range.clone()),
                map.is_verbatim(range.clone()),
                "{range:?}"
            );
        }
        let zurich = text.find("Zürich").unwrap();
        assert_eq!(cursor.verbatim_piece(zurich), Some((text.len(), 41)));
        assert_eq!(cursor.verbatim_piece(text.find('&').unwrap()), None);
    }

    #[test]
    fn the_cursor_jumps_far_ahead_as_the_map_would() {
        let mut builder = SegmentBuilder::new();
        for n in 0..200 {
            builder.push_verbatim("ab", n * 10);
            builder.push_decoded("é", n * 10 + 2..n * 10 + 8);
        }
        let (text, map) = builder.finish();
        for start in [0, 3, 390, text.len() - 1, 17, 900] {
            let mut cursor = map.cursor();
            for range in [start..start + 1, start + 1..start + 1, 10..start.max(10)] {
                assert_eq!(
                    cursor.to_source(range.clone()),
                    map.to_source(range.clone())
                );
                assert_eq!(cursor.is_verbatim(range.clone()), map.is_verbatim(range));
            }
        }
    }

    #[test]
    fn shifting_and_collapsing_move_source_offsets() {
        let mut builder = SegmentBuilder::new();
        builder.push_verbatim("Hello there", 0);
        let (_, mut map) = builder.finish();
        map.shift_source(100);
        assert_eq!(map.to_source(6..11), 106..111);
        map.collapse_source(50..80);
        assert_eq!(map.to_source(6..11), 50..80);
        assert!(!map.is_verbatim(6..11));
    }
}
