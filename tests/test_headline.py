"""Headline style: past tense to present for the main verb, and the short names headlines use."""

from __future__ import annotations

import pytest

from briefgen.headline import base_form, present_tense, short_names, third_person


@pytest.mark.parametrize(
    ("past", "base"),
    [
        ("collapsed", "collapse"),
        ("stopped", "stop"),
        ("carried", "carry"),
        ("struck", "strike"),
        ("killed", "kill"),
        ("attacked", "attack"),
        ("settled", "settle"),
        ("ruled", "rule"),
        ("traveled", "travel"),
        ("declared", "declare"),
        ("ordered", "order"),
        ("visited", "visit"),
        ("voted", "vote"),
        ("created", "create"),
        ("elected", "elect"),
        ("named", "name"),
        ("claimed", "claim"),
        ("cancelled", "cancel"),
        ("travelled", "travel"),
        ("controlled", "control"),
        ("spelled", "spell"),
        ("installed", "install"),
        ("opened", "open"),
        ("declined", "decline"),
        ("abandoned", "abandon"),
        ("banned", "ban"),
        ("escaped", "escape"),
        ("described", "describe"),
        ("ended", "end"),
        ("decided", "decide"),
        ("charged", "charge"),
        ("required", "require"),
        ("injured", "injure"),
        ("agreed", "agree"),
        ("echoed", "echo"),
        ("caused", "cause"),
        ("passed", "pass"),
        ("danced", "dance"),
        ("seized", "seize"),
        ("argued", "argue"),
        ("died", "die"),
        ("said", "say"),
        ("won", "win"),
        ("taken", "take"),
        ("re-elected", "re-elect"),
        ("re-enabled", "re-enable"),
        ("co-founded", "co-found"),
        ("re-took", "re-take"),
    ],
)
def test_base_form(past: str, base: str) -> None:
    assert base_form(past) == base


@pytest.mark.parametrize(
    "word", ["red", "bed", "Paris", "running", "need", "state-owned", "so-called"]
)
def test_base_form_of_no_past_tense_is_none(word: str) -> None:
    assert base_form(word) is None


@pytest.mark.parametrize(
    ("base", "present"),
    [("say", "says"), ("carry", "carries"), ("push", "pushes"), ("go", "goes"), ("play", "plays")],
)
def test_third_person(base: str, present: str) -> None:
    assert third_person(base) == present


@pytest.mark.parametrize(
    ("title", "present"),
    [
        ("Fire destroyed forty homes", "Fire destroys forty homes"),
        ("Scientists published a study of frogs", "Scientists publish a study of frogs"),
        ("A truck and a bus collided near Lyon", "A truck and a bus collide near Lyon"),
        ("Two officers were found guilty of fraud", "Two officers found guilty of fraud"),
        ("A suspect has been arrested in Oslo", "A suspect arrested in Oslo"),
        ("The mayor has resigned over the scandal", "The mayor resigns over the scandal"),
        ("The minister will visit Kenya", "The minister to visit Kenya"),
        ("A bus operated by a private firm crashed", "A bus operated by a private firm crashes"),
        (
            "A study published in a journal reported gains",
            "A study published in a journal reports gains",
        ),
        ("A bus carrying children overturned", "A bus carrying children overturns"),
        ("Wikinews attended a fair", "Wikinews attends a fair"),
        ("The ferry sank, and all were saved", "The ferry sinks, and all were saved"),
        ("The minister says prices will fall", "The minister says prices will fall"),
        ("The site re-enabled access to the tool", "The site re-enables access to the tool"),
        ("The mayor was re-elected on Sunday", "The mayor re-elected on Sunday"),
        ("A state-owned firm opened a mine", "A state-owned firm opens a mine"),
        ("A Boeing 707 cargo plane crashed", "A Boeing 707 cargo plane crashes"),
        ("The 300 passengers waited", "The 300 passengers wait"),
        ("Boeing 707 cargo plane crashed", "Boeing 707 cargo plane crashes"),
        ("Over 100 people marched", "Over 100 people march"),
        (
            "The weather service issued alerts as the storm approached",
            "The weather service issues alerts as the storm approaches",
        ),
        ("Fans cheered as the players arrived", "Fans cheer as the players arrive"),
        ("Troops withdrew as the truce was agreed", "Troops withdraw as the truce was agreed"),
        ("The mayor spoke as planned", "The mayor speaks as planned"),
        ("Some 300 workers walked out", "Some 300 workers walk out"),
    ],
)
def test_present_tense_changes_only_the_main_verb(title: str, present: str) -> None:
    assert present_tense(title) == present


def test_short_names() -> None:
    assert short_names("Talks between the United States and the United Kingdom") == (
        "Talks between US and UK"
    )
    assert short_names("The United States of America") == "The United States of America"
    assert short_names("European Union and United Nations envoys") == "EU and UN envoys"


