//! Formality of one sentence: a deterministic score from 0 (chat) to 1 (legal notice), made of
//! signals known to track how formal readers perceive a sentence (Heylighen & Dewaele 1999;
//! Pavlick & Tetreault 2016; Eder, Krieg-Holz & Hahn for German):
//!
//! | feature | what it counts |
//! |---|---|
//! | `length` | ln(1 + words): formal sentences are longer |
//! | `word-length` | mean letters per word: formal words are longer (Latinate, compounds) |
//! | `f-score` | (articles + prepositions + nouns + adjectives − pronouns − verbs − adverbs − interjections) ÷ words, Heylighen & Dewaele's F-score; en nouns/adjectives from suffixes and capitals, de nouns from capitalisation |
//! | `nominal` | share of nominalisations (-tion, -ment, -ness; -ung, -heit, -keit) |
//! | `contractions` | share of contracted words (don't, gibt's) |
//! | `informal-words` | share of slang, chat abbreviations, fillers (and the guideline's `informal` list) |
//! | `formal-words` | share of formal vocabulary (and the guideline's `formal` list) |
//! | `person` | share of first- and second-person pronouns (I, you; ich, du; not Sie) |
//! | `emphasis` | `!` (each), `?!`, `...`, words in capitals, stretched letters ("sooo"), emoji, emoticons; at most 3 |
//! | `lower-case` | 1 when the sentence starts in lower case, or (en) writes "i" for "I" |
//!
//! The word classes and register lists are data (`data/formality-*.txt`, with their origin);
//! the weights are fitted by `cargo run --example fit-formality` (ridge regression of our own
//! rated sentences, see `docs/tone.md`) and kept in `data/formality-weights.txt`. Chinese has no
//! fitted model: its weaker measure (sentence length, written-register function words against
//! spoken particles, 你, emphasis) uses hand-set weights from the same file.
//!
//! A score is the predicted rating on a 1–7 scale mapped to 0–1 by `squash`. Every feature but length and
//! emphasis is a sum over words, so each word's pull on the score is known: the words that pull a
//! sentence most are the evidence shown for it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::Lang;
use super::lexicon::{self, Fnv, Kind, Lexicon, WordKinds};
use super::shape::Shape;
use crate::prose::{self, Word, chars};

/// The features, in the order of the weights file.
pub const FEATURES: [&str; 10] = [
    "length",
    "word-length",
    "f-score",
    "nominal",
    "contractions",
    "informal-words",
    "formal-words",
    "person",
    "emphasis",
    "lower-case",
];
const N: usize = FEATURES.len();

/// Shortest sentence that gets a score: 4 words (Chinese: 6 characters).
pub fn min_words(lang: Lang) -> usize {
    if lang == Lang::Zh { 6 } else { 4 }
}

/// One sentence's feature values.
pub type Features = [f64; N];

/// The score of one sentence, and its words that pull it most each way (indices into the
/// sentence's words).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SentenceFormality {
    /// Formality, 0 informal … 1 formal.
    pub score: f64,
    /// The word that pulls the score most towards formal.
    pub most_formal: Option<usize>,
    /// The word that pulls the score most towards informal.
    pub most_informal: Option<usize>,
}

// Word classes, as bits.
const ARTICLE: u16 = 1;
const PREPOSITION: u16 = 1 << 1;
const PRONOUN: u16 = 1 << 2;
const PERSON: u16 = 1 << 3;
const VERB: u16 = 1 << 4;
const ADVERB: u16 = 1 << 5;
const INTERJECTION: u16 = 1 << 6;
const FORMAL: u16 = 1 << 7;
const INFORMAL: u16 = 1 << 8;
const F_FORMAL: u16 = ARTICLE | PREPOSITION;
const F_INFORMAL: u16 = PRONOUN | VERB | ADVERB | INTERJECTION;

type Classes = HashMap<&'static str, u16, BuildHasherDefault<Fnv>>;

