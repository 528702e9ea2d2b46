"""A crawl killed (or stopped with Ctrl-C) while an article's images were still owed: the
rerun fetches them.

An outlet on loopback (five-field seed) lists six articles, each with three images and
the site's stylesheet. In each of three rounds the server answers a random number of
image requests, then holds every later one unanswered; once the article of the first held
image has its item logged (the URL state says so: the next crawl will skip that article
as archived), the crawl gets SIGKILL (or SIGINT, as Ctrl-C sends; Scrapy's graceful stop
then waits for the requests in flight, so once the crawl logs that it is closing, and so
starts no request any more, retries included, the server drops the held requests
unanswered: a failed fetch, as a download timeout would end them 30 s later). Then a crawl
runs to its end. The archive's set of requisite captures must equal that of one
uninterrupted crawl's.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from demosite.jpeg import make_jpeg
from tests import forkserver
from tests.conftest import BIN, newsarchiver

ARTICLES = 6
IMAGES = 3  # per article
KILLS = 3
SEED = """
name = "gaceta"
timezone = "Europe/Madrid"
language = "es"
allowed_domains = ["127.0.0.1"]

[[sections]]
name = "Noticias"
url = "{url}/noticias/"
"""
IMAGE = re.compile(r"^/img/nota-(\d+)-\d+\.jpg$")


def article_path(n: int) -> str:
    return f"/noticias/2026/11/{n:02d}/nota-{n}.html"


class HoldingOutlet:
    """Serves the outlet; after ``hold(k)``, image requests past the k-th are never answered."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.answer_images: int | None = None  # None: answer every image
        self.images_seen = 0
        self.held: list[str] = []
        self.answered: set[str] = set()  # image paths answered at least once
        self.first_held = threading.Event()
        self.release = threading.Event()
        outlet = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                if IMAGE.match(self.path) and outlet._hold(self.path):
                    outlet.release.wait(120)
                    self.close_connection = True
                    return  # the crawl was stopped meanwhile: no answer
                status, ctype, body = outlet.route(self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                if IMAGE.match(self.path):
                    outlet.answered.add(self.path)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def _hold(self, path: str) -> bool:
        with self.lock:
            self.images_seen += 1
            if self.answer_images is None or self.images_seen <= self.answer_images:
                return False
            self.held.append(path)
            self.first_held.set()
            return True

    def hold(self, answered: int | None) -> None:
        """From now on, answer ``answered`` image requests, hold the rest (None: answer all)."""
        self.release.set()  # let the handlers of the last round go
        with self.lock:
            self.answer_images, self.images_seen, self.held = answered, 0, []
            self.first_held = threading.Event()
            self.release = threading.Event()

    def drop_held(self) -> None:
        """Close the held requests unanswered (and any held from now on)."""
        self.release.set()

    def route(self, path: str) -> tuple[int, str, bytes]:
        html = "text/html; charset=utf-8"
        if path == "/noticias/":
            links = "".join(
                f'<li><a href="{article_path(n)}">Titular de la nota {n}</a></li>'
                for n in range(1, ARTICLES + 1)
            )
            return (
                200,
                html,
                f"<html><body><h1>Noticias</h1><ul>{links}</ul></body></html>".encode(),
            )
        if path == "/static/sitio.css":
            return 200, "text/css", b"body { font-family: serif; }"
        if IMAGE.match(path):
            return 200, "image/jpeg", make_jpeg(path, 64, 40)
        for n in range(1, ARTICLES + 1):
            if path == article_path(n):
                return 200, html, self.article(n).encode()
        return 404, html, b"<html><body>no</body></html>"

    @staticmethod
    def article(n: int) -> str:
        figures = "".join(
            f'<figure><img src="/img/nota-{n}-{i}.jpg" width="640" height="400" '
            f'alt="Foto {i} de la nota {n}"><figcaption>Foto {i}</figcaption></figure>'
            for i in range(1, IMAGES + 1)
        )
        text = "".join(
            f"<p>Párrafo {i} de la nota {n}: el pleno municipal debatió durante horas el "
            "presupuesto del año próximo antes de aprobarlo con los votos del gobierno.</p>"
            for i in range(1, 4)
        )
        return (
            f'<html><head><title>Nota {n}</title><link rel="stylesheet" href="/static/sitio.css">'
            f"</head><body><article><h1>Titular de la nota {n}</h1>{figures}{text}</article>"
            "</body></html>"
        )

    def __enter__(self) -> HoldingOutlet:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def site() -> Iterator[HoldingOutlet]:
    with HoldingOutlet() as server:
        yield server


def requisite_captures(archive: Path) -> set[str]:
    """URLs of the images and stylesheets archived (response records answered 200)."""
    found = set()
    for path in sorted((archive / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
                if rec.rec_type == "response" and ("/img/" in uri or "/static/" in uri):
                    if rec.http_headers.get_statuscode() == "200":
                        found.add(uri)
    return found


def item_logged(archive: Path, url: str) -> bool:
    db = archive / "state" / "urls.sqlite3"
    if not db.exists():
        return False
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        row = conn.execute("SELECT item_at FROM urls WHERE url = ?", (url,)).fetchone()
    except sqlite3.OperationalError:  # not created yet
        return False
    finally:
        conn.close()
    return bool(row and row[0])


def shutdowns(archive: Path) -> int:
    """Crawls of ``archive`` that logged Scrapy's graceful stop (they fetch nothing more)."""
    logs = sorted((archive / "logs").glob("*.log"))
    return sum(p.read_text(errors="replace").count("Closing spider (shutdown)") for p in logs)


def wait_for(condition, run: forkserver.Run, what: str, timeout: float = 90) -> bool:
    """True once ``condition()`` holds; False if the crawl ended first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if run.poll() is not None:
            return False
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)
    return True


@pytest.mark.parametrize("stop", ["kill -9", "ctrl-c"])
def test_a_rerun_fetches_every_requisite_an_interrupted_crawl_left(
    site: HoldingOutlet, tmp_path: Path, stop: str
) -> None:
    seed = tmp_path / "gaceta.toml"
    seed.write_text(SEED.format(url=site.url), encoding="utf-8")
    # A first crawl holds its items while it learns the site's profile and writes them at
    # Ctrl-C; killed with -9 it writes none (and the next crawl fetches every article
    # again), so the -9 rounds crawl without a profile: items are logged as pages are read.
    flags = ("--no-progress", *(("--no-profile",) if stop == "kill -9" else ()))
    reference = tmp_path / "reference"
    proc = newsarchiver("crawl", str(seed), "--archive", str(reference), *flags)
    assert proc.returncode == 0, proc.stderr[-3000:]
    expected = requisite_captures(reference)
    assert len(expected) == ARTICLES * IMAGES + 1

    site.answered.clear()
    archive = tmp_path / "archive"
    rng = random.Random(6)
    interrupted = []
    for _ in range(KILLS):
        # each image never answered yet is asked for again: answer some, hold the next
        site.hold(rng.randint(0, ARTICLES * IMAGES - len(site.answered) - 1))
        argv = [str(BIN / "newsarchiver"), "crawl", str(seed), "--archive", str(archive)]
        stopped_before = shutdowns(archive)
        run = forkserver.server().spawn([*argv, *flags])
        article = None
        if wait_for(site.first_held.is_set, run, "an image request to hold"):
            held = site.held[0]
            article = site.url + article_path(int(IMAGE.match(held)[1]))
        if stop == "kill -9":
            # once logged, the next crawl skips the article as archived: its image is owed
            if article and wait_for(lambda a=article: item_logged(archive, a), run, "the item"):
                interrupted.append(held)
            run.kill()
        elif run.poll() is None:  # Ctrl-C: the crawl writes its items, gives up, exits
            with contextlib.suppress(ProcessLookupError):  # it ended just now
                os.kill(run.pid, signal.SIGINT)
            wait_for(lambda n=stopped_before: shutdowns(archive) > n, run, "the graceful stop")
            site.drop_held()  # instead of Scrapy's 30 s download timeout
        run.wait(120)
        run.output()
        if stop == "ctrl-c" and article and item_logged(archive, article):
            interrupted.append(held)
    assert interrupted, "no crawl was interrupted with an image owed"
    site.hold(None)
    final = newsarchiver("crawl", str(seed), "--archive", str(archive), *flags)
    assert final.returncode == 0, final.stderr[-3000:]
    missing = sorted(u.removeprefix(site.url) for u in expected - requisite_captures(archive))
    assert not missing, f"requisites never archived after {len(interrupted)} stops: {missing}"
    # every round was stopped with an image owed (a rerun that never asks for the owed
    # images again leaves a later round nothing to hold)
    assert len(interrupted) == KILLS, interrupted
