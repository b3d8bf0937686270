//! `kind = "consistency"`: one document must not mix variants — "e-mail"/"email", "Sie"/"du",
//! "您"/"你", British/American spelling.
//!
//! ```toml
//! [[rule]]
//! id = "email-spelling"
//! kind = "consistency"
//! variants = [["e-mail"], ["email"]]
//!
//! [[rule]]
//! id = "address-form-de"
//! kind = "consistency"
//! languages = ["de"]
//! sentence-start-ambiguous = true
//! [rule.variants]
//! formal = ["Sie", "Ihnen", "Ihre"]
//! informal = ["du", "Du", "dich", "dir", "dein", "deine"]
//! ```
//!
//! - `variants`: two or more groups of forms, as a list of lists or as named groups (the names
//!   appear in messages).
//! - Every form of every group is matched as a whole word (CJK: wherever it stands) over the
//!   whole document. The group with the most matches wins; on a tie, the group used first.
//!   Every match of another group is a finding that names the winning form, where it is first
//!   used, and how often the winning group is used.
//! - Case-sensitive by default ("Sie" the formal address is not "sie" = she/they);
//!   `ignore-case = true` for spelling variants.
//! - `sentence-start-ambiguous = true` (case-sensitive rules): at the start of a sentence (and
//!   in German after a colon) every word has a capital, so a form listed only capitalised
//!   ("Sie", "Ihre", whose lower-case twins mean she/they, her/their) is not counted there: it
//!   may be either word. A form whose lower case is listed too ("Du" beside "du", as in
//!   letters) counts wherever it stands. Not for spelling variants, where "Email" opening a
//!   sentence is still that spelling.
//! - Chinese: "你" also matches inside "你们" (there are no word boundaries), so "你们" counts
//!   as informal; list "你们" in a group of its own choosing to classify it differently — at
//!   each position the longest form listed wins, so "你们" then no longer counts as "你".
//! - Fix: when both the found form's group and the winning group hold a single form each
//!   (`[["e-mail"], ["email"]]`), the winning form is the fix (in the case of the text found, as
//!   for terminology). Groups of several forms (du/Sie) need rewriting, not substitution.
//!
//! - Not counted: a form mentioned in quotation marks of a few words ("write “email”, not
//!   “e-mail”", see `prose::mentions`), part of a name in code (`mod_dir`), and a form written with a capital inside it that no group
//!   lists as written ("WebSite", a product's name, matched to "website" by `ignore-case`).
//!
//! Placeholders: `{match}` (the form found), `{expected}` (the winning group's first form used
//! in the document), `{count}` (matches of the winning group), `{line}` (line of its first
//! use), `{group}` (the found form's group), `{other-group}` (the winning group). Unnamed groups
//! are named by their forms.
//!
//! **`either`, Vale's way** (instead of `variants`): pairs of regexes, each pair checked on its
//! own as Vale's `consistency` does. Segment by segment in reading order, each pair remembers
//! which of its two sides has matched (as whole words; `ignore-case` applies); a segment in
//! which the pair matches, once both sides have matched in it or before it, is reported once,
//! at its last match. So the segment where the second side first appears is reported, and so
//! is every later segment that uses either side. No fix (which side is right is not known).
//!
//! ```toml
//! [[rule]]
//! id = "spelling"
//! kind = "consistency"
//! ignore-case = true
//! message = "Inconsistent spelling of '{match}'."
//! either = [['analys(?:e|ing)', 'analyz(?:e|ing)'], ['colour', 'color']]
//! ```
//!
//! Fix safety: unsafe. The winning form is the one this document uses most, not one the
//! guideline prefers; a document that mostly uses the wrong form would be fixed towards it. Use
//! `terminology` to name the preferred form (its fixes are safe), or `fix = "safe"`.

use std::ops::Range;

use super::fallback::AnyRegex;
use super::regexes::RegexId;
use super::{CompileCx, Emitter, Located, ProposedFix, SegmentCx, Vars, adapt_case};
use crate::finding::Applicability;
use crate::prose;
use crate::spec::Variants;

