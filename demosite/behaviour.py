"""The demo site's HTTP behaviour: conditional GET, gzip, error pages and the broken URLs.

Kept apart from rendering so every page type gets the same ETag/Last-Modified/304/gzip
handling, and the deliberately failing ``/broken/*`` URLs live in one place.
"""

from __future__ import annotations

import gzip
import hashlib
import random
import threading
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import escape

from demosite.model import DemoResponse, gzip_for_path, http_date

SITE_CSS = b"""body{font-family:Georgia,serif;margin:0 auto;max-width:960px;color:#222}
.site-nav a{margin-right:1em;font-family:Arial,sans-serif}
.headline{font-size:2em}.lead{font-weight:bold}.meta,.byline{color:#666}
.gallery ul{list-style:none;padding:0}.gallery-captions{display:none}
.credit{font-size:.8em;color:#888}.related{border-top:2px solid #ccc}
.teaser{border-bottom:1px solid #eee;padding:.5em 0}
"""

_lock = threading.Lock()
_blob_cache: dict[str, bytes] = {}


def blob(name: str) -> bytes:
    with _lock:
        if name not in _blob_cache:
            _blob_cache[name] = _makeblob(name)
        return _blob_cache[name]


def _makeblob(name: str) -> bytes:
    if name == "bomb":
        # ~210 MB of HTML inflating from ~200 KB of gzip.
        head = b"<!DOCTYPE html><html><head><title>bomb</title></head><body><p>"
        comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        parts = [comp.compress(head)]
        chunk = b" " * (1 << 20)
        for _ in range(210):
            parts.append(comp.compress(chunk))
        parts.append(comp.compress(b"</p></body></html>"))
        parts.append(comp.flush())
        return b"".join(parts)
    if name == "huge":
        para = (
            "<p>Dies ist ein sehr langer Absatz über Größenordnungen, Übertragungen und "
            "Speichergrenzen, der die Seite künstlich aufbläht. Nummer {n}.</p>\n"
        )
        out = [
            '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
            "<title>Riesige Seite</title></head><body><h1>Riesige Seite</h1>"
        ]
        size = 0
        n = 0
        while size < 12 * 1024 * 1024:
            s = para.format(n=n)
            out.append(s)
            size += len(s.encode())
            n += 1
        out.append("</body></html>")
        return "".join(out).encode()
    if name == "binary":
        return random.Random(4711).randbytes(64 * 1024)
    raise KeyError(name)


def finish(
    path: str,
    headers: dict[str, str],
    ctype: str,
    body: bytes,
    last_mod: datetime | None,
    chunked: bool,
    extra: list[tuple[str, str]],
) -> DemoResponse:
    digest = hashlib.sha1(body).hexdigest()[:24]
    can_gzip = gzip_for_path(path)
    use_gzip = can_gzip and accepts_gzip(headers.get("accept-encoding", ""))
    etag = f'"{digest}-gz"' if use_gzip else f'"{digest}"'
    hdrs = [("Content-Type", ctype), ("ETag", etag), *extra]
    if last_mod is not None:
        hdrs.append(("Last-Modified", http_date(last_mod)))
    hdrs.append(("Cache-Control", "no-cache"))
    if can_gzip:
        hdrs.append(("Vary", "Accept-Encoding"))
    if not_modified(headers, digest, last_mod):
        return DemoResponse(304, [h for h in hdrs if h[0] != "Content-Type"], b"")
    if use_gzip:
        body = gzip.compress(body, compresslevel=6, mtime=0)
        hdrs.append(("Content-Encoding", "gzip"))
    return DemoResponse(200, hdrs, body, chunked=chunked)


def error_page(status: int, title: str, extra: list[tuple[str, str]] | None = None) -> DemoResponse:
    body = (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{status} '
        f"{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        f'<p><a href="/">Zur Startseite</a></p></body></html>'
    ).encode()
    return DemoResponse(
        status, [("Content-Type", "text/html; charset=utf-8"), *(extra or [])], body
    )


def broken(path: str) -> DemoResponse:
    html = "text/html; charset=utf-8"
    if path == "/broken/500":
        return error_page(500, "Interner Serverfehler")
    if path == "/broken/reset":
        return DemoResponse(0, [], b"", reset=True)
    if path == "/broken/bomb.html":
        return DemoResponse(
            200, [("Content-Type", html), ("Content-Encoding", "gzip")], blob("bomb")
        )
    if path == "/broken/huge.html":
        return DemoResponse(200, [("Content-Type", html)], blob("huge"))
    if path == "/broken/binary":
        return DemoResponse(200, [("Content-Type", html)], blob("binary"))
    if path == "/broken/badcharset.html":
        text = (
            '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
            "<title>Falscher Zeichensatz: Größe & Übermaß</title></head><body>"
            '<h1 class="headline">Falscher Zeichensatz: Größe & Übermaß</h1>'
            "<p>Diese Seite behauptet UTF-8, sendet aber Windows-1252: ä ö ü ß € «»</p>"
            "</body></html>"
        )
        return DemoResponse(200, [("Content-Type", html)], text.encode("cp1252"))
    if path == "/broken/slow":
        body = b"<!DOCTYPE html><html><body><p>Endlich.</p></body></html>"
        return DemoResponse(200, [("Content-Type", html)], body, delay=5.0)
    return error_page(404, "Seite nicht gefunden")


def accepts_gzip(value: str) -> bool:
    for part in value.lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "x-gzip", "*"):
            q = params.strip()
            if q.startswith("q=") and q[2:].strip() in ("0", "0.0", "0.00", "0.000"):
                return False
            return True
    return False


def not_modified(headers: Mapping[str, str], digest: str, last_mod: datetime | None) -> bool:
    inm = headers.get("if-none-match")
    if inm is not None:
        if inm.strip() == "*":
            return True
        for tag in inm.split(","):
            tag = tag.strip()
            if tag.startswith("W/"):
                tag = tag[2:]
            if tag in (f'"{digest}"', f'"{digest}-gz"'):
                return True
        return False
    ims = headers.get("if-modified-since")
    if ims and last_mod is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_mod.replace(microsecond=0) <= since
    return False
