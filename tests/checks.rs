//! Every rule kind end to end: a small guideline from `tests/fixtures/checks/`, a Markdown
//! document, and the exact findings (rule, position, the source text underlined, message, fix).
//! Also the guideline loader's errors, with their exact file:line:column messages.

use std::path::Path;

use onbrand::document::{Document, Format, Segment, SegmentBuilder, SegmentKind};
use onbrand::guideline::{DocContext, ExampleKind, Guideline, GuidelineSource};
use onbrand::position::LineIndex;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/checks")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn compile(name: &str, text: &str) -> Result<Guideline, Vec<String>> {
    Guideline::compile(&[GuidelineSource {
        name: name.to_owned(),
        text: text.to_owned(),
    }])
    .map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

fn guideline(kind: &str) -> Guideline {
    let name = format!("{kind}.toml");
    compile(&name, &fixture(&name)).unwrap_or_else(|errors| panic!("{errors:#?}"))
}

/// Findings as `rule line:col 'underlined source' message => fix`, in source order.
fn render(guideline: &Guideline, document: &Document, context: &DocContext) -> Vec<String> {
    let mut findings = guideline.check(document, context);
    findings.sort_by_key(|f| (f.span.start, f.span.end, f.rule.id.clone()));
    let index = LineIndex::new(&document.text);
    findings
        .iter()
        .map(|f| {
            let at = index.line_col(&document.text, f.span.start);
            let fix = match f.replacements().as_slice() {
                [] => String::new(),
                fixes => format!(" => {}", fixes.join(" | ")),
            };
            format!(
                "{} {}:{} '{}' {}{fix}",
                f.rule.id,
                at.line,
                at.column,
                &document.text[f.span.clone()],
                f.message
            )
        })
        .collect()
}

fn lint(kind: &str, document: &str, channel: Option<&str>, language: Option<&str>) -> Vec<String> {
    let guideline = guideline(kind);
    let document = Document::parse(Format::Markdown, fixture(document));
    render(&guideline, &document, &DocContext { channel, language })
}

#[test]
fn terminology_english() {
    assert_eq!(
        lint("terminology", "terminology.md", None, Some("en")),
        [
            "terms 1:3 'E-mail' Use 'Email' instead of 'E-mail'. => Email",
            "terms 1:14 'Github' Use 'GitHub' instead of 'Github'. => GitHub",
            "terms 3:1 'E-mail' Use 'Email' instead of 'E-mail'. => Email",
            // After an emoji: the column counts characters.
            "terms 3:17 'e-mail' Use 'email' instead of 'e-mail'. => email",
            "terms 4:1 'Signup' Use 'Sign up' instead of 'Signup'. => Sign up",
        ]
    );
}

#[test]
fn terminology_german() {
    assert_eq!(
        lint("terminology", "terminology.de.md", None, Some("de-CH")),
        [
            // "Email" before a hyphen is a whole word; "E-Mail-Adresse" is already right.
            "terms-de 1:19 'Email' Use 'E-Mail' instead of 'Email'. => E-Mail",
            "terms-de 2:5 'Strasse' Use 'Straße' instead of 'Strasse'. => Straße",
            "terms-de 2:36 'e-mail' Use 'E-Mail' instead of 'e-mail'. => E-Mail",
        ]
    );
}

#[test]
fn terminology_chinese() {
    assert_eq!(
        lint("terminology", "terminology.zh.md", None, Some("zh")),
        ["terms-zh 1:3 '电邮' Use '电子邮件' instead of '电邮'. => 电子邮件"]
    );
}

#[test]
fn avoid() {
    assert_eq!(
        lint("avoid", "avoid.md", None, None),
        [
            "hype 1:5 'Revolutionary' 'Revolutionary' is hype; say what it does.",
            "hype 1:20 'world-class' 'world-class' is hype; say what it does.",
            "hype 1:37 'Best in class' 'Best in class' is hype; say what it does.",
            "hype 2:22 'synergy' 'synergy' is hype; say what it does.",
            "hype-zh 2:33 '颠覆性' Avoid '颠覆性'.",
        ]
    );
}

#[test]
fn pattern() {
    assert_eq!(
        lint("pattern", "pattern.md", None, None),
        [
            "very-unique 1:3 'Very unique' Use 'unique' instead of 'Very unique'. => unique",
            "no-click-here 1:22 'Click here' Say where the link goes instead of 'Click here'.",
            "no-click-here 1:58 'click here' Say where the link goes instead of 'click here'.",
            // White space in `{match}` is shown as one space: two spaces, a space and a tab.
            "one-space 3:10 'e.  T' 'e. T' should have one space.",
            "one-space 4:7 'd. \tN' 'd. N' should have one space.",
        ]
    );
}

#[test]
fn occurrence() {
    assert_eq!(
        lint("occurrence", "occurrence.md", None, None),
        [
            "say-you 1:3 'Welcome' Only 0 matches in this paragraph; at least 1 expected.",
            "commas 3:15 ',' 4 commas in one sentence; at most 2.",
            "commas 3:25 ',' 4 commas in one sentence; at most 2.",
            "one-bang 3:37 '!' Too many '!': 3 in this document, at most 1.",
            "say-you 5:1 'We' Only 0 matches in this paragraph; at least 1 expected.",
            "one-bang 5:10 '!' Too many '!': 3 in this document, at most 1.",
        ]
    );
}

