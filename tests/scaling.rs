//! Work grows linearly with the input where hostile input used to make it quadratic: one long
//! line with a finding every few words (in every output format), many suppression comments,
//! unclosed MDX braces, a backtracking rule over one long paragraph, and spelling with a
//! dictionary whose compounds split exponentially many ways.
//!
//! Not timed against a clock budget: each case is run at size n and 8n in the same process,
//! and the ratio of the test thread's CPU time is compared. Linear work gives about 8;
//! the quadratic behaviour these guard against gave 64 and more. The bound (20) leaves room for
//! allocator and cache effects on a busy machine while still failing a quadratic regression.

use std::path::Path;
use std::time::Duration;

use onbrand::config::FileSettings;
use onbrand::document::{Document, Format};
use onbrand::guideline::{Guideline, GuidelineSource};

const GUIDELINE: &str = r#"
[[rule]]
id = "test.email"
kind = "terminology"
severity = "warning"
message = "Use '{expected}', not '{match}'."
terms = [{ use = "email", not = ["e-mail"] }]

# Look-around makes this a backtracking rule; the look-ahead scans to the paragraph's end
# from every candidate, and never finds `zzz`.
[[rule]]
id = "test.lookahead"
kind = "pattern"
pattern = '\bword(?=[^.]*zzz)\b'
message = "Never reported."
"#;

fn guideline() -> Guideline {
    Guideline::compile(&[GuidelineSource {
        name: "scaling.toml".to_owned(),
        text: GUIDELINE.to_owned(),
    }])
    .unwrap_or_else(|errors| panic!("{errors:?}"))
}

/// CPU time this thread has used.
fn thread_cpu_time() -> Duration {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `time` is a valid, writable timespec; the clock id is a constant of the platform.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "clock_gettime");
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

/// The least CPU time of three runs of `work` on an input of size `n`.
fn cost(work: &dyn Fn(usize), n: usize) -> Duration {
    (0..3)
        .map(|_| {
            let start = thread_cpu_time();
            work(n);
            thread_cpu_time() - start
        })
        .min()
        .unwrap_or_default()
}

fn assert_linear(name: &str, n: usize, work: &dyn Fn(usize)) {
    work(n); // warm up: lazily compiled regexes, page faults
    let small = cost(work, n);
    let large = cost(work, 8 * n);
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    eprintln!("{name}: n {small:?}, 8n {large:?}, ratio {ratio:.1}");
    assert!(
        ratio < 20.0,
        "{name}: 8x the input took {ratio:.1}x the work ({small:?} -> {large:?})"
    );
}

fn lint(format: Format, text: String) -> onbrand::lint::LintedFile {
    let path = Path::new(match format {
        Format::Mdx => "page.mdx",
        _ => "page.md",
    });
    onbrand::lint::lint_document(
        path,
        Document::parse(format, text),
        &guideline(),
        &FileSettings::default(),
        None,
    )
}

#[test]
fn one_long_line_with_many_findings_in_every_format() {
    let guideline = guideline();
    let work = |n: usize| {
        // A minified page: one line, a finding every four words.
        let text = "Send us an e-mail today. ".repeat(n);
        let linted = onbrand::lint::lint_document(
            Path::new("page.md"),
            Document::parse(Format::Markdown, text),
            &guideline,
            &FileSettings::default(),
            None,
        );
        assert_eq!(linted.findings.len(), n);
        let report = onbrand::output::json::file_report(&linted);
        let jsonl = onbrand::output::json::render_lines(&report);
        let sarif =
            onbrand::output::sarif::render(std::slice::from_ref(&report), &Default::default());
        let human = onbrand::output::human::render(&linted, false);
        // Output is bounded per finding too: context is a window, not the whole line.
        assert!(jsonl.len() < 1_200 * n, "{} bytes of JSONL", jsonl.len());
        assert!(human.len() + sarif.len() < 4_000 * n);
    };
    assert_linear("one long line", 1_000, &work);
}

#[test]
fn many_suppression_comments() {
    let work = |n: usize| {
        let text = "<!-- onbrand-disable test.email -->\nAn e-mail.\n<!-- onbrand-enable test.email -->\n\n\
                    <!-- onbrand-disable-next-line -->\nAnother e-mail.\n\nA third e-mail.\n\n"
            .repeat(n);
        let linted = lint(Format::Markdown, text);
        assert_eq!(
            linted.findings.len(),
            n,
            "one unsuppressed finding per block"
        );
    };
    assert_linear("suppressions", 1_000, &work);
}

