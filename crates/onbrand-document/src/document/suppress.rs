//! In-document suppression comments.
//!
//! Writers silence a rule where the guideline does not fit, in the comment syntax of the format:
//! `<!-- onbrand-disable brand.hype -->` … `<!-- onbrand-enable -->` in Markdown and HTML,
//! `{/* onbrand-disable-next-line */}` in MDX, a line of its own in plain text. No rule ids means
//! every rule. A reason may follow two dashes: `onbrand-disable-line brand.hype -- a quote`.
//!
//! A rule id also names every rule below it: `fernway.terms` covers `fernway.terms.en`.
//!
//! In message files the comment syntax is the format's: a line of its own starting with `#` in
//! Fluent, gettext PO, YAML and TOML (a `#` after a value is left alone: it may be text), and
//! `<!-- -->` in XLIFF. JSON has no comments, so a JSON locale file cannot suppress in place
//! (use the configuration's `overrides`). There `onbrand-disable-next-line` silences the next
//! message, whatever its lines (a PO entry's `msgstr` comes after its `msgid`).
//!
//! Vale's comments are honoured too, so a repository migrated with `onbrand import vale` keeps
//! its suppressions: `vale off` / `vale on`, `vale Style.Rule = NO` / `= YES` (`off` / `on`
//! too; also for a whole style, `vale Microsoft = NO`), `vale Style.Rule["a","b"] = NO` (only
//! the matches that are exactly `a` or `b`), and `vale styles = A, B` (from there on only the
//! rules of styles `A` and `B`).

use std::collections::HashMap;
use std::ops::Range;

use crate::position::LineIndex;

/// What a suppression comment does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectiveAction {
    /// From the end of the comment until a matching enable (or the end of the document).
    Disable,
    /// Ends a `Disable` of the same rules.
    Enable,
    /// The line after the comment.
    DisableNextLine,
    /// The line(s) the comment stands on.
    DisableLine,
    /// Vale's `vale styles = A, B`: from the end of the comment on, only the rules of the
    /// styles it names (its `rules`) run, until the next such comment.
    OnlyStyles,
}

/// A parsed suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Source range of the whole comment.
    pub source: Range<usize>,
    /// What the comment does.
    pub action: DirectiveAction,
    /// The rule ids it names; empty for every rule.
    pub rules: Vec<String>,
}

