// Side by side: the reader finds organisations by name and picks two to four; each one's
// facts come from its own small file, data/orgs/<org>.json, fetched only when picked.
// The list of names is data/orgs.json. The table is built with DOM calls only (notice text
// is never parsed as HTML). The picks live in the address, ?orgs=a,b, so a comparison can
// be shared. Without this script the page explains the path through peer reports.
(function () {
  "use strict";
  const MAX = 4;
  const MATCHES = 8;
  const form = document.getElementById("pick-orgs");
  const result = document.getElementById("side-by-side-result");
  const status = document.getElementById("side-by-side-status");
  const query = document.getElementById("org-query");
  const matches = document.getElementById("org-matches");
  const chosenList = document.getElementById("org-chosen");
  if (!form || !result || !query || !matches || !chosenList) {
    return;
  }
  const base = form.dataset.base;
  const files = new Map();
  let orgs = [];
  let chosen = [];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") {
        node.textContent = value;
      } else {
        node.setAttribute(key, value);
      }
    }
    for (const child of children) {
      node.append(child);
    }
    return node;
  }

  function load(slug) {
    if (!files.has(slug)) {
      files.set(
        slug,
        fetch(`${base}data/orgs/${encodeURIComponent(slug)}.json`).then((r) => {
          if (!r.ok) throw new Error(`${r.status}`);
          return r.json();
        }),
      );
    }
    return files.get(slug);
  }

  function nameOf(slug) {
    return orgs.find((o) => o.org === slug)?.name ?? slug;
  }

  function listMatches() {
    const words = query.value.toLowerCase().split(/\s+/).filter(Boolean);
    matches.replaceChildren();
    if (words.length === 0) return;
    const found = orgs.filter((o) => {
      const name = o.name.toLowerCase();
      return !chosen.includes(o.org) && words.every((w) => name.includes(w));
    });
    for (const o of found.slice(0, MATCHES)) {
      const button = el("button", { type: "button", class: "button button--secondary pick-orgs__add", "data-org": o.org },
        el("span", { class: "visually-hidden", text: "Add " }), o.name);
      button.disabled = chosen.length >= MAX;
      matches.append(el("li", {}, button, " ", el("span", { class: "meta-inline", text: `${o.kind_name}${o.region ? ` · ${o.region}` : ""}` })));
    }
    if (found.length > MATCHES) {
      matches.append(el("li", { class: "meta-inline", text: `and ${found.length - MATCHES} more: type more of the name` }));
    }
    if (found.length === 0) {
      matches.append(el("li", { class: "meta-inline", text: "No organisation's name has these words." }));
    }
  }

  function listChosen() {
    chosenList.replaceChildren();
    for (const slug of chosen) {
      const remove = el("button", { type: "button", class: "link-button", "data-remove": slug }, "Remove", el("span", { class: "visually-hidden", text: ` ${nameOf(slug)}` }));
      chosenList.append(el("li", {}, el("span", { text: nameOf(slug) }), " ", remove));
    }
    if (chosen.length === 0) {
      chosenList.append(el("li", { class: "meta-inline", text: "None yet." }));
    }
  }

  function cell(element) {
    const td = el("td", {});
    if (!element || element.values.length === 0) {
      td.append(el("span", { class: "not-stated", text: "not found in this body's notices" }));
      return td;
    }
    const list = el("ul", { class: "fact-list" });
    for (const v of element.values) {
      const item = el("li", {}, el("a", { href: base + v.path, text: v.label }));
      if (v.origin === "reviewed") {
        item.append(" ", el("span", { class: "origin-badge", text: "reviewed" }));
      }
      list.append(item);
    }
    td.append(list);
    return td;
  }

  async function show() {
    const url = new URL(window.location.href);
    if (chosen.length > 0) {
      url.searchParams.set("orgs", chosen.join(","));
    } else {
      url.searchParams.delete("orgs");
    }
    history.replaceState(null, "", url);
    listChosen();
    listMatches();
    const picked = chosen.slice();
    if (picked.length < 2) {
      const hint = picked.length === 0 ? "Add two to four organisations to compare them." : `${nameOf(picked[0])} chosen. Add at least one more organisation.`;
      result.replaceChildren(el("p", { class: "hint", text: hint }));
      result.dataset.orgs = "";
      if (status) status.textContent = hint;
      return;
    }
    let data;
    try {
      data = await Promise.all(picked.map(load));
    } catch {
      result.replaceChildren(el("p", { class: "warning-text", text: "Could not load these organisations' facts. Try again later." }));
      return;
    }
    if (picked.join(",") !== chosen.join(",")) return;
    const head = el("tr", {}, el("th", { scope: "col", text: "Element" }));
    for (const d of data) {
      head.append(el("th", { scope: "col", "data-org": d.org },
        el("a", { href: base + d.path, text: d.name }), el("br"),
        el("span", { class: "caption", text: `${d.kind_name}${d.region ? ` · ${d.region}` : ""}` })));
    }
    const body = el("tbody", {});
    data[0].elements.forEach((element, i) => {
      const row = el("tr", {}, el("th", { scope: "row", text: element.label }));
      for (const d of data) {
        const td = cell(d.elements[i]);
        td.dataset.org = d.org;
        row.append(td);
      }
      body.append(row);
    });
    const table = el("table", { class: "data-table side-by-side", id: "side-by-side" },
      el("caption", { class: "visually-hidden", id: "side-caption", text: "What each organisation's notices state, by element" }),
      el("thead", {}, head), body);
    result.replaceChildren(el("div", { class: "table-scroll", role: "region", "aria-labelledby": "side-caption", tabindex: "0" }, table));
    result.dataset.orgs = picked.join(",");
    if (status) status.textContent = `Comparing ${data.map((d) => d.name).join(", ")}.`;
  }

  matches.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-org]");
    if (!button || chosen.length >= MAX) return;
    chosen.push(button.dataset.org);
    query.value = "";
    show();
    query.focus();
  });
  chosenList.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-remove]");
    if (!button) return;
    chosen = chosen.filter((s) => s !== button.dataset.remove);
    show();
    query.focus();
  });
  query.addEventListener("input", listMatches);
  form.addEventListener("submit", (event) => event.preventDefault());

  fetch(`${base}data/orgs.json`)
    .then((r) => r.json())
    .then((index) => {
      orgs = index.orgs;
      const known = new Set(orgs.map((o) => o.org));
      const wanted = new URLSearchParams(window.location.search).get("orgs") ?? "";
      chosen = wanted.split(",").filter((s) => known.has(s)).filter((s, i, all) => all.indexOf(s) === i).slice(0, MAX);
      document.getElementById("pick-nojs")?.setAttribute("hidden", "");
      form.hidden = false;
      show();
    })
    .catch(() => {
      result.replaceChildren(el("p", { class: "warning-text", text: "Could not load the list of organisations." }));
    });
})();
