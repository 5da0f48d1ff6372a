"""Site → Output: each page rendered alone, HTML through the theme, feeds and data in Python."""

from __future__ import annotations

import datetime
import functools
import html
import json
import logging
import re
import uuid
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jinja2
import jinja2.meta
import markupsafe
from jinja2 import nodes

from briefgen.charts import (
    counterpart_items,
    place_items,
    profile_markup,
    timeline_rows,
    timeline_svg,
)
from briefgen.config import Config
from briefgen.dates import MONTHS, format_date, format_date_range
from briefgen.errors import ThemeError
from briefgen.geo import (
    WORLD_HEIGHT,
    WORLD_WIDTH,
    country_bounds,
    country_label,
    country_name,
    country_outline,
    country_spellings,
    fit_view,
    format_coordinates,
    map_point,
    map_view,
    near_points,
    world_svg,
    world_view,
)
from briefgen.lead import could_derive_summary, derive_summary
from briefgen.model import Article, ArticlePage, Feed, Page, Robots, Site, Sitemap, WorldMap
from briefgen.overview import first_sentence, topic_label
from briefgen.safetext import xml_safe
from briefgen.searchindex import INDEX_DIR
from briefgen.theme import (
    PACKAGE_THEMES_DIR,
    Theme,
    get_template,
    make_environment,
    template_error,
)
from briefgen.urls import (
    SEARCH_DIR,
    absolute_url,
    day_url_path,
    month_url_path,
    page_url_path,
    relative_url,
    site_prefix,
    term_url_path,
    year_url_path,
)

GENERATOR = "briefgen"

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Renderer:
    """What every page render needs: settings, the theme chain and its Jinja environment."""

    config: Config
    """The project settings (title, language, base_url …)."""
    theme: Theme
    """The resolved theme chain."""
    env: jinja2.Environment
    """One environment over the chain; templates are compiled once and reused."""
    cards: dict[tuple[int, str], tuple[Article, markupsafe.Markup, bool]]
    """Rendered `_card.html` or `_related_item.html` per (article, template): an article's
    summary card is the same on every list page but for its links' `../` prefix, so it is
    rendered once with LINK_PREFIX in their place, which each page replaces by its own
    (True in the value). Where a template does not use its links as they are (the count
    of LINK_PREFIX differs from its url() calls), the key also holds the page's prefix and
    the value is the card as rendered (False). The article is kept in the value so an id
    is never mistaken for a newer object's."""
    plans: dict[str, PiecePlan | None] = field(default_factory=dict)
    """Template name → what a `shared()` piece reads (None: it cannot be shared)."""
    pieces: dict[tuple[Hashable, ...], tuple[Site, markupsafe.Markup]] = field(default_factory=dict)
    """Rendered `shared()` pieces by (template, link prefix, what they read); the site is
    kept in the value, as serve renders a newer site with the same renderer."""
    chips: dict[tuple[str, str, str, str, tuple[bool, str]], tuple[Site, markupsafe.Markup]] = (
        field(default_factory=dict)
    )
    """Rendered `_chip.html` by (taxonomy, name, country code, country label, link prefix):
    a term's chip
    is the same on every briefing page that names it (the site kept as in `pieces`)."""


@dataclass(frozen=True, slots=True)
class PiecePlan:
    """What a page piece rendered through `shared()` reads of its page, found in its source."""

    chains: tuple[tuple[str, ...], ...]
    """Attribute paths it reads of `page` (`("pager", "number")` for `page.pager.number`)."""
    values: tuple[str, ...]
    """Helpers it reads whose values differ by page, not by link prefix (`canonical_url`)."""


LINK_PREFIX = "\x00briefgen-link-prefix\x00"
"""What a cached card's links start with until a page puts its own prefix in (see
`Renderer.cards`): characters no escaping changes, and never left in an output."""


