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

import random
from pathlib import Path
from urllib.parse import urlsplit

from tests.faults.killed_crawls import (
    check_stores,
    check_warcs,
    crawl_to_the_end,
    kill_9,
    logged,
    start_demo_crawl,
    torn,
    wait_until,
)

KILLS = 20
ARTICLES = 2000


def test_kill_9_twenty_times_loses_nothing_and_refetches_nothing_completed(tmp_path: Path):
    from demosite.content import DemoSite
    from demosite.server import DemoSiteServer

    archive = tmp_path / "archive"
    rng = random.Random(18)
    checked: set[Path] = set()
    done_before_kill: list[tuple[set[str], dict[str, int]]] = []
    with DemoSiteServer(DemoSite(articles=ARTICLES), port=0) as server:
        counter = server.counter
        left_torn: set[Path] = set()
        for _ in range(KILLS):
            proc = start_demo_crawl(archive, server.proxy_url)
            target = counter.total() + rng.randint(5, 250)
            # (a crawl that ended by itself before that is fine: it has nothing left to kill)
            wait_until(
                lambda t=target, p=proc: counter.total() >= t or p.poll() is not None,
                f"{target} fetches",
            )
            kill_9(proc)
            now_torn = torn(archive)
            # A crawl fetches only after it cut the torn tails the killed ones left.
            assert not left_torn & now_torn, f"a torn line was not cut: {left_torn & now_torn}"
            left_torn = now_torn
            check_stores(archive)
            check_warcs(archive, checked)
            with counter._lock:
                snapshot = dict(counter.fetches)
            done_before_kill.append(({urlsplit(u).path for u in logged(archive)}, snapshot))
        fetched, _ = crawl_to_the_end(archive, server, checked=checked)
        final_counts = dict(counter.fetches)
    assert len(fetched) > ARTICLES * 0.85  # a clean crawl reaches 1,767 (20 pages a section)
    for done, snapshot in done_before_kill:
        again = {p for p in done if final_counts.get(p, 0) != snapshot.get(p, 0)}
        assert not again, f"fetched again after its item was logged: {sorted(again)[:5]}"
