"""The endpoint behind a section's "load more" button, found by the page's structure.

Older stories of a section are often reachable only through a button whose script fetches
more teasers (an HTML fragment or JSON) and appends them. No label is read, so any language
works; what counts is where the page keeps the endpoint:

1. a ``data-*`` attribute of a button, a link or a ``role=button`` element whose value is a
   URL (``data-href``, ``data-url``, ``data-endpoint``, ``data-next`` ...); a ``data-page``
   (or ``data-offset``) beside it sets the page asked for;
2. a ``data-page=N`` (or ``data-offset=N``) alone on such an element: the listing's own URL
   with that page (``?page=N``);
3. an inline script that builds the URL: a same-site path literal ending in a page or
   offset parameter (``"/api/more?page=" + n``) or holding a template placeholder
   (```/api/more?page=${n}```): the next page (or the offset after the stories listed) is
   filled in.

Links with a real ``href`` are pagination's (:mod:`crawler.discovery.pagination`); share
buttons (``data-url`` of an article), images, scripts and stylesheets are not endpoints.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

from crawler.discovery.pagination import OFFSET_PARAMS, PAGE_WORDS, page_number

#: The elements a reader clicks: a load-more control is one of them.
_CONTROLS = "button, a, [role=button], [data-page], [data-offset]"
_NUMBER_ATTRS = ("data-page", "data-offset", "data-next-page")
_STATIC = re.compile(r"\.(?:css|js|mjs|png|jpe?g|gif|webp|avif|svg|ico|woff2?|ttf|mp[34])$", re.I)
_PARAMS = "|".join(re.escape(p) for p in (*PAGE_WORDS, *OFFSET_PARAMS))
#: A path literal in a script: ``"/x?page=" +`` (the number concatenated after it) or one
#: holding ``${...}`` (a template literal); quotes of any kind.
_SCRIPT_URL = re.compile(
    r"""(["'`])((?:https?://[^\s"'`]+)?/[^\s"'`<>]*?[?&](?:""" + _PARAMS + r""")=)\1\s*\+"""
    r"""|`((?:https?://[^\s`]+)?/[^\s`<>]*?[?&](?:""" + _PARAMS + r""")=\$\{[^}`]*\}[^\s`<>]*)`""",
    re.I,
)


def url_like(value: str) -> bool:
    value = value.strip()
    return value.startswith(("/", "./", "?", "http://", "https://")) and not value.startswith("//#")


def with_number(url: str, number: int, offset: bool = False) -> str:
    """``url`` asking for page (or offset) ``number``: its page parameter replaced, else added."""
    parts = urlsplit(url)
    words = OFFSET_PARAMS if offset else PAGE_WORDS
    query = parse_qsl(parts.query, keep_blank_values=True)
    keys = [k for k, _ in query if k.lower() in words]
    key = keys[0] if keys else ("offset" if offset else "page")
    kept = [(k, v) for k, v in query if k != key]
    return urlunsplit((*parts[:3], urlencode([*kept, (key, str(number))]), ""))


def is_offset_url(url: str) -> bool:
    return any(k.lower() in OFFSET_PARAMS for k, _ in parse_qsl(urlsplit(url).query))


def current_number(url: str, offset: bool) -> int:
    query = parse_qsl(urlsplit(url).query)
    if not offset:
        return page_number(url)[1]
    values = [v for k, v in query if k.lower() in OFFSET_PARAMS and v.isdigit()]
    return int(values[0]) if values else 0


def _from_control(el: Selector, base: str) -> str | None:
    attrs = el.attrib
    href = (attrs.get("href") or "").strip()
    if href and not href.lower().startswith(("#", "javascript:")):
        return None  # a plain link: pagination's, or an article's
    url = None
    for name, value in attrs.items():
        if name.startswith("data-") and name not in _NUMBER_ATTRS and url_like(value):
            url = urljoin(base, value.strip())
            break
    numbers = [(a, attrs[a].strip()) for a in _NUMBER_ATTRS if attrs.get(a, "").strip().isdigit()]
    if url is None and not numbers:
        return None
    target = url or base
    if numbers:
        name, value = numbers[0]
        offset = name == "data-offset"
        current = current_number(target, offset)
        # the page shown now, or a pager's earlier pages: ask for the one after it
        number = int(value) if int(value) > current else current + 1
        target = with_number(target, number, offset=offset)
    return target


def _from_scripts(page: Selector, base: str, stories: int) -> list[str]:
    found = []
    for text in page.css("script:not([src])::text").getall():
        for m in _SCRIPT_URL.finditer(text):
            if m[2]:
                template = urljoin(base, m[2]) + "0"
            else:
                template = urljoin(base, re.sub(r"\$\{[^}`]*\}", "0", m[3]))
            if is_offset_url(template):
                found.append(with_number(template, stories, offset=True))
            else:
                found.append(with_number(template, page_number(base)[1] + 1))
    return found


def load_more_urls(page: Selector, url: str, stories: int) -> list[str]:
    """The load-more endpoints ``page`` (at ``url``, listing ``stories`` stories) names."""
    base_href = page.css("base[href]::attr(href)").get()
    base = urljoin(url, base_href) if base_href else url
    found = [u for el in page.css(_CONTROLS) if (u := _from_control(el, base))]
    found += _from_scripts(page, base, stories)
    # a pager's page buttons (data-page 2, 3 ... 9): only the next one of each listing
    nearest: dict[str, tuple[int, str]] = {}
    for candidate in dict.fromkeys(u.split("#", 1)[0] for u in found):
        path = urlsplit(candidate).path
        if candidate == url or path in ("", "/") or _STATIC.search(path):
            continue
        key, number = page_number(candidate)
        key += "#offset" if is_offset_url(candidate) else ""
        if key not in nearest or number < nearest[key][0]:
            nearest[key] = (number, candidate)
    return [candidate for _n, candidate in nearest.values()]
