"""Title and summary from an article's lead paragraph: the headline a news desk would print.

A title is the lead's first sentence compressed by an ordered table of named rules (`RULES`),
each with an example that the tests check: the dateline goes, then parentheticals, time
phrases ("on Tuesday", "yesterday afternoon": wrong in an archive), the opening adverbial or
attribution ("According to X,", "In findings published in Y,"), appositives and age glosses;
what is left is cut at the first clause boundary that leaves a whole clause, and never ends on
a function word. Only when no boundary fits is it cut at a word and marked with "…".

The summary is the lead with the same dateline, time-phrase and opener rules, ending on a
sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen.dateline import split_dateline
from briefgen.headline import PARTICIPLES, base_form, is_past_tense, present_tense, short_names

if TYPE_CHECKING:
    from briefgen.model import Seed

MAX_TITLE_CHARS = 110
MAX_SUMMARY_CHARS = 300
# A clause boundary is a good place for a title to end once this many words are kept.
MIN_TITLE_WORDS = 6
# A title this short says what happened but not how: it keeps a whole "when …" clause.
MIN_TITLE_CHARS = 45

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st gen sen rep gov lt col maj capt sgt prof jr sr inc ltd co corp no vs
    etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m approx dept
    est fig mt ft""".split()
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")

# -- time phrases ---------------------------------------------------------------------------

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_EDGE = r"(?:(?:[Vv]ery\s+)?(?:[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater)\s+)?"
_DAY_NUMBER = r"\d{1,2}(?:st|nd|rd|th)?"
_TIME_PHRASE_BODY = (
    r"(?:"
    # "on Tuesday", "early Friday morning", "last Sunday", "on Saturday, April 27"
    rf"{_EDGE}(?:(?:[Oo]n|[Tt]his|[Ll]ast|[Nn]ext|[Bb]y|[Uu]ntil|[Ss]ince)\s+)?{_EDGE}{_WEEKDAY}"
    rf"(?:,?\s+{_MONTH}\s+{_DAY_NUMBER}(?:,?\s+\d{{4}})?)?{_PART_OF_DAY}(?:['’]s)?"
    # "yesterday afternoon", "early yesterday morning", "today", "tonight"
    rf"|{_EDGE}(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow){_PART_OF_DAY}(?:['’]s)?"
    # "on the last weekend of July", "in the first week of April"
    r"|(?:(?:[Oo]n|[Ii]n|[Dd]uring|[Oo]ver)\s+)?the\s+(?:(?:first|second|third|fourth|last|final|"
    rf"past|previous|next)\s+)?(?:weekend|week|day|night|month)s?\s+of\s+{_MONTH}"
    # "last night", "earlier this month", "this week"
    rf"|{_EDGE}(?<!than )(?<!the )(?:[Tt]his|[Ll]ast|[Nn]ext)\s+"
    r"(?:week(?:end)?|month|morning|afternoon|evening|night)(?:['’]s)?"
    # "on January 17", "on March 3, 2020"
    rf"|(?:[Oo]n|[Ss]ince|[Uu]ntil)\s+{_MONTH}\s+{_DAY_NUMBER}(?:,?\s+\d{{4}})?"
    # "in late December", "in May" (a month without a year only: "in May 2019" stays)
    rf"|(?:[Ii]n|[Dd]uring)\s+(?:(?:early|late|mid)[- ])?{_MONTH}(?![\w-]|,?\s+\d)"
    # "at around 12:20 p.m. local time", "at midnight", "before dawn"
    r"|(?:(?:shortly|just|[Ss]hortly|[Jj]ust)\s+)?(?:(?:[Aa]t|[Bb]efore|[Aa]fter|[Bb]y)\s+)?"
    r"(?:(?:around|about|approximately)\s+)?"
    r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\d{1,2}:\d{2}|midnight|noon|dawn)"
    r"(?:\s+(?:local|[A-Z][a-z]+)\s+time|\s+(?:UTC|GMT|BST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|IST|JST))?"
    r"|local time"
    # "early in the morning", "in the late evening"
    r"|(?:(?:[Ee]arly|[Ll]ate)\s+)?(?:[Ii]n|[Dd]uring)\s+the\s+(?:(?:early|late)\s+)?"
    r"(?:morning|afternoon|evening|night)"
    # a subject stays, also when a part of the day follows ("Friday night was the fourth …")
    r")(?![\w-])(?!(?:\s+(?:morning|afternoon|evening|night))?\s+(?:was|is|will|has|had|marked|saw)\b)"
)
# How every alternative of _TIME_PHRASE_BODY can begin. Checked first at each word start, it
# turns most words away in one step instead of trying each alternative (tests/test_lead.py
# holds it to the body: a new alternative must add its first word here).
_TIME_PHRASE_START = (
    r"(?=[Vv]ery|[Ee]arl|[Ll]at|[Ll]ast|[Oo][nv]|[Tt]h|[Tt]o|[Nn]ext|[Bb][ye]|[Uu]ntil|[Ss]ince|"
    r"Monday|Tuesday|Wednesday|Friday|Saturday|Sunday|[Yy]esterday|[Ii]n|[Dd]uring|[Ss]hortly|"
    r"[Jj]ust|[Aa]t|[Aa]fter|around|about|approximately|\d|midnight|noon|dawn|local)"
)
_TIME_PHRASES = re.compile(rf"(?<![\w-]){_TIME_PHRASE_START}{_TIME_PHRASE_BODY}")
# The same in running prose (a summary): a possessive stays whole, since without it the noun
# after it lacks its article ("died in last night's attack", "in Sunday morning's vote").
_PROSE_TIME_PHRASES = re.compile(
    rf"(?<![\w-]){_TIME_PHRASE_START}{_TIME_PHRASE_BODY}"
    r"(?<!['’]s)(?!\s*(?:morning|afternoon|evening|night)?['’]s\b)"
)
# Cheap test first: many sentences hold none of these, and the full pattern is slow. The
# words are found by substring search, the rest by a small pattern (tests/test_lead_prefilters
# holds the two to the single pattern they replace).
_TIME_HINT_WORDS = (
    *"Tonight tonight Tomorrow tomorrow week month morning afternoon evening night".split(),
    *"midnight noon dawn UTC GMT Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct.".split(),
    *"Nov. Dec. January February March April May June July August September October".split(),
    *"November December".split(),
    "local time",
)
_TIME_HINT = re.compile(r"day\b|\d:\d|\d\s*[ap]\.?m")


def _has_time_hint(text: str) -> bool:
    return _TIME_HINT.search(text) is not None or any(w in text for w in _TIME_HINT_WORDS)


# What the scorer of archives calls relative time, checked last so none ever survives.
_RELATIVE_WORDS = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|last night|(?:this|last|next) week|this morning)\b",
    re.IGNORECASE,
)

# Any of these words may hold a relative time; "night" covers "tonight" (a test holds the
# words to the pattern they replace, r"[Yy]esterday|[Tt]o(?:day|morrow|night)|night|…").
_RELATIVE_HINT_WORDS = tuple(
    "Yesterday yesterday Today today Tomorrow tomorrow night week morning".split()
)

