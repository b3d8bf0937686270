// The playground page: the engine (inlined as bytes, so that the page works from file://),
// an editor whose findings are underlined as the writer types, the selected finding's
// explanation and fixes, and the text's tone against its channel's targets.

import wasmBytes from "onbrand-wasm-bytes";
import { ConfigError, Linter, formats, initFromBytes } from "onbrand";
import { toneChart } from "./tone-chart.js";

const $ = (id) => document.getElementById(id);
const copy = $("copy");
const backdrop = $("backdrop");
const DEBOUNCE_MS = 60;

const state = {
  linter: null,
  result: null,
  // The text `result` is for: a fix applies only to the text its findings were found in.
  text: "",
  selected: null,
  timer: 0,
};

initFromBytes(wasmBytes);
fillFormats();
useBrand(null, []);
const shared = sharedText();
if (shared !== null) copy.value = shared;
lintNow();

copy.addEventListener("input", () => {
  clearTimeout(state.timer);
  state.timer = setTimeout(lintNow, DEBOUNCE_MS);
});
copy.addEventListener("scroll", () => {
  backdrop.scrollTop = copy.scrollTop;
});
// Clicking into, or moving the caret onto, an underline explains it.
for (const event of ["click", "keyup"]) {
  copy.addEventListener(event, () => selectAt(copy.selectionStart));
}
for (const id of ["channel", "language", "format"]) $(id).addEventListener("change", lintNow);
$("fix-all").addEventListener("click", () => applyFix(null));
$("share").addEventListener("click", shareLink);
$("brand-files").addEventListener("change", (event) => loadFiles([...event.target.files].map((f) => [f.name, f])));
$("brand-reset").addEventListener("click", () => useBrand(null, []));
document.addEventListener("dragover", (event) => event.preventDefault());
document.addEventListener("drop", dropped);

function options() {
  const format = $("format").value;
  return {
    path: `document.${format === "markdown" ? "md" : format === "email" ? "eml" : "txt"}`,
    format,
    channel: $("channel").value || undefined,
    language: $("language").value || undefined,
    // Too short to detect (a headline, a first sentence): English, the page's language.
    defaultLanguage: "en",
  };
}

function lintNow() {
  clearTimeout(state.timer);
  if (!state.linter) return;
  const text = copy.value;
  const started = performance.now();
  state.result = state.linter.lint(text, options());
  const elapsed = performance.now() - started;
  state.text = text;
  state.selected = null;
  render(elapsed);
  // The last lint's and render's times, for anyone measuring the page (tests/web.rs does).
  const body = document.body.dataset;
  body.lintMs = elapsed.toFixed(2);
  body.renderMs = (performance.now() - started - elapsed).toFixed(2);
  body.lints = Number(body.lints ?? 0) + 1;
}

function render(elapsed) {
  const { findings, channel, language, tone } = state.result;
  renderUnderlines(findings);
  renderList(findings);
  $("tone").replaceChildren(toneChart(tone, channel));
  const count = findings.length === 1 ? "1 finding" : `${findings.length} findings`;
  $("summary").textContent =
    `${count} · channel: ${channel ?? "none"} · language: ${language ?? "unknown"} · checked in ${elapsed.toFixed(1)} ms`;
  // "Fix all" makes safe fixes only; an unsafe one is offered on its finding.
  $("fix-all").disabled = !findings.some((f) => f.fixDetails?.[0]?.applicability === "safe");
  showDetails();
}

// Every place a finding marks: its occurrences, or its one range.
function places(finding) {
  return finding.occurrences?.length ? finding.occurrences : [finding];
}

function renderUnderlines(findings) {
  const text = state.text;
  const marks = findings
    .flatMap((finding, index) => places(finding).map((p) => ({ start: p.start, end: p.end, finding, index })))
    .filter((m) => m.end > m.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const parts = [];
  let cursor = 0;
  for (const mark of marks) {
    if (mark.start < cursor) continue; // overlapping: the earlier underline stands
    parts.push(document.createTextNode(text.slice(cursor, mark.start)));
    const element = document.createElement("mark");
    element.className = `finding ${mark.finding.severity}`;
    element.dataset.index = mark.index;
    element.textContent = text.slice(mark.start, mark.end);
    parts.push(element);
    cursor = mark.end;
  }
  // A trailing newline needs a character after it to take up its line, as in the textarea.
  parts.push(document.createTextNode(text.slice(cursor) + "\u200b"));
  backdrop.replaceChildren(...parts);
  backdrop.scrollTop = copy.scrollTop;
}

function renderList(findings) {
  const items = findings.map((finding, index) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = `finding-button ${finding.severity}`;
    button.dataset.index = index;
    const quoted = state.text.slice(finding.start, finding.end);
    button.textContent = `${finding.message}`;
    button.setAttribute("aria-label", `${finding.severity}: ${finding.message} (at “${quoted}”)`);
    button.addEventListener("click", () => {
      copy.focus();
      copy.setSelectionRange(finding.start, finding.end);
      select(index);
    });
    item.append(button);
    return item;
  });
  $("findings").replaceChildren(...items);
}

function selectAt(offset) {
  const findings = state.result?.findings ?? [];
  const index = findings.findIndex((f) => places(f).some((p) => p.start <= offset && offset <= p.end));
  if (index !== state.selected) select(index === -1 ? null : index);
}

function select(index) {
  state.selected = index;
  showDetails();
}