def make_renderer(config: Config, theme: Theme) -> Renderer:
    """Prepare the Jinja environment with the helpers templates may call."""
    env = make_environment(
        theme,
        {
            "site": {
                "title": config.title,
                "description": config.description,
                "language": config.language,
                "author": config.author,
                "base_url": config.base_url,
                "taxonomies": config.taxonomies,
            },
            "country_name": country_name,
            "country_label": country_label,
            "lead_repeated": lead_repeated,
            "json_ld": article_json_ld,
            "day_path": day_url_path,
            "month_path": month_url_path,
            "year_path": year_url_path,
            "months": MONTHS,
            "first_sentence": first_sentence,
            "term_label": term_label,
            "search_path": SEARCH_DIR,
            "search_engine": config.search,
            "search_index_path": INDEX_DIR,
            # maps (briefgen/geo.py): a window onto static/world.svg and its markers
            "map_view": map_view,
            "map_point": map_point,
            "world_view": world_view,
            "fit_view": fit_view,
            "near_points": near_points,
            "country_outline": country_outline,
            "country_bounds": country_bounds,
            "timeline_svg": timeline_svg,
            "timeline_rows": timeline_rows,
            "counterpart_items": counterpart_items,
            "place_items": place_items,
            "coordinates": format_coordinates,
            "world_size": (WORLD_WIDTH, WORLD_HEIGHT),
        },
    )
    env.filters["date"] = format_date
    env.filters["date_range"] = format_date_range
    env.filters["label"] = lambda name: str(name).replace("_", " ").capitalize()
    env.filters["host"] = lambda address: urlsplit(str(address)).hostname or ""
    return Renderer(config=config, theme=theme, env=env, cards={}, plans={}, pieces={}, chips={})


def term_label(taxonomy: str, name: str) -> str:
    """How a term reads on a page: a tag as its topic's name ("Conflict, war and peace" for
    `conflict-war-peace`, as the tag's own page is titled), any other term as it is."""
    return topic_label(name) if taxonomy == "tags" else name


def compile_templates(renderer: Renderer) -> int:
    """Compile every template of the theme chain now; returns how many compiled.

    Called before workers are forked (briefgen/pool.py), so they share the compiled
    templates instead of each compiling them again. A template that fails to load is
    left alone here: it fails, with its file and line, when a page uses it.
    """
    compiled = 0
    pieces: set[str] = set()
    for name in renderer.env.list_templates(extensions=["html", "xml", "txt"]):
        try:
            template = renderer.env.get_template(name)
        except (jinja2.TemplateError, ThemeError, OSError):
            continue
        compiled += 1
        if template.filename is not None:
            with open(template.filename, encoding="utf-8") as handle:
                pieces.update(_SHARED_CALL.findall(handle.read()))
    # What each `shared()` piece reads, found once here rather than in every worker (a
    # name the pattern misses is planned where it is first rendered, as without this).
    for name in sorted(pieces):
        if name not in renderer.plans:
            renderer.plans[name] = piece_plan(renderer.env, name)
    return compiled


_SHARED_CALL = re.compile(r"""\bshared\(\s*["']([^"'\\]+)["']\s*\)""")
"""A `shared("_piece.html")` call in a template's source."""


def article_json_ld(article: Article, page_url: str = "") -> markupsafe.Markup:
    """The briefing as schema.org NewsArticle JSON-LD, safe inside a <script> element.

    `<`, `>` and `&` are written as JSON escapes, so no text from a seed or front matter can
    close the script element ("</script>") or open a comment; U+2028/2029 likewise.
    """
    about: list[dict[str, Any]] = [
        {"@type": "Thing", "name": name} for name in article.names("actors")
    ]
    for name in article.names("locations"):
        place: dict[str, Any] = {"@type": "Place", "name": name}
        for known in article.places:
            if known.name == name and known.latitude is not None and known.longitude is not None:
                place["geo"] = {
                    "@type": "GeoCoordinates",
                    "latitude": known.latitude,
                    "longitude": known.longitude,
                }
        about.append(place)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date.isoformat(),
    }
    if article.summary:
        data["description"] = article.summary
    if page_url:
        data["url"] = page_url
    if article.source.startswith(("http://", "https://")):
        data["isBasedOn"] = article.source
    if article.outlet:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.outlet}
    if article.license:
        data["license"] = article.license
    if article.dateline:
        data["dateline"] = article.dateline
    if about:
        data["about"] = about
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return markupsafe.Markup(text)


def lead_repeated(article: Article) -> bool:
    """True when the body opens with the summary (ingest's lead), so a page shows it once."""
    summary = " ".join(article.summary.split()).rstrip("…. ")
    body = article.body  # UTF-8: only the first paragraph is decoded
    if not summary or not body.startswith(b"<p>"):
        return False
    end = body.find(b"</p>")
    first = body[3:end].decode("utf-8", "surrogatepass") if end >= 0 else article.body_html[3:-1]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", first)).split())
    # Ingest's summary leaves out the lead's dateline and time phrases ("SANTIAGO - …").
    return text.startswith(summary) or (
        could_derive_summary(text, summary) and derive_summary(text).rstrip("…. ") == summary
    )


