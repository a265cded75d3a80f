"""Live reload without a browser extension: a script the dev server adds to
the HTML it serves (never to the built files), and the messages it hears.

The script opens an EventSource on `/__trackpress/events`, telling the server
which build generation its page came from and which output file it is. After
each build the server says, for that page: reload (its own file changed, or
the site was broken and is fixed), swap these stylesheets (a CSS-only change:
the `<link>` gets a cache-busting query, no navigation), or show these
problems (an overlay naming file, line and fix, until a build succeeds).
"""
from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

from .errors import Diagnostic

PREFIX = "/__trackpress/"
EVENTS = PREFIX + "events"
SCRIPT = PREFIX + "live.js"

_HEAD_END = re.compile(rb"</head\s*>", re.I)
_BODY_END = re.compile(rb"</body\s*>", re.I)


def inject(page: bytes, base: str, generation: int, files: tuple[str, ...]) -> bytes:
    """`page` with the live script tag before `</head>` (else `</body>`, else at the end)."""
    tag = (f'<script src="{html.escape(base + SCRIPT)}" data-generation="{generation}" '
           f'data-files="{html.escape(json.dumps(list(files)))}" data-events="{html.escape(base + EVENTS)}"></script>'
           ).encode("utf-8")
    for pattern in (_HEAD_END, _BODY_END):
        match = pattern.search(page)
        if match:
            return page[:match.start()] + tag + page[match.start():]
    return page + tag


def message(generation: int, changed: frozenset[str] | None, files: tuple[str, ...],
            problems: tuple[Diagnostic, ...], base: str, was_broken: bool = False) -> dict:
    """What one page hears after a build: `changed` is every output file changed since the
    page's generation (None: too long ago to know, so reload); a page that showed problems
    reloads once they are fixed (its overlay goes, whatever it missed comes)."""
    if problems:
        return {"generation": generation, "problems": [_problem(d) for d in problems]}
    reload = was_broken or changed is None or any(f in changed for f in files)
    css = sorted(base + "/" + quote(p) for p in (changed or ()) if p.endswith(".css"))
    return {"generation": generation, "reload": reload, "css": css, "problems": []}


def _problem(d: Diagnostic) -> dict:
    return {"path": d.path, "line": d.line, "field": d.field, "message": d.message, "hint": d.hint, "text": str(d)}


def error_page(problems: tuple[Diagnostic, ...]) -> bytes:
    """What every URL shows when no build has succeeded yet: the problems (the overlay repeats them)."""
    items = "".join(f"<li><code>{html.escape(str(d))}</code></li>" for d in problems)
    return ("<!doctype html><html lang=en><head><meta charset=utf-8><title>Trackpress: the site does not build"
            "</title></head><body><h1>The site does not build yet</h1><ul>" + items +
            "</ul><p>Fix the files above and save: this page reloads by itself.</p></body></html>").encode("utf-8")


CLIENT = r"""// Trackpress live reload: added by `trackpress serve`, never part of the built site.
(function () {
  var me = document.currentScript;
  if (!me || !window.EventSource) { return; }
  var generation = Number(me.dataset.generation);
  var files = JSON.parse(me.dataset.files || "[]");
  var overlay = null;
  var broken = false;
  var source = null;
  // A browser opens at most six HTTP/1.1 connections to one server: a hidden tab gives its
  // stream back and catches up (since=generation) when it is shown again.
  function connect() {
    if (source) { return; }
    var url = me.dataset.events + "?since=" + generation +
      files.map(function (f) { return "&file=" + encodeURIComponent(f); }).join("");
    source = new EventSource(url);
    source.addEventListener("open", function () {     // tests and curious users can see the stream is up
      document.documentElement.setAttribute("data-trackpress-live", "connected");
    });
    source.addEventListener("build", function (event) {
      var data = JSON.parse(event.data);
      if (data.problems.length) { broken = true; show(data.problems); return; }
      if (broken || data.reload) { source.close(); window.location.reload(); return; }
      generation = data.generation;
      data.css.forEach(swap);
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && source) {
      source.close();
      source = null;
      document.documentElement.removeAttribute("data-trackpress-live");
    } else if (document.visibilityState === "visible") {
      connect();
    }
  });
  if (document.visibilityState !== "hidden") { connect(); }
  function swap(path) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      if (new URL(link.href, window.location.href).pathname !== path) { continue; }
      var fresh = link.cloneNode();
      fresh.href = path + "?v=" + generation;
      fresh.addEventListener("load", function (old) { return function () { old.remove(); }; }(link));
      link.after(fresh);
    }
  }
  function show(problems) {
    if (!overlay) {
      overlay = document.createElement("trackpress-problems");
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,0,0,.92);" +
        "color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;display:block";
      document.documentElement.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "The site does not build: the last good version is shown underneath";
    title.style.cssText = "font:bold 1.2rem/1.3 system-ui,sans-serif;margin:0 0 1rem;color:#ffb4b4";
    overlay.appendChild(title);
    problems.forEach(function (p) {
      var item = document.createElement("p");
      item.className = "trackpress-problem";
      item.style.cssText = "margin:0 0 1rem;white-space:pre-wrap;word-break:break-word";
      var where = document.createElement("strong");
      where.textContent = p.path + (p.line ? ":" + p.line : "");
      item.appendChild(where);
      item.appendChild(document.createTextNode((p.field ? "  " + p.field + ":" : "") + " " + p.message +
        (p.hint ? "\nFix: " + p.hint : "")));
      overlay.appendChild(item);
    });
    var note = document.createElement("p");
    note.textContent = "Save the fix: this page comes back by itself.";
    overlay.appendChild(note);
  }
})();
"""
