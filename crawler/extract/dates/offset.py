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

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from crawler.extract.dates.parse import format_dt

_QUARTER = timedelta(minutes=15)
_MAX = timedelta(hours=14)
_ZERO = timedelta(0)


def _utc(value: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.utcoffset() != timedelta(0):
        return None
    return when


def page_offset(instants: Sequence[str], forms: Sequence[tuple[str, bool]]) -> timezone | None:
    """The offset the page's other forms of one of its UTC ``instants`` give, or None.

    ``instants``: UTC values in order of preference (the winning stamps first); ``forms``:
    (parsed value, read as a wall clock) of every date the page states. Both are compared
    to the minute: a display form drops the seconds (``5:50 PM`` for ``01:50:59Z``).
    A wall clock that shows one of the instants unshifted is that instant on a page whose
    local time is UTC (the updated time under a published one), no offset of another."""
    minutes = [
        utc.replace(second=0, microsecond=0)
        for utc in (_utc(v) for v in instants if "T" in v)
        if utc is not None
    ]
    shown_as_is = {
        other
        for other, wall in forms
        if wall and any(_shift(m, other, True) == _ZERO for m in minutes)
    }
    for value in instants:
        utc = _utc(value)
        if utc is None or "T" not in value:
            continue
        minute = utc.replace(second=0, microsecond=0)
        for other, wall in forms:
            if wall and other in shown_as_is:
                continue
            shift = _shift(minute, other, wall)
            if shift and abs(shift) <= _MAX and shift % _QUARTER == timedelta(0):
                return timezone(shift)
    return None


def _shift(minute: datetime, other: str, wall: bool) -> timedelta | None:
    """How far ``other`` puts the UTC ``minute`` from UTC, if it is a form of it."""
    if "T" not in other:
        return None
    try:
        when = datetime.fromisoformat(other).replace(second=0, microsecond=0)
    except ValueError:
        return None
    if wall:  # a wall clock: its difference to the instant is the offset
        return when.replace(tzinfo=None) - minute.replace(tzinfo=None)
    if when == minute:
        return when.utcoffset()
    return None


def in_offset(value: str, offset: timezone) -> str:
    """``value`` (an aware ISO time) in ``offset``; a bare date stays as it is."""
    if "T" not in value:
        return value
    return format_dt(datetime.fromisoformat(value).astimezone(offset))
