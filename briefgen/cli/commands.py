"""click commands: the only module that imports click, and (with the quick path beside it,
briefgen/cli/__init__.py) the only one that prints, exits, or turns errors into "Error: …"."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
import yaml

from briefgen import __version__
from briefgen.cli import setup_logging
from briefgen.config import CONFIG_NAME, Config, load_config
from briefgen.errors import BriefgenError, ConfigError, ErrorList, SeedError, shown

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("briefgen")


def _shown(error: BriefgenError) -> str:
    """The error with its path relative to the current folder when it lies inside it."""
    return shown(error, Path.cwd())


@contextmanager
def _user_errors(ctx: click.Context) -> Iterator[None]:
    """Turn BriefgenError into `Error: path:line: …` and exit 1 (a traceback with --debug)."""
    try:
        yield
    except BriefgenError as exc:
        if ctx.obj.get("debug"):
            raise
        errors = exc.errors if isinstance(exc, ErrorList) else [exc]
        for error in errors:
            click.echo(f"Error: {_shown(error)}", err=True)
        if len(errors) > 1:
            click.echo(f"{len(errors)} errors; nothing was changed by the failed step.", err=True)
        ctx.exit(1)
    except KeyboardInterrupt:
        if ctx.obj.get("debug"):
            raise
        click.echo("Interrupted.", err=True)
        ctx.exit(130)


def _config(ctx: click.Context, *, project: bool = True, **overrides: Any) -> Config:
    """The project's settings; with PROJECT, refuse a folder that has no briefgen.yaml."""
    root: Path = ctx.obj["project"]
    if project and not (root / CONFIG_NAME).is_file():
        raise ConfigError(
            f"{root} is not a briefgen project: there is no {CONFIG_NAME} "
            f"(create a project with `briefgen new DIR`, or point -C at one)"
        )
    return load_config(root, overrides)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Example:\n\n  briefgen new my-briefings && cd my-briefings && briefgen build",
)
@click.version_option(__version__, "--version", prog_name="briefgen")
@click.option(
    "-C",
    "--project",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder (where briefgen.yaml, seeds/ and content/ are); it must exist.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show per-file detail.")
@click.option("-q", "--quiet", is_flag=True, help="Show only warnings and errors.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors (for bug reports).")
@click.pass_context
def cli(ctx: click.Context, project: Path, verbose: bool, quiet: bool, debug: bool) -> None:
    """briefgen: turn news articles into a browsable briefing site.

    Seeds (seeds/*.txt) are ingested into Markdown with extracted actors, locations
    and tags (content/*.md), which you may edit; build renders them into site/.
    """
    ctx.ensure_object(dict)
    ctx.obj.update(project=project.resolve(), debug=debug)
    setup_logging(1 if (verbose or debug) else -1 if quiet else 0)


def _progress(label: str) -> Callable[[int, int], None] | None:
    """A progress counter on a terminal; nothing when stderr is piped or --quiet."""
    if not sys.stderr.isatty() or log.getEffectiveLevel() > logging.INFO:
        return None

    def show(done: int, total: int) -> None:
        step = max(1, total // 100)
        if total >= 20 and (done % step == 0 or done == total):
            click.echo(f"\r{label} {done}/{total}", err=True, nl=done == total)

    return show


_JOBS_OPTION = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Local processes that extract seeds, and read and render content (build) "
    "[default: the number of cores; 1 runs in this process].",
)


def _print_seed_errors(errors: tuple[BriefgenError, ...]) -> None:
    """Print the seeds ingest could not read, one `Error:` line each."""
    for error in errors:
        click.echo(f"Error: {_shown(error)}", err=True)


@cli.command(
    epilog="Example:\n\n  briefgen ingest\n\n  briefgen ingest --force seeds/2020/belarus.txt"
)
@click.argument("seeds", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Regenerate even hand-edited or deleted content files (edited ones are backed up "
    "to .briefgen/backups/ first).",
)
@_JOBS_OPTION
@click.option(
    "--executor",
    default="local",
    show_default=True,
    metavar="local|dask://HOST:PORT",
    help="Where seeds are extracted: local processes, or a Dask cluster's scheduler "
    "(needs `pip install 'briefgen[dask]'`).",
)
@click.pass_context
def ingest(
    ctx: click.Context, seeds: tuple[Path, ...], force: bool, jobs: int | None, executor: str
) -> None:
    """Turn seed articles into content/YYYY/<slug>.md, keeping hand edits.

    With no SEEDS, every seeds/**/*.txt is ingested. The extraction runs on all cores (or
    on a Dask cluster); the content files are the same whatever runs it.
    """
    from briefgen.build import Builder
    from briefgen.parallel import parse_workers

    with _user_errors(ctx):
        report = Builder(_config(ctx)).ingest(
            seeds or None,
            force=force,
            progress=_progress("ingest"),
            workers=parse_workers(jobs, executor),
        )
        _print_seed_errors(report.errors)
        if report.errors:
            ctx.exit(1)


@cli.command(
    epilog="Example:\n\n  briefgen build\n\n"
    "  briefgen build --base-url https://example.org/briefings/ --output public"
)
@click.option("--drafts", is_flag=True, help="Include briefings marked `draft: true`.")
@click.option(
    "--force",
    is_flag=True,
    help="Pass --force to the ingest step, and build without the build cache.",
)
@click.option("--no-ingest", is_flag=True, help="Build from content/ only; skip seeds.")
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path), help="Output folder."
)
@click.option("--base-url", help="Absolute URL the site is published at (feeds, sitemap).")
@_JOBS_OPTION
@click.pass_context
def build(
    ctx: click.Context,
    drafts: bool,
    force: bool,
    no_ingest: bool,
    output: Path | None,
    base_url: str | None,
    jobs: int | None,
) -> None:
    """Ingest seeds, then render content/ into the site folder."""
    from briefgen.build import Builder
    from briefgen.parallel import fewer_collections, parse_workers

    with _user_errors(ctx), fewer_collections():
        config = _config(ctx, output_dir=output.resolve() if output else None, base_url=base_url)
        workers = parse_workers(jobs, None)
        report = Builder(config, drafts=drafts).build(
            ingest=not no_ingest,
            force=force,
            workers=workers,
            ingest_progress=_progress("ingest"),
            render_progress=_progress("render"),
            on_ingest=lambda seeds: _print_seed_errors(seeds.errors),
        )
        bad_seeds = len(report.seed_errors)
        log.info("%s", report.summary())
        if bad_seeds:
            click.echo(
                f"Error: {bad_seeds} seed(s) could not be ingested (see above); "
                "the site was built from the others.",
                err=True,
            )
            ctx.exit(1)


