"""Briefings → briefgen's own static search index under `search/index/`.

The cheap alternative to Pagefind (`search: builtin`, the default): one pass over the
articles, with no page parsed again and no process started. The words are counted, and
the postings kept and written, by `Tally`: in C (`_wordcount.c`, compiled where briefgen
is installed with a C compiler; the index of 10,000 briefings, 7.8 million words, is
made in 0.3 times the CPU time) or else in Python (`_PyTally`), with the same bytes.
Whole words are folded to lower case without accents and reduced by a light English
stemmer (plurals, -ed, -ing and a final -e); the browser (`static/search-engine.js`)
applies the same rules to the query, ranks with BM25 over the fields' weighted term
counts, and cuts the highlighted excerpt from the briefing page itself, so the index
holds no copy of the text.

Layout, every file JSON with sorted keys (byte-identical from one build to the next):

- `meta.json`: counts, the length in words of each briefing (for BM25), and each filter's
  values with their counts and the file holding their briefings;
- `words/<n>.json`: the postings of the stems whose key hashes (FNV-1a over UTF-8) to
  bucket n, `stem: [briefing, value, …]` (each briefing number after the first given as
  the gap from the one before; the value is twice the weighted count, plus one when the
  word is in the title). A stem's key is its first three characters, or more where the stems sharing
  them would make a large file (`meta.json` lists the keys split so); a query fetches
  one small file per word;
- `docs/<n>.json`: URL path, title and date of briefings 100·n to 100·n+99;
- `filters/<n>.json`: value → briefing numbers, for a few hundred values each (a tag's
  value is its topic's name, "Conflict, war and peace", as the pages and Pagefind show it).

Briefings are numbered newest first, so a list of numbers in ascending order is a list
of briefings newest first.
"""

from __future__ import annotations

import html
import json
import operator
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice, repeat
from typing import cast

from briefgen.model import Article
from briefgen.overview import topic_label

INDEX_DIR = "search/index/"
"""Where the index lives in the site (the folder of the search page)."""
FIELD_WEIGHTS = (("title", 7), ("headings", 5), ("summary", 1), ("names", 1), ("body", 1))
"""How many times a word counts in each field: Pagefind's weights (a title word counts 7
times, a subheading's 6: 5 more than the body text it is also part of), so that the two
engines rank alike."""
TITLE_WEIGHT = dict(FIELD_WEIGHTS)["title"]
HEADING_WEIGHT = dict(FIELD_WEIGHTS)["headings"]
DOCS_PER_FILE = 100
"""Briefings per `docs/` file: a page of ten results fetches one to ten small files."""
KEY_LENGTH = 3
"""Stems are bucketed by their first characters, so a prefix finds its bucket."""
POSTINGS_PER_BUCKET = 6000
"""About this many postings per `words/` file (the bucket count grows with the site)."""
MAX_BUCKETS = 1024
"""Never more `words/` files than this."""
IDS_PER_FILTER_FILE = 4000
"""About this many briefing numbers per `filters/` file."""
FORMAT = 1
"""The layout version, checked by the browser."""

_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]*>")
_BYTES_TAG = re.compile(rb"<[^>]*>")
_BYTES_ENTITY = re.compile(rb"&(?:quot|amp|lt|gt);")
_OTHER_AMPERSAND = re.compile(rb"&(?!(?:quot|amp|lt|gt);)")
_HEADING = re.compile(r"<h[2-6][^>]*>(.*?)</h[2-6]>", re.DOTALL)
_COMBINING = re.compile("[\u0300-\u036f]")


def fold(token: str) -> str:
    """TOKEN (already lower case) without accents: "zürich" and "zurich" are one word."""
    if token.isascii():
        return token
    return _COMBINING.sub("", unicodedata.normalize("NFKD", token))


