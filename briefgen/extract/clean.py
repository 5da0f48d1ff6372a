"""Step 2: clean candidate spans into pieces that may each name one entity.

Leading "the", sentence-initial common words, titles and roles ("President", "Foreign
Minister"), demonyms and possessives are stripped; spans are split at titles in the middle
("US President Trump") and at connectors that do not belong to a name ("Biden and Sanders",
but not "Bank of England").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefgen.extract import gazetteer as gz
from briefgen.extract.candidates import (
    Span,
    Token,
    is_campus_place,
    join_words,
)
from briefgen.extract.context import (
    DATE_WORDS,
    DocEvidence,
    Piece,
    country_code,
    is_common,
    is_cue,
    is_date_word,
    is_outlet,
    is_place,
    is_title_words,
    is_trailing_title,
    titled_place,
)
from briefgen.extract.lexicon import (
    ARTICLES,
    CAPTION_WORDS,
    DEMONYMS_LOWER,
    DIRECTIONS,
    DOCUMENT_NOUNS,
    FOREIGN_OPENERS,
    FUNCTION_WORDS,
    GIVEN_NAME_WORDS,
    LOC_HEAD_WORDS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NEVER_NAME_START,
    NOT_NAMES,
    NOUNISH,
    OPENER,
    ORG_HEAD_WORDS,
    ORG_LEAD_WORDS,
    PARTY_WORDS,
    PERSON_PROOF,
    PERSON_TITLES,
    POST_NOMINALS,
    ROLE_WORDS,
    SUBJECT_NOUNS,
    SURNAME_PLACE_WORDS,
    TITLE_NOUNS,
    TITLE_PREFIXES,
    TRAILING_ADJECTIVES,
    WEEKDAYS,
    common_words,
    demonym_forms,
    dictionary_words,
)
from briefgen.extract.names import acronym_of, is_acronym


def _strip_edges(words: list[Token]) -> list[Token]:
    """Drop connectors, punctuation, months and weekdays at either end.

    Returns `words` itself when nothing goes, else one slice (hot: called for every piece).
    """
    start, end = 0, len(words)
    while start < end and (
        not words[start].is_word or not words[start].cap or words[start].low in DATE_WORDS
    ):
        start += 1
    while end > start and (
        not words[end - 1].is_word
        or not words[end - 1].cap
        or words[end - 1].low in DATE_WORDS
        or (words[end - 1].follows_period and words[end - 1].low in ("no", "nos"))
    ):
        end -= 1
    if start == 0 and end == len(words):
        return words
    return words[start:end]


def _is_name(tok: Token) -> bool:
    return tok.is_word and tok.cap


def _cap_run(words: list[Token], start: int) -> int:
    """The end of the run of capitalised words from `start` (or of connectors, if not)."""
    want = _is_name(words[start]) if start < len(words) else True
    end = start
    while end < len(words) and _is_name(words[end]) == want:
        end += 1
    return end


@dataclass(slots=True)
class _Parts:
    """The state of `_split_connectors`: the parts so far and the part being built."""

    parts: list[tuple[list[Token], bool]] = field(default_factory=list)
    current: list[Token] = field(default_factory=list)
    after_title: bool = False
    """A title stood before the current part."""
    cue_seen: bool = False
    """The current part holds an organisation or place cue word."""
    org_of: bool = False
    """Inside "Department of …", where "and" may continue the name."""
    acronym_after: str = ""
    """The acronym in parentheses after the span, letters only ("pge" of "(PG&E)")."""

    def close(self, drop_left: bool) -> None:
        if self.current and not drop_left:
            self.parts.append((self.current, self.after_title))
        self.current = []
        self.cue_seen = False
        self.org_of = False
        self.after_title = drop_left


def _plain_words(words: list[Token], cues: bool) -> bool:
    """Ordinary words only ("Human Services"), cue words allowed when `cues`."""
    common = common_words()
    return all(
        is_common(t.low, common) or (cues and is_cue(t.low)) or NOUNISH.search(t.low) for t in words
    )


def _keep_and(st: _Parts, run: list[Token], nxt: list[Token], rest: list[Token]) -> bool:
    """Whether "and" belongs to the name: "Department of Health and Human Services"."""
    connector = [t.low for t in run]
    current = st.current
    left_place = bool(current) and bool(gz.lookup(join_words(current)))
    right_place = bool(nxt) and bool(gz.lookup(join_words(nxt)))
    keep = False
    if "the" not in connector and not left_place and not right_place and not _own_org(st, nxt):
        keep = _and_joins_words(st, nxt)
    if not keep and current and rest and len(connector) == 1:
        keep = bool(gz.lookup(join_words([*current, *run, *nxt])))
    if not keep and st.org_of and right_place and nxt == rest and connector == ["and"]:
        keep = _of_place(current, nxt)  # "the High Court of England and Wales"
    if not keep and st.acronym_after and len(nxt) == len(rest):
        # "Pacific Gas and Electric (PG&E)": the whole name is spelled by its acronym.
        keep = acronym_of(join_words([*current, *nxt])) == st.acronym_after
    return keep


def _own_org(st: _Parts, nxt: list[Token]) -> bool:
    """What follows "and" is an organisation of its own: "… and Royal Bank of Canada", or
    "Center for X and Center for Y" (the same cue opens a second one)."""
    current = st.current
    return (len(nxt) >= 3 and nxt[-1].low in ORG_HEAD_WORDS) or bool(
        current and nxt and nxt[0].low == current[0].low and is_cue(nxt[0].low)
    )


def _and_joins_words(st: _Parts, nxt: list[Token]) -> bool:
    """Not "University of Miami and Chris Fallows": what follows "and" is made of ordinary
    words, or ends the organisation ("Food and Agriculture Organization")."""
    since_cue: list[Token] = []
    for word in reversed(st.current):
        if is_cue(word.low):
            break
        since_cue.insert(0, word)
    plain_left = bool(since_cue) and _plain_words(since_cue, cues=False)
    if (
        len(nxt) >= 2
        and nxt[-1].low in LOC_HEAD_WORDS
        and st.current
        and _plain_words([st.current[-1], *nxt[:-1]], cues=False)
    ):
        # "Nevada Test and Training Range", "Rock and Roll Hall of Fame": plain words on
        # both sides of "and" before a place's head.
        return True
    return (st.org_of and _plain_words(nxt, cues=True)) or bool(
        nxt
        and nxt[-1].low in ORG_HEAD_WORDS
        and (not st.cue_seen or plain_left)  # "United Nations' Food and Agriculture
    )  # Organization", "Pacific Gas and Electric Company"


def _of_place(current: list[Token], nxt: list[Token]) -> bool:
    """The words after the last "of" name a place of the same country as `nxt`: "High Court
    of England" and "Wales" (not "Bank of England" and "Paris")."""
    lows = [t.low for t in current]
    if "of" not in lows:
        return False
    k = len(lows) - 1 - lows[::-1].index("of")
    left = gz.lookup(join_words(current[k + 1 :])) if k + 1 < len(current) else []
    right = gz.lookup(join_words(nxt))
    code = left[0].country_code if left else ""
    return bool(code) and bool(right) and right[0].country_code == code


