"""Where the full pipeline's CPU goes, by process and component: py-spy over a whole crawl.

``bench/profile_crawl.py`` sees the reactor thread only; with an extraction pool half of a
crawl's CPU is in its workers. This runs ``newsarchiver crawl`` of the demo site under
``py-spy record --subprocesses`` (100 samples/s, raw stacks), reads each process's CPU
seconds from /proc while it runs, and shares each process's CPU out over components by its
samples: a sample goes to the first component (in the order of :data:`COMPONENTS`) one of
its frames belongs to. Samples of a worker or pool thread blocked on its pipe are not CPU
and are left out. On a shared machine py-spy also samples a thread that waits for a core,
so use the shares within a process, and CPU seconds only as measured in the same run.

Run: ``.venv/bin/python -m bench.profile_processes [--articles N] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.crawl import write_bench_seed
from bench.proc import ROOT, VENV_BIN, DemoSiteProcess

#: (component, text one of a sample's frames holds); the first that matches takes the sample.
COMPONENTS: list[tuple[str, str]] = [
    ("import and start-up", "importlib"),
    ("(blocked on a pool pipe)", "extraction_pool.py:91)"),
    ("(blocked on a pool pipe)", "extraction_pool.py:84)"),
    ("pool IPC (pickling, pipes)", "_send (crawler/spiders/extraction_pool"),
    ("pool IPC (pickling, pipes)", "_receive (crawler/spiders/extraction_pool"),
    ("pool IPC (pickling, pipes)", "_Worker.call"),
    ("next/first article page", "article_pages.py"),
    ("links: flood cut and re-parse", "bounded (crawler/spiders/article_page"),
    ("extraction (extract_page)", "extract_page (crawler/extract/article"),
    ("extraction (around it)", "item_from_capture"),
    ("links: stylesheets, related", "read_article (crawler/spiders/article_page"),
    ("digest index", "digest_index.py"),
    ("WARC records, gzip, digests, CDXJ", "archive/warc/"),
    ("WARC records, gzip, digests, CDXJ", "warc_capture.py"),
    ("item log", "jsonl_items.py"),
    ("item store", "archive/stores/item"),
    ("item store", "near_dupes.py"),
    ("item store", "pipelines/item_store.py"),
    ("URL state", "url_state.py"),
    ("HTTP client", "raw_http.py"),
    ("HTTP client", "aiohttp"),
    ("worker loop", "_serve (crawler/spiders/extraction_pool"),
    ("spider callbacks", "crawler/spiders/"),
    ("crawler middlewares, extensions", "crawler/middlewares/"),
    ("crawler middlewares, extensions", "crawler/extensions/"),
    ("Scrapy, Twisted, asyncio", "scrapy/"),
    ("Scrapy, Twisted, asyncio", "twisted/"),
    ("Scrapy, Twisted, asyncio", "asyncio/"),
]
WAIT = "(blocked on a pool pipe)"


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of ``pid`` so far (None once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    out, stack = [], [pid]
    while stack:
        proc = stack.pop()
        out.append(proc)
        try:
            for task in os.listdir(f"/proc/{proc}/task"):
                with open(f"/proc/{proc}/task/{task}/children") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return out


def _kind(process_frame: str) -> str:
    if "extraction_pool import worker_main" in process_frame or "-c import sys" in process_frame:
        return "workers"
    return "crawl" if " crawl " in process_frame else "other"


def components(raw: Path) -> tuple[dict[str, Counter[str]], dict[int, str]]:
    """Samples per component for each process kind, and the kind of every sampled pid."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[int, str] = {}
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        frames = stack.split(";")
        tops = [i for i, f in enumerate(frames) if f.startswith("process ")]
        if not tops:  # a sample without its process (py-spy lost it): not attributable
            continue
        at = tops[-1]
        top = ";".join(frames[at:])  # a worker's command line holds "; " itself
        kind = _kind(top)
        kinds[int(frames[at].split()[1].rstrip(":").split(":")[0])] = kind
        name = next((c for c, text in COMPONENTS if text in top), "other")
        counts[kind][name] += int(n)
    return counts, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="keep the work files in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsarchiver-spy-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        seed, raw = write_bench_seed(work), work / "spy.txt"
        cpu: dict[int, float] = {}
        with DemoSiteProcess(args.articles, 0) as site:
            argv = [str(VENV_BIN / "py-spy"), "record", "--subprocesses", "--nonblocking"]
            argv += ["-r", "100", "-f", "raw", "-o", str(raw), "--"]
            argv += [str(VENV_BIN / "newsarchiver"), "crawl", str(seed), "--archive"]
            argv += [str(work / "archive"), "--proxy", site.proxy, "--no-progress"]
            start = time.perf_counter()
            with open(work / "crawl.out", "wb") as out, open(work / "crawl.err", "wb") as err:
                spy = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT)
                while spy.poll() is None:
                    for pid in _descendants(spy.pid)[1:]:  # not py-spy's own CPU
                        if (seconds := _cpu_seconds(pid)) is not None:
                            cpu[pid] = seconds
                    time.sleep(0.3)
            wall = time.perf_counter() - start
        counts, kinds = components(raw)
        print(
            f"{args.articles} articles, latency 0: {wall:.0f} s wall, load {os.getloadavg()[0]:.1f}"
        )
        for kind in ("crawl", "workers"):
            seconds = sum(s for pid, s in cpu.items() if kinds.get(pid) == kind)
            busy = sum(counts[kind].values()) - counts[kind][WAIT]
            print(f"\n{kind}: {seconds:.1f} CPU s ({busy} samples not blocked)")
            for name, n in counts[kind].most_common():
                if name != WAIT and busy:
                    print(f"  {n / busy:6.1%} {seconds * n / busy:7.1f} s  {name}")


if __name__ == "__main__":
    main()
