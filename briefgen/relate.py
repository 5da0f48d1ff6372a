"""Relations between briefings: related lists, story threads, and what a term page shows.

Pure functions over articles, used by assemble. Everything here runs in about n·k steps
through an inverted index from actor or place to the briefings that name it; a term named by
many briefings only contributes its postings nearest in time, so a 10,000-briefing site with
"United States" in half its briefings costs no more than one with rarer names.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import datetime
import gc
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, compress, islice, repeat
from operator import attrgetter, itemgetter
from typing import Any, Generic, TypeVar, cast

from briefgen.geo import is_country
from briefgen.model import (
    Article,
    Counterpart,
    MapPoint,
    MonthCount,
    Place,
    Relations,
    Taxonomy,
    TermProfile,
    Thread,
    ThreadCount,
)

# The taxonomies whose names say who and where: relatedness and threads are built on these.
ENTITY_TAXONOMIES = ("actors", "locations")
RELATED_COUNT = 5
# A term contributes at most this many postings on each side (in time) of a briefing.
POSTING_REACH = 10
# A name carried by more than this share of the site (and more than COMMON_FLOOR briefings)
# says nothing about which briefings belong together: it finds no candidates (its weight
# would be close to 0 anyway), which on a large site saves most of the work.
COMMON_SHARE = 0.5
COMMON_FLOOR = 100
# Halves a related briefing's score when it lies this many days away.
TIME_SCALE_DAYS = 30.0
# Two briefings join one thread when they lie this close in time …
THREAD_DAYS = 4
# … share at least this many actors and places …
THREAD_MIN_SHARED = 2
# … and this much of their rarity-weighted names (cosine of the IDF-weighted sets).
THREAD_MIN_SIMILARITY = 0.45
# … and give evidence of one story, not just one country and city in the same week: a
# shared rare actor, or a shared rare place below country level and rare words of their
# titles and leads in common. Rare: named by at most this share of the site, or this many
# briefings.
THREAD_RARE_SHARE = 0.02
THREAD_RARE_FLOOR = 10
# The shared title and lead words (beyond the shared names) must weigh this much: their IDF
# over the site's titles and leads, summed. 2·ln(20): two words each in at most 1 briefing
# of 20, or one far rarer. One word is chance ("guilty" in two court stories from one
# city); "police" or "court" weigh little.
THREAD_MIN_TOPIC = 2 * math.log(20)
# An actor's last word alone ("Soleimani's burial") says the actor is written in a title or
# lead when that word is this rare over the site's titles and leads (IDF; at most 1 in 20).
THREAD_NAME_RARITY = math.log(20)
# … or it is among the first this many actors of both (front matter lists the most
# prominent first).
THREAD_LEAD_ACTORS = 3
THREAD_MIN_SIZE = 2
THREAD_NAMES = 10  # names shown on a thread's page
COUNTERPART_COUNT = 12

Entity = tuple[str, str]  # (taxonomy, name)
_E = TypeVar("_E", bound=Hashable)  # an entity, or its number in a site-wide numbering


def entities(article: Article) -> tuple[Entity, ...]:
    """The article's actors and places as (taxonomy, name), in front matter order."""
    return tuple((tax, name) for tax in ENTITY_TAXONOMIES for name in article.names(tax))


class _Index:
    """Postings per entity sorted by date, and each entity's rarity.

    Entities are numbered (their first appearance in TERMS): lists and sets of small ints
    cost less to hash and index than (taxonomy, name) pairs, at every step of the loops.
    Briefings are numbered in the order of the articles it was made from; an edit that
    moves a briefing's names or date keeps its number (`move`), so the numbering follows
    the site's order only until then: what is read from it never depends on that order
    (ties go to keys and days).
    """

    def __init__(
        self, articles: Sequence[Article], named: Sequence[tuple[Entity, ...]] | None = None
    ) -> None:
        self.articles = list(articles)
        self.keys = keys = [a.key for a in articles]
        self.number = {key: i for i, key in enumerate(keys)}
        """Briefing key → its number."""
        self.days = days = [a.date.toordinal() for a in articles]
        self.ids: dict[Entity, int] = {}
        """Entity → its number."""
        ids = self.ids
        self.terms = [
            tuple([ids.setdefault(t, len(ids)) for t in ts])
            for ts in (named if named is not None else [entities(a) for a in articles])
        ]
        self.entity_of = list(ids)  # number → (taxonomy, name)
        # Oldest first, ties by key: the order in which `bisect` finds neighbours in time.
        # Filled in that order, every posting list comes out sorted.
        postings: list[list[int]] = [[] for _ in range(len(ids))]
        for i in sorted(range(len(articles)), key=lambda i: (days[i], keys[i])):
            for t in self.terms[i]:
                postings[t].append(i)
        self.postings = postings
        self.posting_days = [[days[i] for i in ids_] for ids_ in postings]
        self.total = len(articles)
        self.idf = [self.rarity(len(ids_)) for ids_ in postings]
        self.token: object = None
        """Who may use or change it (see `_Claim`); None while an edit changes it."""

    def rarity(self, size: int) -> float:
        """The IDF of a name SIZE briefings carry: smoothed, so a name in every briefing
        still weighs a little, a unique one the most."""
        return math.log((self.total + 1) / (size + 0.5))

    def move(self, key: str, article: Article, names: tuple[Entity, ...]) -> None:
        """Take in ARTICLE, briefing KEY with new NAMES or another date, in place.

        Its postings leave the lists of its old names and join those of NAMES where its
        (day, key) belongs; a name never seen before gets a number (an empty list once its
        briefings lose it: as unread as a name the site never held). Only the rarity of
        names whose count changed moves.
        """
        i = self.number[key]
        keys, days, postings, posting_days = self.keys, self.days, self.postings, self.posting_days

        def order(o: int) -> tuple[int, str]:
            return days[o], keys[o]

        old_terms = self.terms[i]
        for t in old_terms:
            at = bisect.bisect_left(postings[t], (days[i], key), key=order)
            if at >= len(postings[t]) or postings[t][at] != i:
                raise LookupError(key)  # not as the index holds it: made afresh
            del postings[t][at]
            del posting_days[t][at]
        day = days[i] = article.date.toordinal()
        ids = self.ids
        for entity in names:
            if entity not in ids:
                ids[entity] = len(self.entity_of)
                self.entity_of.append(entity)
                postings.append([])
                posting_days.append([])
                self.idf.append(0.0)
        terms = self.terms[i] = tuple([ids[e] for e in names])
        for t in terms:
            at = bisect.bisect_left(postings[t], (day, key), key=order)
            postings[t].insert(at, i)
            posting_days[t].insert(at, day)
        for t in {*old_terms, *terms}:
            self.idf[t] = self.rarity(len(postings[t]))
        self.articles[i] = article


@dataclasses.dataclass(frozen=True, slots=True)
class _Claim:
    """An `_Index` and the token it held when a Relations kept it (`Relations.index`).

    The index is changed in place by the next edit (`_Index.move`), which gives it a new
    token: an older Relations that still points at it no longer holds it, and indexes its
    site afresh if asked again (a copy made by `dataclasses.replace` shares the claim).
    """

    index: _Index
    token: object

    @staticmethod
    def make(index: _Index) -> _Claim:
        """A claim on INDEX, which from now on only this claim may change."""
        index.token = token = object()
        return _Claim(index, token)


def _held_index(relations: Relations | None) -> _Index | None:
    """The index RELATIONS keeps, when it is still theirs; taken from them (an edit changes
    it now: a failure midway leaves no one holding a half-changed index)."""
    claim = relations.index if relations is not None else None
    if not isinstance(claim, _Claim) or claim.index.token is not claim.token:
        return None
    claim.index.token = None
    return claim.index


def relate_site(
    articles: Sequence[Article],
    taxonomies: Sequence[Taxonomy],
    previous: Relations | None = None,
    titles: TitleCounts | None = None,
    *,
    changed: Sequence[tuple[Article | None, Article | None]] | None = None,
    positions: Mapping[str, int] | None = None,
) -> Relations:
    """Related lists, threads and term profiles of the site; reuse PREVIOUS when it still holds.

    They depend only on each briefing's key, URL, date, actors, locations and places, and
    on the term URLs: when none of these changed (an edited title or body, the usual edit
    in `briefgen serve`), PREVIOUS is carried over, with the new Article objects put in
    place of the old ones in the lists and threads that hold them. When some briefings
    took other names, places or dates, only what those reach is computed again
    (`relate_moved`); TITLES, the title counts of ARTICLES when known, spare weighing every
    title again to name the threads that changed.

    CHANGED, when given, promises that ARTICLES are PREVIOUS's briefings with these
    (old, new) pairs replaced (None: one that came or went), every other one the very
    object PREVIOUS read: only those are compared, not the whole site. POSITIONS, when
    given, is each briefing's place in ARTICLES (`Site.positions`).
    """
    seen = _Inputs(articles, previous, changed)
    inputs, renewed, moved = seen.inputs, seen.renewed, seen.moved
    term_urls = tuple([(tax.name, t.name, t.url_path) for tax in taxonomies for t in tax.terms])
    if seen.same and previous is not None and previous.term_urls == term_urls:
        carried = _renew(previous, renewed, inputs, term_urls)
        if carried is not None:
            return carried
    if seen.known and previous is not None and moved:
        # The same briefings, some with other names, places or dates: only what those
        # touch is computed again (see `_relate_moved`).
        with _collector_paused():
            shifted = _relate_moved(
                articles, taxonomies, previous, seen, term_urls, titles, positions
            )
        if shifted is not None:
            return shifted
    named = seen.named
    with _collector_paused():
        related, threads, index, word_idf = _relate_all(articles, named=named)
        by_key = {a.key: names for a, names in zip(articles, named, strict=True)}
        listed_in: dict[str, list[str]] = defaultdict(list)
        for key, listed in related.items():
            for other in listed:
                listed_in[other.key].append(key)
        profiles = term_profiles(taxonomies, by_key, articles)
    return Relations(
        related=related,
        threads=threads,
        profiles=profiles,
        listed_in={k: tuple(v) for k, v in listed_in.items()},
        inputs=inputs,
        term_urls=term_urls,
        word_idf=word_idf,
        index=_Claim.make(index),
    )


class _Inputs:
    """What relations read of each briefing, compared with what PREVIOUS read of it.

    With CHANGED, the (old, new) pairs that alone differ from PREVIOUS's briefings, only
    those are compared (see `relate_site`); else every briefing of ARTICLES.
    """

    def __init__(
        self,
        articles: Sequence[Article],
        previous: Relations | None,
        changed: Sequence[tuple[Article | None, Article | None]] | None = None,
    ) -> None:
        before = previous.inputs if previous is not None else {}
        self.articles = articles
        self._named: list[tuple[Entity, ...]] | None = None
        self.inputs: dict[str, tuple[Article, tuple[Any, ...]]] = {}
        """Key → (article, (URL, day, entities, places)), as `Relations.inputs` holds it."""
        self.renewed: list[str] = []
        """Keys of new Article objects whose inputs are unchanged."""
        self.moved: list[str] = []
        """Keys of briefings PREVIOUS knew whose inputs changed."""
        self.known = previous is not None and len(before) == len(articles)
        """True when PREVIOUS holds the very same briefings (by key)."""
        self.same = self.known
        """True when, besides, no briefing's inputs changed."""
        if (
            changed is not None
            and self.known
            and all(old is not None and new is not None for old, new in changed)
        ):
            self.inputs = dict(before)  # copied in C; only the changed ones are read
            for _old, new in changed:
                assert new is not None
                self._compare(new, before)
            return
        self._named = named = []
        for article in articles:
            named.append(self._compare(article, before))

    def _compare(
        self, article: Article, before: Mapping[str, tuple[Article, tuple[Any, ...]]]
    ) -> tuple[Entity, ...]:
        """Take ARTICLE's inputs, compared with BEFORE's; its entities."""
        old = before.get(article.key)
        if old is not None and old[0] is article:  # read once, untouched since
            self.inputs[article.key] = old
            return cast("tuple[Entity, ...]", old[1][2])
        entry = (article.url_path, article.date.toordinal(), entities(article), article.places)
        self.inputs[article.key] = (article, entry)
        if old is not None and old[1] == entry:
            self.renewed.append(article.key)
        else:
            self.same = False
            if old is None:
                self.known = False
            else:
                self.moved.append(article.key)
        return entry[2]

    @property
    def named(self) -> list[tuple[Entity, ...]]:
        """Each article's entities, in the order of ARTICLES (computed once)."""
        if self._named is None:
            inputs = self.inputs
            self._named = [inputs[a.key][1][2] for a in self.articles]
        return self._named


