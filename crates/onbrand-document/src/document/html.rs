//! HTML: landing pages, e-mail templates, generated documentation.
//!
//! html5gum tokenizes (robustly, on any tag soup) and gives byte spans; the structure is ours and
//! deliberately shallow: block elements (`p`, `div`, `li`, `td`, `h1`…) end a segment, inline
//! elements (`a`, `b`, `span`) do not, and an element's segment kind comes from the innermost
//! element that has one. Text is re-read from the source span rather than taken from the
//! tokenizer, so that entities map to their exact source bytes and the rest stays verbatim.
//! `<script>`, `<style>`, `<code>`, `<pre>` and friends are not prose; neither are comments,
//! which may hold suppression directives. `alt` and `title` attributes and the meta description
//! are prose of their own.
//!
//! E-mail structure: a hidden element (`display:none`, `mso-hide:all`) is a segment of its own,
//! and a preheader when it comes before any visible prose or says so in its class or id
//! (`preheader`, `preview`), so the inbox preview text never glues onto the first line of the
//! mail. The cells of a layout table are paragraphs, each its own, as a reader sees them: a table
//! with `role="presentation"` (or `none`), or one without `<th>`, `<caption>` or `<thead>` that
//! holds a table or sets `cellpadding`/`cellspacing` (the marks of e-mail layout). Other tables'
//! cells stay `table-cell`s.

use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use super::html_attributes;
use super::read_options::{DEFAULT_PROSE_ATTRIBUTES, KeyScopes};
use super::suppress;
use super::{Detail, Parsed, Segment, SegmentBuilder, SegmentKind};

/// Parse an HTML source whose placeholders are already masked, with the attributes
/// `prose_attributes` says are copy (besides [`DEFAULT_PROSE_ATTRIBUTES`]).
pub fn parse(source: &str, prose_attributes: &KeyScopes) -> Parsed {
    let (limited, notes) = html_attributes::limit(source);
    let source = limited.as_ref();
    let mut reader = Reader::new(source);
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        Some(Token::from_event(event, span, prose_attributes))
    });
    // Switch to raw text after `<script>`, `<style>`, `<title>`, `<textarea>`…, as browsers do.
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(source, emitter).flatten() {
        reader.token(token);
    }
    let mut parsed = reader.finish();
    parsed.notes.extend(notes);
    parsed
}

/// What the tokenizer reports, reduced to what the reader needs (no allocation per token).
#[derive(Debug)]
enum Token {
    Open(Element, usize),
    Attribute(Attribute, Range<usize>),
    Close { self_closing: bool, end: usize },
    End(Element, Range<usize>),
    Text(Range<usize>),
    Comment(Range<usize>),
    Other,
}

impl Token {
    fn from_event(event: CallbackEvent<'_>, span: Span<usize>, prose: &KeyScopes) -> Token {
        match event {
            CallbackEvent::OpenStartTag { name } => Token::Open(Element::of(name), span.start),
            CallbackEvent::AttributeName { name } => {
                Token::Attribute(Attribute::of(name, prose), span.start..span.start)
            }
            CallbackEvent::AttributeValue { .. } => {
                Token::Attribute(Attribute::Value, span.start..span.end)
            }
            CallbackEvent::CloseStartTag { self_closing } => Token::Close {
                self_closing,
                end: span.end,
            },
            CallbackEvent::EndTag { name } => Token::End(Element::of(name), span.start..span.end),
            CallbackEvent::String { .. } => Token::Text(span.start..span.end),
            CallbackEvent::Comment { .. } => Token::Comment(span.start..span.end),
            CallbackEvent::Doctype { .. } | CallbackEvent::Error(_) => Token::Other,
        }
    }
}

/// The attributes that matter; `Value` is the value of the attribute named before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Attribute {
    /// An attribute whose value is copy (`alt`, `title`, `aria-label`, or one configured).
    Prose(SegmentKind),
    Lang,
    Name,
    Content,
    Role,
    Class,
    Id,
    Style,
    /// `cellpadding` or `cellspacing`: a table laid out by attributes, as e-mail is.
    Spacing,
    Other,
    Value,
}

impl Attribute {
    fn of(name: &[u8], prose: &KeyScopes) -> Attribute {
        let is = |known: &[u8]| name.eq_ignore_ascii_case(known);
        let prose_kind = std::str::from_utf8(name).ok().and_then(|name| {
            prose.scope_of(name, DEFAULT_PROSE_ATTRIBUTES, |a, b| {
                a.eq_ignore_ascii_case(b)
            })
        });
        if let Some(kind) = prose_kind {
            Attribute::Prose(kind)
        } else if is(b"lang") || is(b"xml:lang") {
            Attribute::Lang
        } else if is(b"name") {
            Attribute::Name
        } else if is(b"content") {
            Attribute::Content
        } else if is(b"role") {
            Attribute::Role
        } else if is(b"class") {
            Attribute::Class
        } else if is(b"id") {
            Attribute::Id
        } else if is(b"style") {
            Attribute::Style
        } else if is(b"cellpadding") || is(b"cellspacing") {
            Attribute::Spacing
        } else {
            Attribute::Other
        }
    }
}