def _title_before_of(st: _Parts) -> bool:
    """The current part ends in a title before "of": the title goes, what stood before stays.

    "President of the United States" → "United States";
    "US Secretary of State Mike Pompeo" → "US" | "Mike Pompeo".
    """
    current = st.current
    t = len(current)
    while t > 0 and is_title_words(current[t - 1 :]):
        t -= 1
    if not (current and t < len(current) and is_title_words(current[t:])):
        return False
    if t > 0:
        st.parts.append((current[:t], st.after_title))
    return True


def _keep_connector(st: _Parts, run: list[Token], nxt: list[Token], rest: list[Token]) -> bool:
    """Whether a connector run stays inside the name; may close the part before a title."""
    connector = [t.low for t in run]
    head = connector[0]
    if all(c in NAME_PARTICLES or c == "the" for c in connector) or "&" in connector:
        keep = True
    elif head == "and":
        keep = _keep_and(st, run, nxt, rest)
    elif head in ("of", "for", "on"):
        if _title_before_of(st):
            st.close(drop_left=True)
            return False
        keep = _keeps_of(st, head, run, nxt)
    elif head in ("in", "at"):
        keep = (
            st.cue_seen and head == "at" and bool(st.current and st.current[0].low == "university")
        )
    elif head == ",":
        keep = _campus(st.current, run, nxt, rest)
    else:
        keep = False
    if keep and nxt and all(is_date_word(t) for t in nxt):
        keep = False  # "Cabinet on Monday"
    if not keep:
        st.close(drop_left=False)
    return keep


