//! The human report of a finding on one line of one-column characters, without colours, written
//! directly.
//!
//! annotate-snippets lays out any excerpt (several lines, wide characters, tabs, overlapping
//! labels) through a buffer of styled characters: about 90,000 instructions a finding, which
//! made rendering half of a run with tens of thousands of findings (the imported Microsoft style
//! on a blog). Nearly every finding in prose is one span on one line of ASCII or Latin text,
//! whose layout is a few lines of text. This module writes exactly what the renderer writes for
//! that case, including its trimming of lines wider than the terminal (its `Margin`), and
//! declines everything else (several lines, wide, zero-width or replaced characters, a span
//! whose middle the renderer cuts out); the tests compare both on generated excerpts.

use annotate_snippets::renderer::DEFAULT_TERM_WIDTH;

use super::{Excerpt, Location};

/// What the renderer writes where it cut a line.
const ELLIPSIS: [u8; 3] = *b"...";
/// The renderer's room for `...` around a span when it trims a line (its `ELLIPSIS_PASSING`).
const ELLIPSIS_PASSING: usize = 6;
/// Leading whitespace beyond this is trimmed (the renderer's `LONG_WHITESPACE`), keeping
/// `LONG_WHITESPACE_PADDING` of it.
const LONG_WHITESPACE: usize = 20;
const LONG_WHITESPACE_PADDING: usize = 4;
/// What the renderer keeps at least on each side of the middle of a very wide span it cuts.
const MIN_PAD: usize = 5;

/// Append the report of `excerpt` (without the blank line that separates reports) to `out`, as
/// `Renderer::plain()` renders `excerpt.group(Some(path))`, or, with a `location` (a window of
/// a long line), as `push_placed` places the rendering of `excerpt.group(None)`; `None`,
/// with `out` untouched, when the excerpt is not one non-empty span on one line and every text
/// in it [`narrow`].
pub(super) fn write(
    out: &mut String,
    excerpt: &Excerpt,
    path: &str,
    location: Option<&Location>,
) -> Option<()> {
    let texts = [
        excerpt.message,
        excerpt.rule_id,
        path,
        excerpt.label.as_deref().unwrap_or("x"),
        excerpt.link.unwrap_or("x"),
    ];
    if !texts.iter().all(|text| narrow(text)) || excerpt.first_line == 0 {
        return None;
    }
    // One column a character: the line as bytes when it is ASCII (nearly always), else as
    // characters, with the span counted the same way.
    if printable_ascii(excerpt.source) {
        let span = excerpt.span.clone();
        let lines = lines(excerpt.source.as_bytes(), span.clone(), excerpt)?;
        push(out, excerpt, path, location, span.start + 1, lines)
    } else if narrow(excerpt.source) {
        let source = excerpt.source;
        let start = source.get(..excerpt.span.start)?.chars().count();
        let end = start + source.get(excerpt.span.clone())?.chars().count();
        let chars: Vec<char> = source.chars().collect();
        let lines = lines(&chars, start..end, excerpt)?;
        push(out, excerpt, path, location, start + 1, lines)
    } else {
        None
    }
}

/// The code line and the underline (without its label) of `excerpt`, whose line is `source`
/// and span `span`, in columns; None when the renderer would lay them out otherwise.
fn lines<T: Copy + From<u8> + PartialEq>(
    source: &[T],
    span: std::ops::Range<usize>,
    excerpt: &Excerpt,
) -> Option<(Vec<T>, Vec<T>)> {
    if span.start >= span.end || span.end > source.len() {
        return None;
    }
    let gutter = digits(excerpt.first_line);
    // The line number, ` | `, then the code.
    let code_offset = gutter + 3;
    let width = DEFAULT_TERM_WIDTH.saturating_sub(code_offset);
    let label_width = excerpt
        .label
        .as_ref()
        .map_or(0, |label| label.chars().count() + 1);
    let leading = source.iter().take_while(|&&c| c == T::from(b' ')).count();
    let (left, right) = margin(source.len(), leading, &span, span.end + label_width, width);
    // The renderer never cuts into the span (its margin keeps room before it), so the
    // underline lies right of the gutter; otherwise it would draw over it.
    if span.start < left {
        return None;
    }
    let code_line = code_line(source, left, right, code_offset, excerpt.first_line);
    let carets = code_offset + span.start - left..code_offset + span.end - left;
    let mut underline = Vec::with_capacity(carets.end);
    underline.resize(gutter + 1, T::from(b' '));
    underline.push(T::from(b'|'));
    underline.resize(carets.end, T::from(b' '));
    underline[carets].fill(T::from(b'^'));
    let mut lines = (code_line, underline);
    cut_middle(
        &mut lines,
        span.len(),
        code_offset + span.start - left,
        width,
    );
    Some(lines)
}

