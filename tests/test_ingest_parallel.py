"""Ingest on all cores and on a Dask cluster: the same files, whatever runs the extraction."""

from __future__ import annotations

import datetime
import json
import os
import pickle
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED_DIR, require

import briefgen.ingest
from briefgen import parallel
from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.errors import BriefgenError
from briefgen.extract.registry import make_registry
from briefgen.ingest import extract_seeds, ingest_seeds
from briefgen.parallel import Workers, chunked, map_chunks, parse_workers
from briefgen.seeds import read_seed

CORPUS = SHARED_DIR / "corpora" / "wikinews" / "articles.jsonl"
SEEDS = 40  # more than parallel.MIN_PARALLEL, so that --jobs 2 really starts a pool
STAMP = re.compile(r"^\w+day, \w+ \d{1,2}, \d{4}\s*$")


def _corpus_rows() -> list[dict[str, str]]:
    require(CORPUS.is_file(), f"{CORPUS} (../shared/corpora)")
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:SEEDS]]


def make_project(root: Path) -> Path:
    """A project with SEEDS real-text seeds (read from ../shared at run time)."""
    (root / "briefgen.yaml").write_text("title: Parallel\n", encoding="utf-8")
    start = datetime.date(2020, 1, 1)
    for index, row in enumerate(_corpus_rows()):
        paragraphs = [" ".join(p.split()) for p in row["text"].split("\n\n") if p.strip()]
        paragraphs = [p for p in paragraphs if not STAMP.match(p)]
        day = start + datetime.timedelta(days=index % 7)
        text = f"date {day.isoformat()} {paragraphs[0]}\n\n" + "\n\n".join(paragraphs[1:])
        path = root / "seeds" / f"s{index:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    return root


def written(root: Path) -> dict[str, bytes]:
    """Every content file and the ingest record, by path."""
    files = [*sorted((root / "content").rglob("*.md")), root / ".briefgen" / "ingest.json"]
    return {str(path.relative_to(root)): path.read_bytes() for path in files}


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "-q", "-C", str(root), "ingest", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


# -- the executor, alone -----------------------------------------------------------------


def _squares(chunk: Sequence[int]) -> list[tuple[int, int]]:
    return [(n, os.getpid()) for n in chunk]


def test_parse_workers() -> None:
    assert parse_workers(1, None) == Workers(jobs=1)
    assert parse_workers(3, "local") == Workers(jobs=3)
    assert parse_workers(None, None).jobs == parallel.default_jobs() >= 1
    assert parse_workers(1, "dask://10.0.0.5:8786") == Workers(
        jobs=1, dask_address="tcp://10.0.0.5:8786"
    )
    assert parse_workers(None, "dask://h:1").jobs == parallel.default_jobs()
    with pytest.raises(BriefgenError, match=r"dask://HOST:PORT \(e\.g\."):
        parse_workers(None, "dask://nowhere")
    with pytest.raises(BriefgenError, match="unknown executor"):
        parse_workers(None, "ray://x:1")
    with pytest.raises(BriefgenError, match="needs 1 or more"):
        parse_workers(0, None)


def test_chunks_cover_the_items_in_order() -> None:
    items = list(range(1000))
    for workers in (1, 2, 7):
        chunks = chunked(items, workers)
        assert [n for chunk in chunks for n in chunk] == items
        assert max(len(c) for c in chunks) <= parallel.MAX_CHUNK
    assert chunked([1, 2, 3], 2) == [[1], [2], [3]]


def test_pool_keeps_the_order_and_small_batches_stay_here() -> None:
    items = list(range(200))
    pooled = map_chunks(_squares, items, Workers(jobs=2))
    assert [n for n, _ in pooled] == items
    assert {pid for _, pid in pooled} != {os.getpid()}, "--jobs 2 ran no worker process"
    small = map_chunks(_squares, items[: parallel.MIN_PARALLEL - 1], Workers(jobs=2))
    assert {pid for _, pid in small} == {os.getpid()}
    alone = map_chunks(_squares, items, Workers(jobs=1))
    assert {pid for _, pid in alone} == {os.getpid()}


