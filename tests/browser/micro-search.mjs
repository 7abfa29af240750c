// Engine-only timing, for comparing builds of the search module: the search page's module
// and index, queried in a loop inside the page (no DOM, no debounce, no pause between
// queries), after one untimed round has fetched what each query needs. Prints p50 and p95
// over all queries, then each query's p50, in ms. The same queries as bench-search.mjs.
//
//   node micro-search.mjs SITE_DIR [REPEATS]      (default 100 rounds of the six queries)
//
// With PROFILE=FILE, Chromium's sampling profiler runs over the timed loop and its profile
// (.cpuprofile JSON) is written to FILE; a module bound with its name section kept
// (wasm-bindgen without --remove-name-section) shows the Rust function names.
import { writeFileSync } from "node:fs";
import { startNginx, launchChromium } from "./harness.mjs";

const site = process.argv[2];
const repeats = Number(process.argv[3] ?? 100);
const QUERIES = ["safeguarding", "council tax", '"national data opt-out"', "safeguar", "polise records", "heading:rights"];

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const server = await startNginx(site);
const browser = await launchChromium();
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/search/`);
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.state === "ready", null, { timeout: 120000 });
  // An instance of our own (the page keeps its engine to itself), fed as the page feeds its.
  await page.evaluate(async (queries) => {
    const { module, wasm, index } = document.getElementById("atlas-search").dataset;
    const glue = await import(`${module}#micro`);
    const listingText = await (await fetch(`${index}files.json`)).text();
    await glue.default({ module_or_path: wasm });
    const engine = new glue.AtlasIndex(listingText);
    const listing = JSON.parse(listingText);
    engine.provideBundle(new Uint8Array(await (await fetch(index + listing.hot.name)).arrayBuffer()));
    // A stored notice `doc/<key>.json` is in its group's folder (`files.json`'s `stored`),
    // as the page script finds it.
    const fileOf = (file) => {
      const key = /^doc\/(\d+)\.json$/.exec(file);
      if (!key || !listing.stored) return file;
      return `${listing.stored.dirs[Math.floor(Number(key[1]) / listing.stored.per_dir)]}${key[1]}.json`;
    };
    for (const query of queries) {
      for (let round = 0; round < 12; round += 1) {
        const answer = JSON.parse(engine.search(query, 5, 0, "[]", false, false));
        if (answer.done) break;
        for (const f of answer.need) {
          const init = f.whole ? {} : { headers: { Range: `bytes=${f.start}-${f.end - 1}` } };
          const response = await fetch(index + fileOf(f.file), init);
          const start = f.whole || response.status !== 206 ? 0 : f.start;
          engine.provide(f.file, start, new Uint8Array(await response.arrayBuffer()));
        }
      }
    }
    window.microEngine = engine;
  }, QUERIES);
  const cdp = process.env.PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
    await cdp.send("Profiler.start");
  }
  const times = await page.evaluate(
    async ([queries, repeats]) => {
      const engine = window.microEngine;
      const times = queries.map(() => []);
      for (let r = 0; r < repeats; r += 1) {
        queries.forEach((query, i) => {
          const started = performance.now();
          JSON.parse(engine.search(query, 5, 0, "[]", false, false));
          times[i].push(performance.now() - started);
        });
        // Lets the page's event loop run between rounds.
        await new Promise((ok) => setTimeout(ok, 0));
      }
      return times;
    },
    [QUERIES, repeats],
  );
  if (cdp) {
    const { profile } = await cdp.send("Profiler.stop");
    writeFileSync(process.env.PROFILE, JSON.stringify(profile));
  }
  const all = times.flat();
  const each = times.map((t) => percentile(t, 50).toFixed(2));
  console.log([`p50 ${percentile(all, 50).toFixed(2)}`, `p95 ${percentile(all, 95).toFixed(2)}`, ...each].join("\t"));
} finally {
  await browser.close();
  await server.stop();
}
