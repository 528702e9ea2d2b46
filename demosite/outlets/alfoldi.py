"""Alföldi Hírek: a Hungarian regional portal, headless Ghost behind a Next.js front end.

Written before reading the extractor's rules (after the vecernik/ege fixes), to measure
how they generalise to a language and a template family they were not built with.

Serves (host ``www.alfoldihirek.test``, Europe/Budapest): ``/belfold/``, ``/gazdasag/``,
``/sport/`` paginated as ``?oldal=N`` by a "Régebbi cikkek" link (no ``rel``, no "next"
word); articles ``/SECTION/YYYY/MM/DD/SLUG`` (no trailing slash); Ghost's RSS ``/rss/``
with the newest 15 posts only; Ghost's sitemap index ``/sitemap.xml`` (robots.txt) with
posts, pages and tags sitemaps (``lastmod`` only, no ``news:`` titles). Story 4 is only
in the feed, 9 and 13 only in the sitemap; the oldest are in no feed.
Traps: even stories are rendered with the SEO component (Ghost's JSON-LD with UTC
``.000Z`` stamps and only the *primary* author, ``article:published_time``,
``twitter:data1``); odd ones (imported from the old CMS) have none of it, a
``<time datetime="YYYY-MM-DD">`` holding only the day while its text says "2026. december
2., szerda 11:20", "Utolsó frissítés: 2026. 12. 02. 13:05"; the header prints today's date;
Hungarian names are family name first, bylines "A és B" as links (even) or "Szerző: A és B"
(odd) with "Forrás: MTI" for agency copy, every 7th story by the newsroom itself; captions
"Caption – Fotó: MTI/Name" and, in the text, a Koenig image card "Caption (Fotó: Name)"
with a ``srcset``; a kicker (the primary tag) above the ``h1``; on even stories a Ghost
bookmark card inside the text and "Kapcsolódó cikkek" cards with dates after it, on odd
ones a "Hirdetés" slot in the text and a plain "A rovat további hírei" list; a newsletter
box, a "Legfrissebb" list with times, a cookie banner and ``__NEXT_DATA__``.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from functools import partial
from html import escape

from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_far import HU

esc = partial(escape, quote=False)
MONTHS, WEEKDAYS = HU["months"], HU["weekdays"]
BOOKMARK = (
    '<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="{href}">'
    '<div class="kg-bookmark-content"><div class="kg-bookmark-title">{headline}</div>'
    '<div class="kg-bookmark-metadata"><span class="kg-bookmark-author">Alföldi Hírek</span>'
    "</div></div></a></figure>"
)


def hu_text(dt: datetime) -> str:
    """``2026. december 2. 11:20``"""
    return f"{dt.year}. {MONTHS[dt.month - 1]} {dt.day}. {dt:%H:%M}"


def hu_weekday(dt: datetime) -> str:
    """``2026. december 2., szerda 11:20``"""
    return f"{dt.year}. {MONTHS[dt.month - 1]} {dt.day}., {WEEKDAYS[dt.weekday()]} {dt:%H:%M}"


def hu_short(dt: datetime) -> str:
    """``2026. 12. 02. 11:20`` (year first, a dot and a space after each part)."""
    return f"{dt:%Y. %m. %d. %H:%M}"


def ghost_utc(dt: datetime) -> str:
    """``2026-12-02T10:20:00.000Z``, as the Ghost Content API stamps every date."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


