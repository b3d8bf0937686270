//! Incremental linting gives exactly the findings of a cold lint.
//!
//! Property: for any sequence of edits, linting each version with a [`LintCache`] that saw all
//! the earlier versions gives the same findings (rule, severity, message, span, fixes, in the
//! same order), tone report, channel and language as linting that version from scratch. The
//! edits are random but reproducible (a fixed seed per document): typing and deleting at random
//! places, splitting and joining paragraphs, adding markup, suppression comments, off-brand
//! terms, forms of address, acronyms and their definitions, exclamation marks and emoji, and
//! changing the front matter's language and channel (which must invalidate the cache).

use std::path::Path;

use onbrand::config::FileSettings;
use onbrand::document::{Document, Format};
use onbrand::guideline::{Guideline, GuidelineSource, builtin};
use onbrand::lint::cache::LintCache;
use onbrand::lint::{LintedFile, lint_document};

mod common;

/// Fernway's guideline (examples/onbrand.toml): the starter plus Fernway's own terms, hype and
/// address rules, so that the edits below meet rules of every kind.
fn shipped() -> &'static Guideline {
    &common::fernway().guideline
}

/// The shipped guideline plus segment-local rules limited to channels and languages, whose
/// findings must come and go with the front matter's `channel:` and `lang:`.
fn shipped_and_scoped() -> Guideline {
    let mut sources = builtin::sources();
    sources.push(GuidelineSource {
        name: "scoped.toml".to_owned(),
        text: r#"
[[rule]]
id = "email.no-tickets"
kind = "avoid"
channels = ["email"]
phrases = ["tickets", "Karten", "地图"]

[[rule]]
id = "social.trains"
kind = "pattern"
channels = ["social"]
languages = ["en"]
pattern = '\bTrains?\b'

[[rule]]
id = "de.maps"
kind = "terminology"
languages = ["de"]
terms = [{ use = "Landkarte", not = ["Karte"] }]
"#
        .to_owned(),
    });
    Guideline::compile(&sources).unwrap_or_else(|errors| panic!("{errors:?}"))
}

/// A small, seeded generator (splitmix64): the same edits on every run and machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// What a writer types: prose in three languages, off-brand terms, markup, comments.
const SNIPPETS: &[&str] = &[
    "x",
    " ",
    "e-mail",
    "E-Mail",
    "sign-up",
    "Github",
    "revolutionary ",
    "game-changer",
    "the the ",
    "!",
    "！",
    "🎉",
    "👋🏽",
    "Grüße ",
    "Sie ",
    "du ",
    "Ihnen ",
    "dich ",
    "你",
    "您",
    "你们好，",
    "可能",
    "SEO ",
    "search engine optimisation (SEO) ",
    "colour ",
    "color ",
    "\n\n",
    "\n",
    "## ",
    "- ",
    "> ",
    "`code` ",
    "[a link](https://example.com) ",
    "{{ first_name }} ",
    "**bold** ",
    "<!-- onbrand-disable-next-line -->\n",
    "<!-- onbrand-disable fernway.hype -->\n",
    "<!-- onbrand-enable fernway.hype -->\n",
    "We might perhaps maybe consider it. ",
    "THIS IS AMAZING ",
    "The tiles were rebuilt by the team. ",
    "Die Karten werden geladen. ",
    "地图被更新了。",
];

