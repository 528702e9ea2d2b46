"""At most so many links of one page are read: a flood of links is cut, and counted.

Why: a 12 MB section page with 200,000 links stalled the crawl for
39 s before its first article and took 880 MB, since every pass over the page (article
links, candidates, teaser dates, pagination by label, number and offset) built a selector
object per link. The parsed tree is cut once, right after parsing: the anchors past the
bound are removed (their tail text stays), so every later pass sees at most that many.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

#: ``[links] max_links_per_page`` when the seed gives none: ten times a busy front page.
DEFAULT_MAX_LINKS = 10_000


def cut_links(root: Any, limit: int) -> int:
    """Remove the ``<a>`` elements of ``root`` (an lxml tree) after the first ``limit``;
    returns how many there were in all (0 when none was removed)."""
    anchors = root.iter("a")
    kept = sum(1 for _ in islice(anchors, limit))
    extra = list(anchors)
    if not extra:
        return 0
    for el in reversed(extra):  # innermost and last first: parents are still attached
        _remove(el)
    return kept + len(extra)


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
