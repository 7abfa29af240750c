// Side by side: the reader picks which organisations to compare. Without this script the
// page shows its default pair.
(function () {
  "use strict";
  const form = document.getElementById("pick-orgs");
  const table = document.getElementById("side-by-side");
  if (!form || !table) {
    return;
  }
  const boxes = Array.from(form.querySelectorAll('input[name="org"]'));
  function chosen() {
    return new Set(boxes.filter((b) => b.checked).map((b) => b.value));
  }
  function show() {
    const picked = chosen();
    for (const cell of table.querySelectorAll("[data-org]")) {
      cell.hidden = !picked.has(cell.dataset.org);
    }
    const url = new URL(window.location.href);
    url.searchParams.set("orgs", Array.from(picked).join(","));
    history.replaceState(null, "", url);
  }
  const initial = new URLSearchParams(window.location.search).get("orgs");
  if (initial) {
    const wanted = new Set(initial.split(","));
    for (const b of boxes) {
      b.checked = wanted.has(b.value);
    }
  }
  form.hidden = false;
  form.addEventListener("change", show);
  show();
})();
