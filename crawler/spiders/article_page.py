"""What the spider reads of one article response: a pure function of the capture.

The extraction pool (:mod:`crawler.spiders.extraction_pool`) runs :func:`read_article` in
worker processes, so it takes and returns plain, picklable values: the capture, what the
crawl knew of the fetch (:class:`~crawler.extract.context.CrawlContext`) and the seed; out
come the item, or why there is none, and the links the spider follows from the page. The
spider then never parses an article page itself: the HTML is parsed where the item is made.
Run in the crawl process (one worker) it gives the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.http.headers import Headers

from crawler.discovery.article_pages import first_article_page, next_article_page
from crawler.extract.capture import Capture, Skipped, item_from_capture
from crawler.extract.context import CrawlContext
from crawler.extract.link_bound import (
    cut_elements_in_text,
    cut_links,
    drop_images_in_text,
    drop_links_in_text,
)
from crawler.extract.profile import PageFeatures, SiteProfile
from crawler.items import ArticleItem
from crawler.seed import Seed

#: Stylesheets an article page needs for faithful replay (images come from the item).
REQUISITE_CSS = "link[rel~=stylesheet]::attr(href)"


@dataclass(frozen=True)
class ArticleJob:
    """The crawl's side of an article: what it knew of the fetch, not what the page says.

    ``fetched_at``: the fetch time when the capture has no WARC pointer to date it;
    ``context`` None: nothing known (a capture archived before contexts were).
    ``profile``: the site's profile to extract with (None: the generic extractor);
    ``learn``: also hand back what the page teaches the site's profile.
    """

    context: CrawlContext | None
    fetched_at: str | None = None
    profile: SiteProfile | None = None
    learn: bool = False


@dataclass
class ArticleRead:
    """The item (or why there is none) and the page's links the spider may follow.

    ``related`` holds the hrefs the seed's related-stories selector matched (absolute),
    ``stylesheets`` the page's stylesheet URLs (absolute, in page order). ``next_page``:
    the article's next page (a multi-page article, :mod:`crawler.discovery.article_pages`);
    ``first_page``: the first page's URL when this page is a later page of one.
    ``features``: what the page teaches its site's profile, when the job asked (``learn``).
    """

    result: ArticleItem | Skipped
    related: list[str] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    next_page: str | None = None
    first_page: str | None = None
    features: PageFeatures | None = None


def hrefs(response: Response, selector: str) -> list[str]:
    """The ``href`` of every element ``selector`` matches, a selector list included.

    Appending ``::attr(href)`` to ``"aside.related a, a.rel"`` reached only the last
    alternative; the first one then yielded whole elements, requested as URLs.
    """
    return [h for el in response.css(selector) if (h := el.attrib.get("href"))]


def bounded(
    response: TextResponse, limit: int, images: int | None = None
) -> tuple[TextResponse, int, int]:
    """``response`` with at most ``limit`` links (and ``images`` images) and
    ``MAX_ELEMENTS`` start tags, how many links it lost and how many start tags past the
    bound: a flood is cut from the text before Scrapy parses it, links then exactly on the
    parsed tree (images are counted where the item is made)."""
    text, not_read = drop_links_in_text(response.text, limit)
    images_cut = 0
    if images is not None:
        text, images_cut = drop_images_in_text(text, images)
    text, elements_cut = cut_elements_in_text(text)
    if not_read or images_cut or elements_cut:
        body = text.encode("utf-8", "replace")
        response = response.replace(body=body, encoding="utf-8")
    found = cut_links(response.selector.root, limit)
    return response, not_read + (found - limit if found else 0), elements_cut


def read_article(capture: Capture, seed: Seed, job: ArticleJob) -> ArticleRead:
    """The item of ``capture`` as the crawl found it, and the links it leads to."""
    found: list[PageFeatures] | None = [] if job.learn else None
    result = item_from_capture(
        capture,
        seed.site_rules(),
        job.context,
        fetched_at=job.fetched_at,
        profile=job.profile,
        features=found,
    )
    if isinstance(result, Skipped):
        return ArticleRead(result)
    headers = Headers()
    for name, value in capture.headers:
        headers.appendlist(name, value)
    response = HtmlResponse(capture.url, status=capture.status, headers=headers, body=capture.body)
    links = seed.links
    # the item counted them
    response = bounded(response, links.max_links_per_page, links.max_images_per_page)[0]
    read = ArticleRead(result, features=found[0] if found else None)
    read.next_page = next_article_page(response.selector, capture.url, seed.language)
    read.first_page = first_article_page(response.selector, capture.url)
    if seed.fetch.requisites:
        read.stylesheets = [response.urljoin(h) for h in response.css(REQUISITE_CSS).getall()]
    if seed.links.related:
        read.related = [response.urljoin(h.strip()) for h in hrefs(response, seed.links.related)]
    return read
