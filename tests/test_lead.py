"""Title, summary and body rules for ingested briefings."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from briefgen.ingest import escape_markdown
from briefgen.lead import MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, derive_summary, derive_title

SEED_LEAD = (
    "Belarus' authoritarian president has visited Russia in a bid to secure more loans and "
    "political support, as demonstrations against the extension of his 26-year rule entered "
    "their sixth week."
)


def test_title_cuts_long_lead_at_clause_boundary() -> None:
    assert derive_title(SEED_LEAD) == "Belarus' authoritarian president visits Russia"


def test_headline_form_drops_glosses_weekdays_and_appositives() -> None:
    lead = (
        "Alexei Navalny, the most prominent opponent of Russian President Vladimir Putin, died "
        "on Friday in an Arctic prison colony, Russian prison authorities said, prompting Western "
        "leaders to accuse the Kremlin (RU) of responsibility."
    )
    assert derive_title(lead) == "Alexei Navalny dies in Arctic prison colony"


def test_thousands_separator_is_not_a_clause_boundary() -> None:
    lead = (
        "A powerful earthquake struck southern Turkey and northern Syria before dawn on Monday, "
        "killing more than 4,000 people, toppling thousands of buildings and sending rescuers "
        "into the rubble."
    )
    # The comma in "4,000" is no boundary: the title is the clause before ", killing".
    assert derive_title(lead) == "Powerful earthquake strikes southern Turkey and northern Syria"
    lead = "Officials said 4,000 homes and 12,500 cars were destroyed by the floods in the region."
    assert "4,000 homes and 12,500 cars" in derive_title(lead)


def test_without_clause_boundary_cut_before_a_phrase() -> None:
    lead = (
        "Election authorities declared President Alexander Lukashenko the winner of the "
        "presidential election with about 80 percent of the vote after a night of clashes."
    )
    assert derive_title(lead) == (
        "Election authorities declare President Alexander Lukashenko winner of presidential "
        "election"
    )


def test_short_first_sentence_is_the_title_without_its_period() -> None:
    lead = "Floods hit Dhaka. Thousands were moved to shelters."
    assert derive_title(lead) == "Floods hit Dhaka"


def test_title_does_not_split_after_abbreviations_or_initials() -> None:
    lead = "Mr. J. Smith met U.S. officials in Geneva. Talks go on."
    assert derive_title(lead) == "Mr. J. Smith meets U.S. officials in Geneva"


@pytest.mark.parametrize(
    "lead",
    [
        "word " * 60,
        "Supercalifragilistic " * 12,
        "A " + "very-long-hyphenated-compound " * 8 + "ends here.",
        SEED_LEAD.replace(",", ""),
    ],
)
def test_title_never_exceeds_limit_or_cuts_mid_word(lead: str) -> None:
    title = derive_title(lead)
    assert 0 < len(title) <= MAX_TITLE_CHARS
    lead_words = {w.strip(",.;").lower() for w in lead.split()}
    words = title.removesuffix("…").split()
    stems = {w[:4] for w in lead_words}  # the main verb may change tense: "visited" → "visits"
    for word in words[1:]:
        word = word.strip(",.;").lower()
        assert word in lead_words or word[:4] in stems, f"{word!r} is cut mid-word"
    assert words[-1].lower() not in {"the", "of", "and", "a", "to"}


def test_summary_keeps_whole_sentences_within_limit() -> None:
    lead = ("This is one sentence that runs on. " * 12).strip()
    summary = derive_summary(lead)
    assert len(summary) <= MAX_SUMMARY_CHARS
    assert summary.endswith("on.")


def test_summary_of_one_long_sentence_ends_on_word_boundary_with_ellipsis() -> None:
    lead = "word " * 100
    summary = derive_summary(lead)
    assert len(summary) <= MAX_SUMMARY_CHARS + 1
    assert summary.endswith("word…")


def test_short_lead_is_the_whole_summary() -> None:
    assert derive_summary(SEED_LEAD) == SEED_LEAD


MD = MarkdownIt("commonmark", {"html": False})


@pytest.mark.parametrize(
    "text",
    [
        "# Not a heading",
        "> not a quote",
        "- not a list",
        "+ not a list",
        "* not a list",
        "1. not a list",
        "2) not a list",
        "Text with <script>alert(1)</script> inside",
        "A [link](http://evil.example) here",
        "An ![image](x.png) here",
        "Stars *like* _these_ and `code`",
        "An entity &amp; and &#169; stay literal",
        "---",
        "Back\\slash and ~~strike~~",
    ],
)
def test_escaped_text_renders_as_the_same_literal_text(text: str) -> None:
    tokens = MD.parse(escape_markdown(text))
    kinds = [t.type for t in tokens]
    assert kinds == ["paragraph_open", "inline", "paragraph_close"], kinds
    inline = tokens[1]
    assert [c.type for c in inline.children or []] == ["text"] * len(inline.children or [])
    assert "".join(c.content for c in inline.children or []) == text
