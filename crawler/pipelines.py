"""Item pipeline: buffered, idempotent bulk upserts of articles into MongoDB.

Batches are written in Twisted's thread pool, so the reactor keeps fetching and
parsing while MongoDB works; the leases of a batch are settled back on the reactor
once the batch is written (or spilled).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredList
from twisted.internet.threads import deferToThread

from crawler.runtime import CrawlRuntime

logger = logging.getLogger(__name__)

# The frontier lease of the page an item came from; removed before the item is stored.
LEASE_FIELD = "_frontier_lease"


class MongoPipeline:
    """Writes articles in batches of ``MONGO_BATCH_SIZE``; a batch that cannot be written
    after retries is spilled to ``CRAWLER_DATA_DIR/spill/<job>.jsonl`` so nothing is lost.
    The frontier leases of a batch's pages are settled once it is written or spilled."""

    def __init__(self, runtime: CrawlRuntime, stats: StatsCollector, batch_size: int) -> None:
        self.runtime = runtime
        self.stats = stats
        self.batch_size = batch_size
        self.buffer: list[dict[str, Any]] = []
        self.leases: list[str | None] = []
        self._writing: set[Deferred[Any]] = set()
        runtime.pipeline = self

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MongoPipeline:
        runtime = CrawlRuntime.of(crawler)
        assert crawler.stats is not None
        return cls(runtime, crawler.stats, runtime.config.mongo_batch_size)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self.leases.append(item.pop(LEASE_FIELD, None))
        self.buffer.append(item)
        self.stats.inc_value("mongo/items")
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    async def close_spider(self) -> None:
        self.flush()
        if self._writing:
            await maybe_deferred_to_future(DeferredList(list(self._writing)))

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
            return self.runtime.store.upsert_articles(batch, self.runtime.job_id)
        except Exception as exc:  # noqa: BLE001 - spill rather than lose the batch
            self._spill(batch, exc)
            return {"spilled": len(batch)}

    def _written(self, counts: dict[str, int], leases: list[str | None]) -> None:
        for key, value in counts.items():
            self.stats.inc_value(f"mongo/{key}", value)
        self.runtime.settle(*leases)

    def _spill(self, batch: list[dict[str, Any]], exc: Exception) -> None:
        spill_dir = self.runtime.config.crawler_data_dir / "spill"
        spill_dir.mkdir(parents=True, exist_ok=True)
        path = spill_dir / f"{self.runtime.job_id}.jsonl"
        with path.open("a", encoding="utf-8") as out:
            for doc in batch:
                out.write(json.dumps(doc, default=str, ensure_ascii=False) + "\n")
        logger.error("MongoDB write failed (%s); %d articles spilled to %s", exc, len(batch), path)