def relate_moved(
    articles: Sequence[Article],
    taxonomies: Sequence[Taxonomy],
    previous: Relations,
    titles: TitleCounts | None = None,
) -> Relations | None:
    """What `relate_site` gives when briefings of PREVIOUS took new names, places or dates,
    computed from PREVIOUS; None when that cannot be done in part (then `relate_site`
    computes everything), or when no briefing moved.

    For tests and benchmarks that count how often an edit falls back to the full work.
    """
    seen = _Inputs(articles, previous)
    if not seen.known or not seen.moved:
        return None
    term_urls = tuple([(tax.name, t.name, t.url_path) for tax in taxonomies for t in tax.terms])
    with _collector_paused():
        return _relate_moved(articles, taxonomies, previous, seen, term_urls, titles)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold Python's cycle collector while the relations of a whole site are computed.

    They allocate hundreds of thousands of short-lived dicts, lists and tuples and keep
    tens of thousands: each such run of allocations starts a collection, and the oldest
    generation's walk every site object (a fifth of relate_site's time at 10,000
    briefings). What they free holds no cycles, so reference counting frees it at once;
    anything else is collected when the collector runs again after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _renew(
    previous: Relations,
    renewed: list[str],
    inputs: dict[str, tuple[Article, tuple[Any, ...]]],
    term_urls: tuple[tuple[str, str, str], ...],
) -> Relations | None:
    """PREVIOUS with the Article objects of RENEWED keys replaced wherever they appear.

    None when an edited title or lead joins or splits threads: then everything is computed
    afresh (new profiles tell `reassemble_site` that more than a rename happened).
    """
    related = dict(previous.related)
    fresh = set(renewed)
    touched = set(renewed)
    for key in renewed:
        touched.update(previous.listed_in.get(key, ()))
    for key in touched:
        related[key] = tuple(inputs[a.key][0] for a in previous.related.get(key, ()))
    # Thread titles come from the briefings' titles and leads, weighed against every title
    # of the site, and a link can rest on words the leads share: when one of those changed,
    # the threads are found again (without the related lists, which rest on names alone).
    reworded = any(
        (old.title, old.summary) != (new.title, new.summary)
        for key in renewed
        for old, new in [(previous.inputs[key][0], inputs[key][0])]
    )
    if reworded:
        threads = find_threads(
            [article for article, _entry in inputs.values()],
            named=[entry[2] for _article, entry in inputs.values()],
        )
        if [_members(t) for t in threads] != [_members(t) for t in previous.threads]:
            return None
    else:
        threads = tuple(
            dataclasses.replace(t, articles=tuple(inputs[a.key][0] for a in t.articles))
            if any(a.key in fresh for a in t.articles)
            else t
            for t in previous.threads
        )
    return Relations(
        related=related,
        threads=threads,
        profiles=previous.profiles,
        listed_in=previous.listed_in,
        inputs=inputs,
        term_urls=term_urls,
        word_idf=None if reworded else previous.word_idf,
        index=_carry_index(previous, renewed, inputs),
    )


def _carry_index(
    previous: Relations,
    renewed: Iterable[str],
    inputs: Mapping[str, tuple[Article, tuple[Any, ...]]],
) -> _Claim | None:
    """PREVIOUS's index, taken over with the new objects of the RENEWED briefings (their
    names and dates unchanged) put in; None when PREVIOUS holds none."""
    index = _held_index(previous)
    if index is None:
        return None
    number, held = index.number, index.articles
    for key in renewed:
        held[number[key]] = inputs[key][0]
    return _Claim.make(index)


def _members(thread: Thread) -> tuple[str, tuple[str, ...]]:
    """What a thread is, its title aside: its URL and its briefings' keys."""
    return thread.url_path, tuple(a.key for a in thread.articles)


def relate_articles(
    articles: Sequence[Article], count: int = RELATED_COUNT
) -> Mapping[str, tuple[Article, ...]]:
    """Each article's key → up to COUNT related briefings, best first (see `relate_all`)."""
    return relate_all(articles, count)[0]


def relate_all(
    articles: Sequence[Article],
    count: int = RELATED_COUNT,
    named: Sequence[tuple[Entity, ...]] | None = None,
) -> tuple[dict[str, tuple[Article, ...]], tuple[Thread, ...]]:
    """Find every briefing's related briefings and group story threads, in one pass.

    Related score: the IDF of every shared actor and place, summed, divided by
    (1 + days apart / 30). Ties go to the nearer in time, then the newer, then the smaller
    key, so the order is stable. A briefing is never related to itself; one that shares
    nothing is never listed.

    Threads: briefings linked as one story (see `_Linker`); a thread is a connected group
    of two or more. A story that runs for weeks stays one thread while no gap exceeds
    THREAD_DAYS.

    NAMED, when given, holds each article's `entities`, in the order of ARTICLES.
    """
    related, threads, _index, _words = _relate_all(articles, count, named)
    return related, threads


def _relate_all(
    articles: Sequence[Article],
    count: int = RELATED_COUNT,
    named: Sequence[tuple[Entity, ...]] | None = None,
) -> tuple[dict[str, tuple[Article, ...]], tuple[Thread, ...], _Index, Mapping[str, float] | None]:
    """`relate_all`, with the index it made and the site's word rarity when the thread
    links counted it (both kept for the next edit in serve)."""
    index = _Index(articles, named)
    days, keys = index.days, index.keys
    sizes = [len(ids) for ids in index.postings]
    crowded = max(COMMON_FLOOR, COMMON_SHARE * len(articles))
    candidates_from = [tuple([t for t in ts if sizes[t] <= crowded]) for ts in index.terms]
    scale = _time_scale(days)
    linker = _Linker(index)

    related: dict[str, tuple[Article, ...]] = {}
    for me in range(len(articles)):
        related[keys[me]] = _related_one(index, me, count, candidates_from[me], scale, keys)
        linker.link(me)
    return related, linker.threads(), index, linker.word_idf if linker.words is not None else None


def find_threads(
    articles: Sequence[Article], named: Sequence[tuple[Entity, ...]] | None = None
) -> tuple[Thread, ...]:
    """Story threads, latest activity first: those of `relate_all`, without related lists.

    NAMED, when given, holds each article's `entities`, in the order of ARTICLES.
    """
    linker = _Linker(_Index(articles, named))
    for me in range(len(articles)):
        linker.link(me)
    return linker.threads()


# Reading the words of every title and lead for their rarity: punctuation other than the
# hyphens and apostrophes inside words becomes a space, and str.split does the rest (in C,
# several times faster than _WORD over a site); the joiners left at a word's ends are cut.
_JOINERS = "-'’"
_GAPS = str.maketrans({c: " " for c in '!"#$%&()*+,./:;<=>?@[\\]^_`{|}~“”‘«»—–…·•'})
_ACTOR, _LOCAL, _WIDE = 0, 1, 2  # an actor, a place below country level, a country or wider


_V = TypeVar("_V")


class _Lazy(Generic[_V]):
    """A per-briefing list whose items are made when first read, then kept."""

    __slots__ = ("_make", "_memo")

    def __init__(self, make: Callable[[int], _V]) -> None:
        self._make = make
        self._memo: dict[int, _V] = {}

    def __getitem__(self, i: int) -> _V:
        memo = self._memo
        if i in memo:
            return memo[i]
        value = memo[i] = self._make(i)
        return value


