"""A Scrapy scheduler on the Redis frontier (``SCHEDULER = "crawler.frontier.scheduler.
FrontierScheduler"``, the project default).

Requests a spider yields go to the job's frontier (new ones only); ``next_request``
takes a leased request of a site whose budget allows a fetch now. The lease id rides
in ``request.meta["frontier_lease"]`` and is acknowledged by the crawl runtime once
the response is handled and its items are stored. A request derived from a leased
one (a redirect, a retry) is queued first and the old lease acknowledged after, so
a crash in between fetches the page twice rather than never.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider
from scrapy.core.scheduler import BaseScheduler
from scrapy.crawler import Crawler
from scrapy.utils.request import fingerprint

from crawler.frontier.core import Entry, Lease
from crawler.frontier.requests import LEASE_META, request_from_blob, request_to_blob
from crawler.middlewares import RENDER_DIRECT

if TYPE_CHECKING:
    from crawler.runtime import CrawlRuntime

logger = logging.getLogger(__name__)

# Requests buffered before one push to Redis (a page's links usually go in one call).
_PUSH_BATCH = 200
# How stale "is anything queued?" may be; Scrapy asks on every loop of its engine.
_PENDING_CACHE_S = 0.1
# Longest sleep when no site is ready; new requests from other processes show up by then.
_MAX_WAIT_S = 0.25


class FrontierScheduler(BaseScheduler):
    def __init__(self, runtime: CrawlRuntime, crawler: Crawler) -> None:
        self.runtime = runtime
        self.crawler = crawler
        self.spider: Spider | None = None
        self._buffer: list[Entry] = []
        self._wait_until = 0.0
        self._pending = (0.0, False)
        self._wake: Any = None
        self._wake_at = 0.0  # when (monotonic) self._wake is due

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        from crawler.runtime import CrawlRuntime

        return cls(CrawlRuntime.of(crawler), crawler)

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.runtime.scheduler = self

    def close(self, reason: str) -> None:
        self.flush()
        handed_back = self.runtime.hand_back_leases()
        if handed_back:
            logger.info("handed %d unfinished leases back to the frontier", handed_back)

    def _inc(self, key: str, count: int = 1) -> None:
        if count and self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)

    # -- in -----------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        old_lease = request.meta.pop(LEASE_META, None)
        self._buffer.append(Entry(
            blob=request_to_blob(request, self.spider), fingerprint=fingerprint(request),
            url=request.url, priority=request.priority, dont_filter=request.dont_filter,
        ))
        if old_lease is not None:
            self.runtime.settle(old_lease)  # flushes the buffer first
        elif len(self._buffer) >= _PUSH_BATCH:
            self.flush()
        return True

    def flush(self) -> None:
        if not self._buffer:
            return
        batch, self._buffer = self._buffer, []
        added = self.runtime.frontier.push(batch)
        self._inc("frontier/pushed", added)
        self._inc("frontier/duplicates", len(batch) - added)
        self._pending = (0.0, False)
        if added:
            self._wait_until = 0.0  # an empty queue just got work: ask it again now

    # -- out ----------------------------------------------------------------------------

    def has_pending_requests(self) -> bool:
        if self.runtime.start_error is not None:
            return False
        self.flush()
        checked_at, pending = self._pending
        now = time.monotonic()
        if now - checked_at > _PENDING_CACHE_S:
            pending = self.runtime.frontier.queued() > 0
            self._pending = (now, pending)
        return pending

    def next_request(self) -> Request | None:
        if self.runtime.start_error is not None:
            return None
        self.flush()
        while time.monotonic() >= self._wait_until:
            taken = self.runtime.frontier.take()
            if isinstance(taken, Lease):
                request = self._revive(taken)
                if request is not None:
                    return request
                continue
            wait_s = _MAX_WAIT_S if taken < 0 else min(taken / 1000, _MAX_WAIT_S)
            self._inc("frontier/empty" if taken < 0 else "frontier/budget_waits")
            self._wait_until = time.monotonic() + wait_s
        # Whatever the engine was woken by, something must wake it when the wait is over.
        self._wake_engine_at(self._wait_until)
        return None

    def _revive(self, lease: Lease) -> Request | None:
        self.runtime.hold(lease.id)
        try:
            request = request_from_blob(lease.blob, self.spider)  # type: ignore[arg-type]
        except (ValueError, KeyError, TypeError) as exc:
            logger.error("dropped an unreadable frontier request (%s): %.200s", exc, lease.blob)
            self.runtime.settle(lease.id)
            return None
        request.meta[LEASE_META] = lease.id
        learner = self.runtime.learner
        if learner is not None and request.callback is not None and learner.render_directly(
                request.url):
            request.meta[RENDER_DIRECT] = True  # its URL pattern needs a browser
        self._inc("frontier/taken")
        return request

    def _wake_engine_at(self, when: float) -> None:
        """Have the engine ask again at ``when`` (monotonic) when a site's budget allows;
        by itself it asks only after a response or every 5 s. A wake due later than
        ``when`` is brought forward; one due earlier stays (that call sets the next)."""
        if self._wake is not None and self._wake.active():
            if self._wake_at <= when:
                return
            self._wake.cancel()
        from twisted.internet import reactor

        clock: Any = reactor
        self._wake_at = when
        self._wake = clock.callLater(max(0.0, when - time.monotonic()), self.runtime.wake_engine)
