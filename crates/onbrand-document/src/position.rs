//! Byte offsets ↔ human and protocol positions.
//!
//! Everything inside onbrand speaks byte offsets into a document's source text. This module is the
//! one place where those offsets become positions for people (1-based line, 1-based column counted
//! in Unicode scalar values) or for editors (0-based line and a column in the LSP's negotiated
//! encoding: UTF-8 bytes, UTF-16 code units or UTF-32 scalar values).

/// The unit in which a column is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnUnit {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units: what LSP clients assume unless they negotiate otherwise.
    Utf16,
    /// Unicode scalar values ("characters"): what the command line prints.
    Char,
}

/// A 1-based line and column, as printed for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct LineCol {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// Line starts of a text, for converting offsets in O(log lines).
///
/// Columns are counted from checkpoints, not from the line's start, so that converting an offset
/// costs the same on a 10 MB line (minified HTML) as on a short one: many findings on one long
/// line stay linear in the line's length.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset at which each line starts; the first entry is always 0.
    line_starts: Vec<usize>,
    /// Character and UTF-16 counts from the text's start up to every `CHECKPOINT_BYTES`th byte
    /// (moved back to a char boundary): entry `k` is at or before byte `k * CHECKPOINT_BYTES`.
    checkpoints: Vec<Checkpoint>,
    len: usize,
}

/// Bytes between two column checkpoints: converting an offset counts at most this many bytes
/// past the nearest checkpoint.
const CHECKPOINT_BYTES: usize = 1024;

/// Counts of the text before `offset`, in the units a column can be counted in.
#[derive(Clone, Copy, Debug, Default)]
struct Checkpoint {
    offset: usize,
    chars: usize,
    utf16: usize,
}

impl Checkpoint {
    fn count(self, unit: ColumnUnit) -> usize {
        match unit {
            ColumnUnit::Utf8 => self.offset,
            ColumnUnit::Utf16 => self.utf16,
            ColumnUnit::Char => self.chars,
        }
    }

    /// The counts at `end`, counting `text[self.offset..end]` (both char boundaries).
    fn advance(self, text: &str, end: usize) -> Checkpoint {
        let slice = &text[self.offset..end];
        // An ASCII slice (most) has a character per byte and no surrogate pairs.
        if slice.is_ascii() {
            return Checkpoint {
                offset: end,
                chars: self.chars + slice.len(),
                utf16: self.utf16 + slice.len(),
            };
        }
        let chars = slice.chars().count();
        // Every 4-byte UTF-8 sequence (its lead byte is 0xF0 or above) is a surrogate pair.
        let astral = slice.bytes().filter(|&b| b >= 0xF0).count();
        Checkpoint {
            offset: end,
            chars: self.chars + chars,
            utf16: self.utf16 + chars + astral,
        }
    }
}

impl LineIndex {
    /// The index of `text`'s line starts.
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        // A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files, which Vale reads as lines too).
        let bytes = text.as_bytes();
        line_starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        );
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT_BYTES + 1);
        let mut at = Checkpoint::default();
        checkpoints.push(at);
        for k in 1..=text.len() / CHECKPOINT_BYTES {
            at = at.advance(text, floor_char_boundary(text, k * CHECKPOINT_BYTES));
            checkpoints.push(at);
        }
        Self {
            line_starts,
            checkpoints,
            len: text.len(),
        }
    }

    /// The counts of `text[..offset]` (`offset` a char boundary), from the nearest checkpoint.
    fn counts_at(&self, text: &str, offset: usize) -> Checkpoint {
        let nearest = self.checkpoints[(offset / CHECKPOINT_BYTES).min(self.checkpoints.len() - 1)];
        nearest.advance(text, offset)
    }

    /// The column of `offset` (a char boundary) on the line starting at `line_start`.
    fn column(&self, text: &str, line_start: usize, offset: usize, unit: ColumnUnit) -> usize {
        if offset - line_start <= CHECKPOINT_BYTES {
            let prefix = &text[line_start..offset];
            return match unit {
                ColumnUnit::Utf8 => prefix.len(),
                ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
                ColumnUnit::Char => prefix.chars().count(),
            };
        }
        self.counts_at(text, offset).count(unit) - self.counts_at(text, line_start).count(unit)
    }

    /// How many lines the text has, counting the empty one after a final line break.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line holding `offset` (an offset past the end belongs to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of the 0-based `line`, without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        start..end
    }

    /// Byte offset of the start of the 0-based `line`, or the text's end past the last line.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.len)
    }

    /// 0-based line and column of `offset`, the column counted in `unit`.
    ///
    /// An offset inside a multi-byte character is moved back to that character's start.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let column = self.column(text, self.line_starts[line], offset, unit);
        (to_u32(line), to_u32(column))
    }

    /// `offset` (a byte offset) counted from the text's start in `unit`: an index into a
    /// JavaScript string for [`ColumnUnit::Utf16`]. An offset inside a multi-byte character is
    /// moved back to that character's start.
    pub fn text_offset(&self, text: &str, offset: usize, unit: ColumnUnit) -> usize {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        self.counts_at(text, offset).count(unit)
    }

    /// 1-based line and character column of `offset`, for people.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let (line, column) = self.position(text, offset, ColumnUnit::Char);
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// Byte offset of a 0-based line and a column counted in `unit`.
    ///
    /// Positions past the end of a line clamp to the line's end, and a line past the end of the
    /// text clamps to the text's end, as LSP asks of servers.
    pub fn offset(&self, text: &str, line: u32, column: u32, unit: ColumnUnit) -> usize {
        let line = line as usize;
        if line >= self.line_starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let (from, mut remaining) = self.scan_start(text, range.clone(), column as usize, unit);
        let line_text = &text[from..range.end];
        for (index, ch) in line_text.char_indices() {
            let width = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if remaining < width {
                return from + index;
            }
            remaining -= width;
        }
        range.end
    }
}

