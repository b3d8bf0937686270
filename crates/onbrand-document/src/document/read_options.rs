//! What a configuration tells the format parsers beyond the format itself: what is not prose
//! (`ignore-tokens`, `ignore-blocks`) and which front matter keys and markup attributes are.
//!
//! Site generators and component libraries put copy in places no parser can know about: a
//! theme's `cta.label` in front matter, a `<Callout caption="…">` prop. The defaults cover the
//! common generators ([`front_matter::COPY_KEYS`](super::front_matter::COPY_KEYS),
//! [`DEFAULT_PROSE_ATTRIBUTES`]); a configuration adds keys, gives a key another scope, or
//! turns a default off.

use super::SegmentKind;
use super::mask::Ignores;

/// Attributes whose string values are prose in HTML and in MDX's JSX: what a screen reader
/// reads out or a tooltip shows.
pub const DEFAULT_PROSE_ATTRIBUTES: &[(&str, SegmentKind)] = &[
    ("alt", SegmentKind::AltText),
    ("title", SegmentKind::Title),
    ("aria-label", SegmentKind::AltText),
];

/// The options every parse takes; the default is what onbrand reads with no configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// What is masked as non-prose before parsing.
    pub ignores: Ignores,
    /// Front matter keys (dotted paths, `[]` for any list item) whose values are copy.
    pub front_matter: KeyScopes,
    /// HTML and JSX attributes whose string values are copy.
    pub prose_attributes: KeyScopes,
}

impl ReadOptions {
    /// True when these options read a document exactly as the defaults do.
    pub fn is_default(&self) -> bool {
        self.ignores.is_empty() && self.front_matter.is_empty() && self.prose_attributes.is_empty()
    }
}

/// A configuration's changes to a list of keys and the scope (segment kind) of their values:
/// `Some(kind)` reads a key as that kind of prose, `None` says it is not copy. Keys it does not
/// name keep their default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyScopes {
    changes: Vec<(String, Option<SegmentKind>)>,
}

impl KeyScopes {
    /// Keys and their scopes (`None`: not copy), as a configuration lists them.
    pub fn new(changes: Vec<(String, Option<SegmentKind>)>) -> KeyScopes {
        KeyScopes { changes }
    }

    /// Whether the configuration changes no key.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The scope of the value at `key`: the configuration's when it names the key, else the
    /// default's; `None` when the value is not copy. `same` compares a configured or default
    /// key with `key` (exact for front matter and JSX, ASCII case-insensitive for HTML).
    pub fn scope_of(
        &self,
        key: &str,
        defaults: &[(&str, SegmentKind)],
        same: impl Fn(&str, &str) -> bool,
    ) -> Option<SegmentKind> {
        if let Some((_, scope)) = self.changes.iter().find(|(name, _)| same(name, key)) {
            return *scope;
        }
        defaults
            .iter()
            .find(|(name, _)| same(name, key))
            .map(|(_, kind)| *kind)
    }

    /// Every key whose values are copy, with its scope: the defaults as changed, then the
    /// configuration's own additions. For parsers that look for each name in turn.
    pub fn effective(&self, defaults: &[(&str, SegmentKind)]) -> Vec<(String, SegmentKind)> {
        let configured = |name: &str| self.changes.iter().find(|(key, _)| key == name);
        let mut keys: Vec<(String, SegmentKind)> = defaults
            .iter()
            .filter_map(|(name, kind)| match configured(name) {
                Some((_, scope)) => scope.map(|scope| ((*name).to_owned(), scope)),
                None => Some(((*name).to_owned(), *kind)),
            })
            .collect();
        for (name, scope) in &self.changes {
            if let Some(scope) = scope
                && !defaults.iter().any(|(key, _)| key == name)
            {
                keys.push((name.clone(), *scope));
            }
        }
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULTS: &[(&str, SegmentKind)] = &[
        ("title", SegmentKind::Title),
        ("excerpt", SegmentKind::Description),
    ];

    fn exact(a: &str, b: &str) -> bool {
        a == b
    }

    #[test]
    fn configured_keys_add_rescope_and_turn_off_defaults() {
        let scopes = KeyScopes::new(vec![
            ("cta.label".to_owned(), Some(SegmentKind::Paragraph)),
            ("title".to_owned(), Some(SegmentKind::Heading)),
            ("excerpt".to_owned(), None),
        ]);
        assert_eq!(
            scopes.scope_of("cta.label", DEFAULTS, exact),
            Some(SegmentKind::Paragraph)
        );
        assert_eq!(
            scopes.scope_of("title", DEFAULTS, exact),
            Some(SegmentKind::Heading)
        );
        assert_eq!(scopes.scope_of("excerpt", DEFAULTS, exact), None);
        assert_eq!(scopes.scope_of("author", DEFAULTS, exact), None);
        assert_eq!(
            scopes.effective(DEFAULTS),
            [
                ("title".to_owned(), SegmentKind::Heading),
                ("cta.label".to_owned(), SegmentKind::Paragraph),
            ]
        );
    }

    #[test]
    fn no_configuration_means_the_defaults() {
        let scopes = KeyScopes::default();
        assert_eq!(
            scopes.scope_of("TITLE", DEFAULTS, |a, b| a.eq_ignore_ascii_case(b)),
            Some(SegmentKind::Title)
        );
        assert_eq!(scopes.effective(DEFAULTS).len(), 2);
        assert!(ReadOptions::default().is_default());
    }
}
