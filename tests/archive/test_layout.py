"""The archive folder's paths come from one place, and the archive modules use it."""

from __future__ import annotations

import os
from pathlib import Path

from archive.index.cdxj import update_archive_index
from archive.layout import ArchiveLayout, default_archive_dir
from archive.stores.digest_index import DigestIndex
from archive.stores.item_store import default_store_path
from archive.stores.locks import SiteLock, held_here
from archive.stores.run_log import runs_path
from archive.stores.url_state import state_path


def test_layout_names_every_folder_under_the_root(tmp_path: Path) -> None:
    layout = ArchiveLayout(tmp_path)
    assert layout.warc_dir == tmp_path / "warc"
    assert layout.items_dir == tmp_path / "items"
    assert layout.index_file == tmp_path / "indexes" / "index.cdxj"
    assert layout.site_lock("demo") == tmp_path / "state" / "demo.lock"
    assert layout.items_file("demo", "20260101T000000Z").parent == layout.items_dir
    assert layout.crawl_log("demo", "X") == tmp_path / "logs" / "demo-X.log"
    assert layout.runs_dir.parent == layout.state_dir
    assert ArchiveLayout(str(tmp_path)) == layout
    assert default_archive_dir() == Path("archive-data")


def test_stores_and_locks_live_where_the_layout_says(tmp_path: Path) -> None:
    layout = ArchiveLayout(tmp_path)
    assert state_path(tmp_path) == layout.url_state_db
    assert default_store_path(tmp_path) == layout.item_store_db
    assert runs_path(tmp_path) == layout.run_log_db
    with DigestIndex.for_archive(tmp_path) as digests:
        assert digests.path == layout.digest_db
    with SiteLock(tmp_path, "demo") as lock:
        assert lock.path == layout.site_lock("demo")
        assert layout.site_lock("demo").read_text().strip().isdigit()


def test_index_update_writes_the_layouts_index_file(tmp_path: Path) -> None:
    layout = ArchiveLayout(tmp_path)
    layout.warc_dir.mkdir()
    update = update_archive_index(tmp_path)
    assert update.index == layout.index_file
    assert layout.index_file.exists()
    assert layout.warc_files() == []


def test_a_file_stamp_reads_back_as_the_utc_second_it_was_made_at() -> None:
    from datetime import UTC, datetime, timedelta, timezone

    from archive.layout import file_stamp, parse_file_stamp

    when = datetime(2026, 12, 1, 22, 22, 21, 622226, tzinfo=timezone(timedelta(hours=1)))
    assert file_stamp(when) == "20261201T212221Z"
    assert parse_file_stamp(file_stamp(when)) == when.replace(microsecond=0).astimezone(UTC)


def test_a_site_lock_is_held_here_only_while_this_process_holds_it(tmp_path: Path) -> None:
    """The next crawl cuts torn item-log tails only under the site's lock (archive.resume)."""
    lock = SiteLock(tmp_path, "demo")
    assert not held_here(lock.path)
    with lock:
        assert held_here(lock.path)
    lock.path.write_text(f"{os.getpid()}\n")  # what kill -9 leaves: the pid, but no flock
    assert not held_here(lock.path)
