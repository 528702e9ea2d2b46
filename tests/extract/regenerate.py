"""Rewrite the expected output of the saved-page cases from the current extractor.

    .venv/bin/python -m tests.extract.regenerate            # every case
    .venv/bin/python -m tests.extract.regenerate cp1252     # only these

Run it after an intended extraction change, then read ``git diff tests/extract/fixtures``:
every changed line is a change in what the extractor returns.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.extract import cases
from tests.fixture_cases import dumps, regenerate


def main(argv: list[str]) -> int:
    def expected(name: str) -> tuple[Path, str]:
        case = cases.load(name)
        return case.expected_path, dumps(cases.output(case.extract()))

    return regenerate(argv, cases.names(), expected)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
