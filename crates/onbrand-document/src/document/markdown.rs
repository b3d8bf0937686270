//! Markdown and MDX: front matter, then the CommonMark/GFM body, read with pulldown-cmark's
//! offset iterator so that every piece of prose knows its source bytes.
//!
//! Paragraphs, headings, list items, table cells, block quotes and image alt texts are prose;
//! code, HTML blocks and math are not. Inline code and inline HTML that is not mere formatting
//! become opaque stand-ins that keep the words around them apart.
//!
//! MDX is prepared before pulldown-cmark sees it (see `prepare_mdx`): ESM lines, JSX tags and
//! `{expressions}` are masked length for length, so offsets stay exact and Markdown inside
//! components is still parsed as Markdown.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::read_options::{DEFAULT_PROSE_ATTRIBUTES, ReadOptions};
use super::source_map::MASK_BYTE;
use super::suppress::{self, Directive};
use super::{Detail, Parsed, Segment, SegmentBuilder, SegmentKind, front_matter};

/// Parse a Markdown (or, with `mdx`, MDX) source whose placeholders are already masked, with
/// the front matter keys and JSX attributes `options` say are copy.
pub fn parse(source: &str, mdx: bool, options: &ReadOptions) -> Parsed {
    let mut parsed = Parsed::default();
    let body_start = front_matter::parse(source, &options.front_matter, &mut parsed);
    let body = source.get(body_start..).unwrap_or("");
    let mut attributes = Vec::new();
    let prepared = if mdx {
        let mut found = MdxFound {
            directives: &mut parsed.directives,
            attributes: &mut attributes,
            prose_attributes: options.prose_attributes.effective(DEFAULT_PROSE_ATTRIBUTES),
            budget: ScanBudget::for_len(body.len()),
        };
        let prepared = prepare_mdx(body, body_start, &mut found);
        if let Some(at) = found.budget.spent_at {
            parsed.notes.push(super::Note {
                source: body_start + at..body_start + at,
                message: format!(
                    "MDX: too many unclosed `{{` or `<` to look {MAX_JSX_LEN} bytes ahead for each; \
                     from here on, only expressions and tags shorter than {SHORT_JSX_LEN} bytes are masked"
                ),
            });
        }
        Cow::Owned(prepared)
    } else {
        Cow::Borrowed(body)
    };
    Walker::new(&prepared, body_start, &mut parsed).run();
    if !attributes.is_empty() {
        parsed.segments.extend(attributes);
        parsed
            .segments
            .sort_by_key(|segment| segment.map.source_extent().start);
    }
    parsed
        .directives
        .sort_by_key(|directive| directive.source.start);
    parsed
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

/// The container a paragraph stands in, which decides its segment kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Quote,
    Item,
    Footnote,
}

/// Walks pulldown-cmark's events and builds segments.
struct Walker<'a, 'p> {
    /// The body as pulldown-cmark parses it (MDX-prepared, same length as the source body).
    text: &'a str,
    /// Offset of the body in the source.
    offset: usize,
    parsed: &'p mut Parsed,
    containers: Vec<Container>,
    current: Option<(SegmentKind, SegmentBuilder)>,
    /// What the markup says of the segment in progress beyond its kind.
    detail: Detail,
    /// Inside a table's header row, whose cells are header cells.
    table_head: bool,
    /// Alt texts of the images being read (images can nest in alt texts).
    alts: Vec<SegmentBuilder>,
    /// Depth of code blocks and metadata blocks, whose text is not prose.
    skip: usize,
}

impl<'a, 'p> Walker<'a, 'p> {
    fn new(text: &'a str, offset: usize, parsed: &'p mut Parsed) -> Self {
        Walker {
            text,
            offset,
            parsed,
            containers: Vec::new(),
            current: None,
            detail: Detail::None,
            table_head: false,
            alts: Vec::new(),
            skip: 0,
        }
    }

