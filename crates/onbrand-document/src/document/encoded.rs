//! Text that is encoded in its file: an e-mail part in base64, quoted-printable or a charset
//! other than UTF-8, or a header written as RFC 2047 encoded-words (`=?UTF-8?B?…?=`).
//!
//! The prose of such a part is read from its decoded text, and a segment of it keeps two maps:
//! its [`super::SourceMap`] into the file (exact for quoted-printable UTF-8, the whole part for
//! base64 and other charsets, whose bytes cannot be located one by one in the file's text), and a
//! [`DecodedMap`] into the part's decoded text. Findings carry both: the file location an editor
//! can select, and the decoded line, column and word a writer can read. Fixes are never written
//! into an encoded part (an edit would have to be re-encoded, and line lengths kept).

use std::ops::Range;
use std::sync::OnceLock;

use super::SourceMap;
use crate::position::{LineCol, LineIndex};

/// How a part's text is encoded in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Transfer {
    /// `Content-Transfer-Encoding: base64`.
    Base64,
    /// `Content-Transfer-Encoding: quoted-printable`.
    QuotedPrintable,
    /// Raw 8-bit (or 7-bit) bytes in a declared charset other than UTF-8.
    #[serde(rename = "8bit")]
    EightBit,
    /// A header written as RFC 2047 encoded-words.
    EncodedWord,
}

impl Transfer {
    /// The transfer encoding's name as MIME writes it (`base64`).
    pub fn name(self) -> &'static str {
        match self {
            Transfer::Base64 => "base64",
            Transfer::QuotedPrintable => "quoted-printable",
            Transfer::EightBit => "8bit",
            Transfer::EncodedWord => "encoded-word",
        }
    }
}

/// One encoded part of a document and its decoded text.
#[derive(Clone, Debug)]
pub struct EncodedPart {
    /// The part's bytes in the document's text (a body, or a header's value).
    pub raw: Range<usize>,
    /// How the part is encoded.
    pub transfer: Transfer,
    /// The charset the decoded bytes were read in, lower case (`utf-8`, `gb2312`).
    pub charset: String,
    /// The part's decoded text.
    pub text: String,
    lines: OnceLock<LineIndex>,
}

impl EncodedPart {
    /// A part at `raw` in the document, decoded from `transfer` and `charset` into `text`.
    pub fn new(raw: Range<usize>, transfer: Transfer, charset: &str, text: String) -> Self {
        EncodedPart {
            raw,
            transfer,
            charset: charset.trim().to_ascii_lowercase(),
            text,
            lines: OnceLock::new(),
        }
    }

    /// How the part is encoded, for people: `base64 (utf-8)`.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.transfer.name(), self.charset)
    }

    /// The line index of the decoded text.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// 1-based line and character column of an offset in the decoded text.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines().line_col(&self.text, offset)
    }
}

/// Where a segment's prose is in the decoded text of an encoded part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedMap {
    /// Index of the part in [`super::Document::encoded`].
    pub part: usize,
    /// Prose offsets → offsets in the part's decoded text.
    pub map: SourceMap,
}

/// A range of an encoded part's decoded text: where a finding is, as the writer reads it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DecodedSpan {
    /// Index of the part in [`super::Document::encoded`].
    pub part: usize,
    /// Byte range in the part's decoded text.
    pub span: Range<usize>,
}

/// The charset of the first RFC 2047 encoded-word in a header value (`=?ISO-8859-1?Q?…?=`), if
/// it has one.
pub fn encoded_word_charset(raw: &str) -> Option<&str> {
    let start = raw.find("=?")? + 2;
    let rest = raw.get(start..)?;
    let charset = rest.get(..rest.find('?')?)?;
    // RFC 2231 adds a language after `*`: `=?UTF-8*de?Q?…?=`.
    let charset = charset.split('*').next().unwrap_or(charset);
    (!charset.is_empty()).then_some(charset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_positions_count_characters_on_decoded_lines() {
        let part = EncodedPart::new(
            10..90,
            Transfer::Base64,
            "UTF-8",
            "Grüße 🚆\n你好, Zürich!\n".into(),
        );
        let zurich = part.text.find("Zürich").unwrap();
        assert_eq!(part.line_col(zurich), LineCol { line: 2, column: 5 });
        let lines = part.lines();
        assert_eq!(
            &part.text[lines.line_range(&part.text, lines.line_of(zurich))],
            "你好, Zürich!"
        );
        assert_eq!(part.describe(), "base64 (utf-8)");
    }

    #[test]
    fn encoded_word_charsets() {
        assert_eq!(encoded_word_charset("=?UTF-8?B?SGk=?="), Some("UTF-8"));
        assert_eq!(
            encoded_word_charset("Re: =?gb2312*zh?B?xOO6ww==?="),
            Some("gb2312")
        );
        assert_eq!(encoded_word_charset("plain"), None);
        assert_eq!(encoded_word_charset("=??B?x?="), None);
    }
}
