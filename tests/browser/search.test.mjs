// The search page in a real headless Chromium against the built site served by nginx.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, watchErrors, searchFor } from "./harness.mjs";

const site = useSite();

async function openSearch() {
  const page = await site.browser.newPage();
  const errors = watchErrors(page);
  const responses = [];
  page.on("response", (r) => responses.push(r));
  await page.goto(`${site.server.url}/search/`);
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.state === "ready");
  return { page, errors, responses };
}

test("national data opt-out finds Staffordshire's opt-out section and its link opens the anchor", async () => {
  const { page, errors } = await openSearch();
  const results = await searchFor(page, "national data opt-out");
  assert.ok(results.length > 0, "no results");
  const top = results.slice(0, 3);
  const staffs = top.find((r) => r.org.startsWith("Staffordshire County Council"));
  assert.ok(staffs, `Staffordshire not in the first three: ${JSON.stringify(top.map((r) => r.org))}`);
  assert.match(staffs.heading, /national data opt-out/i);
  assert.deepEqual(
    staffs.marks.map((m) => m.toLowerCase()).filter((m) => ["opt", "out"].includes(m)).length > 0,
    true,
    `no highlighted match in ${JSON.stringify(staffs)}`,
  );
  assert.match(staffs.href, /^\/orgs\/staffordshire\/national-data-opt-out\/#[a-z0-9-]+$/);

  await page.click(`#search-results a[href="${staffs.href}"]`);
  await page.waitForURL(`**${staffs.href}`);
  const anchor = staffs.href.split("#")[1];
  const target = await page.$eval(`[id="${anchor}"]`, (el) => ({
    tag: el.tagName,
    text: el.textContent,
    matchesTarget: el.matches(":target"),
  }));
  assert.match(target.tag, /^H[2-6]$/);
  assert.equal(target.matchesTarget, true);
  const h1 = await page.textContent("h1");
  assert.equal(h1.trim(), "National data opt-out and public benefit evaluation");
  assert.deepEqual(errors, []);
  await page.close();
});

for (const [query, org, path] of [
  ["Survey Monkey", "NHS Herefordshire and Worcestershire Integrated Care Board", "/orgs/herefordshire-worcestershire-icb/"],
  ["Client Level Data", "London Borough of Southwark", "/orgs/southwark/"],
  ["national data opt-out", "Staffordshire County Council", "/orgs/staffordshire/"],
]) {
  test(`"${query}" ranks ${org} first`, async () => {
    const { page, errors } = await openSearch();
    const results = await searchFor(page, query);
    assert.ok(results.length > 0, "no results");
    assert.ok(results[0].org.startsWith(org), `first result is ${results[0].org}`);
    assert.ok(results[0].href.startsWith(path), results[0].href);
    assert.match(await page.textContent("#search-status"), /match/);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("the wasm module is served as application/wasm and the index loads", async () => {
  const { page, responses } = await openSearch();
  const wasm = responses.find((r) => r.url().endsWith(".wasm"));
  assert.ok(wasm, "no .wasm response");
  assert.equal(wasm.status(), 200);
  assert.equal(wasm.headers()["content-type"], "application/wasm");
  assert.match(wasm.headers()["cache-control"] ?? "", /immutable/);
  const files = responses.filter((r) => r.url().includes("/search/index-"));
  assert.ok(files.length >= 3, `index files fetched: ${files.length}`);
  assert.ok(files.every((r) => r.status() === 200));
  await page.close();
});

test("queries the parser rejects still search and never throw", async () => {
  const { page, errors } = await openSearch();
  for (const query of ['"data (', "rights AND", "opt-out)", "^^", "title:", "*"]) {
    await searchFor(page, query);
    const status = await page.textContent("#search-status");
    assert.ok(status.length > 0, `no status for ${query}`);
  }
  const results = await searchFor(page, "(survey monkey");
  assert.ok(results[0].org.startsWith("NHS Herefordshire"), results[0]?.org);
  assert.deepEqual(errors, []);
  await page.close();
});

test("search as you type: a partial last word already finds results", async () => {
  const { page } = await openSearch();
  const results = await searchFor(page, "client level da");
  assert.ok(results.length > 0);
  assert.ok(results[0].org.startsWith("London Borough of Southwark"), results[0].org);
  await page.close();
});

test("a query in the address bar is searched on arrival, and typing keeps it in the URL", async () => {
  const page = await site.browser.newPage();
  await page.goto(`${site.server.url}/search/?q=survey+monkey`);
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.query === "survey monkey");
  const first = await page.textContent("#search-results li .result-org");
  assert.ok(first.startsWith("NHS Herefordshire"), first);
  await searchFor(page, "retention");
  assert.equal(new URL(page.url()).searchParams.get("q"), "retention");
  await page.close();
});

test("snippets show notice text as text, never as markup", async () => {
  const { page } = await openSearch();
  const results = await searchFor(page, "we're the data controller");
  assert.ok(results.length > 0);
  assert.ok(!results[0].snippet.includes("&#"), results[0].snippet);
  await page.close();
});
