// Lints files with the WebAssembly build, the way a JavaScript caller does, and prints what it
// found in the shape of `onbrand check --format json` (without `context`): positions converted
// here, from UTF-16 offsets to UTF-8 byte offsets and 1-based lines and character columns, by
// JavaScript's own string handling. tests/web.rs compares this with the native build.
//
// Usage: node web/test/parity.mjs <pkg-dir> <config-dir> <file relative to config-dir>...

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const [pkg, root, ...paths] = process.argv.slice(2);
const onbrand = await import(pathToFileURL(join(pkg, "onbrand.js")).href);
onbrand.initFromBytes(readFileSync(join(pkg, "wasm/onbrand_wasm_bg.wasm")));

// Every file below the configuration's folder, as a writer would drop the folder.
function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
const files = walk(root)
  .filter((path) => path.endsWith(".toml") && !path.endsWith("onbrand.toml"))
  .map((path) => ({ name: relative(root, path), text: readFileSync(path, "utf8") }));
const linter = onbrand.Linter.load({ config: readFileSync(join(root, "onbrand.toml"), "utf8"), files });

function position(text, utf16) {
  const before = text.slice(0, utf16);
  const lineStart = before.lastIndexOf("\n") + 1;
  return {
    line: before.split("\n").length,
    column: [...before.slice(lineStart)].length + 1,
    offset: Buffer.byteLength(before, "utf8"),
  };
}

function place(text, start, end) {
  const from = position(text, start);
  const to = position(text, end);
  return {
    line: from.line,
    column: from.column,
    end_line: to.line,
    end_column: to.column,
    offset: from.offset,
    end_offset: to.offset,
    text: text.slice(start, end),
  };
}

const reports = paths.map((path) => {
  const text = readFileSync(join(root, path), "utf8");
  const result = linter.lint(text, { path });
  return {
    path,
    format: result.format,
    channel: result.channel,
    language: result.language,
    words: result.tone?.words ?? null,
    tone: result.tone
      ? { dimensions: result.tone.dimensions.map(({ name, value, min, max }) => ({ name, value, min, max })) }
      : null,
    findings: result.findings.map((finding) => {
      const { line, column, end_line, end_column, offset, end_offset, text: quoted } = place(text, finding.start, finding.end);
      return {
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        line, column, end_line, end_column, offset, end_offset,
        text: quoted,
        fixes: finding.fixes,
        link: finding.link ?? null,
        occurrences: (finding.occurrences ?? []).map((o) => ({ ...place(text, o.start, o.end), fix: o.fix ?? null })),
        fix_details: (finding.fixDetails ?? []).map(({ title, applicability, edits }) => ({
          title,
          applicability,
          edits: edits.map((edit) => {
            const { text: _replaced, ...at } = place(text, edit.start, edit.end);
            return { ...at, replacement: edit.replacement };
          }),
        })),
      };
    }),
  };
});
console.log(JSON.stringify(reports));
