"""A lead paragraph that is only a date stamp or a wire dateline still gives a headline.

Scraped pages put the date on a line of its own above the story ("Tuesday, March 5, 2019"),
and some wires do the same with the dateline ("KABUL, Afghanistan —"). Taken alone as the
lead, such a line gave an empty title and summary, and `briefgen build` then refused every
such briefing. A seed whose text gives no headline at all is now a bad seed, named with its
line, instead of a content file the build refuses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from briefgen.lead import derive_summary, derive_title, lead_paragraph

STORY = (
    "Flood water closed the main bridge in Riverton on Monday, and the town council "
    "opened two schools as shelters."
)
MORE = "The river rose two metres overnight, the regional water board said."


def test_a_date_stamp_alone_is_joined_to_the_story() -> None:
    lead = lead_paragraph(["Tuesday, March 5, 2019", STORY, MORE])
    assert lead == f"Tuesday, March 5, 2019 {STORY}"
    assert derive_title(lead) == derive_title(STORY) != ""
    assert derive_summary(lead) == derive_summary(STORY) != ""


def test_a_wire_dateline_alone_is_joined_to_the_story() -> None:
    lead = lead_paragraph(["LONDON (Reuters) -", STORY, MORE])
    assert lead == f"LONDON (Reuters) - {STORY}"
    assert derive_title(lead) == derive_title(STORY)


def test_legend_and_list_lines_before_the_story_are_passed_over() -> None:
    legend = ["\u2588\u2588 Northern League - 40 seats", "\u2588\u2588 Southern Union - 12 seats"]
    assert lead_paragraph(["Tuesday, March 5, 2019", *legend, STORY]) == (
        f"Tuesday, March 5, 2019 {STORY}"
    )
    assert lead_paragraph(["\u2022 Bridge closed", "- Schools open", STORY, MORE]) == STORY
    assert lead_paragraph(["\u2022 Only a list"]) == "\u2022 Only a list"


def test_an_ordinary_lead_is_the_first_paragraph() -> None:
    assert lead_paragraph([STORY, MORE]) == STORY
    dated = f"LONDON (Reuters) - {STORY}"
    assert lead_paragraph([dated, MORE]) == dated
    assert lead_paragraph(["Tuesday, March 5, 2019"]) == "Tuesday, March 5, 2019"
    assert lead_paragraph([]) == ""


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "-C", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        timeout=300,
    )


def test_cli_ingests_a_date_stamped_seed_that_then_builds(tmp_path: Path) -> None:
    (tmp_path / "briefgen.yaml").write_text("title: Floods\n", encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "flood.txt").write_text(
        f"date 2019-03-05 Tuesday, March 5, 2019\n\n{STORY}\n\n{MORE}\n", encoding="utf-8"
    )
    (seeds / "bare.txt").write_text("date 2019-03-06\n\nWednesday, March 6, 2019\n")
    result = _run(tmp_path, "ingest")
    assert result.returncode != 0
    assert "seeds/bare.txt:3: the first paragraph gives no headline" in result.stderr
    assert "title:" in result.stderr  # says what to do
    files = sorted((tmp_path / "content").rglob("*.md"))
    assert len(files) == 1, files
    front = yaml.safe_load(files[0].read_text(encoding="utf-8").split("---\n")[1])
    assert front["title"] == derive_title(STORY)
    assert front["summary"].startswith("Flood water closed the main bridge in Riverton")
    (seeds / "bare.txt").unlink()
    built = _run(tmp_path, "build")
    assert built.returncode == 0, built.stderr


def test_a_prepositional_aside_before_the_verb_is_not_the_headline() -> None:
    """The aside's participle ("delivered") was taken for the verb: "Mayor, in statement
    delivers via press office". An aside after the verb belongs to the predicate and stays."""
    assert derive_title(
        "The mayor of Riverton, in a statement delivered via the press office, announced "
        "that the bridge would reopen on Friday."
    ).startswith("Mayor of Riverton announces")
    assert derive_title(
        "Police, in a joint operation with the army, arrested twelve people in Riverton."
    ) == ("Police arrest twelve people in Riverton")
    kept = derive_title(
        "Flood water closed the bridge in Riverton, with the river rising two metres, "
        "reported officials."
    )
    assert kept == "Flood water closes bridge in Riverton"
