"""Step 2: clean candidate spans into pieces that may each name one entity.

Leading "the", sentence-initial common words, titles and roles ("President", "Foreign
Minister"), demonyms and possessives are stripped; spans are split at titles in the middle
("US President Trump") and at connectors that do not belong to a name ("Biden and Sanders",
but not "Bank of England").
"""

from __future__ import annotations

from briefgen.extract import gazetteer as gz
from briefgen.extract.candidates import (
    Span,
    Token,
    join_words,
)
from briefgen.extract.context import (
    DocEvidence,
    Piece,
    country_code,
    is_common,
    is_cue,
    is_date_word,
    is_place,
    is_title_words,
    is_trailing_title,
    titled_place,
)
from briefgen.extract.lexicon import (
    CAPTION_WORDS,
    DEMONYMS_LOWER,
    FUNCTION_WORDS,
    LOC_HEAD_WORDS,
    NAME_PARTICLES,
    NEVER_NAME_START,
    NOT_NAMES,
    NOUNISH,
    OPENER,
    ORG_HEAD_WORDS,
    ORG_LEAD_WORDS,
    PARTY_WORDS,
    PERSON_PROOF,
    PERSON_TITLES,
    ROLE_WORDS,
    TITLE_NOUNS,
    TITLE_PREFIXES,
    TRAILING_ADJECTIVES,
    WEEKDAYS,
    common_words,
    demonym_forms,
)
from briefgen.extract.names import acronym_of, is_acronym


def _strip_edges(words: list[Token]) -> list[Token]:
    """Drop connectors, punctuation, months and weekdays at either end.

    Returns `words` itself when nothing goes, else one slice (hot: called for every piece).
    """
    start, end = 0, len(words)
    while start < end and (
        not words[start].is_word or not words[start].cap or is_date_word(words[start])
    ):
        start += 1
    while end > start and (
        not words[end - 1].is_word
        or not words[end - 1].cap
        or is_date_word(words[end - 1])
        or (words[end - 1].follows_period and words[end - 1].low in ("no", "nos"))
    ):
        end -= 1
    if start == 0 and end == len(words):
        return words
    return words[start:end]


def _split_connectors(words: list[Token]) -> list[tuple[list[Token], bool]]:
    """Split at "of", "and", "for"… unless they belong to a name ("Bank of England").

    Each part comes with a flag: True when a title stood before it ("Secretary of State …").
    """
    if all(w.is_word and w.cap for w in words):
        return [(words, False)]
    if len(words) > 2 and gz.lookup(join_words(words)):
        return [(words, False)]
    parts: list[tuple[list[Token], bool]] = []
    current: list[Token] = []
    after_title = False
    cue_seen = False
    org_of = False  # inside "Department of …", where "and" may continue the name
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        low = w.low
        if w.is_word and w.cap:
            if is_cue(low):
                cue_seen = True
            current.append(w)
            i += 1
            continue
        # A connector run: "of", "of the", "and", "&", "for", "van der"…
        j = i
        while j < n and not (words[j].is_word and words[j].cap):
            j += 1
        connector = [t.low for t in words[i:j]]
        rest = words[j:]
        # The words up to the next connector.
        k = 0
        while k < len(rest) and rest[k].is_word and rest[k].cap:
            k += 1
        nxt = rest[:k]
        keep = False
        drop_left = False
        if all(c in NAME_PARTICLES or c == "the" for c in connector) or "&" in connector:
            keep = True
        elif connector[0] == "and":
            left_place = bool(current) and bool(gz.lookup(join_words(current)))
            right_place = bool(nxt) and bool(gz.lookup(join_words(nxt)))
            own_org = len(nxt) >= 3 and nxt[-1].low in ORG_HEAD_WORDS
            # "Department of Health and Human Services", not "University of Miami and
            # Chris Fallows": what follows "and" is made of ordinary words.
            plain = all(
                is_common(t.low, common_words()) or is_cue(t.low) or NOUNISH.search(t.low)
                for t in nxt
            )
            since_cue: list[Token] = []
            for word in reversed(current):
                if is_cue(word.low):
                    break
                since_cue.insert(0, word)
            plain_left = bool(since_cue) and all(
                is_common(w.low, common_words()) or NOUNISH.search(w.low) for w in since_cue
            )
            if "the" not in connector and not left_place and not right_place and not own_org:
                keep = (org_of and plain) or bool(
                    nxt
                    and nxt[-1].low in ORG_HEAD_WORDS
                    and (not cue_seen or plain_left)  # "United Nations' Food and Agriculture
                )  # Organization", "Pacific Gas and Electric Company"
            if not keep and current and rest and len(connector) == 1:
                keep = bool(gz.lookup(join_words([*current, *words[i:j], *nxt])))
        elif connector[0] in ("of", "for", "on"):
            t = len(current)
            while t > 0 and is_title_words(current[t - 1 :]):
                t -= 1
            if current and t < len(current) and is_title_words(current[t:]):
                # "President of the United States" → "United States";
                # "US Secretary of State Mike Pompeo" → "US" | "Mike Pompeo".
                if t > 0:
                    parts.append((current[:t], after_title))
                drop_left = True
            else:
                keep = cue_seen
                org_of = keep and connector[0] in ("of", "for")
        elif connector[0] in ("in", "at"):
            keep = (
                cue_seen
                and connector[0] == "at"
                and bool(current and current[0].low == "university")
            )
        if keep and nxt and all(is_date_word(t) for t in nxt):
            keep = False  # "Cabinet on Monday"
        if keep:
            current.extend(words[i:j])
        else:
            if current and not drop_left:
                parts.append((current, after_title))
            current = []
            cue_seen = False
            org_of = False
            after_title = drop_left
        i = j
    if current:
        parts.append((current, after_title))
    return parts


