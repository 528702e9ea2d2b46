"""The PostgreSQL URL state and digest index behave like the SQLite ones (real PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.stores.base import StoreError
from archive.stores.shared import (
    check_database,
    open_digest_index,
    open_item_store,
    open_url_state,
)
from archive.warc.digests import DigestEntry

T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
T1 = datetime(2026, 1, 3, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """(archive folder, database URL or None): every test runs on both backends."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    return tmp_path, url


def _history(store) -> list:
    u = "http://a.test/x.html"
    first = store.record_fetch(
        u, status=200, site="a", fetched_at=T0, etag='"1"', payload_digest="sha1:A",
        via="section", from_url="http://a.test/",
    )  # fmt: skip
    again = store.record_fetch(u, status=304, site="a", fetched_at=T1, via="related")
    store.item_logged(u, "2026-01-01T10:00:00+01:00", at=T1)
    return [first, again, store.get(u), store.count(), store.count("a"), store.site_counts()]


def test_url_state_records_fetches_the_same_way_on_both_backends(database, tmp_path):
    archive, url = database
    with open_url_state(archive, url) as store:
        first, again, logged, total, in_site, counts = _history(store)
        assert store.forget_capture("http://a.test/x.html")
        forgotten = store.get("http://a.test/x.html")
        missing = store.get("http://a.test/none")
    assert (first.fetch_count, first.payload_digest, first.etag) == (1, "sha1:A", '"1"')
    assert (again.fetch_count, again.not_modified_count, again.payload_digest) == (2, 1, "sha1:A")
    assert again.via == "section" and again.archived  # discovery kept from the first time
    assert logged.published == "2026-01-01T10:00:00+01:00" and logged.item_at
    assert (total, in_site) == (1, 1)
    assert counts == {"a": {"known": 1, "archived": 1, "not_modified": 1}}
    assert not forgotten.archived and missing is None


def test_pending_requisites_are_owed_until_answered_or_given_up_on_both_backends(database):
    archive, url = database
    a, b, c = (f"http://cdn.test/{n}.jpg" for n in "abc")
    with open_url_state(archive, url) as store:
        store.record_fetch(c, status=200, site="s", payload_digest="sha1:C", via="requisite")
        store.note_pending([a, b, c], site="s", via="requisite", from_url="http://s.test/x")
        store.note_pending([a], site="s", via="requisite", from_url="http://s.test/y")
        owed = sorted(s.url for s in store.pending("s", "requisite"))
        first_from = store.get(a).from_url
        store.record_fetch(a, status=404, site="s")
        assert store.drop_pending(b) and not store.drop_pending(c)
        after = store.pending("s", "requisite")
        other_site = store.pending("t", "requisite")
    assert owed == [a, b]  # c was answered already: not owed again
    assert first_from == "http://s.test/x"
    assert after == [] and other_site == [] and store_kept(archive, url, c)


def store_kept(archive, url, page: str) -> bool:
    with open_url_state(archive, url) as store:
        return store.get(page).archived


def test_digest_index_keeps_the_first_original_and_the_latest_on_both_backends(database):
    archive, url = database
    one = DigestEntry("http://a.test/", "sha1:A", "<urn:1>", "2026-01-01", "f1.warc.gz", 0, 10)
    two = DigestEntry("http://a.test/", "sha1:A", "<urn:2>", "2026-01-02", "f2.warc.gz", 5, 10)
    new = DigestEntry("http://a.test/", "sha1:B", "<urn:3>", "2026-01-03", "f2.warc.gz", 20, 9)
    with open_digest_index(archive, url) as index:
        assert index.add(one, latest=True)
        assert not index.add(two)  # a revisit refers to the first original, never replaced
        assert index.lookup("http://a.test/", "sha1:A") == one
        assert index.add(new, latest=True)
        assert index.latest("http://a.test/") == new
        assert index.add(two, replace=True)
        assert index.lookup("http://a.test/", "sha1:A") == two
        assert len(index) == 2 and index.lookup("http://a.test/", "sha1:C") is None


def test_an_unreachable_database_is_one_line():
    with pytest.raises(
        StoreError, match=r"^URL state store at postgresql\+psycopg://u:\*\*\*@127.0.0.1:1/db: "
    ):
        check_database("postgresql://u:secret@127.0.0.1:1/db")


def _item_history() -> list[dict]:
    """Stories, an edit, an edit back, an exact copy, a near copy and an undated story."""
    from tests.archive.stores.test_item_store import article

    first = article("/politik/a-1.html", seed=1)
    words = first["body"].split(" ")
    words[150] = "Opposition"
    return [
        first,
        article("/politik/a-1.html", seed=1, fetched_at="2025-12-02T11:00:00Z"),  # unchanged
        article("/politik/a-1.html", seed=1, headline="Neu", fetched_at="2025-12-02T12:00:00Z"),
        article("/politik/a-1.html", seed=1, fetched_at="2025-12-02T13:00:00Z"),  # edited back
        article("/ausland/a-1.html", seed=1, section="Ausland"),  # the same text elsewhere
        article("/wirtschaft/near-2.html", headline="Merz - Neue Regeln!", body=" ".join(words)),
        # its related box links c-4 without a date: the export takes c-4's own
        article("/sport/b-3.html", seed=3, published=None, related="/sport/c-4.html"),
        article("/sport/c-4.html", seed=4, published="2025-11-30"),
    ]


