"""Canonical names across the site: which names of one briefing other briefings spell in full.

Inside one briefing the extractor already merges "Biden" into "Joe Biden". Across briefings a
wrong merge is a false statement on an actor page ("NPR" → "NPR Hamza bin Laden", the chef
"Łukasz" → the minister "Łukasz Szumowski"), so a name is rewritten only by one of these
rules, tried in order (each decision is a `Merge` with its evidence):

1. **spelling**: the same words in another spelling ("Recep Tayyip Erdogan" / "Erdoğan",
   "Shari'a" / "Sharia", "Washington, D.C." / "Washington DC"); the spelling most briefings
   use wins (ties: the first in sorted order).
2. **country**: the same country ("Britain", "United Kingdom"); the gazetteer's name wins when
   the site uses it, else the commonest form.
3. **country-qualified spelling**: one body with its country written another way ("U.S. House
   of Representatives", "United States House of Representatives", "House of Representatives
   of the United States"); the spelling that writes the country as most of the site's
   bodies of that country do wins, so that the site writes a country one way ("United
   States Senate" beside "United States Congress"), then the spelling most briefings use.
4. **middle name**: one person with or without middle initials ("John R. Bolton" /
   "John Bolton"), when no two different sets of initials share that first and last name
   ("George W. Bush" beside "George H. W. Bush" stays apart).
5. **surname**: a surname alone ("Pelosi", "bin Laden") becomes the one person-like full name
   that ends with it and that other briefings dated within `WINDOW_DAYS` of this one use.
   Never for an acronym ("NPR", "ABC"), a place ("Jordan"), a known outlet or company, or a
   name the site uses as an organisation ("Bloomberg" beside "Bloomberg News"), nor for a
   given name (a word the site uses as the first word of a person's name: "Łukasz").
6. **home country**: an unqualified body ("House of Representatives", "Supreme Court")
   becomes the site's one country-qualified form of it in the briefing's own leading country
   (the country most of its places are in), seen within the window. In a briefing about a
   state's or province's own politics (`regional`), bodies such regions have too ("Senate",
   "Supreme Court", "Parliament") stay as written: "the Senate" of an Alabama story is
   Alabama's. Bodies a country has many of (embassies, consulates) never merge by
   country.

Anything else stays as written. A decision depends only on the set of names, briefings and
dates the index holds, never on the order they were added: ingesting the same seeds in any
order gives the same front matter.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.extract.names import is_acronym, words_key

WINDOW_DAYS = 183
"""A surname or an unqualified body joins a full name seen within this many days (either side)."""

DOMINANT_RATIO = 4
"""A bare surname shared by several people on the site joins the one this many times as
many briefings name as any other (within the window)."""
DOMINANT_LEAST = 5
"""... and at least this many briefings name."""

EVIDENCE_SHOWN = 8
"""How many of the briefings behind a merge are kept as its evidence (all are counted)."""

# Outlets, agencies and companies whose one-word name is also a surname: "Bloomberg contacted
# Facebook" is the company, not Michael Bloomberg. Sites that need more add the name to
# `types:` in content/_entities.yaml, which pins a name as written.
KNOWN_ORGANISATIONS = frozenset(
    """
    bloomberg reuters forbes fox gallup nielsen ipsos yougov reuters politico axios vox
    ford disney boeing dell hilton marriott kellogg pfizer merck moderna novartis bayer
    mattel walmart barclays lloyds sainsbury tesco dyson ferrari porsche bentley ferrero
    nobel pulitzer oscar grammy emmy guinness heineken carlsberg cadbury nestle siemens bosch
    philips michelin renault peugeot citroen toyota honda suzuki yamaha nissan hyundai
    samsung sony panasonic nintendo tesla chanel dior gucci prada versace armani hermes
    mercedes daimler benz volvo ikea lego nike adidas puma reebok spotify twitter facebook
    google amazon apple microsoft netflix uber lyft airbnb paypal oracle intel cisco ibm hp
    goldman morgan schwab fidelity vanguard deloitte mckinsey accenture kpmg pwc
    kroger costco target sears macy carrefour aldi lidl
    """.split()
)

# Bodies a country has many of: "US Embassy" in London is not the "United States Embassy"
# in Baghdad, so these never merge by country ("U.S. District Court", "US Consulate").
MANY_PER_COUNTRY = frozenset(
    """
    embassy embassies consulate consulates mission missions base bases office offices school
    schools university hospital hospitals airport airports station stations prison prisons
    district attorney attorney's port city county state
    """.split()
)

# Bodies a US state, a province or a Land has too: in a briefing that names a region of its
# home country, "the Senate" may be the state's ("passed the Senate of the state").
REGIONAL_BODIES = frozenset(
    {
        ("senate",),
        ("house",),
        ("house", "of", "representatives"),
        ("house", "of", "delegates"),
        ("house", "of", "assembly"),
        ("assembly",),
        ("general", "assembly"),
        ("state", "assembly"),
        ("legislative", "assembly"),
        ("legislative", "council"),
        ("legislature",),
        ("parliament",),
        ("supreme", "court"),
        ("court", "of", "appeals"),
        ("court", "of", "appeal"),
        ("high", "court"),
        ("government",),
        ("cabinet",),
        ("police",),
        ("national", "guard"),
    }
)

# Country names that also name something larger: "America" is the continent too, and in
# the news often a part of another name ("Voice of America", "Captain America").
AMBIGUOUS_COUNTRY_NAMES = frozenset({("america",)})

_PARTICLES = frozenset(
    "de del della delle dei der den des di da do dos das du la le van von zu ter ten "
    "bin ibn bint ben al el ul ud y e st".split()
)


@dataclass(frozen=True, slots=True)
class Merge:
    """One name of a briefing listed under the name other briefings use for its entity."""

    name: str
    """The name as the briefing's own extraction wrote it (after the registry)."""
    canonical: str
    """The name it is listed under."""
    rule: str
    """Which rule allowed it: "spelling", "country", "country-qualified", "middle name",
    "surname" or "home country"."""
    reason: str
    """Why the rule applies, in one sentence a reader can check."""
    evidence: tuple[str, ...]
    """Sources of the other briefings that use the canonical name (nearest in date first)."""
    evidence_count: int
    """How many other briefings use it (in the window, for the rules that have one)."""


