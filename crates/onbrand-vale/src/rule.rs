//! A Vale rule file (`Style/Rule.yml`), read with serde-saphyr.
//!
//! Fields are loose (`Option`, defaults) because Vale styles in the wild are: every kind shares
//! one schema, and unknown keys are ignored as Vale ignores them. Order of `swap` and `either`
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
    pub tokens: Vec<String>,
    pub raw: Vec<String>,
    pub exceptions: Vec<String>,
    pub swap: IndexMap<String, String>,
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
    pub indicators: Vec<String>,
    // metric
    pub formula: Option<String>,
    pub condition: Option<String>,
    pub vocab: Option<bool>,
    // readability
    pub grade: Option<f64>,
    pub metrics: Vec<String>,
    // spelling
    /// The folder of `dictionaries` (absolute, or relative to StylesPath).
    pub dicpath: Option<String>,
    /// Hunspell dictionary names (`en_US-RedHat` for `en_US-RedHat.aff` and `.dic`).
    pub dictionaries: Vec<String>,
    /// One dictionary by its two files (absolute, or relative to StylesPath).
    pub aff: Option<String>,
    pub dic: Option<String>,
    /// Regexes: a word in which one matches is not checked.
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

/// Parse a rule file; the error carries serde-saphyr's line and column.
pub fn parse(text: &str) -> Result<ValeRule, String> {
    let head = serde_saphyr::from_str::<Head>(text).map_err(|e| e.to_string())?;
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
    serde_saphyr::from_str::<ValeRule>(text).map_err(|e| e.to_string())
}
