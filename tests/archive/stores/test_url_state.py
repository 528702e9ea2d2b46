"""The URL state store and the run log: recording fetches (on SQLite and PostgreSQL), and
refusing damaged files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.stores import StoreError
from archive.stores.run_log import outcome_for
from archive.stores.shared import StoreFactory
from archive.stores.url_state import (
    UrlStateStore,
    check_state_store,
    parse_time,
    state_path,
)
from tests.conftest import ROOT

URL = "http://news.demo.test/politik/2025/12/story-100001.html"


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request, tmp_path: Path) -> StoreFactory:
    """The archive's stores in SQLite files or in a real PostgreSQL database."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    return StoreFactory(tmp_path, url)


def test_fetches_update_one_row(stores: StoreFactory, tmp_path: Path) -> None:
    t0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    with stores.url_state() as store:
        assert store.get(URL) is None
        row = store.record_fetch(
            URL,
            status=200,
            site="demo",
            fetched_at=t0,
            etag='"abc"',
            last_modified="Thu, 01 Jan 2026 11:00:00 GMT",
            payload_digest="sha1:AAAA",
            via="section",
            from_url="http://news.demo.test/politik/",
        )
        assert row.archived and row.first_seen == row.last_fetched == row.changed_at
        assert store.set_published(URL, "2025-12-02T17:52:59+01:00")
        assert not store.set_published(URL, "not a date")

        # 304: digest and validators kept, counters and time move on.
        row = store.record_fetch(URL, status=304, site="demo", fetched_at=t0 + timedelta(hours=1))
        assert row.last_status == 304 and row.payload_digest == "sha1:AAAA"
        assert row.etag == '"abc"' and row.not_modified_count == 1 and row.fetch_count == 2
        assert row.changed_at == row.first_seen

        # 200 with a new body: new digest, changed_at moves; discovery stays the first one.
        t2 = t0 + timedelta(hours=2)
        row = store.record_fetch(
            URL, status=200, fetched_at=t2, etag='"def"', payload_digest="sha1:BBBB", via="related"
        )
        assert row.payload_digest == "sha1:BBBB" and row.etag == '"def"'
        assert row.changed_at == t2.isoformat(timespec="seconds")
        assert row.via == "section" and row.site == "demo"
        assert row.published_at == datetime(2025, 12, 2, 16, 52, 59, tzinfo=UTC)

        # An error answer: not archived any more, the next crawl fetches it in full.
        row = store.record_fetch(URL, status=404, fetched_at=t0 + timedelta(hours=3))
        assert not row.archived and row.payload_digest == "sha1:BBBB"
        assert store.count() == 1 and store.count("demo") == 1
        assert store.site_counts() == {"demo": {"known": 1, "archived": 0, "not_modified": 0}}
    if stores.shared:
        return
    # WAL mode, so crawls and `status` can use the file at the same time.
    conn = sqlite3.connect(state_path(tmp_path))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_parse_time() -> None:
    assert parse_time("2025-12-02") == datetime(2025, 12, 2, tzinfo=UTC)
    assert parse_time("2025-12-02T10:00:00Z") == datetime(2025, 12, 2, 10, tzinfo=UTC)
    assert parse_time("garbage") is None and parse_time(None) is None


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x00\x01garbage" * 500, "not an SQLite database"),
        (b"SQLite format 3\x00" + b"\xff" * 5000, "not a usable SQLite database"),
    ],
)
def test_damaged_file_is_one_error_and_left_alone(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = state_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(StoreError) as err:
        UrlStateStore.open(tmp_path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ") and problem in message, message
    assert "move the file away" in message
    assert path.read_bytes() == content
    assert sorted(p.name for p in path.parent.iterdir()) == ["urls.sqlite3"]


def test_truncated_database_is_detected(tmp_path: Path) -> None:
    with UrlStateStore.open(tmp_path) as store:
        for i in range(300):
            store.record_fetch(f"{URL}?n={i}", status=200, payload_digest="sha1:X" * 20)
    path = state_path(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(StoreError, match="urls.sqlite3: "):
        check_state_store(tmp_path)


def test_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = state_path(tmp_path)
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE something_else (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a URL state store"):
        UrlStateStore.open(tmp_path)


def test_status_with_corrupted_state_store_prints_one_line(tmp_path: Path) -> None:
    path = state_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"definitely not sqlite\n" * 100)
    seeds = tmp_path / "seeds"  # an empty seeds folder (a missing one is refused first)
    seeds.mkdir()
    cmd = [sys.executable, "-m", "crawler.cli"]
    proc = subprocess.run(
        [*cmd, "status", "--archive", str(tmp_path), "--seeds", str(seeds)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"error: {path}: is not an SQLite database")
    assert path.read_bytes() == b"definitely not sqlite\n" * 100


def test_run_log_records_runs(stores: StoreFactory, tmp_path: Path) -> None:
    with stores.run_log() as log:
        first = log.start("demo", "seeds/demo.toml", pid=123)
        log.finish(first, exit_code=0, outcome=outcome_for(0), pages=10, items=8, errors=0)
        log.record_skipped("demo", None, "previous crawl still running")
        second = log.start("demo", "seeds/demo.toml", pid=456)
        frontier = log.start("other", "seeds/other.toml")  # no pid: its workers finish it
        assert log.mark_unfinished(tmp_path, "scheduler died") == 1
        runs = log.runs("demo")
        assert [r.outcome for r in runs] == ["ok", "skipped", "interrupted"]
        assert [(r.id, r.outcome) for r in log.runs("other")] == [(frontier, "running")]
        assert runs[0].pages == 10 and runs[0].seconds is not None and runs[0].finished
        assert log.last_runs()["demo"].id == second
        assert log.stats()["demo"] == {"runs": 2, "ok": 1, "interrupted": 1, "skipped": 1}
    assert outcome_for(4) == "failed" and outcome_for(-9) == "killed"
    assert outcome_for(1, interrupted=True) == "interrupted" and outcome_for(77) == "error"


def test_item_logged_is_reset_by_a_new_full_capture(stores: StoreFactory) -> None:
    t0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    with stores.url_state() as store:
        store.record_fetch(URL, status=200, fetched_at=t0, payload_digest="sha1:A")
        assert store.get(URL).item_at is None  # archived, item not yet logged
        assert store.item_logged(URL, "2025-12-02T17:52:59+01:00", at=t0)
        row = store.get(URL)
        assert row.item_at and row.published == "2025-12-02T17:52:59+01:00"
        store.record_fetch(URL, status=304, fetched_at=t0 + timedelta(hours=1))
        assert store.get(URL).item_at == row.item_at  # a 304 confirms the logged item
        store.record_fetch(
            URL, status=200, fetched_at=t0 + timedelta(hours=2), payload_digest="sha1:B"
        )
        assert store.get(URL).item_at is None


def test_store_from_before_item_tracking_is_upgraded(tmp_path: Path) -> None:
    """An archive whose store predates ``item_at``: archived rows count as having items."""
    path = state_path(tmp_path)
    with UrlStateStore.open(tmp_path) as store:
        store.record_fetch(URL, status=200, payload_digest="sha1:A")
        store.record_fetch(URL + "?404", status=404)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE urls DROP COLUMN item_at")
    conn.commit()
    conn.close()
    with UrlStateStore.open(tmp_path) as store:
        assert store.get(URL).item_at is not None
        assert store.get(URL + "?404").item_at is None


def test_a_fetch_is_four_statements_and_returns_the_stored_row(tmp_path: Path) -> None:
    """BEGIN, the row's read, one write, COMMIT: the row after the fetch is worked out, not
    read back; what record_fetch returns is exactly what the store then holds."""
    t0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    fetches = [
        dict(status=200, site="demo", fetched_at=t0, etag='"a"', payload_digest="sha1:A"),
        dict(status=304, site="demo", fetched_at=t0 + timedelta(hours=1)),
        dict(status=200, fetched_at=t0 + timedelta(hours=2), payload_digest="sha1:B"),
        dict(status=404, fetched_at=t0 + timedelta(hours=3), from_url=URL),
    ]
    with UrlStateStore.open(tmp_path) as store:
        store.note_pending([URL + "?p"], site="demo", via="requisite", from_url=URL)
        for url in (URL, URL + "?p"):  # a new row, and a row owed a fetch
            for fetch in fetches:
                statements: list[str] = []
                store.conn.set_trace_callback(statements.append)
                row = store.record_fetch(url, via="section", **fetch)
                store.conn.set_trace_callback(None)
                assert len(statements) == 4, statements
                assert row == store.get(url)