    fn run(mut self) {
        let text = self.text;
        for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
            match event {
                Event::Start(tag) => self.start(tag, range),
                Event::End(tag) => self.end(tag),
                Event::Text(content) if self.skip == 0 => self.push_text(&content, range),
                Event::Text(_) => {}
                Event::Code(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
                | Event::FootnoteReference(_) => self.push_opaque(range),
                Event::InlineHtml(html) => self.inline_html(&html, range),
                Event::SoftBreak | Event::HardBreak => {
                    let source = self.source(range);
                    if let Some(builder) = self.sink() {
                        builder.push_decoded(" ", source);
                    }
                }
                Event::Html(_) | Event::Rule | Event::TaskListMarker(_) => {}
            }
        }
        self.flush();
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                self.flush();
                self.current = Some((self.block_kind(), SegmentBuilder::for_source(range.len())));
            }
            Tag::Heading { level, .. } => {
                self.open(SegmentKind::Heading, range.len());
                self.detail = Detail::HeadingLevel(level as u8);
            }
            Tag::TableCell => {
                self.open(SegmentKind::TableCell, range.len());
                self.detail = if self.table_head {
                    Detail::HeaderCell
                } else {
                    Detail::BodyCell
                };
            }
            Tag::TableHead => {
                self.flush();
                self.table_head = true;
            }
            Tag::BlockQuote(_) => self.enter(Container::Quote),
            Tag::Item => self.enter(Container::Item),
            Tag::FootnoteDefinition(_) => self.enter(Container::Footnote),
            Tag::CodeBlock(_) | Tag::MetadataBlock(_) => {
                self.flush();
                self.skip += 1;
            }
            Tag::HtmlBlock => {
                self.flush();
                self.comments(range);
            }
            Tag::Image { .. } => {
                self.push_opaque(range);
                self.alts.push(SegmentBuilder::new());
            }
            Tag::List(_)
            | Tag::Table(_)
            | Tag::TableRow
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.flush(),
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::List(_) => {
                self.flush();
            }
            TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.flush();
                self.containers.pop();
            }
            TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => self.skip = self.skip.saturating_sub(1),
            TagEnd::TableHead => {
                self.flush();
                self.table_head = false;
            }
            TagEnd::Image => {
                if let Some(alt) = self.alts.pop() {
                    self.parsed
                        .segments
                        .extend(Segment::from_builder(SegmentKind::AltText, alt));
                }
            }
            _ => {}
        }
    }

    /// Start a segment of `kind` for a block of `source_len` bytes.
    fn open(&mut self, kind: SegmentKind, source_len: usize) {
        self.flush();
        self.current = Some((kind, SegmentBuilder::for_source(source_len)));
    }

    fn enter(&mut self, container: Container) {
        self.flush();
        self.containers.push(container);
    }

    /// The kind of a paragraph (or a tight list item's text) at the current nesting.
    fn block_kind(&self) -> SegmentKind {
        match self.containers.last() {
            Some(Container::Quote) => SegmentKind::BlockQuote,
            Some(Container::Item) => SegmentKind::ListItem,
            Some(Container::Footnote) | None => SegmentKind::Paragraph,
        }
    }

    fn flush(&mut self) {
        let detail = std::mem::take(&mut self.detail);
        if let Some((kind, builder)) = self.current.take() {
            self.parsed.segments.extend(
                Segment::from_builder(kind, builder).map(|segment| segment.with_detail(detail)),
            );
        }
    }

    /// The builder prose goes to right now, if any.
    fn sink(&mut self) -> Option<&mut SegmentBuilder> {
        match self.alts.last_mut() {
            Some(alt) => Some(alt),
            None => self.current.as_mut().map(|(_, builder)| builder),
        }
    }

    /// Source range of a range in the body.
    fn source(&self, range: Range<usize>) -> Range<usize> {
        range.start + self.offset..range.end + self.offset
    }

    fn push_opaque(&mut self, range: Range<usize>) {
        self.open_implicit();
        let source = self.source(range);
        if let Some(builder) = self.sink() {
            builder.push_opaque(source);
        }
    }

    /// Text of a tight list item comes without a paragraph: open one for it.
    fn open_implicit(&mut self) {
        if self.alts.is_empty() && self.current.is_none() {
            self.current = Some((self.block_kind(), SegmentBuilder::new()));
        }
    }

    fn push_text(&mut self, content: &str, range: Range<usize>) {
        self.open_implicit();
        let raw = self.text.get(range.clone()).unwrap_or("");
        let source = self.source(range);
        if let Some(builder) = self.sink() {
            push_aligned(builder, content, raw, source);
        }
    }

    fn inline_html(&mut self, html: &str, range: Range<usize>) {
        if html.starts_with("<!--") {
            self.comments(range);
        } else if tag_name(html).eq_ignore_ascii_case("br") {
            let source = self.source(range);
            if let Some(builder) = self.sink() {
                builder.push_decoded(" ", source);
            }
        } else if !is_formatting_tag(html) {
            // A `<br>` or an unknown element would otherwise glue the words around it.
            self.push_opaque(range);
        }
    }

    /// Collect suppression directives from the HTML comments in a body range.
    fn comments(&mut self, range: Range<usize>) {
        let html = self.text.get(range.clone()).unwrap_or("");
        let base = range.start + self.offset;
        collect_html_comments(html, base, &mut self.parsed.directives);
    }
}

