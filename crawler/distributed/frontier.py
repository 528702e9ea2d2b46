"""The shared frontier in Redis: runs, leases, acks, host politeness, worker registration.

Scrapy-free on purpose (it speaks bytes, URLs and fingerprints), so the enqueuing side
(``newsarchiver crawl --redis``) and the scheduler inside each worker use the same calls.
Every state change is one Lua script (``crawler.distributed.lua``). A run of a site is
active from ``start_run`` until its queue and pending hash are both empty.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import redis

from archive.layout import file_stamp
from crawler.distributed import lua

#: Key prefix of everything newsarchiver keeps in Redis.
PREFIX = "newsarchiver:"
#: A run's site profile and the page features it is learned from (per site, reset by a run).
PROFILE_KEYS = ("profile", "profile_pages", "profile_learned")
#: The key holding the frontier's id (``Frontier.identity``).
IDENTITY_KEY = PREFIX + "frontier"


class FrontierError(RuntimeError):
    """Redis cannot be used. ``str(err)`` is the one line shown to the user."""


@dataclass(frozen=True)
class Run:
    """What a worker needs to crawl a site on the frontier: the seed text and the options."""

    site: str
    seed_toml: str
    seed_path: str
    proxy: str | None
    overrides: dict[str, Any]
    timeout: float | None = None  # the seed's [schedule] timeout, from the run's start
    started_ms: int = 0  # Redis time the run was queued (set by start_run)

    @property
    def stamp(self) -> str:
        """The run's start in file names: every worker's item log of the run has it."""
        return file_stamp(datetime.fromtimestamp(self.started_ms / 1000, UTC))


@dataclass(frozen=True)
class RunRecord:
    """What the run log needs of a finished run (summed over every worker's share)."""

    started_ms: int
    timed_out: bool
    log_row: int | None
    totals: dict[str, int]


def client_for(url: str, **options: Any) -> redis.Redis:
    """A client for ``url`` (it connects at its first command; a bad URL: FrontierError).
    ``options``: more of ``redis.Redis``'s."""
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30, **options)
    except ValueError as exc:
        raise FrontierError(f"bad Redis URL {url!r}: {exc}") from None


def connect(url: str, **options: Any) -> redis.Redis:
    """A client for ``url`` that has answered a PING (else FrontierError, one line)."""
    client = client_for(url, **options)
    try:
        client.ping()
    except ValueError as exc:
        raise FrontierError(f"bad Redis URL {url!r}: {exc}") from None
    except redis.RedisError as exc:
        raise FrontierError(f"cannot reach Redis at {url}: {exc}") from None
    return client


def holder_gone(token: str) -> bool:
    """The process a worker token names ran on this host and is no longer alive. A token
    from another host proves nothing here (its heartbeat key has to expire)."""
    host, _, rest = token.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