@pytest.mark.parametrize(
    ("title", "present"),
    [
        (
            "Well over 100,000 people marched through the capital",
            "Well over 100,000 people march through the capital",
        ),
        (
            "A price cap of 60 dollars a barrel took effect",
            "A price cap of 60 dollars a barrel takes effect",
        ),
        ("The 1973 building collapsed", "The 1973 building collapses"),
        ("Negotiators for the bloc reached a deal", "Negotiators for the bloc reach a deal"),
        (
            "Notre-Dame reopened, five years after the fire",
            "Notre-Dame reopens, five years after the fire",
        ),
        (
            "A cathedral reopened with a ceremony attended by leaders",
            "A cathedral reopens with a ceremony attended by leaders",
        ),
    ],
)
def test_number_of_the_subject(title: str, present: str) -> None:
    assert present_tense(title) == present


def test_a_coordinated_verb_follows_the_main_verb() -> None:
    assert present_tense("The bank raised rates and said it would act") == (
        "The bank raises rates and says it would act"
    )
    assert present_tense("Floods killed 100 people and forced thousands out") == (
        "Floods kill 100 people and force thousands out"
    )
    # Not a verb of the subject: "and" joins two nouns.
    assert present_tense("Police arrested a man and his wife") == "Police arrest a man and his wife"


def test_nouns_joined_by_and_take_a_plural_verb_but_one_persons_titles_do_not() -> None:
    assert present_tense("Pickup truck and group of cyclists collided") == (
        "Pickup truck and group of cyclists collide"
    )
    assert (
        present_tense("Singer and lyricist Ana Reyes died") == "Singer and lyricist Ana Reyes dies"
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # "-ed" words that are no verbs do not end the subject.
        (
            "A few hundred people attended a street party",
            "A few hundred people attend a street party",
        ),
        # Demonyms after a place's first word are plural; a surname in "-ers" is not.
        (
            "New Yorkers turned out to vote in the primary",
            "New Yorkers turn out to vote in the primary",
        ),
        (
            "Former Senator Jim Conyers died in his sleep",
            "Former Senator Jim Conyers dies in his sleep",
        ),
        # "attorneys general" is plural.
        (
            "Attorneys general from nine states filed a lawsuit",
            "Attorneys general from nine states file a lawsuit",
        ),
        # Two named parties joined by "and".
        (
            "Oslo-based retailer Norka and Finland-based retailer Kesto Group announced a merger",
            "Oslo-based retailer Norka and Finland-based retailer Kesto Group announce a merger",
        ),
        (
            "Senator Ana Ruiz and President Tom Vela won their primaries",
            "Senator Ana Ruiz and President Tom Vela win their primaries",
        ),
        (
            "Grocery chains Lidra and Coopa lowered their prices",
            "Grocery chains Lidra and Coopa lower their prices",
        ),
        # One company name with "and" stays singular.
        (
            "Pacific Gas and Electric cut power to homes",
            "Pacific Gas and Electric cuts power to homes",
        ),
        # An intransitive verb or a verb after a name is the main verb, not a participle.
        (
            "Former agent Tom Hale died at a Frederick, Maryland assisted living facility",
            "Former agent Tom Hale dies at a Frederick, Maryland assisted living facility",
        ),
        (
            "President Ana Ruiz called for action to correct what she named a crisis",
            "President Ana Ruiz calls for action to correct what she named a crisis",
        ),
    ],
)
def test_agreement_and_main_verb(title: str, expected: str) -> None:
    assert present_tense(title) == expected


@pytest.mark.parametrize(
    ("title", "present"),
    [
        (
            "Zorba Quill announced she was endorsing Ana Reyes",
            "Zorba Quill announces she is endorsing Ana Reyes",
        ),
        (
            "The Zorbic Police said they had arrested a second man",
            "The Zorbic Police says they have arrested a second man",
        ),
        (
            "Officials announced that the troops would be leaving Zorbland",
            "Officials announce that the troops will be leaving Zorbland",
        ),
        (
            "The ministry declared they were officially ending the search",
            "The ministry declares they are officially ending the search",
        ),
        (
            "The firm acknowledged its chief had wrongly deleted files",
            "The firm acknowledges its chief has wrongly deleted files",
        ),
        # Not a backshift: a past event reported, a conditional perfect, another main verb.
        ("Doctors said Zorba Quill was poisoned", "Doctors say Zorba Quill was poisoned"),
        (
            "Ana Reyes announced a bill that would have banned it",
            "Ana Reyes announces a bill that would have banned it",
        ),
        (
            "The bank raised rates and said it would act",
            "The bank raises rates and says it would act",
        ),
        (
            "Police said the man who was driving had fled",
            "Police say the man who was driving had fled",
        ),
    ],
)
def test_a_reported_clause_leaves_the_past_of_reported_speech(title: str, present: str) -> None:
    assert present_tense(title) == present


def test_a_conditional_would_is_no_backshift() -> None:
    assert present_tense("Union leaders said they would strike if the offer fell") == (
        "Union leaders say they would strike if the offer fell"
    )
