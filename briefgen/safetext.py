"""Text that every output format can hold: XML 1.0 characters only, names in one spelling.

Scraped text carries control characters (`\\x0b`, `\\x1b`, form feeds) that XML 1.0
forbids, so one such character in a seed would make every feed it reaches unreadable.
They are removed twice: at the source (seeds, front matter, config), so HTML is clean
too, and again in every XML writer (`xml_safe`), so no path into a feed is forgotten.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# XML 1.0 `Char` excludes C0 controls other than tab, LF and CR, lone surrogates, and
# U+FFFE/U+FFFF. Every writer of XML (feeds, sitemap, SVG) passes its text through this.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# At the source also DEL and the C1 controls: never text, and YAML refuses them raw.
# The separators among them become a space, so "met\x0bthe" does not read "metthe".
_SOURCE_SPACE = re.compile("[\x0b\x0c\x1c-\x1f\x85]")
_SOURCE_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Either of the two: clean text (nearly all of it) is scanned once, not once for each.
_SOURCE_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Invisible in a name but different to a comparison: zero-width space, joiners, word
# joiner, BOM, soft hyphen, and the bidi marks, embeddings, overrides and isolates.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff\u061c\u202a-\u202e\u2066-\u2069]")


def xml_safe(text: str) -> str:
    """TEXT without the characters XML 1.0 forbids; everything else is left as it is."""
    if _XML_FORBIDDEN.search(text) is None:
        return text
    return _XML_FORBIDDEN.sub("", text)


def clean_text(text: str) -> str:
    """Source text (seed, front matter, config) in NFC without control characters.

    Tab, LF and CR stay; vertical tab, form feed and the C0/C1 separators become a
    space; the other controls, lone surrogates and U+FFFE/U+FFFF are dropped.
    """
    if _SOURCE_ANY.search(text) is not None:
        text = _SOURCE_FORBIDDEN.sub("", _SOURCE_SPACE.sub(" ", text))
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def clean_name(name: str) -> str:
    """A name as it is compared and slugged: clean text, no invisible marks, single spaces.

    NFC and NFD "Zürich", and "Zü\\u200brich", all become the same "Zürich".
    """
    name = clean_text(name)
    if not name.isascii():
        name = _INVISIBLE.sub("", name)
    return " ".join(name.split())


def clean_data(value: Any) -> Any:
    """VALUE (parsed YAML) with clean_text applied to every string in it, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_data(item) for item in value]
    if isinstance(value, dict):
        return {clean_data(key): clean_data(item) for key, item in value.items()}
    return value
