//! What the translation formats share: a message's text, read from its source with exact
//! positions, its placeholders masked, and its key attached.
//!
//! Each message format (Fluent, YAML and JSON locale files, gettext PO, XLIFF) finds its
//! messages with its own parser and hands each message's text here, piece by piece: verbatim
//! runs, escapes it decoded, line breaks. Placeholders are masked in the decoded text, because
//! a placeholder can be written with escapes (`\u007bname}` in JSON) and every format's
//! placeholder syntax turns up in every other's files (an i18next `{{name}}` in a PO file, an
//! ICU plural in XLIFF).
//!
//! To add a format: find each message's key and its text's source ranges, feed them to a
//! [`MessageBuilder`], and push [`MessageBuilder::finish`]'s segment (see `po.rs` for the
//! smallest example).

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::{Segment, SegmentBuilder, SegmentKind};

/// The prose of one message being read, and the key it is shown with.
#[derive(Debug, Default)]
pub struct MessageBuilder {
    builder: SegmentBuilder,
}

impl MessageBuilder {
    /// A builder with no messages yet.
    pub fn new() -> MessageBuilder {
        MessageBuilder::default()
    }

    /// Append source text that is the message text as written; line breaks (and the indentation
    /// after them) read as one space, as a renderer folds them.
    pub fn push_source(&mut self, text: &str, source_start: usize) {
        let mut rest = text;
        let mut at = source_start;
        while let Some(found) = rest.find(['\n', '\r']) {
            self.builder.push_verbatim(&rest[..found], at);
            let after = &rest[found..];
            let blank = after.len() - after.trim_start_matches([' ', '\t', '\n', '\r']).len();
            self.builder
                .push_decoded(" ", at + found..at + found + blank);
            rest = &after[blank..];
            at += found + blank;
        }
        self.builder.push_verbatim(rest, at);
    }

    /// Append text that an escape or an entity at `source` decodes to.
    pub fn push_decoded(&mut self, text: &str, source: Range<usize>) {
        let text = if text.contains(['\n', '\r', '\t']) {
            " "
        } else {
            text
        };
        self.builder.push_decoded(text, source);
    }

    /// Append a stand-in for non-prose source (a Fluent placeable, an XLIFF inline code).
    pub fn push_opaque(&mut self, source: Range<usize>) {
        self.builder.push_opaque(source);
    }

    /// Append a scalar's `value`, read from the source slice `raw` at `raw_start` by
    /// `align_scalar`; when the two cannot be aligned, the whole value maps onto `raw`.
    pub fn push_scalar(&mut self, raw: &str, raw_start: usize, value: &str, escapes: Escapes) {
        let mut aligned = MessageBuilder::new();
        if align_scalar(&mut aligned, raw, raw_start, value, escapes).is_some() {
            self.append(aligned);
        } else {
            self.push_decoded(value, raw_start..raw_start + raw.len());
        }
    }

    fn append(&mut self, other: MessageBuilder) {
        self.builder.append(&other.builder);
    }

    /// The text as a segment of `kind`, without a key or message placeholder masking: for
    /// copy in front matter, where template placeholders were masked in the source.
    pub fn into_segment(self, kind: SegmentKind) -> Option<Segment> {
        Segment::from_builder(kind, self.builder)
    }

    /// The message as a segment: placeholders masked, the key attached, the kind guessed from
    /// the key's last part. `None` when it holds no prose.
    pub fn finish(self, key: &str) -> Option<Segment> {
        let placeholders = placeholder_ranges(self.builder.text());
        let builder = self.builder.masked(&placeholders);
        let mut segment = Segment::from_builder(kind_of_key(key), builder)?;
        segment.key = Some(Arc::from(key));
        Some(segment)
    }
}

/// Which escapes a quoted scalar's source may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escapes {
    /// Plain or block text: none.
    None,
    /// `'…'`: a doubled quote is one quote.
    SingleQuoted,
    /// `"…"`: backslash escapes (JSON's and YAML's, C's in PO files).
    Backslash,
}

