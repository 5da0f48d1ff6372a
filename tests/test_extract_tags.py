"""Topic tags: keyword hits against a threshold; the lexicon is configurable."""

from __future__ import annotations

from pathlib import Path

from briefgen.config import ExtractionConfig
from briefgen.extract import extract_entities
from briefgen.extract.tags import lexicon, stem, tag_topics

TEXT = (
    "Thousands of protesters marched through the capital. Police used tear gas on the "
    "demonstrators, and the protest went on into the night. A judge later spoke."
)


def settings(**kwargs) -> ExtractionConfig:
    return ExtractionConfig(registry_path=Path("content/_entities.yaml"), **kwargs)


def test_stems_match_word_forms() -> None:
    assert stem("protesters") == stem("protest") == stem("protesting")
    assert stem("elections") == stem("election")


def test_threshold_decides() -> None:
    assert tag_topics("", TEXT, threshold=2)[0] == "protests"
    assert "courts" not in tag_topics("", TEXT, threshold=2)  # one "judge" is not a topic
    assert tag_topics("", "A judge spoke.", threshold=1) == ("courts",)
    assert tag_topics("", TEXT, threshold=20) == ()


def test_minor_topics_must_reach_a_third_of_the_main_one() -> None:
    # One "judge" beside four protest hits is a passing mention, even at threshold 1.
    assert "courts" not in tag_topics("", TEXT, threshold=1)
    assert "courts" in tag_topics("", TEXT + " The judge and the court met.", threshold=1)


def test_title_hits_count_double() -> None:
    assert "courts" in tag_topics("Judge rules on march", TEXT, threshold=3)


def test_one_keyword_counts_at_most_three_times() -> None:
    text = "court " * 10
    assert tag_topics("", text, threshold=3) == ("courts",)
    assert tag_topics("", text, threshold=4) == ()


def test_settings_extend_or_replace_the_lexicon() -> None:
    extra = (("protests", ("march",)), ("transport", ("tube", "bus")))
    extended = extract_entities(
        "",
        TEXT + " The bus and the tube stopped.",
        settings=settings(topics=extra, tag_threshold=2),
    )
    assert "protests" in extended.tags
    assert "transport" in extended.tags
    replaced = extract_entities(
        "",
        TEXT + " The bus and the tube stopped.",
        settings=settings(topics=extra, replace_topics=True),
    )
    # Only the user's topics count now: one "marched" is below the threshold.
    assert replaced.tags == ("transport",)
    assert dict(lexicon(extra, replace=True)).keys() == {"protests", "transport"}


def test_caps_on_list_length() -> None:
    text = "Alpha Corp, Beta Corp and Gamma Corp met in Paris, Lyon and Nice."
    found = extract_entities("", text, settings=settings(max_actors=2, max_locations=1))
    assert len(found.actors) == 2
    assert found.locations == ("Paris",)
    assert [p.name for p in found.places] == ["Paris"]
