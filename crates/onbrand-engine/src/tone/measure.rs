//! Measuring a document: one pass over its prose, sentence by sentence, collecting the counts
//! every dimension is computed from and the spans that explain them (see [`super::evidence`]).
//!
//! Which prose counts: paragraphs, list items, block quotes, headings and e-mail subjects — what
//! a reader reads as the text. Table cells, alt texts, titles and descriptions are data or
//! repeats of the text, and are left out. Placeholders, code and URLs are never words (the
//! parsers replace them with [`crate::document::OPAQUE`], which [`crate::prose::words`] skips).

use std::borrow::Cow;
use std::ops::Range;

use super::Lang;
use super::formality::{self, SentenceFormality};
use super::lexicon::{self, Hit, Kind, Lexicon, WordKinds};
use super::profile::ToneProfile;
use super::shape::Shape;
use super::syllables;
use crate::document::{Document, Segment, SegmentKind};
use crate::memo::{Reuse, SegmentMemo};
use crate::prose::{Word, chars};

/// One sentence's counts and where it is in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceStat {
    /// The sentence's bytes in the document's source.
    pub source: Range<usize>,
    /// Words (Chinese: characters, and each run of Latin letters or digits).
    pub words: u32,
    /// Syllables, for readability.
    pub syllables: u32,
    /// Words of more than six letters, for LIX.
    pub long_words: u32,
    /// Clauses (Chinese readability): pieces between commas, semicolons, colons and the end.
    pub clauses: u32,
    /// Exclamation marks.
    pub exclamations: u32,
    /// Source span of the passive construction, if the sentence has one.
    pub passive: Option<Range<usize>>,
    /// Formality, 0 informal … 1 formal ([`formality`]); `None` for sentences too short to
    /// judge and languages without a model.
    pub formality: Option<f64>,
    /// The words that pull the sentence's formality most up and most down.
    pub formal_word: Option<Range<usize>>,
    /// See `formal_word`.
    pub informal_word: Option<Range<usize>>,
}

/// One paragraph's size.
#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphStat {
    /// The paragraph's bytes in the document's source.
    pub source: Range<usize>,
    /// Words (Chinese: characters).
    pub words: u32,
}

/// What a word, phrase or character signals, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// What it signals.
    pub signal: Signal,
    /// Where it is in the document's source.
    pub source: Range<usize>,
}

/// The signals markers carry: a word-list kind, or something seen in the characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Signal {
    /// A word-list match.
    List(Kind),
    /// A word in capitals.
    Caps,
    /// An emoji.
    Emoji,
    /// An exclamation mark.
    Exclamation,
}

/// Everything measured in one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measurement {
    /// Words in the document (Chinese: characters).
    pub words: usize,
    /// Every sentence, in reading order.
    pub sentences: Vec<SentenceStat>,
    /// Every paragraph, in reading order.
    pub paragraphs: Vec<ParagraphStat>,
    /// Every marker, in reading order.
    pub markers: Vec<Marker>,
}

impl Measurement {
    /// How many markers carry `signal`.
    pub fn count(&self, signal: Signal) -> usize {
        self.markers.iter().filter(|m| m.signal == signal).count()
    }
}

fn measured(kind: SegmentKind) -> bool {
    matches!(
        kind,
        SegmentKind::Paragraph
            | SegmentKind::ListItem
            | SegmentKind::BlockQuote
            | SegmentKind::Heading
            | SegmentKind::Subject
            | SegmentKind::Preheader
    )
}

/// How a document is measured: in which language, with which word lists, and whether each
/// sentence's most formal and most informal word is found ([`SentenceStat::formal_word`]).
#[derive(Clone, Copy)]
struct Measuring<'a> {
    lang: Lang,
    lexicon: Option<&'a Lexicon>,
    /// Find the words that pull each sentence's formality most: only a formality finding
    /// quotes them, and there is none where the document's channel sets no formality target.
    formality_words: bool,
}

