//! `kind = "spelling"` end to end, with a tiny Hunspell dictionary of our own
//! (`tests/fixtures/spelling/tiny.aff` and `.dic`): findings with their suggestions, filters,
//! ignored words and word lists, hyphenated compounds, non-Latin text, and the errors of a
//! missing or malformed dictionary.

use std::path::{Path, PathBuf};

use onbrand::document::{Document, Format};
use onbrand::guideline::{DocContext, Guideline, GuidelineSource};
use onbrand::position::LineIndex;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spelling")
}

/// A guideline as if read from `tests/fixtures/spelling/<name>`: its dictionaries are found
/// beside it.
fn compile(name: &str, text: &str) -> Result<Guideline, Vec<String>> {
    Guideline::compile(&[GuidelineSource {
        name: fixtures().join(name).display().to_string(),
        text: text.to_owned(),
    }])
    .map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

fn fixture(name: &str) -> String {
    let path = fixtures().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Findings as `rule line:col 'underlined source' message => fixes`, in source order.
fn lint(guideline: &Guideline, markdown: &str, language: Option<&str>) -> Vec<String> {
    let document = Document::parse(Format::Markdown, markdown.to_owned());
    let context = DocContext {
        channel: None,
        language,
    };
    let mut findings = guideline.check(&document, &context);
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    let index = LineIndex::new(&document.text);
    findings
        .iter()
        .map(|f| {
            let at = index.line_col(&document.text, f.span.start);
            format!(
                "{} {}:{} '{}' {} => {}",
                f.rule.id,
                at.line,
                at.column,
                &document.text[f.span.clone()],
                f.message,
                f.fixes.join(" | ")
            )
        })
        .collect()
}

fn tiny_guideline() -> Guideline {
    compile("spelling.toml", &fixture("spelling.toml")).unwrap_or_else(|e| panic!("{e:#?}"))
}

#[test]
fn unknown_words_are_reported_with_suggestions() {
    assert_eq!(
        lint(&tiny_guideline(), &fixture("spelling.md"), None),
        [
            "spelling 3:11 'voise' Unknown word 'voise'; did you mean 'voice'? => voice",
            // The compound is unknown as a whole; only its unknown part is reported.
            "spelling 4:28 'knwn' Unknown word 'knwn'; did you mean 'known'? => known",
            // Letters beyond ASCII are looked up whole ("Größe" is in the dictionary).
            "spelling 5:16 'Grösse' Unknown word 'Grösse'; did you mean 'Größe'? => Größe",
        ]
    );
}

/// A contraction is looked up with a straight apostrophe whichever one the text has: `’`, and
/// `‘` too (typed by mistake or by a keyboard's smart quotes), as Vale's dictionary reads them.
#[test]
fn curly_apostrophes_read_as_straight_ones() {
    assert_eq!(
        lint(
            &tiny_guideline(),
            "the brand don't, don’t, don‘t, dont 🚀.\n",
            None
        ),
        ["spelling 1:32 'dont' Unknown word 'dont'; did you mean 'don't'? => don't"]
    );
}

#[test]
fn a_rule_limited_to_english_leaves_other_languages_alone() {
    let text = "[[rule]]\nid = \"spelling\"\nkind = \"spelling\"\ndictionaries = [\"tiny\"]\n\
                languages = [\"en\"]\n";
    let guideline = compile("inline.toml", text).unwrap_or_else(|e| panic!("{e:#?}"));
    let german = "Die Größe der Marke ist wichtig.\n";
    assert!(lint(&guideline, german, Some("de")).is_empty());
    assert_eq!(
        lint(&guideline, german, Some("en")).len(),
        5,
        "an English dictionary knows none of the German words but \"Größe\""
    );
    // Chinese is written without spaces: there is no word to look up.
    assert!(lint(&guideline, "品牌的声音很重要。\n", None).is_empty());
}

#[test]
fn two_rules_share_a_dictionary_and_each_reports() {
    let rule = |id: &str| {
        format!("[[rule]]\nid = \"{id}\"\nkind = \"spelling\"\ndictionaries = [\"tiny.aff\"]\n")
    };
    let text = format!("{}{}", rule("first"), rule("second"));
    let guideline = compile("inline.toml", &text).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(
        lint(&guideline, "The brand voise.\n", None),
        [
            "first 1:11 'voise' Unknown word: 'voise'. => voice",
            "second 1:11 'voise' Unknown word: 'voise'. => voice",
        ]
    );
}

#[test]
fn a_missing_dictionary_is_an_error_at_its_entry() {
    let text = "[[rule]]\nid = \"s\"\nkind = \"spelling\"\ndictionaries = [\"tiny\", \"none\"]\n";
    let errors = compile("inline.toml", text).err().unwrap_or_default();
    let [error] = errors.as_slice() else {
        panic!("one error: {errors:#?}");
    };
    let at = fixtures().join("inline.toml").display().to_string();
    // Files are shown relative to the working folder (the crate's, under `cargo test`).
    assert!(
        error.starts_with(&format!(
            "{at}:4:25: cannot read dictionary file `tests/fixtures/spelling/none.aff`:"
        )),
        "{error}"
    );
}

#[test]
fn a_malformed_dictionary_is_an_error_at_its_file_and_line() {
    let text = "[[rule]]\nid = \"s\"\nkind = \"spelling\"\ndictionaries = [\"broken\"]\n";
    let errors = compile("inline.toml", text).err().unwrap_or_default();
    let [error] = errors.as_slice() else {
        panic!("one error: {errors:#?}");
    };
    assert!(
        error.starts_with(
            "tests/fixtures/spelling/broken.aff:2:1: not a valid Hunspell dictionary: "
        ),
        "{error}"
    );
    assert!(
        error.ends_with("(named at line 4, column 17 of the guideline)"),
        "{error}"
    );
}

#[test]
fn bad_filters_missing_word_lists_and_missing_dictionaries_are_errors() {
    let text = "[[rule]]\nid = \"s\"\nkind = \"spelling\"\ndictionaries = [\"tiny\"]\n\
                filters = ['a(b']\nignore-files = [\"nowhere.txt\"]\n\n\
                [[rule]]\nid = \"t\"\nkind = \"spelling\"\n";
    let errors = compile("inline.toml", text).err().unwrap_or_default();
    let at = fixtures().join("inline.toml").display().to_string();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0].starts_with(&format!(
            "{at}:5:14: invalid regular expression in `filters`"
        )),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with(&format!("{at}:6:17: cannot read word list")),
        "{errors:#?}"
    );
    assert_eq!(
        errors[2],
        format!(
            "{at}:9:1: a spelling rule needs `dictionaries`: the Hunspell dictionaries to \
             check against, like [\"dictionaries/en_US\"]"
        )
    );
}

