//! What a rule's `scopes` name: a whole [`SegmentKind`], or a finer part of one that the markup
//! tells apart: a heading level, header or body cells of a table.
//!
//! Segments carry that finer part as their [`Detail`], set by the format readers where the
//! markup says it: a heading's level as the HTML it renders to would give it (`<h1>` … `<h6>`),
//! a table cell's row (`<th>` or `<td>`). A segment whose markup says nothing finer
//! ([`Detail::None`]) is in the scope of its whole kind only, never of a finer part: a rule
//! scoped to `heading-2` is not applied to a heading whose level is not known.

use super::{Segment, SegmentKind};

/// What a segment's markup says beyond its kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Detail {
    /// Nothing finer than the kind.
    #[default]
    None,
    /// A heading of this level, 1 (the top) to 6, as HTML numbers them.
    HeadingLevel(u8),
    /// A header cell (`<th>`, a Markdown table's first row).
    HeaderCell,
    /// A body cell (`<td>`).
    BodyCell,
    /// Not a part of the document but all of it: its source as written, markup included
    /// ([`super::Document::raw_segment`]). Only the `raw` scope reaches it.
    Raw,
}

/// One entry of a rule's `scopes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Every segment of the kind (`heading`, `table-cell`).
    Kind(SegmentKind),
    /// Headings of one level (`heading-1` … `heading-6`).
    HeadingLevel(u8),
    /// Header cells of tables (`table-header`).
    TableHeader,
    /// Body cells of tables (`table-body`).
    TableBody,
    /// The document's source as written, markup included, as one piece of text (`raw`): for
    /// rules about markup itself (`—` written as `&mdash;`, merge conflict markers).
    Raw,
}

impl Scope {
    /// Every finer scope, after the kinds, in the order documentation lists them.
    pub const FINER: [Scope; 9] = [
        Scope::HeadingLevel(1),
        Scope::HeadingLevel(2),
        Scope::HeadingLevel(3),
        Scope::HeadingLevel(4),
        Scope::HeadingLevel(5),
        Scope::HeadingLevel(6),
        Scope::TableHeader,
        Scope::TableBody,
        Scope::Raw,
    ];

    /// Is a segment of `kind` with `detail` in this scope?
    pub fn admits(self, kind: SegmentKind, detail: Detail) -> bool {
        if detail == Detail::Raw {
            return self == Scope::Raw;
        }
        match self {
            Scope::Kind(own) => own == kind,
            Scope::HeadingLevel(level) => {
                kind == SegmentKind::Heading && detail == Detail::HeadingLevel(level)
            }
            Scope::TableHeader => kind == SegmentKind::TableCell && detail == Detail::HeaderCell,
            Scope::TableBody => kind == SegmentKind::TableCell && detail == Detail::BodyCell,
            Scope::Raw => false,
        }
    }

    /// The kind a finer scope is part of (`heading-2` of `heading`); `None` for a kind itself
    /// and for `raw`, which is the whole file. A scope naming every finer part of a kind
    /// reaches the kind, its segments whose markup tells no finer part included.
    pub fn part_of(self) -> Option<SegmentKind> {
        match self {
            Scope::HeadingLevel(_) => Some(SegmentKind::Heading),
            Scope::TableHeader | Scope::TableBody => Some(SegmentKind::TableCell),
            Scope::Kind(_) | Scope::Raw => None,
        }
    }

    /// The kind and detail of a segment in this scope (for a rule's examples).
    pub fn example(self) -> (SegmentKind, Detail) {
        match self {
            Scope::Kind(kind) => (kind, Detail::None),
            Scope::HeadingLevel(level) => (SegmentKind::Heading, Detail::HeadingLevel(level)),
            Scope::TableHeader => (SegmentKind::TableCell, Detail::HeaderCell),
            Scope::TableBody => (SegmentKind::TableCell, Detail::BodyCell),
            Scope::Raw => (SegmentKind::Paragraph, Detail::Raw),
        }
    }

