// `atlas serve` in Chromium, under the strict CSP the site is published with
// (script-src 'self'): a broken edit shows the build-error overlay over the last good page,
// and fixing it reloads the page with the new text.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { repo, launchChromium, watchErrors } from "./harness.mjs";

const atlas = process.env.ATLAS ?? join(repo, "target/release/atlas");
const CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:";
let site;
let server;
let url;
let browser;

before(async () => {
  site = mkdtempSync(join(tmpdir(), "atlas-serve-"));
  cpSync(join(repo, "atlas.toml"), join(site, "atlas.toml"));
  cpSync(join(repo, "themes"), join(site, "themes"), { recursive: true });
  mkdirSync(join(site, "content"));
  cpSync(join(repo, "content/southwark"), join(site, "content/southwark"), { recursive: true });
  server = spawn(atlas, ["serve", "--port", "0", "--root", site], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: server.stdout });
  url = await new Promise((ok, fail) => {
    server.once("exit", (code) => fail(new Error(`atlas serve exited with ${code}`)));
    lines.once("line", (line) => ok(line.match(/http:\/\/127\.0\.0\.1:\d+\//)[0]));
  });
  lines.on("line", () => {});
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  if (site) rmSync(site, { recursive: true, force: true });
});

test("a broken edit shows the overlay over the last good page; the fix reloads it", async () => {
  const context = await browser.newContext();
  // Serve every response with the site's strict policy: no inline script may run.
  await context.route("**/*", async (route) => {
    if (route.request().resourceType() !== "document") return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": CSP } });
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const notice = join(site, "content/southwark/notices/client-level-data.md");
  const good = readFileSync(notice, "utf8");

  const polling = page.waitForRequest((r) => r.url().includes("/__atlas/wait?since="));
  await page.goto(`${url}orgs/southwark/client-level-data/`);
  await polling;
  assert.match(await page.textContent("main"), /Client Level Data/);

  writeFileSync(notice, good.replace("retrieved = ", 'regoin = "x"\nretrieved = '));
  const overlay = page.locator("#atlas-build-error");
  await overlay.waitFor({ state: "visible", timeout: 20000 });
  assert.match(await overlay.textContent(), /client-level-data\.md:\d+:1: unknown field `regoin`/);
  assert.match(await overlay.textContent(), /last good site is still served/);
  assert.match(await page.textContent("main"), /Department of Health and Social Care/);
  mkdirSync(join(repo, "tests/browser/screenshots"), { recursive: true });
  await page.screenshot({ path: join(repo, "tests/browser/screenshots/serve-overlay.png") });

  writeFileSync(notice, good.replace("The Department of Health and Social Care", "The Department of Health and Social Care (DHSC)"));
  await page.waitForFunction(() => document.body.textContent.includes("(DHSC)"), null, { timeout: 20000 });
  assert.equal(await page.locator("#atlas-build-error").count(), 0);
  assert.deepEqual(errors, []);
  await page.goto("about:blank");
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await context.unrouteAll({ behavior: "ignoreErrors" });
  await context.close();
});
