//! The tone profile: targets per dimension (brand-wide, and per channel inheriting from it) and
//! the word lists, compiled from the `[tone]` tables of every guideline file.
//!
//! ```toml
//! [tone]
//! severity = "warning"          # default for tone findings
//! min-words = 50                # shorter documents are not judged on statistics
//! brand = ["Fernway"]           # names that count as the brand talking about itself
//! sentence-length = { max = 22 }
//! readability = { min = 40, severity = "suggestion" }
//!
//! [tone.channels.email]         # replaces the brand-wide range of each dimension it names
//! sentence-length = { max = 18, zh = { max = 30 } }   # per language: Chinese counts characters
//!
//! [tone.words.hedges]           # extends the list; `replace = true` replaces it
//! en = ["arguably"]
//! ```
//!
//! Files merge in order: a later file's range for a dimension replaces an earlier one, and word
//! lists accumulate unless a file says `replace = true` for that list.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::Lang;
use super::dimension::Dimension;
use super::formality;
use super::lexicon::{Kind, Lexicon};
use crate::finding::{RuleInfo, Severity};
use crate::position::LineIndex;
use crate::spec::{GuidelineError, GuidelineSource};

/// A target range for one dimension.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    /// The lowest value in the range.
    pub min: Option<f64>,
    /// The highest value in the range.
    pub max: Option<f64>,
    /// The range's own severity; else the profile's.
    pub severity: Option<Severity>,
}

impl Target {
    /// Whether `value` lies in the range (bounds included).
    pub fn contains(&self, value: f64) -> bool {
        self.min.is_none_or(|min| value >= min) && self.max.is_none_or(|max| value <= max)
    }

    /// "≤ 18", "≥ 40", "0.3–0.6", "any".
    pub fn describe(&self) -> String {
        match (self.min, self.max) {
            (Some(min), Some(max)) => format!("{}–{}", number(min), number(max)),
            (Some(min), None) => format!("≥ {}", number(min)),
            (None, Some(max)) => format!("≤ {}", number(max)),
            (None, None) => "any".to_owned(),
        }
    }
}

/// A number as people write it: no trailing zeros, at most two decimals.
pub fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// A dimension's range as written: the range, and ranges per language that replace its bounds
/// (Chinese counts characters where others count words, so lengths need their own numbers).
#[derive(Clone, Debug, PartialEq)]
struct RangeSet {
    base: Target,
    languages: BTreeMap<String, (Option<f64>, Option<f64>)>,
}

impl RangeSet {
    fn resolve(&self, language: Option<&str>) -> Target {
        match language.and_then(|l| self.languages.get(l)) {
            Some(&(min, max)) => Target {
                min,
                max,
                ..self.base
            },
            None => self.base,
        }
    }
}

type Targets = [Option<RangeSet>; Dimension::ALL.len()];

/// The compiled tone profile of a guideline.
#[derive(Debug)]
pub struct ToneProfile {
    /// The severity of tone findings, unless a range has its own.
    pub severity: Severity,
    /// Documents with fewer words are measured, not judged.
    pub min_words: usize,
    brand: Targets,
    channels: BTreeMap<String, Targets>,
    lexicons: [Lexicon; 3],
    rules: Vec<Arc<RuleInfo>>,
}

impl ToneProfile {
    /// The target of `dimension` in `channel` for a document in `language`: the channel's own
    /// range, else the brand-wide one; within it, the language's bounds if it gives some.
    pub fn target(
        &self,
        dimension: Dimension,
        channel: Option<&str>,
        language: Option<&str>,
    ) -> Option<Target> {
        let i = dimension.index();
        channel
            .and_then(|c| self.channels.get(c))
            .and_then(|targets| targets.get(i).and_then(Option::as_ref))
            .or_else(|| self.brand.get(i).and_then(Option::as_ref))
            .map(|range| range.resolve(language))
    }

    /// The channels with targets of their own (`[tone.channels.NAME]`).
    pub fn channel_names(&self) -> impl Iterator<Item = &str> {
        self.channels.keys().map(String::as_str)
    }

    /// Whether `channel` sets its own range for `dimension` (for messages: "email target").
    pub fn channel_sets(&self, dimension: Dimension, channel: &str) -> bool {
        self.channels
            .get(channel)
            .and_then(|targets| targets.get(dimension.index()))
            .is_some_and(Option::is_some)
    }

    /// The word lists of a language (empty for languages without lists).
    pub fn lexicon(&self, lang: Lang) -> Option<&Lexicon> {
        match lang {
            Lang::En => self.lexicons.first(),
            Lang::De => self.lexicons.get(1),
            Lang::Zh => self.lexicons.get(2),
            Lang::Other => None,
        }
    }

    /// The rule a dimension's findings carry (`tone.sentence-length`, …).
    pub fn rule(&self, dimension: Dimension) -> Option<&Arc<RuleInfo>> {
        self.rules.get(dimension.index())
    }
}

