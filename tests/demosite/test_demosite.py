"""The bundled demo news site: the deterministic model and the server over real loopback HTTP."""

from __future__ import annotations

import gzip
import http.client
import json
import re
import socket
import threading
import xml.etree.ElementTree as ET
import zlib
from datetime import datetime, timedelta

import pytest

from demosite.content import BASE_TIME, DemoSite, article_charset, gzip_for_path, markup_kind
from demosite.server import DemoSiteServer

HOST = "http://news.demo.test"


def fetch(
    port: int, target: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, http.client.HTTPMessage, bytes]:
    # a bound, not a speed check: under xdist both cores are busy (a gzip bomb is built first)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, target, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def text(body: bytes) -> str:
    return body.decode("utf-8")


@pytest.fixture(scope="module")
def server():
    with DemoSiteServer(DemoSite(), port=0) as srv:
        yield srv


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return DemoSite()


def seed_article(site: DemoSite):
    return next(a for a in site.visible_articles() if a.id == 100000)


# -- the model ------------------------------------------------------------------------------


def test_base_time_and_defaults(site: DemoSite) -> None:
    assert BASE_TIME.isoformat() == "2025-12-02T18:00:00+01:00"
    assert site.base_url == "http://news.demo.test/"
    assert site.site_time() == BASE_TIME
    assert [s.slug for s in site.sections()] == ["politik", "ausland", "boerse", "sport", "world"]
    assert site.section_urls()[0] == "http://news.demo.test/politik/"
    arts = site.visible_articles()
    assert len(arts) == 220
    assert all(a.published <= BASE_TIME for a in arts)
    assert min(a.published for a in arts) >= BASE_TIME - timedelta(days=10, hours=1)
    assert {a.section for a in arts} == {"Politik", "Ausland", "Boerse", "Sport", "World"}
    assert len({a.url for a in arts}) == 220
    for a in arts:
        assert re.fullmatch(
            rf"{HOST}/{a.section_slug}/\d{{4}}/\d{{2}}/[a-z0-9-]+-{a.id}\.html", a.url
        )
        assert a.markup == markup_kind(a.id)
        assert a.charset == article_charset(a.id, a.language)
        assert a.images and all(credit for _, _, credit in a.images)


def test_seed_story_model(site: DemoSite) -> None:
    a = seed_article(site)
    assert a.headline == "Moskau: Gespräche mit US-Unterhändlern haben begonnen"
    assert a.published.isoformat() == "2025-12-02T17:52:59+01:00"
    assert a.section == "Ausland" and a.topics == ["Ukraine", "Russland"]
    assert a.agency == "dpa" and a.authors == []
    assert [c for _, _, c in a.images] == [
        "Sergei Ilnitsky/EPA Pool via AP/dpa",
        "Gavriil Grigorov/Pool Sputnik Kremlin/AP/dpa",
    ]
    assert len(a.body) == 3 and a.body[0].startswith("Kremlchef Wladimir Putin hat")
    assert a.markup == "jsonld" and a.charset == "utf-8"


def test_same_parameters_same_site() -> None:
    one, two = DemoSite(), DemoSite()
    assert [a.url for a in one.visible_articles()] == [a.url for a in two.visible_articles()]
    a = one.visible_articles()[17]
    assert one.get(a.path, {}).body == two.get(a.path, {}).body
    other = DemoSite(seed=7)
    assert [a.url for a in other.visible_articles()] != [a.url for a in one.visible_articles()]


def test_clock_adds_and_updates_articles() -> None:
    site = DemoSite()
    before = {a.url: a for a in site.visible_articles()}
    pages = {u: site.get(a.path, {}).body for u, a in before.items()}
    site.advance_clock(2)
    assert site.clock == 2 and site.site_time() == BASE_TIME + timedelta(hours=12)
    after = {a.url: a for a in site.visible_articles()}
    new = set(after) - set(before)
    assert set(before) <= set(after) and len(new) == 16
    assert all(BASE_TIME < after[u].published <= site.site_time() for u in new)
    updated = [u for u in before if after[u].body != before[u].body]
    assert 3 <= len(updated) <= 6  # 3 stories per step (a wire story updates both URLs)
    for u in updated:
        assert after[u].modified and after[u].modified > after[u].published
        assert after[u].body[: len(before[u].body)] == before[u].body
    changed = [u for u in before if site.get(after[u].path, {}).body != pages[u]]
    assert len(changed) > len(updated)  # related boxes moved on too
    seed = seed_article(site)
    assert seed.body == seed_article(DemoSite()).body


