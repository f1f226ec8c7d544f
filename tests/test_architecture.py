"""The pipeline runs one way, and renderers see only the public view.

load (catalogue, yamlsource) → validate (validation) → publish (publish) → render (pages, maps,
jsonld, render, exports/*) → emit (hooks, ``stadtkarte generate``). The imports are read from the
source (every ``import`` statement, also inside functions and under ``TYPE_CHECKING``), so a new
export that reaches for the raw data fails here before it can forget a privacy rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "stadtkarte"
#: every module that turns the public view into output
RENDERERS = ["pages", "maps", "jsonld", "render", "search", "printing", "wegweiser", "offline", "nearby", "exports",
             *(f"exports.{p.stem}" for p in (PACKAGE / "exports").glob("*.py") if p.stem != "__init__")]
#: what renderers must not import: the raw data, its models and the tools that read them
RAW = {"catalogue", "entries", "models", "validation", "yamlsource", "geocache", "geocode", "synthetic", "gate"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules ``name`` imports (names relative to the package, ``""`` for the
    package itself), including the parent packages Python runs on the way."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def add(target: str) -> None:
        while True:
            if target in known:
                found.add(target)
            if "." not in target:
                break
            target = target.rsplit(".", 1)[0]

    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("stadtkarte."):
                    add(alias.name.removeprefix("stadtkarte."))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                prefix = ".".join([*base, *([node.module] if node.module else [])]).strip(".")
            elif node.module and (node.module == "stadtkarte" or node.module.startswith("stadtkarte.")):
                prefix = node.module.removeprefix("stadtkarte").lstrip(".")
            else:
                continue
            add(prefix)
            for alias in node.names:  # ``from . import exports`` imports a module
                add(f"{prefix}.{alias.name}".strip("."))
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports(name, path, known) for name, path in found.items()}


def test_the_import_reader_sees_every_kind_of_import() -> None:
    graph_ = graph()
    assert {"render", "publish", "exports", "exports.listing", "jsonld", "maps"} <= graph_["pages"]
    assert "publish" in graph_["exports.hsds"] and "exports.ical" in graph_["exports.hsds"]
    assert "exports.ical" in graph_["exports.records"]  # imported inside a function
    assert "entries" in graph_["validation"]  # imported under TYPE_CHECKING
    assert "pages" in graph_["pipeline"] and "publish" in graph_["pipeline"]


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_renderers_never_import_the_raw_data(renderer: str) -> None:
    assert renderer in modules(), renderer
    assert graph()[renderer] & RAW == set()


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every back edge of a depth-first search, as the chain of modules that closes a cycle."""
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1  # on the current path
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target):], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2  # done

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return cycles


def test_cycle_finder_finds_cycles() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_cycles({"pages": {"exports"}, "exports": {"pages"}}) == [["exports", "pages", "exports"]]
    assert find_cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_the_package_has_no_import_cycle() -> None:
    assert find_cycles(graph()) == []


def test_only_the_pipeline_joins_publishing_and_rendering() -> None:
    """Publishing knows nothing of the outputs; validation nothing of loading."""
    edges = graph()
    assert edges["publish"] & {"pages", "maps", "jsonld", "render", "exports", "pipeline"} == set()
    assert edges["validation"] & {"catalogue", "publish"} == set()
    assert edges["entries"] & {"catalogue", "validation", "publish"} == set()


def test_every_writer_goes_through_the_input_gate() -> None:
    """The forms, ``new`` and ``init`` check what they write with the one gate (issue 24); the gate
    sits on the loading side: it runs loading and validation and knows nothing of publishing."""
    edges = graph()
    assert {"issueform", "citysetup", "cli"} <= {name for name, targets in edges.items() if "gate" in targets}
    assert {"catalogue", "models"} <= edges["gate"]
    assert edges["gate"] & {"publish", "pipeline", "issueform", "cli", "citysetup", *RENDERERS} == set()
