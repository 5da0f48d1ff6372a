"""The error types every stage raises; only cli.py turns them into exit codes."""

from __future__ import annotations

from pathlib import Path


class BriefgenError(Exception):
    """A user-facing error: the message says what is wrong and how to fix it."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"


class ConfigError(BriefgenError):
    """briefgen.yaml or a command-line setting is wrong."""


class SeedError(BriefgenError):
    """A seed file cannot be read or parsed."""


class ContentError(BriefgenError):
    """A content file (front matter or body) is invalid."""


class ThemeError(BriefgenError):
    """A theme or template is missing or broken."""


class OutputError(BriefgenError):
    """The output folder cannot be written."""


class ErrorList(BriefgenError):
    """Several errors collected in one pass, reported together."""

    def __init__(self, errors: list[BriefgenError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
