//! Latency of the language server: a one-character `didChange` on a 2,000-line Markdown
//! document, until its `publishDiagnostics` arrives. The server runs in process (the same loop
//! `onbrand lsp` runs) over `Connection::memory()`, with the shipped guideline.
//!
//! Run: `cargo bench --bench lsp_latency`. Target: median ≤ 5 ms.
//!
//! The server keeps a [`onbrand::lint::cache::LintCache`] per open document, so an edit
//! re-checks and re-measures only the segment it changed; the rest of a round is parsing the
//! whole document again (0.4 ms), the document-level rules and tone dimensions, and turning
//! findings into diagnostics. The last line compares the engine cold and with the cache.
//!
//! On the 2-core reference machine, median / p90: before the cache 9.3 / 9.9 ms with 268
//! findings and 8.6 / 9.1 ms clean; with it 1.5 / 1.6 ms and 0.85 / 0.9 ms. Under load from
//! concurrent builds the p90 mostly shows scheduling delays (with the cache 1.7 / 5.9 ms).

use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

const LINES: usize = 2_000;
const ROUNDS: usize = 200;

/// Travel-blog copy, some of it off-brand, with headings, lists and links: 2,000 lines.
/// With `off_brand`, two of six paragraphs break the shipped guideline (a dense worst case);
/// without, the copy is clean and the figure is the cost of linting alone.
fn document(off_brand: bool) -> String {
    let paragraphs = [
        "Our team spent three weeks walking the coast from Porto to Vigo, and this guide collects what we learned along the way.",
        "Book your rooms early in summer: the small guesthouses fill up by May, and the larger hotels raise their prices in July.",
        "Send us an e-mail if a route description is out of date, and we will check it on our next trip.",
        "The revolutionary new planner syncs your tickets, so you can sign-up once and travel without paper.",
        "Trains run every hour between the larger towns; buses cover the villages, but not on Sundays.",
        "Pack light. A rain jacket, two pairs of socks per day of walking, and a phone charger are enough.",
    ];
    let paragraphs = paragraphs.map(|paragraph| {
        if off_brand {
            paragraph.to_owned()
        } else {
            paragraph
                .replace("e-mail", "email")
                .replace("The revolutionary new", "The new")
                .replace("sign-up", "sign up")
        }
    });
    let mut out = String::from("---\ntitle: Walking the coast\nlang: en\n---\n\n");
    let mut line = 5;
    let mut index = 0;
    while line < LINES {
        if index % 12 == 0 {
            out.push_str(&format!("## Day {} on the coast\n\n", index / 12 + 1));
        } else if index % 7 == 0 {
            out.push_str("- Bring water\n- Check the tide table at [the port](https://example.com/tides)\n\n");
            line += 1;
        } else {
            out.push_str(&paragraphs[index % paragraphs.len()]);
            out.push_str("\n\n");
        }
        line += 2;
        index += 1;
    }
    out
}

struct Client {
    connection: Connection,
    next_id: i32,
}

