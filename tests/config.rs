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

/// `[brand]` turns a brand's decisions into rules: the form of address per language (a
/// sentence-initial "Sie", which may be she/they, is not flagged; 你们 is plural and fine),
/// names in exact case and a preferred spelling, each with its fix where there is one.
#[test]
fn brand_settings_become_rules() {
    let repo = Repo::new();
    repo.write(
        "onbrand.toml",
        "[brand]\naddress = { de = \"du\", zh = \"你\" }\nnames = [\"Fernway\", \"GitHub\"]\n\
         prefer = [\"email\"]\n",
    );
    repo.write(
        "de.md",
        "---\nlang: de\n---\n\nSchön, dass Sie da sind. Sie ist unsere Chefin und hilft Ihnen.\n",
    );
    repo.write(
        "en.md",
        "---\nlang: en\n---\n\nSend an e-mail to the Github team. We love fernway 🚆 trips.\n",
    );
    repo.write(
        "zh.md",
        "---\nlang: zh\n---\n\n感谢您的预订。你们的行程已经同步。\n",
    );
    let output = repo.onbrand(&["check", "--format", "concise", "."]);
    let text = stdout(&output);
    let found: Vec<&str> = text.lines().filter(|l| l.contains("[onbrand.")).collect();
    assert_eq!(
        found,
        [
            "de.md:5:13: warning[onbrand.brand.de.address] Wir schreiben „du“: „Sie“ passt nicht dazu. (2 times in this document)",
            "en.md:5:9: warning[onbrand.brand.en.prefer.email] Write 'email', not 'e-mail'.",
            "en.md:5:23: warning[onbrand.brand.names] Write 'GitHub', not 'Github'.",
            "en.md:5:44: warning[onbrand.brand.names] Write 'Fernway', not 'fernway'.",
            "zh.md:5:3: warning[onbrand.brand.zh.address] 我们用“你”称呼读者，这里是“您”。",
        ],
        "{text}"
    );
}

/// A wrong `[brand]` value is an error at the value, with the form meant; an unknown key names
/// the ones there are.
#[test]
fn brand_settings_are_checked_with_positions_and_suggestions() {
    let repo = Repo::new();
    repo.write(
        "onbrand.toml",
        "[brand]\naddress = { de = \"sie\", fr = \"vous\" }\nprefer = [\"e-mial\"]\n",
    );
    repo.write("a.md", "Hi.\n");
    let output = repo.onbrand(&["check", "a.md"]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    for expected in [
        "onbrand.toml:2:18: `address.de` is `sie` (did you mean `Sie`?): it takes `du` or `Sie`",
        "onbrand.toml:2:30: `address` has no setting for `fr`",
        "onbrand.toml:3:11: `prefer` does not know `e-mial` (did you mean `e-mail`?)",
    ] {
        assert!(errors.contains(expected), "{expected}\n{errors}");
    }
    repo.write("onbrand.toml", "[brand]\nadress = { de = \"du\" }\n");
    let errors = stderr(&repo.onbrand(&["check", "a.md"]));
    assert!(
        errors.contains("onbrand.toml:2:1: unknown field `adress`, expected one of `address`"),
        "{errors}"
    );
}

/// `onbrand init` writes the brand's decisions given as flags, and refuses a wrong one without
/// touching the file already there.
#[test]
fn init_writes_brand_settings_and_keeps_a_file_on_a_wrong_value() {
    let repo = Repo::new();
    let output = repo.onbrand(&[
        "init",
        "fresh",
        "--address",
        "de=Sie",
        "--name",
        "Fernway",
        "--prefer",
        "E-Mail",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let written = repo.read("fresh/onbrand.toml");
    assert!(
        written.ends_with(
            "[brand]\nnames = [\"Fernway\"]\nprefer = [\"E-Mail\"]\n\n[brand.address]\nde = \"Sie\"\n"
        ),
        "{written}"
    );
    let output = repo.onbrand(&["init", "fresh", "--force", "--address", "zh=你们"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("`address.zh` is `你们`"),
        "{}",
        stderr(&output)
    );
    assert_eq!(repo.read("fresh/onbrand.toml"), written);
    assert!(!repo.path("fresh/onbrand.toml.draft").exists());
}

/// `onbrand init --write-guideline` writes the starter guideline as files the brand owns and
/// points the configuration at them: the same rules, so the same findings as "builtin"; an
/// edit to the copy changes what is checked; existing files are never overwritten silently.
#[test]
fn init_writes_the_starter_guideline_as_files_to_edit() {
    let repo = Repo::new();
    let copy = "# Neuigkeiten\n\nDu kannst Ihre Reise jetzt buchen. Click here for the revolutionary e-mail and email offer!\n";
    repo.write("builtin/posts/a.md", copy);
    repo.write("owned/posts/a.md", copy);
    assert!(
        repo.onbrand(&["init", "builtin", "--no-input"])
            .status
            .success()
    );
    let output = repo.onbrand(&["init", "owned", "--no-input", "--write-guideline"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Wrote the starter guideline into"));
    let config = repo.read("owned/onbrand.toml");
    assert!(
        config.contains("\nguideline = [\"guideline/\"]\n"),
        "{config}"
    );
    for (name, text) in onbrand::guideline::builtin::FILES {
        let written = repo.read(&format!("owned/guideline/{name}"));
        assert!(written.starts_with("# Copied from onbrand "), "{written}");
        assert!(written.ends_with(text), "{name} is the starter's text");
    }
    let findings = |folder: &str| {
        let output = repo.onbrand(&[
            "check",
            "--format",
            "concise",
            &format!("{folder}/posts/a.md"),
        ]);
        stdout(&output)
            .lines()
            .filter(|line| line.contains(": "))
            .map(|line| line.replacen(folder, "", 1))
            .collect::<Vec<_>>()
    };
    let from_builtin = findings("builtin");
    assert!(from_builtin.len() >= 3, "{from_builtin:?}");
    assert_eq!(findings("owned"), from_builtin);

    // The copy is the brand's: removing a rule file stops its rules.
    std::fs::remove_file(repo.path("owned/guideline/hype.toml")).unwrap();
    let owned = findings("owned");
    assert!(owned.len() < from_builtin.len(), "{owned:?}");
    assert!(
        !owned.iter().any(|line| line.contains("onbrand.hype")),
        "{owned:?}"
    );

    // Files already there stay unless --force.
    repo.write("again/guideline/style.toml", "# mine\n");
    let output = repo.onbrand(&["init", "again", "--no-input", "--write-guideline"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("already exists; use --force"),
        "{}",
        stderr(&output)
    );
    assert_eq!(repo.read("again/guideline/style.toml"), "# mine\n");
    assert!(!repo.path("again/onbrand.toml").exists());
}
