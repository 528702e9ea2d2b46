"""The stores of one crawl, opened once and handed to its components.

Why: the URL state, the digest index and the item store used to be opened by each component
that needed them (the incremental middleware, the capture middleware, the item-store
pipeline, the disk-full extension), each reading ``NEWSARCHIVER_DATABASE_URL`` itself and
opening its own connection. :func:`crawl_stores` now makes one :class:`CrawlStores` per
crawler from its settings (the archive folder and the database URL, read here only), opens
each store the first time a component asks and gives every later caller the same one (or
the same ``StoreError``), and closes them all when the engine has stopped, after every
component's own ``spider_closed``/``close_spider`` work.

Stores in a shared database are handed out wrapped in :class:`PatientStore`: while the
server is away a store call waits for it (``NEWSARCHIVER_STORE_OUTAGE_LIMIT``), which
pauses the whole crawl; past the limit the crawl is closed with :data:`STORE_LOST_REASON`
and every later store call fails at once with ``StoreUnreachable``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro

from archive.stores import StoreError
from archive.stores.base import StoreUnreachable
from archive.stores.patience import Patience, PatientStore
from archive.stores.shared import StoreFactory

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from archive.stores.protocols import DigestIndexAPI, ItemStoreAPI, UrlStateAPI

logger = logging.getLogger(__name__)
console = logging.getLogger("newsarchiver.stores")
T = TypeVar("T")

#: Scrapy finish reason of a crawl whose shared database stayed away past the limit.
STORE_LOST_REASON = "store_lost"

_BY_CRAWLER: WeakKeyDictionary[Any, CrawlStores] = WeakKeyDictionary()


def store_factory(settings: BaseSettings) -> StoreFactory:
    """The factory a crawl's settings name: the archive folder and, for workers sharing
    a database, ``NEWSARCHIVER_DATABASE_URL`` (the one place that setting is read)."""
    return StoreFactory(
        settings.get("NEWSARCHIVER_ARCHIVE_DIR") or "",
        settings.get("NEWSARCHIVER_DATABASE_URL") or None,
    )


class CrawlStores:
    """A crawl's stores, each opened on first use and kept until :meth:`close`."""

    def __init__(self, factory: StoreFactory, patience: Patience | None = None) -> None:
        """``patience``: how long the stores of a shared database wait for it."""
        self.factory = factory
        self.patience = patience if factory.shared else None
        self._opened: dict[str, Any] = {}
        self._failed: dict[str, StoreError] = {}

    def _get(self, name: str, opener: Callable[[], T]) -> T:
        if name in self._failed:
            raise self._failed[name]
        if name not in self._opened:
            try:
                self._opened[name] = self._open(opener)
            except StoreUnreachable:
                raise  # not remembered: the next call waits for the server again
            except StoreError as exc:
                self._failed[name] = exc
                raise
        return self._opened[name]

    def _open(self, opener: Callable[[], T]) -> T:
        if self.patience is None:
            return opener()
        return PatientStore(self.patience.call(None, opener), self.patience)  # type: ignore[return-value]

    def url_state(self) -> UrlStateAPI:
        return self._get("url_state", self.factory.url_state)

    def digest_index(self) -> DigestIndexAPI:
        return self._get("digest_index", self.factory.digest_index)

    def item_store(self) -> ItemStoreAPI:
        """Opened for a crawl: one item at a time (see ``StoreFactory.item_store``)."""
        return self._get("item_store", lambda: self.factory.item_store(crawl=True))

    def close(self) -> None:
        """Close every opened store; a store that cannot close is one warning line (its
        component already reported the write that failed)."""
        opened, self._opened = self._opened, {}
        for name, store in opened.items():
            try:
                store.close()
            except StoreError as exc:
                logger.warning("%s not closed cleanly: %s", name.replace("_", " "), exc)


def crawl_stores(crawler: Crawler) -> CrawlStores:
    """The stores of ``crawler``'s crawl (made on the first call, closed when its engine
    stops)."""
    stores = _BY_CRAWLER.get(crawler)
    if stores is None:
        patience = Patience(
            crawler.settings.getfloat("NEWSARCHIVER_STORE_OUTAGE_LIMIT"),
            say=console.warning,
            on_lost=lambda error: _stop_crawl(crawler, error),
        )
        stores = CrawlStores(store_factory(crawler.settings), patience)
        _BY_CRAWLER[crawler] = stores
        crawler.signals.connect(stores.close, signal=signals.engine_stopped)
    return stores


def _stop_crawl(crawler: Crawler, error: StoreUnreachable) -> None:
    """The shared database stayed away past the limit: close the crawl (what is in flight
    finishes or goes back to the frontier; see ``crawler.distributed.scheduler``)."""
    console.error("%s: stopping this crawl", error)
    crawler.stats.set_value("newsarchiver/store_lost", str(error))
    if crawler.engine is not None and crawler.spider is not None:
        deferred_from_coro(crawler.engine.close_spider_async(reason=STORE_LOST_REASON))
