// The onbrand extension: starts `onbrand lsp` and connects it to VS Code.
//
// Everything else (diagnostics, quick fixes, "fix all", suppression comments, hover, reloading
// the guideline when a TOML file changes) is the server's job, so that every editor gets the
// same behaviour; this file only decides which binary to run and for which documents.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

// The languages onbrand reads. "email" is contributed by this extension for *.eml files;
// "mdx" comes from the MDX extension when it is installed.
const LANGUAGES = ["markdown", "mdx", "html", "plaintext", "email"];

function createClient(): LanguageClient {
  const command =
    vscode.workspace.getConfiguration("onbrand").get<string>("path") || "onbrand";
  // No `transport` on purpose: with one set, the client appends `--stdio`, which
  // `onbrand lsp` does not need (it always speaks over standard input and output).
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    outputChannelName: "onbrand",
  };
  // The id "onbrand" makes the client read the `onbrand.trace.server` setting.
  return new LanguageClient("onbrand", "onbrand", serverOptions, clientOptions);
}

async function start(): Promise<void> {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `onbrand: cannot start the language server (${message}). ` +
        "Install onbrand or set `onbrand.path` to the binary."
    );
  }
}

async function restart(): Promise<void> {
  if (client) {
    await client.stop().catch(() => undefined);
    client = undefined;
  }
  await start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("onbrand.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("onbrand.path")) {
        void restart();
      }
    })
  );
  await start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