/// Append `content`, which markup produced from the source bytes `raw` at `source`: verbatim when
/// identical, else verbatim for the common prefix and suffix and decoded in between (`\*` → `*`,
/// `&amp;` → `&`), so that as much as possible stays a fixable verbatim copy.
pub(crate) fn push_aligned(
    builder: &mut SegmentBuilder,
    content: &str,
    raw: &str,
    source: Range<usize>,
) {
    if content == raw {
        builder.push_verbatim(content, source.start);
        return;
    }
    // A decoded piece must keep some text: `&` from `&amp;` is not a verbatim `&` plus nothing.
    let prefix = Some(common_prefix(content, raw)).filter(|&p| p < content.len());
    let prefix = prefix.unwrap_or(0);
    let suffix = common_suffix(
        content.get(prefix..).unwrap_or(""),
        raw.get(prefix..).unwrap_or(""),
    );
    let suffix = if prefix + suffix >= content.len() {
        0
    } else {
        suffix
    };
    let content_middle = prefix..content.len() - suffix;
    let raw_middle = source.start + prefix..source.end.saturating_sub(suffix);
    builder.push_verbatim(content.get(..prefix).unwrap_or(""), source.start);
    builder.push_decoded(
        content.get(content_middle).unwrap_or(""),
        raw_middle.clone(),
    );
    builder.push_verbatim(
        content.get(content.len() - suffix..).unwrap_or(""),
        raw_middle.end,
    );
}

/// Length of the longest common prefix, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
        .min(b.len())
}

/// Length of the longest common suffix, on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    let mut len = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        len += x.len_utf8();
    }
    len
}

/// The element name of an HTML tag (`<br/>` → `br`).
fn tag_name(html: &str) -> &str {
    html.trim_start_matches('<')
        .trim_start_matches('/')
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("")
}

/// Inline HTML that only formats text (`<b>`, `<a href>`, `<span>`): its text is part of the
/// sentence, so the tag is dropped rather than replaced with a stand-in.
fn is_formatting_tag(html: &str) -> bool {
    let name = tag_name(html);
    const FORMATTING: [&str; 22] = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "del", "dfn", "em", "font", "i", "ins", "mark",
        "q", "s", "small", "span", "strike", "strong", "sub", "sup", "u",
    ];
    FORMATTING.iter().any(|tag| tag.eq_ignore_ascii_case(name))
}

/// Find `<!-- … -->` comments in `html` (at source offset `base`) and keep the directives.
pub(crate) fn collect_html_comments(html: &str, base: usize, directives: &mut Vec<Directive>) {
    let mut from = 0;
    while let Some(start) = html.get(from..).and_then(|rest| rest.find("<!--")) {
        let start = from + start;
        let inner_start = start + 4;
        let Some(inner_len) = html.get(inner_start..).and_then(|rest| rest.find("-->")) else {
            break;
        };
        let end = inner_start + inner_len + 3;
        let inner = html.get(inner_start..inner_start + inner_len).unwrap_or("");
        directives.extend(suppress::parse_comment(inner, base + start..base + end));
        from = end;
    }
}

