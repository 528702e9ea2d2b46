"""Every published-date candidate of each benchmark page, for labelling dates by hand.

The collection ``bench/data/benchmark-dates.json`` was labelled from: the day each source gives is
collected side by side (JSON-LD ``datePublished``, date-named meta tags, the first
``<time>`` elements with their text, htmldate with ``original_date=True``, newsarchiver,
the URL's day); a page whose sources agree needs no reader, the others (``--disagree``)
are read on the page. A label is a person's decision, so nothing here writes the truth.

Run: ``.venv/bin/python -m bench.date_candidates [--disagree] [--data DIR]``; one JSON
line per page.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable
from typing import Any

from bench.extraction import DEFAULT_DATA, load
from crawler.extract.article import extract_article
from crawler.extract.dates.parse import parse_url_date
from crawler.extract.structured import parse_html

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_LD = re.compile(r'"(datePublished|dateModified)"\s*:\s*"([^"]*)"')
_META_KEY = re.compile(r"date|time|publish|created|issued|modified|updated", re.I)
_PUBLISHED_KEY = re.compile(r"publish|issued|created|^date$|pubdate", re.I)


def _day(value: str | None) -> str | None:
    mt = _DAY.search(value or "")
    return mt.group(0) if mt else None


def _first_day(values: Iterable[str]) -> str | None:
    return next((d for v in values if (d := _day(v.split("=", 1)[-1]))), None)


def page_candidates(url: str, html: bytes) -> dict[str, Any]:
    """What each source says of one page, raw and as a day."""
    from htmldate import find_date

    tree = parse_html(html.decode("utf-8", "replace"))
    scripts = tree.xpath('//script[contains(@type, "ld+json")]') if tree is not None else []
    json_ld = [f"{k}={v}" for s in scripts for k, v in _LD.findall(s.text_content() or "")]
    meta = [
        f"{key}={el.get('content')}"
        for el in (tree.iter("meta") if tree is not None else ())
        if (key := el.get("property") or el.get("name") or el.get("itemprop") or "")
        and _META_KEY.search(key)
        and el.get("content")
    ]
    times = [
        f"{el.get('datetime')}|{' '.join(el.text_content().split())[:60]}"
        for el in list(tree.iter("time") if tree is not None else ())[:8]
    ]
    ours = extract_article(url, None, html).published
    theirs = find_date(html.decode("utf-8", "replace"), url=url, original_date=True)
    days = {
        "json-ld": _first_day(x for x in json_ld if x.startswith("datePublished")),
        "meta": _first_day(x for x in meta if _PUBLISHED_KEY.search(x.split("=")[0])),
        "newsarchiver": _day(ours),
        "htmldate": theirs,
        "url": parse_url_date(url),
    }
    agree = len({d for d in days.values() if d}) == 1
    return {"url": url, "days": days, "agree": agree, "json_ld": json_ld, "meta": meta,
            "time": times, "newsarchiver": ours}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--disagree", action="store_true", help="only pages a reader decides")
    args = parser.parse_args()
    truth, pages = load(args.data)
    for key, row in truth.items():
        found = page_candidates(row["url"], pages[key])
        if not (args.disagree and found["agree"]):
            print(json.dumps({"id": key, **found}, ensure_ascii=False))


if __name__ == "__main__":
    main()
