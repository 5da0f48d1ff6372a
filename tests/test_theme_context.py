"""The theme environment's Context calls plain functions directly, and all else as Jinja does."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import jinja2
import pytest

from briefgen.theme import Theme, make_environment


class Counter:
    """A callable object (not a function): goes through Jinja's own Context.call."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, step: int = 1) -> int:
        self.calls += step
        return self.calls


class Item:
    def __init__(self, name: str) -> None:
        self.name = name

    def shout(self, suffix: str = "!") -> str:
        return self.name.upper() + suffix

    @jinja2.pass_context
    def greet(self, context: Any) -> str:
        return f"{context['greeting']} {self.name}"


def render(
    tmp_path: Path, source: str, globals_: dict[str, Any] | None = None, **values: Any
) -> str:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "page.html").write_text(source, encoding="utf-8")
    (folder / "_part.html").write_text("[{{ name }} {{ page_only }}]", encoding="utf-8")
    (folder / "_macros.html").write_text(
        "{% macro tag() %}<{{ name }}|{{ page_only }}>{% endmacro %}", encoding="utf-8"
    )
    theme = Theme("t", (tmp_path,), (folder,), types.MappingProxyType({}))
    return make_environment(theme, globals_).get_template("page.html").render(**values)


def test_globals_reach_pages_includes_and_imports_and_page_values_win(tmp_path: Path) -> None:
    text = render(
        tmp_path,
        '{% import "_macros.html" as m with context %}{{ name }} {{ other }} '
        '{% include "_part.html" %} {{ m.tag() }}',
        {"name": "global", "other": "kept"},
        page_only="p",
    )
    assert text == "global kept [global p] <global|p>"
    overridden = render(
        tmp_path, '{{ name }} {% include "_part.html" %}', {"name": "g"}, name="v", page_only="p"
    )
    assert overridden == "v [v p]"


def test_plain_functions_builtins_and_methods_are_called_with_their_arguments(
    tmp_path: Path,
) -> None:
    items = [Item("a"), Item("b")]
    text = render(
        tmp_path,
        "{% for i in items %}{{ join(i.shout(suffix='?'), 'x'.upper(), n=loop.index) }}"
        "{% endfor %}|{{ 'x y'.split()|join('-') }}",
        items=items,
        join=lambda *parts, n: "+".join(parts) + str(n),
    )
    assert text == "A?+X1B?+X2|x-y"


def test_pass_context_functions_and_methods_still_get_the_context(tmp_path: Path) -> None:
    @jinja2.pass_context
    def where(context: Any, word: str) -> str:
        return f"{word} in {context['place']}"

    @jinja2.pass_environment
    def env_kind(environment: jinja2.Environment) -> str:
        return "Environment" if isinstance(environment, jinja2.Environment) else "?"

    text = render(
        tmp_path,
        "{% set place = 'a block' %}{% for i in items %}{{ where('x') }} {{ i.greet() }} "
        "{% endfor %}{{ env_kind() }}",
        items=[Item("b")],
        where=where,
        env_kind=env_kind,
        place="the page",
        greeting="hi",
    )
    assert text == "x in a block hi b Environment"


def test_macros_and_callable_objects_are_called_with_their_arguments(tmp_path: Path) -> None:
    counter = Counter()
    text = render(
        tmp_path,
        "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}"
        "{% for n in [1, 2] %}{{ twice(n) }}{{ counter(n) }}{% endfor %}",
        counter=counter,
    )
    assert text == "111223"


MACRO_USES = (
    "{% macro pair(x, y=2) %}{{ x }}-{{ y }}{% endmacro %}"
    "{% macro rest(a) %}{{ a }}{{ varargs|join(',') }}{{ kwargs|dictsort }}{% endmacro %}"
    "{% macro wrap() %}<{{ caller() }}>{% endmacro %}"
    '{% import "_macros.html" as m with context %}'
    "{% block main %}{% for n in [1, 2] %}{{ pair(n) }}{{ pair(n, y=n) }}{{ m.tag() }}"
    "{{ rest(n, 3, 4, k=5) }}{% call wrap() %}in {{ n }}{% endcall %}{% endfor %}"
    "{% set name = 'set in a block' %}{{ m.tag() }}{% endblock %}"
)
"""A template's macros called every way a theme may call one: defaults, keywords, extra
arguments, a call block, imported with context, from a loop and a block."""


def test_macros_called_directly_give_what_jinja_gives(tmp_path: Path) -> None:
    """_FastContext calls a Macro without Jinja's `Context.call`: same text, same errors."""
    ours = render(tmp_path, MACRO_USES, {"name": "g"}, page_only="p")
    plain = jinja2.Environment(
        loader=jinja2.FileSystemLoader(tmp_path / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    plain.globals["name"] = "g"
    assert ours == plain.get_template("page.html").render(page_only="p")
    assert "1-2" in ours and "<in 2>" in ours and "<g|p>" in ours
    with pytest.raises(TypeError, match="takes not more than 1 argument"):
        render(tmp_path, "{% macro one(x) %}{{ x }}{% endmacro %}{{ one(1, 2) }}")
    with pytest.raises(jinja2.UndefinedError, match="'x' was not provided"):
        render(tmp_path, "{% macro one(x) %}{{ x }}{% endmacro %}{{ one() }}")


def test_a_function_raising_stop_iteration_gives_undefined(tmp_path: Path) -> None:
    def stops() -> None:
        raise StopIteration

    with pytest.raises(jinja2.UndefinedError, match="StopIteration"):
        render(tmp_path, "{{ stops() }}", stops=stops)
    assert render(tmp_path, "{{ stops() is defined }}", stops=stops) == "False"


class Html:
    """An object that writes its own HTML, as markupsafe knows them."""

    def __html__(self) -> str:
        return "<b>bold</b>"


def test_output_is_escaped_byte_for_byte_as_jinja_escapes_it(tmp_path: Path) -> None:
    values: list[Any] = [
        "plain text",
        "Tom & Jerry's \"<b>\" > 'x'",
        "&amp; already",
        "déjà vu – ünïcode ½ \u2028",
        "",
        jinja2.utils.markupsafe.Markup("<i>trusted</i> &"),
        Html(),
        42,
        -7,
        True,
        3.5,
        None,
        ("a", "<b>"),
    ]
    source = "{% for v in values %}[{{ v }}|{{ v ~ '&' }}|{{ v|string }}]{% endfor %}"
    stock = jinja2.Environment(autoescape=True).from_string(source)
    assert render(tmp_path, source, values=values) == stock.render(values=values)
    assert "&#39;" in stock.render(values=values)  # the quotes were there to be escaped
