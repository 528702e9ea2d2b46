"""Rheinische Rundschau: a German regional paper on a classic newspaper CMS.

Serves (host ``www.rheinische-rundschau.test``, Europe/Berlin):
``/politik/``, ``/wirtschaft/``, ``/sport/`` paginated as ``/SECTION/seite/N/`` through a
"Nächste Seite" link without ``rel=next``; articles ``/SECTION/HEADLINE-ID.html``;
RSS ``/feed/``; news sitemap ``/sitemap-news.xml`` (named in robots.txt).
Traps: JSON-LD on half the pages, the other half dates only as German text; the header
prints today's date; "Von X und Y" bylines; breadcrumb "Startseite › Section › Topic";
captions "... - Foto: Name/dpa"; an ad box between body paragraphs; "Weitere
Meldungen" box after the body with its own dates; agency datelines "Köln (dpa) - ".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from demosite.outlets.localtime import de_short, de_text, de_today
from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_north import DE


class Rundschau(Outlet):
    name = "Rheinische Rundschau"
    language = "de"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.rheinische-rundschau.test",
            timezone="Europe/Berlin",
            words=DE,
            count=30,
            first_id=481200,
            newest=datetime(2025, 11, 28, 19, 40),
            step=timedelta(hours=5, minutes=11),
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/{url_slug(s.headline)}-{s.id}.html"

    def prepare(self, s: Story) -> None:
        s.topics = [s.section, s.topic]
        if s.agency:
            s.body[0] = f"{s.place} ({s.agency}) - {s.body[0]}"

    def page_path(self, slug: str, page: int) -> str:
        return f"/{slug}/" if page == 1 else f"/{slug}/seite/{page}/"

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/(?:seite/(\d+)/)?", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        return mt[1], int(mt[2] or 1)

    def _chrome(self) -> str:
        today = self.stories[0].published
        nav = " ".join(
            f'<a href="/{slug}/">{escape(name)}</a>'
            for slug, (name, _) in self.words["sections"].items()
        )
        return (
            f'<div class="topbar"><span class="today">{de_today(today, DE["months"])}</span> '
            '<a href="/abo/">Abo</a></div>\n'
            f'<header class="masthead"><a class="logo" href="/">{escape(self.name)}</a>'
            f'<nav class="mainnav">{nav}</nav></header>\n'
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        teasers = "".join(
            f'<div class="teaser"><h2><a href="{s.path}">{escape(s.headline)}</a></h2>'
            f'<p>{escape(s.lead)}</p><span class="teaser-date">{de_short(s.published)}</span>'
            "</div>\n"
            for s in items
        )
        pager = " ".join(
            f'<a href="{self.page_path(slug, n)}">{n}</a>' if n != page else f"<b>{n}</b>"
            for n in range(1, pages + 1)
        )
        if page < pages:
            pager += (
                f' <a class="pager-next" href="{self.page_path(slug, page + 1)}">Nächste Seite</a>'
            )
        body = (
            f"{self._chrome()}<main><h1>{escape(name)}</h1>\n{teasers}"
            f'<div class="pager">{pager}</div></main>'
        )
        return self.doc(name, "", body)

    def article(self, s: Story) -> str:
        months = DE["months"]
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta name="description" content="{escape(s.lead)}">\n'
        if s.variant == 0:
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": s.headline,
                "datePublished": s.published.isoformat(),
                "dateModified": (s.modified or s.published).isoformat(),
                "author": [{"@type": "Person", "name": n} for n in s.authors],
                "image": [p.src for p in s.pictures],
                "publisher": {"@type": "Organization", "name": self.name},
            }
            head += json_ld(ld) + "\n"
        crumbs = (
            '<ol class="breadcrumb"><li><a href="/">Startseite</a></li>'
            f'<li><a href="/{s.section_slug}/">{escape(s.section)}</a></li>'
            f'<li><a href="/thema/{url_slug(s.topic)}/">{escape(s.topic)}</a></li></ol>'
        )
        meta = f'<span class="pubdate">{de_text(s.published, months)}</span>'
        if s.modified:
            meta += f' <span class="moddate">Aktualisiert: {de_text(s.modified, months)}</span>'
        figures = "".join(
            f'<figure class="image"><img src="{p.src}" alt="{escape(p.caption)}" width="800" '
            f'height="450"><figcaption>{escape(p.caption)} - Foto: {escape(p.credit)}'
            "</figcaption></figure>\n"
            for p in s.pictures
        )
        paras = [f"<p>{escape(t)}</p>" for t in s.body]
        paras.insert(2, '<div class="ad"><span>Anzeige</span></div>')
        related = "".join(
            f'<li><a href="{r.path}">{escape(r.headline)}</a> '
            f'<span class="date">{de_short(r.published)}</span></li>'
            for r in self.related(s)
        )
        body = (
            f"{self._chrome()}<main>\n{crumbs}\n<article>\n"
            f'<h1 class="article-title">{escape(s.headline)}</h1>\n'
            f'<div class="article-meta">{meta}</div>\n'
            f'<p class="author">Von {join_names(s.authors, "und")}</p>\n'
            f'<p class="intro"><strong>{escape(s.lead)}</strong></p>\n{figures}'
            f'<div class="text">\n{"".join(paras)}\n</div>\n</article>\n'
            f'<section class="more-news"><h3>Weitere Meldungen</h3><ul>{related}</ul></section>\n'
            '</main>\n<footer><a href="/impressum/">Impressum</a> '
            f"© {s.published.year} {escape(self.name)}</footer>"
        )
        return self.doc(s.headline, head, body)
