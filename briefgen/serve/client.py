"""The live-reload script added to HTML pages at serve time (never written by build)."""

from __future__ import annotations

import json

from briefgen.serve.live import Snapshot

EVENTS_PATH = "__briefgen/events"
"""The Server-Sent Events endpoint, below the site's path prefix."""

SCRIPT_ID = "briefgen-livereload"
OVERLAY_ID = "briefgen-error"

# One EventSource per visible tab: a hidden tab closes its stream and reopens it when
# shown again (browsers allow only ~6 HTTP/1.1 connections per host, see mkdocs#3389).
# Every message carries the whole state, so a reopened stream catches up at once.
# A message one version ahead says what that step changed: its stylesheets are swapped
# in place, and when the open page's own HTML changed, the page replaces only the parts
# that differ (title, meta, the changed regions of <body>), keeping its scroll position
# and its scripts' state. The new HTML comes with the event (the stream said which page
# it serves), or is fetched. Anything else falls back to a full reload: another server
# run, a skipped version, a changed script or image, a head whose assets changed, a
# different page structure, a changed region that the page's own scripts had altered or
# that holds a script, and any error on the way. Scripts in the new HTML never run
# (DOMParser marks them inert, and a region holding an executable script is never
# patched in). An error shows as an overlay above the last good page.
_SCRIPT = r"""(function () {
  "use strict";
  var cfg = __CONFIG__;
  var version = cfg.version, source = null, overlay = null, retry = null;
  var queue = Promise.resolve(), reloading = false;
  // The page as served: this script runs before any deferred one can change the DOM.
  var served = { html: document.documentElement.cloneNode(false),
                 body: document.body.cloneNode(false),
                 head: part(document.head), main: part(document.body) };

  function connect() {
    if (source || reloading || document.hidden) return;
    source = new EventSource(cfg.page === null ? cfg.events :
                             cfg.events + "?page=" + encodeURIComponent(cfg.page));
    source.onmessage = function (event) {
      var state = JSON.parse(event.data), received = performance.now();
      queue = queue.then(function () { return update(state, received); });
    };
    source.onerror = function () {
      if (source && source.readyState === 2) {  // CLOSED: the browser gave up; we don't
        source = null;
        clearTimeout(retry);
        retry = setTimeout(connect, 1000);
      }
    };
  }

  function disconnect() {
    clearTimeout(retry);
    if (source) { source.close(); source = null; }
  }

  function reload() {
    if (reloading) return;
    reloading = true;
    disconnect();
    location.reload();
  }

  function update(state, received) {
    if (reloading) return;
    if (state.id !== cfg.id || (state.version !== version &&
        (state.version !== version + 1 || state.reload))) {
      reload();
      return;
    }
    var work = null;
    if (state.version !== version) {
      version = state.version;
      if (state.css.length) swapStyles(state.css, state.version);
      if (affected(state.pages)) {
        if (cfg.page === null) { reload(); return; }  // a 404 page: it may exist now
        work = patch(state, received);
      }
    }
    return Promise.resolve(work).then(function () { showError(state.error); });
  }

  function affected(pages) {
    return pages === null || (cfg.page === null ? pages.length > 0 :
                              pages.indexOf(cfg.page) >= 0);
  }

  // -- patching the page in place --

  function part(parent) {
    var live = Array.prototype.filter.call(parent.childNodes, function (node) {
      if (node.nodeType === 1) return node.id !== cfg.script && node.id !== cfg.overlay;
      return node.nodeType === 3 && /\S/.test(node.data);
    });
    return { live: live, copy: live.map(function (node) { return node.cloneNode(true); }) };
  }

  function executable(script) {
    var type = (script.getAttribute("type") || "").trim().toLowerCase();
    return !/^application\/(ld\+)?json$/.test(type);
  }

  function holdsScript(node) {
    if (node.nodeType !== 1) return false;
    var scripts = node.nodeName === "SCRIPT" ? [node] :
      Array.prototype.slice.call(node.getElementsByTagName("script"));
    return scripts.some(executable);
  }

  // isEqualNode does not look into a <template>'s content: compare those as markup.
  function same(a, b) {
    if (!a.isEqualNode(b)) return false;
    if (a.nodeType !== 1 || (a.nodeName !== "TEMPLATE" &&
        !a.getElementsByTagName("template").length)) return true;
    return a.outerHTML === b.outerHTML;
  }

  // The changes that turn the served page into DOC, or null when only a reload is safe.
  function plan(doc) {
    if (!doc.head || !doc.body ||
        !doc.documentElement.cloneNode(false).isEqualNode(served.html)) return null;
    var steps = [], sides = [["head", doc.head], ["main", doc.body]];
    for (var s = 0; s < sides.length; s++) {
      var side = served[sides[s][0]], fresh = part(sides[s][1]).live;
      if (fresh.length !== side.copy.length) return null;
      for (var i = 0; i < fresh.length; i++) {
        var was = side.copy[i], now = fresh[i], live = side.live[i];
        if (was.nodeName !== now.nodeName) return null;
        if (same(was, now)) continue;
        if (sides[s][0] === "head" && !/^(TITLE|META|SCRIPT)$/.test(now.nodeName)) return null;
        if (holdsScript(now) || holdsScript(was)) return null;
        // A region the page's own scripts have changed would lose what they did.
        if (!live.isConnected || !same(live, was)) return null;
        steps.push({ side: side, index: i, node: now });
      }
    }
    return steps;
  }

  // The new HTML came with the event when the server knew which page this is; else fetch.
  function patch(state, received) {
    var url = cfg.page.split("/").map(encodeURIComponent).join("/");
    var text = typeof state.html === "string" ? Promise.resolve(state.html) :
      fetch(url, { cache: "no-store", credentials: "same-origin" }).then(function (response) {
        var kind = response.headers.get("Content-Type") || "";
        if (!response.ok || response.redirected || kind.indexOf("text/html") !== 0) {
          throw new Error("not a page");
        }
        return response.text();
      });
    return text
      .then(function (text) {
        var fetched = performance.now();
        var doc = new DOMParser().parseFromString(text, "text/html");
        var steps = plan(doc);
        if (steps === null || reloading) { reload(); return; }
        var x = window.scrollX, y = window.scrollY;
        steps.forEach(function (step) {
          var node = document.importNode(step.node, true);
          step.side.live[step.index].replaceWith(node);
          step.side.live[step.index] = node;
          step.side.copy[step.index] = step.node;
        });
        var body = doc.body.cloneNode(false);
        if (!body.isEqualNode(served.body)) {
          Array.prototype.slice.call(document.body.attributes).forEach(function (attr) {
            document.body.removeAttribute(attr.name);
          });
          Array.prototype.forEach.call(body.attributes, function (attr) {
            document.body.setAttribute(attr.name, attr.value);
          });
          served.body = body;
        }
        window.scrollTo(x, y);
        document.dispatchEvent(new CustomEvent("briefgen:patched", { detail: {
          version: state.version, received: received, fetched: fetched,
          patched: performance.now(), parts: steps.length } }));
      })
      .catch(reload);
  }

  function swapStyles(paths, stamp) {
    var links = Array.prototype.slice.call(
      document.querySelectorAll('link[rel~="stylesheet"]'));
    var hit = links.filter(function (link) {
      return paths.indexOf(new URL(link.href, location.href).pathname) >= 0;
    });
    // A sheet pulled in by @import is not a <link>: refresh them all then.
    (hit.length ? hit : links).forEach(function (link) {
      var url = new URL(link.href, location.href);
      url.searchParams.set("briefgen", String(stamp));
      var fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = fresh.onerror = function () { link.remove(); };
      link.parentNode.insertBefore(fresh, link.nextSibling);
    });
  }

  function showError(text) {
    if (!text) {
      if (overlay) { overlay.remove(); overlay = null; }
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = cfg.overlay;
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "all:initial;position:fixed;inset:0;z-index:2147483647;" +
        "background:rgba(20,20,20,.92);color:#fff;overflow:auto;padding:2rem;" +
        "font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;box-sizing:border-box";
      var title = document.createElement("div");
      title.style.cssText = "all:initial;display:block;color:#ff8a80;font:bold 18px/1.4 " +
        "system-ui,sans-serif;margin-bottom:1rem";
      title.textContent = "briefgen: the build failed; showing the last good version.";
      var pre = document.createElement("pre");
      pre.style.cssText = "all:initial;display:block;white-space:pre-wrap;color:#fff;" +
        "font:15px/1.5 ui-monospace,Menlo,Consolas,monospace";
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.lastChild.textContent = text;
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect(); else connect();
  });
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function (event) { if (event.persisted) connect(); });
  showError(cfg.error);
  connect();
})();
"""


def script_tag(snapshot: Snapshot, prefix: str, page: str | None = None) -> bytes:
    """The <script> element for one page, carrying the state it was served at.

    PAGE is the URL path of the file served (prefix + site key), which the state's list of
    changed pages names; None for a page served in place of a missing one (404).
    """
    config = {
        "events": prefix + EVENTS_PATH,
        "id": snapshot.instance,
        "version": snapshot.version,
        "error": snapshot.error,
        "overlay": OVERLAY_ID,
        "script": SCRIPT_ID,
        "page": page,
    }
    # `<` escaped so that no error text can close the script element early.
    literal = json.dumps(config, ensure_ascii=True).replace("<", "\\u003c")
    code = _SCRIPT.replace("__CONFIG__", literal)
    return f'<script id="{SCRIPT_ID}">{code}</script>'.encode()


def inject_script(html: bytes, tag: bytes) -> bytes:
    """Insert TAG before the last </body>, or append it when the page has none."""
    at = html.lower().rfind(b"</body>")
    if at < 0:
        return html + tag
    return html[:at] + tag + html[at:]