#[test]
fn repetition() {
    assert_eq!(
        lint("repetition", "repetition.md", None, None),
        [
            "repeated 1:1 'The the' Repeated word: 'The the'. => The",
            // Across a soft line break: found, but the source is not a plain copy, so no fix.
            "repeated 1:21 'was\nwas' Repeated word: 'was was'.",
            "repeated-exact 1:21 'was\nwas' 'was' is repeated.",
            "repeated 2:11 'Done done' Repeated word: 'Done done'. => Done",
            "repeated 3:1 'Die die' Repeated word: 'Die die'. => Die",
            // "the THE" is no finding: a second word written otherwise than the first (other
            // than a sentence-start capital) is deliberate, like "of type TYPE".
            "repeated 4:18 'and and' Repeated word: 'and and'. => and",
            // `ignore-case = false`: "The the" and "the THE" are not repeated; `{word}` once.
            "repeated-exact 4:18 'and and' 'and' is repeated. => and",
        ]
    );
}

#[test]
fn capitalization_sentence_case() {
    assert_eq!(
        lint("capitalization", "capitalization.md", Some("docs"), None),
        [
            "sentence-case 1:11 'Started With Github' Use sentence case: 'Getting started with GitHub'. => started with GitHub",
            "sentence-case 3:28 'cloud' Use sentence case: 'Using the API in Fernway Cloud'. => Cloud",
            "sentence-case 5:3 'WELCOME TO FERNWAY' Use sentence case: 'Welcome to Fernway'. => Welcome to Fernway",
            "sentence-case 9:3 'a' Use sentence case: 'A guide to the best trips in the world'. => A",
        ]
    );
}

#[test]
fn capitalization_title_case() {
    assert_eq!(
        lint("capitalization", "capitalization.md", Some("Blog"), None),
        [
            "title-case 1:19 'With' Use title case: 'Getting Started with Github'. => with",
            "title-case 3:28 'cloud' Use title case: 'Using the API in Fernway Cloud'. => Cloud",
            "title-case 5:3 'WELCOME TO FERNWAY' Use title case: 'Welcome to Fernway'. => Welcome to Fernway",
            "title-case 7:16 'basics for iPhone users' Use title case: 'Billing: The Basics for iPhone Users'. => Basics for iPhone Users",
            // Emphasis markers inside: no plain copy of the source, no fix.
            "title-case 9:3 'a guide to the **best** trips in the world' Use title case: 'A Guide to the Best Trips in the World'.",
        ]
    );
}

/// Vale's capitalization semantics as options (what the Vale importer writes): `indicators`
/// require a capital after a colon, `exceptions-exact-case` keeps "VS" but judges "vs" and
/// "kubernetes" like any word, `whole-segment` reports the heading; `acronyms = false` judges
/// words in capitals like any word.
#[test]
fn capitalization_options() {
    assert_eq!(
        lint(
            "capitalization-options",
            "capitalization-options.md",
            None,
            Some("en")
        ),
        [
            "vale-like 1:3 'Test: modern documentation management' 'Test: modern documentation \
             management' should use sentence-style capitalization. => Test: Modern documentation \
             management",
            "no-acronyms 7:9 'VS Kubernetes' Use sentence case: 'Grüße vs kubernetes und \
             kubernetes'. => vs kubernetes",
            "no-acronyms 9:15 'JSON' Use sentence case: 'Accepting a json response from the \
             API'. => json",
        ]
    );
}

/// `exception-patterns` are regexes: the words of their matches are kept as written (the
/// longest alternative wins: "Red Hat OpenShift"), every other word is judged.
#[test]
fn capitalization_exception_patterns() {
    assert_eq!(
        lint(
            "capitalization-patterns",
            "capitalization-patterns.md",
            None,
            Some("en")
        ),
        [
            "pattern-exceptions 3:19 'On Red Hat Linux' Use sentence case: 'Running Node.js on Red \
          Hat linux'. => on Red Hat linux"
        ]
    );
}

/// `edit` derives each fix from the matched text (one rule per operation), and applying the
/// fixes (what `check --fix` does) edits exactly those stretches of the source.
#[test]
fn edit_derives_the_fix_from_the_match() {
    assert_eq!(
        lint("edit", "edit.md", None, None),
        [
            "heading-punctuation 1:3 'Plans?!' Use 'Plans' instead of 'Plans?!'. => Plans",
            "optional-plurals 3:10 'file(s)' Use 'file' instead of 'file(s)'. => file",
            "leading-dots 3:27 '...more' Use 'more' instead of '...more'. => more",
            // The result is trimmed of white space, as Vale's is.
            "spaced-dash 3:40 ' — ' Use '—' instead of ' — '. => —",
            "ly-hyphens 3:45 'highly-rated' 'highly-rated' needs no hyphen: 'highly rated'. => highly rated",
            "doubled-very 3:59 'very very' Use 'very' instead of 'very very'. => very",
            "uncomparables 3:78 'very unique' Use 'unique' instead of 'very unique'. => unique",
        ]
    );
    let guideline = guideline("edit");
    let document = Document::parse(Format::Markdown, fixture("edit.md"));
    let findings = guideline.check(&document, &DocContext::default());
    // Every fix here cuts the match (`edit`), so it is unsafe: `--unsafe-fixes` applies it.
    let (fixed, applied) = onbrand::fix::apply(
        &document.text,
        &findings,
        onbrand::finding::Applicability::Unsafe,
    );
    assert_eq!(
        onbrand::fix::apply(
            &document.text,
            &findings,
            onbrand::finding::Applicability::Safe
        )
        .1,
        0
    );
    assert_eq!(
        (fixed.as_str(), applied),
        (
            "# Plans\n\nPick the file you need more later—a highly rated, very nice and unique trip.\n",
            7
        )
    );
}