def _keeps_of(st: _Parts, head: str, run: list[Token], nxt: list[Token]) -> bool:
    """Whether "of", "for" or "on" (HEAD, opening RUN) stays inside the name, NXT after it."""
    # "Cinema for Peace Foundation": what follows "for" ends in an organisation's head.
    named_for = head == "for" and len(run) == 1 and bool(nxt) and nxt[-1].low in ORG_HEAD_WORDS
    keep = st.cue_seen or (named_for and len(st.current) <= 2)
    keep = keep or (head == "of" and len(run) == 1 and _common_word_of_place(st.current, nxt))
    keep = keep or (head == "for" and len(run) == 1 and _people_for(st.current, nxt))
    st.org_of = keep and head in ("of", "for")
    return keep


_PLURAL_PEOPLE = frozenset(["women", "men", "people", "children"])


def _lone_common_word(current: list[Token], nxt: list[Token]) -> str:
    """The lowercase word when CURRENT is one common word capitalised where no sentence
    starts (so the capital marks a name) and words follow (NXT); else ""."""
    if len(current) != 1 or not nxt:
        return ""
    word = current[0]
    if word.initial or word.upper or word.possessive or not is_common(word.low, common_words()):
        return ""
    return word.low


def _people_for(current: list[Token], nxt: list[Token]) -> bool:
    """ "Women for America First", "Doctors for Peace": a group of people, capitalised where
    no sentence starts, "for" and a cause is a campaign's name, not the cause alone."""
    low = _lone_common_word(current, nxt)
    return (
        bool(low)
        and (low in _PLURAL_PEOPLE or (low.endswith("s") and len(low) > 3))
        and not any(is_date_word(t) for t in nxt)
    )


def _common_word_of_place(current: list[Token], nxt: list[Token]) -> bool:
    """ "Voice of America", "Friends of Syria": one common word, capitalised where no
    sentence starts, then "of" and a well-known place (a country, a capital, a big city)
    is a name of its own, not that place."""
    low = _lone_common_word(current, nxt)
    return (
        bool(low)
        and low not in DIRECTIONS  # "East of England": a region
        and low not in SUBJECT_NOUNS  # "the Economy of Turkey": a subject
        and low not in LOC_HEAD_WORDS  # "the State of Virginia": the place
        and any(entry.strong for entry in gz.lookup(join_words(nxt)))
    )


def _campus(current: list[Token], run: list[Token], nxt: list[Token], rest: list[Token]) -> bool:
    """ "University of California, Los Angeles": a place after the comma ends the name of a
    university's campus (see candidates._campus_after)."""
    return (
        len(run) == 1
        and len(current) >= 3
        and current[0].low == "university"
        and current[1].low == "of"
        and nxt == rest
        and is_campus_place(join_words(nxt))
    )


def _initials(words: list[Token]) -> str:
    """The lowercase initials of the capitalised words ("iedcr")."""
    return "".join(w.low[0] for w in words if _is_name(w))


def _split_connectors(
    words: list[Token], acronym_after: str = ""
) -> list[tuple[list[Token], bool]]:
    """Split at "of", "and", "for"… unless they belong to a name ("Bank of England").

    Each part comes with a flag: True when a title stood before it ("Secretary of State …").
    `acronym_after` is the acronym written in parentheses after the words, if any.
    """
    if all(_is_name(w) for w in words):
        return [(words, False)]
    if len(words) > 2 and gz.lookup(join_words(words)):
        return [(words, False)]
    if len(acronym_after) > 2 and _initials(words) == acronym_after:
        return [(words, False)]  # "Institute of Epidemiology, Disease Control and Research"
    st = _Parts(acronym_after=acronym_after)
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        if _is_name(w):
            st.cue_seen = st.cue_seen or is_cue(w.low)
            st.current.append(w)
            i += 1
            continue
        # A connector run ("of", "of the", "and", "&", "for", "van der"…), then the words up
        # to the next connector.
        j = _cap_run(words, i)
        rest = words[j:]
        nxt = words[j : _cap_run(words, j)]
        run = words[i:j]
        if _keep_connector(st, run, nxt, rest):
            st.current.extend(run)
        i = j
    if st.current:
        st.parts.append((st.current, st.after_title))
    return st.parts


