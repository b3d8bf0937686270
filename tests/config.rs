//! `onbrand.toml` semantics that front ends rely on.

mod common;

use common::{Repo, stderr, stdout};

/// Overrides apply in order: `enable` turns back on a rule an earlier override disabled, for
/// the files it matches.
#[test]
fn a_later_override_enables_a_rule_an_earlier_one_disabled() {
    let repo = Repo::new();
    repo.write(
        "onbrand.toml",
        "guideline = [\"guideline.toml\"]\n\
         [[override]]\npaths = [\"legal/**\"]\ndisable = [\"test.hype\"]\n\
         [[override]]\npaths = [\"legal/press/**\"]\nenable = [\"test.hype\"]\n",
    );
    for file in ["legal/terms.md", "legal/press/launch.md", "blog/post.md"] {
        repo.write(file, "A revolutionary idea.\n");
    }
    let output = repo.onbrand(&["check", "--format", "concise", "."]);
    let text = stdout(&output);
    let flagged: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("[test.hype]"))
        .map(|line| line.split(':').next().unwrap_or_default())
        .collect();
    assert_eq!(flagged, ["blog/post.md", "legal/press/launch.md"], "{text}");
}

#[test]
fn an_unknown_rule_in_enable_is_an_error_with_the_closest_id() {
    let repo = Repo::new();
    repo.write(
        "onbrand.toml",
        "guideline = [\"guideline.toml\"]\n[[override]]\npaths = [\"a/**\"]\nenable = [\"test.hyp\"]\n",
    );
    repo.write("a.md", "Hi.\n");
    let output = repo.onbrand(&["check", "a.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "onbrand.toml:4:11: unknown rule id `test.hyp` in `enable` (did you mean `test.hype`?)"
        ),
        "{}",
        stderr(&output)
    );
}
