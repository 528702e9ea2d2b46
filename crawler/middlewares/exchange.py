"""One HTTP exchange as the WARC writer records it: request headers as sent, response
headers, status line and any truncation, from the raw bytes the download handler kept
(:mod:`crawler.handlers.raw_http`) or else from Scrapy's parsed view."""

from __future__ import annotations

import http
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from archive.warc.headers import host_from_url
from crawler.handlers.raw_http import MAXSIZE_FLAG, RawExchange

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response
    from scrapy.http.headers import Headers

#: Never archived: the proxy's credentials.
_DROP_REQUEST_HEADERS = frozenset({"proxy-authorization"})


def _header_pairs(headers: Headers, drop: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """Flatten Scrapy headers to (name, value) pairs, one per value, bytes read as latin-1."""
    pairs: list[tuple[str, str]] = []
    for name, values in headers.items():
        sname = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        if sname.lower() in drop:
            continue
        for value in values:
            sval = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            pairs.append((sname, sval))
    return pairs


def _request_headers_as_sent(request: Request) -> list[tuple[str, str]]:
    """Mirror what Twisted's HTTP/1.1 client puts on the wire for this request."""
    pairs = _header_pairs(request.headers, _DROP_REQUEST_HEADERS)
    names = {k.lower() for k, _ in pairs}
    body = request.body or b""
    # Twisted writes Content-Length first when there is a body (or PUT/POST without one) ...
    if "content-length" not in names and (body or request.method.upper() in ("PUT", "POST")):
        pairs.insert(0, ("Content-Length", str(len(body))))
    # ... and appends Host when the request does not carry one.
    if "host" not in names:
        pairs.append(("Host", host_from_url(request.url)))
    return pairs


def truncation(flags: list[str], raw: RawExchange | None = None) -> str | None:
    """WARC-Truncated value for partial bodies Scrapy still delivers (dataloss, StopDownload)."""
    if raw is not None and raw.truncated:
        return raw.truncated
    if MAXSIZE_FLAG in flags:
        return "length"
    if "dataloss" in flags:
        return "disconnect"
    if "download_stopped" in flags:
        return "unspecified"
    return None


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def exchange_record(
    request: Request, response: Response, raw: RawExchange | None
) -> dict[str, Any]:
    """The writer's description of one exchange: the raw bytes' headers when the handler kept
    them (:mod:`crawler.handlers.raw_http`), else Scrapy's parsed view."""
    if raw is not None:
        request_headers = [
            (k, v) for k, v in raw.request_headers if k.lower() not in _DROP_REQUEST_HEADERS
        ]
        protocol, reason = raw.protocol, raw.reason
        response_headers: list[tuple[str, str]] = list(raw.headers)
    else:
        request_headers = _request_headers_as_sent(request)
        protocol = getattr(response, "protocol", None) or "HTTP/1.1"
        reason = _reason(response.status)
        response_headers = _header_pairs(response.headers)
    ip = getattr(response, "ip_address", None)
    return {
        "url": response.url,
        "method": request.method,
        "request_headers": request_headers,
        "request_body": request.body or b"",
        "protocol": protocol,
        "status": response.status,
        "reason": reason,
        "response_headers": response_headers,
        "body": response.body,
        "ip_address": str(ip) if ip is not None else None,
        "fetched_at": datetime.now(UTC),
    }