/// Read `value` (a scalar as its parser decoded it) out of its source `raw`, pushing verbatim
/// runs where they agree, escapes as decoded pieces, and runs of white space (line folding,
/// block indentation) as white space. `None` when the two disagree in a way none of these
/// explain.
fn align_scalar(
    out: &mut MessageBuilder,
    raw: &str,
    raw_start: usize,
    value: &str,
    escapes: Escapes,
) -> Option<()> {
    let mut raw_at = skip_scalar_opening(raw, escapes);
    let mut value_at = 0;
    let (raw_bytes, value_bytes) = (raw.as_bytes(), value.as_bytes());
    while value_at < value.len() {
        let raw_rest = raw.get(raw_at..).unwrap_or("");
        let value_rest = value.get(value_at..)?;
        // The longest run both spell the same (stopping at escapes and white space).
        let same = raw_rest
            .char_indices()
            .zip(value_rest.chars())
            .take_while(|((_, r), v)| r == v && !r.is_whitespace() && !is_escape_start(*r, escapes))
            .last()
            .map_or(0, |((i, r), _)| i + r.len_utf8());
        if same > 0 {
            out.push_source(&raw_rest[..same], raw_start + raw_at);
            raw_at += same;
            value_at += same;
            continue;
        }
        let raw_char = raw_rest.chars().next();
        let value_char = value_rest.chars().next()?;
        if let Some(r) = raw_char.filter(|&r| is_escape_start(r, escapes)) {
            let (raw_len, decoded_len) = escape_len(raw_rest, value_rest, r, escapes)?;
            let decoded = value_rest.get(..decoded_len)?;
            let source = raw_start + raw_at..raw_start + raw_at + raw_len;
            // An escaped line break decodes to nothing: no piece, and the next stays exact.
            if !decoded.is_empty() {
                out.push_decoded(decoded, source);
            }
            raw_at += raw_len;
            value_at += decoded_len;
        } else if raw_char.is_some_and(char::is_whitespace) || value_char.is_whitespace() {
            let raw_blank = blank_len(raw_bytes.get(raw_at..)?);
            let value_blank = blank_len(value_bytes.get(value_at..)?);
            // White space `blank_len` does not take (a form feed, U+0085): no step forward, so
            // no alignment (the loop would spin forever; a fuzzer found it).
            if raw_blank == 0 && value_blank == 0 {
                return None;
            }
            let source = raw_start + raw_at..raw_start + raw_at + raw_blank;
            if value_blank > 0 {
                out.push_decoded(" ", source);
            }
            raw_at += raw_blank;
            value_at += value_blank;
        } else {
            return None;
        }
    }
    Some(())
}

/// Where a scalar's text starts in its source: after an opening quote, or after a block
/// scalar's header line (`|`, `>-`, …) and the next line's indentation.
fn skip_scalar_opening(raw: &str, escapes: Escapes) -> usize {
    match escapes {
        Escapes::SingleQuoted if raw.starts_with('\'') => 1,
        Escapes::Backslash if raw.starts_with('"') => 1,
        Escapes::None if raw.starts_with(['|', '>']) => {
            let line_end = raw.find('\n').map_or(raw.len(), |i| i + 1);
            let rest = raw.get(line_end..).unwrap_or("");
            line_end + (rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len())
        }
        _ => 0,
    }
}

fn is_escape_start(c: char, escapes: Escapes) -> bool {
    match escapes {
        Escapes::None => false,
        Escapes::SingleQuoted => c == '\'',
        Escapes::Backslash => c == '\\',
    }
}

/// The source length of the escape at the start of `raw` and the length of what it decodes to
/// at the start of `value`.
fn escape_len(raw: &str, value: &str, start: char, escapes: Escapes) -> Option<(usize, usize)> {
    let decoded_one = value.chars().next().map_or(0, char::len_utf8);
    if escapes == Escapes::SingleQuoted {
        return raw.starts_with("''").then_some((2, decoded_one));
    }
    debug_assert_eq!(start, '\\');
    let raw_len = match raw.as_bytes().get(1)? {
        b'x' => 4,
        b'u' => {
            // A UTF-16 surrogate pair (`\ud83d\ude00`) is one character.
            let high = u32::from_str_radix(raw.get(2..6)?, 16).ok()?;
            let pair = (0xD800..0xDC00).contains(&high) && raw.get(6..8) == Some("\\u");
            if pair { 12 } else { 6 }
        }
        b'U' => 10,
        b'\n' | b'\r' => {
            // An escaped line break in a YAML double-quoted scalar: nothing, nor the
            // indentation that follows.
            return Some((1 + blank_len(raw.as_bytes().get(1..)?), 0));
        }
        _ => 2,
    };
    Some((raw_len.min(raw.len()), decoded_one))
}

/// Length of the run of white space at the start of `bytes`.
fn blank_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count()
}

/// The kind of segment a message key suggests: `hero.title` is a title, `meta.description` a
/// description, `logo.alt` an alternative text; anything else is a paragraph.
fn kind_of_key(key: &str) -> SegmentKind {
    let last = key
        .rsplit(['.', '/', ':'])
        .next()
        .unwrap_or(key)
        .trim_end_matches(|c: char| c == ']' || c.is_ascii_digit() || c == '[')
        .to_ascii_lowercase();
    let last = last.trim_end_matches(['_', '-']);
    if last.ends_with("title") {
        SegmentKind::Title
    } else if last.ends_with("heading") || last.ends_with("headline") {
        SegmentKind::Heading
    } else if last.ends_with("description") || last == "summary" || last == "excerpt" {
        SegmentKind::Description
    } else if last == "alt" || last.ends_with("alt_text") || last.ends_with("alt-text") {
        SegmentKind::AltText
    } else {
        SegmentKind::Paragraph
    }
}

