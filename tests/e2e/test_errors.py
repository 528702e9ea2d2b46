"""Bad input during a crawl: one clear line per problem, a finished crawl, nothing lost."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

from parsel import Selector

from archive.jsonl import read_jsonl
from tests.conftest import newsarchiver

SEED = """
name = "broken"
timezone = "Europe/Berlin"
language = "de"
follow_depth = 1
allowed_domains = ["news.demo.test"]

[fetch]
proxy = "{proxy}"

[[sections]]
name = "Politik"
url = "http://news.demo.test/politik/"

[[sections]]
name = "Missing"
url = "http://news.demo.test/gibt-es-nicht/"

[[sections]]
name = "Broken"
url = "http://news.demo.test/broken/500"

[[sections]]
name = "Image"
url = "http://news.demo.test/images/100000-1.jpg"

[links]
article = '/\\d{{4}}/\\d{{2}}/[^/]+\\.html$'
max_section_pages = 1
"""


def section_articles(demo_server, url: str) -> set[str]:
    """The article URLs one demo section page links to, as the seed's pattern sees them."""
    conn = http.client.HTTPConnection("127.0.0.1", demo_server.port, timeout=10)
    conn.request("GET", url, headers={"Host": "news.demo.test"})
    page = Selector(text=conn.getresponse().read().decode("utf-8"))
    conn.close()
    hrefs = (urljoin(url, h) for h in page.css("a::attr(href)").getall())
    return {h for h in hrefs if re.search(r"/\d{4}/\d{2}/[^/]+\.html$", h)}


def test_404_500_and_non_html_sections_do_not_stop_the_crawl(demo_server, tmp_path: Path) -> None:
    seed = tmp_path / "broken.toml"
    seed.write_text(SEED.format(proxy=demo_server.proxy_url), encoding="utf-8")
    archive = tmp_path / "archive"
    proc = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert "WARNING: http://news.demo.test/gibt-es-nicht/: HTTP 404" in lines
    assert "WARNING: http://news.demo.test/broken/500: HTTP 500" in lines
    assert any(
        line.startswith("WARNING: http://news.demo.test/images/100000-1.jpg: skipped: ")
        for line in lines
    ), lines
    # The healthy section's first page of articles was all archived and extracted; the
    # others found in the site's feeds and news sitemap were too.
    items = [i for f in (archive / "items").glob("*.jsonl") for i in read_jsonl(f)]
    first_page = section_articles(demo_server, "http://news.demo.test/politik/")
    assert len(first_page) == 20
    assert first_page <= {i["url"] for i in items}
    assert len(items) > 20
    assert {i["discovery"]["via"] for i in items} <= {"section", "feed", "sitemap"}
    assert all(i["headline"] and i["warc"] for i in items)
    warcs = sorted((archive / "warc").glob("*.warc.gz"))
    warcio = Path(sys.executable).parent / "warcio"
    check = subprocess.run([str(warcio), "check", *map(str, warcs)], capture_output=True)
    assert check.returncode == 0


def test_unreachable_site_fails_with_exit_4_and_one_line(tmp_path: Path) -> None:
    seed = tmp_path / "down.toml"
    seed.write_text(
        'name = "down"\ntimezone = "UTC"\n[[sections]]\nname = "Home"\n'
        'url = "http://127.0.0.1:9/"\n',
        encoding="utf-8",
    )
    proc = newsarchiver("crawl", str(seed), "--archive", str(tmp_path / "a"), "--no-progress")
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "WARNING: http://127.0.0.1:9/: connection refused" in proc.stderr.splitlines()


def test_second_concurrent_crawl_of_a_site_exits_locked(tmp_path: Path) -> None:
    from archive.stores.locks import SiteLock

    seed = tmp_path / "down.toml"
    seed.write_text(
        'name = "down"\ntimezone = "UTC"\n[[sections]]\nname = "Home"\n'
        'url = "http://127.0.0.1:9/"\n',
        encoding="utf-8",
    )
    archive = tmp_path / "a"
    with SiteLock(archive, "down"):
        proc = newsarchiver("crawl", str(seed), "--archive", str(archive), "--no-progress")
    assert proc.returncode == 3
    assert "another crawl of site 'down' is running" in proc.stderr
    assert not (archive / "warc").exists()
