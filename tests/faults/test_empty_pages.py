"""A page that yields no article is counted and reported, not an item."""

from __future__ import annotations

from pathlib import Path

from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, gzip_bomb, section


def test_gzip_bomb_below_the_size_limit_is_no_item(faults: FaultServer, tmp_path: Path) -> None:
    faults.page("/sec/", section([f"http://{SITE}/news/bomb.html", f"http://{SITE}/news/ok.html"]))
    faults.page("/news/ok.html", article("A real story"))
    bomb = gzip_bomb(10 * 1024 * 1024)  # 10 MB of spaces, well below DOWNLOAD_MAXSIZE (32 MB)
    assert len(bomb[2]) < 20_000
    faults.route("/news/bomb.html", lambda hit: bomb)
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    result = crawl(seed, tmp_path / "archive")
    assert [i["headline"] for i in result.items()] == ["A real story"]
    assert (
        f"WARNING: http://{SITE}/news/bomb.html: skipped: no article on the page (no headline, "
        "no body text); archived, not an item"
    ) in result.warnings
    assert "1 skipped" in result.proc.stdout
