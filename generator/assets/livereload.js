// Live reload for `atlas serve`: injected into HTML pages only while serving, as a file of
// its own (the site's CSP allows scripts from 'self' only, never inline ones).
// It long-polls the server for a new build: on success the page reloads, on a failed build
// an overlay shows the error while the last good page stays in view.
(() => {
  "use strict";
  const base = "/__atlas/";
  let version = null;

  function overlay(error) {
    let box = document.getElementById("atlas-build-error");
    if (!error) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "atlas-build-error";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1rem 1.25rem;background:#1b1b1b;color:#f5f5f5;" +
        "border-top:4px solid #d4351c;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;";
      const title = document.createElement("strong");
      title.textContent = "atlas serve: the build failed. The last good site is still served.";
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.style.cssText = "float:right;font:inherit;";
      close.addEventListener("click", () => box.remove());
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:.75rem 0 0;";
      box.append(close, title, pre);
      document.body.append(box);
    }
    box.querySelector("pre").textContent = error;
  }

  async function status(path) {
    const response = await fetch(base + path, { cache: "no-store" });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  async function run() {
    for (;;) {
      try {
        const s = await status(version === null ? "status" : "wait?since=" + version);
        if (version !== null && s.version !== version && !s.error) {
          location.reload();
          return;
        }
        version = s.version;
        overlay(s.error);
      } catch {
        // The server restarted or is gone: try again shortly.
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
  run();
})();
