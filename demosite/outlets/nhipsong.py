"""Nhịp Sống Mới: a Vietnamese national news portal (hold-out, written before reading the
extraction rules).

HOLD-OUT: measured once before any rule changed for it; never tune rules on it
(:mod:`demosite.outlets.holdout`).

Host ``nhipsongmoi.test`` (Asia/Ho_Chi_Minh); sections ``/thoi-su``, ``/kinh-doanh``,
``/the-thao`` paged as ``/thoi-su-p2``; articles ``/ascii-slug-ID.html``; sub-topic pages
``/thoi-su/giao-thong``; RSS ``/rss/tin-moi-nhat.rss``; news sitemap
``/sitemaps/news.xml``. Story 6 is only in the feed, 13 only in the sitemap.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial
from html import escape

from demosite.outlets.holdout import HoldoutOutlet
from demosite.outlets.site import json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan
from demosite.outlets.words_vi import VI

esc = partial(escape, quote=False)
CREDITS = {"TTXVN": "TTXVN", "Reuters": "Reuters", "AFP": "AFP"}
READ_ALSO = (
    '<p class="Normal"><strong>&gt;&gt; Xem thêm: </strong><a href="{href}">{headline}</a></p>'
)


def slug(text: str) -> str:
    return url_slug(text.replace("đ", "d").replace("Đ", "D"), limit=80)


def vi_when(dt: datetime) -> str:
    """``Thứ bảy, 6/12/2026, 18:30 (GMT+7)``"""
    return f"{VI['weekdays'][dt.weekday()]}, {dt.day}/{dt.month}/{dt.year}, {dt:%H:%M} (GMT+7)"


class Nhipsong(HoldoutOutlet):
    name = "Nhịp Sống Mới"
    language = "vi"
    page_size = 3
    feed_path = "/rss/tin-moi-nhat.rss"
    sitemap_path = "/sitemaps/news.xml"
    read_also_html = READ_ALSO

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="nhipsongmoi.test",
            timezone="Asia/Ho_Chi_Minh",
            words=VI,
            count=22,
            first_id=4811902,
            newest=datetime(2026, 12, 6, 18, 30),
            step=timedelta(hours=4, minutes=53),
            feed_only=frozenset({6}),
            sitemap_only=frozenset({13}),
            organization="Nhịp Sống Mới",
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/{slug(s.headline)}-{s.id}.html"

    def prepare(self, s: Story) -> None:
        s.variant = 0 if s.index % 3 == 0 else 1  # JSON-LD + OpenGraph on a third only
        if s.index % 4 != 3:
            s.body.insert(2, self.words["subheads"][s.index % 3])
        s.topics = [s.topic] + ([self.words["tags"][s.index % 4]] if s.index % 3 == 1 else [])
        if s.agency == "staff":
            s.agency = None
        for p in s.pictures:
            who, agency = p.credit.split("/")
            p.credit = CREDITS.get(agency, who)

    # -- routing -------------------------------------------------------------------------

    def page_path(self, sec: str, page: int) -> str:
        return f"/{sec}" if page == 1 else f"/{sec}-p{page}"

    def page_of(self, path: str, query: dict[str, list[str]]) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z-]+?)(?:-p(\d+))?", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        page = int(mt[2] or 1)
        return (mt[1], page) if page >= 1 else None

    def seed(self) -> dict:
        out = super().seed()
        for sec in out["sections"]:
            sec["url"] = sec["url"].rstrip("/")
        return out

    # -- shared blocks -------------------------------------------------------------------

    def _header(self) -> str:
        nav = "".join(
            f'<li><a href="/{sec}">{esc(name)}</a></li>'
            for sec, (name, _) in self.words["sections"].items()
        )
        d = self.stories[0].published
        return (
            f'<header class="section-top"><a class="logo" href="/"><img src="/static/logo.png" '
            f'alt="{self.name}"></a><span class="time-now">{self.words["weekdays"][d.weekday()]}, '
            f'{d.day}/{d.month}/{d.year}</span><ul class="main-nav">'
            f'<li><a href="/">Trang chủ</a></li>{nav}</ul></header>\n'
        )

    def _footer(self) -> str:
        return (
            '<footer class="footer"><p>© Copyright 2026 Nhịp Sống Mới. Toàn bộ bản quyền thuộc '
            'Nhịp Sống Mới.</p><a href="/lien-he">Liên hệ</a></footer>\n<div class="cookie-bar">'
            "<p>Chúng tôi sử dụng cookie để cải thiện trải nghiệm của bạn. Bằng việc tiếp tục "
            "truy cập, bạn đồng ý với chính sách cookie.</p><button>Đồng ý</button></div>\n"
        )

    def _most_read(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][3:8]
        items = "".join(
            f'<li><h3><a href="{s.path}">{esc(s.headline)}</a></h3><span class="time">'
            f"{s.published.day}/{s.published.month}, {s.published:%H:%M}</span></li>"
            for s in top
        )
        return f'<div class="box-xemnhieu"><h2>Xem nhiều</h2><ol>{items}</ol></div>\n'

    # -- listings ------------------------------------------------------------------------

    def _item(self, s: Story) -> str:
        return (
            f'<article class="item-news"><h3 class="title-news"><a href="{s.path}">'
            f'{esc(s.headline)}</a></h3><div class="thumb"><a href="{s.path}"><img src="'
            f'{s.pictures[0].src}" alt=""></a></div><p class="description"><a href="{s.path}">'
            f"{esc(s.lead)}</a></p></article>\n"
        )

    def listing(self, sec: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(sec)
        nums = "".join(
            f'<a class="active">{n}</a>' if n == page
            else f'<a href="{self.page_path(sec, n)}">{n}</a>'
            for n in range(1, pages + 1)
        )  # fmt: skip
        if page < pages:
            nums += f'<a class="next-page" href="{self.page_path(sec, page + 1)}">›</a>'
        body = (
            f'{self._header()}<section class="container"><h1 class="title-folder">{esc(name)}'
            f'</h1>\n{"".join(self._item(s) for s in items)}<div id="pagination">{nums}</div>'
            f"</section>\n{self._most_read()}{self._footer()}"
        )
        return self.doc(f"{name} - Tin tức {name.lower()} mới nhất", "", body)

    def hub(self, path: str) -> str | None:
        """Sub-topic (``/thoi-su/giao-thong``), tag (``/chu-de/x``), author (``/tac-gia/x``)."""
        mt = re.fullmatch(r"/([a-z-]+)/([a-z0-9-]+)", path)
        if not mt:
            return None
        if mt[1] == "tac-gia":  # an author page
            items = [s for s in self.stories if any(slug(a) == mt[2] for a in s.authors)]
            names = [a for s in items for a in s.authors if slug(a) == mt[2]]
        else:
            items = [
                s
                for s in self.stories
                if s.reach == "section"
                and any(slug(t) == mt[2] for t in s.topics)
                and mt[1] in ("chu-de", s.section_slug)
            ]
            names = [t for s in items for t in s.topics if slug(t) == mt[2]]
        if not items:
            return None
        title = names[0]
        body = f"{self._header()}<section><h1>{esc(title)}</h1>{''.join(map(self._item, items))}"
        return self.doc(title, "", body + "</section>")

    # -- the article page ----------------------------------------------------------------

    def _head(self, s: Story) -> str:
        head = f'<meta name="description" content="{escape(s.lead)}">\n'
        if s.variant == 1:
            return head + (
                f'<meta property="og:image" content="http://{self.host}/static/default-share.jpg">'
                "\n"
            )
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.headline,
            "description": s.lead,
            "image": {"@type": "ImageObject", "url": s.pictures[0].src},
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "articleSection": s.section,
            "keywords": ", ".join(s.topics),
            "author": [
                {"@type": "Organization" if s.organization else "Person", "name": a}
                for a in s.authors
            ],
            "publisher": {"@type": "Organization", "name": self.name},
        }
        return head + (
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{escape(s.headline)}">\n'
            f'<meta property="og:image" content="{s.pictures[0].src}">\n'
            f'<meta property="article:section" content="{escape(s.section)}">\n'
            f'<meta property="article:published_time" content="{s.published.isoformat()}">\n'
            f"{json_ld(ld)}\n"
        )

    def _figure(self, n: int, s: Story) -> str:
        p = s.pictures[n]
        lazy = s.index % 2 == 1 and n == 0
        img = (
            f'<img src="/static/placeholder.gif" data-src="{p.src}" alt="{escape(p.caption)}">'
            if lazy
            else f'<img src="{p.src}" alt="{escape(p.caption)}">'
        )
        return (
            f'<figure class="tplCaption"><div class="fig-picture">{img}</div><figcaption>'
            f'<p class="Image">{esc(p.caption)} Ảnh: <em>{esc(p.credit)}</em></p></figcaption>'
            "</figure>\n"
        )

    def _signature(self, s: Story) -> str:
        names = " - ".join(map(esc, s.authors))
        source = f" (Theo {esc(s.agency)})" if s.agency else ""
        return f'<p class="Normal" style="text-align:right;"><strong>{names}</strong>{source}</p>'

    def _text(self, s: Story) -> str:
        heads = set(self.words["subheads"])
        bold = s.index % 2 == 1  # the older editor writes sub-headings as bold paragraphs
        paras = [
            (f'<p class="Normal"><strong>{esc(t)}</strong></p>' if bold else f"<h2>{esc(t)}</h2>")
            if t in heads
            else f'<p class="Normal">{esc(t)}</p>'
            for t in s.body
        ]
        if s.read_also is not None:
            other = self.by_id[s.read_also]
            paras.insert(
                s.read_also_at, READ_ALSO.format(href=other.path, headline=esc(other.headline))
            )
        if len(s.pictures) > 1:
            paras.insert(3, self._figure(1, s))
        paras.insert(1, '<div class="banner-ads"><p class="ads-label">Quảng cáo</p></div>')
        paras.append(self._signature(s))
        paras.append(
            '<p class="follow-zalo">Theo dõi Nhịp Sống Mới trên <a href="https://zalo.me/'
            'nhipsongmoi">Zalo</a> để nhận tin tức nhanh nhất mỗi ngày.</p>'
        )
        return f'<article class="fck_detail">\n{"".join(paras)}\n</article>\n'

    def _author_box(self, s: Story) -> str:
        if s.organization or s.index % 2 == 0:
            return ""
        a = s.authors[0]
        n = self.words["authors"].index(a)
        return (
            f'<div class="box-author"><img class="avatar" src="/static/avatar/{n}.jpg" width="40" '
            f'height="40" alt="{escape(a)}"><a href="/tac-gia/{slug(a)}">{esc(a)}</a>'
            "<span>Phóng viên</span></div>\n"
        )

    def _related(self, s: Story) -> str:
        rel = self.related(s)
        if s.index % 2 == 0:
            items = "".join(
                f'<li><h4><a href="{r.path}">{esc(r.headline)}</a></h4></li>' for r in rel
            )
            return f'<div class="box-tinlienquan"><h3>Tin liên quan</h3><ul>{items}</ul></div>\n'
        cards = "".join(
            f'<article class="item-news"><a href="{r.path}"><img src="{r.pictures[0].src}" '
            f'alt=""></a><h3><a href="{r.path}">{esc(r.headline)}</a></h3><span class="time">'
            f"{r.published:%H:%M}</span></article>"
            for r in rel
        )
        return f'<div class="box-xemthem"><h3>Xem thêm</h3>{cards}</div>\n'

    def article(self, s: Story) -> str:
        crumbs = (
            f'<ul class="breadcrumb"><li><a href="/{s.section_slug}">{esc(s.section)}</a></li>'
            f'<li><a href="/{s.section_slug}/{slug(s.topic)}">{esc(s.topic)}</a></li></ul>'
        )
        when = f'<span class="date">{vi_when(s.published)}</span>'
        if s.modified:
            m = s.modified
            when += (
                f'<span class="date-update">Cập nhật: {m.day}/{m.month}/{m.year}, {m:%H:%M}</span>'
            )
        tags = "".join(
            f'<h4 class="item-tag"><a href="/chu-de/{slug(t)}">{esc(t)}</a></h4>' for t in s.topics
        )
        share = (
            '<div class="social_share"><span>Chia sẻ</span><a href="https://facebook.com/sharer">'
            'Facebook</a><a href="https://zalo.me/share">Zalo</a><a href="#">Sao chép liên kết'
            "</a></div>"
        )
        member = (
            '<div class="box-premium"><p>Ủng hộ báo chí chất lượng: đăng ký Nhịp Sống Mới '
            'Premium để đọc không quảng cáo.</p><a href="/premium">Đăng ký ngay</a></div>\n'
        )
        body = (
            f'{self._header()}<section class="page-detail"><div class="header-content">{crumbs}'
            f'{when}</div>\n{share}\n<h1 class="title-detail">{esc(s.headline)}</h1>\n'
            f'<p class="description">{esc(s.lead)}</p>\n{self._figure(0, s)}{self._text(s)}'
            f'{self._author_box(s)}<div class="tags">{tags}</div>\n{member}{share}\n'
            f"{self._related(s)}</section>\n{self._most_read()}{self._footer()}"
        )
        return self.doc(s.headline, self._head(s), body)
