"""A comma-separated selector takes the href of every alternative.

``related = "aside.related a, a.rel"`` used to become ``aside.related a, a.rel::attr(href)``,
so the first alternative yielded whole elements, which were then requested as URLs.
"""

from __future__ import annotations

from pathlib import Path

from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article


def test_related_and_next_page_selector_lists(faults: FaultServer, tmp_path: Path) -> None:
    page2 = f"http://{SITE}/sec/?page=2"
    faults.page(
        "/sec/",
        f'<html><body><a href="http://{SITE}/news/a.html">A</a>'
        f'<nav><a class="more" href="{page2}">more</a></nav></body></html>',
    )
    # Routes ignore the query: page 2 is served by a handler that looks at the URL.
    first = faults.routes[(None, "/sec/")]

    def sec(hit):
        if hit.url.endswith("?page=2"):
            return (
                200,
                [("Content-Type", "text/html")],
                (f'<html><body><a href="http://{SITE}/news/c.html">C</a></body></html>').encode(),
            )
        return first(hit)

    faults.route("/sec/", sec)
    related = (
        f'<aside class="related"><a href="http://{SITE}/news/b.html">B</a></aside>'
        f'<p><a class="rel" href="http://{SITE}/news/d.html">D</a></p>'
    )
    faults.page("/news/a.html", article("A", extra=related))
    for name in "bcd":
        faults.page(f"/news/{name}.html", article(name.upper()))
    links = 'related = "aside.related a, a.rel"\nnext_page = "a[rel~=next], nav a.more"\n'
    links += "max_section_pages = 2\n"
    seed = write_seed(
        tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url, depth=2, links=links
    )
    # write_seed sets max_section_pages = 1 in [links]; the later key would be a TOML error.
    seed.write_text(seed.read_text().replace("max_section_pages = 1\n", "", 1))
    result = crawl(seed, tmp_path / "archive")
    assert result.proc.returncode == 0, result.proc.stderr
    assert sorted(i["headline"] for i in result.items()) == ["A", "B", "C", "D"]
    assert not [h.url for h in faults.hits if "<" in h.url or "%3C" in h.url]