/// The fields of a consistency rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// Groups of forms that must not be mixed: `variants = [["Sie", "Ihnen"], ["du", "dich"]]`,
    /// or named groups as a table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variants: Option<Variants>,
    /// Match case-insensitively (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_case: Option<bool>,
    /// Forms listed only capitalised may be another word at a sentence start ("Sie":
    /// she/they), so they are not counted there. Default false.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence_start_ambiguous: Option<bool>,
    /// Instead of `variants`: pairs of regexes, each checked on its own as Vale does:
    /// `either = [['colou?r', 'colour']]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub either: Option<Vec<Vec<String>>>,
}
/// Rules of this kind offer fixes (see "Fix safety" above), so they take `fix`.
pub(crate) const OFFERS_FIXES: bool = true;

pub(crate) const PLACEHOLDERS: &[&str] =
    &["match", "expected", "count", "line", "group", "other-group"];
const DEFAULT_UNNAMED: &str =
    "'{match}' mixed with '{expected}' (first on line {line}, {count} in all); keep to one form.";
const DEFAULT_NAMED: &str = "'{match}' ({group}) mixed with {other-group} ('{expected}' first on line {line}, {count} in all); keep to one.";
const DEFAULT_EITHER: &str = "'{match}' is mixed with another form in this document; keep to one.";

#[derive(Debug)]
pub(crate) struct Consistency {
    groups: Vec<Group>,
    /// The group of each form, by the hits' payload.
    form_groups: Vec<usize>,
    named: bool,
    /// `sentence-start-ambiguous`, never with `ignore-case`.
    sentence_start_ambiguous: bool,
    /// `either`: when not empty, the rule is these pairs and `groups` is empty.
    pairs: Vec<Pair>,
}

/// One `either` pair: both sides in one regex, each side a group of its own.
#[derive(Debug)]
struct Pair {
    regex: AnyRegex,
    id: Option<RegexId>,
    sides: [usize; 2],
}

#[derive(Debug)]
struct Group {
    name: String,
    forms: Vec<String>,
}

