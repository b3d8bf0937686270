//! `onbrand serve` through its real protocol: the binary on an ephemeral loopback port, driven
//! with plain HTTP/1.1 over TCP (so that a test can also be a slow or broken client).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A running server; killed when dropped.
struct Server {
    child: Child,
    address: String,
    log: std::sync::mpsc::Receiver<String>,
}

impl Server {
    fn start(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_onbrand"));
        command
            .current_dir(dir)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("start onbrand serve");
        let stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let (sender, log) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let first = log
            .recv_timeout(Duration::from_secs(60))
            .expect("the server prints its address");
        let address = first
            .rsplit("http://")
            .next()
            .expect("an address")
            .to_owned();
        Server {
            child,
            address,
            log,
        }
    }

    /// Send raw bytes, read the whole answer: status and JSON (or text) body.
    fn raw(&self, request: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream.write_all(request).expect("send");
        read_response(&mut stream)
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        token: Option<&str>,
    ) -> (u16, String) {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n");
        if let Some(token) = token {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        let body = body.unwrap_or("");
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ));
        self.raw(head.as_bytes())
    }

    fn json(&self, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
        let (status, body) = self.request(method, path, body, None);
        (
            status,
            serde_json::from_str(&body).unwrap_or(Value::String(body)),
        )
    }

    /// Wait for a log line containing `needle`.
    fn wait_for_log(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(line) = self.log.recv_timeout(Duration::from_millis(200))
                && line.contains(needle)
            {
                return line;
            }
        }
        panic!("no log line with {needle:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_response(stream: &mut TcpStream) -> (u16, String) {
    let mut text = String::new();
    stream.read_to_string(&mut text).expect("read answer");
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
    let body = text.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    (status, body.to_owned())
}

fn error_code(value: &Value) -> &str {
    value["error"]["code"].as_str().unwrap_or("")
}

const CONFIG: &str = "guideline = [\"guide.toml\"]\n[channels.blog]\ninclude = [\"blog/**\"]\n";
const GUIDE: &str = r#"[[rule]]
id = "acme.email"
kind = "terminology"
severity = "error"
description = "Write email."
terms = [{ use = "email", not = ["e-mail"] }]
examples = { bad = ["Send an e-mail."], good = ["Send an email."] }
"#;

/// A folder with a configuration and a one-rule guideline, and a server on it.
fn project() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("onbrand.toml"), CONFIG).expect("write config");
    std::fs::write(dir.path().join("guide.toml"), GUIDE).expect("write guide");
    let server = Server::start(dir.path(), &["--request-timeout-ms", "1500"], &[]);
    (dir, server)
}

