// The comparison pages in real Chromium: the matrix and its evidence links (quote marked on
// arrival), side by side with and without JavaScript, a facet value page, and the search
// page's facet filters. Screenshots go to screenshots/ for a person to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startNginx, launchChromium, watchErrors } from "./harness.mjs";

const shots = join(import.meta.dirname, "screenshots");
let server;
let browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startNginx();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function row(page, facet, org) {
  return page.$$eval(`#${facet} ~ .table-scroll tbody tr, section:has(> #${facet}) tbody tr`, (rows, org) => {
    const r = rows.find((tr) => tr.querySelector("th").textContent.includes(org));
    return r ? [...r.querySelectorAll("td")].map((td) => td.textContent.trim()) : null;
  }, org);
}

test("the matrix shows each body's lawful bases, 'not stated' where silent, linked to the words", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}/compare/`);
  const headers = await page.$$eval("section:has(> #lawful-basis) thead th", (ths) => ths.map((t) => t.textContent.trim()));
  assert.ok(headers.includes("Article 6(1)(e) public task"), headers.join(" | "));
  const staffs = await row(page, "lawful-basis", "Staffordshire");
  assert.ok(staffs.length > 0 && staffs.every((c) => c === "not stated"), staffs.join(" | "));
  const southwark = await row(page, "lawful-basis", "Southwark");
  assert.ok(southwark.some((c) => c.startsWith("Stated")), southwark.join(" | "));
  await page.screenshot({ path: join(shots, "matrix.png"), fullPage: false });

  // Follow Southwark's Article 6(1)(e) cell to its evidence.
  const column = headers.indexOf("Article 6(1)(e) public task") - 1;
  const href = await page.$$eval("section:has(> #lawful-basis) tbody tr", (rows, column) => {
    const r = rows.find((tr) => tr.querySelector("th").textContent.includes("Southwark"));
    return r.querySelectorAll("td")[column].querySelector("a").getAttribute("href");
  }, column);
  assert.match(href, /orgs\/southwark\/client-level-data\/\?quote=.*#.*:~:text=/);
  await page.goto(`${server.url}${href}`);
  await page.waitForSelector("mark.evidence");
  const marked = await page.$$eval("mark.evidence", (ms) => ms.map((m) => m.textContent).join(""));
  assert.match(marked, /Article 6\(1\)\(e\) \(public task\)/);
  const inView = await page.$eval("mark.evidence", (m) => {
    const r = m.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
  assert.ok(inView, "the quote is scrolled into view");
  await page.screenshot({ path: join(shots, "evidence.png") });
  assert.deepEqual(errors, []);
  await page.close();
});

test("side by side shows a default pair without JavaScript", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/compare/side-by-side/`);
  const visible = await page.$$eval("#side-by-side thead th[data-org]", (ths) =>
    ths.filter((th) => th.offsetParent !== null).map((th) => th.dataset.org));
  assert.equal(visible.length, 2, visible.join(","));
  assert.ok(await page.isHidden("#pick-orgs"), "the picker needs JavaScript and stays hidden");
  const cells = await page.$$eval("#side-by-side tbody tr:first-child td", (tds) =>
    tds.filter((td) => td.offsetParent !== null).length);
  assert.equal(cells, 2);
  await page.screenshot({ path: join(shots, "side-by-side-nojs.png") });
  await context.close();
});

test("with JavaScript the reader picks organisations, by mouse or keyboard", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}/compare/side-by-side/`);
  await page.waitForSelector("#pick-orgs:not([hidden])");
  const shown = () => page.$$eval("#side-by-side thead th[data-org]", (ths) =>
    ths.filter((th) => !th.hidden).map((th) => th.dataset.org).sort());
  assert.equal((await shown()).length, 2);
  await page.check('#pick-orgs input[value="staffordshire"]');
  assert.ok((await shown()).includes("staffordshire"));
  assert.equal((await shown()).length, 3);
  // Keyboard: focus a box and toggle it with the space bar.
  await page.focus('#pick-orgs input[value="southwark"]');
  await page.keyboard.press("Space");
  const now = await shown();
  assert.equal(now.includes("southwark"), await page.isChecked('#pick-orgs input[value="southwark"]'));
  assert.match(page.url(), /orgs=/);
  await page.screenshot({ path: join(shots, "side-by-side-picked.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a facet value page answers 'who relies on Article 9(2)(h)?'", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/facets/special-category/ukgdpr-9-2-h/`);
  assert.match(await page.textContent("h1"), /Who relies on Article 9\(2\)\(h\)/);
  const orgs = await page.$$eval(".value-org h2", (hs) => hs.map((h) => h.textContent.trim()));
  assert.deepEqual(orgs.sort(), ["London Borough of Southwark", "NHS Dorset"]);
  assert.ok((await page.$$(".evidence-list blockquote")).length >= 2);
  await page.close();
});

test("an organisation page lists its facts by element and what its notices do not state", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/orgs/southwark/`);
  const elements = await page.$$eval(".facts-by-element dt", (dts) => dts.map((d) => d.textContent));
  assert.ok(elements.includes("Lawful basis (Article 6)"), elements.join(" | "));
  const silent = await page.$$eval(".not-stated li", (lis) => lis.map((l) => l.textContent));
  assert.ok(silent.includes("Processors named"), silent.join(" | "));
  await page.close();
});

test("search filters by lawful basis and kind, with counts, in the wasm", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}/search/`);
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.state === "ready");
  await page.waitForSelector("#search-filters:not([hidden])");
  const count = (facet, value) =>
    page.$eval(`#search-filters input[name="${facet}"][value="${value}"]`, (box) =>
      Number(box.parentElement.querySelector(".facet-count").textContent));
  assert.ok((await count("kind", "council")) > 0);
  // Keyboard: tab to the 9(2)… no, to the 6(1)(b) box and press space.
  await page.focus('#search-filters input[name="lawful_basis"][value="ukgdpr:6.1.b"]');
  await page.keyboard.press("Space");
  await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0);
  const orgs = await page.$$eval("#search-results .result-org", (els) => [...new Set(els.map((e) => e.textContent.split(" · ")[0]))]);
  assert.deepEqual(orgs, ["NHS Dorset"]);
  // Other groups are counted within the filter: no council has 6(1)(b).
  assert.equal(await count("kind", "council"), 0);
  assert.ok((await count("kind", "icb")) > 0);
  await page.fill("#search-input", "rights");
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.query === "rights");
  assert.match(page.url(), /lawful_basis=ukgdpr%3A6.1.b/);
  await page.screenshot({ path: join(shots, "search-filters.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
