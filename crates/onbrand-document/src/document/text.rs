//! Plain text: paragraphs separated by blank lines.
//!
//! The lines of a paragraph are joined into one segment, each line break read as a space. A line
//! that holds nothing but a suppression directive (`onbrand-disable …`, optionally after `#` or
//! `//`) is a directive, not prose, and ends the paragraph before it.

use super::suppress::{self, Directive};
use super::{Parsed, Segment, SegmentBuilder, SegmentKind};

/// Split plain text (placeholders already masked) into paragraph segments.
pub fn parse(source: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut paragraph = Paragraph::default();
    let mut line_start = 0;
    while line_start < source.len() {
        let rest = source.as_bytes().get(line_start..).unwrap_or_default();
        let line_end = memchr::memchr(b'\n', rest).map_or(source.len(), |i| line_start + i);
        let line = source.get(line_start..line_end).unwrap_or("");
        let content = line.trim();
        let content_start = line_start + (line.len() - line.trim_start().len());
        // A blank line ends a paragraph; so does a signature separator (`-- `), which is
        // not prose itself.
        if content.is_empty() || content == "--" {
            paragraph.flush(&mut parsed);
        } else if let Some(directive) = directive(content, content_start) {
            paragraph.flush(&mut parsed);
            parsed.directives.push(directive);
        } else {
            paragraph.push_line(content, content_start);
        }
        line_start = line_end + 1;
    }
    paragraph.flush(&mut parsed);
    parsed
}

/// A suppression directive standing alone on a line.
fn directive(content: &str, start: usize) -> Option<Directive> {
    let html_comment = content
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"));
    let body = html_comment
        .or_else(|| content.strip_prefix("//"))
        .or_else(|| content.strip_prefix('#'))
        .unwrap_or(content)
        .trim_start();
    if !body.starts_with("onbrand-") {
        return None;
    }
    suppress::parse_comment(body, start..start + content.len())
}

/// The paragraph being collected: its builder and where its last line ended.
#[derive(Default)]
struct Paragraph {
    builder: Option<SegmentBuilder>,
    last_end: usize,
}

impl Paragraph {
    fn push_line(&mut self, content: &str, start: usize) {
        let builder = self.builder.get_or_insert_with(SegmentBuilder::new);
        if !builder.is_empty() {
            // The line break and the indentation around it read as one space.
            builder.push_decoded(" ", self.last_end..start);
        }
        builder.push_verbatim(content, start);
        self.last_end = start + content.len();
    }

    fn flush(&mut self, parsed: &mut Parsed) {
        if let Some(builder) = self.builder.take() {
            parsed
                .segments
                .extend(Segment::from_builder(SegmentKind::Paragraph, builder));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::suppress::DirectiveAction;

    #[test]
    fn paragraphs_join_lines_and_map_back() {
        let source = "Hello there,\r\n  welcome aboard.\n\n\nSecond  one.\n";
        let parsed = parse(source);
        let texts: Vec<&str> = parsed.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Hello there, welcome aboard.", "Second  one."]);
        let first = &parsed.segments[0];
        let at = first.text.find("welcome").unwrap();
        assert_eq!(&source[first.map.to_source(at..at + 7)], "welcome");
    }

    #[test]
    fn a_signature_separator_ends_the_paragraph_and_is_not_prose() {
        let parsed = parse("Danke für alles 🚀\n-- \nAnna Müller\n中文 Team\n");
        let texts: Vec<&str> = parsed.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Danke für alles 🚀", "Anna Müller 中文 Team"]);
    }

    #[test]
    fn directive_lines_are_not_prose() {
        let source = "# onbrand-disable brand.hype\nAmazing stuff.\n// onbrand-enable\n<!-- onbrand-disable-next-line -->\nMore.";
        let parsed = parse(source);
        let texts: Vec<&str> = parsed.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Amazing stuff.", "More."]);
        let actions: Vec<DirectiveAction> = parsed.directives.iter().map(|d| d.action).collect();
        assert_eq!(
            actions,
            [
                DirectiveAction::Disable,
                DirectiveAction::Enable,
                DirectiveAction::DisableNextLine
            ]
        );
        assert_eq!(parsed.directives[0].rules, ["brand.hype"]);
        assert_eq!(
            &source[parsed.directives[0].source.clone()],
            "# onbrand-disable brand.hype"
        );
    }
}
