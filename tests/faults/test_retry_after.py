"""429 and 503 are retried only after the pause the server asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.middlewares.retry_after import retry_after_seconds
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, http_date, retry_after, section


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds(b"120", now=0) == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490) == 0  # past
    assert retry_after_seconds(b"soon", now=0) is None
    assert retry_after_seconds(None, now=0) is None


def _ok(title: str):
    html = article(title).encode()
    return 200, [("Content-Type", "text/html; charset=utf-8")], html


@pytest.mark.parametrize(
    ("status", "header"), [(429, "1"), (503, "date")], ids=["429-seconds", "503-http-date"]
)
def test_rate_limited_host_is_asked_again_only_after_retry_after(
    faults: FaultServer, tmp_path: Path, status: int, header: str
) -> None:
    hits = faults.hits_for
    faults.page("/sec/", section([f"http://{SITE}/news/slow.html"]))

    def slow(hit):
        if len(hits("/news/slow.html")) > 1:
            return _ok("Finally")
        # An HTTP-date has whole seconds: two seconds ahead is at least one second away.
        return retry_after(status, http_date(2) if header == "date" else header)

    faults.route("/news/slow.html", slow)
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    first, second = faults.hits_for("/news/slow.html")
    assert second.at - first.at >= 0.95
    assert result.proc.returncode == 0, result.proc.stderr
    assert [i["headline"] for i in result.items()] == ["Finally"]
    assert f"WARNING: {SITE} rate-limited the crawl: 1 answers 429/503" in result.proc.stderr
    assert (
        f"rate-limited {SITE}: 1 answers 429/503, retried after the pause asked for"
    ) in result.proc.stdout.splitlines()


def test_a_pause_longer_than_the_cap_is_not_waited_for(faults: FaultServer, tmp_path: Path):
    faults.page("/sec/", section([f"http://{SITE}/news/never.html", f"http://{SITE}/news/ok.html"]))
    faults.page("/news/ok.html", article("Fine"))
    faults.route("/news/never.html", lambda hit: retry_after(429, "3600"))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert len(faults.hits_for("/news/never.html")) == 1
    assert result.proc.returncode == 1
    assert (
        f"WARNING: http://{SITE}/news/never.html: HTTP 429, server asks to wait 3600 s "
        "(Retry-After), more than the 30 s cap (NEWSARCHIVER_RETRY_AFTER_MAX): not retried"
    ) in result.warnings
    assert [i["headline"] for i in result.items()] == ["Fine"]


def test_without_retry_after_the_host_backs_off_one_then_two_seconds(
    faults: FaultServer, tmp_path: Path
) -> None:
    faults.page("/sec/", section([f"http://{SITE}/news/busy.html"]))
    busy = (503, [("Content-Type", "text/plain")], b"busy")
    faults.sequence("/news/busy.html", [busy, busy, _ok("Third time")])
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    a, b, c = faults.hits_for("/news/busy.html")
    assert b.at - a.at >= 0.95 and c.at - b.at >= 1.95
    assert [i["headline"] for i in result.items()] == ["Third time"]
