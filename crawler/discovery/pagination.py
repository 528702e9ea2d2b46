"""The next page of a section listing, in three ways a site may mark it.

1. the seed's ``[links] next_page`` selector (by default ``rel=next`` links);
2. a link labelled "next" in the seed's language (or English): its whole text, or its
   ``aria-label``/``title``, once arrows and punctuation are stripped, is one of
   ``NEXT_LABELS``. Whole-text matching keeps "Weiterlesen" or "Weiter zum Artikel"
   (read-more links) out;
3. a link to the same listing with the page number one higher: ``?page=N`` or
   ``/page/N/``, "page" in any of the words of ``PAGE_WORDS`` (``?seite=N``, ``?oldal=N``,
   ``/strana/N/``).
   Only links the page really has are followed; no page URL is ever guessed;
4. a "load more" link to the same listing at a higher ``?offset=N`` (or ``start``,
   ``from``, ``skip``): the nearest one, whatever the step.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

from crawler.extract.lang import PACKS, entry, words

#: Labels of "next page" links, by ISO 639-1 language (the packs' pagination.next_labels);
#: English is always tried too.
NEXT_LABELS: dict[str, tuple[str, ...]] = {
    code: tuple(labels)
    for code, pack in PACKS.items()
    if (labels := entry(pack, "pagination.next_labels"))
}

#: "page" as CMSs of many languages write it, in the query (``?page=2``, ``?oldal=2``) or
#: the path (``/page/2/``, ``/strana/2/``): one list for both.
PAGE_WORDS = words("pagination.page_words")
OFFSET_PARAMS = ("offset", "start", "from", "skip")
_PATH_PAGE = re.compile(r"/(?:" + "|".join(PAGE_WORDS) + r")/(\d{1,5})/?$", re.I)
_DECORATION = re.compile(r"[\s»«›‹→←>.…:|\-–—]+")


def labels_for(language: str | None) -> frozenset[str]:
    """The next-page labels of ``language`` plus English; every label when unknown."""
    if language is None or language not in NEXT_LABELS:
        return frozenset(label for group in NEXT_LABELS.values() for label in group)
    return frozenset(NEXT_LABELS[language] + NEXT_LABELS["en"])


def next_page(page: Selector, url: str, selector: str, language: str | None) -> str | None:
    """The URL of the listing page after ``url``, or None when none is marked."""
    found = _by_selector(page, url, selector)
    if found and found != url:
        return found
    links = _hrefs(page, "a[href]", url)  # resolved once for the three ways below
    for way in (lambda: _by_label(links, url, labels_for(language)),
                lambda: _by_number(links, url), lambda: _by_offset(links, url)):  # fmt: skip
        found = way()
        if found and found != url:
            return found
    return None


def _hrefs(page: Selector, css: str, url: str) -> list[tuple[str, Selector]]:
    base = page.css("base[href]::attr(href)").get()
    base_url = urljoin(url, base) if base else url
    out = []
    for el in page.css(css):
        href = el.attrib.get("href")
        if href and not href.lstrip().lower().startswith(("javascript:", "mailto:", "#")):
            out.append((urljoin(base_url, href.strip()).split("#", 1)[0], el))
    return out


def _by_selector(page: Selector, url: str, selector: str) -> str | None:
    # Elements first, then their href: a comma-separated selector works whole.
    for found, _el in _hrefs(page, selector, url):
        if found != url:
            return found
    return None


def _normal(text: str) -> str:
    return _DECORATION.sub(" ", text).strip().casefold()


def _by_label(links: list[tuple[str, Selector]], url: str, labels: frozenset[str]) -> str | None:
    for found, el in links:
        texts = (
            " ".join(el.css("::text").getall()),
            el.attrib.get("aria-label") or "",
            el.attrib.get("title") or "",
        )
        if found != url and any(_normal(t) in labels for t in texts if t.strip()):
            return found
    return None


def page_number(url: str) -> tuple[str, int]:
    """(the listing's URL without its page number, the page number; 1 when none)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    number = 1
    kept = []
    for key, value in query:
        if key.lower() in PAGE_WORDS and value.isdigit():
            number = int(value)
        else:
            kept.append((key, value))
    path = parts.path
    m = _PATH_PAGE.search(path)
    if m:
        number = int(m[1])
        path = path[: m.start()]
    path = path.rstrip("/") or "/"
    key = urlunsplit((parts.scheme, parts.netloc.lower(), path, urlencode(sorted(kept)), ""))
    return key, number


def _by_number(links: list[tuple[str, Selector]], url: str) -> str | None:
    listing, number = page_number(url)
    for found, _el in links:
        other, n = page_number(found)
        if n == number + 1 and other == listing:
            return found
    return None


def _offset(url: str) -> tuple[str, int] | None:
    """(the listing's URL without its offset, the offset; 0 when none), None for no listing."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in query if k.lower() not in OFFSET_PARAMS]
    values = [v for k, v in query if k.lower() in OFFSET_PARAMS]
    if values and not values[0].isdigit():
        return None
    offset = int(values[0]) if values else 0
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        (parts.scheme, parts.netloc.lower(), path, urlencode(sorted(kept)), "")
    ), offset


def _by_offset(links: list[tuple[str, Selector]], url: str) -> str | None:
    here = _offset(url)
    if here is None:
        return None
    best: tuple[int, str] | None = None
    for found, _el in links:
        if not any(k.lower() in OFFSET_PARAMS for k, _ in parse_qsl(urlsplit(found).query)):
            continue
        other = _offset(found)
        if other and other[0] == here[0] and other[1] > here[1]:
            if best is None or other[1] < best[0]:
                best = (other[1], found)
    return best[1] if best else None
