"""The page's authors: structured data first, the visible byline to complete or correct it.

Names come from JSON-LD/microdata ``author``, then the first byline element (a byline
class, ``rel=author``, a line starting like "Par X et Y"), then the ``author`` meta tag;
``authors.py`` reads a byline string into names. The outlet named as author (its site
name, publisher, host) stays only when the page names no person.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from crawler.extract.agency import canonical
from crawler.extract.authors import (
    BYLINE_START,
    extra_co_authors,
    name_key,
    names_from_structured,
    parse_byline,
    person_like,
    with_linked_names,
)
from crawler.extract.headline import OUTER_BOLD
from crawler.extract.lang import pattern
from crawler.extract.page import Page

#: A class naming a byline (substring, case-insensitive): one search per element.
_BYLINE = re.compile(pattern("markup.byline_classes"))
#: Containers whose names are not the story's: comments, teasers, page chrome (the
#: dates' list: their dates are not the story's either).
_CHROME = re.compile(pattern("markup.date_chrome_classes"), re.I)


def find_authors(page: Page) -> tuple[list[str], str | None, Any]:
    """The authors, the agency their byline names, and the byline element (None when the
    names come from structured data or meta tags alone)."""
    names: list[str] = []
    agency = None
    for s in page.structs:
        if s.author:
            names, agency = names_from_structured(s.author)
            if names:
                break
    # with a structured author, only the marked-up byline is read (can it add co-authors?);
    # the costly scan of every short line for "Par X et Y" is for pages without one
    outlet = outlet_keys(page)
    by_outlet = bool(names) and all(name_key(n) in outlet for n in names)
    dom, dom_agency, el = _dom_byline(page, scan_lines=not names or by_outlet)
    if by_outlet and dom and all(person_like(n) and name_key(n) not in outlet for n in dom):
        return dom, agency or dom_agency, el  # the outlet as author; the page names people
    if all(name_key(n) in outlet for n in names or dom):  # none, or only the outlet
        bold, bold_el = _bold_byline(page)
        if bold:
            return bold, agency or dom_agency, bold_el
        closing, closing_el = _closing_byline(page)
        if closing:
            return closing, agency or dom_agency, closing_el
    if names and set(dom) > set(names):  # the byline shown: it can only add co-authors
        return names + extra_co_authors(names, dom), agency or dom_agency, el
    if names:
        # a closing "(Jane Roe)" repeating the structured author is the byline, not text
        closing, closing_el = _closing_byline(page)
        return names, agency, closing_el if closing and set(closing) <= set(names) else None
    if dom:
        return dom, agency or dom_agency, el
    meta_author = page.meta.get("author") or page.meta.get("article:author")
    if meta_author and not meta_author.startswith("http"):
        names, ag = parse_byline(meta_author)
        return names, agency or dom_agency or ag, None
    return [], agency or dom_agency, None


def outlet_keys(page: Page) -> set[str]:
    """The outlet's own names (site name, application name, publisher, the host's name),
    as ``name_key`` writes them."""
    host = (urlsplit(page.url).hostname or "").removeprefix("www.").split(".")[0]
    names = [page.meta.get("og:site_name"), page.meta.get("application-name"), host]
    names += [s.publisher for s in page.structs]
    return {k for k in map(name_key, names) if k}


#: Elements a byline line stands in ("Von: X, Y" in a list item of the article's facts).
_LINE_TAGS = ("p", "span", "div", "address", "small", "li")


def _dom_byline(page: Page, scan_lines: bool = True) -> tuple[list[str], str | None, Any]:
    """Names from the first byline element of the page (class, rel=author, "Par X et Y")."""
    marked = [el for el in page.with_class(_BYLINE) if not _in_chrome(page, el)]
    rel_author = page.tree.xpath("//*[@rel='author']")
    if rel_author:
        marked = page.in_order(set(marked) | set(rel_author))
    dom = page.css("authors") + page.scoped(marked)
    lines = page.scope.iter(*_LINE_TAGS) if scan_lines else ()
    dom += [  # "Par X et Y", "Door X en Y · 28 november": a line that starts like a byline
        el
        for el in lines
        if len(page.text(el)) <= 160
        and BYLINE_START.match(page.text(el))
        and not page.in_related(el)
    ]
    agency = None
    for el in dom:
        if el.tag in ("meta", "link") or len(page.text(el)) > 200:
            continue
        names, ag = parse_byline(page.text(el))
        links = [page.text(a) for a in el.iter("a")]
        # an agency linked as the author, its function beside it ("SID" + "Nachrichten-
        # agentur" reads "SIDNachrichtenagentur"): the byline names the agency alone
        linked = [t for t in links if canonical(t)]
        names = [n for n in names if not any(n.startswith(t) for t in linked)]
        ag = ag or next((canonical(t) for t in linked), None)
        agency = agency or ag
        names = with_linked_names(names, links)
        if names or ag:
            return names, agency, el
    return [], agency, None


#: A whole line in brackets ("(Jane Roe)", "[X and Y]", "（佐藤一郎）").
_BRACKETED = re.compile(r"^[(\[（【]([^()\[\]（）【】]{2,80})[)\]）】]$")


def _closing_byline(page: Page) -> tuple[list[str], Any]:
    """Names in brackets as the text's last paragraph ("(Jane Roe)"), with its element;
    ([], None). Only names: a closing remark in brackets is text."""
    last = None
    for p in page.scope.iter("p"):
        if page.text(p) and not page.in_related(p):
            last = p
    match = _BRACKETED.match(page.text(last)) if last is not None else None
    names = parse_byline(match[1])[0] if match else []
    if names and all(person_like(n) for n in names):
        return names, last
    return [], None


def _in_chrome(page: Page, el: Any) -> bool:
    """``el`` or a container of it below the article scope names comments, a teaser or
    chrome ("comment-author-link" in a recent-comments widget)."""
    for anc in (el, *el.iterancestors()):
        if anc is page.scope:
            return False
        if _CHROME.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return True
    return False


def _bold_byline(page: Page) -> tuple[list[str], Any]:
    """Names set in bold as the text's own first line ("<p><strong>Jane Roe/John
    Doe</strong></p>" above the first paragraph), with their element; ([], None)."""
    for p in page.scope.iter("p"):
        text = page.text(p)
        if len(text) > 80 or page.in_related(p):
            return [], None  # the running text began: no byline line above it
        if not text:
            continue
        bold = "".join(page.text(b) for b in p.xpath(OUTER_BOLD))
        names = parse_byline(text)[0] if len(bold) >= len(text) - 1 else []
        if names and all(person_like(n) for n in names):
            return names, p
    return [], None