/// Substitution compares a match with its replacements exactly: under `ignore-case`,
/// "javascript" and "JAVASCRIPT" are reported for "JavaScript", and "Email" at the start of a
/// sentence is its capitalised replacement and is not.
#[test]
fn substitution_reports_case_only_differences() {
    assert_eq!(
        lint("substitution", "substitution.md", None, Some("en")),
        [
            "tech-terms 1:7 'javascript' Use 'JavaScript' instead of 'javascript'. => JavaScript",
            "tech-terms 1:34 'JAVASCRIPT' Use 'JavaScript' instead of 'JAVASCRIPT'. => JavaScript",
            "tech-terms 1:53 'javascript' Use 'JavaScript' instead of 'javascript'. => JavaScript",
            "tech-terms 3:19 'e-mail' Use 'email' instead of 'e-mail'. => email",
            "tech-terms 3:45 'EMAIL' Use 'Email' instead of 'EMAIL'. => Email",
        ]
    );
}

#[test]
fn consistency_english() {
    assert_eq!(
        lint("consistency", "consistency.md", None, Some("en")),
        [
            // Two against two: the form used first wins.
            "email-spelling 3:21 'email' 'email' mixed with 'e-mail' (first on line 1, 2 in all); keep to one form. => e-mail",
            "email-spelling 4:12 'Email' 'Email' mixed with 'e-mail' (first on line 1, 2 in all); keep to one form. => E-mail",
        ]
    );
}

#[test]
fn consistency_german() {
    assert_eq!(
        lint("consistency", "consistency.de.md", None, Some("de")),
        [
            // "Du" opening a sentence counts as du ("du" is listed too); "Sie bekommen" and
            // "Sie ist" opening a sentence do not count: "Sie" is listed only capitalised, and
            // there it may be "sie" (she/they), nor does "Sie" after a colon; "dir" in the name
            // mod_dir is no du. So three du against three Sie, and du came first.
            "address-de 3:18 'Sie' 'Sie' (formal) mixed with informal ('du' first on line 1, 3 in all); keep to one.",
            "address-de 3:22 'Ihre' 'Ihre' (formal) mixed with informal ('du' first on line 1, 3 in all); keep to one.",
            "address-de 3:54 'Ihr' 'Ihr' (formal) mixed with informal ('du' first on line 1, 3 in all); keep to one.",
        ]
    );
}

#[test]
fn consistency_chinese() {
    assert_eq!(
        lint("consistency", "consistency.zh.md", None, Some("zh")),
        [
            // 你 inside 你们 counts: CJK has no word boundaries.
            "address-zh 1:4 '你' '你' mixed with '您' (first on line 1, 2 in all); keep to one form. => 您",
        ]
    );
}

#[test]
fn conditional() {
    assert_eq!(
        lint("conditional", "conditional.md", None, None),
        [
            "acronyms 1:10 'SEO' Define 'SEO' on first use, e.g. 'Full Name (SEO)'.",
            "acronyms 5:59 'KPI' Define 'KPI' on first use, e.g. 'Full Name (KPI)'.",
            // The exception `APIs?` is a regex: "APIs" is covered, "APIX" is not.
            "acronyms 7:26 'APIX' Define 'APIX' on first use, e.g. 'Full Name (APIX)'.",
        ]
    );
}

#[test]
fn length() {
    assert_eq!(
        lint("length", "length.md", Some("social"), None),
        [
            // `underline = "whole"`: from the start of the document's first segment.
            "post-whole 1:3 'Plan your next E-Mail-Adresse trip with friends\n\nBook 🎉 trips with your friends and family today. Go.\n\nShort one here.\n\nقصير.جدا نعم' This document is 129 characters long; keep it within 40.",
            "short-headings 1:33 'trip with friends' This heading is 7 words long; keep it within 4.",
            "post-length 1:43 'friends\n\nBook 🎉 trips with your friends and family today. Go.\n\nShort one here.\n\nقصير.جدا نعم' This document is 129 characters long; keep it within 40.",
            // `underline = "whole"`: the whole sentence, from its start (Vale's position).
            "sentence-whole 3:1 'Book 🎉 trips with your friends and family today.' This sentence is 8 words long; keep it within 6.",
            "sentence-words 3:36 'family today.' This sentence is 8 words long; keep it within 6.",
            "sentence-words 3:50 'Go.' This sentence is only 1 word long; make it at least 2.",
            // Arabic: a sentence ends at the full stop, yet "قصير.جدا" is one word. Each
            // sentence is counted as if on its own: one word, then two.
            "sentence-words 7:1 'قصير.' This sentence is only 1 word long; make it at least 2.",
        ]
    );
}

