// The tone panel: each dimension's value against its channel's target range, one row each,
// as inline SVG (no chart library, no request).

const SVG = "http://www.w3.org/2000/svg";
const ROW = 30;
const WIDTH = 320;
const LABEL = 130;
const TRACK = WIDTH - LABEL - 50;

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function round(value) {
  return String(Math.round(value * 100) / 100);
}

function range(min, max) {
  if (min !== null && max !== null) return `${min}–${max}`;
  if (max !== null) return `at most ${max}`;
  if (min !== null) return `at least ${min}`;
  return "no target";
}

/** The tone of a text as an SVG chart (or a sentence when there is nothing to draw). */
export function toneChart(tone, channel) {
  if (!tone) {
    const note = document.createElement("p");
    note.className = "hint";
    note.textContent = "The guideline has no tone profile.";
    return note;
  }
  // On the chart: what the channel has a target for; the other measures as a line of text.
  const rows = tone.dimensions.filter((d) => d.min !== null || d.max !== null);
  const others = tone.dimensions.filter((d) => d.min === null && d.max === null && d.value !== null);
  const svg = element("svg", {
    viewBox: `0 0 ${WIDTH} ${rows.length * ROW + 8}`,
    role: "img",
    "aria-labelledby": "tone-title",
    class: "tone-chart",
  });
  const summary = rows
    .map((d) => `${d.name} ${d.value === null ? "not measured" : d.value} (${range(d.min, d.max)}, ${d.status})`)
    .join("; ");
  svg.append(element("title", { id: "tone-title" }, `Tone for channel ${channel ?? "none"}: ${summary}`));
  rows.forEach((d, i) => {
    const y = i * ROW + 18;
    const top = Math.max(d.value ?? 0, d.max ?? 0, d.min ?? 0) * 1.25 || 1;
    const x = (v) => LABEL + (v / top) * TRACK;
    const row = element("g", { class: `tone-row ${d.status}`, "data-dimension": d.name });
    row.append(element("text", { x: 0, y: y + 4, class: "tone-label" }, d.name));
    row.append(element("line", { x1: LABEL, x2: LABEL + TRACK, y1: y, y2: y, class: "tone-track" }));
    if (d.min !== null || d.max !== null) {
      const from = x(d.min ?? 0);
      const to = x(d.max ?? top);
      row.append(element("rect", { x: from, y: y - 6, width: Math.max(to - from, 2), height: 12, rx: 3, class: "tone-target" }));
    }
    if (d.value !== null) {
      row.append(element("circle", { cx: x(d.value), cy: y, r: 5, class: "tone-value" }));
    }
    const shown = d.value === null ? "–" : round(d.value);
    row.append(element("text", { x: LABEL + TRACK + 8, y: y + 4, class: "tone-number" }, shown));
    svg.append(row);
  });
  const wrapper = document.createElement("div");
  if (tone.tooShort) {
    const note = document.createElement("p");
    note.className = "hint";
    note.textContent = `${tone.words} words: too short to judge the tone; the values are shown, not judged.`;
    wrapper.append(note);
  }
  wrapper.append(svg);
  if (others.length > 0) {
    const line = document.createElement("p");
    line.className = "hint";
    line.textContent = `No target for this channel: ${others.map((d) => `${d.name} ${round(d.value)}`).join(", ")}.`;
    wrapper.append(line);
  }
  return wrapper;
}