function showDetails() {
  const details = $("details");
  const finding = state.selected === null ? null : state.result.findings[state.selected];
  for (const mark of backdrop.querySelectorAll("mark")) {
    mark.classList.toggle("selected", Number(mark.dataset.index) === state.selected);
  }
  if (!finding) {
    details.hidden = true;
    return;
  }
  const heading = document.createElement("h2");
  heading.textContent = finding.message;
  const rule = document.createElement("p");
  rule.className = "rule";
  rule.textContent = `${finding.severity} · ${finding.rule}`;
  const parts = [heading, rule];
  if (finding.description) {
    const description = document.createElement("p");
    description.textContent = finding.description;
    parts.push(description);
  }
  const fix = finding.fixDetails?.[0];
  if (fix) {
    const button = document.createElement("button");
    button.type = "button";
    button.id = "apply-fix";
    const unsafe = fix.applicability === "unsafe" ? " (may change the meaning: read it after)" : "";
    button.textContent = `${fix.title}${unsafe}`;
    button.addEventListener("click", () => applyFix([state.selected]));
    parts.push(button);
  } else {
    const none = document.createElement("p");
    none.className = "hint";
    none.textContent = "No automatic fix: rewrite this part.";
    parts.push(none);
  }
  details.replaceChildren(...parts);
  details.hidden = false;
}

function applyFix(indices) {
  // Findings are indices into the lint of `state.text`: after an edit not yet linted, lint
  // first; a single fix chosen on the old text is then chosen again by the writer.
  if (copy.value !== state.text) {
    lintNow();
    if (indices !== null) return;
  }
  const fixed = state.linter.fix(state.text, options(), indices);
  copy.value = fixed.text;
  state.text = fixed.text;
  state.result = fixed.result;
  state.selected = null;
  render(0);
  $("summary").textContent = `${fixed.applied === 1 ? "1 fix" : `${fixed.applied} fixes`} applied. ` + $("summary").textContent;
  copy.focus();
}

function fillFormats() {
  const labels = { text: "Plain text", markdown: "Markdown", html: "HTML", email: "E-mail (.eml)" };
  const options = formats().map((name) => {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = labels[name] ?? name;
    return option;
  });
  $("format").replaceChildren(...options);
  $("format").value = "text";
}

function fillChannels() {
  const select = $("channel");
  const current = select.value;
  const first = select.options[0];
  const channels = state.linter.channels().map((name) => {
    const option = document.createElement("option");
    option.value = option.textContent = name;
    return option;
  });
  select.replaceChildren(first, ...channels);
  select.value = state.linter.channels().includes(current) ? current : "";
}

// A brand: an onbrand.toml (or none: the starter, plus any guideline files after "builtin").
function useBrand(config, files) {
  const guidelineFiles = files.filter((f) => f.name.endsWith(".toml"));
  const text = config ?? (files.length ? `guideline = ["builtin", ${guidelineFiles.map((f) => JSON.stringify(f.name)).join(", ")}]\n` : null);
  const problems = $("brand-problems");
  try {
    const linter = Linter.load({ config: text, files });
    state.linter?.free();
    state.linter = linter;
    problems.replaceChildren();
    $("brand-status").textContent = files.length || config
      ? `Guideline: ${config ? "your onbrand.toml" : "the starter"} with ${guidelineFiles.length} guideline file(s).`
      : "Guideline: the starter guideline shipped with onbrand.";
  } catch (error) {
    const list = error instanceof ConfigError ? error.problems : [{ file: "", line: 0, column: 0, message: String(error.message) }];
    problems.replaceChildren(...list.map((p) => {
      const item = document.createElement("li");
      item.textContent = p.line ? `${p.file}:${p.line}:${p.column}: ${p.message}` : `${p.file} ${p.message}`;
      return item;
    }));
    $("brand-status").textContent = "Your brand files have problems (listed below); the previous guideline stays in use.";
  }
  if (state.linter) {
    fillChannels();
    lintNow();
  }
}

async function loadFiles(entries) {
  const files = [];
  let config = null;
  for (const [name, file] of entries) {
    const text = await file.text();
    if (name === "onbrand.toml" || name.endsWith("/onbrand.toml")) config = text;
    else files.push({ name, text });
  }
  // Paths relative to the onbrand.toml's folder, as the configuration names them.
  const root = entries.map(([name]) => name).find((n) => n.endsWith("onbrand.toml"))?.slice(0, -"onbrand.toml".length) ?? "";
  useBrand(config, files.map((f) => ({ name: f.name.startsWith(root) ? f.name.slice(root.length) : f.name, text: f.text })));
}

async function dropped(event) {
  event.preventDefault();
  const entries = [];
  const walk = async (entry) => {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      entries.push([entry.fullPath.replace(/^\//, ""), file]);
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      let batch;
      do {
        batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        for (const child of batch) await walk(child);
      } while (batch.length > 0);
    }
  };
  const items = [...(event.dataTransfer?.items ?? [])].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  if (items.length) for (const entry of items) await walk(entry);
  else for (const file of event.dataTransfer?.files ?? []) entries.push([file.name, file]);
  await loadFiles(entries);
}

function sharedText() {
  const match = /^#text=(.*)$/s.exec(location.hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

function shareLink() {
  history.replaceState(null, "", `#text=${encodeURIComponent(copy.value)}`);
  navigator.clipboard?.writeText(location.href).catch(() => {});
  $("summary").textContent = "The link to this text is in the address bar (and copied).";
}