def render_page(page: Page, site: Site, renderer: Renderer) -> bytes:
    """Render one page to bytes; only PAGE and the site's term slugs are read."""
    if isinstance(page, Feed):
        return render_feed(page, renderer.config)
    if isinstance(page, Sitemap):
        return render_sitemap(page, renderer.config)
    if isinstance(page, Robots):
        return render_robots(page, renderer.config)
    if isinstance(page, WorldMap):
        return world_svg()
    template = get_template(renderer.env, renderer.theme, f"{page.kind}.html")
    try:
        text = template.render(page=page, **_helpers(page.path, site, renderer, page))
    except ThemeError:
        raise
    except Exception as exc:  # any template failure becomes file:line for the user
        raise template_error(exc, template.filename or template.name or "") from exc
    return text.encode("utf-8")


CARD = "_card.html"
"""A briefing's summary card on the list pages (`cards(...)` in the templates)."""


def card_of(page: Page, site: Site, renderer: Renderer) -> markupsafe.Markup | None:
    """PAGE's briefing's card with LINK_PREFIX links, to hand to other processes; None when
    PAGE is no briefing, the theme has no card, or its card cannot be shared (see
    `Renderer.cards`).

    A render worker calls it after the briefing page, so that each card is rendered once
    in the whole build (`adopt_cards` in the parent, then inherited by the workers that
    render the list pages) instead of once in every worker whose list pages show it.
    """
    if not isinstance(page, ArticlePage):
        return None
    article = page.article
    try:
        get_template(renderer.env, renderer.theme, CARD)
    except (ThemeError, jinja2.TemplateError):
        return None  # no card in this theme: no list page asks for one
    try:
        _helpers(page.path, site, renderer)["card"](article)
    except Exception as exc:  # a list page that shows it raises it again, with file:line
        log.debug("card of %s not shared: %s", page.path, exc)
        return None
    hit = renderer.cards.get((id(article), CARD))
    return hit[1] if hit is not None and hit[0] is article and hit[2] else None


def adopt_cards(
    renderer: Renderer, site: Site, cards: Iterable[tuple[str, markupsafe.Markup | None]]
) -> int:
    """Take in CARDS (briefing page path, `card_of` it) made elsewhere; returns how many."""
    adopted = 0
    for path, markup in cards:
        page = site.pages.get(path)
        if markup is not None and isinstance(page, ArticlePage):
            renderer.cards[(id(page.article), CARD)] = (page.article, markup, True)
            adopted += 1
    return adopted


def render_static(theme: Theme) -> dict[str, bytes]:
    """The theme's static files, children overriding parents."""
    files: dict[str, bytes] = {}
    for path, source in theme.static_files.items():
        try:
            files[path] = source.read_bytes()
        except OSError as exc:
            raise ThemeError(f"cannot read static file: {exc.strerror} (check it)", source) from exc
    return files


