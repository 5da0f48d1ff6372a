"""Every URL and output-path rule, and slugify."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata

# Letters that NFKD does not decompose to ASCII. Cyrillic and Greek follow common
# romanisations so that a Russian or Greek title still gives a readable slug.
_TRANSLIT = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŋ": "ng",
    "&": " and ",
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")


def ascii_fold(text: str) -> str:
    """Lower-case TEXT and reduce it to ASCII letters, digits and spaces where possible."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(_TRANSLIT.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def slugify(text: str, max_length: int = 60) -> str:
    """Make a URL- and file-safe slug: ASCII, lowercase, hyphenated, at most MAX_LENGTH.

    The result never holds '/', '\\' or '..', so it can never leave its folder. Text with
    nothing foldable (e.g. only CJK characters) gets a stable slug from its hash.
    """
    slug = _NON_ALNUM.sub("-", ascii_fold(_APOSTROPHE.sub("", text))).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[1:] else slug[:max_length]
        slug = slug[:max_length].strip("-")
    if not slug:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
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


def absolute_url(base_url: str, url_path: str) -> str:
    """BASE_URL joined with a site-relative URL path ("" when BASE_URL is empty)."""
    if not base_url:
        return ""
    return base_url.rstrip("/") + "/" + url_path


SEARCH_DIR = "pagefind/"
"""Where the search bundle lives in the site; the search page loads `pagefind.js` from it."""
