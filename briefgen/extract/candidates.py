"""Find capitalised name candidates in plain text: tokens, sentences, spans.

A candidate is a run of capitalised words, with name particles ("de", "bin", "van der"),
initials ("John F. Kennedy") and organisation connectors ("Bank of England", "Department of
Health and Human Services") inside it. Each word remembers whether its capital may only be
there because of its position (first word of a sentence, of a quote, or of a headline), so
the typing step can ask for more evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from briefgen.extract.lexicon import NAME_PARTICLES, ORG_CONNECTORS

_TOKEN = re.compile(
    r"""
    (?P<low>[a-z]+(?![\w'’]|[-&.][^\W_]))         # a plain lowercase word: most tokens
  | (?P<abbr>(?:[A-Z]\.){2,}(?![A-Za-z]))          # U.S., U.K., D.C.
  | (?P<word>[@#]?[^\W_]\w*(?:[-'’&.][^\W_]\w*)*(?:['’]s\b|(?<=s)['’](?!\w))?)
  | (?P<punct>[^\w\s])
    """,
    re.VERBOSE,
)

# Words that end in "." without ending the sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen sen rep gov lt col sgt capt prof rev fr no vs etc inc ltd co "
    "corp mt ft dept est approx ave blvd rd jan feb mar apr jun jul aug sep sept oct nov dec "
    "u.s a.m p.m e.g i.e v".split()
)
_OPEN_QUOTES = frozenset("“‘\"'«(")
_SENTENCE_END = frozenset(".!?")
_DASHES = frozenset("—–-:;")
_HAS_DIGIT = re.compile(r"\d")
_ARTICLE_PREFIXES = NAME_PARTICLES | {"ad", "as", "an", "ash"}
# One syllable of a romanised Korean or Chinese given name ("Jae-in", "Ing-wen"),
# which no English adjective ending ("-led", "-based", "-style", "-era") matches.
_SYLLABLE = re.compile(r"^[bcdghjkmnprstwy]{0,3}[aeiouy]{1,3}(?:ng|n|m|k|l|p|t)?$")
# Lowercase suffixes of Korean and Japanese place names: district, ward, city, province,
# county, town ("Mapo-gu", "Chiyoda-ku", "Suwon-si", "Chiba-ken"); not "-do" (Taekwon-do).
PLACE_SUFFIXES = frozenset("gu ku si shi dong gun myeon eup ken machi mura".split())
# Plurals whose possessive goes on inside a name: "People's Liberation Army",
# "International Women's Day", "Children's Hospital".
_PLURAL_NOUNS = frozenset("people peoples women men children workers".split())


@dataclass(slots=True)
class Token:
    """One word or punctuation mark of a paragraph."""

    text: str
    """The word without a possessive ending ("Russia" for "Russia's")."""
    start: int
    """Offset of the token in the whole document (orders mentions)."""
    is_word: bool
    """False for punctuation."""
    cap: bool
    """The word starts with a capital letter (or is a handle, or an acronym)."""
    initial: bool
    """The word opens a sentence, a quote or a headline: its capital proves little."""
    possessive: bool
    """The word carried "'s" or a bare final apostrophe."""
    upper: bool
    """All capitals, at least two letters (an acronym)."""
    follows_period: bool = False
    """A "." right after the word (initials, "Jr.")."""
    plural_possessive: bool = False
    """The word ended in "s'" ("Workers' Party"): a name may go on after it."""
    index: int = 0
    """Position of the token in its sentence."""
    low: str = ""
    """The text lowercased, with straight apostrophes (what the word lists hold)."""


@dataclass(slots=True)
class Span:
    """A run of capitalised words that may name one entity."""

    words: list[Token]
    """The words, connectors included."""
    sentence: int
    """Index of the sentence (for context rules)."""
    before: str
    """The token just before the span, lowercased ("" at a sentence start)."""
    before2: str
    """The token two before the span, lowercased."""
    after: str
    """The next token after the span (word or punctuation), as written."""
    after2: str
    """The token after that, as written."""
    headline: bool
    """The span comes from a headline-case or all-caps line."""
    in_title: bool
    """The span comes from the title."""
    tokens: list[Token]
    """The whole sentence, for the context of pieces cut from the span."""

    @property
    def text(self) -> str:
        return join_words(self.words)


def join_words(words: list[Token]) -> str:
    """Rebuild the surface text of a run of tokens (initials keep their period)."""
    parts: list[str] = []
    for index, w in enumerate(words):
        text = w.text
        if w.plural_possessive and index < len(words) - 1:
            text += "'"
        elif w.possessive and index < len(words) - 1:
            text += "'s"  # "People's Liberation Army", "Women's March"
        if w.follows_period and (len(text) == 1 or text.lower() in ("jr", "sr", "st", "mt", "ft")):
            text += "."
        parts.append(text)
    out = " ".join(parts)
    return out.replace(" & ", " & ")


def _is_cap(word: str) -> bool:
    first = word[0]
    if first == "#":
        return False  # a hashtag
    if first == "@":
        return len(word) > 1
    if first.isupper():
        return True
    if first.isdigit():
        return False
    # "d'Estaing", "l'Aquila": an elided article before a capitalised name.
    if len(word) > 3 and word[1] in "'’" and word[0] in "dl" and word[2].isupper():
        return True
    # "al-Qaeda", "el-Sisi": a lowercase Arabic article before a capitalised name.
    head, _, tail = word.partition("-")
    return bool(tail[:1].isupper() and head.lower() in _ARTICLE_PREFIXES)


def _place_before(current: list[Token], head: str, is_place: Callable[[str], bool]) -> bool:
    """The capitalised words before `head` and `head` name a place: "United States"-led."""
    for n in (1, 2):
        words = current[-n:]
        if (
            len(words) == n
            and all(t.is_word and t.cap for t in words)
            and is_place(" ".join([*(t.text for t in words), head]))
        ):
            return True
    return False


def is_headline(text: str) -> bool:
    """A line in Headline Case or ALL CAPS, where capitals are no evidence of names."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    if sum(1 for w in words if w.isupper()) >= 0.8 * len(words):
        return True
    return caps >= 0.8 * len(words)


def tokenize(
    paragraph: str,
    offset: int,
    headline: bool,
    is_place: Callable[[str], bool] | None = None,
    common: frozenset[str] | None = None,
    cap_mid: set[str] | None = None,
    lower: set[str] | None = None,
) -> list[list[Token]]:
    """Split a paragraph into sentences of tokens.

    `cap_mid` collects the words seen capitalised away from a sentence start, `lower` the
    words seen in lowercase (evidence the extractor weighs later).
    """
    sentences: list[list[Token]] = []
    current: list[Token] = []
    at_start = True
    prev_word = ""
    any_upper = False
    # Hot loop (one pass per token of the corpus): `add_lower` is bound once.
    add_lower = lower.add if lower is not None else None
    for m in _TOKEN.finditer(paragraph):
        text = m.group()
        kind = m.lastgroup
        if kind == "low":
            # The common case, a plain lowercase word: no name, no special form. (The
            # pattern matches exactly where the "word" one would give the same text.)
            current.append(
                Token(
                    text,
                    offset + m.start(),
                    True,
                    False,
                    at_start or headline,
                    False,
                    False,
                    False,
                    False,
                    len(current),
                    text,
                )
            )
            if add_lower is not None:
                add_lower(text)
            at_start = False
            prev_word = text
            continue
        if kind == "punct":
            if text == "." and current and current[-1].is_word:
                current[-1].follows_period = True
            tok = Token(
                text,
                offset + m.start(),
                False,
                False,
                False,
                False,
                False,
                False,
                False,
                len(current),
                text,
            )
            end_here = False
            if text in _SENTENCE_END:
                if text == "." and (prev_word.lower() in _ABBREVIATIONS or len(prev_word) == 1):
                    # Initials and abbreviations: keep the sentence going, but a following
                    # word is not at a sentence start either.
                    pass
                else:
                    end_here = True
            current.append(tok)
            if end_here:
                sentences.append(current)
                current = []
                at_start = True
            elif text in _OPEN_QUOTES or text == ":":
                # A quote or a clause after a colon may open with a capital.
                at_start = True
            elif text in ")]" and paragraph[:1] in "([":
                # "((WN)) Why did you…": a speaker's mark opens the paragraph.
                at_start = True
            prev_word = ""
            continue
        if text[0].islower() and "-" not in text and "'" not in text and "’" not in text:
            # The common case, a plain lowercase word: no name, no special form.
            current.append(
                Token(
                    text,
                    offset + m.start(),
                    True,
                    False,
                    at_start or headline,
                    False,
                    False,
                    False,
                    False,
                    len(current),
                    text,
                )
            )
            if lower is not None:
                lower.add(text)
            at_start = False
            prev_word = text
            continue
        possessive = False
        plural_possessive = False
        if text.endswith(("'s", "’s")) and len(text) > 2:
            text, possessive = text[:-2], True
        elif text.endswith(("'", "’")):
            text, possessive = text[:-1], True
            plural_possessive = text.endswith("s")
        if text[:3].lower() == "ex-" and text[3:4].isupper():
            text = text[3:]  # "Ex-Prime Minister": the title after the prefix
        if kind == "abbr":
            cap, upper = True, True
        else:
            cap = _is_cap(text)
            if (
                cap
                and len(text) >= 4
                and text.isupper()
                and common is not None
                and (text.lower() in common)
            ):
                cap = False  # shouting: "ABSTAINS", "ZERO"
            elif cap and _HAS_DIGIT.search(text):
                cap = False  # models, roads and codes: "AR-15", "A496", "B-17s"
            elif cap and paragraph[m.end() : m.end() + 1] == "$":
                cap = False  # a currency: "US$", "A$", "HK$"
            elif not cap and text[:4].lower() in ("pro-", "anti") and "-" in text:
                # "pro-Beijing", "anti-Kremlin": the name after the prefix.
                tail = text.split("-", 1)[1]
                if tail[:1].isupper() and tail.isalpha():
                    text, cap, possessive = tail, True, True
            elif cap and "-" in text:
                head, _, tail = text.rpartition("-")
                if tail.isalpha() and tail.islower() and tail not in ("al", "el"):
                    # "UK-based", "Soviet-style", "President-elect": an adjective, whose
                    # head may still name a place or an organisation ("UK").
                    if is_place is not None and is_place(head):
                        # "UK-based", "United-States-based" → "UK", "United States"
                        text, possessive = head.replace("-", " "), True
                    elif is_place is not None and _place_before(current, head, is_place):
                        text, possessive = head, True  # "United States-led", "New York-based"
                    elif tail in PLACE_SUFFIXES:
                        pass  # "Seongbuk-gu", "Gyeonggi-do", "Chiyoda-ku": a place
                    elif not (
                        current
                        and current[-1].cap
                        and _SYLLABLE.match(head.lower())
                        and _SYLLABLE.match(tail)
                    ):
                        cap = False  # but "Moon Jae-in", "Tsai Ing-wen": a given name
            letters = text.replace(".", "").replace("-", "").replace("&", "")
            upper = cap and len(letters) >= 2 and letters.isupper() and letters.isalpha()
        low = text.lower().replace("’", "'")
        any_upper = any_upper or upper
        current.append(
            Token(
                text,
                offset + m.start(),
                True,
                cap,
                at_start or headline,
                possessive,
                upper,
                False,
                plural_possessive,
                len(current),
                low,
            )
        )
        if cap and not (at_start or headline):
            if cap_mid is not None:
                cap_mid.add(low)
        elif not cap and lower is not None:
            lower.add(low)
        at_start = False
        prev_word = text
    if current:
        sentences.append(current)
    if any_upper:
        for sent in sentences:
            _quiet_shouting(sent, common)
    return sentences


def _quiet_shouting(sent: list[Token], common: frozenset[str] | None) -> None:
    """Three all-caps words in a row are shouting ("THE USA IS GREAT"), not acronyms."""
    run: list[Token] = []
    for tok in [*sent, None]:
        if tok is not None and tok.is_word and tok.upper:
            run.append(tok)
            continue
        if tok is not None and not tok.is_word and tok.text in "'’-":
            continue
        if len(run) >= 3:
            for t in run:
                t.cap = t.upper = False
        run = []


def find_spans(
    sentences: list[list[Token]],
    sentence_base: int,
    headline: bool,
    in_title: bool,
    is_place: Callable[[str], bool] | None = None,
) -> list[Span]:
    """Runs of capitalised words in each sentence, with particles and connectors inside."""
    spans: list[Span] = []
    for s_index, sent in enumerate(sentences):
        n = len(sent)
        i = 0
        while i < n:
            tok = sent[i]
            starts = tok.is_word and tok.cap
            # `low` serves for `text.lower()`: no particle or connector has an apostrophe.
            if not starts and tok.is_word and tok.low in NAME_PARTICLES:
                # "de Blasio": a particle may open a name when a capital follows.
                starts = (
                    i + 1 < n
                    and sent[i + 1].is_word
                    and sent[i + 1].cap
                    and not tok.initial
                    and tok.text.islower()
                    and len(tok.text) > 1
                    and tok.low in ("de", "van", "von", "al", "el", "bin", "da", "di")
                )
            if not starts:
                i += 1
                continue
            words = [tok]
            j = i + 1
            while j < n:
                cur = sent[j]
                last = words[-1]
                if (
                    last.possessive
                    and not (
                        last.plural_possessive
                        and cur.is_word
                        and cur.cap
                        and len(words) > 1
                        and not (is_place is not None and is_place(join_words(words)))
                    )
                    and not (last.low in _PLURAL_NOUNS and cur.is_word and cur.cap)
                ):
                    break  # "Workers' Party" goes on; "United States' Centers" does not
                if cur.is_word and cur.cap:
                    words.append(cur)
                    j += 1
                    continue
                if (
                    not cur.is_word
                    and cur.text == "."
                    and last.follows_period
                    and j + 1 < n
                    and sent[j + 1].is_word
                    and sent[j + 1].cap
                    and (len(last.text) == 1 or last.text.lower() in ("st", "mt", "ft"))
                ):
                    j += 1  # "John F. Kennedy", "St. Louis"
                    continue
                if (
                    cur.is_word
                    and cur.text in ("v", "vs")
                    and j + 2 < n
                    and sent[j + 1].text == "."
                    and sent[j + 2].cap
                ):
                    words.append(cur)
                    j += 2  # "Roe v. Wade"
                    continue
                if not cur.is_word and cur.text == "&" and j + 1 < n and sent[j + 1].cap:
                    words.append(cur)
                    j += 1
                    continue
                low = cur.low if cur.is_word else ""
                if cur.is_word and not cur.cap and (low in NAME_PARTICLES or low in ORG_CONNECTORS):
                    # Look through "of the", "van der", "bin" to the next capital.
                    k = j
                    while (
                        k < n
                        and sent[k].is_word
                        and not sent[k].cap
                        and (
                            sent[k].low in NAME_PARTICLES
                            or sent[k].low in ORG_CONNECTORS
                            or sent[k].low == "the"
                        )
                        and k - j < 3
                    ):
                        k += 1
                    if k < n and k > j and sent[k].is_word and sent[k].cap and not sent[k].upper:
                        words.extend(sent[j:k])
                        j = k
                        continue
                    if k < n and k > j and sent[k].is_word and sent[k].upper and low != "and":
                        words.extend(sent[j:k])
                        j = k
                        continue
                break
            before = sent[i - 1].text.lower() if i > 0 else ""
            before2 = sent[i - 2].text.lower() if i > 1 else ""
            after = sent[j].text if j < n else ""
            after2 = sent[j + 1].text if j + 1 < n else ""
            spans.append(
                Span(
                    words,
                    sentence_base + s_index,
                    before,
                    before2,
                    after,
                    after2,
                    headline,
                    in_title,
                    sent,
                )
            )
            i = j
    return spans
