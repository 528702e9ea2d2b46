"""A torn last line in an item log (kill -9 in the middle of a write) is no item, and the
site's next crawl cuts it and logs that item again, once.

Linux can cut a write of more than a page short when SIGKILL arrives, so a killed crawl's
log may end in part of a line. No kill timing here: the test writes what such a kill
leaves (the last line cut short, the item never recorded as logged in the URL state).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archive.index.wacz_package import write_pages_jsonl
from archive.jsonl import read_jsonl
from archive.layout import ArchiveLayout
from archive.report.runs import read_runs
from tests.conftest import logged_items, newsarchiver
from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section

STORIES = 3


def _exported(archive: Path, out: Path) -> list[str]:
    proc = newsarchiver("export", "--archive", str(archive), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return sorted(row["url"] for row in read_jsonl(out))


def _kill_during_last_write(archive: Path, keep: float) -> tuple[Path, bytes, str]:
    """Cut the log's last line to ``keep`` of its bytes (1.0: all but its newline), clear
    its URL's ``item_at`` (the crawl was killed before it recorded the item as logged) and
    drop the item store (the item reaches it after the log): ``export`` builds it again
    from the logs. Returns the log, its complete lines and the torn item's URL."""
    layout = ArchiveLayout(archive)
    (log,) = layout.item_logs()
    lines = log.read_bytes().splitlines(keepends=True)
    assert len(lines) == STORIES
    complete, last = b"".join(lines[:-1]), lines[-1]
    url = list(read_jsonl(log))[-1]["url"]
    log.write_bytes(complete + last[: min(int(len(last) * keep), len(last) - 1)])
    for db in layout.state_dir.glob(layout.item_store_db.name + "*"):  # -wal, -shm too
        db.unlink()
    with sqlite3.connect(layout.url_state_db) as conn:
        assert conn.execute("UPDATE urls SET item_at = NULL WHERE url = ?", (url,)).rowcount == 1
    conn.close()
    return log, complete, url


@pytest.mark.parametrize("keep", [0.5, 1.0], ids=["half a line", "all but the newline"])
def test_a_torn_line_is_no_item_and_the_next_crawl_cuts_it_and_logs_the_item_once(
    faults: FaultServer, tmp_path: Path, keep: float
) -> None:
    links = [f"http://{SITE}/news/{n}.html" for n in range(STORIES)]
    faults.page("/sec/", section(links))
    for n in range(STORIES):
        faults.page(f"/news/{n}.html", article(f"Story {n}"))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    archive = tmp_path / "archive"
    assert crawl(seed, archive).proc.returncode == 0
    log, complete, torn = _kill_during_last_write(archive, keep)
    kept = sorted(set(links) - {torn})

    # Every reader takes the complete lines only.
    assert sorted(i["url"] for i in logged_items(archive)) == kept
    (run,) = read_runs(archive)
    assert run.items == STORIES - 1
    assert write_pages_jsonl(archive, tmp_path / "pages.jsonl") == STORIES - 1
    assert _exported(archive, tmp_path / "before.jsonl") == kept

    # The next crawl cuts the torn tail, fetches the torn item's page again and logs it once.
    hits = len(faults.hits_for(urlsplit(torn).path))
    again = crawl(seed, archive)
    assert again.proc.returncode == 0, again.proc.stderr
    crawl_log = sorted(ArchiveLayout(archive).logs_dir.glob("*.log"))[-1].read_text()
    assert f"{log.name} ended in a partial line" in crawl_log
    assert log.read_bytes() == complete
    assert len(faults.hits_for(urlsplit(torn).path)) == hits + 1
    assert sorted(i["url"] for i in logged_items(archive)) == sorted(links)
    assert _exported(archive, tmp_path / "after.jsonl") == sorted(links)
