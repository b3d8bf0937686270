//! One Vale rule → one onbrand `[[rule]]` table, with a note for everything not exact.

use toml::{Table, Value};

use super::rule::ValeRule;

/// What the conversion of a rule gave: a rule table (None: not converted) and the notes.
#[derive(Debug, Default)]
pub struct Converted {
    pub table: Option<Table>,
    /// Why it is not exact, and what was done instead.
    pub notes: Vec<(String, String)>,
    /// The Vale key each onbrand key was made from, where their names differ (`pattern` from
    /// `tokens`): an error in the converted rule names the key the author wrote.
    pub vale_keys: Vec<(&'static str, &'static str)>,
}

impl Converted {
    fn note(&mut self, reason: impl Into<String>, instead: impl Into<String>) {
        self.notes.push((reason.into(), instead.into()));
    }
}

/// Vale's levels; anything else is reported and becomes a warning. A rule without a level is
/// a warning, as Vale's manager makes it.
pub fn severity(level: Option<&str>) -> Option<&'static str> {
    match level.map(str::trim).unwrap_or("warning") {
        "error" => Some("error"),
        "warning" => Some("warning"),
        "suggestion" => Some("suggestion"),
        _ => None,
    }
}

/// A Vale message as onbrand renders it: Vale fills its messages with Go's `fmt.Sprintf`, given
/// the rule's values (`names`, in Vale's order) and one more, empty, argument (its
/// `CondSprintf`, which also keeps Go from complaining about unused values). So, as Go prints
/// strings: `%s` and `%v` show the value, `%q` shows it in double quotes, `%[2]s` picks a value
/// by index, a verb past the values shows the empty one and then `%!s(MISSING)`, a numeric verb
/// (`%d`, `%f`) shows `%!d(string=…)` (every value is a string), a bad index `%!s(BADINDEX)`,
/// a `%` at the end `%!(NOVERB)`, and `%%` a percent sign. Flags, width and precision are read
/// and dropped: onbrand's placeholders are plain text.
pub fn message(template: &str, names: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = template;
    let mut next = 0;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let directive = GoDirective::read(&rest[at + 1..]);
        rest = &rest[at + 1 + directive.length..];
        let Some(verb) = directive.verb else {
            out.push_str("%!(NOVERB)");
            continue;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let index = match directive.index {
            Some(Some(n)) if (1..=names.len() + 1).contains(&n) => n - 1,
            Some(_) => {
                out.push_str(&format!("%!{verb}(BADINDEX)"));
                continue;
            }
            None => next,
        };
        next = index + 1;
        // Vale's values, then the empty one its `CondSprintf` adds.
        let value = match names.get(index) {
            Some(name) => format!("{{{name}}}"),
            None if index == names.len() => String::new(),
            None => {
                out.push_str(&format!("%!{verb}(MISSING)"));
                continue;
            }
        };
        match verb {
            's' | 'v' => out.push_str(&value),
            'q' => out.push_str(&format!("\"{value}\"")),
            _ => out.push_str(&format!("%!{verb}(string={value})")),
        }
    }
    out.push_str(rest);
    out
}

/// A substitution's message. Vale's first value is the replacement as written (`a|b`); with
/// `action: replace` and no parameters it is the replacements as a quoted list (`'a' or 'b'`),
/// and a message quoting both values (`'%s'` twice) loses the quotes of the first, so that
/// they are not doubled.
fn substitution_message(rule: &ValeRule, table: &mut Table) {
    let Some(text) = &rule.message else {
        return;
    };
    let replaces = rule.action.as_ref().is_some_and(|action| {
        action.name.as_deref() == Some("replace") && action.params.is_empty()
    });
    let rendered = if replaces {
        let mut text = text.clone();
        for quoted in ["'%s'", "\"%s\""] {
            if text.matches(quoted).count() == 2 {
                text = text.replacen(quoted, "%s", 1);
            }
        }
        message(&text, &["alternatives", "match"])
    } else {
        message(text, &["replacement", "match"])
    };
    table.insert("message".into(), Value::String(rendered));
}

/// One Go `fmt` directive after its `%`: flags, an optional `[n]` argument index, width and
/// precision, and the verb.
struct GoDirective {
    /// Bytes read after the `%`.
    length: usize,
    /// `Some(None)`: an index that is not a number.
    index: Option<Option<usize>>,
    verb: Option<char>,
}

impl GoDirective {
    fn read(after: &str) -> GoDirective {
        let mut at = after
            .find(|c: char| !matches!(c, '+' | '-' | '#' | ' ' | '0'))
            .unwrap_or(after.len());
        let mut index = None;
        let skip_number = |at: usize| {
            at + after[at..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len() - at)
        };
        loop {
            if after[at..].starts_with('[') {
                match after[at..].find(']') {
                    Some(close) => {
                        index = Some(after[at + 1..at + close].parse::<usize>().ok());
                        at += close + 1;
                    }
                    None => {
                        index = Some(None);
                        at = after.len();
                    }
                }
            }
            let before = at;
            at = skip_number(at);
            if after[at..].starts_with('.') {
                at = skip_number(at + 1);
            }
            if at == before || !after[at..].starts_with('[') {
                break;
            }
        }
        let verb = after[at..].chars().next();
        GoDirective {
            length: at + verb.map_or(0, char::len_utf8),
            index,
            verb,
        }
    }
}