/// Measure a document's prose in language `lang` with the profile's word lists, reusing the
/// measurement of each segment `memo` holds from an earlier version of the document (with the
/// same language, profile and `formality_words`: the memo's owner ensures it, since the last is
/// a function of the profile, the channel and the language). `formality_words`: find each
/// sentence's most formal and most informal word; without, both are `None`.
pub(crate) fn measure(
    document: &Document,
    lang: Lang,
    profile: &ToneProfile,
    formality_words: bool,
    mut memo: Option<&mut SegmentMemo<SegmentTone>>,
) -> Measurement {
    let how = Measuring {
        lang,
        lexicon: profile.lexicon(lang).filter(|l| !l.is_empty()),
        formality_words,
    };
    let mut out = Measurement::default();
    for segment in document.segments.iter().filter(|s| measured(s.kind)) {
        let compute = || measure_segment(segment, how);
        match memo.as_deref_mut() {
            Some(memo) => memo
                .get_or_compute((segment.kind, segment.detail), &segment.text, compute)
                .place(segment, &mut out),
            None => compute().place(segment, &mut out),
        }
    }
    out
}

/// One segment's share of a [`Measurement`], with every range (the `source` fields) in the
/// segment's prose rather than in the document's source.
///
/// Measurement is additive over segments, and a segment's share depends on nothing but its
/// kind, its prose, the language and the word lists: this is what an incremental lint keeps
/// per segment, and [`Self::place`] puts it where the segment is now.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct SegmentTone {
    words: usize,
    paragraph: Option<ParagraphStat>,
    sentences: Vec<SentenceStat>,
    markers: Vec<Marker>,
}

impl Reuse for SegmentTone {}

impl SegmentTone {
    /// Add this share to `out`, its prose ranges mapped to source ranges through `segment`.
    fn place(&self, segment: &Segment, out: &mut Measurement) {
        let source = |range: &Range<usize>| segment.source_range(range.clone());
        out.words += self.words;
        out.paragraphs
            .extend(self.paragraph.iter().map(|paragraph| ParagraphStat {
                source: source(&paragraph.source),
                words: paragraph.words,
            }));
        out.sentences
            .extend(self.sentences.iter().map(|sentence| SentenceStat {
                source: source(&sentence.source),
                passive: sentence.passive.as_ref().map(source),
                formal_word: sentence.formal_word.as_ref().map(source),
                informal_word: sentence.informal_word.as_ref().map(source),
                ..*sentence
            }));
        out.markers.extend(self.markers.iter().map(|marker| Marker {
            signal: marker.signal,
            source: source(&marker.source),
        }));
    }
}

/// A sentence being measured: its text, words, and the words' lookup keys and shapes.
struct Sentence<'a> {
    text: &'a str,
    words: &'a [Word<'a>],
    keys: &'a [Cow<'a, str>],
    shapes: &'a [Shape],
}

impl Sentence<'_> {
    /// The prose range from the first to the last of `words` (indices into the sentence's).
    fn span(&self, words: Range<usize>) -> Option<Range<usize>> {
        let first = self.words.get(words.start)?;
        let last = self.words.get(words.end.checked_sub(1)?)?;
        Some(first.range.start..last.range.end)
    }
}