/// How an element affects prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Element {
    /// Part of a sentence: `a`, `b`, `span`, unknown elements.
    Inline,
    /// Ends a segment and starts another: `div`, `section`, `table`, `tr`, `ul`…
    Block,
    /// A block whose prose has a kind of its own.
    Kind(SegmentKind),
    /// A paragraph (`p`): inherits a list item's or block quote's kind.
    Paragraph,
    /// A heading (`h1` … `h6`) of this level.
    Heading(u8),
    /// A table cell: `th` (a header cell) or `td`.
    Cell {
        header: bool,
    },
    /// Not prose, content and all: `script`, `style`, `pre`, `svg`…
    Skip,
    /// Not prose, but sits inside a sentence: `code`, `kbd`, `samp`, `var`.
    InlineSkip,
    Br,
    Img,
    Html,
    Meta,
    Title,
}

impl Element {
    /// Does an end tag of `end` close this open element? `</td>` closes an open `<th>` and
    /// `</h2>` an open `<h1>`, as in browsers.
    fn is_closed_by(self, end: Element) -> bool {
        match (self, end) {
            (Element::Cell { .. }, Element::Cell { .. }) => true,
            (Element::Heading(_), Element::Heading(_)) => true,
            (open, end) => open == end,
        }
    }

    fn of(name: &[u8]) -> Element {
        let mut buffer = [0u8; 12];
        let Some(lower) = buffer.get_mut(..name.len()) else {
            return Element::Inline; // longer than any name we know: a custom element
        };
        lower.copy_from_slice(name);
        lower.make_ascii_lowercase();
        match &*lower {
            [b'h', level @ b'1'..=b'6'] => Element::Heading(level - b'0'),
            b"li" | b"dd" | b"dt" => Element::Kind(SegmentKind::ListItem),
            b"blockquote" => Element::Kind(SegmentKind::BlockQuote),
            b"figcaption" | b"caption" => Element::Kind(SegmentKind::Paragraph),
            b"p" => Element::Paragraph,
            b"td" => Element::Cell { header: false },
            b"th" => Element::Cell { header: true },
            b"script" | b"style" | b"pre" | b"template" | b"svg" | b"math" | b"noscript"
            | b"textarea" | b"select" | b"xmp" | b"iframe" | b"object" | b"canvas" => Element::Skip,
            b"code" | b"kbd" | b"samp" | b"var" | b"tt" => Element::InlineSkip,
            b"br" | b"hr" | b"wbr" => Element::Br,
            b"img" | b"area" | b"input" => Element::Img,
            b"html" => Element::Html,
            b"meta" => Element::Meta,
            b"title" => Element::Title,
            b"address" | b"article" | b"aside" | b"body" | b"button" | b"center" | b"details"
            | b"dialog" | b"dir" | b"div" | b"dl" | b"fieldset" | b"figure" | b"footer"
            | b"form" | b"header" | b"hgroup" | b"legend" | b"main" | b"menu" | b"nav" | b"ol"
            | b"option" | b"section" | b"summary" | b"table" | b"tbody" | b"tfoot" | b"thead"
            | b"tr" | b"ul" | b"label" | b"video" | b"audio" => Element::Block,
            _ => Element::Inline,
        }
    }
}

/// Nesting deeper than this is not tracked (tag soup can open elements without end).
const MAX_DEPTH: usize = 256;

/// The start tag being read: its element and the attributes seen so far.
struct OpenTag {
    element: Element,
    start: usize,
    last_attribute: Attribute,
    /// Values of prose attributes (`alt`, `title`…) with their scopes, in source order.
    prose: Vec<(SegmentKind, Range<usize>)>,
    lang: Option<Range<usize>>,
    name: Option<Range<usize>>,
    content: Option<Range<usize>>,
    role: Option<Range<usize>>,
    class: Option<Range<usize>>,
    id: Option<Range<usize>>,
    style: Option<Range<usize>>,
    spacing: bool,
}

/// An open hidden element (a preheader): its prose is one segment of its own.
struct Hidden {
    element: Element,
    /// Open elements of the same category inside it, itself included: its end is where this
    /// drops to zero.
    depth: usize,
    kind: SegmentKind,
}

/// An open `<table>`: whether it is laid out for data, and where its segments start.
struct Table {
    first_segment: usize,
    /// Has `<th>`, `<caption>` or `<thead>`.
    data: bool,
    /// `role="presentation"` or `role="none"`.
    presentation: bool,
    /// Holds a table, or sets `cellpadding` or `cellspacing`.
    laid_out: bool,
    /// The segments of the tables it holds, whose kind those tables settled.
    inner: Vec<Range<usize>>,
}

impl Table {
    fn is_layout(&self) -> bool {
        self.presentation || (self.laid_out && !self.data)
    }
}

struct Reader<'a> {
    source: &'a str,
    parsed: Parsed,
    /// Open block-level elements, innermost last.
    blocks: Vec<Element>,
    /// Open elements whose content is not prose, innermost last.
    skipped: Vec<Element>,
    /// Where the outermost open inline skip (`<code>`) started.
    inline_skip_start: Option<usize>,
    /// The segment being read: its kind and detail, and its prose so far.
    current: Option<((SegmentKind, Detail), SegmentBuilder)>,
    tag: Option<OpenTag>,
    /// Inside `<title>`: its text is the document title.
    title: Option<SegmentBuilder>,
    /// Where the last `<br>` ended: a second one with only white space between ends the
    /// paragraph, as it does to a reader (`<br><br>` is how e-mail separates paragraphs).
    last_break: Option<usize>,
    hidden: Option<Hidden>,
    tables: Vec<Table>,
    /// A segment of visible running text has been read: a hidden element after it is no
    /// preheader (unless its class says so).
    seen_prose: bool,
}

