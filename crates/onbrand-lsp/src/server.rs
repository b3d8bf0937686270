//! The server loop: lifecycle, dispatch, coalescing edits, publishing diagnostics.
//!
//! # Never linting a stale version
//! After handling one message, the loop handles every message already waiting before it lints
//! anything. A burst of keystrokes therefore costs one lint of the latest text, and diagnostics
//! are only ever published for the version the client has. Requests that need findings (code
//! actions, hover, pull diagnostics) lint the document on demand, at the version current at
//! that point of the message order.
//!
//! A large document is linted on a worker ([`super::background`]): the loop goes on with other
//! messages, requests about that document wait for its lint (and get `ContentModified` if it
//! changes first, `RequestCancelled` on `$/cancelRequest`), and a lint whose document changed
//! while it ran is discarded, never published.
//!
//! # Failing softly
//! A request with bad parameters gets `InvalidParams`, an unknown request `MethodNotFound`, a
//! malformed message or a notification with bad parameters a `window/logMessage`; a panic while
//! linting one document is caught, logged, and that document is shown without findings until
//! its next edit. The server keeps serving in every case.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{
    Connection, ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError,
};
use lsp_types::{
    ClientCapabilities, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    Diagnostic, DiagnosticOptions, DiagnosticServerCapabilities, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentDiagnosticParams,
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    HoverParams, HoverProviderCapability, InitializeParams, InitializeResult, LogMessageParams,
    MessageType, OneOf, PositionEncodingKind, PublishDiagnosticsParams,
    RelatedFullDocumentDiagnosticReport, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::{ConfigCache, ConfigError};
use crate::lint::{FileError, Linter, RunOverrides};
use crate::position::ColumnUnit;

use super::background::{self, Finished, Job, Workers};
use super::documents::{self, Lint, OpenDocument};
use super::{code_actions, config_watch, diagnostics, hover, transport};

/// JSON-RPC's "server not initialized" (not in `lsp_server::ErrorCode` under that name).
const SERVER_NOT_INITIALIZED: i32 = -32002;

/// The most requests that wait for lints at once: a client that fires requests about a
/// document faster than it can be linted gets errors beyond this, not an ever-growing queue.
const MAX_PARKED: usize = 256;

/// Serve one client on `connection` until `exit`. Returns whether `shutdown` preceded `exit`
/// (the process should then exit with 0, else with 1).
pub fn run(connection: Connection) -> Result<bool, String> {
    let Connection { sender, receiver } = connection;
    let Some((id, params)) = wait_for_initialize(&sender, &receiver) else {
        return Ok(false);
    };
    let mut server = Server::new(sender, &params);
    let result = InitializeResult {
        capabilities: server.capabilities(),
        server_info: Some(ServerInfo {
            name: "onbrand".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    server.respond(id, Ok(json(&result)));
    Ok(server.main_loop(&receiver))
}

/// Answer everything before `initialize` as the protocol says: requests with an error,
/// notifications not at all (except `exit`).
fn wait_for_initialize(
    sender: &Sender<Message>,
    receiver: &Receiver<Message>,
) -> Option<(RequestId, InitializeParams)> {
    for message in receiver {
        match message {
            Message::Request(request) if request.method == "initialize" => {
                match serde_json::from_value::<InitializeParams>(request.params) {
                    Ok(params) => return Some((request.id, params)),
                    Err(error) => {
                        let response = Response::new_err(
                            request.id,
                            ErrorCode::InvalidParams as i32,
                            format!("invalid initialize parameters: {error}"),
                        );
                        let _ = sender.send(response.into());
                    }
                }
            }
            Message::Request(request) => {
                let response = Response::new_err(
                    request.id,
                    SERVER_NOT_INITIALIZED,
                    "the server is not initialized yet".to_owned(),
                );
                let _ = sender.send(response.into());
            }
            Message::Notification(notification) if notification.method == "exit" => return None,
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
    None
}

/// The requests about one document's findings, answered from its lint.
const DOCUMENT_REQUESTS: &[&str] = &[
    "textDocument/codeAction",
    "textDocument/hover",
    "textDocument/diagnostic",
];

/// What the loop does after a message.
#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Exit,
}

struct Server {
    sender: Sender<Message>,
    linter: Linter,
    /// The column unit negotiated in `initialize`.
    unit: ColumnUnit,
    /// Push diagnostics (`publishDiagnostics`) unless the client pulls them: sending both
    /// shows every finding twice in VS Code.
    push: bool,
    refresh_support: bool,
    can_watch: bool,
    workspace_folders: Vec<PathBuf>,
    documents: HashMap<Uri, OpenDocument>,
    /// Open documents onbrand does not lint (a guideline being edited), by path: their URI,
    /// spelt as the client spells it, is where configuration errors must go.
    other_open: HashMap<PathBuf, Uri>,
    /// Configuration errors found since the last reload, as diagnostics per file.
    config_errors: HashMap<Uri, Vec<Diagnostic>>,
    /// What was last sent for configuration files.
    config_published: HashMap<Uri, Vec<Diagnostic>>,
    /// Configuration errors already turned into diagnostics (the cache hands out the same
    /// `Arc` on every keystroke; converting it again would read the file again).
    noted_errors: Vec<Arc<ConfigError>>,
    /// Lints of large documents running on worker threads.
    workers: Workers,
    /// Requests about documents whose lint is running on a worker, in arrival order, each
    /// with the document it waits for: answered when that lint is done (see [`Self::park`]).
    parked: Vec<(Uri, Request)>,
    shutdown: bool,
    next_request: i32,
}

impl Server {
    fn new(sender: Sender<Message>, params: &InitializeParams) -> Server {
        let capabilities = &params.capabilities;
        let workspace_folders = workspace_folders(params);
        let pull = capabilities
            .text_document
            .as_ref()
            .is_some_and(|text| text.diagnostic.is_some());
        let refresh_support = capabilities
            .workspace
            .as_ref()
            .and_then(|workspace| workspace.diagnostic.as_ref())
            .and_then(|diagnostic| diagnostic.refresh_support)
            .unwrap_or(false);
        Server {
            linter: new_linter(&workspace_folders),
            sender,
            unit: negotiate_encoding(capabilities),
            push: !pull,
            refresh_support,
            can_watch: config_watch::client_can_watch(capabilities),
            workspace_folders,
            documents: HashMap::new(),
            other_open: HashMap::new(),
            config_errors: HashMap::new(),
            config_published: HashMap::new(),
            noted_errors: Vec::new(),
            workers: Workers::default(),
            parked: Vec::new(),
            shutdown: false,
            next_request: 0,
        }
    }

    fn capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(match self.unit {
                ColumnUnit::Utf8 => PositionEncodingKind::UTF8,
                ColumnUnit::Utf16 => PositionEncodingKind::UTF16,
                ColumnUnit::Char => PositionEncodingKind::UTF32,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    will_save: None,
                    will_save_wait_until: None,
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp_types::CodeActionKind::QUICKFIX,
                    lsp_types::CodeActionKind::SOURCE_FIX_ALL,
                ]),
                ..CodeActionOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            diagnostic_provider: (!self.push).then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("onbrand".to_owned()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    ..DiagnosticOptions::default()
                })
            }),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..ServerCapabilities::default()
        }
    }

    fn main_loop(&mut self, receiver: &Receiver<Message>) -> bool {
        let results = self.workers.results();
        loop {
            crossbeam_channel::select! {
                recv(receiver) -> message => match message {
                    Ok(message) => if self.handle(message) == Flow::Exit {
                        return self.shutdown;
                    },
                    // The client went away without `exit`.
                    Err(_) => return false,
                },
                recv(results) -> finished => if let Ok(finished) = finished {
                    self.workers.finished();
                    self.take_lint(finished);
                },
            }
            // Coalesce: take in everything already waiting before linting anything.
            loop {
                if let Ok(message) = receiver.try_recv() {
                    if self.handle(message) == Flow::Exit {
                        return self.shutdown;
                    }
                } else if let Ok(finished) = results.try_recv() {
                    self.workers.finished();
                    self.take_lint(finished);
                } else {
                    break;
                }
            }
            self.flush();
        }
    }

    fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => {
                self.on_request(request);
                Flow::Continue
            }
            Message::Notification(notification) => self.on_notification(notification),
            Message::Response(response) => {
                if let Err(error) = response.response_result {
                    self.log(
                        MessageType::WARNING,
                        format!(
                            "the client refused request {}: {}",
                            response.id, error.message
                        ),
                    );
                }
                Flow::Continue
            }
        }
    }

    // ----- requests -----

    fn on_request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if self.shutdown {
            let error = error(ErrorCode::InvalidRequest, "the server is shutting down");
            self.respond(id, Err(error));
            return;
        }
        if DOCUMENT_REQUESTS.contains(&method.as_str()) {
            let uri = params
                .pointer("/textDocument/uri")
                .and_then(Value::as_str)
                .and_then(|uri| uri.parse::<Uri>().ok());
            if let Some(uri) = uri
                && !self.ensure_linted(&uri)
            {
                self.park(uri, Request { id, method, params });
                return;
            }
        }
        let result = match method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "initialize" => Err(error(
                ErrorCode::InvalidRequest,
                "initialize was sent twice",
            )),
            "textDocument/codeAction" => self.handle_request(params, Self::code_action),
            "textDocument/hover" => self.handle_request(params, Self::hover),
            "textDocument/diagnostic" => self.handle_request(params, Self::pull_diagnostics),
            _ => Err(error(
                ErrorCode::MethodNotFound,
                &format!("onbrand does not handle {method}"),
            )),
        };
        self.respond(id, result);
    }

    fn handle_request<P: DeserializeOwned, R: serde::Serialize>(
        &mut self,
        params: Value,
        handler: fn(&mut Self, P) -> R,
    ) -> Result<Value, ResponseError> {
        let params = serde_json::from_value::<P>(params)
            .map_err(|problem| error(ErrorCode::InvalidParams, &problem.to_string()))?;
        Ok(json(&handler(self, params)))
    }

    /// Keep a request about `uri` until the lint running for its current text is done. The
    /// findings it would be answered from now are another text's (or none): a hover would
    /// describe a finding that is gone, a quick fix would edit the wrong place.
    fn park(&mut self, uri: Uri, request: Request) {
        if self.parked.len() >= MAX_PARKED {
            let message = format!(
                "{} requests are already waiting for documents to be linted",
                self.parked.len()
            );
            self.respond(request.id, Err(error(ErrorCode::RequestFailed, &message)));
            return;
        }
        self.parked.push((uri, request));
    }

    /// Answer the requests waiting for `uri`'s lint, now current (or impossible).
    fn unpark(&mut self, uri: &Uri) {
        let (ready, waiting) = std::mem::take(&mut self.parked)
            .into_iter()
            .partition(|(parked, _)| parked == uri);
        self.parked = waiting;
        for (_, request) in ready {
            self.on_request(request);
        }
    }

    /// Answer the requests waiting for `uri`'s lint with `code`: the text they were about is
    /// gone (edited or closed), so their positions mean nothing any more.
    fn drop_parked(&mut self, uri: &Uri, code: ErrorCode, message: &str) {
        let (dropped, waiting) = std::mem::take(&mut self.parked)
            .into_iter()
            .partition(|(parked, _)| parked == uri);
        self.parked = waiting;
        for (_, request) in dropped {
            self.respond(request.id, Err(error(code, message)));
        }
    }

    fn code_action(
        &mut self,
        params: CodeActionParams,
    ) -> Option<Vec<lsp_types::CodeActionOrCommand>> {
        let uri = params.text_document.uri;
        self.ensure_linted(&uri);
        let document = self.documents.get(&uri)?;
        let lint = document.lint.as_ref()?;
        let selection = document.byte_range(params.range, self.unit);
        let context = code_actions::Context {
            uri: &uri,
            format: document.format,
            file: &lint.file,
            unit: self.unit,
            only: params.context.only.as_deref(),
        };
        Some(code_actions::actions(&context, selection))
    }

    fn hover(&mut self, params: HoverParams) -> Option<lsp_types::Hover> {
        let uri = params.text_document_position_params.text_document.uri;
        self.ensure_linted(&uri);
        let document = self.documents.get(&uri)?;
        let lint = document.lint.as_ref()?;
        let offset = document.offset(params.text_document_position_params.position, self.unit);
        hover::hover(&lint.file, &lint.config.guideline, offset, self.unit)
    }

    fn pull_diagnostics(
        &mut self,
        params: DocumentDiagnosticParams,
    ) -> DocumentDiagnosticReportResult {
        let uri = params.text_document.uri;
        self.ensure_linted(&uri);
        let items = self.diagnostics_of(&uri);
        DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            },
        ))
    }

    // ----- notifications -----

    fn on_notification(&mut self, notification: Notification) -> Flow {
        let Notification { method, params } = notification;
        let outcome = match method.as_str() {
            "exit" => return Flow::Exit,
            "initialized" => {
                self.register_watchers();
                Ok(())
            }
            "textDocument/didOpen" => self.handle_notification(params, Self::did_open),
            "textDocument/didChange" => self.handle_notification(params, Self::did_change),
            "textDocument/didClose" => self.handle_notification(params, Self::did_close),
            "textDocument/didSave" => self.handle_notification(params, Self::did_save),
            "workspace/didChangeWatchedFiles" => {
                self.handle_notification(params, Self::did_change_watched_files)
            }
            "workspace/didChangeWorkspaceFolders" => {
                self.handle_notification(params, Self::did_change_workspace_folders)
            }
            transport::MALFORMED => {
                let problem = params.as_str().unwrap_or("malformed message");
                self.log(
                    MessageType::ERROR,
                    format!("ignored a malformed message: {problem}"),
                );
                Ok(())
            }
            transport::OVERSIZE => {
                let problem = params["problem"]
                    .as_str()
                    .unwrap_or("message over the limit");
                let message = format!("onbrand refused a message: {problem}");
                if let Ok(id) = serde_json::from_value::<RequestId>(params["id"].clone()) {
                    self.respond(id, Err(error(ErrorCode::InvalidRequest, &message)));
                }
                // It may have been the user's document: say so where they look.
                self.show(MessageType::ERROR, message);
                Ok(())
            }
            "$/cancelRequest" => self.handle_notification(params, Self::cancel_request),
            // `$/setTrace`, configuration changes, …: nothing to do.
            _ => Ok(()),
        };
        if let Err(problem) = outcome {
            self.log(
                MessageType::ERROR,
                format!("ignored {method} with invalid parameters: {problem}"),
            );
        }
        Flow::Continue
    }

    fn handle_notification<P: DeserializeOwned>(
        &mut self,
        params: Value,
        handler: fn(&mut Self, P),
    ) -> Result<(), serde_json::Error> {
        handler(self, serde_json::from_value(params)?);
        Ok(())
    }

    fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let path = self.path_of(&item.uri);
        let Some(format) = documents::format_of(&item.language_id, &path) else {
            self.other_open.insert(path, item.uri);
            return;
        };
        let document = OpenDocument::new(item.uri.clone(), path, format, item.version, item.text);
        self.documents.insert(item.uri, document);
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let unit = self.unit;
        let uri = params.text_document.uri;
        if let Some(document) = self.documents.get_mut(&uri) {
            document.apply_changes(params.text_document.version, params.content_changes, unit);
            self.drop_parked(
                &uri,
                ErrorCode::ContentModified,
                "the document changed before it was linted",
            );
        }
    }

    fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.drop_parked(
            &uri,
            ErrorCode::ContentModified,
            "the document was closed before it was linted",
        );
        self.other_open.retain(|_, open| *open != uri);
        if self.documents.remove(&uri).is_some() && self.push {
            self.publish(uri, Vec::new(), None);
        }
    }

    fn cancel_request(&mut self, params: lsp_types::CancelParams) {
        let id = match params.id {
            lsp_types::NumberOrString::Number(number) => RequestId::from(number),
            lsp_types::NumberOrString::String(text) => RequestId::from(text),
        };
        if let Some(index) = self.parked.iter().position(|(_, parked)| parked.id == id) {
            let (_, request) = self.parked.remove(index);
            let cancelled = error(ErrorCode::RequestCanceled, "cancelled by the client");
            self.respond(request.id, Err(cancelled));
        }
    }

    fn did_save(&mut self, params: DidSaveTextDocumentParams) {
        if documents::uri_to_path(&params.text_document.uri)
            .is_some_and(|path| config_watch::is_config_file(&path))
        {
            self.reload();
        }
    }

    fn did_change_watched_files(&mut self, params: DidChangeWatchedFilesParams) {
        let relevant = params.changes.iter().any(|change| {
            documents::uri_to_path(&change.uri)
                .is_some_and(|path| config_watch::is_config_file(&path))
        });
        if relevant {
            self.reload();
        }
    }

    fn did_change_workspace_folders(&mut self, params: DidChangeWorkspaceFoldersParams) {
        let removed: Vec<PathBuf> = params
            .event
            .removed
            .iter()
            .filter_map(|folder| documents::uri_to_path(&folder.uri))
            .collect();
        self.workspace_folders
            .retain(|folder| !removed.contains(folder));
        self.workspace_folders.extend(
            params
                .event
                .added
                .iter()
                .filter_map(|folder| documents::uri_to_path(&folder.uri)),
        );
        // The first folder roots the globs of the default configuration.
        self.linter = new_linter(&self.workspace_folders);
        self.reload();
    }

    // ----- configuration -----

    fn register_watchers(&mut self) {
        if !self.can_watch {
            self.log(
                MessageType::INFO,
                "the client cannot watch files: save a guideline file in the editor to reload it"
                    .to_owned(),
            );
            return;
        }
        self.next_request += 1;
        let id = RequestId::from(format!("onbrand-{}", self.next_request));
        let request = Request::new(
            id,
            "client/registerCapability".to_owned(),
            config_watch::registration(),
        );
        self.send(request.into());
    }

    /// Forget every loaded configuration and re-lint every open document with fresh ones.
    fn reload(&mut self) {
        self.linter.configs.clear();
        self.config_errors.clear();
        self.noted_errors.clear();
        // A lint running with the old configuration is outdated too.
        for document in self.documents.values_mut() {
            document.outdate();
        }
        if !self.push && self.refresh_support {
            self.next_request += 1;
            let id = RequestId::from(format!("onbrand-{}", self.next_request));
            let request = Request::new(id, "workspace/diagnostic/refresh".to_owned(), ());
            self.send(request.into());
        }
    }

    /// Turn a configuration error into diagnostics in the files it is about.
    // `Uri` only hashes and compares its text; clippy sees a `Cell` in fluent-uri's parse cache.
    #[allow(clippy::mutable_key_type)]
    fn note_config_error(&mut self, error: &Arc<ConfigError>) {
        if self
            .noted_errors
            .iter()
            .any(|noted| Arc::ptr_eq(noted, error))
        {
            return;
        }
        self.noted_errors.push(Arc::clone(error));
        self.log(MessageType::ERROR, format!("configuration error: {error}"));
        let ConfigError::Invalid(errors) = error.as_ref() else {
            return;
        };
        let mut by_file: HashMap<Uri, Vec<Diagnostic>> = HashMap::new();
        for problem in errors {
            let path = Path::new(&problem.file);
            if !path.is_absolute() {
                continue; // `<builtin>/…`: nothing the writer can open
            }
            let Some(uri) = self.uri_of(path) else {
                continue;
            };
            let text = self
                .documents
                .get(&uri)
                .map(|document| document.text.clone())
                .or_else(|| std::fs::read_to_string(path).ok())
                .unwrap_or_default();
            by_file
                .entry(uri)
                .or_default()
                .push(diagnostics::from_guideline_error(problem, &text, self.unit));
        }
        self.config_errors.extend(by_file);
    }

    // ----- linting and publishing -----

    /// Make `uri`'s lint current: lint it here if it is small, else start a worker on it.
    /// Returns `false` while a lint of its current text runs on a worker (or waits for one);
    /// `true` when `lint` is current, or when there is nothing to wait for (no such document,
    /// one too large to lint, no usable configuration).
    fn ensure_linted(&mut self, uri: &Uri) -> bool {
        let Some(document) = self.documents.get(uri) else {
            return true;
        };
        if !document.stale {
            return true;
        }
        if document.text.len() as u64 > crate::document::DEFAULT_SIZE_LIMIT {
            self.refuse_too_large(uri);
            return true;
        }
        let on_worker = document.text.len() > background::BACKGROUND_BYTES;
        if on_worker && (document.linting.is_some() || !self.workers.has_room()) {
            return false;
        }
        let Some(job) = self.job_for(uri) else {
            return true;
        };
        if on_worker {
            self.log(
                MessageType::LOG,
                format!(
                    "linting version {} of {} ({} bytes) on a worker ({} of {} busy)",
                    job.version,
                    uri.as_str(),
                    job.text.len(),
                    self.workers.running() + 1,
                    self.workers.max()
                ),
            );
            self.workers.start(job);
            false
        } else {
            self.take_lint(background::lint(job));
            true
        }
    }

    /// The same limit as `onbrand check`: a 50 MB buffer would hold a worker for a minute and
    /// come back as a million diagnostics. The user is told once, not at every keystroke.
    fn refuse_too_large(&mut self, uri: &Uri) {
        let limit = crate::document::DEFAULT_SIZE_LIMIT;
        let Some(document) = self.documents.get_mut(uri) else {
            return;
        };
        document.stale = false;
        document.lint = None;
        if !std::mem::replace(&mut document.told_too_large, true) {
            let message = format!(
                "onbrand does not lint {}: it is {} bytes, over the {limit}-byte limit.",
                uri.as_str(),
                document.text.len()
            );
            self.show(MessageType::WARNING, message);
        }
    }

    /// What linting `uri`'s current text takes, with its cache lent out; `None` (and no lint)
    /// when no configuration is usable or the configuration excludes the file.
    fn job_for(&mut self, uri: &Uri) -> Option<Job> {
        let path = self.documents.get(uri)?.path.clone();
        let config = match self.linter.config_for(&path) {
            Ok(config) => Some(config),
            Err(FileError::Config(error)) => {
                self.note_config_error(&error);
                None
            }
            Err(other) => {
                self.log(MessageType::ERROR, format!("{}: {other}", path.display()));
                None
            }
        };
        let document = self.documents.get_mut(uri)?;
        document.told_too_large = false;
        if let Some(config) = &config {
            document.good_config = Some(Arc::clone(config));
        }
        // A broken configuration keeps the last good one in force for this document.
        let config = config.or_else(|| document.good_config.clone());
        let Some(config) = config.filter(|config| !config.is_excluded(&path)) else {
            document.stale = false;
            document.lint = None;
            return None;
        };
        document.linting = Some(document.revision);
        Some(Job {
            uri: uri.clone(),
            revision: document.revision,
            version: document.version,
            settings: self.linter.settings_for(&path, &config),
            path,
            format: document.format,
            text: document.text.clone(),
            config,
            cache: std::mem::take(&mut document.cache),
        })
    }

    /// Keep a finished lint if it is of the document's current text, else discard it: its
    /// findings are placed in a text the client no longer has.
    fn take_lint(&mut self, finished: Finished) {
        let Finished {
            uri,
            revision,
            version,
            config,
            outcome,
            cache,
        } = finished;
        let Some(document) = self.documents.get_mut(&uri) else {
            return; // closed meanwhile
        };
        if document.linting == Some(revision) {
            document.linting = None;
            document.cache = cache;
        }
        if document.revision != revision {
            // Still stale: the next flush lints the latest text.
            let message = format!(
                "discarded the lint of version {version} of {}: the document changed meanwhile",
                uri.as_str()
            );
            self.log(MessageType::LOG, message);
            return;
        }
        document.stale = false;
        match outcome {
            Ok(file) => document.lint = Some(Lint { file, config }),
            Err(message) => {
                document.lint = None;
                self.log(
                    MessageType::ERROR,
                    format!(
                        "onbrand failed while linting {}: {message}. Please report this with the document.",
                        uri.as_str()
                    ),
                );
            }
        }
    }

    /// Lint and publish every document that changed, then configuration errors.
    fn flush(&mut self) {
        let pending: Vec<Uri> = self
            .documents
            .values()
            .filter(|document| document.needs_publish || document.stale)
            .map(|document| document.uri.clone())
            .collect();
        for uri in pending {
            if !self.ensure_linted(&uri) {
                continue; // published when its worker is done
            }
            self.unpark(&uri);
            let Some(document) = self.documents.get_mut(&uri) else {
                continue;
            };
            document.needs_publish = false;
            let version = document.version;
            if self.push {
                let items = self.diagnostics_of(&uri);
                self.publish(uri, items, Some(version));
            }
        }
        self.publish_config_errors();
    }

    fn diagnostics_of(&self, uri: &Uri) -> Vec<Diagnostic> {
        let Some(lint) = self
            .documents
            .get(uri)
            .and_then(|document| document.lint.as_ref())
        else {
            return Vec::new();
        };
        let file = &lint.file;
        let (text, lines) = (&file.document.text, &file.lines);
        let findings = file
            .findings
            .iter()
            .map(|finding| diagnostics::from_finding(uri, finding, file, self.unit));
        let notes = file
            .document
            .notes
            .iter()
            .map(|note| diagnostics::from_note(note, text, lines, self.unit));
        findings.chain(notes).collect()
    }

    fn publish_config_errors(&mut self) {
        let mut updates = Vec::new();
        for (uri, items) in &self.config_errors {
            if self.config_published.get(uri) != Some(items) {
                updates.push((uri.clone(), items.clone()));
            }
        }
        for uri in self.config_published.keys() {
            if !self.config_errors.contains_key(uri) {
                updates.push((uri.clone(), Vec::new()));
            }
        }
        self.config_published = self.config_errors.clone();
        for (uri, items) in updates {
            self.publish(uri, items, None);
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new("textDocument/publishDiagnostics".to_owned(), params).into());
    }

    // ----- plumbing -----

    /// The path a document stands for: its file, or for an unsaved buffer (`untitled:`) a
    /// file of that name in the first workspace folder, so the workspace configuration applies.
    fn path_of(&self, uri: &Uri) -> PathBuf {
        documents::uri_to_path(uri).unwrap_or_else(|| {
            let name = uri.as_str().rsplit([':', '/']).next().unwrap_or("untitled");
            default_root(&self.workspace_folders).join(name)
        })
    }

    /// The URI to publish a file's diagnostics under: the client's own spelling if it has the
    /// file open.
    fn uri_of(&self, path: &Path) -> Option<Uri> {
        self.documents
            .values()
            .find(|document| document.path == path)
            .map(|document| document.uri.clone())
            .or_else(|| self.other_open.get(path).cloned())
            .or_else(|| documents::path_to_uri(path))
    }

    fn respond(&self, id: RequestId, result: Result<Value, ResponseError>) {
        let response = Response {
            id,
            response_result: result,
        };
        self.send(response.into());
    }

    fn log(&self, typ: MessageType, message: String) {
        let params = LogMessageParams { typ, message };
        self.send(Notification::new("window/logMessage".to_owned(), params).into());
    }

    /// A message the user sees (not only the log).
    fn show(&self, typ: MessageType, message: String) {
        self.log(typ, message.clone());
        let params = lsp_types::ShowMessageParams { typ, message };
        self.send(Notification::new("window/showMessage".to_owned(), params).into());
    }

    fn send(&self, message: Message) {
        // A send fails only when the client is gone; the loop ends at the next receive then.
        let _ = self.sender.send(message);
    }
}

fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|folder| documents::uri_to_path(&folder.uri))
        .collect();
    if !folders.is_empty() {
        return folders;
    }
    #[allow(deprecated)] // older clients send only `rootUri`
    let root = params.root_uri.as_ref().and_then(documents::uri_to_path);
    root.into_iter().collect()
}

fn default_root(folders: &[PathBuf]) -> PathBuf {
    folders
        .first()
        .cloned()
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

fn new_linter(folders: &[PathBuf]) -> Linter {
    Linter::new(
        ConfigCache::new(default_root(folders)),
        RunOverrides::default(),
    )
}

/// UTF-8 when the client offers it (no conversion at all), else UTF-16, which every client
/// must support.
fn negotiate_encoding(capabilities: &ClientCapabilities) -> ColumnUnit {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref());
    if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
        ColumnUnit::Utf8
    } else {
        ColumnUnit::Utf16
    }
}

fn error(code: ErrorCode, message: &str) -> ResponseError {
    ResponseError {
        code: code as i32,
        message: message.to_owned(),
        data: None,
    }
}

fn json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
