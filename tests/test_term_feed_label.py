"""A term's later pages name its feed by the term, not by the page ("Iran", never
"Iran (page 2)"): the feed holds the whole term, whatever page links to it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from briefgen.cli import cli

FIXTURE = Path(__file__).parent / "fixtures" / "site" / "project"


def test_a_terms_second_page_names_its_feed_by_the_term(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    config = root / "briefgen.yaml"
    config.write_text(
        re.sub(r"(?m)^page_size:.*\n", "", config.read_text(encoding="utf-8")) + "page_size: 1\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "build"], obj={})
    assert result.exit_code == 0, result.output
    second_pages = sorted((root / "site").glob("*/*/page/2/index.html"))
    assert second_pages, "the fixture has a term of two briefings or more"
    for page in second_pages:
        html = page.read_text(encoding="utf-8")
        first = (page.parent.parent.parent / "index.html").read_text(encoding="utf-8")
        name = re.search(r"<h1>(.*?)</h1>", first).group(1)  # type: ignore[union-attr]
        assert f">Atom feed for {name}</a>" in html, page
        assert f'title="Test Briefings: {name}" href=' in html, page
        assert "(page 2)</a>" not in html
