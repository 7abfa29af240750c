// Search benchmark in headless Chromium against nginx: bytes and requests for the page load,
// the first (cold) query and each later query (from nginx's access log), time to first
// results, and warm query latency. Prints one line per figure; asserts nothing.
//
//   node bench-search.mjs SITE_DIR [LABEL] [--pagefind]
//
// With --pagefind the same figures are taken for Pagefind's index of the same site (built
// into SITE_DIR/pagefind/ by `pagefind --site SITE_DIR`), through its JS API, loading the
// data of the top 5 results, as our page lists (and as Pagefind's own UI does by default).
import { startNginx, launchChromium } from "./harness.mjs";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const pagefind = process.argv.includes("--pagefind");
const site = args[0];
const label = (args[1] ?? site) + (pagefind ? " pagefind" : " atlas");
const RESULTS = 5;
const QUERIES = [
  ["one term", "safeguarding"],
  ["two terms", "council tax"],
  ["phrase", '"national data opt-out"'],
  ["prefix", "safeguar"],
  ["fuzzy-ish (misspelt, relaxed)", "polise records"],
  ["field-filtered", "heading:rights"],
];
const WARM_REPEATS = 20;

function parseLog(text) {
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const m = line.match(/"(\w+) (\S+) [^"]*" (\d+) (\d+) (\d+)/);
      return m ? { path: m[2], status: Number(m[3]), body: Number(m[4]), sent: Number(m[5]) } : null;
    })
    .filter(Boolean);
}

function summarise(entries, filter = () => true) {
  const picked = entries.filter(filter);
  return { requests: picked.length, bytes: picked.reduce((n, e) => n + e.sent, 0) };
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const line = (name, value, unit = "") => console.log(`${label}\t${name}\t${value}${unit ? " " + unit : ""}`);

const server = await startNginx(site);
const browser = await launchChromium();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  let seen = 0;
  const newEntries = () => {
    const all = parseLog(server.accessLog());
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
  const t0 = Date.now();
  // Pagefind names its module /pagefind/wasm.<lang>.pagefind.
  const isWasm = (e) => e.path.endsWith(".wasm") || e.path.startsWith("/pagefind/wasm.");
  const isIndex = pagefind
    ? (e) => e.path.startsWith("/pagefind/") && !e.path.endsWith(".js") && !isWasm(e)
    : (e) => e.path.includes("/search/index-") || e.path.includes("/search/doc-");
  let runQuery;
  if (pagefind) {
    await page.goto(`${server.url}/404.html`);
    await page.evaluate(async () => {
      window.pf = await import("/pagefind/pagefind.js");
      await window.pf.init();
    });
    runQuery = (query) =>
      page.evaluate(
        async ([q, n]) => {
          const started = performance.now();
          const search = await window.pf.search(q);
          await Promise.all(search.results.slice(0, n).map((r) => r.data()));
          return { ms: performance.now() - started, rounds: "-" };
        },
        [query, RESULTS],
      );
  } else {
    await page.goto(`${server.url}/search/`);
    await page.waitForFunction(() => document.getElementById("atlas-search").dataset.state === "ready", null, { timeout: 120000 });
    runQuery = async (query) => {
      await page.evaluate(() => {
        const input = document.getElementById("search-input");
        input.value = "";
        input.dispatchEvent(new Event("input"));
      });
      await page.waitForTimeout(80);
      await page.evaluate((q) => {
        const input = document.getElementById("search-input");
        input.value = q;
        input.form.requestSubmit();
      }, query);
      await page.waitForFunction((q) => document.getElementById("atlas-search").dataset.query === q, query, { timeout: 120000 });
      return page.evaluate(() => {
        const d = document.getElementById("atlas-search").dataset;
        return { ms: Number(d.queryMs), rounds: d.rounds };
      });
    };
  }
  const loadMs = Date.now() - t0;
  const load = newEntries();
  line("page load: requests", summarise(load).requests);
  line("page load: bytes (all)", summarise(load).bytes, "B");
  line("page load: bytes (wasm)", summarise(load, isWasm).bytes, "B");
  line("page load: bytes (index)", summarise(load, isIndex).bytes, "B");
  line("page load: time to search ready", loadMs, "ms");
  let coldIndex = summarise(load, isIndex).bytes;
  let coldAll = summarise(load).bytes;

  for (const [i, [kind, query]] of QUERIES.entries()) {
    const { ms, rounds } = await runQuery(query);
    const entries = newEntries();
    const index = summarise(entries, isIndex);
    const all = summarise(entries);
    const prefix = i === 0 ? "first query (cold)" : "later query";
    if (i === 0) {
      coldIndex += index.bytes;
      coldAll += all.bytes;
      line("load + first query: index bytes", coldIndex, "B");
      line("load + first query: all bytes (wasm included)", coldAll, "B");
    }
    line(`${prefix} [${kind}] ${query}: index bytes`, index.bytes, "B");
    line(`${prefix} [${kind}] ${query}: all bytes`, all.bytes, "B");
    line(`${prefix} [${kind}] ${query}: requests`, all.requests);
    line(`${prefix} [${kind}] ${query}: rounds`, rounds);
    line(`${prefix} [${kind}] ${query}: time to results`, ms.toFixed(1), "ms");
  }
  // Warm: every query again, its data already loaded.
  const warm = [];
  for (let r = 0; r < WARM_REPEATS; r += 1) {
    for (const [, query] of QUERIES) {
      warm.push((await runQuery(query)).ms);
    }
  }
  const warmFetch = summarise(newEntries(), isIndex);
  line("warm queries: extra index bytes", warmFetch.bytes, "B");
  line("warm query latency p50", percentile(warm, 50).toFixed(2), "ms");
  line("warm query latency p95", percentile(warm, 95).toFixed(2), "ms");
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
