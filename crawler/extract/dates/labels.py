"""Labels on date lines: an update label ("Aktualisiert", "modifié le") and a line that is
only a date with its label (page furniture, not body text). The words are the packs'
``dates.updated``; the date patterns are :data:`crawler.extract.dates.parse.TEXT_RES`."""

from __future__ import annotations

import re

from crawler.extract.dates.parse import TEXT_RES
from crawler.extract.lang import pattern, words

UPDATED_RE = re.compile(r"\b" + pattern("dates.updated") + r"(?!\w)", re.I)


_WORD = re.compile(r"[^\W\d_]{3,}")


def is_date_line(text: str) -> bool:
    """A short line that is only a date with a label ("Publié le 28 novembre 2025 à 09h15,
    modifié le ...", "vrijdag 28 november 2025, 09:15"): page furniture, not body text."""
    if not text or len(text) > 140:
        return False
    rest, n = text, 0
    for rx in TEXT_RES:
        rest, k = rx.subn(" ", rest)
        n += k
    return n > 0 and len(_WORD.findall(rest)) <= 3


def before_update_label(text: str) -> str:
    """The part of a date line before its update label ("Publié le X, modifié le Y" → X)."""
    mt = UPDATED_RE.search(text or "")
    return text[: mt.start()] if mt else text


#: The longest update label: a match of :data:`UPDATED_RE` is never longer.
_UPDATED_LONGEST = max(len(w) for w in words("dates.updated"))


def short_before_update(text: str, limit: int) -> str | None:
    """:func:`before_update_label` of ``text`` when that is at most ``limit`` characters,
    else None. Only the head of ``text`` where such a label can start is searched, not a
    whole paragraph: a match the cut makes up (a label's first letters at the cut) starts
    after ``limit`` and so leaves a part too long, as a later real one would."""
    head = text[: limit + 1 + _UPDATED_LONGEST]
    part = before_update_label(head)
    return part if len(part) <= limit else None


def is_update_label(text: str) -> bool:
    """True for "Aktualisiert: ..."/"Updated ..." strings, which feed ``modified``."""
    return bool(UPDATED_RE.search(text or ""))
