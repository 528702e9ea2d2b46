"""The article's images, each with its caption and credit, and what to keep out of the body.

Beside :mod:`crawler.extract.credits`, which splits a caption from its credit and folds
duplicate images: this module finds the images (the seed's selector, ``<figure>``, gallery
and slider images, then structured data, then ``og:image``) and their caption texts.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from crawler.extract.credits import clean, clean_credit, dedupe_images, is_label, split_caption
from crawler.extract.lang import words
from crawler.extract.link_bound import IMG_TAGS
from crawler.extract.page import Page
from crawler.items import Image

_IMGS = ".//img|.//amp-img"
_LETTER = re.compile(r"[^\W\d_]")


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip().removesuffix("px"))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def image_src(img: Any) -> str | None:
    """The image's source: lazy-load scripts keep the real image in data-* and a shared
    placeholder in src (the site profile reads images by the same rule)."""
    for attr in ("data-src", "data-original", "data-lazy-src", "src"):
        src = (img.get(attr) or "").strip()
        if src and not src.startswith("data:"):
            return src
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    if srcset:
        return srcset.split(",")[0].split()[0]
    return _lazy_src(img)


def _lazy_src(img: Any) -> str | None:
    """A lazy-load script's own attribute (``data-flickity-lazyload``, ``data-lazy-srcset``
    ...): a ``data-*`` name saying src or lazy whose value is a URL, with only a
    placeholder (or nothing) in ``src``."""
    for name, value in img.attrib.items():
        if not name.startswith("data-") or not ("src" in name or "lazy" in name):
            continue
        value = value.strip().split(",")[0].split()[0] if value.strip() else ""
        if value.startswith(("http://", "https://", "//", "/")):
            return value
    return None


def _image_container(page: Page, img: Any) -> Any:
    """The smallest ancestor holding this image's caption (an ``li``/``div`` with one image)."""
    el = img
    for _ in range(3):
        parent = el.getparent()
        if parent is None or len(parent.xpath(_IMGS)) > 1 or len(page.text(parent)) > 1000:
            break
        if parent.tag in ("body", "html", "main", "article"):
            break  # a short page: the article itself is not the image's box
        if sum(1 for p in parent.iterchildren("p") if len(page.text(p)) > 80) >= 2:
            break  # the text the image stands in, not a box around the image
        el = parent
        if el.tag in ("li", "figure"):
            break
    return el


def find_images(page: Page) -> tuple[list[Image], set[str], list[Any]]:
    """Images, the caption texts to keep out of the body, and the elements used."""
    containers = page.css("images")
    if not containers:
        # a figcaption with no figure around it: its parent holds the image (often in a
        # bare <figure> of its own, whose other text is a badge): read before the figures,
        # so the image keeps the figcaption's caption
        containers = [
            c.getparent() for c in page.find("//figcaption[not(ancestor::figure)]")
            if c.getparent() is not None and c.getparent().xpath(_IMGS)
        ]  # fmt: skip
        containers += page.find("//figure")
        loose = page.find_cls_images(*words("markup.image_classes"))
        # the elements themselves, not their id()s: the set keeps each proxy alive, so
        # lxml hands out that same object for the node (a freed proxy's id can be reused)
        held = {img for c in containers for img in c.iter(*IMG_TAGS)}
        containers += [
            _image_container(page, i)
            for i in loose
            if not i.xpath("ancestor::figure") and i not in held
        ]
        containers += _captioned_boxes(page, held | set(loose))
    images: list[Image] = []
    captions: set[str] = set()
    for el in containers:
        image = _container_image(page, el, captions)
        if image is not None:
            images.append(image)
    images = images or _declared_images(page)
    # strips that repeat all captions in a row ("CAP1 - Foto: X" + "CAP2 - Foto: Y")
    strips = page.find_cls(*words("markup.caption_strip_classes"))
    for el in strips:
        text = page.text(el)
        if text:
            captions.add(text)
    return dedupe_images(images), captions, containers + strips


def _captioned_boxes(page: Page, known: set[Any]) -> list[Any]:
    """The one image beside a caption element outside any figure (``<div><img><p
    class="img-caption">``): custom CMSs box an image with its caption in a plain ``div``."""
    out = []
    for cap in page.find_cls("caption"):
        box = cap.getparent()
        if box is None or box.tag in ("body", "html", "main", "article") or cap.xpath(_IMGS):
            continue
        imgs = box.xpath(_IMGS)
        # the box holds the image and its caption only (no teaser, no other text)
        if (
            len(imgs) != 1
            or imgs[0] in known
            or not page.text(cap)
            or page.text(cap) != page.text(box)
        ):
            continue
        # a card (linked image, teaser) is no picture of the story; nor a script's JSON src
        src = image_src(imgs[0]) or "{"
        if "{" in src or box.xpath("ancestor-or-self::figure|ancestor-or-self::a|.//a"):
            continue
        known.add(imgs[0])
        out.append(box)
    return out


