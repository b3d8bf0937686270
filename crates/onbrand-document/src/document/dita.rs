//! DITA topics (`.dita`): element text is prose. Topic, section and example titles are headings
//! (with the level the Open Toolkit's HTML gives them), other titles (a figure's, a table's)
//! paragraphs, as HTML captions are; list items (`li`, `sli`,
//! a step's `cmd`) list items, table entries table cells, `alt` alternative text, `lq` block
//! quotes, and the other blocks (`p`, `shortdesc`, `note`, `dd`, a step's `info`, …)
//! paragraphs. Code and other literal elements (`codeblock`, `codeph`, `pre`, `screen`,
//! `filepath`, `cmdname`, `varname`, `userinput`, …), metadata (`prolog`, `indexterm`,
//! `data`), review comments (`draft-comment`) and attribute values are not prose; an inline
//! one stands in the sentence as an opaque word.
//!
//! Read with quick-xml, already a dependency (XLIFF), which gives each event's byte position.
//! Suppression comments are XML comments (`<!-- vale off -->`), read by the caller.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::source_map::SegmentBuilder;
use super::xml::{next_event, position};
use super::{Detail, Parsed, Segment, SegmentKind};

/// Elements whose content is not prose.
const NOT_PROSE: &[&[u8]] = &[
    b"codeblock",
    b"codeph",
    b"pre",
    b"screen",
    b"msgblock",
    b"msgph",
    b"msgnum",
    b"filepath",
    b"cmdname",
    b"varname",
    b"userinput",
    b"systemoutput",
    b"apiname",
    b"option",
    b"parmname",
    b"synph",
    b"kwd",
    b"coderef",
    b"xmlelement",
    b"xmlatt",
    b"draft-comment",
    b"required-cleanup",
    b"prolog",
    b"metadata",
    b"indexterm",
    b"data",
    b"data-about",
    b"foreign",
    b"unknown",
    b"object",
];

/// The kind of segment a block element's text makes; None for inline elements.
fn block_kind(name: &[u8]) -> Option<SegmentKind> {
    Some(match name {
        b"title" => SegmentKind::Heading,
        b"navtitle" | b"searchtitle" => SegmentKind::Title,
        b"li" | b"sli" | b"cmd" => SegmentKind::ListItem,
        b"entry" | b"stentry" => SegmentKind::TableCell,
        b"alt" => SegmentKind::AltText,
        b"lq" => SegmentKind::BlockQuote,
        b"p" | b"shortdesc" | b"abstract" | b"note" | b"dt" | b"dd" | b"pt" | b"pd" | b"desc"
        | b"context" | b"result" | b"prereq" | b"postreq" | b"stepxmp" | b"info"
        | b"stepresult" | b"choice" | b"linkinfo" | b"fn" | b"lines" | b"div" | b"sectiondiv"
        | b"bodydiv" | b"example" | b"section" | b"body" | b"conbody" | b"taskbody"
        | b"refbody" | b"glossdef" | b"glossterm" | b"linktext" => SegmentKind::Paragraph,
        _ => return None,
    })
}

/// Topic types: a title directly inside one is the topic's title.
const TOPICS: &[&[u8]] = &[
    b"topic",
    b"concept",
    b"task",
    b"reference",
    b"glossentry",
    b"glossgroup",
    b"troubleshooting",
];

/// Where an element stands, for the detail of the segments it makes: how many topics are
/// open around it, its parent, and whether it is in a table's header rows.
#[derive(Clone, Copy, Default)]
struct Place<'a> {
    topics: usize,
    parent: &'a [u8],
    in_head: bool,
}

impl Place<'_> {
    /// The kind and detail of the text of block element `name` here, as the DITA Open
    /// Toolkit's HTML5 output (which Vale reads) renders it: a topic's title as `<h1>` (a
    /// nested topic's one level deeper), a section's or example's title one below its topic's,
    /// other titles (a figure's, a table's) as captions, not headings; entries of `thead` and
    /// `sthead` as `<th>`, other entries as `<td>`.
    fn block(&self, name: &[u8]) -> Option<(SegmentKind, Detail)> {
        let kind = block_kind(name)?;
        let level = |depth: usize| Detail::HeadingLevel(u8::try_from(depth).unwrap_or(u8::MAX));
        Some(match kind {
            SegmentKind::Heading if TOPICS.contains(&self.parent) => (kind, level(self.topics)),
            SegmentKind::Heading if matches!(self.parent, b"section" | b"example") => {
                (kind, level(self.topics + 1))
            }
            SegmentKind::Heading => (SegmentKind::Paragraph, Detail::None),
            SegmentKind::TableCell if self.in_head => (kind, Detail::HeaderCell),
            SegmentKind::TableCell => (kind, Detail::BodyCell),
            _ => (kind, Detail::None),
        })
    }
}

