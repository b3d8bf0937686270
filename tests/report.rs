//! `onbrand report` on the fixture content repository (tests/fixtures/report): three teams
//! (blog, landing, email), a planted near-duplicate (the night-train copy, written once by the
//! blog and once by the landing team), a terminology conflict ("e-mail" on landing pages,
//! "email" on the blog), and a German email that mixes "du" and "Sie" while the German landing
//! page keeps to "du".

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report")
}

fn onbrand(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("onbrand")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs")
}

fn stdout_json(output: &std::process::Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

fn report_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["report", ".", "--format", "json"];
    args.extend_from_slice(extra);
    stdout_json(&onbrand(dir, &args))
}

#[test]
fn summary_counts_documents_and_findings_per_group() {
    let report = report_json(&fixture(), &[]);
    let overview = &report["report"]["overview"];
    assert_eq!(overview["documents"], 6);
    // The German email's du/Sie mix is one document-level finding, however often "Sie" shows.
    assert_eq!(
        overview["findings"],
        json!({"error": 1, "warning": 5, "suggestion": 0})
    );
    let teams: Vec<(&str, u64)> = overview["by_team"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap(),
                g["documents"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(teams, [("blog", 2), ("email", 1), ("landing", 3)]);
    assert_eq!(overview["by_rule"][0]["rule"], "fernway.terms.en");
    assert_eq!(overview["by_rule"][0]["findings"], 3);
    assert_eq!(overview["by_rule"][0]["documents"], 2);
    // The worst document is the German email: one error (its du/Sie mix) and two warnings.
    assert_eq!(
        report["report"]["worst"][0],
        json!({"path": "email/de/buchung.md", "score": 16, "errors": 1, "warnings": 2, "suggestions": 0})
    );
}

/// tests/fixtures/report-teams: teams (top-level folders) and channels (sub-folders) cut
/// across each other, so every group count below differs between the two axes: a report
/// that grouped teams by channel, or channels by team, fails here.
#[test]
fn teams_and_channels_that_cut_across_each_other_are_grouped_apart() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report-teams");
    let report = report_json(&dir, &[]);
    let overview = &report["report"]["overview"];
    let groups = |axis: &str| -> Vec<(String, u64, u64)> {
        overview[axis]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                let name = g["name"].as_str().unwrap().to_owned();
                let documents = g["documents"].as_u64().unwrap();
                (name, documents, g["findings"]["warning"].as_u64().unwrap())
            })
            .collect()
    };
    let group = |name: &str, documents, warnings| (name.to_owned(), documents, warnings);
    assert_eq!(
        groups("by_team"),
        [group("marketing", 3, 3), group("support", 2, 1)]
    );
    assert_eq!(
        groups("by_channel"),
        [group("blog", 2, 2), group("newsletter", 3, 2)]
    );
    // Marketing writes "e-mail", support "E-mail": a conflict between the teams, seen
    // differently per channel (the newsletter has both).
    let conflicts = &report["report"]["conflicts"];
    assert_eq!(conflicts.as_array().unwrap().len(), 1);
    assert_eq!(
        conflicts[0]["teams"],
        json!([
            {"name": "marketing", "documents": 3, "documents_with_variant": 2, "uses": {"e-mail": 3}},
            {"name": "support", "documents": 2, "documents_with_variant": 1, "uses": {"E-mail": 1}}
        ])
    );
    assert_eq!(
        conflicts[0]["channels"],
        json!([
            {"name": "blog", "documents": 2, "documents_with_variant": 1, "uses": {"e-mail": 2}},
            {"name": "newsletter", "documents": 3, "documents_with_variant": 2,
             "uses": {"E-mail": 1, "e-mail": 1}}
        ])
    );
    // Tone: both axes are shown (neither is the same grouping as the other), each group with
    // its own documents; a channel group carries its channel's band.
    let tone = &report["report"]["tone"];
    assert_eq!(
        tone["axes"],
        json!([
            {"name": "channel", "same_as": []},
            {"name": "team", "same_as": []},
            {"name": "language", "same_as": []}
        ])
    );
    let length = tone["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "sentence-length")
        .unwrap();
    let summary: Vec<(String, String, u64)> = length["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["axis"].as_str().unwrap().to_owned(),
                g["name"].as_str().unwrap().to_owned(),
                g["documents"].as_u64().unwrap(),
            )
        })
        .collect();
    let row = |axis: &str, name: &str, documents| (axis.to_owned(), name.to_owned(), documents);
    assert_eq!(
        summary,
        [
            row("channel", "blog", 2),
            row("channel", "newsletter", 3),
            row("team", "marketing", 3),
            row("team", "support", 2),
            row("language", "en", 5)
        ]
    );
    let band = |name: &str| {
        let group = length["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["axis"] == "channel" && g["name"] == name)
            .unwrap();
        group["target_max"].as_f64()
    };
    assert_eq!((band("blog"), band("newsletter")), (Some(20.0), Some(12.0)));
    // A team writes for both channels: it has no one band but each channel's, with its
    // documents, and is never measured against one channel's band.
    let team = |name: &str| {
        length["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["axis"] == "team" && g["name"] == name)
            .unwrap()
            .clone()
    };
    let marketing = team("marketing");
    assert_eq!(marketing["target_max"], Value::Null, "{marketing}");
    assert_eq!(
        marketing["bands"],
        json!([
            {"channels": ["newsletter"], "target_min": null, "target_max": 12.0, "documents": 2},
            {"channels": ["blog"], "target_min": null, "target_max": 20.0, "documents": 1}
        ])
    );
    assert_eq!(team("support")["bands"].as_array().map(Vec::len), Some(2));
    let blog = length["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["axis"] == "channel" && g["name"] == "blog")
        .unwrap();
    assert!(blog.get("bands").is_none(), "{blog}");
    let out = tempfile::tempdir().expect("temp dir");
    let page_path = out.path().join("report.html");
    let page_arg = page_path.to_str().expect("UTF-8 temp path");
    onbrand(&dir, &["report", "--format", "html", "-o", page_arg]);
    let page = std::fs::read_to_string(&page_path).expect("report written");
    assert!(
        page.contains(
            "marketing · sentence-length: median 4.67, target newsletter ≤ 12 (2), blog ≤ 20 (1), 0 of 3 outside"
        ),
        "the heat map's cell names each channel's band"
    );
}

#[test]
fn the_planted_near_duplicate_is_the_only_pair() {
    let report = report_json(&fixture(), &[]);
    assert_eq!(
        report["report"]["duplicates"],
        json!([{
            "a": "blog/en/night-trains.md", "b": "landing/en/night-trains.html",
            // Exact for short documents: 5-word shingles of the prose, markup excluded.
            "ratio": 0.729,
            "a_channel": "blog", "b_channel": "landing", "a_team": "blog", "b_team": "landing"
        }])
    );
}

#[test]
fn terminology_conflicts_between_teams_with_counts() {
    let report = report_json(&fixture(), &[]);
    let conflicts = report["report"]["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 2);
    let email = &conflicts[0];
    assert_eq!(email["rule"], "fernway.terms.en");
    assert_eq!(email["preferred"], json!(["email"]));
    assert_eq!(
        email["variants"],
        json!([{"text": "e-mail", "uses": 3, "documents": 2}])
    );
    // Only English documents are in scope: the German landing page is not counted.
    assert_eq!(
        email["teams"],
        json!([
            {"name": "blog", "documents": 2, "documents_with_variant": 0, "uses": {}},
            {"name": "landing", "documents": 2, "documents_with_variant": 2, "uses": {"e-mail": 3}}
        ])
    );
    let address = &conflicts[1];
    assert_eq!(address["rule"], "fernway.de.address.consistency");
    assert_eq!(address["languages"], json!(["de"]));
    assert_eq!(
        address["channels"],
        json!([
            {"name": "email", "documents": 1, "documents_with_variant": 1, "uses": {"Sie": 2}},
            {"name": "landing", "documents": 1, "documents_with_variant": 0, "uses": {}}
        ])
    );
}

#[test]
fn tone_drift_groups_values_against_the_target_band() {
    // Tone measurements come from the run's JSON; this one carries them (see tone-run.json).
    let report = stdout_json(&onbrand(
        &fixture(),
        &["report", "--merge", "tone-run.json", "--format", "json"],
    ));
    let tone = &report["report"]["tone"];
    assert_eq!(tone["measured_documents"], 6);
    let length = &tone["dimensions"][0];
    assert_eq!(length["name"], "sentence length");
    let landing = length["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["axis"] == "channel" && g["name"] == "landing")
        .unwrap();
    assert_eq!(landing["documents"], 3);
    assert_eq!(landing["median"], 12.0);
    assert_eq!(landing["target_min"], 8.0);
    assert_eq!(landing["target_max"], 16.0);
    assert_eq!(landing["outside"], 1);
    assert_eq!(
        length["deviating"][0]["path"],
        "landing/en/night-trains.html"
    );
    assert_eq!(length["deviating"][0]["deviation"], 1.0);
    // The landing median is inside its band; the group lists its one document outside.
    assert_eq!(landing["distance"], 0.0);
    assert_eq!(
        landing["deviating"][0]["path"],
        "landing/en/night-trains.html"
    );
    // Teams are the top-level folders, one per channel: the same grouping, shown once.
    assert_eq!(
        tone["axes"],
        json!([
            {"name": "channel", "same_as": ["team"]},
            {"name": "language", "same_as": []}
        ])
    );
}

#[test]
fn without_tone_data_the_section_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let output = onbrand(&fixture(), &["report", ".", "-o", out.to_str().unwrap()]);
    assert!(output.status.success());
    let html = std::fs::read_to_string(&out).unwrap();
    let measured = report_json(&fixture(), &[])["report"]["tone"]["measured_documents"].clone();
    if measured == 0 {
        assert!(html.contains("This run has no tone measurements"));
        assert!(!html.contains("<svg"));
    }
}

#[test]
fn user_text_is_escaped_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let output = onbrand(&fixture(), &["report", ".", "-o", out.to_str().unwrap()]);
    assert!(output.status.success());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        !html.to_lowercase().contains("<script"),
        "no script element may reach the page"
    );
    assert!(html.contains("default-src &#39;none&#39;") || html.contains("default-src 'none'"));
    let loads: Vec<&str> = html
        .match_indices(" src=")
        .map(|(position, _)| &html[position..(position + 40).min(html.len())])
        .collect();
    assert!(
        loads.is_empty(),
        "no element may load a resource: {loads:?}"
    );
}

#[test]
fn shards_merged_equal_one_run() {
    let dir = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let mut shards = Vec::new();
    for index in 1..=3 {
        let output = onbrand(
            &dir,
            &[
                "check",
                ".",
                "--format",
                "json",
                "--fail-on",
                "never",
                "--shard",
                &format!("{index}/3"),
            ],
        );
        assert!(output.status.success());
        let path = tmp.path().join(format!("shard-{index}.json"));
        std::fs::write(&path, &output.stdout).unwrap();
        shards.push(path.to_str().unwrap().to_owned());
    }
    let mut args = vec!["report", "--format", "json", "--merge"];
    args.extend(shards.iter().map(String::as_str));
    let merged = stdout_json(&onbrand(&dir, &args));
    let single = report_json(&dir, &[]);
    assert_eq!(merged, single);
    // The merged report's own JSON merges to itself, too.
    let again = tmp.path().join("merged.json");
    std::fs::write(&again, serde_json::to_vec(&merged).unwrap()).unwrap();
    let remerged = stdout_json(&onbrand(
        &dir,
        &[
            "report",
            "--format",
            "json",
            "--merge",
            again.to_str().unwrap(),
        ],
    ));
    assert_eq!(remerged, single);
}

#[test]
fn baseline_shows_new_and_fixed_findings() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), tmp.path());
    let recorded = onbrand(tmp.path(), &["baseline", ".", "-o", "baseline.json"]);
    assert_eq!(
        recorded.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&recorded.stderr)
    );
    // Lines added above the pricing findings (they keep their identity), the landing page's
    // "e-mail" fixed, and a new finding on the blog.
    let pricing = tmp.path().join("landing/en/pricing.html");
    let text = std::fs::read_to_string(&pricing).unwrap().replace(
        "<h1>Simple pricing</h1>",
        "<h1>Simple pricing</h1>\n<p>New intro.</p>\n<p>More.</p>",
    );
    std::fs::write(&pricing, text).unwrap();
    let landing = tmp.path().join("landing/en/night-trains.html");
    let text = std::fs::read_to_string(&landing)
        .unwrap()
        .replace("an e-mail", "an email");
    std::fs::write(&landing, text).unwrap();
    let packing = tmp.path().join("blog/en/packing.md");
    let text = std::fs::read_to_string(&packing).unwrap() + "\nWrite us an e-mail.\n";
    std::fs::write(&packing, text).unwrap();
    let report = report_json(tmp.path(), &["--baseline", "baseline.json"]);
    let diff = &report["report"]["baseline"];
    let new: Vec<(&str, u64, &str)> = diff["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(new, [("blog/en/packing.md", 12, "e-mail")]);
    let fixed: Vec<(&str, &str)> = diff["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["text"].as_str().unwrap()))
        .collect();
    assert_eq!(fixed, [("landing/en/night-trains.html", "e-mail")]);
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn markdown_summary_snapshot() {
    let output = onbrand(&fixture(), &["report", ".", "--format", "md"]);
    assert!(output.status.success());
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());
}

/// Counters of merged shards saturate instead of wrapping around: the JSON is anyone's.
#[test]
fn merged_counters_saturate() {
    let shard = |failed: usize| onbrand::output::json::RunReport {
        version: 1,
        summary: onbrand::output::Summary {
            failed_files: failed,
            fixed: failed,
            ..Default::default()
        },
        ..Default::default()
    };
    let merged = onbrand::report::merge(vec![shard(usize::MAX), shard(2)]);
    assert_eq!(merged.summary.failed_files, usize::MAX);
    assert_eq!(merged.summary.fixed, usize::MAX);
}

/// A run as `check --format json` writes it: one `x.term` finding per file, each with its own
/// spelling, in files of two channels (so that a terminology conflict shows, if `x.term` is
/// known to be a terminology rule).
fn forged_run(paths: [&str; 2]) -> String {
    let file = |path: &str, channel: &str, text: &str| onbrand::output::json::FileReport {
        path: path.to_owned(),
        format: onbrand::document::Format::Markdown,
        channel: Some(channel.to_owned()),
        language: Some("en".to_owned()),
        findings: vec![onbrand::output::json::FindingReport {
            rule: "x.term".to_owned(),
            severity: onbrand::finding::Severity::Warning,
            message: "Use 'email'.".to_owned(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 7,
            offset: 0,
            end_offset: 6,
            text: text.to_owned(),
            context: text.to_owned(),
            fixes: vec!["email".to_owned()],
            link: None,
            fix_details: Vec::new(),
            occurrences: Vec::new(),
            decoded: None,
        }],
        words: None,
        tone: None,
        notes: Vec::new(),
    };
    let run = onbrand::output::json::RunReport {
        version: 1,
        files: vec![
            file(paths[0], "blog", "e-mail"),
            file(paths[1], "email", "E-Mail"),
        ],
        ..Default::default()
    };
    serde_json::to_string(&run).unwrap()
}

#[test]
fn merge_looks_up_configuration_only_below_the_working_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let guideline = "[[rule]]\nid = \"x.term\"\nkind = \"terminology\"\nterms = [{ use = \"email\", not = [\"e-mail\"] }]\n";
    // The same configuration inside the working directory and beside it.
    for folder in ["work/inside", "outside"] {
        let dir = tmp.path().join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("onbrand.toml"), "guideline = [\"g.toml\"]\n").unwrap();
        std::fs::write(dir.join("g.toml"), guideline).unwrap();
    }
    let work = tmp.path().join("work");
    let outside = tmp.path().join("outside");
    let conflicts = |paths: [&str; 2]| {
        let shard = work.join("shard.json");
        std::fs::write(&shard, forged_run(paths)).unwrap();
        let report = stdout_json(&onbrand(
            &work,
            &["report", "--format", "json", "--merge", "shard.json"],
        ));
        report["report"]["conflicts"]
            .as_array()
            .expect("conflicts")
            .iter()
            .map(|conflict| conflict["rule"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    // Inside: the rule's kind is known from the configuration, and the conflict is found.
    assert_eq!(conflicts(["inside/a.md", "inside/b.md"]), ["x.term"]);
    // Forged paths out of the working directory: no configuration is looked up there.
    assert!(conflicts(["../outside/a.md", "../outside/b.md"]).is_empty());
    assert!(conflicts(["inside/../../outside/a.md", "inside/../../outside/b.md"]).is_empty());
    let absolute = [
        outside.join("a.md").display().to_string(),
        outside.join("b.md").display().to_string(),
    ];
    assert!(conflicts([absolute[0].as_str(), absolute[1].as_str()]).is_empty());
}

/// The report is the same whatever order the files come in: the walk's order (folders
/// first) is not the order of paths as text, and the collector sorts at the end.
#[test]
fn the_report_does_not_depend_on_the_order_files_come_in() {
    let output = onbrand(
        &fixture(),
        &["check", ".", "--format", "json", "--fail-on", "never"],
    );
    let run: onbrand::output::json::RunReport = serde_json::from_slice(&output.stdout).unwrap();
    let kinds = |rule: &str| {
        rule.contains("terms")
            .then_some(onbrand::guideline::RuleKind::Terminology)
    };
    let report = |files: Vec<&onbrand::output::json::FileReport>| {
        let spill = || tempfile::tempfile().unwrap();
        let mut collector = onbrand::report::Collector::new(spill(), spill(), None);
        for file in files {
            let sketch = run.fingerprints.get(&file.path).cloned();
            collector.add(file, sketch, &kinds).unwrap();
        }
        let mut out = Vec::new();
        collector
            .finish(run.errors.clone(), run.summary)
            .write_json(&mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    };
    let forward = report(run.files.iter().collect());
    let backward = report(run.files.iter().rev().collect());
    assert_eq!(forward, backward);
    let value: Value = serde_json::from_str(&forward).unwrap();
    assert_eq!(value["report"]["overview"]["documents"], 6);
    assert_eq!(value["report"]["duplicates"].as_array().unwrap().len(), 1);
    assert!(!value["report"]["conflicts"].as_array().unwrap().is_empty());
}

/// The HTML page of the fixture, reviewed: the same content as the hand-built page it
/// replaced, which escaped apostrophes in text as well (maud leaves them: they cannot end a
/// double-quoted attribute or open an element).
#[test]
fn html_page_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let output = onbrand(&fixture(), &["report", ".", "-o", out.to_str().unwrap()]);
    assert!(output.status.success());
    insta::assert_snapshot!(std::fs::read_to_string(&out).unwrap());
}

/// File names, team names (folders), rule messages and links are anyone's text: each is
/// escaped where it lands in the page, so none opens an element or leaves its attribute.
#[test]
fn hostile_names_and_messages_are_escaped_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join(r#"<b>team & "co""#);
    std::fs::create_dir_all(&team).unwrap();
    std::fs::write(
        team.join(r#"<script>x&"y".md"#),
        "We sent you an e-mail today.\n",
    )
    .unwrap();
    // A second team, so that the hostile folder is a team below the root, not the root.
    std::fs::create_dir_all(dir.path().join("other")).unwrap();
    std::fs::write(dir.path().join("other/a.md"), "Nothing to see.\n").unwrap();
    std::fs::write(
        dir.path().join("onbrand.toml"),
        "guideline = [\"hostile.toml\"]\nlanguage = \"en\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("hostile.toml"),
        r#"[[rule]]
id = "x.term"
kind = "terminology"
severity = "warning"
message = "<script>alert(\"m\")</script> & 'x' {match}"
link = "https://x.example/\"><script>"
terms = [{ use = "email", not = ["e-mail"] }]
"#,
    )
    .unwrap();
    let out = dir.path().join("report.html");
    let output = onbrand(dir.path(), &["report", ".", "-o", out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    for escaped in [
        // The rule message in the document's findings.
        "&lt;script&gt;alert(&quot;m&quot;)&lt;/script&gt; &amp; 'x' e-mail",
        // The team in the overview, the file name in the worst documents.
        "<th scope=\"row\">&lt;b&gt;team &amp; &quot;co&quot;</th>",
        "<code>&lt;b&gt;team &amp; &quot;co&quot;/&lt;script&gt;x&amp;&quot;y&quot;.md</code>",
        // The rule's link, inside its attribute.
        "href=\"https://x.example/&quot;&gt;&lt;script&gt;\"",
    ] {
        assert!(html.contains(escaped), "{escaped} not in {html}");
    }
}
