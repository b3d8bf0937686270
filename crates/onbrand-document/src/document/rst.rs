//! reStructuredText (`.rst`, `.rest`): section titles are headings, paragraphs, list items,
//! table cells and the bodies of admonitions (`.. note::`) are prose. Literal blocks (after
//! `::`), code and other non-prose directives, comments, targets, field lists, doctest blocks
//! and inline literals (``` ``x`` ```, `` `x` ``, roles, `|substitutions|`) are not.
//!
//! No maintained Rust crate parses reStructuredText with source positions (the `rst_parser`
//! crate has had no release since 2020), so this is a bounded line parser (`super::lines`):
//! one pass over the lines, linear in the input. An unknown directive is not prose, so that a
//! Sphinx extension's content is never linted as text by mistake.
//!
//! Comments hold suppression directives: `.. vale off`, `.. onbrand-disable brand.hype`.

use super::lines::{self, Block, Inline, Line};
use super::suppress;
use super::{Detail, Parsed, SegmentKind};

const INLINE: Inline = Inline {
    emphasis: &[("**", "**"), ("*", "*")],
    code: &[("``", "``"), ("`", "`"), ("|", "|")],
    roles: true,
};

/// Directives whose body is prose (docutils' admonitions and body elements, Sphinx's
/// paragraph-level markup).
const PROSE_DIRECTIVES: &[&str] = &[
    "admonition",
    "attention",
    "caution",
    "centered",
    "compound",
    "container",
    "danger",
    "deprecated",
    "epigraph",
    "error",
    "glossary",
    "highlights",
    "hint",
    "hlist",
    "important",
    "note",
    "only",
    "pull-quote",
    "rubric",
    "seealso",
    "sidebar",
    "table",
    "tip",
    "topic",
    "versionadded",
    "versionchanged",
    "warning",
];

/// Characters docutils accepts for section adornments.
const ADORNMENTS: &str = "=-`:'\"~^_*+#<>.";

