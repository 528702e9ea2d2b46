"""A small French outlet on loopback whose articles are mostly *not* on its section pages.

What each article is reachable through (``ARTICLES``):

- ``section``: listed on a section page (``/politique/`` is paginated by ``?page=N``
  links only, ``/sport/`` by a "Suivant" link only; neither has ``rel=next``);
- ``feed``: only in the RSS feed the home page announces with ``<link rel=alternate>``;
- ``news``: only in the gzip news sitemap, a child of the sitemap index named in
  robots.txt;
- ``monthly``: only in the plain sitemap of an older month (``lastmod`` only);
- ``oldest``: only in the oldest child sitemap (left out by ``max_sitemaps = 2``).

Some pages state no date, so their item date can only come from the listing. The
server records every path it is asked for, so a test can prove what was (not) fetched.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from tests.crawler.discovery.loopback import RecordingServer

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Article:
    n: int
    section: str
    reach: str  # section | feed | news | monthly | oldest
    day: int
    dated_page: bool  # the page itself says when it was published

    @property
    def path(self) -> str:
        return f"/{self.section}/2025/11/{self.day:02d}/article-{self.n}.html"

    @property
    def published(self) -> str:
        return f"2025-11-{self.day:02d}T{8 + self.n % 10:02d}:30:00+01:00"


def _articles() -> tuple[Article, ...]:
    plan = (
        [("politique", "section")] * 5
        + [("sport", "section")] * 3
        + [("politique", "feed")] * 3
        + [("sport", "news")] * 3
        + [("politique", "monthly")] * 2
        + [("sport", "oldest")] * 2
    )
    return tuple(
        Article(n, sec, reach, day=1 + n, dated_page=n % 2 == 0)
        for n, (sec, reach) in enumerate(plan, start=1)
    )


ARTICLES = _articles()
BY_PATH = {a.path: a for a in ARTICLES}


class Outlet(RecordingServer):
    """``with Outlet() as site:`` serves on ``site.url`` (127.0.0.1, a free port)."""

    def __init__(self, *, home: bool = True) -> None:
        super().__init__(self.route)
        self.has_home = home  # False: the home page answers 404

    # --- pages -------------------------------------------------------------------------

    def route(self, path: str) -> tuple[int, str, bytes]:
        html = "text/html; charset=utf-8"
        xml = "application/xml; charset=utf-8"
        pages = {
            "/": lambda: (html, self.home()),
            "/robots.txt": lambda: ("text/plain", f"Sitemap: {self.url}/sitemap-index.xml\n"),
            "/rss/une.xml": lambda: ("application/rss+xml", self.feed()),
            "/sitemap-index.xml": lambda: (xml, self.index()),
            "/sitemaps/2025-11.xml": lambda: (xml, self.sitemap("monthly", news=False)),
            "/sitemaps/2025-10.xml": lambda: (xml, self.sitemap("oldest", news=False)),
            "/rss/evil.xml": lambda: (xml, self.evil()),
        }
        if path == "/" and not self.has_home:
            return 404, html, b"<html><body><h1>Page introuvable</h1></body></html>"
        if path in pages:
            ctype, text = pages[path]()
            return 200, ctype, text.encode()
        if path == "/sitemaps/news.xml.gz":
            return 200, "application/x-gzip", gzip.compress(self.sitemap("news").encode())
        if path.startswith(("/politique/", "/sport/")) and path in BY_PATH:
            return 200, html, self.article(BY_PATH[path]).encode()
        listing = self.section(path)
        if listing is not None:
            return 200, html, listing.encode()
        return 404, html, b"<html><body><h1>Page introuvable</h1></body></html>"

    def home(self) -> str:
        return (
            "<html><head><title>Le Courrier</title>"
            f'<link rel="alternate" type="application/rss+xml" href="{self.url}/rss/une.xml">'
            '</head><body><h1>Le Courrier</h1><a href="/politique/">Politique</a></body></html>'
        )

    def section(self, path: str) -> str | None:
        """``/politique/?page=N`` (numbers only), ``/sport/`` then ``/sport/suite-2``."""
        base, _, query = path.partition("?")
        listed = {
            "politique": [a for a in ARTICLES if a.section == "politique" and a.reach == "section"],
            "sport": [a for a in ARTICLES if a.section == "sport" and a.reach == "section"],
        }
        if base == "/politique/":
            page = (
                int(query.removeprefix("page=") or 1)
                if query.startswith("page=") or not query
                else 0
            )
            items = listed["politique"][(page - 1) * 2 : page * 2] if page else []
            if not items:
                return None
            numbers = " ".join(f'<a href="?page={n}">{n}</a>' for n in (1, 2, 3))
            return self._listing("Politique", items, f'<nav class="pager">{numbers}</nav>')
        if base == "/sport/":
            more = '<a class="btn" href="/sport/suite-2">Suivant »</a>'
            return self._listing("Sport", listed["sport"][:2], more)
        if base == "/sport/suite-2":
            return self._listing("Sport", listed["sport"][2:], "")
        return None

    def _listing(self, title: str, items: list[Article], pager: str) -> str:
        links = "".join(f'<li><a href="{a.path}">Titre {a.n}</a></li>' for a in items)
        return (
            f"<html><head><title>{title}</title></head><body><ul>{links}</ul>{pager}</body></html>"
        )

    def article(self, a: Article) -> str:
        when = f'<time datetime="{a.published}">le {a.day} novembre</time>' if a.dated_page else ""
        body = "".join(
            f"<p>Paragraphe {i} de l'article {a.n}, avec assez de texte pour un corps réel. "
            "Le conseil a débattu longuement avant de passer au vote final.</p>"
            for i in range(1, 5)
        )
        return (
            f"<html><head><title>Titre {a.n}</title></head><body><article>"
            f'<h1>Titre {a.n}</h1>{when}<div class="texte">{body}</div></article></body></html>'
        )

    # --- listings ----------------------------------------------------------------------

    def feed(self) -> str:
        items = "".join(
            f"<item><title>Titre {a.n}</title><link>{self.url}{a.path}</link>"
            f"<pubDate>{format_datetime(datetime.fromisoformat(a.published))}</pubDate></item>"
            for a in ARTICLES
            if a.reach == "feed"
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>À la une</title><link>{self.url}/</link>"
            f"<item><title>Pas un article</title><link>{self.url}/tag/politique</link></item>"
            f"{items}</channel></rss>"
        )

    def index(self) -> str:
        children = (
            ("news.xml.gz", "2025-11-30"),
            ("2025-11.xml", "2025-11-29"),
            ("2025-10.xml", "2025-10-31"),
        )
        entries = "".join(
            f"<sitemap><loc>{self.url}/sitemaps/{name}</loc><lastmod>{day}</lastmod></sitemap>"
            for name, day in children
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
        )

    def sitemap(self, reach: str, *, news: bool = True) -> str:
        out = []
        for a in ARTICLES:
            if a.reach != reach:
                continue
            date = (
                f"<news:news><news:publication_date>{a.published}</news:publication_date></news:news>"
                if news
                else f"<lastmod>{a.published}</lastmod>"
            )
            out.append(f"<url><loc>{self.url}{a.path}</loc>{date}</url>")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            + "".join(out)
            + "</urlset>"
        )

    def evil(self) -> str:
        """Billion laughs plus an external entity pointing back at this server."""
        laughs = (FIXTURES / "billion-laughs.xml").read_text().replace("ROOT", "rss")
        return laughs.replace("]>", f'<!ENTITY xxe SYSTEM "{self.url}/xxe-target">]>', 1).replace(
            "&lol9;", "&lol9;&xxe;"
        )