/// The parts of a document onbrand tells apart, each with the onbrand scope that names it and
/// the selectors of the blocks Vale makes of such text (from Vale's HTML walk: a heading is a
/// `text.heading.h2` block, a header cell `text.table.header`, a list item `text.list`; a
/// plain paragraph is linted as a `paragraph`, as `sentence`s and as `text`; paragraphs, list
/// items and block quotes also make up the one `summary` block; the file as written is the
/// `raw` block). A Vale scope reaches a part when it matches one of its blocks.
const PARTS: &[(&str, &[&[&str]])] = &[
    ("heading-1", &[&["text", "heading", "h1"]]),
    ("heading-2", &[&["text", "heading", "h2"]]),
    ("heading-3", &[&["text", "heading", "h3"]]),
    ("heading-4", &[&["text", "heading", "h4"]]),
    ("heading-5", &[&["text", "heading", "h5"]]),
    ("heading-6", &[&["text", "heading", "h6"]]),
    (
        "paragraph",
        &[&["paragraph"], &["sentence"], &["text"], &["summary"]],
    ),
    ("list-item", &[&["text", "list"], &["summary"]]),
    ("table-header", &[&["text", "table", "header"]]),
    ("table-body", &[&["text", "table", "cell"]]),
    ("block-quote", &[&["text", "blockquote"], &["summary"]]),
    ("alt-text", &[&["text", "attr", "alt"]]),
    ("title", &[&["text", "title"]]),
    ("description", &[&["text"]]),
    ("subject", &[&["text"]]),
    ("preheader", &[&["text"]]),
    ("raw", &[&["raw"]]),
];

/// Every onbrand segment kind.
const ALL_KINDS: [&str; 10] = [
    "heading",
    "paragraph",
    "list-item",
    "table-cell",
    "block-quote",
    "alt-text",
    "title",
    "description",
    "subject",
    "preheader",
];

/// Finer parts that together make up a whole onbrand kind: a scope that reaches all of them
/// reaches the kind, including its segments whose markup does not tell the finer part.
const WHOLE_KINDS: [(&str, &[&str]); 2] = [
    (
        "heading",
        &[
            "heading-1",
            "heading-2",
            "heading-3",
            "heading-4",
            "heading-5",
            "heading-6",
        ],
    ),
    ("table-cell", &["table-header", "table-body"]),
];

/// Sections of Vale's selectors that onbrand knows; another one is an unknown scope.
const KNOWN_SECTIONS: &[&str] = &[
    "text",
    "heading",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "header",
    "cell",
    "caption",
    "figure",
    "list",
    "paragraph",
    "sentence",
    "blockquote",
    "alt",
    "attr",
    "title",
    "summary",
    "raw",
    "code",
    "comment",
    "line",
    "block",
];

/// File extensions a Vale selector may end in (`heading.md`): that format only.
const FORMAT_SECTIONS: &[&str] = &[
    "md", "markdown", "html", "rst", "adoc", "asciidoc", "org", "dita", "xml", "txt", "mdx",
];