@cli.command(epilog="Example:\n\n  briefgen serve --port 8080 --open")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.option("--poll", is_flag=True, help="Poll for changes (network drives, containers, WSL).")
@click.option("--drafts", is_flag=True, help="Include briefings marked `draft: true`.")
@click.pass_context
def serve(
    ctx: click.Context, host: str, port: int, open_browser: bool, poll: bool, drafts: bool
) -> None:
    """Build, serve on loopback, and rebuild and reload the browser on every change."""
    from briefgen.serve import serve as run_server

    with _user_errors(ctx):
        config = _config(ctx)
        run_server(
            config, host=host, port=port, open_browser=open_browser, poll=poll, drafts=drafts
        )


@cli.command(
    epilog="Example:\n\n  briefgen extract seeds/*.txt\n\n"
    "  briefgen extract --jsonl < docs.jsonl > predictions.jsonl\n\n"
    "  briefgen extract --explain seeds/one.txt"
)
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--jsonl",
    is_flag=True,
    help='Read {"id", "text", "title"?} JSON lines on stdin; write {"id", "actors", '
    '"locations", "sources"} lines (actors include the sources, as the gold format counts '
    "them).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="For each entity of each FILE, print the rules that decided its type, then the "
    "candidates that were dropped and the rule that dropped them.",
)
@click.pass_context
def extract(ctx: click.Context, files: tuple[Path, ...], jsonl: bool, explain: bool) -> None:
    """Print the title, date, actors and locations briefgen finds in seed files."""
    from briefgen.extract import load_registry

    with _user_errors(ctx):
        if bool(files) == jsonl:
            raise click.UsageError("give seed FILES, or --jsonl with documents on stdin")
        if explain and jsonl:
            raise click.UsageError("--explain reads seed FILES, not --jsonl")
        config = _config(ctx, project=False)  # extract works on any file, in any folder
        registry = load_registry(config.extraction.registry_path)
        if jsonl:
            _extract_jsonl(registry, config)
            return
        if explain:
            _explain_files(files, registry, config)
            return
        _extract_files(files, registry, config)


def _explain_files(files: tuple[Path, ...], registry: Any, config: Config) -> None:
    """Print, per file, each entity with its deciding rules, and each dropped candidate."""
    from briefgen.extract.engine import explain_entities
    from briefgen.seeds import read_seed

    errors: list[BriefgenError] = []
    for path in files:
        try:
            seed = read_seed(path, config.root)
        except SeedError as exc:
            errors.append(exc)
            continue
        found = explain_entities(seed.title, seed.text, registry)
        click.echo(f"{seed.source}")
        for kind in ("actor", "source", "location"):
            entities = [e for e in found.entities if e.kind == kind]
            click.echo(f"  {kind}s:" + ("" if entities else " none"))
            for e in entities:
                rules = ", ".join(f"{rule} ×{n}" for rule, n in e.rules)
                also = f"  (also: {', '.join(e.aliases)})" if e.aliases else ""
                click.echo(f"    {e.name}: {rules}{also}")
        click.echo("  dropped:" + ("" if found.dropped else " none"))
        for text, rule in found.dropped:
            click.echo(f"    {text}: {rule}")
    if errors:
        raise ErrorList(errors) if len(errors) > 1 else errors[0]


