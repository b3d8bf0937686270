//! One Vale rule → one onbrand `[[rule]]` table, with a note for everything not exact.

use toml::{Table, Value};

use super::rule::ValeRule;

/// What the conversion of a rule gave: a rule table (None: not converted) and the notes.
#[derive(Debug, Default)]
pub struct Converted {
    pub table: Option<Table>,
    /// Why it is not exact, and what was done instead.
    pub notes: Vec<(String, String)>,
}

impl Converted {
    fn note(&mut self, reason: impl Into<String>, instead: impl Into<String>) {
        self.notes.push((reason.into(), instead.into()));
    }
}

/// Vale's levels; anything else is reported and becomes a warning.
pub fn severity(level: Option<&str>) -> Option<&'static str> {
    match level.map(str::trim).unwrap_or("suggestion") {
        "error" => Some("error"),
        "warning" => Some("warning"),
        "suggestion" => Some("suggestion"),
        _ => None,
    }
}

/// `%s` placeholders in order become `names`; `%%` is a percent sign.
pub fn message(template: &str, names: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = template;
    let mut used = 0;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(stripped) = after.strip_prefix('s') {
            match names.get(used) {
                Some(name) => out.push_str(&format!("{{{name}}}")),
                None => out.push_str("%s"),
            }
            used += 1;
            rest = stripped;
        } else if let Some(stripped) = after.strip_prefix('%') {
            out.push('%');
            rest = stripped;
        } else {
            out.push('%');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Vale's scopes → onbrand segment kinds (empty: all). `~x` excludes, `a & b` intersects.
fn scopes(rule: &ValeRule, converted: &mut Converted) -> Vec<String> {
    const ALL: [&str; 9] = [
        "heading",
        "paragraph",
        "list-item",
        "table-cell",
        "block-quote",
        "alt-text",
        "title",
        "description",
        "subject",
    ];
    let Some(scope) = &rule.scope else {
        return Vec::new();
    };
    let mut union: Vec<&str> = Vec::new();
    for item in scope.items() {
        let mut set: Vec<&str> = ALL.to_vec();
        for part in item.split('&').map(str::trim) {
            let (negate, name) = match part.strip_prefix('~') {
                Some(name) => (true, name.trim()),
                None => (false, part),
            };
            let base = name.split('.').next().unwrap_or(name);
            let kinds: Vec<&str> = match base {
                "text" | "sentence" | "raw" | "markup" => ALL.to_vec(),
                "heading" => vec!["heading"],
                "paragraph" => vec!["paragraph"],
                "list" => vec!["list-item"],
                "table" => vec!["table-cell"],
                "blockquote" => vec!["block-quote"],
                "alt" => vec!["alt-text"],
                "title" => vec!["title"],
                "summary" => vec!["paragraph", "list-item", "table-cell", "block-quote"],
                "code" | "comment" | "attr" => Vec::new(),
                other => {
                    converted.note(
                        format!("unknown scope `{other}`"),
                        "the rule looks at all prose",
                    );
                    ALL.to_vec()
                }
            };
            if base == "raw" {
                converted.note(
                    "scope `raw` matches markup in Vale; onbrand checks prose only",
                    "the rule looks at the prose of every segment",
                );
            }
            if matches!(base, "code" | "comment" | "attr") && !negate {
                converted.note(
                    format!("scope `{base}`: onbrand never treats code or comments as prose"),
                    "the rule never fires",
                );
            }
            if name.contains('.') && base == "heading" {
                converted.note(
                    format!("scope `{name}`: heading levels are not distinguished"),
                    "the rule looks at every heading",
                );
            }
            set.retain(|k| kinds.contains(k) != negate);
        }
        for kind in set {
            if !union.contains(&kind) {
                union.push(kind);
            }
        }
    }
    if union.len() == ALL.len() {
        return Vec::new();
    }
    if union.is_empty() {
        // Nothing onbrand checks: keep the rule, but give it a scope no document has.
        return vec!["subject".to_owned()];
    }
    union.into_iter().map(str::to_owned).collect()
}

/// Whether an occurrence token counts words: `\b(\w+)\b`, `\w+` and the like.
fn counts_words(token: &str) -> bool {
    let bare: String = token
        .replace(r"\b", "")
        .chars()
        .filter(|c| !matches!(c, '(' | ')'))
        .collect();
    matches!(bare.as_str(), r"\w+" | r"[\w]+" | r"[^\s]+" | r"\S+")
}

/// The regex Vale builds for an existence rule's tokens and raw parts.
pub fn existence_regex(rule: &ValeRule) -> String {
    let tokens = rule.tokens.join("|");
    let raw = rule.raw.join("");
    let core = if rule.tokens.is_empty() {
        String::new()
    } else if rule.nonword {
        format!("(?:{tokens})")
    } else {
        format!(r"\b(?:{tokens})\b")
    };
    if rule.append {
        format!("{core}{raw}")
    } else {
        format!("{raw}{core}")
    }
}

fn strings(items: &[String]) -> Value {
    Value::Array(items.iter().cloned().map(Value::String).collect())
}

/// Convert `rule` (`id` = `Style.Rule`). `vocab` are accepted words: exceptions of every
/// existence and substitution rule, as in Vale.
pub fn convert(id: &str, rule: &ValeRule, vocab: &[String]) -> Converted {
    let mut converted = Converted::default();
    let mut table = Table::new();
    table.insert("id".into(), Value::String(id.to_owned()));
    let extends = rule.extends.as_deref().unwrap_or("").trim();
    let level = rule.level.as_deref();
    let severity = severity(level).unwrap_or_else(|| {
        converted.note(
            format!("unknown level {:?}", level.unwrap_or("")),
            "severity warning",
        );
        "warning"
    });
    table.insert("severity".into(), Value::String(severity.into()));
    if let Some(link) = &rule.link {
        table.insert("link".into(), Value::String(link.clone()));
    }
    if let Some(description) = &rule.description {
        table.insert("description".into(), Value::String(description.clone()));
    }
    let scopes = scopes(rule, &mut converted);
    if !scopes.is_empty() {
        table.insert(
            "scopes".into(),
            Value::Array(scopes.into_iter().map(Value::String).collect()),
        );
    }
    if rule.limit.is_some() {
        converted.note(
            "`limit` (at most N alerts per file) has no onbrand equivalent",
            "every match is reported",
        );
    }
    let mut exceptions = rule.exceptions.clone();
    let set_message = |table: &mut Table, names: &[&str]| {
        if let Some(text) = &rule.message {
            table.insert("message".into(), Value::String(message(text, names)));
        }
    };
    match extends {
        "existence" => {
            if rule.tokens.is_empty() && rule.raw.is_empty() {
                converted.note("no tokens and no raw", "not converted");
                return converted;
            }
            exceptions.extend(vocab.iter().cloned());
            table.insert("kind".into(), Value::String("pattern".into()));
            table.insert("pattern".into(), Value::String(existence_regex(rule)));
            if rule.ignorecase {
                table.insert("ignore-case".into(), Value::Boolean(true));
            }
            if !exceptions.is_empty() {
                table.insert("exceptions".into(), strings(&exceptions));
            }
            action(rule, &mut table, &mut converted);
            set_message(&mut table, &["match"]);
        }
        "substitution" => {
            if rule.swap.is_empty() {
                converted.note("no swap entries", "not converted");
                return converted;
            }
            exceptions.extend(vocab.iter().cloned());
            table.insert("kind".into(), Value::String("substitution".into()));
            let swap = rule
                .swap
                .iter()
                .map(|(key, value)| {
                    let mut entry = Table::new();
                    entry.insert("pattern".into(), Value::String(key.clone()));
                    entry.insert("use".into(), Value::String(value.clone()));
                    Value::Table(entry)
                })
                .collect();
            table.insert("swap".into(), Value::Array(swap));
            if rule.ignorecase {
                table.insert("ignore-case".into(), Value::Boolean(true));
            }
            if rule.nonword {
                table.insert("whole-words".into(), Value::Boolean(false));
            }
            if !exceptions.is_empty() {
                table.insert("exceptions".into(), strings(&exceptions));
            }
            set_message(&mut table, &["expected", "match"]);
        }
        "occurrence" => {
            let Some(token) = &rule.token else {
                converted.note("no token", "not converted");
                return converted;
            };
            let scope = rule
                .scope
                .as_ref()
                .map(|s| s.items().join(","))
                .unwrap_or_default();
            let per = if scope.contains("sentence") {
                "sentence"
            } else if scope.contains("paragraph") || scope.contains("heading") {
                "paragraph"
            } else {
                "document"
            };
            table.remove("scopes");
            if counts_words(token) && rule.min.is_none() && rule.max.is_some() {
                // "At most N words per sentence": a length limit, which reports each sentence
                // that is too long once, as Vale does, and needs no regex.
                table.insert("kind".into(), Value::String("length".into()));
                table.insert("unit".into(), Value::String("words".into()));
                table.insert("per".into(), Value::String(per.into()));
                if let Some(max) = rule.max {
                    table.insert("max".into(), Value::Integer(max.into()));
                }
                converted.note(
                    "a word-count occurrence rule: Vale reports the sentence at its start",
                    "a `length` rule in words, reported from the first word beyond `max`",
                );
                set_message(&mut table, &["count"]);
            } else {
                table.insert("kind".into(), Value::String("occurrence".into()));
                table.insert("pattern".into(), Value::String(token.clone()));
                table.insert("per".into(), Value::String(per.into()));
                if let Some(max) = rule.max {
                    table.insert("max".into(), Value::Integer(max.into()));
                }
                if let Some(min) = rule.min {
                    table.insert("min".into(), Value::Integer(min.into()));
                }
                if rule.ignorecase {
                    table.insert("ignore-case".into(), Value::Boolean(true));
                }
                if rule.max.is_some() {
                    converted.note(
                        "Vale reports the whole sentence/paragraph that has too many matches",
                        "onbrand reports each match beyond `max`",
                    );
                }
                set_message(&mut table, &["count"]);
            }
        }
        "repetition" => {
            table.insert("kind".into(), Value::String("repetition".into()));
            if !rule
                .tokens
                .iter()
                .any(|t| t.contains("[^\\s]+") || t == "\\w+")
            {
                converted.note(
                    "repetition `tokens` other than any word",
                    "any repeated word is reported",
                );
            }
            set_message(&mut table, &["match"]);
        }
        "consistency" => {
            if rule.either.is_empty() {
                converted.note("no `either` entries", "not converted");
                return converted;
            }
            let literal = |s: &str| !s.chars().any(|c| "\\[](){}.*+?|^$".contains(c));
            if !rule.either.iter().all(|(a, b)| literal(a) && literal(b)) {
                converted.note(
                    "consistency keys are regexes; onbrand's consistency forms are words",
                    "not converted",
                );
                return converted;
            }
            converted.note(
                "Vale checks each `either` pair on its own; onbrand gets one group per side",
                "one rule over all pairs",
            );
            table.insert("kind".into(), Value::String("consistency".into()));
            let (left, right): (Vec<String>, Vec<String>) = rule
                .either
                .iter()
                .map(|(a, b)| (a.clone(), b.clone()))
                .unzip();
            table.insert(
                "variants".into(),
                Value::Array(vec![strings(&left), strings(&right)]),
            );
            if rule.ignorecase {
                table.insert("ignore-case".into(), Value::Boolean(true));
            }
            set_message(&mut table, &["match"]);
        }
        "conditional" => {
            let (Some(first), Some(second)) = (&rule.first, &rule.second) else {
                converted.note("needs `first` and `second`", "not converted");
                return converted;
            };
            table.insert("kind".into(), Value::String("conditional".into()));
            table.insert("pattern".into(), Value::String(first.clone()));
            table.insert("definition".into(), Value::String(second.clone()));
            if !exceptions.is_empty() {
                table.insert("exceptions".into(), strings(&exceptions));
            }
            converted.note(
                "Vale accepts a definition anywhere in the document",
                "onbrand needs it before the first use",
            );
            set_message(&mut table, &["match"]);
        }
        "capitalization" => {
            let style = match rule.matches.as_deref().map(str::trim) {
                Some("$title") => "title",
                Some("$sentence") => "sentence",
                Some("$lower") => "lower",
                Some("$upper") => "upper",
                other => {
                    converted.note(
                        format!("capitalization `match: {}` (a regex)", other.unwrap_or("")),
                        "not converted",
                    );
                    return converted;
                }
            };
            table.insert("kind".into(), Value::String("capitalization".into()));
            table.insert("style".into(), Value::String(style.into()));
            if !exceptions.is_empty() {
                table.insert("exceptions".into(), strings(&exceptions));
            }
            if rule.threshold.is_some() || !rule.indicators.is_empty() || rule.style.is_some() {
                converted.note(
                    "capitalization `threshold`, `indicators` and title-case `style` (AP/Chicago)",
                    "onbrand's own case rules",
                );
            }
            set_message(&mut table, &["match"]);
        }
        "script" | "sequence" | "spelling" | "metric" | "readability" => {
            converted.note(
                format!("`extends: {extends}` is not supported by onbrand"),
                "not converted",
            );
            return converted;
        }
        other => {
            converted.note(format!("unknown `extends: {other}`"), "not converted");
            return converted;
        }
    }
    converted.table = Some(table);
    converted
}

/// Vale's `action` → onbrand fixes, where onbrand has an equivalent.
fn action(rule: &ValeRule, table: &mut Table, converted: &mut Converted) {
    let Some(action) = &rule.action else { return };
    match action.name.as_deref() {
        Some("remove") => {
            table.insert("replace".into(), Value::String(String::new()));
        }
        Some("replace") if action.params.len() == 1 => {
            table.insert("replace".into(), Value::String(action.params[0].clone()));
        }
        Some(name) => converted.note(
            format!("action `{name}` with these parameters"),
            "findings without a fix",
        ),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule;
    use super::*;

    #[test]
    fn messages_and_regexes() {
        assert_eq!(
            message("Use '%s' not '%s' (100%%).", &["expected", "match"]),
            "Use '{expected}' not '{match}' (100%)."
        );
        let rule = ValeRule {
            tokens: vec!["a".into(), "b".into()],
            raw: vec![r"\d".into()],
            ..ValeRule::default()
        };
        assert_eq!(existence_regex(&rule), r"\d\b(?:a|b)\b");
    }

    #[test]
    fn word_count_occurrences_become_length_limits() {
        let rule = rule::parse(
            "extends: occurrence\nmessage: Keep sentences short.\nscope: sentence\nmax: 25\ntoken: \\b(\\w+)\\b\n",
        )
        .unwrap();
        let table = convert("S.Length", &rule, &[]).table.unwrap();
        assert_eq!(table["kind"].as_str(), Some("length"));
        assert_eq!(table["unit"].as_str(), Some("words"));
        assert_eq!(table["per"].as_str(), Some("sentence"));
        assert_eq!(table["max"].as_integer(), Some(25));
        // Any other token stays an occurrence rule.
        let rule =
            rule::parse("extends: occurrence\nscope: sentence\nmax: 3\ntoken: ','\n").unwrap();
        let table = convert("S.Commas", &rule, &[]).table.unwrap();
        assert_eq!(table["kind"].as_str(), Some("occurrence"));
        assert!(counts_words(r"\w+") && !counts_words(r"\d+"));
    }
}
