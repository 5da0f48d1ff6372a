"""News topics: IPTC Media Topics from weighted keyword evidence; the topics are configurable.

The example texts are written for these tests (no corpus text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.config import ExtractionConfig, load_config
from briefgen.errors import ConfigError
from briefgen.extract import extract_entities
from briefgen.extract.tags import (
    DEFAULT_TOPICS,
    IPTC_TOPICS,
    choose_topics,
    configured_topics,
    find_topic,
    score_topics,
    stem,
    tag_topics,
    topic_set,
)

IMPEACHMENT = (
    "The House of Representatives voted on Wednesday to impeach the president for abuse of "
    "power and obstruction of Congress.\n\n"
    "The articles of impeachment now go to the Senate, where a trial is expected in January. "
    "Democrats said the vote was a duty; Republicans called the process a sham."
)
HONOUR_KILLING = (
    "A young woman was strangled by her brother in an honour killing in a village in the "
    "province, police said on Saturday.\n\n"
    "The brother was arrested and charged with murder. He told officers he had killed his "
    "sister because she had shamed the family by posting videos online.\n\n"
    "Rights groups say hundreds of women die in such killings every year."
)
MATCH = (
    "Harbourside beat Millbrook 3-1 in the league on Saturday to move top of the table.\n\n"
    "The striker scored twice before half-time, and the home side's goalkeeper saved a "
    "penalty. The coach praised the players after the match."
)
QUAKE = (
    "A magnitude 6.4 earthquake struck the coastal region early on Monday, killing at least "
    "twelve people and injuring dozens, emergency services said.\n\n"
    "Rescuers searched collapsed buildings through the night. The president said the "
    "government would send aid."
)


def settings(**kwargs) -> ExtractionConfig:
    return ExtractionConfig(registry_path=Path("content/_entities.yaml"), **kwargs)


def test_seventeen_iptc_top_level_topics_with_codes() -> None:
    assert len(IPTC_TOPICS) == 17
    codes = [t.code for t in IPTC_TOPICS]
    assert codes == [f"medtop:{n:02d}000000" for n in range(1, 18)]
    assert len({t.slug for t in IPTC_TOPICS}) == 17
    assert find_topic("politics") == find_topic("medtop:11000000")
    assert find_topic("medtop:02000000").slug == "crime-law"  # type: ignore[union-attr]
    assert find_topic("courts") is None


def test_stems_match_word_forms() -> None:
    assert stem("protesters") == stem("protest") == stem("protesting")
    assert stem("elections") == stem("election")
    # A striker is not on strike: the stems differ.
    assert stem("strikes") == stem("strike") != stem("striker")
    assert stem("countries") == stem("country")


def test_impeachment_vote_is_politics_not_law() -> None:
    # The old lexicon said "courts" ("trial") and had no politics at all.
    assert tag_topics("", IMPEACHMENT)[0] == "politics"
    assert "crime-law" not in tag_topics("", IMPEACHMENT)


def test_honour_killing_is_crime_and_society_not_technology() -> None:
    tags = tag_topics("", HONOUR_KILLING)
    assert tags[:2] == ("crime-law", "society")
    assert "science-technology" not in tags


def test_sport_and_disaster() -> None:
    assert tag_topics("", MATCH) == ("sport",)
    assert tag_topics("", QUAKE)[0] == "disaster-accident"
    assert "politics" not in tag_topics("", QUAKE)  # the president is a passing mention


def test_the_longest_phrase_wins_and_blocks_its_words() -> None:
    # "tennis court" is sport; the word "court" alone is law.
    assert "crime-law" not in score_topics("", "She trained on a tennis court every day.")
    assert "crime-law" in score_topics("", "She appeared in court on Monday.")
    # "Easter Island" says nothing about religion.
    assert score_topics("", "Statues on Easter Island were studied.").get("religion") is None
    assert "religion" in score_topics("", "Pilgrims gathered for Easter at the cathedral.")


def test_supporting_words_alone_choose_nothing() -> None:
    # "killed", "dead", "team", "won": weight 1, they only support decisive evidence.
    text = "Two men were killed and one was found dead. The team won."
    assert score_topics("", text) == {}
    assert tag_topics("", text, threshold=0) == ()


def test_the_lead_counts_more_than_later_paragraphs() -> None:
    lead_first = "The striker scored in the final minute of the cup final.\n\n" + "x. " * 10
    later = "Nothing happened here at all today, people said on Monday.\n\n" + (
        "\n\n".join(["Filler words for a paragraph here."] * 5)
        + "\n\nThe striker scored in the final minute of the cup final."
    )
    assert score_topics("", lead_first)["sport"] > score_topics("", later)["sport"]


def test_repeats_count_with_diminishing_weight() -> None:
    once = score_topics(
        "", "Intro words for the first paragraph of this text here.\n\nThe vaccine."
    )
    many = score_topics(
        "", "Intro words for the first paragraph of this text here.\n\n" + "The vaccine. " * 9
    )
    assert many["health"] == pytest.approx(once["health"] * 1.75)


def test_threshold_relative_floor_and_cap() -> None:
    assert tag_topics("", QUAKE, threshold=1000) == ()
    # At most three topics, strongest first, each within reach of the strongest.
    mixed = (
        "Police arrested a footballer after a school fire; the election campaign, the vaccine "
        "rollout and the earthquake relief effort were all delayed, officials said."
    )
    chosen = choose_topics("", mixed, threshold=0)
    assert 1 <= len(chosen) <= 3
    scores = score_topics("", mixed)
    values = [scores[t.slug] for t in chosen]
    assert values == sorted(values, reverse=True)
    assert min(values) >= 0.45 * max(scores.values())


def test_output_is_deterministic() -> None:
    assert tag_topics("", HONOUR_KILLING) == tag_topics("", HONOUR_KILLING)


def test_extraction_carries_slugs_and_codes() -> None:
    found = extract_entities("", IMPEACHMENT, settings=settings())
    assert found.tags[0] == "politics"
    assert found.topics[0] == "medtop:11000000"
    assert len(found.topics) == len(found.tags)


def test_settings_extend_a_builtin_topic_or_define_a_new_one() -> None:
    text = "The tube and the bus stopped for a day.\n\nCommuters walked to work in the rain."
    plain = extract_entities("", text, settings=settings())
    assert "transport" not in plain.tags
    extra = (("transport", ("tube", "bus", "commuters")),)
    extended = extract_entities("", text, settings=settings(topics=extra))
    assert extended.tags[0] == "transport"
    assert "medtop" not in " ".join(extended.topics[:1])  # a user topic has no code
    # Keywords added to a built-in topic by its code count for that topic.
    by_code = extract_entities(
        "", text, settings=settings(topics=(("medtop:10000000", ("commuters", "tube")),))
    )
    assert "lifestyle-leisure" in by_code.tags
    assert "medtop:10000000" in by_code.topics


def test_replace_topics_uses_only_the_users_topics() -> None:
    extra = (("transport", ("tube", "bus")),)
    replaced = extract_entities(
        "", QUAKE + " The bus and the tube.", settings=settings(topics=extra, replace_topics=True)
    )
    assert replaced.tags == ("transport",)
    assert replaced.topics == ()
    assert [t.slug for t in topic_set(extra, replace=True).topics] == ["transport"]


def write_config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "briefgen.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_config_topics_by_slug_and_code(tmp_path: Path) -> None:
    root = write_config(
        tmp_path,
        "extraction:\n  tag_threshold: 6\n  topics:\n    politics: [hustings]\n"
        "    medtop:15000000: [bonspiel]\n    public-transport: [tram]\n",
    )
    extraction = load_config(root).extraction
    assert extraction.tag_threshold == 6
    assert dict(extraction.topics) == {
        "politics": ("hustings",),
        "medtop:15000000": ("bonspiel",),
        "public-transport": ("tram",),
    }


def test_config_old_tag_names_migrate_with_an_error_naming_the_new_topic(tmp_path: Path) -> None:
    root = write_config(tmp_path, "title: x\nextraction:\n  topics:\n    courts: [tribunal]\n")
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    message = str(caught.value)
    assert "briefgen.yaml:4" in message
    assert "'crime-law'" in message and "replace_topics" in message
    # With replace_topics the old names are the user's own topics, and allowed.
    write_config(
        tmp_path, "extraction:\n  replace_topics: true\n  topics:\n    courts: [tribunal]\n"
    )
    assert dict(load_config(tmp_path).extraction.topics) == {"courts": ("tribunal",)}


def test_config_rejects_a_topic_name_that_is_no_slug(tmp_path: Path) -> None:
    root = write_config(tmp_path, "extraction:\n  topics:\n    Public Transport: [tram]\n")
    with pytest.raises(ConfigError, match=r"briefgen.yaml:3.*lowercase slug"):
        load_config(root)


def test_caps_on_list_length() -> None:
    text = "Alpha Corp, Beta Corp and Gamma Corp met in Paris, Lyon and Nice."
    found = extract_entities("", text, settings=settings(max_actors=2, max_locations=1))
    assert len(found.actors) == 2
    assert found.locations == ("Paris",)
    assert [p.name for p in found.places] == ["Paris"]


OBITUARY = (
    "Marguerite Olsen, the former governor of the province, died on Sunday at the age of "
    "88, her family said.\n\n"
    "Olsen, who had been treated in hospital for cancer and pneumonia since March, led the "
    "provincial government for two terms and won three elections.\n\n"
    "The current governor and members of parliament paid tribute to her."
)


def test_an_obituary_is_human_interest_with_the_persons_field_not_health() -> None:
    tags = tag_topics("", OBITUARY)
    assert set(tags) == {"human-interest", "politics"}
    # The same death in a disaster is a disaster, not an obituary.
    crash = "A bus crashed on the highway on Sunday and two passengers died, police said.\n\n"
    assert tag_topics("", crash + "The driver was injured in the crash.")[0] == (
        "disaster-accident"
    )
    assert "human-interest" not in tag_topics("", crash)


def test_builtin_topics_score_the_same_as_an_equal_topic_set() -> None:
    """The built-in table is compiled once and reused; a topic set equal to it but built
    anew goes through the general path, and both must score every article alike, keyword
    phrases of one, two and three words included (and blocked phrases kept out)."""
    fresh = topic_set()
    assert fresh == DEFAULT_TOPICS and fresh is not DEFAULT_TOPICS
    for title, text in (
        ("House votes to impeach the president", IMPEACHMENT),
        ("Woman killed by brother", HONOUR_KILLING),
        ("Harbourside top the table", MATCH),
        ("", "The state of the union. In the state election, the United States voted."),
    ):
        assert score_topics(title, text) == score_topics(title, text, fresh)
        assert score_topics(title, text) == score_topics(title, text, DEFAULT_TOPICS)
        assert score_topics(title, text)  # some evidence, so the comparison says something


def test_configured_topics_are_made_once_and_default_to_the_builtin_set() -> None:
    """Ingest asks for the project's topics once per article: without settings that is the
    built-in set itself (its compiled table is reused), and a custom set is made once."""
    assert configured_topics() is DEFAULT_TOPICS
    assert configured_topics((), False) is DEFAULT_TOPICS
    extra = (("politics", ("filibuster",)), ("beekeeping", ("hive", "apiary")))
    assert configured_topics(extra) == topic_set(extra)
    assert configured_topics(extra) is configured_topics(extra)
    assert configured_topics((), True) == topic_set((), True)
    assert configured_topics(extra, True) == topic_set(extra, True) != configured_topics(extra)
