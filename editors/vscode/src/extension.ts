// The onbrand extension: starts `onbrand lsp` and connects it to VS Code.
//
// Everything else (diagnostics, quick fixes, "fix all", suppression comments, hover, reloading
// the guideline when a TOML file changes) is the server's job, so that every editor gets the
// same behaviour; this file only decides which binary to run and for which documents.

import * as path from "node:path";
import * as vscode from "vscode";
import { RELEASE_URL, downloadRelease, downloadedBinary, findOnPath, releaseTarget } from "./binary";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

// The languages onbrand reads. "email" is contributed by this extension for *.eml files;
// "mdx", "asciidoc", "org" and "dita" come from their extensions when installed;
// "restructuredtext" is VS Code's own.
export const LANGUAGES = [
  "markdown",
  "mdx",
  "html",
  "plaintext",
  "email",
  "restructuredtext",
  "asciidoc",
  "org",
  "dita",
];

// Without a DITA extension, VS Code opens *.dita files as XML: those, and no other XML, which
// onbrand does not read.
export const DITA_AS_XML = { language: "xml", pattern: "**/*.dita" };

let storage: string | undefined;

/**
 * The binary to run: `onbrand.path` when the user set it, else `onbrand` on PATH, else a
 * release binary this extension downloaded before, else (after asking) one it downloads now.
 * Undefined when there is none and the user declined.
 */
async function resolveBinary(): Promise<string | undefined> {
  const configuration = vscode.workspace.getConfiguration("onbrand");
  const configured = configuration.get<string>("path");
  if (configured && configured !== "onbrand") {
    return configured;
  }
  const onPath = await findOnPath(process.env.PATH);
  if (onPath) {
    return onPath;
  }
  const target = releaseTarget(process.platform, process.arch);
  if (!target || !storage) {
    void vscode.window.showErrorMessage(
      `onbrand: no \`onbrand\` on PATH and no release binary for ${process.platform} ${process.arch}. ` +
        "Build it with `cargo install onbrand --locked` and set `onbrand.path`."
    );
    return undefined;
  }
  const downloaded = downloadedBinary(storage, target, process.platform);
  if (await findOnPath(path.dirname(downloaded))) {
    return downloaded;
  }
  const choice = await vscode.window.showInformationMessage(
    "onbrand needs its language server, the `onbrand` binary, and did not find it on PATH. " +
      `Download the release binary for ${target} (about 10 MB, checksum verified)?`,
    "Download",
    "Set path"
  );
  if (choice === "Set path") {
    void vscode.commands.executeCommand("workbench.action.openSettings", "onbrand.path");
    return undefined;
  }
  if (choice !== "Download") {
    return undefined;
  }
  const releaseUrl = configuration.get<string>("releaseUrl") || RELEASE_URL;
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "onbrand: downloading the binary" },
      () => downloadRelease(releaseUrl, target, storage as string)
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`onbrand: the download failed (${message}).`);
    return undefined;
  }
}

function createClient(command: string): LanguageClient {
  // No `transport` on purpose: with one set, the client appends `--stdio`, which
  // `onbrand lsp` does not need (it always speaks over standard input and output).
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => [
        { scheme: "file", language },
        { scheme: "untitled", language },
      ]),
      { scheme: "file", ...DITA_AS_XML },
    ],
    outputChannelName: "onbrand",
  };
  // The id "onbrand" makes the client read the `onbrand.trace.server` setting.
  return new LanguageClient("onbrand", "onbrand", serverOptions, clientOptions);
}

async function start(): Promise<void> {
  const command = await resolveBinary();
  if (!command) {
    return;
  }
  client = createClient(command);
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
  storage = context.globalStorageUri.fsPath;
  context.subscriptions.push(
    vscode.commands.registerCommand("onbrand.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("onbrand.path") || event.affectsConfiguration("onbrand.releaseUrl")) {
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
