//! JSON locale files: i18next and vue-i18n nested keys, WebExtension `_locales/*/messages.json`
//! and Docusaurus `code.json` (`{"key": {"message": …, "description": …}}`), FormatJS
//! (`defaultMessage`), Flutter `.arb` (`@key` metadata, `@@locale`).
//!
//! JSON is YAML 1.2's flow syntax, so the YAML walk reads it (`yaml.rs`): one parser with exact
//! spans for both, and the same rules for which values are copy.

use super::Parsed;

/// Read a JSON locale file.
pub fn parse(source: &str) -> Parsed {
    super::yaml::read_tree(source, "JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_keys_escapes_and_tabs_keep_exact_positions() {
        let source = "{\n\t\"nav\": {\n\t\t\"home\": \"Startseite \\u00fcber {{count}}\",\n\t\t\"emoji\": \"Los 🚀 geht\\u2019s\"\n\t},\n\t\"@@locale\": \"de\"\n}\n";
        let parsed = parse(source);
        assert!(parsed.notes.is_empty(), "{:?}", parsed.notes);
        assert_eq!(parsed.metadata.language.as_deref(), Some("de"));
        let home = &parsed.segments[0];
        assert_eq!(home.key.as_deref(), Some("nav.home"));
        assert_eq!(home.text, "Startseite über \u{FFFC}");
        let uber = home.text.find("über").unwrap();
        assert_eq!(
            &source[home.source_range(uber..uber + "über".len())],
            "\\u00fcber"
        );
        let emoji = &parsed.segments[1];
        assert_eq!(emoji.text, "Los 🚀 geht’s");
        let geht = emoji.text.find("geht").unwrap();
        assert_eq!(&source[emoji.source_range(geht..geht + 4)], "geht");
    }
}