def _title_extent(words: list[Token], i: int) -> tuple[int, int]:
    """The words of the title at `i`, with role words before and after it."""
    # Back up over role words that belong to the title ("Foreign", "Prime", "Deputy").
    start = i
    while (
        start > 0
        and words[start - 1].cap
        and (words[start - 1].low in ROLE_WORDS or words[start - 1].low in TITLE_PREFIXES)
    ):
        start -= 1
    # Skip the title and any further role words.
    j = i + 1
    while (
        j < len(words)
        and words[j].cap
        and (words[j].low.rstrip(".") in ROLE_WORDS or words[j].low.rstrip(".") in TITLE_NOUNS)
    ):
        j += 1
    return start, j


def _split_titles(words: list[Token]) -> list[tuple[list[Token], bool]]:
    """Split around titles inside a span: "US President Donald Trump" → US | Donald Trump."""
    for i, word in enumerate(words):
        if not (word.cap and word.low.rstrip(".") in TITLE_NOUNS):
            continue
        if i > 0 and not words[i - 1].cap:
            continue  # "Department of Justice": a title after "of" ends an organisation
        if i + 1 < len(words) and words[i + 1].low.rstrip(".") in NAME_SUFFIXES:
            continue  # "Martin Luther King Jr.": a surname, as the suffix after it shows
        if words[-1].low in ORG_HEAD_WORDS or words[-1].low in LOC_HEAD_WORDS:
            break
        start, j = _title_extent(words, i)
        left, right = words[:start], words[j:]
        if len(left) == 1 and not left[0].upper and is_common(left[0].low, common_words()):
            left = []  # "Commerce Secretary Wilbur Ross": a portfolio, not a name
        if not right:
            # A trailing title: "U.S. President", "Republican Senator".
            return [(left, False)] if left else []
        if not right[0].cap and right[0].low not in NAME_PARTICLES:
            # "President of …": the connector step handles it.
            break
        proof = any(w.low.rstrip(".") in PERSON_PROOF for w in words[start:j])
        out = [(left, False)] if left else []
        out.extend((part, proof or p) for part, p in _split_titles(right))
        return out
    return [(words, False)]


def _place_then_acronym(words: list[Token]) -> bool:
    """A place written right before a country's acronym: "Northern Mariana Islands US"."""
    return (
        len(words) > 1
        and words[-1].upper
        and not words[-2].upper
        and bool(country_code(words[-1].text))  # not "Washington D.C."
        and is_place(join_words(words[:-1]))
    )


def _split_adjacent(
    words: list[Token], titled: bool = False, span: Span | None = None
) -> list[list[Token]]:
    """Split a place or organisation from a person's name written right after it.

    "United States Joe Biden" (from "Vice President of the United States Joe Biden"),
    "Vermont Bernie Sanders", "United Nations Nikki Haley".
    """
    n = len(words)
    if n < 2 or gz.lookup(join_words(words)):
        return [words]
    if _place_then_acronym(words):
        return [words[:-1], words[-1:]]  # "South Carolina US"
    if n < 3:
        return [words]
    common = common_words()
    for p in range(n - 2, 0, -1):
        if _splits_before(words[:p], words[p:], common, titled, span):
            return [words[:p], words[p:]]
    return [words]