class Frontier:
    def __init__(self, client: redis.Redis, prefix: str = PREFIX) -> None:
        self.r = client
        self.prefix = prefix
        self._push = client.register_script(lua.PUSH)
        self._lease = client.register_script(lua.LEASE)
        self._ack = client.register_script(lua.ACK)
        self._release = client.register_script(lua.RELEASE)
        self._remaining = client.register_script(lua.REMAINING)
        self._time_out = client.register_script(lua.TIME_OUT)
        self._join = client.register_script(lua.JOIN)
        self._leave = client.register_script(lua.LEAVE)
        self._take_over = client.register_script(lua.TAKE_OVER)
        self._grace = client.register_script(lua.GRACE)

    def _site(self, site: str) -> str:
        return f"{self.prefix}site:{site}:"

    # --- runs ------------------------------------------------------------------------------

    def start_run(self, run: Run, lease_ms: int, max_retries: int) -> bool:
        """Prepare ``run`` (push its start requests, then ``activate``); False while the
        site's previous run is still going."""
        if self.active(run.site) and self.remaining(run.site, lease_ms, max_retries) != (0, 0):
            return False
        p = self._site(run.site)
        pipe = self.r.pipeline()
        keys = ("done", "retries", "expired", "lost", "retried", "stats", "seq", "run")
        pipe.delete(*(p + k for k in (*keys, "workers", "totals", "shares", *PROFILE_KEYS)))
        pipe.hset(
            p + "run",
            mapping={
                "started_ms": int(self.now() * 1000),
                "timeout_ms": int((run.timeout or 0) * 1000),
                "seed_toml": run.seed_toml,
                "seed_path": run.seed_path,
                "proxy": run.proxy or "",
                "overrides": json.dumps(run.overrides),
                "id": uuid.uuid4().hex,
            },
        )
        pipe.execute()
        return True

    def activate(self, site: str) -> None:
        """Workers pick the site up from now on (after its start requests are queued, so no
        worker sees the run before it has anything to do and takes it for finished)."""
        self.r.sadd(self.prefix + "sites", site)

    def active(self, site: str) -> bool:
        return bool(self.r.sismember(self.prefix + "sites", site))

    def active_sites(self) -> list[str]:
        return sorted(s.decode() for s in self.r.smembers(self.prefix + "sites"))

    def run_of(self, site: str) -> Run | None:
        raw = self.r.hgetall(self._site(site) + "run")
        if not raw:
            return None
        get = {k.decode(): v.decode() for k, v in raw.items()}
        return Run(
            site=site,
            seed_toml=get["seed_toml"],
            seed_path=get["seed_path"],
            proxy=get["proxy"] or None,
            overrides=json.loads(get["overrides"]),
            timeout=int(get.get("timeout_ms") or 0) / 1000 or None,
            started_ms=int(get.get("started_ms") or 0),
        )

    def deadline_ms(self, site: str) -> int | None:
        """Redis time (ms) at which the run's [schedule] timeout passes, or None."""
        started, timeout = self.r.hmget(self._site(site) + "run", "started_ms", "timeout_ms")
        if not started or not timeout or not int(timeout):
            return None
        return int(started) + int(timeout)

    def time_out(self, site: str) -> int:
        """Stop the run at its timeout: drop what is queued or leased; returns how many."""
        return int(self._time_out(args=[self.prefix, site]))

    def join(self, site: str, holder: str) -> bool:
        """A worker's share of the run starts; True for the first (it opens the run row)."""
        return bool(self._join(args=[self.prefix, site, holder]))

    def set_log_row(self, site: str, row: int) -> None:
        self.r.hset(self._site(site) + "run", "log_row", row)

    def leave(self, site: str, holder: str, totals: dict[str, int]) -> bool:
        """A share closed: add its figures; True for the one worker that ends the run."""
        pairs = [v for name, n in totals.items() for v in (name, int(n))]
        return bool(self._leave(args=[self.prefix, site, holder, *pairs]))

    def report_share(self, site: str, holder: str, totals: dict[str, int]) -> None:
        """A share's figures so far: what the run's totals get if its worker is killed."""
        self.r.hset(self._site(site) + "shares", holder, json.dumps(totals))

    def run_record(self, site: str) -> RunRecord:
        p = self._site(site)
        started, timed_out, row = self.r.hmget(p + "run", "started_ms", "timed_out", "log_row")
        totals = {k.decode(): int(v) for k, v in self.r.hgetall(p + "totals").items()}
        return RunRecord(int(started or 0), bool(timed_out), int(row) if row else None, totals)

    def run_id(self, site: str) -> str | None:
        value = self.r.hget(self._site(site) + "run", "id")
        return value.decode() if value else None

    def remaining(self, site: str, lease_ms: int, max_retries: int) -> tuple[int, int]:
        """(queued, leased) requests of the site, after re-queueing expired leases."""
        queued, pending = self._remaining(args=[self.prefix, site, lease_ms, max_retries])
        return int(queued), int(pending)

    def finish_run(self, site: str, lease_ms: int, max_retries: int) -> bool:
        """Mark the site's run over when nothing is queued or leased; True if it is over."""
        if self.remaining(site, lease_ms, max_retries) != (0, 0):
            return False
        self.r.srem(self.prefix + "sites", site)
        return True

    def stats(self, site: str) -> dict[str, int]:
        raw = self.r.hgetall(self._site(site) + "stats")
        return {k.decode(): int(v) for k, v in raw.items()}

    def expired_urls(self, site: str) -> list[str]:
        return [u.decode() for u in self.r.lrange(self._site(site) + "expired", 0, -1)]

    def retried_urls(self, site: str) -> list[str]:
        return [u.decode() for u in self.r.lrange(self._site(site) + "retried", 0, -1)]

    def lost_urls(self, site: str) -> list[str]:
        return [u.decode() for u in self.r.lrange(self._site(site) + "lost", 0, -1)]

    # --- requests --------------------------------------------------------------------------

    def push(
        self, site: str, fp: str, host: str, priority: int, data: bytes, parent: str = ""
    ) -> int:
        """Queue a request: 1 queued, 0 duplicate (queued, leased or done), 2 retry re-queued."""
        args = [self.prefix, site, fp, host, priority, data, parent]
        return int(self._push(args=args))

    def lease(
        self, site: str, worker: str, limit: int, delay_ms: int, lease_ms: int, max_retries: int
    ) -> tuple[str, bytes] | float:
        """Lease the next request a host allows now: (fp, data), or seconds to wait."""
        args = [self.prefix, site, worker, limit, delay_ms, lease_ms, max_retries]
        fp, value = self._lease(args=args)
        if fp:
            return fp.decode(), value
        return max(0.0, int(value) / 1000) if int(value) >= 0 else -1.0

    def ack(self, site: str, fp: str, worker: str) -> bool:
        """The request is archived (or finally failed): done. False: our lease had expired."""
        return bool(self._ack(args=[self.prefix, site, fp, worker]))

    def release(self, site: str, worker: str) -> int:
        """Put back every lease ``worker`` holds on ``site`` (a clean stop)."""
        return int(self._release(args=[self.prefix, site, worker]))

    def back_off(self, host: str, seconds: float) -> None:
        """No new fetch from ``host`` by any worker for ``seconds`` (Retry-After)."""
        key = f"{self.prefix}host:{host}:next"
        until = int(self.now() * 1000 + seconds * 1000)
        current = self.r.get(key)
        if current is None or int(current) < until:
            self.r.set(key, until, px=int(seconds * 1000) + 1000)

    def now(self) -> float:
        sec, usec = self.r.time()
        return sec + usec / 1e6

    # --- the run's site profile (crawler.distributed.shared_profile) ----------------------

    def pin_profile(self, site: str, profile: bytes) -> bytes:
        """Make ``profile`` the run's unless one is already; returns the run's."""
        key = self._site(site) + "profile"
        pipe = self.r.pipeline()  # MULTI: no other worker's pin between the two
        pipe.set(key, profile, nx=True)
        pipe.get(key)
        return pipe.execute()[1]

    def add_profile_page(self, site: str, features: bytes) -> int:
        """Add one article page's profile features to the run's; how many it has now."""
        return int(self.r.rpush(self._site(site) + "profile_pages", features))

    def claim_learning(self, site: str) -> bool:
        """True for the one worker that learns the profile of the run's pages."""
        return bool(self.r.set(self._site(site) + "profile_learned", 1, nx=True))

    def take_profile_pages(self, site: str, count: int) -> list[bytes]:
        """The first ``count`` pages' features the run's workers added (then gone: about
        10 KB a page)."""
        pipe = self.r.pipeline()
        pipe.lrange(self._site(site) + "profile_pages", 0, count - 1)
        pipe.delete(self._site(site) + "profile_pages")
        return pipe.execute()[0]

    # --- workers ---------------------------------------------------------------------------

    def register_worker(self, worker: str, ttl: float) -> str | None:
        """Claim the worker id; returns a token, or None when a live worker has that id.

        An id whose holder is provably gone (it ran on this host and its pid is not alive:
        killed, crashed, or cut off from Redis and exited) is taken over at once instead of
        after its heartbeat key expires; its leases then go back to the frontier."""
        token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        key, px = f"{self.prefix}worker:{worker}", int(ttl * 1000)
        self._grace(args=[self.prefix, px])
        if self.r.set(key, token, nx=True, px=px):
            return token
        old = self.r.get(key)
        if old is not None and holder_gone(old.decode()):
            if self._take_over(keys=[key], args=[old, token, px]):
                return token
        return None

    def identity(self) -> bytes:
        """This frontier's id, set by the first caller: a Redis that comes back from a
        restart without it (no persistence) has lost the frontier."""
        key = IDENTITY_KEY.replace(PREFIX, self.prefix, 1)
        self.r.set(key, uuid.uuid4().hex, nx=True)
        return self.r.get(key) or b""

    def worker_owner(self, worker: str) -> str | None:
        value = self.r.get(f"{self.prefix}worker:{worker}")
        return value.decode() if value else None

    def heartbeat(self, worker: str, token: str, ttl: float) -> bool:
        """Renew the worker's key (claim it again if it expired); False if another process
        holds it now."""
        key = f"{self.prefix}worker:{worker}"
        if self.r.set(key, token, nx=True, px=int(ttl * 1000)):
            return True
        current = self.r.get(key)
        if current is None or current.decode() != token:
            return False
        self.r.pexpire(key, int(ttl * 1000))
        return True

    def unregister_worker(self, worker: str, token: str) -> None:
        key = f"{self.prefix}worker:{worker}"
        if self.worker_owner(worker) == token:
            self.r.delete(key)
