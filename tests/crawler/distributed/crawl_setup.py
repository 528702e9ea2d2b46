"""What the distributed tests share: the seed, the workers, and reading what they archived."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.conftest import ROOT, logged_items
from tests.workers import (
    WorkerProc,
    enqueue,
    frontier,
    leases_by_worker,
    wait_for,
    worker_registered,
)

ARTICLES = 60
SITE_LIMIT = 4  # the seed's [fetch] concurrency, for all workers together
PER_WORKER = 3  # each worker's own limit: two of them could reach 6 without the frontier
ARTICLE_PATH = re.compile(r"^/[a-z]+/\d{4}/\d{2}/[^?]*\.html$")


def seed_file(tmp_path: Path, timeout: str = "20m") -> Path:
    text = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")
    text = text.replace('timeout = "20m"', f'timeout = "{timeout}"')
    path = tmp_path / "demo.toml"
    path.write_text(text + f"\n[fetch]\nconcurrency = {SITE_LIMIT}\n", encoding="utf-8")
    return path


def start_workers(redis_url: str, archive: Path, *sets: str) -> list[WorkerProc]:
    limits = (
        f"CONCURRENT_REQUESTS={PER_WORKER}",
        f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_WORKER}",
        "DOWNLOAD_TIMEOUT=180",  # requests held at the site's door must not time out
    )
    workers = [WorkerProc(redis_url, archive, f"w{i}", *limits, *sets) for i in (1, 2)]
    front = frontier(redis_url)
    for w in workers:
        wait_for(
            f"worker {w.worker_id} to register", lambda w=w: worker_registered(front, w.worker_id)
        )
    return workers


def start_held(server: DemoSiteServer, seed: Path, redis_url: str) -> None:
    """Queue the run with the site holding requests; let go once both workers hold leases."""
    server.counter.hold()
    queued = enqueue(seed, redis_url, server.proxy_url)
    assert queued.returncode == 0, queued.stderr
    front = frontier(redis_url)
    wait_for(
        "both workers to hold leases", lambda: set(leases_by_worker(front, "demo")) == {"w1", "w2"}
    )
    server.counter.release()


def items_of(archive: Path) -> list[dict]:
    return logged_items(archive)


def replays_both_workers_captures(archive: Path, items: list[dict], tmp_path: Path) -> None:
    """pywb over the index the workers wrote serves an article archived by each of them."""
    from crawler.replay import PywbServer, warc_timestamp, write_pywb_config
    from tests.e2e.test_replay_pywb import decoded, fetch, require_pywb, served_body

    pywb = require_pywb()
    by_worker = {re.match(r"newsarchiver-(w\d)-", i["warc"]["file"])[1]: i for i in items}
    assert by_worker  # one article of each worker that archived any (both, as a rule)
    index = archive / "indexes" / "index.cdxj"
    write_pywb_config(tmp_path / "replay", warc_dir=archive / "warc", index_path=index)
    site = DemoSite(articles=ARTICLES)
    with PywbServer(tmp_path / "replay", pywb_bin=pywb) as server:
        for item in by_worker.values():
            url = server.url(item["url"], warc_timestamp(item["warc"]["date"]))
            status, body, encoding = fetch(url)
            assert status == 200 and decoded(body, encoding) == served_body(site, item["url"])


def finished_runs(archive: Path) -> list:
    from archive.stores.run_log import RunLog

    path = archive / "state" / "runs.sqlite3"
    if not path.exists():
        return []
    with RunLog(path) as run_log:
        runs = run_log.runs()
    return runs if runs and all(r.finished for r in runs) else []


def article_fetches(server: DemoSiteServer) -> dict[str, int]:
    return {p: n for p, n in server.counter.fetches.items() if ARTICLE_PATH.match(p)}


def article_lines(archive: Path) -> Counter:
    """Item lines per article path over all the workers' logs."""
    return Counter(i["url"].split("news.demo.test", 1)[1] for i in items_of(archive))


def every_article_once(archive: Path, site_server: DemoSiteServer) -> None:
    """Every article fetched has exactly one item line, and the run's row counts them."""
    from tests.workers import wait_for

    lines = article_lines(archive)
    assert len(lines) == ARTICLES, f"{len(lines)} of {ARTICLES} articles logged"
    assert set(lines) == set(article_fetches(site_server))
    assert [u for u, n in lines.items() if n > 1] == []
    (run,) = wait_for("the run's row", lambda: finished_runs(archive), timeout=60)
    assert run.items == ARTICLES, run
