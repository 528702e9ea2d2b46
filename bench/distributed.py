"""``python -m bench.distributed``: 1 vs 2 vs 4 workers on one Redis frontier.

Each point starts a fresh redis-server (``tests/services.py``), the demo site with added
latency in this process (so its request counter, ``demosite/concurrency.py``, tells how
often each path was fetched), N ``newsarchiver worker`` processes, then queues one run and
times it from the enqueue to the end of the run. The seed allows 16 fetches at once on the
host for all workers together and each worker uses 4, so one worker is latency-bound and
more workers can use the rest of the site's allowance, as on several machines.
A last point kills one of two workers (SIGKILL) a third of the way in and counts what came
back: fetched twice (only the dead worker's leases may be) and lost (must be 0).

Options: ``--articles N`` (200), ``--latency-ms MS`` (100), ``--workers 1,2,4``.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.services import RedisServer
from tests.workers import (
    ROOT,
    WorkerProc,
    enqueue,
    frontier,
    leases_by_worker,
    run_over,
    wait_for,
    worker_registered,
)

SITE_LIMIT = 16
PER_WORKER = 4
ARTICLE = re.compile(r"^/[a-z]+/\d{4}/\d{2}/[^?]*\.html$")


@dataclass
class Point:
    workers: int
    pages: int
    seconds: float  # first to last request at the site (worker start-up not counted)
    startup: float  # enqueue to the first request
    articles: int
    double: int  # articles fetched more than once, beyond Scrapy's own retries
    lost: int  # articles never fetched
    expired: int  # leases re-queued (a killed worker's)

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def write_seed(work: Path) -> Path:
    text = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")
    text = re.sub(r"max_section_pages = \d+", "max_section_pages = 10000", text)
    if "[recrawl]" not in text:
        text += "\n[recrawl]\nenabled = false\n"
    path = work / "bench-distributed.toml"
    # HTML pages only: the demo site runs in this process, and rendering every article's
    # images here would make the site, not the workers, the bottleneck.
    fetch = f"\n[fetch]\nconcurrency = {SITE_LIMIT}\nrequisites = false\n"
    path.write_text(text + fetch, encoding="utf-8")
    return path


def run_point(n: int, articles: int, latency: float, work: Path, kill_one: bool = False) -> Point:
    seed = write_seed(work)
    tag = f"{n}w" + ("-kill" if kill_one else "")
    sets = [f"CONCURRENT_REQUESTS={PER_WORKER}", f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_WORKER}"]
    sets.append("NEWSARCHIVER_WORKER_TTL=3")
    site = DemoSite(articles=articles)
    with RedisServer() as redis_server, DemoSiteServer(site, port=0, latency_ms=latency) as srv:
        front = frontier(redis_server.url)
        archive = work / tag / "archive"
        workers = [WorkerProc(redis_server.url, archive, f"w{i}", *sets) for i in range(n)]
        for w in workers:
            wait_for(f"{w.worker_id}", lambda w=w: worker_registered(front, w.worker_id))
        started = time.monotonic()
        queued = enqueue(seed, redis_server.url, srv.proxy_url)
        if queued.returncode != 0:
            raise RuntimeError(queued.stderr)
        if kill_one:
            wait_for("a third of the run", lambda: srv.counter.total() >= articles, 600)
            wait_for("w1 holding leases", lambda: leases_by_worker(front, "demo").get("w1"))
            workers[1].kill()
        wait_for("the run to finish", lambda: run_over(front, "demo"), timeout=1800)
        first, last = srv.counter.first_at or started, srv.counter.last_at or started
        for w in workers:
            if w.proc.poll() is None:
                w.stop()
        fetches = {p: c for p, c in srv.counter.fetches.items() if ARTICLE.match(p)}
        retried = [u.split(site.host, 1)[1] for u in front.retried_urls("demo")]
        double = sum(max(0, c - 1 - retried.count(p)) for p, c in fetches.items())
        stats = front.stats("demo")
        return Point(
            workers=n,
            pages=srv.counter.total(),
            seconds=last - first,
            startup=first - started,
            articles=len(fetches),
            double=double,
            lost=articles - len(fetches) + len(front.lost_urls("demo")),
            expired=stats.get("expired", 0),
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--workers", default="1,2,4")
    args = ap.parse_args()
    counts = [int(x) for x in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as tmp:
        work = Path(tmp)
        print(f"demo site: {args.articles} articles, +{args.latency_ms:g} ms per response; "
              f"site limit {SITE_LIMIT} at once, {PER_WORKER} per worker", flush=True)  # fmt: skip
        points = [run_point(n, args.articles, args.latency_ms, work) for n in counts]
        killed = run_point(2, args.articles, args.latency_ms, work, kill_one=True)
    base = points[0].rate
    print("| workers | pages | seconds | pages/s | vs 1 worker | articles | double | start s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for p in points:
        print(f"| {p.workers} | {p.pages} | {p.seconds:.1f} | {p.rate:.1f} | "
              f"{p.rate / base:.2f}x | {p.articles} | {p.double} | {p.startup:.1f} |")  # fmt: skip
    print(f"\nkill -9 of one of 2 workers a third in: {killed.pages} pages in "
          f"{killed.seconds:.1f} s, {killed.expired} leases re-queued, "
          f"{killed.double} articles fetched twice, {killed.lost} lost")  # fmt: skip


if __name__ == "__main__":
    main()
