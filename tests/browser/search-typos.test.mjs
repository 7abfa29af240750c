// Search that forgives typos, and queries that once broke the search module: each hostile
// query gets an answer, and a normal query after them still finds its notices.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { useSite, watchErrors, searchFor } from "./harness.mjs";

const site = useSite();
const shots = join(import.meta.dirname, "screenshots");

async function openSearch(query = "") {
  const page = await site.browser.newPage();
  const errors = watchErrors(page);
  const q = query ? `?q=${encodeURIComponent(query)}` : "";
  await page.goto(`${site.server.url}/search/${q}`);
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.state === "ready");
  return { page, errors };
}

/** Puts a query in the box at once (typing 100,000 characters would take minutes). */
async function pasteQuery(page, query) {
  await page.fill("#search-input", query);
  await page.waitForFunction(
    (q) => document.getElementById("atlas-search").dataset.query === q,
    query,
    { timeout: 20000 },
  );
  return page.textContent("#search-status");
}

test("hostile queries each get an answer and the next query still finds notices", async () => {
  const { page, errors } = await openSearch();
  const hostile = [
    "(".repeat(60),
    "(".repeat(1000),
    "(".repeat(100000),
    `${"(".repeat(500)}rights${")".repeat(500)}`,
    "\"".repeat(999),
    "word ".repeat(20000),
    "data\u0000protection",
    "+-+-NOT NOT AND OR ^~*".repeat(50),
    "数据保护 データ حماية 👩‍👩‍👧 e\u0301\u0301 ① ½",
    "\u{1F600}".repeat(5000),
  ];
  for (const query of hostile) {
    const status = await pasteQuery(page, query);
    assert.match(status, /notices? match|No notices match/, `no answer to ${JSON.stringify(query.slice(0, 30))}`);
    const results = await searchFor(page, "Survey Monkey");
    assert.ok(
      results[0]?.org.startsWith("NHS Herefordshire and Worcestershire"),
      `after ${JSON.stringify(query.slice(0, 30))}: ${JSON.stringify(results.map((r) => r.org))}`,
    );
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("a misspelt word finds its notices and says which word was searched", async () => {
  const { page, errors } = await openSearch();
  const results = await searchFor(page, "safegaurding");
  assert.ok(results.length > 0, "no results for safegaurding");
  assert.ok(results.some((r) => r.marks.some((m) => /^safeguard/i.test(m))), JSON.stringify(results));
  assert.match(await page.textContent("#search-status"), /notices? match “safeguarding”/);
  const line = await page.textContent("#search-correction");
  assert.match(line, /^Showing results for safeguarding\. Search for “safegaurding” instead\.$/);
  mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(shots, "search-typo.png") });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: join(shots, "search-typo-375.png") });

  // The link searches the word as typed: nothing matches, and the line is gone.
  await page.click("#search-correction a");
  await page.waitForFunction(() => !document.getElementById("search-correction"));
  assert.match(await page.textContent("#search-status"), /No notices match/);
  assert.match(page.url(), /spelling=as-typed/);
  // Typing again corrects again.
  const again = await searchFor(page, "Guidence");
  assert.ok(again.length > 0, "no results for Guidence");
  assert.match(await page.textContent("#search-correction"), /Showing results for guidance/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a hyphenated last word is not expanded as a prefix", async () => {
  const { page, errors } = await openSearch();
  const results = await searchFor(page, "national data opt-out");
  const marks = results.flatMap((r) => r.marks.map((m) => m.toLowerCase()));
  assert.ok(marks.includes("out"), JSON.stringify(marks));
  assert.ok(!marks.some((m) => m.startsWith("out") && m !== "out"), JSON.stringify(marks));
  assert.deepEqual(errors, []);
  await page.close();
});
