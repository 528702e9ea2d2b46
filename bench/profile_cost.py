"""What the site profile costs a crawl: CPU of a first crawl with it, against one without.

The demo site (``--articles``, 5,000 by default, no latency) is crawled into fresh archives
``--rounds`` times each way, ``crawl --no-profile`` and ``crawl`` taking turns (learning the
profile from the first 100 article pages, extracting the held pages again with it, then
using it on every page), so both see the same machine load. CPU is user + system seconds of
the crawl and its extraction workers (``os.wait4``). The ratio is of totals measured in
this run; on a shared machine only such a same-run ratio means anything.

Run: ``.venv/bin/python -m bench.profile_cost [--articles N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.crawl import CRAWL_TIMEOUT, write_bench_seed
from bench.proc import VENV_BIN, ChildRun, DemoSiteProcess, run_measured


def crawl(seed: Path, proxy: str, work: Path, tag: str, profile: bool) -> ChildRun:
    argv = [str(VENV_BIN / "newsarchiver"), "crawl", str(seed), "--archive", str(work / tag)]
    argv += ["--proxy", proxy, "--no-progress", *([] if profile else ["--no-profile"])]
    out, err = work / f"{tag}.out", work / f"{tag}.err"
    run = run_measured(argv, stdout=out, stderr=err, timeout=CRAWL_TIMEOUT)
    if run.returncode != 0 or run.timed_out:
        raise SystemExit(f"{tag}: crawl failed (exit {run.returncode}): see {err}")
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    cpu = {False: 0.0, True: 0.0}
    print(f"demo site, {args.articles} articles, HTML pages only; CPU s (user+sys, workers too)")
    with tempfile.TemporaryDirectory() as tmp, DemoSiteProcess(args.articles, 0) as site:
        work = Path(tmp)
        seed = write_bench_seed(work, requisites=False)
        for n in range(args.rounds):
            # off first in even rounds, on first in odd ones: the first crawl of the site
            # process ran slower in every run so far (warm-up), so one order alone is biased
            for profile in (False, True) if n % 2 == 0 else (True, False):
                tag = f"{'on' if profile else 'off'}-{n}"
                run = crawl(seed, site.proxy, work, tag, profile)
                cpu[profile] += run.cpu
                print(f"  {tag:<7} cpu {run.cpu:8.1f} s  wall {run.wall:7.1f} s", flush=True)
    extra = cpu[True] / cpu[False] - 1 if cpu[False] else float("nan")
    print(f"profile on / off CPU: {cpu[True]:.1f} / {cpu[False]:.1f} s = {extra:+.1%}")


if __name__ == "__main__":
    main()
