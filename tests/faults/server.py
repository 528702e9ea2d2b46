"""A loopback HTTP server that misbehaves on request, for the fault-injection tests.

It listens on 127.0.0.1 only and also works as the crawl's HTTP proxy: a request in
absolute form (``GET http://site.test/a.html``) is answered from the route table for that
host, so a test can stage a whole site, and see every URL the crawler *tried* to reach,
including ``http://169.254.169.254/...``, without any packet leaving the machine. A test
for a refused address then asserts that no hit for it was recorded.

Routes map ``(host, path)`` (``host`` ``None`` for any host) to a handler returning
``(status, headers, body)``; helpers build the usual misbehaviours (redirect chains and
loops, 429/503 with ``Retry-After``, gzip bombs).
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Reply = tuple[int, list[tuple[str, str]], bytes]
Handler = Callable[["Hit"], Reply]


@dataclass
class Hit:
    """One request as the server received it."""

    at: float  # time.monotonic() on arrival
    method: str
    url: str  # absolute URL (host from the request target or the Host header)
    headers: dict[str, str]

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"


@dataclass
class FaultServer:
    routes: dict[tuple[str | None, str], Handler] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    #: Reason phrases to send instead of the standard one, by path (sent as Latin-1 bytes).
    reasons: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                server._serve(self)

            do_HEAD = do_GET  # noqa: N815

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # --- lifecycle ------------------------------------------------------------------------

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """Base URL when the server is reached directly (not as a proxy)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def proxy_url(self) -> str:
        return self.url

    # --- staging --------------------------------------------------------------------------

    def route(self, path: str, handler: Handler, host: str | None = None) -> None:
        self.routes[(host, path)] = handler

    def page(self, path: str, html: str, host: str | None = None, status: int = 200) -> None:
        body = html.encode("utf-8")
        headers = [("Content-Type", "text/html; charset=utf-8")]
        self.route(path, lambda hit: (status, headers, body), host)

    def redirect(self, path: str, location: str, host: str | None = None, status: int = 302):
        self.route(path, lambda hit: (status, [("Location", location)], b""), host)

    def sequence(self, path: str, replies: list[Reply], host: str | None = None) -> None:
        """Answer the n-th request for ``path`` with ``replies[n]`` (the last one repeats)."""
        count = {"n": 0}

        def handler(hit: Hit) -> Reply:
            n = min(count["n"], len(replies) - 1)
            count["n"] += 1
            return replies[n]

        self.route(path, handler, host)

    def hits_for(self, path: str, host: str | None = None) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path == path and (host is None or h.host == host)]

    def hosts_seen(self) -> set[str]:
        with self._lock:
            return {h.host for h in self.hits}

    # --- serving --------------------------------------------------------------------------

    def _serve(self, req: BaseHTTPRequestHandler) -> None:
        target = req.path
        if not target.startswith(("http://", "https://")):
            target = f"http://{req.headers.get('Host', '127.0.0.1')}{target}"
        hit = Hit(time.monotonic(), req.command, target, dict(req.headers.items()))
        with self._lock:
            self.hits.append(hit)
        handler = self.routes.get((hit.host, hit.path)) or self.routes.get((None, hit.path))
        if handler is None:
            status, headers, body = 404, [("Content-Type", "text/plain")], b"not found"
        else:
            status, headers, body = handler(hit)
        req.send_response(status, self.reasons.get(hit.path))
        for name, value in headers:
            req.send_header(name, value)
        if not any(n.lower() == "content-length" for n, _ in headers):
            req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        if req.command != "HEAD":
            req.wfile.write(body)


def retry_after(status: int, value: str) -> Reply:
    return status, [("Retry-After", value), ("Content-Type", "text/plain")], b"slow down"


def http_date(seconds_from_now: float) -> str:
    return formatdate(time.time() + seconds_from_now, usegmt=True)


def gzip_bomb(inflated: int) -> Reply:
    """A small gzip body that inflates to ``inflated`` bytes of spaces (valid HTML-ish)."""
    body = gzip.compress(b"<html><body>" + b" " * inflated + b"</body></html>", 9)
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
    return 200, headers, body


ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body><article><h1>{title}</h1>
<p class="lead">A lead paragraph that is long enough to count as one for the extractor.</p>
<div class="body"><p>{text}</p>{extra}</div></article></body></html>
"""


def article(title: str, head: str = "", extra: str = "") -> str:
    text = " ".join(["This sentence fills the article body with words."] * 12)
    return ARTICLE.format(title=title, head=head, text=text, extra=extra)


def section(links: list[str]) -> str:
    items = "".join(f'<li><a href="{u}">{u}</a></li>' for u in links)
    return f"<!doctype html><html><body><h1>Section</h1><ul>{items}</ul></body></html>"
