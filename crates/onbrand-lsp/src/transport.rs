//! Standard input/output framing for the language server.
//!
//! `lsp_server::Connection::stdio` ends its reader thread at the first payload that is not a
//! valid JSON-RPC message, which takes the whole server down with it. Editors and plugins do
//! send garbage now and then (a half-written message from a crashed extension, a proxy that
//! logs to stdout), and one bad message must not cost the writer their diagnostics. This reader
//! reports a bad message to the main loop as a [`MALFORMED`] notification, which the loop logs
//! with `window/logMessage`, and keeps reading. Framing itself is read byte by byte: noise
//! between frames (even bytes that are not UTF-8) and a missing or wrong `Content-Length` cost
//! the frames up to the next `Content-Length` header, which is logged, never the session.

use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

use crossbeam_channel::Sender;
use lsp_server::{Connection, Message, Notification};

/// The internal notification the reader sends for a message it could not parse.
/// `$/` methods are the protocol's "may be ignored" namespace, so no client ever sends this one.
pub const MALFORMED: &str = "$/onbrand/malformedMessage";

/// The internal notification for a message refused for its size: `{"problem": …, "id": …}`,
/// the id (when the message was a request whose id comes early in it) to answer with an error.
pub const OVERSIZE: &str = "$/onbrand/oversizeMessage";

/// How much of an oversize body is looked at for its request id.
const ID_WINDOW: usize = 4096;

/// The largest message read: four times onbrand's document size limit, for JSON escaping.
const MAX_MESSAGE: usize = 4 * crate::document::DEFAULT_SIZE_LIMIT as usize;

/// One frame read from the stream.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// A frame that could not be read as a message: what was wrong with it.
    Malformed(String),
    /// A frame over the size limit, skipped unread: what was wrong, and its request id when
    /// the start of the body names one.
    Oversize(String, Option<lsp_server::RequestId>),
}

/// Start reader and writer threads on stdin/stdout. Returns the connection and the writer's
/// handle (join it after the main loop to flush the last messages).
pub fn stdio() -> (Connection, JoinHandle<io::Result<()>>) {
    let (to_loop, from_reader) = crossbeam_channel::unbounded::<Message>();
    let (to_writer, from_loop) = crossbeam_channel::unbounded::<Message>();
    // The reader is never joined: after `exit` the process ends, and it may sit in a blocking
    // read of stdin that nothing can interrupt.
    std::thread::Builder::new()
        .name("onbrand-lsp-reader".to_owned())
        .spawn(move || {
            let stdin = io::stdin();
            read_loop(&mut stdin.lock(), &to_loop);
        })
        .map(drop)
        .unwrap_or_else(|error| {
            log_to_stderr(&format!("cannot start the reader thread: {error}"));
        });
    let writer = std::thread::Builder::new()
        .name("onbrand-lsp-writer".to_owned())
        .spawn(move || {
            let stdout = io::stdout();
            let mut stdout = stdout.lock();
            for message in from_loop {
                message.write(&mut stdout)?;
            }
            stdout.flush()
        })
        .unwrap_or_else(|error| {
            std::thread::spawn(move || Err(io::Error::other(error.to_string())))
        });
    (
        Connection {
            sender: to_writer,
            receiver: from_reader,
        },
        writer,
    )
}

/// Forward every frame of `input` to the main loop until end of input or `exit`.
pub fn read_loop(input: &mut impl BufRead, to_loop: &Sender<Message>) {
    let mut frames = FrameReader::new(input);
    loop {
        let message = match frames.next_frame() {
            Ok(Some(Frame::Message(message))) => message,
            Ok(Some(Frame::Malformed(problem))) => malformed(problem),
            Ok(Some(Frame::Oversize(problem, id))) => Message::Notification(Notification {
                method: OVERSIZE.to_owned(),
                params: serde_json::json!({ "problem": problem, "id": id }),
            }),
            Ok(None) => return,
            Err(error) => {
                // The stream itself failed (not one message): nothing more will come.
                log_to_stderr(&format!("cannot read from the client: {error}"));
                return;
            }
        };
        let is_exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if to_loop.send(message).is_err() || is_exit {
            return;
        }
    }
}

fn malformed(problem: String) -> Message {
    Message::Notification(Notification {
        method: MALFORMED.to_owned(),
        params: serde_json::Value::String(problem),
    })
}

/// Read one `Content-Length` framed message. `Ok(None)` at a clean end of input.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    FrameReader::new(input).next_frame()
}

/// The header every frame starts with, matched without regard to case.
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// The longest header line kept whole; noise beyond it is skipped (and counted) up to the
/// next `Content-Length`.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// A declared length up to which an oversize message is skipped by its length: beyond it, the
/// header is taken for garbage and the reader resynchronises on the next `Content-Length`
/// rather than wait for exabytes that never come.
const MAX_SKIPPED: usize = 1 << 30;