def _helpers(
    from_path: str, site: Site, renderer: Renderer, page: Page | None = None
) -> dict[str, Any]:
    """Link helpers bound to one page, so every internal link is relative to it."""
    config = renderer.config
    if from_path == "404.html" and config.base_url:
        # A host serves 404.html at any depth: links must not depend on where it sits.
        root = site_prefix(config.base_url)
        link_prefix = root

        def url(target: str) -> str:
            return root + target

    else:
        link_prefix = "../" * from_path.count("/")  # as relative_url makes them

        def url(target: str) -> str:
            return relative_url(from_path, target)

    def term_url(taxonomy: str, name: str) -> str:
        return url(term_url_path(taxonomy, site.slugs[(taxonomy, name)]))

    def country_url(code: str) -> str:
        """The page of the country with alpha-2 CODE among the locations, or ""."""
        for name in country_spellings(code) if code else ():
            if ("locations", name) in site.slugs:
                return term_url("locations", name)
        return ""

    canonical = ""
    if config.base_url and from_path != "404.html":
        canonical = absolute_url(config.base_url, page_url_path(from_path))

    def month_url(year: int, month: int) -> str:
        return url(month_url_path(year, month))

    helpers: dict[str, Any] = {
        "url": url,
        "term_url": term_url,
        "country_url": country_url,
        "month_url": month_url,
        "canonical_url": canonical,
    }
    prefix = url("")
    # url(target) is LINK_PREFIX + target for every target but "" (see _render_card);
    # escaped as the page escapes the whole link (escaping goes character by character).
    escaped_prefix = str(markupsafe.escape(link_prefix))
    cards = renderer.cards

    def cached(template_name: str, article: Article) -> markupsafe.Markup:
        # One rendering per briefing and template, reused on every page that lists it: the
        # 50,000 related entries of a 10,000-briefing site render 10,000 times.
        hit = cards.get((id(article), template_name))
        if hit is not None and hit[0] is article:
            if hit[2]:
                # str.replace: Markup.replace would escape the escaped prefix again;
                # str.__new__: the text is markup, Markup() would ask it for __html__.
                return str.__new__(
                    markupsafe.Markup, str.replace(hit[1], LINK_PREFIX, escaped_prefix)
                )
        elif hit is None or hit[0] is not article:
            markup, portable = _render_card(template_name, article, site, renderer, helpers)
            cards[(id(article), template_name)] = (article, markup, portable)
            if portable:
                return str.__new__(
                    markupsafe.Markup, str.replace(markup, LINK_PREFIX, escaped_prefix)
                )
        key = (id(article), template_name + ":" + prefix)
        hit = cards.get(key)
        if hit is not None and hit[0] is article:
            return hit[1]
        template = get_template(renderer.env, renderer.theme, template_name)
        markup = markupsafe.Markup(template.render(a=article, **helpers))
        cards[key] = (article, markup, False)
        return markup

    link_key = (from_path == "404.html" and bool(config.base_url), link_prefix)

    def shared(name: str) -> markupsafe.Markup:
        """Template NAME rendered with the page, the helpers and the globals (not the page
        template's own variables), once per link prefix and values it reads of them: the
        page chrome, the same header on every page at one depth in one section."""
        return _shared(name, page, link_key, helpers, site, renderer)

    helpers["shared"] = shared
    chips = renderer.chips

    def term_chips(article: Article, taxonomy: str) -> markupsafe.Markup:
        """`_chip.html` for each of ARTICLE's TAXONOMY names, a line each: rendered once
        per term, country and label (the chip shows no more of the briefing), then reused."""
        out = []
        for name in article.names(taxonomy):
            country = article.country(name)
            label = country_label(name, country)
            key = (taxonomy, name, country, label, link_key)
            hit = chips.get(key)
            if hit is None or hit[0] is not site:
                template = get_template(renderer.env, renderer.theme, "_chip.html")
                markup = template.render(
                    taxonomy=taxonomy, name=name, country=country, label=label, **helpers
                )
                hit = chips[key] = (site, markupsafe.Markup(markup))
            out.append(hit[1])
        return markupsafe.Markup("".join(out))

    def listed(template_name: str, articles: Iterable[Article]) -> markupsafe.Markup:
        """TEMPLATE_NAME for each of ARTICLES, a line each. Where every entry is shared
        (see `Renderer.cards`), they are joined first and the page's prefix put in once
        for the whole list: a list is one replace, not one per entry."""
        shown = list(articles)
        joined = []
        for article in shown:
            hit = cards.get((id(article), template_name))
            if hit is None or hit[0] is not article:
                cached(template_name, article)  # rendered and kept
                hit = cards[(id(article), template_name)]
            if not hit[2]:
                return markupsafe.Markup("\n".join([cached(template_name, a) for a in shown]))
            joined.append(hit[1])
        # LINK_PREFIX holds no line break: none is made where two entries meet.
        return str.__new__(
            markupsafe.Markup, str.replace("\n".join(joined), LINK_PREFIX, escaped_prefix)
        )

    def term_profile(term_page: Any) -> markupsafe.Markup:
        """The top of TERM_PAGE, a term page with a profile (`_term_profile.html`, given
        `page` and `p`, its profile): the default theme's written in Python, byte for byte
        (charts.profile_markup); a theme's own rendered as it is written."""
        template = get_template(renderer.env, renderer.theme, TERM_PROFILE)
        if _the_default(template, TERM_PROFILE):
            return profile_markup(term_page.title, term_page.profile, url, term_url, month_url)
        return markupsafe.Markup(template.render(page=term_page, p=term_page.profile, **helpers))

    helpers["term_profile"] = term_profile
    helpers["chips"] = term_chips
    helpers["card"] = lambda article: cached(CARD, article)
    # A list page's cards in one call, a line each (see related_items).
    helpers["cards"] = lambda articles: listed(CARD, articles)
    helpers["related_item"] = lambda article: cached(RELATED_ITEM, article)
    # A whole related list in one call: a template loop pays Jinja's call overhead per item.
    helpers["related_items"] = lambda articles: listed(RELATED_ITEM, articles)
    return helpers


SHARED_PIECES_LIMIT = 4096
"""At most this many renderings of pieces are kept: a piece that reads something
different on every page (a theme's header showing the page's title) gains nothing from
being kept, and the pages of a large site would all be held in memory."""

_LINK_HELPERS = frozenset(
    {"url", "term_url", "country_url", "month_url", "card", "cards"}
    | {"related_item", "related_items", "shared", "chips", "term_profile"}
)
"""The helpers of `_helpers` that are the same on every page with the same link prefix."""
_PAGE_HELPERS = frozenset({"canonical_url"})
"""The other helpers of `_helpers`: values of one page."""

