"""The saved-page fixture cases: one directory per case under ``fixtures/pages/``.

Each case (web-poet style) holds its inputs, ``page.html`` (the body bytes as served) and
``meta.json`` (``url``, ``headers`` and optional extraction ``rules``), and the expected
output, ``expected.json``: the item the extractor must return, without ``extractor`` (the
version and rules hash, checked on their own). After an intended extraction change, rewrite
the expected outputs with ``python -m tests.extract.regenerate [CASE...]`` and review the diff.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.extract.article import extract_article
from crawler.extract.rules import ExtractionRules
from crawler.items import ArticleItem

CASES = Path(__file__).parent / "fixtures" / "pages"


@dataclass(frozen=True)
class Case:
    name: str
    url: str
    headers: dict[str, str]
    body: bytes
    rules: ExtractionRules | None

    @property
    def expected_path(self) -> Path:
        return CASES / self.name / "expected.json"

    def extract(self) -> ArticleItem:
        return extract_article(self.url, self.headers, self.body, self.rules)


def names() -> list[str]:
    return sorted(p.parent.name for p in CASES.glob("*/meta.json"))


def load(name: str) -> Case:
    folder = CASES / name
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    rules = ExtractionRules(**meta["rules"]) if meta.get("rules") else None
    body = (folder / "page.html").read_bytes()
    return Case(name, meta["url"], meta["headers"], body, rules)


def output(item: ArticleItem) -> dict[str, Any]:
    """What ``expected.json`` holds of an item: all of it but ``extractor``."""
    data = item.to_dict()
    data.pop("extractor")
    return data
