//! In-document suppression comments.
//!
//! Writers silence a rule where the guideline does not fit, in the comment syntax of the format:
//! `<!-- onbrand-disable brand.hype -->` … `<!-- onbrand-enable -->` in Markdown and HTML,
//! `{/* onbrand-disable-next-line */}` in MDX, a line of its own in plain text. No rule ids means
//! every rule. A reason may follow two dashes: `onbrand-disable-line brand.hype -- a quote`.
//!
//! A rule id also names every rule below it: `fernway.terms` covers `fernway.terms.en`.
//!
//! Vale's comments are honoured too, so a repository migrated with `onbrand import vale` keeps
//! its suppressions: `vale off` / `vale on`, and `vale Style.Rule = NO` / `= YES` (also for a
//! whole style, `vale Microsoft = NO`).

use std::ops::Range;

use crate::position::LineIndex;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectiveAction {
    /// From the end of the comment until a matching enable (or the end of the document).
    Disable,
    Enable,
    /// The line after the comment.
    DisableNextLine,
    /// The line(s) the comment stands on.
    DisableLine,
}

/// A parsed suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Source range of the whole comment.
    pub source: Range<usize>,
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

/// Vale's comment forms: `off`, `on`, `Style.Rule = NO|YES` (several separated by commas).
fn parse_vale(body: &str, source: Range<usize>) -> Option<Directive> {
    let (action, rules) = match body {
        "off" => (DirectiveAction::Disable, Vec::new()),
        "on" => (DirectiveAction::Enable, Vec::new()),
        _ => {
            let mut action = None;
            let mut rules = Vec::new();
            for setting in body.split(',') {
                let (rule, value) = setting.split_once('=')?;
                let this = match value.trim() {
                    "NO" => DirectiveAction::Disable,
                    "YES" => DirectiveAction::Enable,
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

/// Does the id written in a directive name `rule`: the rule itself, or a group above it?
fn names(written: &str, rule: &str) -> bool {
    rule.strip_prefix(written)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// The regions of a document in which rules are silenced.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// Source ranges and the rules silenced in each (empty = all rules).
    regions: Vec<(Range<usize>, Vec<String>)>,
}

impl Suppressions {
    pub fn new(directives: &[Directive], text: &str, lines: &LineIndex) -> Suppressions {
        let mut regions = Vec::new();
        // Open `disable` regions: where each started and which rules (empty = all).
        let mut open: Vec<(usize, Vec<String>)> = Vec::new();
        for directive in directives {
            match directive.action {
                DirectiveAction::Disable => {
                    open.push((directive.source.end, directive.rules.clone()))
                }
                DirectiveAction::Enable => close(&mut open, &mut regions, directive),
                DirectiveAction::DisableNextLine => {
                    let line = lines.line_of(directive.source.end) + 1;
                    regions.push((lines.line_range(text, line), directive.rules.clone()));
                }
                DirectiveAction::DisableLine => {
                    let first = lines.line_range(text, lines.line_of(directive.source.start));
                    let last = lines.line_range(text, lines.line_of(directive.source.end));
                    regions.push((first.start..last.end, directive.rules.clone()));
                }
            }
        }
        for (start, rules) in open {
            regions.push((start..text.len(), rules));
        }
        Suppressions { regions }
    }

    /// Is `rule` silenced for a finding that starts at source offset `offset`?
    pub fn is_suppressed(&self, rule: &str, offset: usize) -> bool {
        self.regions.iter().any(|(range, rules)| {
            range.start <= offset
                && offset < range.end.max(range.start + 1)
                && (rules.is_empty() || rules.iter().any(|id| names(id, rule)))
        })
    }
}

/// Close the open regions an `enable` ends: those of the rules it names, or all of them.
fn close(
    open: &mut Vec<(usize, Vec<String>)>,
    regions: &mut Vec<(Range<usize>, Vec<String>)>,
    enable: &Directive,
) {
    let end = enable.source.start;
    if enable.rules.is_empty() {
        regions.extend(open.drain(..).map(|(start, rules)| (start..end, rules)));
        return;
    }
    for (start, rules) in open.iter_mut() {
        if rules.is_empty() {
            // A `disable` of every rule ends only at an `enable` of every rule.
            continue;
        }
        let (ended, kept): (Vec<String>, Vec<String>) =
            rules.drain(..).partition(|id| enable.rules.contains(id));
        if !ended.is_empty() {
            regions.push((*start..end, ended));
        }
        *rules = kept;
    }
    open.retain(|(_, rules)| !rules.is_empty() || enable.rules.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let silenced =
            |word: &str, rule: &str| suppressions.is_suppressed(rule, text.find(word).unwrap());
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
        let silenced =
            |word: &str, rule: &str| suppressions.is_suppressed(rule, text.find(word).unwrap());
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
    fn an_unclosed_disable_runs_to_the_end() {
        let text = "a\n<!-- onbrand-disable -->\nb hype";
        let lines = LineIndex::new(text);
        let suppressions = Suppressions::new(&directives(text), text, &lines);
        assert!(suppressions.is_suppressed("any", text.find("hype").unwrap()));
        assert!(!suppressions.is_suppressed("any", 0));
    }
}
