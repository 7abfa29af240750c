// "Use atlas for your own site": the atlas binary, copied out of the repository, builds a
// site folder that holds only atlas.toml and content/ (no themes/, no search module of its
// own) in a temporary folder, and the site's search works in Chromium against nginx.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo, startNginx, launchChromium, searchFor, watchErrors } from "./harness.mjs";

const env = { server: null, browser: null, dir: null };

before(async () => {
  env.dir = mkdtempSync(join(tmpdir(), "atlas-own-site-"));
  const bin = join(env.dir, "bin");
  mkdirSync(bin);
  copyFileSync(join(repo, "target/release/atlas"), join(bin, "atlas"));
  execFileSync("chmod", ["+x", join(bin, "atlas")]);
  const site = join(env.dir, "my-site");
  mkdirSync(join(site, "content/harbour-town-council/notices"), { recursive: true });
  writeFileSync(
    join(site, "atlas.toml"),
    'title = "Harbour notices"\nbase_url = "http://127.0.0.1/"\ndescription = "One council\'s notices."\n',
  );
  writeFileSync(
    join(site, "content/harbour-town-council/org.toml"),
    'name = "Harbour Town Council"\nkind = "council"\nwebsite = "https://harbour.example"\nregion = "South West"\n',
  );
  writeFileSync(
    join(site, "content/harbour-town-council/notices/moorings.md"),
    [
      "+++",
      'title = "Harbour moorings privacy notice"',
      "retrieved = 2026-11-20",
      'summary = "How the council uses mooring holders\' details."',
      "+++",
      "",
      "## Why we hold your details",
      "",
      "We keep the names of mooring holders and the registration of each vessel so that we can",
      "send invoices for berths. Our lawful basis is Article 6(1)(b) of the UK GDPR.",
      "",
    ].join("\n"),
  );
  // Run from the site folder with the default output, as a maintainer would.
  execFileSync(join(bin, "atlas"), ["build"], { cwd: site, stdio: "pipe" });
  env.server = await startNginx(join(site, "public"));
  env.browser = await launchChromium();
});

after(async () => {
  await env.browser?.close();
  await env.server?.stop();
  rmSync(env.dir, { recursive: true, force: true });
});

test("an installed atlas writes the search module into a site outside the repository", () => {
  const search = readdirSync(join(env.dir, "my-site/public/search"));
  assert.ok(search.some((f) => /^search_wasm_bg\.[0-9a-f]{10}\.wasm$/.test(f)), search.join(", "));
  assert.ok(search.some((f) => /^search-ui\.[0-9a-f]{10}\.js$/.test(f)), search.join(", "));
});

test("its search page finds the site's own notice", async () => {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/search/`);
  await page.waitForFunction(() => document.getElementById("atlas-search").dataset.state === "ready");
  const results = await searchFor(page, "vessel");
  assert.equal(results.length, 1);
  assert.match(results[0].org, /^Harbour Town Council/);
  assert.match(results[0].href, /orgs\/harbour-town-council\/moorings\//);
  assert.match(results[0].snippet, /vessel/);
  assert.deepEqual(errors, []);
  await page.close();
});
