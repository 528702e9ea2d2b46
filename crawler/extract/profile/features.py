"""What one page contributes to its site's profile: a few hashes, no text of the page.

A site profile (:mod:`crawler.extract.profile.learn`) is learned from every article page of
an outlet, so what a page hands over must stay small and must be computed from the tree the
extractor has already parsed. A page contributes:

- its *blocks*: each short element (at most :data:`MAX_BLOCK` characters of text) as one key,
  the hash of its *place* in the template (tag and class path, :func:`place`) together with
  its normalised text (case folded, whitespace collapsed). A key seen on
  most of an outlet's pages is the template's, not the story's;
- its images and links, each as its URL at its place (the ``og:image``'s place is its
  own): the same URL at the same place on many pages is the template's (a logo, a default
  ``og:image``, a menu, a "most read" list), while a story's photo may well be a thumbnail
  elsewhere on every page; and each image place with the URLs it shows (an avatar's place
  shows few URLs over many pages, a story photo's place a new one on every page);
- per field, the keys of the values its sources give (:mod:`~crawler.extract.profile.
  values`): the same headline, description, keyword or image on many pages is the template's;
- its *labelled links*: short blocks that are a label and one link ("<label>: <link>"), as
  the label's key, so labels the outlet puts before a link to another story can be learned
  in any language.

Keys are 64-bit ints of blake2b (stable across processes, unlike ``hash()``); a few samples
of text are kept beside the keys only so that a profile can say in words what it learned.
Everything here is plain data (picklable, for a process pool).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.extract.images import image_src
from crawler.extract.profile.keys import key_of, norm_text
from crawler.extract.profile.supervise import field_evidence
from crawler.extract.profile.values import value_key

#: A block with more text than this is the story's (or holds it), never one template key.
MAX_BLOCK = 400
#: At most this many block keys per page (a huge page's tail adds nothing).
MAX_BLOCKS = 3000
#: Ancestors named in a place (besides the element itself).
PLACE_DEPTH = 4
#: Elements whose text is no visible block of the page.
SKIP_TAGS = {"html", "head", "body", "script", "style", "noscript", "template", "title", "meta",
         "link", "svg", "path", "option", "select", "iframe"}  # fmt: skip
_DIGITS = re.compile(r"\d+")
#: A label before a link: short, no digits, optionally ended by a separator (punctuation).
_LABEL_SPLIT = re.compile(r"^(?P<label>[^\d:|»›>–—]{2,40}?)\s*[:|»›>–—]?$")
#: At most this many characters of a sample text kept beside a key.
SAMPLE = 60


def place(el: Any) -> str:
    """The element's place in the template: its tag and class tokens (digits as 0, at most
    two, sorted) and those of up to :data:`PLACE_DEPTH` ancestors, innermost last. Ids and
    positions are left out: they change from page to page of one template."""
    parts: list[str] = []
    node = el
    for _ in range(PLACE_DEPTH + 1):
        if node is None or not isinstance(node.tag, str) or node.tag in ("body", "html"):
            break
        parts.append(component(node))
        node = node.getparent()
    return " > ".join(reversed(parts))


def block_key(el: Any, text: str) -> int:
    """The key of a block: its place and its normalised text together (a menu's "Sport"
    link and a story's "Sport" kicker are different blocks)."""
    return key_of(place(el) + "\0" + norm_text(text))


def url_key(url: str) -> int:
    """The key of an absolute URL (fragment dropped)."""
    return key_of(url.split("#", 1)[0])


#: The place named for a page's ``og:image``.
OG_IMAGE = "meta og:image"


def placed_url_key(where: str, url: str) -> int:
    """The key of a URL at a place: a story's photo in its figure and the same photo as a
    thumbnail in a "latest" list on every page are two keys."""
    return key_of(where + "\0" + url.split("#", 1)[0])


@dataclass
class PageFeatures:
    """One page's contribution to its site's profile (see the module docstring)."""

    #: The page's own URL key (a label's links must lead to pages of the site's stories).
    page: int = 0
    blocks: set[int] = field(default_factory=set)
    #: Keys of the blocks' texts alone (wherever they are): a line of the body is matched
    #: by its text.
    texts: set[int] = field(default_factory=set)
    images: set[int] = field(default_factory=set)
    #: (place key, image URL key) of each ``<img>``.
    image_places: set[tuple[int, int]] = field(default_factory=set)
    #: place-and-URL key -> URL key of each link.
    links: dict[int, int] = field(default_factory=dict)
    #: label key -> link URL key of each labelled link.
    labels: dict[int, int] = field(default_factory=dict)
    #: place key -> URL keys of the headline-like links there, each alone in its parent
    #: (a list of stories: a related box, a "most read" list)
    story_links: dict[int, set[int]] = field(default_factory=dict)
    #: field -> {place key: agrees}: where the page shows what its structured data states
    #: (:mod:`~crawler.extract.profile.supervise`).
    fields: dict[str, dict[int, bool]] = field(default_factory=dict)
    #: field -> keys of the values the page's sources give it
    #: (:mod:`~crawler.extract.profile.values`).
    values: dict[str, set[int]] = field(default_factory=dict)
    #: key -> words for a report: the place and text sample of a key, an image's URL.
    samples: dict[int, str] = field(default_factory=dict)

    def add_values(self, name: str, values: Iterable[str]) -> None:
        """Count ``values`` as given for field ``name`` on this page."""
        keys = self.values.setdefault(name, set())
        for value in values:
            key = value_key(name, value)
            keys.add(key)
            self.samples.setdefault(key, f"{name} | {value[:SAMPLE]}")


def page_features(
    tree: Any,
    url: str,
    stated: dict[str, list[str]] | None = None,
    values: dict[str, set[str]] | None = None,
) -> PageFeatures:
    """The features of one parsed page (``tree`` as the extractor parsed it, unchanged);
    ``stated``: what its structured data states, field -> values; ``values``: what the
    page's sources give each field (:func:`~crawler.extract.profile.values.page_values`)."""
    out = PageFeatures(page=url_key(url))
    for name, given in (values or {}).items():
        out.add_values(name, given)
    base = tree.xpath("//base/@href")
    base_url = urljoin(url, base[0].strip()) if base else url
    host = urlsplit(url).netloc
    blocks = short_blocks(tree)
    if stated:
        out.fields, words = field_evidence(blocks, stated)
        out.samples.update(words)
    shown = {el: (text, links) for el, _, text, links in blocks}
    for el, chain, text, links in blocks:
        if el.tag in ("img", "amp-img"):
            _image(out, el, base_url)
            continue
        if el.tag == "a":
            href = (el.get("href") or "").strip()
            if href and not href.startswith(("#", "javascript:", "mailto:")):
                target = urljoin(base_url, href)
                where = " > ".join(chain)
                out.links[placed_url_key(where, target)] = url_key(target)
                if listed_story(el, text, shown.get(el.getparent())):
                    pkey = key_of("story links\0" + where)
                    out.story_links.setdefault(pkey, set()).add(url_key(target))
                    out.samples.setdefault(pkey, where)
        if not text or len(out.blocks) >= MAX_BLOCKS:
            continue
        where = " > ".join(chain)
        normed = norm_text(text)
        key = key_of(where + "\0" + normed)
        out.blocks.add(key)
        out.samples.setdefault(key, f"{where} | {text[:SAMPLE]}")
        tkey = key_of(normed)
        out.texts.add(tkey)
        out.samples.setdefault(tkey, text[:SAMPLE])
        if links == 1 and el.tag in LABEL_TAGS:
            _labelled(out, el, text, base_url, host)
    og = tree.xpath("//meta[@property='og:image']/@content")
    if og and og[0].strip():
        src = urljoin(base_url, og[0].strip())
        key = placed_url_key(OG_IMAGE, src)
        out.images.add(key)
        out.samples.setdefault(key, f"{OG_IMAGE} | {src}")
    return out


#: A link to a story in a list has at least this many characters of text (a headline).
STORY_LINK_TEXT = 15


def listed_story(a: Any, text: str, parent: tuple[str, int] | None) -> bool:
    """A headline-like link alone in its parent, which says little more (a list item, a
    teaser's title, "<li><a>Headline</a> <span>date</span></li>"), not a link inside a
    sentence of the text. ``parent``: the parent's (text, links) from the page's blocks."""
    if len(text) < STORY_LINK_TEXT or parent is None:
        return False
    parent_text, links = parent
    return links == 1 and bool(parent_text) and len(parent_text) <= 1.5 * len(text) + 30


#: Elements a labelled link may be ("<p>Label: <a>story</a></p>").
LABEL_TAGS = {"p", "div", "li", "span", "strong", "em", "b", "h2", "h3", "h4", "h5"}


def component(el: Any) -> str:
    """One step of a place: the tag and up to two class tokens (digits as 0), sorted."""
    tokens = sorted({_DIGITS.sub("0", t) for t in (el.get("class") or "").split()})[:2]
    return ".".join([el.tag, *tokens])


def short_blocks(tree: Any) -> list[tuple[Any, tuple[str, ...], str, int]]:
    """(element, place components, text, links) of each element of the page with at most
    :data:`MAX_BLOCK` characters of text (collapsed), every image and every link (their text
    may be longer: then ""). One walk: each element's text is built from its children's,
    only while it is short, so the cost is one pass over the page, not one per element.
    ``links``: ``<a href>`` elements inside the element (itself included)."""
    out: list[tuple[Any, tuple[str, ...], str, int]] = []
    limit = 3 * MAX_BLOCK
    # stack entries: [element, place components, text parts (None: too long), size, links]
    stack: list[list[Any]] = []
    skipping = 0
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):  # a comment or processing instruction: its tail only
            if event == "end" and stack and stack[-1][2] is not None and el.tail:
                stack[-1][2].append(el.tail)
            continue
        if event == "start":
            if tag in SKIP_TAGS and tag not in ("html", "body"):
                walker.skip_subtree()
                skipping += 1
                continue
            parent_chain = stack[-1][1] if stack else ()
            chain = (*parent_chain[-PLACE_DEPTH:], component(el))
            if tag in ("html", "body"):
                chain = ()
            stack.append([el, chain, [el.text] if el.text else [], len(el.text or ""), 0])
            continue
        if tag in SKIP_TAGS and tag not in ("html", "body"):
            skipping -= 1
            if stack and stack[-1][2] is not None and el.tail:
                stack[-1][2].append(el.tail)
            continue
        _, chain, parts, size, links = stack.pop()
        if tag == "a" and el.get("href"):
            links += 1
        text = ""
        if parts is not None:
            text = " ".join("".join(parts).split())
            if len(text) > MAX_BLOCK:
                text = ""
        if chain and (text or tag in ("img", "amp-img", "a")):
            out.append((el, chain, text, links))
        if stack:
            up = stack[-1]
            up[4] += links
            if up[2] is not None:
                if parts is None:
                    up[2] = None
                else:
                    up[2].extend(parts)
                    up[3] += size
                    if el.tail:
                        up[2].append(el.tail)
                        up[3] += len(el.tail)
                    if up[3] > limit:
                        up[2] = None
    return out