impl<'a> Reader<'a> {
    fn new(source: &'a str) -> Self {
        Reader {
            source,
            parsed: Parsed::default(),
            blocks: Vec::new(),
            skipped: Vec::new(),
            inline_skip_start: None,
            last_break: None,
            current: None,
            tag: None,
            title: None,
            hidden: None,
            tables: Vec::new(),
            seen_prose: false,
        }
    }

    fn token(&mut self, token: Token) {
        match token {
            Token::Open(element, start) => {
                self.tag = Some(OpenTag {
                    element,
                    start,
                    last_attribute: Attribute::Other,
                    prose: Vec::new(),
                    lang: None,
                    name: None,
                    content: None,
                    role: None,
                    class: None,
                    id: None,
                    style: None,
                    spacing: false,
                });
            }
            Token::Attribute(attribute, range) => self.attribute(attribute, range),
            Token::Close { self_closing, end } => {
                if let Some(tag) = self.tag.take() {
                    self.start_tag(tag, self_closing, end);
                }
            }
            Token::End(element, range) => self.end_tag(element, range),
            Token::Text(range) => self.text(range),
            Token::Comment(range) => self.comment(range),
            Token::Other => {}
        }
    }

    fn attribute(&mut self, attribute: Attribute, range: Range<usize>) {
        let Some(tag) = self.tag.as_mut() else { return };
        if attribute != Attribute::Value {
            tag.last_attribute = attribute;
            tag.spacing |= attribute == Attribute::Spacing;
            return;
        }
        let slot = match tag.last_attribute {
            Attribute::Prose(kind) => {
                tag.prose.push((kind, range));
                return;
            }
            Attribute::Lang => &mut tag.lang,
            Attribute::Name => &mut tag.name,
            Attribute::Content => &mut tag.content,
            Attribute::Role => &mut tag.role,
            Attribute::Class => &mut tag.class,
            Attribute::Id => &mut tag.id,
            Attribute::Style => &mut tag.style,
            Attribute::Spacing | Attribute::Other | Attribute::Value => return,
        };
        // Duplicate attributes: the first wins, as in browsers.
        slot.get_or_insert(range);
    }

    fn start_tag(&mut self, tag: OpenTag, self_closing: bool, end: usize) {
        let skipping = !self.skipped.is_empty();
        if !skipping {
            self.tag_attributes(&tag);
        }
        let element = tag.element;
        if !skipping {
            self.structure(&tag, self_closing);
        }
        match element {
            Element::Skip | Element::InlineSkip => {
                if element == Element::Skip {
                    self.flush();
                } else if self.skipped.is_empty() {
                    self.inline_skip_start = Some(tag.start);
                }
                if !self_closing && self.skipped.len() < MAX_DEPTH {
                    self.skipped.push(element);
                }
            }
            _ if skipping => {}
            Element::Br => {
                let is_rule = self.source.get(tag.start..).is_some_and(|rest| {
                    rest.get(..3).is_some_and(|t| t.eq_ignore_ascii_case("<hr"))
                });
                let second_break = self.last_break.is_some_and(|last| {
                    self.source
                        .get(last..tag.start)
                        .is_some_and(|between| between.trim().is_empty())
                });
                if is_rule || second_break {
                    self.flush();
                } else if let Some((_, builder)) = self.current.as_mut() {
                    builder.push_decoded(" ", tag.start..end);
                }
                self.last_break = Some(end);
            }
            Element::Img => {
                if let Some((_, builder)) = self.current.as_mut() {
                    builder.push_opaque(tag.start..end);
                }
            }
            Element::Title => {
                self.flush();
                self.title = (!self_closing).then(SegmentBuilder::new);
            }
            Element::Inline | Element::Html | Element::Meta => {}
            Element::Block
            | Element::Kind(_)
            | Element::Heading(_)
            | Element::Paragraph
            | Element::Cell { .. } => {
                self.flush();
                if !self_closing {
                    self.open_block(element);
                }
            }
        }
    }

    /// What a start tag says about e-mail structure: tables and their kind, hidden elements.
    fn structure(&mut self, tag: &OpenTag, self_closing: bool) {
        let element = tag.element;
        if let Some(hidden) = self.hidden.as_mut() {
            if hidden.element == element && !self_closing {
                hidden.depth += 1;
            }
        } else if !self_closing
            && !matches!(
                element,
                Element::Br | Element::Img | Element::Meta | Element::Title
            )
            && let Some(kind) = self.hidden_kind(tag)
        {
            self.flush();
            self.hidden = Some(Hidden {
                element,
                depth: 1,
                kind,
            });
        }
        let name = |name: &str| self.tag_is(tag.start + 1, name);
        if name("table") {
            let role = self.attribute_text(&tag.role);
            let presentation =
                role.eq_ignore_ascii_case("presentation") || role.eq_ignore_ascii_case("none");
            // Text before the table belongs to the cell around it, not to this table.
            self.flush();
            if let Some(outer) = self.tables.last_mut() {
                outer.laid_out = true;
            }
            self.tables.push(Table {
                first_segment: self.parsed.segments.len(),
                data: false,
                presentation,
                laid_out: tag.spacing,
                inner: Vec::new(),
            });
        } else if (name("th") || name("caption") || name("thead"))
            && let Some(table) = self.tables.last_mut()
        {
            table.data = true;
        }
    }

