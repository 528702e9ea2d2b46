"""Exit codes are defined once (``crawler/exit_codes.py``): the README's tables say the same,
the run log's outcome words are their names, and no command spells a code of its own."""

from __future__ import annotations

import ast
import re

from archive.stores.run_log import OUTCOMES
from crawler.exit_codes import USED_BY, ExitCode, codes_of
from tests.conftest import ROOT


def readme_table(heading: str) -> list[list[str]]:
    """The cells of the first table after ``heading`` in the README (header row left out)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text[text.index(f"\n{heading}\n") :]
    rows = re.findall(r"^\|(.*)\|$", after[: after.index("\n\n", after.index("\n|"))], re.M)
    return [[cell.strip() for cell in row.split("|")] for row in rows[2:]]


def test_the_readme_table_of_every_command_is_the_definition() -> None:
    rows = [cells[:3] for cells in readme_table("### Exit codes of every command")]
    assert rows == [[str(int(code)), code.name, ", ".join(USED_BY[code])] for code in ExitCode]


def test_the_readme_table_of_crawl_lists_the_codes_a_crawl_ends_with() -> None:
    rows = readme_table("### Exit codes of `crawl` and `demo`")
    assert [int(cells[0]) for cells in rows] == codes_of("crawl") == codes_of("demo")


def test_the_run_log_outcome_of_a_crawl_is_the_name_of_its_exit_code() -> None:
    assert OUTCOMES == {int(code): code.name.lower() for code in codes_of("crawl")}


def test_commands_end_only_through_the_one_helper() -> None:
    """``sys.exit`` only in ``crawler/exit_codes.py``; no other enum of codes; no literal code
    handed to ``fail`` or ``exit_with``."""
    problems = []
    for path in sorted((ROOT / "crawler").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and where != "crawler/exit_codes.py":
                if any(ast.unparse(base) == "IntEnum" for base in node.bases):
                    problems.append(f"{where}:{node.lineno}: enum {node.name}")
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            if name == "sys.exit" and where != "crawler/exit_codes.py":
                problems.append(f"{where}:{node.lineno}: sys.exit")
            codes = {"fail": node.args[1:], "exit_with": node.args}.get(name, [])
            if any(isinstance(arg, ast.Constant) for arg in codes):
                problems.append(f"{where}:{node.lineno}: {name} with a literal code")
    assert problems == []
