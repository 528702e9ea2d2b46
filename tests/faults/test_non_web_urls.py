"""``javascript:`` and other non-HTTP URLs never become images or stories.

They are dropped from the item, which says so in ``missing``, and counted in the crawl's
stats (``newsarchiver/non_http_urls_dropped`` in the log's stats dump).
"""

from __future__ import annotations

from pathlib import Path

from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section

PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGAA"


def test_non_http_images_and_related_links_are_dropped_and_counted(
    faults: FaultServer, tmp_path: Path
) -> None:
    figures = (
        f'<figure><img src="http://{SITE}/img/real.jpg"><figcaption>Real - Foto: A</figcaption>'
        "</figure>"
        '<figure><img src="javascript:alert(1)"><figcaption>Script - Foto: B</figcaption></figure>'
        f'<figure><img src="{PNG}"><figcaption>Inline - Foto: C</figcaption></figure>'
    )
    related = (
        '<aside class="related"><h2>Related</h2><ul>'
        f'<li><a href="http://{SITE}/news/other.html">Another story on the same subject here</a>'
        '</li><li><a href="javascript:void(0)">A story that is only a script link</a></li>'
        '<li><a href="mailto:desk@site.test">Write to the desk about this story</a></li>'
        "</ul></aside>"
    )
    faults.page("/", section([]))
    faults.page("/sec/", section([f"http://{SITE}/news/a.html"]))
    faults.page("/news/a.html", article("Schemes", "", figures + related))
    faults.page("/news/other.html", article("Other"))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url, depth=1)
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    (item,) = [i for i in result.items() if i["headline"] == "Schemes"]
    urls = [i["url"] for i in item["images"]] + [r["url"] for r in item["related"]]
    assert urls and all(u.startswith("http://") for u in urls), urls
    assert not any(u.startswith(("javascript:", "data:", "mailto:")) for u in urls)
    assert item["missing"]["images"] == "1 dropped: URL not http(s) (javascript: 1)"
    assert item["missing"]["related"] == "2 dropped: URL not http(s) (javascript: 1, mailto: 1)"
    log = next((tmp_path / "archive" / "logs").glob("*.log")).read_text()
    assert "'newsarchiver/non_http_urls_dropped': 3," in log, log[-3000:]
