// Bundles the playground into one classic script with the WebAssembly module inlined (so that
// index.html works from file://, where browsers load neither ES modules nor .wasm files), and
// reports the module's size, raw and compressed.
//
// Usage: node web/build.mjs <out-dir>   (scripts/build-web runs it after wasm-bindgen)

import { build } from "esbuild";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const here = fileURLToPath(new URL(".", import.meta.url));
const out = resolve(process.argv[2] ?? join(here, "../target/web"));
const wasm = join(out, "pkg/wasm/onbrand_wasm_bg.wasm");

await build({
  entryPoints: [join(here, "playground/playground.js")],
  bundle: true,
  format: "iife",
  target: "es2022",
  minify: true,
  outfile: join(out, "playground.js"),
  alias: { onbrand: join(out, "pkg/onbrand.js"), "onbrand-wasm-bytes": wasm },
  loader: { ".wasm": "binary" },
  // The glue's default loader fetches the module next to it; the page passes the bytes instead.
  define: { "import.meta.url": '""' },
  logLevel: "warning",
});
for (const file of ["index.html", "playground.css"]) {
  copyFileSync(join(here, "playground", file), join(out, file));
}

const bytes = readFileSync(wasm);
const sizes = {
  wasm: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  page: readFileSync(join(out, "playground.js")).length,
};
writeFileSync(join(out, "size.json"), JSON.stringify(sizes, null, 2) + "\n");
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
console.log(
  `wasm ${mb(sizes.wasm)}, gzip ${mb(sizes.gzip)}, brotli ${mb(sizes.brotli)}; page bundle ${mb(sizes.page)}`,
);