_CONTEXT_NAMES = frozenset({"self", "super", "loop", "caller", "varargs", "kwargs"})
"""Names Jinja gives a template itself: a piece that reads one is never shared."""

_MISSING = ("\x00missing",)
"""A key's value for an attribute the page does not have."""
_UNPLANNED = object()
"""A template `Renderer.plans` knows nothing of yet."""

_PLAIN_TYPES = frozenset(
    {str, markupsafe.Markup, int, float, bool, type(None), datetime.date, datetime.datetime}
)


def _shared(
    name: str,
    page: Page | None,
    link_key: tuple[bool, str],
    helpers: dict[str, Any],
    site: Site,
    renderer: Renderer,
) -> markupsafe.Markup:
    """The `shared` helper: render piece NAME for PAGE, or reuse the bytes it gave a page
    with the same link prefix and the same values of all it reads."""
    plan = renderer.plans.get(name, _UNPLANNED)
    if plan is _UNPLANNED:
        plan = renderer.plans[name] = piece_plan(renderer.env, name)
    key = None
    if isinstance(plan, PiecePlan):
        key = _piece_key(name, link_key, page, plan, helpers, renderer.env)
        if key is not None:
            hit = renderer.pieces.get(key)
            if hit is not None and hit[0] is site:
                return hit[1]
    template = get_template(renderer.env, renderer.theme, name)
    markup = markupsafe.Markup(template.render(page=page, **helpers))
    if key is not None and (key in renderer.pieces or len(renderer.pieces) < SHARED_PIECES_LIMIT):
        renderer.pieces[key] = (site, markup)
    return markup


def _piece_key(
    name: str,
    link_key: tuple[bool, str],
    page: Page | None,
    plan: PiecePlan,
    helpers: dict[str, Any],
    env: jinja2.Environment,
) -> tuple[Hashable, ...] | None:
    """NAME, the link prefix and the values PLAN reads, as a key; None when one of them is
    not plain data (an object may print differently while comparing equal)."""
    key: list[Hashable] = [name, link_key]
    for chain in plan.chains:
        value: Any = page
        for attribute in chain:
            found = getattr(value, attribute, _MISSING)
            if found is _MISSING:  # as Jinja reads it: an item, else undefined
                found = env.getattr(value, attribute)
                if isinstance(found, jinja2.Undefined):
                    value = _MISSING
                    break
            value = found
        plain = _MISSING if value is _MISSING else _plain(value)
        if plain is None:
            return None
        key.append(plain)
    for name in plan.values:
        plain = _plain(helpers[name])
        if plain is None:
            return None
        key.append(plain)
    return tuple(key)


def _plain(value: Any) -> Hashable | None:
    """VALUE with its type, as a key (True and 1 print differently), if it is plain data."""
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return (kind, value)
    if kind is tuple:
        items = tuple(_plain(item) for item in value)
        return None if None in items else (tuple, items)
    return None


def piece_plan(env: jinja2.Environment, name: str) -> PiecePlan | None:
    """What template NAME and every template it includes or imports read of the page, from
    their source; None when that cannot be told (a template named at render time, a piece
    that assigns to a name it reads, one that reads Jinja's own `self` or `loop` …)."""
    chains: set[tuple[str, ...]] = set()
    free: set[str] = set()
    todo, seen = [name], {name}
    while todo:
        current = todo.pop()
        try:
            if env.loader is None:
                return None
            source, filename, _ = env.loader.get_source(env, current)
            tree = env.parse(source, current, filename)
        except (jinja2.TemplateError, ThemeError, OSError):
            return None
        others = list(jinja2.meta.find_referenced_templates(tree))
        for call in tree.find_all(nodes.Call):  # a piece within the piece: its reads count
            if isinstance(call.node, nodes.Name) and call.node.name == "shared":
                first = call.args[0] if call.args else None
                others.append(first.value if isinstance(first, nodes.Const) else None)
        for other in others:
            if not isinstance(other, str):
                return None
            if other not in seen:
                seen.add(other)
                todo.append(other)
        names = jinja2.meta.find_undeclared_variables(tree)
        if names & _CONTEXT_NAMES:
            return None
        for node in tree.find_all(nodes.Name):
            if node.ctx != "load" and (node.name in names or node.name == "page"):
                return None  # a name both read from the page and assigned
        free |= names
        if "page" in names:
            chains |= _page_chains(tree)
    free -= {"page"} | _LINK_HELPERS | set(env.globals)  # the globals are the same everywhere
    if not free <= _PAGE_HELPERS:
        return None  # undefined when rendered: its error is reported there
    return PiecePlan(chains=tuple(sorted(chains)), values=tuple(sorted(free)))


