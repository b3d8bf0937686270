//! `[brand]` in `onbrand.toml`: a brand's own decisions as settings, each turned into rules
//! (ids `onbrand.brand.*`) compiled after the guideline files.
//!
//! ```toml
//! [brand]
//! address = { de = "du", zh = "你" }   # de: "du" or "Sie"; zh: "你" or "您"
//! names = ["Fernway", "GitHub"]       # written exactly so: "Github" is a finding, fixed
//! prefer = ["email", "E-Mail"]        # one form of a pair the starter keeps consistent
//! ```
//!
//! The starter flags a document that mixes forms; these settings say which form is right, so
//! a document written wholly the other way is flagged too: one finding per document for the
//! form of address (every occurrence listed), a fix for names and preferred spellings. A
//! capitalised "Sie" opening a sentence may mean she/they, so the `du` setting does not flag
//! it there (nor "Ihre" and the other forms that are also the lower-case words her/their).

use indexmap::IndexMap;
use serde::Deserialize;
use toml::{Spanned, Table, Value};

use super::ErrorAt;
use crate::guideline::{GuidelineError, GuidelineSource};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BrandSpec {
    #[serde(default)]
    address: IndexMap<String, Spanned<String>>,
    #[serde(default)]
    names: Vec<Spanned<String>>,
    #[serde(default)]
    prefer: Vec<Spanned<String>>,
}

/// The forms of address per language: the setting's value and what it rules out.
const ADDRESS: &[(&str, &str, Unwanted)] = &[
    ("de", "du", Unwanted::Sie),
    ("de", "Sie", Unwanted::Du),
    ("zh", "你", Unwanted::Nin),
    ("zh", "您", Unwanted::Ni),
];

/// The forms an address setting rules out.
#[derive(Clone, Copy, Debug)]
enum Unwanted {
    /// German formal: Sie, Ihnen, Ihre…
    Sie,
    /// German informal: du, dich, dein…
    Du,
    /// Chinese formal 您.
    Nin,
    /// Chinese informal 你.
    Ni,
}

/// The pairs the starter keeps consistent, as `prefer` may name them: the preferred form, its
/// language, and the forms it replaces (from rules/consistency.toml).
const PREFER: &[(&str, &str, &[&str])] = &[
    ("email", "en", &["e-mail"]),
    ("e-mail", "en", &["email"]),
    ("website", "en", &["web site"]),
    ("web site", "en", &["website"]),
    ("E-Mail", "de", &["Email", "eMail"]),
    ("Email", "de", &["E-Mail", "eMail"]),
];

impl BrandSpec {
    /// The starter rules a setting makes redundant: with the form of address decided, the
    /// brand rule flags every other form, which covers a document that mixes them.
    pub(super) fn replaced_rules(&self) -> Vec<String> {
        self.address
            .keys()
            .map(|language| format!("onbrand.{language}.address"))
            .collect()
    }

