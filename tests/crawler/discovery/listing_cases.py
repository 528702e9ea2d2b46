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
from tests.fixture_cases import dumps, regenerate

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


def main(argv: list[str]) -> int:
    def expected(name: str) -> tuple[Path, str]:
        case = load(name)
        return case.expected_path, dumps(output(case.read()))

    return regenerate(argv, names(), expected)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
