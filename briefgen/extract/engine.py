"""Turn one article into canonical actors and locations.

The steps, in order:

1. candidates: runs of capitalised words (see `candidates.py`);
2. cleaning: leading "the", sentence-initial common words, titles and roles ("President",
   "Foreign Minister"), demonyms and possessives are stripped; spans are split at titles in
   the middle ("US President Trump") and at connectors that do not belong to a name
   ("Biden and Sanders", but not "Bank of England");
3. typing: each piece is a location (gazetteer, place cue words, "in X", "X, Texas",
   "the island of X", a list with known places), an actor (organisation cue words,
   acronyms, person names, titles) or nothing (demonyms, events, laws, works, languages,
   months);
4. one vote per distinct name across the document: a small town's name needs the
   article's country or a locative context, a town that shares a person's surname in the
   article is that person; then surnames and acronyms are merged into the fullest name
   ("Putin" → "Vladimir Putin", "EU" → "European Union") and each country is listed once;
5. ranking by prominence: mentions, title, lead, first position.

Headline Case titles and subheadings are read after the body, so their capitals count only
for words the body capitalises too.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from briefgen.dateline import Dateline
from briefgen.extract.candidates import (
    Span,
    Token,
    find_spans,
    is_headline,
    join_words,
    tokenize,
)
from briefgen.extract.clean import (
    clean_span,
)
from briefgen.extract.context import (
    ACTOR,
    LOCATION,
    DocEvidence,
    Piece,
    Typing,
    acronym_beside,
    country_code,
    find_terms,
    is_common,
    is_outlet,
    is_place,
    law_or_slogan,
    source_context,
)
from briefgen.extract.lexicon import (
    EVENT_LEAD_WORDS,
    FUNCTION_WORDS,
    PERSON_TITLES,
    PLACE_ACRONYMS,
    SHIP_PREFIXES,
    common_words,
    demonym_forms,
)
from briefgen.extract.registry import EntityRegistry
from briefgen.extract.rules import type_piece
from briefgen.extract.votes import (
    Vote,
    coordinate_lists,
    resolve_votes,
)
from briefgen.extract.wire import (
    Evidence,
    is_shouting,
    recase_shouting,
    split_lead_dateline,
    table_lines,
)

__all__ = ["Explanation", "analyse", "country_code", "demonyms_in", "explain_entities"]

_DATELINE = re.compile(r"^\s*(?:[A-Z][a-z]+day,\s*)?[A-Z][a-z]+ \d{1,2}, \d{4}\s*$")
# A sentence end with its space lost: "in Afghanistan.Trump said" (not "U.S.", "Amazon.com").
# The "." comes first and the letters before it are a lookbehind after it: a pattern that
# opens with a literal is searched for at C speed, one that opens with a lookbehind tries it
# at every character (14 times slower on a paragraph).
_LOST_SPACE = re.compile(r"\.(?<=[a-z]{2}\.)(?=[A-Z][a-z])")


# A caption's credit glued to the caption by a lost line break: "Jo JorgensenImage: …".
_CREDITS = ("Image", "Photo", "Picture", "Credit")
_GLUED_CREDIT = re.compile(rf"(?<=[a-z])(?=(?:{'|'.join(_CREDITS)})s?: )")

# A nickname between a person's given names and surname: 'Matiu "Matt" Ratana', "James
# (Jim) Hedges", 'Edward Lodewijk "Eddie" Van Halen'.
_NICKNAME = re.compile(
    r"\b((?:[A-Z][\w'’-]+ ){1,3})[\"“‘'(]([A-Z][a-z]+)[\"”’')] (?=[A-Z][\w'’-]+)"
)


def _nickname(match: re.Match[str]) -> str:
    """The name as the nickname makes it ("Matt Ratana"): the given names the nickname
    stands for are dropped, so that the rest of the article's "Matt Ratana" is the same
    person, and the name is not cut in two at the quotes. Titles before them stay
    ("Sergeant Matt Ratana"); a place with a word in brackets is no name ("Paris (France)
    Mayor"), nor is a nickname that is a common word ("The")."""
    words = match.group(1).split()
    nickname = match.group(2)
    if nickname.lower() in FUNCTION_WORDS or is_place(nickname):
        return match.group(0)
    titles = 0
    while titles < len(words) and words[titles].lower() in PERSON_TITLES:
        titles += 1
    given = words[titles:]
    if not given or any(is_place(w) or w.lower() in FUNCTION_WORDS for w in given):
        return match.group(0)
    return " ".join((*words[:titles], nickname, ""))


def _paragraphs(title: str, text: str) -> tuple[list[tuple[str, bool]], Dateline | None]:
    """The title and the paragraphs as single lines, and the dateline split off the lead.

    Wire copy is made readable first (see `wire.py`): shouted lines are recased with the
    evidence of the body, and each line of a table becomes a paragraph of its own.
    """
    dateline, text = split_lead_dateline(text.lstrip())
    evidence: Evidence | None = None
    out: list[tuple[str, bool]] = []
    if title.strip():
        title = " ".join(title.split())
        if is_shouting(title):
            evidence = Evidence(text)
            title = recase_shouting(title, evidence, is_place)
        out.append((title, True))
    for block in re.split(r"\n\s*\n", text):
        lines = table_lines(block) or [block]
        for line in lines:
            para = _LOST_SPACE.sub(". ", " ".join(line.split()))
            if any(credit in para for credit in _CREDITS):
                para = _GLUED_CREDIT.sub(". ", para)
            if '"' in para or "(" in para or "“" in para or "'" in para or "‘" in para:
                para = _NICKNAME.sub(_nickname, para)
            if not para or _DATELINE.match(para):
                continue
            if is_shouting(para):
                evidence = evidence or Evidence(text)
                para = recase_shouting(para, evidence, is_place)
            out.append((para, False))
    return out, dateline


def _add_dateline(
    votes: dict[str, Vote], dateline: Dateline | None, trace: Trace | None = None
) -> None:
    """The dateline's places are locations of the story; its agency is cited as a source."""
    if dateline is None:
        return
    places = [(p, 4.0) for p in dateline.places]
    if dateline.region and is_place(dateline.region):
        places.append((dateline.region, 2.0))
    for rank, (name, strength) in enumerate(places):
        vote = votes.setdefault(name, Vote(name, 0))
        vote.first = min(vote.first, rank - len(places))  # before the body, in order
        vote.count += 1
        vote.loc += strength
        vote.sure_loc = True
        vote.single_initial_only = False
        if trace is not None:
            trace.mentions.append(Mention(name, name, LOCATION, "dateline"))
    if dateline.agency:
        vote = votes.setdefault(dateline.agency, Vote(dateline.agency, 0))
        vote.count += 1
        vote.actor += 2.0
        vote.source_uses += 1
        vote.single_initial_only = False
        if trace is not None:
            trace.mentions.append(Mention(dateline.agency, dateline.agency, ACTOR, "dateline"))


# "\b[A-Z]…" written as "[A-Z](?<!\w[A-Z])…": the same words, but a pattern that opens with
# a character class skips to its candidates at C speed (twice as fast over a whole article).
_CAPWORD = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+(?:[- ][A-Z][a-z]+)?\b")


def demonyms_in(title: str, text: str) -> tuple[str, ...]:
    """Demonyms written in the article ("Belarusian"): hints of its countries."""
    forms = demonym_forms()
    found = (w for w in _CAPWORD.findall(title + "\n" + text) if w.lower() in forms)
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class Mention:
    """One cleaned piece of the text and the rule that typed it."""

    text: str
    """The piece as written ("President Putin" cleaned to "Putin")."""
    name: str
    """The name it votes for (after the registry and the case of a dateline)."""
    kind: str | None
    """"actor", "location", or None when the rule dropped it."""
    rule: str
    """The rule of `rules.RULES` that decided (or "registry")."""
    list_rule: str = ""
    """A later list rule that made it a place ("list-of-places"), or ""."""


@dataclass(slots=True)
class Trace:
    """What `analyse` decided and why, collected only for `briefgen extract --explain`."""

    mentions: list[Mention] = field(default_factory=list)
    """Every typed piece, in text order."""
    drops: list[tuple[str, str]] = field(default_factory=list)
    """(text, rule) of every candidate dropped by cleaning, typing or voting."""


_Parsed = list[tuple[list[list[Token]], bool, bool]]


# Scores in a results line ("Leeds 2 Middlesbrough 0"): such a line is no headline.
_SCORE = re.compile(r"(?<![\w.,:/-])\d{1,3}(?![\w.,:%/-])")


def _headline(para: str, in_title: bool) -> bool:
    """A line whose capitals prove nothing: a Headline Case title or line, or ALL CAPS."""
    if in_title and is_headline(para):
        return True
    if para.startswith("(") and para.endswith(")"):
        return False  # "(Reporting by Ann Lee in Paris; Editing by Tom Brown)": a credit
    if len(para) < 100 and para[-1:] not in ".!?\"”'’" and is_headline(para):
        pass
    elif not (para.isupper() and len(para) > 20):
        return False
    # "Leeds 2 Middlesbrough 0 Norwich 1 Stoke 1": a results table, not a headline.
    return in_title or len(_SCORE.findall(para)) < 2


def _read_paragraphs(
    title: str, text: str, common: frozenset[str], cap_mid: set[str], lower: set[str]
) -> tuple[_Parsed, int, Dateline | None]:
    """Tokenize the title and each paragraph; return them, the end of the lead, the dateline."""
    offset = 0
    lead_end = 0
    parsed: _Parsed = []
    paragraphs, dateline = _paragraphs(title, text)
    for para, in_title in paragraphs:
        headline = _headline(para, in_title)
        if headline:
            sentences = tokenize(para, offset, headline, is_place, common)
        else:
            sentences = tokenize(para, offset, headline, is_place, common, cap_mid, lower)
        parsed.append((sentences, headline, in_title))
        offset += len(para) + 2
        if not in_title and lead_end == 0:
            lead_end = offset
    return parsed, lead_end, dateline


def _lower_headline(
    sentences: list[list[Token]], common: frozenset[str], cap_mid: set[str]
) -> None:
    """Headline Case: ordinary words lose their capital unless the body capitalises them too.

    "Putin Meets Lukashenko In Sochi As Protests Continue".
    """
    for sent in sentences:
        for tok in sent:
            low = tok.text.lower()
            if (
                tok.cap
                and not tok.upper
                and is_common(low, common)
                and (low not in cap_mid or low in FUNCTION_WORDS)
            ):
                tok.cap = False


def _all_spans(parsed: _Parsed, common: frozenset[str], cap_mid: set[str]) -> list[Span]:
    spans: list[Span] = []
    sentence_base = 0
    for sentences, headline, in_title in parsed:
        if headline:
            _lower_headline(sentences, common, cap_mid)
        spans.extend(find_spans(sentences, sentence_base, headline, in_title, is_place))
        sentence_base += len(sentences)
    return spans


def _event_names_of(piece: Piece) -> str:
    """The name a storm or an operation gives to what follows: "Tropical Storm Katrina"."""
    if len(piece.words) > 1 and piece.words[0].low in EVENT_LEAD_WORDS:
        rest = piece.words[1:]
        while len(rest) > 1 and rest[0].low in EVENT_LEAD_WORDS:
            rest = rest[1:]
        return join_words(rest)  # "Tropical Storm Katrina" → "Katrina"
    if piece.before in EVENT_LEAD_WORDS and piece.words[0].index > 0:
        lead = piece.span.tokens[piece.words[0].index - 1]
        if lead.cap:  # "Operation" dropped as a quote's first word; not "to storm X"
            return piece.text
    return ""


def _type_one(
    piece: Piece, ev: DocEvidence, common: frozenset[str], registry: EntityRegistry | None
) -> tuple[str, Typing]:
    """The name a piece votes for and its type (the registry may force one)."""
    name = piece.text
    if len(name) > 3 and name.isupper() and name not in PLACE_ACRONYMS and is_place(name):
        name = string.capwords(name.lower())  # a dateline: "MOSCOW (Reuters) -"
    if registry is not None and not registry.empty:
        # Ignored names are dropped at the end, after their aliases joined them.
        forced = registry.forced_type(name)
        name = registry.canonical(name) or name
        if forced is not None:
            return name, Typing(forced, 10.0, 0.0, "registry", "registry")
    return name, type_piece(piece, ev, common)


def _type_mentions(
    spans: list[Span],
    ev: DocEvidence,
    common: frozenset[str],
    registry: EntityRegistry | None,
    trace: Trace | None,
) -> tuple[list[tuple[Piece, str, Typing]], set[str]]:
    """Clean and type every span; return the typed pieces and the names of events."""
    typed: list[tuple[Piece, str, Typing]] = []
    event_names: set[str] = set()
    drops = trace.drops if trace is not None else None
    for span in spans:
        for piece in clean_span(span, ev, common, drops):
            event = _event_names_of(piece)
            if event:
                event_names.add(event)
            name, typing = _type_one(piece, ev, common, registry)
            if typing.rule in ("taxon", "vessel"):
                # "Acropora millepora", then "Acropora" alone; "MV Alan Kurdi", then
                # "the Alan Kurdi".
                event_names.add(name)
                if len(piece.words) > 1 and piece.words[0].low.replace(".", "") in SHIP_PREFIXES:
                    event_names.add(join_words(piece.words[1:]))
            elif typing.rule == "work-or-product":
                # "the character Tasha Yar", then "Tasha": a character's names, not a person.
                event_names.add(name)
                if len(piece.words) in (2, 3) and all(w.cap for w in piece.words):
                    event_names.update((piece.words[0].text, piece.words[-1].text))
            if typing.kind is not None:
                typed.append((piece, name, typing))
                continue
            if drops is not None:
                drops.append((piece.text, typing.rule))
            if len(piece.words) > 1 and law_or_slogan(piece):
                acronym = acronym_beside(piece)
                if acronym:
                    event_names.add(acronym)  # "the Affordable Care Act (ACA)": a law too
    return typed, event_names


def _count_votes(
    typed: list[tuple[Piece, str, Typing]], event_names: set[str], trace: Trace | None
) -> dict[str, Vote]:
    """One vote per distinct name: its mentions, strengths and positions."""
    votes: dict[str, Vote] = {}
    for piece, name, typing in typed:
        if name in event_names:
            if trace is not None:
                trace.drops.append((name, "event-name"))
            continue
        vote = votes.get(name)
        pos = piece.words[0].start
        if vote is None:
            vote = votes[name] = Vote(name, pos)
        vote.count += 1
        vote.positions.append(pos)
        vote.in_title = vote.in_title or piece.span.in_title
        if typing.kind == LOCATION:
            vote.loc += typing.strength
            if typing.reason not in ("weak-gazetteer", "list"):
                vote.sure_loc = True
        else:
            vote.actor += typing.strength
            if is_outlet(name):  # only an outlet's mentions can cite it
                if source_context(piece):
                    vote.source_uses += 1
                else:
                    vote.other_uses += 1
        vote.person += typing.person
        if typing.reason == "results" or not (len(piece.words) == 1 and piece.words[0].initial):
            vote.single_initial_only = False
        vote.possessive = vote.possessive or piece.words[-1].possessive
    return votes


def analyse(
    title: str, text: str, registry: EntityRegistry | None = None, trace: Trace | None = None
) -> tuple[list[Vote], list[Vote]]:
    """Find actors and locations; return their votes, most prominent first.

    With a `trace`, also record the rule behind every mention and every drop.
    """
    common = common_words()
    cap_mid: set[str] = set()
    lower: set[str] = set()
    parsed, lead_end, dateline = _read_paragraphs(title, text, common, cap_mid, lower)
    spans = _all_spans(parsed, common, cap_mid)
    terms = find_terms(sentence for sentences, _, _ in parsed for sentence in sentences)
    ev = DocEvidence(cap_mid, lower, terms)
    typed, event_names = _type_mentions(spans, ev, common, registry, trace)
    if trace is not None:
        rules = [typing.rule for _piece, _name, typing in typed]
    coordinate_lists(typed)
    if trace is not None:
        for (piece, name, typing), rule in zip(typed, rules, strict=True):
            relisted = typing.rule if typing.rule != rule else ""
            trace.mentions.append(Mention(piece.text, name, typing.kind, rule, relisted))
    votes = _count_votes(typed, event_names, trace)
    _add_dateline(votes, dateline, trace)
    drops = trace.drops if trace is not None else None
    return resolve_votes(list(votes.values()), ev, lead_end, drops)


@dataclass(frozen=True, slots=True)
class Explained:
    """One entity found in a document, with the rules that typed its mentions."""

    name: str
    """The canonical name inside the document (before the site-wide registry pass)."""
    kind: str
    """"actor", "source" (an outlet cited as a source) or "location"."""
    rules: tuple[tuple[str, int], ...]
    """Each deciding rule with the number of mentions it decided, most used first."""
    aliases: tuple[str, ...]
    """Other names merged into it ("Putin" into "Vladimir Putin")."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why each entity of one document has its type, and why other candidates went."""

    entities: tuple[Explained, ...]
    """Actors, then locations, most prominent first."""
    dropped: tuple[tuple[str, str], ...]
    """(text, rule) of each dropped candidate, once each, in text order."""


def explain_entities(title: str, text: str, registry: EntityRegistry | None = None) -> Explanation:
    """Run the extractor with a trace and group the rules by entity (for --explain)."""
    trace = Trace()
    actors, locations = analyse(title, text, registry, trace)
    by_name: dict[str, list[Mention]] = {}
    for mention in trace.mentions:
        by_name.setdefault(mention.name, []).append(mention)
    entities: list[Explained] = []
    for kind, votes in (("actor", actors), ("location", locations)):
        for vote in votes:
            entity_kind = "source" if vote.source else kind
            counts: dict[str, int] = {}
            for member in vote.members or (vote.name,):
                for m in by_name.get(member, ()):
                    rule = f"{m.rule} → {m.list_rule}" if m.list_rule else m.rule
                    counts[rule] = counts.get(rule, 0) + 1
            rules = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
            aliases = tuple(m for m in vote.members if m != vote.name)
            entities.append(Explained(vote.name, entity_kind, rules, aliases))
    dropped = tuple(dict.fromkeys(trace.drops))
    return Explanation(tuple(entities), dropped)
