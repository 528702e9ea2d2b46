"""Where an article page states its dates: one ranked list of candidates per date.

Beside :mod:`crawler.extract.dates.parse`, which turns strings into ISO 8601 in the site's
timezone: this module chooses, that one parses, and :mod:`crawler.extract.dates.sources`
collects. Every place a page can state its published (or last-modified) date becomes a
:class:`Candidate` with its source, its position and the region of the page it sits in.
Each candidate has its source (``kind``), its value (``raw``, parsed when it is reached), its
rank and its confidence (:attr:`Candidate.confidence`). The list is ranked by source, then
by position (:data:`RANK`): what the page declares
(JSON-LD, microdata, meta tags), the seed's selector, the article's own ``<time>``
elements and datelines, the same outside the article element, then what a feed, sitemap
or section listing announced for the URL (added by the crawl, :func:`listed_candidate`),
then the date in the URL, and last the low-confidence fallback's day
(:mod:`crawler.extract.dates.fallback`), which is no candidate of the page's own.

Candidates are parsed lazily in rank order and the first valid one wins, so a page with
JSON-LD never pays for the text search. A bare date (no time) is refined by a later
candidate that gives a time on the same day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from crawler.extract.dates.parse import TEXT_RES, FoundDate, parse_date
from crawler.extract.dates.text import parse_text_date

#: Rank of each kind of candidate, lowest first. ``page-*``: outside the article element.
RANK = {
    kind: n
    for n, kind in enumerate(
        (
            "json-ld", "microdata", "meta", "selector",
            "time-element", "dateline", "labelled", "text",
            "page-time-element", "page-dateline",
            "feed", "sitemap", "listing",
            "url",
            "htmldate",
        )
    )
}  # fmt: skip

#: Kinds whose date is a guess rather than one the page states as its publication: the day
#: in the URL (often the first draft's) and the fallback's. The item's ``published_source``
#: names the kind, so a researcher can filter these out.
LOW_CONFIDENCE = frozenset({"url", "htmldate"})
#: The :attr:`Candidate.confidence` of those kinds; every other is ``HIGH``.
LOW, HIGH = "low", "high"

#: Years a news page can be dated (``0001-01-01`` is a CMS's empty value, not a date).
_YEARS = range(1995, 2100)


@dataclass(frozen=True)
class Candidate:
    """One place a date is stated. ``kind`` is a :data:`RANK` key; ``source`` is what the
    item's ``*_source`` field says when it wins; ``text``: free text (dateparser may read
    it) rather than a machine date."""

    raw: str
    kind: str
    source: str
    position: int
    element: Any = None
    text: bool = False

    @property
    def rank(self) -> tuple[int, int]:
        return RANK[self.kind], self.position

    @property
    def confidence(self) -> str:
        """:data:`LOW` for a guess (:data:`LOW_CONFIDENCE`), else :data:`HIGH`."""
        return LOW if self.kind in LOW_CONFIDENCE else HIGH


def listed_candidate(date: str, raw: str | None, source: str) -> Candidate:
    """What a feed (``feed``), sitemap (``sitemap``) or section page (``listing``)
    announced for a URL, ranked with the page's own candidates."""
    return Candidate(raw or date, source, source, 0)


Stage = tuple[int, Callable[[], Iterable[Candidate]]]


def parse_candidate(c: Candidate, tz: str | None, languages: tuple[str, ...]) -> str | None:
    value = parse_text_date(c.raw, tz, languages) if c.text else parse_date(c.raw, tz)
    if value is None or int(value[:4]) not in _YEARS:
        return None
    return value


def choose(
    candidates: Iterable[Candidate], tz: str | None, languages: tuple[str, ...] = ()
) -> tuple[FoundDate, Candidate] | None:
    """The best valid candidate (by rank; a bare date refined by a same-day time)."""
    return choose_staged([(0, lambda: candidates)], tz, languages)


def choose_staged(
    stages: list[Stage], tz: str | None, languages: tuple[str, ...] = ()
) -> tuple[FoundDate, Candidate] | None:
    """Like :func:`choose`, collecting each stage only while it can beat the best so far
    (a page with JSON-LD never pays for the text search)."""
    pool: list[Candidate] = []
    parsed: dict[int, str | None] = {}
    best = None
    for min_rank, stage in stages:
        if best is not None and "T" in best[0].value and best[1].rank[0] < min_rank:
            break
        pool.extend(stage())
        pool.sort(key=lambda c: c.rank)
        best = _pick(pool, parsed, tz, languages)
    return best


def _pick(
    pool: list[Candidate], parsed: dict[int, str | None], tz: str | None, languages: tuple
) -> tuple[FoundDate, Candidate] | None:
    best: tuple[FoundDate, Candidate] | None = None
    for c in pool:
        if id(c) not in parsed:
            parsed[id(c)] = parse_candidate(c, tz, languages)
        value = parsed[id(c)]
        if value is None:
            continue
        if best is None:
            best = (FoundDate(value, _raw_text(c), c.source), c)
            if "T" in value:
                return best
        elif "T" in value and value[:10] == best[0].value and (tz or not c.text):
            # a time of the same day makes a bare date precise (not a text's time with no
            # timezone known: its offset would be made up)
            return FoundDate(value, _raw_text(c), c.source), c
    return best


def _raw_text(c: Candidate) -> str:
    """The date part of a short text (``Stand: 02.12.2025 - 17:52:59 Uhr`` → the timestamp)."""
    if not c.text:
        return c.raw
    for rx in TEXT_RES:
        mt = rx.search(c.raw)
        if mt:
            return mt.group(0).strip()
    return c.raw
