"""Every URL and output-path rule, and slugify."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Letters that NFKD does not decompose to ASCII. Cyrillic and Greek follow common
# romanisations so that a Russian or Greek title still gives a readable slug.
_TRANSLIT = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ħ": "h", "ŋ": "ng", "&": " and ",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


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
    slug = _NON_ALNUM.sub("-", ascii_fold(text)).strip("-")
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
        candidate = f"{base[: 60 - width - 1]}-{digest[:width]}"
        if candidate not in taken:
            return candidate
    raise ValueError(f"cannot make a unique slug for {key!r}")
