"""Unit tests of briefgen.cache: keys, JSON forms, stamps and the site manifest."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import shutil
import time
import types
from pathlib import Path

import pytest
from site_support import FIXTURE_PROJECT

from briefgen import cache
from briefgen.config import load_config
from briefgen.model import Article, Place
from briefgen.output import output_digest


def article(**changes: object) -> Article:
    values: dict[str, object] = dict(
        content_path=Path("/p/content/2020/a.md"),
        key="2020/a.md",
        title="A title",
        date=datetime.date(2020, 9, 14),
        slug="a",
        url_path="2020/09/14/a/",
        url_line=3,
        summary="Lead.",
        terms=(("actors", ("Ann", "Bo")), ("locations", ()), ("tags", ("x",))),
        places=(Place("Minsk", "BY", 53.9, 27.57, "city"), Place("Sea", "", None, None, "water")),
        source="https://example.org/a",
        draft=False,
        body_html="<p>Body &amp; more</p>\n",
        extra=types.MappingProxyType(
            {
                "mood": "calm",
                "when": datetime.date(2020, 1, 2),
                "at": datetime.datetime(2020, 1, 2, 3, 4, 5),
                "nested": {"list": [1, 2.5, None, True], "map": {"k": "v"}},
                "numbers": {1: "one", 2: "two"},
                "looks_like_a_tag": {"$": "date", "v": "2020-01-01"},
            }
        ),
        seed="seeds/a.txt",
        outlet="Wire",
        license="CC BY 2.5",
        dateline="Minsk",
    )
    values.update(changes)
    return Article(**values)  # type: ignore[arg-type]


def test_an_article_survives_json_with_every_kind_of_front_matter_value() -> None:
    original = article()
    encoded = cache.encode_article(original)
    assert encoded is not None
    moved = Path("/elsewhere/content/2020/a.md")
    back = cache.decode_article(json.loads(json.dumps(encoded)), moved, original.key)
    assert back == dataclasses.replace(original, content_path=moved)
    assert isinstance(back.extra, types.MappingProxyType)
    assert back.extra["numbers"] == {1: "one", 2: "two"}
    assert back.extra["looks_like_a_tag"] == {"$": "date", "v": "2020-01-01"}
    assert isinstance(back.places[0], Place) and isinstance(back.terms, tuple)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), {1, 2}, b"bytes", object()])
def test_a_value_json_cannot_hold_leaves_the_article_uncached(value: object) -> None:
    assert cache.encode_article(article(extra=types.MappingProxyType({"odd": value}))) is None


def test_an_article_with_a_missing_or_unknown_field_is_refused() -> None:
    encoded = cache.encode_article(article())
    assert encoded is not None
    with pytest.raises(KeyError):
        cache.decode_article({k: v for k, v in encoded.items() if k != "title"}, Path("a"), "a")
    with pytest.raises(KeyError):
        cache.decode_article({**encoded, "colour": "red"}, Path("a"), "a")
    with pytest.raises(ValueError):
        cache.decode_article({**encoded, "date": {"$": "pickle", "v": ""}}, Path("a"), "a")


def _index() -> cache.Index:
    return cache.Index(
        key=cache.CacheKey("r" * 64, "s" * 64),
        generations=("abcd", *[""] * (cache.SHARDS - 1)),
        sources=types.MappingProxyType(
            {"2020/a.md": cache.SourceEntry(cache.Stamp(1, 2, 3), "f" * 64, True)}
        ),
        manifest=cache.Manifest(
            (5, 6),
            types.MappingProxyType({"index.html": ("d" * 40, 10, 11, 12)}),
            types.MappingProxyType({"": (13, 14, True)}),
        ),
        summary=cache.Summary(1, 2, 3, 4, ("a warning",), "search is off"),
    )


def test_the_index_survives_json() -> None:
    index = _index()
    data = json.loads(json.dumps(cache.encode_index(index)))
    back = cache.decode_index(data)
    assert back.key == index.key and back.generations == index.generations
    assert dict(back.sources) == dict(index.sources)
    assert back.manifest is not None and index.manifest is not None
    # Stamps come back as the lists JSON gives (compared as they are used: by item).
    assert {k: tuple(v) for k, v in back.manifest.files.items()} == dict(index.manifest.files)
    assert {k: tuple(v) for k, v in back.manifest.folders.items()} == dict(index.manifest.folders)
    assert back.manifest.folder == index.manifest.folder
    assert back.summary == index.summary


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(format=cache.FORMAT + 1),
        lambda d: d.pop("key"),
        lambda d: d["sources"]["2020/a.md"].__setitem__(0, "1"),
        lambda d: d["sources"]["2020/a.md"].__setitem__(0, True),
        lambda d: d["sources"].update({"b": [1, 2]}),
        lambda d: d["manifest"].update(folder=[1]),
        lambda d: d["manifest"].pop("folders"),
        lambda d: d["manifest"].update(folders={}),
        lambda d: d["summary"].update(pages="many"),
        lambda d: d.update(generations=None),
        lambda d: d.update(generations=["abcd"]),
    ],
)
def test_a_damaged_index_is_refused(damage: object, tmp_path: Path) -> None:
    data = json.loads(json.dumps(cache.encode_index(_index())))
    damage(data)  # type: ignore[operator]
    with pytest.raises((ValueError, TypeError, KeyError, AttributeError)):
        cache.decode_index(data)
    path = tmp_path / "index.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cache.load_index(path) is None


@pytest.mark.parametrize("data", [b"", b"\xff\xfe", b"[1, 2]", b"null", b'{"format": 1'])
def test_load_index_of_garbage_is_none(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "index.json"
    path.write_bytes(data)
    assert cache.load_index(path) is None
    assert cache.load_index(tmp_path / "missing.json") is None


# --- keys ----------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root, ignore=shutil.ignore_patterns(".briefgen"))
    theme = root / "themes" / "plain"
    (theme / "templates").mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    with (root / "briefgen.yaml").open("a", encoding="utf-8") as handle:
        handle.write("theme: plain\n")
    return root


def test_the_key_follows_theme_config_and_drafts(project: Path) -> None:
    key = cache.make_key(load_config(project), drafts=False)
    assert cache.make_key(load_config(project), drafts=False) == key
    drafts = cache.make_key(load_config(project), drafts=True)
    assert drafts.read == key.read and drafts.site != key.site
    other_url = cache.make_key(load_config(project, {"base_url": "https://x.org/"}), drafts=False)
    assert other_url.read == key.read and other_url.site != key.site
    (project / "themes" / "plain" / "templates" / "base.html").write_text("x", encoding="utf-8")
    themed = cache.make_key(load_config(project), drafts=False)
    assert themed.read == key.read and themed.site != key.site
    with (project / "briefgen.yaml").open("a", encoding="utf-8") as handle:
        handle.write("taxonomies: [actors, tags]\n")
    fewer = cache.make_key(load_config(project), drafts=False)
    assert fewer.read != key.read  # articles hold one entry per taxonomy


def test_the_key_follows_the_parent_theme_of_a_project_theme(project: Path) -> None:
    """A project theme that extends a project copy of default: both are hashed."""
    shutil.copytree(cache.PACKAGE_DIR / "themes" / "default", project / "themes" / "default")
    key = cache.make_key(load_config(project), drafts=False)
    css = next((project / "themes" / "default" / "static").rglob("*.css"))
    css.write_text(css.read_text(encoding="utf-8") + "\n/* x */\n", encoding="utf-8")
    assert cache.make_key(load_config(project), drafts=False).site != key.site


def test_an_edited_package_file_is_new_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package = tmp_path / "briefgen"
    package.mkdir()
    (package / "render.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    before = cache._package_stamps()
    os.utime(package / "render.py", (time.time() + 5, time.time() + 5))
    assert cache._package_stamps() != before


def test_an_unloadable_theme_turns_the_cache_off(project: Path) -> None:
    config = load_config(project, {"theme": "missing"})
    built = cache.open_cache(config, drafts=False)
    assert not built.enabled
    assert built.unchanged((), config.output_dir) is None


# --- the site manifest ---------------------------------------------------------------


def test_site_matches_only_the_exact_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    files = {"index.html": b"<p>home</p>", "a/b/index.html": b"<p>b</p>", "feed.xml": b"<feed/>"}
    for relative, data in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_bytes(data)
    (site / ".git").mkdir()  # a dot entry is not the site's
    (site / ".nojekyll").write_text("", encoding="utf-8")
    manifest = cache.make_manifest(site, {p: output_digest(b) for p, b in files.items()})
    assert manifest is not None
    assert manifest.files["feed.xml"][0] == output_digest(b"<feed/>")
    assert cache.site_matches(site, manifest)

    (site / "stray.html").write_text("x", encoding="utf-8")
    assert not cache.site_matches(site, manifest)
    (site / "stray.html").unlink()
    # A folder's stamp says only that its names changed, not that they changed back: the
    # next build records the folder again (and writes nothing).
    assert not cache.site_matches(site, manifest)
    manifest = cache.make_manifest(site, {p: output_digest(b) for p, b in files.items()})
    assert manifest is not None and cache.site_matches(site, manifest)

    (site / "a" / "empty").mkdir()
    assert not cache.site_matches(site, manifest)
    manifest = cache.make_manifest(site, {p: output_digest(b) for p, b in files.items()})
    assert manifest is not None and cache.site_matches(site, manifest)  # it holds no page

    (site / "feed.xml").write_bytes(b"<feed>")  # same size? no: one byte shorter
    assert not cache.site_matches(site, manifest)
    (site / "feed.xml").write_bytes(b"<feed/>")
    assert not cache.site_matches(site, manifest)  # same bytes, new mtime: not proven
    manifest = cache.make_manifest(site, {p: output_digest(b) for p, b in files.items()})
    assert manifest is not None and cache.site_matches(site, manifest)

    (site / "index.html").unlink()
    assert not cache.site_matches(site, manifest)
    (site / "index.html").symlink_to(site / "feed.xml")
    assert not cache.site_matches(site, manifest)


def test_a_replaced_site_folder_is_another_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_bytes(b"x")
    manifest = cache.make_manifest(site, {"index.html": output_digest(b"x")})
    assert manifest is not None
    shutil.copytree(site, tmp_path / "copy", copy_function=os.link)  # same file inodes
    shutil.rmtree(site)
    (tmp_path / "copy").rename(site)
    assert not cache.site_matches(site, manifest)
    assert cache.make_manifest(tmp_path / "missing", {}) is None


# --- the read hook -------------------------------------------------------------------


def test_read_parses_new_files_and_reuses_the_rest(project: Path) -> None:
    from briefgen.content import find_content, read_article

    config = load_config(project)
    hour_ago = time.time() - 3600
    for path in find_content(config.content_dir):
        os.utime(path, (hour_ago, hour_ago))
    calls: list[Path] = []

    def reader(path: Path, raw: bytes | None) -> Article:
        calls.append(path)
        return read_article(
            path, content_dir=config.content_dir, taxonomies=config.taxonomies, raw=raw
        )

    first = cache.open_cache(config, drafts=False)
    paths = find_content(config.content_dir)
    articles = [first.read(p, reader) for p in paths]
    assert (first.parsed, first.hashed, first.reused) == (len(paths), 0, 0)
    first.save(config.output_dir, {}, cache.Summary(0, 0, 0, 0, (), ""))

    calls.clear()
    second = cache.open_cache(config, drafts=False)
    assert [second.read(p, reader) for p in paths] == articles
    assert calls == [] and second.reused == len(paths)

    os.utime(paths[0], (hour_ago + 1, hour_ago + 1))  # touched: hashed, not parsed
    third = cache.open_cache(config, drafts=False)
    assert [third.read(p, reader) for p in paths] == articles
    assert calls == [] and (third.hashed, third.reused) == (1, len(paths) - 1)

    fresh = cache.open_cache(config, drafts=False, fresh=True)
    assert [fresh.read(p, reader) for p in paths] == articles
    assert calls == list(paths)
