"""ქუთაისის მოამბე (Kutaisi Herald): a Georgian regional news site in Kutaisi on 1C-Bitrix
(hold-out, written before reading the extraction rules).

HOLD-OUT: measured once before any rule changed for it; never tune rules on it
(:mod:`demosite.outlets.holdout`).

Host ``www.kutaisimoambe.test`` (Asia/Tbilisi, +04:00). Sections are info-block sections
``/news/society/``, ``/news/politics/``, ``/news/economy/`` paged by Bitrix's
``?PAGEN_1=N`` ("პირველი", "წინა", numbers, "შემდეგი", "ბოლო"); news
``/news/SECTION/CODE/`` where CODE is the headline transliterated by ``CUtil::translit``
(Latin, ``_`` for anything else, 100 characters at most); RSS ``/rss/``; the seo module's
sitemap index ``/sitemap.xml`` with ``/sitemap_iblock_3.xml`` and ``/sitemap_files.xml``.
Story 7 is only in the feed, 12 only in the sitemap.

Even stories use the 2023 site template (``og:``, JSON-LD, "7 დეკემბერი 2026, 18:30",
"ავტორი: A" after the text); odd stories the old ``.default`` news.detail template (no
``og:`` or JSON-LD, "07.12.2026 18:30", the text one block with ``<br />``, the properties
"ავტორი:&nbsp;A, B" under it). BENCHMARKS.md describes both in full.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from urllib.parse import quote

from demosite.outlets.localtime import ka_bitrix, ka_long
from demosite.outlets.moambe_pages import BitrixPages, esc, translit
from demosite.outlets.site import json_ld
from demosite.outlets.stories import Picture, Story, StoryPlan
from demosite.outlets.words_ka import KA

DESK = "„ქუთაისის მოამბის“ რედაქცია"


class Moambe(BitrixPages):
    name = "ქუთაისის მოამბე"
    language = "ka"
    page_size = 4
    feed_path = "/rss/"
    sitemap_path = "/sitemap.xml"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.kutaisimoambe.test",
            timezone="Asia/Tbilisi",
            words=KA,
            count=20,
            first_id=15230,
            newest=datetime(2026, 12, 7, 19, 20),
            step=timedelta(hours=3, minutes=47),
            feed_only=frozenset({7}),
            sitemap_only=frozenset({12}),
            organization=DESK,
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/news/{s.section_slug}/{translit(s.headline)}/"

    def prepare(self, s: Story) -> None:
        if s.index % 3 != 2:
            s.body.insert(2, self.words["subheads"][s.index % 3])
        s.topics = [s.topic] + ([self.words["tags"][s.index % 4]] if s.index % 2 == 0 else [])
        for p in s.pictures:
            who, agency = p.credit.split("/")
            p.credit = who if agency == "staff" else agency

    # -- the news element ----------------------------------------------------------------

    def _head(self, s: Story) -> str:
        if s.variant == 1:
            return ""
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.headline,
            "description": s.lead,
            "image": {"@type": "ImageObject", "url": s.pictures[0].src},
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "author": [{"@type": "Organization" if s.organization else "Person", "name": a}
                       for a in s.authors],
            "publisher": {"@type": "Organization", "name": self.name},
            "mainEntityOfPage": {"@type": "WebPage", "@id": s.url},
        }  # fmt: skip
        return (
            f'<meta name="description" content="{escape(s.lead)}" />\n'
            f'<meta property="og:type" content="article" />\n'
            f'<meta property="og:title" content="{escape(s.headline)}" />\n'
            f'<meta property="og:description" content="{escape(s.lead)}" />\n'
            f'<meta property="og:image" content="{s.pictures[0].src}" />\n'
            f'<meta property="og:url" content="{s.url}" />\n'
            f'<meta property="article:published_time" content="{s.published.isoformat()}" />\n'
            f'<link rel="canonical" href="{s.url}" />\n{json_ld(ld)}\n'
        )

    def _crumbs(self, s: Story) -> str:
        items = [
            ("/", "მთავარი"),
            ("/news/", "სიახლეები"),
            (self.page_path(s.section_slug, 1), s.section),
        ]
        return (
            '<div class="bx-breadcrumb" itemprop="http://schema.org/breadcrumb" itemscope '
            'itemtype="http://schema.org/BreadcrumbList">'
            + '<i class="fa fa-angle-right"></i>'.join(
                f'<div class="bx-breadcrumb-item" itemprop="itemListElement" itemscope itemtype='
                f'"http://schema.org/ListItem"><a href="{h}" itemprop="item"><span itemprop="name">'
                f'{esc(t)}</span></a><meta itemprop="position" content="{n}" /></div>'
                for n, (h, t) in enumerate(items, 1)
            )
            + "</div>\n"
        )

    def _share(self, s: Story) -> str:
        u = quote(s.url, safe="")
        return (
            '<div class="share-block"><span>გაზიარება:</span> <a class="fb" href="https://www.'
            f'facebook.com/sharer/sharer.php?u={u}">Facebook</a> <a class="ms" href="fb-messenger'
            f'://share/?link={u}">Messenger</a> <a class="tw" href="https://x.com/intent/tweet?url='
            f'{u}">X</a> <a class="tg" href="https://t.me/share/url?url={u}">Telegram</a></div>\n'
        )

    def _inline_picture(self, p: Picture, new: bool) -> str:
        if new:
            return (
                f'<p style="text-align: center;"><img src="{p.src}" title="{escape(p.caption)}" '
                f'alt="{escape(p.caption)}" width="700"><br><em>{esc(p.caption)} / ფოტო: '
                f"{esc(p.credit)}</em></p>"
            )
        return (
            f'<img src="{p.src}" title="{escape(p.caption)}" border="0" width="600" /><br />\n'
            f"<i>{esc(p.caption)} (ფოტო: {esc(p.credit)})</i>"
        )

    def _text(self, s: Story) -> str:
        new = s.variant == 0
        heads = set(self.words["subheads"])
        if new:
            out = [f"<h3>{esc(t)}</h3>" if t in heads else f"<p>{esc(t)}</p>" for t in s.body]
        else:
            out = [f"<b>{esc(t)}</b>" if t in heads else esc(t) for t in s.body]
        if s.read_also is not None:
            o = self.by_id[s.read_also]
            link = f'<b>ასევე წაიკითხეთ:</b> <a href="{o.path}">{esc(o.headline)}</a>'
            out.insert(s.read_also_at, f"<p>{link.replace('b>', 'strong>')}</p>" if new else link)
        if len(s.pictures) > 1:
            out.insert(3, self._inline_picture(s.pictures[1], new))
        out.insert(
            1, '<div class="adv-inline"><span>რეკლამა</span><div id="adfox_1597"></div></div>'
        )
        return "\n".join(out) if new else "<br />\n<br />\n".join(out)

    def _authors(self, s: Story) -> str:
        names = [
            esc(a)
            if s.organization
            else f'<a href="/authors/{self.words["authors"].index(a) + 7}/">{esc(a)}</a>'
            for a in s.authors
        ]
        word = "ავტორები" if len(names) > 1 else "ავტორი"
        return f'<div class="news-author">{word}: {", ".join(names)}</div>\n'

    def _source(self, s: Story) -> str:
        if not s.agency or s.agency == "staff":
            return ""
        return f'<div class="news-source">წყარო: {esc(s.agency)}</div>\n'

    def _tags(self, s: Story, sep: str) -> str:
        return sep.join(f'<a href="{self._tag_path(t)}">{esc(t)}</a>' for t in s.topics)

    def _similar(self, s: Story) -> str:
        rows = "".join(
            f'<li><span class="date">{r.published:%d.%m.%Y}</span> <a href="{r.path}">'
            f"{esc(r.headline)}</a></li>"
            for r in self.related(s)
        )
        return f'<div class="similar-news"><h3>მსგავსი სიახლეები</h3><ul>{rows}</ul></div>\n'

    def _comments(self, s: Story) -> str:
        return (
            '<div class="fb-comments-wrap"><h3>კომენტარები</h3><div class="fb-comments" data-href'
            f'="{s.url}" data-numposts="5" data-width="100%"></div></div>\n'
        )

    def _new(self, s: Story) -> str:
        when = f'<span class="date">{ka_long(s.published)}</span>'
        if s.modified:
            shown = (f"{s.modified:%H:%M}" if s.modified.date() == s.published.date()
                     else ka_long(s.modified))  # fmt: skip
            when += f' <span class="updated">განახლებულია: {shown}</span>'
        p = s.pictures[0]
        return (
            f'{self._crumbs(s)}<div class="news-detail-wrap"><div class="category-label"><a href='
            f'"{self.page_path(s.section_slug, 1)}">{esc(s.section)}</a></div><h1 class="news-'
            f'title">{esc(s.headline)}</h1>\n<div class="news-meta">{when} <span class="views">'
            f'{(s.id * 37) % 4000 + 211}</span></div>\n<div class="news-preview">{esc(s.lead)}'
            f'</div>\n<div class="news-detail-picture"><img src="{p.src}" alt="{escape(s.headline)}'
            f'"><div class="photo-caption">{esc(p.caption)}</div><div class="photo-author">ფოტო: '
            f'{esc(p.credit)}</div></div>\n{self._share(s)}<div class="news-detail-text">\n'
            f"{self._text(s)}\n</div>\n{self._source(s)}{self._authors(s)}"
            f'<div class="news-tags"><span>თეგები:</span> {self._tags(s, " ")}</div>\n'
            f"{self._share(s)}{self._similar(s)}"
            f"{self._comments(s)}</div>"
        )

    def _old(self, s: Story) -> str:
        p = s.pictures[0]
        props = f"<b>ავტორი:</b>&nbsp;{esc(', '.join(s.authors))}<br />\n"
        if s.modified:
            props += f"<b>განახლდა:</b>&nbsp;{ka_bitrix(s.modified)}<br />\n"
        if s.agency and s.agency != "staff":
            props += f"<b>წყარო:</b>&nbsp;{esc(s.agency)}<br />\n"
        props += f"<b>თეგები:</b>&nbsp;{self._tags(s, ', ')}<br />\n"
        return (
            f'{self._crumbs(s)}<h1 id="pagetitle">{esc(s.headline)}</h1>\n<div class="news-detail">'
            f'\n\t<img class="detail_picture" border="0" src="{p.src}" width="600" height="400" '
            f'alt="{escape(s.headline)}" title="{escape(s.headline)}" />\n\t<div class="detail-'
            f'picture-desc">{esc(p.caption)} (ფოტო: {esc(p.credit)})</div>\n\t<span class="news-'
            f'date-time">{ka_bitrix(s.published)}</span>\n\t<h3>{esc(s.headline)}</h3>\n\t<p>'
            f'{esc(s.lead)}</p>\n{self._text(s)}\n\t<div style="clear:both"></div>\n\t<br />\n'
            f"{props}</div>\n{self._share(s)}{self._similar(s)}{self._comments(s)}"
        )

    def article(self, s: Story) -> str:
        main = self._new(s) if s.variant == 0 else self._old(s)
        return self._page(s.headline, self._head(s), main)
