//! What is never prose, whatever the format: template placeholders, URLs and e-mail addresses.
//!
//! Placeholders are masked in the raw source before a format parser runs (see
//! [`MASK_BYTE`]), because template syntax is applied to the file as
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

/// Hugo shortcodes whose content is code, not prose: `{{< highlight go >}}…{{< /highlight >}}`.
const CODE_SHORTCODES: &[&str] = &["highlight", "code", "mermaid"];

/// Overwrite every template placeholder in `source` with [`MASK_BYTE`], length for length, and
/// the content of code shortcodes (`CODE_SHORTCODES`) too, keeping its line breaks.
///
/// Returns the source unchanged (borrowed) when it has no placeholder, which is the common case.
pub fn mask_placeholders(source: &str) -> std::borrow::Cow<'_, str> {
    if !has_placeholder_opener(source) || !PLACEHOLDER.is_match(source) {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut bytes = source.as_bytes().to_vec();
    for found in PLACEHOLDER.find_iter(source) {
        if let Some(end) = code_shortcode_end(source, found.as_str(), found.end()) {
            for byte in &mut bytes[found.start()..end] {
                if *byte != b'\n' && *byte != b'\r' {
                    *byte = MASK_BYTE;
                }
            }
        }
        bytes[found.range()].fill(MASK_BYTE);
    }
    // Every replaced byte belonged to whole characters matched by the regex and became ASCII, so
    // the result is valid UTF-8; the fallback is never taken.
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| source.to_owned()))
}

/// Whether `source` holds the two characters some placeholder syntax starts with (`{{`, `{%`,
/// `{#`, `<%`, `*|`, `${`, `%` and a letter): most files hold none, and then the placeholder
/// regex, whose bounded repetitions take tens of millions of instructions to compile, is never
/// built (what a process checking one e-mail pays).
fn has_placeholder_opener(source: &str) -> bool {
    let bytes = source.as_bytes();
    let next_is = |at: usize, test: fn(u8) -> bool| bytes.get(at + 1).copied().is_some_and(test);
    memchr::memchr3_iter(b'{', b'<', b'*', bytes).any(|at| match bytes[at] {
        b'{' => next_is(at, |b| matches!(b, b'{' | b'%' | b'#')),
        b'<' => next_is(at, |b| b == b'%'),
        _ => next_is(at, |b| b == b'|'),
    }) || memchr::memchr2_iter(b'$', b'%', bytes).any(|at| match bytes[at] {
        b'$' => next_is(at, |b| b == b'{'),
        _ => next_is(at, |b| b.is_ascii_alphabetic() || b == b'_'),
    })
}

/// Where the closing tag of a code shortcode opened by `tag` (ending at `after`) ends.
fn code_shortcode_end(source: &str, tag: &str, after: usize) -> Option<usize> {
    let inner = tag
        .strip_prefix("{{")?
        .trim_start_matches(['<', '%'])
        .trim_start();
    let name = CODE_SHORTCODES.iter().find(|name| {
        inner.strip_prefix(**name).is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '%')
        })
    })?;
    let rest = source.get(after..)?;
    let mut from = 0;
    while let Some(found) = rest.get(from..)?.find("{{") {
        let at = from + found;
        let closing = rest[at + 2..]
            .trim_start_matches(['<', '%'])
            .trim_start()
            .strip_prefix('/')
            .is_some_and(|r| r.trim_start().starts_with(name));
        if closing {
            let end = rest[at..].find("}}").map(|i| at + i + 2)?;
            return Some(after + end);
        }
        from = at + 2;
    }
    None
}

