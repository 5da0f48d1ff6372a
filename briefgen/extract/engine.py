"""Turn one article into canonical actors and locations.

The steps, in order:

1. candidates: runs of capitalised words (see `candidates.py`);
2. cleaning: leading "the", sentence-initial common words, titles and roles ("President",
   "Foreign Minister"), demonyms and possessives are stripped; spans are split at titles in
   the middle ("US President Trump") and at connectors that do not belong to a name
   ("Biden and Sanders", but not "Bank of England");
3. typing: each piece is a location (gazetteer, place cue words, "X, Texas"), an actor
   (organisation cue words, acronyms, person names, titles) or nothing (demonyms, events,
   laws, languages, months);
4. one vote per distinct name across the document, then surnames and acronyms are merged
   into the fullest name ("Putin" → "Vladimir Putin", "EU" → "European Union");
5. ranking by prominence: mentions, title, lead, first position.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from briefgen.extract import gazetteer as gz
from briefgen.extract.candidates import Span, Token, find_spans, is_headline, join_words, tokenize
from briefgen.extract.lexicon import (
    FUNCTION_WORDS,
    LOC_HEAD_WORDS,
    LOC_LEAD_WORDS,
    MISC_HEAD_WORDS,
    MONTHS,
    NAME_PARTICLES,
    NOT_NAMES,
    ORG_CONNECTORS,
    ORG_HEAD_WORDS,
    ORG_LEAD_WORDS,
    PERSON_TITLES,
    PLACE_ACRONYMS,
    ROLE_WORDS,
    WEEKDAYS,
    common_words,
    demonym_forms,
)

ACTOR = "actor"
LOCATION = "location"

# Titles that may sit in the middle of a span and split it: "US President Trump".
TITLE_NOUNS = frozenset(
    """
    president vice-president minister premier chancellor secretary secretary-general
    spokesman spokeswoman spokesperson governor mayor senator sen ambassador envoy king
    queen prince princess sultan emir pope judge justice chief coach ceo chairman chairwoman
    director commissioner leader mr mrs ms dr sheikh ayatollah cardinal archbishop bishop
    rev lieutenant colonel captain sergeant officer inspector detective constable sheriff
    prosecutor attorney councillor councilor representative congressman congresswoman
    lawmaker mp mep general admiral marshal commander professor prof founder
    """.split()
)
# Titles that prove a person follows ("President Putin"), unlike "Chief" or "General".
PERSON_PROOF = frozenset(
    """
    mr mrs ms miss dr sir dame president vice-president minister premier chancellor
    senator sen governor mayor king queen prince princess sultan emir sheikh pope
    ayatollah cardinal archbishop bishop rev reverend judge justice spokesman spokeswoman
    spokesperson secretary ambassador congressman congresswoman councillor councilor
    professor prof coach lieutenant colonel captain sergeant detective inspector constable
    sheriff prosecutor attorney leader ceo chairman chairwoman director commissioner
    mp mep general admiral marshal commander founder representative lawmaker
    """.split()
)
_DIRECTIONS = frozenset(
    "northern southern eastern western central north south east west northeast northwest "
    "southeast southwest upper lower greater inner outer".split()
)
_LOCATIVE = frozenset(
    "in at near outside inside across into from to towards toward via throughout around "
    "between within".split()
)
_STRONG_LOCATIVE = frozenset("in near outside inside throughout".split())
_SAYS = frozenset("said says say told added stated wrote explained noted asked argued".split())
_DATELINE = re.compile(r"^\s*(?:[A-Z][a-z]+day,\s*)?[A-Z][a-z]+ \d{1,2}, \d{4}\s*$")
_WORD = re.compile(r"[^\W_]+")


def words_key(name: str) -> tuple[str, ...]:
    """Fold a name into lowercase words without accents or a leading "the" (for matching)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    toks = _WORD.findall(text.replace("'s ", " ").replace("’s ", " "))
    if toks and toks[0] == "the":
        toks = toks[1:]
    return tuple(toks)


def acronym_of(name: str) -> str:
    """First letters of the capitalised words: "European Union" → "eu"."""
    caps = [w for w in re.findall(r"[A-Za-z][\w\-]*", name) if w[0].isupper()]
    return "".join(w[0] for w in caps).casefold()