/// Parse a comment's inner text (without `<!--`/`-->` or `{/*`/`*/}`) found at `source`.
pub fn parse_comment(body: &str, source: Range<usize>) -> Option<Directive> {
    let body = body.trim();
    if let Some(vale) = body.strip_prefix("vale ") {
        return parse_vale(vale.trim(), source);
    }
    let body = body
        .split_once(" -- ")
        .map_or(body, |(directive, _reason)| directive)
        .trim();
    let (keyword, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
    let action = match keyword {
        "onbrand-disable" => DirectiveAction::Disable,
        "onbrand-enable" => DirectiveAction::Enable,
        "onbrand-disable-next-line" => DirectiveAction::DisableNextLine,
        "onbrand-disable-line" => DirectiveAction::DisableLine,
        _ => return None,
    };
    let rules = rest
        .split([',', ' ', '\t'])
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    Some(Directive {
        source,
        action,
        rules,
    })
}

/// Vale's comment forms: `off`, `on`, `styles = A, B`, `Style.Rule = NO|YES|off|on` (several
/// separated by commas), `Style.Rule["match", …] = NO|YES`.
fn parse_vale(body: &str, source: Range<usize>) -> Option<Directive> {
    let (action, rules) = match body {
        "off" => (DirectiveAction::Disable, Vec::new()),
        "on" => (DirectiveAction::Enable, Vec::new()),
        _ => {
            if let Some((key, styles)) = body.split_once('=')
                && matches!(key.trim(), "style" | "styles")
            {
                let styles = styles
                    .split(',')
                    .map(str::trim)
                    .filter(|style| !style.is_empty())
                    .map(str::to_owned)
                    .collect();
                return Some(Directive {
                    source,
                    action: DirectiveAction::OnlyStyles,
                    rules: styles,
                });
            }
            if let Some((rule, rest)) = body.split_once('[') {
                return vale_matches(rule.trim(), rest, source);
            }
            let mut action = None;
            let mut rules = Vec::new();
            for setting in body.split(',') {
                let (rule, value) = setting.split_once('=')?;
                let this = match value.trim() {
                    "NO" | "off" => DirectiveAction::Disable,
                    "YES" | "on" => DirectiveAction::Enable,
                    _ => return None,
                };
                // One comment switches rules one way; a mix is not a Vale form we can keep.
                if action.is_some_and(|seen| seen != this) {
                    return None;
                }
                action = Some(this);
                rules.push(rule.trim().to_owned());
            }
            (action?, rules)
        }
    };
    Some(Directive {
        source,
        action,
        rules,
    })
}

/// `vale Style = YES` inside a `vale styles = …` region switches that style back on: the
/// region ends there and goes on with the style allowed.
fn allow_styles(
    only_styles: &mut Vec<(Range<usize>, Vec<String>)>,
    rules: &[String],
    from: usize,
    text_end: usize,
) {
    let styles: Vec<&String> = rules.iter().filter(|id| !id.contains(['.', '['])).collect();
    let Some((range, allowed)) = only_styles.last_mut() else {
        return;
    };
    if styles.is_empty() || range.end != text_end || range.start > from {
        return;
    }
    let mut widened = allowed.clone();
    widened.extend(styles.into_iter().cloned());
    range.end = from;
    only_styles.push((from..text_end, widened));
}

/// `Style.Rule["a","b"] = NO|YES` after the rule id (`rest` starts after the `[`): the rule's
/// matches that are exactly `a` or `b`, named as the ids `Style.Rule[a]` and `Style.Rule[b]`
/// (see [`Suppressions::is_suppressed`]).
fn vale_matches(rule: &str, rest: &str, source: Range<usize>) -> Option<Directive> {
    let (list, value) = rest.rsplit_once(']')?;
    let action = match value.trim().strip_prefix('=')?.trim() {
        "NO" => DirectiveAction::Disable,
        "YES" => DirectiveAction::Enable,
        _ => return None,
    };
    let mut rules = Vec::new();
    let mut rest = list.trim();
    while !rest.is_empty() {
        // A JSON string: `"` … `"`, with `\"` and `\\` escapes.
        let body = rest.strip_prefix('"')?;
        let mut text = String::new();
        let mut chars = body.char_indices();
        let end = loop {
            match chars.next()? {
                (at, '"') => break at,
                (_, '\\') => text.push(chars.next()?.1),
                (_, c) => text.push(c),
            }
        };
        rules.push(format!("{rule}[{text}]"));
        rest = body[end + 1..].trim_start();
        rest = rest.strip_prefix(',').map_or(rest, str::trim_start);
    }
    if rules.is_empty() {
        return None;
    }
    Some(Directive {
        source,
        action,
        rules,
    })
}

/// Suppression comments on lines of their own starting with `#` (`##`, `#.` too).
pub fn hash_comments(source: &str) -> Vec<Directive> {
    let mut directives = Vec::new();
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        let body = line.trim();
        if body.starts_with('#') {
            let inner = body.trim_start_matches(['#', '.']);
            let end = start + line.trim_end().len();
            directives.extend(parse_comment(
                inner,
                start + line.len() - line.trim_start().len()..end,
            ));
        }
        start += line.len();
    }
    directives
}

/// Suppression comments in XML `<!-- -->` comments.
pub fn xml_comments(source: &str) -> Vec<Directive> {
    let mut directives = Vec::new();
    let mut from = 0;
    while let Some(open) = source.get(from..).and_then(|rest| rest.find("<!--")) {
        let body_start = from + open + 4;
        let Some(close) = source.get(body_start..).and_then(|rest| rest.find("-->")) else {
            break;
        };
        let end = body_start + close + 3;
        let body = source.get(body_start..body_start + close).unwrap_or("");
        directives.extend(parse_comment(body, from + open..end));
        from = end;
    }
    directives
}

/// The regions of a document in which rules are silenced, as sorted, merged ranges, so that a
/// finding is looked up in O(log regions) however many directives a document holds.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// Ranges in which every rule is silenced.
    all: Ranges,
    /// Ranges in which the rules an id names (the id itself and the rules below it) are silenced.
    /// An id `Style.Rule[text]` silences the rule's findings whose text is exactly `text`.
    by_id: HashMap<String, Ranges>,
    /// Whether any id names matches (`Style.Rule[text]`).
    by_match: bool,
    /// Vale's `vale styles = …` regions: where only the rules of the named styles run.
    only_styles: Vec<(Range<usize>, Vec<String>)>,
}

/// Disjoint source ranges, sorted by start.
#[derive(Debug, Default)]
struct Ranges(Vec<Range<usize>>);

