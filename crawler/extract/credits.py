"""Captions and credits: split ``CAPTION - Foto: CREDIT`` and keep each image once.

News pages put the credit inside the caption in a handful of conventions (``- Foto:``,
``Foto:``, ``©``, ``(c)``, ``Bild:``, ``Quelle:``, ``Photo :``, ``Credit:``, ``Photo by X``,
``fot. X``, ``Fotoğraf:``, ``Snímek:``, ``Kuva:``, ``Φωτ.:`` ..., a trailing ``(AP Photo/X)`` or
``(Name/Agency)``, ``| Agency``); the item keeps the two apart. Galleries often repeat
every image (a lightbox copy, a thumbnail strip), so images are deduplicated by source URL.
"""

from __future__ import annotations

import re

from crawler.extract.agency import AGENCIES
from crawler.extract.lang import alternation, pattern, words
from crawler.items import Image

#: A credit label of any language ("Foto", "Kuva", "사진 출처"): the packs'
#: credit labels, their source labels ("Quelle", "Fonte") and their "Photo by" forms.
_LABEL = alternation(words("credits.labels") + words("source.labels") + words("credits.by_labels"))
_DASH = r"[-–—|]"

_TRAILING_LABEL = re.compile(
    r"^(?P<cap>.*?)\s*" + _DASH + r"?\s*\b" + _LABEL + r"\s*:\s*(?P<cr>.+)$", re.S | re.I
)
#: "Caption (Picture: X)", "Caption. [Photo = X]".
_PAREN_LABEL = re.compile(
    r"^(?P<cap>.*?)\s*[(\[]\s*" + _LABEL + r"\s*[:=]\s*(?P<cr>[^()\[\]]+)[)\]]\s*$",
    re.S | re.I,
)
#: "Caption. Photo by Jane Doe/Reuters", "Caption. — Picture by X" (no colon after "by").
_PHOTO_BY = re.compile(
    r"^(?P<cap>.*?)\s*" + _DASH + r"?\s*\b" + pattern("credits.by_labels") + r"\s+(?P<cr>.+)$", re.S
)
#: "Caption＝AP", "Caption＝Name撮影" (Japanese papers): a short credit after a full-width
#: equals sign; with a digit or a comma it is the time and place of the photo instead.
_FULLWIDTH_EQUALS = re.compile(
    r"^(?P<cap>.*\S)\s*＝\s*(?P<cr>[^＝\d、,]{1,15}?)" + pattern("credits.taken_by") + "?$", re.S
)
#: "Caption. (AP Photo/Jane Doe)", "Caption (Jane Doe/ANP)": a trailing agency-style credit.
_PAREN_SLASH = re.compile(r"^(?P<cap>.*\S)\s*\((?P<cr>[^()/]{2,40}/[^()]{2,40})\)\s*$", re.S)
#: "Caption | EFE", "Caption | Jane Doe/EFE": a short credit after a bar.
_BAR = re.compile(r"^(?P<cap>.*\S)\s+\|\s+(?P<cr>[^|]{2,50})$", re.S)
#: "Caption fot. Jan Nowak/PAP": an abbreviated label with a period instead of a colon.
_ABBREV = re.compile(
    r"^(?P<cap>.*?)\s*"
    + _DASH
    + r"?\s*\b"
    + alternation(f(w) for w in words("credits.abbreviations") for f in (str.lower, str.capitalize))
    + r"\s*(?P<cr>\S.*)$",
    re.S,
)
#: A known agency (any pack's) or photo agency ("Getty Images"), as a credit names it.
_AGENCY = alternation(list(AGENCIES) + list(words("credits.photo_agencies")))
#: "首相（共同）", "The mayor. (AFP)": a known agency alone in brackets at the end.
_PAREN_AGENCY = re.compile(
    r"^(?P<cap>.*\S)\s*[(（]\s*(?P<cr>" + _AGENCY + r")\s*[)）]$", re.S | re.I
)
#: "The mayor. Jane Doe / Getty Images": a name and a known agency after the last sentence
#: (a sentence ends in a word, not in an initial: "Justin L. Fowler/AP" is one name).
_SLASH_AGENCY = re.compile(
    r"^(?P<cap>.*\w\w[.!?…])\s+(?P<cr>[^!?/|]{2,40}?\s*/\s*" + _AGENCY + r")$", re.S | re.I
)
#: A label word without its colon before a capitalised credit ("| Foto ANSA").
_BARE_LABEL = re.compile(r"^" + _LABEL + r"\s+(?=(?-i:[A-ZÀ-ÖØ-Þ]))", re.I)
#: A label and nothing else ("Photo:", "Foto").
_LABEL_ONLY = re.compile(_LABEL + r"\s*[:：]?", re.I)
_COPYRIGHT = re.compile(
    r"^(?P<cap>.*?)\s*" + _DASH + r"?\s*(?:©|\(c\)|\(C\)|Copyright\b)\s*:?\s*(?P<cr>.+)$", re.S
)


_SPLITS = (
    _PAREN_LABEL, _PHOTO_BY, _TRAILING_LABEL, _ABBREV, _COPYRIGHT, _PAREN_SLASH, _BAR,
    _FULLWIDTH_EQUALS, _PAREN_AGENCY, _SLASH_AGENCY,
)  # fmt: skip


def clean(text: str | None) -> str:
    """Collapse whitespace (including non-breaking spaces)."""
    return " ".join((text or "").replace("\xa0", " ").split())


def split_caption(text: str | None) -> tuple[str | None, str | None]:
    """Return ``(caption, credit)``; either may be None."""
    text = clean(text)
    if not text:
        return None, None
    for rx in _SPLITS:
        mt = rx.match(text)
        if mt:
            cap = clean(mt["cap"]).rstrip(" -–—|,") or None
            credit = _BARE_LABEL.sub("", clean(mt["cr"])).strip(" .);") or None
            if credit:
                return cap, credit
    return text, None


def is_credit_line(text: str) -> bool:
    """Whether ``text`` is only a labelled photo credit ("Photo: AFP", "Foto: X/dpa",
    "Photo by Jane Roe"): no caption before the label. A copyright notice is not one."""
    mt = _TRAILING_LABEL.match(text) or _PHOTO_BY.match(text)
    return bool(mt) and not mt["cap"].strip() and bool(mt["cr"].strip(" .);"))


def is_label(text: str) -> bool:
    """Whether ``text`` is only a credit label ("Photo:", "Foto"): it names no credit."""
    return bool(_LABEL_ONLY.fullmatch(clean(text)))


def clean_credit(text: str | None) -> str | None:
    """A credit element's text without its label (``Foto: X`` → ``X``)."""
    text = clean(text)
    if not text:
        return None
    _, credit = split_caption(text)
    return credit or _BARE_LABEL.sub("", text)


def dedupe_images(images: list[Image]) -> list[Image]:
    """Keep the first occurrence per image URL (fragment ignored), merging missing details.

    Captions are not a key: distinct photos often share a caption ("Blick in den
    Plenarsaal."). Caption strips that repeat every caption are text, not images; the
    page object keeps them out of the body instead.
    """
    out: list[Image] = []
    by_url: dict[str, Image] = {}
    for img in images:
        key = img.url.split("#")[0]
        prev = by_url.get(key)
        if prev is not None:
            prev.caption = prev.caption or img.caption
            prev.credit = prev.credit or img.credit
            prev.width = prev.width or img.width
            prev.height = prev.height or img.height
            continue
        by_url[key] = img
        out.append(img)
    return out
