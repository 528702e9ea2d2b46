"""Topics: the article's kicker, its breadcrumb trail (without the home crumb), tags and
keywords, in page order and without duplicates.

Breadcrumbs are found by class (``breadcrumb``, ``crumbs``, ``ariane``), schema.org
``BreadcrumbList``, an ``aria-label`` in several languages, or by their shape: a short
line of links from the home page down, joined by ``›``/``»``/``>``/``/`` and nothing else.
A crumb without a link after the last linked one (the current topic) is a topic too,
unless it is the headline. A kicker is the short topic line above the
headline (``kicker``, ``Dachzeile``, ``antetítulo``, ``occhiello`` ...).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from crawler.extract.credits import clean
from crawler.extract.lang import alternation, pattern, words
from crawler.extract.page import Page, token_match

#: A breadcrumb trail's first link, the home page: no topic.
_HOME = frozenset(words("topics.home_labels"))


def find_topics(page: Page) -> list[str]:
    found: list[str] = []
    crumbs = page.css("topics")
    if len(crumbs) > 1:  # the seed's selector matched the topic elements themselves
        found.extend(t for t in (page.text(el) for el in crumbs) if t.lower() not in _HOME)
        crumbs = []
    elif not crumbs:
        crumbs = breadcrumbs(page)
        tags = (
            token_match(page, _TAG_CLASSES)
            or _camel_classed(page)
            or _labelled(page)
            or _chips(page)
        )
        # a breadcrumb trail and a tag list are both the article's topics
        crumbs = crumbs[:1] + [t for t in tags[:1] if not crumbs or not _related(crumbs[0], t)]
    found.extend(page.text(el) for el in kickers(page) or _line_above_headline(page))
    found.extend(page.text(a) for a in _rel_tags(page))
    for box in crumbs[:2]:
        # the home crumb is no topic; a keyword "Home" (a home-and-garden story) is one
        found.extend(t for t in _crumb_texts(page, box) if clean(t).lower() not in _HOME)
    for s in page.structs:
        found.extend(s.keywords)
    for key in [k for k in page.meta if _TAG_META.fullmatch(k)]:
        values = re.split(r"\s*[,;]\s*", page.meta[key])
        # a vendor's targeting pairs ("Post ID:123", "webType:story") and ids are no tags
        vendor = key not in ("keywords", "news_keywords", "article:tag")
        found.extend(v for v in values if not (vendor and _TARGETING.match(v)))
    out: list[str] = []
    seen: set[str] = set()
    for t in found:
        t = clean(t).lstrip("#").strip()  # "#Budget" chips: the hash is no part of the tag
        if not t or t.lower() in seen or len(t) > 80:
            continue
        seen.add(t.lower())
        out.append(t)
    return out


#: Meta names of the page's tags: ``keywords``, ``news_keywords``, ``article:tag``, and an
#: analytics or ad vendor's own (``parsely-tags``, ``sailthru.tags``, ``dmp:tags``).
_TAG_META = re.compile(r"(?:news_)?keywords|article:tag|[\w-]+[:.-]tags")
_TARGETING = re.compile(r"[\w -]+:|\d+$")


#: Class tokens of a topic (tag) list, every pack's.
_TAG_CLASSES = "|".join(words("markup.topic_classes"))
#: The same words capitalised, as the end of a camelCase class (``articleTags``).
_CAMEL_WORDS = [w.capitalize() for w in words("markup.topic_classes") if w.isalpha()]
#: A class word in camelCase ending in a tag-box word (``articleTags``, ``storyTopics``).
_CAMEL_TAGS = re.compile(r"[a-z0-9]" + alternation(_CAMEL_WORDS) + r"(?![a-z])")


def _camel_classed(page: Page) -> list[Any]:
    """Tag boxes whose class says so in camelCase (``articleTags``): the token match reads
    lower-cased classes, where ``articletags`` has no word ``tags``."""
    return page.scoped(page.with_class(_CAMEL_TAGS, cased=True))


def _rel_tags(page: Page) -> list[Any]:
    """Links the page marks as its tags (``rel="tag"``, HTML's own word for it), outside
    side boxes, the related-stories box and the site's navigation: a tag list in the
    article's own footer or nav is the article's. ``rel="category tag"`` (WordPress) names
    the section, no topic."""
    return [
        a
        for a in page.tree.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")
        if "category" not in a.get("rel", "")
        and not a.xpath("ancestor::aside")
        and (a.xpath("ancestor::article") or not a.xpath(_SITE_PARTS))
        and not page.in_related(a)
    ]


_SITE_PARTS = "ancestor::nav|ancestor::header|ancestor::footer"


def breadcrumbs(page: Page) -> list[Any]:
    """The page's breadcrumb trails: by class, schema.org ``BreadcrumbList``, an
    ``aria-label``, else by their shape (:func:`_trail`)."""
    crumbs = [
        el
        for el in page.with_class(_CRUMB_CLASS)
        if not any("crumb" in (a.get("class") or "") for a in el.iterancestors())
    ] + page.tree.xpath("//*[contains(@itemtype,'BreadcrumbList')]")
    crumbs = crumbs or [
        el for el in page.tree.iter("nav", "ol", "ul", "div") if _BREADCRUMB_LABEL.search(
            el.get("aria-label") or ""
        )
    ]  # fmt: skip
    return crumbs or _trail(page)


#: A breadcrumb trail's class (substring of the lower-cased class).
_CRUMB_CLASS = re.compile(pattern("markup.crumb_classes"))
_SEPARATORS = re.compile(r"[\s,›»>/|·•→]+")


def _is_home(page: Page, a: Any) -> bool:
    return urlsplit(urljoin(page.base, a.get("href") or "")).path == "/"


def _crumb_texts(page: Page, box: Any) -> list[str]:
    """The crumbs' texts without the home crumb, with an unlinked last crumb."""
    links = box.xpath(".//a") if box.tag != "a" else [box]
    if not links:
        return re.split(r"\s*[,›»>/|]\s*", page.text(box))
    texts = [page.text(a) for a in links if not _is_home(page, a) and not page.is_template(a)]
    if box.tag == "a":
        return texts
    full, last = page.text(box), page.text(links[-1])
    at = full.rfind(last) if last else -1
    tail = clean(_SEPARATORS.sub(" ", full[at + len(last) :])) if at >= 0 else ""
    h1 = next(page.tree.iter("h1"), None)
    headline = page.text(h1) if h1 is not None else ""
    if tail and len(tail) <= 60 and tail.lower() != headline.lower():
        texts.append(tail)
    return texts


#: What a breadcrumb trail holds besides its links: separators, at least one.
_TRAIL_REST = re.compile(r"[\s,›»>/|·•→]*[›»>/|][\s,›»>/|·•→]*")


#: An absolute link to a site's root (cheap test before resolving it against the page).
_ABS_ROOT = re.compile(r"https?://[^/?#]+/?", re.I)


def _trail(page: Page) -> list[Any]:
    """A line of 2-6 links starting at the home page, joined by separators only, before
    the headline: a breadcrumb trail without a class that names it. Searched upwards from
    the few links to the home page before the first ``h1``, not over every container."""
    for home in _links_before_headline(page):
        href = (home.get("href") or "").strip()
        if href not in ("/", "./") and not (_ABS_ROOT.fullmatch(href) and _is_home(page, home)):
            continue
        for el in list(home.iterancestors("nav", "div", "p", "ol", "ul"))[:3]:
            links = el.xpath(".//a[@href]")
            if len(links) > 6 or el.xpath(".//h1"):
                break
            if len(links) < 2 or links[0] is not home:
                continue
            rest = page.text(el)
            for a in links:
                rest = rest.replace(page.text(a), " ", 1)
            if _TRAIL_REST.fullmatch(rest):
                return [el]
    return []


def _links_before_headline(page: Page) -> Any:
    """The ``<a>`` elements before the page's first ``h1`` (all of them without one)."""
    for node in page.tree.iter("a", "h1"):
        if node.tag == "h1":
            return
        yield node


def _related(a: Any, b: Any) -> bool:
    """One element holds the other (or they are the same)."""
    return a is b or a in b.iterancestors() or b in a.iterancestors()


#: The label of a line of topic links: "Filed under: <a>X</a>", "Tagi: ...", "Temas: ...".
TOPIC_LABEL = re.compile(r"^\s*(" + pattern("topics.labels") + r")\s*:", re.I)


def _labelled(page: Page) -> list[Any]:
    """Short elements in the article that are a topic label followed by links."""
    out = []
    for el in page.scope.iter("p", "div", "ul", "span", "section"):
        text = page.text(el)
        if len(text) <= 200 and TOPIC_LABEL.match(text) and el.xpath(".//a[@href]"):
            out.append(el)
    return [el for el in out if not page.in_related(el)][-1:]


#: ``aria-label`` of a breadcrumb trail in several languages.
_BREADCRUMB_LABEL = re.compile(pattern("topics.breadcrumb_labels"), re.I)
#: Class tokens of a kicker (the topic line above a headline).
_KICKER = "|".join(words("markup.kicker_classes"))


def kickers(page: Page) -> list[Any]:
    """Short kicker elements in the article (not teasers in lists or related boxes)."""
    out = []
    for el in token_match(page, _KICKER):
        text = page.text(el)
        if el.getparent() is None or page.is_template(el):
            continue  # a label the site's profile knows on most pages: the template's
        if 0 < len(text) <= 60 and not el.xpath("ancestor::li"):
            if page.in_scope(el) and not el.xpath("ancestor::a"):
                out.append(el)
    return out[:1]


def _line_above_headline(page: Page) -> list[Any]:
    """A kicker no class names: a short heading right above the article's ``h1`` in the
    same header (``<header><h2>Tour de Ski</h2><h1>...``), no link, no digit (no date)."""
    h1 = next(page.scope.iter("h1"), None)
    above = h1.getprevious() if h1 is not None else None
    if above is None or above.tag not in ("h2", "h3", "h4", "p", "span", "div"):
        return []
    text = page.text(above)
    if len(text) > 40 or not any(c.isalpha() for c in text) or any(c.isdigit() for c in text):
        return []
    if above.xpath(".//a"):
        return []
    return [above]


#: A path segment that names a topic page ("/tag/x", "/news/topics/c1234", "/thema/x").
_TOPIC_SEGMENT = re.compile(pattern("topics.url_segments"))
#: What a line of topic chips holds besides its links.
_CHIPS_REST = re.compile(r"[\s,;·•|#]*")


def _chips(page: Page) -> list[Any]:
    """A list of links after the article's text that are topic pages and nothing else:
    each link's URL ends in its own text as a slug ("Julia Klöckner" ->
    /politik/julia-kloeckner/), or passes through a topic segment (/tag/..., /topics/...;
    then one link is enough). A site's tag chips often carry no class or label that says
    so; their links do. They follow the text, inside the article or just after it (two
    levels into the elements that follow it, not in an aside, menu or other article):
    lists of topic links above the text or in side boxes are the site's, not the story's."""
    for el in _after_text(page):
        links = el.xpath(".//a[@href]")
        if not 1 <= len(links) <= 25 or page.in_related(el):
            continue
        rest = page.text(el)
        for a in links:
            rest = rest.replace(page.text(a), " ", 1)
        if not _CHIPS_REST.fullmatch(rest):
            continue
        kinds = [_topic_link(page, a) for a in links]
        if all(kinds) and (len(links) > 1 or kinds[0] == "segment") and _about(page, links):
            return [el]
    return []


def _about(page: Page, links: list[Any]) -> bool:
    """At least a quarter of the chips name something the story's text names: a box of
    the site's topics (the people it covers, a section's themes) is not the story's."""
    story = " ".join(page.text(p) for p in page.scope.iter("p", "h1", "h2")).casefold()
    named = sum(1 for a in links if page.text(a).lstrip("#").casefold() in story)
    return named * 4 >= len(links)


_CHIP_TAGS = ("ul", "ol", "div", "p")
_NOT_STORY = ("aside", "nav", "header", "footer", "article", "form")


def _after_text(page: Page) -> Any:
    """Candidate chip lists: in the scope after its first paragraph of text, then near the
    elements that follow the scope."""
    started = False
    for el in page.scope.iter():
        if not started:
            started = el.tag == "p" and len(page.text(el)) >= 150
        elif el.tag in _CHIP_TAGS:
            yield el
    for sib in page.scope.itersiblings():
        if (
            not isinstance(sib.tag, str)
            or sib.tag in _NOT_STORY
            or "aside" in (sib.get("class") or "")
        ):
            continue
        near = [sib, *sib, *(g for child in sib for g in child)]
        yield from (el for el in near if isinstance(el.tag, str) and el.tag in _CHIP_TAGS)


def _topic_link(page: Page, a: Any) -> str | None:
    """ "segment" for a link through a topic path segment, "slug" for a link to its own
    text as a slug, else None."""
    text = page.text(a).lstrip("#")
    if not text or len(text) > 60 or len(text.split()) > 6:
        return None
    path = unquote(urlsplit(urljoin(page.base, a.get("href") or "")).path).casefold()
    segments = [s for s in path.split("/") if s]
    if not segments:
        return None
    if any(_TOPIC_SEGMENT.fullmatch(s) for s in segments[:-1]):
        return "segment"
    return "slug" if segments[-1].removesuffix(".html") in _slugs(text) else None


def _slugs(text: str) -> set[str]:
    """The URL slugs a CMS makes of a title: accents dropped, or German umlauts spelt out."""
    base = text.casefold()
    forms = {base, base.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")}
    out = set()
    for form in forms:
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", form) if not unicodedata.combining(c)
        )
        out.add(re.sub(r"[\W_]+", "-", plain).strip("-"))
    return out
