"""Bylines to a list of person names.

Items hold names only: ``"Von Anna Schmidt und Jonas Weber"`` becomes
``["Anna Schmidt", "Jonas Weber"]``, and so do ``"Par X et Y"``, ``"Por X y Y"``,
``"Di X e Y"``, ``"Door X en Y"``; agency suffixes (``, dpa``) and agency-only bylines go
to ``agency`` instead. An organisation named as author (JSON-LD ``Organization``, "Editorial
Board") is an author unless it is a news agency (``bylines.py`` prefers a person the page
names over the outlet itself).
"""

from __future__ import annotations

import re
from typing import Any

from crawler.extract.agency import AGENCIES, SOURCE_LABEL, canonical, strip_agency_suffix
from crawler.extract.credits import clean
from crawler.extract.lang import pattern, words

_WORDS = pattern("byline.words")
#: A colon after a label, ASCII or full-width ("記者：X").
_COLON = "[:：]"
#: Byline words that are labels only with a colon ("Haber: X"; "Haber Merkezi" is a name).
_LABELS = pattern("byline.labels")
#: A declined article before the name ("Του/Της Name"): a prefix, never a byline's start.
_PREFIX = re.compile(
    r"^(?:"
    + _WORDS
    + r"\s*:?\s+|"
    + _LABELS
    + r"\s*"
    + _COLON
    + r"\s*|"
    + pattern("byline.declined_prefixes")
    + r"\s+(?=\w))",
    re.I,
)
#: A line that starts like a byline: the word, then a capitalised name ("Par Claire ...").
BYLINE_START = re.compile(
    r"^(?:" + _WORDS + r"\s*:?\s+|" + _LABELS + r"\s*" + _COLON + r"\s*)"
    r"[A-ZÀ-ÖØ-ÞİŞĞÇÜÖΑ-ΩΆΈΉΊΌΎΏ]",
    re.I,
)
#: A number of its own ("28. April 2023", "05:00"): a date or time left in the byline,
#: where a digit inside a word ("BR24 Redaktion") is part of a name.
_NUMBER = re.compile(r"(?<!\w)\d")
_LABEL_ONLY = re.compile(r"(?:" + _WORDS + r"|" + _LABELS + r")\s*" + _COLON + "?", re.I)
#: Between two names: punctuation, a language's "and" word, its own separators ("、").
_SPLIT = re.compile(
    r"\s*(?:,|;|&|\b" + pattern("byline.and") + r"\b|/|" + pattern("byline.separators") + r")\s*",
    re.I,
)
#: A source label inside a byline ("Haber: X Kaynak: İHA"): the names end there and the
#: agency follows.
_SOURCE = re.compile(r"\s+" + SOURCE_LABEL + r"\s*:\s*(.*)$", re.I)


def is_byline_line(line: str) -> bool:
    """A short line of names after a byline word, left in the text ("By Phil Helsel",
    "Par X et Y", "Autor: Anna Nowak"): no sentence punctuation, and a colon only in a line
    of a few words ("By Jane Doe, 12:30")."""
    return (
        len(line) <= 90
        and bool(BYLINE_START.match(line))
        and not re.search(r"[.!?]", line)
        and (":" not in line or len(line.split()) <= 7)
    )


def parse_byline(text: str | None) -> tuple[list[str], str | None]:
    """Return ``(names, agency)`` from a byline string."""
    text = clean(text)
    if not text:
        return [], None
    text = _PREFIX.sub("", text)
    agency = None
    source = _SOURCE.search(text)  # before the separators go: "X | Forrás: MTI"
    if source:
        text, agency = text[: source.start()], canonical(source[1])
    text = re.sub(r"\s*[|·•].*$", "", text)  # "Von X | 02.12.2025" leftovers
    names: list[str] = []
    for part in _SPLIT.split(text):
        part = part.strip(" .:()")
        if not part:
            continue
        if part.lower() in AGENCIES:
            agency = agency or AGENCIES[part.lower()]
            continue
        if part[:1].islower() and part.split()[0] not in _PARTICLES:
            break  # the names ended: "By X, in News, Business", "By X, staff writer"
        part, suffix = strip_agency_suffix(part)
        agency = agency or suffix
        part = _PREFIX.sub("", part).strip()
        if _LABEL_ONLY.fullmatch(part):
            continue  # "Von" with the name in another element: a label, not a name
        if part and not _NUMBER.search(part) and len(part.split()) <= 5 and part not in names:
            names.append(part)
    return names, agency


