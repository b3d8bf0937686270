//! `kind = "spelling"`: words that no Hunspell dictionary of the rule knows.
//!
//! ```toml
//! [[rule]]
//! id = "spelling"
//! kind = "spelling"
//! dictionaries = ["dictionaries/en_US", "dictionaries/brand"]
//! filters = ['^[A-Z]{2,}s?$', '[a-z][A-Z]']
//! ignore-words = ["onbrand", "Kubernetes"]
//! ignore-files = ["words.txt"]
//! message = "Unknown word '{match}'."
//! languages = ["en"]
//! ```
//!
//! - `dictionaries` (required): Hunspell dictionaries, each named by its path without the
//!   extension (`dictionaries/en_US` reads `en_US.aff` and `en_US.dic`), relative to the
//!   guideline file that declares them. A word is correct when any of them accepts it. A
//!   dictionary is read once per guideline, however many rules name it. The files are decoded
//!   in the encoding the `.aff` file's `SET` line names (UTF-8 when it has none). A missing
//!   file is an error at the entry; a file that does not parse is an error at the file and line
//!   the dictionary parser names.
//! - `filters`: regexes; a word in which one matches (anywhere, as Vale's `filters`) is not
//!   checked. Anchor them (`^…$`) to match whole words only.
//! - `ignore-words`, and `ignore-files` (word lists, one word per line, `#` starts a comment,
//!   paths relative to the guideline file): words that are always correct, compared ignoring
//!   case.
//! - Words are those of `crate::prose::words`. A hyphenated compound the dictionaries reject
//!   as a whole is checked part by part, as Hunspell does ("well-known" is fine when "well"
//!   and "known" are), and each unknown part is reported on its own. Not checked: words with a
//!   digit, words touching a non-prose stand-in (code, a placeholder: they are part of an
//!   identifier), and Chinese and Japanese (written without spaces, so there is no word to look
//!   up). A curly apostrophe (‘ or ’) in a word is looked up as `'`. Other scripts are
//!   checked like any word: a German dictionary accepts "Größe", an
//!   English one reports it, so limit a rule to its language with `languages`.
//! - Each finding offers up to three of the dictionaries' suggestions as fixes, best first.
//!   Suggestions are computed only for the words reported. When no word is a small edit away
//!   (a name, jargon), Hunspell searches the whole word list for words that look alike: by far
//!   the slowest step (tens of milliseconds per word with en_US).
//!   `distant-suggestions = false` skips it: such words then get no fix.
//! - Each document has a budget of dictionary lookups, linear in its length, that ordinary
//!   prose never comes near: a dictionary with compound flags can need exponentially many on
//!   one long unknown word, and every suggestion search costs a walk of the whole word list.
//!   When the budget is spent, the rule is skipped from that word to the end of the document,
//!   and the lint says so in a note naming the rule, rather than give a partial answer.
//!
//! Placeholders: `{match}` (the word as written), `{expected}` (the first suggestion).
//!
//! Fix safety: unsafe. Suggestions are guesses from the dictionaries (the word may be a name
//! they lack), and there are often several.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use encoding_rs::{Encoding, UTF_8};
use regex::Regex;
use spellbook::{Dictionary, ParseDictionaryError, ParseDictionaryErrorSource};

use crate::finding::Applicability;
use super::{CompileCx, ProposedFix, Emitter, Located, SegmentCx, Vars, fallback, regexes};

/// Largest dictionary or word list read (en_US.dic is under 1 MB, the largest Hunspell
/// dictionaries a few tens of MB).
const DICTIONARY_LIMIT: u64 = 256 * 1024 * 1024;
use crate::document::OPAQUE;
use crate::prose;
use crate::spec::GuidelineError;

/// The fields of a spelling rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// Hunspell dictionaries (`.aff` + `.dic`), named without the extension, relative to the
    /// guideline file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dictionaries: Option<Vec<toml::Spanned<String>>>,
    /// Regexes; a word in which one matches is not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<toml::Spanned<String>>>,
    /// Words that are always correct (ignoring case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_words: Option<Vec<String>>,
    /// Word lists (one word per line), relative to the guideline file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_files: Option<Vec<toml::Spanned<String>>>,
    /// When no suggestion is a small edit away, search the whole word list for words that
    /// look alike (default true; slow: a walk of the word list per such word).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distant_suggestions: Option<bool>,
}
/// Rules of this kind offer fixes (see "Fix safety" above), so they take `fix`.
pub(crate) const OFFERS_FIXES: bool = true;

pub(crate) const PLACEHOLDERS: &[&str] = &["match", "expected"];
const DEFAULT_MESSAGE: &str = "Unknown word: '{match}'.";
/// Fixes offered per finding: the first few suggestions are the useful ones, and each costs
/// a search of the dictionary.
const MAX_SUGGESTIONS: usize = 3;