impl Ranges {
    /// Sort and merge overlapping or touching ranges. An empty range still covers its start.
    fn from_unsorted(mut ranges: Vec<Range<usize>>) -> Ranges {
        for range in &mut ranges {
            range.end = range.end.max(range.start + 1);
        }
        ranges.sort_unstable_by_key(|range| range.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        Ranges(merged)
    }

    fn contains(&self, offset: usize) -> bool {
        let after = self.0.partition_point(|range| range.start <= offset);
        after > 0 && offset < self.0[after - 1].end
    }
}

/// `disable` regions not yet closed by an `enable`: where each started.
#[derive(Default)]
struct OpenRegions {
    all: Vec<usize>,
    by_id: HashMap<String, Vec<usize>>,
}

impl Suppressions {
    /// Resolve the directives (in any order) into regions in one pass over them sorted by position.
    pub fn new(directives: &[Directive], text: &str, lines: &LineIndex) -> Suppressions {
        let mut sorted: Vec<&Directive> = directives.iter().collect();
        sorted.sort_by_key(|directive| directive.source.start);
        let mut all = Vec::new();
        let mut by_id: HashMap<String, Vec<Range<usize>>> = HashMap::new();
        let mut add = |range: Range<usize>, rules: &[String]| {
            if rules.is_empty() {
                all.push(range.clone());
            }
            for id in rules {
                by_id.entry(id.clone()).or_default().push(range.clone());
            }
        };
        let mut open = OpenRegions::default();
        let mut only_styles: Vec<(Range<usize>, Vec<String>)> = Vec::new();
        for directive in sorted {
            let rules = directive.rules.as_slice();
            match directive.action {
                DirectiveAction::OnlyStyles => {
                    // The previous `styles =` region ends where this one starts.
                    if let Some((last, _)) = only_styles.last_mut() {
                        last.end = last.end.min(directive.source.start);
                    }
                    only_styles.push((directive.source.end..text.len(), rules.to_vec()));
                }
                DirectiveAction::Disable if rules.is_empty() => open.all.push(directive.source.end),
                DirectiveAction::Disable => {
                    for id in rules {
                        open.by_id
                            .entry(id.clone())
                            .or_default()
                            .push(directive.source.end);
                    }
                }
                DirectiveAction::Enable => {
                    let end = directive.source.start;
                    allow_styles(&mut only_styles, rules, directive.source.end, text.len());
                    if rules.is_empty() {
                        // An `enable` of every rule ends every open region.
                        for start in open.all.drain(..) {
                            add(start..end, &[]);
                        }
                        for (id, starts) in open.by_id.drain() {
                            for start in starts {
                                add(start..end, std::slice::from_ref(&id));
                            }
                        }
                    } else {
                        // A `disable` of every rule ends only at an `enable` of every rule.
                        for id in rules {
                            for start in open.by_id.remove(id).unwrap_or_default() {
                                add(start..end, std::slice::from_ref(id));
                            }
                        }
                    }
                }
                DirectiveAction::DisableNextLine => {
                    let line = lines.line_of(directive.source.end) + 1;
                    add(lines.line_range(text, line), rules);
                }
                DirectiveAction::DisableLine => {
                    let first = lines.line_range(text, lines.line_of(directive.source.start));
                    let last = lines.line_range(text, lines.line_of(directive.source.end));
                    add(first.start..last.end, rules);
                }
            }
        }
        for start in open.all {
            add(start..text.len(), &[]);
        }
        for (id, starts) in open.by_id {
            for start in starts {
                add(start..text.len(), std::slice::from_ref(&id));
            }
        }
        Suppressions {
            by_match: by_id.keys().any(|id| id.ends_with(']')),
            only_styles,
            all: Ranges::from_unsorted(all),
            by_id: by_id
                .into_iter()
                .map(|(id, ranges)| (id, Ranges::from_unsorted(ranges)))
                .collect(),
        }
    }