/// A segment's measurement, in its prose coordinates.
fn measure_segment(segment: &Segment, how: Measuring<'_>) -> SegmentTone {
    let Measuring { lang, lexicon, .. } = how;
    let mut out = SegmentTone::default();
    let text = segment.text.as_str();
    let words = segment.words();
    if words.is_empty() {
        return out;
    }
    // Keys serve the word lists and the formality model.
    let keyed = lexicon.is_some() || lang != Lang::Other;
    let keys: Vec<Cow<'_, str>> = if keyed {
        lexicon::keys(segment.folded(), &words)
    } else {
        Vec::new()
    };
    let shapes: Vec<Shape> = words.iter().map(|w| Shape::of(w.text)).collect();
    out.words += words.len();
    if segment.kind == SegmentKind::Paragraph {
        let first = words.first().map_or(0, |w| w.range.start);
        let last = words.last().map_or(0, |w| w.range.end);
        out.paragraph = Some(ParagraphStat {
            source: first..last,
            words: u32::try_from(words.len()).unwrap_or(u32::MAX),
        });
    }
    let mut next_word = 0;
    let mut buffers = SentenceBuffers::default();
    for range in segment.sentences().iter().cloned() {
        // Words are in order; the sentence's words are those starting inside its range.
        let start = next_word;
        while words
            .get(next_word)
            .is_some_and(|w| w.range.start < range.end)
        {
            next_word += 1;
        }
        let (Some(sentence_words), Some(sentence_text)) =
            (words.get(start..next_word), text.get(range.clone()))
        else {
            continue;
        };
        if sentence_words.is_empty() {
            continue;
        }
        let sentence = Sentence {
            text,
            words: sentence_words,
            keys: keys.get(start..next_word).unwrap_or(&[]),
            shapes: shapes.get(start..next_word).unwrap_or(&[]),
        };
        let stat = measure_sentence(
            &sentence,
            sentence_text,
            range.clone(),
            how,
            &mut buffers,
            &mut out.markers,
        );
        out.sentences.push(stat);
    }
    out
}

/// What the word lists find in one sentence: kept from sentence to sentence of a segment and
/// cleared for each, so that a sentence allocates nothing for them.
#[derive(Default)]
struct SentenceBuffers {
    /// The word lists' matches.
    hits: Vec<Hit>,
    /// Each word's formality classes.
    classes: Vec<u16>,
    /// What the matches say about each word.
    kinds: WordKinds,
}

fn measure_sentence(
    sentence: &Sentence<'_>,
    sentence_text: &str,
    range: Range<usize>,
    how: Measuring<'_>,
    buffers: &mut SentenceBuffers,
    markers: &mut Vec<Marker>,
) -> SentenceStat {
    let Measuring { lang, lexicon, .. } = how;
    let mut syllables = 0u32;
    let mut long_words = 0u32;
    for (word, shape) in sentence.words.iter().zip(sentence.shapes) {
        syllables += match lang {
            Lang::En => syllables::english(word.text),
            Lang::De => syllables::german(word.text),
            _ => 1,
        };
        long_words += u32::from(shape.letters > 6);
    }
    let (exclamations, clauses) = sentence_characters(sentence_text, range.start, markers);
    let SentenceBuffers {
        hits,
        classes,
        kinds,
    } = buffers;
    hits.clear();
    classes.clear();
    if let Some(lexicon) = lexicon {
        let (text, words, keys) = (sentence.text, sentence.words, sentence.keys);
        lexicon.hits(text, words, keys, hits, classes);
    }
    kinds.reset(sentence.words.len(), hits);
    let kinds = &*kinds;
    caps_markers(sentence, kinds, markers);
    for hit in hits.iter() {
        if counts_as_marker(hit, sentence, lang)
            && let Some(source) = sentence.span(hit.words.clone())
        {
            markers.push(Marker {
                signal: Signal::List(hit.kind),
                source,
            });
        }
    }
    let score = if how.formality_words {
        formality::score
    } else {
        formality::score_alone
    };
    let formality = score(
        &formality::Input {
            text: sentence.text,
            sentence: sentence_text,
            words: sentence.words,
            keys: sentence.keys,
            shapes: sentence.shapes,
            classes: lexicon
                .filter(|l| l.classes_of() == Some(lang))
                .map(|_| classes.as_slice()),
            kinds,
        },
        lang,
    );
    let word_span = |word: Option<usize>| word.and_then(|i| sentence.span(i..i + 1));
    SentenceStat {
        source: range,
        words: u32::try_from(sentence.words.len()).unwrap_or(u32::MAX),
        syllables,
        long_words,
        clauses: u32::try_from(clauses).unwrap_or(u32::MAX),
        exclamations: u32::try_from(exclamations).unwrap_or(u32::MAX),
        passive: passive(sentence, hits, kinds, lang),
        formality: formality.map(|f: SentenceFormality| f.score),
        formal_word: word_span(formality.and_then(|f| f.most_formal)),
        informal_word: word_span(formality.and_then(|f| f.most_informal)),
    }
}

