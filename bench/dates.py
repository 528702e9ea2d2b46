"""Published dates on the public benchmark, scored against our own hand-checked truth.

The benchmark has no date truth, so ``bench/data/benchmark-dates.json`` is our own
labelling (its ``about`` says how it was made): for every page the published day as the
page states it, ``null`` where it states none. The figure is day accuracy over all pages:
a page is right when the extracted published day is the truth's day (or both are none),
for newsarchiver (batch extraction, no seed: no timezone known) and for htmldate
(trafilatura's date extractor, extensive search, original date), measured the same way.

A second line scores the instant (to the minute) on the pages whose truth states a time
with its offset; htmldate gives days only. Those times are as exact as the page: a CMS that
writes two offsets for one story leaves the label a choice, so the day is the measure.

The earlier proxy (the day in the URL, 44 pages) is gone: it counted a correct
late-evening UTC stamp as a miss and htmldate reads the URL first, so it favoured htmldate
by construction; the truth file records the URL day as one source among the others.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

TRUTH = Path(__file__).resolve().parent / "data" / "benchmark-dates.json"


def load_truth(path: Path = TRUTH) -> dict[str, str | None]:
    """Page id → published day (``YYYY-MM-DD``) or None when the page states none."""
    pages = json.loads(path.read_text(encoding="utf-8"))["pages"]
    return {key: row["published_day"] for key, row in pages.items()}


def load_instants(path: Path = TRUTH) -> dict[str, str]:
    """Page id → the published time with its offset, for pages whose truth states one."""
    pages = json.loads(path.read_text(encoding="utf-8"))["pages"]
    return {key: row["published"] for key, row in pages.items() if row.get("published")}


def same_instant(truth: str, value: str | None) -> bool:
    """The same minute of the same instant (a display form drops the seconds)."""
    if not value or "T" not in value:
        return False
    try:
        got, want = datetime.fromisoformat(value), datetime.fromisoformat(truth)
    except ValueError:
        return False
    if got.utcoffset() is None:
        return False
    return got.replace(second=0, microsecond=0) == want.replace(second=0, microsecond=0)


def day_misses(truth: dict[str, str | None], published: dict[str, str | None]) -> list[str]:
    """Page ids whose extracted published day is not the truth's (a missing page counts)."""
    return sorted(k for k, day in truth.items() if ((published.get(k) or "")[:10] or None) != day)


def htmldate_published(urls: dict[str, str], pages: dict[str, bytes]) -> dict[str, str | None]:
    from htmldate import find_date

    out = {}
    for key, url in urls.items():
        html = pages[key].decode("utf-8", "replace")
        out[key] = find_date(html, url=url, extensive_search=True, original_date=True)
    return out


def print_dates(
    urls: dict[str, str],
    pages: dict[str, bytes],
    ours: dict[str, str | None],
    show_misses: bool = False,
) -> None:
    truth = {k: v for k, v in load_truth().items() if k in urls}
    theirs = htmldate_published(urls, pages)
    n = len(truth)
    ours_miss, theirs_miss = day_misses(truth, ours), day_misses(truth, theirs)
    print(
        f"published day vs our hand-checked truth ({n} pages, {sum(1 for d in truth.values() if d)}"
        f" dated): newsarchiver {(n - len(ours_miss)) / n:.3f} ({n - len(ours_miss)}), "
        f"htmldate {(n - len(theirs_miss)) / n:.3f} ({n - len(theirs_miss)})"
    )
    instants = {k: v for k, v in load_instants().items() if k in urls}
    right = sum(1 for k, v in instants.items() if same_instant(v, ours.get(k)))
    print(
        f"published instant (to the minute) where the truth states a time ({len(instants)} "
        f"pages): newsarchiver {right / max(len(instants), 1):.3f} ({right}); htmldate gives days"
    )
    if show_misses:
        for key in sorted(set(ours_miss) | set(theirs_miss)):
            print(
                f"  {key[:8]} truth {truth[key]} ours {(ours.get(key) or '-')[:25]} "
                f"htmldate {theirs.get(key) or '-'}  {urls[key][:70]}"
            )
