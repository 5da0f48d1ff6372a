"""The builtin index is a published format (static/search-engine.js reads it): its bytes
for a fixed input are pinned, so a change to how it is made cannot change what it is."""

from __future__ import annotations

import json

from searchindex_support import EXPECTED, TAXONOMIES, digests, large_site, small_site

from briefgen.searchindex import build_index


def _expected() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data


def test_the_small_sites_index_is_the_pinned_bytes_file_by_file() -> None:
    files = build_index(small_site(), TAXONOMIES)
    expected = _expected()["small"]
    assert sorted(files) == sorted(expected)
    for path, data in files.items():
        assert data.decode("utf-8") == expected[path], path


def test_the_large_sites_index_is_the_pinned_bytes() -> None:
    files = build_index(large_site(), TAXONOMIES)
    meta = json.loads(files["search/index/meta.json"])
    assert meta["buckets"] > 10 and "term" in meta["split"]  # the site reaches those paths
    assert digests(files) == _expected()["large"]


def test_the_pinned_index_does_not_depend_on_the_order_of_the_articles() -> None:
    articles = small_site()
    assert build_index(articles[::-1], TAXONOMIES) == build_index(articles, TAXONOMIES)