impl Client {
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request {
            id: id.clone(),
            method: method.to_owned(),
            params,
        };
        self.connection
            .sender
            .send(request.into())
            .expect("server alive");
        loop {
            match self.receive() {
                Message::Response(response) if response.id == id => {
                    return response.response_result.unwrap_or(Value::Null);
                }
                _ => {}
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        let notification = Notification {
            method: method.to_owned(),
            params,
        };
        self.connection
            .sender
            .send(notification.into())
            .expect("server alive");
    }

    fn receive(&self) -> Message {
        self.connection
            .receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("server answers")
    }

    /// Wait for the diagnostics of `version`; returns how many there were.
    fn diagnostics(&self, version: i32) -> usize {
        loop {
            if let Message::Notification(n) = self.receive()
                && n.method == "textDocument/publishDiagnostics"
                && n.params["version"] == version
            {
                return n.params["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    }
}

fn main() {
    measure(true);
    measure(false);
}

fn measure(off_brand: bool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("guide.md");
    let text = document(off_brand);
    assert!(
        text.lines().count() >= LINES,
        "{} lines",
        text.lines().count()
    );
    std::fs::write(&path, &text).expect("write document");
    let uri = format!("file://{}", path.display());

    let (server_side, client_side) = Connection::memory();
    let server = std::thread::spawn(move || onbrand::lsp::run(server_side));
    let mut client = Client {
        connection: client_side,
        next_id: 0,
    };
    let root = format!("file://{}", dir.path().display());
    client.request(
        "initialize",
        json!({ "capabilities": {}, "workspaceFolders": [{ "uri": root, "name": "bench" }] }),
    );
    client.notify("initialized", json!({}));
    let started = Instant::now();
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    );
    let findings = client.diagnostics(1);
    let first = started.elapsed();

    // Type a character in the middle of the document, then delete it again, and so on.
    let line = LINES / 2 + 1;
    let mut timings = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let version = i32::try_from(round).unwrap_or(i32::MAX) + 2;
        let change = if round % 2 == 0 {
            json!({ "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } }, "text": "x" })
        } else {
            json!({ "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 1 } }, "text": "" })
        };
        let sent = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
        client.diagnostics(version);
        timings.push(sent.elapsed());
    }
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let _ = server.join();

    // The engine alone (parse + lint), for comparison: what the server adds is the rest.
    let config = onbrand::config::Config::starter(dir.path()).expect("starter configuration");
    let settings = config.settings_for(&path);
    let mut engine = Vec::with_capacity(ROUNDS / 4);
    let mut parse = Vec::with_capacity(ROUNDS / 4);
    for _ in 0..ROUNDS / 4 {
        let started = Instant::now();
        let document =
            onbrand::document::Document::parse(onbrand::document::Format::Markdown, text.clone());
        parse.push(started.elapsed());
        let linted =
            onbrand::lint::lint_document(&path, document, &config.guideline, &settings, None);
        std::hint::black_box(linted);
        engine.push(started.elapsed());
    }
    engine.sort();
    parse.sort();

    // The engine with the server's per-document cache, on the same edits: parse + lint.
    let edited = {
        let at = text
            .match_indices('\n')
            .nth(line - 1)
            .map_or(0, |(offset, _)| offset + 1);
        let mut edited = text.clone();
        edited.insert(at, 'x');
        edited
    };
    let mut cache = onbrand::lint::cache::LintCache::new();
    let mut incremental = Vec::with_capacity(ROUNDS);
    for round in 0..=ROUNDS {
        let version = if round % 2 == 0 { &edited } else { &text };
        let started = Instant::now();
        let document = onbrand::document::Document::parse(
            onbrand::document::Format::Markdown,
            version.clone(),
        );
        let linted = onbrand::lint::lint_document(
            &path,
            document,
            &config.guideline,
            &settings,
            Some(&mut cache),
        );
        std::hint::black_box(linted);
        // The first round fills the cache.
        if round > 0 {
            incremental.push(started.elapsed());
        }
    }
    incremental.sort();

    timings.sort();
    let at = |q: f64| timings[((timings.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "lsp didChange → publishDiagnostics, {} lines, {} bytes, {findings} findings, {ROUNDS} rounds",
        text.lines().count(),
        text.len()
    );
    println!(
        "  median {:.2} ms   p90 {:.2} ms   min {:.2} ms   max {:.2} ms   (first lint on open {:.2} ms)",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(timings[0]),
        ms(timings[timings.len() - 1]),
        ms(first)
    );
    println!(
        "  engine alone: parse + lint median {:.2} ms cold (of which parse {:.2} ms), {:.2} ms incremental",
        ms(engine[engine.len() / 2]),
        ms(parse[parse.len() / 2]),
        ms(incremental[incremental.len() / 2])
    );
}
