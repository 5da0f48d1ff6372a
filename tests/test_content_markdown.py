"""The plain-prose fast path of content.render_markdown gives markdown-it's bytes, or steps aside."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED_DIR, require
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_inline.escape import _ESCAPED

from briefgen import content
from briefgen.ingest import escape_markdown

CORPUS = SHARED_DIR / "corpora" / "wikinews" / "articles.jsonl"


def by_markdown_it(body: str) -> str:
    """What render_markdown gave before the fast path: markdown-it, ids and rel added."""
    md = content._markdown()
    tokens = md.parse(body)
    content._add_heading_ids(tokens)
    content._mark_external_links(tokens)
    return md.renderer.render(tokens, md.options, {})


def test_escapable_characters_are_markdown_its() -> None:
    assert frozenset(_ESCAPED) == content._ESCAPABLE


@pytest.mark.parametrize(
    "body",
    [
        "",
        "\n\n  \n",
        "One line.",
        "One paragraph\nover two lines.\n\nAnd a second one.\n",
        "Quotes \"and\" angles> & ampersands, AT&T's [editor's note] here.",
        "## A heading\n\nText under it.\n\n## A heading\n\nThe same heading again.",
        "## Main\n\nA reserved id is never given to a heading.",
        "Escapes: \\*not emphasis\\*, \\_no\\_, \\[no link\\] (x), \\&amp; and \\a.",
        "1\\. Not a list.\n\n\\- Not a list either.\n\n\\# Not a heading.",
        "###### Six\n\n####### Seven is text",
        "Ünïcode – dashes — and … ellipses; 東京.",
        "  Indented by two\n   and three, then\n        eight (a lazy line).",
        "A line with one trailing space \nand the last with three   ",
        "snake_case and raven_alwayz, x_1 and é_ü",
        "[Women] pilots and [A] politician\n[bracketed] line",
        "Text\n-Article last amended\n+44 20 and\n=sign ~tilde",
        "0.5% of the population\n2019.5 and 3)x",
        "#hashtag at the start\n#1 too",
        "One star: rocky-release*.rpm\nover two lines",
        "One _ underscore, alone; and *.minetest.net",
        "## A heading with one * star",
        "* Both dropped out\n* before Tuesday",
        "Results:\n\n1. Unofficial\n2. Relative to seats\n\nAfter the list.",
        "2) starts at two\n3) and goes on\n\n## Then a heading",
        '+ plus, with snake_case and one * star\n+ [bracketed] & "quoted" > arrow',
        "One *star\n\nand *another: two paragraphs",
    ],
)
def test_plain_bodies_take_the_fast_path_with_the_same_bytes(body: str) -> None:
    fast = content._render_plain(body)
    if body.startswith("###### Six"):
        assert fast is None  # the seventh '#' starts a paragraph line: markdown-it decides
        return
    assert fast is not None
    assert fast == by_markdown_it(body)
    assert content.render_markdown(body) == fast


@pytest.mark.parametrize(
    "body",
    [
        "*emphasis*",
        "snake__case",
        "two *stars* here",
        "one *star\nand *another",
        "one _ and\nanother _ in the paragraph",
        "_leading underscore_",
        "trailing_ underscore and _another",
        "[ref]: https://example.org\n\n[ref] used",
        "A paragraph\n[ref]\n\n[ref]: https://example.org",
        "#\n\n#\tTab heading",
        "-\n\n- \n\n--x\n\n+ item\n\n= \n\n~~~x",
        "1)\n\n12. item\n\n3.\tx",
        "`code`",
        "[a link](https://example.org)",
        "[a label\nover lines](https://example.org)",
        "![an image](x.png)",
        "<https://example.org>",
        "&amp; an entity",
        "- a loose\n\n- list",
        "1. an item\ncontinued lazily",
        "2) an item\n\n   with a second paragraph",
        "* one list\n- then another",
        "- a list\n\n1. and a second",
        "* * *",
        "- [ref]: x",
        "* item with trailing spaces  ",
        "- \titem after a tab",
        "1.  two spaces",
        "1234567890. ten digits",
        "> a quote",
        "Setext\n===",
        "Setext\n---",
        "    indented code",
        "Trailing spaces  \nmake a break",
        "A backslash\\\nmakes a break",
        "~~~\nfence\n~~~",
        "[ref]: https://example.org\n\n[ref]",
        "Windows\r\nline ends",
        "## Closing hashes ##",
        "\u00a0leading no-break space",
        "\tA tab before",
        "An escape and a space\\_ \nkept together",
    ],
)
def test_markup_goes_to_markdown_it(body: str) -> None:
    assert content._render_plain(body) is None
    assert content.render_markdown(body) == by_markdown_it(body)


PIECES = [
    *"ab Z9#>*+=_~`<[]()!&;:\\-.)\t\"'é\u00a0\u2028/",
    "amp;",
    "#1;",
    "## ",
    "1. ",
    "](",
    *["word ", "Word. ", "x"] * 8,
]
LINE = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(LINE, st.just(""), st.just("  ")), max_size=8))
def test_any_text_the_fast_path_takes_renders_as_markdown_it_does(lines: list[str]) -> None:
    body = "\n".join(lines)
    fast = content._render_plain(body)
    if fast is not None:
        assert fast == by_markdown_it(body)


def test_wikinews_bodies_render_as_markdown_it_renders_them() -> None:
    """Real prose, as written and as ingest escapes it: the same bytes, and mostly fast."""
    require(CORPUS.is_file(), f"{CORPUS} (../shared/corpora)")
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    bodies = [row["text"].split("\n\n", 1)[-1] for row in rows if row.get("text")]
    escaped = ["\n\n".join(escape_markdown(p) for p in body.split("\n\n")) for body in bodies]
    fast = 0
    for body in [*bodies, *escaped]:
        assert content.render_markdown(body) == by_markdown_it(body)
        fast += content._render_plain(body) is not None
    assert fast >= 0.9 * 2 * len(bodies)


NEAR_MARKUP = [
    *"ab Z9_-+=~*#[]():.)\\é\t",
    "*",
    "_",
    "_a",
    "a_",
    "a_b",
    "__",
    "-a",
    "--",
    "- ",
    "+1",
    "=x",
    "==",
    "~x",
    "~~~",
    "#x",
    "# ",
    "##",
    "0.5",
    "1. ",
    "1.",
    "2)",
    "[a]",
    "]:",
    "[a]: x",
    "](",
    "* ",
    "- ",
    "+ ",
    "1) ",
    "2. ",
    "word ",
]
NEAR_LINE = st.lists(st.sampled_from(NEAR_MARKUP), max_size=12).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(NEAR_LINE, st.just("")), max_size=6))
def test_text_near_markup_renders_as_markdown_it_does(lines: list[str]) -> None:
    """Lines starting "-x", "0.5", "[a]", "#x", words with "_": the widened fast path."""
    body = "\n".join(lines)
    fast = content._render_plain(body)
    if fast is not None:
        assert fast == by_markdown_it(body)


ITEM_LINE = st.tuples(
    st.sampled_from(["* ", "- ", "+ ", "1. ", "2) ", "10. ", "*  ", "-\t", " - ", "1.", "0. "]),
    NEAR_LINE,
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(ITEM_LINE, ITEM_LINE, NEAR_LINE, st.just(""), st.just("  ")), max_size=8))
def test_lists_of_plain_items_render_as_markdown_it_does(lines: list[str]) -> None:
    """Tight lists of one-line items (the fast path), and all that may look like them."""
    body = "\n".join(lines)
    fast = content._render_plain(body)
    if fast is not None:
        assert fast == by_markdown_it(body)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("&<>\"'a é\u2028"), max_size=20) | st.text(max_size=20))
def test_the_fast_paths_escape_is_markdown_its(text: str) -> None:
    from markdown_it.common.utils import escapeHtml

    assert content._escape_html(text) == escapeHtml(text)


def test_a_plain_body_is_read_without_importing_markdown_it(tmp_path: Path) -> None:
    """Nearly every body takes the fast path: markdown-it is imported only for the others
    (it cost 30 ms of every build's start, before the workers fork)."""
    folder = tmp_path / "content"
    folder.mkdir()
    plain, marked = folder / "plain.md", folder / "marked.md"
    header = "---\ntitle: A title\ndate: 2024-05-01\n---\n\n"
    plain.write_text(header + "One paragraph & more.\n\n## A heading\n\nAnother.\n")
    marked.write_text(header + "Some *emphasis* here.\n")
    script = (
        "import sys\nfrom pathlib import Path\nfrom briefgen.content import read_article\n"
        f"folder = Path({str(folder)!r})\n"
        "plain = read_article(folder / 'plain.md', content_dir=folder, taxonomies=())\n"
        "print('markdown_it' in sys.modules, plain.body_html.count('<p>'))\n"
        "marked = read_article(folder / 'marked.md', content_dir=folder, taxonomies=())\n"
        "print('markdown_it' in sys.modules, marked.body_html.strip())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "False 2",
        "True <p>Some <em>emphasis</em> here.</p>",
    ]
