//! The tone profile: hand-made documents whose values were counted by hand, the exact findings
//! they produce, syllable counts against hand-counted words, and determinism.

use std::path::Path;

use onbrand::config::FileSettings;
use onbrand::document::{Document, Format};
use onbrand::guideline::{Guideline, GuidelineSource, builtin};
use onbrand::lint::{LintedFile, lint_document};
use onbrand::tone::lexicon::Lexicon;
use onbrand::tone::{AddressForm, Dimension, Lang, Status, ToneReport, formality, syllables};

mod common;

/// Fernway's guideline (examples/onbrand.toml): its tone profile and address rules are what these
/// hand-counted documents are judged against.
fn shipped() -> &'static Guideline {
    &common::fernway().guideline
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tone")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn lint(guideline: &Guideline, name: &str, channel: &str, language: &str) -> LintedFile {
    let format = Format::from_path(Path::new(name)).unwrap_or(Format::Text);
    let settings = FileSettings {
        channel: Some(channel.to_owned()),
        language: Some(language.to_owned()),
        disabled: common::fernway_disabled(),
        ..FileSettings::default()
    };
    lint_document(
        Path::new(name),
        Document::parse(format, fixture(name)),
        guideline,
        &settings,
        None,
    )
}

fn lexicon(guideline: &Guideline) -> Option<&Lexicon> {
    guideline.tone().and_then(|t| t.lexicon(Lang::En))
}

fn tone(file: &LintedFile) -> &ToneReport {
    file.tone
        .as_ref()
        .expect("the shipped guideline has a tone profile")
}

fn value(report: &ToneReport, dimension: Dimension) -> Option<f64> {
    report.get(dimension).and_then(|d| d.value)
}

fn assert_near(actual: Option<f64>, expected: f64, what: &str) {
    let actual = actual.unwrap_or_else(|| panic!("{what}: not measured"));
    assert!(
        (actual - expected).abs() <= 0.011,
        "{what}: {actual}, expected {expected}"
    );
}

/// (rule id, line, text) of every finding, in order.
fn findings(file: &LintedFile) -> Vec<(String, u32, String)> {
    file.findings
        .iter()
        .map(|f| {
            let line = file.lines.line_col(&file.document.text, f.span.start).line;
            let text = file.document.text[f.span.clone()].to_owned();
            (f.rule_id().to_owned(), line, text)
        })
        .collect()
}

fn tone_messages(file: &LintedFile) -> Vec<String> {
    file.findings
        .iter()
        .filter(|f| f.rule_id().starts_with("tone."))
        .map(|f| format!("{} [{}] {}", f.rule_id(), f.severity.name(), f.message))
        .collect()
}