def _page_chains(node: nodes.Node) -> set[tuple[str, ...]]:
    """The longest `page.a.b` attribute paths under NODE; () for `page` read whole."""
    if isinstance(node, nodes.Getattr):
        path: list[str] = []
        inner: nodes.Node = node
        while isinstance(inner, nodes.Getattr):
            path.append(inner.attr)
            inner = inner.node
        if isinstance(inner, nodes.Name) and inner.name == "page":
            return {tuple(reversed(path))}
        return _page_chains(inner)
    if isinstance(node, nodes.Name):
        return {()} if node.name == "page" and node.ctx == "load" else set()
    found: set[tuple[str, ...]] = set()
    for child in node.iter_child_nodes():
        found |= _page_chains(child)
    return found


TERM_PROFILE = "_term_profile.html"
"""The top of an actor or location page (`term_profile(page)` in the templates)."""

RELATED_ITEM = "_related_item.html"
"""One entry of a briefing's related list (`related_items(...)` in the templates)."""


def _the_default(template: jinja2.Template, name: str) -> bool:
    """Whether TEMPLATE, found for NAME, is the default theme's own (a theme did not
    override it): then the Python writing of it may stand in for rendering it."""
    return template.filename == _default_filename(name)


@functools.cache
def _default_filename(name: str) -> str:
    return str(PACKAGE_THEMES_DIR / "default" / "templates" / name)


def _render_card(
    template_name: str,
    article: Article,
    site: Site,
    renderer: Renderer,
    helpers: dict[str, Any],
) -> tuple[markupsafe.Markup, bool]:
    """TEMPLATE_NAME for ARTICLE with every link starting LINK_PREFIX, and whether that
    worked: False when the template did not put each url() it called into the card as
    it was (or the card's text holds LINK_PREFIX itself); the caller then renders it per
    prefix.

    The default theme's related entry and card are written in Python
    (`related_item_markup`, `card_markup`): one of each per briefing, ten thousand on a
    large site, each costing a Jinja render more than its own text. A theme's own
    `_related_item.html` or `_card.html` is rendered as it is written.
    """
    if template_name == RELATED_ITEM:
        template = get_template(renderer.env, renderer.theme, template_name)
        if _the_default(template, RELATED_ITEM):
            markup = related_item_markup(article)
            return markup, markup.count(LINK_PREFIX) == 1
    elif template_name == CARD and article.url_path:
        template = get_template(renderer.env, renderer.theme, template_name)
        if _the_default(template, CARD):
            markup, links = card_markup(article, site.slugs)
            return markup, markup.count(LINK_PREFIX) == links
    return _render_card_template(template_name, article, site, renderer, helpers)


_CARD_TAXONOMIES = ("actors", "locations")
"""The taxonomies whose names a card shows (at most _CARD_NAMES of each)."""
_CARD_NAMES = 5


def card_markup(
    article: Article, slugs: Mapping[tuple[str, str], str]
) -> tuple[markupsafe.Markup, int]:
    """The default theme's `_card.html` for ARTICLE, its links starting LINK_PREFIX, and
    how many links it holds: byte for byte what Jinja renders of it (SLUGS: the site's
    term slugs; tests/test_render_cards.py holds them equal)."""
    escape = markupsafe.escape
    date = article.date
    out = [
        '<article class="card">\n<h2 class="card-title"><a href="',
        LINK_PREFIX,
        escape(article.url_path),
        '">',
        escape(article.title),
        '</a></h2>\n<p class="meta"><a href="',
        LINK_PREFIX,
        escape(day_url_path(date)),
        '"><time datetime="',
        escape(date.isoformat()),
        '">',
        escape(format_date(date)),
        "</time></a>",
        ' <span class="badge">Draft</span></p>\n' if article.draft else "</p>\n",
    ]
    links = 2
    if article.summary:
        out += ('<p class="summary">', escape(article.summary), "</p>\n")
    for taxonomy, names in article.terms:
        if not names or taxonomy not in _CARD_TAXONOMIES:
            continue
        label = escape(taxonomy.replace("_", " ").capitalize())
        out.append(
            f'<p class="terms terms-{escape(taxonomy)}"><span class="terms-label">{label}:</span>\n'
        )
        shown = names[:_CARD_NAMES]
        for number, name in enumerate(shown, start=1):
            target = escape(term_url_path(taxonomy, slugs[(taxonomy, name)]))
            comma = ", " if number < len(shown) else ""
            out.append(f'<a href="{LINK_PREFIX}{target}">{escape(name)}</a>{comma}\n')
        links += len(shown)
        if len(names) > _CARD_NAMES:
            out.append(f'<span class="more">and {len(names) - _CARD_NAMES} more</span>')
        out.append("</p>\n")
    out.append("</article>\n")
    return str.__new__(markupsafe.Markup, "".join(out)), links


