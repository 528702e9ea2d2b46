"""Rebuild article items from an archive's WARC files, without fetching anything.

``newsarchiver reextract`` reads the captures of the given WARC files
(:mod:`archive.warc.reader`: response + request pairs, revisits resolved to the payload of
their original, each with the crawl context archived beside it:
:class:`~crawler.extract.context.CrawlContext`) and turns each capture the crawl fetched as
an article (its context's ``via``) into an item with
:func:`crawler.extract.capture.item_from_capture`, the function the spider uses, given the
same context. So the items are the crawl's, byte for byte, ``published*`` from feed and
sitemap dates, ``section`` and ``discovery`` included.

Captures archived without a context (before contexts were written) are judged by URL as
before: those the seed's article pattern matches, and story-shaped URLs whose page is an
article (``crawler.extract.pagekind``); their items have no ``discovery`` and no listing
dates. Optionally each item is also written as a WARC ``metadata`` record that refers to
its capture.

A multi-page article is merged as the crawl merged it: its first page's item waits for the
captures whose context says they are its later pages (``via`` ``article_page``, ``from_url``
the page before), through the same :class:`~crawler.extract.paged.PagedArticle`; a later
page the crawl met alone is no item, as in the crawl.

Items are extracted with the site's profile the crawl used (:func:`stored_profile`: the
one the archive holding the WARC files stores, by default), so a crawl's lines come back
with the same ``extractor.profile_hash`` and the same fields.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson

from archive.layout import ArchiveLayout
from archive.warc.reader import ArchivedCapture, DamagedWarc, iter_captures
from archive.warc.writer import WarcFileWriter
from crawler.extract.capture import (
    NOT_A_STORY,
    Capture,
    Skipped,
    joined_headers,
)
from crawler.extract.context import CrawlContext
from crawler.extract.paged import ARTICLE_PAGE_VIA, PagedArticle
from crawler.extract.pagekind import is_article_body
from crawler.extract.profile import SiteProfile
from crawler.items import ArticleItem
from crawler.seed import Seed
from crawler.spiders.article_page import ArticleJob, ArticleRead, read_article


@dataclass
class ReextractResult:
    """What a re-extraction wrote and what it did not, by reason."""

    items: int = 0
    #: Captures the crawl did not extract either (a 304, a 404, a non-HTML page), by reason.
    not_articles: Counter[str] = field(default_factory=Counter)
    #: Captures that should have given an item and did not (each also had a warning line).
    failed: int = 0
    #: WARC files that are not WARC files or are cut short (each also had a warning line).
    damaged: int = 0

    def summary(self, out: Path) -> str:
        line = f"{self.items} items -> {out}, {self.failed} failed"
        if self.damaged:
            line += f", {self.damaged} damaged or unreadable WARC files"
        if self.not_articles:
            reasons = ", ".join(f"{n} {why}" for why, n in sorted(self.not_articles.items()))
            line += f"; not articles: {reasons}"
        return line


def reextract(
    warcs: list[Path],
    seed: Seed,
    out: Path,
    *,
    metadata_dir: Path | None = None,
    warn: Callable[[str], None] = print,
    on_capture: Callable[[int], None] | None = None,
    profile: SiteProfile | None = None,
) -> ReextractResult:
    """Write one item line per archived article capture of ``warcs`` to ``out``;
    ``on_capture(n)`` is told how many article captures were read so far (progress);
    ``profile``: the site's profile to extract with (None: the generic extractor).

    A capture that should give an item and does not (its original or its coding missing, a
    truncated body, an extractor failure) costs one ``warn`` line; the others are counted.
    So does a file that is not a WARC file or is cut short: the items of its complete
    records are kept, and ``damaged`` counts it (the command then exits 1).
    """
    writer = WarcFileWriter(metadata_dir, prefix="newsarchiver-reextract") if metadata_dir else None
    result = ReextractResult()
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(out, "wb") as fh:

            def damaged(error: DamagedWarc) -> None:
                warn(f"warning: {error}")
                result.damaged += 1

            links = seed.site_links()
            # Multi-page articles whose later pages are still to come, by the URL of the
            # last page read (a later page's context names it as from_url).
            pending: dict[str, PagedArticle] = {}

            def emit(item: ArticleItem) -> None:
                line = orjson.dumps(item.to_dict())
                fh.write(line + b"\n")
                if writer is not None:
                    writer.write_metadata(
                        url=item.url,
                        refers_to=(item.warc or {}).get("record_id"),
                        fields=[("newsarchiver-item", line.decode("utf-8"))],
                        created_at=datetime.now(UTC),
                    )
                result.items += 1

            # Any URL of the site may be an article the crawl reached by a related link;
            # whether it is one, its context says (read after the response record).
            captures = iter_captures(warcs, want=links.allowed, on_damaged=damaged)
            n = 0
            for archived in captures:
                context = _context(archived, warn)
                if context is not None and context.via == ARTICLE_PAGE_VIA:
                    paged = pending.pop(context.from_url or "", None)
                    if paged is not None:
                        later = _read(archived, seed, context, profile)
                        next_url = None
                        if isinstance(later.result, ArticleItem):
                            paged.add(archived.url, later.result)
                            next_url = paged.wants(later.next_page)
                        if next_url and links.allowed(next_url):
                            pending[archived.url] = paged
                        else:
                            emit(paged.item)
                    continue
                if context is _NOT_AN_ARTICLE_FETCH:
                    continue
                if context is None and not (
                    links.is_article(archived.url) or links.is_candidate(archived.url)
                ):
                    continue
                n += 1
                if on_capture is not None:
                    on_capture(n)
                read = _read(archived, seed, context, profile)
                item = read.result
                if context is None and not isinstance(item, Skipped):
                    if not links.is_article(archived.url) and not is_article_body(
                        archived.body or b"", item, joined_headers(archived.headers)
                    ):
                        item = Skipped(archived.url, NOT_A_STORY, "not-story")
                if isinstance(item, Skipped) and item.kind in ("not-article", "not-story"):
                    result.not_articles[item.reason] += 1
                    continue
                if isinstance(item, Skipped):
                    warn(f"warning: {item.url}: {item.reason}")
                    result.failed += 1
                    continue
                if read.first_page is not None:  # the crawl read it with its first page
                    result.not_articles[LATER_PAGE] += 1
                    continue
                if read.next_page and links.allowed(read.next_page):
                    pending[archived.url] = PagedArticle.start(archived.url, item)
                    continue
                emit(item)
            for paged in pending.values():  # a later page the crawl could not fetch
                emit(paged.item)
    finally:
        if writer is not None:
            writer.close()
    return result


#: Why a later page of a multi-page article is no item (its first page's item holds it).
LATER_PAGE = "later pages of multi-page articles (in their first page's item)"
#: The context of a fetch the crawl made for no article (a section page, a feed, an image).
_NOT_AN_ARTICLE_FETCH = CrawlContext(via="not-an-article")


def _context(archived: ArchivedCapture, warn: Callable[[str], None]) -> CrawlContext | None:
    """The crawl context archived with the capture; :data:`_NOT_AN_ARTICLE_FETCH` when the
    crawl fetched it for no article (a later page of one is for its article); None when there
    is none (or a damaged one: one line)."""
    try:
        context = CrawlContext.from_warc_fields(archived.metadata)
    except ValueError as exc:
        warn(f"warning: {archived.url}: {exc}; extracted without it")
        return None
    if context is not None and not context.is_article_fetch and context.via != ARTICLE_PAGE_VIA:
        return _NOT_AN_ARTICLE_FETCH
    return context


def _read(
    archived: ArchivedCapture,
    seed: Seed,
    context: CrawlContext | None,
    profile: SiteProfile | None = None,
) -> ArticleRead:
    """The crawl's reading of one archived capture (:func:`read_article`) with the site's
    ``profile``: its item, or :class:`Skipped`, and the article's next or first page."""
    if archived.body is None and 200 <= archived.status < 300:
        return ArticleRead(Skipped(archived.url, archived.problem or "no body", "error"))
    # The body is decoded, so its coding no longer applies (as after HttpCompressionMiddleware).
    headers = [(k, v) for k, v in archived.headers if k.lower() != "content-encoding"]
    capture = Capture(
        url=archived.url,
        status=archived.status,
        headers=headers,
        body=archived.body or b"",
        warc=archived.pointer.to_dict(),
        truncated=archived.truncated is not None,
    )
    return read_article(capture, seed, ArticleJob(context, profile=profile))


def stored_profile(warcs: list[Path], site: str) -> Path | None:
    """The profile file of ``site`` in the archive whose ``warc/`` folder holds the first of
    ``warcs`` (None when there is none): the profile that archive's crawls used."""
    if not warcs:
        return None
    path = ArchiveLayout(warcs[0].resolve().parent.parent).profile_file(site)
    return path if path.is_file() else None
