//! Format parsers end to end: fixture documents → segments (snapshots), exact source positions
//! for every verbatim word, what must never be prose, decoding errors, and robustness on the
//! shared corpus.

mod common;

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use onbrand::document::{Document, Format, LoadError, OPAQUE, Segment};
use onbrand::position::LineIndex;

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn load(name: &str) -> Document {
    let path = fixture_path(name);
    let bytes = std::fs::read(&path).expect("fixture exists");
    let format = Format::from_path(&path).expect("fixture has a known format");
    Document::from_bytes(format, &bytes).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// Every fixture that parses.
const FIXTURES: [&str; 9] = [
    "blog.md",
    "landing.mdx",
    "page.html",
    "email-template.html",
    "latin1.html",
    "welcome.txt",
    "alternative.eml",
    "mixed.eml",
    "latin1.eml",
];

/// A readable dump of what a parser found: one line per segment, then metadata, directives and
/// notes, each with the line:column where it starts.
fn render(document: &Document) -> String {
    let lines = LineIndex::new(&document.text);
    let at = |offset: usize| {
        let position = lines.line_col(&document.text, offset);
        format!("{}:{}", position.line, position.column)
    };
    let mut out = String::new();
    for segment in &document.segments {
        let start = segment.map.source_extent().start;
        let _ = writeln!(
            out,
            "{:<11} {:<6} {}",
            segment.kind.name(),
            at(start),
            segment.text
        );
    }
    let _ = writeln!(out, "metadata: {:?}", document.metadata);
    for directive in &document.directives {
        let _ = writeln!(
            out,
            "directive {} {:?} {:?}",
            at(directive.source.start),
            directive.action,
            directive.rules
        );
    }
    for note in &document.notes {
        let _ = writeln!(out, "note {}: {}", at(note.source.start), note.message);
    }
    out
}

#[test]
fn fixtures_snapshot() {
    for name in FIXTURES {
        let document = load(name);
        insta::assert_snapshot!(name, render(&document));
    }
}

/// Byte ranges of the words (runs of alphanumeric characters) of a segment's prose.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (index, ch) in text.char_indices() {
        match (ch.is_alphanumeric(), start) {
            (true, None) => start = Some(index),
            (false, Some(begin)) => {
                words.push(begin..index);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(begin) = start {
        words.push(begin..text.len());
    }
    words
}

/// For every word a segment claims is a verbatim copy, the source bytes are that word.
fn assert_verbatim_words_match(name: &str, document: &Document) -> usize {
    let mut checked = 0;
    for segment in &document.segments {
        let extent = segment.map.source_extent();
        assert!(
            extent.start <= extent.end && extent.end <= document.text.len(),
            "{name}: segment {:?} maps outside the source",
            segment.text
        );
        for word in words(&segment.text) {
            let source = segment.map.to_source(word.clone());
            if segment.map.is_verbatim(word.clone()) {
                assert_eq!(
                    document.text.get(source.clone()),
                    segment.text.get(word.clone()),
                    "{name}: verbatim word at {source:?}"
                );
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn every_verbatim_word_maps_to_identical_source_bytes() {
    for name in FIXTURES {
        let document = load(name);
        let checked = assert_verbatim_words_match(name, &document);
        // A message in a legacy charset is all decoded; everything else is mostly verbatim.
        let expects_verbatim = name != "latin1.eml";
        assert!(
            !expects_verbatim || checked > 5,
            "{name}: only {checked} verbatim words"
        );
    }
}

fn segment_with<'d>(document: &'d Document, needle: &str) -> &'d Segment {
    document
        .segments
        .iter()
        .find(|segment| segment.text.contains(needle))
        .unwrap_or_else(|| panic!("no segment with {needle:?} in {:#?}", document.segments))
}

/// The 1-based line and column where `word` of the segment holding it starts in the source.
fn position_of(document: &Document, word: &str) -> (u32, u32) {
    let segment = segment_with(document, word);
    let start = segment.text.find(word).unwrap_or_default();
    let source = segment.map.to_source(start..start + word.len());
    assert_eq!(&document.text[source.clone()], word);
    let position = LineIndex::new(&document.text).line_col(&document.text, source.start);
    (position.line, position.column)
}

#[test]
fn positions_after_umlauts_chinese_and_emoji_count_characters() {
    // "Grüße aus Köln — 你好，世界 👋 onward": `onward` is the 26th character.
    assert_eq!(position_of(&load("blog.md"), "onward"), (42, 26));
    // "  <p>Grüße aus Zürich — 你好 👋 und"
    assert_eq!(position_of(&load("page.html"), "und"), (13, 30));
    assert_eq!(position_of(&load("welcome.txt"), "team"), (12, 26));
    // In an 8bit part of a message, positions are the file's.
    assert_eq!(position_of(&load("mixed.eml"), "enjoy"), (14, 39));
    // In a quoted-printable part, a word after escapes still maps to its raw bytes.
    assert_eq!(position_of(&load("alternative.eml"), "booked"), (11, 64));
}

/// Strings that stand only in code, URLs, addresses, placeholders, attributes, MDX syntax,
/// comments or attachments of the fixtures.
const NEVER_PROSE: [&str; 20] = [
    "secretcode",
    "first_name",
    "FNAME",
    "recipient",
    "vip",
    "fernway.example",
    "sync --all",
    "departure_date",
    "action_url",
    "Hero",
    "import",
    "hidden",
    "props",
    "Not prose",
    "Badge",
    "variant",
    "onbrand",
    "color",
    "HTML block",
    "alps.png",
];

#[test]
fn code_urls_addresses_placeholders_and_markup_are_never_prose() {
    for name in FIXTURES {
        let document = load(name);
        for segment in &document.segments {
            for needle in NEVER_PROSE {
                assert!(
                    !segment.text.contains(needle),
                    "{name}: {needle:?} in {:?} {:?}",
                    segment.kind,
                    segment.text
                );
            }
        }
    }
}

#[test]
fn every_placeholder_style_is_opaque_in_every_format() {
    let styles = [
        "{{ first_name }}",
        "{{{ raw }}}",
        "{% if vip %}",
        "*|FNAME|*",
        "%recipient.name%",
        "${amount}",
        "<%= user %>",
    ];
    let formats = [Format::Markdown, Format::Mdx, Format::Html, Format::Text];
    for style in styles {
        for format in formats {
            let source = format!("Hello {style} there.\n");
            let document = Document::parse(format, source.clone());
            let texts: Vec<&str> = document.segments.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(
                texts,
                [format!("Hello {OPAQUE} there.")],
                "{format:?} {style}"
            );
        }
    }
}

#[test]
fn mdx_syntax_is_not_prose_but_markdown_inside_components_is() {
    let document = load("landing.mdx");
    let segment = segment_with(&document, "Invite your team");
    assert_eq!(
        segment.text,
        "Invite your team with one click and share the plan."
    );
    let texts: Vec<&str> = document.segments.iter().map(|s| s.text.as_str()).collect();
    assert!(
        texts.contains(&"Open the planner in any browser."),
        "{texts:?}"
    );
    assert_eq!(document.directives.len(), 2);
    // Markdown files keep their `<!-- -->` directives.
    assert_eq!(load("blog.md").directives.len(), 1);
}

#[test]
fn email_subjects_parts_and_encodings() {
    let document = load("alternative.eml");
    let subject = &document.segments[0];
    assert_eq!(subject.kind.name(), "subject");
    assert_eq!(subject.text, "Ihre Reise nach Zürich 🚆");
    let raw = &document.text[subject.map.to_source(0..subject.text.len())];
    assert!(
        raw.starts_with("=?UTF-8?B?") && raw.ends_with("?="),
        "{raw}"
    );
    // The base64 HTML part is linted, pointing at the whole part, with a note saying so.
    let html = segment_with(&document, "See you on board!");
    assert!(!html.map.is_verbatim(0..4));
    assert!(
        document
            .notes
            .iter()
            .any(|note| note.message.contains("base64"))
    );

    let latin = load("latin1.eml");
    assert_eq!(latin.segments[0].text, "Grüße aus Köln");
    let body = segment_with(&latin, "Schöne Grüße aus Köln");
    let range = body.map.to_source(0..body.text.len());
    assert!(
        latin.text[range].starts_with("Sch"),
        "collapsed onto the part"
    );
    assert_eq!(latin.metadata.language.as_deref(), Some("de"));

    let mixed = load("mixed.eml");
    let subject = &mixed.segments[0];
    let range = subject.map.to_source(0..subject.text.len());
    assert_eq!(&mixed.text[range], "Plan your next trip with Fernway");
    assert!(subject.map.is_verbatim(0..4));
    let html = segment_with(&mixed, "Your plan is ready.");
    let open = html.text.find("Open").unwrap();
    assert_eq!(&mixed.text[html.map.to_source(open..open + 4)], "Open");
    let quote = html.text.find('“').unwrap();
    assert_eq!(
        &mixed.text[html.map.to_source(quote..quote + 3)],
        "=E2=80=9C"
    );
    assert_eq!(mixed.metadata.language.as_deref(), Some("en-GB"));
    assert_eq!(mixed.directives.len(), 2);
}

#[test]
fn html_in_a_declared_charset_is_decoded() {
    let document = load("latin1.html");
    let texts: Vec<&str> = document.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["Über uns", "Schöne Grüße aus Köln."]);
    assert_eq!(document.metadata.language.as_deref(), Some("de"));
}

#[test]
fn invalid_utf8_and_binary_files_are_load_errors() {
    let bytes = std::fs::read(fixture_path("invalid-utf8.md")).unwrap();
    assert_eq!(
        Document::from_bytes(Format::Markdown, &bytes).unwrap_err(),
        LoadError::InvalidEncoding {
            encoding: "UTF-8".into(),
            line: 3,
            column: 12
        }
    );
    let bytes = std::fs::read(fixture_path("binary.md")).unwrap();
    assert_eq!(
        Document::from_bytes(Format::Markdown, &bytes).unwrap_err(),
        LoadError::Binary
    );
    assert_eq!(
        Document::from_bytes(Format::Email, &bytes).unwrap_err(),
        LoadError::Binary
    );
}

#[test]
fn broken_input_never_panics() {
    let inputs: [&[u8]; 8] = [
        b"",
        b"---\n",
        b"---\ntitle: [\n---\n",
        b"<<<>>><a <b c=\"<!--<script>",
        b"{{{{ {% <% ${ `````` <Tag {",
        b"From: x\n\n",
        b"Subject: =?UTF-8?B?####?=\nContent-Transfer-Encoding: quoted-printable\n\n=ZZ=\n=",
        b"\xEF\xBB\xBF\xFE\xFF",
    ];
    for input in inputs {
        for format in [
            Format::Markdown,
            Format::Mdx,
            Format::Html,
            Format::Email,
            Format::Text,
        ] {
            if let Ok(document) = Document::from_bytes(format, input) {
                assert_verbatim_words_match("input", &document);
            }
        }
    }
}

/// Every file of the shared corpus reads without a panic and with consistent positions; the
/// only files in a legacy charset are the Apache `*.html.de` pages, which declare it.
#[test]
fn the_shared_corpus_parses() {
    let Some(root) = common::shared("corpus") else {
        return;
    };
    let mut files = Vec::new();
    collect_files(&root, &mut files);
    let mut parsed = 0;
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let format = Format::from_path(&path).unwrap_or_else(|| Format::sniff(&bytes));
        match Document::from_bytes(format, &bytes) {
            Ok(document) => {
                assert_verbatim_words_match(&path.display().to_string(), &document);
                parsed += 1;
            }
            Err(error) => panic!("{}: {error}", path.display()),
        }
    }
    assert!(parsed > 0);
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, files);
        } else {
            files.push(path);
        }
    }
}

