//! Protocol tests for `onbrand lsp`: the server loop runs on a thread, the test is the client,
//! talking over `lsp_server::Connection::memory()`.
//!
//! Every test lints with its own guideline (tests/fixtures/lsp, copied to a temp folder), so
//! changes to the shipped rules never break these tests.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{CodeAction, CodeActionOrCommand, PublishDiagnosticsParams, TextEdit, Uri};
use onbrand::position::{ColumnUnit, LineIndex};
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(20);

/// Copy of the fixture guideline in a temp folder.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp");
    std::fs::create_dir_all(dir.path().join("rules")).expect("rules dir");
    for file in ["onbrand.toml", "rules/test.toml"] {
        std::fs::copy(fixture.join(file), dir.path().join(file)).expect("copy fixture");
    }
    dir
}

fn file_uri(path: &Path) -> Uri {
    onbrand::lsp::documents::path_to_uri(path).expect("file uri")
}

struct Client {
    connection: Connection,
    /// The server's end until `spawn` hands it to the server thread: messages sent before
    /// that queue up, as a burst does in a busy editor.
    server_side: Option<Connection>,
    server: Option<JoinHandle<Result<bool, String>>>,
    /// Notifications and server requests received while waiting for something else.
    inbox: VecDeque<Message>,
    next_id: i32,
    unit: ColumnUnit,
    workspace: tempfile::TempDir,
}

impl Client {
    /// A client whose capabilities are `capabilities`, initialized.
    fn start(capabilities: Value) -> Client {
        let mut client = Client::unstarted();
        client.spawn();
        client.initialize(capabilities);
        client
    }

    fn unstarted() -> Client {
        let (server_side, client_side) = Connection::memory();
        Client {
            connection: client_side,
            server_side: Some(server_side),
            server: None,
            inbox: VecDeque::new(),
            next_id: 0,
            unit: ColumnUnit::Utf16,
            workspace: workspace(),
        }
    }

    fn spawn(&mut self) {
        let server_side = self.server_side.take().expect("server side");
        self.server = Some(std::thread::spawn(move || onbrand::lsp::run(server_side)));
    }

    fn initialize(&mut self, capabilities: Value) -> Value {
        let root = file_uri(self.workspace.path());
        let result = self.request(
            "initialize",
            json!({
                "capabilities": capabilities,
                "workspaceFolders": [{ "uri": root.as_str(), "name": "test" }],
            }),
        );
        let result = result.response_result.expect("initialize result");
        if result["capabilities"]["positionEncoding"] == "utf-8" {
            self.unit = ColumnUnit::Utf8;
        }
        self.notify("initialized", json!({}));
        result
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
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
        id
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        let id = self.send_request(method, params);
        loop {
            match self.receive() {
                Message::Response(response) if response.id == id => return response,
                other => self.inbox.push_back(other),
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
            .recv_timeout(TIMEOUT)
            .expect("a message from the server in time")
    }

    /// The next message matching `wanted`, from the inbox first.
    fn expect(&mut self, wanted: impl Fn(&Message) -> bool) -> Message {
        if let Some(index) = self.inbox.iter().position(&wanted) {
            return self.inbox.remove(index).expect("inbox entry");
        }
        loop {
            let message = self.receive();
            if wanted(&message) {
                return message;
            }
            self.inbox.push_back(message);
        }
    }

    /// The next `window/logMessage` whose text contains `needle`.
    fn log_containing(&mut self, needle: &str) -> Value {
        match self.expect(|m| {
            matches!(m, Message::Notification(n) if n.method == "window/logMessage"
                && n.params["message"].as_str().is_some_and(|text| text.contains(needle)))
        }) {
            Message::Notification(notification) => notification.params,
            _ => unreachable!(),
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &Uri) -> PublishDiagnosticsParams {
        let wanted = uri.as_str().to_owned();
        let message = self.expect(|m| {
            matches!(m, Message::Notification(n)
                if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == wanted.as_str())
        });
        match message {
            Message::Notification(notification) => {
                serde_json::from_value(notification.params).expect("publishDiagnostics params")
            }
            _ => unreachable!(),
        }
    }

    /// Write `text` to `name` in the workspace and open it.
    fn open(&mut self, name: &str, language_id: &str, text: &str) -> (PathBuf, Uri) {
        let path = self.workspace.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(&path, text).expect("write document");
        let uri = file_uri(&path);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri.as_str(), "languageId": language_id, "version": 1, "text": text,
            }}),
        );
        (path, uri)
    }

    fn change_all(&self, uri: &Uri, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri.as_str(), "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }

    fn code_actions(&mut self, uri: &Uri, range: Value, only: Option<Value>) -> Vec<CodeAction> {
        let mut context = json!({ "diagnostics": [] });
        if let Some(only) = only {
            context["only"] = only;
        }
        let response = self.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri.as_str() }, "range": range, "context": context }),
        );
        let actions: Vec<CodeActionOrCommand> =
            serde_json::from_value(response.response_result.expect("code actions"))
                .expect("actions");
        actions
            .into_iter()
            .map(|action| match action {
                CodeActionOrCommand::CodeAction(action) => action,
                CodeActionOrCommand::Command(command) => panic!("a bare command: {command:?}"),
            })
            .collect()
    }

    fn shutdown(mut self) -> bool {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response.response_result.ok(), Some(Value::Null));
        self.notify("exit", Value::Null);
        self.server
            .take()
            .expect("server thread")
            .join()
            .expect("server thread ends")
            .expect("server result")
    }
}

/// Apply a code action's edits (all to `uri`) to `text`, as a client does.
#[allow(clippy::mutable_key_type)] // lsp-types' own `changes` map: `Uri` hashes its text
fn apply(action: &CodeAction, uri: &Uri, text: &str, unit: ColumnUnit) -> String {
    let changes = action
        .edit
        .as_ref()
        .and_then(|edit| edit.changes.as_ref())
        .expect("changes");
    assert_eq!(changes.len(), 1, "edits only the document");
    apply_edits(text, &changes[uri], unit)
}

fn apply_edits(text: &str, edits: &[TextEdit], unit: ColumnUnit) -> String {
    let lines = LineIndex::new(text);
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            let start = lines.offset(
                text,
                edit.range.start.line,
                edit.range.start.character,
                unit,
            );
            let end = lines.offset(text, edit.range.end.line, edit.range.end.character, unit);
            (start, end, edit.new_text.as_str())
        })
        .collect();
    spans.sort_by_key(|(start, end, _)| std::cmp::Reverse((*start, *end)));
    let mut out = text.to_owned();
    for (start, end, new_text) in spans {
        out.replace_range(start..end, new_text);
    }
    out
}

