// Without JavaScript every page is reachable by links.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startNginx, launchChromium } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startNginx();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("every organisation and notice is reachable from the home page by links alone", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
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
  await page.goto(`${server.url}/search/`);
  assert.match(await page.textContent("noscript"), /list of organisations/);
  await context.close();
});

test("an unknown address gets the 404 page with a way back", async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${server.url}/no/such/page/`);
  assert.equal(response.status(), 404);
  assert.equal((await page.textContent("h1")).trim(), "Page not found");
  await page.click("text=list of organisations");
  assert.equal(new URL(page.url()).pathname, "/");
  await page.close();
});
