//! Every threshold at its edge: exactly at a limit is fine, one past it is a finding.
//!
//! A `>` that became `>=` (a post of exactly 280 characters flagged against a 280 limit) or a
//! guard that stopped reporting "the the the" once would pass every other test; these would not.

use onbrand::document::{Document, Format};
use onbrand::guideline::{DocContext, Guideline, GuidelineSource};

/// The findings of a one-rule guideline on a plain-text document, as the underlined text.
fn findings(rule: &str, text: &str) -> Vec<String> {
    let guideline = Guideline::compile(&[GuidelineSource {
        name: "edge.toml".into(),
        text: format!("[[rule]]\nid = \"edge\"\n{rule}"),
    }])
    .unwrap_or_else(|errors| panic!("{errors:?}"));
    let document = Document::parse(Format::Text, text.to_owned());
    guideline
        .check(&document, &DocContext::default())
        .iter()
        .map(|finding| document.text[finding.span.clone()].to_owned())
        .collect()
}

#[test]
fn length_in_characters_at_the_limit_and_one_over() {
    let rule = "kind = \"length\"\nunit = \"characters\"\nper = \"paragraph\"\nmax = 10\n";
    assert_eq!(findings(rule, "Zehn Ümläu"), Vec::<String>::new()); // 10 characters
    assert_eq!(findings(rule, "Zehn Ümläut"), vec!["t"]); // 11: the overflow
    assert_eq!(findings(rule, "一二三四五六七八九十"), Vec::<String>::new());
    assert_eq!(findings(rule, "一二三四五六七八九十🙂"), vec!["🙂"]);
}

#[test]
fn length_minimum_at_the_limit_and_one_under() {
    let rule = "kind = \"length\"\nunit = \"words\"\nper = \"paragraph\"\nmin = 3\n";
    assert_eq!(findings(rule, "one two three"), Vec::<String>::new());
    assert_eq!(findings(rule, "one two"), vec!["one two"]);
}

#[test]
fn length_per_document_at_the_limit_and_one_over() {
    let rule = "kind = \"length\"\nunit = \"words\"\nper = \"document\"\nmax = 4\n";
    assert_eq!(
        findings(rule, "one two\n\nthree four"),
        Vec::<String>::new()
    );
    assert_eq!(findings(rule, "one two\n\nthree four five"), vec!["five"]);
}

#[test]
fn occurrence_at_the_limit_and_one_over() {
    let rule = "kind = \"occurrence\"\npattern = '!'\nper = \"document\"\nmax = 2\n";
    assert!(findings(rule, "Hi! Yes! Fine.").is_empty());
    assert!(!findings(rule, "Hi! Yes! Fine!").is_empty());
    let min = "kind = \"occurrence\"\npattern = 'please'\nper = \"document\"\nmin = 2\n";
    assert!(findings(min, "Do it please, please.").is_empty());
    assert!(!findings(min, "Do it please.").is_empty());
}

#[test]
fn metric_comparisons_at_the_threshold() {
    let metric = |condition: &str, text: &str| {
        findings(
            &format!("kind = \"metric\"\nformula = \"words\"\ncondition = \"{condition}\"\n"),
            text,
        )
        .len()
    };
    let four = "one two three four";
    assert_eq!(metric("> 4", four), 0);
    assert_eq!(metric(">= 4", four), 1);
    assert_eq!(metric("< 4", four), 0);
    assert_eq!(metric("<= 4", four), 1);
    assert_eq!(metric("== 4", four), 1);
    assert_eq!(metric("!= 4", four), 0);
    assert_eq!(metric("> 3", four), 1);
    assert_eq!(metric("< 5", four), 1);
}

#[test]
fn repetition_reports_a_pair_and_leaves_a_run_of_three_or_more_alone() {
    let rule = "kind = \"repetition\"\n";
    assert_eq!(findings(rule, "the the end"), vec!["the the"]);
    // Three or more in a row is deliberate ("no no no", "done done done"), not a typo: no
    // finding for any pair of the run.
    assert!(findings(rule, "the the the end").is_empty());
    assert!(findings(rule, "the the the the end").is_empty());
    // Only neighbours make a run: a repeat after a sentence end is still a pair.
    assert_eq!(findings(rule, "It was done. Done done!"), vec!["Done done"]);
    assert_eq!(findings(rule, "die die Katze"), vec!["die die"]);
    assert!(findings(rule, "the end. The end").is_empty());
}

#[test]
fn occurrence_once_reports_a_scope_over_the_limit_once_at_its_first_match() {
    let rule = "kind = \"occurrence\"\npattern = '!'\nper = \"paragraph\"\nmax = 1\nonce = true\n";
    assert!(findings(rule, "Hi! Fine.").is_empty());
    assert_eq!(findings(rule, "Hi! Yes! Fine!"), vec!["!"]);
    let each = "kind = \"occurrence\"\npattern = '!'\nper = \"paragraph\"\nmax = 1\n";
    assert_eq!(findings(each, "Hi! Yes! Fine!"), vec!["!", "!"]);
}
