"""Rewrite the expected output of the saved-page cases from the current extractor.

    .venv/bin/python -m tests.extract.regenerate            # every case
    .venv/bin/python -m tests.extract.regenerate cp1252     # only these

Run it after an intended extraction change, then read ``git diff tests/extract/fixtures``:
every changed line is a change in what the extractor returns.
"""

from __future__ import annotations

import sys

from tests.extract import cases


def main(argv: list[str]) -> int:
    known = cases.names()
    unknown = [n for n in argv if n not in known]
    if unknown:
        known_list = ", ".join(known)
        print(f"error: no such case: {', '.join(unknown)} (cases: {known_list})", file=sys.stderr)
        return 2
    for name in argv or known:
        case = cases.load(name)
        text = cases.dumps(cases.output(case.extract()))
        old = case.expected_path.read_text(encoding="utf-8") if case.expected_path.exists() else ""
        case.expected_path.write_text(text, encoding="utf-8")
        print(f"{name}: {'unchanged' if text == old else 'rewritten'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
