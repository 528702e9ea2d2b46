"""Only web addresses in an item's ``images`` and ``related``: the rest dropped, and said.

Why: a page's ``<img src="javascript:...">``, ``data:`` images inlined
as text, ``mailto:`` or ``tel:`` links in a related box ended up in items as if they were
pictures and stories; a researcher's downloader or a replay link then met a script. An
entry whose URL is not ``http(s)`` is dropped, and the item's ``missing`` says how many
of which schemes (``missing`` names why a field is not what the page showed).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.items import ArticleItem

WEB_SCHEMES = ("http", "https")
_NOTE = "{n} dropped: URL not http(s) ({schemes})"
_NOTE_COUNT = re.compile(r"(\d+) dropped: URL not http\(s\)")


def _scheme(url: str) -> str:
    head, colon, _ = (url or "").strip().partition(":")
    return head.lower() if colon and head.isascii() and head.isalpha() else ""


def drop_non_web_urls(item: ArticleItem) -> int:
    """Drop the images and related stories of ``item`` whose URL is not http(s); note it
    in ``item.missing`` per field; returns how many were dropped."""
    total = 0
    for name in ("images", "related"):
        entries = getattr(item, name)
        kept = [e for e in entries if _scheme(e.url) in WEB_SCHEMES]
        if len(kept) == len(entries):
            continue
        schemes = Counter(_scheme(e.url) or "no scheme" for e in entries if e not in kept)
        n = len(entries) - len(kept)
        note = _NOTE.format(n=n, schemes=", ".join(f"{s}: {c}" for s, c in schemes.items()))
        item.missing[name] = f"{item.missing[name]}; {note}" if name in item.missing else note
        setattr(item, name, kept)
        total += n
    return total


def dropped_non_web(item: ArticleItem) -> int:
    """How many entries :func:`drop_non_web_urls` dropped from ``item`` (read from its
    ``missing`` notes, so a re-read item tells the same)."""
    return sum(
        int(m[1])
        for name in ("images", "related")
        for m in _NOTE_COUNT.finditer(item.missing.get(name, ""))
    )
