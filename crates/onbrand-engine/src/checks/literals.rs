//! The one literal matcher of a guideline: every term, variant, phrase and form of every rule in
//! a single Aho-Corasick automaton.
//!
//! Patterns are stored case-folded with [`prose::fold_case`] (which keeps byte offsets, so a
//! match in the folded text is a match at the same bytes of the original) and deduplicated: a
//! string used by several rules is one pattern with several owners. The automaton runs once per
//! segment over the folded text, reporting overlapping matches, and each owner then decides:
//! its rule must apply to the segment, a case-sensitive owner must match the original text
//! exactly, and the match must stand as a whole word ([`prose::is_whole_word`]). Finally each
//! rule's matches are reduced to leftmost-longest, non-overlapping ones, so every rule behaves
//! as if it had the automaton to itself: "sign up form" in one rule does not hide "sign up" in
//! another, and a longer form of the same rule wins over a shorter one inside it.
//!
//! A literal with an apostrophe also matches with the other apostrophe ("don't" and "don’t").

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::prose;

/// One literal match of one rule: where, and which of the rule's strings (the rule's own
/// numbering, `payload`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub range: Range<usize>,
    pub payload: u32,
}

#[derive(Clone, Debug)]
struct Owner {
    rule: u32,
    payload: u32,
    /// The literal as written, when it must match case-sensitively.
    exact: Option<Box<str>>,
}

#[derive(Debug, Default)]
pub(crate) struct LiteralsBuilder {
    patterns: Vec<String>,
    index: HashMap<String, usize>,
    owners: Vec<Vec<Owner>>,
}

impl LiteralsBuilder {
    /// Add `literal` for `rule`; matches of it are reported with `payload`.
    pub(crate) fn add(&mut self, literal: &str, ignore_case: bool, rule: u32, payload: u32) {
        self.add_one(literal, ignore_case, rule, payload);
        for (from, to) in [('\'', '\u{2019}'), ('\u{2019}', '\'')] {
            if literal.contains(from) {
                self.add_one(
                    &literal.replace(from, &to.to_string()),
                    ignore_case,
                    rule,
                    payload,
                );
            }
        }
    }

    fn add_one(&mut self, literal: &str, ignore_case: bool, rule: u32, payload: u32) {
        let id = self.slot(prose::fold_case(literal).into_owned());
        let owner = Owner {
            rule,
            payload,
            exact: (!ignore_case).then(|| literal.into()),
        };
        self.owners[id].push(owner);
    }

    /// The number of folded pattern `folded`, added as the next one if it is new.
    fn slot(&mut self, folded: String) -> usize {
        if let Some(&id) = self.index.get(&folded) {
            return id;
        }
        let id = self.patterns.len();
        self.index.insert(folded.clone(), id);
        self.patterns.push(folded);
        self.owners.push(Vec::new());
        id
    }

    /// Append the literals of one rule's own builder, for rule `rule`: the same patterns, in
    /// the same order, with the same owners as had the rule added them here.
    pub(crate) fn merge(&mut self, other: LiteralsBuilder, rule: u32) {
        for (pattern, owners) in other.patterns.into_iter().zip(other.owners) {
            let id = self.slot(pattern);
            let owners = owners.into_iter().map(|owner| Owner { rule, ..owner });
            self.owners[id].extend(owners);
        }
    }

