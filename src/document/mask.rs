//! What is never prose, whatever the format: template placeholders, URLs and e-mail addresses.
//!
//! Placeholders are masked in the raw source before a format parser runs (see
//! [`MASK_BYTE`](super::source_map::MASK_BYTE)), because template syntax is applied to the file as
//! a whole and can hide inside markup. URLs and addresses are masked in each segment's prose after
//! parsing, where the parser has already told links and code apart from running text.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::source_map::MASK_BYTE;

/// Template syntaxes of the e-mail and web tools content teams use.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\{\{\{?[^{}\n]{0,200}\}?\}\}", // Mustache, Handlebars, Liquid output, Go templates
        r"|\{%[^\n]{0,200}?%\}",         // Liquid, Jinja, Nunjucks tags
        r"|\{#[^\n]{0,200}?#\}",         // Jinja comments
        r"|<%[^\n]{0,200}?%>",           // ERB, EJS
        r"|\*\|[A-Za-z0-9_:]{1,64}\|\*", // Mailchimp merge tags
        r"|%recipient(?:\.[A-Za-z0-9_-]{1,64})?%", // Mailgun recipient variables
        r"|%[A-Za-z_][A-Za-z0-9_]{0,63}(?:\.[A-Za-z0-9_]{1,64})+%", // dotted %vars%
        r"|\$\{[^}\n]{0,200}\}",         // ${var}: JavaScript template literals, shell-style
    ))
    .expect("placeholder pattern is valid")
});

/// URLs with a scheme or a `www.` prefix, and e-mail addresses. Word boundaries are ASCII
/// (`(?-u:\b)`): URLs and addresses are ASCII at their edges, and Unicode `\b` would push the
/// regex engine off its fast path for every segment of every document.
static URL_OR_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?-u:\b)(?:https?|ftp|mailto|file|tel):[^\s<>\x22\x27\x60]+[^\s<>\x22\x27\x60.,;:!?)\]}]",
        r"|(?-u:\b)www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[^\s<>\x22\x27\x60]*[^\s<>\x22\x27\x60.,;:!?)\]}])?",
        r"|(?-u:\b)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?-u:\b)",
    ))
    .expect("URL pattern is valid")
});

/// Overwrite every template placeholder in `source` with [`MASK_BYTE`], length for length.
///
/// Returns the source unchanged (borrowed) when it has no placeholder, which is the common case.
pub fn mask_placeholders(source: &str) -> std::borrow::Cow<'_, str> {
    if !source.contains(['{', '*', '%', '<', '$']) || !PLACEHOLDER.is_match(source) {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut bytes = source.as_bytes().to_vec();
    for found in PLACEHOLDER.find_iter(source) {
        bytes[found.range()].fill(MASK_BYTE);
    }
    // Every replaced byte belonged to whole characters matched by the regex and became ASCII, so
    // the result is valid UTF-8; the fallback is never taken.
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| source.to_owned()))
}

/// Ranges of URLs and e-mail addresses in a segment's prose, sorted and disjoint.
pub fn prose_masks(text: &str) -> Vec<Range<usize>> {
    // Most prose has none: look for what every match must contain before running the regex.
    let bytes = text.as_bytes();
    let has = |needle: &str| memchr::memmem::find(bytes, needle.as_bytes()).is_some();
    let candidate = memchr::memchr(b'@', bytes).is_some()
        || (memchr::memchr(b':', bytes).is_some()
            && (has("://") || has("mailto:") || has("tel:") || has("MAILTO:")))
        || has("www.")
        || has("WWW.");
    if !candidate {
        return Vec::new();
    }
    URL_OR_ADDRESS
        .find_iter(text)
        .map(|found| found.range())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(source: &str) -> String {
        mask_placeholders(source).replace(char::from(MASK_BYTE), "#")
    }

    #[test]
    fn every_placeholder_style_is_masked_length_for_length() {
        let cases = [
            ("Hi {{ first_name }}!", "Hi ################!"),
            ("Hi {{{name}}}!", "Hi ##########!"),
            ("{% if vip %}VIP{% endif %}", "############VIP###########"),
            ("Hello {{.Name}}, bye", "Hello #########, bye"),
            ("Dear *|FNAME|*,", "Dear #########,"),
            ("Dear %recipient.name%,", "Dear ################,"),
            ("Total: ${amount} due", "Total: ######### due"),
            ("<%= user.name %> joined", "################ joined"),
            ("Grüße {{ 名字 }}", "Grüße ############"),
        ];
        for (source, expected) in cases {
            assert_eq!(masked(source), expected, "{source}");
            assert_eq!(mask_placeholders(source).len(), source.len());
        }
    }

    #[test]
    fn percentages_and_prices_are_not_placeholders() {
        for source in [
            "Save 50% today and 20% tomorrow",
            "It costs $5 {not a var}",
            "a * b | c",
        ] {
            assert_eq!(masked(source), source);
        }
    }

    #[test]
    fn urls_and_addresses_are_found_without_trailing_punctuation() {
        let text =
            "See https://acme.example/docs?x=1. Or www.acme.example, or mail help@acme.example.";
        let found: Vec<&str> = prose_masks(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "https://acme.example/docs?x=1",
                "www.acme.example",
                "help@acme.example"
            ]
        );
    }
}