def _image(out: PageFeatures, img: Any, base_url: str) -> None:
    src = image_src(img)
    if not src:
        return
    src = urljoin(base_url, src)
    where = place(img)
    key = placed_url_key(where, src)
    out.images.add(key)
    out.samples.setdefault(key, f"{where} | {src}")
    pkey = key_of(where)
    out.image_places.add((pkey, url_key(src)))
    out.samples.setdefault(pkey, where)


def label_of(el: Any, text: str) -> tuple[str, Any] | None:
    """(label, link) when the block is a short label and then one link that ends it:
    "<label>: <a>story</a>". The label is what precedes the link text, without its
    separator; None for anything else."""
    links = el.xpath(".//a[@href]")
    if len(links) != 1 or len(text) > 300:
        return None
    link_text = " ".join(links[0].text_content().split())
    if len(link_text) < 10 or not text.endswith(link_text):
        return None
    head = text[: len(text) - len(link_text)].strip()
    mt = _LABEL_SPLIT.match(head)
    return (mt.group("label").strip(), links[0]) if mt else None


def label_key(label: str) -> int:
    return key_of("label\0" + norm_text(label))


def _labelled(out: PageFeatures, el: Any, text: str, base_url: str, host: str) -> None:
    found = label_of(el, text)
    if found is None:
        return
    label, link = found
    target = urljoin(base_url, link.get("href").strip())
    if urlsplit(target).netloc != host:
        return
    key = label_key(label)
    out.labels[key] = url_key(target)
    out.samples.setdefault(key, label[:SAMPLE])
