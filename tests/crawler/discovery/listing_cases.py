"""The saved feed and sitemap cases: one directory per case under ``fixtures/listings/``.

As the saved-page cases of the extractor (``tests/extract/cases.py``), each case holds its
inputs, ``body.xml`` (the bytes as served) and ``meta.json`` (the ``url`` it was fetched
from), and its expected output, ``expected.json``: the :class:`Listing` that
:func:`read_listing` returns. After an intended change to discovery, rewrite the expected
outputs with ``python -m tests.crawler.discovery.listing_cases [CASE...]`` and review
``git diff``: every changed line is a change in what the crawl finds.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from crawler.discovery.listing import Listing, read_listing

CASES = Path(__file__).parent / "fixtures" / "listings"


@dataclass(frozen=True)
class Case:
    name: str
    url: str
    body: bytes

    @property
    def expected_path(self) -> Path:
        return CASES / self.name / "expected.json"

    def read(self) -> Listing:
        return read_listing(self.body, self.url)


def names() -> list[str]:
    return sorted(p.parent.name for p in CASES.glob("*/meta.json"))


def load(name: str) -> Case:
    folder = CASES / name
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return Case(name, meta["url"], (folder / "body.xml").read_bytes())


def output(listing: Listing) -> dict[str, Any]:
    """What ``expected.json`` holds: the whole listing, as plain JSON."""
    return asdict(listing)


def dumps(data: dict[str, Any]) -> str:
    """``expected.json`` text: indented, UTF-8 as is, so a diff reads well."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    known = names()
    unknown = [n for n in argv if n not in known]
    if unknown:
        print(
            f"error: no such case: {', '.join(unknown)} (cases: {', '.join(known)})",
            file=sys.stderr,
        )
        return 2
    for name in argv or known:
        case = load(name)
        text = dumps(output(case.read()))
        old = case.expected_path.read_text(encoding="utf-8") if case.expected_path.exists() else ""
        case.expected_path.write_text(text, encoding="utf-8")
        print(f"{name}: {'unchanged' if text == old else 'rewritten'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
