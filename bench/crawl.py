"""Crawl the demo site three ways (newsarchiver, bare Scrapy, wget) and measure each."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.proc import ROOT, VENV_BIN, ChildRun, run_measured

CRAWL_TIMEOUT = 900.0
WGET = "/usr/bin/wget"


@dataclass
class CrawlResult:
    """One crawler's run: pages it fetched plus the child's costs."""

    name: str
    pages: int
    run: ChildRun
    note: str = ""
    html: int | None = None  # wget only: how many of its responses were text/html

    @property
    def rate(self) -> float:
        return self.pages / self.run.wall if self.run.wall else 0.0


def write_bench_seed(directory: Path, *, requisites: bool = True) -> Path:
    """The demo seed with unbounded pagination and without incremental re-crawls.

    ``requisites=False`` archives HTML pages only (no article images or stylesheets): the
    memory-at-scale points use it so a 50k-article site is crawled in minutes, not half an
    hour; what grows with the site (frontier, dupefilter, stores) is the same.
    """
    text = (ROOT / "seeds" / "demo.toml").read_text(encoding="utf-8")
    text = re.sub(r"max_section_pages = \d+", "max_section_pages = 10000", text)
    if "[recrawl]" not in text:
        text += "\n[recrawl]\nenabled = false\n"
    if not requisites and "[fetch]" not in text:
        text += "\n[fetch]\nrequisites = false\n"
    name = "bench-seed.toml" if requisites else "bench-seed-html.toml"
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def crawl_newsarchiver(seed: Path, proxy: str, work: Path, tag: str = "") -> CrawlResult:
    """The full pipeline: ``newsarchiver crawl`` (WARC, extraction, items, dedup store)."""
    archive = work / f"archive{tag}"
    argv = [str(VENV_BIN / "newsarchiver"), "crawl", str(seed), "--archive", str(archive)]
    argv += ["--proxy", proxy, "--no-progress"]
    out, err = work / f"newsarchiver{tag}.out", work / f"newsarchiver{tag}.err"
    run = run_measured(argv, stdout=out, stderr=err, timeout=CRAWL_TIMEOUT)
    match = re.search(r"^pages\s+(\d+) fetched.*?(\d+) errors", out.read_text(), re.M)
    pages = int(match.group(1)) if match else 0
    note = f"exit {run.returncode}, {match.group(2) if match else '?'} errors"
    return CrawlResult("newsarchiver", pages, run, note)


def crawl_bare(seed: Path, proxy: str, work: Path) -> CrawlResult:
    """``bench/bare_spider.py``: same links and concurrency, responses discarded."""
    stats = work / "bare-stats.json"
    argv = [sys.executable, str(ROOT / "bench" / "bare_spider.py"), "--seed", str(seed)]
    argv += ["--proxy", proxy, "--stats", str(stats)]
    run = run_measured(
        argv, stdout=work / "bare.out", stderr=work / "bare.err", timeout=CRAWL_TIMEOUT
    )
    data = json.loads(stats.read_text()) if stats.exists() else {}
    pages = int(data.get("downloader/response_count", 0))
    return CrawlResult("bare scrapy", pages, run, f"exit {run.returncode}")


def ensure_wget() -> bool:
    """Install wget with apt-get if it is missing; True when it is usable."""
    if Path(WGET).exists():
        return True
    if shutil.which("apt-get"):
        install = ["apt-get", "install", "-y", "--no-install-recommends", "wget"]
        if subprocess.run(install, capture_output=True, check=False).returncode != 0:
            # a fresh machine has no package lists yet
            subprocess.run(["apt-get", "update"], capture_output=True, check=False)
            subprocess.run(install, capture_output=True, check=False)
    if not Path(WGET).exists():
        print("wget is not installed and could not be installed: its column is skipped")
    return Path(WGET).exists()


def _count_warc(path: Path) -> tuple[int, int]:
    """Response records in wget's WARC, and how many of them are text/html.

    A wget stopped at its time budget leaves the last gzip member unfinished: count the
    complete ones.
    """
    from warcio.archiveiterator import ArchiveIterator

    total = html = 0
    with path.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                total += 1
                if "text/html" in (record.http_headers.get_header("Content-Type") or ""):
                    html += 1
        except Exception:  # noqa: BLE001 - a cut-off tail; what was read still counts
            pass
    return total, html


def _count_wget_log(path: Path) -> int:
    """URLs wget reports as fetched (``--no-verbose`` writes one ``URL:...`` line each)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return 0
    return sum(1 for line in text.splitlines() if " URL:" in line)


def crawl_wget(proxy: str, work: Path, budget: float | None = None) -> CrawlResult:
    """``wget --recursive`` through the demo proxy, writing a WARC, deleting the files.

    wget fetches one URL at a time, so its rate is set by the per-response latency and
    does not change over a crawl. With a ``budget`` (seconds) it is stopped then and its
    pages/s is taken over the URLs it fetched by that time: the whole crawl would take
    several times longer than the other two crawlers together and say nothing more.
    """
    port = proxy.rsplit(":", 1)[-1]
    warc = work / "wget"
    files = work / "wget-files"
    argv = [WGET, "--recursive", "--level=inf", f"--warc-file={warc}", "--no-verbose"]
    argv += ["-e", "use_proxy=yes", "-e", f"http_proxy=127.0.0.1:{port}", "--delete-after"]
    argv += ["--reject-regex", "/_admin/|/broken/", "-P", str(files)]
    argv += ["http://news.demo.test/"]
    log = work / "wget.log"
    run = run_measured(argv, stdout=work / "wget.out", stderr=log, timeout=budget or CRAWL_TIMEOUT)
    warc_file = work / "wget.warc.gz"
    total, html = _count_warc(warc_file) if warc_file.exists() else (0, 0)
    if budget and run.timed_out:
        # The log line is written as each URL is done; the WARC may lag behind (buffered).
        total = max(total, _count_wget_log(log))
        note = f"stopped at its {budget:g} s budget, rate over the part done"
        run.timed_out = False  # planned, not a failure
    else:
        note = f"exit {run.returncode}, {html} of them HTML"
    return CrawlResult("wget", total, run, note, html=html)
