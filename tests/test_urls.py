"""Slug rules: ASCII, lowercase, hyphenated, short, unique, and never a path."""

from __future__ import annotations

import pytest

from briefgen.urls import feed_url_path, site_prefix, slugify, unique_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Belarus leader visits Russia", "belarus-leader-visits-russia"),
        ("Zürich & São Paulo: Ökonomie", "zurich-and-sao-paulo-okonomie"),
        ("Путин встретился с Лукашенко", "putin-vstretilsya-s-lukashenko"),
        ("  --Hello,   World!--  ", "hello-world"),
        ("Ukraine's president, O’Leary's airline", "ukraines-president-olearys-airline"),
        ("../../etc/passwd", "etc-passwd"),
        ("a\\b/c..d", "a-b-c-d"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slug_is_at_most_60_chars_and_cut_at_a_word() -> None:
    slug = slugify("International observers question the result of the presidential vote again")
    assert len(slug) <= 60
    assert slug == "international-observers-question-the-result-of-the"


def test_any_script_is_transliterated() -> None:
    assert slugify("東京の会議") == "dongjingnohuiyi"
    assert slugify("東京の会議") != slugify("大阪の会議")


def test_unfoldable_title_gets_a_stable_slug() -> None:
    assert slugify("🙂🙂") == slugify("🙂🙂")
    assert slugify("🙂🙂").startswith("item-")
    assert slugify("🙂🙂") != slugify("🙃")


@pytest.mark.parametrize("text", ["..", "/", "\\", "a/../b", ".hidden", "", "   "])
def test_slug_never_holds_path_parts(text: str) -> None:
    slug = slugify(text)
    assert "/" not in slug and "\\" not in slug and ".." not in slug and slug


def test_unique_slug_adds_deterministic_suffix() -> None:
    taken = {"belarus-talks"}
    first = unique_slug("belarus-talks", taken, "seeds/a.txt")
    assert first != "belarus-talks" and first.startswith("belarus-talks-")
    assert first == unique_slug("belarus-talks", taken, "seeds/a.txt")
    assert first != unique_slug("belarus-talks", taken, "seeds/b.txt")
    assert len(unique_slug("x" * 60, {"x" * 60}, "k")) <= 60


@pytest.mark.parametrize(
    ("base_url", "prefix"),
    [
        ("", "/"),
        ("https://example.org", "/"),
        ("https://example.org/briefings", "/briefings/"),
        ("https://example.org/a//b/", "/a/b/"),
        ("/briefings", "/briefings/"),
    ],
)
def test_site_prefix_is_the_folder_the_site_lives_in(base_url: str, prefix: str) -> None:
    """One rule for serve's mount point and the 404 page's links."""
    assert site_prefix(base_url) == prefix


def test_feed_url_path_sits_beside_its_list() -> None:
    assert feed_url_path("actors/maria-lopez/") == "actors/maria-lopez/feed.xml"
    assert feed_url_path("") == "feed.xml"
