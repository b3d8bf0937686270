//! Conventions users bring from ruff, Vale and ripgrep: explain a rule, completions and a man
//! page, `--color`, and typos answered with "did you mean" instead of silence.

mod common;

use common::{Repo, stderr, stdout};

#[test]
fn rules_id_explains_one_rule_and_suggests_the_closest_for_a_typo() {
    let repo = Repo::new();
    let output = repo.onbrand(&["rules", "test.hype"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("## `test.hype`\n"), "{text}");
    assert!(
        text.contains("- kind: `avoid`\n- severity: error\n"),
        "{text}"
    );
    assert!(
        text.contains("The `avoid` kind: `onbrand kinds --markdown`"),
        "{text}"
    );

    let output = repo.onbrand(&["rules", "test.hyp"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: no rule `test.hyp` in the guideline in force (did you mean `test.hype`?); \
         `onbrand rules` lists them\n"
    );
}

#[test]
fn completions_and_man_page_come_from_the_parser() {
    let repo = Repo::new();
    let bash = repo.onbrand(&["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    let bash = stdout(&bash);
    assert!(
        bash.contains("_onbrand()") && bash.contains("--stdin-filename"),
        "{bash}"
    );
    let man = repo.onbrand(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    let man = stdout(&man);
    assert!(
        man.contains(".TH onbrand 1") && man.contains("test\\-rules"),
        "{man}"
    );
}

#[test]
fn color_always_colours_findings_and_never_or_a_pipe_does_not() {
    let repo = Repo::new();
    repo.write("a.md", "A revolutionary idea.\n");
    let always = stdout(&repo.onbrand(&["check", "--color", "always", "a.md"]));
    assert!(always.contains("\u{1b}["), "{always}");
    let never = stdout(&repo.onbrand(&["check", "--color", "never", "a.md"]));
    let piped = stdout(&repo.onbrand(&["check", "a.md"]));
    assert!(
        !never.contains('\u{1b}') && never.contains("error[test.hype]"),
        "{never}"
    );
    assert_eq!(never, piped);
}

#[test]
fn a_misspelt_channel_on_the_command_line_is_an_error_with_a_suggestion() {
    let repo = Repo::new();
    repo.write(
        "onbrand.toml",
        "guideline = [\"guideline.toml\"]\n[channels.email]\ninclude = [\"mail/**\"]\n",
    );
    repo.write("a.md", "Hello.\n");
    let output = repo.onbrand(&["check", "--channel", "emial", "a.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: unknown channel `emial` (did you mean `email`?); the channels here are: email\n"
    );
    let output = repo.onbrand(&["check", "--channel", "email", "a.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // A name unlike any known channel is meant: reports group by it.
    let output = repo.onbrand(&["check", "--channel", "print", "a.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn configuration_typos_in_languages_and_channels_are_errors_at_their_position() {
    let repo = Repo::new();
    repo.write(
        "onbrand.toml",
        "guideline = [\"guideline.toml\"]\nlanguage = \"English\"\n\
         [channels.email]\ninclude = [\"mail/**\"]\n\
         [[override]]\npaths = [\"news/**\"]\nchannel = \"emial\"\nlanguage = \"deutsch\"\n",
    );
    repo.write("a.md", "Hello.\n");
    let output = repo.onbrand(&["check", "a.md"]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    for expected in [
        "onbrand.toml:2:12: `English` is not a language tag: use a code like `en`, `de` or \
         `zh-CN` (did you mean `en`?)",
        "onbrand.toml:8:12: `deutsch` is not a language tag: use a code like `en`, `de` or \
         `zh-CN` (did you mean `de`?)",
        "onbrand.toml:7:11: unknown channel `emial` (did you mean `email`?): neither \
         `[channels]` nor the guideline's rules or tone profile name it",
    ] {
        assert!(
            errors.contains(expected),
            "missing {expected:?} in:\n{errors}"
        );
    }
}

#[test]
fn tone_exits_with_1_when_a_dimension_misses_at_or_above_the_fail_level() {
    let repo = Repo::new();
    repo.write(
        "tone.toml",
        "[tone]\nseverity = \"warning\"\nmin-words = 1\nsentence-length = { max = 3 }\n\
         paragraph-length = { max = 3, severity = \"suggestion\" }\n",
    );
    repo.write("onbrand.toml", "guideline = [\"tone.toml\"]\n");
    repo.write("long.txt", "This sentence has far too many words in it.\n");
    repo.write("short.txt", "Short and sweet.\n");
    let code = |args: &[&str]| repo.onbrand(args).status.code();
    assert_eq!(code(&["tone", "long.txt"]), Some(1)); // default: --fail-on warning
    assert_eq!(code(&["tone", "--fail-on", "error", "long.txt"]), Some(0));
    assert_eq!(code(&["tone", "--fail-on", "never", "long.txt"]), Some(0));
    assert_eq!(code(&["tone", "short.txt"]), Some(0));
    // Only the suggestion-level dimension misses: a warning-level gate lets it pass.
    repo.write(
        "tone.toml",
        "[tone]\nseverity = \"warning\"\nmin-words = 1\n\
         paragraph-length = { max = 3, severity = \"suggestion\" }\n",
    );
    assert_eq!(code(&["tone", "long.txt"]), Some(0));
    assert_eq!(
        code(&["tone", "--fail-on", "suggestion", "long.txt"]),
        Some(1)
    );
}

#[test]
fn force_exclude_applies_exclude_and_ignore_files_to_named_files() {
    let repo = Repo::new();
    repo.write(
        "onbrand.toml",
        "guideline = [\"guideline.toml\"]\nexclude = [\"CHANGELOG.md\"]\n",
    );
    repo.write(".onbrandignore", "vendor/\n");
    for file in ["CHANGELOG.md", "vendor/notes.md", "docs/ok.md"] {
        repo.write(file, "A revolutionary release.\n");
    }
    let named = ["check", "CHANGELOG.md", "vendor/notes.md", "docs/ok.md"];
    // Named files are linted whatever the exclusions say…
    let output = repo.onbrand(&named);
    assert_eq!(stdout(&output).matches("error[test.hype]").count(), 3);
    // …unless --force-exclude asks for the walk's judgement, as pre-commit does.
    let mut forced = named.to_vec();
    forced.insert(1, "--force-exclude");
    let output = repo.onbrand(&forced);
    let text = stdout(&output);
    assert_eq!(text.matches("error[test.hype]").count(), 1, "{text}");
    assert!(text.contains("docs/ok.md"), "{text}");
}

/// `onbrand kinds | head -1`: a reader that goes away ends onbrand quietly, like any other
/// command-line tool, not with a panic and a backtrace.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    // The reader is closed before onbrand starts, so its first write fails whatever the timing
    // (closing it after spawning raced with onbrand filling the pipe's buffer).
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("onbrand"))
        .args(["kinds", "--markdown"])
        .stdout(writer)
        .output()
        .expect("onbrand runs");
    assert_eq!(output.status.code(), Some(141));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// `--output-file` writes what standard output would have shown, in place when the run ends,
/// so a container without a shell (a Kubernetes Job's shard) needs no redirection.
#[test]
fn output_file_receives_the_report_and_stdout_stays_empty() {
    let repo = Repo::new();
    repo.write("blog/post.md", "A revolutionary e-mail.\n");
    std::fs::create_dir(repo.path("out")).unwrap();
    let output = repo.onbrand(&[
        "check",
        "--format",
        "json",
        "--output-file",
        "out/shard-0.json",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let report: serde_json::Value =
        serde_json::from_str(&repo.read("out/shard-0.json")).expect("a JSON report");
    assert_eq!(
        report["files"][0]["findings"].as_array().map(Vec::len),
        Some(2)
    );
    // Only the report is left in the folder: the temporary file was renamed over it.
    let names: Vec<String> = std::fs::read_dir(repo.path("out"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["shard-0.json"]);

    // The human format written to a file has no colour codes, even when forced for a terminal.
    let output = repo.onbrand(&[
        "check",
        "--color",
        "always",
        "--output-file",
        "out/human.txt",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let human = repo.read("out/human.txt");
    assert!(human.contains("blog/post.md:1:3"), "{human}");
    assert!(!human.contains('\u{1b}'), "{human:?}");
}

#[test]
fn an_output_file_in_a_missing_folder_is_an_error_before_linting() {
    let repo = Repo::new();
    repo.write("post.md", "A revolutionary e-mail.\n");
    let output = repo.onbrand(&[
        "check",
        "--output-file",
        "missing/report.json",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing/report.json: cannot write here"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stdout(&output), "");
}

/// `--diff` shows what `--fix` would change as a unified diff, writes nothing, and exits 1
/// when there is something to fix (0 when not), like `ruff --diff`.
#[test]
fn diff_prints_the_fixes_and_writes_nothing() {
    let repo = Repo::new();
    let text = "Grüße 🎉 from the team.\nSend us an e-mail, 你好.\n";
    repo.write("post.md", text);
    let output = repo.onbrand(&["check", "--diff", "post.md"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "--- a/post.md\n+++ b/post.md\n@@ -1,2 +1,2 @@\n Grüße 🎉 from the team.\n-Send us an e-mail, 你好.\n+Send us an email, 你好.\n"
    );
    assert!(stderr(&output).contains("1 fix would be applied; nothing was written (--diff)."));
    assert_eq!(repo.read("post.md"), text);

    repo.write("post.md", "Send us an email.\n");
    let output = repo.onbrand(&["check", "--diff", "post.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    // --diff and --fix contradict each other.
    assert_eq!(
        repo.onbrand(&["check", "--diff", "--fix"]).status.code(),
        Some(2)
    );
}

#[test]
fn a_run_that_checks_nothing_says_so() {
    let repo = Repo::new();
    repo.write("notes/data.bin", "not copy");
    let output = repo.onbrand(&["check", "notes"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("Nothing was checked: no file here is in a format onbrand reads"),
        "{}",
        stderr(&output)
    );
    repo.write("notes/post.md", "Plain words.\n");
    let output = repo.onbrand(&["check", "notes"]);
    assert!(
        !stderr(&output).contains("Nothing was checked"),
        "{}",
        stderr(&output)
    );
}
