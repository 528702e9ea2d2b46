"""Diario del Sur: a Spanish regional paper on WordPress with a news theme.

Serves (host ``www.diariodelsur.test``, Europe/Madrid): ``/category/politica/``,
``/category/economia/``, ``/category/deportes/`` paginated WordPress-style as
``/category/SECTION/page/N/`` ("Siguiente »" link, class ``next page-numbers``);
articles ``/YYYY/MM/DD/HEADLINE/``; RSS ``/feed/``; news sitemap ``/news-sitemap.xml``.
Traps: Yoast-style JSON-LD ``@graph`` on half the pages with ``+00:00`` dates, text dates
"28 de noviembre de 2025 - 09:15" on all; "Por X y Y" bylines; the kicker (antetítulo)
as topic; "Noticias relacionadas" box between the lead and the body with its own dates;
inline "Lee también:" paragraphs; captions "Caption | Name/EFE" or "Caption | EFE".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from demosite.outlets.localtime import es_short, es_text, utc_offset
from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_south import ES


class Diario(Outlet):
    name = "Diario del Sur"
    language = "es"
    read_also_html = '<p><strong>Lee también:</strong> <a href="{href}">{headline}</a></p>'
    sitemap_path = "/news-sitemap.xml"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.diariodelsur.test",
            timezone="Europe/Madrid",
            words=ES,
            count=30,
            first_id=390500,
            newest=datetime(2025, 11, 28, 21, 30),
            step=timedelta(hours=4, minutes=53),
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.published:%Y/%m/%d}/{url_slug(s.headline)}/"

    def prepare(self, s: Story) -> None:
        s.topics = [s.topic]
        if s.agency:
            s.body[0] = f"{s.place.upper()}.- {s.body[0]}"
        for p in s.pictures:
            if s.index % 2:
                p.credit = p.credit.rsplit("/", 1)[-1]

    def seed(self) -> dict:
        seed = super().seed()
        for sec in seed["sections"]:
            sec["url"] = sec["url"].replace(f"{self.host}/", f"{self.host}/category/")
        return seed

    def page_path(self, slug: str, page: int) -> str:
        return f"/category/{slug}/" + (f"page/{page}/" if page > 1 else "")

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/category/([a-z]+)/(?:page/(\d+)/)?", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        return mt[1], int(mt[2] or 1)

    def home(self) -> str:
        return super().home().replace('href="/', 'href="/category/')

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        posts = "".join(
            f'<article class="post type-post"><h2 class="entry-title"><a href="{s.url}" '
            f'rel="bookmark">{escape(s.headline)}</a></h2><div class="entry-summary">'
            f"<p>{escape(s.lead)}</p></div></article>\n"
            for s in items
        )
        nav = ""
        if page < pages:
            nav = (
                f'<a class="next page-numbers" href="http://{self.host}'
                f'{self.page_path(slug, page + 1)}">Siguiente »</a>'
            )
        body = (
            f'<div id="page" class="site"><main id="main"><h1 class="page-title">{escape(name)}'
            f'</h1>\n{posts}<nav class="navigation pagination">{nav}</nav></main></div>'
        )
        return self.doc(name, "", body)

    def article(self, s: Story) -> str:
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta property="og:description" content="{escape(s.lead)}">\n'
        if s.variant == 0:
            graph = [
                {"@type": "WebPage", "@id": s.url, "name": s.headline},
                {
                    "@type": "NewsArticle",
                    "headline": s.headline,
                    "datePublished": utc_offset(s.published),
                    "dateModified": utc_offset(s.modified or s.published),
                    "author": [{"@type": "Person", "name": n} for n in s.authors],
                    "isPartOf": {"@id": s.url},
                },
            ]
            head += json_ld({"@context": "https://schema.org", "@graph": graph}) + "\n"
        related = "".join(
            f'<li><a href="{r.url}">{escape(r.headline)}</a> '
            f'<span class="fecha-rel">{es_short(r.published)}</span></li>'
            for r in self.related(s)
        )
        figures = "".join(
            f'<figure class="wp-block-image"><img src="{p.src}" alt="" loading="lazy">'
            f'<figcaption class="wp-element-caption">{escape(p.caption)} | {escape(p.credit)}'
            "</figcaption></figure>\n"
            for p in s.pictures
        )
        paras = self.paragraphs(s)
        dates = f'<span class="fecha">{es_text(s.published, ES["months"])}</span>'
        if s.modified:
            upd = es_text(s.modified, ES["months"])
            dates += f' <span class="actualizado">Actualizado: {upd}</span>'
        body = (
            f'<div id="page" class="site"><main id="main">\n<article class="post">\n'
            f'<header class="entry-header"><span class="antetitulo">{escape(s.topic)}</span>\n'
            f'<h1 class="entry-title">{escape(s.headline)}</h1>\n'
            f'<p class="entradilla">{escape(s.lead)}</p>\n'
            f'<div class="entry-meta"><span class="autor">Por {join_names(s.authors, "y")}'
            f"</span> {dates}</div></header>\n"
            f'<div class="relacionadas"><h4>Noticias relacionadas</h4><ul>{related}</ul></div>\n'
            f'{figures}<div class="entry-content">\n{"".join(paras)}\n</div>\n</article>\n'
            '</main><footer class="site-footer">Aviso legal</footer></div>'
        )
        return self.doc(s.headline, head, body)
