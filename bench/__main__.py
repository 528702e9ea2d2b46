"""``python -m bench``: crawl throughput, memory at scale, WARC writing, and a profile.

Options: ``--articles N`` (5000), ``--latency-ms MS`` (20), ``--wget-budget S`` (45: wget
is stopped then and rated over what it fetched), ``--quick`` (no 50k point), ``--skip-scale``
(no memory-at-scale section), ``--skip-profile``, ``--keep DIR``.
Every crawler runs as its own child process against a demo site served by yet another
process; CPU and peak RSS come from ``os.wait4`` on that child.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import crawl, report
from bench.proc import ROOT, DemoSiteProcess, run_measured


def _section(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


def run_crawls(articles: int, latency: float, work: Path, wget_budget: float) -> None:
    """Section 1: newsarchiver vs bare Scrapy vs wget on the same demo site."""
    _section(f"1. Crawl: demo site, {articles} articles, +{latency:g} ms per response")
    seed = crawl.write_bench_seed(work)
    results = []
    with DemoSiteProcess(articles, latency) as site:
        results.append(crawl.crawl_newsarchiver(seed, site.proxy, work))
        results.append(crawl.crawl_bare(seed, site.proxy, work))
        if crawl.ensure_wget():
            results.append(crawl.crawl_wget(site.proxy, work, wget_budget or None))
    print(report.crawl_table(results))
    by = {r.name: r.rate for r in results}
    wget = next((r for r in results if r.name == "wget"), None)
    if wget is not None and wget.rate:
        print(report.ratio_line("newsarchiver / wget pages/s", by["newsarchiver"] / wget.rate, 5))
    print(
        report.ratio_line(
            "newsarchiver / bare scrapy pages/s", by["newsarchiver"] / by["bare scrapy"], 0.6
        )
    )


def run_scale(sizes: list[int], work: Path) -> None:
    """Section 2: peak RSS of the full pipeline as the site grows (no added latency)."""
    _section("2. Memory at scale: newsarchiver crawl of the HTML pages, latency 0")
    seed = crawl.write_bench_seed(work, requisites=False)
    rows = []
    for n in sizes:
        with DemoSiteProcess(n, 0) as site:
            rows.append((n, crawl.crawl_newsarchiver(seed, site.proxy, work, tag=f"-{n}")))
        run = rows[-1][1].run
        print(
            f"  {n} articles done: {run.maxrss_mb:.0f} MB, {run.tree_rss_mb:.0f} MB in all",
            flush=True,
        )
    print(report.scale_table(rows))
    if sizes[-1] >= 50_000:  # the goal is stated for 50k articles
        last = rows[-1][1].run.tree_rss_mb  # the crawl process and its workers together
        print(report.ratio_line(f"peak RSS MB at {sizes[-1]}, all", last, 400, at_most=True))
    else:
        print("peak RSS goal (<= 400 MB) is for 50k articles: not checked")


def run_warc() -> None:
    """Section 3: WarcFileWriter.write_exchange against the zlib floor.

    In a child process: its 250 MB of bodies would otherwise stay in this process's heap,
    and Linux counts a forked child's pages in the child's peak RSS, so every crawler
    started after it would appear to need that memory too.
    """
    _section("3. WARC writing: 2,000 x 60 KB HTML exchanges")
    code = "from bench.report import warc_lines; from bench.warc import bench_warc; "
    code += "print(warc_lines(bench_warc()))"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False)


def run_profile(work: Path, articles: int = 500) -> None:
    """Section 4: cProfile of one in-process crawl of a small demo site."""
    _section(f"4. Profile: cProfile of newsarchiver crawl, {articles} articles, latency 0")
    seed = crawl.write_bench_seed(work)
    prof = work / "crawl.prof"
    with DemoSiteProcess(articles, 0) as site:
        argv = [sys.executable, str(ROOT / "bench" / "profile_crawl.py"), str(prof), str(seed)]
        argv += [str(work / "archive-profile"), site.proxy]
        run = run_measured(argv, stdout=work / "prof.out", stderr=work / "prof.err", timeout=600)
    print(f"profiled crawl: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU; stats in {prof}")
    print(report.profile_summary(prof))


def main() -> None:
    """Parse the options and run the sections in order."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument(
        "--wget-budget",
        type=float,
        default=45.0,
        help="stop wget after this many seconds and rate it over what it fetched (0: no limit)",
    )
    parser.add_argument("--quick", action="store_true", help="skip the 50k-article point")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-profile", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the work files in this folder")
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsarchiver-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        run_crawls(args.articles, args.latency_ms, work, args.wget_budget)
        run_warc()
        if not args.skip_profile:
            run_profile(work)
        if not args.skip_scale:  # the longest section last
            run_scale([5000, 20000] if args.quick else [5000, 20000, 50000], work)
    print(f"\ntotal {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
