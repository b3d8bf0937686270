//! The command line, end to end: exit codes, formats, standard input, --fix, errors, ordering.

mod common;

use assert_cmd::Command;

use common::{Repo, stderr, stdout};

#[test]
fn exit_codes_follow_the_fail_level() {
    let repo = Repo::new();
    repo.write("clean.md", "# Hello\n\nWrite us an email.\n");
    assert_eq!(repo.onbrand(&["check", "clean.md"]).status.code(), Some(0));

    repo.write("warning.md", "Write us an e-mail.\n");
    assert_eq!(
        repo.onbrand(&["check", "warning.md"]).status.code(),
        Some(0),
        "warnings pass by default"
    );
    assert_eq!(
        repo.onbrand(&["check", "warning.md", "--fail-on", "warning"])
            .status
            .code(),
        Some(1)
    );

    repo.write("suggestion.md", "A very nice trip.\n");
    assert_eq!(
        repo.onbrand(&["check", "suggestion.md", "--fail-on", "warning"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        repo.onbrand(&["check", "suggestion.md", "--fail-on", "suggestion"])
            .status
            .code(),
        Some(1)
    );

    repo.write("error.md", "A revolutionary app.\n");
    assert_eq!(repo.onbrand(&["check", "error.md"]).status.code(), Some(1));
    assert_eq!(
        repo.onbrand(&["check", "error.md", "--fail-on", "never"])
            .status
            .code(),
        Some(0)
    );

    assert_eq!(
        repo.onbrand(&["check", "missing.md"]).status.code(),
        Some(2)
    );
    assert_eq!(
        repo.onbrand(&["check", "--fail-on", "sometimes"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn human_output_shows_position_source_line_and_fix() {
    let repo = Repo::new();
    repo.write("post.md", "# Grüße 👋\n\nSchreib uns: 你好 e-mail now.\n");
    let output = repo.onbrand(&["check", "post.md", "--fail-on", "never"]);
    let text = stdout(&output);
    assert!(
        text.contains("warning[test.email]: Use 'email', not 'e-mail'."),
        "{text}"
    );
    // Line 3, column 17: characters, not bytes (ü, 你好 are multi-byte).
    assert!(text.contains("post.md:3:17"), "{text}");
    assert!(text.contains("Schreib uns: 你好 e-mail now."), "{text}");
    assert!(text.contains("fix: `email`"), "{text}");
    assert!(
        stderr(&output).contains("1 finding (0 errors, 1 warning, 0 suggestions) in 1 file."),
        "{}",
        stderr(&output)
    );
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
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(1), Some(3))
    );
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
        .args([
            "check",
            "-",
            "--stdin-filename",
            "blog/draft.md",
            "--format",
            "concise",
        ])
        .write_stdin("Send an e-mail.\n")
        .output()
        .unwrap();
    assert_eq!(
        stdout(&output),
        "blog/draft.md:1:9: warning[test.email] Use 'email', not 'e-mail'.\n"
    );

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
    assert_eq!(
        stdout(&output),
        "a.md:1:13: error[test.hype] Avoid 'revolutionary'.\n"
    );
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
    assert_eq!(
        stdout(&output),
        "good.md:1:4: warning[test.email] Use 'email', not 'e-mail'.\n"
    );
    let errors = stderr(&output);
    assert!(
        errors.contains("latin1.md: 2:3: not valid UTF-8"),
        "{errors}"
    );
    assert!(errors.contains("binary.txt: binary file"), "{errors}");
}

#[test]
fn a_broken_rule_file_is_an_error_with_its_position() {
    let repo = Repo::new();
    repo.write(
        "guideline.toml",
        "[[rule]]\nid = \"x\"\nkind = \"pattern\"\npattern = \"(unclosed\"\n",
    );
    repo.write("a.md", "Text.\n");
    let output = repo.onbrand(&["check", "a.md"]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(
        errors.contains("guideline.toml:4:12: invalid regular expression"),
        "{errors}"
    );

    repo.write(
        "guideline.toml",
        "[[rule]]\nid = \"x\"\nkind = \"avoid\"\nphrase = [\"a\"]\n",
    );
    let errors = stderr(&repo.onbrand(&["check", "a.md"]));
    assert!(
        errors.contains("guideline.toml:4:1") && errors.contains("unknown field `phrase`"),
        "{errors}"
    );
}

#[test]
fn ignore_files_and_nested_configurations_apply() {
    let repo = Repo::new();
    repo.write(".onbrandignore", "drafts/\n");
    repo.write(".gitignore", "build/\n");
    repo.write("drafts/a.md", "An e-mail.\n");
    repo.write("build/a.md", "An e-mail.\n");
    // Other projects' files, never walked (as in Vale).
    repo.write("node_modules/pkg/README.md", "An e-mail.\n");
    repo.write("blog/node_modules/pkg/README.md", "An e-mail.\n");
    repo.write("legal/onbrand.toml", "guideline = [\"../guideline.toml\"]\n[[override]]\npaths = [\"**\"]\ndisable = [\"test.email\"]\n");
    repo.write("legal/terms.md", "An e-mail.\n");
    repo.write("blog/post.md", "An e-mail.\n");
    let output = repo.onbrand(&["check", "--format", "concise"]);
    assert_eq!(
        stdout(&output),
        format!(
            "blog{}post.md:1:4: warning[test.email] Use 'email', not 'e-mail'.\n",
            std::path::MAIN_SEPARATOR
        )
    );
}

#[test]
fn output_is_identical_with_one_and_eight_threads() {
    let repo = Repo::new();
    for index in 0..40 {
        repo.write(
            &format!("posts/{index:02}/post.md"),
            format!("# Post {index}\n\nA very revolutionary e-mail, number {index}.\n"),
        );
    }
    let one = repo.onbrand(&["check", "--threads", "1", "--format", "json"]);
    let eight = repo.onbrand(&["check", "--threads", "8", "--format", "json"]);
    assert_eq!(stdout(&one), stdout(&eight));
    let json: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 40);
    assert_eq!(json["summary"]["errors"], 40);
    // Text formats are printed file by file while the run goes on, still in path order.
    let one = repo.onbrand(&["check", "--threads", "1", "--format", "concise"]);
    let eight = repo.onbrand(&["check", "--threads", "8", "--format", "concise"]);
    let text = stdout(&eight);
    assert_eq!(stdout(&one), text);
    let paths: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split(':').next())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 40);
    assert!(paths.windows(2).all(|pair| pair[0] <= pair[1]), "{paths:?}");
}

#[test]
fn init_writes_a_starter_configuration_once() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("onbrand")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
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
    let Some(corpus) = common::shared("corpus") else {
        return;
    };
    let output = Command::cargo_bin("onbrand")
        .unwrap()
        .args(["check", "--format", "concise", "--fail-on", "never"])
        .arg(&corpus)
        .output()
        .unwrap();
    let errors = stderr(&output);
    assert!(!errors.contains("panicked"), "{errors}");
    let unexpected: Vec<&str> = errors
        .lines()
        .filter(|line| line.starts_with("error:"))
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected errors on the corpus: {unexpected:#?}"
    );
    assert_eq!(output.status.code(), Some(0), "{errors}");
}

#[test]
fn sarif_output_matches_the_sarif_schema_types() {
    let repo = Repo::new();
    // The hype rule with a description and examples, for the rule help.
    let described = repo.read("guideline.toml").replace(
        "phrases = [\"revolutionary\"]",
        "phrases = [\"revolutionary\"]\n\
         description = \"Hype tires readers. Say what the product does instead.\"\n\
         examples = { bad = [\"A revolutionary planner.\"], good = [\"A planner that shares your trips.\"] }",
    );
    repo.write("guideline.toml", described);
    repo.write("blog/a post.md", "A revolutionary e-mail.\n");
    let output = repo.onbrand(&["check", "--format", "sarif"]);
    // serde-sarif's types are generated from the SARIF 2.1.0 JSON schema; unknown or mistyped
    // fields fail to deserialize.
    let log: serde_sarif::sarif::Sarif =
        serde_json::from_slice(&output.stdout).expect("valid SARIF");
    let run = &log.runs[0];
    let rules = run.tool.driver.rules.as_ref().expect("rules");
    assert_eq!(
        rules
            .iter()
            .map(|rule| rule.id.as_str())
            .collect::<Vec<_>>(),
        ["test.email", "test.hype"]
    );
    let results = run.results.as_ref().expect("results");
    assert_eq!(results.len(), 2);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // Code scanning shows a rule's description and help beside each alert: the guideline's
    // description, and its reference section with the examples.
    let hype = &json["runs"][0]["tool"]["driver"]["rules"][1];
    assert_eq!(hype["shortDescription"]["text"], "Hype tires readers.");
    assert_eq!(
        hype["fullDescription"]["text"],
        "Hype tires readers. Say what the product does instead."
    );
    assert_eq!(
        hype["help"]["text"],
        "Hype tires readers. Say what the product does instead."
    );
    let markdown = hype["help"]["markdown"].as_str().expect("help markdown");
    assert!(markdown.starts_with("## `test.hype`"), "{markdown}");
    assert!(
        markdown.contains("- ✘ A revolutionary planner.\n- ✔ A planner that shares your trips."),
        "{markdown}"
    );
    // A rule without a description keeps the generic text.
    assert_eq!(
        json["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"],
        "onbrand rule test.email"
    );
    let location = &json["runs"][0]["results"][1]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "blog/a%20post.md");
    assert_eq!(location["region"]["startColumn"], 17);
    assert_eq!(
        json["runs"][0]["results"][1]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]
            ["text"],
        "email"
    );
}