/// A language's word classes and model.
struct Model {
    classes: Classes,
    /// Chinese: entries matched as character sequences, with their class.
    sequences: Vec<(&'static str, u16)>,
    /// Chinese: every entry of `sequences` at once (pattern n is entry n), so that a sentence
    /// is read once rather than once per entry.
    sequence_finder: Option<aho_corasick::AhoCorasick>,
    mean: Features,
    scale: Features,
    weight: Features,
    /// Predicted rating of a sentence with every feature at its mean.
    bias: f64,
}

fn class_bit(name: &str) -> u16 {
    match name {
        "article" => ARTICLE,
        "preposition" => PREPOSITION,
        "pronoun" => PRONOUN,
        "person" => PERSON,
        "verb" => VERB,
        "adverb" => ADVERB,
        "interjection" => INTERJECTION,
        "formal" => FORMAL,
        "informal" => INFORMAL,
        _ => 0,
    }
}

/// `(word, class bits)` of a word-class file (see its header for the format).
fn parse_classes(data: &'static str) -> Classes {
    let mut classes = Classes::default();
    let mut current = 0;
    for line in data.lines().map(str::trim) {
        if line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('@') {
            current = class_bit(name.trim());
            continue;
        }
        for word in line.split_whitespace() {
            *classes.entry(word).or_default() |= current;
        }
    }
    classes
}

/// The weights of `lang` from the weights file: lines `lang feature mean scale weight`, and
/// `lang bias value`. Missing lines leave a feature out (weight 0).
fn parse_weights(data: &str, lang: &str) -> (Features, Features, Features, f64) {
    let (mut mean, mut scale, mut weight, mut bias) = ([0.0; N], [1.0; N], [0.0; N], 4.0);
    for line in data.lines().map(str::trim) {
        if line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let number = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
        match fields.as_slice() {
            [l, "bias", _] if *l == lang => bias = number(2).unwrap_or(bias),
            [l, feature, _, _, _] if *l == lang => {
                if let (Some(i), Some(m), Some(s), Some(w)) = (
                    FEATURES.iter().position(|f| f == feature),
                    number(2),
                    number(3),
                    number(4),
                ) {
                    mean[i] = m;
                    scale[i] = if s > 0.0 { s } else { 1.0 };
                    weight[i] = w;
                }
            }
            _ => {}
        }
    }
    (mean, scale, weight, bias)
}

const WEIGHTS: &str = include_str!("data/formality-weights.txt");

fn model(lang: Lang) -> Option<&'static Model> {
    static MODELS: OnceLock<[Model; 3]> = OnceLock::new();
    let build = |code: &str, data: &'static str| {
        let (mean, scale, weight, bias) = parse_weights(WEIGHTS, code);
        let classes = parse_classes(data);
        let sequences = if code == "zh" {
            let mut s: Vec<(&'static str, u16)> = classes.iter().map(|(k, v)| (*k, *v)).collect();
            s.sort_unstable();
            s
        } else {
            Vec::new()
        };
        let sequence_finder = (!sequences.is_empty())
            .then(|| aho_corasick::AhoCorasick::new(sequences.iter().map(|(entry, _)| entry)).ok())
            .flatten();
        Model {
            classes,
            sequences,
            sequence_finder,
            mean,
            scale,
            weight,
            bias,
        }
    };
    let models = MODELS.get_or_init(|| {
        [
            build("en", include_str!("data/formality-en.txt")),
            build("de", include_str!("data/formality-de.txt")),
            build("zh", include_str!("data/formality-zh.txt")),
        ]
    });
    match lang {
        Lang::En => models.first(),
        Lang::De => models.get(1),
        Lang::Zh => models.get(2),
        Lang::Other => None,
    }
}

/// The word classes of `lang`'s model (`(key, class bits)`), for a lexicon to hold
/// ([`Lexicon::add_classes`]); none for Chinese, whose model reads character sequences.
pub(super) fn word_classes(lang: Lang) -> impl Iterator<Item = (&'static str, u16)> {
    model(lang)
        .filter(|_| lang != Lang::Zh)
        .into_iter()
        .flat_map(|model| model.classes.iter().map(|(word, bits)| (*word, *bits)))
}

/// A sentence to score: its text (a segment's prose), its words, their lookup keys and shapes,
/// and the guideline's word-list matches in it.
pub struct Input<'a> {
    /// The segment's prose.
    pub text: &'a str,
    /// The sentence, a slice of `text`.
    pub sentence: &'a str,
    /// The sentence's words.
    pub words: &'a [Word<'a>],
    /// Each word's lookup key (lower case), by index.
    pub keys: &'a [Cow<'a, str>],
    /// Each word's shape, by index.
    pub shapes: &'a [Shape],
    /// Each word's classes in the model of the sentence's language, by index, when the word
    /// lists' lookup found them ([`Lexicon::classes_of`]); else each word is looked up here.
    pub classes: Option<&'a [u16]>,
    /// What the word lists' matches in the sentence say about each word.
    pub kinds: &'a WordKinds,
}