/// Frames from a byte stream, resynchronising after noise: bytes that are not UTF-8, lines
/// that are not headers, a missing, unparsable or absurd `Content-Length`, or a body that is
/// not a message (a wrong length) are skipped up to the next `Content-Length` header, reported,
/// and reading goes on.
pub struct FrameReader<'a, R: BufRead> {
    input: &'a mut R,
    /// Bytes read too far (the start of the next frame inside a bad body), read again first.
    pushed_back: Vec<u8>,
}

impl<'a, R: BufRead> FrameReader<'a, R> {
    pub fn new(input: &'a mut R) -> Self {
        Self {
            input,
            pushed_back: Vec::new(),
        }
    }

    /// The next frame; `Ok(None)` at the end of input.
    pub fn next_frame(&mut self) -> io::Result<Option<Frame>> {
        let mut skipped = Skipped::default();
        let Some(length) = self.read_headers(&mut skipped)? else {
            skipped.log();
            return Ok(None);
        };
        skipped.log();
        if length > MAX_MESSAGE {
            // Skip the body without allocating what the header asks for, keeping its start,
            // where clients write a request's id.
            let mut head = Vec::new();
            self.by_ref()
                .take(ID_WINDOW as u64)
                .read_to_end(&mut head)?;
            let rest = (length - head.len()) as u64;
            io::copy(&mut self.by_ref().take(rest), &mut io::sink())?;
            return Ok(Some(Frame::Oversize(
                format!("message of {length} bytes is over the {MAX_MESSAGE}-byte limit"),
                request_id(&head),
            )));
        }
        let mut body = Vec::new();
        self.by_ref().take(length as u64).read_to_end(&mut body)?;
        if body.len() < length {
            return Ok(Some(Frame::Malformed(format!(
                "the input ended {} bytes into a message of {length}",
                body.len()
            ))));
        }
        let parsed = std::str::from_utf8(&body)
            .map_err(|error| format!("message body is not UTF-8: {error}"))
            .and_then(|text| {
                serde_json::from_str::<Message>(text).map_err(|error| {
                    format!("not a JSON-RPC message ({error}): {}", abbreviate(text))
                })
            });
        match parsed {
            Ok(message) => Ok(Some(Frame::Message(message))),
            Err(problem) => {
                // A wrong Content-Length reads into the next frame: read that frame again.
                if let Some(at) = find_content_length(&body) {
                    self.push_back(&body[at..]);
                }
                Ok(Some(Frame::Malformed(problem)))
            }
        }
    }

    /// Read header lines up to the blank line after a valid `Content-Length`; the body length.
    fn read_headers(&mut self, skipped: &mut Skipped) -> io::Result<Option<usize>> {
        let mut length: Option<usize> = None;
        loop {
            let Some(line) = self.read_line(skipped)? else {
                return Ok(None);
            };
            let header = trim_line_end(&line);
            if header.is_empty() {
                match length {
                    Some(length) => return Ok(Some(length)),
                    None => continue, // blank lines between frames
                }
            }
            // Noise glued to the front of a header still leaves the header readable.
            let header = match find_content_length(header) {
                Some(at) => {
                    skipped.noise(&header[..at]);
                    &header[at..]
                }
                None => header,
            };
            if header.len() >= CONTENT_LENGTH.len()
                && header[..CONTENT_LENGTH.len()].eq_ignore_ascii_case(CONTENT_LENGTH)
            {
                let value = String::from_utf8_lossy(&header[CONTENT_LENGTH.len()..]);
                match value.trim().parse::<usize>() {
                    Ok(value) if value <= MAX_SKIPPED => length = Some(value),
                    _ => {
                        skipped
                            .problem(format!("bad Content-Length {:?}", abbreviate(value.trim())));
                        length = None;
                    }
                }
            } else if is_header(header) {
                // Content-Type and future headers, before or after the length.
            } else {
                // Not a header of a frame: a line of noise (and any length before it is void).
                skipped.noise(header);
                length = None;
            }
        }
    }

    /// One line (up to and including `\n`), at most [`MAX_HEADER_LINE`] bytes of it kept: a
    /// longer line is noise, of which only the tail is kept (where a header may start).
    fn read_line(&mut self, skipped: &mut Skipped) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        loop {
            let available = self.fill_buf()?;
            if available.is_empty() {
                return Ok((!line.is_empty()).then_some(line));
            }
            let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
                Some(at) => (&available[..=at], true),
                None => (available, false),
            };
            line.extend_from_slice(chunk);
            let used = chunk.len();
            self.consume(used);
            if done {
                return Ok(Some(line));
            }
            if line.len() > MAX_HEADER_LINE {
                let keep = line.len() - CONTENT_LENGTH.len();
                let cut = match find_content_length(&line) {
                    Some(at) => at.min(keep),
                    None => keep,
                };
                skipped.noise(&line[..cut]);
                line.drain(..cut);
            }
        }
    }

    fn push_back(&mut self, bytes: &[u8]) {
        let mut pending = bytes.to_vec();
        pending.extend_from_slice(&self.pushed_back);
        self.pushed_back = pending;
    }
}

