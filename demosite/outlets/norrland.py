"""Norrlandsbladet: a Swedish regional daily on a headless publishing platform (Arc-style).

A hold-out: written after the rules were fixed on folha, kurier and dispatch, and
measured without changing any rule for it.

Serves (host ``www.norrlandsbladet.test``, Europe/Stockholm): ``/nyheter/``,
``/ekonomi/``, ``/sport/`` paginated as ``?sida=N`` through a "Nästa sida" link (no
``rel``); articles ``/SECTION/YYYY/MM/DD/HEADLINE/``; RSS ``/rss/`` (``rel=alternate``);
news sitemap ``/sitemap.xml`` (robots.txt). Story 5 is only in the feed.
Traps: JSON-LD with UTC ("Z") dates on half the pages, the other half dates only as
Swedish text "Publicerad 28 november 2025 kl. 09.15", "Uppdaterad ..."; author cards
(name, role, e-mail address) one per author, agency copy signed "X och Y/TT"; the lead as
"preamble"; captions "Caption <span>Foto: Name/TT</span>" or "Bild: Name/TT"; inline
"Läs också:" paragraphs; a "Mer om <Topic>" box after the text whose entries carry a
``<time>``; an "Ämnen i artikeln" tag list as topics; a "Mest läst" list in the sidebar.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from demosite.outlets.localtime import sv_text, utc_z
from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_east import SV


class Norrland(Outlet):
    name = "Norrlandsbladet"
    language = "sv"
    read_also_html = '<p><strong>Läs också:</strong> <a href="{href}">{headline}</a></p>'
    feed_path = "/rss/"
    sitemap_path = "/sitemap.xml"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.norrlandsbladet.test",
            timezone="Europe/Stockholm",
            words=SV,
            count=24,
            first_id=50100,
            newest=datetime(2025, 11, 28, 22, 35),
            step=timedelta(hours=6, minutes=41),
            feed_only=frozenset({5}),
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/{s.published:%Y/%m/%d}/{url_slug(s.headline)}/"

    def prepare(self, s: Story) -> None:
        s.topics = [s.topic, s.place]

    def page_path(self, slug: str, page: int) -> str:
        return f"/{slug}/" + (f"?sida={page}" if page > 1 else "")

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/", path)
        raw = query.get("sida", ["1"])[0]
        if not mt or mt[1] not in self.words["sections"] or not raw.isdigit() or raw == "0":
            return None
        return mt[1], int(raw)

    def _sidebar(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][:5]
        items = "".join(
            f'<li><a href="{s.path}">{escape(s.headline)}</a> <time datetime="'
            f'{utc_z(s.published)}">{s.published:%H.%M}</time></li>'
            for s in top
        )
        return f'<div class="rail"><h2>Mest läst</h2><ol class="most-read">{items}</ol></div>'

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        cards = "".join(
            f'<article class="teaser"><a class="teaser__link" href="{s.path}"><h2 class="'
            f'teaser__title">{escape(s.headline)}</h2></a><p class="teaser__preamble">'
            f"{escape(s.lead)}</p></article>\n"
            for s in items
        )
        nav = ""
        if page < pages:
            nxt = self.page_path(slug, page + 1)
            nav = f'<a class="pagination__next" href="{nxt}">Nästa sida</a>'
        body = (
            f'<div id="fusion-app"><header class="site-header"><a href="/">{escape(self.name)}'
            f'</a></header><main><h1>{escape(name)}</h1>\n{cards}<nav class="pagination">{nav}'
            "</nav></main></div>"
        )
        return self.doc(name, "", body)

    def _byline(self, s: Story) -> str:
        if s.agency == "TT":
            signed = escape(join_names(s.authors, "och")) + "/TT"
            return f'<div class="byline"><span class="byline__text">{signed}</span></div>'
        cards = "".join(
            f'<div class="byline__author"><a class="byline__name" href="/av/{url_slug(n)}/">'
            f'{escape(n)}</a><span class="byline__role">Reporter</span><a class="byline__email" '
            f'href="mailto:{url_slug(n).replace("-", ".")}@norrlandsbladet.se">'
            f"{url_slug(n).replace('-', '.')}@norrlandsbladet.se</a></div>"
            for n in s.authors
        )
        return f'<div class="byline">{cards}</div>'

    def _figure(self, s: Story, n: int) -> str:
        p = s.pictures[n]
        label = "Foto" if (s.index + n) % 2 == 0 else "Bild"
        return (
            f'<figure class="image"><img src="{p.src}" alt="" width="1280" height="720">'
            f'<figcaption><span class="image__caption">{escape(p.caption)}</span> '
            f'<span class="image__byline">{label}: {escape(p.credit)}</span></figcaption>'
            "</figure>\n"
        )

    def article(self, s: Story) -> str:
        months = SV["months"]
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta property="og:description" content="{escape(s.lead)}">\n'
        if s.variant == 0:
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": s.headline,
                "datePublished": utc_z(s.published),
                "dateModified": utc_z(s.modified or s.published),
                "author": [{"@type": "Person", "name": n} for n in s.authors],
                "publisher": {"@type": "NewsMediaOrganization", "name": self.name},
            }
            head += json_ld(ld) + "\n"
        stamp = f"<span>Publicerad {sv_text(s.published, months)}</span>"
        if s.modified:
            stamp += f" <span>Uppdaterad {sv_text(s.modified, months)}</span>"
        more = "".join(
            f'<li><a href="{r.path}">{escape(r.headline)}</a> <time datetime="'
            f'{utc_z(r.published)}">{r.published.day} {months[r.published.month - 1]}</time></li>'
            for r in self.related(s)
        )
        tags = "".join(
            f'<a class="tag" href="/amne/{url_slug(t)}/">{escape(t)}</a>' for t in s.topics
        )
        figures = "".join(self._figure(s, n) for n in range(len(s.pictures)))
        body = (
            f'<div id="fusion-app"><header class="site-header"><a href="/">{escape(self.name)}'
            '</a></header>\n<main><div class="layout">\n'
            '<article class="article">\n'
            f'<h1 class="article__headline">{escape(s.headline)}</h1>\n'
            f'<p class="article__preamble">{escape(s.lead)}</p>\n{self._byline(s)}\n'
            f'<div class="article__timestamp">{stamp}</div>\n{figures}'
            f'<div class="article-body">\n{"".join(self.paragraphs(s))}\n</div>\n'
            f'<div class="article__tags"><h2>Ämnen i artikeln</h2>{tags}</div>\n</article>\n'
            f'<section class="more-on"><h2>Mer om {escape(s.topic)}</h2><ul>{more}</ul></section>\n'
            f"{self._sidebar()}</div></main>\n"
            '<footer class="site-footer">Norrlandsbladet · Ansvarig utgivare</footer></div>'
        )
        return self.doc(s.headline, head, body)
