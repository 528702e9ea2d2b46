"""Where the running text lives when no known container names it: one element whose own
paragraphs hold nearly all of it, or the blocks of one kind a template cuts it into.

Read before trafilatura (``body.py``) because it is exact where it applies: the paragraphs
of the text and nothing else, where a general extractor may keep one block of a text split
between ads or sidebars, or the sidebars with it.
"""

from __future__ import annotations

from typing import Any

from crawler.extract.credits import clean

#: The parent of the text paragraphs is the body when it holds this share of them.
DOMINANT_SHARE = 0.8
#: A paragraph this long is running text (shorter ones may be furniture anywhere).
PROSE_CHARS = 80
#: Share of the container's text its running-text paragraphs must hold.
DENSITY = 0.8
#: What a text container holds besides its paragraphs (figures were dropped as noise).
_TEXT_CHILDREN = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "br", "hr"}


def dominant_parents(tree: Any) -> list[Any]:
    """The element whose own paragraphs hold nearly all the page's running text, or the
    elements of one kind (tag and class) that hold it together: a text the template cuts
    into blocks between ads or sidebars. [] when there is none."""
    shares: dict[Any, int] = {}
    counts: dict[Any, int] = {}
    total = 0
    for p in tree.iter("p"):
        n = len(p.text_content().strip())
        if n < PROSE_CHARS:
            continue
        total += n
        parent = p.getparent()
        shares[parent] = shares.get(parent, 0) + n
        counts[parent] = counts.get(parent, 0) + 1
    if not shares:
        return []
    best = max(shares, key=shares.__getitem__)
    if shares[best] >= DOMINANT_SHARE * total:
        return [best] if counts[best] >= 3 and _text_container(best, shares[best]) else []
    kinds: dict[tuple[str, str], list[Any]] = {}
    for parent in shares:
        if parent.get("class"):
            kinds.setdefault((parent.tag, parent.get("class")), []).append(parent)
    for group in kinds.values():
        held = sum(shares[el] for el in group)
        if (
            len(group) >= 2
            and held >= DOMINANT_SHARE * total
            and sum(counts[el] for el in group) >= 3
        ):
            return group if all(_text_container(el, shares[el]) for el in group) else []
    return []


def _text_container(el: Any, prose: int) -> bool:
    """Nothing but text: no widgets or teaser lists beside the paragraphs, which hold most
    of its text (figures were dropped as noise)."""
    if el.tag == "body":
        return False
    if any(c.tag not in _TEXT_CHILDREN and clean(c.text_content()) for c in el.iterchildren()):
        return False
    return prose >= DENSITY * len(clean(el.text_content()))