    /// The kind of a hidden element's prose, if `tag` opens one: a preheader when its class or
    /// id says so or no visible prose came before it, else a paragraph of its own.
    fn hidden_kind(&self, tag: &OpenTag) -> Option<SegmentKind> {
        let named = |range: &Option<Range<usize>>| {
            let value = self.attribute_text(range).to_ascii_lowercase();
            value.contains("preheader") || value.contains("preview")
        };
        let style: String = self
            .attribute_text(&tag.style)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        let hidden = style.contains("display:none")
            || style.contains("mso-hide:all")
            || style.contains("visibility:hidden");
        if named(&tag.class) || named(&tag.id) || (hidden && !self.seen_prose) {
            Some(SegmentKind::Preheader)
        } else if hidden {
            Some(SegmentKind::Paragraph)
        } else {
            None
        }
    }

    fn attribute_text(&self, range: &Option<Range<usize>>) -> &str {
        range
            .clone()
            .and_then(|range| self.source.get(range))
            .unwrap_or("")
            .trim()
    }

    /// Is the tag name at `at` (just after `<` or `</`) `name`, whole?
    fn tag_is(&self, at: usize, name: &str) -> bool {
        let bytes = self.source.as_bytes();
        bytes
            .get(at..at + name.len())
            .is_some_and(|found| found.eq_ignore_ascii_case(name.as_bytes()))
            && !bytes
                .get(at + name.len())
                .is_some_and(|next| next.is_ascii_alphanumeric() || *next == b'-')
    }

    /// A hidden element's end tag ends its segment; a table's end settles its cells' kind.
    fn end_structure(&mut self, element: Element, range: &Range<usize>) {
        if let Some(hidden) = self.hidden.as_mut()
            && hidden.element == element
        {
            hidden.depth -= 1;
            if hidden.depth == 0 {
                self.flush();
                self.hidden = None;
            }
        }
        if self.tag_is(range.start + 2, "table")
            && let Some(table) = self.tables.pop()
        {
            self.close_table(table);
        }
    }

    /// A layout table's own cells (not those of the tables it holds) are paragraphs.
    fn close_table(&mut self, table: Table) {
        self.flush();
        let own = table.first_segment..self.parsed.segments.len();
        if let Some(outer) = self.tables.last_mut() {
            outer.inner.push(own.clone());
        }
        if !table.is_layout() {
            return;
        }
        for index in own {
            let in_inner = table.inner.iter().any(|inner| inner.contains(&index));
            if let Some(segment) = self.parsed.segments.get_mut(index)
                && !in_inner
                && segment.kind == SegmentKind::TableCell
            {
                segment.kind = SegmentKind::Paragraph;
                segment.detail = Detail::None;
            }
        }
    }

    /// Prose and metadata in a start tag's attributes.
    fn tag_attributes(&mut self, tag: &OpenTag) {
        for (kind, range) in &tag.prose {
            self.attribute_segment(*kind, range.clone());
        }
        if let Some(lang) = tag.lang.clone()
            && tag.element == Element::Html
            && self.parsed.metadata.language.is_none()
        {
            let lang = self.source.get(lang).unwrap_or("").trim();
            self.parsed.metadata.language = (!lang.is_empty()).then(|| lang.to_owned());
        }
        if tag.element == Element::Meta
            && let (Some(name), Some(content)) = (tag.name.clone(), tag.content.clone())
            && self
                .source
                .get(name)
                .is_some_and(|name| name.trim().eq_ignore_ascii_case("description"))
        {
            self.attribute_segment(SegmentKind::Description, content);
        }
    }

    fn attribute_segment(&mut self, kind: SegmentKind, range: Range<usize>) {
        let mut builder = SegmentBuilder::new();
        push_text(&mut builder, self.source, range);
        self.parsed
            .segments
            .extend(Segment::from_builder(kind, builder));
    }

    /// Open a block element, closing what its start implies (`<li>` ends an open `<li>`).
    fn open_block(&mut self, element: Element) {
        let implied = |open: &Element| match element {
            Element::Kind(SegmentKind::ListItem) => *open == element,
            Element::Cell { .. } => matches!(open, Element::Cell { .. }),
            Element::Paragraph => *open == Element::Paragraph,
            _ => false,
        };
        if self.blocks.last().is_some_and(implied) {
            self.blocks.pop();
        }
        if self.blocks.len() < MAX_DEPTH {
            self.blocks.push(element);
        }
    }

