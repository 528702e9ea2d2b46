"""Two real `newsarchiver worker` processes, a real redis-server, the demo site on loopback.

The demo site counts every request per path and the requests in progress per host
(``demosite/concurrency.py``) and can hold requests at its door, so each test first waits
until both workers hold leases (both really take part) before letting the crawl go.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import orjson

from tests.conftest import ROOT, newsarchiver
from tests.crawler.distributed.crawl_setup import (
    ARTICLE_PATH,
    ARTICLES,
    SITE_LIMIT,
    article_fetches,
    finished_runs,
    items_of,
    replays_both_workers_captures,
    seed_file,
    start_held,
    start_workers,
)
from tests.workers import (
    WorkerProc,
    enqueue,
    frontier,
    leases_by_worker,
    run_over,
    wait_for,
    worker_registered,
)


def test_two_workers_fetch_every_article_exactly_once_within_the_sites_limit(
    tmp_path, redis_server, site_server
):
    archive = tmp_path / "archive"
    workers = start_workers(redis_server.url, archive)
    start_held(site_server, seed_file(tmp_path), redis_server.url)
    front = frontier(redis_server.url)
    wait_for("the run to finish", lambda: run_over(front, "demo"), timeout=300)
    wait_for("the run's row in the run log", lambda: finished_runs(archive), timeout=60)
    codes = [w.stop() for w in workers]
    assert codes == [0, 0], [w.output()[-2000:] for w in workers]

    fetches = article_fetches(site_server)
    assert len(fetches) == ARTICLES
    # Fetched again only when Scrapy retried it (a timeout on this loaded machine), listed.
    retried = [u.split("news.demo.test", 1)[1] for u in front.retried_urls("demo")]
    assert {p: n - 1 for p, n in fetches.items() if n > 1} == {
        p: retried.count(p) for p in retried if ARTICLE_PATH.match(p)
    }
    host = site_server.site.host
    assert 1 <= site_server.counter.max_active[host] <= SITE_LIMIT
    stats = front.stats("demo")
    assert stats["leased"] == stats["acked"] and "expired" not in stats

    items = items_of(archive)
    assert len(items) == ARTICLES  # one item per article, none twice across the workers
    assert {i["url"].split("news.demo.test", 1)[1] for i in items} == set(fetches)
    warcs = sorted((archive / "warc").glob("*.warc.gz"))
    assert {re.match(r"newsarchiver-(w\d)-", w.name)[1] for w in warcs} == {"w1", "w2"}
    check = subprocess.run([str(ROOT / ".venv" / "bin" / "warcio"), "check", *map(str, warcs)],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    # The workers indexed their WARC files and recorded the run: one row for the two shares.
    cdxj = (archive / "indexes" / "index.cdxj").read_text()
    assert all(f'"filename": "{w.name}"' in cdxj for w in warcs)
    (run,) = finished_runs(archive)
    assert (run.site, run.outcome, run.exit_code, run.items) == ("demo", "ok", 0, ARTICLES)
    assert run.pages >= ARTICLES + 5 and run.errors == 0
    status = newsarchiver("status", "--archive", str(archive))
    assert status.returncode == 0 and re.search(r"demo\b.*\bok\b", status.stdout), status.stdout
    report = newsarchiver("report", "--archive", str(archive), "--json")
    assert report.returncode == 0, report.stderr
    (site,) = orjson.loads(report.stdout)["sites"]
    (row,) = site["runs"]
    assert (row["outcome"], row["pages"], row["items"]) == ("ok", run.pages, ARTICLES)
    # The two workers' item logs of the run carry its stamp: one extraction run of both.
    (extraction,) = site["extraction_runs"]
    assert extraction["items"] == ARTICLES and len(extraction["items_files"]) == 2
    replays_both_workers_captures(archive, items, tmp_path)
    out = tmp_path / "export.jsonl"
    exported = newsarchiver(
        "export", "--archive", str(archive), "--out", str(out), "--dedup", "url"
    )
    assert exported.returncode == 0, exported.stderr
    assert len(out.read_bytes().splitlines()) == ARTICLES


def test_a_killed_worker_loses_no_article_and_only_its_leases_are_fetched_again(
    tmp_path, redis_server, site_server
):
    archive = tmp_path / "archive"
    workers = start_workers(redis_server.url, archive, "NEWSARCHIVER_WORKER_TTL=4")
    start_held(site_server, seed_file(tmp_path), redis_server.url)
    front = frontier(redis_server.url)
    counter, host = site_server.counter, site_server.site.host
    wait_for("a third of the crawl", lambda: counter.total() >= 60, timeout=300)
    counter.hold()

    def parked() -> bool:  # every leased request waits at the site's door: nothing moves
        leases = leases_by_worker(front, "demo")
        return leases.get("w2", 0) >= 1 and sum(leases.values()) == counter.waiting(host)

    wait_for("w2 to hold parked leases", parked)
    w2_reported = wait_for("w2 to report its share", lambda: _reported_pages(front, "w2"))
    workers[1].kill()
    # Counted once w2 is dead: until then it may lease one more request that has not reached
    # the door yet. Its leases stay pending until its heartbeat key expires (TTL 4 s, renewed
    # every 0.8 s), far longer than this one read takes.
    held_by_w2 = leases_by_worker(front, "demo")["w2"]
    counter.release()
    wait_for("the run to finish", lambda: run_over(front, "demo"), timeout=300)
    assert workers[0].stop() == 0, workers[0].output()[-2000:]

    stats = front.stats("demo")
    assert front.lost_urls("demo") == [] and "gave_up" not in stats
    assert stats["expired"] == held_by_w2  # exactly the killed worker's leases came back
    expired = {u.split("news.demo.test", 1)[1] for u in front.expired_urls("demo")}
    fetches = article_fetches(site_server)
    assert len(fetches) == ARTICLES
    retried = {u.split("news.demo.test", 1)[1] for u in front.retried_urls("demo")}
    twice = {p for p, n in fetches.items() if n > 1}
    assert twice <= expired | retried
    urls = {i["url"].split("news.demo.test", 1)[1] for i in items_of(archive)}
    assert urls == set(fetches)  # every article has its item, from one worker or the other

    # The run's figures hold the killed worker's last report, and its row says so.
    w1_pages = int(re.search(r"site demo: (\d+) pages", workers[0].output())[1])
    (run,) = wait_for("the run's row", lambda: finished_runs(archive), timeout=60)
    assert run.pages >= w1_pages + w2_reported, (run.pages, w1_pages, w2_reported)
    assert "1 worker share(s) ended without closing" in run.message, run.message


def _reported_pages(front, worker: str) -> int:
    """Pages the worker's share last reported to the frontier (0 before its first report)."""
    for holder, raw in front.r.hgetall("newsarchiver:site:demo:shares").items():
        if holder.decode().startswith(worker + "@"):
            return orjson.loads(raw)["response_received_count"]
    return 0


