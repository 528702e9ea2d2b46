"""Kurier Nadwiślański: a Polish regional daily on Drupal (field-based node templates).

Serves (host ``www.kuriernadwislanski.test``, Europe/Warsaw): ``/wiadomosci/``,
``/biznes/``, ``/sport/`` with Drupal's zero-based pager (``?page=1`` is the second page;
numbered links and an arrow with ``rel=next`` and a visually hidden "Następna strona");
articles ``/SECTION/HEADLINE/ar/c1-ID``; RSS ``/rss.xml``; a plain sitemap ``/sitemap.xml``
with ``lastmod`` only (robots.txt). Stories 3 and 14 are only in the sitemap.
Traps: JSON-LD on half the pages, ``article:published_time`` meta on all, text dates with
genitive month names "28 listopada 2025, 9:15" and "Aktualizacja: 28.11.2025, 11:02";
authors as separate field items after an "Autor" label; the photo credit "fot. X/Y"
inside the caption, or on half the pages in a sibling field whose class says
"image-author"; a "Zobacz również" box of three links between the body paragraphs;
inline "Czytaj także:" paragraphs; an ad slot "REKLAMA" in the text; breadcrumb
"Strona główna › Section"; tags after a "Tagi" label; a "Źródło: PAP" line under
agency stories.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from demosite.outlets.localtime import pl_short, pl_text
from demosite.outlets.site import Outlet, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_east import PL


class Kurier(Outlet):
    name = "Kurier Nadwiślański"
    language = "pl"
    read_also_html = '<p><strong>Czytaj także:</strong> <a href="{href}">{headline}</a></p>'
    feed_path = "/rss.xml"
    sitemap_path = "/sitemap.xml"
    page_size = 5

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.kuriernadwislanski.test",
            timezone="Europe/Warsaw",
            words=PL,
            count=24,
            first_id=18233410,
            newest=datetime(2025, 11, 28, 21, 45),
            step=timedelta(hours=7, minutes=9),
            sitemap_only=frozenset({3, 14}),
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/{url_slug(s.headline)}/ar/c1-{s.id}"

    def prepare(self, s: Story) -> None:
        s.topics = [s.section, s.topic, s.place]

    def page_path(self, slug: str, page: int) -> str:
        return f"/{slug}/" + (f"?page={page - 1}" if page > 1 else "")

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/", path)
        raw = query.get("page", ["0"])[0]
        if not mt or mt[1] not in self.words["sections"] or not raw.isdigit():
            return None
        return mt[1], int(raw) + 1

    def news_sitemap(self) -> str:
        urls = "".join(
            f"<url><loc>{s.url}</loc><lastmod>{(s.modified or s.published).isoformat()}"
            "</lastmod><changefreq>daily</changefreq></url>\n"
            for s in self.in_sitemap()
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
        )

    def _chrome(self) -> str:
        nav = "".join(
            f'<li class="menu-item"><a href="/{slug}/">{escape(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        return (
            f'<header role="banner" class="site-header"><a class="site-logo" href="/" rel="home">'
            f'{escape(self.name)}</a><nav role="navigation"><ul class="menu">{nav}</ul></nav>'
            "</header>\n"
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        rows = "".join(
            '<div class="views-row"><article class="node node--type-article node--view-mode-'
            f'teaser"><h2 class="node__title"><a href="{s.path}" rel="bookmark"><span>'
            f'{escape(s.headline)}</span></a></h2><div class="node__meta">'
            f"{pl_short(s.published)}</div></article></div>\n"
            for s in items
        )
        nums = "".join(
            f'<li class="pager__item{" is-active" if n == page else ""}"><a href="?page={n - 1}" '
            f'title="Przejdź do strony {n}">{n}</a></li>'
            for n in range(1, pages + 1)
        )
        if page < pages:
            nums += (
                f'<li class="pager__item pager__item--next"><a href="?page={page}" '
                'title="Przejdź do następnej strony" rel="next"><span class="visually-hidden">'
                'Następna strona</span><span aria-hidden="true">››</span></a></li>'
            )
        body = (
            f'{self._chrome()}<main role="main"><h1 class="page-title">{escape(name)}</h1>\n'
            f'<div class="view-content">{rows}</div><nav class="pager" role="navigation">'
            f'<ul class="pager__items js-pager__items">{nums}</ul></nav></main>'
        )
        return self.doc(name, "", body)

    def _figure(self, s: Story, n: int) -> str:
        p = s.pictures[n]
        img = (
            f'<img src="{p.src}" alt="{escape(p.caption)}" width="960" height="640" loading="lazy">'
        )
        if s.variant == 0:
            cap = (
                f'<figcaption>{escape(p.caption)} <span class="image-source">fot. '
                f"{escape(p.credit)}</span></figcaption>"
            )
        else:
            cap = (
                f"<figcaption>{escape(p.caption)}</figcaption>"
                '<div class="field field--name-field-image-author field--type-string">'
                f"Fot. {escape(p.credit)}</div>"
            )
        return (
            '<div class="field field--name-field-image field--type-image">'
            f'<figure class="image">{img}{cap}</figure></div>\n'
        )

    def _people(self, s: Story) -> str:
        items = "".join(
            f'<div class="field__item"><a href="/autor/{url_slug(n)}" hreflang="pl">{escape(n)}'
            "</a></div>"
            for n in s.authors
        )
        return (
            '<div class="field field--name-field-autor field--type-entity-reference">'
            f'<div class="field__label">Autor</div><div class="field__items">{items}</div></div>'
        )

    def article(self, s: Story) -> str:
        months = PL["months"]
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta property="article:published_time" content="{s.published.isoformat()}">\n'
        if s.modified:
            head += f'<meta property="article:modified_time" content="{s.modified.isoformat()}">\n'
        if s.variant == 0:
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": s.headline,
                "description": s.lead,
                "datePublished": s.published.isoformat(),
                "dateModified": (s.modified or s.published).isoformat(),
                "author": [{"@type": "Person", "name": n} for n in s.authors],
                "publisher": {"@type": "Organization", "name": self.name},
            }
            head += json_ld(ld) + "\n"
        crumbs = (
            '<nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb">'
            '<h2 id="system-breadcrumb" class="visually-hidden">Okruszki</h2><ol>'
            '<li><a href="/">Strona główna</a></li>'
            f'<li><a href="/{s.section_slug}/">{escape(s.section)}</a></li></ol></nav>'
        )
        meta = f'<span class="date">{pl_text(s.published, months)}</span>'
        if s.modified:
            meta += f' <span class="updated">Aktualizacja: {pl_short(s.modified)}</span>'
        paras = self.paragraphs(s)
        boxed = "".join(
            f'<li><a href="{r.path}">{escape(r.headline)}</a></li>' for r in self.related(s)
        )
        paras.insert(
            min(2, len(paras)),
            '<div class="field field--name-field-polecane"><h3>Zobacz również</h3>'
            f"<ul>{boxed}</ul></div>",
        )
        paras.insert(1, '<div class="ad-slot" id="ad-inarticle-1"><span>REKLAMA</span></div>')
        figures = "".join(self._figure(s, n) for n in range(len(s.pictures)))
        source = (
            f'<div class="field field--name-field-zrodlo">Źródło: {escape(s.agency)}</div>'
            if s.agency
            else ""
        )
        tags = "".join(
            f'<div class="field__item"><a href="/tagi/{url_slug(t)}" hreflang="pl">{escape(t)}'
            "</a></div>"
            for t in (s.topic, s.place)
        )
        body = (
            f'{self._chrome()}<main role="main">{crumbs}\n'
            '<article role="article" class="node node--type-article node--view-mode-full">\n'
            f'<h1 class="page-title"><span class="field field--name-title">{escape(s.headline)}'
            f'</span></h1>\n<div class="node__meta">{self._people(s)} {meta}</div>\n'
            '<div class="field field--name-field-lead field--type-text-long"><p>'
            f"{escape(s.lead)}</p></div>\n{figures}"
            '<div class="field field--name-body field--type-text-with-summary">\n'
            f"{''.join(paras)}\n</div>\n{source}"
            '<div class="field field--name-field-tags"><div class="field__label">Tagi</div>'
            f'<div class="field__items">{tags}</div></div>\n</article>\n</main>\n'
            '<footer class="site-footer"><a href="/regulamin">Regulamin</a> '
            f"© {s.published.year} Kurier Nadwiślański</footer>"
        )
        return self.doc(s.headline, head, body)