/// Every match in the document so far: segment index, range, group. With `either`: per pair,
/// which sides have matched, and the segments to report with their last match.
#[derive(Default)]
pub(crate) struct State {
    matches: Vec<(usize, Range<usize>, usize)>,
    sides_seen: Vec<[bool; 2]>,
    reports: Vec<(usize, Range<usize>)>,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Consistency> {
    if let Some(either) = &fields.either {
        if fields.variants.is_some() {
            cx.error(
                Located::Key("either"),
                "a consistency rule has `variants` or `either`, not both",
            );
            return None;
        }
        return compile_pairs(cx, either, fields.ignore_case.unwrap_or(false));
    }
    let variants = cx.require(
        "variants",
        fields.variants.as_ref(),
        "groups of forms, like `variants = [[\"e-mail\"], [\"email\"]]`",
    )?;
    // Each group with its name, when named.
    type RawGroups = Vec<(Option<String>, Vec<String>)>;
    let (named, raw): (bool, RawGroups) = match variants {
        Variants::Unnamed(groups) => (false, groups.iter().map(|g| (None, g.clone())).collect()),
        Variants::Named(groups) => (
            true,
            groups
                .iter()
                .map(|(name, forms)| (Some(name.clone()), forms.clone()))
                .collect(),
        ),
    };
    if raw.len() < 2 {
        cx.error(
            Located::Key("variants"),
            "`variants` needs at least two groups of forms that must not be mixed",
        );
        return None;
    }
    let ignore_case = fields.ignore_case.unwrap_or(false);
    let mut ok = true;
    let mut groups = Vec::with_capacity(raw.len());
    let mut form_groups = Vec::new();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (group_index, (name, forms)) in raw.into_iter().enumerate() {
        if forms.is_empty() || forms.iter().any(|f| f.trim().is_empty()) {
            cx.error(
                Located::Key("variants"),
                format!(
                    "variant group {} has no forms or an empty form",
                    group_index + 1
                ),
            );
            ok = false;
        }
        for form in &forms {
            let key = if ignore_case {
                form.to_lowercase()
            } else {
                form.clone()
            };
            if let Some((_, other)) = seen.iter().find(|(seen, _)| *seen == key)
                && *other != group_index
            {
                cx.error(
                    Located::Key("variants"),
                    format!("'{form}' is in two variant groups"),
                );
                ok = false;
            }
            seen.push((key, group_index));
            if !form.trim().is_empty() {
                cx.literals
                    .add(form, ignore_case, cx.rule_index, form_groups.len() as u32);
            }
            form_groups.push(group_index);
        }
        let name = name.unwrap_or_else(|| {
            forms
                .iter()
                .map(|f| format!("'{f}'"))
                .collect::<Vec<_>>()
                .join(", ")
        });
        groups.push(Group { name, forms });
    }
    ok.then_some(Consistency {
        groups,
        form_groups,
        named,
        sentence_start_ambiguous: fields.sentence_start_ambiguous.unwrap_or(false) && !ignore_case,
        pairs: Vec::new(),
    })
}

/// `either`: each pair one regex, `\b(?:(a)|(b))\b`, the sides' own groups made
/// non-capturing.
fn compile_pairs(
    cx: &mut CompileCx<'_>,
    either: &[Vec<String>],
    ignore_case: bool,
) -> Option<Consistency> {
    if either.is_empty() {
        cx.error(Located::Key("either"), "`either` needs at least one pair");
        return None;
    }
    let mut pairs = Vec::with_capacity(either.len());
    for pair in either {
        let [first, second] = pair.as_slice() else {
            cx.error(
                Located::Key("either"),
                format!("each `either` entry is a pair of two forms; {pair:?} is not"),
            );
            return None;
        };
        if first.trim().is_empty() || second.trim().is_empty() {
            cx.error(Located::Key("either"), "an `either` pair has an empty form");
            return None;
        }
        let source = format!(
            r"\b(?:(?P<first>{})|(?P<second>{}))\b",
            super::substitution::uncapture(first),
            super::substitution::uncapture(second)
        );
        let (regex, id) = cx.any_regex("either", &source, None, ignore_case)?;
        let sides = [
            regex.group_index("first").unwrap_or(1),
            regex.group_index("second").unwrap_or(2),
        ];
        pairs.push(Pair { regex, id, sides });
    }
    Some(Consistency {
        groups: Vec::new(),
        form_groups: Vec::new(),
        named: false,
        sentence_start_ambiguous: false,
        pairs,
    })
}

impl Consistency {
    /// Whether some group lists `form` exactly as written.
    fn lists_exactly(&self, form: &str) -> bool {
        self.groups
            .iter()
            .any(|group| group.forms.iter().any(|f| f == form))
    }

    /// Whether `found` opens a sentence and only its capital told it apart: a form listed
    /// capitalised whose lower-case twin no group lists ("Sie", "Ihre": "sie" is she/they,
    /// "ihre" her/their) says nothing at a sentence start, where every word has a capital.
    /// "Du" there still counts when "du" is listed. Only with `sentence-start-ambiguous`.
    fn ambiguous_at_sentence_start(
        &self,
        cx: &SegmentCx<'_>,
        range: &Range<usize>,
        found: &str,
    ) -> bool {
        if !self.sentence_start_ambiguous || !found.starts_with(char::is_uppercase) {
            return false;
        }
        let lower = found.to_lowercase();
        if self.lists_exactly(&lower) {
            return false;
        }
        let text = cx.text();
        // German capitalises a whole sentence after a colon too ("…: Sie sind …").
        let after_colon = text[..range.start]
            .trim_end_matches(|c: char| !prose::is_word_char(c) && c != ':')
            .ends_with(':');
        after_colon
            || {
                // The sentences are in order: the one holding the form, by binary search.
                let sentences = cx.sentences();
                let at = sentences.partition_point(|s| s.end <= range.start);
                sentences
                    .get(at)
                    .filter(|s| s.start <= range.start)
                    .is_none_or(|sentence| {
                        // No word before it in its sentence: search back to the nearest word.
                        text[..range.start]
                            .rfind(prose::is_word_char)
                            .is_none_or(|word| word < sentence.start)
                    })
            }
    }

