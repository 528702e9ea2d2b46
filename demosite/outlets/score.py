"""Per-field accuracy of extracted items against an outlet's truth.

Used by the outlet tests and by ``bench/extraction.py``. A field counts as right only
when it is exactly right (dates: same instant and same UTC offset; lists: same set;
text: same after collapsing runs of whitespace), so a figure of 0.95 means 95 % of the
articles have that field exactly as a reader of the page would take it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

#: Fields scored, in report order. ``found`` is over all truth articles, every other
#: field over the articles found (see :func:`score`); ``body_f1``: mean token F1 of the body.
FIELDS = (
    "found",
    "headline",
    "published",
    "modified",
    "authors",
    "lead",
    "body",
    "topics",
    "images",
    "captions",
    "credits",
    "related",
)


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _paragraphs(text: str | None) -> list[str]:
    return [norm(p) for p in re.split(r"\n\s*\n", text or "") if norm(p)]


def same_time(got: str | None, want: str | None) -> bool:
    """Same instant and same UTC offset (a bare date only equals the same bare date)."""
    if not got or not want:
        return not got and not want
    try:
        a, b = datetime.fromisoformat(got), datetime.fromisoformat(want)
    except ValueError:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        return False
    return a == b and a.utcoffset() == b.utcoffset()


def token_f1(got: str | None, want: str | None) -> float:
    g, w = Counter(norm(got).split()), Counter(norm(want).split())
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def field_checks(item: dict, want: dict) -> dict[str, bool]:
    """Which fields of one extracted item are exactly right."""
    images = {i.get("url"): i for i in item.get("images") or []}
    want_images = want["images"]
    return {
        "headline": norm(item.get("headline")) == norm(want["headline"]),
        "published": same_time(item.get("published"), want["published"]),
        "modified": same_time(item.get("modified"), want["modified"]),
        "authors": set(item.get("authors") or []) == set(want["authors"]),
        "lead": norm(item.get("lead")) == norm(want["lead"]),
        "body": _paragraphs(item.get("body")) == _paragraphs(want["body"]),
        "topics": set(item.get("topics") or []) == set(want["topics"]),
        "images": set(images) == {i["src"] for i in want_images},
        "captions": all(
            norm((images.get(i["src"]) or {}).get("caption")) == norm(i["caption"])
            for i in want_images
        ),
        "credits": all(
            norm((images.get(i["src"]) or {}).get("credit")) == norm(i["credit"])
            for i in want_images
        ),
        "related": {r.get("url") for r in item.get("related") or []} == set(want["related"]),
    }


def score(truth: list[dict], items: Iterable[dict], over_all: bool = False) -> dict[str, float]:
    """``{field: share right}`` plus ``body_f1``, ``articles`` and ``found_n``.

    Fields are scored over the articles found, or with ``over_all`` over every truth
    article (one not found counts as wrong in every field), which makes a crawl's figures
    grow, never shrink, when discovery finds more.
    """
    by_url: dict[str, dict] = {}
    for item in items:
        for key in ("url", "canonical_url"):
            if item.get(key):
                by_url.setdefault(item[key], item)
    right: Counter[str] = Counter()
    f1 = 0.0
    found = 0
    for want in truth:
        item = by_url.get(want["url"])
        if item is None:
            continue
        found += 1
        f1 += token_f1(item.get("body"), want["body"])
        for name, ok in field_checks(item, want).items():
            right[name] += ok
    out = {"found": found / len(truth) if truth else 0.0}
    base = len(truth) if over_all else found
    for name in FIELDS[1:]:
        out[name] = right[name] / base if base else 0.0
    out["body_f1"] = f1 / base if base else 0.0
    out["articles"] = len(truth)
    out["found_n"] = found
    return out


def misses(truth: list[dict], items: Iterable[dict], name: str) -> list[tuple[str, object, object]]:
    """(url, got, wanted) for every found article whose field ``name`` is wrong (debugging)."""
    by_url = {i.get("url"): i for i in items}
    out = []
    for want in truth:
        item = by_url.get(want["url"])
        if item is not None and not field_checks(item, want)[name]:
            key = {"captions": "images", "credits": "images"}.get(name, name)
            out.append((want["url"], item.get(key), want.get(key)))
    return out