fn codes(params: &PublishDiagnosticsParams) -> Vec<String> {
    params
        .diagnostics
        .iter()
        .map(|d| match &d.code {
            Some(lsp_types::NumberOrString::String(code)) => code.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

/// (line, start column, end column) of each diagnostic.
fn ranges(params: &PublishDiagnosticsParams) -> Vec<(u32, u32, u32)> {
    params
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.range.start.line, d.range.end.line);
            (
                d.range.start.line,
                d.range.start.character,
                d.range.end.character,
            )
        })
        .collect()
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({ "start": { "line": line, "character": start }, "end": { "line": line, "character": end } })
}

const UTF8_CLIENT: &str = r#"{ "general": { "positionEncodings": ["utf-8", "utf-16"] } }"#;

fn utf8_client() -> Value {
    serde_json::from_str(UTF8_CLIENT).expect("json")
}

/// Off-brand copy with umlauts, CJK and emoji before and after each finding.
const COPY: &str = "# Grüße 👋\n\nSchreib uns eine e-mail 📧 an 你好.\n\n你好 🎉 A revolutionary signup flow, Grüße.\n";

#[test]
fn initialize_negotiates_utf8_when_offered_and_advertises_capabilities() {
    let mut client = Client::unstarted();
    client.spawn();
    let result = client.initialize(utf8_client());
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-8");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2, "incremental");
    assert_eq!(capabilities["textDocumentSync"]["openClose"], true);
    assert!(capabilities["textDocumentSync"]["save"].is_object());
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll"])
    );
    assert!(
        capabilities.get("diagnosticProvider").is_none(),
        "push only"
    );
    assert_eq!(
        capabilities["workspace"]["workspaceFolders"]["supported"],
        true
    );
    assert_eq!(result["serverInfo"]["name"], "onbrand");
    assert!(client.shutdown(), "clean exit after shutdown");
}

#[test]
fn initialize_falls_back_to_utf16() {
    let mut client = Client::unstarted();
    client.spawn();
    let result =
        client.initialize(json!({ "general": { "positionEncodings": ["utf-32", "utf-16"] } }));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    let result_without = {
        let mut other = Client::unstarted();
        other.spawn();
        let result = other.initialize(json!({}));
        assert!(other.shutdown());
        result
    };
    assert_eq!(result_without["capabilities"]["positionEncoding"], "utf-16");
    assert!(client.shutdown());
}

#[test]
fn open_publishes_exact_diagnostics_in_utf16() {
    let mut client = Client::start(json!({}));
    let (_, uri) = client.open("blog/post.md", "markdown", COPY);
    let published = client.diagnostics(&uri);
    assert_eq!(published.version, Some(1));
    assert_eq!(
        codes(&published),
        ["test.email", "test.hype", "test.signup"]
    );
    // "Schreib uns eine " is 17 UTF-16 units; "你好 🎉 A " is 2 + 1 + 2 + 3 = 8.
    assert_eq!(ranges(&published), [(2, 17, 23), (4, 8, 21), (4, 22, 28)]);
    let email = &published.diagnostics[0];
    assert_eq!(email.message, "Use 'email', not 'e-mail'.");
    assert_eq!(email.severity, Some(lsp_types::DiagnosticSeverity::WARNING));
    assert_eq!(email.source.as_deref(), Some("onbrand"));
    assert_eq!(
        email.code_description.as_ref().map(|d| d.href.as_str()),
        Some("https://guide.example/terms#email")
    );
    assert_eq!(email.data, Some(json!({ "fixes": ["email"] })));
    assert_eq!(
        published.diagnostics[1].severity,
        Some(lsp_types::DiagnosticSeverity::ERROR)
    );
    assert_eq!(
        published.diagnostics[2].severity,
        Some(lsp_types::DiagnosticSeverity::INFORMATION),
        "suggestions are Information, not the nearly invisible Hint"
    );
    assert!(client.shutdown());
}

#[test]
fn open_publishes_exact_diagnostics_in_utf8() {
    let mut client = Client::start(utf8_client());
    let (_, uri) = client.open("blog/post.md", "markdown", COPY);
    let published = client.diagnostics(&uri);
    // Byte columns: "你好 🎉 A " is 6 + 1 + 4 + 3 = 14 bytes.
    assert_eq!(ranges(&published), [(2, 17, 23), (4, 14, 27), (4, 28, 34)]);
    assert!(client.shutdown());
}

#[test]
fn incremental_edits_update_diagnostics_with_the_new_version() {
    let mut client = Client::start(json!({}));
    let (_, uri) = client.open("post.md", "markdown", COPY);
    assert_eq!(client.diagnostics(&uri).diagnostics.len(), 3);
    // Replace "e-mail" (line 2, UTF-16 17..23) with "email", then type "🚀 " before "A".
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri.as_str(), "version": 2 },
            "contentChanges": [
                { "range": range(2, 17, 23), "text": "email" },
                { "range": range(4, 6, 6), "text": "🚀 " },
            ],
        }),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published.version, Some(2));
    assert_eq!(codes(&published), ["test.hype", "test.signup"]);
    assert_eq!(ranges(&published), [(4, 11, 24), (4, 25, 31)]);
    // An edit that brings a finding back.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri.as_str(), "version": 3 },
            "contentChanges": [{ "range": range(0, 2, 2), "text": "e-mail " }],
        }),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published.version, Some(3));
    assert_eq!(
        codes(&published),
        ["test.email", "test.hype", "test.signup"]
    );
    assert_eq!(ranges(&published)[0], (0, 2, 8));
    assert!(client.shutdown());
}