/// Alternatives and fixes of several edits, safe and unsafe, in every output that shows fixes:
/// JSON's `fix_details` (with `fixes` keeping its meaning), SARIF's `fixes` (one per
/// alternative, its edits one artifact change's replacements, valid against the schema's
/// types) and the human label.
#[test]
fn fixes_carry_their_applicability_and_edits_into_json_sarif_and_human_output() {
    let repo = Repo::new();
    repo.write(
        "guideline.toml",
        r#"
[[rule]]
id = "t.swap"
kind = "substitution"
swap = [{ pattern = 'leverage', use = 'use|apply' }, { pattern = 'utilise', use = 'use' }]

[[rule]]
id = "t.greeting"
kind = "consistency"
ignore-case = true
variants = [["grüße"], ["gruesse"]]
"#,
    );
    repo.write(
        "a.md",
        "Grüße 😀 leverage grüße, gruesse 中文 utilise Gruesse.\n",
    );

    let json: serde_json::Value =
        serde_json::from_slice(&repo.onbrand(&["check", "--format", "json"]).stdout).unwrap();
    let findings = &json["files"][0]["findings"];
    let summary: Vec<(&str, &serde_json::Value, Vec<&str>)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let applicability = f["fix_details"]
                .as_array()
                .unwrap()
                .iter()
                .map(|fix| fix["applicability"].as_str().unwrap())
                .collect();
            (f["rule"].as_str().unwrap(), &f["fixes"], applicability)
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "t.swap",
                &serde_json::json!(["use", "apply"]),
                vec!["unsafe", "unsafe"]
            ),
            ("t.greeting", &serde_json::json!(["grüße"]), vec!["unsafe"]),
            ("t.swap", &serde_json::json!(["use"]), vec!["safe"]),
        ]
    );
    assert_eq!(
        findings[1]["fix_details"][0],
        serde_json::json!({
            "title": "Fix all 2 occurrences",
            "applicability": "unsafe",
            "edits": [
                {"line": 1, "column": 25, "end_line": 1, "end_column": 32, "offset": 31,
                 "end_offset": 38, "replacement": "grüße"},
                {"line": 1, "column": 44, "end_line": 1, "end_column": 51, "offset": 54,
                 "end_offset": 61, "replacement": "Grüße"}
            ]
        })
    );

    let output = repo.onbrand(&["check", "--format", "sarif"]);
    let _: serde_sarif::sarif::Sarif = serde_json::from_slice(&output.stdout).expect("valid SARIF");
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = &sarif["runs"][0]["results"];
    let alternatives: Vec<(&serde_json::Value, &serde_json::Value)> = results[0]["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|fix| {
            (
                &fix["description"]["text"],
                &fix["properties"]["applicability"],
            )
        })
        .collect();
    assert_eq!(
        alternatives,
        [
            (
                &serde_json::json!("Replace with 'use'"),
                &serde_json::json!("unsafe")
            ),
            (
                &serde_json::json!("Replace with 'apply'"),
                &serde_json::json!("unsafe")
            ),
        ]
    );
    assert_eq!(
        results[1]["fixes"][0]["artifactChanges"][0]["replacements"],
        serde_json::json!([
            {"deletedRegion": {"startLine": 1, "startColumn": 25, "endLine": 1, "endColumn": 32},
             "insertedContent": {"text": "grüße"}},
            {"deletedRegion": {"startLine": 1, "startColumn": 44, "endLine": 1, "endColumn": 51},
             "insertedContent": {"text": "Grüße"}}
        ])
    );

    let human = stdout(&repo.onbrand(&["check", "--format", "human"]));
    assert!(human.contains("unsafe fix: `use` or `apply`"), "{human}");
    assert!(human.contains("unsafe fix: `grüße`"), "{human}");
    assert!(human.contains(" fix: `use`"), "{human}");
}