def _credit_text(page: Page, el: Any) -> str:
    """A credit element's text without a label in an element of its own ("<span>Foto</span>
    <span>ANSA</span>" reads "FotoANSA"); "" when it holds only the label."""
    text = page.text(el)
    first = next((c for c in el if isinstance(c.tag, str)), None)
    label = page.text(first) if first is not None else ""
    if label and is_label(label) and text.startswith(label):
        text = clean(text[len(label) :])
    return "" if is_label(text) else text


def _labelled_credit(page: Page, el: Any, figcap: list[Any]) -> str:
    """A short element of the figure beside its caption that is only a labelled credit
    ("<small>Foto: X/AA</small>"): no class names it, its label does."""
    if el.tag in IMG_TAGS:
        return ""
    for child in el.iter("small", "span", "p", "div", "cite"):
        if child is el or any(child is c or c in child.iterancestors() for c in figcap):
            continue
        text = page.text(child)
        if 0 < len(text) <= 80:
            caption, credit = split_caption(text)
            if credit and not caption:
                return text
    return ""


#: The class attribute lower-cased: camelCase names (``CarouselSlide-infoDescription``,
#: ``imageCredit``) say caption or credit as well as kebab-case ones.
_CLASS = "translate(@class,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"


def _class_has(*words: str) -> str:
    return " or ".join(f"contains({_CLASS},'{w}')" for w in words)


_CAPTION_XPATH = (
    f".//figcaption|.//*[{_class_has('caption', 'legend', 'text', 'desc', 'subtitle')}]"
)
_CREDIT_XPATH = (
    f".//*[{_class_has('credit', 'copyright', 'source', 'author', 'attribution')}]"
    "[not(self::figcaption)]"
)


def _container_image(page: Page, el: Any, captions: set[str]) -> Image | None:
    """The image of a figure (or gallery item) with its caption and credit; adds the caption
    texts it used to ``captions``."""
    img = el if el.tag in IMG_TAGS else next(iter(el.xpath(_IMGS)), None)
    if img is None:
        return None
    src = image_src(img)
    if not src:
        return None
    # a figcaption says it is the caption; a class saying text or desc only may be
    figcap = [c for c in el.xpath(".//figcaption") if page.text(c)]
    figcap = figcap or [c for c in el.xpath(_CAPTION_XPATH) if page.text(c)]
    raw_caption = page.text(figcap[0]) if figcap else clean(img.get("alt"))
    credit_els = el.xpath(_CREDIT_XPATH) if el.tag not in IMG_TAGS else []
    # the first that has text: an <img class="...__source"> names no credit
    credit_els = [c for c in credit_els if c.tag not in IMG_TAGS and page.text(c)]
    for label in (page.text(c) for c in credit_els if not _credit_text(page, c)):
        if raw_caption and raw_caption.endswith(label):  # "Caption <span>Photo:</span>"
            raw_caption = clean(raw_caption[: -len(label)]) or None
    credit_els = [c for c in credit_els if _credit_text(page, c)]
    credit_text = page.text(credit_els[0]) if credit_els else _labelled_credit(page, el, figcap)
    if credit_text and raw_caption and raw_caption.startswith(credit_text):
        # the credit element first in the caption ("<figcaption><div class=copyright>
        # Foto: X</div><div>Caption</div>"): a label would make the whole text a credit;
        # what follows is a caption only with words (a date alone is the credit's)
        rest = clean(raw_caption[len(credit_text) :]).lstrip(" -–|")
        raw_caption = rest if _LETTER.search(rest) else raw_caption
    caption, credit = split_caption(raw_caption)
    if not credit and not credit_text and img.get("title"):
        _, credit = split_caption(img.get("title"))  # credit only in title="Foto: X"
    if credit_text:
        if caption and caption.endswith(credit_text):
            caption = clean(caption[: -len(credit_text)]).rstrip(" -–|") or None
        own = _credit_text(page, credit_els[0]) if credit_els else credit_text
        credit = credit or clean_credit(own)
    for t in (raw_caption, caption, credit, credit_text):
        if t:
            captions.add(t)
    return Image(
        url=urljoin(page.base, src),
        caption=caption,
        credit=credit,
        width=_int(img.get("width")),
        height=_int(img.get("height")),
    )


def _declared_images(page: Page) -> list[Image]:
    """Images the page declares when its markup shows none: structured data, then og:image."""
    images: list[Image] = []
    for s in page.structs:
        for data in s.images:
            caption, credit = split_caption(data.get("caption"))
            images.append(
                Image(
                    url=urljoin(page.base, data["url"]),
                    caption=caption,
                    credit=data.get("credit") or credit,
                    width=_int(data.get("width")),
                    height=_int(data.get("height")),
                )
            )
        if images:
            break
    if not images and page.meta.get("og:image"):
        images.append(
            Image(
                url=urljoin(page.base, page.meta["og:image"]),
                width=_int(page.meta.get("og:image:width")),
                height=_int(page.meta.get("og:image:height")),
            )
        )
    return images
