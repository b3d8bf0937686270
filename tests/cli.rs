//! The command line, end to end: exit codes, formats, standard input, --fix, errors, ordering.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

const GUIDELINE: &str = include_str!("fixtures/cli/guideline.toml");

/// A content repository in a temporary folder, with the test guideline configured.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo { dir: tempfile::tempdir().expect("temp dir") };
        repo.write("guideline.toml", GUIDELINE);
        repo.write("onbrand.toml", "guideline = [\"guideline.toml\"]\n");
        repo
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn write(&self, relative: &str, content: impl AsRef<[u8]>) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    fn onbrand(&self, args: &[&str]) -> Output {
        Command::cargo_bin("onbrand").unwrap().current_dir(self.dir.path()).args(args).output().unwrap()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn exit_codes_follow_the_fail_level() {
    let repo = Repo::new();
    repo.write("clean.md", "# Hello\n\nWrite us an email.\n");
    assert_eq!(repo.onbrand(&["check", "clean.md"]).status.code(), Some(0));

    repo.write("warning.md", "Write us an e-mail.\n");
    assert_eq!(repo.onbrand(&["check", "warning.md"]).status.code(), Some(0), "warnings pass by default");
    assert_eq!(repo.onbrand(&["check", "warning.md", "--fail-on", "warning"]).status.code(), Some(1));

    repo.write("suggestion.md", "A very nice trip.\n");
    assert_eq!(repo.onbrand(&["check", "suggestion.md", "--fail-on", "warning"]).status.code(), Some(0));
    assert_eq!(repo.onbrand(&["check", "suggestion.md", "--fail-on", "suggestion"]).status.code(), Some(1));

    repo.write("error.md", "A revolutionary app.\n");
    assert_eq!(repo.onbrand(&["check", "error.md"]).status.code(), Some(1));
    assert_eq!(repo.onbrand(&["check", "error.md", "--fail-on", "never"]).status.code(), Some(0));

    assert_eq!(repo.onbrand(&["check", "missing.md"]).status.code(), Some(2));
    assert_eq!(repo.onbrand(&["check", "--fail-on", "sometimes"]).status.code(), Some(2));
}

#[test]
fn human_output_shows_position_source_line_and_fix() {
    let repo = Repo::new();
    repo.write("post.md", "# Grüße 👋\n\nSchreib uns: 你好 e-mail now.\n");
    let output = repo.onbrand(&["check", "post.md", "--fail-on", "never"]);
    let text = stdout(&output);
    assert!(text.contains("warning[test.email]: Use 'email', not 'e-mail'."), "{text}");
    // Line 3, column 17: characters, not bytes (ü, 你好 are multi-byte).
    assert!(text.contains("post.md:3:17"), "{text}");
    assert!(text.contains("Schreib uns: 你好 e-mail now."), "{text}");
    assert!(text.contains("fix: `email`"), "{text}");
    assert!(stderr(&output).contains("1 finding (0 errors, 1 warning, 0 suggestions) in 1 file."), "{}", stderr(&output));
}

#[test]
fn json_and_concise_output() {
    let repo = Repo::new();
    repo.write("a.md", "A revolutionary e-mail.\n");
    let output = repo.onbrand(&["check", "a.md", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let findings = &json["files"][0]["findings"];
    assert_eq!(findings.as_array().map(Vec::len), Some(2));
    assert_eq!(findings[0]["rule"], "test.hype");
    assert_eq!((findings[0]["line"].as_u64(), findings[0]["column"].as_u64()), (Some(1), Some(3)));
    assert_eq!(findings[1]["rule"], "test.email");
    assert_eq!(findings[1]["text"], "e-mail");
    assert_eq!(findings[1]["fixes"][0], "email");
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(output.status.code(), Some(1));

    let output = repo.onbrand(&["check", "a.md", "--format", "concise"]);
    assert_eq!(
        stdout(&output),
        "a.md:1:3: error[test.hype] Avoid 'revolutionary'.\na.md:1:17: warning[test.email] Use 'email', not 'e-mail'.\n"
    );
}

#[test]
fn standard_input_uses_the_given_file_name() {
    let repo = Repo::new();
    let output = Command::cargo_bin("onbrand")
        .unwrap()
        .current_dir(repo.dir.path())
        .args(["check", "-", "--stdin-filename", "blog/draft.md", "--format", "concise"])
        .write_stdin("Send an e-mail.\n")
        .output()
        .unwrap();
    assert_eq!(stdout(&output), "blog/draft.md:1:9: warning[test.email] Use 'email', not 'e-mail'.\n");

    let fixed = Command::cargo_bin("onbrand")
        .unwrap()
        .current_dir(repo.dir.path())
        .args(["check", "-", "--fix", "--stdin-filename", "draft.txt"])
        .write_stdin("Send an e-mail.\n")
        .output()
        .unwrap();
    assert_eq!(stdout(&fixed), "Send an email.\n");
}

#[test]
fn fix_rewrites_files_and_reports_what_is_left() {
    let repo = Repo::new();
    repo.write("a.md", "An e-mail, a revolutionary e-mail.\n");
    let output = repo.onbrand(&["check", "a.md", "--fix", "--format", "concise"]);
    assert_eq!(repo.read("a.md"), "An email, a revolutionary email.\n");
    assert_eq!(stdout(&output), "a.md:1:13: error[test.hype] Avoid 'revolutionary'.\n");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn unreadable_files_are_reported_with_positions_and_the_rest_is_linted() {
    let repo = Repo::new();
    repo.write("good.md", "An e-mail.\n");
    repo.write("latin1.md", b"Line one\nGr\xfc\xdfe\n".as_slice());
    repo.write("binary.txt", b"PK\x03\x04\x00\x00binary".as_slice());
    let output = repo.onbrand(&["check", ".", "--format", "concise"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "good.md:1:4: warning[test.email] Use 'email', not 'e-mail'.\n");
    let errors = stderr(&output);
    assert!(errors.contains("latin1.md: 2:3: not valid UTF-8"), "{errors}");
    assert!(errors.contains("binary.txt: binary file"), "{errors}");
}

#[test]
fn a_broken_rule_file_is_an_error_with_its_position() {
    let repo = Repo::new();
    repo.write("guideline.toml", "[[rule]]\nid = \"x\"\nkind = \"pattern\"\npattern = \"(unclosed\"\n");
    repo.write("a.md", "Text.\n");
    let output = repo.onbrand(&["check", "a.md"]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(errors.contains("guideline.toml:4:11"), "{errors}");

    repo.write("guideline.toml", "[[rule]]\nid = \"x\"\nkind = \"avoid\"\nphrase = [\"a\"]\n");
    let errors = stderr(&repo.onbrand(&["check", "a.md"]));
    assert!(errors.contains("guideline.toml:4:1") && errors.contains("unknown field `phrase`"), "{errors}");
}

#[test]
fn ignore_files_and_nested_configurations_apply() {
    let repo = Repo::new();
    repo.write(".onbrandignore", "drafts/\n");
    repo.write(".gitignore", "build/\n");
    repo.write("drafts/a.md", "An e-mail.\n");
    repo.write("build/a.md", "An e-mail.\n");
    repo.write("legal/onbrand.toml", "guideline = [\"../guideline.toml\"]\n[[override]]\npaths = [\"**\"]\ndisable = [\"test.email\"]\n");
    repo.write("legal/terms.md", "An e-mail.\n");
    repo.write("blog/post.md", "An e-mail.\n");
    let output = repo.onbrand(&["check", "--format", "concise"]);
    assert_eq!(stdout(&output), format!("blog{}post.md:1:4: warning[test.email] Use 'email', not 'e-mail'.\n", std::path::MAIN_SEPARATOR));
}

#[test]
fn output_is_identical_with_one_and_eight_threads() {
    let repo = Repo::new();
    for index in 0..40 {
        repo.write(&format!("posts/{index:02}/post.md"), format!("# Post {index}\n\nA very revolutionary e-mail, number {index}.\n"));
    }
    let one = repo.onbrand(&["check", "--threads", "1", "--format", "json"]);
    let eight = repo.onbrand(&["check", "--threads", "8", "--format", "json"]);
    assert_eq!(stdout(&one), stdout(&eight));
    let json: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 40);
    assert_eq!(json["summary"]["errors"], 40);
}

#[test]
fn init_writes_a_starter_configuration_once() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| Command::cargo_bin("onbrand").unwrap().current_dir(dir.path()).args(args).output().unwrap();
    assert_eq!(run(&["init"]).status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join("onbrand.toml")).unwrap();
    assert_eq!(written, onbrand::config::STARTER);
    assert_eq!(run(&["init"]).status.code(), Some(2));
    assert_eq!(run(&["init", "--force"]).status.code(), Some(0));
    // The starter configuration is valid: checking with it works.
    std::fs::write(dir.path().join("a.md"), "Hello.\n").unwrap();
    assert_eq!(run(&["check", "a.md"]).status.code(), Some(0));
}

/// The shipped guideline over the real corpus: no panic, and no error exit except for files that
/// are deliberately not UTF-8 without declaring it.
#[test]
fn smoke_test_on_the_shared_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: no ../shared/corpus");
        return;
    }
    let output = Command::cargo_bin("onbrand")
        .unwrap()
        .args(["check", "--format", "concise", "--fail-on", "never"])
        .arg(&corpus)
        .output()
        .unwrap();
    let errors = stderr(&output);
    assert!(!errors.contains("panicked"), "{errors}");
    for line in errors.lines().filter(|line| line.starts_with("error:")) {
        panic!("unexpected error on the corpus: {line}");
    }
    assert_eq!(output.status.code(), Some(0), "{errors}");
}
