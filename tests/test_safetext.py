"""XML-safe text and one spelling per name: from seeds and front matter to every output."""

from __future__ import annotations

import json
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.build import build_site
from briefgen.config import load_config
from briefgen.content import read_article
from briefgen.ingest import ingest_seeds
from briefgen.safetext import clean_name, clean_text, xml_safe
from briefgen.seeds import parse_seed

TAXONOMIES = ("actors", "locations", "tags")
CONFIG = 'title: "Fuzz"\nbase_url: "https://example.org/b/"\n'


def test_xml_safe_drops_only_what_xml_forbids() -> None:
    assert xml_safe("a\x0bb\x1bc\x00d\ufffee\uffff") == "abcde"
    assert xml_safe("tab\tlf\ncr\r é € 😀 \x85") == "tab\tlf\ncr\r é € 😀 \x85"
    assert xml_safe("lone \ud800 surrogate") == "lone  surrogate"


def test_clean_text_turns_separators_into_spaces_and_composes() -> None:
    assert clean_text("met\x0bthe\x0cpress\x1b.") == "met the press."
    assert clean_text("Zu\u0308rich") == "Zürich"
    assert clean_text("line\r\nnext\ttab") == "line\r\nnext\ttab"


def test_clean_name_removes_invisible_marks() -> None:
    nfd = unicodedata.normalize("NFD", "Zürich")
    for variant in (nfd, "Zü\u200brich", "\u202eZürich\u202c", " Zürich\u00a0 ", "Zür\ufeffich"):
        assert clean_name(variant) == "Zürich"


def test_seed_control_characters_never_reach_the_text(tmp_path: Path) -> None:
    raw = b"date 2020-01-01 Joe Biden met\x0b the press\x1b in Paris today.\n"
    seed = parse_seed(raw, tmp_path / "s.txt", "seeds/s.txt")
    text = seed.blocks[0].text
    assert xml_safe(text) == text
    assert " ".join(text.split()) == "Joe Biden met the press in Paris today."


def test_front_matter_controls_raw_or_escaped_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "content" / "2020" / "a.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        '---\ntitle: "Esc\\x1baped \\vtitle"\ndate: 2020-01-01\nsummary: raw\x1b here\n'
        'actors: ["Zu\u0308rich FC", "Zü\u200brich FC"]\n---\n\nBody\x0b text\x07.\n',
        encoding="utf-8",
    )
    article = read_article(path, content_dir=tmp_path / "content", taxonomies=TAXONOMIES)
    assert article.title == "Escaped title"
    assert article.summary == "raw here"
    assert article.names("actors") == ("Zürich FC",)
    assert "<p>Body  text.</p>" in article.body_html


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "briefgen.yaml").write_text(CONFIG, encoding="utf-8")
    return root


def _check_site(site: Path) -> None:
    """Every feed and the sitemap parse as XML, every page as HTML5, the index as JSON."""
    for path in sorted(site.rglob("*")):
        if path.suffix == ".xml":
            ET.fromstring(path.read_bytes())  # raises on a forbidden character
        elif path.suffix == ".html":
            parser = html5lib.HTMLParser(strict=False)
            parser.parse(path.read_bytes())
            assert parser.errors == [], (path, parser.errors[:3])
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))


def test_issue_seed_gives_well_formed_feeds(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "seeds" / "a.txt").write_bytes(
        b"date 2020-01-01 Joe Biden met\x0b the press\x1b in Paris today.\n"
    )
    config = load_config(root)
    assert not ingest_seeds(config).errors
    build_site(config)
    _check_site(root / "site")
    feed = (root / "site" / "feed.xml").read_text(encoding="utf-8")
    assert "met the press in Paris" in feed


def test_names_that_look_the_same_get_one_page(tmp_path: Path) -> None:
    root = _project(tmp_path)
    content = root / "content" / "2020"
    content.mkdir(parents=True)
    spellings = [unicodedata.normalize("NFC", "Zürich"), unicodedata.normalize("NFD", "Zürich")]
    spellings.append("Zü\u200brich")
    for number, name in enumerate(spellings):
        (content / f"a{number}.md").write_text(
            f'---\ntitle: "Brief {number}"\ndate: 2020-01-0{number + 1}\n'
            f'locations: ["{name}"]\n---\n\nText.\n',
            encoding="utf-8",
        )
    build_site(load_config(root))
    terms = sorted(p.name for p in (root / "site" / "locations").iterdir() if p.is_dir())
    assert terms == ["zurich"]


# Text a scraper may produce: any code point, with the troublesome ones made likely.
_NASTY = st.sampled_from(
    [*"\x00\x07\x0b\x0c\x1b\x1f\x7f\x85\u200b\u202e\ufeff\ufffe\uffff&<>\"']]>", "\ud800"]
)
_TEXT = st.lists(
    st.one_of(st.characters(codec=None), _NASTY, st.sampled_from(["Joe Biden", " ", "\n"])),
    min_size=1,
    max_size=60,
).map("".join)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lead=_TEXT, body=_TEXT)
def test_fuzzed_seed_gives_parseable_outputs(tmp_path: Path, lead: str, body: str) -> None:
    root = _project(tmp_path / str(abs(hash((lead, body)))))
    raw = f"date 2020-01-01 Lead {lead}\n\n{body}\n".encode("utf-8", "surrogatepass")
    (root / "seeds" / "fuzz.txt").write_bytes(raw)
    config = load_config(root)
    report = ingest_seeds(config)
    if report.errors:  # a seed may be refused (binary, not UTF-8), but with a clean error
        assert all(str(e).startswith(str(root / "seeds")) for e in report.errors)
        return
    build_site(config)
    _check_site(root / "site")


@settings(max_examples=40, deadline=None)
@given(title=_TEXT, name=_TEXT)
def test_fuzzed_front_matter_gives_parseable_outputs(title: str, name: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = _project(Path(tmp))
        path = root / "content" / "2020" / "a.md"
        path.parent.mkdir(parents=True)
        header = json.dumps({"title": "T " + title, "date": "2020-01-01", "actors": [name]})
        # JSON is YAML: escapes such as \u001b reach the parsed values.
        path.write_text(f"---\n{header}\n---\n\nBody {title}\n", "utf-8", "surrogatepass")
        try:
            build_site(load_config(root))
        except Exception as exc:  # only a clean content error is acceptable
            from briefgen.errors import BriefgenError

            assert isinstance(exc, BriefgenError), exc
            return
        _check_site(root / "site")


@settings(max_examples=300, deadline=None)
@given(name=_TEXT)
def test_fuzzed_names_give_safe_stable_slugs(name: str) -> None:
    from briefgen.urls import is_valid_slug, slugify

    slug = slugify(name)
    assert is_valid_slug(slug) and len(slug) <= 60
    cleaned = clean_name(name)
    assert clean_name(cleaned) == cleaned  # one spelling: cleaning twice changes nothing
    assert xml_safe(cleaned) == cleaned
    assert clean_name(unicodedata.normalize("NFD", name)) == cleaned
    assert slugify(unicodedata.normalize("NFD", name)) == slugify(cleaned) == slug


def test_the_one_scan_finds_exactly_what_either_substitution_changes() -> None:
    # clean_text scans once with _SOURCE_ANY; a character only one class held would be
    # left in the text (or a clean text copied for nothing).
    from briefgen import safetext

    for code in [*range(0x10000), 0x10FFFF]:
        char = chr(code)
        either = safetext._SOURCE_SPACE.match(char) or safetext._SOURCE_FORBIDDEN.match(char)
        assert bool(safetext._SOURCE_ANY.match(char)) == bool(either), hex(code)
