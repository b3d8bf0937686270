//! `onbrand mcp` driven by a client nobody here wrote: the official MCP Python SDK (installed
//! by `.ci/run`). Without it the test fails under CI and is skipped with a note elsewhere.

use std::process::Command;

use serde_json::{Value, json};

const CONFIG: &str = "guideline = [\"guide.toml\"]\n";
const GUIDE: &str = r#"[[rule]]
id = "acme.email"
kind = "terminology"
severity = "error"
description = "Write email."
terms = [{ use = "email", not = ["e-mail"] }]
examples = { bad = ["Send an e-mail."], good = ["Send an email."] }

[[rule]]
id = "acme.doubled"
kind = "repetition"

[tone]
min-words = 1

[tone.channels.email]
sentence-length = { max = 3 }
"#;

fn python_sdk_present() -> bool {
    Command::new("python3")
        .args(["-c", "import mcp"])
        .status()
        .is_ok_and(|status| status.success())
}

#[test]
fn the_official_python_client_initializes_lists_and_calls_every_tool() {
    if !python_sdk_present() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install the MCP Python SDK (pip install mcp)"
        );
        eprintln!("skipped: the MCP Python SDK is not installed (pip install mcp)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("onbrand.toml"), CONFIG).expect("config");
    std::fs::write(dir.path().join("guide.toml"), GUIDE).expect("guide");
    let output = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mcp/client.py"))
        .arg(env!("CARGO_BIN_EXE_onbrand"))
        .arg(dir.path())
        .output()
        .expect("run the Python client");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_slice(&output.stdout).expect("JSON from the client");
    let tools = json!([
        "check_copy",
        "explain_rule",
        "fix_copy",
        "list_rules",
        "measure_tone"
    ]);
    assert_eq!(answer["tools"], tools);
    assert_eq!(
        answer["output_schemas"], tools,
        "every tool declares its result schema"
    );
    let results = &answer["results"];
    for name in tools.as_array().expect("names") {
        assert_eq!(
            results[name.as_str().expect("name")]["is_error"],
            false,
            "{name}"
        );
    }
    assert_eq!(
        results["check_copy"]["structured"],
        json!({"pass": false, "problems": [{
            "rule": "acme.email", "severity": "error", "line": 1, "column": 9, "end_line": 1,
            "end_column": 15, "text": "e-mail", "message": "Use 'email' instead of 'e-mail'.",
            "replacement": "email", "applicability": "safe"
        }]})
    );
    assert_eq!(
        answer["fix_copy_input"],
        json!(["channel", "format", "language", "path", "text", "unsafe"])
    );
    // Without `unsafe`, the doubled word is left and counted; with it, it is fixed too.
    let safe_only = &results["fix_copy_safe"]["structured"];
    assert_eq!(safe_only["text"], "Send the the email.");
    assert_eq!(safe_only["unsafe_fixes_left"], 1);
    assert_eq!(
        safe_only["remaining"],
        json!([{
            "rule": "acme.doubled", "severity": "warning", "line": 1, "column": 6,
            "end_line": 1, "end_column": 13, "text": "the the",
            "message": "Repeated word: 'the the'.", "replacement": "the", "applicability": "unsafe"
        }])
    );
    let unsafe_too = &results["fix_copy_unsafe"]["structured"];
    assert_eq!(unsafe_too["text"], "Send the email.");
    assert_eq!(unsafe_too["unsafe_fixes_left"], 0);
    let applied: Vec<(&Value, &Value)> = unsafe_too["applied"]
        .as_array()
        .expect("applied")
        .iter()
        .map(|fix| (&fix["rule"], &fix["applicability"]))
        .collect();
    assert_eq!(
        applied,
        [
            (&json!("acme.doubled"), &json!("unsafe")),
            (&json!("acme.email"), &json!("safe"))
        ]
    );
    let fixed = &results["fix_copy"]["structured"];
    assert_eq!(fixed["text"], "Send an email today.");
    assert_eq!(fixed["pass"], true);
    assert_eq!(fixed["applied"][0]["replacement"], "email");
    assert_eq!(fixed["remaining"], json!([]));
    // Tone against the email channel's target (sentence length at most 3 words): the one
    // dimension with a range says which way to revise; the others are measured, no target.
    let tone = &results["measure_tone"]["structured"];
    assert_eq!(
        (&tone["words"], &tone["channel"]),
        (&json!(4), &json!("email"))
    );
    let dimensions = tone["dimensions"].as_array().expect("dimensions");
    assert_eq!(
        dimensions[0],
        json!({"name": "sentence-length", "value": 4.0, "min": null, "max": 3.0, "verdict": "above"})
    );
    let verdicts: std::collections::BTreeSet<&str> = dimensions[1..]
        .iter()
        .map(|dimension| dimension["verdict"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(verdicts, ["no-target", "unmeasured"].into_iter().collect());
    assert_eq!(
        results["explain_rule"]["structured"]["bad_examples"],
        json!(["Send an e-mail."])
    );
    assert_eq!(
        results["list_rules"]["structured"],
        json!({"rules": [
            {"id": "acme.email", "severity": "error", "description": "Write email."},
            {"id": "acme.doubled", "severity": "warning", "description": null}
        ]})
    );
    assert_eq!(answer["missing_rule"]["is_error"], true);
    assert!(
        answer["missing_rule"]["text"]
            .as_str()
            .unwrap_or("")
            .contains("unknown_rule")
    );
    assert_eq!(answer["resources"], json!(["onbrand://guideline"]));
    assert!(
        answer["guideline"]
            .as_str()
            .unwrap_or("")
            .contains("acme.email")
    );
}

/// JSON-RPC 2.0 over the raw stdio protocol: a line that is not JSON is answered with a Parse
/// error (-32700, id null), and the session goes on; JSON that is not a message is rmcp's
/// Invalid Request (-32600).
#[test]
fn a_line_that_is_not_json_gets_a_parse_error_and_the_session_goes_on() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::Duration;

    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("onbrand.toml"), CONFIG).expect("config");
    std::fs::write(dir.path().join("guide.toml"), GUIDE).expect("guide");
    let mut server = Command::new(env!("CARGO_BIN_EXE_onbrand"))
        .arg("mcp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start onbrand mcp");
    let mut stdin = server.stdin.take().expect("stdin");
    let stdout = server.stdout.take().expect("stdout");
    let (lines, answers) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut send = |line: &str| {
        stdin.write_all(line.as_bytes()).expect("write");
        stdin.write_all(b"\n").expect("write");
        stdin.flush().expect("flush");
    };
    let answer = || -> Value {
        let line = answers
            .recv_timeout(Duration::from_secs(20))
            .expect("an answer within 20 s");
        serde_json::from_str(&line).expect("a JSON line")
    };
    send(
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"#,
    );
    assert_eq!(answer()["id"], 1);
    send(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
    send("this is not JSON at all");
    let parse_error = answer();
    assert_eq!(parse_error["jsonrpc"], "2.0");
    assert_eq!(parse_error["id"], Value::Null);
    assert_eq!(parse_error["error"]["code"], -32700);
    send(r#"{"jsonrpc": "2.0", "id": 2, "method""#);
    assert_eq!(answer()["error"]["code"], -32700);
    send(r#"{"not": "a message"}"#);
    assert_eq!(answer()["error"]["code"], -32600);
    send(r#"{"jsonrpc":"2.0","id":3,"method":"tools/list"}"#);
    let tools = answer();
    assert_eq!(tools["id"], 3);
    assert_eq!(tools["result"]["tools"].as_array().map(Vec::len), Some(5));
    drop(stdin);
    let status = server.wait().expect("the server ends");
    assert!(status.success(), "{status}");
}