class Alfoldi(Outlet):
    name = "Alföldi Hírek"
    language = "hu"
    page_size = 4
    feed_path = "/rss/"
    sitemap_path = "/sitemap.xml"
    page_query = "oldal"
    read_also_html = BOOKMARK

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.alfoldihirek.test",
            timezone="Europe/Budapest",
            words=HU,
            count=18,
            first_id=5300,
            newest=datetime(2026, 12, 2, 11, 20),
            step=timedelta(hours=7, minutes=13),
            feed_only=frozenset({4}),
            sitemap_only=frozenset({9, 13}),
            organization="Alföldi Hírek",
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/{s.published:%Y/%m/%d}/{url_slug(s.headline)}"

    def prepare(self, s: Story) -> None:
        s.topics = [s.topic]
        for p in s.pictures:  # MTI credits "MTI/Name"; the portal's own staff by name only
            who, agency = p.credit.split("/")
            p.credit = f"MTI/{who}" if agency == "MTI" else who

    # -- feed and Ghost's sitemaps -------------------------------------------------------

    def in_feed(self) -> list[Story]:
        return [s for s in self.stories if s.reach != "sitemap"][:15]

    def news_sitemap(self) -> str:
        maps = "".join(
            f"<sitemap><loc>http://{self.host}/sitemap-{kind}.xml</loc></sitemap>"
            for kind in ("pages", "posts", "tags")
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}'
            "</sitemapindex>\n"
        )

    def _urlset(self, rows: list[tuple[str, datetime]]) -> str:
        urls = "".join(
            f"<url><loc>{loc}</loc><lastmod>{ghost_utc(when)}</lastmod></url>\n"
            for loc, when in rows
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
        )

    def _render(self, path: str, query: dict):
        newest = self.stories[0].published
        rows = {
            "/sitemap-posts.xml": [(s.url, s.modified or s.published) for s in self.in_sitemap()],
            "/sitemap-pages.xml": [(f"http://{self.host}/impresszum", newest)],
            "/sitemap-tags.xml": [
                (f"http://{self.host}/cimke/{url_slug(t)}", newest)
                for _, (_, topics) in self.words["sections"].items()
                for t in topics
            ],
        }.get(path)
        if rows is not None:
            return "application/xml; charset=utf-8", self._urlset(rows).encode(), newest
        return super()._render(path, query)

    # -- listings ------------------------------------------------------------------------

    def _header(self) -> str:
        nav = "".join(
            f'<a class="Header_navLink__Qm3xT" href="/{slug}/">{esc(name)}</a>'
            for slug, (name, _) in self.words["sections"].items()
        )
        today = self.stories[0].published
        day = f"{today.year}. {MONTHS[today.month - 1]} {today.day}., {WEEKDAYS[today.weekday()]}"
        return (
            f'<header class="Header_header__a8Zq1"><a class="Header_logo__k2Lp0" href="/">'
            f'{esc(self.name)}</a><nav class="Header_nav__Vt4sB">{nav}</nav>'
            f'<div class="Header_today__0pQe7">{day}</div></header>\n'
        )

    def _card(self, s: Story, tag: str = "h2") -> str:
        return (
            f'<article class="ArticleCard_card__Yx2Pa"><span class="ArticleCard_kicker__r5Dk1">'
            f'{esc(s.topic)}</span><{tag} class="ArticleCard_title__L0oEw"><a href="{s.path}">'
            f"{esc(s.headline)}</a></{tag}><p>{esc(s.lead)}</p>"
            f'<time datetime="{ghost_utc(s.published)}">{hu_short(s.published)}</time></article>\n'
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        pager = f'<span class="Pager_count__Hn1sZ">{page}. oldal / {pages}</span>'
        if page > 1:
            pager = f'<a href="{self.page_path(slug, page - 1)}">← Újabb cikkek</a> ' + pager
        if page < pages:
            pager += f' <a href="{self.page_path(slug, page + 1)}">Régebbi cikkek →</a>'
        body = (
            f'<div id="__next">{self._header()}<main class="Layout_main__c7Hhd"><h1>{esc(name)}'
            f"</h1>\n{''.join(self._card(s) for s in items)}"
            f'<nav class="Pager_pager__Tq8rM">{pager}</nav></main></div>'
        )
        return self.doc(f"{name} – {self.name}", "", body)

    def hub(self, path: str) -> str | None:
        """Tag and author pages linked from every article: listings, no articles."""
        if path == "/impresszum":
            text = f"<h1>Impresszum</h1><p>Kiadó: {esc(self.name)} Kft., Szeged.</p>"
            return self.doc("Impresszum", "", f'<div id="__next">{self._header()}{text}</div>')
        mt = re.fullmatch(r"/cimke/([a-z0-9-]+)", path)
        ma = re.fullmatch(r"/szerzo/([a-z0-9-]+)", path)
        title, items = self.by_topic(mt[1]) if mt else self.by_author(ma[1]) if ma else (None, [])
        if not title:
            return None
        cards = "".join(self._card(s) for s in items)
        body = f'<div id="__next">{self._header()}<main><h1>{esc(title)}</h1>{cards}</main></div>'
        return self.doc(title, "", body)

    # -- the article page ----------------------------------------------------------------

    def _head(self, s: Story) -> str:
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta name="description" content="{escape(s.lead)}">\n'
        if s.variant == 1:  # imported from the old CMS: no SEO component
            return head
        first = s.authors[0]
        author = {"@type": "Organization" if s.organization else "Person", "name": first}
        if not s.organization:
            author["url"] = f"http://{self.host}/szerzo/{url_slug(first)}"
        ld = {
            "@context": "https://schema.org",
            "@type": "Article",
            "publisher": {"@type": "Organization", "name": self.name,
                          "url": f"http://{self.host}/"},
            "author": author,  # Ghost names the primary author only
            "headline": s.headline,
            "url": s.url,
            "datePublished": ghost_utc(s.published),
            "dateModified": ghost_utc(s.modified or s.published),
            "image": {"@type": "ImageObject", "url": s.pictures[0].src},
            "keywords": s.topic,
            "description": s.lead,
            "mainEntityOfPage": s.url,
        }  # fmt: skip
        meta = [
            ("property", "og:type", "article"),
            ("property", "og:title", s.headline),
            ("property", "og:image", s.pictures[0].src),
            ("property", "article:published_time", ghost_utc(s.published)),
            ("property", "article:modified_time", ghost_utc(s.modified or s.published)),
            ("property", "article:tag", s.topic),
            ("name", "twitter:label1", "Written by"),
            ("name", "twitter:data1", first),
        ]
        head += "".join(f'<meta {k}="{n}" content="{escape(v)}">\n' for k, n, v in meta)
        return head + json_ld(ld) + "\n"

    def _byline(self, s: Story) -> str:
        source = f" | Forrás: {esc(s.agency)}" if s.agency == "MTI" else ""
        if s.variant == 1:
            names = esc(join_names(s.authors, HU["and"]))
            return f'<p class="Meta_author__u3Rw2">Szerző: {names}{source}</p>'
        links = [
            esc(n) if s.organization else f'<a href="/szerzo/{url_slug(n)}">{esc(n)}</a>'
            for n in s.authors
        ]
        return (
            f'<div class="Byline_byline__q7Zt2"><span class="Byline_authors__9xK1d">'
            f"{join_names(links, HU['and'])}</span>{source}</div>"
        )

    def _dates(self, s: Story) -> str:
        if s.variant == 1:
            when = f'<time datetime="{s.published:%Y-%m-%d}">{hu_weekday(s.published)}</time>'
            if s.modified:
                when += f" <span>Utolsó frissítés: {hu_short(s.modified)}</span>"
        else:
            when = f'<time datetime="{ghost_utc(s.published)}">{hu_text(s.published)}</time>'
            if s.modified:
                when += f" <span>Frissítve: {hu_text(s.modified)}</span>"
        minutes = 2 + len(" ".join(s.body)) // 400
        return (
            f'<div class="Meta_dates__e1Fz8">{when} <span class="Meta_reading__P0aW3">'
            f"{minutes} perc olvasás</span></div>"
        )

    def _figure(self, s: Story, n: int) -> str:
        p = s.pictures[n]
        if n == 0:
            return (
                f'<figure class="Article_feature__mN4x2"><img src="{p.src}" alt="" width="1200" '
                f'height="800"><figcaption>{esc(p.caption)} – Fotó: {esc(p.credit)}'
                "</figcaption></figure>\n"
            )
        return (
            f'<figure class="kg-card kg-image-card kg-card-hascaption"><img src="{p.src}" '
            f'class="kg-image" alt="" loading="lazy" width="1200" height="800" '
            f'srcset="{p.src}?w=600 600w, {p.src} 1200w"><figcaption><span style="white-space: '
            f'pre-wrap;">{esc(p.caption)}</span> (Fotó: {esc(p.credit)})</figcaption></figure>\n'
        )

    def _text(self, s: Story) -> str:
        paras = self.paragraphs(s)
        if len(s.pictures) > 1:
            paras.insert(min(3, len(paras)), self._figure(s, 1))
        if s.variant == 1:
            ad = '<div class="Ad_slot__W2c9k"><span>Hirdetés</span><div></div></div>'
            paras.insert(1, ad)
        return f'<div class="gh-content Article_body__Jq5vN">\n{"".join(paras)}\n</div>\n'

    def _more(self, s: Story) -> str:
        """Related cards with dates (even stories) or a plain list of links (odd ones)."""
        if s.variant == 0:
            cards = "".join(self._card(r, "h3") for r in self.related(s))
            head = '<section class="Related_related__Bv6Qe"><h2>Kapcsolódó cikkek</h2>'
            return f"{head}{cards}</section>\n"
        items = "".join(
            f'<li><a href="{r.path}">{esc(r.headline)}</a></li>' for r in self.related(s)
        )
        return (
            f'<div class="SectionMore_box__Fs0aT"><h2>A rovat további hírei</h2><ul>{items}'
            "</ul></div>\n"
        )

    def _aside(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][:5]
        items = "".join(
            f'<li><time>{s.published:%H:%M}</time> <a href="{s.path}">{esc(s.headline)}</a></li>'
            for s in top
        )
        return f'<aside class="Latest_latest__t8UuR"><h2>Legfrissebb</h2><ol>{items}</ol></aside>\n'

    def _next_data(self, s: Story) -> str:
        post = {
            "id": f"{s.id:024x}",
            "title": s.headline,
            "slug": url_slug(s.headline),
            "custom_excerpt": s.lead,
            "published_at": ghost_utc(s.published),
            "primary_tag": {"name": s.topic, "slug": url_slug(s.topic)},
            "primary_author": {"name": s.authors[0]},
        }
        data = {"props": {"pageProps": {"post": post}}, "page": "/[rovat]/[...slug]",
                "buildId": "hx7Q2mW1"}  # fmt: skip
        text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        return f'<script id="__NEXT_DATA__" type="application/json">{text}</script>'

    def article(self, s: Story) -> str:
        kicker = (
            f'<a class="Article_kicker__Zr6Yb" href="/cimke/{url_slug(s.topic)}">{esc(s.topic)}</a>'
        )
        newsletter = (
            '<section class="Newsletter_box__p9KcS"><h3>Iratkozzon fel hírlevelünkre!</h3>'
            "<p>A nap legfontosabb hírei minden reggel a postafiókjában.</p>"
            '<form><input type="email" placeholder="E-mail-cím"><button>Feliratkozom</button>'
            "</form></section>\n"
        )
        body = (
            f'<div id="__next">{self._header()}<main class="Layout_main__c7Hhd">\n'
            f'<article class="Article_article__k3Jd9">\n<div class="Article_head__S1xY4">'
            f"{kicker}\n<h1>{esc(s.headline)}</h1>\n"
            f'<p class="Article_excerpt__Hh2Wd">{esc(s.lead)}</p>\n'
            f"{self._byline(s)}\n{self._dates(s)}\n</div>\n{self._figure(s, 0)}"
            f"{self._text(s)}{self._more(s)}{newsletter}</article>\n{self._aside()}</main>\n"
            f'<footer class="Footer_footer__G4mVn">© {s.published.year} {esc(self.name)} Kft. '
            'Minden jog fenntartva. <a href="/impresszum">Impresszum</a></footer>\n'
            '<div class="Cookie_banner__R7yNc"><p>Weboldalunk sütiket használ a jobb '
            "felhasználói élmény érdekében.</p><button>Elfogadom</button></div>\n</div>\n"
            f"{self._next_data(s)}"
        )
        return self.doc(s.headline, self._head(s), body)
