//! Terminology conflicts: where teams or channels write one concept differently.
//!
//! # Method
//! The report sees findings, not documents, so conflicts are derived from the findings of
//! `terminology` and `consistency` rules (the rule kinds that name *variants* of one concept —
//! "e-mail"/"email", "Sie"/"du"), looked up in the guideline in force:
//!
//! 1. Each such rule is one concept. Each of its findings is one use of an off-guideline
//!    variant: for terminology, the deprecated spelling written (its fix is the preferred
//!    form); for consistency, the minority form in a document that mixes forms. The variant is
//!    the matched text, whitespace-normalised, case kept ("E-mail" and "e-mail" are different
//!    habits).
//! 2. The concept's scope is the languages of the documents where it was found (a German
//!    address rule says nothing about English posts). Only documents in scope are counted, so
//!    that a team without German copy does not look like a team that writes "du".
//! 3. Per team and per channel: how many documents are in scope, how many of them use an
//!    off-guideline variant, and how often each variant is used.
//! 4. A concept is a **conflict** when the groups disagree: two teams (or two channels) with
//!    documents in scope use different sets of variants — one writes "e-mail", the other
//!    "E-mail", or one has no off-guideline variant at all (it writes the preferred form, or
//!    does not use the term). A variant used by every group alike is drift from the guideline,
//!    not a conflict between teams; it shows in the findings by rule.
//!
//! What findings cannot show: a document that writes only the *preferred* form has no finding,
//! so "follows the guideline" and "never uses the term" look the same; the report words it as
//! "no off-guideline variant". A document that is consistently formal ("Sie" throughout) is not
//! a consistency finding (it does not mix); the guideline's `avoid` rule for "Sie" reports it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use super::RuleKinds;
use crate::doc::Doc;
use crate::guideline::RuleKind;
use crate::output::json::FindingReport;

/// A concept that teams or channels write differently (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Conflict {
    /// The rule that names the concept.
    pub rule: String,
    /// Terminology or consistency.
    pub kind: RuleKind,
    /// Languages of the documents where the concept was found.
    pub languages: Vec<String>,
    /// The guideline's forms, from the findings' fixes (empty when a rule offers no fix).
    pub preferred: Vec<String>,
    /// Off-guideline variants, most used first.
    pub variants: Vec<Variant>,
    /// Per team: documents in scope and their uses of each variant.
    pub teams: Vec<Usage>,
    /// Per channel, as per team.
    pub channels: Vec<Usage>,
}

/// One off-guideline way of writing a concept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Variant {
    /// The text as written, whitespace-normalised.
    pub text: String,
    /// Uses over the run.
    pub uses: usize,
    /// Documents with at least one use.
    pub documents: usize,
}

/// One team's or channel's use of a concept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Usage {
    /// The team or channel.
    pub name: String,
    /// Documents of this group in the concept's languages.
    pub documents: usize,
    /// Of those, documents with an off-guideline variant.
    pub documents_with_variant: usize,
    /// Uses per variant.
    pub uses: BTreeMap<String, usize>,
}

/// The uses of one concept, gathered over the run.
#[derive(Default)]
struct Concept {
    kind: Option<RuleKind>,
    languages: BTreeSet<String>,
    preferred: BTreeSet<String>,
    /// Per document (its place in the run): uses per variant.
    uses: BTreeMap<usize, BTreeMap<String, usize>>,
}

/// The concepts of a run, gathered file by file from the findings of terminology and
/// consistency rules as the run goes.
#[derive(Default)]
pub(crate) struct Concepts {
    concepts: BTreeMap<String, Concept>,
    kinds: BTreeMap<String, Option<RuleKind>>,
}

