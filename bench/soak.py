"""``python -m bench.soak``: kill, restart and starve every component at random moments.

Part 1, a run on the shared frontier: two ``newsarchiver worker`` processes with a real
redis-server (append-only file on, as the README tells deployments), a real PostgreSQL
cluster of its own and the archive folder on a small tmpfs. While the run lasts, faults
come one at a time in a random order, ``--rounds`` of each kind: a worker killed -9, Redis
stopped and started, PostgreSQL stopped and started, the archive's disk filled and freed.
A supervisor starts again every worker that exits, whatever its code, as systemd's
``Restart=always`` would (a kill -9 takes its id over at once).

Part 2, a one-machine crawl: ``newsarchiver crawl`` killed -9 ``--rounds`` times and ended
by a full disk ``--rounds`` times, in a random order at random moments (by fetches the site
served), then one crawl to its end.

After each part: every article the site served is in the item logs exactly once, the item
store holds one story each, and (part 1) the run's row counts every article once. Prints
what was done, the exit codes seen and the verdict; exits 1 when anything was lost or
doubled. Needs root (tmpfs); without it the disk faults are left out, and said so.

Options: ``--rounds N`` (10), ``--articles N`` (1500), ``--latency-ms MS`` (120),
``--seed N`` (random order and moments; 1), ``--part 1|2|both``, ``--only WORD`` (the faults
named so: kill, Redis, PostgreSQL, disk), ``--keep`` (the work folder).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from archive.jsonl import read_jsonl
from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.services import PostgresCluster, RedisServer
from tests.workers import ROOT, WorkerProc, cli, enqueue, frontier, run_over

ARTICLE = re.compile(r"^/[a-z]+/\d{4}/\d{2}/[^/?]+\.html$")
SITE_LIMIT = 4


def write_seed(work: Path) -> Path:
    """The demo seed with every section page followed and no page requisites (the site runs
    in this process; its images would make it, not the crawl, the bottleneck)."""
    text = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")
    text = re.sub(r"max_section_pages = \d+", "max_section_pages = 10000", text)
    text = text.replace('timeout = "20m"', 'timeout = "2h"')
    path = work / "soak.toml"
    fetch = f"\n[fetch]\nconcurrency = {SITE_LIMIT}\nrequisites = false\n"
    path.write_text(text + fetch, encoding="utf-8")
    return path


class Disk:
    """The archive's own small tmpfs, filled to the last byte and freed again on demand."""

    def __init__(self, path: Path, size: str) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
            capture_output=True, text=True,
        )  # fmt: skip
        self.mounted = proc.returncode == 0
        self.why = proc.stderr.strip()
        self.ballast = path / ".soak-ballast"

    def fill(self) -> None:
        """Write zeros until the kernel refuses even one more byte."""
        for size in (1 << 20, 65536, 4096, 512, 1):
            fd = os.open(self.ballast, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
            finally:
                os.close(fd)

    def free(self) -> None:
        self.ballast.unlink(missing_ok=True)

    def close(self, keep: bool = False) -> None:
        """Unmount; with ``keep``, first copy what the archive holds but its WARC files
        (item logs, state, run log) beside it, as ``archive-kept``, to look into later."""
        self.free()
        if keep:
            shutil.copytree(
                self.path, self.path.with_name("archive-kept"), dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("*.warc.gz", "*.warc.gz.open"),
            )  # fmt: skip
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True)


def logged(archive: Path) -> Counter:
    """Item lines per article path over every item log, read as the product reads them."""
    return Counter(
        urlsplit(row["url"]).path
        for path in sorted((archive / "items").glob("*.jsonl"))
        for row in read_jsonl(path)
    )


def served_articles(server: DemoSiteServer) -> set[str]:
    return {p for p in server.counter.fetches if ARTICLE.match(p)}


def verdict(name: str, lines: Counter, served: set[str], articles: int, extra: dict) -> bool:
    doubled = sorted(p for p, n in lines.items() if n > 1)
    lost = sorted(served - set(lines))
    ok = not doubled and not lost and len(lines) == articles and all(extra.values())
    print(f"{name}: {len(lines)} of {articles} articles logged, {len(doubled)} logged twice, "
          f"{len(lost)} fetched but not logged; " + ", ".join(
              f"{k}: {'yes' if v else 'NO'}" for k, v in extra.items()
          ) + f" -> {'OK' if ok else 'FAILED'}", flush=True)  # fmt: skip
    for what, paths in (("twice", doubled), ("lost", lost)):
        if paths:
            print(f"  {what}: {paths[:5]}", flush=True)
    return ok