/// Longest JSX tag or expression we look for a closing `>` or `}` in; bounds the work an
/// unclosed `<` or `{` can cause.
const MAX_JSX_LEN: usize = 16 * 1024;

/// How far ahead an unclosed `<` or `{` is looked at once the document's budget is spent.
const SHORT_JSX_LEN: usize = 256;

/// Bytes that unclosed `<` and `{` may cost a document in searches for their end, beyond which
/// each search looks only [`SHORT_JSX_LEN`] bytes ahead: without it, 800 kB of `{` cost
/// 800 k searches of 16 KiB each. Closed tags and expressions are skipped past and cost nothing
/// extra, so ordinary documents never reach it.
struct ScanBudget {
    left: usize,
    /// Where (in the body) the budget ran out.
    spent_at: Option<usize>,
}

impl ScanBudget {
    fn for_len(len: usize) -> Self {
        Self {
            left: len.saturating_mul(8).saturating_add(1 << 20),
            spent_at: None,
        }
    }

    /// How far ahead a search for the end of a tag or an expression may look.
    fn reach(&self) -> usize {
        if self.spent_at.is_some() {
            SHORT_JSX_LEN
        } else {
            MAX_JSX_LEN
        }
    }

    /// Charge a failed search from `pos` (at most `reach` bytes of a body of `len`).
    fn charge(&mut self, pos: usize, len: usize) {
        let cost = self.reach().min(len - pos);
        match self.left.checked_sub(cost) {
            Some(left) => self.left = left,
            None => {
                self.left = 0;
                self.spent_at.get_or_insert(pos);
            }
        }
    }
}
/// What preparing MDX finds besides the masked text: directives in comments, and the prose
/// attributes of JSX tags as segments.
struct MdxFound<'a> {
    directives: &'a mut Vec<Directive>,
    attributes: &'a mut Vec<Segment>,
    /// JSX attributes whose string values are prose, with their scopes.
    prose_attributes: Vec<(String, SegmentKind)>,
    budget: ScanBudget,
}

/// Mask what MDX adds to Markdown, length for length, in a copy of the body: ESM blocks
/// (`import`/`export` up to a blank line) become spaces; JSX tags and `{expressions}` become
/// [`MASK_BYTE`]s, and lines that hold nothing else become blank, so that the Markdown inside a
/// component is parsed as Markdown and not swallowed by an HTML block. Code (fenced blocks and
/// code spans) is left alone. `{/* … */}` and `<!-- … -->` comments are read for directives.
///
/// MDX has no indented code blocks: text indented inside a JSX element is prose. Its leading
/// spaces become no-break spaces two for one (same length), which CommonMark does not count
/// as indentation, so pulldown-cmark reads a paragraph, not code.
fn prepare_mdx(body: &str, offset: usize, found: &mut MdxFound<'_>) -> String {
    let bytes = body.as_bytes();
    let mut out = bytes.to_vec();
    let mut fence: Option<(u8, usize)> = None;
    let mut pos = 0;
    // How many JSX elements the line is inside.
    let mut depth = 0usize;
    while pos < bytes.len() {
        let line_end = memchr::memchr(b'\n', bytes.get(pos..).unwrap_or_default())
            .map_or(bytes.len(), |i| pos + i);
        let line = bytes.get(pos..line_end).unwrap_or_default();
        if let Some((marker, len)) = fence {
            if fence_run(line)
                .is_some_and(|(m, n, rest)| m == marker && n >= len && rest.trim_ascii().is_empty())
            {
                fence = None;
            }
            pos = line_end + 1;
            continue;
        }
        if let Some((marker, len, _)) = fence_run(line) {
            fence = Some((marker, len));
            pos = line_end + 1;
            continue;
        }
        if line.starts_with(b"import ") || line.starts_with(b"export ") {
            pos = blank_esm_block(bytes, &mut out, pos);
            continue;
        }
        if depth > 0 {
            unindent(&mut out, pos, line_end);
        }
        pos = mask_inline(bytes, &mut out, (pos, line_end), offset, found, &mut depth);
    }
    blank_masked_lines(&mut out);
    // Only ASCII bytes and whole no-break spaces were written, over whole characters; the
    // fallback is never taken.
    String::from_utf8(out).unwrap_or_else(|_| body.to_owned())
}