/// A guideline whose one spelling rule uses `compounding.aff`: short stems that all compound.
fn compounding_guideline() -> Guideline {
    let text =
        "[[rule]]\nid = \"compounds\"\nkind = \"spelling\"\ndictionaries = [\"compounding\"]\n";
    compile("inline.toml", text).unwrap_or_else(|e| panic!("{e:#?}"))
}

#[test]
fn compound_words_are_checked_within_the_budget() {
    let guideline = compounding_guideline();
    // Short compounds are fine, and a short unknown word is reported.
    assert_eq!(
        lint(&guideline, "brand aaaa aab voice vocie\n", None),
        [
            "compounds 1:12 'aab' Unknown word: 'aab'. => aa",
            "compounds 1:22 'vocie' Unknown word: 'vocie'. => voice",
        ]
    );
}

#[test]
fn an_exponential_compound_search_skips_the_rule_with_a_note() {
    let guideline = compounding_guideline();
    // 41 letters a compounding dictionary can split in billions of ways (47 s once), between
    // two misspelt words: the first is reported, the long word and everything after it are
    // not (a partial answer would be wrong), and a note names the rule.
    let long = format!("{}b", "a".repeat(40));
    let markdown = format!("brand vocie\n\nbrand {long} voice\n\nvoice vocie\n");
    let document = Document::parse(Format::Markdown, markdown.clone());
    let (findings, notes) = guideline.check_noted(&document, &DocContext::default());
    let reported: Vec<&str> = findings
        .iter()
        .map(|f| &document.text[f.span.clone()])
        .collect();
    assert_eq!(reported, ["vocie"]);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0]
            .message
            .starts_with("rule `compounds` is skipped from here to the end of the document: its dictionary lookups"),
        "{}",
        notes[0].message
    );
    // The note is placed at the start of the paragraph where the budget ran out.
    assert_eq!(notes[0].source.start, markdown.find("brand a").unwrap_or(0));
}

#[test]
fn distant_suggestions_can_be_left_out() {
    // "vocie" is a swap away from "voice"; "brnd" a letter away from "brand"; "brandxyz" is
    // too far from both: only the search of the whole word list finds "brand" for it.
    let rule = |distant: &str| {
        compile(
            "distant.toml",
            &format!(
                "[[rule]]\nid = \"spelling\"\nkind = \"spelling\"\ndictionaries = [\"tiny\"]\n{distant}"
            ),
        )
        .unwrap_or_else(|e| panic!("{e:#?}"))
    };
    let text = "The vocie and brnd a brandxyz.\n";
    let all = lint(&rule(""), text, None);
    let close = lint(&rule("distant-suggestions = false\n"), text, None);
    assert_eq!(
        all,
        [
            "spelling 1:5 'vocie' Unknown word: 'vocie'. => voice",
            "spelling 1:15 'brnd' Unknown word: 'brnd'. => brand",
            "spelling 1:22 'brandxyz' Unknown word: 'brandxyz'. => brand",
        ]
    );
    assert_eq!(
        close,
        [
            "spelling 1:5 'vocie' Unknown word: 'vocie'. => voice",
            "spelling 1:15 'brnd' Unknown word: 'brnd'. => brand",
            "spelling 1:22 'brandxyz' Unknown word: 'brandxyz'. => ",
        ]
    );
}
