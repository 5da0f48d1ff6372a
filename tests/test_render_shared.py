"""Page chrome rendered through `shared()`: once per link prefix and what it reads, reused.

base.html renders its head links, header and footer with `shared("_x.html")`; the piece's
source says which values of the page it reads (briefgen/render.py `piece_plan`), and a
rendering is reused only for a page with the same link prefix and the same values. These
tests hold the reused bytes to a fresh rendering of every page, with the default theme and
with themes whose pieces read more of the page, or something that cannot be told.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import markupsafe
import pytest
from site_support import FIXTURE_PROJECT, child_theme, fixture_config

from briefgen.assemble import assemble_site
from briefgen.build import _read_content, _renderer, build_site
from briefgen.config import Config
from briefgen.geo import country_label
from briefgen.model import ArticlePage, Page
from briefgen.render import PiecePlan, _helpers, piece_plan, render_page


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    return root


def _shared_equals_fresh(config: Config) -> dict[str, tuple[Page, bytes]]:
    """Render every page with one renderer and with a fresh one per page; they must agree."""
    articles = _read_content(config, None, frozenset())
    site = assemble_site((c.article for c in articles.values()), config)
    shared = _renderer(config)
    pages = {}
    for path, page in site.pages.items():
        once = render_page(page, site, shared)
        assert once == render_page(page, site, _renderer(config)), path
        pages[path] = (page, once)
    return pages


def test_the_default_chrome_is_rendered_once_per_depth_and_section_and_equals_fresh(
    tmp_path: Path,
) -> None:
    config = fixture_config(tmp_path / "site", page_size=2)
    pages = _shared_equals_fresh(config)
    renderer = _renderer(config)
    articles = _read_content(config, None, frozenset())
    site = assemble_site((c.article for c in articles.values()), config)
    html = [p for p in site.pages if p.endswith(".html")]
    for path in html:
        render_page(site.pages[path], site, renderer)
    headers = [key for key in renderer.pieces if key[0] == "_site_header.html"]
    footers = [key for key in renderer.pieces if key[0] == "_site_footer.html"]
    depths = {path.count("/") for path in html}
    assert len(footers) == len(depths) + 1  # and 404.html, whose links start at the root
    assert len(depths) < len(headers) < len(html) / 2
    # The section's link is marked current on its pages: the key holds what marks it.
    tag_page = next(p for p in html if p.startswith("tags/") and p.count("/") == 2)
    assert b'<a href="../../tags/" aria-current="true">Tags</a>' in pages[tag_page][1]
    assert b'aria-current="true">Tags</a>' not in pages["archive/index.html"][1]


@pytest.mark.parametrize("shown", ["{{ page.title }}", "{{ canonical_url }}"])
def test_a_theme_header_that_shows_a_value_of_each_page_gets_its_own_on_every_page(
    project: Path, shown: str
) -> None:
    child_theme(
        project, {"_masthead.html": f'<a class="site-title" href="{{{{ url("") }}}}">{shown}</a>\n'}
    )
    config = fixture_config(project / "site", project, theme="mine")
    pages = _shared_equals_fresh(config)
    for path, (page, text) in pages.items():
        if path.endswith(".html") and path != "404.html":
            found = re.findall(rb'<a class="site-title" href="[^"]*">([^<]*)</a>', text)
            assert len(found) == 1, path
            if "title" in shown:
                assert found[0] == str(markupsafe.escape(page.title)).encode(), path
            else:
                assert found[0].endswith(path.removesuffix("index.html").encode()), path


@pytest.mark.parametrize(
    "masthead",
    [
        "{{ page|string|length }}",  # the page read whole: not plain data
        "{% set n = page.title %}{% if page.pager is defined %}"
        "{% for x in page.pager.numbers() %}{{ x }}{% endfor %}{% endif %}{{ n }}",
        "{% for k in ['title'] %}{{ page[k] }}{% endfor %}",
    ],
)
def test_a_piece_that_reads_the_page_in_ways_not_told_apart_is_rendered_per_page(
    project: Path, masthead: str
) -> None:
    child_theme(project, {"_masthead.html": masthead + "\n"})
    _shared_equals_fresh(fixture_config(project / "site", project, theme="mine"))


def test_a_theme_base_without_shared_and_one_piece_within_another_still_build(
    project: Path,
) -> None:
    child_theme(
        project,
        {
            "base.html": "<title>{{ page.title }}</title>{{ shared('_site_footer.html') }}"
            "{% block main %}{% endblock %}\n",
            "_site_footer.html": "<footer>{{ shared('_inner.html') }}</footer>\n",
            "_inner.html": "{{ page.kind }}:{{ url('') }}\n",
        },
    )
    out = project / "site"
    build_site(fixture_config(out, project, theme="mine"))
    assert "<footer>home:./\n</footer>" in (out / "index.html").read_text()
    assert "<footer>day:../../../\n</footer>" in (out / "2020/09/14/index.html").read_text()


def test_a_theme_chip_shows_its_name_label_and_link_on_each_briefing_page(project: Path) -> None:
    child_theme(
        project,
        {
            "_chip.html": "<li data-t={{ taxonomy }}>{{ name }}|{{ label }}|"
            "{{ term_url(taxonomy, name) }}</li>\n"
        },
    )
    pages = _shared_equals_fresh(fixture_config(project / "site", project, theme="mine"))
    labels = set()
    for page, text in pages.values():
        if not isinstance(page, ArticlePage):
            continue
        a = page.article
        found = re.findall(r"<li data-t=(\w+)>([^|]*)\|([^|]*)\|([^<]*)</li>", text.decode())
        expected = [
            (t, str(markupsafe.escape(n)), country_label(n, a.country(n)))
            for t in ("actors", "locations", "tags")
            for n in a.names(t)
        ]
        assert [(t, n, label) for t, n, label, _ in found] == expected, page.path
        assert all(u.startswith(f"../../../../{t}/") for t, _, _, u in found), page.path
        labels |= {label for _, _, label, _ in found if label}
    assert labels  # places shown with their countries


def test_a_card_that_shows_chips_or_a_piece_is_rendered_per_link_prefix(project: Path) -> None:
    """A card is reused at every depth with its own links moved; chips and pieces carry the
    page's links, so a card that shows them is rendered for each prefix instead."""
    child_theme(
        project,
        {
            "_card.html": '<article class="card">{{ url(a.url_path) }}'
            '{{ chips(a, "locations") }}{{ shared("_p.html") }}</article>\n',
            "_p.html": "<i>{{ url('archive/') }}</i>",
        },
    )
    config = fixture_config(project / "site", project, theme="mine", page_size=2)
    pages = _shared_equals_fresh(config)
    depths = set()
    for path, (_page, text) in pages.items():
        for card in re.findall(r'<article class="card">(.*?)</article>', text.decode(), re.S):
            prefix = "../" * path.count("/")
            links = re.findall(r'href="([^"]+)"', card) + re.findall(r"<i>([^<]+)</i>", card)
            assert links and all(link.startswith(prefix) for link in links), path
            assert all(not link.startswith(prefix + "../") for link in links), path
            depths.add(path.count("/"))
    assert len(depths) >= 2


