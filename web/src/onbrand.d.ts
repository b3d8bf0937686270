// Types of onbrand's JavaScript API (onbrand.js). Offsets are UTF-16 code units.

export type Severity = "suggestion" | "warning" | "error";

export type Format =
  | "text" | "markdown" | "mdx" | "html" | "email" | "fluent"
  | "yaml" | "json" | "toml" | "po" | "xliff";

/** A file handed to the engine: an onbrand.toml's guideline file, a word list. */
export interface SourceFile {
  /** Its path relative to the onbrand.toml (`guideline/brand.toml`). */
  name: string;
  text: string;
}

export interface LoadOptions {
  /** An onbrand.toml's text; the starter configuration (the shipped guideline) when absent. */
  config?: string | null;
  /** The guideline files (and word lists, dictionaries) the configuration names. */
  files?: SourceFile[];
}

export interface LintOptions {
  /** The file the text is or would be: picks the format and the channel by glob. */
  path?: string;
  /** Beats what the path implies. */
  format?: Format;
  /** Beats the configuration's channel (a document's front matter still wins). */
  channel?: string;
  /** A language code (`en`, `de`, `zh`): beats detection. */
  language?: string;
  /** The language when none is declared or detected (a short text). */
  defaultLanguage?: string;
}

export interface Occurrence {
  start: number;
  end: number;
  fix?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** UTF-16 offsets: `text.slice(start, end)`. */
  start: number;
  end: number;
  /** Replacements, best first; empty when there is no automatic fix. */
  fixes: string[];
  link?: string;
  /** The rule's description from the guideline. */
  description?: string;
  /** Every place of a document-level finding, the first being start..end. */
  occurrences?: Occurrence[];
  /** Every fix in full, best first; absent when there is none. */
  fixDetails?: FixDetail[];
}

/** `safe`: "fix all" (`fix(text, options)`) makes it; `unsafe`: it may change the meaning,
 * and is made only when its finding is chosen by index. */
export type Applicability = "safe" | "unsafe";

/** One fix: its edits apply together. */
export interface FixDetail {
  title: string;
  applicability: Applicability;
  /** UTF-16 offsets into the linted text, in text order. */
  edits: { start: number; end: number; replacement: string }[];
}

export type ToneStatus = "pass" | "fail" | "too-short" | "no-target" | "not-measured";

export interface ToneDimension {
  name: string;
  /** Absent where the text is too short to measure it meaningfully. */
  value: number | null;
  min: number | null;
  max: number | null;
  status: ToneStatus;
}

export interface Tone {
  words: number;
  tooShort: boolean;
  dimensions: ToneDimension[];
}

export interface LintResult {
  format: Format;
  channel: string | null;
  language: string | null;
  findings: Finding[];
  tone?: Tone;
}

export interface FixResult {
  text: string;
  applied: number;
  result: LintResult;
}

export interface Problem {
  file: string;
  /** 1-based, in characters; 0 when the problem has no place. */
  line: number;
  column: number;
  message: string;
}

export class ConfigError extends Error {
  problems: Problem[];
}

export function init(
  source?: string | URL | Request | Response | BufferSource | WebAssembly.Module,
): Promise<void>;
export function initFromBytes(bytes: BufferSource | WebAssembly.Module): void;
export function formats(): Format[];

export class Linter {
  private constructor(inner: unknown);
  static load(options?: LoadOptions): Linter;
  channels(): string[];
  lint(text: string, options?: LintOptions): LintResult;
  tone(text: string, options?: LintOptions): Tone | null;
  fix(text: string, options?: LintOptions, indices?: number[] | null): FixResult;
  free(): void;
}
