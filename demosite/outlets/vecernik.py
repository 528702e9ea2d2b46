"""Moravský večerník: a Czech regional daily on a Czech publishing-house CMS (iDNES-style).

Written before reading the extractor's rules, to measure how they generalise.

Serves (host ``www.moravskyvecernik.test``, Europe/Prague): ``/zpravy/``, ``/ekonomika/``,
``/sport/`` paginated as ``/SECTION/strana/N/`` through a numbered pager ("1 2 3 »", no
``rel``, no "next" word); articles ``/SECTION/HEADLINE.AYYMMDD_HHMMSS_SECTION_ABC`` (no
trailing slash, no numeric id of its own); RSS ``/rss/``; news sitemap
``/sitemap-news.xml`` (robots.txt). Story 4 is only in the feed, 9 and 15 only in the
sitemap.
Traps: even stories carry JSON-LD and ``og:type=article``; odd ones neither, their dates
only as Czech text "2. prosince 2026 v 14:05" ("Aktualizováno ..."), while listings print
"2. 12. 2026 14:05"; bylines "Autor: <a>X</a>, <a>Y</a>" (agency copy "X, ČTK"); the lead
as "opener"; captions "Caption <span>Foto: Name, MAFRA</span>" and, on the second photo,
"Caption | foto: ČTK/Name"; a breadcrumb "Moravský večerník » Section » Topic"; on even
stories an unlabelled box of two links without dates right after the text, on odd ones a
"Další články z rubriky" box of card headings (``h3`` links with a perex); a "Nejčtenější"
list with times in the sidebar; a discussion teaser "Diskuse (N příspěvků)".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial
from html import escape

from demosite.outlets.site import Outlet, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_far import CS

esc = partial(escape, quote=False)
MONTHS = CS["months"]


def cs_text(dt: datetime) -> str:
    """``2. prosince 2026 v 14:05``"""
    return f"{dt.day}. {MONTHS[dt.month - 1]} {dt.year} v {dt:%H:%M}"


def cs_short(dt: datetime) -> str:
    """``2. 12. 2026 14:05`` (Czech numeric dates keep a space after each dot)."""
    return f"{dt.day}. {dt.month}. {dt.year} {dt:%H:%M}"


class Vecernik(Outlet):
    name = "Moravský večerník"
    language = "cs"
    page_size = 5
    feed_path = "/rss/"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.moravskyvecernik.test",
            timezone="Europe/Prague",
            words=CS,
            count=24,
            first_id=7100,
            newest=datetime(2026, 12, 2, 14, 5),
            step=timedelta(hours=5, minutes=17),
            feed_only=frozenset({4}),
            sitemap_only=frozenset({9, 15}),
        )

    def story_path(self, s: Story) -> str:
        code = "".join(chr(97 + (s.id * k) % 26) for k in (3, 7, 11))
        stamp = f"{s.published:%y%m%d_%H%M}{s.id % 60:02d}"
        return f"/{s.section_slug}/{url_slug(s.headline)}.A{stamp}_{s.section_slug}_{code}"

    def prepare(self, s: Story) -> None:
        s.topics = [s.section, s.topic]
        for p in s.pictures:  # MAFRA writes "Name, MAFRA", ČTK "ČTK/Name"
            who, agency = p.credit.split("/")
            p.credit = f"ČTK/{who}" if agency == "ČTK" else f"{who}, {agency}"
        if s.variant == 0:
            s.related = s.related[:2]

    def page_path(self, slug: str, page: int) -> str:
        return f"/{slug}/" if page == 1 else f"/{slug}/strana/{page}/"

    def page_of(self, path: str, query: dict) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/(?:strana/([1-9][0-9]*)/)?", path)
        if not mt or mt[1] not in self.words["sections"] or mt[2] == "1":
            return None
        return mt[1], int(mt[2] or 1)

    def hub(self, path: str) -> str | None:
        """Topic and author pages linked from every article: listings, no articles."""
        mt = re.fullmatch(r"/([a-z]+)/tema/([a-z0-9-]+)/", path)
        ma = re.fullmatch(r"/autor/([a-z0-9-]+)/", path)
        if mt and mt[1] in self.words["sections"]:
            title, items = self.by_topic(mt[2], mt[1])
        else:
            title, items = self.by_author(ma[1]) if ma else (None, [])
        if not title:
            return None
        cards = "".join(
            f'<div class="art"><h3><a href="{s.path}">{esc(s.headline)}</a></h3>'
            f'<span class="time">{cs_short(s.published)}</span></div>\n'
            for s in items
        )
        return self.doc(
            title, "", f'{self._header()}<div id="content"><h1>{esc(title)}</h1>{cards}</div>'
        )

    def _header(self) -> str:
        nav = "".join(
            f'<li><a href="/{slug}/">{esc(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        return (
            f'<div id="header"><a class="logo" href="/">{esc(self.name)}</a>'
            f'<ul class="menu">{nav}</ul></div>\n'
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        cards = "".join(
            f'<div class="art"><h3><a href="{s.path}">{esc(s.headline)}</a></h3>'
            f'<p class="perex">{esc(s.lead)}</p><span class="time">{cs_short(s.published)}'
            "</span></div>\n"
            for s in items
        )
        pager = "".join(
            f"<span>{n}</span>" if n == page else f'<a href="{self.page_path(slug, n)}">{n}</a>'
            for n in range(1, pages + 1)
        )
        if page < pages:
            pager += f' <a class="ico-right" href="{self.page_path(slug, page + 1)}">»</a>'
        body = (
            f'{self._header()}<div id="content"><h1>{esc(name)}</h1>\n{cards}'
            f'<div class="paging">{pager}</div></div>'
        )
        return self.doc(name, "", body)

    def _byline(self, s: Story) -> str:
        links = [f'<a href="/autor/{url_slug(n)}/">{esc(n)}</a>' for n in s.authors]
        text = ", ".join(links) + (", ČTK" if s.agency == "ČTK" else "")
        return f'<div class="authors">Autor: {text}</div>'

    def _photo(self, s: Story, n: int) -> str:
        p = s.pictures[n]
        if n == 0:
            desc = f'{esc(p.caption)} <span class="author">Foto: {esc(p.credit)}</span>'
        else:
            desc = f"{esc(p.caption)} | foto: {esc(p.credit)}"
        return (
            f'<figure class="opener-foto"><img src="{p.src}" alt="{escape(p.caption)}" '
            f'width="980" height="551"><figcaption>{desc}</figcaption></figure>\n'
        )

    def _head(self, s: Story) -> str:
        head = f'<link rel="canonical" href="{s.url}">\n'
        head += f'<meta name="description" content="{escape(s.lead)}">\n'
        if s.variant == 1:  # the older template: no structured data at all
            return head
        head += '<meta property="og:type" content="article">\n'
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.headline,
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "author": [{"@type": "Person", "name": n} for n in s.authors],
            "publisher": {"@type": "Organization", "name": self.name},
        }
        return head + json_ld(ld) + "\n"

    def _more(self, s: Story) -> str:
        """The related box: two bare links (even stories) or card headings (odd ones)."""
        if s.variant == 0:
            links = " ".join(f'<a href="{r.path}">{esc(r.headline)}</a>' for r in self.related(s))
            return f'<div class="art-links">{links}</div>\n'
        cards = "".join(
            f'<div class="art"><h3><a href="{r.path}">{esc(r.headline)}</a></h3>'
            f'<p class="perex">{esc(r.lead)}</p></div>'
            for r in self.related(s)
        )
        return f'<div class="box-more"><h2>Další články z rubriky</h2>{cards}</div>\n'

    def _sidebar(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][:5]
        items = "".join(
            f'<li><a href="{s.path}">{esc(s.headline)}</a> <span class="time">'
            f"{s.published:%H:%M}</span></li>"
            for s in top
        )
        return f'<div id="aside"><h2>Nejčtenější</h2><ol>{items}</ol></div>\n'

    def article(self, s: Story) -> str:
        when = f'<span class="time">{cs_text(s.published)}</span>'
        if s.modified:
            when += f' <span class="updated">Aktualizováno {cs_text(s.modified)}</span>'
        paras = [f"<p>{esc(t)}</p>\n" for t in s.body]
        if len(s.pictures) > 1:
            paras.insert(2, self._photo(s, 1))
        crumbs = (
            f'<div class="crumbs"><a href="/">{esc(self.name)}</a> » '
            f'<a href="/{s.section_slug}/">{esc(s.section)}</a> » '
            f'<a href="/{s.section_slug}/tema/{url_slug(s.topic)}/">{esc(s.topic)}</a></div>\n'
        )
        body = (
            f'{self._header()}<div id="content">\n{crumbs}<div class="art-full">\n'
            f"<h1>{esc(s.headline)}</h1>\n"
            f'<div class="art-info">{self._byline(s)}<div class="date">{when}</div></div>\n'
            f'<div class="opener">{esc(s.lead)}</div>\n{self._photo(s, 0)}'
            f'<div id="art-text">\n{"".join(paras)}</div>\n{self._more(s)}'
            f'<div class="discussion"><a href="#diskuse">Diskuse '
            f"({3 + s.index % 9} příspěvků)</a></div>\n</div>\n</div>\n{self._sidebar()}"
            f'<div id="footer">© {s.published.year} {esc(self.name)}, a.s.</div>'
        )
        return self.doc(s.headline, self._head(s), body)
