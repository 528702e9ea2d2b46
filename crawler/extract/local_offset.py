"""The page's own UTC offset, for a UTC-stamped date when no timezone is known.

Without a seed (batch extraction) a ``2019-11-20T01:50:59Z`` stamp would stay in UTC and
land on the day after the one a reader in Los Angeles saw. Pages usually say the same
instant in local time too: another machine date with its offset
(``2019-11-19T17:50:59-08:00``) or a dateline read as wall clock ("November 19, 2019
5:50 PM"). An offset is taken only when such a candidate is the same instant to the
minute shifted by a whole quarter hour of at most 14 hours, which a date of another
event almost never is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from crawler.extract.dates import format_dt

_QUARTER = timedelta(minutes=15)
_MAX = timedelta(hours=14)


def _utc(value: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.utcoffset() != timedelta(0):
        return None
    return when


def page_offset(value: str, others: Iterable[tuple[str, bool]]) -> timezone | None:
    """The offset the page's other dates give the UTC instant ``value``, or None.

    ``others``: (parsed value, read from free text) of the page's other candidates, in
    rank order; a text's time was read as UTC wall clock (no timezone known)."""
    utc = _utc(value)
    if utc is None or "T" not in value:
        return None
    minute = utc.replace(second=0, microsecond=0)
    for other, text in others:
        if "T" not in other:
            continue
        try:
            when = datetime.fromisoformat(other)
        except ValueError:
            continue
        if text:  # a wall clock: its difference to the instant is the offset
            shift = when.replace(second=0, tzinfo=None) - minute.replace(tzinfo=None)
        elif when == utc and when.utcoffset():
            shift = when.utcoffset()
        else:
            continue
        if shift and abs(shift) <= _MAX and shift % _QUARTER == timedelta(0):
            return timezone(shift)
    return None


def in_offset(value: str, offset: timezone) -> str:
    """``value`` (an aware ISO time) in ``offset``; a bare date stays as it is."""
    if "T" not in value:
        return value
    return format_dt(datetime.fromisoformat(value).astimezone(offset))