class Supervisor:
    """Two workers kept running: any that exits is started again (its exit code noted)."""

    def __init__(self, redis_url: str, archive: Path, database: str) -> None:
        self.args = (redis_url, archive)
        self.sets = (
            "--database", database, "NEWSARCHIVER_WORKER_TTL=5",
            f"CONCURRENT_REQUESTS={SITE_LIMIT}", "DOWNLOAD_TIMEOUT=60",
        )  # fmt: skip
        self.workers = {wid: self._start(wid) for wid in ("w1", "w2")}
        self.exits: Counter = Counter()

    def _start(self, wid: str) -> WorkerProc:
        return WorkerProc(*self.args, wid, *self.sets)

    def tick(self) -> None:
        for wid, w in self.workers.items():
            code = w.proc.poll()
            if code is not None:
                self.exits[code] += 1
                w.stop()  # closes its log
                os.replace(w.log, w.log.with_name(f"{wid}-{sum(self.exits.values())}.out"))
                self.workers[wid] = self._start(wid)

    def kill(self, rng: random.Random) -> None:
        w = self.workers[rng.choice(sorted(self.workers))]
        if w.proc.poll() is None:
            w.proc.kill()

    def stop(self) -> list[int]:
        return [w.stop() for w in self.workers.values()]


def sleep_supervised(seconds: float, sup: Supervisor) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sup.tick()
        time.sleep(0.1)


def part_frontier(work: Path, args: argparse.Namespace, rng: random.Random) -> bool:
    disk = Disk(work / "part1" / "archive", "256m")  # the workers' logs stay beside it
    try:
        return _part_frontier(work, args, rng, disk)
    finally:
        disk.close(args.keep)


