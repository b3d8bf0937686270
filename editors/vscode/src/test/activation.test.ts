// The extension's real activate() and deactivate() under Node, against the real `onbrand lsp`.
//
// VS Code itself cannot be downloaded here or in CI, so `vscode` is a stub and the
// LanguageClient a double that spawns exactly the command it is given and speaks LSP to it
// (src/test-doubles/). What is real: extension.ts and binary.ts (finding the binary, the
// prompt, the download, the settings, the restart command) and the server process and its
// protocol.
//
// The binary: $ONBRAND_BIN, else target/debug/onbrand or target/release/onbrand under
// $CARGO_TARGET_DIR or the repository (`cargo build` makes it). Without one the tests that
// need it are skipped, loudly, and fail under CI (env CI set), where .ci/run builds it first.

// First: from here on `vscode` and `vscode-languageclient/node` resolve to the doubles.
import "../test-doubles/install";

import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type TestContext, after, afterEach, beforeEach, test } from "node:test";
import * as assert from "node:assert/strict";
import type * as vscode from "vscode";

import { downloadedBinary, releaseTarget } from "../binary";
import * as extension from "../extension";
import { LanguageClient } from "../test-doubles/languageclient";
import { releaseFolder, serve } from "../test-doubles/release";
import { commands, editor } from "../test-doubles/vscode";

const REPOSITORY = path.resolve(__dirname, "..", "..", "..", "..");
const EXECUTABLE = process.platform === "win32" ? "onbrand.exe" : "onbrand";

/** The onbrand binary cargo built, or undefined. */
function builtBinary(): string | undefined {
  const explicit = process.env.ONBRAND_BIN;
  if (explicit) {
    assert.ok(existsSync(explicit), `ONBRAND_BIN=${explicit} does not exist`);
    return explicit;
  }
  // A relative CARGO_TARGET_DIR is relative to where cargo ran: the repository, for .ci/run.
  const target = path.resolve(REPOSITORY, process.env.CARGO_TARGET_DIR || "target");
  return ["debug", "release"].map((profile) => path.join(target, profile, EXECUTABLE)).find(existsSync);
}

/** The binary, or undefined after marking the test skipped (a failure under CI). */
function binaryOrSkip(t: TestContext): string | undefined {
  const binary = builtBinary();
  if (binary) return binary;
  const why =
    "no onbrand binary: run `cargo build` in the repository or set ONBRAND_BIN " +
    "(looked for target/debug/onbrand and target/release/onbrand under CARGO_TARGET_DIR or the repository)";
  assert.ok(process.env.CI === undefined, `${why}. CI must run this test.`);
  console.error(`SKIPPED: ${why}`);
  t.skip(why);
  return undefined;
}

const tempDirs: string[] = [];
async function tempDir(name: string): Promise<string> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), `onbrand-${name}-`));
  tempDirs.push(folder);
  return folder;
}
after(() => Promise.all(tempDirs.map((folder) => fs.rm(folder, { recursive: true, force: true }))));

/** A folder holding only an `onbrand` symlink to `binary`, the way an install puts it on PATH. */
async function binFolder(binary: string): Promise<string> {
  const folder = await tempDir("bin");
  await fs.symlink(binary, path.join(folder, EXECUTABLE));
  return folder;
}

// A Markdown file with one problem from onbrand's starter guideline (onbrand.style.click-here):
// the workspace has no onbrand.toml, so the server lints with the built-in guideline.
const CLICK_HERE = "# Release notes\n\nClick here to read them.\n";

// A test waiting for a server that never answers fails after this instead of hanging CI.
const TIMEOUT = { timeout: 30_000 };

const originalPath = process.env.PATH;
let subscriptions: { dispose(): unknown }[] = [];

beforeEach(() => {
  editor.reset();
  LanguageClient.created.length = 0;
});

afterEach(async () => {
  // deactivate() is what VS Code calls on shutdown; kill() only matters after a failure.
  await extension.deactivate().catch(() => undefined);
  for (const client of LanguageClient.created) client.kill();
  for (const subscription of subscriptions.splice(0)) subscription.dispose();
  process.env.PATH = originalPath;
});

/** This machine's PATH without the folders that hold an `onbrand` (tar must stay reachable). */
function pathWithoutOnbrand(): string[] {
  return (originalPath ?? "")
    .split(path.delimiter)
    .filter((folder) => folder !== "" && !existsSync(path.join(folder, EXECUTABLE)));
}