def _is_acronym(name: str) -> bool:
    raw = name.replace(".", "").strip()
    return raw.isupper() and len(raw) >= 2


def same_entity(a: str, b: str) -> bool:
    """Two names of one entity: equal, one at the start or end of the other, or an acronym."""
    wa, wb = words_key(a), words_key(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    n, m = len(wa), len(wb)
    if (n < m and (wb[:n] == wa or wb[-n:] == wa)) or (m < n and (wa[:m] == wb or wa[-m:] == wb)):
        return True
    if _is_acronym(a) and a.replace(".", "").strip().casefold() == acronym_of(b):
        return True
    return bool(_is_acronym(b) and b.replace(".", "").strip().casefold() == acronym_of(a))


@dataclass(slots=True)
class Piece:
    """A cleaned candidate name, with the evidence gathered while cleaning it."""

    words: list[Token]
    span: Span
    person_title: bool = False
    """A title such as "President" or "Mr" stood right before it."""
    role_title: bool = False
    """Some role word stood before it ("Chief", "former")."""
    demonym: str = ""
    """A demonym stood before it ("Iranian")."""

    @property
    def text(self) -> str:
        return join_words(self.words)


@dataclass(slots=True)
class Vote:
    """Everything seen about one distinct name in one document."""

    name: str
    first: int
    count: int = 0
    in_title: bool = False
    loc: float = 0.0
    actor: float = 0.0
    person: float = 0.0
    single_initial_only: bool = True
    positions: list[int] = field(default_factory=list)


@dataclass(slots=True)
class DocEvidence:
    """Document-wide facts that typing consults."""

    cap_mid: set[str]
    """Lowercased words seen capitalised away from a sentence start."""
    lower: set[str]
    """Words seen in lowercase."""


def _low(tok: Token) -> str:
    return tok.text.lower()


def _is_name_word(tok: Token) -> bool:
    return tok.is_word and tok.cap


def _strip_edges(words: list[Token]) -> list[Token]:
    """Drop connectors and punctuation at either end."""
    while words and (not words[0].is_word or not words[0].cap):
        words = words[1:]
    while words and (not words[-1].is_word or not words[-1].cap):
        words = words[:-1]
    return words


def _split_connectors(words: list[Token]) -> list[list[Token]]:
    """Split at "of", "and", "for"… unless they belong to a name ("Bank of England")."""
    if not any(w.is_word and not w.cap and _low(w) in ORG_CONNECTORS for w in words) and not any(
        not w.is_word for w in words
    ):
        return [words]
    if len(words) > 2 and gz.lookup(join_words(words)):
        return [words]
    parts: list[list[Token]] = []
    current: list[Token] = []
    cue_seen = False
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        low = _low(w)
        if w.is_word and w.cap:
            if low in ORG_LEAD_WORDS or low in ORG_HEAD_WORDS or low in LOC_LEAD_WORDS or (
                low in LOC_HEAD_WORDS and low not in ("state", "city")
            ):
                cue_seen = True
            current.append(w)
            i += 1
            continue
        # A connector run: "of", "of the", "and", "&", "for", "van der"…
        j = i
        while j < n and not (words[j].is_word and words[j].cap):
            j += 1
        connector = [_low(t) for t in words[i:j]]
        rest = words[j:]
        rest_words = [_low(t) for t in rest if t.is_word and t.cap]
        keep = False
        if all(c in NAME_PARTICLES or c == "the" for c in connector):
            keep = True
        elif "&" in connector:
            keep = True
        elif connector[0] in ("and",):
            keep = cue_seen or bool(rest_words and rest_words[-1] in ORG_HEAD_WORDS)
            if not keep and current and rest:
                joined = join_words([*current, *words[i:]])
                keep = bool(gz.lookup(joined))
        elif connector[0] in ("of", "for", "on"):
            last = _low(current[-1]) if current else ""
            keep = cue_seen or last in PERSON_TITLES or last in ROLE_WORDS
        elif connector[0] in ("in", "at"):
            keep = cue_seen and connector[0] == "at" and bool(
                current and _low(current[0]) == "university"
            )
        if keep:
            current.extend(words[i:j])
        else:
            if current:
                parts.append(current)
            current = []
            cue_seen = False
        i = j
    if current:
        parts.append(current)
    return parts


def _split_titles(words: list[Token]) -> list[tuple[list[Token], bool]]:
    """Split before a title noun inside a span: "US President Donald Trump" → US | Donald Trump."""
    out: list[tuple[list[Token], bool]] = []
    start = 0
    i = 1
    n = len(words)
    while i < n - 1:
        low = _low(words[i])
        if (
            low in TITLE_NOUNS
            and words[i].cap
            and words[i + 1].is_word
            and words[i + 1].cap
            and _low(words[-1]) not in ORG_HEAD_WORDS
        ):
            out.append((words[start:i], False))
            # Skip the title and any further role words.
            j = i
            while j < n - 1 and (_low(words[j]) in ROLE_WORDS or _low(words[j]) in TITLE_NOUNS
                                 or not words[j].cap):
                j += 1
            out.append((words[j:], low in PERSON_PROOF))
            return [(w, t) for w, t in out if w]
        i += 1
    return [(words, False)]


def _clean(span: Span, ev: DocEvidence, common: frozenset[str]) -> list[Piece]:
    words = [w for w in span.words]
    pieces: list[Piece] = []
    # Sentence-initial (or headline) common words are capitalised by position only.
    while words and words[0].is_word:
        first = words[0]
        low = _low(first)
        if low in FUNCTION_WORDS and (first.initial or low in ("the", "a", "an")):
            words = words[1:]
            continue
        if first.initial and low in common and (low not in ev.cap_mid or low in FUNCTION_WORDS):
            if not gz.lookup(first.text) or len(words) > 1 and not gz.lookup(join_words(words)):
                words = words[1:]
                continue
        break
    words = _strip_edges(words)
    if not words:
        return pieces
    for part, title_before in _split_titles(words):
        for sub in _split_connectors(part):
            sub = _strip_edges(sub)
            if sub:
                pieces.extend(_strip_roles(sub, span, title_before))
    return pieces


def _strip_roles(words: list[Token], span: Span, title_before: bool) -> list[Piece]:
    """Strip leading titles, roles and demonyms; remember them as evidence."""
    person_title = title_before
    role_title = False
    demonym = ""
    demonyms = demonym_forms()
    full_org = _low(words[-1]) in ORG_HEAD_WORDS or _low(words[0]) in ORG_LEAD_WORDS
    # Leading titles: "President Vladimir Putin", "Foreign Minister Zarif", "Mr Smith".
    k = 0
    saw_title = False
    while k < len(words) - 1:
        low = _low(words[k])
        if low in PERSON_TITLES or low.rstrip(".") in PERSON_TITLES:
            saw_title = True
            k += 1
        elif low in ROLE_WORDS or not words[k].cap or low in demonyms:
            k += 1
        else:
            break
    if saw_title and 0 < k < len(words):
        rest = words[k:]
        rest_low = _low(rest[-1])
        head = _low(words[k - 1]).rstrip(".")
        if rest_low not in ORG_HEAD_WORDS and rest_low not in LOC_HEAD_WORDS and (
            head in PERSON_TITLES or head in TITLE_NOUNS
        ):
            person_title = person_title or any(
                _low(w).rstrip(".") in PERSON_PROOF for w in words[:k]
            )
            role_title = True
            words = rest
            full_org = False
    # A leading demonym before a name that is not an organisation: "Iranian Hassan Rouhani".
    if len(words) > 1 and _low(words[0]) in demonyms and not full_org:
        joined = join_words(words)
        if not gz.lookup(joined) and _low(words[-1]) not in LOC_HEAD_WORDS:
            demonym = _low(words[0])
            words = words[1:]
    words = _strip_edges(words)
    if not words:
        return []
    return [Piece(words, span, person_title, role_title, demonym)]


def _type_piece(piece: Piece, ev: DocEvidence) -> tuple[str | None, float, float]:
    """Return (kind, strength, person-evidence) of one cleaned piece."""
    words = piece.words
    text = piece.text
    lows = [_low(w) for w in words]
    last, first = lows[-1], lows[0]
    name_words = [w for w in words if w.cap]
    demonyms = demonym_forms()
    if len(name_words) == 1:
        single = lows[0]
        if single in NOT_NAMES or single in MONTHS or single in WEEKDAYS:
            return None, 0.0, 0.0
        if single in demonyms or single in FUNCTION_WORDS or single in ROLE_WORDS:
            return None, 0.0, 0.0
    if all(w in MONTHS or w in WEEKDAYS or w in NOT_NAMES or w in ROLE_WORDS
           or w in demonyms or not c.cap for w, c in zip(lows, words, strict=True)):
        return None, 0.0, 0.0
    if text.lower() in demonyms:
        return None, 0.0, 0.0
    # Events, laws, works, awards: "World Cup", "National Emergencies Act".
    if len(name_words) > 1 and last in MISC_HEAD_WORDS and last not in ORG_HEAD_WORDS:
        return None, 0.0, 0.0
    span = piece.span
    found = gz.lookup(text)
    strong_place = bool(found) and found[0].strong
    if text in PLACE_ACRONYMS or text.replace(".", "") in PLACE_ACRONYMS:
        return LOCATION, 3.0, 0.0
    person = 0.0
    if piece.person_title:
        person += 2.0
    if span.after.lower() in _SAYS and len(name_words) >= 1:
        person += 0.5
    if piece.person_title and not strong_place:
        return ACTOR, 2.0, person
    # Organisation cues win over places named inside them ("University of Texas").
    if last in ORG_HEAD_WORDS or (first in ORG_LEAD_WORDS and len(words) > 1):
        if not (last in LOC_HEAD_WORDS and first not in ORG_LEAD_WORDS and last not in (
            "house", "church", "temple", "center", "centre")):
            if not (found and len(name_words) > 1 and last in ("state", "city")):
                return ACTOR, 2.0, 0.0
    if found:
        strength = 3.0 if strong_place else 1.0
        if len(name_words) > 1:
            strength += 1.0
        if span.before in _STRONG_LOCATIVE:
            strength += 1.0
        return LOCATION, strength, person
    if len(name_words) > 1:
        if last in LOC_HEAD_WORDS or first in LOC_LEAD_WORDS:
            return LOCATION, 2.0, 0.0
        if first in _DIRECTIONS and gz.lookup(join_words(words[1:])):
            return LOCATION, 2.0, 0.0
    # "El Paso, Texas": a name followed by a known region or country.
    if span.after == "," and span.after2 and span.after2[0].isupper():
        nxt = gz.lookup(span.after2)
        if nxt and nxt[0].kind in ("region", "country") and nxt[0].strong:
            return LOCATION, 2.0, 0.0
    if all(w.upper for w in name_words) or _is_acronym(text):
        return ACTOR, 1.5, 0.0
    if len(name_words) > 1:
        return ACTOR, 1.5, person + 0.5
    # A single unknown capitalised word.
    if span.before in _STRONG_LOCATIVE and not piece.demonym:
        return LOCATION, 0.6, person
    return ACTOR, 1.0, person


def _paragraphs(title: str, text: str) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    if title.strip():
        out.append((title.strip(), True))
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if para and not _DATELINE.match(para):
            out.append((para, False))
    return out


def analyse(title: str, text: str) -> tuple[list[Vote], list[Vote]]:
    """Find actors and locations; return their votes, most prominent first."""
    paragraphs = _paragraphs(title, text)
    all_spans: list[Span] = []
    cap_mid: set[str] = set()
    lower: set[str] = set()
    offset = 0
    sentence_base = 0
    lead_end = 0
    for index, (para, in_title) in enumerate(paragraphs):
        headline = in_title and is_headline(para)
        if not headline and len(para) < 100 and para[-1:] not in ".!?\"”'’" and is_headline(para):
            headline = True
        if para.isupper() and len(para) > 20:
            headline = True
        sentences = tokenize(para, offset, headline)
        for sent in sentences:
            for tok in sent:
                if tok.is_word:
                    if tok.cap and not tok.initial:
                        cap_mid.add(tok.text.lower())
                    elif not tok.cap:
                        lower.add(tok.text.lower())
        all_spans.extend(find_spans(sentences, sentence_base, headline, in_title))
        sentence_base += len(sentences)
        offset += len(para) + 2
        if not in_title and lead_end == 0:
            lead_end = offset
        del index
    ev = DocEvidence(cap_mid, lower)
    common = common_words()
    votes: dict[str, Vote] = {}
    for span in all_spans:
        for piece in _clean(span, ev, common):
            kind, strength, person = _type_piece(piece, ev)
            if kind is None:
                continue
            name = piece.text
            vote = votes.get(name)
            pos = piece.words[0].start
            if vote is None:
                vote = votes[name] = Vote(name, pos)
            vote.count += 1
            vote.positions.append(pos)
            vote.in_title = vote.in_title or span.in_title
            if kind == LOCATION:
                vote.loc += strength
            else:
                vote.actor += strength
            vote.person += person
            if not (len(piece.words) == 1 and piece.words[0].initial):
                vote.single_initial_only = False
    return _resolve(list(votes.values()), ev, lead_end)


def _resolve(votes: list[Vote], ev: DocEvidence, lead_end: int) -> tuple[list[Vote], list[Vote]]:
    common = common_words()
    # Names seen only at a sentence start or in a headline need support elsewhere.
    known_words: set[str] = set()
    for v in votes:
        if not v.single_initial_only:
            known_words.update(words_key(v.name))
    kept: list[Vote] = []
    for v in votes:
        if v.single_initial_only:
            key = words_key(v.name)
            low = v.name.lower()
            supported = (
                any(k in known_words for k in key)
                or (gz.lookup(v.name) and gz.lookup(v.name)[0].strong)
                or (low not in common and low not in ev.lower)
            )
            if not supported:
                continue
        kept.append(v)
    votes = kept
    # Person names: a single word that is the first or last word of a longer actor name
    # is that person, even when a town somewhere bears the same name.
    multi_actor_words: set[str] = set()
    for v in votes:
        key = words_key(v.name)
        if len(key) > 1 and v.actor > v.loc:
            multi_actor_words.add(key[-1])
            multi_actor_words.add(key[0])
    actors: list[Vote] = []
    locations: list[Vote] = []
    for v in votes:
        key = words_key(v.name)
        is_loc = v.loc > v.actor
        if is_loc and len(key) == 1 and key[0] in multi_actor_words:
            found = gz.lookup(v.name)
            if not (found and found[0].strong and found[0].kind in ("country", "continent")):
                is_loc = False
        (locations if is_loc else actors).append(v)
    return _merge(actors, lead_end), _merge(locations, lead_end)


def _prominence(v: Vote, lead_end: int) -> tuple[float, int]:
    lead = 1.0 if v.first < lead_end else 0.0
    return (-(v.count + 2.0 * v.in_title + lead), v.first)


def _merge(votes: list[Vote], lead_end: int) -> list[Vote]:
    """Fold aliases into the fullest name: "Putin" → "Vladimir Putin", "EU" → "European Union"."""
    # Longest names first become cluster heads; shorter names join the best head.
    order = sorted(votes, key=lambda v: (-len(words_key(v.name)), v.first))
    heads: list[Vote] = []
    members: dict[int, list[Vote]] = {}
    for v in order:
        matches = [h for h in heads if _alias(v.name, h.name)]
        if not matches:
            heads.append(v)
            members[id(v)] = [v]
            continue
        best = min(matches, key=lambda h: h.first)
        members[id(best)].append(v)
    merged: list[Vote] = []
    for h in heads:
        group = members[id(h)]
        canon = _canonical(group)
        out = Vote(canon.name, min(g.first for g in group))
        out.count = sum(g.count for g in group)
        out.in_title = any(g.in_title for g in group)
        out.loc = sum(g.loc for g in group)
        out.actor = sum(g.actor for g in group)
        out.person = sum(g.person for g in group)
        merged.append(out)
    merged.sort(key=lambda v: _prominence(v, lead_end))
    return merged


def _alias(short: str, long: str) -> bool:
    if same_entity(short, long):
        return True
    a, b = words_key(short), words_key(long)
    # "John Bolton" and "John R. Bolton": same first and last word.
    return len(a) >= 2 and len(b) >= 2 and a[0] == b[0] and a[-1] == b[-1]


def _canonical(group: list[Vote]) -> Vote:
    """The fullest written form; acronyms of places become their full name."""
    def rank(v: Vote) -> tuple[int, int, int, int]:
        return (_is_acronym(v.name) and len(group) > 1, -len(words_key(v.name)), -v.count,
                v.first)

    best = min(group, key=rank)
    full = PLACE_ACRONYMS.get(best.name) or PLACE_ACRONYMS.get(best.name.replace(".", ""))
    if full and best.loc >= best.actor:
        return Vote(full, best.first, best.count)
    return best
