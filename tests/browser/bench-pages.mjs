// Page-weight benchmark: loads pages of the built site through nginx (with the repository's
// config, so precompressed brotli files are what is sent) in headless Chromium, with an empty
// cache, and prints the bytes transferred per page against the theme's budgets, and the
// cumulative layout shift when search results appear. Prints numbers; asserts nothing.
//   make bench-pages        (or: ATLAS_SITE=... node bench-pages.mjs)
import { startNginx, launchChromium, openPage } from "./harness.mjs";

const PAGES = [
  ["home", "/", 50 * 1024],
  ["notice", "/orgs/staffordshire/national-data-opt-out/", 60 * 1024],
  ["organisation list", "/organisations/", null],
  ["organisation", "/orgs/staffordshire/", null],
  ["search page, before any query", "/search/", null],
  ["compare: elements", "/compare/", null],
  ["compare: one element", "/compare/lawful-basis/", null],
  ["compare: element, filtered", "/compare/lawful-basis/council/", null],
  ["facet value", "/facets/special-category/ukgdpr-9-2-h/", null],
  ["peer report", "/orgs/southwark/peers/", null],
  ["side by side with a peer", "/orgs/southwark/compare/dudley/", null],
  ["side by side, two picked", "/compare/side-by-side/?orgs=southwark,dorset-icb", null],
];

const server = await startNginx();
const browser = await launchChromium();

async function measure(path, { viewport } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const requests = new Map();
  cdp.on("Network.responseReceived", (e) => requests.set(e.requestId, { url: e.response.url, encoding: e.response.headers["content-encoding"] ?? e.response.headers["Content-Encoding"] ?? "" }));
  let bytes = 0;
  const files = [];
  cdp.on("Network.loadingFinished", (e) => {
    bytes += e.encodedDataLength;
    const r = requests.get(e.requestId);
    if (r) files.push({ url: new URL(r.url).pathname, bytes: e.encodedDataLength, encoding: r.encoding });
  });
  await openPage(page, server.url + path);
  await page.waitForLoadState("networkidle");
  await context.close();
  return { bytes, files };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log("Transferred bytes per page (empty cache, brotli, headers included)\n");
for (const [name, path, budget] of PAGES) {
  const { bytes, files } = await measure(path);
  const verdict = budget === null ? "" : bytes <= budget ? `  (budget ${kb(budget)}: within)` : `  (budget ${kb(budget)}: OVER)`;
  console.log(`${name.padEnd(32)} ${kb(bytes).padStart(10)}${verdict}`);
  for (const f of files) {
    console.log(`    ${f.url.padEnd(60)} ${kb(f.bytes).padStart(10)} ${f.encoding}`);
  }
}

console.log("\nSearch page with results (loads the search module and index):");
{
  const { bytes } = await measure("/search/?q=national+data+opt-out");
  console.log(`${"search with results".padEnd(32)} ${kb(bytes).padStart(10)}`);
}

console.log("\nCumulative layout shift when search results appear (no recent input counted):");
for (const [width, height] of [[320, 568], [375, 667], [1280, 720], [1920, 1200]]) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__shifts = { all: 0, unexpected: 0 };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__shifts.all += e.value;
        if (!e.hadRecentInput) window.__shifts.unexpected += e.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await openPage(page, `${server.url}/search/?q=national+data+opt-out`);
  const arrival = await page.evaluate(() => ({ ...window.__shifts }));
  await page.fill("#search-input", "");
  await page.locator("#search-input").pressSequentially("retention of records", { delay: 30 });
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.query === "retention of records");
  await page.waitForTimeout(200);
  const typed = await page.evaluate(() => ({ ...window.__shifts }));
  console.log(`  ${`${width}×${height}`.padEnd(10)} arriving with a query: CLS ${arrival.unexpected.toFixed(4)}; after typing another: CLS ${typed.unexpected.toFixed(4)} (all shifts incl. input-driven ${typed.all.toFixed(4)})`);
  await context.close();
}

await browser.close();
await server.stop();
