"""A fixture outlet served like the demo site: one virtual host, reached through the proxy.

:class:`Outlet` routes requests (home, paginated sections, articles, feed, news sitemap,
robots.txt, images) and leaves the HTML to each outlet's template module, which is
where the template families differ. Responses go through the demo site's HTTP
behaviour (ETag, Last-Modified, conditional GET, gzip), so an outlet is served by
:class:`~demosite.server.DemoSiteServer` unchanged.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from email.utils import format_datetime
from html import escape
from urllib.parse import parse_qs, urlsplit

from demosite.behaviour import error_page, finish
from demosite.jpeg import make_jpeg
from demosite.model import DemoResponse
from demosite.outlets.stories import Story, StoryPlan, make_stories, truth

HTML = "text/html; charset=utf-8"
PLACEHOLDER_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def url_slug(text: str, limit: int = 50) -> str:
    """ASCII slug of a headline, as CMSs put it into article URLs."""
    plain = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    plain = plain.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:limit].rsplit("-", 1)[0] if len(slug) > limit else slug


def json_ld(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def join_names(names: list[str], word: str) -> str:
    """``A``, ``A and B``, ``A, B and C`` in the outlet's language."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


def urlset(rows: list[tuple[str, datetime | None]]) -> str:
    """A plain sitemap (no news extension): each URL with its lastmod where it has one."""
    urls = "".join(
        f"<url><loc>{escape(u)}</loc>"
        + (f"<lastmod>{d.isoformat()}</lastmod>" if d else "")
        + "</url>\n"
        for u, d in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9">\n{urls}</urlset>\n'
    )


def sitemap_index(locs: list[str], lastmod: datetime) -> str:
    """A sitemap index naming the sitemaps a CMS splits its URLs into."""
    maps = "".join(
        f"<sitemap><loc>{escape(loc)}</loc><lastmod>{lastmod.isoformat()}</lastmod></sitemap>\n"
        for loc in locs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/'
        f'schemas/sitemap/0.9">\n{maps}</sitemapindex>\n'
    )


