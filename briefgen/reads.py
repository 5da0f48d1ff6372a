"""Which fields of a briefing a page's template can show, read from the templates' source.

An edit in serve swaps a new Article into every page that lists the old one. A list page
whose template never reads the field that changed (a year page shows titles and dates,
not bodies) renders the same bytes as before, so it need not be rendered again. This
module answers, for one template and everything it extends, includes or imports, the
question "which Article fields may it read?" by walking the Jinja syntax tree once. A
template imported for some of its macros counts only what those (and the macros they
name) read, with its code outside macros: a year page that imports the macros for a
date reads no actor's name.

The answer errs on the safe side: a name read anywhere counts (`page.title` and `a.title`
alike), and anything it cannot follow (a template named by a variable, a key computed at
render time, a filter that prints a whole object, a helper it does not know) answers
None, "any field". Helpers the renderer hands to templates (briefgen/render.py's
`make_renderer`) are listed below with what they read; a new helper left out of the
lists reads "any field" until it is added (tests/test_reads.py checks the lists).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping

import jinja2
import jinja2.meta
from jinja2 import nodes

from briefgen.model import Article

ARTICLE_FIELDS = frozenset(f.name for f in dataclasses.fields(Article))
"""Every field of a briefing."""

_METHOD_FIELDS: Mapping[str, frozenset[str]] = {
    # Methods and properties that read fields under another name.
    "names": frozenset({"terms"}),  # Article.names(taxonomy)
    "country": frozenset({"places"}),  # Article.country(place)
    "body_html": frozenset({"body"}),  # Article.body_html: its body (UTF-8 bytes) as text
    "extra": frozenset({"extra"}),  # ArticlePage.extra is its article's
    "first": frozenset({"date"}),  # Thread.first / .last: their briefings' dates
    "last": frozenset({"date"}),
}

TEMPLATE_HELPERS: Mapping[str, str] = {
    # Helpers that render a briefing through another template (render._helpers).
    "card": "_card.html",
    "cards": "_card.html",
    "related_item": "_related_item.html",
    "related_items": "_related_item.html",
    "term_profile": "_term_profile.html",  # given a term page, not a briefing
}
"""Helper → the template it renders each briefing it is given with."""

SHARED_HELPER = "shared"
"""The helper that renders the template it names with the page (`shared("_x.html")`)."""

READING_HELPERS: Mapping[str, frozenset[str]] = {
    "lead_repeated": frozenset({"summary", "body"}),
    "chips": frozenset({"terms", "places"}),  # its names and their countries; _chip.html
    # is given only the name, its taxonomy and its country's label
    "json_ld": frozenset(
        {"title", "date", "summary", "source", "outlet", "license", "dateline"}
        | {"terms", "places"}
    ),
}
"""Helpers given a briefing, with the fields they read of it (render.py)."""

PLAIN_HELPERS = frozenset(
    {
        # Given names, dates, paths, counts or profiles, never a briefing (render.py).
        "site",
        "url",
        "term_url",
        "month_url",
        "canonical_url",
        "country_name",
        "country_label",
        "day_path",
        "month_path",
        "year_path",
        "months",
        "first_sentence",
        "term_label",
        "search_path",
        "search_engine",
        "search_index_path",
        "map_view",
        "map_point",
        "world_view",
        "fit_view",
        "near_points",
        "timeline_svg",
        "timeline_rows",
        "counterpart_items",  # a profile's counterparts and places (charts.py)
        "place_items",
        "coordinates",
        "world_size",
        "country_outline",
        "country_bounds",
        "country_url",
        # Jinja's own globals.
        "range",
        "dict",
        "lipsum",
        "cycler",
        "joiner",
        "namespace",
    }
)
"""Globals that read no field of a briefing, whatever a template hands them."""

_ATTRIBUTE_FILTERS = frozenset({"map", "sort", "sum", "unique", "min", "max", "join"})
"""Filters that read the attribute named by their `attribute=` argument."""
_POSITIONAL_FILTERS = frozenset({"groupby", "selectattr", "rejectattr", "attr"})
"""Filters whose first argument names the attribute they read."""
_WHOLE_FILTERS = frozenset({"tojson", "pprint", "string", "format", "xmlattr", "items"})
_WHOLE_FILTERS |= {"dictsort", "urlencode", "wordcount"}
"""Filters that may turn a whole object into text (a dataclass's repr holds every field)."""


class _Unknown(Exception):
    """The template reads something this module cannot follow: any field."""


def template_reads(env: jinja2.Environment, name: str) -> frozenset[str] | None:
    """The Article fields template NAME may read, with all it uses; None for "any field".

    A template that cannot be loaded answers None: rendering it reports the error.
    """
    return read_templates(env, (name,))[name]


_Use = tuple[str, frozenset[str] | None]
"""A template reached, with the names of its macros used (None: all of it), as a template
importing it (`{% import "m.html" as m %}` then `m.date_tag(…)`) uses them."""


def read_templates(
    env: jinja2.Environment, names: Iterable[str]
) -> dict[str, frozenset[str] | None]:
    """`template_reads` for each of NAMES, parsing each template they reach once."""
    parsed: dict[_Use, tuple[frozenset[str], tuple[_Use, ...]] | None] = {}
    result: dict[str, frozenset[str] | None] = {}
    for name in names:
        attributes: set[str] = set()
        start: _Use = (name, None)
        todo = [start]
        seen = {start}
        while todo:
            found = _parse(env, todo.pop(), parsed)
            if found is None:
                break
            attributes |= found[0]
            todo.extend(used for used in found[1] if used not in seen)
            seen.update(found[1])
        else:
            result[name] = _fields(attributes)
            continue
        result[name] = None
    return result


def _fields(attributes: set[str]) -> frozenset[str]:
    """The Article fields that reading ATTRIBUTES (of anything) may read."""
    fields = {n for n in attributes if n in ARTICLE_FIELDS}
    for method, read in _METHOD_FIELDS.items():
        if method in attributes:
            fields |= read
    return frozenset(fields)


def _parse(
    env: jinja2.Environment,
    use: _Use,
    parsed: dict[_Use, tuple[frozenset[str], tuple[_Use, ...]] | None],
) -> tuple[frozenset[str], tuple[_Use, ...]] | None:
    """The attribute names the template of USE reads itself (only its macros USE names, when
    it names them) and the templates it uses (memoized in PARSED); None when it reads
    something this module cannot follow."""
    if use in parsed:
        return parsed[use]
    result: tuple[frozenset[str], tuple[_Use, ...]] | None
    try:
        result = _read_one(env, use)
    except (_Unknown, jinja2.TemplateError, OSError):
        result = None
    parsed[use] = result
    return result


def _read_one(env: jinja2.Environment, use: _Use) -> tuple[frozenset[str], tuple[_Use, ...]]:
    """What `_parse` returns for one template; raises _Unknown."""
    name, macros = use
    loader = env.loader
    if loader is None:
        raise _Unknown(name)
    source, filename, _ = loader.get_source(env, name)
    tree = env.parse(source, name, filename)
    if macros is not None:
        tree = _only_macros(tree, macros)
    used: list[_Use] = []
    for whole in tree.find_all((nodes.Extends, nodes.Include)):
        for other in jinja2.meta.find_referenced_templates(nodes.Template([whole])):
            if other is None:
                raise _Unknown("a template named at render time")
            used.append((other, None))
    for imported in tree.find_all(nodes.Import):
        used.append((_imported_name(imported.template), _macros_used(tree, imported.target)))
    for picked in tree.find_all(nodes.FromImport):
        names = frozenset(n if isinstance(n, str) else n[0] for n in picked.names)
        used.append((_imported_name(picked.template), names))
    for call in tree.find_all(nodes.Call):
        # shared("_site_header.html") renders that piece of the page (render._helpers).
        if isinstance(call.node, nodes.Name) and call.node.name == SHARED_HELPER:
            first = call.args[0] if call.args else None
            if not isinstance(first, nodes.Const) or not isinstance(first.value, str):
                raise _Unknown("a piece named at render time")
            used.append((first.value, None))
    attributes: set[str] = set()
    pieces: list[str] = []
    for node in tree.find_all(nodes.Expr):
        for attribute in _node_attributes(env, node, pieces):
            if attribute.startswith("_"):
                raise _Unknown(attribute)  # dunder access: anything goes
            attributes.add(attribute)
    used.extend((piece, None) for piece in pieces)
    return frozenset(attributes), tuple(used)


def _imported_name(template: nodes.Expr) -> str:
    """The name of a template an import names; raises _Unknown for one named at render time."""
    if not isinstance(template, nodes.Const) or not isinstance(template.value, str):
        raise _Unknown("a template named at render time")
    return template.value


def _macros_used(tree: nodes.Template, alias: str) -> frozenset[str] | None:
    """The macros a template imported as ALIAS is used for (`alias.name`), or None when
    the alias is used otherwise too (handed on, or another variable by that name): then
    anything the imported template defines may be read."""
    names = sum(1 for n in tree.find_all(nodes.Name) if n.name == alias)
    macros = [
        g.attr
        for g in tree.find_all(nodes.Getattr)
        if isinstance(g.node, nodes.Name) and g.node.name == alias
    ]
    return frozenset(macros) if len(macros) == names else None


def _only_macros(tree: nodes.Template, macros: frozenset[str]) -> nodes.Template:
    """TREE without the macros defined at its top level that neither MACROS nor a macro
    kept names: a template imported for one macro reads only what that one reads (with
    the macros it calls, and everything outside macros)."""
    defined = {n.name: n for n in tree.body if isinstance(n, nodes.Macro)}
    keep: set[str] = set()
    todo = list(macros)
    while todo:
        macro = todo.pop()
        if macro in keep:
            continue
        keep.add(macro)
        node = defined.get(macro)
        if node is not None:
            todo.extend(n.name for n in node.find_all(nodes.Name) if n.name in defined)
    return nodes.Template(
        [n for n in tree.body if not isinstance(n, nodes.Macro) or n.name in keep]
    )


def _node_attributes(env: jinja2.Environment, node: nodes.Expr, used: list[str]) -> Iterator[str]:
    """What one expression node reads (its children are visited by `find_all`); a helper
    that renders another template adds it to USED."""
    if isinstance(node, nodes.Getattr):
        yield node.attr
    elif isinstance(node, nodes.Getitem):
        key = node.arg
        if isinstance(key, nodes.Const):
            if isinstance(key.value, str):
                yield key.value
        elif not isinstance(key, nodes.Slice) and not _never_a_name(key):
            raise _Unknown("a key computed at render time")
    elif isinstance(node, nodes.Filter):
        yield from _filter_attributes(node)
    elif isinstance(node, nodes.Name) and node.ctx == "load":
        template = TEMPLATE_HELPERS.get(node.name)
        if template is not None:
            used.append(template)
        elif node.name in READING_HELPERS:
            yield from READING_HELPERS[node.name]
        elif node.name in env.globals and node.name not in PLAIN_HELPERS:
            raise _Unknown(f"helper {node.name}")


def _never_a_name(key: nodes.Expr) -> bool:
    """True for a computed key that can never name a field: a number, or a briefing's key.

    Jinja's `x[key]` falls back to `x.<key>`, so a key that may be text could read any
    field. Arithmetic other than `+` gives numbers (or fails); an article key is a content
    file's path (`2020/a.md`), never a field's name (`thread_of[a.key]` in day.html).
    """
    if isinstance(key, nodes.Sub | nodes.Div | nodes.FloorDiv | nodes.Neg):
        return True
    if isinstance(key, nodes.Add):
        return any(
            isinstance(side, nodes.Const) and type(side.value) in (int, float)
            for side in (key.left, key.right)
        )
    return isinstance(key, nodes.Getattr) and key.attr == "key"


def _filter_attributes(node: nodes.Filter) -> Iterator[str]:
    """The attributes a filter reads by name; raises _Unknown for one it cannot follow."""
    if node.name in _WHOLE_FILTERS:
        raise _Unknown(f"filter {node.name}")
    named: list[nodes.Expr] = []
    if node.name in _POSITIONAL_FILTERS and node.args:
        named.append(node.args[0])
    if node.name in _ATTRIBUTE_FILTERS | _POSITIONAL_FILTERS:
        named.extend(k.value for k in node.kwargs if k.key == "attribute")
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            raise _Unknown(f"filter {node.name} with arguments unpacked")
    if node.name == "map" and node.args:
        first = node.args[0]
        if not isinstance(first, nodes.Const) or first.value in _WHOLE_FILTERS | {"attr"}:
            raise _Unknown("map through a filter that may read anything")
    for value in named:
        if not isinstance(value, nodes.Const) or not isinstance(value.value, str | int):
            raise _Unknown(f"filter {node.name} on an attribute named at render time")
        yield from str(value.value).split(".")