/// The score of a sentence, or `None` when it is too short or the language has no model.
pub fn score(input: &Input<'_>, lang: Lang) -> Option<SentenceFormality> {
    score_with(input, lang, true)
}

/// [`score`] without the words that pull the sentence most (both `None`): the same score, for a
/// document whose formality has no target, where no finding will quote those words. Finding
/// them weighs every word of every sentence.
pub fn score_alone(input: &Input<'_>, lang: Lang) -> Option<SentenceFormality> {
    score_with(input, lang, false)
}

fn score_with(input: &Input<'_>, lang: Lang, with_words: bool) -> Option<SentenceFormality> {
    let model = model(lang)?;
    if input.words.len() < min_words(lang) {
        return None;
    }
    let mut shares = Vec::new();
    let features = if lang == Lang::Zh {
        chinese_features(input, model)
    } else {
        word_features(input, model, lang, with_words.then_some(&mut shares))
    };
    let rating = model.bias
        + (0..N)
            .map(|i| model.weight[i] * (features[i] - model.mean[i]) / model.scale[i])
            .sum::<f64>();
    let (most_formal, most_informal) = most_pulling(&shares, &features, model, input.words.len());
    Some(SentenceFormality {
        score: squash(rating),
        most_formal,
        most_informal,
    })
}

/// The words of a sentence of `words` words (with features `features` and words' `shares`)
/// that pull its score most towards formal and towards informal: the first of the strongest
/// pulls above and below 0.
fn most_pulling(
    shares: &[WordShare],
    features: &Features,
    model: &Model,
    words: usize,
) -> (Option<usize>, Option<usize>) {
    // Each word's pull: its share of every per-word feature, through that feature's weight
    // (the sentence-level features give a word no share, so their terms are left out).
    let n = words as f64;
    let pull = |contribution: &Features| -> f64 {
        WordShare::FEATURES
            .map(|i| model.weight[i] * contribution[i] / (n * model.scale[i]))
            .sum()
    };
    let (mut most_formal, mut most_informal) = (None::<(usize, f64)>, None::<(usize, f64)>);
    for (i, share) in shares.iter().enumerate() {
        let p = pull(&share.contribution(features[1]));
        if p > 0.0 && most_formal.is_none_or(|(_, best)| p > best) {
            most_formal = Some((i, p));
        }
        if p < 0.0 && most_informal.is_none_or(|(_, best)| p < best) {
            most_informal = Some((i, p));
        }
    }
    (most_formal.map(|(i, _)| i), most_informal.map(|(i, _)| i))
}

/// A predicted rating (1 informal … 7 formal) as a score from 0 to 1: a logistic curve through
/// 0.5 at the scale's middle (4) and about 1/6 and 5/6 at 2 and 6, where a linear map would put
/// them. It keeps the order of ratings beyond the scale instead of clamping them into ties.
fn squash(rating: f64) -> f64 {
    /// Ratings per unit of the logistic: 2 ÷ ln 5, so that 4 ± 2 lands on 1/6 and 5/6.
    const SPREAD: f64 = 1.242_669;
    1.0 / (1.0 + (-(rating - 4.0) / SPREAD).exp())
}

/// The features of a sentence given as plain text, with the guideline's lists of `lexicon`
/// (what the fit and the validation use: the same path as [`score`]).
pub fn text_features(text: &str, lang: Lang, lexicon: Option<&Lexicon>) -> Option<Features> {
    let model = model(lang)?;
    with_text_input(text, lang, lexicon, |input| {
        Some(if lang == Lang::Zh {
            chinese_features(input, model)
        } else {
            word_features(input, model, lang, None)
        })
    })
}

/// The score of a sentence given as plain text (see [`text_features`]).
pub fn text_score(text: &str, lang: Lang, lexicon: Option<&Lexicon>) -> Option<f64> {
    with_text_input(text, lang, lexicon, |input| {
        score(input, lang).map(|s| s.score)
    })
}

