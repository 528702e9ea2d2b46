"""The Valley Chronicle: a regional daily whose archive is a calendar.

Serves (host ``www.valleychronicle.test``, America/Chicago): ``/politics/``,
``/business/``, ``/sports/`` paginated as ``?page=N`` with ``rel=next``; articles
``/SECTION/YYYY/MM/DD/HEADLINE/``; RSS ``/feed/``; news sitemap ``/sitemap-news.xml``.
Traps:

* a date picker on every listing: the month's grid of ``/archive/YYYY/MM/DD/`` day
  pages, "previous/next month" links to ``/archive/YYYY/MM/``, and on a day page
  "Previous day" / "Next day" links. Any date is served, the future included (an empty
  day, whose "Next day" leads to the next empty day, for ever). Day pages carry a
  headline and the grid as text, and their URLs look like a dated story's. Stories 4 and
  11 are listed on their day's page only (no section, feed or sitemap lists them);
* multi-page stories (``MULTI_PAGE``): story 0 on three pages ``/.../slug/2/`` and
  ``/3/`` behind a pager inside the article ("1 2 3 Next page ›", no ``rel``), story 3 on
  ``?page=2`` behind a "Continue reading" ``rel=next`` link, story 7 on ``/2/`` behind a
  pager of numbers alone. Each page has its own paragraphs and pictures; later pages repeat
  the headline only. The news sitemap also lists story 0's second page, as some CMSs do.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from html import escape

from demosite.outlets.localtime import en_ap
from demosite.outlets.site import HTML, Outlet, json_ld, url_slug
from demosite.outlets.stories import Story, StoryPlan, _pick_related
from demosite.outlets.words_north import EN

#: Stories listed on their day's archive page and nowhere else.
ARCHIVE_ONLY = frozenset({4, 11})
#: Stories told on several pages: index -> (pages, how a later page is addressed).
MULTI_PAGE = {0: (3, "path"), 3: (2, "query"), 7: (2, "path")}
_DAY = re.compile(r"/archive/(\d{4})/(\d{2})/(?:(\d{2})/)?")


class Chronicle(Outlet):
    name = "The Valley Chronicle"
    language = "en"

    def plan(self) -> StoryPlan:
        return StoryPlan(
            host="www.valleychronicle.test",
            timezone="America/Chicago",
            words=EN,
            count=18,
            first_id=551200,
            newest=datetime(2025, 11, 27, 21, 30),
            step=timedelta(hours=7, minutes=10),
        )

    def __init__(self) -> None:
        super().__init__()
        for s in self.stories:
            if s.index in ARCHIVE_ONLY:
                s.reach = "archive"
        _pick_related(self.stories, read_also=False)  # among the stories sections list

    def story_path(self, s: Story) -> str:
        return f"/{s.section_slug}/{s.published:%Y/%m/%d}/{url_slug(s.headline)}/"

    # -- where a story is listed -----------------------------------------------------------

    def in_feed(self) -> list[Story]:
        return [s for s in self.stories if s.reach in ("section", "feed")]

    def in_sitemap(self) -> list[Story]:
        return [s for s in self.stories if s.reach in ("section", "sitemap")]

    def on_day(self, day: date) -> list[Story]:
        return [s for s in self.stories if s.published.date() == day]

    # -- multi-page stories ----------------------------------------------------------------

    def page_url(self, s: Story, n: int) -> str:
        style = MULTI_PAGE[s.index][1]
        return s.path if n == 1 else f"{s.path}{n}/" if style == "path" else f"{s.path}?page={n}"

    def later_page(self, path: str, query: dict) -> tuple[Story, int] | None:
        """(story, page number) of a later page's address, None for any other."""
        m = re.fullmatch(r"(.*/)(\d)/", path)
        s, raw = (self.by_path.get(m[1]), m[2]) if m else (None, "")
        if s is None or MULTI_PAGE.get(s.index, (0, ""))[1] != "path":
            s, raw = self.by_path.get(path), query.get("page", [""])[0]
            if s is None or MULTI_PAGE.get(s.index, (0, ""))[1] != "query":
                return None
        n = int(raw) if raw.isdigit() else 0
        return (s, n) if 2 <= n <= MULTI_PAGE[s.index][0] else None

    def page_part(self, s: Story, n: int) -> tuple[list[str], list]:
        """The paragraphs and pictures page ``n`` of ``s`` shows (all of them on one page)."""
        pages = MULTI_PAGE.get(s.index, (1, ""))[0]
        size = -(-len(s.body) // pages)
        paras = s.body[(n - 1) * size : n * size]
        pictures = [p for k, p in enumerate(s.pictures) if min(k, pages - 1) == n - 1]
        return paras, pictures

    def pager(self, s: Story, n: int) -> str:
        """The links to the other pages of a multi-page story, inside the article."""
        if s.index not in MULTI_PAGE:
            return ""
        pages, style = MULTI_PAGE[s.index]
        if s.index == 3:
            return (
                f'<p class="continue"><a rel="next" href="{self.page_url(s, n + 1)}">'
                "Continue reading</a></p>"
                if n < pages
                else f'<p class="continue"><a href="{s.path}">Back to page 1</a></p>'
            )
        numbers = " ".join(
            f"<span>{k}</span>" if k == n else f'<a href="{self.page_url(s, k)}">{k}</a>'
            for k in range(1, pages + 1)
        )
        if s.index == 0 and n < pages:
            numbers += f' <a href="{self.page_url(s, n + 1)}">Next page ›</a>'
        return f'<nav class="article-pages">Page {numbers}</nav>'

    def news_sitemap(self) -> str:
        extra = self.stories[0]
        later = (
            f"<url><loc>http://{self.host}{self.page_url(extra, 2)}</loc>"
            f"<lastmod>{extra.published.isoformat()}</lastmod></url>\n"
        )
        return super().news_sitemap().replace("</urlset>", later + "</urlset>")

    # -- pages -----------------------------------------------------------------------------

    def _render(self, path: str, query: dict) -> tuple[str, bytes, datetime | None] | None:
        later = self.later_page(path, query)
        if later is not None:
            s, n = later
            return HTML, self.article(s, n).encode(), s.modified or s.published
        m = _DAY.fullmatch(path)
        if m:
            try:
                day = date(int(m[1]), int(m[2]), int(m[3] or 1))
            except ValueError:
                return None
            page = self.day_page(day) if m[3] else self.month_page(day)
            return HTML, page.encode(), None
        return super()._render(path, query)

    def date_picker(self, day: date) -> str:
        """The month grid of ``day`` with links to every day and the months around it."""
        first = day.replace(day=1)
        before = (first - timedelta(days=1)).replace(day=1)
        after = (first + timedelta(days=32)).replace(day=1)
        cells = "".join(
            f'<td><a href="/archive/{first:%Y/%m}/{n:02d}/">{n}</a></td>'
            + ("</tr><tr>" if (first.weekday() + n) % 7 == 0 else "")
            for n in range(1, calendar.monthrange(first.year, first.month)[1] + 1)
        )
        return (
            '<nav class="datepicker" aria-label="Archive"><table class="calendar"><caption>'
            f'<a class="prev-month" href="/archive/{before:%Y/%m}/">‹</a> '
            f"{EN['months'][first.month - 1]} {first.year} "
            f'<a class="next-month" href="/archive/{after:%Y/%m}/">›</a></caption>'
            f"<tr>{cells}</tr></table></nav>"
        )

    def cards(self, items: list[Story]) -> str:
        return "".join(
            f'<div class="card"><a href="{s.path}"><h3>{escape(s.headline)}</h3></a>'
            f'<time datetime="{s.published.isoformat()}">{en_ap(s.published)}</time></div>\n'
            for s in items
        )

    def day_page(self, day: date) -> str:
        items = self.on_day(day)
        title = f"Archive: {EN['months'][day.month - 1]} {day.day}, {day.year}"
        prev, nxt = day - timedelta(days=1), day + timedelta(days=1)
        nav = (
            f'<p class="day-nav"><a href="/archive/{prev:%Y/%m/%d}/">« Previous day</a> '
            f'<a href="/archive/{nxt:%Y/%m/%d}/">Next day »</a></p>'
        )
        listed = self.cards(items) or "<p>No stories were published on this day.</p>"
        body = (
            f'<header><a href="/">{escape(self.name)}</a></header>\n<main>'
            f"<h1>{escape(title)}</h1>\n{nav}\n{listed}{self.date_picker(day)}</main>"
        )
        return self.doc(title, "", body)

    def month_page(self, first: date) -> str:
        items = [s for s in self.stories if s.published.date().replace(day=1) == first]
        title = f"Archive: {EN['months'][first.month - 1]} {first.year}"
        listed = self.cards(items) or "<p>No stories were published this month.</p>"
        body = f"<main><h1>{escape(title)}</h1>\n{listed}{self.date_picker(first)}</main>"
        return self.doc(title, "", body)

    def listing(self, slug: str, page: int, items: list[Story], pages: int) -> str:
        name = self.section_name(slug)
        head = nxt = ""
        if page < pages:
            head = f'<link rel="next" href="/{slug}/?page={page + 1}">\n'
            nxt = f'<a rel="next" href="/{slug}/?page={page + 1}">Next</a>'
        newest = self.stories[0].published.date()
        body = (
            f"<main><h1>{escape(name)}</h1>\n{self.cards(items)}<nav>{nxt}</nav></main>\n"
            f'<aside><a href="/archive/{newest:%Y/%m/%d}/">Today\'s paper</a>'
            f"{self.date_picker(newest)}</aside>"
        )
        return self.doc(name, head, body)

    def article(self, s: Story, n: int = 1) -> str:
        paras, pictures = self.page_part(s, n)
        figures = "".join(
            f'<figure><img src="{p.src}" alt=""><figcaption>{escape(p.caption)} '
            f'<span class="credit">Credit: {escape(p.credit)}</span></figcaption></figure>\n'
            for p in pictures
        )
        text = "".join(f"<p>{escape(t)}</p>\n" for t in paras)
        head = (
            f'<link rel="canonical" href="http://{self.host}{self.page_url(s, n)}">\n'
            if n > 1
            else ""
        )
        if n > 1:
            body = (
                f'<header><a href="/">{escape(self.name)}</a></header>\n'
                f'<article class="story">\n<h1>{escape(s.headline)}</h1>\n{figures}'
                f'<div class="story-body">\n{text}</div>\n{self.pager(s, n)}</article>'
            )
            return self.doc(s.headline, head, body)
        head = f'<link rel="canonical" href="{s.url}">\n'
        if s.index == 3:
            head += f'<link rel="next" href="{self.page_url(s, 2)}">\n'
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.headline,
            "datePublished": s.published.isoformat(),
            "author": [{"@type": "Person", "name": a} for a in s.authors],
        }
        if s.modified:
            ld["dateModified"] = s.modified.isoformat()
        head += json_ld(ld) + "\n"
        stamp = f'<time datetime="{s.published.isoformat()}">{en_ap(s.published)}</time>'
        if s.modified:
            stamp += (
                f' Updated <time datetime="{s.modified.isoformat()}">{en_ap(s.modified)}</time>'
            )
        related = "".join(
            f'<li><a href="{r.path}">{escape(r.headline)}</a></li>' for r in self.related(s)
        )
        body = (
            f'<header><a href="/">{escape(self.name)}</a></header>\n'
            f'<article class="story">\n<h1>{escape(s.headline)}</h1>\n'
            f'<p class="dek">{escape(s.lead)}</p>\n'
            f'<div class="byline">By {escape(" and ".join(s.authors))}</div>\n'
            f'<div class="timestamp">{stamp}</div>\n{figures}'
            f'<div class="story-body">\n{text}</div>\n{self.pager(s, n)}'
            f'<ul class="tags"><li><a href="/tag/{url_slug(s.topic)}/">{escape(s.topic)}</a></li>'
            f"</ul>\n</article>\n"
            f'<aside class="related"><h2>Related</h2><ul>{related}</ul></aside>'
        )
        return self.doc(s.headline, head, body)
