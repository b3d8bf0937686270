//! The report as one self-contained HTML page: inline CSS and SVG, no script, no external
//! resource, and a Content-Security-Policy that forbids loading any — it works from `file://`
//! and never touches the network. Every piece of user text goes through [`escape`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::io;

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

/// Escape text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The whole page. `index_of` gives a document's place in the run (path order), which
/// names its entry; `document` reads a document's report back for the entries shown.
pub(crate) fn render(
    sections: &Sections,
    index_of: &dyn Fn(&str) -> Option<usize>,
    document: &mut dyn FnMut(&str) -> io::Result<Option<FileReport>>,
    errors: &[ErrorReport],
) -> io::Result<String> {
    let anchors = Anchors::new(sections, index_of);
    let mut page = String::with_capacity(64 * 1024);
    let _ = write!(
        page,
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{CSP}"><meta name="viewport" content="width=device-width,initial-scale=1"><title>onbrand report</title><style>{STYLE}</style></head><body>"#
    );
    header(&mut page, sections);
    page.push_str("<main>");
    overview(&mut page, &sections.overview);
    if let Some(diff) = &sections.baseline {
        baseline(&mut page, diff);
    }
    tone(&mut page, &sections.tone, &anchors);
    conflicts(&mut page, &sections.conflicts);
    duplicates(&mut page, &sections.duplicates);
    documents(&mut page, sections, &anchors, document)?;
    errors_section(&mut page, errors);
    page.push_str("</main></body></html>\n");
    Ok(scrollable_tables(&page))
}

