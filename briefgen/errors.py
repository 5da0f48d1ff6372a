"""The error types every stage raises; only cli.py turns them into exit codes."""

from __future__ import annotations

import errno
from pathlib import Path

# What to do about the OS errors a write meets, by errno; the rest get their strerror.
_OS_FIXES = {
    errno.ENOSPC: "no space left on device (free some space, or build elsewhere with --output)",
    errno.EDQUOT: "disk quota exceeded (free some space, or build elsewhere with --output)",
    errno.EACCES: "permission denied (check permissions)",
    errno.EPERM: "operation not permitted (check permissions)",
    errno.EROFS: "read-only file system (build elsewhere with --output)",
    errno.ENAMETOOLONG: "file name too long (use a shorter slug)",
}


def describe_os_error(exc: OSError) -> str:
    """What went wrong and how to fix it, for an OSError met while writing.

    A full disk must say so: blaming permissions sends the user the wrong way.
    """
    if exc.errno in _OS_FIXES:
        return _OS_FIXES[exc.errno]
    return f"{(exc.strerror or str(exc)).lower()} (errno {exc.errno})"


class BriefgenError(Exception):
    """A user-facing error: the message says what is wrong and how to fix it."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[object, ...]:
        # Sent back from a worker process with its path and line (and an ErrorList with
        # its errors): Exception's own pickling would call __init__ with the message only.
        return (_rebuild, (type(self), dict(self.__dict__)))

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


def shown(error: BriefgenError, root: Path) -> str:
    """ERROR as a person reads it: `path:line: message`, the path relative to ROOT when inside.

    The one rule for showing an error: the CLI passes the current folder, serve's overlay
    the project folder. An ErrorList gives one line per error.
    """
    if isinstance(error, ErrorList):
        return "\n".join(shown(each, root) for each in error.errors)
    if error.path is None:
        return error.message
    path = error.path
    if path.is_absolute() and path.is_relative_to(root):
        path = path.relative_to(root)
    line = f":{error.line}" if error.line is not None else ""
    return f"{path.as_posix()}{line}: {error.message}"


def _rebuild(kind: type[BriefgenError], state: dict[str, object]) -> BriefgenError:
    """A BriefgenError of KIND with STATE, for unpickling (see BriefgenError.__reduce__)."""
    error = kind.__new__(kind)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error