impl Concepts {
    /// Gather the findings of the document at place `index` of the run.
    pub(crate) fn add(
        &mut self,
        index: usize,
        language: &str,
        findings: &[FindingReport],
        kinds: &dyn RuleKinds,
    ) {
        for finding in findings {
            let kind = *self
                .kinds
                .entry(finding.rule.clone())
                .or_insert_with(|| kinds.kind(&finding.rule));
            if !matches!(kind, Some(RuleKind::Terminology | RuleKind::Consistency)) {
                continue;
            }
            let concept = self.concepts.entry(finding.rule.clone()).or_default();
            concept.kind = kind;
            if !concept.languages.contains(language) {
                concept.languages.insert(language.to_owned());
            }
            if let Some(fix) = finding.fixes.first() {
                concept.preferred.insert(fix.clone());
            }
            // A document-level finding stands for each of its occurrences.
            let texts: Vec<&str> = if finding.occurrences.is_empty() {
                vec![finding.text.as_str()]
            } else {
                finding
                    .occurrences
                    .iter()
                    .map(|o| o.text.as_str())
                    .collect()
            };
            for text in texts {
                let variant = text.split_whitespace().collect::<Vec<_>>().join(" ");
                *concept
                    .uses
                    .entry(index)
                    .or_default()
                    .entry(variant)
                    .or_insert(0) += 1;
            }
        }
    }

    /// The conflicts among the concepts; `docs` and `teams` are in path order, and `place`
    /// turns a document's place in the run into its place in `docs`.
    pub(crate) fn build(self, docs: &[Doc], teams: &[Arc<str>], place: &[usize]) -> Vec<Conflict> {
        let mut conflicts: Vec<Conflict> = self
            .concepts
            .into_iter()
            .filter_map(|(rule, mut concept)| {
                concept.uses = std::mem::take(&mut concept.uses)
                    .into_iter()
                    .filter_map(|(index, uses)| Some((*place.get(index)?, uses)))
                    .collect();
                conflict(rule, concept, docs, teams)
            })
            .collect();
        conflicts.sort_by(|a, b| {
            let uses = |c: &Conflict| c.variants.iter().map(|v| v.uses).sum::<usize>();
            uses(b).cmp(&uses(a)).then_with(|| a.rule.cmp(&b.rule))
        });
        conflicts
    }
}

fn conflict(rule: String, concept: Concept, docs: &[Doc], teams: &[Arc<str>]) -> Option<Conflict> {
    let in_scope: Vec<usize> = (0..docs.len())
        .filter(|&index| concept.languages.contains(docs[index].language_name()))
        .collect();
    let by_team = usages(&in_scope, &concept, |index| &teams[index]);
    let by_channel = usages(&in_scope, &concept, |index| docs[index].channel_name());
    if !disagree(&by_team) && !disagree(&by_channel) {
        return None;
    }
    let mut variants: BTreeMap<&str, Variant> = BTreeMap::new();
    for uses in concept.uses.values() {
        for (text, &count) in uses {
            let variant = variants.entry(text).or_insert_with(|| Variant {
                text: text.clone(),
                uses: 0,
                documents: 0,
            });
            variant.uses += count;
            variant.documents += 1;
        }
    }
    let mut variants: Vec<Variant> = variants.into_values().collect();
    variants.sort_by(|a, b| b.uses.cmp(&a.uses).then_with(|| a.text.cmp(&b.text)));
    Some(Conflict {
        rule,
        kind: concept.kind?,
        languages: concept.languages.into_iter().collect(),
        preferred: concept.preferred.into_iter().collect(),
        variants,
        teams: by_team,
        channels: by_channel,
    })
}

fn usages<'a>(
    in_scope: &[usize],
    concept: &Concept,
    group_of: impl Fn(usize) -> &'a str,
) -> Vec<Usage> {
    let mut groups: BTreeMap<&str, Usage> = BTreeMap::new();
    for &index in in_scope {
        let name = group_of(index);
        let usage = groups.entry(name).or_insert_with(|| Usage {
            name: name.to_owned(),
            ..Usage::default()
        });
        usage.documents += 1;
        if let Some(uses) = concept.uses.get(&index) {
            usage.documents_with_variant += 1;
            for (variant, &count) in uses {
                *usage.uses.entry(variant.clone()).or_insert(0) += count;
            }
        }
    }
    groups.into_values().collect()
}

/// Whether two groups use different sets of variants.
fn disagree(groups: &[Usage]) -> bool {
    let mut sets = groups
        .iter()
        .map(|usage| usage.uses.keys().collect::<BTreeSet<_>>());
    match sets.next() {
        Some(first) => sets.any(|set| set != first),
        None => false,
    }
}
