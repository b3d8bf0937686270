//! AsciiDoc (`.adoc`, `.asciidoc`): the document title and section titles are
//! headings; paragraphs, list items, admonition paragraphs, block titles, table cells and the
//! contents of example, sidebar, open and quote blocks are prose. Listing, literal, passthrough
//! and comment blocks, blocks marked `[source]`, `[listing]`, `[literal]` or `[stem]`,
//! literal (indented) paragraphs, attribute entries, block macros (`image::`, `include::`),
//! comments and inline monospace, passthroughs and attribute references are not.
//!
//! The Rust AsciiDoc crates are young or unmaintained and do not give source positions for
//! prose, so this is a bounded line parser (`super::lines`): one pass, linear in the input.
//!
//! Line comments hold suppression directives: `// vale off`, `// onbrand-disable brand.hype`.

use super::lines::{self, Block, Inline};
use super::suppress;
use super::{Detail, Parsed, SegmentKind};

const INLINE: Inline = Inline {
    emphasis: &[
        ("**", "**"),
        ("__", "__"),
        ("##", "##"),
        ("*", "*"),
        ("_", "_"),
        ("#", "#"),
    ],
    code: &[("``", "``"), ("`", "`"), ("+", "+"), ("{", "}")],
    roles: false,
};

/// Delimiters of blocks whose content is not prose.
const VERBATIM: [char; 4] = ['-', '.', '+', '/'];

/// Block styles (`[source,python]`) whose block is not prose.
const VERBATIM_STYLES: &[&str] = &[
    "source",
    "listing",
    "literal",
    "stem",
    "latexmath",
    "asciimath",
    "comment",
    "pass",
];

const ADMONITIONS: &[&str] = &["NOTE: ", "TIP: ", "IMPORTANT: ", "WARNING: ", "CAUTION: "];

/// What the lines being read belong to.
#[derive(Clone, Debug, PartialEq)]
enum Skipping {
    No,
    /// A delimited block whose content is not prose, up to its closing delimiter.
    Until(String),
    /// A paragraph whose content is not prose, up to the next blank line.
    Paragraph,
}

