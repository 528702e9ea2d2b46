"""After a kill -9: items that reached the item log but not the URL state are not lost twice,
and a torn last line of the log does not stay.

Why: an article's item is appended to the JSONL item log, then the URL
state records ``item_at`` (``item_logged``). A crawl killed between the two left URLs that
look "archived, item never logged", so the next crawl fetched and logged them again
(duplicate lines). Before a crawl starts, :func:`settle_logged_items` looks those URLs up
in the site's newest item logs and records the items it finds; only items that really
never reached a log are fetched again.

A crawl killed in the middle of writing a line (Linux may cut a write of more than a page
short on kill -9) leaves a torn last line in its own log, which no later crawl appends to.
Readers skip it (:class:`archive.jsonl.JsonlReader`), its item was never recorded as logged,
so the next crawl fetches and logs it again; that crawl also cuts the torn tail
(:func:`cut_torn_tails`) of the logs only a crawl holding the site's lock writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archive.jsonl import read_jsonl, repair_tail
from archive.layout import ArchiveLayout

#: How many of the site's newest item logs are searched. Pending URLs only come from the
#: last crawls that were killed (each crawl settles them at its start), so a few suffice.
NEWEST_LOGS = 3


def cut_torn_tails(layout: ArchiveLayout, site: str) -> dict[Path, int]:
    """Cut the torn last line of the site's crawl logs; returns the bytes cut per log.

    Only for a caller that holds the site's lock: the crawls that write these logs hold it,
    so none of them is being written. A distributed worker's log (its id in the name) is
    not touched here: another worker, which holds no site lock, may be writing it (a worker
    restarted with its id cuts its own log's tail when it opens the log again)."""
    cut = {}
    for path in layout.site_item_logs(site, workers=False):
        removed = repair_tail(path)
        if removed:
            cut[path] = removed
    return cut


def settle_logged_items(store: Any, layout: ArchiveLayout, site: str) -> int:
    """Record ``item_logged`` for pending URLs whose item is in a recent log; returns how many.

    ``store`` is a URL state store (SQLite or PostgreSQL: ``all`` and ``item_logged``).
    """
    pending = {s.url for s in store.all(site) if s.archived and not s.item_at}
    if not pending:
        return 0
    logs = layout.site_item_logs(site)
    settled = 0
    for path in reversed(logs[-NEWEST_LOGS:]):
        for record in read_jsonl(path):
            url = record.get("url")
            if url in pending:
                pending.discard(url)
                store.item_logged(url, record.get("published"))
                settled += 1
        if not pending:
            break
    return settled


def torn_tail_message(path: Path | str, cut: int) -> str:
    """What a crawl says of an item log whose torn last line it cut: at its start
    (:func:`cut_torn_tails`), or when its own log's writer opened the same file (an earlier
    crawl of the site started in the same second)."""
    return (
        f"{path} ended in a partial line ({cut} bytes, its crawl was killed while writing it): "
        "cut; its item is fetched again"
    )
