"""The demo news site as a pure, deterministic model: catalogue, clock and page rendering.

Nothing here does I/O or reads the wall clock. Every page is a function of
``(articles, seed, host, clock, path, request headers)``, so the same URL at the same
clock gives byte-identical bodies in every process.

The catalogue is an infinite function of the article index ``i`` (article id
``100000 + i``):

- indices ``0 .. articles-1`` are published in the ten days before :data:`BASE_TIME`
  (index 0 is the seed story, newest; higher indices are older);
- clock step ``k >= 1`` publishes indices ``articles + 8(k-1) .. articles + 8k - 1``
  inside the 6 h window ``(BASE_TIME + (k-1)*6h, BASE_TIME + k*6h]``;
- each clock step also updates 3 recently visible stories (one added body paragraph and a
  modification time inside that window).

Markup kind, charset and gzip are fixed by the article id (see :func:`markup_kind`,
:func:`article_charset`, :func:`gzip_for_path`).

The model is split by concept: :mod:`demosite.model` (vocabulary), :mod:`demosite.corpus`
(text pools), :mod:`demosite.catalogue` (articles per clock), :mod:`demosite.render` (HTML),
:mod:`demosite.behaviour` (conditional GET, gzip, failures) and :mod:`demosite.jpeg`. This
module routes requests between them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

from demosite.behaviour import SITE_CSS, blob, broken, error_page, finish
from demosite.catalogue import Catalogue, State
from demosite.jpeg import make_jpeg
from demosite.model import (
    ARTICLE_PATH_RE,
    BASE_TIME,
    MAX_CACHED_PAGES,
    PAGE_SIZE,
    SECTION_BY_SLUG,
    SPREAD,
    DemoResponse,
    Section,
    article_charset,
    gzip_for_path,
    markup_kind,
    slugify,
)
from demosite.render import IMPRESSUM, INTERN, PageRenderer

__all__ = [
    "BASE_TIME",
    "DemoResponse",
    "DemoSite",
    "article_charset",
    "blob",
    "gzip_for_path",
    "markup_kind",
]


class DemoSite(PageRenderer, Catalogue):
    """The demo site: catalogue + renderer, answering GET/POST for origin-form targets."""

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> DemoResponse:
        """Answer a GET for ``path`` (origin-form, may carry a query string)."""
        hdrs = {k.lower(): v for k, v in (headers or {}).items()}
        return self._route("GET", path, hdrs)

    def post(self, path: str, headers: Mapping[str, str] | None = None) -> DemoResponse:
        hdrs = {k.lower(): v for k, v in (headers or {}).items()}
        return self._route("POST", path, hdrs)

    # -- catalogue --------------------------------------------------------------------------

    def _route(self, method: str, target: str, headers: dict[str, str]) -> DemoResponse:
        parts = urlsplit(target)
        path = parts.path or "/"
        query = parse_qs(parts.query)
        if path == "/_admin/clock":
            if method == "POST":
                try:
                    if "set" in query:
                        self.set_clock(int(query["set"][0]))
                    else:
                        self.advance_clock(int(query.get("advance", ["1"])[0]))
                except ValueError:
                    return error_page(400, "Ungültiger Wert")
            return DemoResponse(
                200,
                [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")],
                str(self.clock).encode(),
            )
        if path == "/_admin/template" and method == "POST":
            section = query.get("section", [""])[0]
            if section not in SECTION_BY_SLUG:
                return error_page(400, "Unbekannte Rubrik")
            try:
                self.change_template(section, query.get("drop", [None])[0])
            except ValueError:
                return error_page(400, "Unbekanntes Feld")
            return DemoResponse(200, [("Content-Type", "text/plain; charset=utf-8")], b"ok")
        if method != "GET":
            return error_page(405, "Methode nicht erlaubt", [("Allow", "GET, HEAD")])
        if path.startswith("/broken/"):
            return broken(path)

        st = self._state()
        key = path if not parts.query else f"{path}?{parts.query}"
        entry = st.pages.get(key)
        if entry is None:
            entry = self._render(st, path, query)
            if len(st.pages) < MAX_CACHED_PAGES:
                st.pages[key] = entry
        status, ctype, body, extra, last_mod, chunked = entry
        if status != 200:
            hdrs = [("Content-Type", ctype), *extra]
            return DemoResponse(status, hdrs, body)
        return finish(path, headers, ctype, body, last_mod, chunked, extra)

    def _render(self, st: State, path: str, query: dict[str, list[str]]) -> tuple:
        """(status, content type, body, extra headers, last-modified, chunked)."""
        html = "text/html; charset=utf-8"
        if path == "/":
            return (200, html, self._home(st).encode(), [], None, True)
        if path == "/robots.txt":
            body = (
                f"User-agent: *\nDisallow: /intern/\n\nSitemap: {self.base_url}sitemap-news.xml\n"
            ).encode()
            return (200, "text/plain; charset=utf-8", body, [], None, False)
        if path == "/assets/site.css":
            return (200, "text/css; charset=utf-8", SITE_CSS, [], BASE_TIME - SPREAD, False)
        if path == "/impressum.html":
            return (200, html, self._simple_page("Impressum", IMPRESSUM).encode(), [], None, False)
        if path == "/intern/redaktion.html":
            return (200, html, self._simple_page("Intern", INTERN).encode(), [], None, False)
        if path == "/sitemap-news.xml":
            body = self._news_sitemap(st).encode()
            return (200, "application/xml; charset=utf-8", body, [], st.site_time, False)
        mt = re.fullmatch(r"/images/(\d+)-(\d+)\.jpg", path)
        if mt:
            art = st.by_id.get(int(mt[1]))
            n = int(mt[2])
            if art is None or not any(u.endswith(f"/{mt[1]}-{n}.jpg") for u, _, _ in art.images):
                return self._missing()
            return (200, "image/jpeg", make_jpeg(f"{mt[1]}-{n}"), [], art.published, False)
        mt = ARTICLE_PATH_RE.match(path)
        if mt:
            art = st.by_id.get(int(mt[5]))
            if art is None:
                return self._missing()
            if art.path != path:
                return (301, html, b"", [("Location", art.url)], None, False)
            body = self._article_page(st, art)
            ctype = f"text/html; charset={art.charset}"
            return (200, ctype, body, [], art.modified or art.published, False)
        mt = re.fullmatch(r"/([a-z]+)/?(feed\.xml)?", path)
        if mt and mt[1] in SECTION_BY_SLUG:
            sec = SECTION_BY_SLUG[mt[1]]
            if mt[2]:
                body = self._feed(st, sec).encode()
                return (200, "application/rss+xml; charset=utf-8", body, [], st.site_time, False)
            if not path.endswith("/"):
                return (301, html, b"", [("Location", f"{self.base_url}{sec.slug}/")], None, False)
            page = page_number(query)
            items = st.by_section[sec.slug]
            if page is None or (page - 1) * PAGE_SIZE >= max(len(items), 1):
                return self._missing()
            return (
                200,
                html,
                self._listing(st, sec, items, page, f"/{sec.slug}/").encode(),
                [],
                None,
                True,
            )
        mt = re.fullmatch(r"/thema/([a-z0-9-]+)/", path)
        if mt and mt[1] in st.by_topic:
            items = st.by_topic[mt[1]]
            page = page_number(query)
            if page is None or (page - 1) * PAGE_SIZE >= len(items):
                return self._missing()
            name = next(t for t in items[0].topics if slugify(t) == mt[1])
            sec = Section("thema", name, items[0].language)
            return (200, html, self._listing(st, sec, items, page, path).encode(), [], None, True)
        return self._missing()

    def _missing(self) -> tuple:
        r = error_page(404, "Seite nicht gefunden")
        return (404, r.headers[0][1], r.body, [], None, False)


def page_number(query: dict[str, list[str]]) -> int | None:
    raw = query.get("seite", ["1"])[0]
    if not raw.isdigit() or int(raw) < 1:
        return None
    return int(raw)
