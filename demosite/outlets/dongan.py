"""東岸日報 (East Coast Daily): a Traditional Chinese regional daily in Hualien, Taiwan, on
an ASP.NET Web Forms site (hold-out, written before reading the extraction rules).

HOLD-OUT: measured once before any rule changed for it; never tune rules on it
(:mod:`demosite.outlets.holdout`). The project has a ``zh`` language pack (its seed says
``language = "zh"``, the pages ``lang="zh-Hant-TW"``); Traditional characters and the
Taiwanese wire conventions below are what this outlet adds.

Host ``www.donganpost.test`` (Asia/Taipei, +08:00); lists ``/list/pol.aspx``,
``/list/fin.aspx``, ``/list/life.aspx`` paged by ``?pg=N`` ("下一頁", numbers, and a
"看更多" ``__doPostBack`` button); articles ``/news/SECTION/YYYYMMDDNNNN.aspx``; RSS
``/rss/news.xml``; news sitemap ``/sitemap/news.xml``. Story 3 is only in the feed, 16 only
in the sitemap.

Every page is one Web Forms ``<form id="form1">`` with ``__VIEWSTATE``. The text opens
with a wire dateline that carries the reporters ("（東岸日報記者A、B花蓮7日電）", part of the
text) and closes with the editor and the Minguo-year date code "（編輯：C）1151207";
captions end in "（東岸日報記者X攝 115年12月7日）" or "（路透社）". Even stories use the
2024 redesign (JSON-LD, ``og:type article``, the lead as a subtitle ``h2``, "2026/12/07
18:30（更新：…）", ``p`` paragraphs, ``h2`` sub-headings); odd ones the legacy 2015
template (tables, "發稿時間：…" and "最後更新：…", the text one ``span`` with ``<br><br>``
between paragraphs, the lead only in the meta description).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial
from html import escape
from urllib.parse import quote

from demosite.outlets.holdout import HoldoutOutlet
from demosite.outlets.localtime import roc_code, roc_long, zh_slash
from demosite.outlets.site import json_ld
from demosite.outlets.stories import Picture, Story, StoryPlan
from demosite.outlets.words_zh_hant import ZH_HANT

esc = partial(escape, quote=False)
PAPER = "東岸日報"
DESK = "東岸日報綜合報導"
EDITORS = ["周美玲", "鄭志明", "楊文華"]
VIEWSTATE = "/wEPDwUKMTY1NDU2MTA1MmRkZ3Z5Q0x6bVhQRnJ0S1ZtSXhBb1dGQWd4c0E9"


def join_zh(names: list[str]) -> str:
    return "、".join(names)


class Dongan(HoldoutOutlet):
    name = PAPER
    language = "zh"
    page_size = 3
    feed_path = "/rss/news.xml"
    sitemap_path = "/sitemap/news.xml"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.donganpost.test",
            timezone="Asia/Taipei",
            words=ZH_HANT,
            count=21,
            first_id=3170,
            newest=datetime(2026, 12, 7, 19, 10),
            step=timedelta(hours=4, minutes=38),
            feed_only=frozenset({3}),
            sitemap_only=frozenset({16}),
            organization=DESK,
            read_also=True,
        )

    def story_path(self, s: Story) -> str:
        return f"/news/{s.section_slug}/{s.published:%Y%m%d}{s.id % 10000:04d}.aspx"

    def prepare(self, s: Story) -> None:
        s.body = [re.sub(r"(?<=[。」？！])\s+", "", p) for p in s.body]
        if s.organization:
            line = f"（{PAPER}{s.place}{s.published.day}日綜合報導）"
        else:
            line = f"（{PAPER}記者{join_zh(s.authors)}{s.place}{s.published.day}日電）"
        s.body[0] = line + s.body[0]
        if s.index % 3 != 0:
            s.body.insert(3, self.words["subheads"][s.index % 3])
        s.topics = [s.topic] + ([self.words["tags"][s.index % 4]] if s.index % 2 == 1 else [])
        s.agency = None
        for p in s.pictures:
            who, agency = p.credit.split("/")
            p.credit = f"{PAPER}記者{who}攝" if agency == "staff" else agency

    # -- URLs ----------------------------------------------------------------------------

    def page_path(self, slug: str, page: int) -> str:
        return f"/list/{slug}.aspx" + (f"?pg={page}" if page > 1 else "")

    def page_of(self, path: str, query: dict[str, list[str]]) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/list/([a-z]+)\.aspx", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        raw = query.get("pg", ["1"])[0]
        return (mt[1], int(raw)) if raw.isdigit() and int(raw) >= 1 else None

    def seed(self) -> dict:
        seed = super().seed()
        for sec, slug in zip(seed["sections"], self.words["sections"], strict=True):
            sec["url"] = f"http://{self.host}{self.page_path(slug, 1)}"
        return seed

    # -- shared blocks -------------------------------------------------------------------

    def doc(self, title: str, head: str, body: str, action: str = "./default.aspx") -> str:
        return (
            '<!DOCTYPE html>\n<html lang="zh-Hant-TW">\n<head><meta charset="utf-8"><title>\n'
            f"\t{escape(title)} | {PAPER}\n</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"{self.alternate()}\n{head}</head>\n<body>\n"
            f'<form method="post" action="{action}" id="form1">\n<div class="aspNetHidden">\n'
            '<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="">\n'
            f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{VIEWSTATE}">\n'
            '</div>\n<script type="text/javascript">\nfunction __doPostBack(eventTarget, '
            "eventArgument) { var theForm = document.forms['form1']; theForm.__EVENTTARGET."
            "value = eventTarget; theForm.submit(); }\n</script>\n"
            f'{body}\n<div id="cookieBar" class="cookie-bar">本網站使用Cookie以提供更好的瀏覽'
            '體驗，繼續瀏覽即表示您同意我們的<a href="/privacy.aspx">隱私權政策</a>。<a class="'
            'btn-close" href="javascript:void(0)">我知道了</a></div>\n</form>\n</body>\n</html>\n'
        )

    def _header(self) -> str:
        nav = "".join(
            f'<li><a href="{self.page_path(slug, 1)}">{esc(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        return (
            '<header class="header"><div class="topBar"><span id="ctl00_lblToday">'
            f'{roc_long(self.stories[0].published)}</span><a href="/epaper.aspx">電子報</a>'
            '<a href="/member/login.aspx">會員登入</a></div><div class="logo"><a href="/"><img '
            f'src="/static/images/logo.png" alt="{PAPER}"></a></div><nav class="mainMenu"><ul>'
            f'<li><a href="/">首頁</a></li>{nav}<li><a href="/list/video.aspx">影音</a></li></ul>'
            "</nav></header>\n"
        )

    def _popular(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][1:7]
        items = "".join(
            f'<li><span class="num">{n}</span><a href="{s.path}">{esc(s.headline)}</a><span '
            f'class="time">{s.published:%H:%M}</span></li>'
            for n, s in enumerate(top, 1)
        )
        return (
            f'<aside class="sideBar"><div class="popular"><h2>熱門新聞</h2><ol>{items}</ol></div>'
            '<div class="advertise"><span class="adLabel">廣告</span><div id="div-gpt-ad-side">'
            '</div></div><div class="epaperBox"><h3>訂閱電子報</h3><p>每天早上七點，花東大小事一'
            '次掌握</p><input type="text" name="ctl00$txtEmail" placeholder="請輸入Email"><a '
            "href=\"javascript:__doPostBack('ctl00$btnSubscribe','')\">訂閱</a></div></aside>\n"
        )

    def _footer(self) -> str:
        return (
            f'<footer class="footer"><p>{PAPER} 版權所有 © 2026 Dongan Daily News. All Rights '
            'Reserved.</p><p><a href="/about.aspx">關於我們</a> | <a href="/privacy.aspx">隱私權'
            '政策</a> | <a href="/contact.aspx">聯絡我們</a></p></footer>\n'
        )

    # -- listings ------------------------------------------------------------------------

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        rows = "".join(
            f'<li><a href="{s.path}"><div class="listImg"><img src="{s.pictures[0].src}" alt="">'
            f'</div><div class="listInfo"><h2>{esc(s.headline)}</h2><div class="date">'
            f"{zh_slash(s.published)}</div></div></a></li>\n"
            for s in items
        )
        pager = "".join(
            f'<span class="current">{n}</span>' if n == page
            else f'<a href="{self.page_path(slug, n)}">{n}</a>'
            for n in range(1, pages + 1)
        )  # fmt: skip
        if page > 1:
            pager = f'<a href="{self.page_path(slug, page - 1)}">上一頁</a>' + pager
        if page < pages:
            pager += f'<a href="{self.page_path(slug, page + 1)}">下一頁</a>'
        body = (
            f'{self._header()}<div class="wrapper"><div class="centralContent"><h1 class="'
            f'listTitle">{esc(name)}</h1><ul id="jsMainList" class="mainList">\n{rows}</ul><a '
            f"class=\"viewMore\" href=\"javascript:__doPostBack('ctl00$Main$lnkMore','')\">看更多"
            f'</a><div class="pagination">{pager}</div></div>{self._popular()}</div>'
            f"{self._footer()}"
        )
        return self.doc(name, "", body)

    # -- the article page ----------------------------------------------------------------

    def _head(self, s: Story) -> str:
        head = (
            f'<meta name="description" content="{escape(s.lead)}">\n'
            f'<meta property="og:title" content="{escape(s.headline)} | {PAPER}">\n'
            f'<meta property="og:description" content="{escape(s.lead)}">\n'
            f'<meta property="og:image" content="{s.pictures[0].src}">\n'
        )
        if s.variant == 1:
            return head
        ld = {
            "@context": "http://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": s.url},
            "headline": s.headline,
            "description": s.lead,
            "image": {"@type": "ImageObject", "url": s.pictures[0].src},
            "datePublished": s.published.isoformat(),
            "dateModified": (s.modified or s.published).isoformat(),
            "author": [
                {"@type": "Organization" if s.organization else "Person", "name": a}
                for a in s.authors
            ],
            "publisher": {"@type": "Organization", "name": PAPER},
            "keywords": s.topics,
        }
        return head + (
            '<meta property="og:type" content="article">\n'
            f'<link rel="canonical" href="{s.url}">\n{json_ld(ld)}\n'
        )

    def _caption(self, p: Picture, s: Story) -> str:
        mark = f"{p.credit} {s.published.year - 1911}年{s.published.month}月{s.published.day}日"
        return f"{esc(p.caption)}（{esc(mark if p.credit.startswith(PAPER) else p.credit)}）"

    def _editor(self, s: Story) -> str:
        return f"（編輯：{EDITORS[s.index % 3]}）{roc_code(s.published)}"

    def _blocks(self, s: Story, legacy: bool) -> list[str]:
        heads = set(self.words["subheads"])
        sub = "<strong>{}</strong>" if legacy else "<h2>{}</h2>"
        para = "{}" if legacy else "<p>{}</p>"
        out = [sub.format(esc(t)) if t in heads else para.format(esc(t)) for t in s.body]
        if s.read_also is not None:
            o = self.by_id[s.read_also]
            out.insert(s.read_also_at, (para if legacy else '<p class="readMore">{}</p>').format(
                f'延伸閱讀：<a href="{o.path}">{esc(o.headline)}</a>'))  # fmt: skip
        out.append(para.format(self._editor(s)))
        return out

    def _tags(self, s: Story) -> str:
        tags = "".join(f'<a href="/search/tag.aspx?kw={quote(t)}">#{esc(t)}</a>' for t in s.topics)
        return f'<div class="keywordTag">{tags}</div>\n'

    def _related(self, s: Story) -> str:
        items = "".join(
            f'<li><a href="{r.path}">{esc(r.headline)}</a><span class="date">'
            f"{r.published:%Y/%m/%d}</span></li>"
            for r in self.related(s)
        )
        return f'<div class="moreArticle"><h2>相關新聞</h2><ul>{items}</ul></div>\n'

    def _promos(self) -> str:
        return (
            '<div class="linePromo"><a href="https://line.me/R/ti/p/@donganpost">加入東岸日報'
            "LINE好友，花東新聞第一手掌握</a></div>\n"
        )

    def _new(self, s: Story) -> str:
        when = f'<span id="ctl00_Main_lblDate">{zh_slash(s.published)}</span>'
        if s.modified:
            when += f"（更新：{zh_slash(s.modified)}）"
        p = s.pictures[0]
        blocks = self._blocks(s, False)
        blocks.insert(1, '<div class="advertise"><span class="adLabel">廣告</span><div id="'
                         'div-gpt-ad-inread"></div></div>')  # fmt: skip
        if len(s.pictures) > 1:
            q = s.pictures[1]
            cap = self._caption(q, s)
            fig = f'<figure class="floatImg center"><img src="{q.src}" alt="">'
            blocks.insert(4, f'{fig}<figcaption class="picinfo">{cap}</figcaption></figure>')
        return (
            f'<div class="breadcrumb" id="ctl00_Main_divBreadcrumb"><a href="/">首頁</a> &gt; '
            f'<a href="{self.page_path(s.section_slug, 1)}">{esc(s.section)}</a></div>\n<article'
            f' class="article" data-origin-type-name="{esc(s.section)}"><h1 id="ctl00_Main_'
            f'lblTitle"><span>{esc(s.headline)}</span></h1><h2 class="subtitle">{esc(s.lead)}'
            f'</h2>\n<div class="timeBox"><div class="updatetime">{when}</div><div class="share'
            'Bar"><a href="https://www.facebook.com/sharer.php">分享</a><a href="https://social-'
            'plugins.line.me/lineit/share">LINE</a><a class="copyLink">複製連結</a></div></div>'
            f'\n<div class="fullPic"><figure class="floatImg center"><img src="{p.src}" alt="'
            f'{escape(p.caption)}"><figcaption class="picinfo">{self._caption(p, s)}</figcaption>'
            f'</figure></div>\n<div class="paragraph" id="ctl00_Main_divContent">\n'
            f"{''.join(blocks)}\n</div>\n{self._promos()}{self._tags(s)}{self._related(s)}"
            f'<div class="fbComments"><h2>留言</h2><div class="fb-comments" data-href="{s.url}" '
            'data-numposts="5"></div></div></article>'
        )

    def _legacy(self, s: Story) -> str:
        info = f"發稿時間：{zh_slash(s.published)}"
        if s.modified:
            info += f"　最後更新：{zh_slash(s.modified)}"
        p, sec_url = s.pictures[0], self.page_path(s.section_slug, 1)
        text = "<br><br>".join(self._blocks(s, True))
        second = ""
        if len(s.pictures) > 1:
            q = s.pictures[1]
            second = (f'<div class="picbox"><img src="{q.src}" alt=""><div class="piccaption">'
                      f"{self._caption(q, s)}</div></div>")  # fmt: skip
        return (
            f'<table id="ctl00_ContentPlaceHolder1_tblNews" class="newsTable" width="100%">'
            f'<tr><td class="path"><a href="/">首頁</a> / <a href="{sec_url}">'
            f'{esc(s.section)}</a></td></tr>\n<tr><td class="news_title"><span id="'
            f'ctl00_ContentPlaceHolder1_lblTitle">{esc(s.headline)}</span></td></tr>\n<tr><td '
            f'class="news_time">{info}　<a href="javascript:window.print()">列印</a>　<a href="'
            f"javascript:__doPostBack('ctl00$ContentPlaceHolder1$lnkFont','')\">字級</a></td>"
            f'</tr>\n<tr><td class="news_pic"><div class="picbox"><img src="{p.src}" alt=""><div'
            f' class="piccaption">{self._caption(p, s)}</div></div></td></tr>\n<tr><td class="'
            f'news_content"><span id="ctl00_ContentPlaceHolder1_lblContent">{text}</span>'
            f"{second}</td></tr>\n</table>\n{self._tags(s)}{self._promos()}{self._related(s)}"
        )

    def article(self, s: Story) -> str:
        page = self._new(s) if s.variant == 0 else self._legacy(s)
        body = (
            f'{self._header()}<div class="wrapper"><div class="centralContent">\n{page}\n</div>'
            f"{self._popular()}</div>{self._footer()}"
        )
        return self.doc(s.headline, self._head(s), body, "./" + s.path.rsplit("/", 1)[1])