/// "1 document", "2 documents".
fn plural(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

/// Every table in a box that scrolls sideways, so that a table wider than its card (six
/// columns on a phone, a long source line) scrolls inside the card instead of overflowing
/// the page. Heat maps have their own scroll box (`heat-scroll`); tables are never nested.
fn scrollable_tables(page: &str) -> String {
    let mut out = String::with_capacity(page.len() + 1024);
    let mut rest = page;
    while let Some(start) = rest.find("<table") {
        let Some(end) = rest[start..]
            .find("</table>")
            .map(|end| start + end + "</table>".len())
        else {
            break;
        };
        let table = &rest[start..end];
        out.push_str(&rest[..start]);
        if table.starts_with(r#"<table class="heatmap""#) {
            out.push_str(table);
        } else {
            out.push_str(r#"<div class="table-scroll">"#);
            out.push_str(table);
            out.push_str("</div>");
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
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

    fn link(&self, path: &str) -> String {
        match self.ids.get(path) {
            Some(id) => format!(r##"<a href="#doc-{id}">{}</a>"##, escape(path)),
            None => escape(path),
        }
    }
}

fn header(page: &mut String, sections: &Sections) {
    let root = if sections.root.is_empty() {
        "the current folder".to_owned()
    } else {
        sections.root.clone()
    };
    let _ = write!(
        page,
        r##"<header><h1>Brand voice report</h1><p>{} in <code>{}</code></p></header><nav aria-label="Sections"><a href="#summary">Summary</a>{}<a href="#tone">Tone drift</a><a href="#conflicts">Terminology conflicts</a><a href="#duplicates">Near-duplicates</a><a href="#documents">Worst documents</a></nav>"##,
        plural(sections.overview.documents, "document"),
        escape(&root),
        if sections.baseline.is_some() {
            r##"<a href="#baseline">Since the baseline</a>"##
        } else {
            ""
        }
    );
}

fn overview(page: &mut String, overview: &Overview) {
    open_section(page, "summary", "Summary");
    page.push_str(r#"<div class="cards">"#);
    let words = overview
        .words
        .map_or_else(|| "—".to_owned(), |w| w.to_string());
    let counts = &overview.findings;
    for (class, value, label) in [
        ("", overview.documents.to_string(), "documents"),
        ("", words, "words of prose"),
        ("error", counts.error.to_string(), "errors"),
        ("warning", counts.warning.to_string(), "warnings"),
        ("suggestion", counts.suggestion.to_string(), "suggestions"),
    ] {
        let _ = write!(
            page,
            r#"<div class="card {class}"><div class="n">{value}</div><div class="l">{label}</div></div>"#
        );
    }
    page.push_str(r#"</div><div class="grid">"#);
    group_table(page, "By channel", "Channel", &overview.by_channel);
    group_table(
        page,
        "By team (top-level folder)",
        "Team",
        &overview.by_team,
    );
    group_table(page, "By language", "Language", &overview.by_language);
    page.push_str("</div>");
    rule_table(page, overview);
    page.push_str("</section>");
}

fn group_table(page: &mut String, caption: &str, head: &str, groups: &[Group]) {
    let widest = groups
        .iter()
        .map(|g| g.findings.total())
        .max()
        .unwrap_or(0)
        .max(1);
    let _ = write!(
        page,
        r#"<table><caption>{caption}</caption><thead><tr><th scope="col">{head}</th><th scope="col" class="num">Docs</th><th scope="col" class="num">Errors</th><th scope="col" class="num">Warnings</th><th scope="col" class="num">Suggestions</th><th scope="col"><span class="visually-hidden">Findings</span></th></tr></thead><tbody>"#
    );
    for group in groups {
        let _ = write!(
            page,
            r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>"#,
            escape(&group.name),
            group.documents,
            group.findings.error,
            group.findings.warning,
            group.findings.suggestion,
            bars(&group.findings, widest)
        );
    }
    page.push_str("</tbody></table>");
}

/// A stacked bar of a group's findings, scaled to the largest group.
fn bars(counts: &SeverityCounts, widest: usize) -> String {
    let width = |n: usize| n * 90 / widest;
    format!(
        r#"<span class="bars" aria-hidden="true"><span class="bar e" style="width:{}px"></span><span class="bar w" style="width:{}px"></span><span class="bar" style="width:{}px"></span></span>"#,
        width(counts.error),
        width(counts.warning),
        width(counts.suggestion)
    )
}

fn rule_table(page: &mut String, overview: &Overview) {
    if overview.by_rule.is_empty() {
        page.push_str(r#"<p class="note">No findings: every document is on brand.</p>"#);
        return;
    }
    page.push_str(r#"<table><caption>By rule</caption><thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col" class="num">Findings</th><th scope="col" class="num">Documents</th></tr></thead><tbody>"#);
    for rule in &overview.by_rule {
        let name = match &rule.link {
            Some(link) if link.starts_with("https://") || link.starts_with("http://") => {
                format!(
                    r#"<a href="{}" rel="noreferrer"><code>{}</code></a>"#,
                    escape(link),
                    escape(&rule.rule)
                )
            }
            _ => format!("<code>{}</code>", escape(&rule.rule)),
        };
        let _ = write!(
            page,
            r#"<tr><th scope="row">{name}</th><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            rule.severity.map(severity).unwrap_or_default(),
            rule.findings,
            rule.documents
        );
    }
    page.push_str("</tbody></table>");
}

fn severity(severity: Severity) -> String {
    format!(r#"<span class="sev {0}">{0}</span>"#, severity.name())
}

fn tone(page: &mut String, drift: &ToneDrift, anchors: &Anchors) {
    open_section(page, "tone", "Tone drift");
    if drift.measured_documents == 0 || drift.dimensions.is_empty() {
        page.push_str(r#"<p class="note">This run has no tone measurements: the guideline in force has no tone profile, or the run was made without them. Findings, conflicts and duplicates below are complete.</p></section>"#);
        return;
    }
    let _ = write!(
        page,
        r#"<p class="legend">{} measured. {}</p>"#,
        plural(drift.measured_documents, "document"),
        heatmap::LEGEND
    );
    heatmap::render(page, drift, &|path| anchors.link(path));
    page.push_str("</section>");
}

fn conflicts(page: &mut String, conflicts: &[Conflict]) {
    open_section(page, "conflicts", "Terminology conflicts");
    page.push_str(r#"<p class="legend">Concepts that teams or channels write differently, from the findings of terminology and consistency rules. Counts are uses of off-guideline variants; only documents in the rule's languages are counted.</p>"#);
    if conflicts.is_empty() {
        page.push_str(r#"<p class="note">No conflicts: where teams deviate from the guideline, they deviate alike.</p></section>"#);
        return;
    }
    for conflict in conflicts {
        let variants: Vec<String> = conflict
            .variants
            .iter()
            .map(|v| format!("<mark>{}</mark> ×{}", escape(&v.text), v.uses))
            .collect();
        let preferred = if conflict.preferred.is_empty() {
            String::new()
        } else {
            let forms: Vec<String> = conflict
                .preferred
                .iter()
                .map(|p| format!("<code>{}</code>", escape(p)))
                .collect();
            format!("; the guideline says {}", forms.join(", "))
        };
        let _ = write!(
            page,
            r#"<h3><code>{}</code></h3><p>Written as {}{preferred} ({}).</p><div class="grid">"#,
            escape(&conflict.rule),
            variants.join(", "),
            escape(&conflict.languages.join(", "))
        );
        usage_table(page, "Per team", "Team", &conflict.teams, conflict);
        usage_table(page, "Per channel", "Channel", &conflict.channels, conflict);
        page.push_str("</div>");
    }
    page.push_str("</section>");
}

fn usage_table(
    page: &mut String,
    caption: &str,
    head: &str,
    usages: &[Usage],
    conflict: &Conflict,
) {
    let _ = write!(
        page,
        r#"<table><caption>{caption}</caption><thead><tr><th scope="col">{head}</th><th scope="col" class="num">Docs</th><th scope="col" class="num">With variant</th>"#
    );
    for variant in &conflict.variants {
        let _ = write!(
            page,
            r#"<th scope="col" class="num">{}</th>"#,
            escape(&variant.text)
        );
    }
    page.push_str("</tr></thead><tbody>");
    for usage in usages {
        let _ = write!(
            page,
            r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td>"#,
            escape(&usage.name),
            usage.documents,
            usage.documents_with_variant
        );
        for variant in &conflict.variants {
            let uses = usage.uses.get(&variant.text).copied().unwrap_or(0);
            let _ = write!(page, r#"<td class="num">{uses}</td>"#);
        }
        page.push_str("</tr>");
    }
    page.push_str("</tbody></table>");
}

fn duplicates(page: &mut String, duplicates: &[Duplicate]) {
    open_section(page, "duplicates", "Near-duplicate content");
    page.push_str(r#"<p class="legend">Pairs of documents whose prose overlaps heavily: the share of 5-word runs the two have in common (Jaccard index, estimated with MinHash sketches; exact for short documents).</p>"#);
    if duplicates.is_empty() {
        page.push_str(r#"<p class="note">No two documents overlap by half or more.</p></section>"#);
        return;
    }
    page.push_str(r#"<table><thead><tr><th scope="col">Document</th><th scope="col">Channel / team</th><th scope="col">Overlaps with</th><th scope="col">Channel / team</th><th scope="col" class="num">Overlap</th></tr></thead><tbody>"#);
    for pair in duplicates {
        let _ = write!(
            page,
            r#"<tr><th scope="row">{}</th><td>{} / {}</td><td>{}</td><td>{} / {}</td><td class="num"><span class="bar" aria-hidden="true" style="width:{}px"></span> {:.0}%</td></tr>"#,
            escape(&pair.a),
            escape(pair.a_channel.as_deref().unwrap_or("—")),
            escape(&pair.a_team),
            escape(&pair.b),
            escape(pair.b_channel.as_deref().unwrap_or("—")),
            escape(&pair.b_team),
            (pair.ratio * 60.0).round(),
            pair.ratio * 100.0
        );
    }
    page.push_str("</tbody></table></section>");
}

fn documents(
    page: &mut String,
    sections: &Sections,
    anchors: &Anchors,
    read: &mut dyn FnMut(&str) -> io::Result<Option<FileReport>>,
) -> io::Result<()> {
    open_section(page, "documents", "Worst documents");
    page.push_str(r#"<p class="legend">Ranked by findings (an error counts 10, a warning 3, a suggestion 1). Open a document for its findings and source lines.</p>"#);
    if sections.worst.is_empty() {
        page.push_str(r#"<p class="note">No document has findings.</p>"#);
    }
    let worst: BTreeSet<&str> = sections.worst.iter().map(|w| w.path.as_str()).collect();
    let mut shown = BTreeSet::new();
    for entry in &sections.worst {
        if let Some(&index) = anchors.ids.get(entry.path.as_str())
            && let Some(file) = read(&entry.path)?
        {
            document(page, &file, index);
            shown.insert(index);
        }
    }
    let others: Vec<(&str, usize)> = anchors
        .ids
        .iter()
        .filter(|(path, index)| !worst.contains(*path) && !shown.contains(*index))
        .map(|(path, &index)| (*path, index))
        .collect();
    let mut heading = false;
    for (path, index) in others {
        let Some(file) = read(path)? else { continue };
        if !heading {
            page.push_str("<h3>Other documents off their tone target</h3>");
            heading = true;
        }
        document(page, &file, index);
    }
    page.push_str("</section>");
    Ok(())
}

fn document(page: &mut String, file: &FileReport, index: usize) {
    let counts = SeverityCounts::of(&file.findings);
    let _ = write!(
        page,
        r#"<details id="doc-{index}"><summary><code>{}</code><span class="counts">{} · {} · {}, {}, {}</span></summary>"#,
        escape(&file.path),
        escape(file.channel.as_deref().unwrap_or("no channel")),
        escape(file.language.as_deref().unwrap_or("no language")),
        plural(counts.error, "error"),
        plural(counts.warning, "warning"),
        plural(counts.suggestion, "suggestion")
    );
    if file.findings.is_empty() {
        page.push_str(r#"<p class="note">No findings.</p></details>"#);
        return;
    }
    page.push_str(r#"<table><thead><tr><th scope="col" class="num">Line</th><th scope="col">Severity</th><th scope="col">Finding</th><th scope="col">Source</th></tr></thead><tbody>"#);
    for finding in &file.findings {
        let _ = write!(
            page,
            r#"<tr><td class="num">{}:{}</td><td>{}</td><td>{}<br><code>{}</code></td><td class="src">{}</td></tr>"#,
            finding.line,
            finding.column,
            severity(finding.severity),
            escape(&finding.message),
            escape(&finding.rule),
            source_line(finding)
        );
    }
    page.push_str("</tbody></table></details>");
}

/// The finding's source line with the matched text marked (the first occurrence of it).
fn source_line(finding: &FindingReport) -> String {
    let context = &finding.context;
    match (!finding.text.is_empty())
        .then(|| context.find(&finding.text))
        .flatten()
    {
        Some(at) => format!(
            "{}<mark>{}</mark>{}",
            escape(&context[..at]),
            escape(&finding.text),
            escape(&context[at + finding.text.len()..])
        ),
        None => escape(context),
    }
}

fn baseline(page: &mut String, diff: &BaselineDiff) {
    open_section(page, "baseline", "Since the baseline");
    let _ = write!(
        page,
        r#"<div class="cards"><div class="card error"><div class="n">{}</div><div class="l">new findings</div></div><div class="card"><div class="n" style="color:var(--ok)">{}</div><div class="l">fixed</div></div></div>"#,
        diff.new.len(),
        diff.fixed.len()
    );
    if !diff.new.is_empty() {
        page.push_str(r#"<table><caption>New</caption><thead><tr><th scope="col">Document</th><th scope="col" class="num">Line</th><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Text</th><th scope="col">Message</th></tr></thead><tbody>"#);
        for new in &diff.new {
            let _ = write!(
                page,
                r#"<tr><th scope="row">{}</th><td class="num">{}</td><td>{}</td><td><code>{}</code></td><td><mark>{}</mark></td><td>{}</td></tr>"#,
                escape(&new.path),
                new.line,
                severity(new.severity),
                escape(&new.rule),
                escape(&new.text),
                escape(&new.message)
            );
        }
        page.push_str("</tbody></table>");
    }
    if !diff.fixed.is_empty() {
        page.push_str(r#"<table><caption>Fixed</caption><thead><tr><th scope="col">Document</th><th scope="col">Rule</th><th scope="col">Text</th><th scope="col">Line was</th></tr></thead><tbody>"#);
        for fixed in &diff.fixed {
            let _ = write!(
                page,
                r#"<tr><th scope="row">{}</th><td><code>{}</code></td><td>{}</td><td class="src">{}</td></tr>"#,
                escape(&fixed.path),
                escape(&fixed.rule),
                escape(&fixed.text),
                escape(&fixed.context)
            );
        }
        page.push_str("</tbody></table>");
    }
    page.push_str("</section>");
}

fn errors_section(page: &mut String, errors: &[ErrorReport]) {
    if errors.is_empty() {
        return;
    }
    open_section(page, "errors", "Files that could not be linted");
    page.push_str(r#"<table><thead><tr><th scope="col">Path</th><th scope="col">Problem</th></tr></thead><tbody>"#);
    for error in errors {
        let _ = write!(
            page,
            r#"<tr><th scope="row">{}</th><td>{}</td></tr>"#,
            escape(&error.path),
            escape(&error.message)
        );
    }
    page.push_str("</tbody></table></section>");
}

/// Start a report section: its id labels it for assistive technology and links the page's
/// navigation to it.
fn open_section(page: &mut String, id: &str, title: &str) {
    let _ = write!(
        page,
        r#"<section id="{id}" aria-labelledby="{id}-h"><h2 id="{id}-h">{title}</h2>"#
    );
}
