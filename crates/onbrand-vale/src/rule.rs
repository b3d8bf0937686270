//! A Vale rule file (`Style/Rule.yml`), read with serde-saphyr.
//!
//! Fields are loose (`Option`, defaults) because Vale styles in the wild are: every kind shares
//! one schema, and unknown keys are ignored as Vale ignores them. What Vale's YAML reader
//! (go-yaml) accepts is accepted too: a repeated key (the last one counts), `\'` in a
//! double-quoted string, and one string where a list is expected (`tokens: synergy`). Order of `swap` and `either`
//! is kept (an `IndexMap`): it decides which key wins when two match at the same place.

use indexmap::IndexMap;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ValeRule {
    pub extends: Option<String>,
    pub message: Option<String>,
    pub description: Option<String>,
    pub level: Option<String>,
    pub link: Option<String>,
    pub scope: Option<OneOrMany>,
    pub limit: Option<u64>,
    pub ignorecase: bool,
    pub nonword: bool,
    pub append: bool,
    #[serde(deserialize_with = "one_or_many")]
    pub tokens: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub raw: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub exceptions: Vec<String>,
    pub swap: IndexMap<String, String>,
    /// Substitution: a capitalised match gets a capitalised replacement.
    pub capitalize: bool,
    pub either: IndexMap<String, String>,
    pub action: Option<Action>,
    // occurrence
    pub max: Option<u32>,
    pub min: Option<u32>,
    pub token: Option<String>,
    // repetition
    pub alpha: bool,
    // conditional
    pub first: Option<String>,
    pub second: Option<String>,
    // capitalization
    #[serde(rename = "match")]
    pub matches: Option<String>,
    pub style: Option<String>,
    pub threshold: Option<f64>,
    /// A prefix (a regex) that is left out before the case is judged.
    pub prefix: Option<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub indicators: Vec<String>,
    // metric
    pub formula: Option<String>,
    pub condition: Option<String>,
    pub vocab: Option<bool>,
    // readability
    pub grade: Option<f64>,
    #[serde(deserialize_with = "one_or_many")]
    pub metrics: Vec<String>,
    // spelling
    /// The folder of `dictionaries` (absolute, or relative to StylesPath).
    pub dicpath: Option<String>,
    /// Hunspell dictionary names (`en_US-RedHat` for `en_US-RedHat.aff` and `.dic`).
    #[serde(deserialize_with = "one_or_many")]
    pub dictionaries: Vec<String>,
    /// One dictionary by its two files (absolute, or relative to StylesPath).
    pub aff: Option<String>,
    pub dic: Option<String>,
    /// Regexes: a word in which one matches is not checked.
    #[serde(deserialize_with = "one_or_many")]
    pub filters: Vec<String>,
    /// Word lists (relative to StylesPath or its `config/ignore`).
    pub ignore: Option<OneOrMany>,
    /// No default filters.
    pub custom: bool,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn items(&self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one.clone()],
            OneOrMany::Many(many) => many.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Action {
    pub name: Option<String>,
    pub params: Vec<String>,
}

/// The part of a rule every kind has: enough to say what a rule onbrand cannot convert is.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Head {
    extends: Option<String>,
    message: Option<String>,
    level: Option<String>,
}

/// Kinds whose fields have shapes of their own (`sequence`'s tokens are tables of NLP tags,
/// `script` holds a program): never converted, so only their head is read, and the import says
/// so instead of failing on a field's type.
const UNCONVERTED_KINDS: [&str; 2] = ["sequence", "script"];

/// A list, or one string standing for a list of one.
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

/// Read YAML as go-yaml does: a repeated key's last value counts.
fn from_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::LastWins,
    };
    match serde_saphyr::from_str_with_options::<T>(text, options.clone()) {
        Ok(value) => Ok(value),
        // go-yaml reads `\'` in a double-quoted string as `'`, which YAML 1.2 does not allow:
        // a rule that fails only for that is read with the quote unescaped.
        Err(error) if text.contains("\\'") => {
            serde_saphyr::from_str_with_options::<T>(&text.replace("\\'", "'"), options)
                .map_err(|_| error.to_string())
        }
        Err(error) => Err(error.to_string()),
    }
}

/// Parse a rule file; the error carries serde-saphyr's line and column.
pub fn parse(text: &str) -> Result<ValeRule, String> {
    let head = from_yaml::<Head>(text)?;
    if head
        .extends
        .as_deref()
        .is_some_and(|kind| UNCONVERTED_KINDS.contains(&kind.trim()))
    {
        return Ok(ValeRule {
            extends: head.extends,
            message: head.message,
            level: head.level,
            ..ValeRule::default()
        });
    }
    from_yaml::<ValeRule>(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_that_vale_reads_is_read() {
        let rule = parse(
            "extends: existence\nlevel: warning\nlevel: error\nmessage: \"It\\'s '%s'.\"\ntokens: Grüße\nexceptions: 中文\n",
        )
        .unwrap();
        assert_eq!(rule.level.as_deref(), Some("error"));
        assert_eq!(rule.message.as_deref(), Some("It's '%s'."));
        assert_eq!(rule.tokens, ["Grüße"]);
        assert_eq!(rule.exceptions, ["中文"]);
        assert!(parse("extends: existence\ntokens: [a\n").is_err());
    }
}
