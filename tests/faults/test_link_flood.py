"""A section page with a flood of links is read up to a bound.

A 12 MB section page with 200,000 links stalled the crawl 39 s before its first article and
took 880 MB. The links of a page are read up to ``[links] max_links_per_page`` (default
10,000), walking the parsed tree without a selector object per link; the rest are counted
in one WARNING line.
"""

from __future__ import annotations

from pathlib import Path

from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article


def test_links_past_the_bound_are_counted_not_read(faults: FaultServer, tmp_path: Path) -> None:
    first = [f"http://{SITE}/news/{n}.html" for n in range(3)]
    filler = "".join(f'<a href="/tag/{n}">t{n}</a>' for n in range(5000))
    late = f"http://{SITE}/news/late.html"
    links = "".join(f'<a href="{u}">{u}</a>' for u in first)
    page = f"<html><body>{links}<div>{filler}</div><a href='{late}'>late</a></body></html>"
    faults.page("/", "<html></html>")
    faults.page("/sec/", page)
    for n in range(3):
        faults.page(f"/news/{n}.html", article(f"Story {n}"))
    faults.page("/news/late.html", article("Late"))
    seed = write_seed(
        tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url, links="max_links_per_page = 1000"
    )
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    assert sorted(i["headline"] for i in result.items()) == ["Story 0", "Story 1", "Story 2"]
    assert faults.hits_for("/news/late.html") == []
    assert result.warnings == [
        f"WARNING: http://{SITE}/sec/: 5004 links on the page, read the first 1000 "
        "([links] max_links_per_page); 4004 not read"
    ]


def test_the_default_bound_reads_a_large_ordinary_page_whole(
    faults: FaultServer, tmp_path: Path
) -> None:
    stories = [f"http://{SITE}/news/{n}.html" for n in range(40)]
    filler = "".join(f'<a href="/tag/{n}">t{n}</a>' for n in range(2000))
    links = "".join(f'<a href="{u}">{u}</a>' for u in stories)
    faults.page("/", "<html></html>")
    faults.page("/sec/", f"<html><body>{filler}{links}</body></html>")
    for n in range(40):
        faults.page(f"/news/{n}.html", article(f"Story {n}"))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    assert len(result.items()) == 40
    assert result.warnings == []
