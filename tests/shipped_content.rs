//! The shipped content end to end: the example repository's exact findings, and the generated
//! rule reference in docs/ matching the shipped guideline.

use std::path::Path;

use assert_cmd::Command;

#[test]
fn the_example_repository_gives_exactly_the_documented_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::cargo_bin("onbrand")
        .unwrap()
        .current_dir(root)
        .args(["check", "examples/", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "the examples are deliberately off-brand"
    );
    let findings = String::from_utf8_lossy(&output.stdout).replace('\\', "/");
    // examples/README.md explains each of these; keep both in step.
    insta::assert_snapshot!("examples_findings", findings);
}

#[test]
fn the_rule_reference_is_generated_from_the_shipped_guideline() {
    let guideline = onbrand::config::builtin_guideline().expect("the shipped guideline compiles");
    let generated = onbrand::output::reference::markdown(&guideline);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    // A hand-written preface (the starter, how a brand adds its decisions, the precision
    // figures) comes first; the reference below it is generated.
    assert!(
        committed.ends_with(&generated) && committed.len() > generated.len(),
        "docs/rules.md is stale: keep its preface and replace everything from `# Rule reference` \
         with `cargo run -- rules --markdown`"
    );
}
