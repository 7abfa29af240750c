// The index read by HTTP Range requests, in Chromium against nginx: the same answers as
// when the whole index is downloaded, fetched as 206 partial responses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, searchFor } from "./harness.mjs";

const site = useSite();

function rangeRequests(log) {
  return log
    .split("\n")
    .filter((line) => /\/search\/(index|doc)-/.test(line))
    .map((line) => {
      const m = line.match(/"GET (\S+) [^"]*" (\d+) (\d+) (\d+) "([^"]*)"/);
      return m ? { path: m[1], status: Number(m[2]), range: m[5] } : null;
    })
    .filter(Boolean);
}

async function resultsIn(mode, queries) {
  const page = await site.browser.newPage();
  await page.goto(`${site.server.url}/search/${mode === "ranges" ? "?index=ranges" : ""}`);
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.state === "ready");
  assert.equal(await page.evaluate(() => document.getElementById("atlas-search").dataset.mode), mode);
  const out = {};
  for (const q of queries) {
    out[q] = await searchFor(page, q);
  }
  await page.close();
  return out;
}

test("searching by byte range gives the same results as the whole index, through 206 responses", async () => {
  const queries = ["national data opt-out", "Survey Monkey", "Client Level Data", "retention", "safeguar"];
  const whole = await resultsIn("whole", queries);
  const before = rangeRequests(site.server.accessLog()).length;
  const ranged = await resultsIn("ranges", queries);
  for (const q of queries) {
    assert.ok(whole[q].length > 0, `no results for ${q}`);
    assert.deepEqual(ranged[q], whole[q], `results differ for ${q}`);
  }
  const requests = rangeRequests(site.server.accessLog()).slice(before);
  const partial = requests.filter((r) => r.status === 206);
  assert.ok(partial.length > 0, "no 206 responses");
  assert.ok(partial.every((r) => /^bytes=\d+-\d+$/.test(r.range)), JSON.stringify(partial.slice(0, 3)));
  assert.ok(requests.some((r) => r.path.endsWith("/hot.bin") && r.status === 200), "hot bundle not fetched");
  // Nothing was fetched whole but the listing, the hot bundle and the hits' stored notices.
  const whole200 = requests.filter(
    (r) => r.status === 200 && !/files\.json$|hot\.bin$|\/search\/doc-[0-9a-f]{10}\/\d+\.json$/.test(r.path),
  );
  assert.deepEqual(whole200, []);
  assert.ok(
    requests.some((r) => /\/search\/doc-[0-9a-f]{10}\/\d+\.json$/.test(r.path)),
    "no stored notice fetched from its group's folder",
  );
});
