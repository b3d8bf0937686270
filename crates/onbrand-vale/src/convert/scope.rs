//! Vale's `scope` → onbrand's `scopes`, matched as Vale selects blocks.

use onbrand_engine::document::{Scope, SegmentKind};

use super::Converted;
use crate::rule::ValeRule;

/// The parts of a document onbrand tells apart, each with the onbrand scope that names it and
/// the selectors of the blocks Vale makes of such text (from Vale's HTML walk: a heading is a
/// `text.heading.h2` block, a header cell `text.table.header`, a list item `text.list`; a
/// plain paragraph is linted as a `paragraph`, as `sentence`s and as `text`; paragraphs, list
/// items and block quotes also make up the one `summary` block; the file as written is the
/// `raw` block). A Vale scope reaches a part when it matches one of its blocks.
const PARTS: &[(Scope, &[&[&str]])] = &[
    (Scope::HeadingLevel(1), &[&["text", "heading", "h1"]]),
    (Scope::HeadingLevel(2), &[&["text", "heading", "h2"]]),
    (Scope::HeadingLevel(3), &[&["text", "heading", "h3"]]),
    (Scope::HeadingLevel(4), &[&["text", "heading", "h4"]]),
    (Scope::HeadingLevel(5), &[&["text", "heading", "h5"]]),
    (Scope::HeadingLevel(6), &[&["text", "heading", "h6"]]),
    (
        Scope::Kind(SegmentKind::Paragraph),
        &[&["paragraph"], &["sentence"], &["text"], &["summary"]],
    ),
    (
        Scope::Kind(SegmentKind::ListItem),
        &[&["text", "list"], &["summary"]],
    ),
    (Scope::TableHeader, &[&["text", "table", "header"]]),
    (Scope::TableBody, &[&["text", "table", "cell"]]),
    (
        Scope::Kind(SegmentKind::BlockQuote),
        &[&["text", "blockquote"], &["summary"]],
    ),
    (
        Scope::Kind(SegmentKind::AltText),
        &[&["text", "attr", "alt"]],
    ),
    (Scope::Kind(SegmentKind::Title), &[&["text", "title"]]),
    (Scope::Kind(SegmentKind::Description), &[&["text"]]),
    (Scope::Kind(SegmentKind::Subject), &[&["text"]]),
    (Scope::Kind(SegmentKind::Preheader), &[&["text"]]),
    (Scope::Raw, &[&["raw"]]),
];

/// Sections of Vale's selectors that onbrand knows; another one is an unknown scope.
const KNOWN_SECTIONS: &[&str] = &[
    "text",
    "heading",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "header",
    "cell",
    "caption",
    "figure",
    "list",
    "paragraph",
    "sentence",
    "blockquote",
    "alt",
    "attr",
    "title",
    "summary",
    "raw",
    "code",
    "comment",
    "line",
    "block",
];

/// File extensions a Vale selector may end in (`heading.md`): that format only.
const FORMAT_SECTIONS: &[&str] = &[
    "md", "markdown", "html", "rst", "adoc", "asciidoc", "org", "dita", "xml", "txt", "mdx",
];