/// Dictionary lookups one spelling rule may make on a document of `len` bytes, a suggestion
/// search counting as one lookup per word of the list. The English blog posts and landing
/// pages of the shared corpus, names and jargon included, use up to 1,200 per byte against
/// en_US (49,000 words), nearly all of it in suggestion searches; a 41-letter unknown word in
/// a dictionary whose short stems all compound took 47 s, billions of lookups.
fn lookup_budget(len: usize) -> u64 {
    (len as u64).saturating_mul(4_000).saturating_add(4_000_000)
}

thread_local! {
    /// The spelling rule whose lookups this thread's dictionary hashers charge: set while the
    /// rule checks a segment, so that loading a dictionary or testing examples is not charged.
    static CHARGED_TO: Cell<Option<usize>> = const { Cell::new(None) };
}

/// The word list's hasher: every lookup is charged to the rule being run (see
/// [`lookup_budget`]). Once the budget is spent, lookups hash to one constant and find next to
/// nothing, so that an exponential compound search ends at once; the rule then discards the
/// word's answer and stops.
#[derive(Clone, Default)]
pub(crate) struct ChargedLookups(spellbook::DefaultHashBuilder);

impl BuildHasher for ChargedLookups {
    type Hasher = Lookup;

    fn build_hasher(&self) -> Lookup {
        let live = CHARGED_TO
            .get()
            .is_none_or(|key| fallback::charge_to(key, 1, lookup_budget));
        Lookup {
            inner: self.0.build_hasher(),
            live,
        }
    }
}

pub(crate) struct Lookup {
    inner: <spellbook::DefaultHashBuilder as BuildHasher>::Hasher,
    live: bool,
}

impl Hasher for Lookup {
    fn write(&mut self, bytes: &[u8]) {
        self.inner.write(bytes);
    }

    fn finish(&self) -> u64 {
        if self.live { self.inner.finish() } else { 0 }
    }
}

/// A parsed dictionary, and the number of words in its list: what one suggestion search
/// (which compares the word with every entry) costs.
pub(crate) struct Loaded {
    dictionary: Dictionary<ChargedLookups>,
    words: u64,
}

pub(crate) struct Spelling {
    dictionaries: Vec<Arc<Loaded>>,
    filters: Vec<Regex>,
    /// Lower-cased words that are always correct.
    ignored: HashSet<String>,
    /// `distant-suggestions`.
    distant_suggestions: bool,
}

impl std::fmt::Debug for Spelling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spelling")
            .field("dictionaries", &self.dictionaries.len())
            .field("filters", &self.filters)
            .field("ignored", &self.ignored.len())
            .finish()
    }
}

/// The dictionaries a guideline's rules have loaded so far, by the path of their `.aff` file:
/// a dictionary named by several rules is read and parsed once.
#[derive(Default)]
pub(crate) struct LoadedDictionaries(HashMap<PathBuf, Arc<Loaded>>);

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Spelling> {
    let entries = cx.require(
        "dictionaries",
        fields.dictionaries.clone(),
        "the Hunspell dictionaries to check against, like [\"dictionaries/en_US\"]",
    )?;
    if entries.is_empty() {
        cx.error(
            Located::Key("dictionaries"),
            "`dictionaries` is empty: name at least one Hunspell dictionary",
        );
        return None;
    }
    let dictionaries: Vec<Arc<Loaded>> = entries
        .iter()
        .filter_map(|entry| dictionary(cx, entry))
        .collect();
    let filters = compile_filters(cx, fields.filters.as_deref().unwrap_or(&[]));
    let mut ignored: HashSet<String> = fields
        .ignore_words
        .iter()
        .flatten()
        .map(|word| word.trim().to_lowercase())
        .collect();
    for file in fields.ignore_files.clone().into_iter().flatten() {
        ignored.extend(ignore_file(cx, &file)?);
    }
    if dictionaries.len() < entries.len() {
        return None;
    }
    Some(Spelling {
        dictionaries,
        filters: filters?,
        ignored,
        distant_suggestions: fields.distant_suggestions.unwrap_or(true),
    })
}

fn compile_filters(cx: &mut CompileCx<'_>, written: &[toml::Spanned<String>]) -> Option<Vec<Regex>> {
    let mut filters = Vec::new();
    let mut failed = false;
    for filter in written {
        match Regex::new(filter.get_ref()) {
            Ok(regex) => filters.push(regex),
            Err(error) => {
                let (message, chars) = regexes::describe_error(&error);
                cx.error(
                    Located::InString {
                        span: filter.span(),
                        value: filter.get_ref(),
                        chars,
                    },
                    format!("invalid regular expression in `filters`: {message}"),
                );
                failed = true;
            }
        }
    }
    (!failed).then_some(filters)
}