/// Read a reStructuredText document (placeholders already masked).
pub fn parse(source: &str) -> Parsed {
    let lines = lines::lines(source);
    let mut parsed = Parsed::default();
    let mut block = Block::default();
    // Lines indented deeper than this belong to something that is not prose (a literal block,
    // a code directive, a comment).
    let mut skip_deeper_than: Option<usize> = None;
    // A doctest block runs to the next blank line.
    let mut until_blank = false;
    // The simple table being read: where it ends, and where its header rows end.
    let mut simple: Option<SimpleTable> = None;
    // In a grid table: the line of its header separator (`+===+`), if it has one.
    let mut grid_header: Option<Option<usize>> = None;
    let mut sections = Sections::default();
    let mut index = 0;
    while let Some(&line) = lines.get(index) {
        index += 1;
        let (content, start) = line.content();
        if let Some(table) = simple {
            if index > table.end {
                simple = None;
            } else {
                if !line.is_blank() && !is_simple_table_border(content) {
                    let detail = table.detail(index - 1);
                    block.row(
                        &mut parsed,
                        &INLINE,
                        simple_table_cells(content, start),
                        detail,
                    );
                }
                continue;
            }
        }
        if !(content.starts_with('+') || content.starts_with('|')) {
            grid_header = None;
        }
        if line.is_blank() {
            block.flush(&mut parsed);
            until_blank = false;
            continue;
        }
        let indent = line.indent();
        if let Some(limit) = skip_deeper_than {
            if indent > limit {
                continue;
            }
            skip_deeper_than = None;
        }
        if until_blank {
            continue;
        }
        if is_simple_table_border(content) {
            block.flush(&mut parsed);
            simple = Some(SimpleTable::at(&lines, index - 1));
            continue;
        }
        if content.starts_with(">>>") {
            block.flush(&mut parsed);
            until_blank = true;
            continue;
        }
        if let Some(title) = title(&lines, index - 1, &block) {
            block.flush(&mut parsed);
            let (text, at) = title.line.content();
            let before = parsed.segments.len();
            block.single(
                &mut parsed,
                (SegmentKind::Heading, Detail::None),
                &INLINE,
                text,
                at,
            );
            if parsed.segments.len() > before {
                sections.add(before, title.style);
            }
            index = title.next;
            continue;
        }
        if content.starts_with('+') {
            // A grid table's border: its first one finds the header separator.
            block.flush(&mut parsed);
            grid_header.get_or_insert_with(|| grid_header_line(&lines[index - 1..], index - 1));
            continue;
        }
        if lines::is_rule_line(content, 4).is_some() {
            // A transition.
            block.flush(&mut parsed);
            continue;
        }
        if let Some(rest) = content.strip_prefix("..")
            && (rest.is_empty() || rest.starts_with(' '))
        {
            block.flush(&mut parsed);
            let prose = explicit_markup(content, start, &mut parsed);
            match prose {
                Some((text, at)) => {
                    block.push(&mut parsed, SegmentKind::Paragraph, &INLINE, text, at)
                }
                None => skip_deeper_than = Some(indent),
            }
            continue;
        }
        if is_field(content) {
            block.flush(&mut parsed);
            skip_deeper_than = Some(indent);
            continue;
        }
        if content.starts_with('|') && content.ends_with('|') && content.len() > 1 {
            // rst2html writes the rows above a grid table's `+===+` as header cells.
            let detail = match grid_header {
                Some(Some(separator)) if index - 1 < separator => Detail::HeaderCell,
                Some(_) => Detail::BodyCell,
                None => Detail::None,
            };
            block.row(&mut parsed, &INLINE, lines::cells(content, start), detail);
            continue;
        }
        let (kind, text, at) = match list_item(content) {
            Some(marker) => {
                block.flush(&mut parsed);
                (SegmentKind::ListItem, &content[marker..], start + marker)
            }
            None if block.is_open() => (block_kind(&block), content, start),
            None => match content.strip_prefix("| ") {
                Some(rest) => (SegmentKind::Paragraph, rest, start + 2),
                None => (SegmentKind::Paragraph, content, start),
            },
        };
        match text.strip_suffix("::") {
            Some(before) => {
                // `Example::` reads "Example:", a lone `::` nothing; what follows is literal.
                let before = if before.ends_with(char::is_whitespace) || before.is_empty() {
                    before.trim_end()
                } else {
                    &text[..text.len() - 1]
                };
                if !before.is_empty() {
                    block.push(&mut parsed, kind, &INLINE, before, at);
                }
                block.flush(&mut parsed);
                skip_deeper_than = Some(indent);
            }
            None => block.push(&mut parsed, kind, &INLINE, text, at),
        }
    }
    block.flush(&mut parsed);
    sections.set_levels(&mut parsed);
    parsed
}

/// The section titles of a document, for their heading levels as rst2html (docutils' HTML
/// writer, which Vale runs) gives them: a section's level is the rank of its adornment style
/// (underline character, and whether it is overlined too) in the order the styles first
/// appear. A document whose only top-level section starts it (nothing but comments and
/// targets before) has that title promoted to the document title (`<h1 class="title">`), and
/// when that section holds nothing but one subsection, its title becomes the subtitle
/// (`<h2 class="subtitle">`); the other sections move up by as many levels and are written
/// `<h1>` for the top level, `<h2>` below and so on.
#[derive(Default)]
struct Sections {
    /// Adornment styles in the order of their first use.
    styles: Vec<(char, bool)>,
    /// Each title's segment index and section level (1 = top).
    titles: Vec<(usize, usize)>,
}

impl Sections {
    fn add(&mut self, segment: usize, style: (char, bool)) {
        let rank = match self.styles.iter().position(|s| *s == style) {
            Some(rank) => rank,
            None => {
                self.styles.push(style);
                self.styles.len() - 1
            }
        };
        self.titles.push((segment, rank + 1));
    }

    fn set_levels(&self, parsed: &mut Parsed) {
        let top = self.titles.iter().filter(|(_, level)| *level == 1).count();
        let title = self
            .titles
            .first()
            .filter(|(index, level)| *index == 0 && *level == 1);
        let promoted = title.is_some() && top == 1;
        let subtitle = promoted
            && self
                .titles
                .get(1)
                .is_some_and(|(index, level)| *index == 1 && *level == 2)
            && self.titles.iter().filter(|(_, level)| *level == 2).count() == 1;
        let shift = usize::from(promoted) + usize::from(subtitle);
        for (position, &(index, level)) in self.titles.iter().enumerate() {
            let html = match position {
                0 if promoted => 1,
                1 if subtitle => 2,
                _ => level.saturating_sub(shift).max(1),
            };
            if let Some(segment) = parsed.segments.get_mut(index) {
                segment.detail = Detail::HeadingLevel(u8::try_from(html).unwrap_or(u8::MAX));
            }
        }
    }
}

