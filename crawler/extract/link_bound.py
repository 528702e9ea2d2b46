"""At most so many links and images of one page are read: a flood is cut, and counted.

Why: a 12 MB section page with 200,000 links stalled the crawl for
39 s before its first article and took 880 MB, since every pass over the page (article
links, candidates, teaser dates, pagination by label, number and offset) built a selector
object per link; an article page with as many made one item of 100,000 related stories
(13 MB) after a minute of extraction. The parsed tree is cut once, right after parsing
(section pages in the spider, article pages in the extractor): the anchors past the bound
are removed (their tail text stays), so every later pass sees at most that many. An
article's item says so in ``missing["related"]``, so the spider counts it as for a
section page and a re-extraction tells the same.

Images likewise (``[links] max_images_per_page``, a smaller bound: every image of an item is
a page requisite the crawl fetches, ahead of the next articles): a page of 200,000
``<img>`` made an item of 193,157 images and 10,000 image fetches before the next story.
Their ``<img>`` tags past the bound are cut from the text, the item keeps at most that many
(structured data may declare more) and says so in ``missing["images"]``.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.items import ArticleItem

#: ``[links] max_links_per_page`` when the seed gives none: ten times a busy front page.
DEFAULT_MAX_LINKS = 10_000
#: ``[links] max_images_per_page`` when the seed gives none: about five times the most
#: ``<img>`` of any page of the real corpora (214, a live blog).
DEFAULT_MAX_IMAGES = 1_000


_ANCHOR_TAG = re.compile(r"<(/?)a(?=[\s/>])[^>]*>", re.IGNORECASE)


def drop_links_in_text(text: str, limit: int) -> tuple[str, int]:
    """``text`` (HTML) without its ``<a>`` elements after the first ``limit``, and how many
    it lost: before parsing, so a flood of links never becomes a tree (a 12 MB page's
    tree took 150 MB). One scan of the tags; an anchor left open ends where the next one
    starts, as parsers read it. :func:`cut_links` on the tree then makes the bound exact.
    """
    if text.count("<a") + text.count("<A") <= limit:  # at least every opening tag
        return text, 0
    tags = _ANCHOR_TAG.finditer(text)
    seen = 0
    for tag in tags:
        if not tag.group(1):
            seen += 1
            if seen > limit:
                break
    else:
        return text, 0
    parts: list[str] = []
    keep_from, open_at, open_end, dropped = 0, tag.start(), tag.end(), 1
    for tag in tags:
        if tag.group(1):  # </a>
            if open_at is not None:
                parts.append(text[keep_from:open_at])
                keep_from, open_at = tag.end(), None
            continue
        dropped += 1
        if open_at is None:
            open_at, open_end = tag.start(), tag.end()
    if open_at is not None:  # the last one never closed: its start tag goes
        parts.append(text[keep_from:open_at])
        keep_from = open_end
    parts.append(text[keep_from:])
    return "".join(parts), dropped


#: An image's start tag; a quoted attribute may hold ``>`` (``alt="a > b"``).
_IMAGE_TAG = re.compile(r"""<(?:amp-)?img(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
#: Image elements: ``<img>`` and AMP's ``<amp-img>`` (an AMP page may have no ``<img>`` at all).
IMG_TAGS = ("img", "amp-img")


def drop_images_in_text(text: str, limit: int) -> tuple[str, int]:
    """``text`` (HTML) without its ``<img>`` (and ``<amp-img>``) tags after the first
    ``limit``, and how many it lost: before parsing, as :func:`drop_links_in_text`."""
    if text.count("<img") + text.count("<IMG") + text.count("<amp-img") <= limit:
        return text, 0
    parts: list[str] = []
    keep_from = 0
    for tag in islice(_IMAGE_TAG.finditer(text), limit, None):
        parts.append(text[keep_from : tag.start()])
        keep_from = tag.end()
    if not parts:
        return text, 0
    parts.append(text[keep_from:])
    return "".join(parts), len(parts) - 1


#: Start tags of a page parsed, after its links and images are cut: the rest of the page is
#: not read. The most of any page of the real corpora is 4,110; 200,000 ``<li>`` or
#: ``<figure>`` shells made every pass over the tree hold a Python object per element
#: (at 50,000 a related-link flood page still took 147 MB to read, 137 at 20,000).
MAX_ELEMENTS = 20_000
_START_TAG = re.compile(r"<[a-zA-Z]")


def cut_elements_in_text(text: str, limit: int = MAX_ELEMENTS) -> tuple[str, int]:
    """``text`` (HTML) up to its ``limit``-th start tag, and how many start tags it lost
    (the parser closes what is left open)."""
    if text.count("<") <= limit:
        return text, 0
    tags = _START_TAG.finditer(text)
    past = next(islice(tags, limit, None), None)
    if past is None:
        return text, 0
    return text[: past.start()], 1 + sum(1 for _ in tags)


_ELEMENTS_NOTE = "{n} elements of the page past the first {limit} not read"
_ELEMENTS_NOTE_COUNT = re.compile(r"(\d+) elements of the page past the first \d+ not read")


def note_elements_not_read(item: ArticleItem, not_read: int) -> None:
    """Say in ``item.missing["body"]`` that the page was cut after :data:`MAX_ELEMENTS`."""
    note = _ELEMENTS_NOTE.format(n=not_read, limit=MAX_ELEMENTS)
    old = item.missing.get("body")
    item.missing["body"] = f"{old}; {note}" if old else note


def elements_not_read(item: ArticleItem) -> int:
    """How many start tags :func:`note_elements_not_read` said were cut from the page."""
    return sum(int(m[1]) for m in _ELEMENTS_NOTE_COUNT.finditer(item.missing.get("body", "")))


def cut_links(root: Any, limit: int) -> int:
    """Remove the ``<a>`` elements of ``root`` (an lxml tree) after the first ``limit``;
    returns how many there were in all (0 when none was removed)."""
    return _cut(root, ("a",), limit)


def cut_images(root: Any, limit: int) -> int:
    """:func:`cut_links` for image elements."""
    return _cut(root, IMG_TAGS, limit)


def _cut(root: Any, tags: tuple[str, ...], limit: int) -> int:
    elements = root.iter(*tags)
    kept = sum(1 for _ in islice(elements, limit))
    extra = list(elements)
    if not extra:
        return 0
    for el in reversed(extra):  # innermost and last first: parents are still attached
        _remove(el)
    return kept + len(extra)


_NOTE = "{n} links of the page past the first {limit} not read ([links] max_links_per_page)"
_NOTE_COUNT = re.compile(r"(\d+) links of the page past the first \d+ not read")


def note_links_not_read(item: ArticleItem, not_read: int, limit: int) -> None:
    """Say in ``item.missing["related"]`` that ``not_read`` links were cut (the field a
    flood of links shows in: related stories; ``missing`` names fields only)."""
    note = _NOTE.format(n=not_read, limit=limit)
    old = item.missing.get("related")
    item.missing["related"] = f"{old}; {note}" if old else note


def links_not_read(item: ArticleItem) -> int:
    """How many links :func:`note_links_not_read` said were cut from ``item``'s page."""
    return sum(int(m[1]) for m in _NOTE_COUNT.finditer(item.missing.get("related", "")))


_IMAGES_NOTE = (
    "{n} images of the page past the first {limit} not read ([links] max_images_per_page)"
)
_IMAGES_NOTE_COUNT = re.compile(r"(\d+) images of the page past the first \d+ not read")


def bound_images(item: ArticleItem, cut: int, limit: int) -> None:
    """At most ``limit`` images in ``item``; those cut (``cut`` from its page's markup
    already) said in ``item.missing["images"]``."""
    cut += max(0, len(item.images) - limit)
    del item.images[limit:]
    if cut:
        note = _IMAGES_NOTE.format(n=cut, limit=limit)
        old = item.missing.get("images")
        item.missing["images"] = f"{old}; {note}" if old else note


def images_not_read(item: ArticleItem) -> int:
    """How many images :func:`bound_images` said were cut from ``item``'s page."""
    return sum(int(m[1]) for m in _IMAGES_NOTE_COUNT.finditer(item.missing.get("images", "")))


def _remove(el: Any) -> None:
    """Take ``el`` out of the tree, its tail text kept where it was."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
