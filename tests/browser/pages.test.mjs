// The default theme in a real browser: screenshots to look at, no layout shift when search
// results appear, enhancements (instant filters, copy-link), strict hosting (CSP, compression,
// caching) and per-page metadata.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { useSite, openPage, takeCspViolations, repo, PAGES } from "./harness.mjs";

const site = useSite();
const shots = resolve(process.env.ATLAS_SCREENSHOTS ?? join(repo, "target/screenshots"));

test("screenshots of the main pages at 375 px and 1280 px wide", async () => {
  mkdirSync(shots, { recursive: true });
  const pages = ["home", "organisations", "organisation", "notice", "search-results", "compare", "side-by-side", "facet-value"];
  for (const [width, height] of [[375, 812], [1280, 900]]) {
    for (const scheme of ["light", "dark"]) {
      const page = await site.browser.newPage({ viewport: { width, height }, colorScheme: scheme });
      for (const name of pages) {
        if (scheme === "dark" && !["home", "notice"].includes(name)) continue;
        await openPage(page, site.server.url + PAGES[name]);
        const file = join(shots, `${name}-${width}${scheme === "dark" ? "-dark" : ""}.png`);
        await page.screenshot({ path: file, fullPage: true });
      }
      await page.close();
    }
  }
});

async function layoutShift(page) {
  return page.evaluate(
    () =>
      new Promise((ok) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (!entry.hadRecentInput) total += entry.value;
          }
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => ok(total), 300);
      }),
  );
}

for (const [width, height] of [[375, 667], [1280, 720], [1280, 1400]]) {
  test(`no layout shift when search results appear (${width}×${height})`, async () => {
    const page = await site.browser.newPage({ viewport: { width, height } });
    await openPage(page, `${site.server.url}/search/?q=national+data+opt-out`);
    assert.ok((await page.$$("#search-results li")).length > 0);
    assert.equal(await layoutShift(page), 0);
    await page.close();
  });
}

test("the harness catches a Content-Security-Policy violation", async () => {
  const page = await site.browser.newPage();
  await openPage(page, `${site.server.url}/`);
  // An inline script, which the policy must block.
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.inlineRan = true";
    document.body.append(s);
  });
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => window.inlineRan), undefined, "inline script ran");
  const seen = takeCspViolations();
  assert.ok(seen.some((v) => /script-src/.test(v)), JSON.stringify(seen));
  await page.close();
});

test("no page has inline scripts or styles", async () => {
  const page = await site.browser.newPage();
  for (const [name, path] of Object.entries(PAGES)) {
    await openPage(page, site.server.url + path);
    const inline = await page.evaluate(() => ({
      scripts: [...document.scripts].filter((s) => !s.src).length,
      styles: document.querySelectorAll("style, [style]").length,
      handlers: [...document.querySelectorAll("*")].filter((el) =>
        [...el.attributes].some((a) => a.name.startsWith("on")),
      ).length,
    }));
    assert.deepEqual(inline, { scripts: 0, styles: 0, handlers: 0 }, name);
  }
  await page.close();
});

test("with JavaScript the filters apply in place, keep the address and work with Back", async () => {
  const page = await site.browser.newPage();
  await openPage(page, `${site.server.url}/organisations/`);
  await page.evaluate(() => (window.samePage = true));
  await page.click('.filter-option[data-value="council"]');
  await page.waitForFunction(() => document.getElementById("org-count").textContent === "3 organisations");
  assert.equal(await page.evaluate(() => window.samePage), true, "the page was reloaded");
  assert.equal(new URL(page.url()).pathname, "/organisations/council/");
  assert.equal(await page.getAttribute('.filter-option[data-value="west-midlands"]', "href"), "/organisations/council/in/west-midlands/");
  assert.match(await page.textContent('.filter-option[data-value="london"]'), /\(1\)/);
  await page.click('.filter-option[data-value="west-midlands"]');
  await page.waitForFunction(() => document.getElementById("org-count").textContent === "2 organisations");
  assert.equal((await page.textContent("h1")).trim(), "Councils in West Midlands");
  assert.match(await page.title(), /^Councils in West Midlands – /);
  // The same state as the static page for that address.
  const inPlace = await page.$$eval("#org-list li:not([hidden]) a", (as) => as.map((a) => a.textContent));
  await page.goBack();
  await page.waitForFunction(() => document.getElementById("org-count").textContent === "3 organisations");
  assert.equal(new URL(page.url()).pathname, "/organisations/council/");
  const fresh = await site.browser.newPage();
  await fresh.goto(`${site.server.url}/organisations/council/in/west-midlands/`);
  assert.deepEqual(await fresh.$$eval("#org-list li:not([hidden]) a", (as) => as.map((a) => a.textContent)), inPlace);
  await fresh.close();
  await page.close();
});

