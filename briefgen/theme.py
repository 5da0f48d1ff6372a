"""Theme folders (with `extends:`) → one Jinja environment and the merged static files."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import stat
import sys
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: the build cache resolves the theme chain without it
    import jinja2

from briefgen.config import parse_yaml, yaml_error
from briefgen.errors import OutputError, ThemeError
from briefgen.fsutil import atomic_write, is_within, sorted_files, user_cache_dir

PACKAGE_THEMES_DIR = Path(__file__).resolve().parent / "themes"
THEME_FILE = "theme.yaml"
TEMPLATE_CACHE_ENV = "BRIEFGEN_TEMPLATE_CACHE"
"""Environment variable: a folder for compiled templates instead of the default."""

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Theme:
    """A resolved theme chain: the chosen theme first, the themes it extends after."""

    name: str
    """The configured theme name."""
    theme_dirs: tuple[Path, ...]
    """Theme folders, most specific first."""
    template_dirs: tuple[Path, ...]
    """`templates/` of each theme in the chain, searched in this order."""
    static_files: Mapping[str, Path]
    """Output path (`static/…`) → the file that wins (a child overrides its parent)."""


def find_theme_dir(name: str, themes_dir: Path, *, skip: Path | None = None) -> Path:
    """Folder of theme NAME: the project's `themes/NAME/`, then the package's."""
    candidates = (themes_dir / name, PACKAGE_THEMES_DIR / name)
    for candidate in candidates:
        if candidate.is_dir() and (skip is None or candidate.resolve() != skip.resolve()):
            if candidate.parent == themes_dir and not is_within(candidate, themes_dir):
                raise ThemeError(
                    f"theme folder {candidate} is a symlink to {candidate.resolve()}, outside "
                    f"{themes_dir}; briefgen reads themes only from inside the project "
                    "(copy the theme into it instead)"
                )
            return candidate
    searched = ", ".join(str(c) for c in candidates if skip is None or c != skip)
    raise ThemeError(
        f"theme '{name}' not found (searched {searched}; set 'theme:' to an existing theme)"
    )


def load_theme(name: str, themes_dir: Path) -> Theme:
    """Resolve NAME and every theme it `extends:`, refusing cycles."""
    chain: list[Path] = []
    current = find_theme_dir(name, themes_dir)
    while True:
        resolved = current.resolve()
        if resolved in chain:
            raise ThemeError(
                "themes extend each other in a circle (remove one 'extends:')",
                current / THEME_FILE,
                1,
            )
        chain.append(resolved)
        parent = _extends(current)
        if parent is None:
            break
        # A project theme may extend the package theme of the same name.
        current = find_theme_dir(parent, themes_dir, skip=current)
    static: dict[str, Path] = {}
    for theme_dir in reversed(chain):
        folder = theme_dir / "static"
        for path in sorted_files(folder, "*"):
            _check_within(path, theme_dir)
            static["static/" + path.relative_to(folder).as_posix()] = path
    return Theme(
        name=name,
        theme_dirs=tuple(chain),
        template_dirs=tuple(d / "templates" for d in chain),
        static_files=types.MappingProxyType(dict(sorted(static.items()))),
    )


def _check_within(path: Path, theme_dir: Path) -> None:
    """Refuse a theme file that is a symlink out of its theme folder (to /etc/passwd, say)."""
    if not is_within(path, theme_dir):
        raise ThemeError(
            f"a symlink to {path.resolve()}, outside the theme folder {theme_dir}; briefgen "
            "does not publish or read files through links that leave a theme (copy the "
            "file into the theme instead)",
            path,
        )


@functools.cache
def _loader_class() -> type[jinja2.FileSystemLoader]:
    """_ThemeLoader, made on first use (Jinja is imported only when templates are)."""
    import jinja2

    class _ThemeLoader(jinja2.FileSystemLoader):
        """A FileSystemLoader that refuses templates reached through a symlink out of the theme."""

        def get_source(
            self, environment: jinja2.Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            """Load TEMPLATE as FileSystemLoader does, then check where the file really is."""
            source, filename, uptodate = super().get_source(environment, template)
            folders = [Path(p) for p in self.searchpath]
            if not any(is_within(Path(filename), folder.parent) for folder in folders):
                raise ThemeError(
                    f"a symlink to {Path(filename).resolve()}, outside the theme folders; "
                    "briefgen does not read templates through links that leave a theme "
                    "(copy the template into the theme instead)",
                    filename,
                )
            return source, filename, uptodate

    return _ThemeLoader


@functools.cache
def _context_class() -> type[jinja2.runtime.Context]:
    """_FastContext, made on first use (Jinja is imported only when templates are)."""
    import jinja2.runtime
    import jinja2.utils

    function = types.FunctionType
    method = types.MethodType
    builtin = types.BuiltinFunctionType
    macro = jinja2.runtime.Macro

    class _FastContext(jinja2.runtime.Context):
        """A Context whose `call` skips Jinja's checks for the plain functions templates call.

        Every call in a template (`url(…)`, `a.names(…)`, `d.isoformat()`) goes through
        `Context.call`, which asks the callable (and its `__call__`) whether it wants the
        context, the eval context or the environment passed first: two `hasattr` lookups
        and an enum check, a third of a briefing page's template time. A Python function
        or bound method answers that by its own attributes, and a builtin cannot carry any,
        so those are called here directly. So is a template's macro (`{{ m.date_tag(d) }}`,
        a day page's `day_item(a)`): a Macro, whose class and `__call__` carry no
        `jinja_pass_arg` (a subclass, which could, is not). Everything else (callable
        objects, functions marked `pass_context` …) goes through Jinja's own `call`.
        """

        @jinja2.utils.internalcode
        def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            """Call __OBJ as `Context.call` does, quickly when it is a plain function."""
            kind = type(__obj)
            if (
                kind is builtin
                or kind is macro
                or (
                    (kind is function and "jinja_pass_arg" not in __obj.__dict__)
                    # A method answers by its function's attributes: looked up in its
                    # __dict__, as hasattr would raise and catch AttributeError on each call.
                    or (
                        kind is method
                        and type(__obj.__func__) is function  # type: ignore[attr-defined]
                        and "jinja_pass_arg" not in __obj.__func__.__dict__  # type: ignore[attr-defined]
                    )
                )
            ):
                if kwargs:  # the loop and block variables Jinja passes for pass_context
                    kwargs.pop("_block_vars", None)
                    kwargs.pop("_loop_vars", None)
                try:
                    return __obj(*args, **kwargs)
                except StopIteration:
                    return __self.environment.undefined(
                        "value was undefined because a callable raised a StopIteration exception"
                    )
            return super().call(__obj, *args, **kwargs)

    return _FastContext


def _extends(theme_dir: Path) -> str | None:
    path = theme_dir / THEME_FILE
    if not path.is_file():
        return None
    try:
        data, _lines = parse_yaml(path.read_text(encoding="utf-8"))
    except yaml_error() as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ThemeError(f"invalid YAML: {exc.problem} (fix the theme file)", path, line) from exc
    if data is None:
        return None
    if not isinstance(data, dict) or set(data) - {"extends", "name", "description"}:
        raise ThemeError(
            "theme.yaml may hold only 'extends', 'name' and 'description' (remove other keys)",
            path,
            1,
        )
    parent = data.get("extends")
    if parent is not None and not isinstance(parent, str):
        raise ThemeError("'extends' must be a theme name (e.g. extends: default)", path, 1)
    return parent


@functools.cache
def _environment_class() -> type[jinja2.Environment]:
    """_Environment, made on first use (Jinja is imported only when templates are)."""
    import jinja2

    escape = _escape_function()

    class _Template(jinja2.Template):
        """A Template whose output expressions escape text through `_escape_function`."""

        @classmethod
        def from_code(cls, *args: Any, **kwargs: Any) -> jinja2.Template:
            """Load compiled code as Jinja does, then give it the quicker `escape`."""
            template = super().from_code(*args, **kwargs)
            # Every function of one compiled template shares these globals, where Jinja's
            # generated code looks `escape` up on each `{{ … }}` it writes.
            template.root_render_func.__globals__["escape"] = escape
            return template

    class _Environment(jinja2.Environment):
        """An Environment whose templates see its globals as one plain dict.

        Jinja gives each template a ChainMap over the environment's globals, so that
        globals added later still show; every render then copies that ChainMap into its
        context key by key in Python (and every include and import "with context" again).
        briefgen sets all its globals before the first template loads, so a dict
        snapshot holds the same names, and is copied in C.
        """

        def make_globals(self, d: Mapping[str, Any] | None) -> Any:
            """The globals of one template: the environment's, overlaid with D."""
            return {**self.globals, **(d or {})}

    _Environment.template_class = _Template

    return _Environment