/// "Hi Sam! Your trip starts soon. We packed a map for you!" — 12 words, 3 sentences (the
/// longest of 6 words), 12
/// syllables (every word has one; "packed" has a silent -ed), 2 exclamation marks, "Your" and
/// "you" against one "We". Flesch: 206.835 − 1.015 × 4 − 84.6 × 1 = 118.175. A short document
/// counts as 4 sentences for the rate of exclamation marks: 2 / 4 = 0.5. The last two sentences
/// have the 4 words a formality score needs; the document's formality is their mean, weighted
/// by their words (4 and 6).
#[test]
fn english_short_document_by_hand() {
    let guideline = shipped();
    let file = lint(guideline, "en-short.txt", "email", "en");
    let report = tone(&file);
    assert_eq!((report.words, report.sentences), (12, 3));
    assert_near(
        value(report, Dimension::SentenceLength),
        4.0,
        "sentence length",
    );
    assert_near(value(report, Dimension::LongestSentence), 6.0, "longest");
    assert_near(value(report, Dimension::Readability), 118.18, "flesch");
    assert_near(value(report, Dimension::Exclamations), 0.5, "exclamations");
    assert_near(value(report, Dimension::ReaderFocus), 0.67, "reader focus");
    let score = |s: &str| {
        formality::text_score(s, Lang::En, lexicon(guideline)).unwrap_or_else(|| panic!("{s}"))
    };
    let (trip, map) = (
        score("Your trip starts soon."),
        score("We packed a map for you!"),
    );
    // Both read as chat-like rather than as plain product copy (0.5).
    assert!(trip < 0.5 && map < 0.5, "{trip} {map}");
    assert_near(
        value(report, Dimension::Formality),
        (4.0 * trip + 6.0 * map) / 10.0,
        "formality",
    );
    assert_eq!(report.address, AddressForm::Informal);
    // Under 50 words: statistics are measured, not judged; what one sentence shows is.
    assert!(report.too_short());
    for (dimension, status) in [
        (Dimension::SentenceLength, Status::TooShort),
        (Dimension::Readability, Status::TooShort),
        (Dimension::LongestSentence, Status::Pass),
        (Dimension::Formality, Status::Pass),
        // Measured (0.5 above), not judged: the style rules are the one threshold for
        // exclamation marks, so Fernway's tone profile sets no target for them.
        (Dimension::Exclamations, Status::NoTarget),
        (Dimension::Emoji, Status::Pass),
    ] {
        assert_eq!(
            report.get(dimension).map(|d| d.status),
            Some(status),
            "{dimension:?}"
        );
    }
    // Two exclamation marks in an email: Fernway's style rule (one per email) says so, once;
    // the tone profile does not count them again.
    assert!(tone_messages(&file).is_empty());
    assert_eq!(
        findings(&file),
        [("fernway.style.exclamation".to_owned(), 1, "!".to_owned())]
    );
}

/// A robotic, passive, formal email. Counted by hand: 7 sentences of 2, 13, 13, 14, 6, 7 and 8
/// words (63); passive in 4 of them ("be advised", "be sent", "is requested", "are
/// processed"; "are subject" is no participle): 0.57. Formality: the mean of the six sentences
/// of 4 words or more, weighted by their words. Address: "the account holder" and "the
/// customer" three times (the greeting counts) against one "your": 0.75. Paragraphs of 2, 53
/// and 8 words.
#[test]
fn english_formal_email_by_hand_and_its_findings() {
    let guideline = shipped();
    let file = lint(guideline, "en-formal-email.txt", "email", "en");
    let report = tone(&file);
    assert_eq!((report.words, report.sentences), (63, 7));
    assert_near(
        value(report, Dimension::SentenceLength),
        9.0,
        "sentence length",
    );
    assert_near(value(report, Dimension::LongestSentence), 14.0, "longest");
    assert_near(
        value(report, Dimension::ParagraphLength),
        21.0,
        "paragraph length",
    );
    assert_near(value(report, Dimension::Passive), 0.57, "passive");
    let sentences = [
        "Please be advised that your reservation has been received and is being processed.",
        "The confirmation documents will be sent to the account holder prior to departure.",
        "Furthermore, the customer is requested to verify all details in accordance with the terms.",
        "Changes are subject to a fee.",
        "Refunds are processed within ten business days.",
        "We hereby thank the customer for choosing Fernway.",
    ];
    let (mut sum, mut words) = (0.0, 0.0);
    for sentence in sentences {
        let n = sentence.split_whitespace().count() as f64;
        let score = formality::text_score(sentence, Lang::En, lexicon(guideline));
        sum += score.unwrap_or_else(|| panic!("{sentence}")) * n;
        words += n;
    }
    assert_near(
        value(report, Dimension::Formality),
        sum / words,
        "formality",
    );
    assert_near(value(report, Dimension::Address), 0.75, "address");
    // "your" against "We" and the brand name.
    assert_near(value(report, Dimension::ReaderFocus), 0.33, "reader focus");
    assert_eq!(report.address, AddressForm::Mixed);
    assert_eq!(
        tone_messages(&file),
        [
            "tone.passive [suggestion] passive 0.57 of sentences, email target ≤ 0.25: “be advised” (line 3), “be sent” (line 3), “is requested” (line 3)",
            "tone.formality [warning] formality 0.73 (0 informal … 1 formal), email target ≤ 0.7: “Furthermore, the customer is requested to verify all details…” (line 3, “accordance”), “The confirmation documents will be sent to the account holde…” (line 3, “confirmation”), “Please be advised that your reservation has been received an…” (line 3, “reservation”)",
        ]
    );
    let all = findings(&file);
    let expected: Vec<(String, u32, String)> = EXPECTED_FORMAL_EMAIL
        .iter()
        .map(|(rule, line, text)| ((*rule).to_owned(), *line, (*text).to_owned()))
        .collect();
    assert_eq!(all, expected);
}

