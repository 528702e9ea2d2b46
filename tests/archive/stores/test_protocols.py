"""Both backends of every store satisfy its Protocol (``archive/stores/protocols.py``): every
method with the Protocol's parameters, and the same behaviour (here for the run log; the
other stores' behaviour on both backends is in ``test_pg_stores.py``)."""

from __future__ import annotations

import inspect
import os
from datetime import UTC, datetime

import pytest

from archive.stores import protocols
from archive.stores.shared import StoreFactory

#: Protocol -> the factory method that opens its store.
PROTOCOLS = {
    protocols.UrlStateAPI: "url_state",
    protocols.DigestIndexAPI: "digest_index",
    protocols.ItemStoreAPI: "item_store",
    protocols.RunLogAPI: "run_log",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def factory(request, tmp_path) -> StoreFactory:
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    return StoreFactory(tmp_path, url)


def _members(proto: type) -> dict[str, inspect.Signature]:
    out = {}
    for klass in proto.__mro__:
        if klass in (object,) or not getattr(klass, "_is_protocol", False):
            continue
        for name, value in vars(klass).items():
            if callable(value) and (not name.startswith("_") or name == "__len__"):
                out.setdefault(name, inspect.signature(value))
    return out


def _shape(sig: inspect.Signature) -> list[tuple[str, object, bool]]:
    """Parameter names, kinds and whether each has a default (annotations aside)."""
    return [(p.name, p.kind, p.default is not p.empty) for p in sig.parameters.values()]


@pytest.mark.parametrize("proto", list(PROTOCOLS), ids=lambda p: p.__name__)
def test_each_backend_has_every_method_of_the_protocol(factory, proto) -> None:
    with getattr(factory, PROTOCOLS[proto])() as store:
        assert isinstance(store, proto)
        for name, sig in _members(proto).items():
            method = getattr(type(store), name)
            assert _shape(inspect.signature(method)) == _shape(sig), (type(store), name)
        assert store.path


def test_the_protocol_check_refuses_a_store_lacking_a_method(factory) -> None:
    """The test above can fail: a URL state store is no digest index."""
    with factory.url_state() as store:
        assert not isinstance(store, protocols.DigestIndexAPI)


def test_the_run_log_records_runs_the_same_way_on_both_backends(factory, tmp_path) -> None:
    t0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with factory.run_log() as runs:
        first = runs.start("a", "seeds/a.toml", pid=os.getpid(), started=t0)
        frontier = runs.start("b", "seeds/b.toml")
        skipped = runs.record_skipped("a", "seeds/a.toml", "still running")
        runs.set_pid(frontier, 4242)
        runs.finish(first, exit_code=1, outcome="partial", pages=7, items=5, errors=2)
        runs.mark_killed(frontier, "gone")
        runs.mark_killed(first, "not this one: finished")
        again = runs.start("a", "seeds/a.toml", pid=os.getpid())
        unfinished = [r.id for r in runs.unfinished()]
        closed = runs.mark_unfinished(tmp_path, "scheduler died")  # no lock file: gone
        rows = runs.runs()
        no_skipped = [r.id for r in runs.runs("a", include_skipped=False)]
        last = {site: r.id for site, r in runs.last_runs().items()}
        stats = runs.stats()
    assert [first, frontier, skipped, again] == sorted({first, frontier, skipped, again})
    by_id = {r.id: r for r in rows}
    assert (by_id[first].outcome, by_id[first].pages, by_id[first].errors) == ("partial", 7, 2)
    assert by_id[first].seconds is not None and by_id[first].seconds > 0
    assert (by_id[frontier].outcome, by_id[frontier].pid) == ("killed", 4242)
    assert by_id[frontier].seconds is None and by_id[frontier].message == "gone"
    assert by_id[skipped].outcome == "skipped" and by_id[skipped].seconds == 0
    assert unfinished == [again] and closed == 1 and by_id[again].outcome == "interrupted"
    assert no_skipped == [first, again] and last == {"a": again, "b": frontier}
    assert stats == {
        "a": {"runs": 2, "partial": 1, "skipped": 1, "interrupted": 1},
        "b": {"runs": 1, "killed": 1},
    }