/// The renderer's cut of a span wider than twice the terminal: its middle, in both lines,
/// becomes `...`, keeping a third of the terminal's width on each side.
fn cut_middle<T: Copy + From<u8>>(
    (code_line, underline): &mut (Vec<T>, Vec<T>),
    span_width: usize,
    span_start: usize,
    width: usize,
) {
    if span_width <= 2 * width || span_width <= 2 * MIN_PAD + ELLIPSIS.len() {
        return;
    }
    let pad = (width / 3).max(MIN_PAD);
    let cut = span_start + pad..span_start + span_width - pad;
    for line in [code_line, underline] {
        // The renderer leaves a line it cannot cut as it is.
        if !cut.is_empty() && cut.end <= line.len() {
            line.splice(cut.clone(), ELLIPSIS.map(T::from));
        }
    }
}

/// Append the report: the title, the location, the code line and the underline (the label one
/// column after its end, where the renderer puts it), and the link. Written piece by piece:
/// `format!` was half the cost of a report.
fn push<T: Column>(
    out: &mut String,
    excerpt: &Excerpt,
    path: &str,
    location: Option<&Location>,
    column: usize,
    (code_line, underline): (Vec<T>, Vec<T>),
) -> Option<()> {
    let code_line = T::text(code_line)?;
    let underline = T::text(underline)?;
    let gutter = digits(excerpt.first_line);
    out.push_str(level_name(excerpt));
    out.push('[');
    out.push_str(excerpt.rule_id);
    out.push_str("]: ");
    out.push_str(excerpt.message);
    out.push('\n');
    let (indent, line, column, decoded) = match location {
        Some(at) => (
            at.gutter,
            at.start.line as usize,
            at.start.column as usize,
            at.decoded.as_str(),
        ),
        None => (gutter, excerpt.first_line, column, ""),
    };
    push_spaces(out, indent);
    out.push_str("--> ");
    out.push_str(path);
    out.push(':');
    push_number(out, line);
    out.push(':');
    push_number(out, column);
    out.push_str(decoded);
    out.push('\n');
    push_spaces(out, gutter);
    out.push_str(" |\n");
    out.push_str(&code_line);
    out.push('\n');
    out.push_str(&underline);
    if let Some(label) = &excerpt.label {
        out.push(' ');
        out.push_str(label);
    }
    if let Some(link) = excerpt.link {
        out.push('\n');
        push_spaces(out, gutter);
        out.push_str(" |\n");
        push_spaces(out, gutter);
        out.push_str(" = note: see ");
        out.push_str(link);
    }
    Some(())
}

fn push_spaces(out: &mut String, count: usize) {
    out.extend(std::iter::repeat_n(' ', count));
}

/// `number` in decimal, without the formatting machinery.
pub(super) fn push_number(out: &mut String, number: usize) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    let mut rest = number;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
}

/// A column of a laid-out line: a byte of an ASCII line, or a character.
trait Column: Copy + From<u8> + PartialEq {
    fn text(columns: Vec<Self>) -> Option<String>;
}

impl Column for u8 {
    fn text(columns: Vec<u8>) -> Option<String> {
        String::from_utf8(columns).ok()
    }
}

impl Column for char {
    fn text(columns: Vec<char>) -> Option<String> {
        Some(columns.into_iter().collect())
    }
}

