"""A worker's link to the frontier: patient while Redis is briefly away, and sure that the
Redis it finds again still holds the frontier it was crawling.

Why: a Redis restart (an upgrade, a failover, a few seconds) ended every worker with exit 6,
and a Redis restarted without persistence comes back empty, which a worker took for a run
with nothing left to do. Every Redis call a worker makes from its reactor (its poll loop,
its crawls' schedulers, Retry-After) goes through one :class:`FrontierLink`:

* a call that finds Redis unreachable is made again with a doubling pause until it works
  or ``NEWSARCHIVER_STORE_OUTAGE_LIMIT`` has passed (``archive.stores.patience``, as for the
  shared database). The call blocks the reactor meanwhile, which is the point: nothing new
  is leased, fetched or acknowledged, and the worker's leases stay its own (its heartbeat
  thread renews its key as soon as Redis answers; ``crawler.distributed.lua`` does not take
  a key that expired while Redis was down for a death). Past the limit every call raises
  :class:`FrontierUnreachable` at once and the worker ends with ``REDIS_LOST``.
* every connection the link's clients open, the first one aside, first reads the
  frontier's id (``Frontier.identity``) and refuses a Redis without the same one
  (:class:`FrontierWiped`): no command of this worker ever reaches a frontier that was
  lost, so no run is taken for finished because its queue is gone.

The clients retry nothing themselves (redis-py's own retries would reconnect to an emptied
Redis unseen): the pause, its bound and its lines are the link's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from weakref import WeakKeyDictionary

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from archive.stores.patience import Patience
from crawler.distributed.frontier import IDENTITY_KEY, Frontier, client_for, connect


class FrontierUnreachable(redis.ConnectionError):
    """Redis did not answer (refused, restarting, connection lost). ``str``: one line."""


class FrontierWiped(redis.RedisError):
    """Redis answers, but without the frontier this worker was crawling (it restarted
    without persistence, or was flushed)."""


_LINKS: WeakKeyDictionary[Any, FrontierLink] = WeakKeyDictionary()


class FrontierLink:
    """One worker's Redis clients, their patience and the frontier id they insist on."""

    def __init__(self, url: str, limit: float, say: Callable[[str], None]) -> None:
        """``limit``: seconds one outage may last; ``say``: the pause's two lines."""
        self.url = url
        self.path = f"Redis at {_shown(url)}"  # how Patience names what is reachable again
        self.identity: bytes | None = None  # the frontier's id, once ``open`` read it
        self.patience = Patience(limit, say=say, unreachable=(FrontierUnreachable,))

    def client(self) -> redis.Redis:
        """A client that retries nothing itself and, once the link knows the frontier's
        id, checks it on every connection it opens."""
        return client_for(self.url, **self._options())

    def open(self) -> PatientFrontier:
        """The worker's own frontier, on a client that answered a PING (else
        ``FrontierError``, one line); its id is the one checked from now on."""
        client = connect(self.url, **self._options())
        self.identity = Frontier(client).identity()
        return PatientFrontier(Frontier(client), self)

    def frontier(self) -> PatientFrontier:
        """Another patient frontier on a client of its own (a crawl's scheduler)."""
        return PatientFrontier(Frontier(self.client()), self)

    def _options(self) -> dict[str, Any]:
        return {"retry": Retry(NoBackoff(), 0), "redis_connect_func": self._on_connect}

    def _on_connect(self, conn: Any) -> None:
        conn.on_connect()
        if self.identity is None:
            return
        conn.send_command("GET", IDENTITY_KEY)
        found = conn.read_response()
        if found != self.identity:
            raise FrontierWiped(
                f"{self.path} came back without this worker's frontier (restarted without "
                "persistence, or flushed): the runs it held are lost"
            )


class PatientFrontier:
    """A :class:`Frontier` whose every call waits out an unreachable Redis (the link's
    patience); other attributes read through."""

    def __init__(self, frontier: Frontier, link: FrontierLink) -> None:
        self._frontier = frontier
        self._link = link

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._frontier, name)
        if not callable(value):
            return value
        link = self._link

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return value(*args, **kwargs)
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                if isinstance(exc, FrontierUnreachable):
                    raise
                raise FrontierUnreachable(f"{link.path}: {exc}") from None

        def patient(*args: Any, **kwargs: Any) -> Any:
            return link.patience.call(link, call, *args, **kwargs)

        patient.__name__ = name
        return patient


def attach(crawler: Any, link: FrontierLink) -> None:
    """``crawler`` is one of the worker's crawls: its scheduler uses ``link``."""
    _LINKS[crawler] = link


def wait_for_redis(crawler: Any) -> None:
    """scrapy-redis' scheduler PINGs Redis when it is made, with redis-py's own retries: a
    crawl of the worker that starts while Redis is away waits for it here first, as every
    other frontier call does (past the limit, or on a lost frontier: the link's error)."""
    link = _LINKS.get(crawler)
    if link is not None:
        link.frontier().now()


def crawl_frontier(crawler: Any, server: redis.Redis) -> Frontier | PatientFrontier:
    """The frontier a crawl's scheduler uses: its worker's link, or (a crawl no worker
    started, as in tests of the scheduler alone) a plain one on ``server``."""
    link = _LINKS.get(crawler)
    return link.frontier() if link is not None else Frontier(server)


def _shown(url: str) -> str:
    """``url`` for messages, its password replaced."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
