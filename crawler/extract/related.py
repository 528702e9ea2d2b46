"""The related-stories box ("Weitere Meldungen", "Related stories", "Mehr zum Thema").

The box is found by ``rules.selectors["related"]`` or generically: an element whose
class/id contains ``related``, the container of a heading such as "Weitere Meldungen"
(unless that container holds running text: then it is the article), or by its shape
alone (:mod:`~crawler.extract.related_shape`). Each entry is a link plus text; a
trailing ``(Section, DD.MM.YYYY - HH:MM)`` gives section and date, and
``weiterlesen...``/``Read more...`` links are dropped.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.extract.credits import clean
from crawler.extract.dates.parse import parse_date
from crawler.extract.lang import pattern
from crawler.extract.page import Page
from crawler.extract.related_shape import find_shaped_box
from crawler.extract.structured import css_select
from crawler.items import RelatedStory

#: A related-stories heading ("Mehr zum Thema", "Lire aussi"), or one that starts a list
#: of more stories ("More from Politics").
HEADING_RE = re.compile(
    r"^\s*("
    + pattern("related.headings")
    + "|"
    + pattern("related.heading_starts")
    + r"\b.*)\s*:?\s*$",
    re.I,
)
#: An inline "read also" paragraph inside the body: the label, then one linked headline.
READ_ALSO_RE = re.compile(r"^\s*(" + pattern("related.read_also") + r")\s*[:：»>–-]", re.I)
MORE_RE = re.compile(r"^\s*(" + pattern("related.more_links") + r")\s*(\.{3}|…|»|›|>)?\s*$", re.I)
META_RE = re.compile(
    r"\(\s*(?P<section>[^(),]{1,40}?)\s*,\s*(?P<date>\d{1,2}\.\d{1,2}\.\d{4}[^()]*)\)\s*$"
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Candidate boxes and headings are filtered in Python while iterating the tree: several
#: times faster than XPath predicates (and EXSLT regexes call back into Python per node).
_BOX_TAGS = ("aside", "section", "div", "ul", "nav")
_BOX_RE = re.compile(r"[\s_-]related", re.I)
_H_TAGS = {"h1", "h2", "h3", "h4", "h5"}
_HEADING_CLASS_RE = re.compile("title|head", re.I)


def find_box(page: Page, selector: str | None = None) -> Any | None:
    """The related box element, or None (also a box found by its shape alone)."""
    tree = page.tree
    if selector:
        try:
            found = css_select(tree, selector)
        except Exception:  # noqa: BLE001 - a bad selector in a seed must not kill extraction
            found = []
        if found:
            return found[0]
    for el in tree.iter(*_BOX_TAGS):  # document order: the outermost container comes first
        cls, ident = el.get("class"), el.get("id")
        if not (cls or ident) or not _BOX_RE.search(f" {cls or ''} {ident or ''}"):
            continue
        if not el.xpath(".//h1") and el.xpath(".//a[@href]"):
            return el
    headings = [
        h
        for h in tree.iter(*_H_TAGS, "div", "span", "p", "strong")
        if h.tag in _H_TAGS or _HEADING_CLASS_RE.search(h.get("class") or "")
    ]
    for h in headings:
        if len(h) > 2 or not HEADING_RE.match(page.text(h)):
            continue
        box = h.getparent()
        while box is not None and len(box.xpath(".//a[@href]")) < 2:
            box = box.getparent()
        if box is None or box.tag in ("body", "html", "main", "article") or holds_headline(box):
            continue  # that holds the article itself, not a box next to it
        if _holds_text(page, box):
            continue  # the heading's first ancestor with links is the article's text
        return box
    return find_shaped_box(page)


def holds_headline(box: Any) -> bool:
    """Whether ``box`` holds an ``<h1>`` that may be the article's headline: not a linked
    teaser's title nor a related heading (a page that sets every heading in ``h1``:
    "<h1>You might also like</h1>" over "<a><h1>Story</h1><p>Teaser</p></a>")."""
    return any(
        not h.xpath("ancestor::a or .//a") and not HEADING_RE.match(clean(h.text_content()))
        for h in box.iter("h1")
    )


def _holds_text(page: Page, box: Any) -> bool:
    """Two paragraphs of running text outside any linked entry: the article's text, not a
    list of stories (whose teasers sit in an entry beside the story's link)."""
    long = 0
    for p in box.iter("p"):
        text = page.text(p)
        if len(text) <= 200 or p.xpath(".//a[@href]"):
            continue
        entry = p.getparent()
        while entry is not None and entry is not box and not entry.xpath(".//a[@href]"):
            entry = entry.getparent()
        if entry is box:
            long += 1
    return long >= 2


def _is_item(el: Any) -> bool:
    hrefs = {a.get("href") for a in el.xpath("descendant-or-self::a[@href]")}
    return len(hrefs) == 1


def _item_nodes(page: Page, box: Any) -> list[Any]:
    node = box
    for _ in range(10):
        kids = [
            c
            for c in node
            if isinstance(c.tag, str)
            and c.tag not in _HEADINGS
            and c.xpath("descendant-or-self::a[@href]")
            and not HEADING_RE.match(page.text(c))
        ]
        if len(kids) == 1 and not _is_item(kids[0]):
            node = kids[0]
            continue
        return kids
    return []


def _parse_item(page: Page, el: Any) -> RelatedStory | None:
    links = [a for a in el.xpath("descendant-or-self::a[@href]")]
    if not links:
        return None
    main = next((a for a in links if not MORE_RE.match(page.text(a))), links[0])
    url = urljoin(page.base, main.get("href").strip())
    heading = el.xpath(
        ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::strong]"
    )
    headline = page.text(heading[0]) if heading else page.text(main)
    if MORE_RE.match(headline):
        headline = ""
    teaser_el = el.xpath(".//*[contains(@class,'teaser') or contains(@class,'summary')]")
    full = page.text(el)
    for a in links:
        if MORE_RE.match(page.text(a)):
            full = full.replace(page.text(a), " ")
    full = clean(full)
    section = published = None
    mt = META_RE.search(full)
    if mt:
        section = clean(mt["section"])
        published = parse_date(mt["date"], page.tz)
        full = clean(full[: mt.start()])
    if teaser_el:
        teaser = page.text(teaser_el[0])
    else:
        teaser = full[len(headline) :] if headline and full.startswith(headline) else full
        teaser = clean(teaser)
    if not published:
        time_el = el.xpath(".//time")
        if time_el:
            published = parse_date(time_el[0].get("datetime") or page.text(time_el[0]), page.tz)
    return RelatedStory(
        url=url,
        headline=headline or None,
        teaser=teaser or None,
        section=section,
        published=published,
    )


