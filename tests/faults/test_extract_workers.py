"""The seed's ``[fetch] extract_workers`` sizes the crawl's extraction pool."""

from __future__ import annotations

import re
from pathlib import Path

from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section


def _workers_used(archive: Path) -> int:
    (log,) = (archive / "logs").glob("*.log")
    found = re.findall(r"'newsarchiver/extract_workers': (\d+)", log.read_text())
    assert len(found) == 1, found
    return int(found[0])


def test_the_seed_sets_the_extraction_workers_and_the_items_do_not_change(
    faults: FaultServer, tmp_path: Path
) -> None:
    stories = [f"http://{SITE}/news/story-{n}.html" for n in range(12)]
    faults.page("/sec/", section(stories))
    for n, url in enumerate(stories):
        faults.page(url.split(SITE, 1)[1], article(f"Story number {n}"))
    items = {}
    for workers in (1, 3):
        folder = tmp_path / str(workers)
        folder.mkdir()
        seed = write_seed(
            folder,
            [f"http://{SITE}/sec/"],
            proxy=faults.proxy_url,
            fetch=f"extract_workers = {workers}",
        )
        result = crawl(seed, folder / "archive")
        assert result.proc.returncode == 0, result.proc.stderr
        assert _workers_used(folder / "archive") == workers
        comparable = ({k: v for k, v in i.items() if k not in ("warc", "fetched_at")}
                      for i in result.items())  # fmt: skip
        items[workers] = sorted(comparable, key=lambda i: i["url"])
    assert len(items[1]) == 12
    assert items[3] == items[1]