#[test]
fn junit_output_parses_back_with_one_case_per_file() {
    let repo = Repo::new();
    repo.write("a.md", "A revolutionary e-mail.\n");
    repo.write("b.md", "All good.\n");
    let output = repo.onbrand(&["check", "--format", "junit"]);
    let xml = stdout(&output);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut cases, mut failures) = (Vec::new(), Vec::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(element) => {
                let attribute = |name: &str| {
                    element
                        .try_get_attribute(name)
                        .ok()
                        .flatten()
                        .map(|a| a.unescape_value().unwrap().into_owned())
                };
                match element.name().as_ref() {
                    b"testcase" => cases.push(attribute("name").unwrap()),
                    b"failure" => failures.push(attribute("type").unwrap()),
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(cases, ["a.md", "b.md"]);
    // Only the error fails with the default --fail-on error; the warning is listed as output.
    assert_eq!(failures, ["test.hype"]);
    assert!(xml.contains("a.md:1:17: warning[test.email]"), "{xml}");
}

#[test]
fn github_and_jsonl_output() {
    let repo = Repo::new();
    repo.write("a.md", "A revolutionary e-mail.\n");
    let github = stdout(&repo.onbrand(&["check", "--format", "github"]));
    assert_eq!(
        github,
        "::error file=a.md,line=1,col=3,endLine=1,endColumn=16,title=onbrand test.hype::Avoid 'revolutionary'.\n\
         ::warning file=a.md,line=1,col=17,endLine=1,endColumn=23,title=onbrand test.email::Use 'email', not 'e-mail'.\n"
    );
    let lines = stdout(&repo.onbrand(&["check", "--format", "jsonl"]));
    let parsed: Vec<serde_json::Value> = lines
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(parsed.len(), 2);
    assert_eq!(parsed[1]["path"], "a.md");
    assert_eq!(parsed[1]["finding"]["rule"], "test.email");
}

#[test]
fn a_baseline_keeps_old_findings_quiet_through_edits_above_them() {
    let repo = Repo::new();
    repo.write("a.md", "# Trips\n\nSend an e-mail.\n");
    let recorded = repo.onbrand(&["baseline", "-o", "baseline.json"]);
    assert_eq!(recorded.status.code(), Some(0), "{}", stderr(&recorded));
    // Lines added above the old finding, and a new finding below.
    repo.write(
        "a.md",
        "# Trips\n\nNew intro.\n\nMore text.\n\nSend an e-mail.\n\nReply by e-mail.\n",
    );
    let output = repo.onbrand(&[
        "check",
        "--baseline",
        "baseline.json",
        "--format",
        "concise",
    ]);
    assert_eq!(
        stdout(&output),
        "a.md:9:10: warning[test.email] Use 'email', not 'e-mail'.\n"
    );
}

#[test]
fn a_broken_baseline_or_shard_result_is_an_error_at_its_line_and_character() {
    let repo = Repo::new();
    repo.write("a.md", "Send an e-mail.\n");
    // serde_json counts columns in bytes (the `x` is byte 44, character 39) and says column 0
    // at the end of the input.
    repo.write(
        "umlauts.json",
        "{\"version\": 1, \"findings\": [\"Grüße 👋\" x]}",
    );
    repo.write("empty.json", "");
    let cases = [
        (
            &["check", "--baseline", "umlauts.json"][..],
            "error: umlauts.json:1:37: not a baseline: invalid type: string \"Grüße 👋\", \
             expected struct BaselineEntry at line 1 column 42\n",
        ),
        (
            &["check", "--baseline", "empty.json"][..],
            "error: empty.json:1:1: not a baseline: EOF while parsing a value at line 1 column 0\n",
        ),
        (
            &["report", "--merge", "umlauts.json"][..],
            "error: umlauts.json:1:39: not the JSON of `onbrand check --format json`: \
             expected `,` or `]` at line 1 column 44\n",
        ),
    ];
    for (args, expected) in cases {
        let output = repo.onbrand(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
}

#[test]
fn shard_auto_reads_the_ci_job_index() {
    let repo = Repo::new();
    for index in 0..12 {
        repo.write(
            &format!("p/{index:02}.md"),
            format!("Post {index}: an e-mail.\n"),
        );
    }
    let concise = ["check", "--format", "concise"];
    let explicit = stdout(&repo.onbrand(&[&concise[..], &["--shard", "2/3"]].concat()));
    // GitLab counts from 1, CircleCI from 0: both name the second of three shards here.
    for env in [
        [("CI_NODE_INDEX", "2"), ("CI_NODE_TOTAL", "3")],
        [("CIRCLE_NODE_INDEX", "1"), ("CIRCLE_NODE_TOTAL", "3")],
    ] {
        let output = Command::cargo_bin("onbrand")
            .unwrap()
            .current_dir(repo.dir.path())
            .args([&concise[..], &["--shard", "auto"]].concat())
            .envs(env)
            .output()
            .unwrap();
        assert_eq!(stdout(&output), explicit, "{env:?}");
    }
    assert!(!explicit.is_empty());
}

#[test]
fn shards_partition_the_files_exactly() {
    let repo = Repo::new();
    for index in 0..30 {
        repo.write(
            &format!("p/{index:02}.md"),
            format!("Post {index}: an e-mail.\n"),
        );
    }
    let lines = |args: &[&str]| -> Vec<String> {
        stdout(&repo.onbrand(args))
            .lines()
            .map(str::to_owned)
            .collect()
    };
    let all = lines(&["check", "--format", "concise"]);
    let mut sharded: Vec<String> = (1..=3)
        .flat_map(|i| lines(&["check", "--format", "concise", "--shard", &format!("{i}/3")]))
        .collect();
    sharded.sort();
    assert_eq!(sharded, all);
    assert_eq!(all.len(), 30);
    assert_eq!(
        repo.onbrand(&["check", "--shard", "4/3"]).status.code(),
        Some(2)
    );
}

#[test]
fn test_rules_runs_every_example_and_fails_on_a_broken_rule() {
    let repo = Repo::new();
    let output = repo.onbrand(&["test-rules"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("3 rules, 0 examples: 0 passed, 0 failed"),
        "{}",
        stdout(&output)
    );

    repo.write(
        "guideline.toml",
        r#"[[rule]]
id = "test.hype"
kind = "avoid"
phrases = ["revolutionary"]
examples = { bad = ["A revolutionary app.", "A great app."], good = ["A useful app."] }
"#,
    );
    let output = repo.onbrand(&["test-rules"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("FAIL") && text.contains("A great app."),
        "{text}"
    );
    assert!(
        text.contains("1 rules, 3 examples: 2 passed, 1 failed"),
        "{text}"
    );
}

#[test]
fn the_shipped_guideline_passes_its_own_examples() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("onbrand")
        .unwrap()
        .current_dir(dir.path())
        .arg("test-rules")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains(" 0 failed"), "{}", stdout(&output));
}

#[test]
fn channel_globs_match_however_the_path_is_written() {
    let repo = Repo::new();
    repo.write(
        "onbrand.toml",
        "guideline = [\"guideline.toml\"]\n[channels.blog]\ninclude = [\"blog/**\"]\n",
    );
    repo.write("blog/post.md", "An e-mail.\n");
    for argument in [".", "./blog/post.md", "blog", "blog/post.md"] {
        let output = repo.onbrand(&["check", argument, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["files"][0]["channel"], "blog", "{argument}");
    }
}

#[test]
fn overrides_can_switch_off_tone_findings_and_reject_unknown_ids() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("onbrand")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    // The shipped guideline (with its tone profile) and an override naming a tone dimension.
    std::fs::write(
        dir.path().join("onbrand.toml"),
        "guideline = [\"builtin\"]\n[[override]]\npaths = [\"**\"]\ndisable = [\"tone.hype\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "A plain note.\n").unwrap();
    assert_eq!(run(&["check", "a.md"]).status.code(), Some(0));

    std::fs::write(
        dir.path().join("onbrand.toml"),
        "guideline = [\"builtin\"]\n[[override]]\npaths = [\"**\"]\ndisable = [\"tone.hyp\"]\n",
    )
    .unwrap();
    let output = run(&["check", "a.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unknown rule id `tone.hyp`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn vale_and_onbrand_suppression_comments_silence_findings() {
    let repo = Repo::new();
    repo.write(
        "a.md",
        "<!-- vale off -->\nAn e-mail.\n<!-- vale on -->\n\nAn e-mail.\n\n<!-- onbrand-disable-next-line test -->\nAn e-mail.\n",
    );
    let output = repo.onbrand(&["check", "a.md", "--format", "concise"]);
    assert_eq!(
        stdout(&output),
        "a.md:5:4: warning[test.email] Use 'email', not 'e-mail'.\n"
    );
}

/// File-system inputs that are not plain files: a FIFO (named on the command line, as a
/// guideline file, inside a Vale styles folder) is reported as what it is and never opened (a
/// test that hangs here has opened one); a name that is not UTF-8 is linted under a readable
/// name; a symlink loop and a device say what they are; stdin has the file limits.
#[cfg(unix)]
#[test]
fn pipes_devices_links_and_odd_names_are_reported_never_read() {
    use std::os::unix::ffi::OsStrExt;
    let repo = Repo::new();
    let mkfifo = |relative: &str| {
        let status = std::process::Command::new("mkfifo")
            .arg(repo.path(relative))
            .status()
            .unwrap();
        assert!(status.success());
    };
    mkfifo("pipe.md");
    std::os::unix::fs::symlink("loop-b.md", repo.path("loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", repo.path("loop-b.md")).unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(repo.dir.path().join(odd), "An e-mail.\n").unwrap();
    let output = repo.onbrand(&[
        "check",
        "pipe.md",
        "loop-a.md",
        "/dev/null",
        "--format",
        "concise",
    ]);
    let errors = stderr(&output);
    assert!(
        errors.contains("pipe.md: a named pipe (FIFO), not a regular file"),
        "{errors}"
    );
    assert!(
        errors.contains("loop-a.md: Too many levels of symbolic links"),
        "{errors}"
    );
    assert!(
        errors.contains("/dev/null: a device, not a regular file"),
        "{errors}"
    );
    assert_eq!(output.status.code(), Some(2));
    // The folder walk lints the file whose name is not UTF-8, under a lossy name.
    let walked = repo.onbrand(&["check", ".", "--format", "concise"]);
    assert_eq!(
        stdout(&walked),
        "caf\u{FFFD}.md:1:4: warning[test.email] Use 'email', not 'e-mail'.\n"
    );

    // A FIFO as a guideline file, and a guideline folder with no guideline in it.
    mkfifo("rules.toml");
    repo.write("onbrand.toml", "guideline = [\"rules.toml\"]\n");
    let output = repo.onbrand(&["rules"]);
    assert!(
        stderr(&output).contains("rules.toml`: a named pipe (FIFO), not a regular file"),
        "{}",
        stderr(&output)
    );
    std::fs::create_dir_all(repo.path("empty")).unwrap();
    repo.write("onbrand.toml", "guideline = [\"empty\"]\n");
    let output = repo.onbrand(&["rules"]);
    assert!(
        stderr(&output).contains("guideline folder `empty` holds no `*.toml` files"),
        "{}",
        stderr(&output)
    );

    // Standard input: NUL bytes mean binary, as in a file, and the size limit holds.
    repo.write("onbrand.toml", "guideline = [\"guideline.toml\"]\n");
    let stdin = |input: Vec<u8>| {
        Command::cargo_bin("onbrand")
            .unwrap()
            .current_dir(repo.dir.path())
            .args(["check", "-"])
            .write_stdin(input)
            .output()
            .unwrap()
    };
    let binary = stdin(b"text\0more".to_vec());
    assert!(
        stderr(&binary).contains("<stdin>: binary file (contains NUL bytes)"),
        "{}",
        stderr(&binary)
    );
    let huge = stdin(vec![b'a'; 17 * 1024 * 1024]);
    assert!(
        stderr(&huge).contains("<stdin>: standard input is over the 16777216-byte limit"),
        "{}",
        stderr(&huge)
    );
}

/// A finding on a 60 kB line: JSON carries a window of the line around it, marked with `…`, and
/// the human format shows the same window under the finding's real line and column.
#[test]
fn a_long_line_is_shown_as_a_window_around_the_finding() {
    let repo = Repo::new();
    let line = format!(
        "{}Send an e-mail now. {}",
        "Grüße 你好 👋 ".repeat(3_000),
        "tail ".repeat(2_000)
    );
    repo.write("long.md", format!("# Title\n\n{line}\n"));
    let json: serde_json::Value = serde_json::from_str(&stdout(
        &repo.onbrand(&["check", "long.md", "--format", "json"]),
    ))
    .unwrap();
    let finding = &json["files"][0]["findings"][0];
    let column = line[..line.find("e-mail").unwrap()].chars().count() + 1;
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(3), Some(column as u64))
    );
    let context = finding["context"].as_str().unwrap();
    assert!(
        context.starts_with('…') && context.ends_with('…'),
        "{context}"
    );
    assert!(
        context.contains("Send an e-mail now.") && context.len() < 400,
        "{context}"
    );
    let human = stdout(&repo.onbrand(&["check", "long.md"]));
    assert!(
        human.contains(&format!(" --> long.md:3:{column}\n")),
        "{human}"
    );
    assert!(human.contains("Send an e-mail now."), "{human}");
    assert!(human.len() < 2_000, "{} bytes", human.len());
}

/// The same problem in the text and the HTML alternative of one e-mail is one finding, with
/// both places as occurrences; `--fix` fixes both, and a problem in one part only stays its own.
#[test]
fn email_alternatives_report_a_problem_once_with_both_places() {
    let repo = Repo::new();
    let message = "From: a@example.com\r\nSubject: Hello\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n\
        --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
        Send an e-mail to Zoë. It is revolutionary.\r\n\
        --b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
        <p>Send an <b>e-mail</b> to Zoë. It is very new.</p>\r\n\
        --b--\r\n";
    repo.write("welcome.eml", message);
    let output = repo.onbrand(&["check", "--format", "json", "welcome.eml"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let findings: Vec<(String, u64, u64, usize)> = json["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
                f["occurrences"].as_array().map_or(0, Vec::len),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            // e-mail in both parts: one finding at the text part, both places listed.
            ("test.email".to_owned(), 9, 9, 2),
            ("test.hype".to_owned(), 9, 30, 0),
            ("test.very".to_owned(), 13, 40, 0),
        ]
    );
    let output = repo.onbrand(&["check", "--fix", "welcome.eml"]);
    assert!(output.status.success() || output.status.code() == Some(1));
    let fixed = repo.read("welcome.eml");
    assert!(
        fixed.contains("Send an email to Zoë. It is revolutionary."),
        "{fixed}"
    );
    assert!(fixed.contains("<p>Send an <b>email</b> to Zoë."), "{fixed}");
}

/// A fixture of `tests/fixtures/formats`, copied into `repo` under its own name.
fn copy_format_fixture(repo: &Repo, name: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name);
    repo.write(name, std::fs::read(path).expect("fixture"));
}

#[test]
fn findings_in_encoded_mail_parts_carry_their_decoded_place() {
    let repo = Repo::new();
    copy_format_fixture(&repo, "encoded.eml");
    copy_format_fixture(&repo, "gb2312.eml");
    let output = repo.onbrand(&["check", "encoded.eml", "gb2312.eml", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let place = |file: usize, finding: usize| {
        let finding = &json["files"][file]["findings"][finding];
        let decoded = &finding["decoded"];
        (
            finding["rule"].as_str().unwrap_or("").to_owned(),
            (finding["line"].as_u64(), finding["column"].as_u64()),
            format!(
                "{} {} {}:{}-{}:{} {} in {}",
                decoded["encoding"].as_str().unwrap_or("-"),
                decoded["charset"].as_str().unwrap_or("-"),
                decoded["line"],
                decoded["column"],
                decoded["end_line"],
                decoded["end_column"],
                decoded["text"].as_str().unwrap_or("-"),
                decoded["context"].as_str().unwrap_or("-"),
            ),
            finding["fixes"].as_array().map(Vec::len),
        )
    };
    assert_eq!(
        place(0, 0),
        (
            "test.very".into(),
            (Some(3), Some(10)),
            "encoded-word utf-8 1:18-1:22 very in Grüße aus 北京 🚀 – very bald".into(),
            Some(0)
        )
    );
    // Base64: the file location is the whole part, the decoded one the word.
    assert_eq!(
        place(0, 1),
        (
            "test.email".into(),
            (Some(12), Some(1)),
            "base64 utf-8 2:18-2:24 e-mail in Schreib uns eine e-mail, 你好!".into(),
            Some(0)
        )
    );
    // Quoted-printable UTF-8: both exact, and no fix.
    assert_eq!(
        place(0, 2),
        (
            "test.hype".into(),
            (Some(19), Some(26)),
            "quoted-printable utf-8 1:16-1:29 revolutionary in <p>Grüße! Eine revolutionary Reise 🚀 nach Zürich.</p>".into(),
            Some(0)
        )
    );
    assert_eq!(
        place(1, 0),
        (
            "test.very".into(),
            (Some(3), Some(10)),
            "encoded-word gb2312 1:4-1:8 very in 你好 very 北京".into(),
            Some(0)
        )
    );
    assert_eq!(
        place(1, 1),
        (
            "test.email".into(),
            (Some(8), Some(1)),
            "8bit gb2312 2:6-2:12 e-mail in 这是一封 e-mail 通知。".into(),
            Some(0)
        )
    );
    assert_eq!(json["files"][0]["findings"][1]["decoded"]["offset"], 42);
    assert_eq!(json["files"][0]["findings"][1]["decoded"]["end_offset"], 48);

    let output = repo.onbrand(&["check", "encoded.eml", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid SARIF");
    let result = &sarif["runs"][0]["results"][1];
    assert_eq!(result["ruleId"], "test.email");
    assert_eq!(result["properties"]["decoded"]["encoding"], "base64");
    assert_eq!(result["properties"]["decoded"]["line"], 2);
    assert_eq!(result["properties"]["decoded"]["column"], 18);
    assert!(result.get("fixes").is_none());

    // People see the decoded line and the word, and why there is no fix.
    let output = repo.onbrand(&["check", "encoded.eml", "--fail-on", "never"]);
    let text = stdout(&output);
    assert!(
        text.contains("--> encoded.eml:12:1 (decoded 2:18 in the base64 (utf-8) part)\n"),
        "{text}"
    );
    assert!(
        text.contains("2 | Schreib uns eine e-mail, 你好!\n  |                  ^^^^^^\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "note: the base64 (utf-8) part is shown decoded; onbrand does not write fixes into encoded parts"
        ),
        "{text}"
    );

    // --fix leaves encoded parts alone, byte for byte.
    let before = std::fs::read(repo.path("gb2312.eml")).unwrap();
    let original = repo.read("encoded.eml");
    repo.onbrand(&["check", "encoded.eml", "gb2312.eml", "--fix"]);
    assert_eq!(repo.read("encoded.eml"), original);
    assert_eq!(std::fs::read(repo.path("gb2312.eml")).unwrap(), before);
}

#[test]
fn suppression_comments_work_in_message_files() {
    let repo = Repo::new();
    repo.write(
        "locales/de.ftl",
        "# onbrand-disable-next-line test.hype -- Zitat\nhero = Eine revolutionary Reise 🚆\nnext = Noch eine revolutionary Idee\n",
    );
    repo.write(
        "locales/de.po",
        "msgid \"\"\nmsgstr \"Language: de\\n\"\n\n# onbrand-disable-next-line test.hype\nmsgid \"hero\"\nmsgstr \"Grüße, revolutionary!\"\n\nmsgid \"next\"\nmsgstr \"Auch revolutionary\"\n",
    );
    repo.write(
        "config/locales/de.yml",
        "de:\n  # onbrand-disable test.hype\n  hero: Eine revolutionary Reise\n  # onbrand-enable test.hype\n  next: \"北京 revolutionary\"\n",
    );
    repo.write(
        "locales/de.xlf",
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"de\"><body>\n<!-- onbrand-disable-next-line test.hype -->\n<trans-unit id=\"hero\"><source>A trip</source>\n<target>Eine revolutionary Reise</target></trans-unit>\n<trans-unit id=\"next\"><source>Next</source><target>Noch revolutionary</target></trans-unit>\n</body></file></xliff>\n",
    );
    let output = repo.onbrand(&["check", "locales", "config", "--format", "concise"]);
    let text = stdout(&output);
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "config/locales/de.yml:5:13: error[test.hype] Avoid 'revolutionary'. (in message `next`)",
            "locales/de.ftl:3:18: error[test.hype] Avoid 'revolutionary'. (in message `next`)",
            "locales/de.po:9:14: error[test.hype] Avoid 'revolutionary'. (in message `next`)",
            "locales/de.xlf:6:57: error[test.hype] Avoid 'revolutionary'. (in message `next`)",
        ],
        "{}",
        stderr(&output)
    );
}

#[test]
fn notes_about_skipped_rules_reach_every_machine_format() {
    let repo = Repo::new();
    // A backtracking rule whose look-ahead scans to the paragraph's end from every candidate:
    // over one long paragraph it runs out of its budget, and the lint notes that it was
    // skipped from the paragraph on.
    repo.write(
        "guideline.toml",
        "[[rule]]\nid = \"test.lookahead\"\nkind = \"pattern\"\npattern = '\\bword(?=[^.]*zzz)\\b'\n\
         message = \"Never reported.\"\n",
    );
    repo.write(
        "long.md",
        format!("# Title\n\n{}\n", "word ".repeat(40_000)),
    );
    let starts = |message: &str| message.starts_with("rule `test.lookahead` is skipped from here");

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&repo.onbrand(&["check", "--format", "json"]))).unwrap();
    let note = &json["files"][0]["notes"][0];
    assert_eq!(
        (note["line"].as_u64(), note["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert!(starts(note["message"].as_str().unwrap()), "{note}");

    let jsonl = stdout(&repo.onbrand(&["check", "--format", "jsonl"]));
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{jsonl}");
    assert_eq!(lines[0]["path"], "long.md");
    assert!(starts(lines[0]["note"]["message"].as_str().unwrap()));

    let output = repo.onbrand(&["check", "--format", "sarif"]);
    let log: serde_sarif::sarif::Sarif =
        serde_json::from_slice(&output.stdout).expect("valid SARIF");
    let invocations = log.runs[0].invocations.as_ref().expect("invocations");
    let notifications = invocations[0]
        .tool_execution_notifications
        .as_ref()
        .expect("toolExecutionNotifications");
    assert_eq!(notifications.len(), 1);
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let notification = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "note");
    assert!(starts(notification["message"]["text"].as_str().unwrap()));
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );

    let junit = stdout(&repo.onbrand(&["check", "--format", "junit"]));
    assert!(
        junit.contains("long.md:3:1: note: rule `test.lookahead` is skipped"),
        "{junit}"
    );
    let concise = stdout(&repo.onbrand(&["check", "--format", "concise"]));
    assert!(
        concise.starts_with("long.md:3:1: note: rule `test.lookahead` is skipped"),
        "{concise}"
    );
    let github = stdout(&repo.onbrand(&["check", "--format", "github"]));
    assert!(
        github.starts_with(
            "::notice file=long.md,line=3,col=1,title=onbrand note::rule `test.lookahead` is skipped"
        ),
        "{github}"
    );
}
