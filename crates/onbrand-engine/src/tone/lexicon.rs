//! Word lists, compiled for matching: which words and phrases of a sentence are contractions,
//! formal or informal vocabulary, forms of address, self-reference, hype, hedges or jargon.
//!
//! The lists themselves are data (`rules/tone.toml`, extended or replaced by the user's
//! guideline); this module only matches them. An entry matches a run of words of the sentence
//! (so "pursuant to" and "我们" work like single words). An entry written all in lower case
//! matches in any case ("Perhaps", "PERHAPS"); an entry with a capital letter matches only as
//! written, which is what tells the German formal "Sie" from "sie" (they).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::Lang;
use crate::prose::{self, Word};

/// What a word-list match says about the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A contraction (don't, gibt's).
    Contraction,
    /// A formal word (hereby, zwecks).
    Formal,
    /// An informal word (awesome, krass).
    Informal,
    /// Direct informal address: you, du, 你.
    YouInformal,
    /// Direct formal address: Sie, 您.
    YouFormal,
    /// Speaking about the reader instead of to them: "the customer", "users".
    Impersonal,
    /// First-person plural and the brand's own name.
    We,
    /// A hype word (revolutionary).
    Hype,
    /// A hedge (perhaps, eventuell).
    Hedge,
    /// Jargon (synergy, leverage).
    Jargon,
    /// Auxiliaries that start a passive: be (en), werden (de), 被 (zh).
    PassiveAuxiliary,
    /// German `sein`: passive only with a `ge-…t` participle ("ist geöffnet").
    StateAuxiliary,
    /// Irregular participles that the `-ed` rule cannot see (en: sent, built, …).
    Participle,
    /// All-caps words that are names, not shouting (HTML, NASA).
    Acronym,
}

impl Kind {
    /// This kind as one bit of a [`WordKinds`] set (fourteen kinds fit in a `u16`).
    fn bit(self) -> u16 {
        1 << (self as u16)
    }

    /// The list's name in `[tone.words]`, and its kind.
    pub const LISTS: [(&'static str, Kind); 14] = [
        ("contractions", Kind::Contraction),
        ("formal", Kind::Formal),
        ("informal", Kind::Informal),
        ("you-informal", Kind::YouInformal),
        ("you-formal", Kind::YouFormal),
        ("impersonal", Kind::Impersonal),
        ("we", Kind::We),
        ("hype", Kind::Hype),
        ("hedges", Kind::Hedge),
        ("jargon", Kind::Jargon),
        ("passive-auxiliaries", Kind::PassiveAuxiliary),
        ("state-auxiliaries", Kind::StateAuxiliary),
        ("participles", Kind::Participle),
        ("acronyms", Kind::Acronym),
    ];

    /// The kind a `[tone.words]` list is named after.
    pub fn from_list_name(name: &str) -> Option<Kind> {
        Self::LISTS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, k)| k)
    }

    /// The name of the kind's `[tone.words]` list.
    pub fn list_name(self) -> &'static str {
        Self::LISTS
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |&(n, _)| n)
    }
}

/// FNV-1a: the word lists and the formality model's class table are looked up for every word
/// of every sentence, with keys of a few bytes, into tables the guideline fills (no one can
/// choose a document's words to make them collide), where SipHash's setup costs more than the
/// rest of the lookup.
#[derive(Default)]
pub(super) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

#[derive(Clone, Debug)]
struct Entry {
    kind: Kind,
    /// The entry's words after the first, folded (or as written when `exact`).
    rest: Vec<String>,
    /// The first word as written, when the entry must match in its own case.
    exact_first: Option<String>,
    exact: bool,
}

/// One language's lists, ready to match.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Folded word → the entries starting with it, and its classes in the language's
    /// formality model.
    by_first: HashMap<String, FirstWord, BuildHasherDefault<Fnv>>,
    /// Contraction endings ("n't", "'re"), from list entries written `*n't`.
    suffixes: Vec<String>,
    /// How many entries `by_first` holds (words it holds for their classes only are none).
    entries: usize,
    /// The language whose formality classes `by_first` holds ([`Self::add_classes`]).
    classes_of: Option<Lang>,
}

/// What a lexicon knows of a word: the entries that start with it, and its formality classes.
/// Both are asked of every word of every sentence, so one lookup answers both.
#[derive(Clone, Debug, Default)]
struct FirstWord {
    entries: Vec<Entry>,
    classes: u16,
}