#[test]
fn a_burst_of_changes_is_linted_once_at_the_latest_version() {
    let mut client = Client::unstarted();
    // Queue everything before the server runs, so the burst is waiting when it starts.
    let root = file_uri(client.workspace.path());
    let id = client.send_request(
        "initialize",
        json!({ "capabilities": {}, "workspaceFolders": [{ "uri": root.as_str(), "name": "t" }] }),
    );
    client.notify("initialized", json!({}));
    let path = client.workspace.path().join("burst.md");
    let uri = file_uri(&path);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri.as_str(), "languageId": "markdown", "version": 1, "text": "" }}),
    );
    let mut text = String::new();
    for (index, c) in "An e-mail".chars().enumerate() {
        let column = text.encode_utf16().count() as u32;
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri.as_str(), "version": index + 2 },
                "contentChanges": [{ "range": range(0, column, column), "text": c.to_string() }],
            }),
        );
        text.push(c);
    }
    client.spawn();
    let response = client.expect(|m| matches!(m, Message::Response(r) if r.id == id));
    assert!(matches!(response, Message::Response(r) if r.response_result.is_ok()));
    let published = client.diagnostics(&uri);
    assert_eq!(
        published.version,
        Some(10),
        "one publish, for the last version"
    );
    assert_eq!(ranges(&published), [(0, 3, 9)]);
    assert!(client.shutdown());
}

#[test]
fn quick_fix_applies_cleanly_and_the_finding_is_gone() {
    let mut client = Client::start(json!({}));
    let (_, uri) = client.open("post.md", "markdown", COPY);
    client.diagnostics(&uri);
    // The cursor inside "e-mail".
    let actions = client.code_actions(&uri, range(2, 19, 19), None);
    let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Replace “e-mail” with “email”",
            "Disable test.email on this line",
            "Disable test.email in this file",
            "Fix all onbrand issues",
        ]
    );
    let fix = &actions[0];
    assert_eq!(fix.kind, Some(lsp_types::CodeActionKind::QUICKFIX));
    assert_eq!(fix.is_preferred, Some(true));
    assert_eq!(
        fix.diagnostics.as_ref().map(|d| d[0].code.clone()),
        Some(Some(lsp_types::NumberOrString::String(
            "test.email".to_owned()
        )))
    );
    let fixed = apply(fix, &uri, COPY, client.unit);
    assert_eq!(fixed, COPY.replace("e-mail", "email"));
    client.change_all(&uri, 2, &fixed);
    let published = client.diagnostics(&uri);
    assert_eq!(codes(&published), ["test.hype", "test.signup"]);
    assert!(client.shutdown());
}

#[test]
fn every_finding_at_the_cursor_gets_its_fixes() {
    let mut client = Client::start(utf8_client());
    let (_, uri) = client.open("post.md", "markdown", COPY);
    client.diagnostics(&uri);
    // A selection over the whole last line covers two findings.
    let actions = client.code_actions(&uri, range(4, 0, 40), Some(json!(["quickfix"])));
    let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Replace “signup” with “sign up”",
            "Disable test.hype on this line",
            "Disable test.hype in this file",
            "Disable test.signup on this line",
            "Disable test.signup in this file",
        ]
    );
    assert!(client.shutdown());
}

#[test]
fn fix_all_fixes_every_fixable_finding() {
    let mut client = Client::start(json!({}));
    let (_, uri) = client.open("post.md", "markdown", COPY);
    client.diagnostics(&uri);
    let actions = client.code_actions(&uri, range(0, 0, 0), Some(json!(["source.fixAll"])));
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].title, "Fix all onbrand issues");
    assert_eq!(
        actions[0].kind,
        Some(lsp_types::CodeActionKind::SOURCE_FIX_ALL)
    );
    let fixed = apply(&actions[0], &uri, COPY, client.unit);
    assert_eq!(
        fixed,
        COPY.replace("e-mail", "email").replace("signup", "sign up")
    );
    client.change_all(&uri, 2, &fixed);
    assert_eq!(codes(&client.diagnostics(&uri)), ["test.hype"]);
    // `only: ["source"]` admits source.fixAll too; quickfixes are left out.
    let actions = client.code_actions(&uri, range(4, 10, 10), Some(json!(["source"])));
    assert!(actions.is_empty(), "nothing left to fix: {actions:?}");
    assert!(client.shutdown());
}

/// A document-level finding's fix is one workspace edit with a text edit per occurrence, in
/// the negotiated encoding (UTF-16 by default, UTF-8 when offered); being unsafe (the form the
/// document uses most may not be the brand's), it is not preferred and "fix all" leaves it.
#[test]
fn an_unsafe_fix_of_several_edits_is_offered_whole_but_not_preferred() {
    let text = "# Grüße 👋\n\nGrüße 中文, gruesse 😀 und Gruesse.\n";
    for (capabilities, [first, second]) in [
        (json!({}), [(10, 17), (25, 32)]),
        (utf8_client(), [(16, 23), (33, 40)]),
    ] {
        let mut client = Client::start(capabilities);
        let (_, uri) = client.open("greeting.md", "markdown", text);
        client.diagnostics(&uri);
        let actions = client.code_actions(&uri, range(2, first.0, first.0), None);
        let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Fix all 2 occurrences (unsafe)",
                "Disable test.greeting on this line",
                "Disable test.greeting in this file",
            ],
            "no safe fix, so no \"fix all\""
        );
        let fix = &actions[0];
        assert_eq!(fix.is_preferred, Some(false));
        let edits = &fix
            .edit
            .as_ref()
            .and_then(|e| e.changes.as_ref())
            .expect("changes")[&uri];
        let placed: Vec<(u32, u32, u32, &str)> = edits
            .iter()
            .map(|e| {
                (
                    e.range.start.line,
                    e.range.start.character,
                    e.range.end.character,
                    e.new_text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            placed,
            [
                (2, first.0, first.1, "grüße"),
                (2, second.0, second.1, "Grüße")
            ]
        );
        assert_eq!(
            apply(fix, &uri, text, client.unit),
            "# Grüße 👋\n\nGrüße 中文, grüße 😀 und Grüße.\n"
        );
        assert!(client.shutdown());
    }
}

/// Apply the "Disable … on this line" / "… in this file" action for `rule` and check that the
/// finding is silenced and the others stay.
fn disable_silences(
    name: &str,
    language_id: &str,
    text: &str,
    cursor: Value,
    title: &str,
    expected_text: &str,
) {
    let mut client = Client::start(json!({}));
    let (_, uri) = client.open(name, language_id, text);
    let before = codes(&client.diagnostics(&uri));
    assert!(
        before.contains(&"test.hype".to_owned()),
        "{name}: {before:?}"
    );
    let actions = client.code_actions(&uri, cursor, None);
    let action = actions
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("{name}: no action {title:?} in {actions:#?}"));
    let silenced = apply(action, &uri, text, client.unit);
    assert_eq!(silenced, expected_text, "{name}");
    client.change_all(&uri, 2, &silenced);
    let after = codes(&client.diagnostics(&uri));
    let mut expected: Vec<String> = before.into_iter().filter(|c| c != "test.hype").collect();
    expected.sort();
    let mut after_sorted = after.clone();
    after_sorted.sort();
    assert_eq!(after_sorted, expected, "{name}: after {after:?}");
    assert!(client.shutdown());
}

