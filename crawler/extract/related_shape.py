"""A related-stories box found by its structure alone: no "related" class, no heading.

Many templates put a plain list after the text: links to other stories of the same site,
each with its own date or teaser, and nothing that names it. Such a list is recognised
by what its links point at: URLs of the same host whose path has the same shape as the
page's own URL (``/story/news/2025/11/25/slug/123/`` next to ``/story/news/2025/11/27/
other-slug/456/``), which section and tag links do not have, with headline-length link
texts, most of them with text of their own beside the link (a date, a teaser) or a
heading of their own (a card's ``h3``). Guards keep the article itself, its text and the
page chrome out: the list must hold no long paragraph, little text beside its links, less
than a fifth of the page's paragraph text outside its entries (a card's teaser is part of
its entry), sit neither in the header, navigation or footer nor in a sidebar, and not be
named as a ranking ("Most read", "Trending"). Two such links with nothing beside them
are a box too when they come right after the article's running text (an unlabelled
"more on this" pair below the story): that position is the evidence the annotations
give a longer list.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.extract.lang import pattern
from crawler.extract.page import Page

#: Fewest links to sibling stories that make a list a related box.
MIN_LINKS = 3
#: Fewest links of a box right after the running text (see ``_follows_text``).
MIN_LINKS_AFTER_TEXT = 2
#: Running text before such a box: this many paragraphs of at least ``TEXT_PARAGRAPH``.
TEXT_PARAGRAPHS = 2
TEXT_PARAGRAPH = 80
#: A link text shorter than this is a label ("Politics", "Next"), not a headline.
MIN_HEADLINE = 20
#: Text beside the links (dates, teasers, a heading), per link, at most.
MAX_EXTRA_PER_LINK = 160
#: A box never holds more than this share of the page's paragraph text.
MAX_SHARE = 0.2
_CHROME = {"header", "nav", "footer", "aside", "form"}
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(" + pattern("markup.sidebar_classes") + r")(?:$|[\s_-])", re.I
)
#: A list named like this ranks the site's stories; it is not about this one.
_RANKING = re.compile(
    r"^\W*(" + pattern("related.ranking") + "|" + pattern("related.ranking_numbered") + r" \d+)",
    re.I,
)
#: Share of the listed stories that carry text of their own (a date, a teaser).
MIN_ANNOTATED = 0.5
_BOX_TAGS = ("ul", "ol", "div", "section")


def _segment(seg: str) -> str:
    if seg.isdigit():
        return "9"
    if "-" in seg or "_" in seg or len(seg) > 24 or re.search(r"\d", seg):
        return "s"  # a slug or an id
    return "w"


def url_shape(url: str) -> tuple[str, ...]:
    """``/story/news/2025/11/27/slug/123/`` → ``('w', 'w', '9', '9', '9', 's', '9')``."""
    return _path_shape(urlsplit(url).path)


def _path_shape(path: str) -> tuple[str, ...]:
    return tuple(_segment(s) for s in path.split("/") if s)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _story_links(page: Page) -> list[Any]:
    """Links to other pages of this site whose URL is shaped like this page's URL."""
    page_url = page.base
    shape, host = url_shape(page_url), _host(page_url)
    own = urlsplit(page_url).path.rstrip("/")
    if len(shape) < 2 or "s" not in shape:
        return []  # the page's own URL says nothing about how story URLs look
    out = []
    sibling: dict[str, bool] = {}  # href -> links to another story of this site (a page
    # links most stories twice or more: picture and headline)
    for a in page.tree.iter("a"):
        href = (a.get("href") or "").strip()
        # cheap first: a story URL has as many path segments as this page's
        if href.count("/") < len(shape) or href.startswith(("#", "mailto:", "javascript:")):
            continue
        if href not in sibling and _elsewhere(href, host):
            sibling[href] = False  # another site's link: no need to resolve it
        if href not in sibling:
            parts = urlsplit(urljoin(page_url, href))  # once: host, path and shape
            sibling[href] = (
                (parts.hostname or "").removeprefix("www.") == host
                and parts.path.rstrip("/") != own
                and _path_shape(parts.path) == shape
            )
        if sibling[href] and len(page.text(a)) >= MIN_HEADLINE:
            out.append(a)
    return out


def _elsewhere(href: str, host: str) -> bool:
    """``href`` names a host and ``host`` is nowhere in it, so it links another site (a
    tab or newline, which the URL parser drops, could hide the host: such a link is
    resolved)."""
    low = href.lower()
    if not low.startswith(("http://", "https://", "//")) or host in low:
        return False
    return not any(ch in href for ch in "\t\r\n")