/// Every finding of the formal email, tone and rules together, in reading order.
const EXPECTED_FORMAL_EMAIL: &[(&str, u32, &str)] = &[
    // The starter's salutation rule (Fernway adds no rule of its own for it).
    ("onbrand.en.salutation", 1, "Dear customer"),
    ("tone.passive", 3, "be advised"),
    ("fernway.terms.plain", 3, "prior to"),
    (
        "tone.formality",
        3,
        "Furthermore, the customer is requested to verify all details in accordance with the terms.",
    ),
];

/// Hype, shouting, hedges and exclamation marks in a 57-word blog post: 5 exclamation marks
/// in 7 sentences (0.71), one word in capitals (AMAZING: 1.75 per 100 words), three hype
/// words ("AMAZING", "the best", "ultimate": 5.26) and three hedges ("Perhaps", "We think",
/// "might": 5.26).
#[test]
fn english_excited_post_by_hand_and_its_findings() {
    let guideline = shipped();
    let file = lint(guideline, "en-excited.txt", "blog", "en");
    let report = tone(&file);
    assert_eq!((report.words, report.sentences), (57, 7));
    assert_near(value(report, Dimension::Exclamations), 0.71, "exclamations");
    assert_near(value(report, Dimension::Caps), 1.75, "caps");
    assert_near(value(report, Dimension::Hype), 5.26, "hype");
    assert_near(value(report, Dimension::Hedges), 5.26, "hedges");
    assert_near(value(report, Dimension::ReaderFocus), 0.6, "reader focus");
    assert_near(value(report, Dimension::Passive), 0.0, "passive");
    let rules: Vec<String> = file
        .findings
        .iter()
        .filter(|f| f.rule_id().starts_with("tone."))
        .map(|f| f.rule_id().to_owned())
        .collect();
    // Hype, capitals and exclamation marks are measured above but have no tone target: the
    // style and hype rules are the one threshold for each. Of them, the word in capitals is a
    // finding (onbrand.style.shouting); the starter's exclamation rule is for emails only.
    for dimension in [Dimension::Hype, Dimension::Caps, Dimension::Exclamations] {
        assert_eq!(
            report.get(dimension).map(|d| d.status),
            Some(Status::NoTarget),
            "{dimension:?}"
        );
    }
    assert_eq!(rules, ["tone.hedges"]);
    assert_eq!(
        findings(&file)
            .into_iter()
            .filter(|(rule, _, _)| !rule.starts_with("tone."))
            .map(|(rule, _, text)| (rule, text))
            .collect::<Vec<_>>(),
        [("onbrand.style.shouting".to_owned(), "AMAZING".to_owned())]
    );
}

/// Sie and du in one German text: measured as mixed, and flagged by Fernway's formal-address
/// rule (Fernway says "du"; its rule replaces the starter's consistency rule).
/// By hand: 26 words, 4 sentences, 48 syllables (10 + 10 + 17 + 11), so Amstad's
/// 180 − 26/4 − 58.5 × 48/26 = 65.5; address forms du, Deine, du, deine against Sie, Ihre:
/// 2 / 6 = 0.33; "ist gespeichert" is a state passive: 1 of 4 sentences.
#[test]
fn german_mixing_sie_and_du_is_mixed() {
    let guideline = shipped();
    let file = lint(guideline, "de-mixed.txt", "email", "de");
    let report = tone(&file);
    assert_eq!((report.words, report.sentences), (26, 4));
    assert_near(value(report, Dimension::Readability), 65.5, "amstad");
    assert_near(value(report, Dimension::Address), 0.33, "address");
    assert_near(value(report, Dimension::Passive), 0.25, "passive");
    assert_eq!(report.address, AddressForm::Mixed);
    // One document-level finding, at the first "Sie", with both occurrences.
    let consistency: Vec<Vec<&str>> = file
        .findings
        .iter()
        .filter(|f| f.rule_id() == "fernway.de.address.formal")
        .map(|f| {
            f.occurrences
                .iter()
                .map(|o| &file.document.text[o.span.clone()])
                .collect()
        })
        .collect();
    assert_eq!(consistency, [["Sie", "Ihre"]]);
    assert!(tone_messages(&file).is_empty(), "too short to judge");
}

