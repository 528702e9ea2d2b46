"""Real headless chromium for tests: Debian's browser driven by Playwright, loopback only.

Why Debian's chromium: Playwright's own browser download cannot run on this project's machines,
so ``scripts/browser-env.sh`` (run by ``make test``) installs ``/usr/bin/chromium`` and the
tests hand it to Playwright as ``executable_path``. Host names other than 127.0.0.1 resolve to
nothing inside this browser, so a page under test can never reach past loopback.

Also here: :class:`StaticServer`, a loopback file server with the single-range ``Range``
support that ReplayWeb.page needs to read a WACZ (a ZIP) in pieces.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BROWSER_ENV = ROOT / ".browser-env"
#: Screenshots and other files a person may want to look at after a run (in .gitignore).
ARTIFACTS = ROOT / "test-artifacts"
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} missing in CI: scripts/browser-env.sh must run before the tests")
    pytest.skip(f"{what} not installed: run scripts/browser-env.sh")


def require_chromium() -> str:
    """Path of Debian's chromium; skips outside CI when it (or Playwright) is missing."""
    path = shutil.which("chromium")
    if path is None:
        _missing("chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("Playwright's Python package")
    return path


def require_npm_package(name: str) -> Path:
    """Folder of an npm package that scripts/browser-env.sh put into .browser-env/."""
    folder = BROWSER_ENV / "node_modules" / name
    if not folder.is_dir():
        _missing(f"npm package {name}")
    return folder


@contextmanager
def chromium() -> Iterator[object]:
    """A headless chromium (Playwright ``Browser``) that reaches loopback only."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=[LOOPBACK_ONLY])
        try:
            yield browser
        finally:
            browser.close()


class _RangeHandler(SimpleHTTPRequestHandler):
    """Static files plus ``Range: bytes=A-B`` / ``bytes=A-`` / ``bytes=-N`` (one range)."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".wacz": "application/zip",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep pytest's output clean

    def send_head(self):  # noqa: ANN201
        path = Path(self.translate_path(self.path))
        spec = self.headers.get("Range", "")
        if not spec.startswith("bytes=") or "," in spec or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, _, last = spec[len("bytes=") :].partition("-")
        if first:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        else:
            start, end = max(size - int(last), 0), size - 1
        if start > end:
            self.send_error(416)
            return None
        fh = path.open("rb")
        fh.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self._remaining = end - start + 1
        return fh

    def copyfile(self, source, outputfile) -> None:  # noqa: ANN001
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        while remaining > 0:
            chunk = source.read(min(remaining, 1 << 16))
            if not chunk:
                break
            outputfile.write(chunk)
            remaining -= len(chunk)


class StaticServer:
    """Serve ``root`` on 127.0.0.1 (free port) in a thread, as a context manager."""

    def __init__(self, root: Path) -> None:
        handler = partial(_RangeHandler, directory=str(root))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> StaticServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
