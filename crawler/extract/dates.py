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
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

MONTHS = {
    # German
    "januar": 1, "jan": 1, "jänner": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3,
    "mär": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
    # English
    "january": 1, "february": 2, "march": 3, "mar": 3, "may": 5, "june": 6, "july": 7,
    "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_TIME = r"(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"

ISO_RE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
NUMERIC_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})(?!\d)"
    r"(?:\s*(?:[-–,|/]|um)?\s*" + _TIME + r")?",
)
DE_LONG_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\.?\s+(?P<mon>" + _MONTH_RE + r")\.?\s+(?P<y>\d{4})"
    r"(?:\s*(?:[-–,|]|um)?\s*" + _TIME + r")?",
    re.I,
)
EN_LONG_RE = re.compile(
    r"(?P<mon>" + _MONTH_RE + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"
    r"(?:\s*(?:[-–,|]|at)?\s*" + _TIME + r")?",
    re.I,
)
URL_RE = re.compile(r"/(?P<y>20\d{2})[/-](?P<m>[01]\d)[/-](?P<d>[0-3]\d)(?:/|\b)")


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
    for rx in (ISO_RE, NUMERIC_RE, DE_LONG_RE, EN_LONG_RE):
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
        value = _build(
            int(g["y"]), month, int(g["d"]), g.get("H"), g.get("M"), g.get("S"), g.get("ampm")
        )
        if value is None:
            continue
        result = _finish(value, g.get("tz"), tz_name)
        if best is None or mt.start() < best[0]:
            best = (mt.start(), result)
    return best[1] if best else None


def parse_url_date(url: str) -> str | None:
    """A ``/YYYY/MM/DD/`` date in the URL path, as a bare date."""
    mt = URL_RE.search(url or "")
    if not mt:
        return None
    try:
        return date(int(mt["y"]), int(mt["m"]), int(mt["d"])).isoformat()
    except ValueError:
        return None


UPDATED_RE = re.compile(
    r"\b(aktualisiert|update[d]?|zuletzt geändert|last modified|geändert)\b", re.I
)


def is_update_label(text: str) -> bool:
    """True for "Aktualisiert: ..."/"Updated ..." strings, which feed ``modified``."""
    return bool(UPDATED_RE.search(text or ""))