# -- the server -----------------------------------------------------------------------------


def test_seed_story_page_through_the_proxy(server: DemoSiteServer, site: DemoSite) -> None:
    a = seed_article(site)
    status, headers, body = fetch(server.port, a.url)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    html = text(body)
    assert '<h1 class="headline">Moskau: Gespräche mit US-Unterhändlern haben begonnen</h1>' in html
    assert '<span class="date">02.12.2025 - 17:52:59</span>' in html
    assert f'<link rel="canonical" href="{a.url}">' in html
    assert '<a href="/thema/ukraine/">Ukraine</a>, <a href="/thema/russland/">Russland</a>' in html
    assert "Kremlchef Putin. - Foto: Sergei Ilnitsky/EPA Pool via AP/dpa</figcaption>" in html
    assert "«russische Wunschliste»" in html
    assert '<p class="agency">@ dpa.de</p>' in html
    assert html.count('<div class="related-item">') == 6
    assert html.count("weiterlesen...") == 6
    assert "<h2>Weitere Meldungen</h2>" in html
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert ld["@type"] == "NewsArticle"
    assert ld["datePublished"] == "2025-12-02T17:52:59+01:00"
    assert ld["keywords"] == ["Ukraine", "Russland"]
    related = re.findall(r'class="related-headline" href="([^"]+)"', html)
    assert a.url not in related and len(set(related)) == 6


def test_bodies_identical_across_requests_and_servers(server: DemoSiteServer) -> None:
    targets = ["/", "/politik/", "/ausland/?seite=2", "/robots.txt", "/world/feed.xml"]
    targets += [a.path for a in DemoSite().visible_articles()[::37]]
    first = {t: fetch(server.port, t)[2] for t in targets}
    assert first == {t: fetch(server.port, t)[2] for t in targets}
    with DemoSiteServer(DemoSite(), port=0) as other:
        assert other.port != server.port
        assert first == {t: fetch(other.port, t)[2] for t in targets}


def test_absolute_form_and_origin_form(server: DemoSiteServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "http://news.demo.test/politik/")
    resp = conn.getresponse()
    proxied = resp.read()
    assert resp.status == 200 and b'class="teaser-link"' in proxied
    conn.request("GET", "/politik/", headers={"Host": "news.demo.test"})  # same connection
    resp = conn.getresponse()
    assert resp.status == 200 and resp.read() == proxied
    conn.request("GET", "http://elsewhere.example/politik/")
    resp = conn.getresponse()
    assert resp.status == 502 and b"news.demo.test" in resp.read()
    conn.close()


def test_section_pages_paginate_over_every_article(server: DemoSiteServer, site: DemoSite) -> None:
    for sec in site.sections():
        expected = [a.url for a in site.visible_articles() if a.section_slug == sec.slug]
        seen: list[str] = []
        target = f"{HOST}/{sec.slug}/"
        while target:
            status, headers, body = fetch(server.port, target)
            assert status == 200 and headers["Transfer-Encoding"] == "chunked"
            html = text(body)
            links = re.findall(r'<a class="teaser-link" href="([^"]+)">', html)
            assert 0 < len(links) <= 20
            seen += links
            nxt = re.search(r'<a rel="next" href="([^"]+)">', html)
            target = f"{HOST}{nxt[1]}" if nxt else None
        assert seen == expected
    status, _, body = fetch(server.port, "/")
    assert status == 200
    for url in site.section_urls():
        assert f'href="{url}"'.encode() in body


def test_wire_story_under_two_urls(server: DemoSiteServer, site: DemoSite) -> None:
    copies = [a for a in site.visible_articles() if a.wire_copy]
    assert copies
    copy = copies[0]
    orig = next(a for a in site.visible_articles() if a.id == copy.story_id)
    assert orig.url != copy.url and orig.section != copy.section
    assert (orig.headline, orig.lead, orig.body, orig.images) == (
        copy.headline,
        copy.lead,
        copy.body,
        copy.images,
    )
    for a in (orig, copy):
        status, headers, body = fetch(server.port, a.url)
        html = body.decode(a.charset)
        assert status == 200
        assert f'<link rel="canonical" href="{a.url}">' in html
        assert f'<h1 class="headline">{a.headline}</h1>' in html.replace(' itemprop="headline"', "")


