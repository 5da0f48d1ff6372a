// briefgen search: the search page's form, results and filters, over either engine the
// site was built with (`search:` in briefgen.yaml): briefgen's own index, queried by
// static/search-engine.js, or the Pagefind bundle; both offer the same small API.
// Whole words with stemming, relevance ranking, highlighted excerpts, and filters for the
// taxonomies and the year. Nothing is fetched from another host; every link is relative,
// so the site works under any sub-path. Text from the index is inserted as text: only
// Pagefind's <mark> elements are kept from an excerpt.
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  var PAGE = 10;

  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : "";
  }

  // Build the excerpt from text nodes and <mark>s only, whatever markup it holds.
  function excerptNode(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = document.createElement("p");
    out.className = "excerpt";
    (function walk(node, into) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === 3) {
          into.appendChild(document.createTextNode(child.nodeValue));
        } else if (child.nodeType === 1 && child.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = child.textContent;
          into.appendChild(mark);
        } else if (child.nodeType === 1) {
          walk(child, into);
        }
      });
    })(template.content, out);
    return out;
  }

  function start() {
    var form = document.querySelector("form[data-search]");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var fieldset = form.querySelector("[data-filters]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var status = document.getElementById("search-status");
    var list = document.getElementById("results");
    var more = document.getElementById("more-results");
    var root = form.getAttribute("data-root");
    var engine = form.getAttribute("data-engine");
    var bundle = new URL(form.getAttribute("data-bundle"), location.href).href;
    var params = new URLSearchParams(location.search);
    var pagefind = null;
    var hits = [];
    var shown = 0;
    var generation = 0;
    var timer = 0;

    input.value = params.get("q") || "";

    function href(url) {
      // Pagefind's URLs start at the site root ("/2020/09/14/slug/"): make them relative.
      return root + String(url).replace(/^\/+/, "");
    }

    function chosenFilters() {
      var filters = {};
      selects.forEach(function (select) {
        if (select.value) filters[select.getAttribute("data-filter")] = select.value;
      });
      return filters;
    }

    function remember(query, filters) {
      var next = new URLSearchParams();
      if (query) next.set("q", query);
      Object.keys(filters).forEach(function (key) { next.set(key, filters[key]); });
      var text = next.toString();
      history.replaceState(null, "", location.pathname + (text ? "?" + text : ""));
    }

    function showMore() {
      var batch = hits.slice(shown, shown + PAGE);
      shown += batch.length;
      more.hidden = shown >= hits.length;
      var mine = generation;
      return Promise.all(batch.map(function (hit) { return hit.data(); })).then(function (items) {
        if (mine !== generation) return;
        items.forEach(function (item) {
          var li = document.createElement("li");
          li.className = "result";
          var a = document.createElement("a");
          a.className = "result-title";
          a.href = href(item.url);
          a.textContent = (item.meta && item.meta.title) || item.url;
          li.appendChild(a);
          var date = formatDate(item.meta && item.meta.date);
          if (date) {
            var meta = document.createElement("span");
            meta.className = "brief-meta";
            var time = document.createElement("time");
            time.dateTime = item.meta.date;
            time.textContent = date;
            meta.appendChild(time);
            li.appendChild(document.createTextNode(" "));
            li.appendChild(meta);
          }
          li.appendChild(excerptNode(item.excerpt || ""));
          list.appendChild(li);
        });
      });
    }

    function run() {
      if (!pagefind) return;
      var query = input.value.trim();
      var filters = chosenFilters();
      var any = Object.keys(filters).length > 0;
      remember(query, filters);
      var mine = ++generation;
      if (!query && !any) {
        list.textContent = "";
        status.textContent = "";
        more.hidden = true;
        return;
      }
      status.textContent = "Searching\u2026";
      // Without words there is no relevance to rank by: newest first.
      var options = query ? { filters: filters } : { filters: filters, sort: { date: "desc" } };
      pagefind.search(query || null, options).then(function (search) {
        if (mine !== generation || !search) return;
        hits = search.results;
        shown = 0;
        list.textContent = "";
        return showMore().then(function () {
          if (mine !== generation) return;
          // Announced once the first results are on the page, so the count never runs ahead.
          var n = hits.length;
          var what = query ? " for \u201c" + query + "\u201d" : "";
          status.textContent = n ? n + (n === 1 ? " briefing" : " briefings") + what :
            "No briefing matches" + what + ".";
        });
      });
    }

    function fillFilters(counts) {
      selects.forEach(function (select) {
        var values = counts[select.getAttribute("data-filter")] || {};
        var names = Object.keys(values);
        if (select.getAttribute("data-filter") === "year") {
          names.sort().reverse();
        } else {
          names.sort(function (x, y) { return x.localeCompare(y, undefined, { sensitivity: "base" }); });
        }
        var wanted = params.get(select.name) || "";
        names.forEach(function (name) {
          var option = document.createElement("option");
          option.value = name;
          option.textContent = name + " (" + values[name] + ")";
          if (name === wanted) option.selected = true;
          select.appendChild(option);
        });
        if (!names.length) select.parentNode.hidden = true;
      });
      fieldset.hidden = false;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run();
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 250);
    });
    selects.forEach(function (select) { select.addEventListener("change", run); });
    more.addEventListener("click", showMore);

    var unavailable = "Search is not available here: the site was built without its " +
      "search index, or opened from a folder rather than a web server.";
    if (engine === "off") {
      status.textContent = unavailable;
      return;
    }
    status.textContent = "Loading the search index\u2026";
    import(bundle).then(function (module) {
      pagefind = module;
      if (engine === "builtin") {
        return pagefind.options({
          indexUrl: form.getAttribute("data-index"), root: root, excerptLength: 24
        });
      }
      return pagefind.options({ baseUrl: "/", excerptLength: 24 });
    }).then(function () {
      return pagefind.filters();
    }).then(function (counts) {
      fillFilters(counts || {});
      status.textContent = "";
      run();
    }).catch(function () {
      pagefind = null;
      status.textContent = unavailable;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
