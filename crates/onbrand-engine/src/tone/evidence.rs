//! Values and evidence: each dimension computed from a [`Measurement`], and the sentences or
//! words that push it up or pull it down, most responsible first.

use std::ops::Range;

use super::Lang;
use super::dimension::Dimension;
use super::lexicon::Kind;
use super::measure::{Measurement, SentenceStat, Signal};

/// Which way a value left its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Above `max`: evidence is what raises the value.
    Up,
    /// Below `min`: evidence is what lowers it.
    Down,
}

/// The value of every dimension, rounded to two decimals (so that the number shown is the
/// number judged); `None` where the document has nothing to measure.
///
/// Rates in a document under `min_words` are taken as if it were `min_words` long and had at
/// least [`SHORT_SENTENCES`] sentences: one emoji in a ten-word post is one emoji, not ten per
/// hundred words, and one exclamation mark in a subject line is not "one per sentence".
pub fn values(
    m: &Measurement,
    lang: Lang,
    min_words: usize,
) -> [Option<f64>; Dimension::ALL.len()] {
    Dimension::ALL.map(|d| value(d, m, lang, min_words).map(|v| (v * 100.0).round() / 100.0))
}

/// The sentences a short document counts as having, for rates per sentence: a text of
/// `min-words` (50) words has about four sentences of ordinary length (the median sentence of
/// the real blog and e-mail copy we measured has 12–13 words). One exclamation mark in a subject
/// line is then 0.25 per sentence.
pub const SHORT_SENTENCES: usize = 4;

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn count(m: &Measurement, kinds: &[Kind]) -> usize {
    m.markers
        .iter()
        .filter(|marker| matches!(marker.signal, Signal::List(k) if kinds.contains(&k)))
        .count()
}

const FORMAL_ADDRESS: &[Kind] = &[Kind::YouFormal, Kind::Impersonal];
const YOU: &[Kind] = &[Kind::YouInformal, Kind::YouFormal];

fn value(d: Dimension, m: &Measurement, lang: Lang, min_words: usize) -> Option<f64> {
    let sentences = m.sentences.len();
    let words: usize = m.sentences.iter().map(|s| s.words as usize).sum();
    let short = m.words < min_words && m.words > 0;
    let rate_words = if short { min_words } else { m.words };
    let rate_sentences = if short && sentences > 0 {
        sentences.max(SHORT_SENTENCES)
    } else {
        sentences
    };
    let per_100 = |signal: Signal| ratio(m.count(signal) * 100, rate_words);
    match d {
        Dimension::SentenceLength => ratio(words, sentences),
        Dimension::LongestSentence => m
            .sentences
            .iter()
            .map(|s| f64::from(s.words))
            .reduce(f64::max),
        Dimension::ParagraphLength => ratio(
            m.paragraphs.iter().map(|p| p.words as usize).sum(),
            m.paragraphs.len(),
        ),
        Dimension::Readability => readability(&totals(&m.sentences), lang),
        Dimension::Lix => lix(&totals(&m.sentences)),
        Dimension::Formality => formality(m),
        Dimension::Address => {
            let formal = count(m, FORMAL_ADDRESS);
            ratio(formal, formal + count(m, &[Kind::YouInformal]))
        }
        Dimension::ReaderFocus => {
            let you = count(m, YOU);
            ratio(you, you + count(m, &[Kind::We]))
        }
        Dimension::Exclamations => ratio(m.count(Signal::Exclamation), rate_sentences),
        Dimension::Caps => per_100(Signal::Caps),
        Dimension::Hype => per_100(Signal::List(Kind::Hype)),
        Dimension::Emoji => per_100(Signal::Emoji),
        Dimension::Hedges => per_100(Signal::List(Kind::Hedge)),
        Dimension::Jargon => per_100(Signal::List(Kind::Jargon)),
        Dimension::Passive => ratio(
            m.sentences.iter().filter(|s| s.passive.is_some()).count(),
            sentences,
        ),
    }
}

/// The document's formality: the mean of its scored sentences' formality, each weighted by its
/// words, so that a long formal paragraph outweighs a short friendly sign-off.
pub fn formality(m: &Measurement) -> Option<f64> {
    let (mut sum, mut words) = (0.0, 0.0);
    for s in &m.sentences {
        if let Some(f) = s.formality {
            sum += f * f64::from(s.words);
            words += f64::from(s.words);
        }
    }
    (words > 0.0).then(|| sum / words)
}

/// Sums over sentences, for the readability formulas.
#[derive(Default)]
struct Totals {
    sentences: u32,
    words: u32,
    syllables: u32,
    long_words: u32,
    clauses: u32,
}

fn totals<'a>(sentences: impl IntoIterator<Item = &'a SentenceStat>) -> Totals {
    let mut t = Totals::default();
    for s in sentences {
        t.sentences += 1;
        t.words += s.words;
        t.syllables += s.syllables;
        t.long_words += s.long_words;
        t.clauses += s.clauses;
    }
    t
}