def _splits_before(
    left: list[Token],
    right: list[Token],
    common: frozenset[str],
    titled: bool = False,
    span: Span | None = None,
) -> bool:
    """`right` is a person's name written right after the place or organisation `left`.

    After a title ("Mayor of Koszalin Ann Quill": `titled`, or "Title of" before the words
    in `span`) any known place will do."""
    if not left[-1].is_word:
        return False  # a comma kept inside a name: "University of California, Los Angeles"
    if is_acronym(join_words(right)) and is_place(join_words(right)):
        return is_place(join_words(left))  # "Northern Mariana Islands US"
    if len(right) > 3 or any(is_cue(w.low) or w.low in common or w.low in NOT_NAMES for w in right):
        return False
    if is_outlet(join_words(left)) and _name_with_particles(right):
        return True  # "told NPR Hamza bin Laden had…", "Fox News Sean Hannity"
    if not all(w.cap and not w.upper for w in right):
        return False
    if left[-1].low in DIRECTIONS or gz.lookup(join_words([left[-1], right[0]])):
        return False  # "University of South | Carolina Beaufort": never inside a place name
    found = gz.lookup(join_words(left))
    org_like = left[-1].low in ORG_HEAD_WORDS or (
        len(left) > 2 and left[0].low in ORG_LEAD_WORDS and not left[-1].upper
    )
    strong = bool(found) and (
        found[0].strong
        or (len(right) > 1 and (titled or (span is not None and _title_of_before(left, span))))
    )
    return strong or org_like  # "House of Representatives Darin LaHood"


def _name_with_particles(words: list[Token]) -> bool:
    """A person's name: capitalised words, particles inside ("Hamza bin Laden")."""
    if not (words[0].cap and words[-1].cap):
        return False
    return all((w.cap and not w.upper) or w.low in NAME_PARTICLES for w in words)


def _spells_acronym(words: list[Token], span: Span) -> bool:
    """The words spell out the acronym beside them: "AEW (All Elite Wrestling)"."""
    if len(words) < 2 or words[0] is not span.words[0] or "(" not in (span.before, span.after):
        return False
    acronym = acronym_of(join_words(words))
    return (span.before == "(" and span.before2 == acronym) or (
        span.after == "(" and span.after2.lower() == acronym
    )


def _opener_goes(
    words: list[Token], ev: DocEvidence, common: frozenset[str], after: str = ""
) -> bool:
    """The first word is capitalised by position only ("Protesters", "Reportedly", "But")."""
    first = words[0]
    low = first.low
    if first.upper:
        return False
    if low in NEVER_NAME_START or (first.initial and low in FUNCTION_WORDS):
        return True
    if low.rstrip(".") in PERSON_PROOF and len(words) > 2:
        return False  # "Judge Corwin Hall said": the title is evidence (`_leading_titles`)
    return (
        first.initial
        and (is_common(low, common) or bool(OPENER.search(low)))
        and low not in ev.cap_mid
        and len(words) > 1
        and not gz.lookup(join_words(words))
        # "White House", "Supreme Court": a cue word needs the word before it.
        and not (len(words) == 2 and is_cue(words[1].low))
        and not _given_name_and_surname(words, common, after)
    )


def _given_name_and_surname(words: list[Token], common: frozenset[str], after: str) -> bool:
    """ "Grace Mugabe said", "Bill Weld, the former governor" at a sentence start: a given name
    that is also an English word, then one capitalised word that is no English word, or
    (before a comma) no common one ("Hope Rises was the slogan" keeps its opener out)."""
    last = words[-1]
    if len(words) != 2 or words[0].low not in GIVEN_NAME_WORDS or not last.cap or last.upper:
        return False
    if is_common(last.low, common) or is_cue(last.low):
        return False
    return after == "," or not is_common(last.low, dictionary_words())


def _span_drop(words: list[Token], after: str) -> str:
    """Why a whole span names no actor or place, or ""."""
    if len(words) > 1 and words[-1].low in WEEKDAYS and words[-2].cap:
        return "weekday-event"  # "Super Tuesday", "Black Friday"
    if any(w.low in ("v", "vs") for w in words[1:-1]):
        return "court-case"  # "Roe v. Wade"
    if len(words) == 1 and words[0].low.rstrip(".") in ("a.m", "p.m"):
        return "time-of-day"  # "at 4 A.M."
    if (
        after in DOCUMENT_NOUNS
        and any(not w.cap for w in words)
        and not any(is_cue(w.low) for w in words)
    ):
        # "the Monitored Emergency Use of Unregistered and Investigational Interventions
        # framework": the long name of a document or a scheme, not of an actor.
        return "named-document"
    return ""


def _part_drop(part: list[Token], n_parts: int, common: frozenset[str]) -> str:
    """Why one part of a span split at its connectors names nothing, or ""."""
    lone = n_parts > 1 and len(part) == 1 and not part[0].upper
    if lone and is_common(part[0].low, common) and not gz.lookup(part[0].text):
        return "word-of-a-title"  # "War on Drugs", "Free and Equal …"
    if any(
        w.cap and not w.upper and w.low in NEVER_NAME_START and w.low not in ("the", "a")
        for w in part[1:]
    ):
        return "title-of-a-work"  # "Get On Up", "Rest In Peace", "A Tribute For a King"
    return ""


