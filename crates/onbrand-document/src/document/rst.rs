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
use super::{Parsed, SegmentKind};

const INLINE: Inline = Inline {
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
    // A doctest block or a simple table runs to the next blank line.
    let mut until_blank: Option<SegmentKind> = None;
    let mut index = 0;
    while let Some(&line) = lines.get(index) {
        index += 1;
        let (content, start) = line.content();
        if line.is_blank() {
            block.flush(&mut parsed);
            if until_blank.is_some_and(|kind| kind != SegmentKind::TableCell)
                || is_simple_table_border(content)
            {
                until_blank = None;
            }
            continue;
        }
        let indent = line.indent();
        if let Some(limit) = skip_deeper_than {
            if indent > limit {
                continue;
            }
            skip_deeper_than = None;
        }
        match until_blank {
            Some(SegmentKind::TableCell) if !is_simple_table_border(content) => {
                for (cell, at) in simple_table_cells(content, start) {
                    block.single(&mut parsed, SegmentKind::TableCell, &INLINE, cell, at);
                }
                continue;
            }
            Some(SegmentKind::TableCell) => continue,
            Some(_) => continue,
            None => {}
        }
        if is_simple_table_border(content) {
            block.flush(&mut parsed);
            until_blank = Some(SegmentKind::TableCell);
            continue;
        }
        if content.starts_with(">>>") {
            block.flush(&mut parsed);
            until_blank = Some(SegmentKind::Paragraph);
            continue;
        }
        if let Some(title) = title(&lines, index - 1, &block) {
            block.flush(&mut parsed);
            let (text, at) = title.line.content();
            block.single(&mut parsed, SegmentKind::Heading, &INLINE, text, at);
            index = title.next;
            continue;
        }
        if lines::is_rule_line(content, 4).is_some() || content.starts_with('+') {
            // A transition or a grid table's border.
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
            for (cell, at) in lines::cells(content, start) {
                block.single(&mut parsed, SegmentKind::TableCell, &INLINE, cell, at);
            }
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
    parsed
}

/// The kind of the block in progress (list items continue on indented lines).
fn block_kind(block: &Block) -> SegmentKind {
    block.kind().unwrap_or(SegmentKind::Paragraph)
}

/// A section title found at line `index`: the title line, and the line after its underline.
struct Title<'a> {
    line: Line<'a>,
    next: usize,
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
            });
    }
    let under = lines.get(index + 1)?;
    let long_enough =
        under.text.trim_end().chars().count() >= line.text.trim().chars().count().min(4);
    (line.indent() == 0 && under.indent() == 0 && adornment(under).is_some() && long_enough)
        .then_some(Title {
            line: *line,
            next: index + 2,
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
        let source = "+-----+-----+\n| Grüße | b |\n+=====+=====+\n\n=====  =====\nHead   Two\n=====  =====\nx      y 中文\n=====  =====\n";
        let parsed = parse(source);
        let texts: Vec<&str> = parsed.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Grüße", "b", "Head", "Two", "x", "y 中文"]);
        let last = parsed.segments.last().unwrap();
        let at = last.text.find("中文").unwrap();
        assert_eq!(&source[last.map.to_source(at..at + "中文".len())], "中文");
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
}
