"""Archive-by-day and calendar pages: listings of a date's stories, never articles.

A section's date picker links to ``/archive/2026/11/09/`` (or ``/2026/11/09/``,
``/archive/2026-11-09/``, ``/archiv/2026/11/``, ``?date=2026-11-09``): one page per day or
month listing its stories. Their URLs carry ``/YYYY/MM/`` like a dated story's, so the
default article pattern took them for articles, and each became an item with the calendar
grid as its body. What tells them apart is structural: the path *ends* with the date (no
slug, no id after it), or the only query parameter that matters is a date.

A calendar also runs forward for ever (the "next day" link of an empty future day leads to
the next empty day), so the spider reads these pages as listings within a budget
(:mod:`crawler.spiders.calendar`).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qsl, urlsplit

from crawler.extract.lang import words

#: Path tails that are a date and nothing else: /2026/11/09/, /2026/11/, /2026-11-09/.
_PATH_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)(?:/(?P<m>\d\d?)(?:/(?P<d>\d\d?))?|-(?P<m2>\d\d)-(?P<d2>\d\d))/?$"
)
#: Query parameters date pickers use for the day shown.
DATE_PARAMS = words("calendar.date_params")
_ISO_DAY = re.compile(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)$")


def _valid(year: str, month: str | None, day: str | None) -> date | None:
    """The first day the parts name (the 1st of a month archive), None when no date."""
    try:
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def calendar_date(url: str) -> date | None:
    """The date an archive-by-day (or by-month) URL lists, or None for any other URL.

    A year alone (``/2026/``) is left out: too many ids and sections are four digits. A
    path whose date is followed by anything (``/2026/11/09/slug/``) is a story.
    """
    parts = urlsplit(url)
    m = _PATH_DATE.search(parts.path)
    if m and (m["m"] or m["m2"]):
        found = _valid(m["y"], m["m"] or m["m2"], m["d"] or m["d2"])
        if found is not None:
            return found
    for key, value in parse_qsl(parts.query):
        iso = _ISO_DAY.match(value.strip())
        if key.lower() in DATE_PARAMS and iso:
            return _valid(*iso.groups())
    return None


def is_calendar_url(url: str) -> bool:
    return calendar_date(url) is not None