@functools.cache
def _escape_function() -> Callable[[Any], Any]:
    """markupsafe.escape, quicker for the plain text nearly every `{{ … }}` writes.

    markupsafe builds each result through `Markup.__new__`, a Python function asking the
    text for `__html__`; a str has none, so its escaped copy is made a Markup directly.
    The same five characters are replaced, in the same way (tests/test_theme_context.py).
    """
    import markupsafe

    markup = markupsafe.Markup
    new = str.__new__
    slow = markupsafe.escape

    def escape(value: Any) -> Any:
        """VALUE escaped for HTML, as a Markup."""
        kind = value.__class__
        if kind is not str:
            if kind is markup:
                return value  # escape() would make an equal copy
            if kind is int:
                return new(markup, str(value))  # digits and "-": nothing to escape
            return slow(value)  # other numbers, undefined values, objects with __html__
        if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
            value = (
                value.replace("&", "&amp;")
                .replace(">", "&gt;")
                .replace("<", "&lt;")
                .replace("'", "&#39;")
                .replace('"', "&#34;")
            )
        return new(markup, value)

    return escape


def template_cache_dir() -> Path | None:
    """Where compiled templates are kept, for every project of this user; None: nowhere.

    Compiling a theme's templates took 0.2 to 0.5 s of every cold build. Like Python's
    `__pycache__`, the compiled code is kept per user and not per project, so that a
    build without `.briefgen/` (a fresh clone, a CI run) still finds it:
    `$BRIEFGEN_TEMPLATE_CACHE`, else `$XDG_CACHE_HOME/briefgen/templates`, else
    `~/.cache/briefgen/templates`; none with `BRIEFGEN_NO_CACHE` set, as for the gazetteer.
    """
    if os.environ.get("BRIEFGEN_NO_CACHE"):
        return None
    chosen = os.environ.get(TEMPLATE_CACHE_ENV, "")
    if chosen:
        return Path(chosen)
    base = user_cache_dir()
    return None if base is None else base / "templates"