/**
 * Activates the extension as VS Code does when a Markdown file is opened: in a fresh workspace
 * folder, with `pathFolders` at the front of PATH and the extension's storage folder at `storage`
 * (by default a fresh one that does not exist yet, as on first use).
 */
async function activate(
  pathFolders: string[],
  storage?: string
): Promise<{ workspace: string; storage: string }> {
  const workspace = await tempDir("workspace");
  storage ??= path.join(await tempDir("storage"), "onbrand.onbrand");
  editor.workspaceFolders.push({ uri: { scheme: "file", fsPath: workspace }, name: "workspace", index: 0 });
  process.env.PATH = [...pathFolders, ...pathWithoutOnbrand()].join(path.delimiter);
  const context = { subscriptions: [] as { dispose(): unknown }[], globalStorageUri: { fsPath: storage } };
  subscriptions = context.subscriptions;
  await extension.activate(context as unknown as vscode.ExtensionContext);
  return { workspace, storage };
}

/** Opens the Markdown file with the click-here problem and checks the finding `client` gets for it. */
async function assertClickHereFinding(client: LanguageClient, workspace: string): Promise<void> {
  const document = editor.openDocument(path.join(workspace, "notes.md"), "markdown", CLICK_HERE);
  const diagnostics = await client.diagnosticsFor(document.uri.toString());
  assert.deepEqual(
    diagnostics.map(({ code, source, severity, message, range }) => ({ code, source, severity, message, range })),
    [
      {
        code: "onbrand.style.click-here",
        source: "onbrand",
        severity: 3, // Information: the rule's severity is "suggestion"
        message: "Link text should say where the link goes, not 'Click here'.",
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 10 } },
      },
    ],
    client.stderr
  );
}

/** Resolves once `condition` holds, for what the extension does without awaiting (a settings change). */
async function eventually(what: string, condition: () => boolean): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    assert.ok(Date.now() - started < 10_000, `not within 10 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("with onbrand on PATH, activation starts `onbrand lsp`, which lints Markdown and stops cleanly", TIMEOUT, async (t) => {
  const binary = binaryOrSkip(t);
  if (!binary) return;
  const bin = await binFolder(binary);
  const { workspace } = await activate([bin]);

  assert.equal(LanguageClient.created.length, 1);
  const [client] = LanguageClient.created;
  assert.deepEqual(client.spawned, { command: path.join(bin, EXECUTABLE), args: ["lsp"] });
  const capabilities = client.initializeResult?.capabilities;
  assert.deepEqual(capabilities?.codeActionProvider, { codeActionKinds: ["quickfix", "source.fixAll"] });
  assert.equal(capabilities?.hoverProvider, true);
  await assertClickHereFinding(client, workspace);

  await extension.deactivate();
  assert.equal(await client.exitCode(), 0, client.stderr);
  assert.deepEqual(editor.messages, []);
});

test("without a binary, closing the download prompt starts nothing and the prompt says what is needed", TIMEOUT, async () => {
  // The user closes the notification (editor.answer stays undefined).
  const { storage } = await activate([]);

  assert.equal(LanguageClient.created.length, 0, "no server started");
  assert.deepEqual(editor.messages, [
    {
      severity: "information",
      text:
        "onbrand needs its language server, the `onbrand` binary, and did not find it on PATH. " +
        `Download the release binary for ${releaseTarget(process.platform, process.arch)} (about 10 MB, checksum verified)?`,
      items: ["Download", "Set path"],
    },
  ]);
  assert.equal(existsSync(storage), false, "nothing downloaded");
});

test("without a binary, 'Set path' in the prompt opens the onbrand.path setting", TIMEOUT, async () => {
  editor.answer = "Set path";
  await activate([]);

  assert.equal(LanguageClient.created.length, 0);
  assert.deepEqual(editor.builtinCommandsRun, [{ command: "workbench.action.openSettings", args: ["onbrand.path"] }]);
});

test("without a binary, 'Download' fetches the release from onbrand.releaseUrl, runs it, and keeps it", TIMEOUT, async (t) => {
  const binary = binaryOrSkip(t);
  if (!binary) return;
  const target = releaseTarget(process.platform, process.arch);
  assert.ok(target, `no release target for ${process.platform} ${process.arch}`);
  // The released binary is a script that runs the built one: an archive of the debug build
  // (hundreds of MB) would make the test slow for nothing.
  const folder = await releaseFolder(target, `#!/bin/sh\nexec '${binary}' "$@"\n`);
  tempDirs.push(folder);
  const release = await serve(folder);
  try {
    editor.settings.set("onbrand.releaseUrl", release.url);
    editor.answer = "Download";
    const { workspace, storage } = await activate([]);

    const downloaded = downloadedBinary(storage, target, process.platform);
    assert.equal(LanguageClient.created.length, 1, JSON.stringify(editor.messages));
    const [client] = LanguageClient.created;
    assert.deepEqual(client.spawned, { command: downloaded, args: ["lsp"] });
    await assertClickHereFinding(client, workspace);

    // The next session uses the downloaded binary without asking again.
    await extension.deactivate();
    editor.reset();
    await activate([], storage);
    assert.deepEqual(editor.messages, []);
    assert.deepEqual(LanguageClient.created[1].spawned, { command: downloaded, args: ["lsp"] });
  } finally {
    release.close();
  }
});

