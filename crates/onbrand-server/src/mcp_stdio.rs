//! The lines of `onbrand mcp`'s standard input and output, in front of rmcp's own transport: a
//! line that is not JSON gets JSON-RPC 2.0's answer to it, a Parse error (-32700) with a null
//! id, where rmcp would stay silent and leave the client waiting.
//!
//! rmcp drops unparsable lines on purpose (its issue #938: answering garbage can feed an error
//! storm with a peer that echoes what it receives). The answer here is itself a JSON-RPC
//! response, which no conforming peer answers, and only lines that are not JSON at all get it:
//! JSON that is not a valid message, blank lines, oversized lines and a last line without its
//! newline go to rmcp (or are dropped) exactly as before, so every other behaviour stays rmcp's.

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// rmcp's own limit on a line: longer ones are dropped, by rmcp and here, without an answer.
const MAX_LINE: usize = rmcp::transport::async_rw::DEFAULT_MAX_LINE_LENGTH;

/// Bytes in flight between the front and rmcp.
const PIPE_BYTES: usize = 64 * 1024;

/// Put the front between `input`/`output` and rmcp: returns the stream rmcp serves on, and the
/// task that writes the answers, which ends once rmcp has closed its side (await it so that every
/// answer is written). Reading goes on in its own task until the input ends.
pub fn front<R, W>(input: R, output: W) -> (tokio::io::DuplexStream, JoinHandle<()>)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (ours, rmcp_side) = tokio::io::duplex(PIPE_BYTES);
    let (from_rmcp, to_rmcp) = tokio::io::split(ours);
    let (errors, error_lines) = mpsc::unbounded_channel();
    // An I/O error on standard input or output ends the session; there is no one to tell.
    tokio::spawn(inbound(BufReader::new(input), to_rmcp, errors));
    let outbound = tokio::spawn(async move {
        let _ = outbound(BufReader::new(from_rmcp), error_lines, output).await;
    });
    (rmcp_side, outbound)
}

/// Standard input to rmcp, line by line; a line that is not JSON becomes a parse error for
/// `errors` instead.
async fn inbound<R: AsyncBufRead + Unpin, W: AsyncWrite + Unpin>(
    mut input: R,
    mut to_rmcp: W,
    errors: mpsc::UnboundedSender<Vec<u8>>,
) -> std::io::Result<()> {
    let mut line = Vec::new();
    while let Some(whole) = next_line(&mut input, &mut line).await? {
        if !whole {
            continue;
        }
        match parse_error(&line) {
            Some(answer) => {
                if errors.send(answer).is_err() {
                    break;
                }
            }
            None => {
                to_rmcp.write_all(&line).await?;
                to_rmcp.flush().await?;
            }
        }
    }
    to_rmcp.shutdown().await
}

/// rmcp's answers and the parse errors to standard output, each line whole, until rmcp closes
/// its side; the parse errors queued by then are written too.
async fn outbound<R: AsyncBufRead + Unpin, W: AsyncWrite + Unpin>(
    mut from_rmcp: R,
    mut errors: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: W,
) -> std::io::Result<()> {
    let mut line = Vec::new();
    let mut errors_open = true;
    loop {
        tokio::select! {
            read = from_rmcp.read_until(b'\n', &mut line) => {
                if read? == 0 {
                    break;
                }
                output.write_all(&line).await?;
                line.clear();
            }
            error = errors.recv(), if errors_open => match error {
                Some(error) => output.write_all(&error).await?,
                None => errors_open = false,
            },
        }
        output.flush().await?;
    }
    while let Ok(error) = errors.try_recv() {
        output.write_all(&error).await?;
    }
    output.flush().await
}

/// The next line of `input` into `line`, newline included: `Some(true)` for a line to look at,
/// `Some(false)` for one over [`MAX_LINE`] (dropped), `None` at the end (a last line without
/// its newline is no message and is dropped, as rmcp does). Never holds more than `MAX_LINE`.
async fn next_line<R: AsyncBufRead + Unpin>(
    input: &mut R,
    line: &mut Vec<u8>,
) -> std::io::Result<Option<bool>> {
    line.clear();
    let mut oversized = false;
    loop {
        let available = input.fill_buf().await?;
        if available.is_empty() {
            return Ok(None);
        }
        let newline = available.iter().position(|&byte| byte == b'\n');
        let take = newline.map_or(available.len(), |at| at + 1);
        if !oversized {
            if line.len() + take > MAX_LINE {
                oversized = true;
                line.clear();
            } else {
                line.extend_from_slice(&available[..take]);
            }
        }
        input.consume(take);
        if newline.is_some() {
            return Ok(Some(!oversized));
        }
    }
}

/// The JSON-RPC parse error that answers `line`, when it is not JSON at all (nor blank).
fn parse_error(line: &[u8]) -> Option<Vec<u8>> {
    let text = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    if text.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let error = serde_json::from_slice::<serde::de::IgnoredAny>(text).err()?;
    if !matches!(
        error.classify(),
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof
    ) {
        return None;
    }
    let answer = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32700, "message": format!("Parse error: {error}") },
    });
    let mut answer = serde_json::to_vec(&answer).ok()?;
    answer.push(b'\n');
    Some(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_that_are_not_json_get_a_parse_error() {
        let answer = parse_error(b"this is not json\n").expect("an answer");
        let answer: serde_json::Value = serde_json::from_slice(&answer).expect("JSON");
        assert_eq!(answer["error"]["code"], -32700);
        assert_eq!(answer["id"], serde_json::Value::Null);
        assert!(parse_error(b"{\"jsonrpc\": \"2.0\", \"method\"").is_some());
        for rmcps in [
            &b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"[..],
            b"{\"not\": \"a message\"}\n",
            b"[1, 2]\n",
            b"\xEF\xBB\xBF{}\n",
            b"  \r\n",
        ] {
            assert_eq!(
                parse_error(rmcps),
                None,
                "{}",
                String::from_utf8_lossy(rmcps)
            );
        }
    }

    #[tokio::test]
    async fn oversized_and_unfinished_lines_are_dropped() {
        let mut input = Vec::new();
        input.extend(std::iter::repeat_n(b'x', MAX_LINE + 1));
        input.extend_from_slice(b"\n{}\nlast");
        let mut reader = BufReader::new(&input[..]);
        let mut line = Vec::new();
        assert_eq!(
            next_line(&mut reader, &mut line).await.ok(),
            Some(Some(false))
        );
        assert!(line.len() <= MAX_LINE);
        assert_eq!(
            next_line(&mut reader, &mut line).await.ok(),
            Some(Some(true))
        );
        assert_eq!(line, b"{}\n");
        assert_eq!(next_line(&mut reader, &mut line).await.ok(), Some(None));
    }
}