#[test]
fn disable_on_this_line_inserts_a_comment_that_silences_the_rule() {
    let markdown = "# Title\n\nIntro e-mail.\n\n- A revolutionary app.\n";
    disable_silences(
        "a.md",
        "markdown",
        markdown,
        range(4, 5, 5),
        "Disable test.hype on this line",
        "# Title\n\nIntro e-mail.\n\n<!-- onbrand-disable-next-line test.hype -->\n- A revolutionary app.\n",
    );
    // The second line of a paragraph: a comment line above would split the paragraph.
    disable_silences(
        "c.md",
        "markdown",
        "An e-mail for you.\nA revolutionary app.  \nThe end.\n",
        range(1, 4, 4),
        "Disable test.hype on this line",
        "An e-mail for you.\nA revolutionary app. <!-- onbrand-disable-line test.hype -->  \nThe end.\n",
    );
    disable_silences(
        "c.mdx",
        "mdx",
        "An e-mail for you.\nA revolutionary app.\n",
        range(1, 4, 4),
        "Disable test.hype on this line",
        "An e-mail for you.\nA revolutionary app. {/* onbrand-disable-line test.hype */}\n",
    );
    disable_silences(
        "d.md",
        "markdown",
        "| What | Why |\n|---|---|\n| e-mail | revolutionary |\n",
        range(2, 14, 14),
        "Disable test.hype on this line",
        "| What | Why |\n|---|---|\n| e-mail | revolutionary <!-- onbrand-disable-line test.hype --> |\n",
    );
    let html = "<!DOCTYPE html>\n<html lang=\"en\"><body>\n  <p>A revolutionary e-mail.</p>\n</body></html>\n";
    disable_silences(
        "a.html",
        "html",
        html,
        range(2, 10, 10),
        "Disable test.hype on this line",
        "<!DOCTYPE html>\n<html lang=\"en\"><body>\n  <!-- onbrand-disable-next-line test.hype -->\n  <p>A revolutionary e-mail.</p>\n</body></html>\n",
    );
    let text = "Hello.\nA revolutionary e-mail.\n";
    disable_silences(
        "a.txt",
        "plaintext",
        text,
        range(1, 4, 4),
        "Disable test.hype on this line",
        "Hello.\nonbrand-disable-next-line test.hype\nA revolutionary e-mail.\n",
    );
    let mdx = "import X from './x'\n\nA revolutionary e-mail.\n";
    disable_silences(
        "a.mdx",
        "mdx",
        mdx,
        range(2, 4, 4),
        "Disable test.hype on this line",
        "import X from './x'\n\n{/* onbrand-disable-next-line test.hype */}\nA revolutionary e-mail.\n",
    );
}

#[test]
fn disable_in_this_file_goes_after_front_matter() {
    let markdown = "---\ntitle: Hi\n---\n\nA revolutionary e-mail.\n\nAnother revolutionary day.\n";
    disable_silences(
        "b.md",
        "markdown",
        markdown,
        range(4, 4, 4),
        "Disable test.hype in this file",
        "---\ntitle: Hi\n---\n<!-- onbrand-disable test.hype -->\n\nA revolutionary e-mail.\n\nAnother revolutionary day.\n",
    );
}

#[test]
fn email_gets_fixes_but_no_suppression_comments() {
    let mut client = Client::start(json!({}));
    let eml = "From: a@example.com\r\nTo: b@example.com\r\nSubject: Hello\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nA revolutionary e-mail.\r\n";
    let (_, uri) = client.open("welcome.eml", "plaintext", eml);
    let published = client.diagnostics(&uri);
    assert_eq!(codes(&published), ["test.hype", "test.email"]);
    let email = &published.diagnostics[1];
    let actions = client.code_actions(&uri, json!(email.range), None);
    let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Replace “e-mail” with “email”", "Fix all onbrand issues"]
    );
    assert!(client.shutdown());
}

#[test]
fn hover_explains_the_rule() {
    let mut client = Client::start(json!({}));
    let (_, uri) = client.open("post.md", "markdown", COPY);
    client.diagnostics(&uri);
    let response = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri.as_str() }, "position": { "line": 2, "character": 20 } }),
    );
    let hover: lsp_types::Hover =
        serde_json::from_value(response.response_result.expect("hover result")).expect("hover");
    let lsp_types::HoverContents::Markup(content) = hover.contents else {
        panic!("markup expected");
    };
    assert_eq!(content.kind, lsp_types::MarkupKind::Markdown);
    assert_eq!(
        content.value,
        "**Use 'email', not 'e-mail'.** · `test.email` · warning\n\n\
         One spelling of the word everywhere, so that search and readers find it.\n\n\
         Instead of:\n- Send us an e-mail.\n\n\
         Write:\n- Send us an email.\n\n\
         [Guideline: test.email](https://guide.example/terms#email)"
    );
    assert_eq!(
        hover.range.map(|r| (r.start.character, r.end.character)),
        Some((17, 23))
    );
    // Nothing to say where there is no finding.
    let response = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri.as_str() }, "position": { "line": 0, "character": 1 } }),
    );
    assert_eq!(response.response_result.ok(), Some(Value::Null));
    assert!(client.shutdown());
}

