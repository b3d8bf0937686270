//! Vale's regexes (Go's RE2 syntax, read leniently) made acceptable to onbrand's engines.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