def related_item_markup(article: Article) -> markupsafe.Markup:
    """The default theme's `_related_item.html` for ARTICLE, its link starting LINK_PREFIX:
    byte for byte what Jinja renders of it (tests/test_render_cards.py holds them equal)."""
    escape = markupsafe.escape
    date = article.date
    return str.__new__(
        markupsafe.Markup,
        f'<li><a href="{LINK_PREFIX}{escape(article.url_path)}">{escape(article.title)}</a> '
        f'<time datetime="{date.isoformat()}">{escape(format_date(date))}</time></li>\n',
    )


def _render_card_template(
    template_name: str,
    article: Article,
    site: Site,
    renderer: Renderer,
    helpers: dict[str, Any],
) -> tuple[markupsafe.Markup, bool]:
    """`_render_card` through the theme's template."""
    calls = 0
    portable = True

    def url(target: str) -> str:
        nonlocal calls, portable
        calls += 1
        if not target:
            portable = False  # relative_url gives "./" there, not the prefix alone
        return LINK_PREFIX + target

    def term_url(taxonomy: str, name: str) -> str:
        return url(term_url_path(taxonomy, site.slugs[(taxonomy, name)]))

    def month_url(year: int, month: int) -> str:
        return url(month_url_path(year, month))

    def page_bound(name: str) -> Any:
        """The page's own helper NAME, whose links carry the page's prefix: a card that
        calls it is rendered per prefix."""

        def call(*args: Any) -> Any:
            nonlocal portable
            portable = False
            return helpers[name](*args)

        return call

    template = get_template(renderer.env, renderer.theme, template_name)
    card_helpers = {
        **helpers,
        **{name: page_bound(name) for name in ("shared", "chips", "country_url")},
        "url": url,
        "term_url": term_url,
        "month_url": month_url,
    }
    markup = markupsafe.Markup(template.render(a=article, **card_helpers))
    return markup, portable and markup.count(LINK_PREFIX) == calls


# --- Feeds, sitemap, robots: written in Python, one function each ---------------------


def escape(text: str) -> str:
    """TEXT as XML character data: xml.sax.saxutils.escape, without importing xml.sax
    (which imports urllib.request, and with it http.client and ssl: 50 ms of start-up)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """TEXT as a quoted XML attribute value, as xml.sax.saxutils.quoteattr writes it."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def render_feed(page: Feed, config: Config) -> bytes:
    """Write an Atom feed of the page's briefings."""
    # xml_safe: a control character that slipped past the sources must not break a feed.
    return xml_safe(_atom(page, config)).encode("utf-8")


def render_sitemap(page: Sitemap, config: Config) -> bytes:
    """Write the sitemap: one absolute `<loc>` per HTML page."""
    return xml_safe(_sitemap(page, config)).encode("utf-8")


def render_robots(page: Robots, config: Config) -> bytes:
    """Write robots.txt: allow everything, and name the sitemap when there is one."""
    return xml_safe(_robots(page, config)).encode("utf-8")


def _atom_time(article: Article) -> str:
    # A briefing is dated by its calendar day; midnight UTC keeps that day everywhere.
    return f"{article.date.isoformat()}T00:00:00Z"


def _entry_id(config: Config, url_path: str) -> str:
    """An absolute id that never changes: the page URL, or a name-based UUID without base_url."""
    if config.base_url:
        return absolute_url(config.base_url, url_path)
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"briefgen:{config.title}:/{url_path}"))


def _atom(page: Feed, config: Config) -> str:
    def link(target: str) -> str:
        if config.base_url:
            return absolute_url(config.base_url, target)
        return relative_url(page.path, target)

    updated = _atom_time(page.articles[0]) if page.articles else "1970-01-01T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <title>{escape(page.title)}</title>",
        f"  <subtitle>{escape(config.description)}</subtitle>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(link(page.alternate_path))}/>',
    ]
    if config.base_url:
        lines.append(f'  <link rel="self" href={quoteattr(link(page.path))}/>')
    lines += [
        f"  <id>{escape(_entry_id(config, page.path))}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(config.author or config.title)}</name></author>",
        f"  <generator>{GENERATOR}</generator>",
    ]
    # A term's feed follows one name across many briefings: by default its entries carry the
    # summary and the link, not the whole text the main feed and the pages already carry.
    full_text = page.path == "feed.xml" or config.term_feeds == "full"
    for article in page.articles:
        href = quoteattr(link(article.url_path))
        lines += [
            "  <entry>",
            f"    <title>{escape(article.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={href}/>',
            *_credit_lines(article),
            f"    <id>{escape(_entry_id(config, article.url_path))}</id>",
            f"    <published>{_atom_time(article)}</published>",
            f"    <updated>{_atom_time(article)}</updated>",
        ]
        if article.summary:
            lines.append(f"    <summary>{escape(article.summary)}</summary>")
        for tag in article.names("tags"):
            lines.append(f"    <category term={quoteattr(tag)}/>")
        if full_text or not article.summary:
            lines.append(f'    <content type="html">{escape(article.body_html)}</content>')
        lines.append("  </entry>")
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _credit_lines(article: Article) -> list[str]:
    """An entry's credit: `<link rel="via">` to the original and `<rights>` naming it."""
    lines = []
    if article.source.startswith(("http://", "https://")):
        lines.append(f'    <link rel="via" href={quoteattr(article.source)}/>')
    rights = ", ".join(
        part
        for part in (f"Source: {article.outlet}" if article.outlet else "", article.license)
        if part
    )
    if rights:
        lines.append(f"    <rights>{escape(rights)}</rights>")
    return lines