/// A line opening or closing a fenced code block: its marker, run length and the rest.
fn fence_run(line: &[u8]) -> Option<(u8, usize, &[u8])> {
    let trimmed = line.trim_ascii_start();
    let marker = *trimmed.first().filter(|b| matches!(b, b'`' | b'~'))?;
    let len = trimmed.iter().take_while(|&&b| b == marker).count();
    (len >= 3).then(|| (marker, len, trimmed.get(len..).unwrap_or_default()))
}

/// Blank an ESM block starting at `start` up to the next blank line; returns where it ended.
fn blank_esm_block(bytes: &[u8], out: &mut [u8], start: usize) -> usize {
    let mut pos = start;
    while pos < bytes.len() {
        let line_end = memchr::memchr(b'\n', bytes.get(pos..).unwrap_or_default())
            .map_or(bytes.len(), |i| pos + i);
        let line = bytes.get(pos..line_end).unwrap_or_default();
        if line.trim_ascii().is_empty() {
            break;
        }
        fill(out, pos..line_end, b' ');
        pos = line_end + 1;
    }
    pos
}

/// Mask JSX and expressions from `pos` to the end of the line (or beyond, when a tag or an
/// expression spans lines); returns where scanning goes on.
fn mask_inline(
    bytes: &[u8],
    out: &mut [u8],
    (mut pos, mut line_end): (usize, usize),
    offset: usize,
    mdx: &mut MdxFound<'_>,
    depth: &mut usize,
) -> usize {
    while pos < line_end {
        // Jump to the next byte that can start something MDX adds (or a code span).
        let Some(found) = memchr::memchr3(
            b'`',
            b'{',
            b'<',
            bytes.get(pos..line_end).unwrap_or_default(),
        ) else {
            break;
        };
        pos += found;
        let Some(&byte) = bytes.get(pos) else { break };
        if pos > 0 && bytes.get(pos - 1) == Some(&b'\\') {
            pos += 1; // escaped: `\{` and `\<` are text
            continue;
        }
        let end = match byte {
            b'`' => {
                pos = code_span_end(bytes, pos, line_end);
                continue;
            }
            b'{' => expression_end(bytes, pos, mdx.budget.reach()),
            b'<' => jsx_end(bytes, pos, mdx.budget.reach()),
            _ => None,
        };
        let Some(end) = end else {
            mdx.budget.charge(pos, bytes.len());
            pos += 1;
            continue;
        };
        collect_comment(bytes, pos..end, offset, mdx.directives);
        if byte == b'<' {
            let tag = bytes.get(pos..end).unwrap_or_default();
            *depth = match tag_nesting(tag) {
                Nesting::Opens => *depth + 1,
                Nesting::Closes => depth.saturating_sub(1),
                Nesting::Neither => *depth,
            };
            prose_attributes(tag, offset + pos, &mdx.prose_attributes, mdx.attributes);
        }
        mask(out, pos..end);
        pos = end;
        if pos > line_end {
            line_end = memchr::memchr(b'\n', bytes.get(pos..).unwrap_or_default())
                .map_or(bytes.len(), |i| pos + i);
        }
    }
    line_end + 1
}

/// What a JSX tag does to the element nesting.
enum Nesting {
    Opens,
    Closes,
    Neither,
}

fn tag_nesting(tag: &[u8]) -> Nesting {
    if tag.starts_with(b"<!--") || tag.ends_with(b"/>") {
        Nesting::Neither
    } else if tag.starts_with(b"</") {
        Nesting::Closes
    } else {
        Nesting::Opens
    }
}

/// Turn the leading spaces of the line `start..end` into no-break spaces, two for one, when
/// they would make it indented code (four or more).
fn unindent(out: &mut [u8], start: usize, end: usize) {
    let line = out.get(start..end).unwrap_or_default();
    let spaces = line.iter().take_while(|&&b| b == b' ').count();
    if spaces < 4 || spaces == line.len() {
        return;
    }
    for pair in out[start..start + spaces - spaces % 2].chunks_exact_mut(2) {
        pair.copy_from_slice("\u{A0}".as_bytes());
    }
}

