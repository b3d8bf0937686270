//! Vale's `metric` and `readability` → a `metric` rule: the formula (or the mean of the chosen
//! readability scores) and the condition, scored over the whole document as Vale 3 does.

use onbrand_engine::checks::{KindSpec, metric};
use onbrand_engine::document::{Scope, SegmentKind};
use onbrand_engine::spec::Per;

use super::Draft;
use crate::rule::ValeRule;

/// `extends: metric`: the formula in onbrand's names, the condition as written.
pub(super) fn convert_metric(draft: &mut Draft<'_>) -> Option<KindSpec> {
    let rule = draft.rule;
    let (Some(formula), Some(condition)) = (&rule.formula, &rule.condition) else {
        draft
            .converted
            .note("needs `formula` and `condition`", "not converted");
        return None;
    };
    Some(metric_rule(
        draft,
        metric_formula(formula),
        condition.trim().to_owned(),
    ))
}

/// `extends: readability`: Vale grades by the mean of the chosen scores, against `> grade`.
pub(super) fn convert_readability(draft: &mut Draft<'_>) -> Option<KindSpec> {
    let rule = draft.rule;
    let names: Option<Vec<&str>> = rule.metrics.iter().map(|m| score(m)).collect();
    let (Some(names), Some(grade)) = (names.filter(|n| !n.is_empty()), rule.grade) else {
        draft.converted.note(
            "readability needs `grade` and known `metrics`",
            "not converted",
        );
        return None;
    };
    let formula = format!("({}) / {}", names.join(" + "), names.len());
    Some(metric_rule(draft, formula, format!("> {grade}")))
}

/// The rule for a formula and condition, scored where Vale scores it ([`metric_per`]).
fn metric_rule(draft: &mut Draft<'_>, formula: String, condition: String) -> KindSpec {
    let per = metric_per(draft.rule);
    draft.common.scopes = match per {
        Some(_) => vec![Scope::Kind(SegmentKind::Paragraph)],
        None => Vec::new(),
    };
    draft.set_message(&["value"]);
    KindSpec::Metric(metric::Fields {
        formula: Some(formula),
        condition: Some(condition),
        per,
    })
}

/// A Vale metric formula in onbrand's names: Tengo's `math.sqrt(x)` is `sqrt(x)`, and Vale's
/// block counts `list` and `blockquote` are `list_items` and `blockquotes`. Anything else is
/// kept as written (a name onbrand does not know is reported when the rule is compiled).
fn metric_formula(formula: &str) -> String {
    let mut out = String::new();
    let mut rest = formula.trim();
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(after.len());
        let name = &after[..end];
        let name = name.strip_prefix("math.").unwrap_or(name);
        out.push_str(match name {
            "list" => "list_items",
            "blockquote" => "blockquotes",
            other => other,
        });
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Where a metric is scored (None: the whole document). Vale 3 scores a `metric` rule over the
/// whole document whatever its `scope` says, and a `readability` rule too when all its
/// `metrics` are among the five it knows by name (its "summary" scope); otherwise per paragraph
/// when its scope says so.
fn metric_per(rule: &ValeRule) -> Option<Per> {
    const WHOLE_DOCUMENT_SCORES: [&str; 5] = [
        "Gunning Fog",
        "Coleman-Liau",
        "Flesch-Kincaid",
        "SMOG",
        "Automated Readability",
    ];
    let whole_document = rule.extends.as_deref().map(str::trim) == Some("metric")
        || rule
            .metrics
            .iter()
            .all(|metric| WHOLE_DOCUMENT_SCORES.contains(&metric.as_str()));
    let paragraph = rule
        .scope
        .as_ref()
        .is_some_and(|s| s.items().iter().any(|i| i.trim() == "paragraph"));
    (paragraph && !whole_document).then_some(Per::Paragraph)
}

/// Vale's readability score names → onbrand's metric variables.
fn score(name: &str) -> Option<&'static str> {
    let key: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match key.as_str() {
        "fleschkincaid" => "flesch_kincaid",
        "gunningfog" => "gunning_fog",
        "colemanliau" => "coleman_liau",
        "smog" => "smog",
        "automatedreadability" => "automated_readability",
        "lix" => "lix",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::convert;
    use super::*;
    use crate::rule;

    #[test]
    fn metrics_and_readability_become_metric_rules() {
        let rule = rule::parse(
            "extends: metric\nmessage: Grade %s.\nformula: |\n  words / sentences\ncondition: \"> 1\"\n",
        )
        .unwrap();
        let table = convert("G.Level", &rule, &[]).table().unwrap();
        assert_eq!(table["kind"].as_str(), Some("metric"));
        assert_eq!(table["formula"].as_str(), Some("words / sentences"));
        assert_eq!(table["condition"].as_str(), Some("> 1"));
        assert_eq!(table["message"].as_str(), Some("Grade {value}."));
        assert!(table.get("per").is_none());
        assert_eq!(
            metric_formula("math.sqrt(list + blockquote) * math.round(words, 2) - 0.5e1"),
            "sqrt(list_items + blockquotes) * round(words, 2) - 0.5e1"
        );
        let rule = rule::parse(
            "extends: readability\ngrade: 9\nscope: paragraph\nmetrics:\n  - Flesch-Kincaid\n  - Gunning Fog\n",
        )
        .unwrap();
        let table = convert("R.Grade", &rule, &[]).table().unwrap();
        assert_eq!(
            table["formula"].as_str(),
            Some("(flesch_kincaid + gunning_fog) / 2")
        );
        assert_eq!(table["condition"].as_str(), Some("> 9"));
        // Vale 3 scores these five over the whole document whatever the scope; others (LIX)
        // follow the scope.
        assert!(table.get("per").is_none());
        let rule =
            rule::parse("extends: readability\ngrade: 9\nscope: paragraph\nmetrics:\n  - LIX\n")
                .unwrap();
        let table = convert("R.Lix", &rule, &[]).table().unwrap();
        assert_eq!(table["per"].as_str(), Some("paragraph"));
        let rule = rule::parse(
            "extends: metric\nmessage: Grade %s.\nscope: paragraph\nformula: words\ncondition: \"> 1\"\n",
        )
        .unwrap();
        let table = convert("M.Words", &rule, &[]).table().unwrap();
        assert!(table.get("per").is_none());
    }
}
