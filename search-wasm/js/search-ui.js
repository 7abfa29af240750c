// Notice Atlas search page: loads the search module and the index, then searches as the
// reader types. Results are built with DOM calls; nothing from the index is parsed as HTML.

const root = document.getElementById("atlas-search");
const input = document.getElementById("search-input");
const form = document.getElementById("search-form");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
// Facet filters: checkboxes rendered by the page (search-filters.html), one fieldset per group.
const filterBox = document.getElementById("search-filters");
const filterInputs = filterBox ? Array.from(filterBox.querySelectorAll("input[type=checkbox]")) : [];
// Results per page: each costs its notice's stored text (a few KB) to show, so a page is
// short, and "Show more results" adds the next.
const PAGE_SIZE = 5;
const DEBOUNCE_MS = 60;
// Indexes up to this size are fetched whole; larger ones by byte range, query by query.
const WHOLE_INDEX_BYTES = 1_500_000;
const MAX_ROUNDS = 12;

let engine = null;
// Where the stored notices are (`files.json`'s `stored`): folders of `per_dir` notices beside
// the index folder, each named after its notices' content.
let stored = null;
// The glue module's URL gets a new fragment each time the engine is rebuilt, so a fresh
// instance of the module (with fresh memory) is made.
let generation = 0;
let timer = 0;
// True after "Search for … instead": the words are searched as typed, never corrected.
let asTyped = false;
let latest = 0;
// The query on screen and how many of its results are listed, for "Show more results".
let shown = null;

function setStatus(text) {
  status.textContent = text;
}

async function fetchBytes(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
}

// The engine names a stored notice `doc/<key>.json`; its file is in its group's folder.
function storedFile(file) {
  const key = /^doc\/(\d+)\.json$/.exec(file);
  if (!key || !stored) return file;
  return `${stored.dirs[Math.floor(Number(key[1]) / stored.per_dir)]}${key[1]}.json`;
}

// Fetches one byte range of an index file, or a whole file (a hit's stored notice, which the
// server may send compressed). A host that ignores Range sends the whole file, which is as
// good (only slower), so it is taken whole.
async function fetchRange({ file, start, end, whole }) {
  const url = root.dataset.index + storedFile(file);
  if (whole) {
    const { bytes } = await fetchBytes(url);
    engine.provide(file, 0, bytes);
    return;
  }
  const { status, bytes } = await fetchBytes(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
  engine.provide(file, status === 206 ? start : 0, bytes);
}

async function load() {
  const started = performance.now();
  const { module, wasm, index } = root.dataset;
  const glue = await import(generation === 0 ? module : `${module}#${generation}`);
  const [listingText] = await Promise.all([
    fetch(`${index}files.json`).then((r) => r.text()),
    glue.default({ module_or_path: wasm }),
  ]);
  const listing = JSON.parse(listingText);
  stored = listing.stored;
  const loaded = new glue.AtlasIndex(listingText);
  const whole = listing.files.reduce((n, f) => n + f.size, 0);
  // `?index=ranges` forces loading by byte range on any site (to try a host's Range support).
  const forceRanges = new URLSearchParams(window.location.search).get("index") === "ranges";
  if (!forceRanges && (whole <= WHOLE_INDEX_BYTES || whole <= listing.hot.size * 2)) {
    // Small index: every file whole, in parallel; no query ever waits for the network.
    const files = await Promise.all(listing.files.map((f) => fetchBytes(index + f.name)));
    listing.files.forEach((f, i) => loaded.provide(f.name, 0, files[i].bytes));
    root.dataset.mode = "whole";
  } else {
    // Large index: the pages needed to open it now, the rest per query by byte range.
    const { bytes } = await fetchBytes(index + listing.hot.name);
    loaded.provideBundle(bytes);
    root.dataset.mode = "ranges";
  }
  root.dataset.loadMs = (performance.now() - started).toFixed(1);
  return loaded;
}

// A module that stopped in the middle of a call (a trap) keeps its objects locked: every
// later call would fail. It is replaced by a fresh instance of the module, which loads
// the index again (from the browser's cache).
async function rebuild() {
  generation += 1;
  engine = null;
  engine = await load();
}

// Asks the module, rebuilding it once if it fails for any reason other than an answer.
async function ask(query, offset, filters, counts, exact) {
  const args = [query, PAGE_SIZE, offset, JSON.stringify(filters), counts, exact];
  try {
    return JSON.parse(engine.search(...args));
  } catch (error) {
    console.error(error);
    await rebuild();
    return JSON.parse(engine.search(...args));
  }
}

// Queries run once at idle after loading, over the bytes the module already holds (it asks
// for the rest, and is not given it): the first call opens the index and each part of the
// engine a query goes through is compiled on its first use, which the reader's first
// query would otherwise wait for (about 15-25 ms at 10,000 notices). No request is made.
const WARM_UP = ["privacy notice", '"your rights" heading:data', "personal informat", "recrods"];

function warmUp(instance) {
  const queue = [...WARM_UP];
  const seq = latest;
  const later = window.requestIdleCallback
    ? (step) => window.requestIdleCallback(step, { timeout: 2000 })
    : (step) => setTimeout(step, 50);
  const step = () => {
    // A rebuilt engine, or a query typed since, has done this work.
    if (engine !== instance || latest !== seq || queue.length === 0) return;
    try {
      instance.search(queue.shift(), PAGE_SIZE, 0, "[]", false, false);
    } catch (error) {
      // A trap: the next real query rebuilds the engine (see ask).
      console.error(error);
      return;
    }
    later(step);
  };
  later(step);
}

// Runs a query, fetching what it needs between attempts.
async function runSearch(query, filters, offset = 0, exact = false) {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    // Counting facet values reads the facet column of every match: on a large index read by
    // byte range that is most of a query's bytes, so counts come only once a filter is on.
    const counts = offset === 0 && (root.dataset.mode !== "ranges" || filters.length > 0);
    const answer = await ask(query, offset, filters, counts, exact);
    if (answer.done) {
      root.dataset.rounds = String(round);
      return answer.done;
    }
    await Promise.all(answer.need.map(fetchRange));
  }
  throw new Error(`no answer to ${query} after ${MAX_ROUNDS} rounds of fetching`);
}

