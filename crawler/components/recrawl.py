"""The recrawl state of a schedule's incremental job, as a Scrapy extension
(``EXTENSIONS``): every page the job fetches (:data:`page_visited`) updates its URL's
``url_state`` document (:mod:`crawler.recrawl`), in batches written in a pool thread
every ``FLUSH_INTERVAL_S``, when the spider idles, and when it closes. Jobs that are
not incremental send no visits, and this writes nothing.

A batch MongoDB does not take is logged, counted (the job's ``recrawl_state_lost``) and
dropped: the state only saves fetches, so a lost one costs the page being fetched again
in the next job, never an article.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import create_looping_call
from twisted.internet.defer import Deferred, succeed
from twisted.internet.threads import deferToThread

from crawler.components.signals import page_visited
from crawler.config import CrawlerConfig
from crawler.recrawl import RecrawlState, Visit
from crawler.services import resolve
from crawler.storage import ArticleStore

logger = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 2.0
BATCH = 200


class RecrawlRecorder:
    def __init__(self, crawler: Crawler, config: CrawlerConfig) -> None:
        self.crawler = crawler
        self.config = config
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        self.visits: list[Visit] = []
        self._state: RecrawlState | None = None
        self._store: ArticleStore | None = None
        self._writing: Deferred[Any] = succeed(None)  # writes run one after another
        self._timer: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecrawlRecorder:
        recorder = cls(crawler, CrawlerConfig.from_crawler(crawler))
        crawler.signals.connect(recorder._visited, signal=page_visited)
        crawler.signals.connect(recorder._opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder._tick, signal=signals.spider_idle)
        crawler.signals.connect(recorder._closed, signal=signals.spider_closed)
        return recorder

    def _opened(self) -> None:
        self._timer = create_looping_call(self._tick)
        self._timer.start(FLUSH_INTERVAL_S, now=False)

    def _tick(self) -> None:
        self.flush()  # a looping call's function must not return its Deferred

    def _visited(self, visit: Visit) -> None:
        self.visits.append(visit)
        if len(self.visits) >= BATCH:
            self.flush()

    def flush(self) -> Deferred[Any]:
        batch, self.visits = self.visits, []
        if batch:
            self._writing.addCallback(lambda _: deferToThread(self._write, batch))
            self._writing.addCallback(self._count)
            self._writing.addErrback(self._lost, len(batch))
        return self._writing

    def _write(self, batch: list[Visit]) -> dict[str, int]:
        if self._state is None:
            endpoints = resolve(self.config)
            self._store = ArticleStore(endpoints.mongo_uri, self.config.mongo_database)
            self._state = RecrawlState(self._store.db, self.config.recrawl_policy(),
                                       self._store.one_by_one)
        return self._state.record(batch)

    def _lost(self, failure: Any, pages: int) -> None:
        logger.warning("recrawl state of %d pages not written: %s", pages, failure.value)
        self.stats.inc_value("recrawl/not_written", pages)

    def _count(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self.stats.inc_value(f"recrawl/{key}", value)

    def _closed(self) -> Deferred[Any]:
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        done = self.flush()
        done.addBoth(lambda _: self._store.close() if self._store is not None else None)
        return done
