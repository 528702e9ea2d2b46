"""ព័ត៌មានទន្លេសាប's Hugo pages other than the post: PaperMod's chrome, section and home
lists paged ``/page/N/`` (page 1 an alias), tag lists, feeds and the sitemap (hold-out,
see :mod:`demosite.outlets.tonlesap`).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from functools import partial
from html import escape
from urllib.parse import quote, unquote

from demosite.outlets.holdout import HoldoutOutlet
from demosite.outlets.localtime import km_digits, km_long, km_period
from demosite.outlets.site import urlset
from demosite.outlets.stories import Story

esc = partial(escape, quote=False)
SITE_DESCRIPTION = "ព័ត៌មានទន្លេសាប ផ្តល់ព័ត៌មានជាតិ សេដ្ឋកិច្ច និងកីឡា ទាន់ហេតុការណ៍ជារៀងរាល់ថ្ងៃ"
KEYWORDS = "ព័ត៌មាន, កម្ពុជា, ភ្នំពេញ, សេដ្ឋកិច្ច, កីឡា"


def urlize(title: str) -> str:
    """Hugo's ``urlize``: spaces to hyphens, punctuation dropped, letters and marks kept."""
    kept = "".join(
        "-" if c == " " else c
        for c in title.lower()
        if c == " " or c in "._-" or unicodedata.category(c)[0] in "LMN"
    )
    return quote(re.sub(r"-+", "-", kept).strip("-"))


def go_time(dt: datetime) -> str:
    """``2026-12-07 18:30:00 +0700 +07``: Go's default time format, as PaperMod puts it."""
    return f"{dt:%Y-%m-%d %H:%M:%S %z} +07"


