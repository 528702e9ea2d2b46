"""The Redis frontier's scripts on a real redis-server: leases, acks, expiry, politeness."""

from __future__ import annotations

import pytest
import redis

from crawler.distributed.frontier import Frontier, FrontierError, Run, connect

LEASE_MS = 60_000


def _started(url: str) -> Frontier:
    """A frontier with site s's run started and workers w1 and w2 registered."""
    f = Frontier(redis.Redis.from_url(url))
    run = Run("s", "name = 's'", "s.toml", None, {})
    assert f.start_run(run, LEASE_MS, 3)
    f.activate("s")
    f.tokens = {w: f.register_worker(w, ttl=30) for w in ("w1", "w2")}
    assert all(f.tokens.values())
    return f


@pytest.fixture()
def front(redis_server) -> Frontier:
    return _started(redis_server.url)


def holder(front: Frontier, worker: str) -> str:
    """How a lease names the process holding it: id@token."""
    return f"{worker}@{front.tokens[worker]}"


def push(front: Frontier, url: str, host: str = "a.test", priority: int = 0, parent: str = ""):
    return front.push("s", url, host, priority, url.encode() + b"\ndata", parent)


def lease(front: Frontier, worker: str = "w1", limit: int = 8, delay_ms: int = 0):
    return front.lease("s", holder(front, worker), limit, delay_ms, LEASE_MS, 3)


def test_a_url_is_done_when_acked_not_when_queued_or_leased(front):
    assert push(front, "u1") == 1
    assert push(front, "u1") == 0  # queued: duplicate
    fp, data = lease(front)
    assert (fp, data) == ("u1", b"u1\ndata")
    assert push(front, "u1") == 0  # leased: duplicate, not lost either
    assert front.remaining("s", LEASE_MS, 3) == (0, 1)
    assert front.ack("s", fp, holder(front, "w1"))
    assert push(front, "u1") == 0  # done in this run
    assert front.remaining("s", LEASE_MS, 3) == (0, 0)
    assert front.finish_run("s", LEASE_MS, 3) and not front.active("s")


def test_higher_priority_first_then_arrival_order(front):
    push(front, "late", priority=-1)
    push(front, "first")
    push(front, "second")
    push(front, "urgent", priority=1)
    order = [lease(front)[0] for _ in range(4)]
    assert order == ["urgent", "first", "second", "late"]


def test_a_dead_workers_leases_go_back_with_a_retry_count(front):
    push(front, "u1")
    fp, _ = lease(front, "w2")
    front.r.delete(f"{front.prefix}worker:w2")  # w2's heartbeat key expired: it was killed
    again = lease(front, "w1")
    assert again[0] == fp
    assert front.expired_urls("s") == ["u1"]
    assert int(front.r.hget(front._site("s") + "retries", fp)) == 1
    assert front.stats("s")["expired"] == 1


def test_a_key_that_expired_while_redis_was_down_is_no_death_until_the_worker_could_renew_it():
    from tests.services import RedisServer

    with RedisServer(persist=True) as server:
        front = _started(server.url)
        push(front, "u1")
        push(front, "u2")
        fp, _ = lease(front, "w2")
        front.r.delete(f"{front.prefix}worker:w2")  # expired while Redis is down (below)
        server.stop()
        server.start()  # same data: a restart, the run_id changes
        tokens, front = front.tokens, Frontier(redis.Redis.from_url(server.url))
        front.tokens = tokens
        assert lease(front, "w1")[0] == "u2"  # w2's lease stays w2's
        assert front.remaining("s", LEASE_MS, 3) == (0, 2)
        assert front.heartbeat("w2", tokens["w2"], 30)  # w2 reaches Redis again
        assert front.ack("s", fp, holder(front, "w2"))  # in time, not a late ack
        assert front.expired_urls("s") == [] and "expired" not in front.stats("s")
        # A key that holds another process's token is still a death, restart or not.
        front.r.set(f"{front.prefix}worker:w1", "another process")
        assert front.remaining("s", LEASE_MS, 3) == (1, 0)
        assert front.expired_urls("s") == ["u2"]


def test_a_request_whose_lease_expires_too_often_is_given_up_and_listed(front):
    push(front, "u1")
    for _ in range(4):
        lease(front, "w2")
        front.r.delete(f"{front.prefix}worker:w2")
        front.remaining("s", LEASE_MS, 3)  # re-queues (or gives up)
        front.tokens["w2"] = front.register_worker("w2", ttl=30)
    assert front.lost_urls("s") == ["u1"]
    assert front.remaining("s", LEASE_MS, 3) == (0, 0)


