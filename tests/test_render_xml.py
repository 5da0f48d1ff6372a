"""render's XML escaping writes what xml.sax.saxutils writes (it avoids importing it)."""

from __future__ import annotations

from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr as sax_quoteattr

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.render import escape, quoteattr

TRICKY = ["", "plain", "a & b < c > d", '"quoted"', "it's", "both \" and '", "\n\r\t", "&amp;"]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_escapes_as_saxutils_does(text: str) -> None:
    assert escape(text) == sax_escape(text)
    assert quoteattr(text) == sax_quoteattr(text)


@given(st.text(alphabet=st.sampled_from(list("ab &<>\"'\n\r\t;#é"))))
def test_any_text_escapes_as_saxutils_does(text: str) -> None:
    assert escape(text) == sax_escape(text)
    assert quoteattr(text) == sax_quoteattr(text)
