"""Canonical names across the site: one index of the names content/ already uses.

`canonicalize_across` answers for one article; ingesting thousands of seeds needs the known
names indexed once (by first word, last word, acronym and country) and grown as each new
briefing is written, so that every lookup costs a few comparisons, not one per known name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from briefgen.extract.names import acronym_of, is_acronym, words_key


class NameIndex:
    """The canonical names of one taxonomy (actors or locations) used across the site."""

    def __init__(self, names: Iterable[str] = (), *, fuller_forms: bool) -> None:
        """FULLER_FORMS: map a short name to its one fuller known form ("Biden" → "Joe Biden").

        Off for places, where a short name is often another place ("Sudan", "South Sudan").
        """
        self._fuller_forms = fuller_forms
        self._by_key: dict[tuple[str, ...], str] = {}
        self._by_country: dict[str, str] = {}
        self._by_word: defaultdict[str, set[str]] = defaultdict(set)
        self._by_acronym: defaultdict[str, set[str]] = defaultdict(set)
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        """Remember NAME as a canonical name the site uses (the first spelling wins)."""
        from briefgen.extract.engine import country_code

        key = words_key(name)
        if not key or key in self._by_key:
            return
        self._by_key[key] = name
        code = country_code(name)
        if code:
            self._by_country.setdefault(code, name)
        if self._fuller_forms:
            self._by_word[key[0]].add(name)
            self._by_word[key[-1]].add(name)
            acronym = acronym_of(name)
            if len(acronym) >= 2:
                self._by_acronym[acronym].add(name)

    def canonical(self, name: str) -> str:
        """The name the site already uses for NAME's entity, or NAME itself."""
        from briefgen.extract.engine import country_code

        key = words_key(name)
        if not key:
            return name
        if key in self._by_key:
            return self._by_key[key]
        code = country_code(name)
        if code:
            return self._by_country.get(code, name)
        if not self._fuller_forms:
            return name
        candidates = self._by_word.get(key[0], set()) | self._by_word.get(key[-1], set())
        if is_acronym(name):
            candidates |= self._by_acronym.get(name.replace(".", "").strip().casefold(), set())
        matches = sorted(known for known in candidates if _fuller(name, known))
        return matches[0] if len(matches) == 1 else name


def _fuller(name: str, known: str) -> bool:
    """KNOWN is a fuller (or same-length variant) form of NAME."""
    a, b = words_key(name), words_key(known)
    if not a or not b or a == b:
        return False
    if is_acronym(name) and name.replace(".", "").strip().casefold() == acronym_of(known):
        return True
    if len(a) < len(b) and (b[-len(a) :] == a or b[: len(a)] == a):
        return True
    # "John R. Bolton" ~ "John Bolton": same first and last word.
    return len(a) >= 2 and len(b) >= 2 and a[0] == b[0] and a[-1] == b[-1]