def test_a_late_ack_from_a_worker_taken_for_dead_is_counted(front):
    push(front, "u1")
    fp, _ = lease(front, "w2")
    front.r.delete(f"{front.prefix}worker:w2")
    front.remaining("s", LEASE_MS, 3)  # re-queued, nobody has it yet
    assert not front.ack("s", fp, holder(front, "w2"))
    assert front.stats("s")["late_acks"] == 1
    assert front.remaining("s", LEASE_MS, 3) == (0, 0)  # done: not fetched a third time


def test_a_worker_without_its_heartbeat_key_gets_no_lease(front):
    push(front, "u1")
    front.r.delete(f"{front.prefix}worker:w2")
    assert lease(front, "w2") == -1.0
    assert front.remaining("s", LEASE_MS, 3) == (1, 0)


def test_host_concurrency_holds_across_workers(front):
    for i in range(5):
        push(front, f"a{i}")
    push(front, "b0", host="b.test")
    holders = {}
    for worker in ("w1", "w2", "w1", "w2"):
        got = lease(front, worker, limit=2)
        if isinstance(got, tuple):
            holders[got[0]] = worker
    assert sorted(holders) == ["a0", "a1", "b0"]  # a.test: 2 at once, whoever asks
    assert front.ack("s", "a0", holder(front, holders["a0"]))
    assert lease(front, "w2", limit=2)[0] == "a2"  # a slot is free again


def test_host_delay_and_retry_after_hold_for_every_worker(front):
    push(front, "a0")
    push(front, "a1")
    assert lease(front, "w1", delay_ms=60_000)[0] == "a0"
    wait = lease(front, "w2", delay_ms=60_000)
    assert isinstance(wait, float) and 50 < wait <= 60
    push(front, "b0", host="b.test")
    front.back_off("b.test", 120)
    wait = lease(front, "w1")
    assert isinstance(wait, float) and 50 < wait <= 60  # a.test is the nearer one


def test_a_retry_requeues_its_own_lease_and_a_redirect_acks_it(front):
    push(front, "u1")
    push(front, "u2")
    fp1, _ = lease(front)
    assert push(front, "u1", parent=fp1) == 2  # Scrapy's retry of the leased request
    assert front.remaining("s", LEASE_MS, 3) == (2, 0)
    assert lease(front)[0] == "u2"
    assert push(front, "u2-moved", parent="u2") == 1  # a redirect: u2 done, its target queued
    assert push(front, "u2") == 0


def test_release_puts_a_stopping_workers_leases_back(front):
    push(front, "u1")
    push(front, "u2")
    lease(front, "w1")
    lease(front, "w2")
    assert front.release("s", holder(front, "w1")) == 1
    assert front.remaining("s", LEASE_MS, 3) == (1, 1)


def test_a_run_is_refused_while_the_previous_one_has_work(front):
    push(front, "u1")
    assert not front.start_run(Run("s", "", "s.toml", None, {}), LEASE_MS, 3)


def test_two_workers_cannot_share_an_id(front):
    assert front.register_worker("w1", ttl=30) is None


def test_a_worker_restarted_under_the_same_id_does_not_keep_the_dead_ones_leases(front):
    push(front, "u1")
    fp, _ = lease(front, "w2")
    front.r.delete(f"{front.prefix}worker:w2")  # killed; restarted at once with the same id
    front.tokens["w2"] = front.register_worker("w2", ttl=30)
    assert lease(front, "w2") == (fp, b"u1\ndata")  # the old lease came back to the queue
    assert front.stats("s")["expired"] == 1


def test_unreachable_redis_is_one_line():
    with pytest.raises(FrontierError, match="cannot reach Redis at redis://127.0.0.1:1/0"):
        connect("redis://127.0.0.1:1/0")


def test_a_retry_after_answer_pauses_the_host_for_every_worker(redis_server):
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from crawler import settings as project
    from crawler.distributed.politeness import RetryAfterMiddleware

    crawler = get_crawler(
        settings_dict={
            "REDIS_URL": redis_server.url,
            "NEWSARCHIVER_RETRY_AFTER_MAX": project.NEWSARCHIVER_RETRY_AFTER_MAX,  # 30 s
        }
    )
    mw = RetryAfterMiddleware.from_crawler(crawler)
    request = Request("http://slow.test/a.html")
    answer = HtmlResponse(request.url, status=429, headers={"Retry-After": "20"}, request=request)
    assert mw.process_response(request, answer, None) is answer
    front = mw.frontier
    until = int(front.r.get(f"{front.prefix}host:slow.test:next"))
    assert 19 <= until / 1000 - front.now() <= 20
    ok = HtmlResponse(request.url, status=200, request=request)
    mw.process_response(request, ok, None)
    assert int(front.r.get(f"{front.prefix}host:slow.test:next")) == until
