"""Waiting out a shared database that is briefly away, up to a bound.

Why: workers share one PostgreSQL server for the URL state, the digest index and the item
store. A restart of that server (an upgrade, a failover, a few seconds) used to fail every
store call made meanwhile: articles were given up with ``StoreError``, items were logged
but not recorded, and the next run fetched and logged them again. A crawl's shared stores
are therefore wrapped in :class:`PatientStore`: a call that finds the server unreachable
(:class:`StoreUnreachable`) is made again, with a doubling pause, until it works or the
crawl's :class:`Patience` runs out. The call blocks its caller meanwhile, which is the
point: a worker's crawl runs in one thread, so nothing new is leased, fetched or
acknowledged while it waits, and the requests it holds stay leased to it (its heartbeat
runs in a thread of its own). Past the bound the store is *lost*: that call and every later
one raise at once, and the crawl's owner stops it (``on_lost``).

One :class:`Patience` serves all the stores of a crawl, so the bound counts from the first
failed call, whichever store made it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from archive.stores.base import StoreUnreachable

__all__ = ["Patience", "PatientStore"]


class Patience:
    """How long a crawl waits for its shared stores, and what it says meanwhile.

    ``limit``: seconds of one outage before the stores count as lost; ``say(message)``:
    one line when an outage starts and when it ends; ``on_lost(error)``: called once, when
    the limit has passed; ``unreachable``: the errors that mean "away, try again" (a
    store's ``StoreUnreachable``; the Redis frontier has its own, ``crawler.distributed.patient``).
    """

    def __init__(
        self,
        limit: float,
        *,
        say: Callable[[str], None] = lambda message: None,
        on_lost: Callable[[Exception], None] = lambda error: None,
        first_pause: float = 0.25,
        longest_pause: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        unreachable: tuple[type[Exception], ...] = (StoreUnreachable,),
    ) -> None:
        self.limit = limit
        self.unreachable = unreachable  # what a call raises while its server is away
        self.say, self.on_lost = say, on_lost
        self.first_pause, self.longest_pause = first_pause, longest_pause
        self.sleep, self.clock = sleep, clock
        self.lost: Exception | None = None
        self.outages = 0  # outages waited out (or not)
        self.waited = 0.0  # seconds spent waiting, all outages together

    def call(self, store: Any, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)``, made again while ``store``'s server is unreachable."""
        if self.lost is not None:
            raise self.lost
        began: float | None = None
        pause = self.first_pause
        while True:
            try:
                result = fn(*args, **kwargs)
            except self.unreachable as exc:
                now = self.clock()
                if began is None:
                    began = now
                    self.outages += 1
                    self.say(f"{exc}: pausing, waiting up to {self.limit:g} s for it")
                if now - began >= self.limit:
                    self.waited += now - began
                    return self._give_up(exc, now - began)
                self.sleep(max(0.0, min(pause, began + self.limit - now)))
                pause = min(pause * 2, self.longest_pause)
                _reconnect(store)
                continue
            if began is not None:
                took = self.clock() - began
                self.waited += took
                where = getattr(store, "path", None) or "the database"
                self.say(f"{where} reachable again after {took:.1f} s: resuming")
            return result

    def _give_up(self, exc: Exception, waited: float) -> Any:
        self.lost = type(exc)(f"{exc} (still unreachable after {waited:.0f} s)")
        self.on_lost(self.lost)
        raise self.lost


def _reconnect(store: Any) -> None:
    """Let a store holding its own connection open a new one (still away: next round)."""
    reconnect = getattr(store, "reconnect", None)
    if reconnect is None:
        return
    try:
        reconnect()
    except StoreUnreachable:
        pass


class PatientStore:
    """``store`` with every method call made through ``patience``; other attributes (its
    ``path``, ``KIND``) read through."""

    def __init__(self, store: Any, patience: Patience) -> None:
        self._store = store
        self._patience = patience

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._store, name)
        if not callable(value):
            return value

        def patient(*args: Any, **kwargs: Any) -> Any:
            return self._patience.call(self._store, value, *args, **kwargs)

        patient.__name__ = name
        return patient

    @property
    def wrapped(self) -> Any:
        """The store itself."""
        return self._store

    def close(self) -> None:
        """Closed without waiting (a crawl ends; with one transaction per write nothing is
        left to commit)."""
        self._store.close()

    def __enter__(self) -> PatientStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self._patience.call(self._store, self._store.__len__)