/// Vale's scopes → onbrand scopes (empty: all), matched as Vale matches them: a scope is a
/// list of selectors (any may match), a selector `a & b` matches a block when each part does,
/// a part `heading.h2` when the block's selector holds all its sections, and `~part` when it
/// does not (and the block is not the whole-file `raw` or `summary` one).
///
/// The result is exact where onbrand's segments tell the parts apart (heading levels, header
/// and body cells included) and narrower where they do not: what Vale would lint in code,
/// comments or captions is left out with a note, never widened. None when nothing is left:
/// the rule is then not converted, with a note, as it is when Vale refuses the scope.
fn scopes(rule: &ValeRule, converted: &mut Converted) -> Option<Vec<String>> {
    let Some(scope) = &rule.scope else {
        return Some(Vec::new());
    };
    if let Some(refusal) = scope.items().iter().find_map(|item| vale_refuses(item)) {
        converted.note(refusal, "not converted: Vale does not load the rule");
        return None;
    }
    let mut reached: Vec<&str> = Vec::new();
    for item in scope.items() {
        let parts = selector_parts(&item, converted);
        for (name, blocks) in PARTS {
            if !reached.contains(name) && blocks.iter().any(|block| selects(&parts, block)) {
                reached.push(name);
            }
        }
    }
    let prose_parts = PARTS.iter().filter(|(name, _)| *name != "raw");
    if prose_parts.clone().all(|(name, _)| reached.contains(name)) {
        if reached.contains(&"raw") {
            let mut all: Vec<String> = ALL_KINDS.iter().map(|k| (*k).to_owned()).collect();
            all.push("raw".to_owned());
            return Some(all);
        }
        return Some(Vec::new());
    }
    if reached.is_empty() {
        converted.note(
            "nothing in the rule's scope is told apart by onbrand",
            "not converted",
        );
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for (name, _) in PARTS {
        if !reached.contains(name) {
            continue;
        }
        match WHOLE_KINDS.iter().find(|(_, finer)| finer.contains(name)) {
            Some((kind, finer)) if finer.iter().all(|f| reached.contains(f)) => {
                if !out.iter().any(|o| o == kind) {
                    out.push((*kind).to_owned());
                }
            }
            _ => out.push((*name).to_owned()),
        }
    }
    Some(out)
}

/// Vale's own check of a scope when it loads a rule (E201): the first section of a selector
/// without `&` (which Vale does not check) must be one it knows; `code`, `link`, `strong` and
/// `emphasis` are refused as no longer supported. Why, when it refuses.
fn vale_refuses(item: &str) -> Option<String> {
    const ALLOWED: &[&str] = &[
        "text",
        "heading",
        "table",
        "figure",
        "list",
        "paragraph",
        "sentence",
        "alt",
        "title",
        "blockquote",
        "summary",
        "raw",
    ];
    if item.contains('&') {
        return None;
    }
    let name = item.trim().trim_start_matches('~');
    let base = name.split('.').next().unwrap_or(name);
    if matches!(base, "code" | "link" | "strong" | "emphasis") {
        Some(format!(
            "Vale refuses the scope `{base}` (E201: no longer supported; use `raw` instead)"
        ))
    } else if !ALLOWED.contains(&base) {
        Some(format!(
            "Vale refuses the scope `{name}` (E201: not a valid scope)"
        ))
    } else {
        None
    }
}

/// One selector of a Vale scope (`heading & ~heading.h1`): its parts, each negated or not,
/// with its sections. Unknown sections and format extensions are reported.
fn selector_parts(item: &str, converted: &mut Converted) -> Vec<(bool, Vec<String>)> {
    let mut parts = Vec::new();
    for part in item.split('&').map(str::trim) {
        let (negated, name) = match part.strip_prefix('~') {
            Some(name) => (true, name.trim()),
            None => (false, part),
        };
        let mut sections: Vec<String> = Vec::new();
        for section in name.split('.').map(str::trim) {
            if FORMAT_SECTIONS.contains(&section) {
                converted.note(
                    format!("scope `{name}` names a format; onbrand scopes apply to every format"),
                    format!("`.{section}` left out of the scope"),
                );
            } else if KNOWN_SECTIONS.contains(&section) {
                sections.push(section.to_owned());
            } else {
                converted.note(
                    format!("unknown scope `{name}`"),
                    "that part of the scope matches nothing",
                );
                sections.push(section.to_owned());
            }
        }
        note_unreproduced(&sections, negated, converted);
        parts.push((negated, sections));
    }
    parts
}

/// Say what a part of a scope reaches in Vale that onbrand does not lint.
fn note_unreproduced(sections: &[String], negated: bool, converted: &mut Converted) {
    let has = |name: &str| sections.iter().any(|s| s == name);
    if negated {
        return;
    }
    if has("code") || has("comment") {
        converted.note(
            "scope `code`/`comment`: onbrand never treats code or comments as prose",
            "that part of the scope matches nothing",
        );
    } else if has("caption") {
        converted.note(
            "scope `table.caption`/`figure.caption`: onbrand reads captions as paragraphs",
            "that part of the scope matches nothing",
        );
    }
}

/// Does a Vale selector (its parts) match a block whose selector has `sections`?
fn selects(parts: &[(bool, Vec<String>)], sections: &[&str]) -> bool {
    // Vale applies no negated selector to the whole-file blocks.
    let sized = sections == ["summary"] || sections == ["raw"];
    parts.iter().all(|(negated, part)| {
        let contained = part.iter().all(|s| sections.contains(&s.as_str()));
        if *negated {
            !contained && !sized
        } else {
            contained
        }
    })
}

/// Escape each `{` that does not open a repetition (`{2}`, `{1,}`, `{1,3}`): Go's regexp
/// (RE2) reads such a brace as itself (`{%[^%]*%}`), the `regex` crate rejects it.
pub fn escape_literal_braces(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.char_indices().peekable();
    let mut in_class = false;
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some((_, next)) = chars.next() {
                    out.push(next);
                }
                continue;
            }
            '[' => in_class = true,
            ']' => in_class = false,
            '{' if !in_class && !opens_repetition(&pattern[at + 1..]) => {
                out.push_str("\\{");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Whether the text after a `{` is a repetition's `n}`, `n,}` or `n,m}`.
fn opens_repetition(after: &str) -> bool {
    let Some((inside, _)) = after.split_once('}') else {
        return false;
    };
    let (low, high) = inside.split_once(',').unwrap_or((inside, "0"));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    !low.is_empty() && digits(low) && digits(high)
}

/// Rewrite negative look-behinds of varying length, which Vale's engine accepts and onbrand's
/// do not, into a run of fixed-length ones: `(?<!a|bc?)` → `(?<!a)(?<!b)(?<!bc)` (not any of
/// them = none of them). Optional single characters in an alternative are spelt out both
/// ways. None when there is nothing to rewrite or the result would be too large.
pub fn split_lookbehinds(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut changed = false;
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            out.push(c);
            if let Some(next) = chars.get(i + 1) {
                out.push(*next);
            }
            i += 2;
            continue;
        }
        if in_class {
            in_class = c != ']';
            out.push(c);
            i += 1;
            continue;
        }
        if c == '[' {
            in_class = true;
        }
        if chars[i..].starts_with(&['(', '?', '<', '!']) {
            let body_start = i + 4;
            let end = closing_paren(&chars, body_start)?;
            let body: String = chars[body_start..end].iter().collect();
            let mut parts = Vec::new();
            for alternative in top_level_alternatives(&body) {
                parts.extend(expand_optionals(&alternative)?);
            }
            if parts.len() > 64 {
                return None;
            }
            if parts.len() > 1 {
                changed = true;
            }
            for part in parts {
                out.push_str(&format!("(?<!{part})"));
            }
            i = end + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    changed.then_some(out)
}

/// The index of the `)` closing a group whose body starts at `start`.
fn closing_paren(chars: &[char], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    let mut in_class = false;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '[' => in_class = true,
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// `a|b(c|d)|e` → `a`, `b(c|d)`, `e`.
fn top_level_alternatives(body: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0usize;
    let mut in_class = false;
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        let current = out.last_mut().expect("never empty");
        match c {
            '\\' => {
                current.push(c);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
                continue;
            }
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '[' => in_class = true,
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '|' if depth == 0 => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out
}

/// `acts? ` → `act `, `acts `: each unescaped single character followed by `?` both ways.
/// None when the alternative has other quantifiers or groups (left to the engine to judge).
fn expand_optionals(alternative: &str) -> Option<Vec<String>> {
    let mut variants = vec![String::new()];
    let chars: Vec<char> = alternative.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let (atom, len) = if chars[i] == '\\' {
            (chars.get(i..i + 2)?.iter().collect::<String>(), 2)
        } else if matches!(chars[i], '(' | ')' | '[' | '*' | '+' | '{') {
            return (variants.len() == 1).then(|| vec![alternative.to_owned()]);
        } else {
            (chars[i].to_string(), 1)
        };
        let optional = chars.get(i + len) == Some(&'?');
        let mut next = Vec::new();
        for variant in &variants {
            next.push(format!("{variant}{atom}"));
            if optional {
                next.push(variant.clone());
            }
        }
        variants = next;
        if variants.len() > 16 {
            return None;
        }
        i += len + usize::from(optional);
    }
    Some(variants)
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

/// A metric's scope. Vale 3 scores a `metric` rule over the whole document whatever its
/// `scope` says, and a `readability` rule too when all its `metrics` are among the five it
/// knows by name (its "summary" scope); otherwise per paragraph when its scope says so.
fn metric_scope(rule: &ValeRule, table: &mut Table) {
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
    table.remove("scopes");
    if paragraph && !whole_document {
        table.insert("per".into(), Value::String("paragraph".into()));
        table.insert("scopes".into(), strings(&["paragraph".to_owned()]));
    }
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

/// Whether an occurrence token counts words: `\b(\w+)\b`, `\w+` and the like.
fn counts_words(token: &str) -> bool {
    let bare: String = token
        .replace(r"\b", "")
        .chars()
        .filter(|c| !matches!(c, '(' | ')'))
        .collect();
    matches!(bare.as_str(), r"\w+" | r"[\w]+" | r"[^\s]+" | r"\S+")
}

/// The regex Vale builds for an existence rule's tokens and raw parts. Vale's templates are
/// multi-line (`(?m)`): `^` and `$` match at line breaks, which only the `raw` scope's text
/// holds (prose joins a paragraph's lines); the flag is written only where an anchor may be.
pub fn existence_regex(rule: &ValeRule) -> String {
    let regex = existence_body(rule);
    if regex.contains(['^', '$']) {
        format!("(?m){regex}")
    } else {
        regex
    }
}

fn existence_body(rule: &ValeRule) -> String {
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

/// Convert `rule` (`id` = `Style.Rule`). `vocab` are accepted words (regexes): exceptions of
/// every existence, substitution, conditional and capitalization rule, as in Vale, unless the
/// rule says `vocab: false`.
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
    let Some(scopes) = scopes(rule, &mut converted) else {
        return converted;
    };
    if !scopes.is_empty() {
        table.insert(
            "scopes".into(),
            Value::Array(scopes.into_iter().map(Value::String).collect()),
        );
    }
    // Vale's `limit`: at most N alerts of the rule per file; 0 (or none) means no limit.
    match rule.limit {
        Some(0) | None => {}
        Some(limit) => {
            let limit = i64::try_from(limit.min(u64::from(u32::MAX))).unwrap_or(i64::MAX);
            table.insert("limit".into(), Value::Integer(limit));
        }
    }
    let mut exceptions = rule.exceptions.clone();
    if rule.vocab != Some(false) {
        exceptions.extend(vocab.iter().cloned());
    }
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
            table.insert("kind".into(), Value::String("pattern".into()));
            table.insert("pattern".into(), Value::String(existence_regex(rule)));
            let vale_key = match (rule.tokens.is_empty(), rule.raw.is_empty()) {
                (false, true) => "tokens",
                (true, false) => "raw",
                _ => "tokens` or `raw",
            };
            converted.vale_keys.push(("pattern", vale_key));
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
            table.insert("kind".into(), Value::String("substitution".into()));
            // Vale tries the longer keys first ("log in to" before "log in"); keys of one
            // length keep their order (Vale's own order for them is a map's, unspecified).
            let mut keys: Vec<(&String, &String)> = rule.swap.iter().collect();
            keys.sort_by_key(|(key, _)| std::cmp::Reverse(key.len()));
            let swap = keys
                .into_iter()
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
            // Vale capitalises a replacement only when the rule says `capitalize: true`;
            // onbrand's default follows `ignore-case`.
            if rule.capitalize != rule.ignorecase {
                table.insert("capitalize".into(), Value::Boolean(rule.capitalize));
            }
            substitution_message(rule, &mut table);
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
                // Vale reports the whole sentence, at its start.
                table.insert("underline".into(), Value::String("whole".into()));
                set_message(&mut table, &["count"]);
            } else {
                table.insert("kind".into(), Value::String("occurrence".into()));
                table.insert("pattern".into(), Value::String(token.clone()));
                converted.vale_keys.push(("pattern", "token"));
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
                if rule.max.is_some() || rule.min.is_some() {
                    // Vale reports a scope over `max` or under `min` once, at its first match.
                    table.insert("once".into(), Value::Boolean(true));
                }
                set_message(&mut table, &["count"]);
            }
        }
        "repetition" => {
            table.insert("kind".into(), Value::String("repetition".into()));
            // Vale compares the words exactly unless `ignorecase: true`.
            table.insert("ignore-case".into(), Value::Boolean(rule.ignorecase));
            // Vale's tokens, as its regex finds them (punctuation may be part of them).
            if rule
                .tokens
                .iter()
                .any(|t| t.contains("[^\\s") || t.contains("\\S"))
            {
                let joined = rule.tokens.join("|");
                table.insert("tokens".into(), Value::String(joined));
                if !rule.alpha {
                    converted.note(
                        "repetition without `alpha: true`",
                        "only tokens of letters are compared",
                    );
                }
            }
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
            // Vale skips a repetition that contains one of its exceptions or accepted words
            // ("Bora Bora" when "Bora" is accepted): their words become `allow` (which ignores
            // case: it allows a little more, never less). Regex entries are left out.
            let mut allow: Vec<String> = exceptions
                .iter()
                .filter(|entry| is_literal_phrase(entry))
                .flat_map(|entry| entry.split_whitespace().map(str::to_owned))
                .collect();
            allow.sort();
            allow.dedup();
            if !allow.is_empty() {
                table.insert("allow".into(), strings(&allow));
            }
            if rule
                .exceptions
                .iter()
                .any(|entry| !is_literal_phrase(entry))
            {
                converted.note(
                    "repetition `exceptions` that are regexes",
                    "left out: only literal words are allowed to repeat",
                );
            }
            // Vale's `%s` is the repeated word, once.
            set_message(&mut table, &["word"]);
        }
        "consistency" => {
            if rule.either.is_empty() {
                converted.note("no `either` entries", "not converted");
                return converted;
            }
            // Each pair on its own, keys and values regexes, reported block by block as Vale
            // does (see the consistency kind's `either`).
            table.insert("kind".into(), Value::String("consistency".into()));
            let pairs = rule
                .either
                .iter()
                .map(|(a, b)| strings(&[a.clone(), b.clone()]))
                .collect();
            table.insert("either".into(), Value::Array(pairs));
            // Vale reports every such block, not one finding per document.
            table.insert("once-per-document".into(), Value::Boolean(false));
            if rule.nonword {
                converted.note(
                    "consistency `nonword: true`",
                    "the forms are matched as whole words",
                );
            }
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
            converted.vale_keys.push(("pattern", "first"));
            converted.vale_keys.push(("definition", "second"));
            if !exceptions.is_empty() {
                table.insert("exceptions".into(), strings(&exceptions));
            }
            // Vale reads definitions block by block: one earlier in the document or anywhere in
            // the same paragraph counts, and every use of an undefined key is reported.
            table.insert("every-use".into(), Value::Boolean(true));
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
            // Vale's way: exceptions are regexes matched as written, the whole segment is
            // reported.
            if !exceptions.is_empty() {
                table.insert("exception-patterns".into(), strings(&exceptions));
            }
            table.insert("whole-segment".into(), Value::Boolean(true));
            table.insert("proper-nouns".into(), Value::Boolean(false));
            if !rule.indicators.is_empty() && style == "sentence" {
                table.insert("indicators".into(), strings(&rule.indicators));
            }
            // Vale passes a heading when at least `threshold` (default 0.8) of its words are
            // in case; `$lower` and `$upper` are strict.
            if matches!(style, "title" | "sentence") {
                let threshold = rule.threshold.unwrap_or(0.8);
                table.insert("threshold".into(), Value::Float(threshold));
                table.insert("acronyms".into(), Value::Boolean(false));
            }
            if rule.style.is_some() || rule.prefix.is_some() {
                converted.note(
                    "capitalization title-case `style` (AP/Chicago) and `prefix`",
                    "words are judged by onbrand's own title-case rules",
                );
            }
            // Vale's values: the heading as written, then as its case converter writes it.
            set_message(&mut table, &["match", "expected"]);
        }
        "metric" => {
            let (Some(formula), Some(condition)) = (&rule.formula, &rule.condition) else {
                converted.note("needs `formula` and `condition`", "not converted");
                return converted;
            };
            table.insert("kind".into(), Value::String("metric".into()));
            table.insert("formula".into(), Value::String(metric_formula(formula)));
            table.insert(
                "condition".into(),
                Value::String(condition.trim().to_owned()),
            );
            metric_scope(rule, &mut table);
            set_message(&mut table, &["value"]);
        }
        "readability" => {
            let names: Option<Vec<&str>> = rule.metrics.iter().map(|m| score(m)).collect();
            let (Some(names), Some(grade)) = (names.filter(|n| !n.is_empty()), rule.grade) else {
                converted.note(
                    "readability needs `grade` and known `metrics`",
                    "not converted",
                );
                return converted;
            };
            // Vale grades by the mean of the chosen scores.
            let formula = format!("({}) / {}", names.join(" + "), names.len());
            table.insert("kind".into(), Value::String("metric".into()));
            table.insert("formula".into(), Value::String(formula));
            table.insert("condition".into(), Value::String(format!("> {grade}")));
            metric_scope(rule, &mut table);
            set_message(&mut table, &["value"]);
        }
        "spelling" => {
            // The dictionaries and word lists are files: `super::spelling` adds them.
            table.insert("kind".into(), Value::String("spelling".into()));
            // Vale computes no suggestions while it lints (only `vale fix` asks for them):
            // the close ones stay as fixes, the slow search of the whole word list does not.
            table.insert("distant-suggestions".into(), Value::Boolean(false));
            let mut filters: Vec<String> = if rule.custom {
                Vec::new()
            } else {
                VALE_SPELLING_FILTERS.map(str::to_owned).to_vec()
            };
            filters.extend(rule.filters.iter().cloned());
            let accepted = if rule.vocab == Some(false) {
                &[]
            } else {
                vocab
            };
            let (words, patterns): (Vec<&String>, Vec<&String>) =
                accepted.iter().partition(|term| is_literal_word(term));
            // Vale skips a word in which an accepted term matches as a whole word, ignoring
            // case: literal words become ignored words, the others one filter.
            if !patterns.is_empty() {
                let joined: Vec<&str> = patterns.iter().map(|p| p.as_str()).collect();
                filters.push(format!(r"(?i)\b(?:{})\b", joined.join("|")));
            }
            if !filters.is_empty() {
                table.insert("filters".into(), strings(&filters));
            }
            if !words.is_empty() {
                let words: Vec<String> = words.into_iter().cloned().collect();
                table.insert("ignore-words".into(), strings(&words));
            }
            set_message(&mut table, &["match"]);
        }
        "script" | "sequence" => {
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

/// The filters Vale's spelling rules apply unless they say `custom: true`: mixed-case
/// identifiers, words ending in capitals (acronyms), and words with anything but ASCII letters,
/// `_` and `'` (numbers, hyphenated compounds, other scripts).
const VALE_SPELLING_FILTERS: [&str; 3] =
    ["[A-Z][a-z]+[A-Z]+[0-9A-Za-z_]+", "[A-Z]+$", "[^a-zA-Z_']"];

/// A vocabulary entry that is a plain word, not a regex.
/// Words and spaces only: an exception or vocabulary entry that is no regex.
fn is_literal_phrase(entry: &str) -> bool {
    !entry.trim().is_empty()
        && entry
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'')
}

fn is_literal_word(term: &str) -> bool {
    !term.is_empty()
        && term
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '-' | '_' | '’'))
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
        Some("edit") => match edit(&action.params) {
            Some(edit) => {
                table.insert("edit".into(), Value::Table(edit));
            }
            None => converted.note(
                format!("action `edit` with parameters {:?}", action.params),
                "findings without a fix",
            ),
        },
        Some(name) => converted.note(
            format!("action `{name}` with these parameters"),
            "findings without a fix",
        ),
        None => {}
    }
}

/// Vale's `action: edit` parameters → onbrand's `edit` table (None: not expressible).
fn edit(params: &[String]) -> Option<Table> {
    let text = |value: &String| Value::String(value.clone());
    let mut table = Table::new();
    match params {
        [name, chars] if name == "trim_right" => table.insert("trim-end".into(), text(chars)),
        [name, chars] if name == "trim_left" => table.insert("trim-start".into(), text(chars)),
        [name, chars] if name == "trim" => table.insert("trim".into(), text(chars)),
        [name, separator] if name == "truncate" && !separator.is_empty() => {
            table.insert("truncate-at".into(), text(separator))
        }
        [name, separator, part] if name == "split" && !separator.is_empty() => {
            let part = i64::try_from(part.trim().parse::<usize>().ok()?).ok()?;
            table.insert("split-at".into(), text(separator));
            table.insert("part".into(), Value::Integer(part))
        }
        [name, pattern, replacement] if name == "regex" && regex::Regex::new(pattern).is_ok() => {
            table.insert("regex".into(), text(pattern));
            table.insert("replace".into(), text(replacement))
        }
        _ => return None,
    };
    Some(table)
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
        // As Go's fmt prints strings, with Vale's extra empty argument: flags, widths and
        // precisions are read and dropped; numeric verbs say that the value is a string.
        assert_eq!(
            message("Grade %.2f, not %q; %-5v", &["value", "match", "expected"]),
            "Grade %!f(string={value}), not \"{match}\"; {expected}"
        );
        assert_eq!(
            message("%s, %s, %s, %d", &["match"]),
            "{match}, , %!s(MISSING), %!d(MISSING)"
        );
        assert_eq!(
            message(
                "Not '%[2]s' but '%[1]s' (%[3]s%[4]s%[x]s)",
                &["expected", "match"]
            ),
            "Not '{match}' but '{expected}' (%!s(BADINDEX)%!s(BADINDEX))"
        );
        assert_eq!(message("%[1]s then %s", &["a", "b"]), "{a} then {b}");
        assert_eq!(message("Ends in %", &["match"]), "Ends in %!(NOVERB)");
        assert_eq!(
            message("Ünïcödé %s 🎉 %s", &["match"]),
            "Ünïcödé {match} 🎉 "
        );
        // `% o` is a flag and a verb to Go.
        assert_eq!(message("50% off", &["count"]), "50%!o(string={count})ff");
        let rule = ValeRule {
            tokens: vec!["a".into(), "b".into()],
            raw: vec![r"\d".into()],
            ..ValeRule::default()
        };
        assert_eq!(existence_regex(&rule), r"\d\b(?:a|b)\b");
    }

    #[test]
    fn capitalization_keeps_vales_semantics() {
        let rule = rule::parse(
            "extends: capitalization\nmessage: \"'%s' is off.\"\nmatch: $sentence\n\
             indicators:\n  - ':'\nexceptions:\n  - VS\n",
        )
        .unwrap();
        let table = convert("S.Headings", &rule, &[]).table.unwrap();
        assert_eq!(table["style"].as_str(), Some("sentence"));
        assert_eq!(table["indicators"][0].as_str(), Some(":"));
        assert_eq!(table["exception-patterns"][0].as_str(), Some("VS"));
        assert_eq!(table["whole-segment"].as_bool(), Some(true));
        assert_eq!(table["message"].as_str(), Some("'{match}' is off."));
    }

    /// Vale's exceptions are regexes: they are written as such for conditional rules (whose
    /// `exceptions` are regexes) and as `exception-patterns` for capitalization, with the
    /// accepted vocabulary unless the rule says `vocab: false`.
    #[test]
    fn exceptions_stay_regexes_with_the_vocabulary() {
        let vocab = ["Fern(way)?".to_owned()];
        let rule = rule::parse(
            "extends: conditional\nfirst: '\\b([A-Z]{3,5}s?)\\b'\nsecond: '\\(([A-Z]{3,5}s?)\\)'\n\
             exceptions:\n  - 'APIs?'\n",
        )
        .unwrap();
        let table = convert("S.Defs", &rule, &vocab).table.unwrap();
        assert_eq!(
            table["exceptions"],
            strings(&["APIs?".into(), vocab[0].clone()])
        );
        let rule = rule::parse(
            "extends: capitalization\nmatch: $title\nvocab: false\nexceptions:\n  - 'Node\\.js'\n",
        )
        .unwrap();
        let table = convert("S.Headings", &rule, &vocab).table.unwrap();
        assert_eq!(table["exception-patterns"], strings(&[r"Node\.js".into()]));
        assert!(table.get("exceptions").is_none());
    }

    /// Vale's repetition compares words as written unless `ignorecase: true`, and its `%s`
    /// is the repeated word once.
    #[test]
    fn repetition_keeps_case_and_names_the_word() {
        let rule = rule::parse(
            "extends: repetition\nmessage: \"'%s' is repeated!\"\ntokens:\n  - '[^\\s]+'\n",
        )
        .unwrap();
        let table = convert("S.Repeated", &rule, &[]).table.unwrap();
        assert_eq!(table["ignore-case"].as_bool(), Some(false));
        assert_eq!(table["message"].as_str(), Some("'{word}' is repeated!"));
        let rule =
            rule::parse("extends: repetition\nignorecase: true\ntokens:\n  - '\\w+'\n").unwrap();
        let table = convert("S.Repeated", &rule, &[]).table.unwrap();
        assert_eq!(table["ignore-case"].as_bool(), Some(true));
        assert!(table.get("allow").is_none());
        // Exceptions and accepted words may repeat; regexes are left out with a note.
        let rule = rule::parse(
            "extends: repetition\nexceptions:\n  - Bora Bora\n  - 'x+'\ntokens:\n  - '\\w+'\n",
        )
        .unwrap();
        let converted = convert("S.Repeated", &rule, &["Grüße".to_owned()]);
        assert_eq!(converted.notes.len(), 1);
        let table = converted.table.unwrap();
        assert_eq!(table["allow"], strings(&["Bora".into(), "Grüße".into()]));
    }

    /// Vale's selectors become onbrand scopes exactly where segments tell the parts apart
    /// (heading levels, header and body cells), and narrower, with a note, where they do not
    /// (code, captions, raw markup): never wider (precision first).
    #[test]
    fn scopes_match_as_vale_selects_blocks() {
        let scopes_of = |scope: &str| {
            let rule = rule::parse(&format!(
                "extends: existence\nmessage: x\nscope: {scope}\ntokens:\n  - Grüße\n"
            ))
            .unwrap();
            let converted = convert("S.R", &rule, &[]);
            let scopes = converted.table.map(|table| {
                table
                    .get("scopes")
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_else(Vec::<String>::new)
            });
            (scopes, converted.notes.len())
        };
        let some = |names: &[&str]| Some(names.iter().map(|n| (*n).to_owned()).collect());
        assert_eq!(scopes_of("heading.h2"), (some(&["heading-2"]), 0));
        assert_eq!(scopes_of("table.header"), (some(&["table-header"]), 0));
        assert_eq!(scopes_of("table.cell"), (some(&["table-body"]), 0));
        assert_eq!(scopes_of("table"), (some(&["table-cell"]), 0));
        assert_eq!(
            scopes_of("[heading.h1, paragraph]"),
            (some(&["heading-1", "paragraph"]), 0)
        );
        assert_eq!(
            scopes_of("[table.header, table.cell]"),
            (some(&["table-cell"]), 0)
        );
        assert_eq!(
            scopes_of("[heading.h1, heading.h2, heading.h3, heading.h4, heading.h5, heading.h6]"),
            (some(&["heading"]), 0)
        );
        assert_eq!(
            scopes_of("heading & ~heading.h1"),
            (
                some(&[
                    "heading-2",
                    "heading-3",
                    "heading-4",
                    "heading-5",
                    "heading-6"
                ]),
                0
            )
        );
        let (scopes, notes) = scopes_of("~heading.h1");
        let scopes = scopes.unwrap();
        assert!(
            scopes.contains(&"heading-2".to_owned()) && scopes.contains(&"paragraph".to_owned())
        );
        assert!(!scopes.iter().any(|s| s == "heading" || s == "heading-1"));
        assert_eq!(notes, 0);
        assert_eq!(scopes_of("heading"), (some(&["heading"]), 0));
        assert_eq!(scopes_of("heading.md"), (some(&["heading"]), 1));
        // Sentences and paragraphs are Vale's plain paragraphs only; the summary adds list
        // items and block quotes, not table cells.
        assert_eq!(scopes_of("sentence"), (some(&["paragraph"]), 0));
        assert_eq!(
            scopes_of("summary"),
            (some(&["paragraph", "list-item", "block-quote"]), 0)
        );
        assert_eq!(scopes_of("text"), (Some(Vec::new()), 0));
        assert_eq!(scopes_of("raw"), (some(&["raw"]), 0));
        assert!(!scopes_of("~heading").0.unwrap().contains(&"raw".to_owned()));
        assert_eq!(scopes_of("table.caption"), (None, 2));
        // Vale refuses a rule whose scope it does not know, or no longer supports.
        assert_eq!(scopes_of("[code, heading]"), (None, 1));
        assert_eq!(scopes_of("link"), (None, 1));
        assert_eq!(scopes_of("nonsense"), (None, 1));
        // It does not check selectors with `&`: an unknown part there matches nothing.
        assert_eq!(scopes_of("heading & nonsense"), (None, 2));
    }

    /// Every form of Vale's `action: edit` becomes an `edit` table; an unknown or malformed
    /// one is reported and the rule keeps its findings without a fix.
    #[test]
    fn edit_actions_become_edit_tables() {
        let edit_of = |params: &str| {
            let rule = rule::parse(&format!(
                "extends: existence\ntokens:\n  - x\naction:\n  name: edit\n  params:\n{params}"
            ))
            .unwrap();
            let converted = convert("S.Edit", &rule, &[]);
            let edit = converted
                .table
                .unwrap()
                .get("edit")
                .map(ToString::to_string);
            (edit, converted.notes.len())
        };
        let cases = [
            ("    - trim_right\n    - '!'\n", "trim-end = \"!\""),
            ("    - trim_left\n    - '('\n", "trim-start = \"(\""),
            ("    - trim\n    - ' '\n", "trim = \" \""),
            ("    - truncate\n    - ' '\n", "truncate-at = \" \""),
            (
                "    - split\n    - ' '\n    - '1'\n",
                "split-at = \" \", part = 1",
            ),
            (
                "    - regex\n    - '(\\w+)-'\n    - '$1 '\n",
                "regex = '(\\w+)-', replace = \"$1 \"",
            ),
        ];
        for (params, expected) in cases {
            assert_eq!(
                edit_of(params),
                (Some(format!("{{ {expected} }}")), 0),
                "{params}"
            );
        }
        for unknown in [
            "    - remove\n    - ' '\n",
            "    - split\n    - ' '\n    - one\n",
            "    - regex\n    - '(?<=a)b'\n    - c\n",
        ] {
            assert_eq!(edit_of(unknown), (None, 1), "{unknown}");
        }
    }

    #[test]
    fn limit_is_kept_and_zero_means_none() {
        let rule = rule::parse("extends: existence\nlimit: 1\ntokens:\n  - very\n").unwrap();
        let converted = convert("S.Very", &rule, &[]);
        assert_eq!(converted.table.unwrap()["limit"].as_integer(), Some(1));
        assert!(converted.notes.is_empty(), "{:?}", converted.notes);
        let rule = rule::parse("extends: existence\nlimit: 0\ntokens:\n  - very\n").unwrap();
        assert!(
            convert("S.Very", &rule, &[])
                .table
                .unwrap()
                .get("limit")
                .is_none()
        );
    }

    #[test]
    fn literal_braces_are_escaped_as_go_reads_them() {
        assert_eq!(escape_literal_braces(r"({%[^%]*%})"), r"(\{%[^%]*%})");
        assert_eq!(
            escape_literal_braces(r"a{2}b{1,}c{1,3}"),
            r"a{2}b{1,}c{1,3}"
        );
        assert_eq!(escape_literal_braces(r"\{x[{]{{"), r"\{x[{]\{\{");
        assert!(regex::Regex::new(&escape_literal_braces("{{ Grüße }}")).is_ok());
    }

    #[test]
    fn variable_look_behinds_are_split() {
        assert_eq!(
            split_lookbehinds(r"(?<!.-|acts? |x)like").as_deref(),
            Some(r"(?<!.-)(?<!acts )(?<!act )(?<!x)like")
        );
        assert_eq!(split_lookbehinds(r"(?<!a)b"), None);
        assert_eq!(
            split_lookbehinds(r"[(?<!]x(?<!\||b)").as_deref(),
            Some(r"[(?<!]x(?<!\|)(?<!b)")
        );
        let rewritten = split_lookbehinds(r"(?<!make the |acts? )transition").unwrap();
        assert!(fancy_regex::Regex::new(&rewritten).is_ok());
    }

    #[test]
    fn metrics_and_readability_become_metric_rules() {
        let rule = rule::parse(
            "extends: metric\nmessage: Grade %s.\nformula: |\n  words / sentences\ncondition: \"> 1\"\n",
        )
        .unwrap();
        let table = convert("G.Level", &rule, &[]).table.unwrap();
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
        let table = convert("R.Grade", &rule, &[]).table.unwrap();
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
        let table = convert("R.Lix", &rule, &[]).table.unwrap();
        assert_eq!(table["per"].as_str(), Some("paragraph"));
        let rule = rule::parse(
            "extends: metric\nmessage: Grade %s.\nscope: paragraph\nformula: words\ncondition: \"> 1\"\n",
        )
        .unwrap();
        let table = convert("M.Words", &rule, &[]).table.unwrap();
        assert!(table.get("per").is_none());
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
        assert_eq!(table["underline"].as_str(), Some("whole"));
        // Any other token stays an occurrence rule.
        let rule =
            rule::parse("extends: occurrence\nscope: sentence\nmax: 3\ntoken: ','\n").unwrap();
        let table = convert("S.Commas", &rule, &[]).table.unwrap();
        assert_eq!(table["kind"].as_str(), Some("occurrence"));
        assert!(counts_words(r"\w+") && !counts_words(r"\d+"));
    }
}