/// The segment being built and the block elements it is inside.
#[derive(Default)]
struct Builder {
    current: Option<((SegmentKind, Detail), SegmentBuilder)>,
    /// The kinds and details of the open block elements, innermost last.
    blocks: Vec<(SegmentKind, Detail)>,
    segments: Vec<Segment>,
}

impl Builder {
    fn flush(&mut self) {
        if let Some(((kind, detail), builder)) = self.current.take() {
            self.segments
                .extend(Segment::from_builder(kind, builder).map(|s| s.with_detail(detail)));
        }
    }

    /// The builder for text inside the innermost block (none outside every block).
    fn open(&mut self) -> Option<&mut SegmentBuilder> {
        let kind = *self.blocks.last()?;
        let (_, builder) = self
            .current
            .get_or_insert_with(|| (kind, SegmentBuilder::new()));
        Some(builder)
    }

    /// Element text at `start`: runs of white space with a line break read as one space.
    fn text(&mut self, text: &str, start: usize) {
        if text.trim().is_empty() && self.current.is_none() {
            return;
        }
        let Some(builder) = self.open() else { return };
        let mut from = 0;
        while let Some(newline) = text[from..].find('\n').map(|at| from + at) {
            let space_start = text[..newline]
                .trim_end_matches([' ', '\t', '\r'])
                .len()
                .max(from);
            let after = &text[newline + 1..];
            let space_end =
                newline + 1 + after.len() - after.trim_start_matches([' ', '\t', '\r', '\n']).len();
            builder.push_verbatim(&text[from..space_start], start + from);
            builder.push_decoded(" ", start + space_start..start + space_end);
            from = space_end;
        }
        builder.push_verbatim(&text[from..], start + from);
    }
}

/// Read a DITA topic.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut builder = Builder::default();
    // Inside an element that is not prose: how deep, and where it started.
    let mut skip: (usize, usize) = (0, 0);
    let mut open = OpenElements::default();
    loop {
        let start = position(&reader);
        let Some(event) = next_event(
            &mut reader,
            text.len(),
            &mut parsed.notes,
            "the rest is not read",
        ) else {
            break;
        };
        let end = position(&reader);
        match event {
            Event::Eof => break,
            Event::Start(_) if skip.0 > 0 => skip.0 += 1,
            Event::End(_) if skip.0 > 0 => {
                skip.0 -= 1;
                if skip.0 == 0
                    && let Some((_, current)) = builder.current.as_mut()
                {
                    current.push_opaque(skip.1..end);
                }
            }
            Event::Start(element) => {
                let name = element.local_name();
                if NOT_PROSE.contains(&name.as_ref()) {
                    skip = (1, start);
                    continue;
                }
                if let Some(kind) = open.place().block(name.as_ref()) {
                    builder.flush();
                    builder.blocks.push(kind);
                }
                open.push(name.as_ref());
            }
            Event::End(element) => {
                open.pop();
                if block_kind(element.local_name().as_ref()).is_some() {
                    builder.flush();
                    builder.blocks.pop();
                }
            }
            Event::Empty(element) => {
                // An empty inline element (`<xref href="…"/>`, `<keyword keyref="…"/>`) stands
                // for text filled in at build time.
                let name = element.local_name();
                if block_kind(name.as_ref()).is_none()
                    && skip.0 == 0
                    && let Some((_, current)) = builder.current.as_mut()
                {
                    current.push_opaque(start..end);
                }
            }
            _ if skip.0 > 0 => {}
            Event::Text(raw) => {
                if let Ok(content) = raw.decode() {
                    builder.text(&content, start);
                }
            }
            Event::CData(raw) => {
                if let Ok(content) = raw.decode() {
                    builder.text(&content, start + "<![CDATA[".len());
                }
            }
            Event::GeneralRef(reference) => {
                let decoded = reference
                    .resolve_char_ref()
                    .ok()
                    .flatten()
                    .map(String::from)
                    .or_else(|| predefined_entity(&reference));
                if let Some(current) = builder.open() {
                    match decoded {
                        Some(decoded) => current.push_decoded(&decoded, start..end),
                        None => current.push_opaque(start..end),
                    }
                }
            }
            _ => {}
        }
    }
    builder.flush();
    parsed.segments = builder.segments;
    parsed
}

/// The open elements (outside those that are not prose), innermost last, with running counts
/// of the topics and table heads among them (so that each element costs O(1)).
#[derive(Default)]
struct OpenElements {
    names: Vec<Vec<u8>>,
    topics: usize,
    heads: usize,
}

impl OpenElements {
    fn is_head(name: &[u8]) -> bool {
        matches!(name, b"thead" | b"sthead")
    }

