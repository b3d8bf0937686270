// A test double of `vscode-languageclient/node`'s LanguageClient for running the extension
// without VS Code. The real client drives VS Code's UI through the `vscode` API (diagnostic
// collections, code action providers, output channels); this one keeps only its contract with
// the server: start() spawns the ServerOptions executable exactly as the real client does
// (lib/node/main.js: `run` outside debug mode, `--stdio` appended when a stdio transport is
// set, the first workspace folder as working directory), then speaks real LSP to it over stdio
// with vscode-jsonrpc, the library the real client uses, and forwards documents that match the
// documentSelector as didOpen. What the server sends back is kept for the test to read.

import { type ChildProcess, spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import * as vscode from "vscode";
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from "vscode-languageclient";
import type { LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import {
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from "vscode-jsonrpc/node";

/** Rejects after `ms` so that a silent server fails the test with a reason instead of hanging it. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class LanguageClient {
  /** Every client the extension created, oldest first. */
  static readonly created: LanguageClient[] = [];

  /** What was spawned: the command and its arguments. */
  spawned?: { command: string; args: string[] };
  initializeResult?: InitializeResult;
  /** Everything the server wrote to stderr (its log), for failure messages. */
  stderr = "";

  private serverProcess?: ChildProcess;
  private exited?: Promise<number | null>;
  private connection?: MessageConnection;
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly publishedListeners: (() => void)[] = [];
  private readonly subscriptions: { dispose(): unknown }[] = [];

  constructor(
    readonly id: string,
    readonly name: string,
    readonly serverOptions: ServerOptions,
    readonly clientOptions: LanguageClientOptions
  ) {
    LanguageClient.created.push(this);
  }

  async start(): Promise<void> {
    const { command, args } = this.executable();
    this.spawned = { command, args };
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const server = spawn(command, args, { cwd: root });
    this.serverProcess = server;
    this.exited = new Promise((resolve) => server.once("exit", (code) => resolve(code)));
    // A missing or unrunnable binary is an 'error' event, not an exception; the real start()
    // rejects then too.
    await new Promise<void>((resolve, reject) => {
      server.once("spawn", resolve);
      server.once("error", reject);
    });
    server.stderr?.on("data", (chunk) => (this.stderr += chunk));

    const connection = createMessageConnection(
      new StreamMessageReader(server.stdout!),
      new StreamMessageWriter(server.stdin!)
    );
    this.connection = connection;
    connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const listener of this.publishedListeners.splice(0)) listener();
    });
    // Log and show-message notifications, and requests such as client/registerCapability
    // (we advertise no dynamic registration, so none is expected): accepted and ignored.
    connection.onNotification(() => undefined);
    connection.onRequest(() => null);
    connection.listen();

    const rootUri = root ? pathToFileURL(root).href : null;
    const initialize = connection.sendRequest<InitializeResult>("initialize", {
      processId: process.pid,
      clientInfo: { name: "onbrand activation test" },
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: "workspace" }] : null,
      // Push diagnostics: without `textDocument.diagnostic` the server publishes them itself.
      capabilities: {
        general: { positionEncodings: ["utf-16"] },
        textDocument: { synchronization: {}, publishDiagnostics: {} },
      },
    });
    this.initializeResult = await within(10_000, "initialize response", initialize);
    await connection.sendNotification("initialized", {});

    // The real client opens every matching document that is already open, then each one opened later.
    for (const document of vscode.workspace.textDocuments) await this.didOpen(document);
    this.subscriptions.push(vscode.workspace.onDidOpenTextDocument((document) => this.didOpen(document)));
  }

  /** The diagnostics of the first publication for `uri`, waiting for it if need be. */
  async diagnosticsFor(uri: string): Promise<Diagnostic[]> {
    for (;;) {
      const publication = this.published.find((params) => params.uri === uri);
      if (publication) return publication.diagnostics;
      const next = new Promise<void>((resolve) => this.publishedListeners.push(resolve));
      await within(10_000, `publishDiagnostics for ${uri}`, next);
    }
  }

  /** shutdown, then exit, as the real client does; the server process must end by itself. */
  async stop(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    await within(5_000, "shutdown response", connection.sendRequest("shutdown"));
    await connection.sendNotification("exit");
    await this.exitCode();
    connection.dispose();
  }

  /** The server's exit code, once it has exited by itself (within 5 s). */
  exitCode(): Promise<number | null> {
    return within(5_000, "server exit", this.exited ?? Promise.reject(new Error("the server never started")));
  }

  /** After a failed test: ends the server process and stops listening to the editor. */
  kill(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.connection?.dispose();
    this.connection = undefined;
    this.serverProcess?.kill();
  }

  private executable(): { command: string; args: string[] } {
    if (!("run" in this.serverOptions) || !("command" in this.serverOptions.run)) {
      throw new Error("the double runs only { run: Executable, debug: Executable } server options");
    }
    const { command, args = [], transport } = this.serverOptions.run;
    if (transport === undefined) return { command, args: [...args] };
    // TransportKind.stdio is 0; the other transports (pipes, sockets) are not doubled.
    if (transport === 0) return { command, args: [...args, "--stdio"] };
    throw new Error(`the double does not do transport ${JSON.stringify(transport)}`);
  }

  private async didOpen(document: vscode.TextDocument): Promise<void> {
    if (!this.connection || !this.selects(document)) return;
    await this.connection.sendNotification("textDocument/didOpen", {
      textDocument: {
        uri: document.uri.toString(),
        languageId: document.languageId,
        version: document.version,
        text: document.getText(),
      },
    });
  }

  /** Whether a document filter of the documentSelector matches (language and scheme; no patterns). */
  private selects(document: vscode.TextDocument): boolean {
    return (this.clientOptions.documentSelector ?? []).some((filter) => {
      if (typeof filter === "string") return filter === document.languageId;
      const { language, scheme } = filter as { language?: string; scheme?: string };
      return (
        (language === undefined || language === document.languageId) &&
        (scheme === undefined || scheme === document.uri.scheme)
      );
    });
  }
}