#[test]
fn guideline_changes_reload_and_a_broken_guideline_keeps_the_last_good_one() {
    let mut client = Client::start(json!({
        "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
    }));
    // The server asks to watch TOML files.
    let registration = client
        .expect(|m| matches!(m, Message::Request(r) if r.method == "client/registerCapability"));
    let Message::Request(registration) = registration else {
        unreachable!()
    };
    assert_eq!(
        registration.params["registrations"][0]["registerOptions"]["watchers"][0]["globPattern"],
        "**/*.toml"
    );
    client
        .connection
        .sender
        .send(Response::new_ok(registration.id, Value::Null).into())
        .expect("server alive");

    let (_, uri) = client.open("post.md", "markdown", "An e-mail about our awesome app.\n");
    assert_eq!(codes(&client.diagnostics(&uri)), ["test.email"]);

    // A new rule in the guideline file.
    let rules = client.workspace.path().join("rules/test.toml");
    let original = std::fs::read_to_string(&rules).expect("rules");
    let extended = format!(
        "{original}\n[[rule]]\nid = \"test.awesome\"\nkind = \"avoid\"\nphrases = [\"awesome\"]\n"
    );
    std::fs::write(&rules, &extended).expect("write rules");
    let rules_uri = file_uri(&rules);
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": rules_uri.as_str(), "type": 2 }] }),
    );
    assert_eq!(
        codes(&client.diagnostics(&uri)),
        ["test.email", "test.awesome"]
    );

    // Break it: a diagnostic in the guideline file, and the last good rules stay in force.
    std::fs::write(
        &rules,
        format!("{extended}\n[[rule]]\nid = \"test.broken\"\nkind = \"nonsense\"\n"),
    )
    .expect("write rules");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": rules_uri.as_str(), "type": 2 }] }),
    );
    assert_eq!(
        codes(&client.diagnostics(&uri)),
        ["test.email", "test.awesome"]
    );
    let broken = client.diagnostics(&rules_uri);
    assert_eq!(broken.diagnostics.len(), 1, "{broken:?}");
    let problem = &broken.diagnostics[0];
    assert_eq!(problem.severity, Some(lsp_types::DiagnosticSeverity::ERROR));
    let broken_line = extended.lines().count() as u32 + 3;
    assert_eq!(problem.range.start.line, broken_line, "{problem:?}");
    assert!(problem.message.contains("nonsense"), "{}", problem.message);
    client.log_containing("configuration error");

    // Fix it again (saved in the editor this time): the file diagnostic is cleared.
    std::fs::write(&rules, &original).expect("write rules");
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": rules_uri.as_str() } }),
    );
    assert_eq!(codes(&client.diagnostics(&uri)), ["test.email"]);
    assert!(client.diagnostics(&rules_uri).diagnostics.is_empty());
    assert!(client.shutdown());
}

#[test]
fn other_languages_are_ignored_silently_and_close_clears() {
    let mut client = Client::start(json!({}));
    client.open("notes.rs", "rust", "// an e-mail\n");
    client.open("onbrand.toml", "toml", "guideline = [\"rules\"] # e-mail\n");
    let (_, uri) = client.open("post.txt", "plaintext", "An e-mail.\n");
    // The first publish is for the text file: nothing was sent for the others.
    let message = client.expect(
        |m| matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics"),
    );
    let Message::Notification(notification) = message else {
        unreachable!()
    };
    assert_eq!(notification.params["uri"], uri.as_str());
    assert_eq!(
        notification.params["diagnostics"].as_array().map(Vec::len),
        Some(1)
    );
    assert!(
        !client
            .inbox
            .iter()
            .any(|m| matches!(m, Message::Notification(n)
            if n.method == "window/logMessage" && n.params["type"] == 1)),
        "no complaints about other languages"
    );
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri.as_str() } }),
    );
    let cleared = client.diagnostics(&uri);
    assert!(cleared.diagnostics.is_empty());
    assert_eq!(cleared.version, None);
    assert!(client.shutdown());
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let mut client = Client::start(
        json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } }),
    );
    let (_, uri) = client.open("post.md", "markdown", COPY);
    let response = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri.as_str() } }),
    );
    let report = response.response_result.expect("report");
    assert_eq!(report["kind"], "full");
    let codes: Vec<&str> = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["code"].as_str())
        .collect();
    assert_eq!(codes, ["test.email", "test.hype", "test.signup"]);
    assert!(
        !client.inbox.iter().any(|m| matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics")),
        "a pulling client is not pushed to as well"
    );
    assert!(client.shutdown());
}

#[test]
fn malformed_params_and_unknown_methods_do_not_kill_the_server() {
    let mut client = Client::start(json!({}));
    let response = client.request("textDocument/definitelyNotAMethod", json!({}));
    assert_eq!(
        response.response_result.err().map(|e| e.code),
        Some(lsp_server::ErrorCode::MethodNotFound as i32)
    );
    let response = client.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(
        response.response_result.err().map(|e| e.code),
        Some(lsp_server::ErrorCode::InvalidParams as i32)
    );
    client.notify("textDocument/didOpen", json!({ "textDocument": 42 }));
    let log = client.log_containing("textDocument/didOpen");
    assert_eq!(log["type"], 1, "an error");
    client.notify("$/somethingNew", json!({}));
    client.notify(onbrand::lsp::transport::MALFORMED, json!("{broken"));
    client.log_containing("{broken");
    // Still serving.
    let (_, uri) = client.open("post.md", "markdown", "An e-mail.\n");
    assert_eq!(codes(&client.diagnostics(&uri)), ["test.email"]);
    assert!(client.shutdown());
}

#[test]
fn lifecycle_requests_before_initialize_after_shutdown_and_exit_without_shutdown() {
    let mut client = Client::unstarted();
    client.spawn();
    let response = client.request("textDocument/hover", json!({}));
    assert_eq!(
        response.response_result.err().map(|e| e.code),
        Some(-32002),
        "server not initialized"
    );
    client.initialize(json!({}));
    let response = client.request("shutdown", Value::Null);
    assert_eq!(response.response_result.ok(), Some(Value::Null));
    let response = client.request("textDocument/hover", json!({}));
    assert_eq!(
        response.response_result.err().map(|e| e.code),
        Some(lsp_server::ErrorCode::InvalidRequest as i32)
    );
    client.notify("exit", Value::Null);
    let clean = client
        .server
        .take()
        .expect("thread")
        .join()
        .expect("joined");
    assert_eq!(clean, Ok(true));

    let mut abrupt = Client::start(json!({}));
    abrupt.notify("exit", Value::Null);
    let clean = abrupt
        .server
        .take()
        .expect("thread")
        .join()
        .expect("joined");
    assert_eq!(clean, Ok(false), "exit without shutdown is not clean");
}

