"""Only build.py runs more than one stage: checked on the imports of every module.

The stages, in pipeline order (STYLE.md's architecture line), and the modules that are
each of them:

- ingest: seeds → content files (`briefgen.ingest`; `seeds.py` and `extract/` are the
  parsers and extractors it uses, as `frontmatter.py` is read's parser, not stages);
- read: content files → Article (`briefgen.content`);
- assemble: Articles → Site (`briefgen.assemble`);
- render: Site → Output (`briefgen.render`, and `briefgen.search` with
  `briefgen.searchindex`, which index the briefings);
- write: Output → site/ (`briefgen.output`).

`briefgen.build` runs them all and counts as one more unit here: a module that imports
build and a stage besides is sequencing stages around the orchestrator (as `cli build`
once ran ingest itself before calling build). Everything else (model, urls, errors,
dates, config, state, theme, relate, overview, geo, ...) is shared by stages and may be
imported anywhere.

Two rules, over every import in a module (function-local ones too):
1. no module other than build.py imports more than one unit;
2. a stage imports no other stage and not build: stages meet only in build.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import briefgen

PACKAGE_DIR = Path(briefgen.__file__).parent
ORCHESTRATOR = "briefgen.build"
STAGES = {
    "briefgen.ingest": "ingest",
    "briefgen.content": "read",
    "briefgen.assemble": "assemble",
    "briefgen.render": "render",
    "briefgen.search": "render",
    "briefgen.searchindex": "render",
    "briefgen.output": "write",
}
UNITS = {**STAGES, ORCHESTRATOR: "build"}


def module_name(path: Path, package_dir: Path) -> str:
    """`briefgen.serve.rebuild` for PACKAGE_DIR/serve/rebuild.py."""
    parts = path.relative_to(package_dir.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module SOURCE imports, anywhere in it, as full dotted names.

    `from briefgen import content` names `briefgen.content`; relative imports are
    resolved against MODULE.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def units_of(imports: set[str]) -> dict[str, str]:
    """Unit name → the imported module that reaches it (one example per unit)."""
    reached: dict[str, str] = {}
    for name in sorted(imports):
        for unit_module, unit in UNITS.items():
            if name == unit_module or name.startswith(unit_module + "."):
                reached.setdefault(unit, name)
    return reached


def violations(module: str, source: str, is_package: bool = False) -> list[str]:
    """What is wrong with MODULE's imports under the two rules above ([] when nothing)."""
    if module == ORCHESTRATOR:
        return []
    reached = units_of(imported_modules(source, module, is_package))
    own = STAGES.get(module)
    if own is not None:
        reached.pop(own, None)  # a stage's own other modules
    problems = []
    if len(reached) > 1:
        problems.append(f"{module} imports {len(reached)} stages: {sorted(reached.values())}")
    elif own is not None and reached:
        problems.append(f"stage {own} ({module}) imports {sorted(reached.values())}")
    return problems


def package_violations(package_dir: Path) -> list[str]:
    """Every violation in the package at PACKAGE_DIR."""
    problems: list[str] = []
    for path in sorted(package_dir.rglob("*.py")):
        module = module_name(path, package_dir)
        source = path.read_text(encoding="utf-8")
        problems += violations(module, source, path.name == "__init__.py")
    return problems


def test_only_build_imports_more_than_one_stage() -> None:
    assert package_violations(PACKAGE_DIR) == []


def test_build_runs_every_stage() -> None:
    source = (PACKAGE_DIR / "build.py").read_text(encoding="utf-8")
    reached = units_of(imported_modules(source, ORCHESTRATOR))
    assert set(reached) == {"ingest", "read", "assemble", "render", "write"}


def test_every_stage_module_exists() -> None:
    """A renamed stage module must be renamed here too, or the check above checks nothing."""
    for module in UNITS:
        path = PACKAGE_DIR.parent.joinpath(*module.split(".")).with_suffix(".py")
        assert path.is_file(), module


def test_a_command_that_runs_ingest_then_build_is_caught() -> None:
    """The shape `cli build` and serve had: ingest, then the site half, side by side."""
    source = (
        "def build():\n"
        "    from briefgen.build import build_site\n"
        "    from briefgen.ingest import ingest_seeds\n"
    )
    assert violations("briefgen.cli", source) == [
        "briefgen.cli imports 2 stages: ['briefgen.build', 'briefgen.ingest']"
    ]


def test_a_stage_reaching_into_another_is_caught() -> None:
    """render once took month names from assemble; assemble a path helper from content."""
    assert violations("briefgen.render", "from briefgen.assemble import MONTHS\n") == [
        "stage render (briefgen.render) imports ['briefgen.assemble']"
    ]
    assert violations("briefgen.assemble", "from briefgen import content\n") == [
        "stage assemble (briefgen.assemble) imports ['briefgen.content']"
    ]
    # A stage's own modules are not another stage: render and search are one.
    assert violations("briefgen.render", "from briefgen.search import SEARCH_DIR\n") == []


def test_relative_imports_are_resolved() -> None:
    source = "from ..build import Builder\nfrom .. import ingest\n"
    assert imported_modules(source, "briefgen.serve.rebuild") >= {
        "briefgen.build",
        "briefgen.ingest",
    }
    assert violations("briefgen.serve.rebuild", source) != []