/// Placeholders without braces: printf (`%s`, `%1$d`, `%.2f`, `%@`), Ruby (`%<count>d`),
/// Python (`%(name)s`), i18next nesting (`$t(key)`), vue-i18n linked messages (`@:key`,
/// `@.lower:key`), Laravel (`:name` after a space), markup tags in messages (`<strong>`,
/// `</0>`, `<br/>`), ERB (`<%= name %>`) and Mailchimp merge tags (`*|FNAME|*`).
static BARE_PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"%%|%(?:\d+\$)?[-+0#]*\d*(?:\.\d+)?(?:hh|h|ll|l|L|z|j|t|q)?[sdifuxXeEgGc@]",
        r"|%<\w+>[sdif]?|%\(\w+\)[sdif]",
        r"|\$t\([^)\n]{0,200}\)",
        r"|@(?:\.\w+)?:[\w.-]+",
        r"|(?:^|\s)(:[A-Za-z_]\w*)",
        r"|</?[A-Za-z0-9][\w:-]*(?:\s[^<>\n]{0,500})?/?>",
        r"|<%[^\n]{0,200}?%>|\*\|[A-Za-z0-9_:]{1,64}\|\*",
    ))
    .expect("placeholder pattern is valid")
});

/// Byte ranges of the placeholders in a message's text, sorted and disjoint: braced arguments
/// (`{name}`, `{0}`, `{{name}}`, `%{count}`, `${x}`, ICU `{count, plural, one {…} other {…}}`
/// whose variant texts stay prose while the syntax around them does not) and the
/// `BARE_PLACEHOLDER`s.
pub fn placeholder_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    braced_placeholders(text, 0, text.len(), false, &mut ranges);
    if text.contains(['%', '$', '@', ':', '<']) {
        for captures in BARE_PLACEHOLDER.captures_iter(text) {
            let found = captures.get(1).or_else(|| captures.get(0));
            if let Some(found) = found {
                ranges.push(found.range());
            }
        }
    }
    normalize(ranges)
}

