"""archive/ is Scrapy-free: no module imports the crawler package (or Scrapy) in any form."""

from __future__ import annotations

import ast
from pathlib import Path

import archive

FORBIDDEN = ("crawler", "scrapy")
ARCHIVE_DIR = Path(archive.__file__).resolve().parent


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):  # also imports inside functions and try blocks
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def test_no_archive_module_imports_the_crawler_or_scrapy() -> None:
    modules = sorted(ARCHIVE_DIR.rglob("*.py"))
    assert len(modules) > 20  # the walk really sees the package
    offenders = [
        f"{path.relative_to(ARCHIVE_DIR.parent)}:{line} imports {name}"
        for path in modules
        for line, name in _imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_the_check_catches_a_crawler_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n    from crawler.items import ArticleItem\n    import scrapy.http\n"
        "    importlib.import_module('crawler.seed')\n"
    )
    assert [name for _, name in _imported_modules(sample)] == [
        "crawler.items",
        "scrapy.http",
        "crawler.seed",
    ]