/// The dictionary an entry of `dictionaries` names, loaded now or by an earlier rule.
fn dictionary(cx: &mut CompileCx<'_>, entry: &toml::Spanned<String>) -> Option<Arc<Loaded>> {
    let name = entry.get_ref().trim();
    let stem = name
        .strip_suffix(".aff")
        .or_else(|| name.strip_suffix(".dic"))
        .unwrap_or(name);
    let aff_path = cx.base_dir.join(format!("{stem}.aff"));
    let dic_path = cx.base_dir.join(format!("{stem}.dic"));
    if let Some(loaded) = cx.dictionaries.0.get(&aff_path) {
        return Some(loaded.clone());
    }
    let at = Located::InString {
        span: entry.span(),
        value: entry.get_ref(),
        chars: None,
    };
    let read = |path: &Path| cx.files.read(path, DICTIONARY_LIMIT);
    let (aff, dic) = match (read(&aff_path), read(&dic_path)) {
        (Ok(aff), Ok(dic)) => (aff, dic),
        (Err(error), _) => return dictionary_unreadable(cx, at, &aff_path, &error),
        (_, Err(error)) => return dictionary_unreadable(cx, at, &dic_path, &error),
    };
    let encoding = aff_encoding(&aff);
    let (aff_text, _, _) = encoding.decode(&aff);
    let (dic_text, _, _) = encoding.decode(&dic);
    match Dictionary::new_with_hasher(&aff_text, &dic_text, ChargedLookups::default()) {
        Ok(dictionary) => {
            let parsed = Arc::new(Loaded {
                dictionary,
                words: dic_text.lines().count() as u64,
            });
            cx.dictionaries.0.insert(aff_path, parsed.clone());
            Some(parsed)
        }
        Err(error) => {
            let (_, line, column) = (cx.locate)(at);
            cx.errors.push(parse_error(
                &error,
                &aff_path,
                &dic_path,
                &format!("named at line {line}, column {column} of the guideline"),
            ));
            None
        }
    }
}

/// A dictionary file that cannot be read: an error at the entry that names it.
fn dictionary_unreadable(
    cx: &mut CompileCx<'_>,
    at: Located<'_>,
    missing: &Path,
    error: &std::io::Error,
) -> Option<Arc<Loaded>> {
    cx.error(
        at,
        format!(
            "cannot read dictionary file `{}`: {error} (a Hunspell dictionary is a `.aff` and a \
             `.dic` file, named here without the extension, relative to the guideline file)",
            crate::paths::display(missing)
        ),
    );
    None
}

/// A dictionary that does not parse, placed in the file and on the line the parser names.
fn parse_error(
    error: &ParseDictionaryError,
    aff_path: &Path,
    dic_path: &Path,
    named_at: &str,
) -> GuidelineError {
    let file = match error.source {
        ParseDictionaryErrorSource::Aff => aff_path,
        ParseDictionaryErrorSource::Dic => dic_path,
    };
    GuidelineError {
        file: crate::paths::display(file),
        line: error
            .line_number
            .and_then(|line| u32::try_from(line).ok())
            .unwrap_or(1),
        column: 1,
        message: format!(
            "not a valid Hunspell dictionary: {} ({named_at})",
            error.kind
        ),
    }
}

/// The encoding named by the `.aff` file's `SET` line; UTF-8 when there is none or it is
/// unknown (the line itself is ASCII in every encoding).
fn aff_encoding(aff: &[u8]) -> &'static Encoding {
    aff.split(|byte| *byte == b'\n')
        .find_map(|line| line.strip_prefix(b"SET "))
        .and_then(|label| Encoding::for_label(label.trim_ascii()))
        .unwrap_or(UTF_8)
}

/// The words of a word list (`ignore-files`), lower-cased.
fn ignore_file(cx: &mut CompileCx<'_>, file: &toml::Spanned<String>) -> Option<Vec<String>> {
    let path = cx.base_dir.join(file.get_ref().trim());
    match cx.files.read(&path, DICTIONARY_LIMIT) {
        Ok(bytes) => Some(
            String::from_utf8_lossy(&bytes)
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(str::to_lowercase)
                .collect(),
        ),
        Err(error) => {
            cx.error(
                Located::InString {
                    span: file.span(),
                    value: file.get_ref(),
                    chars: None,
                },
                format!(
                    "cannot read word list `{}`: {error} (paths are relative to the guideline \
                     file)",
                    crate::paths::display(&path)
                ),
            );
            None
        }
    }
}

/// While it lives, this thread's dictionary lookups are charged to one rule.
struct Charging(Option<usize>);

