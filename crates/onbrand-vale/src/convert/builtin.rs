//! Vale's built-in rules, made from the accepted and rejected vocabulary: `Vale.Terms`,
//! `Vale.Avoid` and `Vale.Repetition` (`Vale.Spelling` is a spelling rule, see
//! `crate::spelling::builtin_rule`).

use onbrand_engine::checks::{KindSpec, avoid, pattern, repetition, terminology};
use onbrand_engine::finding::Severity;
use onbrand_engine::spec::{RuleKind, RuleSpec, TermSpec};

use super::{Converted, ImportedRule, non_empty, unspanned};

/// `Vale.<name>` from the vocabularies (not converted when its list is empty or the name is not
/// one of Vale's).
pub fn builtin(name: &str, accept: &[String], reject: &[String]) -> Converted {
    let literal = |s: &&String| !s.chars().any(|c| "\\[](){}.*+?|^$".contains(c));
    // Vale's built-in rules are errors.
    let mut common = RuleSpec::new(format!("Vale.{name}"), RuleKind::Pattern);
    common.severity = Severity::Error;
    let fields = match name {
        "Terms" if !accept.is_empty() => {
            common.message = Some("Use '{expected}' instead of '{match}'.".into());
            // Vale makes a term of each phrase-like entry only (letters, digits, spaces and
            // hyphens); the other entries are patterns that only excuse other rules' matches.
            let terms = accept
                .iter()
                .filter(|term| is_phrase(term))
                .map(|term| TermSpec {
                    preferred: term.clone(),
                    variants: Vec::new(),
                    exact_case: true,
                })
                .collect();
            KindSpec::Terminology(terminology::Fields {
                terms: Some(terms),
                ..terminology::Fields::default()
            })
        }
        "Avoid" if !reject.is_empty() && !reject.iter().all(|term| literal(&term)) => {
            // Vale's Avoid is an existence rule over the entries as regexes, word-bounded and
            // case-sensitive, excused by the accepted ones.
            common.message = Some("Avoid using '{match}'.".into());
            let tokens: Vec<&str> = reject
                .iter()
                .map(String::as_str)
                .filter(|t| !t.trim().is_empty())
                .collect();
            KindSpec::Pattern(pattern::Fields {
                pattern: Some(unspanned(format!(r"\b(?:{})\b", tokens.join("|")))),
                exceptions: non_empty(accept.to_vec()),
                ..pattern::Fields::default()
            })
        }
        "Avoid" if !reject.is_empty() => {
            common.message = Some("Avoid using '{match}'.".into());
            KindSpec::Avoid(avoid::Fields {
                phrases: Some(reject.iter().filter(literal).cloned().collect()),
                ignore_case: Some(false),
                ..avoid::Fields::default()
            })
        }
        "Repetition" => {
            common.message = Some("'{word}' is repeated!".into());
            // Accepted words may repeat ("Bora Bora"), as in Vale.
            let allow = accept
                .iter()
                .filter(literal)
                .flat_map(|entry| entry.split_whitespace())
                .map(str::to_owned)
                .collect();
            KindSpec::Repetition(repetition::Fields {
                allow: non_empty(allow),
                // Vale's built-in rule has no `ignorecase`: "The the" is no repetition to it;
                // its tokens are `[^\s]+`, punctuation included, of letters only (`alpha`).
                ignore_case: Some(false),
                tokens: Some(r"[^\s]+".into()),
            })
        }
        _ => return Converted::default(),
    };
    Converted {
        rule: Some(ImportedRule::new(common, fields)),
        ..Converted::default()
    }
}

/// Vale's `IsPhrase`: only letters, digits, spaces and hyphens (a vocabulary entry that is
/// not a pattern).
fn is_phrase(term: &str) -> bool {
    term.chars()
        .all(|c| c.is_alphabetic() || c.is_numeric() || c == ' ' || c == '-')
}