    fn end_tag(&mut self, element: Element, range: Range<usize>) {
        if let Some(open) = self.skipped.iter().rposition(|e| *e == element) {
            self.skipped.truncate(open);
            if self.skipped.is_empty()
                && let Some(start) = self.inline_skip_start.take()
                && let Some((_, builder)) = self.current.as_mut()
            {
                builder.push_opaque(start..range.end);
            }
            return;
        }
        if !self.skipped.is_empty() {
            return;
        }
        self.end_structure(element, &range);
        match element {
            Element::Title => {
                if let Some(title) = self.title.take() {
                    self.parsed
                        .segments
                        .extend(Segment::from_builder(SegmentKind::Title, title));
                }
            }
            Element::Block
            | Element::Kind(_)
            | Element::Heading(_)
            | Element::Paragraph
            | Element::Cell { .. } => {
                self.flush();
                if let Some(open) = self.blocks.iter().rposition(|e| e.is_closed_by(element)) {
                    self.blocks.truncate(open);
                }
            }
            Element::Br => {
                // `</br>` is a line break too, as in browsers.
                if let Some((_, builder)) = self.current.as_mut() {
                    builder.push_decoded(" ", range);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, range: Range<usize>) {
        if !self.skipped.is_empty() {
            return;
        }
        if let Some(title) = self.title.as_mut() {
            push_text(title, self.source, range);
            return;
        }
        let is_blank = self
            .source
            .get(range.clone())
            .is_none_or(|text| text.trim().is_empty());
        if self.current.is_none() && is_blank {
            return;
        }
        let kind = self.kind();
        let (_, builder) = self
            .current
            .get_or_insert_with(|| (kind, SegmentBuilder::new()));
        push_text(builder, self.source, range);
    }

    /// The kind of prose at the current nesting, with its detail: the innermost element with
    /// a kind; a paragraph inside a list item or block quote takes theirs, one inside a table
    /// cell is a paragraph.
    fn kind(&self) -> (SegmentKind, Detail) {
        if let Some(hidden) = &self.hidden {
            return (hidden.kind, Detail::None);
        }
        let mut paragraph = false;
        for element in self.blocks.iter().rev() {
            match element {
                Element::Heading(level) => {
                    return (SegmentKind::Heading, Detail::HeadingLevel(*level));
                }
                Element::Kind(kind) => return (*kind, Detail::None),
                Element::Cell { .. } if paragraph => return (SegmentKind::Paragraph, Detail::None),
                Element::Cell { header: true } => {
                    return (SegmentKind::TableCell, Detail::HeaderCell);
                }
                Element::Cell { header: false } => {
                    return (SegmentKind::TableCell, Detail::BodyCell);
                }
                Element::Paragraph => paragraph = true,
                _ => {}
            }
        }
        (SegmentKind::Paragraph, Detail::None)
    }

    fn comment(&mut self, range: Range<usize>) {
        let Some(html) = self.source.get(range.clone()) else {
            return;
        };
        let inner = html
            .strip_prefix("<!--")
            .map(|rest| rest.strip_suffix("-->").unwrap_or(rest));
        if let Some(inner) = inner {
            self.parsed
                .directives
                .extend(suppress::parse_comment(inner, range));
        }
    }

    fn flush(&mut self) {
        if let Some(((kind, detail), builder)) = self.current.take()
            && let Some(segment) = Segment::from_builder(kind, builder)
        {
            let segment = segment.with_detail(detail);
            self.seen_prose |= self.hidden.is_none();
            self.parsed.segments.push(segment);
        }
    }

    fn finish(mut self) -> Parsed {
        self.flush();
        while let Some(table) = self.tables.pop() {
            self.close_table(table);
        }
        if let Some(title) = self.title.take() {
            self.parsed
                .segments
                .extend(Segment::from_builder(SegmentKind::Title, title));
        }
        // Attribute segments were added at their tags, text segments at their ends.
        self.parsed
            .segments
            .sort_by_key(|segment| segment.map.source_extent().start);
        self.parsed
    }
}

/// Push the text at `range` of `source` into `builder`: character references decoded, runs of
/// white space collapsed to one space, as a browser renders them.
///
/// Invisible characters ([`is_invisible`]: zero-width spaces and joiners, soft hyphens) are
/// dropped, raw or as references: e-mail preheaders pad the inbox preview with long runs of
/// `&zwnj;&nbsp;`, which no reader sees and no length limit may count, and a soft hyphen inside
/// a word must not split it. A run of no-break spaces is layout and collapses like spaces; a
/// single one (`10&nbsp;km`) stays.
pub(crate) fn push_text(builder: &mut SegmentBuilder, source: &str, range: Range<usize>) {
    let Some(text) = source.get(range.clone()) else {
        return;
    };
    let base = range.start;
    let mut verbatim_start = 0;
    let mut pos = 0;
    let bytes = text.as_bytes();
    while let Some(&byte) = bytes.get(pos) {
        // Only these bytes can start a reference or a gap: ASCII white space, `&`, and the
        // lead bytes of U+00A0/U+00AD, U+034F, U+200B–U+2060 and U+FEFF.
        if !matches!(
            byte,
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'&' | 0xC2 | 0xCD | 0xE2 | 0xEF
        ) {
            pos += 1;
            continue;
        }
        match piece_at(text, pos) {
            Piece::Gap(len, gap) => {
                let (run_end, run) = gap_run(text, pos, (len, gap));
                let replacement = match run {
                    _ if run_end - pos == 1 && byte == b' ' => None,
                    GapRun {
                        spaces: 1,
                        only: Some(Gap::NoBreakSpace),
                    } => Some("\u{A0}"),
                    GapRun { spaces: 0, .. } => Some(""),
                    GapRun { .. } => Some(" "),
                };
                if let Some(replacement) = replacement {
                    flush_verbatim(builder, text, base, verbatim_start, pos);
                    builder.push_decoded(replacement, base + pos..base + run_end);
                    verbatim_start = run_end;
                }
                pos = run_end;
            }
            Piece::Reference(len, decoded) => {
                flush_verbatim(builder, text, base, verbatim_start, pos);
                let source = base + pos..base + pos + len;
                match decoded {
                    Decoded::Str(s) => builder.push_decoded(s, source),
                    Decoded::Char(c) => builder.push_decoded(c.encode_utf8(&mut [0; 4]), source),
                    Decoded::String(s) => builder.push_decoded(&s, source),
                }
                pos += len;
                verbatim_start = pos;
            }
            Piece::Text => pos += 1,
        }
    }
    flush_verbatim(builder, text, base, verbatim_start, text.len());
}

fn flush_verbatim(builder: &mut SegmentBuilder, text: &str, base: usize, from: usize, to: usize) {
    builder.push_verbatim(text.get(from..to).unwrap_or(""), base + from);
}

/// A character that lays text out rather than being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gap {
    /// ASCII white space.
    Space,
    /// U+00A0, raw or `&nbsp;`/`&#160;`.
    NoBreakSpace,
    /// A character no reader sees ([`is_invisible`]).
    Invisible,
}

/// What a run of [`Gap`]s holds: how many spaces of either kind, and its one kind if it has
/// only one.
struct GapRun {
    spaces: usize,
    only: Option<Gap>,
}

/// What starts at a position of HTML text.
enum Piece {
    /// A [`Gap`] character, raw or as a reference, of this source length.
    Gap(usize, Gap),
    /// Any other character reference, of this source length.
    Reference(usize, Decoded),
    /// Anything else.
    Text,
}

fn piece_at(text: &str, pos: usize) -> Piece {
    let Some(c) = text.get(pos..).and_then(|rest| rest.chars().next()) else {
        return Piece::Text;
    };
    if c != '&' {
        return gap_of(c).map_or(Piece::Text, |gap| Piece::Gap(c.len_utf8(), gap));
    }
    let Some((len, decoded)) = reference(text, pos) else {
        return Piece::Text;
    };
    let single = match &decoded {
        Decoded::Str(s) => single_char(s),
        Decoded::Char(c) => Some(*c),
        Decoded::String(s) => single_char(s),
    };
    // A reference to white space is text the author meant (`&#32;`); no-break spaces and
    // invisible characters are gaps however they are written.
    match single.and_then(gap_of).filter(|gap| *gap != Gap::Space) {
        Some(gap) => Piece::Gap(len, gap),
        None => Piece::Reference(len, decoded),
    }
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    chars.next().filter(|_| chars.next().is_none())
}

fn gap_of(c: char) -> Option<Gap> {
    match c {
        ' ' | '\t' | '\n' | '\r' | '\x0c' => Some(Gap::Space),
        '\u{A0}' => Some(Gap::NoBreakSpace),
        c if is_invisible(c) => Some(Gap::Invisible),
        _ => None,
    }
}

/// The gap at `pos`, if one starts there.
fn gap_at(text: &str, pos: usize) -> Option<(usize, Gap)> {
    match piece_at(text, pos) {
        Piece::Gap(len, gap) => Some((len, gap)),
        Piece::Reference(..) | Piece::Text => None,
    }
}

/// The run of gaps starting at `pos` with `first`: where it ends and what it holds.
fn gap_run(text: &str, pos: usize, first: (usize, Gap)) -> (usize, GapRun) {
    let mut run = GapRun {
        spaces: 0,
        only: Some(first.1),
    };
    let mut end = pos;
    let mut next = Some(first);
    while let Some((len, gap)) = next {
        if gap != Gap::Invisible {
            run.spaces += 1;
        }
        if run.only != Some(gap) {
            run.only = None;
        }
        end += len;
        next = gap_at(text, end);
    }
    (end, run)
}

/// Characters with no glyph that e-mail and web copy use for layout: zero-width space,
/// non-joiner and word joiner, the combining grapheme joiner (`&#847;`), soft hyphen and byte
/// order mark. The zero-width joiner is kept: it builds emoji sequences.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{2060}' | '\u{034F}' | '\u{00AD}' | '\u{FEFF}'
    )
}

