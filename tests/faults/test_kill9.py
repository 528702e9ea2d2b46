"""Kill -9 at 20 moments of a 2,000-article crawl loses nothing.

The moments are chosen by crawl progress (after a random number of fetches the demo site
served since the run started), so they are spread over the crawl however fast the machine
is, and the sequence is the same on every run (fixed random seed). After every kill:
closed WARC files pass ``warcio check``, every SQLite store passes ``PRAGMA integrity_check``,
and an item log that ends in a torn line (Linux can cut a write of more than a page short
on SIGKILL) has it cut by the next crawl; the logs are read as the product reads them (a
torn line is no item). After the last, uninterrupted run: every article fetched is in the
item log exactly once, and no article whose item was logged before a kill was fetched again.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import signal
import sqlite3
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

from warcio.checker import Checker

from archive.layout import ArchiveLayout
from tests import forkserver
from tests.conftest import BIN, ROOT, logged_items
from tests.forkserver import Run

KILLS = 20
ARTICLES = 2000
ARTICLE_PATH = re.compile(r"^/[a-z]+/\d{4}/\d{2}/[^/]+\.html$")  # /politik/2025/12/slug.html


def _seed(folder: Path) -> Path:
    """The demo seed without page requisites: half the fetches, the same article path."""
    text = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")
    seed = folder / "demo.toml"
    seed.write_text(text + "\n[fetch]\nrequisites = false\n", encoding="utf-8")
    return seed


def _start(archive: Path, proxy: str) -> Run:
    """A crawl process: a fork of the pre-imported fork server, killed with a real SIGKILL."""
    seed = _seed(archive.parent)
    cmd = [str(BIN / "newsarchiver"), "crawl", str(seed), "--proxy", proxy]
    return forkserver.server().spawn([*cmd, "--archive", str(archive), "--no-progress"])


def _wait_for_fetches(counter, start: int, n: int, proc: Run) -> None:
    while counter.total() < start + n and proc.poll() is None:
        time.sleep(0.01)


def _logged(archive: Path) -> list[str]:
    """Item URLs in log order, read as the product reads them (a torn last line is no item)."""
    return [item["url"] for item in logged_items(archive)]


def _torn(archive: Path) -> set[Path]:
    """The item logs that end in a partial line (kill -9 can cut a write of more than a page
    short); the site's next crawl cuts it."""
    logs = ArchiveLayout(archive).item_logs()
    return {p for p in logs if p.stat().st_size and not p.read_bytes().endswith(b"\n")}


def _check_stores(archive: Path) -> None:
    for db in sorted((archive / "state").glob("*.sqlite3")):
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", db
        finally:
            conn.close()


def _check_warcs(archive: Path, checked: set[Path]) -> None:
    """``warcio check`` of the WARC files closed since the last call (its own code, in-process:
    a warcio process per kill cost more than reading the files)."""
    new = sorted(set((archive / "warc").glob("*.warc.gz")) - checked)
    if new:
        report = io.StringIO()
        with contextlib.redirect_stdout(report):
            failed = Checker(
                SimpleNamespace(inputs=list(map(str, new)), verbose=False)
            ).process_all()
        assert failed == 0, report.getvalue()
        checked.update(new)


def test_kill_9_twenty_times_loses_nothing_and_refetches_nothing_completed(tmp_path: Path):
    from demosite.content import DemoSite
    from demosite.server import DemoSiteServer

    archive = tmp_path / "archive"
    rng = random.Random(18)
    checked: set[Path] = set()
    done_before_kill: list[tuple[set[str], dict[str, int]]] = []
    with DemoSiteServer(DemoSite(articles=ARTICLES), port=0) as server:
        counter = server.counter
        torn: set[Path] = set()
        for _ in range(KILLS):
            proc = _start(archive, server.proxy_url)
            _wait_for_fetches(counter, counter.total(), rng.randint(5, 250), proc)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            proc.output()  # closes its captured stdout and stderr
            logged, now_torn = _logged(archive), _torn(archive)
            # A crawl fetches only after it cut the torn tails the killed ones left.
            assert not torn & now_torn, f"a torn line was not cut: {sorted(torn & now_torn)}"
            torn = now_torn
            _check_stores(archive)
            _check_warcs(archive, checked)
            with counter._lock:
                snapshot = dict(counter.fetches)
            done_before_kill.append(({urlsplit(u).path for u in logged}, snapshot))
        final = _start(archive, server.proxy_url)
        done = final.completed(timeout=600)
        assert done.returncode in (0, 1), done.stderr
        fetched = {p for p in counter.fetches if ARTICLE_PATH.match(p)}
        final_counts = dict(counter.fetches)
    _check_warcs(archive, checked)
    _check_stores(archive)
    assert not list((archive / "warc").glob("*.open"))
    assert not _torn(archive), f"a torn line was not cut: {sorted(_torn(archive))}"
    logged = _logged(archive)
    paths = [urlsplit(u).path for u in logged]
    assert len(paths) == len(set(paths)), "an article was logged twice"
    assert fetched <= set(paths), "an article was fetched but its item is not in the log"
    assert len(fetched) > ARTICLES * 0.85  # a clean crawl reaches 1,767 (20 pages a section)
    for done, snapshot in done_before_kill:
        again = {p for p in done if final_counts.get(p, 0) != snapshot.get(p, 0)}
        assert not again, f"fetched again after its item was logged: {sorted(again)[:5]}"