// Snippets arrive as plain-text parts, the matches flagged `mark`.
function snippetNodes(parts) {
  return parts.map((part) => {
    if (!part.mark) {
      return document.createTextNode(part.text);
    }
    const mark = document.createElement("mark");
    mark.textContent = part.text;
    return mark;
  });
}

function chosenFilters() {
  return filterInputs.filter((box) => box.checked).map((box) => ({ facet: box.name, value: box.value }));
}

// Counts per value for the current query; a value no notice has is shown as 0.
function renderCounts(results) {
  if (results.facets.length === 0) {
    // Not counted (large index, no filter on): show no number rather than a wrong one.
    for (const box of filterInputs) {
      const span = box.parentElement.querySelector(".facet-count");
      if (span) span.textContent = "";
    }
    return;
  }
  const counts = new Map(results.facets.map((c) => [`${c.facet}\u0000${c.value}`, c.count]));
  for (const box of filterInputs) {
    const count = counts.get(`${box.name}\u0000${box.value}`) || 0;
    const span = box.parentElement.querySelector(".facet-count");
    if (span) {
      span.textContent = String(count);
    }
  }
}

function resultItem(hit) {
  const li = document.createElement("li");
  const org = document.createElement("span");
  org.className = "result-org";
  org.textContent = `${hit.org_name} · ${hit.notice_title}`;
  const link = document.createElement("a");
  link.className = "result-link";
  link.href = root.dataset.base + hit.url;
  link.textContent = hit.heading;
  const snippet = document.createElement("p");
  snippet.className = "result-snippet";
  snippet.append(...snippetNodes(hit.snippet));
  li.append(org, link, snippet);
  return li;
}

function statusText(results, listed) {
  const n = results.total;
  // The words searched: those typed, or their corrections (shown on the line below).
  const words = (results.searched ?? results.query).trim();
  const what = words ? `“${words}”` : "the chosen filters";
  let text = n === 0
    ? `No notices match ${what}.`
    : `${n} notice${n === 1 ? "" : "s"} match ${what}` +
      (n > listed ? `; showing the first ${listed}.` : ".");
  if (results.relaxed) {
    text += " No notice contains every word, so these contain some of them.";
  }
  return text;
}