/// The real binary over stdio: garbage between messages is logged, and the session goes on.
#[test]
fn the_binary_survives_malformed_json_on_stdio() {
    use std::io::{BufReader, Write};
    use std::process::{Command, Stdio};

    let dir = workspace();
    let mut child = Command::new(env!("CARGO_BIN_EXE_onbrand"))
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start onbrand lsp");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let doc = dir.path().join("post.md");
    let doc_uri = file_uri(&doc);
    let messages = [
        frame("{this is not json"),
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
        frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        frame("[1, 2, 3]"),
        frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": doc_uri.as_str(), "languageId": "markdown", "version": 1, "text": "An e-mail.\n"}}})
            .to_string(),
        ),
    ];
    stdin
        .write_all(messages.concat().as_bytes())
        .expect("write");
    stdin.flush().expect("flush");
    // Everything up to the diagnostics, then shut down.
    let mut seen = Vec::new();
    while let Ok(Some(message)) = Message::read(&mut stdout) {
        let done = matches!(&message,
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics");
        seen.push(message);
        if done {
            break;
        }
    }
    let goodbye = [
        frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#),
        frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
    ];
    stdin.write_all(goodbye.concat().as_bytes()).expect("write");
    stdin.flush().expect("flush");
    while let Ok(Some(message)) = Message::read(&mut stdout) {
        seen.push(message);
    }
    let status = child.wait().expect("exit status");
    assert!(status.success(), "exit 0 after shutdown + exit: {status:?}");
    let logs = seen
        .iter()
        .filter(|m| matches!(m, Message::Notification(n) if n.method == "window/logMessage"))
        .count();
    assert!(logs >= 2, "both malformed messages logged: {seen:#?}");
    assert!(seen.iter().any(|m| matches!(m,
        Message::Notification(n) if n.method == "textDocument/publishDiagnostics"
            && n.params["diagnostics"][0]["code"] == "test.email")));
    assert!(
        seen.iter()
            .any(|m| matches!(m, Message::Response(r) if r.id == RequestId::from(2)))
    );
}

