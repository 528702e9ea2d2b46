"""Dates: parse what pages say and normalise it to ISO 8601 in the site's timezone.

A timestamp with a time always gets the *true* UTC offset of the site timezone at that
instant (zoneinfo), so winter Berlin times carry ``+01:00`` and summer ones ``+02:00``.
A date without a time stays a bare ``YYYY-MM-DD``; no time is ever invented.

Explicit offsets are kept as the same instant and converted to the site timezone when
one is known; with no known timezone (no rules) the offset is kept as written.

DST rule (PEP 495 ``fold=0``, deterministic): a wall time that falls into the spring
gap (e.g. 30.03.2025 02:30 Berlin) keeps its wall clock and gets the offset in force
*before* the jump (+01:00); an ambiguous autumn time (26.10.2025 02:30) is read as its
*first* occurrence (summer time, +02:00).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from crawler.extract.decode import header
from crawler.extract.lang import alternation, months, pattern, table, words, words_per

#: Month name or abbreviation → number, in the languages whose packs ask the fast regexes to
#: read them (the rest go to dateparser, :mod:`crawler.extract.dates.text`).
MONTHS = months()


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation of ``words`` as a prefix tree ("jan(?:uar(?:y)?)?|..."): it
    matches what the longest-first list would, but tries one letter per position instead of
    every word (the flat list made EN_LONG_RE ~75 µs a line, 10 s on a 10 MB page)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        kids = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not kids:
            return ""
        body = kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first

    return emit(trie)


_MONTH_RE = _trie_pattern(MONTHS)
#: The marks after the hour and the minute of a clock written with characters ("12時30分").
_HOUR, _MINUTE = (alternation(m[i] for m in words_per("dates.clock_marks")) for i in range(2))
_TIME = (
    r"(?P<H>\d{1,2})(?:[:.]|h(?=\d)|\s*" + _HOUR + r"\s*)"
    r"(?P<M>\d{2}|\d(?=\s*" + _MINUTE + r"))(?:\s*" + _MINUTE + r")?(?:[:.](?P<S>\d{2}))?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
)
#: Words between a date and its time: "um", "at", "à", "a las", "alle", "ore", "om", "às".
_AT = r"(?:[-–,|]|" + pattern("dates.time_links") + ")"
#: "1er", "18th"; the "de" of "28 de noviembre de 2025".
_ORDINAL = pattern("dates.ordinal_suffixes")
_OF = pattern("dates.month_links")

ISO_RE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
NUMERIC_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})(?!\d)"
    r"(?:\s*(?:[-–,|/]|" + pattern("dates.time_links") + r")?\s*" + _TIME + r")?",
)
DE_LONG_RE = re.compile(  # day first: de, fr, es ("28 de noviembre de 2025"), it, nl, pt
    r"(?<!\d)(?P<d>\d{1,2})(?:\.|"
    + _ORDINAL
    + r")?\s+(?:"
    + _OF
    + r"\s+)?(?P<mon>"
    + _MONTH_RE
    + r")\.?\s+(?:"
    + _OF
    + r"\s+)?(?P<y>\d{4})(?:,?\s*"
    + _AT
    + r"?\s*"
    + _TIME
    + r")?",
    re.I,
)
EN_LONG_RE = re.compile(
    r"(?P<mon>" + _MONTH_RE + r")\.?\s+(?P<d>\d{1,2})" + _ORDINAL + r"?,?\s+(?P<y>\d{4})"
    r"(?:\s*" + _AT + r"?\s*" + _TIME + r")?",
    re.I,
)
#: The marks after year, month and day ("年", "월") and the words for a.m. and p.m. written
#: before the clock ("午後", "오전"), of the languages that write dates year first.
_Y, _M, _D = (alternation(m[i] for m in words_per("dates.ymd_marks")) for i in range(3))
_MERIDIEM = {w: "am" for w in words("dates.am")} | {w: "pm" for w in words("dates.pm")}
YMD_RE = re.compile(  # year first: 2019/11/20, 2019.11.20, 2019年11月20日, 2019년 11월 20일
    r"(?<![\d./])(?P<y>(?:19|20)\d{2})\s*(?:[/.]|"
    + _Y
    + r")\s*(?P<m>[01]?\d)\s*(?:[/.]|"
    + _M
    + r")\s*(?P<d>[0-3]?\d)(?![\d/])\.?\s*"
    + _D
    + r"?(?:\s*(?:[-–,|(]|\([^)]{1,3}\))?\s*"
    r"(?P<mer>" + alternation(_MERIDIEM) + r")?\s*" + _TIME + r")?",
)
#: Every pattern of a date written in text, in the order :func:`parse_date` tries them.
TEXT_RES = (ISO_RE, NUMERIC_RE, DE_LONG_RE, EN_LONG_RE, YMD_RE)
#: A day in a URL path: ``/2019/11/18/``, ``/2019-11-18``, ``/2019/11/8/``,
#: ``/2019/nov/18/``, ``/20191118-``; never a date inside a slug (``-2019-11-19/``).
URL_RE = re.compile(
    r"/(?P<y>20\d{2})(?:(?P<sep>[/-])(?P<m>[01]?\d|[a-z]{3})(?P=sep)(?P<d>[0-3]?\d)(?:/|\b)"
    r"|(?P<cm>[01]\d)(?P<cd>[0-3]\d)(?=[/_.-]|$))",
    re.I,
)


@dataclass
class FoundDate:
    """A normalised date with where it came from."""

    value: str
    raw: str
    source: str


def _tz(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - unknown zone names are ignored, not fatal
        return None


def localize(naive: datetime, tz_name: str | None) -> datetime:
    """Attach the true offset of ``tz_name`` at that wall time (fold=0, see module doc)."""
    tz = _tz(tz_name) or UTC
    aware = naive.replace(tzinfo=tz, fold=0)
    offset = aware.utcoffset() or timedelta(0)
    return naive.replace(tzinfo=timezone(offset))


def format_dt(dt: datetime) -> str:
    """ISO 8601 with seconds and ``+HH:MM`` offset (``+00:00`` rather than ``Z``)."""
    return dt.replace(microsecond=0).isoformat()


def _build(
    y: int, m: int, d: int, hh: str | None, mm: str | None, ss: str | None, ampm: str | None
) -> date | datetime | None:
    try:
        if hh is None:
            return date(y, m, d)
        hour = int(hh)
        if ampm:
            pm = ampm.lower().startswith("p")
            if hour == 12:
                hour = 0
            if pm:
                hour += 12
        return datetime(y, m, d, hour, int(mm or 0), int(ss or 0))
    except ValueError:
        return None


def _finish(value: date | datetime, offset: str | None, tz_name: str | None) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    if offset:
        if offset == "Z":
            tzinfo = UTC
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            tzinfo = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        aware = value.replace(tzinfo=tzinfo)
        tz = _tz(tz_name)
        if tz is not None:
            aware = aware.astimezone(tz)
            aware = aware.replace(tzinfo=timezone(aware.utcoffset() or timedelta(0)))
        return format_dt(aware)
    return format_dt(localize(value, tz_name))


#: Zone abbreviations a dateline writes after its clock ("8:15 pm CST", "19:14 MEZ"), the
#: packs' ``dates.zones``, upper case only ("et" is French for "and"): each fixes its
#: offset, or for ET, CT, MT and PT names the zone whose rules give it.
ZONES = table("dates.zones")
_ZONE_AFTER = re.compile(r"\s*\(?([A-Z]{2,4})\b")
#: A numeric offset right after a clock (RFC 822 feeds: ``10:00:00 -0500``; ``+05:30``).
#: A space or GMT/UTC before the sign: ``10:00-11:30`` is a time range, not an offset.
_OFFSET_AFTER = re.compile(r"(?:(?<=\s)|\s+|\s*(?:GMT|UTC)\s*)([+-](?:0\d|1[0-4]):?[0-5]\d)(?!\d)")


def _zone_offset(text: str, end: int, value: datetime) -> str | None:
    """The offset written right after a clock that ends at ``end``: numeric (the instant's
    own, never site-local time) or a zone abbreviation."""
    numeric = _OFFSET_AFTER.match(text, end)
    if numeric:
        return numeric.group(1)
    mt = _ZONE_AFTER.match(text, end)
    zone = ZONES.get(mt.group(1)) if mt else None
    if zone is None or "/" not in zone:
        return zone
    return localize(value, zone).strftime("%z")


def parse_date(text: str | None, tz_name: str | None = None) -> str | None:
    """The first date in ``text`` as normalised ISO 8601, or None.

    Accepts ISO 8601 (offset optional; without one it is site-local time), German
    ``02.12.2025 - 17:52:59`` / ``2. Dezember 2025, 17:52 Uhr`` and English
    ``December 2, 2025, 5:52 PM`` / ``2 December 2025``.
    """
    if not text:
        return None
    text = " ".join(str(text).split())[:500]
    best: tuple[int, str] | None = None
    for rx in TEXT_RES:
        mt = rx.search(text)
        if not mt:
            continue
        g = mt.groupdict()
        if "mon" in g:
            month = MONTHS.get(g["mon"].lower().rstrip("."))
            if month is None:
                continue
        else:
            month = int(g["m"])
        ampm = g.get("ampm") or _MERIDIEM.get(g.get("mer") or "")
        value = _build(int(g["y"]), month, int(g["d"]), g.get("H"), g.get("M"), g.get("S"), ampm)
        if value is None:
            continue
        offset = g.get("tz")
        if offset is None and isinstance(value, datetime):
            offset = _zone_offset(text, mt.end(), value)
        result = _finish(value, offset, tz_name)
        if best is None or mt.start() < best[0]:
            best = (mt.start(), result)
    return best[1] if best else None


#: ``05/10/2018``, ``19/11/2019 14:05``, ``20-11-2019``, and with a two-digit year
#: ``11/19/19 06:56 AM``, ``02.12.25, 17:52`` (dotted is always day first).
SLASHED_RE = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
    r"(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/-]|\.\d)"
    r"(?:\s*" + _AT + r"?\s*" + _TIME + r")?",
    re.I,
)


def parse_slashed(text: str | None, tz_name: str | None, day_first: bool | None) -> str | None:
    """The first ``a/b/yyyy`` (or ``yy``) date in ``text``: a part above 12 is the day;
    otherwise ``day_first`` decides, and with None (the order is not known) nothing is
    read. Dotted dates are always day first."""
    mt = SLASHED_RE.search(" ".join(str(text or "").split())[:500])
    if mt is None:
        return None
    a, b = int(mt["a"]), int(mt["b"])
    if mt["sep"] == ".":  # never month first: "08.15.30" is a clock, not August 15
        day, month = a, b
    elif a > 12 or b > 12:
        day, month = (a, b) if a > 12 else (b, a)
    elif day_first is None:
        return None
    else:
        day, month = (a, b) if day_first else (b, a)
    year = int(mt["y"]) + (2000 if len(mt["y"]) == 2 else 0)
    value = _build(year, month, day, mt["H"], mt["M"], mt["S"], mt["ampm"])
    return None if value is None else _finish(value, None, tz_name)


_CLOCK_FIRST = re.compile(r"(?<![\d.:])" + _TIME + r"(?![\d.:])")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def parse_clock_first(
    text: str | None, tz_name: str | None = None, zoned_only: bool = False
) -> str | None:
    """A dateline that gives its time before its date ("11:26 pm EST, Tuesday, November 19,
    2019", "Published 10:02 AM EST Nov 19, 2019"): the date with that time, else like
    :func:`parse_date`. ``zoned_only``: the time only when a zone follows it (with no
    timezone known, a bare clock's offset would be made up)."""
    value = parse_date(text, tz_name)
    if not text or value is None or "T" in value:
        return value
    text = " ".join(str(text).split())[:500]
    clock, year = _CLOCK_FIRST.search(text), _YEAR.search(text)
    if clock is None or year is None or clock.end() > year.start():
        return value
    when = _build(2000, 1, 1, clock["H"], clock["M"], clock["S"], clock["ampm"])
    if not isinstance(when, datetime):
        return value
    when = datetime.combine(date.fromisoformat(value), when.time())
    offset = _zone_offset(text, clock.end(), when)
    if offset is None and zoned_only:
        return value
    return _finish(when, offset, tz_name)


_MONTH_ABBR = {m: n for m, n in MONTHS.items() if len(m) == 3 and m.isascii()}


def parse_url_date(url: str) -> str | None:
    """A day in the URL's path (:data:`URL_RE`), as a bare date."""
    path = urlsplit(url or "").path
    mt = URL_RE.search(path)
    if not mt:
        return None
    month, day = (mt["m"], mt["d"]) if mt["m"] else (mt["cm"], mt["cd"])
    number = int(month) if month.isdigit() else _MONTH_ABBR.get(month.lower())
    try:
        return date(int(mt["y"]), number or 0, int(day)).isoformat()
    except ValueError:
        return None


def response_date(headers: Mapping[str, str] | None) -> datetime | None:
    """The instant the server sent the response (its ``Date`` header, RFC 9110), in UTC;
    None when absent or unreadable."""
    raw = header(headers, "date")
    try:
        when = parsedate_to_datetime(raw) if raw else None
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
