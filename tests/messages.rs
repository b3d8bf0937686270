//! Translation files end to end: a repository laid out like real ones (Rails
//! `config/locales/de.yml`, Mozilla `locales/de/main.ftl`, i18next
//! `public/locales/zh/translation.json`, gettext `locale/de/LC_MESSAGES/app.po`, Angular
//! `src/locale/messages.de.xlf`, Hugo `i18n/de.toml`) linted through the command line: exact findings with their
//! positions and message keys, placeholders never prose, a file of messages one document for
//! consistency (du and Sie in two messages is mixing), and site configuration YAML not read.

use std::path::Path;

use assert_cmd::Command;

fn fixture() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/messages"
    ))
}

fn check(args: &[&str]) -> String {
    let output = Command::cargo_bin("onbrand")
        .unwrap()
        .current_dir(fixture())
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn every_message_format_reports_exact_positions_and_keys() {
    let expected = "\
config/locales/de.yml:4:35: warning[hype] Avoid hype: 'revolutionär'. (in message `hero.body`)
config/locales/de.yml:6:17: warning[address-de] 'Sie' (formal) mixed with informal ('du' first on line 4, 1 in all); keep to one. (in message `signup.cta`)
i18n/de.toml:5:31: warning[hype] Avoid hype: 'bahnbrechend'. (in message `tagline.other`)
locale/de/LC_MESSAGES/app.po:9:9: warning[address-de] 'Ihr' (formal) mixed with informal ('dich' first on line 6, 1 in all); keep to one. (in message `Your account`)
locales/de/main.ftl:3:13: warning[address-de] 'Ihr' (formal) mixed with informal ('du' first on line 2, 1 in all); keep to one. (in message `hero-body`)
locales/de/main.ftl:3:27: warning[hype] Avoid hype: 'bahnbrechend'. (in message `hero-body`)
public/locales/zh/translation.json:4:13: warning[address-zh] '你' mixed with '您' (first on line 3, 1 in all); keep to one form. (in message `hero.cta`)
src/locale/messages.de.xlf:4:58: warning[address-de] 'Ihr' (formal) mixed with informal ('du' first on line 3, 1 in all); keep to one. (in message `account`)
src/locale/messages.de.xlf:4:72: warning[hype] Avoid hype: 'revolutionär'. (in message `account`)
";
    assert_eq!(
        check(&["--format", "concise", "--fail-on", "never"]),
        expected
    );
}

#[test]
fn a_named_locale_file_is_read_as_messages_not_text() {
    // Named one by one, as an editor or a pre-commit hook does: still messages, with keys.
    let out = check(&[
        "--format",
        "concise",
        "--fail-on",
        "never",
        "locales/de/main.ftl",
    ]);
    assert!(out.contains("(in message `hero-body`)"), "{out}");
    assert!(!out.contains("Startseite"), "{out}");
}

#[test]
fn messages_carry_their_language_and_keys_in_json() {
    let out = check(&[
        "--format",
        "json",
        "--fail-on",
        "never",
        "config/locales/de.yml",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["language"], "de", "{out}");
    let messages: Vec<&str> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().all(|m| m.contains("(in message `")),
        "{messages:?}"
    );
}

fn run(args: &[&str]) -> (String, String) {
    let output = Command::cargo_bin("onbrand")
        .unwrap()
        .current_dir(fixture())
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn files_no_format_reads_are_counted_in_the_summary() {
    let (_, stderr) = run(&["check", "--fail-on", "never", "."]);
    assert!(
        stderr.ends_with(
            "9 findings (0 errors, 9 warnings, 0 suggestions) in 6 files.\n\
             1 file skipped: no reader for .properties (1) — see `onbrand files`.\n"
        ),
        "{stderr}"
    );
}

#[test]
fn files_lists_format_channel_language_origin_and_config() {
    let (stdout, _) = run(&["files", "."]);
    let expected = "\
config/locales/de.yml\tyaml (by name)\tchannel none\tlanguage de (declared in the file)\tconfig onbrand.toml
i18n/de.toml\ttoml (by name)\tchannel none\tlanguage de (file name)\tconfig onbrand.toml
locale/de/LC_MESSAGES/app.po\tpo (by name)\tchannel none\tlanguage de (declared in the file)\tconfig onbrand.toml
locales/de/main.ftl\tfluent (by name)\tchannel none\tlanguage de (folder)\tconfig onbrand.toml
public/locales/zh/translation.json\tjson (by name)\tchannel none\tlanguage zh (folder)\tconfig onbrand.toml
src/locale/messages.de.xlf\txliff (by name)\tchannel none\tlanguage de (declared in the file)\tconfig onbrand.toml
_config.yml\tnot read: configuration or data, not copy: .yml is read only as a locale file (in `locales/`, `i18n/`… or named for a language, like `de.yml`)
guideline.toml\tnot read: configuration or data, not copy: .toml is read only as a locale file (in `locales/`, `i18n/`… or named for a language, like `de.toml`)
java/messages_de.properties\tnot read: no reader for .properties
onbrand.toml\tnot read: configuration or data, not copy: .toml is read only as a locale file (in `locales/`, `i18n/`… or named for a language, like `de.toml`)
";
    assert_eq!(stdout, expected);
}

#[test]
fn a_folder_with_every_supported_format_lints_with_nothing_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let formats = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/formats"
    ));
    for name in [
        "blog.md",
        "landing.mdx",
        "page.html",
        "welcome.txt",
        "mixed.eml",
        "encoded.eml",
        "gb2312.eml",
    ] {
        std::fs::copy(formats.join(name), dir.path().join(name)).unwrap();
    }
    // Configuration, data and media beside the copy are not skipped copy.
    std::fs::copy(
        fixture().join("onbrand.toml"),
        dir.path().join("onbrand.toml"),
    )
    .unwrap();
    for (name, content) in [
        ("Cargo.toml", "[package]\nname = \"site\"\n"),
        ("package.json", "{\"name\": \"site\"}\n"),
        ("_config.yml", "title: Site\n"),
        ("logo.png", "\u{89}PNG"),
        (
            "locale/app.pot",
            "msgid \"\"\nmsgstr \"\"\n\nmsgid \"Plan your trip\"\nmsgstr \"\"\n",
        ),
        (
            "_locales/de/messages.json",
            "{\"title\": {\"message\": \"Plane deine Reise\"}}\n",
        ),
    ] {
        let to = dir.path().join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, content).unwrap();
    }
    for name in [
        "config/locales/de.yml",
        "i18n/de.toml",
        "locales/de/main.ftl",
        "public/locales/zh/translation.json",
        "locale/de/LC_MESSAGES/app.po",
        "src/locale/messages.de.xlf",
    ] {
        let to = dir.path().join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture().join(name), to).unwrap();
    }
    let output = Command::cargo_bin("onbrand")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--fail-on", "never", "--config"])
        .arg(fixture().join("onbrand.toml"))
        .arg(".")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(" in 15 files."), "{stderr}");
    assert!(!stderr.contains("skipped"), "{stderr}");
}