/// Vale's scopes → onbrand scopes (empty: all), matched as Vale matches them: a scope is a
/// list of selectors (any may match), a selector `a & b` matches a block when each part does,
/// a part `heading.h2` when the block's selector holds all its sections, and `~part` when it
/// does not (and the block is not the whole-file `raw` or `summary` one).
///
/// The result is exact where onbrand's segments tell the parts apart (heading levels, header
/// and body cells included) and narrower where they do not: what Vale would lint in code,
/// comments or captions is left out with a note, never widened. None when nothing is left:
/// the rule is then not converted, with a note, as it is when Vale refuses the scope.
pub(super) fn scopes(rule: &ValeRule, converted: &mut Converted) -> Option<Vec<Scope>> {
    let Some(scope) = &rule.scope else {
        return Some(Vec::new());
    };
    if let Some(refusal) = scope.items().iter().find_map(|item| vale_refuses(item)) {
        converted.note(refusal, "not converted: Vale does not load the rule");
        return None;
    }
    let mut reached: Vec<Scope> = Vec::new();
    for item in scope.items() {
        let parts = selector_parts(&item, converted);
        for (part, blocks) in PARTS {
            if !reached.contains(part) && blocks.iter().any(|block| selects(&parts, block)) {
                reached.push(*part);
            }
        }
    }
    let prose_parts = PARTS.iter().filter(|(part, _)| *part != Scope::Raw);
    if prose_parts.clone().all(|(part, _)| reached.contains(part)) {
        if reached.contains(&Scope::Raw) {
            let mut all: Vec<Scope> = SegmentKind::ALL.into_iter().map(Scope::Kind).collect();
            all.push(Scope::Raw);
            return Some(all);
        }
        return Some(Vec::new());
    }
    if reached.is_empty() {
        converted.note(
            "nothing in the rule's scope is told apart by onbrand",
            "not converted",
        );
        return None;
    }
    let mut out: Vec<Scope> = Vec::new();
    for (part, _) in PARTS {
        if !reached.contains(part) {
            continue;
        }
        // A scope that reaches every finer part of a kind reaches the kind, including its
        // segments whose markup does not tell the finer part.
        let whole_kind = part.part_of().filter(|kind| {
            Scope::FINER
                .iter()
                .filter(|finer| finer.part_of() == Some(*kind))
                .all(|finer| reached.contains(finer))
        });
        match whole_kind {
            Some(kind) => {
                let whole = Scope::Kind(kind);
                if !out.contains(&whole) {
                    out.push(whole);
                }
            }
            None => out.push(*part),
        }
    }
    Some(out)
}

/// Vale's own check of a scope when it loads a rule (E201): the first section of a selector
/// without `&` (which Vale does not check) must be one it knows; `code`, `link`, `strong` and
/// `emphasis` are refused as no longer supported. Why, when it refuses.
fn vale_refuses(item: &str) -> Option<String> {
    const ALLOWED: &[&str] = &[
        "text",
        "heading",
        "table",
        "figure",
        "list",
        "paragraph",
        "sentence",
        "alt",
        "title",
        "blockquote",
        "summary",
        "raw",
    ];
    if item.contains('&') {
        return None;
    }
    let name = item.trim().trim_start_matches('~');
    let base = name.split('.').next().unwrap_or(name);
    if matches!(base, "code" | "link" | "strong" | "emphasis") {
        Some(format!(
            "Vale refuses the scope `{base}` (E201: no longer supported; use `raw` instead)"
        ))
    } else if !ALLOWED.contains(&base) {
        Some(format!(
            "Vale refuses the scope `{name}` (E201: not a valid scope)"
        ))
    } else {
        None
    }
}

/// One selector of a Vale scope (`heading & ~heading.h1`): its parts, each negated or not,
/// with its sections. Unknown sections and format extensions are reported.
fn selector_parts(item: &str, converted: &mut Converted) -> Vec<(bool, Vec<String>)> {
    let mut parts = Vec::new();
    for part in item.split('&').map(str::trim) {
        let (negated, name) = match part.strip_prefix('~') {
            Some(name) => (true, name.trim()),
            None => (false, part),
        };
        let mut sections: Vec<String> = Vec::new();
        for section in name.split('.').map(str::trim) {
            if FORMAT_SECTIONS.contains(&section) {
                converted.note(
                    format!("scope `{name}` names a format; onbrand scopes apply to every format"),
                    format!("`.{section}` left out of the scope"),
                );
            } else if KNOWN_SECTIONS.contains(&section) {
                sections.push(section.to_owned());
            } else {
                converted.note(
                    format!("unknown scope `{name}`"),
                    "that part of the scope matches nothing",
                );
                sections.push(section.to_owned());
            }
        }
        note_unreproduced(&sections, negated, converted);
        parts.push((negated, sections));
    }
    parts
}

/// Say what a part of a scope reaches in Vale that onbrand does not lint.
fn note_unreproduced(sections: &[String], negated: bool, converted: &mut Converted) {
    let has = |name: &str| sections.iter().any(|s| s == name);
    if negated {
        return;
    }
    if has("code") || has("comment") {
        converted.note(
            "scope `code`/`comment`: onbrand never treats code or comments as prose",
            "that part of the scope matches nothing",
        );
    } else if has("caption") {
        converted.note(
            "scope `table.caption`/`figure.caption`: onbrand reads captions as paragraphs",
            "that part of the scope matches nothing",
        );
    }
}