def test_the_item_store_exports_the_same_rows_on_both_backends(tmp_path, postgres_url):
    from archive.exports.export import export

    outputs = {}
    for backend, url in (("sqlite", None), ("postgresql", postgres_url)):
        with open_item_store(tmp_path / backend, url, crawl=url is not None) as store:
            results = [store.add(item) for item in _item_history()]
            store.commit()
            got = [(r.id, r.version, r.is_new_story, r.is_new_version) for r in results]
            counts = (store.story_count(), store.version_count())
            files = []
            for dedup in ("url", "content", "near"):
                for versions in ("latest", "all"):
                    out = tmp_path / f"{backend}-{dedup}-{versions}.jsonl"
                    export(store, out, dedup=dedup, versions=versions)
                    files.append(out.read_bytes())
            for n in (1, 2):  # the second delivery of the same name is empty
                out = tmp_path / f"{backend}-since-{n}.jsonl"
                export(store, out, since_last="feed", since="2025-12-01")
                files.append(out.read_bytes())
            history = store.versions_of(results[0].id)
        outputs[backend] = (got, counts, files, history)
    assert outputs["sqlite"][1] == (5, 7)
    assert outputs["postgresql"] == outputs["sqlite"]
    assert outputs["sqlite"][2][-2] and not outputs["sqlite"][2][-1]
    assert (
        b'"related":[{"url":"https://news.demo.test/sport/c-4.html","headline":"Andere '
        b'Meldung","teaser":null,"section":"Politik","published":"2025-11-30"}]'
        in outputs["sqlite"][2][0]
    )


def test_batched_ingest_builds_the_same_store_on_both_backends(tmp_path, postgres_url):
    """``ingest_jsonl`` goes through ``add_many``: on PostgreSQL too, every add under the
    write lock, with the same rows as SQLite."""
    import orjson

    from archive.exports.export import export
    from tests.archive.stores.test_bulk_ingest import _items

    log = tmp_path / "demo-1.jsonl"
    log.write_bytes(b"".join(orjson.dumps(i) + b"\n" for i in _item_history() + _items()[:300]))
    outputs = {}
    for backend, url in (("sqlite", None), ("postgresql", postgres_url)):
        with open_item_store(tmp_path / backend, url) as store:
            counts = store.ingest_jsonl(log)
            out = tmp_path / f"{backend}.jsonl"
            export(store, out, dedup="near", versions="all")
            outputs[backend] = (counts, out.read_bytes())
    assert outputs["sqlite"][0].new_versions > 5 and outputs["sqlite"][1]
    assert outputs["postgresql"] == outputs["sqlite"]


def test_workers_opening_a_new_database_together_all_get_their_stores(postgres_url):
    """Workers start at the same moment on an empty database: each creates the tables if they
    are missing, and none may fail because another created them in between."""
    import threading

    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def open_both() -> None:
        try:
            barrier.wait()
            open_url_state("unused", postgres_url).close()
            open_digest_index("unused", postgres_url).close()
            open_item_store("unused", postgres_url, crawl=True).close()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_both) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_url_state_lists_and_dates_the_same_way_on_both_backends(database):
    """The statements both backends share (``UrlSql``): listing, dates, a URL never fetched."""
    archive, url = database
    with open_url_state(archive, url) as store:
        store.record_fetch("http://a.test/1", status=200, site="a", fetched_at=T0)
        store.record_fetch("http://b.test/1", status=404, site="b", fetched_at=T0)
        store.record_fetch("http://b.test/2", status=200, site="b", fetched_at=T1)
        assert store.set_published("http://b.test/2", "2026-01-01")
        assert not store.set_published("http://b.test/2", "not a date")
        assert not store.set_published("http://b.test/none", "2026-01-01")
        assert store.item_logged("http://b.test/2", None, at=T1)  # keeps the published date
        assert not store.forget_capture("http://b.test/none")
        listed = sorted((s.url, s.last_status, s.published) for s in store.all("b"))
        everything = sorted(s.url for s in store.all())
        counts = store.site_counts()
    assert listed == [("http://b.test/1", 404, None), ("http://b.test/2", 200, "2026-01-01")]
    assert everything == ["http://a.test/1", "http://b.test/1", "http://b.test/2"]
    assert counts == {
        "a": {"known": 1, "archived": 1, "not_modified": 0},
        "b": {"known": 2, "archived": 1, "not_modified": 0},
    }


def test_workers_recording_one_url_together_lose_no_fetch(postgres_url):
    """The row lock of PostgreSQL's ``record_fetch`` (``get_locked_pg``): eight workers
    answering for one new URL at once count eight fetches."""
    import threading

    barrier = threading.Barrier(8)
    errors: list[BaseException] = []
    page = "http://race.test/one.html"

    def fetch(store) -> None:
        try:
            barrier.wait()
            store.record_fetch(page, status=304, site="race", fetched_at=T0)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    with open_url_state("unused", postgres_url) as store:
        threads = [threading.Thread(target=fetch, args=(store,)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        row = store.get(page)
    assert errors == []
    assert (row.fetch_count, row.not_modified_count) == (8, 8)


def test_statements_written_for_sqlite_reach_psycopg_with_its_placeholders():
    from archive.stores.pg_base import driver_sql

    sql = "UPDATE t SET a = :a, b = ?, c = x::text WHERE d LIKE '10:30%' AND e = :e_2"
    assert driver_sql(sql) == (
        "UPDATE t SET a = %(a)s, b = %s, c = x::text WHERE d LIKE '10:30%%' AND e = %(e_2)s"
    )