def test_a_second_worker_with_the_same_id_is_refused(tmp_path, redis_server):
    first = WorkerProc(redis_server.url, tmp_path / "a", "same")
    wait_for(
        "the first worker to register",
        lambda: worker_registered(frontier(redis_server.url), "same"),
    )
    second = newsarchiver(
        "worker", "--redis", redis_server.url, "--archive", str(tmp_path / "b"), "--id", "same"
    )
    assert first.stop() == 0
    assert second.returncode == 3
    assert "worker id 'same' is in use by" in second.stderr
    assert "Traceback" not in second.stderr + second.stdout


def test_unreachable_redis_at_start_is_one_line_and_a_non_zero_exit(tmp_path):
    url = "redis://127.0.0.1:1/0"
    worker = newsarchiver("worker", "--redis", url, "--archive", str(tmp_path))
    crawl = newsarchiver("crawl", str(ROOT / "seeds" / "demo.toml"), "--redis", url)
    schedule = newsarchiver("schedule", "--seeds", str(ROOT / "seeds"), "--archive",
                            str(tmp_path), "--redis", url)  # fmt: skip
    for proc in (worker, crawl, schedule):
        assert proc.returncode == 2
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and "cannot reach Redis at redis://127.0.0.1:1/0" in lines[0], (
            proc.stderr
        )


def _revisits(warcs: list[Path]) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    for path in warcs:
        with path.open("rb") as fh:
            count += sum(r.rec_type == "revisit" for r in ArchiveIterator(fh))
    return count