class _Linker:
    """Which briefings of one `_Index` are one story: a union-find over evidence of it.

    Two briefings are linked when they lie at most THREAD_DAYS apart, share at least
    THREAD_MIN_SHARED actors or places, the IDF-weighted cosine of their names (those
    another briefing also names) reaches THREAD_MIN_SIMILARITY, and they show one story:
    a shared rare actor (named by at most THREAD_RARE_SHARE of the site, or
    THREAD_RARE_FLOOR briefings), or a shared rare place below country level together with
    rare words in common in their titles and leads (words of the shared names left out;
    their IDF summed reaches THREAD_MIN_TOPIC). A country and a city alone are no story:
    the same week brings many briefings from one capital. Words are read only for pairs
    that need them, and the site's word rarity once, when a first pair does.
    """

    def __init__(
        self, index: _Index, *, lazy: bool = False, word_idf: Mapping[str, float] | None = None
    ) -> None:
        """LAZY: each briefing's names and norm are made when first read (an edit in serve
        reads those of a few briefings of thousands), not all at once. WORD_IDF, the
        site's word rarity when known (`Relations.word_idf`), spares counting every title
        and lead again."""
        self.index = index
        idf, terms = index.idf, index.terms
        sizes = [len(ids) for ids in index.postings]

        def norm(ts: tuple[int, ...]) -> float:
            # A name no other briefing carries can never be shared: leaving it out of the
            # norm keeps a follow-up that names new people as well from looking less like
            # its story.
            return math.sqrt(sum(idf[t] ** 2 for t in ts if sizes[t] > 1))

        self.sets: list[frozenset[int]] | _Lazy[frozenset[int]]
        self.norms: list[float] | _Lazy[float]
        if lazy:
            self.sets = _Lazy(lambda i: frozenset(terms[i]))
            self.norms = _Lazy(lambda i: norm(terms[i]))
        else:
            self.sets = [frozenset(t) for t in terms]
            self.norms = [norm(ts) for ts in terms]
        rare = max(THREAD_RARE_FLOOR, THREAD_RARE_SHARE * len(index.articles))
        self.is_rare = [size <= rare for size in sizes]
        self.parent = list(range(len(index.articles)))
        self.kinds: dict[int, int] = {}  # entity number → _ACTOR, _LOCAL or _WIDE, as asked
        # Each briefing's title and lead words, read when a pair needs them.
        self.words: list[frozenset[str] | None] | None = None
        self.word_idf: Mapping[str, float] = {}
        if word_idf is not None:
            self.word_idf = word_idf
            self.words = [None] * len(index.articles)
        self.stems: dict[str, str] = {}
        self.stems_of_forms: dict[str, str] = {}  # `_tokens`' memo of `_stem`

    def root(self, i: int) -> int:
        """The representative of I's group (with path halving)."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def link(self, me: int) -> None:
        """Join briefing ME with every later-numbered briefing that tells its story."""
        for other in self.partners(me, later_only=True):
            a, b = self.root(me), self.root(other)
            if a != b:
                self.parent[max(a, b)] = min(a, b)

    def partners(self, me: int, *, later_only: bool) -> list[int]:
        """The briefings that tell ME's story: later-numbered ones only, or all (an edit
        in serve asks for both sides; each pair is tested with its earlier one first)."""
        if not self.norms[me]:
            return []
        index, is_rare, sets, norms = self.index, self.is_rare, self.sets, self.norms
        day, idf = index.days[me], index.idf
        # A link needs a shared rare name: only those names' postings within THREAD_DAYS
        # can hold a partner, and bisect finds that stretch of days at once.
        partners: set[int] = set()
        floor = me if later_only else -1
        for term in index.terms[me]:
            if is_rare[term]:
                on_days = index.posting_days[term]
                lo = bisect.bisect_left(on_days, day - THREAD_DAYS)
                hi = bisect.bisect_right(on_days, day + THREAD_DAYS)
                partners.update([o for o in index.postings[term][lo:hi] if o > floor])
        partners.discard(me)
        found: list[int] = []
        for other in sorted(partners):
            first, second = (me, other) if me < other else (other, me)
            common = sets[first] & sets[second]
            if len(common) < THREAD_MIN_SHARED:
                continue
            rare = [t for t in common if is_rare[t]]
            if not rare:
                continue
            dot = sum(idf[t] ** 2 for t in common)
            if dot / (norms[first] * norms[second]) < THREAD_MIN_SIMILARITY:
                continue
            if self.one_story(first, second, rare, common):
                found.append(other)
        return found

    def one_story(self, me: int, other: int, rare: list[int], common: frozenset[int]) -> bool:
        """Whether ME and OTHER, sharing the names COMMON (RARE among them), tell one story.

        A shared rare actor is the story when one of the two writes it in its title or
        lead, or both list it among their first THREAD_LEAD_ACTORS actors (most prominent
        first); named only further down in both (a source both cite, a runner's earlier
        record), it counts like a shared rare place: the titles and leads must share rare
        words too. Either way, two reports of one kind of event at two named occasions
        ("the Chicago Marathon", and a marathon run in Vienna) are two stories
        (`occasions`).
        """
        kinds = [self.kind(t, me) for t in rare]
        if _ACTOR in kinds:
            terms = self.index.terms
            shown = any(
                self.writes(i, t)
                or (
                    terms[me].index(t) < THREAD_LEAD_ACTORS
                    and terms[other].index(t) < THREAD_LEAD_ACTORS
                )
                for t in rare
                if self.kinds[t] == _ACTOR
                for i in (me, other)
            )
            if not shown:
                kinds = [_LOCAL if k == _ACTOR else k for k in kinds]
        if _ACTOR not in kinds and (
            _LOCAL not in kinds or self.topic_weight(me, other, common) < THREAD_MIN_TOPIC
        ):
            return False
        return not self.occasions(me, other, common)

    def writes(self, i: int, term: int) -> bool:
        """Whether briefing I writes actor TERM in its title or lead: every word of the
        name, or its last word ("Soleimani's burial") when that word is rare on the site."""
        stems = self.name_stems(term)
        if not stems:
            return False
        words = self.words_of(i)
        if stems <= words:
            return True
        last = self.stem(_WORD.findall(self.index.entity_of[term][1])[-1])
        return last in words and self.word_idf.get(last, 0.0) >= THREAD_NAME_RARITY

    def name_stems(self, term: int) -> frozenset[str]:
        """The stems of entity TERM's name that can tell a story (see `stem`)."""
        found = {self.stem(w) for w in _WORD.findall(self.index.entity_of[term][1])}
        found.discard("")
        return frozenset(found)

    def words_of(self, i: int) -> frozenset[str]:
        """The stems of briefing I's title and lead (see `read_words`), read once."""
        if self.words is None:
            self.count_words()
        words = self.words
        assert words is not None
        found = words[i]
        if found is None:
            found = words[i] = self.read_words(self.index.articles[i])
        return found

    def occasions(self, me: int, other: int, common: frozenset[int]) -> bool:
        """Whether ME and OTHER report one kind of event at two named occasions.

        One of them ends a name of capitalised words with a word both write, one written
        in lowercase too (a kind of event), after a word of one of its own places that the
        other never writes: "the 2019 Chicago Marathon" (Chicago among its places) and
        "ran a marathon" in Vienna, or "the Nevada caucuses" and caucuses elsewhere. A name
        both write ("Hurricane Dorian"), an actor's name ("National Hurricane Center"), a
        name's own word ("Tropical Storm Humberto" and "Hurricane Humberto") or an
        institution ("the Supreme Court" and "the court") is no occasion.
        """
        names = set().union(*(self.name_stems(t) for t in common))
        words = (self.words_of(me), self.words_of(other))
        shared = (words[0] & words[1]) - names
        if not shared:
            return False
        actors = [
            self.name_stems(t)
            for i in (me, other)
            for t in self.index.terms[i]
            if self.index.entity_of[t][0] != "locations"
        ]
        kinds = shared & (self.lowercase(me) | self.lowercase(other))
        for one, theirs in ((me, words[1]), (other, words[0])):
            places = set().union(
                *(
                    self.name_stems(t)
                    for t in self.index.terms[one]
                    if self.index.entity_of[t][0] == "locations"
                )
            )
            for qualifier, head in self.named_heads(one):
                if (
                    head in kinds
                    and qualifier in places
                    and qualifier not in theirs
                    and qualifier not in names
                    and not any({qualifier, head} <= actor for actor in actors)
                ):
                    return True
        return False

    def named_heads(self, i: int) -> list[tuple[str, str]]:
        """(word before, last word) as stems of each name of two or more capitalised words
        in briefing I's title and lead; none from a title written in title case."""
        article = self.index.articles[i]
        found: list[tuple[str, str]] = []
        for text in (article.title, article.summary):
            tokens = _tokens(text, self.stems_of_forms)
            long = [t[0] for t in tokens if len(t[0]) > 3 and not t[0][:1].isdigit()]
            if len(long) > 2 and all(w[:1].isupper() for w in long):
                continue  # title case: every word capitalised
            for n, (word, _stem, _initial, joined) in enumerate(tokens):
                if n == 0 or not joined or not word[:1].isupper():
                    continue
                if n + 1 < len(tokens) and tokens[n + 1][3] and tokens[n + 1][0][:1].isupper():
                    continue  # not the last word of the name
                before = tokens[n - 1][0]
                if before[:1].isupper():
                    qualifier, head = self.stem(before), self.stem(word)
                    if qualifier and head:
                        found.append((qualifier, head))
        return found

    def lowercase(self, i: int) -> frozenset[str]:
        """The stems briefing I writes in lowercase in its title and lead."""
        article = self.index.articles[i]
        text = f"{article.title} {article.summary}".translate(_GAPS).split()
        found = {self.stem(w) for w in text if w[:1].islower()}
        found.discard("")
        return frozenset(found)

    def kind(self, term: int, holder: int) -> int:
        """Whether entity TERM is an actor, a place below country level, or wider.

        HOLDER is a briefing naming it, whose places give the country code.
        """
        known = self.kinds.get(term)
        if known is not None:
            return known
        taxonomy, name = self.index.entity_of[term]
        if taxonomy != "locations":
            kind = _ACTOR
        else:
            places = self.index.articles[holder].places
            place = next((p for p in places if p.name == name), None)
            if place is None:
                kind = _LOCAL  # one the gazetteer does not know is most often a small one
            elif not place.country_code or is_country(name, place.country_code):
                kind = _WIDE  # a country, or a continent or sea (no country)
            else:
                kind = _LOCAL
        self.kinds[term] = kind
        return kind

    def topic_weight(self, me: int, other: int, common: frozenset[int]) -> float:
        """The summed IDF of the title and lead words ME and OTHER share, names left out."""
        if self.words is None:
            self.count_words()
        words = self.words
        assert words is not None
        for i in (me, other):
            if words[i] is None:
                words[i] = self.read_words(self.index.articles[i])
        names = {
            self.stem(word) for t in common for word in _WORD.findall(self.index.entity_of[t][1])
        }
        shared = (words[me] or frozenset()) & (words[other] or frozenset())
        return sum(self.word_idf[w] for w in shared - names)

    def count_words(self) -> None:
        """The rarity of every stem over the site's titles and leads.

        Counted per written form, in C, and stemmed once per distinct form: a briefing
        that writes both "protest" and "protests" counts twice, so a word's rarity is
        never overstated (and no link made on it that an exact count would not make).
        """
        articles = self.index.articles
        texts = [f"{a.title} {a.summary}".translate(_GAPS) for a in articles]
        forms = Counter(chain.from_iterable(map(set, map(str.split, texts))))
        df: Counter[str] = Counter()
        for form, n in forms.items():
            stem = self.stem(form)
            if stem:
                df[stem] += n
        total = len(articles)
        self.word_idf = {w: math.log((total + 1) / (n + 0.5)) for w, n in df.items()}
        self.words = [None] * total

    def stem(self, word: str) -> str:
        """The stem of WORD that can tell a story, or "" for a function word, reporting
        verb, date, number or a word of two letters (memoised)."""
        stem = self.stems.get(word)
        if stem is None:
            stem = _stem(word.strip(_JOINERS))
            if len(stem) <= 2 or stem in _STOP_STEMS or stem[:1].isdigit():
                stem = ""
            self.stems[word] = stem
        return stem

    def read_words(self, article: Article) -> frozenset[str]:
        """The stems of ARTICLE's title and lead that can tell a story (see `stem`)."""
        stem = self.stem
        found = {
            stem(w) for w in set(f"{article.title} {article.summary}".translate(_GAPS).split())
        }
        found.discard("")
        return frozenset(found)

    def threads(self) -> tuple[Thread, ...]:
        """The connected groups of two or more, latest activity first."""
        articles = self.index.articles
        groups: dict[int, list[Article]] = defaultdict(list)
        for i, article in enumerate(articles):
            groups[self.root(i)].append(article)
        big = [members for members in groups.values() if len(members) >= THREAD_MIN_SIZE]
        if not big:
            return ()
        words = TitleWords(articles)
        threads = [_thread(members, words) for members in big]
        threads.sort(key=lambda t: (-t.last.toordinal(), t.url_path))
        return tuple(threads)


def _thread(members: list[Article], words: TitleWords) -> Thread:
    newest_first = sorted(members, key=lambda a: (-a.date.toordinal(), a.slug, a.key))
    counts = Counter(chain.from_iterable(entities(a) for a in members))
    # Ties go to places, then to the earlier name.
    top = sorted(counts, key=lambda e: (-counts[e], e[0] != "locations", e[1].casefold(), e[1]))
    # The names shown: those the most briefings name, then those their titles (counting
    # twice) and leads write most; a story of primaries in many states shows "South
    # Carolina" and "Joe Biden" first, not the first states of the alphabet.
    texts = [(a.title.casefold(), a.summary.casefold()) for a in members]

    def written(entity: Entity) -> int:
        name = entity[1].casefold()
        return sum(2 * (name in title) + (name in summary) for title, summary in texts)

    shared = [e for e in top if counts[e] > 1]  # TOP's order breaks ties
    order = {e: i for i, e in enumerate(shared)}
    shared = sorted(shared, key=lambda e: (-counts[e], -written(e), order[e]))[:THREAD_NAMES]
    # The URL follows the first briefing: adding later briefings, or any unrelated one,
    # never moves it.
    return Thread(
        title=name_thread(newest_first, [(e, counts[e]) for e in top], words),
        url_path=f"threads/{newest_first[-1].url_path}",
        articles=tuple(newest_first),
        names=tuple(Counterpart(taxonomy=t, name=n, count=counts[(t, n)]) for t, n in shared),
    )


# --- Thread titles ----------------------------------------------------------------------