def _extract_jsonl(registry: Any, config: Config) -> None:
    """Extract for measurement: every name found, without the site's per-briefing caps.

    All lines are read first, so that an external backend runs once for the whole batch.
    """
    from briefgen.extract import Document, extract_batch

    uncapped = dataclasses.replace(config.extraction, max_actors=0, max_locations=0)
    documents: list[Document] = []
    ids: list[Any] = []
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            doc_id, text = doc["id"], doc["text"]
        except (ValueError, KeyError, TypeError) as exc:
            raise BriefgenError(
                f"each line must be a JSON object with 'id' and 'text' ({exc})", "<stdin>", number
            ) from exc
        ids.append(doc_id)
        documents.append(Document(str(len(documents)), str(doc.get("title") or ""), str(text)))
    found = extract_batch(documents, registry=registry, settings=uncapped, project_dir=config.root)
    for doc_id, extraction in zip(ids, found, strict=True):
        # The gold format counts cited outlets as organisations: they are actors here too,
        # and also listed under "sources".
        out = {
            "id": doc_id,
            "actors": [*extraction.actors, *extraction.sources],
            "locations": list(extraction.locations),
            "sources": list(extraction.sources),
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _extract_files(files: tuple[Path, ...], registry: Any, config: Config) -> None:
    from briefgen.extract import Document, extract_batch
    from briefgen.lead import derive_title, seed_lead
    from briefgen.seeds import read_seed

    errors: list[BriefgenError] = []
    seeds = []
    for path in files:
        try:
            seeds.append(read_seed(path, config.root))
        except SeedError as exc:
            errors.append(exc)
    found = extract_batch(
        [Document(seed.source, seed.title, seed.text) for seed in seeds],
        registry=registry,
        settings=config.extraction,
        project_dir=config.root,
    )
    documents = []
    for seed, extraction in zip(seeds, found, strict=True):
        documents.append(
            {
                "file": seed.source,
                "title": seed.title or derive_title(seed_lead(seed)),
                "date": seed.date,
                "actors": list(extraction.actors),
                "locations": list(extraction.locations),
                "sources": list(extraction.sources),
                "tags": list(extraction.tags),
                "topics": list(extraction.topics),
                "places": {
                    p.name: {"country": p.country_code, "lat": p.latitude, "lon": p.longitude}
                    for p in extraction.places
                },
            }
        )
    if documents:
        click.echo(
            yaml.safe_dump_all(documents, sort_keys=False, allow_unicode=True, width=10_000),
            nl=False,
        )
    if errors:
        raise ErrorList(errors) if len(errors) > 1 else errors[0]


@cli.command(
    epilog="Example:\n\n  briefgen entities\n\n  briefgen entities --merges\n\n"
    "  briefgen entities --merges --json > merges.json"
)
@click.option(
    "--merges",
    is_flag=True,
    help="Also list every cross-briefing merge with its rule, reason and evidence.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def entities(ctx: click.Context, merges: bool, as_json: bool) -> None:
    """Print the site's actors and locations (from content/) with counts and aliases.

    With --merges, also every name that ingest listed under the name other briefings use,
    and why, so that a wrong merge can be fixed in content/_entities.yaml.
    """
    from briefgen.entities import list_entities, report_json, report_text

    with _user_errors(ctx):
        report = list_entities(_config(ctx))
        if as_json:
            text = json.dumps(report_json(report, merges=merges), ensure_ascii=False, indent=1)
            click.echo(text)
        else:
            click.echo(report_text(report, merges=merges), nl=False)


@cli.command(epilog="Example:\n\n  briefgen new my-briefings --title 'Eastern Europe Watch'")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--title", default="My Briefings", show_default=True, help="Site title.")
@click.pass_context
def new(ctx: click.Context, directory: Path, title: str) -> None:
    """Create a new project in DIRECTORY that `briefgen build` builds at once."""
    from briefgen.scaffold import create_project

    with _user_errors(ctx):
        created = create_project(directory, title=title)
        log.info(
            "Created %s (%d files). Next: cd %s && briefgen build",
            directory,
            len(created),
            directory,
        )