#[test]
fn front_matter_copy_has_exact_positions_and_real_word_counts() {
    let document = load("home.md");
    let texts: Vec<(&str, &str)> = document
        .segments
        .iter()
        .map(|s| (s.kind.name(), s.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("heading", "Reisen planen für alle 🚀"),
            (
                "paragraph",
                "Plane deine Reise mit Freunden, ganz ohne Tabellen."
            ),
            ("paragraph", "Jetzt starten"),
            ("heading", "Schnell"),
            (
                "paragraph",
                "Plane Reisen in wenigen Minuten und teile sie mit deinem Team."
            ),
            ("heading", "中文"),
            ("paragraph", "Die App funktioniert auch im Zug ohne Netz."),
        ]
    );
    assert_eq!(position_of(&document, "alle"), (5, 27));
    assert_eq!(position_of(&document, "Netz"), (15, 53));
    // A home page whose only copy is front matter is measured on it (`onbrand tone`).
    let output = assert_cmd::Command::cargo_bin("onbrand")
        .unwrap()
        .args(["tone", "--format", "json"])
        .arg(fixture_path("home.md"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["files"][0]["words"], 36, "{json}");
    assert_eq!(json["files"][0]["language"], "de", "{json}");
}

/// A landing page whose only copy is inside JSX components, indented: measured on it. By hand:
/// "Plan every trip with the people you travel with." (9 words) and "Maps that work without a
/// signal, even in Zürich 🚆." (9; the emoji is no word): 18 words in 2 sentences; the card's
/// `title` attribute is a title segment, not running text.
#[test]
fn a_page_whose_only_copy_is_jsx_is_measured_on_it() {
    let document = load("jsx-only.mdx");
    let texts: Vec<(&str, &str)> = document
        .segments
        .iter()
        .map(|s| (s.kind.name(), s.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "paragraph",
                "Plan every trip with the people you travel with."
            ),
            ("title", "Offline"),
            (
                "paragraph",
                "Maps that work without a signal, even in Zürich 🚆."
            ),
        ]
    );
    assert_eq!(position_of(&document, "Zürich"), (6, 50));
    let output = assert_cmd::Command::cargo_bin("onbrand")
        .unwrap()
        .args(["tone", "--format", "json"])
        .arg(fixture_path("jsx-only.mdx"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["files"][0]["words"], 18, "{json}");
}

/// The decoded text of `segment`'s encoded part at the prose range of `word`, with the part.
fn decoded<'a>(document: &'a Document, segment: &Segment, word: &str) -> (&'a str, &'a str) {
    let start = segment.text.find(word).expect("word in segment");
    let span = segment
        .decoded_range(start..start + word.len())
        .expect("segment of an encoded part");
    let part = &document.encoded[span.part];
    (&part.text[span.span], part.transfer.name())
}

