"""What a site profile changes on one page: the template's blocks, images, links, labels.

Called by :mod:`crawler.extract.article` only when a profile is given (and learned); every
key is computed exactly as :mod:`~crawler.extract.profile.features` computed it while
learning, so a block learned as the template's is found again on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.extract.profile.features import (
    MAX_BLOCK,
    OG_IMAGE,
    SKIP_TAGS,
    image_src,
    key_of,
    label_key,
    label_of,
    norm_text,
    place,
    placed_url_key,
)
from crawler.extract.profile.model import SiteProfile
from crawler.items import Image, RelatedStory


@dataclass
class PageTemplate:
    """The template's part of one page, as its site's profile knows it."""

    #: Blocks on at least ``BODY_SHARE`` of the pages: kept out of the body.
    body: list[Any] = field(default_factory=list)
    #: Blocks on at least ``TEMPLATE_SHARE`` of the pages: no topic, no caption either.
    template: set[Any] = field(default_factory=set)
    #: Absolute URLs of the page's images that are the template's wherever they are shown.
    image_urls: set[str] = field(default_factory=set)
    #: Absolute URLs (fragment dropped) the page links only from the template's places.
    link_urls: set[str] = field(default_factory=set)


def page_template(tree: Any, base: str, profile: SiteProfile) -> PageTemplate:
    """Find the template's blocks and images on a page (before anything changes its tree)."""
    out = PageTemplate()
    body_keys, template_keys = profile.index("body"), profile.index("template")
    images, places, links = profile.index("images"), profile.index("places"), profile.index("links")
    image_at: dict[str, bool] = {}  # URL -> every occurrence at a template place
    link_at: dict[str, bool] = {}
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
            continue
        if el.tag in ("img", "amp-img"):
            src = image_src(el)
            if src:
                src, where = urljoin(base, src), place(el)
                known = placed_url_key(where, src) in images or key_of(where) in places
                image_at[src] = image_at.get(src, True) and known
            continue
        if el.tag == "a" and links:
            href = (el.get("href") or "").strip()
            if href:
                url = urljoin(base, href).split("#", 1)[0]
                known = placed_url_key(place(el), url) in links
                link_at[url] = link_at.get(url, True) and known
        text = el.text_content()
        if len(text) > 3 * MAX_BLOCK:
            continue
        text = " ".join(text.split())
        if not text or len(text) > MAX_BLOCK:
            continue
        key = key_of(place(el) + "\0" + norm_text(text))
        if key in body_keys:
            out.body.append(el)
            if key in template_keys:
                out.template.add(el)
    og = tree.xpath("//meta[@property='og:image']/@content")
    if og and og[0].strip():
        src = urljoin(base, og[0].strip())
        image_at[src] = image_at.get(src, True) and placed_url_key(OG_IMAGE, src) in images
    out.image_urls = {u for u, known in image_at.items() if known}
    out.link_urls = {u for u, known in link_at.items() if known}
    return out


def story_images(images: list[Image], template: PageTemplate) -> list[Image]:
    """The images that are the story's, not the template's (avatars, the default og:image)."""
    return [i for i in images if i.url not in template.image_urls]


def story_related(related: list[RelatedStory], template: PageTemplate) -> list[RelatedStory]:
    """Related stories without those the page links only where the template shows the same
    link on most pages (a menu, a "most read" list)."""
    return [r for r in related if r.url.split("#", 1)[0] not in template.link_urls]


def labelled_links(
    scope: Any, base: str, profile: SiteProfile, skip: set[Any]
) -> tuple[list[RelatedStory], list[Any]]:
    """Blocks that are one of the outlet's learned labels and a link to another story of the
    site: the stories and the blocks (kept out of the body)."""
    labels = profile.index("labels")
    if not labels:
        return [], []
    host = urlsplit(base).netloc
    stories: list[RelatedStory] = []
    found: list[Any] = []
    for el in scope.iter("p", "div", "li", "span", "strong", "em", "b", "h2", "h3", "h4", "h5"):
        if el in skip or any(a in found for a in el.iterancestors()):
            continue
        text = " ".join(el.text_content().split())
        if not text or len(text) > 300:
            continue
        got = label_of(el, text)
        if got is None or label_key(got[0]) not in labels:
            continue
        url = urljoin(base, got[1].get("href").strip())
        if urlsplit(url).netloc != host:
            continue
        headline = " ".join(got[1].text_content().split())
        stories.append(RelatedStory(url=url, headline=headline or None))
        found.append(el)
    return stories, found
