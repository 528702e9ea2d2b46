"""How long a crawl's shared stores wait for their database, on a clock the test moves.

The real outage (a PostgreSQL stopped and started under two workers) is in
``tests/crawler/distributed/test_outages.py``; these check the waiting itself: the doubling
pause, the bound, a store that opens a new connection, and that a lost store stays lost.
"""

from __future__ import annotations

import pytest

from archive.stores.base import StoreError, StoreUnreachable
from archive.stores.patience import Patience, PatientStore


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


class _Store:
    """A store whose server answers again after ``down`` failed calls."""

    path = "postgresql://db/test"

    def __init__(self, down: int) -> None:
        self.down = down
        self.calls = 0
        self.reconnects = 0

    def get(self, key: str) -> str:
        self.calls += 1
        if self.calls <= self.down:
            raise StoreUnreachable(f"store at {self.path}: connection refused")
        return key.upper()

    def broken(self) -> None:
        raise StoreError("store at postgresql://db/test: permission denied")

    def reconnect(self) -> None:
        self.reconnects += 1


def _patience(clock: _Clock, limit: float, lines: list[str], lost: list) -> Patience:
    return Patience(limit, say=lines.append, on_lost=lost.append, sleep=clock.sleep,
                    clock=lambda: clock.now)  # fmt: skip


def test_a_store_call_waits_with_a_doubling_pause_until_the_server_answers() -> None:
    clock, lines, lost = _Clock(), [], []
    store = _Store(down=6)
    patient = PatientStore(store, _patience(clock, 60, lines, lost))
    assert patient.get("a") == "A" and patient.path == store.path
    assert clock.pauses == [0.25, 0.5, 1.0, 2.0, 4.0, 5.0]
    assert store.reconnects == 6 and lost == []
    assert len(lines) == 2 and "pausing" in lines[0] and "12.8 s: resuming" in lines[1]


def test_past_the_limit_the_store_is_lost_once_and_every_later_call_fails_at_once() -> None:
    clock, lines, lost = _Clock(), [], []
    store = _Store(down=1000)
    patient = PatientStore(store, _patience(clock, 3, lines, lost))
    with pytest.raises(StoreUnreachable, match="still unreachable after 3 s"):
        patient.get("a")
    assert sum(clock.pauses) == 3 and len(lost) == 1
    calls = store.calls
    with pytest.raises(StoreUnreachable):
        patient.get("b")
    assert store.calls == calls and len(lost) == 1  # no new try, no second stop


def test_other_store_errors_are_not_waited_for() -> None:
    clock, lines, lost = _Clock(), [], []
    patient = PatientStore(_Store(down=0), _patience(clock, 60, lines, lost))
    with pytest.raises(StoreError, match="permission denied"):
        patient.broken()
    assert clock.pauses == [] and lines == []