class HugoPages(HoldoutOutlet):
    """Everything of the site but the article view."""

    # -- URLs ----------------------------------------------------------------------------

    def page_path(self, slug: str, page: int) -> str:
        return f"/{slug}/" if page == 1 else f"/{slug}/page/{page}/"

    def page_of(self, path: str, query: dict[str, list[str]]) -> tuple[str, int] | None:
        mt = re.fullmatch(r"/([a-z]+)/(?:page/(\d+)/)?", path)
        if not mt or mt[1] not in self.words["sections"] or mt[2] == "1":
            return None
        return mt[1], int(mt[2] or 1)

    def listed_all(self) -> list[Story]:
        return [s for s in self.stories if s.reach == "section"]

    def _tag_path(self, tag: str) -> str:
        return f"/tags/{quote(tag)}/"

    def hub(self, path: str) -> str | None:
        """Tag pages ``/tags/TAG/`` (Hugo taxonomy lists) and the home's pages ``/page/N/``."""
        home = re.fullmatch(r"/page/(\d+)/", path)
        if home and 2 <= int(home[1]) <= -(-len(self.listed_all()) // 6):
            return self._home(int(home[1]))
        mt = re.fullmatch(r"/tags/([^/]+)/", path)
        if not mt:
            return None
        tag = unquote(mt[1])
        items = [s for s in self.stories if tag in s.topics and s.reach == "section"]
        if not items:
            return None
        main = f'<header class="page-header"><h1>{esc(tag)}</h1></header>\n{self._entries(items)}'
        return self._page(tag, "", main, old=False)

    def _render(self, path: str, query: dict) -> tuple[str, bytes, datetime | None] | None:
        feed = re.fullmatch(r"/([a-z]+)/index\.xml", path)
        if feed and feed[1] in self.words["sections"]:  # Hugo's feed of every section
            items = [s for s in self.in_feed() if s.section_slug == feed[1]]
            return "application/rss+xml; charset=utf-8", self._rss(items).encode(), None
        mt = re.fullmatch(r"/([a-z]+)/page/1/", path)
        if mt and mt[1] in self.words["sections"]:  # Hugo's alias page for page 1
            url = f"http://{self.host}/{mt[1]}/"
            alias = (
                f'<!DOCTYPE html><html lang="km"><head><title>{url}</title><link rel="canonical" '
                f'href="{url}"><meta name="robots" content="noindex"><meta charset="utf-8"><meta '
                f'http-equiv="refresh" content="0; url={url}"></head></html>'
            )
            return "text/html; charset=utf-8", alias.encode(), None
        return super()._render(path, query)

    # -- feed and sitemap ----------------------------------------------------------------

    def rss(self) -> str:
        return self._rss(self.in_feed())

    def _rss(self, items: list[Story]) -> str:
        """Hugo's RSS template: the description is the summary, dates in RFC 1123 with -0700."""
        rows = "".join(
            f"<item><title>{esc(s.headline)}</title><link>{s.url}</link><pubDate>"
            f"{s.published:%a, %d %b %Y %H:%M:%S %z}</pubDate><guid>{s.url}</guid><description>"
            f"{esc(s.lead)}</description></item>\n"
            for s in items
        )
        return (
            '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<rss version="2.0" xmlns:'
            f'atom="http://www.w3.org/2005/Atom"><channel><title>{self.name}</title><link>http://'
            f"{self.host}/</link><description>Recent content on {self.name}</description>"
            "<generator>Hugo</generator><language>km</language>\n"
            f"{rows}</channel></rss>\n"
        )

    def news_sitemap(self) -> str:
        rows = [(s.url, s.modified or s.published) for s in self.in_sitemap()]
        return urlset(
            rows + [(f"http://{self.host}/{slug}/", None) for slug in self.words["sections"]]
        )

    # -- shared blocks -------------------------------------------------------------------

    def doc(self, title: str, head: str, body: str) -> str:
        if '<meta name="description"' not in head:
            head = f'<meta name="description" content="{SITE_DESCRIPTION}">\n' + head
        return (
            '<!DOCTYPE html>\n<html lang="km" dir="auto">\n<head><meta charset="utf-8">\n<meta '
            'http-equiv="X-UA-Compatible" content="IE=edge">\n<meta name="viewport" content='
            f'"width=device-width, initial-scale=1, shrink-to-fit=no">\n<meta name="robots" '
            f'content="index, follow">\n<title>{escape(title)} | {self.name}</title>\n<meta '
            f'name="keywords" content="{KEYWORDS}">\n{head}<meta name="generator" content="Hugo '
            '0.128.0">\n<link crossorigin="anonymous" href="/assets/css/stylesheet.3f0c.css" '
            f'rel="preload stylesheet" as="style">\n{self.alternate()}\n</head>\n<body class="'
            f'list" id="top">\n{body}\n</body>\n</html>\n'
        )

    def _header(self, old: bool) -> str:
        logo = (
            f'<a href="/" accesskey="h" title="{self.name} (Alt + H)"><img src="/images/logo.'
            f'png" alt="" aria-label="logo" height="35">{self.name}</a>'
        )
        logo = f'<h1 class="site-title">{logo}</h1>' if old else f'<div class="logo">{logo}</div>'
        menu = "".join(
            f'<li><a href="/{slug}/" title="{escape(name)}"><span>{esc(name)}</span></a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        return (
            f'<header class="header"><nav class="nav">{logo}<ul id="menu">{menu}<li><a href="/'
            'search/" title="ស្វែងរក (Alt + /)" accesskey="/"><span>ស្វែងរក</span></a></li></ul>'
            "</nav></header>\n"
        )

    def _latest(self) -> str:
        rows = "".join(
            f'<li><span class="time">{km_period(s.published)}</span> <a href="{s.path}">'
            f"{esc(s.headline)}</a></li>"
            for s in [s for s in self.stories if s.reach == "section"][:5]
        )
        return f'<aside class="latest"><h3>ព័ត៌មានថ្មីៗ</h3><ul>{rows}</ul></aside>\n'

    def _page(self, title: str, head: str, main: str, old: bool) -> str:
        body = (
            f'{self._header(old)}<main class="main">\n{main}\n</main>\n{self._latest()}<footer '
            f'class="footer"><span>&copy; 2026 <a href="/">{self.name}</a></span> · <span>Powered '
            'by <a href="https://gohugo.io/">Hugo</a> &amp; <a href="https://github.com/adityatelange'
            '/hugo-PaperMod/">PaperMod</a></span></footer>\n<a href="#top" aria-label="go to top" '
            'title="Go to Top (Alt + G)" class="top-link" id="top-link" accesskey="g">↑</a>'
        )
        return self.doc(title, head, body)

    # -- listings ------------------------------------------------------------------------

    def home(self) -> str:
        return self._home(1)

    def _home(self, page: int) -> str:
        """PaperMod's home: the site's intro and every listed post, paged ``/page/N/``."""
        listed = self.listed_all()
        pages = -(-len(listed) // 6)
        nav = f'<a class="prev" href="{"/" if page == 2 else f"/page/{page - 1}/"}">«&nbsp;មុន</a>'
        nav = (nav if page > 1 else "") + (
            f'<a class="next" href="/page/{page + 1}/">បន្ទាប់&nbsp;»</a>' if page < pages else ""
        )
        intro = (
            '<article class="first-entry home-info"><header class="entry-header"><h1>សូមស្វាគមន៍'
            f'</h1></header><div class="entry-content">{SITE_DESCRIPTION}</div></article>\n'
            if page == 1 else ""
        )  # fmt: skip
        main = f'{intro}{self._entries(listed[(page - 1) * 6 : page * 6])}<footer class="page-'
        main += f'footer"><nav class="pagination">{nav}</nav></footer>'
        return self._page(self.name, "", main, old=False)

    def _entries(self, items: list[Story]) -> str:
        return "".join(
            f'<article class="post-entry"><figure class="entry-cover"><img loading="lazy" src="'
            f'{s.pictures[0].src}" alt="{escape(s.pictures[0].caption)}"></figure><header class="'
            f'entry-header"><h2 class="entry-hint-parent">{esc(s.headline)}</h2></header><div '
            f'class="entry-content"><p>{esc(s.lead)}</p></div><footer class="entry-footer"><span '
            f"title='{go_time(s.published)}'>{km_long(s.published)}</span></footer><a class=\""
            f'entry-link" aria-label="post link to {escape(s.headline)}" href="{s.url}"></a>'
            "</article>\n"
            for s in items
        )

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        nav = ""
        if page > 1:
            nav += f'<a class="prev" href="{self.page_path(slug, page - 1)}">«&nbsp;មុន</a>'
        nav += "".join(
            f'<span class="current">{km_digits(str(n))}</span>' if n == page
            else f'<a href="{self.page_path(slug, n)}">{km_digits(str(n))}</a>'
            for n in range(1, pages + 1)
        )  # fmt: skip
        if page < pages:
            nav += f'<a class="next" href="{self.page_path(slug, page + 1)}">បន្ទាប់&nbsp;»</a>'
        main = (
            f'<header class="page-header"><div class="breadcrumbs"><a href="/">ទំព័រដើម</a></div>'
            f'<h1>{esc(name)}</h1></header>\n{self._entries(items)}<footer class="page-footer">'
            f'<nav class="pagination">{nav}</nav></footer>'
        )
        head = f'<link rel="alternate" type="application/rss+xml" href="http://{self.host}/{slug}/index.xml">\n'
        return self._page(name, head, main, old=False)