@dataclass(frozen=True, slots=True)
class _Sighting:
    source: str
    day: datetime.date | None


def _join_initials(key: tuple[str, ...]) -> tuple[str, ...]:
    """("u", "s", "house") → ("us", "house"): an acronym written with dots is one word."""
    out: list[str] = []
    run = ""
    for word in key:
        if len(word) == 1:
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return tuple(out)


def _country_of_words(words: tuple[str, ...]) -> str:
    """The ISO code when WORDS spell a country ("united states", "us", "uk"), else ""."""
    from briefgen.extract import gazetteer as gz

    if not words or len(words) > 4:
        return ""
    found = gz.lookup(" ".join(words))
    if found and found[0].kind == "country" and found[0].country_code:
        return found[0].country_code
    return ""


# These three are pure functions of a name, asked for each name of each briefing by the site
# index and again by every merge: cached per process (forked workers inherit what the parent
# filled while indexing).
@functools.lru_cache(maxsize=1 << 16)
def country_qualified(name: str) -> tuple[str, tuple[str, ...]] | None:
    """(country code, body words) of a country-qualified name, else None.

    "U.S. House of Representatives" and "House of Representatives of the United States" are
    both ("US", ("house", "of", "representatives")).
    """
    key = _join_initials(words_key(name))
    if len(key) < 2 or any(word in MANY_PER_COUNTRY for word in key):
        return None
    for size in (3, 2, 1):
        if len(key) > size:
            code = _country_of_words(key[:size])
            if code:
                return code, key[size:]
    if "of" in key:
        at = len(key) - 1 - key[::-1].index("of")
        tail = key[at + 1 :]
        if tail and tail[0] == "the":
            tail = tail[1:]
        code = _country_of_words(tail)
        if code and at > 0:
            return code, key[:at]
    return None