# -- openers, appositives, clause boundaries ---------------------------------------------

# An opening phrase up to its comma that a headline leaves out: "In findings published in Y,",
# "According to X,", "Acting via his lawyers,", "After a jury trial in Paris,".
_OPENER_WORDS = (
    r"(?:In|On|At|After|Following|According to|As|Acting|During|Despite|Amid|From|With|"
    r"Since|Before|While|Speaking|Writing|Citing|Under|Through|Throughout|By|For|Earlier|Later|"
    r"Yesterday|Today|Last|Early|Late|Overnight|Meanwhile|However|Separately|Also|"
    r"Elsewhere|Previously|Recently|Currently|Now|Then|Once|Over|Within|Upon|Ahead of|"
    r"Having|Responding|Reacting|Announcing|Asked|Based|Backed|Faced|Following|Under|Per|"
    r"Amidst|Besides|Beyond|Near|Outside|Inside|Unlike|Like|Among)"
)
_OPENER_FIRST_WORDS = frozenset(
    w.split()[0].lower() for w in _OPENER_WORDS.strip("(?:)").split("|")
)
# Openers that are a subject's quantity, not an adverbial: "At least 40 people …".
_QUANTITY = re.compile(r"^(?:At (?:least|most)|As (?:many|much|few) as|As of)\b", re.IGNORECASE)
# An auxiliary inside the would-be opener means it holds the main clause.
_FINITE = re.compile(
    r"(?<!that )(?<!which )(?<!who )\b(?:was|were|is|are|has been|have been|will|would)\b"
)
_OPENER = re.compile(rf"^{_OPENER_WORDS}\b[^,]{{0,240}},\s+", re.IGNORECASE)
# "X said (on Friday) that …", "State media reported that …": the attribution goes.
# "Police said a man was arrested …": a short official source needs no "that".
_SOURCE_SAID = re.compile(
    r"^(?:Police|Officials|Authorities|Prosecutors|Investigators|Witnesses|Rescuers|"
    r"Firefighters|Doctors|Analysts|Traders|Economists|Residents|Local media|State media|"
    r"(?:[A-Z][\w'’.&-]*\s+){0,3}(?:police|officials|authorities|prosecutors|media))\s+"
    r"(?:said|say|says|reported|report|reports)\s+(?=(?:an?|the|\d|[A-Z])[\w-]*\s)"
)
_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w'’.&-]*\s+){0,6}?[\w'’.&-]+\s+(?:said|says|reported|reports|announced|"
    r"announces|confirmed|confirms|stated|states|claimed|claims|revealed|reveals|told \w+)"
    r"\s+that\s+(?=\S)"
)
_IMPERSONAL = re.compile(
    r"^It\s+(?:was|has\s+been|had\s+been|is)\s+(?:widely\s+)?(?:reported|announced|confirmed|"
    r"revealed|learned|learnt|understood|alleged|claimed|disclosed)\s+(?:that\s+)?(?=\S)"
)
# Words that may open an appositive or gloss between two commas ("X, a city in Y, …",
# "Z, 23, …", "V, which is run by W, …"); a lower-case noun ("mayor of …") also may.
_APPOSITIVE_START = frozenset(
    """a an the all both each one two three his her its their who whom whose which aged from
    previously formerly now also once known commonly best born himself herself itself
    themselves then""".split()
)
# Lower-case words that continue a clause rather than open a gloss.
_NOT_APPOSITIVE = frozenset(
    """and or but nor so yet then while as because although though if when where whereas
    since until unless than to of in on at by for with into onto over under after before
    during despite amid through across against between among including such not near
    outside inside around along beyond within without toward towards via behind below
    above beneath beside besides like unlike upon throughout off""".split()
)
# Where a long sentence may be cut for a title: before a subordinate or coordinate clause.
_CLAUSE_BREAKS = re.compile(
    r"(?:[,;:](?=\s)|\s[–—-]\s)\s*"
    # "as" opens a clause, but not "as much as 30%" or "as well as"
    r"|\s(?=(?:as(?! (?:much|many|well|long|high|low|little|few|far|soon|late) as)|after|"
    r"while|amid|but|which|who|when|because|"
    r"following|despite|before|since|although|though|whereas|with|saying|according|adding|"
    r"citing|warning|noting|claiming|blaming|stating|explaining|arguing|insisting|"
    r"in (?:an? )?(?:effort|bid|move|response|what|order))\s)"
    # "… a day after the vote", "… hours before the deadline"
    r"|\s(?=(?:(?:a|an|one|two|three|four|five|six|seven|\d+|several|just|only|some) )?"
    r"(?:day|days|week|weeks|hours?|minutes?|months?|years?) (?:after|before|later|earlier)\b)"
)
# Second choice: before a prepositional or infinitive phrase, which leaves a whole phrase.
_PHRASE_BREAKS = re.compile(
    r"\s(?=(?:of|in|on|at|for|from|to|into|over|across|by|through|against|under|amid|and|that|"
    r"who|which|where|when|with|after|as|while|but|because|following|near|between|during)\s)"
)
_TRAILING_WEAK = frozenset(
    """a an the of and or to in on at for by with from as its his her their our that this
    these those which who whom whose is are was were be been being has have had will would
    can could may might must should not no nor but if than then into onto over under about
    after before during despite amid through across against between among while when where
    whether per via so such very also whereby former next new previous other several many
    more most reported""".split()
)


