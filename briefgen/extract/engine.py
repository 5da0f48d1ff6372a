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
    LOCATION,
    DocEvidence,
    Piece,
    Typing,
    acronym_beside,
    country_code,
    is_common,
    is_place,
    law_or_slogan,
)
from briefgen.extract.lexicon import (
    EVENT_LEAD_WORDS,
    FUNCTION_WORDS,
    PLACE_ACRONYMS,
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

__all__ = ["analyse", "country_code", "demonyms_in"]

_DATELINE = re.compile(r"^\s*(?:[A-Z][a-z]+day,\s*)?[A-Z][a-z]+ \d{1,2}, \d{4}\s*$")


def _paragraphs(title: str, text: str) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    if title.strip():
        out.append((title.strip(), True))
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if para and not _DATELINE.match(para):
            out.append((para, False))
    return out


_CAPWORD = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?\b")


def demonyms_in(title: str, text: str) -> tuple[str, ...]:
    """Demonyms written in the article ("Belarusian"): hints of its countries."""
    forms = demonym_forms()
    found = (w for w in _CAPWORD.findall(title + "\n" + text) if w.lower() in forms)
    return tuple(dict.fromkeys(found))


def analyse(
    title: str, text: str, registry: EntityRegistry | None = None
) -> tuple[list[Vote], list[Vote]]:
    """Find actors and locations; return their votes, most prominent first."""
    paragraphs = _paragraphs(title, text)
    common = common_words()
    all_spans: list[Span] = []
    cap_mid: set[str] = set()
    lower: set[str] = set()
    offset = 0
    sentence_base = 0
    lead_end = 0
    parsed: list[tuple[list[list[Token]], bool, bool]] = []
    for para, in_title in paragraphs:
        headline = in_title and is_headline(para)
        if not headline and len(para) < 100 and para[-1:] not in ".!?\"”'’" and is_headline(para):
            headline = True
        if para.isupper() and len(para) > 20:
            headline = True
        if headline:
            sentences = tokenize(para, offset, headline, is_place, common)
        else:
            sentences = tokenize(para, offset, headline, is_place, common, cap_mid, lower)
        parsed.append((sentences, headline, in_title))
        offset += len(para) + 2
        if not in_title and lead_end == 0:
            lead_end = offset
    for sentences, headline, in_title in parsed:
        if headline:
            # Headline Case: ordinary words lose their capital unless the body capitalises
            # them too ("Putin Meets Lukashenko In Sochi As Protests Continue").
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
        all_spans.extend(find_spans(sentences, sentence_base, headline, in_title, is_place))
        sentence_base += len(sentences)
    ev = DocEvidence(cap_mid, lower)
    typed: list[tuple[Piece, str, Typing]] = []
    event_names: set[str] = set()
    for span in all_spans:
        for piece in clean_span(span, ev, common):
            name = piece.text
            if len(piece.words) > 1 and piece.words[0].low in EVENT_LEAD_WORDS:
                rest = piece.words[1:]
                while len(rest) > 1 and rest[0].low in EVENT_LEAD_WORDS:
                    rest = rest[1:]
                event_names.add(join_words(rest))  # "Tropical Storm Katrina" → "Katrina"
            elif piece.before in EVENT_LEAD_WORDS and piece.words[0].index > 0:
                lead = piece.span.tokens[piece.words[0].index - 1]
                if lead.cap:  # "Operation" dropped as a quote's first word; not "to storm X"
                    event_names.add(name)
            if len(name) > 3 and name.isupper() and name not in PLACE_ACRONYMS and is_place(name):
                name = string.capwords(name.lower())  # a dateline: "MOSCOW (Reuters) -"
            forced: str | None = None
            if registry is not None and not registry.empty:
                # Ignored names are dropped at the end, after their aliases joined them.
                forced = registry.forced_type(name)
                name = registry.canonical(name) or name
            if forced is not None:
                typing = Typing(forced, 10.0, 0.0, "registry")
            else:
                typing = type_piece(piece, ev, common)
            if typing.kind is not None:
                typed.append((piece, name, typing))
            elif len(piece.words) > 1 and law_or_slogan(piece):
                acronym = acronym_beside(piece)
                if acronym:
                    event_names.add(acronym)  # "the Affordable Care Act (ACA)": a law too
    coordinate_lists(typed)
    votes: dict[str, Vote] = {}
    for piece, name, typing in typed:
        if name in event_names:
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
        vote.person += typing.person
        if not (len(piece.words) == 1 and piece.words[0].initial):
            vote.single_initial_only = False
        vote.possessive = vote.possessive or piece.words[-1].possessive
    return resolve_votes(list(votes.values()), ev, lead_end)
