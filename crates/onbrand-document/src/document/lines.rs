//! What the line-oriented markup formats (reStructuredText, AsciiDoc, Org) share: walking the
//! source line by line with exact offsets, collecting a block's lines into one segment, and
//! reading inline markup whose content is code (opaque) rather than prose.
//!
//! These formats have no well-kept Rust parser that keeps source positions (see each format's
//! module), and their block structure is decided line by line, so each is a small bounded
//! parser over [`lines`]: one pass, no backtracking, linear in the input.

use super::{Detail, Parsed, Segment, SegmentBuilder, SegmentKind};

/// One line of the source: where it starts and its text without the line break (`\n`, `\r\n`
/// or a lone `\r`).
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    pub start: usize,
    pub text: &'a str,
}

impl<'a> Line<'a> {
    /// The text without its indentation, and where that starts.
    pub fn content(&self) -> (&'a str, usize) {
        let trimmed = self.text.trim_start();
        (
            trimmed.trim_end(),
            self.start + (self.text.len() - trimmed.len()),
        )
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Columns of indentation (a tab counts as one: enough to tell indented from not).
    pub fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start().len()
    }
}

/// The lines of `source`.
pub fn lines(source: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => {
                out.push(Line {
                    start,
                    text: &source[start..at],
                });
                at += 1;
                start = at;
            }
            b'\r' => {
                out.push(Line {
                    start,
                    text: &source[start..at],
                });
                at += if bytes.get(at + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = at;
            }
            _ => at += 1,
        }
    }
    if start < source.len() {
        out.push(Line {
            start,
            text: &source[start..],
        });
    }
    out
}

/// Inline markup whose content is not prose: pairs of delimiters (`` `…` ``, `=…=`), each
/// recognised on one line where the opening one does not follow a letter or digit, the
/// closing one is not followed by one, and the content neither starts nor ends with white
/// space (the rule all three formats share for such markup). Emphasis delimiters (`*…*`,
/// `_…_`) follow the same rule; they are dropped and their content is prose, so that a phrase
/// reads the same with a word in bold as without, as in the HTML these formats become.
#[derive(Clone, Copy, Debug)]
pub struct Inline {
    pub code: &'static [(&'static str, &'static str)],
    /// Emphasis delimiters, longest first (`**` before `*`).
    pub emphasis: &'static [(&'static str, &'static str)],
    /// reStructuredText roles: a `:name:` right before a span is part of it (`:ref:`x``).
    pub roles: bool,
}

impl Inline {
    /// Append one line's content to `builder`: code spans opaque, emphasis delimiters dropped,
    /// the rest verbatim.
    pub fn push(&self, builder: &mut SegmentBuilder, text: &str, start: usize) {
        let mut plain_from = 0;
        let mut at = 0;
        // Where the closing delimiters of open emphasis spans are, to be dropped there.
        let mut closing: Vec<std::ops::Range<usize>> = Vec::new();
        while at < text.len() {
            if let Some(index) = closing.iter().position(|close| close.start == at) {
                let close = closing.swap_remove(index);
                builder.push_verbatim(&text[plain_from..at], start + plain_from);
                at = close.end;
                plain_from = close.end;
                continue;
            }
            if let Some(end) = span_at(self.code, text, at) {
                let from = if self.roles {
                    role_start(text, plain_from, at)
                } else {
                    at
                };
                builder.push_verbatim(&text[plain_from..from], start + plain_from);
                builder.push_opaque(start + from..start + end);
                closing.retain(|close| close.start >= end);
                at = end;
                plain_from = end;
                continue;
            }
            if let Some((open, close)) = emphasis_at(self.emphasis, text, at) {
                builder.push_verbatim(&text[plain_from..at], start + plain_from);
                closing.push(close);
                at = open;
                plain_from = open;
                continue;
            }
            at += text[at..].chars().next().map_or(1, char::len_utf8);
        }
        builder.push_verbatim(&text[plain_from..], start + plain_from);
    }
}