impl LineIndex {
    /// Where to start counting `column` units on the line `range`: the last checkpoint on the
    /// line at or before the column (or the line's start), and the units left from there.
    fn scan_start(
        &self,
        text: &str,
        range: std::ops::Range<usize>,
        column: usize,
        unit: ColumnUnit,
    ) -> (usize, usize) {
        if range.len() <= CHECKPOINT_BYTES {
            return (range.start, column);
        }
        let line_start = self.counts_at(text, range.start).count(unit);
        let target = line_start.saturating_add(column);
        let first = range.start.div_ceil(CHECKPOINT_BYTES);
        let last = (range.end / CHECKPOINT_BYTES).min(self.checkpoints.len() - 1);
        let on_line = self.checkpoints.get(first..=last).unwrap_or(&[]);
        let before = on_line.partition_point(|checkpoint| checkpoint.count(unit) <= target);
        match before.checked_sub(1).map(|i| on_line[i]) {
            Some(checkpoint) if checkpoint.offset >= range.start => {
                (checkpoint.offset, target - checkpoint.count(unit))
            }
            _ => (range.start, column),
        }
    }
}

/// Bytes of a long line kept on each side of a finding in its context: what a reader needs to
/// recognise the place, and a bound on the output, so that many findings on one long line (a
/// minified page) cost output linear in their number, not in number × line length.
pub const CONTEXT_WINDOW: usize = 160;

/// Lines up to this length are shown whole as a finding's context.
const WHOLE_LINE_LIMIT: usize = 4 * CONTEXT_WINDOW;

/// The byte range of a finding's context in `text` (a document, an encoded part's decoded
/// text): the lines `span` touches when they are short, else a window of about
/// [`CONTEXT_WINDOW`] bytes on each side of its start (and of its end when it is short), inside
/// those lines and on char boundaries. The flags say whether the range was cut before and after.
pub fn text_window(
    text: &str,
    index: &LineIndex,
    span: &std::ops::Range<usize>,
) -> (std::ops::Range<usize>, bool, bool) {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let first_line = index.line_range(text, index.line_of(start));
    let last_line = index.line_range(text, index.line_of(end.saturating_sub(1).max(start)));
    let lines = first_line.start..last_line.end.max(first_line.start);
    if lines.len() <= WHOLE_LINE_LIMIT {
        return (lines, false, false);
    }
    let from = floor_char_boundary(text, start.saturating_sub(CONTEXT_WINDOW).max(lines.start));
    let shown_end = end.min(start.saturating_add(2 * CONTEXT_WINDOW));
    let to = floor_char_boundary(
        text,
        shown_end.saturating_add(CONTEXT_WINDOW).min(lines.end),
    )
    .max(from);
    (from..to, from > lines.start, to < lines.end)
}

/// [`text_window`] as text, trimmed, with `…` where a long line was cut.
pub fn window_text(text: &str, index: &LineIndex, span: &std::ops::Range<usize>) -> String {
    let (range, cut_before, cut_after) = text_window(text, index, span);
    let shown = text.get(range).unwrap_or("");
    let mut context = String::with_capacity(shown.len() + 6);
    if cut_before {
        context.push('…');
    }
    context.push_str(shown.trim());
    if cut_after {
        context.push('…');
    }
    context
}