    /// `either`: note which sides of each pair match here, and report the segment at its last
    /// match when both sides have been seen.
    fn segment_pairs(&self, cx: &SegmentCx<'_>, state: &mut State) {
        state.sides_seen.resize(self.pairs.len(), [false; 2]);
        for (pair, seen) in self.pairs.iter().zip(&mut state.sides_seen) {
            if pair.id.is_some_and(|id| !cx.may_match(id)) {
                continue;
            }
            let mut last = None;
            for caps in pair.regex.captures(cx.text()) {
                for (side, &group) in pair.sides.iter().enumerate() {
                    if let Some(Some(range)) = caps.groups.get(group) {
                        seen[side] = true;
                        last = Some(range.clone());
                    }
                }
            }
            if let Some(range) = last
                && seen[0]
                && seen[1]
            {
                state.reports.push((cx.index, range));
            }
        }
    }

    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, state: &mut State) {
        if !self.pairs.is_empty() {
            self.segment_pairs(cx, state);
            return;
        }
        if cx.hits.is_empty() {
            return;
        }
        let quoted = prose::mentions(cx.text());
        for hit in cx.hits {
            let Some(found) = cx.text().get(hit.range.clone()) else {
                continue;
            };
            // A name as its owner writes it ("WebSite") counts only when listed so.
            let a_name = (has_inner_capital(found) && !self.lists_exactly(found))
                || super::is_identifier_like(cx.text(), &hit.range);
            let counts = !prose::is_quoted(&quoted, &hit.range)
                && !a_name
                && !self.ambiguous_at_sentence_start(cx, &hit.range, found);
            if !counts {
                continue;
            }
            if let Some(&group) = self.form_groups.get(hit.payload as usize) {
                state.matches.push((cx.index, hit.range.clone(), group));
            }
        }
    }

    pub(crate) fn finish(&self, state: State, emit: &mut Emitter<'_>) {
        if !self.pairs.is_empty() {
            let segments = &emit.document().segments;
            for (segment_index, range) in state.reports {
                let Some(segment) = segments.get(segment_index) else {
                    continue;
                };
                let vars = Vars {
                    matched: segment.text.get(range.clone()),
                    ..Vars::default()
                };
                emit.emit(segment, range, DEFAULT_EITHER, &vars, None);
            }
            return;
        }
        let mut counts = vec![0usize; self.groups.len()];
        let mut first_use: Vec<Option<usize>> = vec![None; self.groups.len()];
        for (order, (_, _, group)) in state.matches.iter().enumerate() {
            counts[*group] += 1;
            first_use[*group].get_or_insert(order);
        }
        let used = counts.iter().filter(|&&n| n > 0).count();
        if used < 2 {
            return;
        }
        // Most matches wins; on a tie, the group used first.
        let Some(winner) = (0..self.groups.len())
            .filter(|&g| counts[g] > 0)
            .max_by_key(|&g| {
                (
                    counts[g],
                    std::cmp::Reverse(first_use[g].unwrap_or(usize::MAX)),
                )
            })
        else {
            return;
        };
        let segments = &emit.document().segments;
        let Some((first_segment, first_range, _)) =
            first_use[winner].and_then(|order| state.matches.get(order))
        else {
            return;
        };
        let Some(first_text) = segments
            .get(*first_segment)
            .and_then(|s| s.text.get(first_range.clone()).map(|t| (s, t)))
        else {
            return;
        };
        let (first_seg, winning_form) = first_text;
        let line = emit.line_of(first_seg.source_range(first_range.clone()).start);
        let winner_group = &self.groups[winner];
        for (segment_index, range, group) in &state.matches {
            if *group == winner {
                continue;
            }
            let Some(segment) = segments.get(*segment_index) else {
                continue;
            };
            let Some(found) = segment.text.get(range.clone()) else {
                continue;
            };
            let fix = match (&self.groups[*group].forms[..], &winner_group.forms[..]) {
                ([_], [only]) => Some(ProposedFix::replace(
                    range.clone(),
                    adapt_case(found, only),
                    Applicability::Unsafe,
                )),
                _ => None,
            };
            let vars = Vars {
                matched: Some(found),
                expected: Some(winning_form),
                count: Some(counts[winner]),
                line: Some(line),
                group: Some(&self.groups[*group].name),
                other_group: Some(&winner_group.name),
                ..Vars::default()
            };
            let message = if self.named {
                DEFAULT_NAMED
            } else {
                DEFAULT_UNNAMED
            };
            emit.emit(segment, range.clone(), message, &vars, fix);
        }
    }
}

