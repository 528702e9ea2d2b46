"""Downloader middleware that writes every network exchange to WARC files.

Wire it with a priority ABOVE every middleware that edits requests and BELOW the downloader,
and in particular above HttpCompressionMiddleware (590) and HttpCacheMiddleware (900)::

    DOWNLOADER_MIDDLEWARES = {"crawler.middlewares.warc_capture.WarcCaptureMiddleware": 950}

Why 950: ``process_request`` runs from low to high numbers, so at 950 every other middleware
(default headers, user agent, Accept-Encoding, cookies, proxy) has already edited the request and
we record what was sent. ``process_response`` runs from high to low numbers, so at 950 we see the
response first, before HttpCompressionMiddleware (590) decompresses the body: the WARC gets the
content-encoded bytes as they came off the wire (after Twisted removed chunked framing).

The exchange as it was on the wire comes from our download handler
(:mod:`crawler.handlers.raw_http`, ``request.meta["newsarchiver_raw"]``): the status line's
protocol and reason phrase, the response headers with their names' case, order and the
interleaving of repeated ones, and the request headers exactly as sent (``Host`` and
``Content-Length`` as the client wrote them; ``Proxy-Authorization`` is never archived). Only the
chunked framing is gone; the WARC writer rewrites ``Transfer-Encoding`` / ``Content-Length`` to
describe the stored body. A response from another handler (``file:``, ``data:``, a custom
``DOWNLOAD_HANDLERS``) falls back to what Scrapy keeps: header names re-cased and grouped, no
connection-control headers, the standard reason phrase, request headers as Twisted would send
them.

Oversize bodies: the handler delivers the first ``DOWNLOAD_MAXSIZE`` bytes (flags ``dataloss`` and
``maxsize``) instead of dropping the response; they are archived with ``WARC-Truncated: length``
(stat ``newsarchiver/truncated_maxsize``) and the spider reports the page without extracting it.

``304 Not Modified`` to a conditional request (``If-None-Match`` / ``If-Modified-Since`` sent) is
written as a ``revisit`` record with profile *server-not-modified* (WARC/1.1 section 6.7.3) that
refers to the capture it confirmed: the newest complete capture of the URL, from the digest
index's ``latest`` table (``WARC-Refers-To``, ``-Target-URI``, ``-Date`` and its payload digest).

Responses that did not come from the network (``"cached"`` in ``response.flags``, as set by
HttpCacheMiddleware) are not recorded again. Partial bodies that Scrapy still delivers
(``dataloss`` with DOWNLOAD_FAIL_ON_DATALOSS=False, ``download_stopped`` after StopDownload) are
recorded with ``WARC-Truncated``.

Deduplication across crawls (like Heritrix): before writing, the middleware computes the
payload digest (sha1 of the body as received) and looks ``(url, digest)`` up in the archive's
:class:`~archive.stores.digest_index.DigestIndex` (``<archive>/state/digests.sqlite3``). A hit
means the same payload is already archived, so a ``revisit`` record referring to the original
is written instead of a full response; a miss writes the response and records it as a new
original. Only complete (not truncated) 2xx responses to GET with a body are deduplicated.
``request.meta["warc"]`` then points at the revisit record and carries ``"revisit_of"`` (the
original's file, offset, length, record id and date). Set ``NEWSARCHIVER_WARC_DEDUP = False``
to always write full responses.

What the crawl knows about a fetch (how it reached the URL, the section listing that linked
it, what feeds and sitemaps said of it: :class:`~crawler.extract.context.CrawlContext`) is an
input of extraction, so it is archived with the capture: when the spider has a
``crawl_context(request)`` method, its answer is written as a ``metadata`` record
(``application/warc-fields``, ``WARC-Concurrent-To`` the response, as Heritrix records a
fetch's ``via``) right after the request record, and put in the request's meta
(:func:`context_of`), so the item is made from exactly what the archive holds. pywb and
cdxj-indexer leave warc-fields metadata records out of the index, so replay is unchanged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from archive.index.cdxj_live import LiveIndex
from archive.layout import ArchiveLayout
from archive.stores import StoreError
from archive.warc.digests import DigestEntry, payload_digest
from archive.warc.headers import target_uri
from archive.warc.pointer import WarcPointer
from archive.warc.recovery import OPEN_SUFFIX
from archive.warc.writer import WarcFileWriter
from crawler.crawl_stores import crawl_stores
from crawler.handlers.raw_http import raw_exchange
from crawler.middlewares.exchange import exchange_record, truncation
from crawler.signals import report_write_failure, write_failed

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from archive.stores.protocols import DigestIndexAPI
    from crawler.extract.context import CrawlContext

logger = logging.getLogger(__name__)

#: Recommended priority in DOWNLOADER_MIDDLEWARES (see module docstring).
PRIORITY = 950

#: Request meta key: ``(url, CrawlContext)`` archived with the response to the request.
CONTEXT_META = "crawl_context"


def context_of(response: Response) -> CrawlContext | None:
    """The crawl context archived with ``response`` (None when none was)."""
    stored = response.meta.get(CONTEXT_META)
    # a redirect copies the meta of the request it follows: only this URL's counts
    if stored is None or stored[0] != response.url:
        return None
    return stored[1]


class WarcCaptureMiddleware:
    """Records each request/response pair; puts the WARC pointer in ``request.meta["warc"]``."""

    def __init__(
        self,
        writer: WarcFileWriter,
        crawler: Crawler | None = None,
        digests: DigestIndexAPI | None = None,
    ) -> None:
        self.writer = writer
        self.crawler = crawler
        self.stats = crawler.stats if crawler is not None else None
        self.digests = digests
        self._stale_originals: set[tuple[str, str]] = set()
        #: Set once any part of the archive could not be written: the crawl is stopping.
        self.archive_unwritable = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        """Build the writer from settings; without an archive directory there is nothing to do."""
        settings = crawler.settings
        archive_dir = settings.get("NEWSARCHIVER_ARCHIVE_DIR")
        if not archive_dir:
            raise NotConfigured("NEWSARCHIVER_ARCHIVE_DIR is not set")
        layout = ArchiveLayout(archive_dir)
        warcinfo: dict[str, str] = {
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        }
        user_agent = settings.get("USER_AGENT")
        if user_agent:
            warcinfo["http-header-user-agent"] = str(user_agent)
        warcinfo.update(
            {str(k): str(v) for k, v in settings.getdict("NEWSARCHIVER_WARCINFO").items()}
        )
        writer = WarcFileWriter(
            layout.warc_dir,
            prefix=settings["NEWSARCHIVER_WARC_PREFIX"],
            max_size=settings.getint("NEWSARCHIVER_WARC_MAX_SIZE"),
            warcinfo=warcinfo,
            sink=LiveIndex.for_writer(layout.indexes_dir),
            # A failed write reaches crawler.extensions.disk_full, which stops the crawl.
            on_error=lambda path, exc: report_write_failure(crawler, path, exc),
        )
        if writer.recovered:
            logger.warning("Recovered unfinished WARC files: %s", ", ".join(writer.recovered))
        digests = None
        if settings.getbool("NEWSARCHIVER_WARC_DEDUP"):
            try:
                digests = crawl_stores(crawler).digest_index()
            except StoreError as exc:  # archive without dedup beats no archive at all
                logger.warning("digest index unusable, writing full responses only: %s", exc)
        mw = cls(writer, crawler, digests)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(mw.write_failed, signal=write_failed)
        return mw

    def write_failed(self, **kwargs: object) -> None:
        """Some part of the archive could not be written: write nothing more."""
        self.archive_unwritable = True

    @property
    def files(self) -> list[str]:
        """Final names of the WARC files written so far (relative to ``<archive>/warc``)."""
        return list(self.writer.files)

    @property
    def bytes_written(self) -> int:
        return self.writer.bytes_written

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        """Write the exchange and attach the pointer; the response passes through unchanged."""
        if "cached" in response.flags:
            return response
        if self.archive_unwritable:
            raise IgnoreRequest("crawl stopping: the archive cannot be written")
        raw = raw_exchange(response, request)
        truncated = truncation(response.flags, raw)
        body = response.body
        url = target_uri(response.url)
        digest = original = None
        not_modified = (
            response.status == 304
            and not body
            and any(request.headers.get(h) for h in ("If-None-Match", "If-Modified-Since"))
        )
        if not_modified:
            original = self._latest(url)
        elif (
            self.digests is not None
            and request.method.upper() == "GET"
            and 200 <= response.status < 300
            and body
            and not truncated
        ):
            digest = payload_digest(body)
            original = self._find_original(url, digest)
        context = self._context(request, spider)
        try:
            pointer = self.writer.write_exchange(
                **exchange_record(request, response, raw),
                truncated=truncated,
                revisit_of=original,
                not_modified=not_modified,
                metadata=context.warc_fields() if context is not None else None,
            )
        except OSError as exc:  # the writer's error hook has told the crawl to stop
            raise IgnoreRequest(f"not archived, the WARC file cannot be written: {exc}") from exc
        if digest is not None:
            self._record_original(url, digest, original, pointer)
        request.meta["warc"] = pointer.to_dict()
        if context is not None:
            request.meta[CONTEXT_META] = (response.url, context)
        identical = original is not None and not not_modified
        records = 2 if context is None else 3
        self._update_stats(records=records, revisits=1 if identical else 0)
        if truncated == "length" and self.stats is not None:
            self.stats.inc_value("newsarchiver/truncated_maxsize")
        if not_modified and self.stats is not None:
            self.stats.inc_value("newsarchiver/warc_not_modified_revisits")
        return response

    def _context(self, request: Request, spider: Spider | None) -> CrawlContext | None:
        """The spider's crawl context of ``request``, if it keeps one."""
        if spider is None and self.crawler is not None:
            spider = self.crawler.spider
        hook = getattr(spider, "crawl_context", None)
        return hook(request) if hook is not None else None

    def _record_original(
        self, url: str, digest: str, original: DigestEntry | None, pointer: WarcPointer
    ) -> None:
        """A full capture becomes a new original; a revisit confirms its original as latest."""
        if original is not None:
            self._set_latest(original)
            return
        self._remember(  # also its URL's newest payload
            DigestEntry(
                url=url,
                digest=digest,
                record_id=pointer.record_id,
                date=pointer.date,
                file=pointer.file,
                offset=pointer.offset,
                length=pointer.length,
            )
        )

    def _latest(self, url: str) -> DigestEntry | None:
        """The capture a 304 confirmed (newest complete capture of ``url``), if still there."""
        if self.digests is None:
            return None
        try:
            entry = self.digests.latest(url)
        except StoreError as exc:
            logger.warning("digest index lookup failed for a 304 of %s: %s", url, exc)
            return None
        if entry is None or not self._file_exists(entry):
            return None
        return entry

    def _file_exists(self, entry: DigestEntry) -> bool:
        """The WARC file holding ``entry`` is still in the archive (closed or being written)."""
        directory = self.writer.directory
        return (directory / entry.file).exists() or (
            directory / (entry.file + OPEN_SUFFIX)
        ).exists()

    def _set_latest(self, entry: DigestEntry) -> None:
        if self.digests is None:
            return
        try:
            self.digests.set_latest(entry)
        except StoreError as exc:
            logger.warning("digest index update failed for %s: %s", entry.url, exc)

    def _find_original(self, url: str, digest: str) -> DigestEntry | None:
        """The archived original with this payload, if its WARC file is still there.

        A digest index problem never costs a capture: on error the full response is written.
        """
        if self.digests is None:
            return None
        try:
            entry = self.digests.lookup(url, digest)
        except StoreError as exc:
            logger.warning("digest index lookup failed, writing a full response: %s", exc)
            return None
        if entry is None:
            return None
        if not self._file_exists(entry):
            self._stale_originals.add((url, digest))  # pruned/moved: capture afresh
            return None
        return entry

    def _remember(self, entry: DigestEntry) -> None:
        if self.digests is None:
            return
        replace = (entry.url, entry.digest) in self._stale_originals
        try:
            self.digests.add(entry, replace=replace, latest=True)
        except StoreError as exc:
            logger.warning("digest index update failed for %s: %s", entry.url, exc)
        self._stale_originals.discard((entry.url, entry.digest))

    def _update_stats(self, records: int = 0, revisits: int = 0) -> None:
        if self.stats is None:
            return
        if records:
            self.stats.inc_value("newsarchiver/warc_records", records)
        if revisits:
            self.stats.inc_value("newsarchiver/warc_revisits", revisits)
        self.stats.set_value("newsarchiver/warc_bytes", self.writer.bytes_written)
        self.stats.set_value("newsarchiver/warc_files", len(self.writer.files))

    def spider_closed(self, spider: Spider | None = None) -> None:
        """Finish and rename the open WARC file so the crawl leaves no ``.open`` behind."""
        self.writer.close()  # (the digest index is the crawl's: crawler.crawl_stores)
        self._update_stats()
