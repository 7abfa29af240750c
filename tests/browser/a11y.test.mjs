// Accessibility (WCAG 2.2 AA): axe-core over a page of every template, in both colour
// schemes and at a phone's width; the search flow with the keyboard alone; announcements.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { useSite, openPage, searchFor, watchErrors, PAGES } from "./harness.mjs";

const site = useSite();
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// axe is evaluated through the DevTools protocol, which the page's CSP does not govern, so the
// site's own policy stays on (and checked) while axe runs.
async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
    }));
  });
}

for (const scheme of ["light", "dark"]) {
  for (const [name, path] of Object.entries(PAGES)) {
    test(`axe: no violations on the ${name} page (${scheme})`, async () => {
      const page = await site.browser.newPage({ colorScheme: scheme });
      const errors = watchErrors(page);
      await openPage(page, site.server.url + path);
      assert.deepEqual(await axe(page), []);
      assert.deepEqual(errors.filter((e) => !e.includes("404")), []);
      await page.close();
    });
  }
}

test("axe: no violations at 320 px wide, and nothing scrolls sideways", async () => {
  const page = await site.browser.newPage({ viewport: { width: 320, height: 640 } });
  for (const [name, path] of Object.entries(PAGES)) {
    await openPage(page, site.server.url + path);
    assert.deepEqual(await axe(page), [], name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the screen`);
  }
  await page.close();
});

test("keyboard only: skip link, search, results, and into the notice at the section", async () => {
  const page = await site.browser.newPage();
  await openPage(page, `${site.server.url}/`);
  // The first Tab lands on the skip link, which moves focus to the main content.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Skip to main content");
  assert.ok(await page.evaluate(() => getComputedStyle(document.activeElement).left === "0px"), "skip link not shown on focus");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  // The next Tab reaches the search box; type and submit with Enter.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "home-search");
  await page.keyboard.type("national data opt-out");
  await page.keyboard.press("Enter");
  await page.waitForURL("**/search/?q=national+data+opt-out");
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.query === "national data opt-out");
  // Focus is not lost: from the search box, Tab moves through the button to the results.
  await page.focus("#search-input");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Search");
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => ({
    inResults: document.activeElement.closest("#search-results") !== null,
    href: document.activeElement.getAttribute("href"),
    outline: getComputedStyle(document.activeElement).backgroundColor,
  }));
  assert.ok(first.inResults, "Tab did not reach the first result");
  assert.equal(first.outline, "rgb(255, 221, 0)", "focused result has no visible focus style");
  await page.keyboard.press("Enter");
  await page.waitForURL(`**${first.href}`);
  const anchor = first.href.split("#")[1];
  assert.ok(await page.$eval(`[id="${anchor}"]`, (el) => el.matches(":target")));
  await page.close();
});

test("keyboard only: organisation filters work and the count is announced", async () => {
  const page = await site.browser.newPage();
  await openPage(page, `${site.server.url}/organisations/`);
  assert.equal(await page.getAttribute("#org-count", "role"), "status");
  await page.focus('.filter-option[data-value="icb"]');
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("org-count").textContent === "2 organisations");
  assert.equal(new URL(page.url()).pathname, "/organisations/icb/");
  assert.equal((await page.textContent("h1")).trim(), "Integrated care boards");
  await page.close();
});

test("search result counts are announced by a polite live region", async () => {
  const page = await site.browser.newPage();
  await openPage(page, `${site.server.url}/search/`);
  const status = await page.$eval("#search-status", (el) => ({
    role: el.getAttribute("role"),
    live: el.getAttribute("aria-live"),
  }));
  assert.deepEqual(status, { role: "status", live: "polite" });
  await searchFor(page, "survey monkey");
  assert.match(await page.textContent("#search-status"), /^\d+ notices? match/);
  await page.close();
});

test("every page has one h1, a title, a language and landmarks", async () => {
  const page = await site.browser.newPage();
  for (const [name, path] of Object.entries(PAGES)) {
    await openPage(page, site.server.url + path);
    const facts = await page.evaluate(() => ({
      h1: document.querySelectorAll("h1").length,
      title: document.title,
      lang: document.documentElement.lang,
      main: document.querySelectorAll("main").length,
      header: document.querySelectorAll("body > header").length,
      footer: document.querySelectorAll("body > footer").length,
    }));
    assert.deepEqual({ ...facts, title: facts.title.length > 0 }, { h1: 1, title: true, lang: "en-GB", main: 1, header: 1, footer: 1 }, name);
  }
  await page.close();
});