/// A match: which list, and the index range of the sentence's words it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Which list matched.
    pub kind: Kind,
    /// The index range of the sentence's words it covers.
    pub words: std::ops::Range<usize>,
}

/// Which kinds of match cover, and start at, each word of a sentence: asking about one word
/// costs one lookup instead of a scan of every match, which made a sentence of many matches
/// quadratic (100,000 hedges with no full stop took minutes). Built in one pass over the
/// matches, each a few words long.
#[derive(Default)]
pub struct WordKinds {
    /// Per word, the kinds of the matches that cover it and of those that start at it; empty
    /// for a sentence without matches (no allocation: a missing word is one no match covers).
    words: Vec<WordBits>,
}

#[derive(Clone, Copy, Default)]
struct WordBits {
    covering: u16,
    starting: u16,
}

impl WordKinds {
    /// The kinds of a sentence of `words` words with matches `hits`.
    pub fn new(words: usize, hits: &[Hit]) -> WordKinds {
        let mut kinds = WordKinds::default();
        kinds.reset(words, hits);
        kinds
    }

    /// Make these the kinds of a sentence of `words` words with matches `hits`, keeping the
    /// memory held for an earlier sentence (one measurement reuses one for every sentence).
    pub fn reset(&mut self, words: usize, hits: &[Hit]) {
        self.words.clear();
        if !hits.is_empty() {
            self.words.resize(words, WordBits::default());
        }
        for hit in hits {
            let bit = hit.kind.bit();
            if let Some(start) = self.words.get_mut(hit.words.start) {
                start.starting |= bit;
            }
            for covered in self.words.get_mut(hit.words.clone()).into_iter().flatten() {
                covered.covering |= bit;
            }
        }
    }

    /// Whether a match of `kind` covers word `word`.
    pub fn covers(&self, word: usize, kind: Kind) -> bool {
        self.words
            .get(word)
            .is_some_and(|bits| bits.covering & kind.bit() != 0)
    }

    /// Whether a match of `kind` starts at word `word`.
    pub fn starts(&self, word: usize, kind: Kind) -> bool {
        self.words
            .get(word)
            .is_some_and(|bits| bits.starting & kind.bit() != 0)
    }
}

/// The lookup key of a word: lower case, with typographic apostrophes made straight. Borrowed
/// when the word already is its key (most words), because this runs for every word.
pub fn key(word: &str) -> Cow<'_, str> {
    match prose::fold_case(word) {
        Cow::Borrowed(folded) => straight_apostrophes(folded),
        Cow::Owned(folded) => Cow::Owned(straight_apostrophes(&folded).into_owned()),
    }
}

/// The keys of `words` of `text`, all at once: the text is case-folded once and each key is a
/// slice of it (folding keeps byte offsets), so that most keys cost no allocation.
pub fn keys<'t>(folded_text: &'t str, words: &[Word<'_>]) -> Vec<Cow<'t, str>> {
    // Typographic apostrophes are rare: a text without one (one search of it) has no word that
    // needs searching for one.
    let curly = folded_text.contains('\u{2019}');
    words
        .iter()
        .map(|word| match folded_text.get(word.range.clone()) {
            None => Cow::Borrowed(""),
            Some(folded) if curly => straight_apostrophes(folded),
            Some(folded) => Cow::Borrowed(folded),
        })
        .collect()
}

fn straight_apostrophes(folded: &str) -> Cow<'_, str> {
    if folded.contains('\u{2019}') {
        Cow::Owned(folded.replace('\u{2019}', "'"))
    } else {
        Cow::Borrowed(folded)
    }
}

