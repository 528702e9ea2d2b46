"""A section or article page with a flood of links is read up to a bound.

A 12 MB section page with 200,000 links stalled the crawl 39 s before its first article and
took 880 MB; an article page with as many made an item of 100,000 related stories (13 MB)
after a minute of extraction. The links of a page are read up to ``[links]
max_links_per_page`` (default 10,000), cut from the page's text before it is parsed; the
rest are counted in one WARNING line per page and the summary's ``links`` line, and so are
an article's page requisites past the same bound.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

from tests.conftest import BIN, ROOT
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section


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


def test_an_article_page_with_a_flood_of_links_is_cut_and_counted(
    faults: FaultServer, tmp_path: Path
) -> None:
    related = "".join(
        f'<li><a href="/news/rel-{n}.html">Related story {n}</a></li>' for n in range(500)
    )
    sheets = "".join(f'<link rel="stylesheet" href="/css/{n}.css">' for n in range(150))
    faults.page("/", "<html></html>")
    faults.page("/sec/", section([f"http://{SITE}/news/big.html"]))
    body = f'<aside class="related"><h2>Related</h2><ul>{related}</ul></aside>'
    faults.page("/news/big.html", article("Big", head=sheets, extra=body))
    for n in range(150):
        faults.page(f"/css/{n}.css", "p { margin: 0 }")
    seed = write_seed(
        tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url, links="max_links_per_page = 100"
    )
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    [item] = result.items()
    assert item["headline"] == "Big"
    assert 0 < len(item["related"]) <= 100
    assert item["missing"]["related"] == (
        "400 links of the page past the first 100 not read ([links] max_links_per_page)"
    )
    assert len([h for h in faults.hits if h.path.startswith("/css/")]) == 100
    big = f"http://{SITE}/news/big.html"
    # one line each, in no promised order (since first crawls hold items while they learn
    # the site's profile, the requisites line comes first)
    assert sorted(result.warnings) == [
        f"WARNING: {big}: 150 page requisites on the page, read the first 100 "
        "([links] max_links_per_page); 50 not read",
        f"WARNING: {big}: 500 links on the page, read the first 100 "
        "([links] max_links_per_page); 400 not read",
    ]
    assert "links       450 not read past [links] max_links_per_page" in result.proc.stdout


def test_an_article_page_with_a_flood_of_images_is_cut_and_counted(
    faults: FaultServer, tmp_path: Path
) -> None:
    """Images are page requisites: each one the item keeps is fetched, ahead of the next
    stories. A page of 300 figures (and a gallery list of 300 more) at a bound of 50."""
    figures = "".join(f'<figure><img src="/img/{n}.jpg" alt="Photo {n}"></figure>'
                      for n in range(300))  # fmt: skip
    gallery = "".join(f'<li><img src="/img/g{n}.jpg"></li>' for n in range(300))
    faults.page("/", "<html></html>")
    faults.page("/sec/", section([f"http://{SITE}/news/big.html", f"http://{SITE}/news/0.html"]))
    extra = f'{figures}<ul class="gallery">{gallery}</ul>'
    faults.page("/news/big.html", article("Big", extra=extra))
    faults.page("/news/0.html", article("Story 0"))
    seed = write_seed(
        tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url, links="max_images_per_page = 50"
    )
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    items = {i["headline"]: i for i in result.items()}
    assert sorted(items) == ["Big", "Story 0"]
    big = items["Big"]
    assert [i["url"] for i in big["images"]] == [f"http://{SITE}/img/{n}.jpg" for n in range(50)]
    assert big["missing"]["images"] == (
        "550 images of the page past the first 50 not read ([links] max_images_per_page)"
    )
    fetched = sorted(h.path for h in faults.hits if h.path.startswith("/img/"))
    assert fetched == sorted(f"/img/{n}.jpg" for n in range(50))
    url = f"http://{SITE}/news/big.html"
    bound_lines = [w for w in result.warnings if "max_" in w]
    assert bound_lines == [
        f"WARNING: {url}: 600 images on the page, read the first 50 "
        "([links] max_images_per_page); 550 not read"
    ]
    assert "links       550 images not read past [links] max_images_per_page" in (
        result.proc.stdout
    )


def test_an_article_page_with_a_flood_of_list_items_is_read_up_to_the_element_bound(
    faults: FaultServer, tmp_path: Path
) -> None:
    """60,000 <li> after the story's text (no link, no image): the page is read up to its
    20,000th start tag; the story is whole, the rest is counted in the item and one line."""
    flood = "<ul>" + "".join(f"<li>Item {n}</li>" for n in range(60_000)) + "</ul>"
    page = article("Big", extra=flood)
    faults.page("/", "<html></html>")
    faults.page("/sec/", section([f"http://{SITE}/news/big.html"]))
    faults.page("/news/big.html", page)
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stdout + result.proc.stderr
    [item] = result.items()
    assert item["headline"] == "Big"
    assert "This sentence fills the article body with words." in item["body"]
    assert "Item 59999" not in item["body"]
    tags = len(re.findall(r"<[a-zA-Z]", page))
    assert item["missing"]["body"] == (
        f"{tags - 20_000} elements of the page past the first 20000 not read"
    )
    url = f"http://{SITE}/news/big.html"
    assert result.warnings == [
        f"WARNING: {url}: {tags} elements on the page, read the first 20000; "
        f"{tags - 20_000} not read"
    ]


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every process under it (the extraction workers)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) * 1024
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, IndexError):
            continue
    return total


def test_a_section_and_an_article_page_of_200000_links_stay_under_400_mb(
    faults: FaultServer, tmp_path: Path
) -> None:
    """The real thing, at the default bound: a section page (14 MB) and an article page
    (15 MB) with 200,000 links each, served on the fly. The crawl, extracting in its own
    process (``extract_workers = 1``), stays under the 400 MB goal: 231 MB measured, 388 MB
    on the code before. Each pool worker adds its own interpreter (~70 MB idle)."""
    stories = [f"http://{SITE}/news/{n}.html" for n in range(3)]
    big = f"http://{SITE}/news/big.html"
    filler = [f"http://{SITE}/tag/{n}" for n in range(200_000)]
    faults.page("/", "<html></html>")
    faults.page("/sec/", section([big, *stories, *filler]))
    related = "".join(f'<li><a href="/news/rel-{n}.html">Related story {n}</a></li>'
                      for n in range(200_000))  # fmt: skip
    body = f'<aside class="related"><h2>Related</h2><ul>{related}</ul></aside>'
    faults.page("/news/big.html", article("Big", extra=body))
    for n, url in enumerate(stories):
        faults.page(url.removeprefix(f"http://{SITE}"), article(f"Story {n}"))
    seed = write_seed(
        tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url, fetch="extract_workers = 1"
    )
    archive = tmp_path / "archive"
    cmd = [str(BIN / "newsarchiver"), "crawl", str(seed), "--archive", str(archive),
           "--no-progress"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak, deadline = 0, time.monotonic() + 600
    while proc.poll() is None and time.monotonic() < deadline:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, out.decode() + err.decode()
    items = [json.loads(line) for f in (archive / "items").glob("*.jsonl")
             for line in f.read_text().splitlines()]  # fmt: skip
    assert sorted(i["headline"] for i in items) == ["Big", "Story 0", "Story 1", "Story 2"]
    [item] = [i for i in items if i["headline"] == "Big"]
    assert len(item["related"]) <= 10_000
    warnings = [ln for ln in err.decode().splitlines() if "max_links_per_page" in ln]
    assert len(warnings) == 2, err.decode()
    assert peak < 400 * 2**20, f"peak resident memory {peak / 2**20:.0f} MB"