test("a section link copies the section's address and says so", async () => {
  const context = await site.browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.server.url });
  const page = await context.newPage();
  await openPage(page, site.server.url + PAGES.notice);
  const link = page.locator(".section-link a").first();
  const href = await link.getAttribute("href");
  await link.click();
  await page.waitForFunction(() => document.getElementById("copy-status").textContent.includes("copied"));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${site.server.url}${PAGES.notice}${href}`);
  assert.equal(new URL(page.url()).hash, href);
  await context.close();
});

test("the notice page shows contents, last updated, source and retrieval date", async () => {
  const page = await site.browser.newPage();
  await openPage(page, site.server.url + PAGES.notice);
  const toc = await page.$$eval(".toc a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(toc.length > 1);
  for (const href of toc) {
    assert.equal(await page.locator(`[id="${href.slice(1)}"]`).count(), 1, href);
  }
  const facts = await page.$$eval(".provenance .summary-list__row", (rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector("dt").textContent, r.querySelector("dd").textContent.trim()])),
  );
  assert.equal(facts["Last updated"], "Not stated in the notice");
  assert.match(facts.Retrieved, /^\d{1,2} [A-Z][a-z]+ 20\d\d$/);
  // The seed notices record no source address; the page says so rather than leaving a gap.
  assert.equal(facts.Source, "Not recorded");
  await openPage(page, `${site.server.url}/orgs/southwark/client-level-data/`);
  assert.equal(await page.textContent(".provenance time[datetime='2023-09-06']"), "6 September 2023");
  await page.close();
});

test("pages carry title, description, canonical URL and Open Graph tags from base_url", async () => {
  const page = await site.browser.newPage();
  for (const [name, path] of Object.entries(PAGES)) {
    if (name === "not-found" || path.includes("?")) continue;
    await openPage(page, site.server.url + path);
    const head = await page.evaluate(() => {
      const meta = (sel) => document.querySelector(sel)?.getAttribute("content");
      return {
        canonical: document.querySelector('link[rel="canonical"]').href,
        description: meta('meta[name="description"]'),
        ogUrl: meta('meta[property="og:url"]'),
        ogTitle: meta('meta[property="og:title"]'),
        ogType: meta('meta[property="og:type"]'),
      };
    });
    // The test site is built with base_url http://127.0.0.1/ (no port): URLs come from it.
    assert.equal(head.canonical, `http://127.0.0.1${path}`, name);
    assert.equal(head.ogUrl, head.canonical, name);
    assert.ok(head.description?.length > 10, `${name}: no description`);
    assert.ok(head.ogTitle?.length > 0, name);
    assert.equal(head.ogType, path === "/" ? "website" : "article", name);
  }
  await page.close();
});

test("nginx sends the precompressed files, the CSP, and caching by kind of file", async () => {
  const get = (path, encoding) =>
    fetch(site.server.url + path, { headers: { "accept-encoding": encoding } });
  const html = await get("/", "br, gzip");
  assert.equal(html.headers.get("content-encoding"), "br");
  assert.equal(html.headers.get("cache-control"), "no-cache");
  assert.match(html.headers.get("content-security-policy"), /script-src 'self' 'wasm-unsafe-eval'/);
  const text = await html.text();
  const css = text.match(/href="(\/assets\/main\.[0-9a-f]{10}\.css)"/)[1];
  const gz = await get(css, "gzip");
  assert.equal(gz.headers.get("content-encoding"), "gzip");
  assert.match(gz.headers.get("cache-control"), /max-age=31536000, immutable/);
  assert.match(gz.headers.get("content-security-policy"), /default-src 'self'/);
  const log = site.server.accessLog();
  // The precompressed .br file was sent as is: its size on disk is what went out.
  assert.ok(log.includes('"GET / HTTP/1.1" 200'), log);
  const feed = await get("/feed.xml", "br");
  assert.equal(feed.status, 200);
  assert.equal(feed.headers.get("content-encoding"), "br");
  // A stored notice, in its content-named folder beside the index: compressed, and cached
  // as long as the index.
  const { dir } = await (await get("/search/index.json", "identity")).json();
  const listing = await (await get(`/${dir}files.json`, "identity")).json();
  const notice = new URL(`${listing.stored.dirs[0]}0.json`, `http://host/${dir}`).pathname;
  assert.match(notice, /^\/search\/doc-[0-9a-f]{10}\/0\.json$/);
  const stored = await get(notice, "br");
  assert.equal(stored.status, 200);
  assert.equal(stored.headers.get("content-encoding"), "br");
  assert.match(stored.headers.get("cache-control"), /max-age=31536000, immutable/);
});