/// Sort `ranges` and merge those that overlap or touch.
fn normalize(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|range| !range.is_empty());
    ranges.sort_by_key(|range| (range.start, range.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Longest braced placeholder looked at: an unbalanced `{` must not make a message quadratic.
const LONGEST_BRACED: usize = 4096;

/// Push the braced placeholders of `text[start..end]`; `plural` masks `#` (the count in an
/// ICU plural variant).
fn braced_placeholders(
    text: &str,
    start: usize,
    end: usize,
    plural: bool,
    out: &mut Vec<Range<usize>>,
) {
    let bytes = text.as_bytes();
    let mut at = start;
    while at < end {
        match bytes[at] {
            b'#' if plural => {
                out.push(at..at + 1);
                at += 1;
            }
            b'{' => match matching_brace(bytes, at, end) {
                Some(close) => {
                    let prefixed = at > 0 && matches!(bytes[at - 1], b'%' | b'$');
                    let open = if prefixed { at - 1 } else { at };
                    if !icu_choice(text, at, close, out) {
                        out.push(open..close + 1);
                    }
                    at = close + 1;
                }
                None => at += 1,
            },
            _ => at += 1,
        }
    }
}

/// The `}` matching the `{` at `open`, within `end` and [`LONGEST_BRACED`].
fn matching_brace(bytes: &[u8], open: usize, end: usize) -> Option<usize> {
    let limit = end.min(open + LONGEST_BRACED);
    let mut depth = 0usize;
    for (i, &byte) in bytes.iter().enumerate().take(limit).skip(open) {
        match byte {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// An ICU `{arg, plural|select|selectordinal, key {text} …}` between `open` and `close`: push
/// its syntax as placeholders and read each variant's text as a message of its own. False
/// when it is not one (the caller masks the whole argument).
fn icu_choice(text: &str, open: usize, close: usize, out: &mut Vec<Range<usize>>) -> bool {
    let inner = &text[open + 1..close];
    let mut parts = inner.splitn(3, ',');
    let (Some(argument), Some(kind), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let kind = kind.trim();
    let is_argument = !argument.trim().is_empty()
        && argument
            .trim()
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '$'));
    if !is_argument || !matches!(kind, "plural" | "select" | "selectordinal") {
        return false;
    }
    let plural = kind != "select";
    let header_end = open
        + 1
        + argument.len()
        + 1
        + text[open + 1 + argument.len() + 1..]
            .find(',')
            .map_or(0, |i| i + 1);
    let bytes = text.as_bytes();
    let mut variants = Vec::new();
    let mut at = header_end;
    while at < close {
        let Some(brace) = text[at..close].find('{').map(|i| at + i) else {
            break;
        };
        let Some(variant_end) = matching_brace(bytes, brace, close) else {
            return false;
        };
        // `one {`, `=0 {`, `offset:1 one {`: syntax up to and including the brace.
        variants.push((at..brace + 1, brace + 1..variant_end));
        at = variant_end + 1;
    }
    if variants.is_empty() || !text[at..close].trim().is_empty() {
        return false;
    }
    out.push(open..header_end);
    for (syntax, body) in variants {
        out.push(syntax);
        braced_placeholders(text, body.start, body.end, plural, out);
        out.push(body.end..body.end + 1);
    }
    out.push(at..close + 1);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        let mut out = String::new();
        let mut cursor = 0;
        for range in placeholder_ranges(text) {
            out.push_str(&text[cursor..range.start]);
            out.push('#');
            cursor = range.end;
        }
        out.push_str(&text[cursor..]);
        out
    }

    #[test]
    fn every_placeholder_syntax_is_masked() {
        let cases = [
            ("Hallo { $name }, schön!", "Hallo #, schön!"),
            ("%{count} Dateien", "# Dateien"),
            ("Hi {{name}} 👋", "Hi # 👋"),
            ("%s of %1$d at %.2f%%", "# of # at #"),
            ("{0} 条消息", "# 条消息"),
            ("Ruby %<count>d, Python %(name)s", "Ruby #, Python #"),
            ("$t(common.ok) and @:brand.name", "# and #"),
            ("Das Feld :attribute fehlt.", "Das Feld # fehlt."),
            (
                "Click <0>here</0> or <a href=\"/x\">there</a>",
                "Click #here# or #there#",
            ),
            ("Total: ${amount}", "Total: #"),
            ("Hi <%= user.name %> and *|FNAME|*", "Hi # and #"),
            ("{% if vip %}VIP{% endif %}", "#VIP#"),
        ];
        for (text, expected) in cases {
            assert_eq!(masked(text), expected, "{text}");
        }
    }

    #[test]
    fn icu_plural_keeps_variant_text_and_masks_syntax() {
        assert_eq!(
            masked(
                "Du hast {count, plural, =0 {keine Nachricht} one {# Nachricht} other {# Nachrichten}}."
            ),
            "Du hast #keine Nachricht# Nachricht# Nachrichten#."
        );
        assert_eq!(
            masked("{gender, select, female {Sie} other {Er}} kommt"),
            "#Sie#Er# kommt"
        );
    }

    #[test]
    fn prose_with_colons_percent_and_unbalanced_braces_is_kept() {
        for text in [
            "Note: 50 % off",
            "Ratio 3:2 and {unclosed",
            "a > b < c",
            "mail@example",
        ] {
            assert_eq!(masked(text), text);
        }
    }

    #[test]
    fn scalars_align_through_escapes_quotes_and_folding() {
        let source = r#"x: "Grüße\u0021 \"du\" 🚀\nnext""#;
        let raw = &source[3..];
        let mut builder = MessageBuilder::new();
        builder.push_scalar(raw, 3, "Grüße! \"du\" 🚀\nnext", Escapes::Backslash);
        let segment = builder.finish("k").unwrap();
        assert_eq!(segment.text, "Grüße! \"du\" 🚀 next");
        let du = segment.text.find("du").unwrap();
        assert_eq!(&source[segment.source_range(du..du + 2)], "du");
        let next = segment.text.find("next").unwrap();
        assert_eq!(&source[segment.source_range(next..next + 4)], "next");
        let bang = segment.text.find('!').unwrap();
        assert_eq!(&source[segment.source_range(bang..bang + 1)], "\\u0021");

        let source = "k: >-\n  Folded 中文\n  line\n";
        let mut builder = MessageBuilder::new();
        builder.push_scalar(
            &source[3..source.len() - 1],
            3,
            "Folded 中文 line",
            Escapes::None,
        );
        let segment = builder.finish("k").unwrap();
        let line = segment.text.find("line").unwrap();
        assert_eq!(segment.source_range(line..line + 4), 24..28);
        assert_eq!(&source[24..28], "line");
    }

    #[test]
    fn keys_suggest_kinds() {
        assert_eq!(kind_of_key("hero.title"), SegmentKind::Title);
        assert_eq!(kind_of_key("features[2].details"), SegmentKind::Paragraph);
        assert_eq!(kind_of_key("meta-description"), SegmentKind::Description);
        assert_eq!(kind_of_key("logo.alt"), SegmentKind::AltText);
        assert_eq!(kind_of_key("section_heading"), SegmentKind::Heading);
    }
}
