"""The stories a JSON "load more" answer lists, whatever its schema.

Endpoints answer ``{"items": [{"url": ..., "title": ...}]}``, ``{"data": {"posts": [...]}}``,
a bare list, or objects carrying a rendered HTML fragment (``{"html": "<li><a ...>"}``).
No key name is required: every string of the document that resolves to a story URL (the
caller's test) is one, and the object holding it gives its title (the longest text of a
key naming a title, headline or name) and its date (the first value that parses as one).
The next page is a URL under a key naming "next"; else, when the answer says there is more
(a true value under a key naming "more"), the endpoint's own page or offset moved on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from crawler.discovery.load_more import current_number, is_offset_url, url_like, with_number
from crawler.extract.dates.parse import parse_date

_TITLE_KEYS = ("title", "headline", "name")
_DATE_KEYS = ("date", "time", "published", "created", "updated")
_MAX_NODES = 100_000


@dataclass(frozen=True)
class JsonStory:
    url: str
    title: str | None = None
    date: tuple[str, str] | None = None  # (ISO date, raw value)


@dataclass(frozen=True)
class JsonListing:
    stories: list[JsonStory]
    next_url: str | None


def parse_json(body: bytes) -> Any | None:
    """The document, or None when ``body`` is not JSON."""
    text = body.lstrip()[:1]
    if text not in (b"{", b"["):
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def _objects(doc: Any) -> Iterator[dict[str, Any]]:
    stack, seen = [doc], 0
    while stack and seen < _MAX_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            yield node
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _title(obj: dict[str, Any]) -> str | None:
    texts = [
        " ".join(v.split())
        for k, v in obj.items()
        if isinstance(v, str) and any(w in k.lower() for w in _TITLE_KEYS) and not url_like(v)
    ]
    return max(texts, key=len) if texts else None


def _date(obj: dict[str, Any], tz: str | None) -> tuple[str, str] | None:
    for key, value in obj.items():
        if isinstance(value, str | int) and any(w in key.lower() for w in _DATE_KEYS):
            parsed = parse_date(str(value), tz)
            if parsed:
                return parsed, str(value)
    return None


def read_json_listing(
    doc: Any, url: str, is_story: Callable[[str, str], bool], tz: str | None = None
) -> JsonListing:
    """The stories of the JSON answer ``doc`` of endpoint ``url``, and its next page."""
    stories: dict[str, JsonStory] = {}
    next_url = None
    more = False
    for obj in _objects(doc):
        for key, value in obj.items():
            lowered = key.lower()
            if isinstance(value, bool):
                more = more or ("more" in lowered and value)
                continue
            if not isinstance(value, str):
                continue
            if "<a" in value:  # a rendered fragment: its links, as on a section page
                for href, text in _fragment_links(value, url):
                    if href not in stories and is_story(href, text):
                        stories[href] = JsonStory(href, text or None)
                continue
            if not url_like(value):
                continue
            found = urljoin(url, value.strip())
            if is_story(found, _title(obj) or ""):
                stories.setdefault(found, JsonStory(found, _title(obj), _date(obj, tz)))
            elif "next" in lowered and next_url is None:
                next_url = found
    if next_url is None and more and stories:
        offset = is_offset_url(url)
        step = len(stories) if offset else 1
        next_url = with_number(url, current_number(url, offset) + step, offset=offset)
    return JsonListing(list(stories.values()), next_url if next_url != url else None)


def _fragment_links(html: str, base: str) -> Iterator[tuple[str, str]]:
    for a in Selector(text=html).css("a[href]"):
        href = a.attrib["href"].strip()
        if href and not href.lower().startswith(("#", "javascript:", "mailto:")):
            text = " ".join(" ".join(a.css("::text").getall()).split())
            yield urljoin(base, href).split("#", 1)[0], text