/// `limit = 2`: the rule's first two findings in reading order, counted after suppressions (the
/// two suppressed on line 4 do not use it up); a rule without `limit` keeps all of its findings.
#[test]
fn limit_keeps_the_first_findings_of_a_rule_per_document() {
    let guideline = guideline("limit");
    let document = Document::parse(Format::Markdown, fixture("limit.md"));
    let linted = onbrand::lint::lint_document(
        Path::new("limit.md"),
        document,
        &guideline,
        &onbrand::config::FileSettings::default(),
        None,
    );
    let found = render_linted(&linted);
    assert_eq!(
        found,
        [
            "hype 1:5 'revolutionary' 'revolutionary' is hype.",
            "no-limit 4:45 'ASAP' Say when.",
            "hype 6:6 'synergy' 'synergy' is hype.",
            "no-limit 6:15 'ASAP' Say when.",
            "no-limit 6:42 'ASAP' Say when.",
        ]
    );
    // Without the lint front door (the guideline's raw findings) nothing is dropped.
    let raw = guideline.check(&linted.document, &DocContext::default());
    assert_eq!(raw.iter().filter(|f| &*f.rule.id == "hype").count(), 6);
    // The rule reference shows the limit.
    let reference = onbrand::output::reference::markdown(&guideline);
    assert!(
        reference.contains(
            "## `hype`\n\n- kind: `avoid`\n- severity: warning\n- at most 2 findings per document\n"
        ),
        "{reference}"
    );
    assert!(!reference.contains("- at most 1 "));
}

#[test]
fn a_limit_of_zero_is_an_error_at_the_key() {
    assert_eq!(
        errors("[[rule]]\nid = \"a\"\nkind = \"avoid\"\nphrases = [\"x\"]\nlimit = 0\n"),
        ["rules/brand.toml:5:1: `limit` must be at least 1 (leave it out for no limit)"]
    );
    assert_eq!(
        errors("[[rule]]\nid = \"a\"\nkind = \"avoid\"\nphrases = [\"x\"]\nlimit = -1\n"),
        ["rules/brand.toml:5:9: invalid value: integer `-1`, expected u32"]
    );
}

#[test]
fn an_empty_capitalization_indicator_is_an_error_at_the_key() {
    assert_eq!(
        errors(
            "[[rule]]\nid = \"a\"\nkind = \"capitalization\"\nstyle = \"sentence\"\nindicators = [\"\"]\n"
        ),
        ["rules/brand.toml:5:1: `indicators` holds an empty mark; list marks like \":\""]
    );
}

/// A malformed `edit` is an error at its key: no operation or two, a field that belongs to
/// another operation, an invalid regex, `edit` next to `replace`.
#[test]
fn a_malformed_edit_is_an_error_at_the_key() {
    let rule = |edit: &str| {
        errors(&format!(
            "[[rule]]\nid = \"a\"\nkind = \"pattern\"\npattern = 'x'\n{edit}\n"
        ))
    };
    let one_of = "rules/brand.toml:5:1: `edit` takes exactly one of `trim-end`, `trim-start`, \
                  `trim`, `regex` (with `replace`), `truncate-at`, `split-at` (with `part`)";
    assert_eq!(rule("edit = {}"), [one_of]);
    assert_eq!(rule("edit = { trim = \" \", trim-end = \"!\" }"), [one_of]);
    assert_eq!(
        rule("edit = { split-at = \" \" }"),
        ["rules/brand.toml:5:1: in `edit`: `part` goes with `split-at`"]
    );
    assert_eq!(
        rule("edit = { truncate-at = \"\" }"),
        ["rules/brand.toml:5:1: in `edit`: the separator is empty"]
    );
    assert!(
        rule("edit = { regex = '(', replace = '' }")[0]
            .starts_with("rules/brand.toml:5:1: invalid regular expression in `edit`")
    );
    assert_eq!(
        rule("replace = 'y'\nedit = { trim = \" \" }"),
        ["rules/brand.toml:6:1: `edit` and `replace` both give the fix; keep one"]
    );
}

/// A regex exception that does not compile is an error at its field, naming the exception.
#[test]
fn an_invalid_exception_regex_is_an_error_at_the_key() {
    let found = errors(
        "[[rule]]\nid = \"a\"\nkind = \"conditional\"\npattern = '([A-Z]+)'\n\
         definition = '\\(([A-Z]+)\\)'\nexceptions = ['API(']\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .starts_with("rules/brand.toml:6:1: invalid regular expression 'API(' in `exceptions`"),
        "{found:?}"
    );
    let found = errors(
        "[[rule]]\nid = \"a\"\nkind = \"capitalization\"\nstyle = \"title\"\n\
         exception-patterns = ['[a']\n",
    );
    assert!(
        found[0].starts_with(
            "rules/brand.toml:5:1: invalid regular expression '[a' in `exception-patterns`"
        ),
        "{found:?}"
    );
}

