// briefgen default theme: small enhancements; every page works without them.
(function () {
  "use strict";

  // Opened from a folder (file://), a link to "dir/" shows a listing: point it at index.html.
  function fixFileLinks() {
    if (location.protocol !== "file:") return;
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z]+:|^\/\//i.test(href) || href.charAt(0) === "#") return;
      var parts = href.split("#");
      if (parts[0] === "" ) return;
      if (parts[0].slice(-1) === "/" || parts[0] === "." || parts[0] === "..") {
        parts[0] = parts[0].replace(/\/?$/, "/") + "index.html";
        a.setAttribute("href", parts.join("#"));
      }
    });
  }

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  // Term index pages: a filter box over the A-Z lists (without JS they are plain lists).
  function setUpTermFilter() {
    var box = document.querySelector("[data-term-filter]");
    var sections = document.querySelector("[data-term-sections]");
    if (!box || !sections) return;
    var input = box.querySelector("input");
    var status = box.querySelector("[data-term-filter-status]");
    var hideWhileFiltering = document.querySelectorAll("[data-term-top], .az-jump");
    var none = document.querySelector("[data-term-none]");
    var groups = Array.prototype.map.call(sections.querySelectorAll("section"), function (section) {
      return {
        section: section,
        folds: Array.prototype.slice.call(section.querySelectorAll("details")),
        items: Array.prototype.map.call(section.querySelectorAll("li"), function (li) {
          return { li: li, text: fold(li.querySelector("a").textContent) };
        })
      };
    });
    var total = groups.reduce(function (n, g) { return n + g.items.length; }, 0);
    var timer = 0;
    function apply() {
      var query = fold(input.value.trim());
      var shown = 0;
      groups.forEach(function (group) {
        var inGroup = 0;
        group.items.forEach(function (item) {
          var show = !query || item.text.indexOf(query) !== -1;
          if (item.li.hidden === show) item.li.hidden = !show;
          if (show) inGroup += 1;
        });
        group.section.hidden = inGroup === 0;
        // While filtering, the folded long tail opens so its matches show; then it closes.
        group.folds.forEach(function (details) {
          if (query && !details.hasAttribute("data-was")) {
            details.setAttribute("data-was", details.open ? "open" : "");
          }
          if (query) {
            details.open = Boolean(details.querySelector("li:not([hidden])"));
            details.hidden = !details.open;
          } else if (details.hasAttribute("data-was")) {
            details.open = details.getAttribute("data-was") === "open";
            details.removeAttribute("data-was");
            details.hidden = false;
          }
        });
        shown += inGroup;
      });
      hideWhileFiltering.forEach(function (el) { el.hidden = Boolean(query); });
      none.hidden = shown > 0;
      status.textContent = query ? shown + " of " + total + " shown" : "";
    }
    box.hidden = false;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 80);
    });
    if (input.value) apply();
  }

  function start() {
    fixFileLinks();
    setUpTermFilter();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