enum Decoded {
    Str(&'static str),
    Char(char),
    String(String),
}

/// The character reference at `pos` (which holds `&`): its source length and decoded text.
fn reference(text: &str, pos: usize) -> Option<(usize, Decoded)> {
    let rest = text.get(pos + 1..)?;
    if let Some(number) = rest.strip_prefix('#') {
        let (digits, radix, skip) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (number, 10, 1),
        };
        let len = digits.bytes().take_while(|b| b.is_ascii_hexdigit()).count();
        let len = if radix == 10 {
            digits.bytes().take_while(u8::is_ascii_digit).count()
        } else {
            len
        };
        if len == 0 {
            return None;
        }
        let value = u32::from_str_radix(digits.get(..len)?, radix).unwrap_or(u32::MAX);
        let semicolon = usize::from(digits.as_bytes().get(len) == Some(&b';'));
        let decoded = numeric_reference(value);
        return Some((1 + skip + len + semicolon, Decoded::Char(decoded)));
    }
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if name_len == 0 {
        return None;
    }
    let name = rest.get(..name_len)?;
    let has_semicolon = rest.as_bytes().get(name_len) == Some(&b';');
    if has_semicolon && let Some(common) = common_entity(name) {
        return Some((name_len + 2, Decoded::Str(common)));
    }
    // Rarer names: let html5gum's full table decode the reference, so that we agree with it.
    let len = name_len + 1 + usize::from(has_semicolon);
    let raw = text.get(pos..pos + len)?;
    let decoded = decode_with_tokenizer(raw)?;
    (decoded != raw).then_some((len, Decoded::String(decoded)))
}

/// A numeric reference's character, with the HTML standard's replacements for invalid values.
fn numeric_reference(value: u32) -> char {
    const WINDOWS_1252: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match value {
        0x80..=0x9F => WINDOWS_1252
            .get(usize::try_from(value - 0x80).unwrap_or(0))
            .copied()
            .unwrap_or('\u{FFFD}'),
        0 => '\u{FFFD}',
        _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
    }
}

/// The references that make up nearly all of real pages, without a tokenizer round trip.
fn common_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "shy" => "\u{ad}",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "bull" => "•",
        "middot" => "·",
        "euro" => "€",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        _ => return None,
    })
}