def read_also_links(page: Page) -> tuple[list[RelatedStory], list[Any]]:
    """Inline "À lire aussi : <a>...</a>" paragraphs of the article: their stories and the
    paragraphs."""
    stories, paras = [], []
    for p in page.scope.iter("p", "div", "li"):
        if len(p) > 3:  # cheap first: the label test, then the xpath (most of the time)
            continue
        text = page.text(p)
        if len(text) > 300 or not READ_ALSO_RE.match(text):
            continue
        links = p.xpath(".//a[@href]")
        if len(links) != 1:
            continue
        link_text = page.text(links[0])
        if len(link_text) < 0.5 * len(READ_ALSO_RE.sub("", text)):
            continue  # the label starts a paragraph of text, not a link line
        url = urljoin(page.base, links[0].get("href").strip())
        stories.append(RelatedStory(url=url, headline=link_text or None))
        paras.append(p)
    return stories, paras


def link_cards(page: Page) -> tuple[list[RelatedStory], list[Any]]:
    """Stories embedded in the text as link cards, without a label (a CMS's bookmark or
    link-preview card): a block between two paragraphs of running text whose whole text
    is one link, of headline length, to another page of the site. The card and its story."""
    stories, cards = [], []
    host = urlsplit(page.url).netloc
    for el in page.scope.iter("figure", "aside", "div"):
        text = page.text(el)  # cheap first: the length, then the xpath
        if not 3 <= len(text.split()) <= 40:
            continue
        links = el.xpath(".//a[@href]")
        if len(links) != 1 or page.text(links[0]) != text:
            continue
        if not (_running_text(page, el, "preceding") and _running_text(page, el, "following")):
            continue
        url = urljoin(page.base, links[0].get("href").strip())
        parts = urlsplit(url)
        if parts.netloc != host or parts.path.strip("/") == "" or url == page.url:
            continue
        title = next((t for t in links[0].itertext() if t.strip()), text)
        stories.append(RelatedStory(url=url, headline=clean(title) or None))
        cards.append(el)
    return stories, cards


def _running_text(page: Page, el: Any, axis: str) -> bool:
    """The nearest sibling paragraph on that side is running text (two sentences' worth)."""
    sib = el.xpath(f"{axis}-sibling::p[1]")
    return bool(sib) and len(page.text(sib[0])) > 80


def extract_related(
    page: Page, selector: str | None = None
) -> tuple[list[RelatedStory], Any | None]:
    """The related stories and the box element (so the body can exclude it)."""
    box = find_box(page, selector)
    if box is None:
        return [], None
    stories: list[RelatedStory] = []
    seen: set[str] = set()
    for node in _item_nodes(page, box):
        story = _parse_item(page, node)
        if story and story.url not in seen:
            seen.add(story.url)
            stories.append(story)
    return stories, box
