"""Safe XML input for feeds and sitemaps: size limits, gzip, no entities, no network.

Feeds and sitemaps come from the open web and are parsed by libraries (lxml,
feedparser's expat) that understand DTDs. A hostile document must neither cost memory
nor read or fetch anything, so before any parser sees it:

- the body, inflated when it is a gzip file (``sitemap.xml.gz``), is at most
  ``max_bytes``: Scrapy's ``gunzip`` stops inflating at the limit, so a gzip bomb costs
  no more than the limit;
- a document whose DTD declares entities is refused whole. Feeds and sitemaps never
  need them, and refusing is simpler to trust than expanding "safely" (billion laughs,
  quadratic blow-up, external entities naming ``file:///`` or a loopback URL);
- lxml only ever runs with ``resolve_entities=False``, ``no_network=True``,
  ``load_dtd=False`` and ``huge_tree=False`` (the options Scrapy's own ``Sitemap``
  uses, plus no network), so an external DTD is not fetched either.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import lxml.etree
from scrapy.utils.gz import gunzip

#: The sitemap protocol's limit for one uncompressed file (50 MiB); feeds are far smaller.
MAX_XML_BYTES = 50 * 1024 * 1024

GZIP_MAGIC = b"\x1f\x8b"

#: Every lxml parse of a feed or sitemap uses exactly these options.
SAFE_PARSE: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "recover": True,
    "remove_comments": True,
    "remove_pis": True,
}


class BadListing(ValueError):
    """A feed or sitemap that cannot be used; ``str(err)`` is the one line to show."""


def iterparse(data: bytes, events: tuple[str, ...] = ("end",)) -> Any:
    """An lxml ``iterparse`` over ``data`` with the safe options."""
    return lxml.etree.iterparse(BytesIO(data), events=events, **SAFE_PARSE)


def local_name(tag: Any) -> str:
    """``{namespace}loc`` -> ``loc``; comments and other non-elements -> ``""``."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def read_xml(body: bytes, max_bytes: int = MAX_XML_BYTES) -> tuple[bytes, str]:
    """The document bytes (inflated if gzip) and its root element's local name.

    Raises ``BadListing`` for a body over the limit, broken gzip, a document without
    a root element, or one whose DTD declares entities.
    """
    data = body
    if body[:2] == GZIP_MAGIC:
        try:
            data = gunzip(body, max_size=max_bytes)
        except ValueError:  # Scrapy's max-size error is a ValueError
            raise BadListing(f"inflates past {max_bytes} bytes (gzip bomb?), refused") from None
        except (OSError, EOFError):
            raise BadListing("is not a valid gzip file") from None
    if len(data) > max_bytes:
        raise BadListing(f"is larger than {max_bytes} bytes, refused")
    return data, _root_name(data)


def _root_name(data: bytes) -> str:
    """Local name of the root element, after checking the DTD declares no entity."""
    try:
        _, root = next(iterparse(data, ("start",)))
    except (StopIteration, lxml.etree.XMLSyntaxError):
        raise BadListing("is not XML") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.entities()):
        raise BadListing("declares XML entities (entity expansion / XXE), refused")
    return local_name(root.tag).lower()
