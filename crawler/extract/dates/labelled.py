"""Datelines that say what they are: "Published: Monday, November 18th, 2019 at 11:08 a.m.",
"Publié le 28 novembre 2025", "기사입력 :[ 2018-08-25 15:24 ]".

A date right after a publication label is the story's publication date wherever the
template puts it: in a box beside the article ("About this statement"), as loose text
between the headline and the body, outside the element detected as the article. An
unlabelled date in the article's text is often the date of an event it reports. So a
labelled line ranks below what the page declares and below its own ``<time>`` elements and
classed datelines, but above unlabelled text (:data:`crawler.extract.dates.candidates.RANK`).

The body's text nodes come as plain strings from one XPath (no Python proxy per node), a
label word is searched once in all of them joined, and a node object is fetched only for
the few lines that hold a label and a date: an XPath that lower-cases every text node
(``translate()``) once per label word cost more than the rest of the extraction. The
search uses the labels of :data:`LABEL_RE` themselves, so the two cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from crawler.extract.dates.labels import before_update_label
from crawler.extract.lang import alternation, pattern, words

#: A publication label at the start of a line, with the words that link it to the date.
LABEL_RE = re.compile(
    r"^\W*"
    + pattern("dates.published")
    + r"(?!\w)(?:\s*(?:"
    + pattern("dates.published_links")
    + r"|:|：))*",
    re.I,
)
#: A text node holding a publication label: the same words, searched anywhere.
_WORD_RE = re.compile(pattern("dates.published"), re.I)
#: The same words lower-cased, searched case-sensitively in lower-cased text: several
#: times faster than the case-insensitive search (which tries every word at every place).
_LOWER_WORD_RE = re.compile(alternation(w.lower() for w in words("dates.published")))
#: Where Python's case-insensitive match and ``str.lower()`` part (so the fast search
#: could miss a label): the Unicode blocks holding every letter that matches another
#: letter without lower-casing to it (dotless ı, long ſ, Kelvin K, Cyrillic ᲂ ...).
_CASE_BLOCKS = (
    (0x0041, 0x007A), (0x00B5, 0x00B5), (0x0130, 0x017F), (0x0345, 0x0345), (0x0370, 0x03FF),
    (0x1C80, 0x1C8F), (0x1E00, 0x1FFF), (0x2126, 0x212B), (0xA640, 0xA69F),
    (0xFB00, 0xFB4F),
)  # fmt: skip


def _unfoldable(letters: str) -> re.Pattern[str]:
    """The characters of :data:`_CASE_BLOCKS` that match one of ``letters`` ignoring case
    but do not lower-case to it; always İ (which ``lower()`` makes two characters, moving
    every later position) and Σ (which ``lower()`` makes ς at a word's end)."""
    letter = re.compile(f"[{re.escape(letters)}]", re.I)
    pool = (chr(c) for low, high in _CASE_BLOCKS for c in range(low, high + 1))
    odd = {ch for ch in pool if letter.fullmatch(ch) and ch.lower() not in letters}
    return re.compile("[" + re.escape("".join(sorted(odd | {"\u0130", "\u03a3"}))) + "]")


_UNFOLDABLE = _unfoldable("".join({ch for w in words("dates.published") for ch in w.lower()}))
_TEXTS = etree.XPath("//body//text()", smart_strings=False)
_NTH_TEXT = etree.XPath("(//body//text())[position() = $n]")
_MAX_LINE = 160


def labelled_lines(tree: Any, chrome: Callable[[Any], bool]) -> Iterator[tuple[str, Any]]:
    """(the text after the label, the element holding only that line or None) of each
    labelled publication line outside page chrome, in document order."""
    for n, raw in _worded(_TEXTS(tree)):
        text = " ".join(raw.split())
        if len(text) > _MAX_LINE:
            continue
        label = LABEL_RE.match(text)
        rest = before_update_label(text[label.end() :]) if label else ""
        if not any(ch.isdigit() for ch in rest):
            continue
        node = _NTH_TEXT(tree, n=n + 1)[0]
        holder = node.getparent()
        if holder is None or chrome(holder) or holder.tag in ("script", "style"):
            continue
        # a tail's element, or an element with more than this line, must stay in the body
        own = not node.is_tail and len(holder) <= 2 and len(holder.text_content()) <= _MAX_LINE
        yield rest, holder if own else None


def _worded(texts: list[str]) -> Iterator[tuple[int, str]]:
    """(index, text) of the texts holding a label word: one search over all of them joined
    by NUL (which no text node holds), not one per text node."""
    joined = "\0".join(texts)
    search = _WORD_RE.search
    if not _UNFOLDABLE.search(joined):  # lower() keeps every position and every match
        joined, search = joined.lower(), _LOWER_WORD_RE.search
    i = at = 0
    while mt := search(joined, at):
        i += joined.count("\0", at, mt.start())
        yield i, texts[i]
        at = joined.find("\0", mt.end()) + 1  # on with the next text node
        if not at:
            return
        i += 1