/// Searchers for what a URL with a scheme contains, built once: `memmem::find` builds a
/// searcher on every call, which in a short segment cost more than the search (this runs for
/// every segment of every document).
static SCHEME_NEEDLES: LazyLock<[memchr::memmem::Finder<'static>; 4]> =
    LazyLock::new(|| ["://", "mailto:", "tel:", "MAILTO:"].map(memchr::memmem::Finder::new));

/// Searchers for the start of a URL without a scheme (see [`SCHEME_NEEDLES`]).
static WWW_NEEDLES: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
    LazyLock::new(|| ["www.", "WWW."].map(memchr::memmem::Finder::new));

/// Ranges of URLs and e-mail addresses in a segment's prose, sorted and disjoint.
pub fn prose_masks(text: &str) -> Vec<Range<usize>> {
    // Most prose has none: look for what every match must contain before running the regex.
    let bytes = text.as_bytes();
    let has = |finders: &[memchr::memmem::Finder<'static>]| {
        finders.iter().any(|finder| finder.find(bytes).is_some())
    };
    let candidate = memchr::memchr(b'@', bytes).is_some()
        || (memchr::memchr(b':', bytes).is_some() && has(&*SCHEME_NEEDLES))
        || has(&*WWW_NEEDLES);
    if !candidate {
        return Vec::new();
    }
    URL_OR_ADDRESS
        .find_iter(text)
        .map(|found| found.range())
        .collect()
}

/// What a configuration says is not prose beyond what onbrand masks itself (`ignore-tokens`,
/// `ignore-blocks` in `onbrand.toml`; Vale's `TokenIgnores` and `BlockIgnores`): regexes whose
/// matches are masked in the source before parsing, like template placeholders, so they read as
/// opaque stand-ins (code) and every position after them stays exact.
#[derive(Clone, Debug, Default)]
pub struct Ignores {
    /// Masked where they match (inline: a shortcode, a product token).
    pub tokens: Vec<Regex>,
    /// Masked from the start of the line where a match starts to the end of the line where it
    /// ends: a block (a shortcode pair and what it encloses) never leaves half a line behind.
    pub blocks: Vec<Regex>,
}

impl PartialEq for Ignores {
    fn eq(&self, other: &Self) -> bool {
        let patterns = |regexes: &[Regex]| -> Vec<String> {
            regexes.iter().map(|r| r.as_str().to_owned()).collect()
        };
        patterns(&self.tokens) == patterns(&other.tokens)
            && patterns(&self.blocks) == patterns(&other.blocks)
    }
}

impl Eq for Ignores {}

impl Ignores {
    /// Whether nothing is masked.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty() && self.blocks.is_empty()
    }

    /// `source` with every match overwritten by [`MASK_BYTE`], length for length; line breaks
    /// inside a match are kept, so lines (and the blocks they make) stay where they are. `None`
    /// when nothing matches.
    pub fn mask(&self, source: &str) -> Option<String> {
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for regex in &self.tokens {
            ranges.extend(regex.find_iter(source).map(|found| found.range()));
        }
        for regex in &self.blocks {
            for found in regex.find_iter(source) {
                let start = source[..found.start()].rfind('\n').map_or(0, |i| i + 1);
                let end = source[found.end()..]
                    .find('\n')
                    .map_or(source.len(), |i| found.end() + i);
                ranges.push(start..end);
            }
        }
        ranges.retain(|range| !range.is_empty());
        if ranges.is_empty() {
            return None;
        }
        let mut bytes = source.as_bytes().to_vec();
        for range in ranges {
            for byte in &mut bytes[range] {
                if *byte != b'\n' && *byte != b'\r' {
                    *byte = MASK_BYTE;
                }
            }
        }
        // Each range covers whole characters (a regex match, or whole lines), and every byte
        // of them became ASCII: the result is valid UTF-8. The fallback is never taken.
        Some(String::from_utf8(bytes).unwrap_or_else(|_| source.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_tokens_and_blocks_are_masked_keeping_lines() {
        let ignores = Ignores {
            tokens: vec![Regex::new(r"\*\*\{\w*\}\*\*").unwrap()],
            blocks: vec![Regex::new(r"(?s)\{< note >\}.*?\{< /note >\}").unwrap()],
        };
        let source = "Go **{dotted}** für 🚀 now.\nSee {< note >}\nhidden\n{< /note >} x\nEnd.\n";
        let masked = ignores.mask(source).unwrap();
        assert_eq!(masked.len(), source.len());
        assert_eq!(
            masked.replace(char::from(MASK_BYTE), "#"),
            "Go ############ für 🚀 now.\n##############\n######\n#############\nEnd.\n"
        );
        assert_eq!(ignores.mask("Nothing here.\n"), None);
        assert!(Ignores::default().is_empty() && !ignores.is_empty());
    }

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
            (
                "Hi {{< highlight go >}}\nfunc main() {}\n{{< /highlight >}} für 🚀",
                "Hi ####################\n##############\n################## für 🚀",
            ),
            (
                "{{< figure src=\"a.png\" >}} Text",
                "########################## Text",
            ),
        ];
        for (source, expected) in cases {
            assert!(has_placeholder_opener(source), "{source}");
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
            // Not even a placeholder's first two characters: the regex is not consulted.
            assert!(!has_placeholder_opener(source), "{source}");
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

    /// Each substring the quick check looks for lets its kind of URL through on its own.
    #[test]
    fn each_kind_of_url_passes_the_quick_check_alone() {
        for (text, url) in [
            ("Go to https://acme.example now", "https://acme.example"),
            ("Call tel:+4930123 today", "tel:+4930123"),
            ("Write to mailto:help now", "mailto:help"),
            ("Write to MAILTO:help now", "MAILTO:help"),
            ("Visit www.acme.example today", "www.acme.example"),
            ("Visit WWW.ACME.EXAMPLE today", "WWW.ACME.EXAMPLE"),
        ] {
            let found: Vec<&str> = prose_masks(text).into_iter().map(|r| &text[r]).collect();
            assert_eq!(found, [url], "{text}");
        }
        assert!(prose_masks("Plain prose: no links, www or schemes.").is_empty());
    }
}