def _acronym_after(span: Span, words: list[Token]) -> str:
    """The letters of an acronym in parentheses right after the words ("pge" of "(PG&E)")."""
    if span.after != "(" or words[-1] is not span.words[-1]:
        return ""
    letters = "".join(c for c in span.after2 if c.isalpha())
    return letters.lower() if letters.isupper() else ""


def _strip_openers(
    words: list[Token], span: Span, ev: DocEvidence, common: frozenset[str]
) -> list[Token]:
    """Drop the words capitalised by their position only ("Protesters", "Reportedly", "But",
    "Si el" of a Spanish sentence).

    Unless every word is needed to spell the acronym beside the name ("(World Wrestling …)");
    a side of a results line keeps its first word ("Real Madrid 2 Villarreal 3").
    """
    side = span.after.isdigit() and len(span.after) <= 3 and span.after2[:1].isupper()
    if (
        len(words) > 2
        and words[0].initial
        and words[0].low in FOREIGN_OPENERS
        and not words[1].cap
        and words[1].low in ARTICLES
    ):
        # "Si el Senado me ratifica": a sentence of another language opens the span; the
        # name, if any, is what follows its article.
        words = words[2:]
    while words and words[0].is_word and not _spells_acronym(words, span):
        if not _opener_goes(words, ev, common, span.after):
            break
        if side and words[0].low not in FUNCTION_WORDS and words[0].low not in NEVER_NAME_START:
            break
        words = words[1:]
    return words


def clean_span(
    span: Span,
    ev: DocEvidence,
    common: frozenset[str],
    drops: list[tuple[str, str]] | None = None,
) -> list[Piece]:
    """Cut one span into cleaned pieces; `drops` collects (text, rule) of what was dropped."""
    words = _strip_openers(list(span.words), span, ev, common)
    reason = _span_drop(words, span.after.lower())
    words = _strip_edges(words) if not reason else words
    if len(words) > 2 and words[-1].low == "flight":
        words = words[:-1]  # "Lion Air Flight 610": the airline is the actor
    if reason or not words:
        if reason and drops is not None:
            drops.append((join_words(words), reason))
        return []
    pieces: list[Piece] = []
    parts = _split_connectors(words, _acronym_after(span, words))
    for part, after_title in parts:
        part = _strip_edges(part)
        reason = _part_drop(part, len(parts), common)
        if reason:
            if drops is not None:
                drops.append((join_words(part), reason))
            continue
        if after_title:
            # "Secretary of State Mike Pompeo": the rest of the title goes too.
            while len(part) > 1 and part[0].low in ROLE_WORDS:
                part = part[1:]
        subs = [(part, False)] if titled_place(part, span) else _split_titles(part)
        if not subs and drops is not None:
            drops.append((join_words(part), "title-only"))  # "Chief Executive Officer"
        for sub, title_before in subs:
            sub = _strip_edges(sub)
            # Only a title joined by "of" ("Mayor of Koszalin Ann Quill") lets a small
            # town split off: right after a bare title the words are the person's name
            # ("President Franklin Delano Roosevelt"; Franklin is also a town).
            for piece_words in _split_adjacent(sub, after_title, span):
                piece_words = _strip_edges(piece_words)
                if piece_words:
                    pieces.extend(_strip_roles(piece_words, span, title_before, drops))
    return pieces


def _title_of_before(words: list[Token], span: Span) -> bool:
    """ "Mayor of X…": a title and "of" stand right before the words."""
    if not words:
        return False
    i = words[0].index
    tokens = span.tokens
    return (
        i >= 2
        and tokens[i - 1].low == "of"
        and (tokens[i - 2].low in PERSON_TITLES or tokens[i - 2].low in TITLE_NOUNS)
    )