@functools.lru_cache(maxsize=1 << 16)
def country_style(name: str, code: str) -> str:
    """How the country-qualified NAME writes its country CODE: "U.S." of "U.S. Senate",
    "United States" of "United States Senate", "of the United States" of "Senate of the
    United States"."""
    words = name.split()
    for size in (3, 2, 1):
        if (
            len(words) > size
            and _country_of_words(_join_initials(words_key(" ".join(words[:size])))) == code
        ):
            return " ".join(words[:size])
    at = max((i for i, word in enumerate(words) if word == "of"), default=-1)
    return " ".join(words[at:]) if at > 0 else ""


@functools.lru_cache(maxsize=1 << 16)
def person_like(name: str) -> bool:
    """Two to four capitalised words that read as a person's name ("Hamza bin Laden").

    Not an acronym, a title, an organisation or place word, a number, or a known place.
    """
    from briefgen.extract import gazetteer as gz
    from briefgen.extract.lexicon import (
        LOC_HEAD_WORDS,
        MONTHS,
        NOT_NAMES,
        ORG_HEAD_WORDS,
        ORG_LEAD_WORDS,
        PERSON_TITLES,
        ROLE_WORDS,
        WEEKDAYS,
        demonym_forms,
    )

    parts = name.split()
    if not 2 <= len(parts) <= 4 or any(c.isdigit() for c in name):
        return False
    capitals = 0
    for part in parts:
        low = part.lower().strip(".,")
        if low in _PARTICLES:
            continue
        if not part[0].isupper():
            return False
        bare = part.replace(".", "")
        if len(bare) > 1 and is_acronym(part):
            return False  # "NPR Hamza bin Laden", "MSNBC Cummings"
        if low in PERSON_TITLES or low in ROLE_WORDS:
            return False  # "First Lady Melania Trump", "Speaker Nancy Pelosi"
        if low in ORG_HEAD_WORDS or low in ORG_LEAD_WORDS or low in LOC_HEAD_WORDS:
            return False
        if low in NOT_NAMES or low in MONTHS or low in WEEKDAYS or low in demonym_forms():
            return False  # "Central European Time", "Black Friday"
        capitals += 1
    return capitals >= 2 and not gz.lookup(name)


def regional_body(name: str) -> bool:
    """NAME is a body that states and provinces have too ("Senate", "House of Delegates").

    Only for such a name does `NameIndex.resolve` ask whether a briefing is about a region's
    own politics (its `regional` argument), so a caller may skip finding that out otherwise.
    """
    return _join_initials(words_key(name)) in REGIONAL_BODIES


# An apostrophe inside a word, not a possessive: "Shari'a", "Qur'an", "O'Rourke".
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’ʻ](?=[^\W\d_])(?!s\b)")


@functools.lru_cache(maxsize=1 << 16)
def spelling_key(name: str) -> tuple[str, ...]:
    """The words of NAME with its spelling folded: one key for one name however written.

    Accents, case and a leading "the" go (`words_key`), and so do an apostrophe inside a
    word ("Shari'a" and "Sharia") and the dots of initials ("Washington, D.C." and
    "Washington DC"), and "&" is "and" ("Rock & Roll Hall of Fame"): names that would
    share a URL slug on the site are one name.
    """
    if "'" in name or "’" in name or "ʻ" in name:
        name = _INNER_APOSTROPHE.sub("", name)
    if "&" in name:
        name = name.replace("&", " and ")
    return _join_initials(words_key(name))