    pub(crate) fn build(self) -> Result<Literals, String> {
        if self.patterns.is_empty() {
            return Ok(Literals::default());
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            // A DFA, not the contiguous NFA the crate picks for this many patterns: the search
            // over every segment costs a third less, for ~9 M instructions more at start.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&self.patterns)
            .map_err(|error| format!("too many terms for one matcher: {error}"))?;
        let mut rules: Vec<u32> = self.owners.iter().flatten().map(|o| o.rule).collect();
        rules.sort_unstable();
        rules.dedup();
        Ok(Literals {
            automaton: Some(automaton),
            owners: self.owners,
            rules,
        })
    }
}

#[derive(Debug, Default)]
pub(crate) struct Literals {
    automaton: Option<AhoCorasick>,
    owners: Vec<Vec<Owner>>,
    /// The rules that own a literal, to skip segments none of them looks at.
    rules: Vec<u32>,
}

impl Literals {
    /// Every whole-word match in `text` (case-folded: `folded`) of a rule marked in `active`,
    /// as `(rule, hit)`.
    pub(crate) fn find(
        &self,
        text: &str,
        folded: &str,
        active: &[bool],
        out: &mut Vec<(u32, Hit)>,
    ) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let any_active = self
            .rules
            .iter()
            .any(|rule| active.get(*rule as usize).copied().unwrap_or(false));
        if !any_active {
            return;
        }
        for found in automaton.find_overlapping_iter(folded) {
            let range = found.start()..found.end();
            let Some(owners) = self.owners.get(found.pattern().as_usize()) else {
                continue;
            };
            let mut whole_word = None;
            for owner in owners {
                if !active.get(owner.rule as usize).copied().unwrap_or(false) {
                    continue;
                }
                if let Some(exact) = &owner.exact
                    && text.get(range.clone()) != Some(&**exact)
                {
                    continue;
                }
                if !*whole_word.get_or_insert_with(|| prose::is_whole_word(text, range.clone())) {
                    break;
                }
                out.push((
                    owner.rule,
                    Hit {
                        range: range.clone(),
                        payload: owner.payload,
                    },
                ));
            }
        }
    }
}

/// Sort hits by rule and position and keep, per rule, the leftmost-longest non-overlapping ones.
pub(crate) fn resolve(hits: &mut Vec<(u32, Hit)>) {
    hits.sort_by(|(rule_a, a), (rule_b, b)| {
        rule_a
            .cmp(rule_b)
            .then(a.range.start.cmp(&b.range.start))
            .then(b.range.end.cmp(&a.range.end))
            .then(a.payload.cmp(&b.payload))
    });
    let mut last: Option<(u32, usize)> = None;
    hits.retain(|(rule, hit)| {
        let keep = match last {
            Some((last_rule, last_end)) => *rule != last_rule || hit.range.start >= last_end,
            None => true,
        };
        if keep {
            last = Some((*rule, hit.range.end));
        }
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(builder: LiteralsBuilder, text: &str) -> Vec<(u32, String, u32)> {
        let literals = builder.build().unwrap();
        let mut hits = Vec::new();
        literals.find(
            text,
            &prose::fold_case(text),
            &[true, true, true],
            &mut hits,
        );
        resolve(&mut hits);
        hits.into_iter()
            .map(|(rule, hit)| (rule, text[hit.range].to_owned(), hit.payload))
            .collect()
    }

    #[test]
    fn shared_strings_overlaps_and_case() {
        let mut builder = LiteralsBuilder::default();
        builder.add("sign up", true, 0, 0);
        builder.add("sign up form", true, 1, 0);
        builder.add("Sie", false, 2, 0);
        builder.add("sign up", true, 2, 1);
        let found = matches(builder, "Sign up form: sie und Sie. Sign-up");
        assert_eq!(
            found,
            [
                (0, "Sign up".to_owned(), 0),
                (1, "Sign up form".to_owned(), 0),
                (2, "Sign up".to_owned(), 1),
                (2, "Sie".to_owned(), 0),
            ]
        );
    }

    #[test]
    fn apostrophes_match_either_way() {
        let mut builder = LiteralsBuilder::default();
        builder.add("don't", true, 0, 0);
        let found = matches(builder, "Don’t and don't");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn cjk_terms_match_inside_running_text() {
        let mut builder = LiteralsBuilder::default();
        builder.add("你", false, 0, 0);
        builder.add("你们", false, 0, 1);
        let found = matches(builder, "你好，你们好");
        assert_eq!(found, [(0, "你".to_owned(), 0), (0, "你们".to_owned(), 1)]);
    }
}
