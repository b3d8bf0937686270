// The playground in a real browser: Debian's Chromium, headless, driven by playwright-core
// (which downloads no browser). Loads target/web/index.html from disk, types off-brand copy,
// and checks the underlines, a fix applied by clicking an underline, "fix all", the tone
// panel, a shared #text= link, brand files dropped on the page, keyboard use, a phone-sized
// layout, the re-lint time of a 1,000-word e-mail, and that no request left the page.
// Screenshots: <web-dir>/screenshot.png and screenshot-phone.png.
//
// Usage: node web/test/browser.mjs <web-dir> <examples-dir>    (tests/web.rs runs it)

import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const web = resolve(process.argv[2]);
const examples = resolve(process.argv[3]);
const page_url = pathToFileURL(join(web, "index.html")).href;

// Without the background-networking flags Chromium itself calls home at start.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const requests = [];
const problems = [];
const figures = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });

  // A shared link opens with its text checked.
  const shared = "Send us an e-mail, it's a game-changer.";
  await page.goto(`${page_url}#text=${encodeURIComponent(shared)}`);
  await page.waitForFunction(() => document.querySelectorAll("#backdrop mark").length > 0);
  assert.equal(await page.inputValue("#copy"), shared);

  // Typing off-brand copy underlines it.
  await page.fill("#copy", "");
  await page.click("#copy");
  await page.keyboard.type(
    "Our revolutionary app lets you add a sender to your whitelist!!! Click here to get started.",
  );
  await page.waitForFunction(() => document.querySelectorAll("#backdrop mark").length >= 3);
  const underlined = await page.$$eval("#backdrop mark", (marks) => marks.map((m) => m.textContent));
  for (const expected of ["revolutionary", "whitelist", "!!!", "Click here"]) {
    assert.ok(underlined.some((text) => text.includes(expected)), `${expected} underlined: ${underlined}`);
  }

  // Clicking the underline explains it and offers the fix; clicking the fix applies it.
  const mark = page.locator("#backdrop mark", { hasText: "whitelist" });
  const box = await mark.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector("#details:not([hidden]) #apply-fix");
  const explanation = await page.textContent("#details");
  assert.match(explanation, /allowlist/);
  await page.screenshot({ path: join(web, "screenshot.png"), fullPage: true });
  await page.click("#apply-fix");
  const fixed = await page.inputValue("#copy");
  assert.ok(fixed.includes("to your allowlist!!!") && !fixed.includes("whitelist"), fixed);
  assert.ok(
    !(await page.$$eval("#backdrop mark", (marks) => marks.map((m) => m.textContent))).includes("whitelist"),
  );

  // The tone panel: a chart row per dimension with a target or a value, and a text alternative.
  const rows = await page.$$eval("#tone svg .tone-row", (rows) => rows.map((r) => r.dataset.dimension));
  assert.ok(rows.includes("sentence-length"), `tone rows: ${rows}`);
  assert.match(await page.textContent("#tone svg title"), /Tone for channel/);

  // Keyboard: each finding in the list is a button; Enter on one explains it.
  await page.focus("#findings button");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#details:not([hidden])");

  // Fix all leaves no finding with a fix.
  await page.click("#fix-all");
  const afterAll = await page.inputValue("#copy");
  assert.ok(!afterAll.includes("!!!"), afterAll);
  assert.equal(await page.isDisabled("#fix-all"), true);

  // Brand files dropped on the page: Fernway's guideline (no onbrand.toml: after "builtin").
  const guideline = readdirSync(join(examples, "guideline")).map((name) => ({
    name,
    text: readFileSync(join(examples, "guideline", name), "utf8"),
  }));
  const drop = (files) =>
    page.evaluate((files) => {
      const transfer = new DataTransfer();
      for (const { name, text } of files) transfer.items.add(new File([text], name));
      document.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true }));
    }, files);
  await drop(guideline);
  await page.waitForFunction(() => /guideline file/.test(document.getElementById("brand-status").textContent));
  await page.selectOption("#language", "de");
  await page.fill("#copy", "Wir planen deine Reise, auch ohne WiFi im Hotel.");
  await page.waitForFunction(() =>
    [...document.querySelectorAll("#findings button")].some((b) => /WLAN/.test(b.textContent)),
  );
  // A broken guideline file: its problems with file, line and column; the last good one stays.
  await drop([{ name: "broken.toml", text: "[[rule]]\nid = \"x\"\nkind = \"no-such-kind\"\n" }]);
  await page.waitForFunction(() => document.querySelectorAll("#brand-problems li").length > 0);
  assert.match(await page.textContent("#brand-problems"), /broken\.toml:3:\d+:/);

  // Re-lint time of a 1,000-word e-mail on typing: the engine's own time, per keystroke.
  await page.click("#brand-reset");
  await page.selectOption("#language", "");
  const email = longEmail();
  await page.selectOption("#channel", "email");
  await page.fill("#copy", email);
  await page.waitForFunction(() => document.body.dataset.lintMs !== undefined);
  figures.coldMs = Number(await page.getAttribute("body", "data-lint-ms"));
  await page.focus("#copy");
  await page.keyboard.press("End");
  const times = [];
  for (let i = 0; i < 25; i++) {
    const before = Number(await page.getAttribute("body", "data-lints"));
    await page.keyboard.type(i % 2 ? "x" : " ");
    await page.waitForFunction((n) => Number(document.body.dataset.lints) > n, before);
    times.push([Number(await page.getAttribute("body", "data-lint-ms")), Number(await page.getAttribute("body", "data-render-ms"))]);
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  figures.words = email.split(/\s+/).filter(Boolean).length;
  figures.relintMedianMs = median(times.map(([lint]) => lint));
  figures.relintMaxMs = Math.max(...times.map(([lint]) => lint));
  figures.renderMedianMs = median(times.map(([, render]) => render));

  // A phone: one column, nothing wider than the screen.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  phone.on("request", (request) => requests.push(request.url()));
  const small = await phone.newPage();
  await small.goto(`${page_url}#text=${encodeURIComponent(shared)}`);
  await small.waitForFunction(() => document.querySelectorAll("#backdrop mark").length > 0);
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than a phone`);
  await small.screenshot({ path: join(web, "screenshot-phone.png"), fullPage: true });
  await phone.close();

  const outside = requests.filter((url) => !url.startsWith("file://"));
  assert.deepEqual(outside, [], "requests that left the page");
  assert.deepEqual(problems, []);
} finally {
  await browser.close();
}
console.log(JSON.stringify({ requests: requests.length, ...figures }));

// A 1,000-word e-mail from the examples' English copy, paragraph after paragraph.
function longEmail() {
  const source = readFileSync(join(examples, "email/en/password-reset.txt"), "utf8")
    + "\n\n" + readFileSync(join(examples, "blog/en/offline-maps.md"), "utf8").replace(/^---[\s\S]*?---\n/, "");
  const paragraphs = source.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const out = [];
  let words = 0;
  for (let i = 0; words < 1000; i++) {
    const paragraph = paragraphs[i % paragraphs.length];
    out.push(paragraph);
    words += paragraph.split(/\s+/).length;
  }
  return out.join("\n\n");
}
