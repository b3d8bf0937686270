//! The report as one self-contained HTML page: inline CSS and SVG, no script, no external
//! resource, and a Content-Security-Policy that forbids loading any — it works from `file://`
//! and never touches the network.
//!
//! The page is written with maud's `html!` templates, checked at compile time: every value
//! spliced into the page is escaped unless it is wrapped in `PreEscaped` (only our own
//! constants: the style sheet, the legend, the doctype), so a file name, team name or rule
//! message cannot open an element or leave an attribute.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use maud::{Markup, PreEscaped, html};

use super::conflicts::{Conflict, Usage};
use super::diff::BaselineDiff;
use super::drift::ToneDrift;
use super::heatmap;
use super::overview::{Group, Overview, SeverityCounts};
use super::{Duplicate, Sections};
use crate::finding::Severity;
use crate::output::json::{ErrorReport, FileReport, FindingReport};

const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE: &str = r#"
:root{--ink:#1d2433;--muted:#5b6478;--line:#e3e6ee;--bg:#f6f7fb;--card:#fff;--error:#c62828;--warning:#a45a00;--suggestion:#1a5fb4;--ok:#2e7d32;--band:#2e7d32}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#1d2433;color:#fff;padding:28px 40px 22px}
header h1{margin:0;font-size:26px;font-weight:650;letter-spacing:-.01em}
header p{margin:6px 0 0;color:#c9d0e0}
nav{display:flex;flex-wrap:wrap;gap:6px 18px;padding:10px 40px;background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:1}
nav a{color:var(--muted);text-decoration:none;font-size:14px}
nav a:hover{color:var(--ink)}
main{max-width:1120px;margin:0 auto;padding:24px 40px 60px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:22px 26px;margin:0 0 22px}
h2{margin:0 0 14px;font-size:20px}
h3{margin:22px 0 8px;font-size:16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:18px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .n{font-size:26px;font-weight:650;font-variant-numeric:tabular-nums}
.card .l{color:var(--muted);font-size:13px}
.card.error .n{color:var(--error)}.card.warning .n{color:var(--warning)}.card.suggestion .n{color:var(--suggestion)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,440px),1fr));gap:18px}
.table-scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:14px;margin:6px 0 10px}
caption{text-align:left;font-weight:600;padding:4px 0 6px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:13px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;border-radius:999px;padding:0 8px;font-size:12px;font-weight:600;color:#fff}
.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}.sev.suggestion{background:var(--suggestion)}
.bar{display:inline-block;height:8px;border-radius:4px;background:var(--suggestion);vertical-align:middle}
.bar.e{background:var(--error)}.bar.w{background:var(--warning)}
.note{color:var(--muted);background:var(--bg);border-radius:6px;padding:10px 14px}
code,.src{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.src{white-space:pre-wrap;word-break:break-word;color:#333}
mark{background:#ffe08a;border-radius:2px;padding:0 1px}
details{border:1px solid var(--line);border-radius:8px;margin:8px 0;padding:0 12px}
details[open]{padding-bottom:8px}
summary{cursor:pointer;padding:9px 0;font-weight:550}
summary .counts{font-weight:400;color:var(--muted);margin-left:8px}
.heat-maps{display:flex;flex-wrap:wrap;gap:4px 36px;align-items:flex-start}
.heat-scroll{overflow-x:auto;margin:6px 0 14px;max-width:100%}
table.heatmap{width:auto;font-size:13px}
table.heatmap caption{white-space:nowrap}
table.heatmap th[scope=col]{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;padding:6px 4px;font-weight:550}
table.heatmap th[scope=col]:first-child{writing-mode:horizontal-tb;transform:none;vertical-align:bottom}
table.heatmap th[scope=row]{white-space:nowrap}
table.heatmap .n{color:var(--muted);font-weight:400;font-size:12px}
td.heat{text-align:center;font-variant-numeric:tabular-nums;min-width:52px;padding:5px 4px;border:2px solid #fff}
td.heat a{color:inherit;text-decoration:none;display:block}
td.heat .off{display:block;font-size:11px;text-decoration:underline}
.h0{background:#dcefdc}.h1{background:#fbe7b5}.h2{background:#f6bf8e}.h3{background:#e8846b;color:#fff}.hn{background:#eef0f4;color:var(--muted)}
.cell{display:none;border:1px solid var(--line);border-radius:8px;padding:4px 12px;margin:8px 0}
.cell:target{display:block}
.legend{font-size:13px;color:var(--muted)}
.legend i{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;vertical-align:middle;border-radius:2px}
a{color:#1a5fb4}
.bars{white-space:nowrap}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
"#;

/// Where the near-duplicate rows go in the rendered page: the one part of the page that grows
/// with the repository (pairs of documents, 160,000 on eight copies of the bench corpus), so
/// its rows are written one at a time into the page instead of being one string in it. A
/// comment of our own: the same text in a file name or message is escaped (`&lt;!--`).
const DUPLICATE_ROWS: &str = "<!--duplicate rows-->";

/// Write the whole page to `out`. `index_of` gives a document's place in the run (path order),
/// which names its entry; `document` reads a document's report back for the entries shown.
pub(crate) fn render(
    out: &mut dyn io::Write,
    sections: &Sections,
    index_of: &dyn Fn(&str) -> Option<usize>,
    document: &mut dyn FnMut(&str) -> io::Result<Option<FileReport>>,
    errors: &[ErrorReport],
) -> io::Result<()> {
    let anchors = Anchors::new(sections, index_of);
    let documents = documents(sections, &anchors, document)?;
    let page = html! {
        (PreEscaped("<!doctype html>"))
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width,initial-scale=1";
                title { "onbrand report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                (header(sections))
                main {
                    (overview(&sections.overview))
                    @if let Some(diff) = &sections.baseline {
                        (baseline(diff))
                    }
                    (tone(&sections.tone, &anchors))
                    (conflicts(&sections.conflicts))
                    (duplicates(&sections.duplicates))
                    (documents)
                    (errors_section(errors))
                }
            }
        }
    }
    .into_string();
    let (before, after) = page.split_once(DUPLICATE_ROWS).unwrap_or((&page, ""));
    out.write_all(before.as_bytes())?;
    if !after.is_empty() {
        for pair in &sections.duplicates {
            out.write_all(duplicate_row(pair).into_string().as_bytes())?;
        }
        out.write_all(after.as_bytes())?;
    }
    out.write_all(b"\n")
}

/// "1 document", "2 documents".
fn plural(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

/// A table in a box that scrolls sideways, so that a table wider than its card (six columns
/// on a phone, a long source line) scrolls inside the card instead of overflowing the page.
/// Heat maps have their own scroll box (`heat-scroll`); tables are never nested.
pub(crate) fn scrolling(table: Markup) -> Markup {
    html! { div class="table-scroll" { (table) } }
}

/// Which documents get an expandable entry, and their element ids.
struct Anchors<'a> {
    ids: BTreeMap<&'a str, usize>,
}

impl<'a> Anchors<'a> {
    fn new(sections: &'a Sections, index_of: &dyn Fn(&str) -> Option<usize>) -> Anchors<'a> {
        let ids = sections
            .worst
            .iter()
            .map(|w| w.path.as_str())
            .chain(
                sections
                    .tone
                    .dimensions
                    .iter()
                    .flat_map(|d| d.groups.iter())
                    .flat_map(|g| g.deviating.iter().map(|deviation| deviation.path.as_str())),
            )
            .filter_map(|path| Some((path, index_of(path)?)))
            .collect();
        Anchors { ids }
    }

    fn link(&self, path: &str) -> Markup {
        html! {
            @match self.ids.get(path) {
                Some(id) => a href={ "#doc-" (id) } { (path) },
                None => (path),
            }
        }
    }
}

fn header(sections: &Sections) -> Markup {
    let root = if sections.root.is_empty() {
        "the current folder"
    } else {
        sections.root.as_str()
    };
    html! {
        header {
            h1 { "Brand voice report" }
            p { (plural(sections.overview.documents, "document")) " in " code { (root) } }
        }
        nav aria-label="Sections" {
            a href="#summary" { "Summary" }
            @if sections.baseline.is_some() {
                a href="#baseline" { "Since the baseline" }
            }
            a href="#tone" { "Tone drift" }
            a href="#conflicts" { "Terminology conflicts" }
            a href="#duplicates" { "Near-duplicates" }
            a href="#documents" { "Worst documents" }
        }
    }
}

fn overview(overview: &Overview) -> Markup {
    let words = overview
        .words
        .map_or_else(|| "—".to_owned(), |w| w.to_string());
    let counts = &overview.findings;
    let cards = [
        ("", overview.documents.to_string(), "documents"),
        ("", words, "words of prose"),
        ("error", counts.error.to_string(), "errors"),
        ("warning", counts.warning.to_string(), "warnings"),
        ("suggestion", counts.suggestion.to_string(), "suggestions"),
    ];
    section(
        "summary",
        "Summary",
        html! {
            div class="cards" {
                @for (class, value, label) in &cards {
                    div class={ "card " (class) } {
                        div class="n" { (value) }
                        div class="l" { (label) }
                    }
                }
            }
            div class="grid" {
                (group_table("By channel", "Channel", &overview.by_channel))
                (group_table("By team (top-level folder)", "Team", &overview.by_team))
                (group_table("By language", "Language", &overview.by_language))
            }
            (rule_table(overview))
        },
    )
}

fn group_table(caption: &str, head: &str, groups: &[Group]) -> Markup {
    let widest = groups
        .iter()
        .map(|g| g.findings.total())
        .max()
        .unwrap_or(0)
        .max(1);
    scrolling(html! {
        table {
            caption { (caption) }
            thead {
                tr {
                    th scope="col" { (head) }
                    th scope="col" class="num" { "Docs" }
                    th scope="col" class="num" { "Errors" }
                    th scope="col" class="num" { "Warnings" }
                    th scope="col" class="num" { "Suggestions" }
                    th scope="col" { span class="visually-hidden" { "Findings" } }
                }
            }
            tbody {
                @for group in groups {
                    tr {
                        th scope="row" { (group.name) }
                        td class="num" { (group.documents) }
                        td class="num" { (group.findings.error) }
                        td class="num" { (group.findings.warning) }
                        td class="num" { (group.findings.suggestion) }
                        td { (bars(&group.findings, widest)) }
                    }
                }
            }
        }
    })
}

/// A stacked bar of a group's findings, scaled to the largest group.
fn bars(counts: &SeverityCounts, widest: usize) -> Markup {
    let width = |n: usize| n * 90 / widest;
    html! {
        span class="bars" aria-hidden="true" {
            span class="bar e" style={ "width:" (width(counts.error)) "px" } {}
            span class="bar w" style={ "width:" (width(counts.warning)) "px" } {}
            span class="bar" style={ "width:" (width(counts.suggestion)) "px" } {}
        }
    }
}

fn rule_table(overview: &Overview) -> Markup {
    if overview.by_rule.is_empty() {
        return html! { p class="note" { "No findings: every document is on brand." } };
    }
    scrolling(html! {
        table {
            caption { "By rule" }
            thead {
                tr {
                    th scope="col" { "Rule" }
                    th scope="col" { "Severity" }
                    th scope="col" class="num" { "Findings" }
                    th scope="col" class="num" { "Documents" }
                }
            }
            tbody {
                @for rule in &overview.by_rule {
                    tr {
                        th scope="row" {
                            @match &rule.link {
                                Some(link) if link.starts_with("https://") || link.starts_with("http://") => {
                                    a href=(link) rel="noreferrer" { code { (rule.rule) } }
                                }
                                _ => code { (rule.rule) },
                            }
                        }
                        td {
                            @if let Some(level) = rule.severity {
                                (severity(level))
                            }
                        }
                        td class="num" { (rule.findings) }
                        td class="num" { (rule.documents) }
                    }
                }
            }
        }
    })
}

fn severity(severity: Severity) -> Markup {
    html! { span class={ "sev " (severity.name()) } { (severity.name()) } }
}

fn tone(drift: &ToneDrift, anchors: &Anchors) -> Markup {
    let content = if drift.measured_documents == 0 || drift.dimensions.is_empty() {
        html! {
            p class="note" { "This run has no tone measurements: the guideline in force has no tone profile, or the run was made without them. Findings, conflicts and duplicates below are complete." }
        }
    } else {
        html! {
            p class="legend" {
                (plural(drift.measured_documents, "document")) " measured. " (PreEscaped(heatmap::LEGEND))
            }
            (heatmap::render(drift, &|path| anchors.link(path)))
        }
    };
    section("tone", "Tone drift", content)
}

fn conflicts(conflicts: &[Conflict]) -> Markup {
    section(
        "conflicts",
        "Terminology conflicts",
        html! {
            p class="legend" { "Concepts that teams or channels write differently, from the findings of terminology and consistency rules. Counts are uses of off-guideline variants; only documents in the rule's languages are counted." }
            @if conflicts.is_empty() {
                p class="note" { "No conflicts: where teams deviate from the guideline, they deviate alike." }
            }
            @for conflict in conflicts {
                h3 { code { (conflict.rule) } }
                p {
                    "Written as "
                    @for (position, variant) in conflict.variants.iter().enumerate() {
                        @if position > 0 { ", " }
                        mark { (variant.text) } " ×" (variant.uses)
                    }
                    @if !conflict.preferred.is_empty() {
                        "; the guideline says "
                        @for (position, preferred) in conflict.preferred.iter().enumerate() {
                            @if position > 0 { ", " }
                            code { (preferred) }
                        }
                    }
                    " (" (conflict.languages.join(", ")) ")."
                }
                div class="grid" {
                    (usage_table("Per team", "Team", &conflict.teams, conflict))
                    (usage_table("Per channel", "Channel", &conflict.channels, conflict))
                }
            }
        },
    )
}

fn usage_table(caption: &str, head: &str, usages: &[Usage], conflict: &Conflict) -> Markup {
    scrolling(html! {
        table {
            caption { (caption) }
            thead {
                tr {
                    th scope="col" { (head) }
                    th scope="col" class="num" { "Docs" }
                    th scope="col" class="num" { "With variant" }
                    @for variant in &conflict.variants {
                        th scope="col" class="num" { (variant.text) }
                    }
                }
            }
            tbody {
                @for usage in usages {
                    tr {
                        th scope="row" { (usage.name) }
                        td class="num" { (usage.documents) }
                        td class="num" { (usage.documents_with_variant) }
                        @for variant in &conflict.variants {
                            td class="num" { (usage.uses.get(&variant.text).copied().unwrap_or(0)) }
                        }
                    }
                }
            }
        }
    })
}

fn duplicates(duplicates: &[Duplicate]) -> Markup {
    section(
        "duplicates",
        "Near-duplicate content",
        html! {
            p class="legend" { "Pairs of documents whose prose overlaps heavily: the share of 5-word runs the two have in common (Jaccard index, estimated with MinHash sketches; exact for short documents)." }
            @if duplicates.is_empty() {
                p class="note" { "No two documents overlap by half or more." }
            } @else {
                (scrolling(html! {
                    table {
                        thead {
                            tr {
                                th scope="col" { "Document" }
                                th scope="col" { "Channel / team" }
                                th scope="col" { "Overlaps with" }
                                th scope="col" { "Channel / team" }
                                th scope="col" class="num" { "Overlap" }
                            }
                        }
                        tbody { (PreEscaped(DUPLICATE_ROWS)) }
                    }
                }))
            }
        },
    )
}

/// One near-duplicate pair as a table row.
fn duplicate_row(pair: &Duplicate) -> Markup {
    html! {
        tr {
            th scope="row" { (pair.a) }
            td { (pair.a_channel.as_deref().unwrap_or("—")) " / " (pair.a_team) }
            td { (pair.b) }
            td { (pair.b_channel.as_deref().unwrap_or("—")) " / " (pair.b_team) }
            td class="num" {
                span class="bar" aria-hidden="true" style={ "width:" ((pair.ratio * 60.0).round()) "px" } {}
                " " (format!("{:.0}", pair.ratio * 100.0)) "%"
            }
        }
    }
}

fn documents(
    sections: &Sections,
    anchors: &Anchors,
    read: &mut dyn FnMut(&str) -> io::Result<Option<FileReport>>,
) -> io::Result<Markup> {
    let worst: BTreeSet<&str> = sections.worst.iter().map(|w| w.path.as_str()).collect();
    let mut shown = BTreeSet::new();
    let mut entries = Vec::new();
    for entry in &sections.worst {
        if let Some(&index) = anchors.ids.get(entry.path.as_str())
            && let Some(file) = read(&entry.path)?
        {
            entries.push(document(&file, index));
            shown.insert(index);
        }
    }
    let mut others = Vec::new();
    for (path, &index) in &anchors.ids {
        if worst.contains(path) || shown.contains(&index) {
            continue;
        }
        if let Some(file) = read(path)? {
            others.push(document(&file, index));
        }
    }
    Ok(section(
        "documents",
        "Worst documents",
        html! {
            p class="legend" { "Ranked by findings (an error counts 10, a warning 3, a suggestion 1). Open a document for its findings and source lines." }
            @if sections.worst.is_empty() {
                p class="note" { "No document has findings." }
            }
            @for entry in entries { (entry) }
            @if !others.is_empty() {
                h3 { "Other documents off their tone target" }
                @for entry in others { (entry) }
            }
        },
    ))
}

fn document(file: &FileReport, index: usize) -> Markup {
    let counts = SeverityCounts::of(&file.findings);
    html! {
        details id={ "doc-" (index) } {
            summary {
                code { (file.path) }
                span class="counts" {
                    (file.channel.as_deref().unwrap_or("no channel")) " · "
                    (file.language.as_deref().unwrap_or("no language")) " · "
                    (plural(counts.error, "error")) ", "
                    (plural(counts.warning, "warning")) ", "
                    (plural(counts.suggestion, "suggestion"))
                }
            }
            @if file.findings.is_empty() {
                p class="note" { "No findings." }
            } @else {
                (scrolling(html! {
                    table {
                        thead {
                            tr {
                                th scope="col" class="num" { "Line" }
                                th scope="col" { "Severity" }
                                th scope="col" { "Finding" }
                                th scope="col" { "Source" }
                            }
                        }
                        tbody {
                            @for finding in &file.findings {
                                tr {
                                    td class="num" { (finding.line) ":" (finding.column) }
                                    td { (severity(finding.severity)) }
                                    td { (finding.message) br; code { (finding.rule) } }
                                    td class="src" { (source_line(finding)) }
                                }
                            }
                        }
                    }
                }))
            }
        }
    }
}

/// The finding's source line with the matched text marked (the first occurrence of it).
fn source_line(finding: &FindingReport) -> Markup {
    let context = &finding.context;
    let at = (!finding.text.is_empty())
        .then(|| context.find(&finding.text))
        .flatten();
    html! {
        @match at {
            Some(at) => {
                (context[..at]) mark { (finding.text) } (context[at + finding.text.len()..])
            }
            None => (context),
        }
    }
}

fn baseline(diff: &BaselineDiff) -> Markup {
    section(
        "baseline",
        "Since the baseline",
        html! {
            div class="cards" {
                div class="card error" {
                    div class="n" { (diff.new.len()) }
                    div class="l" { "new findings" }
                }
                div class="card" {
                    div class="n" style="color:var(--ok)" { (diff.fixed.len()) }
                    div class="l" { "fixed" }
                }
            }
            @if !diff.new.is_empty() {
                (scrolling(html! {
                    table {
                        caption { "New" }
                        thead {
                            tr {
                                th scope="col" { "Document" }
                                th scope="col" class="num" { "Line" }
                                th scope="col" { "Severity" }
                                th scope="col" { "Rule" }
                                th scope="col" { "Text" }
                                th scope="col" { "Message" }
                            }
                        }
                        tbody {
                            @for new in &diff.new {
                                tr {
                                    th scope="row" { (new.path) }
                                    td class="num" { (new.line) }
                                    td { (severity(new.severity)) }
                                    td { code { (new.rule) } }
                                    td { mark { (new.text) } }
                                    td { (new.message) }
                                }
                            }
                        }
                    }
                }))
            }
            @if !diff.fixed.is_empty() {
                (scrolling(html! {
                    table {
                        caption { "Fixed" }
                        thead {
                            tr {
                                th scope="col" { "Document" }
                                th scope="col" { "Rule" }
                                th scope="col" { "Text" }
                                th scope="col" { "Line was" }
                            }
                        }
                        tbody {
                            @for fixed in &diff.fixed {
                                tr {
                                    th scope="row" { (fixed.path) }
                                    td { code { (fixed.rule) } }
                                    td { (fixed.text) }
                                    td class="src" { (fixed.context) }
                                }
                            }
                        }
                    }
                }))
            }
        },
    )
}

fn errors_section(errors: &[ErrorReport]) -> Markup {
    if errors.is_empty() {
        return html! {};
    }
    section(
        "errors",
        "Files that could not be linted",
        scrolling(html! {
            table {
                thead {
                    tr {
                        th scope="col" { "Path" }
                        th scope="col" { "Problem" }
                    }
                }
                tbody {
                    @for error in errors {
                        tr {
                            th scope="row" { (error.path) }
                            td { (error.message) }
                        }
                    }
                }
            }
        }),
    )
}

/// A report section: its id labels it for assistive technology and links the page's
/// navigation to it.
fn section(id: &str, title: &str, content: Markup) -> Markup {
    html! {
        section id=(id) aria-labelledby={ (id) "-h" } {
            h2 id={ (id) "-h" } { (title) }
            (content)
        }
    }
}