def sentences(text: str) -> list[str]:
    """Split text into sentences, not breaking after abbreviations or initials."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start() + 1].split()
        last = before[-1].rstrip(".!?").lower() if before else ""
        if text[match.start()] == "." and (
            last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())
        ):
            continue
        out.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


_SPACES = re.compile(r"\s{2,}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,;:.!?)])")
# Matches exactly where _SPACE_BEFORE_PUNCTUATION does, but from the punctuation mark.
_SPACE_THEN_PUNCTUATION = re.compile(r"[,;:.!?)](?<=\s.)")
_DOUBLED_PUNCTUATION = re.compile(r"([,;:])(?:\s*[,;:])+")
_COMMA_BEFORE_END = re.compile(r",(\s*[.!?])")
# "The court — the highest in the land — ruled": an aside between two dashes.
_DASH_ASIDE = re.compile(r"\s[—–]\s[^—–()]{1,100}?\s[—–]\s")
_PARENTHETICAL = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")


def _tidy(text: str) -> str:
    """Mend the punctuation a removal leaves: doubled spaces and commas, a leading comma."""
    text = _SPACES.sub(" ", text)
    if _SPACE_THEN_PUNCTUATION.search(text):  # rare; the guard scans far faster
        text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    text = _DOUBLED_PUNCTUATION.sub(r"\1", text)
    text = _COMMA_BEFORE_END.sub(r"\1", text)
    return text.strip().lstrip(",;: ").strip()


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _trim(fragment: str) -> str:
    """Drop trailing punctuation and dangling function words from a cut fragment."""
    words = fragment.strip().rstrip(" ,;:–—-").split()
    while len(words) > 1 and words[-1].lower().strip(",;:") in _TRAILING_WEAK:
        words.pop()
    return " ".join(words).rstrip(" ,;:–—-")


# -- the rules -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """One named step of title compression, with the example the tests hold it to."""

    name: str
    """Short identifier, used in tests and when tracing a title."""
    before: str
    """An example sentence the rule changes."""
    after: str
    """What the rule alone makes of `before`."""
    apply: Callable[[str], str]
    """The rewrite itself: sentence in, sentence out (unchanged when the rule does not apply)."""


def drop_dateline(text: str) -> str:
    """ "LONDON, Dec 6 (Reuters) - Britain …" → "Britain …"; a date stamp likewise."""
    return split_dateline(text)[1]


def drop_parentheticals(text: str) -> str:
    """Remove "(…)" and "[…]" glosses (acronyms, translations, UTC times) and dash asides."""
    if "(" in text or "[" in text:
        previous = None
        while previous != text:  # inner brackets first: "(the WHO (Geneva))"
            previous = text
            text = _PARENTHETICAL.sub("", text)
        text = _tidy(text.replace("(", "").replace(")", ""))
    if "—" in text or "–" in text:
        text = _tidy(_DASH_ASIDE.sub(" ", text))
    return text


def drop_time_phrases(text: str, *, prose: bool = False) -> str:
    """Remove weekdays, relative days, clock times and bare months with their preposition,
    and a clock time's conversion ("(1620 UTC)"); in PROSE, not a possessive one."""
    if not _has_time_hint(text):
        return text
    phrases = _PROSE_TIME_PHRASES if prose else _TIME_PHRASES
    text = _tidy(phrases.sub("", _UTC_GLOSS.sub("", text)))
    # What was left of an opening time adverbial: "On Sunday and Saturday evening, X" →
    # "and, X"; "Early Saturday, somewhat after midnight, X" → "somewhat, X".
    left = _LEFT_OF_TIME.sub("", text)
    return _capitalize(left) if left != text else text


_LEFT_OF_TIME = re.compile(
    r"^(?:(?:and|or|but|somewhat|shortly|just|soon|sometime|also|then|,)\s*)+,\s+(?=\S)",
    re.IGNORECASE,
)


_UTC_GLOSS = re.compile(r"\s*\([^()]*\b(?:UTC|GMT)\b[^()]*\)")


# Compiled once: these ran through re's cache lookup on every title.
_DETERMINER_FIRST = re.compile(r"^(?:a|an|the)\s")
_COMMA_SPACE = re.compile(r",\s+")
_NAME_JOINER = re.compile(r"\s(?:of|the|in)\s")
_POSSESSIVE_TITLE = re.compile(r"^(?:[A-Z][\w.-]*\s){0,3}[A-Z][\w.-]*['’]s\s[a-z]")
_TRAILING_GLOSS = re.compile(
    r",\s+(?:a|an|the|which|who|whose|where|according to|aged|itself|now|formerly|"
    r"previously|also)\s[^,]*$|,\s+\d{1,3}$",
)


def drop_opener(text: str) -> str:
    """Remove an opening adverbial or attribution up to its comma, and what hangs on it.

    After the comma, a further prepositional chunk ("On Friday, on Route 2 in Randolph, …"),
    a place's region ("In Cahors, France, a relic …") and the opener's own appositive
    ("According to X, a cybersecurity firm, two databases …") go with it. The remainder must
    still read as a clause (four words or more).
    """
    for _ in range(3):
        first = text.split(" ", 1)[0].lower().rstrip(",")
        if first not in _OPENER_FIRST_WORDS:
            break
        match = _OPENER.match(text)
        if match is None or _QUANTITY.match(text) or _FINITE.search(match.group(0)):
            break  # "At least 40 people were killed, …" opens with its subject
        chunks = _comma_chunks(text[match.end() :])
        while len(chunks) > 1 and (
            _is_place_tail(chunks[0], known=True) or _starts_with_preposition(chunks[0])
        ):
            chunks = chunks[1:]
        if (
            len(chunks) > 1
            and _DETERMINER_FIRST.match(chunks[0])
            and len(chunks[0].split()) <= 8
            and len(", ".join(chunks[1:]).split()) >= 4
            and not _has_verb(chunks[0])  # "During the funeral, a stampede erupted, …"
        ):
            chunks = chunks[1:]
        rest = ", ".join(chunks)
        if len(rest.split()) < 4:
            break
        text = _capitalize(rest)
    return text


_PREPOSITIONS = frozenset(
    "in on at near outside inside from to across along around over under by for during".split()
)


def _starts_with_preposition(chunk: str) -> bool:
    words = chunk.split()
    return bool(words) and words[0] in _PREPOSITIONS and len(words) <= 12


def drop_attribution(text: str) -> str:
    """ "State media reported that a block collapsed" → "a block collapsed"; so does "It was
    reported that …", whose "It" names no one."""
    match = _ATTRIBUTION.match(text) or _SOURCE_SAID.match(text) or _IMPERSONAL.match(text)
    rest = text[match.end() :] if match else ""
    if rest.split(" ", 1)[0].lower() in ("he", "she", "it", "they", "we", "i", "you"):
        return text  # "Leaders said that they …": the pronoun needs its subject
    if match and len(rest.split()) >= 4:
        return _capitalize(text[match.end() :])
    return text


# ", in a statement on Monday," between a subject and its verb: a prepositional aside.
_INTERJECTED = re.compile(
    r", (?:in|on|at|during|after|before|with|without|through|via|by|from|under|amid|despite)"
    r" [^,;:]{2,80}?, (?=([a-z][\w'-]*))"
)


def drop_interjections(text: str) -> str:
    """Drop a prepositional aside set off by commas right before a verb: "The mayor, in a
    statement on Monday, said" → "The mayor said". Without it the aside's own participle
    ("delivered via the press secretary") is taken for the headline's verb."""
    for match in _INTERJECTED.finditer(text):
        follower = match.group(1)
        if _has_verb(text[: match.start()]):
            break  # after the verb: an aside of the predicate ("shot …, with the toll rising")
        if follower in _AUXILIARIES or is_past_tense(follower):
            return f"{text[: match.start()]} {text[match.end() :]}"
    return text


def drop_appositives(text: str) -> str:
    """Remove a gloss between commas before the clause goes on: "X, 23, was …" → "X was …".

    A gloss opens with a determiner, a relative pronoun, an age or a lower-case noun, and
    the text after it goes on in lower case (the verb); a list ("A, B, and C") is left alone.
    """
    chunks = _comma_chunks(text)
    if len(chunks) < 3:
        return text
    out = [chunks[0]]
    index = 1
    while index < len(chunks):
        chunk = chunks[index]
        end = index + 1
        # A region after the gloss belongs to it ("from Toronto, Canada, admitted"), and so
        # does a second gloss ("X, 52, a retired teacher, won").
        while end < len(chunks) - 1 and (_is_place_tail(chunks[end]) or _opens_gloss(chunks[end])):
            end += 1
        following = chunks[end] if end < len(chunks) else ""
        if _is_gloss(chunk) and following and _continues_clause(following):
            out[-1] = f"{out[-1]} {following}"
            index = end + 1
            continue
        out.append(chunk)
        index += 1
    return ", ".join(out)


