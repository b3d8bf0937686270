//! Standard input/output framing for the language server.
//!
//! `lsp_server::Connection::stdio` ends its reader thread at the first payload that is not a
//! valid JSON-RPC message, which takes the whole server down with it. Editors and plugins do
//! send garbage now and then (a half-written message from a crashed extension, a proxy that
//! logs to stdout), and one bad message must not cost the writer their diagnostics. This reader
//! reports a bad message to the main loop as a [`MALFORMED`] notification, which the loop logs
//! with `window/logMessage`, and keeps reading.

use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

use crossbeam_channel::Sender;
use lsp_server::{Connection, Message, Notification};

/// The internal notification the reader sends for a message it could not parse.
/// `$/` methods are the protocol's "may be ignored" namespace, so no client ever sends this one.
pub const MALFORMED: &str = "$/onbrand/malformedMessage";

/// The largest message read: four times onbrand's document size limit, for JSON escaping.
const MAX_MESSAGE: usize = 4 * crate::document::DEFAULT_SIZE_LIMIT as usize;

/// One frame read from the stream.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// A frame that could not be read as a message: what was wrong with it.
    Malformed(String),
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
    loop {
        let message = match read_frame(input) {
            Ok(Some(Frame::Message(message))) => message,
            Ok(Some(Frame::Malformed(problem))) => malformed(problem),
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
///
/// Header lines that are not `Name: value` are skipped (and reported): the body length is all
/// that matters, and a stray line of log output before a header must not end the session.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut problems = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            // A blank line before any header: skip it, as if it were noise between frames.
            continue;
        }
        match header.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(value) => length = Some(value),
                    Err(_) => problems.push(format!("bad Content-Length header {header:?}")),
                }
            }
            Some(_) => {} // Content-Type and future headers
            None => problems.push(format!("not a header: {header:?}")),
        }
    }
    let length = length.unwrap_or_default();
    if length > MAX_MESSAGE {
        // Skip the body without allocating what a broken or hostile header asks for.
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Some(Frame::Malformed(format!(
            "message of {length} bytes is over the {MAX_MESSAGE}-byte limit"
        ))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    if !problems.is_empty() {
        // The frame still parsed; report the noise before it but keep the message.
        log_to_stderr(&problems.join("; "));
    }
    let text = match String::from_utf8(body) {
        Ok(text) => text,
        Err(error) => {
            return Ok(Some(Frame::Malformed(format!(
                "message body is not UTF-8: {error}"
            ))));
        }
    };
    Ok(Some(match serde_json::from_str::<Message>(&text) {
        Ok(message) => Frame::Message(message),
        Err(error) => Frame::Malformed(format!(
            "not a JSON-RPC message ({error}): {}",
            abbreviate(&text)
        )),
    }))
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

    #[test]
    fn a_huge_content_length_is_refused_without_allocating_it() {
        let input = "Content-Length: 18446744073709551615\r\n\r\n{}";
        let frame = read_frame(&mut io::Cursor::new(input)).expect("readable");
        assert!(matches!(frame, Some(Frame::Malformed(problem)) if problem.contains("limit")));
    }
}
