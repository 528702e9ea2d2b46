"""Time the SQLite stores' hot paths: an item add (crawl settings, commit every 100), a URL
state fetch record and lookup, a digest index add and lookup.

Why: the item store, the URL state and the digest index are written once per response or
item during a crawl; a refactor of the stores must not make those calls dearer. Prints
microseconds per call (best of ``--repeat`` rounds, each on a fresh archive), in wall-clock
time or, with ``--cpu``, in the process's CPU time (steadier on a loaded machine).

    .venv/bin/python -m bench.stores [--items 2000] [--repeat 3] [--cpu]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive.stores.shared import open_digest_index, open_item_store, open_url_state
from archive.warc.digests import DigestEntry


def _items(n: int) -> list[dict]:
    from tests.archive.stores.test_item_store import article

    out = []
    for i in range(n):
        # Every third item is a refetch of an earlier story with the same content.
        seed = i if i % 3 else max(0, i - 3)
        out.append(article(f"/politik/a-{seed}.html", seed=seed, fetched_at="2025-12-02T11:00:00Z"))
    return out


#: The clock: time.perf_counter, or time.process_time with --cpu.
CLOCK = time.perf_counter


def _round(n: int, items: list[dict]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp)
        out: dict[str, float] = {}
        with open_item_store(archive, crawl=True) as store:
            t = CLOCK()
            for i, item in enumerate(items):
                store.add(item)
                if i % 100 == 99:
                    store.commit()
            store.commit()
            out["item add"] = CLOCK() - t
        t0 = datetime(2026, 1, 1, tzinfo=UTC)
        with open_url_state(archive) as urls:
            t = CLOCK()
            for i in range(n):
                urls.record_fetch(
                    f"http://a.test/{i % (n // 2)}", status=200, site="a",
                    fetched_at=t0 + timedelta(seconds=i), etag=f'"{i}"', payload_digest=f"sha1:{i}",
                )  # fmt: skip
            out["url record_fetch"] = CLOCK() - t
            t = CLOCK()
            for i in range(n):
                urls.get(f"http://a.test/{i % (n // 2)}")
            out["url get"] = CLOCK() - t
        with open_digest_index(archive) as digests:
            entries = [
                DigestEntry(f"http://a.test/{i}", f"sha1:{i}", f"<urn:{i}>", "2026", "f", i, 9)
                for i in range(n)
            ]
            t = CLOCK()
            for e in entries:
                digests.add(e, latest=True)
            out["digest add"] = CLOCK() - t
            t = CLOCK()
            for e in entries:
                digests.lookup(e.url, e.digest)
            out["digest lookup"] = CLOCK() - t
    return {k: v / n * 1e6 for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="CPU time, not wall-clock time")
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.cpu else time.perf_counter
    items = _items(args.items)
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for key, value in _round(args.items, items).items():
            best[key] = min(value, best.get(key, value))
    for key, value in best.items():
        print(f"{key:18} {value:8.1f} us/call")


if __name__ == "__main__":
    main()