# A word: letters and digits, with inner hyphens and apostrophes ("by-election",
# "COVID-19", "Soleimani's"). Words with only spaces between them can form a phrase.
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# Words that say nothing about a story: function words, reporting verbs, counts and dates.
# Compared by stem (see _stem), so "says", "said" and "saying" go with "say".
STOP_WORDS = frozenset(
    """a about above across after again against ago ahead all almost along also amid among an
    and another any are around as at away back be because been before being below between
    both but by can could did do does during each early either else even ever every few for
    former from further had has have he her here him his how however if in including into is
    it its itself just last late later latest least less like made make makes many may me
    might more most much must my near nearly new next no nor not now of off on once one only
    or other others our out over own per same several she should since so some still such
    than that the their them then there these they this those though through to too under
    until up upon us very via was we were what when where whether which while who whom whose
    why will with within without would yet you your
    say says said tell tells told announce announces announced report reports reported
    claim claims claimed hold holds held take takes took give gives gave get gets got go goes
    went come comes came call calls called set sets show shows showed continue continues
    continued begin begins began see sees saw use uses used become becomes became find finds
    found leave leaves left keep keeps kept put puts
    people person year years day days week weeks month months time times today yesterday
    tomorrow news official officials according following first second third
    two three four five six seven eight nine ten eleven twelve hundred hundreds thousand
    thousands million millions billion billions percent number
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december""".split()
)
# Words after which the next word is a noun (or starts a noun phrase): a topic is a thing,
# not "guilty" or "killed".
_DETERMINERS = frozenset(
    """a an the this that these those his her its their our my your whose another each every
    some any no several many few both two three four five six seven eight nine ten
    in of for on at with by from about against over under between among into after""".split()
)
# Stem endings only nouns have ("election", "resignation", "city", "terrorism"): the
# titles of a site that drops articles ("Voters go to polls in by-election") seldom write
# a determiner before a noun.
_NOUN_ENDINGS = ("tion", "sion", "ness", "ity", "ism")
_OPENERS = '.!?:;"“‘(—–'  # after these a capital starts a sentence: it is no sign of a name