def _split_titles(words: list[Token]) -> list[tuple[list[Token], bool]]:
    """Split around titles inside a span: "US President Donald Trump" → US | Donald Trump."""
    n = len(words)
    for i in range(n):
        low = words[i].low.rstrip(".")
        if not (words[i].cap and low in TITLE_NOUNS):
            continue
        if words[-1].low in ORG_HEAD_WORDS or words[-1].low in LOC_HEAD_WORDS:
            break
        # Back up over role words that belong to the title ("Foreign", "Prime", "Deputy").
        start = i
        while (
            start > 0
            and words[start - 1].cap
            and (words[start - 1].low in ROLE_WORDS or words[start - 1].low in TITLE_PREFIXES)
        ):
            start -= 1
        # Skip the title and any further role words or particles-before-capitals.
        j = i + 1
        while (
            j < n
            and words[j].cap
            and (words[j].low.rstrip(".") in ROLE_WORDS or words[j].low.rstrip(".") in TITLE_NOUNS)
        ):
            j += 1
        left, right = words[:start], words[j:]
        if len(left) == 1 and not left[0].upper and is_common(left[0].low, common_words()):
            left = []  # "Commerce Secretary Wilbur Ross": a portfolio, not a name
        if not right and not left:
            return []
        if not right:
            # A trailing title: "U.S. President", "Republican Senator".
            return [(left, False)]
        if right and not right[0].cap and right[0].low not in NAME_PARTICLES:
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


def _split_adjacent(words: list[Token]) -> list[list[Token]]:
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
        left, right = words[:p], words[p:]
        right_lows = [w.low for w in right]
        if (
            is_acronym(join_words(right))
            and is_place(join_words(right))
            and is_place(join_words(left))
        ):
            return [left, right]
        if len(right) > 3 or any(is_cue(w) or w in common or w in NOT_NAMES for w in right_lows):
            continue
        if not all(w.cap and not w.upper for w in right):
            continue
        found = gz.lookup(join_words(left))
        org_like = left[-1].low in ORG_HEAD_WORDS or (
            len(left) > 2 and left[0].low in ORG_LEAD_WORDS and not left[-1].upper
        )
        if (found and found[0].strong) or org_like:
            return [left, right]  # "House of Representatives Darin LaHood"
    return [words]


def _spells_acronym(words: list[Token], span: Span) -> bool:
    """The words spell out the acronym beside them: "AEW (All Elite Wrestling)"."""
    if len(words) < 2 or words[0] is not span.words[0] or "(" not in (span.before, span.after):
        return False
    acronym = acronym_of(join_words(words))
    return (span.before == "(" and span.before2 == acronym) or (
        span.after == "(" and span.after2.lower() == acronym
    )


def clean_span(span: Span, ev: DocEvidence, common: frozenset[str]) -> list[Piece]:
    words = list(span.words)
    # Sentence-initial (or headline) common words are capitalised by position only, unless
    # every word is needed to spell the acronym beside the name ("(World Wrestling …)").
    while words and words[0].is_word and not _spells_acronym(words, span):
        first = words[0]
        low = first.low
        if low in NEVER_NAME_START and not first.upper:
            words = words[1:]
            continue
        if first.initial and low in FUNCTION_WORDS and not first.upper:
            words = words[1:]
            continue
        if (
            first.initial
            and not first.upper
            and (is_common(low, common) or OPENER.search(low))
            and low not in ev.cap_mid
            and len(words) > 1
            and not gz.lookup(join_words(words))
            and not (len(words) == 2 and is_cue(words[1].low))  # "White House", "Supreme
        ):  # Court": a cue word needs the word before it
            words = words[1:]  # "Protesters", "Proroguing", "Reportedly" open the sentence
            continue
        break
    if len(words) > 1 and words[-1].low in WEEKDAYS and words[-2].cap:
        return []  # "Super Tuesday", "Black Friday": events
    if any(w.low in ("v", "vs") for w in words[1:-1]):
        return []  # "Roe v. Wade": a court case
    words = _strip_edges(words)
    if not words:
        return []
    pieces: list[Piece] = []
    parts = _split_connectors(words)
    for part, after_title in parts:
        part = _strip_edges(part)
        if len(parts) > 1 and len(part) == 1 and not part[0].upper:
            low = part[0].low
            if is_common(low, common) and not gz.lookup(part[0].text):
                continue  # "War on Drugs", "Free and Equal …": a word of a longer title
        if any(
            w.cap and not w.upper and w.low in NEVER_NAME_START and w.low not in ("the", "a")
            for w in part[1:]
        ):
            continue  # "Get On Up", "Rest In Peace", "A Tribute For a King": titles of works
        if after_title:
            # "Secretary of State Mike Pompeo": the rest of the title goes too.
            while len(part) > 1 and part[0].low in ROLE_WORDS:
                part = part[1:]
        subs = [(part, False)] if titled_place(part, span) else _split_titles(part)
        for sub, title_before in subs:
            for piece_words in _split_adjacent(_strip_edges(sub)):
                piece_words = _strip_edges(piece_words)
                if piece_words:
                    pieces.extend(_strip_roles(piece_words, span, title_before))
    return pieces