/// The kind of the block in progress (list items continue on indented lines).
fn block_kind(block: &Block) -> SegmentKind {
    block.kind().unwrap_or(SegmentKind::Paragraph)
}

/// A section title found at line `index`: the title line, and the line after its underline.
struct Title<'a> {
    line: Line<'a>,
    next: usize,
    /// The adornment character, and whether the title is overlined too.
    style: (char, bool),
}

/// A title underlined (`Title` / `=====`) or over- and underlined with the same character.
fn title<'a>(lines: &[Line<'a>], index: usize, block: &Block) -> Option<Title<'a>> {
    if block.is_open() {
        return None;
    }
    let adornment =
        |line: &Line<'_>| lines::is_rule_line(line.text, 2).filter(|c| ADORNMENTS.contains(*c));
    let line = lines.get(index)?;
    if let Some(over) = adornment(line) {
        let text = lines.get(index + 1)?;
        let under = lines.get(index + 2)?;
        return (!text.is_blank() && adornment(text).is_none() && adornment(under) == Some(over))
            .then_some(Title {
                line: *text,
                next: index + 3,
                style: (over, true),
            });
    }
    let under = lines.get(index + 1)?;
    let long_enough =
        under.text.trim_end().chars().count() >= line.text.trim().chars().count().min(4);
    let style = adornment(under)?;
    (line.indent() == 0 && under.indent() == 0 && long_enough).then_some(Title {
        line: *line,
        next: index + 2,
        style: (style, false),
    })
}

/// Explicit markup (`content` starts with `..`, at source offset `start`): a prose
/// directive's argument or a footnote's text (prose, returned with its offset), or something
/// that is not prose (a comment, read for suppression directives; a target; another
/// directive).
fn explicit_markup<'a>(
    content: &'a str,
    start: usize,
    parsed: &mut Parsed,
) -> Option<(&'a str, usize)> {
    let rest = content.get(2..).unwrap_or_default().trim();
    let offset_of = |part: &str| start + (part.as_ptr() as usize - content.as_ptr() as usize);
    if let Some((name, argument)) = rest.split_once("::")
        && !name.contains(char::is_whitespace)
        && !name.is_empty()
        && !name.starts_with('_')
        && !name.starts_with('|')
    {
        let argument = argument.trim();
        return (PROSE_DIRECTIVES.contains(&name.to_ascii_lowercase().as_str())
            && !argument.is_empty())
        .then(|| (argument, offset_of(argument)));
    }
    if let Some(label_end) = rest.strip_prefix('[').and_then(|r| r.find(']')) {
        // A footnote or citation: its text is prose.
        let text = rest[label_end + 2..].trim();
        return (!text.is_empty()).then(|| (text, offset_of(text)));
    }
    parsed
        .directives
        .extend(suppress::parse_comment(rest, start..start + content.len()));
    None
}

/// A field list entry or directive option: `:name: value`.
fn is_field(content: &str) -> bool {
    content
        .strip_prefix(':')
        .and_then(|rest| rest.find(": ").or_else(|| rest.ends_with(':').then_some(0)))
        .is_some_and(|end| end > 0 || content.len() > 2)
        && !content.starts_with("::")
}

/// The length of a list item's marker and the space after it: `- `, `* `, `+ `, `• `, `1. `,
/// `#. `, `a) `, `(ii) `.
fn list_item(content: &str) -> Option<usize> {
    for bullet in ["- ", "* ", "+ ", "• "] {
        if content.starts_with(bullet) {
            return Some(bullet.len());
        }
    }
    let (enumerator, rest) = content.split_once(' ')?;
    let body = enumerator
        .strip_prefix('(')
        .and_then(|e| e.strip_suffix(')'))
        .or_else(|| enumerator.strip_suffix('.'))
        .or_else(|| enumerator.strip_suffix(')'))?;
    let is_enumerator = body == "#"
        || (!body.is_empty() && body.len() <= 4 && body.chars().all(|c| c.is_ascii_digit()))
        || (body.len() == 1 && body.chars().all(|c| c.is_ascii_alphabetic()))
        || (!body.is_empty() && body.chars().all(|c| "ivxlcdm".contains(c)));
    (is_enumerator && !rest.trim().is_empty()).then_some(enumerator.len() + 1)
}