def _comma_chunks(text: str) -> list[str]:
    """Split at commas followed by a space (not "4,000")."""
    return _COMMA_SPACE.split(text)


def _is_place_tail(chunk: str, *, known: bool = False) -> bool:
    """A short capitalised chunk ("Canada", "North Poland"); with KNOWN, one the gazetteer knows.

    The gazetteer tells "In Cahors, France, a relic …" from "Acting via his lawyers,
    Volodoymyr Zhukovskyy, 23, pleaded …" (it is loaded only for openers followed by one).
    """
    words = chunk.split()
    if not (
        0 < len(words) <= 6 and all(w[:1].isupper() or w in ("of", "the", "in") for w in words)
    ):
        return False
    if not known:
        return len(words) <= 3
    from briefgen.extract.gazetteer import lookup

    leading = " ".join(_NAME_JOINER.split(chunk, maxsplit=1)[:1])
    return bool(lookup(chunk)) or bool(lookup(leading))


def _opens_gloss(chunk: str) -> bool:
    """A chunk that can only be a gloss: it opens with a determiner, a relative or an age."""
    words = chunk.split()
    return (
        bool(words)
        and len(words) <= 12
        and (words[0] in _APPOSITIVE_START or (words[0].isdigit() and len(words) <= 3))
    )


def _is_gloss(chunk: str) -> bool:
    words = chunk.split()
    if words and words[0] in _RELATIVE_PRONOUNS and len(words) <= 40:
        return True  # "X, who performed for … under the ring name Y, died": any length
    if not words or len(words) > 16:
        return False
    first = words[0]
    if first.isdigit() and len(words) <= 3:
        return True  # an age: ", 23,"
    lower = first.lower()
    if first[:1].isupper():
        # "Puerto Rico's governor", "Niger's capital": a possessive title.
        return bool(_POSSESSIVE_TITLE.match(chunk))
    if lower in _NOT_APPOSITIVE:
        return False
    if lower in _APPOSITIVE_START or lower in _ASIDE_ADVERBS:
        return True
    if len(words) > 1 and words[1] in _PARTICIPLE_LINKS and _is_participle(lower):
        return True  # a participle's phrase: "reported by local press as …", "based in Oslo"
    # A lower-case noun ("mayor of the city", "co-author of a study"), not a verb form.
    return (
        not lower.endswith(("ing", "ed", "ly"))
        and lower not in _AUXILIARIES
        and base_form(lower) is None
    )


_RELATIVE_PRONOUNS = frozenset("who whom whose which".split())
# Adverbs that open an aside between commas: "poor hygiene, specifically too little hand
# washing, is to blame".
_ASIDE_ADVERBS = frozenset(
    """specifically particularly especially mainly mostly largely primarily chiefly notably
    namely reportedly allegedly apparently originally""".split()
)
# A past participle followed by one of these opens a phrase that describes the noun before
# it ("a cargo plane, reported by local press as …, crashed", "a charity, based in Oslo, said").
_PARTICIPLE_LINKS = frozenset(
    "by as in at from for with of on to since after until during over under into near".split()
)


def _is_participle(word: str) -> bool:
    """A past participle: "reported", "based", "known" ("spoke" is only past)."""
    return (word.endswith("ed") and is_past_tense(word)) or word in PARTICIPLES


def _present_verb_first(words: list[str]) -> bool:
    """WORDS open with a present-tense verb ("needs repairs"), not a plural noun followed by
    its verb ("officials said")."""
    first = words[0]
    second = words[1].strip(",;:").lower() if len(words) > 1 else ""
    return (
        first.endswith("s")
        and not first.endswith(("ss", "us", "is", "'s", "’s"))
        and first not in _TRAILING_WEAK
        and second not in _AUXILIARIES
        and base_form(second) is None
    )


def _continues_clause(chunk: str) -> bool:
    """CHUNK goes on with the clause a gloss interrupted: it opens with its verb ("crashed
    into houses", "was re-elected") or a preposition ("in an airstrike"), not with a noun
    of a list or another phrase ("activist, radio show host"; "the Iranian capital")."""
    first = chunk.split()[0] if chunk.split() else ""
    return (
        bool(first)
        and first[:1].islower()
        and (
            first in _PREPOSITIONS
            or first in ("of", "with", "into", "about")  # "100 members, reportedly, of …"
            or _has_verb(" ".join(chunk.split()[:3]))
            or _present_verb_first(chunk.split())
        )
        and first.lower()
        not in (
            "and",
            "or",
            "but",
            "nor",
            "which",
            "who",
            "as",
            "because",
            "while",
            "so",
        )
    )


def drop_according_to(text: str) -> str:
    """Remove a closing attribution chunk: "X has died, according to Y, …" → "X has died, …"."""
    return _ACCORDING_TO.sub("", text)


_ACCORDING_TO = re.compile(r",\s+according to [^,;]*(?=[,;]|$)")


def drop_closing_attribution(text: str) -> str:
    """Remove a closing source: "Park Won-soon was found dead, police reported" →
    "Park Won-soon was found dead"; ", the company said in a statement" likewise."""
    match = _CLOSING_ATTRIBUTION.search(text)
    if match and len(text[: match.start()].split()) >= 3:
        return text[: match.start()]
    return text


_CLOSING_ATTRIBUTION = re.compile(
    r",\s+(?:[\w'’.&-]+\s+){1,6}?(?:said|says|reported|reports|confirmed|announced|stated|"
    r"added|told\s+[\w]+)(?:\s+(?:in|on)\s+(?:a|an|its|their)\s+[\w-]+)?[.,;]?\s*$"
)


def drop_trailing_gloss(text: str) -> str:
    """Remove a closing appositive or relative clause: "off Lampedusa, an island …"."""
    match = _TRAILING_GLOSS.search(text)
    if match and len(text[: match.start()].split()) >= MIN_TITLE_WORDS:
        return text[: match.start()]
    return text


RULES: tuple[Rule, ...] = (
    Rule(
        "dateline",
        "LONDON, Dec 6 (Reuters) - Britain and France agreed a deal",
        "Britain and France agreed a deal",
        drop_dateline,
    ),
    Rule(
        "parentheticals",
        "The World Health Organization (WHO) declared a pandemic",
        "The World Health Organization declared a pandemic",
        drop_parentheticals,
    ),
    Rule(
        "time-phrases",
        "The council late on Tuesday evening approved the budget it rejected yesterday",
        "The council approved the budget it rejected",
        drop_time_phrases,
    ),
    Rule(
        "opener",
        "According to a survey by Ipsos, a polling firm, most voters back the new tram line",
        "Most voters back the new tram line",
        drop_opener,
    ),
    Rule(
        "attribution",
        "Port officials said that a cargo ship ran aground near the canal",
        "A cargo ship ran aground near the canal",
        drop_attribution,
    ),
    Rule(
        "short-names",
        "Talks between the United States and the United Kingdom resumed",
        "Talks between US and UK resumed",
        short_names,
    ),
    Rule(
        "interjections",
        "The mayor, in a statement on Monday evening, said the bridge would reopen",
        "The mayor said the bridge would reopen",
        drop_interjections,
    ),
    Rule(
        "appositives",
        "Maria Lopez, mayor of the northern town of Vic, was re-elected with 60 percent",
        "Maria Lopez was re-elected with 60 percent",
        drop_appositives,
    ),
    Rule(
        "according-to",
        "The mayor has resigned, according to local media, after a long dispute",
        "The mayor has resigned, after a long dispute",
        drop_according_to,
    ),
    Rule(
        "closing-attribution",
        "The dam burst after days of rain, local officials said in a statement",
        "The dam burst after days of rain",
        drop_closing_attribution,
    ),
    Rule(
        "trailing-gloss",
        "A crowded passenger ferry sank off Lampedusa, an island south of Sicily",
        "A crowded passenger ferry sank off Lampedusa",
        drop_trailing_gloss,
    ),
)


