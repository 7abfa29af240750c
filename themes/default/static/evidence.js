// Notice pages: when a comparison links here with ?quote=…, mark those words in the notice
// and bring them into view. The words are found in the page's text, whatever elements they
// span; nothing is parsed as HTML.
(function () {
  "use strict";
  const quote = new URLSearchParams(window.location.search).get("quote");
  const body = document.querySelector(".notice-body");
  if (!quote || !body) {
    return;
  }
  const wanted = quote.replace(/\s+/g, " ").trim();
  if (!wanted) {
    return;
  }
  // The body's text with runs of whitespace collapsed, and for each character of it the
  // text node and offset it came from.
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  let text = "";
  const origin = [];
  let lastSpace = true;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.nodeValue;
    for (let i = 0; i < value.length; i++) {
      const space = /\s/.test(value[i]);
      if (space && lastSpace) {
        continue;
      }
      text += space ? " " : value[i];
      origin.push([node, i]);
      lastSpace = space;
    }
    // Block boundaries read as a space.
    if (!lastSpace) {
      text += " ";
      origin.push([node, value.length]);
      lastSpace = true;
    }
  }
  const start = text.indexOf(wanted);
  if (start < 0) {
    return;
  }
  const end = start + wanted.length;
  // Wrap each text node's part of the match in its own <mark>.
  const parts = new Map();
  for (let k = start; k < end; k++) {
    const [node, offset] = origin[k];
    if (offset >= node.nodeValue.length) {
      continue;
    }
    const span = parts.get(node) || [offset, offset + 1];
    span[0] = Math.min(span[0], offset);
    span[1] = Math.max(span[1], offset + 1);
    parts.set(node, span);
  }
  let first = null;
  for (const [node, [from, to]] of parts) {
    const range = document.createRange();
    range.setStart(node, from);
    range.setEnd(node, to);
    const mark = document.createElement("mark");
    mark.className = "evidence";
    range.surroundContents(mark);
    first = first || mark;
  }
  if (first) {
    first.setAttribute("tabindex", "-1");
    first.scrollIntoView({ block: "center" });
    first.focus({ preventScroll: true });
  }
})();
