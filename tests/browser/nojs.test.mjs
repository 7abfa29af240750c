// Without JavaScript every page is reachable by links.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite } from "./harness.mjs";

const site = useSite();

test("every organisation and notice is reachable from the home page by links alone", async () => {
  const context = await site.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${site.server.url}/`);
  const orgLinks = await page.$$eval(".org-list a", (as) => as.map((a) => a.href));
  assert.equal(orgLinks.length, 5);
  let notices = 0;
  for (const orgUrl of orgLinks) {
    const response = await page.goto(orgUrl);
    assert.equal(response.status(), 200, orgUrl);
    const noticeLinks = await page.$$eval(".notice-list a", (as) => as.map((a) => a.href));
    assert.ok(noticeLinks.length > 0, `${orgUrl} lists no notices`);
    for (const noticeUrl of noticeLinks) {
      const r = await page.goto(noticeUrl);
      assert.equal(r.status(), 200, noticeUrl);
      assert.ok((await page.$$(".notice-body p")).length > 0, `${noticeUrl} has no text`);
      notices += 1;
    }
  }
  assert.equal(notices, 5);
  await page.goto(`${site.server.url}/search/`);
  assert.match(await page.textContent("noscript"), /list of organisations/);
  await context.close();
});

test("an unknown address gets the 404 page with a way back", async () => {
  const page = await site.browser.newPage();
  const response = await page.goto(`${site.server.url}/no/such/page/`);
  assert.equal(response.status(), 404);
  assert.equal((await page.textContent("h1")).trim(), "Page not found");
  await page.click("text=list of organisations");
  assert.equal(new URL(page.url()).pathname, "/organisations/");
  await page.close();
});

test("the organisation filters are links that work without JavaScript", async () => {
  const context = await site.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const visible = () =>
    page.$$eval("#org-list li", (lis) =>
      lis.filter((li) => li.checkVisibility()).map((li) => li.querySelector("a").textContent),
    );
  await page.goto(`${site.server.url}/organisations/`);
  assert.equal((await visible()).length, 5);
  // A click waits for the next page to start, not to be read: each check waits for it.
  await page.click('.filter-option[data-value="council"]');
  await page.waitForLoadState("load");
  assert.equal(new URL(page.url()).pathname, "/organisations/council/");
  assert.equal((await visible()).length, 3);
  assert.match(await page.textContent("#org-count"), /^3 organisations$/);
  await page.click('.filter-option[data-value="west-midlands"]');
  await page.waitForLoadState("load");
  assert.equal(new URL(page.url()).pathname, "/organisations/council/in/west-midlands/");
  assert.deepEqual((await visible()).sort(), ["Dudley Metropolitan Borough Council", "Staffordshire County Council"]);
  assert.equal((await page.textContent("h1")).trim(), "Councils in West Midlands");
  assert.equal(await page.getAttribute('.filter-option[data-value="west-midlands"]', "aria-current"), "page");
  await page.click('[data-filter="kind"] .filter-option[data-value=""]');
  await page.waitForLoadState("load");
  assert.equal(new URL(page.url()).pathname, "/organisations/in/west-midlands/");
  assert.equal((await visible()).length, 3);
  await context.close();
});
