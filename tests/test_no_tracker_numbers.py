"""The repository speaks for itself: no file points at an issue number.

The issue tracker is not part of the repository, so "issue 22, item 11" in a docstring or a
comment tells a reader nothing; say what the code or test is for instead.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import ROOT

TRACKER_NUMBER = re.compile(r"\b[Ii]ssues?\s+#?\d+")


def tracked_text_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "*.py", "*.md", "*.toml", "*.sh", "Makefile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [name for name in out.splitlines() if name]


def tracker_numbers(text: str) -> list[str]:
    return TRACKER_NUMBER.findall(text)


def test_the_pattern_finds_what_it_forbids_and_nothing_else() -> None:
    assert tracker_numbers("Why (issue 22, item 11): a link") == ["issue 22"]
    assert tracker_numbers("see Issues #7 and issue 19") == ["Issues #7", "issue 19"]
    assert tracker_numbers("an issue with 22 links; tissue 3") == []


def test_no_tracked_file_names_an_issue_number() -> None:
    files = tracked_text_files()
    assert len(files) > 100  # the listing worked
    this_file = Path(__file__).resolve().relative_to(ROOT.resolve()).as_posix()
    assert this_file in files  # this file names numbers on purpose: its examples
    found = []
    for name in files:
        if name == this_file:
            continue
        text = (ROOT / name).read_text(encoding="utf-8", errors="replace")
        for number, line in (
            (n, i + 1) for i, row in enumerate(text.splitlines()) for n in tracker_numbers(row)
        ):
            found.append(f"{name}:{line}: {number}")
    assert found == []
