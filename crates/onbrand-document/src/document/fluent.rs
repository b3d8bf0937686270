//! Project Fluent (`.ftl`, Mozilla's sites and Firefox): each message's value and each of its
//! attributes is a message (`hero-title`, `hero-title.alt`); terms (`-brand-name`) too.
//!
//! Parsed with `fluent-syntax`, the Fluent project's own parser. Its syntax tree borrows every
//! text element from the source, so a text's position is where its slice lies in the source.
//! Placeables (`{ $name }`, `{ -brand-name }`, function calls) are opaque; in a select
//! expression the default variant (`*[other]`) is read in place, so the sentence around it
//! reads whole, and every other variant is a message of its own (`emails[one]`). Comments are
//! notes for translators, never copy. Entries the parser rejects (junk) are reported as notes.

use fluent_syntax::ast::{self, Expression, PatternElement};

use super::messages::MessageBuilder;
use super::{Note, Parsed, Segment};

/// How deep placeables may nest (`{ { … } }`): real messages nest two or three deep, while
/// `fluent-syntax` and the walk below recurse once per level, so thousands of `{` would
/// overflow the stack.
const MAX_NESTING: usize = 100;

/// Read a Fluent resource.
pub fn parse(source: &str) -> Parsed {
    if let Some(at) = too_deep(source) {
        return Parsed {
            notes: vec![Note {
                source: at..at + 1,
                message: format!(
                    "placeables nested more than {MAX_NESTING} deep here: this file is not read"
                ),
            }],
            ..Parsed::default()
        };
    }
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource,
        Err((resource, _)) => resource,
    };
    let mut parsed = Parsed::default();
    for entry in &resource.body {
        match entry {
            ast::Entry::Message(message) => {
                let id = message.id.name;
                if let Some(value) = &message.value {
                    read_pattern(source, id, value, &mut parsed.segments);
                }
                read_attributes(source, id, &message.attributes, &mut parsed.segments);
            }
            ast::Entry::Term(term) => {
                let id = format!("-{}", term.id.name);
                read_pattern(source, &id, &term.value, &mut parsed.segments);
                read_attributes(source, &id, &term.attributes, &mut parsed.segments);
            }
            ast::Entry::Junk { content } => {
                parsed.notes.push(junk_note(source, content));
            }
            _ => {}
        }
    }
    parsed
}

/// A note on the first line of a rejected entry. The parser resumes at the next line that
/// starts an entry *after* the error, which may be several entries on (an unclosed `{` reads
/// the lines after it as its contents): the note says how many lines are not read, so that
/// the writer knows findings there are missing.
fn junk_note(source: &str, junk: &str) -> Note {
    let at = offset_in(source, junk);
    let first = junk.lines().next().unwrap_or("");
    let lines = junk.trim_end().lines().count();
    let message = if lines > 1 {
        format!("not valid Fluent: this entry and the lines after it, {lines} in all, are not read")
    } else {
        "not valid Fluent, this entry is not read".to_owned()
    };
    Note {
        source: at..at + first.len(),
        message,
    }
}

/// Where `{` first opens a placeable deeper than [`MAX_NESTING`]. Every `{` counts, even one
/// in a string literal (`{ "{" }`) or a comment: an over-count, which is harmless at a limit
/// no real file comes near.
fn too_deep(source: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, byte) in source.bytes().enumerate() {
        match byte {
            b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(at);
                }
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn read_attributes(
    source: &str,
    id: &str,
    attributes: &[ast::Attribute<&str>],
    out: &mut Vec<Segment>,
) {
    for attribute in attributes {
        let key = format!("{id}.{}", attribute.id.name);
        read_pattern(source, &key, &attribute.value, out);
    }
}

/// Read a pattern as the message `key`, and each non-default variant of its select
/// expressions as a message of its own.
fn read_pattern(source: &str, key: &str, pattern: &ast::Pattern<&str>, out: &mut Vec<Segment>) {
    let mut message = MessageBuilder::new();
    let mut variants = Vec::new();
    push_pattern(source, key, pattern, &mut message, &mut variants);
    if let Some(segment) = message.finish(key) {
        out.push(segment);
    }
    for (variant_key, variant) in variants {
        read_pattern(source, &variant_key, variant, out);
    }
}

/// Append a pattern's text to `message`; collect the non-default variants of its selects.
fn push_pattern<'a>(
    source: &str,
    key: &str,
    pattern: &'a ast::Pattern<&'a str>,
    message: &mut MessageBuilder,
    variants: &mut Vec<(String, &'a ast::Pattern<&'a str>)>,
) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => {
                message.push_source(value, offset_in(source, value));
            }
            PatternElement::Placeable {
                expression: Expression::Select { variants: all, .. },
            } => {
                for variant in all {
                    if variant.default {
                        push_pattern(source, key, &variant.value, message, variants);
                    } else {
                        let name = match &variant.key {
                            ast::VariantKey::Identifier { name } => name,
                            ast::VariantKey::NumberLiteral { value } => value,
                        };
                        variants.push((format!("{key}[{name}]"), &variant.value));
                    }
                }
            }
            PatternElement::Placeable {
                expression: Expression::Inline(inline),
            } => {
                let range = inline_range(source, inline);
                message.push_opaque(range);
            }
        }
    }
}