/// A simple table's border: `=====  ======` (columns of `=` separated by spaces).
fn is_simple_table_border(content: &str) -> bool {
    content.contains("= ")
        && content
            .split_whitespace()
            .all(|part| part.chars().all(|c| c == '='))
}

/// How many lines past its first blank line a simple table's bottom border is looked for: blank
/// lines may stand between body rows, but a table without a bottom border must not make every
/// border after it search to the end of the document (quadratic time).
const MAX_TABLE_LOOKAHEAD: usize = 256;

/// A simple table (`=====  =====` borders): the line after its bottom border, and the line of
/// the border under its header rows, when it has one. Its bottom border is the first border
/// followed by a blank line or the end of the document (blank lines may stand between body
/// rows); with none within reach, it ends at the first blank line.
#[derive(Clone, Copy, Debug)]
struct SimpleTable {
    end: usize,
    header_end: Option<usize>,
}

impl SimpleTable {
    /// The table whose top border is `lines[top]`.
    fn at(lines: &[Line<'_>], top: usize) -> SimpleTable {
        let is_border = |at: usize| {
            lines
                .get(at)
                .is_some_and(|line| is_simple_table_border(line.content().0))
        };
        let is_end = |at: usize| lines.get(at).is_none_or(Line::is_blank);
        let mut borders = Vec::new();
        let mut first_blank = None;
        let mut at = top + 1;
        while at < lines.len() && first_blank.is_none_or(|blank| at <= blank + MAX_TABLE_LOOKAHEAD)
        {
            if is_border(at) {
                borders.push(at);
                if is_end(at + 1) {
                    let header_end = (borders.len() >= 2).then(|| borders[0]);
                    return SimpleTable {
                        end: at + 1,
                        header_end,
                    };
                }
            } else if is_end(at) && first_blank.is_none() {
                first_blank = Some(at);
            }
            at += 1;
        }
        SimpleTable {
            end: first_blank.unwrap_or(lines.len()),
            header_end: None,
        }
    }

    /// The detail of the cells of row `line`: rst2html writes header rows as `<th>`.
    fn detail(&self, line: usize) -> Detail {
        match self.header_end {
            Some(end) if line < end => Detail::HeaderCell,
            _ => Detail::BodyCell,
        }
    }
}

/// The line of a grid table's header separator (`+===+`), for the table whose first border is
/// `lines[0]` (at line `first`): searched over the table's lines only.
fn grid_header_line(lines: &[Line<'_>], first: usize) -> Option<usize> {
    lines
        .iter()
        .map(|line| line.content().0)
        .take_while(|content| content.starts_with('+') || content.starts_with('|'))
        .position(|content| content.starts_with("+="))
        .map(|at| first + at)
}

/// A simple table row's cells: columns separated by two spaces or more.
fn simple_table_cells(content: &str, start: usize) -> Vec<(&str, usize)> {
    let mut cells = Vec::new();
    let mut cell_start: Option<usize> = None;
    let mut spaces = 0;
    for (at, c) in content.char_indices() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        if let Some(from) = cell_start
            && spaces >= 2
        {
            cells.push((content[from..at].trim_end(), start + from));
            cell_start = None;
        }
        if cell_start.is_none() {
            cell_start = Some(at);
        }
        spaces = 0;
    }
    if let Some(from) = cell_start {
        cells.push((content[from..].trim_end(), start + from));
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(source: &str) -> Vec<(SegmentKind, String)> {
        parse(source)
            .segments
            .iter()
            .map(|s| (s.kind, s.text.clone()))
            .collect()
    }

    #[test]
    fn titles_paragraphs_lists_and_what_is_not_prose() {
        let source = "=======\nGrüße\n=======\n\nIntro ``code`` and :ref:`target` 中文\nsecond line::\n\n   literal\n   block\n\nBack to prose.\n\n.. code-block:: python\n\n   x = 1\n\n.. note:: Mind the gap.\n\n   Body 🚀.\n\n.. a comment\n   on two lines\n\n- Item one\n  continued\n#. Item two\n\nSub\n---\n\n:field: value\n\n>>> 1 + 1\n2\n";
        use SegmentKind::*;
        assert_eq!(
            segments(source),
            [
                (Heading, "Grüße".to_owned()),
                (
                    Paragraph,
                    format!("Intro {0} and {0} 中文 second line:", crate::prose::OPAQUE)
                ),
                (Paragraph, "Back to prose.".to_owned()),
                (Paragraph, "Mind the gap.".to_owned()),
                (Paragraph, "Body 🚀.".to_owned()),
                (ListItem, "Item one continued".to_owned()),
                (ListItem, "Item two".to_owned()),
                (Heading, "Sub".to_owned()),
            ]
        );
    }

    #[test]
    fn tables_and_positions() {
        let source = "+-----+-----+\n| Grüße | b |\n+=====+=====+\n| c | d 🚀 |\n+-----+-----+\n\n=====  =====\nHead   Two\n=====  =====\nx      y 中文\n\nz      w\n=====  =====\n\nAfter the table.\n\n=====  =====\nno     head\n=====  =====\n";
        let parsed = parse(source);
        use Detail::*;
        assert_eq!(
            crate::document::detailed_texts(&parsed),
            [
                (HeaderCell, "Grüße"),
                (HeaderCell, "b"),
                (BodyCell, "c"),
                (BodyCell, "d 🚀"),
                (HeaderCell, "Head"),
                (HeaderCell, "Two"),
                (BodyCell, "x"),
                (BodyCell, "y 中文"),
                (BodyCell, "z"),
                (BodyCell, "w"),
                (BodyCell, "no"),
                (BodyCell, "head"),
            ]
        );
        assert!(
            parsed
                .segments
                .iter()
                .any(|s| s.kind == SegmentKind::Paragraph && s.text == "After the table.")
        );
        assert_eq!(
            crate::document::source_start(&parsed, "中文"),
            source.find("中文")
        );
    }

    #[test]
    fn comments_hold_suppression_directives() {
        let parsed = parse("A.\n\n.. vale off\n\nB.\n\n.. vale on\n");
        assert_eq!(parsed.directives.len(), 2);
        assert_eq!(
            parsed.directives[0].action,
            suppress::DirectiveAction::Disable
        );
    }

    /// rst2html's levels: a lone top-level title that starts the document is the document
    /// title (`<h1>`), a lone subsection right under it the subtitle (`<h2>`), and the other
    /// sections move up by as many levels; without promotion, levels follow the adornment
    /// styles in the order they first appear.
    #[test]
    fn headings_get_the_levels_rst2html_gives_them() {
        let levels = |source: &str| -> Vec<(Detail, String)> {
            parse(source)
                .segments
                .iter()
                .filter(|s| s.kind == SegmentKind::Heading)
                .map(|s| (s.detail, s.text.clone()))
                .collect()
        };
        let h = |level: u8, text: &str| (Detail::HeadingLevel(level), text.to_owned());
        // Title, then two sections: the title is promoted, the sections are `<h1>`.
        assert_eq!(
            levels("Grüße\n=====\n\nText.\n\nEins 中文\n-------\n\nZwei\n----\n\nDrei\n~~~~\n"),
            [h(1, "Grüße"), h(1, "Eins 中文"), h(1, "Zwei"), h(2, "Drei")]
        );
        // Title and a lone subtitle, then deeper sections.
        assert_eq!(
            levels(
                ".. vale off\n\n=====\nTitel\n=====\n\nUnter\n-----\n\nText.\n\nTief 🚀\n~~~~~~\n"
            ),
            [h(1, "Titel"), h(2, "Unter"), h(1, "Tief 🚀")]
        );
        // Prose before the first title, or two top-level titles: no promotion.
        assert_eq!(
            levels("Intro.\n\nAa\n==\n\nBb\n--\n"),
            [h(1, "Aa"), h(2, "Bb")]
        );
        assert_eq!(
            levels("Aa\n==\n\nBb\n--\n\nCc\n==\n"),
            [h(1, "Aa"), h(2, "Bb"), h(1, "Cc")]
        );
        let source = "Grüße\n=====\n\nEins 中文\n-------\n";
        let parsed = parse(source);
        assert_eq!(
            crate::document::source_start(&parsed, "中文"),
            source.find("中文")
        );
    }
}
