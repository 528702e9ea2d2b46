"""Gazzetta del Lago: an Italian local paper on a portal CMS with reader comments.

Serves (host ``www.gazzettadellago.test``, Europe/Rome): ``/cronaca/``, ``/economia/``,
``/sport/`` paginated as ``?pagina=N`` through a "Successiva" link without ``rel``;
articles ``/SECTION/notizie/HEADLINE-ID.html``; RSS ``/rss/``; news sitemap
``/sitemap-news.xml`` (robots.txt).
Traps: JSON-LD (with an organisation author "Redazione Gazzetta del Lago" on some
stories) on half the pages, dates "28 novembre 2025 ore 09:15" as text on all; reader
comments with their own dates after the body; "Di X e Y" bylines; photo credit in a
span beside the ``figcaption``, and on half the pages a ``figcaption`` with no
``figure`` around it; inline "Leggi anche" paragraphs; "Potrebbe interessarti anche"
box after the body; "Argomenti:" tag links as topics; datelines "COMO — ".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from demosite.outlets.localtime import it_text
from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_south import IT

ORG = "Redazione Gazzetta del Lago"


class Gazzetta(Outlet):
    name = "Gazzetta del Lago"
    language = "it"
    read_also_html = '<p class="leggi-anche">Leggi anche: <a href="{href}">{headline}</a></p>'
    feed_path = "/rss/"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.gazzettadellago.test",
            timezone="Europe/Rome",
            words=IT,
            count=30,
            first_id=612700,
            newest=datetime(2025, 11, 28, 18, 20),
            step=timedelta(hours=5, minutes=3),
            organization=ORG,
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/notizie/{url_slug(s.headline)}-{s.id}.html"

    def prepare(self, s: Story) -> None:
        s.topics = [s.topic]
        if s.agency:
            s.body[0] = f"{s.place.upper()} — {s.body[0]}"

    def page_path(self, slug: str, page: int) -> str:
        return f"/{slug}/" + (f"?pagina={page}" if page > 1 else "")

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/", path)
        raw = query.get("pagina", ["1"])[0]
        if not mt or mt[1] not in self.words["sections"] or not raw.isdigit():
            return None
        return mt[1], int(raw)

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        rows = "".join(
            f'<div class="lancio"><a class="titolo" href="{s.path}">{escape(s.headline)}</a>'
            f'<p class="sommario">{escape(s.lead)}</p></div>\n'
            for s in items
        )
        nav = ""
        if page < pages:
            nav = f'<a class="pag-succ" href="{self.page_path(slug, page + 1)}">Successiva ›</a>'
        if page > 1:
            prev = self.page_path(slug, page - 1)
            nav = f'<a class="pag-prec" href="{prev}">‹ Precedente</a> {nav}'
        body = (
            f'<div class="wrap"><h1>{escape(name)}</h1>\n{rows}'
            f'<div class="paginazione">{nav}</div></div>'
        )
        return self.doc(name, "", body)

    def _figure(self, s: Story) -> str:
        out = []
        for p in s.pictures:
            inner = (
                f'<img src="{p.src}" alt="{escape(p.caption)}">'
                f"<figcaption>{escape(p.caption)}</figcaption>"
                f'<span class="foto-credit">{escape(p.credit)}</span>'
            )
            tag = "figure" if s.variant == 0 else 'div class="foto"'
            out.append(f"<{tag}>{inner}</{tag.split()[0]}>\n")
        return "".join(out)

    def article(self, s: Story) -> str:
        months = IT["months"]
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta name="description" content="{escape(s.lead)}">\n'
        if s.variant == 0:
            author = (
                {"@type": "Organization", "name": ORG}
                if s.organization
                else [{"@type": "Person", "name": n} for n in s.authors]
            )
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": s.headline,
                "datePublished": s.published.isoformat(),
                "dateModified": (s.modified or s.published).isoformat(),
                "author": author,
                "publisher": {"@type": "Organization", "name": self.name},
            }
            head += json_ld(ld) + "\n"
        paras = self.paragraphs(s)
        byline = ORG if s.organization else f"Di {join_names(s.authors, 'e')}"
        dates = f'<span class="data">{it_text(s.published, months)}</span>'
        if s.modified:
            dates += f' <span class="agg">Aggiornato il {it_text(s.modified, months)}</span>'
        related = "".join(
            f'<li><a href="{r.path}">{escape(r.headline)}</a></li>' for r in self.related(s)
        )
        when = s.published + timedelta(hours=14)
        comments = (
            '<section class="commenti"><h3>Commenti (2)</h3>'
            f'<div class="commento"><b>lettore74</b> <span class="data">{it_text(when, months)}'
            "</span><p>Era ora, speriamo che funzioni.</p></div>"
            f'<div class="commento"><b>Gianni</b> <span class="data">'
            f"{it_text(when + timedelta(minutes=47), months)}</span><p>Solite promesse.</p></div>"
            "</section>"
        )
        body = (
            f'<div class="wrap"><a class="logo" href="/">{escape(self.name)}</a>\n'
            f'<div class="articolo">\n<h1 class="titolo">{escape(s.headline)}</h1>\n'
            f'<h2 class="sottotitolo">{escape(s.lead)}</h2>\n'
            f'<p class="firma">{byline}</p>\n<div class="date">{dates}</div>\n'
            f'{self._figure(s)}<div class="testo">\n{"".join(paras)}\n</div>\n'
            f'<div class="tags">Argomenti: <a href="/tag/{url_slug(s.topic)}/">'
            f"{escape(s.topic)}</a>"
            "</div>\n</div>\n"
            f'<div class="correlati"><h3>Potrebbe interessarti anche</h3><ul>{related}</ul></div>\n'
            f"{comments}\n</div>"
        )
        return self.doc(s.headline, head, body)