_CACHE_MAGIC = b"briefgen-template-1\n"
"""The first bytes of a compiled template's file (the format, not the versions: see _salt)."""


@functools.cache
def _bytecode_cache_class() -> Callable[[Path], jinja2.BytecodeCache]:
    """_TemplateCache, made on first use (Jinja is imported only when templates are)."""
    import marshal

    import jinja2
    import jinja2.bccache

    class _TemplateCache(jinja2.BytecodeCache):
        """Compiled templates in one folder; whatever is wrong with it only means compiling.

        A file is used only when its first bytes name this format, the template's source
        checksum, and (in its name) the template, its file, and everything that shapes the
        compiled code (see `_salt`); a missing, stale, truncated or garbled file, or a
        folder that cannot be made or written, leaves the template to be compiled as
        without a cache. Jinja's own FileSystemBytecodeCache would unpickle the header
        (a garbled file could raise anything) and raise on a folder it cannot write.
        """

        def __init__(self, folder: Path) -> None:
            self.folder = folder
            self._usable: bool | None = None

        def get_bucket(
            self, environment: jinja2.Environment, name: str, filename: str | None, source: str
        ) -> jinja2.bccache.Bucket:
            """The bucket of template NAME, with its compiled code when the cache has it."""
            key = f"{_salt(environment)}\0{name}\0{filename or ''}"
            bucket = jinja2.bccache.Bucket(
                environment,
                hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest(),
                self.get_source_checksum(source),
            )
            self.load_bytecode(bucket)
            return bucket

        def _file(self, bucket: jinja2.bccache.Bucket) -> Path:
            return self.folder / f"{bucket.key}.jinja"

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            """Give BUCKET the code kept for it, if it is there and whole."""
            if not self._ready():
                return
            try:
                data = self._file(bucket).read_bytes()
            except OSError:
                return  # not kept yet (or unreadable): compiled
            header = _CACHE_MAGIC + bucket.checksum.encode("ascii") + b"\n"
            if not data.startswith(header):
                return  # another source (the template was edited), or garbled
            try:
                code = marshal.loads(memoryview(data)[len(header) :])
            except (EOFError, ValueError, TypeError):
                return  # truncated or garbled
            if isinstance(code, types.CodeType):
                bucket.code = code

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            """Keep BUCKET's freshly compiled code: a new file renamed over the old one, so
            that another build reading it at the same moment sees either file whole."""
            if bucket.code is None or not self._ready():
                return
            header = _CACHE_MAGIC + bucket.checksum.encode("ascii") + b"\n"
            try:
                atomic_write(self._file(bucket), header + marshal.dumps(bucket.code))
            except OutputError as exc:  # a full disk, a read-only folder: compiled next time
                log.debug("compiled template not kept in %s: %s", self.folder, exc)
                self._usable = False

        def _ready(self) -> bool:
            """Whether the folder is there (made if not) and only this user can write it."""
            if self._usable is None:
                try:
                    self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                    info = os.stat(self.folder)
                except OSError as exc:
                    log.debug("no template cache in %s: %s", self.folder, exc)
                    self._usable = False
                    return False
                # Its files are code this process runs: as with __pycache__, nobody else
                # may write them.
                owner = getattr(os, "getuid", lambda: info.st_uid)()
                self._usable = (
                    stat.S_ISDIR(info.st_mode)
                    and info.st_uid == owner
                    and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
                )
                if not self._usable:
                    log.debug("no template cache in %s: others may write it", self.folder)
            return self._usable

        def clear(self) -> None:
            """Remove every compiled template kept in the folder."""
            for path in self.folder.glob("*.jinja"):
                path.unlink(missing_ok=True)

    return _TemplateCache