impl<R: BufRead> Read for FrameReader<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let count = available.len().min(out.len());
        out[..count].copy_from_slice(&available[..count]);
        self.consume(count);
        Ok(count)
    }
}

impl<R: BufRead> BufRead for FrameReader<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pushed_back.is_empty() {
            self.input.fill_buf()
        } else {
            Ok(&self.pushed_back)
        }
    }

    fn consume(&mut self, amount: usize) {
        if self.pushed_back.is_empty() {
            self.input.consume(amount);
        } else {
            self.pushed_back.drain(..amount.min(self.pushed_back.len()));
        }
    }
}

/// What was skipped before a frame, logged in one line.
#[derive(Default)]
struct Skipped {
    bytes: usize,
    sample: Vec<u8>,
    problems: Vec<String>,
}

impl Skipped {
    fn noise(&mut self, bytes: &[u8]) {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        self.bytes += bytes.len();
        let room = 60usize.saturating_sub(self.sample.len());
        self.sample
            .extend_from_slice(&bytes[..room.min(bytes.len())]);
    }

    fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }

    fn log(self) {
        let mut parts = self.problems;
        if self.bytes > 0 {
            parts.push(format!(
                "skipped {} bytes that are not a frame ({:?}…)",
                self.bytes,
                String::from_utf8_lossy(&self.sample)
            ));
        }
        if !parts.is_empty() {
            log_to_stderr(&parts.join("; "));
        }
    }
}

/// The `"id"` of a JSON-RPC request from the start of its body: a number or a string.
fn request_id(head: &[u8]) -> Option<lsp_server::RequestId> {
    let at = head.windows(4).position(|window| window == b"\"id\"")? + 4;
    let rest = head.get(at..)?;
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let rest = rest.strip_prefix(b":")?;
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    if let Some(string) = rest.strip_prefix(b"\"") {
        let end = string.iter().position(|&b| b == b'"' || b == b'\\')?;
        return std::str::from_utf8(&string[..end])
            .ok()
            .map(|id| lsp_server::RequestId::from(id.to_owned()));
    }
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_digit() || *b == b'-'))
        .unwrap_or(rest.len());
    std::str::from_utf8(&rest[..end])
        .ok()?
        .parse::<i32>()
        .ok()
        .map(lsp_server::RequestId::from)
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|b| !matches!(b, b'\r' | b'\n'))
        .map_or(0, |i| i + 1);
    &line[..end]
}

/// A `Name: value` header line: a token name (letters, digits, `-`) before the colon.
fn is_header(line: &[u8]) -> bool {
    line.iter().position(|&b| b == b':').is_some_and(|colon| {
        colon > 0
            && line[..colon]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    })
}

/// Where the next `Content-Length:` (any case) starts in `bytes`.
fn find_content_length(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(CONTENT_LENGTH.len())
        .position(|window| window.eq_ignore_ascii_case(CONTENT_LENGTH))
}

