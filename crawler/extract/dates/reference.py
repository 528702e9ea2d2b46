"""Datelines that need a reference day: no year ("13 жовтня, 13:24", "（10/14 17:00）") or a
relative day ("Gestern, 21:22", "yesterday, 21:22", "昨日 21:22").

Such a line is read against the day the server sent the page (its ``Date`` header): a
year-less date is the latest such day not after it, a relative day counts back from it.
Without that header a year-less date takes the year in the URL (``/2023/...``) and a
relative day is not read. Only short lines of the kinds that state a page's own date
(datelines, ``<time>`` texts, labelled lines, the seed's selector) are read so, and only
when no candidate gave a full date: a body sentence's "yesterday" is not the publication.
The words come from dateparser's locale data, in the page's languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from crawler.extract.dates.candidates import Candidate
from crawler.extract.dates.parse import FoundDate, format_dt, localize
from crawler.extract.lang import PACKS, entry

#: Candidate kinds whose text states the page's own date (not a body sentence's).
KINDS = frozenset(
    {"selector", "time-element", "dateline", "labelled", "page-time-element", "page-dateline"}
)
_MAX_LINE = 50
_CLOCK = re.compile(r"(?<!\d)(?P<H>[01]?\d|2[0-3])[:.h](?P<M>[0-5]\d)(?!\d)")
#: ``10/14``: month and day without the year, a clock may follow.
_SLASHED = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])")
_URL_YEAR = re.compile(r"/((?:19|20)\d{2})(?=[/_-])")
#: Languages that write the month before the day (year first: the packs with year, month
#: and day marks), so ``10/14`` and ``3/4`` are month/day there.
_MONTH_FIRST = frozenset(code for code, pack in PACKS.items() if entry(pack, "dates.ymd_marks"))
#: How far back a relative day reaches ("vor 3 Tagen"); without a clock it must be a day
#: before the reference's ("Gestern"), not today ("Heute" alone, "vor 2 Stunden").
_RELATIVE_DAYS = 7
#: A server's clock may run a little behind the newsroom's.
_SLACK = timedelta(minutes=15)


@dataclass(frozen=True)
class Reference:
    """What a year-less or relative date is read against: the response's instant (None:
    not known) and the year in the URL (None: none)."""

    fetched: datetime | None
    url_year: int | None

    @classmethod
    def of(cls, fetched: datetime | None, url: str) -> Reference:
        mt = _URL_YEAR.search(urlsplit(url or "").path)
        return cls(fetched, int(mt.group(1)) if mt else None)

    def base(self, tz: str | None) -> tuple[datetime, bool] | None:
        """(the local wall clock to read against, relative days allowed), or None."""
        if self.fetched is not None:
            zone = _zone(tz)
            local = self.fetched.astimezone(zone) if zone else self.fetched.astimezone(UTC)
            return local.replace(tzinfo=None), True
        if self.url_year is not None:
            return datetime(self.url_year, 12, 31, 23, 59), False
        return None


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except Exception:  # noqa: BLE001 - an unknown zone name: no zone
        return None


def read_with_reference(
    text: str, tz: str | None, languages: tuple[str, ...], ref: Reference
) -> str | None:
    """``text`` (a short dateline without a full date) read against ``ref``, or None."""
    text = " ".join(str(text or "").split()).strip(" ()（）[]|·,:-–—")
    base = ref.base(tz)
    if base is None or not text or len(text) > _MAX_LINE or not languages:
        return None
    now, relative = base
    clock = _CLOCK.search(text)
    slashed = _SLASHED.search(text)
    if slashed:
        when = _month_day(int(slashed["a"]), int(slashed["b"]), languages, now)
    else:  # a day and a month named, else (with the response's date) a relative day
        when = _dateparser(text, languages, now, False)
        if when is None and relative:
            when = _dateparser(text, languages, now, True)
            days = (now.date() - when.date()).days if when else -1
            if not (0 if clock else 1) <= days <= _RELATIVE_DAYS:
                return None
    if when is None or when.date() > now.date() or (now - when).days > 366:
        return None
    if clock is None or tz is None:  # no clock written, or its offset would be made up
        return when.date().isoformat()
    wall = datetime.combine(when.date(), datetime.min.time()).replace(
        hour=int(clock["H"]), minute=int(clock["M"])
    )
    if wall > now + _SLACK:  # later than the page was sent: not its publication
        return None
    return format_dt(localize(wall, tz))


def first_with_reference(
    candidates: Iterable[Candidate], tz: str | None, languages: tuple[str, ...], ref: Reference
) -> tuple[FoundDate, Candidate] | None:
    """The best ranked candidate of :data:`KINDS` that ``ref`` completes, or None."""
    for c in sorted(candidates, key=lambda c: c.rank):
        if c.text and c.kind in KINDS:
            value = read_with_reference(c.raw, tz, languages, ref)
            if value:
                return FoundDate(value, c.raw, c.source), c
    return None


def _month_day(a: int, b: int, languages: tuple[str, ...], now: datetime) -> datetime | None:
    """``a/b``: a part above 12 is the day, else month first in a year-first language."""
    if a > 12 or b > 12:
        month, day = (b, a) if a > 12 else (a, b)
    elif any(lang in _MONTH_FIRST for lang in languages):
        month, day = a, b
    else:
        return None
    for year in (now.year, now.year - 1):  # the latest such day not after the reference
        try:
            when = datetime(year, month, day)
        except ValueError:
            return None
        if when.date() <= now.date():
            return when
    return None


@lru_cache(maxsize=1024)
def _dateparser(
    text: str, languages: tuple[str, ...], now: datetime, relative: bool
) -> datetime | None:
    import dateparser

    settings: dict = {
        "RELATIVE_BASE": now,
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["relative-time"] if relative else ["absolute-time"],
    }
    if not relative:  # "5 Kommentare" is no date of the 5th
        settings["REQUIRE_PARTS"] = ["day", "month"]
    try:
        when = dateparser.parse(text, languages=list(languages), settings=settings)
    except Exception:  # noqa: BLE001 - a library failure means "no date here", never a crash
        return None
    return when if isinstance(when, datetime) else None