/// Whether a word has a capital after a lower-case letter ("WebSite", "eMail"): a name as its
/// owner writes it, or a form listed that way on purpose.
fn has_inner_capital(word: &str) -> bool {
    word.chars()
        .zip(word.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase())
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::fixes;
    use crate::finding::Applicability::Unsafe;
    use crate::checks::testing::{NONE, findings, guideline};

    /// The winner is counted, not chosen by the guideline: the fix-all is one unsafe fix with an
    /// edit at every place of the losing form.
    #[test]
    fn the_fix_all_is_one_unsafe_fix_of_every_place() {
        let rule = "kind = \"consistency\"\nignore-case = true\nvariants = [[\"e-mail\"], [\"email\"]]\n";
        let text = "email, email, 中文 e-mail 🙂 E-mail";
        assert_eq!(fixes(rule, text), [[(Unsafe, "email, email, 中文 email 🙂 Email".to_owned())]]);
    }

    const PAIRS: &str = "kind = \"consistency\"\nignore-case = true\n\
                         either = [['analys(?:e|ing)', 'analyz(?:e|ing)'], ['colour', 'color']]\n";

    #[test]
    fn either_reports_each_segment_from_where_both_sides_were_seen() {
        // The first paragraph has one side only; the second brings the other (reported at its
        // last match); the fourth uses a side again (reported); "colour" alone never is.
        let text = "We analyse the colour.\n\nAnalyzing it, we analyse.\n\nNothing.\n\nAnalyse.";
        assert_eq!(findings(PAIRS, text), ["analyse", "Analyse"]);
        assert_eq!(findings(PAIRS, "Analyse, analyse, colour."), NONE);
        // Both sides in one paragraph: reported at the last match of the pair.
        assert_eq!(
            findings(PAIRS, "The color, then colour and color."),
            ["color"]
        );
    }

    #[test]
    fn either_is_case_sensitive_by_default_and_whole_words() {
        let rule = "kind = \"consistency\"\neither = [['colour', 'color']]\n";
        assert_eq!(findings(rule, "Colour and color. Colors."), NONE);
        assert_eq!(findings(rule, "colour and color."), ["color"]);
    }

    #[test]
    fn either_pairs_are_checked() {
        let compiles = |rule: &str| {
            std::panic::catch_unwind(|| {
                guideline(rule);
            })
            .is_ok()
        };
        assert!(!compiles(
            "kind = \"consistency\"\neither = [['a', 'b', 'c']]\n"
        ));
        assert!(!compiles("kind = \"consistency\"\neither = [['a', '']]\n"));
        assert!(!compiles(
            "kind = \"consistency\"\neither = [['a', 'b']]\nvariants = [['a'], ['b']]\n"
        ));
        assert!(!compiles("kind = \"consistency\"\neither = [['(', 'b']]\n"));
    }
}
