"""Item pipeline: buffered, idempotent bulk upserts of articles into MongoDB.

Batches are written in Twisted's thread pool, so the reactor keeps fetching and
parsing while MongoDB works. Once a batch is written (or spilled) the pipeline sends
``requests_done`` with the frontier leases of its pages, which the scheduler settles.
A batch MongoDB does not take is spilled (:mod:`crawler.spill`); spills are replayed
when the spider opens, after the next batch MongoDB takes, and every few seconds while
any wait. A batch that cannot be spilled either keeps its leases: its pages are fetched
again once the leases expire.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredList
from twisted.internet.threads import deferToThread

from crawler.components.signals import LEASE, send_requests_done
from crawler.config import CrawlerConfig
from crawler.frontier import JobChannel, connect
from crawler.services import resolve
from crawler.spill import Spill, replay_counted
from crawler.storage import ArticleStore
from crawler.telemetry import MONGO_WRITE_SECONDS

logger = logging.getLogger(__name__)

# A slow crawl must not hold its leases for long: a part-filled batch is written after this.
FLUSH_INTERVAL_S = 2.0
# While spills wait, a replay is tried at most this often.
REPLAY_EVERY_S = 5.0


class MongoPipeline:
    """Writes articles in batches of ``MONGO_BATCH_SIZE``; a batch that cannot be written
    is spilled to ``CRAWLER_DATA_DIR/spill/`` and replayed later, so nothing is lost."""

    def __init__(self, crawler: Crawler, store: ArticleStore, job_id: str, batch_size: int,
                 spill: Spill, channel: JobChannel) -> None:
        self.crawler = crawler
        self.store = store
        self.job_id = job_id
        self.batch_size = batch_size
        self.spill = spill
        self.channel = channel
        self._last_replay = 0.0
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        self.buffer: list[dict[str, Any]] = []
        self.leases: list[str | None] = []
        self._writing: set[Deferred[Any]] = set()
        self._timer: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MongoPipeline:
        config = CrawlerConfig.from_crawler(crawler)
        endpoints = resolve(config)
        store = ArticleStore(endpoints.mongo_uri, config.mongo_database)
        job_id = config.crawl_job_id or ""
        pipeline = cls(crawler, store, job_id, config.mongo_batch_size,
                       Spill.at(config.crawler_data_dir / "spill"),
                       JobChannel(connect(endpoints.redis_url), job_id))
        # Flushed when the spider goes idle too: the job is not done while it holds leases.
        crawler.signals.connect(pipeline._idle, signal=signals.spider_idle)
        return pipeline

    def open_spider(self) -> None:
        self._timer = create_looping_call(self.flush)
        self._timer.start(FLUSH_INTERVAL_S, now=False)
        self._replay_soon()  # what an earlier run left on this disk

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self.leases.append(item.pop(LEASE, None))
        self.buffer.append(item)
        self.stats.inc_value("mongo/items")
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    async def close_spider(self) -> None:
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        self.flush()
        if self._writing:
            await maybe_deferred_to_future(DeferredList(list(self._writing)))
        if self.spill.waiting():  # a last chance before the summary counts what waits
            try:
                n = await maybe_deferred_to_future(deferToThread(self._replay))
                self.stats.inc_value("mongo/replayed", n)
            except Exception as exc:  # noqa: BLE001 - they wait for the next start
                logger.warning("replay at close failed: %s", exc)

    def _idle(self, spider: Spider) -> None:
        self.flush()

    def flush(self) -> None:
        """Start writing the buffer; its leases are settled when the write is done."""
        batch, self.buffer = self.buffer, []
        leases, self.leases = self.leases, []
        if not batch:
            self._replay_soon()
            return
        write: Deferred[Any] = deferToThread(self._write, batch)
        self._writing.add(write)
        write.addCallback(self._written, leases)
        write.addErrback(lambda f: logger.error("settling a written batch failed: %s", f.value))
        write.addBoth(lambda _: self._writing.discard(write))

    def _write(self, batch: list[dict[str, Any]]) -> dict[str, int]:
        """In a pool thread: upsert the batch (then replay what waits), or spill it."""
        try:
            with MONGO_WRITE_SECONDS.labels("spider").time():
                counts = self.store.upsert_articles(batch, self.job_id)
        except Exception as exc:  # noqa: BLE001 - spill rather than lose the batch
            logger.error("MongoDB did not take %d articles: %s", len(batch), exc)
            # SpillError goes on up: the batch is not written, its leases stay unsettled.
            self.channel.count_spill("spilled", self.spill.add("articles", self.job_id, batch))
            return {"spilled": len(batch)}
        if self.spill.waiting():
            counts["replayed"] = self._replay()
        return counts

    def _replay_soon(self) -> None:
        """Start a replay in a pool thread if spills wait and none was tried lately."""
        now = time.monotonic()
        if now - self._last_replay < REPLAY_EVERY_S or not self.spill.waiting():
            return
        self._last_replay = now
        replay: Deferred[Any] = deferToThread(self._replay)
        self._writing.add(replay)
        replay.addCallback(lambda n: self.stats.inc_value("mongo/replayed", n))
        replay.addErrback(lambda f: logger.warning("replay failed: %s", f.value))
        replay.addBoth(lambda _: self._writing.discard(replay))

    def _replay(self) -> int:
        """In a pool thread: write what waits on disk, counted for each job it belongs to."""
        self._last_replay = time.monotonic()
        return replay_counted(self.spill, self.store, self.channel.client).total

    def _written(self, counts: dict[str, int], leases: list[str | None]) -> None:
        for key, value in counts.items():
            self.stats.inc_value(f"mongo/{key}", value)
        send_requests_done(self.crawler, leases)
