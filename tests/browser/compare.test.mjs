// The comparison pages in real Chromium: an element's page and its evidence links (quote
// marked on arrival), side by side with and without JavaScript, a facet value page, and the
// search page's facet filters. Screenshots go to screenshots/ for a person to look at.
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

async function row(page, org) {
  return page.$$eval(".element-table tbody tr", (rows, org) => {
    const r = rows.find((tr) => tr.querySelector("th").textContent.includes(org));
    return r ? { values: [...r.querySelectorAll(".value-list a")].map((a) => a.textContent), text: r.querySelector("td").textContent } : null;
  }, org);
}

test("an element's page shows each body's values, 'not found' where none was read, linked to the words", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}/compare/`);
  await page.click("text=Lawful basis (Article 6)");
  assert.equal(new URL(page.url()).pathname, "/compare/lawful-basis/");
  const staffs = await row(page, "Staffordshire");
  assert.deepEqual(staffs.values, []);
  assert.match(staffs.text, /not found in this body's notices/);
  const southwark = await row(page, "Southwark");
  assert.ok(southwark.values.includes("Article 6(1)(e) public task"), southwark.values.join(" | "));
  await page.screenshot({ path: join(shots, "matrix.png"), fullPage: false });

  // Follow Southwark's Article 6(1)(e) to its evidence.
  const href = await page.$$eval(".element-table tbody tr", (rows) => {
    const r = rows.find((tr) => tr.querySelector("th").textContent.includes("Southwark"));
    return [...r.querySelectorAll(".value-list a")].find((a) => a.textContent === "Article 6(1)(e) public task").getAttribute("href");
  });
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

test("without JavaScript, side by side is reached from a body's peer report", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/compare/side-by-side/`);
  assert.ok(await page.isHidden("#pick-orgs"), "the picker needs JavaScript and stays hidden");
  assert.match(await page.textContent("#pick-nojs"), /Compare with its peers/);
  await page.goto(`${server.url}/orgs/southwark/peers/`);
  await page.click("text=With Dudley Metropolitan Borough Council");
  assert.equal(new URL(page.url()).pathname, "/orgs/southwark/compare/dudley/");
  const heads = await page.$$eval("#side-by-side thead th[data-org]", (ths) => ths.map((th) => th.dataset.org));
  assert.deepEqual(heads, ["southwark", "dudley"]);
  const cells = await page.$$eval("#side-by-side tbody tr:nth-child(2) td", (tds) => tds.map((td) => td.textContent.trim()));
  assert.match(cells[0], /Article 6\(1\)\(e\) public task/);
  await page.screenshot({ path: join(shots, "side-by-side-nojs.png") });
  await context.close();
});

test("with JavaScript the reader picks organisations, by mouse or keyboard", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${server.url}/compare/side-by-side/`);
  await page.waitForSelector("#pick-orgs:not([hidden])");
  const shown = () => page.$$eval("#side-by-side thead th[data-org]", (ths) => ths.map((th) => th.dataset.org));
  await page.fill("#org-query", "stafford");
  await page.click('#org-matches button[data-org="staffordshire"]');
  await page.focus("#org-query");
  await page.keyboard.type("southwark");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.waitForSelector('#side-by-side-result[data-orgs="staffordshire,southwark"]');
  assert.deepEqual(await shown(), ["staffordshire", "southwark"]);
  await page.fill("#org-query", "dorset");
  await page.click('#org-matches button[data-org="dorset-icb"]');
  await page.waitForSelector('#side-by-side-result[data-orgs="staffordshire,southwark,dorset-icb"]');
  assert.equal((await shown()).length, 3);
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
