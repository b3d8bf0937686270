//! Bytes → text: binary detection, byte-order marks, declared charsets.
//!
//! Every offset onbrand reports points into the decoded text, so decoding happens once, here,
//! before any parser runs. UTF-8 is the default; a byte-order mark or (in HTML) a declared
//! charset says otherwise. Text that is not valid in its encoding is an error with the position
//! of the first bad byte, so that the writer can find and fix it, rather than lint mojibake.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::{Format, LoadError};

/// How far into a file a NUL byte marks it as binary.
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// How far into an HTML file a charset declaration counts (the HTML standard's prescan looks at
/// the first 1024 bytes).
const CHARSET_SNIFF_LEN: usize = 1024;

/// Decode a file's bytes to text.
pub fn decode(format: Format, bytes: &[u8]) -> Result<String, LoadError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_with(UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_with(UTF_16BE, rest);
    }
    let head = bytes.get(..BINARY_SNIFF_LEN).unwrap_or(bytes);
    if memchr::memchr(0, head).is_some() {
        return Err(LoadError::Binary);
    }
    if format == Format::Html
        && let Some(encoding) = declared_charset(bytes)
        && encoding != UTF_8
    {
        return decode_with(encoding, bytes);
    }
    decode_utf8(bytes)
}

fn decode_utf8(bytes: &[u8]) -> Result<String, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
            // The prefix up to `valid_up_to` is valid UTF-8 by definition.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            Err(invalid("UTF-8", prefix))
        }
    }
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, LoadError> {
    if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok(text.into_owned());
    }
    // Locate the first malformed sequence: decode with replacement characters and stop at the
    // first one the decoder produced (an earlier U+FFFD in the text itself would be found
    // first; the position is then early, never late).
    let (lossy, _) = encoding.decode_without_bom_handling(bytes);
    let end = lossy.find('\u{FFFD}').unwrap_or(lossy.len());
    Err(invalid(encoding.name(), lossy.get(..end).unwrap_or("")))
}

/// The error for a bad byte right after the valid text `prefix`.
fn invalid(encoding: &str, prefix: &str) -> LoadError {
    let line = memchr::memchr_iter(b'\n', prefix.as_bytes()).count() + 1;
    let line_start = memchr::memrchr(b'\n', prefix.as_bytes()).map_or(0, |i| i + 1);
    let column = prefix.get(line_start..).unwrap_or("").chars().count() + 1;
    LoadError::InvalidEncoding {
        encoding: encoding.to_owned(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

/// The charset an HTML file declares near its start: `<meta charset>`, `<meta http-equiv
/// content="…; charset=…">` or an XML prolog's `encoding`. A declared UTF-16 is treated as UTF-8
/// (without a byte-order mark the bytes are ASCII-compatible, as the HTML standard says).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..CHARSET_SNIFF_LEN).unwrap_or(bytes);
    let label = value_after(head, b"charset")
        .or_else(|| value_after(head, b"encoding").filter(|_| head.starts_with(b"<?xml")))?;
    let encoding = Encoding::for_label(label)?;
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return Some(UTF_8);
    }
    Some(encoding)
}

/// The value after the first `name` `=` (case-insensitive), without quotes.
fn value_after<'a>(head: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let position = head
        .windows(name.len())
        .position(|window| window.eq_ignore_ascii_case(name))?;
    let rest = head.get(position + name.len()..)?;
    let rest = trim_start(rest).strip_prefix(b"=")?;
    let rest = trim_start(rest);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    rest.get(..end).filter(|label| !label.is_empty())
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_are_stripped_or_decoded() {
        assert_eq!(decode(Format::Text, b"\xEF\xBB\xBFHi").unwrap(), "Hi");
        assert_eq!(decode(Format::Text, b"\xFF\xFEH\0i\0").unwrap(), "Hi");
        assert_eq!(decode(Format::Text, b"\xFE\xFF\0H\0i").unwrap(), "Hi");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(Format::Text, b"PNG\0\x01"), Err(LoadError::Binary));
    }

    #[test]
    fn invalid_utf8_reports_line_and_character_column() {
        let error = decode(Format::Markdown, "ok\nGrüße \u{1F44B} \u{FF}".as_bytes());
        assert!(error.is_ok(), "U+00FF is valid");
        let error = decode(Format::Markdown, b"ok\nGr\xC3\xBC\xC3\x9Fe \xFF!").unwrap_err();
        assert_eq!(
            error,
            LoadError::InvalidEncoding {
                encoding: "UTF-8".into(),
                line: 2,
                column: 7
            }
        );
    }

    #[test]
    fn html_declared_charsets_are_honoured() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><p>Gr\xFC\xDFe</p>";
        assert!(decode(Format::Html, page).unwrap().contains("Grüße"));
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>\x93q\x94";
        assert!(
            decode(Format::Html, page)
                .unwrap()
                .contains("\u{201C}q\u{201D}")
        );
        let page = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<p>\xE9t\xE9</p>";
        assert!(decode(Format::Html, page).unwrap().contains("été"));
        // Markdown does not declare charsets in markup.
        assert!(decode(Format::Markdown, b"<meta charset=latin1> \xE9").is_err());
    }

    #[test]
    fn invalid_bytes_in_a_declared_multibyte_charset_are_located() {
        let page = b"<meta charset=shift_jis>\n<p>ok \x82\xA0 \x85\xFF</p>";
        match decode(Format::Html, page) {
            Err(LoadError::InvalidEncoding { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
    }
}