/// Decode one character reference with html5gum, which knows every named reference.
fn decode_with_tokenizer(raw: &str) -> Option<String> {
    let mut decoded = String::new();
    for token in Tokenizer::new(raw).flatten() {
        if let html5gum::Token::String(text) = token {
            decoded.push_str(&String::from_utf8_lossy(&text.value));
        }
    }
    (!decoded.is_empty()).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<(SegmentKind, String)> {
        parse(source, &KeyScopes::default())
            .segments
            .into_iter()
            .map(|s| (s.kind, s.text))
            .collect()
    }

    #[test]
    fn a_preheader_is_its_own_segment_even_inside_a_cell() {
        use SegmentKind::*;
        let found = texts(
            "<table role=\"presentation\"><tr><td><span style=\"display: none !important\">\
             Your plan is ready</span>Hi Ada, your trip is booked.</td></tr></table>",
        );
        assert_eq!(
            found,
            [
                (Preheader, "Your plan is ready".to_owned()),
                (Paragraph, "Hi Ada, your trip is booked.".to_owned())
            ]
        );
        // Hidden text after visible prose is not the preview, but still not glued to it; a
        // class that says preheader is one wherever it is.
        let found = texts(
            "<p>Visible.</p><div style=\"DISPLAY:none\">Only on phones<b>!</b></div><p>After</p>\
             <div class=\"mcnPreviewText\" style=\"\">Preview</div>",
        );
        assert_eq!(
            found,
            [
                (Paragraph, "Visible.".to_owned()),
                (Paragraph, "Only on phones!".to_owned()),
                (Paragraph, "After".to_owned()),
                (Preheader, "Preview".to_owned()),
            ]
        );
    }

    #[test]
    fn layout_table_cells_are_paragraphs_data_table_cells_stay_cells() {
        use SegmentKind::*;
        let data = texts(
            "<table><thead><tr><th>Plan</th><th>Price</th></tr></thead>\
             <tr><td>Free</td><td>0 €</td></tr></table>",
        );
        let kinds: Vec<SegmentKind> = data.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(kinds, [TableCell; 4]);
        // A table holding a table is layout; the inner one is data unless it says otherwise;
        // role="presentation" is layout whatever the cells.
        let nested = texts(
            "<table><tr><td>Outer<table><tr><td>Inner one</td>\
             <td>Inner two</td></tr></table></td></tr></table>\
             <table role=none><tr><th>Label</th></tr></table>",
        );
        assert_eq!(
            nested,
            [
                (Paragraph, "Outer".to_owned()),
                (TableCell, "Inner one".to_owned()),
                (TableCell, "Inner two".to_owned()),
                (Paragraph, "Label".to_owned()),
            ]
        );
        // E-mail layout attributes; a header cell makes a data table even so.
        let spaced = texts(
            "<table cellpadding=0 cellspacing=0><tr><td>Laid out</td></tr></table>\
             <table cellpadding=4><tr><th>Plan</th></tr></table>",
        );
        assert_eq!(
            spaced,
            [
                (Paragraph, "Laid out".to_owned()),
                (TableCell, "Plan".to_owned())
            ]
        );
        // Unclosed tables are settled at the end.
        assert_eq!(
            texts("<table cellspacing=0><tr><td>Open cell"),
            [(Paragraph, "Open cell".to_owned())]
        );
    }

    #[test]
    fn blocks_split_inline_elements_do_not() {
        use SegmentKind::*;
        let found = texts(
            "<html lang=de><head><title>The &amp; title</title><style>p{}</style></head>\
             <body><h1>Head <em>line</em></h1><p>One<br>two <code>x()</code> three</p>\
             <ul><li>first<li>second</ul><table><tr><th>cell<td><p>para</p></table>\
             <blockquote><p>quote</p></blockquote><img alt=\"An image\"><script>no()</script></body>",
        );
        let expected = [
            (Title, "The & title"),
            (Heading, "Head line"),
            (Paragraph, "One two \u{FFFC} three"),
            (ListItem, "first"),
            (ListItem, "second"),
            (TableCell, "cell"),
            (Paragraph, "para"),
            (BlockQuote, "quote"),
            (AltText, "An image"),
        ];
        let expected: Vec<(SegmentKind, String)> =
            expected.iter().map(|(k, t)| (*k, t.to_string())).collect();
        assert_eq!(found, expected);
        assert_eq!(
            parse("<html lang=de>", &KeyScopes::default())
                .metadata
                .language
                .as_deref(),
            Some("de")
        );
    }

    #[test]
    fn break_runs_and_rules_end_paragraphs_a_single_break_does_not() {
        use SegmentKind::*;
        let found = texts(
            "<td>Grüße aus Köln 🚀<br>zweite Zeile.<br>\n <BR/>中文 neuer Absatz.<hr>Danach</td>",
        );
        assert_eq!(
            found,
            [
                (TableCell, "Grüße aus Köln 🚀 zweite Zeile.".to_owned()),
                (TableCell, "中文 neuer Absatz.".to_owned()),
                (TableCell, "Danach".to_owned()),
            ]
        );
    }

    #[test]
    fn references_decode_onto_their_source_bytes() {
        let source = "<p>Caf&eacute; &#8211; na&iuml;ve &#x1F44B;&copy2020 &bogus;</p>";
        let parsed = parse(source, &KeyScopes::default());
        let segment = &parsed.segments[0];
        assert_eq!(segment.text, "Café – naïve 👋©2020 &bogus;");
        let e = segment.text.find('é').unwrap();
        assert_eq!(&source[segment.map.to_source(e..e + 2)], "&eacute;");
        let bogus = segment.text.find("&bogus").unwrap();
        assert_eq!(&source[segment.map.to_source(bogus..bogus + 7)], "&bogus;");
    }

    #[test]
    fn comments_hold_directives_and_mso_conditionals_are_not_prose() {
        let source = "<!-- onbrand-disable brand.hype --><p>Text</p><!--[if mso]><p>MSO only</p><![endif]-->";
        let parsed = parse(source, &KeyScopes::default());
        assert_eq!(parsed.directives.len(), 1);
        assert_eq!(parsed.segments.len(), 1);
        assert_eq!(parsed.segments[0].text, "Text");
    }

    #[test]
    fn a_tag_with_thousands_of_attributes_is_read_up_to_the_limit() {
        // 300 such attributes overflowed the tokenizer's stack in a debug build.
        let attributes: Vec<String> = (0..3_000).map(|i| format!("data-{i}=\"x\"")).collect();
        let source = format!(
            "<img alt=\"Grüße 👋\" {} title=\"Never read\"><p>An e-mail.</p>",
            attributes.join(" ")
        );
        let parsed = parse(&source, &KeyScopes::default());
        let texts: Vec<&str> = parsed.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Grüße 👋", "An e-mail."]);
        let notes: Vec<&str> = parsed.notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            notes,
            ["this tag has more than 100 attributes: the rest of it is not read"]
        );
    }

    #[test]
    fn meta_description_and_title_attributes() {
        let found = texts(
            "<meta name=\"description\" content=\"About us\"><a title=\"More info\" href=\"x\">link</a>",
        );
        assert_eq!(
            found,
            [
                (SegmentKind::Description, "About us".to_string()),
                (SegmentKind::Title, "More info".to_string()),
                (SegmentKind::Paragraph, "link".to_string()),
            ]
        );
    }

    #[test]
    fn preheader_filler_and_invisible_characters_are_not_text() {
        use SegmentKind::*;
        let filler = "&zwnj;&nbsp;&#847; ".repeat(40);
        let source = format!(
            "<div style=\"display:none\">Sommer-Sale 🚀 startet{filler}\u{200C}\u{A0}</div>\
             <p>Donau&shy;dampf\u{AD}schiff, 10&nbsp;km, 中文&#8203;字.</p>"
        );
        let parsed = parse(&source, &KeyScopes::default());
        let found = crate::document::kinded_texts(&parsed);
        assert_eq!(
            found,
            [
                (Preheader, "Sommer-Sale 🚀 startet"),
                (Paragraph, "Donaudampfschiff, 10\u{A0}km, 中文字."),
            ]
        );
        let paragraph = &parsed.segments[1];
        let km = paragraph.text.find("km").unwrap();
        assert_eq!(&source[paragraph.map.to_source(km..km + 2)], "km");
        let zi = paragraph.text.find('字').unwrap();
        assert_eq!(&source[paragraph.map.to_source(zi..zi + 3)], "字");
    }

    #[test]
    fn configured_attributes_are_copy_and_defaults_can_be_turned_off() {
        let scopes = KeyScopes::new(vec![
            ("placeholder".to_owned(), Some(SegmentKind::Paragraph)),
            ("title".to_owned(), None),
        ]);
        let source = "<input PLACEHOLDER=\"Deine E-Mail 📧\"><a title=\"Mehr\" aria-label=\"Schließen\">x</a>";
        let found: Vec<(SegmentKind, String)> = parse(source, &scopes)
            .segments
            .into_iter()
            .map(|s| (s.kind, s.text))
            .collect();
        assert_eq!(
            found,
            [
                (SegmentKind::Paragraph, "Deine E-Mail 📧".to_owned()),
                (SegmentKind::AltText, "Schließen".to_owned()),
                (SegmentKind::Paragraph, "x".to_owned()),
            ]
        );
    }

    #[test]
    fn headings_know_their_level_and_cells_their_row() {
        let source = "<h1>Grüße</h1><h3>中文 🚀</h3><h2>Zwei</h4><table><thead><tr><th>Kopf</th><td>Daten</td></tr></thead><tr><th scope=row>Zeile</th><td><p>In einem Absatz</p></td><td>Körper</td></tr></table><p>Danach</p>";
        let parsed = parse(source, &KeyScopes::default());
        use Detail::*;
        assert_eq!(
            crate::document::detailed_texts(&parsed),
            [
                (HeadingLevel(1), "Grüße"),
                (HeadingLevel(3), "中文 🚀"),
                (HeadingLevel(2), "Zwei"),
                (HeaderCell, "Kopf"),
                (BodyCell, "Daten"),
                (HeaderCell, "Zeile"),
                (BodyCell, "Körper"),
            ]
        );
        assert_eq!(
            crate::document::source_start(&parsed, "Körper"),
            source.find("Körper")
        );
        // `</h4>` closed the `<h2>`: what follows is no heading.
        assert_eq!(parsed.segments.last().map(|s| s.detail), Some(None));
        // A layout table's cells are paragraphs, without a cell's detail.
        let layout = parse(
            "<table role=presentation><tr><td>Hallo</td></tr></table>",
            &KeyScopes::default(),
        );
        assert_eq!(
            layout
                .segments
                .iter()
                .map(|s| (s.kind, s.detail))
                .collect::<Vec<_>>(),
            [(SegmentKind::Paragraph, None)]
        );
    }
}
