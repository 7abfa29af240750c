// The comparison pages at national scale: a site of 300 organisations built from the
// generated corpus, served by nginx, in Chromium. Every page stays small; element and
// facet value pages are paged and filtered by plain links (in place with JavaScript); any
// two bodies side by side from their data files; without JavaScript, a peer report and a
// side-by-side page with each peer; the peer report's counts agree with the data files;
// axe finds nothing on any of the new pages. The harness fails a test on any CSP violation.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { repo, startNginx, launchChromium, watchErrors, assertNoCspViolations } from "./harness.mjs";

const env = { server: null, browser: null, dir: null, site: null, orgs: [] };
const shots = join(import.meta.dirname, "screenshots");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

before(async () => {
  mkdirSync(shots, { recursive: true });
  env.dir = mkdtempSync(join(tmpdir(), "atlas-compare-"));
  env.site = join(env.dir, "site");
  const bin = (name) => join(repo, "target/release", name);
  execFileSync(bin("atlas-corpus"), ["--orgs", "300", "--notices", "2", "--seed", "3", "--out", env.dir], { cwd: repo });
  execFileSync(bin("atlas"), ["build", "--root", env.dir, "--out", env.site], { stdio: "ignore" });
  env.orgs = JSON.parse(readFileSync(join(env.site, "data/orgs.json"), "utf8")).orgs;
  env.server = await startNginx(env.site);
  env.browser = await launchChromium();
});

afterEach(() => assertNoCspViolations());

after(async () => {
  await env.browser?.close();
  await env.server?.stop();
  if (env.dir) rmSync(env.dir, { recursive: true, force: true });
});

const orgFile = (slug) => JSON.parse(readFileSync(join(env.site, "data/orgs", `${slug}.json`), "utf8"));
const states = (file, facet) => file.elements.find((e) => e.facet === facet).values.length > 0;

function* htmlFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith(".html")) yield path;
  }
}

test("every HTML page the build writes is at most 100 KB gzip -9", () => {
  let largest = { path: "", raw: 0, gzip: 0 };
  let pages = 0;
  for (const path of htmlFiles(env.site)) {
    const raw = readFileSync(path);
    const gzip = gzipSync(raw, { level: 9 }).length;
    pages += 1;
    if (gzip > largest.gzip) largest = { path: path.slice(env.site.length), raw: raw.length, gzip };
  }
  console.log(`# ${pages} pages; largest ${largest.path}: ${largest.raw} B, ${largest.gzip} B gzip -9`);
  assert.ok(pages > 1000, `only ${pages} pages`);
  assert.ok(largest.gzip <= 100 * 1024, `${largest.path} is ${largest.gzip} B gzip -9`);
});

