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

  // Term index pages: re-sort by count, name or country without a round trip.
  function setUpSorter() {
    var sorter = document.querySelector("[data-sorter]");
    var list = document.querySelector("[data-sortable]");
    if (!sorter || !list) return;
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (li, index) { li.dataset.index = String(index); });
    var byName = function (a, b) {
      return a.dataset.name.localeCompare(b.dataset.name, undefined, { sensitivity: "base" }) ||
        Number(a.dataset.index) - Number(b.dataset.index);
    };
    var orders = {
      count: function (a, b) { return Number(a.dataset.index) - Number(b.dataset.index); },
      name: byName,
      country: function (a, b) {
        var ca = a.dataset.country || "\uffff", cb = b.dataset.country || "\uffff";
        return ca.localeCompare(cb) || byName(a, b);
      }
    };
    sorter.hidden = false;
    sorter.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-sort]");
      if (!button) return;
      items.sort(orders[button.dataset.sort]);
      items.forEach(function (li) { list.appendChild(li); });
      sorter.querySelectorAll("button[data-sort]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
    });
  }

  function start() {
    fixFileLinks();
    setUpSorter();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