def stem(word: str) -> str:
    """The light English stem of WORD (lower case, folded): "elections" → "election".

    Only plain ASCII words (a-z) longer than three letters change: a plural -s (not -ss,
    -us, -is), -ies to -y, then -ed or -ing when at least three letters with a vowel are
    left (a doubled final consonant is undone: "stopped" → "stop"), then a final -e, so
    that "vote", "votes", "voted" and "voting" meet at "vot". The browser's `stem` is the
    same function, word for word (tests/test_search.py holds them to it). Written with
    string methods and the last letter, not a regex and a chain of `endswith`: each of a
    build's words is stemmed once, and on a small site that is a tenth of the index
    (tests/test_searchindex_words.py holds it to the plain definition).
    """
    if len(word) <= 3 or not (word.isascii() and word.isalpha() and word.islower()):
        return word
    if word[-1] == "s":
        if word[-3:] == "ies" and len(word) > 4:
            word = word[:-3] + "y"
        elif word[-4:] == "sses":
            word = word[:-2]
        elif word[-2] not in "sui":
            word = word[:-1]
    last = word[-1]
    if last == "g" and word[-3:] == "ing":
        base = word[:-3]
    elif last == "d" and word[-2] == "e":
        base = word[:-2]
    else:
        base = ""
    # A vowel is left when stripping the consonants from both ends leaves something.
    if len(base) >= 3 and base.strip(_CONSONANTS):
        word = base
        if word[-1] == word[-2] and word[-1] not in "aeiouylsz":
            word = word[:-1]
    if len(word) > 3 and word[-1] == "e":
        word = word[:-1]
    return word


_CONSONANTS = "bcdfghjklmnpqrstvwxz"
"""The letters a-z but the vowels (and y) `stem` looks for before -ing and -ed."""


# UTF-8 text → the same with its ASCII letters in lower case and any other ASCII
# character (never part of a word) a space; the bytes of other characters are kept.
_SEPARATE = bytes(
    byte + 32 if 65 <= byte <= 90 else byte if chr(byte).isalnum() or byte >= 0x80 else 0x20
    for byte in range(256)
)


class _Posting(list[int]):
    """The postings of one stem, [briefing, value, …], as they are appended.

    Hashed and compared by identity: `_Chunks` maps a chunk to the postings of its stem
    and a briefing's counts are keyed by them, so they are appended with no lookup of
    the stem's text (one dict lookup fewer for each of the index's postings).
    """

    __slots__ = ()
    __hash__ = object.__hash__  # type: ignore[assignment]
    __eq__ = object.__eq__  # type: ignore[assignment]
    __ne__ = object.__ne__  # type: ignore[assignment]


class _Stems:
    """The stems of a build's words, numbered as they are met."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.names: list[str] = []

    def _number(self, stem: str) -> int:
        number = self.numbers.get(stem)
        if number is None:
            number = self.numbers[stem] = len(self.names)
            self.names.append(stem)
        return number

    def resolve(self, chunk: bytes) -> tuple[int, ...]:
        """The numbers of the stems of the words in CHUNK, a run of text between ASCII
        separators (UTF-8, its ASCII letters in lower case): one for a plain word, or
        those `_WORD` finds in it once in lower case. A new stem takes the next number."""
        if chunk.isascii():  # a plain word: letters and digits only
            return (self._number(stem(chunk.decode("ascii"))),)
        found = _WORD.findall(chunk.decode("utf-8", "surrogatepass").lower())
        return tuple(self._number(stem(fold(word))) for word in found)


class _Chunks(dict[bytes, _Posting | tuple[_Posting, ...]]):
    """`_PyTally`'s chunks of text, each resolved once: a chunk → the postings of its
    word's stem, or a tuple of those of its words' stems when it holds none or several."""

    def __init__(self, resolve: Callable[[bytes], tuple[int, ...]]) -> None:
        super().__init__()
        self.resolve = resolve
        self.postings: list[_Posting] = []
        """A stem's number → its postings."""
        self.several: set[tuple[_Posting, ...]] = set()
        """The tuples among the values."""

    def __missing__(self, chunk: bytes) -> _Posting | tuple[_Posting, ...]:
        numbers = self.resolve(chunk)
        postings = self.postings
        for number in numbers:
            if number == len(postings):
                postings.append(_Posting())
            elif not 0 <= number < len(postings):
                raise IndexError(f"stem number {number}: a new stem takes the next number")
        stems = tuple(map(postings.__getitem__, numbers))
        value = stems[0] if len(stems) == 1 else stems
        if len(stems) != 1:
            self.several.add(stems)
        self[chunk] = value
        return value

    def count(self, data: bytes) -> tuple[Counter[_Posting], int]:
        """The stems (their postings) of the words of DATA (UTF-8, see `_utf8`) with their
        counts, and the number of words.

        The text is cut at its ASCII separators by a byte translation and `split`, which
        never cuts a word (`_WORD` matches no ASCII character but letters and digits),
        and only a chunk seen for the first time in the build is looked at in Python.
        """
        chunks = data.translate(_SEPARATE).split()
        counts: Counter[_Posting | tuple[_Posting, ...]] = Counter(map(self.__getitem__, chunks))
        length = len(chunks)
        if not data.isascii() and not self.several.isdisjoint(counts):
            for key in self.several.intersection(counts):
                times = counts.pop(key)
                length += (len(key) - 1) * times
                for word in key:
                    counts[word] += times
        return cast("Counter[_Posting]", counts), length


