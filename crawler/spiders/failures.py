"""What went wrong with a fetch, in the words a user reads: one line per failure.

Scrapy and Twisted name the same failure in many ways (DownloadConnectionRefusedError,
ConnectionRefusedError, ...); the crawl log, the summary and the hints speak one vocabulary.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure


def _proxy_of(failure: Failure) -> str | None:
    """``host:port`` of the proxy the failed request went through (never its password)."""
    request = getattr(failure, "request", None)
    proxy = request.meta.get("proxy") if request is not None else None
    if not proxy:
        return None
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    return parts.netloc.rpartition("@")[2] or None


def describe_failure(failure: Failure) -> str:
    """One human line for a failed fetch (HTTP status, refused connection, timeout...)."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    name = type(exc).__name__
    text = failure.getErrorMessage().strip().splitlines()
    detail = text[0] if text else ""
    # Scrapy wraps Twisted's errors (DownloadConnectionRefusedError, ...): match by name.
    known = (
        ("ConnectionRefused", "connection refused"),
        ("DNSLookup", "host name not found"),
        ("CannotResolveHost", "host name not found"),
        ("Timeout", "timed out"),
        ("TimedOut", "timed out"),
        ("ConnectionLost", "connection lost before the response was complete"),
        ("ResponseNeverReceived", "connection closed before any response"),
        ("ResponseFailed", "connection failed while reading the response"),
        ("ConnectionDone", "connection closed by the server"),
    )
    for fragment, words in known:
        if fragment in name:
            proxy = _proxy_of(failure)
            if proxy and fragment == "ConnectionRefused":
                # Every request goes there first: it is the proxy that is not listening.
                return f"connection refused by the proxy {proxy} (is it running?)"
            return words
    if "maxsize" in detail.lower() or "max size" in detail.lower():
        return "response larger than DOWNLOAD_MAXSIZE, dropped"
    return f"{name}: {detail}" if detail else name