/// Push a segment for each string value of a JSX tag at `tag_start` whose attribute is one of
/// `names` (the defaults, [`DEFAULT_PROSE_ATTRIBUTES`], as the configuration changes them).
fn prose_attributes(
    tag: &[u8],
    tag_start: usize,
    names: &[(String, SegmentKind)],
    out: &mut Vec<Segment>,
) {
    let Ok(tag) = std::str::from_utf8(tag) else {
        return;
    };
    for (name, kind) in names.iter().filter(|(name, _)| !name.is_empty()) {
        let name = name.as_str();
        let mut from = 0;
        while let Some(found) = tag.get(from..).and_then(|rest| rest.find(name)) {
            let at = from + found;
            from = at + name.len();
            let before = tag[..at].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let rest = tag[from..].trim_start();
            let Some(value) = rest.strip_prefix('=').map(str::trim_start) else {
                continue;
            };
            let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
                continue;
            };
            let Some(len) = value[1..].find(quote) else {
                continue;
            };
            let value_start = tag.len() - value.len() + 1;
            let mut builder = SegmentBuilder::new();
            builder.push_verbatim(&value[1..1 + len], tag_start + value_start);
            out.extend(Segment::from_builder(*kind, builder));
        }
    }
}

/// Skip an inline code span (a run of backticks to the same run on the line).
fn code_span_end(bytes: &[u8], start: usize, line_end: usize) -> usize {
    let run = bytes
        .get(start..line_end)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b == b'`')
        .count();
    let mut pos = start + run;
    while pos < line_end {
        let here = bytes
            .get(pos..line_end)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'`')
            .count();
        if here == run {
            return pos + here;
        }
        pos += here.max(1);
    }
    start + run
}

/// End of a `{…}` expression with balanced braces, skipping strings and comments.
fn expression_end(bytes: &[u8], start: usize, reach: usize) -> Option<usize> {
    let limit = bytes.len().min(start + reach);
    let mut depth = 0usize;
    let mut pos = start;
    while pos < limit {
        match bytes.get(pos)? {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(pos + 1);
                }
            }
            quote @ (b'"' | b'\'' | b'`') => pos = string_end(bytes, pos, *quote, limit)?,
            b'/' if bytes.get(pos + 1) == Some(&b'*') => {
                let rest = bytes.get(pos + 2..limit)?;
                pos += 2 + memchr::memmem::find(rest, b"*/")? + 1;
            }
            _ => {}
        }
        pos += 1;
    }
    None
}

/// Position of the closing quote of a string starting at `start`.
fn string_end(bytes: &[u8], start: usize, quote: u8, limit: usize) -> Option<usize> {
    let mut pos = start + 1;
    while pos < limit {
        match bytes.get(pos)? {
            b'\\' => pos += 1,
            b'\n' if quote != b'`' => return Some(pos),
            &b if b == quote => return Some(pos),
            _ => {}
        }
        pos += 1;
    }
    None
}

/// End of a JSX tag (`<Tag …>`, `</Tag>`, `<>`, `<Tag … />`) or an HTML comment at `start`;
/// `None` for a `<` that is no tag (`a < b`) or an autolink (`<https://…>`).
fn jsx_end(bytes: &[u8], start: usize, reach: usize) -> Option<usize> {
    let rest = bytes.get(start..)?;
    if rest.starts_with(b"<!--") {
        let end = memchr::memmem::find(rest.get(..reach.min(rest.len()))?, b"-->")?;
        return Some(start + end + 3);
    }
    let next = *rest.get(1)?;
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'>') {
        return None;
    }
    let name_len = rest
        .iter()
        .skip(1)
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_' | b':'))
        .count();
    let name = rest.get(1..1 + name_len)?;
    if name.contains(&b':') && !name.ends_with(b":") || name.contains(&b'@') {
        return None; // an autolink
    }
    let limit = bytes.len().min(start + reach);
    let mut pos = start + 1 + name_len;
    while pos < limit {
        match bytes.get(pos)? {
            b'>' => return Some(pos + 1),
            b'{' => pos = expression_end(bytes, pos, reach)? - 1,
            quote @ (b'"' | b'\'') => pos = string_end(bytes, pos, *quote, limit)?,
            b'@' => return None, // `<user@example.com>` is an autolink
            _ => {}
        }
        pos += 1;
    }
    None
}