test("side by side: find two organisations by name, pick them, see both bodies' facts", async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  const icb = env.orgs.find((o) => o.kind === "icb");
  const council = env.orgs.find((o) => o.kind === "council");
  await page.goto(`${env.server.url}/compare/side-by-side/`);
  await page.waitForSelector("#pick-orgs:not([hidden])");
  assert.ok(await page.isHidden("#pick-nojs"));

  // With the mouse: type part of the name, click the body's button.
  await page.fill("#org-query", icb.name.split(" ").slice(0, 3).join(" "));
  await page.click(`#org-matches button[data-org="${icb.org}"]`);
  // With the keyboard: type, Tab to the first match, Enter.
  await page.focus("#org-query");
  await page.keyboard.type(council.name);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.org), council.org);
  await page.keyboard.press("Enter");
  await page.waitForSelector(`#side-by-side-result[data-orgs="${icb.org},${council.org}"]`);
  assert.match(page.url(), new RegExp(`orgs=${icb.org}%2C${council.org}|orgs=${icb.org},${council.org}`));

  const heads = await page.$$eval("#side-by-side thead th[data-org] a", (as) => as.map((a) => a.textContent));
  assert.deepEqual(heads, [icb.name, council.name]);
  const cells = await page.$$eval("#side-by-side tbody tr", (rows) =>
    rows.map((tr) => [...tr.querySelectorAll("td")].map((td) => ({
      org: td.dataset.org,
      values: [...td.querySelectorAll("a")].map((a) => a.textContent),
      text: td.textContent.trim(),
    }))));
  assert.equal(cells.length, 16);
  for (const [i, file] of [orgFile(icb.org), orgFile(council.org)].entries()) {
    file.elements.forEach((element, row) => {
      const cell = cells[row][i];
      assert.equal(cell.org, file.org);
      assert.deepEqual(cell.values, element.values.map((v) => v.label), `${file.org} ${element.facet}`);
      if (element.values.length === 0) assert.equal(cell.text, "not found in this body's notices");
    });
  }
  assert.ok(cells.flat().some((c) => c.values.length > 0), "no facts shown at all");
  // Only the two bodies' files were fetched.
  const fetched = await page.evaluate(() =>
    performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.startsWith("/data/orgs/")));
  assert.deepEqual(fetched.sort(), [`/data/orgs/${council.org}.json`, `/data/orgs/${icb.org}.json`].sort());
  await page.screenshot({ path: join(shots, "compare-side-by-side-picked.png"), fullPage: true });

  // A link with ?orgs= opens with them; removing one asks for another.
  await page.goto(`${env.server.url}/compare/side-by-side/?orgs=${council.org},${icb.org}`);
  await page.waitForSelector(`#side-by-side-result[data-orgs="${council.org},${icb.org}"]`);
  await page.click(`#org-chosen button[data-remove="${icb.org}"]`);
  await page.waitForSelector('#side-by-side-result[data-orgs=""]');
  assert.match(await page.textContent("#side-by-side-result"), /Add at least one more/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("without JavaScript: organisation page, its peer report, then side by side with a peer", async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/compare/side-by-side/`);
  assert.ok(await page.isVisible("#pick-nojs"));
  assert.ok(await page.isHidden("#pick-orgs"));
  await page.click("#pick-nojs a");
  assert.equal(new URL(page.url()).pathname, "/organisations/");

  const trust = env.orgs.find((o) => o.kind === "nhs-trust");
  await page.goto(`${env.server.url}/orgs/${trust.org}/`);
  await page.click("text=Compare with its peers");
  assert.equal(new URL(page.url()).pathname, `/orgs/${trust.org}/peers/`);
  assert.match(await page.textContent("h1"), /compared with its peers/);
  const peerLinks = await page.$$eval(".peer-links a[href^='/orgs/']", (as) => as.map((a) => a.textContent));
  assert.ok(peerLinks.length >= 2 && peerLinks.length <= 4, peerLinks.join(" | "));
  await page.click(".peer-links li:first-child a");
  assert.match(new URL(page.url()).pathname, new RegExp(`^/orgs/${trust.org}/compare/[a-z0-9-]+/$`));
  const peer = new URL(page.url()).pathname.split("/")[4];
  const heads = await page.$$eval("#side-by-side thead th[data-org]", (ths) => ths.map((th) => th.dataset.org));
  assert.deepEqual(heads, [trust.org, peer]);
  // Both bodies' values are there, as the data files have them (at most 15 per element).
  for (const [i, slug] of heads.entries()) {
    const file = orgFile(slug);
    const shown = await page.$$eval(`#side-by-side tbody td[data-org="${slug}"]`, (tds) =>
      tds.map((td) => [...td.querySelectorAll(".fact-list a")].map((a) => a.textContent)));
    assert.equal(shown.length, 16, `column ${i}`);
    file.elements.forEach((e, row) => assert.deepEqual(shown[row], e.values.slice(0, 15).map((v) => v.label)));
  }
  await context.close();
});

