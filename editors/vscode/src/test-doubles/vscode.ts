// A stand-in for the `vscode` module, which exists only inside a running VS Code. It has just
// what src/extension.ts and the LanguageClient double (languageclient.ts) use, with the same
// names and shapes, plus `editor`: what the test reads (messages shown, commands run) and
// drives (settings, the user's answer to a prompt, opening a document).
//
// Not in out/test/ on purpose: `node --test out/test/` would run every file there as a test.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

type Listener<T> = (event: T) => unknown;

/** vscode.EventEmitter, reduced to subscribing and firing. */
class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(event: T): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** The settings' defaults as VS Code reads them: from the extension's package.json. */
function contributedDefaults(): Map<string, unknown> {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
  const properties: Record<string, { default?: unknown }> = manifest.contributes.configuration.properties;
  return new Map(Object.entries(properties).map(([key, property]) => [key, property.default]));
}

export interface StubDocument {
  uri: { scheme: string; fsPath: string; toString(): string };
  languageId: string;
  version: number;
  getText(): string;
}

const documentOpened = new Emitter<StubDocument>();
const configurationChanged = new Emitter<{ affectsConfiguration(section: string): boolean }>();
const commandHandlers = new Map<string, (...args: unknown[]) => unknown>();

/** The test's side of the editor. */
export const editor = {
  /** User settings by full key ("onbrand.path"); unset keys read the contributed default. */
  settings: new Map<string, unknown>(),
  /** The item the user clicks in the next notification; undefined closes it. */
  answer: undefined as string | undefined,
  /** Every notification shown, in order. */
  messages: [] as { severity: "error" | "information"; text: string; items: string[] }[],
  /** VS Code's own commands that were run (such as opening Settings). */
  builtinCommandsRun: [] as { command: string; args: unknown[] }[],
  workspaceFolders: [] as { uri: { scheme: string; fsPath: string }; name: string; index: number }[],
  documents: [] as StubDocument[],

  reset(): void {
    this.settings.clear();
    this.answer = undefined;
    this.messages.length = 0;
    this.builtinCommandsRun.length = 0;
    this.workspaceFolders.length = 0;
    this.documents.length = 0;
  },

  /** Open a file as VS Code does when the user opens it: it fires onDidOpenTextDocument. */
  openDocument(file: string, languageId: string, text: string): StubDocument {
    const uri = pathToFileURL(file).href;
    const document = {
      uri: { scheme: "file", fsPath: file, toString: () => uri },
      languageId,
      version: 1,
      getText: () => text,
    };
    this.documents.push(document);
    documentOpened.fire(document);
    return document;
  },

  /** Change a setting as the Settings editor does: the change event follows. */
  changeSetting(key: string, value: unknown): void {
    this.settings.set(key, value);
    configurationChanged.fire({ affectsConfiguration: (section) => key === section || key.startsWith(`${section}.`) });
  },
};

const defaults = contributedDefaults();

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

export const workspace = {
  getConfiguration(section: string) {
    return {
      get<T>(key: string): T | undefined {
        const full = `${section}.${key}`;
        return (editor.settings.has(full) ? editor.settings.get(full) : defaults.get(full)) as T | undefined;
      },
    };
  },
  get workspaceFolders() {
    return editor.workspaceFolders.length > 0 ? editor.workspaceFolders : undefined;
  },
  get textDocuments() {
    return editor.documents;
  },
  onDidOpenTextDocument: documentOpened.event,
  onDidChangeConfiguration: configurationChanged.event,
};

function show(severity: "error" | "information", text: string, items: string[]): Promise<string | undefined> {
  editor.messages.push({ severity, text, items });
  return Promise.resolve(items.includes(editor.answer as string) ? editor.answer : undefined);
}

export const window = {
  showErrorMessage: (text: string, ...items: string[]) => show("error", text, items),
  showInformationMessage: (text: string, ...items: string[]) => show("information", text, items),
  withProgress<R>(_options: unknown, task: (progress: { report(value: unknown): void }) => Promise<R>): Promise<R> {
    return task({ report: () => undefined });
  },
};

export const commands = {
  registerCommand(command: string, handler: (...args: unknown[]) => unknown) {
    commandHandlers.set(command, handler);
    return { dispose: () => commandHandlers.delete(command) };
  },
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    const handler = commandHandlers.get(command);
    if (handler) return handler(...args);
    // VS Code's own commands are recorded; any other is an error, as in VS Code.
    if (!command.startsWith("workbench.")) throw new Error(`command '${command}' not found`);
    editor.builtinCommandsRun.push({ command, args });
    return undefined;
  },
};
