"""News agency detection: ``@ dpa.de``, ``(dpa)``, ``(AFP)``, ``Foto/Quelle: dts`` ...

Agency copy is marked by short conventional tokens rather than bylines; the item keeps
the agency separate from authors, in its usual spelling.
"""

from __future__ import annotations

import re

#: Lower-case token → canonical spelling.
AGENCIES = {
    "dpa": "dpa",
    "dpa-afx": "dpa-AFX",
    "afp": "AFP",
    "ap": "AP",
    "reuters": "Reuters",
    "rtr": "Reuters",
    "kna": "KNA",
    "epd": "epd",
    "dts": "dts",
    "sid": "SID",
    "apa": "APA",
    "ddp": "ddp",
    "afx": "AFX",
    "idea": "idea",
    # agencies of other countries ("Anna Lindqvist/TT" was an author "TT")
    "tt": "TT",
    "ntb": "NTB",
    "ritzau": "Ritzau",
    "stt": "STT",
    "pap": "PAP",
    "anp": "ANP",
    "belga": "Belga",
    "efe": "EFE",
    "ansa": "ANSA",
    "lusa": "Lusa",
    # Central and Eastern Europe and Turkey ("Jana Nováková, ČTK", "Kaynak: İHA")
    "čtk": "ČTK",
    "ctk": "ČTK",
    "tasr": "TASR",
    "mti": "MTI",
    "agerpres": "Agerpres",
    "hina": "HINA",
    "aa": "AA",
    "iha": "İHA",
    "i\u0307ha": "İHA",  # "İHA".lower(): a dotted capital I lowers to i + combining dot
    "dha": "DHA",
    "απε-μπε": "ΑΠΕ-ΜΠΕ",  # Athens-Macedonian News Agency ("Πηγή: ΑΠΕ-ΜΠΕ")
}
_NAMES = "|".join(sorted((re.escape(k) for k in AGENCIES), key=len, reverse=True))

#: A whole line that is only an agency marker (removed from body text).
AGENCY_LINE_RE = re.compile(
    r"^\s*(?:@\s*(?P<at>" + _NAMES + r")\.(?:de|com|at|ch)"
    r"|(?:Fotos?\s*/\s*)?Quelle\s*:\s*(?P<src>" + _NAMES + r")"
    r"|\(?(?P<paren>" + _NAMES + r")\)?"
    r"|(?:Mit Material (?:von|der)|Material:)\s*(?P<mat>" + _NAMES + r"))\s*\.?\s*$",
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
