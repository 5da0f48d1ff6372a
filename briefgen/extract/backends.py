"""Where the raw actor and location names of a batch of articles come from.

`extraction.backend` in briefgen.yaml picks one:

- `builtin` (default): briefgen's own extractor (`engine.py`), no model, no network;
- `spacy:<model>`: an installed spaCy pipeline, by package name (`spacy:en_core_web_sm`) or
  by the path of a pipeline saved with `nlp.to_disk` (`spacy:/models/news`). PERSON and ORG
  entities are actors; GPE, LOC and FAC entities are locations. Nothing is downloaded: a
  missing spaCy or a missing model is an error that says how to install it;
- `command:<cmd>`: any program that speaks the `briefgen extract --jsonl` protocol. It is
  started once per run, in the project folder, and gets every article at once on stdin, one
  `{"id", "text", "title"}` JSON line each; it must answer with one
  `{"id", "actors", "locations"}` line per article on stdout (any order) and exit 0. The
  whole batch must finish within `extraction.backend_timeout` seconds. The program runs with
  `BRIEFGEN_EXTRACT_BACKEND=builtin` in its environment, so `command:briefgen extract
  --jsonl` uses the built-in extractor instead of calling itself.

An external backend's names are made canonical inside each article here (`canonical_mentions`:
"Biden" joins "Joe Biden", "EU" joins "European Union", each name once, most mentioned
first); the entity registry, the per-briefing caps and the cross-site naming then apply to
every backend alike (see `extract_batch` in `__init__.py` and `ingest.py`).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.config import BACKEND_ENV
from briefgen.errors import BriefgenError
from briefgen.extract.names import same_entity, words_key

KINDS = ("builtin", "spacy", "command")
"""The backend kinds, as written before the colon."""
SPACY_ACTORS = frozenset({"PERSON", "PER", "ORG"})
"""spaCy entity labels listed as actors (PER is the label of the non-English pipelines)."""
SPACY_LOCATIONS = frozenset({"GPE", "LOC", "FAC"})
"""spaCy entity labels listed as locations."""
DEFAULT_TIMEOUT = 600
"""Seconds a command backend may take for one whole batch."""


@dataclass(frozen=True, slots=True)
class Backend:
    """A parsed `extraction.backend` setting."""

    kind: str
    """"builtin", "spacy" or "command"."""
    target: str
    """The spaCy model (package name or path) or the command line; empty for builtin."""


@dataclass(frozen=True, slots=True)
class Document:
    """One article handed to a backend."""

    doc_id: str
    """Unique within a batch; the backend answers with it."""
    title: str
    """Headline, or "" (seeds have none: the lead is the first paragraph of the text)."""
    text: str
    """The article as plain text, paragraphs separated by blank lines."""


@dataclass(frozen=True, slots=True)
class Mentions:
    """The names a backend found in one article, before the registry and the caps."""

    actors: tuple[str, ...]
    """People and organisations, each once, canonical inside the article, most prominent first."""
    locations: tuple[str, ...]
    """Places, each once, canonical inside the article, most prominent first."""


def parse_backend(value: str) -> Backend:
    """Read an `extraction.backend` value; raise ValueError with the fix when it is wrong."""
    value = value.strip()
    kind, _, target = value.partition(":")
    kind, target = kind.strip(), target.strip()
    if kind == "builtin" and not target:
        return Backend("builtin", "")
    if kind == "spacy":
        if not target:
            raise ValueError("'spacy:' needs a model, e.g. 'spacy:en_core_web_sm'")
        return Backend("spacy", target)
    if kind == "command":
        try:
            words = shlex.split(target)
        except ValueError as exc:
            raise ValueError(f"the command line cannot be read ({exc}; check its quotes)") from exc
        if not words:
            raise ValueError("'command:' needs a program, e.g. 'command:my-ner --jsonl'")
        return Backend("command", target)
    raise ValueError(
        f"unknown extraction backend {value!r} (use 'builtin', 'spacy:<model>' or "
        "'command:<program and arguments>')"
    )


def run_backend(
    backend: Backend,
    documents: Sequence[Document],
    *,
    cwd: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Mentions]:
    """Run an external backend once over DOCUMENTS: document id → its mentions."""
    if not documents:
        return {}
    if backend.kind == "spacy":
        return _run_spacy(backend.target, documents)
    if backend.kind == "command":
        return _run_command(backend.target, documents, cwd=cwd, timeout=timeout)
    raise ValueError(f"run_backend() is for external backends, not {backend.kind!r}")


def canonical_mentions(names: Iterable[str]) -> tuple[str, ...]:
    """Each entity once under its fullest name, most mentioned first, then first seen.

    "Joe Biden", "Biden", "Biden" → ("Joe Biden",): a short form joins a longer name of
    the article that starts or ends with it, or that it abbreviates ("EU" → "European
    Union"), when exactly one such longer name exists. A leading "the" is dropped.
    """
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for position, raw in enumerate(names):
        name = " ".join(raw.split())
        if name[:4].lower() == "the ":
            name = name[4:]
        name = name.strip(" .,;:'\"’“”")
        if not words_key(name):
            continue
        counts[name] = counts.get(name, 0) + 1
        first.setdefault(name, position)
    # Fold spellings of one name ("Biden" twice with different spacing) by their words.
    by_words: dict[tuple[str, ...], str] = {}
    for name in sorted(counts, key=lambda n: first[n]):
        by_words.setdefault(words_key(name), name)
    canonical: dict[str, str] = {}
    for name in counts:
        keep = by_words[words_key(name)]
        longer = [
            other
            for other in by_words.values()
            if len(words_key(other)) > len(words_key(keep)) and same_entity(keep, other)
        ]
        # Only the fullest forms count: "Biden" beside "Joe Biden" and "President Joe
        # Biden" is the latter, but beside "Joe Biden" and "Hunter Biden" it stays.
        fullest = [
            other
            for other in longer
            if not any(
                len(words_key(more)) > len(words_key(other)) and same_entity(other, more)
                for more in longer
            )
        ]
        canonical[name] = fullest[0] if len(fullest) == 1 else keep
    totals: dict[str, int] = {}
    seen: dict[str, int] = {}
    for name, count in counts.items():
        target = canonical[name]
        totals[target] = totals.get(target, 0) + count
        seen[target] = min(seen.get(target, first[name]), first[name])
    return tuple(sorted(totals, key=lambda n: (-totals[n], seen[n])))


# -- spaCy -------------------------------------------------------------------------------


def _load_spacy(model: str) -> Any:
    """Load a spaCy pipeline by package name or path; never download one."""
    try:
        import spacy
    except ImportError as exc:
        raise BriefgenError(
            f"extraction backend 'spacy:{model}' needs spaCy, which is not installed "
            "(install it with: pip install 'briefgen[spacy]')"
        ) from exc
    try:
        return spacy.load(model)
    except OSError as exc:
        raise BriefgenError(
            f"spaCy model {model!r} is not installed (install the model package, e.g. "
            f"python -m spacy download {Path(model).name}, or give the path of a pipeline "
            f"saved with nlp.to_disk: {exc})"
        ) from exc


def _run_spacy(model: str, documents: Sequence[Document]) -> dict[str, Mentions]:
    nlp = _load_spacy(model)
    texts = (_joined(doc) for doc in documents)
    out: dict[str, Mentions] = {}
    for doc, parsed in zip(documents, nlp.pipe(texts, batch_size=32), strict=True):
        actors = [ent.text for ent in parsed.ents if ent.label_ in SPACY_ACTORS]
        locations = [ent.text for ent in parsed.ents if ent.label_ in SPACY_LOCATIONS]
        out[doc.doc_id] = Mentions(canonical_mentions(actors), canonical_mentions(locations))
    return out


def _joined(doc: Document) -> str:
    return f"{doc.title}\n\n{doc.text}" if doc.title.strip() else doc.text


# -- command -----------------------------------------------------------------------------


def _run_command(
    command: str, documents: Sequence[Document], *, cwd: Path | None, timeout: float
) -> dict[str, Mentions]:
    """Start the program once, send every document, read every answer."""
    args = shlex.split(command)
    payload = "".join(
        json.dumps({"id": d.doc_id, "text": d.text, "title": d.title}, ensure_ascii=False) + "\n"
        for d in documents
    )
    env = {**os.environ, BACKEND_ENV: "builtin"}
    where = f"extraction backend 'command:{command}'"
    try:
        proc = subprocess.run(
            args,
            input=payload.encode("utf-8"),
            capture_output=True,
            cwd=cwd,
            env=env,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as exc:
        raise BriefgenError(
            f"{where}: program {args[0]!r} not found (install it, or fix the command in "
            "briefgen.yaml)"
        ) from exc
    except PermissionError as exc:
        raise BriefgenError(f"{where}: {args[0]!r} cannot be run ({exc})") from exc
    except subprocess.TimeoutExpired as exc:
        raise BriefgenError(
            f"{where} did not finish {len(documents)} documents within {timeout:g} s "
            "(raise extraction.backend_timeout, or check that the program reads stdin to "
            "its end and then exits)"
        ) from exc
    stderr = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        tail = "\n".join(stderr.splitlines()[-5:]) or "no error output"
        raise BriefgenError(f"{where} exited with status {proc.returncode}:\n{tail}")
    return _read_answers(proc.stdout, documents, where)


def _read_answers(stdout: bytes, documents: Sequence[Document], where: str) -> dict[str, Mentions]:
    """Check and collect the {"id", "actors", "locations"} lines, naming a bad one."""
    wanted = {d.doc_id for d in documents}
    out: dict[str, Mentions] = {}
    try:
        text = stdout.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BriefgenError(f"{where}: its output is not UTF-8 ({exc})") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise BriefgenError(
                f"{where}: output line {number} is not JSON ({exc}): {line[:80]!r}"
            ) from exc
        if not isinstance(row, dict) or "id" not in row:
            raise BriefgenError(f"{where}: output line {number} has no 'id': {line[:80]!r}")
        doc_id = str(row["id"])
        if doc_id not in wanted:
            raise BriefgenError(f"{where}: output line {number} answers unknown id {doc_id!r}")
        lists = []
        for key in ("actors", "locations"):
            names = row.get(key, [])
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise BriefgenError(
                    f"{where}: output line {number}: '{key}' must be a list of strings"
                )
            lists.append(canonical_mentions(names))
        out[doc_id] = Mentions(lists[0], lists[1])
    missing = [d.doc_id for d in documents if d.doc_id not in out]
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise BriefgenError(
            f"{where} answered {len(out)} of {len(documents)} documents (no line for: {shown})"
        )
    return out
