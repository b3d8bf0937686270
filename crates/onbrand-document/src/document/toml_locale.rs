//! TOML locale files: Hugo's `i18n/de.toml` (`[home] other = "Startseite"`, or `home =
//! "Startseite"`), and any TOML translation file the path marks as one. Every string value is
//! a message keyed by its dotted path, read with the rules of the YAML walk (`yaml.rs`).
//!
//! Parsed with the `toml` crate's span-keeping document parser (`DeTable`), already a
//! dependency, which gives each value's exact source range in source order.

use serde_saphyr::granit_parser::ScalarStyle;
use toml::de::{DeTable, DeValue};

use super::yaml::{self, PathKey, Scalar};
use super::{Note, Parsed};

/// Read a TOML locale file.
pub fn parse(source: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let (table, errors) = DeTable::parse_recoverable(source);
    if let Some(error) = errors.first() {
        let at = error.span().map_or(0, |span| span.start).min(source.len());
        parsed.notes.push(Note {
            source: at..at,
            message: format!(
                "not valid TOML, some messages may not be read: {}",
                error.message().lines().next().unwrap_or("")
            ),
        });
    }
    walk_strings(source, table.get_ref(), &mut |scalar| {
        yaml::read_value(source, scalar, &mut parsed);
    });
    yaml::finish_tree(&mut parsed);
    parsed
}

/// Visit every string value of a parsed TOML `table` in source order, with its dotted path
/// and exact range in `source` (the text the table was parsed from), as the YAML walk does:
/// the messages of a locale file, the copy of a front matter block.
pub(super) fn walk_strings<'a>(
    source: &str,
    table: &'a DeTable<'a>,
    visit: &mut dyn FnMut(Scalar<'_>),
) {
    walk_table(source, table, &mut Vec::new(), visit);
}

fn walk_table<'a>(
    source: &str,
    table: &'a DeTable<'a>,
    keys: &mut Vec<PathKey<'a>>,
    visit: &mut dyn FnMut(Scalar<'_>),
) {
    for (key, value) in table {
        keys.push((key.get_ref().clone(), false));
        walk_value(source, value.get_ref(), value.span(), keys, visit);
        keys.pop();
    }
}

fn walk_value<'a>(
    source: &str,
    value: &'a DeValue<'a>,
    span: std::ops::Range<usize>,
    keys: &mut Vec<PathKey<'a>>,
    visit: &mut dyn FnMut(Scalar<'_>),
) {
    match value {
        DeValue::String(text) => {
            let raw = source.get(span.clone()).unwrap_or("");
            let (opening, style) = string_opening(raw);
            visit(Scalar {
                keys,
                value: text,
                style,
                range: span.start + opening..span.end,
            });
        }
        DeValue::Table(table) => walk_table(source, table, keys, visit),
        DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                keys.push((index.to_string().into(), true));
                walk_value(source, item.get_ref(), item.span(), keys, visit);
                keys.pop();
            }
        }
        _ => {}
    }
}

/// How many bytes of a TOML string's source come before its text, and the escapes it has:
/// a multi-line string's `"""` and the line break right after it; a basic string's `"` is
/// left for the scalar reader, which skips it.
fn string_opening(raw: &str) -> (usize, ScalarStyle) {
    for (quotes, style) in [
        ("\"\"\"", ScalarStyle::DoubleQuoted),
        ("'''", ScalarStyle::Literal),
    ] {
        if let Some(rest) = raw.strip_prefix(quotes) {
            let newline = if rest.starts_with("\r\n") {
                2
            } else {
                usize::from(rest.starts_with('\n'))
            };
            return (quotes.len() + newline, style);
        }
    }
    if let Some(rest) = raw.strip_prefix('\'') {
        return (raw.len() - rest.len(), ScalarStyle::Literal);
    }
    (0, ScalarStyle::DoubleQuoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_i18n_tables_and_plain_keys_with_positions() {
        let source = "[home]\nother = \"Startseite für dich 🚀\"\n\nreadMore = 'Weiterlesen über 中文'\n\n[posts]\none = \"\"\"\nEin Beitrag\"\"\"\nother = \"{{ .Count }} Beiträge\"\n";
        let parsed = parse(source);
        assert!(parsed.notes.is_empty(), "{:?}", parsed.notes);
        let found = crate::document::keyed_texts(&parsed);
        assert_eq!(
            found,
            [
                ("home.other", "Startseite für dich 🚀"),
                ("home.readMore", "Weiterlesen über 中文"),
                ("posts.one", "Ein Beitrag"),
                ("posts.other", "\u{FFFC} Beiträge"),
            ]
        );
        for segment in &parsed.segments {
            let words = segment
                .text
                .split(['\u{FFFC}', ' '])
                .filter(|w| !w.is_empty());
            for word in words {
                let at = segment.text.find(word).unwrap();
                assert_eq!(&source[segment.source_range(at..at + word.len())], word);
            }
        }
    }
}
