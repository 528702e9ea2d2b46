"""Folha do Vale: a Brazilian regional site on WordPress with a magazine theme and Jetpack.

Serves (host ``www.folhadovale.test``, America/Sao_Paulo): ``/categoria/politica/``,
``/categoria/economia/``, ``/categoria/esportes/`` paginated WordPress-style as
``/categoria/SECTION/page/N/`` through numbered links and an icon-only arrow (no label,
no ``rel``); articles ``/YYYY/MM/DD/HEADLINE/``; RSS ``/feed/``; a Yoast sitemap index
``/sitemap_index.xml`` (robots.txt) naming ``/post-sitemap.xml``. Stories 6 and 19 are
only in the feed, 9 only in the sitemap.
Traps: Yoast ``@graph`` JSON-LD on every page with UTC ``+00:00`` dates and a single
author reference (co-authored stories show two names in the byline only); the byline
"Por <a>X</a> e <a>Y</a> -" in the theme's author block, an author box under the text;
the category pill above the headline; the featured image "Caption - Foto: Name/Agency",
a second image inside the text as ``wp-caption`` with "(Foto: Name/Agency)"; inline
"Leia mais:" paragraphs; a Jetpack share bar and Jetpack related posts (with dates)
inside the content; a "Mais lidas" sidebar with dates; reader comments on some stories;
tags after a "TAGS" label; text dates "28/11/2025 09h15".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from demosite.outlets.localtime import pt_short, pt_text, utc_offset
from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_east import PT


def pt_day(dt: datetime) -> str:
    """``28 de novembro de 2025`` (Jetpack's related-post date)."""
    return f"{dt.day} de {PT['months'][dt.month - 1]} de {dt.year}"


class Folha(Outlet):
    name = "Folha do Vale"
    language = "pt"
    read_also_html = '<p><strong>Leia mais:</strong> <a href="{href}">{headline}</a></p>'
    sitemap_path = "/sitemap_index.xml"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.folhadovale.test",
            timezone="America/Sao_Paulo",
            words=PT,
            count=27,
            first_id=90410,
            newest=datetime(2025, 11, 28, 22, 10),
            step=timedelta(hours=6, minutes=17),
            feed_only=frozenset({6, 19}),
            sitemap_only=frozenset({9}),
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.published:%Y/%m/%d}/{url_slug(s.headline)}/"

    def prepare(self, s: Story) -> None:
        s.topics = [s.topic]

    def seed(self) -> dict:
        seed = super().seed()
        for sec in seed["sections"]:
            sec["url"] = sec["url"].replace(f"{self.host}/", f"{self.host}/categoria/")
        return seed

    def home(self) -> str:
        return super().home().replace('href="/', 'href="/categoria/')

    def page_path(self, slug: str, page: int) -> str:
        return f"/categoria/{slug}/" + (f"page/{page}/" if page > 1 else "")

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/categoria/([a-z]+)/(?:page/(\d+)/)?", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        return mt[1], int(mt[2] or 1)

    # -- Yoast sitemaps: an index naming one post sitemap ---------------------------------

    def news_sitemap(self) -> str:
        newest = max(s.modified or s.published for s in self.stories)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"<sitemap><loc>http://{self.host}/post-sitemap.xml</loc>"
            f"<lastmod>{utc_offset(newest)}</lastmod></sitemap>\n</sitemapindex>\n"
        )

    def post_sitemap(self) -> str:
        urls = "".join(
            f"<url><loc>{s.url}</loc><lastmod>{utc_offset(s.modified or s.published)}</lastmod>"
            "</url>\n"
            for s in self.in_sitemap()
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
        )

    def _render(self, path: str, query: dict) -> tuple[str, bytes, datetime | None] | None:
        if path == "/post-sitemap.xml":
            newest = max(s.modified or s.published for s in self.stories)
            return "application/xml; charset=utf-8", self.post_sitemap().encode(), newest
        return super()._render(path, query)

    # -- pages ---------------------------------------------------------------------------

    def _sidebar(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][:4]
        items = "".join(
            f'<div class="td_module_6"><h3 class="entry-title td-module-title"><a href="{s.url}" '
            f'rel="bookmark">{escape(s.headline)}</a></h3><span class="td-post-date"><time '
            f'class="entry-date" datetime="{s.published.isoformat()}">{s.published:%d/%m/%Y}'
            "</time></span></div>"
            for s in top
        )
        return (
            '<aside class="td-pb-span4 td-main-sidebar"><div class="td_block_wrap td_block_7">'
            f'<h4 class="block-title"><span>Mais lidas</span></h4>{items}</div></aside>'
        )

    def _chrome(self) -> str:
        nav = "".join(
            f'<li class="menu-item"><a href="/categoria/{slug}/">{escape(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        return (
            f'<div class="td-header-wrap"><a class="td-logo" href="/">{escape(self.name)}</a>'
            f'<ul id="menu-principal" class="sf-menu">{nav}</ul></div>\n'
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        mods = "".join(
            f'<div class="td_module_10 td_module_wrap"><div class="td-module-thumb"><a href="'
            f'{s.url}" rel="bookmark" class="td-image-wrap"><img class="entry-thumb" src="'
            f'{s.pictures[0].src}" alt=""></a></div><div class="item-details"><h3 class="'
            f'entry-title td-module-title"><a href="{s.url}" rel="bookmark">{escape(s.headline)}'
            f'</a></h3><div class="td-module-meta-info"><span class="td-post-date"><time '
            f'class="entry-date" datetime="{s.published.isoformat()}">{s.published:%d/%m/%Y}'
            f'</time></span></div><div class="td-excerpt">{escape(s.lead)}</div></div></div>\n'
            for s in items
        )
        nums = "".join(
            f'<span class="current">{n}</span>'
            if n == page
            else f'<a href="{self.page_path(slug, n)}" class="page" title="{n}">{n}</a>'
            for n in range(1, pages + 1)
        )
        if page < pages:
            nums += f'<a href="{self.page_path(slug, page + 1)}"><i class="td-icon-right"></i></a>'
        body = (
            f'{self._chrome()}<div class="td-main-content-wrap"><div class="td-pb-span8">'
            f'<h1 class="entry-title td-page-title">{escape(name)}</h1>\n{mods}'
            f'<div class="page-nav td-pb-padding-side">{nums}<span class="pages">Página {page} '
            f"de {pages}</span></div></div>{self._sidebar()}</div>"
        )
        return self.doc(name, "", body)

    def _ld(self, s: Story) -> str:
        person = f"http://{self.host}/#/schema/person/{url_slug(s.authors[0])}"
        graph = [
            {
                "@type": "NewsArticle",
                "@id": f"{s.url}#article",
                "isPartOf": {"@id": s.url},
                "author": {"name": s.authors[0], "@id": person},
                "headline": s.headline,
                "datePublished": utc_offset(s.published),
                "dateModified": utc_offset(s.modified or s.published),
                "mainEntityOfPage": {"@id": s.url},
                "publisher": {"@id": f"http://{self.host}/#organization"},
                "articleSection": [s.section],
                "inLanguage": "pt-BR",
            },
            {
                "@type": "WebPage",
                "@id": s.url,
                "url": s.url,
                "name": f"{s.headline} - {self.name}",
                "datePublished": utc_offset(s.published),
                "dateModified": utc_offset(s.modified or s.published),
                "description": s.lead,
                "inLanguage": "pt-BR",
            },
            {"@type": "Organization", "@id": f"http://{self.host}/#organization",
             "name": self.name},
            {"@type": "Person", "@id": person, "name": s.authors[0],
             "url": f"http://{self.host}/author/{url_slug(s.authors[0])}/"},
        ]  # fmt: skip
        return json_ld({"@context": "https://schema.org", "@graph": graph})

    def _pictures(self, s: Story) -> tuple[str, str]:
        """(the featured image, the in-text image or "")."""
        p = s.pictures[0]
        featured = (
            '<div class="td-post-featured-image"><figure><a href="'
            f'{p.src}" data-caption="{escape(p.caption)}"><img class="entry-thumb td-modal-image" '
            f'src="{p.src}" alt="" title="{escape(p.caption)}"></a><figcaption class="'
            f'wp-caption-text">{escape(p.caption)} - Foto: {escape(p.credit)}</figcaption>'
            "</figure></div>\n"
        )
        inline = ""
        if len(s.pictures) > 1:
            q = s.pictures[1]
            inline = (
                f'<div id="attachment_{s.id}" class="wp-caption aligncenter" style="width: 810px">'
                f'<img class="size-large wp-image-{s.id}" src="{q.src}" alt="" width="800" '
                f'height="533"><p class="wp-caption-text">{escape(q.caption)} (Foto: '
                f"{escape(q.credit)})</p></div>"
            )
        return featured, inline

    def _comments(self, s: Story) -> str:
        if s.index % 3 != 2:
            return ""
        when = s.published + timedelta(hours=3, minutes=12)
        later = when + timedelta(hours=2)
        return (
            '<div class="comments" id="comments"><h4 class="td-comments-title">2 comentários</h4>'
            '<ol class="comment-list"><li class="comment"><article><footer><div class="'
            'comment-author vcard"><cite class="fn">Carlos M.</cite></div><time datetime="'
            f'{when.isoformat()}">{pt_short(when)}</time></footer><div class="comment-content">'
            "<p>Já passou da hora de resolver isso.</p></div></article></li>"
            '<li class="comment"><article><footer><div class="comment-author vcard"><cite '
            f'class="fn">Rosângela</cite></div><time datetime="{later.isoformat()}">'
            f'{pt_short(later)}</time></footer><div class="comment-content">'
            "<p>Concordo com a prefeitura.</p></div></article></li></ol></div>"
        )

    def article(self, s: Story) -> str:
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta property="og:description" content="{escape(s.lead)}">\n'
        head += f'<meta property="article:published_time" content="{utc_offset(s.published)}">\n'
        head += self._ld(s) + "\n"
        links = [f'<a href="/author/{url_slug(n)}/">{escape(n)}</a>' for n in s.authors]
        stamp = (
            f'<span class="td-post-date"><time class="entry-date updated td-module-date" '
            f'datetime="{s.published.isoformat()}">{pt_short(s.published)}</time></span>'
        )
        if s.modified:
            stamp += (
                f' <span class="td-post-date-update">Atualizado em '
                f"{pt_text(s.modified, PT['months'])}</span>"
            )
        featured, inline = self._pictures(s)
        paras = self.paragraphs(s)
        if inline:
            paras.insert(1, inline)
        share = (
            '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block '
            'sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Compartilhe isso:</h3>'
            '<div class="sd-content"><ul>'
            + "".join(
                f'<li class="share-{k}"><a class="share-{k} sd-button" href="{s.url}?share={k}" '
                f'target="_blank"><span>{v}</span></a></li>'
                for k, v in (
                    ("facebook", "Facebook"),
                    ("twitter", "X"),
                    ("jetpack-whatsapp", "WhatsApp"),
                )
            )  # fmt: skip
            + "</ul></div></div></div>"
        )
        related = "".join(
            f'<div class="jp-relatedposts-post jp-relatedposts-post{n}" data-post-id="{r.id}">'
            f'<h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="'
            f'{r.url}" title="{escape(r.headline)}">{escape(r.headline)}</a></h4>'
            f'<p class="jp-relatedposts-post-date">{pt_day(r.published)}</p>'
            f'<p class="jp-relatedposts-post-context">Em "{escape(r.section)}"</p></div>'
            for n, r in enumerate(self.related(s))
        )
        jetpack = (
            "<div id='jp-relatedposts' class='jp-relatedposts'><h3 class=\"jp-relatedposts-headline"
            f'"><em>Relacionado</em></h3><div class="jp-relatedposts-items">{related}</div></div>'
        )
        first = s.authors[0]
        body = (
            f'{self._chrome()}<div class="td-main-content-wrap"><div class="td-pb-span8">'
            '<article class="post type-post status-publish format-standard has-post-thumbnail">\n'
            '<div class="td-post-header"><ul class="td-category"><li class="entry-category"><a '
            f'href="/categoria/{s.section_slug}/">{escape(s.section)}</a></li></ul>\n'
            f'<header class="td-post-title"><h1 class="entry-title">{escape(s.headline)}</h1>\n'
            f'<p class="td-post-sub-title">{escape(s.lead)}</p>\n<div class="td-module-meta-info">'
            '<div class="td-post-author-name"><div class="td-author-by">Por</div> '
            f'{join_names(links, "e")}<div class="td-author-line"> - </div></div> {stamp}'
            f"</div></header></div>\n{featured}"
            f'<div class="td-post-content tagdiv-type">\n{"".join(paras)}\n{share}{jetpack}</div>\n'
            '<footer><div class="td-post-source-tags"><ul class="td-tags td-post-small-box">'
            f'<li><span>TAGS</span></li><li><a href="/tag/{url_slug(s.topic)}/">'
            f"{escape(s.topic)}</a></li></ul></div>\n"
            '<div class="author-box-wrap"><div class="desc"><div class="td-author-name vcard '
            f'author"><span class="fn"><a href="/author/{url_slug(first)}/">{escape(first)}</a>'
            '</span></div><div class="td-author-description">Repórter da Folha do Vale.</div>'
            f"</div></div></footer>\n</article>\n{self._comments(s)}</div>{self._sidebar()}</div>"
            '<div class="td-footer-wrap">© Folha do Vale - Todos os direitos reservados</div>'
        )
        return self.doc(s.headline, head, body)
