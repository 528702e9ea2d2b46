"""Counts what the demo site serves: requests per path, and requests in progress per host.

Why: the distributed tests must show that every article is fetched exactly once across
workers and that no host ever sees more fetches at once than its seed allows, counted where
it matters, at the server. ``hold()`` / ``release()`` let a test park every request at the
door (for example until two workers both hold leases, or while it kills one of them).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager


class RequestCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.fetches: Counter[str] = Counter()  # path (with query) -> requests served
        self.active: Counter[str] = Counter()  # host -> requests in progress now
        self.max_active: Counter[str] = Counter()  # host -> most in progress at once
        self.first_at: float | None = None  # time.monotonic() of the first and last request
        self.last_at: float | None = None
        self._open = threading.Event()
        self._open.set()

    def hold(self) -> None:
        """Requests arriving from now on wait (counted as in progress) until ``release``."""
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def total(self) -> int:
        with self._lock:
            return sum(self.fetches.values())

    def waiting(self, host: str) -> int:
        with self._lock:
            return self.active[host]

    @contextmanager
    def track(self, host: str, path: str) -> Iterator[None]:
        with self._lock:
            self.last_at = time.monotonic()
            self.first_at = self.first_at or self.last_at
            self.fetches[path] += 1
            self.active[host] += 1
            self.max_active[host] = max(self.max_active[host], self.active[host])
        try:
            self._open.wait(120)
            yield
        finally:
            with self._lock:
                self.active[host] -= 1