/// The source range of an inline expression, as near as its borrowed slices tell: its name or
/// literal (the braces around it are not in the tree).
fn inline_range(source: &str, inline: &ast::InlineExpression<&str>) -> std::ops::Range<usize> {
    use ast::InlineExpression as Inline;
    let slice = match inline {
        Inline::StringLiteral { value } | Inline::NumberLiteral { value } => *value,
        Inline::FunctionReference { id, .. }
        | Inline::MessageReference { id, .. }
        | Inline::TermReference { id, .. }
        | Inline::VariableReference { id } => id.name,
        Inline::Placeable { expression } => match expression.as_ref() {
            Expression::Inline(inner) => return inline_range(source, inner),
            Expression::Select { selector, .. } => return inline_range(source, selector),
        },
    };
    let start = offset_in(source, slice);
    start..start + slice.len()
}

/// The offset of `slice`, which the parser borrowed from `source`, in `source`.
fn offset_in(source: &str, slice: &str) -> usize {
    let offset = (slice.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
    if offset <= source.len() { offset } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeables_nested_too_deep_are_a_note_not_a_stack_overflow() {
        let at_limit = format!(
            "hi = {}x{}\n",
            "{ ".repeat(MAX_NESTING),
            " }".repeat(MAX_NESTING)
        );
        assert!(
            parse(&at_limit)
                .notes
                .iter()
                .all(|n| !n.message.contains("nested"))
        );
        let source = format!("ok = Fine\nhi = {}\n", "{".repeat(30_000));
        let parsed = parse(&source);
        assert!(parsed.segments.is_empty());
        assert_eq!(parsed.notes.len(), 1);
        assert_eq!(
            parsed.notes[0].source.start,
            "ok = Fine\nhi = ".len() + MAX_NESTING
        );
        assert!(
            parsed.notes[0]
                .message
                .starts_with("placeables nested more than 100 deep")
        );
    }

    const RESOURCE: &str = "# Kommentar: nicht prüfen\n-brand-name = Fernweh\nhero-title = Willkommen bei { -brand-name }, { $name }! 🚀\n    .alt = Ein Bild über 中文\nemails = { $count ->\n    [one] Du hast eine E-Mail.\n   *[other] Du hast { $count } E-Mails.\n}\nmulti =\n    Erste Zeile\n    zweite Zeile.\n";

    #[test]
    fn messages_attributes_and_variants_with_positions() {
        let parsed = parse(RESOURCE);
        assert!(parsed.notes.is_empty(), "{:?}", parsed.notes);
        let found = crate::document::keyed_texts(&parsed);
        assert_eq!(
            found,
            [
                ("-brand-name", "Fernweh"),
                ("hero-title", "Willkommen bei \u{FFFC}, \u{FFFC}! 🚀"),
                ("hero-title.alt", "Ein Bild über 中文"),
                ("emails", "Du hast \u{FFFC} E-Mails."),
                ("emails[one]", "Du hast eine E-Mail."),
                ("multi", "Erste Zeile zweite Zeile."),
            ]
        );
        for segment in &parsed.segments {
            for (word_start, word) in segment.text.match_indices("über") {
                let range = segment.source_range(word_start..word_start + word.len());
                assert_eq!(&RESOURCE[range], "über");
            }
        }
        let multi = &parsed.segments[5];
        let at = multi.text.find("zweite").unwrap();
        assert_eq!(&RESOURCE[multi.source_range(at..at + 6)], "zweite");
    }

    #[test]
    fn junk_is_a_note() {
        let parsed = parse("good = Fine text\nbad entry without equals\n");
        assert_eq!(parsed.segments.len(), 1);
        assert_eq!(parsed.notes.len(), 1);
        assert_eq!(
            parsed.notes[0].message,
            "not valid Fluent, this entry is not read"
        );
    }

    #[test]
    fn junk_that_swallows_the_next_entries_says_how_many_lines() {
        // The unclosed `{` takes `other = …` as its contents; the parser resumes after it.
        let source = "key = An e-mail {\n\nother = Another e-mail.\nlast = Read again.\n";
        let parsed = parse(source);
        let keys: Vec<_> = parsed.segments.iter().map(|s| s.key.as_deref()).collect();
        assert_eq!(keys, [Some("last")]);
        assert_eq!(parsed.notes.len(), 1);
        assert_eq!(parsed.notes[0].source, 0..17);
        assert_eq!(
            parsed.notes[0].message,
            "not valid Fluent: this entry and the lines after it, 3 in all, are not read"
        );
    }
}