/// Whether a list match is a marker of its own (auxiliaries, participles and acronyms only help
/// other measurements; contractions and formal and informal words feed the formality model). A German "Sie" that opens a sentence may as well mean "they", so it is
/// not counted as formal address.
fn counts_as_marker(hit: &Hit, sentence: &Sentence<'_>, lang: Lang) -> bool {
    match hit.kind {
        Kind::PassiveAuxiliary
        | Kind::StateAuxiliary
        | Kind::Participle
        | Kind::Acronym
        | Kind::Contraction
        | Kind::Formal
        | Kind::Informal => false,
        Kind::YouFormal if lang == Lang::De && hit.words.start == 0 => {
            sentence.keys.first().is_none_or(|k| k != "sie")
        }
        _ => true,
    }
}

/// One pass over a sentence's characters: its exclamation marks and emoji as markers, with
/// their own spans (`offset`: the sentence's in the prose); and how many exclamation marks and
/// clauses (Chinese readability: pieces between commas, semicolons and colons; one more than
/// the separators before the last letter or digit) it has.
fn sentence_characters(
    sentence_text: &str,
    offset: usize,
    markers: &mut Vec<Marker>,
) -> (usize, usize) {
    if sentence_text.is_ascii() {
        ascii_sentence_characters(sentence_text.as_bytes(), offset, markers)
    } else {
        char_sentence_characters(sentence_text, offset, markers)
    }
}

/// [`sentence_characters`] of any sentence, character by character.
fn char_sentence_characters(
    sentence_text: &str,
    offset: usize,
    markers: &mut Vec<Marker>,
) -> (usize, usize) {
    let (mut exclamations, mut separators, mut clause_separators) = (0, 0, 0);
    for (i, c) in sentence_text.char_indices() {
        if chars::is_alphanumeric(c) {
            clause_separators = separators;
        }
        let signal = if c == '!' || c == '！' {
            exclamations += 1;
            Signal::Exclamation
        } else if matches!(c, '，' | '、' | '；' | '：' | ',' | ';' | ':') {
            separators += 1;
            continue;
        } else if !c.is_ascii() && is_emoji(c) {
            Signal::Emoji
        } else {
            continue;
        };
        let start = offset + i;
        markers.push(Marker {
            signal,
            source: start..start + c.len_utf8(),
        });
    }
    (exclamations, 1 + clause_separators)
}

/// [`sentence_characters`] of an ASCII sentence (most), on its bytes: no emoji and no
/// full-width marks to look for, and the separators that count are those before the last
/// letter or digit, so that is found first (from the end: it is mostly the last byte or
/// the one before) instead of testing every byte for a letter.
fn ascii_sentence_characters(
    sentence: &[u8],
    offset: usize,
    markers: &mut Vec<Marker>,
) -> (usize, usize) {
    let mut exclamations = 0;
    for i in memchr::memchr_iter(b'!', sentence) {
        exclamations += 1;
        let start = offset + i;
        markers.push(Marker {
            signal: Signal::Exclamation,
            source: start..start + 1,
        });
    }
    let last_letter = sentence
        .iter()
        .rposition(u8::is_ascii_alphanumeric)
        .unwrap_or(0);
    let clause_separators = sentence
        .get(..last_letter)
        .unwrap_or_default()
        .iter()
        .filter(|&&byte| matches!(byte, b',' | b';' | b':'))
        .count();
    (exclamations, 1 + clause_separators)
}

/// Pictographic emoji; skin-tone modifiers, joiners and variation selectors are parts of one.
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1F300}'..='\u{1F3FA}'
        | '\u{1F400}'..='\u{1F64F}'
        | '\u{1F680}'..='\u{1F6FF}'
        | '\u{1F900}'..='\u{1F9FF}'
        | '\u{1FA70}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{26FF}'
        | '\u{2700}'..='\u{27BF}'
        | '\u{2B50}' | '\u{2B55}')
}

