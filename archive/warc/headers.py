"""HTTP headers of WARC request/response records, normalised to describe the stored bytes.

Why (the body we get has already lost its chunked framing, and the WARC's HTTP headers must
describe the bytes actually stored, otherwise warcio and pywb mis-read the payload):

* The body is stored exactly as received after transfer decoding, i.e. *content* codings stay
  (gzip bytes remain gzip bytes, ``Content-Encoding`` is kept).
* ``Transfer-Encoding: chunked``: the header is removed and kept as
  ``X-Newsarchiver-Orig-Transfer-Encoding: chunked``; any ``Content-Length`` sent alongside it
  is kept as ``X-Newsarchiver-Orig-Content-Length``; ``Content-Length`` is set to the stored
  body length.
* Otherwise, if ``Content-Length`` disagrees with the stored body length (truncated transfer,
  duplicated/invalid header), the real body is kept, ``Content-Length`` is set to its length
  and the original value(s) are kept as ``X-Newsarchiver-Orig-Content-Length``.
* A missing ``Content-Length`` is left missing (the record boundary delimits the body, like a
  close-delimited HTTP/1.x message) - we do not invent headers the server did not send.
* Responses that have no body by definition (to ``HEAD``, 1xx, 204, 304) keep their
  ``Content-Length`` untouched, since there it describes the representation, not the body.
* The request record uses origin-form (``METHOD /path?query HTTP/1.1``) even when the crawler
  went through a forward proxy, and gets a ``Host`` header from the URL if none was given.
* Header bytes are stored as received: a str here holds each received byte as one Latin-1
  character (the handler decodes them so), and :class:`WireHeaders` writes them back as those
  bytes. warcio would %-encode a value that is not ASCII, and a reason phrase decoded with
  surrogates (``Très bien`` in Latin-1) made the whole record fail: the page was lost. A
  character beyond Latin-1 (a header we set ourselves) is written as UTF-8. CR/LF inside names
  or values are removed (they would corrupt the record).
* An empty reason phrase is replaced by the standard one for the code (pywb replays a bare
  ``HTTP/1.1 200`` as ``200 None``); protocol ids like ``h2`` become ``HTTP/2`` in the status
  line (there is no standard HTTP/2 serialization in WARC; this mirrors curl's output).
"""

from __future__ import annotations

import http
import re
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

from warcio.statusandheaders import StatusAndHeaders

ORIG_TE_HEADER = "X-Newsarchiver-Orig-Transfer-Encoding"
ORIG_CL_HEADER = "X-Newsarchiver-Orig-Content-Length"


class WireHeaders(StatusAndHeaders):
    """Status line and headers whose bytes are the received ones (see the module docstring)."""

    def compute_headers_buffer(self, header_filter: object = None) -> None:
        """warcio calls this before writing; we give the bytes as received, never %-encoded."""
        self.headers_buff = b"".join(_wire_bytes(line) for line in self.to_str().split("\r\n"))

    def to_bytes(self, filter_func: object = None, encoding: str = "utf-8") -> bytes:
        self.compute_headers_buffer()
        return self.headers_buff


def _wire_bytes(line: str) -> bytes:
    """One head line back to its bytes: Latin-1 holds any received byte; else UTF-8."""
    try:
        data = line.encode("latin-1")
    except UnicodeEncodeError:  # a lone high surrogate still raises: no wire byte makes one
        data = line.encode("utf-8", "surrogateescape")
    return data + b"\r\n"


def wire_text(text: str) -> str:
    """A str decoded by aiohttp (UTF-8, undecodable bytes as surrogates) in this module's
    convention: one Latin-1 character per received byte."""
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


def host_from_url(url: str) -> str:
    """Host header value as Twisted computes it (default ports elided, IPv6 bracketed)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or (parts.scheme, port) in (("http", 80), ("https", 443)):
        return host
    return f"{host}:{port}"


def target_uri(url: str) -> str:
    """The ``WARC-Target-URI`` written for a fetched URL (the fragment is never sent)."""
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def _origin_form(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _http_protocol(protocol: str) -> str:
    """Status-line protocol token; ALPN ids from HTTP/2 stacks are mapped to ``HTTP/2``."""
    proto = (protocol or "").strip()
    if re.fullmatch(r"HTTP/\d(\.\d)?", proto, flags=re.IGNORECASE):
        return proto.upper()
    if proto.lower() in ("h2", "h2c"):
        return "HTTP/2"
    if proto.lower() == "http/1.0":
        return "HTTP/1.0"
    return "HTTP/1.1"


def _default_reason(status: int) -> str:
    """Standard phrase for a missing reason: pywb mis-replays status lines without one."""
    try:
        return http.HTTPStatus(int(status)).phrase
    except ValueError:
        return ""


def _has_no_body(method: str, status: int) -> bool:
    return method.upper() == "HEAD" or 100 <= status < 200 or status in (204, 304)


def clean_pairs(headers: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Header pairs as str, with CR/LF removed: a stray newline would corrupt the record."""
    return [
        (str(k).replace("\r", "").replace("\n", ""), str(v).replace("\r", " ").replace("\n", " "))
        for k, v in headers
    ]


def normalize_response_headers(
    headers: Sequence[tuple[str, str]], body_length: int, *, method: str, status: int
) -> list[tuple[str, str]]:
    """Make framing headers match the stored (de-chunked) body; see the module docstring."""
    out = clean_pairs(headers)
    if _has_no_body(method, status):
        return out
    te_values = [v for k, v in out if k.lower() == "transfer-encoding"]
    cl_values = [v for k, v in out if k.lower() == "content-length"]
    chunked = any("chunked" in v.lower() for v in te_values)
    cl_ok = len(cl_values) == 1 and cl_values[0].strip() == str(body_length)
    if not chunked and (not cl_values or cl_ok):
        return out
    result: list[tuple[str, str]] = []
    cl_placed = False
    for name, value in out:
        lname = name.lower()
        if lname == "transfer-encoding" and chunked:
            result.append((ORIG_TE_HEADER, value))
        elif lname == "content-length":
            result.append((ORIG_CL_HEADER, value))
        else:
            result.append((name, value))
            continue
        if not cl_placed:
            result.append(("Content-Length", str(body_length)))
            cl_placed = True
    return result


def response_http_headers(
    *,
    method: str,
    protocol: str,
    status: int,
    reason: str,
    headers: Sequence[tuple[str, str]],
    body_length: int,
) -> StatusAndHeaders:
    """The status line and normalised headers of a response record."""
    reason = (reason or "").strip() or _default_reason(status)
    return WireHeaders(
        f"{int(status)} {reason}" if reason else str(int(status)),
        normalize_response_headers(headers, body_length, method=method, status=status),
        protocol=_http_protocol(protocol),
    )


def request_http_headers(
    *, method: str, target: str, headers: Sequence[tuple[str, str]]
) -> StatusAndHeaders:
    """The origin-form request line and headers (with ``Host``) of a request record."""
    pairs = clean_pairs(headers)
    if not any(k.lower() == "host" for k, _ in pairs):
        pairs.append(("Host", host_from_url(target)))
    return WireHeaders(
        f"{method.upper()} {_origin_form(target)} HTTP/1.1", pairs, is_http_request=True
    )
