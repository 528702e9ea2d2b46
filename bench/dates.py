"""Published dates on the public benchmark, which has no date truth: a proxy figure.

Many of its URLs carry the day the CMS filed the story (``/2019/11/18/``), in the
outlet's own local time. The figure is the share of those pages whose extracted published
day is that day, for newsarchiver (batch extraction, no seed: no timezone known) and for
htmldate (trafilatura's date extractor, extensive search), measured the same way. It is a
proxy: a story filed late in the evening and stamped in UTC can be right and still count
as a miss, and a URL day is itself one of our (lowest ranked) candidates.
"""

from __future__ import annotations

from crawler.extract.dates import parse_url_date


def url_day_agreement(urls: dict[str, str], published: dict[str, str | None]) -> tuple[int, int]:
    """(pages whose published day is the URL's day, pages with a URL day)."""
    dated = {k: d for k, u in urls.items() if (d := parse_url_date(u))}
    right = sum(1 for k, day in dated.items() if (published.get(k) or "")[:10] == day)
    return right, len(dated)


def htmldate_published(urls: dict[str, str], pages: dict[str, bytes]) -> dict[str, str | None]:
    from htmldate import find_date

    out = {}
    for key, url in urls.items():
        html = pages[key].decode("utf-8", "replace")
        out[key] = find_date(html, url=url, extensive_search=True, original_date=True)
    return out


def print_dates(urls: dict[str, str], pages: dict[str, bytes], ours: dict[str, str | None]) -> None:
    right, n = url_day_agreement(urls, ours)
    theirs, _ = url_day_agreement(urls, htmldate_published(urls, pages))
    dated = sum(1 for v in ours.values() if v)
    print(
        f"published dates (no date truth; proxy: the day in the URL, {n} pages have one): "
        f"newsarchiver {right / n:.3f}, htmldate {theirs / n:.3f}; "
        f"newsarchiver dated {dated}/{len(ours)} pages"
    )
