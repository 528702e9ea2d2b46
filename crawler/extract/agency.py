"""News agency detection: ``@ dpa.de``, ``(dpa)``, ``(AFP)``, ``Foto/Quelle: dts`` ...

Agency copy is marked by short conventional tokens rather than bylines; the item keeps
the agency separate from authors, in its usual spelling.
"""

from __future__ import annotations

import re

from crawler.extract.lang import pattern, table

#: Lower-case token → canonical spelling: every language pack's known agencies.
AGENCIES = table("agency.known")
_NAMES = "|".join(sorted((re.escape(k) for k in AGENCIES), key=len, reverse=True))
#: A label naming the copy's source ("Quelle", "Fonte", "Źródło"), one list for bylines,
#: agency lines and the body's source lines.
SOURCE_LABEL = pattern("source.labels")

#: A whole line that is only an agency marker (removed from body text).
AGENCY_LINE_RE = re.compile(
    r"^\s*(?:@\s*(?P<at>" + _NAMES + r")\.(?:de|com|at|ch)"
    r"|(?:"
    + pattern("source.photo_prefixes")
    + r"\s*/\s*)?"
    + SOURCE_LABEL
    + r"\s*:\s*(?P<src>"
    + _NAMES
    + r")"
    r"|\(?(?P<paren>" + _NAMES + r")\)?"
    r"|" + pattern("agency.material_labels") + r"\s*(?P<mat>" + _NAMES + r"))\s*\.?\s*$",
    re.I,
)
#: ``(dpa)`` / ``(AFP)`` / ``Berlin (dpa) -`` style dateline markers in running text.
PAREN_RE = re.compile(r"\((?P<a>(?:" + _NAMES + r")(?:\s*/\s*(?:" + _NAMES + r"))*)\)", re.I)


def canonical(token: str) -> str | None:
    return AGENCIES.get(token.strip().lower())


def agency_from_line(line: str) -> str | None:
    """The agency if ``line`` is an agency-only line (``@ dpa.de``, ``Foto/Quelle: dts``)."""
    mt = AGENCY_LINE_RE.match(line or "")
    if not mt:
        return None
    token = mt["at"] or mt["src"] or mt["paren"] or mt["mat"]
    return canonical(token) if token else None


def agency_from_text(text: str | None) -> str | None:
    """Agency from an agency-only line anywhere, else a ``(dpa)`` marker near the start."""
    if not text:
        return None
    for line in text.splitlines():
        found = agency_from_line(line)
        if found:
            return found
    mt = PAREN_RE.search(text[:300])
    if mt:
        parts = [canonical(p) for p in re.split(r"\s*/\s*", mt["a"])]
        return "/".join(p for p in parts if p) or None
    return None


def strip_agency_suffix(name: str) -> tuple[str, str | None]:
    """``"Anna Schmidt, dpa"`` → ``("Anna Schmidt", "dpa")``."""
    mt = re.match(r"^(?P<n>.*?)[\s,;/]*\(?(?P<a>" + _NAMES + r")\)?\s*$", name, re.I)
    if mt and mt["n"].strip():
        return mt["n"].strip(), canonical(mt["a"])
    return name, None