/// How many decimal digits `number` has: the width of the line-number gutter.
fn digits(number: usize) -> usize {
    number.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// Whether `text` is non-empty printable ASCII: one column a byte, nothing to escape, nothing
/// that breaks a line (the renderer treats empty texts apart). The scan has no early exit, so
/// that it is vectorized: source lines can be long.
fn printable_ascii(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .fold(true, |printable, b| printable & (b' '..=b'~').contains(&b))
}

/// Whether every character of the non-empty `text` is one column wide, left as it is by the
/// renderer (which replaces control characters, and formatting ones such as U+200D) and not
/// whitespace but the space: printable ASCII, and the Latin letters and punctuation of
/// Latin-1 and Latin Extended (without the no-break space and the soft hyphen), quotes, dashes
/// and the ellipsis of General Punctuation.
fn narrow(text: &str) -> bool {
    printable_ascii(text)
        || (!text.is_empty()
            && text.chars().all(|c| {
                matches!(c, ' '..='~' | '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{24F}' | '\u{2010}'..='\u{2027}')
            }))
}

fn level_name(excerpt: &Excerpt) -> &'static str {
    match excerpt.severity {
        crate::finding::Severity::Error => "error",
        crate::finding::Severity::Warning => "warning",
        crate::finding::Severity::Suggestion => "suggestion",
    }
}

/// The columns of a line shown, `left..right`: the renderer's `Margin` for one span on one
/// line `line_len` columns long, of which `leading` are leading spaces, in a terminal `width`
/// columns wide.
fn margin(
    line_len: usize,
    leading: usize,
    span: &std::ops::Range<usize>,
    label_right: usize,
    width: usize,
) -> (usize, usize) {
    // A line of spaces has no margin to take.
    let whitespace = if leading == line_len { 0 } else { leading };
    let whitespace_left = whitespace.min(span.start).saturating_sub(ELLIPSIS_PASSING);
    let span_left = span.start.saturating_sub(ELLIPSIS_PASSING);
    let span_right = span.end + ELLIPSIS_PASSING;
    let label_right = label_right + ELLIPSIS_PASSING;
    let mut computed_left = if whitespace_left > LONG_WHITESPACE {
        whitespace_left - (LONG_WHITESPACE - LONG_WHITESPACE_PADDING)
    } else {
        0
    };
    let mut computed_right = line_len.max(computed_left);
    if computed_right - computed_left > width {
        if label_right.saturating_sub(whitespace_left) <= width && label_right >= whitespace_left {
            computed_left = whitespace_left;
            computed_right = computed_left + width;
        } else if label_right - span_left <= width {
            computed_left = span_left.saturating_sub((width - (label_right - span_left)) / 2);
            computed_right = computed_left + width;
        } else if span_right - span_left <= width {
            computed_left = span_left.saturating_sub((width - (span_right - span_left)) / 5 * 2);
            computed_right = computed_left + width;
        } else {
            computed_left = span_left;
            computed_right = span_right;
        }
    }
    let right = if line_len.saturating_sub(computed_left) <= width {
        line_len
    } else {
        line_len.min(computed_right)
    };
    (computed_left.min(line_len), right)
}

/// `12 | code`, with `...` where the line was cut on either side (`left` is above 0 exactly when
/// the renderer cut on the left, as the line is not empty).
fn code_line<T: Copy + From<u8>>(
    source: &[T],
    left: usize,
    right: usize,
    code_offset: usize,
    line: usize,
) -> Vec<T> {
    let code = source.get(left..right.max(left)).unwrap_or_default();
    let mut number = String::new();
    push_number(&mut number, line);
    // Room for the whole line: growing it piece by piece reallocated for every report.
    let mut shown = Vec::with_capacity(code_offset + code.len() + ELLIPSIS.len());
    shown.extend(number.bytes().chain(*b" |").map(T::from));
    let ellipsis = ELLIPSIS.map(T::from);
    let taken = if left > 0 {
        put(&mut shown, code_offset, &ellipsis);
        code.len().min(ellipsis.len())
    } else {
        0
    };
    put(&mut shown, code_offset + taken, &code[taken..]);
    if source.len() > right {
        let kept = code.len() - code.len().min(ellipsis.len());
        put(&mut shown, code_offset + kept, &ellipsis);
    }
    shown
}