def compress(sentence: str, rules: tuple[Rule, ...] = RULES) -> str:
    """Apply RULES in order to one sentence (no length cut, no headline style)."""
    text = sentence.strip()
    for rule in rules:
        text = rule.apply(text)
    return _capitalize(text)


_AUXILIARIES = frozenset(
    """is are was were has have had will would can could may might must shall should says
    say do does did""".split()
)


def _has_verb(text: str) -> bool:
    """A finite verb is likely in TEXT: an auxiliary, a lower-case past-tense form, or a
    present one ending in "s" right after a name or an adverb ("Russia launches", "COVID-19
    no longer constitutes")."""
    previous = ""
    for word in text.split():
        lower = word.strip(",;:\"'“”").lower()
        if word[:1].islower():
            if lower in _AUXILIARIES or (
                base_form(lower) is not None and lower not in _ADJECTIVE_PAST
            ):
                return True
            if (
                lower.endswith("s")
                and not lower.endswith(("ss", "us", "is", "'s", "’s"))
                and (previous[:1].isupper() or previous.lower() in _VERB_ADVERBS)
                and lower not in _TRAILING_WEAK
            ):
                return True
        previous = word
    return False


_VERB_ADVERBS = frozenset("longer also now still not never again finally officially".split())


# Past forms that mostly modify a noun in a lead ("the alleged killer", "an armed man").
_ADJECTIVE_PAST = frozenset("alleged armed based united so-called detailed".split())


def _clause_cut(text: str, limit: int, need_verb: bool) -> str:
    """The shortest prefix ending at a clause boundary that keeps a whole clause.

    Commas inside a place ("Frederick, Maryland") or a number are not boundaries.
    """
    unfinished = ""  # the first cut inside a "that" clause: taken only if no later one fits
    for match in _CLAUSE_BREAKS.finditer(text):
        head = text[: match.start()]
        if len(head) > limit:
            break
        if _inside_place(text, match.start()) or _AS_MUCH.search(head):
            continue  # "Koszalin, Poland"; "as much as 30%"
        if text.startswith(" with ", match.start()) and _takes_with(head):
            continue  # "entered into an agreement | with the government": its complement
        trimmed = _trim(head)
        if len(trimmed.split()) >= MIN_TITLE_WORDS and (not need_verb or _has_verb(trimmed)):
            if _open_complement(trimmed):
                # "… established that poor hygiene by humans | , specifically …"
                unfinished = unfinished or trimmed
                continue
            if len(trimmed) < MIN_TITLE_CHARS:
                return _with_cause(text, match, limit) or trimmed
            return trimmed
    return unfinished


def _open_complement(text: str) -> bool:
    """TEXT ends inside the "that" clause a verb opened, before that clause's own verb:
    "researchers established that poor hygiene by humans"."""
    words = text.split()
    lowered = [w.strip(",;:").lower() for w in words]
    for at in range(len(words) - 1, 0, -1):
        if lowered[at] == "that" and _is_verb_form(lowered[at - 1]):
            return not _has_verb(" ".join(words[at + 1 :]))
    return False


# Nouns whose "with" phrase completes them: "an agreement with", "talks with".
_WITH_COMPLEMENT = frozenset(
    """agreement agreements deal deals talks meeting meetings contract contracts partnership
    ties relations treaty merger alliance ceasefire truce interview call calls negotiations
    accord pact dispute clashes clash contact""".split()
)


def _takes_with(head: str) -> bool:
    """HEAD ends on a noun that "with" completes (see `_WITH_COMPLEMENT`)."""
    last = head.rsplit(" ", 1)[-1].lower()
    return last in _WITH_COMPLEMENT


# "At least 27 people were killed | when a bus plunged …": a short title keeps the clause
# that says how or why, when that clause is whole and fits.
_CAUSE = re.compile(r"\s*(?:when|after|as|because|following)\s")


def _with_cause(text: str, match: re.Match[str], limit: int) -> str:
    if not _CAUSE.match(text, match.start()):
        return ""
    following = _CLAUSE_BREAKS.search(text, match.end() + 1)
    end = following.start() if following else len(text)
    longer = _trim(text[:end])
    tail = text[match.end() : end]
    if len(longer) <= limit and _has_verb(tail) and not longer.endswith("…"):
        return longer
    return ""


_AS_MUCH = re.compile(r"\bas (?:much|many|well|long|high|low|little|few|far|soon|late)$")


def _inside_place(text: str, at: int) -> bool:
    """A comma between a capitalised word and a short capitalised region: "Koszalin, Poland"."""
    if text[at] != ",":
        return False
    before = text[:at].split()
    after = text[at + 1 :].split()
    return bool(before and after and before[-1][:1].isupper() and after[0][:1].isupper())


def _word_cut(text: str, limit: int, need_verb: bool) -> str:
    """The longest prefix within LIMIT that holds the verb and ends on a content word."""
    every = text.split()
    words = text[: limit + 1].split()[:-1] if len(text) > limit else list(every)
    while words:
        last = words[-1].rstrip(",;:")
        lower = last.lower()
        prefix = " ".join(words)
        following = every[len(words)] if len(words) < len(every) else ""
        if (
            lower not in _TRAILING_WEAK
            and not lower.endswith(("ian", "ese", "ish", "an"))
            # never inside a name: "University of South | Carolina"
            and not (
                last[:1].isupper()
                and (following[:1].isupper() or following == "&")
                and last == words[-1]
            )
            # nor after a modifier of the next noun: "about his 2020 | presidential campaign"
            and not (last.isdigit() and following[:1].islower())
            and (not need_verb or _has_verb(prefix))
            and len(words) >= MIN_TITLE_WORDS
        ):
            return _trim(prefix)
        words.pop()
    return ""


# "dozens | of foreign leaders", "one | of the victims": a quantity needs its "of" phrase.
_QUANTITY_BEFORE_OF = re.compile(
    r"\b(?:dozens|hundreds|thousands|millions|billions|tens|scores|some|most|many|all|none|one|"
    r"two|three|several|each|both|part|rest|majority|number|lot|lots|half) of$",
    re.IGNORECASE,
)


# "won the Democratic | and Republican primaries": an adjective paired with the next one
# waits for the noun they share.
_ADJECTIVE_END = re.compile(r"\b[A-Z][a-z]+(?:ic|an|ish|ese|al|ive)$")
_ADJECTIVE_NEXT = re.compile(r" (?:and|or) [A-Z][a-z]+(?:ic|an|ish|ese|al|ive)\b")