// "Showing results for safeguarding. Search for safegaurding instead." when words no
// notice contains were replaced by the closest indexed ones; nothing otherwise.
function renderCorrection(results) {
  let line = document.getElementById("search-correction");
  if (!results.searched) {
    line?.remove();
    return;
  }
  if (!line) {
    line = document.createElement("p");
    line.id = "search-correction";
    line.className = "search-correction";
    status.after(line);
  }
  const searched = document.createElement("strong");
  searched.textContent = results.searched.trim();
  const typed = results.query.trim();
  const link = document.createElement("a");
  const url = new URL(window.location.href);
  url.searchParams.set("q", results.query);
  url.searchParams.set("spelling", "as-typed");
  link.href = url.href;
  link.textContent = `Search for “${typed}” instead`;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    asTyped = true;
    clearTimeout(timer);
    search();
  });
  line.replaceChildren("Showing results for ", searched, ". ", link, ".");
}

// Shows the first page of a query's results.
function render(results, filters, exact) {
  list.replaceChildren(...results.hits.map(resultItem));
  renderCorrection(results);
  shown = { query: results.query, filters, exact, listed: results.hits.length, total: results.total };
  root.dataset.listed = String(shown.listed);
  more.hidden = shown.listed >= shown.total;
  setStatus(statusText(results, shown.listed));
}

// Adds the next page under the listed results and moves focus to its first result.
async function showMore() {
  if (!shown || shown.listed >= shown.total) return;
  const seq = latest;
  more.disabled = true;
  let results;
  try {
    results = await runSearch(shown.query, shown.filters, shown.listed, shown.exact);
  } catch (error) {
    setStatus("Search failed to load part of the index. Check your connection and try again.");
    console.error(error);
    more.disabled = false;
    return;
  }
  more.disabled = false;
  if (seq !== latest) return;
  const items = results.hits.map(resultItem);
  list.append(...items);
  shown.listed += results.hits.length;
  more.hidden = shown.listed >= shown.total || results.hits.length === 0;
  setStatus(statusText(results, shown.listed));
  root.dataset.listed = String(shown.listed);
  items[0]?.querySelector("a")?.focus();
}

async function search() {
  const query = input.value;
  const filters = chosenFilters();
  const url = new URL(window.location.href);
  if (query.trim()) {
    url.searchParams.set("q", query);
  } else {
    url.searchParams.delete("q");
  }
  for (const box of filterInputs) {
    url.searchParams.delete(box.name);
  }
  for (const f of filters) {
    url.searchParams.append(f.facet, f.value);
  }
  const exact = asTyped && query.trim() !== "";
  if (exact) {
    url.searchParams.set("spelling", "as-typed");
  } else {
    url.searchParams.delete("spelling");
  }
  history.replaceState(null, "", url);
  const seq = ++latest;
  const idle = !query.trim() && filters.length === 0;
  if (idle && root.dataset.mode === "ranges") {
    // Counts over every notice would need the whole facet column: wait for a query.
    list.replaceChildren();
    renderCorrection({});
    more.hidden = true;
    shown = null;
    setStatus("");
    root.dataset.query = query;
    return;
  }
  const started = performance.now();
  let results;
  try {
    results = await runSearch(query, filters, 0, exact);
  } catch (error) {
    if (seq === latest) {
      setStatus("Search failed to load part of the index. Check your connection and try again.");
    }
    console.error(error);
    return;
  }
  if (seq !== latest) {
    return;
  }
  root.dataset.queryMs = (performance.now() - started).toFixed(2);
  root.dataset.fetchedBytes = String(engine.receivedBytes());
  renderCounts(results);
  root.dataset.query = query;
  if (idle) {
    list.replaceChildren();
    renderCorrection({});
    more.hidden = true;
    shown = null;
    setStatus("");
    return;
  }
  render(results, filters, exact);
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  const initial = params.get("q");
  if (initial) {
    input.value = initial;
  }
  for (const box of filterInputs) {
    box.checked = params.getAll(box.name).includes(box.value);
  }
  asTyped = params.get("spelling") === "as-typed";
  setStatus("Loading search…");
  try {
    engine = await load();
  } catch (error) {
    setStatus("Search could not be loaded. Every notice is still reachable from the list of organisations.");
    root.dataset.state = "error";
    console.error(error);
    return;
  }
  root.dataset.state = "ready";
  setStatus("");
  input.addEventListener("input", () => {
    asTyped = false;
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE_MS);
  });
  if (filterBox) {
    filterBox.hidden = false;
    filterBox.addEventListener("change", () => {
      clearTimeout(timer);
      search();
    });
  }
  more.addEventListener("click", showMore);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  const idle = !input.value.trim() && !filterInputs.some((box) => box.checked);
  search();
  if (idle) {
    warmUp(engine);
  }
}

main();
