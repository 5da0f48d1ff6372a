"""The index's word counting against the plain definition it speeds up.

A field's words are `_WORD.findall(text.lower())`, each folded and stemmed; the index
counts them by chunks between ASCII separators and a per-build cache instead, in C
(`briefgen._wordcount.Tally`) or, where that was not compiled, in Python (`_PyTally`).
These tests hold both to the plain way on generated text that mixes every awkward case,
on the Wikinews corpus (read at run time from ../shared), and over a whole index, and the
two to each other on random weights and marks.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED_DIR, require
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from searchindex_support import TAXONOMIES, article, large_site, small_site

from briefgen import searchindex
from briefgen.content import render_markdown
from briefgen.model import Article
from briefgen.searchindex import (
    _HEADING,
    _WORD,
    INDEX_DIR,
    _json,
    _postings_json,
    _PyTally,
    _Stems,
    _utf8,
    build_index,
    fold,
    plain_text,
    stem,
)

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("c", "python")
"""The two ways of counting: `briefgen._wordcount.Tally` and `_PyTally`."""


def _compiled() -> Any:
    try:
        from briefgen._wordcount import Tally
    except ImportError:
        return None
    return Tally


def _tally_class(kind: str) -> Callable[..., Any]:
    """The Tally of KIND; "c" needs the extension, which `pip install -e .` compiles."""
    if kind == "python":
        return _PyTally
    compiled = _compiled()
    require(
        compiled is not None,
        "briefgen._wordcount (the C word counting `pip install -e .` compiles where gcc "
        "and the Python headers are)",
    )
    return compiled


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test using it runs with each Tally as the index's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchindex, "Tally", _tally_class(request.param))
        yield request.param


class _Counter:
    """Counts texts one briefing each, as the index does, and reads back the stems'
    counts from the postings."""

    def __init__(self, kind: str) -> None:
        self.stems = _Stems()
        self.tally = _tally_class(kind)(self.stems.resolve)
        self.number = 0

    def count(self, text: str) -> tuple[Counter[str], int]:
        return self.count_utf8(_utf8(text))

    def count_utf8(self, data: bytes, html: bool = False) -> tuple[Counter[str], int]:
        length = self.tally.count(data, 1, html=html)
        if length < 0:
            return Counter(), length
        self.tally.flush(self.number)
        found: Counter[str] = Counter()
        for number, name in enumerate(self.stems.names):
            posting = self.tally.postings(number)
            if posting and posting[-2] == self.number:
                found[name] = posting[-1] // 2
        self.number += 1
        return found, length


CORPUS = SHARED_DIR / "corpora" / "wikinews" / "articles.jsonl"
# Characters where a shortcut could go wrong: capital sigma (final or not by its
# neighbours, across an apostrophe or a full stop), letters that lower-case to ASCII or
# to two characters, combining marks, joiners, Unicode spaces, ligatures, full-width and
# other digits, underscores, quotes, a lone surrogate.
AWKWARD = (
    "ΣσςΑΒΌ ΛΟΓΟΣ İıKÅßẞǅﬁﬂＡａ１\u0301\u0307\u200d\u200c\u00a0\u0085\u2028\u3000\u00ad"
    "’‘“”«»—–_'.:;,!?-&<>\"\t\n\r\x0b\x0c\x1c\x1f"
    "ÉéÜüÖöçñøæ東京서울नईदिल्लीالعربيةΩω½²٣३🙂👍🏽\ud800"
)
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(AWKWARD),
        st.sampled_from("abcXYZ019 "),
        st.characters(codec=None),
    ),
    max_size=60,
)


def _plain_count(text: str) -> tuple[Counter[str], int]:
    words = _WORD.findall(text.lower())
    return Counter(stem(fold(word)) for word in words), len(words)


@pytest.mark.parametrize("kind", KINDS)
@given(st.lists(TEXT, min_size=1, max_size=5))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_counting_words_matches_the_plain_definition(kind: str, texts: list[str]) -> None:
    counter = _Counter(kind)  # shared across the texts, as across a build's briefings
    for text in texts:
        assert counter.count(text) == _plain_count(text), text


@pytest.mark.parametrize(
    "text",
    [
        "ΑΣ.Β ΑΣ'Α ΑΣ Β ΛΟΓΟΣ.ΚΑΙ ΌΣΟΣ",  # sigma: final or not by what follows a full stop
        "İstanbul Kelvin straße STRASSE ﬁnance Ｆｕｌｌ",
        "l’État d’Ivoire don't rock'n'roll",
        "snake_case __dunder__ a_b_c é_é",
        "e\u0301 x\u200dy soft\u00adhyphen nel\u0085here",
        "",
        "   ",
        "\ud800lone surrogate",
    ],
)
@pytest.mark.parametrize("kind", KINDS)
def test_counting_the_awkward_cases(kind: str, text: str) -> None:
    assert _Counter(kind).count(text) == _plain_count(text)


@pytest.mark.parametrize(
    "body",
    [
        "<p>Fish &amp; chips &quot;here&quot; &lt;b&gt;bold&lt;/b&gt;</p>",
        "<p>&amp;lt; &amp;quot;x&amp;quot; &amp;amp;</p>",  # escaped entities stay words
        "<p>caf&eacute; it&#39;s &#x41;BC &nbsp;x &ampx &copy2020 &unknown; &#0;</p>",
        "<p>&quot;caf&eacute;&quot; &amp;quot; &lt;x&gt; &amp;eacute;</p>",  # known and other
        "<p>a < b and c > d</p> <unclosed",  # text outside a tag's brackets is kept
        "<h2 id='σ'>ΛΟΓΟΣ.ΚΑΙ</h2><p>ΑΣ.Β</p>",
        "<p>Café — “quoted” l’État</p><pre><code>x = 1</code></pre>",
        "no tags at all",
        "",
    ],
)
@pytest.mark.parametrize("kind", KINDS)
def test_a_bodys_words_are_those_of_its_plain_text(kind: str, body: str) -> None:
    _the_words_of_the_markup(kind, body)


def _the_words_of_the_markup(kind: str, body: str) -> None:
    """BODY counted as HTML: the words of its plain text, or -1 (nothing counted) where an
    entity other than markdown-it's four is in it. A capital sigma is lower-cased by its
    neighbours, which the chunks do not see: the index counts such a body's plain text."""
    counted = _Counter(kind).count_utf8(body.encode("utf-8", "surrogatepass"), html=True)
    if re.search("&(?!(?:quot|amp|lt|gt);)", body):
        assert counted == (Counter(), -1)
    elif "\u03a3" not in body:
        assert counted == _plain_count(plain_text(body))