/// 您 and 你 in one Chinese text. By hand: 26 words (25 characters and "Fernway"), 4
/// sentences, one exclamation mark (0.25); 你 twice and 您 once (1/3 formal); no commas, so
/// clauses are sentences: 100 − 2.5 × 6.5 − 0.5 × 6.5 = 80.5.
#[test]
fn chinese_mixing_nin_and_ni_is_mixed() {
    let guideline = shipped();
    let file = lint(guideline, "zh-mixed.txt", "email", "zh");
    let report = tone(&file);
    assert_eq!((report.words, report.sentences), (26, 4));
    assert_near(value(report, Dimension::Exclamations), 0.25, "exclamations");
    assert_near(value(report, Dimension::Address), 0.33, "address");
    assert_near(
        value(report, Dimension::Readability),
        80.5,
        "zh readability",
    );
    assert_near(value(report, Dimension::ReaderFocus), 0.75, "reader focus");
    assert_eq!(report.address, AddressForm::Mixed);
    let consistency: Vec<String> = findings(&file)
        .into_iter()
        .filter(|(rule, _, _)| rule == "fernway.zh.address.formal")
        .map(|(_, _, text)| text)
        .collect();
    assert_eq!(consistency, ["您"]);
}

/// "Hi {{ first_name }}, run `cargo run --release` or visit https://… now.": the placeholder,
/// the code and the URL are no words; Hi, run, or, visit, now are.
#[test]
fn placeholders_code_and_urls_are_not_words() {
    let guideline = shipped();
    let file = lint(guideline, "en-opaque.md", "blog", "en");
    assert_eq!(tone(&file).words, 5);
}

#[test]
fn the_same_input_gives_the_same_numbers() {
    let guideline = shipped();
    for (name, channel, language) in [
        ("en-formal-email.txt", "email", "en"),
        ("en-excited.txt", "blog", "en"),
        ("de-mixed.txt", "email", "de"),
        ("zh-mixed.txt", "email", "zh"),
    ] {
        let first = lint(guideline, name, channel, language);
        let second = lint(shipped(), name, channel, language);
        assert_eq!(first.tone, second.tone, "{name}");
        assert_eq!(first.findings, second.findings, "{name}");
    }
}

/// Hand-counted English words. The counter is a heuristic: it must get nearly all right, and
/// never be off by more than one.
const ENGLISH: &[(&str, u32)] = &[
    ("the", 1),
    ("make", 1),
    ("table", 2),
    ("people", 2),
    ("jumped", 1),
    ("wanted", 2),
    ("needed", 2),
    ("boxes", 2),
    ("makes", 1),
    ("changes", 2),
    ("quick", 1),
    ("question", 2),
    ("beautiful", 3),
    ("travel", 2),
    ("planning", 2),
    ("adventure", 3),
    ("simple", 2),
    ("little", 2),
    ("ticket", 2),
    ("airport", 2),
    ("hotel", 2),
    ("booking", 2),
    ("confirmation", 4),
    ("reservation", 4),
    ("departure", 3),
    ("yesterday", 3),
    ("create", 2),
    ("going", 2),
    ("syllable", 3),
    ("yes", 1),
    ("happy", 2),
    ("mountain", 2),
    ("weekend", 2),
    ("luggage", 2),
    ("passport", 2),
    ("journey", 2),
    ("holiday", 3),
    ("together", 3),
    ("destination", 4),
    ("flight", 1),
    ("city", 2),
    ("cities", 2),
    ("easy", 2),
    ("lives", 1),
    ("times", 1),
    ("places", 2),
    ("wishes", 2),
    ("while", 1),
    ("packed", 1),
    ("museum", 3),
    ("created", 3),
    ("idea", 3),
    ("business", 2),
    ("readability", 5),
    ("ocean", 2),
];

