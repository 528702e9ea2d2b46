"""Dates written as words in any language ("28 listopada 2025, 09:15", "28 ноября 2025").

The regexes of :mod:`crawler.extract.dates.parse` read ISO 8601, ``d.m.yyyy`` and day/month-name
dates in the languages of its month table; they are fast and come first. What they do not
read goes to ``dateparser``, restricted to the seed's language (or the page's own, else a
small default set), because it is about a hundred times slower than a regex and most of its
cost is trying languages: each language's data is loaded once per process.

A text without a year, a word and a day number is not tried (dateparser's import and its
first language cost ~0.3 s, paid only by a process that meets such a text). Only absolute
dates with day, month and year count ("vor 2 Stunden" needs a clock, and a year alone is
not a date). dateparser gives midnight when no time was written; a match without a clock
time in it stays a bare date, as everywhere else here.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from crawler.extract.dates.parse import format_dt, localize, parse_clock_first, parse_slashed
from crawler.extract.lang import PACKS, entry, pattern

#: Without a seed, the timezone of a page in a language that is written (almost) only in
#: one timezone (its pack's ``dates.timezone``): its UTC stamps land on the local day and
#: its local times get their true offset. Languages of several zones (en, es, pt, ru, ar,
#: fr with Quebec and Africa) get none: the page's own forms decide there
#: (:mod:`crawler.extract.dates.offset`).
LANGUAGE_TIMEZONES = {
    code: zone for code, pack in PACKS.items() if (zone := entry(pack, "dates.timezone"))
}

#: Languages tried when neither the seed nor the page names one (each costs ~0.1 s to load).
DEFAULT_LANGUAGES = ("en", "de", "fr", "es")

_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["absolute-time"],
    "STRICT_PARSING": True,
}
#: A year of the web's lifetime: without one a text is not worth dateparser's time.
_YEAR = re.compile(r"(?<!\d)(?:199\d|20\d\d)(?!\d)")
#: A word of letters: a month name the regexes did not know.
_WORD = re.compile(r"[^\W\d_]{3,}")
#: A day of the month ("Since 1994", "© 2019 - ISSN 2283-5474" have none).
_DAY = re.compile(r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])(?!\d)")
_CLOCK = re.compile(
    r"\d{1,2}\s*(?:[:.h]|" + pattern("dates.clock_words") + r"\s*)\d{2}(?!\d)|\d{1,2}\s*[ap]\.?m\b",
    re.I,
)


@lru_cache(maxsize=64)
def _supported(lang: str) -> bool:
    from dateparser.data.languages_info import language_order

    return lang in language_order


def languages_for(seed_language: str | None, page_language: str | None) -> tuple[str, ...]:
    """The seed's language; without a seed the page's own, else the default set."""
    if seed_language:
        return (seed_language,) if _supported(seed_language) else ()
    if page_language and _supported(page_language):
        return (page_language,)
    return DEFAULT_LANGUAGES


def parse_text_date(
    text: str | None, tz_name: str | None, languages: tuple[str, ...]
) -> str | None:
    """The first date in ``text`` (regexes first, then dateparser) as ISO 8601, or None."""
    value = parse_clock_first(text, tz_name, zoned_only=tz_name is None)
    value = value or _slashed(text, tz_name, languages)
    if value or not text or not languages:
        return value
    # a label's leftover (": 2 Aralık 2026 ...") makes dateparser's search find nothing
    text = " ".join(str(text).split()).lstrip(" :;,.-–—|")[:200]
    if not _YEAR.search(text) or not _WORD.search(text) or not _DAY.search(text):
        return None
    return _dateparser(text, tz_name, languages)


def _slashed(text: str | None, tz_name: str | None, languages: tuple[str, ...]) -> str | None:
    """``05/10/2018``: day first unless English is among the languages; ambiguous in
    English (British day first, American month first) it is not read rather than guessed."""
    if not languages:
        return None
    return parse_slashed(text, tz_name, day_first=None if "en" in languages else True)


@lru_cache(maxsize=2048)
def _dateparser(text: str, tz_name: str | None, languages: tuple[str, ...]) -> str | None:
    from dateparser.search import search_dates

    try:
        found = search_dates(text, languages=list(languages), settings=_SETTINGS)
    except Exception:  # noqa: BLE001 - a library failure means "no date here", never a crash
        return None
    for matched, when in found or ():
        if not isinstance(when, datetime) or not _YEAR.search(matched):
            continue
        if _CLOCK.search(matched):
            return format_dt(localize(when.replace(tzinfo=None), tz_name))
        return when.date().isoformat()
    return None
