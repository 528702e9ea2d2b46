"""HTTP(S) download handler that keeps the exchange as it was on the wire, for the WARC capture.

Why: Scrapy's default handler (Twisted's HTTP/1.1 client) hands us a response that has lost
the reason phrase, the case and order of the header names and, for a body larger than
``DOWNLOAD_MAXSIZE``, everything (the download is cancelled). An archive must show what the
server sent, so this handler builds on Scrapy's aiohttp handler
(``scrapy.core.downloader.handlers._aiohttp``), whose client keeps ``raw_headers`` (names as
received, in order, repeated headers interleaved as sent), ``reason`` and ``version``.

Wiring (``crawler/settings.py``)::

    DOWNLOAD_HANDLERS = {
        "http": "crawler.handlers.raw_http.RawHttpDownloadHandler",
        "https": "crawler.handlers.raw_http.RawHttpDownloadHandler",
    }

It behaves like the stock handlers where the crawl relies on them: HTTP proxies through
``request.meta["proxy"]`` (absolute-form requests for http, ``CONNECT`` for https), https with
Scrapy's TLS settings, ``DOWNLOAD_TIMEOUT`` (whole exchange), keep-alive connection pools
(``CONCURRENT_REQUESTS`` / ``CONCURRENT_REQUESTS_PER_DOMAIN`` connections), no automatic
decompression (HttpCompressionMiddleware decodes later, the capture archives the encoded
bytes), no redirects, no cookies, ``response.ip_address`` and ``response.protocol``,
``DOWNLOAD_WARNSIZE``, the ``headers_received`` / ``bytes_received`` signals (StopDownload), and
``DOWNLOAD_FAIL_ON_DATALOSS = False`` (a body cut short is delivered with flag ``dataloss``).

The one deliberate difference: a body larger than ``DOWNLOAD_MAXSIZE`` is not thrown away.
The first ``DOWNLOAD_MAXSIZE`` bytes are delivered with flags ``dataloss`` (so the spider
treats it like any other partial body: archived, not extracted) and ``maxsize``, and the
connection is closed. The capture middleware writes it with ``WARC-Truncated: length``.

What the capture gets (``request.meta[META_KEY]``, read with :func:`raw_exchange`): a
:class:`RawExchange` with the status line's protocol and reason phrase, the response headers
as received, the request headers as sent (after the client added ``Host`` etc.) and the
truncation reason. Chunked transfer coding is removed by the client; the WARC writer
rewrites ``Transfer-Encoding`` / ``Content-Length`` to match the stored body.

Private Scrapy API: the aiohttp handler's internals (``_read_response``, ``_make_request``,
the ``_download_handlers`` helpers, ...) are not covered by Scrapy's compatibility promise.
``pyproject.toml`` pins the Scrapy versions this was tested with, and
``tests/crawler/handlers/test_raw_http_scrapy_api.py`` fails, naming what to do, when any
name used here changes or Scrapy's ``_read_response`` no longer matches the one copied.
"""

from __future__ import annotations

import logging
import ssl
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import aiohttp
import yarl
from scrapy import signals
from scrapy.core.downloader.handlers._aiohttp import AiohttpDownloadHandler, _ClientResponse
from scrapy.core.downloader.handlers._base_streaming import BaseStreamingDownloadHandler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.http import Headers
from scrapy.utils._download_handlers import (
    check_stop_download,
    get_dataloss_msg,
    get_warnsize_msg,
    make_response,
)
from scrapy.utils.ssl import _make_ssl_context

from archive.warc.headers import wire_text
from crawler.handlers.guarded_resolver import GuardedResolver

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

#: request.meta key holding the :class:`RawExchange` of the last download of that request.
META_KEY = "newsarchiver_raw"
#: Response flag of a body cut at DOWNLOAD_MAXSIZE (always together with ``dataloss``).
MAXSIZE_FLAG = "maxsize"
#: Longest status/header line and header field accepted (aiohttp's default is 8190 bytes;
#: real sites send longer Set-Cookie / Link / CSP headers, which Twisted accepted).
MAX_LINE = 65536


@dataclass(frozen=True)
class RawExchange:
    """What the server sent (and what we sent), before Scrapy normalises it."""

    url: str
    status: int
    reason: str
    protocol: str
    headers: tuple[tuple[str, str], ...]
    request_headers: tuple[tuple[str, str], ...]
    #: ``"length"`` (cut at DOWNLOAD_MAXSIZE), ``"disconnect"`` (connection lost), or None.
    truncated: str | None = None
    #: Body bytes the server announced (Content-Length) or sent before we stopped reading.
    announced: int | None = None
    response_id: int = 0


