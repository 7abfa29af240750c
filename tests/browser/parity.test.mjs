// The browser module and `atlas search` run the same query code: same index, same answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
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

test("the wasm module answers exactly as `atlas search` does", async () => {
  const pkg = join(repo, "search-wasm/pkg");
  const glue = await import(join(pkg, "search_wasm.js"));
  glue.initSync({ module: readFileSync(join(pkg, "search_wasm_bg.wasm")) });
  const site = siteDir();
  const pointer = JSON.parse(readFileSync(join(site, "search/index.json"), "utf8"));
  const dir = join(site, pointer.dir);
  const listing = JSON.parse(readFileSync(join(dir, "files.json"), "utf8"));
  const index = new glue.AtlasIndex(
    listing.files.map((f) => f.name),
    listing.files.map((f) => new Uint8Array(readFileSync(join(dir, f.name)))),
  );
  assert.equal(index.numDocs(), listing.docs);
  const atlas = join(repo, "target/release/atlas");
  let nonEmpty = 0;
  for (const query of QUERIES) {
    const native = JSON.parse(
      execFileSync(atlas, ["search", "--json", "--limit", "20", "--site", site, query]).toString(),
    );
    const wasm = JSON.parse(index.search(query, 20, 0, ""));
    assert.deepEqual(wasm, native, `results differ for ${query}`);
    if (native.total > 0) nonEmpty += 1;
  }
  assert.ok(nonEmpty >= 6, `only ${nonEmpty} queries found anything`);
});