/// reStructuredText simple tables without a bottom border: each border looks ahead for one,
/// boundedly, so that many of them stay linear.
#[test]
fn rst_tables_without_bottom_borders() {
    let work = |n: usize| {
        let text = "=====  =====\nGrüße  e-mail\n\n".repeat(n);
        let linted = lint(Format::Rst, text);
        assert_eq!(linted.findings.len(), n);
    };
    assert_linear("rst tables", 500, &work);
}

#[test]
fn unclosed_mdx_braces() {
    let work = |n: usize| {
        let text = format!("# Title\n\nAn e-mail {}\n", "{".repeat(n));
        let document = Document::parse(Format::Mdx, text);
        assert!(!document.segments.is_empty());
    };
    assert_linear("MDX braces", 50_000, &work);
}

#[test]
fn a_backtracking_rule_over_one_long_paragraph() {
    let work = |n: usize| {
        let linted = lint(Format::Markdown, "word ".repeat(n));
        assert!(linted.findings.is_empty());
        // Cut short, and said so.
        let notes: Vec<&str> = linted
            .document
            .notes
            .iter()
            .map(|note| note.message.as_str())
            .collect();
        assert!(
            notes.len() == 1 && notes[0].starts_with("rule `test.lookahead` is skipped"),
            "{notes:?}"
        );
    };
    assert_linear("backtracking rule", 20_000, &work);
}

#[test]
fn spelling_with_a_compounding_dictionary() {
    // Every word of the dictionary compounds with every other, one letter is a part: each
    // 9-letter unknown word below splits 149 ways, and each misspelt word gets a suggestion
    // search.
    let guideline = Guideline::compile(&[GuidelineSource {
        name: Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/spelling/scaling.toml")
            .display()
            .to_string(),
        text:
            "[[rule]]\nid = \"compounds\"\nkind = \"spelling\"\ndictionaries = [\"compounding\"]\n"
                .to_owned(),
    }])
    .unwrap_or_else(|errors| panic!("{errors:?}"));
    let work = |n: usize| {
        let text = format!("brand {}b vocie voice aaaa. ", "a".repeat(8)).repeat(n);
        let document = Document::parse(Format::Markdown, text);
        let (findings, notes) = guideline.check_noted(&document, &Default::default());
        // Either every misspelt word is reported, or the rule stopped and said so.
        assert!(
            findings.len() == 2 * n || notes.len() == 1,
            "{} findings, {notes:?}",
            findings.len()
        );
    };
    assert_linear("spelling", 25, &work);
}

#[test]
fn many_messages_with_findings_and_suppressions() {
    let work = |n: usize| {
        // A PO catalogue: every message has a finding, every other one a suppression comment
        // for the message after it. Naming each finding's message and placing each comment
        // once scanned every message.
        let text: String = (0..n)
            .map(|index| {
                format!(
                    "# onbrand-disable-next-line\nmsgid \"quiet.{index}\"\nmsgstr \"An e-mail.\"\n\n\
                     msgid \"loud.{index}\"\nmsgstr \"Another e-mail.\"\n\n"
                )
            })
            .collect();
        let linted = onbrand::lint::lint_document(
            Path::new("locales/de.po"),
            Document::parse(Format::Po, text),
            &guideline(),
            &FileSettings::default(),
            None,
        );
        assert_eq!(linted.findings.len(), n, "the suppressed half is silent");
        let last = format!("(in message `loud.{}`)", n - 1);
        assert!(linted.findings[n - 1].message.ends_with(&last));
    };
    assert_linear("messages", 1_000, &work);
}

#[test]
fn tone_of_one_long_sentence_full_of_word_list_matches() {
    // The shipped guideline's tone profile and word lists: hedges, acronyms, contractions,
    // passive auxiliaries. Without a full stop the whole text is one sentence, and asking, per
    // word or per auxiliary, which matches cover a word scanned every match of the sentence.
    let starter = onbrand::config::Config::starter(Path::new(".")).expect("the starter");
    let work = |n: usize| {
        for (language, phrase) in [
            ("en", "Maybe we'll perhaps utilize HTML, it was sent "),
            ("de", "Vielleicht wird es ist geöffnet "),
        ] {
            let settings = FileSettings {
                language: Some(language.to_owned()),
                ..FileSettings::default()
            };
            let linted = onbrand::lint::lint_document(
                Path::new("page.md"),
                Document::parse(Format::Markdown, phrase.repeat(n)),
                &starter.guideline,
                &settings,
                None,
            );
            assert!(linted.tone.is_some(), "{language}: measured");
        }
    };
    assert_linear("tone", 500, &work);
}
