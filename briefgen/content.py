"""read_article(path) → Article: validated front matter and the body rendered to HTML."""

from __future__ import annotations

import datetime
import functools
import os
import re
import stat
import string
import types
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen import frontmatter
from briefgen.config import RESERVED_FRONT_MATTER
from briefgen.errors import ContentError, ErrorList
from briefgen.fsutil import content_names, is_within
from briefgen.model import Article, Place
from briefgen.safetext import clean_name
from briefgen.urls import article_url_path, is_valid_slug, is_web_address, slugify

if TYPE_CHECKING:  # imported where used: most bodies never reach markdown-it
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

KNOWN_KEYS = RESERVED_FRONT_MATTER
DEFAULT_LIST_KEYS = ("actors", "locations", "tags")
# Ids the default theme uses itself; a heading never takes one of them.
RESERVED_IDS = frozenset({"main", "top", "site-header", "site-footer", "search", "results"})


def find_content(content_dir: Path) -> tuple[Path, ...]:
    """Every article file under CONTENT_DIR, sorted: `*.md`, not starting with `_` or `.`."""
    return tuple(Path(p) for p in content_names(content_dir))


def stays_within(path: Path, folder: Path) -> bool:
    """`fsutil.is_within(PATH, FOLDER)`, with one lstat per step below FOLDER instead of
    resolving both paths from the root (a build asks it for every content file).

    A path written under FOLDER whose steps below it are real folders and a real file is
    inside it wherever FOLDER itself leads; anything else (a symlink on the way, '..', a
    missing file) is left to is_within.
    """
    try:
        relative = path.relative_to(folder)
    except ValueError:
        return is_within(path, folder)
    current = os.fspath(folder)
    for part in relative.parts:
        if part in (".", ".."):
            return is_within(path, folder)
        current = os.path.join(current, part)
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return is_within(path, folder)
        except OSError:
            return is_within(path, folder)
    return True


def read_article(
    path: Path, *, content_dir: Path, taxonomies: Sequence[str], raw: bytes | None = None
) -> Article:
    """Parse and validate one content file; raise ErrorList with every problem in it.

    Errors carry PATH as given; `errors.shown` makes it relative for the person reading.
    RAW, when given, is the file's bytes as the caller already read them (the build
    cache hashes exactly what is parsed).
    """
    if not stays_within(path, content_dir):
        raise ContentError(
            f"a symlink to {path.resolve()}, outside {content_dir.name}/; briefgen does not "
            "read files through links that leave the folder (copy the file in instead)",
            path,
        )
    try:
        text = (path.read_bytes() if raw is None else raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError("file is not UTF-8 text (save it as UTF-8)", path, 1) from exc
    except OSError as exc:
        raise ContentError(f"cannot read file: {exc.strerror} (check it exists)", path) from exc
    fm = frontmatter.split(text, path)
    if not fm.key_lines and fm.body_line == 1:
        raise ContentError(
            "no front matter (start the file with a '---' line, then 'title:' and 'date:')",
            path,
            1,
        )
    data, lines = fm.data, fm.key_lines
    errors: list[ContentError] = []

    def fail(key: str, message: str) -> None:
        errors.append(ContentError(message, path, lines.get(key, 1)))

    title = _text(data, "title", fail, required=True)
    date = _date(data, fail)
    summary = _text(data, "summary", fail)
    source = _text(data, "source", fail)
    seed = _text(data, "seed", fail)
    # No ":" is no scheme: not a web address (spares urlsplit for a seed path).
    if source and (":" not in source or not is_web_address(source)):
        if seed and source != seed:
            fail(
                "source",
                f"'source' {source[:60]!r} is not a web address (write the original's "
                "http:// or https:// address, or remove the line)",
            )
        # An older file, or a briefing with no web source: `source:` holds the seed path.
        seed = seed or source
        source = ""
    outlet = _text(data, "outlet", fail)
    license_ = _text(data, "license", fail)
    dateline = _text(data, "dateline", fail)
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        fail("draft", "'draft' must be true or false")
        draft = False
    list_keys = tuple(dict.fromkeys((*taxonomies, *DEFAULT_LIST_KEYS)))
    lists = {key: _string_list(data, key, fail) for key in list_keys}
    if dateline and "locations" in lists:
        # The dateline's place counts as a location ("Beirut/Dubai" names two), unless the
        # briefing lists it as an actor ("United Nations").
        actors = set(lists.get("actors", ()))
        named = [name for name in _dateline_places(dateline) if name not in actors]
        lists["locations"] = tuple(dict.fromkeys((*lists["locations"], *named)))
    places = _places(data, fail)
    slug = path.stem
    url_line = lines.get("date", 1)
    if "slug" in data:
        url_line = lines["slug"]
        value = data["slug"]
        if not isinstance(value, str) or not is_valid_slug(value):
            fail(
                "slug",
                f"'slug' {value!r} is not a valid slug "
                f"(use lowercase letters, digits and single hyphens, e.g. {slugify(str(value))!r})",
            )
        else:
            slug = value
    elif not is_valid_slug(slug):
        slug = slugify(slug)  # a hand-named file such as "My notes.md" still gets a clean URL
    if errors:
        raise ErrorList(list(errors))
    assert date is not None
    extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS and k not in list_keys}
    return Article(
        content_path=path,
        key=_key(path, content_dir),
        title=title,
        date=date,
        slug=slug,
        url_path=article_url_path(date, slug),
        url_line=url_line,
        summary=summary,
        terms=tuple((name, lists[name]) for name in taxonomies),
        places=places,
        source=source,
        draft=draft,
        body_html=render_markdown(fm.body),
        extra=types.MappingProxyType(extra),
        seed=seed,
        outlet=outlet,
        license=license_,
        dateline=dateline,
    )


