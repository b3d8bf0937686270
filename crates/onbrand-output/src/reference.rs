//! The rule reference of a guideline, as Markdown: generated from the compiled rules, so the
//! documentation cannot drift from what runs (`onbrand rules --markdown`, `docs/rules.md`).

use crate::guideline::{Guideline, Rule};

/// The whole reference: one section per rule, in guideline order.
pub fn markdown(guideline: &Guideline) -> String {
    let mut out = String::from(
        "# Rule reference\n\n\
         Generated from the guideline by `onbrand rules --markdown`; do not edit by hand.\n\n",
    );
    for rule in guideline.rules() {
        out.push_str(&rule_section(rule, guideline.limit(rule)));
    }
    out
}

/// A rule's kind as written in guideline files (`terminology`, `avoid`, …).
pub fn kind_name(rule: &Rule) -> String {
    serde_json::to_value(rule.kind)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn rule_section(rule: &Rule, limit: Option<u32>) -> String {
    let mut out = format!("## `{}`\n\n", rule.info.id);
    if let Some(description) = &rule.description {
        out.push_str(description.trim());
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "- kind: `{}`\n- severity: {}\n",
        kind_name(rule),
        rule.info.severity.name()
    ));
    for (name, values) in [("languages", &rule.languages), ("channels", &rule.channels)] {
        if !values.is_empty() {
            out.push_str(&format!("- {name}: {}\n", values.join(", ")));
        }
    }
    if !rule.scopes.is_empty() {
        let scopes: Vec<&str> = rule.scopes.iter().map(|kind| kind.name()).collect();
        out.push_str(&format!("- scopes: {}\n", scopes.join(", ")));
    }
    if let Some(limit) = limit {
        let findings = if limit == 1 { "finding" } else { "findings" };
        out.push_str(&format!("- at most {limit} {findings} per document\n"));
    }
    if let Some(link) = &rule.info.link {
        out.push_str(&format!("- guideline: <{link}>\n"));
    }
    let examples = |marker: &str, texts: &[String]| -> String {
        texts
            .iter()
            .map(|text| format!("- {marker} {}\n", text.replace('\n', " ")))
            .collect()
    };
    if !rule.examples.bad.is_empty() || !rule.examples.good.is_empty() {
        out.push_str("\nExamples:\n\n");
        out.push_str(&examples("✘", &rule.examples.bad));
        out.push_str(&examples("✔", &rule.examples.good));
    }
    out.push('\n');
    out
}