class _PyTally:
    """`briefgen._wordcount.Tally` in Python, where the C extension was not compiled: the
    same postings and files (tests/test_searchindex_words.py holds them to it).

    `count(data, weight, mark=False, html=False)` adds twice WEIGHT to the value of the
    stem of each word of DATA (UTF-8, see `_utf8`; with HTML, markdown-it's HTML, see
    `_markup_words`, or -1 is returned and nothing counted), and one when MARK, and
    returns the number of words; `flush(number)` appends NUMBER and the values to the
    stems' postings and starts the next briefing; `sizes()` gives the number of
    briefings in each stem's postings, `postings(stem)` them, and `json(group)` a
    `words/` file of the index. RESOLVE maps a chunk met for the first time to the
    numbers of its words' stems (`_Stems.resolve`).
    """

    def __init__(self, resolve: Callable[[bytes], tuple[int, ...]]) -> None:
        self._chunks = _Chunks(resolve)
        self._postings = self._chunks.postings
        self._weights: Counter[_Posting] = Counter()  # the sum of the weights, undoubled
        self._marked: list[_Posting] = []
        self._numerals: list[str] = []
        self._last = -1

    def count(self, data: bytes, weight: int, mark: bool = False, html: bool = False) -> int:
        if html:
            words = _markup_words(data)
            if words is None:
                return -1
            data = words
        counts, length = self._chunks.count(data)
        if mark:
            self._marked.extend(counts)
        if not self._weights and weight == 1:  # a briefing's first fields, at C speed
            self._weights = counts
        else:
            weights = self._weights
            for posting, times in counts.items():
                weights[posting] += weight * times
        return length

    def flush(self, number: int) -> None:
        # Appended to each stem's postings: NUMBER, and its weight doubled (the gaps
        # between the briefings are made when the files are written, by `_values`).
        weighted = self._weights.values()
        pairs = zip(repeat(number), map(operator.add, weighted, weighted))
        deque(map(list.extend, self._weights, pairs), 0)
        for posting in self._marked:  # the value's low bit
            posting[-1] |= 1
        self._weights = Counter()
        self._marked = []
        self._last = max(self._last, number)

    def sizes(self) -> list[int]:
        return [len(posting) // 2 for posting in self._postings]

    def postings(self, stem: int) -> list[int]:
        return list(self._postings[stem])

    def json(self, group: Sequence[tuple[str, int]]) -> bytes:
        if len(self._numerals) <= self._last:
            # Doc numbers and their gaps are below the briefings' count; doubled counts
            # are mostly small. A list: its `__getitem__` is called directly, a tuple's
            # through a slot wrapper that packs each index into a new tuple.
            self._numerals = list(map(str, range(max(self._last + 1, NUMERALS_FROM))))
        postings = {word: _values(self.postings(stem)) for word, stem in group}
        return _postings_json(postings, self._numerals)


try:
    from briefgen._wordcount import Tally
except ImportError:  # not compiled (no C compiler where briefgen was installed)
    Tally = _PyTally  # type: ignore[assignment, misc]


_SIGMA_UTF8 = "\u03a3".encode()
"""A capital sigma in UTF-8: its lower case depends on the letters around it."""


def _utf8(text: str) -> bytes:
    """TEXT as UTF-8 for `Tally.count`, which lower-cases it chunk by chunk.

    Lower case is context-free but for a capital sigma (final or not by the letters
    around it, across an apostrophe or a full stop): a text holding one is put in lower
    case whole first.
    """
    if "\u03a3" in text:
        text = text.lower()
    return text.encode("utf-8", "surrogatepass")


def _markup_words(data: bytes) -> bytes | None:
    """DATA, markdown-it's HTML as UTF-8, with its tags and its four entities (`&quot;`,
    `&amp;`, `&lt;`, `&gt;`) made spaces, as the characters they stand for separate words
    too: the words of its `plain_text`. None when it holds any other `&` (then its
    `plain_text` is counted instead). `Tally.count(…, html=True)` in Python."""
    if b"&" in data and _OTHER_AMPERSAND.search(data):
        return None
    stripped = _BYTES_TAG.sub(b" ", data)
    return _BYTES_ENTITY.sub(b" ", stripped) if b"&" in stripped else stripped


def _escaped_utf8(text: str) -> bytes:
    """TEXT (plain) as UTF-8 HTML that `_markup_words` reads back as the same words."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .encode("utf-8", "surrogatepass")
    )


def _has_sigma(summary: str, names: str, body: bytes) -> bool:
    return "\u03a3" in summary or "\u03a3" in names or (not body.isascii() and _SIGMA_UTF8 in body)


def plain_text(body_html: str) -> str:
    """The text of BODY_HTML (markdown-it output: tags and entities only)."""
    return html.unescape(_TAG.sub(" ", body_html))


def bucket_of(key: str, buckets: int) -> int:
    """FNV-1a (32 bits) of KEY's UTF-8 bytes, modulo BUCKETS; the browser computes it too."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % buckets


def build_index(articles: Iterable[Article], taxonomies: Sequence[str]) -> dict[str, bytes]:
    """The index files (site path → bytes) for ARTICLES; empty when there are none."""
    docs = sorted(articles, key=lambda a: (-a.date.toordinal(), a.url_path))
    if not docs:
        return {}
    stems = _Stems()
    tally = Tally(stems.resolve)
    lengths: list[int] = []
    filters: dict[str, dict[str, list[int]]] = {name: {} for name in (*taxonomies, "year")}
    labels: dict[str, str] = {}  # tag → its topic's name, as pages show it
    for number, article in enumerate(docs):
        named = [(taxonomy, article.names(taxonomy)) for taxonomy in taxonomies]
        names = " ".join(name for _, found in named for name in found)
        # Summary, names and body weigh 1 each: one pass over them, as HTML (a space
        # between them ends a word as the end of a field does).
        body = article.body  # UTF-8: decoded only for a body with headings
        summary = article.summary
        length = -1
        # A capital sigma's lower case depends on its neighbours (see `_utf8`).
        if not _has_sigma(summary, names, body):
            text = b" ".join((_escaped_utf8(summary), _escaped_utf8(names), body))
            length = tally.count(text, 1, html=True)
        if length < 0:  # a sigma, or an entity markdown-it never writes
            plain = plain_text(article.body_html)
            length = tally.count(b" ".join(map(_utf8, (summary, names, plain))), 1)
        # The value's low bit: the word is in the title.
        length += tally.count(_utf8(article.title), TITLE_WEIGHT, mark=True)
        lengths.append(length)  # a subheading's words are counted in the body
        if b"<h" in body:
            headings = plain_text(" ".join(_HEADING.findall(article.body_html)))
            tally.count(_utf8(headings), HEADING_WEIGHT)
        tally.flush(number)
        for taxonomy, found in named:
            values = filters[taxonomy]
            for name in found:
                if taxonomy == "tags":
                    name = labels.get(name) or labels.setdefault(name, topic_label(name))
                numbers = values.setdefault(name, [])
                if not numbers or numbers[-1] != number:  # two tags may read alike
                    numbers.append(number)
        filters["year"].setdefault(str(article.date.year), []).append(number)

    files: dict[str, bytes] = {}
    sizes = {word: size for word, size in zip(stems.names, tally.sizes(), strict=True) if size}
    buckets = max(1, min(MAX_BUCKETS, sum(sizes.values()) // POSTINGS_PER_BUCKET))
    keys, split = _split_keys(sizes)
    bucket = {key: bucket_of(key, buckets) for key in set(keys.values())}
    grouped: list[list[tuple[str, int]]] = [[] for _ in range(buckets)]
    for word in sizes:
        grouped[bucket[keys[word]]].append((word, stems.numbers[word]))
    for number, group in enumerate(grouped):
        group.sort()
        files[f"{INDEX_DIR}words/{number}.json"] = _words_json(tally, group)
    for start in range(0, len(docs), DOCS_PER_FILE):
        batch = docs[start : start + DOCS_PER_FILE]
        rows = [[a.url_path, a.title, a.date.isoformat()] for a in batch]
        files[f"{INDEX_DIR}docs/{start // DOCS_PER_FILE}.json"] = _json(rows)
    filter_meta: dict[str, list[list[object]]] = {}
    chunk: dict[str, dict[str, list[int]]] = {}
    chunk_size = 0
    chunk_number = 0

    def flush() -> None:
        nonlocal chunk, chunk_size, chunk_number
        if chunk:
            files[f"{INDEX_DIR}filters/{chunk_number}.json"] = _json(chunk)
            chunk_number += 1
        chunk, chunk_size = {}, 0

    for name, values in filters.items():
        entries: list[list[object]] = []
        for value in sorted(values, key=lambda v: v.encode("utf-8")):
            ids = values[value]
            if chunk_size and chunk_size + len(ids) > IDS_PER_FILTER_FILE:
                flush()
            chunk.setdefault(name, {})[value] = ids
            chunk_size += len(ids)
            entries.append([value, len(ids), chunk_number])
        filter_meta[name] = entries
    flush()
    meta = {
        "format": FORMAT,
        "docs": len(docs),
        "docs_per_file": DOCS_PER_FILE,
        "buckets": buckets,
        "key_length": KEY_LENGTH,
        "split": split,
        "lengths": lengths,
        "filters": filter_meta,
    }
    files[f"{INDEX_DIR}meta.json"] = _json(meta)
    return dict(sorted(files.items()))


def _split_keys(sizes: dict[str, int]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The key of each stem, and the keys split into longer ones (key → its child keys).

    SIZES gives each stem's number of postings. A stem's key is its first KEY_LENGTH
    characters, unless the stems under that key hold more than POSTINGS_PER_BUCKET
    postings: then the key is split, and the stems longer than it are keyed by one more
    character, and so on. A stem no longer than a split key keeps it as its key. The
    browser finds a word's key by walking `split` the same way (`index_key`), and a
    word's extensions under the keys below it.
    """
    keys: dict[str, str] = {}
    split: dict[str, list[str]] = {}
    groups: dict[str, list[str]] = {}
    for word in sizes:
        groups.setdefault(word[:KEY_LENGTH], []).append(word)
    while groups:
        key, words = groups.popitem()
        size = sum(map(sizes.__getitem__, words))
        longer = [word for word in words if len(word) > len(key)]
        if size <= POSTINGS_PER_BUCKET or not longer:
            keys.update(dict.fromkeys(words, key))
            continue
        keys.update((word, key) for word in words if len(word) == len(key))
        children: dict[str, list[str]] = {}
        for word in longer:
            children.setdefault(word[: len(key) + 1], []).append(word)
        split[key] = sorted(children)
        groups.update(children)
    return keys, dict(sorted(split.items()))


def index_key(word: str, split: Mapping[str, Sequence[str]]) -> str:
    """The key WORD (a stem) is filed under, given the split keys (see `_split_keys`)."""
    key = word[:KEY_LENGTH]
    while key in split and len(word) > len(key):
        key = word[: len(key) + 1]
    return key


def _words_json(tally: Tally, group: Sequence[tuple[str, int]]) -> bytes:
    """The `words/` file of GROUP, (stem, its number) in the order of the stems: written
    by TALLY, or by `_json` where a stem would need escaping (none does: a stem is
    letters and digits)."""
    try:
        return tally.json(group)
    except ValueError:
        return _json({word: _values(tally.postings(stem)) for word, stem in group})


def _values(posting: list[int]) -> list[int]:
    """POSTING, [doc, value, doc, value …], as the index holds it, changed in place: each
    doc number but the first given as a gap (the values are doubled weighted counts when
    they are appended; the caller adds the title bit)."""
    numbers = posting[0::2]
    # operator's functions, not int's slot wrappers: mapped over every posting, they are
    # called about twice as fast.
    posting[2::2] = map(operator.sub, islice(numbers, 1, None), numbers)
    return posting


NUMERALS_FROM = 4096
"""The least number of integers whose decimal text `_postings_json` is given as a table."""
_PLAIN_KEY = re.compile(r'[^"\\\x00-\x1f]*')
"""Text `_json` writes between quotes as it is."""


def _postings_json(group: Mapping[str, list[int]], numerals: Sequence[str]) -> bytes:
    """`_json(GROUP)` (stem → postings) with the same bytes, in about half the time.

    A `words/` file is most of the index's bytes: millions of small integers, written
    here from NUMERALS, the decimal text of 0, 1, 2 …, instead of one `int.__repr__` call
    each. The integers are never negative (gaps between ascending numbers, doubled
    counts); a group with one past the table, or with a stem `_json` would escape (none:
    a stem is letters and digits), goes to `_json`.
    """
    keys = sorted(group)
    if not _PLAIN_KEY.fullmatch("".join(keys)):
        return _json(group)
    numeral = numerals.__getitem__
    try:
        parts = [f'"{key}":[{",".join(map(numeral, group[key]))}]' for key in keys]
    except IndexError:
        return _json(group)
    return ("{" + ",".join(parts) + "}").encode()


def _json(value: object) -> bytes:
    return json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, check_circular=False
    ).encode()