test("without a binary, a failed download says why and starts nothing", TIMEOUT, async () => {
  const release = await serve(await tempDir("no-release"));
  try {
    editor.settings.set("onbrand.releaseUrl", release.url);
    editor.answer = "Download";
    await activate([]);

    assert.equal(LanguageClient.created.length, 0);
    const archive = `onbrand-${releaseTarget(process.platform, process.arch)}.tar.gz`;
    assert.deepEqual(editor.messages.at(-1), {
      severity: "error",
      text: `onbrand: the download failed (${release.url}/${archive}: HTTP 404).`,
      items: [],
    });
  } finally {
    release.close();
  }
});

test("onbrand.path wins over PATH, and changing it restarts the server with the new binary", TIMEOUT, async (t) => {
  const binary = binaryOrSkip(t);
  if (!binary) return;
  const configured = path.join(await binFolder(binary), EXECUTABLE);
  editor.settings.set("onbrand.path", configured);
  const { workspace } = await activate([await binFolder(binary)]);

  const [first] = LanguageClient.created;
  assert.deepEqual(first.spawned, { command: configured, args: ["lsp"] });
  assert.ok(first.initializeResult, "the server answered initialize");

  const changed = path.join(await binFolder(binary), EXECUTABLE);
  editor.changeSetting("onbrand.path", changed);
  await eventually("a second server answers initialize", () => !!LanguageClient.created[1]?.initializeResult);
  assert.equal(await first.exitCode(), 0, first.stderr);
  const second = LanguageClient.created[1];
  assert.deepEqual(second.spawned, { command: changed, args: ["lsp"] });
  await assertClickHereFinding(second, workspace);
});

test("onbrand.path naming no file: the error says the server cannot start and what to set", TIMEOUT, async () => {
  const missing = path.join(await tempDir("missing"), EXECUTABLE);
  editor.settings.set("onbrand.path", missing);
  await activate([]);

  assert.equal(editor.messages.length, 1);
  const [error] = editor.messages;
  assert.equal(error.severity, "error");
  assert.match(error.text, /^onbrand: cannot start the language server \(spawn .*ENOENT\)\./);
  assert.match(error.text, /set `onbrand\.path` to the binary\.$/);
});

test("the onbrand.restartServer command replaces the server, and the new one lints the open documents", TIMEOUT, async (t) => {
  const binary = binaryOrSkip(t);
  if (!binary) return;
  const { workspace } = await activate([await binFolder(binary)]);
  const [first] = LanguageClient.created;
  await assertClickHereFinding(first, workspace);

  await commands.executeCommand("onbrand.restartServer");

  assert.equal(await first.exitCode(), 0, first.stderr);
  assert.equal(LanguageClient.created.length, 2);
  const second = LanguageClient.created[1];
  assert.deepEqual(second.spawned, first.spawned);
  // The document is still open: the new client hands it to the new server, which lints it.
  const [document] = editor.documents;
  const diagnostics = await second.diagnosticsFor(document.uri.toString());
  assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), ["onbrand.style.click-here"]);
});

test("every language the extension sends to the server activates it, and XML only as DITA", async () => {
  const manifest = JSON.parse(await fs.readFile(path.join(__dirname, "..", "..", "package.json"), "utf8"));
  const events: string[] = manifest.activationEvents;
  for (const language of extension.LANGUAGES) {
    assert.ok(events.includes(`onLanguage:${language}`), `no activation event for ${language}`);
  }
  for (const language of ["restructuredtext", "asciidoc", "org", "dita"]) {
    assert.ok(extension.LANGUAGES.includes(language), language);
  }
  assert.ok(events.includes("workspaceContains:**/*.dita"));
  assert.deepEqual(extension.DITA_AS_XML, { language: "xml", pattern: "**/*.dita" });
});
