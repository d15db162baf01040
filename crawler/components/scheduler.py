"""A Scrapy scheduler on the job's Redis frontier (``SCHEDULER``, the project default).

``open`` creates the job's frontier from the spider's start URLs, or joins the job
``CRAWL_JOB_ID`` when there are none. Requests the spider yields go to the frontier
(new ones only); ``next_request`` takes a request of a site whose budget allows a
fetch now, under a lease that rides in ``request.meta[LEASE]``.

The scheduler holds those leases: it renews them while the process lives, settles
them when the spider or the pipeline sends ``requests_done`` (links queued first,
then the lease let go), hands unfinished ones back when the spider closes, and
returns expired leases of any process to the queue. A request derived from a leased
one (a redirect, a retry) is queued first and the old lease settled after, so a crash
in between fetches the page twice rather than never.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import redis
from scrapy import Request, Spider, signals
from scrapy.core.scheduler import BaseScheduler
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.request import fingerprint

from crawler.components.guard import follow_job_policy
from crawler.components.signals import LEASE, requests_done, send_crawl_error
from crawler.config import ConfigError, CrawlerConfig
from crawler.frontier import Entry, Frontier, Lease, connect
from crawler.frontier.requests import request_from_blob, request_to_blob
from crawler.jobs import create_frontier, join_frontier
from crawler.services import check_redis, resolve

logger = logging.getLogger(__name__)

# Requests buffered before one push to Redis (a page's links usually go in one call).
_PUSH_BATCH = 200
# How stale "is anything queued?" may be; Scrapy asks on every loop of its engine.
_PENDING_CACHE_S = 0.1
# Longest sleep when no site is ready; new requests from other processes show up by then.
_MAX_WAIT_S = 0.25
# Lease upkeep: how often expired leases (of any process) are looked for.
_REAP_INTERVAL_S = 1.0
_UPKEEP_INTERVAL_S = 0.25


class FrontierScheduler(BaseScheduler):
    def __init__(self, crawler: Crawler, config: CrawlerConfig, client: redis.Redis,
                 redis_url: str) -> None:
        self.crawler = crawler
        self.config = config
        self.client = client
        self.redis_url = redis_url
        self.frontier: Frontier | None = None
        self.spider: Spider | None = None
        self.held: set[str] = set()
        self._buffer: list[Entry] = []
        self._wait_until = 0.0
        self._pending = (0.0, False)
        self._wake: Any = None
        self._wake_at = 0.0  # when (monotonic) self._wake is due
        self._upkeep: Any = None
        self._last = {"reap": 0.0, "renew": time.monotonic()}
        self.refused = False  # the job could not start

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        config = CrawlerConfig.from_crawler(crawler)
        redis_url = resolve(config).redis_url
        scheduler = cls(crawler, config, connect(redis_url), redis_url)
        crawler.signals.connect(scheduler._requests_done, signal=requests_done)
        crawler.signals.connect(scheduler._left_downloader,
                                signal=signals.request_left_downloader)
        crawler.signals.connect(scheduler._opened, signal=signals.spider_opened)
        return scheduler

    # -- the job ----------------------------------------------------------------------------

    def open(self, spider: Spider) -> None:
        """Create the job from the spider's start URLs, or join it; a job that cannot
        start (a bad start URL, no such job, Redis away) closes the spider at once."""
        self.spider = spider
        job_id = self.config.crawl_job_id
        try:
            if job_id is None:
                raise ConfigError("CRAWL_JOB_ID is not set (the news spider sets it)")
            if self.config.redis_url:
                check_redis(self.redis_url)  # fail fast: the client itself retries minutes
            seeds = [self.config.check_start_url(u) for u in getattr(spider, "start_urls", [])]
            self.frontier = (create_frontier(self.client, job_id, self.config, seeds) if seeds
                             else join_frontier(self.client, job_id, self.redis_url))
            follow_job_policy(self.frontier.settings.address_policy())
        except ConfigError as exc:
            # Raising it would end in Scrapy's traceback; say it in one line, and close
            # the spider once it is open (CloseSpider from here leaves Scrapy's scraper
            # half-open, which logs a traceback of its own).
            logger.error("%s", exc)
            self.refused = True
            return
        self._upkeep = create_looping_call(self._keep_leases)
        self._upkeep.start(_UPKEEP_INTERVAL_S, now=False)

    def _opened(self, spider: Spider) -> None:
        if self.refused:
            raise CloseSpider("config_error")

    def close(self, reason: str) -> None:
        if self._upkeep is not None and self._upkeep.running:
            self._upkeep.stop()
        if self.frontier is None:
            return
        self.flush()
        handed_back = self.hand_back()
        if handed_back:
            logger.info("handed %d unfinished leases back to the frontier", handed_back)

    def _inc(self, key: str, count: int = 1) -> None:
        if count and self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)

    def _frontier(self) -> Frontier:
        if self.frontier is None:
            raise RuntimeError("the scheduler is not open")
        return self.frontier

    # -- leases ---------------------------------------------------------------------------

    def settle(self, leases: list[str | None]) -> None:
        """These requests are fully handled: queue what they led to, then let them go."""
        ids = [lease for lease in leases if lease is not None]
        self.flush()
        if ids:
            self._frontier().ack(ids)
            self.held.difference_update(ids)

    def _requests_done(self, leases: list[str | None]) -> None:
        self.settle(leases)

    def _left_downloader(self, request: Request, spider: Spider) -> None:
        lease = request.meta.get(LEASE)
        if lease is not None and self.frontier is not None:
            self.frontier.fetched(lease)  # its site slot is free; the lease is still held

    def hand_back(self) -> int:
        """Requeue what this process took but did not finish (it is stopping)."""
        ids, self.held = list(self.held), set()
        return self._frontier().requeue(ids) if ids else 0

    def _keep_leases(self) -> None:
        try:
            self._keep_leases_once()
        except Exception as exc:  # noqa: BLE001 - one failed round (Redis away) must not end them
            logger.warning("frontier upkeep failed, trying again: %s", exc)

    def _keep_leases_once(self) -> None:
        """Renew this process's leases; return expired ones of any process to the queue."""
        frontier = self._frontier()
        now = time.monotonic()
        if now - self._last["renew"] >= frontier.settings.lease_s / 3:
            self._last["renew"] = now
            frontier.renew(self.held)
        if now - self._last["reap"] >= _REAP_INTERVAL_S:
            self._last["reap"] = now
            requeued, dropped = frontier.reap()
            if requeued:
                logger.info("%d expired leases returned to the frontier", requeued)
            for blob in frontier.pop_dropped() if dropped else ():
                send_crawl_error(
                    self.crawler, _blob_url(blob), "frontier",
                    f"given up after {frontier.settings.max_attempts} expired leases (the "
                    "fetching process died or hung each time)")

    # -- in -----------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        old_lease = request.meta.pop(LEASE, None)
        self._buffer.append(Entry(
            blob=request_to_blob(request, self.spider), fingerprint=fingerprint(request),
            url=request.url, priority=request.priority, dont_filter=request.dont_filter,
        ))
        if old_lease is not None:
            self.settle([old_lease])  # flushes the buffer first
        elif len(self._buffer) >= _PUSH_BATCH:
            self.flush()
        return True

    def flush(self) -> None:
        if not self._buffer:
            return
        batch, self._buffer = self._buffer, []
        added = self._frontier().push(batch)
        self._inc("frontier/pushed", added)
        self._inc("frontier/duplicates", len(batch) - added)
        self._pending = (0.0, False)
        if added:
            self._wait_until = 0.0  # an empty queue just got work: ask it again now

    # -- out ----------------------------------------------------------------------------

    def has_pending_requests(self) -> bool:
        if self.frontier is None:
            return False
        self.flush()
        checked_at, pending = self._pending
        now = time.monotonic()
        if now - checked_at > _PENDING_CACHE_S:
            pending = self.frontier.queued() > 0
            self._pending = (now, pending)
        return pending

    def next_request(self) -> Request | None:
        if self.frontier is None:
            return None
        self.flush()
        while time.monotonic() >= self._wait_until:
            taken = self.frontier.take()
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
        self.held.add(lease.id)
        try:
            request = request_from_blob(lease.blob, self.spider)  # type: ignore[arg-type]
        except (ValueError, KeyError, TypeError) as exc:
            logger.error("dropped an unreadable frontier request (%s): %.200s", exc, lease.blob)
            self.settle([lease.id])
            return None
        request.meta[LEASE] = lease.id
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
        self._wake = clock.callLater(max(0.0, when - time.monotonic()), self._wake_engine)

    def _wake_engine(self) -> None:
        # Scrapy has no public call for "ask the scheduler again now"; its engine's
        # next-call is what a finished download triggers.
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()


def job_frontier(crawler: Crawler) -> Frontier | None:
    """The job's frontier, once the crawler's FrontierScheduler has opened it; None when
    the job did not start (the scheduler logged why) or another scheduler is in use."""
    scheduler = crawler.engine.scheduler if crawler.engine is not None else None
    return scheduler.frontier if isinstance(scheduler, FrontierScheduler) else None


def require_job_frontier(crawler: Crawler, who: str) -> Frontier:
    """:func:`job_frontier`, for a component (``who``) that cannot work without it."""
    frontier = job_frontier(crawler)
    if frontier is None:
        raise RuntimeError(f"{who} needs the open FrontierScheduler (SCHEDULER)")
    return frontier


def _blob_url(blob: str) -> str:
    try:
        return str(json.loads(blob)["url"])
    except (ValueError, KeyError, TypeError):
        return blob[:200]
