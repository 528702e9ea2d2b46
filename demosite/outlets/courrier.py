"""Le Courrier de l'Ouest: a French regional daily.

Serves (host ``www.courrier-ouest.test``, Europe/Paris): ``/politique/``, ``/economie/``,
``/sports/`` paginated as ``?page=N`` through numbered links only (no ``rel=next``, no
"next" label); articles ``/SECTION/HEADLINE_ID``; RSS ``/rss.xml`` (``rel=alternate``);
news sitemap ``/sitemap-news.xml`` (robots.txt). Stories 4 and 11 are only in the RSS
feed, stories 7 and 16 only in the sitemap.
Traps: half the pages have dates only as French text ("Publié le 28 novembre 2025 à
09h15, modifié le ..."); "Par X et Y" bylines; breadcrumb "Accueil › Section › Topic";
inline "À lire aussi" paragraphs linking other stories; captions "Photo : Name/AFP";
"Sur le même sujet" box after the body; datelines "Brest (AFP) – ".
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from demosite.outlets.localtime import fr_text
from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_south import FR


class Courrier(Outlet):
    name = "Le Courrier de l'Ouest"
    language = "fr"
    read_also_html = (
        '<p class="lire-aussi"><strong>À lire aussi :</strong> <a href="{href}">{headline}</a></p>'
    )
    feed_path = "/rss.xml"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.courrier-ouest.test",
            timezone="Europe/Paris",
            words=FR,
            count=30,
            first_id=560300,
            newest=datetime(2025, 11, 28, 20, 5),
            step=timedelta(hours=5, minutes=37),
            feed_only=frozenset({4, 11}),
            sitemap_only=frozenset({7, 16}),
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/{url_slug(s.headline)}_{s.id}"

    def prepare(self, s: Story) -> None:
        s.topics = [s.section, s.topic]
        if s.agency:
            s.body[0] = f"{s.place} ({s.agency}) – {s.body[0]}"

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        arts = "".join(
            f'<article class="liste-item"><a href="{s.path}"><h2>{escape(s.headline)}</h2></a>'
            f"<p>{escape(s.lead)}</p></article>\n"
            for s in items
        )
        nums = "".join(
            f'<li><a href="?page={n}">{n}</a></li>' if n != page else f"<li><span>{n}</span></li>"
            for n in range(1, pages + 1)
        )
        body = (
            f'<header><a href="/">{escape(self.name)}</a></header><main><h1>{escape(name)}</h1>'
            f'\n{arts}<ul class="pagination">{nums}</ul></main>'
        )
        return self.doc(name, "", body)

    def article(self, s: Story) -> str:
        months = FR["months"]
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta property="og:title" content="{escape(s.headline)}">\n'
        if s.variant == 0:
            ld = {
                "@context": "http://schema.org",
                "@type": "NewsArticle",
                "headline": s.headline,
                "datePublished": s.published.isoformat(),
                "author": [{"@type": "Person", "name": n} for n in s.authors],
            }
            if s.modified:
                ld["dateModified"] = s.modified.isoformat()
            head += json_ld(ld) + "\n"
        dates = f"Publié le {fr_text(s.published, months)}"
        if s.modified:
            dates += f", modifié le {fr_text(s.modified, months)}"
        crumbs = (
            '<nav class="ariane" aria-label="Fil d\'Ariane"><a href="/">Accueil</a> › '
            f'<a href="/{s.section_slug}/">{escape(s.section)}</a> › '
            f'<a href="/{s.section_slug}/{url_slug(s.topic)}/">{escape(s.topic)}</a></nav>'
        )
        figures = "".join(
            f'<figure class="illustration"><img src="{p.src}" alt="{escape(p.caption)}">'
            f"<figcaption>{escape(p.caption)} Photo : {escape(p.credit)}</figcaption></figure>\n"
            for p in s.pictures
        )
        paras = self.paragraphs(s)
        same = "".join(
            f'<li><a href="{r.path}">{escape(r.headline)}</a></li>' for r in self.related(s)
        )
        body = (
            f'<header><a href="/">{escape(self.name)}</a></header>\n<main>\n{crumbs}\n'
            f'<article>\n<h1 class="titre">{escape(s.headline)}</h1>\n'
            f'<p class="chapo">{escape(s.lead)}</p>\n'
            f'<p class="signature">Par {join_names(s.authors, "et")}</p>\n'
            f'<p class="dates">{dates}</p>\n{figures}'
            f'<div class="corps">\n{"".join(paras)}\n</div>\n</article>\n'
            f'<section class="meme-sujet"><h2>Sur le même sujet</h2><ul>{same}</ul></section>\n'
            "</main>\n<footer>Mentions légales</footer>"
        )
        return self.doc(s.headline, head, body)
