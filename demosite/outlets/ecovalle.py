"""El Eco del Valle: a Spanish local paper on an old blog theme with an SEO plugin.

A TRAINING outlet for the site profile (no hold-out): what it states or shows the same on
every article page is the template's, and only an outlet's own pages can tell.

Serves (host ``www.ecodelvalle.test``, Europe/Madrid): ``/politica/``, ``/economia/``,
``/deportes/`` paginated as ``/SECTION/page/N/``; articles ``/SECTION/YYYY/MM/SLUG/``;
RSS ``/feed/``; news sitemap ``/sitemap-news.xml`` (robots.txt).
Traps: no ``<article>`` or ``<main>``: the outlet's name is the ``<h1>`` above the story's
``<h1>`` on every page; the SEO plugin's site-wide meta description, keywords and author
and a default ``og:image`` (the outlet's logo) on every page; JSON-LD (the story's own
headline, description, keywords and authors) on half the pages; the lead in a
``p.entradeta``; a story in three without a photo; a newsletter promo inside the text; a
"Lo más leído" list on every page.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from demosite.jpeg import make_jpeg
from demosite.outlets.localtime import es_text
from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_south import ES

LOGO = "/wp-content/uploads/eco-del-valle-logo.jpg"
SITE_DESCRIPTION = "El Eco del Valle: noticias de política, economía y deportes del valle"
SITE_KEYWORDS = "noticias, El Eco del Valle, actualidad, valle"
SITE_AUTHOR = "Redacción El Eco del Valle"


class Ecovalle(Outlet):
    name = "El Eco del Valle"
    language = "es"
    #: a story in three has no photo (its truth has no image)
    photoless = True

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.ecodelvalle.test",
            timezone="Europe/Madrid",
            words=ES,
            count=30,
            first_id=90310,
            newest=datetime(2025, 11, 28, 18, 45),
            step=timedelta(hours=4, minutes=53),
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/{s.published:%Y/%m}/{url_slug(s.headline)}/"

    def prepare(self, s: Story) -> None:
        s.topics = [s.topic]
        if s.index % 3 == 1:  # a story with no photo: the og:image is the outlet's logo
            s.pictures = []

    def page_path(self, slug: str, page: int) -> str:
        return f"/{slug}/" if page == 1 else f"/{slug}/page/{page}/"

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/(?:page/(\d+)/)?", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        return mt[1], int(mt[2] or 1)

    def _render(self, path: str, query: dict) -> tuple[str, bytes, datetime | None] | None:
        if path == LOGO:
            return "image/jpeg", make_jpeg(f"{self.host}{path}", filler=500), None
        return super()._render(path, query)

    def _header(self) -> str:
        nav = " ".join(
            f'<li><a href="/{slug}/">{escape(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        return (
            f'<header class="site-header"><h1 class="site-title"><a href="/">{escape(self.name)}'
            '</a></h1><p class="site-description">Tu diario del valle</p>\n'
            f'<nav class="main-navigation"><ul>{nav}</ul></nav></header>\n'
        )

    def _most_read(self) -> str:
        items = "".join(
            f'<li><a href="{s.path}">{escape(s.headline)}</a></li>' for s in self.stories[:4]
        )
        return f'<aside class="widget popular"><h3>Lo más leído</h3><ul>{items}</ul></aside>\n'

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        rows = "".join(
            f'<div class="post-entry"><h2 class="entry-title"><a href="{s.path}">'
            f"{escape(s.headline)}</a></h2><p>{escape(s.lead)}</p></div>\n"
            for s in items
        )
        nav = ""
        if page < pages:
            nav = f'<a class="next page-numbers" href="{self.page_path(slug, page + 1)}">»</a>'
        body = (
            f'<div id="page" class="site">{self._header()}<div class="content-area">'
            f'<h2 class="archive-title">{escape(name)}</h2>\n{rows}'
            f'<div class="nav-links">{nav}</div></div></div>'
        )
        return self.doc(name, "", body)

    def _head(self, s: Story) -> str:
        image = s.pictures[0].src if s.pictures else f"http://{self.host}{LOGO}"
        head = (
            f'<link rel="canonical" href="{s.url}">\n'
            f'<meta name="description" content="{escape(SITE_DESCRIPTION)}">\n'
            f'<meta name="keywords" content="{escape(SITE_KEYWORDS)}">\n'
            f'<meta name="author" content="{escape(SITE_AUTHOR)}">\n'
            f'<meta property="og:site_name" content="{escape(self.name)}">\n'
            f'<meta property="og:image" content="{image}">\n'
        )
        if s.variant == 0:
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": s.headline,
                "description": s.lead,
                "keywords": [s.topic],
                "datePublished": s.published.isoformat(),
                "dateModified": (s.modified or s.published).isoformat(),
                "author": [{"@type": "Person", "name": n} for n in s.authors],
                "publisher": {"@type": "Organization", "name": self.name},
            }
            head += json_ld(ld) + "\n"
        return head

    def article(self, s: Story) -> str:
        months = ES["months"]
        authors = join_names(
            [f'<a href="/autor/{url_slug(n)}/">{escape(n)}</a>' for n in s.authors], "y"
        )
        when = f'<time class="entry-date" datetime="{s.published.isoformat()}">'
        when += f"{es_text(s.published, months)}</time>"
        if s.modified:
            when += f' <time class="updated" datetime="{s.modified.isoformat()}">'
            when += f"{es_text(s.modified, months)}</time>"
        figures = "".join(
            f'<figure class="wp-caption"><img src="{p.src}" alt="">'
            f'<figcaption class="wp-caption-text">{escape(p.caption)} '
            f'<span class="credit">{escape(p.credit)}</span></figcaption></figure>\n'
            for p in s.pictures
        )
        paras = self.paragraphs(s)
        paras.insert(
            2,
            '<div class="newsletter-box"><p>Recibe cada mañana las noticias del valle en tu '
            'correo. <a href="/boletin/">Suscríbete gratis</a></p></div>',
        )
        related = "".join(
            f'<li><a href="{r.path}">{escape(r.headline)}</a></li>' for r in self.related(s)
        )
        body = (
            f'<div id="page" class="site">{self._header()}<div class="content-area">'
            f'<div class="post single">\n<h1 class="entry-title">{escape(s.headline)}</h1>\n'
            f'<div class="entry-meta">Por {authors} | {when}</div>\n'
            f'<p class="entradeta">{escape(s.lead)}</p>\n{figures}'
            f'<div class="entry-content">\n{"".join(paras)}\n</div>\n'
            f'<div class="tags-links">Etiquetas: <a href="/tag/{url_slug(s.topic)}/" rel="tag">'
            f"{escape(s.topic)}</a></div>\n"
            f'<div class="related-posts"><h3>Te puede interesar</h3><ul>{related}</ul></div>\n'
            f"</div></div>\n{self._most_read()}"
            f'<footer class="site-footer">© {s.published.year} {escape(self.name)}</footer></div>'
        )
        return self.doc(s.headline, self._head(s), body)
