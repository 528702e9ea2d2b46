"""After a kill -9: items that reached the item log but not the URL state are not lost twice.

Why: an article's item is appended to the JSONL item log, then the URL
state records ``item_at`` (``item_logged``). A crawl killed between the two left URLs that
look "archived, item never logged", so the next crawl fetched and logged them again
(duplicate lines). Before a crawl starts, :func:`settle_logged_items` looks those URLs up
in the site's newest item logs and records the items it finds; only items that really
never reached a log are fetched again.
"""

from __future__ import annotations

from typing import Any

from archive.jsonl import read_jsonl
from archive.layout import ArchiveLayout

#: How many of the site's newest item logs are searched. Pending URLs only come from the
#: last crawls that were killed (each crawl settles them at its start), so a few suffice.
NEWEST_LOGS = 3


def settle_logged_items(store: Any, layout: ArchiveLayout, site: str) -> int:
    """Record ``item_logged`` for pending URLs whose item is in a recent log; returns how many.

    ``store`` is a URL state store (SQLite or PostgreSQL: ``all`` and ``item_logged``).
    """
    pending = {s.url for s in store.all(site) if s.archived and not s.item_at}
    if not pending:
        return 0
    logs = [p for p in layout.item_logs() if p.name.startswith(f"{site}-")]
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