/// Hand-counted German words, same standard.
const GERMAN: &[(&str, u32)] = &[
    ("Hallo", 2),
    ("Reise", 2),
    ("Freunde", 2),
    ("gespeichert", 3),
    ("bestätigen", 4),
    ("Urlaub", 2),
    ("Flughafen", 3),
    ("Bahnhof", 2),
    ("Abenteuer", 4),
    ("Straße", 2),
    ("Grüße", 2),
    ("Qualität", 3),
    ("Situation", 5),
    ("heute", 2),
    ("Wochenende", 4),
    ("Schlüssel", 2),
    ("einladen", 3),
    ("Reiseführer", 4),
    ("vielleicht", 2),
    ("Sie", 1),
    ("Ihnen", 2),
    ("Zeit", 1),
    ("Zug", 1),
    ("Koffer", 2),
    ("Unterkunft", 3),
    ("Übernachtung", 4),
    ("Gepäck", 2),
    ("Abfahrt", 2),
    ("Verspätung", 3),
    ("Fahrkarte", 3),
    ("Buchung", 2),
    ("bequem", 2),
    ("Idee", 2),
    ("Theater", 3),
    ("Feuer", 2),
    ("Bäume", 2),
    ("sehen", 2),
    ("E-Mail-Adresse", 5),
    ("Familie", 4),
    ("Museum", 3),
];

fn check_syllables(words: &[(&str, u32)], count: fn(&str) -> u32, minimum: f64) {
    let mut wrong = Vec::new();
    for &(word, expected) in words {
        let actual = count(word);
        assert!(
            actual.abs_diff(expected) <= 1,
            "{word}: {actual}, expected {expected}"
        );
        if actual != expected {
            wrong.push(format!("{word}: {actual} (hand: {expected})"));
        }
    }
    let accuracy = 1.0 - wrong.len() as f64 / words.len() as f64;
    assert!(
        accuracy >= minimum,
        "accuracy {accuracy:.2} below {minimum}; wrong: {wrong:?}"
    );
}

#[test]
fn english_syllables_match_hand_counts() {
    check_syllables(ENGLISH, syllables::english, 0.85);
}

#[test]
fn german_syllables_match_hand_counts() {
    check_syllables(GERMAN, syllables::german, 0.9);
}

/// A user's guideline extends a word list, or replaces it, and sets its own targets per
/// channel; mistakes are reported with file:line:column.
#[test]
fn guideline_extends_and_replaces_lists_and_reports_errors_in_place() {
    let mut sources = builtin::sources();
    sources.push(GuidelineSource {
        name: "brand.toml".to_owned(),
        text: "[tone.words.hedges]\nen = [\"I reckon\"]\n[tone.words.hype]\nreplace = true\nen = [\"stellar\"]\n".to_owned(),
    });
    let guideline = Guideline::compile(&sources).unwrap_or_else(|e| panic!("{e:?}"));
    let text = "I reckon it is stellar and amazing.".to_owned();
    let settings = FileSettings {
        language: Some("en".to_owned()),
        ..FileSettings::default()
    };
    let file = lint_document(
        Path::new("a.txt"),
        Document::parse(Format::Text, text),
        &guideline,
        &settings,
        None,
    );
    let report = tone(&file);
    // The added hedge "I reckon"; hype only "stellar" (the list was replaced). The document has
    // 7 words, under min-words: its rates count 50 words.
    assert_near(value(report, Dimension::Hedges), 2.0, "hedges");
    assert_near(value(report, Dimension::Hype), 2.0, "hype");

    let broken = GuidelineSource {
        name: "broken.toml".to_owned(),
        text: "[tone]\nsentence-length = { min = 30, max = 10 }\nloudness = { max = 1 }\n\n[tone.channels.email]\nhype = { maximum = 2 }\n".to_owned(),
    };
    let errors = Guideline::compile(&[broken]).expect_err("errors");
    let listed: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(
        listed[0].starts_with("broken.toml:2:19: `sentence-length`: `min` (30) is greater"),
        "{listed:?}"
    );
    assert!(
        listed[1].starts_with("broken.toml:3:1: unknown key `loudness` in `[tone]`"),
        "{listed:?}"
    );
    assert!(
        listed[2].starts_with("broken.toml:6:10: unknown key `maximum` in the range of `hype`"),
        "{listed:?}"
    );
}