/// Apply one random edit to `text`.
fn edit(text: &mut String, random: &mut Random) {
    let at = floor_boundary(text, random.below(text.len() + 1));
    match random.below(10) {
        // Delete a short run (a backspace, a word, a line).
        0..=2 => {
            let end = floor_boundary(text, at + 1 + random.below(40));
            text.replace_range(at..end.max(at), "");
        }
        // Change the front matter: language and channel decide which rules apply.
        3 => {
            let key = random.pick(&["lang", "channel"]);
            let value = match key {
                "lang" => random.pick(&["en", "de", "zh", "de-CH", ""]),
                _ => random.pick(&["email", "social", "blog", ""]),
            };
            set_front_matter(text, key, value);
        }
        // Type something.
        _ => text.insert_str(at, random.pick(SNIPPETS)),
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Set (or, with an empty value, remove) `key` in the front matter at the top of `text`.
fn set_front_matter(text: &mut String, key: &str, value: &str) {
    let Some(end) = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n"))
    else {
        return;
    };
    let body = &text[4..4 + end];
    let mut lines: Vec<String> = body
        .lines()
        .filter(|line| !line.starts_with(&format!("{key}:")))
        .map(str::to_owned)
        .collect();
    if !value.is_empty() {
        lines.push(format!("{key}: {value}"));
    }
    let rest = text[4 + end + 1..].to_owned();
    *text = format!("---\n{}\n{rest}", lines.join("\n"));
}

/// Lint every version cold and incrementally and require the same result; returns the
/// cache's statistics at the end.
fn check_edits(name: &str, text: &str, seed: u64, edits: usize) -> (LintCache, usize) {
    let guideline = shipped_and_scoped();
    let path = Path::new(name);
    let format = Format::from_path(path).unwrap_or(Format::Text);
    let settings = FileSettings {
        default_language: Some("en".to_owned()),
        ..FileSettings::default()
    };
    let mut random = Random(seed);
    let mut cache = LintCache::new();
    let mut text = text.to_owned();
    let mut segments = 0;
    for version in 0..=edits {
        if version > 0 {
            edit(&mut text, &mut random);
        }
        let cold = lint_document(
            path,
            Document::parse(format, text.clone()),
            &guideline,
            &settings,
            None,
        );
        let warm = lint_document(
            path,
            Document::parse(format, text.clone()),
            &guideline,
            &settings,
            Some(&mut cache),
        );
        assert_same(&cold, &warm, version, &text);
        segments = cold.document.segments.len();
        // Bounded: one rule outcome and at most one tone measurement per segment of the last
        // version, however many versions came before.
        assert!(
            cache.len() <= 2 * segments,
            "version {version}: {} entries for {segments} segments",
            cache.len()
        );
    }
    (cache, segments)
}

fn assert_same(cold: &LintedFile, warm: &LintedFile, version: usize, text: &str) {
    let context = || format!("after edit {version}, text:\n{text}");
    assert_eq!(cold.findings, warm.findings, "{}", context());
    assert_eq!(cold.tone, warm.tone, "{}", context());
    assert_eq!(cold.channel, warm.channel, "{}", context());
    assert_eq!(cold.language, warm.language, "{}", context());
}

const ENGLISH: &str = "---
title: Offline maps, finally
lang: en
---

# Offline maps, finally 🗺️

This spring we rewrote how the app stores map tiles. The result is a game-changer: offline maps
that load in a blink, even on a train in the Alps. Send us an e-mail if a route is wrong!

## What changed

- Tiles are stored in one file per region, not one per tile.
- The planner syncs your tickets, so you can sign-up once.
- Search works offline; SEO is not something you need to think about.

> We might perhaps rebuild the search next. The colour of the markers was changed by the team.

The the new maps use `tiles.db` and {{ first_name }} sees their own trips. Github has the code.
";

const GERMAN: &str = "---
title: Offline-Karten
lang: de
---

# Offline-Karten für unterwegs

Wir haben die Speicherung der Kartenkacheln neu geschrieben. Schreiben Sie uns eine E-Mail,
wenn eine Route nicht stimmt, und wir prüfen sie. Grüße aus München! 🎉

Du kannst die Karten jetzt vorab laden. Ihre Reisen werden automatisch synchronisiert, und
dich erwartet eine übersichtliche Planung mit Zügen, Bussen und Fähren.

- Karten werden pro Region gespeichert.
- Die Suche funktioniert auch ohne Netz.
";

const CHINESE: &str = "---
title: 离线地图
lang: zh
---

# 离线地图终于来了

我们重写了地图瓦片的存储方式。您现在可以在火车上查看地图，你们也可以离线搜索路线！

如果路线有误，请给我们发电子邮件。我们可能会在下次旅行时检查。地图被更新了。

- 每个地区一个文件
- 搜索可以离线使用 🚆
";

const MIXED_HTML: &str = "<!DOCTYPE html>
<html lang=\"en\">
<head><title>Plan your trip | Fernway</title>
<meta name=\"description\" content=\"A revolutionary planner for trains, buses and ferries.\"></head>
<body>
<h1>Plan your trip</h1>
<p>Send us an e-mail and sign-up for the newsletter. Grüße aus Berlin, 你好 👋!</p>
<p>Our <b>game-changer</b> planner syncs your tickets. <img src=\"a.png\" alt=\"A map of the coast\"></p>
<ul><li>Trains every hour</li><li>Buses on weekdays</li></ul>
</body>
</html>
";

#[test]
fn english_markdown_under_random_edits() {
    let (cache, _) = check_edits("blog/offline-maps.md", ENGLISH, 1, 150);
    let stats = cache.stats();
    assert!(
        stats.reused > stats.computed,
        "the cache should save most of the work: {stats:?}"
    );
}

#[test]
fn german_markdown_under_random_edits() {
    check_edits("blog/de/karten.md", GERMAN, 2, 150);
}

#[test]
fn chinese_markdown_under_random_edits() {
    check_edits("blog/zh/ditu.md", CHINESE, 3, 150);
}

#[test]
fn html_under_random_edits() {
    check_edits("landing/plan.html", MIXED_HTML, 4, 100);
}

#[test]
fn plain_text_and_email_channel_under_random_edits() {
    let text = format!(
        "Subject line here\n\n{}",
        &ENGLISH[ENGLISH.find("This spring").unwrap_or(0)..]
    );
    check_edits("social/post.txt", &text, 5, 100);
}

/// A reloaded guideline (a new compiled guideline) must not be served another's results.
#[test]
fn a_new_guideline_is_not_served_the_old_ones_results() {
    let path = Path::new("post.md");
    let settings = FileSettings::default();
    let text = "---\nlang: en\n---\n\nSend us an e-mail today.\n\nA second paragraph.\n";
    let mut cache = LintCache::new();
    let shipped = shipped();
    let first = lint_document(
        path,
        Document::parse(Format::Markdown, text.to_owned()),
        shipped,
        &settings,
        Some(&mut cache),
    );
    assert!(
        first
            .findings
            .iter()
            .any(|f| f.rule_id() == "fernway.terms.en")
    );
    let custom = Guideline::compile(&[GuidelineSource {
        name: "custom.toml".to_owned(),
        text: "[[rule]]\nid = \"no-today\"\nkind = \"avoid\"\nphrases = [\"today\"]\n".to_owned(),
    }])
    .unwrap_or_else(|errors| panic!("{errors:?}"));
    let second = lint_document(
        path,
        Document::parse(Format::Markdown, text.to_owned()),
        &custom,
        &settings,
        Some(&mut cache),
    );
    let ids: Vec<&str> = second.findings.iter().map(|f| f.rule_id()).collect();
    assert_eq!(ids, ["no-today"]);
}

/// A paragraph that moved (text inserted above it) is reused, and its findings are where it
/// is now.
#[test]
fn reused_findings_follow_their_paragraph() {
    let guideline = shipped();
    let path = Path::new("post.md");
    let settings = FileSettings::default();
    let mut cache = LintCache::new();
    let before = "---\nlang: en\n---\n\nSend us an e-mail.\n";
    let after =
        "---\nlang: en\n---\n\nA new first paragraph, with Grüße 👋.\n\nSend us an e-mail.\n";
    for text in [before, after] {
        let file = lint_document(
            path,
            Document::parse(Format::Markdown, text.to_owned()),
            guideline,
            &settings,
            Some(&mut cache),
        );
        let spans: Vec<&str> = file
            .findings
            .iter()
            .filter(|f| f.rule_id() == "fernway.terms.en")
            .map(|f| &text[f.span.clone()])
            .collect();
        assert_eq!(spans, ["e-mail"]);
    }
    assert!(cache.stats().reused >= 1, "{:?}", cache.stats());
}
