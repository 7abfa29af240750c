// Notice history: the "what changed" page of the fixture version kept beside Southwark's
// notice (content/southwark/notices/client-level-data.versions/2026-06-02.md) shows the
// sentences added and removed, labelled in words, passes axe at 320 px without scrolling
// sideways, is linked from the notice page; the changes feeds are valid Atom.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { useSite, openPage, watchErrors } from "./harness.mjs";

const site = useSite();
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const NOTICE = "/orgs/southwark/client-level-data/";
const CHANGES = `${NOTICE}changes/2026-11-21/`;

async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
}

test("the notice page lists its versions and links to what changed", async () => {
  const page = await site.browser.newPage();
  await openPage(page, site.server.url + NOTICE);
  const items = await page.locator(".versions__item").allInnerTexts();
  assert.equal(items.length, 2);
  assert.match(items[0], /21 November 2026/);
  assert.match(items[1], /2 June 2026: first version retrieved/);
  await page.locator(".versions__item a").first().click();
  await page.waitForURL(`**${CHANGES}`);
  assert.match(await page.locator("h1").innerText(), /What changed on 21 November 2026/);
  await page.close();
});

test("what changed: added and removed sentences, in words as well as marks", async () => {
  const page = await site.browser.newPage();
  const errors = watchErrors(page);
  await openPage(page, site.server.url + CHANGES);
  const added = await page.locator(".diff__line--added").allInnerTexts();
  const removed = await page.locator(".diff__line--removed").allInnerTexts();
  assert.deepEqual(added, ["Added: NHS Digital may only disseminate data to a limited set of bodies."]);
  assert.deepEqual(removed, ["Removed: A summary of the returns is also sent to the Care Quality Commission."]);
  assert.equal(await page.locator(".diff__line--added ins").count(), 1);
  assert.equal(await page.locator(".diff__line--removed del").count(), 1);
  // The reworded retention sentence marks the words themselves.
  const reworded = page.locator(".diff__line--changed", { hasText: "years maximum" });
  assert.match(await reworded.locator("del").innerText(), /10/);
  assert.match(await reworded.locator("ins").innerText(), /20/);
  // Marks that are not colour alone: struck through and underlined.
  const decoration = (sel) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).textDecorationLine);
  assert.equal(await decoration(".diff__line--removed del"), "line-through");
  assert.equal(await decoration(".diff__line--added ins"), "underline");
  const facts = await page.locator(".fact-changes__item").allInnerTexts();
  assert.ok(facts.some((f) => f.includes("now states Article 9(2)(h)")), facts.join("\n"));
  assert.ok(facts.some((f) => f.includes("Retention changed from ten to twenty years.")), facts.join("\n"));
  assert.deepEqual(errors, []);
  await page.close();
});

for (const width of [320, 1280]) {
  test(`what changed: axe passes at ${width} px and nothing scrolls sideways`, async () => {
    for (const scheme of ["light", "dark"]) {
      const page = await site.browser.newPage({ viewport: { width, height: 800 }, colorScheme: scheme });
      await openPage(page, site.server.url + CHANGES);
      assert.deepEqual(await axe(page), [], scheme);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${overflow}px wider than the screen (${scheme})`);
      await page.close();
    }
  });
}

test("the changes feeds are valid Atom, each entry linking to its what-changed page", async () => {
  const page = await site.browser.newPage();
  await openPage(page, site.server.url + "/");
  for (const feed of ["/changes.xml", "/orgs/southwark/changes.xml", "/orgs/dudley/changes.xml"]) {
    const result = await page.evaluate(async (url) => {
      const response = await fetch(url);
      const text = await response.text();
      const doc = new DOMParser().parseFromString(text, "application/xml");
      const ns = "http://www.w3.org/2005/Atom";
      const root = doc.documentElement;
      return {
        status: response.status,
        error: doc.getElementsByTagName("parsererror").length > 0,
        root: root.localName,
        ns: root.namespaceURI,
        id: root.getElementsByTagNameNS(ns, "id")[0]?.textContent,
        updated: root.getElementsByTagNameNS(ns, "updated")[0]?.textContent,
        self: [...root.getElementsByTagNameNS(ns, "link")].find((l) => l.getAttribute("rel") === "self")?.getAttribute("href"),
        entries: [...root.getElementsByTagNameNS(ns, "entry")].map((e) => ({
          id: e.getElementsByTagNameNS(ns, "id")[0]?.textContent,
          title: e.getElementsByTagNameNS(ns, "title")[0]?.textContent,
          updated: e.getElementsByTagNameNS(ns, "updated")[0]?.textContent,
          link: e.getElementsByTagNameNS(ns, "link")[0]?.getAttribute("href"),
        })),
      };
    }, feed);
    assert.equal(result.status, 200, feed);
    assert.equal(result.error, false, feed);
    assert.equal(result.root, "feed");
    assert.equal(result.ns, "http://www.w3.org/2005/Atom");
    assert.ok(result.id && result.updated && result.self, feed);
    assert.match(result.updated, /^\d{4}-\d\d-\d\dT00:00:00Z$/);
    if (feed === "/orgs/dudley/changes.xml") {
      assert.deepEqual(result.entries, [], "no changes: an empty feed");
      continue;
    }
    assert.equal(result.entries.length, 1, feed);
    const [entry] = result.entries;
    assert.equal(entry.updated, "2026-11-21T00:00:00Z");
    assert.ok(entry.title && entry.id, feed);
    assert.equal(new URL(entry.link).pathname, CHANGES);
    const linked = await page.goto(site.server.url + new URL(entry.link).pathname);
    assert.equal(linked.status(), 200);
  }
  await page.close();
});