fn with_text_input<T>(
    text: &str,
    lang: Lang,
    lexicon: Option<&Lexicon>,
    f: impl FnOnce(&Input<'_>) -> Option<T>,
) -> Option<T> {
    let words = prose::words(text);
    let folded = prose::fold_case(text);
    let keys = lexicon::keys(&folded, &words);
    let (mut hits, mut classes) = (Vec::new(), Vec::new());
    if let Some(lexicon) = lexicon {
        lexicon.hits(text, &words, &keys, &mut hits, &mut classes);
    }
    let shapes: Vec<Shape> = words.iter().map(|w| Shape::of(w.text)).collect();
    f(&Input {
        text,
        sentence: text,
        words: &words,
        keys: &keys,
        shapes: &shapes,
        classes: lexicon
            .filter(|l| l.classes_of() == Some(lang))
            .map(|_| classes.as_slice()),
        kinds: &WordKinds::new(words.len(), &hits),
    })
}

const EN_NOUN_SUFFIXES: &[&str] = &[
    "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "ure", "ist", "age",
];
const EN_ADJECTIVE_SUFFIXES: &[&str] = &[
    "al", "ive", "ous", "able", "ible", "ful", "less", "ic", "ary", "ant", "ent", "ory",
];
const EN_NOMINAL: &[&str] = &["tion", "sion", "ment", "ness", "ity", "ance", "ence"];
const DE_NOMINAL: &[&str] = &[
    "ung", "heit", "keit", "tion", "tät", "schaft", "nis", "ismus",
];
const DE_ADJECTIVE_STEMS: &[&str] = &["ig", "lich", "isch", "bar", "sam", "los", "haft"];
const DE_INFLECTIONS: &[&str] = &["", "e", "en", "er", "es", "em"];
const EN_CONTRACTED: &[&str] = &["n't", "'re", "'ll", "'ve", "'m", "'d"];
const EN_IS_CONTRACTED: &[&str] = &[
    "it's", "that's", "there's", "here's", "what's", "who's", "let's", "he's", "she's", "where's",
    "how's", "why's", "when's",
];

/// One word's share of the per-word features of its sentence, in a few bytes (a sentence's
/// shares were ten floats a word, an allocation too large for the allocator's fast path on
/// every sentence): [`Self::contribution`] gives back the floats.
#[derive(Clone, Copy, Debug)]
struct WordShare {
    /// Letters, at most 20.
    letters: u8,
    /// The word is of a formal class (articles, prepositions, nouns, adjectives).
    formal_class: bool,
    /// The word is of an informal class (pronouns, verbs, adverbs, interjections).
    informal_class: bool,
    nominal: bool,
    contraction: bool,
    informal_word: bool,
    formal_word: bool,
    person: bool,
}

impl WordShare {
    /// The features a word has a share of: from `word-length` to `person`.
    const FEATURES: std::ops::Range<usize> = 1..8;

    /// The word's share of each feature, given the sentence's mean letters per word: how far
    /// the word's length is from it, and 1 or 0 (−1 for an informal class) for the others.
    fn contribution(self, mean_letters: f64) -> Features {
        let mut f = [0.0; N];
        f[1] = f64::from(self.letters) - mean_letters;
        f[2] = f64::from(u8::from(self.formal_class)) - f64::from(u8::from(self.informal_class));
        f[3] = f64::from(u8::from(self.nominal));
        f[4] = f64::from(u8::from(self.contraction));
        f[5] = f64::from(u8::from(self.informal_word));
        f[6] = f64::from(u8::from(self.formal_word));
        f[7] = f64::from(u8::from(self.person));
        f
    }
}

/// The word features of an en or de sentence, and each word's share of them into `shares`
/// when given.
fn word_features(
    input: &Input<'_>,
    model: &Model,
    lang: Lang,
    mut shares: Option<&mut Vec<WordShare>>,
) -> Features {
    if let Some(shares) = shares.as_deref_mut() {
        shares.reserve(input.words.len());
    }
    let mut features = [0.0; N];
    let n = input.words.len().max(1) as f64;
    let mut letters_total = 0usize;
    // Words in capitals (four letters or more) and stretched words ("sooo") add to emphasis.
    let mut word_emphasis = 0usize;
    let kinds = input.kinds;
    let apostrophes = lexicon::may_have_apostrophes(input.text, input.words);
    for i in 0..input.words.len() {
        let key = input.keys.get(i).map_or("", |k| k.as_ref());
        let mut bits = match input.classes {
            Some(classes) => classes.get(i).copied().unwrap_or(0),
            None => model.classes.get(key).copied().unwrap_or(0),
        };
        if kinds.covers(i, Kind::Formal) {
            bits |= FORMAL;
        }
        if kinds.covers(i, Kind::Informal) {
            bits |= INFORMAL;
        }
        let listed_contraction = kinds.covers(i, Kind::Contraction);
        let shape = input.shapes.get(i).copied().unwrap_or_default();
        let letters = shape.letters;
        letters_total += letters.min(20);
        let capital = shape.capital;
        let shouting = letters >= 2 && !shape.has_lower;
        word_emphasis += usize::from(shouting && letters >= 4) + usize::from(shape.stretched);
        let open_class = bits & (F_FORMAL | F_INFORMAL) == 0;
        let (noun, adjective, adverb, nominal) = match lang {
            Lang::De => {
                let noun = open_class && capital && !shouting && (i > 0 || letters > 3);
                let adjective = open_class
                    && !capital
                    && DE_ADJECTIVE_STEMS.iter().any(|stem| {
                        DE_INFLECTIONS
                            .iter()
                            .any(|end| ends_with_pair(key, stem, end))
                    });
                let nominal =
                    capital && DE_NOMINAL.iter().any(|s| strip_plural_de(key).ends_with(s));
                (noun, adjective, false, nominal)
            }
            _ => {
                let stem = key.strip_suffix('s').unwrap_or(key);
                let suffixed = |list: &[&str]| {
                    letters > 5
                        && (ends_with_any(key, list)
                            || (stem.len() < key.len() && ends_with_any(stem, list)))
                };
                let noun =
                    open_class && ((capital && i > 0 && !shouting) || suffixed(EN_NOUN_SUFFIXES));
                let adjective = open_class && !noun && suffixed(EN_ADJECTIVE_SUFFIXES);
                let adverb = open_class && letters > 4 && key.ends_with("ly");
                (noun, adjective, adverb, suffixed(EN_NOMINAL))
            }
        };
        let formal_class = bits & F_FORMAL != 0 || noun || adjective;
        let informal_class = bits & F_INFORMAL != 0 || adverb;
        let share = WordShare {
            letters: u8::try_from(letters.min(20)).unwrap_or(20),
            formal_class,
            informal_class,
            nominal,
            contraction: listed_contraction || (apostrophes && contracted(key, lang)),
            informal_word: bits & INFORMAL != 0,
            formal_word: bits & FORMAL != 0,
            person: bits & PERSON != 0 && !(lang == Lang::De && capital && i > 0),
        };
        // Word by word, each feature in the order of the words (as a sum over them would be).
        let f = share.contribution(0.0);
        for i in 2..8 {
            features[i] += f[i] / n;
        }
        if let Some(shares) = shares.as_deref_mut() {
            shares.push(share);
        }
    }
    features[0] = (1.0 + n).ln();
    features[1] = letters_total as f64 / n;
    features[8] = (punctuation_emphasis(input.sentence) + word_emphasis).min(3) as f64;
    features[9] = lower_case(input, lang);
    features
}

/// Whether `word` ends with one of `suffixes`. The last bytes are compared first: that rejects
/// most suffixes at once, and this runs for several lists on every long word.
fn ends_with_any(word: &str, suffixes: &[&str]) -> bool {
    let Some(last) = word.as_bytes().last() else {
        return false;
    };
    suffixes
        .iter()
        .any(|suffix| suffix.as_bytes().last() == Some(last) && word.ends_with(suffix))
}

/// `word` ends in `stem` followed by `ending`.
fn ends_with_pair(word: &str, stem: &str, ending: &str) -> bool {
    word.len() > stem.len() + ending.len() + 2
        && word
            .strip_suffix(ending)
            .is_some_and(|rest| rest.ends_with(stem))
}

/// German plural endings of nominalisations: Meldungen → meldung, Möglichkeiten → möglichkeit.
fn strip_plural_de(key: &str) -> &str {
    key.strip_suffix("en")
        .filter(|k| {
            k.ends_with("ung")
                || k.ends_with("heit")
                || k.ends_with("keit")
                || k.ends_with("tion")
                || k.ends_with("tät")
        })
        .or_else(|| key.strip_suffix("se").filter(|k| k.ends_with("nis")))
        .unwrap_or(key)
}

fn contracted(key: &str, lang: Lang) -> bool {
    if !key.contains('\'') {
        return false;
    }
    match lang {
        Lang::En => {
            EN_CONTRACTED.iter().any(|s| key.ends_with(s)) || EN_IS_CONTRACTED.contains(&key)
        }
        // gibt's, geht's, hab', wie's: German writes the apostrophe for dropped letters.
        _ => key.ends_with("'s") || key.ends_with('\''),
    }
}

/// Signs of emphasis in the characters of a sentence: `!` (each), `?!`, an ellipsis, emoji and
/// emoticons. One pass; emoticons are looked for only when the sentence has their eyes.
fn punctuation_emphasis(sentence: &str) -> usize {
    if sentence.is_ascii() {
        return ascii_punctuation_emphasis(sentence);
    }
    let mut count = 0;
    let mut previous = '\0';
    let mut dots = 0;
    let mut eyes = false;
    for c in sentence.chars() {
        match c {
            '!' | '！' => count += 1 + usize::from(previous == '?'),
            '…' => count += 1,
            ':' | ';' | '<' => eyes = true,
            _ if !c.is_ascii() && super::measure::is_emoji(c) => count += 1,
            _ => {}
        }
        dots = if c == '.' { dots + 1 } else { 0 };
        if dots == 3 {
            count += 1;
        }
        previous = c;
    }
    if eyes {
        count += emoticons(sentence);
    }
    count
}

/// [`punctuation_emphasis`] of an ASCII sentence (most), on its bytes: no `！`, `…` or emoji
/// to look for, and the marks that count are rare, so each is searched for (memchr) rather
/// than every byte tested: a sentence is mostly searched three times for nothing, and once
/// finds its full stop.
fn ascii_punctuation_emphasis(sentence: &str) -> usize {
    let bytes = sentence.as_bytes();
    let mut count = 0;
    for at in memchr::memchr_iter(b'!', bytes) {
        let after_question = at
            .checked_sub(1)
            .and_then(|before| bytes.get(before))
            .is_some_and(|&before| before == b'?');
        count += 1 + usize::from(after_question);
    }
    // An ellipsis: every run of three or more dots counts once.
    let (mut run, mut last_dot) = (0, None);
    for at in memchr::memchr_iter(b'.', bytes) {
        run = if last_dot.is_some_and(|last| last + 1 == at) {
            run + 1
        } else {
            1
        };
        count += usize::from(run == 3);
        last_dot = Some(at);
    }
    if memchr::memchr3(b':', b';', b'<', bytes).is_some() {
        count += emoticons(sentence);
    }
    count
}

/// How many of `:)`, `:-)`, `:(`, `:D`, `;)`, `:P` and `<3` the sentence holds, in one pass
/// (none of them can overlap itself, so every occurrence counts).
fn emoticons(sentence: &str) -> usize {
    let bytes = sentence.as_bytes();
    let mut count = 0;
    for (at, eye) in bytes.iter().enumerate() {
        let rest = bytes.get(at + 1..).unwrap_or_default();
        let found = match eye {
            b':' => {
                matches!(rest.first(), Some(b')' | b'(' | b'D' | b'P')) || rest.starts_with(b"-)")
            }
            b';' => rest.first() == Some(&b')'),
            b'<' => rest.first() == Some(&b'3'),
            _ => false,
        };
        count += usize::from(found);
    }
    count
}

/// 1 when the sentence starts with a lower-case letter, or (en) writes "i" for "I".
fn lower_case(input: &Input<'_>, lang: Lang) -> f64 {
    let first_lower = input
        .words
        .first()
        .and_then(|w| w.text.chars().next())
        .is_some_and(chars::is_lowercase);
    let small_i = lang == Lang::En
        && input
            .words
            .iter()
            .any(|w| w.text == "i" || w.text.starts_with("i'"));
    f64::from(u8::from(first_lower || small_i))
}

/// The weaker Chinese features: length in characters, written-register function words against
/// spoken particles (per character), 你 as person, and emphasis.
fn chinese_features(input: &Input<'_>, model: &Model) -> Features {
    let mut features = [0.0; N];
    let n = input.words.len().max(1) as f64;
    features[0] = (1.0 + n).ln();
    let (mut formal, mut informal) = (0usize, 0usize);
    for (entry, found) in sequence_counts(input.sentence, model) {
        let bits = model.sequences.get(entry).map_or(0, |(_, bits)| *bits);
        if bits & FORMAL != 0 {
            formal += found;
        }
        if bits & INFORMAL != 0 {
            informal += found;
        }
    }
    features[5] = informal as f64 / n;
    features[6] = formal as f64 / n;
    features[7] = input.sentence.matches('你').count() as f64 / n;
    features[8] = punctuation_emphasis(input.sentence).min(3) as f64;
    features
}

/// How often each of the model's Chinese entries occurs in `sentence`, counted as
/// `str::matches` counts (occurrences of one entry do not overlap), as (entry, count) pairs
/// for the entries that occur.
fn sequence_counts(sentence: &str, model: &Model) -> Vec<(usize, usize)> {
    let Some(finder) = &model.sequence_finder else {
        return Vec::new();
    };
    // Every occurrence of every entry, by where it ends; for one entry (of fixed length) that
    // is by where it starts, so taking each one that starts after the last one taken is
    // `str::matches`'s leftmost, non-overlapping count.
    let mut taken: Vec<(usize, usize, usize)> = Vec::new(); // (entry, count, end of last)
    for found in finder.find_overlapping_iter(sentence) {
        let entry = found.pattern().as_usize();
        match taken.iter_mut().find(|(e, ..)| *e == entry) {
            Some((_, count, last_end)) => {
                if found.start() >= *last_end {
                    *count += 1;
                    *last_end = found.end();
                }
            }
            None => taken.push((entry, 1, found.end())),
        }
    }
    taken
        .into_iter()
        .map(|(entry, count, _)| (entry, count))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_entries_are_counted_as_str_matches_counts_them() {
        let model = model(Lang::Zh).expect("the Chinese model");
        let (first, _) = model.sequences[0];
        let sentences = [
            format!("{first}{first}{first}，哈哈哈哈，您好您好，请您"),
            "你你你好好，谢谢谢谢您们，哈哈".to_owned(),
            String::new(),
            format!("abc {first} 🚆 {first}"),
        ];
        for sentence in &sentences {
            let mut expected: Vec<(usize, usize)> = model
                .sequences
                .iter()
                .enumerate()
                .map(|(entry, (text, _))| (entry, sentence.matches(text).count()))
                .filter(|(_, count)| *count > 0)
                .collect();
            let mut counted = sequence_counts(sentence, model);
            expected.sort_unstable();
            counted.sort_unstable();
            assert_eq!(counted, expected, "{sentence}");
        }
    }

    #[test]
    fn ascii_sentences_get_the_emphasis_of_the_character_path() {
        // The character path, forced by a trailing non-ASCII letter that adds nothing.
        for sentence in [
            "",
            "Hi :) :-) :( :D ;) :P <3",
            "Wow!! Really?! Well...",
            "...... ?!?! !? .. . ... x.",
            "plain words only",
        ] {
            let by_characters = punctuation_emphasis(&format!("{sentence}é"));
            assert_eq!(
                ascii_punctuation_emphasis(sentence),
                by_characters,
                "{sentence}"
            );
        }
    }

    /// The byte path agrees with the character path on every short sentence over an alphabet
    /// of the marks it looks for and a letter.
    #[test]
    fn generated_ascii_sentences_get_the_emphasis_of_the_character_path() {
        for text in super::super::every_ascii_string(b"a!?.:;<3)-D", 5) {
            assert_eq!(
                ascii_punctuation_emphasis(&text),
                punctuation_emphasis(&format!("{text}é")),
                "{text}"
            );
        }
    }

    /// Classes found by the word lists' lookup are the classes the model's own lookup finds,
    /// and a lexicon holding another language's classes is not asked for them.
    #[test]
    fn classes_from_the_word_lists_lookup_are_the_models() {
        let mut lists = Lexicon::default();
        lists.add(Kind::Hedge, "perhaps");
        lists.add(Kind::Formal, "pursuant to");
        lists.add(Kind::Contraction, "*n't");
        for (lang, sentence) in [
            (
                Lang::En,
                "Pursuant to the agreement, we shall perhaps settle it.",
            ),
            (
                Lang::En,
                "lol I don't think you'd really like THAT sooo much!!",
            ),
            (
                Lang::En,
                "The Committee's findings are, however, not conclusive.",
            ),
            (
                Lang::De,
                "Hiermit bestätigen wir Ihnen den Eingang Ihrer Zahlung.",
            ),
            (Lang::De, "Echt krass, du hast's geschafft, oder?"),
        ] {
            let by_model = text_features(sentence, lang, Some(&lists));
            for held in [Lang::En, Lang::De] {
                let mut with_classes = lists.clone();
                with_classes.add_classes(held, word_classes(held));
                assert_eq!(with_classes.classes_of(), Some(held));
                let features = text_features(sentence, lang, Some(&with_classes));
                assert_eq!(features, by_model, "{held:?} {sentence}");
            }
        }
    }

    #[test]
    fn emoticons_are_counted_once_each() {
        assert_eq!(punctuation_emphasis("Hi :) :-) :( :D ;) :P <3"), 7);
        assert_eq!(punctuation_emphasis(":-:):;<<3 a: b; c < 3"), 2);
        assert_eq!(punctuation_emphasis("Wow!! Really?! Well..."), 5);
    }

    #[test]
    fn ratings_squash_in_order_around_the_middle() {
        assert!((squash(4.0) - 0.5).abs() < 1e-9);
        assert!((squash(2.0) - 1.0 / 6.0).abs() < 1e-6);
        assert!((squash(6.0) - 5.0 / 6.0).abs() < 1e-6);
        // Beyond the scale the order is kept, not clamped into a tie.
        assert!(squash(9.0) > squash(8.0) && squash(8.0) < 1.0);
        assert!(squash(-1.0) < squash(0.0) && squash(-1.0) > 0.0);
    }

    #[test]
    fn the_shipped_data_parses_into_every_class_and_weight() {
        for lang in [Lang::En, Lang::De, Lang::Zh] {
            let model = model(lang).expect("a model");
            let classes: u16 = model.classes.values().fold(0, |all, bits| all | bits);
            let expected = if lang == Lang::Zh {
                FORMAL | INFORMAL
            } else {
                F_FORMAL | F_INFORMAL | PERSON | FORMAL | INFORMAL
            };
            assert_eq!(classes & expected, expected, "{lang:?}");
            assert!(model.weight.iter().any(|w| *w != 0.0), "{lang:?}");
        }
        assert_eq!(
            model(Lang::En).map(|m| m.classes.get("the")),
            Some(Some(&ARTICLE))
        );
        assert_eq!(
            model(Lang::De).map(|m| m.classes.get("hiermit").copied()),
            Some(Some(FORMAL))
        );
    }

    /// Without the words, a sentence gets the same score; with them, the words are those that
    /// pull the score most each way (in en, de; Chinese has no per-word pulls).
    #[test]
    fn a_score_alone_is_the_score_without_its_words() {
        let lexicon = Lexicon::default();
        for (text, lang, formal, informal) in [
            (
                "Pursuant to the agreement, the invoice shall be settled.",
                Lang::En,
                Some("agreement"),
                Some("be"),
            ),
            (
                "lol gonna grab some stuff later btw",
                Lang::En,
                None,
                Some("lol"),
            ),
            (
                "Hiermit bestätigen wir den Eingang Ihrer Zahlung.",
                Lang::De,
                Some("Hiermit"),
                Some("wir"),
            ),
            ("我们非常感谢您的耐心等待和支持", Lang::Zh, None, None),
        ] {
            let (with, alone) = with_text_input(text, lang, Some(&lexicon), |input| {
                Some((score(input, lang)?, score_alone(input, lang)?))
            })
            .unwrap_or_else(|| panic!("{text} is scored"));
            assert_eq!(alone.score.to_bits(), with.score.to_bits(), "{text}");
            assert_eq!((alone.most_formal, alone.most_informal), (None, None));
            let words = prose::words(text);
            let word = |i: Option<usize>| i.map(|i| words[i].text);
            assert_eq!(
                (word(with.most_formal), word(with.most_informal)),
                (formal, informal),
                "{text}"
            );
        }
    }

    #[test]
    fn words_pull_the_way_their_register_goes() {
        let score = |text: &str, lang| text_score(text, lang, None).unwrap_or(-1.0);
        assert!(
            score(
                "Pursuant to the agreement, the invoice shall be settled.",
                Lang::En
            ) > 0.6
        );
        assert!(score("lol gonna grab some stuff later btw", Lang::En) < 0.3);
        assert!(
            score(
                "Hiermit bestätigen wir den Eingang Ihrer Zahlung.",
                Lang::De
            ) > 0.6
        );
        assert!(score("haha echt krass, mach mal halt", Lang::De) < 0.3);
        // Too short to score.
        assert_eq!(text_score("Thanks a lot", Lang::En, None), None);
        assert_eq!(text_score("Any language at all", Lang::Other, None), None);
    }
}