test("the peer report counts bodies of the same kind and in the same region, as the data files say", async () => {
  const page = await env.browser.newPage();
  const icb = env.orgs.find((o) => o.kind === "icb" && o.region);
  const files = env.orgs.map((o) => orgFile(o.org));
  await page.goto(`${env.server.url}/orgs/${icb.org}/peers/`);
  const rows = await page.$$eval(".data-table tbody tr", (trs) =>
    trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent.trim())));
  const me = orgFile(icb.org);
  me.elements.forEach((element, i) => {
    const ofKind = files.filter((f) => f.kind === "icb");
    const inRegion = files.filter((f) => f.region === icb.region);
    const [label, mine, kind, region] = rows[i];
    assert.equal(label, element.label);
    assert.equal(mine, element.values.length ? "stated" : "not found in this body's notices");
    assert.equal(kind, `${ofKind.filter((f) => states(f, element.facet)).length} of ${ofKind.length}`);
    assert.equal(region, `${inRegion.filter((f) => states(f, element.facet)).length} of ${inRegion.length}`);
  });
  // The sentence per element, and peers' quotes from bodies of the same kind.
  const retention = await page.textContent("#element-retention + p");
  assert.match(retention, /^\d+ of \d+ integrated care boards, and \d+ of \d+ bodies in .+, state it; this body's notices (do\.|do not: not found in this body's notices\.)$/);
  const quoted = await page.$$eval(".peer-element .evidence-list .caption a:first-child", (as) => as.map((a) => a.getAttribute("href")));
  const icbs = new Set(env.orgs.filter((o) => o.kind === "icb").map((o) => `/orgs/${o.org}/`));
  assert.ok(quoted.length > 0 && quoted.every((href) => icbs.has(href)), quoted.join(" "));
  assert.doesNotMatch(await page.textContent("main"), /not stated|score|grade [A-F]/i);
  await page.close();
});

test("element pages: filters and pages are plain links without JavaScript", async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const rowKinds = () => page.$$eval(".element-table tbody th .meta", (ms) => ms.map((m) => m.textContent.split(" · ")[0]));
  await page.goto(`${env.server.url}/compare/retention/`);
  assert.equal((await rowKinds()).length, 25);
  assert.match(await page.textContent("#listing-count"), /^Organisations 1 to 25 of 300$/);
  await page.click('[data-filter="kind"] .filter-option[data-value="icb"]');
  assert.equal(new URL(page.url()).pathname, "/compare/retention/icb/");
  const kinds = await rowKinds();
  assert.ok(kinds.length > 0 && kinds.every((k) => k === "Integrated care board"), kinds.join(","));
  const region = await page.getAttribute('[data-filter="region"] li:nth-child(2) .filter-option', "data-value");
  await page.click(`[data-filter="region"] .filter-option[data-value="${region}"]`);
  assert.equal(new URL(page.url()).pathname, `/compare/retention/icb/in/${region}/`);
  await page.goto(`${env.server.url}/compare/retention/`);
  await page.click(".pagination__next a");
  assert.equal(new URL(page.url()).pathname, "/compare/retention/page/2/");
  assert.match(await page.textContent("#listing-count"), /^Organisations 26 to 50 of 300$/);
  await context.close();
});

