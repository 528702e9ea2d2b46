"""Language packs: every word extraction reads in a page's language, one data file each.

``data/<code>.toml`` (ISO 639-1 code) holds what the field extractors recognise in that
language: byline words, "and" words, source labels and the agencies of its country,
publication and update labels, related-story headings, next-page labels, credit labels.
The packs are read once, at import (tomllib, a few milliseconds for all of them), and the
modules compile the union of all languages into the patterns they use: a page names its
language too rarely and too often wrongly for a per-page choice to be safe. Month names
come from ``dateparser``'s own locale files (:mod:`crawler.extract.lang.months`).

Entries are literal text, matched case-insensitively unless a key says otherwise; a form
with an optional ending is written out in each form ("autor", "autorin"). Adding a language
is one file; ``tests/extract/test_language_pack*.py`` check every entry against the code
that reads it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from crawler.extract.lang.months import dateparser_months

DATA = Path(__file__).parent / "data"


def _load() -> dict[str, dict]:
    packs = {}
    for path in sorted(DATA.glob("*.toml")):
        with path.open("rb") as fh:
            packs[path.stem] = tomllib.load(fh)
    return packs


#: Language code → its pack, as written.
PACKS: dict[str, dict] = _load()


def entry(pack: dict, key: str) -> object:
    """``pack``'s value at ``key`` ("section.name"), or None."""
    section, _, name = key.partition(".")
    return pack.get(section, {}).get(name)


def words(key: str) -> tuple[str, ...]:
    """Every pack's entries at ``key`` ("byline.words"), in pack order, each once."""
    out: dict[str, None] = {}
    for pack in PACKS.values():
        for word in entry(pack, key) or ():
            out.setdefault(word, None)
    return tuple(out)


def words_per(key: str) -> list[list[str]]:
    """Each pack's entries at ``key``, pack by pack (for entries read by position)."""
    return [list(value) for pack in PACKS.values() if (value := entry(pack, key))]


def table(key: str) -> dict[str, str]:
    """Every pack's table at ``key`` ("agency.known"), merged in pack order."""
    out: dict[str, str] = {}
    for pack in PACKS.values():
        out.update(entry(pack, key) or {})
    return out


def months() -> dict[str, int]:
    """Month name → number for the packs whose dates the fast regexes read
    (``dates.month_regexes``): dateparser's names plus the pack's ``dates.month_extras``."""
    out: dict[str, int] = {}
    for code, pack in PACKS.items():
        if entry(pack, "dates.month_regexes"):
            extras = entry(pack, "dates.month_extras") or {}
            for name, number in {**dateparser_months(code), **extras}.items():
                out.setdefault(name, number)
    return out


#: Greek is often written without its accents (always in capitals): an accented vowel of an
#: entry also matches the bare one ("διαβάστε" matches "ΔΙΑΒΑΣΤΕ").
_BARE = {ord(a): f"[{a}{b}]" for a, b in zip("άέήίόύώ", "αεηιουω", strict=True)}


def alternation(items: Iterable[str]) -> str:
    """``(?:a|b|...)`` of the literal ``items``, longest first: where two start alike
    ("autorin", "autor") the longer is tried first, as ``autor(?:in)?`` did."""
    ordered = sorted(dict.fromkeys(items), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).translate(_BARE) for w in ordered) + ")"


def pattern(key: str) -> str:
    """:func:`alternation` of :func:`words` at ``key``."""
    return alternation(words(key))
