//! Vale's messages (Go `fmt` templates) in onbrand's placeholders.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_printed_as_go_prints_them() {
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
    }
}