def _person_key(name: str) -> tuple[str, ...]:
    """First and last word of a person's name when every middle word is an initial."""
    key = words_key(name)
    if len(key) > 2 and all(len(w) == 1 for w in key[1:-1]):
        return (key[0], key[-1])
    return key


def _middles(name: str) -> tuple[str, ...]:
    key = words_key(name)
    return key[1:-1] if len(key) > 2 else ()


class NameIndex:
    """The names one taxonomy (actors or locations) uses across the site, with where and when.

    Fill it with `add` (every briefing's names as its extraction wrote them), then ask
    `resolve` or `canonical` for each name of a briefing.
    """

    def __init__(
        self,
        names: Iterable[str] = (),
        *,
        fuller_forms: bool,
        window_days: int = WINDOW_DAYS,
    ) -> None:
        """FULLER_FORMS: allow the short-form rules (surname, home country); off for places.

        Places keep their own name: a short place name is often another place ("Sudan",
        "South Sudan"). Names given here count as used by one briefing each, with no date.
        """
        self._fuller_forms = fuller_forms
        self._window = window_days
        self._seen: dict[str, dict[str, _Sighting]] = {}
        self._by_key: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
        self._by_spelling: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
        self._by_country: defaultdict[str, set[str]] = defaultdict(set)
        self._by_body: defaultdict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
        self._by_bare_body: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
        self._by_last: defaultdict[str, set[str]] = defaultdict(set)
        self._by_person: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
        self._first_words: set[str] = set()
        self._org_first_words: set[str] = set()
        self._context: dict[str, set[str]] = {}
        self._anonymous = 0
        self._styles: dict[str, dict[str, int]] = {}
        """Country code → how the site writes it in bodies' names ("U.S.", "United States",
        "of the United States") → uses; made when asked, dropped by `add`."""
        for name in names:
            self.add(name)

    def add(self, name: str, *, source: str = "", day: datetime.date | None = None) -> None:
        """Remember that the briefing SOURCE (dated DAY) uses NAME."""
        from briefgen.extract.lexicon import ORG_HEAD_WORDS

        key = words_key(name)
        if not key:
            return
        if not source:
            self._anonymous += 1
            source = f"#{self._anonymous}"
        sightings = self._seen.setdefault(name, {})
        new = not sightings
        sightings[source] = _Sighting(source, day)
        self._styles.clear()  # the uses each way of writing a country counts have changed
        if not new:
            return
        self._by_key[key].add(name)
        self._by_spelling[spelling_key(name)].add(name)
        code = _country_code(name)
        if code:
            self._by_country[code].add(name)
        person = person_like(name)
        qualified = None if person else country_qualified(name)  # not "Chad Smith"
        if qualified:
            self._by_body[qualified].add(name)
            self._by_bare_body[qualified[1]].add(name)
        if person:
            self._by_last[key[-1]].add(name)
            self._by_person[_person_key(name)].add(name)
            self._first_words.add(key[0])
        elif len(key) >= 2 and key[-1] in ORG_HEAD_WORDS:
            self._org_first_words.add(key[0])

    def add_context(self, name: str, *, source: str) -> None:
        """Remember that the briefing SOURCE also names NAME (a place, for the actors).

        Context names are never merge targets; they only count as something a briefing
        shares with another (see `resolve`).
        """
        if source:
            self._context.setdefault(name, set()).add(source)

    # -- counting --------------------------------------------------------------------

    def _sources(self, names: Iterable[str], exclude: str = "") -> dict[str, _Sighting]:
        out: dict[str, _Sighting] = {}
        for name in names:
            for source, sighting in self._seen.get(name, {}).items():
                if source != exclude:
                    out[source] = sighting
        return out

    def _display(self, names: Iterable[str]) -> str:
        """The spelling most briefings use; ties go to the first in sorted order."""
        return min(names, key=lambda n: (-len(self._seen.get(n, ())), n))

    def _display_qualified(self, names: Iterable[str], code: str) -> str:
        """The spelling of one country's body the site lists it under: the one that writes
        the country as the site's bodies of that country mostly do ("U.S. Senate" beside
        "U.S. Congress", not "US Congress" beside "U.S. Senate"), then as `_display`."""
        styles = self._styles.get(code)
        if styles is None:
            styles = self._styles[code] = defaultdict(int)
            for (body_code, _), bodies in self._by_body.items():
                if body_code == code:
                    for body in bodies:
                        styles[country_style(body, code)] += len(self._seen.get(body, ()))
        usual = min(styles, key=lambda style: (-styles[style], style), default="")
        return min(
            names,
            key=lambda n: (country_style(n, code) != usual, -len(self._seen.get(n, ())), n),
        )

    def _in_window(self, names: Iterable[str], day: datetime.date | None, exclude: str) -> set[str]:
        """NAMES used by another briefing dated within the window of DAY (all when undated)."""
        kept = set()
        for name in names:
            for source, sighting in self._seen.get(name, {}).items():
                if source == exclude:
                    continue
                if (
                    day is None
                    or sighting.day is None
                    or abs((sighting.day - day).days) <= self._window
                ):
                    kept.add(name)
                    break
        return kept

    def _merge(
        self,
        name: str,
        canonical: str,
        rule: str,
        reason: str,
        group: Iterable[str],
        source: str,
        day: datetime.date | None,
        window: bool,
    ) -> Merge:
        sightings = self._sources(group, exclude=source)
        if window and day is not None:
            sightings = {
                s: v
                for s, v in sightings.items()
                if v.day is None or abs((v.day - day).days) <= self._window
            }
        nearest = sorted(
            sightings.values(),
            key=lambda v: (abs((v.day - day).days) if v.day and day else 0, v.source),
        )
        return Merge(
            name=name,
            canonical=canonical,
            rule=rule,
            reason=reason,
            evidence=tuple(v.source for v in nearest if not v.source.startswith("#"))[
                :EVIDENCE_SHOWN
            ],
            evidence_count=len(sightings),
        )

    # -- the rules ---------------------------------------------------------------------

    def resolve(
        self,
        name: str,
        *,
        source: str = "",
        day: datetime.date | None = None,
        home: str = "",
        context: Iterable[str] | None = None,
        regional: bool = False,
    ) -> Merge | None:
        """How the briefing SOURCE (dated DAY, mostly about the country HOME) lists NAME.

        CONTEXT is the briefing's other names: a surname joins a full name only when a
        briefing using that full name shares one of them (besides countries); without
        CONTEXT that check is skipped. REGIONAL: the briefing is about a state's or
        province's own politics, so a body such regions have too ("Senate") keeps its name.
        None when NAME stays as written; otherwise the `Merge` with the rule and evidence.
        """
        key = words_key(name)
        if not key:
            return None
        for rule in (self._spelling, self._country, self._qualified_spelling):
            found = rule(name, key, source, day)
            if found is not None:
                return found
        person = person_like(name)
        if person:
            found = self._middle_name(name, source, day)
            if found is not None:
                return found
        if not self._fuller_forms:
            return None
        if not person:
            found = self._surname(name, key, source, day, context)
            if found is not None:
                return found
        return self._home_country(name, key, source, day, home, regional)

    def canonical(
        self,
        name: str,
        *,
        source: str = "",
        day: datetime.date | None = None,
        home: str = "",
        context: Iterable[str] | None = None,
        regional: bool = False,
    ) -> str:
        """The name the site lists NAME's entity under (NAME itself when it stays)."""
        found = self.resolve(
            name, source=source, day=day, home=home, context=context, regional=regional
        )
        return name if found is None else found.canonical

    def _spelling(
        self, name: str, key: tuple[str, ...], source: str, day: datetime.date | None
    ) -> Merge | None:
        group = self._by_key.get(key, set()) | {name}
        if person_like(name) or country_qualified(name) is None:
            # A body's country written with or without dots ("U.S.", "US") is the next
            # rule's: it knows every spelling of the country, not only these two.
            group |= self._by_spelling.get(spelling_key(name), set())
        folded = spelling_key(name)
        # The plainest spelling first ("Washington DC" before "Washington, D.C.", "Sharia"
        # before "Shari'a"): its words are the folded words, as in its URL.
        plain = {n for n in group if words_key(n) == folded} or group
        best = self._display(plain)
        if best == name:
            return None
        return self._merge(
            name,
            best,
            "spelling",
            f"the same words; {best!r} is the plainest spelling most briefings use",
            [best],
            source,
            day,
            window=False,
        )

    def _country(
        self, name: str, key: tuple[str, ...], source: str, day: datetime.date | None
    ) -> Merge | None:
        from briefgen.extract import gazetteer as gz

        code = _country_code(name)
        if not code or key in AMBIGUOUS_COUNTRY_NAMES:
            return None
        group = self._by_country.get(code, set()) | {name}
        usual = gz.country_names().get(code, "")
        best = usual if usual in group else self._display(group)
        if best == name:
            return None
        return self._merge(
            name,
            best,
            "country",
            f"both name the country {code}",
            [best],
            source,
            day,
            window=False,
        )

    def _qualified_spelling(
        self, name: str, key: tuple[str, ...], source: str, day: datetime.date | None
    ) -> Merge | None:
        qualified = None if person_like(name) else country_qualified(name)
        if qualified is None:
            return None
        group = self._by_body.get(qualified, set()) | {name}
        best = self._display_qualified(group, qualified[0])
        if best == name:
            return None
        return self._merge(
            name,
            best,
            "country-qualified",
            f"the same body of the same country ({qualified[0]}) written another way",
            [best],
            source,
            day,
            window=False,
        )

    def _middle_name(self, name: str, source: str, day: datetime.date | None) -> Merge | None:
        pkey = _person_key(name)
        if len(pkey) != 2:
            return None
        group = self._in_window(self._by_person.get(pkey, set()), day, source) | {name}
        initials = {_middles(n) for n in group} - {()}
        if len(group) < 2 or len(initials) > 1:
            return None  # alone, or two people ("George W. Bush", "George H. W. Bush")
        best = self._display(group)
        if best == name:
            return None
        return self._merge(
            name,
            best,
            "middle name",
            "the same first and last name, differing only in middle initials",
            [best],
            source,
            day,
            window=True,
        )

    def _surname(
        self,
        name: str,
        key: tuple[str, ...],
        source: str,
        day: datetime.date | None,
        context: Iterable[str] | None,
    ) -> Merge | None:
        from briefgen.extract import gazetteer as gz
        from briefgen.extract.lexicon import ORG_HEAD_WORDS

        parts = name.split()
        if (
            not (len(parts) == 1 or (len(parts) == 2 and parts[0].lower() in _PARTICLES))
            or not parts[-1][:1].isupper()
        ):
            return None
        if is_acronym(name) or key[-1] in ORG_HEAD_WORDS:
            return None  # "NPR", "ABC", "Parliament"
        if " ".join(key) in KNOWN_ORGANISATIONS or key[0] in self._org_first_words:
            return None  # "Bloomberg": the outlet ("Bloomberg News" is on the site)
        if gz.lookup(name):
            return None  # a place ("Jordan", "Chad")
        if len(key) == 1 and key[0] in self._first_words:
            return None  # a given name ("Łukasz"): never joined to one bearer of it
        candidates = {
            full
            for full in self._by_last.get(key[-1], set())
            if len(words_key(full)) > len(key) and words_key(full)[-len(key) :] == key
        }
        candidates = self._in_window(candidates, day, source)
        person, how = self._bearer(candidates, day, source)
        if person is None:
            return None  # nobody, or several people with that surname, none far ahead
        group = self._by_person.get(person, set())
        if len({_middles(n) for n in group} - {()}) > 1:
            return None
        best = self._display(self._in_window(group, day, source))
        shared = ""
        if context is not None:
            shared = self._shared(group, context, {name}, day, source)
            if not shared:
                return None  # nothing else in common: "Saturn" the planet, the candidate
        also = f", and shares {shared!r} with a briefing that names {best!r}" if shared else ""
        return self._merge(
            name,
            best,
            "surname",
            f"{best!r} is {how} person-like full name ending in {name!r} within "
            f"{self._window} days, {name!r} is no acronym, place, outlet or given name{also}",
            group,
            source,
            day,
            window=True,
        )

    def _bearer(
        self, candidates: set[str], day: datetime.date | None, source: str
    ) -> tuple[tuple[str, ...] | None, str]:
        """The person the full names CANDIDATES (in the window) stand for, and how: the
        only one, or the one that DOMINANT_RATIO times as many briefings in the window name
        as any other bearer of the surname (at least DOMINANT_LEAST): a bare "Trump" beside
        40 briefings of Donald Trump and 2 of Ivanka Trump. (None, "") when neither."""
        people = {_person_key(full) for full in candidates}
        if len(people) <= 1:
            return (next(iter(people)), "the only") if people else (None, "")
        counts = sorted(
            (
                (len(self._sources(self._in_window(self._by_person[p], day, source), source)), p)
                for p in people
            ),
            reverse=True,
        )
        (top, person), (second, _) = counts[0], counts[1]
        if top >= DOMINANT_LEAST and top >= DOMINANT_RATIO * second:
            return person, f"by far the most named ({top} briefings against {second})"
        return None, ""

    def _shared(
        self,
        group: Iterable[str],
        context: Iterable[str],
        skip: set[str],
        day: datetime.date | None,
        source: str,
    ) -> str:
        """A name of CONTEXT that a briefing using GROUP (in the window) also lists, or ""."""
        wanted = {c for c in context if c not in skip and not _country_code(c)}
        wanted -= set(group)
        sources = {
            s
            for s in self._sources(group, exclude=source).values()
            if day is None or s.day is None or abs((s.day - day).days) <= self._window
        }
        for other in sorted(wanted):
            seen = set(self._seen.get(other, {})) | self._context.get(other, set())
            if any(s.source in seen for s in sources):
                return other
        return ""

    def _home_country(
        self,
        name: str,
        key: tuple[str, ...],
        source: str,
        day: datetime.date | None,
        home: str,
        regional: bool,
    ) -> Merge | None:
        if not home or is_acronym(name) or country_qualified(name) is not None:
            return None
        joined = _join_initials(key)
        if any(word in MANY_PER_COUNTRY for word in joined):
            return None
        if regional and joined in REGIONAL_BODIES:
            return None  # "the Senate" of an Alabama story
        bodies = self._by_bare_body.get(joined, set())
        group = self._in_window(
            {full for full in bodies if (country_qualified(full) or ("",))[0] == home},
            day,
            source,
        )
        if not group:
            return None
        # The body's one site-wide spelling, as the country-qualified rule gives it.
        best = self._display_qualified(self._by_body.get((home, joined), group), home)
        return self._merge(
            name,
            best,
            "home country",
            f"the briefing is mostly about {home}, and {best!r} is the site's name for "
            f"that country's {name} within {self._window} days",
            group,
            source,
            day,
            window=True,
        )


@functools.lru_cache(maxsize=1 << 16)
def _country_code(name: str) -> str:
    """The ISO code when NAME names a whole country ("Britain" → "GB"), else ""."""
    from briefgen.extract import gazetteer as gz

    found = gz.lookup(name)
    if found and found[0].kind == "country" and found[0].country_code:
        return found[0].country_code
    return ""
