"""The seed add-on: ``scrapy crawl news -a seed=...`` and ``newsarchiver crawl`` are one crawl.

Both are run for real against the demo site on loopback; the archives they leave must agree
on the settings the seed stands for, the lock, the run log, the index and the items.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson

from archive.stores.locks import SiteLock
from archive.stores.run_log import RunLog
from crawler.addon import seed_settings
from crawler.seed import load_seed
from demosite.content import DemoSite
from demosite.server import DemoSiteServer
from tests.conftest import newsarchiver

ROOT = Path(__file__).resolve().parents[2]
SEED = "seeds/demo.toml"


def scrapy_crawl(*args: str) -> subprocess.CompletedProcess:
    scrapy = Path(sys.executable).parent / "scrapy"
    return subprocess.run(
        [str(scrapy), "crawl", "news", "-a", f"seed={SEED}", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def summary(archive: Path) -> dict:
    (path,) = (archive / "state" / "runs").glob("*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def index_entries(archive: Path) -> list[tuple[str, str, str]]:
    """(SURT key, status, MIME type) of every CDXJ line: what replay can find."""
    out = []
    for line in (archive / "indexes" / "index.cdxj").read_text(encoding="utf-8").splitlines():
        key, _timestamp, fields = line.split(" ", 2)
        data = json.loads(fields)
        out.append((key, data.get("status", ""), data.get("mime", "")))
    return sorted(out)


def item_urls(archive: Path) -> list[str]:
    (path,) = (archive / "items").glob("*.jsonl")
    return sorted(orjson.loads(line)["url"] for line in path.read_bytes().splitlines())


def test_scrapy_crawl_and_newsarchiver_crawl_make_the_same_archive(tmp_path: Path) -> None:
    by_cli, by_scrapy = tmp_path / "cli", tmp_path / "scrapy"
    with DemoSiteServer(DemoSite(articles=30), port=0) as server:
        cli = newsarchiver(
            "crawl", SEED, "--archive", str(by_cli), "--proxy", server.proxy_url, "--no-progress"
        )
        scrapy = scrapy_crawl(
            "-s", f"NEWSARCHIVER_ARCHIVE_DIR={by_scrapy}",
            "-s", f"NEWSARCHIVER_PROXY={server.proxy_url}",
        )  # fmt: skip
    assert cli.returncode == 0, cli.stderr[-3000:]
    assert scrapy.returncode == 0, scrapy.stderr[-3000:]

    one, two = summary(by_cli), summary(by_scrapy)
    assert one["settings"] == two["settings"]
    # ... and they are the seed's: its timeout, its name in every warcinfo record.
    expected = seed_settings(load_seed(ROOT / SEED))
    assert one["settings"]["CLOSESPIDER_TIMEOUT"] == expected["CLOSESPIDER_TIMEOUT"] == 1200
    assert one["settings"]["NEWSARCHIVER_WARCINFO"]["isPartOf"] == "demo"
    for key in ("state", "outcome", "exit_code", "finish_reason", "pages", "items", "errors"):
        assert one[key] == two[key], key
    assert one["outcome"] == "ok" and one["items"] == 30

    for archive in (by_cli, by_scrapy):
        assert (archive / "state" / "demo.lock").is_file()  # the same per-site lock
        (log_file,) = (archive / "logs").glob("demo-*.log")
        assert "Spider opened" in log_file.read_text(encoding="utf-8")
        with RunLog.open(archive) as log:
            (run,) = log.runs("demo")
        assert (run.outcome, run.exit_code, run.pages, run.items) == (
            "ok", 0, one["pages"], 30,
        )  # fmt: skip
    assert index_entries(by_cli) == index_entries(by_scrapy) != []
    assert item_urls(by_cli) == item_urls(by_scrapy)


def test_scrapy_crawl_without_an_archive_folder_stops_with_one_line(tmp_path: Path) -> None:
    proc = scrapy_crawl("-s", "LOG_LEVEL=WARNING")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "error: no archive folder: add -s NEWSARCHIVER_ARCHIVE_DIR=DIR "
        "(or use `newsarchiver crawl SEED --archive DIR`)"
    ]


def test_a_locked_site_is_refused_by_both_ways_of_crawling(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with SiteLock(archive, "demo"):
        by_scrapy = scrapy_crawl(
            "-s", f"NEWSARCHIVER_ARCHIVE_DIR={archive}", "-s", "LOG_LEVEL=WARNING"
        )
        by_cli = newsarchiver("crawl", SEED, "--archive", str(archive), "--no-progress")
    for proc in (by_scrapy, by_cli):
        assert proc.returncode == 3, proc.stderr
        (line,) = proc.stderr.strip().splitlines()
        assert line.startswith("error: another crawl of site 'demo' is running"), line
    # Refused before any component opened a file: no WARC, no items, no run-log row (only
    # `newsarchiver crawl`'s own log file, opened before Scrapy starts, says it was refused).
    assert not {"warc", "items", "indexes"} & {p.name for p in archive.iterdir()}
    assert sorted(p.name for p in (archive / "state").iterdir()) == ["demo.lock"]
