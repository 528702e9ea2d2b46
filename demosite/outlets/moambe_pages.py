"""ქუთაისის მოამბე's 1C-Bitrix pages other than the news element: site chrome, info-block
lists with ``?PAGEN_1=N``, tag and author lists, the seo module's sitemaps (hold-out, see
:mod:`demosite.outlets.moambe`).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import partial
from html import escape
from urllib.parse import quote, unquote

from demosite.outlets.holdout import HoldoutOutlet
from demosite.outlets.localtime import WEEKDAYS_KA, ka_bitrix, ka_long
from demosite.outlets.site import sitemap_index, urlset
from demosite.outlets.stories import Story

esc = partial(escape, quote=False)
SITE_DESCRIPTION = (
    "ქუთაისის მოამბე — ქუთაისისა და იმერეთის ახალი ამბები, პოლიტიკა, ეკონომიკა, საზოგადოება"
)
KEYWORDS = "ქუთაისი, იმერეთი, ახალი ამბები, სიახლეები, პოლიტიკა, ეკონომიკა"
LATIN = dict(zip(
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    "a b g d e v z t i k l m n o p zh r s t u p k gh q sh ch ts dz ts ch kh j h".split(),
    strict=True,
))  # fmt: skip


def translit(text: str) -> str:
    """``CUtil::translit`` as the site calls it: lower case, ``_`` for the rest, 100 at most."""
    latin = "".join(LATIN.get(c, c) for c in text.lower())
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9]", "_", latin)).strip("_")[:100].rstrip("_")


class BitrixPages(HoldoutOutlet):
    """Everything of the site but the article view."""

    # -- URLs ----------------------------------------------------------------------------

    def page_path(self, slug: str, page: int) -> str:
        return f"/news/{slug}/" + (f"?PAGEN_1={page}" if page > 1 else "")

    def page_of(self, path: str, query: dict[str, list[str]]) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/news/([a-z]+)/", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        raw = query.get("PAGEN_1", ["1"])[0]
        return (mt[1], int(raw)) if raw.isdigit() and int(raw) >= 1 else None

    def seed(self) -> dict:
        seed = super().seed()
        for sec, slug in zip(seed["sections"], self.words["sections"], strict=True):
            sec["url"] = f"http://{self.host}{self.page_path(slug, 1)}"
        return seed

    def hub(self, path: str) -> str | None:
        """Tag pages ``/tags/WORD/`` and author pages ``/authors/N/``: story lists."""
        author = re.fullmatch(r"/authors/(\d+)/", path)
        if author and 0 <= int(author[1]) - 7 < len(self.words["authors"]):
            name = self.words["authors"][int(author[1]) - 7]
            items = [s for s in self.stories if name in s.authors and s.reach == "section"]
            main = f'<h1 id="pagetitle">{esc(name)}</h1>\n<div class="news-list">'
            return self._page(name, "", main + self._cards(items) + "</div>")
        mt = re.fullmatch(r"/tags/([^/]+)/", path)
        if not mt:
            return None
        tag = unquote(mt[1])
        items = [s for s in self.stories if tag in s.topics and s.reach == "section"]
        if not items:
            return None
        cards = self._cards(items)
        main = f'<h1 id="pagetitle">#{esc(tag)}</h1>\n<div class="news-list">{cards}</div>'
        return self._page(tag, "", main)

    def _tag_path(self, tag: str) -> str:
        return f"/tags/{quote(tag)}/"

    def _render(self, path: str, query: dict) -> tuple[str, bytes, datetime | None] | None:
        if path == "/robots.txt":
            text = (
                "User-Agent: *\nDisallow: */index.php\nDisallow: /bitrix/\nDisallow: /*show_incl"
                "ude_exec_mode=\nDisallow: /*show_page_exec_time=\nDisallow: /*clear_cache=\n"
                "Disallow: /*?print=\nDisallow: /*&print=\nDisallow: /*login=\nDisallow: /*logout="
                "\nDisallow: /*backurl=\nDisallow: /search/\nAllow: /bitrix/components/\nAllow: "
                f"/bitrix/js/\nAllow: /bitrix/templates/\nHost: {self.host}\n\nSitemap: http://"
                f"{self.host}{self.sitemap_path}\n"
            )
            return "text/plain; charset=utf-8", text.encode(), None
        if path in ("/sitemap_iblock_3.xml", "/sitemap_files.xml"):
            return "application/xml; charset=utf-8", self._sitemap(path).encode(), None
        return super()._render(path, query)

    # -- sitemaps ------------------------------------------------------------------------

    def news_sitemap(self) -> str:
        locs = [f"http://{self.host}{p}" for p in ("/sitemap_files.xml", "/sitemap_iblock_3.xml")]
        return sitemap_index(locs, self.stories[0].published)

    def _sitemap(self, path: str) -> str:
        if path == "/sitemap_iblock_3.xml":
            return urlset([(s.url, s.modified or s.published) for s in self.in_sitemap()])
        pages = ["/", "/about/"] + [f"/news/{slug}/" for slug in self.words["sections"]]
        return urlset([(f"http://{self.host}{p}", None) for p in pages])

    # -- shared blocks -------------------------------------------------------------------

    def doc(self, title: str, head: str, body: str) -> str:
        if '<meta name="description"' not in head:
            head = f'<meta name="description" content="{SITE_DESCRIPTION}" />\n' + head
        return (
            '<!DOCTYPE html>\n<html lang="ka">\n<head>\n<meta http-equiv="Content-Type" content='
            f'"text/html; charset=UTF-8" />\n<title>{escape(title)}</title>\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="robots" content="index, follow" />\n'
            f'<meta name="keywords" content="{KEYWORDS}" />\n{head}'
            '<script type="text/javascript">if(!window.BX)window.BX={};if(!window.BX.message)'
            "window.BX.message=function(mess){if(typeof mess==='object'){for(let i in mess) "
            '{BX.message[i]=mess[i];} return true;}};</script>\n<script type="text/javascript">'
            "(window.BX||top.BX).message({'LANGUAGE_ID':'ka','FORMAT_DATE':'DD.MM.YYYY',"
            "'FORMAT_DATETIME':'DD.MM.YYYY HH:MI:SS','SITE_ID':'s1','SITE_DIR':'/'});</script>\n"
            '<link href="/bitrix/cache/css/s1/moambe/template_5f2a.css?17012" type="text/css" '
            f'rel="stylesheet" />\n{self.alternate()}\n</head>\n<body>\n<div id="panel"></div>\n'
            f"{body}\n</body>\n</html>\n"
        )

    def _header(self) -> str:
        d = self.stories[0].published
        nav = "".join(
            f'<li><a href="{self.page_path(slug, 1)}">{esc(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        return (
            f'<div class="top-strip"><span class="today">{WEEKDAYS_KA[d.weekday()]}, '
            f'{ka_long(d).split(",")[0]}</span><span class="rates">USD 2.7051 EUR 2.8734</span>'
            '<span class="weather">ქუთაისი +9°</span></div>\n<header class="header"><div id="logo">'
            f'<a href="/"><img src="/bitrix/templates/moambe/images/logo.svg" alt="{self.name}">'
            f'</a></div><nav class="main-menu"><ul><li><a href="/">მთავარი</a></li>{nav}<li><a '
            'href="/video/">ვიდეო</a></li><li><a href="/about/">ჩვენ შესახებ</a></li></ul></nav>'
            "</header>\n"
        )

    def _aside(self) -> str:
        latest = "".join(
            f'<li><span class="time">{s.published:%H:%M}</span> <a href="{s.path}">'
            f"{esc(s.headline)}</a></li>"
            for s in [s for s in self.stories if s.reach == "section"][:6]
        )
        return (
            '<aside class="sidebar"><!--\'start_frame_cache_latest\'--><div class="latest-news">'
            f"<h3>ბოლო სიახლეები</h3><ul>{latest}</ul></div><!--'end_frame_cache_latest'-->"
            '<div class="banner"><span>რეკლამა</span><a href="/bitrix/rk.php?id=14"><img src="/'
            'upload/rk/banner-300x250.jpg" alt=""></a></div></aside>\n'
        )

    def _page(self, title: str, head: str, main: str) -> str:
        body = (
            f'{self._header()}<div class="workarea">\n{main}\n</div>\n{self._aside()}<footer '
            f'class="footer"><p>© 2014-2026 {self.name}. ყველა უფლება დაცულია. მასალის '
            "გამოყენისას წყაროს მითითება სავალდებულოა.</p></footer>"
        )
        return self.doc(title, head, body)

    # -- listings ------------------------------------------------------------------------

    def home(self) -> str:
        top = [s for s in self.stories if s.reach == "section"][:8]
        main = (
            '<h1 id="pagetitle" style="display:none">მთავარი</h1>\n<div class="main-news">'
            f"<h2>მთავარი ამბები</h2>\n{self._cards(top)}</div>"
        )
        return self._page(self.name, "", main)

    def _cards(self, items: list[Story]) -> str:
        return "".join(
            f'<div class="news-item" id="bx_3218110189_{s.id}"><a href="{s.path}"><img class="'
            f'preview_picture" src="{s.pictures[0].src}" alt="{escape(s.headline)}" /></a><span '
            f'class="news-date-time">{ka_bitrix(s.published)}</span><a href="{s.path}"><b>'
            f'{esc(s.headline)}</b></a><br />{esc(s.lead)}<div style="clear:both"></div></div>\n'
            for s in items
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        nav = ['<span class="modern-page-title">გვერდები:</span>']
        if page > 1:
            nav.append(f'<a class="modern-page-first" href="{self.page_path(slug, 1)}">პირველი</a>')
            nav.append(f'<a class="modern-page-previous" href="{self.page_path(slug, page - 1)}">'
                       "წინა</a>")  # fmt: skip
        for n in range(1, pages + 1):
            nav.append(f'<span class="modern-page-current">{n}</span>' if n == page else
                       f'<a href="{self.page_path(slug, n)}">{n}</a>')  # fmt: skip
        if page < pages:
            nav.append(f'<a class="modern-page-next" href="{self.page_path(slug, page + 1)}">'
                       "შემდეგი</a>")  # fmt: skip
            nav.append(f'<a class="modern-page-last" href="{self.page_path(slug, pages)}">ბოლო</a>')
        main = (
            f'<h1 id="pagetitle">{esc(name)}</h1>\n<div class="news-list">\n{self._cards(items)}'
            f'<br /><div class="modern-page-navigation">{" ".join(nav)}</div></div>'
        )
        return self._page(name, "", main)
