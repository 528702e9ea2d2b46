"""A leased request is acknowledged only once its items have left the item pipelines.

Scrapy passes a coroutine callback's items through the pipelines after the callback has
returned its list (and a generator's while it reads on): an ack sent when the callback
ended counted a page as done whose item then could not be written (a full disk), and the
run on the frontier ended without it.
"""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.http import HtmlResponse

from crawler.distributed.acks import AckAfter, LeaseAck
from crawler.distributed.scheduler import LEASE_META, LeaseScheduler


class _Scheduler:
    """What an ``LeaseAck`` needs of the scheduler: its open acks, and the ack itself."""

    def __init__(self) -> None:
        self.acks: dict[str, LeaseAck] = {}
        self.sent: list[str] = []

    def ack(self, fp: str) -> None:
        self.sent.append(fp)


def _leased(scheduler: _Scheduler, fp: str) -> tuple[LeaseAck, HtmlResponse]:
    ack = scheduler.acks[fp] = LeaseAck(scheduler, fp)  # type: ignore[arg-type]
    request = Request("http://news.test/a.html", meta={LEASE_META: fp})
    return ack, HtmlResponse(request.url, body=b"<html></html>", request=request)


def test_a_coroutine_callbacks_lease_waits_for_its_item_to_leave_the_pipelines() -> None:
    scheduler = _Scheduler()
    ack, response = _leased(scheduler, "fp1")

    async def parse(response: HtmlResponse) -> list:
        return [{"url": response.url}, Request("http://news.test/next.html")]

    out = asyncio.run(AckAfter(parse, ack)(response))
    assert len(out) == 2 and scheduler.sent == []  # the item is still to be written
    LeaseScheduler._item_done(scheduler, response=response)  # type: ignore[arg-type]
    assert scheduler.sent == ["fp1"] and scheduler.acks == {}


def test_a_generator_callbacks_lease_waits_for_every_item_and_for_its_end() -> None:
    scheduler = _Scheduler()
    ack, response = _leased(scheduler, "fp2")

    def parse(response: HtmlResponse):
        yield {"url": response.url}
        yield {"url": response.url + "#2"}

    items = AckAfter(parse, ack)(response)
    next(items)
    LeaseScheduler._item_done(scheduler, response=response)  # type: ignore[arg-type]
    assert scheduler.sent == []  # the output goes on
    assert list(items) == [{"url": response.url + "#2"}]
    assert scheduler.sent == []  # its second item is in the pipelines
    LeaseScheduler._item_done(scheduler, response=response)  # type: ignore[arg-type]
    assert scheduler.sent == ["fp2"]


def test_a_callback_without_items_is_acknowledged_when_it_ends() -> None:
    scheduler = _Scheduler()
    ack, response = _leased(scheduler, "fp3")

    async def parse(response: HtmlResponse) -> list:
        return [Request("http://news.test/b.html")]

    asyncio.run(AckAfter(parse, ack)(response))
    assert scheduler.sent == ["fp3"]
