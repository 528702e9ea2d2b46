"""Benchmark: peak memory of a crawl that meets one hostile page (200,000 links or images).

    .venv/bin/python -m bench.page_floods [--case links,related,images ...] [--workers N]
                                          [--count N] [--bin PATH/TO/newsarchiver]

The fault suite's loopback server (``tests/faults/server.py``) serves, as its crawl proxy,
a section page listing three stories and, per case (parts joined by commas are served
together): 200,000 more links (``links``: 14 MB), an article page of 200,000 related links
first (``related``: 15 MB), an article page of 200,000 ``<figure><img>`` first (``images``:
11 MB, each image served as a 43-byte GIF). ``newsarchiver crawl`` (``--bin``: another
checkout's, to measure before and after) runs as a child; its resident memory and every
process under it (the extraction pool's workers) is sampled every 50 ms from ``/proc``.
Prints, per case: the peak of the whole tree, of the crawl process alone and of the
largest worker, the crawl's wall time, its items and image fetches, and the load average
(the machine is shared). The goal: the tree under 400 MB with the default pool
(``--workers 0``: one worker per core).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.proc import ROOT, VENV_BIN  # noqa: E402
from tests.faults.conftest import SITE, write_seed  # noqa: E402
from tests.faults.server import FaultServer, article, section  # noqa: E402

MB = 2**20
#: The smallest GIF: each image of the flood is served (a 404 would be one WARNING each).
GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


def _rss(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        return int(status.split("VmRSS:")[1].split()[0]) * 1024
    except (OSError, IndexError):
        return 0


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _descendants(pid: int) -> list[int]:
    """The processes under ``pid``, but not a child between its fork and its exec: it
    shows the parent's whole (shared, copy-on-write) memory as its own for a moment."""
    out, todo, own = [], _children(pid), _cmdline(pid)
    while todo:
        p = todo.pop()
        if _cmdline(p) != own:
            out.append(p)
        todo += _children(p)
    return out


def stage(server: FaultServer, case: str, count: int) -> None:
    """The site: a section page, three stories, and the floods named in ``case``."""
    parts = case.split(",")
    stories = [f"http://{SITE}/news/{n}.html" for n in range(3)]
    listed = list(stories)
    if "related" in parts:
        related = "".join(
            f'<li><a href="/news/rel-{n}.html">Related story {n}</a></li>' for n in range(count)
        )
        box = f'<aside class="related"><h2>Related</h2><ul>{related}</ul></aside>'
        server.page("/news/rel.html", article("Related", extra=box))
        listed.insert(0, f"http://{SITE}/news/rel.html")
    if "images" in parts:
        figures = "".join(f'<figure><img src="/img/{n}.jpg"></figure>' for n in range(count))
        server.page("/news/big.html", article("Big", extra=figures))
        gif = (200, [("Content-Type", "image/gif")], GIF)
        for n in range(count):
            server.route(f"/img/{n}.jpg", lambda hit: gif)
        listed.insert(0, f"http://{SITE}/news/big.html")
    if "links" in parts:
        listed += [f"http://{SITE}/tag/{n}" for n in range(count)]
    server.page("/", "<html></html>")
    server.page("/sec/", section(listed))
    for n, url in enumerate(stories):
        server.page(url.removeprefix(f"http://{SITE}"), article(f"Story {n}"))


def measure(case: str, workers: int, count: int, program: Path) -> dict[str, float]:
    """One crawl of the staged site; peak RSS figures in MB."""
    with FaultServer() as server, tempfile.TemporaryDirectory(prefix="floods-") as tmp:
        stage(server, case, count)
        fetch = f"extract_workers = {workers}" if workers else ""
        seed = write_seed(Path(tmp), [f"http://{SITE}/sec/"], proxy=server.proxy_url, fetch=fetch)
        archive = Path(tmp) / "archive"
        cmd = [str(program), "crawl", str(seed), "--archive", str(archive)]
        cmd.append("--no-progress")
        start = time.perf_counter()
        errors = (Path(tmp) / "stderr").open("w+", encoding="utf-8")  # a pipe could fill up
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        tree = crawl = worker = 0
        while proc.poll() is None:
            mine = _rss(proc.pid)
            others = [_rss(p) for p in _descendants(proc.pid)]
            crawl, worker = max(crawl, mine), max([worker, *others])
            tree = max(tree, mine + sum(others))
            time.sleep(0.05)
        wall = time.perf_counter() - start
        errors.seek(0)
        err = errors.read()
        errors.close()
        if proc.returncode != 0:
            raise SystemExit(f"crawl failed (exit {proc.returncode}):\n{err}")
        items = [
            json.loads(line)
            for f in (archive / "items").glob("*.jsonl")
            for line in f.read_text(encoding="utf-8").splitlines()
        ]
        images = max((len(i["images"]) for i in items), default=0)
        fetched = sum(1 for h in server.hits if h.path.startswith("/img/"))
        bounds = [ln for ln in err.splitlines() if "[links] max_" in ln]
    return {
        "tree": tree / MB,
        "crawl": crawl / MB,
        "worker": worker / MB,
        "wall": wall,
        "items": len(items),
        "images": images,
        "fetched": fetched,
        "bound_lines": len(bounds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", help="links, related, images or a,b")
    parser.add_argument("--workers", type=int, default=0, help="extract_workers (0: default)")
    parser.add_argument("--count", type=int, default=200_000, help="links or images")
    parser.add_argument("--bin", type=Path, default=VENV_BIN / "newsarchiver")
    args = parser.parse_args()
    for case in args.case or ["links", "related", "images", "links,related"]:
        r = measure(case, args.workers, args.count, args.bin)
        load = "/".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"{case:13} workers={args.workers or 'default'}: peak RSS {r['tree']:.0f} MB "
            f"(crawl {r['crawl']:.0f}, largest worker {r['worker']:.0f}), {r['wall']:.1f} s, "
            f"{r['items']:.0f} items, largest images list {r['images']:.0f}, "
            f"{r['fetched']:.0f} image fetches, {r['bound_lines']:.0f} bound lines; "
            f"load {load}",
            flush=True,
        )


if __name__ == "__main__":
    main()
