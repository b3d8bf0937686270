//! The report as Markdown, short enough for a pull-request comment: counts, the rules and
//! documents that matter most, conflicts, duplicates, tone groups off target, and the
//! baseline's new and fixed findings. User text is escaped for table cells and inline code.

use std::fmt::Write;

use super::Sections;
use super::numbers::number;

/// Rows per table: a PR comment is read, not scrolled.
const ROWS: usize = 10;

pub(crate) fn render(sections: &Sections) -> String {
    let mut out = String::new();
    summary(&mut out, sections);
    if let Some(diff) = &sections.baseline {
        let _ = writeln!(
            out,
            "\n### Since the baseline\n\n**{}** new, **{}** fixed.\n",
            diff.new.len(),
            diff.fixed.len()
        );
        if !diff.new.is_empty() {
            out.push_str("| Document | Line | Severity | Rule | Text |\n|---|---:|---|---|---|\n");
            for new in diff.new.iter().take(ROWS) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    cell(&new.path),
                    new.line,
                    new.severity.name(),
                    code(&new.rule),
                    code(&new.text)
                );
            }
            more(&mut out, diff.new.len());
        }
    }
    rules(&mut out, sections);
    tone(&mut out, sections);
    conflicts(&mut out, sections);
    duplicates(&mut out, sections);
    worst(&mut out, sections);
    out
}

fn summary(out: &mut String, sections: &Sections) {
    let o = &sections.overview;
    let _ = writeln!(
        out,
        "## onbrand report\n\n**{}** documents{} · **{}** errors · **{}** warnings · **{}** suggestions\n",
        o.documents,
        o.words.map(|w| format!(", {w} words")).unwrap_or_default(),
        o.findings.error,
        o.findings.warning,
        o.findings.suggestion
    );
    out.push_str(
        "| Channel | Docs | Errors | Warnings | Suggestions |\n|---|---:|---:|---:|---:|\n",
    );
    for group in &o.by_channel {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&group.name),
            group.documents,
            group.findings.error,
            group.findings.warning,
            group.findings.suggestion
        );
    }
}

fn rules(out: &mut String, sections: &Sections) {
    let rules = &sections.overview.by_rule;
    if rules.is_empty() {
        return;
    }
    out.push_str(
        "\n### Top rules\n\n| Rule | Severity | Findings | Documents |\n|---|---|---:|---:|\n",
    );
    for rule in rules.iter().take(ROWS) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            code(&rule.rule),
            rule.severity.map(|s| s.name()).unwrap_or(""),
            rule.findings,
            rule.documents
        );
    }
    more(out, rules.len());
}

fn tone(out: &mut String, sections: &Sections) {
    let drift = &sections.tone;
    if drift.measured_documents == 0 {
        out.push_str("\n### Tone drift\n\nNo tone measurements in this run.\n");
        return;
    }
    out.push_str("\n### Tone drift\n\n| Dimension | Group | Median | Target | Off target |\n|---|---|---:|---|---:|\n");
    for dimension in &drift.dimensions {
        for group in dimension.groups.iter().filter(|g| g.axis == "channel") {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {}/{} |",
                cell(&dimension.name),
                cell(&group.name),
                number(group.median),
                group.target(),
                group.outside,
                group.documents
            );
        }
    }
}

fn conflicts(out: &mut String, sections: &Sections) {
    if sections.conflicts.is_empty() {
        return;
    }
    out.push_str("\n### Terminology conflicts\n\n");
    for conflict in sections.conflicts.iter().take(ROWS) {
        let variants: Vec<String> = conflict
            .variants
            .iter()
            .map(|v| format!("{} ×{}", code(&v.text), v.uses))
            .collect();
        let teams: Vec<String> = conflict
            .teams
            .iter()
            .map(|t| {
                let uses: usize = t.uses.values().sum();
                format!("{} {}", cell(&t.name), uses)
            })
            .collect();
        let _ = writeln!(
            out,
            "- {}: {} — per team: {}",
            code(&conflict.rule),
            variants.join(", "),
            teams.join(", ")
        );
    }
}

fn duplicates(out: &mut String, sections: &Sections) {
    if sections.duplicates.is_empty() {
        return;
    }
    out.push_str(
        "\n### Near-duplicates\n\n| Document | Overlaps with | Overlap |\n|---|---|---:|\n",
    );
    for pair in sections.duplicates.iter().take(ROWS) {
        let _ = writeln!(
            out,
            "| {} | {} | {:.0}% |",
            cell(&pair.a),
            cell(&pair.b),
            pair.ratio * 100.0
        );
    }
    more(out, sections.duplicates.len());
}

fn worst(out: &mut String, sections: &Sections) {
    if sections.worst.is_empty() {
        return;
    }
    out.push_str("\n### Worst documents\n\n| Document | Errors | Warnings | Suggestions |\n|---|---:|---:|---:|\n");
    for document in sections.worst.iter().take(ROWS) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&document.path),
            document.errors,
            document.warnings,
            document.suggestions
        );
    }
}

fn more(out: &mut String, total: usize) {
    if total > ROWS {
        let _ = writeln!(out, "\n…and {} more.", total - ROWS);
    }
}

/// Text for a table cell: pipes, newlines and HTML-significant characters escaped.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '*' | '_' | '`' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Inline code that survives backticks in the text, for use in a table cell.
fn code(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect::<String>()
        .replace('|', "\\|");
    let fence = if clean.contains('`') { "``" } else { "`" };
    format!("{fence} {clean} {fence}")
}
