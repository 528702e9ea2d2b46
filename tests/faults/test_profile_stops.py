"""A first crawl stopped while it holds items for its site's profile loses none of them.

While a first crawl learns its site's profile it writes no item of its first article pages
(``crawler.spiders.site_profile``). Interrupted then (Ctrl-C), it learns the profile from the
pages it read and writes their items before it closes. Killed with -9, it leaves no line of
them and no partial line; their URL state says "archived, item never logged", so the next
crawl fetches them again: every article fetched is logged exactly once, with the profile
that crawl learned.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from urllib.parse import urlsplit

from crawler.extract.profile.store import load_profile
from tests import forkserver
from tests.conftest import BIN, ROOT, logged_items
from tests.faults.test_kill9 import ARTICLE_PATH, _check_stores, _check_warcs, _logged, _torn

HELD = 30  # articles fetched (fewer than the 100 a profile is learned from) before the kill
PATIENCE = 120.0  # seconds any one wait may take on a loaded machine


def _start(archive: Path, proxy: str) -> forkserver.Run:
    text = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")
    seed = archive.parent / "demo.toml"
    seed.write_text(text + "\n[fetch]\nrequisites = false\n", encoding="utf-8")
    cmd = [str(BIN / "newsarchiver"), "crawl", str(seed), "--proxy", proxy]
    return forkserver.server().spawn([*cmd, "--archive", str(archive), "--no-progress"])


def _articles_fetched(counter) -> set[str]:
    with counter._lock:
        return {p for p in counter.fetches if ARTICLE_PATH.match(p)}


def _wait_for_articles(counter, proc: forkserver.Run) -> None:
    deadline = time.monotonic() + PATIENCE
    while len(_articles_fetched(counter)) < HELD:
        assert time.monotonic() < deadline, "gave up waiting for articles to be fetched"
        assert proc.poll() is None, proc.output()
        time.sleep(0.02)


def _hashes(archive: Path) -> set[str]:
    return {item["extractor"].get("profile_hash", "") for item in logged_items(archive)}


def test_ctrl_c_while_the_crawl_holds_items_writes_them_with_the_profile_learned_so_far(
    tmp_path: Path,
):
    from demosite.content import DemoSite
    from demosite.server import DemoSiteServer

    archive = tmp_path / "archive"
    with DemoSiteServer(DemoSite(articles=400), port=0) as server:
        proc = _start(archive, server.proxy_url)
        _wait_for_articles(server.counter, proc)
        assert _logged(archive) == []  # still held: fewer than 100 article pages read
        os.kill(proc.pid, signal.SIGINT)
        done = proc.completed(timeout=300)
        fetched = _articles_fetched(server.counter)
    assert done.returncode == 1, done.stderr  # interrupted
    assert "Traceback" not in done.stderr
    paths = [urlsplit(u).path for u in _logged(archive)]
    assert len(paths) == len(set(paths)), "an article was logged twice"
    assert fetched <= set(paths), "an article was fetched but its item is not in the log"
    profile = load_profile(archive / "state" / "profiles" / "demo.json")
    # learned from the pages read by then (fetched is not read: the pool may lag behind)
    assert profile is not None and 0 < profile.pages < 100
    assert profile.pages <= len(paths)
    assert _hashes(archive) == {profile.hash()}


def test_kill_9_while_the_crawl_holds_items_for_its_profile_loses_none_of_them(tmp_path: Path):
    from demosite.content import DemoSite
    from demosite.server import DemoSiteServer

    archive = tmp_path / "archive"
    with DemoSiteServer(DemoSite(articles=400), port=0) as server:
        proc = _start(archive, server.proxy_url)
        _wait_for_articles(server.counter, proc)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.output()
        held = _articles_fetched(server.counter)
        assert len(held) >= HELD
        assert _logged(archive) == [] and not _torn(archive)  # held: no line, not part of one
        assert not (archive / "state" / "profiles" / "demo.json").exists()
        _check_stores(archive)
        _check_warcs(archive, set())

        final = _start(archive, server.proxy_url).completed(timeout=600)
        assert final.returncode in (0, 1), final.stderr
        fetched = _articles_fetched(server.counter)
    assert not list((archive / "warc").glob("*.open"))
    _check_warcs(archive, set())
    _check_stores(archive)
    assert not _torn(archive)
    paths = [urlsplit(u).path for u in _logged(archive)]
    assert len(paths) == len(set(paths)), "an article was logged twice"
    assert fetched <= set(paths), "an article was fetched but its item is not in the log"
    assert {urlsplit(u).path for u in held} <= set(paths)
    profile = load_profile(archive / "state" / "profiles" / "demo.json")
    assert profile is not None and profile.usable
    assert _hashes(archive) == {profile.hash()}
