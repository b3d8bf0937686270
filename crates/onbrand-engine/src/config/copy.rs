//! `[copy]` in `onbrand.toml`: copy that lives where no parser can know it is copy.
//!
//! ```toml
//! [copy]
//! # Front matter keys whose values are copy, with the scope each is checked as. Dotted paths,
//! # `[]` for any item of a list; `false` turns a default key off.
//! front-matter = { "cta.label" = "paragraph", "pricing.plans[].blurb" = "paragraph", excerpt = false }
//! # HTML and MDX (JSX) attributes whose string values are copy.
//! attributes = { placeholder = "paragraph", caption = "paragraph", title = false }
//! ```
//!
//! The defaults (a page's `title` and `description`, `hero.text`, `features[].details`…; the
//! `alt`, `title` and `aria-label` attributes) cover the common site generators; a theme's own
//! keys or a component library's props are the team's to name.

use indexmap::IndexMap;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::ErrorAt;
use crate::document::SegmentKind;
use crate::document::read_options::KeyScopes;
use crate::guideline::GuidelineError;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CopySpec {
    #[serde(default, rename = "front-matter")]
    front_matter: IndexMap<Spanned<String>, Spanned<CopyScope>>,
    #[serde(default)]
    attributes: IndexMap<Spanned<String>, Spanned<CopyScope>>,
}

/// A key's value in `[copy]`: the scope its values are checked as, or `false` for not copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
enum CopyScope {
    Scope(SegmentKind),
    NotCopy,
}

impl<'de> Deserialize<'de> for CopyScope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CopyScopeVisitor)
    }
}

struct CopyScopeVisitor;

impl Visitor<'_> for CopyScopeVisitor {
    type Value = CopyScope;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a scope such as \"paragraph\", or false")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<CopyScope, E> {
        SegmentKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
            .map(CopyScope::Scope)
            .ok_or_else(|| {
                let names = SegmentKind::ALL.map(SegmentKind::name);
                E::custom(format!(
                    "`{name}` is not a scope{}; one of {}",
                    crate::suggest::did_you_mean(name, names),
                    names.join(", ")
                ))
            })
    }

    fn visit_bool<E: de::Error>(self, copy: bool) -> Result<CopyScope, E> {
        if copy {
            Err(E::custom(
                "`true` names no scope: give one (\"paragraph\", \"heading\"…), or `false` to say the values are not copy",
            ))
        } else {
            Ok(CopyScope::NotCopy)
        }
    }
}

/// The keys `[copy]` changes, compiled for the parsers.
pub(super) struct CopyKeys {
    pub(super) front_matter: KeyScopes,
    pub(super) attributes: KeyScopes,
}

impl CopySpec {
    /// The configured keys, each checked; a wrong one is reported in `errors` at its name.
    pub(super) fn compile(&self, error_at: &ErrorAt, errors: &mut Vec<GuidelineError>) -> CopyKeys {
        CopyKeys {
            front_matter: checked_keys(
                &self.front_matter,
                front_matter_key_problem,
                error_at,
                errors,
            ),
            attributes: checked_keys(&self.attributes, attribute_problem, error_at, errors),
        }
    }
}

/// The keys of `table` that `problem` finds nothing wrong with, with their scopes; each
/// problem is reported in `errors` at its key.
fn checked_keys(
    table: &IndexMap<Spanned<String>, Spanned<CopyScope>>,
    problem: fn(&str) -> Option<String>,
    error_at: &ErrorAt,
    errors: &mut Vec<GuidelineError>,
) -> KeyScopes {
    let mut keys = Vec::new();
    for (key, scope) in table {
        match problem(key.get_ref()) {
            Some(problem) => errors.push(error_at(key.span(), problem)),
            None => keys.push((key.get_ref().clone(), scope.get_ref().kind())),
        }
    }
    KeyScopes::new(keys)
}

impl CopyScope {
    fn kind(self) -> Option<SegmentKind> {
        match self {
            CopyScope::Scope(kind) => Some(kind),
            CopyScope::NotCopy => None,
        }
    }
}

/// Front matter keys read as metadata, never as copy.
const METADATA_KEYS: &[&str] = &["channel", "lang", "language", "locale"];