/// The first 200 characters of a bad message, for the log.
fn abbreviate(text: &str) -> String {
    let mut short: String = text.chars().take(200).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// Standard error is the log channel every LSP client shows ("output" panel, `:LspLog`).
fn log_to_stderr(message: &str) {
    let _ = writeln!(io::stderr(), "onbrand lsp: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn malformed_frames_are_reported_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "{}garbage line\r\n{}{}",
            frame("{not json"),
            frame(good),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#)
        );
        let (sender, receiver) = crossbeam_channel::unbounded();
        read_loop(&mut io::Cursor::new(input), &sender);
        let methods: Vec<String> = receiver
            .try_iter()
            .map(|message| match message {
                Message::Notification(n) => n.method,
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(methods, [MALFORMED, "initialized", "exit"]);
    }

    /// The methods of the messages `input` yields, `MALFORMED` for each bad frame.
    fn methods(input: impl Into<Vec<u8>>) -> Vec<String> {
        let (sender, receiver) = crossbeam_channel::unbounded();
        read_loop(&mut io::Cursor::new(input.into()), &sender);
        receiver
            .try_iter()
            .map(|message| match message {
                Message::Notification(n) => n.method,
                Message::Request(r) => r.method,
                other => format!("{other:?}"),
            })
            .collect()
    }

    const INITIALIZED: &str = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
    const HOVER: &str = r#"{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}}"#;

    #[test]
    fn noise_between_frames_even_bytes_that_are_not_utf8_is_skipped() {
        let mut input = Vec::new();
        input.extend_from_slice(b"\xff\xfe garbage \x00\r\n");
        input.extend_from_slice(frame(INITIALIZED).as_bytes());
        input.extend_from_slice(b"\x80\x81 log line from a proxy\n\n");
        input.extend_from_slice(b"junk glued to a header ");
        input.extend_from_slice(frame(HOVER).as_bytes());
        // 100 kB of noise without a line break, then a frame.
        input.extend_from_slice(&vec![b'x'; 100_000]);
        input.extend_from_slice(frame(INITIALIZED).as_bytes());
        assert_eq!(
            methods(input),
            ["initialized", "textDocument/hover", "initialized"]
        );
    }

    #[test]
    fn bad_content_lengths_cost_one_frame_and_reading_resynchronises() {
        let bad = |header: &str| format!("{header}\r\n\r\n{INITIALIZED}{}", frame(HOVER));
        for header in [
            "Content-Length: 18446744073709551615",
            "Content-Length: 99999999999999999999999",
            "Content-Length: -5",
            "Content-Length: five",
            "Content-Length:",
            "Content-Type: application/vscode-jsonrpc; charset=utf-8",
        ] {
            assert_eq!(methods(bad(header)), ["textDocument/hover"], "{header}");
        }
        // Too short: the rest of the body is noise before the next frame.
        let short = format!("Content-Length: 10\r\n\r\n{INITIALIZED}{}", frame(HOVER));
        assert_eq!(methods(short), [MALFORMED, "textDocument/hover"]);
        // Too long: the body runs into the next frame, which is read again from its header.
        let long = format!(
            "Content-Length: {}\r\n\r\n{INITIALIZED}{}{}",
            INITIALIZED.len() + 30,
            frame(HOVER),
            frame(INITIALIZED)
        );
        assert_eq!(
            methods(long),
            [MALFORMED, "textDocument/hover", "initialized"]
        );
        // Header names are case-insensitive, and Content-Type may come first.
        let typed = format!(
            "Content-Type: application/vscode-jsonrpc\r\ncontent-length: {}\r\n\r\n{HOVER}",
            HOVER.len()
        );
        assert_eq!(methods(typed), ["textDocument/hover"]);
    }

    #[test]
    fn an_oversize_message_is_refused_without_allocating_it_and_reading_goes_on() {
        let length = MAX_MESSAGE + 1;
        let mut input = format!("Content-Length: {length}\r\n\r\n").into_bytes();
        input.resize(input.len() + length, b' ');
        input.extend_from_slice(frame(HOVER).as_bytes());
        let mut cursor = io::Cursor::new(input);
        let mut reader = FrameReader::new(&mut cursor);
        let first = reader.next_frame().expect("readable");
        assert!(matches!(first, Some(Frame::Oversize(problem, None)) if problem.contains("limit")));
        assert!(matches!(reader.next_frame(), Ok(Some(Frame::Message(_)))));
        assert!(matches!(reader.next_frame(), Ok(None)));
    }

    #[test]
    fn a_truncated_last_frame_is_reported_not_waited_for() {
        let input = format!("{}Content-Length: 500\r\n\r\n{{\"jsonrpc\"", frame(HOVER));
        let (sender, receiver) = crossbeam_channel::unbounded();
        read_loop(&mut io::Cursor::new(input), &sender);
        let frames: Vec<Message> = receiver.try_iter().collect();
        assert_eq!(frames.len(), 2);
        assert!(matches!(&frames[1], Message::Notification(n)
            if n.method == MALFORMED && n.params.as_str().is_some_and(|p| p.contains("ended"))));
    }

    #[test]
    fn an_oversize_request_keeps_its_id_for_the_error_answer() {
        let body = format!(
            r#"{{"jsonrpc":"2.0","id" : 42,"method":"textDocument/hover","params":{{"x":"{}"}}}}"#,
            " ".repeat(MAX_MESSAGE)
        );
        let mut input = format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
        input.extend_from_slice(frame(HOVER).as_bytes());
        let mut cursor = io::Cursor::new(input);
        let mut reader = FrameReader::new(&mut cursor);
        let first = reader.next_frame().expect("readable");
        assert!(
            matches!(&first, Some(Frame::Oversize(_, Some(id))) if *id == lsp_server::RequestId::from(42)),
            "{first:?}"
        );
        assert!(matches!(reader.next_frame(), Ok(Some(Frame::Message(_)))));
        assert_eq!(
            request_id(br#"{"id":"abc","method":"x"}"#),
            Some(lsp_server::RequestId::from("abc".to_owned()))
        );
        assert_eq!(request_id(br#"{"method":"didOpen"}"#), None);
    }
}
