"""Every URL and output-path rule, and slugify."""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import unicodedata
import urllib.parse

from anyascii import anyascii

from briefgen.safetext import clean_name

# anyascii transliterates every script ("中国" → "zhongguo"). Where it differs from the
# romanisation briefgen used before it, the old letters are kept so no URL moves: the hard
# and soft signs vanish (anyascii writes an apostrophe, which would split the word),
# Ukrainian ї/є keep their old spelling, and "&" reads "and".
_STABLE = {"&": " and ", "ъ": "", "ь": "", "ї": "yi", "є": "ye"}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")


def ascii_fold(text: str) -> str:
    """Lower-case TEXT and reduce it to ASCII letters, digits and spaces where possible.

    Per character: the stable spellings above, else the accent-stripped letter (é → e),
    else anyascii's transliteration of a letter or digit (other symbols are dropped).
    Names are cleaned first (NFC, no zero-width or bidi marks), so names that look the
    same fold the same.
    """
    text = unicodedata.normalize("NFKC", clean_name(text)).lower()
    if text.isascii():
        return text.replace("&", " and ")
    return "".join(_fold_char(ch) for ch in text)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isascii():
        return _STABLE.get(ch, ch)
    if ch in _STABLE:
        return _STABLE[ch]
    stripped = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
    if stripped or not ch.isalnum():
        return stripped  # punctuation (–, ’, «) was always dropped: slugs keep it so
    return anyascii(ch).lower()


def slugify(text: str, max_length: int = 60) -> str:
    """Make a URL- and file-safe slug: ASCII, lowercase, hyphenated, at most MAX_LENGTH.

    The result never holds '/', '\\' or '..', so it can never leave its folder. Text with
    nothing foldable (only emoji modifiers, say) gets a stable slug from its hash.
    """
    slug = _NON_ALNUM.sub("-", ascii_fold(_APOSTROPHE.sub("", clean_name(text)))).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[1:] else slug[:max_length]
        slug = slug[:max_length].strip("-")
    if not slug:
        # From the cleaned name, so names that look the same share the fallback too.
        digest = hashlib.sha256(clean_name(text).encode("utf-8")).hexdigest()[:10]
        slug = f"item-{digest}"
    return slug


def unique_slug(base: str, taken: set[str], key: str) -> str:
    """Return BASE, or BASE with a deterministic suffix from KEY when BASE is taken."""
    if base not in taken:
        return base
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    for width in (6, 10, 16, 64):
        room = 60 - width - 1
        stem = base if len(base) <= room else base[: room + 1].rsplit("-", 1)[0][:room]
        candidate = f"{stem}-{digest[:width]}" if stem else digest[:width]
        if candidate not in taken:
            return candidate
    raise ValueError(f"cannot make a unique slug for {key!r}")


# --- Site URLs and output paths ------------------------------------------------------
# A "url path" is a site-relative folder ending in "/" ("" for the home page) or a file
# ("feed.xml"). An "output path" is the file written for it ("index.html" for "").

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_valid_slug(slug: str) -> bool:
    """True when SLUG is lowercase ASCII words joined by single hyphens, at most 80 chars."""
    return len(slug) <= 80 and bool(_SLUG_RE.match(slug))


def article_url_path(date: datetime.date, slug: str) -> str:
    """`YYYY/MM/DD/<slug>/`: the briefing's folder, dated by its calendar day."""
    return f"{date.year:04d}/{date.month:02d}/{date.day:02d}/{slug}/"


def year_url_path(year: int) -> str:
    """`YYYY/`."""
    return f"{year:04d}/"


def month_url_path(year: int, month: int) -> str:
    """`YYYY/MM/`."""
    return f"{year:04d}/{month:02d}/"


def day_url_path(date: datetime.date) -> str:
    """`YYYY/MM/DD/`."""
    return f"{date.year:04d}/{date.month:02d}/{date.day:02d}/"


def taxonomy_url_path(taxonomy: str) -> str:
    """`actors/`."""
    return f"{taxonomy}/"


def term_url_path(taxonomy: str, slug: str) -> str:
    """`actors/<slug>/`."""
    return f"{taxonomy}/{slug}/"


def output_path(url_path: str) -> str:
    """The file that serves URL_PATH: folders get `index.html`."""
    if url_path == "" or url_path.endswith("/"):
        return f"{url_path}index.html"
    return url_path


def page_url_path(output: str) -> str:
    """The pretty URL path of an output file (inverse of output_path for pages)."""
    if output == "index.html":
        return ""
    if output.endswith("/index.html"):
        return output[: -len("index.html")]
    return output


def relative_url(from_output: str, to_url_path: str) -> str:
    """A link from the page written at FROM_OUTPUT to TO_URL_PATH that works at any sub-path."""
    depth = from_output.count("/")
    prefix = "../" * depth
    url = prefix + to_url_path
    return url or "./"


def feed_url_path(url_path: str) -> str:
    """`actors/<slug>/feed.xml`: the Atom feed beside the list page at URL_PATH."""
    return f"{url_path}feed.xml"


def site_prefix(base_url: str) -> str:
    """The path the site lives under: "/briefings/" for https://example.org/briefings, else "/".

    Empty segments are dropped, so the prefix always starts and ends with one "/".
    """
    path = urllib.parse.urlsplit(base_url).path if base_url else ""
    parts = [part for part in path.split("/") if part]
    return "/" + "".join(part + "/" for part in parts)


def absolute_url(base_url: str, url_path: str) -> str:
    """BASE_URL joined with a site-relative URL path ("" when BASE_URL is empty)."""
    if not base_url:
        return ""
    return base_url.rstrip("/") + "/" + url_path


def is_web_address(value: str) -> bool:
    """True for an absolute http(s) address with a host and no spaces."""
    if any(c.isspace() for c in value):
        return False
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


SEARCH_DIR = "pagefind/"
"""Where the search bundle lives in the site; the search page loads `pagefind.js` from it."""
