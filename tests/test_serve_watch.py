"""Event filtering, classification and the debounce of `briefgen serve`."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from watchdog.events import (
    DirDeletedEvent,
    DirModifiedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
)

from briefgen.serve.watch import (
    Change,
    ChangeKind,
    Debounce,
    WatchRoots,
    classify_event,
    classify_path,
    is_editor_noise,
    settles,
    start_observer,
    stop_observer,
)

ROOT = Path("/proj")
ROOTS = WatchRoots(
    project_dir=ROOT,
    config_path=ROOT / "briefgen.yaml",
    registry_path=ROOT / "content" / "_entities.yaml",
    seeds_dir=ROOT / "seeds",
    content_dir=ROOT / "content",
    theme_dirs=(ROOT / "themes", Path("/pkg/briefgen/themes")),
)


@pytest.mark.parametrize(
    "name",
    [
        ".a.md.swp",
        "a.md.swp",
        "a.md.swo",
        "a.md~",
        "#a.md#",
        ".#a.md",
        "4913",
        "a.md___jb_tmp___",
        "a.md___jb_old___",
        ".goutputstream-X1Y2",
        "a.md.tmp",
        "a.md.kate-swp",
        ".DS_Store",
    ],
)
def test_editor_noise_is_recognised(name: str) -> None:
    assert is_editor_noise(name)
    assert classify_path(ROOT / "content" / "2020" / name, ROOTS) is None


@pytest.mark.parametrize("name", ["a.md", "news-2020.md", "x#y.md", "notes.txt"])
def test_real_files_are_not_noise(name: str) -> None:
    assert not is_editor_noise(name)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (ROOT / "briefgen.yaml", ChangeKind.CONFIG),
        (ROOT / "content" / "_entities.yaml", ChangeKind.CONFIG),
        (ROOT / "seeds" / "a.txt", ChangeKind.SEED),
        (ROOT / "seeds" / "deep" / "b.txt", ChangeKind.SEED),
        (ROOT / "content" / "2020" / "a.md", ChangeKind.CONTENT),
        (ROOT / "themes" / "mine" / "templates" / "base.html", ChangeKind.TEMPLATE),
        (ROOT / "themes" / "mine" / "theme.yaml", ChangeKind.TEMPLATE),
        (ROOT / "themes" / "mine" / "static" / "style.css", ChangeKind.STATIC),
        (Path("/pkg/briefgen/themes/default/static/css/a.css"), ChangeKind.STATIC),
        (Path("/pkg/briefgen/themes/default/templates/page.html"), ChangeKind.TEMPLATE),
    ],
)
def test_paths_are_sorted_by_kind(path: Path, kind: ChangeKind) -> None:
    change = classify_path(path, ROOTS)
    assert change == Change(path, kind)


@pytest.mark.parametrize(
    "path",
    [
        ROOT / "site" / "index.html",  # our own output
        ROOT / "README.md",
        ROOT / "seeds" / "notes.md",  # not a seed
        ROOT / "content" / "2020" / "image.png",
        ROOT / "content" / ".git" / "index",
        ROOT / ".briefgen" / "ingest.json",
        ROOT / "themes" / "mine" / ".templates.swp",
    ],
)
def test_irrelevant_paths_are_dropped(path: Path) -> None:
    assert classify_path(path, ROOTS) is None


def test_vim_rename_save_reports_the_real_file() -> None:
    """vim renames x.md to x.md~, writes a new x.md, then deletes x.md~."""
    real = ROOT / "content" / "x.md"
    backup = ROOT / "content" / "x.md~"
    events = [
        FileMovedEvent(str(real), str(backup)),
        FileCreatedEvent(str(real)),
        FileModifiedEvent(str(real)),
        FileDeletedEvent(str(backup)),
    ]
    changes = {c for e in events for c in classify_event(e, ROOTS)}
    assert changes == {Change(real, ChangeKind.CONTENT)}


def test_temp_file_renamed_over_the_original_is_a_change() -> None:
    """Many editors (and atomic_write) write a temp file and rename it over the target."""
    real = ROOT / "content" / "x.md"
    event = FileMovedEvent(str(ROOT / "content" / ".x.md.abc123.tmp"), str(real))
    assert classify_event(event, ROOTS) == (Change(real, ChangeKind.CONTENT),)


def test_jetbrains_safe_write() -> None:
    real = ROOT / "content" / "x.md"
    events = [
        FileCreatedEvent(str(real) + "___jb_tmp___"),
        FileMovedEvent(str(real), str(real) + "___jb_old___"),
        FileMovedEvent(str(real) + "___jb_tmp___", str(real)),
        FileDeletedEvent(str(real) + "___jb_old___"),
    ]
    changes = {c for e in events for c in classify_event(e, ROOTS)}
    assert changes == {Change(real, ChangeKind.CONTENT)}


def test_noise_events_are_ignored() -> None:
    real = str(ROOT / "content" / "x.md")
    assert classify_event(FileOpenedEvent(real), ROOTS) == ()
    assert classify_event(FileClosedNoWriteEvent(real), ROOTS) == ()
    assert classify_event(DirModifiedEvent(str(ROOT / "content")), ROOTS) == ()


def test_a_vanished_folder_asks_for_a_rescan() -> None:
    folder = ROOT / "content" / "2020"
    (change,) = classify_event(DirDeletedEvent(str(folder)), ROOTS)
    assert change == Change(folder, ChangeKind.CONTENT, is_dir=True)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def change(name: str) -> Change:
    return Change(ROOT / "content" / name, ChangeKind.CONTENT)


def test_debounce_waits_for_a_quiet_window() -> None:
    clock = FakeClock()
    debounce = Debounce(quiet=0.1, max_wait=1.0, clock=clock)
    assert debounce.take_due() == frozenset()
    debounce.add([change("a.md")])
    clock.now += 0.05
    assert debounce.take_due() == frozenset()  # still inside the window
    debounce.add([change("b.md")])  # restarts the window
    clock.now += 0.08
    assert debounce.take_due() == frozenset()
    clock.now += 0.03
    assert debounce.take_due() == {change("a.md"), change("b.md")}
    assert debounce.take_due() == frozenset()  # handed over once


def test_a_finished_save_shortens_the_window() -> None:
    clock = FakeClock()
    debounce = Debounce(quiet=0.1, settled_quiet=0.03, clock=clock)
    debounce.add([change("a.md")])  # modified: more writes may follow
    clock.now += 0.01
    debounce.add([change("a.md")], settled=True)  # closed after writing
    clock.now += 0.02
    assert debounce.take_due() == frozenset()
    debounce.add([change("b.md")])  # another file starts: the long window again
    clock.now += 0.05
    assert debounce.take_due() == frozenset()
    clock.now += 0.05
    assert debounce.take_due() == {change("a.md"), change("b.md")}
    debounce.add([change("c.md")], settled=True)
    clock.now += 0.03
    assert debounce.take_due() == {change("c.md")}


def test_which_events_end_a_save() -> None:
    real = ROOT / "content" / "x.md"
    temp = ROOT / "content" / ".x.md.tmp"
    backup = ROOT / "content" / "x.md~"

    def check(event: object) -> bool:
        return settles(event, classify_event(event, ROOTS))  # type: ignore[arg-type]

    assert check(FileClosedEvent(str(real)))
    assert check(FileMovedEvent(str(temp), str(real)))  # renamed into place
    assert not check(FileMovedEvent(str(real), str(backup)))  # vim: the new file comes next
    assert not check(FileModifiedEvent(str(real)))
    assert not check(FileCreatedEvent(str(real)))
    assert not check(FileDeletedEvent(str(real)))


def test_debounce_burst_becomes_one_batch() -> None:
    clock = FakeClock()
    debounce = Debounce(quiet=0.1, max_wait=1.0, clock=clock)
    for index in range(50):
        debounce.add([change(f"{index}.md")])
        clock.now += 0.01
    clock.now += 0.1
    batch = debounce.take_due()
    assert len(batch) == 50
    assert debounce.take_due() == frozenset()


def test_debounce_never_starves_under_endless_writes() -> None:
    clock = FakeClock()
    debounce = Debounce(quiet=0.1, max_wait=1.0, clock=clock)
    batches = []
    for index in range(300):  # a write every 50 ms for 15 s: never quiet
        debounce.add([change(f"{index}.md")])
        clock.now += 0.05
        batch = debounce.take_due()
        if batch:
            batches.append(batch)
    assert len(batches) >= 10
    assert sum(len(b) for b in batches) <= 300


def test_debounce_same_path_twice_is_one_change() -> None:
    clock = FakeClock()
    debounce = Debounce(quiet=0.1, clock=clock)
    debounce.add([change("a.md")])
    debounce.add([change("a.md")])
    clock.now += 1
    assert debounce.take_due() == {change("a.md")}


def test_debounce_wait_across_threads() -> None:
    """Changes added before wait() all arrive in one batch; afterwards wait() times out."""
    debounce = Debounce(quiet=0.05)
    adder = threading.Thread(target=lambda: debounce.add([change(f"{i}.md") for i in range(5)]))
    adder.start()
    adder.join()
    assert len(debounce.wait(timeout=5)) == 5
    assert debounce.wait(timeout=0.2) == frozenset()


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "polling"])
def test_observer_sees_a_real_rename_save(tmp_path: Path, poll: bool) -> None:
    """The real watchdog observer: a temp file renamed over a content file arrives."""
    content = tmp_path / "content"
    content.mkdir()
    target = content / "a.md"
    target.write_text("one")
    roots = WatchRoots(
        project_dir=tmp_path,
        config_path=tmp_path / "briefgen.yaml",
        registry_path=content / "_entities.yaml",
        seeds_dir=tmp_path / "seeds",
        content_dir=content,
        theme_dirs=(tmp_path / "themes",),
    )
    debounce = Debounce(quiet=0.05)
    observer = start_observer(roots, debounce, poll=poll)
    try:
        time.sleep(0.6 if poll else 0)  # the polling observer's first snapshot
        temp = content / "a.md.swp"
        temp.write_text("two")
        temp.replace(target)
        (content / "4913").write_text("")
        batch = debounce.wait(timeout=10)
    finally:
        stop_observer(observer)
    assert batch == {Change(target, ChangeKind.CONTENT)}


def test_a_finished_save_goes_to_the_rebuild_within_5_ms() -> None:
    """With the default windows: a closed-after-writing file is handed over after 5 ms,
    files written back to back still make one batch, and a batch records its times."""
    clock = FakeClock()
    debounce = Debounce(clock=clock)
    debounce.add([change("a.md")])  # modified
    clock.now += 0.001
    debounce.add([change("a.md")], settled=True)  # closed after writing
    clock.now += 0.004
    assert debounce.take_due() == frozenset()
    debounce.add([change("b.md")], settled=True)  # a second file right behind it
    clock.now += 0.005
    assert debounce.take_due() == {change("a.md"), change("b.md")}
    times = debounce.last_batch
    assert (times.first, times.last, times.taken) == pytest.approx((100.0, 100.005, 100.01))