/// Does a Vale selector (its parts) match a block whose selector has `sections`?
fn selects(parts: &[(bool, Vec<String>)], sections: &[&str]) -> bool {
    // Vale applies no negated selector to the whole-file blocks.
    let sized = sections == ["summary"] || sections == ["raw"];
    parts.iter().all(|(negated, part)| {
        let contained = part.iter().all(|s| sections.contains(&s.as_str()));
        if *negated {
            !contained && !sized
        } else {
            contained
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::convert;
    use crate::rule;
    use toml::Value;

    /// Vale's selectors become onbrand scopes exactly where segments tell the parts apart
    /// (heading levels, header and body cells), and narrower, with a note, where they do not
    /// (code, captions, raw markup): never wider (precision first).
    #[test]
    fn scopes_match_as_vale_selects_blocks() {
        let scopes_of = |scope: &str| {
            let rule = rule::parse(&format!(
                "extends: existence\nmessage: x\nscope: {scope}\ntokens:\n  - Grüße\n"
            ))
            .unwrap();
            let converted = convert("S.R", &rule, &[]);
            let scopes = converted.table().map(|table| {
                table
                    .get("scopes")
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_else(Vec::<String>::new)
            });
            (scopes, converted.notes.len())
        };
        let some = |names: &[&str]| Some(names.iter().map(|n| (*n).to_owned()).collect());
        assert_eq!(scopes_of("heading.h2"), (some(&["heading-2"]), 0));
        assert_eq!(scopes_of("table.header"), (some(&["table-header"]), 0));
        assert_eq!(scopes_of("table.cell"), (some(&["table-body"]), 0));
        assert_eq!(scopes_of("table"), (some(&["table-cell"]), 0));
        assert_eq!(
            scopes_of("[heading.h1, paragraph]"),
            (some(&["heading-1", "paragraph"]), 0)
        );
        assert_eq!(
            scopes_of("[table.header, table.cell]"),
            (some(&["table-cell"]), 0)
        );
        assert_eq!(
            scopes_of("[heading.h1, heading.h2, heading.h3, heading.h4, heading.h5, heading.h6]"),
            (some(&["heading"]), 0)
        );
        assert_eq!(
            scopes_of("heading & ~heading.h1"),
            (
                some(&[
                    "heading-2",
                    "heading-3",
                    "heading-4",
                    "heading-5",
                    "heading-6"
                ]),
                0
            )
        );
        let (scopes, notes) = scopes_of("~heading.h1");
        let scopes = scopes.unwrap();
        assert!(
            scopes.contains(&"heading-2".to_owned()) && scopes.contains(&"paragraph".to_owned())
        );
        assert!(!scopes.iter().any(|s| s == "heading" || s == "heading-1"));
        assert_eq!(notes, 0);
        assert_eq!(scopes_of("heading"), (some(&["heading"]), 0));
        assert_eq!(scopes_of("heading.md"), (some(&["heading"]), 1));
        // Sentences and paragraphs are Vale's plain paragraphs only; the summary adds list
        // items and block quotes, not table cells.
        assert_eq!(scopes_of("sentence"), (some(&["paragraph"]), 0));
        assert_eq!(
            scopes_of("summary"),
            (some(&["paragraph", "list-item", "block-quote"]), 0)
        );
        assert_eq!(scopes_of("text"), (Some(Vec::new()), 0));
        assert_eq!(scopes_of("raw"), (some(&["raw"]), 0));
        assert!(!scopes_of("~heading").0.unwrap().contains(&"raw".to_owned()));
        assert_eq!(scopes_of("table.caption"), (None, 2));
        // Vale refuses a rule whose scope it does not know, or no longer supports.
        assert_eq!(scopes_of("[code, heading]"), (None, 1));
        assert_eq!(scopes_of("link"), (None, 1));
        assert_eq!(scopes_of("nonsense"), (None, 1));
        // It does not check selectors with `&`: an unknown part there matches nothing.
        assert_eq!(scopes_of("heading & nonsense"), (None, 2));
    }
}
