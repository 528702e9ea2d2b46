"""When a leased request counts as done: the wrappers of its callback and errback.

Why apart from the scheduler: the ack is the frontier's promise of "nothing lost" (a lease
acknowledged is never fetched again), and when it may be sent is its own question: after the
callback's output has ended *and* every item of it has left the item pipelines, never for a
request that failed because the shared database stayed away (``StoreUnreachable``). The
scheduler (:mod:`crawler.distributed.scheduler`) wraps each leased request with these and
sends the ack they ask for.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from scrapy import Request
from twisted.python.failure import Failure

from archive.stores.base import StoreUnreachable


class AckAfter:
    """Calls a request's callback (or errback), then acknowledges its lease.

    The ack follows the last object of the callback's output and the end of every item of it
    in the item pipelines (Scrapy passes a callback's items through them after a coroutine
    callback has returned its list, and up to ``CONCURRENT_ITEMS`` at once while it reads a
    generator's output on), so the items are written and the follow-up requests queued
    before the request counts as done; a worker killed earlier leaves the lease to expire,
    and the request is fetched again.
    """

    def __init__(self, fn: Callable[..., Any] | None, ack: LeaseAck) -> None:
        self.original = fn
        self.ack = ack

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if args and isinstance(args[0], Failure) and args[0].check(StoreUnreachable):
            # The shared database stayed away past the limit before this request's item
            # was logged: no ack, so the lease goes back to the frontier when the crawl
            # closes and the request is fetched again (not a failed fetch).
            return None
        if self.original is None:  # no errback: ack, and let Scrapy log the failure
            self.ack()
            return args[0]
        try:
            out = self.original(*args, **kwargs)
        except Exception:
            self.ack()
            raise
        if out is None:
            self.ack()
            return None
        if hasattr(out, "__aiter__"):
            return self._aiter(out)
        if inspect.isawaitable(out):
            return self._await(out)
        return self._iter(out)

    def _iter(self, out: Any) -> Iterator[Any]:
        try:
            for obj in out:
                self.ack.output(obj)
                yield obj
        except GeneratorExit:
            raise
        except Exception:
            self.ack()
            raise
        self.ack()

    async def _aiter(self, out: Any) -> AsyncIterator[Any]:
        try:
            async for obj in out:
                self.ack.output(obj)
                yield obj
        except GeneratorExit:
            raise
        except Exception:
            self.ack()
            raise
        self.ack()

    async def _await(self, out: Any) -> Any:
        try:
            result = await out
        except BaseException:
            self.ack()
            raise
        for obj in result if isinstance(result, (list, tuple)) else (result,):
            self.ack.output(obj)
        self.ack()
        return result


class LeaseAck:
    """Acknowledges one lease, once: when its callback's output has ended (a call) and each
    item of it has left the item pipelines (the scheduler's ``_item_done``)."""

    def __init__(self, scheduler: Any, fp: str) -> None:
        self.scheduler = scheduler
        self.fp = fp
        self.sent = False
        self.ended = False
        self.items = 0  # in the item pipelines now

    def output(self, obj: Any) -> None:
        if obj is not None and not isinstance(obj, Request):
            self.items += 1

    def item_done(self) -> None:
        self.items -= 1
        if self.ended and self.items <= 0:
            self._send()

    def __call__(self) -> None:
        self.ended = True
        if self.items <= 0:
            self._send()

    def _send(self) -> None:
        if not self.sent:
            self.sent = True
            self.scheduler.acks.pop(self.fp, None)
            self.scheduler.ack(self.fp)
