"""Item pipeline: buffered, idempotent bulk upserts of articles into MongoDB.

Batches are written in Twisted's thread pool, so the reactor keeps fetching and
parsing while MongoDB works. Once a batch is written (or spilled) the pipeline sends
``requests_done`` with the frontier leases of its pages, which the scheduler settles.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
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
from crawler.services import resolve
from crawler.storage import ArticleStore

logger = logging.getLogger(__name__)

# A slow crawl must not hold its leases for long: a part-filled batch is written after this.
FLUSH_INTERVAL_S = 2.0


class MongoPipeline:
    """Writes articles in batches of ``MONGO_BATCH_SIZE``; a batch that cannot be written
    after retries is spilled to ``CRAWLER_DATA_DIR/spill/<job>.jsonl`` so nothing is lost."""

    def __init__(self, crawler: Crawler, store: ArticleStore, job_id: str, batch_size: int,
                 spill_dir: Path) -> None:
        self.crawler = crawler
        self.store = store
        self.job_id = job_id
        self.batch_size = batch_size
        self.spill_dir = spill_dir
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        self.buffer: list[dict[str, Any]] = []
        self.leases: list[str | None] = []
        self._writing: set[Deferred[Any]] = set()
        self._timer: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MongoPipeline:
        config = CrawlerConfig.from_crawler(crawler)
        store = ArticleStore(resolve(config).mongo_uri, config.mongo_database)
        pipeline = cls(crawler, store, config.crawl_job_id or "", config.mongo_batch_size,
                       config.crawler_data_dir / "spill")
        # Flushed when the spider goes idle too: the job is not done while it holds leases.
        crawler.signals.connect(pipeline._idle, signal=signals.spider_idle)
        return pipeline

    def open_spider(self) -> None:
        self._timer = create_looping_call(self.flush)
        self._timer.start(FLUSH_INTERVAL_S, now=False)

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

    def _idle(self, spider: Spider) -> None:
        self.flush()

    def flush(self) -> None:
        """Start writing the buffer; its leases are settled when the write is done."""
        batch, self.buffer = self.buffer, []
        leases, self.leases = self.leases, []
        if not batch:
            return
        write: Deferred[Any] = deferToThread(self._write, batch)
        self._writing.add(write)
        write.addCallback(self._written, leases)
        write.addErrback(lambda f: logger.error("settling a written batch failed: %s", f.value))
        write.addBoth(lambda _: self._writing.discard(write))

    def _write(self, batch: list[dict[str, Any]]) -> dict[str, int]:
        """In a pool thread: upsert the batch, or spill it to disk."""
        try:
            return self.store.upsert_articles(batch, self.job_id)
        except Exception as exc:  # noqa: BLE001 - spill rather than lose the batch
            self._spill(batch, exc)
            return {"spilled": len(batch)}

    def _written(self, counts: dict[str, int], leases: list[str | None]) -> None:
        for key, value in counts.items():
            self.stats.inc_value(f"mongo/{key}", value)
        send_requests_done(self.crawler, leases)

    def _spill(self, batch: list[dict[str, Any]], exc: Exception) -> None:
        self.spill_dir.mkdir(parents=True, exist_ok=True)
        path = self.spill_dir / f"{self.job_id}.jsonl"
        with path.open("a", encoding="utf-8") as out:
            for doc in batch:
                out.write(json.dumps(doc, default=str, ensure_ascii=False) + "\n")
        logger.error("MongoDB write failed (%s); %d articles spilled to %s", exc, len(batch), path)
