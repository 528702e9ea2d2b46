"""What a site profile changes on one page: template lines, crumbs, images, links, labels,
values given on many pages.

Called by :mod:`crawler.extract.article` only when a profile is given (and learned). Each
test looks only at the few elements a field would take (the body's lines, the crumbs and
kickers, the images, the links of the related stories, the short lines with one link), so
using a profile costs little on every page; every key is computed exactly as
:mod:`~crawler.extract.profile.features` computed it while learning.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.extract.authors import names_from_structured
from crawler.extract.images import image_src
from crawler.extract.profile.features import (
    LABEL_TAGS,
    OG_IMAGE,
    PLACE_DEPTH,
    component,
    key_of,
    label_key,
    label_of,
    norm_text,
    placed_url_key,
    url_key,
)
from crawler.extract.profile.model import SiteProfile
from crawler.extract.profile.supervise import FIELDS
from crawler.extract.profile.values import value_key
from crawler.items import Image, RelatedStory


class PageProfile:
    """One page seen through its site's profile."""

    def __init__(
        self, tree: Any, base: str, profile: SiteProfile, selectors: Collection[str] = ()
    ) -> None:
        self.tree = tree
        self.base = base
        self.profile = profile
        #: fields the seed reads with its own selectors: the profile changes none of them
        self.selectors = frozenset(selectors)
        self._body = profile.index("body")
        self._template = profile.index("template")
        self._values = profile.index("values")
        self._shown: dict[str, list[str]] = {}
        self._components: dict[tuple[str, str | None], str] = {}  # (tag, class) -> step

    def place(self, el: Any) -> str:
        """:func:`~crawler.extract.profile.features.place`, each element's step computed
        once per page (the links of one list share their ancestors)."""
        parts: list[str] = []
        node = el
        for _ in range(PLACE_DEPTH + 1):
            if node is None or not isinstance(node.tag, str) or node.tag in ("body", "html"):
                break
            parts.append(self._step(node))
            node = node.getparent()
        return " > ".join(reversed(parts))

    def learned(self, name: str, measured: bool = True) -> tuple[list[str], list[Any]]:
        """The texts and elements at the place the profile learned for a field (none when
        the field is not used; with ``measured`` false, also when it is for want of
        held-out pages): every element at it for a list, the first for one value."""
        where = self.profile.field_place(name, measured)
        if not where:
            return [], []
        last = where.rsplit(" > ", 1)[-1]
        els = [
            el
            for el in self.tree.iter(last.split(".", 1)[0])
            if component(el) == last and self.place(el) == where
        ]
        pairs = [(t, el) for el in els if (t := " ".join(el.text_content().split()))]
        if not FIELDS.get(name, False):
            pairs = pairs[:1]
        return [t for t, _ in pairs], [el for _, el in pairs]

    def fill(self, item: Any, stated: dict[str, list[str]], selectors: Any) -> list[Any]:
        """Authors, section and topics from their learned places on a page whose structured
        data does not state them (a seed selector for the field wins); the elements used."""
        used: list[Any] = []
        for name in ("authors", "section", "topics"):
            if name in stated or name in selectors:
                continue
            texts, els = self.learned(name)
            if not texts:
                continue
            used += els
            if name == "authors":
                item.authors = list(dict.fromkeys(texts))
            elif name == "section":
                item.section = texts[0]
            else:
                known = {t.lower() for t in item.topics}
                item.topics += [t for t in dict.fromkeys(texts) if t.lower() not in known]
        return used

    def lead_element(self, lead: str | None) -> Any:
        """The element at the place the outlet's pages show their stated description: the
        one showing ``lead``, or with no lead the first (None when none is learned)."""
        texts, els = self.learned("lead")
        if lead is None:
            return els[0] if els else None
        wanted = norm_text(lead)
        return next((el for t, el in zip(texts, els, strict=True) if norm_text(t) == wanted), None)

    def template_value(self, name: str, value: str) -> bool:
        """``value`` is one the outlet gives field ``name`` on many of its pages (its logo as
        the ``<h1>``, its site-wide description): never the story's (a seed selector for the
        field wins)."""
        if not self._values or name in self.selectors:
            return False
        if value_key(name, value) not in self._values:
            return False
        # shown where the outlet's pages show the field's stated value (learned from their
        # structured data, even on too few held-out pages to fill the field with it): the
        # story's, however often the outlet repeats it
        return norm_text(value) not in {norm_text(t) for t in self.shown(name)}

    def shown(self, name: str) -> list[str]:
        """The texts at the place learned for field ``name`` (computed once a page)."""
        if name not in self._shown:
            self._shown[name] = self.learned(name, measured=False)[0]
        return self._shown[name]

    def story_values(self, name: str, values: list[str]) -> list[str]:
        """``values`` (topics, authors) without those the outlet gives on many pages."""
        return [v for v in values if not self.template_value(name, v)]

    def template_line(self, line: str) -> bool:
        """A line of text the site shows on many pages: no line of the story's text."""
        return key_of(norm_text(line)) in self._body

    def template_block(self, el: Any, text: str) -> bool:
        """An element at a place, with a text, on most of the site's pages (a crumb, a kicker
        every page shows): no topic."""
        return key_of(self.place(el) + "\0" + norm_text(text)) in self._template

    def story_images(self, images: list[Image]) -> list[Image]:
        """The images that are the story's, not the template's (avatars, the default
        ``og:image``): an image is the template's when every place the page shows it is."""
        if not images:
            return images
        keys, places = self.profile.index("images"), self.profile.index("places")
        if not keys and not places and not self._values:
            return images
        wanted = {i.url for i in images}
        template: dict[str, bool] = {}
        for img in self.tree.iter("img", "amp-img"):
            src = image_src(img)
            if not src:
                continue
            src = urljoin(self.base, src)
            if src in wanted:
                where = self.place(img)
                known = placed_url_key(where, src) in keys or key_of(where) in places
                template[src] = template.get(src, True) and known
        og = self.tree.xpath("//meta[@property='og:image']/@content")
        if og and og[0].strip():
            src = urljoin(self.base, og[0].strip())
            if src in wanted:
                known = placed_url_key(OG_IMAGE, src) in keys
                known = known or self.template_value("images", src)
                template[src] = template.get(src, True) and known
        # an image only stated (JSON-LD, twitter:image), given on many of the outlet's
        # pages: the outlet's default image
        for url in wanted - template.keys():
            template[url] = self.template_value("images", url)
        return [i for i in images if not template.get(i.url, False)]

    def story_related(self, related: list[RelatedStory]) -> list[RelatedStory]:
        """Related stories without those the page links only where the template shows the
        same link on most pages (a menu, a "most read" list)."""
        links = self.profile.index("links")
        if not related or not links:
            return related
        # cheap first: only a URL the template links somewhere can be a template link here
        shown = self.profile.index("link_urls")
        wanted = {u for r in related if url_key(u := r.url.split("#", 1)[0]) in shown}
        if not wanted:
            return related
        last = {_last_segment(u) for u in wanted}
        template: dict[str, bool] = {}
        for a in self.tree.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or _last_segment(href) not in last:
                continue
            url = urljoin(self.base, href).split("#", 1)[0]
            if url in wanted:
                known = placed_url_key(self.place(a), url) in links
                template[url] = template.get(url, True) and known
        return [r for r in related if not template.get(r.url.split("#", 1)[0], False)]

    def related_links(self, url: str, known: set[str]) -> list[RelatedStory]:
        """The headline-like links at the places the outlet lists other stories on nearly
        every page (its related box, in whatever language and class): related stories, each
        once, none of ``known``."""
        places = self.profile.index("related")
        if not places:
            return []
        # cheap first: the steps of a learned place, innermost first, as far as they go
        heads: set[tuple[str, ...]] = set()
        for e in self.profile.related:
            steps = e["where"].split(" > ")[::-1]
            heads.update(tuple(steps[: d + 1]) for d in range(min(2, len(steps))))
        host = urlsplit(self.base).netloc
        out: list[RelatedStory] = []
        for a in self.tree.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href.startswith("#") or not self._heads(a, heads):
                continue
            if key_of("story links\0" + self.place(a)) not in places:
                continue
            target = urljoin(self.base, href).split("#", 1)[0]
            if urlsplit(target).netloc == host and target != url and target not in known:
                known.add(target)
                headline = " ".join(a.text_content().split())
                out.append(RelatedStory(url=target, headline=headline or None))
        return out

    def _heads(self, a: Any, heads: set[tuple[str, ...]]) -> bool:
        """The link's own step and its parent's start one of the learned places."""
        mine = (self._step(a),)
        if mine not in heads:
            return False
        parent = a.getparent()
        if parent is None or not isinstance(parent.tag, str) or parent.tag in ("body", "html"):
            return True  # a place of one step: the full place decides
        return (*mine, self._step(parent)) in heads

    def _step(self, el: Any) -> str:
        """:func:`~crawler.extract.profile.features.component`, computed once per tag and
        class attribute of the page (a page's links share a few)."""
        shape = (el.tag, el.get("class"))
        step = self._components.get(shape)
        if step is None:
            step = self._components[shape] = component(el)
        return step

    def labelled_links(self, scope: Any, skip: set[Any]) -> tuple[list[RelatedStory], list[Any]]:
        """Short blocks that are one of the outlet's learned labels and a link to another
        story of the site: the stories and the blocks (kept out of the body)."""
        labels = self.profile.index("labels")
        if not labels:
            return [], []
        host = urlsplit(self.base).netloc
        stories: list[RelatedStory] = []
        found: list[Any] = []
        for a in scope.iter("a"):
            el = a
            for _ in range(2):  # "<p>Label: <a>", "<p><strong>Label:</strong> <a>"
                child, el = el, el.getparent()
                if el is None or el.tag not in LABEL_TAGS or el in skip or el in found:
                    break
                if not (el.text or "").strip() and child.getprevious() is None:
                    continue  # nothing before the link in this element: no label here
                text = " ".join(el.text_content().split())
                if len(text) > 300:
                    break
                if label_key(_label_before(text, a)) not in labels:
                    continue  # cheap first: the text before the link is no learned label
                got = label_of(el, text)
                if got is None or label_key(got[0]) not in labels:
                    continue
                url = urljoin(self.base, got[1].get("href").strip())
                if urlsplit(url).netloc == host:
                    headline = " ".join(got[1].text_content().split())
                    stories.append(RelatedStory(url=url, headline=headline or None))
                    found.append(el)
                break
        return stories, found


def stated_values(page: Any) -> dict[str, list[str]]:
    """What the page's structured data (JSON-LD, microdata, ``article:`` meta tags)
    states, field -> values: the labels distant supervision learns places from."""
    out: dict[str, list[str]] = {}
    for s in page.structs:
        if s.headline:
            out.setdefault("headline", [s.headline])
        if s.author and "authors" not in out:
            names, _ = names_from_structured(s.author)
            if names:
                out["authors"] = names
        if s.section:
            out.setdefault("section", [s.section])
        if s.keywords:
            out.setdefault("topics", list(s.keywords))
        if s.description:
            out.setdefault("lead", [s.description])
    if page.meta.get("article:section"):
        out.setdefault("section", [page.meta["article:section"]])
    return out


def _label_before(text: str, link: Any) -> str:
    """The text of a block before its link, as a label (without its separator)."""
    link_text = " ".join(link.text_content().split())
    head = text[: len(text) - len(link_text)] if link_text and text.endswith(link_text) else ""
    return head.strip().rstrip(":|»›>–—").strip()


def _last_segment(url: str) -> str:
    return url.split("#", 1)[0].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