/// Read an AsciiDoc document (placeholders already masked).
pub fn parse(source: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut block = Block::default();
    let mut skipping = Skipping::No;
    // A `[source]`-like style line: the next block is not prose.
    let mut verbatim_next = false;
    let mut table: Option<Table> = None;
    // The block attribute line (`[%header,cols="1,2"]`) right before the current line.
    let mut attributes: Option<&str> = None;
    let mut in_quote = false;
    let lines = lines::lines(source);
    for (index, &line) in lines.iter().enumerate() {
        let (content, start) = line.content();
        let attributes_before = attributes.take();
        match &skipping {
            Skipping::Until(delimiter) => {
                if line.text.trim_end() == delimiter {
                    skipping = Skipping::No;
                }
                continue;
            }
            Skipping::Paragraph if !line.is_blank() => continue,
            _ => {}
        }
        if line.is_blank() {
            block.flush(&mut parsed);
            skipping = Skipping::No;
            continue;
        }
        if let Some(delimiter) = delimiter(line.text.trim_end()) {
            block.flush(&mut parsed);
            let verbatim = delimiter.starts_with(VERBATIM) || delimiter.starts_with("```");
            if verbatim || verbatim_next {
                skipping = Skipping::Until(delimiter.to_owned());
            } else if delimiter == "|===" {
                table = match table {
                    Some(_) => None,
                    None => Some(Table::open(attributes_before)),
                };
            } else if delimiter.starts_with('_') {
                in_quote = !in_quote;
            }
            verbatim_next = false;
            continue;
        }
        if let Some(comment) = content.strip_prefix("//")
            && line.indent() == 0
        {
            block.flush(&mut parsed);
            parsed.directives.extend(suppress::parse_comment(
                comment,
                start..start + content.len(),
            ));
            continue;
        }
        if line.indent() == 0 && (is_attribute_entry(content) || is_block_macro(content)) {
            block.flush(&mut parsed);
            continue;
        }
        if let Some(style) = content.strip_prefix('[').and_then(|c| c.strip_suffix(']')) {
            block.flush(&mut parsed);
            let first = style.split(',').next().unwrap_or_default().trim();
            verbatim_next = VERBATIM_STYLES.contains(&first);
            attributes = Some(style);
            continue;
        }
        if verbatim_next || (!block.is_open() && line.indent() > 0) {
            // A styled verbatim paragraph, or a literal paragraph (indented).
            block.flush(&mut parsed);
            verbatim_next = false;
            skipping = Skipping::Paragraph;
            continue;
        }
        if content == "+" || content == "'''" || content == "<<<" {
            block.flush(&mut parsed);
            continue;
        }
        if let Some(table) = table.as_mut() {
            let cells = lines::cells(content, start);
            let next_is_blank = lines.get(index + 1).is_none_or(|next| next.is_blank());
            table.first_line(cells.len(), next_is_blank);
            for (cell, at) in cells {
                let detail = table.next_cell();
                block.single(
                    &mut parsed,
                    (SegmentKind::TableCell, detail),
                    &INLINE,
                    cell,
                    at,
                );
            }
            continue;
        }
        let content = content.strip_suffix(" +").unwrap_or(content);
        if let Some(level) = section_level(content) {
            let title = &content[level + 1..];
            let title_start = start + level + 1;
            let trimmed = title.trim_start();
            // Asciidoctor renders `=` as `<h1>` (Vale runs it with `notitle!`), `==` as `<h2>`…
            let level = Detail::HeadingLevel(level as u8);
            block.single(
                &mut parsed,
                (SegmentKind::Heading, level),
                &INLINE,
                trimmed,
                title_start + (title.len() - trimmed.len()),
            );
            continue;
        }
        if let Some(title) = content.strip_prefix('.')
            && title.starts_with(|c: char| c.is_alphanumeric())
        {
            block.single(
                &mut parsed,
                (SegmentKind::Paragraph, Detail::None),
                &INLINE,
                title,
                start + 1,
            );
            continue;
        }
        if let Some(marker) = list_marker(content) {
            block.list_item(&mut parsed, &INLINE, &content[marker..], start + marker);
            continue;
        }
        let skip = ADMONITIONS
            .iter()
            .find(|label| content.starts_with(**label))
            .map_or(0, |label| label.len());
        let kind = match block.kind() {
            Some(kind) => kind,
            None if in_quote => SegmentKind::BlockQuote,
            None => SegmentKind::Paragraph,
        };
        block.push(&mut parsed, kind, &INLINE, &content[skip..], start + skip);
    }
    block.flush(&mut parsed);
    parsed
}

/// A table being read, for telling its header cells from its body cells as Asciidoctor does:
/// the first row is the header when the table's attributes say `header` (`%header`,
/// `options="header"`), or when its first line is followed by a blank line and they do not say
/// `noheader`. A row has as many cells as `cols` lists, or else as the first line holds.
struct Table {
    /// The `cols` count, when the attributes give one.
    columns: Option<usize>,
    header_option: Option<bool>,
    /// Header cells still to come; `None` before the first line is read.
    header_left: Option<usize>,
}

impl Table {
    fn open(attributes: Option<&str>) -> Table {
        let attributes = attributes.unwrap_or_default();
        let options: Vec<&str> = attributes
            .split([',', '%', '"', '\'', '=', ' '])
            .filter(|part| !part.is_empty())
            .collect();
        let header_option = if options.contains(&"noheader") {
            Some(false)
        } else if options.contains(&"header") {
            Some(true)
        } else {
            None
        };
        Table {
            columns: columns(attributes),
            header_option,
            header_left: None,
        }
    }