class Outlet:
    """Base of the six fixture outlets; subclasses set the plan and render the pages."""

    name = ""
    language = ""
    page_size = 6
    feed_path = "/feed/"
    feed_kind = "rss"  # "rss" | "atom"
    sitemap_path = "/sitemap-news.xml"
    page_query = "page"  # the query word of a section's page N (?page=N, ?oldal=N)
    #: HTML of the inline "read also" paragraph, with ``{href}`` and ``{headline}``.
    read_also_html = ""

    def __init__(self) -> None:
        plan = self.plan()
        self.host = plan.host
        self.timezone = plan.timezone
        self.words = plan.words
        self.stories = make_stories(plan)
        self.by_id = {s.id: s for s in self.stories}
        used: set[str] = set()
        for s in self.stories:
            s.path, n = self.story_path(s), 2
            while s.path in used:  # same slug on the same day: the CMS appends "-2"
                s.path, n = self.story_path(s).rstrip("/") + f"-{n}/", n + 1
            used.add(s.path)
            s.url = f"http://{self.host}{s.path}"
            self.prepare(s)
        self.by_path = {s.path: s for s in self.stories}

    # -- what a subclass provides --------------------------------------------------------

    def plan(self) -> StoryPlan:
        raise NotImplementedError

    def story_path(self, s: Story) -> str:
        raise NotImplementedError

    def prepare(self, s: Story) -> None:
        """Set the truth topics and any dateline; called once per story."""
        s.topics = [s.topic]

    def page_path(self, slug: str, page: int) -> str:
        return f"/{slug}/" if page == 1 else f"/{slug}/?{self.page_query}={page}"

    def page_of(self, path: str, query: dict[str, list[str]]) -> tuple[str, int] | None:
        """(section slug, page number) for a listing URL, or None."""
        mt = re.fullmatch(r"/([a-z]+)/", path)
        if not mt or mt[1] not in self.words["sections"]:
            return None
        raw = query.get(self.page_query, ["1"])[0]
        return (mt[1], int(raw)) if raw.isdigit() and int(raw) >= 1 else None

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        raise NotImplementedError

    def hub(self, path: str) -> str | None:
        """A topic or author page the articles link to (a listing, no article), or None."""
        return None

    def article(self, s: Story) -> str:
        raise NotImplementedError

    def home(self) -> str:
        links = "".join(
            f'<li><a href="/{slug}/">{escape(name)}</a></li>'
            for slug, (name, _) in self.words["sections"].items()
        )
        return (
            f'<!DOCTYPE html><html lang="{self.language}"><head><meta charset="utf-8">'
            f"<title>{escape(self.name)}</title>{self.alternate()}</head><body>"
            f"<header><h1>{escape(self.name)}</h1><ul>{links}</ul></header></body></html>"
        )

    # -- shared helpers for templates ----------------------------------------------------

    def section_name(self, slug: str) -> str:
        return self.words["sections"][slug][0]

    def listed(self, slug: str) -> list[Story]:
        return [s for s in self.stories if s.section_slug == slug and s.reach == "section"]

    def by_author(self, slug: str) -> tuple[str | None, list[Story]]:
        """(the author's name, their stories) for the slug of an author page."""
        items = [s for s in self.stories if any(url_slug(a) == slug for a in s.authors)]
        name = next((a for s in items for a in s.authors if url_slug(a) == slug), None)
        return name, items

    def by_topic(self, slug: str, section: str | None = None) -> tuple[str | None, list[Story]]:
        """(the topic's name, its listed stories) for the slug of a topic or tag page."""
        items = [
            s
            for s in self.stories
            if s.reach == "section"
            and url_slug(s.topic) == slug
            and section in (None, s.section_slug)
        ]
        return (items[0].topic if items else None), items

    def related(self, s: Story) -> list[Story]:
        return [self.by_id[r] for r in s.related]

    def paragraphs(self, s: Story) -> list[str]:
        """The body paragraphs, with the inline "read also" paragraph where the story has one."""
        paras = [f"<p>{escape(t)}</p>" for t in s.body]
        if s.read_also is not None and self.read_also_html:
            other = self.by_id[s.read_also]
            link = self.read_also_html.format(href=other.path, headline=escape(other.headline))
            paras.insert(s.read_also_at, link)
        return paras

    def alternate(self) -> str:
        kind = "application/atom+xml" if self.feed_kind == "atom" else "application/rss+xml"
        return (
            f'<link rel="alternate" type="{kind}" title="{escape(self.name)}" '
            f'href="http://{self.host}{self.feed_path}">'
        )

    def doc(self, title: str, head: str, body: str) -> str:
        return (
            f'<!DOCTYPE html>\n<html lang="{self.language}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)} | {escape(self.name)}</title>\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"{self.alternate()}\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
        )

    def truth(self) -> list[dict]:
        return truth(self.stories)

    def seed(self) -> dict:
        """The five-field seed a new user would write for this outlet."""
        return {
            "name": type(self).__module__.rsplit(".", 1)[-1],
            "timezone": self.timezone,
            "language": self.language,
            "allowed_domains": [self.host],
            "sections": [
                {"name": name, "url": f"http://{self.host}/{slug}/"}
                for slug, (name, _) in self.words["sections"].items()
            ],
        }

    # -- the demo server's interface ---------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}/"

    def post(self, path: str, headers: Mapping[str, str] | None = None) -> DemoResponse:
        return error_page(405, "Method Not Allowed", [("Allow", "GET, HEAD")])

    def get(self, target: str, headers: Mapping[str, str] | None = None) -> DemoResponse:
        hdrs = {k.lower(): v for k, v in (headers or {}).items()}
        parts = urlsplit(target)
        path = parts.path or "/"
        got = self._render(path, parse_qs(parts.query))
        if got is None:
            return error_page(404, "Not Found")
        ctype, body, last_mod = got
        return finish(path, hdrs, ctype, body, last_mod, False, [])

    def _render(self, path: str, query: dict) -> tuple[str, bytes, datetime | None] | None:
        newest = max(s.modified or s.published for s in self.stories)
        if path == "/":
            return HTML, self.home().encode(), None
        if path == "/robots.txt":
            text = f"User-agent: *\nDisallow: /search\n\nSitemap: http://{self.host}{self.sitemap_path}\n"
            return "text/plain; charset=utf-8", text.encode(), None
        if path == self.feed_path:
            body = self.atom() if self.feed_kind == "atom" else self.rss()
            kind = "application/atom+xml" if self.feed_kind == "atom" else "application/rss+xml"
            return f"{kind}; charset=utf-8", body.encode(), newest
        if path == self.sitemap_path:
            return "application/xml; charset=utf-8", self.news_sitemap().encode(), newest
        if path == "/static/placeholder.gif":
            return "image/gif", PLACEHOLDER_GIF, None
        mt = re.fullmatch(r"/img/(\d+)-(\d)\.jpg", path)
        if mt and int(mt[1]) in self.by_id:
            s = self.by_id[int(mt[1])]
            if int(mt[2]) <= len(s.pictures):
                return "image/jpeg", make_jpeg(f"{self.host}{path}", filler=2000), s.published
        s = self.by_path.get(path)
        if s is not None:
            return HTML, self.article(s).encode(), s.modified or s.published
        where = self.page_of(path, query)
        if where is not None:
            slug, page = where
            items = self.listed(slug)
            pages = max(1, math.ceil(len(items) / self.page_size))
            if page <= pages:
                chunk = items[(page - 1) * self.page_size : page * self.page_size]
                return HTML, self.listing(slug, page, chunk, pages).encode(), None
        hub = self.hub(path)
        return (HTML, hub.encode(), None) if hub else None

    # -- feed and sitemap ----------------------------------------------------------------

    def in_feed(self) -> list[Story]:
        return [s for s in self.stories if s.reach != "sitemap"]

    def in_sitemap(self) -> list[Story]:
        return [s for s in self.stories if s.reach != "feed"]

    def rss(self) -> str:
        items = "".join(
            f"<item><title>{escape(s.headline)}</title><link>{s.url}</link>"
            f'<guid isPermaLink="true">{s.url}</guid>'
            f"<pubDate>{format_datetime(s.published)}</pubDate>"
            f"<description>{escape(s.lead)}</description>"
            f"<category>{escape(s.section)}</category></item>\n"
            for s in self.in_feed()
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(self.name)}</title><link>http://{self.host}/</link>"
            f"<language>{self.language}</language>\n{items}</channel></rss>\n"
        )

    def atom(self) -> str:
        entries = "".join(
            f'<entry><title>{escape(s.headline)}</title><link rel="alternate" href="{s.url}"/>'
            f"<id>{s.url}</id><published>{s.published.isoformat()}</published>"
            f"<updated>{(s.modified or s.published).isoformat()}</updated>"
            f"<summary>{escape(s.lead)}</summary></entry>\n"
            for s in self.in_feed()
        )
        updated = max(s.modified or s.published for s in self.stories).isoformat()
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(self.name)}</title><id>http://{self.host}/</id>"
            f'<link rel="self" href="http://{self.host}{self.feed_path}"/>'
            f"<updated>{updated}</updated>\n{entries}</feed>\n"
        )

    def news_sitemap(self) -> str:
        urls = "".join(
            f"<url><loc>{s.url}</loc><news:news><news:publication><news:name>"
            f"{escape(self.name)}</news:name><news:language>{self.language}</news:language>"
            f"</news:publication><news:publication_date>{s.published.isoformat()}"
            f"</news:publication_date><news:title>{escape(s.headline)}</news:title>"
            f"</news:news></url>\n"
            for s in self.in_sitemap()
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            f"{urls}</urlset>\n"
        )
