// briefgen's own search engine: queries the static index that briefgen/searchindex.py
// writes under search/index/. It offers the part of Pagefind's API the search page uses
// (options, filters, search, result.data()), so search.js drives either engine.
//
// Words are lower-cased, stripped of accents and stemmed exactly as the index was (the
// `stem` below is briefgen.searchindex.stem, rule for rule); every word of the query must
// match, whole or as the start of a longer word (search as you type: "elect" finds
// "election", a longer word counting less); results are ranked by BM25 over the weighted
// counts of title, subheadings, summary, names and body, as Pagefind ranks, newest first
// on ties. Each query fetches one small file per word; a result's excerpt is cut from its
// own page.
const WORD = /[\p{L}\p{N}]+/gu;
const K1 = 1.4; // BM25 term saturation, as Pagefind's default
const B = 0.75; // BM25 page length normalisation, as Pagefind's default
const SIMILARITY = 1.0; // how fast longer stems lose weight, as Pagefind's default
const TITLE_WEIGHT = 5.0; // Pagefind's boost for query words found in the title
const DIACRITIC_BONUS = 1.8; // Pagefind's, which an unaccented query always earns
const FORMAT = 1;

let indexUrl = null;
let rootUrl = null;
let excerptLength = 24;
let metaPromise = null;
const cache = new Map();

export function fold(token) {
  if (/^[\x00-\x7f]*$/.test(token)) return token;
  return token.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}

export function stem(word) {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 4) {
    word = word.slice(0, -3) + "y";
  } else if (word.endsWith("sses")) {
    word = word.slice(0, -2);
  } else if (word.endsWith("s") && !/(ss|us|is)$/.test(word)) {
    word = word.slice(0, -1);
  }
  for (const suffix of ["ing", "ed"]) {
    if (word.endsWith(suffix)) {
      const base = word.slice(0, -suffix.length);
      if (base.length >= 3 && /[aeiouy]/.test(base)) {
        word = base;
        const last = word[word.length - 1];
        if (last === word[word.length - 2] && !"aeiouylsz".includes(last)) {
          word = word.slice(0, -1);
        }
      }
      break;
    }
  }
  if (word.length > 3 && word.endsWith("e")) word = word.slice(0, -1);
  return word;
}

export function words(text) {
  return (String(text).toLowerCase().match(WORD) || []).map(fold);
}

export function bucketOf(key, buckets) {
  let value = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) {
    value = Math.imul(value ^ byte, 0x01000193) >>> 0;
  }
  return value % buckets;
}

function load(path) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, indexUrl)).then((response) => {
      if (!response.ok) throw new Error(path + ": " + response.status);
      return response.json();
    }));
  }
  return cache.get(path);
}

// settings.indexUrl: the index's folder, or any file in it (the search page names meta.json).
export async function options(settings) {
  if (settings.indexUrl) indexUrl = new URL(settings.indexUrl, location.href);
  if (settings.root) rootUrl = new URL(settings.root, location.href);
  if (settings.excerptLength) excerptLength = settings.excerptLength;
}

export function init() {
  if (!metaPromise) {
    metaPromise = load("meta.json").then((meta) => {
      if (meta.format !== FORMAT) throw new Error("unknown index format " + meta.format);
      let total = 0;
      for (const length of meta.lengths) total += length;
      meta.average = total / Math.max(1, meta.lengths.length);
      return meta;
    });
  }
  return metaPromise;
}

export async function filters() {
  const meta = await init();
  const out = {};
  for (const [name, rows] of Object.entries(meta.filters)) {
    out[name] = {};
    for (const [value, count] of rows) out[name][value] = count;
  }
  return out;
}

// Pagefind's length bonus: a stem that extends the query's by D-1 letters counts this much.
function lengthBonus(differential) {
  const base = Math.exp(-0.5 * differential * differential / 4);
  return Math.exp(base * SIMILARITY) / Math.exp(SIMILARITY);
}

function idf(meta, df) {
  return Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5));
}

// The matches of TERM (a stem): its own postings and, when it has at least key_length
// letters, those of every stem that starts with it. Returns the term's IDF (over the
// briefings holding any of them, as Pagefind counts it), doc → BM25 score of their counts
// (each times its length bonus), and the docs with one of them in the title.
async function match(meta, term) {
  // The term's key (briefgen.searchindex.index_key), then every key split from it, where
  // its extensions are.
  let key = term.slice(0, meta.key_length);
  while (meta.split[key] && term.length > key.length) key = term.slice(0, key.length + 1);
  const keys = [key];
  const below = term.length >= meta.key_length && meta.split[key] ? [...meta.split[key]] : [];
  while (below.length) {
    const child = below.pop();
    keys.push(child);
    if (meta.split[child]) below.push(...meta.split[child]);
  }
  const files = new Set(keys.map((k) => "words/" + bucketOf(k, meta.buckets) + ".json"));
  const groups = await Promise.all([...files].map(load));
  const found = [];
  for (const group of groups) {
    for (const [candidate, posting] of Object.entries(group)) {
      if (candidate === term || (term.length >= meta.key_length && candidate.startsWith(term))) {
        found.push([lengthBonus(candidate.length - term.length + 1), posting]);
      }
    }
  }
  const counts = new Map(); // doc → the weighted counts × length bonus, summed
  const titled = new Set();
  for (const [bonus, posting] of found) {
    let doc = 0;
    for (let i = 0; i < posting.length; i += 2) {
      doc = i ? doc + posting[i] : posting[i];
      const value = posting[i + 1];
      counts.set(doc, (counts.get(doc) || 0) + (value >> 1) * bonus);
      if (value & 1) titled.add(doc);
    }
  }
  // The stems found are summed before BM25 saturates them: Pagefind's stemmer gives
  // "protest" and "protesters" one stem, where ours gives "protester" its own.
  const weight = idf(meta, counts.size);
  const scores = new Map();
  for (const [doc, tf] of counts) {
    const norm = K1 * (1 - B + B * meta.lengths[doc] / meta.average);
    scores.set(doc, DIACRITIC_BONUS * weight * tf * (K1 + 1) / (tf + norm));
  }
  return { idf: weight, scores: scores, titled: titled };
}