def _dateline_places(dateline: str) -> tuple[str, ...]:
    """The place names of a `dateline:` value: "Beirut/Dubai" → ("Beirut", "Dubai")."""
    return tuple(part.strip() for part in dateline.split("/") if part.strip())


def _key(path: Path, content_dir: Path) -> str:
    """PATH relative to CONTENT_DIR in POSIX form, or all of PATH outside it."""
    text, top = os.fspath(path), os.fspath(content_dir) + os.sep
    if text.startswith(top) and ".." not in text and os.sep == "/":
        return text[len(top) :]  # relative_to's answer, as strings (a build asks 10,000 times)
    try:
        return path.relative_to(content_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _text(data: dict[str, Any], key: str, fail: Any, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            fail(key, f"front matter has no '{key}' (add a line such as '{key}: …')")
        return ""
    if isinstance(value, (bool, list, dict)):
        fail(key, f"'{key}' must be text, not {_kind(value)} (quote the value)")
        return ""
    text = " ".join(str(value).split())
    if required and not text:
        fail(key, f"'{key}' is empty (write one)")
    return text


def _date(data: dict[str, Any], fail: Any) -> datetime.date | None:
    if "date" not in data or data["date"] is None:
        fail("date", "front matter has no 'date' (add a line such as 'date: 2020-09-14')")
        return None
    value = frontmatter.as_date(data["date"])
    if value is None:
        fail("date", f"'date' {data['date']!r} is not a date (write it as YYYY-MM-DD)")
    return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime.date):
        return f"a date ({value})"
    return type(value).__name__


def _string_list(data: dict[str, Any], key: str, fail: Any) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        fail(
            key,
            f"'{key}' must be a list of strings, not {_kind(value)} "
            f"(write it as {key}: [First, Second])",
        )
        return ()
    names: list[str] = []
    for item in value:
        if not isinstance(item, str):
            fail(key, f"'{key}' holds {_kind(item)}, not a string (quote it: \"{item}\")")
            continue
        # NFC, no zero-width or bidi marks: one spelling, one page. (Front matter text is
        # clean already: in ASCII, clean_name only puts single spaces between words.)
        name = " ".join(item.split()) if item.isascii() else clean_name(item)
        if not name:
            fail(key, f"'{key}' holds an empty name (remove it)")
            continue
        names.append(name)
    return tuple(dict.fromkeys(names))


def _places(data: dict[str, Any], fail: Any) -> tuple[Place, ...]:
    value = data.get("places")
    if value is None:
        return ()
    hint = "(write it as places: {Minsk: {country: BY, lat: 53.9, lon: 27.57}})"
    if not isinstance(value, dict):
        fail("places", f"'places' must be a mapping, not {_kind(value)} {hint}")
        return ()
    places: list[Place] = []
    for name, info in value.items():
        if not isinstance(info, dict):
            fail("places", f"place {name!r} must be a mapping {hint}")
            continue
        country = info.get("country", "")
        if not isinstance(country, str) or (country and len(country) != 2):
            fail("places", f"place {name!r}: 'country' must be a two-letter ISO code {hint}")
            continue
        coords: list[float | None] = []
        for coord in ("lat", "lon"):
            number = info.get(coord)
            if number is not None and (
                isinstance(number, bool) or not isinstance(number, (int, float))
            ):
                fail("places", f"place {name!r}: '{coord}' must be a number {hint}")
                number = None
            coords.append(float(number) if number is not None else None)
        kind = info.get("kind", "other")
        places.append(
            Place(
                name=clean_name(str(name)),
                country_code=country.upper(),
                latitude=coords[0],
                longitude=coords[1],
                kind=str(kind),
            )
        )
    return tuple(places)


# --- Markdown ------------------------------------------------------------------------


@functools.cache
def _markdown() -> MarkdownIt:
    """CommonMark with raw HTML off: seed text can never inject markup."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def render_markdown(body: str) -> str:
    """Body Markdown → HTML with stable heading ids and rel="noopener" on external links."""
    plain = _render_plain(body)
    if plain is not None:
        return plain
    md = _markdown()
    tokens = md.parse(body)
    _add_heading_ids(tokens)
    _mark_external_links(tokens)
    return md.renderer.render(tokens, md.options, {})


# The plain-prose fast path. Most briefings are paragraphs of prose and `##` subheadings
# with ingest's backslash escapes: for them markdown-it's block and inline passes (a
# quarter of a cold build's reading) come down to escaping the text. A body qualifies
# only when no line can start anything but a paragraph line or an ATX heading, and no
# character left unescaped can start inline markup; anything else (and any doubt) goes
# to markdown-it. tests/test_content_markdown.py holds both to the same bytes.

_ESCAPABLE = frozenset(string.punctuation)
"""What a backslash makes literal (CommonMark: any ASCII punctuation)."""
_INLINE_TOKEN = re.compile(r"\\(.)|([`*<\\]|(?<![^\W_])_|_(?![^\W_])|&#?[A-Za-z0-9]+;)")
"""A backslash escape (group 1: the escaped character), or what could open inline markup
(group 2): a code span, emphasis, an autolink or HTML, an entity, or a backslash ending
the line (a hard break). An "_" between two letters or digits ("snake_case") is text: it
can neither open nor close emphasis. Brackets are text unless a "](" makes a link (see
_render_plain) or the body holds a "]:" (a link reference may be defined)."""
_MAYBE_INLINE = re.compile(r"[\\`*_<&]")
"""The characters _INLINE_TOKEN starts with (a character class is searched far faster)."""
_BLOCK_START = re.compile(r"#(?:[# \t]|$)|[>`<]|[*+=_~-](?![^\W_])|\d+[.)](?:[ \t]|$)")
"""What could make a line anything but paragraph text, tested at the line's first
character: a heading, quote, fence, HTML; a list item, rule or setext underline (a "-",
"+", "*", "=", "_" or "~" followed by a letter or digit starts none: "-Article" is
text); an ordered list item ("0.5%" is text)."""
_BLOCK_START_REFS = re.compile(f"{_BLOCK_START.pattern}|\\[")
"""_BLOCK_START, and "[" (a link reference definition), for a body holding a "]:"."""
_HEADING = re.compile(r"(#{1,6}) (?=\S)(.*)")
_LIST_ITEM = re.compile(r"(?:([*+-])|(\d{1,9})([.)])) (?=\S)(.*)")
"""A list item on one line: a bullet, or a number and "." or ")", one space, the text."""


def _render_plain(body: str) -> str | None:
    """BODY as markdown-it renders it, when it is only paragraphs and ATX headings of
    plain text; None when it may hold anything else (markdown-it renders it then)."""
    if "\r" in body or "\0" in body:
        return None  # markdown-it normalises these first
    out: list[str] = []
    taken: set[str] | None = None
    block: list[str] = []
    block_start = _BLOCK_START_REFS if "]:" in body else _BLOCK_START
    links = "](" in body  # else no block can hold an inline link or image
    after_list = False
    for line in (*body.split("\n"), ""):
        if line.strip(" \t"):
            block.append(line)
            continue
        if not block:
            continue
        if after_list and block[0].startswith(" "):
            return None  # an indented block after a list may continue its last item
        item = _LIST_ITEM.fullmatch(block[0])
        if after_list and item is not None:
            return None  # items apart by a blank line: one loose list, or two lists
        after_list = item is not None
        heading = _HEADING.fullmatch(block[0])
        if item is not None:
            html = _plain_list(block, item, block_start)
            if html is None:
                return None
            out.append(html)
        elif heading is not None:
            text = heading.group(2)
            if len(block) > 1 or text.endswith("#") or text[-1].isspace() or "](" in text:
                return None
            inline = _plain_inline(text, (text,))
            if inline is None:
                return None
            if taken is None:
                taken = set(RESERVED_IDS)
            level = len(heading.group(1))
            anchor = _unique_id(inline[1], taken)
            out.append(f'<h{level} id="{_escape_html(anchor)}">{inline[0]}</h{level}>\n')
        else:
            if links and any("](" in text for text in block):
                return None  # an inline link or image (a label may span lines)
            parts = []
            last = len(block) - 1
            for number, line in enumerate(block):
                # Spaces around a line go (the paragraph is trimmed, and a line break
                # takes the spaces on either side), but not a tab or other whitespace,
                # four spaces before a first line (code), two after a line (a hard
                # break), or one after an escape (kept with it).
                text = line.strip(" ")
                if text[0].isspace() or text[-1].isspace():
                    return None
                if number == 0 and line.startswith("    "):
                    return None
                if (
                    number < last
                    and line.endswith(" ")
                    and (line.endswith("  ") or _MAYBE_INLINE.search(text))
                ):
                    return None
                if block_start.match(text):
                    return None
                inline = _plain_inline(text, block)
                if inline is None:
                    return None
                parts.append(inline[0])
            out.append("<p>" + "\n".join(parts) + "</p>\n")
        block = []
    return "".join(out)


def _escape_html(raw: str) -> str:
    """RAW with "&", "<", ">" and '"' escaped, as markdown-it's own escapeHtml writes them.

    Written out here so that a body on the plain-prose fast path (nearly all) needs no
    markdown-it: importing it took 30 ms of every build's start, before any worker forks
    (tests/test_content_markdown.py holds the two equal).
    """
    return (
        raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _plain_list(
    block: Sequence[str], first: re.Match[str], block_start: re.Pattern[str]
) -> str | None:
    """BLOCK as markdown-it renders a tight list of one-line items of plain text (its
    first line matched _LIST_ITEM as FIRST); None for anything else.

    Every line is an item with the first one's marker ("*", "-", "+", or a number with
    the same "." or ")"), one space, and text that starts no block of its own.
    """
    bullet, number, delimiter = first.group(1), first.group(2), first.group(3)
    items = []
    for line in block:
        item = _LIST_ITEM.fullmatch(line)
        if item is None or item.group(1) != bullet or item.group(3) != delimiter:
            return None  # a lazy line, or another list starting
        text = item.group(4)
        if text[-1].isspace() or "\t" in text or "](" in text or block_start.match(text):
            return None
        inline = _plain_inline(text, (text,))
        if inline is None:
            return None
        items.append(f"<li>{inline[0]}</li>\n")
    if bullet is not None:
        opening = "<ul>\n"
    else:
        start = int(number)
        opening = "<ol>\n" if start == 1 else f'<ol start="{start}">\n'
    return opening + "".join(items) + ("</ul>\n" if bullet is not None else "</ol>\n")


def _plain_inline(text: str, block: Sequence[str] = ()) -> tuple[str, str] | None:
    """One line of TEXT as HTML and as its plain text; None when it may hold markup.

    BLOCK: the lines of TEXT's paragraph (or heading). A "*" or "_" that occurs once in
    it has nothing to pair with, and stays as text ("rocky-release*.rpm").
    """
    if _MAYBE_INLINE.search(text) is None:
        return _escape_html(text), text
    pieces: list[str] = []
    start = 0
    for match in _INLINE_TOKEN.finditer(text):
        if match.group(2) is not None:
            char = match.group(2)
            if char in ("*", "_") and sum(line.count(char) for line in block) == 1:
                continue  # text, left in the next slice
            return None
        char = match.group(1)
        pieces.append(text[start : match.start()])
        pieces.append(char if char in _ESCAPABLE else "\\" + char)
        start = match.end()
    pieces.append(text[start:])
    plain = "".join(pieces)
    return _escape_html(plain), plain


def _unique_id(text: str, taken: set[str]) -> str:
    """A heading id from TEXT, made unique among TAKEN with -2, -3 … (and then taken)."""
    base = slugify(text or "section", max_length=50)
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def _add_heading_ids(tokens: list[Token]) -> None:
    """Give each heading an id from its text, made unique with -2, -3 … in document order."""
    taken: set[str] = set(RESERVED_IDS)
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        text = "".join(
            child.content
            for child in (inline.children or [])
            if child.type in ("text", "code_inline")
        )
        token.attrSet("id", _unique_id(text, taken))


def _mark_external_links(tokens: list[Token]) -> None:
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if href.startswith(("http://", "https://", "//")):
                    child.attrSet("rel", "noopener")