MARKUP = st.lists(
    st.one_of(
        st.sampled_from(["<p>", "</p>", "<h2 id='x'>", "</h2>", "<", ">", "&", ";"]),
        st.sampled_from(["&amp;", "&quot;", "&lt;", "&gt;", "&amp;lt;", "&eacute;", "&#39;"]),
        st.sampled_from(AWKWARD),
        st.sampled_from("abcXYZ019 "),
    ),
    max_size=40,
).map("".join)


@pytest.mark.parametrize("kind", KINDS)
@given(MARKUP)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_counting_markup_matches_its_plain_text(kind: str, body: str) -> None:
    _the_words_of_the_markup(kind, body)


@given(
    st.dictionaries(
        st.text(max_size=6),
        st.lists(st.integers(min_value=0, max_value=70), min_size=1, max_size=8),
        max_size=6,
    )
)
def test_postings_are_written_as_json_dumps_writes_them(group: dict[str, list[int]]) -> None:
    # A table of 64 numerals: larger integers, and stems json escapes, take json's way.
    assert _postings_json(group, tuple(map(str, range(64)))) == _json(group)


@pytest.mark.parametrize(
    "group",
    [
        {"vot": [0, 14, 3, 2], "election": [5, 3], "zurich": [63, 2]},
        {'a"b': [1, 2]},  # quoted by json: escaped
        {"tab\there": [1, 2], "x": [0, 2]},
        {"big": [64, 2]},  # past the table
        {},
    ],
)
def test_postings_json_falls_back_to_json_where_the_table_cannot_write(
    group: dict[str, list[int]],
) -> None:
    assert _postings_json(group, tuple(map(str, range(64)))) == _json(group)