/// Words in capitals that shout: four or more letters, no lower case, not a listed acronym.
fn caps_markers(sentence: &Sentence<'_>, kinds: &WordKinds, markers: &mut Vec<Marker>) {
    for (i, shape) in sentence.shapes.iter().enumerate() {
        let shouting = shape.all_caps && shape.letters >= 4 && !kinds.covers(i, Kind::Acronym);
        if shouting && let Some(source) = sentence.span(i..i + 1) {
            markers.push(Marker {
                signal: Signal::Caps,
                source,
            });
        }
    }
}

/// Words that may stand between an English `be` and its participle ("is not sent", "was quickly
/// built").
const EN_BETWEEN: &[&str] = &[
    "not", "also", "already", "just", "never", "always", "often", "being", "been", "now", "then",
    "still",
];

/// The passive construction of a sentence, as a prose span from auxiliary to participle.
///
/// The heuristic, per language:
/// - en: a form of `be` followed by a past participle (a word in `-ed`, or a listed irregular
///   one), with at most one adverb (`-ly`, "not", "already", …) between;
/// - de: a form of `werden` and, anywhere in the sentence (German puts it last), a Partizip II:
///   `ge…t`/`ge…en`, `-iert`, or an inseparable prefix with `-t` (`bestätigt`, `verschickt`);
///   or a form of `sein` with a `ge…t` participle (Zustandspassiv: "ist geöffnet");
/// - zh: 被.
fn passive(
    sentence: &Sentence<'_>,
    hits: &[Hit],
    kinds: &WordKinds,
    lang: Lang,
) -> Option<Range<usize>> {
    let listed = |i: usize| kinds.starts(i, Kind::Participle);
    // The German participles anywhere in the sentence, found once: a scan per auxiliary made
    // a long sentence of auxiliaries quadratic.
    let words = sentence.words.len();
    let mut participles = None;
    let mut state_participles = None;
    for hit in hits {
        let at = hit.words.start;
        let found = match (lang, hit.kind) {
            (Lang::Zh, Kind::PassiveAuxiliary) => Some(at),
            (Lang::En, Kind::PassiveAuxiliary) => {
                let next = at + 1;
                let between = sentence
                    .keys
                    .get(next)
                    .is_some_and(|k| k.ends_with("ly") || EN_BETWEEN.contains(&k.as_ref()));
                let candidates = if between {
                    next..next + 2
                } else {
                    next..next + 1
                };
                candidates.into_iter().find(|&i| {
                    listed(i)
                        || sentence
                            .keys
                            .get(i)
                            .is_some_and(|k| k.len() >= 4 && k.ends_with("ed"))
                })
            }
            (Lang::De, Kind::PassiveAuxiliary) => other_than(
                at,
                *participles.get_or_insert_with(|| {
                    first_two(words, |i| {
                        listed(i)
                            || (sentence.words.get(i))
                                .is_some_and(|w| german_participle(w.text, false))
                    })
                }),
            ),
            (Lang::De, Kind::StateAuxiliary) => other_than(
                at,
                *state_participles.get_or_insert_with(|| {
                    first_two(words, |i| {
                        (sentence.words.get(i)).is_some_and(|w| german_participle(w.text, true))
                    })
                }),
            ),
            _ => None,
        };
        if let Some(participle) = found {
            return sentence.span(at.min(participle)..at.max(participle) + 1);
        }
    }
    None
}

/// The first two of words `0..words` that pass `test`.
fn first_two(words: usize, test: impl Fn(usize) -> bool) -> [Option<usize>; 2] {
    let mut found = (0..words).filter(|&i| test(i));
    [found.next(), found.next()]
}

/// The first of `first_two` that is not word `at`.
fn other_than(at: usize, first_two: [Option<usize>; 2]) -> Option<usize> {
    match first_two {
        [Some(first), _] if first != at => Some(first),
        [Some(_), second] => second,
        [None, _] => None,
    }
}