impl Charging {
    fn to(rule: &Spelling) -> Charging {
        Charging(CHARGED_TO.replace(Some(rule.budget_key())))
    }
}

impl Drop for Charging {
    fn drop(&mut self) {
        CHARGED_TO.set(self.0);
    }
}

impl Spelling {
    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, emit: &mut Emitter<'_>) {
        let _charging = Charging::to(self);
        let text = cx.text();
        for range in cx.segment.word_ranges() {
            if touches_stand_in(text, range.clone()) {
                continue;
            }
            let Some(word) = text.get(range.clone()) else {
                continue;
            };
            let unknown_parts = self.unknown_parts(word, range.start);
            // Spent during the word (or before it): its answer may be wrong, so no answer.
            if !self.charge(1) {
                return;
            }
            for unknown in unknown_parts {
                let Some(found) = text.get(unknown.clone()) else {
                    continue;
                };
                let searches: u64 = if self.distant_suggestions {
                    self.dictionaries.iter().map(|loaded| loaded.words).sum()
                } else {
                    1
                };
                if !self.charge(searches) {
                    return;
                }
                let suggestions = self.suggestions(found);
                if !self.charge(1) {
                    return;
                }
                let best = suggestions.first().cloned();
                let vars = Vars {
                    matched: Some(found),
                    expected: best.as_deref(),
                    ..Vars::default()
                };
                let fixes = suggestions
                    .into_iter()
                    .map(|s| ProposedFix::replace(unknown.clone(), s, Applicability::Unsafe))
                    .collect();
                emit.emit_fixes(cx.segment, unknown, DEFAULT_MESSAGE, &vars, fixes);
            }
        }
    }

    /// The budget of this rule's lookups, named by its address (as a regex's budget is).
    fn budget_key(&self) -> usize {
        std::ptr::from_ref(self) as usize
    }

    /// Charge `steps` to this rule's budget for the document; false when it is spent (the
    /// lint then notes that the rule was skipped).
    fn charge(&self, steps: u64) -> bool {
        fallback::charge_to(self.budget_key(), steps, lookup_budget)
    }

    /// The ranges (in the segment) of what is misspelt in `word`, which starts at `start`: the
    /// word, or the unknown parts of a hyphenated compound no dictionary knows whole.
    fn unknown_parts(&self, word: &str, start: usize) -> Vec<Range<usize>> {
        if self.is_correct(word) {
            return Vec::new();
        }
        if !word.contains(is_hyphen) {
            return std::iter::once(start..start + word.len()).collect();
        }
        let mut unknown = Vec::new();
        let mut part_start = 0;
        for (at, hyphen) in word
            .match_indices(is_hyphen)
            .chain(std::iter::once((word.len(), "")))
        {
            let part = &word[part_start..at];
            if !part.is_empty() && !self.is_correct(part) {
                unknown.push(start + part_start..start + at);
            }
            part_start = at + hyphen.len();
        }
        unknown
    }

    /// Whether `word` is spelt right, or not checked at all. A curly apostrophe, left or right
    /// (`don‘t`, `don’t`), reads as a straight one, as Vale's dictionary converts them
    /// (`ICONV`): dictionaries spell contractions with `'`.
    fn is_correct(&self, word: &str) -> bool {
        if word.contains(['\u{2018}', '\u{2019}']) {
            return self.is_correct(&word.replace(['\u{2018}', '\u{2019}'], "'"));
        }
        word.chars()
            .any(|c| c.is_numeric() || prose::is_cjk(c) || c == OPAQUE)
            || self.filters.iter().any(|filter| filter.is_match(word))
            || self.ignored.contains(&word.to_lowercase())
            || self
                .dictionaries
                .iter()
                .any(|loaded| loaded.dictionary.check(word))
    }

    /// The first suggestions of the dictionaries, in their order, without repeats.
    fn suggestions(&self, word: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut found = Vec::new();
        for loaded in &self.dictionaries {
            found.clear();
            loaded
                .dictionary
                .suggester()
                .with_ngram_suggestions(self.distant_suggestions)
                .suggest(word, &mut found);
            for suggestion in found.drain(..) {
                if out.len() < MAX_SUGGESTIONS && !out.contains(&suggestion) {
                    out.push(suggestion);
                }
            }
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        out
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Whether a non-prose stand-in touches the word: it is then part of something longer
/// (`` `x`s ``, a placeholder glued to a word), not a word of its own.
fn touches_stand_in(text: &str, range: Range<usize>) -> bool {
    let before = text
        .get(..range.start)
        .and_then(|head| head.chars().next_back());
    let after = text.get(range.end..).and_then(|tail| tail.chars().next());
    before == Some(OPAQUE) || after == Some(OPAQUE)
}