/// Write `text` at `column` of `line`, padding with spaces: the renderer's buffer, one line.
fn put<T: Copy + From<u8>>(line: &mut Vec<T>, column: usize, text: &[T]) {
    // Like the renderer's, writing nothing does not pad.
    if text.is_empty() {
        return;
    }
    if line.len() < column + text.len() {
        line.resize(column + text.len(), T::from(b' '));
    }
    line[column..column + text.len()].copy_from_slice(text);
}

#[cfg(test)]
mod tests {
    use annotate_snippets::Renderer;

    use super::*;
    use crate::finding::Severity;
    use crate::position::LineCol;

    /// A deterministic xorshift generator: the same excerpts on every run.
    struct Generator(u64);

    impl Generator {
        fn below(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % bound.max(1) as u64) as usize
        }

        /// Printable ASCII, spaces and the renderer's own marks (`|`, `^`, `.`) frequent, and
        /// now and then a one-column letter or punctuation mark beyond ASCII.
        fn text(&mut self, len: usize) -> String {
            const COMMON: &[u8] = b"  etaoin|^.`-";
            const BEYOND: [char; 12] = ['é', 'ü', 'ß', '’', '“', '”', '–', '—', '…', '«', '¿', 'ž'];
            (0..len)
                .map(|_| match self.below(60) {
                    0 => BEYOND[self.below(BEYOND.len())],
                    1..20 => char::from(COMMON[self.below(COMMON.len())]),
                    _ => char::from(b' ' + self.below(95) as u8),
                })
                .collect()
        }

