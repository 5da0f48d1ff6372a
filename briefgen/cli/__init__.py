"""The `briefgen` command: a build with nothing to do is answered before click is imported.

The commands are click's, in briefgen/cli/commands.py (the only module that imports click).
Importing click and the commands took longer than the rest of a build the cache finds
unchanged, so `main` first reads a plain `briefgen [-C DIR] [-q|-v] build [--drafts]
[--no-ingest] [-j N]` itself and asks the build whether it has anything to do. Only when
it has none does this answer, with the very log lines the command would print; any other
command line, option spelling, error or change goes to click, which does everything again
from the start (the lines the check logged are dropped, not printed twice).
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class _Formatter(logging.Formatter):
    """Plain messages for INFO, a `Warning:` or `Error:` prefix above it."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            return f"Error: {message}"
        if record.levelno >= logging.WARNING:
            return f"Warning: {message}"
        if record.levelno <= logging.DEBUG:
            return f"debug: {record.name}: {message}"
        return message


def setup_logging(verbosity: int) -> logging.Handler:
    """Send briefgen's log to stderr: -1 warnings, 0 also INFO, 1 also debug; the handler."""
    level = {-1: logging.WARNING, 0: logging.INFO, 1: logging.DEBUG}[max(-1, min(1, verbosity))]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    root = logging.getLogger("briefgen")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    return handler


@dataclass(frozen=True, slots=True)
class QuickBuild:
    """A `briefgen build` command line in the plain form `main` reads without click."""

    project: Path
    """The -C folder, resolved (it exists and is a folder)."""
    verbosity: int
    """-1 for -q, 1 for -v, else 0 (as the click group sets it)."""
    drafts: bool
    """--drafts."""
    ingest: bool
    """False with --no-ingest."""


_GROUP_FLAGS = {"-q": "quiet", "--quiet": "quiet", "-v": "verbose", "--verbose": "verbose"}
_BUILD_FLAGS = {"--drafts", "--no-ingest"}


def quick_build(argv: list[str]) -> QuickBuild | None:
    """ARGV as a QuickBuild, or None for anything else: click reads those.

    Only these spellings are read: `-C DIR`, `--project DIR`, `--project=DIR`, `-q`,
    `--quiet`, `-v`, `--verbose`, then `build`, then `--drafts`, `--no-ingest`, `-j N`,
    `--jobs N`, `--jobs=N` (N a plain number from 1); a later option wins, as with click.
    Whatever click would refuse (a missing folder, `-j 0`) is left to click to say.
    """
    project = "."
    flags: set[str] = set()
    words = iter(argv)
    for word in words:
        if word == "build":
            break
        if word in _GROUP_FLAGS:
            flags.add(_GROUP_FLAGS[word])
        elif word in ("-C", "--project"):
            project = next(words, "")
        elif word.startswith("--project="):
            project = word.removeprefix("--project=")
        else:
            return None
    else:
        return None  # no command: click shows the help
    for word in words:
        if word in _BUILD_FLAGS:
            flags.add(word)
        elif word in ("-j", "--jobs") or word.startswith("--jobs="):
            value = word.removeprefix("--jobs=") if "=" in word else next(words, "")
            if not (value.isascii() and value.isdigit() and int(value) >= 1):
                return None
        else:
            return None
    if not project or not os.path.isdir(project):
        return None
    verbosity = 1 if "verbose" in flags else -1 if "quiet" in flags else 0
    return QuickBuild(
        Path(project).resolve(), verbosity, "--drafts" in flags, "--no-ingest" not in flags
    )


class _Held(logging.Handler):
    """Keeps the records logged while the quick check runs, to print them only if it answers."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def answer_unchanged(command: QuickBuild) -> bool:
    """Print what `briefgen build` prints when it finds nothing to do, and True; else False.

    False (with nothing printed) whenever the build has work to do or the check failed
    (an error in briefgen.yaml, say): the caller then runs the command through click.
    """
    from briefgen.build import Builder
    from briefgen.config import CONFIG_NAME, load_config
    from briefgen.errors import BriefgenError

    handler = setup_logging(command.verbosity)
    log = logging.getLogger("briefgen")
    held = _Held()
    log.handlers[:] = [held]
    report = None
    try:
        if (command.project / CONFIG_NAME).is_file():
            config = load_config(command.project)
            report = Builder(config, drafts=command.drafts).unchanged(ingest=command.ingest)
    except BriefgenError:
        report = None  # click reports it
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    finally:
        log.handlers[:] = [handler]
    if report is None:
        return False
    for record in held.records:
        handler.handle(record)
    log.info("%s", report.summary())
    return True


def main() -> None:
    """Console-script entry point."""
    command = quick_build(sys.argv[1:])
    if command is not None and answer_unchanged(command):
        return
    from briefgen.cli.commands import cli

    cli(obj={})


def __getattr__(name: str) -> Any:
    """`cli`, the click group, imported on first use (PEP 562): `main` may not need it."""
    if name != "cli":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from briefgen.cli.commands import cli

    return cli
