"""Serve a :class:`~demosite.content.DemoSite` on loopback, as a web server and HTTP proxy.

The site's canonical URLs live on a virtual host (``news.demo.test``) that never resolves;
clients use this server as their HTTP proxy and send absolute-form request targets
(``GET http://news.demo.test/politik/ HTTP/1.1``). Origin-form requests (``GET /politik/``)
are served too, whatever their Host header, so a browser pointed at the port works.
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from demosite.concurrency import RequestCounter
from demosite.content import DemoResponse, DemoSite

CHUNK = 8192


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, addr, handler, site: DemoSite, latency: float) -> None:
        self.site = site
        self.latency = latency
        self.counter = RequestCounter()
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        super().__init__(addr, handler)

    def process_request_thread(self, request, client_address) -> None:  # noqa: ANN001
        with self.sockets_lock:
            self.open_sockets.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.sockets_lock:
                self.open_sockets.discard(request)

    def close_all(self) -> None:
        with self.sockets_lock:
            socks = list(self.open_sockets)
        for sock in socks:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError | OSError):
            return  # clients hanging up are routine here
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "DemoNews/1.0"
    sys_version = ""
    timeout = 60  # idle keep-alive connections are closed after this
    server: _Server

    def setup(self) -> None:
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # quiet

    # -- request target ------------------------------------------------------------------

    def _target(self) -> str | None:
        """Origin-form path (with query) for our host, or None after answering an error."""
        raw = self.path
        site = self.server.site
        if raw.startswith(("http://", "https://")) or raw.startswith("//"):
            parts = urlsplit(raw)
            host = (parts.hostname or "").lower()
            try:
                port = parts.port
            except ValueError:
                port = -1
            if parts.scheme == "https":
                self._plain(502, f"this proxy only serves http://{site.host}/ (no https)\n")
                return None
            if host != site.host or port not in (None, 80):
                self._plain(
                    502,
                    f"unknown host {parts.netloc!r}: this proxy only serves http://{site.host}/\n",
                )
                return None
            path = parts.path or "/"
            return path + (f"?{parts.query}" if parts.query else "")
        if not raw.startswith("/"):
            self._plain(400, "bad request target\n")
            return None
        return raw

    def _plain(self, status: int, text: str) -> None:
        self._send(
            DemoResponse(status, [("Content-Type", "text/plain; charset=utf-8")], text.encode()),
            head=False,
        )

    # -- methods ------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._handle("POST")

    def do_CONNECT(self) -> None:  # noqa: N802
        self._plain(405, "CONNECT is not supported: the demo site is plain http\n")

    def do_PUT(self) -> None:  # noqa: N802
        self._handle("PUT")

    do_DELETE = do_PUT

    def _handle(self, method: str) -> None:
        target = self._target()
        if target is None:
            return
        with self.server.counter.track(self.server.site.host, target):
            self._respond(method, target)

    def _respond(self, method: str, target: str) -> None:
        site = self.server.site
        headers = {k: v for k, v in self.headers.items()}
        if method in ("GET", "HEAD"):
            resp = site.get(target, headers)
        elif method == "POST":
            resp = site.post(target, headers)
        else:
            resp = DemoResponse(
                405,
                [("Content-Type", "text/plain; charset=utf-8"), ("Allow", "GET, HEAD")],
                b"method not allowed\n",
            )
        delay = self.server.latency + resp.delay
        if delay > 0:
            time.sleep(delay)
        if resp.reset:
            self._reset()
            return
        self._send(resp, head=method == "HEAD")

    def _reset(self) -> None:
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def _send(self, resp: DemoResponse, head: bool) -> None:
        self.send_response(resp.status)
        for name, value in resp.headers:
            self.send_header(name, value)
        body = resp.body
        chunked = resp.chunked and resp.status == 200 and self.request_version == "HTTP/1.1"
        if resp.status in (204, 304) or 100 <= resp.status < 200:
            body = b""
        elif chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        # Headers and body leave in one write: separate small writes stall keep-alive
        # clients on Nagle + delayed ACK.
        out = [*self._headers_buffer, b"\r\n"]
        self._headers_buffer = []
        if not head and body:
            if chunked:
                for i in range(0, len(body), CHUNK):
                    piece = body[i : i + CHUNK]
                    out.append(b"%x\r\n%s\r\n" % (len(piece), piece))
                out.append(b"0\r\n\r\n")
            else:
                out.append(body)
        self.wfile.write(b"".join(out))


class DemoSiteServer:
    """The demo site on ``bind:port`` in a daemon thread; a context manager."""

    def __init__(
        self,
        site: DemoSite | None = None,
        port: int = 0,
        bind: str = "127.0.0.1",
        latency_ms: float = 0.0,
    ) -> None:
        self.site = site or DemoSite()
        self.bind = bind
        self.port = port
        self.latency_ms = latency_ms
        self.counter = RequestCounter()  # what was served (demosite/concurrency.py)
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def proxy_url(self) -> str:
        return f"http://{self.bind}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.site.base_url

    def start(self) -> DemoSiteServer:
        if self._httpd is not None:
            return self
        self._httpd = _Server((self.bind, self.port), _Handler, self.site, self.latency_ms / 1000.0)
        self.port = self._httpd.server_address[1]
        self._httpd.counter = self.counter
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"demosite:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.close_all()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> DemoSiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_forever(
    articles: int,
    port: int,
    clock: int,
    latency_ms: float,
    bind: str = "127.0.0.1",
    seed: int = 2025,
) -> None:
    """Serve until interrupted (KeyboardInterrupt propagates to the caller)."""
    server = DemoSiteServer(
        DemoSite(articles=articles, clock=clock, seed=seed),
        port=port,
        bind=bind,
        latency_ms=latency_ms,
    )
    server.start()
    print(f"demo site {server.base_url} via proxy {server.proxy_url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        server.stop()
