"""Standard cron expressions for APScheduler, with cron's own weekday numbers.

Why: APScheduler 3's ``CronTrigger.from_crontab`` numbers weekdays
from Monday (0 = Monday), so ``0 9 * * 0`` ran on Mondays, ``1-5`` from Tuesday to
Saturday and ``7`` was an error. Cron numbers them from Sunday (0 and 7 = Sunday). Here
the weekday field is translated to APScheduler's day names (``mon``...``sun``), and:

* ``@hourly``, ``@daily`` / ``@midnight``, ``@weekly``, ``@monthly``, ``@yearly`` /
  ``@annually`` are accepted;
* when both day-of-month and day-of-week are restricted (neither starts with ``*``), the
  job runs when *either* matches, as in cron (APScheduler alone would require both).

Pure functions; the scheduler and seed validation build their triggers here.
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
#: Cron weekday number (0 = Sunday) -> APScheduler day name.
DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_DOW_TOKEN = re.compile(r"^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:/(\d+))?$")


class CronError(ValueError):
    """A cron expression that cannot be scheduled; the message says why."""


def _weekday(text: str) -> int:
    if text.isdigit():
        n = int(text)
        if n > 7:
            raise CronError(f"weekday {n} is out of range (0-7, 0 and 7 are Sunday)")
        return n % 7 if n != 7 else 7
    if text[:3] in DAY_NAMES and len(text) == 3:
        return DAY_NAMES.index(text[:3])
    raise CronError(f"unknown weekday {text!r} (use 0-7 or sun, mon, ... sat)")


def weekdays(field: str) -> set[int]:
    """The days (0 = Sunday ... 6 = Saturday) a cron day-of-week field selects."""
    days: set[int] = set()
    for token in field.lower().split(","):
        match = _DOW_TOKEN.match(token.strip())
        if not match:
            raise CronError(f"cannot read day-of-week {token!r}")
        base, step_text = match.groups()
        step = int(step_text) if step_text else 1
        if step < 1:
            raise CronError(f"step must be at least 1 in {token!r}")
        if base == "*":
            first, last = 0, 6
        elif "-" in base:
            first, last = (_weekday(part) for part in base.split("-", 1))
            if last == 0 and first > 0:  # "sat-sun", "5-0": up to Sunday
                last = 7
            if first > last:
                raise CronError(f"range {base!r} runs backwards")
        else:
            first = _weekday(base)
            last = 6 if step_text else first  # "1/2": from Monday, every other day
        days.update(d % 7 for d in range(first, last + 1, step))
    return days


def trigger_fields(expr: str) -> list[dict[str, str]]:
    """APScheduler ``CronTrigger`` fields for a 5-field cron ``expr`` (or a macro).

    One dict normally; two (run when either matches) when day-of-month and day-of-week
    are both restricted.
    """
    text = MACROS.get(expr.strip().lower(), expr.strip())
    if text.startswith("@"):
        raise CronError(f"unknown macro {text!r} (use one of {', '.join(MACROS)})")
    parts = text.split()
    if len(parts) != 5:
        raise CronError(f"needs 5 fields (minute hour day month weekday), got {len(parts)}")
    minute, hour, day, month, dow = parts
    base = {"minute": minute, "hour": hour, "month": month}
    days = weekdays(dow)
    dow_names = "*" if len(days) == 7 else ",".join(DAY_NAMES[d] for d in sorted(days))
    if day.startswith("*") or dow.startswith("*"):
        return [{**base, "day": day, "day_of_week": dow_names}]
    return [
        {**base, "day": day, "day_of_week": "*"},
        {**base, "day": "*", "day_of_week": dow_names},
    ]


def cron_trigger(expr: str, timezone: str) -> Any:
    """An APScheduler trigger firing as cron would for ``expr`` in ``timezone``."""
    from apscheduler.triggers.combining import OrTrigger
    from apscheduler.triggers.cron import CronTrigger

    tz = ZoneInfo(timezone)
    try:
        triggers = [CronTrigger(timezone=tz, **fields) for fields in trigger_fields(expr)]
    except CronError:
        raise
    except ValueError as exc:
        raise CronError(str(exc)) from None
    return triggers[0] if len(triggers) == 1 else OrTrigger(triggers)