    /// Is `segment` in this scope?
    pub fn contains(self, segment: &Segment) -> bool {
        self.admits(segment.kind, segment.detail)
    }

    /// The scope's name as `scopes` write it (`heading`, `heading-2`, `table-header`).
    pub fn name(self) -> String {
        match self {
            Scope::Kind(kind) => kind.name().to_owned(),
            Scope::HeadingLevel(level) => format!("heading-{level}"),
            Scope::TableHeader => "table-header".to_owned(),
            Scope::TableBody => "table-body".to_owned(),
            Scope::Raw => "raw".to_owned(),
        }
    }

    /// The scope a name stands for, if any.
    pub fn from_name(name: &str) -> Option<Scope> {
        if let Some(kind) = SegmentKind::ALL.iter().find(|kind| kind.name() == name) {
            return Some(Scope::Kind(*kind));
        }
        Scope::FINER.into_iter().find(|scope| scope.name() == name)
    }

    /// Every scope name, kinds first: for error messages and documentation.
    pub fn names() -> Vec<String> {
        (SegmentKind::ALL.into_iter().map(Scope::Kind))
            .chain(Scope::FINER)
            .map(Scope::name)
            .collect()
    }
}

impl From<SegmentKind> for Scope {
    fn from(kind: SegmentKind) -> Scope {
        Scope::Kind(kind)
    }
}

impl serde::Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Scope, D::Error> {
        let name = String::deserialize(deserializer)?;
        Scope::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown scope `{name}`, expected one of {}",
                Scope::names().join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finer_scope_is_part_of_the_kind_of_the_segments_it_admits() {
        for scope in Scope::FINER {
            let (kind, detail) = scope.example();
            assert!(scope.admits(kind, detail), "{}", scope.name());
            match scope.part_of() {
                Some(whole) => assert_eq!(whole, kind, "{}", scope.name()),
                None => assert_eq!(scope, Scope::Raw),
            }
        }
        let headings = Scope::FINER
            .iter()
            .filter(|scope| scope.part_of() == Some(SegmentKind::Heading));
        assert_eq!(headings.count(), 6);
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for name in Scope::names() {
            assert_eq!(Scope::from_name(&name).map(Scope::name), Some(name));
        }
        assert_eq!(Scope::from_name("heading-7"), None);
        assert_eq!(Scope::from_name("heading.h2"), None);
        let error = toml::from_str::<std::collections::BTreeMap<String, Scope>>("s = 'head'")
            .unwrap_err()
            .to_string();
        assert!(error.contains("unknown scope `head`"), "{error}");
    }

    #[test]
    fn a_finer_scope_admits_only_segments_whose_markup_says_so() {
        use SegmentKind::{Heading, Paragraph, TableCell};
        let level_two = Scope::HeadingLevel(2);
        assert!(level_two.admits(Heading, Detail::HeadingLevel(2)));
        assert!(!level_two.admits(Heading, Detail::HeadingLevel(3)));
        assert!(!level_two.admits(Heading, Detail::None));
        assert!(!level_two.admits(Paragraph, Detail::HeadingLevel(2)));
        assert!(Scope::TableHeader.admits(TableCell, Detail::HeaderCell));
        assert!(!Scope::TableHeader.admits(TableCell, Detail::BodyCell));
        assert!(Scope::TableBody.admits(TableCell, Detail::BodyCell));
        assert!(!Scope::TableBody.admits(TableCell, Detail::None));
        assert!(Scope::Kind(TableCell).admits(TableCell, Detail::HeaderCell));
        assert!(Scope::Kind(Heading).admits(Heading, Detail::None));
        // The raw source is reached by the `raw` scope only.
        assert!(Scope::Raw.admits(Paragraph, Detail::Raw));
        assert!(!Scope::Kind(Paragraph).admits(Paragraph, Detail::Raw));
        assert!(!Scope::Raw.admits(Paragraph, Detail::None));
    }
}
