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
from pathlib import Path
from urllib.parse import urlsplit

from crawler.extract.profile.store import load_profile
from tests.conftest import logged_items
from tests.faults.killed_crawls import (
    articles_fetched,
    check_stores,
    check_warcs,
    crawl_to_the_end,
    kill_9,
    logged,
    start_demo_crawl,
    torn,
    wait_until,
)

HELD = 30  # articles fetched (fewer than the 100 a profile is learned from) before the kill


def _wait_for_articles(counter, proc) -> None:
    wait_until(lambda: len(articles_fetched(counter)) >= HELD, f"{HELD} articles", proc)


def _hashes(archive: Path) -> set[str]:
    return {item["extractor"].get("profile_hash", "") for item in logged_items(archive)}


def test_ctrl_c_while_the_crawl_holds_items_writes_them_with_the_profile_learned_so_far(
    tmp_path: Path,
):
    from demosite.content import DemoSite
    from demosite.server import DemoSiteServer

    archive = tmp_path / "archive"
    with DemoSiteServer(DemoSite(articles=400), port=0) as server:
        proc = start_demo_crawl(archive, server.proxy_url)
        _wait_for_articles(server.counter, proc)
        assert logged(archive) == []  # still held: fewer than 100 article pages read
        os.kill(proc.pid, signal.SIGINT)
        done = proc.completed(timeout=300)
        fetched = articles_fetched(server.counter)
    assert done.returncode == 1, done.stderr  # interrupted
    assert "Traceback" not in done.stderr
    paths = [urlsplit(u).path for u in logged(archive)]
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
        proc = start_demo_crawl(archive, server.proxy_url)
        _wait_for_articles(server.counter, proc)
        kill_9(proc)
        held = articles_fetched(server.counter)
        assert len(held) >= HELD
        assert logged(archive) == [] and not torn(archive)  # held: no line, not part of one
        assert not (archive / "state" / "profiles" / "demo.json").exists()
        check_stores(archive)
        check_warcs(archive, set())
        _, paths = crawl_to_the_end(archive, server)
    assert held <= paths
    profile = load_profile(archive / "state" / "profiles" / "demo.json")
    assert profile is not None and profile.usable
    assert _hashes(archive) == {profile.hash()}
