//! The tone dimensions: names, units, and which need enough text to mean anything.

/// One measured aspect of a document's voice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Dimension {
    /// Average sentence length.
    SentenceLength,
    /// The longest sentence's length.
    LongestSentence,
    /// Average paragraph length.
    ParagraphLength,
    /// The language's readability score.
    Readability,
    /// LIX: sentence length plus the share of long words.
    Lix,
    /// Formality, 0 informal … 1 formal.
    Formality,
    /// The share of formal address among all address.
    Address,
    /// The share of "you" among you and we.
    ReaderFocus,
    /// Exclamation marks per sentence.
    Exclamations,
    /// Words in capitals per 100 words.
    Caps,
    /// Hype words per 100 words.
    Hype,
    /// Emoji per 100 words.
    Emoji,
    /// Hedges per 100 words.
    Hedges,
    /// The share of sentences in the passive voice.
    Passive,
    /// Jargon words per 100 words.
    Jargon,
}

impl Dimension {
    /// Every dimension, in the order reports list them.
    pub const ALL: [Dimension; 15] = [
        Dimension::SentenceLength,
        Dimension::LongestSentence,
        Dimension::ParagraphLength,
        Dimension::Readability,
        Dimension::Lix,
        Dimension::Formality,
        Dimension::Address,
        Dimension::ReaderFocus,
        Dimension::Exclamations,
        Dimension::Caps,
        Dimension::Hype,
        Dimension::Emoji,
        Dimension::Hedges,
        Dimension::Passive,
        Dimension::Jargon,
    ];

    /// The name in the guideline (`[tone] sentence-length = …`) and in rule ids (`tone.…`).
    pub fn name(self) -> &'static str {
        match self {
            Dimension::SentenceLength => "sentence-length",
            Dimension::LongestSentence => "longest-sentence",
            Dimension::ParagraphLength => "paragraph-length",
            Dimension::Readability => "readability",
            Dimension::Lix => "lix",
            Dimension::Formality => "formality",
            Dimension::Address => "address",
            Dimension::ReaderFocus => "reader-focus",
            Dimension::Exclamations => "exclamations",
            Dimension::Caps => "caps",
            Dimension::Hype => "hype",
            Dimension::Emoji => "emoji",
            Dimension::Hedges => "hedges",
            Dimension::Passive => "passive",
            Dimension::Jargon => "jargon",
        }
    }

    /// The dimension named `name` in the guideline (`sentence-length`).
    pub fn from_name(name: &str) -> Option<Dimension> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The dimension's position in [`Dimension::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// What the number counts, for people. Chinese counts characters where others count words.
    pub fn unit(self, chinese: bool) -> &'static str {
        let words = if chinese { "characters" } else { "words" };
        match self {
            Dimension::SentenceLength => {
                if chinese {
                    "characters per sentence"
                } else {
                    "words per sentence"
                }
            }
            Dimension::LongestSentence => words,
            Dimension::ParagraphLength => {
                if chinese {
                    "characters per paragraph"
                } else {
                    "words per paragraph"
                }
            }
            Dimension::Readability | Dimension::Lix => "",
            Dimension::Formality => "(0 informal … 1 formal)",
            Dimension::Address => "(share of formal address)",
            Dimension::ReaderFocus => "(share of 'you' among you/we)",
            Dimension::Exclamations => "per sentence",
            Dimension::Passive => "of sentences",
            Dimension::Caps
            | Dimension::Hype
            | Dimension::Emoji
            | Dimension::Hedges
            | Dimension::Jargon => {
                if chinese {
                    "per 100 characters"
                } else {
                    "per 100 words"
                }
            }
        }
    }

    /// Statistics that a few sentences cannot support: not judged on short documents.
    ///
    /// Short copy (subject lines, social posts, transactional mail) is still judged on what a
    /// reader sees in a single sentence: its formality and form of address, the longest sentence,
    /// and the noise of exclamation marks, capitals, hype and emoji. Mean lengths, readability,
    /// reader focus, hedges, passive and jargon are shares that a few sentences swing at random.
    pub fn needs_text(self) -> bool {
        !matches!(
            self,
            Dimension::LongestSentence
                | Dimension::Formality
                | Dimension::Address
                | Dimension::Exclamations
                | Dimension::Caps
                | Dimension::Hype
                | Dimension::Emoji
        )
    }
}
