"""Ege Postası: a Turkish regional news site on a commercial "haber yazılımı" script.

Written before reading the extractor's rules, to measure how they generalise. Many
Turkish local outlets run the same few commercial news scripts; this models them.

Serves (host ``www.egepostasi.test``, Europe/Istanbul): ``/gundem/``, ``/ekonomi/``,
``/spor/`` with a "Daha fazla haber yükle" link whose href is only a query (``?p=N``);
articles ``/SECTION/HEADLINE-IDh.htm``; RSS ``/rss`` (``rel=alternate``); robots.txt names a
sitemap index ``/sitemap.xml`` whose news sitemap ``/sitemap/haberler.xml`` lists the
stories. Stories 3 and 11 are only in the feed, 7 only in the sitemap.
Traps: a "Son Dakika" (breaking news) ticker of story links with times in the header;
even stories carry JSON-LD (the newsroom "Haber Merkezi" as an Organization author on
some) and ``og:type=article``; odd ones neither, their dates only as Turkish text
"Yayınlanma: 02.12.2026 - 14:05" or "2 Aralık 2026 Çarşamba 14:05", "Güncelleme: ...";
bylines "Haber: <a>X</a> ve <a>Y</a>" with the agency as a sibling "Kaynak: İHA"; the
lead as "spot" (``h2``); captions "Caption (Fotoğraf: Name/AA)" and, on the second photo
(lazy-loaded: placeholder ``src``, real ``data-src``), the credit in a sibling ``<small>``;
a breadcrumb "Ana Sayfa > Section > Topic"; on even stories an unlabelled list of two
links without dates right after the text, on odd ones a "Bunlar da ilginizi çekebilir"
box of card headings (``h3`` links); reader comments with their own dates; a
"Çok Okunanlar" list.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial
from html import escape

from demosite.outlets.site import Outlet, join_names, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_far import TR

esc = partial(escape, quote=False)
NEWS_SITEMAP = "/sitemap/haberler.xml"


def tr_short(dt: datetime) -> str:
    """``02.12.2026 - 14:05``"""
    return f"{dt:%d.%m.%Y - %H:%M}"


def tr_text(dt: datetime) -> str:
    """``2 Aralık 2026 Çarşamba 14:05``"""
    return (
        f"{dt.day} {TR['months'][dt.month - 1]} {dt.year} {TR['weekdays'][dt.weekday()]} {dt:%H:%M}"
    )


class Ege(Outlet):
    name = "Ege Postası"
    language = "tr"
    page_size = 4
    feed_path = "/rss"
    sitemap_path = "/sitemap.xml"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.egepostasi.test",
            timezone="Europe/Istanbul",
            words=TR,
            count=21,
            first_id=412300,
            newest=datetime(2026, 12, 2, 14, 5),
            step=timedelta(hours=4, minutes=49),
            feed_only=frozenset({3, 11}),
            sitemap_only=frozenset({7}),
            organization="Haber Merkezi",
        )

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/{url_slug(s.headline)}-{s.id}h.htm"

    def prepare(self, s: Story) -> None:
        s.topics = [s.section, s.topic]
        if s.variant == 0:
            s.related = s.related[:2]

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/", path)
        raw = query.get("p", ["1"])[0]
        if not mt or mt[1] not in self.words["sections"] or not raw.isdigit() or raw == "0":
            return None
        return mt[1], int(raw)

    def _render(self, path: str, query: dict):
        if path == self.sitemap_path:
            index = (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>http://{self.host}{NEWS_SITEMAP}</loc>"
                f"<lastmod>{self.stories[0].published.isoformat()}</lastmod></sitemap>"
                "</sitemapindex>\n"
            )
            return "application/xml; charset=utf-8", index.encode(), None
        if path == NEWS_SITEMAP:
            return "application/xml; charset=utf-8", self.news_sitemap().encode(), None
        return super()._render(path, query)

    def _header(self) -> str:
        nav = "".join(
            f'<li><a href="/{slug}/">{esc(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        ticker = "".join(
            f'<li><span class="saat">{s.published:%H:%M}</span> <a href="{s.path}">'
            f"{esc(s.headline)}</a></li>"
            for s in [s for s in self.stories if s.reach == "section"][:4]
        )
        return (
            f'<header class="site-header"><a class="logo" href="/">{esc(self.name)}</a>'
            f'<nav class="main-menu"><ul>{nav}</ul></nav><div class="son-dakika">'
            f"<strong>Son Dakika</strong><ul>{ticker}</ul></div></header>\n"
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        cards = "".join(
            f'<div class="haber-kutu"><a href="{s.path}"><img src="{s.pictures[0].src}" '
            f'alt=""><span class="baslik">{esc(s.headline)}</span></a>'
            f'<span class="tarih">{tr_short(s.published)}</span></div>\n'
            for s in items
        )
        more = ""
        if page < pages:
            more = f'<a class="daha-fazla" href="?p={page + 1}">Daha fazla haber yükle</a>'
        body = f"{self._header()}<main><h1>{esc(name)}</h1>\n{cards}{more}</main>"
        return self.doc(name, "", body)

    def _head(self, s: Story) -> str:
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta name="description" content="{escape(s.lead)}">\n'
        if s.variant == 1:
            return head
        head += '<meta property="og:type" content="article">\n'
        kind = "Organization" if s.organization else "Person"
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.headline,
            "description": s.lead,
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "author": [{"@type": kind, "name": n} for n in s.authors],
            "publisher": {"@type": "NewsMediaOrganization", "name": self.name},
        }
        return head + json_ld(ld) + "\n"

    def _dates(self, s: Story) -> str:
        show = tr_text if s.variant == 1 and s.index % 4 == 1 else tr_short
        when = f'<span class="yayin">Yayınlanma: {show(s.published)}</span>'
        if s.modified:
            when += f' <span class="guncelleme">Güncelleme: {show(s.modified)}</span>'
        return f'<div class="haber-tarih">{when}</div>\n'

    def _byline(self, s: Story) -> str:
        if s.organization:
            names = esc(s.authors[0])
        else:
            links = [f'<a href="/yazar/{url_slug(n)}/">{esc(n)}</a>' for n in s.authors]
            names = join_names(links, "ve")
        source = f' <span class="kaynak">Kaynak: {s.agency}</span>' if s.agency else ""
        return f'<div class="muhabir">Haber: {names}{source}</div>\n'

    def _figure(self, s: Story, n: int) -> str:
        p = s.pictures[n]
        if n == 0:
            return (
                f'<figure class="haber-gorsel"><img src="{p.src}" alt="{escape(s.headline)}">'
                f"<figcaption>{esc(p.caption)} (Fotoğraf: {esc(p.credit)})</figcaption></figure>\n"
            )
        return (
            f'<figure class="haber-gorsel"><img class="lazy" src="/static/placeholder.gif" '
            f'data-src="{p.src}" alt=""><figcaption>{esc(p.caption)}</figcaption>'
            f"<small>Fotoğraf: {esc(p.credit)}</small></figure>\n"
        )

    def _more(self, s: Story) -> str:
        if s.variant == 0:
            items = "".join(
                f'<li><a href="{r.path}">{esc(r.headline)}</a></li>' for r in self.related(s)
            )
            return f'<ul class="haber-liste">{items}</ul>\n'
        cards = "".join(
            f'<div class="kart"><a href="{r.path}"><img src="{r.pictures[0].src}" alt=""></a>'
            f'<h3><a href="{r.path}">{esc(r.headline)}</a></h3></div>'
            for r in self.related(s)
        )
        return f'<div class="ilgili"><h2>Bunlar da ilginizi çekebilir</h2>{cards}</div>\n'

    def _comments(self, s: Story) -> str:
        later = s.published + timedelta(hours=2, minutes=11)
        return (
            f'<section class="yorumlar"><h2>Yorumlar (2)</h2><div class="yorum"><b>Okur_35</b> '
            f'<span class="tarih">{tr_short(later)}</span><p>Çok güzel bir haber, teşekkürler.'
            '</p></div><div class="yorum"><b>izmirli</b> <span class="tarih">'
            f"{tr_short(later + timedelta(minutes=26))}</span><p>Bakalım ne olacak.</p></div>"
            '<form class="yorum-yap"><textarea name="yorum"></textarea>'
            "<button>Yorum yap</button></form></section>\n"
        )

    def _popular(self) -> str:
        items = "".join(
            f'<li><a href="{o.path}">{esc(o.headline)}</a></li>'
            for o in [o for o in self.stories if o.reach == "section"][4:9]
        )
        return f'<aside class="cok-okunan"><h2>Çok Okunanlar</h2><ol>{items}</ol></aside>\n'

    def article(self, s: Story) -> str:
        paras = [f"<p>{esc(t)}</p>\n" for t in s.body]
        if len(s.pictures) > 1:
            paras.insert(3, self._figure(s, 1))
        crumbs = (
            '<ol class="breadcrumb"><li><a href="/">Ana Sayfa</a></li>'
            f'<li><a href="/{s.section_slug}/">{esc(s.section)}</a></li>'
            f"<li><span>{esc(s.topic)}</span></li></ol>\n"
        )
        body = (
            f'{self._header()}<main>\n{crumbs}<article class="haber-detay">\n'
            f'<h1 class="haber-baslik">{esc(s.headline)}</h1>\n'
            f'<h2 class="spot">{esc(s.lead)}</h2>\n{self._byline(s)}{self._dates(s)}'
            f'{self._figure(s, 0)}<div class="haber-metni">\n{"".join(paras)}</div>\n'
            f"{self._more(s)}</article>\n{self._comments(s)}</main>\n{self._popular()}"
            f"<footer>© {s.published.year} {esc(self.name)}. Tüm hakları saklıdır.</footer>"
        )
        return self.doc(s.headline, self._head(s), body)
