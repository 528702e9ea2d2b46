"""The item's ``published*`` and ``modified*`` fields, from the ranked candidates.

:mod:`crawler.extract.dates.sources` collects what the page states and
:mod:`crawler.extract.dates.candidates` ranks it; this module sets the item from the winners
and, with no timezone known, gives a UTC winner the offset the page itself shows
(:mod:`crawler.extract.dates.offset`), so both dates land on the day a reader saw.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from crawler.extract.dates.candidates import (
    LOW,
    RANK,
    Candidate,
    Stage,
    choose_staged,
    parse_candidate,
)
from crawler.extract.dates.fallback import fallback
from crawler.extract.dates.offset import in_offset, page_offset
from crawler.extract.dates.parse import ISO_RE, FoundDate, parse_clock_first, parse_date
from crawler.extract.dates.reference import Reference, first_with_reference
from crawler.extract.dates.sources import modified_stages, published_stages
from crawler.extract.dates.text import languages_for
from crawler.extract.lang import pattern
from crawler.extract.page import Page
from crawler.items import ArticleItem

#: Stages :func:`_offset_evidence` skips: a scan of every text node, and the URL's day.
_NO_EVIDENCE = (RANK["labelled"], RANK["url"])
#: The article's own ``<time>`` elements and classed datelines (not the page's).
_BYLINE_KINDS = ("time-element", "dateline")
#: Meta names that hold a date (``article_date_original``, ``sailthru.date``, ``pubdate``).
_DATE_KEY = re.compile(pattern("markup.date_keys"), re.I)
#: A zone written out in a machine date ("Tue Nov 19 2019 03:05:46 GMT+0000").
_GMT = re.compile(r"\b(?:GMT|UTC)\b|[+-]\d{2}:?\d{2}\s*$")


def fill_dates(item: ArticleItem, page: Page) -> list[Any]:
    """Set the item's ``published*`` and ``modified*`` fields; returns the elements that
    stated them (kept out of the body)."""
    languages = languages_for(page.rules.language if page.rules_given else None, item.language)
    ref = Reference.of(page.fetched, page.url)
    found = _chosen(published_stages(page), page.tz, languages, ref)
    found = found or fallback(page, page.fetched)  # a marked guess rather than none
    published = found[0] if found else None
    changed = _chosen(modified_stages(page), page.tz, languages, ref)
    modified = changed[0] if changed else None
    winners = [f for f in (found, changed) if f and not f[1].text]
    if page.tz is None and any(w[0].value.endswith("+00:00") for w in winners):
        offset = page_offset(*_offset_evidence(page, winners))
        for stated, _ in winners:  # a text's time is a wall clock, not a UTC instant
            if offset is not None and stated.value.endswith("+00:00"):
                stated.value = in_offset(stated.value, offset)
        if offset is None and published and found in winners and published.value.endswith("+00:00"):
            published = _byline_day(page, published) or published
    els = [found[1].element] if found and found[1].element is not None else []
    if published:
        item.published, item.published_raw, item.published_source = (
            published.value,
            published.raw,
            published.source,
        )
    if modified and published and modified.value == published.value:
        # dateModified == datePublished is how CMSs say "never updated"
        item.missing["modified"] = f"modified date equals published date ({modified.source})"
        modified = None
    if modified and changed and changed[1].element is not None:
        els.append(changed[1].element)
    if modified:
        item.modified, item.modified_raw, item.modified_source = (
            modified.value,
            modified.raw,
            modified.source,
        )
    return els


def _chosen(
    stages: list[Stage], tz: str | None, languages: tuple[str, ...], ref: Reference
) -> tuple[FoundDate, Candidate] | None:
    """The best candidate of ``stages``; with none, or only a guess, the best dateline that
    ``ref`` completes ("13 жовтня, 13:24", "Gestern, 21:22") before that guess."""
    found = choose_staged(stages, tz, languages)
    if found is None or found[1].confidence == LOW:
        cands = (c for _, stage in stages for c in stage())
        found = first_with_reference(cands, tz, languages, ref) or found
    return found


def _offset_evidence(
    page: Page, winners: list[tuple[FoundDate, Candidate]]
) -> tuple[list[str], list[tuple[str, bool]]]:
    """The page's UTC instants (the winners first) and every other form of a date it states,
    as (parsed value, read as a wall clock), for :func:`page_offset`.

    A page says one instant in several places: a ``<time datetime="...Z">`` with the local
    wall clock as its text, a CMS's naive local stamp beside the UTC one (``sailthru.date``),
    the modified instant with its offset in ``og:updated_time``. Any such pair shows the
    page's offset, also when it is the update's and not the publication's."""
    instants = [w[0].value for w in winners]
    forms: list[tuple[str, bool]] = []
    # all but the labelled lines' scan and the URL's day
    stages = [st for st in published_stages(page) if st[0] not in _NO_EVIDENCE]
    stages += modified_stages(page)
    for c in (c for _, stage in stages for c in stage()):
        value = parse_candidate(c, None, ())  # regexes only
        if value:
            wall = c.text or not _explicit(c.raw)
            forms.append((value, wall))
            if not wall and value.endswith("+00:00"):
                instants.append(value)
        if c.element is not None and c.element.tag == "time" and not c.text:
            if value := parse_clock_first(page.text(c.element)):  # its text: the wall clock
                forms.append((value, True))
    for key, raw in page.meta.items():  # "article_date_original", "sailthru.date", ...
        if _DATE_KEY.search(key) and (value := parse_date(raw)):
            forms.append((value, not _explicit(raw)))
    return instants, forms


def _byline_day(page: Page, utc: FoundDate) -> FoundDate | None:
    """The article's own byline day when it is the day before (or after) a UTC stamp that
    no local form on the page places: ``<time datetime="2019-11-18">`` under a JSON-LD
    ``2019-11-19T04:50:22+00:00`` is an American evening, and the day a reader saw is the
    byline's. The offset stays unknown, so the date stays bare rather than made up."""
    when = datetime.fromisoformat(utc.value)
    for min_rank, stage in published_stages(page):
        if min_rank not in (RANK["time-element"], RANK["dateline"]):
            continue
        for c in stage():
            value = parse_candidate(c, None, ()) if c.kind in _BYLINE_KINDS else None
            if not value or "T" in value:
                continue
            delta = (date.fromisoformat(value) - when.date()).days
            # reachable by a real offset (-12:00 .. +14:00) from the instant, else no byline's
            if delta == -1 and when.hour < 12 or delta == 1 and when.hour >= 10:
                return FoundDate(value, c.raw, c.source)
            return None
    return None


def _explicit(raw: str) -> bool:
    """True when a machine date states its offset (``Z``, ``+00:00``, ``-0800``)."""
    mt = ISO_RE.search(raw or "")
    return bool(mt and mt["tz"]) or bool(_GMT.search(raw or ""))