def _leading_titles(words: list[Token], span: Span) -> tuple[list[Token], bool, bool, bool]:
    """Strip leading titles: "President Vladimir Putin", "Foreign Minister Zarif", "Mr Smith".

    Returns the rest, whether a title proved a person, whether any title went, and whether
    the rest is a surname that is also a cue word ("Senator Hall").
    """
    k = 0
    saw_title = False
    while k < len(words) - 1:
        low = words[k].low.rstrip(".")
        if low in PERSON_TITLES or low in TITLE_NOUNS:
            saw_title = True
        elif low.endswith("s") and low[:-1] in TITLE_NOUNS and not is_cue(low):
            saw_title = True  # "Senators Lee and Ortiz", "Representatives Ann Cole"
        elif not (low in ROLE_WORDS or low in TITLE_PREFIXES or not words[k].cap):
            break
        k += 1
    if not saw_title or k == 0 or titled_place(words, span):
        return words, False, False, False  # "in General Santos": a town's name
    rest = _strip_edges(words[k:])
    if not rest:
        return words, False, False, False
    rest_low = rest[-1].low
    proof = any(w.low.rstrip(".") in PERSON_PROOF for w in words[:k])
    # "Senator Hall", "Mayor Park": a cue word alone after a person's title is a surname,
    # while "Mayor Park Avenue" or "Governor Street" stay whole.
    surname = proof and len(rest) == 1 and not rest[0].upper
    # "Judge Corwin Hall": a given name and a surname that is a cue word, after a title
    # that proves a person ("Mayor Park Avenue" stays whole: "avenue" is no surname).
    named = proof and len(rest) in (2, 3) and rest_low in SURNAME_PLACE_WORDS
    if surname or named or (rest_low not in ORG_HEAD_WORDS and rest_low not in LOC_HEAD_WORDS):
        return rest, proof, True, surname
    return words, False, False, False


def _leading_demonym(words: list[Token]) -> tuple[list[Token], str]:
    """Strip a demonym or party word before a person's name: "Iranian Hassan Rouhani"."""
    if len(words) < 2 or not (words[0].low in demonym_forms() or words[0].low in PARTY_WORDS):
        return words, ""
    rest = words[1:]
    # "European Community", "American Express": a demonym before one common noun names an
    # organisation; before a person's name it is just an adjective.
    lone_noun = len(rest) == 1 and not rest[0].upper and is_common(rest[0].low, common_words())
    if lone_noun or any(is_cue(w.low) for w in words) or gz.lookup(join_words(words)):
        return words, ""
    return rest, words[0].low


def _trailing_word_goes(words: list[Token]) -> bool:
    """A trailing adjective, role or post-nominal: "US Democratic (primaries)", "US Federal
    (judge)", "Kama Melly QC"."""
    low = words[-1].low
    return (
        len(words) > 1
        and words[-2].cap  # not "House of Representatives", "Council of Ministers"
        and (
            low in CAPTION_WORDS
            or low in TRAILING_ADJECTIVES
            or low in DEMONYMS_LOWER
            or is_trailing_title(low)
            or (low in POST_NOMINALS and words[-1].upper and not words[-2].upper)
        )
    )


def _strip_roles(
    words: list[Token],
    span: Span,
    title_before: bool,
    drops: list[tuple[str, str]] | None = None,
) -> list[Piece]:
    """Strip leading titles, roles and demonyms; remember them as evidence."""
    original = words
    while (
        len(words) > 1
        and words[0].low in NEVER_NAME_START
        and not words[0].upper
        and not _spells_acronym(words, span)
    ):
        words = words[1:]  # "for The Rolling Stones", "and His Band"
    words, proof, role_title, kept_surname = _leading_titles(words, span)
    words, demonym = _leading_demonym(words)
    while _trailing_word_goes(words):
        words = words[:-1]
    words = _strip_edges(words)
    if not words:
        return []
    lone = len(words) < len(original) and len(words) == 1 and not words[0].upper
    if (
        lone
        and not kept_surname
        and is_common(words[0].low, common_words())
        and not gz.lookup(words[0].text)
    ):
        if drops is not None:
            drops.append((join_words(original), "ordinary-word-left"))
        return []  # "Royal (Commissioners)": what is left is an ordinary word
    if _place_then_acronym(words):
        # Seen only once a trailing adjective is gone: "… Islands US (Democratic)".
        return [Piece(words[:-1], span), Piece(words[-1:], span)]
    return [Piece(words, span, title_before or proof, role_title, demonym)]
