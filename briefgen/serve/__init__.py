"""Dev server: build in memory, watch, debounce, rebuild, live-reload, show errors in page.

Threads: the caller's thread runs the rebuild loop (so Ctrl-C lands there), watchdog
feeds a Debounce from its own thread, and the HTTP server holds every connection on one
asyncio loop in its own thread, answering each request from whatever Snapshot is current
when the request arrives.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
import threading
import time
import webbrowser

from briefgen.build import Builder
from briefgen.config import Config
from briefgen.serve.httpd import SiteServer, bind_server
from briefgen.serve.live import LiveSite
from briefgen.serve.rebuild import Outcome, Rebuilder
from briefgen.serve.watch import Change, Debounce, start_observer, stop_observer, watch_roots
from briefgen.urls import site_prefix

__all__ = ["serve"]

logger = logging.getLogger(__name__)
timing_logger = logging.getLogger("briefgen.serve.timing")
"""Debug lines with time.monotonic() stamps of each step of an edit (bench/serve_latency.py)."""

_TICK_SECONDS = 0.25
"""How often the rebuild loop looks at the stop event while idle."""


def is_loopback(host: str) -> bool:
    """True when only this machine can reach HOST."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    config: Config,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    poll: bool = False,
    drafts: bool = False,
    ready: threading.Event | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Ingest + build, serve from memory, watch and rebuild until stop is set or Ctrl-C.

    A port already in use raises BriefgenError at once (before any build work) rather
    than silently moving to another port: the URL a person has open stays the right one.
    Port 0 picks a free port; the URL logged when ready names it.
    """
    stop = stop or threading.Event()
    if not is_loopback(host):
        logger.warning(
            "listening on %s: anyone who can reach this machine can read the site "
            "(use --host 127.0.0.1 to keep it private)",
            host,
        )
    prefix = site_prefix(config.base_url)
    live = LiveSite(secrets.token_hex(6), prefix)
    server = bind_server(host, port, live, prefix)
    observer = None
    http_thread = None
    try:
        rebuilder = Rebuilder(Builder(config, drafts=drafts))
        started = time.perf_counter()
        outcome = _attempt(rebuilder, None)
        _publish(live, outcome, started)
        roots = watch_roots(rebuilder.config)
        debounce = Debounce()
        observer = start_observer(roots, debounce, poll=poll)
        http_thread = threading.Thread(
            target=server.serve_forever,
            name="briefgen-http",
            daemon=True,
        )
        http_thread.start()
        url = _url(server, prefix)
        logger.info("Serving on %s (Ctrl-C to stop)", url)
        if open_browser:
            webbrowser.open(url)
        if ready is not None:
            ready.set()
        while not stop.is_set():
            batch = debounce.wait(_TICK_SECONDS)
            if not batch:
                refreshed = rebuilder.refresh_search()
                if refreshed is not None:  # index files only: no page reloads for them
                    live.replace_files(refreshed.files)
                continue
            started = time.perf_counter()
            outcome = _attempt(rebuilder, batch)
            built = time.monotonic()
            published = _publish(live, outcome, started)
            if timing_logger.isEnabledFor(logging.DEBUG):
                times = debounce.last_batch
                timing_logger.debug(
                    "batch first change %.6f, last change %.6f, taken %.6f, "
                    "built %.6f, published %.6f",
                    times.first,
                    times.last,
                    times.taken,
                    built,
                    published,
                )
            if rebuilder.config is not config and (
                site_prefix(rebuilder.config.base_url) != prefix
            ):
                logger.warning(
                    "base_url now puts the site under another path; restart briefgen serve "
                    "to serve it there (still serving under %s)",
                    prefix,
                )
            config = rebuilder.config
            new_roots = watch_roots(rebuilder.config)
            if new_roots.existing_dirs() != roots.existing_dirs():
                # A watched folder appeared, vanished or moved in the config.
                stop_observer(observer)
                roots = new_roots
                observer = start_observer(roots, debounce, poll=poll)
    except KeyboardInterrupt:
        logger.info("Stopped.")
    finally:
        live.close()
        if observer is not None:
            stop_observer(observer)
        if http_thread is not None:
            server.shutdown()
        server.server_close()


def _attempt(rebuilder: Rebuilder, batch: frozenset[Change] | None) -> Outcome:
    """One rebuild; a bug in briefgen is logged with its traceback but never kills serve."""
    try:
        if batch is None:
            return rebuilder.build_all()
        return rebuilder.apply(batch)
    except Exception as exc:  # a bug, not a bad edit: say so, keep the last good site
        logger.exception("internal error while rebuilding (please report it)")
        current = rebuilder.current()
        return Outcome(
            files=current.files,
            error=f"internal error: {type(exc).__name__}: {exc} (see the terminal)",
            config=rebuilder.config,
            summary="internal error",
        )


def _publish(live: LiveSite, outcome: Outcome, started: float) -> float:
    """Swap the outcome in and say once, in one line, what happened.

    Returns the time.monotonic() at which the new state was handed to the browsers.
    """
    previous_error = live.snapshot.error
    changed = live.publish(outcome.files, outcome.error)
    published = live.published_at
    took = (time.perf_counter() - started) * 1000
    if outcome.error is not None:
        if outcome.error != previous_error:
            logger.error("build failed (still serving the last good site):\n%s", outcome.error)
        return published
    if previous_error is not None:
        logger.info("Fixed: %s rebuilt in %.0f ms", outcome.summary, took)
    elif changed is None:
        logger.info("%s: no page changed (%.0f ms)", outcome.summary, took)
    else:
        logger.info("%s: %d files changed in %.0f ms", outcome.summary, len(changed), took)
    return published


def _url(server: SiteServer, prefix: str) -> str:
    host, port = server.server_address[:2]
    name = host.decode() if isinstance(host, bytes) else str(host)
    shown = f"[{name}]" if ":" in name else name
    return f"http://{shown}:{port}{prefix}"
