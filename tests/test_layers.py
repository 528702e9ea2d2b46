"""The layer order of archive/ and crawler/, written down once and checked on the real imports.

Every module belongs to one component; components are stacked in layers, lowest first. A
module may import its own component and any component of a lower layer, never a component of
its own layer or of a higher one, and there are no import circles. Imports are read with
``ast`` from every module, including those inside functions and ``if TYPE_CHECKING`` blocks:
an import hidden in a function is still a dependency. README "Layout" shows the same order.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("archive", "crawler")

#: Lowest first. A layer is a tuple of components; a component a tuple of module prefixes.
LAYERS: tuple[tuple[tuple[str, ...], ...], ...] = (
    # archive/: formats < indexes < stores < what is read out of them. Scrapy-free.
    (
        (
            "archive.__init__",
            "archive.layout",
            "archive.atomic",
            "archive.jsonl",
            "archive.resume",
            "archive.urls",
            "archive.fingerprints",
            "archive.version_diff",
        ),
    ),
    (("archive.warc",),),
    (("archive.index",),),
    (("archive.stores",),),
    (
        ("archive.exports",),
        ("archive.report",),
        ("archive.history", "archive.history_html", "archive.history_text"),
    ),
    # crawler/: pure extraction < discovery < seed < Scrapy components < spider < runs < commands
    (
        (
            "crawler.__init__",
            "crawler.items",
            "crawler.exit_codes",
            "crawler.settings",
            "crawler.summary",
            "crawler.dropped",
            "crawler.crawl_log",
            "crawler.crontab",
            "crawler.netguard",
            "crawler.politeness",
            "crawler.progress",
            "crawler.signals",
            "crawler.malloc",
            "crawler.crawl_stores",
        ),
    ),
    (("crawler.extract",),),
    (("crawler.discovery",),),
    (("crawler.seed", "crawler.seed_checks"),),
    (("crawler.handlers",),),
    (("crawler.middlewares",), ("crawler.pipelines",), ("crawler.extensions",)),
    (("crawler.spiders",),),
    (("crawler.run", "crawler.run_recorder"),),
    (("crawler.addon",),),
    (("crawler.process",), ("crawler.reextract",), ("crawler.replay",)),
    (("crawler.cron",), ("crawler.distributed",)),
    (("crawler.cli",), ("crawler.commands",)),
)


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported module of the same tree
    line: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.target}"


def modules(root: Path, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    """Dotted name -> file of every module under ``packages`` (``pkg.__init__`` for packages)."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            found[".".join(path.relative_to(root).with_suffix("").parts)] = path
    return found


def imports(root: Path, packages: tuple[str, ...] = PACKAGES) -> list[Import]:
    """Every import of one module of the tree by another, wherever in the module it is."""
    known = modules(root, packages)

    def resolve(name: str) -> str | None:
        while name:
            for candidate in (name, name + ".__init__"):
                if candidate in known:
                    return candidate
            name = name.rpartition(".")[0]
        return None

    found = []
    for module, path in known.items():
        package = module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                names = [f"{base}.{alias.name}" for alias in node.names]  # a submodule, or
            for name in names:  # a name of ``base``: resolve falls back to the module
                target = resolve(name)
                if target is not None and target != module:
                    found.append(Import(module, target, node.lineno))
    return found


def component_of(module: str) -> tuple[int, int] | None:
    """(layer, component) of ``module``: the longest matching prefix wins."""
    best: tuple[int, int, int] | None = None
    for layer, components in enumerate(LAYERS):
        for index, prefixes in enumerate(components):
            for prefix in prefixes:
                stem = prefix.removesuffix(".__init__")
                matches = module == prefix or (
                    not prefix.endswith(".__init__") and module.startswith(prefix + ".")
                )
                if matches and (best is None or len(stem) > best[0]):
                    best = (len(stem), layer, index)
    return None if best is None else best[1:]


def wrong_way(found: list[Import]) -> list[Import]:
    """Imports of a component of the same or a higher layer than the importer's own."""
    bad = []
    for imp in found:
        source, target = component_of(imp.source), component_of(imp.target)
        assert source is not None and target is not None, imp
        if source != target and target[0] >= source[0]:
            bad.append(imp)
    return bad


def cycles(found: list[Import]) -> list[list[str]]:
    """The import circles among modules (strongly connected components of two or more)."""
    graph: dict[str, set[str]] = {}
    for imp in found:
        graph.setdefault(imp.source, set()).add(imp.target)
        graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(node: str) -> None:  # Tarjan; the graph is a few hundred nodes deep at most
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            members = []
            while True:
                member = stack.pop()
                members.append(member)
                if member == node:
                    break
            if len(members) > 1:
                circles.append(sorted(members))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def _unplaced(root: Path) -> Iterator[str]:
    for module in modules(root):
        if component_of(module) is None:
            yield module


def test_every_module_has_a_place_in_the_layer_order() -> None:
    assert len(modules(ROOT)) > 100  # the walk really sees both packages
    assert list(_unplaced(ROOT)) == []


def test_imports_run_down_the_layers() -> None:
    assert [str(imp) for imp in wrong_way(imports(ROOT))] == []


def test_no_import_circles() -> None:
    assert cycles(imports(ROOT)) == []


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_the_check_catches_one_wrong_import_hidden_in_a_function(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "crawler/__init__.py": "",
            "crawler/seed.py": "from crawler.extract import rules\n",
            "crawler/extract/__init__.py": "",
            "crawler/extract/rules.py": "X = 1\n",
            "crawler/extract/links.py": "def f():\n    from ..seed import Seed\n",
        },
    )
    found = imports(tree, ("crawler",))
    assert sorted(str(imp) for imp in found) == [
        "crawler.extract.links:2 imports crawler.seed",
        "crawler.seed:1 imports crawler.extract.rules",
    ]
    assert [str(imp) for imp in wrong_way(found)] == [
        "crawler.extract.links:2 imports crawler.seed"
    ]
    assert cycles(found) == []


def test_the_check_catches_siblings_and_circles(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "crawler/__init__.py": "",
            "crawler/middlewares/__init__.py": "",
            "crawler/middlewares/a.py": "import crawler.pipelines.b\n",
            "crawler/pipelines/__init__.py": "",
            "crawler/pipelines/b.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from crawler.middlewares import a\n",
        },
    )
    found = imports(tree, ("crawler",))
    assert len(wrong_way(found)) == 2  # middlewares and pipelines are siblings: neither way
    assert cycles(found) == [["crawler.middlewares.a", "crawler.pipelines.b"]]