#[test]
fn encoded_parts_keep_a_map_into_their_decoded_text() {
    let document = load("encoded.eml");
    let parts: Vec<(String, usize)> = document
        .encoded
        .iter()
        .map(|part| (part.describe(), part.line_col(0).line as usize))
        .collect();
    assert_eq!(
        parts,
        [
            ("encoded-word (utf-8)".to_owned(), 1),
            ("base64 (utf-8)".to_owned(), 1),
            ("quoted-printable (utf-8)".to_owned(), 1),
        ]
    );
    let subject = &document.segments[0];
    assert_eq!(subject.text, "Grüße aus 北京 🚀 – very bald");
    assert_eq!(
        decoded(&document, subject, "北京"),
        ("北京", "encoded-word")
    );
    // The subject's file location is its whole encoded value.
    let raw = &document.text[subject.source_range(0..4)];
    assert!(
        raw.starts_with("=?UTF-8?B?") && raw.ends_with("?="),
        "{raw}"
    );

    let plain = segment_with(&document, "Schreib uns");
    assert_eq!(decoded(&document, plain, "e-mail"), ("e-mail", "base64"));
    let part = &document.encoded[plain.decoded.as_ref().unwrap().part];
    let at = plain.text.find("e-mail").unwrap();
    let span = plain.decoded_range(at..at + 6).unwrap().span;
    assert_eq!(
        part.line_col(span.start),
        onbrand::position::LineCol {
            line: 2,
            column: 18
        }
    );
    assert!(!plain.is_writable(at..at + 6));

    // Quoted-printable UTF-8: exact in the file and in the decoded text, and still never
    // written into.
    let html = segment_with(&document, "revolutionary");
    let at = html.text.find("Zürich").unwrap();
    let word = at..at + "Zürich".len();
    assert_eq!(
        &document.text[html.source_range(word.clone())],
        "Z=C3=BCrich"
    );
    assert_eq!(
        decoded(&document, html, "Zürich"),
        ("Zürich", "quoted-printable")
    );
    assert!(
        html.map
            .is_verbatim(html.text.find("Reise").map(|s| s..s + 5).unwrap())
    );
    assert!(!html.is_writable(html.text.find("Reise").map(|s| s..s + 5).unwrap()));
    assert_eq!(document.notes.len(), 2, "{:?}", document.notes);
}

#[test]
fn an_8bit_part_in_a_chinese_charset_is_decoded() {
    let document = load("gb2312.eml");
    let texts: Vec<&str> = document.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        ["你好 very 北京", "你好，北京！ 这是一封 e-mail 通知。"]
    );
    let body = &document.segments[1];
    assert_eq!(decoded(&document, body, "e-mail"), ("e-mail", "8bit"));
    let part = &document.encoded[1];
    assert_eq!(part.charset, "gb2312");
    let at = body.text.find("e-mail").unwrap();
    let span = body.decoded_range(at..at + 6).unwrap().span;
    assert_eq!(
        part.line_col(span.start),
        onbrand::position::LineCol { line: 2, column: 6 }
    );
    assert_eq!(document.encoded[0].describe(), "encoded-word (gb2312)");
}