/// A word list as written: per language, and whether it replaces what earlier files gave.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListSpec {
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    de: Vec<String>,
    #[serde(default)]
    zh: Vec<String>,
    /// Entries for every language (brand names, product terms).
    #[serde(default)]
    any: Vec<String>,
    #[serde(default)]
    replace: bool,
}

/// `{ min = …, max = …, severity = …, zh = { max = … } }`: any other key is a language code.
#[derive(Debug, Deserialize)]
struct RangeSpec {
    min: Option<f64>,
    max: Option<f64>,
    severity: Option<Severity>,
    #[serde(flatten)]
    languages: BTreeMap<String, LanguageRange>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageRange {
    min: Option<f64>,
    max: Option<f64>,
}

/// The profile while files are merged into it.
#[derive(Default)]
struct Builder {
    present: bool,
    severity: Option<Severity>,
    min_words: Option<usize>,
    brand_names: Vec<String>,
    brand: Targets,
    channels: BTreeMap<String, Targets>,
    /// List kind → [en, de, zh] entries.
    lists: BTreeMap<Kind, [Vec<String>; 3]>,
}

/// Compile every file's `[tone]` table; `None` when no file has one. Syntax errors of a file are
/// the guideline loader's to report, so such a file is skipped here.
pub fn compile(sources: &[GuidelineSource]) -> Result<Option<ToneProfile>, Vec<GuidelineError>> {
    let mut builder = Builder::default();
    let mut errors = Vec::new();
    for source in sources {
        let file = File {
            name: &source.name,
            text: &source.text,
            lines: LineIndex::new(&source.text),
        };
        let (root, parse_errors) = DeTable::parse_recoverable(&source.text);
        if !parse_errors.is_empty() {
            continue;
        }
        let mut root = root.into_inner();
        if let Some(tone) = root.remove("tone") {
            builder.present = true;
            file.tone(tone, &mut builder, &mut errors);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(builder.present.then(|| builder.finish()))
}

impl Builder {
    fn finish(self) -> ToneProfile {
        let severity = self.severity.unwrap_or(Severity::Warning);
        let mut lexicons: [Lexicon; 3] = Default::default();
        for (kind, per_language) in &self.lists {
            for (lexicon, entries) in lexicons.iter_mut().zip(per_language) {
                for entry in entries {
                    lexicon.add(*kind, entry);
                }
            }
        }
        for lexicon in &mut lexicons {
            for name in &self.brand_names {
                lexicon.add(Kind::We, name);
            }
        }
        for (lexicon, lang) in lexicons.iter_mut().zip([Lang::En, Lang::De]) {
            lexicon.add_classes(lang, formality::word_classes(lang));
        }
        let rules = Dimension::ALL
            .iter()
            .map(|d| {
                Arc::new(RuleInfo {
                    id: Arc::from(format!("tone.{}", d.name())),
                    severity,
                    link: None,
                })
            })
            .collect();
        ToneProfile {
            severity,
            min_words: self.min_words.unwrap_or(50),
            brand: self.brand,
            channels: self.channels,
            lexicons,
            rules,
        }
    }
}

struct File<'a> {
    name: &'a str,
    text: &'a str,
    lines: LineIndex,
}

const TONE_KEYS: &str = "`severity`, `min-words`, `brand`, `channels`, `words`";

impl File<'_> {
    fn error(&self, offset: usize, message: impl Into<String>) -> GuidelineError {
        let at = self.lines.line_col(self.text, offset);
        GuidelineError {
            file: self.name.to_owned(),
            line: at.line,
            column: at.column,
            message: message.into(),
        }
    }

    /// Deserialize a value, or report where it is wrong.
    fn value<T: for<'de> Deserialize<'de>>(
        &self,
        value: Spanned<DeValue<'_>>,
        errors: &mut Vec<GuidelineError>,
    ) -> Option<T> {
        let start = value.span().start;
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                let offset = error.span().map_or(start, |span| span.start);
                errors.push(self.error(offset, error.message().trim_end()));
                None
            }
        }
    }

    fn table<'t>(
        &self,
        value: Spanned<DeValue<'t>>,
        what: &str,
        errors: &mut Vec<GuidelineError>,
    ) -> Option<DeTable<'t>> {
        let start = value.span().start;
        match value.into_inner() {
            DeValue::Table(table) => Some(table),
            _ => {
                errors.push(self.error(start, format!("`{what}` must be a table")));
                None
            }
        }
    }

    fn tone(
        &self,
        value: Spanned<DeValue<'_>>,
        builder: &mut Builder,
        errors: &mut Vec<GuidelineError>,
    ) {
        let Some(table) = self.table(value, "tone", errors) else {
            return;
        };
        for (key, value) in table {
            let key_at = key.span().start;
            match key.get_ref().as_ref() {
                "severity" => builder.severity = self.value(value, errors).or(builder.severity),
                "min-words" => {
                    builder.min_words = self
                        .value::<u32>(value, errors)
                        .map(|n| n as usize)
                        .or(builder.min_words);
                }
                "brand" => {
                    if let Some(names) = self.value::<Vec<String>>(value, errors) {
                        builder.brand_names.extend(names);
                    }
                }
                "channels" => self.channels(value, builder, errors),
                "words" => self.words(value, builder, errors),
                name => self.range(name, key_at, value, &mut builder.brand, "tone", errors),
            }
        }
    }

    fn channels(
        &self,
        value: Spanned<DeValue<'_>>,
        builder: &mut Builder,
        errors: &mut Vec<GuidelineError>,
    ) {
        let Some(table) = self.table(value, "tone.channels", errors) else {
            return;
        };
        for (channel, value) in table {
            let channel = channel.get_ref().to_string();
            let what = format!("tone.channels.{channel}");
            let Some(ranges) = self.table(value, &what, errors) else {
                continue;
            };
            let targets = builder.channels.entry(channel).or_default();
            for (key, value) in ranges {
                self.range(
                    key.get_ref(),
                    key.span().start,
                    value,
                    targets,
                    &what,
                    errors,
                );
            }
        }
    }

    fn range(
        &self,
        name: &str,
        key_at: usize,
        value: Spanned<DeValue<'_>>,
        targets: &mut Targets,
        table: &str,
        errors: &mut Vec<GuidelineError>,
    ) {
        let Some(dimension) = Dimension::from_name(name) else {
            let dimensions: Vec<&str> = Dimension::ALL.iter().map(|d| d.name()).collect();
            let also = if table == "tone" {
                format!("{TONE_KEYS}, or ")
            } else {
                String::new()
            };
            errors.push(self.error(
                key_at,
                format!(
                    "unknown key `{name}` in `[{table}]`; it takes {also}a dimension: {}",
                    dimensions.join(", ")
                ),
            ));
            return;
        };
        let span: Range<usize> = value.span();
        // Language codes are free keys of a range, so a misspelt `max` would otherwise surface as
        // a confusing type error.
        if let DeValue::Table(table) = value.get_ref() {
            for (key, _) in table.iter() {
                let key_name = key.get_ref();
                let is_language = (2..=3).contains(&key_name.len())
                    && key_name.chars().all(|c| c.is_ascii_lowercase());
                if !matches!(key_name.as_ref(), "min" | "max" | "severity") && !is_language {
                    errors.push(self.error(
                        key.span().start,
                        format!("unknown key `{key_name}` in the range of `{name}`; a range takes `min`, `max`, `severity`, or a language code with its own `{{ min, max }}`"),
                    ));
                    return;
                }
            }
        }
        let Some(spec) = self.value::<RangeSpec>(value, errors) else {
            return;
        };
        let bounds = std::iter::once(("", spec.min, spec.max)).chain(
            spec.languages
                .iter()
                .map(|(language, r)| (language.as_str(), r.min, r.max)),
        );
        for (what, min, max) in bounds {
            // `nan` and `inf` are TOML floats: a bound that is not a finite number compares
            // false with everything (or holds for everything) and would silently never fire.
            if let Some(bound) = [min, max].into_iter().flatten().find(|b| !b.is_finite()) {
                errors.push(self.error(
                    span.start,
                    format!(
                        "`{name}`{}: a bound must be a finite number, not `{bound}`",
                        if what.is_empty() {
                            String::new()
                        } else {
                            format!(" ({what})")
                        }
                    ),
                ));
                return;
            }
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                errors.push(self.error(
                    span.start,
                    format!("`{name}`{}: `min` ({min}) is greater than `max` ({max}); no document can satisfy both", if what.is_empty() { String::new() } else { format!(" ({what})") }),
                ));
                return;
            }
        }
        if let Some(slot) = targets.get_mut(dimension.index()) {
            *slot = Some(RangeSet {
                base: Target {
                    min: spec.min,
                    max: spec.max,
                    severity: spec.severity,
                },
                languages: spec
                    .languages
                    .into_iter()
                    .map(|(l, r)| (l, (r.min, r.max)))
                    .collect(),
            });
        }
    }

    fn words(
        &self,
        value: Spanned<DeValue<'_>>,
        builder: &mut Builder,
        errors: &mut Vec<GuidelineError>,
    ) {
        let Some(table) = self.table(value, "tone.words", errors) else {
            return;
        };
        for (key, value) in table {
            let Some(kind) = Kind::from_list_name(key.get_ref()) else {
                let names: Vec<&str> = Kind::LISTS.iter().map(|(n, _)| *n).collect();
                errors.push(self.error(
                    key.span().start,
                    format!(
                        "unknown word list `{}`; the lists are {}",
                        key.get_ref(),
                        names.join(", ")
                    ),
                ));
                continue;
            };
            let Some(spec) = self.value::<ListSpec>(value, errors) else {
                continue;
            };
            let lists = builder.lists.entry(kind).or_default();
            if spec.replace {
                *lists = Default::default();
            }
            for (list, own) in lists.iter_mut().zip([spec.en, spec.de, spec.zh]) {
                list.extend(own);
                list.extend(spec.any.iter().cloned());
            }
        }
    }
}