/// Whether a German word looks like a Partizip II. `state`: only `ge…t`, the form that follows
/// `sein` in a state passive (`ge…en` after `sein` is mostly a perfect tense: "ist gegangen").
fn german_participle(word: &str, state: bool) -> bool {
    if word.chars().next().is_none_or(|c| !chars::is_lowercase(c)) || word.chars().count() < 6 {
        return false;
    }
    let ge = word.starts_with("ge");
    if state {
        return ge && word.ends_with('t');
    }
    const PREFIXES: &[&str] = &["be", "er", "ver", "zer", "ent", "emp", "miss", "über"];
    (ge && (word.ends_with('t') || word.ends_with("en")))
        || word.ends_with("iert")
        || (PREFIXES.iter().any(|p| word.starts_with(p)) && word.ends_with('t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Measured without the formality words, a document has the same measurement but for
    /// those words; with them, the sentences that are scored have theirs.
    #[test]
    fn formality_words_are_found_only_when_asked_for() {
        let config = crate::config::Config::starter(std::path::Path::new("."))
            .expect("the starter configuration loads");
        let profile = config
            .guideline
            .tone()
            .expect("the starter has a tone profile");
        let text = "Dear customer, please be advised that your reservation is confirmed.\n\n\
                    Hey folks, we're gonna ship the new app soon! Thanks a lot for waiting.\n";
        let document = Document::parse(crate::document::Format::Markdown, text.to_owned());
        let with = measure(&document, Lang::En, profile, true, None);
        let mut without = measure(&document, Lang::En, profile, false, None);
        let words = |m: &Measurement| -> Vec<(Option<&str>, Option<&str>)> {
            let word = |span: &Option<Range<usize>>| span.clone().and_then(|s| text.get(s));
            (m.sentences.iter())
                .map(|s| (word(&s.formal_word), word(&s.informal_word)))
                .collect()
        };
        assert_eq!(
            words(&with),
            [
                (Some("reservation"), Some("is")),
                (Some("the"), Some("Hey")),
                (Some("waiting"), Some("a"))
            ]
        );
        assert!(words(&without).iter().all(|pair| *pair == (None, None)));
        for (measured, words) in without.sentences.iter_mut().zip(&with.sentences) {
            measured.formal_word.clone_from(&words.formal_word);
            measured.informal_word.clone_from(&words.informal_word);
        }
        assert_eq!(without, with);
    }

    /// The one pass counts what separate passes over the characters would.
    /// The byte path of ASCII sentences agrees with the character path on generated sentences
    /// over an alphabet of letters, digits, marks, separators and spaces.
    #[test]
    fn ascii_sentences_get_the_counts_and_markers_of_the_character_path() {
        for text in super::super::every_ascii_string(b"a9!,;: .?", 5) {
            let (mut by_bytes, mut by_chars) = (Vec::new(), Vec::new());
            assert_eq!(
                ascii_sentence_characters(text.as_bytes(), 7, &mut by_bytes),
                char_sentence_characters(&text, 7, &mut by_chars),
                "{text}"
            );
            assert_eq!(by_bytes, by_chars, "{text}");
        }
    }

    #[test]
    fn one_pass_over_a_sentence_counts_marks_emoji_and_clauses() {
        for sentence in [
            "Hi, Sam: thanks; really!",
            "你好，我们、你们；他们：好！",
            "Wow!! 🚀 ❶, done,;:",
            ",,, no letters? ...",
            "",
            "Ende: ❷",
        ] {
            let mut markers = Vec::new();
            let (exclamations, clauses) = sentence_characters(sentence, 10, &mut markers);
            let expected_clauses = 1 + sentence
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .filter(|c| matches!(c, '，' | '、' | '；' | '：' | ',' | ';' | ':'))
                .count();
            assert_eq!(clauses, expected_clauses, "{sentence}");
            let marks = sentence.chars().filter(|&c| c == '!' || c == '！').count();
            assert_eq!(exclamations, marks, "{sentence}");
            let expected: Vec<Marker> = sentence
                .char_indices()
                .filter_map(|(i, c)| {
                    let signal = match c {
                        '!' | '！' => Signal::Exclamation,
                        _ if is_emoji(c) => Signal::Emoji,
                        _ => return None,
                    };
                    Some(Marker {
                        signal,
                        source: 10 + i..10 + i + c.len_utf8(),
                    })
                })
                .collect();
            assert_eq!(markers, expected, "{sentence}");
        }
    }
}
