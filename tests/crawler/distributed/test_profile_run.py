"""Two real workers learn the site's profile from their pages and share one per run.

The first run (no profile stored) gives the generic extractor's items on both workers and
stores the profile learned from every article page either worker read; a run with that
profile stored gives items with its hash, on both workers.
"""

from __future__ import annotations

import re
import shutil

from crawler.extract.profile.store import load_profile
from tests.crawler.distributed.crawl_setup import (
    ARTICLES,
    finished_runs,
    items_of,
    seed_file,
    start_held,
    start_workers,
)
from tests.workers import frontier, run_over, wait_for


def _run(tmp_path, redis_url, site_server, archive) -> list[dict]:
    workers = start_workers(redis_url, archive)
    start_held(site_server, seed_file(tmp_path), redis_url)
    wait_for("the run to finish", lambda: run_over(frontier(redis_url), "demo"), timeout=300)
    wait_for("the run's row in the run log", lambda: finished_runs(archive), timeout=60)
    codes = [w.stop() for w in workers]
    assert codes == [0, 0], [w.output()[-2000:] for w in workers]
    return items_of(archive)


def _workers(items: list[dict]) -> set[str]:
    return {re.match(r"newsarchiver-(w\d)-", i["warc"]["file"])[1] for i in items}


def test_workers_learn_the_sites_profile_from_their_pages_and_share_one_per_run(
    tmp_path, redis_server, site_server
):
    first = tmp_path / "first" / "archive"
    items = _run(tmp_path, redis_server.url, site_server, first)
    assert len(items) == ARTICLES and _workers(items) == {"w1", "w2"}
    assert all("profile_hash" not in i["extractor"] for i in items)  # none yet: generic
    stored = load_profile(first / "state" / "profiles" / "demo.json")
    assert stored is not None and stored.usable and stored.pages == ARTICLES  # both shares'

    second = tmp_path / "second" / "archive"
    (second / "state" / "profiles").mkdir(parents=True)
    shutil.copy(first / "state" / "profiles" / "demo.json", second / "state" / "profiles")
    site_server.counter.fetches.clear()
    items = _run(tmp_path, redis_server.url, site_server, second)
    assert len(items) == ARTICLES and _workers(items) == {"w1", "w2"}
    assert {i["extractor"].get("profile_hash") for i in items} == {stored.hash()}