/// Why `key` can never match a front matter value, if it cannot.
fn front_matter_key_problem(key: &str) -> Option<String> {
    if METADATA_KEYS.contains(&key) {
        return Some(format!(
            "`{key}` is read as metadata (the file's channel or language), not as copy"
        ));
    }
    let parts: Vec<&str> = key.split('.').collect();
    for part in &parts {
        let name = part.trim_end_matches("[]");
        if name.is_empty() || name.contains(['[', ']']) {
            let hint = numbered_item_hint(key);
            return Some(format!(
                "`{key}` is not a key path: name keys with dots, and `[]` for any item of a list (`features[].details`){hint}"
            ));
        }
    }
    None
}

/// `" (did you mean `features[].title`?)"` for `features[0].title`: items are not numbered.
fn numbered_item_hint(key: &str) -> String {
    let mut fixed = String::with_capacity(key.len());
    let mut rest = key;
    while let Some(open) = rest.find('[') {
        fixed.push_str(&rest[..open]);
        let Some(close) = rest[open..].find(']') else {
            return String::new();
        };
        fixed.push_str("[]");
        rest = &rest[open + close + 1..];
    }
    fixed.push_str(rest);
    if fixed != key && front_matter_key_problem(&fixed).is_none() {
        format!(" (did you mean `{fixed}`?)")
    } else {
        String::new()
    }
}

/// Why `name` can never be an attribute's name, if it cannot.
fn attribute_problem(name: &str) -> Option<String> {
    let invalid = name.is_empty()
        || name
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '=' | '<' | '>' | '/'));
    invalid.then(|| format!("`{name}` is not an attribute name"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::front_matter::COPY_KEYS;
    use crate::document::read_options::DEFAULT_PROSE_ATTRIBUTES;

    fn compile(toml_text: &str) -> (Option<CopyKeys>, Vec<String>) {
        #[derive(Deserialize)]
        struct File {
            copy: CopySpec,
        }
        let file: File = match toml::from_str(toml_text) {
            Ok(file) => file,
            Err(error) => return (None, vec![error.message().to_owned()]),
        };
        let error_at = |span: std::ops::Range<usize>, message: String| GuidelineError {
            file: "onbrand.toml".to_owned(),
            line: 1,
            column: u32::try_from(span.start).unwrap_or(0) + 1,
            message,
        };
        let mut errors = Vec::new();
        let keys = file.copy.compile(&error_at, &mut errors);
        (
            Some(keys),
            errors.into_iter().map(|error| error.message).collect(),
        )
    }

    #[test]
    fn keys_scopes_and_false_compile() {
        let (keys, errors) = compile(
            "[copy]\nfront-matter = { \"cta.label\" = \"paragraph\", excerpt = false }\nattributes = { Placeholder = \"alt-text\" }\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let keys = keys.unwrap();
        let exact = |a: &str, b: &str| a == b;
        assert_eq!(
            keys.front_matter.scope_of("cta.label", COPY_KEYS, exact),
            Some(SegmentKind::Paragraph)
        );
        assert_eq!(
            keys.front_matter.scope_of("excerpt", COPY_KEYS, exact),
            None
        );
        assert_eq!(
            keys.attributes
                .scope_of("placeholder", DEFAULT_PROSE_ATTRIBUTES, |a, b| a
                    .eq_ignore_ascii_case(b)),
            Some(SegmentKind::AltText)
        );
    }

    #[test]
    fn wrong_scopes_and_keys_are_errors_that_say_what_to_write() {
        let (_, errors) = compile("[copy]\nfront-matter = { title = \"paragrahp\" }\n");
        assert!(
            errors[0].contains("`paragrahp` is not a scope (did you mean `paragraph`?)"),
            "{errors:?}"
        );
        let (_, errors) = compile("[copy]\nfront-matter = { title = true }\n");
        assert!(errors[0].contains("`true` names no scope"), "{errors:?}");
        let (_, errors) = compile(
            "[copy]\nfront-matter = { \"features[0].title\" = \"heading\", \"hero..text\" = \"heading\", lang = \"title\" }\nattributes = { \"aria label\" = \"alt-text\" }\n",
        );
        assert_eq!(
            errors,
            [
                "`features[0].title` is not a key path: name keys with dots, and `[]` for any item of a list (`features[].details`) (did you mean `features[].title`?)",
                "`hero..text` is not a key path: name keys with dots, and `[]` for any item of a list (`features[].details`)",
                "`lang` is read as metadata (the file's channel or language), not as copy",
                "`aria label` is not an attribute name",
            ]
        );
    }
}