async function filterIds(meta, chosen) {
  let result = null;
  for (const [name, value] of Object.entries(chosen || {})) {
    const wanted = Array.isArray(value) ? value[0] : value;
    const row = (meta.filters[name] || []).find((entry) => entry[0] === wanted);
    const ids = row ? ((await load("filters/" + row[2] + ".json"))[name] || {})[wanted] || [] : [];
    const set = new Set(ids);
    result = result === null ? set : new Set([...result].filter((id) => set.has(id)));
  }
  return result;
}

export async function search(query, settings) {
  const meta = await init();
  const allowed = await filterIds(meta, settings && settings.filters);
  const terms = query ? words(query) : [];
  let ranked;
  if (!terms.length) {
    if (allowed === null) return { results: [] };
    ranked = [...allowed].sort((a, b) => a - b).map((id) => [id, 0]);
  } else {
    const matches = [];
    for (const term of terms) matches.push(await match(meta, stem(term)));
    let docs = [...matches[0].scores.keys()];
    for (const other of matches.slice(1)) docs = docs.filter((doc) => other.scores.has(doc));
    if (allowed !== null) docs = docs.filter((doc) => allowed.has(doc));
    // Pagefind's title boost: the IDF of the query's words found in the title, times the
    // share of the query's IDF they make, squared.
    let totalIdf = 0;
    for (const m of matches) totalIdf += m.idf;
    ranked = docs.map((doc) => {
      let score = 0;
      let inTitle = 0;
      for (const m of matches) {
        score += m.scores.get(doc);
        if (m.titled.has(doc)) inTitle += m.idf;
      }
      if (totalIdf > 0) score += TITLE_WEIGHT * inTitle * (inTitle / totalIdf) ** 2;
      return [doc, score];
    });
    ranked.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  }
  const stems = terms.map(stem);
  return {
    results: ranked.map(([id, score]) => ({
      id: id,
      score: score,
      data: () => resultData(meta, id, stems, meta.key_length),
    })),
  };
}

async function resultData(meta, id, stems, keyLength) {
  const rows = await load("docs/" + Math.floor(id / meta.docs_per_file) + ".json");
  const [path, title, date] = rows[id % meta.docs_per_file];
  return {
    url: "/" + path,
    meta: { title: title, date: date },
    excerpt: await excerpt(path, stems, keyLength),
  };
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[c]);
}

// A passage of the briefing's own text around the first word that matches, as HTML:
// the text escaped, the matching words in <mark>.
async function excerpt(path, stems, keyLength) {
  let text = "";
  try {
    const response = await fetch(new URL(path, rootUrl || indexUrl));
    if (!response.ok) return "";
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const parts = page.querySelectorAll("[data-pagefind-body] .lead, [data-pagefind-body] .body");
    text = Array.from(parts.length ? parts : [page.querySelector("main") || page.body])
      .map((node) => node.textContent).join(" ").replace(/\s+/g, " ").trim();
  } catch (error) {
    return "";
  }
  const spans = [];
  for (const match of text.matchAll(WORD)) {
    const found = stem(fold(match[0].toLowerCase()));
    const hit = stems.some((s) => found === s || (s.length >= keyLength && found.startsWith(s)));
    spans.push([match.index, match.index + match[0].length, hit]);
  }
  if (!spans.length) return "";
  const first = Math.max(0, spans.findIndex((span) => span[2]));
  const from = Math.max(0, first - Math.floor(excerptLength / 4));
  const shown = spans.slice(from, from + excerptLength);
  let html = from > 0 ? "\u2026 " : "";
  let at = shown[0][0];
  for (const [start, end, hit] of shown) {
    html += escapeHtml(text.slice(at, start));
    html += hit ? "<mark>" + escapeHtml(text.slice(start, end)) + "</mark>" : escapeHtml(text.slice(start, end));
    at = end;
  }
  const stop = shown[shown.length - 1][1];
  html += escapeHtml(text.slice(at, stop)) + (stop < text.length ? " \u2026" : "");
  return html;
}
