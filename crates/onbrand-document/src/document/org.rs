//! Org (`.org`): headlines are headings (without their TODO keyword, priority and tags);
//! paragraphs, list items, table cells and the contents of quote, verse and center blocks are
//! prose. Source, example, export and comment blocks, keywords (`#+TITLE:`), comments,
//! fixed-width lines, drawers, planning lines, link targets and `=verbatim=` and `~code~` are
//! not.
//!
//! A bounded line parser (`super::lines`), like Org's own block syntax, one pass and linear in
//! the input. The one Rust Org parser (`orgize`) has been in alpha for years and its syntax
//! tree would still have to be mapped back to prose with positions; Org's blocks are decided
//! line by line, which is what this does.
//!
//! Comments hold suppression directives: `# vale off`, `# onbrand-disable brand.hype`.

use super::lines::{self, Block, Inline, Line};
use super::suppress;
use super::{Detail, Parsed, SegmentKind};

const INLINE: Inline = Inline {
    emphasis: &[("*", "*"), ("/", "/"), ("_", "_"), ("+", "+")],
    code: &[("=", "="), ("~", "~"), ("[[", "]")],
    roles: false,
};

/// Blocks whose content is not prose.
const VERBATIM_BLOCKS: &[&str] = &["src", "example", "export", "comment", "latex", "html"];

/// Lines of a heading's planning, not prose.
const PLANNING: &[&str] = &["SCHEDULED:", "DEADLINE:", "CLOSED:", "CLOCK:"];

/// Read an Org document (placeholders already masked).
pub fn parse(source: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut block = Block::default();
    // The `#+END_…` line or `:END:` that ends what is being skipped.
    let mut skip_until: Option<String> = None;
    let mut in_quote = false;
    // Header rows of the table being read still to come (`None` outside a table).
    let mut header_rows: Option<usize> = None;
    let lines = lines::lines(source);
    for (index, &line) in lines.iter().enumerate() {
        let (content, start) = line.content();
        if !content.starts_with('|') {
            header_rows = None;
        }
        let lower = content.to_ascii_lowercase();
        if let Some(end) = &skip_until {
            if lower == *end {
                skip_until = None;
            }
            continue;
        }
        if line.is_blank() {
            block.flush(&mut parsed);
            continue;
        }
        if let Some(name) = lower.strip_prefix("#+begin_") {
            block.flush(&mut parsed);
            let name = name.split_whitespace().next().unwrap_or_default();
            if VERBATIM_BLOCKS.contains(&name) {
                skip_until = Some(format!("#+end_{name}"));
            } else if name == "quote" {
                in_quote = true;
            }
            continue;
        }
        if lower.starts_with("#+end_") {
            block.flush(&mut parsed);
            in_quote = false;
            continue;
        }
        if content.starts_with("#+") {
            block.flush(&mut parsed);
            continue;
        }
        if content == "#" || content.starts_with("# ") {
            block.flush(&mut parsed);
            parsed.directives.extend(suppress::parse_comment(
                &content[1..],
                start..start + content.len(),
            ));
            continue;
        }
        if content == ":" || content.starts_with(": ") {
            block.flush(&mut parsed);
            continue;
        }
        if is_drawer(content) {
            block.flush(&mut parsed);
            skip_until = Some(":end:".to_owned());
            continue;
        }
        if PLANNING.iter().any(|p| content.starts_with(p))
            || lines::is_rule_line(content, 5) == Some('-')
        {
            block.flush(&mut parsed);
            continue;
        }
        if line.indent() == 0
            && let Some((title, at)) = headline(content, start)
        {
            block.flush(&mut parsed);
            if !title.is_empty() {
                // go-org, which Vale renders Org with, writes `*` as `<h2>`, `**` as `<h3>`…
                let level = Detail::HeadingLevel(stars(content) as u8 + 1);
                let heading = (SegmentKind::Heading, level);
                block.single(&mut parsed, heading, &INLINE, title, at);
            }
            continue;
        }
        if content.starts_with('|') {
            block.flush(&mut parsed);
            let left = header_rows.get_or_insert_with(|| table_header_rows(&lines[index..]));
            if content.starts_with("|-") {
                continue;
            }
            let detail = if *left > 0 {
                *left -= 1;
                Detail::HeaderCell
            } else {
                Detail::BodyCell
            };
            block.row(&mut parsed, &INLINE, lines::cells(content, start), detail);
            continue;
        }
        if let Some(marker) = list_marker(content, line.indent()) {
            block.list_item(&mut parsed, &INLINE, &content[marker..], start + marker);
            continue;
        }
        let kind = match block.kind() {
            Some(kind) => kind,
            None if in_quote => SegmentKind::BlockQuote,
            None => SegmentKind::Paragraph,
        };
        block.push(&mut parsed, kind, &INLINE, content, start);
    }
    block.flush(&mut parsed);
    parsed
}

/// `:PROPERTIES:`, `:LOGBOOK:`: a drawer, up to `:END:`.
fn is_drawer(content: &str) -> bool {
    content.len() > 2
        && content.starts_with(':')
        && content.ends_with(':')
        && content[1..content.len() - 1]
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && !content.eq_ignore_ascii_case(":end:")
}

