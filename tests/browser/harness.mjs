// Shared set-up for the browser tests: the built site served by a real nginx on a free
// loopback port, and Debian's headless Chromium driven by playwright-core.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../..");

/** Folder of the built site under test (make browser builds it into target/test-site). */
export function siteDir() {
  const dir = resolve(here, process.env.ATLAS_SITE ?? "../../target/test-site");
  if (!existsSync(join(dir, "index.html"))) {
    throw new Error(`no built site at ${dir}: run \`make browser\` (it builds the site first)`);
  }
  return dir;
}

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function waitForPort(port, child, deadlineMs = 10000) {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`nginx exited with ${child.exitCode}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      await response.arrayBuffer();
      return;
    } catch {
      if (Date.now() - started > deadlineMs) throw new Error("nginx did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Starts nginx with the repository's config over `site`; returns its URL and a stop(). */
export async function startNginx(site = siteDir()) {
  const port = await freePort();
  const run = mkdtempSync(join(tmpdir(), "atlas-nginx-"));
  const conf = execFileSync(join(repo, "scripts/nginx-conf.sh"), [site, String(port), run])
    .toString()
    .trim();
  const child = spawn("nginx", ["-p", run, "-c", conf], { stdio: ["ignore", "inherit", "inherit"] });
  await waitForPort(port, child);
  return {
    url: `http://127.0.0.1:${port}`,
    accessLog: () => readFileSync(join(run, "access.log"), "utf8"),
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok();
        child.once("exit", ok);
        child.kill("SIGTERM");
      }),
  };
}

/** Content-Security-Policy violations seen on any page since the last check. */
const cspViolations = [];

// Runs in every page before its own scripts (injected by the browser, so the page's CSP
// does not apply to it): reports each CSP violation on the console in a form we catch.
const REPORT_CSP = () => {
  document.addEventListener("securitypolicyviolation", (e) => {
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
  });
};

function watchCsp(page) {
  page.on("console", (m) => {
    const text = m.text();
    if (/CSP violation|Content Security Policy/i.test(text)) {
      cspViolations.push(`${page.url()}: ${text}`);
    }
  });
}

/** Returns and forgets the CSP violations seen so far (for testing the check itself). */
export function takeCspViolations() {
  return cspViolations.splice(0);
}

/** Fails the current test if any page broke the site's Content-Security-Policy. */
export function assertNoCspViolations() {
  const seen = cspViolations.splice(0);
  assert.deepEqual(seen, [], "Content-Security-Policy violations");
}

/** Launches Debian's Chromium headless, as root-safe and offline as the machine needs.
 *  Every page it opens is watched for CSP violations (see assertNoCspViolations). */
export async function launchChromium() {
  const browser = await launchRaw();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.addInitScript(REPORT_CSP);
    context.on("page", watchCsp);
    return context;
  };
  // Browser.newPage makes its own context internally; go through ours instead.
  browser.newPage = async (options) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on("close", () => context.close().catch(() => {}));
    return page;
  };
  return browser;
}

/**
 * The set-up every browser test file uses: nginx over the built site and Chromium, started
 * before the file's tests and stopped after them; after each test, no CSP violations.
 * Returns an object whose `server` and `browser` are filled in once started.
 */
export function useSite() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startNginx();
    env.browser = await launchChromium();
  });
  afterEach(() => assertNoCspViolations());
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

function launchRaw() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Collects page errors and console errors so tests can assert there were none. */
export function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Types a query into the search page and waits until results for it are shown. */
export async function searchFor(page, query) {
  await page.fill("#search-input", "");
  await page.locator("#search-input").pressSequentially(query, { delay: 5 });
  await page.waitForFunction(
    (q) => document.getElementById("atlas-search").dataset.query === q,
    query,
  );
  return page.$$eval("#search-results li", (items) =>
    items.map((li) => ({
      org: li.querySelector(".result-org").textContent,
      heading: li.querySelector(".result-link").textContent,
      href: li.querySelector(".result-link").getAttribute("href"),
      snippet: li.querySelector(".result-snippet").textContent,
      marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
    })),
  );
}

/** The pages of every template, as paths on the built site (with the search page queried). */
export const PAGES = {
  home: "/",
  organisations: "/organisations/",
  "organisations-filtered": "/organisations/council/in/west-midlands/",
  organisation: "/orgs/staffordshire/",
  notice: "/orgs/staffordshire/national-data-opt-out/",
  search: "/search/",
  "search-results": "/search/?q=national+data+opt-out",
  "not-found": "/no/such/page/",
  compare: "/compare/",
  "side-by-side": "/compare/side-by-side/",
  "facet-value": "/facets/special-category/ukgdpr-9-2-h/",
};

/** Opens a page and, for the search page, waits until the search module is ready. */
export async function openPage(page, url) {
  const response = await page.goto(url);
  if (new URL(url).pathname === "/search/") {
    await page.waitForFunction(() => document.getElementById("atlas-search").dataset.state === "ready");
    const q = new URL(url).searchParams.get("q");
    if (q) {
      await page.waitForFunction((query) => document.getElementById("atlas-search").dataset.query === query, q);
    }
  }
  return response;
}