def names_from_structured(value: Any) -> tuple[list[str], str | None]:
    """Names from a JSON-LD/microdata ``author`` (string, Person, list of either)."""
    names: list[str] = []
    agency = None
    items = value if isinstance(value, list) else [value]
    for it in items:
        if isinstance(it, dict):
            raw = it.get("name")
            if isinstance(raw, list):
                raw = raw[0] if raw else None
            kind = str(it.get("@type") or it.get("type") or "")
            if not isinstance(raw, str):
                continue
            if "Organization" in kind:
                known = AGENCIES.get(raw.strip().lower())
                agency = agency or known
                if not known and clean(raw) and clean(raw) not in names:
                    names.append(clean(raw))  # "Editorial Board", "Redazione ...": an author
                continue
            found, ag = parse_byline(raw)
        elif isinstance(it, str):
            found, ag = parse_byline(it)
        else:
            continue
        agency = agency or ag
        names.extend(n for n in found if n not in names)
    return names, agency


def name_key(name: str | None) -> str:
    """A name reduced to its letters and digits, case-folded: "n-tv NACHRICHTEN" and
    "n-tv Nachrichten" are one outlet."""
    return re.sub(r"[\W_]+", "", (name or "").casefold())


def person_like(name: str) -> bool:
    """A person's name as a byline shows it: two to five capitalised words (or name
    particles) without digits or label punctuation; in a script without capitals (CJK),
    a short run of letters. Not a place alone, initials, a photo credit or a tagline."""
    if re.search(r"[\d@/:|.]", name):
        return False
    if name.upper() == name.lower():  # no cased letters: 松岡大地
        return 2 <= len(name.replace(" ", "")) <= 12
    words = name.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() or w in _PARTICLES for w in words)


def _name_like(text: str) -> bool:
    """A link text that is one person's name: two to five capitalised words, no digits,
    no list or byline punctuation ("David Straub, MDR THÜRINGEN" is a name and a place)."""
    words = text.split()
    return (
        2 <= len(words) <= 5
        and text[:1].isupper()
        and not re.search(r"[\d@/:|,;]", text)
        and text.lower() not in AGENCIES
    )


#: Lower-case words inside a person's name ("Rafael de Almeida", "Ursula von der Leyen").
_PARTICLES = frozenset(words("byline.particles"))


def extra_co_authors(names: list[str], byline: list[str]) -> list[str]:
    """The names of a visible byline that may complete a structured author list: each
    ``person_like`` and capitalised, and not a longer form of a known name. What else a
    byline element holds beside the names ("Email Jane Roe", "Follow us", the job title
    "... in der Schweiz", "EXAMPLE.COM", a login prompt) is no co-author."""
    return [
        n
        for n in byline
        if n not in names
        and person_like(n)
        and n[:1].isupper()
        and not any(known in n for known in names)
    ]


def with_linked_names(names: list[str], link_texts: list[str]) -> list[str]:
    """The byline's names, corrected by its author links.

    A byline read as one string glues names that the page keeps in separate elements
    ("Autor" + "Anna Nowak" + "Jan Kowalski" → "AutorAnna NowakJan Kowalski"), or runs a
    name into the paper's name beside it. A parsed name that contains linked names is
    replaced by them; linked names the text missed are added; the rest stays as parsed.
    """
    linked = [clean(t) for t in link_texts if _name_like(clean(t))]
    if not linked:
        return names
    out: list[str] = []
    for name in names:
        inside = [n for n in linked if n in name]
        for n in inside or ([name] if not any(name in n for n in linked) else []):
            if n not in out:
                out.append(n)
    out += [n for n in linked if n not in out]
    return out