/// The real binary over stdio, fed a hostile byte stream in one go: noise between frames
/// (bytes that are not UTF-8, a line of log output, 64 kB without a line break), bad
/// `Content-Length` values (absurd, negative, missing, too short, too long) and a 50 MB
/// document. Every good frame after the bad ones is answered, the big document is refused with
/// a message to the user, and the server stays responsive and exits cleanly.
#[test]
fn the_binary_survives_noise_bad_lengths_and_a_50_mb_document() {
    use std::io::{BufReader, Write};
    use std::process::{Command, Stdio};

    let dir = workspace();
    let mut child = Command::new(env!("CARGO_BIN_EXE_onbrand"))
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start onbrand lsp");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
    let request = |id: i32, method: &str, params: Value| {
        frame(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string())
    };
    let open = |path: &Path, text: &str| {
        frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": file_uri(path).as_str(), "languageId": "markdown", "version": 1, "text": text}}})
            .to_string(),
        )
    };
    let small = dir.path().join("small.md");
    let big = dir.path().join("big.md");
    let big_text = "An e-mail to every customer.\n".repeat(50 * 1024 * 1024 / 29);
    let hover = |id: i32| {
        request(
            id,
            "textDocument/hover",
            json!({"textDocument": {"uri": file_uri(&small).as_str()},
            "position": {"line": 0, "character": 4}}),
        )
    };
    let mut stream: Vec<u8> = Vec::new();
    stream.extend(b"\xff\xfe\x00 not a frame\r\n");
    stream.extend(request(1, "initialize", json!({"capabilities": {}})));
    stream.extend(b"[proxy] a log line on the wrong stream\n");
    stream.extend(frame(
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    stream.extend(vec![b'#'; 64 * 1024]);
    stream.extend(b"Content-Length: 18446744073709551615\r\n\r\n{}");
    stream.extend(b"Content-Length: -1\r\n\r\n{}");
    stream.extend(b"Content-Type: application/vscode-jsonrpc\r\n\r\n{\"jsonrpc\":\"2.0\"}");
    stream.extend(b"Content-Length: 3\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}");
    stream.extend(open(&small, "An e-mail.\n"));
    stream.extend(hover(2));
    stream.extend(open(&big, &big_text));
    stream.extend(hover(3));
    // A length 40 bytes too long swallows the start of the next frame, which is read again.
    let swallowed = r#"{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}"#;
    stream.extend(
        format!(
            "Content-Length: {}\r\n\r\n{swallowed}",
            swallowed.len() + 40
        )
        .into_bytes(),
    );
    stream.extend(hover(4));
    // A request over the 64 MiB message limit: skipped unread, answered with an error.
    let padding = " ".repeat(65 * 1024 * 1024);
    stream.extend(request(
        6,
        "textDocument/hover",
        json!({"padding": padding}),
    ));
    // Written from a thread: the server answers while it reads, and both pipes must drain.
    let writer = std::thread::spawn(move || {
        stdin.write_all(&stream).expect("write");
        stdin.flush().expect("flush");
        stdin
    });
    // Everything up to the big document's (empty) diagnostics and the refusal, then shut down.
    let mut seen = Vec::new();
    let (mut published_big, mut refused_6) = (false, false);
    while let Ok(Some(message)) = Message::read(&mut stdout) {
        published_big |= matches!(&message, Message::Notification(n)
            if n.method == "textDocument/publishDiagnostics"
                && n.params["uri"].as_str().is_some_and(|uri| uri.ends_with("big.md")));
        refused_6 |= matches!(&message, Message::Response(r) if r.id == RequestId::from(6));
        seen.push(message);
        if published_big && refused_6 {
            break;
        }
    }
    let mut stdin = writer.join().expect("writer");
    let mut goodbye = request(5, "shutdown", Value::Null);
    goodbye.extend(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    stdin.write_all(&goodbye).expect("write");
    stdin.flush().expect("flush");
    while let Ok(Some(message)) = Message::read(&mut stdout) {
        seen.push(message);
    }
    let status = child.wait().expect("exit status");
    assert!(status.success(), "exit 0 after shutdown + exit: {status:?}");
    let answered: Vec<RequestId> = seen
        .iter()
        .filter_map(|m| match m {
            Message::Response(r) if r.response_result.is_ok() => Some(r.id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(answered, [1, 2, 3, 4, 5].map(RequestId::from));
    let refused: Vec<RequestId> = seen
        .iter()
        .filter_map(|m| match m {
            Message::Response(r) if r.response_result.is_err() => Some(r.id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(refused, [RequestId::from(6)]);
    let shown: Vec<&str> = seen
        .iter()
        .filter_map(|m| match m {
            Message::Notification(n) if n.method == "window/showMessage" => {
                n.params["message"].as_str()
            }
            _ => None,
        })
        .collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    // In either order: the big document is refused when linting, after the batch it came in.
    assert!(
        shown
            .iter()
            .any(|m| m.contains("big.md") && m.contains("over the 16777216-byte limit")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|m| m.contains("over the 67108864-byte limit")),
        "{shown:?}"
    );
    let published = |name: &str| {
        seen.iter().find_map(|m| match m {
            Message::Notification(n)
                if n.method == "textDocument/publishDiagnostics"
                    && n.params["uri"]
                        .as_str()
                        .is_some_and(|uri| uri.ends_with(name)) =>
            {
                Some(n.params["diagnostics"].as_array().map_or(0, Vec::len))
            }
            _ => None,
        })
    };
    assert_eq!(published("small.md"), Some(1));
    assert_eq!(published("big.md"), Some(0));
}

/// Typing into an open document — the server reuses the previous version's per-segment
/// results — publishes exactly what opening the same text afresh publishes: same diagnostics,
/// same order, same positions (UTF-16, with umlauts, CJK and emoji around the edits), under the
/// shipped guideline with its document-level rules and tone profile.
#[test]
fn incremental_lints_publish_what_a_fresh_open_publishes() {
    let mut client = Client::start(json!({}));
    let folder = client.workspace.path().join("shipped");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(
        folder.join("onbrand.toml"),
        "guideline = [\"builtin\"]\nlanguage = \"en\"\n",
    )
    .expect("configuration");
    let mut text =
        "---\nlang: en\n---\n\n# Grüße 👋 from the coast\n\nSend us an e-mail 📧 at 你好.\n\n\
        The revolutionary planner syncs your tickets. SEO matters!\n"
            .to_owned();
    let (_, uri) = client.open("shipped/post.md", "markdown", &text);
    client.diagnostics(&uri);
    // (what to replace, its replacement), each at its first occurrence.
    let edits = [
        ("Send", "Sie "),
        ("SEO", "search engine optimisation (SEO) and SEO"),
        (
            "\n\nThe",
            "\n\nA new paragraph with an email, a colour and a color 🎉!",
        ),
        ("你好", "您好，你们"),
        ("revolutionary ", ""),
        ("tickets", "tickets!! THIS IS AMAZING"),
        ("# Grüße", "## Grüße"),
        ("e-mail", "E-Mail"),
        ("\n\nA new", " A new"),
        ("lang: en", "lang: de"),
    ];
    for (version, (old, new)) in (2..).zip(edits) {
        let start = text.find(old).expect("edit anchor");
        let end = start + old.len();
        let lines = LineIndex::new(&text);
        let (start_line, start_column) = lines.position(&text, start, ColumnUnit::Utf16);
        let (end_line, end_column) = lines.position(&text, end, ColumnUnit::Utf16);
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri.as_str(), "version": version },
                "contentChanges": [{
                    "range": {
                        "start": { "line": start_line, "character": start_column },
                        "end": { "line": end_line, "character": end_column },
                    },
                    "text": new,
                }],
            }),
        );
        text.replace_range(start..end, new);
        let published = client.diagnostics(&uri);
        assert_eq!(published.version, Some(version));
        let (_, fresh_uri) = client.open(&format!("shipped/fresh-{version}.md"), "markdown", &text);
        let fresh = client.diagnostics(&fresh_uri);
        assert!(
            codes(&fresh)
                .iter()
                .any(|code| code.starts_with("onbrand.")),
            "version {version}: the built-in starter guideline applies: {:?}",
            codes(&fresh)
        );
        assert_eq!(
            published.diagnostics, fresh.diagnostics,
            "version {version}:\n{text}"
        );
        client.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": fresh_uri.as_str() } }),
        );
    }
    assert!(client.shutdown());
}

#[test]
fn findings_in_an_encoded_mail_part_name_the_decoded_line_and_word() {
    let mut client = Client::start(json!({}));
    let eml = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/encoded.eml"),
    )
    .expect("fixture");
    let (_, uri) = client.open("encoded.eml", "plaintext", &eml);
    let published = client.diagnostics(&uri);
    // The findings, then one information note per encoded part saying why its findings
    // point at decoded text and have no fix.
    assert_eq!(
        codes(&published),
        ["test.email", "test.hype", "note", "note"]
    );
    let email = &published.diagnostics[0];
    // The base64 part's lines in the file (0-based 11 to 13), its word in the message.
    assert_eq!(
        (
            email.range.start.line,
            email.range.start.character,
            email.range.end.line
        ),
        (11, 0, 13)
    );
    assert_eq!(
        email.message,
        "Use 'email', not 'e-mail'.\nin the base64 (utf-8) part, decoded line 2, column 18: “e-mail” in “Schreib uns eine e-mail, 你好!” (not fixed: the part is encoded)"
    );
    assert_eq!(email.data, Some(json!({ "fixes": [] })));
    // Quoted-printable: the exact word in the file, still no quick fix.
    let hype = &published.diagnostics[1];
    assert_eq!(
        (
            hype.range.start.line,
            hype.range.start.character,
            hype.range.end.character
        ),
        (18, 25, 38)
    );
    let actions = client.code_actions(&uri, json!(hype.range), None);
    assert!(
        actions.iter().all(|a| !a.title.starts_with("Replace")),
        "{actions:?}"
    );
    assert!(client.shutdown());
}

#[test]
fn a_rule_skipped_for_its_budget_is_an_information_diagnostic() {
    let mut client = Client::unstarted();
    // A backtracking rule whose look-ahead scans to the paragraph's end from every candidate:
    // over one long paragraph it runs out of its budget and is skipped from there on.
    std::fs::write(
        client.workspace.path().join("rules/lookahead.toml"),
        "[[rule]]\nid = \"test.lookahead\"\nkind = \"pattern\"\npattern = '\\bword(?=[^.]*zzz)\\b'\n\
         message = \"Never reported.\"\n",
    )
    .expect("write rule");
    client.spawn();
    client.initialize(json!({}));
    let text = format!("# Title\n\n{}\n", "word ".repeat(40_000));
    let (_, uri) = client.open("blog/long.md", "markdown", &text);
    let published = client.diagnostics(&uri);
    let note = published
        .diagnostics
        .iter()
        .find(|d| d.code == Some(lsp_types::NumberOrString::String("note".to_owned())))
        .unwrap_or_else(|| panic!("no note in {:?}", codes(&published)));
    assert_eq!(
        note.severity,
        Some(lsp_types::DiagnosticSeverity::INFORMATION)
    );
    assert_eq!(note.range.start, lsp_types::Position::new(2, 0));
    assert!(
        note.message
            .starts_with("rule `test.lookahead` is skipped from here to the end of the document"),
        "{}",
        note.message
    );
    assert!(client.shutdown());
}

/// A document far over the 256 KiB the server lints on its loop: seconds of work in a debug
/// build, with two findings on its last line (line `LARGE_LINES`).
fn large_document(last_line: &str) -> String {
    let mut text = "Some plain words about the product go here today.\n".repeat(LARGE_LINES);
    text.push_str(last_line);
    text
}

const LARGE_LINES: usize = 80_000;

/// A hover for `uri` at `line`:`character`.
fn hover_params(uri: &Uri, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri.as_str() }, "position": { "line": line, "character": character } })
}

