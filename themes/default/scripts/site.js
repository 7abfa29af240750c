// Notice Atlas default theme: small enhancements over pages that work without JavaScript.
//  - Organisation list: the filter links (kind, region) filter the list in place, keep the
//    address in step (same URLs as the static filter pages) and announce the new count.
//  - Paged lists of the comparison pages (a [data-listing] container): filter and page
//    links fetch the linked page (a static page like any other) and swap its list in
//    place, keeping the address in step and announcing the new count.
//  - Notices: "Link to this section" also copies the section's address.
// Loaded as a module from a file (no inline script), so it runs under a strict CSP.

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function listUrl(base, kind, region) {
  return base + "organisations/" + (kind ? `${kind}/` : "") + (region ? `in/${region}/` : "");
}

function setUpFilters() {
  const panel = document.getElementById("org-filters");
  const list = document.getElementById("org-list");
  const count = document.getElementById("org-count");
  const title = document.getElementById("org-list-title");
  if (!panel || !list || !count) return;
  const base = panel.dataset.base;
  const items = [...list.children];
  const labelOf = (filter, value) =>
    panel.querySelector(`[data-filter="${filter}"] .filter-option[data-value="${CSS.escape(value)}"]`)
      ?.firstChild.textContent.trim();
  const matches = (li, kind, region) =>
    (!kind || li.dataset.kind === kind) && (!region || li.dataset.region === region);

  function apply(kind, region, push) {
    list.dataset.kind = kind;
    list.dataset.region = region;
    let shown = 0;
    for (const li of items) {
      const show = matches(li, kind, region);
      li.hidden = !show;
      if (show) shown += 1;
    }
    for (const group of panel.querySelectorAll("[data-filter]")) {
      const filter = group.dataset.filter;
      for (const link of group.querySelectorAll(".filter-option")) {
        const value = link.dataset.value;
        const k = filter === "kind" ? value : kind;
        const r = filter === "region" ? value : region;
        link.href = listUrl(base, k, r);
        link.querySelector(".filter-option__count").textContent =
          `(${items.filter((li) => matches(li, k, r)).length})`;
        if (value === (filter === "kind" ? kind : region)) {
          link.setAttribute("aria-current", "page");
        } else {
          link.removeAttribute("aria-current");
        }
      }
    }
    const what = kind ? labelOf("kind", kind) : "Organisations";
    const heading = region ? `${what} in ${labelOf("region", region)}` : what;
    if (title) title.textContent = heading;
    document.title = document.title.replace(/^[^–]*–/, `${heading} –`);
    count.textContent = plural(shown, "organisation", "organisations");
    if (push) history.pushState({ kind, region }, "", listUrl(base, kind, region));
  }

  panel.addEventListener("click", (event) => {
    const link = event.target.closest(".filter-option");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    const filter = link.closest("[data-filter]").dataset.filter;
    const kind = filter === "kind" ? link.dataset.value : list.dataset.kind;
    const region = filter === "region" ? link.dataset.value : list.dataset.region;
    apply(kind, region, true);
  });
  const initial = { kind: list.dataset.kind, region: list.dataset.region };
  window.addEventListener("popstate", (event) => {
    const state = event.state ?? initial;
    apply(state.kind, state.region, false);
  });
}

function setUpSectionLinks() {
  const status = document.getElementById("copy-status");
  if (!status || !navigator.clipboard) return;
  document.addEventListener("click", (event) => {
    const link = event.target.closest(".section-link a");
    if (!link) return;
    const heading = link.querySelector(".visually-hidden")?.textContent.replace(/^:\s*/, "") ?? "";
    navigator.clipboard.writeText(link.href).then(
      () => {
        status.textContent = `Link to “${heading}” copied.`;
        link.dataset.copied = "true";
      },
      () => {
        status.textContent = "";
      },
    );
  });
}

function setUpListing() {
  const current = () => document.querySelector("[data-listing]");
  const status = document.getElementById("listing-status");
  if (!current() || !window.DOMParser) return;

  async function go(url, push, focus) {
    let text;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(String(response.status));
      text = await response.text();
    } catch {
      window.location.href = url;
      return;
    }
    // The page is one of the site's own static pages; parsed inert (its scripts never run),
    // then its list moved into this document node by node.
    const next = new DOMParser().parseFromString(text, "text/html");
    const fresh = next.querySelector("[data-listing]");
    const old = current();
    if (!fresh || !old) {
      window.location.href = url;
      return;
    }
    old.replaceWith(document.adoptNode(fresh));
    document.title = next.title;
    if (push) history.pushState({ listing: url }, "", url);
    const count = document.getElementById("listing-count");
    const title = document.getElementById("listing-title");
    if (status) status.textContent = `${title ? title.textContent : ""}: ${count ? count.textContent : ""}`;
    const target = focus ? fresh.querySelector(focus) : null;
    (target ?? count)?.focus();
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-listing] .filter-option, [data-listing] [data-listing-link]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    const group = link.closest("[data-filter]");
    const focus = group
      ? `[data-filter="${group.dataset.filter}"] .filter-option[data-value="${CSS.escape(link.dataset.value)}"]`
      : null;
    go(link.href, true, focus);
  });
  history.replaceState({ listing: window.location.href }, "", window.location.href);
  window.addEventListener("popstate", (event) => {
    if (event.state?.listing) go(event.state.listing, false, null);
  });
}

setUpFilters();
setUpListing();
setUpSectionLinks();