/// A directive from a `{/* … */}` or `<!-- … -->` comment at `range`.
fn collect_comment(
    bytes: &[u8],
    range: Range<usize>,
    offset: usize,
    directives: &mut Vec<Directive>,
) {
    let Some(text) = bytes.get(range.clone()) else {
        return;
    };
    let inner = text
        .strip_prefix(b"{")
        .and_then(|t| t.strip_suffix(b"}"))
        .map(<[u8]>::trim_ascii)
        .and_then(|t| t.strip_prefix(b"/*"))
        .and_then(|t| t.strip_suffix(b"*/"))
        .or_else(|| {
            text.strip_prefix(b"<!--")
                .and_then(|t| t.strip_suffix(b"-->"))
        });
    if let Some(inner) = inner.and_then(|inner| std::str::from_utf8(inner).ok()) {
        let source = range.start + offset..range.end + offset;
        directives.extend(suppress::parse_comment(inner, source));
    }
}

/// Overwrite `range` with [`MASK_BYTE`], keeping line breaks (a tag may span lines).
fn mask(out: &mut [u8], range: Range<usize>) {
    if let Some(slice) = out.get_mut(range) {
        for byte in slice.iter_mut().filter(|b| **b != b'\n' && **b != b'\r') {
            *byte = MASK_BYTE;
        }
    }
}

fn fill(out: &mut [u8], range: Range<usize>, with: u8) {
    if let Some(slice) = out.get_mut(range) {
        for byte in slice.iter_mut().filter(|b| **b != b'\n' && **b != b'\r') {
            *byte = with;
        }
    }
}