/// A headline's title and its offset: the stars, a TODO keyword, a priority cookie and trailing
/// tags removed. None for a line that is not a headline.
fn headline(content: &str, start: usize) -> Option<(&str, usize)> {
    let stars = stars(content);
    if stars == 0 || !content[stars..].starts_with(' ') {
        return None;
    }
    let mut title = content[stars..].trim_start();
    for keyword in ["TODO ", "DONE ", "COMMENT "] {
        title = title.strip_prefix(keyword).unwrap_or(title);
    }
    if title.starts_with("[#") && title.get(3..4) == Some("]") {
        title = title[4..].trim_start();
    }
    if let Some((before, tags)) = title.rsplit_once(' ')
        && tags.len() > 2
        && tags.starts_with(':')
        && tags.ends_with(':')
        && !tags.contains(' ')
    {
        title = before.trim_end();
    }
    let at = start + (title.as_ptr() as usize - content.as_ptr() as usize);
    Some((title, at))
}

/// The number of stars a headline starts with: its level.
fn stars(content: &str) -> usize {
    content.bytes().take_while(|b| *b == b'*').count()
}

/// How many rows of the table starting at `lines[0]` are header rows: those before its first
/// rule line (`|---+---|`), when rows follow that rule, as go-org writes them as `<th>`.
fn table_header_rows(lines: &[Line<'_>]) -> usize {
    let table = lines
        .iter()
        .map(|line| line.content().0)
        .take_while(|content| content.starts_with('|'));
    let mut rows = 0;
    let mut rule_seen = false;
    for content in table {
        match (content.starts_with("|-"), rule_seen) {
            (true, false) => rule_seen = true,
            (false, false) => rows += 1,
            (false, true) => return rows,
            (true, true) => {}
        }
    }
    0
}

/// The length of a list item's marker, the space after it and a checkbox: `- `, `+ `, `* `
/// (indented: at the margin it is a headline), `1. `, `1) `, `a. `.
fn list_marker(content: &str, indent: usize) -> Option<usize> {
    let (marker, rest) = content.split_once(' ')?;
    let bullet = marker == "-" || marker == "+" || (marker == "*" && indent > 0);
    let numbered = marker
        .strip_suffix('.')
        .or_else(|| marker.strip_suffix(')'))
        .is_some_and(|n| {
            (!n.is_empty() && n.len() <= 4 && n.chars().all(|c| c.is_ascii_digit()))
                || (n.len() == 1 && n.chars().all(|c| c.is_ascii_alphabetic()))
        });
    if !(bullet || numbered) || rest.trim().is_empty() {
        return None;
    }
    let mut length = marker.len() + 1;
    for checkbox in ["[ ] ", "[X] ", "[x] ", "[-] "] {
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

    #[test]
    fn headlines_paragraphs_lists_and_what_is_not_prose() {
        let source = "#+TITLE: keyword\n* TODO [#A] Grüße 中文 :work:urgent:\nSCHEDULED: <2026-01-01>\n:PROPERTIES:\n:ID: 1\n:END:\n\nRun =code= and ~x~ with [[https://example.com][the site]] 🚀.\n\n#+begin_src rust\nlet x = 1;\n#+end_src\n\n# vale off\n: fixed width\n\n- [X] Item one\n  continued\n1. Item two\n\n| Head | Two |\n|------+-----|\n| a    | b   |\n\n#+BEGIN_QUOTE\nQuoted.\n#+END_QUOTE\n-----\n** Next\n";
        let parsed = parse(source);
        let found = crate::document::kinded_texts(&parsed);
        use SegmentKind::*;
        let paragraph = format!("Run {OPAQUE} and {OPAQUE} with {OPAQUE}[the site]] 🚀.");
        assert_eq!(
            found,
            [
                (Heading, "Grüße 中文"),
                (Paragraph, paragraph.as_str()),
                (ListItem, "Item one continued"),
                (ListItem, "Item two"),
                (TableCell, "Head"),
                (TableCell, "Two"),
                (TableCell, "a"),
                (TableCell, "b"),
                (BlockQuote, "Quoted."),
                (Heading, "Next"),
            ]
        );
        assert_eq!(parsed.directives.len(), 1);
        let heading = &parsed.segments[0];
        assert_eq!(
            &source[heading.map.to_source(0..heading.text.len())],
            "Grüße 中文"
        );
    }

    /// go-org writes `*` as `<h2>`, and a table's rows before its first rule line as header
    /// rows when rows follow the rule.
    #[test]
    fn headings_know_their_level_and_cells_their_row() {
        let source = "* Grüße\n** Zwei 中文\n\n| Kopf | Zwei |\n|------+------|\n| a    | b 🚀 |\n\n| c | d |\n| e | f |\n\n| g |\n|---|\n";
        let parsed = parse(source);
        use Detail::*;
        assert_eq!(
            crate::document::detailed_texts(&parsed),
            [
                (HeadingLevel(2), "Grüße"),
                (HeadingLevel(3), "Zwei 中文"),
                (HeaderCell, "Kopf"),
                (HeaderCell, "Zwei"),
                (BodyCell, "a"),
                (BodyCell, "b 🚀"),
                (BodyCell, "c"),
                (BodyCell, "d"),
                (BodyCell, "e"),
                (BodyCell, "f"),
                (BodyCell, "g"),
            ]
        );
        let at = |needle| crate::document::source_start(&parsed, needle);
        assert_eq!(at("b 🚀"), source.find("b 🚀"));
        assert_eq!(at("中文"), source.find("中文"));
    }
}