fn errors(text: &str) -> Vec<String> {
    match compile("rules/brand.toml", text) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

#[test]
fn malformed_toml_is_reported_at_the_syntax_error() {
    assert_eq!(
        errors("[[rule]]\nid = \"a\"\nkind = \"avoid\"\nphrases = [\"x\"\n"),
        ["rules/brand.toml:4:15: unclosed array, expected `]`"]
    );
}

#[test]
fn unknown_fields_wrong_types_and_unknown_kinds() {
    let unknown = errors("[[rule]]\nid = \"a\"\nkind = \"pattern\"\npattren = 'x'\n");
    assert_eq!(unknown.len(), 1);
    assert!(
        unknown[0].starts_with(
            "rules/brand.toml:4:1: unknown field `pattren`, expected one of `id`, `kind`, "
        ),
        "{unknown:?}"
    );
    assert_eq!(
        errors("[[rule]]\nid = \"a\"\nkind = \"avoid\"\nphrases = 3\n"),
        ["rules/brand.toml:4:11: invalid type: integer `3`, expected a sequence"]
    );
    assert_eq!(
        errors("[[rule]]\nid = \"a\"\nkind = \"nonsense\"\n"),
        [
            "rules/brand.toml:3:8: unknown variant `nonsense`, expected one of `terminology`, \
             `avoid`, `pattern`, `occurrence`, `repetition`, `capitalization`, `consistency`, \
             `conditional`, `length`, `substitution`, `metric`, `spelling`"
        ]
    );
    assert_eq!(
        errors("nme = \"x\"\n[[rule]]\nkind = \"avoid\"\n"),
        [
            "rules/brand.toml:1:1: unknown field `nme`, expected one of `name`, `description`, `rule`, `tone`",
            "rules/brand.toml:2:1: missing field `id`",
        ]
    );
}

#[test]
fn fields_of_another_kind_and_missing_fields() {
    assert_eq!(
        errors(
            "[[rule]]\nid = \"a\"\nkind = \"pattern\"\npattern = 'x'\n\
             terms = [{ use = \"a\", not = [\"b\"] }]\n"
        ),
        [
            "rules/brand.toml:5:1: `terms` does not apply to a pattern rule; a pattern rule \
             takes `pattern`, `replace`, `edit`, `ignore-case`, `exceptions`"
        ]
    );
    assert_eq!(
        errors("[[rule]]\nid = \"a\"\nkind = \"occurrence\"\n"),
        [
            "rules/brand.toml:2:1: an occurrence rule needs `per`: where to count: \
             `per = \"sentence\"`, `\"paragraph\"` or `\"document\"`",
            "rules/brand.toml:2:1: an occurrence rule needs `max`, `min` or both",
        ]
    );
}

#[test]
fn a_bad_regex_is_reported_at_the_offending_character() {
    assert_eq!(
        errors("[[rule]]\nid = \"a\"\nkind = \"pattern\"\npattern = 'ab(cd'\n"),
        ["rules/brand.toml:4:14: invalid regular expression in `pattern`: unclosed group"]
    );
}

/// Patterns that surely compile are compiled on first use; one whose program may be over the
/// size limit is still compiled when the guideline loads, so it is an error there, at its place,
/// in a rule's pattern as in its exceptions.
#[test]
fn a_regex_over_the_size_limit_is_an_error_at_load() {
    assert_eq!(
        errors(
            "[[rule]]\nid = \"a\"\nkind = \"pattern\"\npattern = '\\w{1000}'\n\n\
             [[rule]]\nid = \"b\"\nkind = \"avoid\"\nphrases = [\"seamless\"]\n\
             exceptions = ['\\w{1000}']\n"
        ),
        [
            "rules/brand.toml:4:11: invalid regular expression in `pattern`: the compiled \
             expression is larger than 4194304 bytes; simplify it",
            "rules/brand.toml:10:1: `exceptions` cannot be compiled together: the compiled \
             expression is larger than 4194304 bytes; simplify it",
        ]
    );
}

#[test]
fn ids_limits_and_placeholders() {
    assert_eq!(
        errors(
            "[[rule]]\nid = \"a\"\nkind = \"avoid\"\nphrases = [\"x\"]\n\n\
             [[rule]]\nid = \"a\"\nkind = \"avoid\"\nphrases = [\"y\"]\nmessage = \"{matc}\"\n"
        ),
        [
            "rules/brand.toml:7:6: duplicate rule id 'a', first defined at rules/brand.toml:2:6",
            "rules/brand.toml:10:1: unknown placeholder `{matc}` in `message`; an avoid rule fills {match}",
        ]
    );
    assert_eq!(
        errors("[[rule]]\nid = \"\"\nkind = \"length\"\nmax = 1\nmin = 5\n"),
        [
            "rules/brand.toml:2:6: empty rule id: give the rule a name like \"brand-terms\"",
            "rules/brand.toml:4:1: `max` (1) is less than `min` (5): no text can satisfy both",
        ]
    );
    // A message of megabytes would be carried by every finding; 1,000 characters is plenty.
    let long = format!(
        "[[rule]]\nid = \"{}\"\nkind = \"avoid\"\nphrases = [\"x\"]\nmessage = \"{}\"\n",
        "ü".repeat(201),
        "{match} 👋".repeat(125)
    );
    assert_eq!(
        errors(&long),
        [
            "rules/brand.toml:2:6: the rule id is longer than 200 characters",
            "rules/brand.toml:5:1: `message` is longer than 1000 characters: every finding carries it; put the explanation in `description`",
        ]
    );
    let longest = format!(
        "[[rule]]\nid = \"{}\"\nkind = \"avoid\"\nphrases = [\"x\"]\nmessage = \"{}\"\n",
        "ü".repeat(200),
        "{match} 👋".repeat(111)
    );
    assert_eq!(errors(&longest), Vec::<String>::new());
}

#[test]
fn errors_of_every_file_are_reported_together() {
    let sources = [
        GuidelineSource {
            name: "rules/a.toml".to_owned(),
            text: "[[rule]]\nid = \"x\"\nkind = \"avoid\"\nphrases = [\"a\"]\n".to_owned(),
        },
        GuidelineSource {
            name: "rules/b.toml".to_owned(),
            text: "[[rule]]\nid = \"x\"\nkind = \"avoid\"\nphrases = [\"b\"]\n\n\
                   [[rule]]\nid = \"y\"\nkind = \"capitalization\"\n"
                .to_owned(),
        },
        GuidelineSource {
            name: "rules/c.toml".to_owned(),
            text: "[[rule]\n".to_owned(),
        },
    ];
    let Err(errors) = Guideline::compile(&sources) else {
        panic!("must fail");
    };
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_eq!(
        errors[0],
        "rules/b.toml:2:6: duplicate rule id 'x', first defined at rules/a.toml:2:6"
    );
    assert!(errors[1].starts_with("rules/b.toml:7:1: a capitalization rule needs `style`"));
    assert!(errors[2].starts_with("rules/c.toml:1:"), "{errors:#?}");
}

#[test]
fn examples_are_the_rules_own_tests() {
    let guideline = compile(
        "rules/x.toml",
        r#"
[[rule]]
id = "hype"
kind = "avoid"
phrases = ["synergy"]
channels = ["email"]
languages = ["en"]
examples = { bad = ["Pure synergy.", "Nothing here."], good = ["Teamwork.", "Synergy!"] }

[[rule]]
id = "subject"
kind = "length"
scopes = ["subject"]
max = 10
examples = { bad = ["A subject that is far too long"], good = ["Short"] }
"#,
    )
    .unwrap_or_else(|errors| panic!("{errors:#?}"));
    let failures = guideline.test_examples();
    let described: Vec<(String, String, ExampleKind)> = failures
        .iter()
        .map(|f| (f.rule.clone(), f.example.clone(), f.kind))
        .collect();
    assert_eq!(
        described,
        [
            (
                "hype".to_owned(),
                "Nothing here.".to_owned(),
                ExampleKind::Bad
            ),
            ("hype".to_owned(), "Synergy!".to_owned(), ExampleKind::Good),
        ]
    );
    assert_eq!(
        failures[1].to_string(),
        "hype: good example \"Synergy!\": unexpected finding: Avoid 'Synergy'."
    );
}

/// A document of hand-built segments, each a verbatim copy of its line of `source`.
fn segments(source: &str, kinds: &[SegmentKind]) -> Document {
    let mut document = Document::parse(Format::Text, String::new());
    document.text = source.to_owned();
    document.segments.clear();
    let mut offset = 0;
    for (line, kind) in source.split('\n').zip(kinds) {
        let mut builder = SegmentBuilder::new();
        builder.push_verbatim(line, offset);
        if let Some(segment) = Segment::from_builder(*kind, builder) {
            document.segments.push(segment);
        }
        offset += line.len() + 1;
    }
    document
}

#[test]
fn channel_language_and_scope_filters() {
    let guideline = compile(
        "rules/x.toml",
        r#"
[[rule]]
id = "subject-length"
kind = "length"
channels = ["email"]
languages = ["en", "de"]
scopes = ["subject"]
max = 20

[[rule]]
id = "hype"
kind = "avoid"
languages = ["de"]
scopes = ["paragraph"]
phrases = ["mega"]
"#,
    )
    .unwrap_or_else(|errors| panic!("{errors:#?}"));
    let document = segments(
        "🎉 Mega news: the mega sale starts now\nmega",
        &[SegmentKind::Subject, SegmentKind::Paragraph],
    );
    let run = |channel, language| render(&guideline, &document, &DocContext { channel, language });
    let overflow = "subject-length 1:21 'a sale starts now' This subject is 37 characters long; \
                    keep it within 20.";
    let hype = "hype 2:1 'mega' Avoid 'mega'.";
    // A channel-limited rule needs the channel; a language-limited one needs the language
    // (on undetected text, two languages' rules would contradict each other).
    assert_eq!(run(Some("EMAIL"), Some("de-AT")), [overflow, hype]);
    assert_eq!(run(Some("email"), None), [""; 0]);
    assert_eq!(run(None, Some("de")), [hype]);
    assert_eq!(run(None, None), [""; 0]);
    assert_eq!(run(Some("email"), Some("fr")), [""; 0]);
}

/// Finer scopes: a heading level, header or body cells, and the raw source (markup included),
/// in Markdown with umlauts, Chinese and emoji before the matches.
#[test]
fn heading_level_table_part_and_raw_scopes() {
    let guideline = compile(
        "rules/x.toml",
        r#"
[[rule]]
id = "h2"
kind = "avoid"
scopes = ["heading-2"]
phrases = ["mega"]

[[rule]]
id = "head-cells"
kind = "avoid"
scopes = ["table-header"]
phrases = ["mega"]

[[rule]]
id = "body-cells"
kind = "avoid"
scopes = ["table-body"]
phrases = ["mega"]

[[rule]]
id = "no-bold"
kind = "pattern"
scopes = ["raw"]
pattern = '\*\*[^*]+\*\*'
message = "No bold: '{match}'."
"#,
    )
    .unwrap_or_else(|errors| panic!("{errors:#?}"));
    let text = "# Grüße mega\n\n## 中文 mega\n\n| 🚀 mega | Kopf |\n| --- | --- |\n| Zelle | ü mega |\n\nText **mega** fett.\n";
    let document = Document::parse(Format::Markdown, text.to_owned());
    assert_eq!(
        render(&guideline, &document, &DocContext::default()),
        [
            "h2 3:7 'mega' Avoid 'mega'.",
            "head-cells 5:5 'mega' Avoid 'mega'.",
            "body-cells 7:13 'mega' Avoid 'mega'.",
            "no-bold 9:6 '**mega**' No bold: '**mega**'.",
        ]
    );
}

#[test]
fn matching_after_emoji_and_opaque_stand_ins() {
    let guideline = compile(
        "rules/x.toml",
        "[[rule]]\nid = \"t\"\nkind = \"terminology\"\n\
         terms = [{ use = \"email\", not = [\"e-mail\"] }]\n",
    )
    .unwrap_or_else(|errors| panic!("{errors:#?}"));
    // The placeholder is masked to an opaque stand-in: a boundary, never part of a word; so is
    // a hyphen ("X-e-mail"). A lower-case kebab-case name is a name, not prose ("x-e-mail").
    let document = Document::parse(
        Format::Markdown,
        "👋🏽 e-mail {{ name }}e-mail X-e-mail x-e-mail".to_owned(),
    );
    let found = render(&guideline, &document, &DocContext::default());
    assert_eq!(
        found,
        [
            "t 1:4 'e-mail' Use 'email' instead of 'e-mail'. => email",
            "t 1:21 'e-mail' Use 'email' instead of 'e-mail'. => email",
            "t 1:30 'e-mail' Use 'email' instead of 'e-mail'. => email",
        ]
    );
}

#[test]
fn no_rule_kind_panics_on_odd_prose() {
    let mut text = String::new();
    for kind in [
        "terminology",
        "avoid",
        "pattern",
        "occurrence",
        "repetition",
        "capitalization",
        "consistency",
        "conditional",
        "length",
    ] {
        text.push_str(&fixture(&format!("{kind}.toml")));
        text.push('\n');
    }
    // Every segment kind, so that capitalization and length look at everything too.
    text = text.replace(
        "kind = \"capitalization\"",
        "kind = \"capitalization\"\nscopes = [\"paragraph\", \"heading\"]",
    );
    let guideline = compile("all.toml", &text).unwrap_or_else(|errors| panic!("{errors:#?}"));
    let odd = [
        "",
        "\u{FFFC}",
        "\u{FFFC} \u{FFFC}",
        "İSTANBUL İs a Ⱥ city ẞ",
        "e\u{301}-mail e\u{301}-mail",
        "👩‍👩‍👧 👩‍👩‍👧 !!! ,,, ...",
        "你你你 您您 你们们",
        "A (B) (AB) AB AB (",
        "the the the the",
        "x",
        "مرحبا بالعالم مرحبا مرحبا",
        "Sie sie SIE du DU",
        "# ##\n\n- \n\n> \n",
    ];
    for channel in [None, Some("social"), Some("docs"), Some("blog")] {
        for language in [None, Some("en"), Some("de"), Some("zh")] {
            for source in odd {
                let document = Document::parse(Format::Markdown, source.to_owned());
                for finding in guideline.check(&document, &DocContext { channel, language }) {
                    assert!(finding.span.end <= source.len(), "{source:?}: {finding:?}");
                    assert!(source.is_char_boundary(finding.span.start), "{source:?}");
                    assert!(source.is_char_boundary(finding.span.end), "{source:?}");
                }
                let mut as_heading = segments(source, &[SegmentKind::Heading]);
                as_heading.text = source.to_owned();
                let _ = guideline.check(&as_heading, &DocContext { channel, language });
            }
        }
    }
}

/// Lint `file` of `tests/fixtures/<dir>` with the `onbrand.toml` there, through the same
/// front door as `onbrand check`: `rule line:col 'underlined source' message`.
fn lint_with_config(dir: &str, file: &str) -> Vec<String> {
    use onbrand::config::ConfigCache;
    use onbrand::lint::{Linter, RunOverrides};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let linter = Linter::new(
        ConfigCache::with_explicit(root.clone(), &root.join("onbrand.toml")),
        RunOverrides::default(),
    );
    let path = root.join(file);
    let (linted, _) = linter
        .lint_file(&path, None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let from_text = {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let format = Format::from_path(&path).unwrap_or(Format::Text);
        linter
            .lint_text(&path, format, text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    assert_eq!(
        linted.findings, from_text.findings,
        "lint_file and lint_text agree"
    );
    render_linted(&linted)
}

/// A linted file's findings as `rule line:col 'underlined source' message`, in its order.
fn render_linted(linted: &onbrand::lint::LintedFile) -> Vec<String> {
    linted
        .findings
        .iter()
        .map(|f| {
            let at = linted.lines.line_col(&linted.document.text, f.span.start);
            format!(
                "{} {}:{} '{}' {}",
                f.rule.id,
                at.line,
                at.column,
                &linted.document.text[f.span.clone()],
                f.message
            )
        })
        .collect()
}

/// `ignore-tokens` and `ignore-blocks`: matches are masked like code, so nothing inside them is
/// reported and every column after a masked token (after umlauts and emoji) is exact; the
/// document's text stays as written. An override's tokens add to the configuration's for its
/// paths only ("lol" is masked in the text file, reported in the Markdown file).
#[test]
fn ignored_tokens_and_blocks_are_not_prose() {
    assert_eq!(
        lint_with_config("ignores", "doc.md"),
        [
            "hype 1:30 'synergy' 'synergy' is hype.",
            "hype 3:29 'revolutionary' 'revolutionary' is hype.",
            "no-caps 3:54 'HUGE' 'HUGE' shouts.",
            "hype 9:5 'revolutionary' 'revolutionary' is hype.",
            "hype 9:26 'lol' 'lol' is hype.",
        ]
    );
    assert_eq!(
        lint_with_config("ignores", "doc.txt"),
        [
            "hype 1:13 'synergy' 'synergy' is hype.",
            "no-caps 1:21 'NOW' 'NOW' shouts.",
        ]
    );
}

/// The editor path (a document parsed before its configuration is known) masks the same.
#[test]
fn lint_document_applies_the_ignores_of_its_settings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ignores");
    let config =
        onbrand::config::Config::load(&root.join("onbrand.toml")).unwrap_or_else(|e| panic!("{e}"));
    let path = root.join("doc.txt");
    let settings = config.settings_for(&path);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let linted = onbrand::lint::lint_document(
        &path,
        Document::parse(Format::Text, text.clone()),
        &config.guideline,
        &settings,
        None,
    );
    assert_eq!(linted.document.text, text);
    let ids: Vec<(&str, usize)> = linted
        .findings
        .iter()
        .map(|f| (f.rule_id(), f.span.start))
        .collect();
    assert_eq!(ids, [("hype", 17), ("no-caps", 25)]);
}

#[test]
fn mentions_quotes_and_names_are_not_uses() {
    let guideline = compile(
        "rules/x.toml",
        "[[rule]]\nid = \"t\"\nkind = \"terminology\"\n\
         terms = [{ use = \"allowlist\", not = [\"whitelist\"] }]\n\
         [[rule]]\nid = \"a\"\nkind = \"avoid\"\nphrases = [\"click here\"]\n\
         [[rule]]\nid = \"r\"\nkind = \"repetition\"\n",
    )
    .unwrap_or_else(|errors| panic!("{errors:#?}"));
    let document = Document::parse(
        Format::Markdown,
        "Change whitelist to allowlist. Use allowlist (formerly whitelist) and \
         test-tls-whitelist, never a whitelist.\n\n\
         Write “see the invoice”, not “click here”. Or click here.\n\n\
         It may actually *actually* work, in v8::Function::Call call and the the end.\n"
            .to_owned(),
    );
    assert_eq!(
        render(&guideline, &document, &DocContext::default()),
        [
            // Renamed, named as formerly, a kebab-case file name: mentions. The last is a use.
            "t 1:99 'whitelist' Use 'allowlist' instead of 'whitelist'. => allowlist",
            // A phrase in quotation marks is mentioned; the one after is used.
            "a 3:47 'click here' Avoid 'click here'.",
            // Emphasis on the second word and a name before a word are deliberate.
            "r 5:65 'the the' Repeated word: 'the the'. => the",
        ]
    );
}

/// `[copy]`: configured front matter keys (YAML and TOML, nested and in lists) and attributes
/// (MDX and HTML) are copy with the scope they are given, a default turned off is not, and
/// positions are exact after umlauts, Chinese and emoji.
#[test]
fn configured_front_matter_keys_and_attributes_are_copy() {
    assert_eq!(
        lint_with_config("copy", "page.md"),
        [
            "hype 2:26 'revolutionary' 'revolutionary' is hype.",
            "hype 4:19 'bahnbrechend' 'bahnbrechend' is hype.",
            "heading-hype 4:32 'starten' 'starten' in a heading.",
            "hype 7:15 '颠覆' '颠覆' is hype.",
            "hype 9:11 'synergy' 'synergy' is hype.",
        ]
    );
    assert_eq!(
        lint_with_config("copy", "hugo.md"),
        [
            "hype 2:20 'revolutionary' 'revolutionary' is hype.",
            "hype 4:12 '颠覆' '颠覆' is hype.",
            "hype 6:14 'bahnbrechend' 'bahnbrechend' is hype.",
        ]
    );
    assert_eq!(
        lint_with_config("copy", "landing.mdx"),
        [
            "hype 3:27 'synergy' 'synergy' is hype.",
            "hype 4:34 'bahnbrechend' 'bahnbrechend' is hype.",
        ]
    );
    assert_eq!(
        lint_with_config("copy", "page.html"),
        [
            "hype 2:33 'bahnbrechend' 'bahnbrechend' is hype.",
            "hype 2:66 '颠覆' '颠覆' is hype.",
        ]
    );
}