/// Lines that hold nothing but masked bytes and white space become blank lines: a component's
/// opening or closing tag separates blocks, as in MDX.
fn blank_masked_lines(out: &mut [u8]) {
    for line in out.split_mut(|&b| b == b'\n') {
        // No-break spaces (0xC2 0xA0) here are indentation `unindent` rewrote.
        let only_masked = line
            .iter()
            .all(|&b| b == MASK_BYTE || b.is_ascii_whitespace() || b == 0xC2 || b == 0xA0);
        if only_masked && line.contains(&MASK_BYTE) {
            line.fill(b' ');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str, mdx: bool) -> Vec<(SegmentKind, String)> {
        parse(source, mdx, &ReadOptions::default())
            .segments
            .into_iter()
            .map(|s| (s.kind, s.text))
            .collect()
    }

    #[test]
    fn blocks_become_segments_of_their_kind() {
        let source = "# Title\n\nPara *one*\nline two.\n\n- tight item\n- `code` item\n\n> quoted\n\n| a | b |\n|---|---|\n| c | d |\n\n![alt text](x.png)\n\n```\nnot prose\n```\n";
        let found = texts(source, false);
        use SegmentKind::*;
        let expected = [
            (Heading, "Title"),
            (Paragraph, "Para one line two."),
            (ListItem, "tight item"),
            (ListItem, "\u{FFFC} item"),
            (BlockQuote, "quoted"),
            (TableCell, "a"),
            (TableCell, "b"),
            (TableCell, "c"),
            (TableCell, "d"),
            (AltText, "alt text"),
        ];
        let expected: Vec<(SegmentKind, String)> =
            expected.iter().map(|(k, t)| (*k, t.to_string())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn escapes_and_entities_are_decoded_with_their_source() {
        let source = "Tom &amp; Jerry \\*not emphasis\\*";
        let parsed = parse(source, false, &ReadOptions::default());
        let segment = &parsed.segments[0];
        assert_eq!(segment.text, "Tom & Jerry *not emphasis*");
        let amp = segment.text.find('&').unwrap();
        assert_eq!(&source[segment.map.to_source(amp..amp + 1)], "&amp;");
        let jerry = segment.text.find("Jerry").unwrap();
        assert_eq!(&source[segment.map.to_source(jerry..jerry + 5)], "Jerry");
    }

    #[test]
    fn mdx_components_and_expressions_are_masked() {
        let source = "import X from './x'\nexport const y = {\n  a: 1,\n}\n\n<Aside type=\"tip\">\nSome **text** {props.value} here.\n</Aside>\n\n<Image src={pic} alt=\"no\" />\n\n{/* onbrand-disable-next-line */}\nAfter <Badge text=\"New\" /> it.";
        let found = texts(source, true);
        assert_eq!(
            found,
            [
                (
                    SegmentKind::Paragraph,
                    "Some text \u{FFFC} here.".to_string()
                ),
                (SegmentKind::AltText, "no".to_string()),
                (SegmentKind::Paragraph, "After \u{FFFC} it.".to_string()),
            ]
        );
        let parsed = parse(source, true, &ReadOptions::default());
        assert_eq!(parsed.directives.len(), 1);
    }

    #[test]
    fn unclosed_braces_and_tags_spend_a_budget_and_say_so() {
        // 400 kB of unclosed `{` and `<a` on one line, then ordinary MDX: the searches stop
        // looking 16 KiB ahead, a note says where, and short expressions are still masked.
        let source = format!(
            "Text {}{}\n\nAfter <Badge text=\"New\" /> and {{props.value}} it.",
            "<a ".repeat(70_000),
            "{".repeat(200_000)
        );
        let parsed = parse(&source, true, &ReadOptions::default());
        assert_eq!(parsed.notes.len(), 1, "{:?}", parsed.notes);
        assert!(parsed.notes[0].message.contains("too many unclosed"));
        assert!(parsed.notes[0].source.start < 1 << 16);
        let last = parsed.segments.last().map(|s| s.text.as_str());
        assert_eq!(last, Some("After \u{FFFC} and \u{FFFC} it."));
        // An ordinary document with a few unclosed braces keeps the long look-ahead: no note.
        let few = format!("{}Some {{ text\n\n{{a: 1}} b", "Words here. ".repeat(5_000));
        assert!(parse(&few, true, &ReadOptions::default()).notes.is_empty());
    }

    #[test]
    fn mdx_text_indented_in_components_and_prose_attributes_are_read() {
        let source = "<Hero>\n    <Card title=\"Schnell für 中文\">\n        Plane Reisen 🚀 mit deinem Team.\n    </Card>\n</Hero>\n\n<img src={pic} alt=\"Ein Bild über Köln\" />\n";
        let parsed = parse(source, true, &ReadOptions::default());
        let found = crate::document::kinded_texts(&parsed);
        assert_eq!(
            found,
            [
                (SegmentKind::Title, "Schnell für 中文"),
                (SegmentKind::Paragraph, "Plane Reisen 🚀 mit deinem Team."),
                (SegmentKind::AltText, "Ein Bild über Köln"),
            ]
        );
        crate::document::assert_verbatim(source, &parsed);
    }

    #[test]
    fn headings_know_their_level_and_cells_their_row() {
        let source = "# Grüße\n\nZweite 中文\n------\n\n### Drei 🚀\n\n| Kopf | Zwei |\n| --- | --- |\n| Zelle | 🚀 Körper |\n| b | c |\n";
        let parsed = parse(source, false, &ReadOptions::default());
        use Detail::*;
        assert_eq!(
            crate::document::detailed_texts(&parsed),
            [
                (HeadingLevel(1), "Grüße"),
                (HeadingLevel(2), "Zweite 中文"),
                (HeadingLevel(3), "Drei 🚀"),
                (HeaderCell, "Kopf"),
                (HeaderCell, "Zwei"),
                (BodyCell, "Zelle"),
                (BodyCell, "🚀 Körper"),
                (BodyCell, "b"),
                (BodyCell, "c"),
            ]
        );
        let at = |needle: &str| crate::document::source_start(&parsed, needle);
        assert_eq!(at("Körper"), source.find("Körper"));
        assert_eq!(at("中文"), source.find("中文"));
        // A paragraph after the table has no detail.
        let after = parse("| a |\n| - |\n\nText.\n", false, &ReadOptions::default());
        assert_eq!(after.segments.last().map(|s| s.detail), Some(None));
    }
}
