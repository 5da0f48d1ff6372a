"""Find capitalised name candidates in plain text: tokens, sentences, spans.

A candidate is a run of capitalised words, with name particles ("de", "bin", "van der"),
initials ("John F. Kennedy") and organisation connectors ("Bank of England", "Department of
Health and Human Services") inside it. Each word remembers whether its capital may only be
there because of its position (first word of a sentence, of a quote, or of a headline), so
the typing step can ask for more evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from briefgen.extract import gazetteer as gz
from briefgen.extract.lexicon import NAME_PARTICLES, ORG_CONNECTORS

_TOKEN_PATTERN = r"""
    (?P<low>[a-z]+(?![\w'’]|[-&.][^\W_]))         # a plain lowercase word: most tokens
  | (?P<abbr>(?:[A-Z]\.){2,}(?![A-Za-z]))          # U.S., U.K., D.C.
  | (?P<word>[@#]?[^\W_]\w*(?:(?:[-'’&.]EN_DASH)[^\W_]\w*)*(?:['’]s\b|(?<=s)['’](?!\w))?)
  | (?P<punct>[^\w\s])
"""
# An en dash between letters joins the words of one name: "African Export–Import Bank".
_TOKEN = re.compile(_TOKEN_PATTERN.replace("EN_DASH", r"|(?<=[^\W\d_])–(?=[^\W\d_])"), re.VERBOSE)
# The same tokens with the en dash always apart: "Mysuru–Bengaluru" is two places (_tokens).
_TOKEN_DASH_APART = re.compile(_TOKEN_PATTERN.replace("EN_DASH", ""), re.VERBOSE)

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
# A seeding or a list number glued to a name in results tables: "1-Novak", "12-Serena".
_SEED = re.compile(r"^\d{1,2}-(?=[A-Z][a-z])")
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


# Short words that keep the period written after them: "Jr.", "St. Louis".
_PERIOD_WORDS = ("jr", "sr", "st", "mt", "ft")


def join_words(words: list[Token]) -> str:
    """Rebuild the surface text of a run of tokens (initials keep their period)."""
    if len(words) == 1:
        # Most pieces are one word: no possessive goes inside, and no space to mend.
        w = words[0]
        if w.follows_period and (len(w.text) == 1 or w.text.lower() in _PERIOD_WORDS):
            return w.text + "."
        return w.text
    parts: list[str] = []
    for index, w in enumerate(words):
        text = w.text
        if w.plural_possessive and index < len(words) - 1:
            text += "'"
        elif w.possessive and index < len(words) - 1:
            text += "'s"  # "People's Liberation Army", "Women's March"
        if w.follows_period and (len(text) == 1 or text.lower() in _PERIOD_WORDS):
            text += "."
        parts.append(text)
    out = " ".join(parts)
    return out.replace(" , ", ", ")


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


def _split_possessive(text: str) -> tuple[str, bool, bool]:
    """ "Russia's" → "Russia"; "Workers'" → "Workers" (a plural possessive)."""
    if text.endswith(("'s", "’s")) and len(text) > 2:
        return text[:-2], True, False
    if text.endswith(("'", "’")):
        return text[:-1], True, text[:-1].endswith("s")
    return text, False, False


def _hyphen_cap(
    text: str, current: list[Token], is_place: Callable[[str], bool] | None
) -> tuple[str, bool, bool]:
    """A capitalised word with a lowercase tail: "UK-based", "Soviet-style", "Jae-in".

    Returns the text, whether it is still capitalised and whether it now acts as a
    possessive (a place before "-based" or "-led").
    """
    head, _, tail = text.rpartition("-")
    if not (tail.isalpha() and tail.islower() and tail not in ("al", "el")):
        return text, True, False
    # An adjective, whose head may still name a place or an organisation ("UK").
    if is_place is not None and is_place(head):
        return head.replace("-", " "), True, True  # "UK-based", "United-States-based"
    if is_place is not None and _place_before(current, head, is_place):
        return head, True, True  # "United States-led", "New York-based"
    if tail in PLACE_SUFFIXES:
        return text, True, False  # "Seongbuk-gu", "Gyeonggi-do", "Chiyoda-ku": a place
    given_name = (
        bool(current)
        and current[-1].cap
        and bool(_SYLLABLE.match(head.lower()))
        and bool(_SYLLABLE.match(tail))
    )
    return text, given_name, False  # "Moon Jae-in", "Tsai Ing-wen": a given name


# Endings of English inflections, with what replaces them to find the dictionary word.
_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""))
# Endings that only words take, never acronyms or surnames ("DENIED", "RULING",
# "DISMISSES"; but "JONES", "DAVIES", "UNAIDS" are names).
_WORD_ENDINGS = ("ed", "ing", "sses")


# Subjects and negations after which a word in capitals is a verb: "it ABSTAINS", "not
# GUILTY". Not "which" or "will": "which NASA Administrator", "will NATO respond".
_VERB_BEFORE = frozenset("i you he she it we they not never".split())


def _shouted(text: str, common: frozenset[str], current: list[Token]) -> bool:
    """An ordinary English word in capitals ("ZERO", "ABSTAINS", "DISMISSES", "DENIED")."""
    low = text.lower()
    if low in common:
        return True
    if current and current[-1].low in _VERB_BEFORE and not current[-1].upper:
        return True  # "the Court ... ABSTAINS", "it DISMISSES": a verb, not an acronym
    if len(low) < 5 or not low.isalpha():
        return False  # "AIDS", "SARS": acronyms that look like plurals
    if len(low) >= 6 and low.endswith(_WORD_ENDINGS):
        return True
    return any(
        low.endswith(end) and low[: -len(end)] + stem in common for end, stem in _INFLECTIONS
    )


def _word_cap(
    text: str,
    next_char: str,
    current: list[Token],
    is_place: Callable[[str], bool] | None,
    common: frozenset[str] | None,
) -> tuple[str, bool, bool]:
    """Whether a word counts as capitalised; returns (text, cap, acts as possessive)."""
    cap = _is_cap(text)
    if (
        cap
        and len(text) >= 4
        and text.isupper()
        and common is not None
        and _shouted(text, common, current)
        and (is_place is None or not is_place(text.title()))
    ):
        return text, False, False  # shouting: "ABSTAINS", "ZERO" (but "BEIJING" is a place)
    if not cap and _SEED.match(text):
        text = _SEED.sub("", text)  # "1-Novak Djokovic", "9-Hubert Hurkacz": a seeding
        cap = _is_cap(text)
    if cap and _HAS_DIGIT.search(text):
        return text, False, False  # models, roads and codes: "AR-15", "A496", "B-17s"
    if cap and next_char == "$":
        return text, False, False  # a currency: "US$", "A$", "HK$"
    if not cap and text[:4].lower() in ("pro-", "anti") and "-" in text:
        # "pro-Beijing", "anti-Kremlin": the name after the prefix.
        tail = text.split("-", 1)[1]
        if tail[:1].isupper() and tail.isalpha():
            return tail, True, True
        return text, False, False
    if cap and "-" in text:
        return _hyphen_cap(text, current, is_place)
    return text, cap, False


def _word_token(
    raw: str,
    abbr: bool,
    start: int,
    initial: bool,
    next_char: str,
    current: list[Token],
    is_place: Callable[[str], bool] | None,
    common: frozenset[str] | None,
) -> Token:
    """A token for a word that is not plain lowercase: a name, an acronym, a handle."""
    text, possessive, plural_possessive = _split_possessive(raw)
    if text[:3].lower() == "ex-" and text[3:4].isupper():
        text = text[3:]  # "Ex-Prime Minister": the title after the prefix
    if abbr:
        cap = upper = True
    else:
        text, cap, acts_possessive = _word_cap(text, next_char, current, is_place, common)
        possessive = possessive or acts_possessive
        letters = text.replace(".", "").replace("-", "").replace("&", "")
        upper = cap and len(letters) >= 2 and letters.isupper() and letters.isalpha()
    low = text.lower().replace("’", "'")
    return Token(
        text,
        start,
        True,
        cap,
        initial,
        possessive,
        upper,
        False,
        plural_possessive,
        len(current),
        low,
    )


def _plain_lower(text: str) -> bool:
    """A word `_word_token` would make into a plain lowercase token, its text as its `low`:
    "said", and also "2020", "116th", "0.6" (a digit first is never a capital)."""
    first = text[0]
    return (
        (first.islower() or (first.isdigit() and text.lower() == text))
        and "-" not in text
        and "'" not in text
        and "’" not in text
    )


def _note_case(tok: Token, initial: bool, cap_mid: set[str] | None, lower: set[str] | None) -> None:
    """Remember a word seen capitalised mid-sentence, or seen lowercase."""
    if tok.cap:
        if not initial and cap_mid is not None:
            cap_mid.add(tok.low)
    elif lower is not None:
        lower.add(tok.low)


def _opens_clause(text: str, paragraph: str) -> bool:
    """A quote, a colon or a speaker's mark may be followed by a capital."""
    # "((WN)) Why did you…": a speaker's mark opens the paragraph.
    return text in _OPEN_QUOTES or text == ":" or (text in ")]" and paragraph[:1] in "([")


def _ends_sentence(text: str, prev_word: str) -> bool:
    """A full stop, unless after initials and abbreviations (which keep the sentence)."""
    if text not in _SENTENCE_END:
        return False
    return not (text == "." and (prev_word.lower() in _ABBREVIATIONS or len(prev_word) == 1))


def _tokens(paragraph: str, is_place: Callable[[str], bool] | None) -> Iterator[re.Match[str]]:
    """The token matches of a paragraph; places joined by an en dash stay apart."""
    if "–" not in paragraph or is_place is None:
        # The common case, the regex's own iterator (no generator step per token).
        return _TOKEN.finditer(paragraph)
    return _tokens_dash(paragraph, is_place)


def _tokens_dash(paragraph: str, is_place: Callable[[str], bool]) -> Iterator[re.Match[str]]:
    """`_tokens` for a paragraph with an en dash: "Mysuru–Bengaluru" is two places."""
    for m in _TOKEN.finditer(paragraph):
        text = m.group()
        if m.lastgroup == "word" and "–" in text and _place_pair(text, is_place):
            yield from _TOKEN_DASH_APART.finditer(paragraph, m.start(), m.end())
        else:
            yield m


def _place_pair(text: str, is_place: Callable[[str], bool]) -> bool:
    """ "Mysuru–Bengaluru", "Russia–Ukraine('s)": every part is a known place, one of them a
    big one, and the whole is no place ("Guinea–Bissau")."""
    text, _, _ = _split_possessive(text)
    parts = text.split("–")
    if is_place(text.replace("–", "-")) or not all(gz.lookup(part) for part in parts):
        return False
    return any(is_place(part) for part in parts)


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
    # Hot loop (one pass per token of the corpus): the adds are bound once (to a set
    # thrown away when the caller wants none).
    add_lower = (lower if lower is not None else set()).add
    add_cap_mid = (cap_mid if cap_mid is not None else set()).add
    # "US$": a capital before "$" is a currency, which only `_word_token` tells.
    names_fast = "$" not in paragraph
    for m in _tokens(paragraph, is_place):
        text = m[0]
        kind = m.lastgroup
        if kind == "low" or (kind != "punct" and _plain_lower(text)):
            # The common case, a plain lowercase word: no name, no special form. (The
            # "low" pattern matches exactly where the "word" one would give the same text.)
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
            add_lower(text)
            at_start = False
            prev_word = text
            continue
        if kind == "punct":
            if text == "." and current and current[-1].is_word:
                current[-1].follows_period = True
            current.append(
                Token(
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
            )
            if _ends_sentence(text, prev_word):
                sentences.append(current)
                current = []
                at_start = True
            elif _opens_clause(text, paragraph):
                at_start = True
            prev_word = ""
            continue
        if kind == "word" and names_fast and _plain_name(text):
            # The common name word, "Putin": what `_word_token` makes of it, without its
            # tests for forms this word cannot have (possessive, hyphen, digit, acronym,
            # shouting, a currency sign after it).
            low = text.lower()
            current.append(
                Token(
                    text,
                    offset + m.start(),
                    True,
                    True,
                    at_start or headline,
                    False,
                    False,
                    False,
                    False,
                    len(current),
                    low,
                )
            )
            if not (at_start or headline):
                add_cap_mid(low)
            at_start = False
            prev_word = text
            continue
        tok = _word_token(  # a name, an acronym, a handle
            text,
            kind == "abbr",
            offset + m.start(),
            at_start or headline,
            paragraph[m.end() : m.end() + 1],
            current,
            is_place,
            common,
        )
        current.append(tok)
        any_upper = any_upper or tok.upper
        _note_case(tok, at_start or headline, cap_mid, lower)
        at_start = False
        prev_word = tok.text
    if current:
        sentences.append(current)
    if any_upper:
        _mend_capitals(sentences, common, is_place)
    return sentences


def _plain_name(text: str) -> bool:
    """A capital, then lowercase letters only: "Putin" (no "McCain", "Russia's", "Jae-in")."""
    return text[0].isupper() and text[1:].islower() and text.isalpha()


def _mend_capitals(
    sentences: list[list[Token]],
    common: frozenset[str] | None,
    is_place: Callable[[str], bool] | None,
) -> None:
    """Words in capitals: shouting is no acronym, a place in capitals keeps its words."""
    for sent in sentences:
        _quiet_shouting(sent, common)
        if is_place is not None:
            _caps_places(sent, is_place)


def _caps_places(sent: list[Token], is_place: Callable[[str], bool]) -> None:
    """A place in capitals keeps its common words: "PORT MORESBY", "SALT LAKE CITY"."""
    for i, tok in enumerate(sent):
        if tok.cap or not tok.is_word or not tok.text.isupper() or len(tok.text) < 2:
            continue
        run = [tok]
        for nxt in sent[i + 1 : i + 4]:
            if not (nxt.is_word and nxt.text.isupper()):
                break
            run.append(nxt)
            if is_place(" ".join(t.text.title() for t in run)):
                for t in run:
                    t.cap = t.upper = True
                break


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


# Particles that may open a name when a capital follows: "de Blasio", "al-Assad".
_SPAN_PARTICLES = frozenset(("de", "van", "von", "al", "el", "bin", "da", "di"))


def _opens_span(sent: list[Token], i: int) -> bool:
    """A capitalised word, or a particle right before one ("de Blasio")."""
    tok = sent[i]
    if tok.is_word and tok.cap:
        return True
    # `low` serves for `text.lower()`: no particle or connector has an apostrophe.
    return (
        tok.is_word
        and tok.low in _SPAN_PARTICLES
        and i + 1 < len(sent)
        and sent[i + 1].is_word
        and sent[i + 1].cap
        and not tok.initial
        and tok.text.islower()
    )


# Buildings and grounds named after their owner or patron with a possessive: "Fishmongers'
# Hall", "Grauman's Egyptian Theatre", "St Paul's Cathedral", "Guy's Hospital".
_OWNED_PLACE_HEADS = frozenset(
    """
    hall halls theatre theater cathedral church chapel abbey basilica hospital palace inn
    tavern college
    """.split()
)
_SAINTS = frozenset(("st", "st.", "saint", "ste", "sainte"))


def _owned_place(
    words: list[Token], sent: list[Token], j: int, is_place: Callable[[str], bool] | None
) -> bool:
    """The possessive before `j` names the owner or patron of a building that follows:
    "Fishmongers' Hall", "Grauman's Egyptian Theatre", "St Paul's Cathedral"; not "Moscow's
    Red Square" (a place owns nothing in a name), nor "Trump's Rose Garden" (grounds and
    squares are named without an owner), nor a building more than three words on."""
    if len(words) > 2 or words[0].upper:
        return False
    k = j
    while k < len(sent) and k - j < 3 and sent[k].is_word and sent[k].cap:
        if sent[k].possessive or sent[k].low not in _OWNED_PLACE_HEADS:
            k += 1
            continue
        if k + 1 < len(sent) and sent[k + 1].is_word and sent[k + 1].cap:
            return False  # "St Paul's Cathedral School": too far to tell
        saint = words[0].low in _SAINTS
        return saint or is_place is None or not is_place(join_words(words))
    return False


def _possessive_stop(
    words: list[Token], sent: list[Token], j: int, is_place: Callable[[str], bool] | None
) -> bool:
    """A possessive ends the name: "United States' Centers", but not "Workers' Party"."""
    last = words[-1]
    if not last.possessive:
        return False
    cur = sent[j]
    name_follows = cur.is_word and cur.cap
    if cur.low == "the":
        return True  # "Richard Dawkins' The Selfish Gene": a title follows
    if last.low in _PLURAL_NOUNS and name_follows:
        return False  # "People's Liberation Army"
    if name_follows and _owned_place(words, sent, j, is_place):
        return False
    return not (
        last.plural_possessive
        and name_follows
        and len(words) > 1
        and not (is_place is not None and is_place(join_words(words)))
    )


def _connector_end(sent: list[Token], j: int) -> int:
    """The end of a run of up to three particles or connectors at `j` ("of the", "van der")."""
    k = j
    while (
        k < len(sent)
        and k - j < 3
        and sent[k].is_word
        and not sent[k].cap
        and (sent[k].low in NAME_PARTICLES or sent[k].low in ORG_CONNECTORS or sent[k].low == "the")
    ):
        k += 1
    return k


def _next_in_span(sent: list[Token], j: int, words: list[Token]) -> int:
    """Where the span goes on after `sent[j]`, which is no capitalised word; -1 to stop.

    Appends to `words` whatever of the skipped tokens belongs to the name.
    """
    n = len(sent)
    cur = sent[j]
    if not cur.is_word:
        return _through_punctuation(sent, j, words)
    if cur.text in ("v", "vs") and j + 2 < n and sent[j + 1].text == "." and sent[j + 2].cap:
        words.append(cur)
        return j + 2  # "Roe v. Wade"
    if cur.low not in NAME_PARTICLES and cur.low not in ORG_CONNECTORS:
        return -1
    # Look through "of the", "van der", "bin" to the next capital.
    k = _connector_end(sent, j)
    name_next = k < n and k > j and sent[k].is_word and sent[k].cap
    if name_next and (not sent[k].upper or cur.low != "and"):
        words.extend(sent[j:k])
        return k
    return -1


def _big_place(name: str) -> bool:
    found = gz.lookup(name)
    return bool(found) and found[0].strong


def _through_punctuation(sent: list[Token], j: int, words: list[Token]) -> int:
    """Where the span goes on after the punctuation `sent[j]`; -1 to stop."""
    n = len(sent)
    cur = sent[j]
    last = words[-1]
    nxt_cap = j + 1 < n and sent[j + 1].is_word and sent[j + 1].cap
    short = len(last.text) == 1 or last.text.lower() in ("st", "mt", "ft")
    if cur.text == "." and last.follows_period and nxt_cap and short:
        return j + 1  # "John F. Kennedy", "St. Louis"
    if cur.text == "&" and nxt_cap:
        words.append(cur)
        return j + 1
    # An editor's insertion in a quote: "Jerry [O'Connell]"; not "Saint Louis University [SLU]".
    inserted = j + 2 < n and sent[j + 2].text == "]" and not (sent[j + 1].upper or last.upper)
    if cur.text == "[" and nxt_cap and inserted and last.cap:
        words.append(sent[j + 1])
        return j + 3
    return _through_comma(sent, j, words) if cur.text == "," else -1


def _through_comma(sent: list[Token], j: int, words: list[Token]) -> int:
    """Where a name goes on across the comma at `j`, or -1: only when the bracketed acronym
    after it spells the whole ("United Nations Educational, Scientific and Cultural
    Organization (UNESCO)") does a comma not end a name."""
    n = len(sent)
    campus = _campus_after(sent, j, words)
    if campus > 0:
        return campus
    k = j + 1
    while k < n and k - j < 12 and sent[k].text != "(":
        tok = sent[k]
        if not (tok.cap or tok.text == "," or tok.low in ORG_CONNECTORS or tok.low == "the"):
            return -1
        k += 1
    if not (k + 2 < n and sent[k + 2].text == ")" and k - 1 > j + 1 and sent[k - 1].cap):
        return -1
    letters = sent[k + 1].text
    tail = [t for t in sent[j + 1 : k] if t.is_word and t.cap]
    if not (letters.isalpha() and letters.isupper() and len(letters) > len(tail)):
        return -1
    if any(_big_place(t.text) for t in tail):
        return -1  # "the Ministry of Defence, Russia and Ukraine": a list, places apart
    initials = "".join(t.text[0] for t in [*words, *tail] if t.is_word and t.cap)
    if not initials.endswith(letters):  # "Officials at the Institute of …" spells the end
        return -1
    words.extend(sent[j:k])  # "Institute of Epidemiology, Disease Control and Research"
    return k


def is_campus_place(name: str) -> bool:
    """A town or city that may name a university's campus (no country or region)."""
    found = gz.lookup(name)
    return bool(found) and found[0].kind not in ("country", "region")


def _campus_after(sent: list[Token], j: int, words: list[Token]) -> int:
    """ "University of California, Los Angeles": a campus's place after the comma is part of
    the university's name; where the name ends, or -1."""
    if len(words) < 3:
        return -1
    lows = [w.low for w in words]
    if "university" not in lows:
        return -1
    u = next((i for i in range(len(lows) - 2) if lows[i : i + 2] == ["university", "of"]), -1)
    if u < 0 or not all(w.is_word and w.cap for w in words[u + 2 :]):
        return -1  # "Ann Lee of the University of Ohio, Athens" still reads the campus
    k = j + 1
    while k < len(sent) and k - j <= 3 and sent[k].is_word and sent[k].cap:
        k += 1
    if k == j + 1 or not is_campus_place(" ".join(t.text for t in sent[j + 1 : k])):
        return -1
    words.extend(sent[j:k])
    return k


def _span_words(
    sent: list[Token], i: int, is_place: Callable[[str], bool] | None
) -> tuple[list[Token], int]:
    """The words of the span that opens at `i`, and where it ends."""
    words = [sent[i]]
    j = i + 1
    while j < len(sent):
        cur = sent[j]
        if _possessive_stop(words, sent, j, is_place):
            break
        if cur.is_word and cur.cap:
            words.append(cur)
            j += 1
            continue
        nxt = _next_in_span(sent, j, words)
        if nxt < 0:
            break
        j = nxt
    return words, j


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
            if not tok.cap and (tok.low not in _SPAN_PARTICLES or not _opens_span(sent, i)):
                i += 1
                continue
            words, j = _span_words(sent, i, is_place)
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