def _adjective_pair_at(text: str, at: int) -> bool:
    return bool(
        _ADJECTIVE_NEXT.match(text, at) and _ADJECTIVE_END.search(text, max(0, at - 30), at)
    )


# "University | of Hawaii", "Bank | of England": the cut may not split a name.
_INSIDE_NAME = re.compile(r"\s(?:of|de|du|del|von|van)\s(?:the\s)?[A-Z]")


def _splits_name(text: str, at: int) -> bool:
    before = text[:at].rsplit(" ", 1)[-1]
    return before[:1].isupper() and _INSIDE_NAME.match(text, at) is not None


# "takes some time | to answer questions", "has the chance | to win": the news is the verb
# after "to", so the cut may not fall before it.
_NEEDS_INFINITIVE = re.compile(
    r"\b(?:time|opportunity|chance|moment|decision|steps|step|plans|plan|bid|effort|attempt|"
    r"move|vote|votes|voted|agreed|agrees|decided|decides|failed|fails|refused|refuses|"
    r"sought|seeks|tried|tries|promised|promises|pledged|pledges|threatened|threatens|"
    r"expected|scheduled|set|able|unable|likely|unlikely|due|ready|going) to$",
    re.IGNORECASE,
)


def _cut(text: str, limit: int) -> str:
    """Cut a compressed sentence to a title, then finish the clause the cut left open."""
    title = _cut_at_boundary(text, limit)
    if len(text) > limit and _subject_crowds_out_news(title):
        shorter = shorten_subject(text)  # the cut lost the verb: make room for it
        if shorter != text:
            text, title = shorter, _cut_at_boundary(shorter, limit)
    if title.endswith("…") or len(title.split()) >= len(text.split()):
        return title
    return finish_clause(title)


# -- a subject too long to leave room for the news ------------------------------------------

# Past the verb at this many characters, a long sentence loses its subject's modifier.
MAX_SUBJECT_CHARS = 50
_SUBJECT_MODIFIERS = frozenset("from at in of with near on".split())
_NOT_MAIN_VERB_BEFORE = frozenset(
    "that which who whom whose a an the with by of in on at from for to its his her their".split()
)


def _main_verb_index(words: list[str]) -> int:
    """Where the main verb of a lead is: an auxiliary or a past form that is no participle
    ("with reported magnitude", "that struck", "plane operated by"); -1 if none is found."""
    for index, word in enumerate(words[1:], start=1):
        lower = word.strip(",;:").lower()
        if not word[:1].islower():
            continue
        if words[index - 1].lower() in _NOT_MAIN_VERB_BEFORE:
            continue
        following = words[index + 1].lower() if index + 1 < len(words) else ""
        if lower in _AUXILIARIES or lower in _PRESENT_VERBS:
            return index
        if is_past_tense(lower) and following != "by" and lower not in _ADJECTIVE_PAST:
            return index
    return -1


# Present-tense verbs that open the news in a lead ("A team of scientists report …").
_PRESENT_VERBS = frozenset(
    "report reports announce announces say says find finds show shows suggest suggests".split()
)


