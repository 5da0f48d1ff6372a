"""model.Article holds its body as UTF-8 and gives it back as text, equal either way made."""

from __future__ import annotations

import dataclasses
import datetime
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest

from briefgen import cache
from briefgen.model import Article

# A curly quote makes a str store two bytes per character (PEP 393); UTF-8 stays near one.
BODY = "<p>The mayor said \u2019we will rebuild\u2019 in Tromsø.</p>\n" * 40


def article(**changes: Any) -> Article:
    values: dict[str, Any] = dict(
        content_path=Path("/p/content/2021/a.md"),
        key="2021/a.md",
        title="A title",
        date=datetime.date(2021, 4, 6),
        slug="a",
        url_path="2021/04/06/a/",
        url_line=2,
        summary="Lead.",
        terms=(("actors", ("Ann",)),),
        places=(),
        source="",
        draft=False,
        extra={},
    )
    values.update(changes)
    if "body" not in values:
        values.setdefault("body_html", BODY)
    return Article(**values)


def test_the_body_is_held_as_utf8_and_read_as_text() -> None:
    made = article()
    assert made.body == BODY.encode("utf-8")
    assert made.body_html == BODY
    assert sys.getsizeof(made.body) < 0.6 * sys.getsizeof(BODY)


def test_made_from_text_or_from_bytes_it_is_the_same_article() -> None:
    assert article() == article(body=BODY.encode("utf-8"))
    assert article() != article(body_html=BODY + "<p>More.</p>\n")


def test_it_needs_exactly_one_form_of_the_body() -> None:
    with pytest.raises(TypeError):
        article(body_html=None)
    with pytest.raises(TypeError):
        article(body=BODY.encode("utf-8"), body_html=BODY)


def test_replace_pickle_and_the_cache_keep_it() -> None:
    made = article(seed="seeds/a.txt", dateline="Tromsø")
    renamed = dataclasses.replace(made, title="Another title")
    assert (renamed.title, renamed.body_html, renamed.seed) == ("Another title", BODY, made.seed)
    assert pickle.loads(pickle.dumps(made)) == made
    encoded = cache.encode_article(made)
    assert encoded is not None and encoded["body"] == BODY
    assert cache.decode_article(encoded, made.content_path, made.key) == made
