"""Secrets in URLs and the proxy password.

The WARC keeps a URL as fetched (it is the record of the fetch); ``check-seed`` warns about
a seed URL carrying a secret-looking parameter; what people read (the crawl's log and
console lines, the report) shows the value REDACTED. The proxy password never reaches the
shared Redis frontier: workers give it themselves.
"""

from __future__ import annotations

import base64
import gzip
import subprocess
from pathlib import Path

import redis

from tests.conftest import BIN, ROOT, newsarchiver
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section
from tests.workers import enqueue

SECRET = "s3cr3tKEY42"


def test_check_seed_warns_and_logs_and_report_redact_a_secret_parameter(
    faults: FaultServer, tmp_path: Path
) -> None:
    url = f"http://{SITE}/sec/?api_key={SECRET}"
    faults.page("/", section([]))
    faults.page("/sec/", section([f"http://{SITE}/news/a.html", f"http://{SITE}/news/gone.html"]))
    faults.page("/news/a.html", article("Keyed"))
    seed = write_seed(tmp_path, [url], proxy=faults.proxy_url)
    checked = newsarchiver("check-seed", str(seed))
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.splitlines() == [
        f"warning: {seed}: field 'sections[0].url': the URL carries api_key, which looks "
        "secret: the WARC, CDXJ index and items keep the URL as fetched (reports and logs "
        "show it REDACTED); use a URL without it if you can"
    ]
    faults.page("/sec/", "<html><body>no links</body></html>")  # the section fails: a line
    faults.route("/sec/", lambda hit: (500, [("Content-Type", "text/html")], b"down"))
    archive = tmp_path / "archive"
    result = crawl(seed, archive)
    assert "api_key=REDACTED" in result.proc.stderr, result.proc.stderr
    log = next((archive / "logs").glob("*.log")).read_text()
    assert "api_key=REDACTED" in log
    assert SECRET not in result.proc.stdout + result.proc.stderr + log
    warc = b"".join(gzip.decompress(p.read_bytes()) for p in (archive / "warc").glob("*.gz"))
    assert f"api_key={SECRET}".encode() in warc  # the record of the fetch keeps it
    report = newsarchiver("report", "--archive", str(archive), "--out", str(tmp_path / "r.html"))
    assert report.returncode == 0, report.stderr
    status = newsarchiver("status", "--archive", str(archive), "--seeds", str(tmp_path))
    assert SECRET not in (tmp_path / "r.html").read_text() + status.stdout + report.stderr


def test_the_proxy_password_stays_out_of_the_shared_frontier(
    faults: FaultServer, tmp_path: Path, redis_server
) -> None:
    faults.page("/", section([]))
    faults.page("/sec/", section([f"http://{SITE}/news/a.html"]))
    faults.page("/news/a.html", article("Shared"))
    proxy = f"http://proxyuser:pr0xyPW@127.0.0.1:{faults.port}"
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=proxy)
    queued = enqueue(seed, redis_server.url, proxy)
    assert queued.returncode == 0, queued.stderr
    token = base64.b64encode(b"proxyuser:pr0xyPW")
    client = redis.Redis.from_url(redis_server.url)

    def frontier_bytes() -> bytes:
        out = []
        for key in client.scan_iter():
            kind = client.type(key)
            if kind == b"hash":
                out += [k + v for k, v in client.hgetall(key).items()]
            elif kind == b"string":
                out.append(client.get(key) or b"")
            elif kind in (b"list",):
                out += client.lrange(key, 0, -1)
            elif kind == b"set":
                out += list(client.smembers(key))
            elif kind == b"zset":
                out += [m for m, _ in client.zrange(key, 0, -1, withscores=True)]
        return b"\n".join(out)

    data = frontier_bytes()
    assert b"seed_toml" in data and b"/sec/" in data  # the frontier was read
    assert b"pr0xyPW" not in data and token not in data
    worker = newsarchiver(
        "worker", "--redis", redis_server.url, "--archive", str(tmp_path / "archive"),
        "--id", "w1", "--exit-when-idle", "--set", f"NEWSARCHIVER_PROXY={proxy}", timeout=180,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr
    assert faults.hits_for("/news/a.html")
    assert all(
        h.headers.get("Proxy-Authorization") == f"Basic {token.decode()}" for h in faults.hits
    )
    data = frontier_bytes()
    assert b"pr0xyPW" not in data and token not in data


def test_scrapy_crawl_stderr_redacts_a_secret_parameter(
    faults: FaultServer, tmp_path: Path
) -> None:
    """``scrapy crawl news`` logs through Scrapy's own handler (stderr), not the CLI's."""
    faults.page("/", section([]))
    faults.route("/sec/", lambda hit: (500, [("Content-Type", "text/html")], b"down"))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/?token={SECRET}"], proxy=faults.proxy_url)
    archive = tmp_path / "archive"
    proc = subprocess.run(
        [str(BIN / "scrapy"), "crawl", "news", "-a", f"seed={seed}",
         "-s", f"NEWSARCHIVER_ARCHIVE_DIR={archive}"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert faults.hits_for("/sec/")  # the section was fetched (and failed: lines about it)
    assert "token=REDACTED" in proc.stderr, proc.stderr
    assert SECRET not in proc.stdout + proc.stderr
    log = next((archive / "logs").glob("*.log")).read_text()
    assert "token=REDACTED" in log and SECRET not in log
