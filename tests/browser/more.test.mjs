// More results than fit on one page: a site built from a generated corpus (12 notices), its
// search page in Chromium against nginx. The first page lists five notices; "Show more
// results" adds the next five under them and moves focus to the first added.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo, startNginx, launchChromium, searchFor, watchErrors } from "./harness.mjs";

const env = { server: null, browser: null, dir: null };

before(async () => {
  env.dir = mkdtempSync(join(tmpdir(), "atlas-more-"));
  const bin = (name) => join(repo, "target/release", name);
  execFileSync(bin("atlas-corpus"), ["--orgs", "4", "--notices", "3", "--seed", "7", "--out", env.dir], { cwd: repo });
  execFileSync(bin("atlas"), ["build", "--root", env.dir, "--out", join(env.dir, "site")]);
  env.server = await startNginx(join(env.dir, "site"));
  env.browser = await launchChromium();
});

after(async () => {
  await env.browser?.close();
  await env.server?.stop();
  rmSync(env.dir, { recursive: true, force: true });
});

test("five results at first, then five more on request, focus on the first new one", async () => {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/search/`);
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.state === "ready");
  const first = await searchFor(page, "data");
  assert.equal(first.length, 5);
  assert.match(await page.textContent("#search-status"), /^12 notices match “data”; showing the first 5\./);
  const more = page.locator("#search-more");
  assert.equal(await more.isVisible(), true);

  await more.click();
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.listed === "10");
  const hrefs = await page.$$eval("#search-results .result-link", (links) => links.map((a) => a.getAttribute("href")));
  assert.equal(hrefs.length, 10);
  assert.deepEqual(hrefs.slice(0, 5), first.map((r) => r.href), "the first page moved");
  assert.equal(new Set(hrefs.map((h) => h.split("#")[0])).size, 10, "a notice is listed twice");
  const focused = await page.evaluate(() => document.activeElement.getAttribute("href"));
  assert.equal(focused, hrefs[5]);
  assert.match(await page.textContent("#search-status"), /showing the first 10\./);

  await more.click();
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.listed === "12");
  assert.equal(await more.isVisible(), false);
  assert.match(await page.textContent("#search-status"), /^12 notices match “data”\.$/);

  // A new query starts again from its first page.
  const again = await searchFor(page, "retention");
  assert.ok(again.length <= 5);
  assert.deepEqual(errors, []);
  await page.close();
});