def test_registry_survives_pickling() -> None:
    registry = make_registry(
        aliases={"UN": "United Nations"},
        merges={"World Health Organization": ["WHO"]},
        renames={"Burma": "Myanmar"},
        ignore=["Reuters"],
        types={"Amazon": "actor"},
    )
    again = pickle.loads(pickle.dumps(registry))
    assert again == registry
    assert again.canonical("the UN") == "United Nations"
    assert again.canonical("Reuters") is None
    assert again.forced_type("Amazon") == "actor"


def test_ingest_called_without_workers_stays_in_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`briefgen serve` (and any library caller) re-ingests in its own process: no pool."""

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("ingest started a process pool without being asked to")

    monkeypatch.setattr(parallel, "_local_pool", no_pool)
    report = ingest_seeds(load_config(make_project(tmp_path)))
    assert len(report.written) == SEEDS


# -- ingest: the same bytes with one process, two, or a Dask cluster ---------------------


@pytest.fixture(scope="module")
def one_job(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = make_project(tmp_path_factory.mktemp("jobs1"))
    result = run_cli(root, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    files = written(root)
    assert len(files) == SEEDS + 1
    return files


def test_two_jobs_write_the_same_bytes_as_one(tmp_path: Path, one_job: dict[str, bytes]) -> None:
    root = make_project(tmp_path)
    result = run_cli(root, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert written(root) == one_job


def test_build_takes_jobs(tmp_path: Path, one_job: dict[str, bytes]) -> None:
    root = make_project(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "-q", "-C", str(root), "build", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert written(root) == one_job
    assert (root / "site" / "index.html").is_file()


# -- errors in a worker look as they do in this process
# (before the Dask tests: a pool is never forked while the cluster's threads run)


class Boom(RuntimeError):
    """An unexpected failure inside the extractor."""


def _failing_on(name: str, source: str):  # type: ignore[no-untyped-def]
    real = getattr(briefgen.ingest, name)

    def fail(seed, *args, **kwargs):  # type: ignore[no-untyped-def]
        if seed.source == source:
            raise Boom("the extractor broke")
        return real(seed, *args, **kwargs)

    return fail


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(
    ("step", "function"), [("extracting", "extract_seed"), ("rendering", "render_seed")]
)
def test_worker_error_names_the_seed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, jobs: int, step: str, function: str
) -> None:
    root = make_project(tmp_path)
    # Forked workers inherit the patched function; seed 30 lands in a worker's chunk.
    monkeypatch.setattr(briefgen.ingest, function, _failing_on(function, "seeds/s030.txt"))
    with pytest.raises(Boom, match="the extractor broke") as caught:
        ingest_seeds(load_config(root), workers=Workers(jobs=jobs))
    assert f"while {step} seeds/s030.txt" in getattr(caught.value, "__notes__", [])
    # The failure comes before the first batch of files is flushed (WRITE_BATCH seeds).
    assert not (root / "content").exists(), "nothing is written when a seed fails"


# -- a Dask cluster ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A small Dask cluster in this process (threads), reachable over TCP by a subprocess."""
    try:
        import distributed
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(
                "dask[distributed] is missing: install the test extra (pip install -e '.[test]')"
            )
        pytest.skip("dask[distributed] is not installed (it is in the test extra)")
    with (
        distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=2,
            processes=False,
            protocol="tcp://",
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(1, timeout=30)
        yield str(cluster.scheduler_address)


def _extraction_tasks(address: str) -> int:
    """How many extraction tasks the Dask scheduler at ADDRESS has seen."""
    import distributed

    def count(dask_scheduler: object) -> int:
        prefixes = dask_scheduler.task_prefixes  # type: ignore[attr-defined]
        return sum(
            sum(prefix.state_counts.values())
            for name, prefix in prefixes.items()
            if "extract_chunk" in name
        )

    with distributed.Client(address, set_as_default=False) as client:
        return int(client.run_on_scheduler(count))


def test_dask_writes_the_same_bytes(
    tmp_path: Path, one_job: dict[str, bytes], dask_scheduler: str
) -> None:
    root = make_project(tmp_path)
    before = _extraction_tasks(dask_scheduler)
    address = dask_scheduler.removeprefix("tcp://")
    result = run_cli(root, "--executor", f"dask://{address}")
    assert result.returncode == 0, result.stderr
    assert written(root) == one_job
    assert _extraction_tasks(dask_scheduler) > before, "no extraction ran on the cluster"


def test_dask_extractions_equal_local_ones(tmp_path: Path, dask_scheduler: str) -> None:
    root = make_project(tmp_path)
    config = load_config(root)
    registry = make_registry(aliases={"UN": "United Nations"}, ignore=["Reuters"])
    seeds = [(read_seed(path, root), None) for path in sorted((root / "seeds").glob("*.txt"))]
    here = extract_seeds(seeds, config, registry, Workers(jobs=1))
    assert extract_seeds(seeds, config, registry, Workers(dask_address=dask_scheduler)) == here


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = make_project(tmp_path)
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    result = CliRunner().invoke(
        cli, ["-C", str(root), "ingest", "--executor", "dask://127.0.0.1:8786"]
    )
    assert result.exit_code == 1, result.output
    assert "pip install 'briefgen[dask]'" in result.output
    assert not (root / "content").exists()


def test_unreachable_scheduler_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = make_project(tmp_path)
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setattr(parallel, "DASK_CONNECT_TIMEOUT", 2)
    result = CliRunner().invoke(
        cli, ["-C", str(root), "ingest", "--executor", f"dask://127.0.0.1:{port}"]
    )
    assert result.exit_code == 1, result.output
    assert f"dask://127.0.0.1:{port}: no Dask scheduler answered" in result.output


# -- rendering and writing overlap -------------------------------------------------------


def _wait_for_marker(marker: Path, chunk: Sequence[int]) -> list[int]:
    """Items of the last chunk wait until the caller has seen the first results."""
    if parallel.MIN_PARALLEL * 2 - 1 in chunk:
        for _ in range(600):
            if marker.exists():
                break
            time.sleep(0.05)
        else:
            raise TimeoutError("the caller never saw the first results")
    return [n * 10 for n in chunk]


def test_imap_gives_the_first_results_before_the_last_chunk_is_done(tmp_path: Path) -> None:
    marker = tmp_path / "seen"
    items = list(range(parallel.MIN_PARALLEL * 2))
    out: list[int] = []
    with parallel.shared_pool(marker, 2) as pool:
        for n in pool.imap(_wait_for_marker, items):
            out.append(n)
            marker.touch()  # only now may the last chunk finish: no deadlock if results stream
    assert out == [n * 10 for n in items]


def test_render_failure_leaves_a_project_the_next_run_completes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, one_job: dict[str, bytes]
) -> None:
    """Seeds are written while later ones render: a failure stops the run part-way, with
    every file written so far recorded, and the next run writes the bytes of a clean run."""
    root = make_project(tmp_path)
    monkeypatch.setattr(briefgen.ingest, "WRITE_BATCH", 4)  # flush early and often
    failing = _failing_on("render_seed", "seeds/s030.txt")
    monkeypatch.setattr(briefgen.ingest, "render_seed", failing)
    with pytest.raises(Boom):
        ingest_seeds(load_config(root), workers=Workers(jobs=2))
    before = sorted((root / "content").rglob("*.md"))
    assert 0 < len(before) < SEEDS, "the seeds before the failure were written"
    monkeypatch.undo()
    ingest_seeds(load_config(root), workers=Workers(jobs=2))
    assert written(root) == one_job