def _part_frontier(work: Path, args: argparse.Namespace, rng: random.Random, disk: Disk) -> bool:
    import sqlalchemy as sa

    archive = disk.path
    kinds = ["kill -9 a worker", "restart Redis", "restart PostgreSQL", "fill the disk"]
    if not disk.mounted:
        print(f"no tmpfs ({disk.why or 'needs root'}): the disk faults are left out")
        kinds.remove("fill the disk")
    kinds = [k for k in kinds if not args.only or args.only in k]
    faults = [k for k in kinds for _ in range(args.rounds)]
    rng.shuffle(faults)
    done: Counter = Counter()
    site = DemoSite(articles=args.articles)
    with (
        RedisServer(persist=True) as redis_server,
        PostgresCluster() as cluster,
        DemoSiteServer(site, port=0, latency_ms=args.latency_ms) as server,
    ):
        database = cluster.create_database("soak")
        sup = Supervisor(redis_server.url, archive, database)
        queued = enqueue(write_seed(work), redis_server.url, server.proxy_url)
        if queued.returncode != 0:
            raise SystemExit(f"could not queue the run: {queued.stderr.strip()}")
        front = frontier(redis_server.url)
        started = time.monotonic()
        for fault in faults:
            sleep_supervised(rng.uniform(0.5, 3.0), sup)
            if run_over_quietly(front):
                break
            undo: Callable[[], object] | None = None
            if fault == "kill -9 a worker":
                sup.kill(rng)
            elif fault == "restart Redis":
                redis_server.stop()
                undo = redis_server.start
            elif fault == "restart PostgreSQL":
                cluster.stop()
                undo = cluster.start
            else:
                disk.fill()
                undo = disk.free
            done[fault] += 1
            if undo is not None:
                sleep_supervised(rng.uniform(0.5, 4.0), sup)
                undo()
        print(f"part 1: faults {dict(done)} in {time.monotonic() - started:.0f} s", flush=True)
        deadline = time.monotonic() + 1800
        while not run_over_quietly(front) and time.monotonic() < deadline:
            sleep_supervised(0.5, sup)
        codes = sup.stop()
        print(f"part 1: run over after {time.monotonic() - started:.0f} s; worker exits "
              f"during the run {dict(sup.exits)}, at the end {codes}", flush=True)  # fmt: skip
        lines = logged(archive)
        at_end = store_stories(database)
        # an item a killed worker logged but did not add is added by export's ingest of the
        # item logs (the README's promise), not by the run: count the store after it as well
        caught_up = subprocess.run(
            cli("export", "--archive", str(archive), "--database", database,
                "--out", str(work / "export-1.jsonl")),
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        stories = store_stories(database) if caught_up.returncode == 0 else -1
        print(
            f"part 1: {at_end} stories in the item store at the run's end, {stories} after "
            f"export's ingest of the item logs (exit {caught_up.returncode})",
            flush=True,
        )
        run_items = run_row_items(archive)
        served = served_articles(server)
        lost = sorted(served - set(lines))[:5]
        if lost:  # what the shared URL state says of them: a clue to where they were lost
            engine = sa.create_engine(database)
            with engine.connect() as conn:
                for path in lost:
                    row = conn.execute(
                        sa.text(
                            "SELECT fetch_count, last_status, item_at FROM "
                            "newsarchiver_urls WHERE url LIKE :u"
                        ),
                        {"u": "%" + path},
                    ).fetchone()
                    print(f"  url state of {path}: fetches, status, item_at = {row}")
            engine.dispose()
    extra = {
        f"every story once in the item store after export ({stories})": stories == args.articles,
        f"the run's row counts each once ({run_items})": run_items == args.articles,
    }
    return verdict("part 1", lines, served, args.articles, extra)


def store_stories(database: str) -> int:
    """How many stories the shared item store holds."""
    import sqlalchemy as sa

    engine = sa.create_engine(database)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM newsarchiver_items.stories")).scalar()
    finally:
        engine.dispose()


def run_over_quietly(front: object) -> bool:
    """The run is over (False while Redis is away: the soak stopped it)."""
    try:
        return run_over(front, "demo")
    except Exception:  # noqa: BLE001 - redis.ConnectionError while Redis is down
        return False


def run_row_items(archive: Path) -> int | None:
    from archive.stores.run_log import RunLog

    path = archive / "state" / "runs.sqlite3"
    try:
        with RunLog(path) as run_log:
            runs = [r for r in run_log.runs() if r.finished]
    except Exception:  # noqa: BLE001 - no run log: counted as not counted
        return None
    return sum(r.items for r in runs) if runs else None


def part_local(work: Path, args: argparse.Namespace, rng: random.Random) -> bool:
    disk = Disk(work / "part2" / "archive", "256m")
    try:
        return _part_local(work, args, rng, disk)
    finally:
        disk.close(args.keep)


def _part_local(work: Path, args: argparse.Namespace, rng: random.Random, disk: Disk) -> bool:
    archive = disk.path
    kinds = ["kill -9 the crawl", "fill the disk"] if disk.mounted else ["kill -9 the crawl"]
    kinds = [k for k in kinds if not args.only or args.only in k]
    work = disk.path.parent
    faults = [k for k in kinds for _ in range(args.rounds)]
    rng.shuffle(faults)
    exits: Counter = Counter()
    seed = write_seed(work)
    cmd = cli("crawl", str(seed), "--archive", str(archive), "--no-progress")
    with DemoSiteServer(DemoSite(articles=args.articles), port=0) as server:
        counter = server.counter
        for fault in faults:
            out = (work / "crawl.out").open("a")
            proc = subprocess.Popen([*cmd, "--proxy", server.proxy_url], stdout=out, stderr=out)
            start, n = counter.total(), rng.randint(5, 200)
            while counter.total() < start + n and proc.poll() is None:
                time.sleep(0.01)
            if fault == "kill -9 the crawl":
                proc.kill()
            else:
                disk.fill()
            exits[(fault, proc.wait(600))] += 1
            out.close()
            disk.free()
        final = subprocess.run(
            [*cmd, "--proxy", server.proxy_url], capture_output=True, text=True, timeout=1800
        )
        served = served_articles(server)
    print(f"part 2: exits {dict(exits)}; the last crawl exit {final.returncode}", flush=True)
    export = work / "export.jsonl"
    proc = subprocess.run(
        cli("export", "--archive", str(archive), "--out", str(export)),
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    # each story once: as a row, or folded into one as a duplicate
    stories = Counter(
        urlsplit(url).path
        for row in (read_jsonl(export) if proc.returncode == 0 else ())
        for url in [row["url"], *(d["url"] for d in row["duplicates"])]
    )
    extra = {
        "the last crawl ends ok": final.returncode in (0, 1),
        f"every story once in the export ({sum(stories.values())})": set(stories) == set(served)
        and max(stories.values(), default=0) == 1,
    }
    return verdict("part 2", logged(archive), served, args.articles, extra)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--articles", type=int, default=1500)
    ap.add_argument("--latency-ms", type=float, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--part", choices=("1", "2", "both"), default="both")
    ap.add_argument("--only", default="", help="only the faults whose name has this word")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (logs, archives)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    ok = True
    work = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    try:
        if args.part in ("1", "both"):
            ok &= part_frontier(work, args, rng)
        if args.part in ("2", "both"):
            ok &= part_local(work, args, rng)
    finally:
        if args.keep:
            print(f"work folder (kept): {work}", flush=True)
        else:
            shutil.rmtree(work, ignore_errors=True)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