def test_workers_share_url_state_and_digests_in_postgresql(
    tmp_path, redis_server, postgres_url, site_server
):
    import sqlalchemy as sa

    archive = tmp_path / "archive"
    workers = start_workers(redis_server.url, archive, "--database", postgres_url)
    seed, front = seed_file(tmp_path), frontier(redis_server.url)
    start_held(site_server, seed, redis_server.url)
    wait_for("the first run to finish", lambda: run_over(front, "demo"), timeout=300)
    first_warcs = set((archive / "warc").glob("*.warc.gz*"))
    before = dict(article_fetches(site_server))

    again = enqueue(seed, redis_server.url, site_server.proxy_url)
    assert again.returncode == 0, again.stderr
    wait_for("the second run to finish", lambda: run_over(front, "demo"), timeout=300)
    codes = [w.stop() for w in workers]
    assert codes == [0, 0], [w.output()[-2000:] for w in workers]

    # Articles archived by either worker an hour ago are not fetched again (URL state) ...
    assert article_fetches(site_server) == before and len(before) == ARTICLES
    # ... and the section pages, unchanged, are revisit records of the first run's captures.
    second = sorted(set((archive / "warc").glob("*.warc.gz")) - first_warcs)
    sections = sum(n for p, n in site_server.counter.fetches.items() if not ARTICLE_PATH.match(p))
    assert second and _revisits(second) >= 5
    engine = sa.create_engine(postgres_url)
    with engine.connect() as conn:
        known = conn.execute(sa.text("SELECT count(*) FROM newsarchiver_urls")).scalar()
        digests = conn.execute(sa.text("SELECT count(*) FROM newsarchiver_digests")).scalar()
    engine.dispose()
    assert known >= ARTICLES and digests >= ARTICLES and sections > 0
    assert not (archive / "state" / "urls.sqlite3").exists()
    assert not (archive / "state" / "digests.sqlite3").exists()
    _export_matches_one_machine(tmp_path, archive, postgres_url, seed, site_server)


#: Row fields that depend on which capture (worker, WARC file, fetch order) an item came from.
CAPTURE_FIELDS = ("warc", "fetched_at", "discovery", "section", "last_seen", "related")


def _rows(path: Path) -> dict[str, dict]:
    rows = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    return {r["id"]: {k: v for k, v in r.items() if k not in CAPTURE_FIELDS} for r in rows}


def _export_matches_one_machine(tmp_path, archive, postgres_url, seed, site_server) -> None:
    """The workers added their items to the shared store as they went, and `export` over it
    writes the rows a single-machine crawl of the same site exports."""
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.connect() as conn:
        stories = conn.execute(sa.text("SELECT count(*) FROM newsarchiver_items.stories"))
        assert stories.scalar() == ARTICLES
    engine.dispose()
    shared_out, single_out = tmp_path / "shared.jsonl", tmp_path / "single.jsonl"
    shared = newsarchiver("export", "--archive", str(archive), "--database", postgres_url,
                          "--out", str(shared_out))  # fmt: skip
    assert shared.returncode == 0, shared.stderr
    single = tmp_path / "single"
    # the first run had no stored profile: the generic extractor's items (the profile its
    # workers learned serves later runs), as a single crawl without a profile gives
    crawl = newsarchiver("crawl", str(seed), "--archive", str(single), "--proxy",
                         site_server.proxy_url, "--no-progress", "--no-profile")  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr
    one = newsarchiver("export", "--archive", str(single), "--out", str(single_out))
    assert one.returncode == 0, one.stderr
    url = next(iter(_rows(shared_out).values()))["url"]
    history = newsarchiver("history", url, "--archive", str(archive), "--database", postgres_url)
    assert history.returncode == 0 and url in history.stdout, history.stderr
    rows = _rows(shared_out)  # one per story, wire copies folded (dedup=content)
    assert len(rows) > ARTICLES // 2 and sum(len(r["duplicates"]) for r in rows.values()) > 0
    assert rows == _rows(single_out)


def test_an_unreachable_database_at_start_is_one_line(tmp_path, redis_server):
    proc = newsarchiver("worker", "--redis", redis_server.url, "--archive", str(tmp_path),
                        "--database", "postgresql://nobody@127.0.0.1:1/none")  # fmt: skip
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert (
        len(lines) == 1
        and "URL state store at postgresql+psycopg://nobody@127.0.0.1:1/none" in lines[0]
    )
