"""read_article and the Markdown rules: validation, stable heading ids, safe output."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from briefgen.content import find_content, read_article, render_markdown
from briefgen.errors import ContentError, ErrorList, shown

TAXONOMIES = ("actors", "locations", "tags")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "content" / "2020" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _read(path: Path):  # type: ignore[no-untyped-def]
    return read_article(path, content_dir=path.parent.parent, taxonomies=TAXONOMIES)


def _errors(path: Path) -> list[str]:
    with pytest.raises((ErrorList, ContentError)) as info:
        _read(path)
    exc = info.value
    # Errors carry the file's path; shown() names it from the project, as cli and serve do.
    project = path.parent.parent.parent
    return [shown(e, project) for e in (exc.errors if isinstance(exc, ErrorList) else [exc])]


def test_full_article(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "belarus.md",
        "---\n"
        "title: Belarus  leader visits Russia\n"
        "date: 2020-09-14\n"
        "summary: A lead.\n"
        "actors: [Vladimir Putin, ' Vladimir  Putin', NATO]\n"
        "locations: [Minsk]\n"
        "places:\n  Minsk: {country: by, lat: 53.9, lon: 27.56667}\n"
        "source: seeds/000.txt\n"
        "mood: tense\n"
        "---\n\nBody text.\n",
    )
    article = _read(path)
    assert article.title == "Belarus leader visits Russia"
    assert article.date == datetime.date(2020, 9, 14)
    assert article.url_path == "2020/09/14/belarus/"
    assert article.key == "2020/belarus.md"
    assert article.names("actors") == ("Vladimir Putin", "NATO")
    assert article.names("tags") == ()
    assert article.country("Minsk") == "BY" and article.places[0].latitude == 53.9
    assert dict(article.extra) == {"mood": "tense"}
    assert article.body_html == "<p>Body text.</p>\n"
    assert not article.draft


@pytest.mark.parametrize(
    "value",
    ["2020-09-14T23:30:00-05:00", "2020-09-14 23:30:00+09:00", "'2020-09-14 23:59'", "2020-09-14"],
)
def test_a_calendar_date_stays_on_its_day(tmp_path: Path, value: str) -> None:
    path = _write(tmp_path, "late.md", f"---\ntitle: Late\ndate: {value}\n---\n")
    assert _read(path).date == datetime.date(2020, 9, 14)


def test_slug_key_and_file_name_rules(tmp_path: Path) -> None:
    good = _write(
        tmp_path, "Whatever Name.md", "---\ntitle: T\ndate: 2020-01-02\nslug: my-story\n---\n"
    )
    assert _read(good).url_path == "2020/01/02/my-story/"
    bad = _write(tmp_path, "x.md", "---\ntitle: T\ndate: 2020-01-02\nslug: ../../etc\n---\n")
    assert _errors(bad) == [
        f"{bad.relative_to(tmp_path)}:4: 'slug' '../../etc' is not a valid slug "
        "(use lowercase letters, digits and single hyphens, e.g. 'etc')"
    ]
    spaced = _write(tmp_path, "Has Spaces_too.md", "---\ntitle: T\ndate: 2020-01-02\n---\n")
    assert _read(spaced).url_path == "2020/01/02/has-spaces-too/"


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "bad.md",
        "---\ntitle: [a, b]\ndate: someday\ntags: [ok, 3]\ndraft: maybe\nplaces: [Minsk]\n---\n",
    )
    shown = path.relative_to(tmp_path)
    assert _errors(path) == [
        f"{shown}:2: 'title' must be text, not a list (quote the value)",
        f"{shown}:3: 'date' 'someday' is not a date (write it as YYYY-MM-DD)",
        f"{shown}:5: 'draft' must be true or false",
        f"{shown}:4: 'tags' holds a number (3), not a string (quote it: \"3\")",
        f"{shown}:6: 'places' must be a mapping, not a list "
        "(write it as places: {Minsk: {country: BY, lat: 53.9, lon: 27.57}})",
    ]


def test_no_front_matter_and_not_utf8(tmp_path: Path) -> None:
    plain = _write(tmp_path, "plain.md", "Just text.\n")
    assert _errors(plain) == [
        f"{plain.relative_to(tmp_path)}:1: no front matter (start the file with a '---' "
        "line, then 'title:' and 'date:')"
    ]
    latin = tmp_path / "content" / "2020" / "latin.md"
    latin.write_bytes("---\ntitle: café\n---\n".encode("latin-1"))
    assert "is not UTF-8" in _errors(latin)[0]


def test_find_content_skips_underscore_and_hidden_files(tmp_path: Path) -> None:
    for name in ("2020/a.md", "2020/_notes.md", "_entities.yaml", ".hidden/b.md", "2020/c.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in find_content(tmp_path)] == ["2020/a.md"]


def test_raw_html_stays_text() -> None:
    html = render_markdown('<script>alert(1)</script>\n\nHi <img src=x onerror="y">\n')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_dangerous_link_schemes_are_not_links() -> None:
    html = render_markdown("[x](javascript:alert(1)) [y](data:text/html,hi)\n")
    assert "href" not in html


def test_heading_ids_are_stable_and_unique() -> None:
    body = "## Main\n\n## Café talks\n\n## Café talks\n\n### 2020!\n\n## Results\n"
    html = render_markdown(body)
    assert '<h2 id="main-2">Main</h2>' in html  # "main" is the theme's landmark
    assert '<h2 id="cafe-talks">' in html and '<h2 id="cafe-talks-2">' in html
    assert '<h3 id="2020">' in html and '<h2 id="results-2">' in html
    assert render_markdown(body) == html


def test_only_external_links_get_noopener() -> None:
    html = render_markdown("[a](https://example.com/) [b](../other/) [c](//cdn.example)\n")
    assert '<a href="https://example.com/" rel="noopener">a</a>' in html
    assert '<a href="../other/">b</a>' in html
    assert '<a href="//cdn.example" rel="noopener">c</a>' in html


def test_a_summary_that_opens_the_body_is_shown_once(tmp_path: Path) -> None:
    from briefgen.render import lead_repeated

    text = "---\ntitle: T\ndate: 2020-01-02\nsummary: It's a “lead” & more.\n---\n\n{body}\n"
    same = _write(tmp_path, "same.md", text.format(body="It's a “lead” & more. And then some."))
    other = _write(tmp_path, "other.md", text.format(body="Something else first."))
    assert lead_repeated(_read(same))
    assert not lead_repeated(_read(other))


def test_country_labels_skip_the_country_itself() -> None:
    from briefgen.render import country_label

    assert country_label("Minsk", "BY") == "Belarus"
    assert country_label("Sochi", "RU") == "Russia"
    assert country_label("Belarus", "BY") == ""
    assert country_label("Russia", "RU") == ""
    assert country_label("Turkey", "TR") == ""
    assert country_label("Mediterranean Sea", "") == ""
