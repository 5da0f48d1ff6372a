"""The index's word counting against the plain definition it speeds up.

A field's words are `_WORD.findall(text.lower())`, each folded and stemmed; the index
counts them with byte translations and a per-build cache instead. These tests hold the
fast way to the plain one on generated text that mixes every awkward case, on the
Wikinews corpus (read at run time from ../shared), and over a whole index.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from conftest import SHARED_DIR, require
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from searchindex_support import TAXONOMIES, article, large_site, small_site

from briefgen.content import render_markdown
from briefgen.model import Article
from briefgen.searchindex import (
    _HEADING,
    _WORD,
    INDEX_DIR,
    _body_utf8,
    _json,
    _Posting,
    _postings_json,
    _Words,
    build_index,
    fold,
    plain_text,
    stem,
)

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


def _by_stem(words: _Words, counted: tuple[Counter[_Posting], int]) -> tuple[Counter[str], int]:
    """COUNTED (keyed by the postings of each stem, as WORDS counts) keyed by the stems."""
    stem_of = {id(posting): word for word, posting in words.postings.items()}
    counts, length = counted
    assert len(set(map(id, counts))) == len(counts)  # one key for each stem
    return Counter({stem_of[id(posting)]: times for posting, times in counts.items()}), length


def _count(words: _Words, text: str) -> tuple[Counter[str], int]:
    return _by_stem(words, words.count(text))


@given(st.lists(TEXT, min_size=1, max_size=5))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_counting_words_matches_the_plain_definition(texts: list[str]) -> None:
    words = _Words()  # shared across the texts, as across a build's briefings
    for text in texts:
        assert _count(words, text) == _plain_count(text), text


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
def test_counting_the_awkward_cases(text: str) -> None:
    assert _count(_Words(), text) == _plain_count(text)


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
def test_a_bodys_words_are_those_of_its_plain_text(body: str) -> None:
    words = _Words()
    assert _by_stem(
        words, words.count_utf8(_body_utf8(body.encode("utf-8", "surrogatepass")))
    ) == _plain_count(plain_text(body))


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


def test_counting_matches_on_the_wikinews_corpus() -> None:
    words = _Words()
    for row in _corpus():
        for text in (row["title"], row["text"], plain_text(render_markdown(row["text"]))):
            assert _count(words, text) == _plain_count(text), row["id"]


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


@pytest.mark.parametrize("site", ["small", "large", "wikinews"])
def test_the_index_holds_the_plainly_counted_postings_and_lengths(site: str) -> None:
    if site == "small":
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
