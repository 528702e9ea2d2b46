"""What each store of an archive does, whichever database holds it: one ``Protocol`` per store.

Why: every store has two backends, SQLite files under ``<archive>/state/`` (one machine) and
one PostgreSQL database (workers on several machines, ``--database``). Callers (the crawl's
middlewares, pipelines and extensions, the CLI) are written against these interfaces and get
a store from :class:`archive.stores.shared.StoreFactory`, never a backend class; the tests
run each store's behaviour on both backends (``tests/archive/stores/test_protocols.py``).

Errors of either backend are :class:`archive.stores.base.StoreError`, one line to show.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

if TYPE_CHECKING:
    from archive.stores.export_selection import Delivered, Kept, Selection, StoryFilter
    from archive.stores.item_ingest import AddResult, IngestCounts
    from archive.stores.run_log import Run
    from archive.stores.url_state import UrlState
    from archive.warc.digests import DigestEntry


@runtime_checkable
class Store(Protocol):
    """What every store has: a name for messages (a file, or the database without its
    password), a close that is safe to repeat, and use as a context manager."""

    path: Any

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


@runtime_checkable
class UrlStateAPI(Store, Protocol):
    """What the archive knows about every URL it fetched (``archive.stores.url_state``)."""

    def get(self, url: str) -> UrlState | None: ...

    def count(self, site: str | None = None) -> int: ...

    def site_counts(self) -> dict[str, dict[str, int]]: ...

    def all(self, site: str | None = None) -> list[UrlState]: ...

    def record_fetch(
        self,
        url: str,
        *,
        status: int,
        site: str | None = None,
        fetched_at: datetime | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        payload_digest: str | None = None,
        via: str | None = None,
        from_url: str | None = None,
    ) -> UrlState: ...

    def note_pending(
        self, urls: list[str], *, site: str | None, via: str, from_url: str
    ) -> None: ...

    def pending(self, site: str, via: str) -> list[UrlState]: ...

    def drop_pending(self, url: str) -> bool: ...

    def forget_capture(self, url: str) -> bool: ...

    def item_logged(self, url: str, published: str | None, at: datetime | None = None) -> bool: ...

    def set_published(self, url: str, published: str | None) -> bool: ...


@runtime_checkable
class DigestIndexAPI(Store, Protocol):
    """Which (URL, payload digest) is archived, and where (``archive.stores.digest_index``)."""

    def lookup(self, url: str, digest: str) -> DigestEntry | None: ...

    def add(self, entry: DigestEntry, *, replace: bool = False, latest: bool = False) -> bool: ...

    def set_latest(self, entry: DigestEntry) -> None: ...

    def latest(self, url: str) -> DigestEntry | None: ...

    def __len__(self) -> int: ...


@runtime_checkable
class ItemStoreAPI(Store, Protocol):
    """Every story once, every content change a version (``archive.stores.item_store``).
    ``add`` may leave its write uncommitted until ``commit`` or ``close``."""

    def add(self, item: dict[str, Any]) -> AddResult: ...

    def add_many(self, items: list[dict[str, Any]]) -> list[AddResult | Exception]: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def ingest_jsonl(self, path: Path | str, start: int = 0) -> IngestCounts: ...

    def ingest_new_files(self, items_dir: Path | str) -> IngestCounts: ...

    def story_count(self) -> int: ...

    def version_count(self) -> int: ...

    def versions_of(self, id_: str) -> list[dict[str, Any]]: ...

    def select_stories(
        self, flt: StoryFilter, dedup: str, since_last: str | None = None
    ) -> Iterator[tuple[int, str, str, int, Any, int | None]]: ...

    def selection(
        self, clusters: Iterable[tuple[Kept, Delivered]], *, all_versions: bool
    ) -> Selection: ...


@runtime_checkable
class RunLogAPI(Store, Protocol):
    """What ran when, how long and how it ended (``archive.stores.run_log``)."""

    def start(
        self,
        site: str,
        seed: str | None,
        *,
        pid: int | None = None,
        started: datetime | None = None,
    ) -> int: ...

    def set_pid(self, run_id: int, pid: int) -> None: ...

    def finish(
        self,
        run_id: int,
        *,
        exit_code: int | None,
        outcome: str,
        pages: int | None = None,
        items: int | None = None,
        errors: int | None = None,
        message: str | None = None,
    ) -> None: ...

    def record_skipped(self, site: str, seed: str | None, message: str) -> int: ...

    def mark_unfinished(self, archive_dir: Path | str, message: str) -> int: ...

    def unfinished(self, site: str | None = None) -> list[Run]: ...

    def mark_killed(self, run_id: int, message: str) -> None: ...

    def runs(self, site: str | None = None, *, include_skipped: bool = True) -> list[Run]: ...

    def last_runs(self) -> dict[str, Run]: ...

    def last_complete(self, site: str) -> Run | None: ...

    def stats(self) -> dict[str, dict[str, Any]]: ...