def _corpus() -> list[dict[str, str]]:
    require(CORPUS.is_file(), f"{CORPUS} (../shared/corpora)")
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.mark.parametrize("kind", KINDS)
def test_counting_matches_on_the_wikinews_corpus(kind: str) -> None:
    counter = _Counter(kind)
    for row in _corpus():
        for text in (row["title"], row["text"], plain_text(render_markdown(row["text"]))):
            assert counter.count(text) == _plain_count(text), row["id"]


_ASCII_WORD = re.compile(r"[a-z]+")
_VOWEL = re.compile(r"[aeiouy]")
# The bench's generated briefings: Wikinews bodies, these title and summary words, and
# actor, place and topic names (bench/build.py).
BENCH_WORDS = (
    "council minister talks border vote protest court election budget storm harbour "
    "agreement sanctions inflation summit strike ceasefire report inquiry market energy "
    "ministers said on monday that the plan would go ahead despite objections from "
    "actor place topic person bench"
).split()


def _plain_stem(word: str) -> str:
    """`stem` as it was first written (and as the browser's reads): a regex and a chain
    of `endswith`. The faster `stem` must give the same stem for every word."""
    if len(word) <= 3 or not _ASCII_WORD.fullmatch(word):
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            if len(base) >= 3 and _VOWEL.search(base):
                word = base
                if word[-1] == word[-2] and word[-1] not in "aeiouylsz":
                    word = word[:-1]
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def test_stem_is_the_plain_definition_on_every_word_of_the_corpus_and_the_bench() -> None:
    vocabulary = set(BENCH_WORDS)
    for row in _corpus():
        for text in (row["title"], row["text"]):
            found = _WORD.findall(text.lower())
            vocabulary.update(found, map(fold, found))
    assert len(vocabulary) > 10_000
    differ = sorted(w for w in vocabulary if stem(w) != _plain_stem(w))
    assert not differ, differ[:20]


@given(st.text(alphabet=st.sampled_from("aeiouysdgnlrtzbAS\u210c1é"), max_size=9))
@settings(max_examples=1000, deadline=None)
def test_stem_is_the_plain_definition_on_letters_near_its_suffixes(word: str) -> None:
    assert stem(word) == _plain_stem(word)


@pytest.mark.parametrize(
    "word",
    ["ies", "aies", "ties", "sses", "asses", "bus", "bis", "abcs", "seed", "bled", "sing",
     "ooing", "rhythmed", "crwthed", "abbing", "Hello", "\u210cello", "caf\u00e9s", "x2ed",
     # a base of one letter three times: a vowel, or a consonant only (every letter a-z)
     *(letter * 3 + suffix for letter in "abcdefghijklmnopqrstuvwxyz" for suffix in ("ing", "ed"))],
)  # fmt: skip
def test_stem_is_the_plain_definition_at_its_edges(word: str) -> None:
    assert stem(word) == _plain_stem(word)


