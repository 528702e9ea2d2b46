"""Hostile feeds and sitemaps: entity expansion, external entities, size limits.

The XXE cases point at a real file and at a real HTTP server on 127.0.0.1 that counts
every request it gets: nothing may be read, expanded or fetched.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.discovery.listing import read_listing
from crawler.discovery.safexml import BadListing
from tests.crawler.discovery.loopback import RecordingServer

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "s3cret-passwd-line"


def dtd_with_secret(path: str) -> tuple[int, str, bytes]:
    """What a hostile server answers for a DTD or entity URL: a secret-declaring DTD."""
    return 200, "application/xml-dtd", f'<!ENTITY leak "{SECRET}">'.encode()


@pytest.fixture()
def counting_server() -> Iterator[RecordingServer]:
    with RecordingServer(dtd_with_secret) as server:
        yield server


def wrap(root: str, prolog: str, entity_ref: str) -> bytes:
    """A feed (``rss``) or sitemap (``urlset``) whose one URL holds ``entity_ref``."""
    if root == "rss":
        body = (
            f"<rss version='2.0'><channel><title>t</title><item><title>{entity_ref}</title>"
            f"<link>http://news.test/2025/12/a.html?x={entity_ref}</link></item></channel></rss>"
        )
    else:
        body = (
            f"<urlset><url><loc>http://news.test/2025/12/a.html?x={entity_ref}</loc></url></urlset>"
        )
    return f'<?xml version="1.0"?>\n{prolog}\n{body}'.encode()


@pytest.mark.parametrize("root", ["urlset", "rss"])
def test_billion_laughs_is_refused_without_expanding(root: str) -> None:
    body = (FIXTURES / "billion-laughs.xml").read_bytes().replace(b"ROOT", root.encode())
    with pytest.raises(BadListing, match="declares XML entities"):
        read_listing(body, "http://news.test/feed.xml")


@pytest.mark.parametrize("root", ["urlset", "rss"])
def test_external_entity_naming_a_local_file_is_refused_and_not_read(
    root: str, tmp_path: Path
) -> None:
    secret = tmp_path / "passwd"
    secret.write_text(SECRET)
    prolog = f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    with pytest.raises(BadListing, match="declares XML entities") as err:
        read_listing(wrap(root, prolog, "&xxe;"), "http://news.test/feed.xml")
    assert SECRET not in str(err.value)


@pytest.mark.parametrize("root", ["urlset", "rss"])
def test_external_entity_naming_a_loopback_url_is_refused_and_not_fetched(
    root: str, counting_server: RecordingServer
) -> None:
    prolog = f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "{counting_server.url}/xxe">]>'
    with pytest.raises(BadListing, match="declares XML entities"):
        read_listing(wrap(root, prolog, "&xxe;"), "http://news.test/feed.xml")
    assert counting_server.hits == []


@pytest.mark.parametrize("root", ["urlset", "rss"])
def test_external_dtd_and_parameter_entities_are_never_fetched(
    root: str, counting_server: RecordingServer
) -> None:
    # No entity is declared in the document itself, so it is parsed; the DTD it names
    # (which would declare &leak;) must not be fetched, and &leak; stays unexpanded.
    prolog = f'<!DOCTYPE r SYSTEM "{counting_server.url}/evil.dtd">'
    listing = read_listing(wrap(root, prolog, "&leak;"), "http://news.test/feed.xml")
    assert counting_server.hits == []
    assert len(listing.pages) == 1
    assert listing.pages[0].url.startswith("http://news.test/2025/12/a.html?x=")
    assert SECRET not in listing.pages[0].url


def test_body_over_the_limit_is_refused() -> None:
    body = b"<urlset>" + b"<url><loc>http://news.test/2025/12/a.html</loc></url>" * 100
    with pytest.raises(BadListing, match="larger than 1000 bytes"):
        read_listing(body + b"</urlset>", "http://news.test/sitemap.xml", max_bytes=1000)


def test_gzip_bomb_stops_inflating_at_the_limit() -> None:
    # 64 MiB of zeros compress to about 64 KiB; the limit is 1 MiB.
    bomb = gzip.compress(b"<urlset>" + b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 200_000
    with pytest.raises(BadListing, match="gzip bomb"):
        read_listing(bomb, "http://news.test/sitemap.xml.gz", max_bytes=1024 * 1024)
