"""Extraction backends: builtin, a real spaCy pipeline, and a real program over the protocol.

The texts and names here are invented for these tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.errors import BriefgenError, ConfigError
from briefgen.extract import Document, extract_batch, extract_entities, make_registry
from briefgen.extract.backends import (
    Backend,
    canonical_mentions,
    parse_backend,
    run_backend,
)
from briefgen.frontmatter import split
from briefgen.ingest import ingest_seeds

# A stand-in named-entity program: a fixed list of names, found by plain substring search
# in order of appearance. It logs each run (one line per process, with the batch size).
PROGRAM = textwrap.dedent(
    """
    import json, os, re, sys, time
    ACTORS = ["Marta Quell", "Quell", "Zorblat Industries", "Zorblat"]
    PLACES = ["Quintana Vale", "Port Ossory"]
    if os.environ.get("FAKE_NER_SLEEP"):
        time.sleep(float(os.environ["FAKE_NER_SLEEP"]))
    if os.environ.get("FAKE_NER_FAIL"):
        print("model file is corrupt", file=sys.stderr)
        sys.exit(3)
    docs = [json.loads(line) for line in sys.stdin if line.strip()]
    with open(os.environ["FAKE_NER_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{len(docs)} {os.environ.get('BRIEFGEN_EXTRACT_BACKEND', '')}\\n")
    def find(names, text):
        pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return [m.group(0) for m in re.finditer(r"\\b(?:" + pattern + r")\\b", text)]
    skip = os.environ.get("FAKE_NER_SKIP", "")
    for doc in docs:
        if doc["id"] == skip:
            continue
        text = doc["title"] + "\\n\\n" + doc["text"]
        out = {"id": doc["id"], "actors": find(ACTORS, text), "locations": find(PLACES, text)}
        print(json.dumps(out))
    """
)

SEEDS = {
    "a.txt": "date 2023-05-01 Marta Quell, the chief of Zorblat Industries, opened a new "
    "factory in Quintana Vale on Monday, the company said.\n\nQuell said Zorblat would hire "
    "four hundred workers in Quintana Vale.\n",
    "b.txt": "date 2023-05-02 Quell visited Port Ossory on Tuesday to meet the mayor about "
    "a second factory.\n\nThe visit was brief, and she flew back to Quintana Vale.\n",
    "c.txt": "date 2023-05-03 Nothing named here happened on Wednesday, officials said "
    "in a short statement.\n",
}


@pytest.fixture()
def program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "fake_ner.py"
    script.write_text(PROGRAM, encoding="utf-8")
    monkeypatch.setenv("FAKE_NER_LOG", str(tmp_path / "runs.log"))
    for name in ("FAKE_NER_SLEEP", "FAKE_NER_FAIL", "FAKE_NER_SKIP", "BRIEFGEN_EXTRACT_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    return script


def project(root: Path, backend: str, extra: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in SEEDS.items():
        (root / "seeds").mkdir(exist_ok=True)
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    (root / "briefgen.yaml").write_text(
        f"extraction:\n  backend: {json.dumps(backend)}\n{extra}", encoding="utf-8"
    )
    return root


def front_matter(root: Path, seed: str) -> dict[str, object]:
    """The front matter of the content file made from seeds/SEED."""
    [path] = [
        p
        for p in (root / "content").rglob("*.md")
        if f"source: seeds/{seed}\n" in p.read_text(encoding="utf-8")
    ]
    return split(path.read_text(encoding="utf-8"), path).data


def command_for(script: Path) -> str:
    return f"command:{sys.executable} {script}"


# -- parsing the setting ---------------------------------------------------------------


def test_parse_backend() -> None:
    assert parse_backend("builtin") == Backend("builtin", "")
    assert parse_backend(" spacy:en_core_web_sm ") == Backend("spacy", "en_core_web_sm")
    assert parse_backend("command:my-ner --jsonl") == Backend("command", "my-ner --jsonl")
    for bad, fix in (
        ("spacy", "needs a model"),
        ("spacy:", "needs a model"),
        ("command:", "needs a program"),
        ("command:ner 'unclosed", "quotes"),
        ("stanza:en", "unknown extraction backend 'stanza:en'"),
        ("builtin:x", "unknown extraction backend"),
    ):
        with pytest.raises(ValueError, match=fix):
            parse_backend(bad)


def test_unknown_backend_is_a_config_error_naming_the_line(tmp_path: Path) -> None:
    (tmp_path / "briefgen.yaml").write_text(
        "title: x\nextraction:\n  max_actors: 5\n  backend: flair:ner\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'briefgen.yaml'}:4: ")
    assert "'spacy:<model>'" in str(caught.value)


def test_backend_timeout_must_be_positive(tmp_path: Path) -> None:
    (tmp_path / "briefgen.yaml").write_text("extraction:\n  backend_timeout: 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"briefgen.yaml:2: 'extraction.backend_timeout'"):
        load_config(tmp_path)


def test_environment_overrides_the_backend(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "briefgen.yaml").write_text(
        "extraction:\n  backend: 'command:ner'\n", encoding="utf-8"
    )
    assert load_config(tmp_path).extraction.backend == "command:ner"
    monkeypatch.setenv("BRIEFGEN_EXTRACT_BACKEND", "builtin")
    assert load_config(tmp_path).extraction.backend == "builtin"
    monkeypatch.setenv("BRIEFGEN_EXTRACT_BACKEND", "nonsense")
    with pytest.raises(ConfigError, match=r"BRIEFGEN_EXTRACT_BACKEND: 'extraction.backend'"):
        load_config(tmp_path)


# -- canonical names inside one article ----------------------------------------------------


def test_canonical_mentions_join_short_forms_and_rank_by_mentions() -> None:
    names = ["Biden", "Joe Biden", "the European Union", "EU", "Biden", "Kyiv"]
    assert canonical_mentions(names) == ("Joe Biden", "European Union", "Kyiv")
    # Two fuller forms: the surname alone stays as written.
    assert "Kennedy" in canonical_mentions(["John Kennedy", "Robert Kennedy", "Kennedy"])
    # The fullest of a chain wins.
    chain = ["Biden", "Joe Biden", "Vice President Joe Biden", "Biden", "Kyiv", "Kyiv"]
    assert canonical_mentions(chain) == ("Vice President Joe Biden", "Kyiv")
    assert canonical_mentions(["", " ", "the", "."]) == ()


# -- the command backend -------------------------------------------------------------------


def test_command_backend_one_process_for_the_whole_ingest(tmp_path: Path, program: Path) -> None:
    root = project(tmp_path / "site", command_for(program))
    (root / "content").mkdir()
    (root / "content" / "_entities.yaml").write_text(
        "renames:\n  Zorblat Industries: Zorblat Group\n", encoding="utf-8"
    )
    report = ingest_seeds(load_config(root))
    assert report.errors == () and len(report.written) == 3
    # One process, all three seeds, and told to use the built-in extractor itself.
    runs = (tmp_path / "runs.log").read_text().splitlines()
    assert runs == ["3 builtin"]
    first = front_matter(root, "a.txt")
    # Canonical inside the article ("Quell" → "Marta Quell", "Zorblat" → the company),
    # then the registry's rename.
    assert first["actors"] == ["Marta Quell", "Zorblat Group"]
    assert first["locations"] == ["Quintana Vale"]
    assert first["tags"] and first["topics"]
    # Across the site: the second briefing's "Quell" is the Marta Quell of the first (the
    # only full name with that surname, and the two briefings share a place).
    second = front_matter(root, "b.txt")
    assert second["actors"] == ["Marta Quell"]
    assert second["locations"] == ["Port Ossory", "Quintana Vale"]
    # A second run with nothing changed starts no process.
    ingest_seeds(load_config(root))
    assert (tmp_path / "runs.log").read_text().splitlines() == ["3 builtin"]
    # A changed seed: one process for just that seed.
    (root / "seeds" / "c.txt").write_text(
        SEEDS["c.txt"] + "\nZorblat Industries was not mentioned.\n", encoding="utf-8"
    )
    ingest_seeds(load_config(root))
    assert (tmp_path / "runs.log").read_text().splitlines() == ["3 builtin", "1 builtin"]


def test_command_backend_errors_are_clear(tmp_path: Path, program: Path, monkeypatch) -> None:
    docs = [Document("a", "", "Marta Quell spoke."), Document("b", "", "Quell left.")]
    backend = Backend("command", f"{sys.executable} {program}")

    monkeypatch.setenv("FAKE_NER_FAIL", "1")
    with pytest.raises(BriefgenError, match=r"exited with status 3:\nmodel file is corrupt"):
        run_backend(backend, docs)
    monkeypatch.delenv("FAKE_NER_FAIL")

    monkeypatch.setenv("FAKE_NER_SLEEP", "5")
    with pytest.raises(BriefgenError, match=r"did not finish 2 documents within 1 s"):
        run_backend(backend, docs, timeout=1)
    monkeypatch.delenv("FAKE_NER_SLEEP")

    monkeypatch.setenv("FAKE_NER_SKIP", "b")
    with pytest.raises(BriefgenError, match=r"answered 1 of 2 documents \(no line for: b\)"):
        run_backend(backend, docs)
    monkeypatch.delenv("FAKE_NER_SKIP")

    with pytest.raises(BriefgenError, match=r"program 'no-such-ner-program' not found"):
        run_backend(Backend("command", "no-such-ner-program --jsonl"), docs)

    bad = tmp_path / "bad.py"
    bad.write_text('import sys\nsys.stdin.read()\nprint(\'{"id": "a", "actors": 3}\')\n')
    with pytest.raises(BriefgenError, match=r"output line 1: 'actors' must be a list"):
        run_backend(Backend("command", f"{sys.executable} {bad}"), docs)
    bad.write_text("import sys\nsys.stdin.read()\nprint('not json')\n")
    with pytest.raises(BriefgenError, match=r"output line 1 is not JSON"):
        run_backend(Backend("command", f"{sys.executable} {bad}"), docs)
    bad.write_text('import sys\nsys.stdin.read()\nprint(\'{"id": "zz"}\')\n')
    with pytest.raises(BriefgenError, match=r"answers unknown id 'zz'"):
        run_backend(Backend("command", f"{sys.executable} {bad}"), docs)


def test_briefgen_extract_jsonl_is_itself_a_command_backend(tmp_path: Path, monkeypatch) -> None:
    # The same project points at briefgen's own protocol: the child uses the built-in
    # extractor (BRIEFGEN_EXTRACT_BACKEND=builtin) instead of starting itself again.
    monkeypatch.delenv("BRIEFGEN_EXTRACT_BACKEND", raising=False)
    root = project(tmp_path, f"command:{sys.executable} -m briefgen extract --jsonl")
    config = load_config(root)
    text = "Vladimir Putin met Alexander Lukashenko in Sochi on Monday, the Kremlin said."
    [via_command] = extract_batch(
        [Document("x", "", text)], settings=config.extraction, project_dir=root
    )
    builtin = extract_entities("", text)
    assert (
        via_command.actors[:2] == builtin.actors[:2] == ("Vladimir Putin", "Alexander Lukashenko")
    )
    assert "Sochi" in via_command.locations


def test_cli_reports_a_failing_backend(tmp_path: Path, program: Path) -> None:
    root = project(tmp_path / "site", command_for(program))
    env = {**os.environ, "FAKE_NER_FAIL": "1"}
    env.pop("BRIEFGEN_EXTRACT_BACKEND", None)
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "-C", str(root), "ingest"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Error: extraction backend 'command:" in done.stderr
    assert "exited with status 3" in done.stderr and "model file is corrupt" in done.stderr


def test_cli_extract_files_through_a_command_backend(tmp_path: Path, program: Path) -> None:
    root = project(tmp_path / "site", command_for(program))
    env = {k: v for k, v in os.environ.items() if k != "BRIEFGEN_EXTRACT_BACKEND"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefgen",
            "-C",
            str(root),
            "extract",
            "seeds/a.txt",
            "seeds/b.txt",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "- Marta Quell" in done.stdout and "- Quintana Vale" in done.stdout
    assert (tmp_path / "runs.log").read_text().splitlines() == ["2 builtin"]


def test_registry_forced_types_and_ignores_apply_to_backend_names() -> None:
    from briefgen.extract import Mentions

    registry = make_registry(
        aliases={"Zorblat": "Zorblat Industries"},
        ignore=["Port Ossory"],
        types={"Quintana Vale": "actor"},
    )
    found = Mentions(("Zorblat", "Marta Quell"), ("Quintana Vale", "Port Ossory"))
    result = extract_entities("", "Some text.", registry=registry, found=found)
    assert result.actors == ("Zorblat Industries", "Marta Quell", "Quintana Vale")
    assert result.locations == ()


# -- the spaCy backend ---------------------------------------------------------------------


def spacy_or_fail():  # type: ignore[no-untyped-def]
    """spaCy is in the test extra: in CI its absence is a failure, never a skip."""
    try:
        import spacy
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("spaCy is missing: install the test extra (pip install -e '.[test]')")
        pytest.skip("spaCy is not installed (pip install -e '.[test]')")
    return spacy


@pytest.fixture(scope="module")
def spacy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spacy = spacy_or_fail()
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Marta Quell"},
            {"label": "PERSON", "pattern": "Quell"},
            {"label": "ORG", "pattern": "Zorblat Industries"},
            {"label": "GPE", "pattern": "Quintana Vale"},
            {"label": "LOC", "pattern": [{"LOWER": "port"}, {"LOWER": "ossory"}]},
            {"label": "NORP", "pattern": "Valish"},
            {"label": "DATE", "pattern": "Monday"},
        ]
    )
    path = tmp_path_factory.mktemp("spacy") / "model"
    nlp.to_disk(path)
    return path


def test_spacy_backend_with_a_real_pipeline(spacy_model: Path) -> None:
    backend = Backend("spacy", str(spacy_model))
    docs = [
        Document(
            "1",
            "",
            "Marta Quell of Zorblat Industries flew to Quintana Vale on Monday. "
            "Quell met Valish traders in port ossory.",
        ),
        Document("2", "", "Nothing to see."),
    ]
    found = run_backend(backend, docs)
    assert found["1"].actors == ("Marta Quell", "Zorblat Industries")
    assert found["1"].locations == ("Quintana Vale", "port ossory")
    assert found["2"].actors == () and found["2"].locations == ()


def test_spacy_backend_through_ingest(tmp_path: Path, spacy_model: Path, monkeypatch) -> None:
    monkeypatch.delenv("BRIEFGEN_EXTRACT_BACKEND", raising=False)
    root = project(tmp_path / "site", f"spacy:{spacy_model}")
    report = ingest_seeds(load_config(root))
    assert report.errors == () and len(report.written) == 3
    first = front_matter(root, "a.txt")
    assert first["actors"] == ["Marta Quell", "Zorblat Industries"]
    assert first["locations"] == ["Quintana Vale"]
    assert "economy-business" in first["tags"]  # topics do not depend on the backend


def test_spacy_backend_missing_model_says_how_to_install(tmp_path: Path) -> None:
    spacy_or_fail()
    with pytest.raises(BriefgenError, match=r"spaCy model 'xx_no_such_model' is not installed"):
        run_backend(Backend("spacy", "xx_no_such_model"), [Document("1", "", "text")])


def test_spacy_backend_missing_package_says_how_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # makes `import spacy` fail
    with pytest.raises(BriefgenError, match=r"needs spaCy.*pip install 'briefgen\[spacy\]'"):
        run_backend(Backend("spacy", "en_core_web_sm"), [Document("1", "", "text")])
