// onbrand in JavaScript: the engine compiled to WebAssembly, with typed results (onbrand.d.ts).
//
// Positions are UTF-16 code unit offsets into the linted string: `text.slice(start, end)` is
// the text of a finding, and `textarea.setSelectionRange(start, end)` selects it.

import initWasm, {
  initSync,
  Linter as WasmLinter,
  formats as wasmFormats,
} from "./wasm/onbrand_wasm.js";

/** A configuration or guideline that does not compile: every problem, with its place. */
export class ConfigError extends Error {
  constructor(problems) {
    super(
      problems
        .map((p) => (p.line ? `${p.file}:${p.line}:${p.column}: ${p.message}` : `${p.file}: ${p.message}`))
        .join("\n"),
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Load the WebAssembly module from a URL, a Response, bytes or a compiled module. */
export async function init(source) {
  await initWasm(source === undefined ? undefined : { module_or_path: source });
}

/** Load the WebAssembly module from its bytes (or a compiled module), synchronously. */
export function initFromBytes(bytes) {
  initSync({ module: bytes });
}

/** The format names `lint` accepts. */
export function formats() {
  return JSON.parse(wasmFormats());
}

// The engine throws Errors whose message is JSON: problems with places, or a sentence.
function rethrow(error) {
  let detail;
  try {
    detail = JSON.parse(error.message);
  } catch {
    throw error;
  }
  throw Array.isArray(detail) ? new ConfigError(detail) : new Error(detail);
}

function call(thunk) {
  try {
    return JSON.parse(thunk());
  } catch (error) {
    rethrow(error);
  }
}

/** A compiled configuration and guideline, and the text being edited. */
export class Linter {
  #inner;

  constructor(inner) {
    this.#inner = inner;
  }

  /**
   * Compile a configuration (an onbrand.toml's text; the starter configuration when absent)
   * with the guideline files it names. Throws a ConfigError listing every problem.
   */
  static load({ config, files = [] } = {}) {
    try {
      return new Linter(new WasmLinter(config ?? undefined, JSON.stringify(files)));
    } catch (error) {
      rethrow(error);
    }
  }

  /** The channels a text can be linted for. */
  channels() {
    return JSON.parse(this.#inner.channels());
  }

  /** Lint a text: findings (UTF-16 offsets, sorted) and tone. Re-linting an edited text is incremental. */
  lint(text, options = {}) {
    return call(() => this.#inner.lint(text, JSON.stringify(options)));
  }

  /** The text's tone against its channel's targets, or null without a tone profile. */
  tone(text, options = {}) {
    return this.lint(text, options).tone ?? null;
  }

  /**
   * Apply fixes: the best fix of the findings at `indices` of `lint(text, options).findings`
   * (chosen by the writer, so unsafe ones too), or every safe fix when absent. Returns the new
   * text, how many fixes were applied and the new text's lint.
   */
  fix(text, options = {}, indices = null) {
    return call(() => this.#inner.fix(text, JSON.stringify(options), JSON.stringify(indices)));
  }

  /** Free the WebAssembly memory of this linter. */
  free() {
    this.#inner.free();
  }
}