    /// Is `rule` silenced for a finding of the text `matched` that starts at source offset
    /// `offset`?
    pub fn is_suppressed(&self, rule: &str, offset: usize, matched: &str) -> bool {
        if self.all.contains(offset) {
            return true;
        }
        let style = rule.split('.').next().unwrap_or(rule);
        if self
            .only_styles
            .iter()
            .any(|(range, styles)| range.contains(&offset) && !styles.iter().any(|s| s == style))
        {
            return true;
        }
        if self.by_match
            && self
                .by_id
                .get(&format!("{rule}[{matched}]"))
                .is_some_and(|ranges| ranges.contains(offset))
        {
            return true;
        }
        // The ids that name `rule`: the rule itself and every group above it (`a`, `a.b`, …).
        let groups = rule.match_indices('.').map(|(dot, _)| &rule[..dot]);
        groups
            .chain(std::iter::once(rule))
            .filter_map(|id| self.by_id.get(id))
            .any(|ranges| ranges.contains(offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_xml_comments_hold_directives() {
        let ftl = "# onbrand-disable-next-line brand.hype -- a quote\nhero = Grüße # onbrand-disable\n## onbrand-enable\n";
        let found: Vec<(DirectiveAction, Vec<String>, &str)> = hash_comments(ftl)
            .into_iter()
            .map(|d| (d.action, d.rules, &ftl[d.source]))
            .collect();
        assert_eq!(
            found,
            [
                (
                    DirectiveAction::DisableNextLine,
                    vec!["brand.hype".to_owned()],
                    "# onbrand-disable-next-line brand.hype -- a quote"
                ),
                (DirectiveAction::Enable, vec![], "## onbrand-enable"),
            ]
        );
        let po = "#. onbrand-disable\n#, fuzzy\nmsgid \"a\"\n";
        assert_eq!(hash_comments(po).len(), 1);
        let xlf = "<note>x</note><!-- onbrand-disable-line brand.hype --><target>你好 🙂</target><!-- plain -->";
        let directives = xml_comments(xlf);
        assert_eq!(directives.len(), 1);
        assert_eq!(
            &xlf[directives[0].source.clone()],
            "<!-- onbrand-disable-line brand.hype -->"
        );
        assert!(xml_comments("<!-- onbrand-disable never closed").is_empty());
    }

    fn directives(text: &str) -> Vec<Directive> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(start) = text[from..].find("<!--").map(|i| i + from) {
            let Some(end) = text[start..].find("-->").map(|i| i + start + 3) else {
                break;
            };
            found.extend(parse_comment(&text[start + 4..end - 3], start..end));
            from = end;
        }
        found
    }

    #[test]
    fn parses_keywords_rules_and_reasons() {
        let directive = parse_comment(
            " onbrand-disable-line a.b, c.d -- quoting a customer ",
            3..9,
        )
        .unwrap();
        assert_eq!(directive.action, DirectiveAction::DisableLine);
        assert_eq!(directive.rules, ["a.b", "c.d"]);
        assert_eq!(
            parse_comment("onbrand-enable", 0..1).unwrap().rules,
            Vec::<String>::new()
        );
        assert_eq!(parse_comment("just a comment", 0..1), None);
        assert_eq!(parse_comment("onbrand-disabled", 0..1), None);
    }

    #[test]
    fn regions_follow_disable_enable_and_line_directives() {
        let text = "one hype\n<!-- onbrand-disable hype -->\ntwo hype\n<!-- onbrand-enable hype -->\nthree hype\n\
                    <!-- onbrand-disable-next-line -->\nfour hype\nfive hype <!-- onbrand-disable-line hype -->\nsix hype";
        let lines = LineIndex::new(text);
        let suppressions = Suppressions::new(&directives(text), text, &lines);
        let silenced = |word: &str, rule: &str| {
            suppressions.is_suppressed(rule, text.find(word).unwrap(), word)
        };
        assert!(!silenced("one", "hype"));
        assert!(silenced("two", "hype"));
        assert!(!silenced("two", "other"));
        assert!(!silenced("three", "hype"));
        assert!(silenced("four", "hype") && silenced("four", "other"));
        assert!(silenced("five", "hype") && !silenced("five", "other"));
        assert!(!silenced("six", "hype"));
    }

    #[test]
    fn vale_comments_and_rule_groups_are_honoured() {
        let text = "a Vale.Spelling\n<!-- vale off -->\nb\n<!-- vale on -->\nc\n\
                    <!-- vale Microsoft.Wordiness = NO -->\nd\n<!-- vale Microsoft.Wordiness = YES -->\ne\n\
                    <!-- vale Google = NO -->\nf\n<!-- onbrand-disable fernway.terms -->\ngamma";
        let lines = LineIndex::new(text);
        let suppressions = Suppressions::new(&directives(text), text, &lines);
        let silenced = |word: &str, rule: &str| {
            suppressions.is_suppressed(rule, text.find(word).unwrap(), word)
        };
        assert!(!silenced("a ", "Vale.Spelling"));
        assert!(silenced("b\n", "Vale.Spelling"));
        assert!(!silenced("c\n", "Vale.Spelling"));
        assert!(silenced("d\n", "Microsoft.Wordiness") && !silenced("d\n", "Microsoft.Passive"));
        assert!(!silenced("e\n", "Microsoft.Wordiness"));
        assert!(silenced("f\n", "Google.Headings") && !silenced("f\n", "GoogleX.Headings"));
        assert!(silenced("gamma", "fernway.terms.en") && !silenced("gamma", "fernway.termsx"));
        assert_eq!(parse_comment("vale Style.Rule = MAYBE", 0..1), None);
        assert_eq!(parse_comment("vale A.B = NO, C.D = YES", 0..1), None);
    }

    #[test]
    fn vale_per_match_and_styles_comments() {
        let text = "<!-- vale Demo.Hype[\"Grüße\",\"a \\\"b\\\"\"] = NO -->\nGrüße 中文\n\
                    <!-- vale Demo.Hype[\"Grüße\"] = YES -->\nGrüße 🚀\n\
                    <!-- vale styles = Other -->\nx\n<!-- vale style = Demo -->\ny\n\
                    <!-- vale Demo.Hype = off -->\nz\n<!-- vale Other = YES -->\nw";
        let lines = LineIndex::new(text);
        let directives = directives(text);
        assert_eq!(
            directives[0].rules,
            ["Demo.Hype[Grüße]", "Demo.Hype[a \"b\"]"]
        );
        let suppressions = Suppressions::new(&directives, text, &lines);
        let at = |word: &str| text.find(word).unwrap();
        assert!(suppressions.is_suppressed("Demo.Hype", at("Grüße 中"), "Grüße"));
        assert!(!suppressions.is_suppressed("Demo.Hype", at("Grüße 中"), "中文"));
        assert!(!suppressions.is_suppressed("Demo.Other", at("Grüße 中"), "Grüße"));
        assert!(!suppressions.is_suppressed("Demo.Hype", at("Grüße 🚀"), "Grüße"));
        assert!(suppressions.is_suppressed("Demo.Hype", at("x\n"), "x"));
        assert!(!suppressions.is_suppressed("Other.Rule", at("x\n"), "x"));
        assert!(suppressions.is_suppressed("Other.Rule", at("y\n"), "y"));
        assert!(!suppressions.is_suppressed("Demo.Jargon", at("y\n"), "y"));
        assert!(suppressions.is_suppressed("Demo.Hype", at("z"), "z"));
        assert!(suppressions.is_suppressed("Other.Rule", at("z"), "z"));
        assert!(!suppressions.is_suppressed("Other.Rule", at("w"), "w"));
        assert!(!suppressions.is_suppressed("Demo.Jargon", at("w"), "w"));
        assert_eq!(parse_comment("vale Demo.Hype[\"x\" = NO", 0..1), None);
        assert_eq!(parse_comment("vale Demo.Hype[] = NO", 0..1), None);
    }

    #[test]
    fn an_unclosed_disable_runs_to_the_end() {
        let text = "a\n<!-- onbrand-disable -->\nb hype";
        let lines = LineIndex::new(text);
        let suppressions = Suppressions::new(&directives(text), text, &lines);
        assert!(suppressions.is_suppressed("any", text.find("hype").unwrap(), "hype"));
        assert!(!suppressions.is_suppressed("any", 0, "a"));
    }

    #[test]
    fn a_disable_of_every_rule_outlives_an_enable_of_one_rule() {
        let text = "<!-- onbrand-disable -->\na hype\n<!-- onbrand-enable hype -->\nb hype\n\
                    <!-- onbrand-enable -->\nc hype";
        let lines = LineIndex::new(text);
        let suppressions = Suppressions::new(&directives(text), text, &lines);
        let silenced =
            |word: &str| suppressions.is_suppressed("hype", text.find(word).unwrap(), "hype");
        assert!(silenced("a hype") && silenced("b hype") && !silenced("c hype"));
    }

    #[test]
    fn forty_thousand_directives_resolve_like_a_few() {
        // Alternating disable/enable pairs of many rules, and line directives between them.
        let mut text = String::new();
        for i in 0..10_000 {
            text.push_str(&format!(
                "<!-- onbrand-disable r.{i} -->\nx{i} hype\n<!-- onbrand-enable r.{i} -->\n\
                 <!-- onbrand-disable-next-line -->\ny{i}\n"
            ));
        }
        let lines = LineIndex::new(&text);
        let directives = directives(&text);
        assert_eq!(directives.len(), 30_000);
        let suppressions = Suppressions::new(&directives, &text, &lines);
        for i in [0, 4_321, 9_999] {
            let x = text.find(&format!("x{i} ")).unwrap();
            assert!(suppressions.is_suppressed(&format!("r.{i}.sub"), x, "x"));
            assert!(!suppressions.is_suppressed(&format!("r.{}", i + 1), x, "x"));
            let y = text.find(&format!("y{i}\n")).unwrap();
            assert!(suppressions.is_suppressed("anything", y, "y"));
        }
    }
}