    /// The rules these settings stand for, as a guideline source; `None` when there are none
    /// or a value is wrong (reported in `errors` at the value).
    pub(super) fn guideline(
        &self,
        error_at: &ErrorAt,
        errors: &mut Vec<GuidelineError>,
    ) -> Option<GuidelineSource> {
        let before = errors.len();
        let mut rules = Vec::new();
        for (language, value) in &self.address {
            match ADDRESS
                .iter()
                .find(|(l, v, _)| l == language && v == value.get_ref())
            {
                Some(&(_, chosen, unwanted)) => {
                    rules.push(address_rule(language, chosen, unwanted))
                }
                None => errors.push(error_at(value.span(), address_error(language, value))),
            }
        }
        let mut names = Vec::new();
        for name in &self.names {
            if name.get_ref().trim().is_empty() {
                errors.push(error_at(name.span(), "`names` holds an empty name".into()));
            } else {
                names.push(name.get_ref().clone());
            }
        }
        if !names.is_empty() {
            rules.push(names_rule(&names));
        }
        for form in &self.prefer {
            match PREFER.iter().find(|(f, _, _)| f == form.get_ref()) {
                Some(&(preferred, language, others)) => {
                    rules.push(prefer_rule(preferred, language, others));
                }
                None => {
                    let hint = same_case_hint(form.get_ref(), PREFER.iter().map(|(f, _, _)| *f));
                    let known: Vec<String> =
                        PREFER.iter().map(|(f, _, _)| format!("`{f}`")).collect();
                    errors.push(error_at(
                        form.span(),
                        format!(
                            "`prefer` does not know `{}`{hint}: it takes one of {}",
                            form.get_ref(),
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        if errors.len() > before || rules.is_empty() {
            return None;
        }
        let mut guideline = Table::new();
        guideline.insert("name".into(), "Brand decisions".into());
        guideline.insert(
            "rule".into(),
            Value::Array(rules.into_iter().map(Value::Table).collect()),
        );
        Some(GuidelineSource {
            name: "onbrand.toml [brand]".into(),
            text: toml::to_string(&guideline).unwrap_or_default(),
        })
    }
}

/// "Did you mean" among forms that differ in case ("email", "Email"): the closest that starts
/// in the same case as what was written, else the closest of all ("sie" → "Sie").
fn same_case_hint<'a>(written: &str, forms: impl Iterator<Item = &'a str> + Clone) -> String {
    let upper = written.starts_with(char::is_uppercase);
    let same_case = forms
        .clone()
        .filter(|form| form.starts_with(char::is_uppercase) == upper);
    match crate::suggest::closest(written, same_case) {
        Some(form) => format!(" (did you mean `{form}`?)"),
        None => crate::suggest::did_you_mean(written, forms),
    }
}

fn address_error(language: &str, value: &Spanned<String>) -> String {
    let choices: Vec<&str> = ADDRESS
        .iter()
        .filter(|(l, _, _)| *l == language)
        .map(|(_, v, _)| *v)
        .collect();
    if choices.is_empty() {
        let languages = ["de", "zh"];
        let hint = crate::suggest::did_you_mean(language, languages);
        return format!(
            "`address` has no setting for `{language}`{hint}: onbrand knows the forms of address of `de` (du, Sie) and `zh` (你, 您)"
        );
    }
    let hint = same_case_hint(value.get_ref(), choices.iter().copied());
    format!(
        "`address.{language}` is `{}`{hint}: it takes {}",
        value.get_ref(),
        choices
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(" or ")
    )
}

/// A rule as a TOML table: the fields every generated rule has.
fn rule(id: &str, kind: &str, language: Option<&str>, message: &str) -> Table {
    let mut rule = Table::new();
    rule.insert("id".into(), id.into());
    rule.insert("kind".into(), kind.into());
    rule.insert("severity".into(), "warning".into());
    rule.insert("message".into(), message.into());
    rule.insert(
        "description".into(),
        "A decision set in onbrand.toml's [brand] table.".into(),
    );
    if let Some(language) = language {
        rule.insert("languages".into(), Value::Array(vec![language.into()]));
    }
    rule
}

fn address_rule(language: &str, chosen: &str, unwanted: Unwanted) -> Table {
    let id = format!("onbrand.brand.{language}.address");
    let message = match unwanted {
        Unwanted::Sie | Unwanted::Du => {
            format!("Wir schreiben „{chosen}“: „{{match}}“ passt nicht dazu.")
        }
        Unwanted::Nin | Unwanted::Ni => {
            format!("我们用“{chosen}”称呼读者，这里是“{{match}}”。")
        }
    };
    let mut rule = rule(&id, "pattern", Some(language), &message);
    // German "Sie" and its forms only inside a sentence: after a word, not after a sentence
    // end (there "Sie" may be she/they). Chinese 你们 is plural and fine in either register.
    let pattern = match unwanted {
        Unwanted::Sie => r"(?<=[^\s.!?:„“»«\x22]\s)\b(?:Sie|Ihnen|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b",
        Unwanted::Du => {
            r"\b(?:[dD]u|[dD]ich|[dD]ir|[dD]ein|[dD]eine|[dD]einen|[dD]einem|[dD]einer|[dD]eines)\b"
        }
        Unwanted::Nin => "您",
        Unwanted::Ni => "你(?!们)",
    };
    rule.insert("pattern".into(), pattern.into());
    rule.insert("once-per-document".into(), true.into());
    rule
}

fn names_rule(names: &[String]) -> Table {
    let mut rule = rule(
        "onbrand.brand.names",
        "terminology",
        None,
        "Write '{expected}', not '{match}'.",
    );
    let terms = names
        .iter()
        .map(|name| {
            let mut term = Table::new();
            term.insert("use".into(), name.as_str().into());
            term.insert("exact-case".into(), true.into());
            Value::Table(term)
        })
        .collect();
    rule.insert("terms".into(), Value::Array(terms));
    rule
}

fn prefer_rule(preferred: &str, language: &str, others: &[&str]) -> Table {
    let id = format!(
        "onbrand.brand.{language}.prefer.{}",
        preferred.to_lowercase().replace([' ', '-'], "")
    );
    let mut rule = rule(
        &id,
        "terminology",
        Some(language),
        "Write '{expected}', not '{match}'.",
    );
    let mut term = Table::new();
    term.insert("use".into(), preferred.into());
    term.insert(
        "not".into(),
        Value::Array(others.iter().map(|o| Value::from(*o)).collect()),
    );
    rule.insert("terms".into(), Value::Array(vec![Value::Table(term)]));
    // "E-Mail" and "Email" differ in more than case; keep German nouns as written.
    rule.insert("ignore-case".into(), (language != "de").into());
    rule
}

/// A `[brand]` table with these settings, as `onbrand init` appends it to the starter:
/// `address` as (language, form) pairs. Values are written as given; loading the file checks
/// them.
pub fn table(address: &[(String, String)], names: &[String], prefer: &[String]) -> String {
    let mut brand = Table::new();
    let list = |values: &[String]| Value::Array(values.iter().map(|v| v.as_str().into()).collect());
    if !names.is_empty() {
        brand.insert("names".into(), list(names));
    }
    if !prefer.is_empty() {
        brand.insert("prefer".into(), list(prefer));
    }
    if !address.is_empty() {
        let forms: Table = address
            .iter()
            .map(|(language, form)| (language.clone(), Value::from(form.as_str())))
            .collect();
        brand.insert("address".into(), forms.into());
    }
    let mut document = Table::new();
    document.insert("brand".into(), brand.into());
    toml::to_string(&document).unwrap_or_default()
}