test("element pages: with JavaScript the links apply in place, and Back restores", async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/compare/lawful-basis/`);
  await page.evaluate(() => { window.stayed = true; });
  await page.click('[data-filter="kind"] .filter-option[data-value="council"]');
  await page.waitForFunction(() => location.pathname === "/compare/lawful-basis/council/");
  await page.waitForFunction(() => document.getElementById("listing-title").textContent.includes("councils"));
  assert.equal(await page.evaluate(() => window.stayed), true, "the page was reloaded");
  const kinds = await page.$$eval(".element-table tbody th .meta", (ms) => ms.map((m) => m.textContent.split(" · ")[0]));
  assert.ok(kinds.every((k) => k === "Council"));
  assert.equal(await page.evaluate(() => document.activeElement.dataset.value), "council", "focus stays on the filter");
  assert.match(await page.textContent("#listing-status"), /councils: Organisations 1 to 25 of \d+/);
  await page.click(".pagination__next a");
  await page.waitForFunction(() => location.pathname === "/compare/lawful-basis/council/page/2/");
  await page.waitForFunction(() => document.getElementById("listing-count").textContent.startsWith("Organisations 26"));
  await page.goBack();
  await page.waitForFunction(() => document.getElementById("listing-count").textContent.startsWith("Organisations 1 to"));
  assert.equal(new URL(page.url()).pathname, "/compare/lawful-basis/council/");
  assert.equal(await page.evaluate(() => window.stayed), true);
  await page.screenshot({ path: join(shots, "compare-element-filtered.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("facet value pages list at most 25 bodies a page, with their words", async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.server.url}/compare/lawful-basis/`);
  const href = await page.getAttribute(".count-list li:first-child a", "href");
  await page.goto(env.server.url + href);
  const lead = await page.textContent(".lead");
  const [, stated, total] = lead.match(/^(\d+) of (\d+) bodies/);
  assert.equal(Number(total), 300);
  assert.equal(await page.locator(".value-org").count(), Math.min(25, Number(stated)));
  assert.ok((await page.locator(".value-org blockquote").count()) >= Math.min(25, Number(stated)));
  if (Number(stated) > 25) {
    await page.click(".pagination__next a");
    await page.waitForURL(/page\/2\/$/);
    await page.waitForSelector("#listing-count:text-matches('^Organisations 26 to')");
    await page.click('[data-filter="kind"] .filter-option[data-value="nhs-trust"]');
    await page.waitForURL(/\/nhs-trust\/$/);
    const kinds = await page.$$eval(".value-org .meta", (ms) => ms.map((m) => m.textContent.split(" · ")[0]));
    assert.ok(kinds.length > 0 && kinds.every((k) => k === "NHS trust"), kinds.join(","));
  }
  await page.close();
});

async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
}

test("axe: no violations on any new page, light and dark, and nothing scrolls sideways at 320 px", async () => {
  const icb = env.orgs.find((o) => o.kind === "icb" && o.region);
  const peerPair = readdirSync(join(env.site, "orgs", icb.org, "compare"))[0];
  const regionSlug = readdirSync(join(env.site, "compare/retention/icb/in"))[0];
  const two = env.orgs.slice(0, 2).map((o) => o.org).join(",");
  const pages = [
    "/compare/",
    "/compare/retention/",
    `/compare/retention/icb/in/${regionSlug}/`,
    "/compare/retention/page/2/",
    "/facets/lawful-basis/ukgdpr-6-1-e/",
    `/orgs/${icb.org}/`,
    `/orgs/${icb.org}/peers/`,
    `/orgs/${icb.org}/compare/${peerPair}/`,
    `/compare/side-by-side/?orgs=${two}`,
    "/compare/how-facts-are-found/",
  ];
  for (const scheme of ["light", "dark"]) {
    const page = await env.browser.newPage({ colorScheme: scheme });
    for (const path of pages) {
      await page.goto(env.server.url + path);
      if (path.includes("side-by-side")) await page.waitForSelector(`#side-by-side-result[data-orgs="${two}"]`);
      assert.deepEqual(await axe(page), [], `${path} (${scheme})`);
      assert.doesNotMatch(await page.textContent("main"), /not stated/i, path);
    }
    await page.close();
  }
  const narrow = await env.browser.newPage({ viewport: { width: 320, height: 640 } });
  for (const path of pages) {
    await narrow.goto(env.server.url + path);
    if (path.includes("side-by-side")) await narrow.waitForSelector(`#side-by-side-result[data-orgs="${two}"]`);
    assert.deepEqual(await axe(narrow), [], `${path} at 320 px`);
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the screen`);
  }
  await narrow.close();
});