def _plain_postings(
    articles: list[Article],
) -> tuple[dict[str, list[tuple[int, int]]], list[int]]:
    """Stem → [(briefing number, value)] and the lengths, the plain way: every field's
    words repeated by its weight, as the index's first release counted them."""
    docs = sorted(articles, key=lambda a: (-a.date.toordinal(), a.url_path))
    postings: dict[str, list[tuple[int, int]]] = {}
    lengths = []
    for number, item in enumerate(docs):
        names = " ".join(n for taxonomy in TAXONOMIES for n in item.names(taxonomy))
        fields = (
            (item.title, 7),
            (plain_text(" ".join(_HEADING.findall(item.body_html))), 5),
            (item.summary, 1),
            (names, 1),
            (plain_text(item.body_html), 1),
        )
        tokens: list[str] = []
        length = 0
        for number_of_field, (text, weight) in enumerate(fields):
            found = _WORD.findall(text.lower())
            tokens += found * weight
            length += len(found) if number_of_field != 1 else 0
        lengths.append(length)
        in_title = {stem(fold(w)) for w in _WORD.findall(item.title.lower())}
        for word, count in Counter(stem(fold(w)) for w in tokens).items():
            postings.setdefault(word, []).append((number, 2 * count + (word in in_title)))
    return postings, lengths


def _index_postings(files: dict[str, bytes]) -> dict[str, list[tuple[int, int]]]:
    result = {}
    for path, data in files.items():
        if path.startswith(f"{INDEX_DIR}words/"):
            for word, flat in json.loads(data).items():
                docs = flat[0::2]
                for i in range(1, len(docs)):
                    docs[i] += docs[i - 1]
                result[word] = list(zip(docs, flat[1::2], strict=True))
    return result


AWKWARD_BRIEFINGS = [  # (summary, body HTML): each path of the index's counting
    ("Fish & chips <b>not a tag</b> a<b", "<p>Fish &amp; chips &lt;b&gt;</p>"),
    ("ΛΟΓΟΣ.ΚΑΙ in the summary", "<p>plain body</p>"),
    ("plain summary", "<h2 id='σ'>ΛΟΓΟΣ.ΚΑΙ</h2><p>ΑΣ.Β</p>"),
    ("caf&eacute; written out", "<p>caf&eacute; it&#39;s &amp;lt;</p>"),
    ("a < b > c", "<p>a &lt; b <em>and</em> c &gt; d</p> <unclosed"),
]


@pytest.mark.parametrize("site", ["small", "large", "wikinews", "awkward"])
def test_the_index_holds_the_plainly_counted_postings_and_lengths(kind: str, site: str) -> None:
    if site == "awkward":
        articles = [
            article(f"a{n}", "2020-01-02", f"Title {n} Σ & <b>", body, summary, ("Fish & Co",))
            for n, (summary, body) in enumerate(AWKWARD_BRIEFINGS)
        ]
    elif site == "small":
        articles = small_site()
    elif site == "large":
        articles = large_site()[:300]
    else:
        articles = [
            article(
                f"w{n}",
                row["date"],
                row["title"],
                render_markdown(row["text"]),
                row["text"][:200],
                actors=tuple(row["title"].split()[:3]),
            )
            for n, row in enumerate(_corpus())
        ]
    files = build_index(articles, TAXONOMIES)
    postings, lengths = _plain_postings(articles)
    assert _index_postings(files) == postings
    assert json.loads(files[f"{INDEX_DIR}meta.json"])["lengths"] == lengths


FIELDS = st.lists(st.tuples(TEXT, st.integers(min_value=1, max_value=9), st.booleans()), max_size=4)


@given(st.lists(FIELDS, min_size=1, max_size=6))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_two_tallies_give_the_same_postings(
    briefings: list[list[tuple[str, int, bool]]],
) -> None:
    made = []
    for kind in KINDS:
        stems = _Stems()
        tally = _tally_class(kind)(stems.resolve)
        lengths = []
        for number, fields in enumerate(briefings):
            lengths.append(
                [tally.count(_utf8(text), weight, mark) for text, weight, mark in fields]
            )
            tally.flush(number)
        group = sorted(zip(stems.names, range(len(stems.names)), strict=True))
        postings = [tally.postings(stem) for stem in range(len(stems.names))]
        made.append((stems.names, postings, tally.sizes(), lengths, tally.json(group)))
    assert made[0] == made[1]


