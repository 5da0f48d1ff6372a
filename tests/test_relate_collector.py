"""relate_site holds Python's cycle collector while it works (for speed): it must hand
the collector back as it found it, whether it returns or raises."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from test_relate import art, newest_first

import briefgen.relate
from briefgen.model import Article
from briefgen.relate import relate_site


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _site() -> tuple[Article, ...]:
    return newest_first(
        art("a", "2020-08-14", ("Svetlana Tikhanovskaya",), ("Minsk",)),
        art("b", "2020-08-15", ("Svetlana Tikhanovskaya",), ("Minsk",)),
        art("c", "2020-08-16", ("Someone Else",), ("Minsk",)),
    )


def test_the_collector_is_held_while_relating_and_on_again_after(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real = briefgen.relate._relate_all

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(briefgen.relate, "_relate_all", spy)
    relations = relate_site(_site(), ())
    assert seen == [False]
    assert gc.isenabled()
    assert [a.slug for a in relations.related["b.md"]] == ["a", "c"]


def test_the_collector_is_on_again_when_relating_fails(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(briefgen.relate, "_relate_all", broken)
    with pytest.raises(RuntimeError, match="boom"):
        relate_site(_site(), ())
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off(collector_on: None) -> None:
    gc.disable()
    relate_site(_site(), ())
    assert not gc.isenabled()
    gc.enable()
