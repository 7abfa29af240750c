// Notice Atlas search page: loads the search module and the index, then searches as the
// reader types. Results are built with DOM calls; nothing from the index is parsed as HTML.

const root = document.getElementById("atlas-search");
const input = document.getElementById("search-input");
const form = document.getElementById("search-form");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
// Facet filters: checkboxes rendered by the page (search-filters.html), one fieldset per group.
const filterBox = document.getElementById("search-filters");
const filterInputs = filterBox ? Array.from(filterBox.querySelectorAll("input[type=checkbox]")) : [];
const PAGE_SIZE = 20;
const DEBOUNCE_MS = 60;

let engine = null;
let timer = 0;

function setStatus(text) {
  status.textContent = text;
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function load() {
  const started = performance.now();
  const { module, wasm, index } = root.dataset;
  const glue = await import(module);
  await glue.default({ module_or_path: wasm });
  const listing = await (await fetch(`${index}files.json`)).json();
  const files = await Promise.all(listing.files.map((f) => fetchBytes(index + f.name)));
  const loaded = new glue.AtlasIndex(
    listing.files.map((f) => f.name),
    files,
  );
  root.dataset.loadMs = (performance.now() - started).toFixed(1);
  return loaded;
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

// Counts per value for the current query; a value no section has is shown as 0.
function renderCounts(results) {
  const counts = new Map(results.facets.map((c) => [`${c.facet}\u0000${c.value}`, c.count]));
  for (const box of filterInputs) {
    const count = counts.get(`${box.name}\u0000${box.value}`) || 0;
    const span = box.parentElement.querySelector(".facet-count");
    if (span) {
      span.textContent = String(count);
    }
  }
}

function render(results) {
  const items = results.hits.map((hit) => {
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
  });
  list.replaceChildren(...items);
  const n = results.total;
  const what = results.query.trim() ? `“${results.query.trim()}”` : "the chosen filters";
  let text = n === 0
    ? `No sections match ${what}.`
    : `${n} section${n === 1 ? "" : "s"} match ${what}` +
      (n > results.hits.length ? `; showing the first ${results.hits.length}.` : ".");
  if (results.relaxed) {
    text += " No section contains every word, so these contain some of them.";
  }
  setStatus(text);
}

function search() {
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
  history.replaceState(null, "", url);
  const started = performance.now();
  const results = JSON.parse(engine.search(query, PAGE_SIZE, 0, JSON.stringify(filters)));
  root.dataset.queryMs = (performance.now() - started).toFixed(2);
  renderCounts(results);
  root.dataset.query = query;
  if (!query.trim() && filters.length === 0) {
    list.replaceChildren();
    setStatus("");
    return;
  }
  render(results);
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
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  search();
}

main();