/// The largest char boundary of `text` at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Grüße 👋 an\n你好，世界 email\r\nlast";

    #[test]
    fn columns_in_every_unit_after_umlauts_cjk_and_emoji() {
        let index = LineIndex::new(TEXT);
        let an = TEXT.find("an").unwrap();
        assert_eq!(index.position(TEXT, an, ColumnUnit::Char), (0, 8));
        assert_eq!(index.position(TEXT, an, ColumnUnit::Utf16), (0, 9));
        assert_eq!(index.position(TEXT, an, ColumnUnit::Utf8), (0, 13));
        let email = TEXT.find("email").unwrap();
        assert_eq!(index.line_col(TEXT, email), LineCol { line: 2, column: 7 });
        assert_eq!(index.position(TEXT, email, ColumnUnit::Utf16), (1, 6));
        assert_eq!(index.position(TEXT, email, ColumnUnit::Utf8), (1, 16));
    }

    /// A lone `\r` ends a line (old Mac files; LSP counts it too), `\r\n` once.
    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "Grüße\r中文 email\r\n🚀 last\r";
        let index = LineIndex::new(text);
        let email = text.find("email").unwrap();
        assert_eq!(index.line_col(text, email), LineCol { line: 2, column: 4 });
        let last = text.find("last").unwrap();
        assert_eq!(index.line_col(text, last), LineCol { line: 3, column: 3 });
        assert_eq!(&text[index.line_range(text, 1)], "中文 email");
        assert_eq!(index.line_start(4), text.len());
    }

    #[test]
    fn offsets_round_trip_in_every_unit() {
        let index = LineIndex::new(TEXT);
        for (offset, _) in TEXT.char_indices() {
            for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
                let (line, column) = index.position(TEXT, offset, unit);
                if TEXT[offset..].starts_with(['\r', '\n']) {
                    continue; // a line end is the same position as the terminator's start
                }
                assert_eq!(
                    index.offset(TEXT, line, column, unit),
                    offset,
                    "{offset} {unit:?}"
                );
            }
        }
    }

    #[test]
    fn text_offsets_count_utf16_units_from_the_start() {
        // On one short text and across the checkpoints of a long one, and of one whose first
        // checkpoints are all ASCII.
        let long = format!("{TEXT}\n").repeat(200);
        let ascii_first = format!("{}{TEXT}", "plain ascii line\n".repeat(130));
        for text in [TEXT, long.as_str(), ascii_first.as_str()] {
            let index = LineIndex::new(text);
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let prefix = &text[..offset];
                let utf16 = prefix.encode_utf16().count();
                assert_eq!(index.text_offset(text, offset, ColumnUnit::Utf16), utf16);
                assert_eq!(
                    index.text_offset(text, offset, ColumnUnit::Char),
                    prefix.chars().count()
                );
                assert_eq!(index.text_offset(text, offset, ColumnUnit::Utf8), offset);
            }
        }
        let wave = TEXT.find('👋').unwrap();
        let index = LineIndex::new(TEXT);
        assert_eq!(index.text_offset(TEXT, wave, ColumnUnit::Utf16), 6);
        assert_eq!(index.text_offset(TEXT, wave + 4, ColumnUnit::Utf16), 8);
        // Inside the emoji: its start.
        assert_eq!(index.text_offset(TEXT, wave + 1, ColumnUnit::Utf16), 6);
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let index = LineIndex::new(TEXT);
        assert_eq!(
            index.offset(TEXT, 0, 999, ColumnUnit::Utf16),
            TEXT.find('\n').unwrap()
        );
        assert_eq!(index.offset(TEXT, 99, 0, ColumnUnit::Utf16), TEXT.len());
        // A column inside a surrogate pair lands on the emoji's start.
        let wave = TEXT.find('👋').unwrap();
        assert_eq!(index.offset(TEXT, 0, 7, ColumnUnit::Utf16), wave);
        assert_eq!(index.line_col(TEXT, wave + 2), index.line_col(TEXT, wave));
    }

    #[test]
    fn line_ranges_exclude_terminators() {
        let index = LineIndex::new(TEXT);
        assert_eq!(index.line_count(), 3);
        assert_eq!(&TEXT[index.line_range(TEXT, 1)], "你好，世界 email");
        assert_eq!(&TEXT[index.line_range(TEXT, 2)], "last");
    }

    #[test]
    fn columns_on_a_long_line_match_counting_from_the_line_start() {
        // Several checkpoints per line, with checkpoints falling inside multi-byte characters.
        let line = "Grüße 👋 你好 email ".repeat(400);
        let text = format!("short\n{line}\n{line}");
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(7) {
            let line = index.line_of(offset);
            let prefix = &text[index.line_start(line)..offset];
            for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
                let expected = match unit {
                    ColumnUnit::Utf8 => prefix.len(),
                    ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
                    ColumnUnit::Char => prefix.chars().count(),
                };
                let (l, column) = index.position(&text, offset, unit);
                assert_eq!(
                    (l as usize, column as usize),
                    (line, expected),
                    "{offset} {unit:?}"
                );
                assert_eq!(
                    index.offset(&text, l, column, unit),
                    offset,
                    "{offset} {unit:?}"
                );
            }
        }
        // A column past the end of a long line clamps to its end.
        let end = index.line_range(&text, 1).end;
        assert_eq!(index.offset(&text, 1, u32::MAX, ColumnUnit::Utf16), end);
    }
}