    /// Read the table's first line (`cells` cells, then a blank line or not): it decides the
    /// header. Later lines change nothing.
    fn first_line(&mut self, cells: usize, next_is_blank: bool) {
        if self.header_left.is_some() || cells == 0 {
            return;
        }
        let header = self.header_option.unwrap_or(next_is_blank);
        self.header_left = Some(if header {
            self.columns.unwrap_or(cells)
        } else {
            0
        });
    }

    /// The detail of the next cell in reading order.
    fn next_cell(&mut self) -> Detail {
        match self.header_left.as_mut() {
            Some(left) if *left > 0 => {
                *left -= 1;
                Detail::HeaderCell
            }
            _ => Detail::BodyCell,
        }
    }
}

/// The number of columns a table's `cols` attribute gives: `cols="1,2,2"` (a list) or
/// `cols="3*"` (a repeat count).
fn columns(attributes: &str) -> Option<usize> {
    let value = attributes.split("cols=").nth(1)?;
    let value = value.trim_start_matches(['"', '\'']);
    let value = &value[..value.find(['"', '\'']).unwrap_or(value.len())];
    if let Some((count, _)) = value.split_once('*') {
        return count.trim().parse().ok();
    }
    let count = value
        .split([',', ';'])
        .filter(|c| !c.trim().is_empty())
        .count();
    (count > 0).then_some(count)
}

/// A block delimiter line: four or more of `-`, `.`, `+`, `/`, `=`, `*`, `_`; `--` (an open
/// block); `|===`; a Markdown fence.
fn delimiter(line: &str) -> Option<&str> {
    if line == "--" || line == "|===" || line.starts_with("```") {
        return Some(line);
    }
    let first = line.chars().next()?;
    let repeated = "-.+/=*_".contains(first) && line.len() >= 4 && line.chars().all(|c| c == first);
    repeated.then_some(line)
}

/// `:name: value`, `:name!:`: a document attribute, not prose.
fn is_attribute_entry(content: &str) -> bool {
    content.strip_prefix(':').is_some_and(|rest| {
        rest.find(':').is_some_and(|end| {
            end > 0
                && rest[..end]
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '!'))
        })
    })
}

/// `name::target[attributes]`: a block macro (`image::`, `include::`, `ifdef::`, `toc::`).
fn is_block_macro(content: &str) -> bool {
    content.ends_with(']')
        && content.split_once("::").is_some_and(|(name, rest)| {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !rest.starts_with(' ')
        })
}

/// The level of a section title (`= Title` is 0, `== Section` 1, … up to 5; `#` too): the
/// length of its marker.
fn section_level(content: &str) -> Option<usize> {
    let marker = content.chars().next().filter(|c| *c == '=' || *c == '#')?;
    let level = content.chars().take_while(|c| *c == marker).count();
    let rest = &content[level..];
    (level <= 6 && rest.starts_with(' ') && !rest.trim().is_empty()).then_some(level)
}

