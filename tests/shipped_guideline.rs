//! The guideline that ships in `rules/` compiles cleanly and every rule passes its own examples.

use onbrand::guideline::{Guideline, builtin};

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
        "expected the full Fernway guideline, got {} rules",
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
        assert!(!rule.examples.bad.is_empty(), "{id}: no bad example");
        assert!(!rule.examples.good.is_empty(), "{id}: no good example");
        assert!(
            rule.description
                .as_deref()
                .is_some_and(|d| !d.trim().is_empty()),
            "{id}: no description"
        );
        assert!(
            rule.info
                .link
                .as_deref()
                .is_some_and(|link| link.starts_with("https://brand.fernway.example/guide#")),
            "{id}: no link to the guide"
        );
        assert!(
            id.starts_with("fernway."),
            "{id}: ids start with `fernway.`"
        );
    }
}