def test_weights_and_the_mark_make_a_value() -> None:
    for kind in KINDS:
        stems = _Stems()
        tally = _tally_class(kind)(stems.resolve)
        assert tally.count(b"vote votes VOTED other", 1) == 4
        assert tally.count(b"Voting", 7, mark=True) == 1
        tally.flush(3)
        tally.flush(4)  # nothing counted: nothing appended
        assert tally.count(b"other", 1) == 1
        tally.flush(9)
        assert stems.names == ["vot", "other"]
        assert [tally.postings(0), tally.postings(1)] == [[3, 2 * (3 + 7) + 1], [3, 2, 9, 2]]
        assert tally.sizes() == [1, 2]
        # The words/ file: each briefing number after the first as the gap from the one before.
        assert tally.json([("other", 1), ("vot", 0)]) == b'{"other":[3,2,6,2],"vot":[3,21]}'
        assert tally.json([]) == b"{}", kind


def test_the_c_tally_passes_on_what_resolve_raises_and_refuses_bad_input() -> None:
    tally_class = _tally_class("c")
    stems = _Stems()

    def resolve(chunk: bytes) -> tuple[int, ...]:
        if chunk == b"boom":
            raise LookupError(chunk)
        if chunk == b"far":
            return (10**6,)
        if chunk == b"again":
            tally.count(b"x", 1)
        return stems.resolve(chunk)

    tally = tally_class(resolve)
    with pytest.raises(LookupError):
        tally.count(b"one boom", 1)
    with pytest.raises(IndexError):
        tally.count(b"far", 1)
    with pytest.raises(RuntimeError):
        tally.count(b"again", 1)
    for weight in (0, -1):
        with pytest.raises(ValueError):
            tally.count(b"one", weight)
    with pytest.raises(TypeError):
        tally.count("text", 1)
    tally.flush(0)
    # What was counted before each failure is appended once, and the tally goes on.
    assert tally.count(b"one two", 1) == 2
    tally.flush(1)
    one, two = stems.numbers["one"], stems.numbers["two"]
    assert tally.postings(one) == [0, 2, 1, 2] and tally.postings(two) == [1, 2]
    assert tally.count(b"one", 1) == 1
    with pytest.raises(ValueError):
        tally.flush(1)  # briefings come in ascending order
    assert tally.postings(one) == [0, 2, 1, 2]
    for number in (-1, 2**32):
        with pytest.raises(OverflowError):
            tally.flush(number)
    with pytest.raises(IndexError):
        tally.postings(len(stems.names))
    with pytest.raises(ValueError):  # a stem JSON would escape: the caller writes it
        tally.json([('a"b', one)])
    with pytest.raises(TypeError):
        tally.json([("one",)])
    never = tally_class.__new__(tally_class)  # never initialised
    for call in (lambda: never.count(b"x", 1), lambda: never.flush(0)):
        with pytest.raises(RuntimeError):
            call()


def _build_ext(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """setup.py's build of the C extension into TMP_PATH, with ENV added."""
    return subprocess.run(
        [sys.executable, "setup.py", "-q", "build_ext", "--build-lib", str(tmp_path / "lib"),
         "--build-temp", str(tmp_path / "temp")],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_c_extension_compiles_without_a_warning(tmp_path: Path) -> None:
    _tally_class("c")  # where it is required, gcc and the headers are
    done = _build_ext(tmp_path, CFLAGS="-Wall -Wextra -Werror")
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "lib").rglob("_wordcount*.so")), done.stderr


def test_an_install_without_a_c_compiler_goes_on_and_counts_in_python(tmp_path: Path) -> None:
    done = _build_ext(tmp_path, CC="false")
    assert done.returncode == 0, done.stderr
    assert 'building extension "briefgen._wordcount" failed' in done.stderr
    assert not list(tmp_path.rglob("*.so"))
    # Without the extension, the index counts in Python.
    script = (
        "import sys; sys.modules['briefgen._wordcount'] = None\n"
        "from briefgen import searchindex\n"
        "assert searchindex.Tally is searchindex._PyTally\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)
