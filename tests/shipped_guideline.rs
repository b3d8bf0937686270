//! The starter guideline that ships in `rules/` compiles cleanly and every rule passes its own
//! examples; so does the worked example's guideline (Fernway, `examples/guideline/`) on top of it.

use onbrand::guideline::{Guideline, builtin};

mod common;

fn shipped() -> Guideline {
    match Guideline::compile(&builtin::sources()) {
        Ok(guideline) => guideline,
        Err(errors) => {
            let listed = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n");
            panic!(
                "the shipped guideline has {} error(s):\n{listed}",
                errors.len()
            );
        }
    }
}

#[test]
fn shipped_guideline_compiles_without_errors() {
    let guideline = shipped();
    assert!(
        guideline.rules().len() >= 30,
        "expected the full starter guideline, got {} rules",
        guideline.rules().len()
    );
}

#[test]
fn every_shipped_rule_passes_its_examples() {
    let failures = shipped().test_examples();
    let listed = failures
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        failures.is_empty(),
        "{} example(s) failed:\n{listed}",
        failures.len()
    );
}

#[test]
fn every_shipped_rule_has_examples_a_description_and_a_link() {
    for rule in shipped().rules() {
        let id = &rule.info.id;
        assert_documented(rule);
        // The starter's reference is docs/rules.md, one heading per rule (GitHub's anchor).
        let anchor: String = id
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        assert_eq!(
            rule.info.link.as_deref(),
            Some(
                format!("https://github.com/onbrand-dev/onbrand/blob/main/docs/rules.md#{anchor}")
                    .as_str()
            ),
            "{id}: links to its entry in docs/rules.md"
        );
        assert!(
            id.starts_with("onbrand."),
            "{id}: ids start with `onbrand.`"
        );
    }
}

/// Fernway's own rules (examples/guideline/, loaded by examples/onbrand.toml) pass their
/// examples and link to Fernway's guide, like a brand's guideline should.
#[test]
fn every_fernway_rule_passes_its_examples_and_links_to_the_guide() {
    let guideline = &common::fernway().guideline;
    let failures = guideline.test_examples();
    assert!(failures.is_empty(), "{failures:?}");
    let fernway: Vec<_> = guideline
        .rules()
        .iter()
        .filter(|rule| rule.info.id.starts_with("fernway."))
        .collect();
    assert!(fernway.len() >= 10, "{} Fernway rules", fernway.len());
    for rule in fernway {
        let id = &rule.info.id;
        assert_documented(rule);
        assert!(
            rule.info
                .link
                .as_deref()
                .is_some_and(|link| link.starts_with("https://brand.fernway.example/guide#")),
            "{id}: no link to the guide"
        );
    }
}

fn assert_documented(rule: &onbrand::guideline::Rule) {
    let id = &rule.info.id;
    assert!(!rule.examples.bad.is_empty(), "{id}: no bad example");
    assert!(!rule.examples.good.is_empty(), "{id}: no good example");
    assert!(
        rule.description
            .as_deref()
            .is_some_and(|d| !d.trim().is_empty()),
        "{id}: no description"
    );
}