def _sitemap(page: Sitemap, config: Config) -> str:
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url_path in page.page_paths:
        lines.append(_sitemap_entry(url_path, config))
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _sitemap_entry(url_path: str, config: Config) -> str:
    return f"  <url><loc>{escape(absolute_url(config.base_url, url_path))}</loc></url>"


def rerender_sitemap(
    old: Sitemap,
    old_bytes: bytes,
    new: Sitemap,
    config: Config,
    changes: tuple[Collection[str], Collection[str]] | None = None,
) -> bytes:
    """`render_sitemap(NEW)` made from OLD_BYTES, what `render_sitemap(OLD)` gave: the
    entries of the pages that went are cut out and those of new pages put in before the
    entry that follows them, each found by a byte search (serve's edit adds or drops a few
    pages of tens of thousands); many changes take the entries apart and join them again.

    CHANGES, the URL paths that (came, went) when the caller knows them, spares comparing
    every entry (sets of 45,000 paths take longer than the rest)."""
    if changes is not None and len(old.page_paths) + len(changes[0]) - len(changes[1]) == len(
        new.page_paths
    ):
        came, gone = set(changes[0]), set(changes[1])
    else:
        before, after = set(old.page_paths), set(new.page_paths)
        gone, came = before - after, after - before
    if len(gone) + len(came) > _SITEMAP_SPLICES:
        return _resplit_sitemap(old, old_bytes, new, config)
    data = old_bytes
    for url_path in gone:
        entry = b"\n" + _sitemap_bytes(url_path, config) + b"\n"
        at = data.find(entry)
        if at < 0:
            return render_sitemap(new, config)
        view = memoryview(data)  # one copy of the megabytes, not three
        data = b"".join((view[:at], view[at + len(entry) - 1 :]))
    paths = new.page_paths
    # Each new path's place in the new sitemap, found once (a scan of tens of thousands).
    for at, url_path in sorted(((paths.index(p) + 1, p) for p in came), reverse=True):
        # The entry after it is an old one, or a new one put in already (last first), or
        # the end.
        follows = (
            b"\n" + _sitemap_bytes(paths[at], config) + b"\n"
            if at < len(paths)
            else b"\n</urlset>\n"
        )
        where = data.find(follows)
        if where < 0:
            return render_sitemap(new, config)
        view = memoryview(data)
        data = b"".join((view[: where + 1], _sitemap_bytes(url_path, config), view[where:]))
    return data


_SITEMAP_SPLICES = 64
"""More entries than this came or went: `rerender_sitemap` joins the entries anew."""


def _sitemap_bytes(url_path: str, config: Config) -> bytes:
    return xml_safe(_sitemap_entry(url_path, config)).encode("utf-8")


def _resplit_sitemap(old: Sitemap, old_bytes: bytes, new: Sitemap, config: Config) -> bytes:
    """`rerender_sitemap` for many changes: OLD_BYTES split into entries, NEW's joined."""
    lines = old_bytes.split(b"\n")
    entries = lines[2:-2]  # after the two header lines; before "</urlset>" and the end
    if len(entries) != len(old.page_paths):
        return render_sitemap(new, config)
    known = dict(zip(old.page_paths, entries, strict=True))
    made = [known.get(url_path) or _sitemap_bytes(url_path, config) for url_path in new.page_paths]
    return b"\n".join([*lines[:2], *made, *lines[-2:]])


def _robots(page: Robots, config: Config) -> str:
    text = "User-agent: *\nAllow: /\n"
    if config.base_url:
        text += f"\nSitemap: {absolute_url(config.base_url, 'sitemap.xml')}\n"
    return text