/// The response to `id`, waiting for it.
fn response_to(client: &mut Client, id: &RequestId) -> Response {
    match client.expect(|m| matches!(m, Message::Response(r) if &r.id == id)) {
        Message::Response(response) => response,
        _ => unreachable!(),
    }
}

/// Whether `uri`'s diagnostics or an answer to `id` have come in already.
fn arrived(client: &Client, uri: &Uri, id: &RequestId) -> bool {
    client.inbox.iter().any(|m| match m {
        Message::Response(r) => &r.id == id,
        Message::Notification(n) => {
            n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri.as_str()
        }
        Message::Request(_) => false,
    })
}

#[test]
fn hovers_are_answered_while_a_large_document_is_linted_on_a_worker() {
    let mut client = Client::start(json!({}));
    let (_, small) = client.open("small.md", "markdown", "An e-mail.\n");
    assert_eq!(client.diagnostics(&small).diagnostics.len(), 1);
    let (_, large) = client.open(
        "large.md",
        "markdown",
        &large_document("A revolutionary e-mail.\n"),
    );
    let log = client.log_containing("on a worker");
    assert!(
        log["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("linting version 1 of ") && m.contains("large.md")),
        "{log}"
    );
    // Asked about the large document while it is linted: the answer waits for its findings.
    let waiting = client.send_request(
        "textDocument/hover",
        hover_params(&large, LARGE_LINES as u32, 4),
    );
    let cancelled = client.send_request(
        "textDocument/hover",
        hover_params(&large, LARGE_LINES as u32, 4),
    );
    client.notify("$/cancelRequest", json!({ "id": cancelled }));
    // The small document is answered meanwhile, before the large one's lint is done.
    let answer = client.request("textDocument/hover", hover_params(&small, 0, 4));
    let hover = answer.response_result.expect("hover of the small document");
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|text| text.contains("`test.email`"))
    );
    assert!(
        !arrived(&client, &large, &waiting),
        "the large document was linted before the small one's hover was answered"
    );
    let refused = response_to(&mut client, &cancelled);
    assert_eq!(refused.response_result.err().map(|e| e.code), Some(-32800));
    let published = client.diagnostics(&large);
    assert_eq!(published.version, Some(1));
    let last = LARGE_LINES as u32;
    assert_eq!(ranges(&published), [(last, 2, 15), (last, 16, 22)]);
    let answer = response_to(&mut client, &waiting);
    let hover = answer.response_result.expect("hover of the large document");
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|text| text.contains("`test.hype`")),
        "{hover}"
    );
    assert!(client.shutdown());
}

#[test]
fn a_lint_of_an_outdated_version_is_discarded_never_published() {
    let mut client = Client::start(json!({}));
    let (_, uri) = client.open(
        "large.md",
        "markdown",
        &large_document("A revolutionary e-mail.\n"),
    );
    client.log_containing("linting version 1 of");
    let hover = client.send_request(
        "textDocument/hover",
        hover_params(&uri, LARGE_LINES as u32, 4),
    );
    // Two edits while version 1 is linted: only the last is linted next.
    client.change_all(&uri, 2, &large_document("An e-mail.\n"));
    client.change_all(&uri, 3, &large_document("A signup and an e-mail.\n"));
    // The hover was about version 1's text, which is gone.
    let response = response_to(&mut client, &hover);
    assert_eq!(response.response_result.err().map(|e| e.code), Some(-32801));
    client.log_containing("discarded the lint of version 1 of");
    client.log_containing("linting version 3 of");
    // The first diagnostics published are version 3's: nothing of version 1 or 2.
    let published = client.diagnostics(&uri);
    assert_eq!(published.version, Some(3));
    assert_eq!(codes(&published), ["test.signup", "test.email"]);
    let linted: Vec<String> = client
        .inbox
        .iter()
        .filter_map(|m| match m {
            Message::Notification(n) if n.method == "window/logMessage" => {
                n.params["message"].as_str().map(str::to_owned)
            }
            _ => None,
        })
        .filter(|m| m.starts_with("linting version"))
        .collect();
    assert!(linted.is_empty(), "version 2 was never linted: {linted:?}");
    assert!(client.shutdown());
}

#[test]
fn large_documents_share_a_bounded_number_of_workers() {
    let mut client = Client::start(json!({}));
    // Just over the loop's limit each.
    let text = "Some plain words about the product go here today.\n".repeat(6_000) + "An e-mail.\n";
    let uris: Vec<Uri> = (0..5)
        .map(|index| client.open(&format!("doc{index}.md"), "markdown", &text).1)
        .collect();
    for uri in &uris {
        let published = client.diagnostics(uri);
        assert_eq!(codes(&published), ["test.email"]);
    }
    let busy: Vec<(usize, usize)> = client
        .inbox
        .iter()
        .filter_map(|m| match m {
            Message::Notification(n) if n.method == "window/logMessage" => {
                n.params["message"].as_str().map(str::to_owned)
            }
            _ => None,
        })
        .filter_map(|m| {
            let (_, tail) = m.split_once(" on a worker (")?;
            let (running, max) = tail.strip_suffix(" busy)")?.split_once(" of ")?;
            Some((running.parse().ok()?, max.parse().ok()?))
        })
        .collect();
    assert_eq!(busy.len(), 5, "each document linted once: {busy:?}");
    assert!(
        busy.iter()
            .all(|&(running, max)| running <= max && max <= 2),
        "{busy:?}"
    );
    assert!(client.shutdown());
}
