// briefgen search: fetch the static index next to the site and filter it in the browser.
// Every value is inserted with textContent, so index data can never become markup.
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function start() {
    var form = document.querySelector("form[data-index]");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("search-status");
    var results = document.getElementById("results");
    var root = form.getAttribute("data-root");
    var records = null;

    function show(query) {
      results.textContent = "";
      var terms = words(query);
      if (!terms.length) { status.textContent = ""; return; }
      var hits = records.filter(function (r) {
        var hay = r._hay || (r._hay = words([r.t, r.s, r.k, r.d].join(" ")).join(" "));
        return terms.every(function (t) { return hay.indexOf(t) !== -1; });
      });
      status.textContent = hits.length + (hits.length === 1 ? " briefing" : " briefings") +
        " found for \u201c" + query + "\u201d";
      hits.slice(0, 200).forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + r.u;
        a.textContent = r.t;
        var meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = r.d + (r.k ? " \u00b7 " + r.k : "");
        li.appendChild(a);
        li.appendChild(meta);
        if (r.s) {
          var p = document.createElement("p");
          p.textContent = r.s;
          li.appendChild(p);
        }
        results.appendChild(li);
      });
    }

    var query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
    status.textContent = "Loading the index\u2026";
    fetch(form.getAttribute("data-index"))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        records = data;
        status.textContent = "";
        show(input.value);
        input.addEventListener("input", function () { show(input.value); });
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          var url = new URL(location.href);
          url.searchParams.set("q", input.value);
          history.replaceState(null, "", url);
          show(input.value);
        });
      })
      .catch(function () {
        status.textContent = location.protocol === "file:"
          ? "Search needs the site to be served over HTTP (browsers block it for local files)."
          : "The search index could not be loaded.";
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
