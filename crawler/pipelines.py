"""Item pipeline: buffered, idempotent bulk upserts of articles into MongoDB."""

from __future__ import annotations

import json
import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

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

    def close_spider(self) -> None:
        self.flush()

    def flush(self) -> None:
        batch, self.buffer = self.buffer, []
        leases, self.leases = self.leases, []
        if not batch:
            return
        try:
            counts = self.runtime.store.upsert_articles(batch, self.runtime.job_id)
        except Exception as exc:  # noqa: BLE001 - spill rather than lose the batch
            self._spill(batch, exc)
        else:
            self.stats.inc_value("mongo/inserted", counts["inserted"])
            self.stats.inc_value("mongo/updated", counts["updated"])
        self.runtime.settle(*leases)

    def _spill(self, batch: list[dict[str, Any]], exc: Exception) -> None:
        spill_dir = self.runtime.config.crawler_data_dir / "spill"
        spill_dir.mkdir(parents=True, exist_ok=True)
        path = spill_dir / f"{self.runtime.job_id}.jsonl"
        with path.open("a", encoding="utf-8") as out:
            for doc in batch:
                out.write(json.dumps(doc, default=str, ensure_ascii=False) + "\n")
        self.stats.inc_value("mongo/spilled", len(batch))
        logger.error("MongoDB write failed (%s); %d articles spilled to %s", exc, len(batch), path)
