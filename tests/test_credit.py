"""Credit to the original: front matter keys, the briefing page, Atom entries and JSON-LD."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import types
from pathlib import Path
from xml.etree import ElementTree

import pytest
from site_support import build_fixture

from briefgen.content import read_article
from briefgen.errors import ErrorList, shown
from briefgen.model import Article, Place
from briefgen.render import article_json_ld

ATOM = "{http://www.w3.org/2005/Atom}"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("credit") / "site"
    build_fixture(out)
    return out


def test_page_credits_outlet_and_licence_linking_the_address(site: Path) -> None:
    html = (site / "2021/01/03/ferries-back/index.html").read_text()
    assert (
        '<dd class="source" data-pagefind-ignore><a href="https://gazette.example/ferry?id=7&amp;lang=en" '
        'rel="noopener">Westport &lt;Gazette&gt;</a>, <span class="license">CC BY 4.0</span></dd>'
    ) in html
    assert "seeds/ferry.txt" not in html


def test_seed_paths_are_never_shown_to_readers(site: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert "seeds/" not in path.read_text(), path


def test_atom_entry_carries_via_link_and_rights(site: Path) -> None:
    feed = ElementTree.parse(site / "feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.iter(f"{ATOM}entry")}
    ferry = entries["Ferry service resumes <after> the storm"]
    via = [link.get("href") for link in ferry.iter(f"{ATOM}link") if link.get("rel") == "via"]
    assert via == ["https://gazette.example/ferry?id=7&lang=en"]
    assert ferry.findtext(f"{ATOM}rights") == "Source: Westport <Gazette>, CC BY 4.0"
    bridge = entries["Harbour bridge reopens after a month of repairs"]
    assert bridge.find(f"{ATOM}rights") is None
    assert all(link.get("rel") != "via" for link in bridge.iter(f"{ATOM}link"))


def test_each_briefing_page_has_news_article_json_ld(site: Path) -> None:
    html = (site / "2021/01/03/ferries-back/index.html").read_text()
    (block,) = LD_JSON.findall(html)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Ferry service resumes <after> the storm"
    assert data["datePublished"] == "2021-01-03"
    assert data["isBasedOn"] == "https://gazette.example/ferry?id=7&lang=en"
    names = [(item["@type"], item["name"]) for item in data["about"]]
    assert ("Thing", "Port Authority") in names and ("Place", "Westport") in names
    assert "<" not in block and "&" not in block  # written as \\u003c and \\u0026
    for page in site.glob("20*/*/*/*/index.html"):
        assert len(LD_JSON.findall(page.read_text())) == 1, page


def _article(**fields: object) -> Article:
    base: dict[str, object] = dict(
        content_path=Path("x.md"),
        key="x.md",
        title="T",
        date=datetime.date(2021, 5, 1),
        slug="x",
        url_path="2021/05/01/x/",
        url_line=1,
        summary="",
        terms=(("actors", ()), ("locations", ())),
        places=(),
        source="",
        draft=False,
        body_html="",
        extra=types.MappingProxyType({}),
    )
    base.update(fields)
    return Article(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "hostile",
    [
        "</script><script>alert(1)</script>",
        "</SCRIPT >",
        "<!-- <script>",
        "a\u2028b\u2029c & d > e",
    ],
)
def test_json_ld_cannot_break_out_of_its_script(hostile: str) -> None:
    article = _article(
        title=hostile,
        summary=hostile,
        terms=(("actors", (hostile,)), ("locations", ("Riga",))),
        places=(Place("Riga", "LV", 56.95, 24.1, "city"),),
        source="https://example.org/?q=</script>",
        outlet=hostile,
    )
    text = str(article_json_ld(article, "https://site.example/x/"))
    assert "<" not in text and ">" not in text and "\u2028" not in text
    data = json.loads(text)
    assert data["headline"] == hostile and data["description"] == hostile
    assert data["isBasedOn"] == "https://example.org/?q=</script>"
    assert {
        "@type": "Place",
        "name": "Riga",
        "geo": {"@type": "GeoCoordinates", "latitude": 56.95, "longitude": 24.1},
    } in data["about"]


def test_json_ld_has_no_is_based_on_without_an_address() -> None:
    data = json.loads(str(article_json_ld(_article(seed="seeds/a.txt"))))
    assert "isBasedOn" not in data and "seeds/a.txt" not in json.dumps(data)


def _write(tmp_path: Path, front: str) -> Path:
    path = tmp_path / "content" / "2021" / "a.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: A\ndate: 2021-05-01\n{front}---\n\nBody.\n", encoding="utf-8")
    return path


def _read(path: Path) -> Article:
    return read_article(
        path, content_dir=path.parent.parent, taxonomies=("actors", "locations", "tags")
    )


def test_older_source_holding_a_seed_path_is_read_as_the_seed(tmp_path: Path) -> None:
    article = _read(_write(tmp_path, "source: seeds/a.txt\n"))
    assert (article.seed, article.source) == ("seeds/a.txt", "")


def test_new_keys_are_read(tmp_path: Path) -> None:
    article = _read(
        _write(
            tmp_path,
            "seed: seeds/a.txt\nsource: https://example.org/a\noutlet: Example\n"
            "license: CC BY 4.0\ndateline: Beirut/Dubai\nlocations: [Lebanon, Beirut]\n",
        )
    )
    assert (article.seed, article.source, article.outlet, article.license) == (
        "seeds/a.txt",
        "https://example.org/a",
        "Example",
        "CC BY 4.0",
    )
    assert article.dateline == "Beirut/Dubai"
    # The dateline's places count as locations, each once.
    assert article.names("locations") == ("Lebanon", "Beirut", "Dubai")


def test_source_that_is_no_address_beside_a_seed_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "seed: seeds/a.txt\nsource: javascript:alert(1)\n")
    with pytest.raises(ErrorList) as info:
        _read(path)
    (error,) = info.value.errors
    assert shown(error, tmp_path).startswith(
        "content/2021/a.md:5: 'source' 'javascript:alert(1)' is not a web address"
    )


def test_cli_build_credits_a_seed_with_header_lines(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / "briefgen.yaml").write_text("title: Credit test\n", encoding="utf-8")
    (seeds / "ferry.txt").write_text(
        "Title: Harbour ferries run again after the storm\n"
        "source: https://news.example.org/ferry?a=1&b=2\n"
        "outlet: Example News\n"
        "license: CC BY 4.0\n"
        "date 2021-03-02 The harbour ferry ran again on Tuesday, a month after the storm.\n\n"
        "Repairs took a month.\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "-C", str(tmp_path), "build"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (content,) = (tmp_path / "content").rglob("*.md")
    text = content.read_text(encoding="utf-8")
    assert "title: Harbour ferries run again after the storm\n" in text
    assert "seed: seeds/ferry.txt\n" in text
    assert "source: https://news.example.org/ferry?a=1&b=2\n" in text
    assert "outlet: Example News\nlicense: CC BY 4.0\n" in text
    (page,) = (tmp_path / "site").glob("2021/03/02/*/index.html")
    html = page.read_text(encoding="utf-8")
    assert (
        'href="https://news.example.org/ferry?a=1&amp;b=2" rel="noopener">Example News</a>' in html
    )
    assert "seeds/ferry.txt" not in html


def test_lead_is_shown_once_when_the_summary_dropped_the_dateline(tmp_path: Path) -> None:
    from briefgen.lead import derive_summary
    from briefgen.render import lead_repeated

    lead = "MOSCOW (AP) — On Tuesday, the city opened its first cable car line across the river."
    summary = derive_summary(lead)
    assert summary == "The city opened its first cable car line across the river."
    article = _article(summary=summary, body_html=f"<p>{lead}</p>\n<p>More.</p>")
    assert lead_repeated(article)
    assert not lead_repeated(_article(summary="Something else.", body_html=f"<p>{lead}</p>"))


def test_dateline_naming_an_actor_is_not_added_to_locations(tmp_path: Path) -> None:
    article = _read(
        _write(tmp_path, "dateline: United Nations\nactors: [United Nations]\nlocations: [Gaza]\n")
    )
    assert article.names("locations") == ("Gaza",)
