"""A real site gets polite defaults; the demo and test sites stay fast."""

from __future__ import annotations

import json
from pathlib import Path

from tests.faults.conftest import crawl, write_seed
from tests.faults.server import FaultServer, article, section

#: A public-looking host: the fault server, as the crawl's proxy, answers for it, so no
#: request leaves the machine.
PUBLIC = "www.example-daily.org"


def test_a_public_site_is_crawled_at_most_about_one_request_per_second(
    faults: FaultServer, tmp_path: Path
) -> None:
    faults.page("/sec/", section([f"http://{PUBLIC}/news/{n}.html" for n in range(2)]))
    for n in range(2):
        faults.page(f"/news/{n}.html", article(f"Story {n}"))
    seed = write_seed(tmp_path, [f"http://{PUBLIC}/sec/"], domains=[PUBLIC],
                      proxy=faults.proxy_url, links="autodiscover = false")  # fmt: skip
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stderr
    times = sorted(hit.at for hit in faults.hits)
    assert len(times) == 3
    # DOWNLOAD_DELAY 1 s, which Scrapy varies between 0.5 and 1.5 s; AutoThrottle never
    # goes below it.
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.45, times
    (summary,) = (tmp_path / "archive" / "state" / "runs").glob("*.json")
    settings = json.loads(summary.read_text(encoding="utf-8"))["settings"]
    assert (settings["DOWNLOAD_DELAY"], settings["AUTOTHROTTLE_ENABLED"]) == (1.0, True)