def _plan(templates: dict[str, str]) -> PiecePlan | None:
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True)
    env.globals["site"] = {}
    return piece_plan(env, "p.html")


def test_a_plan_names_the_page_values_a_piece_and_what_it_includes_read() -> None:
    plan = _plan(
        {
            "p.html": "{{ site.title }}{{ url('') }}{% include 'i.html' %}{{ shared('s.html') }}",
            "i.html": "{% if page.kind == 'x' and page.pager.number %}{{ canonical_url }}{% endif %}",
            "s.html": "{% for n in page.names %}{{ n }}{% endfor %}{{ page.up.path(1) }}",
        }
    )
    assert plan == PiecePlan(
        chains=(("kind",), ("names",), ("pager", "number"), ("up", "path")),
        values=("canonical_url",),
    )


@pytest.mark.parametrize(
    "source",
    [
        "{% include name %}",  # a template named at render time
        "{{ shared(name) }}",
        "{% set page = 1 %}{{ page }}",  # a name both read and assigned
        "{{ article.title }}",  # a page template's variable: undefined here
        "{% include 'missing.html' %}",
    ],
)
def test_a_piece_whose_reads_cannot_be_told_has_no_plan(source: str) -> None:
    assert _plan({"p.html": source}) is None


def test_every_helper_is_a_link_helper_or_a_page_value() -> None:
    from briefgen.render import _LINK_HELPERS, _PAGE_HELPERS

    config = fixture_config(Path("unused"))
    articles = _read_content(config, None, frozenset())
    site = assemble_site((c.article for c in articles.values()), config)
    helpers = _helpers("index.html", site, _renderer(config), site.pages["index.html"])
    assert set(helpers) == _LINK_HELPERS | _PAGE_HELPERS


def test_compiling_the_theme_plans_its_pieces_before_workers_fork(project: Path) -> None:
    # compile_templates runs in the parent of the render workers: what it plans there
    # they inherit, instead of each parsing the pieces again; the plans are the same.
    from briefgen.render import compile_templates

    default = fixture_config(project / "site", project)
    # A theme whose base.html (shadowing the default's) shares a piece of its own.
    child_theme(
        project, {"_mine.html": "{{ page.title }}", "base.html": '{{ shared("_mine.html") }}'}
    )
    mine = fixture_config(project / "site", project, theme="mine")
    for config, names in [
        (default, {"_head_links.html", "_site_header.html", "_site_footer.html"}),
        (mine, {"_mine.html"}),
    ]:
        renderer = _renderer(config)
        compile_templates(renderer)
        assert set(renderer.plans) == names
        fresh = _renderer(config)
        for name in names:
            assert renderer.plans[name] == piece_plan(fresh.env, name)
