"""Noorder Dagblad: a Dutch regional news site on a headless front end.

Serves (host ``www.noorderdagblad.test``, Europe/Amsterdam): ``/binnenland/``,
``/economie/``, ``/sport/`` paginated as ``/SECTION/pagina/N`` with ``rel=next`` only in
the head (the visible link is a "Volgende" button); articles ``/artikel/ID-HEADLINE.html``;
Atom feed ``/feeds/atom.xml``; news sitemap ``/sitemap-news.xml`` (robots.txt). Stories
6 and 17 are only in the Atom feed.
Traps: ``<time>`` elements and JSON-LD stamped in UTC ("Z"), so stories around midnight
fall on another local day; Dutch text dates "vrijdag 28 november 2025, 09:15"; "Door X en
Y" bylines; lazy-loaded images that all share one placeholder ``src`` (the real URL is
in ``data-src``); captions with a trailing "(Name/ANP)" credit, or on half the pages
only in the image's ``alt`` and ``title``; the kicker as topic; inline "Lees ook:"
paragraphs; "Meer nieuws" box after the body; datelines "GRONINGEN - ".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from demosite.outlets.localtime import nl_text, utc_z
from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_north import NL

PLACEHOLDER = "/static/placeholder.gif"


class Noorder(Outlet):
    name = "Noorder Dagblad"
    language = "nl"
    read_also_html = '<p class="read-more">Lees ook: <a href="{href}">{headline}</a></p>'
    feed_path = "/feeds/atom.xml"
    feed_kind = "atom"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.noorderdagblad.test",
            timezone="Europe/Amsterdam",
            words=NL,
            count=30,
            first_id=845000,
            newest=datetime(2025, 11, 28, 23, 55),
            step=timedelta(hours=4, minutes=31),
            feed_only=frozenset({6, 17}),
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/artikel/{s.id}-{url_slug(s.headline)}.html"

    def prepare(self, s: Story) -> None:
        s.topics = [s.topic]
        if s.agency:
            s.body[0] = f"{s.place.upper()} - {s.body[0]}"

    def page_path(self, slug: str, page: int) -> str:
        return f"/{slug}/" if page == 1 else f"/{slug}/pagina/{page}"

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/(?:pagina/(\d+))?", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        return mt[1], int(mt[2] or 1)

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        head = ""
        button = ""
        if page < pages:
            nxt = self.page_path(slug, page + 1)
            head = f'<link rel="next" href="http://{self.host}{nxt}">\n'
            button = f'<a class="button button--more" href="{nxt}">Volgende</a>'
        items_html = "".join(
            f'<li class="item"><a href="{s.path}"><span class="kicker">{escape(s.topic)}</span> '
            f'{escape(s.headline)}</a> <time datetime="{utc_z(s.published)}">'
            f"{s.published:%H:%M}</time></li>\n"
            for s in items
        )
        body = f'<div id="app"><h1>{escape(name)}</h1><ul>\n{items_html}</ul>{button}</div>'
        return self.doc(name, head, body)

    def _pictures(self, s: Story) -> str:
        out = []
        for p in s.pictures:
            lazy = f'src="{PLACEHOLDER}" data-src="{p.src}" class="lazyload"'
            if s.variant == 0:
                out.append(
                    f'<figure class="media"><img {lazy} alt="">'
                    f"<figcaption>{escape(p.caption)} ({escape(p.credit)})</figcaption></figure>\n"
                )
            else:
                out.append(
                    f'<div class="media"><img {lazy} alt="{escape(p.caption)}" '
                    f'title="Foto: {escape(p.credit)}"></div>\n'
                )
        return "".join(out)

    def article(self, s: Story) -> str:
        months = NL["months"]
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta name="description" content="{escape(s.lead)}">\n'
        if s.variant == 0:
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": s.headline,
                "datePublished": utc_z(s.published),
                "dateModified": utc_z(s.modified or s.published),
                "author": [{"@type": "Person", "name": n} for n in s.authors],
            }
            head += json_ld(ld) + "\n"
        paras = self.paragraphs(s)
        stamp = f'<time datetime="{utc_z(s.published)}">{nl_text(s.published, months)}</time>'
        if s.modified:
            stamp += (
                f' · bijgewerkt <time datetime="{utc_z(s.modified)}">'
                f"{nl_text(s.modified, months)}</time>"
            )
        more = "".join(
            f'<li><a href="{r.path}">{escape(r.headline)}</a> '
            f'<time datetime="{utc_z(r.published)}">{r.published:%d-%m %H:%M}</time></li>'
            for r in self.related(s)
        )
        body = (
            f'<div id="app">\n<header><a href="/">{escape(self.name)}</a></header>\n<main>\n'
            f'<article class="article">\n<span class="kicker">{escape(s.topic)}</span>\n'
            f'<h1 class="article__title">{escape(s.headline)}</h1>\n'
            f'<div class="article__meta">Door {join_names(s.authors, "en")} · {stamp}</div>\n'
            f'<p class="article__intro">{escape(s.lead)}</p>\n{self._pictures(s)}'
            f'<div class="article__body">\n{"".join(paras)}\n</div>\n</article>\n'
            f'<section class="more"><h2>Meer nieuws</h2><ul>{more}</ul></section>\n</main>\n</div>'
        )
        return self.doc(s.headline, head, body)
