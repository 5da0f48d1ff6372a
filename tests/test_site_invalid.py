"""Each invalid fixture project fails the build with its `path:line: …` message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.build import build_site
from briefgen.config import load_config
from briefgen.errors import BriefgenError, ErrorList

CASES_DIR = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.txt").is_file())


def _messages(exc: BriefgenError, root: Path) -> list[str]:
    errors = exc.errors if isinstance(exc, ErrorList) else [exc]
    return [str(e).replace(f"{root}/", "") for e in errors]


@pytest.mark.parametrize("case", CASES)
def test_invalid_project_reports_path_and_line(case: str, tmp_path: Path) -> None:
    root = tmp_path / case
    shutil.copytree(CASES_DIR / case, root)
    expected = (root / "expected.txt").read_text(encoding="utf-8").splitlines()
    config = load_config(root)
    with pytest.raises(BriefgenError) as info:
        build_site(config)
    messages = _messages(info.value, root.resolve())
    for line in expected:
        assert any(m.startswith(line) for m in messages), (line, messages)
    assert not (root / "site").exists(), "a failed first build must not create site/"


def test_all_content_errors_are_reported_at_once(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for case in ("bad_yaml", "missing_date", "wrong_type"):
        shutil.copytree(CASES_DIR / case / "content", root / "content", dirs_exist_ok=True)
    with pytest.raises(ErrorList) as info:
        build_site(load_config(root))
    messages = _messages(info.value, root.resolve())
    assert [m.split(":")[0] for m in messages] == [
        "content/2020/broken.md",
        "content/2020/no-date.md",
        "content/2020/wrong.md",
        "content/2020/wrong.md",
    ]