def _stem(word: str) -> str:
    """WORD folded to a rough stem: "Protests", "protesters" and "protest" meet."""
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith("sses"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 6 and w.endswith("er"):
        w = w[:-2]
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    return w


_STOP_STEMS = frozenset(_stem(w) for w in STOP_WORDS)
# Nouns that name someone's stance or intent, not an event or a thing: "shift their focus
# away from CentOS", "plans to", "in favour of". Never a thread's topic alone (in a longer
# phrase they may stand: "peace plan"). A last resort: in titles and leads, where a
# thread's name is read, such a word is as rare as "by-election" (two titles of a story
# told twice); only its spread over the site's bodies would tell them apart, and the name
# must follow titles and leads alone (an edit renames threads when those change).
VAGUE_NOUNS = frozenset(
    """focus attention plan intention intent aim goal hope bid effort attempt move step way
    part role stance view position favour favor behalf regard sake""".split()
)
_VAGUE_STEMS = frozenset(_stem(w) for w in VAGUE_NOUNS)
# Titles and honorifics written before a name ("President Alexander Lukashenko", "Prime
# Minister"): part of how a person is named, never what a story is about.
TITLE_WORDS = frozenset(
    """president vice prime minister premier chancellor king queen prince princess pope
    emperor empress crown sheikh emir sultan ayatollah imam rabbi cardinal archbishop
    bishop reverend father governor senator congressman congresswoman representative
    mayor deputy secretary ambassador envoy commissioner chairman chairwoman chair
    spokesman spokeswoman spokesperson general admiral colonel major captain lieutenant
    sergeant commander marshal judge justice attorney chief director president-elect
    mr mrs ms miss dr doctor professor sir dame lord lady saint st""".split()
)
_TITLE_STEMS = frozenset(_stem(w) for w in TITLE_WORDS)

# One word of a title or lead: (surface, stem, starts a sentence, only spaces before it).
_Token = tuple[str, str, bool, bool]


def _tokens(text: str, stems: dict[str, str]) -> list[_Token]:
    """The words of TEXT; STEMS memoises _stem."""
    out: list[_Token] = []
    end = 0
    for match in _WORD.finditer(text):
        word = match.group()
        start = match.start()
        # Only what lies between two words decides: a sentence opener, or spaces alone.
        gap = text[end:start].strip() if start > end else ""
        stem = stems.get(word)
        if stem is None:
            stem = stems[word] = _stem(word)
        if out:
            out.append((word, stem, bool(gap) and gap[-1] in _OPENERS, not gap))
        else:
            out.append((word, stem, True, False))
        end = match.end()
    return out


# A word after a sentence opener and spaces only: `_tokens` marks it as starting a sentence.
_AFTER_OPENER = re.compile("[" + re.escape(_OPENERS) + r"]\s*(" + _WORD.pattern + ")")


def _count_titles(
    titles: Sequence[str], stems: dict[str, str]
) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """What `TitleWords` counts over TITLES, by stem: the titles holding it, the times it is
    written with a capital and in lowercase (not at a sentence's start), and the titles
    where it follows a determiner. STEMS memoises `_stem`.

    The same counts as reading each title's `_tokens` in turn, taken in C where it can be:
    the words by `findall`, counted per written form and stemmed once per form; only the
    words that start a sentence (the first, and those after an opener) are read one by one.
    """
    found = list(map(_WORD.findall, titles))
    forms: Counter[str] = Counter(chain.from_iterable(found))
    for form in forms:
        if form not in stems:
            stems[form] = _stem(form)
    stem_of: Callable[[str], str] = stems.__getitem__
    # Written inside a title: every word but those starting a sentence.
    forms.subtract(Counter(map(itemgetter(0), filter(None, found))))
    for title in filter(_AFTER_OPENER.search, titles):
        first = _WORD.search(title)
        assert first is not None
        forms.subtract(_AFTER_OPENER.findall(title, first.end()))
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for form, n in forms.items():
        if n > 0:
            (capital if form[:1].isupper() else lower)[stem_of(form)] += n
    # Each title's stems as a set, and those of the words after a determiner: iterators
    # within iterators, so that no Python code runs per title or word.
    df: Counter[str] = Counter(chain.from_iterable(map(set, map(map, repeat(stem_of), found))))
    determiners = {form for form in forms if form.casefold() in _DETERMINERS}
    after = map(
        compress,
        map(islice, found, repeat(1), repeat(None)),
        map(map, repeat(determiners.__contains__), found),
    )
    nouns: Counter[str] = Counter(chain.from_iterable(map(set, map(map, repeat(stem_of), after))))
    return df, capital, lower, nouns


class TitleWords:
    """What thread titles weigh words against: the titles of the whole site.

    A word's weight is its smoothed inverse document frequency over every briefing's title
    (TF-IDF over titles); a word written with a capital inside titles more often than
    without is a name ("United States" is not the "state" of "state media").
    """

    def __init__(self, articles: Sequence[Article]) -> None:
        self.stems: dict[str, str] = {}
        df, capital, lower, nouns = _count_titles([a.title for a in articles], self.stems)
        self.nouns: set[str] = set(nouns)  # stems seen after "the", "a", "in" … in a title
        total = len(articles)
        self.idf = {stem: math.log((total + 1) / (n + 0.5)) for stem, n in df.items()}
        self.idf_unseen = math.log((total + 1) / 0.5)  # a word of the leads alone
        self.names = {stem for stem, n in capital.items() if n > lower[stem]}
        self.common = set(lower)  # stems seen in lowercase inside a title

    def key(self, token: _Token) -> str:
        """The stem of TOKEN, marked "^" when it is written as a name."""
        word, stem, initial, _joined = token
        if "-" in word and not word.rsplit("-", 1)[1][:1].isupper():
            return stem  # "US-based", "Iran-backed": a word about a name, not a name
        if initial:  # a capital at a sentence start says little: ask the site
            named = stem in self.names or (
                stem not in self.common and any(c.isupper() for c in word[1:])
            )
        else:
            named = word[:1].isupper()
        return "^" + stem if named else stem


def name_thread(
    articles: Sequence[Article], top: Sequence[tuple[Entity, int]], words: TitleWords
) -> str:
    """A thread's title: what its briefings share, e.g. "Belarus: protests", "Hurricane Dorian".

    The topic is the word that two or more of the thread's briefings share in their titles
    and leads, weighted by how rare it is in titles across the site (TF-IDF, a title counting
    twice a lead): a noun (seen after "the", "a", "in" …) or a name. It is never a function
    word, a title or honorific ("President", "Minister"), a word of one of the thread's
    actors or places however written (case, possessive: "hurricane" of "Hurricane Dorian",
    "Soleimani's"), nor a capitalised word written beside such a word or title ("Alexander"
    of "President Alexander Lukashenko" when the actor is spelled "Lukashenko"): a part of
    a name is no topic. It grows into the phrase of two or three words most of its briefings
    write alike ("primary elections", "Tippu Express", "Eastern Mediterranean"), with no such
    word in it. The main name is the actor or place of TOP (the thread's names with how
    many of its briefings name them, most first) that is named most and written out most
    in its titles (counting twice) and leads. The title is "name: phrase", or the phrase
    alone when it is a name the titles write more often than the main actor (a source:
    "Hurricane Humberto", not "National Hurricane Center: Humberto"). A name no two
    briefings write alike is written as the newest title writes it. A vague noun of
    intent ("focus", "plans") is no topic alone. With no shared
    topic it is "place: actor" when a place and an actor are both written out in the titles
    or leads ("Iran: Qasem Soleimani"), else the main name when two titles write it out,
    else the two most named names ("Iraq and United States").
    """
    fallback = " and ".join(name for (_tax, name), _n in top[:2]) or articles[-1].title
    key = words.key
    texts = [(_tokens(a.title, words.stems), _tokens(a.summary, words.stems)) for a in articles]
    keyed = [tuple([key(t) for t in part] for part in parts) for parts in texts]
    # Names are matched on stems whatever their case: "hurricane Dorian" writes the name
    # "Hurricane Dorian", "Soleimani's" the name "Qasem Soleimani".
    plain = [
        (frozenset(k.lstrip("^") for k in title), frozenset(k.lstrip("^") for k in summary))
        for title, summary in keyed
    ]
    in_title = [title for title, _summary in plain]
    in_any = [title | summary for title, summary in plain]
    name_stems: dict[str, frozenset[str]] = {}
    for (_tax, name), _n in top:
        name_stems[name] = frozenset(
            s for _w, s, _i, _j in _tokens(name, words.stems) if s not in _STOP_STEMS
        )
    taxonomy = {name: tax for (tax, name), _n in top}

    def written(name: str, where: list[frozenset[str]]) -> int:
        stems = name_stems[name]
        return sum(stems <= w for w in where) if stems else 0

    # The main name: named by the most briefings and written out (every word of it) in
    # the most titles and leads; ties go to the earlier in TOP.
    scores = {
        name: n + 2 * written(name, in_title) + written(name, in_any)
        for (_tax, name), n in top
        if name_stems[name]
    }
    ranked = sorted(
        (-score, order, name) for order, name in enumerate(scores) for score in [scores[name]]
    )
    if not ranked:
        return fallback
    main = ranked[0][2]
    shared = Counter(chain.from_iterable(frozenset(t) | frozenset(s) for t, s in keyed))
    titled = Counter(chain.from_iterable(frozenset(t) for t, _s in keyed))
    nouns: set[str] = set()
    spelled: dict[str, Counter[str]] = defaultdict(Counter)
    seen: Counter[str] = Counter()  # times each word is written
    aside: Counter[str] = Counter()  # … of which inside a name, or capitalised beside one
    in_names = _NameSpans([[s for _w, s, _i, _j in _tokens(n, words.stems)] for n in name_stems])
    masks: dict[int, list[bool]] = {}  # id(part) → which of its words are in a name
    for parts, keys in zip(texts, keyed, strict=True):
        for part, part_keys in zip(parts, keys, strict=True):
            mask = masks[id(part)] = in_names.mark(part, part_keys)
            previous = ""
            for n, ((word, _s, initial, _joined), k) in enumerate(
                zip(part, part_keys, strict=True)
            ):
                if (
                    previous in _DETERMINERS
                    or k.lstrip("^") in words.nouns
                    or k.endswith(_NOUN_ENDINGS)
                ):
                    nouns.add(k)
                previous = word.casefold()
                # A title's spelling counts twice: "protests" over the lead's "protesters".
                spelled[k][word.lower() if initial and not k.startswith("^") else word] += (
                    2 if part is parts[0] else 1
                )
                seen[k] += 1
                # A capitalised word beside a name or a title is part of that name:
                # "Alexander" in "President Alexander Lukashenko".
                if mask[n] or (
                    k.startswith("^")
                    and any(
                        (mask[m] or part[m][1] in _TITLE_STEMS) and part_keys[m].startswith("^")
                        for m in (n - 1, n + 1)
                        if 0 <= m < len(part) and part[max(m, n)][3]
                    )
                ):
                    aside[k] += 1

    def usable(k: str) -> bool:
        return _may_be_topic(k.lstrip("^"))

    candidates = [
        k
        for k, n in shared.items()
        if n >= 2
        and usable(k)
        and (k in nouns or k.startswith("^"))
        and 2 * aside[k] <= seen[k]
        and k not in _VAGUE_STEMS
    ]
    if not candidates:
        return _name_without_topic(
            main, scores, taxonomy, in_title, in_any, written, name_stems, fallback
        )

    def weight(k: str) -> float:
        return (2 * titled[k] + shared[k]) * words.idf.get(k.lstrip("^"), words.idf_unseen)

    topic = min(candidates, key=lambda k: (-weight(k), -titled[k], k))
    # Grow the topic into a run of two or three words (spaces only between them) that most
    # of the briefings naming it write alike.
    runs: Counter[tuple[str, ...]] = Counter()
    # The name runs (every word a name) of the newest title that writes the topic: a name
    # the briefings spell differently as the story moves on ("Tropical Storm Humberto",
    # then "Hurricane Humberto") is called as the newest calls it.
    newest: set[tuple[str, ...]] | None = None
    in_titles: Counter[tuple[str, ...]] = Counter()  # briefings writing a run in the title
    for parts, keys in zip(texts, keyed, strict=True):
        found: set[tuple[str, ...]] = set()
        for part, part_keys in zip(parts, keys, strict=True):
            for i, k in enumerate(part_keys):
                if k != topic:
                    continue
                for size in (2, 3):
                    for lo in range(i - size + 1, i + 1):
                        hi = lo + size
                        if lo < 0 or hi > len(part):
                            continue
                        mask = masks[id(part)]
                        if all(part[j][3] for j in range(lo + 1, hi)) and not any(mask[lo:hi]):
                            run = part_keys[lo:hi]
                            if all(usable(r) for r in run):
                                found.add(tuple(run))
            if part is parts[0]:
                in_titles.update(found)
                if newest is None and topic in part_keys:
                    newest = {r for r in found if all(k.startswith("^") for k in r)}
        runs.update(found)
    need = max(2, (shared[topic] + 1) // 2)
    phrase: tuple[str, ...] = (topic,)
    grown = [r for r, n in runs.items() if n >= need]
    if not grown and topic.startswith("^") and newest:
        grown = sorted(newest)
    if grown:
        # The run most write, then most write in their titles ("primary elections" over
        # the leads' "presidential elections"); on a tie the longer (a whole name: "Tippu
        # Express" in "Bangalore Tippu Express" and "Bengaluru Tippu Express"), then one
        # that ends in a noun or a name: "software company", not "US-based software".
        phrase = min(
            grown,
            key=lambda r: (
                -runs[r],
                -in_titles[r],
                -len(r) if all(k.startswith("^") for k in r) else 0,
                not (r[-1] in nouns or r[-1].startswith("^")),
                r,
            ),
        )
    text = " ".join(min(spelled[k], key=lambda w: (-spelled[k][w], w)) for k in phrase)
    # A name the titles write more often than the main actor is what the story is about;
    # the actor is then a source or a bystander ("National Hurricane Center" reporting on
    # "Hurricane Humberto"). A place written as often may still lead.
    if (
        topic.startswith("^")
        and taxonomy[main] != "locations"
        and titled[topic] > written(main, in_title)
    ):
        places = [
            name
            for name in scores
            if taxonomy[name] == "locations" and written(name, in_title) >= titled[topic]
        ]
        where = min(places, key=lambda n: -scores[n], default="")
        return f"{where}: {text}" if where else text
    return f"{main}: {text}"


class _NameSpans:
    """Where a thread's actors and places are written in a text, whatever the case.

    A span is a stretch of words (spaces only between them) that writes a stretch of a
    name: the whole name, two words or more of it ("Red Hat" of "Red Hat Enterprise
    Linux"), or its first or last word alone ("CentOS", "Soleimani's" for "Qasem
    Soleimani") when that word is capitalised: "hurricane" is not the "National Hurricane
    Center", nor "Hurricane" alone, nor "state" the "United States".
    """

    def __init__(self, names: list[list[str]]) -> None:
        self.names = [n for n in names if any(s not in _STOP_STEMS for s in n)]
        self.starts: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, name in enumerate(self.names):
            for at, stem in enumerate(name):
                self.starts[stem].append((i, at))

    def mark(self, part: list[_Token], keys: list[str]) -> list[bool]:
        """For each word of PART (keyed as KEYS), whether it lies in a span."""
        mask = [False] * len(part)
        for n, (_w, stem, _i, _j) in enumerate(part):
            for i, at in self.starts.get(stem, ()):
                name = self.names[i]
                size = 1
                while (
                    at + size < len(name)
                    and n + size < len(part)
                    and part[n + size][3]
                    and part[n + size][1] == name[at + size]
                ):
                    size += 1
                words = name[at : at + size]
                if all(s in _STOP_STEMS for s in words):
                    continue
                whole = size >= 2 or at == 0 or at + size == len(name)
                if whole and (size >= 2 or keys[n].startswith("^")):
                    for m in range(n, n + size):
                        mask[m] = True
        return mask


def _name_without_topic(
    main: str,
    scores: Mapping[str, int],
    taxonomy: Mapping[str, str],
    in_title: list[frozenset[str]],
    in_any: list[frozenset[str]],
    written: Callable[[str, list[frozenset[str]]], int],
    stems: Mapping[str, frozenset[str]],
    fallback: str,
) -> str:
    """A thread's title when its briefings share no topic word (see `name_thread`)."""
    # A place and an actor both written out: "Iran: Qasem Soleimani", not "Iran and
    # Tehran" (two places, one inside the other).
    best: dict[str, str] = {}
    # Ties go to TOP's order; a whole name written as often as a part of it wins over the
    # part: "Hurricane Dorian" over "Dorian", even when more briefings list "Dorian".
    for name in sorted(scores, key=lambda n: -scores[n]):
        if not written(name, in_any):
            continue
        held = best.get(taxonomy[name])
        if held is None or (
            stems[held] < stems[name]
            and written(held, in_title) == written(name, in_title)
            and written(held, in_any) == written(name, in_any)
        ):
            best[taxonomy[name]] = name
    if taxonomy[main] != "locations" and written(main, in_title) >= 2:
        return main  # an actor all the titles write: "Hurricane Dorian"
    if len(best) == 2:
        return f"{best['locations']}: {best['actors']}"
    # Nothing else shared: a name written out in two or more titles is the story.
    if written(main, in_title) >= 2:
        return main
    if best:
        return next(iter(best.values()))
    return fallback


def bin_months(articles: Sequence[Article]) -> tuple[MonthCount, ...]:
    """Briefings per month from the first month to the last, empty months included."""
    if not articles:
        return ()
    return _month_bins(Counter(a.date.year * 12 + a.date.month - 1 for a in articles))


def _month_bins(
    counts: Mapping[int, int], made: dict[tuple[int, int], MonthCount] | None = None
) -> tuple[MonthCount, ...]:
    """COUNTS (month number: year · 12 + month - 1 → briefings) as `bin_months` gives them.

    MADE, when given, holds the bars made before by (month number, count): a site's
    timelines repeat most bars (empty months above all), and a frozen dataclass costs
    more to make than to look up.
    """
    start, end = min(counts), max(counts)
    if made is None:
        made = {}
    bars = []
    for m in range(start, end + 1):
        n = counts.get(m, 0)
        bar = made.get((m, n))
        if bar is None:
            bar = made[(m, n)] = MonthCount(year=m // 12, month=m % 12 + 1, count=n)
        bars.append(bar)
    return tuple(bars)


def count_counterparts(
    articles: Sequence[Article],
    me: Entity,
    limit: int = COUNTERPART_COUNT,
    named: Mapping[str, tuple[Entity, ...]] | None = None,
) -> tuple[Counterpart, ...]:
    """The actors and places named with ME in ARTICLES, most first, then by name.

    NAMED, when given, holds each article's `entities` by key, computed once per site.
    """
    if named is None:
        counts = Counter(chain.from_iterable(entities(a) for a in articles))
    else:
        counts = Counter(chain.from_iterable(named[a.key] for a in articles))
    counts.pop(me, None)
    return _top_counterparts(counts, limit, lambda e: e)


def _top_counterparts(
    counts: Mapping[_E, int], limit: int, entity_of: Callable[[_E], Entity]
) -> tuple[Counterpart, ...]:
    """The LIMIT entities of COUNTS counted most, then by name; ENTITY_OF names a key."""
    pool = list(counts)
    if len(pool) > limit:  # the same cut as in relate_all: a plain sort finds the threshold
        cut = sorted(counts.values(), reverse=True)[limit - 1]
        pool = [e for e in pool if counts[e] >= cut]
    named = [(entity_of(e), counts[e]) for e in pool]
    named.sort(key=lambda en: (-en[1], en[0][1].casefold(), en[0][1], en[0][0]))
    return tuple(Counterpart(taxonomy=t, name=n, count=c) for (t, n), c in named[:limit])


def find_place(articles: Sequence[Article], name: str) -> Place | None:
    """The place data of location NAME from the newest briefing that gives coordinates."""
    fallback: Place | None = None
    for article in articles:
        for place in article.places:
            if place.name == name:
                if place.latitude is not None and place.longitude is not None:
                    return place
                fallback = fallback or place
    return fallback


def group_by_country(countries: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Country code → the location names in it, from COUNTRIES (name → code)."""
    inside: dict[str, list[str]] = defaultdict(list)
    for name, code in countries.items():
        if code:
            inside[code].append(name)
    return {code: tuple(names) for code, names in inside.items()}


def roll_up(counts: Mapping[str, int], inside: Sequence[str], me: str) -> tuple[Counterpart, ...]:
    """The location terms INSIDE a country other than ME, most briefings first, then by name."""
    inside = sorted(
        (n for n in inside if n != me and n in counts), key=lambda n: (-counts[n], n.casefold(), n)
    )
    return tuple(Counterpart(taxonomy="locations", name=n, count=counts[n]) for n in inside)


def profile_term(
    taxonomy: str,
    name: str,
    articles: Sequence[Article],
    *,
    counts: Mapping[str, int],
    countries: Mapping[str, str],
    by_country: Mapping[str, Sequence[str]],
    is_country: Callable[[str, str], bool],
    named: Mapping[str, tuple[Entity, ...]] | None = None,
    counterparts: tuple[Counterpart, ...] | None = None,
    timeline: tuple[MonthCount, ...] | None = None,
) -> TermProfile:
    """Everything a term page shows above its list; ARTICLES name the term, newest first.

    COUNTS, COUNTRIES and BY_COUNTRY give every location's briefing count, its country
    code, and the locations of each country, for the roll-up of a country's cities and
    regions; IS_COUNTRY(name, code) says whether a location is the country itself.
    COUNTERPARTS and TIMELINE, when given, are the term's, counted by the caller.
    """
    place = find_place(articles, name) if taxonomy == "locations" else None
    code = countries.get(name, "") if taxonomy == "locations" else ""
    country = bool(code) and is_country(name, code)
    return TermProfile(
        count=len(articles),
        first=articles[-1].date,
        last=articles[0].date,
        timeline=timeline if timeline is not None else bin_months(articles),
        counterparts=counterparts
        if counterparts is not None
        else count_counterparts(articles, (taxonomy, name), named=named),
        place=place,
        is_country=country,
        places=roll_up(counts, by_country.get(code, ()), name) if country else (),
    )


def term_profiles(
    taxonomies: Sequence[Taxonomy],
    named: Mapping[str, tuple[Entity, ...]] | None = None,
    articles: Sequence[Article] | None = None,
) -> dict[Entity, TermProfile]:
    """(taxonomy, name) → the profile of every actor and location term.

    NAMED, when given, holds each article's `entities` by key; ARTICLES, when given, every
    briefing the terms list. Counterparts are counted over numbered entities: one
    site-wide numbering, then each term's briefings' numbers counted in C (`Counter` over
    a chain of tuples), which costs a fraction of counting (taxonomy, name) pairs; the
    timelines likewise count each briefing's month number, computed once.
    """
    locations = next((t for t in taxonomies if t.name == "locations"), None)
    location_terms = locations.terms if locations is not None else ()
    counts = {t.name: len(t.articles) for t in location_terms}
    countries = {t.name: t.country_code for t in location_terms if t.country_code}
    by_country = group_by_country(countries)
    urls = {t.name: t.url_path for t in location_terms}
    entity_terms = [t for t in taxonomies if t.name in ENTITY_TAXONOMIES]
    if named is None:
        named = {}
        for taxonomy in entity_terms:
            for term in taxonomy.terms:
                for article in term.articles:
                    if article.key not in named:
                        named[article.key] = entities(article)
    # The numbering's order never shows: counterparts are ordered by count, then by name.
    entity_of = list(dict.fromkeys(chain.from_iterable(named.values())))
    ids = {e: i for i, e in enumerate(entity_of)}
    numbers = map(tuple, map(map, repeat(ids.__getitem__), named.values()))
    numbered = dict(zip(named, numbers, strict=True))
    month_of = (
        {a.key: a.date.year * 12 + a.date.month - 1 for a in articles}
        if articles is not None
        else None
    )
    bars: dict[tuple[int, int], MonthCount] = {}
    key_of = attrgetter("key")
    profiles: dict[Entity, TermProfile] = {}
    for taxonomy in entity_terms:
        for term in taxonomy.terms:
            keys = list(map(key_of, term.articles))
            together = Counter(chain.from_iterable(map(numbered.__getitem__, keys)))
            together.pop(ids[(taxonomy.name, term.name)], None)
            timeline = (
                _month_bins(Counter(map(month_of.__getitem__, keys)), bars)
                if month_of is not None and keys
                else None
            )
            profiles[(taxonomy.name, term.name)] = profile_term(
                taxonomy.name,
                term.name,
                term.articles,
                counts=counts,
                countries=countries,
                by_country=by_country,
                is_country=is_country,
                counterparts=_top_counterparts(together, COUNTERPART_COUNT, entity_of.__getitem__),
                timeline=timeline,
            )
    # A country's map marks the places in it that have coordinates.
    for term in location_terms:
        profile = profiles.get(("locations", term.name))
        if profile is None or not profile.places:
            continue
        points = []
        for c in profile.places:
            place = profiles[("locations", c.name)].place
            if place is not None and place.latitude is not None and place.longitude is not None:
                url_path = urls[c.name]
                points.append(MapPoint(c.name, url_path, c.count, place.latitude, place.longitude))
        profiles[("locations", term.name)] = dataclasses.replace(profile, points=tuple(points))
    return profiles


def recent_threads(
    threads: Sequence[Thread], since: datetime.date, until: datetime.date, size: int = 5
) -> tuple[ThreadCount, ...]:
    """The threads with briefings from SINCE to UNTIL, most briefings there first.

    Ties go to the latest activity, then to the URL, so the order is stable.
    """
    counted = []
    for thread in threads:
        count = sum(1 for a in thread.articles if since <= a.date <= until)
        if count:
            counted.append(ThreadCount(thread, count))
    counted.sort(key=lambda c: (-c.count, -c.thread.last.toordinal(), c.thread.url_path))
    return tuple(counted[:size])


# --- Incremental entry point: an edit that moves nothing -------------------------------


class TitleCounts:
    """What `TitleWords` counts over every title, kept so that an edited title updates it.

    `words` equals `TitleWords(articles)`; `renew` gives the counts after some titles
    changed at a cost that follows those titles, and names the stems whose weight, name
    or noun status changed: only threads whose briefings write one of them (or that hold
    an edited briefing) can be named differently.
    """

    def __init__(self, articles: Sequence[Article]) -> None:
        self.words = words = TitleWords.__new__(TitleWords)
        """The TitleWords these counts give (never changed once made)."""
        words.stems = {}
        self.df: Counter[str]
        """Stem → titles holding it."""
        self.capital: Counter[str]
        """Stem → times written with a capital inside a title."""
        self.lower: Counter[str]
        """Stem → times written in lowercase inside a title."""
        self.nouns: Counter[str]
        """Stem → titles where it follows a determiner."""
        self.df, self.capital, self.lower, self.nouns = _count_titles(
            [a.title for a in articles], words.stems
        )
        self.total = len(articles)
        """Briefings counted."""
        words.idf = {stem: self._idf(stem) for stem in self.df}
        words.idf_unseen = math.log((self.total + 1) / 0.5)
        words.names = {stem for stem, n in self.capital.items() if n > self.lower[stem]}
        words.common = set(self.lower)
        words.nouns = set(self.nouns)

    def _idf(self, stem: str) -> float:
        return math.log((self.total + 1) / (self.df[stem] + 0.5))

    def _count(self, tokens: list[_Token], sign: int) -> set[str]:
        """Add (SIGN 1) or take away (-1) one title's TOKENS; the stems touched."""
        touched = {stem for _w, stem, _i, _j in tokens}
        for stem in touched:
            self.df[stem] += sign
        previous = ""
        nouns: set[str] = set()
        for word, stem, initial, _joined in tokens:
            if not initial:
                (self.capital if word[:1].isupper() else self.lower)[stem] += sign
            if previous in _DETERMINERS:
                nouns.add(stem)
            previous = word.casefold()
        for stem in nouns:
            self.nouns[stem] += sign
        return touched

    def renew(self, replaced: Sequence[tuple[Article, Article]]) -> tuple[TitleCounts, set[str]]:
        """The counts with each (old, new) pair's title in place, and the stems that changed.

        A stem changed when its standing as a name or a lowercase word is not what it was,
        or, for a word that can be a thread's topic (`_may_be_topic`), its weight (IDF) or
        its standing as a noun. The total is unchanged (no briefing came or went).
        """
        new = TitleCounts.__new__(TitleCounts)
        old_words = self.words
        new.words = words = TitleWords.__new__(TitleWords)
        words.stems = old_words.stems  # a memo: sharing it only spares work
        new.df, new.capital, new.lower, new.nouns = (
            Counter(self.df),
            Counter(self.capital),
            Counter(self.lower),
            Counter(self.nouns),
        )
        new.total = self.total
        touched: set[str] = set()
        for old, article in replaced:
            touched |= new._count(_tokens(old.title, words.stems), -1)
            touched |= new._count(_tokens(article.title, words.stems), 1)
        for counter in (new.df, new.capital, new.lower, new.nouns):
            for stem in touched:
                if counter.get(stem) == 0:
                    del counter[stem]
        words.idf = dict(old_words.idf)
        words.idf_unseen = old_words.idf_unseen
        words.names = set(old_words.names)
        words.common = set(old_words.common)
        words.nouns = set(old_words.nouns)
        changed: set[str] = set()
        for stem in touched:
            before = (
                old_words.idf.get(stem),
                stem in old_words.names,
                stem in old_words.common,
                stem in old_words.nouns,
            )
            if stem in new.df:
                words.idf[stem] = new._idf(stem)
            else:
                words.idf.pop(stem, None)
            for flag, members in (
                (new.capital[stem] > new.lower[stem], words.names),
                (stem in new.lower, words.common),
                (stem in new.nouns, words.nouns),
            ):
                if flag:
                    members.add(stem)
                else:
                    members.discard(stem)
            after = (
                words.idf.get(stem),
                stem in words.names,
                stem in words.common,
                stem in words.nouns,
            )
            # Weight and noun standing only count for a word that can be a topic; whether
            # it is written as a name decides how every word is keyed.
            if after[1:3] != before[1:3] or (after != before and _may_be_topic(stem)):
                changed.add(stem)
        return new, changed


def renew_relations(
    previous: Relations,
    replaced: Sequence[tuple[Article, Article]],
    titles: TitleCounts | None = None,
) -> tuple[Relations, TitleCounts | None] | None:
    """PREVIOUS with each (old, new) pair's new Article in place; None when they must be redone.

    What `relate_site(articles, taxonomies, previous)` gives when only REPLACED changed and
    the terms did not, at a cost that follows the pairs, not the site: the relations are
    reused when each pair keeps its key, URL, date, actors, locations and places. Returns
    None when one of them changed (or an old Article is not the one PREVIOUS holds), so the
    caller computes them afresh.

    A new title or summary names some threads again. TITLES, the title counts of
    PREVIOUS's briefings (made here when None and needed), spare weighing every title of
    the site again; only the threads that hold an edited briefing or write a word whose
    weight changed are named again. The counts after the edit come back with the result.
    """
    inputs = dict(previous.inputs)
    renewed: list[tuple[Article, Article]] = []
    for old, new in replaced:
        held = inputs.get(old.key)
        if held is None or held[0] is not old or new.key != old.key:
            return None
        entry = (new.url_path, new.date.toordinal(), entities(new), new.places)
        if held[1] != entry:
            return None
        inputs[old.key] = (new, entry)
        if new is not old:
            renewed.append((old, new))
    if not renewed:
        return previous, titles
    related = dict(previous.related)
    touched = {old.key for old, _new in renewed}
    for old, _new in renewed:
        touched.update(previous.listed_in.get(old.key, ()))
    for key in touched:
        related[key] = tuple([inputs[a.key][0] for a in previous.related.get(key, ())])
    reworded = {
        old.key for old, new in renewed if (old.title, old.summary) != (new.title, new.summary)
    }
    changed: set[str] = set()
    if reworded and previous.threads and titles is None:
        titles = TitleCounts([article for article, _entry in previous.inputs.values()])
    retitled = [(old, new) for old, new in renewed if old.title != new.title]
    if titles is not None and retitled:
        titles, changed = titles.renew(retitled)
    threads = _renew_threads(
        previous.threads,
        inputs,
        {old.key for old, _new in renewed},
        reworded,
        titles.words if titles is not None else None,
        changed,
    )
    relations = Relations(
        related=related,
        threads=threads,
        profiles=previous.profiles,
        listed_in=previous.listed_in,
        inputs=inputs,
        term_urls=previous.term_urls,
        word_idf=None if reworded else previous.word_idf,
        index=_carry_index(previous, [old.key for old, _new in renewed], inputs),
    )
    return relations, titles


def _renew_threads(
    threads: tuple[Thread, ...],
    inputs: Mapping[str, tuple[Article, tuple[Any, ...]]],
    fresh: set[str],
    reworded: set[str],
    words: TitleWords | None,
    changed: set[str],
) -> tuple[Thread, ...]:
    """THREADS with FRESH briefings put in; named again where a title or weight changed.

    A thread is named again when it holds a REWORDED briefing, or when one of its
    briefings writes a word whose stem is in CHANGED (found through `_probe`, which never
    misses one). Every other thread holding a fresh briefing only gets the new objects.
    """
    probes = {_probe(stem) for stem in changed}
    result: list[Thread] = []
    for thread in threads:
        keys = [a.key for a in thread.articles]
        if fresh.isdisjoint(keys) and not probes:
            result.append(thread)
            continue
        members = [inputs[key][0] for key in keys]
        if words is not None and (
            not reworded.isdisjoint(keys)
            or any(probe in _folded(a) for a in members for probe in probes)
        ):
            result.append(_thread(members, words))
        elif not fresh.isdisjoint(keys):
            result.append(dataclasses.replace(thread, articles=tuple(members)))
        else:
            result.append(thread)
    return tuple(result)


def _may_be_topic(stem: str) -> bool:
    """True when STEM can be a thread's topic (`name_thread` asks it of every word).

    Only such a stem's weight and noun standing are read when a thread is named.
    """
    return (
        stem not in _STOP_STEMS
        and stem not in _TITLE_STEMS
        and len(stem) > 1
        and not stem.replace("-", "").isdigit()
    )


def _probe(stem: str) -> str:
    """A string every word with STEM holds, once folded as `_folded` folds it.

    `_stem` only cuts endings, except "-ies" → "-y": the stem less a final "y" is then a
    prefix of the folded word.
    """
    return stem[:-1] if stem.endswith("y") else stem


def _folded(article: Article) -> str:
    """The title and lead of ARTICLE as `_stem` folds a word (case, curly apostrophe)."""
    return f"{article.title}\n{article.summary}".casefold().replace("’", "'")


# --- Incremental entry point: an edit that moves names, places or dates ----------------


def _relate_moved(
    articles: Sequence[Article],
    taxonomies: Sequence[Taxonomy],
    previous: Relations,
    seen: _Inputs,
    term_urls: tuple[tuple[str, str, str], ...],
    titles: TitleCounts | None = None,
    positions: Mapping[str, int] | None = None,
) -> Relations | None:
    """PREVIOUS with the moved briefings' new names, places or dates taken in; None when
    the change reaches the whole site and everything must be computed afresh.

    Equal to what the full computation gives for ARTICLES (the same briefings as
    PREVIOUS's, by key), at a cost that follows the briefings that share a name with a
    moved one. What a name changes: its document frequency, so the IDF weights of every
    briefing that carries it (related lists, thread links and norms); what a date
    changes: where the briefing stands in each of its names' postings. SEEN tells which
    briefings moved and which are new objects with the same inputs (renewed). None when
    a moved or renewed briefing has another title or lead (thread links weigh the words
    of every title and lead), when a name crosses the "named by most of the site"
    cut-off (its postings start or stop finding candidates for every briefing that
    carries it), or when a term kept its name and changed its URL.

    The index PREVIOUS keeps is updated for the moved briefings (`_Index.move`), not
    made again over the whole site; POSITIONS, each briefing's place in ARTICLES when
    known, orders the lists of who lists whom.
    """
    inputs, moved, renewed = seen.inputs, seen.moved, seen.renewed
    before = previous.inputs
    for key in (*moved, *renewed):
        old, new = before[key][0], inputs[key][0]
        if (old.title, old.summary) != (new.title, new.summary):
            return None
    if term_urls != previous.term_urls:
        old_urls = {(tax, name): url for tax, name, url in previous.term_urls}
        for tax, name, url in term_urls:
            if old_urls.get((tax, name), url) != url:
                return None
    index = _moved_index(articles, previous, seen)
    ids, number = index.ids, index.number
    total = len(articles)
    crowded = max(COMMON_FLOOR, COMMON_SHARE * total)
    delta: Counter[Entity] = Counter()
    touched: set[Entity] = set()
    for key in moved:
        old_names, new_names = before[key][1][2], inputs[key][1][2]
        delta.subtract(old_names)
        delta.update(new_names)
        touched.update(old_names)
        touched.update(new_names)
    resized = {e for e, d in delta.items() if d}
    for entity in resized:
        size = len(index.postings[ids[entity]]) if entity in ids else 0
        if (size <= crowded) != (size - delta[entity] <= crowded):
            return None  # it starts or stops finding candidates for half the site
    moved_at = {number[key] for key in moved}

    # Related lists: the moved briefings', those that list a moved briefing (they carry
    # one of its old names; taken for safety), and those whose candidates through a
    # touched name changed (`_reached`).
    keys = index.keys
    again: set[int] = set(moved_at)
    old_day = {number[key]: before[key][1][1] for key in moved}
    old_names = {number[key]: set(before[key][1][2]) for key in moved}
    for entity in touched:
        at = ids.get(entity)
        if at is not None and len(index.postings[at]) <= crowded:
            again |= _reached(index, at, entity, moved_at, old_day, old_names, keys)
    for key in moved:
        again.update(number[k] for k in previous.listed_in.get(key, ()))
    related = dict(previous.related)
    # Copied whole in C; only the holders lists the edit touches are made lists.
    listed_in = dict(previous.listed_in)
    working: dict[str, list[str]] = {}

    def holders_of(key: str) -> list[str]:
        got = working.get(key)
        if got is None:
            got = working[key] = list(listed_in.get(key, ()))
        return got

    reordered: set[str] = set()
    sizes = [len(p) for p in index.postings]
    scale = _time_scale(index.days)
    for me in sorted(again):
        key = keys[me]
        terms = [t for t in index.terms[me] if sizes[t] <= crowded]
        listed = _related_one(index, me, RELATED_COUNT, terms, scale, keys)
        for other in previous.related.get(key, ()):
            holders_of(other.key).remove(key)
            reordered.add(other.key)
        for other in listed:
            holders_of(other.key).append(key)
            reordered.add(other.key)
        related[key] = listed
    for key in moved:  # a new date moves it among the holders it is one of
        for other in related[key]:
            reordered.add(other.key)
    if reordered and positions is None:
        positions = {a.key: i for i, a in enumerate(articles)}
    for key in reordered:
        holders = holders_of(key)
        if holders:
            assert positions is not None
            holders.sort(key=positions.__getitem__)  # in the site's order
            listed_in[key] = tuple(holders)
        else:
            listed_in.pop(key, None)
    # Lists not computed again that hold a briefing read again get its new object.
    fresh = set(renewed) | set(moved)
    for key in {k for f in fresh for k in previous.listed_in.get(f, ())}:
        if number[key] not in again:
            related[key] = tuple([inputs[a.key][0] for a in related[key]])

    words = titles.words if titles is not None else None
    rethreaded = _rethread(
        index, previous.threads, moved_at, resized, ids, fresh, inputs, words, previous.word_idf
    )
    if rethreaded is None:
        return None
    threads, word_idf = rethreaded
    profiles = _reprofile(taxonomies, previous, index, touched, moved, inputs)
    return Relations(
        related=related,
        threads=threads,
        profiles=profiles,
        listed_in=listed_in,
        inputs=inputs,
        term_urls=term_urls,
        word_idf=word_idf,
        index=_Claim.make(index),
    )


def _moved_index(articles: Sequence[Article], previous: Relations, seen: _Inputs) -> _Index:
    """The index of ARTICLES: PREVIOUS's with SEEN's moved briefings moved and renewed ones
    put in (`_Index.move`), or made afresh when PREVIOUS holds none (or not as it should)."""
    index = _held_index(previous)
    if index is not None:
        inputs = seen.inputs
        try:
            for key in seen.moved:
                article, entry = inputs[key]
                index.move(key, article, entry[2])
        except LookupError:
            index = None
        else:
            number, held = index.number, index.articles
            for key in seen.renewed:
                held[number[key]] = inputs[key][0]
    if index is None:
        index = _Index(articles, seen.named)
    return index


def _reached(
    index: _Index,
    number: int,
    entity: Entity,
    moved_at: set[int],
    old_day: Mapping[int, int],
    old_names: Mapping[int, set[Entity]],
    keys: Sequence[str],
) -> set[int]:
    """The briefings whose related candidates through ENTITY (numbered NUMBER in INDEX)
    may differ from before the moved briefings at MOVED_AT took their new names and days.

    A name whose count changed weighs differently: every briefing that carries it. One
    that kept its briefings but saw one move in time: with few postings, each carrier
    sees all of them (every carrier); with more, a carrier sees the REACH nearest on each
    side of its day, so only a carrier whose stretch held a moved briefing, before or
    after, sees other candidates (a stretch the move did not cross holds the same ones).
    """
    postings, on_days = index.postings[number], index.posting_days[number]
    days = index.days
    here = [m for m in moved_at if number in index.terms[m]]
    then = [m for m in moved_at if entity in old_names[m]]
    if len(here) != len(then):
        return {*postings, *then}

    def now(o: int) -> tuple[int, str]:
        return days[o], keys[o]

    def before(o: int) -> tuple[int, str]:
        return old_day.get(o, days[o]), keys[o]

    # The postings as they stood: the moved ones taken out where they stand now and put
    # back where they stood (by day, then key), each list with its days beside it.
    was, was_days = list(postings), list(on_days)
    for m in here:  # the others in WAS stand where they stand now, by (day, key)
        at = bisect.bisect_left(was, now(m), key=now)
        del was[at], was_days[at]
    for m in then:
        at = bisect.bisect_left(was, before(m), key=before)
        was.insert(at, m)
        was_days.insert(at, old_day[m])
    if was == postings and was_days == on_days:
        return set()  # nothing moved in time: every stretch holds what it held
    if len(postings) <= 2 * POSTING_REACH:
        return set(postings)
    found: set[int] = set()
    for order, order_days, moved in ((was, was_days, then), (postings, on_days, here)):
        for m in moved:
            at = order.index(m)
            # A carrier at Q looks from the first posting of its day, FIRST: it sees AT
            # when FIRST - REACH <= AT < FIRST + REACH; FIRST <= Q, and FIRST only grows.
            for q in range(max(0, at - POSTING_REACH), len(order)):
                first = bisect.bisect_left(order_days, order_days[q])
                if first > at + POSTING_REACH:
                    break
                if first - POSTING_REACH <= at:
                    found.add(order[q])
    return found


def _time_scale(days: Sequence[int]) -> list[float]:
    """1 + days apart / TIME_SCALE_DAYS for every distance DAYS hold, computed once."""
    span = max(days) - min(days) if days else 0
    return [1.0 + d / TIME_SCALE_DAYS for d in range(span + 1)]


def _related_one(
    index: _Index,
    me: int,
    count: int,
    terms: Sequence[int],
    scale: Sequence[float],
    keys: Sequence[str],
) -> tuple[Article, ...]:
    """Briefing ME's related list: the COUNT best by the IDF of the TERMS it shares (its
    names but the crowded ones), divided by SCALE of the days apart; `relate_all` asks it
    of every briefing, an edit in serve of the briefings it reaches."""
    days, idf, postings, posting_days = index.days, index.idf, index.postings, index.posting_days
    day = days[me]
    reach, few = POSTING_REACH, 2 * POSTING_REACH
    shared: dict[int, float] = {}
    get = shared.get
    for term in terms:
        weight = idf[term]
        near = postings[term]
        if len(near) > few:  # a common name: only its REACH nearest on each side
            at = bisect.bisect_left(posting_days[term], day)
            near = near[max(0, at - reach) : at + reach]
        for other in near:
            shared[other] = get(other, 0.0) + weight
    shared.pop(me, None)
    scores = {o: total / scale[abs(days[o] - day)] for o, total in shared.items()}
    # Only candidates scoring at least the COUNT-th best can be listed: find that score
    # with a sort of plain floats, then order the few left by the full, stable key.
    pool = list(scores)
    if len(pool) > count:
        cut = sorted(scores.values(), reverse=True)[count - 1]
        pool = [o for o in pool if scores[o] >= cut]
    pool.sort(key=lambda o: (-scores[o], abs(days[o] - day), -days[o], keys[o]))
    return tuple([index.articles[o] for o in pool[:count]])


def _rethread(
    index: _Index,
    threads: tuple[Thread, ...],
    moved_at: set[int],
    resized: set[Entity],
    ids: Mapping[Entity, int],
    fresh: set[str],
    inputs: Mapping[str, tuple[Article, tuple[Any, ...]]],
    words: TitleWords | None,
    word_idf: Mapping[str, float] | None = None,
) -> tuple[tuple[Thread, ...], Mapping[str, float] | None] | None:
    """THREADS after the briefings at MOVED_AT took new names or dates, as `_Linker` finds
    them over INDEX (the site after the edit).

    Whether two briefings are linked rests on their names, dates and titles and on the
    IDF and rarity of their names: it can change only for a pair with a moved briefing,
    or with a briefing that carries a name whose count changed (RESIZED; its IDF, rarity
    and the briefing's norm move). Those briefings are linked again to every partner;
    the threads that held them are taken apart, and each group found again joins whole
    any old thread it reaches (no link inside that one changed). A group with the very
    briefings of an old thread and no moved one keeps its thread (FRESH briefings' new
    objects put in); any other is named again. Threads no such briefing reaches stay as
    they were. WORDS, the title words of the site when known, name the threads made;
    WORD_IDF, the site's word rarity when known, spares the links counting it. Returns
    the threads with the word rarity the links counted or were given (or None).

    None when a place the links asked about is given two ways by the briefings that name
    it (`_kinds_agree`): the full pass then decides as its own order of asking does.
    """
    articles = index.articles
    position = index.number
    again = set(moved_at)
    for entity in resized:
        number = ids.get(entity)
        if number is not None:
            again.update(index.postings[number])
    thread_of: dict[int, int] = {}
    for t, thread in enumerate(threads):
        for article in thread.articles:
            thread_of[position[article.key]] = t
    broken = {thread_of[i] for i in again if i in thread_of}
    nodes = set(again)
    for t in broken:
        nodes.update(position[a.key] for a in threads[t].articles)
    linker = _Linker(index, lazy=True, word_idf=word_idf)
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for t in broken:  # only links of an `again` briefing can have changed
        members = [position[a.key] for a in threads[t].articles if position[a.key] not in again]
        for node in members:
            root(node)
    reached: set[int] = set()
    for me in sorted(nodes):
        root(me)
        for other in linker.partners(me, later_only=False):
            join(me, other)
            held = thread_of.get(other)
            if held is not None and held not in broken:
                reached.add(held)
    for t in reached:  # joined whole: its own links are as they were
        members = [position[a.key] for a in threads[t].articles]
        for node in members[1:]:
            join(members[0], node)
    # Links between two briefings of a broken thread, neither moved: found again too
    # (`_partners` of each such member covers them, as every node was linked above).
    if not _kinds_agree(linker):
        return None
    groups: dict[int, list[int]] = defaultdict(list)
    for node in sorted(parent):
        groups[root(node)].append(node)
    kept = [thread for t, thread in enumerate(threads) if t not in broken and t not in reached]
    old_members = {
        frozenset(a.key for a in threads[t].articles): threads[t] for t in broken | reached
    }
    moved_keys = {articles[i].key for i in moved_at}
    made: list[Thread] = []
    for members in groups.values():
        if len(members) < THREAD_MIN_SIZE:
            continue
        group = [articles[i] for i in members]
        keys = frozenset(a.key for a in group)
        same = old_members.get(keys)
        if same is not None and moved_keys.isdisjoint(keys):
            made.append(_refreshed(same, fresh, inputs))
            continue
        if words is None:
            words = TitleWords(articles)
        made.append(_thread(group, words))
    result = [_refreshed(thread, fresh, inputs) for thread in kept] + made
    result.sort(key=lambda t: (-t.last.toordinal(), t.url_path))
    # The word rarity this linker counted (or was given), for the next edit.
    return tuple(result), linker.word_idf if linker.words is not None else None


def _kinds_agree(linker: _Linker) -> bool:
    """Whether every place LINKER sorted (actor, local, wide) is of one kind for every
    briefing that names it.

    `_Linker.kind` reads a place from the first briefing it is asked for, and the full
    pass asks in its own order: when the briefings give the place two ways (with and
    without a country, say), links found in another order may differ. Only rare names
    are asked about, so the check reads few postings.
    """
    index = linker.index
    for term, kind in list(linker.kinds.items()):
        if index.entity_of[term][0] != "locations":
            continue
        for holder in index.postings[term]:
            del linker.kinds[term]
            if linker.kind(term, holder) != kind:
                return False
    return True


def _refreshed(
    thread: Thread, fresh: set[str], inputs: Mapping[str, tuple[Article, tuple[Any, ...]]]
) -> Thread:
    """THREAD with the new objects of its FRESH briefings (same names, dates and titles)."""
    if fresh.isdisjoint(a.key for a in thread.articles):
        return thread
    return dataclasses.replace(thread, articles=tuple(inputs[a.key][0] for a in thread.articles))


def _counterparts_moved(
    held: tuple[Counterpart, ...],
    me: Entity,
    moved: Sequence[str],
    previous: Relations,
    inputs: Mapping[str, tuple[Article, tuple[Any, ...]]],
    index: _Index,
    ids: Mapping[Entity, int],
) -> tuple[Counterpart, ...] | None:
    """ME's counterparts after the MOVED briefings took other names, from HELD, the ones
    before; None when they must be counted again over ME's briefings.

    A name counted more often now is counted exactly (its briefings and ME's, intersected);
    a name counted less often leaves HELD as it was unless it was in HELD (then a name
    below the cut may take its place: None). Every other name kept its count, and stays
    below HELD's last. So the first COUNTERPART_COUNT are among HELD and the names gained.
    """
    gained: set[Entity] = set()
    lost: set[Entity] = set()
    for key in moved:
        before, after = set(previous.inputs[key][1][2]), set(inputs[key][1][2])
        if me in before and me in after:
            gained |= after - before
            lost |= before - after
        elif me in after:
            gained |= after
        elif me in before:
            lost |= before
    gained.discard(me)
    lost.discard(me)
    if gained & lost or any((c.taxonomy, c.name) in lost for c in held):
        return None
    counts: dict[Entity, int] = {(c.taxonomy, c.name): c.count for c in held}
    mine = set(index.postings[ids[me]])
    for entity in gained:
        number = ids.get(entity)
        if number is not None:
            counts[entity] = len(mine.intersection(index.postings[number]))
    counts = {e: c for e, c in counts.items() if c > 0}
    return _top_counterparts(counts, COUNTERPART_COUNT, lambda e: e)


def _timeline_moved(
    held: tuple[MonthCount, ...],
    me: Entity,
    moved: Sequence[str],
    previous: Relations,
    inputs: Mapping[str, tuple[Article, tuple[Any, ...]]],
    made: dict[tuple[int, int], MonthCount],
) -> tuple[MonthCount, ...] | None:
    """ME's timeline after the MOVED briefings took other names or dates, from HELD, the
    one before: each moved briefing leaves the month it stood in (if it named ME) and
    joins its new one (if it does). None when ME has no briefing left.

    `bin_months` over a term of thousands of briefings counts each of them; this counts
    the months held and the moved briefings. MADE: the bars made before (`_month_bins`).
    """
    counts: dict[int, int] = {}
    for bar in held:  # the bars held are those most of the new timeline repeats
        month = bar.year * 12 + bar.month - 1
        made.setdefault((month, bar.count), bar)
        if bar.count:
            counts[month] = bar.count
    for key in moved:
        for entry, sign in ((previous.inputs[key][1], -1), (inputs[key][1], 1)):
            if me in entry[2]:
                day = datetime.date.fromordinal(entry[1])
                month = day.year * 12 + day.month - 1
                counts[month] = counts.get(month, 0) + sign
    counts = {m: n for m, n in counts.items() if n}
    return _month_bins(counts, made) if counts else None


def _reprofile(
    taxonomies: Sequence[Taxonomy],
    previous: Relations,
    index: _Index,
    touched: set[Entity],
    moved: Sequence[str],
    inputs: Mapping[str, tuple[Article, tuple[Any, ...]]],
) -> dict[Entity, TermProfile]:
    """PREVIOUS's profiles with those the MOVED briefings reach made again, as
    `term_profiles` makes them.

    INDEX numbers the entities and briefings of the site after the edit. A profile
    reads only its term's briefings: those of the TOUCHED names (each moved briefing's
    old and new actors and locations). A country's also reads the count, the place and
    the country code of every location in it: the countries of the touched names,
    before and after, and of the places the moved briefings give (a place's country
    code comes from the newest briefing that gives one).
    """
    locations = next((t for t in taxonomies if t.name == "locations"), None)
    location_terms = locations.terms if locations is not None else ()
    counts = {t.name: len(t.articles) for t in location_terms}
    countries = {t.name: t.country_code for t in location_terms if t.country_code}
    by_country = group_by_country(countries)
    reached = {name for tax, name in touched if tax == "locations"}
    for key in moved:
        reached.update(p.name for p in previous.inputs[key][1][3])
        reached.update(p.name for p in inputs[key][1][3])
    redo = set(touched)
    codes = {countries[name] for name in reached if name in countries}
    for (tax, name), profile in previous.profiles.items():  # the countries they were in
        if (
            tax == "locations"
            and profile.is_country
            and (name in reached or any(c.name in reached for c in profile.places))
        ):
            redo.add((tax, name))
    for code in codes:
        redo.update(
            ("locations", name) for name in by_country.get(code, ()) if is_country(name, code)
        )
    profiles = dict(previous.profiles)
    terms = {
        (taxonomy.name, term.name): term
        for taxonomy in taxonomies
        if taxonomy.name in ENTITY_TAXONOMIES
        for term in taxonomy.terms
        if (taxonomy.name, term.name) in redo
    }
    for entity in redo:
        profiles.pop(entity, None)
    # Counterparts count the names of a term's briefings: with no name moved, they are as
    # they were (a new date or place moves dates, timelines and maps only).
    same_names = all(previous.inputs[key][1][2] == inputs[key][1][2] for key in moved)
    ids, position = index.ids, index.number
    bars: dict[tuple[int, int], MonthCount] = {}
    for (tax, name), term in terms.items():
        held = previous.profiles.get((tax, name))
        moved_with = (
            None
            if held is None
            else held.counterparts
            if same_names
            else _counterparts_moved(
                held.counterparts, (tax, name), moved, previous, inputs, index, ids
            )
        )
        if moved_with is not None:
            counterparts = moved_with
        else:  # counted over numbered entities, as `term_profiles` counts them
            together = Counter(
                chain.from_iterable([index.terms[position[a.key]] for a in term.articles])
            )
            together.pop(ids[(tax, name)], None)
            counterparts = _top_counterparts(
                together, COUNTERPART_COUNT, index.entity_of.__getitem__
            )
        profiles[(tax, name)] = profile_term(
            tax,
            name,
            term.articles,
            counts=counts,
            countries=countries,
            by_country=by_country,
            is_country=is_country,
            counterparts=counterparts,
            timeline=None
            if held is None
            else _timeline_moved(held.timeline, (tax, name), moved, previous, inputs, bars),
        )
    urls = {t.name: t.url_path for t in location_terms}
    for tax, name in terms:  # a country's map marks the places in it with coordinates
        profile = profiles[(tax, name)]
        if tax != "locations" or not profile.places:
            continue
        points = []
        for c in profile.places:
            place = profiles[("locations", c.name)].place
            if place is not None and place.latitude is not None and place.longitude is not None:
                points.append(
                    MapPoint(c.name, urls[c.name], c.count, place.latitude, place.longitude)
                )
        profiles[(tax, name)] = dataclasses.replace(profile, points=tuple(points))
    return profiles