/// Channels inherit the brand-wide range of every dimension they do not name.
#[test]
fn channels_inherit_brand_ranges() {
    let guideline = shipped();
    let profile = guideline.tone().expect("profile");
    // Fernway's email channel names no hedges range: it has the brand-wide one.
    let brand = profile.target(Dimension::Hedges, None, Some("en"));
    assert!(brand.is_some());
    assert_eq!(
        profile.target(Dimension::Hedges, Some("email"), Some("en")),
        brand
    );
    assert_ne!(
        profile.target(Dimension::SentenceLength, Some("email"), Some("en")),
        profile.target(Dimension::SentenceLength, None, Some("en"))
    );
    // Chinese counts characters: lengths have their own bounds.
    assert_ne!(
        profile.target(Dimension::SentenceLength, None, Some("zh")),
        profile.target(Dimension::SentenceLength, None, Some("en"))
    );
}

/// `nan` and `inf` are TOML floats, but not bounds: each is an error at its range.
#[test]
fn tone_bounds_must_be_finite_numbers() {
    let broken = GuidelineSource {
        name: "bounds.toml".to_owned(),
        text: "[tone]\nhype = { max = nan }\nhedges = { min = inf }\nsentence-length = { max = 20, de = { min = -inf } }\n".to_owned(),
    };
    let errors = Guideline::compile(&[broken]).expect_err("errors");
    let listed: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        listed,
        [
            "bounds.toml:2:8: `hype`: a bound must be a finite number, not `NaN`",
            "bounds.toml:3:10: `hedges`: a bound must be a finite number, not `inf`",
            "bounds.toml:4:19: `sentence-length` (de): a bound must be a finite number, not `-inf`",
        ]
    );
}

/// An HTML e-mail laid out in nested tables, as marketing mail is. Counted by hand: the preheader
/// ("Your tickets are inside", 4 words; measured, as the subject is: it is inbox copy) and the
/// logo's alt text (not measured) are segments of their own; the body is four sentences in
/// cells of their own, "Hi Sam" (2 words), "Your trip to Porto is booked" (6), "Seat 12A by the
/// window" (5), "We saved a map for you" (6), and the signature "The Fernway team" (3) after
/// `<br><br>`: 26 words in 6 sentences, none glued to the next. Before, the cells were
/// unmeasured table cells and the document measured 4 words in 1 sentence.
#[test]
fn an_email_laid_out_in_tables_counts_its_cells_as_sentences() {
    let file = lint(shipped(), "en-layout-email.html", "email", "en");
    let kinds: Vec<(&str, &str)> = file
        .document
        .segments
        .iter()
        .map(|s| (s.kind.name(), s.text.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            // The `&nbsp;&zwnj;` filler after it is layout, not text.
            ("preheader", "Your tickets are inside"),
            ("alt-text", "Fernway logo"),
            ("paragraph", "Hi Sam"),
            ("paragraph", "Your trip to Porto is booked"),
            ("paragraph", "Seat 12A by the window"),
            ("paragraph", "We saved a map for you"),
            ("paragraph", "The Fernway team"),
        ]
    );
    let report = tone(&file);
    assert_eq!((report.words, report.sentences), (26, 6));
}