/// Flesch reading ease (en), Amstad's German adaptation (de), and for Chinese our own
/// character measure: 100 − 2.5 × characters per clause − 0.5 × characters per sentence
/// (clauses end at ，、；： and the sentence's end; long clauses are what make Chinese prose
/// hard to hold in mind). Higher is easier in all three.
fn readability(t: &Totals, lang: Lang) -> Option<f64> {
    if t.sentences == 0 || t.words == 0 {
        return None;
    }
    let per_sentence = f64::from(t.words) / f64::from(t.sentences);
    let per_word = f64::from(t.syllables) / f64::from(t.words);
    match lang {
        Lang::En => Some(206.835 - 1.015 * per_sentence - 84.6 * per_word),
        Lang::De => Some(180.0 - per_sentence - 58.5 * per_word),
        Lang::Zh => {
            let per_clause = f64::from(t.words) / f64::from(t.clauses.max(1));
            Some(100.0 - 2.5 * per_clause - 0.5 * per_sentence)
        }
        Lang::Other => None,
    }
}

/// Björnsson's LIX: words per sentence + percentage of words longer than six letters.
fn lix(t: &Totals) -> Option<f64> {
    if t.sentences == 0 || t.words == 0 {
        return None;
    }
    Some(
        f64::from(t.words) / f64::from(t.sentences)
            + 100.0 * f64::from(t.long_words) / f64::from(t.words),
    )
}

/// Source spans that explain `d` moving in `direction`, most responsible first.
pub fn evidence(
    d: Dimension,
    direction: Direction,
    m: &Measurement,
    lang: Lang,
) -> Vec<Range<usize>> {
    let up = direction == Direction::Up;
    let by_sentence = |score: &dyn Fn(&SentenceStat) -> f64| {
        let mut ranked: Vec<(f64, &SentenceStat)> =
            m.sentences.iter().map(|s| (score(s), s)).collect();
        // Stable sort: among equals, the earlier sentence comes first.
        ranked.sort_by(|a, b| {
            if up {
                b.0.total_cmp(&a.0)
            } else {
                a.0.total_cmp(&b.0)
            }
        });
        ranked.into_iter().map(|(_, s)| s.source.clone()).collect()
    };
    let markers = |kinds: &[Kind]| -> Vec<Range<usize>> {
        m.markers
            .iter()
            .filter(|marker| matches!(marker.signal, Signal::List(k) if kinds.contains(&k)))
            .map(|marker| marker.source.clone())
            .collect()
    };
    let signal = |signal: Signal| -> Vec<Range<usize>> {
        m.markers
            .iter()
            .filter(|marker| marker.signal == signal)
            .map(|marker| marker.source.clone())
            .collect()
    };
    match (d, direction) {
        (Dimension::SentenceLength | Dimension::LongestSentence, _) => {
            by_sentence(&|s| f64::from(s.words))
        }
        (Dimension::ParagraphLength, _) => {
            let mut ranked: Vec<_> = m.paragraphs.iter().collect();
            ranked.sort_by(|a, b| {
                if up {
                    b.words.cmp(&a.words)
                } else {
                    a.words.cmp(&b.words)
                }
            });
            ranked.into_iter().map(|p| p.source.clone()).collect()
        }
        (Dimension::Readability, _) => {
            by_sentence(&|s| readability(&totals([s]), lang).unwrap_or(0.0))
        }
        (Dimension::Lix, _) => by_sentence(&|s| lix(&totals([s])).unwrap_or(0.0)),
        (Dimension::Formality, _) => formality_evidence(m, direction)
            .into_iter()
            .map(|s| s.source.clone())
            .collect(),
        (Dimension::Address, Direction::Up) => markers(FORMAL_ADDRESS),
        (Dimension::Address, Direction::Down) => markers(&[Kind::YouInformal]),
        (Dimension::ReaderFocus, Direction::Up) => markers(YOU),
        (Dimension::ReaderFocus, Direction::Down) => markers(&[Kind::We]),
        (Dimension::Exclamations, Direction::Up) => signal(Signal::Exclamation),
        (Dimension::Caps, Direction::Up) => signal(Signal::Caps),
        (Dimension::Hype, Direction::Up) => markers(&[Kind::Hype]),
        (Dimension::Emoji, Direction::Up) => signal(Signal::Emoji),
        (Dimension::Hedges, Direction::Up) => markers(&[Kind::Hedge]),
        (Dimension::Jargon, Direction::Up) => markers(&[Kind::Jargon]),
        (Dimension::Passive, Direction::Up) => m
            .sentences
            .iter()
            .filter_map(|s| s.passive.clone())
            .collect(),
        // Too few exclamation marks, hedges, …: nothing in the text is to blame.
        _ => Vec::new(),
    }
}

/// The scored sentences that pull the document's formality in `direction` most: ranked by how
/// far each is from the document's value that way, times its words (its weight in the mean).
pub fn formality_evidence(m: &Measurement, direction: Direction) -> Vec<&SentenceStat> {
    let Some(document) = formality(m) else {
        return Vec::new();
    };
    let sign = if direction == Direction::Up {
        1.0
    } else {
        -1.0
    };
    let mut ranked: Vec<(f64, &SentenceStat)> = m
        .sentences
        .iter()
        .filter_map(|s| {
            let pull = sign * (s.formality? - document) * f64::from(s.words);
            (pull > 0.0).then_some((pull, s))
        })
        .collect();
    // Stable sort: among equals, the earlier sentence comes first.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.into_iter().map(|(_, s)| s).collect()
}