def _in_chrome(el: Any) -> bool:
    for anc in (el, *el.iterancestors()):
        if anc.tag in _CHROME or _CHROME_CLASS.search(f" {anc.get('class') or ''} "):
            return True
    return False


def _p_text(el: Any) -> int:
    return sum(len(p.text_content()) for p in el.iter("p"))


def _loose_p_text(box: Any) -> int:
    """Paragraph text of ``box`` outside its linked entries (a card's teaser is inside)."""
    total = 0
    for p in box.iter("p"):
        entry = p
        while entry is not box and not entry.xpath(".//a[@href]"):
            entry = entry.getparent()
        if entry is box:
            total += len(p.text_content())
    return total


def _follows_text(page: Page, box: Any) -> bool:
    """The element before ``box`` (or before the wrapper it opens) is running text."""
    el = box
    while el is not None:
        prev = el.getprevious()
        while prev is not None and not page.text(prev):
            prev = prev.getprevious()
        if prev is not None:
            paras = [p for p in prev.iter("p") if len(page.text(p)) >= TEXT_PARAGRAPH]
            return len(paras) >= TEXT_PARAGRAPHS and not _in_chrome(prev)
        el = el.getparent()
    return False


def _annotated(page: Page, box: Any, link: Any) -> bool:
    """The story's entry in the list has text beside its link (a date, a teaser)."""
    item = link
    while item.getparent() is not None and item.getparent() is not box:
        parent = item.getparent()
        if len({a.get("href") for a in parent.iter("a")}) > 1:
            break
        item = parent
    extra = page.text(item).replace(page.text(link), "", 1)
    if len(extra.strip(" ·|,-–")) >= 8:
        return True
    return bool(link.xpath("ancestor::h2 or ancestor::h3 or ancestor::h4 or .//h2 or .//h3"))


def _qualifies(page: Page, box: Any, links: list[Any], total: int) -> bool:
    text = page.text(box)
    linked = sum(len(page.text(a)) for a in links)
    if len(text) - linked > MAX_EXTRA_PER_LINK * len(links) or _RANKING.match(text):
        return False
    if len({a.get("href") for a in links}) >= MIN_LINKS:  # a shorter list follows the text
        annotated = sum(_annotated(page, box, a) for a in links) >= MIN_ANNOTATED * len(links)
        if not annotated and not _follows_text(page, box):
            return False
    if any(len(page.text(p)) > 200 for p in box.iter("p")):
        return False  # a text paragraph: this is (part of) the article
    if box.xpath(".//h1") or (total and _loose_p_text(box) > total * MAX_SHARE):
        return False
    return not _in_chrome(box)


def find_shaped_box(page: Page) -> Any | None:
    """The smallest container of at least ``MIN_LINKS`` links to sibling stories, or None."""
    tree = page.tree
    links = _story_links(page)
    if len(links) < MIN_LINKS_AFTER_TEXT:
        return None
    # the containers holding links to at least MIN_LINKS stories, from the links upwards
    holders: dict[Any, list[Any]] = {}
    for a in links:
        for anc in a.iterancestors(*_BOX_TAGS):
            holders.setdefault(anc, []).append(a)
    total = _p_text(tree)
    found: dict[Any, frozenset[str]] = {}
    for box in tree.iter(*_BOX_TAGS):  # document order
        inside = holders.get(box)
        if not inside:
            continue
        urls = frozenset(a.get("href") for a in inside)
        if len(urls) < MIN_LINKS_AFTER_TEXT:
            continue
        if len(urls) < MIN_LINKS and not _follows_text(page, box):
            continue  # cheap first: most pairs of story links are nowhere near the text
        # distinct targets: a card links its story twice (picture and headline)
        all_hrefs = {a.get("href") for a in box.iter("a") if a.get("href")}
        if len(urls) >= 0.6 * len(all_hrefs) and _qualifies(page, box, inside, total):
            found[box] = urls
    # the first list that holds no other one, then up through wrappers (and the list's
    # own heading) that link to the same stories and nothing else
    inner = [b for b in found if not any(o is not b and b in o.iterancestors() for o in found)]
    for box in inner:
        parent = box.getparent()
        while parent is not None and found.get(parent) == found[box]:
            box, parent = parent, parent.getparent()
        if not _named_ranking(page, box):
            return box
    return None


def _named_ranking(page: Page, box: Any) -> bool:
    """The list's heading (just before it, or opening its parent) names a ranking."""
    prev = box.getprevious()
    parent = box.getparent()
    labels = [page.text(prev) if prev is not None else ""]
    labels.append(page.text(parent)[:60] if parent is not None else "")
    return any(_RANKING.match(t) for t in labels if t)