/// The length of a list item's marker and the space after it: `*`…, `-`, `.`…, `1.`, `a.`,
/// `<1>` (a callout), and a checklist box after it.
fn list_marker(content: &str) -> Option<usize> {
    let (marker, rest) = content.split_once(' ')?;
    let bullets = !marker.is_empty()
        && (marker.chars().all(|c| c == '*') || marker.chars().all(|c| c == '.') || marker == "-");
    let numbered = marker.strip_suffix('.').is_some_and(|n| {
        (!n.is_empty() && n.len() <= 4 && n.chars().all(|c| c.is_ascii_digit()))
            || (n.len() == 1 && n.chars().all(|c| c.is_ascii_alphabetic()))
    });
    let callout = marker.starts_with('<') && marker.ends_with('>');
    if !(bullets || numbered || callout) || rest.trim().is_empty() {
        return None;
    }
    let mut length = marker.len() + 1;
    for checkbox in ["[ ] ", "[x] ", "[*] "] {
        if rest.starts_with(checkbox) {
            length += checkbox.len();
        }
    }
    Some(length)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::OPAQUE;

    fn segments(source: &str) -> Vec<(SegmentKind, String)> {
        parse(source)
            .segments
            .iter()
            .map(|s| (s.kind, s.text.clone()))
            .collect()
    }

    #[test]
    fn titles_paragraphs_lists_and_what_is_not_prose() {
        let source = "= Grüße\n:toc: left\n\nIntro `code` and {product} 中文\ncontinued. +\n\n[source,rust]\n----\nlet x = 1;\n----\n\n// vale off\n////\nhidden\n////\n\n....\nliteral\n....\n\n  indented literal\n\n.A block title\n* Item one\n** Item two\n. [x] Done\n\nNOTE: Mind the gap 🚀.\n\nimage::chart.png[A chart]\n\n[source]\nnot prose either\n\n____\nQuoted.\n____\n\n|===\n|Head |Two\n\n|cell |data\n|===\n\n== Section\n";
        use SegmentKind::*;
        assert_eq!(
            segments(source),
            [
                (Heading, "Grüße".to_owned()),
                (
                    Paragraph,
                    format!("Intro {OPAQUE} and {OPAQUE} 中文 continued.")
                ),
                (Paragraph, "A block title".to_owned()),
                (ListItem, "Item one".to_owned()),
                (ListItem, "Item two".to_owned()),
                (ListItem, "Done".to_owned()),
                (Paragraph, "Mind the gap 🚀.".to_owned()),
                (BlockQuote, "Quoted.".to_owned()),
                (TableCell, "Head".to_owned()),
                (TableCell, "Two".to_owned()),
                (TableCell, "cell".to_owned()),
                (TableCell, "data".to_owned()),
                (Heading, "Section".to_owned()),
            ]
        );
        let parsed = parse(source);
        assert_eq!(parsed.directives.len(), 1);
        let heading = &parsed.segments[0];
        assert_eq!(
            &source[heading.map.to_source(0..heading.text.len())],
            "Grüße"
        );
    }

    /// Asciidoctor's rules: `=` is `<h1>`, `==` `<h2>`; a table's first line is its header when
    /// a blank line follows it or the attributes say `header`, never with `noheader`; a header
    /// row has as many cells as `cols` gives.
    #[test]
    fn headings_know_their_level_and_cells_their_row() {
        let source = "= Grüße\n\n== Zwei 中文\n\n|===\n|Kopf |Zwei\n\n|a |b 🚀\n|===\n\n[%header,cols=\"1,1\"]\n|===\n|K1\n|K2\n|c\n|d\n|===\n\n[options=\"noheader\"]\n|===\n|e |f\n\n|g |h\n|===\n\n|===\n|i |j\n|k |l\n|===\n";
        let parsed = parse(source);
        use Detail::*;
        assert_eq!(
            crate::document::detailed_texts(&parsed),
            [
                (HeadingLevel(1), "Grüße"),
                (HeadingLevel(2), "Zwei 中文"),
                (HeaderCell, "Kopf"),
                (HeaderCell, "Zwei"),
                (BodyCell, "a"),
                (BodyCell, "b 🚀"),
                (HeaderCell, "K1"),
                (HeaderCell, "K2"),
                (BodyCell, "c"),
                (BodyCell, "d"),
                (BodyCell, "e"),
                (BodyCell, "f"),
                (BodyCell, "g"),
                (BodyCell, "h"),
                (BodyCell, "i"),
                (BodyCell, "j"),
                (BodyCell, "k"),
                (BodyCell, "l"),
            ]
        );
        let at = |needle| crate::document::source_start(&parsed, needle);
        assert_eq!(at("b 🚀"), source.find("b 🚀"));
        assert_eq!(at("中文"), source.find("中文"));
        assert_eq!(columns("cols=\"3*\""), Some(3));
        assert_eq!(columns("cols=2a,3"), Some(2));
        assert_eq!(columns("width=50%"), Option::None);
    }
}