def raw_exchange(response: Response, request: Request | None = None) -> RawExchange | None:
    """The raw facts of ``response`` if this handler produced it, else None.

    Pass the ``request`` in downloader middlewares: ``response.request`` (and so
    ``response.meta``) is only bound after the downloader middlewares have run.
    """
    if request is not None:
        info = request.meta.get(META_KEY)
    else:
        try:
            info = response.meta.get(META_KEY)
        except AttributeError:  # a response not bound to a request
            return None
    if not isinstance(info, RawExchange) or info.response_id != id(response):
        return None  # left over in meta copied by a redirect/retry, or another handler
    return info


def _latin1_pairs(pairs: object) -> tuple[tuple[str, str], ...]:
    out = []
    for name, value in pairs:  # type: ignore[attr-defined]
        if isinstance(name, bytes):
            name = name.decode("latin-1")
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        out.append((str(name), str(value)))
    return tuple(out)


class RawHttpDownloadHandler(AiohttpDownloadHandler):
    """aiohttp-based HTTP(S) handler that records the raw exchange; see the module docstring."""

    experimental: ClassVar[bool] = False
    #: Built on the first request: aiohttp needs the running asyncio loop.
    lazy: ClassVar[bool] = True

    def __init__(self, crawler: Crawler) -> None:
        # Scrapy's aiohttp handler builds its session in __init__; ours needs other session
        # options, so only the generic streaming-handler set-up is reused.
        BaseStreamingDownloadHandler.__init__(self, crawler)
        self._ssl_context: ssl.SSLContext = _make_ssl_context(crawler.settings)
        connector = aiohttp.TCPConnector(
            local_addr=self._bind_address,
            limit=self._pool_size_total,
            limit_per_host=self._pool_size_per_host,
            resolver=GuardedResolver(self._trusted_hosts),  # the SSRF guard, at connect time
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
            response_class=_ClientResponse,
            # Send exactly the headers Scrapy's middlewares set (aiohttp adds Host).
            skip_auto_headers=("Accept", "Accept-Encoding", "Content-Type", "User-Agent"),
            max_line_size=MAX_LINE,
            max_field_size=MAX_LINE,
        )

    @staticmethod
    def _extract_headers(response: _ClientResponse) -> Headers:
        """Scrapy's headers from the bytes received: aiohttp's str view holds a byte that is
        not UTF-8 (a Latin-1 ``filename="M\xfcller.html"``) as a surrogate, which Scrapy
        cannot encode, and the page was lost."""
        return Headers(list(response.raw_headers))

    def _trusted_hosts(self) -> list[str]:
        """Hosts that may resolve to internal addresses: the seed's and the proxy's."""
        hosts = list(getattr(self.crawler.spider, "allowed_domains", None) or [])
        proxy = self.crawler.settings.get("NEWSARCHIVER_PROXY")
        if proxy:
            hosts.append(yarl.URL(proxy).host or "")
        return hosts

    @asynccontextmanager
    async def _make_request(
        self, request: Request, timeout: float
    ) -> AsyncIterator[_ClientResponse]:
        """Scrapy's aiohttp request, except that an empty body is not sent as one.

        aiohttp announces ``Content-Length: 0`` for ``data=b""``; like Twisted, send no body
        (and no Content-Length) for a bodiless GET/HEAD/DELETE, keep it for POST/PUT.
        """
        data: bytes | None = request.body
        if not data and request.method.upper() not in ("POST", "PUT", "PATCH"):
            data = None
        url: str | yarl.URL = request.url
        if request.meta.get("verbatim_url"):
            url = yarl.URL(request.url, encoded=True)
        try:
            async with await self._session.request(
                request.method,
                url,
                data=data,
                headers=self._request_headers(request).to_tuple_list(),
                timeout=aiohttp.ClientTimeout(total=timeout),
                ssl=self._ssl_context,
                allow_redirects=False,
                proxy=self._extract_proxy_url_with_creds(request),
            ) as response:
                yield response  # type: ignore[misc]
        except TimeoutError as exc:
            raise DownloadTimeoutError(
                f"Getting {request.url} took longer than {timeout} seconds."
            ) from exc
        except (aiohttp.InvalidUrlClientError, aiohttp.NonHttpUrlClientError) as exc:
            raise UnsupportedURLSchemeError(str(exc)) from exc
        except aiohttp.ClientConnectorDNSError as exc:
            raise CannotResolveHostError(str(exc)) from exc
        except aiohttp.ClientConnectorError as exc:
            raise DownloadConnectionRefusedError(str(exc)) from exc
        except aiohttp.ClientError as exc:
            raise DownloadFailedError(str(exc)) from exc

    async def _read_response(self, response: _ClientResponse, request: Request) -> Response:
        """Scrapy 2.19's ``_read_response`` with two changes: a body over DOWNLOAD_MAXSIZE is
        cut and delivered (flags ``dataloss``, ``maxsize``) instead of dropped, and the raw
        exchange is left in ``request.meta[META_KEY]`` for the WARC capture."""
        maxsize: int = request.meta.get("download_maxsize", self._default_maxsize)
        warnsize: int = request.meta.get("download_warnsize", self._default_warnsize)
        headers = self._extract_headers(response)
        try:
            announced = int(headers.get("Content-Length") or b"")
        except ValueError:
            announced = None

        warned = False
        if warnsize and announced and announced > warnsize:
            warned = True
            logger.warning(get_warnsize_msg(announced, warnsize, request, expected=True))

        base_args = self._build_base_response_args(response, request, headers)
        if self._tls_verbose_logging:
            self._log_tls_info(response, request)

        stop = check_stop_download(
            signals.headers_received,
            self.crawler,
            request,
            headers=headers,
            body_length=announced,
        )
        got = _Body(stop=stop)
        if stop is None:
            await self._read_body(response, request, got, maxsize, warnsize, warned)
        body = b"".join(got.chunks)
        if got.truncated == "length":
            body = body[:maxsize]
        elif got.stop is not None:
            got.truncated = "unspecified"
        stop = got.stop

        result = make_response(**base_args, body=body, flags=got.flags or None)
        request.meta[META_KEY] = _raw_exchange(response, request, result, got, announced)
        if stop is not None:  # what make_response(stop_download=...) does, after the meta
            result.flags.append("download_stopped")
            if stop.fail:
                stop.response = result
                raise stop
        return result

    async def _read_body(
        self,
        response: _ClientResponse,
        request: Request,
        got: _Body,
        maxsize: int,
        warnsize: int,
        warned: bool,
    ) -> None:
        """Read the body into ``got`` until its end, a stop signal, DOWNLOAD_MAXSIZE (cut,
        flagged ``dataloss``/``maxsize``) or a broken connection (``disconnect``)."""
        try:
            async for chunk in self._iter_body_chunks(response):
                got.chunks.append(chunk)
                got.received += len(chunk)
                got.stop = check_stop_download(
                    signals.bytes_received, self.crawler, request, data=chunk
                )
                if got.stop is not None:
                    break
                if maxsize and got.received > maxsize:
                    # Keep what fits and hang up: the rest is never read.
                    got.truncated = "length"
                    got.flags += ["dataloss", MAXSIZE_FLAG]
                    response.close()
                    logger.debug(
                        "%s: body larger than DOWNLOAD_MAXSIZE (%d bytes), "
                        "keeping the first %d bytes",
                        request.url,
                        maxsize,
                        maxsize,
                    )
                    break
                if warnsize and got.received > warnsize and not warned:
                    warned = True
                    logger.warning(
                        get_warnsize_msg(got.received, warnsize, request, expected=False)
                    )
        except Exception as exc:
            if not self._is_dataloss_exception(exc):
                raise
            if request.meta.get("download_fail_on_dataloss", self._fail_on_dataloss):
                if not self._fail_on_dataloss_warned:
                    logger.warning(get_dataloss_msg(request.url))
                    self._fail_on_dataloss_warned = True
                raise ResponseDataLossError(str(exc)) from exc
            got.truncated = "disconnect"
            got.flags.append("dataloss")


@dataclass
class _Body:
    """What reading a body got: its chunks, how much, why it ended early (if it did)."""

    stop: Any = None  # the StopDownload a signal handler raised
    chunks: list[bytes] = field(default_factory=list)
    received: int = 0
    truncated: str | None = None  # WARC-Truncated: length, disconnect, unspecified
    flags: list[str] = field(default_factory=list)


def _raw_exchange(
    response: _ClientResponse, request: Request, result: Response, got: _Body, announced: int | None
) -> RawExchange:
    """The exchange as it was on the wire, for the WARC capture."""
    version = response.version
    return RawExchange(
        url=request.url,
        status=response.status,
        reason=wire_text(response.reason or ""),
        protocol=f"HTTP/{version.major}.{version.minor}" if version else "HTTP/1.1",
        headers=_latin1_pairs(response.raw_headers),
        request_headers=_latin1_pairs(response.request_info.headers.items()),
        truncated=got.truncated,
        announced=announced if announced is not None else (got.received if got.truncated else None),
        response_id=id(result),
    )