        fn excerpt<'a>(&mut self, source: &'a str, message: &'a str, link: &'a str) -> Excerpt<'a> {
            let boundaries: Vec<usize> = source
                .char_indices()
                .map(|(at, _)| at)
                .chain([source.len()])
                .collect();
            let chars = boundaries.len() - 1;
            let first = self.below(chars);
            let longest = match self.below(4) {
                0 => chars,
                1 => 300,
                _ => 30,
            };
            let last = (first + 1 + self.below(longest)).min(chars);
            let (start, end) = (boundaries[first], boundaries[last]);
            let lines = [1, 9, 10, 99, 100, 12_345, 1 + self.below(2_000_000)];
            Excerpt {
                severity: [Severity::Error, Severity::Warning, Severity::Suggestion][self.below(3)],
                message,
                rule_id: "Style.Rule",
                source,
                first_line: lines[self.below(lines.len())],
                span: start..end,
                label: (self.below(2) == 0).then(|| {
                    let len = 1 + self.below(90);
                    format!("fix: `{}`", self.text(len))
                }),
                link: (self.below(2) == 0).then_some(link),
            }
        }

        /// A line of the lengths around the terminal's width, with runs of leading spaces
        /// around the renderer's trimming threshold, or of spaces only.
        fn line(&mut self) -> String {
            let len = match self.below(4) {
                0 => 1 + self.below(60),
                1 => 120 + self.below(40),
                _ => 1 + self.below(500),
            };
            let leading = match self.below(3) {
                0 => 0,
                1 => 18 + self.below(16),
                _ => self.below(60),
            };
            let leading = leading.min(len);
            let mut line = " ".repeat(leading);
            if self.below(40) == 0 {
                line.push_str(&" ".repeat(len - leading));
            } else {
                let rest = self.text(len - leading);
                line.push_str(&rest);
            }
            // Now and then a character the renderer widens or replaces.
            if self.below(20) == 0 {
                line.push(['中', '\t', '\u{301}', '\u{A0}', '😀'][self.below(5)]);
            }
            line
        }
    }

    /// What `human::render` writes for the excerpt when it leaves it to the renderer.
    fn renderer_output(excerpt: &Excerpt, path: &str, location: Option<&Location>) -> String {
        let group = excerpt.clone().group(location.is_none().then_some(path));
        let rendered = Renderer::plain().render(&[group]).to_string();
        let mut out = String::new();
        super::super::push_placed(&mut out, &rendered, location, path);
        out
    }

    fn written(excerpt: &Excerpt, path: &str) -> Option<String> {
        written_at(excerpt, path, None)
    }

    fn written_at(excerpt: &Excerpt, path: &str, location: Option<&Location>) -> Option<String> {
        let mut out = String::new();
        write(&mut out, excerpt, path, location).map(|()| out)
    }

    #[test]
    fn writes_what_the_renderer_writes_for_one_line_of_narrow_characters() {
        let mut generator = Generator(0x9e37_79b9_7f4a_7c15);
        let path = "docs/some page.md";
        let mut written_directly = 0;
        let cases = 20_000;
        for _ in 0..cases {
            let source = generator.line();
            let message_len = 1 + generator.below(80);
            let message = generator.text(message_len);
            let link = "https://example.com/style#rule";
            let excerpt = generator.excerpt(&source, &message, link);
            // A window of a long line: the location is the finding's in the file.
            let location = (generator.below(3) == 0).then(|| Location {
                start: LineCol {
                    line: u32::try_from(excerpt.first_line).unwrap(),
                    column: 1 + u32::try_from(generator.below(100_000)).unwrap(),
                },
                gutter: excerpt.first_line.to_string().len(),
                decoded: String::new(),
            });
            let expected = renderer_output(&excerpt, path, location.as_ref());
            if let Some(output) = written_at(&excerpt, path, location.as_ref()) {
                assert_eq!(output, expected, "{excerpt:?} {location:?}");
                written_directly += 1;
            }
        }
        // Left to the renderer: the lines with a wide or replaced character.
        assert!(written_directly > cases * 9 / 10, "{written_directly}");
    }

    #[test]
    fn leaves_everything_else_to_the_renderer() {
        let excerpt = |source| Excerpt {
            severity: Severity::Warning,
            message: "Prefer 'a'.",
            rule_id: "Style.Rule",
            source,
            first_line: 3,
            span: 4..9,
            label: None,
            link: None,
        };
        let taken = |excerpt: Excerpt, path| written(&excerpt, path).is_some();
        assert!(taken(excerpt("the words here"), "a.md"));
        assert!(taken(excerpt("the wörds “here”"), "a.md"));
        for source in [
            "the 中文",
            "the w\u{308}rds",
            "the\twords",
            "the words\nhere",
            "the w\u{7f}rds",
        ] {
            assert!(!taken(excerpt(source), "a.md"), "{source:?}");
        }
        assert!(!taken(excerpt("the words here"), "中.md"));
        let words = excerpt("the words here");
        assert!(!taken(
            Excerpt {
                span: 4..4,
                ..words.clone()
            },
            "a.md"
        ));
        assert!(!taken(
            Excerpt {
                span: 4..15,
                ..words.clone()
            },
            "a.md"
        ));
        assert!(!taken(
            Excerpt {
                message: "",
                ..words.clone()
            },
            "a.md"
        ));
        let label = Some("fix: `wörd\u{200D}`".to_owned());
        assert!(!taken(Excerpt { label, ..words }, "a.md"));
    }

    /// Numbers and gutter widths as `format!` writes them.
    #[test]
    fn numbers_in_decimal() {
        for number in [0, 1, 9, 10, 99, 100, 12_345, 1_000_000, usize::MAX] {
            let mut out = String::from("at ");
            push_number(&mut out, number);
            assert_eq!(out, format!("at {number}"));
            assert_eq!(digits(number), number.to_string().len());
        }
    }

    /// Line 3: a gutter of 1 leaves 136 columns; a span wider than twice that has its middle
    /// cut out, as the renderer cuts it.
    #[test]
    fn cuts_the_middle_of_a_span_wider_than_twice_the_terminal() {
        let long = format!("{}{}", "ab".repeat(200), "é".repeat(50));
        for width in [272, 273, 400, 449] {
            let end = long
                .char_indices()
                .nth(width)
                .map_or(long.len(), |(at, _)| at);
            let excerpt = Excerpt {
                severity: Severity::Suggestion,
                message: "Keep sentences short.",
                rule_id: "Style.Length",
                source: &long,
                first_line: 3,
                span: 0..end,
                label: Some("fix: ``".to_owned()),
                link: None,
            };
            let output = written(&excerpt, "a.md").unwrap();
            assert_eq!(output, renderer_output(&excerpt, "a.md", None));
            assert_eq!(output.contains("^...^"), width > 272, "{output}");
        }
    }
}