def _strip_roles(words: list[Token], span: Span, title_before: bool) -> list[Piece]:
    """Strip leading titles, roles and demonyms; remember them as evidence."""
    original = len(words)
    while (
        len(words) > 1
        and words[0].low in NEVER_NAME_START
        and not words[0].upper
        and not _spells_acronym(words, span)
    ):
        words = words[1:]  # "for The Rolling Stones", "and His Band"
    person_title = title_before
    role_title = False
    demonym = ""
    demonyms = demonym_forms()
    # Leading titles: "President Vladimir Putin", "Foreign Minister Zarif", "Mr Smith".
    k = 0
    saw_title = False
    kept_surname = False
    while k < len(words) - 1:
        low = words[k].low.rstrip(".")
        if low in PERSON_TITLES or low in TITLE_NOUNS:
            saw_title = True
            k += 1
        elif low.endswith("s") and low[:-1] in TITLE_NOUNS and not is_cue(low):
            saw_title = True  # "Senators Lee and Ortiz", "Representatives Ann Cole"
            k += 1
        elif low in ROLE_WORDS or low in TITLE_PREFIXES or not words[k].cap:
            k += 1
        else:
            break
    if saw_title and 0 < k < len(words) and titled_place(words, span):
        saw_title = False  # "in General Santos", "Sultan Kudarat province": a town's name
    if saw_title and 0 < k < len(words):
        rest = _strip_edges(words[k:])
        if rest:
            rest_low = rest[-1].low
            proof = any(w.low.rstrip(".") in PERSON_PROOF for w in words[:k])
            # "Senator Hall", "Mayor Park": a cue word alone after a person's title is a
            # surname, while "Mayor Park Avenue" or "Governor Street" stay whole.
            surname = proof and len(rest) == 1 and not rest[0].upper
            if surname or (rest_low not in ORG_HEAD_WORDS and rest_low not in LOC_HEAD_WORDS):
                person_title = person_title or proof
                kept_surname = surname
                role_title = True
                words = rest
    # A leading demonym or party word before a person's name: "Iranian Hassan Rouhani".
    if len(words) > 1 and (words[0].low in demonyms or words[0].low in PARTY_WORDS):
        rest = words[1:]
        # "European Community", "American Express": a demonym before one common noun names
        # an organisation; before a person's name it is just an adjective.
        lone_noun = len(rest) == 1 and not rest[0].upper and is_common(rest[0].low, common_words())
        if (
            not lone_noun
            and not any(is_cue(w.low) for w in words)
            and not gz.lookup(join_words(words))
        ):
            demonym = words[0].low
            words = rest
    # A trailing adjective or role: "US Democratic (primaries)", "US Federal (judge)",
    # "Republican Representatives".
    while (
        len(words) > 1
        and words[-2].cap  # not "House of Representatives", "Council of Ministers"
        and (
            words[-1].low in CAPTION_WORDS
            or words[-1].low in TRAILING_ADJECTIVES
            or words[-1].low in DEMONYMS_LOWER
            or is_trailing_title(words[-1].low)
        )
    ):
        words = words[:-1]
    words = _strip_edges(words)
    if not words:
        return []
    if len(words) < original and len(words) == 1 and not words[0].upper and not kept_surname:
        low = words[0].low
        if is_common(low, common_words()) and not gz.lookup(words[0].text):
            return []  # "Royal (Commissioners)": what is left is an ordinary word
    if _place_then_acronym(words):
        # Seen only once a trailing adjective is gone: "… Islands US (Democratic)".
        return [Piece(words[:-1], span), Piece(words[-1:], span)]
    return [Piece(words, span, person_title, role_title, demonym)]