def _subject_crowds_out_news(title: str) -> bool:
    """The cut title holds no verb, or its subject takes most of it and leaves the "that"
    clause after the verb without a verb of its own ("Doctors treating … report that new
    strain")."""
    words = title.split()
    verb = _main_verb_index(words)
    if verb < 0:
        return True
    rest = words[verb + 1 :]
    return (
        len(" ".join(words[:verb])) > max(MAX_SUBJECT_CHARS, len(title) // 2)
        and bool(rest)
        and rest[0].lower() == "that"
        and not _has_verb(" ".join(rest[1:]))
    )


def shorten_subject(text: str) -> str:
    """Drop the modifier of a long subject so that the verb and its object fit.

    "Scientists studying patients in Zhuhai in China's Guangdong Province reported that …" →
    "Scientists reported that …"; "Aftershocks of a powerful earthquake that struck the south
    have increased the toll" → "Aftershocks have increased the toll". The modifier opens with
    an -ing form, or with a preposition after a common noun followed by lower-case words; a
    name's own "of" ("Ministry of Health") stays.
    """
    words = text.split()
    verb = _main_verb_index(words)
    if verb < 2 or len(" ".join(words[:verb])) <= MAX_SUBJECT_CHARS:
        return text
    for index in range(1, verb):
        lower = words[index].lower()
        head = words[index - 1]
        common_head = head[:1].islower() or (index == 1 and head.lower() in _common_words())
        if not common_head or "," in head:
            continue
        opens_participle = words[index][:1].islower() and lower.endswith("ing") and len(lower) > 5
        opens_phrase = lower in _SUBJECT_MODIFIERS and (
            lower != "of"
            or (words[index + 1][:1].islower() and head.lower() not in _QUANTITY_NOUNS)
        )
        if opens_participle or opens_phrase:
            start = index - 1 if head.lower().endswith("ly") else index  # "mostly from"
            if (
                words[start].lower() in _NEEDS_COMPLEMENT
                or _open_relative(words[start:verb])
                or words[verb].endswith(",")  # "that left two people injured, was released"
            ):
                # "groups claiming the vote was stolen": "was" is not their verb
                return (
                    text  # "… penguins that have been reported": the verb found is not the main one
                )
            comma = next((i for i in range(start) if words[i].endswith(",")), None)
            if comma is not None:  # "X, the suspect in …, was" → "X was"
                return " ".join([*words[:comma], words[comma].rstrip(","), *words[verb:]])
            return " ".join(words[:start] + words[verb:])
    return text


_RELATIVE_WORDS_SET = frozenset("that which who whom whose where".split())


def _open_relative(words: list[str]) -> bool:
    """WORDS (a subject's modifier) hold a relative clause that has no verb of its own yet,
    so the verb after them may be that clause's ("penguins that | have been seen"); a
    clause with its own past-tense verb is whole ("an earthquake that struck the south |
    have increased the toll")."""
    lowered = [w.strip(",;:").lower() for w in words]
    relative = [i for i, w in enumerate(lowered) if w in _RELATIVE_WORDS_SET]
    if not relative:
        return False
    clause = lowered[relative[-1] + 1 :]
    return not any(w not in _AUXILIARIES and w != "been" and is_past_tense(w) for w in clause)


# "number of cases", "team of scientists": the head needs its "of" phrase.
_QUANTITY_NOUNS = frozenset(
    """number total majority group team thousands dozens hundreds millions part rest series
    set pair couple lot amount percent share half third quarter range list""".split()
)


def _common_words() -> frozenset[str] | set[str]:
    from briefgen.extract.lexicon import common_words

    return common_words()


# -- finishing a cut title ------------------------------------------------------------------

# Words that introduce a complement the cut has removed: "season due | to the outbreak",
# "arrest man in connection | with", "36 people believed | to be", "ruling against Trump
# finding | that …". A title never ends on one.
_NEEDS_COMPLEMENT = frozenset(
    """due believed expected dated scheduled aimed designed able unable
    likely unlikely according prior ahead instead owing thanks regardless saying announcing
    claiming stating suggesting revealing confirming urging demanding accusing alleging
    arguing including regarding concerning involving relating seeking requiring allowing
    adding citing noting declaring insisting explaining prompting""".split()
)
# Nouns that need their phrase after "in", "on" or "as": "in favour | of", "in connection |
# with", "on behalf | of", "as part | of".
_NEEDS_PHRASE_AFTER_PREPOSITION = frozenset(
    "favour favor connection response addition regard relation accordance order front behalf "
    "part spite lieu light view terms charge".split()
)
# -ing forms that are also nouns ("issues ruling", "holds meeting"): dangling only after a
# name ("ruling against President Trump finding | that …").
_ING_AFTER_NAME = frozenset("finding showing calling warning ordering ruling asking".split())
# Verbs that need an object: "vote will be held to decide | who …" ends on nothing.
_TRANSITIVE_AFTER_TO = frozenset(
    """decide determine discuss consider review examine make take give provide ensure allow
    build create use find show announce raise cut buy sell stop prevent help support hold
    address reach introduce replace investigate reduce increase protect mark celebrate
    choose select elect approve set seek""".split()
)
# Words that open a subordinate or relative clause: after a cut, such a clause is whole
# (it has its own verb) or it goes.
_SUBORDINATORS = frozenset(
    """where which who whom whose when while because although though whereas that if unless
    as after before since until once""".split()
)
# These are also prepositions ("dies after long illness"): the clause they open starts with
# a name ("after President X …"), else they open a phrase, which may end anywhere.
_PREPOSITIONAL_SUBORDINATORS = frozenset("as after before since until once".split())


def _drop_dangling_end(words: list[str]) -> list[str]:
    """Drop a last word that needs a complement, with the function words before it."""
    out = list(words)
    while len(out) > 2:
        last = out[-1].strip(",;:").lower()
        previous = out[-2].strip(",;:")
        if (
            last in _NEEDS_COMPLEMENT
            or (last in _ING_AFTER_NAME and previous[:1].isupper())
            or (last in _NEEDS_PHRASE_AFTER_PREPOSITION and previous.lower() in ("in", "on", "as"))
        ):
            out.pop()
        elif previous.lower() == "to" and last in _TRANSITIVE_AFTER_TO:
            out[-2:] = []
        else:
            break
        out = _trim(" ".join(out)).split()
    return out


def _drop_open_clause(words: list[str]) -> list[str]:
    """Drop a last subordinate clause that has no verb of its own ("… where Presidents X"),
    and a "between" phrase without its "and" ("debate between President X")."""
    lowered = [w.strip(",;:").lower() for w in words]
    if "between" in lowered[1:]:
        at = len(lowered) - 1 - lowered[::-1].index("between")
        if "and" not in lowered[at:]:
            return words[:at]
    for at in range(len(words) - 1, 1, -1):
        if lowered[at] not in _SUBORDINATORS or not words[at][:1].islower():
            continue
        tail = words[at + 1 :]
        if _has_verb(" ".join(tail)) or (tail and tail[0][:1].islower() and _is_verb_form(tail[0])):
            return words  # "… bill that raises taxes": whole
        if lowered[at] in _PREPOSITIONAL_SUBORDINATORS and not (tail and tail[0][:1].isupper()):
            return words
        if lowered[at] in ("that", "if") and _is_verb_form(lowered[at - 1]):
            return words  # "researchers established that …": the clause is the object
        return words[:at]
    return words


def _is_verb_form(word: str) -> bool:
    return word in _AUXILIARIES or base_form(word) is not None or word.endswith("s")


def finish_clause(title: str) -> str:
    """Finish a title that was cut inside its sentence (see `_drop_dangling_end`,
    `_drop_open_clause`): the result still holds a verb when TITLE did, and four words."""
    original = words = title.split()
    for _ in range(3):
        shorter = _trim(" ".join(_drop_open_clause(_drop_dangling_end(words)))).split()
        if shorter == words:
            break
        words = shorter
    if words == original:
        return title
    result = " ".join(words)
    if len(words) < 4 or (not _has_verb(result) and _has_verb(title)):
        return title
    return result


def _cut_at_boundary(text: str, limit: int) -> str:
    """Cut a compressed sentence to a title: clause, whole sentence, phrase, word, "…"."""
    need_verb = _has_verb(text)
    cut = _clause_cut(text, limit, need_verb)
    if cut:
        return cut
    if len(text) <= limit:
        return _trim(text) or text
    cuts = []
    # Each break is at a space, so a longer prefix holds all the words of a shorter one: once
    # a prefix has its verb, every later one does (no need to scan each from the start).
    verb_seen = not need_verb
    for match in _PHRASE_BREAKS.finditer(text):
        at = match.start()
        if not 25 <= at <= limit:
            continue
        if not verb_seen:
            verb_seen = _has_verb(text[:at])
            if not verb_seen:
                continue
        if (
            # both patterns end at the cut: a window before it is enough (the whole prefix
            # is slow)
            not _QUANTITY_BEFORE_OF.search(text, max(0, at - 40), at + 3)
            and not _NEEDS_INFINITIVE.search(text, max(0, at - 40), at + 3)
            and not _splits_name(text, at)
            and not _adjective_pair_at(text, at)
        ):
            cuts.append(at)
    if cuts:
        return _trim(text[: cuts[-1]])
    # Last before "…": a word boundary after a content word, holding the verb if one fits.
    cut = _word_cut(text, limit, need_verb) or _word_cut(text, limit, False)
    if cut:
        return cut
    room = text[:limit]
    cut = room.rsplit(" ", 1)[0] if " " in room else room[: limit - 1]
    return _trim(cut) + "…"


def headline_style(title: str) -> str:
    """Write a cut title as a headline: "US" for "the United States", present tense, no articles.

    Measured on the Wikinews set (ROUGE-L against the real headlines): each step helps.
    """
    text = _SAME_NAME_TWICE.sub(r"\1", present_tense(title))
    text = drop_articles(text)
    text = _LEADING_THE.sub("", text)
    return _capitalize(_tidy(text))


# "in New York, New York": a city named as its state says the name once in a headline.
_SAME_NAME_TWICE = re.compile(r"\b([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}), \1\b")
# A headline opens without "The" before a longer name or a nationality ("The Supreme Court of
# the UK rules" → "Supreme Court of the UK rules", "The German government says"); a one-word
# name right before its verb keeps it ("The Hague hosts", "The Queen suspends").
_LEADING_THE = re.compile(
    r"^The (?=[A-Z][\w'’.-]* [A-Z0-9]|(?:[A-Z][\w-]*(?:an|ese|ish|ch|i|ine|ek|ai)) [a-z])"
)


def drop_articles(text: str) -> str:
    """Drop "the", "a", "an" as headlines do, but keep them in names ("The Hague")."""
    from briefgen.extract.lexicon import common_words

    common = common_words()

    def keep(match: re.Match[str]) -> str:
        following = match.group(2)
        if match.group(1) in ("a", "an") and _PER_UNIT.search(
            match.string, max(0, match.start() - 40), match.start()
        ):
            return match.group(0)
        if match.group(1).lower() == "the" and following[:1].isupper():
            if following.lower() not in common:
                return match.group(0)  # "The Hague", "the Philippines"
            if match.string.endswith("of ", 0, match.start()) and _OF_BEFORE.search(
                match.string, max(0, match.start() - 4), match.start()
            ):
                return match.group(0)  # "Speaker of the House": a named body keeps it
        return following

    return _ARTICLE.sub(keep, text)


_OF_BEFORE = re.compile(r"\bof $")
# "the", "a", "an", "The", "A", "An" at a word start: each alternative opens with its letter
# and looks back past it, so the search skips ahead to the next a, A, t or T.
_ARTICLE = re.compile(
    r"(t(?<![\w'’-]t)he|T(?<![\w'’-]T)he|a(?<![\w'’-]a)n?|A(?<![\w'’-]A)n?) ([\w'’-]+)"
)
# "60 dollars a barrel", "twice a day": here "a" means "per" and stays.
_PER_UNIT = re.compile(
    r"(?:\d|\b(?:dollars|euros|pounds|cents|yen|yuan|roubles|rubles|times|twice|once|miles|"
    r"kilometres|kilometers|km|metres|meters|hours|litres|liters|gallons|tonnes|tons|barrels)) $"
)


# Scraped leads may open with icons or bullets ("██ Syrian Arab Republic").
_LEADING_SYMBOLS = re.compile(r"^[^\w\"“‘'(\[$£€¥]+")


def lead_paragraph(paragraphs: Sequence[str]) -> str:
    """The lead that gives the title and summary: the first paragraph, with the next one
    joined on when the first is only a date stamp or a wire dateline on a line of its own
    ("Tuesday, March 5, 2019", "KABUL, Afghanistan —"), as scraped pages and some wires set
    them. Alone, such a line gives no headline; joined, its dateline is split off as usual.
    Bulleted lines (a map's legend, "██ Syrian Arab Republic"; a list of points) are not prose
    and are passed over when a paragraph of prose follows.
    """
    prose = [text for text in paragraphs if not _BULLETED.match(text)] or list(paragraphs)
    if not prose:
        return ""
    paragraphs = prose
    first = paragraphs[0]
    if len(paragraphs) > 1:
        following = paragraphs[1]
        dateline, rest = split_dateline(f"{first.strip()} {following.strip()}")
        if dateline is not None and len(rest) <= len(following.strip()):
            return f"{first.strip()} {following.strip()}"
    return first


# A paragraph that opens with a bullet, a block or a geometric shape: a legend or list item.
_BULLETED = re.compile(
    r"\s*(?:[\u2022\u2023\u2043\u2219\u25a0-\u25ff\u2580-\u259f*]|[-\u2013\u2014]\s)"
)


def seed_lead(seed: Seed) -> str:
    """The seed's lead as `lead_paragraph` finds it (a seed of subheadings only: the first)."""
    return lead_paragraph(seed.paragraphs or (seed.lead,))


# A wiki's mark before words in another language, as Wikinews text flattens it:
# "((pl))Polish language: \u200dPrawo i Sprawiedliwość publicly declared …".
_LANGUAGE_MARK = re.compile(
    r"\s*\(\([a-z]{2,3}(?:-[A-Za-z]+)?\)\)[A-Z][^\W\d_]*(?: [A-Z][^\W\d_]*)? language:\s*\u200d?"
)
_FOREIGN_WORD = re.compile(r"\s*([^\s]+)")


def drop_language_marks(text: str) -> str:
    """TEXT without a wiki's other-language marks and the foreign words after them, up to
    the first common English word of two letters or more ("… Justice Party ((pl))Polish
    language: Prawo i Sprawiedliwość publicly declared" → "… Justice Party publicly
    declared"): a title or summary in English has no room for them. Only characters go."""
    if "((" not in text:
        return text
    common = _common_words()
    while (mark := _LANGUAGE_MARK.search(text)) is not None:
        end = mark.end()
        while (word := _FOREIGN_WORD.match(text, end)) is not None:
            bare = word.group(1).strip(".,;:!?\"'“”‘’()[]").lower()
            if len(bare) >= 2 and bare in common:
                break
            end = word.end()
            if word.group(1)[-1:] in ".!?":
                break  # a foreign sentence ends here
        text = text[: mark.start()] + text[end:]
    return text


def derive_title(lead: str, limit: int = MAX_TITLE_CHARS) -> str:
    """The lead's first sentence compressed to a headline (see the module docstring).

    Only when no clause or phrase boundary fits is it cut at a word, and then it ends in "…".
    """
    body = drop_language_marks(split_dateline(_LEADING_SYMBOLS.sub("", lead.strip()))[1])
    found = sentences(body)
    first = found[0] if found else ""
    text = compress(first.rstrip(".!?") if not first.endswith("..") else first)
    if any(word in text for word in _RELATIVE_HINT_WORDS):
        text = _tidy(_RELATIVE_WORDS.sub("", text))
    text = text.rstrip(".")
    if not text:
        return ""
    # Articles go before the cut (a shorter sentence keeps more of its news); the verb's
    # tense changes after it, since the cut looks for past-tense verbs.
    return headline_style(_cut(_capitalize(drop_articles(text)), limit))


def derive_summary(lead: str, limit: int = MAX_SUMMARY_CHARS) -> str:
    """The lead without its dateline or time opener, at most LIMIT characters.

    It ends on a sentence, or else at a word boundary with "…".
    """
    lead = drop_language_marks(split_dateline(_LEADING_SYMBOLS.sub("", lead.strip()))[1])
    lead = _clean_summary(lead)
    if len(lead) <= limit:
        return lead
    kept = ""
    for sentence in sentences(lead):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    cut = lead[:limit].rsplit(" ", 1)[0]
    return _trim(cut) + "…"


def could_derive_summary(lead: str, summary: str) -> bool:
    """Whether derive_summary(LEAD) could be SUMMARY, told cheaply: False means it cannot.

    derive_summary only removes characters, upper-cases single ones (a sentence's first
    letter) and adds punctuation ("…"), so the letters and digits of what it gives come
    in LEAD in the same order, case aside. A summary whose own do not was not derived
    from LEAD, and a briefing page need not derive one to know (`render.lead_repeated`
    spent a fifth of a briefing page's time there). A rule that rewrote words would
    break this: tests/test_lead_summary_order.py holds derive_summary to it.
    """
    rest = iter(lead.upper().casefold())  # its other characters are passed over anyway
    return all(char in rest for char in _folded_letters(summary))


_NOT_ALNUM = re.compile(r"[\W_]+")


def _folded_letters(text: str) -> str:
    """TEXT's letters and digits, case-folded after upper-casing: a character and its
    upper case give the same ("ß" and "SS" both "ss"; upper() of an upper() is itself)."""
    return _NOT_ALNUM.sub("", text.upper().casefold())


def _clean_summary(lead: str) -> str:
    """Drop time phrases (relative days go stale in an archive) and mend each sentence."""
    out = []
    for sentence in sentences(lead):
        cleaned = drop_time_phrases(sentence, prose=True)
        out.append(_capitalize(cleaned))
    return " ".join(s for s in out if s)