impl Lexicon {
    /// Add `entry` (a word, a phrase, or `*suffix`) to the `kind` list.
    pub fn add(&mut self, kind: Kind, entry: &str) {
        let entry = entry.trim();
        if let Some(suffix) = entry.strip_prefix('*') {
            self.suffixes.push(key(suffix).into_owned());
            return;
        }
        let words = prose::words(entry);
        let Some((first, rest)) = words.split_first() else {
            return;
        };
        let exact = entry.chars().any(char::is_uppercase);
        let form = |w: &Word<'_>| {
            if exact {
                w.text.to_owned()
            } else {
                key(w.text).into_owned()
            }
        };
        self.by_first
            .entry(key(first.text).into_owned())
            .or_default()
            .entries
            .push(Entry {
                kind,
                rest: rest.iter().map(form).collect(),
                exact_first: exact.then(|| first.text.to_owned()),
                exact,
            });
        self.entries += 1;
    }

    /// Hold the formality classes of `lang`'s words (`(key, class bits)`), so that the lookup
    /// of a word for the lists finds its classes too ([`Self::hits`]).
    pub(super) fn add_classes(
        &mut self,
        lang: Lang,
        classes: impl IntoIterator<Item = (&'static str, u16)>,
    ) {
        for (word, bits) in classes {
            self.by_first.entry(word.to_owned()).or_default().classes |= bits;
        }
        self.classes_of = Some(lang);
    }

    /// The language whose formality classes [`Self::hits`] reports, if any.
    pub fn classes_of(&self) -> Option<Lang> {
        self.classes_of
    }

    /// Whether no list has an entry.
    pub fn is_empty(&self) -> bool {
        self.entries == 0 && self.suffixes.is_empty()
    }

    /// Every list entry that starts at a word of `words` (the words of `text`, whose lookup
    /// keys are `keys`), in the order of the words, into `out`; and each word's formality
    /// classes into `classes` (0 for every word when the lexicon holds none: see
    /// [`Self::classes_of`]). Words of a phrase must be separated by white space only (or
    /// nothing, in Chinese).
    pub fn hits(
        &self,
        text: &str,
        words: &[Word<'_>],
        keys: &[Cow<'_, str>],
        out: &mut Vec<Hit>,
        classes: &mut Vec<u16>,
    ) {
        // A contraction suffix needs a key with an apostrophe.
        let may_contract = !self.suffixes.is_empty() && may_have_apostrophes(text, words);
        classes.reserve(words.len());
        for at in 0..words.len() {
            classes.push(self.hits_at(text, words, keys, at, may_contract, out));
        }
    }

    /// The entries that start at word `at`, and the word's classes; `may_contract`: whether a
    /// key of these words may end in a contraction suffix.
    fn hits_at(
        &self,
        text: &str,
        words: &[Word<'_>],
        keys: &[Cow<'_, str>],
        at: usize,
        may_contract: bool,
        out: &mut Vec<Hit>,
    ) -> u16 {
        let (Some(word), Some(first_key)) = (words.get(at), keys.get(at)) else {
            return 0;
        };
        let found = self.by_first.get(first_key.as_ref());
        if let Some(FirstWord { entries, .. }) = found {
            for entry in entries {
                if entry.exact_first.as_deref().is_some_and(|f| f != word.text) {
                    continue;
                }
                if let Some(end) = phrase_end(text, words, keys, at, entry) {
                    out.push(Hit {
                        kind: entry.kind,
                        words: at..end,
                    });
                }
            }
        }
        if may_contract
            && first_key.contains('\'')
            && self
                .suffixes
                .iter()
                .any(|s| first_key.ends_with(s.as_str()))
        {
            out.push(Hit {
                kind: Kind::Contraction,
                words: at..at + 1,
            });
        }
        found.map_or(0, |first| first.classes)
    }
}

/// Whether a key of `words` (of `text`) may hold an apostrophe: it needs a word with `'` or `’`
/// (folding makes neither). One search of the words' text for `'` and for the last byte of
/// `’` (E2 80 99) spares a search of every key in a sentence that has neither (most); other
/// characters ending in that byte only make the answer a harmless "maybe".
pub(super) fn may_have_apostrophes(text: &str, words: &[Word<'_>]) -> bool {
    let span = words
        .first()
        .zip(words.last())
        .and_then(|(first, last)| text.get(first.range.start..last.range.end))
        .unwrap_or("");
    memchr::memchr2(b'\'', 0x99, span.as_bytes()).is_some()
}

/// The end (exclusive word index) of `entry` matched from word `at`, if the following words
/// match its remaining words.
fn phrase_end(
    text: &str,
    words: &[Word<'_>],
    keys: &[Cow<'_, str>],
    at: usize,
    entry: &Entry,
) -> Option<usize> {
    let mut previous_end = words.get(at)?.range.end;
    for (offset, expected) in entry.rest.iter().enumerate() {
        let i = at + 1 + offset;
        let word = words.get(i)?;
        let gap = text.get(previous_end..word.range.start)?;
        if !gap.chars().all(char::is_whitespace) {
            return None;
        }
        let actual = if entry.exact {
            word.text
        } else {
            keys.get(i)?.as_ref()
        };
        if actual != expected {
            return None;
        }
        previous_end = word.range.end;
    }
    Some(at + 1 + entry.rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kinds reset for a sentence are the kinds made for it afresh, whatever sentence (longer,
    /// with other matches, or without any) they held before.
    #[test]
    fn reset_kinds_are_new_kinds() {
        let hit = |kind, words| Hit { kind, words };
        let sentences = [
            (9, vec![hit(Kind::Hype, 0..2), hit(Kind::Formal, 7..9)]),
            (3, vec![hit(Kind::Acronym, 1..2)]),
            (5, vec![]),
            (4, vec![hit(Kind::Hedge, 2..4), hit(Kind::Informal, 3..4)]),
        ];
        let mut kinds = WordKinds::default();
        for (words, hits) in &sentences {
            kinds.reset(*words, hits);
            let fresh = WordKinds::new(*words, hits);
            for word in 0..words + 2 {
                for (_, kind) in Kind::LISTS {
                    assert_eq!(kinds.covers(word, kind), fresh.covers(word, kind));
                    assert_eq!(kinds.starts(word, kind), fresh.starts(word, kind));
                }
            }
        }
        assert!(kinds.covers(3, Kind::Informal) && kinds.starts(2, Kind::Hedge));
        assert!(!kinds.covers(1, Kind::Acronym));
    }

    #[test]
    fn keys_of_a_folded_text_are_the_keys_of_its_words() {
        let text = "We DON’T say Grüße, ǅemal or 您好.";
        let words = prose::words(text);
        let folded = prose::fold_case(text);
        let keys = keys(&folded, &words);
        let one_by_one: Vec<Cow<'_, str>> = words.iter().map(|w| key(w.text)).collect();
        assert_eq!(keys, one_by_one);
        assert_eq!(keys[1], "don't");
        // Without a typographic apostrophe every key is a slice of the folded text.
        let text = "We DON'T say Grüße";
        let words = prose::words(text);
        let folded = prose::fold_case(text);
        let plain = super::keys(&folded, &words);
        assert!(plain.iter().all(|k| matches!(k, Cow::Borrowed(_))));
        assert_eq!(plain, ["we", "don't", "say", "grüße"]);
    }

    /// The one search of a sentence for apostrophes finds the contractions that asking every
    /// word finds, with straight and typographic apostrophes, and none in a sentence without.
    #[test]
    fn sentences_get_the_contractions_of_every_word_asked() {
        let mut lexicon = Lexicon::default();
        lexicon.add(Kind::Contraction, "*n't");
        lexicon.add(Kind::Contraction, "*'re");
        lexicon.add(Kind::Hedge, "perhaps");
        for text in [
            "We don't know.",
            "We DON’T know, perhaps you’re right",
            "Perhaps we do not know",
            "ę is no apostrophe, nor is Ù: won",
            "“Quoted” words aren‘t contracted",
            "",
        ] {
            let words = prose::words(text);
            let folded = prose::fold_case(text);
            let keys = keys(&folded, &words);
            let (mut found, mut classes) = (Vec::new(), Vec::new());
            lexicon.hits(text, &words, &keys, &mut found, &mut classes);
            let mut asked = Vec::new();
            for at in 0..words.len() {
                lexicon.hits_at(text, &words, &keys, at, true, &mut asked);
            }
            assert_eq!(found, asked, "{text}");
            assert_eq!(classes, vec![0; words.len()], "{text}");
        }
        let text = "We don’t, you're";
        let words = prose::words(text);
        let folded = prose::fold_case(text);
        let mut found = Vec::new();
        lexicon.hits(
            text,
            &words,
            &keys(&folded, &words),
            &mut found,
            &mut Vec::new(),
        );
        let contractions = [
            Hit {
                kind: Kind::Contraction,
                words: 1..2,
            },
            Hit {
                kind: Kind::Contraction,
                words: 2..3,
            },
        ];
        assert_eq!(found, contractions);
    }
}
