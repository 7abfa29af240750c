// The browser module and `atlas search` run the same query code: same index, same answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { repo, siteDir } from "./harness.mjs";

const QUERIES = [
  "national data opt-out",
  "Survey Monkey",
  "Client Level Data",
  '"public task"',
  "retention -council",
  "consent OR contract",
  "nationa",
  "rights AND",
  "zzzz nothing",
];

function loadModule() {
  const pkg = join(repo, "search-wasm/pkg");
  return import(join(pkg, "search_wasm.js")).then((glue) => {
    glue.initSync({ module: readFileSync(join(pkg, "search_wasm_bg.wasm")) });
    return glue;
  });
}

function indexDir() {
  const site = siteDir();
  const pointer = JSON.parse(readFileSync(join(site, "search/index.json"), "utf8"));
  return { site, dir: join(site, pointer.dir) };
}

// The file of what the module names `doc/<key>.json`: in its group's folder, as files.json's
// `stored` says (the page script finds it the same way).
function storedFile(dir, file) {
  const key = /^doc\/(\d+)\.json$/.exec(file);
  if (!key) return file;
  const { stored } = JSON.parse(readFileSync(join(dir, "files.json"), "utf8"));
  return `${stored.dirs[Math.floor(Number(key[1]) / stored.per_dir)]}${key[1]}.json`;
}

// Asks the module until it answers, serving each byte range it needs from the files.
function searchLazily(index, dir, query) {
  for (let round = 0; round < 12; round += 1) {
    const answer = JSON.parse(index.search(query, 20, 0, "", true));
    if (answer.done) return { results: answer.done, rounds: round };
    for (const { file, start, end, whole } of answer.need) {
      const bytes = readFileSync(join(dir, storedFile(dir, file)));
      index.provide(file, start, whole ? bytes : bytes.subarray(start, end));
    }
  }
  throw new Error(`no answer for ${query}`);
}

function nativeSearch(site, query) {
  const atlas = process.env.ATLAS_BIN ?? join(repo, "target/release/atlas");
  return JSON.parse(
    execFileSync(atlas, ["search", "--json", "--limit", "20", "--site", site, query]).toString(),
  );
}

test("the wasm module answers exactly as `atlas search` does, given whole files", async () => {
  const glue = await loadModule();
  const { site, dir } = indexDir();
  const listingText = readFileSync(join(dir, "files.json"), "utf8");
  const listing = JSON.parse(listingText);
  const index = new glue.AtlasIndex(listingText);
  for (const f of listing.files) {
    index.provide(f.name, 0, readFileSync(join(dir, f.name)));
  }
  let nonEmpty = 0;
  for (const query of QUERIES) {
    const { results, rounds } = searchLazily(index, dir, query);
    // Every index file was given: at most one round, for the hits' stored notices.
    assert.ok(rounds <= 1, `${query} needed ${rounds} rounds though every index file was given`);
    assert.deepEqual(results, nativeSearch(site, query), `results differ for ${query}`);
    if (results.total > 0) nonEmpty += 1;
  }
  assert.equal(index.numDocs(), listing.docs);
  assert.ok(nonEmpty >= 6, `only ${nonEmpty} queries found anything`);
});

test("reading by byte range from the hot bundle gives the same answers", async () => {
  const glue = await loadModule();
  const { site, dir } = indexDir();
  const listingText = readFileSync(join(dir, "files.json"), "utf8");
  const listing = JSON.parse(listingText);
  const index = new glue.AtlasIndex(listingText);
  index.provideBundle(readFileSync(join(dir, listing.hot.name)));
  for (const query of QUERIES) {
    const { results } = searchLazily(index, dir, query);
    assert.deepEqual(results, nativeSearch(site, query), `results differ for ${query}`);
  }
  const whole = listing.files.reduce((n, f) => n + f.size, 0);
  const stored = listing.stored.dirs
    .flatMap((folder) =>
      readdirSync(join(dir, folder))
        .filter((name) => name.endsWith(".json"))
        .map((name) => join(dir, folder, name)),
    )
    .reduce((n, file) => n + statSync(file).size, 0);
  assert.ok(index.receivedBytes() <= whole + stored + listing.hot.size);
});
