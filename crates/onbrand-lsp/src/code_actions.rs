//! Code actions: quick fixes, "fix all", and suppression comments.
//!
//! Every action carries its edit (no `codeAction/resolve` round trip): computing one is a string
//! splice, cheaper than the extra message.

use std::collections::HashMap;
use std::ops::Range;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};

use crate::document::Format;
use crate::finding::Finding;
use crate::lint::LintedFile;
use crate::position::{ColumnUnit, LineIndex};

use super::diagnostics;

/// The title of the source.fixAll action.
pub const FIX_ALL_TITLE: &str = "Fix all onbrand issues";

/// Everything the code action request needs to know about the document.
pub struct Context<'a> {
    pub uri: &'a Uri,
    pub format: Format,
    pub file: &'a LintedFile,
    pub unit: ColumnUnit,
    /// The client's `only` filter (`None`: every kind).
    pub only: Option<&'a [CodeActionKind]>,
}

/// The actions for the byte range `selection` (a cursor is an empty range).
pub fn actions(context: &Context<'_>, selection: Range<usize>) -> Vec<CodeActionOrCommand> {
    let file = context.file;
    let text = file.document.text.as_str();
    // Every finding the cursor touches, not only the first: two rules may flag one word.
    let at_cursor: Vec<&Finding> = file
        .findings
        .iter()
        .filter(|finding| {
            finding
                .spans()
                .any(|span| span.start <= selection.end && selection.start <= span.end)
        })
        .collect();
    let mut actions = Vec::new();
    if wants(context.only, &CodeActionKind::QUICKFIX) {
        for finding in &at_cursor {
            actions.extend(quick_fixes(context, finding));
        }
        let mut seen: Vec<(&str, usize)> = Vec::new();
        for finding in &at_cursor {
            let line = file.lines.line_of(finding.span.start);
            if seen.contains(&(finding.rule_id(), line)) {
                continue;
            }
            seen.push((finding.rule_id(), line));
            actions.extend(disable_actions(context, finding));
        }
    }
    if wants(context.only, &CodeActionKind::SOURCE_FIX_ALL)
        && let Some(action) = fix_all(context.uri, text, &file.lines, &file.findings, context.unit)
    {
        actions.push(action);
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// Whether the client's `only` filter admits `kind` (kinds are hierarchical: `source` admits
/// `source.fixAll`).
fn wants(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    let Some(only) = only else { return true };
    only.iter().any(|wanted| {
        let wanted = wanted.as_str();
        kind.as_str() == wanted
            || kind
                .as_str()
                .strip_prefix(wanted)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn text_edit(
    text: &str,
    lines: &LineIndex,
    span: &Range<usize>,
    new_text: String,
    unit: ColumnUnit,
) -> TextEdit {
    TextEdit {
        range: diagnostics::range(text, lines, span, unit),
        new_text,
    }
}

/// One quick fix per suggestion, the first preferred (what "auto fix" applies). A
/// document-level finding gets one action that fixes every occurrence.
fn quick_fixes(context: &Context<'_>, finding: &Finding) -> Vec<CodeAction> {
    let file = context.file;
    let text = file.document.text.as_str();
    let found = text.get(finding.span.clone()).unwrap_or_default();
    let diagnostic = diagnostics::from_finding(context.uri, finding, file, context.unit);
    if !finding.occurrences.is_empty() {
        let edits = finding.edits();
        if edits.is_empty() {
            return Vec::new();
        }
        return vec![CodeAction {
            title: format!("Fix all {} occurrences", edits.len()),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic]),
            edit: Some(edit(
                context.uri,
                edits
                    .into_iter()
                    .map(|(span, replacement)| {
                        text_edit(
                            text,
                            &file.lines,
                            &span,
                            replacement.to_owned(),
                            context.unit,
                        )
                    })
                    .collect(),
            )),
            is_preferred: Some(true),
            ..CodeAction::default()
        }];
    }
    finding
        .fixes
        .iter()
        .enumerate()
        .map(|(index, replacement)| CodeAction {
            title: if replacement.is_empty() {
                format!("Remove “{found}”")
            } else {
                format!("Replace “{found}” with “{replacement}”")
            },
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(edit(
                context.uri,
                vec![text_edit(
                    text,
                    &file.lines,
                    &finding.span,
                    replacement.clone(),
                    context.unit,
                )],
            )),
            is_preferred: Some(index == 0),
            ..CodeAction::default()
        })
        .collect()
}

/// The first fix of every finding, as one edit. Overlapping fixes cannot both apply: the
/// earlier one wins, as in `onbrand check --fix` ([`onbrand_engine::fix::apply`]).
pub fn fix_all(
    uri: &Uri,
    text: &str,
    lines: &LineIndex,
    findings: &[Finding],
    unit: ColumnUnit,
) -> Option<CodeAction> {
    let mut fixes: Vec<(Range<usize>, &str)> = findings
        .iter()
        .flat_map(Finding::edits)
        .filter(|(span, _)| text.get(span.clone()).is_some())
        .collect();
    fixes.sort_by_key(|(span, _)| (span.start, span.end));
    let mut edits = Vec::new();
    let mut cursor = 0;
    for (span, replacement) in fixes {
        if span.start < cursor {
            continue;
        }
        edits.push(text_edit(text, lines, &span, replacement.to_owned(), unit));
        cursor = span.end;
    }
    if edits.is_empty() {
        return None;
    }
    Some(CodeAction {
        title: FIX_ALL_TITLE.to_owned(),
        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
        edit: Some(edit(uri, edits)),
        ..CodeAction::default()
    })
}

/// "Disable <rule> on this line" and "… in this file", in the document's comment syntax.
/// E-mail gets none: an `.eml` is usually generated, and a comment in one of its MIME parts
/// would be sent to customers.
fn disable_actions(context: &Context<'_>, finding: &Finding) -> Vec<CodeAction> {
    let file = context.file;
    let text = file.document.text.as_str();
    let rule = finding.rule_id();
    let mut actions = Vec::new();
    if let Some((offset, comment)) = line_suppression(context.format, text, &file.lines, finding) {
        actions.push(insert_action(
            context,
            format!("Disable {rule} on this line"),
            offset,
            comment,
        ));
    }
    if let Some((offset, comment)) = file_suppression(context.format, text, rule) {
        actions.push(insert_action(
            context,
            format!("Disable {rule} in this file"),
            offset,
            comment,
        ));
    }
    actions
}

fn insert_action(
    context: &Context<'_>,
    title: String,
    offset: usize,
    comment: String,
) -> CodeAction {
    let file = context.file;
    let text = file.document.text.as_str();
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(edit(
            context.uri,
            vec![text_edit(
                text,
                &file.lines,
                &(offset..offset),
                comment,
                context.unit,
            )],
        )),
        ..CodeAction::default()
    }
}

/// A comment in the document's syntax.
fn comment(format: Format, body: &str) -> Option<String> {
    match format {
        Format::Markdown | Format::Html => Some(format!("<!-- {body} -->")),
        Format::Mdx => Some(format!("{{/* {body} */}}")),
        Format::Text => Some(body.to_owned()),
        Format::Dita => Some(format!("<!-- {body} -->")),
        Format::Org => Some(format!("# {body}")),
        Format::AsciiDoc => Some(format!("// {body}")),
        Format::Rst => Some(format!(".. {body}")),
        // Message files do not read suppression comments (yet): offering one would mislead.
        Format::Email
        | Format::Fluent
        | Format::Yaml
        | Format::Json
        | Format::Toml
        | Format::Po
        | Format::Xliff => None,
        // `Format` is non-exhaustive: a format added later offers no comment until it says
        // how it reads suppressions.
        _ => None,
    }
}

/// Where and what to insert to silence `finding`'s rule on its line.
///
/// Usually an `onbrand-disable-next-line` comment on a line of its own above, indented like the
/// line so that it stays inside a list item. In Markdown, a comment line between two lines of
/// one paragraph (or table) would split it when rendered, so there the comment goes at the end
/// of the line instead, as `onbrand-disable-line` (inside the last cell of a table row, before
/// trailing spaces that make a hard break). `None` where no comment fits: in front matter, or
/// inside a tag that spans lines.
pub fn line_suppression(
    format: Format,
    text: &str,
    lines: &LineIndex,
    finding: &Finding,
) -> Option<(usize, String)> {
    let line = lines.line_of(finding.span.start);
    let start = lines.line_start(line);
    if front_matter_end(format, text).is_some_and(|end| start < end) {
        return None;
    }
    if matches!(format, Format::Html | Format::Markdown | Format::Mdx) && inside_tag(text, start) {
        return None;
    }
    let range = lines.line_range(text, line);
    let line_text = &text[range.clone()];
    let rule = finding.rule_id();
    let continues_block = line > 0 && !text[lines.line_range(text, line - 1)].trim().is_empty();
    if matches!(format, Format::Markdown | Format::Mdx) && continues_block {
        let comment = comment(format, &format!("onbrand-disable-line {rule}"))?;
        let content = line_text.trim_end();
        if let Some(last_pipe) = content.strip_suffix('|').map(str::len) {
            let before = content[..last_pipe].trim_end().len();
            return Some((range.start + before, format!(" {comment}")));
        }
        return Some((range.start + content.len(), format!(" {comment}")));
    }
    let indent = &line_text[..line_text.len() - line_text.trim_start().len()];
    let newline = if text[range.end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let comment = comment(format, &format!("onbrand-disable-next-line {rule}"))?;
    Some((start, format!("{indent}{comment}{newline}")))
}

/// Where and what to insert to silence `rule` in the whole document: an `onbrand-disable`
/// comment at the top (after front matter, which must stay first, and after an HTML doctype).
pub fn file_suppression(format: Format, text: &str, rule: &str) -> Option<(usize, String)> {
    let comment = comment(format, &format!("onbrand-disable {rule}"))?;
    let offset = match format {
        Format::Markdown | Format::Mdx => front_matter_end(format, text).unwrap_or(0),
        Format::Html => doctype_end(text).unwrap_or(0),
        _ => 0,
    };
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    // At the very end of a text without a final newline, start a line first.
    let prefix = if offset > 0 && !text[..offset].ends_with('\n') {
        newline
    } else {
        ""
    };
    Some((offset, format!("{prefix}{comment}{newline}")))
}

/// The byte offset just after a Markdown front matter block (`---` YAML or `+++` TOML).
fn front_matter_end(format: Format, text: &str) -> Option<usize> {
    if !matches!(format, Format::Markdown | Format::Mdx) {
        return None;
    }
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skipped = text.len() - body.len();
    let fence = ["---", "+++"].into_iter().find(|fence| {
        body.strip_prefix(fence)
            .is_some_and(|rest| rest.starts_with('\n') || rest.starts_with("\r\n"))
    })?;
    let mut offset = skipped + body.find('\n')? + 1;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == fence {
            return Some(end);
        }
        offset = end;
    }
    None
}

/// The offset after a leading `<!doctype …>` line.
fn doctype_end(text: &str) -> Option<usize> {
    let trimmed = text.trim_start();
    if !trimmed.get(..9)?.eq_ignore_ascii_case("<!doctype") {
        return None;
    }
    let start = text.len() - trimmed.len();
    let close = start + trimmed.find('>')? + 1;
    Some(
        text[close..]
            .find('\n')
            .map_or(text.len(), |i| close + i + 1),
    )
}

/// Whether `offset` lies inside an open tag (`<img\n  alt="…">`): the last `<` before it is
/// after the last `>`. Comments and code cannot hold findings, so this rough test suffices.
fn inside_tag(text: &str, offset: usize) -> bool {
    let before = &text[..offset];
    match (before.rfind('<'), before.rfind('>')) {
        (Some(open), Some(close)) => open > close && looks_like_tag(&text[open..]),
        (Some(open), None) => looks_like_tag(&text[open..]),
        _ => false,
    }
}

fn looks_like_tag(from_angle: &str) -> bool {
    from_angle[1..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_comments_go_after_front_matter_and_doctype() {
        let markdown = "---\ntitle: Hi\n---\n# Hello\n";
        assert_eq!(
            file_suppression(Format::Markdown, markdown, "x.y"),
            Some((18, "<!-- onbrand-disable x.y -->\n".to_owned()))
        );
        let html = "<!DOCTYPE html>\r\n<p>Hi</p>\r\n";
        assert_eq!(
            file_suppression(Format::Html, html, "x.y"),
            Some((17, "<!-- onbrand-disable x.y -->\r\n".to_owned()))
        );
        assert_eq!(
            file_suppression(Format::Mdx, "Hi\n", "x.y"),
            Some((0, "{/* onbrand-disable x.y */}\n".to_owned()))
        );
        assert_eq!(
            file_suppression(Format::Text, "Hi\n", "x.y"),
            Some((0, "onbrand-disable x.y\n".to_owned()))
        );
        assert_eq!(file_suppression(Format::Email, "Hi\n", "x.y"), None);
    }

    #[test]
    fn kinds_filter_hierarchically() {
        let source = [CodeActionKind::SOURCE];
        assert!(wants(Some(&source), &CodeActionKind::SOURCE_FIX_ALL));
        assert!(!wants(Some(&source), &CodeActionKind::QUICKFIX));
        assert!(wants(None, &CodeActionKind::QUICKFIX));
    }

    #[test]
    fn open_tags_are_detected() {
        let text = "<img\n  alt=\"x\">\n<p>a\nb</p>";
        let second = text.find("  alt").unwrap_or_default();
        assert!(inside_tag(text, second));
        let b = text.rfind("b</p>").unwrap_or_default();
        assert!(!inside_tag(text, b));
    }
}