def test_conditional_requests(server: DemoSiteServer, site: DemoSite) -> None:
    a = seed_article(site)
    status, headers, body = fetch(server.port, a.url)
    etag, last_mod = headers["ETag"], headers["Last-Modified"]
    assert etag.startswith('"') and last_mod == "Tue, 02 Dec 2025 16:52:59 GMT"
    status, headers, body = fetch(server.port, a.url, {"If-None-Match": etag})
    assert status == 304 and body == b"" and headers["ETag"] == etag
    status, _, _ = fetch(server.port, a.url, {"If-None-Match": '"nope"'})
    assert status == 200
    status, _, _ = fetch(server.port, a.url, {"If-Modified-Since": last_mod})
    assert status == 304
    status, _, _ = fetch(server.port, a.url, {"If-Modified-Since": "Mon, 01 Dec 2025 00:00:00 GMT"})
    assert status == 200


def test_gzip_only_when_asked(server: DemoSiteServer, site: DemoSite) -> None:
    a = seed_article(site)
    assert gzip_for_path(a.path)
    status, headers, plain = fetch(server.port, a.url)
    assert status == 200 and headers["Content-Encoding"] is None and plain.startswith(b"<!DOCTYPE")
    status, headers, packed = fetch(server.port, a.url, {"Accept-Encoding": "gzip, deflate"})
    assert headers["Content-Encoding"] == "gzip" and packed[:2] == b"\x1f\x8b"
    assert gzip.decompress(packed) == plain
    assert int(headers["Content-Length"]) == len(packed)
    assert packed == fetch(server.port, a.url, {"Accept-Encoding": "gzip"})[2]
    never = next(x for x in site.visible_articles() if not gzip_for_path(x.path))
    _, headers, _ = fetch(server.port, never.url, {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] is None


def test_windows_1252_article(server: DemoSiteServer, site: DemoSite) -> None:
    a = next(x for x in site.visible_articles() if x.charset == "windows-1252")
    status, headers, body = fetch(server.port, a.url)
    assert headers["Content-Type"] == "text/html; charset=windows-1252"
    html = body.decode("cp1252")
    assert '<meta charset="windows-1252">' in html
    assert "€" in html and re.search("[äöüß]", html)
    assert a.body[1] in html
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_markup_kinds_and_english_pages(server: DemoSiteServer, site: DemoSite) -> None:
    arts = site.visible_articles()
    for kind in ("jsonld", "microdata", "meta"):
        a = next(x for x in arts if x.markup == kind and x.language == "de")
        html = fetch(server.port, a.url)[2].decode(a.charset)
        assert ("application/ld+json" in html) == (kind == "jsonld")
        assert ('itemtype="https://schema.org/NewsArticle"' in html) == (kind == "microdata")
        assert '<meta name="description" content="' in html
    en = next(x for x in arts if x.language == "en")
    html = text(fetch(server.port, en.url)[2])
    assert '<html lang="en">' in html
    assert f'<time datetime="{en.published.isoformat()}">' in html
    assert "<h2>Related stories</h2>" in html and "Read more..." in html
    assert 'class="date"' not in html


def test_static_files_feeds_and_sitemap(server: DemoSiteServer, site: DemoSite) -> None:
    status, headers, body = fetch(server.port, f"{HOST}/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    robots = text(body)
    assert "User-agent: *\nDisallow: /intern/\n" in robots
    assert "Sitemap: http://news.demo.test/sitemap-news.xml" in robots
    assert fetch(server.port, "/intern/redaktion.html")[0] == 200
    assert fetch(server.port, "/impressum.html")[0] == 200
    status, headers, css = fetch(server.port, "/assets/site.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and b".headline" in css

    a = seed_article(site)
    img_url = a.images[0][0]
    status, headers, jpeg = fetch(server.port, img_url)
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert jpeg[:2] == b"\xff\xd8" and jpeg[-2:] == b"\xff\xd9"
    assert jpeg == fetch(server.port, img_url)[2]
    assert jpeg != fetch(server.port, a.images[1][0])[2]
    assert fetch(server.port, "/images/100000-9.jpg")[0] == 404

    rss = ET.fromstring(fetch(server.port, f"{HOST}/ausland/feed.xml")[2])
    links = [i.findtext("link") for i in rss.iter("item")]
    ausland = [x.url for x in site.visible_articles() if x.section_slug == "ausland"]
    assert links == ausland[: len(links)] and a.url in links
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urlset = ET.fromstring(fetch(server.port, "/sitemap-news.xml")[2])
    locs = [u.findtext("s:loc", namespaces=ns) for u in urlset.findall("s:url", ns)]
    assert a.url in locs and len(locs) < 220


def test_admin_clock_over_http() -> None:
    with DemoSiteServer(DemoSite(), port=0) as srv:
        a = seed_article(srv.site)
        before = text(fetch(srv.port, a.url)[2])
        n_before = len(srv.site.visible_articles())
        assert fetch(srv.port, "/_admin/clock")[2] == b"0"
        status, _, body = fetch(srv.port, "/_admin/clock?advance=3", method="POST")
        assert status == 200 and body == b"3" and srv.site.clock == 3
        assert len(srv.site.visible_articles()) == n_before + 24
        after = text(fetch(srv.port, a.url)[2])
        assert after != before
        body_re = re.compile(r'<div class="article-body">.*?</div>', re.S)
        assert body_re.search(after)[0] == body_re.search(before)[0]
        rel_re = re.compile(r'<aside class="related">.*?</aside>', re.S)
        assert rel_re.search(after)[0] != rel_re.search(before)[0]
        updated = [x for x in srv.site.visible_articles() if x.modified and x.language == "de"]
        page = fetch(srv.port, updated[0].url)[2].decode(updated[0].charset)
        assert '<span class="updated">Aktualisiert: ' in page


def test_failure_endpoints(server: DemoSiteServer) -> None:
    status, _, body = fetch(server.port, f"{HOST}/gibt-es-nicht/")
    assert status == 404 and b"<html" in body
    assert fetch(server.port, f"{HOST}/broken/500")[0] == 500
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
        fetch(server.port, f"{HOST}/broken/reset")
    status, headers, body = fetch(server.port, f"{HOST}/broken/bomb.html")
    assert headers["Content-Encoding"] == "gzip" and headers["Content-Type"].startswith("text/html")
    assert len(body) < 1_000_000
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert len(inflater.decompress(body, 50_000_000)) == 50_000_000  # still not done
    status, _, huge = fetch(server.port, f"{HOST}/broken/huge.html")
    assert status == 200 and len(huge) >= 12 * 1024 * 1024
    status, headers, blob = fetch(server.port, f"{HOST}/broken/binary")
    assert headers["Content-Type"].startswith("text/html") and len(blob) > 1000
    status, headers, bad = fetch(server.port, f"{HOST}/broken/badcharset.html")
    assert "charset=utf-8" in headers["Content-Type"] and "Größe" in bad.decode("cp1252")
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=0.3)
    conn.request("GET", f"{HOST}/broken/slow")
    with pytest.raises((TimeoutError, socket.timeout)):
        conn.getresponse()
    conn.close()


def test_keep_alive_under_concurrency(server: DemoSiteServer, site: DemoSite) -> None:
    urls = [a.url for a in site.visible_articles()[:40]]
    errors: list[str] = []

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        for url in urls[n::4] * 2:
            conn.request("GET", url, headers={"Accept-Encoding": "gzip"})
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                errors.append(f"{url}: {resp.status}")
        conn.close()

    threads = [threading.Thread(target=worker, args=(i % 4,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert not errors


def test_latency_and_clean_stop() -> None:
    srv = DemoSiteServer(DemoSite(articles=10), port=0, latency_ms=50).start()
    port = srv.port
    start = datetime.now()
    assert fetch(port, "/robots.txt")[0] == 200
    assert datetime.now() - start >= timedelta(milliseconds=50)
    idle = socket.create_connection(("127.0.0.1", port))  # an idle keep-alive client
    srv.stop()
    idle.close()
    with pytest.raises(OSError):
        fetch(port, "/robots.txt")


def test_clock_steps_are_six_real_hours_across_dst() -> None:
    site = DemoSite(articles=20, clock=470)  # late March 2026: summer time
    assert site.site_time().isoformat() == "2026-03-30T07:00:00+02:00"
    newest = site.visible_articles()[0]
    assert newest.published.isoformat().endswith("+02:00")
    html = site.get(newest.path, {}).body.decode(newest.charset)
    assert newest.published.strftime("%d.%m.%Y - %H:%M:%S") in html