/// A pair of `delimiters` opening at `at` in `text`, by the shared rule: the end of the whole
/// span, and where its content starts and ends.
fn pair_at(delimiters: &[(&str, &str)], text: &str, at: usize) -> Option<(usize, usize, usize)> {
    let before_ok = text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    if !before_ok {
        return None;
    }
    delimiters.iter().find_map(|(open, close)| {
        let rest = text[at..].strip_prefix(open)?;
        let inner = rest.find(close).filter(|&n| n > 0)?;
        let content = &rest[..inner];
        if content.starts_with(char::is_whitespace) || content.ends_with(char::is_whitespace) {
            return None;
        }
        let content_start = at + open.len();
        let end = content_start + inner + close.len();
        let after_ok = text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        after_ok.then_some((end, content_start, content_start + inner))
    })
}

/// The end of a code span opening at `at`.
fn span_at(code: &[(&str, &str)], text: &str, at: usize) -> Option<usize> {
    pair_at(code, text, at).map(|(end, _, _)| end)
}

/// An emphasis span opening at `at`: where its content starts, and its closing delimiter.
fn emphasis_at(
    emphasis: &[(&str, &str)],
    text: &str,
    at: usize,
) -> Option<(usize, std::ops::Range<usize>)> {
    pair_at(emphasis, text, at)
        .map(|(end, content_start, content_end)| (content_start, content_end..end))
}

/// Where a span at `at` starts when a role (`:name:`) stands right before it, not before
/// `from`.
fn role_start(text: &str, from: usize, at: usize) -> usize {
    let Some(before) = text[from..at].strip_suffix(':') else {
        return at;
    };
    let name_len = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | '+'))
        .map(char::len_utf8)
        .sum::<usize>();
    let role = &before[before.len() - name_len..];
    match role.find(':') {
        Some(colon) if colon + 1 < role.len() => from + before.len() - name_len + colon,
        _ => at,
    }
}

/// A block being collected: its kind and builder, what the markup says beyond its kind, and
/// where its last line ended.
#[derive(Default)]
pub struct Block {
    current: Option<(SegmentKind, SegmentBuilder)>,
    detail: Detail,
    last_end: usize,
}

impl Block {
    /// Add a line's prose (`text` at source offset `start`) to the block of `kind`, starting
    /// one when the block in progress is of another kind. Lines join with a space.
    pub fn push(
        &mut self,
        parsed: &mut Parsed,
        kind: SegmentKind,
        inline: &Inline,
        text: &str,
        start: usize,
    ) {
        if self.current.as_ref().is_some_and(|(k, _)| *k != kind) {
            self.flush(parsed);
        }
        let (_, builder) = self
            .current
            .get_or_insert_with(|| (kind, SegmentBuilder::new()));
        if !builder.is_empty() {
            builder.push_decoded(" ", self.last_end..start);
        }
        inline.push(builder, text, start);
        self.last_end = start + text.len();
    }

    /// One line that is a block of its own (a heading, a table cell), with its detail (a
    /// heading's level, a header or body cell).
    pub fn single(
        &mut self,
        parsed: &mut Parsed,
        (kind, detail): (SegmentKind, Detail),
        inline: &Inline,
        text: &str,
        start: usize,
    ) {
        self.flush(parsed);
        self.push(parsed, kind, inline, text, start);
        self.detail = detail;
        self.flush(parsed);
    }

    /// The cells of one table row (`cells`: each cell's text and source offset), each a
    /// segment of its own with the row's `detail` (header or body cells).
    pub fn row(
        &mut self,
        parsed: &mut Parsed,
        inline: &Inline,
        cells: Vec<(&str, usize)>,
        detail: Detail,
    ) {
        for (cell, at) in cells {
            self.single(parsed, (SegmentKind::TableCell, detail), inline, cell, at);
        }
    }

    /// The first line of a list item (`text` after its marker, at `start`): it ends the block
    /// in progress, even another item.
    pub fn list_item(&mut self, parsed: &mut Parsed, inline: &Inline, text: &str, start: usize) {
        self.flush(parsed);
        self.push(parsed, SegmentKind::ListItem, inline, text, start);
    }

    /// The kind of the block in progress.
    pub fn kind(&self) -> Option<SegmentKind> {
        self.current.as_ref().map(|(kind, _)| *kind)
    }

    pub fn is_open(&self) -> bool {
        self.current.is_some()
    }

    pub fn flush(&mut self, parsed: &mut Parsed) {
        let detail = std::mem::take(&mut self.detail);
        if let Some((kind, builder)) = self.current.take() {
            parsed
                .segments
                .extend(Segment::from_builder(kind, builder).map(|s| s.with_detail(detail)));
        }
    }
}

