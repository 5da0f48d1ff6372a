"""The extractor's shortcuts give what the long way gives.

Ingest's speed comes partly from shortcuts in the hot loops: a plain word skips the tests
for forms it cannot have, regexes open with the character they match. Each is checked
here against the long way, on hand-made edge cases and on every paragraph of the Wikinews
corpus (read from ../shared at run time).
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import SHARED_DIR, require

from briefgen.extract import candidates, engine
from briefgen.extract.context import find_terms, is_place
from briefgen.extract.lexicon import common_words

CORPUS = SHARED_DIR / "corpora" / "wikinews" / "articles.jsonl"

EDGE_CASES = [
    "Putin met Lukashenko in Sochi; McCain and O'Rourke did not.",
    "The US$ 5 fee and the A$ rate: Ab$ and Putin$ stay currencies.",
    "In 2020, 116th-placed 6AM and 6am rose 0.6 points; the 1990's and 1-Novak Djokovic.",
    "ZERO DENIED: IT ABSTAINS, said NATO. É Ünal and Ølstad, ǅemal and Ǆ.",
    "Russia's Workers' Party met al-Qaeda, d'Estaing, @Jack and #News in Mapo-gu.",
    "The Ebola virus disease (EVD) and APIs, two PIs and the PI; World Health Organization (WHO).",
    "He said.Then Afghanistan.Trump left U.S. and Amazon.com, ab.Cd and A.Bc.",
    "xBelarusian and Belarusian-led, _Polish and éRussian; New Zealand Mount-Cook.",
]


def _paragraphs() -> list[str]:
    require(CORPUS.is_file(), f"{CORPUS} (../shared/corpora)")
    out = list(EDGE_CASES)
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        out += [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return out


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    return _paragraphs()


def _long_way(sentences: list[list[candidates.Token]], paragraph: str, headline: bool) -> None:
    """Each plain name or number token equals what `_word_token` makes of its text."""
    common = common_words()
    for sent in sentences:
        for tok in sent:
            # The words the shortcuts take: names ("Putin") and numbers ("2020", "0.6").
            if not tok.is_word or not (candidates._plain_name(tok.text) or tok.text[0].isdigit()):
                continue
            end = tok.start + len(tok.text)
            before = sent[: tok.index]
            expected = candidates._word_token(
                tok.text,
                False,
                tok.start,
                tok.initial,
                paragraph[end : end + 1],
                before,
                is_place,
                common,
            )
            if headline or tok.text != expected.text:
                continue  # a headline's capitals are lowered later; "pro-Beijing" is cut
            assert (tok.text, tok.cap, tok.low, tok.upper) == (
                expected.text,
                expected.cap,
                expected.low,
                expected.upper,
            ), f"{tok.text!r} in {paragraph!r}"


def test_plain_words_are_the_tokens_word_token_makes(paragraphs: list[str]) -> None:
    common = common_words()
    for paragraph in paragraphs:
        sentences = candidates.tokenize(paragraph, 0, False, is_place, common, set(), set())
        _long_way(sentences, paragraph, False)


@pytest.mark.parametrize(
    ("word", "plain"),
    [
        ("said", True),
        ("2020", True),
        ("116th", True),
        ("0.6", True),
        ("6AM", False),  # its `low` is not its text
        ("1990's", False),
        ("1-Novak", False),
        ("don't", False),
        ("Putin", False),
    ],
)
def test_plain_lower(word: str, plain: bool) -> None:
    assert candidates._plain_lower(word) is plain


def test_plain_name() -> None:
    assert candidates._plain_name("Putin")
    assert candidates._plain_name("Ünal")
    for word in ("McCain", "NATO", "Russia's", "Jae-in", "A", "ǅemal", "B52"):
        assert not candidates._plain_name(word), word


def test_case_evidence_is_collected_on_the_fast_path() -> None:
    cap_mid: set[str] = set()
    lower: set[str] = set()
    candidates.tokenize(
        "Then Putin met 12 people in Sochi.", 0, False, is_place, None, cap_mid, lower
    )
    assert cap_mid == {"putin", "sochi"}  # "Then" opens the sentence
    assert lower == {"met", "12", "people", "in"}


def test_currency_sign_after_a_name_word_is_no_name() -> None:
    sentences = candidates.tokenize("The Ab$ rate rose.", 0, False, is_place, None)
    ab = next(t for t in sentences[0] if t.text == "Ab")
    assert not ab.cap


def test_lost_space_pattern_matches_its_plain_form(paragraphs: list[str]) -> None:
    plain = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")
    for paragraph in paragraphs:
        assert engine._LOST_SPACE.sub(". ", paragraph) == plain.sub(". ", paragraph)
    assert engine._LOST_SPACE.sub(". ", "in Afghanistan.Trump said") == "in Afghanistan. Trump said"


def test_capword_pattern_matches_its_plain_form(paragraphs: list[str]) -> None:
    plain = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?\b")
    for paragraph in paragraphs:
        assert engine._CAPWORD.findall(paragraph) == plain.findall(paragraph)
    assert engine.demonyms_in("", "xBelarusian and Belarusian troops") == ("Belarusian",)


def test_terms_found_in_one_pass() -> None:
    text = "The Ebola virus disease (EVD) spread; two PIs and the World Health Organization (WHO)."
    sentences = candidates.tokenize(text, 0, False, is_place, common_words())
    assert find_terms(sentences) == frozenset({"EVD", "PIs", "PI"})