#[test]
fn check_fix_and_rules_answer_in_the_documented_schema() {
    let (_dir, server) = project();
    let (status, check) = server.json(
        "POST",
        "/v1/check",
        Some(r#"{"text": "Schreib uns: 😀 send an e-mail today.", "path": "blog/a.md"}"#),
    );
    assert_eq!(status, 200, "{check}");
    assert_eq!(check["version"], 1);
    assert_eq!(
        check["verdict"],
        serde_json::json!({"pass": false, "fail_on": "error"})
    );
    let file = &check["files"][0];
    assert_eq!(file["path"], "blog/a.md");
    assert_eq!(file["format"], "markdown");
    assert_eq!(file["channel"], "blog");
    let finding = &file["findings"][0];
    assert_eq!(finding["rule"], "acme.email");
    assert_eq!(finding["text"], "e-mail");
    // Columns count characters: the emoji is one.
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(1), Some(24))
    );
    assert_eq!(finding["fixes"], serde_json::json!(["email"]));
    assert_eq!(check["summary"]["errors"], 1);

    let (status, fixed) = server.json(
        "POST",
        "/v1/fix",
        Some(r#"{"text": "Send an e-mail.", "format": "text"}"#),
    );
    assert_eq!(status, 200, "{fixed}");
    assert_eq!(fixed["text"], "Send an email.");
    assert_eq!(
        fixed["applied"],
        serde_json::json!([{"rule": "acme.email", "line": 1, "column": 9, "text": "e-mail", "replacement": "email", "applicability": "safe"}])
    );
    assert_eq!(fixed["unsafe_fixes_left"], 0);
    assert_eq!(fixed["remaining"]["verdict"]["pass"], true);

    let (status, rules) = server.json("GET", "/v1/rules", None);
    assert_eq!(status, 200);
    assert_eq!(rules["rules"][0]["id"], "acme.email");
    let (status, rule) = server.json("GET", "/v1/rules/acme.email", None);
    assert_eq!(status, 200);
    assert_eq!(rule["bad_examples"], serde_json::json!(["Send an e-mail."]));
    assert_eq!(rule["description"], "Write email.");

    let (status, metrics) = server.request("GET", "/metrics", None, None);
    assert_eq!(status, 200);
    assert!(
        metrics.contains(r#"onbrand_findings_total{rule="acme.email"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            r#"onbrand_http_requests_total{route="/v1/check",method="POST",status="200"} 1"#
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains("onbrand_http_request_duration_seconds_bucket"),
        "{metrics}"
    );
}

/// `/v1/fix` makes safe fixes only and counts the unsafe ones it left; `"unsafe": true` makes
/// those too, each fix with all of its edits (the fix-all of a document-level finding). The
/// flag is a boolean, and a misspelt field is still refused.
#[test]
fn fix_applies_unsafe_fixes_only_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("onbrand.toml"),
        "guideline = [\"guide.toml\"]\n",
    )
    .expect("config");
    let guide = format!(
        "{GUIDE}\n[[rule]]\nid = \"acme.doubled\"\nkind = \"repetition\"\n\n\
         [[rule]]\nid = \"acme.spelling\"\nkind = \"consistency\"\nignore-case = true\n\
         variants = [[\"grüße\"], [\"gruesse\"]]\n"
    );
    std::fs::write(dir.path().join("guide.toml"), guide).expect("guide");
    let server = Server::start(dir.path(), &[], &[]);
    let text = "Grüße 😀 und grüße, die die e-mail, gruesse 中文 Gruesse.";
    let body = |extra: &str| format!(r#"{{"text": "{text}", "format": "text"{extra}}}"#);

    let (status, safe) = server.json("POST", "/v1/fix", Some(&body("")));
    assert_eq!(status, 200, "{safe}");
    assert_eq!(
        safe["text"],
        "Grüße 😀 und grüße, die die email, gruesse 中文 Gruesse."
    );
    assert_eq!(safe["unsafe_fixes_left"], 2);
    let left = &safe["remaining"]["files"][0]["findings"];
    let consistency = left
        .as_array()
        .expect("findings")
        .iter()
        .find(|finding| finding["rule"] == "acme.spelling")
        .expect("the consistency finding is left");
    assert_eq!(consistency["fix_details"][0]["applicability"], "unsafe");
    let edits: Vec<(&Value, &Value)> = consistency["fix_details"][0]["edits"]
        .as_array()
        .expect("edits")
        .iter()
        .map(|edit| (&edit["column"], &edit["replacement"]))
        .collect();
    assert_eq!(
        edits,
        [(&json!(35), &json!("grüße")), (&json!(46), &json!("Grüße"))],
        "one fix, an edit at each place, columns in characters"
    );

    let (status, all) = server.json("POST", "/v1/fix", Some(&body(r#", "unsafe": true"#)));
    assert_eq!(status, 200, "{all}");
    assert_eq!(
        all["text"],
        "Grüße 😀 und grüße, die email, grüße 中文 Grüße."
    );
    assert_eq!(all["unsafe_fixes_left"], 0);
    assert_eq!(all["applied"].as_array().map(Vec::len), Some(3));

    let (status, error) = server.json("POST", "/v1/fix", Some(&body(r#", "unsafe": "yes""#)));
    assert_eq!(status, 400);
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("`unsafe` is true or false"),
        "{error}"
    );
    let (status, error) = server.json("POST", "/v1/fix", Some(&body(r#", "unsave": true"#)));
    assert_eq!(status, 400);
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("unknown field `unsave`"),
        "{error}"
    );
}

#[test]
fn every_error_is_a_json_error_with_its_status() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("onbrand.toml"), CONFIG).expect("config");
    std::fs::write(dir.path().join("guide.toml"), GUIDE).expect("guide");
    let server = Server::start(
        dir.path(),
        &[
            "--max-body-bytes",
            "2000",
            "--max-document-bytes",
            "100",
            "--request-timeout-ms",
            "800",
        ],
        &[],
    );
    let cases: [(&str, &str, Option<String>, u16, &str); 9] = [
        (
            "POST",
            "/v1/check",
            Some("{\"text\": ".to_owned()),
            400,
            "invalid_json",
        ),
        (
            "POST",
            "/v1/check",
            Some(r#"{"txt": "a"}"#.to_owned()),
            400,
            "invalid_json",
        ),
        (
            "POST",
            "/v1/check",
            Some(r#"{"text": "a", "format": "docx"}"#.to_owned()),
            400,
            "unknown_format",
        ),
        (
            "POST",
            "/v1/check",
            Some(r#"{"text": "a", "language": "??"}"#.to_owned()),
            400,
            "invalid_language",
        ),
        (
            "POST",
            "/v1/check",
            Some(r#"{"text": "a", "channel": "tv"}"#.to_owned()),
            400,
            "unknown_channel",
        ),
        (
            "POST",
            "/v1/check",
            Some(format!(r#"{{"text": "{}"}}"#, "a".repeat(3000))),
            413,
            "body_too_large",
        ),
        (
            "POST",
            "/v1/fix",
            Some(format!(r#"{{"text": "{}"}}"#, "ä".repeat(60))),
            413,
            "document_too_large",
        ),
        ("GET", "/v1/nothing", None, 404, "not_found"),
        ("DELETE", "/v1/rules", None, 405, "method_not_allowed"),
    ];
    for (method, path, body, status, code) in cases {
        let (got, value) = server.json(method, path, body.as_deref());
        assert_eq!(
            (got, error_code(&value)),
            (status, code),
            "{method} {path}: {value}"
        );
        assert!(!value["error"]["message"].as_str().unwrap_or("").is_empty());
    }
    let (status, value) = server.json("GET", "/v1/rules/acme.nothing", None);
    assert_eq!((status, error_code(&value)), (404, "unknown_rule"));

    // A slow client: announces a body and sends half of it.
    let started = Instant::now();
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    stream
        .write_all(b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Length: 40\r\n\r\n{\"text\": ")
        .expect("send");
    let (status, body) = read_response(&mut stream);
    let value: Value = serde_json::from_str(&body).expect("JSON error");
    assert_eq!((status, error_code(&value)), (408, "request_timeout"));
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_token_is_required_when_configured_but_not_for_health() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(
        dir.path(),
        &["--token-env", "ONBRAND_TEST_TOKEN"],
        &[("ONBRAND_TEST_TOKEN", "s3cret")],
    );
    let body = Some(r#"{"text": "Hello."}"#);
    let (status, answer) = server.request("POST", "/v1/check", body, None);
    assert_eq!(status, 401);
    assert_eq!(
        error_code(&serde_json::from_str(&answer).expect("json")),
        "missing_token"
    );
    let (status, answer) = server.request("POST", "/v1/check", body, Some("guess"));
    assert_eq!(status, 401);
    assert_eq!(
        error_code(&serde_json::from_str(&answer).expect("json")),
        "invalid_token"
    );
    assert_eq!(server.request("GET", "/metrics", None, None).0, 401);
    assert_eq!(
        server.request("POST", "/v1/check", body, Some("s3cret")).0,
        200
    );
    assert_eq!(server.request("GET", "/healthz", None, None).0, 200);
}

#[test]
fn edits_reload_and_a_broken_edit_keeps_the_last_good_guideline() {
    let (dir, server) = project();
    let text = Some(r#"{"text": "Send an e-mail or a fax."}"#);
    let count = |server: &Server| {
        server.json("POST", "/v1/check", text).1["files"][0]["findings"]
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(count(&server), 1);

    let with_fax = GUIDE.replace(
        "not = [\"e-mail\"]",
        "not = [\"e-mail\"] }, { use = \"email\", not = [\"fax\"]",
    );
    std::fs::write(dir.path().join("guide.toml"), with_fax).expect("edit");
    server.wait_for_log("reloaded after file change");
    assert_eq!(count(&server), 2);

    std::fs::write(dir.path().join("guide.toml"), "[[rule]]\nid = \n").expect("break");
    server.wait_for_log("failed; keeping the last good guideline");
    assert_eq!(count(&server), 2, "the last good guideline stays in force");
    let (_, health) = server.json("GET", "/healthz", None);
    assert_eq!(health["status"], "degraded");
    assert!(
        health["guideline"]["reload_error"]
            .as_str()
            .unwrap_or("")
            .contains("guide.toml:2"),
        "{health}"
    );

    // SIGHUP reloads too: restore the original and signal.
    std::fs::write(dir.path().join("guide.toml"), GUIDE).expect("restore");
    server.wait_for_log("reloaded after");
    let status = Command::new("kill")
        .args(["-HUP", &server.child.id().to_string()])
        .status();
    assert!(status.is_ok_and(|status| status.success()));
    server.wait_for_log("reloaded after SIGHUP");
    assert_eq!(server.json("GET", "/healthz", None).1["status"], "ok");
    assert_eq!(count(&server), 1);
}

#[test]
fn sigterm_finishes_requests_in_flight() {
    let (_dir, mut server) = project();
    // A request in flight: headers sent, body still coming.
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    let body = r#"{"text": "Send an e-mail."}"#;
    stream
        .write_all(format!("POST /v1/check HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes())
        .expect("send head");
    std::thread::sleep(Duration::from_millis(200));
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status();
    assert!(status.is_ok_and(|status| status.success()));
    server.wait_for_log("shutting down");
    stream.write_all(body.as_bytes()).expect("send body");
    let (status, answer) = read_response(&mut stream);
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("acme.email"));
    let exit = server.child.wait().expect("exit");
    assert!(exit.success(), "{exit:?}");
    assert!(
        TcpStream::connect(&server.address).is_err(),
        "no longer listening"
    );
}

#[test]
fn openapi_describes_exactly_the_routes_served() {
    let (_dir, server) = project();
    let (status, spec) = server.json("GET", "/v1/openapi.json", None);
    assert_eq!(status, 200);
    let mut documented: Vec<(String, String)> = spec["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, operations)| {
            operations
                .as_object()
                .expect("operations")
                .keys()
                .map(|method| (method.to_uppercase(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut served: Vec<(String, String)> = onbrand_server::http::routes()
        .iter()
        .map(|route| (route.method.to_string(), route.path.to_owned()))
        .collect();
    documented.sort();
    served.sort();
    assert_eq!(documented, served);
    // And every documented operation answers on the live server (not 404/405).
    for (method, path) in &documented {
        let path = path.replace("{id}", "acme.email");
        let body = (method == "POST").then_some(r#"{"text": "Hi."}"#);
        let (status, _) = server.request(method, &path, body, None);
        assert_eq!(status, 200, "{method} {path}");
    }
}

/// Slowloris: clients that send their headers a piece at a time, or nothing, are disconnected
/// after the header timeout, and while they hang on, with every connection slot but one taken,
/// an honest client is still answered.
#[test]
fn slow_and_idle_clients_are_cut_off_and_cannot_starve_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(
        dir.path(),
        &["--header-timeout-ms", "1500", "--max-connections", "4"],
        &[],
    );
    let started = Instant::now();
    let mut slow: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(&server.address).expect("connect"))
        .collect();
    slow[0]
        .write_all(b"POST /v1/check HTTP/1.1\r\nHost: t\r\n")
        .expect("half a header");
    slow[1].write_all(b"GE").expect("two bytes");
    // slow[2] sends nothing at all.
    let (status, _) = server.json("GET", "/healthz", None);
    assert_eq!(
        status, 200,
        "an honest client is answered beside three slow ones"
    );
    for (index, stream) in slow.iter_mut().enumerate() {
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        let mut rest = Vec::new();
        // The server closes the connection (end of stream) instead of waiting forever.
        let closed = stream.read_to_end(&mut rest);
        assert!(
            closed.is_ok(),
            "slow client {index} was not disconnected: {closed:?}"
        );
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(1400) && elapsed < Duration::from_secs(15),
        "{elapsed:?}"
    );
    // The slots are free again.
    assert_eq!(server.json("GET", "/healthz", None).0, 200);
}

/// Under concurrent load the server keeps a fixed set of threads: tokio's blocking pool would
/// otherwise start a thread for a check that found none idle, and every new thread brought its
/// own caches and allocator arena (memory crept up round after round).
#[cfg(target_os = "linux")]
#[test]
fn concurrent_checks_do_not_start_new_threads() {
    let (_dir, server) = project();
    let body = json!({ "text": "Send an e-mail about the launch. ".repeat(400) }).to_string();
    let clients: Vec<_> = (0..48)
        .map(|_| {
            let address = server.address.clone();
            let body = body.clone();
            std::thread::spawn(move || {
                let request = format!(
                    "POST /v1/check HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                (0..30)
                    .map(|_| {
                        let mut stream = TcpStream::connect(&address).expect("connect");
                        stream.write_all(request.as_bytes()).expect("send");
                        read_response(&mut stream).0
                    })
                    .collect::<Vec<u16>>()
            })
        })
        .collect();
    for client in clients {
        let statuses = client.join().expect("a client thread");
        assert!(statuses.iter().all(|&status| status == 200), "{statuses:?}");
    }
    let threads = std::fs::read_dir(format!("/proc/{}/task", server.child.id()))
        .expect("the server's threads")
        .count();
    // The main thread, one async worker per core, the blocking pool (the lint slots, one more
    // than the cores, and two spares) and the file watcher's thread.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let most = 1 + cores + (cores + 1 + 2) + 1;
    assert!(
        threads <= most,
        "{threads} threads, at most {most} expected"
    );
}
