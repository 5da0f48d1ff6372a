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
# Every message carries the whole state, so a reopened stream catches up at once:
# another server run or version → reload, the next version with only CSS changed →
# swap the stylesheets in place, an error → overlay.
_SCRIPT = r"""(function () {
  "use strict";
  var cfg = __CONFIG__;
  var version = cfg.version, source = null, overlay = null, retry = null;

  function connect() {
    if (source || document.hidden) return;
    source = new EventSource(cfg.events);
    source.onmessage = function (event) { update(JSON.parse(event.data)); };
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

  function update(state) {
    if (state.id !== cfg.id || state.version !== version) {
      if (state.id === cfg.id && state.version === version + 1 && state.css.length) {
        swapStyles(state.css, state.version);
        version = state.version;
      } else {
        disconnect();
        location.reload();
        return;
      }
    }
    showError(state.error);
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


def script_tag(snapshot: Snapshot, prefix: str) -> bytes:
    """The <script> element for one page, carrying the state it was served at."""
    config = {
        "events": prefix + EVENTS_PATH,
        "id": snapshot.instance,
        "version": snapshot.version,
        "error": snapshot.error,
        "overlay": OVERLAY_ID,
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