/// The cells of a table row written `| a | b |` (also AsciiDoc's `|a |b` and Org's), each as
/// its text and source offset, trimmed.
pub fn cells(text: &str, start: usize) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (index, cell) in text.split('|').enumerate() {
        let cell_start = offset;
        offset += cell.len() + 1;
        if index == 0 && cell.trim().is_empty() {
            continue;
        }
        let trimmed = cell.trim_start();
        let lead = cell.len() - trimmed.len();
        let trimmed = trimmed.trim_end();
        if !trimmed.is_empty() {
            out.push((trimmed, start + cell_start + lead));
        }
    }
    out
}

/// A line made of one punctuation character repeated (`=====`, `-----`), at least `min` long.
pub fn is_rule_line(text: &str, min: usize) -> Option<char> {
    let mut chars = text.trim_end().chars();
    let first = chars.next()?;
    if !first.is_ascii_punctuation() {
        return None;
    }
    let count = 1 + chars.clone().count();
    (count >= min && chars.all(|c| c == first)).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_offsets_for_every_line_break() {
        let found: Vec<(usize, &str)> = lines("a\r\nGrüße\rb\n\nc")
            .iter()
            .map(|line| (line.start, line.text))
            .collect();
        assert_eq!(
            found,
            [(0, "a"), (3, "Grüße"), (11, "b"), (13, ""), (14, "c")]
        );
    }

    #[test]
    fn code_spans_are_opaque_and_positions_exact() {
        let inline = Inline {
            code: &[("``", "``"), ("`", "`")],
            emphasis: &[],
            roles: true,
        };
        let mut builder = SegmentBuilder::new();
        let text = "Run ``x = 1`` for 中文 :py:func:`code` 🚀, not a`b`c or ` x `";
        inline.push(&mut builder, text, 10);
        let (prose, map) = builder.finish();
        assert!(!prose.contains("x = 1") && !prose.contains("code") && !prose.contains("py"));
        assert!(prose.ends_with("not a`b`c or ` x `"));
        let at = prose.find("中文").unwrap();
        assert_eq!(
            map.to_source(at..at + "中文".len()).start,
            10 + text.find("中文").unwrap()
        );
    }

    /// Emphasis delimiters are dropped and their content is prose mapped to its source; code
    /// inside emphasis stays opaque; a delimiter inside a word or before a space is text.
    #[test]
    fn emphasis_delimiters_are_dropped_and_positions_exact() {
        let inline = Inline {
            code: &[("`", "`")],
            emphasis: &[("**", "**"), ("*", "*"), ("_", "_")],
            roles: false,
        };
        let mut builder = SegmentBuilder::new();
        let text = "Grüße sehr **gut** 中文 *a `x` b* snake_case_name 2 * 3 * 4 _🚀 Start_.";
        inline.push(&mut builder, text, 100);
        let (prose, map) = builder.finish();
        assert_eq!(
            prose,
            format!(
                "Grüße sehr gut 中文 a {} b snake_case_name 2 * 3 * 4 🚀 Start.",
                crate::prose::OPAQUE
            )
        );
        let at = prose.find("gut").unwrap();
        assert_eq!(
            map.to_source(at..at + 3),
            100 + text.find("gut").unwrap()..100 + text.find("gut").unwrap() + 3
        );
        // "sehr gut" spans the dropped delimiter and maps onto "sehr **gut".
        let at = prose.find("sehr gut").unwrap();
        let range = map.to_source(at..at + "sehr gut".len());
        assert_eq!(&text[range.start - 100..range.end - 100], "sehr **gut");
        let at = prose.find("🚀 Start").unwrap();
        assert_eq!(
            map.to_source(at..at + 4).start,
            100 + text.find("🚀").unwrap()
        );
    }

    #[test]
    fn cells_and_rule_lines() {
        assert_eq!(cells("| a | Grüße |", 5), [("a", 7), ("Grüße", 11)]);
        assert_eq!(is_rule_line("=====", 3), Some('='));
        assert_eq!(is_rule_line("==", 3), None);
        assert_eq!(is_rule_line("=-=", 2), None);
    }
}