def _salt(env: jinja2.Environment) -> str:
    """Everything besides the source that shapes a template's compiled code, as text.

    Jinja's and Python's versions, the syntax and whitespace settings, the extensions,
    and the filter and test names (an unknown one is an error when compiling).
    """
    import jinja2

    settings = (
        jinja2.__version__,
        sys.version,
        sys.implementation.cache_tag,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.autoescape,
        env.finalize,
        env.optimized,
        env.is_async,
        sorted(env.extensions),
        env.code_generator_class,
        sorted(env.filters),
        sorted(env.tests),
    )
    return repr(settings)


def make_environment(theme: Theme, globals_: Mapping[str, Any] | None = None) -> jinja2.Environment:
    """One Jinja environment over the chain: autoescape on, undefined names are errors.

    GLOBALS_ are final: templates loaded from it take a copy of them (see _Environment).
    """
    import jinja2

    env = _environment_class()(
        loader=_loader_class()([str(d) for d in theme.template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        # Every template stays loaded, in a plain dict: the default LRU cache takes a lock
        # and reorders a deque on each of the several lookups a page makes (extends,
        # include, import), and a theme's templates are few.
        cache_size=-1,
        bytecode_cache=_bytecode_cache(),
    )
    env.context_class = _context_class()
    env.globals.update(globals_ or {})  # before any template loads (see _Environment)
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The cache of compiled templates (see template_cache_dir), or None."""
    folder = template_cache_dir()
    return None if folder is None else _bytecode_cache_class()(folder)


def get_template(env: jinja2.Environment, theme: Theme, name: str) -> jinja2.Template:
    """Load template NAME, turning Jinja's errors into ThemeErrors with file and line."""
    import jinja2

    try:
        return env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise ThemeError(
            f"template syntax error: {exc.message} (fix the template)",
            exc.filename or name,
            exc.lineno,
        ) from exc
    except jinja2.TemplateNotFound as exc:
        searched = ", ".join(str(d) for d in theme.template_dirs)
        wanted = exc.name if isinstance(exc.name, str) else name
        raise ThemeError(
            f"template '{wanted}' not found (searched {searched}; add it to your theme)"
        ) from exc


def template_error(exc: Exception, name: str) -> ThemeError:
    """A ThemeError naming the template file and line where rendering failed."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return ThemeError(
            f"template syntax error: {exc.message} (fix the template)",
            exc.filename or name,
            exc.lineno,
        )
    filename, line = name, None
    tb = exc.__traceback__
    while tb is not None:
        # Jinja rewrites its frames to point at the template source: keep the innermost.
        if tb.tb_frame.f_code.co_filename.endswith((".html", ".xml", ".txt")):
            filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    message = str(exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else exc)
    if isinstance(exc, jinja2.UndefinedError):
        message += " (check the variable name, or guard it with 'is defined')"
    else:
        message = f"{type(exc).__name__}: {message} (fix the template)"
    return ThemeError(message, filename, line)
