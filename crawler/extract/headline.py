"""The headline and the lead of an article page, each with the element that shows it.

Why the element: the body must not repeat what the headline and lead already hold, and the
extractor leaves out the elements that show them (``article.py`` composes the item).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from crawler.extract.lang import words
from crawler.extract.page import Page, token_match
from crawler.extract.topics import breadcrumbs

#: Class tokens of a standfirst element, every pack's.
_LEAD_CLASSES = "|".join(words("markup.lead_classes"))
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")
_WORD = re.compile(r"\w+")


def find_headline(page: Page) -> tuple[str | None, Any]:
    """The headline and the element that shows it: structured data, the seed's selector, the
    ``<h1>``, ``og:title``, then the ``<title>`` before its site suffix."""
    stock = page.template_value  # a value the site's profile knows on many of its pages
    stated = [s.headline for s in page.structs if s.headline and not stock("headline", s.headline)]
    if stated:
        stated = [_without_site_suffix(page, text)[0] for text in stated]
        return _story_heading(page, _share_form(page, _shown_first(page, stated)))[0], None
    for el in page.css("headline") + page.find("//h1"):
        text = page.text(el)
        if text and not stock("headline", text):
            plain = _share_form(page, text)
            story, heading = _story_heading(page, plain)
            if heading is not None:
                return story, heading
            return plain, (el if plain == text else None)
    og = page.meta.get("og:title") or page.meta.get("twitter:title")
    if og and not stock("headline", og):
        return og, None
    title = page.tree.xpath("//title")
    if title:
        text = _TITLE_SEPARATOR.split(page.text(title[0]))[0]
        return (text or None, None) if not stock("headline", text) else (None, None)
    return None, None


def _shown_first(page: Page, stated: list[str]) -> str:
    """Of the structured headlines (JSON-LD, microdata), the one an ``<h1>`` shows, else the
    first: a page may state an older or search-engine headline in one of them."""
    if len(stated) > 1:
        shown = {" ".join(_WORD.findall(page.text(el).casefold())) for el in page.find("//h1")}
        for text in stated:
            if " ".join(_WORD.findall(text.casefold())) in shown:
                return text
    return stated[0]


def _story_heading(page: Page, headline: str) -> tuple[str, Any]:
    """The story's heading when ``headline`` is shown only as a breadcrumb trail's current
    item (an ``<h1>`` in the trail, often the search-engine title) and a heading outside
    the trail shows the share title (``og:title``): its text, without a kicker element
    before the headline element; else ``headline`` (and None)."""
    og = _words(page.meta.get("og:title") or "")
    words = _words(headline)
    shown = [h for h in page.tree.iter("h1", "h2", "h3") if _words(page.text(h)) == words]
    if not og or og == words or not shown or not all(_crumb(page, h) for h in shown):
        return headline, None
    for h in page.tree.iter("h1", "h2", "h3"):
        if _crumb(page, h) or page.in_related(h) or any(a.tag == "a" for a in h.iterancestors()):
            continue
        parts = [c for c in h if isinstance(c.tag, str) and page.text(c)]
        whole = _words(page.text(h))
        split = len(parts) > 1 and " ".join(_words(page.text(c)) for c in parts) == whole
        if split and og == _words(page.text(parts[-1])):
            return page.text(parts[-1]), h
        if og == whole:
            kicker = page.text(parts[0]).rstrip(" :") if split else ""
            label = re.match(re.escape(kicker) + r"\s*:", page.meta.get("og:title") or "")
            return page.text(parts[-1]) if kicker and label else page.text(h), h
    return headline, None


def _crumb(page: Page, el: Any) -> bool:
    """Whether ``el`` is part of a breadcrumb trail or a navigation bar (by class, label or
    shape, ``topics.breadcrumbs``), or the current item after a trail of sibling links."""
    if any(a.tag == "nav" for a in el.iterancestors()):
        return True
    if "crumbs" not in page.memo:
        page.memo["crumbs"] = {e for box in breadcrumbs(page) for e in box.iter()}
    if el in page.memo["crumbs"]:
        return True
    before = [s for s in el.itersiblings(preceding=True) if isinstance(s.tag, str)]
    return len(before) >= 2 and all(s.tag == "a" for s in before)


def _share_form(page: Page, headline: str) -> str:
    """The headline as the page's share title (``og:title``) words it, where that is the
    same headline without a kicker or with a few words left out."""
    return _shortened(page, _without_kicker(page, headline))


def _shortened(page: Page, headline: str) -> str:
    """The share title when it is the headline with a few words left out ("... at Cobham"
    for "... at Cobham in battling win over Tottenham", "Disney World" for "Walt Disney
    World"): the editors' short headline, the shown one its long form. One keeping less
    than two thirds of the words is a fragment, one ending in an ellipsis is cut; the rest
    after a kicker's colon is ``_without_kicker``'s to judge."""
    og = (page.meta.get("og:title") or "").strip()
    short, long = _words(og).split(), _words(headline).split()
    if og.endswith(("…", "...")):  # cut at a length, not worded anew
        return headline
    if not short or not 2 * len(long) <= 3 * len(short) < 3 * len(long):
        return headline
    rest = iter(long)
    if not all(word in rest for word in short):
        return headline
    colons = [m.end() for m in re.finditer(":", headline)]
    if any(_words(headline[at:]) == " ".join(short) for at in colons):
        return headline
    return og


def _without_kicker(page: Page, headline: str) -> str:
    """The headline without a kicker the page's share title leaves out: "Kicker: Headline"
    whose ``og:title`` is "Headline" is the headline (the kicker is a label above it)."""
    og = page.meta.get("og:title")
    if not og or len(og) >= len(headline):
        return headline
    og = _TITLE_SEPARATOR.split(og)[0] if _TITLE_SEPARATOR.search(og) else og
    head, _, rest = headline.rpartition(og)
    if rest or not head.rstrip().endswith(":"):
        return headline
    return og


def _without_site_suffix(page: Page, headline: str) -> tuple[str, None]:
    """A structured headline that is the page's ``<h1>`` plus `` - Site`` or `` | Section``
    (some CMSs fill JSON-LD from the ``<title>``) is the ``<h1>``'s text: what the reader
    sees. Like any structured headline it claims no element (``_shown_h1``)."""
    cuts = [m.start() for m in _TITLE_SEPARATOR.finditer(headline)]
    if not cuts:
        return headline, None
    words = {" ".join(_WORD.findall(headline[:cut].casefold())) for cut in cuts}
    for el in page.find("//h1"):
        if " ".join(_WORD.findall(page.text(el).casefold())) in words:
            return page.text(el), None
    return headline, None


def find_lead(page: Page) -> tuple[str | None, Any]:
    """The lead (standfirst) and the element that shows it, or the description."""
    dom = page.css("lead") + token_match(
        page, _LEAD_CLASSES, lambda el: _lead_sized(page.text(el)) and not _teaser(page, el)
    )
    bold = _bold_first_paragraph(page)
    dom += [bold] if bold is not None else []
    stock = page.template_value  # a value the site's profile knows on many of its pages
    if page.values is not None:
        dom = [el for el in dom if not stock("lead", page.text(el))]
    for s in page.structs:
        if s.description and not stock("lead", s.description):
            el = next((e for e in dom if page.text(e) == s.description), None)
            tried = {_words(s.description)}
            for name in ("description", "og:description", "twitter:description"):
                meta = page.meta.get(name)
                if el is None and meta and _words(meta) not in tried and not stock("lead", meta):
                    tried.add(_words(meta))
                    shown = _shown(page, meta)  # the one of the page's summaries it shows
                    if shown is not None:
                        return page.text(shown), shown
            if el is None and dom and not _on_page(page, s.description):
                return page.text(dom[0]), dom[0]
            return s.description, el
    if dom:
        return page.text(dom[0]), dom[0]
    desc = page.meta.get("description") or page.meta.get("og:description")
    if desc and stock("lead", desc):
        desc = page.meta.get("og:description")
        desc = desc if desc and not stock("lead", desc) else None
    return desc, None


def _lead_sized(text: str) -> bool:
    """Long enough for a sentence, short enough for a standfirst: not a label ("Breakpoint:")."""
    return 20 <= len(text) <= 1000 and not text.endswith(":")


_NOT_LEAD = frozenset(("a", "button", "figure", "time", "nav"))


def _teaser(page: Page, el: Any) -> bool:
    """A box that only points elsewhere: a control, or a link (inside one, or one covering
    most of its text: an inline teaser of another story), never the article's lead."""
    if el.tag in _NOT_LEAD or any(a.tag in _NOT_LEAD for a in el.iterancestors()):
        return True
    linked = sum(len(page.text(a)) for a in el.iter("a"))
    return linked > len(page.text(el)) / 2


def _bold_first_paragraph(page: Page) -> Any:
    """The article's first text paragraph when all of it is bold: the lead some pages
    set in the text itself, or None."""
    for p in page.scope.iter("p"):
        text = page.text(p)
        if len(text) < 40 or page.in_related(p) or _in_caption(p):
            continue
        bold = sum(len(page.text(b)) for b in p.xpath(OUTER_BOLD))
        return p if bold >= 0.9 * len(text) else None
    return None


OUTER_BOLD = ".//*[self::b or self::strong][not(ancestor::b or ancestor::strong)]"


def is_bold_lead(page: Page, el: Any) -> bool:
    """Whether ``el`` is the bold first paragraph (the lead, even among the text's
    paragraphs: the body must not repeat it)."""
    return el is not None and el is _bold_first_paragraph(page)


def _in_caption(el: Any) -> bool:
    for a in [el, *el.iterancestors()]:
        if a.tag in ("figure", "figcaption") or "caption" in (a.get("class") or ""):
            return True
    return False


def _on_page(page: Page, text: str) -> bool:
    """Whether the page shows ``text`` (its words, in the body's text)."""
    if page.visible_words is None:
        body = page.tree.find(".//body")
        page.visible_words = f" {_words(_visible_text(body))} " if body is not None else ""
    words = " ".join(_words(text).split()[:30])
    return bool(words) and f" {words} " in page.visible_words


_INLINE = frozenset("a abbr b bdi cite code em font i mark q s small span strong sub sup u".split())


def _visible_text(root: Any) -> str:
    """The text a reader sees under ``root``: no scripts or styles, and block elements
    apart (``<p>a</p><p>b</p>`` is "a b", ``<b>E</b>nd`` stays "End")."""
    out: list[str] = []
    skip = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        hidden = el.tag in ("script", "style", "template") or not isinstance(el.tag, str)
        gap = "" if el.tag in _INLINE else " "
        if event == "start":
            skip += hidden
            if not skip:
                out += [gap, el.text or ""]
        else:
            skip -= hidden
            if not skip and el is not root:
                out += [gap, el.tail or ""]
    return "".join(out)


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _shown(page: Page, text: str) -> Any:
    """The outermost element of the page that shows ``text`` and little more (a dateline
    such as "Berlin."), or None. Why: a structured description the page does not show is
    sometimes the photo caption; the meta description the reader sees as the intro is the
    lead then."""
    words = _words(text)
    longest = max(text.split(), key=len, default="")
    if len(words) < 20 or not longest:
        return None
    body = page.tree.find(".//body")
    found = [
        el
        for el in (body if body is not None else page.tree).xpath(
            ".//*[contains(., $w)]", w=longest
        )
        if el.tag not in ("script", "style", "meta", "noscript")
        and len(page.text(el)) <= len(text) * 1.2 + 20
        and words in _words(page.text(el))
    ]
    outer = [el for el in found if not any(a in found for a in el.iterancestors())]
    return outer[0] if outer else None
