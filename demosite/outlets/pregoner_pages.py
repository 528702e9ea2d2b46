"""El Pregoner del Vallès's TYPO3 pages other than the news record: site chrome, tx_news
lists with the Fluid widget's cHash pagination, tag and author lists, the seo sitemaps
(hold-out, see :mod:`demosite.outlets.pregoner`).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from functools import partial
from html import escape
from urllib.parse import quote

from demosite.outlets.holdout import HoldoutOutlet
from demosite.outlets.localtime import MONTHS_CA, WEEKDAYS_CA
from demosite.outlets.site import sitemap_index, url_slug, urlset
from demosite.outlets.stories import Story

esc = partial(escape, quote=False)
PAGE_KEY = "tx_news_pi1[@widget_0][currentPage]"
SITE_DESCRIPTION = (
    "El Pregoner del Vallès, el diari digital de Sabadell, Terrassa i el Vallès Occidental: "
    "actualitat, política, economia i societat."
)
KEYWORDS = "Sabadell, Terrassa, Vallès Occidental, notícies, actualitat, diari digital"


def chash(slug: str, page: int) -> str:
    """The cHash TYPO3 appends to a list page URL (a fixed digest of its arguments)."""
    return hashlib.md5(f"pregoner|{slug}|{page}".encode()).hexdigest()


class TYPO3Pages(HoldoutOutlet):
    """Everything of the site but the article view."""

    # -- URLs ----------------------------------------------------------------------------

    def page_path(self, slug: str, page: int) -> str:
        if page == 1:
            return f"/{slug}"
        key = quote(PAGE_KEY, safe="")
        return f"/{slug}?{key}={page}&cHash={chash(slug, page)}"

    def page_of(self, path: str, query: dict[str, list[str]]) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        raw = query.get(PAGE_KEY, ["1"])[0]
        if not raw.isdigit() or int(raw) < 1:
            return None
        page = int(raw)
        if page > 1 and query.get("cHash", [""])[0] != chash(mt[1], page):
            return None  # "Request parameters could not be validated (&cHash comparison failed)"
        return mt[1], page

    def seed(self) -> dict:
        seed = super().seed()
        for sec, slug in zip(seed["sections"], self.words["sections"], strict=True):
            sec["url"] = f"http://{self.host}{self.page_path(slug, 1)}"
        return seed

    def _tag_path(self, tag: str) -> str:
        return f"/etiquetes/{url_slug(tag)}"

    def hub(self, path: str) -> str | None:
        """Tag pages ``/etiquetes/SLUG`` (tx_news's tag list) and author pages ``/autors/SLUG``."""
        mt = re.fullmatch(r"/(etiquetes|autors)/([a-z0-9-]+)", path)
        if not mt:
            return None
        if mt[1] == "autors":
            title, items = self.by_author(mt[2])
            items = [s for s in items if s.reach == "section"]
        else:
            items = [s for s in self.stories if s.reach == "section"
                     and any(url_slug(t) == mt[2] for t in s.topics)]  # fmt: skip
            title = (
                next((t for t in items[0].topics if url_slug(t) == mt[2]), None) if items else None
            )
        if not title or not items:
            return None
        main = f'<h1 class="page-title">{esc(title)}</h1>\n{self._teasers(items)}'
        return self._page(title, "", main, logo_h1=False)

    def _render(self, path: str, query: dict) -> tuple[str, bytes, datetime | None] | None:
        if path == "/robots.txt":
            text = (
                "User-agent: *\nDisallow: /typo3/\nDisallow: /typo3conf/\nAllow: /typo3conf/ext/"
                f"\nDisallow: /*?tx_solr\n\nSitemap: http://{self.host}{self.sitemap_path}\n"
            )
            return "text/plain; charset=utf-8", text.encode(), None
        if path == self.sitemap_path and query.get("sitemap"):
            which = query["sitemap"][0]
            if which not in ("pages", "news") or query.get("cHash", [""])[0] != chash(which, 0):
                return None
            return "application/xml; charset=utf-8", self._sitemap(which).encode(), None
        return super()._render(path, query)

    # -- feed and sitemaps ---------------------------------------------------------------

    def news_sitemap(self) -> str:
        locs = [f"http://{self.host}/sitemap.xml?sitemap={w}&cHash={chash(w, 0)}"
                for w in ("pages", "news")]  # fmt: skip
        return sitemap_index(locs, self.stories[0].published)

    def _sitemap(self, which: str) -> str:
        if which == "news":
            return urlset([(s.url, s.modified or s.published) for s in self.in_sitemap()])
        return urlset([(f"http://{self.host}/{p}", None) for p in ["", *self.words["sections"]]])

    # -- shared blocks -------------------------------------------------------------------

    def doc(self, title: str, head: str, body: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="ca-ES">\n<head>\n<meta charset="utf-8">\n<!--\n\tThis '
            "website is powered by TYPO3 - inspiring people to share!\n\tTYPO3 is a free open "
            f'source Content Management Framework.\n-->\n<base href="http://{self.host}/">\n'
            f"<title>{escape(title)}: {self.name}</title>\n"
            '<meta name="generator" content="TYPO3 CMS">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="keywords" content="{KEYWORDS}">\n'
            '<link rel="stylesheet" href="/typo3temp/assets/compressed/merged-7a1c.css" '
            'media="all">\n'
            f'{self.alternate()}\n{head}</head>\n<body id="p{len(title)}">\n{body}\n'
            '<div id="cookie-banner" class="cookie-banner">Aquest lloc web utilitza galetes '
            'pròpies i de tercers per millorar la navegació. <a href="/avis-legal">Més '
            'informació</a> <button class="accept">Accepto</button></div>\n'
            '<script src="/typo3temp/assets/compressed/merged-0be2.js"></script>\n'
            "</body>\n</html>\n"
        )

    def _header(self, logo_h1: bool) -> str:
        d = self.stories[0].published
        today = f"{WEEKDAYS_CA[d.weekday()]}, {d.day} {MONTHS_CA[d.month - 1]} de {d.year}"
        logo = (f'<a href="/" title="{self.name}"><img src="/fileadmin/templates/img/logo.png" '
                f'alt="{self.name}" width="320" height="60"></a>')  # fmt: skip
        logo = f'<h1 class="logo">{logo}</h1>' if logo_h1 else f'<div class="logo">{logo}</div>'
        nav = "".join(
            f'<li><a href="/{slug}">{esc(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        return (
            f'<div class="topbar"><span class="data-avui">{today}</span> <a href="/butlleti">'
            f'Butlletí</a> <a href="/publicitat">Publicitat</a> <a href="/contacte">Contacte</a>'
            f'</div>\n<header class="page-header">{logo}<nav class="main-nav"><ul><li><a '
            f'href="/">Portada</a></li>{nav}<li><a href="/agenda">Agenda</a></li></ul></nav>'
            '<form action="/cerca" class="search"><input name="tx_indexedsearch_pi2[search]'
            '[sword]" placeholder="Cerca"></form></header>\n'
            '<div class="banner-top"><span>Publicitat</span><div id="div-gpt-ad-top"></div></div>\n'
        )

    def _aside(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][1:6]
        rows = "".join(
            f'<li><span class="hora">{s.published:%H:%M}</span> <a href="{s.path}">'
            f"{esc(s.headline)}</a></li>"
            for s in top
        )
        return (
            f'<aside class="col-aside"><div class="mes-llegides"><h3>Més llegides</h3><ol>{rows}'
            '</ol></div><div class="banner-side"><span>Publicitat</span><img src="/fileadmin/'
            'banners/botiga-300x250.jpg" alt=""></div></aside>\n'
        )

    def _page(self, title: str, head: str, main: str, logo_h1: bool) -> str:
        body = (
            f'{self._header(logo_h1)}<div class="container"><main class="col-main">\n{main}\n'
            f'</main>\n{self._aside()}</div>\n<footer class="page-footer"><p>© 2026 {self.name}'
            ' · Edicions del Vallès SL · <a href="/avis-legal">Avís legal</a> · <a href="/'
            'privacitat">Política de privacitat</a></p></footer>'
        )
        if '<meta name="description"' not in head:
            head = f'<meta name="description" content="{SITE_DESCRIPTION}">\n' + head
        return self.doc(title, head, body)

    # -- listings ------------------------------------------------------------------------

    def home(self) -> str:
        blocks = "".join(
            f'<section class="portada-bloc"><h2><a href="/{slug}">{esc(name)}</a></h2>\n'
            f'{self._teasers(self.listed(slug)[:2])}<a class="mes" href="/{slug}">Més '
            f"notícies de {esc(name)}</a></section>\n"
            for slug, (name, _) in self.words["sections"].items()
        )
        return self._page("Portada", "", f'<div class="portada">{blocks}</div>', logo_h1=True)

    def _teasers(self, items: list[Story]) -> str:
        return "".join(
            f'<div class="article articletype-0" itemscope itemtype="http://schema.org/Article">'
            f'<div class="news-img-wrap"><a href="{s.path}"><img src="{s.pictures[0].src}" '
            f'alt="" width="280"></a></div><div class="header"><h3><a href="{s.path}" title="'
            f'{escape(s.headline)}"><span itemprop="headline">{esc(s.headline)}</span></a></h3>'
            f'</div><div class="footer"><p><span class="news-list-date"><time datetime="'
            f'{s.published:%Y-%m-%d}">{s.published:%d/%m/%Y}</time></span></p></div><div class='
            f'"teaser-text" itemprop="description"><p>{esc(s.lead)}</p><a class="more" href="'
            f'{s.path}">Llegir més</a></div></div>\n'
            for s in items
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        cells = []
        if page > 1:
            cells.append(f'<li class="previous"><a href="{escape(self.page_path(slug, page - 1))}"'
                         ">anterior</a></li>")  # fmt: skip
        for n in range(1, pages + 1):
            href = escape(self.page_path(slug, n))
            cells.append(f'<li class="current">{n}</li>' if n == page else
                         f'<li><a href="{href}">{n}</a></li>')  # fmt: skip
        if page < pages:
            cells.append(f'<li class="next"><a href="{escape(self.page_path(slug, page + 1))}">'
                         "següent</a></li>")  # fmt: skip
        main = (
            f'<div class="news"><h1 class="section-title">{esc(name)}</h1>\n<div class="news-list-'
            f'view">\n{self._teasers(items)}</div>\n<div class="page-navigation"><p>Pàgina {page} '
            f'de {pages}.</p><ul class="f3-widget-paginator">{"".join(cells)}</ul></div></div>'
        )
        return self._page(name, "", main, logo_h1=True)