    fn push(&mut self, name: &[u8]) {
        self.topics += usize::from(TOPICS.contains(&name));
        self.heads += usize::from(Self::is_head(name));
        self.names.push(name.to_vec());
    }

    fn pop(&mut self) {
        if let Some(name) = self.names.pop() {
            self.topics -= usize::from(TOPICS.contains(&name.as_slice()));
            self.heads -= usize::from(Self::is_head(&name));
        }
    }

    /// Where an element opened now stands.
    fn place(&self) -> Place<'_> {
        Place {
            topics: self.topics,
            parent: self.names.last().map_or(&[][..], Vec::as_slice),
            in_head: self.heads > 0,
        }
    }
}

fn predefined_entity(reference: &[u8]) -> Option<String> {
    let decoded = match reference {
        b"amp" => "&",
        b"lt" => "<",
        b"gt" => ">",
        b"quot" => "\"",
        b"apos" => "'",
        _ => return None,
    };
    Some(decoded.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::OPAQUE;

    #[test]
    fn titles_blocks_and_code_with_positions() {
        let source = "<?xml version=\"1.0\"?>\n<!DOCTYPE topic PUBLIC \"-//OASIS//DTD DITA Topic//EN\" \"topic.dtd\">\n<topic id=\"t\">\n  <title>Grüße 中文</title>\n  <prolog><author>Someone</author></prolog>\n  <body>\n    <p>Run <codeph>x = 1</codeph> then\n       <b>save</b> &amp; go 🚀.</p>\n    <codeblock>let y = 2;</codeblock>\n    <ul><li>Item <xref href=\"a.dita\"/> one</li></ul>\n    <image href=\"c.png\"><alt>A chart</alt></image>\n    <draft-comment>Not yet.</draft-comment>\n  </body>\n</topic>\n";
        let parsed = parse(source);
        let found = crate::document::kinded_texts(&parsed);
        use SegmentKind::*;
        let paragraph = format!("Run {OPAQUE} then save & go 🚀.");
        let item = format!("Item {OPAQUE} one");
        assert_eq!(
            found,
            [
                (Heading, "Grüße 中文"),
                (Paragraph, paragraph.as_str()),
                (ListItem, item.as_str()),
                (AltText, "A chart"),
            ]
        );
        let paragraph = &parsed.segments[1];
        let at = paragraph.text.find("save").unwrap();
        assert_eq!(&source[paragraph.map.to_source(at..at + 4)], "save");
        let at = paragraph.text.find("go").unwrap();
        assert_eq!(&source[paragraph.map.to_source(at..at + 2)], "go");
        assert_eq!(parse("<topic><p>x</q></topic>").notes.len(), 1);
    }

    /// The DITA Open Toolkit's HTML5: a topic's title `<h1>`, a nested topic's `<h2>`, a
    /// section's one below its topic's; a figure's or table's title is a caption, not a
    /// heading; `thead` and `sthead` entries are header cells.
    #[test]
    fn titles_know_their_level_and_entries_their_row() {
        let source = "<topic id=\"a\"><title>Grüße</title><body><section><title>Teil 中文</title><table><title>Tabelle</title><tgroup cols=\"2\"><thead><row><entry>Kopf</entry><entry>Zwei</entry></row></thead><tbody><row><entry>a</entry><entry>b 🚀</entry></row></tbody></tgroup></table><simpletable><sthead><stentry>SK</stentry></sthead><strow><stentry>SZ</stentry></strow></simpletable><fig><title>Bild</title></fig></section></body><topic id=\"b\"><title>Innen</title><body><section><title>Tief</title></section></body></topic></topic>";
        let parsed = parse(source);
        use Detail::*;
        assert_eq!(
            crate::document::detailed_texts(&parsed),
            [
                (HeadingLevel(1), "Grüße"),
                (HeadingLevel(2), "Teil 中文"),
                (HeaderCell, "Kopf"),
                (HeaderCell, "Zwei"),
                (BodyCell, "a"),
                (BodyCell, "b 🚀"),
                (HeaderCell, "SK"),
                (BodyCell, "SZ"),
                (HeadingLevel(2), "Innen"),
                (HeadingLevel(3), "Tief"),
            ]
        );
        let captions: Vec<(SegmentKind, &str)> = crate::document::kinded_texts(&parsed)
            .into_iter()
            .filter(|(_, text)| matches!(*text, "Tabelle" | "Bild"))
            .collect();
        assert_eq!(
            captions,
            [
                (SegmentKind::Paragraph, "Tabelle"),
                (SegmentKind::Paragraph, "Bild")
            ]
        );
        assert_eq!(
            crate::document::source_start(&parsed, "b 🚀"),
            source.find("b 🚀")
        );
    }
}
